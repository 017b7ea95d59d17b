"""Multivariate information: exact tables against dit, Gaussian closed forms, kNN and copula estimates."""

from __future__ import annotations

import dit
import numpy as np
import pytest
from dit.multivariate import (
    coinformation,
    dual_total_correlation,
    interaction_information,
    o_information,
    s_information,
    total_correlation,
)
from hypothesis import given
from hypothesis import strategies as st

from infolab.measures import (
    co_information_from_samples,
    co_information_pmf,
    dual_total_correlation_from_samples,
    dual_total_correlation_pmf,
    interaction_information_from_samples,
    interaction_information_pmf,
    o_information_from_samples,
    o_information_pmf,
    s_information_from_samples,
    s_information_pmf,
    total_correlation_from_samples,
    total_correlation_pmf,
)

PMF = {"tc": total_correlation_pmf, "dtc": dual_total_correlation_pmf, "o": o_information_pmf,
       "s": s_information_pmf, "coi": co_information_pmf, "ii": interaction_information_pmf}
SAMPLES = {"tc": total_correlation_from_samples, "dtc": dual_total_correlation_from_samples,
           "o": o_information_from_samples, "s": s_information_from_samples,
           "coi": co_information_from_samples, "ii": interaction_information_from_samples}
DIT = {"tc": total_correlation, "dtc": dual_total_correlation, "o": o_information, "s": s_information,
       "coi": coinformation, "ii": interaction_information}


def _dit(pmf: np.ndarray) -> dit.Distribution:
    outcomes = [tuple(int(v) for v in idx) for idx in np.ndindex(pmf.shape)]
    return dit.Distribution(outcomes, [float(pmf[idx]) for idx in np.ndindex(pmf.shape)])


@st.composite
def joint_tables(draw):
    shape = tuple(draw(st.lists(st.integers(2, 3), min_size=2, max_size=4)))
    weights = draw(st.lists(st.floats(0.0, 1.0), min_size=int(np.prod(shape)), max_size=int(np.prod(shape))))
    w = np.asarray(weights).reshape(shape)
    if w.sum() == 0:
        w = np.ones(shape)
    return w / w.sum()


@given(joint_tables())
def test_tables_agree_with_dit(pmf):
    d = _dit(pmf)
    for key, func in PMF.items():
        assert func(pmf, base=2) == pytest.approx(DIT[key](d), abs=1e-9), key


def test_canonical_tables():
    xor = np.zeros((2, 2, 2))
    for a in (0, 1):
        for b in (0, 1):
            xor[a, b, a ^ b] = 0.25
    copy = np.zeros((2, 2, 2))
    copy[0, 0, 0] = copy[1, 1, 1] = 0.5
    independent = np.full((2, 2, 2), 1 / 8)
    expected = {  # bits: (TC, DTC, O, S, CoI, II)
        "xor": (xor, (1, 2, -1, 3, -1, 1)),
        "copy": (copy, (2, 1, 1, 3, 1, -1)),
        "independent": (independent, (0, 0, 0, 0, 0, 0)),
    }
    for name, (pmf, values) in expected.items():
        got = [PMF[key](pmf, base=2) for key in ("tc", "dtc", "o", "s", "coi", "ii")]
        np.testing.assert_allclose(got, values, atol=1e-12, err_msg=name)


def _gaussian_exact(cov: np.ndarray, blocks: list[list[int]]) -> dict[str, float]:
    """The six measures of a Gaussian from log-determinants, written out term by term (nats)."""
    def h(idx):
        sub = cov[np.ix_(idx, idx)]
        return 0.5 * (len(idx) * np.log(2 * np.pi * np.e) + np.linalg.slogdet(sub)[1])

    m = len(blocks)
    full = sum(blocks, [])
    singles = [h(b) for b in blocks]
    leave_out = [h(sum(blocks[:i] + blocks[i + 1:], [])) for i in range(m)]
    tc = sum(singles) - h(full)
    dtc = sum(leave_out) - (m - 1) * h(full)
    assert m == 3
    pairs = [h(blocks[i] + blocks[j]) for i, j in ((0, 1), (0, 2), (1, 2))]
    coi = sum(singles) - sum(pairs) + h(full)
    return {"tc": tc, "dtc": dtc, "o": tc - dtc, "s": tc + dtc, "coi": coi, "ii": -coi}


@pytest.fixture(scope="module")
def gaussian_case():
    rng = np.random.default_rng(0)
    a = rng.normal(size=(4, 4))
    cov = a @ a.T + 2 * np.eye(4)
    blocks = [[0], [1, 2], [3]]
    x = rng.multivariate_normal(np.zeros(4), cov, size=6000)
    return cov, blocks, [x[:, b] for b in blocks], _gaussian_exact(cov, blocks)


def test_gaussian_method_equals_the_closed_form_of_the_sample_covariance(gaussian_case):
    _, blocks, variables, _ = gaussian_case
    sample_cov = np.cov(np.hstack(variables), rowvar=False)
    exact = _gaussian_exact(sample_cov, [[0], [1, 2], [3]])
    for key, func in SAMPLES.items():
        assert func(variables, method="gaussian") == pytest.approx(exact[key], abs=1e-10), key


@pytest.mark.parametrize("method", ["knn", "gaussian_copula"])
def test_estimates_approach_the_gaussian_truth(gaussian_case, method):
    _, _, variables, exact = gaussian_case
    tolerance = 0.05 if method == "knn" else 0.02  # nats at n = 6000, 4 dimensions
    for key, func in SAMPLES.items():
        assert func(variables, method=method) == pytest.approx(exact[key], abs=tolerance), key


def test_the_copula_estimate_ignores_increasing_maps(gaussian_case):
    _, _, variables, _ = gaussian_case
    warped = [np.exp(variables[0]), variables[1] ** 3, np.arcsinh(5 * variables[2])]
    for key, func in SAMPLES.items():
        a = func(variables, method="gaussian_copula")
        assert func(warped, method="gaussian_copula") == pytest.approx(a, abs=1e-12), key


def test_two_variables_reduce_to_mutual_information():
    from infolab.measures import ksg_mutual_information

    rng = np.random.default_rng(1)
    x = rng.normal(size=(800, 2))
    y = x[:, :1] + rng.normal(size=(800, 1))
    assert total_correlation_from_samples([x, y], k=4) == pytest.approx(ksg_mutual_information(x, y, k=4), abs=1e-12)
    assert dual_total_correlation_from_samples([x, y], k=4) == pytest.approx(
        ksg_mutual_information(x, y, k=4), abs=1e-12)


def test_a_two_d_array_is_one_variable_per_column_and_inputs_are_untouched():
    rng = np.random.default_rng(2)
    x = rng.normal(size=(500, 3))
    x0 = x.copy()
    assert o_information_from_samples(x) == o_information_from_samples([x[:, 0], x[:, 1], x[:, 2]])
    np.testing.assert_array_equal(x, x0)


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: total_correlation_pmf([0.5, 0.5]), ValueError, "one axis per variable"),
    (lambda: total_correlation_pmf(np.full((2, 2), 0.3)), ValueError, "must sum to 1"),
    (lambda: total_correlation_pmf(np.full((2, 2), 0.25), base=1), ValueError, "'base' parameter"),
    (lambda: o_information_from_samples([np.ones(10)]), ValueError, "2 to 16 variables"),
    (lambda: o_information_from_samples("abc"), TypeError, "list of arrays"),
    (lambda: o_information_from_samples([np.arange(10.0), np.arange(9.0)]), ValueError, "same number of samples"),
    (lambda: o_information_from_samples([np.arange(10.0), np.full(10, np.nan)]), ValueError, "finite"),
    (lambda: o_information_from_samples([np.arange(10.0), np.arange(10) + 1j]), TypeError, "real numbers"),
    (lambda: o_information_from_samples(np.ones((10, 2)), method="binning"), ValueError, "'method' parameter"),
    (lambda: o_information_from_samples(np.random.default_rng(0).normal(size=(10, 2)), k=10), ValueError,
     "'k' parameter"),
    (lambda: o_information_from_samples(np.random.default_rng(0).normal(size=(10, 2)), method="gaussian", k=3),
     ValueError, "applies only to method='knn'"),
    (lambda: o_information_from_samples([np.arange(10.0), np.zeros(10)]), ValueError, "is constant"),
    (lambda: total_correlation_from_samples([np.arange(10.0), 2 * np.arange(10.0)], method="gaussian"),
     ValueError, "singular covariance"),
])
def test_bad_input_is_refused_with_the_argument_named(call, error, message):
    with pytest.raises(error, match=message):
        call()
