"""
Over-samplers side by side
==========================

Where each over-sampler puts its synthetic samples, on a two-dimensional toy
with a rare class (orange) inside and around the common one (blue).
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import make_classification

from imbalance_kit.over_sampling import (
    CCR,
    LVQSMOTE,
    SMOBD,
    SMOTE,
    BorderlineSMOTE,
    GeometricSMOTE,
    PolynomFitSMOTE,
    ProWSyn,
)

X, y = make_classification(
    n_samples=300,
    n_features=2,
    n_informative=2,
    n_redundant=0,
    n_clusters_per_class=1,
    weights=[0.9],
    class_sep=0.8,
    random_state=4,
)
samplers = {
    "SMOTE": SMOTE(random_state=0),
    "Borderline-SMOTE": BorderlineSMOTE(random_state=0),
    "ProWSyn": ProWSyn(random_state=0),
    "polynom-fit (star)": PolynomFitSMOTE(topology="star", random_state=0),
    "Geometric SMOTE": GeometricSMOTE(random_state=0),
    "CCR": CCR(random_state=0),
    "SMOBD": SMOBD(random_state=0),
    "LVQ-SMOTE": LVQSMOTE(random_state=0),
}
fig, axes = plt.subplots(2, 4, figsize=(14, 7), sharex=True, sharey=True)
for ax, (name, sampler) in zip(axes.ravel(), samplers.items(), strict=True):
    X_res, y_res = sampler.fit_resample(X, y)
    new = X_res[len(X) :]
    ax.scatter(*X_res[: len(X)][y == 0].T, s=8, c="tab:blue", alpha=0.5)
    ax.scatter(*new.T, s=8, c="tab:green", alpha=0.5, label="synthetic")
    ax.scatter(*X[y == 1].T, s=14, c="tab:orange", edgecolor="k", label="rare")
    ax.set_title(name)
axes[0, 0].legend(loc="lower left")
fig.tight_layout()
print({name: int(np.sum(s.fit_resample(X, y)[1] == 1)) for name, s in samplers.items()})
