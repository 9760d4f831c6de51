"""Slow references for checking SMOTE-style output."""

import numpy as np


def on_segment(point, a, b, atol=1e-9):
    """Whether ``point`` lies on the segment from ``a`` to ``b`` (allowing a == b)."""
    direction = b - a
    length2 = float(direction @ direction)
    if length2 == 0.0:
        return np.allclose(point, a, atol=atol)
    t = float((point - a) @ direction) / length2
    return -atol <= t <= 1 + atol and np.allclose(a + t * direction, point, atol=atol)


def on_line(point, a, b, t_min, t_max, atol=1e-9):
    """Whether ``point = a + t (b - a)`` for some ``t`` in ``[t_min, t_max]``."""
    direction = b - a
    length2 = float(direction @ direction)
    if length2 == 0.0:
        return np.allclose(point, a, atol=atol)
    t = float((point - a) @ direction) / length2
    return t_min - atol <= t <= t_max + atol and np.allclose(
        a + t * direction, point, atol=atol
    )
