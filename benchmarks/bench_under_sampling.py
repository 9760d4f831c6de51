"""Under-sampling benchmark: cleaning samplers vs imbalanced-learn, same run.

Prints a markdown table (ours, peer, peer/ours, equal selected rows) and
writes JSON to ``benchmarks/results/``.

    python benchmarks/bench_under_sampling.py [--quick] [--repeat N]
"""

import argparse
import sys
import warnings
from pathlib import Path

import numpy as np
from sklearn.datasets import make_classification

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._common import print_table, run_cases, write_json  # noqa: E402


def cases(quick):
    from imblearn import under_sampling as theirs

    from imbalance_kit import under_sampling as ours

    n = 20_000 if quick else 200_000
    X, y = make_classification(
        n_samples=n,
        n_features=20,
        n_informative=10,
        weights=[0.95],
        flip_y=0.01,
        random_state=0,
    )
    for name in [
        "TomekLinks",
        "EditedNearestNeighbours",
        "RepeatedEditedNearestNeighbours",
        "AllKNN",
    ]:

        def run(module, name=name):
            sampler = getattr(module, name)()
            sampler.fit_resample(X, y)
            return sampler.sample_indices_

        yield (
            f"{name}, n={n}, d=20, 5% minority",
            f"imblearn {name}",
            lambda run=run: run(ours),
            lambda run=run: run(theirs),
        )

    mid = 5_000 if quick else 50_000
    Xm, ym = X[:mid], y[:mid]
    for label, ours_sampler, their_sampler, output in [
        ("NearMiss-1", ours.NearMiss(), theirs.NearMiss(), "indices"),
        ("NearMiss-2", ours.NearMiss(version=2), theirs.NearMiss(version=2), "indices"),
        ("NearMiss-3", ours.NearMiss(version=3), theirs.NearMiss(version=3), "indices"),
        (
            "ClusterCentroids (soft)",
            ours.ClusterCentroids(random_state=0),
            theirs.ClusterCentroids(random_state=0),
            "X",
        ),
        (
            "KMeansUnderSampler (nearest) vs ClusterCentroids (hard)",
            ours.KMeansUnderSampler(random_state=0),
            theirs.ClusterCentroids(random_state=0, voting="hard"),
            "counts",
        ),
    ]:

        def run_sampler(sampler, output=output):
            X_res, y_res = sampler.fit_resample(Xm, ym)
            if output == "indices":
                return sampler.sample_indices_
            if output == "X":
                return X_res
            return np.bincount(y_res)

        yield (
            f"{label}, n={mid}, d=20, 5% minority",
            f"imblearn {type(their_sampler).__name__}",
            lambda s=ours_sampler, f=run_sampler: f(s),
            lambda s=their_sampler, f=run_sampler: f(s),
        )


def warm_up():
    """Compile (or load) the kernels outside the timings.

    Calls this small take the numpy paths, so the kernels are forced here.
    """
    from imbalance_kit._numba._compile import force_engine
    from imbalance_kit.under_sampling import AllKNN, TomekLinks

    rng = np.random.default_rng(0)
    X = rng.standard_normal((3000, 20))
    y = (rng.uniform(size=3000) < 0.2).astype(int)
    with force_engine("numba"):
        TomekLinks().fit_resample(X, y)
        AllKNN().fit_resample(X, y)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes")
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs")
    parser.add_argument("--only", default="", help="run the cases whose name has this")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    warm_up()
    rows = run_cases((c for c in cases(args.quick) if args.only in c[0]), args.repeat)
    print_table(rows)
    write_json(
        "under_sampling" + (f"_only_{args.only}" if args.only else ""),
        args.quick,
        {"rows": rows},
    )


if __name__ == "__main__":
    main()
