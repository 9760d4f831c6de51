import numpy as np
import pytest
from imblearn.metrics import classification_report_imbalanced, geometric_mean_score
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, recall_score, roc_auc_score
from sklearn.model_selection import cross_val_score

from imbalance_kit.metrics import (
    auprc_with_baseline,
    expected_cost,
    g_mean_scorer,
    imbalance_report,
    subgroup_report,
)


def test_expected_cost_matches_brute_force():
    rng = np.random.default_rng(0)
    y_true = rng.integers(0, 3, 200)
    y_pred = rng.integers(0, 3, 200)
    costs = rng.uniform(0, 5, (3, 3))
    np.fill_diagonal(costs, 0)
    brute = np.mean([costs[t, p] for t, p in zip(y_true, y_pred, strict=True)])
    assert expected_cost(y_true, y_pred, costs) == pytest.approx(brute)
    per_sample = rng.uniform(1, 5, (200, 3, 3))
    for n in range(200):
        np.fill_diagonal(per_sample[n], 0)
    brute = np.mean(
        [
            per_sample[n, t, p]
            for n, (t, p) in enumerate(zip(y_true, y_pred, strict=True))
        ]
    )
    assert expected_cost(y_true, y_pred, per_sample) == pytest.approx(brute)


def test_imbalance_report_matches_imblearn():
    rng = np.random.default_rng(1)
    y_true = rng.choice([0, 1, 2], 300, p=[0.7, 0.2, 0.1])
    y_pred = np.where(rng.uniform(size=300) < 0.7, y_true, rng.integers(0, 3, 300))
    ours = imbalance_report(y_true, y_pred)
    theirs = classification_report_imbalanced(y_true, y_pred, output_dict=True)
    for c in [0, 1, 2]:
        for col, key in [
            ("precision", "pre"),
            ("recall", "rec"),
            ("specificity", "spe"),
            ("f1", "f1"),
            ("g_mean", "geo"),
            ("iba", "iba"),
            ("support", "sup"),
        ]:
            assert ours.loc[c, col] == pytest.approx(theirs[str(c)][key])
    for col, key in [
        ("precision", "avg_pre"),
        ("recall", "avg_rec"),
        ("g_mean", "avg_geo"),
    ]:
        assert ours.loc["avg", col] == pytest.approx(theirs[key])


def test_g_mean_scorer_matches_imblearn():
    X, y = make_classification(
        n_samples=400, n_classes=3, n_informative=4, random_state=0
    )
    model = LogisticRegression().fit(X, y)
    assert g_mean_scorer(model, X, y) == pytest.approx(
        geometric_mean_score(y, model.predict(X))
    )
    assert (
        cross_val_score(LogisticRegression(), X, y, scoring=g_mean_scorer, cv=3) > 0
    ).all()


def test_auprc_baseline_is_prevalence():
    rng = np.random.default_rng(2)
    y = (rng.uniform(size=5000) < 0.05).astype(int)
    random_scores = rng.uniform(size=5000)
    result = auprc_with_baseline(y, random_scores)
    assert result["prevalence"] == pytest.approx(y.mean())
    assert result["auprc"] == pytest.approx(average_precision_score(y, random_scores))
    assert result["lift"] == pytest.approx(1.0, abs=0.3)  # random ranking


def test_subgroup_report():
    rng = np.random.default_rng(3)
    y = rng.integers(0, 2, 400)
    score = y * 0.3 + rng.uniform(size=400)
    pred = (score > 0.6).astype(int)
    groups = rng.choice(["a", "b", "c"], 400)
    groups[:5] = "d"
    y[:5] = 1  # group d has one class only
    report = subgroup_report(
        y,
        pred,
        groups,
        {"recall": recall_score, "auc@score": roc_auc_score},
        y_score=score,
    )
    for g in "abc":
        mask = groups == g
        assert report.loc[g, "recall"] == pytest.approx(
            recall_score(y[mask], pred[mask])
        )
        assert report.loc[g, "auc@score"] == pytest.approx(
            roc_auc_score(y[mask], score[mask])
        )
        assert report.loc[g, "n"] == mask.sum()
    assert np.isnan(report.loc["d", "auc@score"])
    assert report.loc["overall", "n"] == 400
