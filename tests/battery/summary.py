"""Run the whole battery and print its size and outcome counts.

``python -m tests.battery.summary [--findings PATH] [-k SUBSTRING]`` also
writes every failing case, grouped by area, one line each:
``AREA | Name | case | outcome | message``.
"""

import argparse
import time
from collections import Counter, defaultdict

from ._outcome import ALL_KINDS, FAILING
from ._registry import NOT_CALLABLE, cached_cases, public_names


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--findings")
    parser.add_argument("-k", default="")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    cases, uncovered = cached_cases()
    cases = [c for c in cases if args.k in c.id]
    results = []
    for case in cases:
        t0 = time.perf_counter()
        outcome = case.outcome()
        results.append((case, outcome, time.perf_counter() - t0))
    elapsed = time.perf_counter() - start
    names = {(c.sub, c.name) for c in cases}
    counts = Counter(outcome.kind for _, outcome, _ in results)
    print(
        f"public names: {len(public_names())} "
        f"({len(NOT_CALLABLE)} declared not callable on data); "
        f"names with cases: {len(names)}; cases (name x input): {len(cases)}"
    )
    print("outcomes: " + ", ".join(f"{k}={counts.get(k, 0)}" for k in ALL_KINDS))
    print(f"run time {elapsed:.1f} s")
    if uncovered:
        print(f"UNCOVERED public names: {uncovered}")
    slow = sorted(results, key=lambda r: -r[2])[:8]
    print("slowest: " + ", ".join(f"{c.id} {t:.1f}s" for c, _, t in slow))
    by_area = defaultdict(list)
    for case, outcome, _ in results:
        if outcome.kind in FAILING:
            message = " ".join(outcome.message.split())[:150]
            label = f"{outcome.exc_type}: " if outcome.exc_type else ""
            prefix = "dask." if case.sub == "dask" else ""
            by_area[case.area].append(
                f"{case.area} | {prefix}{case.name} | {case.case} | {outcome.kind} "
                f"| {label}{message}"
            )
    lines = []
    for area in (
        "metrics-cost",
        "equitable",
        "samplers",
        "dask",
        "ordinal",
        "neighbors",
        "other",
    ):
        if by_area.get(area):
            lines.append(f"\n## {area} ({len(by_area[area])})")
            lines.extend(by_area[area])
    text = "\n".join(lines)
    print(text)
    if args.findings:
        stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        header = (
            f"# Bad-input battery findings -- {stamp}\n"
            f"battery: {len(cases)} cases over {len(names)} public names; "
            + ", ".join(f"{k}={counts.get(k, 0)}" for k in ALL_KINDS)
            + "\nFormat: AREA | Name | case | outcome | message. Reproduce one: "
            "`pytest tests/battery -q -p no:cacheprovider -k 'Name-case'`.\n"
            "Outcomes: unhelpful = non-Value/TypeError or numpy-internal message; "
            "silent = returned a result that breaks an invariant (or accepted input "
            "that must be refused); worse = clear error where imbalanced-learn / "
            "scikit-learn give a right result, or on an ordinary input; hang = over "
            "the time limit.\nA refusal that is deliberate goes in DELIBERATE_ERRORS "
            "(tests/battery/_registry.py) with its reason. Whole run: "
            "`python -m tests.battery.summary`.\n"
        )
        with open(args.findings, "w") as fh:
            fh.write(header + text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
