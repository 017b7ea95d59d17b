"""Partial information decomposition: the canonical gates against published values and dit, identities, bad input."""

from __future__ import annotations

import dit
import numpy as np
import pytest
from dit.pid import PID_BROJA, PID_MMI, PID_WB
from hypothesis import given, settings
from hypothesis import strategies as st

from infolab.measures import (
    PartialInformation,
    pid_broja,
    pid_minimum_mutual_information,
    pid_williams_beer,
)


def _gate(rule, n_target):
    p = np.zeros((2, 2, n_target))
    for a in (0, 1):
        for b in (0, 1):
            p[a, b, rule(a, b)] += 0.25
    return p


RDN = np.zeros((2, 2, 2))
RDN[0, 0, 0] = RDN[1, 1, 1] = 0.5
GATES = {"xor": _gate(lambda a, b: a ^ b, 2), "and": _gate(lambda a, b: a & b, 2),
         "copy": _gate(lambda a, b: 2 * a + b, 4), "rdn": RDN, "unq": _gate(lambda a, b: a, 2)}

# Published values in bits, (R, U1, U2, S): Williams & Beer (2010), Barrett (2015), Bertschinger et al. (2014);
# I(T; S1) for AND is 1.5 - 0.75 log2 3 = 0.3113 bits.
AND_MI = 1.5 - 0.75 * np.log2(3)
PUBLISHED = {
    "xor": {"wb": (0, 0, 0, 1), "mmi": (0, 0, 0, 1), "broja": (0, 0, 0, 1)},
    "and": {m: (AND_MI, 0, 0, 0.5) for m in ("wb", "mmi", "broja")},
    "copy": {"wb": (1, 0, 0, 1), "mmi": (1, 0, 0, 1), "broja": (0, 1, 1, 0)},
    "rdn": {m: (1, 0, 0, 0) for m in ("wb", "mmi", "broja")},
    "unq": {m: (0, 1, 0, 0) for m in ("wb", "mmi", "broja")},
}
OURS = {"wb": pid_williams_beer, "mmi": pid_minimum_mutual_information, "broja": pid_broja}
DIT = {"wb": PID_WB, "mmi": PID_MMI, "broja": PID_BROJA}


def _values(d: PartialInformation):
    return d.redundancy, d.unique_1, d.unique_2, d.synergy


@pytest.mark.parametrize("gate", sorted(GATES))
@pytest.mark.parametrize("method", sorted(OURS))
def test_canonical_gates_match_the_published_values(gate, method):
    got = _values(OURS[method](GATES[gate], base=2))
    np.testing.assert_allclose(got, PUBLISHED[gate][method], atol=1e-6)


def _dit_values(p, method):
    outcomes, probs = [], []
    for s1, s2, t in np.ndindex(p.shape):
        if p[s1, s2, t] > 0:
            outcomes.append((s1, s2, t))
            probs.append(p[s1, s2, t])
    pid = DIT[method](dit.Distribution(outcomes, probs))
    return (pid.get_pi(((0,), (1,))), pid.get_pi(((0,),)), pid.get_pi(((1,),)), pid.get_pi(((0, 1),)))


@settings(max_examples=15)
@given(st.lists(st.floats(0.01, 1.0), min_size=12, max_size=12), st.sampled_from(sorted(OURS)))
def test_random_tables_agree_with_dit(weights, method):
    p = np.asarray(weights).reshape(2, 2, 3)
    p /= p.sum()
    ours, theirs = _values(OURS[method](p, base=2)), _dit_values(p, method)
    if method == "broja":
        # dit solves the program numerically and sometimes stops early (even at a negative redundancy);
        # a minimum of I(T; S1 | S2) is never above another feasible point's value
        assert ours[1] <= theirs[1] + 1e-4
    else:  # I_min and MMI are closed forms
        np.testing.assert_allclose(ours, theirs, atol=1e-9)


@settings(max_examples=10)
@given(st.lists(st.floats(0.05, 1.0), min_size=8, max_size=8))
def test_broja_unique_information_is_the_minimum_over_the_polytope(weights):
    """Binary sources and target: Δ_P is two-dimensional; a dense grid over it finds the same minimum."""
    from scipy.linalg import null_space

    p = np.asarray(weights).reshape(2, 2, 2)
    p /= p.sum()
    p1t, p2t, pt = p.sum(axis=1), p.sum(axis=0), p.sum(axis=(0, 1))
    start = (p1t[:, None, :] * p2t[None, :, :] / pt).ravel()
    rows = [np.kron(np.kron(np.eye(2)[i], np.ones(2)), np.eye(2)[t]) for i in range(2) for t in range(2)]
    rows += [np.kron(np.kron(np.ones(2), np.eye(2)[j]), np.eye(2)[t]) for j in range(2) for t in range(2)]
    basis = null_space(np.asarray(rows))
    assert basis.shape[1] == 2
    grid = np.linspace(-1, 1, 801)
    za, zb = np.meshgrid(grid, grid)
    q = start[:, None] + basis @ np.vstack([za.ravel(), zb.ravel()])
    q = q[:, (q >= 0).all(axis=0)].reshape(2, 2, 2, -1)
    q12 = q.sum(axis=2, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        h_t_12 = -np.where(q > 0, q * np.log2(q / q12), 0.0).sum(axis=(0, 1, 2))
    h_t_2 = -(p2t * np.log2(p2t / p2t.sum(axis=1, keepdims=True))).sum()
    grid_min = float((h_t_2 - h_t_12).min())
    got = pid_broja(p, base=2).unique_1
    assert got <= grid_min + 1e-9 and got == pytest.approx(grid_min, abs=2e-3)


@given(st.lists(st.floats(0.0, 1.0), min_size=18, max_size=18))
def test_the_atoms_sum_to_the_informations(weights):
    p = np.asarray(weights).reshape(3, 2, 3)
    if p.sum() == 0:
        p = np.ones_like(p)
    p /= p.sum()
    from infolab.measures import mutual_information_pmf

    i1 = mutual_information_pmf(p.sum(axis=1))
    i2 = mutual_information_pmf(p.sum(axis=0))
    i12 = mutual_information_pmf(p.reshape(-1, 3))
    for func in OURS.values():
        d = func(p)
        assert d.total == pytest.approx(i12, abs=1e-9)
        assert d.redundancy + d.unique_1 == pytest.approx(i1, abs=1e-9)
        assert d.redundancy + d.unique_2 == pytest.approx(i2, abs=1e-9)
        assert min(d.unique_1, d.unique_2) >= -1e-7  # nonnegative up to the solver's rounding


def test_base_scales_and_input_is_untouched():
    p = GATES["and"].copy()
    p0 = p.copy()
    for func in OURS.values():
        nats, bits = func(p), func(p, base=2)
        np.testing.assert_allclose(np.asarray(_values(nats)) / np.log(2), _values(bits), atol=1e-12)
    np.testing.assert_array_equal(p, p0)


@pytest.mark.parametrize("func", list(OURS.values()))
@pytest.mark.parametrize(("pmf", "error", "message"), [
    (np.full((2, 2), 0.25), ValueError, "3-D table p\\[s1, s2, t\\]"),
    (np.full((2, 2, 2), 0.2), ValueError, "must sum to 1"),
    (np.full((2, 2, 2), np.nan), ValueError, "finite"),
    ("abc", TypeError, "array of probabilities"),
])
def test_bad_tables_are_refused(func, pmf, error, message):
    with pytest.raises(error, match=message):
        func(pmf)
