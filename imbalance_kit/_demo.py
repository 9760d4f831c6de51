"""``python -m imbalance_kit demo``: resample, fit, compare with no resampling."""

import time

import numpy as np
from imblearn.metrics import geometric_mean_score
from imblearn.pipeline import make_pipeline
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (
    average_precision_score,
    balanced_accuracy_score,
    f1_score,
    roc_auc_score,
)
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import StandardScaler

from .datasets import load_imbalanced_breast_cancer
from .over_sampling import (
    ADASYN,
    SMOTE,
    SVMSMOTE,
    BorderlineSMOTE,
    KMeansSMOTE,
    RandomOverSampler,
)


def samplers(seed):
    return {
        "none": None,
        "RandomOverSampler": RandomOverSampler(random_state=seed),
        "SMOTE": SMOTE(random_state=seed),
        "BorderlineSMOTE": BorderlineSMOTE(random_state=seed),
        "SVMSMOTE": SVMSMOTE(random_state=seed),
        "ADASYN": ADASYN(random_state=seed),
        "KMeansSMOTE": KMeansSMOTE(random_state=seed),
    }


def evaluate(sampler, X, y, n_splits, seed):
    """Out-of-fold metrics of scaler (+ sampler) + logistic regression."""
    scores = {
        "balanced acc.": [],
        "G-mean": [],
        "F1 (minority)": [],
        "ROC AUC": [],
        "AUPRC": [],
    }
    folds = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    for train, test in folds.split(X, y):
        steps = [StandardScaler()] + ([sampler] if sampler is not None else [])
        model = make_pipeline(*steps, LogisticRegression(max_iter=1000))
        model.fit(X[train], y[train])
        pred = model.predict(X[test])
        proba = model.predict_proba(X[test])[:, 1]
        scores["balanced acc."].append(balanced_accuracy_score(y[test], pred))
        scores["G-mean"].append(geometric_mean_score(y[test], pred))
        scores["F1 (minority)"].append(f1_score(y[test], pred))
        scores["ROC AUC"].append(roc_auc_score(y[test], proba))
        scores["AUPRC"].append(average_precision_score(y[test], proba))
    return {name: float(np.mean(values)) for name, values in scores.items()}


def run(n_splits=5, seed=0, print_=print):
    """Print a markdown table of cross-validated metrics per sampler.

    Returns the table rows as a list of dicts.
    """
    X, y = load_imbalanced_breast_cancer(minority_fraction=0.1, random_state=seed)
    print_(
        f"Breast cancer (scikit-learn's bundled table), malignant thinned to "
        f"{y.mean():.0%}: {len(y)} tumours, {int(y.sum())} malignant.\n"
        f"Scaler -> sampler -> logistic regression, {n_splits}-fold stratified CV.\n"
        f"AUPRC baseline (prevalence) = {y.mean():.3f}.\n"
    )
    rows = []
    for name, sampler in samplers(seed).items():
        start = time.perf_counter()
        row = {"sampler": name, **evaluate(sampler, X, y, n_splits, seed)}
        row["seconds"] = time.perf_counter() - start
        rows.append(row)
    columns = list(rows[0])
    print_("| " + " | ".join(columns) + " |")
    print_("|" + "|".join(["---"] + ["---:"] * (len(columns) - 1)) + "|")
    for row in rows:
        cells = [row["sampler"]] + [f"{row[c]:.3f}" for c in columns[1:]]
        print_("| " + " | ".join(cells) + " |")
    print_(
        "\nseconds: the whole cross-validation of each row. On a table this "
        "small the samplers run numpy paths and compile nothing."
    )
    return rows
