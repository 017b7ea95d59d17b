"""Tests of infolab.papers.p31_canon (the toy length-policy RLVR task)."""

import numpy as np
import pytest

from infolab.papers.p31_canon import ESTIMATORS, make_length_task, train_length_policy


def test_task_families_and_mirror():
    task = make_length_task(["long", "short", "null"], 8, noise=0.0, seed=0)
    assert np.all(np.diff(task.success[0]) > 0) and np.all(np.diff(task.success[1]) < 0)
    np.testing.assert_allclose(np.sort(task.success[2]), task.success[0])
    mirrored = make_length_task(["null"] * 3, 8, mirrored=True, seed=1)
    np.testing.assert_array_equal(mirrored.success[3:], mirrored.success[:3, ::-1])
    assert np.all((task.success >= 0) & (task.success <= 1))
    with pytest.raises(ValueError, match="'families'"):
        make_length_task(["medium"], 8)


def test_training_is_reproducible_and_starts_uniform():
    task = make_length_task(["long"] * 4, 6, seed=2)
    a = train_length_policy(task, "CANON-Inter", steps=5, group_size=8, seed=3)
    b = train_length_policy(task, "CANON-Inter", steps=5, group_size=8, seed=3)
    np.testing.assert_array_equal(a["accuracy"], b["accuracy"])
    np.testing.assert_allclose(a["length"][0], 3.5)
    np.testing.assert_allclose(a["accuracy"][0], task.success.mean(axis=1))


@pytest.mark.parametrize("estimator", sorted(ESTIMATORS))
def test_every_estimator_learns_an_easy_task(estimator):
    task = make_length_task(["long", "short"] * 4, 4, low=0.0, high=1.0, noise=0.0, seed=4)
    run = train_length_policy(task, estimator, steps=80, group_size=16, seed=5)
    assert run["accuracy"][-1].mean() > run["accuracy"][0].mean() + 0.2


def test_zero_advantage_leaves_the_policy_unchanged():
    task = make_length_task(["long"] * 3, 5, low=1.0, high=1.0, noise=0.0, seed=6)   # every answer is right
    run = train_length_policy(task, "Dr.GRPO", steps=10, group_size=8, seed=7)
    np.testing.assert_allclose(run["length"], 3.0)
