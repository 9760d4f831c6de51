"""Over-sampling followed by cleaning (Batista et al. 2003, 2004; Sáez et al.
2015)."""

import numbers

from imblearn.base import BaseSampler
from imblearn.over_sampling.base import BaseOverSampler
from sklearn.base import clone
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions

from ..over_sampling import SMOTE
from ..under_sampling import (
    EditedNearestNeighbours,
    IterativePartitioningFilter,
    TomekLinks,
)
from ..utils._interface import SamplerInterfaceMixin, weights_through
from ..utils._validation import NEIGHBORS_CONSTRAINT, ResampleGuardMixin


class _OverThenClean(SamplerInterfaceMixin, ResampleGuardMixin, BaseSampler):
    """An over-sampler (``smote_``), then a cleaner (``_cleaner()``).

    Subclasses build both steps in ``_fit_resample`` and then call this
    class's ``_fit_resample``.
    """

    _sampling_type = "over-sampling"
    # each step checks the scale of what it receives
    _extreme_scale = "pass"
    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "n_jobs": [numbers.Integral, None],
    }

    def _steps(self, cleaner, default_cleaner):
        smote = (
            clone(self.smote)
            if self.smote is not None
            else SMOTE(
                sampling_strategy=self.sampling_strategy,
                random_state=self.random_state,
                n_jobs=self.n_jobs,
            )
        )
        cleaner = clone(cleaner) if cleaner is not None else default_cleaner
        return smote, cleaner

    def _fit_resample(self, X, y):
        X_res, y_res = self.smote_.fit_resample(X, y)
        self._over_y = y_res  # labels between the steps, for sample_weight_
        return self._cleaner().fit_resample(X_res, y_res)

    def _resampled_weights(self, weights, y, y_res):
        over = weights_through(self.smote_, weights, y, self._over_y)
        return weights_through(self._cleaner(), over, self._over_y, y_res)


class SMOTEENN(_OverThenClean):
    """SMOTE, then Edited Nearest Neighbours cleaning of every class.

    Same parameters and, for the same ``random_state``, the same output as
    :class:`imblearn.combine.SMOTEENN`, with both steps on the numba engine.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        Passed to the default SMOTE.
    random_state : int, RandomState instance or None, default=None
    smote : sampler, default=None
        Defaults to :class:`~imbalance_kit.over_sampling.SMOTE`.
    enn : sampler, default=None
        Defaults to ``EditedNearestNeighbours(sampling_strategy="all")``.
    n_jobs : int, default=None

    Attributes
    ----------
    sampling_strategy_ : dict
    smote_, enn_ : sampler
    n_features_in_ : int
    feature_names_in_ : ndarray of str

    References
    ----------
    .. [1] G. Batista, R. C. Prati, M. C. Monard, "A study of the behavior of
       several methods for balancing machine learning training data", ACM
       SIGKDD Explorations 6(1), 2004.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbalance_kit.combine import SMOTEENN
    >>> X, y = make_classification(n_samples=300, weights=[0.9], random_state=0)
    >>> X_res, y_res = SMOTEENN(random_state=0).fit_resample(X, y)
    >>> len(y_res) < 2 * Counter(y)[0]
    True
    """

    _parameter_constraints: dict = {
        **_OverThenClean._parameter_constraints,
        "smote": [HasMethods(["fit_resample"]), None],
        "enn": [HasMethods(["fit_resample"]), None],
    }

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        random_state=None,
        smote=None,
        enn=None,
        n_jobs=None,
    ):
        super().__init__()
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.smote = smote
        self.enn = enn
        self.n_jobs = n_jobs

    def _cleaner(self):
        return self.enn_

    def _fit_resample(self, X, y):
        self.smote_, self.enn_ = self._steps(
            self.enn,
            EditedNearestNeighbours(sampling_strategy="all", n_jobs=self.n_jobs),
        )
        return super()._fit_resample(X, y)


class SMOTETomek(_OverThenClean):
    """SMOTE, then removal of both members of every Tomek link.

    Same parameters and, for the same ``random_state``, the same output as
    :class:`imblearn.combine.SMOTETomek`, with both steps on the numba engine.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        Passed to the default SMOTE.
    random_state : int, RandomState instance or None, default=None
    smote : sampler, default=None
        Defaults to :class:`~imbalance_kit.over_sampling.SMOTE`.
    tomek : sampler, default=None
        Defaults to ``TomekLinks(sampling_strategy="all")``.
    n_jobs : int, default=None

    Attributes
    ----------
    sampling_strategy_ : dict
    smote_, tomek_ : sampler
    n_features_in_ : int
    feature_names_in_ : ndarray of str

    References
    ----------
    .. [1] G. Batista, A. L. C. Bazzan, M. C. Monard, "Balancing training data
       for automated annotation of keywords: a case study", WOB 2003.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from imbalance_kit.combine import SMOTETomek
    >>> X, y = make_classification(n_samples=300, weights=[0.9], random_state=0)
    >>> X_res, y_res = SMOTETomek(random_state=0).fit_resample(X, y)
    >>> abs(int((y_res == 0).sum()) - int((y_res == 1).sum())) < 10
    True
    """

    _parameter_constraints: dict = {
        **_OverThenClean._parameter_constraints,
        "smote": [HasMethods(["fit_resample"]), None],
        "tomek": [HasMethods(["fit_resample"]), None],
    }

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        random_state=None,
        smote=None,
        tomek=None,
        n_jobs=None,
    ):
        super().__init__()
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.smote = smote
        self.tomek = tomek
        self.n_jobs = n_jobs

    def _cleaner(self):
        return self.tomek_

    def _fit_resample(self, X, y):
        self.smote_, self.tomek_ = self._steps(
            self.tomek, TomekLinks(sampling_strategy="all", n_jobs=self.n_jobs)
        )
        return super()._fit_resample(X, y)


class SMOTEIPF(_OverThenClean):
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
        Seeds SMOTE and the filter.
    k_neighbors : int or estimator, default=5
        SMOTE's neighbours.
    n_partitions : int, default=9
    voting : {"majority", "consensus"}, default="majority"
    n_consecutive : int, default=3
    tolerance : float, default=0.01
        The filter's parameters (see
        :class:`~imbalance_kit.under_sampling.IterativePartitioningFilter`).
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

    See Also
    --------
    SMOTEENN, SMOTETomek

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
    >>> from imbalance_kit.combine import SMOTEIPF
    >>> X, y = make_classification(n_samples=300, weights=[0.9], flip_y=0.05,
    ...                            random_state=0)
    >>> X_res, y_res = SMOTEIPF(random_state=0).fit_resample(X, y)
    >>> counts = Counter(y_res.tolist())
    >>> counts[1] > Counter(y.tolist())[1]
    True
    """

    _parameter_constraints: dict = {
        **_OverThenClean._parameter_constraints,
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
        super().__init__()
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k_neighbors = k_neighbors
        self.n_partitions = n_partitions
        self.voting = voting
        self.n_consecutive = n_consecutive
        self.tolerance = tolerance
        self.estimator = estimator
        self.n_jobs = n_jobs

    def _cleaner(self):
        return self.ipf_

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
        return super()._fit_resample(X, y)
