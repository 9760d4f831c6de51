"""Budgeted, learning-curve-driven allocation of samples across groups."""

import itertools
import numbers
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, _fit_context
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data

from ..utils._progress import report, say
from ..utils._validation import check_X_y_shapes
from ._curves import LearningCurve
from ._effects import (
    estimate_round,
    hierarchical_level_draws,
    predict_errors,
    resolve_loss,
    shrunk,
)
from ._objectives import OBJECTIVES, resolve_objective
from ._validation import (
    check_budget,
    check_group_names,
    check_groups,
    group_costs,
    per_group,
)


def pool_orders(groups, names, rng):
    """One random order of each group's pool rows.

    Every strategy takes a prefix of its group's order (the adaptive
    allocator batch by batch, the baselines at once), so that with the same
    ``random_state`` strategies differ only in how many rows of each group
    they take: their selections are nested, and comparisons between them are
    paired instead of confounded with which rows were drawn.

    Examples
    --------
    >>> orders = pool_orders(np.array([0, 1, 0, 1]), [0, 1], np.random.default_rng(0))
    >>> sorted(orders[0].tolist()), sorted(orders[1].tolist())
    ([0, 2], [1, 3])
    """
    return {g: rng.permutation(np.flatnonzero(groups == g)) for g in names}


def exchangeable_draws(rng, n_draws, n_groups):
    """Standard normal draws, closed under permuting the groups.

    One set serves the whole run, so that the candidates of every step are
    compared on common random numbers; the columns of every draw are also
    permuted (all orders for up to 4 groups, cyclic shifts beyond), so that
    groups with equal estimates are treated exactly alike instead of by the
    luck of a finite sample of draws.
    """
    base = rng.standard_normal((n_draws, n_groups))
    if n_groups <= 4:
        orders = list(itertools.permutations(range(n_groups)))
    else:
        orders = [np.roll(np.arange(n_groups), s) for s in range(n_groups)]
    return np.vstack([base[:, list(order)] for order in orders])


def shared_draws(rng, n_draws, n_copies):
    """Uniform and standard normal draws, one per draw of
    :func:`exchangeable_draws` and shared by its ``n_copies`` permuted copies
    (for the spread and the mean of :func:`hierarchical_level_draws`, which
    are the same for every group)."""
    uniform = np.tile(rng.random(n_draws), n_copies)
    normal = np.tile(rng.standard_normal(n_draws), n_copies)
    return uniform, normal


def greedy_plan(
    predict, objective, shares, costs, budget_left, capacity, n_units, noise=None
):
    """Add up to ``n_units`` samples, one by one, where the objective gains most
    per unit cost.

    Parameters
    ----------
    predict : callable
        ``predict(added) -> errors``: each group's predicted error after
        ``added[g]`` more samples of group ``g``.
    objective : callable ``objective(errors, shares)``
    shares, costs : ndarray of shape (n_groups,)
    budget_left : float
    capacity : ndarray of int
        Most samples each group can still take.
    n_units : int
    noise : ndarray of shape (n_draws, n_groups), default=None
        Draws of the uncertainty of the predicted errors; the objective is
        then averaged over ``errors + noise[d]`` (an expected objective, which
        spreads samples when it is unclear which group is worst).

    Returns
    -------
    added : ndarray of int
    """
    n_groups = len(costs)
    noise = np.zeros((1, n_groups)) if noise is None else np.asarray(noise)
    added = np.zeros(n_groups, dtype=int)

    def expected(errors):
        draws = np.clip(errors[None, :] + noise, 0.0, None)
        return _expected_objective(objective, draws, shares)

    now = predict(added)
    base = expected(now)
    for _ in range(n_units):
        affordable = (costs <= budget_left + 1e-12) & (added < capacity)
        if not affordable.any():
            break
        gains = np.full(n_groups, -np.inf)
        own = np.full(n_groups, -np.inf)
        afters, values = {}, {}
        for g in np.flatnonzero(affordable):
            step = added.copy()
            step[g] += 1
            afters[g] = predict(step)
            values[g] = expected(afters[g])
            gains[g] = (base - values[g]) / costs[g]
            own[g] = (now[g] - afters[g][g]) / costs[g]
        # objectives like the worst group are flat in most groups: break ties by
        # the group's own predicted improvement per cost
        best = np.flatnonzero(gains >= gains.max() - 1e-15)
        g = best[np.argmax(own[best])]
        added[g] += 1
        budget_left -= costs[g]
        # the chosen step's prediction is the next step's starting point
        now, base = afters[g], values[g]
    return added


def _expected_objective(objective, draws, shares):
    """Mean of ``objective`` over the rows of ``draws``; a clear error when the
    objective gives anything but a finite number (a NaN would silently end
    the allocation: no gain compares greater than NaN)."""
    rows = getattr(objective, "rows", None)
    if rows is not None and np.shape(shares) == draws.shape[1:]:
        values = rows(draws, shares)
    else:
        values = [objective(d, shares) for d in draws]
    try:
        mean = float(np.mean(values))
    except (TypeError, ValueError):
        mean = np.nan
    if not np.isfinite(mean):
        bad = next(
            (
                (d, v)
                for d, v in zip(draws, values, strict=True)
                if not (np.ndim(v) == 0 and np.isfinite(_as_float(v)))
            ),
            (draws[0], values[0]),
        )
        name = getattr(objective, "__name__", repr(objective))
        raise ValueError(
            f"objective must return a finite number for any per-group errors; "
            f"got {bad[1]!r} from {name}(errors={np.round(bad[0], 4).tolist()}, "
            f"shares={np.round(np.asarray(shares, dtype=float), 4).tolist()})."
        )
    return mean


def _as_float(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return np.nan


class _Pool:
    """A labelled pool drawn without replacement: each group's rows are taken
    as prefixes of one random order (:func:`pool_orders`)."""

    def __init__(self, X, y, groups, names, rng):
        self.X, self.y, self.names = X, y, names
        self.order = pool_orders(groups, names, rng)
        self.capacity = np.array([len(self.order[g]) for g in names])
        self.default_shares = self.capacity / self.capacity.sum()

    def draw(self, g_index, start, n):
        rows = self.order[self.names[g_index]][start : start + n]
        return self.X[rows], self.y[rows], rows


class _Acquisition:
    """New samples collected through ``acquire(group, n) -> (X_new, y_new)``."""

    def __init__(self, acquire, names):
        self.acquire, self.names = acquire, names
        self.capacity = np.full(len(names), np.iinfo(np.int64).max // 4)
        self.default_shares = np.full(len(names), 1 / len(names))
        self._n_columns = None

    def draw(self, g_index, start, n):
        group = self.names[g_index]
        call = f"acquire({group!r}, {n})"
        result = self.acquire(group, n)
        if not (isinstance(result, tuple | list) and len(result) == 2):
            raise ValueError(
                f"acquire must return a pair (X_new, y_new) of {n} rows; "
                f"{call} returned {type(result).__name__}."
            )
        X_new, y_new = result
        if not sparse.issparse(X_new):
            X_new = np.asarray(X_new)
        y_new = np.asarray(y_new)
        n_X = X_new.shape[0] if X_new.ndim >= 1 else 0
        if X_new.ndim != 2 or n_X != n or y_new.shape != (n,):
            raise ValueError(
                f"acquire must return X_new with {n} rows (2-D) and y_new with "
                f"{n} rows, as many as asked for; {call} returned X with {n_X} "
                f"rows (shape {X_new.shape}) and y with {len(y_new)} "
                f"(shape {y_new.shape})."
            )
        if self._n_columns is None:
            self._n_columns = X_new.shape[1]
        elif X_new.shape[1] != self._n_columns:
            raise ValueError(
                f"acquire must return the same columns every time; {call} "
                f"returned X with {X_new.shape[1]} columns, the first batch had "
                f"{self._n_columns}."
            )
        return X_new, y_new, None


class _Collected:
    """The samples collected so far, batch by batch."""

    def __init__(self, source):
        self.source = source
        self.counts = np.zeros(len(source.names), dtype=int)
        self._X, self._y, self._groups, self.rows = [], [], [], []

    def take(self, added):
        """Collect ``added[g]`` more samples of each group ``g``."""
        for g_index in np.flatnonzero(added):
            n = int(added[g_index])
            X_new, y_new, rows = self.source.draw(g_index, int(self.counts[g_index]), n)
            self._X.append(X_new)
            self._y.append(y_new)
            self._groups.append(np.full(n, g_index))
            if rows is not None:
                self.rows.append(rows)
            self.counts[g_index] += n

    def arrays(self):
        """``X, y`` and group codes of everything collected."""
        X = (
            sparse.vstack(self._X, format="csr")
            if sparse.issparse(self._X[0])
            else np.concatenate(self._X)
        )
        return X, np.concatenate(self._y), np.concatenate(self._groups)


@dataclass
class _Beliefs:
    """One round's planning inputs: the (shrunk) error levels and effects,
    the draws of the levels' uncertainty, and the counts they refer to."""

    levels: np.ndarray
    effects: np.ndarray
    noise: np.ndarray
    counts: np.ndarray


class AdaptiveAllocator(BaseEstimator):
    """Spend a data budget on the groups where learning curves say it helps most.

    Sequential allocation after Cai et al. (2022): start with
    ``initial_per_group`` samples of each group; then, every round:

    1. cross-validate ``estimator`` on everything collected so far, and again
       with each group's training rows cut to ``probe_fraction``, on the same
       folds (``n_repeats`` times). This gives each group's error and the
       effect of each group's data on every group's error, with standard
       errors (paired differences: the validation noise cancels);
    2. shrink the per-group estimates towards their common mean as far as
       their noise warrants (empirical Bayes), so that groups that only look
       different by chance are treated alike, and raise each own effect by
       ``optimism`` standard errors;
    3. calibrate power-law learning curves ``a * n ** -b + c`` (exponent
       ``curve_exponent``) on these effects, one per pair of groups, and give
       the next ``batch_size`` samples one by one to the group with the
       largest gain in the expected objective per unit cost (expected over the
       uncertainty of the error levels).

    Stops when no group is affordable or every pool has run out; the cost
    spent never exceeds ``budget``. A budget that covers the whole pool takes
    the whole pool (``spent_`` is then below ``budget``).

    Parameters
    ----------
    estimator : estimator
        Classifier or regressor (with ``fit`` and ``predict``).
    budget : float
        Total cost to spend, including the initial samples; positive and
        finite.
    objective : {"overall", "average", "worst", "gap"} or callable, default="worst"
        ``objective(errors, shares)`` to minimise; see
        :mod:`imbalance_kit.equitable`. A callable must return a finite
        number.
    costs : dict or None, default=None
        Cost of one sample of each group, a positive finite number for every
        group (default 1 each). Entries for groups not in the data are
        ignored.
    batch_size : int, default=50
    initial_per_group : int, default=20
    shares : dict or None, default=None
        Population share of each group (for ``"overall"``), non-negative,
        not all zero; defaults to the pool's group frequencies, or equal
        shares with ``acquire``.
    loss : {"zero_one", "squared"}, callable or None, default=None
        Per-row loss whose group mean is the group's error; ``None`` uses
        misclassification for classifiers and squared error for regressors.
        A callable ``loss(y_true, y_pred)`` returns one finite number per row.
    n_splits : int, default=3
    n_repeats : int, default=2
        Repetitions of the cross-validation per round.
    probe_fraction : float, default=0.5
        Fraction of a group's training rows kept to measure its effect.
    curve_exponent : float, default=1.0
        Exponent ``b`` of the learning curves (1 is the parametric rate; the
        allocation depends little on it).
    optimism : float, default=1.0
        Standard errors added to each group's own effect before planning
        (optimism in the face of uncertainty): a group whose effect is still
        poorly known, typically with few samples, is not starved. 0 plans on
        the estimates alone.
    n_draws : int, default=100
        Draws of the error levels' uncertainty for the expected objective.
    level_model : {"test", "hierarchical"}, default="test"
        How the groups' error levels are pooled. ``"test"``: treated as equal
        unless a homogeneity test rejects at 1% (then empirical-Bayes
        shrinkage), so groups that are in fact identical get equal shares
        (within about a batch). ``"hierarchical"``: drawn from a normal
        hierarchical posterior (half-Cauchy prior on their spread), which acts
        on weaker evidence that one group is worse: more gain on the worst
        group and gap objectives when groups really differ but are hard to
        tell apart, at the price that groups that are in fact identical can
        end apart (with two identical groups and 400 samples, up to 3
        batches under ``"worst"`` and up to 6 under ``"gap"``, which can
        starve the group that looks best by chance). The two differ little
        on the linear objectives (overall, average).
    random_state : int, RandomState instance or None, default=None
    verbose : int, default=0
        Show progress: a tqdm bar over the rounds when tqdm is installed
        (with the budget spent and the counts), otherwise each round's
        spending, counts and errors on stderr.

    Attributes
    ----------
    counts_ : dict
        Samples acquired per group.
    spent_ : float
    history_ : DataFrame
        One row per round and group: ``round, group, n, error, error_se,
        predicted`` (what the previous round predicted for this round's
        counts) and ``own_effect`` (error increase when the group's own data
        is cut to ``probe_fraction``).
    effects_ : ndarray of shape (n_groups, n_groups)
        The last round's (shrunk) effects: ``[h, g]`` is group ``h``'s error
        increase when group ``g``'s data is cut.
    curves_ : dict of LearningCurve
        Each group's own learning curve, fitted to all its subsample
        evaluations (two sizes per round).
    group_names_ : list
    indices_ : ndarray of int
        Pool rows taken, in the order they were taken (pool mode only).
    n_features_in_ : int
        Columns of ``X`` (pool mode only).

    See Also
    --------
    EquitableSampler : the allocation as a sampler (pipeline step), with equal
        and proportional baselines.
    baseline_counts : equal or proportional allocation within a budget.

    References
    ----------
    .. [1] W. Cai, R. Encarnacion, B. Chern, S. Corbett-Davies, M. Bogen,
       S. Bergman, S. Goel, "Adaptive sampling strategies to construct
       equitable training datasets", FAccT 2022.
    .. [2] E. Rolf, T. Worledge, B. Recht, M. Jordan, "Representation matters:
       assessing the importance of subgroup allocations in training data",
       ICML 2021.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LogisticRegression
    >>> from imbalance_kit.equitable import AdaptiveAllocator
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(2000, 3)); groups = rng.integers(0, 2, 2000)
    >>> y = (X[:, 0] + groups * X[:, 1] > 0).astype(int)
    >>> alloc = AdaptiveAllocator(LogisticRegression(), budget=300, batch_size=60,
    ...                           random_state=0).fit(X, y, groups)
    >>> alloc.spent_ <= 300
    True
    """

    _parameter_constraints: dict = {
        "estimator": [HasMethods(["fit", "predict"])],
        "budget": [Interval(numbers.Real, 0, None, closed="neither")],
        "objective": [StrOptions(set(OBJECTIVES)), callable],
        "costs": [dict, None],
        "batch_size": [Interval(numbers.Integral, 1, None, closed="left")],
        "initial_per_group": [Interval(numbers.Integral, 1, None, closed="left")],
        "shares": [dict, None],
        "loss": [StrOptions({"zero_one", "squared"}), callable, None],
        "n_splits": [Interval(numbers.Integral, 2, None, closed="left")],
        "n_repeats": [Interval(numbers.Integral, 1, None, closed="left")],
        "probe_fraction": [Interval(numbers.Real, 0, 1, closed="neither")],
        "curve_exponent": [Interval(numbers.Real, 0, None, closed="neither")],
        "optimism": [Interval(numbers.Real, 0, None, closed="left")],
        "n_draws": [Interval(numbers.Integral, 1, None, closed="left")],
        "level_model": [StrOptions({"test", "hierarchical"})],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        estimator,
        budget,
        *,
        objective="worst",
        costs=None,
        batch_size=50,
        initial_per_group=20,
        shares=None,
        loss=None,
        n_splits=3,
        n_repeats=2,
        probe_fraction=0.5,
        curve_exponent=1.0,
        optimism=1.0,
        n_draws=100,
        level_model="test",
        random_state=None,
        verbose=0,
    ):
        self.estimator = estimator
        self.budget = budget
        self.objective = objective
        self.costs = costs
        self.batch_size = batch_size
        self.initial_per_group = initial_per_group
        self.shares = shares
        self.loss = loss
        self.n_splits = n_splits
        self.n_repeats = n_repeats
        self.probe_fraction = probe_fraction
        self.curve_exponent = curve_exponent
        self.optimism = optimism
        self.n_draws = n_draws
        self.level_model = level_model
        self.random_state = random_state
        self.verbose = verbose

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X=None, y=None, groups=None, *, acquire=None, group_names=None):
        """Allocate from a labelled pool ``(X, y, groups)`` or through ``acquire``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features), optional
            The pool to draw from without replacement.
        y : array-like of shape (n_samples,), optional
            Its labels (or continuous target, with a regressor).
        groups : array-like of shape (n_samples,), optional
            Its group labels: one per row, no None or NaN.
        acquire : callable, optional
            ``acquire(group, n) -> (X_new, y_new)`` collects exactly ``n`` new
            samples of a group (real data collection); then ``group_names``
            is needed and ``X, y, groups`` are not given.
        group_names : list, optional
            The groups ``acquire`` can collect (distinct labels).

        Returns
        -------
        self : AdaptiveAllocator
        """
        rng = np.random.default_rng(self.random_state)
        source = self._source(X, y, groups, acquire, group_names, rng)
        names = source.names
        objective = resolve_objective(self.objective)
        loss = resolve_loss(self.loss, self.estimator)
        shares = (
            source.default_shares
            if self.shares is None
            else per_group(self.shares, names, "shares", positive=False)
        )
        costs = group_costs(self.costs, names)
        start = np.minimum(self.initial_per_group, source.capacity)
        if np.dot(start, costs) > self.budget:
            raise ValueError(
                f"budget={self.budget} does not cover initial_per_group="
                f"{self.initial_per_group} samples of every group (cost "
                f"{np.dot(start, costs):g}); give a larger budget or a smaller "
                "initial_per_group."
            )
        draws = self._uncertainty_draws(rng, len(names))
        collected = _Collected(source)
        collected.take(start)

        history, beliefs = [], None
        rounds = report(
            itertools.count(),
            verbose=self.verbose,
            desc=f"{type(self).__name__}: rounds",
        )
        for round_ in rounds:
            estimate = self._estimate(collected, loss, rng)
            history.append(
                self._round_record(round_, names, collected, estimate, beliefs)
            )
            self._show_progress(rounds, round_, names, collected, estimate, costs)
            beliefs = self._beliefs(estimate, draws, collected.counts.copy())
            added = self._plan(beliefs, objective, shares, costs, source.capacity)
            if added.sum() == 0:
                break
            collected.take(added)
        if hasattr(rounds, "close"):
            rounds.close()

        self._set_results(names, collected, costs, history, beliefs)
        return self

    def run(self, X=None, y=None, groups=None, *, acquire=None, group_names=None):
        """Deprecated alias of :meth:`fit` (same arguments and result).

        .. deprecated:: 0.3
           Use ``fit(X, y, groups)``, as with every scikit-learn object;
           ``run`` will be removed in a later release.
        """
        warnings.warn(
            "AdaptiveAllocator.run is deprecated; call fit(X, y, groups) (or "
            "fit(acquire=..., group_names=...)) instead, with the same arguments.",
            FutureWarning,
            stacklevel=2,
        )
        return self.fit(X, y, groups, acquire=acquire, group_names=group_names)

    def plot(self, ax=None):
        """Per-group error against samples acquired (needs matplotlib).

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Where to draw; a new figure's axes by default.

        Returns
        -------
        ax : matplotlib Axes
        """
        import matplotlib.pyplot as plt

        check_is_fitted(self, "history_")

        if ax is None:
            _, ax = plt.subplots()
        for name, part in self.history_.groupby("group", sort=False):
            ax.errorbar(
                part["n"],
                part["error"],
                yerr=part["error_se"],
                marker="o",
                label=str(name),
            )
        ax.set_xlabel("samples of the group")
        ax.set_ylabel("cross-validated error")
        ax.legend(title="group")
        return ax

    # -- the steps of fit ----------------------------------------------------------

    def _source(self, X, y, groups, acquire, group_names, rng):
        """The pool (its rows in one random order per group) or the acquisition."""
        pool_given = X is not None or y is not None or groups is not None
        if acquire is not None:
            if pool_given:
                raise ValueError(
                    "give a pool (X, y, groups) or an acquire callable, not both; "
                    "got acquire and "
                    + ", ".join(
                        name
                        for name, value in (("X", X), ("y", y), ("groups", groups))
                        if value is not None
                    )
                    + "."
                )
            if not callable(acquire):
                raise ValueError(
                    "acquire must be a callable acquire(group, n) -> (X_new, "
                    f"y_new); got {type(acquire).__name__}."
                )
            if hasattr(self, "indices_"):
                del self.indices_
            return _Acquisition(acquire, check_group_names(group_names))
        if X is None or y is None or groups is None:
            missing = [
                name
                for name, value in (("X", X), ("y", y), ("groups", groups))
                if value is None
            ]
            raise ValueError(
                "fit needs a labelled pool, X, y and groups (one group label per "
                "row), or an acquire callable with group_names; got no "
                f"{' or '.join(missing)}."
            )
        check_X_y_shapes(X, y)
        X, y = validate_data(
            self,
            X,
            y,
            accept_sparse="csr",
            dtype=None,
            ensure_all_finite=False,
            y_numeric=False,
        )
        groups, names = check_groups(groups, len(y))
        return _Pool(X, y, groups, names, rng)

    def _uncertainty_draws(self, rng, n_groups):
        """Common random numbers for every round's expected objective: standard
        normal draws, closed under permuting the groups, and (hierarchical
        levels) the shared spread and mean draws."""
        unit = exchangeable_draws(rng, self.n_draws, n_groups)
        if self.level_model != "hierarchical":
            return unit, None, None
        spread_u, mean_w = shared_draws(rng, self.n_draws, len(unit) // self.n_draws)
        return unit, spread_u, mean_w

    def _estimate(self, collected, loss, rng):
        """Paired cross-validation on everything collected (:func:`estimate_round`)."""
        X, y, codes = collected.arrays()
        return estimate_round(
            self.estimator,
            X,
            y,
            codes,
            len(collected.counts),
            loss,
            fraction=self.probe_fraction,
            n_splits=self.n_splits,
            n_repeats=self.n_repeats,
            rng=rng,
        )

    def _beliefs(self, estimate, draws, counts):
        """Shrunk levels and effects, and the draws of the levels' uncertainty."""
        unit, spread_u, mean_w = draws
        levels, effects = shrunk(estimate, self.optimism)
        if self.level_model == "hierarchical":
            level_draws = hierarchical_level_draws(
                estimate.levels, estimate.level_se, unit, spread_u, mean_w
            )
            levels = level_draws.mean(axis=0)
            noise = level_draws - levels
        else:
            noise = unit * estimate.level_se
        return _Beliefs(levels, effects, noise, counts)

    def _predict(self, beliefs, added):
        """Each group's predicted error after ``added`` more samples."""
        return predict_errors(
            beliefs.levels,
            beliefs.effects,
            beliefs.counts,
            added,
            self.curve_exponent,
            self.probe_fraction,
        )

    def _plan(self, beliefs, objective, shares, costs, capacity):
        """The next batch (:func:`greedy_plan`) within the budget left."""
        spent = float(np.dot(beliefs.counts, costs))
        return greedy_plan(
            lambda added: self._predict(beliefs, added),
            objective,
            shares,
            costs,
            self.budget - spent,
            capacity - beliefs.counts,
            self.batch_size,
            noise=beliefs.noise,
        )

    def _round_record(self, round_, names, collected, estimate, previous):
        """History rows of one round; ``predicted`` is what the previous round's
        beliefs said about the counts reached now."""
        counts = collected.counts
        predicted = np.full(len(names), np.nan)
        if previous is not None:
            predicted = self._predict(previous, counts - previous.counts)
        return [
            {
                "round": round_,
                "group": name,
                "n": int(counts[g]),
                "error": float(estimate.levels[g]),
                "error_se": float(estimate.level_se[g]),
                "predicted": float(predicted[g]),
                "own_effect": float(estimate.effects[g, g]),
            }
            for g, name in enumerate(names)
        ]

    def _show_progress(self, rounds, round_, names, collected, estimate, costs):
        spent = float(np.dot(collected.counts, costs))
        counts = dict(zip(names, collected.counts.tolist(), strict=True))
        if hasattr(rounds, "set_postfix_str"):  # a tqdm bar
            rounds.set_postfix_str(f"spent {spent:g}/{self.budget:g}, counts {counts}")
            return
        errors = np.round(estimate.levels, 4).tolist()
        say(
            self.verbose,
            f"round {round_}: spent {spent:g} of {self.budget:g}; counts "
            f"{counts}; errors {dict(zip(names, errors, strict=True))}",
        )

    def _set_results(self, names, collected, costs, history, beliefs):
        self.group_names_ = names
        self.counts_ = dict(zip(names, collected.counts.tolist(), strict=True))
        self.spent_ = float(np.dot(collected.counts, costs))
        self.history_ = pd.DataFrame([row for rows in history for row in rows])
        self.effects_ = beliefs.effects
        self.curves_ = {
            name: LearningCurve().fit(*self._curve_points(g))
            for g, name in enumerate(names)
        }
        if collected.rows:
            self.indices_ = np.concatenate(collected.rows)

    def _curve_points(self, g):
        """(size, error) points of group ``g``'s own learning curve: each
        round's error at the group's count and at ``probe_fraction`` of it."""
        part = self.history_.iloc[g :: len(self.group_names_)]
        n = part["n"].to_numpy(dtype=float)
        error = part["error"].to_numpy()
        sizes = np.column_stack([np.maximum(n * self.probe_fraction, 1.0), n])
        errors = np.column_stack([error + part["own_effect"].to_numpy(), error])
        return sizes.ravel(), errors.ravel()


def baseline_counts(strategy, budget, costs, shares, capacity):
    """Equal or population-proportional allocation within the budget.

    ``strategy="equal"``: the same number of samples per group;
    ``"proportional"``: numbers proportional to ``shares``. Capped by
    ``capacity``; what a full group cannot take goes to the others, so a
    budget that covers every group's capacity takes them all. The cost
    spent, ``counts @ costs``, never exceeds ``budget``.

    Parameters
    ----------
    strategy : {"equal", "proportional"}
    budget : float
        Positive and finite.
    costs : array-like of shape (n_groups,)
        Cost of one sample of each group, positive and finite.
    shares : array-like of shape (n_groups,)
        Non-negative, not all zero (used by ``"proportional"``).
    capacity : array-like of int of shape (n_groups,)
        Most samples each group can give.

    Returns
    -------
    counts : ndarray of int of shape (n_groups,)

    Examples
    --------
    >>> baseline_counts("equal", 100, [1, 1], [0.9, 0.1], [1000, 1000]).tolist()
    [50, 50]
    >>> baseline_counts("proportional", 100, [1, 1], [0.9, 0.1], [1000, 1000]).tolist()
    [90, 10]
    """
    if strategy not in ("equal", "proportional"):
        raise ValueError(
            f"strategy must be 'equal' or 'proportional'; got {strategy!r}."
        )
    budget = check_budget(budget)
    capacity = _group_numbers(capacity, "capacity", None, "non-negative integers")
    n_groups = len(capacity)
    if (capacity < 0).any() or not np.all(capacity == np.round(capacity)):
        raise ValueError(
            "capacity must hold non-negative integers (most samples of each "
            f"group); got {capacity.tolist()}."
        )
    costs = _group_numbers(costs, "costs", n_groups, "positive finite numbers")
    if not (np.isfinite(costs).all() and (costs > 0).all()):
        raise ValueError(
            f"costs must hold positive finite numbers; got {costs.tolist()}."
        )
    shares = _group_numbers(shares, "shares", n_groups, "non-negative finite numbers")
    if not (np.isfinite(shares).all() and (shares >= 0).all()):
        raise ValueError(
            f"shares must hold non-negative finite numbers; got {shares.tolist()}."
        )
    if shares.sum() <= 0:
        raise ValueError(f"shares must have a positive total; got {shares.tolist()}.")
    weights = np.ones_like(shares) if strategy == "equal" else shares
    counts = np.zeros(len(costs), dtype=int)
    remaining = float(budget)
    while True:
        room = (counts < capacity) & (weights > 0)
        if not room.any():
            return counts
        # whole rounds over every group with room keep the split; leftovers go
        # one at a time below
        w = np.where(room, weights, 0.0)
        # samples of each open group in one "round": proportional to w, paid at cost
        per_round_cost = float(np.dot(w, costs))
        rounds = max(int(remaining // per_round_cost), 0)
        add = np.minimum(
            np.floor(w * rounds).astype(int), (capacity - counts).astype(int)
        )
        if add.sum() == 0:
            # one sample at a time to the most under-allocated group with room
            # (the cheapest of tied ones, whatever the groups' order); if it
            # cannot be afforded, stop rather than unbalance the split
            room = np.flatnonzero((counts < capacity) & (weights > 0))
            behind = counts[room] / weights[room]
            tied = room[behind == behind.min()]
            g = tied[np.argmin(costs[tied])]
            if costs[g] > remaining + 1e-12:
                return counts
            add = np.zeros_like(counts)
            add[g] = 1
        counts += add
        remaining -= float(np.dot(add, costs))


def _group_numbers(values, name, n_groups, what):
    """``values`` as a 1-D float array of ``n_groups`` entries (any length when
    ``n_groups`` is None), or a ValueError naming ``name``."""
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must hold {what}; got {values!r}.") from None
    if array.ndim != 1:
        raise ValueError(
            f"{name} must be a 1-D array of {what}; got shape {array.shape}."
        )
    if n_groups is not None and len(array) != n_groups:
        raise ValueError(
            f"{name} must hold {what}, one for each of the {n_groups} groups (as "
            f"many as capacity); got {len(array)}: {array.tolist()}."
        )
    return array
