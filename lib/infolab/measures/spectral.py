"""Spectral measures: entropies, ranks and norms computed from the spectrum of a matrix.

Nats by default (``base="e"``) everywhere.

Three kinds of input appear here, and each function says which it takes:

* a *spectrum* (eigenvalues or singular values), for :func:`spectrum_entropy`;
* a symmetric positive semi-definite *Gram* matrix (a kernel, covariance or
  density matrix), for :func:`von_neumann_entropy` and
  :func:`matrix_renyi_entropy`, built from data by :func:`gram_matrix`;
* a *data* or *weight* matrix of any shape, for the others (its singular
  values σ_i are the spectrum).

The matrix entropy of data X (n samples × d features) is the von Neumann
entropy of the trace-normalised covariance XᵀX / tr(XᵀX); the Gram matrix
XXᵀ has the same non-zero eigenvalues σ_i², so both give the same value and
:func:`matrix_entropy` diagonalises whichever of the two is smaller.

The O(m³) eigen- and singular value decompositions are the hot spots: pass
CuPy arrays, or ``device="gpu"``, and they run on the GPU
(``cupy.linalg.eigvalsh`` / ``cupy.linalg.svd``).

References
----------
.. [1] J. von Neumann, *Mathematische Grundlagen der Quantenmechanik*, 1932.
.. [2] L. G. Sanchez Giraldo, M. Rao, J. C. Principe, "Measures of entropy from
   data using infinitely divisible kernels", IEEE Trans. Inf. Theory 61(1),
   535-548 (2015), arXiv:1211.2459.
.. [3] O. Roy, M. Vetterli, "The effective rank: a measure of effective
   dimensionality", Proc. EUSIPCO 2007, 606-610.
.. [4] Y. Li, T. Xia, Y. Chang, Y. Wu, "Large language model evaluation via
   matrix nuclear-norm", arXiv:2410.10672 (2024).
.. [5] O. Ludwig, "The condition number as a scale-invariant proxy for
   information encoding in neural units", arXiv:2506.16289 (2025).
.. [6] T. Yerxa, Y. Kuang, E. Simoncelli, S. Chung, "Learning efficient coding
   of natural images with maximum manifold capacity representations",
   NeurIPS 2023, arXiv:2303.03307.
"""

from __future__ import annotations

import math
from types import ModuleType
from typing import Any

import numpy as np
import scipy.linalg

from ..backend import asarray, get_namespace, is_cupy_array, resolve_namespace, to_float, to_numpy
from ..validation import (
    check_array,
    check_base,
    check_choice,
    check_int,
    check_real,
    check_square_matrix,
    log_base,
)

__all__ = [
    "spectrum_entropy",
    "gram_matrix",
    "von_neumann_entropy",
    "matrix_renyi_entropy",
    "matrix_entropy",
    "effective_rank",
    "singular_values",
    "nuclear_norm",
    "nuclear_norm_approx",
    "center_unit_rows",
    "matrix_nuclear_norm_score",
    "condition_number",
    "log_volume",
    "mmcr_objective",
]

#: Eigenvalues of a Gram matrix below ``-PSD_REJECT_RTOL * λ_max`` mean the
#: matrix is not positive semi-definite (round-off is many orders smaller).
PSD_REJECT_RTOL = math.sqrt(np.finfo(np.float64).eps)


def spectrum_entropy(eigenvalues: Any, *, power: float = 1.0, base: float | str = "e") -> float:
    """Entropy of a spectrum: -Σ α_i log α_i with α_i = |λ_i|^t / Σ_j |λ_j|^t.

    The common core of the von Neumann entropy of a density matrix (t = 1,
    λ ≥ 0), the matrix entropy of a trace-normalised Gram matrix, and
    diffusion spectral entropy (λ of a diffusion operator, t = diffusion time).

    Parameters
    ----------
    eigenvalues : array_like, shape (n,)
        Real eigenvalues (NumPy or CuPy); absolute values are used.
    power : float, default 1.0
        The exponent t > 0 applied to |λ|.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.

    Returns
    -------
    float
        Between 0 (one non-zero eigenvalue) and log n (all |λ| equal), in the
        unit of ``base``.

    Notes
    -----
    This is the Shannon entropy of the normalised spectrum, so it only sees
    the relative sizes of the |λ_i|: it is invariant to scaling the spectrum
    and blind to signs. Larger t concentrates α on the largest |λ| and lowers
    the entropy. Zero entries contribute 0 (0 log 0 = 0). Cost O(n).
    ``von_neumann_entropy``, ``matrix_entropy`` and ``effective_rank`` are
    built on it.

    References
    ----------
    .. [1] T. M. Cover, J. A. Thomas, Elements of Information Theory, 2nd ed.,
       Wiley, 2006, ch. 2.
    .. [2] M. A. Nielsen, I. L. Chuang, Quantum Computation and Quantum
       Information, Cambridge University Press, 2000, §11.3.

    Examples
    --------
    >>> spectrum_entropy([1.0, 1.0, 1.0, 1.0], base=2)
    2.0
    """
    func = "spectrum_entropy"
    xp = get_namespace(eigenvalues)
    lam = check_array(eigenvalues, "eigenvalues", func=func, ndim=1, xp=xp)
    t = check_real(power, "power", low=0.0, low_open=True, func=func)
    scale = log_base(base, func)
    if float(xp.max(xp.abs(lam))) == 0.0:
        raise ValueError(f"The 'eigenvalues' parameter of {func} must have a non-zero entry. Got all zeros instead.")
    return _spectrum_entropy(lam, t, xp) / scale


def _spectrum_entropy(lam, t: float, xp: ModuleType) -> float:
    """Entropy in nats of a validated finite 1-D spectrum with a non-zero entry, at power t > 0."""
    lam = xp.abs(lam)
    weights = (lam / xp.max(lam)) ** t  # scale first so |λ|^t neither overflows nor underflows
    alpha = weights / xp.sum(weights)
    alpha = alpha[alpha > 0]
    return to_float(-xp.sum(alpha * xp.log(alpha)))


# ----------------------------------------------------------------------------------------------
# validation and shared linear algebra (private)
# ----------------------------------------------------------------------------------------------

def _check_matrix(a: Any, name: str, func: str, xp: ModuleType, *, stacked: bool = False):
    """A finite, non-empty real float64 matrix (or stack of matrices, shape (..., m, n)), as a copy."""
    if a is None or isinstance(a, (str, bytes)):
        raise TypeError(f"The '{name}' parameter of {func} must be a real matrix. Got {a!r} instead.")
    try:
        arr = asarray(a, xp)
    except Exception as exc:
        raise TypeError(f"The '{name}' parameter of {func} must be a real matrix. Got {type(a).__name__} instead.") from exc
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"The '{name}' parameter of {func} must hold real numbers. Got dtype {arr.dtype} instead.")
    if (arr.ndim < 2) if stacked else (arr.ndim != 2):
        want = "an array of shape (..., m, n)" if stacked else "a 2-D matrix"
        raise ValueError(f"The '{name}' parameter of {func} must be {want}. Got shape {tuple(arr.shape)} instead.")
    if arr.size == 0:
        raise ValueError(f"The '{name}' parameter of {func} must be non-empty. Got shape {tuple(arr.shape)} instead.")
    arr = arr.astype(xp.float64, copy=True)
    if not bool(xp.all(xp.isfinite(arr))):
        raise ValueError(f"The '{name}' parameter of {func} must contain only finite values. Got NaN or inf instead.")
    return arr


def _like_input(value, a: Any):
    """Return an array result with the array kind of the caller's input ``a``."""
    if is_cupy_array(a) or not is_cupy_array(value):
        return value
    return to_numpy(value)


def _svdvals(arr, xp: ModuleType):
    """Singular values (descending) of a matrix or a stack of matrices."""
    return xp.linalg.svd(arr, full_matrices=False, compute_uv=False)


def _eigvalsh_owned(a, xp: ModuleType):
    """Eigenvalues (ascending) of a symmetric matrix that the caller owns, read from its lower triangle.

    On the CPU the matrix is overwritten: LAPACK works in its buffer (through the Fortran-ordered
    view ``a.T``, whose upper triangle is the lower triangle of ``a``) and nothing is copied.
    """
    if xp is np:
        return scipy.linalg.eigh(a.T, lower=False, eigvals_only=True, overwrite_a=True, check_finite=False,
                                 driver="evd")
    return xp.linalg.eigvalsh(a)


#: Elements per block of the blocked n × n kernel passes (512 KiB of float64, cache-resident).
_BLOCK_ELEMENTS = 1 << 16


def _block_rows(n: int) -> int:
    return max(1, _BLOCK_ELEMENTS // max(n, 1))


def _row_blocks(n: int):
    """(start, stop) of the blocks of rows of an n × n matrix."""
    step = _block_rows(n)
    return ((i, min(i + step, n)) for i in range(0, n, step))


def _gaussian_gram(arr, s: float, xp: ModuleType):
    """K_ij = exp(-||x_i - x_j||² / (2σ²)) of the rows of ``arr`` (not changed), built in one n × n buffer.

    With w = x / σ and h_i = ||w_i||² / 2, the exponent is w_i·w_j − (h_i + h_j) (clipped at 0 from
    above, 0 on the diagonal); one matrix product fills the buffer and the rest is done in place, by
    blocks of rows. The product w wᵀ (a symmetric rank-k update in NumPy, symmetrised otherwise)
    and h_i + h_j are symmetric, so K is exactly symmetric.
    """
    w = arr / s
    h = 0.5 * xp.sum(w * w, axis=1)
    g = w @ w.T
    if xp is not np:   # a general matrix product need not be exactly symmetric
        g = 0.5 * (g + g.T)
    n = g.shape[0]
    hh = xp.empty((min(n, _block_rows(n)), n))   # h_i + h_j of one block, reused
    for i0, i1 in _row_blocks(n):
        blk, tmp = g[i0:i1], hh[: i1 - i0]
        xp.add(h[i0:i1, None], h[None, :], out=tmp)
        blk -= tmp
        xp.minimum(blk, 0.0, out=blk)
        rows = xp.arange(i1 - i0)
        blk[rows, rows + i0] = 0.0
        xp.exp(blk, out=blk)
    return g


def _psd_eigenvalues(gram, xp: ModuleType, name: str, func: str):
    """Eigenvalues of a symmetric PSD matrix, with round-off below n·eps·λ_max set to zero.

    ``gram`` must be an array the caller owns: it is overwritten (see :func:`_eigvalsh_owned`).
    Raises if an eigenvalue is below -sqrt(eps)·λ_max (not PSD), or if the
    matrix is zero.
    """
    lam = _eigvalsh_owned(gram, xp)
    top = float(xp.max(lam))
    if top <= 0.0:
        raise ValueError(f"The '{name}' parameter of {func} must be positive semi-definite with a positive trace. "
                         f"Got a largest eigenvalue of {top!r} instead.")
    low = float(xp.min(lam))
    if low < -PSD_REJECT_RTOL * top:
        raise ValueError(f"The '{name}' parameter of {func} must be positive semi-definite. "
                         f"Got a smallest eigenvalue of {low!r} (largest {top!r}) instead.")
    tol = gram.shape[-1] * np.finfo(np.float64).eps * top
    return xp.where(xp.abs(lam) <= tol, 0.0, lam)


def _check_gram(gram: Any, func: str, xp: ModuleType):
    """A finite symmetric square float64 matrix (PSD is checked on the eigenvalues)."""
    if gram is None or isinstance(gram, (str, bytes)):
        raise TypeError(f"The 'gram' parameter of {func} must be a real square matrix. Got {gram!r} instead.")
    try:
        arr = asarray(gram, xp)
    except Exception as exc:
        raise TypeError(f"The 'gram' parameter of {func} must be a real square matrix. Got {type(gram).__name__} instead.") from exc
    return check_square_matrix(arr, "gram", func=func, symmetric=True, xp=xp)


def _gram_spectrum(x, xp: ModuleType, name: str, func: str):
    """Eigenvalues σ_i² of XᵀX (equivalently XXᵀ), from the smaller of the two Gram matrices."""
    g = x @ x.T if x.shape[0] <= x.shape[1] else x.T @ x
    return _psd_eigenvalues(g, xp, name, func)


# ----------------------------------------------------------------------------------------------
# entropies of Gram matrices
# ----------------------------------------------------------------------------------------------

GRAM_KERNELS = ("linear", "gaussian")


def gram_matrix(x: Any, *, kernel: str = "linear", sigma: float | None = None, device: str | None = None):
    """Gram matrix K_ij = k(x_i, x_j) of the rows of ``x``.

    Parameters
    ----------
    x : array_like, shape (n, d)
        Samples in rows (NumPy or CuPy; the result has the same array type).
    kernel : {"linear", "gaussian"}, default "linear"
        ``linear``: K = XXᵀ. ``gaussian``: K_ij = exp(-||x_i - x_j||² / (2σ²)),
        an infinitely divisible kernel with K_ii = 1, the choice of [1]_.
    sigma : float, optional
        Bandwidth σ > 0 of the Gaussian kernel, in the units of ``x``. Required
        for ``gaussian`` (there is no safe default: the entropy runs from 0 to
        log n as σ goes from large to small); must be omitted for ``linear``.
    device : {"cpu", "gpu", "auto"}, optional
        Where to compute; default follows the array type of ``x``.

    Returns
    -------
    ndarray, shape (n, n)
        Symmetric positive semi-definite.

    Notes
    -----
    Squared distances are computed (in units of σ) as ||x_i||² + ||x_j||² - 2 x_i·x_j,
    whose round-off can give tiny negatives; these are set to 0 (distances are
    non-negative by definition) and the diagonal is exactly 0, so K_ii = 1. The
    result is exactly symmetric and is built in one n × n buffer.

    References
    ----------
    .. [1] L. G. Sanchez Giraldo, M. Rao, J. C. Principe, arXiv:1211.2459.

    Examples
    --------
    >>> import numpy as np
    >>> gram_matrix(np.eye(2), kernel="gaussian", sigma=1.0).round(4).tolist()
    [[1.0, 0.3679], [0.3679, 1.0]]
    """
    func = "gram_matrix"
    xp = resolve_namespace(device, x)
    arr = _check_matrix(x, "x", func, xp)
    check_choice(kernel, "kernel", GRAM_KERNELS, func)
    if kernel == "linear":
        if sigma is not None:
            raise ValueError(f"The 'sigma' parameter of {func} is only used by kernel='gaussian'. Got {sigma!r} with kernel='linear' instead.")
        return _like_input(arr @ arr.T, x)
    if sigma is None:
        raise ValueError(f"The 'sigma' parameter of {func} must be given for kernel='gaussian' (a bandwidth > 0 in the units of x). Got None instead.")
    s = check_real(sigma, "sigma", low=0.0, low_open=True, func=func)
    return _like_input(_gaussian_gram(arr, s, xp), x)


def von_neumann_entropy(gram: Any, *, base: float | str = "e", device: str | None = None) -> float:
    """Von Neumann entropy S(ρ) = -tr(ρ log ρ) of ρ = K / tr(K), K symmetric PSD.

    Parameters
    ----------
    gram : array_like, shape (n, n)
        A symmetric positive semi-definite matrix (Gram, kernel, covariance or
        density matrix). It is divided by its trace; it is not otherwise changed.
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.
    device : {"cpu", "gpu", "auto"}, optional
        Where to compute; default follows the array type of ``gram``.

    Returns
    -------
    float
        -Σ λ_i log λ_i over the eigenvalues of ρ: 0 for rank one, log r for a
        multiple of a rank-r projector, at most log n.

    Notes
    -----
    Eigenvalues whose magnitude is below n·eps·λ_max (round-off of
    ``eigvalsh``) count as zero; an eigenvalue below -sqrt(eps)·λ_max means
    the matrix is not PSD and raises ``ValueError``. Symmetry is checked to a
    relative 1e-8. This equals the matrix-based Rényi entropy of order 1 [2]_.

    References
    ----------
    .. [1] J. von Neumann, 1932.
    .. [2] L. G. Sanchez Giraldo, M. Rao, J. C. Principe, arXiv:1211.2459.

    Examples
    --------
    >>> import numpy as np
    >>> bool(abs(von_neumann_entropy(np.eye(4)) - np.log(4)) < 1e-12)
    True
    """
    func = "von_neumann_entropy"
    xp = resolve_namespace(device, gram)
    k = _check_gram(gram, func, xp)
    check_base(base, func)
    lam = _psd_eigenvalues(k, xp, "gram", func)
    return spectrum_entropy(lam, base=base)


def matrix_renyi_entropy(gram: Any, alpha: float, *, base: float | str = "e", device: str | None = None) -> float:
    """Matrix-based Rényi entropy of order α: S_α(A) = log(tr A^α) / (1 - α), A = K / tr(K).

    Parameters
    ----------
    gram : array_like, shape (n, n)
        A symmetric positive semi-definite matrix. With a kernel whose diagonal
        is constant (e.g. the Gaussian kernel of :func:`gram_matrix`), K / tr(K)
        is the A_ij = K_ij / (n sqrt(K_ii K_jj)) of [1]_; for another kernel,
        pass K_ij / sqrt(K_ii K_jj) to follow the paper.
    alpha : float
        Order α > 0, or ``numpy.inf`` (min-entropy, -log λ_max). α = 1 gives
        the von Neumann entropy (the limit α → 1).
    base : float or "e", default "e"
        Logarithm base; nats by default ([1]_ uses bits, ``base=2``).
    device : {"cpu", "gpu", "auto"}, optional
        Where to compute; default follows the array type of ``gram``.

    Returns
    -------
    float
        In [0, log n], non-increasing in α; log r for all α when A is a
        multiple of a rank-r projector.

    Notes
    -----
    Eigenvalue round-off is treated as in :func:`von_neumann_entropy`. Small
    α weighs the smallest eigenvalues heavily, so as α → 0 the value tends to
    log(numerical rank), which depends on the round-off threshold.

    References
    ----------
    .. [1] L. G. Sanchez Giraldo, M. Rao, J. C. Principe, "Measures of entropy
       from data using infinitely divisible kernels", arXiv:1211.2459.

    Examples
    --------
    >>> import numpy as np
    >>> round(matrix_renyi_entropy(np.eye(8), 2.0, base=2), 12)
    3.0
    """
    func = "matrix_renyi_entropy"
    xp = resolve_namespace(device, gram)
    if isinstance(alpha, (int, float, np.floating, np.integer)) and not isinstance(alpha, bool) and float(alpha) == math.inf:
        order = math.inf
    else:
        order = check_real(alpha, "alpha", low=0.0, low_open=True, func=func)
    k = _check_gram(gram, func, xp)
    scale = log_base(base, func)
    lam = _psd_eigenvalues(k, xp, "gram", func)
    if order == 1.0:
        return spectrum_entropy(lam, base=base)
    p = lam / xp.sum(lam)
    if order == math.inf:
        return -math.log(to_float(xp.max(p))) / scale
    p = p[p > 0]
    # log Σ p^α computed relative to the largest p so that large α does not underflow
    top = xp.max(p)
    log_tr = order * math.log(to_float(top)) + math.log(to_float(xp.sum((p / top) ** order)))
    return log_tr / (1.0 - order) / scale


def matrix_entropy(x: Any, *, center: bool = False, base: float | str = "e", device: str | None = None) -> float:
    """Matrix entropy of data: von Neumann entropy of the trace-normalised covariance of ``x``.

    S(X) = -Σ λ_i log λ_i with λ_i = σ_i² / Σ_j σ_j², σ_i the singular values
    of X (after centring the columns if ``center``). XᵀX (d × d) and XXᵀ
    (n × n) share these eigenvalues, so the smaller one is diagonalised.

    Parameters
    ----------
    x : array_like, shape (n, d)
        Data, one sample (e.g. one token's hidden state) per row.
    center : bool, default False
        Subtract the column means first (covariance rather than second moment).
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.
    device : {"cpu", "gpu", "auto"}, optional
        Where to compute; default follows the array type of ``x``.

    Returns
    -------
    float
        In [0, log min(n, d)].

    Notes
    -----
    Paper-faithful settings for the "matrix entropy" baseline of [2]_:
    scale every row to unit norm first, do not centre, and divide the result
    by log d. The cost is O(n d min(n, d)) for the Gram matrix plus
    O(min(n, d)³) for ``eigvalsh``.

    References
    ----------
    .. [1] L. G. Sanchez Giraldo, M. Rao, J. C. Principe, arXiv:1211.2459.
    .. [2] Y. Li, T. Xia, Y. Chang, Y. Wu, arXiv:2410.10672 (baseline ME).

    Examples
    --------
    >>> import numpy as np
    >>> bool(abs(matrix_entropy(np.eye(3, 5)) - np.log(3)) < 1e-12)
    True
    """
    func = "matrix_entropy"
    xp = resolve_namespace(device, x)
    arr = _check_matrix(x, "x", func, xp)
    if not isinstance(center, (bool, np.bool_)):
        raise TypeError(f"The 'center' parameter of {func} must be a bool. Got {center!r} instead.")
    check_base(base, func)
    if center:
        arr = arr - xp.mean(arr, axis=0, keepdims=True)
    return spectrum_entropy(_gram_spectrum(arr, xp, "x", func), base=base)


# ----------------------------------------------------------------------------------------------
# ranks and norms from singular values
# ----------------------------------------------------------------------------------------------

def singular_values(a: Any, *, device: str | None = None):
    """Singular values of a matrix, or of each matrix in a stack, in descending order.

    Parameters
    ----------
    a : array_like, shape (m, n) or (..., m, n)
        A finite real matrix, or a stack of matrices over the leading axes.
    device : {"cpu", "gpu", "auto"}, optional
        Where to compute; default follows the array type of ``a``.

    Returns
    -------
    ndarray, shape (min(m, n),) or (..., min(m, n))
        The same array type as ``a``; non-negative, largest first.

    Notes
    -----
    Computed by the SVD of the backend (LAPACK on the CPU), cost
    O(m n min(m, n)) per matrix. Values at round-off level (about
    eps·σ_max) are not set to zero. ``effective_rank``, ``nuclear_norm``,
    ``condition_number`` and ``log_volume`` are functions of these values.

    References
    ----------
    .. [1] G. H. Golub, C. F. Van Loan, Matrix Computations, 4th ed., Johns
       Hopkins University Press, 2013, §2.4.

    Examples
    --------
    >>> import numpy as np
    >>> singular_values(np.diag([1.0, 3.0])).tolist()
    [3.0, 1.0]
    """
    xp = resolve_namespace(device, a)
    arr = _check_matrix(a, "a", "singular_values", xp, stacked=True)
    return _like_input(_svdvals(arr, xp), a)


def effective_rank(a: Any, *, device: str | None = None) -> float:
    """Effective rank exp(H(p)) with p_i = σ_i / Σ_j σ_j, σ the singular values of ``a``.

    Parameters
    ----------
    a : array_like, shape (m, n)
        Any real matrix with at least one non-zero entry.
    device : {"cpu", "gpu", "auto"}, optional
        Where to compute; default follows the array type of ``a``.

    Returns
    -------
    float
        In [1, min(m, n)]: r for r equal non-zero singular values; invariant
        to scaling, transposition and orthogonal transformations.

    Notes
    -----
    This is the definition of Roy & Vetterli [1]_ (entropy in nats, of the
    singular values normalised to sum 1). RankMe [2]_ is the same quantity
    computed on an embedding matrix. Note the power: singular values, not
    their squares (the eigenvalues of the covariance) are normalised, so
    ``effective_rank(X) = exp(spectrum_entropy(σ))`` whereas
    ``matrix_entropy(X) = spectrum_entropy(σ, power=2)``.

    References
    ----------
    .. [1] O. Roy, M. Vetterli, "The effective rank: a measure of effective
       dimensionality", EUSIPCO 2007.
    .. [2] Q. Garrido, R. Balestriero, L. Najman, Y. LeCun, "RankMe: assessing
       the downstream performance of pretrained self-supervised
       representations by their rank", ICML 2023, arXiv:2210.02885.

    Examples
    --------
    >>> import numpy as np
    >>> round(effective_rank(np.diag([2.0, 2.0, 0.0])), 12)
    2.0
    """
    func = "effective_rank"
    xp = resolve_namespace(device, a)
    arr = _check_matrix(a, "a", func, xp)
    s = _svdvals(arr, xp)
    if float(xp.max(s)) == 0.0:
        raise ValueError(f"The 'a' parameter of {func} must have a non-zero entry. Got the zero matrix instead.")
    return math.exp(spectrum_entropy(s))


def _scalar_or_array(values, a: Any, stacked: bool):
    return _like_input(values, a) if stacked else to_float(values)


def nuclear_norm(a: Any, *, device: str | None = None):
    """Nuclear norm ||A||_* = Σ_i σ_i (sum of singular values), by SVD.

    Parameters
    ----------
    a : array_like, shape (m, n) or (..., m, n)
    device : {"cpu", "gpu", "auto"}, optional
        Where to compute; default follows the array type of ``a``.

    Returns
    -------
    float, or ndarray of shape (...) for a stack of matrices.

    Notes
    -----
    ||A||_F ≤ ||A||_* ≤ sqrt(rank A)·||A||_F. Cost O(m n min(m, n)).

    References
    ----------
    .. [1] R. A. Horn, C. R. Johnson, Matrix Analysis, 2nd ed., Cambridge
       University Press, 2013, §7.4 and §5.6 (Schatten / Ky Fan norms).

    Examples
    --------
    >>> import numpy as np
    >>> nuclear_norm(np.diag([3.0, -4.0]))
    7.0
    """
    xp = resolve_namespace(device, a)
    arr = _check_matrix(a, "a", "nuclear_norm", xp, stacked=True)
    return _scalar_or_array(xp.sum(_svdvals(arr, xp), axis=-1), a, arr.ndim > 2)


def nuclear_norm_approx(a: Any, *, keep: int | None = None, device: str | None = None) -> float:
    """SVD-free approximation of the nuclear norm: the sum of the ``keep`` largest column norms.

    ||A||_* ≈ Σ_{j ∈ top-D} ||A_{:, j}||_2 with D = ``keep`` (default min(m, n)),
    the L1,2 approximation of Li et al. [1]_ (the core of their "matrix
    nuclear-norm", see :func:`matrix_nuclear_norm_score`).

    Parameters
    ----------
    a : array_like, shape (m, n)
        m rows (tokens), n columns (hidden units).
    keep : int, optional
        How many of the largest column norms to add, 1 ≤ keep ≤ n; default
        min(m, n) as in the paper's code.
    device : {"cpu", "gpu", "auto"}, optional
        Where to compute; default follows the array type of ``a``.

    Returns
    -------
    float

    Notes
    -----
    Conditions of exactness and bounds (with the default ``keep``):

    * If the columns of A are mutually orthogonal, AᵀA is diagonal, the
      singular values are the column norms, at most min(m, n) of them are
      non-zero, and the approximation is exact.
    * If n ≤ m (every column kept), ||A||_F ≤ ||A||_* ≤ Σ_j ||A_{:,j}||: the
      upper bound is the triangle inequality applied to A = Σ_j A_{:,j} e_jᵀ.
    * If n > m columns are dropped and neither bound need hold: for m equal
      columns spread over n ≫ m coordinates the sum of the top m column norms
      is m/sqrt(n)·||A||_F, below even the Frobenius norm.
    * The value depends on the basis of the columns: ||A Q||_* = ||A||_* for an
      orthogonal Q, but the column norms of A Q are not those of A. A
      low-rank matrix whose column space is not aligned with the axes has a
      much larger approximation than nuclear norm.

    The cost is O(m n) (column norms plus a partial sort), against
    O(m n min(m, n)) for the SVD.

    References
    ----------
    .. [1] Y. Li, T. Xia, Y. Chang, Y. Wu, "Large language model evaluation via
       matrix nuclear-norm", arXiv:2410.10672 (2024).

    Examples
    --------
    >>> import numpy as np
    >>> nuclear_norm_approx(np.diag([3.0, -4.0]))
    7.0
    """
    func = "nuclear_norm_approx"
    xp = resolve_namespace(device, a)
    arr = _check_matrix(a, "a", func, xp)
    m, n = arr.shape
    d_keep = min(m, n) if keep is None else check_int(keep, "keep", low=1, high=n, func=func)
    return _top_column_norm_sum(arr, d_keep, xp)


def _top_column_norm_sum(arr, d_keep: int, xp: ModuleType) -> float:
    """Sum of the ``d_keep`` largest column norms of a validated matrix (partial sort only)."""
    n = arr.shape[1]
    norms = xp.sqrt(xp.einsum("ij,ij->j", arr, arr))
    if d_keep < n:
        norms = xp.partition(norms, n - d_keep)[n - d_keep:]
    return to_float(xp.sum(norms))


def center_unit_rows(x: Any, *, center: bool = True, device: str | None = None):
    """Centre the columns of ``x`` (optional), then scale every row to unit L2 norm.

    The normalisation of hidden states used before the matrix nuclear-norm
    of [1]_: afterwards ||X||_F² equals the number of rows.

    Parameters
    ----------
    x : array_like, shape (n, d)
    center : bool, default True
        Subtract the mean of each column (over the rows) first.
    device : {"cpu", "gpu", "auto"}, optional

    Returns
    -------
    ndarray, shape (n, d)
        A new array of the input's array type.

    Notes
    -----
    A row that is zero after centring has no direction; that raises
    ``ValueError`` rather than dividing by zero (it happens for a single row
    with ``center=True``, or for a row equal to the column means).

    References
    ----------
    .. [1] Y. Li, T. Xia, Y. Chang, Y. Wu, arXiv:2410.10672 (2024).

    Examples
    --------
    >>> import numpy as np
    >>> center_unit_rows(np.array([[3.0, 4.0]]), center=False).tolist()
    [[0.6, 0.8]]
    """
    func = "center_unit_rows"
    xp = resolve_namespace(device, x)
    arr = _check_matrix(x, "x", func, xp)
    if not isinstance(center, (bool, np.bool_)):
        raise TypeError(f"The 'center' parameter of {func} must be a bool. Got {center!r} instead.")
    return _like_input(_center_unit_rows(arr, center, xp, "x", func), x)


def _center_unit_rows(arr, center: bool, xp: ModuleType, name: str, func: str):
    """Centre the columns and scale rows to unit norm, in place on a validated copy."""
    if center:
        arr -= xp.mean(arr, axis=0, keepdims=True)
    norms = xp.sqrt(xp.einsum("ij,ij->i", arr, arr))[:, None]
    if bool(xp.any(norms == 0)):
        bad = int(to_numpy(xp.argmax(norms.ravel() == 0)))
        raise ValueError(f"The '{name}' parameter of {func} must have no row that is zero"
                         f"{' after centring' if center else ''}. Got a zero row at index {bad} instead.")
    arr /= norms
    return arr


def matrix_nuclear_norm_score(hidden_states: Any, *, normalize: bool = True, device: str | None = None) -> float:
    """The matrix nuclear-norm (MNN) score of Li et al.: (1/L) Σ_{top-D} ||A_{:,j}||_2.

    A is ``hidden_states`` (L tokens × d units) after :func:`center_unit_rows`
    (if ``normalize``), the sum runs over the D = min(L, d) largest column
    norms (:func:`nuclear_norm_approx`), and dividing by L puts the score in
    (0, 1] for normalised input. Lower means a more compressed representation.

    Parameters
    ----------
    hidden_states : array_like, shape (L, d)
        One text sample's last-layer hidden states.
    normalize : bool, default True
        Centre the columns and scale rows to unit norm first (the paper's setting).
    device : {"cpu", "gpu", "auto"}, optional

    Returns
    -------
    float

    Notes
    -----
    Paper-faithful settings: ``normalize=True``; average the per-sample scores
    over a data set, skipping samples where the score is undefined. See
    :func:`nuclear_norm_approx` for when the approximation is exact and how
    it depends on the basis.

    References
    ----------
    .. [1] Y. Li, T. Xia, Y. Chang, Y. Wu, "Large language model evaluation via
       matrix nuclear-norm", arXiv:2410.10672 (2024).

    Examples
    --------
    >>> import numpy as np
    >>> matrix_nuclear_norm_score(np.eye(4), normalize=False)
    1.0
    """
    func = "matrix_nuclear_norm_score"
    xp = resolve_namespace(device, hidden_states)
    arr = _check_matrix(hidden_states, "hidden_states", func, xp)
    if not isinstance(normalize, (bool, np.bool_)):
        raise TypeError(f"The 'normalize' parameter of {func} must be a bool. Got {normalize!r} instead.")
    if normalize:
        arr = _center_unit_rows(arr, True, xp, "hidden_states", func)
    return _top_column_norm_sum(arr, min(arr.shape), xp) / arr.shape[0]


# ----------------------------------------------------------------------------------------------
# linear maps: condition number and log-volume
# ----------------------------------------------------------------------------------------------

def condition_number(w: Any, *, device: str | None = None):
    """Spectral condition number κ(W) = σ_max / σ_min of a matrix (or of each in a stack).

    Parameters
    ----------
    w : array_like, shape (m, n) or (..., m, n)
        For a non-square matrix σ_min is the min(m, n)-th singular value.
    device : {"cpu", "gpu", "auto"}, optional
        Where to compute (batched SVD); default follows the array type of ``w``.

    Returns
    -------
    float, or ndarray of shape (...) for a stack
        ≥ 1; ``inf`` when σ_min = 0 (rank deficient); ``nan`` for the zero
        matrix. Invariant to scaling (κ(aW) = κ(W), a ≠ 0), transposition
        and orthogonal transformations on either side.

    Notes
    -----
    KappaTune [1]_ ranks weight tensors by κ and fine-tunes the lowest-κ ones.
    Equal to ``numpy.linalg.cond(W, 2)`` for full-rank matrices.

    References
    ----------
    .. [1] O. Ludwig, arXiv:2506.16289 (2025).

    Examples
    --------
    >>> import numpy as np
    >>> condition_number(np.diag([8.0, 2.0]))
    4.0
    """
    xp = resolve_namespace(device, w)
    arr = _check_matrix(w, "w", "condition_number", xp, stacked=True)
    s = _svdvals(arr, xp)
    top, bottom = s[..., 0], s[..., -1]
    with np.errstate(divide="ignore", invalid="ignore"):
        kappa = xp.where(bottom > 0, top / xp.where(bottom > 0, bottom, 1.0), xp.where(top > 0, xp.inf, xp.nan))
    return _scalar_or_array(kappa, w, arr.ndim > 2)


def log_volume(w: Any, *, base: float | str = "e", device: str | None = None):
    """Log-volume factor Σ_{i=1}^{min(m,n)} log σ_i of a linear map (nats by default).

    For a square W this is log|det W| = h(Wx) - h(x) for any x with a
    density. For W of full row rank m ≤ n and x ~ N(0, s² I_n),
    h(Wx) = (m/2) log(2πe s²) + Σ log σ_i [1]_.

    Parameters
    ----------
    w : array_like, shape (m, n) or (..., m, n)
    base : float or "e", default "e"
        Logarithm base of the result: "e" gives nats, 2 gives bits.
    device : {"cpu", "gpu", "auto"}, optional

    Returns
    -------
    float, or ndarray of shape (...) for a stack
        ``-inf`` when a singular value is 0. Scaling W by a shifts it by
        min(m, n)·log|a|. At a fixed ||W||_F² = c it is at most
        (k/2) log(c/k), k = min(m, n), with equality iff κ(W) = 1.

    Notes
    -----
    The sum runs over all min(m, n) singular values, so a rank-deficient W
    gives ``-inf`` rather than the log pseudo-determinant; values at round-off
    level give large negative numbers. Computed from the SVD, cost
    O(m n min(m, n)); for a square W this is more stable than log|det W| from
    an LU factorisation when W is ill-conditioned.

    References
    ----------
    .. [1] O. Ludwig, arXiv:2506.16289 (2025), §2-3.

    Examples
    --------
    >>> import numpy as np
    >>> round(log_volume(np.diag([2.0, 0.5])), 12)
    0.0
    """
    func = "log_volume"
    xp = resolve_namespace(device, w)
    arr = _check_matrix(w, "w", func, xp, stacked=True)
    scale = log_base(base, func)
    s = _svdvals(arr, xp)
    with np.errstate(divide="ignore"):
        logs = xp.log(s)
    return _scalar_or_array(xp.sum(logs, axis=-1) / scale, w, arr.ndim > 2)


# ----------------------------------------------------------------------------------------------
# maximum manifold capacity representations
# ----------------------------------------------------------------------------------------------

def _mmcr_views(z: Any, func: str, device: str | None):
    xp = resolve_namespace(device, z)
    arr = _check_matrix(z, "z", func, xp, stacked=True)
    if arr.ndim != 3:
        raise ValueError(f"The 'z' parameter of {func} must have shape (batch, views, dim). Got shape {tuple(arr.shape)} instead.")
    return xp, arr


def _unit(arr, xp, func: str):
    norms = xp.sqrt(xp.sum(arr * arr, axis=-1, keepdims=True))
    if bool(xp.any(norms == 0)):
        raise ValueError(f"The 'z' parameter of {func} must have no zero embedding when normalize=True "
                         "(a zero vector has no direction). Got a zero embedding instead.")
    return arr / norms, norms


def mmcr_objective(z: Any, *, normalize: bool = True, device: str | None = None) -> float:
    """Nuclear norm of the centroid matrix, the quantity MMCR maximises.

    With embeddings z_{b,v} (b = 1..B samples, v = 1..k views), L2-normalised
    if ``normalize``, the centroids are c_b = (1/k) Σ_v z_{b,v} and the
    objective is ||C||_*, C ∈ R^{B×d}.

    Parameters
    ----------
    z : array_like, shape (B, k, d)
    normalize : bool, default True
        Project every embedding onto the unit sphere first (the paper's setting).
    device : {"cpu", "gpu", "auto"}, optional

    Returns
    -------
    float
        For unit-norm embeddings, 0 ≤ ||C||_* ≤ sqrt(B·min(B, d)); the bound
        is reached when all views of a sample coincide and the centroids are
        orthonormal (B ≤ d) or a unit-norm tight frame, CᵀC = (B/d)·I (B ≥ d).

    Notes
    -----
    MMCR trains an encoder by maximising this value (minimising its
    negative); a large nuclear norm needs both tight views (long centroids)
    and spread-out centroids (many large singular values). Without
    ``normalize`` the value grows with the embedding scale and is not
    bounded. Cost O(B k d + B d min(B, d)) for the centroids and their SVD.

    References
    ----------
    .. [1] T. Yerxa, Y. Kuang, E. Simoncelli, S. Chung, arXiv:2303.03307.

    Examples
    --------
    >>> import numpy as np
    >>> mmcr_objective(np.eye(3)[:, None, :].repeat(2, axis=1))
    3.0
    """
    return -_mmcr(z, 0.0, normalize, False, device, "mmcr_objective")


def _nuclear_and_grad(m, xp):
    u, s, vt = xp.linalg.svd(m, full_matrices=False)
    return xp.sum(s, axis=-1), u @ vt


def _mmcr(z: Any, lam: float, normalize: bool, return_grad: bool, device: str | None, func: str):
    xp, arr = _mmcr_views(z, func, device)
    weight = check_real(lam, "lam", low=0.0, func=func)
    for name, flag in (("normalize", normalize), ("return_grad", return_grad)):
        if not isinstance(flag, (bool, np.bool_)):
            raise TypeError(f"The '{name}' parameter of {func} must be a bool. Got {flag!r} instead.")
    n_batch, n_views, _ = arr.shape
    if normalize:
        zhat, norms = _unit(arr, xp, func)
    else:
        zhat, norms = arr, None
    centroids = xp.mean(zhat, axis=1)
    if not return_grad:
        loss = -to_float(xp.sum(_svdvals(centroids, xp)))
        if weight > 0:
            loss += weight * to_float(xp.mean(xp.sum(_svdvals(zhat, xp), axis=-1)))
        return loss
    glob, g_c = _nuclear_and_grad(centroids, xp)
    loss = -to_float(glob)
    grad_hat = xp.broadcast_to(-g_c[:, None, :] / n_views, zhat.shape).copy()
    if weight > 0:
        local, g_local = _nuclear_and_grad(zhat, xp)
        loss += weight * to_float(xp.mean(local))
        grad_hat += (weight / n_batch) * g_local
    if normalize:
        radial = xp.sum(grad_hat * zhat, axis=-1, keepdims=True)
        grad = (grad_hat - radial * zhat) / norms
    else:
        grad = grad_hat
    return loss, _like_input(grad, z)
