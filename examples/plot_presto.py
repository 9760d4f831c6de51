"""
PRESTO on a rare ordinal class
==============================

An ordinal outcome with four classes, the last one rare. PRESTO (Faletto &
Bien, 2023) estimates the rare class's probability better than proportional
odds or a one-vs-rest logistic regression; the left panel shows the
cross-validated Brier score along PRESTOCV's path, the right panel the error
of each method's rare-class probability.
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.linear_model import LogisticRegression

from imbalance_kit.ordinal import PRESTOCV, OrdinalLogit

rng = np.random.default_rng(0)
n, p = 2500, 10
X = rng.uniform(-1, 1, size=(n, p))
base = 0.5 * rng.binomial(1, 0.5, p)
diffs = [0.5 * rng.binomial(1, 0.5, p) * rng.choice([-1, 1], p) for _ in range(2)]
beta = np.cumsum([base, *diffs], axis=0)
cumulative = 1 / (1 + np.exp(-(np.array([0.0, 3.0, 5.0]) + X @ beta.T)))
proba = np.diff(np.hstack([np.zeros((n, 1)), cumulative, np.ones((n, 1))]), axis=1)
y = (rng.uniform(size=(n, 1)) > np.cumsum(proba, axis=1)[:, :-1]).sum(axis=1)

presto = PRESTOCV(n_jobs=2).fit(X, y)
estimates = {
    "PRESTO": presto.predict_proba(X)[:, -1],
    "proportional odds": OrdinalLogit().fit(X, y).predict_proba(X)[:, -1],
    "logistic (rare vs rest)": LogisticRegression(C=np.inf, max_iter=5000)
    .fit(X, y == 3)
    .predict_proba(X)[:, 1],
}
mse = {name: np.mean((est - proba[:, -1]) ** 2) for name, est in estimates.items()}

fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
left.semilogx(presto.alphas_, -presto.cv_results_["mean_test_score"], marker="o")
left.axvline(presto.alpha_, color="k", linestyle="--", label="chosen alpha")
left.set_xlabel("alpha")
left.set_ylabel("cross-validated Brier score")
left.legend()
right.bar(list(mse), list(mse.values()))
right.set_ylabel("MSE of the rare-class probability")
fig.tight_layout()
print({name: f"{value:.2e}" for name, value in mse.items()})
