"""The one largest-remainder allocator, against hand-computed splits and a
fraction-exact reference."""

import numpy as np
import pytest

from imbalance_kit.utils._allocation import largest_remainder
from tests.naive.allocation import hamilton


@pytest.mark.parametrize(
    "total, weights, capacity, expected",
    [
        # shares 5, 2.5, 2.5: one unit left, the tie goes to the lower index
        (10, [0.5, 0.25, 0.25], None, [5, 3, 2]),
        # shares 7/3 each: floors 2, 2, 2, one unit left -> first group
        (7, [1, 1, 1], None, [3, 2, 2]),
        # shares 0.5, 1, 1.5, 2: floors 0, 1, 1, 2; remainders .5, 0, .5, 0
        (5, [1, 2, 3, 4], None, [1, 1, 1, 2]),
        # shares 0.6, 2.4: floors 0, 2; the larger remainder (.6) wins
        (3, [1, 4], None, [1, 2]),
        (0, [1, 2], None, [0, 0]),
        # shares 6, 2, 2; group 0 holds 4, the 2 left split over groups 1, 2
        (10, [3, 1, 1], [4, 9, 9], [4, 3, 3]),
        # group 0 full at 1; only zero-weight groups have room: 3 shared
        # equally (1.5 each), the tie to the lower index
        (4, [1, 0, 0], [1, 5, 5], [1, 2, 1]),
        # more than all capacities: everything is filled
        (20, [1, 1], [3, 4], [3, 4]),
        # an empty group takes nothing
        (6, [1, 1, 1], [0, 9, 9], [0, 3, 3]),
    ],
)
def test_hand_computed_splits(total, weights, capacity, expected):
    got = largest_remainder(total, weights, capacity=capacity)
    assert got.tolist() == expected
    assert got.tolist() == hamilton(total, weights, capacity)


def test_matches_the_exact_reference_on_random_splits():
    # integer weights: remainders that are exactly equal (say 3/5 from
    # weights 3 and 18 over 85) must tie, and the tie go to the lower index,
    # whatever float rounding makes of them
    rng = np.random.default_rng(0)
    checked = 0
    for _ in range(600):
        n = int(rng.integers(1, 7))
        weights = rng.integers(0, 20, n).tolist()
        if sum(weights) == 0:
            continue
        total = int(rng.integers(0, 60))
        capacity = rng.integers(0, 15, n).tolist() if rng.random() < 0.5 else None
        got = largest_remainder(total, weights, capacity=capacity)
        assert got.tolist() == hamilton(total, weights, capacity), (
            total,
            weights,
            capacity,
        )
        if capacity is None:
            share = total * np.asarray(weights) / sum(weights)
            assert got.sum() == total and np.all(np.abs(got - share) < 1)
        else:
            assert got.sum() == min(total, sum(capacity))
            assert np.all(got <= capacity)
        checked += 1
    assert checked > 500


def test_float_weights_match_the_exact_reference():
    # float weights with distinct remainders: the exact reference (fractions
    # of the same floats) and the float computation agree
    rng = np.random.default_rng(1)
    for _ in range(200):
        weights = rng.random(int(rng.integers(1, 7))).tolist()
        total = int(rng.integers(0, 60))
        got = largest_remainder(total, weights)
        assert got.tolist() == hamilton(total, weights), (total, weights)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"total": -1, "weights": [1, 1]}, "total must be a non-negative"),
        ({"total": 3, "weights": [1, np.nan]}, "weights must be"),
        ({"total": 3, "weights": [1, -1]}, "weights must be"),
        ({"total": 3, "weights": [0, 0]}, "must not all be zero"),
        ({"total": 3, "weights": [1, 1], "capacity": [1]}, "capacity must give"),
    ],
)
def test_bad_arguments_are_named(kwargs, match):
    with pytest.raises(ValueError, match=match):
        largest_remainder(**kwargs)
