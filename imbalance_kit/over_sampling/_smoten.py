"""SMOTE-N for categorical features (Chawla et al. 2002)."""

import warnings

import numpy as np
from imblearn.utils import check_target_type
from scipy import sparse
from scipy.stats import mode
from sklearn.base import clone
from sklearn.exceptions import DataConversionWarning
from sklearn.preprocessing import OrdinalEncoder
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import HasMethods
from sklearn.utils.multiclass import unique_labels
from sklearn.utils.validation import validate_data

from .._numba._vdm import vdm_neighbours
from ..neighbors import NearestNeighbors
from ._base import BaseSMOTEOverSampler, make_neighbors


def vdm_tables(codes, y, n_categories):
    """Per feature, the VDM between every pair of categories (k=1, r=2).

    ``P(class | category)`` is estimated on ``codes``/``y``; the distance of two
    categories is the squared L1 distance between those vectors.

    Returns
    -------
    tables : ndarray of float64
        The features' ``n_cat x n_cat`` tables, flattened one after another.
    offsets : ndarray of int64
    """
    classes = unique_labels(y)
    tables = []
    for feature, n_cat in enumerate(n_categories):
        counts = np.stack(
            [np.bincount(codes[y == c, feature], minlength=n_cat) for c in classes],
            axis=1,
        ).astype(np.float64)
        with np.errstate(invalid="ignore"):
            proba = np.nan_to_num(counts / counts.sum(axis=1, keepdims=True))
        l1 = np.abs(proba[:, None, :] - proba[None, :, :]).sum(axis=-1)
        tables.append((l1**2).ravel())
    offsets = np.cumsum([0] + [t.size for t in tables])[:-1].astype(np.int64)
    return np.concatenate(tables), offsets


class SMOTEN(BaseSMOTEOverSampler):
    """SMOTE for categorical features only.

    Neighbours are found with the Value Difference Metric (VDM); each new sample
    takes, feature by feature, the most frequent category among a randomly
    drawn sample and its ``k_neighbors`` (the smallest category on ties).

    Same parameters and, for the same ``random_state``, the same samples as
    :class:`imblearn.over_sampling.SMOTEN` up to neighbour ties, which are
    frequent with categorical data: ours are broken by the lower index and the
    sample itself is always one of its own neighbourhood. The VDM search never
    builds the full distance matrix: small classes are searched with numpy
    in blocks of rows (nothing to compile), larger ones with a numba kernel;
    the neighbours are the same.

    Parameters
    ----------
    categorical_encoder : estimator, default=None
        An ordinal encoder; defaults to ``OrdinalEncoder(dtype=np.int32)``.
    sampling_strategy : float, str, dict or callable, default="auto"
    random_state : int, RandomState instance or None, default=None
    k_neighbors : int or estimator, default=5
        An estimator is fitted on the precomputed VDM distance matrix (its
        ``metric`` is set to ``"precomputed"``) and its neighbours include the
        sample itself, as in imbalanced-learn.
    n_jobs : int, default=None
        Threads for the neighbour search.

    Attributes
    ----------
    sampling_strategy_ : dict
    categorical_encoder_ : estimator
    nn_k_ : estimator
    n_features_in_ : int
    feature_names_in_ : ndarray of str

    See Also
    --------
    SMOTENC

    References
    ----------
    .. [1] N. V. Chawla, K. W. Bowyer, L. O. Hall, W. P. Kegelmeyer, "SMOTE:
       synthetic minority over-sampling technique", JAIR 16, 2002 (SMOTE-N).

    Examples
    --------
    >>> import numpy as np
    >>> from imbalance_kit.over_sampling import SMOTEN
    >>> X = np.array(["A"] * 10 + ["B"] * 20 + ["C"] * 30).reshape(-1, 1)
    >>> y = np.array([0] * 20 + [1] * 40)
    >>> X_res, y_res = SMOTEN(random_state=0).fit_resample(X, y)
    >>> np.bincount(y_res)
    array([40, 40])
    """

    _parameter_constraints: dict = {
        **BaseSMOTEOverSampler._parameter_constraints,
        "categorical_encoder": [
            HasMethods(["fit_transform", "inverse_transform"]),
            None,
        ],
    }

    def __init__(
        self,
        categorical_encoder=None,
        *,
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
        self.categorical_encoder = categorical_encoder

    def _check_X_y(self, X, y):
        y, binarize_y = check_target_type(y, indicate_one_vs_all=True)
        X, y = validate_data(
            self, X=X, y=y, reset=True, dtype=None, accept_sparse=["csr", "csc"]
        )
        return X, y, binarize_y

    def _fit_resample(self, X, y):
        sparse_format = X.format if sparse.issparse(X) else None
        if sparse_format:
            warnings.warn(
                "SMOTEN converts sparse input to a dense array internally.",
                DataConversionWarning,
                stacklevel=3,
            )
            X = X.toarray()
        self.nn_k_ = make_neighbors(self.k_neighbors, self.n_jobs)
        self.categorical_encoder_ = (
            OrdinalEncoder(dtype=np.int32)
            if self.categorical_encoder is None
            else clone(self.categorical_encoder)
        )
        codes = np.asarray(self.categorical_encoder_.fit_transform(X), dtype=np.int64)
        n_categories = np.array(
            [len(c) for c in self.categorical_encoder_.categories_], dtype=np.int64
        )
        tables, offsets = vdm_tables(codes, y, n_categories)
        X_resampled = [X.copy()]
        y_resampled = [y.copy()]
        for class_sample, n_samples in self.sampling_strategy_.items():
            if n_samples == 0:
                continue
            class_codes = np.ascontiguousarray(codes[y == class_sample])
            neighbourhoods = self._neighbourhoods(
                class_codes, tables, offsets, n_categories, class_sample
            )
            rng = check_random_state(self.random_state)
            drawn = rng.choice(
                np.arange(class_codes.shape[0]), size=n_samples, replace=True
            )
            votes = class_codes[neighbourhoods[drawn]]
            new_codes = mode(votes, axis=1, keepdims=False).mode
            X_resampled.append(self.categorical_encoder_.inverse_transform(new_codes))
            y_resampled.append(np.full(n_samples, class_sample, dtype=y.dtype))
        X_res = np.vstack(X_resampled)
        if sparse_format:
            X_res = sparse.csr_matrix(X_res).asformat(sparse_format)
        return X_res, np.hstack(y_resampled)

    def _neighbourhoods(self, class_codes, tables, offsets, n_categories, class_sample):
        """Each row's neighbourhood: itself and its ``k`` VDM-nearest rows."""
        n_rows = class_codes.shape[0]
        k = self.nn_k_.n_neighbors - 1
        if n_rows <= k:
            raise ValueError(
                f"k_neighbors={k} needs at least {k + 1} samples of class "
                f"{_plain(class_sample)!r}; got {n_rows}. Lower k_neighbors."
            )
        if isinstance(self.nn_k_, NearestNeighbors):
            return vdm_neighbours(
                class_codes, tables, offsets, n_categories, k, self.nn_k_.n_jobs
            )
        # any other estimator: imbalanced-learn's way, on the full matrix
        distances = np.zeros((n_rows, n_rows))
        for f in range(class_codes.shape[1]):
            n_cat = n_categories[f]
            table = tables[offsets[f] : offsets[f] + n_cat * n_cat].reshape(
                n_cat, n_cat
            )
            distances += table[class_codes[:, f][:, None], class_codes[:, f][None, :]]
        self.nn_k_.set_params(metric="precomputed")
        self.nn_k_.fit(distances)
        return self.nn_k_.kneighbors(distances, return_distance=False)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        return tags


def _plain(value):
    """A numpy scalar as the Python value (reads well in messages)."""
    return value.item() if isinstance(value, np.generic) else value
