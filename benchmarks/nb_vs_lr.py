"""Naive Bayes vs logistic regression: the simulation of Zheng et al. (ICML 2023).

K classes in dimension n; class 0 has mean -1 and class k mean 2^(k-1) in every
coordinate; "easy" covariance: diagonal, the first n/2 features with variance n,
the rest 1 (both models are correctly specified, so both tend to the Bayes
error). For training sizes m from 2K upward, the test error of the linear
(shared-variance) naive Bayes and of multinomial L2 logistic regression is
averaged over repeats, and the smallest m where each comes within 0.01 of the
Bayes error is reported. BLAS runs single-threaded (many small fits).

    python benchmarks/nb_vs_lr.py [--quick]
"""

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._common import write_json  # noqa: E402


def simulate(n_classes, dim, n_samples, rng):
    means = np.array([-1.0] + [2.0 ** (k - 1) for k in range(1, n_classes)])
    std = np.where(np.arange(dim) < dim // 2, np.sqrt(dim), 1.0)
    y = rng.integers(0, n_classes, n_samples)
    X = means[y][:, None] + rng.standard_normal((n_samples, dim)) * std
    return X, y, means, std


def bayes_predict(X, means, std):
    """argmax_k log N(x; mu_k, diag(std^2)) with equal priors."""
    scores = -(((X[:, None, :] - means[None, :, None]) / std) ** 2).sum(axis=2)
    return np.argmax(scores, axis=1)


def run_setting(n_classes, dim, sizes, n_repeats, seed):
    from sklearn.linear_model import LogisticRegression

    from imbalance_kit.comparators import SharedVarianceGaussianNB

    rng = np.random.default_rng(seed)
    X_test, y_test, means, std = simulate(n_classes, dim, 20000, rng)
    bayes = float(np.mean(bayes_predict(X_test, means, std) != y_test))
    rows = []
    for m in sizes:
        errors = {"NB": [], "LR": []}
        for _ in range(n_repeats):
            while True:  # every class present
                X, y, _, _ = simulate(n_classes, dim, m, rng)
                if len(np.unique(y)) == n_classes:
                    break
            for name, model in [
                ("NB", SharedVarianceGaussianNB()),
                ("LR", LogisticRegression(max_iter=2000)),
            ]:
                model.fit(X, y)
                errors[name].append(np.mean(model.predict(X_test) != y_test))
        rows.append({"m": m, **{k: float(np.mean(v)) for k, v in errors.items()}})
    reach = {}
    for name in ("NB", "LR"):
        within = [r["m"] for r in rows if r[name] - bayes <= 0.01]
        reach[name] = min(within) if within else None
    return {"K": n_classes, "n": dim, "bayes": bayes, "curve": rows, "reach": reach}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small grid, a minute")
    args = parser.parse_args()
    if args.quick:
        grid = [(2, 50), (3, 50), (5, 100)]
        n_repeats = 3
    else:
        grid = [(k, n) for k in (2, 3, 5, 7) for n in (100, 200)]
        n_repeats = 5
    settings = []
    start = time.perf_counter()
    with threadpool_limits(1, user_api="blas"):
        for k, n in grid:
            sizes = sorted(
                {2 * k, 5 * k, 10, 20, 50, 100, n // 2, n, 2 * n, 5 * n, 10 * n, 20 * n}
            )
            settings.append(run_setting(k, n, sizes, n_repeats, seed=k * 1000 + n))
            print(f"done K={k} n={n}", file=sys.stderr, flush=True)
    print("BLAS threads: 1 (threadpoolctl)\n")
    print(
        "| K | n | Bayes error | m where NB within 0.01 | m where LR within 0.01 "
        "| NB error, smallest m | LR error, smallest m | NB error, largest m "
        "| LR error, largest m |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for s in settings:
        first, last = s["curve"][0], s["curve"][-1]
        print(
            f"| {s['K']} | {s['n']} | {s['bayes']:.3f} | {s['reach']['NB']} | "
            f"{s['reach']['LR']} | {first['NB']:.3f} | {first['LR']:.3f} | "
            f"{last['NB']:.3f} | {last['LR']:.3f} |"
        )
    print(f"\n{time.perf_counter() - start:.0f} s")
    write_json("nb_vs_lr", args.quick, {"settings": settings, "blas_threads": 1})


if __name__ == "__main__":
    main()
