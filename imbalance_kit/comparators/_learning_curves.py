"""Learning curves of a generative and a discriminative classifier, side by side."""

import numbers

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from sklearn.base import BaseEstimator, clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from ..utils._progress import report
from ._naive_bayes import SharedVarianceGaussianNB


def _subsample(y, size, rng):
    """A random subsample of ``size`` rows with every class at least once."""
    classes = np.unique(y)
    if size < len(classes):
        raise ValueError(
            f"training size {size} is smaller than the number of classes "
            f"({len(classes)}); every class needs a sample."
        )
    first = np.array([rng.choice(np.flatnonzero(y == c)) for c in classes])
    rest = np.setdiff1d(np.arange(len(y)), first)
    return np.concatenate([first, rng.choice(rest, size - len(classes), replace=False)])


def _error(estimator, X_train, y_train, X_test, y_test):
    model = clone(estimator).fit(X_train, y_train)
    return float(np.mean(model.predict(X_test) != y_test))


class GenerativeDiscriminativeComparison(BaseEstimator):
    """Test error of two (or more) classifiers as the training set grows.

    Zheng et al. (2023) show that naive Bayes reaches its asymptotic error with
    about ``log n`` samples (``n`` features) and logistic regression needs
    about ``n``: naive Bayes wins with little data, logistic regression later.
    This measures where that crossover lies on your data: each estimator is
    trained on ``n_repeats`` random subsamples of each size (every class
    present) drawn from a training pool, and scored on a fixed held-out set.

    Parameters
    ----------
    estimators : dict of str to classifier, default=None
        Defaults to ``{"naive Bayes": SharedVarianceGaussianNB(),
        "logistic regression": LogisticRegression(max_iter=1000)}``.
    train_sizes : array-like of int, default=(10, 20, 50, 100, 200, 500)
        Positive integers; sizes larger than the pool are dropped.
    n_repeats : int, default=5
    test_size : float, default=0.3
        Share held out for testing (stratified).
    random_state : int, RandomState instance or None, default=None
    n_jobs : int, default=None
        Fits run in parallel with joblib.
    verbose : int, default=0
        Show progress over the training sizes (tqdm if installed).

    Attributes
    ----------
    results_ : DataFrame
        One row per (estimator, train_size, repeat) with the test ``error``.
    summary_ : DataFrame
        Mean and standard deviation of the error per estimator and size.
    crossover_ : int or None
        With two estimators, the smallest size from which the second's mean
        error is no higher than the first's at every larger size (``None`` if
        never).

    References
    ----------
    .. [1] C. Zheng, G. Wu, F. Bao, Y. Cao, C. Li, J. Zhu, "Revisiting
       discriminative vs. generative classifiers: theory and implications",
       ICML 2023.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from imbalance_kit.comparators import GenerativeDiscriminativeComparison
    >>> X, y = make_classification(n_samples=600, n_features=20, random_state=0)
    >>> cmp = GenerativeDiscriminativeComparison(train_sizes=[10, 100], n_repeats=2,
    ...                                          random_state=0).fit(X, y)
    >>> sorted(cmp.results_["estimator"].unique())
    ['logistic regression', 'naive Bayes']
    """

    _parameter_constraints: dict = {
        "estimators": [dict, None],
        "train_sizes": ["array-like"],
        "n_repeats": [Interval(numbers.Integral, 1, None, closed="left")],
        "test_size": [Interval(numbers.Real, 0, 1, closed="neither")],
        "random_state": ["random_state"],
        "n_jobs": [numbers.Integral, None],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        estimators=None,
        *,
        train_sizes=(10, 20, 50, 100, 200, 500),
        n_repeats=5,
        test_size=0.3,
        random_state=None,
        n_jobs=None,
        verbose=0,
    ):
        self.estimators = estimators
        self.train_sizes = train_sizes
        self.n_repeats = n_repeats
        self.test_size = test_size
        self.random_state = random_state
        self.n_jobs = n_jobs
        self.verbose = verbose

    def fit(self, X, y):
        """Run the learning curves.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)

        Returns
        -------
        self : GenerativeDiscriminativeComparison
        """
        self._validate_params()
        X, y = validate_data(self, X, y, accept_sparse="csr")
        check_classification_targets(y)
        sizes = np.asarray(self.train_sizes, dtype=object).ravel()
        if sizes.size == 0 or not all(
            isinstance(s, numbers.Real)
            and not isinstance(s, bool)
            and np.isfinite(s)
            and float(s).is_integer()
            and s > 0
            for s in sizes
        ):
            raise ValueError(
                "train_sizes must be positive integers (training set sizes); got "
                f"{self.train_sizes!r}."
            )
        estimators = self.estimators or {
            "naive Bayes": SharedVarianceGaussianNB(),
            "logistic regression": LogisticRegression(max_iter=1000),
        }
        rng = check_random_state(self.random_state)
        X_pool, X_test, y_pool, y_test = train_test_split(
            X, y, test_size=self.test_size, stratify=y, random_state=rng
        )
        sizes = sorted({int(s) for s in sizes if int(s) <= len(y_pool)})
        if not sizes:
            raise ValueError(
                f"no train_sizes fit in the training pool of {len(y_pool)} samples."
            )
        jobs, keys = [], []
        for size in report(
            sizes, verbose=self.verbose, desc="learning curves: sizes", total=len(sizes)
        ):
            for repeat in range(self.n_repeats):
                rows = _subsample(y_pool, size, rng)
                for name, estimator in estimators.items():
                    keys.append((name, size, repeat))
                    jobs.append(
                        delayed(_error)(
                            estimator, X_pool[rows], y_pool[rows], X_test, y_test
                        )
                    )
        errors = Parallel(n_jobs=self.n_jobs)(jobs)
        self.results_ = pd.DataFrame(
            keys, columns=["estimator", "train_size", "repeat"]
        )
        self.results_["error"] = errors
        self.summary_ = (
            self.results_.groupby(["estimator", "train_size"], sort=False)["error"]
            .agg(["mean", "std"])
            .reset_index()
        )
        self.crossover_ = self._crossover(list(estimators))
        return self

    def _crossover(self, names):
        if len(names) != 2:
            return None
        mean = self.summary_.pivot(
            index="train_size", columns="estimator", values="mean"
        )
        second_no_worse = (mean[names[1]] <= mean[names[0]]).to_numpy()
        for i, size in enumerate(mean.index):
            if second_no_worse[i:].all():
                return int(size)
        return None

    def plot(self, ax=None):
        """Mean test error (with one standard deviation) against training size.

        Needs matplotlib. Returns the axes.
        """
        check_is_fitted(self, "results_")
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots()
        for name, part in self.summary_.groupby("estimator", sort=False):
            ax.errorbar(
                part["train_size"],
                part["mean"],
                yerr=part["std"],
                label=name,
                capsize=3,
            )
        if self.crossover_ is not None:
            ax.axvline(self.crossover_, color="grey", linestyle=":", label="crossover")
        ax.set_xscale("log")
        ax.set_xlabel("training samples")
        ax.set_ylabel("test error")
        ax.legend()
        return ax


def compare_learning_curves(X, y, estimators=None, **params):
    """Fit a :class:`GenerativeDiscriminativeComparison` and return it.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from imbalance_kit.comparators import compare_learning_curves
    >>> X, y = make_classification(n_samples=400, random_state=0)
    >>> result = compare_learning_curves(X, y, train_sizes=[20, 200], n_repeats=2,
    ...                                  random_state=0)
    >>> list(result.summary_.columns)
    ['estimator', 'train_size', 'mean', 'std']
    """
    return GenerativeDiscriminativeComparison(estimators, **params).fit(X, y)
