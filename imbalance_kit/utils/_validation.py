"""Input checks shared by the samplers."""

import numbers
from contextvars import ContextVar

import numpy as np
from imblearn.base import BaseSampler, SamplerMixin
from imblearn.utils import check_sampling_strategy, check_target_type
from imblearn.utils._validation import ArraysTransformer
from scipy import sparse
from sklearn.base import _fit_context
from sklearn.preprocessing import label_binarize
from sklearn.utils import check_array
from sklearn.utils._param_validation import HasMethods, Interval
from sklearn.utils.multiclass import check_classification_targets, type_of_target
from sklearn.utils.validation import _num_samples, column_or_1d, validate_data

#: ``k_neighbors``/``n_neighbors``-style parameters: a count or an estimator.
NEIGHBORS_CONSTRAINT = [
    Interval(numbers.Integral, 1, None, closed="left"),
    HasMethods(["kneighbors", "kneighbors_graph"]),
]


def check_X_y_shapes(X, y):
    """Refuse a ``y`` whose length differs from ``X``'s rows, and an ``X`` that
    is not 2-D, with messages naming both (before any conversion)."""
    if X is None or y is None:
        return
    n_dim = X.ndim if hasattr(X, "ndim") else np.ndim(X)
    if n_dim != 2:
        shape = getattr(X, "shape", np.shape(X))
        raise ValueError(
            f"X must be 2-D, of shape (n_samples, n_features); got a {n_dim}-D "
            f"input of shape {tuple(shape)}. A single feature is "
            "X.reshape(-1, 1)."
        )
    shape = getattr(X, "shape", None) or np.shape(X)
    if shape[1] == 0:
        raise ValueError(
            f"X has no columns (shape {tuple(shape)}); a sampler needs at least "
            "one feature."
        )
    try:
        n_X, n_y = _num_samples(X), _num_samples(y)
    except TypeError:  # not array-like: left to the full validation
        return
    if n_X != n_y:
        raise ValueError(
            f"X and y must have one row per sample; got X with {n_X} rows and "
            f"y with {n_y} entries (inconsistent numbers of samples)."
        )


def check_label_values(y):
    """Refuse missing or non-finite labels (NaN, inf, None), naming their rows.

    Done before anything casts ``y`` (scikit-learn's target checks cast float
    labels to integers, which warns on NaN, and call None an unknown label
    type); a cleaner would otherwise keep a NaN label as a class of its own.
    """
    labels = np.asarray(y)
    if labels.dtype.kind in "fc":
        missing = ~np.isfinite(labels)
    elif labels.dtype.kind == "O":
        missing = np.array(
            [
                v is None or (isinstance(v, float) and not np.isfinite(v))
                for v in labels.ravel()
            ],
            dtype=bool,
        )
    else:
        return
    if missing.any():
        rows = np.flatnonzero(missing)
        raise ValueError(
            f"y holds {len(rows)} missing or non-finite label(s) (NaN, inf or "
            f"None), at rows {rows[:5].tolist()}; every row needs a class label."
        )


# The ``y`` that ``ResampleGuardMixin`` found to be a binary target, while it
# checks X and y: imbalanced-learn's target check need not work out its type
# again (``type_of_target`` is the largest cost of a call on a small table).
_BINARY_TARGET = ContextVar("imbalance_kit_binary_target", default=None)


def checked_target(y):
    """imbalanced-learn's ``check_target_type(y, indicate_one_vs_all=True)``.

    When ``y`` is the target ``fit_resample`` has just found binary, its type
    is not worked out again: the result is then ``column_or_1d(y), False``,
    as imbalanced-learn's for a binary target.
    """
    if _BINARY_TARGET.get() is y:
        return column_or_1d(y), False
    return check_target_type(y, indicate_one_vs_all=True)


def check_X_y_as_given(sampler, X, y):
    """Check ``y`` and record ``X``'s shape and names without converting ``X``.

    For samplers that copy or select rows, or handle mixed column types
    themselves: strings and NaN pass; only inputs that are not arrays
    (lists of rows) become arrays.

    Returns
    -------
    X, y, binarize_y
        As imbalanced-learn's ``_check_X_y``.
    """
    check_X_y_shapes(X, y)
    y, binarize_y = checked_target(y)
    if not (hasattr(X, "__array__") or sparse.issparse(X)):
        X = check_array(X, dtype=None, ensure_all_finite=False)
    validate_data(sampler, X=X, y=y, reset=True, skip_check_array=True)
    return X, y, binarize_y


def dense_float64(X):
    """``X`` as a dense float64 array (for distance computations)."""
    return np.asarray(X.toarray() if sparse.issparse(X) else X, dtype=np.float64)


def _float_values(X):
    """The float values of ``X`` (array, sparse matrix or all-float DataFrame),
    or ``None`` when ``X`` is anything else."""
    if sparse.issparse(X):
        values = X.data
    elif isinstance(X, np.ndarray):
        values = X
    elif hasattr(X, "dtypes") and hasattr(X, "to_numpy"):
        if len(X.dtypes) == 0 or not all(
            getattr(d, "kind", "") == "f" for d in X.dtypes
        ):
            return None
        values = X.to_numpy()
    else:
        return None
    return values if values.dtype.kind == "f" else None


def extreme_scale_exponent(X):
    """The power of two that brings ``X`` to unit scale, when it must.

    Squared distances of values beyond about ``sqrt(max float)`` overflow and
    those below about ``sqrt(smallest normal float)`` underflow to zero; both
    silently break every distance-based method. Returns ``e`` such that
    ``X * 2**-e`` has a largest absolute value in ``[0.5, 1)`` when the
    largest absolute value of ``X`` is outside a safe band for its float
    type, else ``None`` (also for non-float or non-finite input, which the
    usual validation handles).
    """
    values = _float_values(X)
    if values is None or values.size == 0:
        return None
    with np.errstate(all="ignore"):
        # no |X| temporary: NaN and inf come through max/min as through abs
        top = max(values.max(), -values.min())
    return unit_scale_exponent(top, values.dtype)


def unit_scale_exponent(top, dtype=np.float64):
    """``e`` with ``top * 2**-e`` in ``[0.5, 1)`` when ``top``, the largest
    absolute value of some data, is outside the safe band of ``dtype``; else
    (also for 0 or a non-finite ``top``) ``None``."""
    if not np.isfinite(top) or top == 0:
        return None
    info = np.finfo(dtype)
    # a margin of 2**20 leaves room for sums over features and rows
    high = 2.0 ** (info.maxexp // 2 - 20)
    low = 2.0 ** (info.minexp // 2 + 20)
    if low <= top <= high:
        return None
    return int(np.frexp(top)[1])


def scale_by_power_of_two(X, exponent):
    """``X * 2**exponent``, exactly (no rounding), keeping ``X``'s kind and dtype."""
    if sparse.issparse(X):
        X = X.copy()
        X.data = np.ldexp(X.data, exponent)
        return X
    if hasattr(X, "dtypes") and hasattr(X, "iloc"):
        X = X.copy()
        for column in X.columns:
            if getattr(X[column].dtype, "kind", "") == "f":
                X[column] = np.ldexp(X[column].to_numpy(), exponent)
        return X
    X = np.asarray(X)
    if X.dtype.kind != "f":
        return X
    return np.ldexp(X, exponent).astype(X.dtype, copy=False)


class ResampleGuardMixin:
    """Checks every sampler makes before imbalanced-learn's ``fit_resample``.

    - ``X`` is 2-D and ``y`` has one entry per row of ``X`` (our message);
    - every class named by a dict or list ``sampling_strategy`` occurs in ``y``;
    - values so large or small that squared distances over- or underflow
      (``1e300``, ``1e-300``): the sampler runs on ``X`` scaled by a power of
      two, which is exact, and the output is scaled back. Distances, neighbours
      and interpolations are scale-equivariant, so this is the result exact
      arithmetic would give. Samplers with a parameter in data units (an
      absolute radius or energy) refuse such input instead
      (``_extreme_scale = "refuse"``); samplers whose work is done by inner
      samplers or a user's estimator leave it to them (``"pass"``).
      Fitted attributes in data units (cluster centres, codebooks) then hold
      the scaled values. When scaling down would push other non-zero values
      of ``X`` below the float range (values spanning more than about 600
      orders of magnitude), the sampler refuses instead, as the rows it gives
      back would not be exact.
    """

    _extreme_scale = "rescale"

    def _extreme_scale_mode(self):
        return self._extreme_scale

    def fit_resample(self, X, y, **params):
        check_X_y_shapes(X, y)
        if y is not None:
            check_label_values(y)
        _check_strategy_classes(getattr(self, "sampling_strategy", None), y)
        mode = self._extreme_scale_mode()
        exponent = None if mode == "pass" else extreme_scale_exponent(X)
        if exponent is None:
            return self._checked_resample(X, y, **params)
        if mode == "refuse":
            raise ValueError(
                f"{type(self).__name__} cannot handle X at this scale: its "
                f"largest absolute value is about 2**{exponent}, so squared "
                "distances overflow or underflow (too large or too small for "
                "float arithmetic), and a parameter of this sampler is in data "
                "units. Rescale X (e.g. StandardScaler) first."
            )
        X_scaled = scale_by_power_of_two(X, -exponent)
        check_exact_rescaling(type(self).__name__, X, X_scaled, exponent)
        out = self._checked_resample(X_scaled, y, **params)
        return (scale_by_power_of_two(out[0], exponent), *out[1:])

    def _checked_resample(self, X, y, **params):
        """imbalanced-learn's ``fit_resample`` (checks, then ``_fit_resample``),
        with the type of a binary ``y`` worked out once instead of twice.

        imbalanced-learn asks for the type of ``y`` in its classification
        check and again in its target check; on a table of a few hundred rows
        each costs about a tenth of a millisecond, the time of a whole random
        draw. A sampler whose next ``fit_resample`` is not imbalanced-learn's
        own gets that one, unchanged.
        """
        if not _plain_imblearn_resample(type(self)):
            return super().fit_resample(X, y, **params)
        return self._fit_resample_validated(X, y, **params)

    @_fit_context(prefer_skip_nested_validation=True)
    def _fit_resample_validated(self, X, y, **params):
        # the steps and order of imblearn.base.SamplerMixin.fit_resample
        y_type = type_of_target(y, input_name="y")
        if y_type != "binary":
            # scikit-learn's own refusal (or multiclass warning), as it stands
            check_classification_targets(y)
        arrays_transformer = ArraysTransformer(X, y)
        token = _BINARY_TARGET.set(y if y_type == "binary" else None)
        try:
            X, y, binarize_y = self._check_X_y(X, y)
        finally:
            _BINARY_TARGET.reset(token)
        self.sampling_strategy_ = check_sampling_strategy(
            self.sampling_strategy, y, self._sampling_type
        )
        output = self._fit_resample(X, y, **params)
        y_ = (
            label_binarize(output[1], classes=np.unique(y)) if binarize_y else output[1]
        )
        X_, y_ = arrays_transformer.transform(output[0], y_)
        return (X_, y_) if len(output) == 2 else (X_, y_, output[2])

    def _check_X_y(self, X, y, accept_sparse=None):
        # imblearn.base.BaseSampler._check_X_y, with the binary target's
        # type not worked out again (see ``_checked_resample``); a sampler
        # whose next ``_check_X_y`` is another one gets that one
        parent = super()._check_X_y
        if getattr(parent, "__func__", None) is not BaseSampler._check_X_y:
            if accept_sparse is None:
                return parent(X, y)
            return parent(X, y, accept_sparse=accept_sparse)
        if accept_sparse is None:
            accept_sparse = ["csr", "csc"]
        y, binarize_y = checked_target(y)
        X, y = validate_data(self, X=X, y=y, reset=True, accept_sparse=accept_sparse)
        return X, y, binarize_y


_PLAIN_RESAMPLE = {}


def _plain_imblearn_resample(cls):
    """Whether the ``fit_resample`` after ``ResampleGuardMixin`` in ``cls``'s
    method order is imbalanced-learn's ``BaseSampler``/``SamplerMixin`` one."""
    plain = _PLAIN_RESAMPLE.get(cls)
    if plain is None:
        mro = cls.__mro__
        after = mro[mro.index(ResampleGuardMixin) + 1 :]
        owner = next((c for c in after if "fit_resample" in vars(c)), None)
        # BaseSampler's only calls SamplerMixin's (for its docstring)
        plain = owner in (BaseSampler, SamplerMixin)
        _PLAIN_RESAMPLE[cls] = plain
    return plain


def check_exact_rescaling(who, X, X_scaled, exponent):
    """Refuse ``X`` when ``X_scaled * 2**exponent`` does not give it back.

    Scaling down by a power of two is exact unless it pushes other non-zero
    values below the float range (values spanning more than about 600 orders
    of magnitude); the rows given back would then not be the rows given.
    """
    values, scaled = _float_values(X), _float_values(X_scaled)
    if exponent <= 0 or np.array_equal(np.ldexp(scaled, exponent), values):
        return
    raise ValueError(
        f"{who} cannot handle X whose values span this many orders of "
        f"magnitude: its largest absolute value is about 2**{exponent} and "
        f"some non-zero values are below 2**{exponent - 1022}, so no one "
        "scaling keeps squared distances from overflowing and every value "
        "exact (too large or too small for float arithmetic). Rescale the "
        "columns of X (e.g. StandardScaler) first."
    )


def _check_strategy_classes(strategy, y):
    """A dict or list ``sampling_strategy`` may only name classes of ``y``."""
    if isinstance(strategy, dict):
        named = list(strategy)
    elif isinstance(strategy, list):
        named = strategy
    else:
        return
    try:
        present = np.unique(np.asarray(y))
        missing = [c for c in named if not np.isin(c, present).any()]
    except (TypeError, ValueError):  # y itself is bad: left to its own checks
        return
    if missing:
        raise ValueError(
            f"sampling_strategy names classes that are not in y: "
            f"{[_plain(c) for c in missing]}; the classes in y are "
            f"{[_plain(c) for c in present]}."
        )


def _plain(value):
    return value.item() if isinstance(value, np.generic) else value


def columns_at_tree_scale(X):
    """``X`` with each column of extreme scale multiplied by a power of two.

    scikit-learn's trees work in float32 and treat a feature whose range is
    below ``1e-7`` as constant, so a column of huge values overflows and a
    column of tiny but informative values is ignored. A tree's splits do not
    change when a column is multiplied by a positive constant, and a power of
    two changes no digit; columns whose largest absolute value is outside
    ``[2**-10, 2**60]`` are brought to ``[0.5, 1)``, the others are left as
    they are.
    """
    values = _float_values(X)
    if values is None or values.size == 0 or sparse.issparse(X):
        return X
    with np.errstate(all="ignore"):
        top = np.max(np.abs(values), axis=0)
    extreme = np.isfinite(top) & (top > 0) & ((top < 2.0**-10) | (top > 2.0**60))
    if not extreme.any():
        return X
    exponents = np.where(extreme, -np.frexp(top)[1], 0)
    return np.ldexp(values, exponents[None, :]).astype(values.dtype, copy=False)


def splits_on_thresholds(estimator):
    """Whether ``estimator`` (``None``: our default tree or forest) is a
    scikit-learn tree model, whose splits do not change when a column is
    multiplied by a positive number (see :func:`columns_at_tree_scale`)."""
    if estimator is None:
        return True
    from sklearn.ensemble import (
        ExtraTreesClassifier,
        GradientBoostingClassifier,
        HistGradientBoostingClassifier,
        RandomForestClassifier,
    )
    from sklearn.tree import BaseDecisionTree

    return isinstance(
        estimator,
        (
            BaseDecisionTree,
            RandomForestClassifier,
            ExtraTreesClassifier,
            GradientBoostingClassifier,
            HistGradientBoostingClassifier,
        ),
    )
