"""Exact k-nearest-neighbour search: the engine behind every sampler."""

from ._nearest import NearestNeighbors

__all__ = ["NearestNeighbors"]
