"""Information measures of token streams: n-gram entropy, cosine similarity and Jensen–Shannon divergence.

A token stream is a sequence of hashable tokens (opcode mnemonics, words,
full instructions). Its n-gram distribution is the empirical distribution of
its overlapping windows of n tokens. These measures compare two programs or
texts through those distributions; the normalized compression distance of
the serialised streams is :func:`infolab.measures.normalized_compression_distance`.

References
----------
.. [1] J. Lin, "Divergence measures based on the Shannon entropy", IEEE Trans.
   Inf. Theory 37(1), 1991.
.. [2] S. Mohseni et al., "Can LLMs obfuscate code? A systematic analysis of
   large language models into assembly code obfuscation", arXiv:2412.16135
   (2024).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np

from ..validation import check_int, log_base

__all__ = ["ngram_counts", "token_entropy", "token_cosine_similarity", "token_jensen_shannon_divergence"]


def _stream(tokens: Any, name: str, func: str, n: int) -> list:
    if tokens is None or isinstance(tokens, (str, bytes)):
        raise TypeError(f"The '{name}' parameter of {func} must be a sequence of tokens (a str is one token per "
                        f"character only if you split it yourself). Got {type(tokens).__name__} instead.")
    try:
        seq = list(tokens)
    except TypeError:
        raise TypeError(f"The '{name}' parameter of {func} must be a sequence of tokens. "
                        f"Got {type(tokens).__name__} instead.") from None
    if len(seq) < n:
        raise ValueError(f"The '{name}' parameter of {func} must hold at least n = {n} tokens. "
                         f"Got {len(seq)} instead.")
    for t in seq:
        try:
            hash(t)
        except TypeError:
            raise TypeError(f"The '{name}' parameter of {func} must hold hashable tokens. "
                            f"Got a {type(t).__name__} instead.") from None
        if isinstance(t, (float, np.floating)) and not np.isfinite(t):
            raise ValueError(f"The '{name}' parameter of {func} must not hold NaN or inf tokens (NaN is not "
                             f"equal to itself, so its n-grams cannot be counted). Got {t!r} instead.")
    return seq


def _counts(seq: list, n: int) -> Counter:
    return Counter(tuple(seq[i:i + n]) for i in range(len(seq) - n + 1))


def ngram_counts(tokens: Any, n: int = 1) -> Counter:
    """Counts of the overlapping n-grams of a token stream, keyed by tuples of n tokens.

    Parameters
    ----------
    tokens : sequence of hashable
        The token stream, at least ``n`` tokens long. A ``str`` is refused
        (split it into tokens first); NaN tokens are refused.
    n : int, default 1
        Length of the n-grams, n ≥ 1 (1: unigrams).

    Returns
    -------
    collections.Counter
        Maps each observed n-gram (a tuple of n tokens) to its number of
        occurrences; the counts sum to len(tokens) - n + 1.

    Notes
    -----
    Windows overlap (a stride of one token), so consecutive n-grams are not
    independent. Cost O(n · len(tokens)). The other measures of this module
    are functions of these counts.

    References
    ----------
    .. [1] C. D. Manning, H. Schütze, Foundations of Statistical Natural
       Language Processing, MIT Press, 1999, ch. 6.

    Examples
    --------
    >>> sorted(ngram_counts(["mov", "add", "mov"], n=2).items())
    [(('add', 'mov'), 1), (('mov', 'add'), 1)]
    """
    n = check_int(n, "n", low=1, func="ngram_counts")
    return _counts(_stream(tokens, "tokens", "ngram_counts", n), n)


def token_entropy(tokens: Any, *, n: int = 1, base: float | str = "e") -> float:
    """Plug-in Shannon entropy of the n-gram distribution of a token stream, nats by default.

    Parameters
    ----------
    tokens : sequence of hashable
        The token stream, at least ``n`` tokens long (see :func:`ngram_counts`).
    n : int, default 1
        Length of the n-grams, n ≥ 1 (1: unigrams).
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    float
        -sum_g p_g log p_g over the observed n-grams g. Invariant under any
        bijective renaming of the tokens.

    Notes
    -----
    The plug-in value describes the stream itself (as the paper's metrics do);
    read as an estimate of a source's entropy it is biased low, by about
    (K - 1)/(2 m) nats for K distinct n-grams among m.

    References
    ----------
    .. [1] C. E. Shannon, "A mathematical theory of communication", Bell Syst.
       Tech. J. 27, 379-423 and 623-656, 1948.
    .. [2] G. A. Miller, "Note on the bias of information estimates", in
       Information Theory in Psychology, Free Press, 1955 (the bias term).

    Examples
    --------
    >>> token_entropy(["a", "b", "a", "b"], base=2)
    1.0
    """
    func = "token_entropy"
    n = check_int(n, "n", low=1, func=func)
    scale = log_base(base, func)
    c = np.array(list(_counts(_stream(tokens, "tokens", func, n), n).values()), dtype=float)
    p = c / c.sum()
    return float(-(p * np.log(p)).sum() / scale)


def _paired(a, b, n, func):
    n = check_int(n, "n", low=1, func=func)
    ca = _counts(_stream(a, "a", func, n), n)
    cb = _counts(_stream(b, "b", func, n), n)
    keys = sorted(set(ca) | set(cb), key=repr)
    return np.array([ca[k] for k in keys], float), np.array([cb[k] for k in keys], float)


def token_cosine_similarity(a: Any, b: Any, *, n: int = 1) -> float:
    """Cosine similarity of the n-gram count vectors of two token streams, in [0, 1].

    Parameters
    ----------
    a, b : sequence of hashable
        The two token streams, each at least ``n`` tokens long.
    n : int, default 1
        Length of the n-grams, n ≥ 1.

    Returns
    -------
    float
        c_a · c_b / (||c_a|| ||c_b||) over the union of observed n-grams: 1 when
        the count vectors are proportional, 0 when no n-gram is shared.

    Notes
    -----
    Counts are non-negative, so the value is never negative. It ignores the
    order of the n-grams in the stream and the stream lengths (a stream and
    its repetition score 1). Cost O(n · (len(a) + len(b))).

    References
    ----------
    .. [1] G. Salton, M. J. McGill, Introduction to Modern Information
       Retrieval, McGraw-Hill, 1983.

    Examples
    --------
    >>> round(token_cosine_similarity(["mov", "add"], ["add", "mov"]), 12)
    1.0
    >>> token_cosine_similarity(["mov"], ["add"])
    0.0
    """
    va, vb = _paired(a, b, n, "token_cosine_similarity")
    return float(va @ vb / (np.linalg.norm(va) * np.linalg.norm(vb)))


def token_jensen_shannon_divergence(a: Any, b: Any, *, n: int = 1, base: float | str = "e") -> float:
    """Jensen–Shannon divergence between the n-gram distributions of two token streams, nats by default.

    JSD(p, q) = (KL(p || m) + KL(q || m)) / 2 with m = (p + q)/2: symmetric,
    0 iff the distributions are equal, at most log 2 (1 bit). Its square root
    is a metric.

    Parameters
    ----------
    a, b : sequence of hashable
        The two token streams, each at least ``n`` tokens long.
    n : int, default 1
        Length of the n-grams, n ≥ 1.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    float
        JSD of the two empirical n-gram distributions, in [0, log 2] (in
        [0, 1] with ``base=2``).

    Notes
    -----
    Unlike the Kullback–Leibler divergence it is finite when one stream has
    n-grams the other lacks. As a plug-in value it describes the two streams;
    as an estimate of the divergence between their sources it is biased
    upward for short streams (two samples of one source rarely give 0).

    References
    ----------
    .. [1] J. Lin, "Divergence measures based on the Shannon entropy", IEEE
       Trans. Inf. Theory 37(1), 145-151, 1991.
    .. [2] D. M. Endres, J. E. Schindelin, "A new metric for probability
       distributions", IEEE Trans. Inf. Theory 49(7), 1858-1860, 2003.

    Examples
    --------
    >>> token_jensen_shannon_divergence(["mov"], ["add"], base=2)
    1.0
    >>> token_jensen_shannon_divergence(["a", "b"], ["b", "a"])
    0.0
    """
    func = "token_jensen_shannon_divergence"
    scale = log_base(base, func)
    va, vb = _paired(a, b, n, func)
    p, q = va / va.sum(), vb / vb.sum()
    m = (p + q) / 2

    def kl(x):
        nz = x > 0
        return float((x[nz] * np.log(x[nz] / m[nz])).sum())

    return max(0.0, (kl(p) + kl(q)) / 2) / scale   # max: only a rounding-level negative is ever removed
