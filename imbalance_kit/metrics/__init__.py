"""Metrics for imbalanced problems.

``"balanced_accuracy"`` and ``"f1_macro"`` are scikit-learn's scorer names;
``g_mean_scorer`` and ``make_cost_scorer`` complete them.
"""

from ._imbalance import (
    auprc_with_baseline,
    expected_cost,
    g_mean_scorer,
    imbalance_report,
    make_cost_scorer,
    subgroup_report,
)

__all__ = [
    "auprc_with_baseline",
    "expected_cost",
    "g_mean_scorer",
    "imbalance_report",
    "make_cost_scorer",
    "subgroup_report",
]
