"""Cost- and prior-aware decisions on top of probabilistic classifiers."""

from ._decisions import (
    CostSensitiveClassifier,
    PriorCorrectedClassifier,
    bayes_decisions,
    check_cost_matrix,
)
from ._metacost import MetaCost, class_weight_from_costs
from ._threshold_cv import CostSensitiveThresholdCV

__all__ = [
    "CostSensitiveClassifier",
    "CostSensitiveThresholdCV",
    "MetaCost",
    "PriorCorrectedClassifier",
    "bayes_decisions",
    "check_cost_matrix",
    "class_weight_from_costs",
]
