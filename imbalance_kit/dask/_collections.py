"""Moving between dask collections (arrays or data frames) and row blocks."""

import numpy as np


def is_dask_frame(obj):
    """A dask DataFrame or Series (not a dask array)."""
    import dask.dataframe as dd

    return isinstance(obj, (dd.DataFrame, dd.Series))


def check_dask_input(X, y):
    """Validate the pair; return ``(X, y_numpy, lengths)``.

    ``X`` is a 2-D dask array (re-chunked to whole rows) or a dask DataFrame;
    ``y`` a dask array or Series (its values are brought into memory: the
    samplers decide on labels, one small value per row).
    """
    import dask.array as da

    if isinstance(X, da.Array):
        if X.ndim != 2:
            raise ValueError(f"X must be 2-D; got a dask array with ndim={X.ndim}.")
        X = X.rechunk({1: -1})
        lengths = np.asarray(X.chunks[0], dtype=np.int64)
    elif is_dask_frame(X):
        lengths = np.asarray(X.map_partitions(len).compute(), dtype=np.int64)
    else:
        raise TypeError(
            "imbalance_kit.dask samplers take a dask array or dask DataFrame; got "
            f"{type(X).__name__}. Use imbalance_kit's in-memory samplers for it."
        )
    y_values = np.asarray(y.compute() if hasattr(y, "compute") else y)
    if y_values.shape != (int(lengths.sum()),):
        raise ValueError(
            f"y must have one label per row of X ({int(lengths.sum())}); got shape "
            f"{y_values.shape}."
        )
    return X, y_values, lengths


def row_blocks(X):
    """Delayed float64 numpy blocks of ``X``'s rows, in order."""
    import dask

    if is_dask_frame(X):
        to_array = dask.delayed(lambda part: part.to_numpy(dtype=np.float64))
        return [to_array(part) for part in X.to_delayed()]
    to_float = dask.delayed(lambda block: np.asarray(block, dtype=np.float64))
    return [to_float(block) for block in X.to_delayed()[:, 0]]


def repeat_rows(collection, counts, lengths):
    """Each row repeated ``counts[row]`` times (0 drops it), partition by partition."""
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
        return dd.from_delayed(parts, meta=collection._meta, verify_meta=False)
    take = dask.delayed(lambda block, c: np.repeat(block, c, axis=0))
    blocks = collection.to_delayed().ravel()
    tail = collection.shape[1:]
    pieces = [
        da.from_delayed(take(b, c), shape=(int(c.sum()), *tail), dtype=collection.dtype)
        for b, c in zip(blocks, per_block, strict=True)
    ]
    return da.concatenate(pieces, axis=0)


def append_rows(collection, new_rows):
    """``collection`` followed by the in-memory ``new_rows`` as one more block."""
    import dask.array as da
    import dask.dataframe as dd
    import pandas as pd

    if isinstance(collection, dd.DataFrame):
        meta = collection._meta
        extra = pd.DataFrame(new_rows, columns=meta.columns).astype(meta.dtypes)
        return dd.concat([collection, dd.from_pandas(extra, npartitions=1)])
    if isinstance(collection, dd.Series):
        meta = collection._meta
        extra = pd.Series(new_rows, name=meta.name, dtype=meta.dtype)
        return dd.concat([collection, dd.from_pandas(extra, npartitions=1)])
    extra = da.from_array(np.asarray(new_rows, dtype=collection.dtype))
    return da.concatenate([collection, extra], axis=0)


def append_blocks(collection, blocks):
    """``collection`` followed by delayed row blocks ``[(block, n_rows), ...]``.

    Each block becomes one more partition (a data frame's get its columns and
    dtypes).
    """
    import dask
    import dask.array as da
    import dask.dataframe as dd
    import pandas as pd

    if isinstance(collection, dd.DataFrame):
        meta = collection._meta
        to_frame = dask.delayed(
            lambda block: pd.DataFrame(block, columns=meta.columns).astype(meta.dtypes)
        )
        extra = dd.from_delayed(
            [to_frame(block) for block, _ in blocks], meta=meta, verify_meta=False
        )
        return dd.concat([collection, extra])
    width = collection.shape[1]
    pieces = [
        da.from_delayed(block, shape=(n, width), dtype=collection.dtype)
        for block, n in blocks
    ]
    return da.concatenate([collection, *pieces], axis=0)
