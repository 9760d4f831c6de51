"""Under-samplers: random under-sampling and the cleaning family."""

from ._clustering import ClusterBasedUnderSampler, ClusterCentroids, KMeansUnderSampler
from ._edited import AllKNN, EditedNearestNeighbours, RepeatedEditedNearestNeighbours
from ._random import RandomUnderSampler
from ._tomek import TomekLinks

__all__ = [
    "AllKNN",
    "ClusterBasedUnderSampler",
    "ClusterCentroids",
    "EditedNearestNeighbours",
    "KMeansUnderSampler",
    "RandomUnderSampler",
    "RepeatedEditedNearestNeighbours",
    "TomekLinks",
]
