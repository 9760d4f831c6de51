import itertools
import sys
import types

import numpy as np
import pandas as pd
import pytest
import sklearn
from imblearn.pipeline import make_pipeline as make_imb_pipeline
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression

from imbalance_kit.equitable import (
    AdaptiveAllocator,
    EquitableSampler,
    LearningCurve,
    average_error,
    baseline_counts,
    gap_penalised,
    power_law,
    worst_group_error,
)
from imbalance_kit.equitable._allocator import (
    _expected_objective,
    exchangeable_draws,
    greedy_plan,
    shared_draws,
)
from imbalance_kit.equitable._effects import (
    curve_share,
    estimate_round,
    hierarchical_level_draws,
    predict_errors,
    shrink,
    zero_one_loss,
)
from imbalance_kit.pipeline import make_pipeline as make_ik_pipeline
from tests.naive.hierarchical import posterior_means


@pytest.mark.parametrize(
    "a, b, c", [(2.0, 0.7, 0.1), (0.5, 0.3, 0.02), (5.0, 1.2, 0.0)]
)
def test_curve_recovers_noiseless_power_law(a, b, c):
    n = np.array([5, 10, 20, 50, 100, 200, 500, 1000])
    curve = LearningCurve().fit(n, power_law(n, a, b, c))
    np.testing.assert_allclose(curve.params_, [a, b, c], rtol=1e-3, atol=1e-4)
    assert not curve.fallback_


def test_curve_recovers_noisy_power_law_within_its_interval():
    rng = np.random.default_rng(0)
    n = np.repeat([10, 20, 50, 100, 200, 500, 1000], 5)
    errors = power_law(n, 1.0, 0.5, 0.15) + rng.normal(0, 0.005, len(n))
    curve = LearningCurve(n_bootstrap=100, random_state=0).fit(n, errors)
    np.testing.assert_allclose(curve.params_, [1.0, 0.5, 0.15], rtol=0.15, atol=0.02)
    low, high = curve.predict_interval([2000])
    assert low[0] <= power_law(2000, 1.0, 0.5, 0.15) <= high[0]


def test_curve_fallback_with_few_sizes_still_decreases():
    # one size: the exponent is fixed at 0.5 and c at 0, and the curve passes
    # through the mean error there, a * 20 ** -0.5 = 0.31
    curve = LearningCurve().fit([20, 20], [0.3, 0.32])
    assert curve.fallback_
    np.testing.assert_allclose(curve.params_, [0.31 * np.sqrt(20), 0.5, 0.0])
    assert curve.predict(20) == pytest.approx(0.31)
    assert curve.predict(200) == pytest.approx(0.31 / np.sqrt(10))


def power_law_predictor(counts, curves):
    """``predict(added)`` for groups following known power laws ``(a, b, c)``."""

    def predict(added):
        return np.array(
            [
                power_law(n + a, *p)
                for n, a, p in zip(counts, added, curves, strict=True)
            ]
        )

    return predict


def test_greedy_plan_respects_budget_costs_and_capacity():
    curves = [(1.0, 0.5, 0.05), (3.0, 0.5, 0.05), (0.5, 0.5, 0.05)]
    counts = np.array([20, 20, 20])

    predict = power_law_predictor(counts, curves)

    costs = np.array([1.0, 2.5, 1.0])

    def plan(capacity):
        return greedy_plan(
            predict,
            gap_penalised(1.0),
            np.ones(3) / 3,
            costs,
            budget_left=41.0,
            capacity=np.array(capacity),
            n_units=1000,
        )

    free = plan([100, 100, 100])
    # the hardest group (largest a) gets samples despite its cost
    assert free[1] > 3
    capped = plan([100, 3, 100])
    assert capped[1] == 3  # its capacity binds, and holds
    for added in (free, capped):
        assert np.dot(added, costs) <= 41.0
        assert 41.0 - np.dot(added, costs) < costs.min()  # nothing affordable left


def test_greedy_plan_equals_brute_force_on_concave_curves():
    # separable concave gains and an additive objective: greedy is optimal
    curves = [(1.0, 0.5, 0.0), (2.0, 0.8, 0.1), (0.4, 0.3, 0.0)]
    counts = np.array([10, 30, 5])
    shares = np.array([0.5, 0.3, 0.2])

    predict = power_law_predictor(counts, curves)

    added = greedy_plan(
        predict,
        lambda e, s: float(np.dot(e, s)),
        shares,
        np.ones(3),
        budget_left=12,
        capacity=np.full(3, 100),
        n_units=12,
    )
    best = min(
        (
            (float(np.dot(predict(np.array([a, b, 12 - a - b])), shares)), (a, b))
            for a in range(13)
            for b in range(13 - a)
        ),
    )
    assert tuple(added[:2]) == best[1]


def test_predictions_follow_the_power_law_the_effects_were_measured_on():
    # a group whose error is a * n^-b + c, measured at n and fraction * n: the
    # prediction for any added count is the curve itself
    a, b, c, n, fraction = 2.0, 0.7, 0.05, 80.0, 0.5
    level = power_law(n, a, b, c)
    effect = power_law(fraction * n, a, b, c) - level
    for more in (0, 1, 10, 200):
        got = predict_errors(
            np.array([level]), np.array([[effect]]), np.array([n]), [more], b, fraction
        )
        np.testing.assert_allclose(got, [power_law(n + more, a, b, c)], rtol=1e-12)
    # share of the effect: 0 for nothing added, 1 for adding back the cut size
    assert curve_share(0, n, b, fraction) == 0.0
    assert curve_share(n, n, b, fraction) == pytest.approx(
        (1 - 2.0**-b) / (fraction**-b - 1)
    )


def test_shrink_pools_noise_and_keeps_clear_differences():
    # chi-square statistic (0.02^2 + 0.02^2) / 0.05^2 = 0.32, far below the
    # 1% point of chi2(2) (9.21): every value becomes the mean, 0.32
    same = shrink(np.array([0.30, 0.34, 0.32]), np.full(3, 0.05))
    np.testing.assert_allclose(same, 0.32, rtol=1e-12)
    # statistic 2 * 0.2^2 / 0.01^2 = 800 rejects; spread 0.08 - 0.0001, each
    # value moves 0.0799 / 0.08 of its distance from the mean 0.3
    apart = shrink(np.array([0.1, 0.5]), np.full(2, 0.01))
    np.testing.assert_allclose(apart, [0.3 - 0.2 * 0.99875, 0.3 + 0.2 * 0.99875])
    assert shrink(np.array([0.4]), np.array([0.1])) == pytest.approx(0.4)


def _level_draws(values, se, n_draws=3000, seed=0):
    rng = np.random.default_rng(seed)
    z = exchangeable_draws(rng, n_draws, len(values))
    u, w = shared_draws(rng, n_draws, len(z) // n_draws)
    return hierarchical_level_draws(np.array(values), np.array(se), z, u, w)


@pytest.mark.parametrize(
    "values, se",
    [
        ([0.60, 0.70, 0.80], [0.08, 0.08, 0.08]),
        ([0.10, 0.12, 0.30], [0.02, 0.03, 0.05]),
        ([0.50, 0.52], [0.10, 0.10]),
    ],
)
def test_hierarchical_levels_match_importance_sampling(values, se):
    means = _level_draws(values, se).mean(axis=0)
    reference = posterior_means(values, se)
    np.testing.assert_allclose(means, reference, atol=0.1 * min(se))
    # shrunk towards each other, in their order
    centre = np.mean(values)
    assert np.all(np.abs(means - centre) <= np.abs(np.array(values) - centre) + 1e-3)
    assert np.all(np.diff(means) >= 0)


def test_hierarchical_levels_treat_equal_estimates_alike_and_keep_clear_gaps():
    same = _level_draws([0.3, 0.3, 0.3], [0.05, 0.05, 0.05])
    means = same.mean(axis=0)
    assert np.ptp(means) < 1e-12
    # exchangeable: every group has the same draws up to their order
    np.testing.assert_allclose(np.sort(same[:, 0]), np.sort(same[:, 2]))
    apart = _level_draws([0.1, 0.5, 0.9], [0.01, 0.01, 0.01]).mean(axis=0)
    np.testing.assert_allclose(apart, [0.1, 0.5, 0.9], atol=0.002)


@pytest.mark.parametrize("seed", [0, 1])
def test_worst_group_objective_feeds_the_worst_group(seed):
    # group 1 follows its own, noisier rule (learnt through its interaction
    # features): it is the worst group and its own data helps it
    rng = np.random.default_rng(seed)
    n = 6000
    groups = rng.integers(0, 2, n)
    X = rng.normal(size=(n, 4))
    features = np.column_stack([X, X * groups[:, None], groups])
    rule = np.where(groups == 0, X[:, 0] + X[:, 1], X @ [0.5, -1.0, 1.0, 0.8])
    noise = rng.normal(0, 1, n) * np.where(groups == 0, 0.1, 0.8)
    y = (rule + noise > 0).astype(int)
    counts = {
        level_model: AdaptiveAllocator(
            LogisticRegression(),
            budget=400,
            objective="worst",
            batch_size=50,
            level_model=level_model,
            random_state=seed,
        )
        .fit(features, y, groups)
        .counts_
        for level_model in ("test", "hierarchical")
    }
    assert counts["test"][1] > counts["test"][0] + 25
    # the hierarchical posterior acts on the same evidence more strongly
    assert counts["hierarchical"][1] > counts["test"][1] + 25


def test_paired_effects_find_the_group_that_needs_data():
    # group 0's label depends on x0, group 1's on x1 through its own
    # interaction: group 1's data matters for group 1, not for group 0
    rng = np.random.default_rng(0)
    n = 400
    groups = np.repeat([0, 1], n // 2)
    X = rng.normal(size=(n, 2))
    features = np.column_stack([X, X * groups[:, None], groups])
    y = np.where(groups == 0, X[:, 0] > 0, X[:, 1] > 0).astype(int)
    estimate = estimate_round(
        LogisticRegression(),
        features,
        y,
        groups,
        2,
        zero_one_loss,
        fraction=0.2,
        n_splits=3,
        n_repeats=2,
        rng=np.random.default_rng(1),
    )
    assert estimate.effects[1, 1] > 3 * estimate.effect_se[1, 1]
    assert abs(estimate.effects[0, 1]) < estimate.effects[1, 1]
    assert (estimate.level_se > 0).all() and (estimate.levels < 0.2).all()


def test_regressor_with_squared_loss_and_continuous_target():
    from sklearn.linear_model import Ridge

    rng = np.random.default_rng(5)
    X = rng.normal(size=(3000, 3))
    groups = rng.integers(0, 2, 3000)
    y = X[:, 0] + groups * X[:, 1] + rng.normal(0, 0.5 + groups, 3000)
    sampler = EquitableSampler(
        budget=300, estimator=Ridge(), batch_size=100, random_state=0
    )
    X_res, y_res = sampler.fit_resample(X, y, groups=groups)
    assert len(y_res) == sum(sampler.counts_.values()) <= 300
    np.testing.assert_array_equal(y_res, y[sampler.sample_indices_])
    # errors are mean squared errors: at least about each group's noise
    # variance (0.25 and 2.25), not misclassification rates in [0, 1]
    history = sampler.allocator_.history_
    error = {g: part["error"].to_numpy() for g, part in history.groupby("group")}
    assert (error[0] > 0.2).all() and (error[0] < 1.0).all()
    assert (error[1] > 0.8 * 2.25).all()
    # the default objective is the worst group, group 1
    assert sampler.counts_[1] > sampler.counts_[0]
    with pytest.raises(ValueError, match="'loss' parameter of AdaptiveAllocator"):
        AdaptiveAllocator(Ridge(), 100, loss="hinge").fit(X, y, groups)


@pytest.mark.parametrize("costs", [None, {0: 1.0, 1: 3.0, 2: 0.5}])
def test_allocator_spends_within_budget_exactly(costs):
    rng = np.random.default_rng(1)
    X = rng.normal(size=(3000, 4))
    groups = rng.integers(0, 3, 3000)
    y = (X[:, 0] + 0.8 * groups * X[:, 1] + rng.normal(0, 0.3, 3000) > 0).astype(int)
    alloc = AdaptiveAllocator(
        LogisticRegression(), budget=500, costs=costs, batch_size=80, random_state=0
    ).fit(X, y, groups)
    unit = np.array([1.0 if costs is None else costs[g] for g in (0, 1, 2)])
    spent = sum(alloc.counts_[g] * unit[g] for g in (0, 1, 2))
    assert spent == pytest.approx(alloc.spent_) and spent <= 500
    assert 500 - spent < unit.min()
    assert (
        len(np.unique(alloc.indices_))
        == len(alloc.indices_)
        == sum(alloc.counts_.values())
    )
    # counts_ are the groups of the rows drawn, not only their total
    np.testing.assert_array_equal(
        np.bincount(groups[alloc.indices_], minlength=3),
        [alloc.counts_[g] for g in (0, 1, 2)],
    )
    assert set(alloc.history_.columns) >= {"round", "group", "n", "error", "predicted"}


def _two_identical_groups(seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(4000, 3))
    groups = np.repeat([0, 1], 2000)
    y = (X[:, 0] + rng.normal(0, 0.5, 4000) > 0).astype(int)  # one task for both
    return X, y, groups


@pytest.mark.parametrize("objective", ["average", "worst", "overall"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_identical_groups_get_equal_allocation_within_a_batch(objective, seed):
    X, y, groups = _two_identical_groups(seed)
    batch = 50
    alloc = AdaptiveAllocator(
        LogisticRegression(),
        budget=400,
        objective=objective,
        batch_size=batch,
        random_state=seed,
    ).fit(X, y, groups)
    assert abs(alloc.counts_[0] - alloc.counts_[1]) <= batch


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_hierarchical_levels_keep_identical_groups_within_the_documented_range(
    seed,
):
    # level_model="hierarchical" acts on weak evidence, so identical groups
    # drift apart more than with the test model; its docstring promises at
    # most 3 batches under the worst-group objective (measured 2 to 140 of
    # 400 over seeds 0-5)
    X, y, groups = _two_identical_groups(seed)
    alloc = AdaptiveAllocator(
        LogisticRegression(),
        budget=400,
        objective="worst",
        batch_size=50,
        level_model="hierarchical",
        random_state=seed,
    ).fit(X, y, groups)
    assert abs(alloc.counts_[0] - alloc.counts_[1]) <= 3 * 50


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_three_identical_groups_stay_close_to_equal(seed):
    # measured over seeds 0-9 and the four objectives: 35 of 40 runs within
    # one batch of equal, the rest within two (a round's homogeneity test
    # rejects by chance)
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(6000, 3))
    groups = np.repeat([0, 1, 2], 2000)
    y = (X[:, 0] + rng.normal(0, 0.5, 6000) > 0).astype(int)
    batch = 50
    alloc = AdaptiveAllocator(
        LogisticRegression(), budget=600, batch_size=batch, random_state=seed
    ).fit(X, y, groups)
    counts = np.array(list(alloc.counts_.values()))
    assert counts.sum() == 600
    assert counts.max() - counts.min() <= 2 * batch


def test_baseline_counts():
    assert baseline_counts("equal", 100, [1, 1], [0.9, 0.1], [1000, 1000]).tolist() == [
        50,
        50,
    ]
    assert baseline_counts(
        "proportional", 100, [1, 1], [0.9, 0.1], [1000, 1000]
    ).tolist() == [90, 10]
    counts = baseline_counts("equal", 100, [1, 1], [0.5, 0.5], [1000, 20])
    assert counts.tolist() == [80, 20]  # a full group's share moves on
    # 33 pairs cost 99; the 2 left buy one more of the cheap group, not of both
    counts = baseline_counts("equal", 101, [1, 2], [0.5, 0.5], [1000, 1000])
    assert counts.tolist() == [34, 33]
    # proportional at unequal costs: 3 a-samples per b-sample, 3 * 1 + 1 * 3 = 6
    # per round, 10 rounds
    counts = baseline_counts("proportional", 60, [1, 3], [0.75, 0.25], [100, 100])
    assert counts.tolist() == [30, 10]
    # a budget above the pool takes the whole pool
    counts = baseline_counts("proportional", 10**6, [1, 1], [0.9, 0.1], [40, 7])
    assert counts.tolist() == [40, 7]


@pytest.mark.parametrize("strategy", ["equal", "proportional"])
def test_baseline_counts_do_not_depend_on_the_order_of_the_groups(strategy):
    # 33 pairs cost 99 and the 1 left buys one more of the cheap group,
    # whichever position it has (it used to go to the first group, which
    # could not afford it, so [2, 1] left 1 unspent where [1, 2] spent it)
    assert baseline_counts("equal", 100, [2, 1], [0.5, 0.5], [99, 99]).tolist() == [
        33,
        34,
    ]
    rng = np.random.default_rng(0)
    for _ in range(200):
        k = int(rng.integers(2, 5))
        # distinct costs: groups alike in everything cannot be told apart
        costs = rng.choice([0.5, 1.0, 2.0, 3.0, 5.0], k, replace=False)
        shares = rng.choice([1.0, 2.0, 3.0], k)
        capacity = rng.integers(0, 30, k)
        budget = float(rng.integers(1, 80))
        counts = baseline_counts(strategy, budget, costs, shares, capacity)
        order = rng.permutation(k)
        permuted = baseline_counts(
            strategy, budget, costs[order], shares[order], capacity[order]
        )
        np.testing.assert_array_equal(permuted, counts[order])


@pytest.mark.parametrize(
    "strategy, expected",
    [
        ("equal", {"big": 150, "small": 150}),
        # the pool is 1200 big and 300 small rows: 4/5 and 1/5 of 300
        ("proportional", {"big": 240, "small": 60}),
        ("adaptive", None),
    ],
)
def test_equitable_sampler(strategy, expected):
    rng = np.random.default_rng(3)
    index = pd.Index(np.arange(1500)[::-1] * 7 + 3)  # not 0..n-1
    X = pd.DataFrame(rng.normal(size=(1500, 3)), columns=list("abc"), index=index)
    groups = rng.permutation(np.repeat(["big", "small"], [1200, 300]))
    y = (X["a"] > 0).astype(int).to_numpy()
    sampler = EquitableSampler(
        budget=300, strategy=strategy, batch_size=60, random_state=0
    )
    X_res, y_res = sampler.fit_resample(X, y, groups=groups)
    rows = sampler.sample_indices_
    # distinct input rows, in input order, their index and values kept
    assert np.all(np.diff(rows) > 0)
    pd.testing.assert_frame_equal(X_res, X.iloc[rows])
    np.testing.assert_array_equal(y_res, y[rows])
    kept = dict(zip(*np.unique(groups[rows], return_counts=True), strict=True))
    assert sampler.counts_ == {g: int(n) for g, n in kept.items()}
    if expected is not None:
        assert sampler.counts_ == expected
    else:  # unit costs and a large pool: the whole budget is spent
        assert len(rows) == 300


def test_equitable_sampler_without_groups_says_how_to_pass_them():
    X, y = np.zeros((10, 2)), np.arange(10) % 2
    with pytest.raises(ValueError) as error:
        EquitableSampler(budget=4).fit_resample(X, y)
    message = str(error.value)
    assert "needs groups" in message and "got none" in message
    assert "fit_resample(X, y, groups=groups)" in message
    assert "set_fit_resample_request(groups=True)" in message
    assert "enable_metadata_routing=True" in message


def test_strategies_and_budgets_select_nested_rows_of_each_group():
    # one random order per group serves every strategy and budget: a smaller
    # selection of a group is part of a larger one, so strategies compared
    # with one random_state differ only in their counts
    rng = np.random.default_rng(5)
    X = rng.normal(size=(2000, 3))
    groups = rng.choice(["a", "b", "c"], 2000, p=[0.6, 0.3, 0.1])
    y = (X[:, 0] + (groups == "c") * X[:, 1] > 0).astype(int)
    selections = []
    for budget in (150, 300):
        for strategy in ("equal", "proportional", "adaptive"):
            sampler = EquitableSampler(
                budget=budget, strategy=strategy, batch_size=60, random_state=7
            )
            sampler.fit_resample(X, y, groups=groups)
            selections.append(sampler.sample_indices_)
    for g in ("a", "b", "c"):
        per_group = sorted(
            (set(rows[groups[rows] == g].tolist()) for rows in selections), key=len
        )
        sizes = [len(rows) for rows in per_group]
        assert len(set(sizes)) > 2  # the strategies really differ
        for smaller, larger in itertools.pairwise(per_group):
            assert smaller <= larger


def _pipeline_data():
    rng = np.random.default_rng(4)
    X = rng.normal(size=(800, 3))
    groups = rng.integers(0, 2, 800)
    y = (X[:, 0] + groups * X[:, 1] > 0).astype(int)
    return X, y, groups


@pytest.mark.parametrize(
    "kind, routing, how",
    [
        ("imbalance_kit", False, "groups"),
        ("imbalance_kit", False, "equitablesampler__groups"),
        ("imbalance_kit", True, "groups"),
        ("imblearn", True, "groups"),
    ],
)
def test_equitable_sampler_in_a_pipeline_receives_groups(kind, routing, how):
    # the classifier after the sampler is fitted on exactly the selected rows
    X, y, groups = _pipeline_data()
    make = make_ik_pipeline if kind == "imbalance_kit" else make_imb_pipeline
    with sklearn.config_context(enable_metadata_routing=routing):
        sampler = EquitableSampler(budget=200, strategy="equal", random_state=0)
        if routing:
            sampler.set_fit_resample_request(groups=True)
        pipe = make(sampler, LogisticRegression()).fit(X, y, **{how: groups})
    rows = pipe[0].sample_indices_
    assert pipe[0].counts_ == {0: 100, 1: 100}
    assert np.bincount(groups[rows]).tolist() == [100, 100]
    by_hand = LogisticRegression().fit(X[rows], y[rows])
    np.testing.assert_allclose(pipe[-1].coef_, by_hand.coef_, rtol=1e-10)


def test_imblearn_pipeline_without_routing_gets_an_error_that_names_routing():
    # imbalanced-learn's Pipeline drops step__groups for a sampler when
    # routing is off; the error says what works instead
    X, y, groups = _pipeline_data()
    pipe = make_imb_pipeline(EquitableSampler(budget=200), LogisticRegression())
    with pytest.raises(ValueError, match=r"imbalance_kit.pipeline.*routing"):
        pipe.fit(X, y, equitablesampler__groups=groups)


@pytest.mark.parametrize(
    "param, value, accepted",
    [
        ("level_model", "bayes", r"a str among \{.*'hierarchical'.*\}"),
        ("probe_fraction", 1.0, r"a float in the range \(0(\.0)?, 1(\.0)?\)"),
        ("optimism", -1.0, r"a float in the range \[0(\.0)?, inf\)"),
        ("n_splits", 1, r"an int in the range \[2, inf\)"),
        ("budget", np.nan, r"a float in the range \(0(\.0)?, inf\)"),
        ("costs", [1.0, 2.0], r"an instance of 'dict' or None"),
        ("estimator", "logistic", r"an object implementing 'fit' and 'predict'"),
    ],
)
def test_allocator_rejects_bad_parameters_by_name(param, value, accepted):
    # scikit-learn's parameter validation: name, what is accepted, value got
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 2))
    y = (X[:, 0] > 0).astype(int)
    groups = rng.integers(0, 2, 200)
    params = {"estimator": LogisticRegression(), "budget": 100, param: value}
    alloc = AdaptiveAllocator(**params)
    with pytest.raises(ValueError, match=rf"'{param}' parameter .*must be {accepted}"):
        alloc.fit(X, y, groups)


def test_run_is_a_deprecated_alias_of_fit():
    X, y, groups = _pipeline_data()
    params = {"budget": 80, "batch_size": 20, "random_state": 0}
    fitted = AdaptiveAllocator(LogisticRegression(), **params).fit(X, y, groups)
    with pytest.warns(FutureWarning, match=r"run is deprecated; call fit"):
        ran = AdaptiveAllocator(LogisticRegression(), **params).run(X, y, groups)
    np.testing.assert_array_equal(ran.indices_, fitted.indices_)


def _small_fit(**params):
    X, y, groups = _pipeline_data()
    params = {"budget": 80, "batch_size": 20, "random_state": 0, **params}
    return AdaptiveAllocator(LogisticRegression(), **params).fit(X, y, groups)


def test_verbose_lines_report_each_rounds_counts_and_errors(capsys, monkeypatch):
    # without tqdm: one line per round whose numbers are the history's
    monkeypatch.setitem(sys.modules, "tqdm", None)
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    alloc = _small_fit(verbose=1)
    lines = [line for line in capsys.readouterr().err.splitlines() if "counts" in line]
    history = alloc.history_
    assert len(lines) == history["round"].nunique()
    for round_, part in history.groupby("round"):
        counts = dict(zip(part["group"], part["n"], strict=True))
        spent = sum(counts.values())  # unit costs
        errors = dict(zip(part["group"], part["error"].round(4), strict=True))
        assert lines[round_] == (
            f"round {round_}: spent {spent:g} of 80; counts {counts}; errors {errors}"
        )


def test_verbose_uses_a_tqdm_bar_when_tqdm_is_installed(monkeypatch):
    bars = []

    class FakeTqdm:
        def __init__(self, iterable, desc=None, total=None):
            self.iterable, self.desc, self.postfixes, self.closed = (
                iterable,
                desc,
                [],
                False,
            )
            bars.append(self)

        def __iter__(self):
            return iter(self.iterable)

        def set_postfix_str(self, text):
            self.postfixes.append(text)

        def close(self):
            self.closed = True

    fake = types.ModuleType("tqdm.auto")
    fake.tqdm = FakeTqdm
    monkeypatch.setitem(sys.modules, "tqdm", types.ModuleType("tqdm"))
    monkeypatch.setitem(sys.modules, "tqdm.auto", fake)
    alloc = _small_fit(verbose=1)
    (bar,) = bars
    assert bar.desc == "AdaptiveAllocator: rounds" and bar.closed
    last = alloc.history_[alloc.history_["round"] == alloc.history_["round"].max()]
    counts = dict(zip(last["group"], last["n"], strict=True))
    assert len(bar.postfixes) == alloc.history_["round"].nunique()
    assert bar.postfixes[-1] == f"spent {sum(counts.values()):g}/80, counts {counts}"


def test_allocator_is_a_scikit_learn_estimator():
    alloc = AdaptiveAllocator(LogisticRegression(C=0.5), budget=80, batch_size=20)
    params = alloc.get_params()
    assert params["estimator__C"] == 0.5 and params["batch_size"] == 20
    twin = clone(alloc)
    assert twin.get_params()["estimator"] is not alloc.estimator
    X, y, groups = _pipeline_data()
    fitted = alloc.fit(X, y, groups)
    assert fitted is alloc and alloc.n_features_in_ == 3
    # fit leaves the parameters as given
    assert alloc.get_params()["costs"] is None and alloc.budget == 80


def test_plot_draws_each_groups_history():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    alloc = _small_fit()
    ax = alloc.plot()
    bars = ax.containers  # one errorbar per group
    assert [bar.get_label() for bar in bars] == ["0", "1"]
    for bar, (_, part) in zip(bars, alloc.history_.groupby("group"), strict=True):
        line = bar.lines[0]
        np.testing.assert_array_equal(line.get_xdata(), part["n"])
        np.testing.assert_array_equal(line.get_ydata(), part["error"])
    plt.close("all")


@pytest.mark.parametrize(
    "objective", [average_error, worst_group_error, gap_penalised(0.7)]
)
def test_row_wise_objectives_equal_the_objective_on_each_draw(objective):
    # the planner's fast path must give bit-identical values to calling the
    # objective on each draw (ties between candidates are decided on them)
    rng = np.random.default_rng(0)
    for n_groups in (2, 3, 5):
        draws = np.clip(rng.normal(0.3, 0.1, (600, n_groups)), 0, None)
        shares = rng.dirichlet(np.ones(n_groups))
        one_by_one = np.array([objective(d, shares) for d in draws])
        np.testing.assert_array_equal(objective.rows(draws, shares), one_by_one)
        assert _expected_objective(objective, draws, shares) == float(
            np.mean(list(one_by_one))
        )
