"""The numpy path (no JIT) and the compiled kernels return identical neighbours."""

from contextlib import contextmanager

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from imbalance_kit._numba._compile import force_engine
from imbalance_kit.neighbors import NearestNeighbors, _exact, _nearest
from tests._fresh_process import run_fresh
from tests.naive import knn as naive

ALGORITHMS = ["brute", "kd_tree"]


@contextmanager
def screened():
    """The numpy path screens even a handful of pairs (as for larger data)."""
    saved = _exact._ALL_PAIRS_UP_TO
    _exact._ALL_PAIRS_UP_TO = 0
    try:
        yield
    finally:
        _exact._ALL_PAIRS_UP_TO = saved


def search(engine, X, k, algorithm, Q=None, rows=None, leaf_size=4):
    with force_engine(engine), screened():
        nn = NearestNeighbors(n_neighbors=k, algorithm=algorithm, leaf_size=leaf_size)
        nn.fit(X)
        if rows is not None:
            return nn.kneighbors_of_rows(rows)
        return nn.kneighbors(Q)


def assert_identical(a, b):
    np.testing.assert_array_equal(a[1], b[1])
    np.testing.assert_array_equal(a[0], b[0])


# a coarse integer grid times a power of ten: duplicates and exact ties are
# common, and the magnitudes reach both ends of the float64 range
tied_data = st.integers(min_value=2, max_value=40).flatmap(
    lambda n: st.tuples(
        arrays(
            np.float64,
            st.tuples(st.just(n), st.integers(1, 6)),
            elements=st.integers(-3, 3).map(float),
        ),
        st.integers(1, n - 1),
        st.sampled_from([1.0, 1e-300, 1e-160, 1e150, 1e300, 0.1]),
        st.floats(-1e6, 1e6),
    )
)


@pytest.mark.filterwarnings("ignore:overflow:RuntimeWarning")  # the naive reference
@settings(max_examples=80, deadline=None)
@given(data=tied_data, algorithm=st.sampled_from(ALGORITHMS))
def test_engines_identical_and_exact_on_tied_data(data, algorithm):
    grid, k, scale, offset = data
    X = grid * scale + offset
    numpy_result = search("numpy", X, k, algorithm)
    assert_identical(numpy_result, search("numba", X, k, algorithm))
    # data of extreme magnitude is searched scaled by a power of two (exact)
    max_abs = np.abs(X).max()
    e = 0 if max_abs == 0 or 2.0**-255 <= max_abs <= 2.0**255 else -np.frexp(max_abs)[1]
    Xe = np.ldexp(X, e)
    ref_d2, ref_ind = naive.kneighbors(Xe, Xe, k, self_idx=np.arange(len(X)))
    np.testing.assert_array_equal(numpy_result[1], ref_ind)
    np.testing.assert_array_equal(numpy_result[0], np.ldexp(np.sqrt(ref_d2), -e))
    Q = X[::3] + scale * 0.5
    kq = min(k + 1, len(X))
    numpy_q = search("numpy", X, kq, algorithm, Q=Q)
    assert_identical(numpy_q, search("numba", X, kq, algorithm, Q=Q))
    np.testing.assert_array_equal(
        numpy_q[1], naive.kneighbors(Xe, np.ldexp(Q, e), kq)[1]
    )
    rows = np.arange(len(X))[::-2]
    assert_identical(
        search("numpy", X, k, algorithm, rows=rows),
        search("numba", X, k, algorithm, rows=rows),
    )


@settings(max_examples=40, deadline=None)
@given(
    X=arrays(
        np.float64,
        st.tuples(st.integers(2, 80), st.integers(1, 12)),
        elements=st.floats(-1e6, 1e6, allow_nan=False, width=32),
    ),
    seed=st.integers(0, 2**16),
)
def test_engines_identical_on_random_data(X, seed):
    rng = np.random.default_rng(seed)
    k = int(rng.integers(1, len(X)))
    assert_identical(search("numpy", X, k, "brute"), search("numba", X, k, "brute"))
    Q = X[rng.integers(0, len(X), 7)] * rng.uniform(0.5, 1.5)
    assert_identical(
        search("numpy", X, k, "brute", Q=Q), search("numba", X, k, "brute", Q=Q)
    )


@pytest.mark.parametrize("n, d, k", [(700, 20, 5), (1500, 3, 10), (600, 9, 1)])
def test_engines_identical_on_larger_gaussian_data(n, d, k):
    # several query blocks on the numpy path, several screening blocks in the
    # kernels; rounding to 2 decimals adds ties
    X = np.round(np.random.default_rng(n).standard_normal((n, d)), 2)
    for algorithm in ALGORITHMS:
        assert_identical(
            search("numpy", X, k, algorithm, leaf_size=32),
            search("numba", X, k, algorithm, leaf_size=32),
        )
    assert_identical(search("numpy", X, k, "brute"), search("auto", X, k, "brute"))


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_large_k_is_exact(algorithm):
    # k = n - 1 takes the partition path in "auto" (the kernels' per-row
    # buffers would cost O(k) per insertion)
    X = np.round(np.random.default_rng(1).standard_normal((300, 4)), 1)
    k = len(X) - 1
    auto = search("auto", X, k, algorithm)
    ref_d2, ref_ind = naive.kneighbors(X, X, k, self_idx=np.arange(len(X)))
    np.testing.assert_array_equal(auto[1], ref_ind)
    np.testing.assert_array_equal(auto[0], np.sqrt(ref_d2))
    assert_identical(auto, search("numba", X, k, algorithm))
    Q = X[:20] * 1.1
    np.testing.assert_array_equal(
        search("auto", X, len(X), algorithm, Q=Q)[1],
        naive.kneighbors(X, Q, len(X))[1],
    )


def test_auto_engine_thresholds(monkeypatch):
    # below the smallest kernel size the numpy path runs, so nothing compiles
    X = np.random.default_rng(2).standard_normal((50, 3))
    calls = []

    def record(*args, **kwargs):
        calls.append(args)
        raise AssertionError("kernel path taken for a small call")

    nn = NearestNeighbors(n_neighbors=3, algorithm="brute").fit(X)
    monkeypatch.setattr(nn._index, "query_self", record)
    nn.kneighbors()
    assert calls == []
    assert 50 * 50 * 3 < _nearest.KERNEL_SIZES[0]


def test_precision_hostile_data_identical_on_both_engines():
    # far from the origin with tiny spread, plus far-away queries: the
    # kernels' float32 screen cannot decide these rows and redoes them
    rng = np.random.default_rng(7)
    X = 1e8 + rng.standard_normal((300, 4)) * 1e-3
    Q = np.vstack([X[:5] + 1e-7, np.full((1, 4), 1e60), np.full((1, 4), -1e300)])
    for engine in ["numpy", "numba"]:
        got = search(engine, X, 4, "brute")
        np.testing.assert_array_equal(
            got[1], naive.kneighbors(X, X, 4, np.arange(300))[1]
        )
        got_q = search(engine, X, 4, "brute", Q=Q)
        np.testing.assert_array_equal(got_q[1], naive.kneighbors(X, Q, 4)[1])


@pytest.mark.parametrize("scale", [1e300, 1e-300, 2.0**-1070])
def test_extreme_magnitudes_rank_and_measure_like_unit_data(scale):
    # squared distances of such data overflow or underflow in float64; the
    # neighbours and distances are those of the unit-scale data, scaled
    X = np.array([[0.0, 1.0], [3.0, 0.0], [1.0, 1.0], [7.0, 2.0], [0.5, -1.0]])
    ref_dist, ref_ind = NearestNeighbors(n_neighbors=3).fit(X).kneighbors()
    for engine in ["numpy", "numba"]:
        for algorithm in ALGORITHMS:
            dist, ind = search(engine, X * scale, 3, algorithm)
            np.testing.assert_array_equal(ind, ref_ind)
            np.testing.assert_allclose(dist, ref_dist * scale, rtol=1e-12)


def test_small_samplers_compile_no_neighbour_or_generation_kernel(tmp_path):
    # the cold case: SMOTE, BorderlineSMOTE and TomekLinks on
    # 2,000 x 10 in a fresh process with an empty numba cache
    code = (
        "import numpy as np\n"
        "from sklearn.datasets import make_classification\n"
        "from imbalance_kit.over_sampling import SMOTE, BorderlineSMOTE\n"
        "from imbalance_kit.under_sampling import TomekLinks\n"
        "from imbalance_kit._numba import _generate, _kdtree, _knn_brute\n"
        "X, y = make_classification(2000, 10, weights=[0.9], random_state=0)\n"
        "for s in (SMOTE(random_state=0), BorderlineSMOTE(random_state=0),\n"
        "          TomekLinks()):\n"
        "    s.fit_resample(X, y)\n"
        "for module in (_generate, _kdtree, _knn_brute):\n"
        "    for name, f in vars(module).items():\n"
        "        assert not getattr(f, 'signatures', []), name\n"
    )
    done = run_fresh(code, tmp_path, check=False)
    assert done.returncode == 0, done.stderr
    assert "compiling" not in done.stderr


def test_all_pairs_shortcut_equals_the_screen():
    # tiny searches skip the screen and rank every pair exactly
    X = np.round(np.random.default_rng(3).standard_normal((40, 3)), 1)
    with force_engine("numpy"):
        direct = NearestNeighbors(n_neighbors=4).fit(X).kneighbors()
    assert 40 * 40 <= _exact._ALL_PAIRS_UP_TO
    assert_identical(direct, search("numpy", X, 4, "brute"))
