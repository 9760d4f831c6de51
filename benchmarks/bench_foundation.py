"""Foundation benchmark: kNN engine and over-samplers vs scikit-learn, imbalanced-learn.

Runs both libraries in this process on the same data, checks that results are
equal where the algorithm is the same, prints a markdown table
(ours, peer, peer/ours) and writes JSON to ``benchmarks/results/``.

Also measures, in fresh subprocesses, the import time of
``imbalance_kit.over_sampling`` and the first-call time of every over-sampler
with an empty numba cache (cold: compilation) and with the cache filled (warm).

    python benchmarks/bench_foundation.py [--quick] [--repeat N]
"""

import argparse
import os
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
from sklearn.datasets import make_classification

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._common import print_table, run_cases, write_json  # noqa: E402

FIRST_CALL_SCRIPT = """
import time, warnings
warnings.simplefilter("ignore")
t0 = time.perf_counter()
import numpy as np
from imbalance_kit.over_sampling import (ADASYN, SMOTE, SMOTEN, SMOTENC, SVMSMOTE,
    BorderlineSMOTE, KMeansSMOTE, RandomOverSampler)
t1 = time.perf_counter()
rng = np.random.default_rng(0)
y = (rng.uniform(size=3000) < 0.2).astype(int)
for X in (rng.standard_normal((600, 20)), rng.standard_normal((3000, 4))):
    yy = y[: len(X)]
    for s in (RandomOverSampler(random_state=0), SMOTE(random_state=0),
              BorderlineSMOTE(random_state=0), SVMSMOTE(random_state=0),
              ADASYN(random_state=0), KMeansSMOTE(random_state=0)):
        s.fit_resample(X, yy)
Xc = rng.integers(0, 3, (300, 3)).astype(str)
SMOTEN(random_state=0).fit_resample(Xc, y[:300])
Xm = np.column_stack([rng.standard_normal(300), rng.integers(0, 3, 300)])
SMOTENC([1], random_state=0).fit_resample(Xm, y[:300])
t2 = time.perf_counter()
print(t1 - t0, t2 - t1)
"""


def first_call_times():
    """(import s, cold first-call s, warm first-call s) in fresh interpreters."""
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, NUMBA_CACHE_DIR=cache, PYTHONPATH=str(ROOT))
        runs = []
        for _ in range(2):  # cold, then warm
            out = subprocess.run(
                [sys.executable, "-c", FIRST_CALL_SCRIPT],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            runs.append((float(out[0]), float(out[1])))
    bare = (
        subprocess.run(
            [
                sys.executable,
                "-X",
                "importtime",
                "-c",
                "import imbalance_kit.over_sampling",
            ],
            env=dict(os.environ, PYTHONPATH=str(ROOT)),
            capture_output=True,
            text=True,
            check=True,
        )
        .stderr.strip()
        .splitlines()[-1]
    )
    return {
        "import_over_sampling_s": runs[1][0],
        "cold_first_call_all_samplers_s": runs[0][1],
        "warm_first_call_all_samplers_s": runs[1][1],
        "importtime_last_line": bare,
    }


def cases(quick):
    from imblearn import over_sampling as theirs
    from sklearn.neighbors import NearestNeighbors as SklearnNN

    from imbalance_kit import over_sampling as ours
    from imbalance_kit.neighbors import NearestNeighbors

    big = 20_000 if quick else 200_000
    mid = 5_000 if quick else 50_000

    def data(n, seed=0):
        return make_classification(
            n_samples=n,
            n_features=20,
            n_informative=10,
            weights=[0.95],
            flip_y=0.01,
            random_state=seed,
        )

    X, _ = make_classification(n_samples=big, n_features=20, random_state=0)
    yield (
        f"kNN all points, k=5, n={big}, d=20",
        "sklearn NearestNeighbors",
        lambda: NearestNeighbors(n_neighbors=5).fit(X).kneighbors()[1],
        lambda: SklearnNN(n_neighbors=5).fit(X).kneighbors()[1],
    )
    for name, n in [
        ("SMOTE", big),
        ("BorderlineSMOTE", big),
        ("ADASYN", big),
        ("SVMSMOTE", mid),
        ("KMeansSMOTE", mid),
    ]:
        Xs, ys = data(n)
        yield (
            f"{name}, n={n}, d=20, 5% minority",
            f"imblearn {name}",
            lambda name=name, Xs=Xs, ys=ys: getattr(ours, name)(
                random_state=0
            ).fit_resample(Xs, ys),
            lambda name=name, Xs=Xs, ys=ys: getattr(theirs, name)(
                random_state=0
            ).fit_resample(Xs, ys),
        )


def warm_up():
    """Compile (or load) every kernel outside the timings.

    Small calls take the numpy paths, so the kernels are forced here.
    """
    from imbalance_kit._numba._compile import force_engine
    from imbalance_kit.neighbors import NearestNeighbors
    from imbalance_kit.over_sampling import SMOTE, KMeansSMOTE

    rng = np.random.default_rng(0)
    with force_engine("numba"):
        for X in (rng.standard_normal((600, 20)), rng.standard_normal((3000, 4))):
            NearestNeighbors().fit(X).kneighbors()
            NearestNeighbors().fit(X).kneighbors(X[:10])
            NearestNeighbors().fit(X).kneighbors_of_rows(np.arange(10))
            y = (rng.uniform(size=len(X)) < 0.2).astype(int)
            SMOTE(random_state=0).fit_resample(X, y)
            KMeansSMOTE(random_state=0).fit_resample(X, y)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes")
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs")
    parser.add_argument("--only", default="", help="run the cases whose name has this")
    args = parser.parse_args()
    warnings.simplefilter("ignore")

    startup = first_call_times()
    warm_up()
    rows = run_cases((c for c in cases(args.quick) if args.only in c[0]), args.repeat)
    print_table(rows)
    print()
    print("| start-up | seconds |")
    print("|---|---:|")
    for key in (
        "import_over_sampling_s",
        "cold_first_call_all_samplers_s",
        "warm_first_call_all_samplers_s",
    ):
        print(f"| {key} | {startup[key]:.2f} |")

    write_json(
        "foundation" + (f"_only_{args.only}" if args.only else ""),
        args.quick,
        {"rows": rows, "startup": startup},
    )


if __name__ == "__main__":
    main()
