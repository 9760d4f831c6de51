import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.datasets import make_classification

from imbalance_kit.under_sampling import IterativePartitioningFilter


class SignRule(ClassifierMixin, BaseEstimator):
    """Ignores its training part: predicts 1 where x0 > 0."""

    def fit(self, X, y):
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return (np.asarray(X)[:, 0] > 0).astype(int)


def data(seed=0, flip=0.15):
    return make_classification(
        n_samples=400,
        n_features=4,
        n_informative=2,
        n_redundant=0,
        weights=[0.7],
        flip_y=flip,
        random_state=seed,
    )


class Memorizer(ClassifierMixin, BaseEstimator):
    """Right on the rows it was trained on; on any other row with x1 > 0 it
    predicts the wrong label (the true label is x0 > 0 in the data below);
    rows with x1 <= 0 it always gets right."""

    def fit(self, X, y):
        self.classes_ = np.unique(y)
        self.seen_ = {row.tobytes(): label for row, label in zip(X, y, strict=True)}
        return self

    def predict(self, X):
        truth = (X[:, 0] > 0).astype(int)
        wrong = np.where(X[:, 1] > 0, 1 - truth, truth)
        return np.array(
            [self.seen_.get(row.tobytes(), w) for row, w in zip(X, wrong, strict=True)]
        )


def sign_data(seed=0):
    X = np.random.default_rng(seed).normal(size=(360, 3))
    return X, (X[:, 0] > 0).astype(int)


@pytest.mark.parametrize("n_partitions", [3, 5])
def test_each_classifier_is_trained_on_one_part_not_its_complement(n_partitions):
    # a row with x1 > 0 is right only for the classifier that saw it: one of
    # n_partitions if each is trained on one part (a majority is wrong: the
    # row is removed), all but one if each were trained on the complement
    # (kept)
    X, y = sign_data()
    ipf = IterativePartitioningFilter(
        sampling_strategy="all",
        estimator=Memorizer(),
        n_partitions=n_partitions,
        random_state=0,
    )
    ipf.fit_resample(X, y)
    np.testing.assert_array_equal(ipf.sample_indices_, np.flatnonzero(X[:, 1] <= 0))
    # round 1 removes them all, then n_consecutive rounds remove nothing
    assert ipf.n_rounds_ == 1 + ipf.n_consecutive
    # consensus needs every classifier wrong; the one that saw the row is not
    consensus = IterativePartitioningFilter(
        sampling_strategy="all",
        estimator=Memorizer(),
        n_partitions=n_partitions,
        voting="consensus",
        random_state=0,
    ).fit_resample(X, y)
    assert len(consensus[1]) == len(y)


@pytest.mark.parametrize("voting", ["majority", "consensus"])
def test_samples_every_part_misclassifies_are_removed_then_rounds_stop(voting):
    X, y = data()
    ipf = IterativePartitioningFilter(
        sampling_strategy="all", estimator=SignRule(), voting=voting, random_state=0
    )
    X_res, y_res = ipf.fit_resample(X, y)
    agrees = (X[:, 0] > 0).astype(int) == y
    np.testing.assert_array_equal(ipf.sample_indices_, np.flatnonzero(agrees))
    # round 1 removes, then n_consecutive quiet rounds
    assert ipf.n_rounds_ == 1 + ipf.n_consecutive


def test_only_the_selected_classes_lose_samples():
    X, y = data()
    ipf = IterativePartitioningFilter(estimator=SignRule(), random_state=0)
    ipf.fit_resample(X, y)  # "auto": never the minority class (1)
    kept = np.zeros(len(y), bool)
    kept[ipf.sample_indices_] = True
    assert kept[y == 1].all()
    assert not kept[(y == 0) & (X[:, 0] > 0)].any()


def test_consensus_removes_a_subset_of_majority_in_a_round():
    X, y = data(seed=1)
    removed = {}
    for voting in ("majority", "consensus"):
        ipf = IterativePartitioningFilter(
            sampling_strategy="all",
            voting=voting,
            max_rounds=1,
            random_state=3,
        ).fit(X, y)
        ipf.fit_resample(X, y)
        removed[voting] = set(range(len(y))) - set(ipf.sample_indices_)
    assert removed["consensus"] <= removed["majority"]
    assert len(removed["majority"]) > 0


def test_a_class_is_never_emptied_and_pandas_index_is_kept():
    X, y = data()
    flipped = np.where(X[:, 0] > 0, 0, 1)  # SignRule gets every label wrong
    ipf = IterativePartitioningFilter(
        sampling_strategy="all", estimator=SignRule(), random_state=0
    )
    frame = pd.DataFrame(X, index=np.arange(1000, 1400))
    X_res, y_res = ipf.fit_resample(frame, flipped)
    assert set(np.unique(y_res)) == {0, 1}
    np.testing.assert_array_equal(X_res.index, 1000 + ipf.sample_indices_)
