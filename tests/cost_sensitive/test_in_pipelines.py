"""Every cost-sensitive meta-estimator in a Pipeline inside GridSearchCV."""

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score, f1_score
from sklearn.model_selection import GridSearchCV
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
        CostSensitiveThresholdCV(LogisticRegression(), COSTS, cv=3, n_grid=11),
        MetaCost(LogisticRegression(), COSTS, n_estimators=3, random_state=0),
    ],
    ids=lambda m: type(m).__name__,
)
@pytest.mark.parametrize(
    "scoring", [make_cost_scorer(COSTS), g_mean_scorer, balanced_accuracy_scorer]
)
def test_grid_search_over_a_pipeline(model, scoring):
    X, y = make_classification(n_samples=400, weights=[0.85], random_state=0)
    X = pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])])
    pipe = make_pipeline(StandardScaler(), model)
    name = pipe.steps[-1][0]
    search = GridSearchCV(
        pipe, {f"{name}__estimator__C": [0.1, 1.0]}, cv=3, scoring=scoring
    ).fit(X, y)
    assert set(search.predict(X)) <= {0, 1}
    assert np.isfinite(search.best_score_)


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
