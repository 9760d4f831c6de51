"""Metrics for imbalanced problems: costs, baselines, per-class and per-group tables."""

import numbers

import numpy as np
import pandas as pd
from imblearn.metrics import geometric_mean_score
from sklearn.metrics import (
    average_precision_score,
    get_scorer,
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
    for name, a in arrays.items():
        if a is not None and np.ndim(a) == 0:
            raise ValueError(f"{name} must be an array with one entry per sample.")
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


def _positions(values, labels, name, order="the cost matrix's order"):
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
            f"in {order}."
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
        Binary labels; ``pos_label`` marks the positives.
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
        If ``y_true`` holds more than two labels, or no (positively weighted)
        sample of ``pos_label``: with no positives the curve, its baseline (0)
        and the lift are undefined. (scikit-learn's ``average_precision_score``
        warns and returns 0 there; we refuse rather than report a lift of 0/0.)

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
    bad = ~np.isfinite(y_score)
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"y_score holds NaN or infinite values: {float(y_score[row])} at row {row} "
            f"({int(bad.sum())} such rows); scores must be finite."
        )
    if sample_weight is not None:
        sample_weight = _check_sample_weight(
            sample_weight, y_true, ensure_non_negative=True
        )
    present = list(dict.fromkeys(y_true.tolist()))
    if len(present) > 2:
        raise ValueError(
            f"y_true holds {len(present)} labels ({present[:10]}); "
            "auprc_with_baseline scores a binary problem. For one class against "
            "the rest pass y_true == label (with pos_label=True)."
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
    codes, uniques = pd.factorize(groups)
    names = uniques.tolist()
    if "overall" in names:
        raise ValueError(
            'groups holds a group named "overall", the name of the whole-sample '
            "row; rename it."
        )
    try:
        order = sorted(range(len(names)), key=lambda i: names[i])
    except TypeError:  # groups of mixed types
        order = sorted(
            range(len(names)), key=lambda i: (type(names[i]).__name__, str(names[i]))
        )
    masks = [(names[i], codes == i) for i in order]
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


# --- scorers: a new object per call, so requests never leak between users ----


def _g_mean_score(y_true, y_pred, *, sample_weight=None, **kwargs):
    """imbalanced-learn's G-mean after our checks of lengths and labels."""
    y_true, y_pred = _as_labels(y_true, "y_true"), _as_labels(y_pred, "y_pred")
    if sample_weight is not None:
        sample_weight = np.asarray(sample_weight)
    _check_same_length(y_true=y_true, y_pred=y_pred, sample_weight=sample_weight)
    return geometric_mean_score(y_true, y_pred, sample_weight=sample_weight, **kwargs)


def make_g_mean_scorer(**kwargs):
    """A new scorer of the geometric mean of the class recalls.

    Built on imbalanced-learn's :func:`~imblearn.metrics.geometric_mean_score`
    (``average="multiclass"``, any labels); takes ``sample_weight``.

    Parameters
    ----------
    **kwargs : dict
        Passed to ``geometric_mean_score`` (``labels``, ``average``,
        ``correction``...).

    Returns
    -------
    scorer : scikit-learn scorer
        Greater is better. Each call returns a new object: request weights
        with ``make_g_mean_scorer().set_score_request(sample_weight=True)``
        without changing anyone else's scorer.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> X, y = make_classification(n_samples=200, weights=[0.8], random_state=0)
    >>> model = LogisticRegression().fit(X, y)
    >>> from imblearn.metrics import geometric_mean_score
    >>> bool(make_g_mean_scorer()(model, X, y)
    ...      == geometric_mean_score(y, model.predict(X)))
    True
    """
    return make_scorer(_g_mean_score, pos_label=None, **kwargs)


def make_balanced_accuracy_scorer():
    """A new scikit-learn ``"balanced_accuracy"`` scorer (mean class recall).

    Returns
    -------
    scorer : scikit-learn scorer
        Greater is better; takes ``sample_weight``; a new object on each call.

    Examples
    --------
    >>> make_balanced_accuracy_scorer()
    make_scorer(balanced_accuracy_score, response_method='predict')
    """
    return get_scorer("balanced_accuracy")


def make_macro_f1_scorer():
    """A new scikit-learn ``"f1_macro"`` scorer (unweighted mean of class F1).

    Returns
    -------
    scorer : scikit-learn scorer
        Greater is better; takes ``sample_weight``; any labels (strings too);
        a new object on each call.

    Examples
    --------
    >>> make_macro_f1_scorer()
    make_scorer(f1_score, response_method='predict', pos_label=None, average=macro)
    """
    return get_scorer("f1_macro")


#: Names kept for backwards compatibility; ``imbalance_kit.metrics`` builds a
#: new scorer on every access (module ``__getattr__``), so none is shared.
_SCORER_ALIASES = {
    "g_mean_scorer": make_g_mean_scorer,
    "balanced_accuracy_scorer": make_balanced_accuracy_scorer,
    "macro_f1_scorer": make_macro_f1_scorer,
}


# --- ordinal metrics ------------------------------------------------------------


def _ordinal_ranks(y_true, labels, name="y_true"):
    """Ordinal order (``labels``, default sorted) and each label's rank."""
    if labels is None:
        try:
            labels = np.unique(y_true)
        except TypeError:
            raise ValueError(
                f"{name} holds labels of mixed types; pass labels in their "
                "ordinal order."
            ) from None
    else:
        labels = _check_label_order(labels)
    return labels, _positions(y_true, labels, name, "their ordinal order")


def ranked_probability_score(y_true, y_proba, *, labels=None, sample_weight=None):
    """Mean ranked probability score of ordinal class probabilities.

    For a sample of true class ``y`` and predicted probabilities ``p`` over
    ``K`` ordered classes, ``RPS = sum_{k<K} (F_k - 1[y <= k])^2 / (K - 1)``
    with ``F_k = p_1 + ... + p_k`` (Epstein 1969); 0 is perfect, 1 the worst.
    Unlike the log-loss, probability put on a neighbouring class costs less
    than on a distant one.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
    y_proba : array-like of shape (n_samples, K) or (n_samples,)
        Class probabilities, columns in sorted label order (the order of a
        scikit-learn classifier's ``classes_`` and ``predict_proba``). A 1-D
        array (two classes) is the probability of the later label.
    labels : array-like of shape (K,), default=None
        The classes in their ordinal order; defaults to the sorted labels of
        ``y_true``, which must then be all K. Needed when a class may be absent
        from ``y_true`` or when sorted order is not the ordinal order
        (``["low", "mid", "high"]``).
    sample_weight : array-like of shape (n_samples,), default=None

    Returns
    -------
    score : float
        Lower is better.

    See Also
    --------
    make_ranked_probability_scorer

    References
    ----------
    .. [1] E. S. Epstein, "A scoring system for probability forecasts of ranked
       categories", Journal of Applied Meteorology 8(6), 1969.

    Examples
    --------
    >>> rps = ranked_probability_score([2], [[0.2, 0.5, 0.3]], labels=[0, 1, 2])
    >>> round(rps, 6)  # (0.2 ** 2 + 0.7 ** 2) / 2
    0.265
    """
    y_true = _as_labels(y_true, "y_true")
    proba = np.asarray(y_proba, dtype=float)
    if proba.ndim == 1:
        proba = np.column_stack([1.0 - proba, proba])
    if proba.ndim != 2:
        raise ValueError(
            f"y_proba must be (n_samples, K) probabilities; got shape {proba.shape}."
        )
    _check_same_length(y_true=y_true, y_proba=proba)
    order, ranks = _ordinal_ranks(y_true, labels)
    k = len(order)
    if proba.shape[1] != k:
        raise ValueError(
            f"y_proba has {proba.shape[1]} columns for the {k} labels "
            f"{order.tolist()}; pass labels (all classes, in ordinal order) and "
            "probabilities over all of them."
        )
    if k < 2:
        raise ValueError(
            f"the ranked probability score needs 2 or more labels; got {k}."
        )
    if not np.isfinite(proba).all() or (proba < 0).any():
        raise ValueError("y_proba must hold finite, non-negative probabilities.")
    sums = proba.sum(axis=1)
    if not np.allclose(sums, 1.0, rtol=0, atol=1e-5):
        bad = np.flatnonzero(~np.isclose(sums, 1.0, rtol=0, atol=1e-5))
        raise ValueError(
            f"y_proba's rows must sum to 1; rows {bad[:5].tolist()} sum to "
            f"{sums[bad[:5]].round(6).tolist()}."
        )
    try:
        sorted_order = np.argsort(order, kind="stable")
    except TypeError:
        raise ValueError("labels of mixed types have no sorted column order.") from None
    # column of each label in sorted order -> reorder to the ordinal order
    column = np.empty(k, dtype=np.intp)
    column[sorted_order] = np.arange(k)
    cdf = np.cumsum(proba[:, column], axis=1)[:, :-1]
    observed = ranks[:, None] <= np.arange(k - 1)[None, :]
    per_sample = np.sum((cdf - observed) ** 2, axis=1) / (k - 1)
    if sample_weight is not None:
        sample_weight = _check_sample_weight(
            sample_weight, y_true, ensure_non_negative=True
        )
    return float(np.average(per_sample, weights=sample_weight))


def macro_averaged_mae(y_true, y_pred, *, labels=None, sample_weight=None):
    """Mean absolute error in ranks, averaged over the true classes.

    Each class's mean ``|rank(y_pred) - rank(y_true)|`` over its samples, then
    the unweighted mean over the classes present in ``y_true``, so a rare
    class counts as much as a common one (Baccianella et al. 2009). The ranks
    are the positions in ``labels``. Equal to imbalanced-learn's
    :func:`~imblearn.metrics.macro_averaged_mean_absolute_error` on integer
    ranks, which fails when ``y_pred`` holds a class that ``y_true`` lacks
    (it averages over the classes of both); classes whose samples all weigh 0
    are left out of the average.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
    labels : array-like, default=None
        The classes in their ordinal order; defaults to sorted order.
    sample_weight : array-like of shape (n_samples,), default=None

    Returns
    -------
    mae : float
        Lower is better.

    References
    ----------
    .. [1] S. Baccianella, A. Esuli, F. Sebastiani, "Evaluation measures for
       ordinal regression", ISDA 2009.

    Examples
    --------
    >>> macro_averaged_mae(["low", "low", "low", "high"], ["low", "low", "mid", "low"],
    ...                    labels=["low", "mid", "high"])  # (1/3 + 2) / 2
    1.1666666666666667
    """
    y_true, y_pred = _as_labels(y_true, "y_true"), _as_labels(y_pred, "y_pred")
    _check_same_length(y_true=y_true, y_pred=y_pred)
    if labels is None:
        try:
            labels = unique_labels(y_true, y_pred)
        except ValueError as exc:
            raise ValueError(
                f"y_true and y_pred hold labels of different kinds ({exc}); pass "
                "labels in their ordinal order."
            ) from None
    order, true_ranks = _ordinal_ranks(y_true, labels)
    pred_ranks = _positions(y_pred, order, "y_pred", "their ordinal order")
    if sample_weight is not None:
        sample_weight = _check_sample_weight(
            sample_weight, y_true, ensure_non_negative=True
        )
    weights = np.ones(len(true_ranks)) if sample_weight is None else sample_weight
    errors = np.abs(pred_ranks - true_ranks)
    per_class = [
        np.average(errors[true_ranks == r], weights=weights[true_ranks == r])
        for r in np.unique(true_ranks)
        if weights[true_ranks == r].sum() > 0
    ]
    return float(np.mean(per_class))


def make_ranked_probability_scorer(*, labels=None):
    """A new scorer: minus the :func:`ranked_probability_score` of ``predict_proba``.

    Parameters
    ----------
    labels : array-like, default=None
        All classes in their ordinal order (recommended: a fold missing a
        class otherwise cannot be scored).

    Returns
    -------
    scorer : scikit-learn scorer
        Greater is better; takes ``sample_weight``; a new object on each call.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.model_selection import cross_val_score
    >>> X, y = make_classification(n_samples=300, n_classes=3, n_informative=4,
    ...                            random_state=0)
    >>> scorer = make_ranked_probability_scorer(labels=[0, 1, 2])
    >>> bool((cross_val_score(LogisticRegression(), X, y, scoring=scorer) < 0).all())
    True
    """
    if labels is not None:
        labels = _check_label_order(labels)
    return make_scorer(
        ranked_probability_score,
        greater_is_better=False,
        response_method="predict_proba",
        labels=labels,
    )


def make_macro_mae_scorer(*, labels=None):
    """A new scorer: minus the :func:`macro_averaged_mae` of ``predict``.

    Parameters
    ----------
    labels : array-like, default=None
        All classes in their ordinal order; defaults to sorted order.

    Returns
    -------
    scorer : scikit-learn scorer
        Greater is better; takes ``sample_weight``; a new object on each call.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> X, y = make_classification(n_samples=300, n_classes=3, n_informative=4,
    ...                            random_state=0)
    >>> model = LogisticRegression().fit(X, y)
    >>> make_macro_mae_scorer(labels=[0, 1, 2])(model, X, y) <= 0
    True
    """
    if labels is not None:
        labels = _check_label_order(labels)
    return make_scorer(macro_averaged_mae, greater_is_better=False, labels=labels)
