"""PRESTOCV speed: the Fig. 1 design and a soup-like design, 1 and 2 threads.

Fig. 1 design (Faletto & Bien): n = 2500, p = 10, K = 4, intercepts
(0, 3.5, 5.5). Soup-like design: n = 1847 rows, 22 dummy features from six
categorical variables (6, 3, 3, 10, 2 and 4 levels), 6 classes with the rare
one (about 2.5 %) last, as the paper's analysis of R's ``ordinal::soup`` with
the order reversed; most penalties of its path have their optimum on the edge
of the valid models. Prints a markdown table (PRESTOCV 20 alphas x 5 folds,
warm, n_jobs 1 and 2; the full-data path per alpha: fit time, iterations,
on the edge; proportional odds ours vs statsmodels' OrderedModel), then the
solver engines side by side (numpy, which fits run on unless parallel CV work
is large, against the numba kernels), and writes
benchmarks/results/presto_speed.json.

    python benchmarks/presto_speed.py [--quick]
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

from benchmarks._common import best_time, write_json  # noqa: E402
from benchmarks.presto_simulation import simulate  # noqa: E402

LEVELS = (6, 3, 3, 10, 2, 4)  # 5 + 2 + 2 + 9 + 1 + 3 = 22 dummies
SHARES = (0.42, 0.18, 0.11, 0.10, 0.165, 0.025)
#: (n, p, K) of the simulated designs in the engines table
ENGINE_SIZES = ((20_000, 50, 5), (2_000, 100, 6), (200_000, 10, 4))


def soup_like(seed=0, n=1847):
    """Dummy-coded categorical features, 6 ordered classes, the last rare."""
    rng = np.random.default_rng(seed)
    columns = []
    for levels in LEVELS:
        codes = rng.choice(levels, size=n, p=rng.dirichlet(np.full(levels, 2.0)))
        columns.append(np.eye(levels)[codes][:, 1:])
    X = np.hstack(columns)
    p = X.shape[1]
    base = rng.normal(scale=0.6, size=p)
    psi = rng.normal(scale=0.4, size=(4, p)) * rng.binomial(1, 0.3, size=(4, p))
    beta = np.cumsum(np.vstack([base, psi]), axis=0)
    cumulative = np.cumsum(SHARES)[:-1]
    cuts = np.log(cumulative / (1 - cumulative))
    eta = np.maximum.accumulate(cuts + (X - X.mean(axis=0)) @ beta.T, axis=1)
    u = rng.uniform(size=(n, 1))
    return X, (u > 1 / (1 + np.exp(-eta))).sum(axis=1)


def path_rows(X, y):
    """Per-alpha fit times and iterations of the full-data path."""
    from imbalance_kit.ordinal._base import OrdinalData
    from imbalance_kit.ordinal._presto import presto_alpha_max
    from imbalance_kit.ordinal._presto_cv import presto_path

    classes = np.unique(y)
    data = OrdinalData(
        X, np.searchsorted(classes, y), np.ones(len(y)), len(classes), True
    )
    alpha_max, theta = presto_alpha_max(data, True)
    alphas = alpha_max * np.geomspace(1.0, 0.01, 20)
    rows = []
    start = time.perf_counter()
    for alpha, (_, n_iter, _, status) in zip(
        alphas, presto_path(data, alphas, theta, True, "auto", 1e-7, 1000), strict=True
    ):
        now = time.perf_counter()
        rows.append(
            {
                "alpha_over_max": float(alpha / alpha_max),
                "seconds": now - start,
                "n_iter": int(n_iter),
                "on_edge": int(status) == 4,
            }
        )
        start = now
    return rows


def design_rows(name, X, y, repeat):
    import statsmodels.miscmodels.ordinal_model as sm_ordinal

    from imbalance_kit.ordinal import PRESTOCV, OrdinalLogit

    out = {"design": name, "n": int(X.shape[0]), "p": int(X.shape[1])}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        PRESTOCV(n_jobs=2).fit(X, y)  # compile / warm up
        for n_jobs in (1, 2):
            out[f"prestocv_s_{n_jobs}_threads"], _ = best_time(
                lambda n=n_jobs: PRESTOCV(n_jobs=n).fit(X, y), repeat
            )
        out["path"] = path_rows(X, y)
        ours, model = best_time(lambda: OrdinalLogit().fit(X, y), repeat)
        peer, res = best_time(
            lambda: sm_ordinal.OrderedModel(y, X, distr="logit").fit(
                method="bfgs", disp=False, maxiter=5000
            ),
            repeat,
        )
    p = X.shape[1]
    out["po_ours_s"], out["po_statsmodels_s"] = ours, peer
    out["po_max_coef_gap"] = float(
        np.abs(model.coef_[0] + np.asarray(res.params[:p])).max()
    )
    return out


def engine_data(n, p, k, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p))
    score = X[:, :3] @ np.array([1.0, -0.5, 0.25]) + rng.logistic(size=n)
    return X, np.digitize(score, np.linspace(-1.0, 1.0, k - 1))


def engine_rows(designs, repeat):
    """One fit (PRESTO, default alpha) and PRESTOCV on each engine, warm.

    The numpy engine is what every fit runs on unless parallel CV work is
    large (``imbalance_kit.ordinal._base.select_solvers``); the kernels are
    forced here for comparison. PRESTOCV runs one thread on numpy (its folds
    are serial there), and 1 and 2 threads on the kernels.
    """
    from imbalance_kit._numba._compile import force_engine
    from imbalance_kit.ordinal import PRESTO, PRESTOCV

    rows = []
    for name, X, y, with_cv in designs:
        row = {"design": name, "n": int(X.shape[0]), "p": int(X.shape[1])}
        row["k"] = int(len(np.unique(y)))
        coef = {}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for engine in ("numpy", "numba"):
                with force_engine(engine):
                    PRESTO().fit(X, y)  # compile / warm up
                    row[f"fit_{engine}_s"], model = best_time(
                        lambda X=X, y=y: PRESTO().fit(X, y), repeat
                    )
                    coef[engine] = model.coef_
                    if not with_cv:
                        continue
                    for n_jobs in (1, 2) if engine == "numba" else (1,):
                        row[f"cv_{engine}_{n_jobs}_s"], _ = best_time(
                            lambda n=n_jobs, X=X, y=y: PRESTOCV(n_jobs=n).fit(X, y),
                            repeat,
                        )
        row["max_coef_gap"] = float(np.abs(coef["numpy"] - coef["numba"]).max())
        rows.append(row)
        print(f"done: engines {name}", file=sys.stderr, flush=True)
    return rows


def print_engines(rows):
    print(
        "| design | n x p, K | PRESTO fit numpy (s) | kernels (s) | kernels/numpy "
        "| PRESTOCV numpy 1 thread (s) | kernels 1 thread (s) | kernels 2 threads (s) "
        "| max coef gap |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        cv = (
            [
                f"{r[key]:.2f}"
                for key in ("cv_numpy_1_s", "cv_numba_1_s", "cv_numba_2_s")
            ]
            if "cv_numpy_1_s" in r
            else ["", "", ""]
        )
        print(
            f"| {r['design']} | {r['n']} x {r['p']}, {r['k']} | {r['fit_numpy_s']:.3f} "
            f"| {r['fit_numba_s']:.3f} | {r['fit_numba_s'] / r['fit_numpy_s']:.2f} "
            f"| {' | '.join(cv)} | {r['max_coef_gap']:.1e} |"
        )


def print_tables(results):
    print(
        "| design | n x p | PRESTOCV 1 thread (s) | 2 threads (s) "
        "| slowest path fit (s) "
        "| PO ours (s) | PO statsmodels (s) | max coef gap |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for r in results:
        slowest = max(row["seconds"] for row in r["path"])
        print(
            f"| {r['design']} | {r['n']} x {r['p']} | {r['prestocv_s_1_threads']:.2f} "
            f"| {r['prestocv_s_2_threads']:.2f} | {slowest:.3f} | {r['po_ours_s']:.3f} "
            f"| {r['po_statsmodels_s']:.3f} | {r['po_max_coef_gap']:.1e} |"
        )
    for r in results:
        print()
        print(f"Full-data path, {r['design']}:")
        print()
        print("| alpha / alpha_max | fit (s) | iterations | on the edge |")
        print("|---:|---:|---:|---|")
        for row in r["path"]:
            print(
                f"| {row['alpha_over_max']:.3g} | {row['seconds']:.3f} "
                f"| {row['n_iter']} | {'yes' if row['on_edge'] else ''} |"
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one timing repeat")
    args = parser.parse_args()
    repeat = 1 if args.quick else 3
    fig_X, fig_y, _ = simulate("sparse", (0.0, 3.5, 5.5), seed=12345)
    soup_X, soup_y = soup_like(0)
    with threadpool_limits(1):
        results = [
            design_rows("Fig. 1 (0, 3.5, 5.5)", fig_X, fig_y, repeat),
            design_rows("soup-like", soup_X, soup_y, repeat),
        ]
        big = [(n, p, k) for n, p, k in ENGINE_SIZES if not args.quick or n <= 20_000]
        engines = engine_rows(
            [
                ("Fig. 1 (0, 3.5, 5.5)", fig_X, fig_y, True),
                ("soup-like", soup_X, soup_y, True),
                *(
                    (f"simulated, K={k}", *engine_data(n, p, k), False)
                    for n, p, k in big
                ),
            ],
            repeat,
        )
    print_tables(results)
    print()
    print("Solver engines, warm, BLAS on 1 thread:")
    print()
    print_engines(engines)
    write_json("presto_speed", args.quick, {"results": results, "engines": engines})


if __name__ == "__main__":
    main()
