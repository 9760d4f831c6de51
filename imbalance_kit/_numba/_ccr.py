"""CCR's spheres: radius per sample and the translations they cause.

:func:`ccr_spheres` is what the sampler calls: small calls run
:func:`ccr_spheres_numpy`, large ones the jitted :func:`ccr_spheres_kernel`;
both sum and sort alike, so their results are the same bit for bit.
"""

import numpy as np
from numba import njit

from ._compile import announce_compile, use_kernels

# Distance terms (class rows x other rows x features) from which the kernel
# pays: compiled in this process, in the disk cache only (~0.1 s to load),
# not compiled (about 2 s). Measured warm, energy 0.5: 3e4 terms take 1.6 ms
# on numpy and 0.02 ms in the kernel, 8e6 26 ms and 3 ms, 1.8e8 0.29 s and
# 0.08 s (about 1.6e-9 s per term on numpy).
KERNEL_SIZES = (2**15, 2**26, 2**30)


@njit(cache=True)
def ccr_spheres_kernel(X_class, X_other, energy, translations):
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


def _l1_distances(X_other, x):
    """``sum_f |X_other[:, f] - x[f]|`` added feature by feature, as the kernel."""
    s = np.zeros(X_other.shape[0])
    for f in range(X_other.shape[1]):
        s += np.abs(X_other[:, f] - x[f])
    return s


def ccr_spheres_numpy(X_class, X_other, energy, translations):
    """:func:`ccr_spheres_kernel` in numpy, with the same sums in the same order."""
    radii = np.empty(X_class.shape[0])
    for i, x in enumerate(X_class):
        s = _l1_distances(X_other, x)
        rows = np.flatnonzero(s < energy)
        near = s[rows]
        order = np.argsort(near, kind="stable")
        near, rows = near[order], rows[order]
        # the cost of growing to each next row, and the energy left before it
        # (subtracted one cost at a time, as the kernel does)
        costs = np.diff(near, prepend=0.0) * np.arange(1, near.size + 1)
        left = np.subtract.accumulate(np.r_[energy, costs])
        stop = np.flatnonzero(costs >= left[:-1])
        inside = int(stop[0]) if stop.size else near.size
        radius = (near[inside - 1] if inside else 0.0) + left[inside] / (inside + 1)
        radii[i] = radius
        moved = near[:inside] > 0.0
        dist, j = near[:inside][moved], rows[:inside][moved]
        scale = (radius - dist) / dist
        translations[j] += scale[:, None] * (X_other[j] - x)
    return radii


def ccr_spheres(X_class, X_other, energy, translations):
    """Radii of the spheres around ``X_class``; fills ``translations``.

    See :func:`ccr_spheres_kernel`; small calls run the numpy twin.

    Examples
    --------
    >>> import numpy as np
    >>> from imbalance_kit._numba._ccr import ccr_spheres
    >>> shift = np.zeros((2, 1))
    >>> ccr_spheres(np.array([[0.0]]), np.array([[0.5], [3.0]]), 2.0, shift)
    array([1.25])
    >>> shift
    array([[0.75],
           [0.  ]])
    """
    work = X_class.shape[0] * X_other.shape[0] * max(X_class.shape[1], 1)
    kernels = (ccr_spheres_kernel,)
    if use_kernels(work, KERNEL_SIZES, kernels):
        announce_compile(kernels, "CCR's spheres")
        return ccr_spheres_kernel(X_class, X_other, energy, translations)
    return ccr_spheres_numpy(X_class, X_other, energy, translations)
