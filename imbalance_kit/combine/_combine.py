"""Over-sampling followed by cleaning (Batista et al. 2003, 2004)."""

import numbers

from imblearn.base import BaseSampler
from imblearn.over_sampling.base import BaseOverSampler
from sklearn.base import clone
from sklearn.utils._param_validation import HasMethods

from ..over_sampling import SMOTE
from ..under_sampling import EditedNearestNeighbours, TomekLinks
from ..utils._interface import SamplerInterfaceMixin, weights_through


class _OverThenClean(SamplerInterfaceMixin, BaseSampler):
    """SMOTE (or the given over-sampler), then the given cleaner."""

    _sampling_type = "over-sampling"
    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "smote": [HasMethods(["fit_resample"]), None],
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
