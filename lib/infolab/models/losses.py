"""Losses that return their value and their gradient with respect to the prediction.

Each function returns ``(loss, grad)``: ``loss`` a Python float, ``grad`` an
array shaped like the prediction, on the prediction's device. Feed ``grad``
to a model's ``backward``. Means are over every element (MSE, BCE, L1) or
over samples (cross-entropy), as in PyTorch's defaults; cross-entropies are
in nats.
"""

from __future__ import annotations

from typing import Any

from ..backend import get_namespace, to_float
from ._core import sigmoid

__all__ = [
    "mse_loss",
    "softmax_cross_entropy",
    "binary_cross_entropy_with_logits",
    "l1_penalty",
    "softmax",
    "classification_accuracy",
]


def _pred(pred: Any, name: str, func: str, ndim: int | None = None):
    if pred is None or isinstance(pred, (str, bytes)) or not hasattr(pred, "shape") or not hasattr(pred, "dtype"):
        raise TypeError(f"The '{name}' parameter of {func} must be a float array. Got {type(pred).__name__} instead.")
    if pred.dtype.kind != "f":
        raise TypeError(f"The '{name}' parameter of {func} must be a float array. Got dtype {pred.dtype} instead.")
    if pred.size == 0:
        raise ValueError(f"The '{name}' parameter of {func} must be non-empty. Got shape {tuple(pred.shape)} instead.")
    if ndim is not None and pred.ndim != ndim:
        raise ValueError(f"The '{name}' parameter of {func} must be {ndim}-D. Got shape {tuple(pred.shape)} instead.")
    xp = get_namespace(pred)
    if not bool(xp.all(xp.isfinite(pred))):
        raise ValueError(f"The '{name}' parameter of {func} must contain only finite values. Got NaN or inf instead.")
    return xp


def _target(target: Any, pred, name: str, func: str, xp):
    if target is None or not hasattr(target, "shape"):
        raise TypeError(f"The '{name}' parameter of {func} must be an array of shape {tuple(pred.shape)}. "
                        f"Got {type(target).__name__} instead.")
    if get_namespace(target) is not xp:
        raise TypeError(f"The '{name}' parameter of {func} must live on the same device as the prediction.")
    if tuple(target.shape) != tuple(pred.shape):
        raise ValueError(f"The '{name}' parameter of {func} must have shape {tuple(pred.shape)}. "
                         f"Got shape {tuple(target.shape)} instead.")
    if target.dtype.kind not in "biuf":
        raise TypeError(f"The '{name}' parameter of {func} must hold real numbers. Got dtype {target.dtype} instead.")
    if not bool(xp.all(xp.isfinite(target))):
        raise ValueError(f"The '{name}' parameter of {func} must contain only finite values. Got NaN or inf instead.")
    return target.astype(pred.dtype, copy=False)


def _class_labels(labels: Any, n: int, n_classes: int, func: str, xp):
    if labels is None or not hasattr(labels, "shape"):
        raise TypeError(f"The 'labels' parameter of {func} must be an int array of shape ({n},). Got {type(labels).__name__} instead.")
    if get_namespace(labels) is not xp:
        raise TypeError(f"The 'labels' parameter of {func} must live on the same device as 'logits'.")
    if labels.dtype.kind not in "iu":
        raise TypeError(f"The 'labels' parameter of {func} must hold integer class indices. Got dtype {labels.dtype} instead.")
    if labels.shape != (n,):
        raise ValueError(f"The 'labels' parameter of {func} must have shape ({n},). Got shape {tuple(labels.shape)} instead.")
    lo, hi = int(labels.min()), int(labels.max())
    if lo < 0 or hi >= n_classes:
        raise ValueError(f"The 'labels' parameter of {func} must hold class indices in [0, {n_classes - 1}]. "
                         f"Got values in [{lo}, {hi}] instead.")
    return labels


def mse_loss(pred, target):
    """Mean squared error over every element, and its gradient.

    L = mean((pred - target)²); dL/dpred = 2 (pred - target) / pred.size.

    Examples
    --------
    >>> import numpy as np
    >>> loss, grad = mse_loss(np.array([[1.0, 3.0]]), np.array([[0.0, 1.0]]))
    >>> loss, grad.tolist()
    (2.5, [[1.0, 2.0]])
    """
    xp = _pred(pred, "pred", "mse_loss")
    target = _target(target, pred, "target", "mse_loss", xp)
    diff = pred - target
    return to_float(xp.mean(diff * diff)), (2.0 / diff.size) * diff


def softmax(logits, axis: int = -1):
    """Softmax along ``axis``, shifted by the maximum for stability."""
    xp = _pred(logits, "logits", "softmax")
    shifted = logits - xp.max(logits, axis=axis, keepdims=True)
    e = xp.exp(shifted)
    return e / xp.sum(e, axis=axis, keepdims=True)


def softmax_cross_entropy(logits, labels):
    """Mean cross-entropy (nats) of integer class labels under softmax(logits), and its gradient.

    L = -(1/n) Σ_i log softmax(logits_i)[y_i]; dL/dlogits = (softmax - onehot(y)) / n.

    Examples
    --------
    >>> import numpy as np
    >>> loss, _ = softmax_cross_entropy(np.zeros((2, 4)), np.array([0, 3]))
    >>> round(loss, 12) == round(float(np.log(4)), 12)
    True
    """
    xp = _pred(logits, "logits", "softmax_cross_entropy", ndim=2)
    n, k = logits.shape
    labels = _class_labels(labels, n, k, "softmax_cross_entropy", xp)
    shifted = logits - xp.max(logits, axis=1, keepdims=True)
    log_z = xp.log(xp.sum(xp.exp(shifted), axis=1, keepdims=True))
    log_p = shifted - log_z
    rows = xp.arange(n)
    loss = -to_float(xp.mean(log_p[rows, labels]))
    grad = xp.exp(log_p)
    grad[rows, labels] -= 1.0
    return loss, grad / n


def binary_cross_entropy_with_logits(logits, targets):
    """Mean binary cross-entropy (nats) of targets in [0, 1] under sigmoid(logits), and its gradient.

    L = mean(max(z, 0) - z t + log(1 + e^{-|z|})) (the stable form);
    dL/dz = (sigmoid(z) - t) / z.size.

    Examples
    --------
    >>> import numpy as np
    >>> loss, _ = binary_cross_entropy_with_logits(np.zeros((1, 2)), np.array([[0.0, 1.0]]))
    >>> round(loss, 12) == round(float(np.log(2)), 12)
    True
    """
    xp = _pred(logits, "logits", "binary_cross_entropy_with_logits")
    t = _target(targets, logits, "targets", "binary_cross_entropy_with_logits", xp)
    if bool(xp.any(t < 0)) or bool(xp.any(t > 1)):
        raise ValueError("The 'targets' parameter of binary_cross_entropy_with_logits must lie in [0, 1]. "
                         f"Got values in [{float(t.min())}, {float(t.max())}] instead.")
    z = logits
    loss = xp.maximum(z, 0) - z * t + xp.log1p(xp.exp(-xp.abs(z)))
    return to_float(xp.mean(loss)), (sigmoid(xp, z) - t) / z.size


def l1_penalty(a):
    """Mean absolute value over every element, and its (sub)gradient sign(a)/a.size (0 at a = 0).

    Examples
    --------
    >>> import numpy as np
    >>> loss, grad = l1_penalty(np.array([[-2.0, 0.0, 1.0, 1.0]]))
    >>> loss, grad.tolist()
    (1.0, [[-0.25, 0.0, 0.25, 0.25]])
    """
    xp = _pred(a, "a", "l1_penalty")
    return to_float(xp.mean(xp.abs(a))), xp.sign(a) / a.size


def classification_accuracy(logits, labels) -> float:
    """Fraction of rows whose arg-max logit is the label.

    Examples
    --------
    >>> import numpy as np
    >>> classification_accuracy(np.array([[2.0, 1.0], [0.0, 1.0]]), np.array([0, 0]))
    0.5
    """
    xp = _pred(logits, "logits", "classification_accuracy", ndim=2)
    labels = _class_labels(labels, logits.shape[0], logits.shape[1], "classification_accuracy", xp)
    return to_float(xp.mean(xp.argmax(logits, axis=1) == labels))
