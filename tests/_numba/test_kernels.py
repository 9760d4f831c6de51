"""Kernels against naive references, and identical results without the JIT."""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from imbalance_kit._numba._compile import force_engine
from imbalance_kit._numba._generate import interpolate
from imbalance_kit._numba._vdm import vdm_kneighbors
from imbalance_kit.neighbors._brute import block_rounds
from imbalance_kit.over_sampling._smoten import vdm_tables

ROOT = Path(__file__).resolve().parents[2]


@given(st.integers(0, 60))
def test_block_rounds_cover_every_pair_once_with_disjoint_rounds(n_blocks):
    pair_a, pair_b, round_start = block_rounds(n_blocks)
    pairs = list(zip(pair_a.tolist(), pair_b.tolist(), strict=True))
    expected = {(a, b) for a in range(n_blocks) for b in range(a, n_blocks)}
    assert len(pairs) == len(expected) and set(pairs) == expected
    for r in range(len(round_start) - 1):
        blocks = []
        for a, b in pairs[round_start[r] : round_start[r + 1]]:
            blocks += [a] if a == b else [a, b]
        assert len(blocks) == len(set(blocks)), "a round touches a block twice"


@settings(max_examples=50, deadline=None)
@given(
    X=arrays(
        st.sampled_from([np.float32, np.float64]),
        st.tuples(st.integers(1, 20), st.integers(1, 6)),
        elements=st.floats(-1e3, 1e3, width=32),
    ),
    seed=st.integers(0, 2**16),
)
def test_interpolate_matches_numpy_bit_for_bit(X, seed):
    rng = np.random.default_rng(seed)
    n_new = 15
    rows = rng.integers(0, len(X), n_new)
    nn_rows = rng.integers(0, len(X), n_new)
    steps = rng.uniform(-0.5, 1, n_new)
    scale = np.where(rng.uniform(size=n_new) < 0.5, 1.0, rng.uniform(0, 0.5, n_new))
    diffs = X[nn_rows] - X[rows]
    diffs *= scale[:, None]  # in place: rounds to X's dtype, as imblearn does
    expected = (X[rows] + steps[:, None] * diffs).astype(X.dtype)
    # both the numpy path and the kernel (float64 only: float32 data always
    # takes the numpy path)
    for engine in ["numpy", "numba"]:
        out = np.empty((n_new, X.shape[1]), dtype=X.dtype)
        with force_engine(engine):
            interpolate(X, rows, X, nn_rows, steps, scale, out)
        np.testing.assert_array_equal(out, expected)


@settings(max_examples=30, deadline=None)
@given(
    codes=arrays(
        np.int64,
        st.tuples(st.integers(3, 25), st.integers(1, 4)),
        elements=st.integers(0, 2),
    ),
    seed=st.integers(0, 100),
)
def test_vdm_kneighbors_matches_naive(codes, seed):
    y = np.random.default_rng(seed).integers(0, 3, len(codes))
    n_categories = codes.max(axis=0) + 1
    tables, offsets = vdm_tables(codes, y, n_categories)
    k = min(3, len(codes) - 1)
    ind = vdm_kneighbors(np.ascontiguousarray(codes), tables, offsets, n_categories, k)

    def distance(a, b):
        total = 0.0
        for f in range(codes.shape[1]):
            n_cat = n_categories[f]
            total += tables[offsets[f] + codes[a, f] * n_cat + codes[b, f]]
        return total

    for a in range(len(codes)):
        others = sorted((distance(a, b), b) for b in range(len(codes)) if b != a)
        assert ind[a, 0] == a
        assert ind[a, 1:].tolist() == [b for _, b in others[:k]]


SCRIPT = """
import json, sys
import numpy as np
from imbalance_kit._numba._compile import force_engine
force_engine(sys.argv[1]).__enter__()
from imbalance_kit.neighbors import NearestNeighbors
from imbalance_kit.over_sampling import (
    CCR, LVQSMOTE, SMOBD, SMOTE, BorderlineSMOTE, SMOTEN,
)
rng = np.random.default_rng(0)
X = np.round(rng.standard_normal((90, 3)), 1)
y = (rng.uniform(size=90) < 0.3).astype(int)
out = {}
for algorithm in ["brute", "kd_tree"]:
    nn = NearestNeighbors(n_neighbors=4, algorithm=algorithm, leaf_size=4).fit(X)
    out[algorithm] = nn.kneighbors()[1].tolist()
    out[algorithm + "_q"] = nn.kneighbors(X[:7] + 0.05)[1].tolist()
out["smote"] = SMOTE(random_state=0).fit_resample(X, y)[0].tolist()
bl2 = BorderlineSMOTE(random_state=0, kind="borderline-2")
out["bl2"] = bl2.fit_resample(X, y)[0].tolist()
for sampler in [SMOBD(random_state=0), LVQSMOTE(random_state=0), CCR(random_state=0)]:
    out[type(sampler).__name__] = sampler.fit_resample(X, y)[0].tolist()
Xc = (X > 0).astype(int).astype(str)
out["smoten"] = SMOTEN(random_state=0).fit_resample(Xc, y)[0].tolist()
from imbalance_kit.ordinal import PRESTO
yo = np.digitize(X[:, 0] - X[:, 1] + rng.logistic(size=90), [-1.0, 0.5])
for solver in ["newton", "fista"]:
    model = PRESTO(alpha=0.01, solver=solver, max_iter=5000).fit(X, yo)
    out["presto_" + solver] = model.coef_.tolist() + [model.n_iter_]
json.dump(out, sys.stdout)
"""


def run_script(disable_jit, engine="numba"):
    env = dict(os.environ, NUMBA_DISABLE_JIT="1" if disable_jit else "0")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, engine],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return json.loads(done.stdout)


def test_results_identical_with_numba_jit_disabled_and_on_the_numpy_path():
    interpreted, compiled = run_script(disable_jit=True), run_script(disable_jit=False)
    # the numpy paths (neighbours, interpolation) give the kernels' results
    numpy_path = run_script(disable_jit=False, engine="numpy")
    for key in ("presto_newton", "presto_fista"):
        numpy_path.pop(key)
    # the ordinal solvers call exp/log1p, whose last bit differs between
    # numpy's and LLVM's implementations: same iterations, values to 1e-12
    for key in ("presto_newton", "presto_fista"):
        *coef_i, iterations_i = interpreted.pop(key)
        *coef_c, iterations_c = compiled.pop(key)
        assert iterations_i == iterations_c
        np.testing.assert_allclose(coef_i, coef_c, rtol=1e-12, atol=1e-14)
    assert interpreted == compiled
    assert numpy_path == compiled


NOTICE_SCRIPT = """
import numpy as np
from imbalance_kit._numba import _generate
from imbalance_kit._numba._compile import announce_compile
from imbalance_kit._numba._kdtree import kdtree_query
_generate.KERNEL_SIZES = (0, 0, 0)  # the kernel even for a tiny call
X = np.arange(12.0).reshape(6, 2)
ones = np.ones(3)
for _ in range(2):
    out = np.empty((3, 2))
    _generate.interpolate(X, np.arange(3), X, np.arange(3, 6), ones / 2, ones, out)
    assert (out == (X[:3] + X[3:]) / 2).all()
announce_compile((kdtree_query,), "another kernel")  # not compiled either
"""


def run_notice_script(cache_dir):
    env = dict(os.environ, NUMBA_CACHE_DIR=str(cache_dir))
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run(
        [sys.executable, "-c", NOTICE_SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    ).stderr


def test_compile_notice_once_per_process_and_not_when_cached(tmp_path):
    lines = run_notice_script(tmp_path).splitlines()
    notices = [line for line in lines if "compiling numba kernels" in line]
    assert len(notices) == 1, lines
    assert "once per machine" in notices[0]
    assert "python -m imbalance_kit warmup" in notices[0]
    # the interpolation kernel is now in the disk cache: no notice for it
    # (the kd-tree kernel still is not, so the direct call still announces)
    lines = run_notice_script(tmp_path).splitlines()
    notices = [line for line in lines if "compiling numba kernels" in line]
    assert len(notices) == 1 and "another kernel" in notices[0], lines


@pytest.mark.slow
def test_warmup_command_fills_an_empty_cache(tmp_path):
    env = dict(os.environ, NUMBA_CACHE_DIR=str(tmp_path))
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    done = subprocess.run(
        [sys.executable, "-m", "imbalance_kit", "warmup"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=1800,
    )
    assert "not reached" not in done.stdout, done.stdout
    assert any(tmp_path.rglob("*.nbi"))
    # afterwards a kernel-sized call announces nothing: everything is cached
    code = (
        "import numpy as np\n"
        "from imbalance_kit.neighbors import NearestNeighbors\n"
        "from imbalance_kit._numba._compile import kernel_state\n"
        "from imbalance_kit._numba import _knn_brute as k\n"
        "assert kernel_state(k.screen_self, k.rerank) == 'cached'\n"
        "X = np.random.default_rng(0).standard_normal((1500, 20))\n"
        "NearestNeighbors().fit(X).kneighbors()\n"
    )
    stderr = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    ).stderr
    assert "compiling" not in stderr
