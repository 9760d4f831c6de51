"""Over-sampling followed by cleaning."""

from ._combine import SMOTEENN, SMOTETomek

__all__ = ["SMOTEENN", "SMOTETomek"]
