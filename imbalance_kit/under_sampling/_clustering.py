"""Cluster-based under-sampling: ClusterCentroids, K-means balancing, SBC."""

import numbers

import numpy as np
from imblearn.under_sampling.base import BaseUnderSampler
from scipy import sparse
from sklearn.base import clone
from sklearn.cluster import KMeans
from sklearn.utils import _safe_indexing, check_random_state
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions

from ..neighbors import NearestNeighbors
from ..utils._allocation import largest_remainder
from ..utils._interface import SamplerInterfaceMixin
from ..utils._validation import ResampleGuardMixin
from ._base import RowSelectionMixin


def _fit_centres(estimator, X_class, n_clusters):
    estimator.set_params(n_clusters=n_clusters)
    estimator.fit(X_class)
    if not hasattr(estimator, "cluster_centers_"):
        raise TypeError(
            "estimator must be a clustering estimator with an `n_clusters` "
            "parameter and a fitted `cluster_centers_`; got "
            f"{type(estimator).__name__}."
        )
    return estimator.cluster_centers_


def _check_clusterer(estimator, random_state):
    if estimator is None:
        return KMeans(random_state=random_state)
    estimator = clone(estimator)
    if "n_clusters" not in estimator.get_params():
        raise ValueError(
            "estimator must be a clustering estimator with an `n_clusters` "
            f"parameter; {type(estimator).__name__} has none."
        )
    return estimator


#: distances within this relative gap count as a tie (broken by the lower
#: index), so that rounding (sparse or dense, scaled or not) cannot decide
TIE_RTOL = 1e-9


def distinct_nearest_rows(X_class, centres):
    """For each centre in turn, the nearest row of ``X_class`` not yet taken.

    Rows whose distances to the centre differ by less than ``TIE_RTOL``
    (relative) are tied, and the tie goes to the lower index: a centre of a
    two-point cluster is equidistant from both points, and which one rounding
    makes nearer must not depend on the input's format or scale. Returns as
    many distinct rows as there are centres (at most the class size).
    """
    n_rows = X_class.shape[0]
    k = min(n_rows, 8)
    nn = NearestNeighbors(n_neighbors=k).fit(X_class)
    dist, ranked = nn.kneighbors(centres)
    taken = np.zeros(n_rows, dtype=bool)
    chosen = np.empty(len(centres), dtype=np.int64)
    for c in range(len(centres)):
        d, candidates = dist[c], ranked[c]
        free = ~taken[candidates]
        nearest = d[free].min() if free.any() else np.inf
        # every free candidate ties (or none is free): look at all the rows
        if not free.any() or d[-1] <= nearest * (1 + TIE_RTOL):
            d, candidates = nn.kneighbors(centres[c : c + 1], n_neighbors=n_rows)
            d, candidates = d[0], candidates[0]
            free = ~taken[candidates]
            nearest = d[free].min()
        tied = candidates[free & (d <= nearest * (1 + TIE_RTOL))]
        chosen[c] = tied.min()
        taken[chosen[c]] = True
    return chosen


class ClusterCentroids(SamplerInterfaceMixin, ResampleGuardMixin, BaseUnderSampler):
    """Replace each under-sampled class by the centres of a k-means clustering.

    Same parameters and, for the same ``random_state``, the same output as
    :class:`imblearn.under_sampling.ClusterCentroids`. With ``voting="hard"``
    the real sample nearest each centre is kept (found with the numba engine).

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
    random_state : int, RandomState instance or None, default=None
    estimator : clustering estimator, default=None
        Needs ``n_clusters`` and ``cluster_centers_``; defaults to
        ``KMeans(random_state=random_state)``.
    voting : {"auto", "hard", "soft"}, default="auto"
        ``"soft"`` returns the centres, ``"hard"`` the nearest samples;
        ``"auto"`` is hard for sparse input, soft otherwise.

    Attributes
    ----------
    sampling_strategy_ : dict
    estimator_ : estimator
    voting_ : str
    n_features_in_ : int
    feature_names_in_ : ndarray of str

    See Also
    --------
    KMeansUnderSampler

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbalance_kit.under_sampling import ClusterCentroids
    >>> X, y = make_classification(n_samples=200, weights=[0.9], random_state=0)
    >>> X_res, y_res = ClusterCentroids(random_state=0).fit_resample(X, y)
    >>> sorted(Counter(y_res).items())
    [(np.int64(0), 20), (np.int64(1), 20)]
    """

    _parameter_constraints: dict = {
        **BaseUnderSampler._parameter_constraints,
        "estimator": [HasMethods(["fit", "predict"]), None],
        "voting": [StrOptions({"auto", "hard", "soft"})],
        "random_state": ["random_state"],
    }

    def _extreme_scale_mode(self):
        # a user's clustering may not be scale-equivariant: leave the scale to it
        return "rescale" if self.estimator is None else "pass"

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        random_state=None,
        estimator=None,
        voting="auto",
    ):
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state
        self.estimator = estimator
        self.voting = voting

    def _fit_resample(self, X, y):
        self.estimator_ = _check_clusterer(self.estimator, self.random_state)
        if self.voting == "auto":
            self.voting_ = "hard" if sparse.issparse(X) else "soft"
        else:
            self.voting_ = self.voting
        X_parts, y_parts = [], []
        for target_class in np.unique(y):
            class_indices = np.flatnonzero(y == target_class)
            X_class = _safe_indexing(X, class_indices)
            if target_class in self.sampling_strategy_:
                centres = _fit_centres(
                    self.estimator_, X_class, self.sampling_strategy_[target_class]
                )
                if self.voting_ == "hard":
                    # as imbalanced-learn: each centre's nearest sample, repeats allowed
                    dense = X_class.toarray() if sparse.issparse(X_class) else X_class
                    nearest = (
                        NearestNeighbors(n_neighbors=1)
                        .fit(dense)
                        .kneighbors(centres, return_distance=False)[:, 0]
                    )
                    X_class = _safe_indexing(X_class, nearest)
                elif sparse.issparse(X):
                    X_class = sparse.csr_matrix(centres, dtype=X.dtype)
                else:
                    X_class = centres
            X_parts.append(X_class)
            y_parts.append(np.full(X_class.shape[0], target_class, dtype=y.dtype))
        stack = sparse.vstack if sparse.issparse(X) else np.vstack
        return stack(X_parts), np.hstack(y_parts)


class KMeansUnderSampler(RowSelectionMixin, BaseUnderSampler):
    """K-means balancing (Lin et al. 2017): as many clusters as samples wanted.

    Each class being under-sampled is clustered into as many clusters as it
    should keep samples. ``strategy="centroids"`` returns the cluster centres
    (the paper's strategy 1); ``"nearest"`` returns, for each centre, the
    nearest real sample not already taken (strategy 2), so the count is exact
    and ``sample_indices_`` is set.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
    strategy : {"centroids", "nearest"}, default="nearest"
    estimator : clustering estimator, default=None
        ``KMeans`` or ``MiniBatchKMeans`` (any estimator with ``n_clusters``
        and ``cluster_centers_``); defaults to
        ``KMeans(random_state=random_state)``.
    random_state : int, RandomState instance or None, default=None

    Attributes
    ----------
    sampling_strategy_ : dict
    estimator_ : estimator
    sample_indices_ : ndarray of int
        Only with ``strategy="nearest"``.
    n_features_in_ : int
    feature_names_in_ : ndarray of str

    See Also
    --------
    ClusterCentroids, ClusterBasedUnderSampler

    References
    ----------
    .. [1] W.-C. Lin, C.-F. Tsai, Y.-H. Hu, J.-S. Jhang, "Clustering-based
       undersampling in class-imbalanced data", Information Sciences 409-410,
       2017.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.datasets import make_classification
    >>> from imbalance_kit.under_sampling import KMeansUnderSampler
    >>> X, y = make_classification(n_samples=200, weights=[0.9], random_state=0)
    >>> sampler = KMeansUnderSampler(random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> np.bincount(y_res), len(set(sampler.sample_indices_)) == len(y_res)
    (array([20, 20]), True)
    """

    _parameter_constraints: dict = {
        **BaseUnderSampler._parameter_constraints,
        "strategy": [StrOptions({"centroids", "nearest"})],
        "estimator": [HasMethods(["fit", "predict"]), None],
        "random_state": ["random_state"],
    }

    def _extreme_scale_mode(self):
        # a user's clustering may not be scale-equivariant: leave the scale to it
        return "rescale" if self.estimator is None else "pass"

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        strategy="nearest",
        estimator=None,
        random_state=None,
    ):
        super().__init__(sampling_strategy=sampling_strategy)
        self.strategy = strategy
        self.estimator = estimator
        self.random_state = random_state

    def fit_resample(self, X, y, **params):
        """Resample the dataset.

        Parameters
        ----------
        X : {array-like, dataframe} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)

        Returns
        -------
        X_resampled, y_resampled
            With ``strategy="nearest"`` a DataFrame keeps the selected rows'
            index.
        """
        if self.strategy == "nearest":
            return super().fit_resample(X, y, **params)
        return super(RowSelectionMixin, self).fit_resample(X, y, **params)

    def _fit_resample(self, X, y):
        self.estimator_ = _check_clusterer(self.estimator, self.random_state)
        X_parts, y_parts, selected = [], [], []
        for target_class in np.unique(y):
            class_indices = np.flatnonzero(y == target_class)
            X_class = X[class_indices]
            if target_class in self.sampling_strategy_:
                centres = _fit_centres(
                    self.estimator_, X_class, self.sampling_strategy_[target_class]
                )
                if self.strategy == "nearest":
                    class_indices = class_indices[
                        distinct_nearest_rows(X_class, centres)
                    ]
                    X_class = X[class_indices]
                elif sparse.issparse(X):  # sparse in, sparse out
                    X_class = sparse.csr_matrix(centres, dtype=X.dtype)
                else:
                    X_class = centres.astype(X.dtype, copy=False)
            selected.append(class_indices)
            X_parts.append(X_class)
            y_parts.append(np.full(X_class.shape[0], target_class, dtype=y.dtype))
        if self.strategy == "nearest":
            return self._select(X, y, np.concatenate(selected))
        if sparse.issparse(X):
            return sparse.vstack(X_parts, format=X.format), np.hstack(y_parts)
        return np.vstack(X_parts), np.hstack(y_parts)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.sampler_tags.sample_indices = self.strategy == "nearest"
        return tags


class ClusterBasedUnderSampler(RowSelectionMixin, BaseUnderSampler):
    """SBC (Yen and Lee 2009): under-sample each cluster by its imbalance.

    All the data is clustered into ``n_clusters`` clusters. A class being
    under-sampled to ``n`` samples keeps, from cluster ``i``,
    ``n * r_i / sum_j r_j`` samples drawn at random, where
    ``r_i = count_i / max(minority_i, 1)`` is the cluster's ratio of that class
    to the minority class. Shares are rounded by largest remainder and capped
    at what each cluster holds (the excess goes to the other clusters), so the
    class count is exactly the requested one.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
    n_clusters : int, default=3
    estimator : clustering estimator, default=None
        Defaults to ``KMeans(n_clusters, random_state=random_state)``.
    random_state : int, RandomState instance or None, default=None

    Attributes
    ----------
    sampling_strategy_ : dict
    estimator_ : estimator
    labels_ : ndarray of int
        Cluster of every input sample.
    sample_indices_ : ndarray of int
    n_features_in_ : int
    feature_names_in_ : ndarray of str

    See Also
    --------
    KMeansUnderSampler

    References
    ----------
    .. [1] S.-J. Yen, Y.-S. Lee, "Cluster-based under-sampling approaches for
       imbalanced data distributions", Expert Systems with Applications 36(3),
       2009.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.datasets import make_classification
    >>> from imbalance_kit.under_sampling import ClusterBasedUnderSampler
    >>> X, y = make_classification(n_samples=300, weights=[0.9], random_state=0)
    >>> X_res, y_res = ClusterBasedUnderSampler(random_state=0).fit_resample(X, y)
    >>> np.bincount(y_res)
    array([31, 31])
    """

    _parameter_constraints: dict = {
        **BaseUnderSampler._parameter_constraints,
        "n_clusters": [Interval(numbers.Integral, 1, None, closed="left")],
        "estimator": [HasMethods(["fit_predict"]), None],
        "random_state": ["random_state"],
    }

    def _extreme_scale_mode(self):
        # a user's clustering may not be scale-equivariant: leave the scale to it
        return "rescale" if self.estimator is None else "pass"

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        n_clusters=3,
        estimator=None,
        random_state=None,
    ):
        super().__init__(sampling_strategy=sampling_strategy)
        self.n_clusters = n_clusters
        self.estimator = estimator
        self.random_state = random_state

    def _fit_resample(self, X, y):
        rng = check_random_state(self.random_state)
        self.estimator_ = (
            KMeans(n_clusters=self.n_clusters, random_state=self.random_state)
            if self.estimator is None
            else clone(self.estimator)
        )
        self.labels_ = np.asarray(self.estimator_.fit_predict(X))
        clusters = np.unique(self.labels_)
        classes, counts = np.unique(y, return_counts=True)
        minority = classes[np.argmin(counts)]
        selected = []
        for target_class in classes:
            class_indices = np.flatnonzero(y == target_class)
            if target_class in self.sampling_strategy_:
                members = [
                    class_indices[self.labels_[class_indices] == c] for c in clusters
                ]
                n_minority = np.array(
                    [np.sum((y == minority) & (self.labels_ == c)) for c in clusters]
                )
                ratio = np.array([m.size for m in members]) / np.maximum(n_minority, 1)
                counts_per_cluster = largest_remainder(
                    self.sampling_strategy_[target_class],
                    ratio,
                    capacity=[m.size for m in members],
                )
                class_indices = np.sort(
                    np.concatenate(
                        [
                            rng.choice(m, size=c, replace=False)
                            for m, c in zip(members, counts_per_cluster, strict=True)
                        ]
                    )
                )
            selected.append(class_indices)
        return self._select(X, y, np.concatenate(selected))
