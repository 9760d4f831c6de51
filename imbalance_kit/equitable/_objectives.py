"""Objectives over per-group errors (lower is better).

Each takes ``errors`` and ``shares``, one entry per group (``shares`` is used
by the population-weighted objective only, but must match ``errors`` in every
one, so that a mismatch is never silently ignored).
"""

import numbers

import numpy as np


def _checked(errors, shares):
    """``errors`` as a float array, after checking both shapes."""
    errors = np.asarray(errors, dtype=float)
    if errors.ndim != 1 or errors.size == 0:
        raise ValueError(
            "errors must be a non-empty 1-D array, one error per group; got "
            f"shape {errors.shape}."
        )
    if np.shape(shares) != errors.shape:
        raise ValueError(
            f"shares must hold one share per group, as errors does ({errors.size}); "
            f"got shape {np.shape(shares)}."
        )
    return errors


def overall_error(errors, shares):
    """Population-weighted error: ``sum_g share_g * error_g``.

    Examples
    --------
    >>> overall_error([0.25, 0.5], [0.75, 0.25])
    0.3125
    """
    errors = _checked(errors, shares)
    return float(np.dot(shares, errors))


def average_error(errors, shares):
    """Equal-weight average over groups.

    Examples
    --------
    >>> average_error([0.1, 0.3], [0.75, 0.25])
    0.2
    """
    return float(np.mean(_checked(errors, shares)))


def worst_group_error(errors, shares):
    """The largest group error.

    Examples
    --------
    >>> worst_group_error([0.1, 0.3], [0.75, 0.25])
    0.3
    """
    return float(np.max(_checked(errors, shares)))


# Row-wise versions over many draws of the errors at once (the planner
# evaluates the objective on hundreds of draws per candidate): the same
# floating-point operations per row as the functions above, so the same
# values. overall_error has none: a matrix-vector product sums in another
# order than np.dot on one row, and its results would differ in the last bit.
average_error.rows = lambda draws, shares: draws.mean(axis=1)
worst_group_error.rows = lambda draws, shares: draws.max(axis=1)


def gap_penalised(mu):
    """``average + mu * (max - min)``: average error plus a fairness-gap penalty.

    Examples
    --------
    >>> gap_penalised(1.0)([0.1, 0.3], [0.5, 0.5])
    0.4
    """
    if not (
        isinstance(mu, numbers.Real)
        and not isinstance(mu, bool)
        and np.isfinite(mu)
        and mu >= 0
    ):
        raise ValueError(
            f"mu must be a non-negative finite number (the weight of the gap); "
            f"got {mu!r}."
        )

    def objective(errors, shares):
        errors = _checked(errors, shares)
        return float(np.mean(errors) + mu * (errors.max() - errors.min()))

    def rows(draws, shares):
        return draws.mean(axis=1) + mu * (draws.max(axis=1) - draws.min(axis=1))

    objective.__name__ = f"gap_penalised(mu={mu})"
    objective.rows = rows
    return objective


OBJECTIVES = {
    "overall": overall_error,
    "average": average_error,
    "worst": worst_group_error,
    "gap": gap_penalised(1.0),
}


def resolve_objective(objective):
    """A callable ``objective(errors, shares)`` from a name or a callable."""
    if callable(objective):
        return objective
    if objective not in OBJECTIVES:
        raise ValueError(
            f"objective must be one of {sorted(OBJECTIVES)} or a callable "
            f"objective(errors, shares); got {objective!r}."
        )
    return OBJECTIVES[objective]
