"""Select a budgeted, equitable subset of a labelled pool."""

import numbers

import numpy as np
from imblearn.base import BaseSampler
from imblearn.utils._validation import ArraysTransformer
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.utils import _safe_indexing
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.multiclass import type_of_target
from sklearn.utils.validation import validate_data

from ..utils._interface import SamplerInterfaceMixin
from ..utils._pandas import keep_row_index
from ._allocator import AdaptiveAllocator, baseline_counts, pool_orders
from ._validation import GROUPS_HOW, check_groups, group_costs


class _AnyTargetSelection:
    """Row selection for continuous targets too (regression data sets).

    imbalanced-learn's ``fit_resample`` rejects a continuous ``y``; a sampler
    that only selects rows does not care, so it is validated as numeric and
    passed through.
    """

    def fit_resample(self, X, y, **params):
        if type_of_target(y) != "continuous":
            return super().fit_resample(X, y, **params)
        self._validate_params()
        arrays = ArraysTransformer(X, y)
        X_checked, y_checked = validate_data(
            self, X=X, y=y, reset=True, accept_sparse=["csr", "csc"], y_numeric=True
        )
        self.sampling_strategy_ = {}
        X_res, y_res = self._fit_resample(X_checked, y_checked, **params)
        return arrays.transform(X_res, y_res)


class EquitableSampler(SamplerInterfaceMixin, _AnyTargetSelection, BaseSampler):
    """Keep a budgeted subset of the data, allocated across demographic groups.

    ``fit_resample(X, y, groups=groups)`` selects rows of each group:
    ``strategy="equal"`` the same number per group, ``"proportional"`` numbers
    proportional to the groups' shares of the data, ``"adaptive"`` the
    learning-curve-driven allocation of :class:`AdaptiveAllocator` (Cai et al.
    2022). Rows are drawn at random within groups: every strategy takes the
    first rows of one random order per group, fixed by ``random_state``, so
    that with the same ``random_state`` strategies (and budgets) differ only
    in how many rows of each group they keep, and the smaller selection of a
    group is part of the larger. The cost spent never exceeds ``budget``; a
    budget that covers every row keeps every row. ``y`` may be class labels
    or, with a regressor as ``estimator``, a continuous target.

    ``groups`` is required: ``fit_resample(X, y, groups=groups)``. In a
    pipeline, :mod:`imbalance_kit.pipeline` passes ``pipe.fit(X, y,
    groups=groups)`` to it with metadata routing off; with routing on, request
    them with ``set_fit_resample_request(groups=True)`` (the only way through
    imbalanced-learn's Pipeline).

    Parameters
    ----------
    budget : float
        Total cost to keep, positive and finite.
    strategy : {"adaptive", "equal", "proportional"}, default="adaptive"
    estimator : estimator, default=None
        Used by the adaptive strategy; defaults to
        ``LogisticRegression(max_iter=1000)``.
    objective : {"overall", "average", "worst", "gap"} or callable, default="worst"
    costs : dict or None, default=None
        Cost of one row of each group: a positive finite number for every
        group in ``groups`` (default 1 each).
    batch_size : int, default=50
    initial_per_group : int, default=20
    loss : {"zero_one", "squared"}, callable or None, default=None
        Per-row loss of the adaptive strategy (see :class:`AdaptiveAllocator`).
    level_model : {"test", "hierarchical"}, default="test"
        How the adaptive strategy pools the groups' error levels (see
        :class:`AdaptiveAllocator`).
    random_state : int or None, default=None
    verbose : int, default=0
        Show the adaptive allocator's progress (see :class:`AdaptiveAllocator`).

    Attributes
    ----------
    counts_ : dict
        Rows kept per group.
    sample_indices_ : ndarray of int
    allocator_ : AdaptiveAllocator
        With ``strategy="adaptive"``.

    Examples
    --------
    >>> import numpy as np
    >>> from imbalance_kit.equitable import EquitableSampler
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(1000, 2)); y = (X[:, 0] > 0).astype(int)
    >>> groups = np.where(rng.uniform(size=1000) < 0.8, "a", "b")
    >>> sampler = EquitableSampler(budget=200, strategy="equal", random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y, groups=groups)
    >>> sampler.counts_
    {'a': 100, 'b': 100}
    """

    _sampling_type = "bypass"
    _parameter_constraints: dict = {
        "budget": [Interval(numbers.Real, 0, None, closed="neither")],
        "strategy": [StrOptions({"adaptive", "equal", "proportional"})],
        "estimator": [HasMethods(["fit", "predict"]), None],
        "objective": [StrOptions({"overall", "average", "worst", "gap"}), callable],
        "costs": [dict, None],
        "batch_size": [Interval(numbers.Integral, 1, None, closed="left")],
        "initial_per_group": [Interval(numbers.Integral, 1, None, closed="left")],
        "loss": [StrOptions({"zero_one", "squared"}), callable, None],
        "level_model": [StrOptions({"test", "hierarchical"})],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        budget,
        *,
        strategy="adaptive",
        estimator=None,
        objective="worst",
        costs=None,
        batch_size=50,
        initial_per_group=20,
        loss=None,
        level_model="test",
        random_state=None,
        verbose=0,
    ):
        super().__init__()
        self.sampling_strategy = "auto"
        self.budget = budget
        self.strategy = strategy
        self.estimator = estimator
        self.objective = objective
        self.costs = costs
        self.batch_size = batch_size
        self.initial_per_group = initial_per_group
        self.loss = loss
        self.level_model = level_model
        self.random_state = random_state
        self.verbose = verbose

    def fit_resample(self, X, y, *, groups=None, sample_weight=None):
        """Select the rows.

        Parameters
        ----------
        X : {array-like, dataframe} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        groups : array-like of shape (n_samples,)
            Group of each row (required): one label per row, of one type, no
            None or NaN.
        sample_weight : array-like of shape (n_samples,), default=None
            Carried to ``sample_weight_`` for the selected rows.

        Returns
        -------
        X_resampled, y_resampled
            The selected rows; a DataFrame keeps their index.
        """
        if groups is None:
            raise ValueError(
                "EquitableSampler needs groups, one group label per row of X, and "
                f"got none. {GROUPS_HOW}"
            )
        X_res, y_res = super().fit_resample(
            X, y, groups=groups, sample_weight=sample_weight
        )
        return keep_row_index(X, X_res, y_res, self.sample_indices_)

    def _fit_resample(self, X, y, groups=None):
        groups, names = check_groups(groups, len(y))
        costs = group_costs(self.costs, names)
        rng = np.random.default_rng(self.random_state)
        if self.strategy == "adaptive":
            estimator = (
                LogisticRegression(max_iter=1000)
                if self.estimator is None
                else clone(self.estimator)
            )
            self.allocator_ = AdaptiveAllocator(
                estimator,
                self.budget,
                objective=self.objective,
                costs=self.costs,
                batch_size=self.batch_size,
                initial_per_group=self.initial_per_group,
                loss=self.loss,
                level_model=self.level_model,
                random_state=self.random_state,
                verbose=self.verbose,
            ).fit(X, y, groups)
            self.counts_ = self.allocator_.counts_
            indices = np.sort(self.allocator_.indices_)
        else:
            capacity = [int(np.sum(groups == g)) for g in names]
            shares = np.array(capacity) / len(groups)
            counts = baseline_counts(
                self.strategy, self.budget, costs, shares, capacity
            )
            self.counts_ = dict(zip(names, counts.tolist(), strict=True))
            # the same per-group orders as the adaptive allocator's: with one
            # random_state, every strategy's selection is a prefix of them
            orders = pool_orders(groups, names, rng)
            indices = np.sort(
                np.concatenate(
                    [orders[g][:n] for g, n in zip(names, counts, strict=True)]
                )
            )
        self.sample_indices_ = indices
        return _safe_indexing(X, indices), _safe_indexing(y, indices)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.sampler_tags.sample_indices = True
        return tags
