"""``python -m imbalance_kit demo``, the README's first command."""

import json

import numpy as np
from imblearn.metrics import geometric_mean_score
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (
    average_precision_score,
    balanced_accuracy_score,
    f1_score,
    roc_auc_score,
)
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from imbalance_kit.datasets import load_imbalanced_breast_cancer
from tests._fresh_process import run_fresh

SCRIPT = """
import json
from imbalance_kit.__main__ import main
from imbalance_kit._warmup import _kernels
main(["demo"])
print(json.dumps(sorted(name for name, k in _kernels().items() if k.signatures)))
"""


def parse_table(stdout):
    lines = [line for line in stdout.splitlines() if line.startswith("| ")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    rows = {}
    for line in lines[1:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        rows[cells[0]] = dict(zip(header[1:], map(float, cells[1:]), strict=True))
    return rows


def no_resampling_scores(seed=0, n_splits=5):
    """The demo's "none" row computed here: out-of-fold means, seed 0."""
    X, y = load_imbalanced_breast_cancer(minority_fraction=0.1, random_state=seed)
    folds = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    scores = {"balanced acc.": [], "G-mean": [], "F1 (minority)": [], "ROC AUC": []}
    scores["AUPRC"] = []
    for train, test in folds.split(X, y):
        model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
        model.fit(X[train], y[train])
        pred, proba = model.predict(X[test]), model.predict_proba(X[test])[:, 1]
        scores["balanced acc."].append(balanced_accuracy_score(y[test], pred))
        scores["G-mean"].append(geometric_mean_score(y[test], pred))
        scores["F1 (minority)"].append(f1_score(y[test], pred))
        scores["ROC AUC"].append(roc_auc_score(y[test], proba))
        scores["AUPRC"].append(average_precision_score(y[test], proba))
    return {name: float(np.mean(values)) for name, values in scores.items()}


def test_demo_prints_the_table_and_compiles_nothing(tmp_path):
    done = run_fresh(SCRIPT, tmp_path)
    *output, compiled = done.stdout.strip().splitlines()
    stdout = "\n".join(output)
    rows = parse_table(stdout)
    assert list(rows) == [
        "none",
        "RandomOverSampler",
        "SMOTE",
        "BorderlineSMOTE",
        "SVMSMOTE",
        "ADASYN",
        "KMeansSMOTE",
    ]
    baseline = float(stdout.split("AUPRC baseline (prevalence) = ")[1][:5])
    for metrics in rows.values():
        scores = [v for k, v in metrics.items() if k != "seconds"]
        assert all(0.0 <= v <= 1.0 for v in scores)
        assert metrics["AUPRC"] > baseline  # far above chance on this table
    # the columns are what they say: the baseline row recomputed here (AUPRC
    # from hard predictions instead of probabilities passed the checks above)
    want = no_resampling_scores()
    got = {k: v for k, v in rows["none"].items() if k != "seconds"}
    assert list(got) == list(want)
    np.testing.assert_allclose(list(got.values()), list(want.values()), atol=6e-4)
    # what the demo says about itself: nothing waited for the compiler
    assert "compile nothing" in stdout
    assert json.loads(compiled) == []
    assert "compiling numba kernels" not in done.stderr
