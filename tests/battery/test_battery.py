"""The bad-input battery: every public name against the catalogue (issue 15).

Each case passes with a right result, a clear error, or a clear error listed
as deliberate; it fails when the outcome is unhelpful, silently wrong, a
hang, or a clear error where the reference library gives a right result.
``python -m tests.battery.summary`` prints the outcome counts.
"""

import pytest

from ._naming import names_the_problem
from ._outcome import FAILING
from ._registry import NOT_CALLABLE, cached_cases, public_names

CASES, UNCOVERED = cached_cases()


def test_every_public_name_has_cases():
    covered = {(case.sub, case.name) for case in CASES}
    missing = [
        f"{sub}.{name}"
        for sub, name, _ in public_names()
        if (sub, name) not in covered and (sub, name) not in NOT_CALLABLE
    ]
    assert not UNCOVERED and not missing, (
        f"public names with no battery adapter: {sorted(set(UNCOVERED + missing))}"
    )


def test_every_subpackage_is_enumerated():
    subs = {sub for sub, _, _ in public_names()}
    for expected in (
        "over_sampling",
        "under_sampling",
        "combine",
        "dask",
        "metrics",
        "cost_sensitive",
        "equitable",
        "ordinal",
        "neighbors",
        "comparators",
        "datasets",
        "utils",
    ):
        assert expected in subs


def test_case_ids_are_unique():
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input(case):
    outcome = case.outcome()
    assert outcome.kind not in FAILING, outcome.line()
    if outcome.kind == "clear":
        assert names_the_problem(case.case, outcome.message), (
            f"{case.id}: the error does not name what was wrong: {outcome.message}"
        )


def test_the_naming_rule_fails_messages_that_name_nothing():
    assert not names_the_problem("k_neighbors_0", "invalid input")
    assert not names_the_problem("y_short", "invalid input")
    assert not names_the_problem("cost_nan", "values must be finite")
    assert names_the_problem("k_neighbors_0", "k_neighbors must be >= 1; got 0")
    assert names_the_problem("y_short", "y has 39 labels for 40 rows of X")
    assert not names_the_problem("no_rows", "something else went wrong")
