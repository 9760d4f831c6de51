"""Shared helpers: thread control and input checks."""

from ._parallel import numba_threads

__all__ = ["numba_threads"]
