"""polynom-fit-SMOTE (Gazzah & Amara 2008)."""

import numbers

import numpy as np
from sklearn.utils._param_validation import Interval, StrOptions

from ._variants_base import (
    BaseVariantOverSampler,
    allocate_evenly,
    evenly_spaced_on_segments,
    first_principal_order,
)


def mesh_pairs(n_points, n_pairs_wanted, rng):
    """``n_pairs_wanted`` distinct pairs ``i < j`` of ``range(n_points)``, at
    random, without listing all ``n (n - 1) / 2`` of them."""
    total = n_points * (n_points - 1) // 2
    chosen = np.empty(0, dtype=np.int64)
    while len(chosen) < n_pairs_wanted:
        draw = rng.randint(0, total, size=2 * (n_pairs_wanted - len(chosen)) + 8)
        merged = np.concatenate([chosen, draw])
        _, first = np.unique(merged, return_index=True)
        chosen = merged[np.sort(first)][:n_pairs_wanted]
    # row-major position t of (i, j) in the strict upper triangle
    i = (
        n_points
        - 2
        - np.floor(
            np.sqrt(-8.0 * chosen + 4.0 * n_points * (n_points - 1) - 7) / 2 - 0.5
        )
    ).astype(np.int64)
    j = chosen + i + 1 - total + (n_points - i) * (n_points - i - 1) // 2
    return i, j


class PolynomFitSMOTE(BaseVariantOverSampler):
    """Over-sampling along a topology fitted through the minority samples.

    Gazzah & Amara (2008) place synthetic samples on curves through the class:

    - ``"star"``: on the segments from each sample to the class centroid;
    - ``"bus"``: on the segments joining consecutive samples of a chain;
    - ``"mesh"``: on segments joining pairs of samples;
    - ``"polynomial"``: on a polynomial curve of degree ``degree`` fitted, per
      feature, to the samples as a function of their position in the chain.

    Star, bus and mesh spread the requested count evenly over the segments
    (the remainder to segments drawn at random) and space the points evenly on
    each segment; mesh uses as many distinct random pairs as samples when
    there are more pairs than samples. The chain (bus, polynomial) orders the
    samples along their first principal direction, so the result does not
    depend on the row order (the paper leaves the order open). Polynomial
    draws the curve parameter uniformly over the chain.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        As in imbalanced-learn.
    random_state : int, RandomState instance or None, default=None
    topology : {"star", "bus", "mesh", "polynomial"}, default="star"
    degree : int, default=2
        Degree of the ``"polynomial"`` topology (lowered to the number of
        samples minus one when the class is smaller).
    n_jobs : int, default=None
        Unused (no neighbour search); kept for a uniform interface.

    Attributes
    ----------
    sampling_strategy_ : dict
    n_features_in_ : int
    feature_names_in_ : ndarray of str

    References
    ----------
    .. [1] S. Gazzah, N. E. B. Amara, "New oversampling approaches based on
       polynomial fitting for imbalanced data sets", IAPR Workshop on Document
       Analysis Systems, 2008.
    .. [2] G. Kovács, "An empirical comparison and evaluation of minority
       oversampling techniques on a large number of imbalanced datasets",
       Applied Soft Computing 83, 2019 (ranks it first).

    Examples
    --------
    >>> import numpy as np
    >>> from imbalance_kit.over_sampling import PolynomFitSMOTE
    >>> X = np.array([[0.0, 0.0], [2.0, 0.0], [0.0, 2.0], [5.0, 5.0], [6.0, 5.0],
    ...               [5.0, 6.0], [6.0, 6.0], [5.5, 5.5], [5.0, 5.5]])
    >>> y = np.array([1, 1, 1, 0, 0, 0, 0, 0, 0])
    >>> X_res, y_res = PolynomFitSMOTE(topology="star").fit_resample(X, y)
    >>> X_res[9:].round(3)  # one point halfway to the centroid (2/3, 2/3) each
    array([[0.333, 0.333],
           [1.333, 0.333],
           [0.333, 1.333]])
    """

    _parameter_constraints: dict = {
        **BaseVariantOverSampler._parameter_constraints,
        "topology": [StrOptions({"star", "bus", "mesh", "polynomial"})],
        "degree": [Interval(numbers.Integral, 1, None, closed="left")],
    }

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        random_state=None,
        topology="star",
        degree=2,
        n_jobs=None,
    ):
        super().__init__(
            sampling_strategy=sampling_strategy,
            random_state=random_state,
            n_jobs=n_jobs,
        )
        self.topology = topology
        self.degree = degree

    def _class_samples(self, X, y, class_label, n_samples, rng):
        points = X[y == class_label]
        if self.topology == "star":
            centre = np.broadcast_to(points.mean(axis=0), points.shape)
            counts = allocate_evenly(n_samples, len(points), rng)
            return evenly_spaced_on_segments(points, centre, counts)
        if len(points) < 2:
            raise ValueError(
                f"topology={self.topology!r} needs at least 2 samples of class "
                f"{class_label!r}; got {len(points)}. Use topology='star'."
            )
        chain = points[first_principal_order(points)]
        if self.topology == "bus":
            counts = allocate_evenly(n_samples, len(chain) - 1, rng)
            return evenly_spaced_on_segments(chain[:-1], chain[1:], counts)
        if self.topology == "mesh":
            n_pairs = len(points) * (len(points) - 1) // 2
            i, j = mesh_pairs(len(points), min(n_samples, n_pairs), rng)
            counts = allocate_evenly(n_samples, len(i), rng)
            return evenly_spaced_on_segments(points[i], points[j], counts)
        degree = min(self.degree, len(chain) - 1)
        index = np.arange(len(chain), dtype=float)
        coefficients = np.polynomial.polynomial.polyfit(index, chain, degree)
        where = rng.uniform(0.0, len(chain) - 1.0, size=n_samples)
        return np.polynomial.polynomial.polyval(where, coefficients).T
