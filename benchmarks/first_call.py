"""First-call and small-table times: imbalance_kit vs imbalanced-learn, statsmodels.

Two tables, both printed as markdown (ours, peer, ratio) and written to
``benchmarks/results/first_call[_quick].json``:

1. Cold process: a fresh interpreter with an empty numba cache imports the
   library and makes the first call(s). Ours and the peer run in separate
   fresh subprocesses of the same run, on the same data. ``import`` counts
   from just before the library's import; ``process`` is the whole process
   wall time (interpreter start, numpy, data included).
2. Small tables: median time of repeated calls (after one untimed call) of
   every sampler both libraries have, at n = 100 ... 5,000 rows x 10
   features, with one thread (BLAS, OpenMP and numba limited to 1) and with
   all threads.

    python benchmarks/first_call.py [--quick] [--sizes 300,1000,3000]

Run it alone on the machine (``flock /tmp/cpu.lock ...`` where machines are
shared): the timings are wall times.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._common import write_json  # noqa: E402

OVER = [
    "SMOTE",
    "BorderlineSMOTE",
    "SVMSMOTE",
    "ADASYN",
    "KMeansSMOTE",
    "RandomOverSampler",
    "SMOTEN",
    "SMOTENC",
]
UNDER = [
    "TomekLinks",
    "EditedNearestNeighbours",
    "RepeatedEditedNearestNeighbours",
    "AllKNN",
    "NeighbourhoodCleaningRule",
    "OneSidedSelection",
    "CondensedNearestNeighbour",
    "NearMiss",
    "ClusterCentroids",
    "InstanceHardnessThreshold",
    "RandomUnderSampler",
]
COMBINE = ["SMOTEENN", "SMOTETomek"]
PACKAGES = {
    "ours": {
        "over": "imbalance_kit.over_sampling",
        "under": "imbalance_kit.under_sampling",
        "combine": "imbalance_kit.combine",
    },
    "peer": {
        "over": "imblearn.over_sampling",
        "under": "imblearn.under_sampling",
        "combine": "imblearn.combine",
    },
}


def family(name):
    return "over" if name in OVER else "under" if name in UNDER else "combine"


def make_data(name, n, seed=0):
    """Classification data of ``n`` x 10 (categorical columns where needed)."""
    from sklearn.datasets import make_classification

    X, y = make_classification(
        n_samples=n,
        n_features=10,
        n_informative=5,
        weights=[0.9],
        flip_y=0.01,
        random_state=seed,
    )
    if name == "SMOTEN":
        X = np.digitize(X, [-0.5, 0.5]).astype(str)
    elif name == "SMOTENC":
        X[:, -2:] = np.digitize(X[:, -2:], [-0.5, 0.5])
    return X, y


def make_sampler(module, name):
    params = {"random_state": 0}
    if name in ("TomekLinks", "EditedNearestNeighbours", "AllKNN", "NearMiss"):
        params = {}
    if name in ("RepeatedEditedNearestNeighbours", "NeighbourhoodCleaningRule"):
        params = {}
    if name == "SMOTENC":
        params["categorical_features"] = [8, 9]
    return getattr(module, name)(**params)


# ---------------------------------------------------------------- cold process

COLD_SCRIPT = """
import json, sys, time, warnings
warnings.simplefilter("ignore")
sys.path.insert(0, {root!r})
from benchmarks.first_call import cold_call
print(json.dumps(cold_call({who!r}, {names!r}, {n!r})))
"""


def cold_call(who, names, n):
    """In this (fresh) process: import, then the first call of each name."""
    import importlib

    if names[0] in ("OrdinalLogit", "PRESTO"):
        return cold_ordinal(who, names[0], n)
    data = {name: make_data(name, n) for name in names}
    start = time.perf_counter()
    modules = {
        name: importlib.import_module(PACKAGES[who][family(name)]) for name in names
    }
    imported = time.perf_counter()
    calls = {}
    for name in names:
        t = time.perf_counter()
        make_sampler(modules[name], name).fit_resample(*data[name])
        calls[name] = time.perf_counter() - t
    return {
        "import_s": imported - start,
        "calls_s": calls,
        "total_s": time.perf_counter() - start,
    }


def cold_ordinal(who, name, n):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((n, 10))
    score = X[:, :3] @ np.array([1.0, -0.5, 0.25]) + rng.logistic(size=n)
    y = np.digitize(score, [-1.0, 0.0, 1.0])
    start = time.perf_counter()
    if who == "ours":
        from imbalance_kit import ordinal

        imported = time.perf_counter()
        getattr(ordinal, name)().fit(X, y)
    else:
        from statsmodels.miscmodels.ordinal_model import OrderedModel

        imported = time.perf_counter()
        OrderedModel(y, X, distr="logit").fit(method="bfgs", disp=False, maxiter=1000)
    done = time.perf_counter()
    return {
        "import_s": imported - start,
        "calls_s": {name: done - imported},
        "total_s": done - start,
    }


def run_cold(who, names, n):
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, NUMBA_CACHE_DIR=cache, PYTHONWARNINGS="ignore")
        script = COLD_SCRIPT.format(root=str(ROOT), who=who, names=names, n=n)
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", script],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        process = time.perf_counter() - start
    out = json.loads(done.stdout.strip().splitlines()[-1])
    out["process_s"] = process
    out["stderr"] = done.stderr.strip()
    return out


def cold_cases(quick):
    cases = [
        (
            "SMOTE + BorderlineSMOTE + TomekLinks",
            ["SMOTE", "BorderlineSMOTE", "TomekLinks"],
            2000,
        ),
        ("PRESTO (peer: statsmodels OrderedModel)", ["PRESTO"], 2500),
        ("OrdinalLogit (peer: statsmodels OrderedModel)", ["OrdinalLogit"], 2500),
    ]
    if not quick:
        cases += [(name, [name], 2000) for name in OVER + UNDER + COMBINE]
    return cases


def cold_table(quick):
    rows = []
    for label, names, n in cold_cases(quick):
        ours = run_cold("ours", names, n)
        peer = run_cold("peer", names, n)
        rows.append(
            {
                "case": f"{label}, {n} x 10",
                "ours_import_s": ours["import_s"],
                "ours_calls_s": sum(ours["calls_s"].values()),
                "ours_total_s": ours["total_s"],
                "ours_process_s": ours["process_s"],
                "peer_import_s": peer["import_s"],
                "peer_calls_s": sum(peer["calls_s"].values()),
                "peer_total_s": peer["total_s"],
                "peer_process_s": peer["process_s"],
                "ratio_total": ours["total_s"] / peer["total_s"],
                "ratio_process": ours["process_s"] / peer["process_s"],
                "ours_stderr": ours["stderr"],
                "ours_detail": ours["calls_s"],
                "peer_detail": peer["calls_s"],
            }
        )
        print(f"done: cold {label}", file=sys.stderr, flush=True)
    return rows


def print_cold(rows):
    print(
        "| cold process, empty numba cache | ours import + calls (s) | peer import + "
        "calls (s) | ours/peer | ours process (s) | peer process (s) | ours/peer |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['case']} | {r['ours_import_s']:.2f} + {r['ours_calls_s']:.2f} "
            f"| {r['peer_import_s']:.2f} + {r['peer_calls_s']:.2f} "
            f"| {r['ratio_total']:.2f}x | {r['ours_process_s']:.2f} "
            f"| {r['peer_process_s']:.2f} | {r['ratio_process']:.2f}x |"
        )


# ---------------------------------------------------------------- small tables


def median_time(fn, min_repeat=3, max_repeat=15, budget=0.5):
    fn()  # untimed: compile or load kernels, fill caches
    times = []
    start = time.perf_counter()
    while len(times) < min_repeat or (
        len(times) < max_repeat and time.perf_counter() - start < budget
    ):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def time_sampler(sampler, X, y, threads):
    """Median call time on all threads, or with every thread pool at 1."""
    import numba
    from threadpoolctl import threadpool_limits

    def call():
        return sampler.fit_resample(X, y)

    if threads == "all":
        return median_time(call)
    if "n_jobs" in sampler.get_params():
        sampler.set_params(n_jobs=1)
    previous = numba.get_num_threads()
    numba.set_num_threads(1)
    try:
        with threadpool_limits(1):
            return median_time(call)
    finally:
        numba.set_num_threads(previous)


def small_table(sizes, names):
    import importlib

    rows = []
    for threads in ("1", "all"):
        for n in sizes:
            for name in names:
                X, y = make_data(name, n)
                timing = {}
                for who in ("ours", "peer"):
                    module = importlib.import_module(PACKAGES[who][family(name)])
                    sampler = make_sampler(module, name)
                    try:
                        timing[who] = time_sampler(sampler, X, y, threads)
                    except Exception as exc:  # a failing call is a result too
                        timing[who] = float("nan")
                        timing[f"{who}_error"] = f"{type(exc).__name__}: {exc}"[:120]
                rows.append(
                    {
                        "sampler": name,
                        "n": n,
                        "threads": threads,
                        "ours_s": timing["ours"],
                        "peer_s": timing["peer"],
                        "ratio": timing["peer"] / timing["ours"],
                        **{k: v for k, v in timing.items() if k.endswith("error")},
                    }
                )
            print(f"done: small tables n={n}, threads={threads}", file=sys.stderr)
    return rows


def print_small(rows):
    print("| sampler | n | threads | ours (ms) | imblearn (ms) | imblearn/ours |")
    print("|---|---:|---|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['sampler']} | {r['n']} | {r['threads']} | {1e3 * r['ours_s']:.2f} "
            f"| {1e3 * r['peer_s']:.2f} | {r['ratio']:.2f}x |"
        )
    worst = min((r for r in rows if np.isfinite(r["ratio"])), key=lambda r: r["ratio"])
    print(
        f"\nlowest imblearn/ours: {worst['ratio']:.2f}x ({worst['sampler']}, "
        f"n={worst['n']}, threads={worst['threads']})"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="the issue's cold cases only; 3 sizes"
    )
    parser.add_argument("--sizes", default="", help="comma-separated table sizes")
    parser.add_argument("--only", default="", help="samplers whose name has this")
    parser.add_argument("--skip-cold", action="store_true")
    parser.add_argument("--skip-small", action="store_true")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    sizes = (
        [int(s) for s in args.sizes.split(",")]
        if args.sizes
        else [300, 1000, 3000]
        if args.quick
        else [100, 300, 1000, 3000, 5000]
    )
    names = [name for name in OVER + UNDER + COMBINE if args.only in name]
    payload = {"sizes": sizes}
    if not args.skip_cold:
        payload["cold"] = cold_table(args.quick)
        print_cold(payload["cold"])
        print()
    if not args.skip_small:
        payload["small"] = small_table(sizes, names)
        print_small(payload["small"])
    write_json("first_call", args.quick, payload)


if __name__ == "__main__":
    main()
