"""CCR's spheres: radius per sample and the translations they cause."""

import numpy as np
from numba import njit


@njit(cache=True)
def ccr_spheres(X_class, X_other, energy, translations):
    """Grow a sphere (L1) around each row of ``X_class`` until ``energy`` is spent.

    Expanding by ``delta`` with ``n`` rows of ``X_other`` inside costs
    ``delta * (n + 1)``, so a radius never exceeds ``energy`` and only rows
    closer than ``energy`` can end inside. Rows inside are pushed to the
    surface: ``translations`` (shape of ``X_other``) accumulates the shifts.
    Ties in distance are taken in row order. Returns the radii.
    """
    n_class, p = X_class.shape
    n_other = X_other.shape[0]
    radii = np.empty(n_class)
    near = np.empty(n_other)
    rows = np.empty(n_other, dtype=np.int64)
    for i in range(n_class):
        m = 0
        for j in range(n_other):
            s = 0.0
            for f in range(p):
                s += abs(X_other[j, f] - X_class[i, f])
            if s < energy:
                near[m] = s
                rows[m] = j
                m += 1
        order = np.argsort(near[:m], kind="mergesort")
        radius = 0.0
        inside = 0
        left = energy
        for t in range(m):
            cost = (near[order[t]] - radius) * (inside + 1)
            if cost >= left:
                break
            left -= cost
            radius = near[order[t]]
            inside += 1
        radius += left / (inside + 1)
        radii[i] = radius
        for t in range(inside):
            dist = near[order[t]]
            if dist > 0.0:
                j = rows[order[t]]
                scale = (radius - dist) / dist
                for f in range(p):
                    translations[j, f] += scale * (X_other[j, f] - X_class[i, f])
    return radii
