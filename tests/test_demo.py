"""``python -m imbalance_kit demo``, the README's first command."""

import json

from tests._fresh_process import run_fresh

SCRIPT = """
import json
from imbalance_kit.__main__ import main
from imbalance_kit._warmup import _kernels
main(["demo"])
print(json.dumps(sorted(name for name, k in _kernels().items() if k.signatures)))
"""


def parse_table(stdout):
    lines = [line for line in stdout.splitlines() if line.startswith("| ")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    rows = {}
    for line in lines[1:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        rows[cells[0]] = dict(zip(header[1:], map(float, cells[1:]), strict=True))
    return rows


def test_demo_prints_the_table_and_compiles_nothing(tmp_path):
    done = run_fresh(SCRIPT, tmp_path)
    *output, compiled = done.stdout.strip().splitlines()
    stdout = "\n".join(output)
    rows = parse_table(stdout)
    assert list(rows) == [
        "none",
        "RandomOverSampler",
        "SMOTE",
        "BorderlineSMOTE",
        "SVMSMOTE",
        "ADASYN",
        "KMeansSMOTE",
    ]
    baseline = float(stdout.split("AUPRC baseline (prevalence) = ")[1][:5])
    for metrics in rows.values():
        scores = [v for k, v in metrics.items() if k != "seconds"]
        assert all(0.0 <= v <= 1.0 for v in scores)
        assert metrics["AUPRC"] > baseline  # far above chance on this table
    # what the demo says about itself: nothing waited for the compiler
    assert "compile nothing" in stdout
    assert json.loads(compiled) == []
    assert "compiling numba kernels" not in done.stderr
