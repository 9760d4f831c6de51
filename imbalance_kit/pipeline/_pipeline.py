"""imbalanced-learn's Pipeline, with per-row metadata carried through samplers."""

import inspect

import numpy as np
from imblearn import pipeline as imb_pipeline
from imblearn.base import METHODS
from sklearn.base import clone
from sklearn.pipeline import _name_estimators
from sklearn.utils import Bunch
from sklearn.utils._user_interface import _print_elapsed_time
from sklearn.utils.metadata_routing import (
    MetadataRequest,
    _routing_enabled,
    get_routing_for_object,
)
from sklearn.utils.validation import (
    _is_arraylike_not_scalar,
    _num_samples,
    check_memory,
)

from ..utils._interface import (
    SamplerInterfaceMixin,
    _accepted_names,
    carry_rows,
)

# metadata whose length must be the number of rows when given to the pipeline
_PER_ROW_NAMES = ("sample_weight", "groups")
# methods whose parameters a step gets during the pipeline's fit_* calls
_FIT_METHODS = ("fit", "fit_transform", "fit_predict", "fit_resample")


def _takes(obj, method, name):
    """Whether ``obj.method`` takes the metadata ``name`` by name."""
    if isinstance(obj, Pipeline) and method == "fit" and not _routing_enabled():
        # a nested pipeline takes what its own steps would use
        return obj._unprefixed_targets(name)[1]
    func = getattr(obj, method, None)
    if func is None:
        return False
    try:
        parameter = inspect.signature(func).parameters.get(name)
    except (TypeError, ValueError):
        parameter = None
    if parameter is not None and parameter.kind not in (
        parameter.VAR_POSITIONAL,
        parameter.VAR_KEYWORD,
    ):
        return True
    try:
        request = get_routing_for_object(obj)
    except Exception:  # not a scikit-learn object: its signature said no
        return False
    if not isinstance(request, MetadataRequest):
        return False
    return name in getattr(request, method).requests


def _only_carries(sampler, name):
    """Whether our sampler merely carries ``name`` to its rows: it takes
    ``sample_weight`` in ``fit_resample`` to fill ``sample_weight_``, and
    resamples with what its ``_fit_resample`` takes (``groups``...)."""
    if not isinstance(sampler, SamplerInterfaceMixin):
        # imbalance_kit.dask's samplers
        return name == "sample_weight" and getattr(
            sampler, "_only_carries_sample_weight", False
        )
    accepted = _accepted_names(sampler._fit_resample)
    return accepted is not None and name not in accepted


def _is_categorical(name, value):
    """Groups and non-numeric metadata follow rows; numbers take class means."""
    return name == "groups" or np.asarray(value).dtype.kind not in "iufc"


class _RowCarrier:
    """Per-row metadata of the pipeline's input, brought to the current rows.

    Every sampler the rows went through is recorded with the labels it
    received and returned; a value with one entry per input row is carried
    through them all by :func:`~imbalance_kit.utils._interface.carry_rows`.
    """

    def __init__(self, n_rows, skip=()):
        self.n_rows = n_rows
        self.skip = set(skip)
        self.passes = []
        self._cache = {}

    def passed(self, sampler, y_in, y_out):
        self.passes.append((sampler, np.asarray(y_in), np.asarray(y_out)))

    def per_row(self, value):
        if not _is_arraylike_not_scalar(value):
            return False
        try:
            return _num_samples(value) == self.n_rows
        except TypeError:
            return False

    def value(self, name, value):
        if not self.passes or name in self.skip or not self.per_row(value):
            return value
        categorical = _is_categorical(name, value)
        key = (id(value), categorical, len(self.passes))
        if key not in self._cache:
            out = value
            for sampler, y_in, y_out in self.passes:
                out = carry_rows(sampler, out, y_in, y_out, categorical=categorical)
            self._cache[key] = (value, out)  # holding value keeps its id unique
        return self._cache[key][1]

    def align(self, step_params):
        return Bunch(
            **{
                method: Bunch(**{k: self.value(k, v) for k, v in params.items()})
                for method, params in step_params.items()
            }
        )


def _fit_transform_one(transformer, X, y, message_clsname, message, params):
    with _print_elapsed_time(message_clsname, message):
        if hasattr(transformer, "fit_transform"):
            Xt = transformer.fit_transform(X, y, **params.get("fit_transform", {}))
        else:
            Xt = transformer.fit(X, y, **params.get("fit", {})).transform(
                X, **params.get("transform", {})
            )
    return Xt, transformer


def _fit_resample_one(sampler, X, y, message_clsname, message, params):
    with _print_elapsed_time(message_clsname, message):
        X_res, y_res = sampler.fit_resample(X, y, **params.get("fit_resample", {}))
    return X_res, y_res, sampler


class Pipeline(imb_pipeline.Pipeline):
    """imbalanced-learn's Pipeline; per-row metadata follow the resampled rows.

    Same parameters, methods and behaviour as
    :class:`imblearn.pipeline.Pipeline` when no metadata is passed. Metadata
    with one entry per row (``sample_weight``, per-sample costs, ``groups``:
    any array-like whose length is the number of rows, the rule
    scikit-learn's cross-validation uses to slice them per fold) are resampled
    by every sampler as its rows are, so each step receives the version
    aligned with its own rows: a kept or repeated row keeps its value; a
    synthetic row or cluster centre gets its class's mean for numbers, and
    for ``groups`` (or any non-numeric metadata) the value of the row it was
    grown from where the sampler records it (the row selectors, ``SMOTE``,
    ``BorderlineSMOTE``, ``ADASYN``, ``SVMSMOTE``), else its class's most
    common value. See
    :func:`imbalance_kit.utils._interface.carry_rows`. Any other sampler is
    read the same way: ``sample_indices_`` if it has one, else the input rows
    first and new rows after them; one that exposes neither (e.g.
    imbalanced-learn's ``SMOTEENN``; ours composes its steps) gives every row
    its class's value.

    Who receives what:

    - metadata routing off (the default): ``fit(X, y, sample_weight=w)``
      (no step prefix) goes to every sampler step whose ``fit_resample``
      takes that name, and to the final estimator if its ``fit`` takes it;
      transformers get it only when addressed as ``step__sample_weight``.
      A name no such step takes is an error, and so is one that would only
      be carried (``sample_weight`` when the final step's ``fit`` does not
      take it: the samplers only carry weights, they do not resample with
      them). A nested :class:`Pipeline` as the final step takes what its own
      steps would use. ``step__param`` sends a value to one step, aligned
      with that step's rows.
    - metadata routing on (``sklearn.set_config(enable_metadata_routing=True)``):
      the steps' requests (``set_fit_request``, ``set_fit_resample_request``
      ...) decide, as in scikit-learn; the values each step receives are the
      resampled ones.

    Parameters
    ----------
    steps : list of (str, estimator) tuples
        Transformers and samplers, the last an estimator.
    transform_input : list of str, default=None
        As in scikit-learn (metadata routing only). These parameters are
        transformed, never resampled.
    memory : str or object with the joblib.Memory interface, default=None
    verbose : bool, default=False

    Attributes
    ----------
    named_steps : :class:`~sklearn.utils.Bunch`
    classes_ : ndarray of shape (n_classes,)
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (`n_features_in_`,)

    See Also
    --------
    make_pipeline : Name the steps automatically.
    imblearn.pipeline.Pipeline : The parent class.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from imbalance_kit.over_sampling import SMOTE
    >>> from imbalance_kit.pipeline import Pipeline
    >>> X, y = make_classification(weights=[0.8], random_state=0)
    >>> w = np.linspace(0.5, 2.0, len(y))
    >>> pipe = Pipeline([("smote", SMOTE(random_state=0)),
    ...                  ("clf", LogisticRegression())])
    >>> pipe = pipe.fit(X, y, sample_weight=w)
    >>> len(pipe.named_steps["smote"].sample_weight_) > len(y)
    True
    """

    def _check_method_params(self, method, props, **kwargs):
        if _routing_enabled():
            return super()._check_method_params(method, props, **kwargs)
        routed = Bunch(
            **{
                name: Bunch(**{m: {} for m in METHODS})
                for name, step in self.steps
                if step is not None
            }
        )
        final_name, final = self.steps[-1]
        final_method = "fit_resample" if hasattr(final, "fit_resample") else "fit"
        for pname, pval in props.items():
            if "__" in pname:
                step, param = pname.split("__", 1)
                if step not in routed:
                    raise ValueError(
                        f"Pipeline.{method} got {pname!r}, but the pipeline has no "
                        f"step named {step!r}; its steps are "
                        f"{[name for name, _ in self.steps]}."
                    )
                targets = [(step, param)]
            else:
                targets, used = self._unprefixed_targets(pname)
                if not targets:
                    raise ValueError(
                        f"Pipeline.{method} got {pname}=..., which neither a "
                        f"sampler's fit_resample nor the final step's "
                        f"{final_method} takes. Address one step as "
                        f"<step>__{pname}, or enable metadata routing."
                    )
                if not used and pval is not None:
                    last = (
                        f"the final step is {final!r}"
                        if final in (None, "passthrough")
                        else f"the final step's {type(final).__name__}."
                        f"{final_method} does not take {pname}"
                    )
                    raise ValueError(
                        f"Pipeline.{method} got {pname}=..., but {last}, and "
                        f"the samplers "
                        f"{[name for name, _ in targets]} only carry it to their "
                        f"rows (into sample_weight_): it would be used by no "
                        f"step. Give the final step an estimator that takes "
                        f"{pname}, or address a sampler as <step>__{pname} to "
                        f"keep the carried values."
                    )
            for step, param in targets:
                for m in _FIT_METHODS:
                    routed[step][m][param] = pval
        return routed

    def _unprefixed_targets(self, pname):
        """Steps that get ``pname=value`` with routing off, and whether any
        of them uses it (the samplers' ``sample_weight`` is only carried)."""
        targets, used = [], False
        for _, name, step in self._iter(with_final=False, filter_resample=False):
            if hasattr(step, "fit_resample") and _takes(step, "fit_resample", pname):
                targets.append((name, pname))
                used = used or not _only_carries(step, pname)
        final_name, final = self.steps[-1]
        final_method = "fit_resample" if hasattr(final, "fit_resample") else "fit"
        if final not in (None, "passthrough") and _takes(final, final_method, pname):
            targets.append((final_name, pname))
            used = True
        return targets, used

    def _fit(self, X, y=None, routed_params=None, raw_params=None):
        self.steps = list(self.steps)
        self._validate_steps()
        memory = check_memory(self.memory)
        fit_transform_cached = memory.cache(_fit_transform_one)
        fit_resample_cached = memory.cache(_fit_resample_one)
        n_rows = _num_samples(X)
        if not isinstance(routed_params, dict):
            # routing on and no metadata: scikit-learn's stand-in answers every
            # step with empty parameters but is no mapping (no items, no `in`)
            routed_params = Bunch(
                **{name: routed_params[name] for name, _ in self.steps}
            )
        self._check_per_row_lengths(routed_params, n_rows)
        carrier = _RowCarrier(n_rows, skip=self.transform_input or ())
        for step_idx, name, step in self._iter(
            with_final=False, filter_passthrough=False, filter_resample=False
        ):
            if step is None or step == "passthrough":
                with _print_elapsed_time("Pipeline", self._log_message(step_idx)):
                    continue
            if hasattr(memory, "location") and memory.location is None:
                cloned = step  # imbalanced-learn does not clone without a cache
            else:
                cloned = clone(step)
            params = carrier.align(routed_params[name])
            if hasattr(cloned, "transform") or hasattr(cloned, "fit_transform"):
                params = self._get_metadata_for_step(
                    step_idx=step_idx, step_params=params, all_params=raw_params
                )
                X, fitted = fit_transform_cached(
                    cloned, X, y, "Pipeline", self._log_message(step_idx), params
                )
            else:
                y_in = y
                X, y, fitted = fit_resample_cached(
                    cloned, X, y, "Pipeline", self._log_message(step_idx), params
                )
                carrier.passed(fitted, y_in, y)
            self.steps[step_idx] = (name, fitted)
        final_name = self.steps[-1][0]
        if final_name in routed_params:
            # the callers (fit, fit_transform, ...) read the final step's
            # parameters from routed_params after this returns
            routed_params[final_name] = carrier.align(routed_params[final_name])
        return X, y

    @staticmethod
    def _check_per_row_lengths(routed_params, n_rows):
        for step_name, step_params in routed_params.items():
            for params in step_params.values():
                for pname, value in params.items():
                    if pname not in _PER_ROW_NAMES or value is None:
                        continue
                    n = _num_samples(value) if _is_arraylike_not_scalar(value) else None
                    if n != n_rows:
                        raise ValueError(
                            f"{pname} for step {step_name!r} must have one entry "
                            f"per row of X ({n_rows}); got "
                            f"{'a scalar' if n is None else f'{n} entries'}."
                        )

    def fit(self, X, y=None, **params):
        """Fit the steps one after the other; metadata follow the rows.

        Parameters
        ----------
        X : iterable
            Training data.
        y : iterable, default=None
            Training targets.
        **params : dict of str -> object
            Routing off: ``name=value`` goes to the samplers that take
            ``name`` and to the final estimator if its ``fit`` takes it;
            ``step__name=value`` to that step. Routing on: to the steps that
            request it. Per-row values arrive aligned with each step's rows.

        Returns
        -------
        self : Pipeline
        """
        return super().fit(X, y, **params)


def make_pipeline(*steps, memory=None, transform_input=None, verbose=False):
    """Build a :class:`Pipeline`, naming the steps after their classes.

    Parameters
    ----------
    *steps : estimators
    memory : str or object with the joblib.Memory interface, default=None
    transform_input : list of str, default=None
    verbose : bool, default=False

    Returns
    -------
    Pipeline

    See Also
    --------
    Pipeline : Per-row metadata carried through the samplers.

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.preprocessing import StandardScaler
    >>> from imbalance_kit.over_sampling import SMOTE
    >>> from imbalance_kit.pipeline import make_pipeline
    >>> make_pipeline(StandardScaler(), SMOTE(), LogisticRegression())
    Pipeline(steps=[('standardscaler', StandardScaler()), ('smote', SMOTE()),
                    ('logisticregression', LogisticRegression())])
    """
    return Pipeline(
        _name_estimators(steps),
        memory=memory,
        transform_input=transform_input,
        verbose=verbose,
    )
