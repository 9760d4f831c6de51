"""SMOTE-NC for mixed continuous and categorical features (Chawla et al. 2002)."""

import numpy as np
from scipy import sparse
from sklearn.base import clone
from sklearn.preprocessing import OneHotEncoder
from sklearn.utils import check_array, check_random_state
from sklearn.utils._indexing import _get_column_indices, _safe_indexing
from sklearn.utils._param_validation import HasMethods, StrOptions
from sklearn.utils.sparsefuncs import mean_variance_axis

from ..utils._validation import (
    check_exact_rescaling,
    check_X_y_as_given,
    extreme_scale_exponent,
    scale_by_power_of_two,
)
from ._base import (
    BaseSMOTEOverSampler,
    draw_samples,
    interpolate_samples,
    make_neighbors,
    neighbors_within,
)


def _is_pandas_df(X):
    return hasattr(X, "dtypes") and hasattr(X, "iloc")


class SMOTENC(BaseSMOTEOverSampler):
    """SMOTE for data with both continuous and categorical features.

    Neighbours are found on the continuous features plus a one-hot encoding of
    the categorical ones, where each mismatched category adds the median of
    the class's continuous standard deviations to the squared distance.
    Continuous features are interpolated as in SMOTE; each categorical feature
    of a new sample takes the most frequent category among the base sample's
    ``k_neighbors`` (ties broken at random).

    Same parameters and, for the same ``random_state``, the same samples as
    :class:`imblearn.over_sampling.SMOTENC` (neighbour ties aside). One
    difference: the majority vote compares category counts exactly, so a new
    sample never takes a category absent from the neighbours (imbalanced-learn
    compares scaled counts with ``np.isclose`` and can, when continuous
    features have tiny spread).

    Parameters
    ----------
    categorical_features : "auto" or array-like of int, bool or str
        The categorical columns: indices, a boolean mask, column names, or
        ``"auto"`` for the pandas ``category`` columns.
    categorical_encoder : estimator, default=None
        A one-hot encoder keeping every category; defaults to
        ``OneHotEncoder(handle_unknown="ignore")``.
    sampling_strategy : float, str, dict or callable, default="auto"
    random_state : int, RandomState instance or None, default=None
    k_neighbors : int or estimator, default=5
    n_jobs : int, default=None
        Threads for the neighbour search.

    Attributes
    ----------
    sampling_strategy_ : dict
    categorical_features_ : ndarray of int
    continuous_features_ : ndarray of int
    categorical_encoder_ : estimator
    median_std_ : dict
        Median standard deviation of the continuous features, per class.
    nn_k_ : estimator
    n_features_in_ : int
    feature_names_in_ : ndarray of str

    See Also
    --------
    SMOTE, SMOTEN

    References
    ----------
    .. [1] N. V. Chawla, K. W. Bowyer, L. O. Hall, W. P. Kegelmeyer, "SMOTE:
       synthetic minority over-sampling technique", JAIR 16, 2002 (SMOTE-NC).

    Examples
    --------
    >>> import numpy as np
    >>> from imbalance_kit.over_sampling import SMOTENC
    >>> rng = np.random.RandomState(0)
    >>> X = np.column_stack([rng.normal(size=60), rng.choice(["a", "b"], 60)])
    >>> X = X.astype(object)
    >>> X[:, 0] = X[:, 0].astype(float)
    >>> y = np.array([0] * 50 + [1] * 10)
    >>> X_res, y_res = SMOTENC([1], random_state=0).fit_resample(X, y)
    >>> np.bincount(y_res), set(X_res[:, 1]) <= {"a", "b"}
    (array([50, 50]), True)
    """

    _required_parameters = ["categorical_features"]
    _parameter_constraints: dict = {
        **BaseSMOTEOverSampler._parameter_constraints,
        "categorical_features": ["array-like", StrOptions({"auto"})],
        "categorical_encoder": [
            HasMethods(["fit_transform", "inverse_transform"]),
            None,
        ],
    }

    def __init__(
        self,
        categorical_features,
        *,
        categorical_encoder=None,
        sampling_strategy="auto",
        random_state=None,
        k_neighbors=5,
        n_jobs=None,
    ):
        super().__init__(
            sampling_strategy=sampling_strategy,
            random_state=random_state,
            k_neighbors=k_neighbors,
            n_jobs=n_jobs,
        )
        self.categorical_features = categorical_features
        self.categorical_encoder = categorical_encoder

    def _check_X_y(self, X, y):
        return check_X_y_as_given(self, X, y)

    def _split_columns(self, X):
        n_features = X.shape[1]
        if isinstance(self.categorical_features, str):  # "auto"
            if not _is_pandas_df(X):
                raise ValueError(
                    "categorical_features='auto' needs a pandas DataFrame (it uses "
                    f"the 'category' dtype columns); got {type(X).__name__}."
                )
            is_cat = np.array([str(dtype) == "category" for dtype in X.dtypes])
            categorical = np.flatnonzero(is_cat)
        else:
            categorical = np.asarray(_get_column_indices(X, self.categorical_features))
        continuous = np.setdiff1d(np.arange(n_features), categorical)
        if categorical.size == 0:
            raise ValueError(
                "SMOTENC needs at least one categorical feature; "
                f"categorical_features={self.categorical_features!r} selects none. "
                "Use SMOTE for numerical data."
            )
        if continuous.size == 0:
            raise ValueError(
                "SMOTENC needs at least one continuous feature; every column is "
                "categorical. Use SMOTEN for categorical data."
            )
        return categorical, continuous

    def _fit_resample(self, X, y):
        input_sparse_format = X.format if sparse.issparse(X) else None
        if input_sparse_format:
            X = X.toarray()
        if _is_pandas_df(X):
            # sparse pandas columns: work on dense values (the output is
            # converted back to the input dtypes)
            X = X.astype(
                {c: d.subtype for c, d in X.dtypes.items() if hasattr(d, "subtype")}
            )
        self.categorical_features_, self.continuous_features_ = self._split_columns(X)
        self.nn_k_ = make_neighbors(self.k_neighbors, self.n_jobs)
        X_cont = check_array(
            _safe_indexing(X, self.continuous_features_, axis=1),
            dtype=[np.float64, np.float32],
            input_name="X",
        )
        # mixed columns escape the shared rescaling of extreme values: the
        # continuous ones are rescaled here, by a power of two (exact)
        exponent = extreme_scale_exponent(X_cont)
        if exponent is not None:
            X_unit = scale_by_power_of_two(X_cont, -exponent)
            check_exact_rescaling("SMOTENC", X_cont, X_unit, exponent)
            X_cont = X_unit
        X_cat = _safe_indexing(X, self.categorical_features_, axis=1)
        self.categorical_encoder_ = (
            OneHotEncoder(handle_unknown="ignore", dtype=X_cont.dtype)
            if self.categorical_encoder is None
            else clone(self.categorical_encoder)
        )
        ohe = self.categorical_encoder_.fit_transform(X_cat)
        ohe = ohe.toarray() if sparse.issparse(ohe) else np.asarray(ohe)
        sizes = [len(c) for c in self.categorical_encoder_.categories_]
        if ohe.shape[1] != sum(sizes):
            raise ValueError(
                "SMOTENC needs a one-hot encoding with one column per category; "
                f"categorical_encoder produced {ohe.shape[1]} columns for "
                f"{sum(sizes)} categories (drop= or infrequent categories are not "
                "supported). Use OneHotEncoder(handle_unknown='ignore')."
            )
        ohe = ohe.astype(X_cont.dtype)
        new_cont, new_ohe = [X_cont], [ohe]
        self.median_std_ = {}
        for class_sample, n_samples in self.sampling_strategy_.items():
            if n_samples == 0:
                continue
            members = np.flatnonzero(y == class_sample)
            cont, cat = self._samples_for_class(
                X_cont[members], ohe[members], sizes, class_sample, n_samples
            )
            new_cont.append(cont)
            new_ohe.append(cat)
        X_cat_res = self.categorical_encoder_.inverse_transform(np.vstack(new_ohe))
        X_cont_res = np.vstack(new_cont)
        if exponent is not None:
            X_cont_res = scale_by_power_of_two(X_cont_res, exponent).astype(
                X_cont.dtype, copy=False
            )
        X_res = np.hstack([X_cont_res, X_cat_res])
        X_res = X_res[
            :,
            np.argsort(
                np.hstack([self.continuous_features_, self.categorical_features_])
            ),
        ]
        y_res = np.hstack(
            [y]
            + [
                np.full(n, c, dtype=y.dtype)
                for c, n in self.sampling_strategy_.items()
                if n
            ]
        )
        if input_sparse_format:
            X_res = sparse.csr_matrix(X_res).asformat(input_sparse_format)
        return X_res, y_res

    def _samples_for_class(self, X_cont, ohe, sizes, class_sample, n_samples):
        """New continuous rows and one-hot categorical rows for one class."""
        _, variance = mean_variance_axis(sparse.csr_matrix(X_cont), axis=0)
        median_std = np.median(np.sqrt(variance))
        self.median_std_[class_sample] = median_std
        # a mismatch then adds median_std**2 to the squared distance (two
        # one-hot entries of median_std / sqrt(2) each)
        encoded = np.hstack([X_cont, ohe * (median_std / np.sqrt(2))])
        rows_all = np.arange(X_cont.shape[0])
        nns = neighbors_within(
            self.nn_k_,
            encoded,
            rows_all,
            param="k_neighbors",
            what=f"samples of class {_plain(class_sample)!r}",
        )
        rows, cols, steps = draw_samples(self.random_state, nns, n_samples)
        cont = interpolate_samples(X_cont, rows, X_cont, nns[rows, cols], steps)
        # votes of the base sample's k neighbours, category by category
        counts = ohe[nns[rows]].sum(axis=1)
        rng = check_random_state(self.random_state)
        new_ohe = np.zeros((n_samples, ohe.shape[1]), dtype=ohe.dtype)
        start = 0
        for size in sizes:
            block = counts[:, start : start + size]
            is_max = block == block.max(axis=1, keepdims=True)
            # imbalanced-learn's tie-break: shuffle the (sample, category)
            # maxima and keep each sample's first
            maxima = rng.permutation(np.argwhere(is_max))
            samples, first = np.unique(maxima[:, 0], return_index=True)
            new_ohe[samples, start + maxima[first, 1]] = 1
            start += size
        return cont, new_ohe

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = False
        tags.input_tags.string = True
        return tags


def _plain(value):
    """A numpy scalar as the Python value (reads well in messages)."""
    return value.item() if isinstance(value, np.generic) else value
