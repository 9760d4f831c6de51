"""Mapping ``n_jobs`` onto numba's thread pool."""

from contextlib import contextmanager

import numba
from joblib import effective_n_jobs


def n_numba_threads(n_jobs):
    """Threads to use for ``n_jobs``, following joblib's conventions.

    ``None`` means all threads numba was started with (numba's default), as
    for a parallel numba function; ``-1`` all cores, ``-2`` all but one, etc.
    """
    available = numba.config.NUMBA_NUM_THREADS
    if n_jobs is None:
        return available
    return max(1, min(available, effective_n_jobs(n_jobs)))


@contextmanager
def numba_threads(n_jobs):
    """Run the enclosed numba kernels on ``n_jobs`` threads, then restore the setting.

    Examples
    --------
    >>> from imbalance_kit.utils import numba_threads
    >>> with numba_threads(1):
    ...     pass
    """
    previous = numba.get_num_threads()
    numba.set_num_threads(n_numba_threads(n_jobs))
    try:
        yield
    finally:
        numba.set_num_threads(previous)
