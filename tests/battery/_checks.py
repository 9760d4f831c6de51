"""Invariants a right result must satisfy, per kind of public name."""

from collections import Counter

import numpy as np
import pandas as pd
from scipy import sparse

from ._data import dense, labels
from ._outcome import expect


def _rows(X, y):
    X = np.ascontiguousarray(dense(X), dtype=float)
    return Counter(
        (row.tobytes(), repr(label)) for row, label in zip(X, labels(y), strict=True)
    )


def _label_set(y):
    return {repr(v) for v in labels(y).tolist()}


def _counts(y):
    return Counter(repr(v) for v in labels(y).tolist())


def check_sampler(
    case, est, result, *, family, ours, base=None, exact=False, interpolates=None
):
    """A resampling result: shapes, labels, containers, rows, counts.

    ``interpolates="class"``: every output row of a class lies, feature by
    feature, within the range of that class's input rows (synthetic rows are
    points on segments between rows of their class, as SMOTE's are);
    ``"all"``: within the range of all input rows.
    """
    expect(
        isinstance(result, tuple) and len(result) == 2,
        f"fit_resample returned {type(result).__name__}, not (X_res, y_res)",
    )
    X_res, y_res = result
    X, y = case.X, case.y
    Xd, yd, Xr, yr = dense(X), labels(y), dense(X_res), labels(y_res)
    expect(Xr.ndim == 2, f"X_res has {Xr.ndim} dimensions")
    expect(
        Xr.shape[1] == Xd.shape[1],
        f"X_res has {Xr.shape[1]} columns, X has {Xd.shape[1]}",
    )
    expect(len(Xr) == len(yr), f"len(X_res)={len(Xr)} but len(y_res)={len(yr)}")
    if not case.nonfinite:
        expect(np.isfinite(Xr.astype(float)).all(), "X_res holds NaN or inf")
    expect(
        _label_set(y_res) <= _label_set(y),
        f"y_res holds labels not in y: {_label_set(y_res) - _label_set(y)}",
    )
    # containers and dtypes kept
    if sparse.issparse(X):
        expect(sparse.issparse(X_res), "sparse X came back dense")
    if isinstance(X, pd.DataFrame):
        expect(isinstance(X_res, pd.DataFrame), "a DataFrame X came back as array")
        expect(list(X_res.columns) == list(X.columns), "column names changed")
        expect(
            list(X_res.dtypes) == list(X.dtypes),
            f"dtypes changed: {list(X.dtypes)} -> {list(X_res.dtypes)}",
        )
    if isinstance(y, pd.Series):
        expect(isinstance(y_res, pd.Series), "a Series y came back as array")
        expect(y_res.dtype == y.dtype, f"y dtype {y.dtype} -> {y_res.dtype}")
    else:
        expect(
            yr.dtype.kind == yd.dtype.kind
            or {yr.dtype.kind, yd.dtype.kind} <= set("OU"),
            f"y dtype {yd.dtype} -> {yr.dtype}",
        )
    indices = getattr(est, "sample_indices_", None)
    # the dask samplers keep partition order, not the selection's order
    if indices is not None and not case.notes.get("dask"):
        indices = np.asarray(indices)
        expect(len(indices) == len(Xr), "sample_indices_ and X_res differ in length")
        expect(
            np.array_equal(Xr, Xd[indices], equal_nan=Xr.dtype.kind == "f"),
            "X_res is not X[sample_indices_]",
        )
        expect(np.array_equal(yr, yd[indices]), "y_res is not y[sample_indices_]")
        if ours and isinstance(X, pd.DataFrame):
            expect(
                X_res.index.equals(X.index[indices]),
                "the row index of the selected rows was not kept",
            )
    before, after = _counts(y), _counts(y_res)
    vanished = [label for label in before if after[label] == 0]
    expect(not vanished, f"class(es) {vanished} vanished from the output")
    if family == "over":
        for label, n in before.items():
            expect(after[label] >= n, f"class {label}: {n} -> {after[label]} rows")
    if family in ("over_rows",):
        missing = _rows(X, y) - _rows(X_res, y_res)
        expect(not missing, f"{sum(missing.values())} input rows missing from output")
        for label, n in before.items():
            expect(after[label] >= n, f"class {label}: {n} -> {after[label]} rows")
    if family in ("under", "select"):
        extra = _rows(X_res, y_res) - _rows(X, y)
        expect(
            not extra,
            f"{sum(extra.values())} output (row, label) pairs are not input pairs",
        )
    if family in ("under", "under_synthetic"):
        for label, n in before.items():
            expect(after[label] <= n, f"class {label}: {n} -> {after[label]} rows")
    if isinstance(exact, dict):
        # counts asked for explicitly: {repr(label): count}
        expect(
            all(after[label] == n for label, n in exact.items()),
            f"asked for {exact} rows, got {dict(after)}",
        )
    elif exact and len(before) > 1:
        target = (
            max(before.values()) if family.startswith("over") else min(before.values())
        )
        expect(
            all(after[label] == target for label in before),
            f"sampling_strategy='auto' should give {target} rows per class; "
            f"got {dict(after)}",
        )
    if interpolates and not case.nonfinite:
        check_within_range(X, y, X_res, y_res, per_class=interpolates == "class")
    if base is not None:
        check_equivariant(case, result, base)


def check_within_range(X, y, X_res, y_res, per_class=True):
    """Each output row inside its class's (or all rows') per-feature range."""
    Xd, yd = dense(X).astype(float), labels(y)
    Xr, yr = dense(X_res).astype(float), labels(y_res)
    keys, keys_res = np.array([repr(v) for v in yd]), np.array([repr(v) for v in yr])
    if not per_class:
        keys, keys_res = np.zeros(len(keys), int), np.zeros(len(keys_res), int)
    for key in np.unique(keys):
        rows = Xd[keys == key]
        lo, hi = rows.min(axis=0), rows.max(axis=0)
        # float32 data are interpolated in float32: allow its rounding
        slack = 1e-6 * np.maximum(np.abs(lo), np.abs(hi))
        out = Xr[keys_res == key]
        outside = ((out < lo - slack) | (out > hi + slack)).any(axis=1)
        expect(
            not outside.any(),
            f"{f'class {key}' if per_class else 'all classes'}: "
            f"{int(outside.sum())} output rows outside the range of the input "
            "rows (a synthetic row off the segments between input rows)",
        )


def check_equivariant(case, result, base):
    """Scaled input, same random_state: the base result times the scale."""
    X_res, y_res = result
    X_base, y_base = base
    expect(
        np.array_equal(labels(y_res), labels(y_base)),
        f"labels differ from the unscaled run (x{case.scale:g})",
    )
    scaled = dense(X_res).astype(float) / case.scale
    expect(
        scaled.shape == dense(X_base).shape
        and np.allclose(scaled, dense(X_base), rtol=1e-6, atol=1e-9),
        f"X_res / {case.scale:g} differs from the unscaled run's X_res",
    )


# classifiers whose predict is the most probable class (the cost-sensitive
# ones decide by expected cost or a tuned threshold instead)
PROBA_DECIDES = {"PRESTO", "PRESTOCV", "OrdinalLogit", "SharedVarianceGaussianNB"}


def check_classifier(case, est, result, *, base=None):
    """Fitted classifier: predictions, probabilities, decision scores."""
    yd = labels(case.y)
    classes = np.unique(yd)
    expect(
        len(est.classes_) == len(classes)
        and np.array_equal(np.asarray(est.classes_), classes),
        f"classes_={est.classes_!r}, expected {classes!r}",
    )
    pred = labels(result["predict"])
    expect(pred.shape == (len(yd),), f"predict shape {pred.shape}")
    expect(
        set(pred.tolist()) <= set(classes.tolist()),
        f"predictions outside classes_: {set(pred.tolist()) - set(classes.tolist())}",
    )

    def kind(dtype):
        return "string" if dtype.kind in "OUS" else dtype.kind

    expect(kind(pred.dtype) == kind(classes.dtype), f"predict dtype {pred.dtype}")
    proba = result.get("predict_proba")
    if proba is not None:
        proba = np.asarray(proba)
        expect(
            proba.shape == (len(yd), len(classes)),
            f"predict_proba shape {proba.shape}",
        )
        expect(np.isfinite(proba).all(), "predict_proba holds NaN or inf")
        expect(((proba >= -1e-12) & (proba <= 1 + 1e-12)).all(), "proba outside [0,1]")
        expect(np.allclose(proba.sum(axis=1), 1.0), "proba rows do not sum to 1")
    scores = result.get("decision_function")
    if scores is not None:
        scores = np.asarray(scores)
        shape = (len(yd),) if len(classes) == 2 else (len(yd), len(classes))
        expect(
            scores.shape == shape,
            f"decision_function shape {scores.shape}; scikit-learn classifiers "
            f"give {shape}",
        )
        expect(np.isfinite(scores).all(), "decision_function holds NaN or inf")
        # scikit-learn's contract: predict is the class the scores favour
        # (the positive class where a binary score is > 0); ties left out
        if scores.ndim == 2 and scores.shape[1] < 2:
            implied, decided = pred, np.zeros(len(pred), dtype=bool)
        elif scores.ndim == 1:
            implied = classes[(scores > 0).astype(int)]
            decided = np.abs(scores) > 1e-9
        else:
            implied = classes[np.argmax(scores, axis=1)]
            top = np.sort(scores, axis=1)
            decided = top[:, -1] - top[:, -2] > 1e-9
        disagree = int(np.sum((implied != pred) & decided))
        expect(
            disagree == 0,
            f"decision_function favours another class than predict on {disagree} "
            f"of {len(pred)} rows",
        )
    if proba is not None and len(classes) > 1 and type(est).__name__ in PROBA_DECIDES:
        top = np.sort(proba, axis=1)
        decided = top[:, -1] - top[:, -2] > 1e-9
        disagree = int(np.sum((classes[np.argmax(proba, axis=1)] != pred) & decided))
        expect(
            disagree == 0,
            f"predict is not the most probable class of predict_proba on "
            f"{disagree} of {len(pred)} rows",
        )
    max_iter = est.get_params().get("max_iter")
    n_iter = getattr(est, "n_iter_", None)
    if isinstance(max_iter, int) and n_iter is not None:
        expect(
            np.max(n_iter) <= max_iter,
            f"n_iter_={np.max(n_iter)} exceeds max_iter={max_iter}",
        )
    if base is not None:
        agree = np.mean(pred == labels(base["predict"]))
        expect(
            agree >= 0.95,
            f"x{case.scale:g} scaled data: predictions agree with the unscaled "
            f"fit on {agree:.0%} of rows",
        )
