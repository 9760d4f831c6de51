"""Every cost-sensitive meta-estimator in a Pipeline inside GridSearchCV."""

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score, f1_score
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from imbalance_kit.cost_sensitive import (
    CostSensitiveClassifier,
    CostSensitiveThresholdCV,
    MetaCost,
    PriorCorrectedClassifier,
)
from imbalance_kit.metrics import (
    balanced_accuracy_scorer,
    g_mean_scorer,
    macro_f1_scorer,
    make_cost_scorer,
)

COSTS = [[0, 1], [6, 0]]


@pytest.mark.parametrize(
    "model",
    [
        PriorCorrectedClassifier(LogisticRegression()),
        CostSensitiveClassifier(LogisticRegression(), COSTS),
        CostSensitiveThresholdCV(LogisticRegression(), COSTS, cv=3),
        MetaCost(LogisticRegression(), COSTS, n_estimators=3, random_state=0),
    ],
    ids=lambda m: type(m).__name__,
)
@pytest.mark.parametrize(
    "scoring",
    [make_cost_scorer(COSTS), g_mean_scorer, balanced_accuracy_scorer],
    ids=["cost", "g_mean", "balanced_accuracy"],
)
def test_grid_search_over_a_pipeline(model, scoring):
    X, y = make_classification(n_samples=400, weights=[0.85], random_state=0)
    X = pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])])
    pipe = make_pipeline(StandardScaler(), model)
    name = pipe.steps[-1][0]
    cv = StratifiedKFold(3)
    grid = [0.01, 1.0]
    search = GridSearchCV(
        pipe, {f"{name}__estimator__C": grid}, cv=cv, scoring=scoring
    ).fit(X, y)
    # each candidate scored as the same pipeline, built and fitted by hand on
    # each training part, scores on its test part
    by_hand = []
    for C in grid:
        scores = []
        for train, test in cv.split(X, y):
            fitted = make_pipeline(
                StandardScaler(), clone(model).set_params(estimator__C=C)
            ).fit(X.iloc[train], y[train])
            # the wrapper's model is a LogisticRegression(C) fitted by hand on
            # the scaled rows (MetaCost's on its relabelled rows): the searched
            # parameter reaches the model, not only its attribute
            inner = fitted[-1]
            labels = inner.relabelled_ if hasattr(inner, "relabelled_") else y[train]
            own = LogisticRegression(C=C).fit(
                fitted[0].transform(X.iloc[train]), labels
            )
            np.testing.assert_allclose(inner.estimator_.coef_, own.coef_, rtol=1e-6)
            scores.append(scoring(fitted, X.iloc[test], y[test]))
        by_hand.append(np.mean(scores))
    np.testing.assert_allclose(search.cv_results_["mean_test_score"], by_hand)
    assert by_hand[0] != pytest.approx(by_hand[1])  # the parameter matters here
    best = grid[int(np.argmax(by_hand))]
    assert search.best_params_[f"{name}__estimator__C"] == best
    # the refitted winner's inner estimator got the parameter and the columns
    inner = search.best_estimator_[-1]
    assert inner.estimator_.C == best
    assert inner.n_features_in_ == X.shape[1]


def test_named_scorers_match_the_metrics():
    X, y = make_classification(
        n_samples=300, n_classes=3, n_informative=4, random_state=1
    )
    model = LogisticRegression().fit(X, y)
    pred = model.predict(X)
    assert balanced_accuracy_scorer(model, X, y) == pytest.approx(
        balanced_accuracy_score(y, pred)
    )
    assert macro_f1_scorer(model, X, y) == pytest.approx(
        f1_score(y, pred, average="macro")
    )


WRAPPERS = {
    "PriorCorrectedClassifier": lambda est: PriorCorrectedClassifier(est),
    "CostSensitiveClassifier": lambda est: CostSensitiveClassifier(est, COSTS),
    "CostSensitiveThresholdCV": lambda est: CostSensitiveThresholdCV(est, COSTS),
    "MetaCost": lambda est: MetaCost(est, COSTS, n_estimators=3, random_state=0),
}


@pytest.mark.parametrize("name", sorted(WRAPPERS))
def test_weights_through_a_pipeline_with_routing_off_and_on(name):
    from sklearn import config_context

    X, y = make_classification(n_samples=300, weights=[0.8], random_state=3)
    w = np.random.default_rng(0).uniform(0.2, 3.0, len(y))
    make = WRAPPERS[name]
    step = make(LogisticRegression()).__class__.__name__.lower()
    off = make_pipeline(StandardScaler(), make(LogisticRegression()))
    off.fit(X, y, **{f"{step}__sample_weight": w})
    with config_context(enable_metadata_routing=True):
        on = make_pipeline(
            StandardScaler().set_fit_request(sample_weight=False),
            # as for scikit-learn's meta-estimators: the wrapper requests the
            # weights for itself and its estimator for its fit
            make(
                LogisticRegression().set_fit_request(sample_weight=True)
            ).set_fit_request(sample_weight=True),
        ).fit(X, y, sample_weight=w)
    # the wrapped model equals the weighted fit by hand on the scaled rows
    # (MetaCost's is refitted on its relabelled rows, with the same weights)
    Xs = StandardScaler().fit_transform(X)
    labels = off[-1].relabelled_ if name == "MetaCost" else y
    by_hand = LogisticRegression().fit(Xs, labels, sample_weight=w)
    np.testing.assert_allclose(off[-1].estimator_.coef_, by_hand.coef_, rtol=1e-6)
    np.testing.assert_allclose(on[-1].estimator_.coef_, by_hand.coef_, rtol=1e-6)
    np.testing.assert_array_equal(off.predict(X), on.predict(X))
