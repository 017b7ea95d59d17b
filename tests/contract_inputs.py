"""Valid example inputs for every public name of infolab.measures, infolab.data and infolab.models.

``tests/test_contract.py`` calls each function here with these inputs, then corrupts each
array-valued argument (NaN, inf, complex, empty, strings, wrong ndim) and each marked scalar
option, and checks the contract: the valid call succeeds, is deterministic, leaves its inputs
alone and returns NumPy arrays / Python floats; every bad input raises ``ValueError`` or
``TypeError`` naming the public function and its argument.

Inputs are built mostly by convention from parameter names (``CONVENTIONS``); ``OVERRIDES`` holds
the functions the conventions do not fit. Classes, records and constants are listed in
``EXEMPT`` with the reason they are outside the call matrix. A public name missing from all three
fails the contract test.

``PENDING_FIXES`` lists (function, check, reason) for checks known to fail today; the contract
test fails when a listed check starts passing, so the list has to shrink with every fix.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import Any

import numpy as np

N = 60  # samples in a default valid input

_rng = np.random.default_rng(20240601)


def floats(n: int = N, d: int | None = None) -> np.ndarray:
    """Gaussian samples, 1-D (``d=None``) or (n, d)."""
    return _rng.normal(size=n if d is None else (n, d))


def labels(n: int = N, k: int = 3) -> np.ndarray:
    """Integer labels 0..k-1, every value present."""
    out = np.arange(n) % k
    return _rng.permutation(out)


def pvec(k: int = 4) -> np.ndarray:
    w = np.arange(1, k + 1, dtype=float)
    return w / w.sum()


def ptable(*shape: int) -> np.ndarray:
    w = _rng.uniform(0.5, 1.5, size=shape)
    return w / w.sum()


def stochastic(rows: int = 3, cols: int = 3) -> np.ndarray:
    w = _rng.uniform(0.5, 1.5, size=(rows, cols))
    return w / w.sum(axis=1, keepdims=True)


def spd(d: int = 3) -> np.ndarray:
    a = _rng.normal(size=(d, d))
    return a @ a.T + d * np.eye(d)


def adjacency(n: int = 8) -> np.ndarray:
    a = np.zeros((n, n))
    for i in range(n):
        a[i, (i + 1) % n] = a[(i + 1) % n, i] = 1.0
    a[0, n // 2] = a[n // 2, 0] = 1.0
    return a


# The public name of a ``*args`` parameter (or of each positional value), for messages.
VARARG_NAMES: dict[str, str | tuple[str, ...]] = {}

# Bad values for scalar options, by parameter name.
BAD_SCALARS: dict[str, list] = {
    "seed": [-1, 2.5, "foo"],
    "base": [-1, 0, 1, "x"],
    "k": [0, -1, 2.5, "x"],
    "alpha": [float("nan"), "x"],
    "sigma": [-1.0, float("nan"), "x"],
    "n_permutations": [0, 2.5, "x"],
    "lags": [0, 2.5, "x"],
    "target_history": [-1, 2.5, "x"],
    "source_history": [0, 2.5, "x"],
    "delay": [-1, 2.5, "x"],
    "epsilon": [float("nan"), "x"],
    "m": [float("nan"), -1.0, "x"],
    "eps": [float("nan"), -1.0, "x"],
    "tol": [-1.0, float("nan"), "x"],
    "max_iter": [0, 2.5, "x"],
    "n_steps": [0, 2.5, "x"],
}
# Scalar options checked by default whenever a function has a parameter of that name.
DEFAULT_SCALARS = ("seed", "base", "k", "tol", "max_iter", "n_permutations", "n_steps")


def _sample_convention(func_name: str, module: str) -> dict[str, Any]:
    """Conventional valid values by parameter name (the function's module picks labels or floats)."""
    discrete = module in {"discrete", "sequences"} or func_name.endswith(("_from_labels", "_from_labels_local",
                                                                          "_from_paths"))
    sample = (lambda: labels()) if discrete else (lambda: floats())
    return {
        "x": sample, "y": sample, "z": sample,
        "labels": labels, "tokens": lambda: labels(40, 5),
        "p": pvec, "q": lambda: pvec(4)[::-1].copy(),
        "pxy": lambda: ptable(3, 3), "p_xy": lambda: ptable(3, 3), "pmf": lambda: ptable(2, 2, 2),
        "p_x": lambda: pvec(3), "source_pmf": lambda: pvec(3),
        "channel": stochastic, "transition": stochastic, "emission": lambda: stochastic(3, 2),
        "initial": lambda: pvec(3), "distortion": lambda: 1.0 - np.eye(3),
        "cov": lambda: spd(4), "embeddings": lambda: floats(N, 4), "adjacency": adjacency,
        "probs": lambda: stochastic(10, 4), "logits": lambda: floats(10, 4),
        "gram": lambda: (lambda a: a @ a.T / np.trace(a @ a.T))(floats(10, 3)),
        "a": lambda: floats(12, 5), "w": lambda: floats(6, 6), "codes": lambda: np.abs(floats(40, 6)),
        "variables": lambda: floats(N, 3), "seed": lambda: 0,
        "dim_x": lambda: 2, "n_steps": lambda: 5, "n_samples": lambda: 40, "n_features": lambda: 4,
        "rewards": lambda: floats(4, 6), "metric": lambda: np.abs(floats(4, 6)),
    }


@dataclass
class Entry:
    """One public function's valid call and the parts of it the bad-input matrix corrupts."""

    kwargs: dict[str, Any] = field(default_factory=dict)
    args: tuple = ()                       # values for a ``*args`` parameter
    arrays: tuple[str, ...] | None = None  # arguments to corrupt; None means every ndarray argument
    scalars: dict[str, list] | None = None  # extra scalar options -> bad values (on top of DEFAULT_SCALARS)
    no_scalars: tuple[str, ...] = ()       # default scalar options not to check here, with the reason in `why`
    skip: dict[str, str] = field(default_factory=dict)  # bad-input kind -> why it does not apply
    fresh: dict[str, Any] = field(default_factory=dict)  # arguments built anew for every call (stateful objects)
    why: str = ""


# Functions the conventions do not fit: explicit valid inputs.
def _overrides() -> dict[str, Entry]:
    A = np.array
    o: dict[str, Entry] = {}
    series = {"source": floats(), "target": floats()}
    for name in ("active_information_storage", "active_information_storage_local"):
        o[name] = Entry({"target": floats()})
    for name in ("ksg_transfer_entropy", "ksg_transfer_entropy_local", "granger_causality",
                 "gaussian_transfer_entropy"):
        o[name] = Entry(dict(series))
    for name in ("ksg_conditional_transfer_entropy", "ksg_conditional_transfer_entropy_local"):
        o[name] = Entry({**series, "condition": floats()})
    for name in ("transfer_entropy_from_series", "transfer_entropy_from_series_local"):
        o[name] = Entry({"source": labels(80, 2), "target": labels(80, 2)})
    o["select_embedding"] = Entry({"target": floats(), "max_history": 2, "n_permutations": 9},
                                  scalars={"n_permutations": BAD_SCALARS["n_permutations"]})
    o["adaptive_ngram_probabilities"] = Entry({"symbols": labels(30, 3), "order": 1, "alphabet_size": 3})
    o["additive_uniform_mutual_information"] = Entry({"epsilon": 0.5})
    o["additive_uniform_task"] = Entry({"epsilon": 0.5})
    o["aggregate_alignment"] = Entry({"alignment": A([1.0, 0.0, 1.0, 1.0])})
    o["alignment_preservation"] = Entry({"forward": 1.0, "backward": 0.5})
    o["approximate_kolmogorov_complexity"] = Entry({"errors": A([0.3, 0.1, 0.04, 0.02]),
                                                     "token_counts": A([16, 32, 64, 128]), "epsilon": 0.05})
    o["area_matching_score"] = Entry({"measured": A([0, 0.8, 1]), "predicted": A([0, 0.5, 1]),
                                      "stimulus": A([0.0, 1, 2])})
    o["arithmetic_code_length_bound"] = Entry({"symbols": A([0, 1, 2, 0]), "probabilities": A([0.5, 0.25, 0.25])})
    o["arithmetic_encode"] = Entry({"symbols": A([0, 1, 2, 0]), "probabilities": A([0.5, 0.25, 0.25])})
    from infolab.measures import arithmetic_encode
    pa = A([[0.9, 0.1], [0.2, 0.8], [0.5, 0.5]])
    o["arithmetic_decode"] = Entry({"code": arithmetic_encode(A([1, 1, 0]), pa), "probabilities": pa})
    o["bandlimited_eigenfunction_count"] = Entry({"intrinsic_dim": 2.0, "max_frequency": 2.5})
    o["binary_cross_entropy_with_logits"] = Entry({"logits": floats(6, 2), "targets": (floats(6, 2) > 0) * 1.0})
    o["bipartite_block_interactions"] = Entry({"n_users": 6, "n_items": 6, "n_blocks": 2, "p_in": 0.8,
                                               "p_out": 0.1, "seed": 0})
    o["bipartite_path_profile"] = Entry({"interactions": A([[1.0, 1, 0], [0, 1, 1]]), "max_length": 3})
    o["graph_topology_encoding"] = Entry({"interactions": A([[1.0, 1, 0], [0, 1, 1]])})
    o["bits_per_byte"] = Entry({"code_bits": 400.0, "n_bytes": 100})
    o["catalogue_coverage"] = Entry({"recommended": A([[0, 1], [1, 2]]), "n_items": 10})
    o["recommendation_entropy"] = Entry({"recommended": A([[0, 1], [2, 3]]), "n_items": 4})
    o["novelty"] = Entry({"recommended": A([[0], [1]]), "item_counts": A([2, 1, 1])})
    sim = A([[1, .5, 0], [.5, 1, 0], [0, 0, 1]])
    o["intra_list_diversity"] = Entry({"recommended": A([[0, 1, 2]]), "item_similarity": sim})
    o["serendipity"] = Entry({"recommended": A([[1, 2]]), "history": A([[1, 0, 0]]), "relevant": A([[0, 1, 1]]),
                              "item_similarity": sim})
    o["causal_path_law"] = Entry({"x_kernel": lambda xp, yp: [0.5, 0.5],
                                  "y_kernel": lambda x, yp: [0.9 - 0.8 * x[-1], 0.1 + 0.8 * x[-1]],
                                  "n_steps": 2, "x_alphabet": 2, "y_alphabet": 2},
                                 scalars={"n_steps": [0, 2.5, "x"]})
    path = A([[0.3, 0.2], [0.1, 0.4]])
    for name in ("causally_conditioned_entropy", "directed_information", "path_mutual_information"):
        o[name] = Entry({"path_pmf": path})
    o["causal_rate_distortion_point"] = Entry({"source_pmf": ptable(2, 2), "distortion": A([[0.0, 1], [1, 0]]),
                                               "slope": 2.0})
    o["rate_distortion_point"] = Entry({"p_x": A([0.7, 0.3]), "distortion": A([[0.0, 1], [1, 0]]), "slope": 2.0})
    o["rate_distortion_curve"] = Entry({"p_x": A([0.7, 0.3]), "distortion": A([[0.0, 1], [1, 0]]),
                                        "slopes": A([0.5, 2.0])})
    o["code_length_bits"] = Entry({"symbol_probabilities": A([0.5, 0.25, 0.125])})
    o["conditional_mutual_information_pmf"] = Entry({"p": ptable(2, 2, 2), "x_axes": 0, "y_axes": 1, "z_axes": 2})
    o["consistent_learner_sample_size"] = Entry({"n_hypotheses": 100, "information": 0.1, "delta": 0.05})
    img = _rng.random((16, 16))
    o["copula_similarity"] = Entry({"reference": img, "test": 2.0 * img ** 3 + 5.0, "patch_size": 4})
    o["structural_similarity"] = Entry({"reference": img, "test": img ** 2, "data_range": 1.0})
    o["mean_squared_error"] = Entry({"reference": img, "test": img ** 2})
    o["peak_signal_noise_ratio"] = Entry({"reference": img, "test": img ** 2, "data_range": 1.0})
    ans, tr = A([[0, 0, 0, 0], [1, 0, 0, 0], [1, 1, 0, 0]]), A([[0, 0, 0, 0], [1, 1, 1, 0], [1, 1, 0, 1]])
    o["cot_agreement"] = Entry({"answers": ans, "traces": tr, "target": 0})
    o["cot_information"] = Entry({"answers": ans, "traces": tr, "target": 0, "epsilon": 0.0})
    o["pairwise_cot_information"] = Entry({"answers": ans, "traces": tr, "first": 0, "second": 1})
    o["e2e_disagreement"] = Entry({"answers": ans, "target": 0})
    o["e2e_information"] = Entry({"answers": ans, "target": 0, "epsilon": 0.0})
    o["version_space_learning_curve"] = Entry({"answers": ans, "traces": tr, "target": 0,
                                               "sample_sizes": A([1, 2]), "n_trials": 5, "seed": 0})
    o["cot_information_from_rates"] = Entry({"disagreement": A([0.0, 0.25]), "agreement": A([1.0, 0.25]),
                                             "epsilon": 0.0})
    o["dense_interaction_covariance"] = Entry({"dim_x": 2, "dim_y": 2, "rho": 0.5})
    o["sparse_interaction_covariance"] = Entry({"dim_x": 2, "dim_y": 2, "n_pairs": 1, "rho": 0.5})
    o["diagonal_gaussian_fisher_rao_distance"] = Entry({"variances_a": A([2.0, 1.0]), "variances_b": A([1.0, 3.0])})
    o["diffusion_marginal_variances"] = Entry({"alpha_bar": A([1.0, 0.5, 0.1]), "data_variance": A([3.0])})
    for name in ("ebim_best_partition", "ebim_greedy"):
        o[name] = Entry({"p_x": A([0.7, 0.2, 0.1]), "rate": 0.9})
    o["ebim_frontier"] = Entry({"p_x": A([0.5, 0.3, 0.2]), "rates": A([0.0, 0.5]), "n_steps": 50})
    o["eig_regret"] = Entry({"chosen_eig": 0.5, "candidate_eigs": A([0.1, 0.7, 0.3])})
    eye = np.eye(3)
    o["embedding_alignment"] = Entry({"source": eye + 0.1 * floats(3, 3), "target": eye[[0, 2]] + 0.1})
    dist = np.abs(np.subtract.outer(np.arange(4), np.arange(4))).astype(float)
    o["expected_squared_distance"] = Entry({"predictions": A([0, 1, 3]), "labels": A([2, 1, 0]), "distances": dist})
    o["frechet_locus"] = Entry({"distances": dist[[0, 3]]})
    o["frechet_mean_prediction"] = Entry({"probs": A([0.5, 0.5]), "distances": dist[[0, 3]]})
    o["frechet_objective"] = Entry({"probs": A([0.5, 0.5]), "distances": dist[[0, 3]]})
    o["geodesic_hull"] = Entry({"distances": dist, "observed": A([1, 3])})

    def predict(a):
        p1 = a.sum(axis=(1, 2)) / 6
        return np.stack([1 - p1, p1], axis=1)

    tri = np.ones((1, 3, 3)) - np.eye(3)[None]
    mask = np.zeros((1, 3, 3), bool)
    mask[0, 0, 1] = mask[0, 1, 0] = True
    o["explanation_fidelity"] = Entry({"predict": predict, "adjacency": tri, "masks": mask, "labels": A([1])})
    o["robust_explanation_fidelity"] = Entry({"predict": predict, "adjacency": tri, "masks": mask, "labels": A([1]),
                                              "n_samples": 10})
    params = {"w": A([3.0, -1.0])}
    o["finite_difference_gradients"] = Entry({"loss_fn": lambda: float(np.sum(params["w"] ** 2)), "params": params},
                                             arrays=(), no_scalars=("seed",),
                                             why="the loss reads the params dict it is given; corrupting a copy "
                                                 "would not reach the loss")
    o["fisher_rao_path_length"] = Entry({"variances": 4.0 ** np.linspace(0, 1, 9)[:, None]})
    from infolab.measures import mlds_triads, simulate_difference_judgements
    triads = mlds_triads(5)
    o["fit_mlds"] = Entry({"comparisons": triads, "n_first": simulate_difference_judgements(
        np.linspace(0, 1, 5) ** 0.5, 0.1, triads, 50, seed=0), "n_trials": 50})
    o["mlds_triads"] = Entry({"n_levels": 5})
    o["simulate_difference_judgements"] = Entry({"scale": A([0.0, 0.8, 1.0]), "sigma": 0.1,
                                                 "comparisons": A([[0, 1, 2]]), "n_trials": 4, "seed": 0},
                                                scalars={"sigma": BAD_SCALARS["sigma"]})
    o["fit_noncentral_chi2"] = Entry({"losses": 0.5 * _rng.noncentral_chisquare(5, 2, 200)})
    o["inductive_bias_from_losses"] = Entry({"losses": _rng.chisquare(5, 200), "epsilon": 3.0})
    o["gaussian_encoder_conditional_mutual_information"] = Entry({"means": floats(N, 1), "labels": labels(N, 2),
                                                                  "sigma": 1.0})
    o["gaussian_encoder_mutual_information"] = Entry({"means": floats(N, 1), "sigma": 0.5})
    o["gaussian_fisher_information"] = Entry({"mean_derivative": A([0.5]), "cov": A([[4.0]]),
                                              "cov_derivative": A([[4.0]])})
    c2 = A([[1, 0.6], [0.6, 1]])
    o["gaussian_ib_curve"] = Entry({"cov": c2, "dim_x": 1, "betas": A([1.0, 10.0])})
    o["gaussian_ib_projection"] = Entry({"cov": c2, "dim_x": 1, "beta": 5.0})
    o["gaussian_ib_relevance"] = Entry({"cov": c2, "dim_x": 1, "rate": 5.0})
    o["gaussian_ib_spectrum"] = Entry({"cov": c2, "dim_x": 1})
    o["gaussian_kl_divergence"] = Entry({"mean0": A([0.0, 1.0]), "cov0": spd(2), "mean1": A([1.0, 0.0]),
                                         "cov1": spd(2)})
    grid = np.linspace(-6, 6, 61)
    truth = np.exp(-0.5 * (grid - 1) ** 2)
    o["gaussian_mixture_channel_matching"] = Entry({"grid": grid, "p_x": truth / truth.sum(), "means": A([-1.0, 1]),
                                                    "sds": A([1.5, 1.5]), "weights": A([0.5, 0.5]), "n_iter": 5})
    xg = floats(20, 2)
    yg = np.eye(2)[(xg[:, 0] > 0).astype(int)]
    o["gaussian_process_test_losses"] = Entry({"x_train": xg[:14], "y_train": yg[:14], "x_test": xg[14:],
                                               "y_test": yg[14:], "n_samples": 50, "seed": 0})
    o["gaussian_task"] = Entry({"covariance": spd(4), "dim_x": 2})
    o["student_t_task"] = Entry({"dispersion": np.eye(2), "dim_x": 1, "dof": 3.0})
    o["student_t_mutual_information_correction"] = Entry({"dof": 3.0, "dim_x": 1, "dim_y": 1})
    o["generalized_chi2_log_cdf"] = Entry({"x": 2.0, "weights": np.ones(4)})
    o["grid_interpolation_matrix"] = Entry({"coords": A([-1.0, 0.25, 1.0]), "resolution": 3})
    o["metric_coordinates"] = Entry({"coords": A([-1.0, 0.0, 0.5])})
    yt, ys = A([[1, 0, 1, 0], [0, 1, 0, 0]]), A([[0.9, 0.8, 0.7, 0.1], [0.2, 0.5, 0.1, 0.3]])
    for name in ("hit_rate_at_k", "precision_at_k", "recall_at_k"):
        o[name] = Entry({"y_true": yt, "y_score": ys, "k": 2})
    for name in ("mean_average_precision", "mean_reciprocal_rank", "ndcg_at_k"):
        o[name] = Entry({"y_true": yt, "y_score": ys})
    o["roc_auc"] = Entry({"y_true": A([0, 0, 1, 1]), "y_score": A([0.1, 0.4, 0.35, 0.8])})
    o["hmm_predictive_beliefs"] = Entry({"transition": stochastic(2, 2), "emission": stochastic(2, 2),
                                         "observations": A([[0, 1, 1]]), "initial": A([0.5, 0.5])})
    o["hmm_sample"] = Entry({"transition": stochastic(2, 2), "emission": stochastic(2, 2), "n_steps": 5,
                             "initial": A([0.5, 0.5]), "seed": 0})
    o["inductive_bias_complexity"] = Entry({"error": 1e-3, "n_train": 600.0, "intrinsic_dim": 4.0, "radius": 2.0,
                                            "margin": 0.5, "n_classes": 10})
    src = A([[a, b] for a in range(3) for b in range(3)] * 4)
    o["infomec"] = Entry({"sources": src, "latents": src + 0.1 * floats(36, 2), "k": 3})
    o["source_latent_nmi"] = Entry({"sources": src, "latents": src + 0.1 * floats(36, 2), "k": 3})
    o["information_bottleneck_curve"] = Entry({"p_xy": A([[0.4, 0.1], [0.1, 0.4]]), "betas": A([0.5, 10.0]),
                                               "n_clusters": 2})
    o["information_bottleneck_generalization_bound"] = Entry({"conditional_information": 2.0, "n_samples": 100})
    o["information_capacity"] = Entry({"text_bits_per_token": 32.0, "nll_bits_per_token": 8.0,
                                       "flops_per_token": 2.0 ** 20, "bias": -4.0})
    o["knn_renyi_entropy"] = Entry({"x": floats(), "alpha": 2.0})
    o["knn_tsallis_entropy"] = Entry({"x": floats(), "alpha": 2.0})
    o["renyi_entropy"] = Entry({"p": pvec(), "alpha": 2.0}, scalars={"alpha": BAD_SCALARS["alpha"]})
    o["tsallis_entropy"] = Entry({"p": pvec(), "alpha": 2.0}, scalars={"alpha": BAD_SCALARS["alpha"]})
    o["matrix_renyi_entropy"] = Entry({"gram": np.eye(6) / 6, "alpha": 2.0})
    o["kt_regret_bound_bits"] = Entry({"context_counts": A([16, 4]), "alphabet_size": 2})
    o["linear_gaussian_eig"] = Entry({"design_matrix": floats(3, 2), "prior_cov": spd(2), "noise_cov": spd(3)})
    tr2 = A([[1.0, 0.25], [0.25, 1.0]])
    o["logical_probability"] = Entry({"p_x": A([0.5, 0.5]), "truth": tr2})
    o["semantic_bayes"] = Entry({"p_x": A([0.5, 0.5]), "truth": tr2})
    o["semantic_information"] = Entry({"p_x": A([0.5, 0.5]), "truth": tr2})
    o["semantic_mutual_information"] = Entry({"pxy": A([[0.4, 0.1], [0.1, 0.4]]), "truth": tr2})
    o["rate_fidelity"] = Entry({"p_x": A([0.5, 0.5]), "truth": tr2, "s": 2.0})
    o["rate_fidelity_curve"] = Entry({"p_x": A([0.5, 0.5]), "truth": tr2, "s_values": A([0.0, 1.0, 3.0])})
    o["truth_from_channel"] = Entry({"channel": stochastic(3, 3)})
    o["mixture_information_decomposition"] = Entry({"p_x": A([0.5, 0.5]), "likelihoods": A([[0.9, 0.2], [0.1, 0.8]]),
                                                    "weights": A([0.5, 0.5])})
    o["mmi_classification"] = Entry({"p_x": A([0.5, 0.5]), "likelihood": A([[0.7, 0.1], [0.2, 0.2], [0.1, 0.7]]),
                                     "labels": A([0, 0, 1]), "n_iter": 2})
    o["matrix_nuclear_norm_score"] = Entry({"hidden_states": floats(8, 4)})
    o["mi_task"] = Entry({"name": "normal-dense-2x2-rho0.5"})
    from infolab.data import mi_task
    o["transformed_task"] = Entry({"task": mi_task("normal-dense-2x2-rho0.5"), "transform": "wiggly"})
    o["mse_loss"] = Entry({"pred": floats(5, 2), "target": floats(5, 2)})
    o["softmax_cross_entropy"] = Entry({"logits": floats(6, 3), "labels": labels(6, 3)})
    o["classification_accuracy"] = Entry({"logits": floats(6, 3), "labels": labels(6, 3)})
    o["l1_penalty"] = Entry({"a": floats(5, 3)})
    o["softmax"] = Entry({"logits": floats(5, 3)})
    from infolab.data import linear_gaussian_experiment
    lg = linear_gaussian_experiment(n_params=1, prior_sd=1.0, noise_sd=1.0)
    o["nmc_eig"] = Entry({"model": lg, "design": A([1.0]), "n_outer": 50, "n_inner": 20, "seed": 0})
    o["pce_eig"] = Entry({"model": lg, "design": A([1.0]), "n_outer": 50, "n_contrastive": 5, "seed": 0})
    s = np.geomspace(1, 5, 21)
    o["perceptual_scale"] = Entry({"values": s, "fisher_information": 1 / s ** 2})
    from infolab.measures import mutual_information_from_labels
    o["permutation_test"] = Entry({"estimator": mutual_information_from_labels, "x": labels(40, 3),
                                   "y": labels(40, 3), "n_permutations": 19},
                                  scalars={"n_permutations": BAD_SCALARS["n_permutations"]})
    o["planted_partition_graph"] = Entry({"sizes": A([3, 3]), "p_in": 0.9, "p_out": 0.1, "seed": 0})
    o["planted_sparse_features"] = Entry({"n_samples": 30, "n_neurons": 8, "n_features": 12})
    o["ppmi_word_embeddings"] = Entry({"documents": [A([0, 1, 0, 1]), A([2, 3, 2]), A([0, 1]), A([3, 2])],
                                       "n_words": 4, "dim": 2})
    o["price_citation_dag"] = Entry({"n_papers": 30, "first_year_papers": 5, "seed": 0})
    o["proto_triplet_loss"] = Entry({"embeddings": A([[0.0], [1.0], [0.25], [0.8]]), "labels": A([0, 1, 0, 1]),
                                     "is_query": A([False, False, True, True])})
    o["prototypical_loss"] = Entry({"embeddings": A([[0.0], [4.0], [0.5], [3.0]]), "labels": A([0, 1, 0, 1]),
                                    "is_query": A([False, False, True, True])})
    o["pullback_fisher_metric"] = Entry({"logit_jacobian": A([[1.0], [-1.0]]), "probs": A([0.5, 0.5])})
    o["quantize_probabilities"] = Entry({"probabilities": A([0.5, 0.25, 0.25]), "total_bits": 8})
    x0 = np.linspace(-12, 12, 401)
    o["score_variance_fisher_information"] = Entry({"log_density": lambda x, t: -0.5 * (x - t) ** 2
                                                    - 0.5 * np.log(2 * np.pi), "theta": A([0.5]), "support": x0})
    o["set_partitions"] = Entry({"n": 3})
    o["shortest_path_schedule"] = Entry({"data_variance": A([4.0]), "tau": A([1.0, 0.5, 0.0])})
    o["slow_manifold_observables"] = Entry({"states": floats(10, 2)})
    o["snr_distance"] = Entry({"anchor": floats(6), "other": floats(6)})
    o["snr_distance_matrix"] = Entry({"anchors": floats(4, 6)})
    o["softmax_kl_divergence"] = Entry({"logits_p": floats(5, 3), "logits_q": floats(5, 3)})
    o["spectral_envelope_fisher_information"] = Entry({"parameter": "sf_bandwidth", "values": A([1.0, 2.0])})
    o["spectrum_entropy"] = Entry({"eigenvalues": A([1.0, 2.0, 3.0, 4.0])})
    o["split_last_subspace"] = Entry({"sizes": A([12]), "importance": np.r_[np.ones(6), np.zeros(6)]})
    o["subspace_triplet_loss"] = Entry({"embeddings": A([[1.0, 0.0, 3.0], [2.0, 0.0, -1.0], [0.0, 1.0, 0.5]]),
                                        "labels": A([0, 0, 1]), "sizes": A([2, 1]), "learner": 0})
    o["superposition_ratio"] = Entry({"codes": np.abs(floats(20, 8)), "n_neurons": 4})
    o["symmetric_infonce_loss"] = Entry({"scores": floats(4, 4)})
    o["taylor_importance"] = Entry({"activations": floats(5, 3), "activation_grads": floats(5, 3)})
    o["text_to_symbols"] = Entry({"text": "abba"})
    o["token_cosine_similarity"] = Entry({"a": A(["mov", "add", "mov"]), "b": A(["add", "jmp"])})
    o["token_jensen_shannon_divergence"] = Entry({"a": A(["mov", "add", "mov"]), "b": A(["add", "jmp"])})
    o["topological_closeness_concordance"] = Entry({"scores": A([3.0, 1.0, 0.0]), "distance": A([3, 3, 5]),
                                                    "n_shortest": A([2, 1, 1])})
    o["toy_model_features"] = Entry({"n_samples": 30, "n_features": 5, "sparsity": 0.5})
    from infolab.models import MLP, Adam, mse_loss
    xt = np.linspace(-1, 1, 16).reshape(-1, 1)

    def step(m, xb, yb):
        loss, g = mse_loss(m.forward(xb), yb)
        return loss, m.backward(g)

    o["train"] = Entry({"loss_and_grads": step, "data": (xt, 3 * xt), "epochs": 3,
                        "batch_size": 8}, arrays=(),
                       fresh={"model": lambda: MLP([1, 1], seed=0), "optimizer": lambda: Adam(0.05)},
                       why="data is a tuple of batches; the model checks its batches itself")
    v = A([[0.0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]])
    o["triangle_mesh_varifold"] = Entry({"vertices": v, "faces": A([[0, 1, 2], [0, 1, 3]])})
    o["truncated_reconstruction_errors"] = Entry({"x": A([[4.0, -2.0, 1.0, 1.0]]), "basis": np.eye(4),
                                                  "token_counts": A([0, 1, 2, 4])})
    o["two_point_risk_lower_bound"] = Entry({"epsilons": A([0.1, 0.2]), "information": A([0.5, 1.0]), "m": 1.0},
                                            scalars={"m": BAD_SCALARS["m"]})
    o["udcg"] = Entry({"relevant": A([1, 1, 0, 0, 0]), "no_response": A([2e-6, 1e-5, 0.13, 0.18, 0.02])})
    coefs, noise = A([[[0.5, 0.0], [0.3, 0.4]]]), np.eye(2)
    o["var_autocovariances"] = Entry({"coefs": coefs, "noise_cov": noise, "max_lag": 2})
    o["var_is_stable"] = Entry({"coefs": coefs})
    o["var_sample"] = Entry({"coefs": coefs, "noise_cov": noise, "n_samples": 30, "burn_in": 10, "seed": 0})
    o["var_transfer_entropy"] = Entry({"coefs": coefs, "noise_cov": noise, "source": 0, "target": 1})
    pos = floats(10, 3)
    nrm = pos / np.linalg.norm(pos, axis=1, keepdims=True)
    o["varifold_sliced_wasserstein_distance"] = Entry({
        "positions_x": pos, "normals_x": nrm, "areas_x": np.full(10, 0.1), "positions_y": pos[::-1] + 0.1,
        "normals_y": nrm[::-1], "areas_y": np.full(10, 0.1), "n_projections": 10, "seed": 0})
    o["von_mises_fisher_information"] = Entry({"kappa": A([0.5, 2.0])})
    o["wasserstein_distance_1d"] = Entry({"u": floats(20), "v": floats(20)})
    for name in ("causally_conditioned_entropy_from_paths", "directed_information_from_paths"):
        o[name] = Entry({"x": labels(40, 2).reshape(20, 2), "y": labels(40, 2).reshape(20, 2)})
    for name in ("center_unit_rows", "gram_matrix", "matrix_entropy"):
        o[name] = Entry({"x": floats(12, 4)})
    for name in ("mmcr_loss", "mmcr_objective"):
        o[name] = Entry({"z": _rng.normal(size=(3, 6, 4))})
    o["compressed_size"] = Entry({"x": b"abcabcabcabd" * 4})
    o["normalized_compression_distance"] = Entry({"x": b"abcabcabcabd" * 4, "y": b"abcabdabdabd" * 4})
    for name in ("coupling_entropy_bounds", "greedy_coupling", "greedy_coupling_sparse", "majorization_meet"):
        o[name] = Entry(args=(pvec(3), A([0.5, 0.3, 0.2])))
        VARARG_NAMES[name] = "marginals"
    o["diffusion_spectral_mutual_information"] = Entry({"x": floats(30, 2), "y": labels(30, 2), "n_repetitions": 2})
    for name in ("join", "joint_entropy_from_labels"):
        o[name] = Entry(args=(labels(30, 2), labels(30, 3)))
        VARARG_NAMES[name] = "xs"
    o["reconstructs"] = Entry(args=(labels(30, 3), labels(30, 3), labels(30, 2)))
    VARARG_NAMES["reconstructs"] = ("x", "components[0]", "components[1]")
    dag = np.zeros((8, 8))
    for i in range(1, 8):
        dag[i, i // 2] = 1.0
        if i > 2:
            dag[i, i - 1] = 1.0
    o["knowledge_quantification_index"] = Entry({"adjacency": dag})
    o["kqi_volumes"] = Entry({"adjacency": dag})
    o["linear_schedule"] = Entry({"n_steps": 50})
    o["structural_entropy_partition"] = Entry({"adjacency": adjacency(), "labels": labels(8, 2)})
    o["hmm_block_law"] = Entry({"transition": stochastic(2, 2), "emission": stochastic(2, 2), "initial": A([0.5, 0.5]),
                                "past_len": 2, "block_len": 2})
    o["train_step"] = Entry({"loss_and_grads": step, "batch": (xt, 3 * xt)}, arrays=(),
                            fresh={"model": lambda: MLP([1, 1], seed=0), "optimizer": lambda: Adam(0.05)},
                            why="batch is a tuple of arrays; the model checks its batches itself")
    o["topological_closeness_concordance"].skip["distance:inf"] = "inf is documented: beyond max_length"
    o["two_point_risk_lower_bound"].skip["information:inf"] = "I(eps) = inf is valid: that term of the bound is 0"
    o["permutation_test"].skip["ndim"] = "x and y go whole to the caller's estimator, which judges their shape"
    for name in ("ngram_counts", "token_entropy"):
        o.setdefault(name, Entry()).skip["complex"] = "tokens are any hashable symbols; complex numbers are hashable"
    for name, options in {
        "gaussian_encoder_mutual_information": ("sigma",), "gaussian_encoder_conditional_mutual_information": ("sigma",),
        "knn_renyi_entropy": ("alpha",), "knn_tsallis_entropy": ("alpha",), "matrix_renyi_entropy": ("alpha",),
        "diffusion_spectral_entropy": ("sigma",), "diffusion_spectral_mutual_information": ("sigma",),
        "granger_causality": ("lags",), "gaussian_transfer_entropy": ("target_history", "source_history", "delay"),
        "transfer_entropy_from_series": ("source_history", "delay"), "ksg_transfer_entropy": ("source_history",),
        "cot_information": ("epsilon",), "e2e_information": ("epsilon",), "inductive_bias_from_losses": ("epsilon",),
        "additive_uniform_mutual_information": ("epsilon",),
    }.items():
        entry = o.setdefault(name, Entry())
        entry.scalars = {**(entry.scalars or {}), **{opt: BAD_SCALARS[opt] for opt in options}}
    any_shape = "an n-D probability table: extra singleton axes are valid extra variables"
    for name in ("entropy", "joint_entropy", "co_information_pmf", "dual_total_correlation_pmf", "interaction_information_pmf",
                 "o_information_pmf", "s_information_pmf", "total_correlation_pmf", "conditional_mutual_information_pmf",
                 "renyi_entropy", "tsallis_entropy"):
        o.setdefault(name, Entry()).skip["ndim"] = any_shape
    for name in ("causally_conditioned_entropy", "directed_information", "path_mutual_information"):
        o[name].skip["ndim"] = "a path law of any length n has 2n axes; singleton axes are a valid longer path"
    for name in ("condition_number", "log_volume", "nuclear_norm", "singular_values"):
        o.setdefault(name, Entry()).skip["ndim"] = "batched: shape (..., m, n) is documented"
    for name in ("softmax", "l1_penalty", "von_mises_fisher_information"):
        o.setdefault(name, Entry()).skip["ndim"] = "elementwise over an array of any shape"
    o["diffusion_marginal_variances"].skip["ndim"] = "data_variance has any shape F (one per coordinate)"
    o["shortest_path_schedule"].skip["ndim"] = "data_variance has any shape F (one per coordinate)"
    o["fisher_rao_path_length"].skip["ndim"] = "variances has shape (n_points, ...): any coordinates"
    return o


OVERRIDES: dict[str, Entry] = _overrides()

# Classes, records and constants: outside the call matrix, each with the reason.
RECORD = "record: a result type (NamedTuple or dataclass), built by the functions that return it"
MODEL = "class: a model or optimiser; its methods are checked in its own test module"
CONSTANT = "constant: a module-level value, not callable"
EXEMPT: dict[str, str] = {
    "ArithmeticCode": RECORD,
    "CausalRateDistortionPoint": RECORD,
    "ChannelCapacity": RECORD,
    "ChannelMatchingResult": RECORD,
    "CouplingEntropyBoundsResult": RECORD,
    "EIGEstimate": RECORD,
    "EmbeddingSelection": RECORD,
    "ExperimentModel": RECORD,
    "FidelityScores": RECORD,
    "GREEDY_MEET_GAP_BITS": CONSTANT,
    "GREEDY_OPT_GAP_MANY_BITS": CONSTANT,
    "GREEDY_OPT_GAP_TWO_BITS": CONSTANT,
    "GaussianIBCurve": RECORD,
    "GaussianIBSpectrum": RECORD,
    "GaussianProcessLosses": RECORD,
    "GrangerResult": RECORD,
    "ICNNScore": RECORD,
    "InductiveBiasEstimate": RECORD,
    "InfoMECResult": RECORD,
    "InformationBottleneckCurve": RECORD,
    "LearningCurve": RECORD,
    "MI_METHODS": CONSTANT,
    "MLDSFit": RECORD,
    "MMIClassificationResult": RECORD,
    "MixtureDecompositionResult": RECORD,
    "MULTIVARIATE_METHODS": CONSTANT,
    "MutualInformationInterval": RECORD,
    "PERMUTATION_SCHEMES": CONSTANT,
    "PartialInformation": RECORD,
    "PermutationTestResult": RECORD,
    "RateDistortionPoint": RECORD,
    "RateFidelityPoint": RECORD,
    "SurplusDecomposition": RECORD,
    "TiesBrokenWarning": "warning class",
    "FactorImages": RECORD,
    "GridExperiment": RECORD,
    "MITask": RECORD,
    "MI_TRANSFORMS": CONSTANT,
    "PlantedFeatures": RECORD,
    "SHAPES_LITE_FACTORS": CONSTANT,
    "Trajectories": RECORD,
    "Adam": MODEL,
    "Autoencoder": MODEL,
    "ContextMLPLanguageModel": MODEL,
    "GraphConvClassifier": MODEL,
    "METRICS": CONSTANT,
    "MLP": MODEL,
    "MarkovTextSource": MODEL,
    "NGramLanguageModel": MODEL,
    "SGD": MODEL,
    "SetEncoder": MODEL,
    "StructuredBilinearSimilarity": MODEL,
    "TiedSparseAutoencoder": MODEL,
}

# (function, check, reason): checks that fail today. The contract test requires each to fail, and
# fails once one passes, so that the entry is removed with the fix.
PENDING_FIXES: list[tuple[str, str, str]] = [
]


def public_names() -> dict[str, Any]:
    """Every public name of the three packages, mapped to its object."""
    import infolab.data
    import infolab.measures
    import infolab.models

    out = {}
    for pkg in (infolab.measures, infolab.data, infolab.models):
        short = pkg.__name__.rsplit(".", 1)[-1]
        for name in pkg.__all__:
            # a name exported by two packages is keyed by the later package too: "models.mmcr_loss"
            out[f"{short}.{name}" if name in out else name] = getattr(pkg, name)
    return out


def build_entry(name: str, func: Any) -> Entry:
    """The entry of one function: its override, else the conventions filled in from its signature."""
    if name in OVERRIDES:
        base = OVERRIDES[name]
    else:
        base = Entry()
    module = getattr(func, "__module__", "").rsplit(".", 1)[-1]
    conv = _sample_convention(name, module)
    kwargs = dict(base.kwargs)
    sig = inspect.signature(func)
    n_positional = len(base.args) if any(p.kind is p.VAR_POSITIONAL for p in sig.parameters.values()) else 0
    for i, (pname, param) in enumerate(sig.parameters.items()):
        if i < n_positional and param.kind is param.POSITIONAL_OR_KEYWORD:
            continue
        if pname in kwargs or pname in base.fresh or param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        if param.default is param.empty or pname == "seed":
            if pname not in conv:
                raise KeyError(f"{name}: no convention for required parameter {pname!r}; "
                               "add an entry to OVERRIDES in tests/contract_inputs.py")
            kwargs[pname] = conv[pname]()
    return Entry(kwargs=kwargs, args=base.args, arrays=base.arrays, scalars=base.scalars,
                 no_scalars=base.no_scalars, skip=base.skip, fresh=base.fresh, why=base.why)
