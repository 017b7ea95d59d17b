"""Naming rules of the public API (see CONTRIBUTING.md, "Naming rules"), checked on every public name.

Every function, class and public method listed in ``infolab.measures``, ``infolab.data`` and
``infolab.models`` is inspected, so a new function that breaks a rule fails here.
"""

import importlib
import inspect
import warnings

import numpy as np
import pytest

PACKAGES = ("infolab.measures", "infolab.data", "infolab.models")

# ``seed=None`` is allowed only where None means something other than "seed 0"; each entry says what.
SEED_NONE_EXCEPTIONS = {
    "sliced_wasserstein_distance": "None means 'not given': 0 is used when directions are drawn, and a seed "
                                   "together with explicit 'projections' is refused as an error.",
    "varifold_sliced_wasserstein_distance": "as sliced_wasserstein_distance: None means 'not given', so a seed "
                                            "together with explicit 'projections' can be refused.",
}

# Spellings replaced by one name: neighbour counts are ``k`` (or ``k_<role>``), ``center``, ``seed``.
FORBIDDEN_PARAMETERS = {
    "n_neighbors": "k", "n_neighbours": "k", "n_neighbor": "k", "n_neighbour": "k", "num_neighbors": "k",
    "neighbors": "k", "neighbours": "k", "n_nn": "k", "knn": "k", "centre": "center", "centred": "center",
    "centered": "center", "random_state": "seed", "rng": "seed", "random_seed": "seed", "log_base": "base",
}

# First-parameter names that denote a probability table.
TABLE_ARGUMENTS = {"p", "pxy", "p_xy", "pmf", "p_x", "path_pmf", "source_pmf", "joint"}

# ``_pmf`` functions that build a probability table rather than take one: checked numerically below.
RETURNS_TABLE = {"contingency_pmf": lambda f: f([0, 0, 1, 1, 2], [1, 0, 1, 1, 0])}

# Table forms that keep the bare measure name although a sample form exists (``entropy_from_labels``).
BARE_TABLE_FORMS = {"entropy", "joint_entropy", "conditional_entropy"}


def _public_callables():
    """(qualified name, short name, callable) for every public function, class and public method."""
    out = []
    for package_name in PACKAGES:
        package = importlib.import_module(package_name)
        for name in package.__all__:
            obj = getattr(package, name)
            if getattr(obj, "__deprecated_alias_of__", None):
                continue
            if inspect.isclass(obj):
                if "__init__" in vars(obj) or hasattr(obj, "__dataclass_fields__") or hasattr(obj, "_fields"):
                    out.append((f"{package_name}.{name}", name, obj))
                for attr, member in vars(obj).items():
                    if not attr.startswith("_") and inspect.isfunction(member):
                        out.append((f"{package_name}.{name}.{attr}", attr, member))
            elif callable(obj):
                out.append((f"{package_name}.{name}", name, obj))
    return out


def _parameters(func):
    try:
        return inspect.signature(func).parameters
    except (TypeError, ValueError):  # builtins without a signature
        return {}


CALLABLES = _public_callables()


def test_the_api_is_large_enough_for_the_scan_to_mean_something():
    with_base = [q for q, _, f in CALLABLES if "base" in _parameters(f)]
    with_seed = [q for q, _, f in CALLABLES if "seed" in _parameters(f)]
    assert len(CALLABLES) > 300 and len(with_base) > 80 and len(with_seed) > 40


def test_base_is_keyword_only_with_default_e():
    bad = []
    for qualname, _, func in CALLABLES:
        p = _parameters(func).get("base")
        if p is not None and (p.kind is not inspect.Parameter.KEYWORD_ONLY or p.default != "e"):
            bad.append(f"{qualname}: {p.kind.name}, default {p.default!r}")
    assert not bad, "'base' must be keyword-only with default \"e\":\n" + "\n".join(bad)


def test_seed_defaults_to_zero_except_documented_exceptions():
    bad, used = [], set()
    for qualname, name, func in CALLABLES:
        p = _parameters(func).get("seed")
        if p is None or p.default == 0 and not isinstance(p.default, bool):
            continue
        if p.default is None and name in SEED_NONE_EXCEPTIONS:
            used.add(name)
            continue
        bad.append(f"{qualname}: default {p.default!r}")
    assert not bad, "'seed' must default to 0 (or be listed with a reason):\n" + "\n".join(bad)
    assert used == set(SEED_NONE_EXCEPTIONS), f"stale exceptions: {set(SEED_NONE_EXCEPTIONS) - used}"


def test_no_alternative_spellings_of_shared_parameters():
    bad = []
    for qualname, _, func in CALLABLES:
        for pname in _parameters(func):
            if pname in FORBIDDEN_PARAMETERS or "neighbo" in pname or "centre" in pname:
                bad.append(f"{qualname}({pname}): use {FORBIDDEN_PARAMETERS.get(pname, 'k / center')!r}")
    assert not bad, "\n".join(bad)


def test_pmf_suffix_means_a_probability_table_goes_in_or_comes_out():
    bad = []
    for qualname, name, func in CALLABLES:
        if not name.endswith("_pmf") or name in RETURNS_TABLE:
            continue
        first = next(iter(_parameters(func)), None)
        if first not in TABLE_ARGUMENTS:
            bad.append(f"{qualname}: first parameter {first!r} is not a probability table")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("name", sorted(RETURNS_TABLE))
def test_pmf_builders_return_a_probability_table(name):
    import infolab.measures as measures

    table = np.asarray(RETURNS_TABLE[name](getattr(measures, name)), dtype=float)
    assert table.ndim >= 1 and np.all(table >= 0) and np.isclose(table.sum(), 1.0)


def test_table_form_of_a_measure_with_a_sample_form_is_named_pmf():
    names = {name: func for _, name, func in CALLABLES}
    bad = []
    for name in names:
        for suffix in ("_from_samples", "_from_labels"):
            stem = name[: -len(suffix)] if name.endswith(suffix) else None
            if stem is None or stem not in names or stem in BARE_TABLE_FORMS:
                continue
            first = next(iter(_parameters(names[stem])), None)
            if first in TABLE_ARGUMENTS:
                bad.append(f"{stem} takes a table ({first!r}) while {name} exists: name it {stem}_pmf")
    assert not bad, "\n".join(bad)


def test_bare_table_forms_still_take_tables():
    import infolab.measures as measures

    for name in BARE_TABLE_FORMS:
        assert next(iter(inspect.signature(getattr(measures, name)).parameters)) in TABLE_ARGUMENTS
        assert hasattr(measures, f"{name}_from_labels")


def _deprecated_spellings():
    from infolab.measures import icnn_score, infomec, permutation_test, source_latent_nmi
    from infolab.models import icnn_loss
    from infolab.papers.p40_markov_categorical import spectral_alignment

    rng = np.random.default_rng(0)
    s = rng.integers(0, 3, size=(60, 2))
    z = s + 0.3 * rng.standard_normal((60, 2))
    e = np.vstack([rng.normal(0, 1, (6, 2)), rng.normal(5, 1, (6, 2))])
    y = np.repeat([0, 1], 6)
    g = rng.standard_normal((5, 2))
    p = rng.dirichlet(np.ones(5), size=30)
    x3, y3, z3 = rng.standard_normal((3, 40))
    mi = lambda a, b, c: float(np.corrcoef(a - c, b - c)[0, 1] ** 2)  # noqa: E731
    return [
        (source_latent_nmi, (s, z), "n_neighbors", "k", 5),
        (infomec, (s, z), "n_neighbors", "k", 5),
        (icnn_score, (e, y), "n_neighbours", "k_search", 5),
        (icnn_loss, (e, y), "n_neighbours", "k_search", 5),
        (permutation_test, (mi, x3, y3, z3), "n_neighbours", "k_perm", 4),
        (spectral_alignment, (p @ g + 0.1 * rng.standard_normal((30, 2)), g, p), "centre", "center", False),
    ]


def _same(a, b):
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[key], b[key]) for key in a)
    if isinstance(a, (tuple, list)):
        return len(a) == len(b) and all(_same(u, v) for u, v in zip(a, b, strict=True))
    if hasattr(a, "__dataclass_fields__"):
        return all(_same(getattr(a, f), getattr(b, f)) for f in a.__dataclass_fields__)
    if isinstance(a, np.ndarray) and a.dtype == object:
        return a.shape == b.shape and all(_same(u, v) for u, v in zip(a.ravel(), b.ravel(), strict=True))
    if isinstance(a, (str, bytes)) or a is None:
        return a == b
    return np.array_equal(np.asarray(a), np.asarray(b), equal_nan=np.asarray(a).dtype.kind in "fc")


def test_renamed_keywords_still_work_with_a_warning_and_give_the_same_result():
    for func, args, old, new, value in _deprecated_spellings():
        assert new in inspect.signature(func).parameters and old not in inspect.signature(func).parameters
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            expected = func(*args, **{new: value})
        with pytest.warns(FutureWarning, match=f"'{old}' of {func.__name__} is deprecated; use '{new}'"):
            got = func(*args, **{old: value})
        assert _same(expected, got), func.__name__
        with pytest.raises(TypeError, match=f"'{old}' parameter of {func.__name__}"):
            func(*args, **{old: value, new: value})
