"""Helpers shared by the benchmark scripts: timing, equality, table, JSON."""

import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def best_time(fn, repeat):
    best, result = np.inf, None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def same(a, b):
    if isinstance(a, tuple):
        return all(same(x, y) for x, y in zip(a, b, strict=True))
    return a.shape == b.shape and bool(np.array_equal(a, b))


def run_cases(cases, repeat):
    """Time ours and the peer on each case; a failing peer is recorded, not fatal."""
    rows = []
    for case, peer_name, ours_fn, peer_fn in cases:
        t_ours, r_ours = best_time(ours_fn, repeat)
        try:
            t_peer, r_peer = best_time(peer_fn, repeat)
            equal = same(r_ours, r_peer)
        except Exception as exc:  # the peer failing is a result too
            t_peer, equal = float("nan"), f"peer failed: {type(exc).__name__}"
        rows.append(
            {
                "case": case,
                "peer": peer_name,
                "ours_s": t_ours,
                "peer_s": t_peer,
                "ratio": t_peer / t_ours,
                "equal_to_peer": equal,
            }
        )
        print(f"done: {case}", file=sys.stderr, flush=True)
    return rows


def print_table(rows):
    print("| case | peer | ours (s) | peer (s) | peer/ours | equal to peer |")
    print("|---|---|---:|---:|---:|---|")
    for r in rows:
        print(
            f"| {r['case']} | {r['peer']} | {r['ours_s']:.2f} | {r['peer_s']:.2f} "
            f"| {r['ratio']:.1f}x | {r['equal_to_peer']} |"
        )


def write_json(name, quick, payload):
    """Write the results with the machine and thread-pool facts behind them."""
    from threadpoolctl import threadpool_info

    out_dir = ROOT / "benchmarks" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"{name}{'_quick' if quick else ''}.json"
    env_keys = ("OPENBLAS", "NUMBA", "OMP")
    out.write_text(
        json.dumps(
            {
                **payload,
                "quick": quick,
                "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
                "threadpools": threadpool_info(),
                "env": {k: v for k, v in os.environ.items() if k.startswith(env_keys)},
            },
            indent=2,
            default=str,
        )
    )
    print(f"\nJSON: {out.relative_to(ROOT)}")
