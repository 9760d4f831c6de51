"""Under-samplers: random under-sampling and the cleaning family."""

from ._clustering import ClusterBasedUnderSampler, ClusterCentroids, KMeansUnderSampler
from ._condensed import CondensedNearestNeighbour
from ._edited import AllKNN, EditedNearestNeighbours, RepeatedEditedNearestNeighbours
from ._hardness import InstanceHardnessThreshold
from ._nearmiss import NearMiss
from ._neighbourhood import NeighbourhoodCleaningRule, OneSidedSelection
from ._partitioning_filter import IterativePartitioningFilter
from ._random import RandomUnderSampler
from ._tomek import TomekLinks

__all__ = [
    "AllKNN",
    "ClusterBasedUnderSampler",
    "ClusterCentroids",
    "CondensedNearestNeighbour",
    "EditedNearestNeighbours",
    "InstanceHardnessThreshold",
    "IterativePartitioningFilter",
    "KMeansUnderSampler",
    "NearMiss",
    "NeighbourhoodCleaningRule",
    "OneSidedSelection",
    "RandomUnderSampler",
    "RepeatedEditedNearestNeighbours",
    "TomekLinks",
]
