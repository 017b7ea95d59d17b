"""Tests of the experiment code of notebook 04."""

from __future__ import annotations

import math

import numpy as np
import pytest

from infolab.measures import gaussian_ib_curve
from infolab.papers.p04_hierarchical_bottleneck import (
    LinearGaussianSystem,
    hierarchical_gaussian_ib,
    multimodal_gaussian_system,
)


def test_system_covariance_and_information_known_values():
    sys = LinearGaussianSystem()
    sys.add_latent("x", 1)
    sys.add("y", {"x": [[1.0]]}, 1.0)          # Y = X + N(0, 1): I = ½ log 2
    np.testing.assert_allclose(sys.covariance(["x", "y"]), [[1, 1], [1, 2]])
    assert sys.mutual_information(["x"], ["y"]) == pytest.approx(0.5 * math.log(2), abs=1e-14)
    sys.add("z", {"y": [[2.0]]}, 0.0)          # a deterministic function keeps the noise of y
    sys.add_latent("w", 1)                      # independent of everything before it
    assert sys.mutual_information(["x"], ["w"]) == pytest.approx(0.0, abs=1e-14)


def test_stage_one_matches_the_closed_form_curve():
    sys = multimodal_gaussian_system(seed=0)
    for beta in (2.0, 10.0, 100.0):
        s = multimodal_gaussian_system(seed=0)
        hierarchical_gaussian_ib(s, beta, 5.0)
        curve = gaussian_ib_curve(sys.covariance(["X0", "X1"]), 8, [beta])
        assert s.mutual_information(["X0"], ["B0"]) == pytest.approx(curve.information_x[0], abs=1e-9)
        assert s.mutual_information(["B0"], ["X1"]) == pytest.approx(curve.information_y[0], abs=1e-9)


def test_data_processing_along_the_chain():
    s = multimodal_gaussian_system(seed=1)
    hierarchical_gaussian_ib(s, 20.0, 20.0)
    assert s.mutual_information(["B1"], ["X2"]) <= s.mutual_information(["B0"], ["X2"]) + 1e-12
    assert s.mutual_information(["B0"], ["X2"]) <= s.mutual_information(["X0"], ["X2"]) + 1e-12
    assert s.mutual_information(["B1"], ["Y"]) <= s.mutual_information(["B0"], ["Y"]) + 1e-12


def test_bad_inputs():
    sys = LinearGaussianSystem()
    sys.add_latent("x", 2)
    with pytest.raises(ValueError, match="'parents'"):
        sys.add("y", {"x": np.ones((1, 3))})
    with pytest.raises(ValueError, match="'noise_std'"):
        sys.add("y", {"x": np.ones((1, 2))}, -1.0)
    with pytest.raises(ValueError, match="'d0'"):
        multimodal_gaussian_system(d0=0)
