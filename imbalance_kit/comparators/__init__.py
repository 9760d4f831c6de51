"""Generative vs discriminative comparators (Zheng et al., ICML 2023)."""

from ._naive_bayes import SharedVarianceGaussianNB

__all__ = ["SharedVarianceGaussianNB"]
