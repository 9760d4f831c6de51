"""What every imbalance_kit sampler's ``fit_resample`` adds to imbalanced-learn's.

- Data frames: imbalanced-learn's samplers understand numpy, scipy.sparse and
  pandas. For any other eager data frame library narwhals supports (polars...),
  the columns go through narwhals to pandas and the result comes back to the
  input's library with the input's schema (column names and dtypes).
- ``sample_weight``: given to ``fit_resample``, it is carried to the
  resampled rows and stored in ``sample_weight_`` (see
  :meth:`SamplerInterfaceMixin.fit_resample` for the convention).
"""

import numpy as np

from ._parallel import numba_threads


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


class SamplerInterfaceMixin:
    """``fit_resample`` taking polars-like frames and ``sample_weight``."""

    def fit_resample(self, X, y, *, sample_weight=None, **params):
        """Resample the dataset (see the class docstring).

        Parameters
        ----------
        X : {array-like, dataframe, sparse matrix} of shape (n_samples, n_features)
            numpy, scipy.sparse, pandas, or any eager data frame narwhals
            supports (polars...), returned in the same kind.
        y : array-like or series of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the input rows. The weights of the returned rows are
            stored in ``sample_weight_`` (the return value stays ``(X, y)``,
            as pipelines expect): a kept or repeated row keeps its weight; a
            synthetic or merged row (SMOTE family, cluster centres) gets the
            mean weight of its class. Pass ``sample_weight_`` to the next
            estimator's ``fit``; imbalanced-learn's Pipeline has no channel
            that would do it.
        **params : dict
            Passed on (e.g. ``groups`` for the equitable sampler).

        Returns
        -------
        X_resampled, y_resampled
        """
        weights = None
        if sample_weight is not None:
            weights = np.asarray(sample_weight, dtype=np.float64)
            n = len(y)
            if weights.shape != (n,) or not np.all(np.isfinite(weights)):
                raise ValueError(
                    f"sample_weight must be {n} finite numbers, one per row; got "
                    f"shape {weights.shape}."
                )
            if (weights < 0).any():
                raise ValueError("sample_weight must be non-negative.")
        frame, series = _other_frame(X), _other_frame(y)
        X_in = _to_pandas(frame) if frame is not None else X
        y_in = _to_pandas(series) if series is not None else y
        # every jitted kernel of the call runs on the sampler's n_jobs threads
        with numba_threads(getattr(self, "n_jobs", None)):
            X_res, y_res = super().fit_resample(X_in, y_in, **params)
        if weights is not None:
            self.sample_weight_ = self._resampled_weights(
                weights, np.asarray(y_in), np.asarray(y_res)
            )
        elif hasattr(self, "sample_weight_"):
            del self.sample_weight_
        if frame is not None:
            X_res = _back(X_res, frame)
        if series is not None:
            y_res = _back(y_res, series)
        return X_res, y_res

    def _resampled_weights(self, weights, y, y_res):
        """Weights of the output rows (the convention of ``fit_resample``)."""
        indices = getattr(self, "sample_indices_", None)
        if indices is not None:
            return weights[indices]
        labels, codes = np.unique(y, return_inverse=True)
        class_mean = np.bincount(codes, weights=weights) / np.bincount(codes)
        mean_of = dict(zip(labels.tolist(), class_mean, strict=True))
        n = len(y)
        keeps_inputs = len(y_res) >= n and np.array_equal(y_res[:n], y)
        synthetic = y_res[n:] if keeps_inputs else y_res
        tail = np.array([mean_of[c] for c in synthetic.tolist()], dtype=np.float64)
        return np.concatenate([weights, tail]) if keeps_inputs else tail


def weights_through(sampler, weights, y, y_res):
    """The ``sample_weight_`` convention for a sampler that ran without weights
    (a step inside a combined sampler)."""
    return SamplerInterfaceMixin._resampled_weights(sampler, weights, y, y_res)
