"""
Cleaning samplers
=================

Which common-class samples each cleaning method removes from the overlap
with the rare class: Tomek links only remove the closest cross-class pairs,
edited nearest neighbours every sample its neighbours disagree with, the
neighbourhood cleaning rule a little more, and the iterative-partitioning
filter what trees trained on parts of the data misclassify.
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import make_classification

from imbalance_kit.under_sampling import (
    EditedNearestNeighbours,
    IterativePartitioningFilter,
    NeighbourhoodCleaningRule,
    TomekLinks,
)

X, y = make_classification(
    n_samples=500,
    n_features=2,
    n_informative=2,
    n_redundant=0,
    n_clusters_per_class=1,
    weights=[0.85],
    class_sep=0.6,
    random_state=1,
)
samplers = {
    "Tomek links": TomekLinks(),
    "ENN": EditedNearestNeighbours(),
    "NCR": NeighbourhoodCleaningRule(),
    "IPF": IterativePartitioningFilter(random_state=0),
}
fig, axes = plt.subplots(1, 4, figsize=(14, 3.8), sharex=True, sharey=True)
for ax, (name, sampler) in zip(axes, samplers.items(), strict=True):
    sampler.fit_resample(X, y)
    removed = np.setdiff1d(np.arange(len(y)), sampler.sample_indices_)
    ax.scatter(*X[y == 0].T, s=6, c="tab:blue", alpha=0.4)
    ax.scatter(*X[y == 1].T, s=10, c="tab:orange")
    ax.scatter(*X[removed].T, s=30, facecolors="none", edgecolors="k")
    ax.set_title(f"{name}: {len(removed)} removed")
fig.tight_layout()
