"""Generative vs discriminative comparators (Zheng et al., ICML 2023)."""

from ._learning_curves import (
    GenerativeDiscriminativeComparison,
    compare_learning_curves,
)
from ._naive_bayes import SharedVarianceGaussianNB

__all__ = [
    "GenerativeDiscriminativeComparison",
    "SharedVarianceGaussianNB",
    "compare_learning_curves",
]
