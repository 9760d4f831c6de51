"""verbose shows progress and changes nothing else."""

import sys

import numpy as np
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression

from imbalance_kit.comparators import GenerativeDiscriminativeComparison
from imbalance_kit.equitable import EquitableSampler
from imbalance_kit.ordinal import PRESTOCV
from imbalance_kit.under_sampling import AllKNN, RepeatedEditedNearestNeighbours
from imbalance_kit.utils._progress import report


def test_report_lines_without_tqdm(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "tqdm", None)
    assert list(report(range(3), verbose=1, desc="work", total=3)) == [0, 1, 2]
    assert capsys.readouterr().err.splitlines() == [
        "work: 1/3",
        "work: 2/3",
        "work: 3/3",
    ]
    assert list(report(range(2), verbose=0, desc="quiet")) == [0, 1]
    assert capsys.readouterr().err == ""


def test_verbose_estimators_report_and_agree_with_quiet_ones(capsys):
    X, y = make_classification(n_samples=300, weights=[0.8], flip_y=0.1, random_state=0)
    for make in (RepeatedEditedNearestNeighbours, AllKNN):
        quiet = make().fit_resample(X, y)[0]
        loud = make(verbose=1).fit_resample(X, y)[0]
        np.testing.assert_array_equal(quiet, loud)
    assert "round 1" in capsys.readouterr().err
    rng = np.random.default_rng(0)
    Xo = rng.normal(size=(200, 2))
    yo = np.digitize(Xo[:, 0] + rng.logistic(size=200), [-1, 1])
    a = PRESTOCV(n_alphas=3, cv=3, verbose=1).fit(Xo, yo)
    np.testing.assert_array_equal(a.coef_, PRESTOCV(n_alphas=3, cv=3).fit(Xo, yo).coef_)
    assert "PRESTOCV: folds done" in capsys.readouterr().err
    GenerativeDiscriminativeComparison(
        train_sizes=[20, 40], n_repeats=1, random_state=0, verbose=1
    ).fit(X, y)
    assert "learning curves" in capsys.readouterr().err
    groups = np.arange(len(y)) % 2
    EquitableSampler(
        budget=120,
        estimator=LogisticRegression(),
        batch_size=40,
        verbose=1,
        random_state=0,
    ).fit_resample(X, y, groups=groups)
    assert "round 0" in capsys.readouterr().err
