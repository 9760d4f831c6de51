"""Samplers for dask arrays and data frames.

Each decides in memory on what is small (the labels, the neighbour lists, the
rows of the class being over-sampled) and leaves the rows where they are:
selection and repetition run partition by partition, synthetic rows are
appended as one more partition. For the same parameters and ``random_state``
the selected rows, their multiplicities and the synthetic rows equal those of
the in-memory sampler; only the output order differs (partition order instead
of imbalanced-learn's class-by-class order).
"""

import numbers

import dask
import numpy as np
from imblearn.utils import check_sampling_strategy
from sklearn.base import BaseEstimator
from sklearn.utils._param_validation import Interval, StrOptions

from .. import over_sampling, under_sampling
from ..over_sampling._base import (
    draw_samples,
    interpolate_samples,
    make_neighbors,
    neighbors_within,
)
from ..under_sampling._edited import agrees
from ..under_sampling._tomek import tomek_links
from ..utils._interface import _class_rule, check_row_weights
from ._collections import (
    append_blocks,
    check_dask_input,
    has_numeric_index,
    is_dask_frame,
    next_label,
    positional_index,
    repeat_counts,
    repeat_rows,
    row_blocks,
    scale_exponent,
)
from ._knn import blockwise_kneighbors

SAMPLING_STRATEGY = [
    Interval(numbers.Real, 0, 1, closed="right"),
    str,
    dict,
    callable,
]


class _DaskSampler(BaseEstimator):
    """``fit_resample(X, y)`` on dask collections; subclasses give row counts."""

    # sample_weight only follows the rows (imbalance_kit.pipeline reads this)
    _only_carries_sample_weight = True

    def fit_resample(self, X, y, *, sample_weight=None):
        """Resample a dask array or DataFrame.

        Parameters
        ----------
        X : dask array of shape (n_samples, n_features) or dask DataFrame
        y : array-like of shape (n_samples,)
            A dask array or Series with any partitions, or an in-memory array,
            list or pandas Series; labels are matched to rows by position.
        sample_weight : array-like of shape (n_samples,), default=None
            In-memory weights of the input rows (matched by position). The
            weights of the returned rows, in their order, are stored in
            ``sample_weight_``, by the in-memory samplers' rule: a kept or
            repeated row keeps its weight, a synthetic row gets its class's
            mean weight.

        Returns
        -------
        X_resampled : dask collection of ``X``'s type
            Selected or repeated rows stay in their partitions (a data frame
            keeps their index and its known divisions); synthetic rows come
            as new partitions, with new, unique index labels.
        y_resampled : dask array or Series
            In the same partitions as ``X_resampled`` (a Series has its
            index). A dask array ``y`` gives an array; any other ``y`` a
            Series when ``X`` is a data frame, else an array.
        """
        self._validate_params()
        data = check_dask_input(X, y)
        weights = _check_weights(sample_weight, len(data.labels))
        X, lengths = data.X, data.lengths
        counts, new_X, new_y = self._plan(X, data.labels, lengths)
        if weights is not None:
            parts = [np.repeat(weights, counts)]
            if new_y is not None and len(new_y):
                parts.append(_class_rule(weights, data.labels, new_y, False))
            self.sample_weight_ = np.concatenate(parts)
        elif hasattr(self, "sample_weight_"):
            del self.sample_weight_
        X_res = repeat_rows(X, counts, lengths)
        y_res = repeat_rows(data.y, counts, lengths)
        if new_y is not None and len(new_y):
            start = 0
            if is_dask_frame(X) and not has_numeric_index(X):
                kept = repeat_counts(counts, lengths)
                X_res = positional_index(X_res, kept)
                if is_dask_frame(y_res):
                    y_res = positional_index(y_res, kept)
            if is_dask_frame(X):
                start = next_label(X_res)
            X_res, y_res = append_blocks(X_res, y_res, new_X, new_y, start)
        return X_res, y_res


class _ByLabels(_DaskSampler):
    """Random samplers: the in-memory sampler's choice, which needs only ``y``."""

    def _plan(self, X, y, lengths):
        local = self._in_memory()
        local.fit_resample(np.zeros((len(y), 1)), y)  # the choice needs only y
        self.sampling_strategy_ = local.sampling_strategy_
        counts = np.bincount(local.sample_indices_, minlength=len(y))
        # the output's order (partition order), as X_res == X[sample_indices_]
        # reads; the in-memory choice lists the rows class by class
        self.sample_indices_ = np.repeat(np.arange(len(y)), counts)
        return counts, None, None


class RandomUnderSampler(_ByLabels):
    """:class:`imbalance_kit.under_sampling.RandomUnderSampler` for dask input.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
    random_state : int, RandomState instance or None, default=None
    replacement : bool, default=False

    Attributes
    ----------
    sampling_strategy_ : dict
    sample_indices_ : ndarray of int
        Rows kept (global positions), in the output's order:
        ``X_resampled`` holds the rows ``X[sample_indices_]``.

    Examples
    --------
    >>> import dask.array as da
    >>> import numpy as np
    >>> from imbalance_kit.dask import RandomUnderSampler
    >>> X = da.from_array(np.arange(40.0).reshape(20, 2), chunks=(7, 2))
    >>> y = da.from_array(np.r_[np.zeros(15, int), np.ones(5, int)], chunks=7)
    >>> X_res, y_res = RandomUnderSampler(random_state=0).fit_resample(X, y)
    >>> np.bincount(y_res.compute()).tolist()
    [5, 5]
    """

    _parameter_constraints: dict = {
        "sampling_strategy": SAMPLING_STRATEGY,
        "random_state": ["random_state"],
        "replacement": ["boolean"],
    }

    def __init__(
        self, *, sampling_strategy="auto", random_state=None, replacement=False
    ):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.replacement = replacement

    def _in_memory(self):
        return under_sampling.RandomUnderSampler(
            sampling_strategy=self.sampling_strategy,
            random_state=self.random_state,
            replacement=self.replacement,
        )


class RandomOverSampler(_ByLabels):
    """:class:`imbalance_kit.over_sampling.RandomOverSampler` (no shrinkage) for dask.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
    random_state : int, RandomState instance or None, default=None

    Attributes
    ----------
    sampling_strategy_ : dict
    sample_indices_ : ndarray of int
        Rows kept, each repeated as often as it is in the output, in the
        output's order: ``X_resampled`` holds the rows ``X[sample_indices_]``.

    Examples
    --------
    >>> import dask.array as da
    >>> import numpy as np
    >>> from imbalance_kit.dask import RandomOverSampler
    >>> X = da.from_array(np.arange(40.0).reshape(20, 2), chunks=(7, 2))
    >>> y = da.from_array(np.r_[np.zeros(15, int), np.ones(5, int)], chunks=7)
    >>> X_res, y_res = RandomOverSampler(random_state=0).fit_resample(X, y)
    >>> np.bincount(y_res.compute()).tolist()
    [15, 15]
    """

    _parameter_constraints: dict = {
        "sampling_strategy": SAMPLING_STRATEGY,
        "random_state": ["random_state"],
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state

    def _in_memory(self):
        return over_sampling.RandomOverSampler(
            sampling_strategy=self.sampling_strategy, random_state=self.random_state
        )


class _ByNeighbours(_DaskSampler):
    """Cleaning samplers: block-wise exact neighbours, decision in memory."""

    def _plan(self, X, y, lengths):
        self.sampling_strategy_ = check_sampling_strategy(
            self.sampling_strategy, y, "clean-sampling"
        )
        # the in-memory samplers refuse too few rows rather than search fewer
        k = self._k()
        if len(y) - 1 < k:
            what = f"n_neighbors={k}" if hasattr(self, "n_neighbors") else "TomekLinks"
            raise ValueError(f"{what} needs at least {k + 1} samples; got {len(y)}.")
        exponent = scale_exponent(X, type(self).__name__)
        neighbours = blockwise_kneighbors(row_blocks(X, exponent), lengths, self._k())
        removed = self._removed(y, neighbours)
        self.sample_indices_ = np.flatnonzero(~removed)
        return (~removed).astype(np.int64), None, None


class TomekLinks(_ByNeighbours):
    """:class:`imbalance_kit.under_sampling.TomekLinks` for dask input.

    Parameters
    ----------
    sampling_strategy : str, list or callable, default="auto"

    Attributes
    ----------
    sampling_strategy_ : dict
    sample_indices_ : ndarray of int
        Kept rows (global positions), the in-memory sampler's selection.

    Examples
    --------
    >>> import dask.array as da
    >>> import numpy as np
    >>> from imbalance_kit.dask import TomekLinks
    >>> X = da.from_array(np.array([[0.0], [1.0], [1.1], [5.0], [6.0]]), chunks=2)
    >>> y = da.from_array(np.array([0, 0, 1, 0, 0]), chunks=2)
    >>> TomekLinks().fit_resample(X, y)[1].compute().tolist()
    [0, 1, 0, 0]
    """

    _parameter_constraints: dict = {"sampling_strategy": [str, list, callable]}

    def __init__(self, *, sampling_strategy="auto"):
        self.sampling_strategy = sampling_strategy

    def _k(self):
        return 1

    def _removed(self, y, neighbours):
        return tomek_links(y, neighbours[:, 0], self.sampling_strategy_)


class EditedNearestNeighbours(_ByNeighbours):
    """:class:`imbalance_kit.under_sampling.EditedNearestNeighbours` for dask.

    Parameters
    ----------
    sampling_strategy : str, list or callable, default="auto"
    n_neighbors : int, default=3
    kind_sel : {"all", "mode"}, default="all"

    Attributes
    ----------
    sampling_strategy_ : dict
    sample_indices_ : ndarray of int

    Examples
    --------
    >>> import dask.array as da
    >>> import numpy as np
    >>> from imbalance_kit.dask import EditedNearestNeighbours
    >>> rng = np.random.default_rng(0)
    >>> X = da.from_array(rng.normal(size=(60, 2)), chunks=(25, 2))
    >>> y = da.from_array((np.arange(60) % 4 == 0).astype(int), chunks=25)
    >>> X_res, y_res = EditedNearestNeighbours().fit_resample(X, y)
    >>> int((y_res == 1).sum().compute())
    15
    """

    _parameter_constraints: dict = {
        "sampling_strategy": [str, list, callable],
        "n_neighbors": [Interval(numbers.Integral, 1, None, closed="left")],
        "kind_sel": [StrOptions({"all", "mode"})],
    }

    def __init__(self, *, sampling_strategy="auto", n_neighbors=3, kind_sel="all"):
        self.sampling_strategy = sampling_strategy
        self.n_neighbors = n_neighbors
        self.kind_sel = kind_sel

    def _k(self):
        return self.n_neighbors

    def _removed(self, y, neighbours):
        rows = np.flatnonzero(np.isin(y, list(self.sampling_strategy_)))
        removed = np.zeros(len(y), dtype=bool)
        removed[rows[~agrees(y, rows, neighbours[rows], self.kind_sel)]] = True
        return removed


class SMOTE(_DaskSampler):
    """:class:`imbalance_kit.over_sampling.SMOTE` for dask input.

    The rows of the classes being over-sampled are gathered into memory (they
    are the rare ones) for the neighbour search and the random draws; the
    synthetic rows are then computed in parallel dask tasks, one per
    ``generation_chunk`` samples, and appended as new partitions. They are
    identical to the in-memory sampler's for the same ``random_state``.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
    random_state : int, RandomState instance or None, default=None
    k_neighbors : int, default=5
    generation_chunk : int, default=50_000
        Synthetic samples per generation task (and output partition).

    Attributes
    ----------
    sampling_strategy_ : dict

    Examples
    --------
    >>> import dask.array as da
    >>> import numpy as np
    >>> from imbalance_kit.dask import SMOTE
    >>> rng = np.random.default_rng(0)
    >>> X = da.from_array(rng.normal(size=(60, 2)), chunks=(25, 2))
    >>> y = da.from_array((np.arange(60) % 6 == 0).astype(int), chunks=25)
    >>> X_res, y_res = SMOTE(random_state=0).fit_resample(X, y)
    >>> np.bincount(y_res.compute()).tolist()
    [50, 50]
    """

    _parameter_constraints: dict = {
        "sampling_strategy": SAMPLING_STRATEGY,
        "random_state": ["random_state"],
        "k_neighbors": [Interval(numbers.Integral, 1, None, closed="left")],
        "generation_chunk": [Interval(numbers.Integral, 1, None, closed="left")],
    }

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        random_state=None,
        k_neighbors=5,
        generation_chunk=50_000,
    ):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k_neighbors = k_neighbors
        self.generation_chunk = generation_chunk

    def _plan(self, X, y, lengths):
        self.sampling_strategy_ = check_sampling_strategy(
            self.sampling_strategy, y, "over-sampling"
        )
        wanted = [c for c, n in self.sampling_strategy_.items() if n > 0]
        rows = np.flatnonzero(np.isin(y, wanted))
        exponent = scale_exponent(X, "SMOTE")
        gathered = _gather_rows(X, rows, lengths, exponent)
        # the in-memory SMOTE's draws (a fresh generator per class, so they
        # equal a full run's); the interpolation runs in dask tasks, one per
        # chunk of draws, and each chunk becomes a partition
        nn = make_neighbors(self.k_neighbors)
        interpolate = dask.delayed(_interpolate_at_scale, pure=True)
        y_rows = y[rows]
        blocks, y_new = [], []
        for c in wanted:
            X_class = gathered[y_rows == c]
            nns = neighbors_within(
                nn,
                X_class,
                np.arange(len(X_class)),
                param="k_neighbors",
                what=f"samples of class {c!r}",
            )
            n = self.sampling_strategy_[c]
            base, col, steps = draw_samples(self.random_state, nns, n)
            X_shared = dask.delayed(X_class)
            for start in range(0, n, self.generation_chunk):
                part = slice(start, min(start + self.generation_chunk, n))
                block = interpolate(
                    X_shared,
                    base[part],
                    X_shared,
                    nns[base[part], col[part]],
                    steps[part],
                    exponent,
                )
                blocks.append((block, part.stop - part.start))
            y_new.append(np.full(n, c, dtype=y.dtype))
        return np.ones(len(y), dtype=np.int64), blocks, np.concatenate(y_new)


def _check_weights(sample_weight, n):
    """``sample_weight`` as n finite, non-negative float64 numbers (or None)."""
    if hasattr(sample_weight, "compute"):
        sample_weight = sample_weight.compute()
    return check_row_weights(sample_weight, n)


def _interpolate_at_scale(X_base, rows, X_nn, nn_rows, steps, exponent):
    """The in-memory interpolation on rows scaled by ``2**-exponent``, scaled back."""
    new = interpolate_samples(X_base, rows, X_nn, nn_rows, steps)
    return new if exponent is None else np.ldexp(new, exponent)


def _gather_rows(X, rows, lengths, exponent=None):
    """``X[rows] * 2**-exponent`` as one in-memory float64 array (rows sorted)."""
    import dask

    starts = np.concatenate([[0], np.cumsum(lengths)])
    pick = dask.delayed(lambda block, local: block[local])
    pieces = []
    for b, block in enumerate(row_blocks(X, exponent)):
        inside = rows[(rows >= starts[b]) & (rows < starts[b + 1])] - starts[b]
        if len(inside):
            pieces.append(pick(block, inside))
    (arrays,) = dask.compute(pieces)
    return np.vstack(arrays) if arrays else np.empty((0, X.shape[1]))
