"""CCR: combined cleaning and resampling (Koziarski & Woźniak 2017)."""

import numbers

import numpy as np
from sklearn.utils._param_validation import Interval

from .._numba._ccr import ccr_spheres
from ..utils._allocation import largest_remainder
from ._variants_base import BaseVariantOverSampler


def uniform_in_l1_ball(n_samples, n_features, radius, rng):
    """Uniform points in the L1 ball of ``radius`` (Dirichlet + random signs)."""
    spacing = rng.exponential(size=(n_samples, n_features + 1))
    spacing /= spacing.sum(axis=1, keepdims=True)
    signs = rng.choice([-1.0, 1.0], size=(n_samples, n_features))
    return radius * spacing[:, :n_features] * signs


class CCR(BaseVariantOverSampler):
    """Combined cleaning and resampling.

    Around each sample ``x`` of the class being over-sampled, a sphere (in the
    L1 distance, as the authors use) grows until it has spent ``energy``:
    expanding by ``delta`` costs ``delta * (n + 1)`` with ``n`` the samples of
    the other classes already inside. Those samples are then pushed out to the
    sphere's surface along the ray from ``x`` (translations from all spheres
    add up; ``translate=False`` skips this cleaning). Synthetic samples are
    drawn uniformly inside the spheres, each sphere getting a share
    proportional to ``1 / radius`` (small spheres mark difficult regions).

    Unlike the other over-samplers, the returned original rows of the other
    classes are moved (unless ``translate=False``); their order and count are
    unchanged. Points that coincide with ``x`` are not moved (no direction).

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
    random_state : int, RandomState instance or None, default=None
    energy : float, default=1.0
    translate : bool, default=True
    n_jobs : int, default=None
        Unused; kept for a uniform interface.

    Attributes
    ----------
    sampling_strategy_ : dict
    radii_ : dict
        Per over-sampled class, the sphere radius of each of its samples.
    n_features_in_ : int
    feature_names_in_ : ndarray of str

    References
    ----------
    .. [1] M. Koziarski, M. Woźniak, "CCR: a combined cleaning and resampling
       algorithm for imbalanced data classification", International Journal of
       Applied Mathematics and Computer Science 27(4), 2017.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbalance_kit.over_sampling import CCR
    >>> X, y = make_classification(n_samples=200, weights=[0.9], random_state=0)
    >>> X_res, y_res = CCR(random_state=0).fit_resample(X, y)
    >>> sorted(Counter(y_res.tolist()).items())
    [(0, 180), (1, 180)]
    """

    _parameter_constraints: dict = {
        **BaseVariantOverSampler._parameter_constraints,
        "energy": [Interval(numbers.Real, 0, None, closed="neither")],
        "translate": ["boolean"],
    }

    # the energy budget is in data units
    _extreme_scale = "refuse"

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        random_state=None,
        energy=1.0,
        translate=True,
        n_jobs=None,
    ):
        super().__init__(
            sampling_strategy=sampling_strategy,
            random_state=random_state,
            n_jobs=n_jobs,
        )
        self.energy = energy
        self.translate = translate

    def _before_classes(self, X, y):
        self.radii_ = {}
        self._moved = X.copy() if self.translate else None
        return self._moved

    def _release(self):
        del self._moved

    def _class_samples(self, X, y, class_label, n_samples, rng):
        members = np.flatnonzero(y == class_label)
        others = np.flatnonzero(y != class_label)
        shift = np.zeros((len(others), X.shape[1]))
        radii = ccr_spheres(
            np.ascontiguousarray(X[members]),
            np.ascontiguousarray(X[others]),
            float(self.energy),
            shift,
        )
        if self._moved is not None:
            self._moved[others] += shift
        self.radii_[class_label] = radii
        counts = largest_remainder(n_samples, 1.0 / radii)
        blocks = [
            X[i] + uniform_in_l1_ball(c, X.shape[1], radius, rng)
            for i, c, radius in zip(members, counts, radii, strict=True)
            if c
        ]
        return np.vstack(blocks)
