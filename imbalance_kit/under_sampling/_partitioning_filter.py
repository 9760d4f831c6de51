"""Iterative-Partitioning Filter (Khoshgoftaar & Rebours 2007)."""

import numbers
import warnings

import numpy as np
from sklearn.base import clone
from sklearn.model_selection import StratifiedKFold
from sklearn.tree import DecisionTreeClassifier
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions

from ..utils._validation import columns_at_tree_scale, splits_on_thresholds
from ._base import BaseCleaner


class IterativePartitioningFilter(BaseCleaner):
    """Remove samples that classifiers trained on disjoint parts misclassify.

    Each round splits the remaining data into ``n_partitions`` disjoint,
    stratified parts, trains ``estimator`` on each part and classifies every
    remaining sample with all of them. A sample is noise if more than half of
    the classifiers (``voting="majority"``) or all of them
    (``voting="consensus"``) get it wrong; noise of the classes selected by
    ``sampling_strategy`` is removed. Rounds stop after ``n_consecutive``
    rounds in a row each remove fewer than ``tolerance`` times the original
    number of samples. A class is never emptied: its last samples are kept.

    Parameters
    ----------
    sampling_strategy : str, list or callable, default="auto"
        Classes that may lose samples (imbalanced-learn's cleaning
        convention; ``"auto"``: all but the minority class).
    random_state : int, RandomState instance or None, default=None
        Seeds the partitions and the default trees.
    estimator : classifier, default=None
        Trained on each part; ``None`` is a decision tree (C4.5 in the paper).
    n_partitions : int, default=9
    voting : {"majority", "consensus"}, default="majority"
    n_consecutive : int, default=3
    tolerance : float, default=0.01
    max_rounds : int, default=100
        Safety bound on the rounds.
    n_jobs : int, default=None
        Unused; kept for a uniform interface.

    Attributes
    ----------
    sampling_strategy_ : dict
    sample_indices_ : ndarray of int
        Kept rows, in input order.
    n_rounds_ : int
    n_features_in_ : int
    feature_names_in_ : ndarray of str

    References
    ----------
    .. [1] T. M. Khoshgoftaar, P. Rebours, "Improving software quality
       prediction by noise filtering techniques", Journal of Computer Science
       and Technology 22(3), 2007.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from imbalance_kit.under_sampling import IterativePartitioningFilter
    >>> X, y = make_classification(n_samples=300, flip_y=0.1, random_state=0)
    >>> ipf = IterativePartitioningFilter(sampling_strategy="all", random_state=0)
    >>> X_res, y_res = ipf.fit_resample(X, y)
    >>> bool(len(y_res) < len(y))
    True
    """

    _parameter_constraints: dict = {
        **BaseCleaner._parameter_constraints,
        "random_state": ["random_state"],
        "estimator": [HasMethods(["fit", "predict"]), None],
        "n_partitions": [Interval(numbers.Integral, 2, None, closed="left")],
        "voting": [StrOptions({"majority", "consensus"})],
        "n_consecutive": [Interval(numbers.Integral, 1, None, closed="left")],
        "tolerance": [Interval(numbers.Real, 0, 1, closed="both")],
        "max_rounds": [Interval(numbers.Integral, 1, None, closed="left")],
    }

    def _extreme_scale_mode(self):
        # a tree model's splits are scale-free; any other classifier may not
        # be: leave the scale to it
        return "rescale" if splits_on_thresholds(self.estimator) else "pass"

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        random_state=None,
        estimator=None,
        n_partitions=9,
        voting="majority",
        n_consecutive=3,
        tolerance=0.01,
        max_rounds=100,
        n_jobs=None,
    ):
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state
        self.estimator = estimator
        self.n_partitions = n_partitions
        self.voting = voting
        self.n_consecutive = n_consecutive
        self.tolerance = tolerance
        self.max_rounds = max_rounds
        self.n_jobs = n_jobs

    def _fit_resample(self, X, y):
        rng = check_random_state(self.random_state)
        # a tree model: columns of extreme scale brought to one it resolves
        # (its splits are the same under a positive column scaling)
        tree = splits_on_thresholds(self.estimator)
        X_fit = columns_at_tree_scale(X) if tree else X
        removable = np.isin(y, list(self.sampling_strategy_))
        kept = np.arange(len(y))
        quiet = rounds = 0
        while quiet < self.n_consecutive and rounds < self.max_rounds:
            rounds += 1
            noisy = self._noise(X_fit[kept], y[kept], rng) & removable[kept]
            noisy = _never_empty_a_class(y[kept], noisy)
            kept = kept[~noisy]
            small = noisy.sum() < self.tolerance * len(y)
            quiet = quiet + 1 if small else 0
        self.n_rounds_ = rounds
        return self._select(X, y, kept)

    def _noise(self, X, y, rng):
        n_parts = min(
            self.n_partitions, np.bincount(np.unique(y, return_inverse=True)[1]).max()
        )
        splitter = StratifiedKFold(
            n_splits=max(n_parts, 2), shuffle=True, random_state=rng.randint(2**31)
        )
        wrong = np.zeros(len(y), dtype=np.int64)
        n_models = 0
        for _, part in _quiet_split(splitter, X, y):
            if self.estimator is None:
                model = DecisionTreeClassifier(random_state=rng.randint(2**31))
            else:
                model = clone(self.estimator)
            model.fit(X[part], y[part])
            wrong += model.predict(X) != y
            n_models += 1
        if self.voting == "majority":
            return wrong > n_models / 2
        return wrong == n_models


def _quiet_split(splitter, X, y):
    with warnings.catch_warnings():
        # small classes cannot be in every part; the parts stay disjoint
        warnings.simplefilter("ignore", UserWarning)
        return list(splitter.split(X, y))


def _never_empty_a_class(y, noisy):
    """Unflag a class's samples when all of them are flagged."""
    noisy = noisy.copy()
    for label in np.unique(y):
        members = y == label
        if noisy[members].all():
            noisy[members] = False
    return noisy
