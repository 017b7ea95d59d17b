"""Small language models that give next-symbol distributions for an arithmetic coder.

* :class:`NGramLanguageModel`: count-based n-gram model fitted on a training text, with
  add-k or interpolated Kneser–Ney smoothing;
* :func:`adaptive_ngram_probabilities`: the sequential (universal) n-gram code with the
  Krichevsky–Trofimov estimator, which needs no training text;
* :class:`ContextMLPLanguageModel`: a tiny learned model, an MLP over a one-hot window of the
  previous symbols, whose width sets its size and compute (:attr:`flops_per_token`);
* :class:`MarkovTextSource`: a random order-r Markov source with an exactly computed entropy rate;
* :func:`text_to_symbols`: text as integer symbols over the bytes it uses.

Every ``next_symbol_probabilities(symbols)`` returns an array of shape ``(n, alphabet_size)``
whose row ``i`` is ``p(. | x_<i)`` (row 0 is the distribution with no context), ready for
:func:`infolab.measures.arithmetic_encode`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..validation import check_choice, check_int, check_real, check_rng
from .losses import softmax, softmax_cross_entropy
from .mlp import MLP
from .optim import Adam, train

__all__ = [
    "NGramLanguageModel",
    "adaptive_ngram_probabilities",
    "kt_regret_bound_bits",
    "ContextMLPLanguageModel",
    "MarkovTextSource",
    "text_to_symbols",
]


def _check_symbol_array(symbols: Any, alphabet_size: int, func: str, name: str = "symbols",
                        min_len: int = 1) -> np.ndarray:
    if symbols is None or isinstance(symbols, (str, bytes, float)):
        raise TypeError(f"The '{name}' parameter of {func} must be a 1-D array of ints. Got {type(symbols).__name__} instead.")
    s = np.asarray(symbols)
    if s.dtype.kind not in "iu" or s.ndim != 1:
        raise TypeError(f"The '{name}' parameter of {func} must be a 1-D array of ints. "
                        f"Got an array of shape {s.shape} and dtype {s.dtype} instead.")
    if s.size < min_len:
        raise ValueError(f"The '{name}' parameter of {func} needs at least {min_len} symbols. Got {s.size} instead.")
    if s.size and (s.min() < 0 or s.max() >= alphabet_size):
        raise ValueError(f"The '{name}' parameter of {func} must hold ints in [0, {alphabet_size - 1}]. "
                         f"Got values in [{s.min()}, {s.max()}] instead.")
    return s.astype(np.int64, copy=True)


def text_to_symbols(text: Any, alphabet: bytes | None = None) -> tuple[np.ndarray, bytes]:
    """UTF-8 bytes of a text as symbols ``0..K-1`` over the distinct bytes it uses.

    Parameters
    ----------
    text : str or bytes
    alphabet : bytes, optional
        The byte alphabet, sorted and without repeats (e.g. from a training text); every byte
        of ``text`` must be in it. Default: the distinct bytes of ``text``.

    Returns
    -------
    symbols : numpy.ndarray of int64
    alphabet : bytes
        ``alphabet[symbols[i]]`` is byte ``i`` of the text.

    Examples
    --------
    >>> s, a = text_to_symbols("abba")
    >>> s.tolist(), a
    ([0, 1, 1, 0], b'ab')
    """
    func = "text_to_symbols"
    if isinstance(text, str):
        data = text.encode("utf-8")
    elif isinstance(text, (bytes, bytearray)):
        data = bytes(text)
    else:
        raise TypeError(f"The 'text' parameter of {func} must be str or bytes. Got {type(text).__name__} instead.")
    if not data:
        raise ValueError(f"The 'text' parameter of {func} must be non-empty. Got 0 bytes instead.")
    raw = np.frombuffer(data, dtype=np.uint8)
    if alphabet is None:
        alphabet = bytes(np.unique(raw).tolist())
    elif not isinstance(alphabet, (bytes, bytearray)) or len(alphabet) < 1 or \
            list(alphabet) != sorted(set(alphabet)):
        raise ValueError(f"The 'alphabet' parameter of {func} must be sorted bytes without repeats. Got {alphabet!r} instead.")
    table = np.full(256, -1, dtype=np.int64)
    table[np.frombuffer(bytes(alphabet), dtype=np.uint8)] = np.arange(len(alphabet))
    s = table[raw]
    if np.any(s < 0):
        missing = bytes(sorted(set(raw[s < 0].tolist())))
        raise ValueError(f"The 'text' parameter of {func} uses bytes outside 'alphabet': {missing!r}.")
    return s, bytes(alphabet)


# ---------------------------------------------------------------------------
# Count models
# ---------------------------------------------------------------------------

class NGramLanguageModel:
    """Count-based n-gram model of order ``order`` (context of ``order - 1`` symbols).

    Parameters
    ----------
    order : int in [1, 8]
        1 is a unigram model.
    alphabet_size : int >= 2
    smoothing : {"kneser_ney", "add_k"}, default "kneser_ney"
        ``add_k``: ``p(w | h) = (c(h, w) + k) / (c(h) + k K)`` on the full context (an unseen
        context gives the uniform distribution). ``kneser_ney``: interpolated Kneser–Ney with
        one absolute discount ``D`` at every order,
        ``p(w | h) = max(c(h, w) - D, 0) / c(h) + D N1+(h .) / c(h) * p(w | h')``, where
        ``h'`` drops the oldest symbol, lower orders use continuation counts
        ``N1+(. h' w)`` (in how many contexts ``h' w`` was seen), an unseen context backs off
        fully to ``p(w | h')``, and the order-0 distribution is interpolated with the uniform.
    k : float > 0, default 1.0
        Pseudo-count of ``add_k`` (only with that smoothing).
    discount : float in (0, 1), default 0.75
        ``D`` of ``kneser_ney`` (only with that smoothing).

    Notes
    -----
    Every symbol keeps a probability of at least ``D / K``-ish (Kneser–Ney) or
    ``k / (c(h) + kK)`` (add-k), so held-out text always has a finite code length. The model
    has no compute in the FLOP sense: it is a table lookup.

    References
    ----------
    R. Kneser, H. Ney, "Improved backing-off for m-gram language modeling", ICASSP 1995;
    S. F. Chen, J. Goodman, "An empirical study of smoothing techniques for language
    modeling", Harvard TR-10-98 (1998).

    Examples
    --------
    >>> import numpy as np
    >>> m = NGramLanguageModel(2, 2, smoothing="add_k", k=1.0).fit(np.array([0, 1, 0, 1, 0]))
    >>> m.next_symbol_probabilities(np.array([0, 1]))[1].tolist()   # after a 0: counts 0 and 2
    [0.25, 0.75]
    """

    def __init__(self, order: int, alphabet_size: int, *, smoothing: str = "kneser_ney", k: float | None = None,
                 discount: float | None = None):
        func = "NGramLanguageModel"
        self.order = check_int(order, "order", low=1, high=8, func=func)
        self.alphabet_size = check_int(alphabet_size, "alphabet_size", low=2, func=func)
        self.smoothing = check_choice(smoothing, "smoothing", ("kneser_ney", "add_k"), func=func)
        if smoothing == "add_k":
            if discount is not None:
                raise ValueError(f"The 'discount' parameter of {func} is used only with smoothing='kneser_ney'. "
                                 f"Got {discount!r} with smoothing='add_k' instead.")
            self.k = check_real(1.0 if k is None else k, "k", low=0.0, low_open=True, func=func)
            self.discount = None
        else:
            if k is not None:
                raise ValueError(f"The 'k' parameter of {func} is used only with smoothing='add_k'. "
                                 f"Got {k!r} with smoothing='kneser_ney' instead.")
            self.discount = check_real(0.75 if discount is None else discount, "discount", low=0.0, high=1.0,
                                       low_open=True, high_open=True, func=func)
            self.k = None
        self._tables: list[dict] | None = None

    def fit(self, symbols) -> "NGramLanguageModel":
        """Count the n-grams of a training sequence (at least ``order`` symbols); returns self."""
        s = _check_symbol_array(symbols, self.alphabet_size, "NGramLanguageModel.fit", min_len=self.order)
        K, n = self.alphabet_size, self.order
        seq = s.tolist()
        full: dict[tuple, np.ndarray] = {}
        for i in range(n - 1, len(seq)):
            h = tuple(seq[i - n + 1:i])
            row = full.get(h)
            if row is None:
                row = full[h] = np.zeros(K)
            row[seq[i]] += 1
        tables = [None] * n
        tables[n - 1] = full
        # continuation counts for the lower orders: N1+(. h w) from the next order's table
        for m in range(n - 2, -1, -1) if self.smoothing == "kneser_ney" else ():
            lower: dict[tuple, np.ndarray] = {}
            for h, row in tables[m + 1].items():
                key = h[1:]
                acc = lower.get(key)
                if acc is None:
                    acc = lower[key] = np.zeros(K)
                acc += row > 0
            tables[m] = lower
        self._tables = tables
        self._cache: dict[tuple, np.ndarray] = {}
        return self

    def _distribution(self, h: tuple) -> np.ndarray:
        row = self._cache.get(h)
        if row is not None:
            return row
        K = self.alphabet_size
        if self.smoothing == "add_k":
            c = self._tables[self.order - 1].get(h)
            row = np.full(K, 1.0 / K) if c is None else (c + self.k) / (c.sum() + self.k * K)
        else:
            m = len(h)
            if m == 0:
                lower = np.full(K, 1.0 / K)
            else:
                lower = self._distribution(h[1:])
            c = self._tables[m].get(h)
            if c is None or c.sum() == 0:
                row = lower
            else:
                total = c.sum()
                d = self.discount
                row = np.maximum(c - d, 0.0) / total + d * np.count_nonzero(c) / total * lower
        self._cache[h] = row
        return row

    def next_symbol_probabilities(self, symbols) -> np.ndarray:
        """Row ``i``: ``p(. | x_{i-order+1} .. x_{i-1})``; the first rows use the shorter context available."""
        if self._tables is None:
            raise RuntimeError("NGramLanguageModel.next_symbol_probabilities needs a fitted model: call fit(symbols) first.")
        s = _check_symbol_array(symbols, self.alphabet_size, "NGramLanguageModel.next_symbol_probabilities")
        seq = s.tolist()
        n = self.order
        out = np.empty((len(seq), self.alphabet_size))
        for i in range(len(seq)):
            h = tuple(seq[max(0, i - n + 1):i])
            if len(h) < n - 1 and self.smoothing == "add_k":
                out[i] = 1.0 / self.alphabet_size
            else:
                out[i] = self._distribution(h)
        return out


def adaptive_ngram_probabilities(symbols, order: int, alphabet_size: int, *, alpha: float = 0.5) -> np.ndarray:
    """Sequential n-gram predictions with a Dirichlet(alpha) estimator per context (KT for alpha = 1/2).

    Row ``i`` is ``p(w | h_i) = (c_i(h_i, w) + alpha) / (c_i(h_i) + alpha K)``, with ``h_i`` the
    previous ``order - 1`` symbols (shorter at the start) and ``c_i`` the counts in
    ``x_<i`` only. Coding with these rows is a universal code: it needs no training text, and
    its excess over the best fixed order-``order`` model of the same sequence is bounded by
    :func:`kt_regret_bound_bits` (alpha = 1/2).

    Parameters
    ----------
    symbols : 1-D int array
    order : int in [1, 8]
    alphabet_size : int >= 2
    alpha : float > 0, default 0.5

    Returns
    -------
    numpy.ndarray of shape (n, alphabet_size)

    References
    ----------
    R. E. Krichevsky, V. K. Trofimov, "The performance of universal encoding", IEEE Trans.
    Inf. Theory 27(2), 1981.

    Examples
    --------
    >>> import numpy as np
    >>> adaptive_ngram_probabilities(np.array([1, 1]), 1, 2)[1].tolist()   # one 1 seen: (0.5, 1.5) / 2
    [0.25, 0.75]
    """
    func = "adaptive_ngram_probabilities"
    n_ord = check_int(order, "order", low=1, high=8, func=func)
    K = check_int(alphabet_size, "alphabet_size", low=2, func=func)
    a = check_real(alpha, "alpha", low=0.0, low_open=True, func=func)
    s = _check_symbol_array(symbols, K, func)
    seq = s.tolist()
    counts: dict[tuple, np.ndarray] = {}
    out = np.empty((len(seq), K))
    for i, w in enumerate(seq):
        h = tuple(seq[max(0, i - n_ord + 1):i])
        c = counts.get(h)
        if c is None:
            c = counts[h] = np.zeros(K)
        out[i] = (c + a) / (c.sum() + a * K)
        c[w] += 1
    return out


def kt_regret_bound_bits(context_counts, alphabet_size: int) -> float:
    """Upper bound on the KT code's excess over the maximum-likelihood code, in bits.

    For one context seen ``n`` times, ``log2(P_ML / P_KT) <= (K - 1)/2 log2 n + log2 K``
    (a standard bound for the Dirichlet-1/2 mixture); summed over the contexts.

    Parameters
    ----------
    context_counts : 1-D array of ints >= 0
        How often each context occurred.
    alphabet_size : int >= 2

    Returns
    -------
    float

    Examples
    --------
    >>> round(kt_regret_bound_bits([16], 2), 6)   # 1/2 log2 16 + 1
    3.0
    """
    func = "kt_regret_bound_bits"
    K = check_int(alphabet_size, "alphabet_size", low=2, func=func)
    c = np.asarray(context_counts)
    if c.dtype.kind not in "iu" or c.ndim != 1 or c.size == 0 or c.min() < 0:
        raise ValueError(f"The 'context_counts' parameter of {func} must be a non-empty 1-D array of ints >= 0. "
                         f"Got {context_counts!r} instead.")
    c = c[c > 0].astype(np.float64)
    return float(np.sum((K - 1) / 2 * np.log2(c) + math.log2(K)))


# ---------------------------------------------------------------------------
# A tiny learned model
# ---------------------------------------------------------------------------

class ContextMLPLanguageModel:
    """An MLP over a one-hot window of the previous ``window`` symbols.

    Architecture: ``onehot(x_{i-w}..x_{i-1}) (w K) -> hidden (tanh) -> K logits``; positions
    before the start of the text are an extra "padding" value, so the input has
    ``w (K + 1)`` entries.

    Parameters
    ----------
    window : int in [1, 32]
    alphabet_size : int >= 2
    hidden : int >= 1
        The width, the model's "size".
    seed : int or Generator, default 0
        Initial weights and mini-batch order.

    Attributes
    ----------
    flops_per_token : int
        ``2 (w (K + 1) h + h K)``: two FLOPs per multiply-add of the two dense layers, as the
        information-capacity paper counts an LLM's matrix products (the first layer is a
        lookup in practice; it is counted dense here, a fixed convention for the series).
    n_parameters : int

    Examples
    --------
    >>> import numpy as np
    >>> m = ContextMLPLanguageModel(2, 3, hidden=4, seed=0)
    >>> p = m.next_symbol_probabilities(np.array([0, 1, 2]))
    >>> p.shape, bool(np.allclose(p.sum(axis=1), 1.0)), m.flops_per_token
    ((3, 3), True, 88)
    """

    def __init__(self, window: int, alphabet_size: int, *, hidden: int, seed: Any = 0):
        func = "ContextMLPLanguageModel"
        self.window = check_int(window, "window", low=1, high=32, func=func)
        self.alphabet_size = check_int(alphabet_size, "alphabet_size", low=2, func=func)
        self.hidden = check_int(hidden, "hidden", low=1, func=func)
        self._rng = check_rng(seed, "seed", func)
        w, K, h = self.window, self.alphabet_size, self.hidden
        self.net = MLP([w * (K + 1), h, K], activation="tanh", seed=self._rng)
        self.flops_per_token = 2 * (w * (K + 1) * h + h * K)
        self.n_parameters = sum(int(v.size) for v in self.net.params.values())

    def _inputs(self, s: np.ndarray) -> np.ndarray:
        w, K = self.window, self.alphabet_size
        padded = np.concatenate([np.full(w, K, dtype=np.int64), s])
        x = np.zeros((s.size, w * (K + 1)))
        rows = np.arange(s.size)
        for j in range(w):                       # slot j holds x_{i - w + j}
            x[rows, j * (K + 1) + padded[j:j + s.size]] = 1.0
        return x

    def fit(self, symbols, *, epochs: int = 5, batch_size: int = 128, learning_rate: float = 3e-3) -> np.ndarray:
        """Train on next-symbol cross-entropy; returns the mean training loss per epoch in bits per symbol."""
        func = "ContextMLPLanguageModel.fit"
        s = _check_symbol_array(symbols, self.alphabet_size, func, min_len=2)
        ep = check_int(epochs, "epochs", low=1, func=func)
        bs = check_int(batch_size, "batch_size", low=1, func=func)
        lr = check_real(learning_rate, "learning_rate", low=0.0, low_open=True, func=func)
        x = self._inputs(s)

        def step(model, xb, yb):
            loss, g = softmax_cross_entropy(model.forward(xb, train=True), yb)
            return loss, model.backward(g)

        hist = train(self.net, step, (x, s), epochs=ep, batch_size=bs, optimizer=Adam(lr), seed=self._rng)
        return np.asarray(hist) / math.log(2)

    def next_symbol_probabilities(self, symbols) -> np.ndarray:
        """Row ``i``: the model's ``p(. | x_{i-w} .. x_{i-1})`` (padding before the start)."""
        s = _check_symbol_array(symbols, self.alphabet_size, "ContextMLPLanguageModel.next_symbol_probabilities")
        p = softmax(self.net.predict(self._inputs(s)), axis=1)
        return p / p.sum(axis=1, keepdims=True)   # exact normalisation in float64 for the coder's 1e-9 check


# ---------------------------------------------------------------------------
# A source with a known entropy rate
# ---------------------------------------------------------------------------

class MarkovTextSource:
    """A random stationary Markov source of order ``order`` over ``alphabet_size`` symbols.

    Each of the ``K**order`` contexts gets a next-symbol distribution drawn from a symmetric
    Dirichlet(``concentration``); the entropy rate is computed exactly from the stationary
    distribution of the context chain: ``H = sum_c pi(c) H(p(. | c))``.

    Parameters
    ----------
    order : int in [1, 4]
    alphabet_size : int in [2, 64], with ``alphabet_size**order <= 2**16``
    concentration : float > 0, default 0.5
        Smaller is more predictable.
    seed : int or Generator, default 0

    Attributes
    ----------
    transition : numpy.ndarray, shape (K**order, K)
    stationary : numpy.ndarray, shape (K**order,)

    Examples
    --------
    >>> src = MarkovTextSource(1, 2, seed=0)
    >>> 0.0 <= src.entropy_rate(base=2) <= 1.0
    True
    """

    def __init__(self, order: int, alphabet_size: int, *, concentration: float = 0.5, seed: Any = 0):
        func = "MarkovTextSource"
        self.order = check_int(order, "order", low=1, high=4, func=func)
        self.alphabet_size = check_int(alphabet_size, "alphabet_size", low=2, high=64, func=func)
        if self.alphabet_size ** self.order > 2 ** 16:
            raise ValueError(f"The 'order' parameter of {func} gives alphabet_size**order = "
                             f"{self.alphabet_size ** self.order} contexts; at most 65536 are allowed. Got {order} instead.")
        self.concentration = check_real(concentration, "concentration", low=0.0, low_open=True, func=func)
        rng = check_rng(seed, "seed", func)
        K, r = self.alphabet_size, self.order
        n_ctx = K ** r
        self.transition = rng.dirichlet(np.full(K, self.concentration), size=n_ctx)
        # context c = (x_{t-r}, ..., x_{t-1}) as base-K digits; next context = (c * K + w) mod K**r
        nxt = (np.arange(n_ctx)[:, None] * K + np.arange(K)[None, :]) % n_ctx
        self._next = nxt
        pi = np.full(n_ctx, 1.0 / n_ctx)
        for _ in range(20000):
            new = np.bincount(nxt.ravel(), weights=(pi[:, None] * self.transition).ravel(), minlength=n_ctx)
            if np.max(np.abs(new - pi)) < 1e-15:
                pi = new
                break
            pi = new
        self.stationary = pi / pi.sum()

    def entropy_rate(self, *, base: Any = "e") -> float:
        """``sum_c pi(c) H(p(. | c))`` in nats by default (``base=2`` for bits)."""
        from ..validation import log_base
        t = self.transition
        with np.errstate(divide="ignore", invalid="ignore"):
            h = -np.sum(np.where(t > 0, t * np.log(t), 0.0), axis=1)
        return float(self.stationary @ h) / log_base(base, "MarkovTextSource.entropy_rate")

    def sample(self, n: int, *, seed: Any = 0) -> np.ndarray:
        """``n >= order`` symbols of the stationary process: the first ``order`` are a context drawn from ``pi``."""
        func = "MarkovTextSource.sample"
        K, r = self.alphabet_size, self.order
        n = check_int(n, "n", low=r, func=func)
        rng = check_rng(seed, "seed", func)
        c = int(rng.choice(K ** r, p=self.stationary))
        u = rng.random(n)
        cdf = np.cumsum(self.transition, axis=1)
        out = np.empty(n, dtype=np.int64)
        out[:r] = [(c // K ** (r - 1 - j)) % K for j in range(r)]
        for i in range(r, n):
            w = min(int(np.searchsorted(cdf[c], u[i], side="right")), K - 1)
            out[i] = w
            c = int(self._next[c, w])
        return out

    def true_probabilities(self, symbols) -> np.ndarray:
        """Row ``i``: the source's ``p(x_i | x_<i)``: ``p(. | x_{i-r}..x_{i-1})``, and for ``i < r`` the
        conditional of the stationary context law ``pi`` given ``x_0..x_{i-1}``."""
        K, r = self.alphabet_size, self.order
        s = _check_symbol_array(symbols, K, "MarkovTextSource.true_probabilities")
        out = np.empty((s.size, K))
        pi = self.stationary.reshape((K,) * r)     # axis 0 is the oldest symbol of a context
        ctx = 0
        for i in range(s.size):
            if i < r:
                part = pi[tuple(int(v) for v in s[:i])]
                row = part.reshape(K, -1).sum(axis=1)
                out[i] = row / row.sum()
            else:
                out[i] = self.transition[ctx]
            ctx = (ctx * K + int(s[i])) % (K ** r)
        return out
