"""Tests of infolab.papers.p11_diffusion: the training-dynamics analogue on digits."""

from __future__ import annotations

import numpy as np
import pytest

from infolab.papers.p11_diffusion import train_and_track

SMALL = dict(epochs=3, samples=120, hidden=[16], lr=1e-3, seed=2, log_every=2)


def test_logs_the_first_the_chosen_and_the_last_epochs():
    out = train_and_track(**SMALL)
    for run in ("true_labels", "shuffled_labels"):
        hist = out[run]
        assert hist["epoch"] == [0, 2, 3]
        for key in ("dse_z", "dsmi_zy", "dsmi_zx", "loss", "train_accuracy"):
            assert len(hist[key]) == 3
            assert np.all(np.isfinite(hist[key]))
        assert all(0.0 <= a <= 1.0 for a in hist["train_accuracy"])
    # both runs start from the same weights: the untrained representation is the same
    assert out["true_labels"]["dse_z"][0] == out["shuffled_labels"]["dse_z"][0]
    assert out["true_labels"]["dsmi_zy"][0] == out["shuffled_labels"]["dsmi_zy"][0]


def test_same_seed_same_history_and_log_every_does_not_change_training():
    a, b = train_and_track(**SMALL), train_and_track(**SMALL)
    assert a == b
    every = train_and_track(**{**SMALL, "log_every": 1})
    assert every["true_labels"]["epoch"] == [0, 1, 2, 3]
    for key in ("dse_z", "loss", "train_accuracy"):
        assert [every["true_labels"][key][i] for i in (0, 2, 3)] == pytest.approx(a["true_labels"][key], abs=1e-12)


def test_zero_epochs_logs_the_untrained_network_only():
    out = train_and_track(**{**SMALL, "epochs": 0})
    assert out["true_labels"]["epoch"] == [0]


def test_bad_input():
    with pytest.raises(ValueError, match="'log_every'"):
        train_and_track(**{**SMALL, "log_every": 0})
    with pytest.raises(ValueError, match="'epochs'"):
        train_and_track(**{**SMALL, "epochs": -1})
