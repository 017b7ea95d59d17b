import numpy as np
import pytest

from infolab.data.experiment_design import death_process
from infolab.papers.p02_boxinggym import batch_grid_eig, sequential_design


def test_batch_matches_grid_eig():
    m = death_process()
    theta, w = m.grid()
    designs = [0.1, 0.5, 1.5]
    got = batch_grid_eig(np.stack([m.outcome_pmf(theta, x) for x in designs]), w)
    np.testing.assert_allclose(got, [m.grid_eig(x) for x in designs], atol=1e-10)


def test_uninformative_design_has_zero_eig():
    pmf = np.full((1, 5, 3), 1 / 3)
    assert batch_grid_eig(pmf, np.full(5, 0.2))[0] == pytest.approx(0.0, abs=1e-12)


def test_greedy_regret_is_small_and_entropy_falls():
    m = death_process()
    r = sequential_design(m, "greedy", n_steps=3, candidates=np.linspace(0.05, 2, 40), n_random=10,
                          low=0.01, high=2, seed=1, n_grid=301)
    assert np.all(r["regret"] < 0.05)
    assert r["entropy"][-1] < r["entropy"][0]


def test_bad_inputs():
    with pytest.raises(ValueError, match="pmfs"):
        batch_grid_eig(np.ones((2, 3)), np.ones(3) / 3)
    with pytest.raises(ValueError, match="strategy"):
        sequential_design(death_process(), "best", n_steps=1, candidates=[1.0], n_random=2, low=0.1, high=2, seed=0)
