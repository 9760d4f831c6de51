"""Jitted kernels only: contiguous arrays in, arrays out, no validation.

Every kernel is compiled lazily on first use and cached on disk
(``@njit(cache=True)``); none has an eager signature.
"""
