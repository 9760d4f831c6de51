"""Run a script in a fresh interpreter, with its own numba cache directory.

For the tests of what a first call compiles (nothing, on small work) and
says (one notice before a long compile): only a new process starts with no
kernel compiled, and an empty ``cache_dir`` makes the disk cache cold too.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_fresh(script, cache_dir, *args, env=None, check=True):
    """``python -c script *args`` with ``NUMBA_CACHE_DIR=cache_dir``.

    The JIT is on unless ``env`` sets ``NUMBA_DISABLE_JIT`` (a suite run with
    the JIT disabled still tests what a normal process compiles). Returns
    the ``CompletedProcess`` (stdout and stderr as text).
    """
    full = dict(os.environ, NUMBA_CACHE_DIR=str(cache_dir))
    full.pop("NUMBA_DISABLE_JIT", None)
    full.update(env or {})
    full["PYTHONPATH"] = str(ROOT) + os.pathsep + full.get("PYTHONPATH", "")
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        env=full,
        capture_output=True,
        text=True,
        check=check,
        timeout=600,
    )
