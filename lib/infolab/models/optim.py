"""Optimisers (Adam/AdamW, SGD), a mini-batch training loop and a finite-difference gradient check.

An optimiser updates a model's ``params`` dict in place from a dict of
gradients with the same names. :func:`train` needs only a function
``loss_and_grads(model, *batch) -> (loss, grads)``, so any model and any loss
(including one whose gradient the caller derives by hand) trains the same way:
by epochs over a data set, or for a number of steps on fresh batches (from the
rows of the data or from a batch sampler). :func:`train_step` is one update.

References
----------
.. [1] D. P. Kingma, J. Ba, "Adam: a method for stochastic optimization",
   ICLR 2015, arXiv:1412.6980.
.. [2] I. Loshchilov, F. Hutter, "Decoupled weight decay regularization",
   ICLR 2019, arXiv:1711.05101.
"""

from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np

from ..backend import get_namespace, to_float
from ..validation import check_int, check_real, check_rng

__all__ = ["Adam", "SGD", "train", "train_step", "finite_difference_gradients"]


def _check_grads(params: dict, grads: dict, func: str) -> None:
    if not isinstance(params, dict) or not isinstance(grads, dict):
        raise TypeError(f"The 'params' and 'grads' parameters of {func} must be dicts of arrays. "
                        f"Got {type(params).__name__} and {type(grads).__name__} instead.")
    if set(params) != set(grads):
        raise ValueError(f"The 'grads' parameter of {func} must have the same names as 'params'. "
                         f"Got missing {sorted(set(params) - set(grads))} and extra {sorted(set(grads) - set(params))} instead.")
    for k, g in grads.items():
        if tuple(g.shape) != tuple(params[k].shape):
            raise ValueError(f"The 'grads' parameter of {func} must match the shape of params[{k!r}] "
                             f"{tuple(params[k].shape)}. Got shape {tuple(g.shape)} instead.")


def _clip(grads: dict, clip_norm: float | None) -> dict:
    if clip_norm is None:
        return grads
    xp = get_namespace(*grads.values())
    total = math.sqrt(sum(to_float(xp.sum(g * g)) for g in grads.values()))
    if total <= clip_norm or total == 0.0:
        return grads
    scale = clip_norm / total
    return {k: g * scale for k, g in grads.items()}


class Adam:
    """Adam with optional decoupled weight decay (AdamW) and global-norm gradient clipping.

    Update for each parameter θ with gradient g at step t:
    m ← β1 m + (1-β1) g, v ← β2 v + (1-β2) g², θ ← θ - lr·wd·θ - lr·m̂/(√v̂ + ε),
    with m̂ = m/(1-β1^t), v̂ = v/(1-β2^t).

    Parameters
    ----------
    lr : float, default 1e-3
    beta1, beta2 : float, default 0.9, 0.999
    eps : float, default 1e-8
    weight_decay : float, default 0.0
        Decoupled (AdamW) decay; applied to every parameter named in
        ``decay`` (default: all).
    clip_norm : float or None, default None
        Rescale the gradients so that their global L2 norm is at most this.

    Examples
    --------
    >>> import numpy as np
    >>> params = {"w": np.array([1.0])}
    >>> opt = Adam(lr=0.1)
    >>> opt.step(params, {"w": np.array([2.0])})
    >>> round(float(params["w"][0]), 6)
    0.9
    """

    def __init__(self, lr: float = 1e-3, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8,
                 weight_decay: float = 0.0, clip_norm: float | None = None):
        self.lr = check_real(lr, "lr", low=0.0, low_open=True, func="Adam")
        self.beta1 = check_real(beta1, "beta1", low=0.0, high=1.0, high_open=True, func="Adam")
        self.beta2 = check_real(beta2, "beta2", low=0.0, high=1.0, high_open=True, func="Adam")
        self.eps = check_real(eps, "eps", low=0.0, low_open=True, func="Adam")
        self.weight_decay = check_real(weight_decay, "weight_decay", low=0.0, func="Adam")
        self.clip_norm = None if clip_norm is None else check_real(clip_norm, "clip_norm", low=0.0, low_open=True, func="Adam")
        self.t = 0
        self._m: dict[str, Any] = {}
        self._v: dict[str, Any] = {}

    def step(self, params: dict, grads: dict) -> None:
        """Update ``params`` in place from ``grads`` (same names and shapes)."""
        _check_grads(params, grads, "Adam.step")
        grads = _clip(grads, self.clip_norm)
        self.t += 1
        c1 = 1.0 - self.beta1 ** self.t
        c2 = 1.0 - self.beta2 ** self.t
        for k, p in params.items():
            g = grads[k]
            if k not in self._m:
                self._m[k] = 0.0 * p
                self._v[k] = 0.0 * p
            m, v = self._m[k], self._v[k]
            m *= self.beta1
            m += (1.0 - self.beta1) * g
            v *= self.beta2
            v += (1.0 - self.beta2) * (g * g)
            if self.weight_decay:
                p *= 1.0 - self.lr * self.weight_decay
            p -= self.lr * (m / c1) / (get_namespace(p).sqrt(v / c2) + self.eps)


class SGD:
    """Stochastic gradient descent with optional (heavy-ball) momentum and weight decay.

    v ← μ v + g + wd·θ, θ ← θ - lr·v.

    Examples
    --------
    >>> import numpy as np
    >>> params = {"w": np.array([1.0])}
    >>> SGD(lr=0.5).step(params, {"w": np.array([2.0])})
    >>> float(params["w"][0])
    0.0
    """

    def __init__(self, lr: float = 1e-2, momentum: float = 0.0, weight_decay: float = 0.0,
                 clip_norm: float | None = None):
        self.lr = check_real(lr, "lr", low=0.0, low_open=True, func="SGD")
        self.momentum = check_real(momentum, "momentum", low=0.0, high=1.0, high_open=True, func="SGD")
        self.weight_decay = check_real(weight_decay, "weight_decay", low=0.0, func="SGD")
        self.clip_norm = None if clip_norm is None else check_real(clip_norm, "clip_norm", low=0.0, low_open=True, func="SGD")
        self._v: dict[str, Any] = {}

    def step(self, params: dict, grads: dict) -> None:
        """Update ``params`` in place from ``grads`` (same names and shapes)."""
        _check_grads(params, grads, "SGD.step")
        grads = _clip(grads, self.clip_norm)
        for k, p in params.items():
            g = grads[k] + self.weight_decay * p if self.weight_decay else grads[k]
            if self.momentum:
                if k not in self._v:
                    self._v[k] = 0.0 * p
                self._v[k] *= self.momentum
                self._v[k] += g
                g = self._v[k]
            p -= self.lr * g


def _as_tuple(data: Any) -> tuple:
    if isinstance(data, (tuple, list)):
        arrays = tuple(data)
    else:
        arrays = (data,)
    if not arrays or any(not hasattr(a, "shape") or getattr(a, "ndim", 0) < 1 for a in arrays):
        raise TypeError("The 'data' parameter of train must be an array or a tuple of arrays sharing their first "
                        f"dimension. Got {type(data).__name__} instead.")
    n = arrays[0].shape[0]
    if n == 0 or any(a.shape[0] != n for a in arrays):
        raise ValueError("The 'data' parameter of train must hold arrays with the same, non-zero number of rows. "
                         f"Got row counts {[a.shape[0] for a in arrays]} instead.")
    get_namespace(*arrays)  # one device
    return arrays


def _check_model(model: Any, func: str) -> None:
    if not hasattr(model, "params") or not isinstance(model.params, dict):
        raise TypeError(f"The 'model' parameter of {func} must have a 'params' dict. Got {type(model).__name__} instead.")


def _check_optimizer(optimizer: Any, func: str) -> Any:
    if optimizer is None:
        return Adam(1e-3)
    if not hasattr(optimizer, "step"):
        raise TypeError(f"The 'optimizer' parameter of {func} must have a step(params, grads) method. "
                        f"Got {type(optimizer).__name__} instead.")
    return optimizer


def _apply(model: Any, loss_and_grads: Callable, batch: tuple, optimizer: Any, func: str, where: str) -> float:
    loss, grads = loss_and_grads(model, *batch)
    loss = float(loss)
    if not math.isfinite(loss):
        raise FloatingPointError(f"{func}: the loss became {loss} at {where}; lower the learning rate.")
    optimizer.step(model.params, grads)
    return loss


def train_step(model: Any, loss_and_grads: Callable, batch: Any, optimizer: Any) -> float:
    """One optimisation step: ``loss, grads = loss_and_grads(model, *batch)``, then ``optimizer.step``.

    The primitive under :func:`train`, for loops that do something of their
    own between steps (masking gradients, logging, evaluating).

    Parameters
    ----------
    model : object with a ``params`` dict
    loss_and_grads : callable ``(model, *batch) -> (loss, grads)``
        As in :func:`train`.
    batch : tuple or array
        The arguments after ``model`` (a single array is passed as one argument).
    optimizer : Adam or SGD
        Updated in place, with ``model.params``.

    Returns
    -------
    float
        The loss of the batch before the update.

    Raises
    ------
    FloatingPointError
        If the loss is NaN or infinite (the parameters are then left unchanged).

    Examples
    --------
    >>> import numpy as np
    >>> from infolab.models import MLP, mse_loss
    >>> net = MLP([1, 1], seed=0)
    >>> def step(m, xb, yb):
    ...     loss, g = mse_loss(m.forward(xb), yb)
    ...     return loss, m.backward(g)
    >>> x = np.ones((4, 1)); opt = SGD(0.1)
    >>> first = train_step(net, step, (x, 2 * x), opt)
    >>> bool(train_step(net, step, (x, 2 * x), opt) < first)
    True
    """
    func = "train_step"
    _check_model(model, func)
    if not callable(loss_and_grads):
        raise TypeError(f"The 'loss_and_grads' parameter of {func} must be callable. Got {type(loss_and_grads).__name__} instead.")
    if optimizer is None or not hasattr(optimizer, "step"):
        raise TypeError(f"The 'optimizer' parameter of {func} must have a step(params, grads) method. "
                        f"Got {type(optimizer).__name__} instead.")
    return _apply(model, loss_and_grads, batch if isinstance(batch, tuple) else (batch,), optimizer, func, "this step")


def train(model: Any, loss_and_grads: Callable, data: Any, *, epochs: int | None = None,
          batch_size: int | None = None, steps: int | None = None, optimizer: Any = None, seed: Any = 0,
          shuffle: bool = True, drop_last: bool = False, callback: Callable | None = None) -> np.ndarray:
    """Mini-batch training, by epochs over a data set or for a number of steps on fresh batches.

    Epoch mode (``epochs`` and ``batch_size``): for each epoch, for each batch
    of a permutation of the rows, ``optimizer.step(model.params, grads)``.
    Step mode (``steps``): ``steps`` updates, each on a fresh mini-batch drawn
    from ``seed``: ``batch_size`` distinct rows of ``data`` drawn uniformly
    (``Generator.choice`` without replacement), or whatever ``data(rng)``
    returns when ``data`` is a batch sampler (episodes, class-balanced
    batches, freshly simulated samples, the full data set).

    Parameters
    ----------
    model : object with a ``params`` dict
        E.g. :class:`~infolab.models.MLP`, :class:`~infolab.models.Autoencoder`.
    loss_and_grads : callable ``(model, *batch) -> (loss, grads)``
        Computes the batch loss (float) and its gradients (dict named like
        ``model.params``), typically ``out = model.forward(x, train=True)``,
        ``loss, g = some_loss(out, y)``, ``return loss, model.backward(g)``.
    data : array, tuple of arrays, or callable ``(rng) -> batch``
        Rows are samples; every array is indexed by the same batch indices.
        In step mode, a callable is called once per step with the
        ``numpy.random.Generator`` made from ``seed``; a tuple it returns is
        unpacked into ``loss_and_grads``, anything else is passed as one argument.
    epochs : int, optional
        Number of passes over ``data`` (epoch mode).
    batch_size : int, optional
        Rows per batch; required with array ``data``, not allowed with a sampler.
    steps : int, optional
        Number of updates (step mode); exclusive with ``epochs``.
    optimizer : Adam or SGD, default ``Adam(1e-3)``
    seed : int or Generator, default 0
        Order of the mini-batches (a NumPy permutation per epoch), or the
        generator of the step-mode batches. A Generator is used (and advanced) as is.
    shuffle : bool, default True
        Epoch mode only.
    drop_last : bool, default False
        Skip the last, smaller batch of each epoch (epoch mode only).
    callback : callable ``(index, loss) -> bool | None``, optional
        Called after each epoch with its mean loss (epoch mode) or after each
        step with its loss (step mode), the index counting from 0; returning
        True stops training early.

    Returns
    -------
    numpy.ndarray
        Epoch mode: the mean training loss of each epoch (batch losses weighted
        by batch size). Step mode: the loss of each step, before its update.

    Raises
    ------
    FloatingPointError
        If a batch loss is NaN or infinite.

    Examples
    --------
    >>> import numpy as np
    >>> from infolab.models import MLP, mse_loss
    >>> x = np.linspace(-1, 1, 64).reshape(-1, 1); y = 3 * x
    >>> net = MLP([1, 1], seed=0)
    >>> def step(m, xb, yb):
    ...     loss, g = mse_loss(m.forward(xb), yb)
    ...     return loss, m.backward(g)
    >>> hist = train(net, step, (x, y), epochs=200, batch_size=16, optimizer=Adam(0.05))
    >>> bool(hist[-1] < 1e-3)
    True

    Step mode, on fresh noisy samples of y = 3x drawn by a batch sampler:

    >>> def draw(rng):
    ...     xb = rng.uniform(-1, 1, (16, 1))
    ...     return xb, 3 * xb + 0.01 * rng.standard_normal((16, 1))
    >>> hist = train(MLP([1, 1], seed=0), step, draw, steps=800, optimizer=Adam(0.05), seed=1)
    >>> hist.shape, bool(hist[-50:].mean() < 1e-3)
    ((800,), True)
    """
    func = "train"
    _check_model(model, func)
    if not callable(loss_and_grads):
        raise TypeError(f"The 'loss_and_grads' parameter of {func} must be callable. Got {type(loss_and_grads).__name__} instead.")
    if (epochs is None) == (steps is None):
        raise ValueError(f"The 'epochs' and 'steps' parameters of {func} are exclusive: pass epochs (with "
                         f"batch_size) to loop over the data, or steps to draw a fresh batch per step. "
                         f"Got epochs={epochs!r} and steps={steps!r} instead.")
    if steps is not None:
        return _train_steps(model, loss_and_grads, data, steps, batch_size, optimizer, seed, shuffle, drop_last,
                            callback)
    arrays = _as_tuple(data)
    epochs = check_int(epochs, "epochs", low=1, func=func)
    n = arrays[0].shape[0]
    if batch_size is None:
        raise TypeError(f"The 'batch_size' parameter of {func} is required with epochs. Got None instead.")
    batch_size = check_int(batch_size, "batch_size", low=1, func=func)
    optimizer = _check_optimizer(optimizer, func)
    rng = check_rng(seed, "seed", func)
    xp = get_namespace(*arrays)
    history = []
    for epoch in range(epochs):
        order = rng.permutation(n) if shuffle else np.arange(n)
        total, seen = 0.0, 0
        for start in range(0, n, batch_size):
            idx = order[start:start + batch_size]
            if drop_last and idx.size < batch_size:
                continue
            idx_dev = idx if xp is np else xp.asarray(idx)
            batch = tuple(a[idx_dev] for a in arrays)
            loss = _apply(model, loss_and_grads, batch, optimizer, func, f"epoch {epoch}")
            total += loss * idx.size
            seen += idx.size
        history.append(total / max(seen, 1))
        if callback is not None and callback(epoch, history[-1]):
            break
    return np.asarray(history)


def _train_steps(model: Any, loss_and_grads: Callable, data: Any, steps: Any, batch_size: Any, optimizer: Any,
                 seed: Any, shuffle: Any, drop_last: Any, callback: Callable | None) -> np.ndarray:
    func = "train"
    steps = check_int(steps, "steps", low=1, func=func)
    if shuffle is not True or drop_last is not False:
        raise ValueError(f"The 'shuffle' and 'drop_last' parameters of {func} apply to epochs only; every step "
                         f"draws a fresh batch. Got shuffle={shuffle!r} and drop_last={drop_last!r} with steps instead.")
    if callable(data):
        if batch_size is not None:
            raise ValueError(f"The 'batch_size' parameter of {func} must be None when 'data' is a batch sampler "
                             f"(the sampler sets the batch). Got {batch_size!r} instead.")
        sample = data
    else:
        arrays = _as_tuple(data)
        n = arrays[0].shape[0]
        if batch_size is None:
            raise TypeError(f"The 'batch_size' parameter of {func} is required with steps and array data. Got None instead.")
        batch_size = check_int(batch_size, "batch_size", low=1, high=n, func=func)
        xp = get_namespace(*arrays)

        def sample(r: np.random.Generator) -> tuple:
            idx = r.choice(n, size=batch_size, replace=False)
            idx_dev = idx if xp is np else xp.asarray(idx)
            return tuple(a[idx_dev] for a in arrays)

    optimizer = _check_optimizer(optimizer, func)
    rng = check_rng(seed, "seed", func)
    history = []
    for step in range(steps):
        batch = sample(rng)
        history.append(_apply(model, loss_and_grads, batch if isinstance(batch, tuple) else (batch,), optimizer,
                              func, f"step {step}"))
        if callback is not None and callback(step, history[-1]):
            break
    return np.asarray(history)


def finite_difference_gradients(loss_fn: Callable[[], float], params: dict, *, eps: float = 1e-6,
                                names: Any = None, max_entries: int | None = None, seed: Any = 0) -> dict:
    """Central-difference estimate of dL/dθ for parameters updated in place.

    ``loss_fn()`` must read the current values of ``params`` (e.g. a closure
    around a model). Each entry is perturbed by ±eps and restored exactly.

    Parameters
    ----------
    loss_fn : callable () -> float
    params : dict[str, array]
    eps : float, default 1e-6
    names : iterable of str, optional
        Only these parameters (default all).
    max_entries : int, optional
        Check at most this many randomly chosen entries per parameter (the
        others are NaN in the result), to keep large models cheap.
    seed : int or Generator, default 0
        Which entries are chosen when ``max_entries`` is set.

    Returns
    -------
    dict[str, numpy.ndarray]
        Estimated gradients (NumPy arrays), NaN where not checked.

    Examples
    --------
    >>> import numpy as np
    >>> p = {"w": np.array([3.0])}
    >>> g = finite_difference_gradients(lambda: float(p["w"][0] ** 2), p)
    >>> round(float(g["w"][0]), 6)
    6.0
    """
    if not callable(loss_fn):
        raise TypeError(f"The 'loss_fn' parameter of finite_difference_gradients must be callable. Got {type(loss_fn).__name__} instead.")
    if not isinstance(params, dict):
        raise TypeError(f"The 'params' parameter of finite_difference_gradients must be a dict of arrays. Got {type(params).__name__} instead.")
    eps = check_real(eps, "eps", low=0.0, low_open=True, func="finite_difference_gradients")
    rng = check_rng(seed, "seed", "finite_difference_gradients")
    names = list(params) if names is None else list(names)
    out = {}
    for k in names:
        if k not in params:
            raise ValueError(f"The 'names' parameter of finite_difference_gradients must name keys of 'params'. Got {k!r} instead.")
        p = params[k]
        if not hasattr(p, "dtype") or not hasattr(p, "shape") or p.dtype.kind != "f":
            got = f"dtype {p.dtype}" if hasattr(p, "dtype") else type(p).__name__
            raise TypeError(f"The 'params' parameter of finite_difference_gradients must map {k!r} to a float array: "
                            "the loss reads the arrays in place, so each entry is nudged by eps where it lives "
                            f"and an integer array would round the nudge away. Got {got} instead; convert it with "
                            ".astype(float) in the model first.")
        if max_entries is not None:
            max_entries = check_int(max_entries, "max_entries", low=1, func="finite_difference_gradients")
        flat_n = int(p.size)
        idx = np.arange(flat_n)
        if max_entries is not None and flat_n > max_entries:
            idx = np.sort(rng.choice(flat_n, size=max_entries, replace=False))
        est = np.full(flat_n, np.nan)
        for j in idx:
            pos = np.unravel_index(int(j), p.shape)
            old = p[pos].item() if hasattr(p[pos], "item") else float(p[pos])
            p[pos] = old + eps
            up = float(loss_fn())
            p[pos] = old - eps
            down = float(loss_fn())
            p[pos] = old
            est[j] = (up - down) / (2 * eps)
        out[k] = est.reshape(p.shape)
    return out
