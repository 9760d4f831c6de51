"""Cost- and prior-aware decisions on top of probabilistic classifiers."""

from ._decisions import (
    CostSensitiveClassifier,
    PriorCorrectedClassifier,
    bayes_decisions,
    check_cost_matrix,
)

__all__ = [
    "CostSensitiveClassifier",
    "PriorCorrectedClassifier",
    "bayes_decisions",
    "check_cost_matrix",
]
