"""Tomek links (Tomek 1976)."""

import numpy as np

from ..neighbors import NearestNeighbors
from ._base import BaseCleaner


def tomek_links(y, nearest, cleaned_classes):
    """Samples of ``cleaned_classes`` in a Tomek link.

    Two samples form a link when each is the other's nearest neighbour and
    their classes differ.

    Examples
    --------
    >>> import numpy as np
    >>> tomek_links(np.array([0, 1, 0]), np.array([1, 0, 1]), [0]).tolist()
    [True, False, False]
    """
    mutual = nearest[nearest] == np.arange(len(y))
    return mutual & (y[nearest] != y) & np.isin(y, list(cleaned_classes))


class TomekLinks(BaseCleaner):
    """Remove the samples of Tomek links.

    A Tomek link is a pair of mutual nearest neighbours of different classes;
    the member of each link that belongs to a class being cleaned is removed.

    Same parameters and the same selected rows as
    :class:`imblearn.under_sampling.TomekLinks` (nearest-neighbour ties
    broken by the lower index), with the all-points nearest-neighbour search
    on the numba engine.

    Parameters
    ----------
    sampling_strategy : str, list or callable, default="auto"
        Classes to clean.
    n_jobs : int, default=None
        Threads for the neighbour search.

    Attributes
    ----------
    sampling_strategy_ : dict
    sample_indices_ : ndarray of int
        Indices of the kept rows, in input order.
    n_features_in_ : int
    feature_names_in_ : ndarray of str

    See Also
    --------
    EditedNearestNeighbours

    References
    ----------
    .. [1] I. Tomek, "Two modifications of CNN", IEEE Trans. Systems, Man and
       Cybernetics 6(11), 1976.

    Examples
    --------
    >>> import numpy as np
    >>> from imbalance_kit.under_sampling import TomekLinks
    >>> X = np.array([[0.0], [0.1], [1.0], [1.2], [5.0], [5.3]])
    >>> y = np.array([0, 1, 0, 0, 1, 0])
    >>> TomekLinks().fit_resample(X, y)[1]
    array([1, 0, 0, 1])
    """

    _parameter_constraints: dict = {**BaseCleaner._parameter_constraints}

    def __init__(self, *, sampling_strategy="auto", n_jobs=None):
        super().__init__(sampling_strategy=sampling_strategy)
        self.n_jobs = n_jobs

    def _fit_resample(self, X, y):
        nearest = (
            NearestNeighbors(n_neighbors=1, n_jobs=self.n_jobs)
            .fit(X)
            .kneighbors(return_distance=False)[:, 0]
        )
        links = tomek_links(y, nearest, self.sampling_strategy_)
        return self._select(X, y, np.flatnonzero(~links))
