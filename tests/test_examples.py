"""Every gallery example runs (so none rots between documentation builds) and
finishes within its time budget (the gallery promises examples that run in
seconds; a slow one teaches users a pattern nobody should copy)."""

import runpy
import time
from pathlib import Path

import pytest

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("plot_*.py"))

# Seconds of wall time per example, with the numba cache warm (earlier tests
# compile the kernels). The gallery's promise is "seconds"; the budget leaves
# room for a loaded 2-core CI machine.
TIME_BUDGET = 10.0


def test_there_are_examples():
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_runs_within_budget(path, monkeypatch):
    pytest.importorskip("matplotlib")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    monkeypatch.chdir(path.parent)
    start = time.perf_counter()
    runpy.run_path(str(path), run_name="__main__")
    elapsed = time.perf_counter() - start
    assert plt.get_fignums(), f"{path.name} drew no figure"
    plt.close("all")
    assert elapsed < TIME_BUDGET, f"{path.name} took {elapsed:.1f} s"
