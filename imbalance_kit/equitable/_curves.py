"""Per-group learning curves: error(n) = a * n^(-b) + c."""

import numbers
import warnings

import numpy as np
from scipy.optimize import OptimizeWarning, curve_fit
from sklearn.base import BaseEstimator, _fit_context
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_is_fitted


def power_law(n, a, b, c):
    """``a * n ** (-b) + c``: the error after ``n`` training samples.

    ``n`` must be non-negative; at ``n = 0`` the error is infinite when
    ``a > 0`` and ``b > 0`` (no data), and ``a + c`` when ``b = 0``.

    Examples
    --------
    >>> power_law([1, 4, 100], 2.0, 0.5, 0.1).round(3).tolist()
    [2.1, 1.1, 0.3]
    """
    n = np.asarray(n, dtype=float)
    if not (n >= 0).all():  # also NaN
        raise ValueError(
            f"n must hold non-negative training sizes; got {n[~(n >= 0)][0]!r} "
            f"among {n.size} sizes."
        )
    if (n == 0).any() and b > 0:
        with np.errstate(divide="ignore"):
            scaled = np.power(n, -b)  # inf at n = 0
        rest = a * np.where(n == 0, 1.0, scaled) + c
        return np.where(n == 0, np.inf if a > 0 else c, rest)
    return a * np.power(n, -b) + c


# bounds: a >= 0, 0 <= b <= 2 (faster than 1/n^2 is not seen in practice), 0 <= c <= 1
_LOWER = (0.0, 0.0, 0.0)
_UPPER = (np.inf, 2.0, 1.0)
_FALLBACK_B = 0.5


class LearningCurve(BaseEstimator):
    """A power-law learning curve fitted to (training size, error) points.

    Fitted by bounded non-linear least squares (Rolf et al. 2021, Tae and
    Whang 2021 use the same family). With fewer than three distinct sizes the
    exponent is fixed at 0.5 and only ``a`` and ``c`` are fitted, so a group
    with little data still gets a usable, decreasing curve.

    Parameters
    ----------
    n_bootstrap : int, default=0
        Refits on resampled points, for the uncertainty of predictions.
    random_state : int, RandomState instance or None, default=None

    Attributes
    ----------
    params_ : ndarray of shape (3,)
        ``(a, b, c)``.
    bootstrap_params_ : ndarray of shape (n_bootstrap, 3)
    fallback_ : bool
        Whether the exponent was fixed.

    Examples
    --------
    >>> import numpy as np
    >>> n = np.array([10, 20, 50, 100, 200, 500])
    >>> curve = LearningCurve().fit(n, power_law(n, 2.0, 0.7, 0.1))
    >>> np.round(curve.params_, 3)
    array([2. , 0.7, 0.1])
    """

    _parameter_constraints: dict = {
        "n_bootstrap": [Interval(numbers.Integral, 0, None, closed="left")],
        "random_state": ["random_state"],
    }

    def __init__(self, n_bootstrap=0, random_state=None):
        self.n_bootstrap = n_bootstrap
        self.random_state = random_state

    @staticmethod
    def _fit_points(sizes, errors):
        sizes = np.asarray(sizes, dtype=float)
        errors = np.clip(np.asarray(errors, dtype=float), 0.0, 1.0)
        if len(np.unique(sizes)) < 3:
            design = np.column_stack([sizes**-_FALLBACK_B, np.ones_like(sizes)])
            (a, c), *_ = np.linalg.lstsq(design, errors, rcond=None)
            a, c = max(a, 0.0), float(np.clip(c, 0.0, 1.0))
            if len(np.unique(sizes)) < 2:  # one size: no slope to learn
                a, c = float(errors.mean()) * np.sqrt(sizes.mean()), 0.0
            return np.array([a, _FALLBACK_B, c]), True
        guess = (
            max(errors.max() - errors.min(), 1e-3) * np.sqrt(sizes.min()),
            0.5,
            max(errors.min() * 0.9, 0.0),
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", OptimizeWarning)
            try:
                params, _ = curve_fit(
                    power_law,
                    sizes,
                    errors,
                    p0=guess,
                    bounds=(_LOWER, _UPPER),
                    maxfev=20000,
                )
            except RuntimeError:  # no convergence: fall back
                return LearningCurve._fit_points(sizes[:2], errors[:2])
        return params, False

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, sizes, errors):
        """Fit to observed errors at training sizes.

        Parameters
        ----------
        sizes, errors : array-like of shape (n_points,)

        Returns
        -------
        self : LearningCurve
        """
        sizes = np.asarray(sizes, dtype=float)
        errors = np.asarray(errors, dtype=float)
        if sizes.shape != errors.shape or sizes.size == 0:
            raise ValueError(
                f"sizes and errors must be non-empty and of one shape; got "
                f"{sizes.shape} and {errors.shape}."
            )
        if not (sizes > 0).all() or not np.isfinite(sizes).all():
            raise ValueError(
                f"sizes must be positive finite training sizes; got {sizes.tolist()}."
            )
        if not np.isfinite(errors).all():
            raise ValueError(f"errors must be finite numbers; got {errors.tolist()}.")
        self.params_, self.fallback_ = self._fit_points(sizes, errors)
        rng = np.random.default_rng(
            self.random_state
            if not hasattr(self.random_state, "randint")
            else self.random_state.randint(2**31)
        )
        boots = []
        for _ in range(self.n_bootstrap):
            pick = rng.integers(0, len(sizes), len(sizes))
            boots.append(self._fit_points(sizes[pick], errors[pick])[0])
        self.bootstrap_params_ = np.array(boots).reshape(-1, 3)
        return self

    def predict(self, sizes):
        """Predicted error at ``sizes``."""
        check_is_fitted(self, "params_")
        return power_law(sizes, *self.params_)

    def predict_interval(self, sizes, coverage=0.9):
        """Bootstrap interval of the predicted error (needs ``n_bootstrap > 0``)."""
        check_is_fitted(self, "params_")
        if len(self.bootstrap_params_) == 0:
            raise ValueError("predict_interval needs n_bootstrap > 0.")
        curves = np.array([power_law(sizes, *p) for p in self.bootstrap_params_])
        tail = (1 - coverage) / 2 * 100
        return np.percentile(curves, tail, axis=0), np.percentile(
            curves, 100 - tail, axis=0
        )
