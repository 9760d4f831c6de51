"""Regression guard for the refactoring of AdaptiveAllocator (``run`` -> ``fit``).

``recorded_allocations.json`` holds what the code at commit 3fddbe5 (before
the refactoring) returned for the configurations below. The refactoring must
not change the random stream, so the same ``random_state`` must give the same
rows, counts and per-round estimates. This only guards against change; the
allocator's correctness is tested against independent expectations in
test_equitable.py.
"""

import json
from pathlib import Path

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression, Ridge

from imbalance_kit.equitable import AdaptiveAllocator, EquitableSampler

RECORDED = json.loads((Path(__file__).parent / "recorded_allocations.json").read_text())


def _pool(seed=0, n=2400):
    rng = np.random.default_rng(seed)
    groups = rng.choice(3, n, p=[0.6, 0.3, 0.1])
    X = rng.normal(size=(n, 3))
    features = np.column_stack([X, X * groups[:, None], groups])
    noise = rng.normal(0, 0.3 + 0.3 * groups, n)
    y = (X[:, 0] + 0.8 * groups * X[:, 1] + noise > 0).astype(int)
    return features, y, groups


def _regression_pool():
    rng = np.random.default_rng(7)
    X = rng.normal(size=(1500, 3))
    groups = rng.integers(0, 2, 1500)
    y = X[:, 0] + groups * X[:, 1] + rng.normal(0, 0.5 + groups, 1500)
    return X, y, groups


def _acquire(seed):
    rng = np.random.default_rng(seed)

    def acquire(group, n):
        X = rng.normal(size=(n, 3))
        b = group == "b"
        y = (X[:, 0] + b * X[:, 1] + rng.normal(0, 0.3 + 0.5 * b, n) > 0).astype(int)
        return np.column_stack([X, X * b, np.full(n, b)]), y

    return acquire


CASES = {
    "worst_test": {"budget": 150, "objective": "worst", "random_state": 0},
    "gap_hier_costs": {
        "budget": 160,
        "objective": "gap",
        "costs": {0: 1.0, 1: 2.0, 2: 0.5},
        "level_model": "hierarchical",
        "random_state": 3,
    },
}


def _check(alloc, recorded):
    assert {str(k): v for k, v in alloc.counts_.items()} == recorded["counts"]
    assert alloc.spent_ == recorded["spent"]
    np.testing.assert_allclose(alloc.history_["error"], recorded["error"], atol=1e-12)
    predicted = np.array([np.nan if p is None else p for p in recorded["predicted"]])
    np.testing.assert_allclose(alloc.history_["predicted"], predicted, atol=1e-9)
    np.testing.assert_allclose(alloc.effects_, recorded["effects"], atol=1e-9)
    if "indices" in recorded:
        np.testing.assert_array_equal(alloc.indices_, recorded["indices"])


@pytest.mark.parametrize("case", sorted(CASES))
def test_pool_allocations_match_the_recorded_ones(case):
    X, y, groups = _pool()
    alloc = AdaptiveAllocator(
        LogisticRegression(), batch_size=30, initial_per_group=10, **CASES[case]
    ).fit(X, y, groups)
    _check(alloc, RECORDED[case])


def test_regression_allocation_matches_the_recorded_one():
    X, y, groups = _regression_pool()
    alloc = AdaptiveAllocator(
        Ridge(), 150, batch_size=40, initial_per_group=10, random_state=2
    ).fit(X, y, groups)
    _check(alloc, RECORDED["ridge"])


def test_acquire_allocation_matches_the_recorded_one():
    alloc = AdaptiveAllocator(
        LogisticRegression(),
        120,
        batch_size=30,
        initial_per_group=10,
        n_draws=50,
        random_state=4,
    ).fit(acquire=_acquire(11), group_names=["a", "b"])
    _check(alloc, RECORDED["acquire"])


@pytest.mark.parametrize("strategy", ["adaptive", "equal", "proportional"])
def test_sampler_selections_match_the_recorded_ones(strategy):
    X, y, groups = _pool()
    sampler = EquitableSampler(
        budget=150, strategy=strategy, batch_size=40, initial_per_group=10,
        random_state=5,
    )  # fmt: skip
    sampler.fit_resample(X, y, groups=groups)
    np.testing.assert_array_equal(
        sampler.sample_indices_, RECORDED["sampler_indices"][strategy]
    )
