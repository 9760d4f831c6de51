"""verbose reports the right steps, counts and totals, and changes nothing else.

tqdm is hidden in every test so that progress comes as plain stderr lines
that can be read back and compared with the fitted estimator's own record
(``n_iter_``, ``history_``, ``results_``) or with the parameters.
"""

import re
import sys
import types

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression

from imbalance_kit.comparators import GenerativeDiscriminativeComparison
from imbalance_kit.equitable import EquitableSampler
from imbalance_kit.ordinal import PRESTOCV
from imbalance_kit.under_sampling import AllKNN, RepeatedEditedNearestNeighbours
from imbalance_kit.utils._progress import report, say


@pytest.fixture
def lines(capsys, monkeypatch):
    """stderr lines printed since the last call (tqdm hidden)."""
    monkeypatch.setitem(sys.modules, "tqdm", None)
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)

    def read():
        captured = capsys.readouterr()
        assert captured.out == ""
        return captured.err.splitlines()

    return read


@pytest.fixture
def data():
    return make_classification(n_samples=300, weights=[0.8], flip_y=0.1, random_state=0)


def test_report_numbers_each_step_of_the_total(lines):
    assert list(report(range(3), verbose=1, desc="work", total=3)) == [0, 1, 2]
    assert lines() == ["work: 1/3", "work: 2/3", "work: 3/3"]
    # without a total the steps are still numbered
    assert list(report(iter("ab"), verbose=1, desc="letters")) == ["a", "b"]
    assert lines() == ["letters: 1", "letters: 2"]


def test_report_counts_the_last_step_of_a_loop_left_with_break(lines):
    for item in report(range(10), verbose=1, desc="search", total=10):
        if item == 3:
            break
    assert lines() == [f"search: {step}/10" for step in range(1, 5)]


def test_quiet_report_and_say_print_nothing_and_pass_items_through(lines):
    items = object(), object()
    assert list(report(items, verbose=0, desc="quiet")) == list(items)
    say(0, "hidden")
    assert lines() == []
    say(1, "shown")
    assert lines() == ["shown"]


def test_report_uses_tqdm_with_the_description_and_total(monkeypatch):
    made = {}

    def fake_tqdm(iterable, desc, total):
        made.update(desc=desc, total=total)
        return iter(iterable)

    auto = types.ModuleType("tqdm.auto")
    auto.tqdm = fake_tqdm
    monkeypatch.setitem(sys.modules, "tqdm", types.ModuleType("tqdm"))
    monkeypatch.setitem(sys.modules, "tqdm.auto", auto)
    assert list(report(range(4), verbose=1, desc="bar", total=4)) == [0, 1, 2, 3]
    assert made == {"desc": "bar", "total": 4}


def _rounds(text_lines):
    pattern = re.compile(r"\s*round (\d+) \(k=(\d+)\): (\d+) samples left")
    found = [pattern.fullmatch(line) for line in text_lines]
    return [tuple(int(g) for g in m.groups()) for m in found if m]


@pytest.mark.parametrize(
    "make, name",
    [
        (RepeatedEditedNearestNeighbours, "RepeatedEditedNearestNeighbours"),
        (AllKNN, "AllKNN"),
    ],
)
def test_editing_rounds_report_k_and_the_samples_left(make, name, data, lines):
    X, y = data
    X_quiet, y_quiet = make(n_neighbors=3).fit_resample(X, y)
    assert lines() == []
    sampler = make(n_neighbors=3, verbose=1)
    X_res, y_res = sampler.fit_resample(X, y)
    np.testing.assert_array_equal(X_res, X_quiet)
    np.testing.assert_array_equal(y_res, y_quiet)
    out = lines()
    rounds = _rounds(out)
    n_rounds = len(rounds)
    assert [r[0] for r in rounds] == list(range(1, n_rounds + 1))
    steps = [line for line in out if line.startswith(f"{name}: rounds: ")]
    assert steps == [f"{name}: rounds: {i}" for i in range(1, n_rounds + 1)]
    if make is AllKNN:
        # AllKNN edits with k = 1, 2, ..., n_neighbors
        assert [r[1] for r in rounds] == list(range(1, n_rounds + 1))
        assert n_rounds <= 3
    else:
        assert {r[1] for r in rounds} == {3}
        assert n_rounds == sampler.n_iter_
    left = [r[2] for r in rounds]
    assert left == sorted(left, reverse=True) and left[0] < len(y)
    assert left[-1] == len(y_res)


def test_presto_cv_reports_each_fold_of_the_folds(lines):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 2))
    y = np.digitize(X[:, 0] + rng.logistic(size=200), [-1, 1])
    quiet = PRESTOCV(n_alphas=3, cv=4).fit(X, y)
    loud = PRESTOCV(n_alphas=3, cv=4, verbose=1).fit(X, y)
    np.testing.assert_array_equal(loud.coef_, quiet.coef_)
    assert loud.alpha_ == quiet.alpha_
    assert lines() == [
        f"PRESTOCV: folds done (3 alphas each): {i}/4" for i in range(1, 5)
    ]


def test_learning_curves_report_the_sizes_that_fit_the_pool(data, lines):
    X, y = data
    # test_size=0.3 of 300 rows leaves a pool of 210: size 1000 is dropped
    params = {"train_sizes": [20, 40, 1000], "n_repeats": 1, "random_state": 0}
    quiet = GenerativeDiscriminativeComparison(**params).fit(X, y)
    loud = GenerativeDiscriminativeComparison(verbose=1, **params).fit(X, y)
    pd.testing.assert_frame_equal(loud.results_, quiet.results_)
    assert lines() == ["learning curves: sizes: 1/2", "learning curves: sizes: 2/2"]
    assert sorted(loud.results_["train_size"].unique()) == [20, 40]


def test_allocator_rounds_report_spending_counts_and_errors(data, lines):
    X, y = data
    groups = np.arange(len(y)) % 2
    params = {
        "budget": 120,
        "estimator": LogisticRegression(),
        "batch_size": 40,
        "random_state": 0,
    }
    X_quiet, _ = EquitableSampler(**params).fit_resample(X, y, groups=groups)
    sampler = EquitableSampler(verbose=1, **params)
    X_res, _ = sampler.fit_resample(X, y, groups=groups)
    np.testing.assert_array_equal(X_res, X_quiet)
    pattern = re.compile(
        r"round (\d+): spent ([\d.]+) of 120; counts \{0: (\d+), 1: (\d+)\}; "
        r"errors \{0: ([\d.]+), 1: ([\d.]+)\}"
    )
    out = lines()
    rounds = [pattern.fullmatch(line) for line in out]
    rounds = [m.groups() for m in rounds if m]
    history = sampler.allocator_.history_
    # one line per round, in order, each with that round's sample counts and
    # error estimates as the allocator recorded them
    assert [int(r[0]) for r in rounds] == sorted(history["round"].unique())
    for r in rounds:
        at = history[history["round"] == int(r[0])].set_index("group")
        assert [int(r[2]), int(r[3])] == at.loc[[0, 1], "n"].tolist()
        assert float(r[1]) == int(r[2]) + int(r[3])  # unit costs
        np.testing.assert_allclose(
            [float(r[4]), float(r[5])], at.loc[[0, 1], "error"], atol=5e-5
        )
    assert float(rounds[-1][1]) <= 120
    steps = [line for line in out if line.startswith("AdaptiveAllocator: rounds: ")]
    assert steps == [
        f"AdaptiveAllocator: rounds: {i}" for i in range(1, len(rounds) + 1)
    ]
