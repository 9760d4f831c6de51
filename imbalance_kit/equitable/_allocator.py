"""Budgeted, learning-curve-driven allocation of samples across groups."""

import itertools
import numbers

import numpy as np
import pandas as pd
from scipy import sparse

from ..utils._progress import say
from ._curves import LearningCurve
from ._effects import (
    estimate_round,
    hierarchical_level_draws,
    predict_errors,
    resolve_loss,
    shrunk,
)
from ._objectives import resolve_objective


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
        return float(np.mean([objective(d, shares) for d in draws]))

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


class AdaptiveAllocator:
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

    Stops when no group is affordable (or a pool runs out); the cost spent
    never exceeds ``budget``.

    Parameters
    ----------
    estimator : estimator
        Classifier or regressor.
    budget : float
        Total cost to spend, including the initial samples.
    objective : {"overall", "average", "worst", "gap"} or callable, default="worst"
        ``objective(errors, shares)`` to minimise; see
        :mod:`imbalance_kit.equitable`.
    costs : dict or None, default=None
        Cost of one sample of each group (default 1).
    batch_size : int, default=50
    initial_per_group : int, default=20
    shares : dict or None, default=None
        Population share of each group (for ``"overall"``); defaults to the
        pool's group frequencies, or equal shares with ``acquire``.
    loss : {"zero_one", "squared"}, callable or None, default=None
        Per-row loss whose group mean is the group's error; ``None`` uses
        misclassification for classifiers and squared error for regressors.
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
    verbose : int, default=0
        Print each round's spending, counts and errors (stderr).
    random_state : int or None, default=None

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
        Pool rows taken (pool mode).

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
    ...                           random_state=0).run(X, y, groups)
    >>> alloc.spent_ <= 300
    True
    """

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

    def _check_params(self):
        if not 0 < self.probe_fraction < 1:
            raise ValueError(
                f"probe_fraction must be in (0, 1); got {self.probe_fraction!r}."
            )
        if self.level_model not in ("test", "hierarchical"):
            raise ValueError(
                "level_model must be 'test' or 'hierarchical'; got "
                f"{self.level_model!r}."
            )
        if not self.optimism >= 0:
            raise ValueError(f"optimism must be >= 0; got {self.optimism!r}.")
        if not self.curve_exponent > 0:
            raise ValueError(
                f"curve_exponent must be positive; got {self.curve_exponent!r}."
            )
        for name in ("n_splits", "n_repeats", "n_draws", "batch_size"):
            value = getattr(self, name)
            low = 2 if name == "n_splits" else 1
            if not isinstance(value, numbers.Integral) or value < low:
                raise ValueError(f"{name} must be an integer >= {low}; got {value!r}.")

    def run(self, X=None, y=None, groups=None, *, acquire=None, group_names=None):
        """Allocate from a labelled pool ``(X, y, groups)`` or through ``acquire``.

        Parameters
        ----------
        X, y, groups : array-like, optional
            The pool to draw from without replacement.
        acquire : callable, optional
            ``acquire(group, n) -> (X_new, y_new)`` collects ``n`` new samples
            of a group (real data collection); then ``group_names`` is needed.
        group_names : list, optional

        Returns
        -------
        self : AdaptiveAllocator
        """
        self._check_params()
        rng = np.random.default_rng(self.random_state)
        objective = resolve_objective(self.objective)
        loss = resolve_loss(self.loss, self.estimator)
        if acquire is None:
            if X is None or y is None or groups is None:
                raise ValueError("give a pool (X, y, groups) or an acquire callable.")
            X = X.tocsr() if sparse.issparse(X) else np.asarray(X)
            y, groups = np.asarray(y), np.asarray(groups)
            names = np.unique(groups).tolist()
            order = pool_orders(groups, names, rng)
            capacity = np.array([len(order[g]) for g in names])
            default_shares = capacity / capacity.sum()
        else:
            if not group_names:
                raise ValueError("acquire needs group_names.")
            names = list(group_names)
            capacity = np.full(len(names), np.iinfo(np.int64).max // 4)
            default_shares = np.full(len(names), 1 / len(names))
        n_groups = len(names)
        shares = (
            default_shares
            if self.shares is None
            else np.array([self.shares[g] for g in names], dtype=float)
        )
        costs = np.array(
            [1.0 if self.costs is None else float(self.costs[g]) for g in names]
        )
        if (costs <= 0).any():
            raise ValueError(
                f"costs must be positive; got {dict(zip(names, costs, strict=True))}."
            )
        start = np.minimum(self.initial_per_group, capacity)
        if np.dot(start, costs) > self.budget:
            raise ValueError(
                f"budget={self.budget} does not cover initial_per_group="
                f"{self.initial_per_group} samples of every group (cost "
                f"{np.dot(start, costs):g})."
            )
        unit_draws = exchangeable_draws(rng, self.n_draws, n_groups)
        if self.level_model == "hierarchical":
            spread_u, mean_w = shared_draws(
                rng, self.n_draws, len(unit_draws) // self.n_draws
            )
        counts = np.zeros(n_groups, dtype=int)
        parts_X, parts_y, parts_g, taken = [], [], [], []

        def take(g_index, n):
            g = names[g_index]
            if acquire is None:
                rows = order[g][counts[g_index] : counts[g_index] + n]
                taken.append(rows)
                parts_X.append(X[rows])
                parts_y.append(y[rows])
            else:
                X_new, y_new = acquire(g, n)
                parts_X.append(np.asarray(X_new))
                parts_y.append(np.asarray(y_new))
            parts_g.append(np.full(n, g_index))
            counts[g_index] += n

        for g_index, n in enumerate(start):
            take(g_index, int(n))
        spent = float(np.dot(counts, costs))
        history = []
        points = [([], []) for _ in range(n_groups)]
        previous = None  # (levels, effects, counts) of the last round
        round_ = 0
        while True:
            X_now = (
                sparse.vstack(parts_X, format="csr")
                if sparse.issparse(parts_X[0])
                else np.concatenate(parts_X)
            )
            y_now, g_now = np.concatenate(parts_y), np.concatenate(parts_g)
            estimate = estimate_round(
                self.estimator,
                X_now,
                y_now,
                g_now,
                n_groups,
                loss,
                fraction=self.probe_fraction,
                n_splits=self.n_splits,
                n_repeats=self.n_repeats,
                rng=rng,
            )
            levels, effects = shrunk(estimate, self.optimism)
            if self.level_model == "hierarchical":
                draws = hierarchical_level_draws(
                    estimate.levels, estimate.level_se, unit_draws, spread_u, mean_w
                )
                levels = draws.mean(axis=0)
                noise = draws - levels
            else:
                noise = unit_draws * estimate.level_se
            predicted = np.full(n_groups, np.nan)
            if previous is not None:
                predicted = predict_errors(
                    *previous,
                    counts - previous[2],
                    self.curve_exponent,
                    self.probe_fraction,
                )
            for g in range(n_groups):
                history.append(
                    {
                        "round": round_,
                        "group": names[g],
                        "n": int(counts[g]),
                        "error": float(estimate.levels[g]),
                        "error_se": float(estimate.level_se[g]),
                        "predicted": float(predicted[g]),
                        "own_effect": float(estimate.effects[g, g]),
                    }
                )
                points[g][0].extend(
                    [max(counts[g] * self.probe_fraction, 1.0), counts[g]]
                )
                points[g][1].extend(
                    [estimate.levels[g] + estimate.effects[g, g], estimate.levels[g]]
                )
            errors = np.round(estimate.levels, 4).tolist()
            say(
                self.verbose,
                f"round {round_}: spent {spent:g} of {self.budget:g}; counts "
                f"{dict(zip(names, counts.tolist(), strict=True))}; errors "
                f"{dict(zip(names, errors, strict=True))}",
            )
            now = counts.copy()
            previous = (levels, effects, now)
            added = greedy_plan(
                lambda more, lv=levels, ef=effects, c=now: predict_errors(
                    lv, ef, c, more, self.curve_exponent, self.probe_fraction
                ),
                objective,
                shares,
                costs,
                self.budget - spent,
                capacity - counts,
                self.batch_size,
                noise=noise,
            )
            if added.sum() == 0:
                break
            for g_index in np.flatnonzero(added):
                take(g_index, int(added[g_index]))
            spent = float(np.dot(counts, costs))
            round_ += 1
        self.counts_ = dict(zip(names, counts.tolist(), strict=True))
        self.spent_ = spent
        self.history_ = pd.DataFrame(history)
        self.effects_ = previous[1]
        self.curves_ = {
            name: LearningCurve().fit(*points[g]) for g, name in enumerate(names)
        }
        self.group_names_ = names
        if acquire is None:
            self.indices_ = np.concatenate(taken)
        return self

    def plot(self, ax=None):
        """Per-group error against samples acquired (needs matplotlib)."""
        import matplotlib.pyplot as plt

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


def baseline_counts(strategy, budget, costs, shares, capacity):
    """Equal or population-proportional allocation within the budget.

    ``strategy="equal"``: the same number of samples per group;
    ``"proportional"``: numbers proportional to ``shares``. Capped by
    ``capacity``; what a full group cannot take goes to the others.
    """
    costs, shares, capacity = (
        np.asarray(a, dtype=float) for a in (costs, shares, capacity)
    )
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
            # one sample at a time to the most under-allocated group with room;
            # if it cannot be afforded, stop rather than unbalance the split
            room = np.flatnonzero((counts < capacity) & (weights > 0))
            g = room[np.argmin(counts[room] / weights[room])]
            if costs[g] > remaining + 1e-12:
                return counts
            add = np.zeros_like(counts)
            add[g] = 1
        counts += add
        remaining -= float(np.dot(add, costs))
