"""
K-means balancing
=================

Three ways to shrink the common class to the size of the rare one while
keeping its shape: the k-means centres (Lin et al., 2017, strategy 1), the
real sample nearest each centre (strategy 2), and cluster-based sampling
(SBC, Yen & Lee, 2009), which takes more from clusters where the rare class
is scarce.
"""

import matplotlib.pyplot as plt
from sklearn.datasets import make_blobs

from imbalance_kit.under_sampling import ClusterBasedUnderSampler, KMeansUnderSampler

X, y = make_blobs(
    n_samples=[450, 150, 40],
    centers=[[0, 0], [4, 4], [2, 0.5]],
    cluster_std=[1.2, 0.8, 0.6],
    random_state=0,
)
y = (y == 2).astype(int)  # the third blob is the rare class
samplers = {
    "k-means centres": KMeansUnderSampler(strategy="centroids", random_state=0),
    "nearest real samples": KMeansUnderSampler(strategy="nearest", random_state=0),
    "SBC": ClusterBasedUnderSampler(random_state=0),
}
fig, axes = plt.subplots(1, 3, figsize=(12, 4), sharex=True, sharey=True)
for ax, (name, sampler) in zip(axes, samplers.items(), strict=True):
    X_res, y_res = sampler.fit_resample(X, y)
    ax.scatter(*X[y == 0].T, s=6, c="lightgrey", label="common (before)")
    ax.scatter(*X_res[y_res == 0].T, s=12, c="tab:blue", label="common (kept)")
    ax.scatter(*X[y == 1].T, s=12, c="tab:orange", label="rare")
    ax.set_title(f"{name}: {int((y_res == 0).sum())} common rows")
axes[0].legend(loc="upper left", fontsize=8)
fig.tight_layout()
