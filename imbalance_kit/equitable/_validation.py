"""Checks of the per-group inputs shared by the allocator and the sampler."""

import numbers

import numpy as np
import pandas as pd

#: How to give groups to the sampler, quoted when they are missing.
GROUPS_HOW = (
    "Pass them as fit_resample(X, y, groups=groups). In a pipeline, use "
    "imbalance_kit.pipeline's Pipeline or make_pipeline and pass "
    "pipe.fit(X, y, groups=groups) (or <step name>__groups=groups); with "
    "metadata routing on (sklearn.set_config(enable_metadata_routing=True)) "
    "also request them: EquitableSampler(...).set_fit_resample_request("
    "groups=True). imbalanced-learn's Pipeline passes groups to a sampler only "
    "with routing on and that request."
)


def _missing_rows(values):
    """Positions holding None, NaN or pandas' missing markers."""
    return np.flatnonzero(pd.isna(np.asarray(values, dtype=object)))


def check_groups(groups, n_rows):
    """``groups`` as a 1-D array of ``n_rows`` labels, and the sorted labels.

    Refuses (ValueError, naming ``groups``) a shape other than ``(n_rows,)``,
    missing labels (None, NaN) and labels that cannot be ordered (mixed
    types), instead of the numpy errors or the silently empty groups they
    would otherwise cause.

    Examples
    --------
    >>> groups, names = check_groups(["b", "a", "b"], 3)
    >>> names
    ['a', 'b']
    """
    array = np.asarray(groups)
    if array.ndim != 1:
        raise ValueError(
            f"groups must hold one label per row, a 1-D array of {n_rows} "
            f"labels; got an array of shape {array.shape}."
        )
    if len(array) != n_rows:
        raise ValueError(
            f"groups must hold one label per row of X ({n_rows} rows); got "
            f"{len(array)} labels."
        )
    missing = _missing_rows(array)
    if len(missing):
        raise ValueError(
            f"groups must not hold None or NaN (every row needs a group); got "
            f"{array[missing[0]]!r} at row {missing[0]}"
            + (f" and {len(missing) - 1} more rows." if len(missing) > 1 else ".")
        )
    try:
        names = np.unique(array).tolist()
    except TypeError as error:
        kinds = sorted({type(v).__name__ for v in array.tolist()})
        raise ValueError(
            "groups must be labels of one type (all strings or all numbers); "
            f"got a mix of {kinds}."
        ) from error
    return array, names


def check_group_names(group_names):
    """The labels of ``acquire`` mode: a non-empty list of distinct labels."""
    if group_names is None or len(group_names) == 0:
        raise ValueError(
            "acquire needs group_names, the list of the groups to collect; got "
            f"{group_names!r}."
        )
    names = list(group_names)
    if len(_missing_rows(names)):
        raise ValueError(f"group_names must not hold None or NaN; got {names!r}.")
    if len(set(names)) != len(names):
        raise ValueError(f"group_names must be distinct labels; got {names!r}.")
    return names


def _is_real(value):
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def per_group(mapping, names, param, *, positive):
    """The values of ``mapping`` (a dict group -> number) for ``names``.

    ``positive`` asks for positive finite values (costs); otherwise
    non-negative finite values, not all zero (shares). Entries for groups
    absent from ``names`` are ignored: one table can serve several data sets.
    """
    if not hasattr(mapping, "keys"):
        raise ValueError(
            f"{param} must be a dict from group label to number; got "
            f"{type(mapping).__name__} {mapping!r}."
        )
    absent = [g for g in names if g not in mapping]
    if absent:
        raise ValueError(
            f"{param} has no entry for group(s) {absent}; give one for every "
            f"group {names}. Got {dict(mapping)!r}."
        )
    values = [mapping[g] for g in names]
    if positive:
        bad = not all(_is_real(v) and np.isfinite(v) and v > 0 for v in values)
        want = "a positive finite number for every group"
    else:
        bad = not all(_is_real(v) and np.isfinite(v) and v >= 0 for v in values)
        want = "a non-negative finite number for every group"
    if bad:
        raise ValueError(
            f"{param} must give {want}; got { {g: mapping[g] for g in names}!r}."
        )
    values = np.array(values, dtype=float)
    if not positive and values.sum() <= 0:
        raise ValueError(
            f"{param} must have a positive total (some group must have a share); "
            f"got {dict(zip(names, values.tolist(), strict=True))!r}."
        )
    return values


def group_costs(costs, names):
    """Cost per sample of each group in ``names`` (1 when ``costs`` is None)."""
    if costs is None:
        return np.ones(len(names))
    return per_group(costs, names, "costs", positive=True)


def check_budget(budget):
    """``budget`` as a positive finite float."""
    if not (_is_real(budget) and np.isfinite(budget) and budget > 0):
        raise ValueError(
            f"budget must be a positive finite number (the total cost to spend); "
            f"got {budget!r}."
        )
    return float(budget)
