"""Neighbourhood Cleaning Rule (Laurikkala 2001), One-Sided Selection (Kubat 1997)."""

import numbers
from collections import Counter

import numpy as np
from sklearn.base import clone
from sklearn.utils import _safe_indexing
from sklearn.utils._param_validation import HasMethods, Interval

from ..neighbors import NearestNeighbors
from ._base import BaseCleaner, SeededSelection, row_mode
from ._edited import EditedNearestNeighbours
from ._tomek import TomekLinks


class NeighbourhoodCleaningRule(BaseCleaner):
    """ENN cleaning plus removal of the neighbours that misclassify the minority.

    Removes (a) the samples ENN (``kind_sel="mode"``) removes and (b) the
    ``n_neighbors`` nearest neighbours of every minority sample that a
    ``n_neighbors``-NN vote (the sample itself included, as a classifier
    fitted on the data votes) misclassifies, when they belong to a class
    being cleaned that is larger than ``threshold_cleaning`` times the
    minority.

    Same parameters and the same selected rows as
    :class:`imblearn.under_sampling.NeighbourhoodCleaningRule` (neighbour ties
    broken by the lower index); neighbour searches on the numba engine.

    Parameters
    ----------
    sampling_strategy : str, list or callable, default="auto"
    edited_nearest_neighbours : sampler, default=None
    n_neighbors : int, default=3
    threshold_cleaning : float, default=0.5
    n_jobs : int, default=None

    Attributes
    ----------
    sampling_strategy_ : dict
    classes_to_clean_ : list
    edited_nearest_neighbours_ : sampler
    sample_indices_ : ndarray of int
    n_features_in_ : int
    feature_names_in_ : ndarray of str

    References
    ----------
    .. [1] J. Laurikkala, "Improving identification of difficult small classes
       by balancing class distribution", AIME 2001.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from imbalance_kit.under_sampling import NeighbourhoodCleaningRule
    >>> X, y = make_classification(n_samples=300, weights=[0.9], flip_y=0.05,
    ...                            random_state=0)
    >>> X_res, y_res = NeighbourhoodCleaningRule().fit_resample(X, y)
    >>> int((y_res == 1).sum()) == int((y == 1).sum()), len(y_res) < len(y)
    (True, True)
    """

    _parameter_constraints: dict = {
        **BaseCleaner._parameter_constraints,
        "edited_nearest_neighbours": [HasMethods(["fit_resample"]), None],
        "n_neighbors": [Interval(numbers.Integral, 1, None, closed="left")],
        "threshold_cleaning": [Interval(numbers.Real, 0, None, closed="neither")],
    }

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        edited_nearest_neighbours=None,
        n_neighbors=3,
        threshold_cleaning=0.5,
        n_jobs=None,
    ):
        super().__init__(sampling_strategy=sampling_strategy)
        self.edited_nearest_neighbours = edited_nearest_neighbours
        self.n_neighbors = n_neighbors
        self.threshold_cleaning = threshold_cleaning
        self.n_jobs = n_jobs

    def _fit_resample(self, X, y):
        k = self.n_neighbors
        self.edited_nearest_neighbours_ = (
            clone(self.edited_nearest_neighbours)
            if self.edited_nearest_neighbours is not None
            else EditedNearestNeighbours(
                sampling_strategy=self.sampling_strategy,
                n_neighbors=k,
                kind_sel="mode",
                n_jobs=self.n_jobs,
            )
        )
        self.edited_nearest_neighbours_.fit_resample(X, y)
        removed = np.ones(len(y), dtype=bool)
        removed[self.edited_nearest_neighbours_.sample_indices_] = False
        counts = Counter(y)
        minority = min(counts, key=counts.get)
        self.classes_to_clean_ = [
            c
            for c, n in counts.items()
            if c in self.sampling_strategy_
            and n > counts[minority] * self.threshold_cleaning
        ]
        minority_rows = np.flatnonzero(y == minority)
        neighbours = (
            NearestNeighbors(n_neighbors=k, n_jobs=self.n_jobs)
            .fit(X)
            .kneighbors_of_rows(minority_rows, return_distance=False)
        )
        # the k-NN vote of a fitted classifier counts the point itself
        voters = np.column_stack([minority_rows, neighbours[:, : k - 1]])
        predicted = row_mode(y[voters])
        misclassified = neighbours[predicted != minority].ravel()
        removed[misclassified[np.isin(y[misclassified], self.classes_to_clean_)]] = True
        return self._select(X, y, np.flatnonzero(~removed))


class OneSidedSelection(SeededSelection):
    """Keep the majority samples a 1-NN rule on a seed set misclassifies, then Tomek.

    For each class being cleaned: draw ``n_seeds_S`` of its samples at random,
    classify the rest with 1-NN against the minority plus the seeds, keep the
    misclassified ones (and the seeds), then remove Tomek links.

    Same parameters and, for the same ``random_state``, the same selected
    rows as :class:`imblearn.under_sampling.OneSidedSelection` (neighbour ties
    broken by the lower index); the 1-NN rule and Tomek links run on the
    numba engine.

    Parameters
    ----------
    sampling_strategy : str, list or callable, default="auto"
    random_state : int, RandomState instance or None, default=None
    n_neighbors : int, default=None
        Neighbours of the classifying rule (``None``: 1).
    n_seeds_S : int, default=1
    n_jobs : int, default=None

    Attributes
    ----------
    sampling_strategy_ : dict
    sample_indices_ : ndarray of int
    n_features_in_ : int
    feature_names_in_ : ndarray of str

    References
    ----------
    .. [1] M. Kubat, S. Matwin, "Addressing the curse of imbalanced training
       sets: one-sided selection", ICML 1997.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from imbalance_kit.under_sampling import OneSidedSelection
    >>> X, y = make_classification(n_samples=300, weights=[0.9], random_state=0)
    >>> X_res, y_res = OneSidedSelection(random_state=0).fit_resample(X, y)
    >>> len(y_res) < len(y)
    True
    """

    _parameter_constraints: dict = {
        **SeededSelection._parameter_constraints,
        "n_neighbors": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "n_seeds_S": [Interval(numbers.Integral, 1, None, closed="left")],
    }

    def _fit_resample(self, X, y):
        kept = self._kept_per_class(X, y)
        tomek = TomekLinks(
            sampling_strategy=list(self.sampling_strategy_), n_jobs=self.n_jobs
        )
        tomek.fit_resample(_safe_indexing(X, kept), y[kept])
        return self._select(X, y, kept[tomek.sample_indices_])

    def _keep_in_class(self, X, y, class_rows, minority_rows, drawn):
        """The seeds plus the samples a k-NN vote on minority + seeds gets wrong."""
        k = 1 if self.n_neighbors is None else self.n_neighbors
        seeds = class_rows[drawn]
        rest = np.delete(class_rows, drawn)
        reference = np.append(minority_rows, seeds)
        if len(reference) < k:
            raise ValueError(
                f"n_neighbors={k} is more than the {len(reference)} samples "
                "of the seed set (minority plus n_seeds_S)."
            )
        nn = NearestNeighbors(n_neighbors=k, n_jobs=self.n_jobs).fit(
            _safe_indexing(X, reference)
        )
        votes = y[reference][
            nn.kneighbors(_safe_indexing(X, rest), return_distance=False)
        ]
        predicted = row_mode(votes)
        return np.concatenate([seeds, rest[predicted != y[class_rows[0]]]])
