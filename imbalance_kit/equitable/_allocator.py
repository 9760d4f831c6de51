"""Budgeted, learning-curve-driven allocation of samples across groups."""

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from ..utils._progress import say
from ._curves import LearningCurve
from ._objectives import resolve_objective


def per_group_errors(estimator, X, y, groups, group_names, n_splits, random_state):
    """Cross-validated error of ``estimator`` on each group's samples."""
    folds = min(n_splits, int(np.bincount(np.unique(y, return_inverse=True)[1]).min()))
    if folds < 2:
        pred = clone(estimator).fit(X, y).predict(X)  # too few for CV: training error
    else:
        cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=random_state)
        pred = cross_val_predict(clone(estimator), X, y, cv=cv)
    return np.array([np.mean(pred[groups == g] != y[groups == g]) for g in group_names])


def greedy_plan(
    curves, counts, costs, shares, objective, budget_left, capacity, n_units
):
    """Add up to ``n_units`` samples, one by one, where the objective gains most.

    ``capacity[g]`` caps group ``g``'s additions. Returns the added counts.
    """
    planned = counts.astype(float).copy()
    added = np.zeros(len(counts), dtype=int)
    for _ in range(n_units):
        affordable = (costs <= budget_left + 1e-12) & (added < capacity)
        if not affordable.any():
            break
        now = np.array([c.predict(n) for c, n in zip(curves, planned, strict=True)])
        base = objective(now, shares)
        gains = np.full(len(counts), -np.inf)
        own = np.full(len(counts), -np.inf)
        for g in np.flatnonzero(affordable):
            after = now.copy()
            after[g] = curves[g].predict(planned[g] + 1)
            gains[g] = (base - objective(after, shares)) / costs[g]
            own[g] = (now[g] - after[g]) / costs[g]
        # objectives like the worst group are flat in most groups: break ties by
        # the group's own predicted improvement per cost
        best = np.flatnonzero(gains >= gains.max() - 1e-15)
        g = best[np.argmax(own[best])]
        planned[g] += 1
        added[g] += 1
        budget_left -= costs[g]
    return added


class AdaptiveAllocator:
    """Spend a data budget on the groups where learning curves say it helps most.

    Sequential allocation after Cai et al. (2022): start with
    ``initial_per_group`` samples of each group; then, every round, measure each
    group's cross-validated error of ``estimator`` trained on everything
    collected so far, fit each group's power-law learning curve to its error
    history, and spend the next ``batch_size`` samples one by one where the
    fitted curves predict the largest objective gain per unit cost. Stops when
    no group is affordable (or a pool runs out); the cost spent never exceeds
    ``budget``.

    Parameters
    ----------
    estimator : classifier
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
    n_splits : int, default=3
    verbose : int, default=0
        Print each round's spending, counts and errors (stderr).
    random_state : int or None, default=None

    Attributes
    ----------
    counts_ : dict
        Samples acquired per group.
    spent_ : float
    history_ : DataFrame
        One row per round and group: ``round, group, n, error, predicted``
        (the error the group's curve predicted for that size).
    curves_ : dict of LearningCurve
    indices_ : ndarray of int
        Pool rows taken (pool mode).

    References
    ----------
    .. [1] W. Cai, R. Encarnacion, B. Chern, S. Corbett-Davies, M. Bogen,
       S. Bergman, S. Goel, "Adaptive sampling strategies to construct
       equitable training datasets", FAccT 2022.

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
        n_splits=3,
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
        self.n_splits = n_splits
        self.random_state = random_state
        self.verbose = verbose

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
        rng = np.random.default_rng(self.random_state)
        objective = resolve_objective(self.objective)
        if acquire is None:
            if X is None or y is None or groups is None:
                raise ValueError("give a pool (X, y, groups) or an acquire callable.")
            X, y, groups = np.asarray(X), np.asarray(y), np.asarray(groups)
            names = np.unique(groups).tolist()
            order = {g: rng.permutation(np.flatnonzero(groups == g)) for g in names}
            capacity = np.array([len(order[g]) for g in names])
            default_shares = capacity / capacity.sum()
        else:
            if not group_names:
                raise ValueError("acquire needs group_names.")
            names = list(group_names)
            capacity = np.full(len(names), np.iinfo(np.int64).max // 4)
            default_shares = np.full(len(names), 1 / len(names))
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
        counts = np.zeros(len(names), dtype=int)
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
        history, points = [], {g: ([], []) for g in range(len(names))}
        curves = [LearningCurve() for _ in names]
        round_ = 0
        while True:
            X_now, y_now, g_now = (
                np.concatenate(p) for p in (parts_X, parts_y, parts_g)
            )
            errors = per_group_errors(
                self.estimator,
                X_now,
                y_now,
                g_now,
                range(len(names)),
                self.n_splits,
                self.random_state,
            )
            for g in range(len(names)):
                points[g][0].append(counts[g])
                points[g][1].append(errors[g])
                history.append(
                    {
                        "round": round_,
                        "group": names[g],
                        "n": int(counts[g]),
                        "error": float(errors[g]),
                        "predicted": float(curves[g].predict(counts[g]))
                        if hasattr(curves[g], "params_")
                        else np.nan,
                    }
                )
                curves[g] = LearningCurve().fit(*points[g])
            say(
                self.verbose,
                f"round {round_}: spent {spent:g} of {self.budget:g}; counts "
                f"{dict(zip(names, counts.tolist(), strict=True))}; errors "
                f"{dict(zip(names, np.round(errors, 4).tolist(), strict=True))}",
            )
            added = greedy_plan(
                curves,
                counts,
                costs,
                shares,
                objective,
                self.budget - spent,
                capacity - counts,
                self.batch_size,
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
        self.curves_ = dict(zip(names, curves, strict=True))
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
            ax.plot(part["n"], part["error"], marker="o", label=str(name))
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
