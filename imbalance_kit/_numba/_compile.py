"""When to use the jitted kernels, and saying so before a long compile.

Small work runs on numpy paths that return identical results without any JIT
compilation; the kernels take over above a size where they pay. A kernel that
is already compiled (in this process or in numba's on-disk cache) pays sooner,
so the switch-over size depends on that.
"""

import os
import sys
from contextlib import contextmanager

_ENGINES = ("auto", "numpy", "numba")
_forced = None
_ready = {}
_announced = False


@contextmanager
def force_engine(engine):
    """Run the enclosed calls on one engine: ``"numpy"``, ``"numba"`` or ``"auto"``.

    For tests and ``python -m imbalance_kit warmup``; results are the same
    on either engine.
    """
    global _forced
    if engine not in _ENGINES:
        raise ValueError(f"engine must be one of {_ENGINES}; got {engine!r}.")
    previous = _forced
    _forced = None if engine == "auto" else engine
    try:
        yield
    finally:
        _forced = previous


def _on_disk(kernel):
    if kernel not in _ready:
        try:
            _ready[kernel] = bool(kernel._cache._cache_file._load_index())
        except Exception:  # numba internals changed: assume no compile wait
            _ready[kernel] = True
    return _ready[kernel]


def kernel_state(*kernels):
    """``"compiled"`` (in this process), ``"cached"`` (on disk) or ``"absent"``.

    The on-disk check reads numba's cache index, which is empty unless it is
    fresh for the current source and numba version; the answer is remembered
    per kernel for the process.
    """
    state = "compiled"
    for kernel in kernels:
        # with NUMBA_DISABLE_JIT a kernel is a plain function: nothing compiles
        if not hasattr(kernel, "signatures") or kernel.signatures:
            continue
        if not _on_disk(kernel):
            return "absent"
        state = "cached"
    return state


def kernels_ready(*kernels):
    """True when no kernel among ``kernels`` needs compiling."""
    return kernel_state(*kernels) != "absent"


def use_kernels(work, sizes, kernels, prefer_numpy=False):
    """Whether a call of ``work`` operations should run the jitted ``kernels``.

    Parameters
    ----------
    work : int
        Size of the call (its own measure, e.g. pairs times features).
    sizes : tuple of int
        ``(compiled, cached, absent)``: sizes from which the kernels beat the
        numpy path when compiled in this process, when they must first be
        loaded from the disk cache (~0.1 s), and when they must be compiled
        (seconds).
    kernels : sequence of numba dispatchers
        What the call would run (their callees compile with them).
    prefer_numpy : bool, default=False
        The numpy path is the better one at any size for this call.
    """
    if _forced is not None:
        return _forced == "numba"
    if prefer_numpy or work < sizes[0]:
        return False
    state = kernel_state(*kernels)
    return work >= sizes[("compiled", "cached", "absent").index(state)]


def announce_compile(kernels, what, duration="a few seconds"):
    """One line on stderr, once per process, before a compile of some seconds."""
    global _announced
    if _announced or _forced is not None or kernels_ready(*kernels):
        return
    _announced = True
    cache = os.environ.get("NUMBA_CACHE_DIR") or "next to the package"
    print(
        f"imbalance_kit: compiling numba kernels for {what} ({duration}, once "
        f"per machine: they are cached on disk, {cache}; "
        f"`python -m imbalance_kit warmup` compiles all of them ahead of time)",
        file=sys.stderr,
        flush=True,
    )
