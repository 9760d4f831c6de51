"""Mapping ``n_jobs`` onto numba's thread pool."""

from contextlib import contextmanager, nullcontext
from numbers import Integral

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
    if not isinstance(n_jobs, Integral) or isinstance(n_jobs, bool) or n_jobs == 0:
        raise ValueError(
            f"n_jobs must be None or a non-zero integer (-1 for all cores); "
            f"got {n_jobs!r}."
        )
    return max(1, min(available, effective_n_jobs(n_jobs)))


# Below about this many floating-point operations a parallel region costs more
# than it saves: waking the thread team takes 0.1-0.4 ms here, while a single
# thread does ~1e6 operations in that time (measured, 2 cores, OpenMP layer).
SMALL_WORK = 2**20


def threads_for(n_jobs, work):
    """:func:`numba_threads` for a kernel call of ``work`` operations: one
    thread when the call is too small to gain from more (results are the same
    either way)."""
    return numba_threads(1 if work < SMALL_WORK else n_jobs)


def serial_if_small(work):
    """One numba thread for a call of ``work`` operations below
    ``SMALL_WORK``; otherwise the current setting is left as it is."""
    return numba_threads(1) if work < SMALL_WORK else nullcontext()


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


_blas = None


def one_blas_thread():
    """Context running BLAS on one thread (then restoring it).

    The numpy paths make many small matrix products, for which BLAS threads
    cost more than they bring (and spin badly on a busy machine).
    """
    global _blas
    if _blas is None:
        from threadpoolctl import ThreadpoolController

        _blas = ThreadpoolController().select(user_api="blas")
    return _blas.limit(limits=1)
