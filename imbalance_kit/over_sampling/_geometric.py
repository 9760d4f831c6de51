"""Geometric SMOTE (Douzas & Bacao 2019)."""

import numbers

import numpy as np
from sklearn.utils._param_validation import Interval, StrOptions

from ._base import BaseSMOTEOverSampler, make_neighbors, neighbors_within
from ._variants_base import BaseVariantOverSampler


def geometric_points(centers, surfaces, truncation, deformation, rng):
    """One point per (center, surface) pair in the deformed, truncated sphere.

    A uniform point of the unit ball is reflected into the half selected by
    ``truncation`` along the center-to-surface direction, its orthogonal part
    shrunk by ``deformation``, and the result scaled by the radius
    ``|surface - center|`` and moved to the center.
    """
    n, p = centers.shape
    direction = surfaces - centers
    radius = np.linalg.norm(direction, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        unit = np.where(radius[:, None] > 0, direction / radius[:, None], 0.0)
    gauss = rng.normal(size=(n, p))
    norms = np.linalg.norm(gauss, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    point = gauss / norms * rng.uniform(size=(n, 1)) ** (1.0 / p)
    along = (point * unit).sum(axis=1)
    flip = np.abs(truncation - along) > 1.0
    point[flip] -= 2.0 * along[flip, None] * unit[flip]
    along = (point * unit).sum(axis=1)
    parallel = along[:, None] * unit
    point = parallel + (1.0 - deformation) * (point - parallel)
    return centers + radius[:, None] * point


class GeometricSMOTE(BaseVariantOverSampler, BaseSMOTEOverSampler):
    """Geometric SMOTE: samples in a truncated, deformed hypersphere.

    For each new sample a center is drawn from the class; a surface point is
    chosen by ``selection_strategy``: one of the center's ``k_neighbors``
    nearest neighbours in the class (``"minority"``), its nearest neighbour of
    another class (``"majority"``), or the closer of the two
    (``"combined"``). The sample is uniform in the ball through the surface
    point, truncated towards it (``truncation_factor`` 1: the half-ball
    facing the surface point, 0: the whole ball, -1: the opposite half) and
    flattened onto the center-surface line (``deformation_factor`` 1: a
    segment, as SMOTE). Douzas & Bacao (2019).

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
    random_state : int, RandomState instance or None, default=None
    truncation_factor : float in [-1, 1], default=1.0
    deformation_factor : float in [0, 1], default=0.0
    selection_strategy : {"combined", "minority", "majority"}, default="combined"
    k_neighbors : int or estimator, default=5
    n_jobs : int, default=None

    Attributes
    ----------
    sampling_strategy_ : dict
    nn_k_ : estimator
    n_features_in_ : int
    feature_names_in_ : ndarray of str

    References
    ----------
    .. [1] G. Douzas, F. Bacao, "Geometric SMOTE a geometrically enhanced
       drop-in replacement for SMOTE", Information Sciences 501, 2019.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbalance_kit.over_sampling import GeometricSMOTE
    >>> X, y = make_classification(n_samples=200, weights=[0.9], random_state=0)
    >>> X_res, y_res = GeometricSMOTE(random_state=0).fit_resample(X, y)
    >>> sorted(Counter(y_res.tolist()).items())
    [(0, 180), (1, 180)]
    """

    _parameter_constraints: dict = {
        **BaseSMOTEOverSampler._parameter_constraints,
        "truncation_factor": [Interval(numbers.Real, -1, 1, closed="both")],
        "deformation_factor": [Interval(numbers.Real, 0, 1, closed="both")],
        "selection_strategy": [StrOptions({"combined", "minority", "majority"})],
    }

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        random_state=None,
        truncation_factor=1.0,
        deformation_factor=0.0,
        selection_strategy="combined",
        k_neighbors=5,
        n_jobs=None,
    ):
        super().__init__(
            sampling_strategy=sampling_strategy,
            random_state=random_state,
            k_neighbors=k_neighbors,
            n_jobs=n_jobs,
        )
        self.truncation_factor = truncation_factor
        self.deformation_factor = deformation_factor
        self.selection_strategy = selection_strategy

    def _before_classes(self, X, y):
        self.nn_k_ = make_neighbors(self.k_neighbors, self.n_jobs)

    def _class_samples(self, X, y, class_label, n_samples, rng):
        members = X[y == class_label]
        others = X[y != class_label]
        centers = rng.randint(len(members), size=n_samples)
        surfaces = np.empty((n_samples, X.shape[1]))
        if self.selection_strategy != "majority":
            nns = neighbors_within(
                self.nn_k_,
                members,
                np.arange(len(members)),
                param="k_neighbors",
                what=f"samples of class {class_label!r}",
            )
            pick = nns[centers, rng.randint(nns.shape[1], size=n_samples)]
            surfaces[:] = members[pick]
        if self.selection_strategy != "minority":
            nearest = make_neighbors(1, self.n_jobs).fit(others)
            dist, idx = nearest.kneighbors(members, n_neighbors=1)
            closest_other = others[idx[centers, 0]]
            if self.selection_strategy == "majority":
                surfaces[:] = closest_other
            else:
                own = np.linalg.norm(surfaces - members[centers], axis=1)
                use_other = dist[centers, 0] < own
                surfaces[use_other] = closest_other[use_other]
        return geometric_points(
            members[centers],
            surfaces,
            self.truncation_factor,
            self.deformation_factor,
            rng,
        )
