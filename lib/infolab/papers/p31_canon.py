"""A toy RLVR setting for notebook 31 (CANON): tabular length policies trained with grouped advantages.

Each prompt has a softmax policy over ``n_lengths`` response lengths 1..K
(the response metric) and a success probability for each length; a response's
reward is Bernoulli(success). Three prompt families set how success depends on
length: ``"long"`` (longer answers succeed more often), ``"short"`` (the
mirror image) and ``"null"`` (the same success values in a random order, so
length carries no information about reward on average). A training step draws
a group of G responses per prompt, turns the rewards into advantages with the
estimator under test, and takes an Adam step on the REINFORCE objective
(1/G) sum_i A_i log pi(a_i), whose gradient in the logits is exact for a
tabular softmax: (1/G) sum_i A_i (e_{a_i} - pi).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..models import Adam, canon_advantage, dr_grpo_advantage, grpo_advantage, softmax

__all__ = ["LengthTask", "make_length_task", "ESTIMATORS", "train_length_policy"]

FAMILIES = ("long", "short", "null")


@dataclass(frozen=True)
class LengthTask:
    """Prompts with a success probability per response length: ``success[q, a]`` for length a + 1."""

    success: np.ndarray
    family: np.ndarray

    @property
    def n_lengths(self) -> int:
        return self.success.shape[1]

    @property
    def lengths(self) -> np.ndarray:
        return np.arange(1, self.n_lengths + 1, dtype=float)


def make_length_task(families, n_lengths: int, *, low: float = 0.15, high: float = 0.75, noise: float = 0.1,
                     mirrored: bool = False, seed=0) -> LengthTask:
    """One prompt per entry of ``families``; success rises linearly from ``low`` to ``high`` with length
    (``"long"``), falls (``"short"``) or is a random permutation of a rising profile (``"null"``), plus
    uniform noise of half-width ``noise`` per (prompt, length), kept inside [0, 1].

    ``mirrored=True`` appends the mirror image of every prompt (success reversed in length, same family
    name), so that on ``"null"`` prompts no length direction is favoured even within one draw."""
    rng = np.random.default_rng(seed)
    families = np.asarray(families)
    if not set(families.tolist()) <= set(FAMILIES):
        raise ValueError(f"The 'families' parameter of make_length_task must name families in {FAMILIES}. "
                         f"Got {sorted(set(families.tolist()))} instead.")
    ramp = np.linspace(low, high, n_lengths)
    success = np.empty((len(families), n_lengths))
    for q, fam in enumerate(families):
        s = ramp + rng.uniform(-noise, noise, n_lengths)
        if fam == "short":
            s = s[::-1]
        elif fam == "null":
            s = rng.permutation(s)
        success[q] = s
    if mirrored:
        success, families = np.concatenate([success, success[:, ::-1]]), np.concatenate([families, families])
    return LengthTask(np.clip(success, 0.0, 1.0), families)


def _dr_random(r, m, rng):
    return canon_advantage(r, rng.random(r.shape), mu=1.0)


ESTIMATORS = {
    "GRPO": lambda r, m, rng: grpo_advantage(r),
    "Dr.GRPO": lambda r, m, rng: dr_grpo_advantage(r),
    "CANON-Inter": lambda r, m, rng: canon_advantage(r, m, mu=1.0),
    "CANON-Intra": lambda r, m, rng: canon_advantage(r, m, mu=0.0),
    "random split": _dr_random,
}


def train_length_policy(task: LengthTask, estimator: str, *, steps: int, group_size: int, lr: float = 0.05,
                        mu: float | None = None, shaping: float = 0.0, seed=0) -> dict:
    """Train one tabular policy per prompt; return the exact expected accuracy and length per step.

    ``estimator`` is a key of :data:`ESTIMATORS`, or ``"CANON"`` with an inter weight ``mu``.
    ``shaping`` c != 0 trains Dr.GRPO on the shaped reward r + c * length / K (a directional prior:
    c > 0 favours long answers, c < 0 short ones); the accuracy reported is always that of the
    unshaped task.
    """
    rng = np.random.default_rng(seed)
    n, k = task.success.shape
    lengths = task.lengths
    theta = {"logits": np.zeros((n, k))}
    opt = Adam(lr=lr)
    acc, mean_len = np.empty((steps + 1, n)), np.empty((steps + 1, n))
    rows = np.arange(n)[:, None]
    for t in range(steps + 1):
        pi = softmax(theta["logits"], axis=1)
        acc[t] = (pi * task.success).sum(axis=1)
        mean_len[t] = pi @ lengths
        if t == steps:
            break
        u = rng.random((n, group_size, 1))
        actions = (u > np.cumsum(pi, axis=1)[:, None, :]).sum(axis=2)
        actions = np.minimum(actions, k - 1)
        rewards = (rng.random((n, group_size)) < task.success[rows, actions]).astype(float)
        metric = lengths[actions]
        if shaping != 0.0:
            adv = dr_grpo_advantage(rewards + shaping * metric / k)
        elif estimator == "CANON":
            adv = canon_advantage(rewards, metric, mu=mu)
        else:
            adv = ESTIMATORS[estimator](rewards, metric, rng)
        counts = np.zeros((n, k))
        np.add.at(counts, (np.repeat(np.arange(n), group_size), actions.ravel()), adv.ravel())
        grad = (counts - adv.sum(axis=1, keepdims=True) * pi) / group_size
        opt.step(theta, {"logits": -grad})   # Adam minimises: ascend the objective
    return {"accuracy": acc, "length": mean_len}
