"""SMOTE-IPF (Sáez, Luengo, Stefanowski & Herrera 2015)."""

import numbers

from imblearn.base import BaseSampler
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions

from ..under_sampling._partitioning_filter import IterativePartitioningFilter
from ..utils._interface import SamplerInterfaceMixin, weights_through
from ..utils._validation import NEIGHBORS_CONSTRAINT
from ._base import BaseNeighborOverSampler
from ._smote import SMOTE


class SMOTEIPF(SamplerInterfaceMixin, BaseSampler):
    """SMOTE, then the Iterative-Partitioning Filter on all the classes.

    Sáez et al. (2015) clean the SMOTE-balanced data with the IPF noise filter
    (see :class:`~imbalance_kit.under_sampling.IterativePartitioningFilter`):
    original and synthetic samples that classifiers trained on disjoint parts
    of the data misclassify are removed, round after round. The class counts
    are therefore close to, not exactly, balanced.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        Passed to SMOTE.
    random_state : int, RandomState instance or None, default=None
    k_neighbors : int or estimator, default=5
    n_partitions : int, default=9
    voting : {"majority", "consensus"}, default="majority"
    n_consecutive : int, default=3
    tolerance : float, default=0.01
    estimator : classifier, default=None
        The filter's classifier; ``None`` is a decision tree.
    n_jobs : int, default=None

    Attributes
    ----------
    sampling_strategy_ : dict
    smote_ : SMOTE
    ipf_ : IterativePartitioningFilter
    n_features_in_ : int
    feature_names_in_ : ndarray of str

    References
    ----------
    .. [1] J. A. Sáez, J. Luengo, J. Stefanowski, F. Herrera, "SMOTE-IPF:
       addressing the noisy and borderline examples problem in imbalanced
       classification by a re-sampling method with filtering", Information
       Sciences 291, 2015.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbalance_kit.over_sampling import SMOTEIPF
    >>> X, y = make_classification(n_samples=300, weights=[0.9], flip_y=0.05,
    ...                            random_state=0)
    >>> X_res, y_res = SMOTEIPF(random_state=0).fit_resample(X, y)
    >>> counts = Counter(y_res.tolist())
    >>> counts[1] > Counter(y.tolist())[1]
    True
    """

    _sampling_type = "over-sampling"
    _parameter_constraints: dict = {
        **BaseNeighborOverSampler._parameter_constraints,
        "random_state": ["random_state"],
        "k_neighbors": NEIGHBORS_CONSTRAINT,
        "n_partitions": [Interval(numbers.Integral, 2, None, closed="left")],
        "voting": [StrOptions({"majority", "consensus"})],
        "n_consecutive": [Interval(numbers.Integral, 1, None, closed="left")],
        "tolerance": [Interval(numbers.Real, 0, 1, closed="both")],
        "estimator": [HasMethods(["fit", "predict"]), None],
    }

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        random_state=None,
        k_neighbors=5,
        n_partitions=9,
        voting="majority",
        n_consecutive=3,
        tolerance=0.01,
        estimator=None,
        n_jobs=None,
    ):
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state
        self.k_neighbors = k_neighbors
        self.n_partitions = n_partitions
        self.voting = voting
        self.n_consecutive = n_consecutive
        self.tolerance = tolerance
        self.estimator = estimator
        self.n_jobs = n_jobs

    def _fit_resample(self, X, y):
        self.smote_ = SMOTE(
            sampling_strategy=self.sampling_strategy,
            random_state=self.random_state,
            k_neighbors=self.k_neighbors,
            n_jobs=self.n_jobs,
        )
        self.ipf_ = IterativePartitioningFilter(
            sampling_strategy="all",
            random_state=self.random_state,
            estimator=self.estimator,
            n_partitions=self.n_partitions,
            voting=self.voting,
            n_consecutive=self.n_consecutive,
            tolerance=self.tolerance,
        )
        X_res, y_res = self.smote_.fit_resample(X, y)
        self._over_y = y_res  # labels between the steps, for sample_weight_
        return self.ipf_.fit_resample(X_res, y_res)

    def _resampled_weights(self, weights, y, y_res):
        over = weights_through(self.smote_, weights, y, self._over_y)
        return weights_through(self.ipf_, over, self._over_y, y_res)
