"""Bad and unusual input, over every sampler in every in-memory sampler
package's ``__all__`` (a new sampler is covered without anyone listing it).

Each case ends in the right result or a ValueError of ours that names what is
wrong.
"""

import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_classification

import imbalance_kit.combine as combine
import imbalance_kit.over_sampling as over_sampling
import imbalance_kit.under_sampling as under_sampling

PACKAGES = (over_sampling, under_sampling, combine)
NAMES = [name for package in PACKAGES for name in package.__all__]
NEIGHBOUR_PARAMS = ("k_neighbors", "n_neighbors", "m_neighbors")
# a neighbour count that is not a neighbour search of a fixed set: KMeansSMOTE
# caps it per cluster (documented), ProWSyn's is the per-level share; AllKNN's
# rounds stop (imbalanced-learn's rules) before the count exceeds the data
CAPPED = {
    ("KMeansSMOTE", "k_neighbors"),
    ("ProWSyn", "n_neighbors"),
    ("AllKNN", "n_neighbors"),
}


def make(name, **params):
    package = next(p for p in PACKAGES if name in p.__all__)
    cls = getattr(package, name)
    if name == "SMOTENC":
        params.setdefault("categorical_features", [3])
    if "random_state" in cls().get_params() if name != "SMOTENC" else True:
        params.setdefault("random_state", 0)
    return cls(**params)


def data(n_samples=120, scale_to_unit=True):
    """Binary data whose largest absolute value is in [0.5, 1) (so a power of
    two scaling of it is the only change the samplers see); column 3 holds
    three categories, for SMOTENC."""
    X, y = make_classification(
        n_samples=n_samples, n_features=4, weights=[0.85], random_state=0
    )
    X[:, 3] = np.digitize(X[:, 3], [-0.5, 0.5])
    if scale_to_unit:
        X = np.ldexp(X, -int(np.frexp(np.abs(X).max())[1]))
    return X, y


def strict(fn):
    """Run ``fn`` with RuntimeWarnings as errors (overflow, invalid value)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        warnings.simplefilter("ignore", UserWarning)
        return fn()


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("delta", [-1, 1])
def test_y_of_another_length_is_refused(name, delta):
    X, y = data()
    y = np.r_[y, 0][: len(y) + delta]
    with pytest.raises(
        ValueError,
        match=rf"X and y must have one row per sample; got X with 120 rows and "
        rf"y with {120 + delta} entries",
    ):
        make(name).fit_resample(X, y)


@pytest.mark.parametrize("name", NAMES)
def test_one_dimensional_X_is_refused(name):
    X, y = data()
    with pytest.raises(ValueError, match=r"X must be 2-D.*got a 1-D input"):
        make(name).fit_resample(X[:, 0], y)


def _refuses_extreme_scale(sampler):
    return sampler._extreme_scale_mode() == "refuse"


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("exponent", [995, -995, -43])
def test_extreme_scale_gives_the_unit_scale_result_or_a_clear_refusal(name, exponent):
    # 2**995 ~ 1e299 (squared distances overflow), 2**-995 ~ 1e-300 (they
    # underflow), 2**-43 ~ 1e-13 (a tiny but informative scale)
    X, y = data()
    sampler = make(name)
    X_big = np.ldexp(X, exponent)
    if _refuses_extreme_scale(sampler):
        if exponent == -43:
            pytest.skip("a parameter in data units: the result depends on scale")
        with pytest.raises(ValueError, match="too large or too small"):
            sampler.fit_resample(X_big, y)
        return
    X_unit, y_unit = strict(lambda: make(name).fit_resample(X, y))
    X_res, y_res = strict(lambda: make(name).fit_resample(X_big, y))
    np.testing.assert_array_equal(y_res, y_unit)
    np.testing.assert_array_equal(X_res, np.ldexp(X_unit, exponent))


@pytest.mark.parametrize("name", NAMES)
def test_values_near_1e300_give_the_scaled_result(name):
    X, y = data()
    sampler = make(name)
    if _refuses_extreme_scale(sampler):
        with pytest.raises(ValueError, match="too large or too small"):
            sampler.fit_resample(X * 1e300, y)
        return
    X_unit, y_unit = strict(lambda: make(name).fit_resample(X, y))
    X_res, y_res = strict(lambda: make(name).fit_resample(X * 1e300, y))
    assert np.isfinite(X_res).all()
    np.testing.assert_array_equal(y_res, y_unit)
    np.testing.assert_allclose(X_res / 1e300, X_unit, rtol=1e-9, atol=0)


LABELS = {
    "str": np.array(["negative", "positive"]),
    "bool": np.array([False, True]),
    "categorical": np.array(["negative", "positive"]),
}


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("kind", list(LABELS))
def test_any_label_type_gives_the_integer_label_result(name, kind):
    # the names sort as 0 and 1 do, so every tie is broken the same way
    X, y = data()
    names = LABELS[kind]
    labels = names[y]
    if kind == "categorical":
        labels = pd.Series(pd.Categorical(labels, categories=list(names)))
    X_int, y_int = make(name).fit_resample(X, y)
    X_res, y_res = make(name).fit_resample(X, labels)
    np.testing.assert_array_equal(np.asarray(y_res), names[y_int])
    np.testing.assert_array_equal(np.asarray(X_res), X_int)


@pytest.mark.parametrize("name", NAMES)
def test_a_class_absent_from_y_is_named(name):
    X, y = data()
    sampler = make(name)
    kind = sampler._sampling_type
    strategy = (
        [7]
        if kind == "clean-sampling"
        else {7: 5, 0: 5 if kind == "under-sampling" else 102}
    )
    with pytest.raises(
        ValueError,
        match=r"sampling_strategy names classes that are not in y: \[7\]; "
        r"the classes in y are \[0, 1\]",
    ):
        sampler.set_params(sampling_strategy=strategy).fit_resample(X, y)


@pytest.mark.parametrize("name", NAMES)
def test_a_single_class_is_refused(name):
    X, y = data()
    with pytest.raises(ValueError, match="more than 1 class"):
        make(name).fit_resample(X, np.zeros_like(y))


@pytest.mark.parametrize("bad", [np.nan, np.inf])
@pytest.mark.parametrize("name", NAMES)
def test_nan_and_inf_are_refused_unless_the_sampler_takes_them(name, bad):
    X, y = data()
    X[5, 1] = bad
    sampler = make(name)
    if sampler.__sklearn_tags__().input_tags.allow_nan:
        # row copying keeps them as given: every output row is its input row
        X_res, y_res = sampler.fit_resample(X, y)
        idx = sampler.sample_indices_
        assert 5 in idx  # a minority row: kept (and maybe copied)
        np.testing.assert_array_equal(X_res, X[idx])  # NaN matches NaN
        np.testing.assert_array_equal(y_res, y[idx])
        return
    with pytest.raises(ValueError, match="Input X contains (NaN|infinity)"):
        sampler.fit_resample(X, y)


def _neighbour_cases():
    for name in NAMES:
        params = make(name).get_params()
        for param in NEIGHBOUR_PARAMS:
            if param in params and isinstance(params[param], int):
                yield name, param


@pytest.mark.parametrize("name, param", list(_neighbour_cases()))
@pytest.mark.parametrize("value", [0, -1, 10_000])
def test_neighbour_counts_out_of_range_are_named(name, param, value):
    X, y = data()
    if value == 10_000 and (name, param) in CAPPED:
        pytest.skip("a documented cap, not a search of 10000 neighbours")
    with pytest.raises(ValueError, match=param):
        make(name, **{param: value}).fit_resample(X, y)


def _imblearn_twins():
    import imblearn.combine
    import imblearn.over_sampling
    import imblearn.under_sampling

    theirs = (imblearn.over_sampling, imblearn.under_sampling, imblearn.combine)
    for package, their_package in zip(PACKAGES, theirs, strict=True):
        for name in package.__all__:
            if hasattr(their_package, name):
                yield name, getattr(package, name), getattr(their_package, name)


@pytest.mark.parametrize(
    "name, ours, theirs",
    list(_imblearn_twins()),
    ids=lambda v: getattr(v, "__name__", v),
)
def test_every_imblearn_parameter_name_is_accepted_with_its_default(name, ours, theirs):
    # replacing the import is enough: each of imbalanced-learn's parameters
    # exists here with the same default (meaning: the parity tests)
    import inspect

    mine = inspect.signature(ours.__init__).parameters
    for param, spec in inspect.signature(theirs.__init__).parameters.items():
        if param == "self":
            continue
        assert param in mine, f"{name} lacks imbalanced-learn's {param!r}"
        if name == "KMeansSMOTE" and param == "cluster_balance_threshold":
            # None: the paper's rule (imbalance_ratio_threshold); "auto" and
            # floats take imbalanced-learn's (test_kmeans_smote.py)
            continue
        assert repr(mine[param].default) == repr(spec.default), (name, param)


@pytest.mark.parametrize("fmt", ["csr", "csc"])
@pytest.mark.parametrize("name", NAMES)
def test_sparse_input_gives_sparse_output_of_its_format(name, fmt):
    # imbalanced-learn's sparse checks run only on samplers whose tags claim
    # sparse input; this holds every sampler to it, whatever its tags say
    from scipy import sparse

    X, y = data()
    X[np.abs(X) < 0.2] = 0.0
    X_sp = sparse.csr_matrix(X).asformat(fmt)
    X_res, y_res = strict(lambda: make(name).fit_resample(X_sp, y))
    assert sparse.issparse(X_res) and X_res.format == fmt, type(X_res)
    if name == "ClusterCentroids":
        return  # voting="auto": real rows for sparse input, centres for dense
    # and the rows are those of the dense input's result
    X_dense, y_dense = strict(lambda: make(name).fit_resample(X, y))
    np.testing.assert_array_equal(y_res, y_dense)
    np.testing.assert_allclose(X_res.toarray(), X_dense, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", NAMES)
def test_columns_of_opposite_extreme_scales_are_kept_exactly_or_refused(name):
    # column 0 near 2**995, column 1 near 2**-995: no one power of two brings
    # both to a scale where squared distances neither overflow nor underflow
    # (the tiny column would become 0). A row of the output that is an input
    # row (matched on column 0, whose values are distinct) must be that row,
    # exactly; a sampler that cannot keep it must say so
    X, y = data()
    X[:, 0] = np.ldexp(X[:, 0], 995)
    X[:, 1] = np.ldexp(X[:, 1], -995)
    try:
        X_res, _ = strict(lambda: make(name).fit_resample(X, y))
    except ValueError as error:
        assert "too large or too small" in str(error) or "span" in str(error)
        return
    assert len(np.unique(X[:, 0])) == len(X)
    row_of = {value: i for i, value in enumerate(X[:, 0])}
    copied = [(k, row_of[v]) for k, v in enumerate(X_res[:, 0]) if v in row_of]
    assert copied, "no input row in the output"
    out, src = np.array(copied).T
    np.testing.assert_array_equal(X_res[out], X[src])


@pytest.mark.parametrize("name", ["RandomUnderSampler", "RandomOverSampler"])
def test_row_copying_samplers_keep_imblearns_rows_across_the_float_range(name):
    # they do no arithmetic on X, so data spanning the float range (which the
    # distance-based samplers must refuse) is no reason to refuse: the same
    # rows as imbalanced-learn's, exactly
    import imblearn.over_sampling
    import imblearn.under_sampling

    X, y = data()
    X[:, 0] = np.ldexp(X[:, 0], 995)
    X[:, 1] = np.ldexp(X[:, 1], -995)
    peer_module = imblearn.under_sampling if "Under" in name else imblearn.over_sampling
    expected = getattr(peer_module, name)(random_state=0).fit_resample(X, y)
    ours = strict(lambda: make(name).fit_resample(X, y))
    np.testing.assert_array_equal(ours[0], expected[0])
    np.testing.assert_array_equal(ours[1], expected[1])


@pytest.mark.parametrize("missing", [np.nan, np.inf, None], ids=["nan", "inf", "none"])
@pytest.mark.parametrize("name", NAMES)
def test_missing_labels_are_refused_by_row_before_any_cast(name, missing):
    # before this check, scikit-learn's target check cast float labels to int
    # (a RuntimeWarning on NaN) and called None an unknown label type
    X, y = data()
    y = y.astype(object if missing is None else float)
    y[[3, 7]] = missing
    with pytest.raises(ValueError, match=r"y holds 2 missing .* at rows \[3, 7\]"):
        strict(lambda: make(name).fit_resample(X, y))
