"""Small imbalanced data sets for demos, examples and tests."""

from ._bundled import load_imbalanced_breast_cancer

__all__ = ["load_imbalanced_breast_cancer"]
