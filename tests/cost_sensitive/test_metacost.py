import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.tree import DecisionTreeClassifier
from sklearn.utils.estimator_checks import parametrize_with_checks

from imbalance_kit.cost_sensitive import MetaCost, class_weight_from_costs
from imbalance_kit.metrics import expected_cost


@parametrize_with_checks(
    [MetaCost(LogisticRegression(), n_estimators=3, random_state=0)],
)
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


def test_relabelling_is_the_bagged_bayes_decision():
    X, y = make_classification(n_samples=500, weights=[0.85], random_state=0)
    costs = np.array([[0.0, 1.0], [12.0, 0.0]])
    tree = DecisionTreeClassifier(max_depth=4, random_state=0)
    model = MetaCost(tree, costs, random_state=0).fit(X, y)
    # scikit-learn's bagging, built by hand with the same seed and draws
    from sklearn.ensemble import BaggingClassifier

    bagging = BaggingClassifier(
        tree,
        n_estimators=10,
        max_samples=len(y),
        random_state=0,
    ).fit(X, y)
    proba = bagging.predict_proba(X)
    expected = [
        int(np.argmin([proba[n] @ costs[:, j] for j in range(2)]))
        for n in range(len(y))
    ]
    np.testing.assert_array_equal(model.relabelled_, expected)
    assert model.relabelled_.sum() > y.sum()  # expensive misses: more positives
    # the final model is the base estimator refitted on the new labels
    refit = DecisionTreeClassifier(max_depth=4, random_state=0)
    refit.fit(X, model.relabelled_)
    np.testing.assert_array_equal(model.predict(X), refit.predict(X))


def test_lowers_expected_cost_on_held_out_data():
    X, y = make_classification(
        n_samples=4000, weights=[0.9], class_sep=0.7, flip_y=0.03, random_state=1
    )
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, stratify=y, random_state=0)
    costs = [[0, 1], [15, 0]]
    plain = LogisticRegression().fit(X_tr, y_tr)
    meta = MetaCost(LogisticRegression(), costs, random_state=0).fit(X_tr, y_tr)
    # measured: 0.531 -> 0.391
    assert expected_cost(y_te, meta.predict(X_te), costs) < 0.85 * expected_cost(
        y_te, plain.predict(X_te), costs
    )


def test_single_cheapest_class_is_reported():
    X, y = make_classification(n_samples=200, random_state=0)
    with pytest.raises(ValueError, match="relabelled every training sample"):
        MetaCost(LogisticRegression(), [[0, 1000], [0.001, 0]]).fit(X, y)


def test_class_weight_from_costs_is_elkan_for_two_classes():
    weights = class_weight_from_costs([[0.5, 2.0], [9.0, 1.0]], classes=["neg", "pos"])
    assert weights["pos"] / weights["neg"] == pytest.approx((9.0 - 1.0) / (2.0 - 0.5))
    assert np.mean(list(weights.values())) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="positive cost of being misclassified"):
        class_weight_from_costs([[0, 0], [1, 0]], classes=[0, 1])


def test_sample_weight_drives_the_bagging_and_the_refit():
    from sklearn.ensemble import BaggingClassifier

    X, y = make_classification(n_samples=300, weights=[0.8], random_state=3)
    w = np.random.default_rng(0).uniform(0.1, 4.0, len(y))
    costs = np.array([[0.0, 1.0], [5.0, 0.0]])
    model = MetaCost(LogisticRegression(), costs, n_estimators=5, random_state=0).fit(
        X, y, sample_weight=w
    )
    # scikit-learn's bagging with the same weights and seed, n rows a draw
    bagging = BaggingClassifier(
        LogisticRegression(), n_estimators=5, max_samples=len(y), random_state=0
    ).fit(X, y, sample_weight=w)
    relabelled = np.argmin(bagging.predict_proba(X) @ costs, axis=1)
    np.testing.assert_array_equal(model.relabelled_, relabelled)
    refit = LogisticRegression().fit(X, relabelled, sample_weight=w)
    np.testing.assert_allclose(model.estimator_.coef_, refit.coef_)
    unweighted = MetaCost(
        LogisticRegression(), costs, n_estimators=5, random_state=0
    ).fit(X, y)
    assert not np.allclose(unweighted.estimator_.coef_, model.estimator_.coef_)


def test_metacost_refuses_nan_labels_before_casting_them():
    import warnings

    X, y = make_classification(n_samples=60, random_state=0)
    y = y.astype(float)
    y[0] = np.inf
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        with pytest.raises(ValueError, match="Input y contains infinity"):
            MetaCost(LogisticRegression()).fit(X, y)


@pytest.mark.parametrize(
    ("costs", "match"),
    [
        ([[0, 1, 1], [1, 0, 1], [1, 1, 0]], r"shape \(2, 2\)"),
        ([[0, np.nan], [1, 0]], "finite"),
        ([[0, -1], [1, 0]], "diagonal"),
    ],
)
def test_metacost_and_class_weights_refuse_bad_cost_matrices(costs, match):
    X, y = make_classification(n_samples=60, random_state=0)
    with pytest.raises(ValueError, match=match):
        MetaCost(LogisticRegression(), costs).fit(X, y)
    with pytest.raises(ValueError, match=match):
        class_weight_from_costs(costs, classes=[0, 1])


def test_class_weight_from_costs_follows_a_dataframe_in_any_order():
    import pandas as pd

    frame = pd.DataFrame([[0, 9], [3, 0]], index=["pos", "neg"], columns=["pos", "neg"])
    weights = class_weight_from_costs(frame, classes=["neg", "pos"])
    # extra cost of missing "pos" is 9, of missing "neg" is 3; mean weight 1
    assert weights == pytest.approx({"neg": 0.5, "pos": 1.5})
