"""What the SMOTE variants beyond imbalanced-learn share.

Each variant generates rows for one class at a time, that class against all the
others (one-vs-rest, as imbalanced-learn does), from a dense float copy of the
data; sparse input gets sparse output in the same format.
"""

import numpy as np
from scipy import sparse
from sklearn.utils import check_random_state

from ._base import BaseNeighborOverSampler, stack_rows


def allocate_evenly(n_samples, n_slots, random_state):
    """``n_samples`` spread over ``n_slots`` as evenly as possible.

    Every slot gets ``n_samples // n_slots``; the remainder goes to distinct
    slots chosen at random.
    """
    counts = np.full(n_slots, n_samples // n_slots, dtype=np.int64)
    extra = n_samples % n_slots
    if extra:
        counts[random_state.choice(n_slots, extra, replace=False)] += 1
    return counts


def evenly_spaced_on_segments(starts, ends, counts):
    """``counts[s]`` points at ``j / (counts[s] + 1)``, ``j = 1..counts[s]``,
    along each segment ``starts[s] -> ends[s]``."""
    segment = np.repeat(np.arange(len(counts)), counts)
    first = np.repeat(np.cumsum(counts) - counts, counts)
    position = np.arange(counts.sum()) - first + 1
    steps = position / (counts[segment] + 1.0)
    return starts[segment] + steps[:, None] * (ends[segment] - starts[segment])


def first_principal_order(X):
    """Row order along the first principal direction (stable, so ties keep
    their input order); used where a method needs the points in a sequence."""
    centred = X - X.mean(axis=0)
    if len(X) < 2 or not np.any(centred):
        return np.arange(len(X))
    direction = np.linalg.svd(centred, full_matrices=False)[2][0]
    # fix the sign so that the order does not depend on the SVD's choice
    direction *= np.sign(direction[np.argmax(np.abs(direction))])
    return np.argsort(centred @ direction, kind="stable")


class BaseVariantOverSampler(BaseNeighborOverSampler):
    """Runs ``_class_samples(X, y, class_label, n_samples, rng)`` per class.

    ``X`` is a dense float64 array of all the rows, ``rng`` one
    ``RandomState`` for the whole call; the method returns the new rows.
    """

    def _fit_resample(self, X, y):
        X_dense = np.asarray(X.toarray() if sparse.issparse(X) else X, dtype=float)
        rng = check_random_state(self.random_state)
        originals = self._before_classes(X_dense, y)

        def like_input(rows):
            rows = np.asarray(rows, dtype=X.dtype)
            if sparse.issparse(X):
                return sparse.csr_matrix(rows).asformat(X.format)
            return rows

        X_res, y_res = self._resample_per_class(
            X,
            y,
            lambda c, n, _: like_input(self._class_samples(X_dense, y, c, n, rng)),
        )
        if originals is not None:
            X_res = stack_rows([like_input(originals), X_res[len(y) :]])
        self._release()
        return X_res, y_res

    def _release(self):
        """Drop working copies kept on the instance during ``fit_resample``."""

    def _before_classes(self, X, y):
        """Work shared by all classes (fitted attributes).

        May return an array that ``_class_samples`` modifies in place and that
        replaces the original rows in the output (CCR moves them); by default
        ``None``: the original rows are returned as given.
        """

    def _class_samples(self, X, y, class_label, n_samples, rng):
        raise NotImplementedError
