"""SMOTE (Chawla et al. 2002)."""

import numpy as np

from ._base import BaseSMOTEOverSampler, make_neighbors, neighbors_within


class SMOTE(BaseSMOTEOverSampler):
    """Synthetic Minority Over-sampling TEchnique.

    Each synthetic sample is ``x + u * (nn - x)`` with ``x`` a sample of the
    class being over-sampled, ``nn`` one of its ``k_neighbors`` nearest
    neighbours in that class and ``u ~ U(0, 1)``.

    Same parameters and, for the same ``random_state``, the same samples as
    :class:`imblearn.over_sampling.SMOTE` (neighbour ties aside: ours are broken
    by the lower index, and a point is excluded from its own neighbours by
    index even when it has duplicates). Neighbours come from the numba engine.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        As in imbalanced-learn: which classes to over-sample and to what size.
    random_state : int, RandomState instance or None, default=None
        An int gives reproducible results (and imbalanced-learn's samples).
    k_neighbors : int or estimator, default=5
        Number of nearest neighbours, or an estimator with ``kneighbors``
        whose ``n_neighbors`` counts the point itself (imbalanced-learn's
        convention).
    n_jobs : int, default=None
        Threads for the neighbour search (see
        :class:`imbalance_kit.neighbors.NearestNeighbors`).

    Attributes
    ----------
    sampling_strategy_ : dict
        Number of samples generated per class.
    nn_k_ : estimator
        The neighbour estimator used.
    n_features_in_ : int
    feature_names_in_ : ndarray of str

    See Also
    --------
    BorderlineSMOTE, SVMSMOTE, ADASYN, KMeansSMOTE : Variants.

    References
    ----------
    .. [1] N. V. Chawla, K. W. Bowyer, L. O. Hall, W. P. Kegelmeyer, "SMOTE:
       synthetic minority over-sampling technique", JAIR 16, 2002.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbalance_kit.over_sampling import SMOTE
    >>> X, y = make_classification(n_samples=200, weights=[0.9], random_state=0)
    >>> X_res, y_res = SMOTE(random_state=0).fit_resample(X, y)
    >>> sorted(Counter(y_res).items())
    [(np.int64(0), 180), (np.int64(1), 180)]
    """

    def __init__(
        self, *, sampling_strategy="auto", random_state=None, k_neighbors=5, n_jobs=None
    ):
        super().__init__(
            sampling_strategy=sampling_strategy,
            random_state=random_state,
            k_neighbors=k_neighbors,
            n_jobs=n_jobs,
        )

    def _fit_resample(self, X, y):
        self.nn_k_ = make_neighbors(self.k_neighbors, self.n_jobs)
        return self._resample_per_class(
            X, y, lambda c, n, idx: self._class_samples(X, c, n, idx)
        )

    def _class_samples(self, X, class_sample, n_samples, class_indices):
        X_class = X[class_indices]
        all_rows = np.arange(X_class.shape[0])
        nns = neighbors_within(
            self.nn_k_,
            X_class,
            all_rows,
            param="k_neighbors",
            what=f"samples of class {class_sample!r}",
        )
        return self._smote_samples(X_class, all_rows, X_class, nns, n_samples)
