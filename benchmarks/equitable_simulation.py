"""Adaptive vs equal vs proportional allocation of a data budget across groups.

Three groups of different population share, difficulty and noise share one
classification model (features plus group-specific interactions). For each
objective, a budget of samples is drawn from a large labelled pool with each
strategy; a logistic regression is trained on the selection and scored per
group on a large held-out set. Printed: each strategy's objective value and
per-group errors, averaged over repeats (Cai et al., FAccT 2022).

    python benchmarks/equitable_simulation.py [--quick]
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

SHARES = np.array([0.7, 0.2, 0.1])
NOISE = np.array([0.2, 0.6, 1.0])  # the rare groups are also the harder ones
DIM = 8


def make_groups(n, rng, weights):
    groups = rng.choice(3, n, p=SHARES)
    X = rng.normal(size=(n, DIM))
    logits = (
        np.einsum("nd,nd->n", X, weights[groups]) + rng.normal(0, 1, n) * NOISE[groups]
    )
    y = (logits > 0).astype(int)
    return X, y, groups


def features(X, groups):
    """Shared features plus group-specific interactions (one model, all groups)."""
    onehot = np.eye(3)[groups]
    return np.hstack(
        [X, (onehot[:, :, None] * X[:, None, :]).reshape(len(X), -1), onehot]
    )


def evaluate(X_tr, y_tr, g_tr, X_te, y_te, g_te):
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(max_iter=2000).fit(features(X_tr, g_tr), y_tr)
    pred = model.predict(features(X_te, g_te))
    return np.array([np.mean(pred[g_te == g] != y_te[g_te == g]) for g in range(3)])


def main():
    from sklearn.linear_model import LogisticRegression

    from imbalance_kit.equitable import EquitableSampler
    from imbalance_kit.equitable._objectives import resolve_objective

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="fewer repeats, smaller budget"
    )
    args = parser.parse_args()
    repeats, budget = (3, 300) if args.quick else (10, 600)
    start = time.perf_counter()
    rows = []
    with threadpool_limits(1, user_api="blas"):
        for objective in ["overall", "average", "worst", "gap"]:
            score = resolve_objective(objective)
            results = {s: [] for s in ("equal", "proportional", "adaptive")}
            for r in range(repeats):
                rng = np.random.default_rng(r)
                weights = rng.normal(size=(3, DIM))
                X, y, g = make_groups(20000, rng, weights)
                X_te, y_te, g_te = make_groups(20000, rng, weights)
                for strategy in results:
                    sampler = EquitableSampler(
                        budget=budget,
                        strategy=strategy,
                        objective=objective,
                        estimator=LogisticRegression(max_iter=2000),
                        batch_size=budget // 6,
                        initial_per_group=20,
                        random_state=r,
                    )
                    X_s, y_s = sampler.fit_resample(X, y, groups=g)
                    g_s = g[sampler.sample_indices_]
                    errors = evaluate(X_s, y_s, g_s, X_te, y_te, g_te)
                    results[strategy].append((score(errors, SHARES), errors))
            for strategy, values in results.items():
                rows.append(
                    {
                        "objective": objective,
                        "strategy": strategy,
                        "value": float(np.mean([v for v, _ in values])),
                        "group_errors": np.mean([e for _, e in values], axis=0)
                        .round(4)
                        .tolist(),
                    }
                )
            print(f"done {objective}", file=sys.stderr, flush=True)
    print(f"budget {budget}, {repeats} repeats, shares {SHARES.tolist()}, ", end="")
    print(f"noise {NOISE.tolist()}\n")
    print("| objective | equal | proportional | adaptive | adaptive best? |")
    print("|---|---:|---:|---:|---|")
    for objective in ["overall", "average", "worst", "gap"]:
        v = {r["strategy"]: r["value"] for r in rows if r["objective"] == objective}
        best = v["adaptive"] <= min(v["equal"], v["proportional"]) + 1e-12
        print(
            f"| {objective} | {v['equal']:.4f} | {v['proportional']:.4f} | "
            f"{v['adaptive']:.4f} | {'yes' if best else 'no'} |"
        )
    print("\nper-group test error (mean) under the 'worst' objective:")
    for r in rows:
        if r["objective"] == "worst":
            print(f"  {r['strategy']:>12}: {r['group_errors']}")
    print(f"\n{time.perf_counter() - start:.0f} s")
    write_json("equitable_simulation", args.quick, {"rows": rows, "budget": budget})


if __name__ == "__main__":
    main()
