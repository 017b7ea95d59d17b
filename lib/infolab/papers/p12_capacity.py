"""Experiment code for notebook 12: information capacity of small language-model series.

Yuan, Shao, Zhang, Li, "Information Capacity: Evaluating the Efficiency of Large
Language Models via Text Compression", arXiv:2511.08066 (2025). Code:
https://github.com/TeleAI-AI-Flow/InformationCapacity.

The paper's series of LLMs are replaced by series of tiny learned models
(:class:`infolab.models.ContextMLPLanguageModel` of growing width) on text that ships with
Python. This module holds the corpus loader, the series trainer and the fits of the
compression gain against log-compute that the paper's information capacity summarises.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..measures import code_length_bits, information_capacity
from ..models import ContextMLPLanguageModel, text_to_symbols
from ..validation import check_int

__all__ = ["python_docs_text", "train_test_symbols", "SeriesPoint", "train_mlp_series", "fit_gain_line",
           "leave_one_out_capacity"]


def python_docs_text() -> str:
    """The help texts of CPython's ``pydoc_data.topics`` (English technical prose), in key order."""
    import pydoc_data.topics as topics
    return "\n".join(topics.topics[k] for k in sorted(topics.topics))


def train_test_symbols(text: str, train_bytes: int, test_bytes: int):
    """First ``train_bytes`` bytes for training, the last ``test_bytes`` for testing, over their joint alphabet."""
    raw = text.encode("utf-8")
    train_bytes = check_int(train_bytes, "train_bytes", low=100, high=len(raw) // 2, func="train_test_symbols")
    test_bytes = check_int(test_bytes, "test_bytes", low=100, high=len(raw) // 2, func="train_test_symbols")
    tr, te = raw[:train_bytes], raw[len(raw) - test_bytes:]
    _, alphabet = text_to_symbols(tr + te)
    return text_to_symbols(tr, alphabet)[0], text_to_symbols(te, alphabet)[0], alphabet


@dataclass(frozen=True)
class SeriesPoint:
    """One trained model of a series: its width, seed, compute and held-out NLL (bits per token)."""

    hidden: int
    seed: int
    flops_per_token: int
    n_parameters: int
    nll_bits_per_token: float
    train_bits_per_token: float


def train_mlp_series(train_symbols, test_symbols, alphabet_size: int, *, window: int, hidden_sizes, seeds,
                     epochs: int, batch_size: int, learning_rate: float, progress=None) -> list[SeriesPoint]:
    """Train one :class:`ContextMLPLanguageModel` per (width, seed); held-out NLL in bits per token."""
    jobs = [(h, s) for h in hidden_sizes for s in seeds]
    it = progress(jobs, desc="model series") if progress is not None else jobs
    out = []
    idx = np.arange(len(test_symbols))
    for h, s in it:
        model = ContextMLPLanguageModel(window, alphabet_size, hidden=int(h), seed=int(s))
        hist = model.fit(train_symbols, epochs=epochs, batch_size=batch_size, learning_rate=learning_rate)
        p = model.next_symbol_probabilities(test_symbols)
        nll = code_length_bits(p[idx, test_symbols]) / len(test_symbols)
        out.append(SeriesPoint(int(h), int(s), model.flops_per_token, model.n_parameters, nll, float(hist[-1])))
    return out


def fit_gain_line(log2_flops, gain):
    """Least-squares line ``gain = a + s log2 N``: returns (intercept a, slope s, R^2)."""
    x, y = np.asarray(log2_flops, float), np.asarray(gain, float)
    if x.size < 2 or x.shape != y.shape or np.ptp(x) == 0:
        raise ValueError("fit_gain_line needs at least two points with distinct log2_flops and matching shapes.")
    s, a = np.polyfit(x, y, 1)
    resid = y - (a + s * x)
    ss_tot = float(np.sum((y - y.mean()) ** 2))
    r2 = 1.0 - float(np.sum(resid ** 2)) / ss_tot if ss_tot > 0 else 1.0
    return float(a), float(s), r2


def leave_one_out_capacity(text_bits_per_token: float, flops, nll):
    """For each size held out: fit b = -a on the others, and compare the held-out IC and NLL.

    Returns a list of dicts with ``ic_held`` (IC of the held-out size with that b), ``ic_others`` (mean IC of
    the fitting sizes), ``relative_ic_gap`` = |ic_held - ic_others| / |ic_others| and ``nll_error``
    (predicted minus measured held-out NLL, bits per token, the prediction being
    ``C + b - mean(IC_others) log2 N``).
    """
    flops, nll = np.asarray(flops, float), np.asarray(nll, float)
    rows = []
    for j in range(flops.size):
        keep = np.arange(flops.size) != j
        a, _, _ = fit_gain_line(np.log2(flops[keep]), text_bits_per_token - nll[keep])
        b = -a
        ics = [information_capacity(text_bits_per_token, v, f, bias=b) for v, f in zip(nll[keep], flops[keep], strict=True)]
        ic_others = float(np.mean(ics))
        ic_held = information_capacity(text_bits_per_token, nll[j], flops[j], bias=b)
        predicted = text_bits_per_token + b - ic_others * math.log2(flops[j])
        rows.append({"held_out": j, "bias": b, "ic_held": ic_held, "ic_others": ic_others,
                     "relative_ic_gap": abs(ic_held - ic_others) / abs(ic_others),
                     "nll_error": float(predicted - nll[j])})
    return rows
