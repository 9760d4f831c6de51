"""Ordinal regression for rare ordered classes: PRESTO and its comparators."""

from ._base import CrossingWarning
from ._ordinal_logit import OrdinalLogit
from ._presto import PRESTO
from ._presto_cv import PRESTOCV, PathEndWarning

__all__ = ["PRESTO", "PRESTOCV", "OrdinalLogit", "CrossingWarning", "PathEndWarning"]
