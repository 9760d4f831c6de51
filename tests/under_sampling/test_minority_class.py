"""``minority_class``: the rule of ``min(Counter(y), key=counts.get)``."""

from collections import Counter

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from imbalance_kit.under_sampling._base import minority_class


def _by_counter(labels):
    # the reference: a Counter keeps first-seen order, min keeps the first tie
    counts = Counter(labels)
    return min(counts, key=counts.get)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-3, 3), min_size=1, max_size=40))
def test_same_class_as_counter_rule(labels):
    assert minority_class(np.array(labels)).item() == _by_counter(labels)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["b", "a", "c", "zz"]), min_size=1, max_size=30))
def test_same_class_as_counter_rule_for_strings(labels):
    assert minority_class(np.array(labels, dtype=object)) == _by_counter(labels)
    assert minority_class(np.array(labels)).item() == _by_counter(labels)


def test_tie_goes_to_the_label_seen_first():
    # sorted order would give 1; 7 occurs first
    assert minority_class(np.array([7, 7, 1, 1, 3, 3, 3])).item() == 7
