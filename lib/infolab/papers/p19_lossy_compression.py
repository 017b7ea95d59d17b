"""Experiment code for notebook 19: mutual information of compressed representations.

Butakov, Tolmachev, Malanchuk, Neopryatnaya, Frolov, Andreev, "Information
bottleneck analysis of deep neural networks via lossy compression", ICLR 2024,
arXiv:2305.08013. Code: https://github.com/VanessB/Information-v3.

The synthetic tests draw Gaussian latent parameters with a prescribed mutual
information, push them through the normal CDF to the unit cube, and render
them as images (Gaussian bumps, or rectangles). Rendering is injective, so the
images carry exactly the latent mutual information; an estimator applied to a
compressed code of the images can be checked against it.

The discrete information bottleneck of Experiment 3 is the library's
:func:`infolab.measures.information_bottleneck_curve`, and the maximal
correlation that locates its first transition is
:func:`infolab.measures.maximal_correlation`; both are imported here.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..data.mi_tasks import MITask, gaussian_task, sparse_interaction_covariance
from ..measures.discrete import maximal_correlation
from ..measures.knn import knn_three_entropy_mutual_information
from ..measures.rate_distortion import information_bottleneck_curve
from ..validation import check_int, check_real, check_rng, check_samples

__all__ = [
    "latent_gaussian_task",
    "render_gaussian_bumps",
    "render_rectangles",
    "three_entropy_mutual_information",
    "autoencoder_codes",
    "information_plane_run",
    "information_bottleneck_curve",
    "maximal_correlation",
]


def latent_gaussian_task(mutual_information: float, dim: int) -> MITask:
    """Gaussian ``(ξ_X, ξ_Y)`` in ``R^dim × R^dim`` with the given mutual information in nats.

    The information is split evenly over ``dim`` independent coordinate pairs,
    each with correlation ``ρ = sqrt(1 - exp(-2 I / dim))``, as in the paper's
    ``multivariate_normal_from_MI`` (random rotations are left out: they do
    not change the mutual information).

    Examples
    --------
    >>> round(latent_gaussian_task(2.0, 2).mutual_information, 12)
    2.0
    """
    func = "latent_gaussian_task"
    mi = check_real(mutual_information, "mutual_information", low=0.0, func=func)
    dim = check_int(dim, "dim", low=1, func=func)
    rho = math.sqrt(-math.expm1(-2.0 * mi / dim))
    if rho >= 1.0:
        raise ValueError(f"The 'mutual_information' parameter of {func} must give a correlation below 1 "
                         f"in float64 (I/dim below about 18 nats). Got {mi!r} instead.")
    return gaussian_task(sparse_interaction_covariance(dim, dim, dim, rho), dim,
                         name=f"normal-sparse-{dim}x{dim}-pairs{dim}-rho{rho:.6g}")


def _unit_params(u: Any, width: int, func: str) -> np.ndarray:
    arr = check_samples(u, "u", func=func)
    if arr.shape[1] != width:
        raise ValueError(f"The 'u' parameter of {func} must have {width} columns. Got shape {arr.shape} instead.")
    if np.any(arr < 0) or np.any(arr > 1):
        raise ValueError(f"The 'u' parameter of {func} must lie in [0, 1] (e.g. the normal CDF of the latents). "
                         f"Got values in [{arr.min()!r}, {arr.max()!r}] instead.")
    return arr


def render_gaussian_bumps(u: Any, size: int = 16, sharpness: float = 10.0) -> np.ndarray:
    """Images of one Gaussian bump ``exp(-sharpness ‖g - μ‖²)`` centred at ``μ = u`` in ``[0, 1]²``.

    The pixel centres ``g`` form a ``size × size`` grid over ``[0, 1]²``. The map
    ``μ ↦ image`` is injective, so the images keep the parameters' information.

    Parameters
    ----------
    u : array_like of shape (n, 2)
        Bump centres in ``[0, 1]²``.
    size : int, default 16
    sharpness : float, default 10.0

    Returns
    -------
    ndarray of shape (n, size * size)

    Examples
    --------
    >>> img = render_gaussian_bumps([[0.5, 0.5]], size=4)
    >>> img.shape, round(float(img.max()), 4)
    ((1, 16), 0.7316)
    """
    func = "render_gaussian_bumps"
    u = _unit_params(u, 2, func)
    size = check_int(size, "size", low=2, func=func)
    sharpness = check_real(sharpness, "sharpness", low=0.0, low_open=True, func=func)
    g = (np.arange(size) + 0.5) / size
    dx = (g[None, :] - u[:, :1]) ** 2
    dy = (g[None, :] - u[:, 1:2]) ** 2
    return (np.exp(-sharpness * dx)[:, :, None] * np.exp(-sharpness * dy)[:, None, :]).reshape(len(u), -1)


def render_rectangles(u: Any, size: int = 32, min_delta: float = 2.0) -> np.ndarray:
    """Anti-aliased images of an axis-aligned rectangle given by four numbers in ``[0, 1]``.

    Left and top edges are ``1 + s u_0`` and ``1 + s u_2``, right and bottom edges
    ``size/2 + min_delta/2 + s u_1`` and ``size/2 + min_delta/2 + s u_3`` (pixel
    units, ``s = size/2 - 1 - min_delta/2``), so every rectangle is at least
    ``min_delta`` pixels wide and stays inside the image. A pixel's value is
    the area of the rectangle inside it; edges fall inside pixels, so the
    rendering is continuous and injective (the paper's rectangles; its loop is
    replaced by broadcasting).

    Parameters
    ----------
    u : array_like of shape (n, 4)
    size : int, default 32
    min_delta : float, default 2.0

    Returns
    -------
    ndarray of shape (n, size * size), values in [0, 1]

    Examples
    --------
    >>> img = render_rectangles([[0.0, 0.0, 0.0, 0.0]], size=8)
    >>> float(img.sum())   # a 4 x 4 square: edges at 1 and 5
    16.0
    """
    func = "render_rectangles"
    u = _unit_params(u, 4, func)
    size = check_int(size, "size", low=4, func=func)
    min_delta = check_real(min_delta, "min_delta", low=0.0, high=size / 2 - 1, low_open=True, high_open=True, func=func)
    span = size / 2 - 1 - min_delta / 2
    lo = 1.0 + span * u[:, [0, 2]]
    hi = size / 2 + min_delta / 2 + span * u[:, [1, 3]]
    j = np.arange(size)
    cover = [np.clip(np.minimum(hi[:, a, None], j + 1) - np.maximum(lo[:, a, None], j), 0.0, 1.0) for a in (0, 1)]
    return (cover[0][:, :, None] * cover[1][:, None, :]).reshape(len(u), -1)


def three_entropy_mutual_information(x: Any, y: Any, k: int = 5, *, rescale: bool = True) -> float:
    """The paper's continuous estimator ``Ĥ(X) + Ĥ(Y) - Ĥ(X, Y)``, in nats.

    :func:`infolab.measures.knn_three_entropy_mutual_information` with the
    paper's settings (``k=5``, whitening on). The paper's *weighted* entropy
    estimator is not reproduced.

    Examples
    --------
    >>> from infolab.data import mi_task
    >>> x, y = mi_task("normal-dense-1x1-rho0.75").sample(4000, seed=0)
    >>> abs(three_entropy_mutual_information(x, y) - 0.413) < 0.05
    True
    """
    return knn_three_entropy_mutual_information(x, y, k, rescale=rescale)


def autoencoder_codes(train_images: Any, images: Any, code_dim: int, hidden: int = 128, epochs: int = 100,
                      seed: Any = 0, lr: float = 1e-3, batch_size: int = 128) -> np.ndarray:
    """Codes of ``images`` from an MLP autoencoder ``D -> hidden -> code_dim -> hidden -> D`` fitted on ``train_images``.

    The nonlinear compressor of the paper's synthetic tests (there a
    convolutional autoencoder; here :class:`infolab.models.Autoencoder` with
    ReLU hidden layers and a linear code, trained with Adam on the mean
    squared reconstruction error). Inputs are centred by the training mean.

    Returns
    -------
    ndarray of shape (len(images), code_dim)
    """
    from ..models import Adam, Autoencoder, mse_loss, train  # noqa: PLC0415

    func = "autoencoder_codes"
    fit = check_samples(train_images, "train_images", func=func)
    data = check_samples(images, "images", func=func)
    if fit.shape[1] != data.shape[1]:
        raise ValueError(f"The 'images' parameter of {func} must have {fit.shape[1]} columns like 'train_images'. "
                         f"Got {data.shape[1]} instead.")
    code_dim = check_int(code_dim, "code_dim", low=1, high=fit.shape[1], func=func)
    hidden = check_int(hidden, "hidden", low=1, func=func)
    epochs = check_int(epochs, "epochs", low=1, func=func)
    mean = fit.mean(axis=0)
    ae = Autoencoder([fit.shape[1], hidden, code_dim], activation="relu", seed=seed)

    def step(model, xb):
        loss, g = mse_loss(model.forward(xb, train=True), xb)
        return loss, model.backward(g)

    train(ae, step, fit - mean, epochs=epochs, batch_size=batch_size, optimizer=Adam(lr), seed=seed)
    return np.asarray(ae.encoder.predict(data - mean))


def information_plane_run(*, noise: float, epochs: int, components: int = 4, k: int = 5, hidden=(32, 16),
                          lr: float = 1e-3, batch_size: int = 64, eval_samples: int | None = None,
                          seed: Any = 0) -> dict[str, np.ndarray]:
    """Train a noisy MLP on scikit-learn's digits and track ``I(X; L_k)`` and ``I(L_k; Y)`` every epoch.

    The network ``64 -> 32 -> 16 -> 10`` (ReLU, softmax cross-entropy, Adam)
    receives relative Gaussian noise ``h̃ = h + σ |h| ε`` on the input of every
    layer, in training and in evaluation, as the paper's stochastic classifier
    (which also uses dropout and LeakyReLU). After every epoch the 1797 digits
    are passed through the network; ``X`` and each layer's noisy output
    ``L_k`` are compressed by PCA to ``components`` dimensions (``X``'s PCA is
    fitted once), and

    * ``I(X; L_k)``: KSG on the two codes;
    * ``I(L_k; Y) = Ĥ(L_k) - Σ_y p̂(y) Ĥ(L_k | Y = y)`` with Kozachenko–Leonenko
      entropies of the code, as the paper does for a layer against a label.

    ReLU layers produce exact zeros, so codes can repeat; every kNN call is
    given a seeded relative jitter of 1e-9 column standard deviations.
    ``eval_samples`` estimates on a fixed random subset of the digits instead
    (faster, noisier).

    Returns
    -------
    dict
        ``i_xl``, ``i_ly``: arrays (epochs, n_layers) in nats; ``test_accuracy``,
        ``train_loss``: arrays (epochs,).
    """
    from sklearn.datasets import load_digits  # noqa: PLC0415
    from sklearn.decomposition import PCA  # noqa: PLC0415

    from ..measures import knn_entropy, ksg_mutual_information  # noqa: PLC0415
    from ..models import Adam, softmax_cross_entropy  # noqa: PLC0415
    from ..models._core import init_weight  # noqa: PLC0415

    func = "information_plane_run"
    noise = check_real(noise, "noise", low=0.0, func=func)
    epochs = check_int(epochs, "epochs", low=1, func=func)
    components = check_int(components, "components", low=1, high=10, func=func)
    rng = check_rng(seed, "seed", func)
    digits = load_digits()
    x_all = digits.data / 16.0
    y_all = digits.target.astype(np.int64)
    order = rng.permutation(len(x_all))
    n_train = int(0.7 * len(x_all))
    tr, te = order[:n_train], order[n_train:]
    sizes = [x_all.shape[1], *hidden, 10]
    params = {}
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
        params[f"W{i}"] = init_weight(rng, a, b, "he" if i < len(sizes) - 2 else "xavier")
        params[f"b{i}"] = np.zeros(b)
    n_layers = len(sizes) - 1
    opt = Adam(lr)

    def forward(x, eps_rng):
        cache, h = [], x
        for i in range(n_layers):
            factor = 1.0 + noise * np.sign(h) * eps_rng.standard_normal(h.shape)
            h_in = h * factor                       # h + σ|h|ε
            z = h_in @ params[f"W{i}"] + params[f"b{i}"]
            out = np.maximum(z, 0.0) if i < n_layers - 1 else z
            cache.append((h_in, factor, z))
            h = out
        return h, cache

    def layer_outputs(x, eps_rng):
        outs, h = [], x
        for i in range(n_layers):
            h = h * (1.0 + noise * np.sign(h) * eps_rng.standard_normal(h.shape))
            z = h @ params[f"W{i}"] + params[f"b{i}"]
            h = np.maximum(z, 0.0) if i < n_layers - 1 else z
            outs.append(h)
        return outs

    ev = np.arange(len(x_all)) if eval_samples is None else np.sort(rng.choice(
        len(x_all), size=check_int(eval_samples, "eval_samples", low=50, high=len(x_all), func=func), replace=False))
    x_code = PCA(components, svd_solver="covariance_eigh").fit_transform(x_all[ev])
    y_ev = y_all[ev]
    classes, counts = np.unique(y_ev, return_counts=True)
    p_class = counts / counts.sum()
    i_xl = np.zeros((epochs, n_layers))
    i_ly = np.zeros((epochs, n_layers))
    acc = np.zeros(epochs)
    losses = np.zeros(epochs)
    jit = dict(jitter=1e-9)
    for epoch in range(epochs):
        perm = rng.permutation(tr)
        total = 0.0
        for start in range(0, len(perm), batch_size):
            idx = perm[start:start + batch_size]
            logits, cache = forward(x_all[idx], rng)
            loss, g = softmax_cross_entropy(logits, y_all[idx])
            total += loss * len(idx)
            grads = {}
            for i in range(n_layers - 1, -1, -1):
                h_in, factor, z = cache[i]
                if i < n_layers - 1:
                    g = g * (z > 0)
                grads[f"W{i}"] = h_in.T @ g
                grads[f"b{i}"] = g.sum(axis=0)
                if i > 0:
                    g = (g @ params[f"W{i}"].T) * factor
            opt.step(params, grads)
        losses[epoch] = total / len(perm)
        eval_rng = np.random.default_rng(rng.integers(2**63 - 1))
        outs = layer_outputs(x_all, eval_rng)
        acc[epoch] = float(np.mean(np.argmax(outs[-1][te], axis=1) == y_all[te]))
        for layer, out in enumerate(outs):
            code = PCA(min(components, out.shape[1]), svd_solver="covariance_eigh").fit_transform(out[ev])
            i_xl[epoch, layer] = ksg_mutual_information(x_code, code, k=k, seed=epoch, **jit)
            h_all = knn_entropy(code, k, seed=epoch, **jit)
            h_cond = sum(p * knn_entropy(code[y_ev == c], k, seed=epoch, **jit) for c, p in zip(classes, p_class, strict=True))
            i_ly[epoch, layer] = h_all - h_cond
    return {"i_xl": i_xl, "i_ly": i_ly, "test_accuracy": acc, "train_loss": losses}
