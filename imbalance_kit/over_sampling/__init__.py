"""Over-samplers: random over-sampling and the SMOTE family."""

from ._adasyn import ADASYN
from ._assembled import AssembledSMOTE
from ._borderline import BorderlineSMOTE
from ._ccr import CCR
from ._geometric import GeometricSMOTE
from ._kmeans_smote import KMeansSMOTE
from ._lee import LeeSMOTE
from ._lvq_smote import LVQSMOTE
from ._polynom_fit import PolynomFitSMOTE
from ._prowsyn import ProWSyn
from ._random import RandomOverSampler
from ._safe_level import SafeLevelSMOTE
from ._smobd import SMOBD
from ._smote import SMOTE
from ._smote_nc import SMOTENC
from ._smoten import SMOTEN
from ._svm_smote import SVMSMOTE

__all__ = [
    "ADASYN",
    "AssembledSMOTE",
    "BorderlineSMOTE",
    "CCR",
    "GeometricSMOTE",
    "KMeansSMOTE",
    "LVQSMOTE",
    "LeeSMOTE",
    "PolynomFitSMOTE",
    "ProWSyn",
    "RandomOverSampler",
    "SMOBD",
    "SMOTE",
    "SMOTEN",
    "SMOTENC",
    "SVMSMOTE",
    "SafeLevelSMOTE",
]
