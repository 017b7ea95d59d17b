"""Losses that return their value and their gradient with respect to the prediction.

Each function returns ``(loss, grad)``: ``loss`` a Python float, ``grad`` an
array shaped like the prediction, on the prediction's device. Feed ``grad``
to a model's ``backward``. Means are over every element (MSE, BCE, L1) or
over samples (cross-entropy), as in PyTorch's defaults; cross-entropies are
in nats.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..backend import get_namespace, to_float
from ._core import sigmoid

__all__ = [
    "mse_loss",
    "softmax_cross_entropy",
    "binary_cross_entropy_with_logits",
    "l1_penalty",
    "softmax",
    "classification_accuracy",
    "mmcr_loss",
]


def _array(value: Any, name: str, func: str, what: str):
    """An array-like as an array: arrays (NumPy or CuPy) as they are, anything else through NumPy."""
    if value is None or isinstance(value, (str, bytes)):
        raise TypeError(f"The '{name}' parameter of {func} must be {what}. Got {type(value).__name__} instead.")
    if hasattr(value, "shape") and hasattr(value, "dtype"):
        return value
    try:
        return np.asarray(value)
    except Exception as exc:
        raise TypeError(f"The '{name}' parameter of {func} must be {what}. Got {type(value).__name__} instead.") from exc


def _pred(pred: Any, name: str, func: str, ndim: int | None = None):
    """(namespace, prediction as a float array); integer and boolean input are converted to float64 in a copy."""
    pred = _array(pred, name, func, "an array of real numbers")
    if pred.dtype.kind not in "biuf":
        raise TypeError(f"The '{name}' parameter of {func} must hold real numbers. Got dtype {pred.dtype} instead.")
    if pred.dtype.kind != "f":
        pred = pred.astype("float64")
    if pred.size == 0:
        raise ValueError(f"The '{name}' parameter of {func} must be non-empty. Got shape {tuple(pred.shape)} instead.")
    if ndim is not None and pred.ndim != ndim:
        raise ValueError(f"The '{name}' parameter of {func} must be {ndim}-D. Got shape {tuple(pred.shape)} instead.")
    xp = get_namespace(pred)
    if not bool(xp.all(xp.isfinite(pred))):
        raise ValueError(f"The '{name}' parameter of {func} must contain only finite values. Got NaN or inf instead.")
    return xp, pred


def _target(target: Any, pred, name: str, func: str, xp, pred_name: str):
    target = _array(target, name, func, f"an array of shape {tuple(pred.shape)}")
    if get_namespace(target) is not xp:
        raise TypeError(f"The '{name}' parameter of {func} must live on the same device as the prediction.")
    if target.dtype.kind not in "biuf":
        raise TypeError(f"The '{name}' parameter of {func} must hold real numbers. Got dtype {target.dtype} instead.")
    if tuple(target.shape) != tuple(pred.shape):
        raise ValueError(f"The '{name}' parameter of {func} must have the shape of '{pred_name}', {tuple(pred.shape)}. "
                         f"Got shape {tuple(target.shape)} instead.")
    if not bool(xp.all(xp.isfinite(target))):
        raise ValueError(f"The '{name}' parameter of {func} must contain only finite values. Got NaN or inf instead.")
    return target.astype(pred.dtype, copy=False)


def _class_labels(labels: Any, n: int, n_classes: int, func: str, xp):
    labels = _array(labels, "labels", func, f"an int array of shape ({n},)")
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
    xp, pred = _pred(pred, "pred", "mse_loss")
    target = _target(target, pred, "target", "mse_loss", xp, "pred")
    diff = pred - target
    return to_float(xp.mean(diff * diff)), (2.0 / diff.size) * diff


def softmax(logits, axis: int = -1):
    """Softmax along ``axis``, shifted by the maximum for stability."""
    xp, logits = _pred(logits, "logits", "softmax")
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
    xp, logits = _pred(logits, "logits", "softmax_cross_entropy", ndim=2)
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
    xp, logits = _pred(logits, "logits", "binary_cross_entropy_with_logits")
    t = _target(targets, logits, "targets", "binary_cross_entropy_with_logits", xp, "logits")
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
    xp, a = _pred(a, "a", "l1_penalty")
    return to_float(xp.mean(xp.abs(a))), xp.sign(a) / a.size


def classification_accuracy(logits, labels) -> float:
    """Fraction of rows whose arg-max logit is the label.

    Examples
    --------
    >>> import numpy as np
    >>> classification_accuracy(np.array([[2.0, 1.0], [0.0, 1.0]]), np.array([0, 0]))
    0.5
    """
    xp, logits = _pred(logits, "logits", "classification_accuracy", ndim=2)
    labels = _class_labels(labels, logits.shape[0], logits.shape[1], "classification_accuracy", xp)
    return to_float(xp.mean(xp.argmax(logits, axis=1) == labels))


def mmcr_loss(z: Any, *, lam: float = 0.0, normalize: bool = True, return_grad: bool = False,
              device: str | None = None):
    """MMCR loss λ·(1/B) Σ_b ||Z_b||_* - ||C||_* and, optionally, its gradient with respect to ``z``.

    Parameters
    ----------
    z : array_like, shape (B, k, d)
        Embeddings of k views of each of B samples (raw network outputs).
    lam : float, default 0.0
        Weight λ ≥ 0 of the mean local nuclear norm (Z_b: the k × d matrix of
        sample b's views). The paper's default is λ = 0.
    normalize : bool, default True
        L2-normalise every embedding first, as the reference loss does; the
        gradient then includes the projection (I - ẑẑᵀ)/||z||.
    return_grad : bool, default False
        Also return dLoss/dz, shape (B, k, d), same array type as ``z``.
    device : {"cpu", "gpu", "auto"}, optional

    Returns
    -------
    loss : float
    grad : ndarray, only if ``return_grad``

    Notes
    -----
    The gradient of ||M||_* is U Vᵀ from the thin SVD M = U S Vᵀ (a
    subgradient when M is rank deficient or has repeated singular values);
    the centroid gradient is shared by the k views with weight 1/k.

    The objective alone, ||C||_*, is :func:`infolab.measures.mmcr_objective`.

    References
    ----------
    .. [1] T. Yerxa, Y. Kuang, E. Simoncelli, S. Chung, "Learning efficient
       coding of natural images with maximum manifold capacity
       representations", NeurIPS 2023, arXiv:2303.03307.

    Examples
    --------
    >>> import numpy as np
    >>> z = np.random.default_rng(0).normal(size=(4, 2, 3))
    >>> loss, grad = mmcr_loss(z, return_grad=True)
    >>> grad.shape
    (4, 2, 3)
    """
    from ..measures.spectral import _mmcr  # noqa: PLC0415  (loaded on first use only)

    return _mmcr(z, lam, normalize, return_grad, device, "mmcr_loss")
