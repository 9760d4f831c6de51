"""Metrics for imbalanced problems.

Scorers for ``scoring=`` come from factories, a new object per call (so a
``set_score_request`` on one never changes another): ``make_cost_scorer``,
``make_g_mean_scorer``, ``make_balanced_accuracy_scorer``,
``make_macro_f1_scorer`` and, for ordinal classes,
``make_ranked_probability_scorer`` and ``make_macro_mae_scorer``. The older
names ``g_mean_scorer``, ``balanced_accuracy_scorer`` and ``macro_f1_scorer``
still work: each access builds a new scorer.
"""

from ._imbalance import (
    _SCORER_ALIASES,
    auprc_with_baseline,
    expected_cost,
    imbalance_report,
    macro_averaged_mae,
    make_balanced_accuracy_scorer,
    make_cost_scorer,
    make_g_mean_scorer,
    make_macro_f1_scorer,
    make_macro_mae_scorer,
    make_ranked_probability_scorer,
    ranked_probability_score,
    subgroup_report,
)

__all__ = [
    "auprc_with_baseline",
    "balanced_accuracy_scorer",
    "expected_cost",
    "g_mean_scorer",
    "imbalance_report",
    "macro_averaged_mae",
    "macro_f1_scorer",
    "make_balanced_accuracy_scorer",
    "make_cost_scorer",
    "make_g_mean_scorer",
    "make_macro_f1_scorer",
    "make_macro_mae_scorer",
    "make_ranked_probability_scorer",
    "ranked_probability_score",
    "subgroup_report",
]


def __getattr__(name):
    # a fresh scorer on every access: no module-level object to mutate
    if name in _SCORER_ALIASES:
        return _SCORER_ALIASES[name]()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_SCORER_ALIASES))
