"""Edited nearest neighbours (Wilson 1972) and its repeated forms (Tomek 1976)."""

import numbers
import warnings
from collections import Counter

import numpy as np
from imblearn.utils import check_sampling_strategy
from sklearn.base import clone
from sklearn.utils import _safe_indexing
from sklearn.utils._param_validation import Interval, StrOptions

from ..neighbors import NearestNeighbors
from ..utils._progress import report, say
from ..utils._validation import NEIGHBORS_CONSTRAINT
from ._base import BaseCleaner, NeighbourLists, by_class_order, row_mode


def agrees(y, rows, neighbours, kind_sel):
    """Whether each row's neighbourhood agrees with its label (kept by ENN)."""
    labels = y[neighbours]
    own = y[rows]
    if kind_sel == "mode":
        return row_mode(labels) == own
    return np.all(labels == own[:, None], axis=1)


class _EditingRounds(BaseCleaner):
    """Shared machinery: ENN rounds over a shrinking set of samples."""

    def _neighbour_source(self, X, length):
        """Our engine's lists of ``length`` neighbours (``None``: a user estimator)."""
        if isinstance(self.n_neighbors, numbers.Integral) or isinstance(
            self.n_neighbors, NearestNeighbors
        ):
            return NeighbourLists(X, length, self.n_jobs)
        return None

    def _run_rounds(self, X, y, neighbour_counts, allow_minority, stop_when_unchanged):
        """ENN rounds with the given neighbour counts, under imbalanced-learn's rules.

        Stops after a round that removed nothing (if ``stop_when_unchanged``),
        emptied a class, or (unless ``allow_minority``) left a class other
        than the original minority smaller than it. The sampling strategy is
        re-evaluated on the remaining samples every round.

        Returns
        -------
        alive : ndarray of bool
        n_rounds : int
        """
        counts = list(neighbour_counts)
        # spare length: later rounds skip removed samples
        lists = self._neighbour_source(X, 2 * max(counts) + 4)
        alive = np.ones(len(y), dtype=bool)
        start = Counter(y)
        minority = min(start, key=start.get)
        n_rounds = 0
        rounds = report(
            counts,
            verbose=getattr(self, "verbose", 0),
            desc=f"{type(self).__name__}: rounds",
        )
        for k in rounds:
            n_rounds += 1
            cleaned = check_sampling_strategy(
                self.sampling_strategy, y[alive], "clean-sampling"
            )
            new_alive = self._edit(X, y, alive, k, lists, cleaned)
            unchanged = new_alive.sum() == alive.sum()
            alive = new_alive
            say(
                getattr(self, "verbose", 0),
                f"  round {n_rounds} (k={k}): {int(alive.sum())} samples left",
            )
            if (stop_when_unchanged and unchanged) or _should_stop(
                y[alive], start, minority, allow_minority
            ):
                break
        return alive, n_rounds

    def _k(self):
        if isinstance(self.n_neighbors, numbers.Integral):
            return int(self.n_neighbors)
        return self.n_neighbors.n_neighbors - 1  # an estimator counts the point itself

    def _edit(self, X, y, alive, k, lists, cleaned_classes):
        """One ENN round on the remaining samples; returns the new ``alive``."""
        rows = np.flatnonzero(alive & np.isin(y, list(cleaned_classes)))
        if rows.size == 0:
            return alive
        if lists is not None:
            neighbours = lists.neighbours(rows, k, alive)
        else:  # a user estimator, used as imbalanced-learn uses it
            remaining = np.flatnonzero(alive)
            nn = clone(self.n_neighbors).set_params(n_neighbors=k + 1)
            nn.fit(_safe_indexing(X, remaining))
            found = nn.kneighbors(_safe_indexing(X, rows), return_distance=False)
            neighbours = remaining[found[:, 1:]]
        new_alive = alive.copy()
        new_alive[rows[~agrees(y, rows, neighbours, self.kind_sel)]] = False
        return _keep_every_class(y, alive, new_alive, type(self).__name__)


def _keep_every_class(y, alive, new_alive, who):
    """Undo the removal of a class's last samples, with a warning.

    A round that disagrees with every remaining sample of a class (duplicated
    rows of several classes, say) would empty it and leave data a classifier
    cannot learn from; imbalanced-learn empties it silently.
    """
    emptied = [c for c in np.unique(y[alive]) if not np.any(new_alive & (y == c))]
    for label in emptied:
        new_alive[alive & (y == label)] = True
    if emptied:
        shown = [c.item() if isinstance(c, np.generic) else c for c in emptied]
        warnings.warn(
            f"{who}: every remaining sample of class(es) {shown} disagrees with "
            "its neighbourhood (e.g. duplicated rows of several classes); they "
            "are kept rather than emptying the class.",
            UserWarning,
            stacklevel=2,
        )
    return new_alive


class EditedNearestNeighbours(_EditingRounds):
    """Remove samples whose neighbourhood disagrees with their class.

    A sample of a class being cleaned is removed when not all (``kind_sel=
    "all"``) or not most (``"mode"``) of its ``n_neighbors`` nearest
    neighbours share its class.

    Same parameters and the same selected rows (ordered class after class) as
    :class:`imblearn.under_sampling.EditedNearestNeighbours`, neighbour ties
    broken by the lower index; neighbours from the numba engine.

    Parameters
    ----------
    sampling_strategy : str, list or callable, default="auto"
    n_neighbors : int or estimator, default=3
        An estimator's ``n_neighbors`` counts the point itself.
    kind_sel : {"all", "mode"}, default="all"
    n_jobs : int, default=None

    Attributes
    ----------
    sampling_strategy_ : dict
    sample_indices_ : ndarray of int
    n_features_in_ : int
    feature_names_in_ : ndarray of str

    See Also
    --------
    RepeatedEditedNearestNeighbours, AllKNN, TomekLinks

    References
    ----------
    .. [1] D. Wilson, "Asymptotic properties of nearest neighbor rules using
       edited data", IEEE Trans. Systems, Man and Cybernetics 2(3), 1972.

    Examples
    --------
    >>> import numpy as np
    >>> from imbalance_kit.under_sampling import EditedNearestNeighbours
    >>> X = np.array([[0.0], [0.1], [0.2], [0.3], [5.0], [5.1], [5.2], [0.15]])
    >>> y = np.array([0, 0, 0, 0, 1, 1, 1, 0])
    >>> X[2], y[2] = [5.15], 0
    >>> EditedNearestNeighbours(n_neighbors=2).fit_resample(X, y)[1]
    array([0, 0, 0, 0, 1, 1, 1])
    """

    _parameter_constraints: dict = {
        **BaseCleaner._parameter_constraints,
        "n_neighbors": NEIGHBORS_CONSTRAINT,
        "kind_sel": [StrOptions({"all", "mode"})],
    }

    def __init__(
        self, *, sampling_strategy="auto", n_neighbors=3, kind_sel="all", n_jobs=None
    ):
        super().__init__(sampling_strategy=sampling_strategy)
        self.n_neighbors = n_neighbors
        self.kind_sel = kind_sel
        self.n_jobs = n_jobs

    def _fit_resample(self, X, y):
        k = self._k()
        lists = self._neighbour_source(X, k)  # one round: no spare length needed
        alive = np.ones(len(y), dtype=bool)
        alive = self._edit(X, y, alive, k, lists, self.sampling_strategy_)
        return self._select(X, y, by_class_order(y, alive))


class RepeatedEditedNearestNeighbours(_EditingRounds):
    """Repeat ENN until nothing changes (or a stopping rule fires).

    Rounds stop when no sample is removed, when a class other than the
    original minority falls below the minority's size, when a class vanishes,
    or after ``max_iter`` rounds — imbalanced-learn's rules, and its selected
    rows on tie-free data. The all-points neighbour lists are computed once
    and filtered as samples are removed; only rows whose list runs out are
    searched again.

    Parameters
    ----------
    sampling_strategy : str, list or callable, default="auto"
    n_neighbors : int or estimator, default=3
    max_iter : int, default=100
    kind_sel : {"all", "mode"}, default="all"
    n_jobs : int, default=None
    verbose : int, default=0
        Report each round's progress (tqdm if installed).

    Attributes
    ----------
    sampling_strategy_ : dict
    sample_indices_ : ndarray of int
    n_iter_ : int
        Rounds run.
    n_features_in_ : int
    feature_names_in_ : ndarray of str

    See Also
    --------
    EditedNearestNeighbours, AllKNN

    References
    ----------
    .. [1] I. Tomek, "An experiment with the edited nearest-neighbor rule",
       IEEE Trans. Systems, Man and Cybernetics 6(6), 1976.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from imbalance_kit.under_sampling import RepeatedEditedNearestNeighbours
    >>> X, y = make_classification(n_samples=300, weights=[0.8], random_state=0)
    >>> renn = RepeatedEditedNearestNeighbours()
    >>> X_res, y_res = renn.fit_resample(X, y)
    >>> len(y_res) < len(y), renn.n_iter_ >= 1
    (True, True)
    """

    _parameter_constraints: dict = {
        **BaseCleaner._parameter_constraints,
        "n_neighbors": NEIGHBORS_CONSTRAINT,
        "max_iter": [Interval(numbers.Integral, 1, None, closed="left")],
        "kind_sel": [StrOptions({"all", "mode"})],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        n_neighbors=3,
        max_iter=100,
        kind_sel="all",
        n_jobs=None,
        verbose=0,
    ):
        super().__init__(sampling_strategy=sampling_strategy)
        self.n_neighbors = n_neighbors
        self.max_iter = max_iter
        self.kind_sel = kind_sel
        self.n_jobs = n_jobs
        self.verbose = verbose

    def _fit_resample(self, X, y):
        k = self._k()
        alive, self.n_iter_ = self._run_rounds(
            X, y, [k] * self.max_iter, allow_minority=False, stop_when_unchanged=True
        )
        return self._select(X, y, by_class_order(y, alive))


def _should_stop(y_left, start, minority, allow_minority):
    """imbalanced-learn's rules: a class vanished, or one fell below the minority."""
    counts = Counter(y_left)
    vanished = len(counts) < len(start)
    below = any(n < start[minority] for c, n in counts.items() if c != minority)
    return vanished or (below and not allow_minority)


class AllKNN(_EditingRounds):
    """ENN with 1, 2, ..., ``n_neighbors`` neighbours in turn.

    Stops early when a class vanishes or (unless ``allow_minority``) a class
    other than the original minority falls below the minority's size, as
    imbalanced-learn does. The neighbour lists are computed once for the
    largest neighbourhood and filtered as samples are removed.

    Parameters
    ----------
    sampling_strategy : str, list or callable, default="auto"
    n_neighbors : int or estimator, default=3
    kind_sel : {"all", "mode"}, default="all"
    allow_minority : bool, default=False
    n_jobs : int, default=None
    verbose : int, default=0
        Report each round's progress (tqdm if installed).

    Attributes
    ----------
    sampling_strategy_ : dict
    sample_indices_ : ndarray of int
    n_features_in_ : int
    feature_names_in_ : ndarray of str

    See Also
    --------
    EditedNearestNeighbours, RepeatedEditedNearestNeighbours

    References
    ----------
    .. [1] I. Tomek, "An experiment with the edited nearest-neighbor rule",
       IEEE Trans. Systems, Man and Cybernetics 6(6), 1976.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from imbalance_kit.under_sampling import AllKNN
    >>> X, y = make_classification(n_samples=300, weights=[0.8], random_state=0)
    >>> X_res, y_res = AllKNN().fit_resample(X, y)
    >>> int((y_res == 1).sum()) == int((y == 1).sum())
    True
    """

    _parameter_constraints: dict = {
        **BaseCleaner._parameter_constraints,
        "n_neighbors": NEIGHBORS_CONSTRAINT,
        "kind_sel": [StrOptions({"all", "mode"})],
        "allow_minority": ["boolean"],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        n_neighbors=3,
        kind_sel="all",
        allow_minority=False,
        n_jobs=None,
        verbose=0,
    ):
        super().__init__(sampling_strategy=sampling_strategy)
        self.n_neighbors = n_neighbors
        self.kind_sel = kind_sel
        self.allow_minority = allow_minority
        self.n_jobs = n_jobs
        self.verbose = verbose

    def _fit_resample(self, X, y):
        alive, _ = self._run_rounds(
            X,
            y,
            range(1, self._k() + 1),
            allow_minority=self.allow_minority,
            stop_when_unchanged=False,
        )
        return self._select(X, y, by_class_order(y, alive))
