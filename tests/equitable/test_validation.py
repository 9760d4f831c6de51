"""Bad input to the equitable allocators: the right result or a clear error.

Every error names the parameter, the value received and what is accepted.
"""

import warnings

import numpy as np
import pytest
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression

from imbalance_kit.equitable import (
    AdaptiveAllocator,
    EquitableSampler,
    LearningCurve,
    average_error,
    baseline_counts,
    gap_penalised,
    overall_error,
    power_law,
    worst_group_error,
)


def _pool(n=120, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    y = (X[:, 0] > 0).astype(int)
    groups = np.repeat([0, 1], n // 2)
    return X, y, groups


def _allocator(**params):
    params = {"budget": 60, "batch_size": 20, "initial_per_group": 10, **params}
    return AdaptiveAllocator(LogisticRegression(), **params)


def _sampler(strategy, **params):
    params = {"budget": 60, "batch_size": 20, "initial_per_group": 10, **params}
    return EquitableSampler(strategy=strategy, **params)


STRATEGIES = ["equal", "proportional", "adaptive"]


# -- costs ---------------------------------------------------------------------

BAD_COSTS = [
    ({0: 1.0}, r"costs.*no entry for group.*\[1\]"),
    ({0: 0.0, 1: 1.0}, r"costs.*positive finite.*got \{0: 0\.0, 1: 1\.0\}"),
    ({0: -2.0, 1: 1.0}, r"costs.*positive finite.*-2\.0"),
    ({0: np.nan, 1: 1.0}, r"costs.*positive finite.*nan"),
    ({0: np.inf, 1: 1.0}, r"costs.*positive finite.*inf"),
    ({0: "cheap", 1: 1.0}, r"costs.*positive finite.*'cheap'"),
]


@pytest.mark.parametrize("costs, message", BAD_COSTS)
def test_allocator_rejects_bad_costs_by_name(costs, message):
    X, y, groups = _pool()
    with pytest.raises(ValueError, match=message):
        _allocator(costs=costs).fit(X, y, groups)


@pytest.mark.parametrize("strategy", STRATEGIES)
@pytest.mark.parametrize("costs, message", BAD_COSTS)
def test_sampler_rejects_bad_costs_by_name(strategy, costs, message):
    X, y, groups = _pool()
    with pytest.raises(ValueError, match=message):
        _sampler(strategy, costs=costs).fit_resample(X, y, groups=groups)


def test_costs_for_groups_absent_from_the_data_are_ignored():
    # a cost table can cover more groups than one data set (or one CV fold)
    X, y, groups = _pool()
    sampler = _sampler("equal", costs={0: 1.0, 1: 1.0, "other": 5.0})
    sampler.fit_resample(X, y, groups=groups)
    assert sampler.counts_ == {0: 30, 1: 30}


# -- groups --------------------------------------------------------------------


def _with_missing(groups, missing):
    out = groups.astype(object if missing is None else float)
    out[7] = missing
    return out


@pytest.mark.parametrize("missing", [None, np.nan])
def test_allocator_rejects_missing_group_labels(missing):
    X, y, groups = _pool()
    with pytest.raises(ValueError, match=r"groups.*None or NaN.*row 7"):
        _allocator().fit(X, y, _with_missing(groups, missing))


@pytest.mark.parametrize("strategy", STRATEGIES)
@pytest.mark.parametrize("missing", [None, np.nan])
def test_sampler_rejects_missing_group_labels(strategy, missing):
    X, y, groups = _pool()
    with pytest.raises(ValueError, match=r"groups.*None or NaN.*row 7"):
        _sampler(strategy).fit_resample(X, y, groups=_with_missing(groups, missing))


def test_groups_of_mixed_incomparable_types_are_refused_by_name():
    X, y, groups = _pool()
    mixed = groups.astype(object)
    mixed[0] = "a"
    with pytest.raises(ValueError, match=r"groups.*one type"):
        _allocator().fit(X, y, mixed)


@pytest.mark.parametrize("delta", [-1, 1])
def test_allocator_rejects_groups_of_the_wrong_length(delta):
    X, y, groups = _pool()
    groups = np.resize(groups, len(groups) + delta)
    with pytest.raises(ValueError, match=rf"groups.*120 rows.*got {120 + delta}"):
        _allocator().fit(X, y, groups)


@pytest.mark.parametrize("delta", [-1, 1])
def test_allocator_rejects_y_of_the_wrong_length(delta):
    X, y, groups = _pool()
    y = np.resize(y, len(y) + delta)
    with pytest.raises(ValueError, match=rf"X with 120 rows and y with {120 + delta}"):
        _allocator().fit(X, y, groups)


@pytest.mark.parametrize("strategy", STRATEGIES)
@pytest.mark.parametrize("delta", [-1, 1])
def test_sampler_rejects_y_of_the_wrong_length(strategy, delta):
    # a y one row short or long is refused, never a row dropped or misaligned
    X, y, groups = _pool()
    y = np.resize(y, len(y) + delta)
    with pytest.raises(ValueError, match=rf"\[120, {120 + delta}\]"):
        _sampler(strategy).fit_resample(X, y, groups=groups)


@pytest.mark.parametrize("strategy", STRATEGIES)
@pytest.mark.parametrize("delta", [-1, 1])
def test_sampler_rejects_groups_of_the_wrong_length(strategy, delta):
    X, y, groups = _pool()
    groups = np.resize(groups, len(groups) + delta)
    with pytest.raises(ValueError, match=rf"groups.*120 rows.*got {120 + delta}"):
        _sampler(strategy).fit_resample(X, y, groups=groups)


def test_two_dimensional_groups_are_refused_by_name():
    X, y, groups = _pool()
    with pytest.raises(ValueError, match=r"groups.*one label per row.*shape"):
        _allocator().fit(X, y, groups[:, None])


# -- budget --------------------------------------------------------------------


@pytest.mark.parametrize(
    "budget, shown", [(np.nan, "nan"), (np.inf, "inf"), (0, "0"), (-5.0, "-5.0"),
                      ("100", "'100'")],
)  # fmt: skip
def test_allocator_rejects_non_finite_or_non_positive_budgets(budget, shown):
    # the message names the parameter, what is accepted and the value received
    X, y, groups = _pool()
    with pytest.raises(
        ValueError, match=rf"'budget' parameter.*range \(0(\.0)?, inf\).*Got {shown} "
    ):
        _allocator(budget=budget).fit(X, y, groups)


@pytest.mark.parametrize("strategy", STRATEGIES)
@pytest.mark.parametrize("budget", [np.nan, np.inf])
def test_sampler_rejects_non_finite_budgets(strategy, budget):
    X, y, groups = _pool()
    with pytest.raises(ValueError, match=r"budget.*(nan|inf)"):
        _sampler(strategy, budget=budget).fit_resample(X, y, groups=groups)


def test_allocator_budget_above_the_pool_takes_the_whole_pool():
    # documented: a budget that covers every row takes every row once
    X, y, groups = _pool(n=60)
    alloc = _allocator(budget=1000, costs={0: 1.0, 1: 2.0}).fit(X, y, groups)
    np.testing.assert_array_equal(np.sort(alloc.indices_), np.arange(60))
    assert alloc.counts_ == {0: 30, 1: 30}
    assert alloc.spent_ == 30 * 1.0 + 30 * 2.0


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_sampler_budget_above_the_pool_keeps_every_row(strategy):
    X, y, groups = _pool(n=60)
    sampler = _sampler(strategy, budget=10_000)
    X_res, y_res = sampler.fit_resample(X, y, groups=groups)
    np.testing.assert_array_equal(sampler.sample_indices_, np.arange(60))
    np.testing.assert_array_equal(X_res, X)


# -- baseline_counts -------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"strategy": "proportionnal"}, r"strategy.*'equal' or 'proportional'.*"),
        ({"budget": np.nan}, r"budget.*positive finite.*nan"),
        ({"budget": np.inf}, r"budget.*positive finite.*inf"),
        ({"costs": [1.0, 0.0]}, r"costs.*positive finite.*0\.0"),
        ({"costs": [1.0, np.nan]}, r"costs.*positive finite.*nan"),
        ({"costs": [1.0]}, r"costs.*2 groups.*got 1"),
        ({"shares": [0.5, np.nan]}, r"shares.*non-negative.*nan"),
        ({"shares": [0.0, 0.0]}, r"shares.*positive"),
        ({"shares": [-0.5, 1.5]}, r"shares.*non-negative.*-0\.5"),
        ({"capacity": [10, -1]}, r"capacity.*non-negative.*-1"),
        ({"capacity": [10, 2.5]}, r"capacity.*integer.*2\.5"),
    ],
)
def test_baseline_counts_rejects_bad_arguments_by_name(kwargs, message):
    args = {
        "strategy": "equal",
        "budget": 100,
        "costs": [1.0, 1.0],
        "shares": [0.9, 0.1],
        "capacity": [1000, 1000],
        **kwargs,
    }
    with pytest.raises(ValueError, match=message):
        baseline_counts(**args)


# -- objective, loss, shares ------------------------------------------------------


@pytest.mark.parametrize(
    "objective", [lambda e, s: np.nan, lambda e, s: np.inf, lambda e, s: "low"]
)
def test_allocator_rejects_objectives_that_return_no_finite_number(objective):
    X, y, groups = _pool()
    with pytest.raises(ValueError, match=r"objective.*finite number.*got"):
        _allocator(objective=objective).fit(X, y, groups)


def test_allocator_rejects_losses_that_return_nan_or_the_wrong_shape():
    X, y, groups = _pool()
    with pytest.raises(ValueError, match=r"loss.*one finite number per row.*nan"):
        _allocator(loss=lambda t, p: np.full(len(t), np.nan)).fit(X, y, groups)
    with pytest.raises(ValueError, match=r"loss.*one finite number per row.*shape"):
        _allocator(loss=lambda t, p: np.mean(t != p)).fit(X, y, groups)


@pytest.mark.parametrize(
    "shares, message",
    [
        ({0: 0.5}, r"shares.*no entry for group.*\[1\]"),
        ({0: 0.5, 1: np.nan}, r"shares.*non-negative finite.*nan"),
        ({0: -0.5, 1: 1.0}, r"shares.*non-negative finite.*-0\.5"),
        ({0: 0.0, 1: 0.0}, r"shares.*positive"),
    ],
)
def test_allocator_rejects_bad_shares_by_name(shares, message):
    X, y, groups = _pool()
    with pytest.raises(ValueError, match=message):
        _allocator(objective="overall", shares=shares).fit(X, y, groups)


# -- acquire -------------------------------------------------------------------


def _acquire(short=0, long=0, y_short=0, n_features=2):
    rng = np.random.default_rng(0)

    def acquire(group, n):
        X = rng.normal(size=(n - short + long, n_features))
        return X, (X[:, 0] > 0).astype(int)[: len(X) - y_short]

    return acquire


@pytest.mark.parametrize(
    "acquire, message",
    [
        (_acquire(short=1), r"acquire.*10 rows.*acquire\(0, 10\) returned X with 9 "),
        (_acquire(long=3), r"acquire.*10 rows.*acquire\(0, 10\) returned X with 13 "),
        (_acquire(y_short=2), r"acquire.*10 rows.*y with 8"),
        (lambda group, n: np.zeros((n, 2)), r"acquire.*\(X_new, y_new\)"),
    ],
)
def test_allocator_rejects_acquire_results_of_the_wrong_size(acquire, message):
    with pytest.raises(ValueError, match=message):
        _allocator().fit(acquire=acquire, group_names=[0, 1])


def test_allocator_rejects_acquire_batches_with_other_columns():
    calls = []

    def acquire(group, n):
        calls.append(group)
        X = np.zeros((n, 2 if len(calls) == 1 else 3))
        X[::2, 0] = 1
        return X, (X[:, 0] > 0).astype(int)

    with pytest.raises(ValueError, match=r"acquire.*3 columns.*first batch.*2"):
        _allocator().fit(acquire=acquire, group_names=[0, 1])


@pytest.mark.parametrize(
    "group_names, message",
    [
        (None, r"group_names"),
        ([], r"group_names"),
        ([0, 0], r"group_names.*distinct.*\[0, 0\]"),
        ([0, None], r"group_names.*None or NaN"),
    ],
)
def test_allocator_rejects_bad_group_names(group_names, message):
    with pytest.raises(ValueError, match=message):
        _allocator().fit(acquire=_acquire(), group_names=group_names)


def test_allocator_needs_a_pool_or_acquire_and_not_both():
    X, y, groups = _pool()
    with pytest.raises(ValueError, match=r"X, y and groups.*or.*acquire"):
        _allocator().fit(X, y)
    with pytest.raises(ValueError, match=r"not both"):
        _allocator().fit(X, y, groups, acquire=_acquire(), group_names=[0, 1])


# -- objectives, learning curves ---------------------------------------------------


@pytest.mark.parametrize(
    "objective", [overall_error, average_error, worst_group_error, gap_penalised(1.0)]
)
def test_objectives_refuse_shares_of_another_length_and_no_groups(objective):
    with pytest.raises(ValueError, match=r"shares.*one share per group.*\(3\)"):
        objective([0.1, 0.3, 0.2], [0.5, 0.5])
    with pytest.raises(ValueError, match=r"errors.*non-empty.*shape \(0,\)"):
        objective([], [])


@pytest.mark.parametrize("mu", [np.nan, -1.0, np.inf, "1"])
def test_gap_penalised_refuses_a_bad_mu(mu):
    with pytest.raises(ValueError, match=r"mu must be a non-negative finite"):
        gap_penalised(mu)


def test_power_law_at_zero_and_negative_sizes():
    # no data: infinite error (a > 0, b > 0), without a RuntimeWarning
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = power_law([0.0, 4.0], 2.0, 0.5, 0.1)
    np.testing.assert_array_equal(got, [np.inf, 2.0 / 2.0 + 0.1])
    np.testing.assert_array_equal(power_law([0.0, 4.0], 0.0, 0.5, 0.1), [0.1, 0.1])
    with pytest.raises(ValueError, match=r"n must hold non-negative.*-1\.0"):
        power_law([-1.0, 4.0], 2.0, 0.5, 0.1)


def test_learning_curve_refuses_non_finite_points_and_predicting_unfitted():
    sizes = [10.0, 20.0, 50.0]
    with pytest.raises(ValueError, match=r"errors must be finite.*nan"):
        LearningCurve().fit(sizes, [0.3, np.nan, 0.2])
    with pytest.raises(ValueError, match=r"sizes must be positive finite.*0\.0"):
        LearningCurve().fit([0.0, 20.0, 50.0], [0.3, 0.25, 0.2])
    with pytest.raises(NotFittedError):
        LearningCurve().predict(sizes)
