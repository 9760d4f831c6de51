"""SMOTEN and KMeansSMOTE on small data: the numpy paths, no compiler wait.

The numpy VDM search must return the kernel's neighbours exactly (categorical
data is full of tied distances), both samplers must resample identically on
either engine, and a small first call in a fresh process with an empty numba
cache must compile no kernel at all.
"""

import json
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from imbalance_kit._numba import _vdm
from imbalance_kit._numba._compile import force_engine
from imbalance_kit.over_sampling import SMOTEN, KMeansSMOTE
from imbalance_kit.over_sampling._smoten import vdm_tables
from tests._fresh_process import run_fresh


def naive_vdm_neighbours(codes, tables, offsets, n_categories, k):
    """Each row, then its k nearest others by (float64 sum in feature order, index)."""
    n, n_features = codes.shape
    out = []
    for a in range(n):
        scored = []
        for b in range(n):
            if b == a:
                continue
            total = 0.0
            for f in range(n_features):
                n_cat = int(n_categories[f])
                total += float(tables[offsets[f] + codes[a, f] * n_cat + codes[b, f]])
            scored.append((total, b))
        out.append([a] + [b for _, b in sorted(scored)[:k]])
    return np.array(out, dtype=np.int64).reshape(n, k + 1)


# few rows, few categories: duplicate rows and equal distances everywhere
tied_codes = st.integers(2, 45).flatmap(
    lambda n: st.tuples(
        arrays(
            np.int64,
            st.tuples(st.just(n), st.integers(1, 5)),
            elements=st.integers(0, 2),
        ),
        st.integers(1, n - 1),
    )
)


def search(engine, codes, tables, offsets, n_categories, k):
    with force_engine(engine):
        return _vdm.vdm_neighbours(codes, tables, offsets, n_categories, k)


@settings(max_examples=150, deadline=None)
@given(
    data=tied_codes,
    seed=st.integers(0, 2**16),
    n_classes=st.integers(1, 3),
    block=st.sampled_from([1, 7, 2**17]),
)
def test_vdm_numpy_path_equals_kernel_and_naive_on_tied_data(
    data, seed, n_classes, block
):
    codes, k = data
    y = np.random.default_rng(seed).integers(0, n_classes, len(codes))
    n_categories = codes.max(axis=0) + 1
    tables, offsets = vdm_tables(codes, y, n_categories)
    # blocks of one row, a few rows, or all rows at once
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_vdm, "_BLOCK_ELEMENTS", block)
        numpy_ind = search("numpy", codes, tables, offsets, n_categories, k)
    np.testing.assert_array_equal(
        numpy_ind, search("numba", codes, tables, offsets, n_categories, k)
    )
    np.testing.assert_array_equal(
        numpy_ind, naive_vdm_neighbours(codes, tables, offsets, n_categories, k)
    )


# arbitrary non-negative tables: a handful of values (ties, including sums
# tied only after rounding) or extreme magnitudes (subnormal to 1e300)
table_values = st.one_of(
    st.sampled_from([0.0, 0.1, 0.2, 0.3, 0.25, 0.5, 1.0]),
    st.sampled_from([0.0, 5e-324, 1e-310, 1e-300, 1.0, 1e300]),
    st.floats(0, 4, allow_subnormal=True),
)


@settings(max_examples=100, deadline=None)
@given(data=tied_codes, values=st.data())
def test_vdm_numpy_path_equals_kernel_on_any_tables(data, values):
    codes, k = data
    n_categories = np.full(codes.shape[1], 3, dtype=np.int64)
    tables = np.array(
        values.draw(
            st.lists(
                table_values,
                min_size=9 * codes.shape[1],
                max_size=9 * codes.shape[1],
            )
        ),
        dtype=np.float64,
    )
    offsets = np.arange(codes.shape[1], dtype=np.int64) * 9
    numpy_ind = search("numpy", codes, tables, offsets, n_categories, k)
    np.testing.assert_array_equal(
        numpy_ind, search("numba", codes, tables, offsets, n_categories, k)
    )
    np.testing.assert_array_equal(
        numpy_ind, naive_vdm_neighbours(codes, tables, offsets, n_categories, k)
    )


def test_vdm_distances_are_summed_in_feature_order():
    # row 0 against rows 1 and 2 over three features of two categories:
    # row 1 adds 0.1, 0.2, 0.3 and row 2 adds 0.3, 0.2, 0.1. In feature order
    # (0.1 + 0.2) + 0.3 = 0.6000000000000001 > (0.3 + 0.2) + 0.1 = 0.6, so
    # row 2 is the nearer; summed in any other order row 1 (lower index) is
    codes = np.array([[0, 0, 0], [1, 1, 1], [2, 2, 2]])
    n_categories = np.array([3, 3, 3])
    tables = np.zeros(27)
    offsets = np.array([0, 9, 18])
    # feature f, category 0 against 1 (row 1) and 0 against 2 (row 2)
    for f, (to_row1, to_row2) in enumerate([(0.1, 0.3), (0.2, 0.2), (0.3, 0.1)]):
        tables[offsets[f] + 1] = tables[offsets[f] + 3] = to_row1
        tables[offsets[f] + 2] = tables[offsets[f] + 6] = to_row2
        tables[offsets[f] + 5] = tables[offsets[f] + 7] = 1.0
    assert (0.1 + 0.2) + 0.3 > (0.3 + 0.2) + 0.1
    expected = naive_vdm_neighbours(codes, tables, offsets, n_categories, 1)
    assert expected[0].tolist() == [0, 2]
    for engine in ("numpy", "numba"):
        np.testing.assert_array_equal(
            search(engine, codes, tables, offsets, n_categories, 1), expected
        )


def test_vdm_numpy_path_equals_kernel_on_many_neighbours_and_rows():
    # k close to n, and several blocks of rows: a case hypothesis rarely draws
    rng = np.random.default_rng(0)
    codes = rng.integers(0, 3, (700, 4))
    y = rng.integers(0, 2, 700)
    n_categories = codes.max(axis=0) + 1
    tables, offsets = vdm_tables(codes, y, n_categories)
    for k in (1, 5, 300, 699):
        np.testing.assert_array_equal(
            search("numpy", codes, tables, offsets, n_categories, k),
            search("numba", codes, tables, offsets, n_categories, k),
        )


@settings(max_examples=40, deadline=None)
@given(
    codes=arrays(
        np.int64,
        st.tuples(st.integers(12, 60), st.integers(1, 4)),
        elements=st.integers(0, 2),
    ),
    seed=st.integers(0, 2**16),
    k=st.integers(1, 5),
)
def test_smoten_resamples_identically_on_either_engine(codes, seed, k):
    rng = np.random.default_rng(seed)
    y = np.r_[np.zeros(len(codes) - 6, dtype=int), np.ones(6, dtype=int)]
    y = rng.permutation(y)
    X = np.char.add("category ", codes.astype(str))
    results = []
    for engine in ("numpy", "numba"):
        with force_engine(engine):
            results.append(SMOTEN(k_neighbors=k, random_state=seed).fit_resample(X, y))
    np.testing.assert_array_equal(results[0][0], results[1][0])
    np.testing.assert_array_equal(results[0][1], results[1][1])


@settings(max_examples=25, deadline=None)
@given(
    grid=arrays(
        np.float64,
        st.tuples(st.integers(40, 90), st.integers(1, 4)),
        elements=st.integers(-2, 2).map(float),
    ),
    seed=st.integers(0, 2**16),
    scale=st.sampled_from([1.0, 0.1, 1e-300, 1e300]),
)
def test_kmeans_smote_resamples_identically_on_either_engine(grid, seed, scale):
    rng = np.random.default_rng(seed)
    X = grid * scale
    y = (rng.uniform(size=len(X)) < 0.3).astype(int)
    y[:3] = 1  # at least three minority rows
    results = []
    for engine in ("numpy", "numba"):
        with force_engine(engine), warnings.catch_warnings(record=True) as record:
            warnings.simplefilter("always")
            sampler = KMeansSMOTE(kmeans_estimator=3, random_state=seed)
            X_res, y_res = sampler.fit_resample(X, y)
        # the fall-back to plain SMOTE, when it happens, is said alike
        results.append((X_res, y_res, sorted(str(w.message) for w in record)))
    np.testing.assert_array_equal(results[0][0], results[1][0])
    np.testing.assert_array_equal(results[0][1], results[1][1])
    assert results[0][2] == results[1][2]


COLD_SCRIPT = """
import json, sys, warnings
import numpy as np
from sklearn.datasets import make_classification
from imbalance_kit import _warmup
from imbalance_kit.over_sampling import SMOTEN, KMeansSMOTE
warnings.simplefilter("ignore")
# the first-call benchmark's data: 2,000 x 10, 10% minority
X, y = make_classification(n_samples=2000, n_features=10, n_informative=5,
                           weights=[0.9], flip_y=0.01, random_state=0)
Xc = np.digitize(X, [-0.5, 0.5]).astype(str)
name = sys.argv[1]
if name == "SMOTEN":
    SMOTEN(random_state=0).fit_resample(Xc, y)
    # a balanced table: 1,000 rows per class
    SMOTEN(random_state=0).fit_resample(Xc, (np.arange(2000) % 2 == 0).astype(int))
else:
    KMeansSMOTE(random_state=0).fit_resample(X, y)
    KMeansSMOTE(random_state=0, kmeans_estimator=3).fit_resample(X, y)
compiled = sorted(
    name for name, kernel in _warmup._kernels().items() if kernel.signatures
)
json.dump(compiled, sys.stdout)
"""


@pytest.mark.parametrize("name", ["SMOTEN", "KMeansSMOTE"])
def test_small_first_call_compiles_no_kernel(name, tmp_path):
    done = run_fresh(COLD_SCRIPT, tmp_path, name)
    assert json.loads(done.stdout) == []
    assert "compiling numba kernels" not in done.stderr
    assert not any(tmp_path.rglob("*.nbi")), "something was compiled and cached"


NOTICE_SCRIPT = """
import numpy as np
from imbalance_kit._numba import _vdm
from imbalance_kit.over_sampling import SMOTEN
_vdm.KERNEL_SIZES = (0, 0, 0)  # the kernel even for a tiny call
X = np.array(list("abcd"))[np.arange(60) % 3 + (np.arange(60) > 40)].reshape(30, 2)
y = (np.arange(30) < 8).astype(int)
for _ in range(2):
    SMOTEN(random_state=0).fit_resample(X, y)
assert _vdm.vdm_kneighbors.signatures
"""


def test_kernel_path_taken_cold_says_so_once(tmp_path):
    stderr = run_fresh(NOTICE_SCRIPT, tmp_path).stderr
    notices = [line for line in stderr.splitlines() if "compiling numba" in line]
    assert len(notices) == 1 and "SMOTEN" in notices[0], stderr
