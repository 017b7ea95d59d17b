"""Deprecated keyword and function names: they warn, forward, and refuse ambiguity."""

import dataclasses
import inspect
import warnings

import numpy as np
import pytest

from infolab._deprecation import KeyAccessDeprecated, deprecated_alias, renamed_parameter


@renamed_parameter("n_neighbors", "k")
def _count(x, *, k=3, base="e"):
    """Return (x, k, base)."""
    return x, k, base


def test_old_keyword_warns_and_is_forwarded():
    with pytest.warns(FutureWarning, match=r"^'n_neighbors' of _count is deprecated; use 'k' \(renamed in 0\.2\)\.$"):
        assert _count(1, n_neighbors=7) == (1, 7, "e")


def test_new_keyword_and_default_do_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert _count(1, k=5) == (1, 5, "e")
        assert _count(2) == (2, 3, "e")


def test_both_keywords_is_an_error_naming_both():
    with pytest.raises(TypeError, match=r"'n_neighbors' parameter of _count.*'k'.*n_neighbors=1 and k=2"):
        _count(0, n_neighbors=1, k=2)


def test_signature_and_docstring_are_the_new_ones():
    assert list(inspect.signature(_count).parameters) == ["x", "k", "base"]
    assert _count.__doc__ == "Return (x, k, base)."
    assert _count.__name__ == "_count"
    assert _count.__renamed_parameters__ == {"n_neighbors": "k"}


def test_stacked_renames_are_all_recorded_and_work():
    @renamed_parameter("centre", "center")
    @renamed_parameter("n_neighbours", "k", since="0.3")
    def f(*, k=1, center=True):
        return k, center

    assert f.__renamed_parameters__ == {"n_neighbours": "k", "centre": "center"}
    with pytest.warns(FutureWarning, match=r"'n_neighbours' of f is deprecated; use 'k' \(renamed in 0\.3\)"):
        assert f(n_neighbours=4) == (4, True)
    with pytest.warns(FutureWarning, match="'centre' of f is deprecated; use 'center'"):
        assert f(centre=False) == (1, False)


def test_unknown_keywords_still_fail_as_usual():
    with pytest.raises(TypeError, match="unexpected keyword"):
        _count(1, neighbours=2)


def test_decorator_refuses_wrong_names():
    with pytest.raises(TypeError, match="'new' parameter of renamed_parameter must name a parameter"):
        renamed_parameter("a", "missing")(lambda *, b=1: b)
    with pytest.raises(TypeError, match="'old' parameter of renamed_parameter must not be a current parameter"):
        renamed_parameter("b", "c")(lambda *, b=1, c=2: b)
    with pytest.raises(TypeError, match="'new' parameter of renamed_parameter"):
        renamed_parameter("a", "a")
    with pytest.raises(TypeError, match="'old' parameter of renamed_parameter"):
        renamed_parameter("not a name", "a")


def _total(values, *, start=0):
    """Sum of values plus start."""
    return start + sum(values)


def test_alias_warns_and_calls_the_new_function():
    old = deprecated_alias(_total, "add_up")
    with pytest.warns(FutureWarning, match=r"^'add_up' is deprecated; use '_total' \(renamed in 0\.2\)\.$"):
        assert old([1, 2], start=10) == 13
    assert old.__name__ == "add_up"
    assert old.__deprecated_alias_of__ == "_total"
    assert inspect.signature(old) == inspect.signature(_total)
    assert "Deprecated alias of :func:`_total`" in old.__doc__
    assert "use ``_total``" in old.__doc__


def test_alias_propagates_errors_of_the_new_function():
    old = deprecated_alias(_total, "add_up")
    with pytest.warns(FutureWarning), pytest.raises(TypeError):
        old([1, "a"])


def test_alias_refuses_bad_arguments():
    with pytest.raises(TypeError, match="'new_func' parameter of deprecated_alias"):
        deprecated_alias(3, "x")
    with pytest.raises(TypeError, match="'old_name' parameter of deprecated_alias"):
        deprecated_alias(_total, "two words")
    with pytest.raises(ValueError, match="'old_name' parameter of deprecated_alias must differ"):
        deprecated_alias(_total, "_total")


# --- records that used to be dicts ------------------------------------------------


@dataclasses.dataclass(frozen=True, eq=False)
class _Fit(KeyAccessDeprecated):
    residual: float
    means: np.ndarray
    lambda_: float
    _renamed_keys = {"lambda": "lambda_"}


def _fit():
    return _Fit(residual=0.25, means=np.array([1.0, 2.0]), lambda_=3.0)


def test_attribute_access_does_not_warn():
    fit = _fit()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert fit.residual == 0.25 and fit.lambda_ == 3.0
        assert fit.means.tolist() == [1.0, 2.0]


def test_key_access_warns_and_returns_the_field():
    fit = _fit()
    with pytest.warns(FutureWarning, match=r"^result\['residual'\] is deprecated; use result\.residual$"):
        assert fit["residual"] == 0.25
    with pytest.warns(FutureWarning, match=r"^result\['means'\] is deprecated; use result\.means$"):
        assert fit["means"] is fit.means


def test_a_former_key_that_is_not_the_field_name_still_works():
    with pytest.warns(FutureWarning, match=r"^result\['lambda'\] is deprecated; use result\.lambda_$"):
        assert _fit()["lambda"] == 3.0


def test_dict_and_double_star_of_a_record_keep_the_old_keys():
    fit = _fit()
    with pytest.warns(FutureWarning, match=r"result\.keys\(\) is deprecated"):
        assert fit.keys() == ("residual", "means", "lambda")
    with pytest.warns(FutureWarning):
        as_dict = dict(fit)
    assert list(as_dict) == ["residual", "means", "lambda"] and as_dict["lambda"] == 3.0

    def takes(**kw):
        return sorted(kw)

    with pytest.warns(FutureWarning):
        assert takes(**fit) == ["lambda", "means", "residual"]


def test_unknown_keys_raise_key_error_without_a_warning():
    fit = _fit()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for key in ("missing", "lambda_x", 0, "_renamed_keys", "keys"):
            with pytest.raises(KeyError):
                fit[key]


def test_records_stay_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        _fit().residual = 1.0
