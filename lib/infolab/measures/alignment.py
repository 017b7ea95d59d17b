"""Token-level information alignment and its aggregations (the CTC framework of NLG evaluation).

The alignment vector align(a -> b) gives, for each token of a text a, how far
its information is grounded in a text b. Deng et al. (2021) write the quality
aspects of summarisation, style transfer and dialogue as aggregations of it:
consistency = mean align(y -> x), preservation = harmonic mean of the two
directions, engagingness = sum align(y -> context), ... The *mean* measures the
rate of aligned information, the *sum* its amount.

This module provides the embedding-matching aligner (CTC's "E" aligner,
BERTScore-style greedy matching) on any token embeddings, the aggregations,
and a corpus-trained word-embedding model (PPMI co-occurrence with a truncated
SVD, i.e. LSA) that stands in for the contextual language-model embeddings of
the paper.

References
----------
.. [1] M. Deng, B. Tan, Z. Liu, E. P. Xing, Z. Hu, "Compression, transduction,
   and creation: a unified framework for evaluating natural language
   generation", EMNLP 2021, arXiv:2109.06379.
.. [2] T. Zhang, V. Kishore, F. Wu, K. Q. Weinberger, Y. Artzi, "BERTScore:
   evaluating text generation with BERT", ICLR 2020, arXiv:1904.09675.
.. [3] O. Levy, Y. Goldberg, I. Dagan, "Improving distributional similarity
   with lessons learned from word embeddings", TACL 2015.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..validation import check_choice, check_int, check_real, check_rng, check_samples

__all__ = ["embedding_alignment", "aggregate_alignment", "alignment_preservation", "ppmi_word_embeddings"]


def embedding_alignment(source: Any, target: Any) -> np.ndarray:
    """align(source -> target): for each source token, its largest cosine similarity to a target token.

    Parameters
    ----------
    source : array of shape (n_source, d)
        Embeddings of the tokens whose grounding is scored (the hypothesis y).
    target : array of shape (n_target, d)
        Embeddings of the tokens they may be grounded in (the input x).

    Returns
    -------
    numpy.ndarray of shape (n_source,)
        Values in [-1, 1]; 1 where a token has an identical direction in the
        target.

    Notes
    -----
    This is CTC's embedding aligner (greedy matching as in BERTScore's
    precision), without the special tokens of a transformer. With one-hot
    embeddings of the word types it is exact match: 1 if the word occurs in
    the target, else 0. A zero embedding has no direction and raises.

    References
    ----------
    Deng et al., arXiv:2109.06379 (2021), Sec. 3.2 (embedding matching).

    Examples
    --------
    >>> import numpy as np
    >>> eye = np.eye(3)
    >>> embedding_alignment(eye[[0, 1, 2]], eye[[0, 2]]).tolist()
    [1.0, 0.0, 1.0]
    """
    func = "embedding_alignment"
    s = check_samples(source, "source", func=func)
    t = check_samples(target, "target", func=func)
    if s.shape[1] != t.shape[1]:
        raise ValueError(f"The 'target' parameter of {func} must have the embedding dimension of 'source' "
                         f"({s.shape[1]}). Got {t.shape[1]} instead.")
    for name, e in (("source", s), ("target", t)):
        norms = np.linalg.norm(e, axis=1)
        if np.any(norms == 0):
            raise ValueError(f"The '{name}' parameter of {func} must hold non-zero embeddings (a cosine needs a "
                             f"direction). Got {int(np.sum(norms == 0))} zero rows instead.")
    s = s / np.linalg.norm(s, axis=1, keepdims=True)
    t = t / np.linalg.norm(t, axis=1, keepdims=True)
    return np.clip((s @ t.T).max(axis=1), -1.0, 1.0)   # rounding only: |cos| <= 1 exactly in exact arithmetic


def aggregate_alignment(alignment: Any, *, aggregate: str = "mean", keep: Any = None) -> float:
    """Mean (rate) or sum (amount) of an alignment vector, optionally over a subset of tokens.

    Parameters
    ----------
    alignment : array of shape (n_tokens,)
        Per-token alignment scores.
    aggregate : {"mean", "sum"}, default "mean"
        CTC's consistency and preservation use the mean; engagingness and
        groundedness of dialogue use the sum.
    keep : bool array of shape (n_tokens,), optional
        Tokens to aggregate over (e.g. False for stopwords); at least one.

    Returns
    -------
    float
        The mean or the sum of the kept scores; the mean lies in the range of
        the scores ([-1, 1] for :func:`embedding_alignment`).

    Notes
    -----
    The mean is a rate (comparable across texts of different lengths), the
    sum an amount (it grows with the number of aligned tokens), which is why
    CTC uses the sum for aspects that reward saying more. Dropping stopwords
    with ``keep`` raises or lowers the rate depending on how well they align.

    References
    ----------
    Deng et al., "Compression, transduction, and creation: a unified framework
    for evaluating natural language generation", EMNLP 2021, arXiv:2109.06379,
    Sec. 2-3.

    Examples
    --------
    >>> aggregate_alignment([1.0, 0.0, 1.0, 1.0]), aggregate_alignment([1.0, 0.0, 1.0, 1.0], aggregate="sum")
    (0.75, 3.0)
    """
    func = "aggregate_alignment"
    a = check_samples(alignment, "alignment", func=func)
    if a.shape[1] != 1:
        raise ValueError(f"The 'alignment' parameter of {func} must be 1-D. Got shape {np.shape(alignment)} instead.")
    a = a[:, 0]
    check_choice(aggregate, "aggregate", {"mean", "sum"}, func=func)
    if keep is not None:
        k = np.asarray(keep)
        if k.shape != a.shape or k.dtype.kind != "b":
            raise ValueError(f"The 'keep' parameter of {func} must be a boolean array of shape {a.shape}. "
                             f"Got shape {k.shape} and dtype {k.dtype} instead.")
        if not k.any():
            raise ValueError(f"The 'keep' parameter of {func} must keep at least one token. Got none instead.")
        a = a[k]
    return float(a.mean() if aggregate == "mean" else a.sum())


def alignment_preservation(forward: float, backward: float) -> float:
    """CTC preservation: the harmonic mean 2ab/(a + b) of mean align(x -> y) = a and mean align(y -> x) = b.

    Parameters
    ----------
    forward, backward : float in [0, 1], not both 0
        The mean alignments a = mean align(x -> y) and b = mean align(y -> x).

    Returns
    -------
    float in [0, 1], symmetric in its arguments, 1 when both are 1.

    Notes
    -----
    The harmonic mean is at most min(a, b)·2 and at most the arithmetic mean,
    so a text that keeps little of the input (small a) cannot score high by
    being fully grounded (b = 1); it is 0 when either direction is 0. This is
    the F1 form of BERTScore applied to CTC's alignment rates.

    References
    ----------
    Deng et al., arXiv:2109.06379 (2021), Sec. 3 (style transfer and
    preservation); Zhang et al., "BERTScore", ICLR 2020, arXiv:1904.09675.

    Examples
    --------
    >>> alignment_preservation(1.0, 0.5)
    0.6666666666666666
    """
    func = "alignment_preservation"
    a = check_real(forward, "forward", low=0.0, high=1.0, func=func)
    b = check_real(backward, "backward", low=0.0, high=1.0, func=func)
    if a + b == 0:
        raise ValueError(f"The 'forward' and 'backward' parameters of {func} must not both be 0 (the harmonic mean "
                         "is undefined). Got 0 and 0 instead.")
    return 2 * a * b / (a + b)


def ppmi_word_embeddings(documents: Any, n_words: int, *, dim: int = 64, seed: Any = 0) -> np.ndarray:
    """Word vectors from a corpus: positive PMI of word–document counts, then a truncated SVD (LSA).

    Parameters
    ----------
    documents : sequence of int arrays
        Each document as word ids in [0, n_words).
    n_words : int
        Vocabulary size.
    dim : int, default 64
        Embedding dimension (< min(n_words, n_documents)).
    seed : int or numpy.random.Generator, default 0
        Seeds the randomised SVD.

    Returns
    -------
    numpy.ndarray of shape (n_words, dim)
        Rows U_k sqrt(S_k) of PPMI ≈ U S V^T. Words that never occur get a
        zero row (and cannot be aligned: :func:`embedding_alignment` refuses
        zero vectors).

    Notes
    -----
    PPMI(w, d) = max(0, log(p(w, d) / (p(w) p(d)))) over the word–document
    count table. Words of the same topics get nearby vectors; this is the
    classical count-based stand-in for contextual embeddings (Levy et al.
    2015), with no word order and no context of the token.

    References
    ----------
    O. Levy, Y. Goldberg, I. Dagan, "Improving distributional similarity with
    lessons learned from word embeddings", TACL 3, 211-225 (2015);
    N. Halko, P.-G. Martinsson, J. A. Tropp, "Finding structure with
    randomness", SIAM Review 53(2), 217-288 (2011) (the randomised SVD).

    Examples
    --------
    >>> import numpy as np
    >>> docs = [np.array([0, 1, 0, 1]), np.array([2, 3, 2]), np.array([0, 1]), np.array([3, 2])]
    >>> e = ppmi_word_embeddings(docs, 4, dim=2)
    >>> e = e / np.linalg.norm(e, axis=1, keepdims=True)
    >>> round(float(e[0] @ e[1]), 6), round(abs(float(e[0] @ e[2])), 6)
    (1.0, 0.0)
    """
    func = "ppmi_word_embeddings"
    n_words = check_int(n_words, "n_words", low=2, func=func)
    try:
        docs = [np.asarray(d) for d in documents]
    except TypeError:
        raise TypeError(f"The 'documents' parameter of {func} must be a sequence of int arrays. "
                        f"Got {type(documents).__name__} instead.") from None
    if len(docs) < 2 or any(d.ndim != 1 or d.size == 0 or d.dtype.kind not in "iu" for d in docs):
        raise ValueError(f"The 'documents' parameter of {func} must hold at least 2 non-empty 1-D int arrays. "
                         "Got something else instead.")
    if any(d.min() < 0 or d.max() >= n_words for d in docs):
        raise ValueError(f"The 'documents' parameter of {func} must hold word ids in [0, {n_words - 1}]. "
                         "Got an id outside instead.")
    dim = check_int(dim, "dim", low=1, high=min(n_words, len(docs)) - 1, func=func)
    rng = check_rng(seed, "seed", func)
    counts = np.zeros((n_words, len(docs)))
    for j, d in enumerate(docs):
        counts[:, j] = np.bincount(d, minlength=n_words)
    total = counts.sum()
    pw = counts.sum(axis=1, keepdims=True) / total
    pd = counts.sum(axis=0, keepdims=True) / total
    with np.errstate(divide="ignore"):   # log 0 = -inf for absent pairs, removed by the positive part
        pmi = np.log(counts / total) - np.log(pw) - np.log(pd)
    ppmi = np.where(counts > 0, np.maximum(pmi, 0.0), 0.0)
    # randomised range finder (Halko et al. 2011) with two power iterations, then an exact SVD of the small factor
    q = np.linalg.qr(ppmi @ rng.normal(size=(ppmi.shape[1], dim + 10)))[0]
    for _ in range(2):
        q = np.linalg.qr(ppmi @ (ppmi.T @ q))[0]
    u, s, _ = np.linalg.svd(q.T @ ppmi, full_matrices=False)
    return (q @ u[:, :dim]) * np.sqrt(s[:dim])
