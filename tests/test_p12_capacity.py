"""Tests of infolab.papers.p12_capacity (corpus, series trainer, gain line, leave-one-out capacity)."""

import math

import numpy as np
import pytest

from infolab.measures import information_capacity
from infolab.papers.p12_capacity import (
    fit_gain_line,
    leave_one_out_capacity,
    python_docs_text,
    train_mlp_series,
    train_test_symbols,
)


def test_corpus_and_split():
    text = python_docs_text()
    assert len(text) > 100000
    tr, te, alphabet = train_test_symbols(text, 2000, 1000)
    assert tr.size == 2000 and te.size == 1000
    assert max(tr.max(), te.max()) < len(alphabet)
    with pytest.raises(ValueError, match="'train_bytes'"):
        train_test_symbols(text, 10, 1000)


def test_fit_gain_line_exact():
    x = np.array([10.0, 12.0, 14.0])
    a, s, r2 = fit_gain_line(x, 1.5 + 0.25 * x)
    assert (a, s, r2) == pytest.approx((1.5, 0.25, 1.0))
    with pytest.raises(ValueError):
        fit_gain_line([1.0], [2.0])


def test_leave_one_out_exact_on_a_log_linear_series():
    # with an exact log-linear gain, every held-out IC equals the slope and the NLL is predicted exactly
    flops = 2.0 ** np.array([10.0, 11.0, 12.0, 13.0])
    nll = 8.0 - (0.5 + 0.3 * np.log2(flops))
    for row in leave_one_out_capacity(8.0, flops, nll):
        assert row["relative_ic_gap"] == pytest.approx(0.0, abs=1e-10)
        assert row["nll_error"] == pytest.approx(0.0, abs=1e-10)
        assert row["ic_held"] == pytest.approx(0.3)
        assert row["ic_held"] == pytest.approx(information_capacity(8.0, nll[row["held_out"]], flops[row["held_out"]],
                                                                    bias=-0.5))


def test_series_trainer_small():
    tr, te, alphabet = train_test_symbols(python_docs_text(), 3000, 500)
    pts = train_mlp_series(tr, te, len(alphabet), window=2, hidden_sizes=[2, 8], seeds=[0], epochs=1, batch_size=64,
                           learning_rate=0.01)
    assert [p.hidden for p in pts] == [2, 8]
    assert pts[0].flops_per_token < pts[1].flops_per_token
    assert all(0 < p.nll_bits_per_token < math.log2(len(alphabet)) + 1 for p in pts)
