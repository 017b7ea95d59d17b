"""Tests of infolab.papers.p26_mist (meta-data-set, learned estimator, naive bootstrap)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infolab.papers.p26_mist import (
    META_SPLITS,
    baseline_estimates,
    build_meta_dataset,
    copula_rows,
    naive_bootstrap_interval,
    random_gaussian_task,
    sample_meta_task,
    train_learned_estimator,
)


@settings(max_examples=25, deadline=None)
@given(dx=st.integers(1, 5), dy=st.integers(1, 5), mi=st.floats(0.0, 4.0), seed=st.integers(0, 2**31))
def test_random_gaussian_task_has_the_requested_information(dx, dy, mi, seed):
    task = random_gaussian_task(dx, dy, mi, seed)
    assert task.mutual_information == pytest.approx(mi, abs=1e-8)
    assert (task.dim_x, task.dim_y) == (dx, dy)


@pytest.mark.parametrize("split", sorted(META_SPLITS))
def test_meta_tasks_respect_their_split_and_are_reproducible(split):
    names = []
    for s in range(40):
        task = sample_meta_task(split, s, max_dim=3, max_mi=2.0)
        again = sample_meta_task(split, s, max_dim=3, max_mi=2.0)
        assert task.name == again.name and task.mutual_information == again.mutual_information
        assert 1 <= task.dim_x <= 3 and 1 <= task.dim_y <= 3
        assert task.mutual_information >= 0
        if task.family != "additive_uniform":
            assert task.mutual_information <= 2.0 + 1e-9
        names.append(task.name)
    transforms = {n.split("(")[0] for n in names if "(" in n}
    allowed = {f.split("(")[0] for f in META_SPLITS[split] if "(" in f}
    assert transforms <= allowed
    if split == "imd":
        assert not any(n.startswith(("wiggly", "spiral", "additive")) for n in names)


def test_copula_rows_are_invariant_to_increasing_maps_and_zero_padded():
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(50, 2)), rng.normal(size=(50, 1))
    rows = copula_rows(x, y, 3)
    np.testing.assert_array_equal(rows, copula_rows(np.exp(x), y ** 3, 3))
    assert rows.shape == (50, 6)
    assert np.all(rows[:, 2] == 0) and np.all(rows[:, 4:] == 0)


def test_meta_dataset_shapes_and_masks():
    data = build_meta_dataset(6, "oomd", 1, n_range=(20, 40), max_dim=3, keep_samples=True)
    assert data.rows.shape == (6, 40, 6) and data.mask.shape == (6, 40)
    np.testing.assert_array_equal(data.mask.sum(axis=1), data.n)
    assert all(20 <= n <= 40 for n in data.n)
    assert data.context.shape == (6, 6)
    np.testing.assert_allclose(data.context[:, 0], np.log(data.n))
    for (x, _), n in zip(data.samples, data.n, strict=True):
        assert x.shape[0] == n
    assert set(data.baselines) == {"ksg", "cca", "copula", "auto"}


def test_training_is_deterministic_and_quantiles_are_ordered():
    data = build_meta_dataset(24, "imd", 2, n_range=(20, 30), max_dim=2, default_estimator=False)
    kw = dict(phi_sizes=(4,), rho_sizes=(4,), epochs=3, batch_size=8, seed=5)
    a = train_learned_estimator(data, use_baselines=True, **kw)
    b = train_learned_estimator(data, use_baselines=True, **kw)
    np.testing.assert_array_equal(a.predict(data), b.predict(data))
    assert len(a.history) == 3
    q = train_learned_estimator(data, use_baselines=False, quantiles=[0.9, 0.1, 0.5], **kw).predict(data)
    assert q.shape == (24, 3) and np.all(np.diff(q, axis=1) >= 0)


def test_naive_bootstrap_interval_is_ordered_and_reproducible():
    x, y = random_gaussian_task(1, 1, 1.0, 0).sample(60, seed=1)
    lo, hi = naive_bootstrap_interval(x, y, n_boot=10, seed=3)
    assert lo <= hi
    assert (lo, hi) == naive_bootstrap_interval(x, y, n_boot=10, seed=3)


def test_baseline_estimates_agree_on_a_gaussian():
    x, y = random_gaussian_task(2, 2, 1.0, 0).sample(3000, seed=0)
    est = baseline_estimates(x, y, default_estimator=False)
    assert set(est) == {"ksg", "cca", "copula"}
    assert abs(est["cca"] - 1.0) < 0.05 and abs(est["copula"] - 1.0) < 0.05 and abs(est["ksg"] - 1.0) < 0.15


def test_bad_input_is_rejected():
    with pytest.raises(ValueError, match="'mutual_information'"):
        random_gaussian_task(2, 2, -0.5)
    with pytest.raises(ValueError, match="'dim_x'"):
        random_gaussian_task(0, 2, 1.0)
    with pytest.raises(ValueError, match="'split'"):
        sample_meta_task("train", 0)
    with pytest.raises(ValueError, match="'max_dim'"):
        sample_meta_task("imd", 0, max_dim=1)
    with pytest.raises(ValueError, match="'max_mi'"):
        sample_meta_task("imd", 0, max_mi=0.0)
    with pytest.raises(ValueError, match="'max_dim'"):
        copula_rows(np.zeros((5, 3)) + np.arange(5)[:, None], np.arange(5.0), 2)
    with pytest.raises(ValueError, match="'n_tasks'"):
        build_meta_dataset(0, "imd", 0)
    with pytest.raises(ValueError, match="'n_range'"):
        build_meta_dataset(2, "imd", 0, n_range=(50, 20))
    with pytest.raises(ValueError, match="'n_boot'"):
        naive_bootstrap_interval(np.arange(20.0), np.arange(20.0) ** 2, n_boot=1)
    with pytest.raises(ValueError, match="'level'"):
        naive_bootstrap_interval(np.arange(20.0), np.arange(20.0) ** 2, level=1.0)
    data = build_meta_dataset(4, "imd", 0, n_range=(20, 20), max_dim=2, default_estimator=False)
    with pytest.raises(ValueError, match="'epochs'"):
        train_learned_estimator(data, use_baselines=False, epochs=0)
