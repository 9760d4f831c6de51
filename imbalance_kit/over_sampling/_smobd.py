"""SMOBD: SMOTE based on sample density (Cao & Wang 2011)."""

import numbers
import warnings

import numpy as np
from sklearn.utils._param_validation import Interval

from .._numba._density import reachability_and_counts
from ..neighbors import NearestNeighbors
from ..utils._parallel import serial_if_small
from ._base import (
    BaseSMOTEOverSampler,
    interpolate_samples,
    make_neighbors,
    neighbors_within,
)
from ._variants_base import BaseVariantOverSampler


def density_factors(X_class, min_samples, eps, eta, noise_factor, n_jobs=None):
    """SMOBD's density factor of each sample of a class, zero for noise.

    Parameters
    ----------
    X_class : ndarray of shape (n, n_features)
    min_samples : int
        OPTICS's MinPts, the point itself included: the core distance is the
        distance to the ``min_samples - 1``-th nearest other sample.
    eps : float or None
        Radius of the neighbourhood whose size enters the factor; ``None``
        uses the mean core distance.
    eta : float
        Weight of the core-distance term; ``1 - eta`` weighs the
        neighbourhood size.
    noise_factor : float
        A sample is noise when both its core distance and its reachability
        distance exceed ``noise_factor`` times their class means.
    n_jobs : int, default=None

    Returns
    -------
    factor : ndarray of shape (n,)
    noise : ndarray of bool of shape (n,)
    """
    nn = NearestNeighbors(n_neighbors=min_samples - 1, n_jobs=n_jobs).fit(X_class)
    dist = nn.kneighbors(return_distance=True)[0]
    core = np.ascontiguousarray(dist[:, -1], dtype=np.float64)
    radius = float(core.mean()) if eps is None else float(eps)
    with serial_if_small(X_class.shape[0] ** 2 * X_class.shape[1]):
        reach, counts = reachability_and_counts(
            np.ascontiguousarray(X_class, dtype=np.float64), core, radius
        )
    noise = (core > noise_factor * core.mean()) & (reach > noise_factor * reach.mean())
    core_term = core / core.max() if core.max() > 0 else np.zeros_like(core)
    count_term = counts / counts.max() if counts.max() > 0 else np.zeros_like(core)
    factor = eta * core_term + (1.0 - eta) * count_term
    factor[noise] = 0.0
    return factor, noise


class SMOBD(BaseVariantOverSampler, BaseSMOTEOverSampler):
    """SMOTE with base samples drawn by their density factor, noise left out.

    For each class to over-sample, SMOBD (Cao & Wang, 2011) measures every
    sample with two OPTICS quantities: its core distance (distance to its
    ``min_samples - 1``-th nearest neighbour in the class) and its
    reachability distance (here the smallest ``max(core(o), d(o, x))`` over
    the other samples ``o``, which does not depend on an OPTICS ordering).
    A sample whose core *and* reachability distances both exceed
    ``noise_factor`` times the class means is noise and never generates.
    The others get the density factor::

        eta * core / max(core) + (1 - eta) * n_eps / max(n_eps)

    with ``n_eps`` the number of class samples within ``eps``. Each synthetic
    sample takes a base sample with probability proportional to its factor,
    one of its ``k_neighbors`` nearest neighbours in the class, and a uniform
    step between them, as in SMOTE.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
    random_state : int, RandomState instance or None, default=None
    k_neighbors : int or estimator, default=5
        Neighbours within the class for the interpolation.
    min_samples : int, default=5
        OPTICS's ``MinPts``, counting the sample itself.
    eps : float or None, default=None
        Radius for the neighbourhood size ``n_eps``. ``None`` uses the mean
        core distance of the class, which makes the default free of the
        data's scale.
    eta : float, default=0.5
        Weight of the core-distance term in the density factor (``eta1`` in
        the paper; ``eta2 = 1 - eta``).
    noise_factor : float, default=1.8
        Noise threshold ``t``, in multiples of the class means.
    n_jobs : int, default=None

    Attributes
    ----------
    sampling_strategy_ : dict
    density_factors_ : dict
        Per over-sampled class, the density factor of each of its samples
        (in row order; 0 for noise).
    noise_ : dict
        Per over-sampled class, the boolean noise mask of its samples.
    nn_k_ : estimator
    n_features_in_ : int
    feature_names_in_ : ndarray of str

    Notes
    -----
    The definitions above are those of the SMOBD evaluated in Kovács' (2019)
    comparison of 85 SMOTE variants, where it ranks among the best, with two
    repairs: the reachability distance is made order-free (OPTICS's depends on
    the order in which it visits the points and is infinite for the first one,
    which disables the noise rule), and ``eps`` defaults to a scale-free radius
    instead of an absolute 1.0. With every factor zero (``eta=0`` and empty
    neighbourhoods) bases are drawn uniformly among the non-noise samples,
    with a ``UserWarning``.

    References
    ----------
    .. [1] Q. Cao, S. Wang, "Applying over-sampling technique based on data
       density and cost-sensitive SVM to imbalanced learning", ICIII 2011.
    .. [2] G. Kovács, "An empirical comparison and evaluation of minority
       oversampling techniques on a large number of imbalanced datasets",
       Applied Soft Computing 83, 2019.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbalance_kit.over_sampling import SMOBD
    >>> X, y = make_classification(n_samples=200, weights=[0.9], random_state=0)
    >>> X_res, y_res = SMOBD(random_state=0).fit_resample(X, y)
    >>> sorted(Counter(y_res.tolist()).items())
    [(0, 180), (1, 180)]
    """

    _parameter_constraints: dict = {
        **BaseSMOTEOverSampler._parameter_constraints,
        "min_samples": [Interval(numbers.Integral, 2, None, closed="left")],
        "eps": [Interval(numbers.Real, 0, None, closed="neither"), None],
        "eta": [Interval(numbers.Real, 0, 1, closed="both")],
        "noise_factor": [Interval(numbers.Real, 0, None, closed="left")],
    }

    def _extreme_scale_mode(self):
        # a given eps is a radius in data units
        return "rescale" if self.eps is None else "refuse"

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        random_state=None,
        k_neighbors=5,
        min_samples=5,
        eps=None,
        eta=0.5,
        noise_factor=1.8,
        n_jobs=None,
    ):
        super().__init__(
            sampling_strategy=sampling_strategy,
            random_state=random_state,
            k_neighbors=k_neighbors,
            n_jobs=n_jobs,
        )
        self.min_samples = min_samples
        self.eps = eps
        self.eta = eta
        self.noise_factor = noise_factor

    def _before_classes(self, X, y):
        self.nn_k_ = make_neighbors(self.k_neighbors, self.n_jobs)
        self.density_factors_ = {}
        self.noise_ = {}

    def _class_samples(self, X, y, class_label, n_samples, rng):
        X_class = X[y == class_label]
        if len(X_class) < self.min_samples:
            raise ValueError(
                f"min_samples={self.min_samples} needs at least {self.min_samples} "
                f"samples of class {class_label!r}; got {len(X_class)}. "
                "Lower min_samples."
            )
        nns = neighbors_within(
            self.nn_k_,
            X_class,
            np.arange(len(X_class)),
            param="k_neighbors",
            what=f"samples of class {class_label!r}",
        )
        factor, noise = density_factors(
            X_class,
            self.min_samples,
            self.eps,
            self.eta,
            self.noise_factor,
            self.n_jobs,
        )
        self.density_factors_[class_label] = factor
        self.noise_[class_label] = noise
        if noise.all():
            raise ValueError(
                f"noise_factor={self.noise_factor} marks every sample of class "
                f"{class_label!r} as noise, so none can generate; raise noise_factor."
            )
        weights = factor
        if not factor.any():
            warnings.warn(
                f"SMOBD: every density factor of class {class_label!r} is zero "
                f"(eta={self.eta}, no neighbour within eps); base samples are "
                "drawn uniformly among the non-noise samples.",
                stacklevel=4,
            )
            weights = (~noise).astype(float)
        base = rng.choice(len(X_class), size=n_samples, p=weights / weights.sum())
        col = rng.randint(nns.shape[1], size=n_samples)
        steps = rng.uniform(size=n_samples)
        return interpolate_samples(X_class, base, X_class, nns[base, col], steps)
