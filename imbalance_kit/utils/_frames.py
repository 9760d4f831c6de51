"""Polars (and other narwhals-supported) data frames in, the same kind out.

imbalanced-learn's samplers understand numpy, scipy.sparse and pandas. For any
other eager data frame library narwhals supports, the columns go through
narwhals to pandas and the result comes back to the input's library with the
input's schema (column names and dtypes).
"""

import numpy as np


def _other_frame(obj):
    """The narwhals object for a non-pandas eager data frame or series, else None."""
    module = type(obj).__module__.split(".")[0]
    if module in {"numpy", "pandas", "scipy", "builtins"}:
        return None
    try:
        import narwhals as nw
    except ImportError:  # pragma: no cover - narwhals is a dependency
        return None
    try:
        return nw.from_native(obj, eager_only=True, allow_series=True)
    except TypeError:
        return None


def _to_pandas(frame):
    import narwhals as nw
    import pandas as pd

    if isinstance(frame, nw.Series):
        return pd.Series(frame.to_numpy(), name=frame.name)
    return pd.DataFrame({c: frame[c].to_numpy() for c in frame.columns})


def _back(result, like):
    import narwhals as nw

    backend = nw.get_native_namespace(like)
    if isinstance(like, nw.Series):
        return nw.new_series(
            like.name, np.asarray(result), like.dtype, backend=backend
        ).to_native()
    data = {c: np.asarray(result[c]) for c in like.columns}
    return nw.from_dict(data, schema=like.schema, backend=backend).to_native()


class FrameInOutMixin:
    """``fit_resample`` accepting polars-like frames and returning the same kind."""

    def fit_resample(self, X, y, **params):
        """Resample the dataset (see the class docstring).

        Parameters
        ----------
        X : {array-like, dataframe, sparse matrix} of shape (n_samples, n_features)
            numpy, scipy.sparse, pandas, or any eager data frame narwhals
            supports (polars...), returned in the same kind.
        y : array-like or series of shape (n_samples,)
        **params : dict
            Passed on (e.g. ``groups`` for the equitable sampler).

        Returns
        -------
        X_resampled, y_resampled
        """
        frame, series = _other_frame(X), _other_frame(y)
        if frame is None and series is None:
            return super().fit_resample(X, y, **params)
        X_in = _to_pandas(frame) if frame is not None else X
        y_in = _to_pandas(series) if series is not None else y
        X_res, y_res = super().fit_resample(X_in, y_in, **params)
        if frame is not None:
            X_res = _back(X_res, frame)
        if series is not None:
            y_res = _back(y_res, series)
        return X_res, y_res
