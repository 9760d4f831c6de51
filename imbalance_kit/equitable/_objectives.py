"""Objectives over per-group errors (lower is better)."""

import numpy as np


def overall_error(errors, shares):
    """Population-weighted error: ``sum_g share_g * error_g``."""
    return float(np.dot(shares, errors))


def average_error(errors, shares):
    """Equal-weight average over groups."""
    return float(np.mean(errors))


def worst_group_error(errors, shares):
    """The largest group error."""
    return float(np.max(errors))


def gap_penalised(mu):
    """``average + mu * (max - min)``: average error plus a fairness-gap penalty.

    Examples
    --------
    >>> gap_penalised(1.0)([0.1, 0.3], [0.5, 0.5])
    0.4
    """

    def objective(errors, shares):
        errors = np.asarray(errors)
        return float(np.mean(errors) + mu * (errors.max() - errors.min()))

    objective.__name__ = f"gap_penalised(mu={mu})"
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
