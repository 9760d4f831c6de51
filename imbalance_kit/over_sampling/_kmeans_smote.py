"""K-Means SMOTE as published (Douzas, Bacao and Last 2018)."""

import numbers
import warnings

import numpy as np
from scipy.spatial.distance import pdist
from sklearn.base import clone
from sklearn.cluster import MiniBatchKMeans
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions

from ..utils._allocation import largest_remainder
from ..utils._validation import dense_float64
from ._base import (
    BaseSMOTEOverSampler,
    draw_samples,
    interpolate_samples,
    make_neighbors,
    neighbors_within,
    stack_rows,
)


def log_sparsity(X_minority, exponent):
    """log of the paper's sparsity ``mean_distance ** exponent / n_minority``.

    Computed in logs: with ``exponent = n_features`` the power over- or
    underflows easily.
    """
    mean_distance = pdist(dense_float64(X_minority)).mean()
    with np.errstate(divide="ignore"):
        return exponent * np.log(mean_distance) - np.log(X_minority.shape[0])


class KMeansSMOTE(BaseSMOTEOverSampler):
    """K-Means SMOTE: SMOTE inside the clusters where the class is well represented.

    Following Douzas et al. (2018):

    1. Cluster the whole input space with k-means.
    2. Keep the clusters whose imbalance ratio
       ``(n_other + 1) / (n_class + 1)`` is below ``imbalance_ratio_threshold``
       and that hold at least two samples of the class.
    3. Give each kept cluster a share of the samples proportional to its
       sparsity ``mean_distance ** density_exponent / n_class``, where
       ``mean_distance`` is the mean Euclidean distance between the class's
       samples in the cluster.
    4. Run SMOTE inside each kept cluster (with at most ``n_class - 1``
       neighbours).

    If no cluster qualifies for a class, the class is over-sampled with plain
    SMOTE and a ``UserWarning`` says so; this sampler does not fail where
    imbalanced-learn's ``KMeansSMOTE`` raises. Clustering is done once for all
    classes. Per-cluster counts are allocated by largest remainder, so the
    class counts are exactly those requested.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
    random_state : int, RandomState instance or None, default=None
        Seeds the default k-means and the sampling.
    k_neighbors : int or estimator, default=2
        Neighbours inside a cluster (the paper's default).
    kmeans_estimator : int or estimator, default=None
        Number of clusters for ``MiniBatchKMeans`` or a clustering estimator
        with ``fit_predict``; ``None`` means ``MiniBatchKMeans(n_clusters=8)``.
    imbalance_ratio_threshold : float or "auto", default="auto"
        Clusters with a lower imbalance ratio are kept. ``"auto"`` uses the
        data's own ratio for the class, i.e. keeps the clusters where the
        class is more frequent than overall; the paper tunes values around 1.
    cluster_balance_threshold : float, "auto" or None, default=None
        imbalanced-learn's name and rule, instead of the paper's: when given,
        the clusters kept are those where the class makes up at least this
        share of the samples; ``"auto"`` is imbalanced-learn's
        ``n_samples / n_generated / 2``: half the class's share of all the
        samples to be generated (0.5 when one class is over-sampled).
        ``None`` uses ``imbalance_ratio_threshold``.
        Give one or the other. Either way a kept cluster needs two samples
        of the class (imbalanced-learn needs ``k_neighbors + 1``; here the
        neighbours are capped to the cluster).
    density_exponent : float or "auto", default="auto"
        ``"auto"`` is the number of features, as in the paper.
    n_jobs : int, default=None
        Threads for the neighbour search.

    Attributes
    ----------
    sampling_strategy_ : dict
    kmeans_estimator_ : estimator
        The fitted clustering.
    labels_ : ndarray of int of shape (n_samples,)
        Cluster of each input sample.
    cluster_weights_ : dict
        For each over-sampled class, the share of its samples given to each
        cluster (zeros for filtered clusters); absent for a class that fell
        back to plain SMOTE.
    nn_k_ : estimator
    n_features_in_ : int
    feature_names_in_ : ndarray of str

    See Also
    --------
    SMOTE

    References
    ----------
    .. [1] G. Douzas, F. Bacao, F. Last, "Improving imbalanced learning through
       a heuristic oversampling method based on k-means and SMOTE",
       Information Sciences 465, 2018.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_blobs
    >>> from imbalance_kit.over_sampling import KMeansSMOTE
    >>> X, y = make_blobs(n_samples=[150, 20], centers=[[0, 0], [4, 4]],
    ...                   random_state=0)
    >>> X_res, y_res = KMeansSMOTE(random_state=0).fit_resample(X, y)
    >>> sorted(Counter(y_res).items())
    [(np.int64(0), 150), (np.int64(1), 150)]
    """

    _parameter_constraints: dict = {
        **BaseSMOTEOverSampler._parameter_constraints,
        "kmeans_estimator": [
            HasMethods(["fit_predict"]),
            Interval(numbers.Integral, 1, None, closed="left"),
            None,
        ],
        "imbalance_ratio_threshold": [
            StrOptions({"auto"}),
            Interval(numbers.Real, 0, None, closed="neither"),
        ],
        "density_exponent": [
            StrOptions({"auto"}),
            Interval(numbers.Real, 0, None, closed="left"),
        ],
        "cluster_balance_threshold": [
            StrOptions({"auto"}),
            Interval(numbers.Real, 0, 1, closed="both"),
            None,
        ],
    }

    def _extreme_scale_mode(self):
        # a user's clustering may not be scale-equivariant: leave the scale to it
        if self.kmeans_estimator is None or isinstance(
            self.kmeans_estimator, numbers.Integral
        ):
            return "rescale"
        return "pass"

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        random_state=None,
        k_neighbors=2,
        kmeans_estimator=None,
        imbalance_ratio_threshold="auto",
        density_exponent="auto",
        n_jobs=None,
        cluster_balance_threshold=None,
    ):
        super().__init__(
            sampling_strategy=sampling_strategy,
            random_state=random_state,
            k_neighbors=k_neighbors,
            n_jobs=n_jobs,
        )
        self.kmeans_estimator = kmeans_estimator
        self.imbalance_ratio_threshold = imbalance_ratio_threshold
        self.density_exponent = density_exponent
        self.cluster_balance_threshold = cluster_balance_threshold

    def _make_kmeans(self):
        if self.kmeans_estimator is None:
            return MiniBatchKMeans(n_clusters=8, random_state=self.random_state)
        if isinstance(self.kmeans_estimator, numbers.Integral):
            return MiniBatchKMeans(
                n_clusters=self.kmeans_estimator, random_state=self.random_state
            )
        return clone(self.kmeans_estimator)

    def _fit_resample(self, X, y):
        if (
            self.cluster_balance_threshold is not None
            and self.imbalance_ratio_threshold != "auto"
        ):
            raise ValueError(
                "Give imbalance_ratio_threshold (the paper's rule) or "
                "cluster_balance_threshold (imbalanced-learn's), not both; got "
                f"imbalance_ratio_threshold={self.imbalance_ratio_threshold!r} "
                f"and cluster_balance_threshold={self.cluster_balance_threshold!r}."
            )
        self.nn_k_ = make_neighbors(self.k_neighbors, self.n_jobs)
        rng = check_random_state(self.random_state)
        self.kmeans_estimator_ = self._make_kmeans()
        self.labels_ = np.asarray(self.kmeans_estimator_.fit_predict(X))
        clusters = np.unique(self.labels_)
        exponent = (
            X.shape[1] if self.density_exponent == "auto" else self.density_exponent
        )
        self.cluster_weights_ = {}
        return self._resample_per_class(
            X,
            y,
            lambda c, n, idx: self._class_samples(X, y, c, n, rng, clusters, exponent),
        )

    def _class_samples(self, X, y, class_sample, n_samples, rng, clusters, exponent):
        in_class = y == class_sample
        members = [np.flatnonzero(in_class & (self.labels_ == c)) for c in clusters]
        n_other = np.array([np.sum(~in_class & (self.labels_ == c)) for c in clusters])
        n_class = np.array([m.size for m in members])
        if self.cluster_balance_threshold is None:
            threshold = self.imbalance_ratio_threshold
            if threshold == "auto":
                threshold = ((~in_class).sum() + 1) / (in_class.sum() + 1)
            kept = (n_other + 1) / (n_class + 1) < threshold
            rule = f"imbalance ratio below {threshold:.3g}"
            remedy = "Raise imbalance_ratio_threshold"
        else:
            threshold = self.cluster_balance_threshold
            if threshold == "auto":
                # imbalanced-learn's: the class's share of all the samples
                # to generate, halved (0.5 with one class to over-sample)
                threshold = n_samples / sum(self.sampling_strategy_.values()) / 2
            kept = n_class / (n_class + n_other) >= threshold
            rule = f"a class share of at least {threshold:.3g}"
            remedy = "Lower cluster_balance_threshold"
        kept &= n_class >= 2
        if not isinstance(self.k_neighbors, numbers.Integral):
            kept &= n_class >= self.nn_k_.n_neighbors
        if not kept.any():
            warnings.warn(
                f"KMeansSMOTE: no cluster has {rule} with at least two samples "
                f"of class {class_sample!r} ({clusters.size} clusters); class "
                f"{class_sample!r} was over-sampled with plain SMOTE instead. "
                f"{remedy} or change the number of clusters to use the "
                "clustering.",
                UserWarning,
                stacklevel=4,
            )
            return self._smote_in(
                X, np.flatnonzero(in_class), n_samples, rng, class_sample
            )
        logs = np.full(clusters.size, -np.inf)
        logs[kept] = [
            log_sparsity(X[members[c]], exponent) for c in np.flatnonzero(kept)
        ]
        if np.isneginf(logs[kept]).all():  # only duplicates: equal shares
            logs[kept] = 0.0
        weights = np.zeros(clusters.size)
        weights[kept] = np.exp(logs[kept] - logs[kept].max())
        weights /= weights.sum()
        self.cluster_weights_[class_sample] = weights
        counts = largest_remainder(n_samples, weights)
        return stack_rows(
            [
                self._smote_in(X, members[c], counts[c], rng, class_sample)
                for c in np.flatnonzero(counts)
            ]
        )

    def _smote_in(self, X, indices, n_samples, rng, class_sample):
        """``n_samples`` SMOTE samples among ``X[indices]``."""
        X_group = X[indices]
        nn = self.nn_k_
        if isinstance(self.k_neighbors, numbers.Integral):
            nn = clone(nn).set_params(
                n_neighbors=min(self.k_neighbors, indices.size - 1) + 1
            )
        rows = np.arange(indices.size)
        nns = neighbors_within(
            nn,
            X_group,
            rows,
            param="k_neighbors",
            what=f"samples of class {class_sample!r}",
        )
        # one generator for the whole fit, so clusters draw independently
        draw_rows, cols, steps = draw_samples(rng, nns, n_samples)
        return interpolate_samples(
            X_group, draw_rows, X_group, nns[draw_rows, cols], steps
        )
