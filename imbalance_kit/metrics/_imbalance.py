"""Metrics for imbalanced problems: costs, baselines, per-class and per-group tables."""

import numpy as np
import pandas as pd
from sklearn.metrics import (
    average_precision_score,
    balanced_accuracy_score,
    f1_score,
    make_scorer,
    precision_recall_fscore_support,
)
from sklearn.utils.multiclass import unique_labels

from ..cost_sensitive._decisions import check_cost_matrix


def expected_cost(y_true, y_pred, cost_matrix, *, labels=None, sample_weight=None):
    """Mean cost of the predictions under ``cost_matrix[true, predicted]``.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
    cost_matrix : array-like of shape (n_labels, n_labels), DataFrame, or
        (n_samples, n_labels, n_labels) for example-dependent costs
    labels : array-like, default=None
        The matrix's label order; defaults to the sorted labels present.
    sample_weight : array-like of shape (n_samples,), default=None

    Returns
    -------
    cost : float

    Examples
    --------
    >>> expected_cost([0, 1, 1], [0, 0, 1], [[0, 1], [5, 0]])
    1.6666666666666667
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    labels = unique_labels(y_true, y_pred) if labels is None else np.asarray(labels)
    costs = check_cost_matrix(cost_matrix, labels)
    i = np.searchsorted(labels, y_true)
    j = np.searchsorted(labels, y_pred)
    per_sample = costs[i, j] if costs.ndim == 2 else costs[np.arange(len(i)), i, j]
    return float(np.average(per_sample, weights=sample_weight))


def make_cost_scorer(cost_matrix, *, labels=None):
    """A scorer (greater is better: minus the expected cost) for model selection.

    Examples
    --------
    >>> from sklearn.model_selection import cross_val_score
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.datasets import make_classification
    >>> X, y = make_classification(n_samples=200, random_state=0)
    >>> scorer = make_cost_scorer([[0, 1], [5, 0]])
    >>> bool((cross_val_score(LogisticRegression(), X, y, scoring=scorer) <= 0).all())
    True
    """
    return make_scorer(
        expected_cost, greater_is_better=False, cost_matrix=cost_matrix, labels=labels
    )


def auprc_with_baseline(y_true, y_score, *, pos_label=1, sample_weight=None):
    """Average precision together with the baseline a random ranking gets.

    The baseline of the precision-recall curve is the prevalence of the
    positive class (McDermott et al. 2024): an AUPRC means little without it.

    Returns
    -------
    result : dict
        ``{"auprc": ..., "prevalence": ..., "lift": auprc / prevalence}``.

    Examples
    --------
    >>> auprc_with_baseline([0, 0, 0, 1], [0.1, 0.2, 0.3, 0.9])
    {'auprc': 1.0, 'prevalence': 0.25, 'lift': 4.0}
    """
    y_true = np.asarray(y_true)
    positive = (y_true == pos_label).astype(float)
    prevalence = float(np.average(positive, weights=sample_weight))
    auprc = float(
        average_precision_score(positive, y_score, sample_weight=sample_weight)
    )
    return {"auprc": auprc, "prevalence": prevalence, "lift": auprc / prevalence}


def imbalance_report(y_true, y_pred, *, labels=None, alpha=0.1):
    """Per-class precision, recall, specificity, F1, G-mean and IBA as a DataFrame.

    The last row (``"avg"``) is support-weighted, as in imbalanced-learn's
    ``classification_report_imbalanced``. IBA is the index of balanced
    accuracy ``(1 + alpha * (recall - specificity)) * recall * specificity``
    (García et al. 2009).

    Returns
    -------
    report : DataFrame
        Indexed by class (then ``"avg"``).

    Examples
    --------
    >>> imbalance_report([0, 0, 1, 1], [0, 1, 1, 1])["recall"].tolist()
    [0.5, 1.0, 0.75]
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    labels = unique_labels(y_true, y_pred) if labels is None else np.asarray(labels)
    precision, recall, f1, support = precision_recall_fscore_support(
        y_true, y_pred, labels=labels, zero_division=0
    )
    n = len(y_true)
    specificity = np.array(
        [
            np.sum((y_true != c) & (y_pred != c)) / max(np.sum(y_true != c), 1)
            for c in labels
        ]
    )
    g_mean = np.sqrt(recall * specificity)
    iba = (1 + alpha * (recall - specificity)) * recall * specificity
    table = pd.DataFrame(
        {
            "precision": precision,
            "recall": recall,
            "specificity": specificity,
            "f1": f1,
            "g_mean": g_mean,
            "iba": iba,
            "support": support,
        },
        index=pd.Index(labels, name="class"),
    )
    weights = support / max(n, 1)
    avg = {col: float(np.sum(table[col] * weights)) for col in table.columns[:-1]}
    avg["support"] = int(support.sum())
    return pd.concat([table, pd.DataFrame(avg, index=["avg"])])


def subgroup_report(y_true, y_pred, groups, metrics, *, y_score=None):
    """Each metric per subgroup and overall, as a DataFrame.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
    groups : array-like of shape (n_samples,)
        Group label of each sample.
    metrics : dict of str to callable
        ``metric(y_true, y_pred)``, or ``metric(y_true, y_score)`` when its
        name ends with ``"@score"`` (then ``y_score`` is required).
    y_score : array-like of shape (n_samples,), default=None

    Returns
    -------
    report : DataFrame
        One row per group plus ``"overall"``: the group size ``n`` and one
        column per metric. A score-based metric that is undefined for a group
        (one class only) is NaN.

    Examples
    --------
    >>> from sklearn.metrics import recall_score
    >>> report = subgroup_report([1, 0, 1, 1], [1, 0, 0, 1], ["a", "a", "b", "b"],
    ...                          {"recall": recall_score})
    >>> report["recall"].tolist()
    [1.0, 0.5, 0.6666666666666666]
    """
    y_true, y_pred, groups = np.asarray(y_true), np.asarray(y_pred), np.asarray(groups)
    scores = None if y_score is None else np.asarray(y_score)
    rows = {}
    for name, mask in [(g, groups == g) for g in np.unique(groups)] + [
        ("overall", np.ones(len(y_true), dtype=bool))
    ]:
        row = {"n": int(mask.sum())}
        for metric_name, metric in metrics.items():
            if metric_name.endswith("@score"):
                if scores is None:
                    raise ValueError(f"metric {metric_name!r} needs y_score.")
                try:
                    row[metric_name] = metric(y_true[mask], scores[mask])
                except ValueError:  # e.g. one class only in this group
                    row[metric_name] = np.nan
            else:
                row[metric_name] = metric(y_true[mask], y_pred[mask])
        rows[name] = row
    return pd.DataFrame.from_dict(rows, orient="index")


def _g_mean(y_true, y_pred):
    recall = precision_recall_fscore_support(y_true, y_pred, zero_division=0)[1]
    return float(np.prod(recall) ** (1 / len(recall)))


#: Scorers for ``scoring=`` in model selection: geometric mean of the class
#: recalls, balanced accuracy (mean recall) and macro-averaged F1.
g_mean_scorer = make_scorer(_g_mean)
balanced_accuracy_scorer = make_scorer(balanced_accuracy_score)
macro_f1_scorer = make_scorer(f1_score, average="macro")
