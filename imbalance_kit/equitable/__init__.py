"""Adaptive equitable sampling (Cai et al., FAccT 2022).

Objectives (lower is better), by name: ``"overall"`` (population-weighted
error), ``"average"`` (equal weight per group), ``"worst"`` (largest group
error), ``"gap"`` (average + 1.0 x the gap between groups); or any callable
``objective(errors, shares)``, e.g. ``gap_penalised(mu)``.
"""

from ._allocator import AdaptiveAllocator, baseline_counts
from ._curves import LearningCurve, power_law
from ._objectives import (
    average_error,
    gap_penalised,
    overall_error,
    worst_group_error,
)
from ._sampler import EquitableSampler

__all__ = [
    "AdaptiveAllocator",
    "EquitableSampler",
    "LearningCurve",
    "average_error",
    "baseline_counts",
    "gap_penalised",
    "overall_error",
    "power_law",
    "worst_group_error",
]
