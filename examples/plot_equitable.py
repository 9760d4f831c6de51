"""
Allocating a data budget across groups
======================================

An adaptive allocator (after Cai et al., 2022) spends a budget of labelled
samples on three groups of different difficulty, round by round, from their
fitted learning curves; the plot shows each group's measured error against
the samples it received.
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.linear_model import LogisticRegression

from imbalance_kit.equitable import AdaptiveAllocator

rng = np.random.default_rng(0)
n = 6000
groups = rng.choice(3, size=n, p=[0.6, 0.3, 0.1])
X = rng.normal(size=(n, 4))
weights = np.array([[1.0, 1.0, 0, 0], [1.0, -1.0, 0.5, 0], [0.5, 0, 1.0, -1.0]])
noise = np.array([0.3, 0.6, 0.9])[groups]
y = ((X * weights[groups]).sum(axis=1) + rng.normal(size=n) * noise > 0).astype(int)

allocator = AdaptiveAllocator(
    LogisticRegression(),
    budget=360,
    batch_size=75,
    objective="average",
    random_state=0,
).fit(X, y, groups)
ax = allocator.plot()
ax.set_title(f"samples per group: {allocator.counts_}")
plt.gcf().tight_layout()
