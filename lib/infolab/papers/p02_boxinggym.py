"""Sequential design on a grid for the BoxingGym death process: exact EIG of many designs at once."""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.special import xlogy

from infolab.data.experiment_design import GridExperiment

__all__ = ["batch_grid_eig", "sequential_design"]


def batch_grid_eig(pmfs: Any, weights: Any) -> np.ndarray:
    """Exact EIG (nats) of D designs at once: I(θ; y) = H[y] − E_θ H[y | θ].

    ``pmfs`` has shape (D, G, K) (outcome law of each design at each grid node), ``weights``
    (G,) the current law of θ on the grid (summing to one).
    """
    p = np.asarray(pmfs, dtype=float)
    w = np.asarray(weights, dtype=float)
    if p.ndim != 3 or w.ndim != 1 or p.shape[1] != w.shape[0]:
        raise ValueError(f"The 'pmfs' parameter of batch_grid_eig must have shape (D, G, K) with G = len(weights). "
                         f"Got {p.shape} and {w.shape} instead.")
    marginal = np.einsum("g,dgk->dk", w, p)
    cond = -np.einsum("g,dg->d", w, xlogy(p, p).sum(axis=2))
    return np.maximum(-xlogy(marginal, marginal).sum(axis=1) - cond, 0.0)


def sequential_design(model: GridExperiment, strategy: str, *, n_steps: int, candidates: Any, n_random: int,
                      low: float, high: float, seed: Any, n_grid: Any = None) -> dict[str, np.ndarray]:
    """Run ``n_steps`` experiments on one simulated individual population with exact grid posteriors.

    ``strategy`` is "random" (a design uniform on [low, high]) or "greedy" (the candidate with the largest
    exact EIG under the current posterior). At each step the regret is max EIG over ``n_random`` fresh random
    designs minus the EIG of the chosen design. Returns per-step chosen EIG, regret and the posterior's
    differential entropy (nats, from the grid), plus the true θ.
    """
    if strategy not in ("random", "greedy"):
        raise ValueError(f"The 'strategy' parameter of sequential_design must be 'random' or 'greedy'. "
                         f"Got {strategy!r} instead.")
    rng = np.random.default_rng(seed)
    theta, w = model.grid(n_grid)
    width = float(theta[1, 0] - theta[0, 0])
    true_theta = model.sample_prior(1, rng)
    cand = np.asarray(candidates, dtype=float)
    cand_pmf = np.stack([model.outcome_pmf(theta, c) for c in cand])
    eig_chosen, regret, entropy = [], [], []
    for _ in range(n_steps):
        rand = rng.uniform(low, high, size=n_random)
        rand_eig = batch_grid_eig(np.stack([model.outcome_pmf(theta, r) for r in rand]), w)
        if strategy == "greedy":
            e = batch_grid_eig(cand_pmf, w)
            i = int(np.argmax(e))
            xi, pmf, chosen = cand[i], cand_pmf[i], float(e[i])
        else:
            xi, pmf, chosen = rand[0], model.outcome_pmf(theta, rand[0]), float(rand_eig[0])
            rand_eig = rand_eig[1:]
        y = int(np.asarray(model.sample_outcome(true_theta, xi, rng)).reshape(-1)[0])
        w = w * pmf[:, y]
        w = w / w.sum()
        eig_chosen.append(chosen)
        regret.append(float(rand_eig.max()) - chosen)
        nz = w[w > 0]
        entropy.append(float(-(nz * np.log(nz / width)).sum()))
    return {"eig": np.array(eig_chosen), "regret": np.array(regret), "entropy": np.array(entropy),
            "theta": float(true_theta.reshape(-1)[0])}
