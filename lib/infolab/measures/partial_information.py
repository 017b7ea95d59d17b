"""Partial information decomposition of what two sources carry about a target (nats by default).

The information I(T; S1, S2) that two sources carry jointly about a target splits into
redundancy R (carried by either source), unique information U1 and U2 (by one source
only) and synergy S (only by the two together):

    I(T; S1, S2) = R + U1 + U2 + S,   I(T; S1) = R + U1,   I(T; S2) = R + U2.

The three equations leave one quantity free; each definition fixes it differently:

- ``pid_williams_beer``: R = I_min, the expected minimum over sources of the specific
  information each gives about the target value (Williams & Beer 2010);
- ``pid_minimum_mutual_information``: R = min(I(T;S1), I(T;S2)) (Barrett 2015), the
  decomposition of Gaussian systems;
- ``pid_broja``: U1 = min over distributions Q with the pair marginals Q(S1,T) = P(S1,T)
  and Q(S2,T) = P(S2,T) of I_Q(T; S1 | S2) (Bertschinger et al. 2014), a convex program
  solved here with SciPy's SLSQP from a feasible start.

They agree on the canonical gates except COPY (T = (S1, S2)), where I_min and MMI count
one bit as redundant and BROJA counts two bits of unique information.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.linalg import null_space
from scipy.optimize import LinearConstraint, minimize

from ..validation import check_probabilities, log_base

__all__ = ["PartialInformation", "pid_broja", "pid_minimum_mutual_information", "pid_williams_beer"]

_SOLVER_TOL = 1e-12


@dataclass(frozen=True)
class PartialInformation:
    """Redundancy, the two unique informations and synergy (in the base asked for); they sum to I(T; S1, S2)."""

    redundancy: float
    unique_1: float
    unique_2: float
    synergy: float

    @property
    def total(self) -> float:
        return self.redundancy + self.unique_1 + self.unique_2 + self.synergy


def _table(pmf: Any, func: str) -> np.ndarray:
    p = np.asarray(check_probabilities(pmf, "pmf", func=func))
    if p.ndim != 3:
        raise ValueError(f"The 'pmf' parameter of {func} must be a 3-D table p[s1, s2, t] (two sources, then the "
                         f"target). Got shape {p.shape} instead.")
    return p


def _mi(pxy: np.ndarray) -> float:
    """I(X; Y) in nats of a 2-D table."""
    px, py = pxy.sum(1, keepdims=True), pxy.sum(0, keepdims=True)
    mask = pxy > 0
    return float((pxy[mask] * np.log(pxy[mask] / (px @ py)[mask])).sum())


def _informations(p: np.ndarray) -> tuple[float, float, float]:
    """I(T;S1), I(T;S2), I(T;S1,S2) in nats."""
    i1 = _mi(p.sum(axis=1))
    i2 = _mi(p.sum(axis=0))
    i12 = _mi(p.reshape(-1, p.shape[2]))
    return i1, i2, i12


def _from_redundancy(p: np.ndarray, r: float, base: Any, func: str) -> PartialInformation:
    i1, i2, i12 = _informations(p)
    scale = log_base(base, func)
    u1, u2 = i1 - r, i2 - r
    return PartialInformation(redundancy=r / scale, unique_1=u1 / scale, unique_2=u2 / scale,
                              synergy=(i12 - r - u1 - u2) / scale)


def _grad_through(objective, start: np.ndarray, basis: np.ndarray, z: np.ndarray):
    value, grad = objective(start + basis @ z)
    return value, basis.T @ grad


def pid_williams_beer(pmf: Any, *, base: float | str = "e") -> PartialInformation:
    """Williams–Beer decomposition: redundancy I_min = Σ_t p(t) min_i I(T = t; S_i).

    Parameters
    ----------
    pmf : array_like, shape (|S1|, |S2|, |T|)
        Joint distribution p[s1, s2, t] of the two sources and the target.
    base : float or "e", default "e"
        Logarithm base (nats by default).

    Returns
    -------
    PartialInformation

    Notes
    -----
    The specific information I(T = t; S_i) = Σ_s p(s | t) log(p(t | s) / p(t)). I_min
    counts information about the same target value as redundant even when the sources
    say different things about it, which is why COPY gets one redundant bit.

    References
    ----------
    P. L. Williams, R. D. Beer, "Nonnegative decomposition of multivariate information",
    arXiv:1004.2515 (2010).

    Examples
    --------
    >>> import numpy as np
    >>> and_gate = np.zeros((2, 2, 2))
    >>> for a in (0, 1):
    ...     for b in (0, 1):
    ...         and_gate[a, b, a & b] = 0.25
    >>> d = pid_williams_beer(and_gate, base=2)
    >>> round(d.redundancy, 4), round(d.unique_1, 4), round(d.synergy, 4)
    (0.3113, 0.0, 0.5)
    """
    func = "pid_williams_beer"
    p = _table(pmf, func)
    pt = p.sum(axis=(0, 1))
    specific = []
    for joint in (p.sum(axis=1), p.sum(axis=0)):  # p[s, t] for each source
        ps = joint.sum(axis=1, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            p_s_given_t = np.where(pt > 0, joint / pt, 0.0)
            ratio = np.where(joint > 0, joint / (ps * pt), 1.0)  # p(t|s) / p(t)
        specific.append((p_s_given_t * np.log(ratio)).sum(axis=0))
    r = float((pt * np.minimum(*specific)).sum())
    return _from_redundancy(p, r, base, func)


def pid_minimum_mutual_information(pmf: Any, *, base: float | str = "e") -> PartialInformation:
    """Minimum-mutual-information decomposition: redundancy min(I(T;S1), I(T;S2)).

    One unique information is always 0. For jointly Gaussian sources and a univariate
    target the common PID definitions reduce to this one (Barrett 2015).

    Parameters
    ----------
    pmf : array_like, shape (|S1|, |S2|, |T|)
        Joint distribution p[s1, s2, t] of the two sources and the target.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    PartialInformation
        Redundancy, the two unique informations and synergy, all >= 0; they
        sum to I(T; S1, S2).

    Notes
    -----
    Synergy is I(T; S1, S2) − max(I(T;S1), I(T;S2)), and the source with the
    smaller mutual information has no unique information by construction.
    Right for Gaussian systems with a univariate target; for discrete gates it
    can differ from :func:`pid_broja` (on COPY it counts one redundant bit
    where BROJA counts two unique bits). Costs one pass over the table.

    References
    ----------
    A. B. Barrett, "Exploration of synergistic and redundant information sharing in static
    and dynamical Gaussian systems", Phys. Rev. E 91 (2015), arXiv:1411.2832.

    Examples
    --------
    >>> import numpy as np
    >>> copy = np.zeros((2, 2, 4))
    >>> for a in (0, 1):
    ...     for b in (0, 1):
    ...         copy[a, b, 2 * a + b] = 0.25
    >>> d = pid_minimum_mutual_information(copy, base=2)
    >>> round(d.redundancy, 12), round(d.synergy, 12)
    (1.0, 1.0)
    """
    func = "pid_minimum_mutual_information"
    p = _table(pmf, func)
    i1, i2, _ = _informations(p)
    return _from_redundancy(p, min(i1, i2), base, func)


def pid_broja(pmf: Any, *, base: float | str = "e") -> PartialInformation:
    """BROJA decomposition: unique information as a minimum of I(T; S1 | S2) over the pair-marginal polytope.

    Parameters
    ----------
    pmf : array_like, shape (|S1|, |S2|, |T|)
        Joint distribution p[s1, s2, t].
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    PartialInformation

    Notes
    -----
    U1 = min_{Q ∈ Δ_P} I_Q(T; S1 | S2), where Δ_P holds the distributions with P's
    marginals on (S1, T) and (S2, T). Since H_Q(T | S2) is fixed on Δ_P, this maximises the
    concave H_Q(T | S1, S2); SLSQP moves in the null space of the marginal constraints from the
    feasible Q = P(S1,T) P(S2,T) / P(T), on the support the marginals allow. Results agree with dit's ``PID_BROJA``
    to about 1e-7 on the canonical gates; larger alphabets are slower (one variable per
    allowed (s1, s2, t)).

    References
    ----------
    N. Bertschinger, J. Rauh, E. Olbrich, J. Jost, N. Ay, "Quantifying unique information",
    Entropy 16 (2014), arXiv:1311.2852.

    Examples
    --------
    >>> import numpy as np
    >>> copy = np.zeros((2, 2, 4))
    >>> for a in (0, 1):
    ...     for b in (0, 1):
    ...         copy[a, b, 2 * a + b] = 0.25
    >>> d = pid_broja(copy, base=2)
    >>> round(d.redundancy, 6), round(d.unique_1, 6), round(d.unique_2, 6), round(d.synergy, 6)
    (0.0, 1.0, 1.0, 0.0)
    """
    func = "pid_broja"
    p = _table(pmf, func)
    p1t, p2t = p.sum(axis=1), p.sum(axis=0)  # p[s1, t], p[s2, t]
    pt = p.sum(axis=(0, 1))
    allowed = (p1t[:, None, :] > 0) & (p2t[None, :, :] > 0)
    idx = np.argwhere(allowed)
    with np.errstate(divide="ignore", invalid="ignore"):
        start = np.where(allowed, p1t[:, None, :] * p2t[None, :, :] / pt[None, None, :], 0.0)[allowed]
    n1, n2, _ = p.shape
    pair = idx[:, 0] * n2 + idx[:, 1]  # the (s1, s2) cell of each variable

    def objective(q):
        """−H_Q(T | S1, S2) and its gradient log q(s1,s2,t) / q(s1,s2)."""
        q = np.maximum(q, 0.0)
        q12 = np.bincount(pair, weights=q, minlength=n1 * n2)
        with np.errstate(divide="ignore", invalid="ignore"):
            cond = np.where(q > 0, q / q12[pair], 1.0)
        value = float((q * np.log(cond)).sum())
        return value, np.log(np.maximum(cond, 1e-300))

    rows = []
    for s1, t in np.argwhere(p1t > 0):
        rows.append((idx[:, 0] == s1) & (idx[:, 2] == t))
    for s2, t in np.argwhere(p2t > 0):
        rows.append((idx[:, 1] == s2) & (idx[:, 2] == t))
    a = np.asarray(rows, dtype=float)
    # Δ_P is {start + N z : start + N z >= 0}, with N a basis of the null space of the marginal constraints
    basis = null_space(a)
    q_opt = start
    if basis.shape[1]:
        fun = lambda z: _grad_through(objective, start, basis, z)  # noqa: E731
        positive = [{"type": "ineq", "fun": lambda z: start + basis @ z, "jac": lambda z: basis}]
        result = minimize(fun, np.zeros(basis.shape[1]), jac=True, method="SLSQP", constraints=positive,
                          options={"ftol": _SOLVER_TOL, "maxiter": 1000})
        if not result.success:  # SLSQP can stall on a face of the polytope; the interior-point solver does not
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)  # "delta_grad == 0.0": converged on a flat face
                result = minimize(fun, np.zeros(basis.shape[1]), jac=True, method="trust-constr",
                                  constraints=[LinearConstraint(basis, -start, np.inf)],
                                  options={"gtol": 1e-12, "xtol": 1e-14, "maxiter": 5000})
        if not result.success:
            raise RuntimeError(f"The convex program of {func} did not converge ({result.message}); the "
                               "decomposition would be unreliable.")
        q_opt = start + basis @ result.x
        if q_opt.min() < -1e-9:
            raise RuntimeError(f"The convex program of {func} left the probability simplex (min {q_opt.min():.2g}).")
    q = np.zeros_like(p)
    q[allowed] = np.maximum(q_opt, 0.0)  # SLSQP may end a rounding error (< 1e-9) below a 0 bound
    i1, _, _ = _informations(p)
    # U1 = I_Q(T; S1 | S2) = H_Q(T | S2) - H_Q(T | S1, S2), with H(T | S2) that of P
    q12 = q.sum(axis=2, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        h_t_given_12 = -float(np.where(q > 0, q * np.log(q / q12), 0.0).sum())
        p2 = p2t.sum(axis=1, keepdims=True)
        h_t_given_2 = -float(np.where(p2t > 0, p2t * np.log(p2t / p2), 0.0).sum())
    u1 = h_t_given_2 - h_t_given_12  # >= 0 up to the solver's rounding
    return _from_redundancy(p, i1 - u1, base, func)
