"""Pieces shared by the SMOTE family: neighbours, random draws, interpolation."""

import numbers

import numpy as np
from imblearn.over_sampling.base import BaseOverSampler
from scipy import sparse
from sklearn.base import clone
from sklearn.utils import _safe_indexing, check_random_state

from .._numba._generate import interpolate
from ..neighbors import NearestNeighbors
from ..utils._interface import SamplerInterfaceMixin
from ..utils._parallel import serial_if_small
from ..utils._validation import NEIGHBORS_CONSTRAINT, ResampleGuardMixin


def make_neighbors(value, n_jobs=None):
    """Neighbour estimator for an ``int`` or estimator parameter.

    As in imbalanced-learn, an estimator's ``n_neighbors`` counts the query
    point itself, so an integer ``k`` becomes ``NearestNeighbors(k + 1)``.
    """
    if isinstance(value, numbers.Integral):
        return NearestNeighbors(n_neighbors=value + 1, n_jobs=n_jobs)
    return clone(value)


def neighbors_within(nn, X_fit, rows, *, param, what):
    """Neighbours (self excluded) of ``X_fit[rows]``, as indices into ``X_fit``.

    Our engine excludes each row by index; any other estimator is used as in
    imbalanced-learn (query the rows, drop the first column).

    Parameters
    ----------
    nn : estimator with ``kneighbors``
        Its ``n_neighbors`` counts the point itself.
    X_fit : {ndarray, sparse matrix}
    rows : ndarray of int
    param : str
        Parameter name for error messages (``"k_neighbors"`` ...).
    what : str
        What ``X_fit`` holds, for error messages (``"samples of class 1"``).
    """
    k = nn.n_neighbors - 1
    if X_fit.shape[0] <= k:
        raise ValueError(
            f"{param} asks for {k} neighbours (n_neighbors={nn.n_neighbors} "
            f"including the point itself), which needs at least {k + 1} {what}; "
            f"got {X_fit.shape[0]}. Lower {param}."
        )
    nn.fit(X_fit)
    if isinstance(nn, NearestNeighbors):
        return nn.kneighbors_of_rows(rows, k, return_distance=False)
    return nn.kneighbors(_safe_indexing(X_fit, rows), return_distance=False)[:, 1:]


def draw_samples(random_state, nn_num, n_samples):
    """imbalanced-learn's draws: which (row, neighbour) pairs, and how far along.

    A fresh generator is made from ``random_state`` on every call, exactly as
    imbalanced-learn does, so an integer seed gives its same samples.

    Returns
    -------
    rows, cols : ndarray of int
        Row of ``nn_num`` and column (which neighbour) for each sample.
    steps : ndarray of float64 of shape (n_samples,)
    """
    rng = check_random_state(random_state)
    flat = rng.randint(low=0, high=nn_num.size, size=n_samples)
    steps = rng.uniform(size=n_samples)
    return flat // nn_num.shape[1], flat % nn_num.shape[1], steps


def interpolate_samples(X_base, rows, X_nn, nn_rows, steps, diff_scale=None):
    """``X_base[rows] + steps * diff_scale * (X_nn[nn_rows] - X_base[rows])``.

    Dense input goes through the jitted kernel; sparse input uses scipy's
    arithmetic. The output keeps the input dtype (and sparse format).
    """
    steps = np.asarray(steps, dtype=np.float64).reshape(-1)
    if diff_scale is None:
        diff_scale = np.ones_like(steps)
    if sparse.issparse(X_base):
        diffs = X_nn[nn_rows] - X_base[rows]
        scaled = sparse.diags(diff_scale) @ diffs
        diffs = scaled.astype(X_base.dtype)
        X_new = X_base[rows] + sparse.diags(steps) @ diffs
        return X_new.astype(X_base.dtype).asformat(X_base.format)
    X_base = np.ascontiguousarray(X_base)
    X_nn = np.ascontiguousarray(X_nn)
    if X_base.dtype.kind != "f":
        # integer data: the scaled difference and the sum are truncated to
        # the input dtype, as imbalanced-learn's ``astype(X.dtype)`` does
        diffs = (X_nn[nn_rows] - X_base[rows]) * diff_scale[:, None]
        diffs = diffs.astype(X_base.dtype)
        return (X_base[rows] + steps[:, None] * diffs).astype(X_base.dtype)
    out = np.empty((rows.shape[0], X_base.shape[1]), dtype=X_base.dtype)
    if rows.shape[0]:
        with serial_if_small(out.size):
            interpolate(
                X_base,
                np.asarray(rows, dtype=np.int64),
                X_nn,
                np.asarray(nn_rows, dtype=np.int64),
                steps,
                diff_scale,
                out,
            )
    return out


def stack_rows(blocks):
    """Stack dense or sparse row blocks, keeping the first block's sparse format."""
    if sparse.issparse(blocks[0]):
        return sparse.vstack(blocks, format=blocks[0].format)
    return np.vstack(blocks)


class BaseNeighborOverSampler(
    SamplerInterfaceMixin, ResampleGuardMixin, BaseOverSampler
):
    """Base of our neighbour-based over-samplers: imbalanced-learn's plus ``n_jobs``.

    Subclasses implement ``_fit_resample``.
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "n_jobs": [numbers.Integral, None],
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, n_jobs=None):
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state
        self.n_jobs = n_jobs

    def _resample_per_class(self, X, y, make_new):
        """The input, then ``make_new(class, n_samples, class_indices)`` per class.

        ``make_new`` returns the new rows for a class (``None`` for none); the
        labels of the appended rows follow from their count.
        """
        X_blocks, y_blocks = [X.copy()], [y.copy()]
        origins = []  # seed row of each new row, when _smote_samples made them
        for class_sample, n_samples in self.sampling_strategy_.items():
            if n_samples == 0:
                continue
            # a plain Python label reads well in messages ("class 1", not
            # "class np.int64(1)")
            label = (
                class_sample.item()
                if isinstance(class_sample, np.generic)
                else class_sample
            )
            class_indices = np.flatnonzero(y == class_sample)
            self._seed_rows = []
            X_new = make_new(label, n_samples, class_indices)
            seeds, self._seed_rows = self._seed_rows, None
            if X_new is None:
                continue
            X_blocks.append(X_new)
            y_blocks.append(np.full(X_new.shape[0], class_sample, dtype=y.dtype))
            seeds = np.concatenate(seeds) if seeds else np.empty(0, np.intp)
            if origins is not None and len(seeds) == X_new.shape[0]:
                origins.append(class_indices[seeds])
            else:
                origins = None
        # read by utils._interface.carry_rows (groups of synthetic rows)
        self._synthetic_origins = (
            None if origins is None else np.concatenate([[], *origins]).astype(np.intp)
        )
        return stack_rows(X_blocks), np.hstack(y_blocks)

    def _record_seeds(self, positions):
        """Note the seed of each new row: its position among the class's rows.

        Called by ``make_new`` inside :meth:`_resample_per_class` (read by
        ``utils._interface.carry_rows``: groups of synthetic rows).
        """
        if getattr(self, "_seed_rows", None) is not None:
            self._seed_rows.append(np.asarray(positions, dtype=np.intp))

    def _smote_samples(
        self, X_base, rows_of_base, X_nn, nn_num, n_samples, step_size=1.0
    ):
        """Draw ``n_samples`` SMOTE samples from base rows and their neighbours.

        ``nn_num[r]`` are indices into ``X_nn`` of the neighbours of
        ``X_base[rows_of_base[r]]``.
        """
        rows, cols, steps = draw_samples(self.random_state, nn_num, n_samples)
        self._record_seeds(rows_of_base[rows])  # X_base: the class's rows
        return interpolate_samples(
            X_base, rows_of_base[rows], X_nn, nn_num[rows, cols], step_size * steps
        )


def count_other_class(y, nns, target_class):
    """How many of each row's neighbours (indices into ``y``) are of another class."""
    return np.sum(y[nns] != target_class, axis=1)


def in_danger(n_other, m):
    """Han et al.'s danger rule: half or more, not all, of ``m`` neighbours differ."""
    return (n_other >= m / 2) & (n_other < m)


class BaseSMOTEOverSampler(BaseNeighborOverSampler):
    """Base of the SMOTE variants: adds ``k_neighbors``."""

    _parameter_constraints: dict = {
        **BaseNeighborOverSampler._parameter_constraints,
        "k_neighbors": NEIGHBORS_CONSTRAINT,
    }

    def __init__(
        self, *, sampling_strategy="auto", random_state=None, k_neighbors=5, n_jobs=None
    ):
        super().__init__(
            sampling_strategy=sampling_strategy,
            random_state=random_state,
            n_jobs=n_jobs,
        )
        self.k_neighbors = k_neighbors
