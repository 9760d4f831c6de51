"""PRESTO vs logistic (rare vs rest) vs proportional odds: Faletto & Bien, Fig. 1.

n = 2500, p = 10, K = 4, X ~ U(-1, 1)^p. Sparse setting: beta_1 = 0.5 *
Bernoulli(1/2) per coordinate, psi_k = 0.5 * Bernoulli(1/2) * random sign
(k = 2, 3); dense setting: beta_1 and psi_k ~ U(-0.5, 0.5). Intercepts
(0, 3, 5), (0, 3.5, 5.5), (0, 4, 6): the last class is the rare one.
Coefficients whose cumulative logits would cross on the drawn X are redrawn.
The metric is the in-sample MSE of the estimated rare-class probability
against the true one; medians over the replications are printed next to the
paper's. PRESTO is PRESTOCV (20 alphas from alpha_max to 0.01 alpha_max,
5-fold CV on the Brier score), logistic is unpenalised scikit-learn
LogisticRegression on the rare-vs-rest labels, proportional odds is our
OrdinalLogit (statsmodels parity is in the tests).

A second table times the fits on one replication: PRESTOCV (the issue's
target is < 2 s on 2 cores), one PRESTO fit, and OrdinalLogit against
statsmodels' OrderedModel on the same data.

    python benchmarks/presto_simulation.py [--quick] [--reps N] [--n-jobs J]
"""

import argparse
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from joblib import Parallel, delayed
from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._common import best_time, write_json  # noqa: E402

N, P, K = 2500, 10, 4
INTERCEPTS = [(0.0, 3.0, 5.0), (0.0, 3.5, 5.5), (0.0, 4.0, 6.0)]
#: the paper's medians (PRESTO, logistic, proportional odds), sparse setting
PAPER = {
    (0.0, 3.0, 5.0): (7.7e-5, 1.0e-4, 1.3e-4),
    (0.0, 3.5, 5.5): (3.7e-5, 7.0e-5, 5.1e-5),
    (0.0, 4.0, 6.0): (1.7e-5, 5.4e-5, 2.0e-5),
}
METHODS = ("PRESTO", "logistic", "PO")


def draw_psi(setting, rng):
    if setting == "sparse":
        base = 0.5 * rng.binomial(1, 0.5, P)
        diffs = [
            0.5 * rng.binomial(1, 0.5, P) * rng.choice([-1.0, 1.0], P)
            for _ in range(K - 2)
        ]
    else:
        base = rng.uniform(-0.5, 0.5, P)
        diffs = [rng.uniform(-0.5, 0.5, P) for _ in range(K - 2)]
    return np.vstack([base, *diffs])


def simulate(setting, intercepts, seed):
    """X, y and the true rare-class probability (valid model, every class seen)."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, size=(N, P))
    while True:
        beta = np.cumsum(draw_psi(setting, rng), axis=0)
        eta = np.asarray(intercepts) + X @ beta.T
        if (np.diff(eta, axis=1) > 0).all():
            break
    cumulative = 1 / (1 + np.exp(-eta))
    edges = np.hstack([np.zeros((N, 1)), cumulative, np.ones((N, 1))])
    proba = np.diff(edges, axis=1)
    while True:
        u = rng.uniform(size=(N, 1))
        y = (u > np.cumsum(proba, axis=1)[:, :-1]).sum(axis=1)
        if len(np.unique(y)) == K:
            return X, y, proba[:, -1]


def replicate(setting, intercepts, seed):
    from sklearn.linear_model import LogisticRegression

    from imbalance_kit.ordinal import PRESTOCV, OrdinalLogit

    X, y, rare = simulate(setting, intercepts, seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        presto = PRESTOCV().fit(X, y).predict_proba(X)[:, -1]
        logistic = (
            LogisticRegression(C=np.inf, max_iter=5000)
            .fit(X, y == K - 1)
            .predict_proba(X)[:, 1]
        )
        po = OrdinalLogit().fit(X, y).predict_proba(X)[:, -1]
    return [float(np.mean((est - rare) ** 2)) for est in (presto, logistic, po)]


def quality_rows(reps, n_jobs, settings):
    rows = []
    for setting in settings:
        for intercepts in INTERCEPTS:
            start = time.perf_counter()
            with threadpool_limits(1):
                mse = np.array(
                    Parallel(n_jobs=n_jobs)(
                        delayed(replicate)(setting, intercepts, seed)
                        for seed in range(reps)
                    )
                )
            medians = np.median(mse, axis=0)
            paper = PAPER.get(intercepts) if setting == "sparse" else None
            rows.append(
                {
                    "setting": setting,
                    "intercepts": intercepts,
                    "reps": reps,
                    "median_mse": dict(zip(METHODS, medians.tolist(), strict=True)),
                    "paper_median_mse": (
                        dict(zip(METHODS, paper, strict=True)) if paper else None
                    ),
                    "presto_wins_fraction": float(
                        np.mean(mse[:, 0] <= mse[:, 1:].min(axis=1))
                    ),
                    "seconds": time.perf_counter() - start,
                }
            )
            print(f"done: {setting} {intercepts}", file=sys.stderr, flush=True)
    return rows


def timing_rows(repeat):
    import statsmodels.miscmodels.ordinal_model as sm_ordinal

    from imbalance_kit.ordinal import PRESTO, PRESTOCV, OrdinalLogit

    X, y, _ = simulate("sparse", INTERCEPTS[0], seed=12345)
    rows = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for n_jobs in (1, 2):
            t, _ = best_time(lambda n=n_jobs: PRESTOCV(n_jobs=n).fit(X, y), repeat)
            rows.append({"case": f"PRESTOCV 20x5 (n_jobs={n_jobs})", "ours_s": t})
        t, _ = best_time(lambda: PRESTOCV(n_jobs=2, solver="fista").fit(X, y), 1)
        rows.append({"case": "PRESTOCV 20x5 (n_jobs=2), FISTA solver", "ours_s": t})
        for alpha in (0.005, 0.0005):
            for solver in ("newton", "fista"):
                t, model = best_time(
                    lambda a=alpha, s=solver: PRESTO(alpha=a, solver=s).fit(X, y),
                    repeat,
                )
                edge = " (on the edge)" if model.on_edge_ else ""
                rows.append(
                    {
                        "case": f"PRESTO alpha={alpha}, {solver}{edge}: "
                        f"{model.n_iter_} iterations",
                        "ours_s": t,
                    }
                )
        ours, model = best_time(lambda: OrdinalLogit().fit(X, y), repeat)
        peer, res = best_time(
            lambda: sm_ordinal.OrderedModel(y, X, distr="logit").fit(
                method="bfgs", disp=False, maxiter=5000
            ),
            repeat,
        )
        gap = np.abs(model.coef_[0] + np.asarray(res.params[:P])).max()
        rows.append(
            {
                "case": "proportional odds",
                "peer": "statsmodels OrderedModel (bfgs)",
                "ours_s": ours,
                "peer_s": peer,
                "ratio": peer / ours,
                "max_coef_gap": float(gap),
            }
        )
    return rows


def print_tables(quality, timing):
    print(
        "| setting | intercepts | reps | PRESTO | logistic | PO | paper (P / L / PO) "
        "| PRESTO best in |"
    )
    print("|---|---|---:|---:|---:|---:|---|---:|")
    for r in quality:
        m = r["median_mse"]
        paper = r["paper_median_mse"]
        paper_text = " / ".join(f"{v:.1e}" for v in paper.values()) if paper else "-"
        print(
            f"| {r['setting']} | {r['intercepts']} | {r['reps']} | "
            f"{m['PRESTO']:.2e} | {m['logistic']:.2e} | {m['PO']:.2e} | {paper_text} | "
            f"{100 * r['presto_wins_fraction']:.0f}% |"
        )
    print()
    print("| case | ours (s) | peer | peer (s) | peer/ours |")
    print("|---|---:|---|---:|---:|")
    for r in timing:
        peer = r.get("peer", "-")
        peer_s = f"{r['peer_s']:.3f}" if "peer_s" in r else "-"
        ratio = f"{r['ratio']:.1f}x" if "ratio" in r else "-"
        print(f"| {r['case']} | {r['ours_s']:.3f} | {peer} | {peer_s} | {ratio} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="4 reps, sparse only")
    parser.add_argument("--reps", type=int, default=100)
    parser.add_argument("--n-jobs", type=int, default=2)
    args = parser.parse_args()
    reps = 4 if args.quick else args.reps
    settings = ("sparse",) if args.quick else ("sparse", "dense")
    # compile once before timing anything
    replicate("sparse", INTERCEPTS[0], seed=0)
    timing = timing_rows(repeat=1 if args.quick else 3)
    quality = quality_rows(reps, args.n_jobs, settings)
    print_tables(quality, timing)
    write_json("presto_simulation", args.quick, {"quality": quality, "timing": timing})


if __name__ == "__main__":
    main()
