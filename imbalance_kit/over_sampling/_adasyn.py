"""ADASYN (He et al. 2008)."""

import numpy as np
from sklearn.utils import check_random_state

from ._base import (
    NEIGHBORS_CONSTRAINT,
    BaseNeighborOverSampler,
    count_other_class,
    interpolate_samples,
    make_neighbors,
    neighbors_within,
)


class ADASYN(BaseNeighborOverSampler):
    """Adaptive Synthetic sampling.

    Each sample of the class being over-sampled generates in proportion to the
    share of other classes among its ``n_neighbors`` nearest neighbours (in
    the whole data), so hard regions get more synthetic samples; interpolation
    is towards neighbours of the same class. Per-sample counts are rounded,
    so the total can differ slightly from the requested one (as in the paper
    and in imbalanced-learn).

    Same parameters and, for the same ``random_state``, the same samples as
    :class:`imblearn.over_sampling.ADASYN` (neighbour ties aside).

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
    random_state : int, RandomState instance or None, default=None
    n_neighbors : int or estimator, default=5
    n_jobs : int, default=None
        Threads for the neighbour search.

    Attributes
    ----------
    sampling_strategy_ : dict
    nn_ : estimator
    n_features_in_ : int
    feature_names_in_ : ndarray of str

    See Also
    --------
    SMOTE, BorderlineSMOTE

    References
    ----------
    .. [1] H. He, Y. Bai, E. A. Garcia, S. Li, "ADASYN: adaptive synthetic
       sampling approach for imbalanced learning", IJCNN 2008.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbalance_kit.over_sampling import ADASYN
    >>> X, y = make_classification(n_samples=300, weights=[0.9], random_state=0)
    >>> X_res, y_res = ADASYN(random_state=0).fit_resample(X, y)
    >>> sorted(Counter(y_res).items())
    [(np.int64(0), 269), (np.int64(1), 266)]
    """

    _parameter_constraints: dict = {
        **BaseNeighborOverSampler._parameter_constraints,
        "n_neighbors": NEIGHBORS_CONSTRAINT,
    }

    def __init__(
        self, *, sampling_strategy="auto", random_state=None, n_neighbors=5, n_jobs=None
    ):
        super().__init__(
            sampling_strategy=sampling_strategy,
            random_state=random_state,
            n_jobs=n_jobs,
        )
        self.n_neighbors = n_neighbors

    def _fit_resample(self, X, y):
        self.nn_ = make_neighbors(self.n_neighbors, self.n_jobs)
        random_state = check_random_state(self.random_state)
        return self._resample_per_class(
            X, y, lambda c, n, idx: self._class_samples(X, y, c, n, idx, random_state)
        )

    def _class_samples(
        self, X, y, class_sample, n_samples, class_indices, random_state
    ):
        k = self.nn_.n_neighbors - 1
        nns = neighbors_within(
            self.nn_, X, class_indices, param="n_neighbors", what="samples"
        )
        ratio = count_other_class(y, nns, class_sample) / k
        if not np.sum(ratio):
            raise ValueError(
                f"No neighbour of any sample of class {class_sample!r} belongs "
                "to another class, so ADASYN's weights are undefined (0/0). "
                "Use SMOTE for this data."
            )
        ratio /= np.sum(ratio)
        per_row = np.rint(ratio * n_samples).astype(int)
        n_generated = int(per_row.sum())
        if not n_generated:
            raise ValueError(
                f"ADASYN would generate no sample of class {class_sample!r} "
                f"for the {n_samples} requested; raise sampling_strategy."
            )
        X_class = X[class_indices]
        nns = neighbors_within(
            self.nn_,
            X_class,
            np.arange(class_indices.size),
            param="n_neighbors",
            what=f"samples of class {class_sample!r}",
        )
        rows = np.repeat(np.arange(class_indices.size), per_row)
        cols = random_state.choice(k, size=n_generated)
        steps = random_state.uniform(size=(n_generated, 1))
        self._record_seeds(rows)
        return interpolate_samples(X_class, rows, X_class, nns[rows, cols], steps)
