"""CCR's sphere growth, step by step from the definition."""

import numpy as np


def sphere_radius(distances, energy):
    """Radius after spending ``energy``; expanding by ``delta`` with ``n``
    points inside costs ``delta * (n + 1)``. Returns ``(radius, n_inside)``."""
    radius, inside = 0.0, 0
    for d in np.sort(distances, kind="stable"):
        cost = (d - radius) * (inside + 1)
        if cost >= energy:
            break
        energy -= cost
        radius = d
        inside += 1
    return radius + energy / (inside + 1), inside


def spheres(X_class, X_other, energy):
    """Radii and translations, one class sample at a time."""
    radii = np.empty(len(X_class))
    shift = np.zeros_like(X_other, dtype=float)
    for i, x in enumerate(X_class):
        distances = np.abs(X_other - x).sum(axis=1)
        radius, inside = sphere_radius(distances, energy)
        radii[i] = radius
        order = np.argsort(distances, kind="stable")[:inside]
        for j in order:
            if distances[j] > 0:
                shift[j] += (radius - distances[j]) / distances[j] * (X_other[j] - x)
    return radii, shift
