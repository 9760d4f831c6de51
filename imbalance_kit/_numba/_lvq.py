"""Learning vector quantisation (Kohonen's LVQ1) on a fixed presentation order."""

import numpy as np
from numba import njit


@njit(cache=True)
def lvq1(X, is_target, prototypes, prototype_is_target, order, learning_rate):
    """Train ``prototypes`` in place with LVQ1.

    Rows are presented in ``order`` (one entry per step); at step ``t`` the
    rate is ``learning_rate * (1 - t / len(order))``. The nearest prototype
    (squared Euclidean, ties to the lower index) moves towards the row when
    both are on the same side (``is_target``), away from it otherwise.
    """
    n_steps = order.shape[0]
    n_proto, p = prototypes.shape
    for t in range(n_steps):
        i = order[t]
        best = 0
        best_d = np.inf
        for m in range(n_proto):
            s = 0.0
            for f in range(p):
                d = X[i, f] - prototypes[m, f]
                s += d * d
            if s < best_d:
                best_d = s
                best = m
        rate = learning_rate * (1.0 - t / n_steps)
        if prototype_is_target[best] != is_target[i]:
            rate = -rate
        for f in range(p):
            prototypes[best, f] += rate * (X[i, f] - prototypes[best, f])
