"""Diffusion spectral entropy and mutual information of a point cloud.

Both measures look at the eigenvalues of a diffusion operator built on the
samples: a Gaussian affinity G_ij = exp(-||x_i - x_j||² / 2σ²), normalised
symmetrically, K = D^{-1/2} G D^{-1/2} with D = diag(Σ_j G_ij). K has the
spectrum of the random-walk matrix P = D^{-1} G, so λ ∈ (-1, 1] with λ₁ = 1.

Diffusion spectral entropy (DSE) is the entropy of the normalised powered
spectrum, S_D(X, t) = -Σ α_i log α_i with α_i = |λ_i|^t / Σ_j |λ_j|^t. It runs
from 0 (one cluster: one eigenvalue dominates) to log n (every point its own
component). Diffusion spectral mutual information (DSMI) is the drop of DSE
when conditioning on a discrete label, I_D(X; Y) = S_D(X) - Σ_y p(y) S_D(X | Y=y).

The eigendecomposition (O(n³)) is the hot spot: pass CuPy arrays, or
``device="gpu"``, to run it with ``cupy.linalg.eigvalsh``.

References
----------
.. [1] D. Liao, C. Liu, B. W. Christensen, A. Tong, G. Huguet, G. Wolf,
   M. Nickel, I. Adelstein, S. Krishnaswamy, "Assessing neural network
   representations during training using noise-resilient diffusion spectral
   entropy", arXiv:2312.04823 (2023).
.. [2] R. R. Coifman, S. Lafon, "Diffusion maps", Appl. Comput. Harmon. Anal.
   21(1), 5-30 (2006).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..backend import resolve_namespace, to_numpy
from ..validation import check_int, check_labels, check_real, check_rng, check_samples, log_base
from .spectral import _eigvalsh_owned, _gaussian_gram, _row_blocks, _spectrum_entropy

__all__ = [
    "diffusion_operator",
    "diffusion_eigenvalues",
    "diffusion_spectral_entropy",
    "diffusion_spectral_mutual_information",
]


def diffusion_operator(x: Any, sigma: float = 10.0, *, device: str | None = None):
    """Symmetric diffusion operator K = D^{-1/2} G D^{-1/2} with a Gaussian kernel of width ``sigma``.

    Parameters
    ----------
    x : array_like, shape (n, d)
        Samples (NumPy or CuPy; the result has the same array type).
    sigma : float, default 10.0
        Kernel bandwidth σ > 0, in the units of ``x``. The reference code's
        default is 10; later experiments of the paper use σ = √d. A σ much
        larger than the spread of the data makes every point look alike and
        DSE collapses towards 0; a σ much smaller makes every point isolated
        and DSE approaches log n.
    device : {"cpu", "gpu", "auto"}, optional
        Where to compute; default follows the array type of ``x``.

    Returns
    -------
    ndarray, shape (n, n)
        Symmetric, with the spectrum of the random-walk matrix D^{-1} G.

    Notes
    -----
    K is similar to P = D^{-1} G (K = D^{1/2} P D^{-1/2}), so its eigenvalues
    are those of the Markov chain, in (-1, 1] with a top eigenvalue 1. It
    needs n² memory and O(n² d) time; rows of identical points give equal
    rows of K. Points farther apart than many σ give K = I.

    References
    ----------
    .. [1] R. R. Coifman, S. Lafon, "Diffusion maps", Appl. Comput. Harmon.
       Anal. 21(1), 5-30 (2006).
    .. [2] Liao et al., arXiv:2312.04823 (2023).

    Examples
    --------
    >>> import numpy as np
    >>> x = np.arange(3.0).reshape(-1, 1) * 1000.0   # far apart: K = I
    >>> bool(np.array_equal(diffusion_operator(x, sigma=1.0), np.eye(3)))
    True
    """
    xp = resolve_namespace(device, x)
    arr, s = _check_cloud(x, sigma, "diffusion_operator", xp)
    return _diffusion_matrix(arr, s, xp)


def _check_cloud(x: Any, sigma: Any, func: str, xp):
    """Validated samples (a copy, at least 2 rows) and kernel bandwidth, as the arguments of ``func``."""
    arr = check_samples(x, "x", min_samples=2, func=func, xp=xp)
    s = check_real(sigma, "sigma", low=0.0, low_open=True, func=func)
    return arr, s


def _diffusion_matrix(arr, s: float, xp):
    """D^{-1/2} G D^{-1/2} of validated samples, in the one n × n buffer of the Gaussian kernel G.

    Each entry is scaled by the product d_i^{-1/2} d_j^{-1/2} (one multiplication, by blocks of
    rows), so the result is exactly symmetric, as G is.
    """
    k = _gaussian_gram(arr, s, xp)
    inv_sqrt_deg = 1.0 / xp.sqrt(xp.sum(k, axis=1))
    for i0, i1 in _row_blocks(k.shape[0]):
        k[i0:i1] *= inv_sqrt_deg[i0:i1, None] * inv_sqrt_deg[None, :]
    return k


def diffusion_eigenvalues(x: Any, sigma: float = 10.0, *, device: str | None = None):
    """Eigenvalues (ascending) of the diffusion operator of ``x``; see :func:`diffusion_operator`.

    Parameters
    ----------
    x : array_like, shape (n, d)
        Samples, n ≥ 2 (NumPy or CuPy; the result has the same array type).
    sigma : float, default 10.0
        Kernel bandwidth σ > 0, in the units of ``x``; see :func:`diffusion_operator`.
    device : {"cpu", "gpu", "auto"}, optional
        Where to compute; default follows the array type of ``x``.

    Returns
    -------
    ndarray, shape (n,)
        The n eigenvalues of K in ascending order, in (-1, 1], the largest 1
        up to round-off.

    Notes
    -----
    The multiplicity of the eigenvalue 1 counts the groups of points that
    the kernel sees as disconnected (far apart relative to σ). The
    eigendecomposition (``eigvalsh``, O(n³)) dominates the cost; these are
    the values :func:`diffusion_spectral_entropy` takes the entropy of.

    References
    ----------
    .. [1] R. R. Coifman, S. Lafon, "Diffusion maps", Appl. Comput. Harmon.
       Anal. 21(1), 5-30 (2006).
    .. [2] Liao et al., arXiv:2312.04823 (2023).

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([[0.0], [0.0], [1000.0]])   # one pair of equal points, one far away
    >>> diffusion_eigenvalues(x, sigma=1.0).round(12).tolist()
    [0.0, 1.0, 1.0]
    """
    xp = resolve_namespace(device, x)
    arr, s = _check_cloud(x, sigma, "diffusion_eigenvalues", xp)
    return _diffusion_spectrum(arr, s, xp)


def _diffusion_spectrum(arr, s: float, xp):
    """Eigenvalues (ascending) of the diffusion operator of validated samples."""
    return _eigvalsh_owned(_diffusion_matrix(arr, s, xp), xp)


def _subsample(x, max_n: int | None, rng: np.random.Generator):
    if max_n is None or x.shape[0] <= max_n:
        return x
    idx = np.sort(rng.choice(x.shape[0], size=max_n, replace=False))
    return x[idx]


def diffusion_spectral_entropy(x: Any, sigma: float = 10.0, t: float = 1.0, *, max_n: int | None = None,
                               seed: Any = 0, base: float | str = "e", device: str | None = None) -> float:
    """Diffusion spectral entropy S_D(X, t) of a point cloud (Liao et al. 2023, Def. IV.1).

    Parameters
    ----------
    x : array_like, shape (n, d)
        Samples (NumPy or CuPy).
    sigma : float, default 10.0
        Gaussian kernel bandwidth; see :func:`diffusion_operator`.
    t : float, default 1.0
        Diffusion time; larger t keeps only the top of the spectrum, which is
        the measure's resilience to noise.
    max_n : int, optional
        Use a random subsample of at most this many points (the reference
        code uses 10,000); default: all points.
    seed : int or numpy.random.Generator, default 0
        For the subsample only.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits (the
        paper reports bits, ``base=2``).
    device : {"cpu", "gpu", "auto"}, optional
        Default: follow the array type of ``x``.

    Returns
    -------
    float
        In [0, log n].

    Notes
    -----
    Paper-faithful settings: ``sigma=10, t=1, base=2`` (the reference code
    also adds a small epsilon to every α, which shifts values by about
    1e-12 bits; this function computes the entropy exactly). The value
    depends strongly on σ relative to the scale of the data (see the
    bug tracker of the reference implementation, report 4): compare values only at equal σ
    and n.

    References
    ----------
    Liao et al., arXiv:2312.04823 (2023).

    Examples
    --------
    >>> import numpy as np
    >>> x = np.arange(8.0).reshape(-1, 1) * 1000.0   # far apart: K = I
    >>> round(diffusion_spectral_entropy(x, sigma=1.0, base=2), 12)
    3.0
    """
    func = "diffusion_spectral_entropy"
    rng = check_rng(seed, "seed", func)
    tt = check_real(t, "t", low=0.0, low_open=True, func=func)
    if max_n is not None:
        check_int(max_n, "max_n", low=2, func=func)
    scale = log_base(base, func)
    xp = resolve_namespace(device, x)
    arr, s = _check_cloud(x, sigma, func, xp)
    lam = _diffusion_spectrum(_subsample(arr, max_n, rng), s, xp)
    return _spectrum_entropy(lam, tt, xp) / scale


def diffusion_spectral_mutual_information(x: Any, y: Any, sigma: float = 10.0, t: float = 1.0, *,
                                          n_repetitions: int = 5, seed: Any = 0, base: float | str = "e",
                                          device: str | None = None) -> float:
    """Diffusion spectral mutual information I_D(X; Y) with a discrete label Y (Liao et al. 2023, Def. IV.2).

    I_D(X; Y) = Σ_y p(y) [S̄_D(X_{n_y}) - S_D(X | Y = y)], where S̄_D(X_{n_y})
    is the mean DSE of ``n_repetitions`` random subsets of all of X with the
    same size n_y as class y. Comparing entropies at equal sample size
    removes the dependence of DSE on n, as in the reference code.

    Parameters
    ----------
    x : array_like, shape (n, d)
        Samples (NumPy or CuPy).
    y : array_like, shape (n,)
        Discrete labels (ints, strings). A continuous Y must be discretised
        first (the paper bins a scalar into 10 bins, or clusters a vector Y).
    sigma, t, device :
        As in :func:`diffusion_spectral_entropy`.
    n_repetitions : int, default 5
        Random subsets per class for the unconditional term, at least 1.
    seed : int or numpy.random.Generator, default 0
        Seed of the random subsets.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits (the
        paper reports bits).

    Returns
    -------
    float
        Near 0 when the labels carry no structure of X; it can be slightly
        negative by sampling noise, and is returned as computed.

    Notes
    -----
    Every class needs at least 2 samples. DSMI is not the Shannon mutual
    information: it is bounded by log n, depends on σ, and is meant to
    follow trends (it falls as labels are corrupted).

    References
    ----------
    Liao et al., arXiv:2312.04823 (2023).

    Examples
    --------
    >>> import numpy as np
    >>> x = np.arange(6.0).reshape(-1, 1) * 1000.0   # far apart: every subset has DSE log n_y
    >>> diffusion_spectral_mutual_information(x, [0, 0, 0, 1, 1, 1], sigma=1.0, base=2)
    0.0
    """
    func = "diffusion_spectral_mutual_information"
    rng = check_rng(seed, "seed", func)
    tt = check_real(t, "t", low=0.0, low_open=True, func=func)
    reps = check_int(n_repetitions, "n_repetitions", low=1, func=func)
    scale = log_base(base, func)
    xp = resolve_namespace(device, x)
    arr, s = _check_cloud(x, sigma, func, xp)
    codes = check_labels(to_numpy(y) if y is not None and hasattr(y, "shape") else y, "y", func=func)
    if codes.shape[0] != arr.shape[0]:
        raise ValueError(f"The 'x' and 'y' parameters of {func} must have the same number of samples. "
                         f"Got {arr.shape[0]} and {codes.shape[0]} instead.")
    counts = np.bincount(codes)
    if counts.min() < 2:
        raise ValueError(f"The 'y' parameter of {func} needs at least 2 samples per class. "
                         f"Got a class with {int(counts.min())} instead.")
    n = arr.shape[0]
    total = 0.0
    for label, n_y in enumerate(counts):
        members = np.flatnonzero(codes == label)
        s_cond = _spectrum_entropy(_diffusion_spectrum(arr[xp.asarray(members)], s, xp), tt, xp) / scale
        s_ref = 0.0
        for _ in range(reps):
            idx = np.sort(rng.choice(n, size=int(n_y), replace=False))
            s_ref += _spectrum_entropy(_diffusion_spectrum(arr[xp.asarray(idx)], s, xp), tt, xp) / scale
        total += (n_y / n) * (s_ref / reps - s_cond)
    return float(total)
