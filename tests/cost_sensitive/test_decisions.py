import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn import config_context
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.naive_bayes import GaussianNB
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from imbalance_kit.cost_sensitive import (
    CostSensitiveClassifier,
    CostSensitiveThresholdCV,
    PriorCorrectedClassifier,
    bayes_decisions,
)
from imbalance_kit.metrics import expected_cost


@parametrize_with_checks(
    [
        PriorCorrectedClassifier(LogisticRegression()),
        CostSensitiveClassifier(LogisticRegression()),
        CostSensitiveClassifier(LogisticRegression(), calibration="sigmoid"),
    ],
    expected_failed_checks=lambda est: (
        {
            "check_fit2d_1feature": (
                "5-fold calibration needs at least 5 samples per class; the "
                "check fits on fewer and gets CalibratedClassifierCV's error"
            ),
            "check_sample_weight_equivalence_on_dense_data": (
                "the 5 calibration folds depend on the rows present, so a row "
                "with weight 0 is not the same as no row (tested below with "
                "integer weights against CalibratedClassifierCV itself)"
            ),
            "check_sample_weight_equivalence_on_sparse_data": (
                "the same 5-fold calibration on sparse data"
            ),
        }
        if getattr(est, "calibration", None)
        else {}
    ),
)
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 2**16), k=st.integers(2, 5), per_sample=st.booleans())
def test_bayes_decisions_equal_brute_force_argmin(seed, k, per_sample):
    rng = np.random.default_rng(seed)
    proba = rng.dirichlet(np.ones(k), size=30)
    shape = (30, k, k) if per_sample else (k, k)
    costs = rng.uniform(0, 10, size=shape)
    # each row's diagonal entry its minimum (a right decision costs least)
    diagonal = np.eye(k, dtype=bool)
    costs[..., diagonal] = costs.min(axis=-1)
    got = bayes_decisions(proba, costs)
    for n in range(30):
        c = costs[n] if per_sample else costs
        expected = [sum(proba[n, i] * c[i, j] for i in range(k)) for j in range(k)]
        assert got[n] == int(np.argmin(expected))


def test_binary_threshold_is_the_closed_form():
    X, y = make_classification(n_samples=600, weights=[0.8], random_state=0)
    costs = np.array([[0.5, 2.0], [9.0, 0.0]])  # C_TN, C_FP / C_FN, C_TP
    model = CostSensitiveClassifier(LogisticRegression(), cost_matrix=costs).fit(X, y)
    c_tn, c_fp, c_fn, c_tp = 0.5, 2.0, 9.0, 0.0
    assert model.threshold_ == pytest.approx(
        (c_fp - c_tn) / (c_fn - c_tn - c_tp + c_fp)
    )
    p1 = model.predict_proba(X)[:, 1]
    clear = np.abs(p1 - model.threshold_) > 1e-12
    np.testing.assert_array_equal(
        model.predict(X)[clear], (p1 > model.threshold_).astype(int)[clear]
    )


def test_prior_correction_improves_balanced_accuracy_on_1_percent_minority():
    X, y = make_classification(
        n_samples=20000, n_features=10, weights=[0.99], class_sep=0.8, random_state=0
    )
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, stratify=y, random_state=0)
    bare = LogisticRegression().fit(X_tr, y_tr)
    corrected = PriorCorrectedClassifier(LogisticRegression()).fit(X_tr, y_tr)
    score_bare = balanced_accuracy_score(y_te, bare.predict(X_te))
    score_corrected = balanced_accuracy_score(y_te, corrected.predict(X_te))
    assert score_corrected > score_bare + 0.05
    # the rule itself: argmax p(k | x) / p(k) with the training frequencies
    freq = np.bincount(y_tr) / len(y_tr)
    proba = bare.predict_proba(X_te)
    np.testing.assert_array_equal(
        corrected.predict(X_te), np.argmax(proba / freq, axis=1)
    )
    expected = (proba / freq) / (proba / freq).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(corrected.predict_proba(X_te), expected)


def test_cost_matrix_validation_and_label_order():
    X, y = make_classification(
        n_samples=300, n_classes=3, n_informative=4, random_state=0
    )
    labels = np.array(["a", "b", "c"])[y]
    with pytest.raises(ValueError, match=r"shape \(3, 3\)"):
        CostSensitiveClassifier(LogisticRegression(), [[0, 1], [1, 0]]).fit(X, labels)
    with pytest.raises(ValueError, match="diagonal entry must be its minimum"):
        CostSensitiveClassifier(
            LogisticRegression(), [[5, 1, 1], [1, 0, 1], [1, 1, 0]]
        ).fit(X, labels)
    abc = ["a", "b", "c"]
    ordered = pd.DataFrame([[0, 1, 4], [2, 0, 1], [8, 1, 0]], index=abc, columns=abc)
    frame = ordered.loc[["c", "a", "b"], ["b", "c", "a"]]  # shuffled labels
    with pytest.raises(ValueError, match="no row or column"):
        CostSensitiveClassifier(LogisticRegression(), frame.drop(index="b")).fit(
            X, labels
        )
    model = CostSensitiveClassifier(LogisticRegression(), frame).fit(X, labels)
    expected = ordered.to_numpy()
    np.testing.assert_array_equal(model.cost_matrix_, expected)


def test_example_dependent_costs_at_predict_and_through_a_pipeline():
    X, y = make_classification(n_samples=400, weights=[0.7], random_state=1)
    model = CostSensitiveClassifier(LogisticRegression()).fit(X, y)
    # per-sample costs that make class 1 free for the first half only
    costs = np.tile(np.array([[0.0, 100.0], [100.0, 0.0]]), (len(X), 1, 1))
    costs[: len(X) // 2, :, 1] = 0.0
    pred = model.predict(X, cost_matrix=costs)
    assert (pred[: len(X) // 2] == 1).all()
    np.testing.assert_array_equal(pred[len(X) // 2 :], model.predict(X)[len(X) // 2 :])
    with config_context(enable_metadata_routing=True):
        pipe = make_pipeline(
            StandardScaler(),
            CostSensitiveClassifier(LogisticRegression()).set_predict_request(
                cost_matrix=True
            ),
        ).fit(X, y)
        assert (pipe.predict(X, cost_matrix=costs)[: len(X) // 2] == 1).all()


def test_works_in_grid_search():
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    from imbalance_kit.metrics import make_cost_scorer

    X, y = make_classification(n_samples=300, weights=[0.8], random_state=2)
    costs = [[0, 1], [5, 0]]
    cv = StratifiedKFold(3)
    search = GridSearchCV(
        CostSensitiveClassifier(LogisticRegression(), costs),
        {"estimator__C": [0.001, 1.0]},
        cv=cv,
        scoring=make_cost_scorer(costs),
    ).fit(X, y)
    # each candidate's score is the mean cost of the Bayes decisions of a
    # LogisticRegression(C) fitted on each training part, by hand
    by_hand = []
    for C in (0.001, 1.0):
        fold_costs = []
        for train, test in cv.split(X, y):
            proba = (
                LogisticRegression(C=C).fit(X[train], y[train]).predict_proba(X[test])
            )
            pred = np.argmin(proba @ np.array(costs), axis=1)
            fold_costs.append(-np.mean(np.array(costs)[y[test], pred]))
        by_hand.append(np.mean(fold_costs))
    np.testing.assert_allclose(search.cv_results_["mean_test_score"], by_hand)
    assert search.best_params_["estimator__C"] == (0.001, 1.0)[int(np.argmax(by_hand))]
    assert search.best_estimator_.estimator_.C == search.best_params_["estimator__C"]
    # cross_val_score agrees (the wrapper clones and refits as scikit-learn does)
    assert np.mean(
        cross_val_score(
            search.best_estimator_, X, y, cv=cv, scoring=make_cost_scorer(costs)
        )
    ) == pytest.approx(max(by_hand))


@parametrize_with_checks([CostSensitiveThresholdCV(LogisticRegression(), cv=2)])
def test_threshold_cv_sklearn_checks(estimator, check):
    check(estimator)


def test_threshold_cv_beats_plain_bayes_rule_for_a_miscalibrated_model():
    X, y = make_classification(
        n_samples=6000, n_features=12, n_informative=6, weights=[0.9], random_state=3
    )
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, stratify=y, random_state=0)
    costs = [[0, 1], [8, 0]]
    nb = GaussianNB()  # overconfident probabilities
    tuned = CostSensitiveThresholdCV(nb, costs).fit(X_tr, y_tr)
    plain = CostSensitiveClassifier(nb, costs).fit(X_tr, y_tr)
    held_out_tuned = expected_cost(y_te, tuned.predict(X_te), costs)
    held_out_plain = expected_cost(y_te, plain.predict(X_te), costs)
    assert held_out_tuned < held_out_plain
    # the binary rule is a threshold on p(1 | x)
    p1 = tuned.estimator_.predict_proba(X_te)[:, 1]
    clear = np.abs(p1 - tuned.threshold_) > 1e-9
    np.testing.assert_array_equal(
        tuned.predict(X_te)[clear], (p1 > tuned.threshold_).astype(int)[clear]
    )


def test_threshold_cv_multiclass_tunes_on_out_of_fold_costs_and_helps_held_out():
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    # redundant features make naive Bayes overconfident: the Bayes rule on its
    # probabilities is off and reweighting them pays
    X, y = make_classification(
        n_samples=3000,
        n_classes=3,
        n_features=12,
        n_informative=5,
        n_redundant=5,
        weights=[0.7, 0.2],
        random_state=0,
    )
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, stratify=y, random_state=1)
    costs = np.array([[0, 1, 1], [5, 0, 1], [10, 2, 0]], dtype=float)
    model = CostSensitiveThresholdCV(GaussianNB(), costs).fit(X_tr, y_tr)
    # the reported CV cost is the out-of-fold cost of the weighted Bayes rule,
    # recomputed by hand from scikit-learn's out-of-fold probabilities
    proba = cross_val_predict(
        GaussianNB(), X_tr, y_tr, cv=StratifiedKFold(5), method="predict_proba"
    )
    weighted = proba * model.weights_
    expected = [
        [sum(weighted[n, i] * costs[i, j] for i in range(3)) for j in range(3)]
        for n in range(len(y_tr))
    ]
    decisions = np.argmin(expected, axis=1)
    assert model.cv_cost_ == pytest.approx(costs[y_tr, decisions].mean())
    plain_cv = costs[y_tr, np.argmin(proba @ costs, axis=1)].mean()
    assert model.cv_cost_untuned_ == pytest.approx(plain_cv)
    # the weights moved, and held-out cost beats the untuned Bayes rule
    assert not np.allclose(model.weights_, 1.0)
    plain = CostSensitiveClassifier(GaussianNB(), costs).fit(X_tr, y_tr)
    held_out_tuned = costs[y_te, model.predict(X_te)].mean()
    held_out_plain = costs[y_te, plain.predict(X_te)].mean()
    assert held_out_tuned < held_out_plain
    # predictions are the weighted Bayes rule on the refitted model
    p = model.estimator_.predict_proba(X_te) * model.weights_
    np.testing.assert_array_equal(model.predict(X_te), np.argmin(p @ costs, axis=1))


# --- weights, labels, priors and cost matrices: right results or clear errors --


def test_sample_weight_reaches_the_estimator_and_the_training_priors():
    X, y = make_classification(n_samples=300, weights=[0.8], random_state=4)
    w = np.random.default_rng(0).uniform(0.2, 3.0, len(y))
    model = PriorCorrectedClassifier(LogisticRegression()).fit(X, y, sample_weight=w)
    by_hand = LogisticRegression().fit(X, y, sample_weight=w)
    np.testing.assert_allclose(model.estimator_.coef_, by_hand.coef_)
    expected = np.array([w[y == 0].sum(), w[y == 1].sum()]) / w.sum()
    np.testing.assert_allclose(model.priors_, expected)
    costly = CostSensitiveClassifier(LogisticRegression(), [[0, 1], [4, 0]])
    costly.fit(X, y, sample_weight=w)
    np.testing.assert_allclose(costly.estimator_.coef_, by_hand.coef_)


def test_calibrated_weights_equal_calibratedclassifiercv_with_weights():
    from sklearn.calibration import CalibratedClassifierCV

    X, y = make_classification(n_samples=300, weights=[0.7], random_state=5)
    w = np.random.default_rng(1).integers(1, 4, len(y)).astype(float)
    model = CostSensitiveClassifier(LogisticRegression(), calibration="sigmoid")
    model.fit(X, y, sample_weight=w)
    by_hand = CalibratedClassifierCV(LogisticRegression(), method="sigmoid", cv=5)
    by_hand.fit(X, y, sample_weight=w)
    np.testing.assert_allclose(model.predict_proba(X), by_hand.predict_proba(X))


def test_sample_weight_for_an_estimator_without_it_is_refused():
    from sklearn.neighbors import KNeighborsClassifier

    X, y = make_classification(n_samples=60, random_state=0)
    with pytest.raises(ValueError, match="does not take sample_weight"):
        PriorCorrectedClassifier(KNeighborsClassifier()).fit(
            X, y, sample_weight=np.ones(60)
        )


@pytest.mark.parametrize(
    "priors", [[np.nan, 0.5], [np.inf, 1.0], [0.0, 1.0], [-0.5, 1.5], [1.0], ["a", 1]]
)
def test_bad_priors_are_refused_not_turned_into_nan_probabilities(priors):
    X, y = make_classification(n_samples=60, random_state=0)
    with pytest.raises(ValueError, match="priors must be 2 finite positive"):
        PriorCorrectedClassifier(LogisticRegression(), priors=priors).fit(X, y)


def test_training_priors_need_weight_in_every_class():
    X, y = make_classification(n_samples=60, random_state=0)
    w = (y == 0).astype(float)  # class 1 weighs nothing
    with pytest.raises(ValueError, match="positive total sample_weight"):
        PriorCorrectedClassifier(LogisticRegression()).fit(X, y, sample_weight=w)


def test_threshold_cv_needs_weight_in_every_class():
    # with no weight on class 2 the weighted CV cost never counts its errors:
    # the fit used to report a cost that ignored them, without a word
    X, y = make_classification(
        n_samples=150, n_classes=3, n_informative=4, random_state=0
    )
    w = (y != 2).astype(float)
    costs = np.ones((3, 3)) - np.eye(3)
    model = CostSensitiveThresholdCV(LogisticRegression(), costs, cv=3)
    with pytest.raises(ValueError, match=r"sample_weight gives classes \[2\] zero"):
        model.fit(X, y, sample_weight=w)


@pytest.mark.parametrize(
    "make",
    [
        lambda c: CostSensitiveClassifier(LogisticRegression(), c),
        lambda c: CostSensitiveThresholdCV(LogisticRegression(), c, cv=2),
    ],
    ids=["CostSensitiveClassifier", "CostSensitiveThresholdCV"],
)
@pytest.mark.parametrize(
    ("costs", "match"),
    [
        ([[0, 1, 1], [1, 0, 1], [1, 1, 0]], r"shape \(2, 2\)"),
        ([[0, np.nan], [1, 0]], "must be finite"),
        ([[0, -3], [1, 0]], "diagonal entry must be its minimum"),
        ([[0, 1], [1]], "cost_matrix must be a"),
        ([[0, "x"], [1, 0]], "cost_matrix must be a"),
        (np.ones((60, 2, 2)) - np.eye(2), "single"),
    ],
)
def test_bad_cost_matrices_are_refused_naming_cost_matrix(make, costs, match):
    X, y = make_classification(n_samples=60, random_state=0)
    with pytest.raises(ValueError, match=match):
        make(costs).fit(X, y)


def test_float_labels_with_nan_or_inf_are_refused_before_any_cast():
    import warnings

    X, y = make_classification(n_samples=60, random_state=0)
    for bad in (np.nan, np.inf):
        y_bad = y.astype(float)
        y_bad[3] = bad
        for model in (
            PriorCorrectedClassifier(LogisticRegression()),
            CostSensitiveClassifier(LogisticRegression()),
            CostSensitiveThresholdCV(LogisticRegression(), cv=2),
        ):
            with warnings.catch_warnings():
                warnings.simplefilter("error", RuntimeWarning)
                with pytest.raises(ValueError, match="Input y contains"):
                    model.fit(X, y_bad)


def test_y_of_another_length_is_refused_naming_y():
    X, y = make_classification(n_samples=60, random_state=0)
    with pytest.raises(ValueError, match="y has 59 labels for 60 rows"):
        CostSensitiveClassifier(LogisticRegression()).fit(X, y[:-1])


def test_threshold_cv_cost_is_the_weighted_out_of_fold_cost():
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    X, y = make_classification(n_samples=400, weights=[0.85], random_state=6)
    w = np.random.default_rng(2).uniform(0.5, 2.0, len(y))
    costs = np.array([[0.0, 1.0], [6.0, 0.0]])
    model = CostSensitiveThresholdCV(LogisticRegression(), costs, cv=4)
    model.fit(X, y, sample_weight=w)
    proba = cross_val_predict(
        LogisticRegression(),
        X,
        y,
        cv=StratifiedKFold(4),
        method="predict_proba",
        params={"sample_weight": w},
    )
    # the tuned binary rule: predict 1 iff p1 > threshold_
    pred = (proba[:, 1] > model.threshold_).astype(int)
    hand = np.sum(w * costs[y, pred]) / w.sum()
    assert model.cv_cost_ == pytest.approx(hand)
    untuned = np.argmin(proba @ costs, axis=1)
    assert model.cv_cost_untuned_ == pytest.approx(
        np.sum(w * costs[y, untuned]) / w.sum()
    )
    np.testing.assert_allclose(
        model.estimator_.coef_,
        LogisticRegression().fit(X, y, sample_weight=w).coef_,
    )


@pytest.mark.parametrize(
    ("proba", "costs", "match"),
    [
        ([[0.5, np.nan]], [[0, 1], [1, 0]], "finite"),
        ([0.5, 0.5], [[0, 1], [1, 0]], "2-D"),
        ([[0.5, 0.5, 0.0]], [[0, 1], [1, 0]], r"shape \(3, 3\)"),
        ([[0.5, 0.5]], [[0, 1, 1], [1, 0, 1]], r"shape \(2, 2\)"),
        ([[0.5, 0.5]], [[0, np.nan], [1, 0]], "finite"),
        ([[0.5, 0.5]], [[0, np.inf], [1, 0]], "finite"),
        ([[0.5, 0.5]] * 3, np.ones((2, 2, 2)) - np.eye(2), "2 per-sample"),
        ([[1.5, -0.5]], [[0, 1], [1, 0]], "non-negative"),
    ],
)
def test_bayes_decisions_refuses_bad_input_by_name(proba, costs, match):
    with pytest.raises(ValueError, match=match):
        bayes_decisions(proba, costs)


def test_check_cost_matrix_refuses_repeated_classes():
    from imbalance_kit.cost_sensitive import check_cost_matrix

    with pytest.raises(ValueError, match="must be distinct"):
        check_cost_matrix([[0, 1], [9, 0]], classes=[1, 1])


# --- the threshold search: exact, not capped by a grid ------------------------


def _brute_force_binary_cost(log_proba, y, costs, weights=None):
    """Least out-of-fold cost over every threshold on the log-odds."""
    z = log_proba[:, 1] - log_proba[:, 0]
    values = np.unique(z)
    cuts = np.r_[values[0] - 1, (values[:-1] + values[1:]) / 2, values[-1] + 1]
    return min(np.average(costs[y, (z > t).astype(int)], weights=weights) for t in cuts)


@pytest.mark.parametrize("weighted", [False, True])
def test_binary_search_finds_the_best_threshold_exactly(weighted):
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    X, y = make_classification(
        n_samples=1500,
        n_features=12,
        n_informative=4,
        n_redundant=6,
        weights=[0.93],
        random_state=1,
    )
    w = np.random.default_rng(0).uniform(0.3, 3.0, len(y)) if weighted else None
    costs = np.array([[0.0, 1.0], [20.0, 0.0]])
    model = CostSensitiveThresholdCV(GaussianNB(), costs).fit(X, y, sample_weight=w)
    params = {} if w is None else {"sample_weight": w}
    log_proba = cross_val_predict(
        GaussianNB(),
        X,
        y,
        cv=StratifiedKFold(5),
        method="predict_log_proba",
        params=params,
    )
    assert model.cv_cost_ == pytest.approx(
        _brute_force_binary_cost(log_proba, y, costs, w)
    )


def test_search_is_not_capped_by_a_grid_edge():
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    # naive Bayes on strongly redundant features is so overconfident that the
    # best rule needs a weight beyond 1/100 (the old grid's edge)
    X, y = make_classification(
        n_samples=2000,
        n_features=30,
        n_informative=3,
        n_redundant=27,
        weights=[0.95],
        flip_y=0.02,
        random_state=2,
    )
    costs = np.array([[0.0, 1.0], [20.0, 0.0]])
    model = CostSensitiveThresholdCV(GaussianNB(), costs).fit(X, y)
    log_proba = cross_val_predict(
        GaussianNB(), X, y, cv=StratifiedKFold(5), method="predict_log_proba"
    )
    assert model.cv_cost_ == pytest.approx(
        _brute_force_binary_cost(log_proba, y, costs)
    )
    # every weight within [1/100, 100] is worse (predict 1 iff
    # log w1 + log p1 - log p0 > log(c01 / c10))
    z = log_proba[:, 1] - log_proba[:, 0]
    capped = min(
        costs[y, (z + u > np.log(1 / 20)).astype(int)].mean()
        for u in np.linspace(np.log(1e-2), np.log(1e2), 4001)
    )
    assert model.cv_cost_ < capped
    # the reported threshold is the rule predict applies
    p1 = model.estimator_.predict_proba(X)[:, 1]
    clear = np.abs(p1 - model.threshold_) > 1e-12 * max(1.0, model.threshold_)
    np.testing.assert_array_equal(
        model.predict(X)[clear], (p1 > model.threshold_).astype(int)[clear]
    )


_SMALL = {"n_samples": 1200, "n_features": 10, "n_informative": 3, "n_redundant": 5}
# overconfident naive Bayes: the best weight is below 1/100, so a search capped
# at [1/100, 100] (the old grid) loses to scikit-learn's tuner on this one
_OVERCONFIDENT = {
    "n_samples": 2000,
    "n_features": 30,
    "n_informative": 3,
    "n_redundant": 27,
    "flip_y": 0.02,
    "weights": [0.95],
    "random_state": 2,
}


@pytest.mark.parametrize(
    "data, miss_cost",
    [
        ({**_SMALL, "weights": [0.92], "random_state": 0}, 15.0),
        ({**_SMALL, "weights": [0.92], "random_state": 1}, 15.0),
        (_OVERCONFIDENT, 20.0),
    ],
    ids=["seed0", "seed1", "overconfident"],
)
def test_binary_cv_cost_no_worse_than_tunedthresholdclassifiercv(data, miss_cost):
    from sklearn.model_selection import (
        StratifiedKFold,
        TunedThresholdClassifierCV,
        cross_val_predict,
    )

    from imbalance_kit.metrics import make_cost_scorer

    X, y = make_classification(**data)
    costs = np.array([[0.0, 1.0], [miss_cost, 0.0]])
    # shuffled folds, not the default ones: a tuner that ignored ``cv`` would
    # not reproduce the out-of-fold optimum below
    cv = StratifiedKFold(5, shuffle=True, random_state=0)
    ours = CostSensitiveThresholdCV(GaussianNB(), costs, cv=cv).fit(X, y)
    log_proba = cross_val_predict(GaussianNB(), X, y, cv=cv, method="predict_log_proba")
    assert ours.cv_cost_ == pytest.approx(_brute_force_binary_cost(log_proba, y, costs))
    theirs = TunedThresholdClassifierCV(
        GaussianNB(), scoring=make_cost_scorer(costs), cv=cv
    ).fit(X, y)
    # same folds and models: the mean fold cost at their chosen threshold
    # (equal folds: the pooled out-of-fold cost) is no lower than our optimum
    assert len(y) % 5 == 0
    assert ours.cv_cost_ <= -theirs.best_score_ + 1e-9


def test_multiclass_search_beats_a_fine_grid_coordinatewise():
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    X, y = make_classification(
        n_samples=1200,
        n_classes=3,
        n_features=12,
        n_informative=5,
        n_redundant=5,
        weights=[0.7, 0.2],
        random_state=2,
    )
    costs = np.array([[0, 1, 1], [5, 0, 1], [10, 2, 0]], dtype=float)
    model = CostSensitiveThresholdCV(GaussianNB(), costs).fit(X, y)
    log_proba = cross_val_predict(
        GaussianNB(), X, y, cv=StratifiedKFold(5), method="predict_log_proba"
    )

    def cost(log_weights):
        scores = log_proba + log_weights
        proba = np.exp(scores - scores.max(axis=1, keepdims=True))
        return costs[y, np.argmin(proba @ costs, axis=1)].mean()

    assert model.cv_cost_ == pytest.approx(cost(np.log(model.weights_)))
    # at the returned weights no single weight on a fine grid does better
    grid = np.linspace(-10, 10, 401)
    for c in (1, 2):
        for u in grid:
            trial = np.log(model.weights_).copy()
            trial[c] = u
            assert cost(trial) >= model.cv_cost_ - 1e-12


def test_n_grid_is_deprecated():
    X, y = make_classification(n_samples=100, random_state=0)
    with pytest.warns(FutureWarning, match="n_grid has no effect"):
        CostSensitiveThresholdCV(LogisticRegression(), n_grid=41, cv=2).fit(X, y)


def test_a_class_of_probability_zero_can_still_be_predicted():
    from sklearn.model_selection import StratifiedKFold, cross_val_predict
    from sklearn.tree import DecisionTreeClassifier

    # pure leaves give probabilities of exactly 0 and 1; with misses this
    # costly the best out-of-fold rule may flag rows whose p1 is 0
    X, y = make_classification(n_samples=600, weights=[0.8], flip_y=0.1, random_state=5)
    tree = DecisionTreeClassifier(max_depth=6, random_state=0)
    costs = np.array([[0.0, 1.0], [60.0, 0.0]])
    model = CostSensitiveThresholdCV(tree, costs).fit(X, y)
    p1 = cross_val_predict(tree, X, y, cv=StratifiedKFold(5), method="predict_proba")[
        :, 1
    ]
    # brute force over "p1 > t" for every t, and "every row" (p1 >= 0)
    options = [(p1 > t).astype(int) for t in np.unique(p1)] + [np.ones_like(y)]
    best = min(costs[y, pred].mean() for pred in options)
    assert model.cv_cost_ == pytest.approx(best)
    assert best == pytest.approx((y == 0).mean())  # here: flag every row
    np.testing.assert_array_equal(model.predict(X), np.ones_like(y))


def test_expected_cost_method_is_proba_times_costs_and_checks_per_sample_costs():
    X, y = make_classification(n_samples=120, weights=[0.7], random_state=6)
    costs = np.array([[0.0, 1.0], [6.0, 0.0]])
    model = CostSensitiveClassifier(LogisticRegression(), costs).fit(X, y)
    proba = LogisticRegression().fit(X, y).predict_proba(X)
    expected = [
        [sum(p[i] * costs[i, j] for i in range(2)) for j in range(2)] for p in proba
    ]
    np.testing.assert_allclose(model.expected_cost(X), expected)
    per_sample = np.tile(costs, (len(X), 1, 1))
    np.testing.assert_allclose(model.expected_cost(X, per_sample), expected)
    with pytest.raises(ValueError, match="119 per-sample matrices for 120"):
        model.expected_cost(X, per_sample[:-1])
    with pytest.raises(ValueError, match="119 per-sample matrices for 120"):
        model.predict(X, cost_matrix=per_sample[:-1])


def test_bayes_decisions_error_names_the_bad_entry():
    from imbalance_kit.cost_sensitive import bayes_decisions

    proba = np.array([[0.5, 0.5], [0.9, -0.1], [np.nan, 1.0]])
    with pytest.raises(ValueError, match=r"-0.1 at row 1, column 1 \(2 such entries\)"):
        bayes_decisions(proba, np.ones((2, 2)) - np.eye(2))
