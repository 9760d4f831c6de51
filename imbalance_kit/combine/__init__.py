"""Over-sampling followed by cleaning."""

from ._combine import SMOTEENN, SMOTEIPF, SMOTETomek

__all__ = ["SMOTEENN", "SMOTEIPF", "SMOTETomek"]
