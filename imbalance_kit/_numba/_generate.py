"""Synthetic-sample generation shared by every SMOTE variant."""

from numba import njit, prange


@njit(cache=True, parallel=True)
def interpolate(X_base, rows, X_nn, nn_rows, steps, diff_scale, out):
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
