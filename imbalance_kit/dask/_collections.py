"""Moving between dask collections (arrays or data frames) and row blocks."""

import numpy as np

from ..utils._validation import check_label_values, unit_scale_exponent


def is_dask_frame(obj):
    """A dask DataFrame or Series (not a dask array)."""
    import dask.dataframe as dd

    return isinstance(obj, (dd.DataFrame, dd.Series))


class DaskInput:
    """A validated ``(X, y)`` pair.

    Attributes
    ----------
    X : dask array (one chunk across the columns) or dask DataFrame
    y : dask array or Series
        The labels in ``X``'s partitions: row ``i`` of ``y`` is the label of
        row ``i`` of ``X``, whatever ``y``'s own partitions were; a Series
        carries ``X``'s index (and divisions).
    labels : ndarray
        The labels in memory (the samplers decide on labels, one small value
        per row).
    lengths : ndarray of int
        Rows per partition of ``X``.
    """

    def __init__(self, X, y, labels, lengths):
        self.X, self.y, self.labels, self.lengths = X, y, labels, lengths


def check_dask_input(X, y):
    """Validate the pair and put the labels in ``X``'s partitions.

    ``X`` is a 2-D dask array (re-chunked to whole rows) or a dask DataFrame
    with at least one column; ``y`` a dask array or Series with any
    partitions, or an in-memory array, list or pandas Series, with one label
    per row of ``X``, matched by position.
    """
    import dask.array as da

    if isinstance(X, da.Array):
        if X.ndim != 2:
            raise ValueError(f"X must be 2-D; got a dask array with ndim={X.ndim}.")
        X = X.rechunk({1: -1})
        lengths = np.asarray(X.chunks[0], dtype=np.int64)
        n_features = X.shape[1]
    elif is_dask_frame(X) and hasattr(X, "columns"):
        lengths = np.asarray(X.map_partitions(len).compute(), dtype=np.int64)
        n_features = len(X.columns)
    else:
        raise TypeError(
            "imbalance_kit.dask samplers take a dask array or dask DataFrame as X; "
            f"got {type(X).__name__}. Use imbalance_kit's in-memory samplers for it."
        )
    if n_features == 0:
        raise ValueError(
            "X has no columns (0 features); the samplers need at least one."
        )
    given = y.compute() if hasattr(y, "compute") else y
    labels = np.asarray(given)
    n = int(lengths.sum())
    if labels.shape != (n,):
        raise ValueError(
            f"y must have one label per row of X ({n}); got shape {labels.shape}."
        )
    # the cleaners here would keep a NaN label as a class of its own
    check_label_values(labels)
    return DaskInput(X, _aligned_labels(X, y, labels, lengths), labels, lengths)


def _aligned_labels(X, y, labels, lengths):
    """``labels`` as a dask collection with ``X``'s partitions.

    A dask array ``y`` stays an array; anything else becomes a Series (named
    as ``y`` was) when ``X`` is a DataFrame, else an array.
    """
    import dask.array as da

    as_array = isinstance(y, da.Array) or (
        isinstance(X, da.Array) and not hasattr(y, "name")
    )
    if as_array:
        return da.from_array(labels, chunks=(tuple(int(n) for n in lengths),))
    import dask
    import dask.dataframe as dd
    import pandas as pd

    name = getattr(y, "name", None)
    meta = pd.Series(labels[:0], name=name)
    starts = np.concatenate([[0], np.cumsum(lengths)])
    if is_dask_frame(X):
        # the labels get X's index, partition by partition
        label = dask.delayed(
            lambda index, values: pd.Series(values, index=index, name=name)
        )
        parts = [
            label(index, labels[starts[b] : starts[b + 1]])
            for b, index in enumerate(X.index.to_delayed())
        ]
        divisions = X.divisions if X.known_divisions else None
    else:
        parts = [
            dask.delayed(pd.Series)(
                labels[starts[b] : starts[b + 1]],
                index=pd.RangeIndex(starts[b], starts[b + 1]),
                name=name,
            )
            for b in range(len(lengths))
        ]
        divisions = (
            (*starts[:-1].tolist(), int(starts[-1]) - 1) if len(labels) else None
        )
    return dd.from_delayed(parts, meta=meta, divisions=divisions, verify_meta=False)


def _float_blocks(X):
    import dask

    if is_dask_frame(X):
        to_array = dask.delayed(lambda part: part.to_numpy(dtype=np.float64))
        return [to_array(part) for part in X.to_delayed()]
    to_float = dask.delayed(lambda block: np.asarray(block, dtype=np.float64))
    return [to_float(block) for block in X.to_delayed()[:, 0]]


def _block_stats(block):
    finite = np.isfinite(block)
    top = np.max(np.abs(block), initial=0.0, where=finite)
    return bool(np.isnan(block).any()), bool((~finite).any()), float(top)


def scale_exponent(X, sampler):
    """Check ``X`` is finite; the power of two that brings it to unit scale.

    One pass over ``X``. Squared distances of values beyond about 1e150
    overflow and those below about 1e-150 underflow; the neighbour searches
    then run on ``X * 2**-e`` (exact: a power of two changes no digit), as
    the in-memory samplers do. Returns ``e``, or ``None`` when ``X`` is at a
    safe scale.
    """
    import dask

    (stats,) = dask.compute([dask.delayed(_block_stats)(b) for b in _float_blocks(X)])
    if any(nan for nan, _, _ in stats):
        raise ValueError(f"Input X contains NaN; {sampler} needs finite values.")
    if any(bad for _, bad, _ in stats):
        raise ValueError(f"Input X contains infinity; {sampler} needs finite values.")
    return unit_scale_exponent(max((t for _, _, t in stats), default=0.0))


def row_blocks(X, exponent=None):
    """Delayed float64 blocks of ``X``'s rows, in order, times ``2**-exponent``."""
    import dask

    blocks = _float_blocks(X)
    if exponent is None:
        return blocks
    scale = dask.delayed(lambda block: np.ldexp(block, -exponent))
    return [scale(block) for block in blocks]


def repeat_counts(counts, lengths):
    """Rows per partition after :func:`repeat_rows`."""
    starts = np.concatenate([[0], np.cumsum(lengths)])
    return np.array(
        [int(counts[starts[b] : starts[b + 1]].sum()) for b in range(len(lengths))]
    )


def repeat_rows(collection, counts, lengths):
    """Each row repeated ``counts[row]`` times (0 drops it), partition by partition.

    Rows stay in their partitions, in order, so a data frame's known
    divisions still hold.
    """
    import dask
    import dask.array as da
    import dask.dataframe as dd

    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    per_block = [counts[s : s + n] for s, n in zip(starts, lengths, strict=True)]
    if is_dask_frame(collection):
        take = dask.delayed(lambda part, c: part.iloc[np.repeat(np.arange(len(c)), c)])
        parts = [
            take(part, c)
            for part, c in zip(collection.to_delayed(), per_block, strict=True)
        ]
        divisions = collection.divisions if collection.known_divisions else None
        return dd.from_delayed(
            parts, meta=collection._meta, divisions=divisions, verify_meta=False
        )
    take = dask.delayed(lambda block, c: np.repeat(block, c, axis=0))
    blocks = collection.to_delayed().ravel()
    tail = collection.shape[1:]
    pieces = [
        da.from_delayed(take(b, c), shape=(int(c.sum()), *tail), dtype=collection.dtype)
        for b, c in zip(blocks, per_block, strict=True)
    ]
    return da.concatenate(pieces, axis=0)


def next_label(X):
    """The first index label of rows appended to the frame ``X``.

    ``X``'s index must be numeric (see :func:`positional_index`): the new
    labels continue after its largest one, so they are unique.
    """
    if X.known_divisions:
        top = X.divisions[-1]
    else:
        top = X.index.max().compute()
    return 0 if top is None or np.isnan(top) else int(np.floor(top)) + 1


def has_numeric_index(frame):
    return frame._meta.index.dtype.kind in "iuf"


def positional_index(collection, lengths):
    """The frame or Series with the index ``0 .. n - 1`` (known divisions).

    For rows appended to a frame whose index is not numeric (strings, dates):
    no new label of that kind is sure to be unique, so the output is
    numbered by position, as imbalanced-learn numbers an over-sampled pandas
    frame.
    """
    import dask
    import dask.dataframe as dd
    import pandas as pd

    starts = np.concatenate([[0], np.cumsum(lengths)])
    renumber = dask.delayed(
        lambda part, start, stop: part.set_axis(pd.RangeIndex(start, stop))
    )
    parts = [
        renumber(part, int(starts[b]), int(starts[b + 1]))
        for b, part in enumerate(collection.to_delayed())
    ]
    meta = collection._meta.set_axis(pd.RangeIndex(0))
    total = int(starts[-1])
    divisions = (*starts[:-1].tolist(), total - 1) if total else None
    return dd.from_delayed(parts, meta=meta, divisions=divisions, verify_meta=False)


def append_blocks(X, y, blocks, labels, start):
    """``X`` and ``y`` followed by the new rows, one more partition per block.

    ``blocks`` are delayed row blocks ``[(block, n_rows), ...]`` and
    ``labels`` their labels in order; ``X`` and ``y`` get the same new
    partitions, and a data frame's new rows the index labels ``start,
    start + 1, ...`` (with known divisions when ``X`` had them).
    """
    import dask
    import dask.array as da
    import dask.dataframe as dd
    import pandas as pd

    sizes = [n for _, n in blocks]
    bounds = np.concatenate([[0], np.cumsum(sizes)])
    label_parts = [labels[bounds[i] : bounds[i + 1]] for i in range(len(sizes))]
    if is_dask_frame(X):
        meta = X._meta
        index = [
            pd.RangeIndex(start + bounds[i], start + bounds[i + 1])
            for i in range(len(sizes))
        ]
        known = X.known_divisions and meta.index.dtype.kind in "iuf"
        divisions = (
            (*(start + bounds[:-1]).tolist(), int(start + bounds[-1] - 1))
            if known
            else None
        )
        to_frame = dask.delayed(
            lambda block, idx: pd.DataFrame(
                block, columns=meta.columns, index=idx
            ).astype(meta.dtypes)
        )
        extra_X = dd.from_delayed(
            [
                to_frame(block, idx)
                for (block, _), idx in zip(blocks, index, strict=True)
            ],
            meta=meta,
            divisions=divisions,
            verify_meta=False,
        )
        X = dd.concat([X, extra_X])
    else:
        width = X.shape[1]
        pieces = [
            da.from_delayed(block, shape=(n, width), dtype=X.dtype)
            for block, n in blocks
        ]
        X = da.concatenate([X, *pieces], axis=0)
    if isinstance(y, da.Array):
        extra = [da.from_array(part.astype(y.dtype)) for part in label_parts]
        return X, da.concatenate([y, *extra], axis=0)
    y_meta = y._meta
    if is_dask_frame(X):
        series_index, y_divisions = index, divisions
    else:  # y is a Series made with a RangeIndex (see _aligned_labels)
        n0 = (
            int(y.index.size.compute())
            if not y.known_divisions
            else (y.divisions[-1] + 1)
        )
        series_index = [
            pd.RangeIndex(n0 + bounds[i], n0 + bounds[i + 1]) for i in range(len(sizes))
        ]
        y_divisions = (
            (*[int(i.start) for i in series_index], int(series_index[-1].stop) - 1)
            if y.known_divisions
            else None
        )
    extra_y = dd.from_delayed(
        [
            dask.delayed(pd.Series)(
                part, index=idx, name=y_meta.name, dtype=y_meta.dtype
            )
            for part, idx in zip(label_parts, series_index, strict=True)
        ],
        meta=y_meta,
        divisions=y_divisions,
        verify_meta=False,
    )
    return X, dd.concat([y, extra_y])
