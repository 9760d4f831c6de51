"""Metrics for imbalanced problems.

Scorers for ``scoring=``: ``g_mean_scorer``, ``balanced_accuracy_scorer``,
``macro_f1_scorer`` and ``make_cost_scorer(cost_matrix)``.
"""

from ._imbalance import (
    auprc_with_baseline,
    balanced_accuracy_scorer,
    expected_cost,
    g_mean_scorer,
    imbalance_report,
    macro_f1_scorer,
    make_cost_scorer,
    subgroup_report,
)

__all__ = [
    "auprc_with_baseline",
    "balanced_accuracy_scorer",
    "expected_cost",
    "g_mean_scorer",
    "imbalance_report",
    "macro_f1_scorer",
    "make_cost_scorer",
    "subgroup_report",
]
