"""What every imbalance_kit sampler's ``fit_resample`` adds to imbalanced-learn's.

- Data frames: imbalanced-learn's samplers understand numpy, scipy.sparse and
  pandas. For any other eager data frame library narwhals supports (polars...),
  the columns go through narwhals to pandas and the result comes back to the
  input's library with the input's schema (column names and dtypes).
- ``sample_weight``: given to ``fit_resample`` (by name; scikit-learn's
  metadata routing sees it and every sampler has ``set_fit_resample_request``),
  it is carried to the resampled rows and stored in ``sample_weight_``.
- Per-row metadata in general (weights, per-sample costs, groups): the rule
  that gives ``sample_weight_`` is :func:`carry_rows`; the pipeline of
  :mod:`imbalance_kit.pipeline` uses it to hand every later step the metadata
  of its own rows.

Row provenance, as a sampler exposes it:

1. ``sample_indices_`` (samplers that only select rows): output row ``i`` is
   input row ``sample_indices_[i]``.
2. Otherwise, when the output starts with the input rows in their order (the
   SMOTE family), those rows are the input rows; the appended rows are
   synthetic. A sampler that knows which input row each synthetic row was
   grown from (its seed) records it in ``_synthetic_origins`` (one input
   index per synthetic row); SMOTE, BorderlineSMOTE, ADASYN and SVMSMOTE do.
3. Otherwise every output row is synthetic or merged (cluster centres).
"""

import inspect
from contextvars import ContextVar

import numpy as np

from ._parallel import numba_threads

# Set while per-row metadata that is not a number (groups) goes through a
# sampler's ``_resampled_weights``: combined samplers override that method to
# compose their steps with ``weights_through``, which reads this flag.
_CATEGORICAL = ContextVar("imbalance_kit_categorical_rows", default=False)


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


def _accepted_names(method):
    """Keyword names ``method`` takes, or None when it takes any (``**kwargs``)."""
    parameters = inspect.signature(method).parameters.values()
    if any(p.kind is p.VAR_KEYWORD for p in parameters):
        return None
    return {p.name for p in parameters if p.kind is not p.VAR_POSITIONAL}


def check_row_weights(sample_weight, n):
    """``sample_weight`` as ``n`` finite, non-negative float64 numbers (or None)."""
    if sample_weight is None:
        return None
    weights = np.asarray(sample_weight, dtype=np.float64)
    if weights.shape != (n,):
        raise ValueError(
            f"sample_weight must be {n} finite numbers, one per row; got shape "
            f"{weights.shape}."
        )
    bad = np.flatnonzero(~np.isfinite(weights))
    if bad.size:
        raise ValueError(
            f"sample_weight holds {bad.size} NaN or inf value(s), at rows "
            f"{bad[:5].tolist()}; it must be {n} finite numbers."
        )
    if (weights < 0).any():
        raise ValueError("sample_weight must be non-negative.")
    return weights


class SamplerInterfaceMixin:
    """``fit_resample`` taking polars-like frames and ``sample_weight``."""

    def __init_subclass__(cls, **kwargs):
        # scikit-learn builds ``set_fit_resample_request`` from the signature
        # of the most derived ``fit_resample``. A subclass's
        # ``fit_resample(X, y, **params)`` passes ``sample_weight`` on to this
        # one, so its signature says so. (A ``__metadata_request__fit_resample``
        # class attribute would also add the request to ``fit``: scikit-learn
        # matches those attribute names by prefix.)
        own = cls.__dict__.get("fit_resample")
        if inspect.isfunction(own):
            signature = inspect.signature(own)
            parameters = list(signature.parameters.values())
            if "sample_weight" not in signature.parameters and (
                parameters and parameters[-1].kind is inspect.Parameter.VAR_KEYWORD
            ):
                weight = inspect.Parameter(
                    "sample_weight", inspect.Parameter.KEYWORD_ONLY, default=None
                )
                own.__signature__ = signature.replace(
                    parameters=[*parameters[:-1], weight, parameters[-1]]
                )
        super().__init_subclass__(**kwargs)

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
            mean weight of its class. :class:`imbalance_kit.pipeline.Pipeline`
            passes the resampled weights to the later steps itself; with
            imbalanced-learn's Pipeline pass ``sample_weight_`` to the next
            estimator's ``fit`` yourself.
        **params : dict
            Other metadata the sampler takes by name (``groups`` for the
            equitable sampler); any other name is refused.

        Returns
        -------
        X_resampled, y_resampled
        """
        if params:
            accepted = _accepted_names(self._fit_resample)
            unknown = sorted(set(params) - (accepted or set(params)))
            if unknown:
                takes = sorted((accepted or set()) - {"self", "X", "y"})
                raise TypeError(
                    f"{type(self).__name__}.fit_resample got the unexpected "
                    f"parameter(s) {unknown}; it takes sample_weight"
                    + (f" and {takes}" if takes else "")
                    + "."
                )
        weights = check_row_weights(sample_weight, len(y))
        frame, series = _other_frame(X), _other_frame(y)
        X_in = _to_pandas(frame) if frame is not None else X
        y_in = _to_pandas(series) if series is not None else y
        # provenance of this call only: a sampler sets these when it knows
        self._synthetic_origins = None
        if "sample_indices_" in vars(self):
            del self.sample_indices_
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
        """Weights of the output rows (the convention of ``fit_resample``).

        Combined samplers override this to compose their steps with
        :func:`weights_through`; :func:`carry_rows` calls it for any per-row
        metadata, so the composition holds for groups too.
        """
        return _carry(self, weights, y, y_res, _CATEGORICAL.get())


def _class_rule(values, y, labels_out, categorical):
    """Values for rows made from their class: its mean, or its most common value."""
    classes, codes = np.unique(y, return_inverse=True)
    missing = np.setdiff1d(np.unique(labels_out), classes)
    if missing.size:
        raise ValueError(
            f"The resampled labels hold {missing.tolist()}, absent from the input "
            "labels; per-row metadata cannot be carried to those rows."
        )
    if categorical:
        per_class = []
        for k in range(len(classes)):
            rows = values[codes == k]
            kinds, counts = np.unique(
                rows, return_counts=True, axis=0 if rows.ndim > 1 else None
            )
            per_class.append(kinds[np.argmax(counts)])  # ties: the smallest value
        per_class = np.asarray(per_class, dtype=values.dtype)
    else:
        per_class = np.stack(
            [values[codes == k].mean(axis=0) for k in range(len(classes))]
        )
    return per_class[np.searchsorted(classes, labels_out)]


def _carry(sampler, values, y, y_res, categorical):
    values = np.asarray(values)
    y, y_res = np.asarray(y), np.asarray(y_res)
    indices = getattr(sampler, "sample_indices_", None)
    if indices is not None:
        indices = np.asarray(indices)
        if len(indices) == len(y_res):
            return values[indices]
    n = len(y)
    keeps_inputs = len(y_res) >= n and np.array_equal(y_res[:n], y)
    if not keeps_inputs:
        return _class_rule(values, y, y_res, categorical)
    new_labels = y_res[n:]
    origins = getattr(sampler, "_synthetic_origins", None)
    if categorical and origins is not None and len(origins) == len(new_labels):
        tail = values[np.asarray(origins, dtype=np.intp)]
    else:
        tail = _class_rule(values, y, new_labels, categorical)
    if not categorical:
        values = values.astype(np.result_type(values.dtype, tail.dtype), copy=False)
    return np.concatenate([values, tail.astype(values.dtype, copy=False)])


def carry_rows(sampler, values, y, y_res, *, categorical=False):
    """Per-row metadata of a sampler's output rows, from that of its input rows.

    The ``sample_weight_`` convention, for any metadata with one entry per
    row: a kept or repeated row keeps its value; a synthetic or merged row gets
    its class's mean (numbers: weights, per-sample costs) or, for
    ``categorical`` metadata (groups), the value of the row it was grown from
    when the sampler records it (SMOTE, SVMSMOTE, the samplers that only
    select rows), else the most common value of its class (ties: the
    smallest).

    Parameters
    ----------
    sampler : fitted sampler
        Any imbalanced-learn compatible sampler that just ran
        ``fit_resample``.
    values : array-like of shape (n_samples, ...)
    y, y_res : array-like
        The labels the sampler received and returned.
    categorical : bool, default=False

    Returns
    -------
    ndarray of shape (len(y_res), ...)

    Examples
    --------
    >>> import numpy as np
    >>> from imbalance_kit.under_sampling import RandomUnderSampler
    >>> from imbalance_kit.utils._interface import carry_rows
    >>> y = np.array([0, 0, 0, 1])
    >>> sampler = RandomUnderSampler(random_state=0)
    >>> _, y_res = sampler.fit_resample(np.arange(8.0).reshape(4, 2), y)
    >>> groups = np.array(["a", "b", "c", "d"])
    >>> bool((carry_rows(sampler, groups, y, y_res, categorical=True)
    ...       == groups[sampler.sample_indices_]).all())
    True
    """
    if isinstance(sampler, SamplerInterfaceMixin):
        token = _CATEGORICAL.set(bool(categorical))
        try:
            return np.asarray(
                sampler._resampled_weights(
                    np.asarray(values), np.asarray(y), np.asarray(y_res)
                )
            )
        finally:
            _CATEGORICAL.reset(token)
    return _carry(sampler, values, y, y_res, categorical)


def weights_through(sampler, weights, y, y_res):
    """The ``sample_weight_`` convention for a sampler that ran without weights
    (a step inside a combined sampler)."""
    return _carry(sampler, weights, y, y_res, _CATEGORICAL.get())
