"""Synthetic-sample generation shared by every SMOTE variant.

:func:`interpolate` is the entry point the samplers call: small calls and
float32 data run the numpy expression, large float64 calls the jitted
:func:`interpolate_kernel`; both round exactly alike, so the results are the
same bit for bit.
"""

import numpy as np
from numba import njit, prange

from ._compile import announce_compile, use_kernels

# Output elements from which the kernel beats numpy: compiled in this process,
# in the disk cache only, not compiled (about a second). Measured: 2**22
# elements take 45 ms on numpy, 2 ms in the kernel.
KERNEL_SIZES = (2**16, 2**20, 2**24)


@njit(cache=True, parallel=True)
def interpolate_kernel(X_base, rows, X_nn, nn_rows, steps, diff_scale, out):
    """``out[s] = X_base[rows[s]] + steps[s] * diff_scale[s] * (X_nn[nn_rows[s]] - X_base[rows[s]])``.

    ``out`` has the input dtype. The difference is taken in that dtype and,
    once scaled, rounded back to it (through ``out``); the step is applied in
    float64 and the sum rounded to ``out``'s dtype. That is numpy's order of
    operations in imbalanced-learn, so the results agree bit for bit.
    """
    for s in prange(rows.shape[0]):
        base = rows[s]
        other = nn_rows[s]
        for col in range(X_base.shape[1]):
            out[s, col] = (X_nn[other, col] - X_base[base, col]) * diff_scale[s]
            out[s, col] = X_base[base, col] + steps[s] * out[s, col]


def interpolate_numpy(X_base, rows, X_nn, nn_rows, steps, diff_scale, out):
    """:func:`interpolate_kernel` in numpy, with the same roundings."""
    diffs = X_nn[nn_rows] - X_base[rows]
    # in place: the scaled difference is rounded to the input dtype
    diffs *= diff_scale[:, None]
    out[...] = X_base[rows] + steps[:, None] * diffs


def interpolate(X_base, rows, X_nn, nn_rows, steps, diff_scale, out):
    """Fill ``out`` with interpolated samples (see :func:`interpolate_kernel`).

    Parameters
    ----------
    X_base, X_nn : ndarray of shape (n, n_features)
        C-contiguous, same dtype as ``out``.
    rows, nn_rows : ndarray of int64 of shape (n_new,)
    steps, diff_scale : ndarray of float64 of shape (n_new,)
    out : ndarray of shape (n_new, n_features)

    Examples
    --------
    >>> import numpy as np
    >>> from imbalance_kit._numba._generate import interpolate
    >>> X = np.array([[0.0, 0.0], [2.0, 4.0]])
    >>> out = np.empty((1, 2))
    >>> one = np.ones(1)
    >>> interpolate(X, np.array([0]), X, np.array([1]), 0.5 * one, one, out)
    >>> out
    array([[1., 2.]])
    """
    rows = np.asarray(rows, dtype=np.int64)
    nn_rows = np.asarray(nn_rows, dtype=np.int64)
    steps = np.asarray(steps, dtype=np.float64)
    diff_scale = np.asarray(diff_scale, dtype=np.float64)
    # one compiled specialisation: float64 (float32 data is rare and the
    # numpy path is memory-bound anyway)
    if out.dtype == np.float64 and use_kernels(
        out.size, KERNEL_SIZES, (interpolate_kernel,)
    ):
        announce_compile((interpolate_kernel,), "synthetic-sample interpolation")
        interpolate_kernel(X_base, rows, X_nn, nn_rows, steps, diff_scale, out)
    else:
        interpolate_numpy(X_base, rows, X_nn, nn_rows, steps, diff_scale, out)
