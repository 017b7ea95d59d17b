"""Experiment code for notebook 35 (MetricGrids): interpolation orders, least-squares grids, grid + MLP fields.

Examples
--------
>>> import numpy as np
>>> x = np.linspace(-1, 1, 5)
>>> bool(np.allclose(linear_interpolant(np.sin, 3, x), np.interp(x, [-1, 0, 1], np.sin([-1, 0, 1]))))
True
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import lsqr

from ..models.grid_encoding import grid_interpolation_matrix, metric_coordinates
from ..models.mlp import MLP
from ..models.optim import Adam
from ..validation import check_int, check_real, check_rng

__all__ = ["linear_interpolant", "second_order_interpolant", "grid_design", "grid_values", "fit_least_squares", "predict_least_squares",
           "pixel_coordinates", "procedural_image", "psnr", "train_grid_field"]


def linear_interpolant(f: Callable, n_nodes: int, x: np.ndarray) -> np.ndarray:
    """Piecewise-linear interpolant of f on n_nodes uniform nodes over [-1, 1], read at x."""
    m = grid_interpolation_matrix(x, check_int(n_nodes, "n_nodes", low=2, func="linear_interpolant"))
    return m @ f(np.linspace(-1.0, 1.0, n_nodes))


def second_order_interpolant(f: Callable, f2: Callable, n_nodes: int, x: np.ndarray) -> np.ndarray:
    """Linear interpolant plus the second-order term −½ (x − x_j)(x_{j+1} − x) · I[f''](x) of each cell.

    f − I[f] = −½ f''(ξ)(x − x_j)(x_{j+1} − x), so subtracting the same
    expression with f'' replaced by its linear interpolant leaves an
    O(h³) error: the higher-order term is itself read from a second grid.
    """
    n = check_int(n_nodes, "n_nodes", low=2, func="second_order_interpolant")
    nodes = np.linspace(-1.0, 1.0, n)
    m = grid_interpolation_matrix(x, n)
    h = 2.0 / (n - 1)
    j = np.minimum(np.floor((x + 1.0) / h).astype(np.int64), n - 2)
    bubble = (x - nodes[j]) * (nodes[j + 1] - x)
    return m @ f(nodes) - 0.5 * bubble * (m @ f2(nodes))


def grid_design(coords: np.ndarray, resolutions, metrics) -> list[list[sp.csr_array]]:
    """Interpolation matrices per level (outer list) and metric (inner list) of metric-warped coordinates."""
    return [[grid_interpolation_matrix(metric_coordinates(coords, m), int(r)) for m in metrics] for r in resolutions]


def grid_values(resolutions, metrics, dim: int) -> int:
    """Number of stored grid values: Σ_levels n_metrics · resolution^dim."""
    return int(len(metrics) * sum(int(r) ** dim for r in resolutions))


def fit_least_squares(design: list[list[sp.csr_array]], target: np.ndarray, *, damp: float = 1e-2) -> np.ndarray:
    """Grid values minimising ‖Σ_{level, metric} M G − y‖² + damp² ‖G‖² (LSQR).

    The small ridge ``damp`` keeps nodes that no training point touches at 0
    instead of leaving them to LSQR's iteration (the summed grids are
    redundant: a constant is representable by every one of them).
    """
    damp = check_real(damp, "damp", low=0.0, func="fit_least_squares")
    m = sp.hstack([b for level in design for b in level]).tocsr()
    return lsqr(m, np.asarray(target, dtype=np.float64), damp=damp, atol=1e-10, btol=1e-10, iter_lim=5000)[0]


def predict_least_squares(design: list[list[sp.csr_array]], values: np.ndarray) -> np.ndarray:
    """Σ M G for the fitted values of :func:`fit_least_squares`."""
    return sp.hstack([b for level in design for b in level]).tocsr() @ values


def procedural_image(name: str, size: int) -> np.ndarray:
    """A grey image in [0, 1]: a scikit-image photograph resized to size × size, or a zone plate.

    ``zone_plate`` is ½ + ½ cos(α r²) on [-1, 1]² with α = π·size/4, a chirp
    whose local frequency grows with the radius, reaching about 0.7 of the
    Nyquist rate at the corners.
    """
    size = check_int(size, "size", low=4, func="procedural_image")
    if name == "zone_plate":
        c = np.linspace(-1.0, 1.0, size)
        r2 = c[:, None] ** 2 + c[None, :] ** 2
        return 0.5 + 0.5 * np.cos(np.pi * size / 4 * r2 / 2)
    from skimage import color, data, transform  # noqa: PLC0415

    img = getattr(data, name)()
    if img.ndim == 3:
        img = color.rgb2gray(img)
    else:
        img = img.astype(np.float64) / 255.0
    return transform.resize(img, (size, size), anti_aliasing=True)


def pixel_coordinates(height: int, width: int) -> np.ndarray:
    """Pixel centres of an image mapped to [-1, 1]² (row, column), shape (height · width, 2)."""
    r = np.linspace(-1.0, 1.0, height)
    c = np.linspace(-1.0, 1.0, width)
    rr, cc = np.meshgrid(r, c, indexing="ij")
    return np.column_stack([rr.ravel(), cc.ravel()])


def psnr(reference: np.ndarray, estimate: np.ndarray) -> float:
    """Peak signal-to-noise ratio in dB for signals in [0, 1] (peak 1)."""
    mse = float(np.mean((np.asarray(reference) - np.asarray(estimate)) ** 2))
    return float(10.0 * np.log10(1.0 / mse)) if mse > 0 else float("inf")


def train_grid_field(coords: np.ndarray, target: np.ndarray, test_coords: np.ndarray, test_target: np.ndarray, *,
                     resolutions, metrics, n_features: int = 2, hidden=(64, 64), steps: int = 300,
                     lr: float = 1e-2, seed: Any = 0) -> dict[str, Any]:
    """Train grid values and an MLP decoder by full-batch Adam on the squared error; PSNR on train and test.

    Per level, the features of the metric grids are summed (as MetricGrids feeds
    its decoder), the levels are concatenated, and a tanh MLP maps them to the
    signal. Grid values start at U(−10⁻⁴, 10⁻⁴) as in Instant-NGP.
    """
    func = "train_grid_field"
    n_features = check_int(n_features, "n_features", low=1, func=func)
    steps = check_int(steps, "steps", low=1, func=func)
    lr = check_real(lr, "lr", low=0.0, low_open=True, func=func)
    rng = check_rng(seed, func=func)
    design = grid_design(coords, resolutions, metrics)
    test_design = grid_design(test_coords, resolutions, metrics)
    grids = {f"G{li}_{mi}": rng.uniform(-1e-4, 1e-4, (b.shape[1], n_features))
             for li, level in enumerate(design) for mi, b in enumerate(level)}
    net = MLP([n_features * len(design), *hidden, 1], activation="tanh", seed=rng)
    opt = Adam(lr=lr)
    y = np.asarray(target, dtype=np.float64)[:, None]

    def features(des):
        return np.column_stack([sum(b @ grids[f"G{li}_{mi}"] for mi, b in enumerate(level))
                                for li, level in enumerate(des)])

    history = []
    for _ in range(steps):
        out = net.forward(features(design))
        resid = out - y
        history.append(float(np.mean(resid ** 2)))
        grads, g_in = net.backward(2.0 * resid / resid.size, return_input_grad=True)
        for li, level in enumerate(design):
            g_level = g_in[:, li * n_features:(li + 1) * n_features]
            for mi, b in enumerate(level):
                grads[f"G{li}_{mi}"] = b.T @ g_level
        params = {**net.params, **grids}
        opt.step(params, grads)
    train_pred = net.forward(features(design))[:, 0]
    test_pred = net.forward(features(test_design))[:, 0]
    n_params = int(sum(v.size for v in grids.values()) + sum(v.size for v in net.params.values()))
    return {"train_psnr": psnr(target, train_pred), "test_psnr": psnr(test_target, test_pred),
            "loss": history, "n_params": n_params, "test_prediction": test_pred}
