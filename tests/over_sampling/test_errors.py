"""Bad input gets a clear error naming what was wrong."""

import warnings

import numpy as np
import pytest
from sklearn.datasets import make_classification

import imbalance_kit.over_sampling as ours

NEIGHBOUR_SAMPLERS = ["SMOTE", "BorderlineSMOTE", "SVMSMOTE", "ADASYN", "KMeansSMOTE"]


def data():
    return make_classification(
        n_samples=200, n_features=4, weights=[0.9], random_state=0
    )


@pytest.mark.parametrize("name", NEIGHBOUR_SAMPLERS + ["RandomOverSampler"])
@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_nan_and_inf_rejected(name, bad):
    X, y = data()
    X[3, 1] = bad
    if name == "RandomOverSampler":
        # copying rows is fine with NaN/inf (as in imbalanced-learn)...
        ours.RandomOverSampler(random_state=0).fit_resample(X, y)
        # ...adding noise is not
        with pytest.raises(ValueError, match="NaN|infinity"):
            ours.RandomOverSampler(shrinkage=1.0).fit_resample(X, y)
        return
    with pytest.raises(ValueError, match="Input X contains (NaN|infinity)"):
        getattr(ours, name)(random_state=0).fit_resample(X, y)


def test_too_few_minority_samples_for_k_neighbors():
    X, y = data()
    minority = np.flatnonzero(y == 1)
    y[minority[4:]] = 0  # keep 4 minority samples
    with pytest.raises(
        ValueError,
        match=r"k_neighbors asks for 5 neighbours .* at least 6 samples "
        r"of class 1; got 4",
    ):
        ours.SMOTE(k_neighbors=5).fit_resample(X, y)
    with pytest.raises(ValueError, match="n_neighbors asks for 5 neighbours"):
        ours.ADASYN(n_neighbors=5).fit_resample(X[:30], np.r_[np.zeros(26), np.ones(4)])
    X_res, y_res = ours.SMOTE(k_neighbors=3, random_state=0).fit_resample(X, y)
    assert np.bincount(y_res)[1] == np.bincount(y)[0]


@pytest.mark.parametrize("name", NEIGHBOUR_SAMPLERS + ["RandomOverSampler", "SMOTEN"])
def test_single_class_rejected(name):
    X, y = data()
    with pytest.raises(ValueError, match="needs to have more than 1 class"):
        getattr(ours, name)().fit_resample(X, np.zeros_like(y))


@pytest.mark.parametrize("name", NEIGHBOUR_SAMPLERS)
def test_unknown_strategy_key_rejected(name):
    X, y = data()
    with pytest.raises(ValueError, match=r"names classes that are not in y: \[7\]"):
        getattr(ours, name)(sampling_strategy={7: 300}).fit_resample(X, y)


def test_wrong_shapes_and_parameters():
    X, y = data()
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        ours.SMOTE().fit_resample(X, y[:-1])
    with pytest.raises(ValueError, match="k_neighbors"):
        ours.SMOTE(k_neighbors=0).fit_resample(X, y)
    with pytest.raises(ValueError, match="kind"):
        ours.BorderlineSMOTE(kind="borderline-3").fit_resample(X, y)


def test_smotenc_needs_both_kinds_of_features():
    X = np.array([[0.5, 1], [0.1, 2], [0.3, 1]] * 10, dtype=object)
    y = np.array([0, 0, 1] * 10)
    with pytest.raises(ValueError, match="at least one continuous feature"):
        ours.SMOTENC([0, 1]).fit_resample(X, y)
    with pytest.raises(ValueError, match="at least one categorical feature"):
        ours.SMOTENC([]).fit_resample(X.astype(float), y)
    with pytest.raises(ValueError, match="needs a pandas DataFrame"):
        ours.SMOTENC("auto").fit_resample(X, y)


def test_adasyn_without_other_classes_nearby():
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(0, 1, (50, 2)), rng.normal(100, 1, (10, 2))])
    y = np.r_[np.zeros(50), np.ones(10)]
    with pytest.raises(ValueError, match="No neighbour of any sample of class"):
        ours.ADASYN().fit_resample(X, y)


def test_borderline_warns_when_nothing_is_in_danger():
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(0, 1, (50, 2)), rng.normal(100, 1, (10, 2))])
    y = np.r_[np.zeros(50), np.ones(10)]
    with pytest.warns(UserWarning, match="No sample of class .* is in danger"):
        X_res, _ = ours.BorderlineSMOTE().fit_resample(X, y)
    assert len(X_res) == len(X)


@pytest.mark.parametrize("exponent", [995, -995])
def test_smotenc_on_mixed_columns_of_extreme_scale_gives_the_scaled_result(exponent):
    # object X (strings in the categorical column) escapes the shared guard;
    # SMOTE-NC rescales its continuous columns itself
    rng = np.random.RandomState(0)
    cont = rng.normal(size=(60, 2))
    cont = np.ldexp(cont, -int(np.frexp(np.abs(cont).max())[1]))  # max in [.5, 1)
    X = np.column_stack([cont, rng.choice(["a", "b"], 60)]).astype(object)
    X[:, :2] = cont
    y = np.array([0] * 50 + [1] * 10)
    base = ours.SMOTENC([2], random_state=0).fit_resample(X, y)[0]
    X_big = X.copy()
    X_big[:, :2] = np.ldexp(cont, exponent)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        got = ours.SMOTENC([2], random_state=0).fit_resample(X_big, y)[0]
    np.testing.assert_array_equal(
        got[:, :2].astype(float), np.ldexp(base[:, :2].astype(float), exponent)
    )
    np.testing.assert_array_equal(got[:, 2], base[:, 2])


def test_smotenc_on_mixed_columns_spanning_beyond_the_float_range_is_refused():
    # continuous columns near 1e300 and near 1e-300: scaled down together, the
    # tiny one would be flushed to zero in the rows given back
    rng = np.random.RandomState(0)
    X = np.empty((60, 3), dtype=object)
    X[:, 0] = np.ldexp(rng.normal(size=60), 995)
    X[:, 1] = np.ldexp(rng.normal(size=60), -995)
    X[:, 2] = rng.choice(["a", "b"], 60)
    y = np.array([0] * 50 + [1] * 10)
    with pytest.raises(ValueError, match="SMOTENC cannot handle X whose values span"):
        ours.SMOTENC([2], random_state=0).fit_resample(X, y)
