"""Over-samplers: random over-sampling and the SMOTE family."""

from ._smote import SMOTE

__all__ = ["SMOTE"]
