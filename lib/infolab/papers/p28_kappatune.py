"""Paper 28 (KappaTune): the fixed-norm log-volume bound and a small selective fine-tuning experiment.

* :func:`max_log_volume_at_condition` maximises Σ log σ_i over spectra with a
  given Frobenius norm and condition number, numerically (a 1-D search) and
  in closed form.
* :func:`selective_finetuning` pre-trains a one-hidden-layer "mixture of
  experts"-like MLP on digits 0-4, then fine-tunes it on digits 5-9 updating
  only the expert blocks chosen by their condition number (lowest, highest,
  random) or every parameter, and reports new-task accuracy and forgetting.

References
----------
.. [1] O. Ludwig, "The condition number as a scale-invariant proxy for
   information encoding in neural units", arXiv:2506.16289 (2025).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from scipy.optimize import minimize_scalar
from threadpoolctl import threadpool_limits

from ..measures import condition_number
from ..models import MLP, Adam, softmax_cross_entropy
from ..validation import check_choice, check_int, check_real, check_rng

__all__ = ["max_log_volume_at_condition", "max_log_volume_closed_form", "selective_finetuning", "SELECTIONS"]

SELECTIONS = ("lowest_kappa", "highest_kappa", "random", "full")


def max_log_volume_closed_form(n: int, frobenius_sq: float, kappa: float) -> float:
    """max Σ log σ_i subject to Σ σ_i² = c and σ_max/σ_min = κ (n ≥ 2 singular values).

    With σ_max = a, σ_min = a/κ fixed, the middle n - 2 values are equal at
    the optimum (AM-GM), and the stationary point in a gives m² = c/n and
    a² = 2c / (n (1 + κ⁻²)), hence (n/2) log(c/n) + log(2κ / (1 + κ²)).

    Examples
    --------
    >>> round(max_log_volume_closed_form(16, 16.0, 2.0), 6)
    -0.223144
    """
    n = check_int(n, "n", low=2, func="max_log_volume_closed_form")
    c = check_real(frobenius_sq, "frobenius_sq", low=0.0, low_open=True, func="max_log_volume_closed_form")
    k = check_real(kappa, "kappa", low=1.0, func="max_log_volume_closed_form")
    return 0.5 * n * math.log(c / n) + math.log(2.0 * k / (1.0 + k * k))


def max_log_volume_at_condition(n: int, frobenius_sq: float, kappa: float, *, xatol: float = 1e-12) -> float:
    """The same maximum by a bounded 1-D search over σ_max (middle values set equal), no closed form used.

    The feasible σ_max = a keeps the middle value m = sqrt((c - a²(1 + κ⁻²)) / (n - 2))
    inside [a/κ, a]. For n = 2 there is nothing to search: a² = c / (1 + κ⁻²).
    """
    func = "max_log_volume_at_condition"
    n = check_int(n, "n", low=2, func=func)
    c = check_real(frobenius_sq, "frobenius_sq", low=0.0, low_open=True, func=func)
    k = check_real(kappa, "kappa", low=1.0, func=func)
    s = 1.0 + k ** -2
    if n == 2:
        a2 = c / s
        return math.log(a2) - math.log(k)
    mid = n - 2

    def negative(a: float) -> float:
        m2 = (c - a * a * s) / mid
        return -(2.0 * math.log(a) - math.log(k) + 0.5 * mid * math.log(m2))

    a_low = math.sqrt(c / (s + mid))  # m = a
    a_high = math.sqrt(c / (s + mid / (k * k)))  # m = a / κ
    if a_high - a_low <= 1e-15 * a_high:
        return -negative(a_low)
    res = minimize_scalar(negative, bounds=(a_low, a_high), method="bounded", options={"xatol": xatol})
    return -float(res.fun)


def _digits_tasks(rng: np.random.Generator, test_fraction: float):
    from sklearn.datasets import load_digits  # noqa: PLC0415

    digits = load_digits()
    x = digits.data / 16.0
    y = digits.target.astype(np.int64)
    order = rng.permutation(len(y))
    n_test = int(round(test_fraction * len(y)))
    test, train = order[:n_test], order[n_test:]
    tasks = {}
    for name, classes in (("A", np.arange(5)), ("B", np.arange(5, 10))):
        tr = train[np.isin(y[train], classes)]
        te = test[np.isin(y[test], classes)]
        tasks[name] = dict(classes=classes, x_train=x[tr], y_train=y[tr], x_test=x[te], y_test=y[te])
    return tasks


def _task_accuracy(net: MLP, task: dict, split: str = "test") -> float:
    """Accuracy with the arg-max taken over the task's own classes (task-aware evaluation)."""
    logits = net.predict(task[f"x_{split}"])[:, task["classes"]]
    return float(np.mean(task["classes"][np.argmax(logits, axis=1)] == task[f"y_{split}"]))


def _task_loss(net: MLP, task: dict) -> float:
    loss, _ = softmax_cross_entropy(net.predict(task["x_train"]), task["y_train"])
    return loss


def _block_kappas(net: MLP, n_blocks: int, block_width: int) -> np.ndarray:
    w = net.params["W0"]
    stack = np.stack([w[:, i * block_width:(i + 1) * block_width] for i in range(n_blocks)])
    return condition_number(stack)


def _train_steps(net: MLP, opt: Adam, task: dict, steps: int, batch_size: int, rng: np.random.Generator,
                 masks: dict | None, monitor: dict | None = None, eval_every: int = 0) -> list:
    history = []
    n = task["x_train"].shape[0]
    for step in range(1, steps + 1):
        idx = rng.integers(0, n, size=batch_size)
        _, g = softmax_cross_entropy(net.forward(task["x_train"][idx], train=True), task["y_train"][idx])
        grads = net.backward(g)
        if masks is not None:
            grads = {k: v * masks[k] for k, v in grads.items()}
        opt.step(net.params, grads)
        if monitor is not None and eval_every and (step % eval_every == 0 or step == steps):
            history.append(dict(step=step, new_task_train_loss=_task_loss(net, task),
                                old_task_accuracy=_task_accuracy(net, monitor)))
    return history


def selective_finetuning(*, n_blocks: int = 16, block_width: int = 32, n_selected: int = 4,
                         pretrain_steps: int = 600, finetune_steps: int = 200, batch_size: int = 64,
                         lr: float = 1e-3, eval_every: int = 20, test_fraction: float = 0.3,
                         selections=SELECTIONS, seed: Any = 0) -> dict:
    """Pre-train on digits 0-4, fine-tune on 5-9 with a subset of expert blocks, one seed.

    The network is 64 → (n_blocks × block_width, ReLU) → 10. Expert block e
    is the 64 × block_width slice of the first weight matrix, its biases and
    its block_width × 10 slice of the output weights; its condition number
    is that of its first-layer weights. ``lowest_kappa``, ``highest_kappa``
    and ``random`` fine-tune ``n_selected`` blocks (output bias frozen);
    ``full`` fine-tunes everything. All variants start from the same
    pre-trained weights and see the same mini-batches.

    Returns
    -------
    dict
        ``kappas`` (of the pre-trained blocks), ``old_task_accuracy_before``,
        and for each selection: ``blocks``, ``new_task_accuracy``,
        ``old_task_accuracy``, ``forgetting`` (drop of old-task accuracy) and
        ``history`` (new-task training loss and old-task accuracy every
        ``eval_every`` steps). Accuracies are task-aware (arg-max over the
        task's own five classes).
    """
    func = "selective_finetuning"
    n_blocks = check_int(n_blocks, "n_blocks", low=2, func=func)
    block_width = check_int(block_width, "block_width", low=1, func=func)
    n_selected = check_int(n_selected, "n_selected", low=1, high=n_blocks, func=func)
    pretrain_steps = check_int(pretrain_steps, "pretrain_steps", low=1, func=func)
    finetune_steps = check_int(finetune_steps, "finetune_steps", low=1, func=func)
    batch_size = check_int(batch_size, "batch_size", low=1, func=func)
    eval_every = check_int(eval_every, "eval_every", low=1, func=func)
    lr = check_real(lr, "lr", low=0.0, low_open=True, func=func)
    test_fraction = check_real(test_fraction, "test_fraction", low=0.0, high=1.0, low_open=True, high_open=True, func=func)
    for name in selections:
        check_choice(name, "selections", SELECTIONS, func)
    rng = check_rng(seed, "seed", func)
    # small matrices: extra BLAS threads only add contention on a shared machine
    with threadpool_limits(limits=1, user_api="blas"):
        return _selective_finetuning(n_blocks, block_width, n_selected, pretrain_steps, finetune_steps,
                                     batch_size, lr, eval_every, test_fraction, selections, rng)


def _selective_finetuning(n_blocks, block_width, n_selected, pretrain_steps, finetune_steps, batch_size,
                          lr, eval_every, test_fraction, selections, rng) -> dict:
    tasks = _digits_tasks(rng, test_fraction)
    hidden = n_blocks * block_width
    net = MLP([64, hidden, 10], seed=int(rng.integers(2**31)))
    _train_steps(net, Adam(lr), tasks["A"], pretrain_steps, batch_size, rng, None)
    pretrained = net.state()
    kappas = _block_kappas(net, n_blocks, block_width)
    before = _task_accuracy(net, tasks["A"])
    order = np.argsort(kappas, kind="stable")
    random_blocks = np.sort(rng.choice(n_blocks, size=n_selected, replace=False))
    finetune_seed = int(rng.integers(2**31))
    out: dict[str, Any] = dict(kappas=kappas, old_task_accuracy_before=before,
                               new_task_accuracy_before=_task_accuracy(net, tasks["B"]))
    for name in selections:
        blocks = {"lowest_kappa": np.sort(order[:n_selected]), "highest_kappa": np.sort(order[-n_selected:]),
                  "random": random_blocks, "full": np.arange(n_blocks)}[name]
        for k, v in pretrained.items():
            net.params[k][...] = v
        if name == "full":
            masks = None
        else:
            unit = np.zeros(hidden)
            for b in blocks:
                unit[b * block_width:(b + 1) * block_width] = 1.0
            masks = {"W0": np.broadcast_to(unit, (64, hidden)), "b0": unit,
                     "W1": np.broadcast_to(unit[:, None], (hidden, 10)), "b1": np.zeros(10)}
        history = _train_steps(net, Adam(lr), tasks["B"], finetune_steps, batch_size,
                               np.random.default_rng(finetune_seed), masks, monitor=tasks["A"], eval_every=eval_every)
        after = _task_accuracy(net, tasks["A"])
        out[name] = dict(blocks=blocks.tolist(), new_task_accuracy=_task_accuracy(net, tasks["B"]),
                         old_task_accuracy=after, forgetting=before - after, history=history)
    return out
