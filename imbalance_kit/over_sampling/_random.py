"""Random over-sampling, optionally with a smoothed bootstrap."""

from collections.abc import Mapping
from numbers import Real

import numpy as np
from imblearn.over_sampling.base import BaseOverSampler
from scipy import sparse
from sklearn.utils import _safe_indexing, check_array, check_random_state
from sklearn.utils._param_validation import Interval
from sklearn.utils.sparsefuncs import mean_variance_axis

from ..utils._interface import SamplerInterfaceMixin
from ..utils._pandas import keep_row_index
from ..utils._validation import ResampleGuardMixin, check_X_y_as_given
from ._base import stack_rows


class RandomOverSampler(SamplerInterfaceMixin, ResampleGuardMixin, BaseOverSampler):
    """Over-sample by drawing samples with replacement, optionally perturbed.

    Without ``shrinkage`` the new rows are copies of existing ones; with it, a
    smoothed bootstrap adds Gaussian noise scaled by ``shrinkage`` times the
    class's per-feature standard deviation and Silverman's rule-of-thumb
    constant.

    Same parameters and, for the same ``random_state``, the same rows as
    :class:`imblearn.over_sampling.RandomOverSampler`. As it only selects
    rows (without ``shrinkage``), a pandas input keeps its index: the output
    index is ``X.index[sample_indices_]``. With ``shrinkage`` the output keeps
    the input's float dtype (imbalanced-learn turns float32 into float64).

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
    random_state : int, RandomState instance or None, default=None
    shrinkage : float or dict, default=None
        Per-class (dict) or common (float) factor of the smoothed bootstrap;
        ``None`` draws plain copies.

    Attributes
    ----------
    sampling_strategy_ : dict
    sample_indices_ : ndarray of int
        Indices of the original samples making up the output, in order.
    shrinkage_ : dict or None
    n_features_in_ : int
    feature_names_in_ : ndarray of str

    See Also
    --------
    SMOTE : Synthetic samples by interpolation.

    References
    ----------
    .. [1] G. Menardi, N. Torelli, "Training and assessing classification
       rules with imbalanced data", Data Mining and Knowledge Discovery 28,
       2014.

    Examples
    --------
    >>> import numpy as np
    >>> from imbalance_kit.over_sampling import RandomOverSampler
    >>> X = np.arange(12).reshape(6, 2)
    >>> y = np.array([0, 0, 0, 0, 1, 1])
    >>> ros = RandomOverSampler(random_state=0)
    >>> X_res, y_res = ros.fit_resample(X, y)
    >>> np.bincount(y_res), ros.sample_indices_[6:]
    (array([4, 4]), array([4, 5]))
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "shrinkage": [Interval(Real, 0, None, closed="left"), dict, None],
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, shrinkage=None):
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state
        self.shrinkage = shrinkage

    def _check_X_y(self, X, y):
        return check_X_y_as_given(self, X, y)

    def _extreme_scale_mode(self):
        # Without shrinkage rows are only copied, so any finite X is exact as
        # given; the smoothed bootstrap computes spreads and needs the rescaling.
        return "pass" if self.shrinkage is None else "rescale"

    def fit_resample(self, X, y, **params):
        """Resample the dataset.

        Parameters
        ----------
        X : {array-like, dataframe, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)

        Returns
        -------
        X_resampled : {ndarray, dataframe, sparse matrix}
            A dataframe keeps its columns, dtypes and (without ``shrinkage``)
            the index of the selected rows.
        y_resampled : {ndarray, series}
        """
        X_res, y_res = super().fit_resample(X, y, **params)
        if self.shrinkage_ is None:
            return keep_row_index(X, X_res, y_res, self.sample_indices_)
        return X_res, y_res

    def _fit_resample(self, X, y):
        random_state = check_random_state(self.random_state)
        if isinstance(self.shrinkage, Real):
            self.shrinkage_ = dict.fromkeys(self.sampling_strategy_, self.shrinkage)
        else:
            self.shrinkage_ = self.shrinkage
        if isinstance(self.shrinkage_, Mapping):
            missing = set(self.sampling_strategy_) - set(self.shrinkage_)
            if missing:
                raise ValueError(
                    "shrinkage must give a factor for every class being "
                    f"over-sampled; missing: {sorted(missing, key=repr)}."
                )
            negative = {k: v for k, v in self.shrinkage_.items() if v < 0}
            if negative:
                raise ValueError(f"shrinkage factors must be >= 0; got {negative}.")
            try:
                X = check_array(X, accept_sparse=["csr", "csc"], dtype="numeric")
            except ValueError as exc:
                raise ValueError(
                    "shrinkage needs numeric, finite X (it adds Gaussian noise "
                    f"to the drawn rows): {exc}"
                ) from exc

        sample_indices = [np.arange(X.shape[0])]
        smoothed = [X]
        for class_sample, n_samples in self.sampling_strategy_.items():
            class_indices = np.flatnonzero(y == class_sample)
            drawn = random_state.choice(class_indices, size=n_samples, replace=True)
            sample_indices.append(drawn)
            if self.shrinkage_ is not None:
                smoothed.append(
                    self._smoothed_bootstrap(
                        X, class_indices, drawn, class_sample, random_state
                    )
                )
        self.sample_indices_ = np.concatenate(sample_indices)
        y_out = y[self.sample_indices_]
        if self.shrinkage_ is None:
            return _safe_indexing(X, self.sample_indices_), y_out
        smoothed[0] = smoothed[0].astype(smoothed[-1].dtype, copy=False)
        return stack_rows(smoothed), y_out

    def _smoothed_bootstrap(self, X, class_indices, drawn, class_sample, random_state):
        n_samples, n_features = X.shape
        # Silverman's rule of thumb for a Gaussian kernel
        bandwidth = (4 / ((n_features + 2) * n_samples)) ** (1 / (n_features + 4))
        if sparse.issparse(X):
            _, variance = mean_variance_axis(X[class_indices, :], axis=0)
            scale = np.sqrt(variance)
        else:
            scale = np.std(X[class_indices, :], axis=0)
        noise = random_state.randn(drawn.size, n_features)
        X_new = noise @ np.diagflat(self.shrinkage_[class_sample] * bandwidth * scale)
        X_new = X_new + X[drawn, :]
        if sparse.issparse(X):
            return sparse.csr_matrix(X_new, dtype=X.dtype)
        # keep float32 float32 (imbalanced-learn returns float64 here)
        return X_new.astype(X.dtype, copy=False)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # copying rows works on anything; the smoothed bootstrap needs numbers
        tags.input_tags.allow_nan = self.shrinkage is None
        tags.input_tags.string = self.shrinkage is None
        tags.sampler_tags.sample_indices = True
        return tags
