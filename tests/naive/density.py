"""SMOBD's density factor and LVQ1, from the definitions, one point at a time."""

import numpy as np


def smobd_factors(X, min_samples, eps, eta, noise_factor):
    """Core distance, order-free reachability, eps-counts, noise, factor."""
    n = len(X)
    D = np.sqrt(((X[:, None, :] - X[None, :, :]) ** 2).sum(axis=2))
    core = np.empty(n)
    for i in range(n):
        others = np.sort(np.delete(D[i], i))
        core[i] = others[min_samples - 2]
    radius = core.mean() if eps is None else eps
    reach = np.empty(n)
    counts = np.empty(n)
    for i in range(n):
        reach[i] = min(max(core[j], D[j, i]) for j in range(n) if j != i)
        counts[i] = sum(1 for j in range(n) if j != i and D[i, j] <= radius)
    noise = (core > noise_factor * core.mean()) & (reach > noise_factor * reach.mean())
    factor = np.zeros(n)
    for i in range(n):
        if noise[i]:
            continue
        c = core[i] / core.max() if core.max() > 0 else 0.0
        m = counts[i] / counts.max() if counts.max() > 0 else 0.0
        factor[i] = eta * c + (1 - eta) * m
    return factor, noise


def lvq1(X, is_target, prototypes, prototype_is_target, order, learning_rate):
    """LVQ1: the nearest prototype (first on ties) moves towards a row of its
    own side and away from a row of the other side; the rate decays linearly."""
    prototypes = np.array(prototypes, dtype=float)
    for t, i in enumerate(order):
        d = ((prototypes - X[i]) ** 2).sum(axis=1)
        w = int(np.argmin(d))
        rate = learning_rate * (1 - t / len(order))
        sign = 1.0 if prototype_is_target[w] == is_target[i] else -1.0
        prototypes[w] += sign * rate * (X[i] - prototypes[w])
    return prototypes


def offset_match(codebooks, a, b):
    """The ``i`` of the disjoint pair (i, j) whose offset is nearest c_a - c_b."""
    best, best_gap = None, np.inf
    m = len(codebooks)
    for i in range(m):
        for j in range(m):
            if i == j or {i, j} & {a, b}:
                continue
            gap = np.sum(
                (codebooks[a] - codebooks[b] - codebooks[i] + codebooks[j]) ** 2
            )
            if gap < best_gap - 1e-12:
                best, best_gap = i, gap
    return best
