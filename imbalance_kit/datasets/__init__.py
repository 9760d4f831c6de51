"""Imbalanced data sets: a small bundled one, and real benchmark tables."""

from ._benchmark_tables import fetch_imbalanced_table, list_imbalanced_tables
from ._bundled import load_imbalanced_breast_cancer

__all__ = [
    "fetch_imbalanced_table",
    "list_imbalanced_tables",
    "load_imbalanced_breast_cancer",
]
