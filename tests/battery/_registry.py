"""Every public name of every subpackage, with the battery cases it gets.

:func:`public_names` reads each subpackage's ``__all__``; :func:`all_cases`
gives each name's cases from the adapter of its kind (samplers, classifiers,
the neighbour search) or its hand-written adapter (functions and special
classes, in ``_functions``). A public name with no adapter and no entry in
``NOT_CALLABLE`` fails ``test_every_public_name_has_cases``.
"""

import importlib
import inspect
import pkgutil
from dataclasses import dataclass

import numpy as np
from sklearn.base import clone
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression

import imbalance_kit

from . import _data
from ._checks import check_classifier, check_sampler
from ._outcome import CLEAR, DELIBERATE, RIGHT, WORSE, Outcome, expect, run

# public names that take no data: why the battery does not call them
NOT_CALLABLE = {
    ("ordinal", "CrossingWarning"): "a warning class, raised by the ordinal "
    "estimators, never called on data",
    ("ordinal", "PathEndWarning"): "a warning class, raised by PRESTOCV, never "
    "called on data",
}

# ordinary inputs every estimator must handle: a clear error on them is
# counted as a failure ("worse") unless listed in DELIBERATE_ERRORS
MUST_WORK = {
    "base",
    "three_classes",
    "labels_str",
    "labels_bool",
    "labels_float",
    "labels_categorical",
    "constant_column",
    "rows_doubled",
    "X_int",
    "X_float32",
    "X_csr",
    "pandas_index",
    "X_noncontiguous",
    "X_fortran",
}

# (name, case) -> why our clear error is right where the reference library
# returns a result, or on an ordinary input
DELIBERATE_ERRORS = {}

AREAS = {
    "metrics": "metrics-cost",
    "cost_sensitive": "metrics-cost",
    "comparators": "metrics-cost",
    "equitable": "equitable",
    "over_sampling": "samplers",
    "under_sampling": "samplers",
    "combine": "samplers",
    "dask": "dask",
    "ordinal": "ordinal",
    "neighbors": "neighbors",
    "pipeline": "samplers",
}


def subpackages():
    """Names of the subpackages with a public ``__all__``."""
    names = []
    for info in pkgutil.iter_modules(imbalance_kit.__path__):
        if not info.ispkg or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"imbalance_kit.{info.name}")
        if getattr(module, "__all__", None):
            names.append(info.name)
    return sorted(names)


def public_names():
    """``(subpackage, name, object)`` for every name in every ``__all__``."""
    out = []
    for sub in subpackages():
        module = importlib.import_module(f"imbalance_kit.{sub}")
        for name in module.__all__:
            out.append((sub, name, getattr(module, name)))
    return out


@dataclass
class Case:
    sub: str
    name: str
    case: str
    ours: object  # () -> Outcome
    theirs: object = None  # () -> Outcome, the reference library's run
    must_work: bool = False  # an ordinary input: refusing it is a failure

    @property
    def id(self):
        prefix = f"{self.sub}." if self.sub == "dask" else ""
        return f"{prefix}{self.name}-{self.case}"

    @property
    def area(self):
        return AREAS.get(self.sub, "other")

    def outcome(self):
        """Our outcome, compared with the reference library's."""
        ours = self.ours()
        if ours.kind != CLEAR:
            return ours
        reason = DELIBERATE_ERRORS.get((self.name, self.case))
        if self.must_work:
            if reason:
                return Outcome(DELIBERATE, f"{ours.message} [deliberate: {reason}]")
            return Outcome(
                WORSE, f"refused an ordinary input: {ours.message}", ours.exc_type
            )
        if self.theirs is None:
            return ours
        theirs = self.theirs()
        if theirs.kind != RIGHT:
            return ours
        if reason:
            return Outcome(DELIBERATE, f"{ours.message} [deliberate: {reason}]")
        return Outcome(
            WORSE,
            f"reference library gives a right result, we raise: {ours.message}",
            ours.exc_type,
        )


# ---------------------------------------------------------------- samplers
NEIGHBOUR_PARAMS = ("k_neighbors", "n_neighbors", "m_neighbors")
SAMPLER_ARGS = {
    "SMOTENC": lambda: {"categorical_features": [2]},
    "EquitableSampler": lambda: {"budget": 24, "strategy": "proportional"},
    # a smaller forest than the default keeps the battery fast
    "InstanceHardnessThreshold": lambda: {
        "estimator": RandomForestClassifier(n_estimators=10, random_state=0),
        "cv": 3,
    },
}


def _args(name):
    return SAMPLER_ARGS[name]() if name in SAMPLER_ARGS else {}


# how each sampler's output relates to its input (see _checks.check_sampler)
FAMILY = {
    "SMOTEIPF": "combine",
    "CCR": "over",
    "ClusterCentroids": "under_synthetic",
    "SMOTEENN": "combine",
    "SMOTETomek": "combine",
    "EquitableSampler": "select",
}
# 'auto' gives exactly balanced classes
EXACT = {
    "RandomOverSampler",
    "SMOTE",
    "SMOTEN",
    "SMOTENC",
    "RandomUnderSampler",
    "NearMiss",
    "ClusterCentroids",
}
# over-samplers whose synthetic rows need not lie on segments between rows
# of their class: where they may lie ("all": within the range of all input
# rows; None: unchecked), and why
NOT_WITHIN_CLASS = {
    "GeometricSMOTE": (None, "samples a hypersphere around each seed"),
    "SVMSMOTE": (None, "extrapolates away from the majority where it is safe"),
    "LVQSMOTE": (None, "generates from a learned codebook"),
    "SafeLevelSMOTE": ("all", "interpolates towards a neighbour of any class"),
}


def _interpolates(name, family):
    """Where a sampler's output rows must lie (see check_sampler)."""
    if family != "over_rows":
        return None
    if name in NOT_WITHIN_CLASS:
        return NOT_WITHIN_CLASS[name][0]
    return "class"


# samplers whose result is not scale-equivariant by design: the reason
NOT_EQUIVARIANT = {
    "CCR": "energy is a distance budget in the units of the features",
}
# samplers that never look at feature values may take NaN/inf
NONFINITE_OK = {"RandomOverSampler", "RandomUnderSampler", "EquitableSampler"}


def _family(sub, name):
    if name in FAMILY:
        return FAMILY[name]
    if (
        sub == "over_sampling"
        or (sub == "dask" and "Over" in name)
        or (sub == "dask" and name == "SMOTE")
    ):
        return "over_rows"
    return "under"


def _reference_sampler(name):
    from imblearn import combine, over_sampling, under_sampling

    for module in (over_sampling, under_sampling, combine):
        if name in module.__all__:
            return getattr(module, name)
    return None


def _make(cls, name, params):
    kwargs = dict(_args(name))
    valid = cls().get_params() if not kwargs else cls(**kwargs).get_params()
    if "random_state" in valid:
        kwargs["random_state"] = 0
    kwargs.update(params)
    return cls(**kwargs)


def _fit_resample(est, case, fit_kwargs):
    if fit_kwargs:
        return est.fit_resample(case.X, case.y, **fit_kwargs(case))
    return est.fit_resample(case.X, case.y)


def sampler_run(
    cls,
    sub,
    name,
    build,
    params=None,
    *,
    ours=True,
    to_dask=False,
    fit_kwargs=None,
    valid=None,
    exact_counts=None,
):
    """() -> Outcome for ``cls(**params).fit_resample`` on ``build()``."""
    params = params or {}
    family = _family(sub, name)

    def go():
        case = build()
        if to_dask:
            case = to_dask(case)
        ok = case.valid if valid is None else valid
        if case.nonfinite and name in NONFINITE_OK:
            ok = True
        est = _make(cls, name, params)

        def call():
            return _fit_resample(est, case, fit_kwargs)

        def check(result):
            expect(ok, "accepted input it cannot handle and returned a result")
            if to_dask:
                result = tuple(_computed(r) for r in result)
                case.X, case.y = _computed(case.X), _computed(case.y)
            base = None
            if case.scale is not None and name not in NOT_EQUIVARIANT:
                base_case = _data.data_cases()["base"]()
                if to_dask:
                    base_case = to_dask(base_case)
                base_est = _make(cls, name, params)
                base = _fit_resample(base_est, base_case, fit_kwargs)
                if to_dask:
                    base = tuple(_computed(r) for r in base)
            check_sampler(
                case,
                est,
                result,
                family=family,
                ours=ours,
                base=base,
                exact=exact_counts
                if exact_counts is not None
                else name in EXACT and not params,
                interpolates=_interpolates(name, family),
            )

        return run(call, check, nonfinite_input=case.nonfinite, expected_2d=case.two_d)

    return go


def _computed(a):
    return a.compute() if hasattr(a, "compute") else a


SAMPLER_DATA_CASES = list(_data.data_cases())


def sampler_cases(sub, name, cls):
    ref = _reference_sampler(name)
    fit_kwargs = None
    if name == "EquitableSampler":

        def fit_kwargs(case):
            n = len(_data.labels(case.y))
            return {"groups": np.arange(n) % 2}

    cases = []
    for case_name, build in _data.data_cases().items():
        if name == "EquitableSampler" and case_name in ("y_short", "y_long"):
            pass
        theirs = None
        if ref is not None:
            theirs = sampler_run(ref, "imblearn", name, build, ours=False)
        cases.append(
            Case(
                sub,
                name,
                case_name,
                sampler_run(cls, sub, name, build, fit_kwargs=fit_kwargs),
                theirs,
            )
        )
    params = cls(**_args(name)).get_params()
    base = _data.data_cases()["base"]
    for pname in NEIGHBOUR_PARAMS:
        if pname not in params:
            continue
        for label, value, ok in (
            ("0", 0, False),
            ("negative", -1, False),
            ("larger_than_class", 50, True),
        ):
            p = {pname: value}
            theirs = None
            if ref is not None and pname in ref(**_args(name)).get_params():
                theirs = sampler_run(
                    ref, "imblearn", name, base, p, ours=False, valid=ok
                )
            cases.append(
                Case(
                    sub,
                    name,
                    f"{pname}_{label}",
                    sampler_run(
                        cls, sub, name, base, p, valid=ok, fit_kwargs=fit_kwargs
                    ),
                    theirs,
                )
            )
    if name in EXACT:
        # 30 rows of class 0, 10 of class 1: counts asked for explicitly
        over = _family(sub, name).startswith("over")
        for label, strategy, counts in (
            ("strategy_ratio", 0.5, {"0": 30, "1": 15} if over else {"0": 20, "1": 10}),
            (
                "strategy_dict",
                {1: 24} if over else {0: 12},
                {"0": 30, "1": 24} if over else {"0": 12, "1": 10},
            ),
        ):
            p = {"sampling_strategy": strategy}
            theirs = None
            if ref is not None:
                theirs = sampler_run(
                    ref, "imblearn", name, base, p, ours=False, exact_counts=counts
                )
            ours_ = sampler_run(
                cls, sub, name, base, p, exact_counts=counts, fit_kwargs=fit_kwargs
            )
            cases.append(Case(sub, name, label, ours_, theirs))
    if name in SELECTION_PARITY and ref is not None:
        for case_name in ("base", "three_classes", "labels_str", "rows_doubled"):
            build = _data.data_cases()[case_name]
            cases.append(
                Case(
                    sub, name, f"imblearn_parity-{case_name}", _parity(cls, ref, build)
                )
            )
    if "sample_weight" in inspect.signature(cls.fit_resample).parameters:
        w = np.linspace(0.5, 2.0, 40)
        for label, weights in (
            ("sample_weight_nan", np.where(w > 1.9, np.nan, w)),
            ("sample_weight_short", w[:-1]),
        ):

            def kwargs(case, weights=weights):
                extra = fit_kwargs(case) if fit_kwargs else {}
                return {**extra, "sample_weight": weights}

            run_ = sampler_run(cls, sub, name, base, valid=False, fit_kwargs=kwargs)
            cases.append(Case(sub, name, label, run_))
    if "sampling_strategy" in params:
        p = {"sampling_strategy": {7: 12}}
        cases.append(
            Case(
                sub,
                name,
                "unknown_strategy_key",
                sampler_run(
                    cls, sub, name, base, p, valid=False, fit_kwargs=fit_kwargs
                ),
            )
        )
    return cases


# deterministic selections: the same rows as imbalanced-learn's on tie-free data
SELECTION_PARITY = {
    "EditedNearestNeighbours",
    "TomekLinks",
    "RepeatedEditedNearestNeighbours",
    "AllKNN",
    "NearMiss",
    "NeighbourhoodCleaningRule",
}


def _parity(cls, ref, build):
    def go():
        case = build()
        est = cls()

        def call():
            return est.fit_resample(case.X, case.y)

        def check(result):
            theirs = ref()
            # on the integer codes of the labels: some of imbalanced-learn's
            # cleaners fail on string labels
            codes = np.unique(_data.labels(case.y), return_inverse=True)[1]
            theirs.fit_resample(case.X, codes)
            expect(
                np.array_equal(
                    np.sort(est.sample_indices_), np.sort(theirs.sample_indices_)
                ),
                f"kept {len(est.sample_indices_)} rows, imbalanced-learn "
                f"{len(theirs.sample_indices_)}; the kept rows differ",
            )

        return run(call, check)

    return go


# ------------------------------------------------------------- classifiers
def _lr(scaled=False):
    if scaled:
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler

        return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    return LogisticRegression(max_iter=1000)


# A meta-estimator's result on rescaled data is its base estimator's: with a
# scale-equivariant base (StandardScaler + LogisticRegression) it must be
# equivariant at x1e-13; at x1e+-300 no scikit-learn base estimator is, so
# only the invariants are checked there.
META_EQUIVARIANT_SCALES = ("tiny_scale",)


def classifier_factory(sub, name, cls):
    if sub == "cost_sensitive":
        extra = {
            "CostSensitiveThresholdCV": {"cv": 3, "n_grid": 11, "n_passes": 1},
            "MetaCost": {"n_estimators": 3, "random_state": 0},
        }.get(name, {})
        return lambda _scaled=False, **p: cls(_lr(_scaled), **{**extra, **p})
    if name == "PRESTOCV":
        return lambda **p: cls(**{"cv": 3, "n_alphas": 3, **p})
    return lambda **p: cls(**p)


def _classifier_result(est, X):
    out = {"predict": est.predict(X)}
    for method in ("predict_proba", "decision_function"):
        if hasattr(est, method):
            out[method] = getattr(est, method)(X)
    return out


# data cases after which a classifier can give a right result
CLASSIFIER_INVALID = {
    "nan_in_X",
    "inf_in_X",
    "no_rows",
    "y_short",
    "y_long",
    "X_1d",
    "no_columns",
}


def classifier_run(
    make, build, params=None, *, valid=None, meta=False, fit_params=None
):
    params = params or {}
    fit_params = fit_params or {}

    def go():
        case = build()
        ok = case.name not in CLASSIFIER_INVALID if valid is None else valid
        equivariant = case.scale is not None and (
            not meta or case.name in META_EQUIVARIANT_SCALES
        )
        if meta and equivariant:
            params["_scaled"] = True
        est = make(**params)

        def call():
            est.fit(case.X, case.y, **fit_params)
            return _classifier_result(est, case.X)

        def check(result):
            expect(ok, "accepted input it cannot handle and returned a result")
            base = None
            if equivariant:
                base_case = _data.data_cases()["base"]()
                base_est = make(**params).fit(base_case.X, base_case.y)
                base = _classifier_result(base_est, base_case.X)
            check_classifier(case, est, result, base=base)

        return run(call, check, nonfinite_input=case.nonfinite, expected_2d=case.two_d)

    return go


REFERENCE_CLASSIFIERS = {"SharedVarianceGaussianNB": "sklearn.naive_bayes.GaussianNB"}


def classifier_cases(sub, name, cls):
    make = classifier_factory(sub, name, cls)
    ref = REFERENCE_CLASSIFIERS.get(name)
    ref_make = None
    if ref:
        module, attr = ref.rsplit(".", 1)
        ref_cls = getattr(importlib.import_module(module), attr)
        ref_make = lambda **p: ref_cls(**p)  # noqa: E731
    cases = []
    for case_name, build in _data.data_cases().items():
        theirs = classifier_run(ref_make, build) if ref_make else None
        cases.append(
            Case(
                sub,
                name,
                case_name,
                classifier_run(make, build, meta=sub == "cost_sensitive"),
                theirs,
            )
        )
    if "cost_matrix" in inspect.signature(cls).parameters:
        base = _data.data_cases()["base"]
        for label, C, ok in (
            ("cost_wrong_shape", np.ones((3, 3)) - np.eye(3), False),
            ("cost_negative", np.array([[0.0, -1.0], [5.0, 0.0]]), None),
            ("cost_nan", np.array([[0.0, np.nan], [5.0, 0.0]]), False),
        ):
            cases.append(
                Case(
                    sub,
                    name,
                    label,
                    classifier_run(make, base, {"cost_matrix": C}, valid=ok, meta=True),
                )
            )
        cases.append(Case(sub, name, "cost_frame_reordered", _reordered_cost_run(make)))
    base = _data.data_cases()["base"]
    meta = sub == "cost_sensitive"
    if "sample_weight" in inspect.signature(cls.fit).parameters:
        w = np.linspace(0.5, 2.0, 40)
        for label, weights in (
            ("sample_weight_nan", np.where(w > 1.9, np.nan, w)),
            ("sample_weight_short", w[:-1]),
            ("sample_weight_negative", -w),
        ):
            fit_params = {"sample_weight": weights}
            theirs = None
            if ref_make:
                theirs = classifier_run(
                    ref_make, base, valid=False, fit_params=fit_params
                )
            ours = classifier_run(
                make, base, valid=False, meta=meta, fit_params=fit_params
            )
            cases.append(Case(sub, name, label, ours, theirs))
        cases.append(Case(sub, name, "sample_weight_zero_rows", _zero_weight_run(make)))
    if "priors" in inspect.signature(cls).parameters:
        for label, priors in (
            ("priors_nan", np.array([np.nan, 0.5])),
            ("priors_wrong_length", np.array([0.2, 0.3, 0.5])),
            ("priors_negative", np.array([-0.5, 1.5])),
        ):
            params = {"priors": priors}
            theirs = None
            if ref_make:
                theirs = classifier_run(ref_make, base, params, valid=False)
            ours = classifier_run(make, base, params, valid=False, meta=meta)
            cases.append(Case(sub, name, label, ours, theirs))
    if "classes" in inspect.signature(cls).parameters:
        cases += _ordinal_classes_cases(sub, name, make)
    return cases


def _ordinal_classes_cases(sub, name, make):
    """``classes`` (the ordinal order) given in another order, as strings that
    do not sort in that order, or missing a label that occurs."""
    three = _data.data_cases()["three_classes"]
    words = np.array(["low", "mid", "high"])  # alphabetical order differs

    def run_with(classes, relabel, expected_from_codes, ranks=lambda c: c):
        # the fit must equal a default fit on the labels' ranks in ``classes``
        # (the same codes, so the same folds and penalties), mapped back
        def go():
            case = three()
            codes = np.asarray(case.y)
            y = relabel(codes)
            est = make(classes=classes)

            def call():
                est.fit(case.X, y)
                return est.predict(case.X)

            def check(pred):
                expect(expected_from_codes is not None, "accepted bad classes")
                expect(
                    list(est.classes_) == list(classes),
                    f"classes_={list(est.classes_)}, given {list(classes)}",
                )
                reference = make().fit(case.X, ranks(codes)).predict(case.X)
                expected = expected_from_codes(reference)
                agree = np.mean(np.asarray(pred) == expected)
                expect(
                    agree >= 0.95,
                    f"predictions agree with the integer-coded fit on {agree:.0%}",
                )

            return run(call, check)

        return go

    return [
        Case(
            sub,
            name,
            "classes_str_in_order",
            run_with(list(words), lambda c: words[c], lambda r: words[r]),
        ),
        Case(
            sub,
            name,
            "classes_reversed",
            run_with([2, 1, 0], lambda c: c, lambda r: 2 - r, ranks=lambda c: 2 - c),
        ),
        Case(sub, name, "classes_missing_label", run_with([0, 1], lambda c: c, None)),
        Case(
            sub,
            name,
            "classes_str_vs_int",
            run_with(["0", "1", "2"], lambda c: c, None),
        ),
    ]


def _zero_weight_run(make):
    """Rows of weight 0 (most of the minority class) count as if absent."""

    def go():
        case = _data.data_cases()["base"]()
        X, y = case.X, np.asarray(case.y)
        w = np.ones(len(y))
        w[np.flatnonzero(y == 1)[:7]] = 0.0
        est = make()

        def call():
            return est.fit(X, y, sample_weight=w).predict(X)

        def check(pred):
            kept = w > 0
            without = make().fit(X[kept], y[kept]).predict(X)
            unweighted = make().fit(X, y).predict(X)
            agree = np.mean(pred == without)
            # cross-validated estimators split 40 and 33 rows differently, so
            # the fit without those rows is only approximately the reference:
            # it must be at least as close as the fit that ignores the weights
            expect(
                agree >= 0.85 and agree >= np.mean(pred == unweighted),
                f"predictions agree with a fit without the zero-weight rows on "
                f"{agree:.0%} of rows and with an unweighted fit on "
                f"{np.mean(pred == unweighted):.0%}",
            )

        return run(call, check)

    return go


def _reordered_cost_run(make):
    """A cost matrix as a DataFrame in another label order: same decisions."""
    import pandas as pd

    def go():
        case = _data.data_cases()["labels_str"]()
        C = np.array([[0.0, 1.0], [5.0, 0.0]])
        frame = pd.DataFrame(C, index=["neg", "pos"], columns=["neg", "pos"])
        est = make(cost_matrix=frame.iloc[::-1, ::-1])

        def call():
            est.fit(case.X, case.y)
            return _classifier_result(est, case.X)

        def check(result):
            check_classifier(case, est, result)
            expected = make(cost_matrix=C).fit(case.X, case.y).predict(case.X)
            expect(
                np.array_equal(result["predict"], expected),
                "a cost DataFrame in another label order changed the decisions",
            )

        return run(call, check)

    return go


# --------------------------------------------------------------- dispatch
def all_cases():
    """Every battery case, and the public names with no adapter."""
    from . import _functions, _special

    cases, uncovered = [], []
    for sub, name, obj in public_names():
        if (sub, name) in NOT_CALLABLE:
            continue
        adapter = _functions.ADAPTERS.get((sub, name))
        if adapter is not None:
            cases.extend(adapter(sub, name, obj))
        elif sub == "dask":
            cases.extend(_special.dask_cases(sub, name, obj))
        elif sub == "neighbors" and name == "NearestNeighbors":
            cases.extend(_special.neighbors_cases(sub, name, obj))
        elif inspect.isclass(obj) and hasattr(obj, "fit_resample"):
            cases.extend(sampler_cases(sub, name, obj))
        elif inspect.isclass(obj) and hasattr(obj, "predict_proba"):
            cases.extend(classifier_cases(sub, name, obj))
        else:
            uncovered.append(f"{sub}.{name}")
    for case in cases:
        case.must_work = case.case in MUST_WORK
    return cases, uncovered


_CACHE = {}


def cached_cases():
    if "cases" not in _CACHE:
        _CACHE["cases"] = all_cases()
    return _CACHE["cases"]


__all__ = ["Case", "all_cases", "cached_cases", "clone"]
