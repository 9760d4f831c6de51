import numpy as np
import pytest

from imbalance_kit.comparators import (
    GenerativeDiscriminativeComparison,
    compare_learning_curves,
)
from imbalance_kit.comparators._learning_curves import _subsample


def paper_setting(n_classes=2, dim=40, n_samples=3000, seed=0):
    """Zheng et al.'s easy setting: means -1 and 2^(k-1), diagonal covariance."""
    rng = np.random.default_rng(seed)
    means = np.array([-1.0] + [2.0 ** (k - 1) for k in range(1, n_classes)])
    std = np.where(np.arange(dim) < dim // 2, np.sqrt(dim), 1.0)
    y = rng.integers(0, n_classes, n_samples)
    return means[y][:, None] + rng.standard_normal((n_samples, dim)) * std, y


def test_naive_bayes_ahead_early_logistic_catches_up():
    X, y = paper_setting()
    cmp = compare_learning_curves(
        X, y, train_sizes=[6, 12, 400, 1500], n_repeats=4, random_state=0
    )
    mean = cmp.summary_.pivot(index="train_size", columns="estimator", values="mean")
    assert (
        mean.loc[[6, 12], "naive Bayes"] < mean.loc[[6, 12], "logistic regression"]
    ).all()
    assert (
        mean.loc[1500, "logistic regression"] <= mean.loc[1500, "naive Bayes"] + 0.005
    )
    assert cmp.crossover_ is not None and cmp.crossover_ >= 400
    assert len(cmp.results_) == 4 * 4 * 2


def test_reproducible_and_every_class_sampled():
    X, y = paper_setting(n_classes=3, n_samples=600)
    a = compare_learning_curves(X, y, train_sizes=[3, 30], n_repeats=3, random_state=5)
    b = compare_learning_curves(X, y, train_sizes=[3, 30], n_repeats=3, random_state=5)
    np.testing.assert_array_equal(a.results_["error"], b.results_["error"])
    rng = np.random.RandomState(0)
    rows = _subsample(y, 3, rng)
    assert sorted(y[rows]) == [0, 1, 2]
    with pytest.raises(ValueError, match="smaller than the number of classes"):
        _subsample(y, 2, rng)


def test_custom_estimators_and_plot():
    from sklearn.dummy import DummyClassifier
    from sklearn.linear_model import LogisticRegression

    X, y = paper_setting(n_samples=500)
    cmp = GenerativeDiscriminativeComparison(
        {"dummy": DummyClassifier(), "lr": LogisticRegression()},
        train_sizes=[20, 200],
        n_repeats=2,
        random_state=0,
    ).fit(X, y)
    assert set(cmp.results_["estimator"]) == {"dummy", "lr"}
    assert cmp.crossover_ == 20  # logistic regression beats the dummy everywhere
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    ax = cmp.plot()
    assert ax.get_xlabel() == "training samples"
    # one error-bar line per estimator through its mean errors
    handles, labels = ax.get_legend_handles_labels()
    lines = {
        label: h.lines[0]
        for h, label in zip(handles, labels, strict=True)
        if label != "crossover"
    }
    for name in ("dummy", "lr"):
        part = cmp.results_[cmp.results_["estimator"] == name]
        means = part.groupby("train_size")["error"].mean()
        np.testing.assert_allclose(
            np.asarray(lines[name].get_xdata(), float), means.index
        )
        np.testing.assert_allclose(np.asarray(lines[name].get_ydata(), float), means)


@pytest.mark.parametrize("sizes", [[np.nan], [-5, 10], [0.5], [], [True]])
def test_bad_train_sizes_are_refused_by_name(sizes):
    X, y = paper_setting(n_samples=200)
    with pytest.raises(ValueError, match="train_sizes must be positive integers"):
        compare_learning_curves(X, y, train_sizes=sizes)


def test_sparse_input_gives_the_dense_results():
    import scipy.sparse as sp

    X, y = paper_setting(n_samples=300)
    kwargs = {"train_sizes": [10.0, 100], "n_repeats": 2, "random_state": 1}
    dense = compare_learning_curves(X, y, **kwargs)
    sparse = compare_learning_curves(sp.csr_matrix(X), y, **kwargs)
    np.testing.assert_allclose(sparse.results_["error"], dense.results_["error"])


def test_errors_are_the_held_out_errors_of_models_fitted_by_hand():
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.naive_bayes import GaussianNB

    X, y = paper_setting(n_samples=400, dim=10, seed=3)
    # the documented split: a stratified held-out share drawn first from the
    # random state; a training size equal to the pool uses every pool row
    X_pool, X_test, y_pool, y_test = train_test_split(
        X, y, test_size=0.3, stratify=y, random_state=np.random.RandomState(7)
    )
    estimators = {"lr": LogisticRegression(), "nb": GaussianNB()}
    cmp = compare_learning_curves(
        X,
        y,
        estimators,
        train_sizes=[len(y_pool), 10**6],  # the larger one is dropped
        n_repeats=2,
        random_state=7,
    )
    assert sorted(set(cmp.results_["train_size"])) == [len(y_pool)]
    for name, estimator in estimators.items():
        model = estimator.fit(X_pool, y_pool)
        expected = np.mean(model.predict(X_test) != y_test)
        got = cmp.results_.loc[cmp.results_["estimator"] == name, "error"]
        assert len(got) == 2
        np.testing.assert_allclose(got, expected)
