"""n_jobs reaches the jitted kernels; tiny calls run on one thread."""

import numba
import numpy as np
import pytest

from imbalance_kit.over_sampling import SMOTE
from imbalance_kit.over_sampling import _base as over_sampling_base
from imbalance_kit.utils._parallel import (
    SMALL_WORK,
    numba_threads,
    serial_if_small,
    threads_for,
)


@pytest.fixture
def recorded_threads(monkeypatch):
    """Replace the interpolation kernel by numpy and record the thread setting."""
    seen = []

    def interpolate(X_base, rows, X_nn, nn_rows, steps, diff_scale, out):
        seen.append(numba.get_num_threads())
        diff = (X_nn[nn_rows] - X_base[rows]) * diff_scale[:, None]
        out[:] = X_base[rows] + steps[:, None] * diff

    monkeypatch.setattr(over_sampling_base, "interpolate", interpolate)
    return seen


def data(n):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(n, 20))
    y = (rng.random(n) < 0.1).astype(int)
    return X, y


@pytest.mark.skipif(numba.config.NUMBA_NUM_THREADS < 2, reason="needs 2 threads")
@pytest.mark.parametrize("n_jobs", [1, 2])
def test_sampler_n_jobs_reaches_a_large_kernel_call(recorded_threads, n_jobs):
    X, y = data(120_000)  # ~97k synthetic rows x 20 columns > SMALL_WORK
    before = numba.get_num_threads()
    SMOTE(random_state=0, n_jobs=n_jobs).fit_resample(X, y)
    assert recorded_threads == [n_jobs]
    assert numba.get_num_threads() == before


def test_small_kernel_call_runs_on_one_thread(recorded_threads):
    X, y = data(300)
    SMOTE(random_state=0, n_jobs=2).fit_resample(X, y)
    assert recorded_threads == [1]


def test_thread_helpers_restore_the_setting():
    before = numba.get_num_threads()
    with threads_for(None, SMALL_WORK - 1):
        assert numba.get_num_threads() == 1
    with serial_if_small(SMALL_WORK):
        assert numba.get_num_threads() == before
    assert numba.get_num_threads() == before


def test_numba_threads_follows_joblib_conventions():
    from imbalance_kit.utils import numba_threads

    available = numba.config.NUMBA_NUM_THREADS
    for n_jobs, expected in [
        (1, 1),
        (-1, available),
        (None, available),
        (10**6, available),
    ]:
        with numba_threads(n_jobs):
            assert numba.get_num_threads() == expected


@pytest.mark.parametrize("bad", [0, 1.5, "2", True])
def test_numba_threads_rejects_bad_n_jobs_by_name(bad):
    before = numba.get_num_threads()
    with pytest.raises(ValueError, match=r"n_jobs must be None or a non-zero integer"):
        with numba_threads(bad):
            pass
    assert numba.get_num_threads() == before
