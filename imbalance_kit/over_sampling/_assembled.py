"""Assembled-SMOTE (Zhou, Yang, Guo & Hu 2013)."""

import numbers

import numpy as np
from scipy.spatial.distance import pdist
from sklearn.utils._param_validation import Interval

from ..utils._allocation import largest_remainder
from ._base import (
    BaseSMOTEOverSampler,
    interpolate_samples,
    make_neighbors,
    neighbors_within,
)
from ._variants_base import BaseVariantOverSampler


def principal_direction(points):
    """Unit first principal direction (zeros for fewer than two distinct points)."""
    centred = points - points.mean(axis=0)
    if len(points) < 2 or not np.any(centred):
        return np.zeros(points.shape[1])
    return np.linalg.svd(centred, full_matrices=False)[2][0]


def assemble_clusters(points, min_size, alignment):
    """Single-linkage merging that only joins small or aligned clusters.

    Pairs are visited by increasing distance (Kruskal's order); two clusters
    merge when either has fewer than ``min_size`` points or the absolute
    cosine between their principal directions exceeds ``alignment``.
    Returns a cluster label per point.
    """
    n = len(points)
    parent = np.arange(n)
    members = {i: [i] for i in range(n)}
    direction = {i: principal_direction(points[[i]]) for i in range(n)}

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    if n > 1:
        order = np.argsort(pdist(points), kind="stable")
        rows, cols = np.triu_indices(n, k=1)
        for e in order:
            a, b = root(rows[e]), root(cols[e])
            if a == b:
                continue
            small = min(len(members[a]), len(members[b])) < min_size
            if not small and abs(direction[a] @ direction[b]) <= alignment:
                continue
            parent[b] = a
            members[a] += members.pop(b)
            direction[a] = principal_direction(points[members[a]])
            del direction[b]
    return np.array([root(i) for i in range(n)])


class AssembledSMOTE(BaseVariantOverSampler, BaseSMOTEOverSampler):
    """SMOTE within clusters of border samples assembled along their directions.

    The border samples of the class (at least one of their ``k_neighbors``
    nearest neighbours in the whole data is of another class) are clustered
    by single linkage that only merges clusters when one is smaller than
    ``min_cluster_size`` or their principal directions are aligned
    (``|cos| > alignment``); the non-border samples form one more cluster.
    Each cluster receives a share of the synthetic samples proportional to
    its size (singletons none, unless all clusters are singletons) and
    generates them by SMOTE among its own members (Zhou et al., 2013).

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
    random_state : int, RandomState instance or None, default=None
    k_neighbors : int or estimator, default=5
        Neighbours in the whole data for the border test; within a cluster,
        SMOTE uses up to this many.
    min_cluster_size : int, default=2
    alignment : float, default=0.3
    n_jobs : int, default=None

    Attributes
    ----------
    sampling_strategy_ : dict
    clusters_ : dict
        Per over-sampled class, a cluster label per sample (-1: non-border).
    n_features_in_ : int
    feature_names_in_ : ndarray of str

    References
    ----------
    .. [1] B. Zhou, C. Yang, H. Guo, J. Hu, "A quasi-linear SVM combined with
       assembled SMOTE for imbalanced data classification", IJCNN 2013.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbalance_kit.over_sampling import AssembledSMOTE
    >>> X, y = make_classification(n_samples=200, weights=[0.9], random_state=0)
    >>> X_res, y_res = AssembledSMOTE(random_state=0).fit_resample(X, y)
    >>> sorted(Counter(y_res.tolist()).items())
    [(0, 180), (1, 180)]
    """

    _parameter_constraints: dict = {
        **BaseSMOTEOverSampler._parameter_constraints,
        "min_cluster_size": [Interval(numbers.Integral, 1, None, closed="left")],
        "alignment": [Interval(numbers.Real, 0, 1, closed="both")],
    }

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        random_state=None,
        k_neighbors=5,
        min_cluster_size=2,
        alignment=0.3,
        n_jobs=None,
    ):
        super().__init__(
            sampling_strategy=sampling_strategy,
            random_state=random_state,
            k_neighbors=k_neighbors,
            n_jobs=n_jobs,
        )
        self.min_cluster_size = min_cluster_size
        self.alignment = alignment

    def _before_classes(self, X, y):
        self.clusters_ = {}

    def _class_samples(self, X, y, class_label, n_samples, rng):
        members = np.flatnonzero(y == class_label)
        nn = make_neighbors(self.k_neighbors, self.n_jobs)
        neighbours = neighbors_within(
            nn, X, members, param="k_neighbors", what="samples"
        )
        border = (y[neighbours] != class_label).any(axis=1)
        labels = np.full(len(members), -1)
        if border.any():
            labels[border] = assemble_clusters(
                X[members[border]], self.min_cluster_size, self.alignment
            )
        self.clusters_[class_label] = labels
        groups = [np.flatnonzero(labels == lab) for lab in np.unique(labels)]
        sizes = np.array([len(g) for g in groups], dtype=float)
        weights = np.where(sizes >= 2, sizes, 0.0) if (sizes >= 2).any() else sizes
        counts = largest_remainder(n_samples, weights)
        k = nn.n_neighbors - 1
        blocks = []
        for group, count in zip(groups, counts, strict=True):
            if count == 0:
                continue
            points = X[members[group]]
            if len(points) == 1:
                blocks.append(np.repeat(points, count, axis=0))
                continue
            within = make_neighbors(min(k, len(points) - 1), self.n_jobs)
            nns = neighbors_within(
                within,
                points,
                np.arange(len(points)),
                param="k_neighbors",
                what="samples of the cluster",
            )
            base = rng.randint(len(points), size=count)
            partner = nns[base, rng.randint(nns.shape[1], size=count)]
            steps = rng.uniform(size=count)
            blocks.append(interpolate_samples(points, base, points, partner, steps))
        return np.vstack(blocks)
