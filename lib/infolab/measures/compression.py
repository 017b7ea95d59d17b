"""Compression as a measure: arithmetic coding, code lengths and compression distances.

A probabilistic model ``p(x_i | x_<i)`` and an arithmetic coder together are a
lossless compressor whose output length is, up to a couple of bits, the model's
summed negative log-likelihood ``sum_i -log2 p(x_i | x_<i)``. This module holds

* an integer-precision arithmetic coder (:func:`arithmetic_encode`,
  :func:`arithmetic_decode`) written from the interval-halving construction of
  Witten, Neal and Cleary (1987), with the bound on its output length that the
  finite precision costs (:func:`arithmetic_code_length_bound`);
* code-length helpers (:func:`code_length_bits`, :func:`bits_per_byte`);
* the information-capacity measure of Yuan et al. (2025)
  (:func:`information_capacity`);
* the normalized compression distance with a standard-library compressor
  (:func:`normalized_compression_distance`);
* token-count description lengths: the reconstruction error of a signal from its
  first ``t`` coefficients in an ordered basis (:func:`truncated_reconstruction_errors`)
  and the approximate Kolmogorov complexity of Duggal et al. (2025), the
  smallest token count that reconstructs within an error ``epsilon``
  (:func:`approximate_kolmogorov_complexity`).
"""

from __future__ import annotations

import bz2
import lzma
import math
import zlib
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..validation import check_choice, check_int, check_real

__all__ = [
    "ArithmeticCode",
    "quantize_probabilities",
    "arithmetic_encode",
    "arithmetic_decode",
    "arithmetic_code_length_bound",
    "code_length_bits",
    "bits_per_byte",
    "information_capacity",
    "normalized_compression_distance",
    "compressed_size",
    "truncated_reconstruction_errors",
    "approximate_kolmogorov_complexity",
]

_COMPRESSORS = {
    "lzma": lambda b: lzma.compress(b, preset=9 | lzma.PRESET_EXTREME),
    "zlib": lambda b: zlib.compress(b, 9),
    "bz2": lambda b: bz2.compress(b, 9),
}


@dataclass(frozen=True)
class ArithmeticCode:
    """The output of :func:`arithmetic_encode`.

    Attributes
    ----------
    data : bytes
        The code bits, most significant bit first, zero-padded to whole bytes.
    n_bits : int
        The number of code bits (the code length; ``data`` has ``ceil(n_bits / 8)`` bytes).
    n_symbols : int
        How many symbols were encoded (the decoder needs it: no end-of-stream symbol is used).
    precision : int
        The coder's register width in bits.
    total_bits : int
        ``log2`` of the frequency total each probability table was quantised to.
    """

    data: bytes
    n_bits: int
    n_symbols: int
    precision: int
    total_bits: int


def _check_tables(probabilities: Any, func: str, *, n: int | None = None) -> np.ndarray:
    if probabilities is None or isinstance(probabilities, (str, bytes)):
        raise TypeError(f"The 'probabilities' parameter of {func} must be an array of probability rows. "
                        f"Got {type(probabilities).__name__} instead.")
    try:
        p = np.asarray(probabilities)
    except Exception as exc:  # pragma: no cover - numpy accepts almost anything
        raise TypeError(f"The 'probabilities' parameter of {func} must be an array of probability rows.") from exc
    if p.dtype.kind not in "biuf":
        raise TypeError(f"The 'probabilities' parameter of {func} must hold real numbers. Got dtype {p.dtype} instead.")
    p = p.astype(np.float64, copy=True)
    if p.ndim == 1:
        p = p[None, :]
    if p.ndim != 2 or p.shape[0] == 0 or p.shape[1] < 2:
        raise ValueError(f"The 'probabilities' parameter of {func} must be 1-D (one table) or 2-D (n_symbols, "
                         f"alphabet_size) with alphabet_size >= 2. Got shape {np.shape(probabilities)} instead.")
    if not np.all(np.isfinite(p)):
        raise ValueError(f"The 'probabilities' parameter of {func} must contain only finite values. Got NaN or inf instead.")
    if np.any(p < 0):
        raise ValueError(f"The 'probabilities' parameter of {func} must be non-negative. Got a minimum of {p.min()!r} instead.")
    sums = p.sum(axis=1)
    bad = np.abs(sums - 1.0) > 1e-9
    if np.any(bad):
        i = int(np.argmax(bad))
        raise ValueError(f"The 'probabilities' parameter of {func} must have rows summing to 1 (within 1e-9). "
                         f"Row {i} sums to {sums[i]!r}; normalise it yourself if that is what you mean.")
    if n is not None and p.shape[0] not in (1, n):
        raise ValueError(f"The 'probabilities' parameter of {func} must have 1 or {n} rows (one table per symbol). "
                         f"Got {p.shape[0]} rows instead.")
    return p


def _check_symbols(symbols: Any, alphabet_size: int | None, func: str) -> np.ndarray:
    if symbols is None or isinstance(symbols, (str, bytes, float)):
        raise TypeError(f"The 'symbols' parameter of {func} must be a 1-D array of non-negative ints. "
                        f"Got {type(symbols).__name__} instead.")
    s = np.asarray(symbols)
    if s.dtype.kind not in "iu" or s.ndim != 1:
        raise TypeError(f"The 'symbols' parameter of {func} must be a 1-D array of non-negative ints. "
                        f"Got an array of shape {s.shape} and dtype {s.dtype} instead.")
    if s.size == 0:
        raise ValueError(f"The 'symbols' parameter of {func} must be non-empty. Got 0 symbols instead.")
    if s.min() < 0 or (alphabet_size is not None and s.max() >= alphabet_size):
        raise ValueError(f"The 'symbols' parameter of {func} must hold ints in [0, {alphabet_size - 1}]. "
                         f"Got values in [{s.min()}, {s.max()}] instead.")
    return s.astype(np.int64, copy=True)


def _quantize(p: np.ndarray, total_bits: int) -> np.ndarray:
    """Integer frequencies f >= 1 summing exactly to 2**total_bits, f ~ p * 2**total_bits."""
    total = 1 << total_bits
    k = p.shape[1]
    f = np.floor(p * (total - k)).astype(np.int64) + 1
    short = total - f.sum(axis=1)          # >= 0 because floor() only rounds down
    rows = np.arange(p.shape[0])
    f[rows, np.argmax(p, axis=1)] += short
    return f


def quantize_probabilities(probabilities, *, total_bits: int = 16) -> np.ndarray:
    """Integer frequency tables for the arithmetic coder.

    Parameters
    ----------
    probabilities : array of shape (alphabet_size,) or (n, alphabet_size)
        Rows summing to one (within 1e-9).
    total_bits : int in [8, 24], default 16
        Every row is turned into integer frequencies summing to ``2**total_bits``.

    Returns
    -------
    numpy.ndarray of int64, shape (n, alphabet_size)
        ``f = floor(p (F - K)) + 1`` with ``F = 2**total_bits``, ``K`` the alphabet size, and the
        remainder added to the most probable symbol, so that every symbol keeps ``f >= 1`` (it
        can still be coded) and ``sum f = F`` exactly.

    Notes
    -----
    The cost of the quantisation is ``log2(p / (f / F))`` bits on a coded symbol: at most
    ``log2(F / (F - K))`` bits when ``p`` is not tiny, and large for a symbol with
    ``p << 1 / F`` (its frequency is raised to 1). :func:`arithmetic_encode` reports the exact
    code length, and :func:`arithmetic_code_length_bound` bounds it from the quantised tables.

    References
    ----------
    I. H. Witten, R. M. Neal, J. G. Cleary, "Arithmetic coding for data compression",
    Communications of the ACM 30(6), 520-540 (1987).
    A. Moffat, R. M. Neal, I. H. Witten, "Arithmetic coding revisited", ACM Trans. Inf.
    Syst. 16(3), 256-294 (1998).

    Examples
    --------
    >>> quantize_probabilities([0.5, 0.25, 0.25], total_bits=8).tolist()
    [[128, 64, 64]]
    """
    func = "quantize_probabilities"
    tb = check_int(total_bits, "total_bits", low=8, high=24, func=func)
    p = _check_tables(probabilities, func)
    if p.shape[1] > (1 << tb) // 2:
        raise ValueError(f"The 'total_bits' parameter of {func} must leave room for an alphabet of {p.shape[1]} "
                         f"symbols (2**total_bits >= 2 * alphabet_size). Got {tb} instead.")
    return _quantize(p, tb)


def _coder_setup(precision: Any, total_bits: Any, func: str) -> tuple[int, int]:
    prec = check_int(precision, "precision", low=16, high=62, func=func)
    tb = check_int(total_bits, "total_bits", low=8, high=24, func=func)
    if tb > prec - 2:
        raise ValueError(f"The 'total_bits' parameter of {func} must be at most precision - 2 = {prec - 2} "
                         f"(every interval after renormalisation is wider than 2**(precision - 2)). Got {tb} instead.")
    return prec, tb


def arithmetic_encode(symbols, probabilities, *, precision: int = 32, total_bits: int = 16) -> ArithmeticCode:
    """Encode a symbol sequence with an integer arithmetic coder.

    Parameters
    ----------
    symbols : 1-D int array of length n
        The message, values in ``[0, alphabet_size)``.
    probabilities : array of shape (alphabet_size,) or (n, alphabet_size)
        The model's distribution of each symbol given the previous ones (row ``i`` is
        ``p(. | x_<i)``); a single row is used for every symbol. Rows sum to one.
    precision : int in [16, 62], default 32
        Width ``P`` of the low/high registers in bits.
    total_bits : int, default 16
        Each row is quantised to integer frequencies summing to ``2**total_bits``
        (:func:`quantize_probabilities`); at most ``precision - 2``.

    Returns
    -------
    ArithmeticCode
        The bits, their number ``n_bits`` (the code length) and what the decoder needs.

    Notes
    -----
    The coder keeps an integer interval ``[low, high]`` inside ``[0, 2**P)``. A symbol with
    cumulative frequencies ``[c_lo, c_hi)`` out of ``F`` narrows it to
    ``low + floor(R c_lo / F) .. low + floor(R c_hi / F) - 1`` with ``R = high - low + 1``;
    whenever the interval lies in one half of the range a bit is emitted and the interval
    doubled, and when it straddles the midpoint inside the middle half it is doubled around
    the midpoint and the bit is deferred (Witten, Neal & Cleary 1987). Two final bits select
    a quarter of the range inside the final interval.

    **Code length.** Each doubling emits one bit and the width never exceeds ``2**P``, so the
    number of bits is at most ``-log2`` of the product of the width ratios, plus the 2 final
    bits. Since ``R > 2**(P-2)`` after renormalisation, each ratio is at least
    ``(f/F)(1 - F / 2**(P-2))``, which gives

    ``n_bits <= sum_i -log2(f_i / F) + 2 + n * delta``,  ``delta = -log2(1 - F / 2**(P-2))``

    (:func:`arithmetic_code_length_bound`); ``delta`` is about ``8.8e-5`` bit for the
    defaults. Against the model's own ``sum_i -log2 p(x_i | x_<i)`` the quantisation adds
    ``sum_i log2(p_i / (f_i / F))``, small unless the model gives a coded symbol a probability
    below ``1/F``.

    Decoding with the table array is honest: row ``i`` depends only on ``x_<i``, which the
    decoder has recovered when it needs row ``i``.

    References
    ----------
    I. H. Witten, R. M. Neal, J. G. Cleary, "Arithmetic coding for data compression",
    Communications of the ACM 30(6), 1987. doi:10.1145/214762.214771.
    G. Delétang et al., "Language Modeling Is Compression", arXiv:2309.10668 (2023).

    Examples
    --------
    >>> import numpy as np
    >>> p = np.array([0.5, 0.25, 0.25])
    >>> code = arithmetic_encode(np.array([0, 1, 2, 0]), p)
    >>> code.n_bits <= 6 + 2 + 1   # -log2 of the probabilities is 1 + 2 + 2 + 1 = 6 bits
    True
    >>> arithmetic_decode(code, p).tolist()
    [0, 1, 2, 0]
    """
    func = "arithmetic_encode"
    prec, tb = _coder_setup(precision, total_bits, func)
    s = _check_symbols(symbols, None, func)
    p = _check_tables(probabilities, func, n=s.size)
    if s.max() >= p.shape[1]:
        raise ValueError(f"The 'symbols' parameter of {func} must hold ints in [0, {p.shape[1] - 1}] (the alphabet "
                         f"of 'probabilities'). Got a maximum of {s.max()} instead.")
    if p.shape[1] > (1 << tb) // 2:
        raise ValueError(f"The 'total_bits' parameter of {func} must leave room for an alphabet of {p.shape[1]} "
                         f"symbols (2**total_bits >= 2 * alphabet_size). Got {tb} instead.")
    freqs = _quantize(p, tb)
    cum = np.concatenate([np.zeros((freqs.shape[0], 1), np.int64), np.cumsum(freqs, axis=1)], axis=1)
    static = cum.shape[0] == 1
    c_lo = [int(v) for v in (cum[0, s] if static else cum[np.arange(s.size), s])]
    c_hi = [int(v) for v in (cum[0, s + 1] if static else cum[np.arange(s.size), s + 1])]
    bits = _encode_intervals(c_lo, c_hi, prec, tb)
    return ArithmeticCode(data=_pack_bits(bits), n_bits=len(bits), n_symbols=int(s.size), precision=prec,
                          total_bits=tb)


def _encode_intervals(c_lo: list[int], c_hi: list[int], prec: int, tb: int) -> list[int]:
    top = (1 << prec) - 1
    half, quarter = 1 << (prec - 1), 1 << (prec - 2)
    low, high, pending = 0, top, 0
    out: list[int] = []
    for lo, hi in zip(c_lo, c_hi, strict=True):
        r = high - low + 1
        high = low + ((r * hi) >> tb) - 1
        low = low + ((r * lo) >> tb)
        while True:
            if high < half:
                out.append(0)
                out.extend([1] * pending)
                pending = 0
            elif low >= half:
                out.append(1)
                out.extend([0] * pending)
                pending = 0
                low -= half
                high -= half
            elif low >= quarter and high < half + quarter:
                pending += 1
                low -= quarter
                high -= quarter
            else:
                break
            low <<= 1
            high = (high << 1) | 1
    pending += 1
    if low < quarter:
        out.append(0)
        out.extend([1] * pending)
    else:
        out.append(1)
        out.extend([0] * pending)
    return out


def _pack_bits(bits: list[int]) -> bytes:
    if not bits:
        return b""
    return np.packbits(np.asarray(bits, dtype=np.uint8)).tobytes()


def arithmetic_decode(code: ArithmeticCode, probabilities) -> np.ndarray:
    """Decode an :class:`ArithmeticCode` with the same probability tables.

    Parameters
    ----------
    code : ArithmeticCode
        From :func:`arithmetic_encode` (it carries the number of symbols and the coder's settings).
    probabilities : array of shape (alphabet_size,) or (code.n_symbols, alphabet_size)
        The tables used to encode.

    Returns
    -------
    numpy.ndarray of int64
        The decoded symbols.

    Notes
    -----
    The decoder mirrors the encoder's interval arithmetic on a ``precision``-bit window of
    the code, reading zeros past its end. With other tables than the encoder's it returns a
    different sequence without error: arithmetic codes carry no checksum.

    References
    ----------
    I. H. Witten, R. M. Neal, J. G. Cleary, "Arithmetic coding for data compression",
    Communications of the ACM 30(6), 520-540 (1987).

    Examples
    --------
    >>> import numpy as np
    >>> p = np.array([[0.9, 0.1], [0.2, 0.8], [0.5, 0.5]])
    >>> arithmetic_decode(arithmetic_encode(np.array([1, 1, 0]), p), p).tolist()
    [1, 1, 0]
    """
    func = "arithmetic_decode"
    if not isinstance(code, ArithmeticCode):
        raise TypeError(f"The 'code' parameter of {func} must be an ArithmeticCode from arithmetic_encode. "
                        f"Got {type(code).__name__} instead.")
    prec, tb = code.precision, code.total_bits
    n = code.n_symbols
    p = _check_tables(probabilities, func, n=n)
    freqs = _quantize(p, tb)
    cum = np.concatenate([np.zeros((freqs.shape[0], 1), np.int64), np.cumsum(freqs, axis=1)], axis=1)
    bits = np.unpackbits(np.frombuffer(code.data, dtype=np.uint8))[: code.n_bits].tolist() if code.n_bits else []
    n_bits = len(bits)
    top = (1 << prec) - 1
    half, quarter = 1 << (prec - 1), 1 << (prec - 2)
    low, high = 0, top
    value, pos = 0, 0
    for _ in range(prec):
        value = (value << 1) | (bits[pos] if pos < n_bits else 0)
        pos += 1
    out = np.empty(n, dtype=np.int64)
    static = cum.shape[0] == 1
    for i in range(n):
        row = cum[0] if static else cum[i]
        r = high - low + 1
        target = (((value - low + 1) << tb) - 1) // r
        sym = int(np.searchsorted(row, target, side="right")) - 1
        out[i] = sym
        lo, hi = int(row[sym]), int(row[sym + 1])
        high = low + ((r * hi) >> tb) - 1
        low = low + ((r * lo) >> tb)
        while True:
            if high < half:
                pass
            elif low >= half:
                low -= half
                high -= half
                value -= half
            elif low >= quarter and high < half + quarter:
                low -= quarter
                high -= quarter
                value -= quarter
            else:
                break
            low <<= 1
            high = (high << 1) | 1
            value = (value << 1) | (bits[pos] if pos < n_bits else 0)
            pos += 1
    return out


def arithmetic_code_length_bound(symbols, probabilities, *, precision: int = 32, total_bits: int = 16) -> float:
    """Upper bound on :func:`arithmetic_encode`'s code length, in bits.

    ``sum_i -log2(f_i / F) + 2 + n * delta`` with ``f_i`` the quantised frequency of the coded
    symbol, ``F = 2**total_bits`` and ``delta = -log2(1 - F / 2**(precision - 2))`` (derivation
    in :func:`arithmetic_encode`).

    Parameters
    ----------
    symbols, probabilities, precision, total_bits
        As for :func:`arithmetic_encode`.

    Returns
    -------
    float
        The bound in bits.

    Notes
    -----
    The bound charges the ideal code length of the *quantised* tables, two bits
    of termination and ``delta`` bits per symbol for the finite interval width;
    with the defaults ``delta`` ≈ 8.8e-5 bits. It exceeds
    :func:`code_length_bits` of the unquantised probabilities by the
    quantisation cost described in :func:`quantize_probabilities`.

    References
    ----------
    I. H. Witten, R. M. Neal, J. G. Cleary, "Arithmetic coding for data compression",
    Communications of the ACM 30(6), 520-540 (1987).

    Examples
    --------
    >>> import numpy as np
    >>> b = arithmetic_code_length_bound(np.array([0, 1]), np.array([0.5, 0.5]))
    >>> round(b, 3)
    4.0
    """
    func = "arithmetic_code_length_bound"
    prec, tb = _coder_setup(precision, total_bits, func)
    s = _check_symbols(symbols, None, func)
    p = _check_tables(probabilities, func, n=s.size)
    if s.max() >= p.shape[1]:
        raise ValueError(f"The 'symbols' parameter of {func} must hold ints in [0, {p.shape[1] - 1}]. "
                         f"Got a maximum of {s.max()} instead.")
    f = _quantize(p, tb)
    fi = f[0, s] if f.shape[0] == 1 else f[np.arange(s.size), s]
    delta = -math.log2(1.0 - (1 << tb) / (1 << (prec - 2)))
    return float(np.sum(tb - np.log2(fi)) + 2.0 + s.size * delta)


def code_length_bits(symbol_probabilities) -> float:
    """Ideal code length ``sum_i -log2 p_i`` in bits of a message whose symbols had model probabilities ``p_i``.

    Parameters
    ----------
    symbol_probabilities : 1-D array of floats in (0, 1]
        ``p(x_i | x_<i)`` of each symbol actually coded.

    Returns
    -------
    float
        The summed negative log-likelihood in bits (the Shannon code length an arithmetic
        coder reaches within a few bits).

    Notes
    -----
    Always in bits, whatever the model's natural unit. No prefix code beats it
    on average under the model (Kraft inequality), and an arithmetic coder
    approaches it within a constant for the whole message, rather than within
    one bit per symbol as a Huffman code does.

    References
    ----------
    T. M. Cover, J. A. Thomas, *Elements of Information Theory*, 2nd ed., Wiley (2006),
    ch. 5 and §13.3.

    Examples
    --------
    >>> code_length_bits([0.5, 0.25, 0.125])
    6.0
    """
    func = "code_length_bits"
    if symbol_probabilities is None or isinstance(symbol_probabilities, (str, bytes)):
        raise TypeError(f"The 'symbol_probabilities' parameter of {func} must be a 1-D array of probabilities. "
                        f"Got {type(symbol_probabilities).__name__} instead.")
    p = np.asarray(symbol_probabilities)
    if p.dtype.kind not in "biuf" or p.ndim != 1 or p.size == 0:
        raise ValueError(f"The 'symbol_probabilities' parameter of {func} must be a non-empty 1-D array of real "
                         f"numbers. Got shape {p.shape} and dtype {p.dtype} instead.")
    p = p.astype(np.float64)
    if not np.all(np.isfinite(p)) or np.any(p <= 0) or np.any(p > 1):
        raise ValueError(f"The 'symbol_probabilities' parameter of {func} must lie in (0, 1]. "
                         f"Got values in [{np.nanmin(p)!r}, {np.nanmax(p)!r}] instead.")
    return float(-np.sum(np.log2(p)))


def bits_per_byte(code_bits, n_bytes) -> float:
    """Compression rate: code bits divided by the number of bytes of the original text.

    Parameters
    ----------
    code_bits : float >= 0
        Length of the code (or summed negative log-likelihood) in bits.
    n_bytes : int >= 1
        Size of the original text in bytes (UTF-8).

    Returns
    -------
    float
        Bits per byte; 8 means no compression.

    Notes
    -----
    Normalising by bytes instead of tokens makes language models with different
    tokenizers comparable: bits per token depend on how long a token is, bits
    per byte do not. Convert a negative log-likelihood in nats with a factor
    1 / ln 2 first.

    References
    ----------
    L. Gao et al., "The Pile: an 800GB dataset of diverse text for language
    modeling", arXiv:2101.00027 (2020).

    Examples
    --------
    >>> bits_per_byte(400.0, 100)
    4.0
    """
    func = "bits_per_byte"
    b = check_real(code_bits, "code_bits", low=0.0, func=func)
    n = check_int(n_bytes, "n_bytes", low=1, func=func)
    return b / n


def information_capacity(text_bits_per_token, nll_bits_per_token, flops_per_token, *, bias: float) -> float:
    """Information capacity of a language model: compression gain per token over log compute.

    ``IC = (C - L + b) / log2 N``, with ``C`` the original text size per token in bits
    (8 times the UTF-8 bytes per token), ``L`` the model's mean negative log-likelihood per
    token in bits (its arithmetic-code length), ``N`` the inference FLOPs per token and ``b``
    a negative bias shared by a series of models.

    Parameters
    ----------
    text_bits_per_token : float > 0
        ``C``, bits of original text per token.
    nll_bits_per_token : float >= 0
        ``L``, mean ``-log2 p`` per token.
    flops_per_token : float > 1
        ``N``.
    bias : float
        ``b`` (bits per token); the paper's defaults are -24, -18.7 or -27 depending on the
        corpus, chosen so that models of one series get nearly equal IC.

    Returns
    -------
    float
        IC (bits per token per bit of log-compute).

    Notes
    -----
    If the gain ``g = C - L`` of a series grows log-linearly with compute,
    ``g = a + s log2 N``, then ``IC = s + (a + b) / log2 N``: IC is independent of size
    exactly when ``b = -a``, and is then the slope ``s``. With ``b`` fixed for a corpus, IC mixes
    that slope with the series' intercept, and it grows with the tokenizer's bytes per token
    through ``C``.

    Paper-faithful settings: bits per token everywhere, ``N`` the decode FLOPs per token
    counted with two FLOPs per multiply-add.

    References
    ----------
    C. Yuan, J. Shao, C. Zhang, X. Li, "Information Capacity: Evaluating the Efficiency of
    Large Language Models via Text Compression", arXiv:2511.08066 (2025).

    Examples
    --------
    >>> information_capacity(32.0, 8.0, 2.0 ** 20, bias=-4.0)
    1.0
    """
    func = "information_capacity"
    c = check_real(text_bits_per_token, "text_bits_per_token", low=0.0, low_open=True, func=func)
    ll = check_real(nll_bits_per_token, "nll_bits_per_token", low=0.0, func=func)
    n = check_real(flops_per_token, "flops_per_token", low=1.0, low_open=True, func=func)
    b = check_real(bias, "bias", func=func)
    return (c - ll + b) / math.log2(n)


def _as_bytes(x: Any, name: str, func: str) -> bytes:
    if isinstance(x, str):
        return x.encode("utf-8")
    if isinstance(x, (bytes, bytearray, memoryview)):
        return bytes(x)
    raise TypeError(f"The '{name}' parameter of {func} must be bytes or str. Got {type(x).__name__} instead.")


def compressed_size(x, *, compressor: str = "lzma") -> int:
    """Length in bytes of ``x`` compressed by a standard-library compressor.

    Parameters
    ----------
    x : bytes or str
        A str is encoded as UTF-8.
    compressor : {"lzma", "zlib", "bz2"}, default "lzma"
        At its strongest preset (lzma ``9 | PRESET_EXTREME``, zlib 9, bz2 9).

    Returns
    -------
    int
        Bytes of the compressed stream, container headers included.

    Notes
    -----
    An upper bound, up to a constant, on the Kolmogorov complexity of ``x``,
    which is what :func:`normalized_compression_distance` approximates with it.
    The headers add a few to a few tens of bytes, which dominates for short
    inputs; compressors also have finite windows, so repetition farther apart
    than the window is not found.

    References
    ----------
    R. Cilibrasi, P. M. B. Vitányi, "Clustering by compression", IEEE Trans. Inf.
    Theory 51(4), 1523-1545 (2005).

    Examples
    --------
    >>> compressed_size(b"a" * 10000, compressor="zlib") < 100
    True
    """
    func = "compressed_size"
    check_choice(compressor, "compressor", _COMPRESSORS, func=func)
    return len(_COMPRESSORS[compressor](_as_bytes(x, "x", func)))


def normalized_compression_distance(x, y, *, compressor: str = "lzma") -> float:
    """Normalized compression distance ``(C(xy) - min(C(x), C(y))) / max(C(x), C(y))``.

    Parameters
    ----------
    x, y : bytes or str
        Non-empty; a str is encoded as UTF-8.
    compressor : {"lzma", "zlib", "bz2"}, default "lzma"
        The standard-library compressor ``C`` (strongest preset).

    Returns
    -------
    float
        Near 0 for near-identical inputs, near 1 for unrelated ones. Not clipped: a real
        compressor can give values slightly below 0 or above 1.

    Notes
    -----
    NCD approximates the normalized information distance, a metric defined with Kolmogorov
    complexity, by a real compressor. It is only as good as the compressor: zlib sees 32 KiB
    back, so two copies of a longer string look unrelated to it; lzma's window is much larger.
    Container headers make ``C(x)`` of tiny strings mostly overhead, so distances between very
    short inputs are not informative.

    References
    ----------
    R. Cilibrasi, P. M. B. Vitányi, "Clustering by compression", IEEE Trans. Inf. Theory
    51(4), 2005. arXiv:cs/0312044.

    Examples
    --------
    >>> text = b"the quick brown fox jumps over the lazy dog " * 20
    >>> normalized_compression_distance(text, text) < 0.1
    True
    """
    func = "normalized_compression_distance"
    check_choice(compressor, "compressor", _COMPRESSORS, func=func)
    bx, by = _as_bytes(x, "x", func), _as_bytes(y, "y", func)
    if not bx:
        raise ValueError(f"The 'x' parameter of {func} must be non-empty. Got 0 bytes instead.")
    if not by:
        raise ValueError(f"The 'y' parameter of {func} must be non-empty. Got 0 bytes instead.")
    comp = _COMPRESSORS[compressor]
    cx, cy, cxy = len(comp(bx)), len(comp(by)), len(comp(bx + by))
    return (cxy - min(cx, cy)) / max(cx, cy)


def _check_token_counts(token_counts: Any, func: str, *, high: int | None = None) -> np.ndarray:
    if token_counts is None or isinstance(token_counts, (str, bytes)):
        raise TypeError(f"The 'token_counts' parameter of {func} must be a 1-D array of increasing ints. "
                        f"Got {type(token_counts).__name__} instead.")
    t = np.asarray(token_counts)
    if t.dtype.kind not in "iu" or t.ndim != 1 or t.size == 0:
        raise TypeError(f"The 'token_counts' parameter of {func} must be a non-empty 1-D array of ints. "
                        f"Got shape {t.shape} and dtype {t.dtype} instead.")
    t = t.astype(np.int64)
    if t[0] < 0 or np.any(np.diff(t) <= 0) or (high is not None and t[-1] > high):
        top = "" if high is None else f" and at most {high}"
        raise ValueError(f"The 'token_counts' parameter of {func} must be strictly increasing, non-negative{top}. "
                         f"Got {t.tolist()[:8]}{' ...' if t.size > 8 else ''} instead.")
    return t


def truncated_reconstruction_errors(x, basis, token_counts, *, mean=None, error: str = "l1") -> np.ndarray:
    """Reconstruction error of each sample from its first ``t`` coefficients in an ordered orthonormal basis.

    The "tokens" of a sample ``x`` are its coefficients ``c_j = <x - m, b_j>`` on the rows
    ``b_1, b_2, ...`` of ``basis``, in order; ``t`` tokens reconstruct
    ``x_t = m + sum_{j <= t} c_j b_j``. This returns the error of ``x_t`` for every ``t`` in
    ``token_counts``.

    Parameters
    ----------
    x : array of shape (n_samples, n_features)
        The signals (flattened images), real and finite.
    basis : array of shape (n_tokens, n_features)
        Orthonormal rows (``basis @ basis.T = I`` within 1e-8), most important first
        (principal components by decreasing variance, DCT frequencies in zig-zag order, ...).
    token_counts : 1-D int array
        Strictly increasing counts in ``[0, n_tokens]``.
    mean : array of shape (n_features,), optional
        The offset ``m`` (the training mean of a PCA basis); zero by default. With ``t = 0`` the
        reconstruction is ``m``.
    error : {"l1", "mse"}, default "l1"
        Mean absolute (the paper's pixel-``l1``) or mean squared error over the features.

    Returns
    -------
    numpy.ndarray of shape (n_samples, len(token_counts))
        ``mean_j |x_j - x_t,j|`` (or its squared version) for each sample and count.

    Notes
    -----
    With an orthonormal basis the squared error is ``(||x - m||^2 - sum_{j <= t} c_j^2) / d``,
    non-increasing in ``t``, and zero once ``t = d`` (a complete basis). The ``l1`` error has no
    such guarantee: adding a coefficient can raise it slightly, which is why
    :func:`approximate_kolmogorov_complexity` takes a minimum rather than the first crossing of
    a monotone curve. The basis is a nested ("Matryoshka") tokenizer: the first ``t`` tokens do
    not depend on how many more are kept, unlike the learned tokens of KARL.

    References
    ----------
    S. Duggal, S. Byun, W. T. Freeman, A. Torralba, P. Isola, "Single-pass Adaptive Image
    Tokenization for Minimum Program Search", arXiv:2507.07995 (2025).

    Examples
    --------
    With the identity basis, ``t`` tokens keep the first ``t`` entries and the error is the
    mean absolute value of the others:

    >>> import numpy as np
    >>> truncated_reconstruction_errors(np.array([[4.0, -2.0, 1.0, 1.0]]), np.eye(4), [0, 1, 2, 4]).tolist()
    [[2.0, 1.0, 0.5, 0.0]]
    """
    func = "truncated_reconstruction_errors"
    check_choice(error, "error", ("l1", "mse"), func=func)
    xs = _check_matrix(x, "x", func)
    b = _check_matrix(basis, "basis", func)
    if b.shape[1] != xs.shape[1] or b.shape[0] > b.shape[1]:
        raise ValueError(f"The 'basis' parameter of {func} must have shape (n_tokens, {xs.shape[1]}) with "
                         f"n_tokens <= {xs.shape[1]} (one row per token, as many columns as 'x'). "
                         f"Got shape {b.shape} instead.")
    gram_dev = float(np.max(np.abs(b @ b.T - np.eye(b.shape[0]))))
    if gram_dev > 1e-8:
        raise ValueError(f"The 'basis' parameter of {func} must have orthonormal rows (basis @ basis.T = I within "
                         f"1e-8). Got a largest deviation of {gram_dev:.3g}; orthonormalise it (numpy.linalg.qr) "
                         f"if that is what you mean.")
    t = _check_token_counts(token_counts, func, high=b.shape[0])
    if mean is None:
        m = np.zeros(xs.shape[1])
    else:
        m = np.asarray(mean)
        if m.dtype.kind not in "biuf" or m.shape != (xs.shape[1],) or not np.all(np.isfinite(m)):
            raise ValueError(f"The 'mean' parameter of {func} must be a finite real array of shape "
                             f"({xs.shape[1]},). Got shape {m.shape} and dtype {m.dtype} instead.")
        m = m.astype(np.float64)
    centred = xs - m
    coeffs = centred @ b.T
    residual = centred.copy()
    out = np.empty((xs.shape[0], t.size))
    done = 0
    for k, count in enumerate(t):
        if count > done:
            residual -= coeffs[:, done:count] @ b[done:count]
            done = int(count)
        out[:, k] = np.mean(np.abs(residual), axis=1) if error == "l1" else np.mean(residual ** 2, axis=1)
    return out


def _check_matrix(a: Any, name: str, func: str) -> np.ndarray:
    if a is None or isinstance(a, (str, bytes)):
        raise TypeError(f"The '{name}' parameter of {func} must be a 2-D real array. Got {type(a).__name__} instead.")
    arr = np.asarray(a)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"The '{name}' parameter of {func} must hold real numbers. Got dtype {arr.dtype} instead.")
    if arr.ndim != 2 or arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ValueError(f"The '{name}' parameter of {func} must be a non-empty 2-D array. "
                         f"Got shape {arr.shape} instead.")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"The '{name}' parameter of {func} must contain only finite values. Got NaN or inf instead.")
    return arr.astype(np.float64)


def approximate_kolmogorov_complexity(errors, token_counts, epsilon, *, budget: int | None = None,
                                      return_met: bool = False):
    """Approximate Kolmogorov complexity: the fewest tokens that reconstruct within ``epsilon``.

    ``KC_eps(x, T) = min { t <= T : L(x_t, x) <= eps }`` (Duggal et al. 2025, Sec. 3), read off a
    table of reconstruction errors ``L`` measured at a grid of token counts.

    Parameters
    ----------
    errors : array of shape (n_tokens_grid,) or (n_samples, n_tokens_grid)
        ``L(x_t, x)`` at each count of ``token_counts`` (e.g. from
        :func:`truncated_reconstruction_errors`), finite and non-negative.
    token_counts : 1-D int array
        The strictly increasing token counts at which ``errors`` were measured.
    epsilon : float >= 0
        The reconstruction tolerance.
    budget : int, optional
        The budget ``T``: only counts ``t <= T`` are searched. Default: the largest count.
        At least the smallest count.
    return_met : bool, default False
        Also return whether some ``t <= T`` met the tolerance.

    Returns
    -------
    int or numpy.ndarray of int64
        The complexity of each sample (an int for 1-D ``errors``). A sample that no count within
        the budget reconstructs within ``epsilon`` gets the largest searched count (the paper's
        tokenizer then spends its whole budget).
    met : bool or numpy.ndarray of bool
        Only with ``return_met=True``.

    Notes
    -----
    Two properties hold by construction and are worth checking on a tokenizer's output: the
    complexity is non-increasing in ``epsilon`` (the feasible set only grows), and it is
    invariant to the budget, ``KC_eps(x, T + dT) = KC_eps(x, T)``, whenever the tolerance is met
    within ``T`` and the errors at counts ``t <= T`` do not depend on ``T``, as for a nested
    tokenizer. The paper's learned tokenizer is trained towards that invariance rather than
    built with it. The value is a description length in tokens; with a codebook of ``K``
    entries it is ``KC log2 K`` bits, plus the fixed cost of the decoder (the constant of the
    invariance theorem). The grid resolution bounds its precision: the true minimum lies
    between the returned count and the previous grid point.

    References
    ----------
    S. Duggal, S. Byun, W. T. Freeman, A. Torralba, P. Isola, "Single-pass Adaptive Image
    Tokenization for Minimum Program Search", arXiv:2507.07995 (2025).

    Examples
    --------
    >>> approximate_kolmogorov_complexity([0.3, 0.1, 0.04, 0.02], [16, 32, 64, 128], 0.05)
    64
    >>> approximate_kolmogorov_complexity([0.3, 0.1, 0.04, 0.02], [16, 32, 64, 128], 0.05, budget=32,
    ...                                   return_met=True)
    (32, False)
    """
    func = "approximate_kolmogorov_complexity"
    if errors is None or isinstance(errors, (str, bytes)):
        raise TypeError(f"The 'errors' parameter of {func} must be a 1-D or 2-D real array. "
                        f"Got {type(errors).__name__} instead.")
    e = np.asarray(errors)
    if e.dtype.kind not in "biuf":
        raise TypeError(f"The 'errors' parameter of {func} must hold real numbers. Got dtype {e.dtype} instead.")
    single = e.ndim == 1
    if e.ndim not in (1, 2) or e.size == 0:
        raise ValueError(f"The 'errors' parameter of {func} must be a non-empty 1-D or 2-D array. "
                         f"Got shape {e.shape} instead.")
    e = np.atleast_2d(e).astype(np.float64)
    if not np.all(np.isfinite(e)) or np.any(e < 0):
        raise ValueError(f"The 'errors' parameter of {func} must be finite and non-negative. "
                         f"Got values in [{np.nanmin(e)!r}, {np.nanmax(e)!r}] instead.")
    t = _check_token_counts(token_counts, func)
    if t.size != e.shape[1]:
        raise ValueError(f"The 'token_counts' parameter of {func} must have one count per column of 'errors' "
                         f"({e.shape[1]}). Got {t.size} counts instead.")
    eps = check_real(epsilon, "epsilon", low=0.0, func=func)
    cap = int(t[-1]) if budget is None else check_int(budget, "budget", low=int(t[0]), func=func)
    if not isinstance(return_met, bool):
        raise TypeError(f"The 'return_met' parameter of {func} must be a bool. Got {return_met!r} instead.")
    inside = t <= cap
    ok = e[:, inside] <= eps
    met = ok.any(axis=1)
    searched = t[inside]
    kc = np.where(met, searched[np.argmax(ok, axis=1)], searched[-1]).astype(np.int64)
    if single:
        return (int(kc[0]), bool(met[0])) if return_met else int(kc[0])
    return (kc, met) if return_met else kc
