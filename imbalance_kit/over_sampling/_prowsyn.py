"""ProWSyn: proximity weighted synthetic over-sampling (Barua et al. 2013)."""

import numbers

import numpy as np
from sklearn.utils._param_validation import Interval

from ..utils._allocation import largest_remainder
from ..utils._validation import NEIGHBORS_CONSTRAINT
from ._base import interpolate_samples, make_neighbors
from ._variants_base import BaseVariantOverSampler


def proximity_levels(X, in_class, nn, n_levels):
    """Level (1 = closest to the other classes) of each sample of the class.

    At each level, every sample of the other classes takes its nearest
    not-yet-levelled samples of the class (``nn.n_neighbors - 1`` of them,
    fewer if fewer remain); those form the level. Samples left after
    ``n_levels`` levels get level ``n_levels + 1``.
    """
    members = np.flatnonzero(in_class)
    others = X[~in_class]
    level = np.zeros(len(members), dtype=np.int64)
    remaining = np.arange(len(members))
    k = nn.n_neighbors - 1
    for step in range(1, n_levels + 1):
        if len(remaining) == 0 or len(others) == 0:
            break
        nn.fit(X[members[remaining]])
        found = nn.kneighbors(
            others, n_neighbors=min(k, len(remaining)), return_distance=False
        )
        hit = np.unique(found)
        level[remaining[hit]] = step
        remaining = np.delete(remaining, hit)
    level[remaining] = n_levels + 1
    return level


class ProWSyn(BaseVariantOverSampler):
    """Proximity weighted synthetic over-sampling.

    The class is split into proximity levels by distance to the other classes
    (see ``n_levels``); level ``l`` receives a share of the synthetic samples
    proportional to ``exp(-theta * (l - 1))`` times its size's presence, i.e.
    levels near the border get more. Within a level, each synthetic sample
    lies on the segment between two distinct random members of that level
    (Barua, Islam & Murase, 2013). Levels with a single member get no share
    (unless every level is a singleton, then members are copied).

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
    random_state : int, RandomState instance or None, default=None
    n_neighbors : int or estimator, default=5
        How many samples of the class each other-class sample claims per level
        (``K`` in the paper).
    n_levels : int, default=5
        Number of proximity levels before the rest (``L``).
    theta : float, default=1.0
        Decay of the level weights.
    n_jobs : int, default=None

    Attributes
    ----------
    sampling_strategy_ : dict
    proximity_levels_ : dict
        Per over-sampled class, the level of each of its samples (in row order).
    n_features_in_ : int
    feature_names_in_ : ndarray of str

    References
    ----------
    .. [1] S. Barua, M. M. Islam, K. Murase, "ProWSyn: proximity weighted
       synthetic oversampling technique for imbalanced data set learning",
       PAKDD 2013.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbalance_kit.over_sampling import ProWSyn
    >>> X, y = make_classification(n_samples=200, weights=[0.9], random_state=0)
    >>> X_res, y_res = ProWSyn(random_state=0).fit_resample(X, y)
    >>> sorted(Counter(y_res.tolist()).items())
    [(0, 180), (1, 180)]
    """

    _parameter_constraints: dict = {
        **BaseVariantOverSampler._parameter_constraints,
        "n_neighbors": NEIGHBORS_CONSTRAINT,
        "n_levels": [Interval(numbers.Integral, 1, None, closed="left")],
        "theta": [Interval(numbers.Real, 0, None, closed="left")],
    }

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        random_state=None,
        n_neighbors=5,
        n_levels=5,
        theta=1.0,
        n_jobs=None,
    ):
        super().__init__(
            sampling_strategy=sampling_strategy,
            random_state=random_state,
            n_jobs=n_jobs,
        )
        self.n_neighbors = n_neighbors
        self.n_levels = n_levels
        self.theta = theta

    def _before_classes(self, X, y):
        self.proximity_levels_ = {}

    def _class_samples(self, X, y, class_label, n_samples, rng):
        in_class = y == class_label
        nn = make_neighbors(self.n_neighbors, self.n_jobs)
        level = proximity_levels(X, in_class, nn, self.n_levels)
        self.proximity_levels_[class_label] = level
        points = X[in_class]
        groups = [np.flatnonzero(level == lv) for lv in np.unique(level)]
        weights = np.array(
            [np.exp(-self.theta * (level[g[0]] - 1)) for g in groups], dtype=float
        )
        sizes = np.array([len(g) for g in groups])
        if (sizes >= 2).any():
            weights[sizes < 2] = 0.0
        counts = largest_remainder(n_samples, weights)
        blocks = []
        for group, count in zip(groups, counts, strict=True):
            if count == 0:
                continue
            a = group[rng.randint(len(group), size=count)]
            if len(group) > 1:
                # a distinct partner: shift by 1..len-1 positions in the group
                where = np.searchsorted(group, a)
                shift = rng.randint(1, len(group), size=count)
                b = group[(where + shift) % len(group)]
            else:
                b = a
            steps = rng.uniform(size=count)
            blocks.append(interpolate_samples(points, a, points, b, steps))
        return np.vstack(blocks)
