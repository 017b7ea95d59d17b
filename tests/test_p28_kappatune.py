"""Tests of infolab.papers.p28_kappatune: the fixed-norm log-volume maximum and the fine-tuning experiment."""

from __future__ import annotations

import math

import numpy as np
import pytest

from infolab.measures import log_volume
from infolab.papers.p28_kappatune import (
    max_log_volume_at_condition,
    max_log_volume_closed_form,
    selective_finetuning,
)


@pytest.mark.parametrize("n,c", [(2, 1.0), (3, 5.0), (8, 8.0), (16, 16.0), (40, 3.0)])
@pytest.mark.parametrize("kappa", [1.0, 1.1, 3.0, 50.0])
def test_search_matches_closed_form(n, c, kappa):
    assert max_log_volume_at_condition(n, c, kappa) == pytest.approx(max_log_volume_closed_form(n, c, kappa), abs=1e-9)


def test_closed_form_known_values():
    # κ = 1: all singular values equal to sqrt(c/n)
    assert max_log_volume_closed_form(5, 10.0, 1.0) == pytest.approx(2.5 * math.log(2.0), abs=1e-15)
    # n = 2 has no free middle values: σ = (a, a/κ) with a²(1 + κ⁻²) = c
    a2 = 3.0 / (1 + 1 / 16)
    assert max_log_volume_closed_form(2, 3.0, 4.0) == pytest.approx(math.log(a2) - math.log(4.0), abs=1e-14)


def test_maximum_is_attained_and_not_exceeded():
    n, c, kappa = 6, 6.0, 3.0
    a = math.sqrt(2 * c / (n * (1 + kappa**-2)))
    sigma = np.array([a] + [math.sqrt(c / n)] * (n - 2) + [a / kappa])
    assert np.sum(sigma**2) == pytest.approx(c)
    assert np.sum(np.log(sigma)) == pytest.approx(max_log_volume_closed_form(n, c, kappa), abs=1e-12)
    w = np.diag(sigma)
    assert log_volume(w) == pytest.approx(max_log_volume_closed_form(n, c, kappa), abs=1e-12)
    rng = np.random.default_rng(0)
    middle = rng.uniform(1 / kappa, 1.0, size=(2000, n - 2))
    spectra = np.concatenate([np.ones((2000, 1)), middle, np.full((2000, 1), 1 / kappa)], axis=1)
    spectra *= np.sqrt(c / np.sum(spectra**2, axis=1, keepdims=True))
    assert np.max(np.sum(np.log(spectra), axis=1)) < max_log_volume_closed_form(n, c, kappa)


def test_selective_finetuning_small_run_is_deterministic():
    kwargs = dict(n_blocks=4, block_width=4, n_selected=1, pretrain_steps=30, finetune_steps=10, eval_every=5, seed=3)
    a, b = selective_finetuning(**kwargs), selective_finetuning(**kwargs)
    np.testing.assert_array_equal(a["kappas"], b["kappas"])
    for name in ("lowest_kappa", "highest_kappa", "random", "full"):
        assert a[name]["old_task_accuracy"] == b[name]["old_task_accuracy"]
        assert a[name]["forgetting"] == pytest.approx(a["old_task_accuracy_before"] - a[name]["old_task_accuracy"])
        assert len(a[name]["history"]) == 2
    order = np.argsort(a["kappas"])
    assert a["lowest_kappa"]["blocks"] == [int(order[0])]
    assert a["highest_kappa"]["blocks"] == [int(order[-1])]
    assert a["full"]["blocks"] == [0, 1, 2, 3]


def test_bad_input():
    with pytest.raises(ValueError, match="'kappa'"):
        max_log_volume_closed_form(4, 4.0, 0.5)
    with pytest.raises(ValueError, match="'n'"):
        max_log_volume_at_condition(1, 4.0, 2.0)
    with pytest.raises(ValueError, match="'frobenius_sq'"):
        max_log_volume_at_condition(4, 0.0, 2.0)
    with pytest.raises(ValueError, match="'n_selected'"):
        selective_finetuning(n_blocks=4, n_selected=5)
    with pytest.raises(ValueError, match="'selections'"):
        selective_finetuning(selections=("median",))
