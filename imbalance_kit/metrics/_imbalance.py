"""Metrics for imbalanced problems: costs, baselines, per-class and per-group tables."""

import numbers

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
from sklearn.utils.validation import _check_sample_weight, column_or_1d

from ..cost_sensitive._decisions import check_cost_matrix


def _as_labels(values, name):
    """``values`` as a 1-D array of labels (None and NaN refused)."""
    array = np.asarray(values)
    if array.ndim != 1:
        try:
            array = column_or_1d(array)
        except ValueError:
            raise ValueError(
                f"{name} must be 1-D (one entry per sample); got shape {array.shape}."
            ) from None
    missing = pd.isna(array)
    if np.any(missing):
        raise ValueError(
            f"{name} holds {int(np.sum(missing))} missing values (None or NaN) "
            f"at positions {np.flatnonzero(missing)[:5].tolist()}."
        )
    if array.dtype.kind in "fc" and not np.isfinite(array).all():
        raise ValueError(f"{name} holds infinite values.")
    return array


def _check_same_length(**arrays):
    lengths = {name: len(a) for name, a in arrays.items() if a is not None}
    if len(set(lengths.values())) > 1:
        raise ValueError(
            "these must have one entry per sample, but their lengths differ: "
            + ", ".join(f"{name} has {n}" for name, n in lengths.items())
            + "."
        )
    if not next(iter(lengths.values())):
        raise ValueError(f"{next(iter(lengths))} is empty; there is nothing to score.")


def _shape(array_like):
    """Shape of an array-like, or () when it is ragged (the check then says why)."""
    try:
        return np.shape(array_like)
    except ValueError:
        return ()


def _check_label_order(labels):
    """``labels`` as a 1-D array without repeats."""
    labels = _as_labels(labels, "labels")
    if len(labels) == 0:
        raise ValueError("labels is empty; give the matrix's labels in its order.")
    keys = labels.tolist()
    if len(set(keys)) != len(keys):
        raise ValueError(f"labels has repeated entries: {keys}.")
    return labels


def _positions(values, labels, name):
    """Index of each entry of ``values`` in ``labels`` (any order, any type).

    Matching is by equality, so ``1``, ``1.0`` and ``True`` are the same label
    but ``"1"`` is not ``1``. Entries not in ``labels`` are an error.
    """
    lookup = {label: i for i, label in enumerate(labels.tolist())}
    try:
        uniques, inverse = np.unique(values, return_inverse=True)
    except TypeError:  # labels of mixed types cannot be sorted
        uniques, inverse = None, None
    if uniques is None:
        found = [lookup.get(v, -1) for v in values.tolist()]
        index = np.array(found, dtype=np.intp)
        unknown = list(
            dict.fromkeys(
                v for v, i in zip(values.tolist(), found, strict=True) if i < 0
            )
        )
    else:
        found = np.array([lookup.get(u, -1) for u in uniques.tolist()], dtype=np.intp)
        index = found[inverse.ravel()]
        unknown = uniques[found < 0].tolist()
    if unknown:
        raise ValueError(
            f"{name} has labels {unknown[:10]} that are not in labels "
            f"{labels.tolist()}; labels must list every label of y_true and y_pred "
            "in the cost matrix's order."
        )
    return index


def expected_cost(y_true, y_pred, cost_matrix, *, labels=None, sample_weight=None):
    """Mean cost of the predictions under ``cost_matrix[true, predicted]``.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
    cost_matrix : array-like of shape (n_labels, n_labels), DataFrame, or \
            (n_samples, n_labels, n_labels) for example-dependent costs
        ``cost_matrix[i, j]`` is the cost of predicting ``labels[j]`` when the
        truth is ``labels[i]``. A DataFrame is looked up by its index (true
        label) and columns (predicted label). Each row's diagonal entry must be
        its minimum.
    labels : array-like of shape (n_labels,), default=None
        The matrix's label order, in any order and of any type (strings too);
        every label of ``y_true`` and ``y_pred`` must be in it. Defaults to the
        DataFrame's index, else to the sorted labels present, which then must
        number ``n_labels`` (pass ``labels`` when a label may be absent).
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative weights; the result is the weighted mean cost.

    Returns
    -------
    cost : float

    Raises
    ------
    ValueError
        If the lengths differ, a label is not in ``labels``, or the matrix has
        the wrong shape, a NaN/infinite entry or a diagonal entry that is not
        its row's minimum.

    Examples
    --------
    >>> expected_cost([0, 1, 1], [0, 0, 1], [[0, 1], [5, 0]])
    1.6666666666666667
    >>> expected_cost(["a", "b"], ["b", "b"], [[0, 1], [5, 0]], labels=["b", "a"])
    2.5
    """
    y_true, y_pred = _as_labels(y_true, "y_true"), _as_labels(y_pred, "y_pred")
    _check_same_length(y_true=y_true, y_pred=y_pred)
    if labels is None and hasattr(cost_matrix, "loc"):
        labels = cost_matrix.index
    if labels is None:
        try:
            labels = unique_labels(y_true, y_pred)
        except ValueError as exc:
            raise ValueError(
                f"y_true and y_pred hold labels of different kinds ({exc}); pass "
                "labels in the cost matrix's order."
            ) from None
        shape = _shape(cost_matrix)
        if len(shape) in (2, 3) and shape[-1] != len(labels):
            raise ValueError(
                f"cost_matrix has {shape[-1]} labels but y_true and y_pred hold "
                f"{len(labels)} ({labels.tolist()}); pass labels in the matrix's "
                "order."
            )
    else:
        labels = _check_label_order(labels)
    costs = check_cost_matrix(cost_matrix, labels)
    i = _positions(y_true, labels, "y_true")
    j = _positions(y_pred, labels, "y_pred")
    if costs.ndim == 3 and len(costs) != len(i):
        raise ValueError(
            f"cost_matrix has {len(costs)} per-sample matrices for {len(i)} samples."
        )
    per_sample = costs[i, j] if costs.ndim == 2 else costs[np.arange(len(i)), i, j]
    if sample_weight is not None:
        sample_weight = _check_sample_weight(
            sample_weight, y_true, ensure_non_negative=True
        )
    return float(np.average(per_sample, weights=sample_weight))


def _check_scorer_cost_matrix(cost_matrix, labels):
    """Refuse at construction what no call of a cost scorer could accept."""
    if labels is not None:
        labels = _check_label_order(labels)
    if hasattr(cost_matrix, "loc"):
        return check_cost_matrix(
            cost_matrix, cost_matrix.index if labels is None else labels
        ), labels
    shape = _shape(cost_matrix)
    k = shape[-1] if shape else 0
    costs = check_cost_matrix(cost_matrix, range(k) if labels is None else labels)
    if costs.ndim != 2:
        raise ValueError(
            "a cost scorer takes one (n_labels, n_labels) cost_matrix; per-sample "
            f"matrices cannot follow the rows of each fold (got shape {costs.shape})."
        )
    return costs, labels


def make_cost_scorer(cost_matrix, *, labels=None):
    """A scorer (greater is better: minus the expected cost) for model selection.

    Parameters
    ----------
    cost_matrix : array-like of shape (n_labels, n_labels) or DataFrame
        ``cost_matrix[true, predicted]``, checked here (shape, finite entries,
        diagonal entries the row minima).
    labels : array-like of shape (n_labels,), default=None
        The matrix's label order (see :func:`expected_cost`). Pass it when a
        fold may lack a label.

    Returns
    -------
    scorer : callable
        ``scorer(estimator, X, y, sample_weight=None)``; a new object on each
        call, so requests set on one scorer do not affect another.

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
    _check_scorer_cost_matrix(cost_matrix, labels)
    return make_scorer(
        expected_cost, greater_is_better=False, cost_matrix=cost_matrix, labels=labels
    )


def auprc_with_baseline(y_true, y_score, *, pos_label=1, sample_weight=None):
    """Average precision together with the baseline a random ranking gets.

    The baseline of the precision-recall curve is the prevalence of the
    positive class (McDermott et al. 2024): an AUPRC means little without it.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Labels; ``pos_label`` marks the positives (any other label is negative).
    y_score : array-like of shape (n_samples,)
        Scores, higher for the positive class; finite.
    pos_label : int, float, bool or str, default=1
    sample_weight : array-like of shape (n_samples,), default=None

    Returns
    -------
    result : dict
        ``{"auprc": ..., "prevalence": ..., "lift": auprc / prevalence}``.

    Raises
    ------
    ValueError
        If ``y_true`` has no (positively weighted) sample of ``pos_label``:
        with no positives the curve, its baseline (0) and the lift are
        undefined. (scikit-learn's ``average_precision_score`` warns and
        returns 0 there; we refuse rather than report a lift of 0/0.)

    Examples
    --------
    >>> auprc_with_baseline([0, 0, 0, 1], [0.1, 0.2, 0.3, 0.9])
    {'auprc': 1.0, 'prevalence': 0.25, 'lift': 4.0}
    """
    y_true = _as_labels(y_true, "y_true")
    y_score = np.asarray(y_score)
    if y_score.ndim != 1:
        raise ValueError(
            "y_score must be 1-D (one score per sample, higher for pos_label); "
            f"got shape {y_score.shape}."
        )
    _check_same_length(y_true=y_true, y_score=y_score)
    try:
        y_score = y_score.astype(float)
    except (TypeError, ValueError):
        raise ValueError(
            f"y_score must be numbers; got dtype {y_score.dtype}."
        ) from None
    if not np.isfinite(y_score).all():
        raise ValueError("y_score holds NaN or infinite values.")
    if sample_weight is not None:
        sample_weight = _check_sample_weight(
            sample_weight, y_true, ensure_non_negative=True
        )
    positive = (y_true == pos_label).astype(float)
    weights = np.ones(len(y_true)) if sample_weight is None else sample_weight
    if not np.any(positive * weights > 0):
        raise ValueError(
            f"y_true has no sample of pos_label={pos_label!r} (with positive weight); "
            "the AUPRC and its baseline are undefined without positives. Labels "
            f"present: {np.unique(y_true).tolist()[:10]}."
        )
    prevalence = float(np.average(positive, weights=sample_weight))
    auprc = float(
        average_precision_score(positive, y_score, sample_weight=sample_weight)
    )
    return {"auprc": auprc, "prevalence": prevalence, "lift": auprc / prevalence}


def imbalance_report(y_true, y_pred, *, labels=None, alpha=0.1):
    """Per-class precision, recall, specificity, F1, G-mean and IBA as a DataFrame.

    The last row (``"avg"``) is support-weighted over the reported classes, as
    in imbalanced-learn's ``classification_report_imbalanced``. IBA is the
    index of balanced accuracy
    ``(1 + alpha * (recall - specificity)) * recall * specificity``
    (García et al. 2009).

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
    labels : array-like, default=None
        Classes to report, in this order; defaults to the sorted labels
        present. As in scikit-learn, a subset may be given and a listed label
        may be absent (its support is 0), but at least one must occur.
    alpha : float, default=0.1
        Weight of the dominance ``recall - specificity`` in the IBA; finite.

    Returns
    -------
    report : DataFrame
        Indexed by class (then ``"avg"``).

    Examples
    --------
    >>> imbalance_report([0, 0, 1, 1], [0, 1, 1, 1])["recall"].tolist()
    [0.5, 1.0, 0.75]
    """
    if (
        isinstance(alpha, bool)
        or not isinstance(alpha, numbers.Real)
        or not np.isfinite(alpha)
    ):
        raise ValueError(f"alpha must be a finite real number; got {alpha!r}.")
    y_true, y_pred = _as_labels(y_true, "y_true"), _as_labels(y_pred, "y_pred")
    _check_same_length(y_true=y_true, y_pred=y_pred)
    if labels is None:
        try:
            labels = unique_labels(y_true, y_pred)
        except ValueError as exc:
            raise ValueError(
                f"y_true and y_pred hold labels of different kinds ({exc})."
            ) from None
    else:
        labels = _check_label_order(labels)
        present = set(y_true.tolist()) | set(y_pred.tolist())
        if not present & set(labels.tolist()):
            raise ValueError(
                f"none of labels {labels.tolist()} occurs in y_true or y_pred "
                f"(which hold {sorted(present, key=str)[:10]})."
            )
    precision, recall, f1, support = precision_recall_fscore_support(
        y_true, y_pred, labels=labels, zero_division=0
    )
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
    total = support.sum()
    avg = {
        col: float(np.sum(table[col] * support) / total) if total else np.nan
        for col in table.columns[:-1]
    }
    avg["support"] = int(total)
    return pd.concat([table, pd.DataFrame(avg, index=["avg"])])


def subgroup_report(y_true, y_pred, groups, metrics, *, y_score=None):
    """Each metric per subgroup and overall, as a DataFrame.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
    groups : array-like of shape (n_samples,)
        Group label of each sample; no None/NaN, and no group named
        ``"overall"`` (the name of the whole-sample row).
    metrics : dict of str to callable
        ``metric(y_true, y_pred)``, or ``metric(y_true, y_score)`` when its
        name ends with ``"@score"`` (then ``y_score`` is required).
    y_score : array-like of shape (n_samples,) or (n_samples, n_classes), \
            default=None

    Returns
    -------
    report : DataFrame
        One row per group (sorted) plus ``"overall"``: the group size ``n``
        and one column per metric. A score-based metric that is undefined for
        a group (one class only) is NaN.

    Examples
    --------
    >>> from sklearn.metrics import recall_score
    >>> report = subgroup_report([1, 0, 1, 1], [1, 0, 0, 1], ["a", "a", "b", "b"],
    ...                          {"recall": recall_score})
    >>> report["recall"].tolist()
    [1.0, 0.5, 0.6666666666666666]
    """
    if not isinstance(metrics, dict) or not metrics:
        raise ValueError(
            "metrics must be a non-empty dict of name -> metric(y_true, y_pred); "
            f"got {metrics!r}."
        )
    for metric_name, metric in metrics.items():
        if not callable(metric):
            raise ValueError(
                f"metrics[{metric_name!r}] must be callable; got {metric!r}."
            )
        if str(metric_name).endswith("@score") and y_score is None:
            raise ValueError(f"metric {metric_name!r} needs y_score.")
    y_true, y_pred = _as_labels(y_true, "y_true"), _as_labels(y_pred, "y_pred")
    groups = _as_labels(groups, "groups")
    scores = None if y_score is None else np.asarray(y_score)
    _check_same_length(y_true=y_true, y_pred=y_pred, groups=groups, y_score=scores)
    names = list(dict.fromkeys(groups.tolist()))
    if "overall" in names:
        raise ValueError(
            'groups holds a group named "overall", the name of the whole-sample '
            "row; rename it."
        )
    try:
        names = sorted(names)
    except TypeError:  # groups of mixed types
        names = sorted(names, key=lambda g: (type(g).__name__, str(g)))
    group_list = groups.tolist()
    masks = [(g, np.array([x == g for x in group_list])) for g in names]
    rows = {}
    for name, mask in masks + [("overall", np.ones(len(y_true), dtype=bool))]:
        row = {"n": int(mask.sum())}
        for metric_name, metric in metrics.items():
            if str(metric_name).endswith("@score"):
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
