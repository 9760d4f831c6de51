"""Samplers for dask arrays and data frames (scale-out).

The same methods as the in-memory samplers, with the same selected rows,
multiplicities and synthetic rows for the same parameters and random_state;
the rows stay in their partitions. Requires ``dask[array,dataframe]``.
"""

from ._samplers import (
    SMOTE,
    EditedNearestNeighbours,
    RandomOverSampler,
    RandomUnderSampler,
    TomekLinks,
)

__all__ = [
    "EditedNearestNeighbours",
    "RandomOverSampler",
    "RandomUnderSampler",
    "SMOTE",
    "TomekLinks",
]
