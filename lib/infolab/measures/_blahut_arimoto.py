"""The alternating-minimisation (Blahut-Arimoto) core shared by the rate/distortion family.

Every Blahut-Arimoto style computation of the package (rate-distortion,
rate-fidelity, channel capacity, the discrete information bottleneck and the
causal rate-distortion recursion) runs through :func:`iterate`, which owns the
one stopping rule: stop at the first iteration whose residual is below
``tol``; if ``max_iter`` iterations pass without that, raise ``ValueError``
naming ``max_iter``, ``tol`` and the residual reached. There is no silent
"not converged" flag.

:func:`output_law_fixed_point` is the classical rate-distortion iteration for a
fixed positive kernel K(x, y) (e^{-s d(x, y)} for rate-distortion, m(x, y)^s for
rate-fidelity):

    W(y|x) = q(y) K(x, y) / Σ_y' q(y') K(x, y'),     q(y) ← Σ_x p(x) W(y|x),

and :func:`capacity_fixed_point` is Blahut's iteration for the capacity of a
channel W(y|x):

    r(x) ← r(x) exp D(x) / Σ_x' r(x') exp D(x'),     D(x) = KL(W(·|x) ‖ r W),

whose residual max_x D(x) − Σ_x r(x) D(x) = max_x D(x) − I(r; W) is an
upper bound on C − I(r; W), since C ≤ max_x D(x) for every input law r
(Blahut 1972, Theorem 2); its steps may be lengthened to r e^{μ D} (Matz and
Duhamel 2004), since that bound holds whatever produced r.

References
----------
.. [1] R. Blahut, "Computation of channel capacity and rate-distortion
   functions", IEEE Trans. Inf. Theory 18(4), 460-473 (1972),
   doi:10.1109/TIT.1972.1054855.
.. [2] S. Arimoto, "An algorithm for computing the capacity of arbitrary
   discrete memoryless channels", IEEE Trans. Inf. Theory 18(1), 14-20 (1972),
   doi:10.1109/TIT.1972.1054753.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

__all__: list[str] = []   # private: nothing is re-exported


class Iterated(NamedTuple):
    """The fixed point reached by :func:`iterate`: final state, iterations used, last residual."""

    state: Any
    iterations: int
    residual: float


def iterate(step: Callable[[Any], tuple[Any, float]], state: Any, *, tol: float, max_iter: int, func: str,
            what: str, context: str = "") -> Iterated:
    """Apply ``state, residual = step(state)`` until ``residual < tol``; raise after ``max_iter`` steps.

    ``what`` names the residual in the error message (e.g. "the change of the
    output law (max norm)"), ``context`` adds where it happened (e.g. " at
    slope 2.0").
    """
    residual = float("inf")
    for it in range(1, max_iter + 1):
        state, residual = step(state)
        if residual < tol:
            return Iterated(state, it, float(residual))
    raise ValueError(
        f"The 'max_iter' parameter of {func} ({max_iter}) was too small to reach tol={tol:g}{context}: "
        f"after {max_iter} iterations {what} was still {residual:.3g}. Raise 'max_iter' or loosen 'tol'."
    )


def channel_from_kernel(kernel: np.ndarray, q: np.ndarray) -> np.ndarray:
    """W(y|x) ∝ q(y) K(x, y), rows normalised."""
    w = kernel * q
    w /= w.sum(axis=1, keepdims=True)
    return w


def output_law_fixed_point(p: np.ndarray, kernel: np.ndarray, q0: np.ndarray, *, tol: float, max_iter: int,
                           func: str, context: str = "") -> tuple[np.ndarray, np.ndarray, int]:
    """Rate-distortion iteration for a fixed kernel: returns the output law q, the channel W and the iterations.

    The residual is max_y |q_new(y) − q(y)|; W is recomputed from the final q.
    """

    def step(q: np.ndarray) -> tuple[np.ndarray, float]:
        q_new = p @ channel_from_kernel(kernel, q)
        return q_new, float(np.max(np.abs(q_new - q)))

    out = iterate(step, q0, tol=tol, max_iter=max_iter, func=func,
                  what="the change of the output law (max norm)", context=context)
    return out.state, channel_from_kernel(kernel, out.state), out.iterations


class _InputLaw(NamedTuple):
    """An iterate of :func:`capacity_fixed_point`: the law r, D(x) at r, I(r; W) and the next step size."""

    r: np.ndarray
    d: np.ndarray
    info: float
    mu: float


_MU_GROWTH = 1.5      # step-size growth after an accepted step
_MU_MAX = 64.0        # largest step size tried
_MASS_FLOOR = 1e-300  # no input law reaches exactly 0, so a step never removes an input for good


def capacity_fixed_point(channel: np.ndarray, *, tol: float, max_iter: int,
                         func: str) -> tuple[np.ndarray, int, float]:
    """Blahut-Arimoto for capacity from the uniform input: returns the input law r, iterations and the gap.

    The residual of an iterate r is the gap max_x D(x) − Σ_x r(x) D(x)
    between Blahut's upper bound on the capacity and I(r; W) (nats), so the
    returned r, the iterate whose gap fell below ``tol``, has I(r; W) within
    ``tol`` of C. D(x) is Σ_y W log W − Σ_y W log q with 0 log 0 = 0 (the
    first sum computed once); an output with q(y) = 0 is reached by no input
    of positive mass and contributes nothing.

    Each iteration is the step r ← r e^{μ D} / Σ r e^{μ D}: μ = 1 is
    Blahut's, which never decreases I(r; W); larger μ is the accelerated
    (natural-gradient) step of Matz and Duhamel, which shortens the slow
    geometric decay of inputs outside the optimal support. μ grows by 1.5
    (up to 64) after each step that increased I(r; W); a step that did not is
    replaced by Blahut's step from the same iterate, and μ restarts at 1.
    The stopping rule and the bound it certifies do not depend on μ.

    G. Matz, P. Duhamel, "Information geometric formulation and
    interpretation of accelerated Blahut-Arimoto-type algorithms", Proc.
    IEEE Information Theory Workshop, San Antonio (2004).
    """
    neg_h = np.einsum("ij,ij->i", channel, np.log(channel, out=np.zeros_like(channel), where=channel > 0))

    def law(r: np.ndarray, mu: float) -> _InputLaw:
        q = r @ channel
        log_q = np.log(q) if float(q.min()) > 0.0 else np.log(q, out=np.zeros_like(q), where=q > 0)
        d = neg_h - channel @ log_q
        return _InputLaw(r, d, float(r @ d), mu)

    def moved(cur: _InputLaw, top: float, mu: float) -> np.ndarray:
        r = cur.d - top
        if mu != 1.0:
            r *= mu
        np.exp(r, out=r)
        r *= cur.r
        r /= r.sum()
        np.maximum(r, _MASS_FLOOR, out=r)
        return r

    def step(cur: _InputLaw) -> tuple[_InputLaw, float]:
        top = float(cur.d.max())
        gap = top - cur.info                        # max D − I(r; W), ≥ 0 up to rounding
        if gap < tol:
            return cur, gap
        if cur.mu > 1.0:
            trial = law(moved(cur, top, cur.mu), min(cur.mu * _MU_GROWTH, _MU_MAX))
            if trial.info >= cur.info:
                return trial, gap
            return law(moved(cur, top, 1.0), 1.0), gap
        return law(moved(cur, top, 1.0), _MU_GROWTH), gap

    n_x = channel.shape[0]
    out = iterate(step, law(np.full(n_x, 1.0 / n_x), 1.0), tol=tol, max_iter=max_iter, func=func,
                  what="the gap between the upper and lower capacity bounds (nats)")
    return out.state.r, out.iterations, out.residual


def joint_information(joint: np.ndarray) -> float:
    """I(X; Y) in nats of a table p[x, y], term by term over the support (never below 0)."""
    px = joint.sum(axis=1, keepdims=True)
    py = joint.sum(axis=0, keepdims=True)
    rows, cols = np.nonzero(joint > 0)
    mass = joint[rows, cols]
    val = float(np.sum(mass * (np.log(mass) - np.log(px[rows, 0]) - np.log(py[0, cols]))))
    return max(val, 0.0)
