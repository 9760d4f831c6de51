"""``NearestNeighbors``: exact Euclidean kNN on numba kernels."""

from numbers import Integral

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, _fit_context
from sklearn.neighbors import NearestNeighbors as _SklearnNearestNeighbors
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data

from .._numba._compile import announce_compile, use_kernels
from ..utils._parallel import one_blas_thread, threads_for
from ._brute import BruteIndex
from ._kdtree import KDTreeIndex

# Measured crossover on Gaussian data, n=200k: kd-tree 5.8 s vs brute 10 s at
# d=8, 29 s vs 11 s at d=10.
KD_TREE_MAX_FEATURES = 8
# Below this size building a tree does not pay.
KD_TREE_MIN_SAMPLES = 2048
# Work (query rows x training rows x features) from which the compiled
# kernels beat the numpy path: when compiled in this process, when only in
# numba's disk cache (loading takes ~0.1 s), and when they must be compiled
# first (5-10 s). Measured on 2 cores: all points of 300 x 10 take 0.7 ms
# compiled, 1.1 ms on numpy; of 8000 x 20, 90 ms and 340 ms.
KERNEL_SIZES = (2**20, 2**24, 2**32)
# Above this many neighbours the kernels' per-row candidate buffers cost
# O(k) per insertion; the numpy path selects with a partition instead.
KERNELS_MAX_K = 64


def _scale_exponent(X):
    """Power of two that brings data of extreme magnitude near 1 (0 otherwise).

    Squared distances of data beyond ~2**255 overflow and those of data below
    ~2**-255 underflow, which would tie (or zero) distances that differ. The
    search then runs on ``X * 2**e``: scaling by a power of two is exact, so
    the neighbours are those of the data itself and the distances are scaled
    back exactly. Data in the normal range is searched as it is.
    """
    max_abs = float(np.abs(X).max(initial=0.0))
    if max_abs == 0.0 or 2.0**-255 <= max_abs <= 2.0**255:
        return 0
    return -int(np.frexp(max_abs)[1])


class NearestNeighbors(BaseEstimator):
    """Exact k-nearest-neighbour search (Euclidean), compiled with numba.

    A drop-in for :class:`sklearn.neighbors.NearestNeighbors` wherever a sampler
    takes a ``k_neighbors``/``n_neighbors`` object, and the engine behind every
    imbalance_kit sampler.

    Results are exact in float64 with ties broken by the lower training index.
    When querying the training set itself (``X=None``) each point is excluded
    by its index, so duplicate points are still returned as neighbours of one
    another.

    Parameters
    ----------
    n_neighbors : int, default=5
        Number of neighbours returned by :meth:`kneighbors` by default.
    algorithm : {"auto", "brute", "kd_tree"}, default="auto"
        ``"brute"`` screens pairs of points in blocks in float32 and re-ranks
        the candidates exactly in float64 (rows the rounding-error bound
        cannot prove are recomputed in float64). ``"kd_tree"`` suits low
        dimension. ``"auto"`` picks the kd-tree for at most
        ``KD_TREE_MAX_FEATURES`` features and at least ``KD_TREE_MIN_SAMPLES``
        samples.
    leaf_size : int, default=32
        Points per kd-tree leaf.
    n_jobs : int, default=None
        Threads for the search. ``None`` uses every numba thread, ``-1`` all
        cores. Numba's thread count is restored after each call.

    Attributes
    ----------
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Defined when ``X`` has string column names.
    n_samples_fit_ : int
    effective_algorithm_ : str
        ``"brute"``, ``"kd_tree"`` or, for sparse input, ``"sparse_brute"``
        (scikit-learn's brute force).

    See Also
    --------
    sklearn.neighbors.NearestNeighbors : The scikit-learn estimator this mirrors.

    Notes
    -----
    Sparse input is searched with scikit-learn's brute force (same exactness,
    no speed-up). Returned distances are float64.

    Small searches, and searches for many neighbours (more than
    ``KERNELS_MAX_K``), run on a numpy/BLAS path (one thread) that compiles
    nothing and returns the same neighbours and distances as the kernels;
    the kernels take over above ``KERNEL_SIZES`` (lower when they are
    already compiled). Data beyond ``2**255`` or below ``2**-255`` in
    magnitude is searched scaled by a power of two, which is exact.

    Examples
    --------
    >>> import numpy as np
    >>> from imbalance_kit.neighbors import NearestNeighbors
    >>> X = np.array([[0.0], [1.0], [3.0], [7.0]])
    >>> nn = NearestNeighbors(n_neighbors=2).fit(X)
    >>> dist, ind = nn.kneighbors()
    >>> ind
    array([[1, 2],
           [0, 2],
           [1, 0],
           [2, 1]])
    """

    _parameter_constraints: dict = {
        "n_neighbors": [Interval(Integral, 1, None, closed="left")],
        "algorithm": [StrOptions({"auto", "brute", "kd_tree"})],
        "leaf_size": [Interval(Integral, 1, None, closed="left")],
        "n_jobs": [Integral, None],
    }

    def __init__(self, n_neighbors=5, *, algorithm="auto", leaf_size=32, n_jobs=None):
        self.n_neighbors = n_neighbors
        self.algorithm = algorithm
        self.leaf_size = leaf_size
        self.n_jobs = n_jobs

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Index the training data.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data; NaN and infinity are rejected.
        y : Ignored

        Returns
        -------
        self : NearestNeighbors
        """
        X = validate_data(self, X, accept_sparse="csr", dtype=[np.float64, np.float32])
        self.n_samples_fit_ = X.shape[0]
        if sparse.issparse(X):
            self.effective_algorithm_ = "sparse_brute"
            self._index = _SklearnNearestNeighbors(
                algorithm="brute", n_jobs=self.n_jobs
            ).fit(X)
            return self
        algorithm = self.algorithm
        if algorithm == "auto":
            low_dim = X.shape[1] <= KD_TREE_MAX_FEATURES
            algorithm = (
                "kd_tree" if low_dim and X.shape[0] >= KD_TREE_MIN_SAMPLES else "brute"
            )
        self.effective_algorithm_ = algorithm
        self._exponent = _scale_exponent(X)
        X64 = np.asarray(X, dtype=np.float64)
        if self._exponent:
            X64 = np.ldexp(X64, self._exponent)
        if algorithm == "kd_tree":
            self._index = KDTreeIndex(X64, leaf_size=self.leaf_size)
        else:
            self._index = BruteIndex(X64)
        return self

    def _distances(self, dist2):
        """Euclidean distances in the units of the data (see ``_scale_exponent``)."""
        dist = np.sqrt(dist2)
        if getattr(self, "_exponent", 0):
            dist = np.ldexp(dist, -self._exponent)
        return dist

    def _check_n_neighbors(self, n_neighbors, n_available, query_self):
        if n_neighbors is None:
            n_neighbors = self.n_neighbors
        if not isinstance(n_neighbors, Integral) or isinstance(n_neighbors, bool):
            raise TypeError(
                f"n_neighbors must be an integer; got {n_neighbors!r} "
                f"of type {type(n_neighbors).__name__}."
            )
        if n_neighbors < 1:
            raise ValueError(f"n_neighbors must be >= 1; got {n_neighbors}.")
        if n_neighbors > n_available:
            what = "other training points" if query_self else "training points"
            raise ValueError(
                f"n_neighbors={n_neighbors} is larger than the {n_available} "
                f"{what} available (n_samples_fit={self.n_samples_fit_})."
            )
        return int(n_neighbors)

    def kneighbors(self, X=None, n_neighbors=None, return_distance=True):
        """Find the k nearest neighbours of each query point.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_queries, n_features), default=None
            Query points. ``None`` queries every training point, excluding the
            point itself (by index). An empty query returns empty arrays.
        n_neighbors : int, default=None
            Defaults to the ``n_neighbors`` given at construction.
        return_distance : bool, default=True

        Returns
        -------
        neigh_dist : ndarray of float64 of shape (n_queries, n_neighbors)
            Euclidean distances, ascending; only if ``return_distance``.
        neigh_ind : ndarray of int64 of shape (n_queries, n_neighbors)
            Training indices; ties broken by the lower index.
        """
        check_is_fitted(self, "n_samples_fit_")
        if X is None:
            k = self._check_n_neighbors(n_neighbors, self.n_samples_fit_ - 1, True)
            dist2, ind = self._query_training_rows(None, k)
        else:
            X = validate_data(
                self,
                X,
                reset=False,
                accept_sparse="csr",
                dtype=[np.float64, np.float32],
                ensure_min_samples=0,
            )
            k = self._check_n_neighbors(n_neighbors, self.n_samples_fit_, False)
            dist2, ind = self._query(X, k)
        if return_distance:
            return self._distances(dist2), ind
        return ind

    def kneighbors_of_rows(self, rows, n_neighbors=None, return_distance=True):
        """Neighbours of some training points, each excluding itself by index.

        This is ``kneighbors()`` restricted to ``rows`` without computing the
        rest; samplers use it for the minority or "danger" rows of a fitted set.

        Parameters
        ----------
        rows : array-like of int of shape (n_rows,)
            Indices into the training data.
        n_neighbors : int, default=None
        return_distance : bool, default=True

        Returns
        -------
        neigh_dist, neigh_ind : ndarray of shape (n_rows, n_neighbors)
            As for :meth:`kneighbors`.

        Examples
        --------
        >>> import numpy as np
        >>> from imbalance_kit.neighbors import NearestNeighbors
        >>> X = np.array([[0.0], [1.0], [3.0], [7.0]])
        >>> NearestNeighbors(n_neighbors=1).fit(X).kneighbors_of_rows([3, 0])[1]
        array([[2],
               [1]])
        """
        check_is_fitted(self, "n_samples_fit_")
        rows = np.asarray(rows, dtype=np.int64).reshape(-1)
        if rows.size and (rows.min() < 0 or rows.max() >= self.n_samples_fit_):
            raise ValueError(
                f"rows must index the {self.n_samples_fit_} training points; got "
                f"values from {rows.min()} to {rows.max()}."
            )
        k = self._check_n_neighbors(n_neighbors, self.n_samples_fit_ - 1, True)
        dist2, ind = self._query_training_rows(rows, k)
        if return_distance:
            return self._distances(dist2), ind
        return ind

    def _query_training_rows(self, rows, k):
        """Neighbours of training rows (all when ``rows`` is None), self excluded."""
        if self.effective_algorithm_ == "sparse_brute":
            return self._sparse_query_training_rows(rows, k)
        X64 = self._index.X64
        if rows is None:
            self_idx = np.arange(X64.shape[0], dtype=np.int64)
            return self._search(X64, k, self_idx, query_self=True)
        return self._search(X64[rows], k, rows, query_self=False)

    def _query(self, X, k):
        if self.effective_algorithm_ == "sparse_brute":
            dist, ind = self._index.kneighbors(X, n_neighbors=k)
            return dist**2, ind.astype(np.int64)
        Q64 = np.ascontiguousarray(X, dtype=np.float64)
        if self._exponent:
            # a query far beyond the training data may overflow: infinitely far
            with np.errstate(over="ignore"):
                Q64 = np.ldexp(Q64, self._exponent)
        self_idx = np.full(Q64.shape[0], -1, dtype=np.int64)
        return self._search(Q64, k, self_idx, query_self=False)

    def _search(self, Q64, k, self_idx, query_self):
        """Run the compiled kernels or the numpy path (identical results).

        ``query_self`` means ``Q64`` is the training data itself, each row
        excluding itself (the kernels then compute each pair once).
        """
        index = self._index
        work = Q64.shape[0] * self.n_samples_fit_ * self.n_features_in_
        kernels = index.kernels(query_self)
        if index.can_use_kernels() and use_kernels(
            work, KERNEL_SIZES, kernels, prefer_numpy=k > KERNELS_MAX_K
        ):
            announce_compile(kernels, "the k-nearest-neighbour search")
            with threads_for(self.n_jobs, work):
                if query_self:
                    return index.query_self(k)
                return index.query(Q64, k, self_idx)
        with one_blas_thread():
            return index.exact.query(Q64, k, self_idx)

    def _sparse_query_training_rows(self, rows, k):
        X = self._index._fit_X
        rows = np.arange(X.shape[0]) if rows is None else rows
        if rows.size == 0:
            return np.empty((0, k)), np.empty((0, k), dtype=np.int64)
        # one extra neighbour, then drop each row's own index (not column 0)
        dist, ind = self._index.kneighbors(X[rows], n_neighbors=k + 1)
        keep = ind != rows[:, None]
        # rows that did not find themselves (exact duplicates) drop the last
        no_self = keep.all(axis=1)
        keep[no_self, -1] = False
        dist = dist[keep].reshape(len(rows), k)
        ind = ind[keep].reshape(len(rows), k)
        return dist**2, ind.astype(np.int64)

    def kneighbors_graph(self, X=None, n_neighbors=None, mode="connectivity"):
        """Sparse graph of the k nearest neighbours of each query point.

        Parameters
        ----------
        X : array-like of shape (n_queries, n_features), default=None
            As for :meth:`kneighbors`.
        n_neighbors : int, default=None
        mode : {"connectivity", "distance"}, default="connectivity"

        Returns
        -------
        graph : scipy.sparse.csr_matrix of shape (n_queries, n_samples_fit)
        """
        if mode not in ("connectivity", "distance"):
            raise ValueError(
                f'mode must be "connectivity" or "distance"; got {mode!r}.'
            )
        dist, ind = self.kneighbors(X, n_neighbors, return_distance=True)
        n_queries, k = ind.shape
        data = np.ones(ind.size) if mode == "connectivity" else dist.ravel()
        indptr = np.arange(0, n_queries * k + 1, k)
        return sparse.csr_matrix(
            (data, ind.ravel(), indptr), shape=(n_queries, self.n_samples_fit_)
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags
