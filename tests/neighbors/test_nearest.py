import numba
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import sparse
from sklearn.neighbors import NearestNeighbors as SklearnNN

from imbalance_kit.neighbors import NearestNeighbors
from tests.naive import knn as naive

ALGORITHMS = ["brute", "kd_tree"]


def random_data(n, d, seed=0, dtype=np.float64):
    return np.random.default_rng(seed).standard_normal((n, d)).astype(dtype)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize(
    "n, d, k", [(50, 1, 3), (120, 3, 5), (300, 7, 4), (257, 20, 6)]
)
def test_all_points_match_naive(algorithm, n, d, k):
    X = random_data(n, d, seed=n + d)
    dist, ind = NearestNeighbors(n_neighbors=k, algorithm=algorithm).fit(X).kneighbors()
    ref_d2, ref_ind = naive.kneighbors(X, X, k, self_idx=np.arange(n))
    np.testing.assert_array_equal(ind, ref_ind)
    np.testing.assert_allclose(dist, np.sqrt(ref_d2), rtol=1e-12)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_query_points_match_naive(algorithm):
    X = random_data(400, 5, seed=1)
    Q = random_data(37, 5, seed=2) * 1.5
    dist, ind = (
        NearestNeighbors(n_neighbors=7, algorithm=algorithm).fit(X).kneighbors(Q)
    )
    ref_d2, ref_ind = naive.kneighbors(X, Q, 7)
    np.testing.assert_array_equal(ind, ref_ind)
    np.testing.assert_allclose(dist, np.sqrt(ref_d2), rtol=1e-12)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_same_as_sklearn(algorithm, dtype):
    X = random_data(3000, 6 if algorithm == "kd_tree" else 20, seed=3, dtype=dtype)
    ours = NearestNeighbors(n_neighbors=5, algorithm=algorithm).fit(X)
    theirs = SklearnNN(n_neighbors=5).fit(X)
    d1, i1 = ours.kneighbors()
    d2, i2 = theirs.kneighbors()
    np.testing.assert_array_equal(i1, i2)
    np.testing.assert_allclose(d1, d2, rtol=1e-5 if dtype == np.float32 else 1e-9)
    Q = X[:100] + 0.01
    np.testing.assert_array_equal(ours.kneighbors(Q)[1], theirs.kneighbors(Q)[1])


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_duplicates_are_neighbours_and_self_is_excluded_by_index(algorithm):
    # every point appears three times: its two copies are its nearest neighbours
    base = random_data(40, 3, seed=4)
    X = np.vstack([base, base, base])
    ind = NearestNeighbors(n_neighbors=2, algorithm=algorithm).fit(X).kneighbors()[1]
    n = len(base)
    for i in range(len(X)):
        copies = {i % n, i % n + n, i % n + 2 * n} - {i}
        assert set(ind[i]) == copies, i


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_ties_broken_by_lower_index(algorithm):
    # integer grid: many exactly equal distances
    X = np.array([[x, y] for x in range(6) for y in range(6)], dtype=float)
    order = np.random.default_rng(5).permutation(len(X))
    X = X[order]
    dist, ind = NearestNeighbors(n_neighbors=6, algorithm=algorithm).fit(X).kneighbors()
    ref_d2, ref_ind = naive.kneighbors(X, X, 6, self_idx=np.arange(len(X)))
    np.testing.assert_array_equal(ind, ref_ind)


def test_kd_tree_and_brute_agree_exactly():
    X = np.round(random_data(2500, 4, seed=6), 1)  # rounding makes ties
    a = NearestNeighbors(n_neighbors=8, algorithm="brute").fit(X).kneighbors()
    b = NearestNeighbors(n_neighbors=8, algorithm="kd_tree").fit(X).kneighbors()
    np.testing.assert_array_equal(a[1], b[1])
    np.testing.assert_array_equal(a[0], b[0])


def test_precision_hostile_data_stays_exact():
    # far from the origin with tiny spread, plus a far-away query: float32
    # screening cannot decide these, the float64 fallback must
    rng = np.random.default_rng(7)
    X = 1e8 + rng.standard_normal((300, 4)) * 1e-3
    Q = np.vstack([X[:5] + 1e-7, np.full((1, 4), 1e60)])
    nn = NearestNeighbors(n_neighbors=4, algorithm="brute").fit(X)
    np.testing.assert_array_equal(
        nn.kneighbors()[1], naive.kneighbors(X, X, 4, np.arange(300))[1]
    )
    np.testing.assert_array_equal(nn.kneighbors(Q)[1], naive.kneighbors(X, Q, 4)[1])


def test_kneighbors_of_rows_equals_rows_of_all_points():
    X = random_data(500, 12, seed=8)
    nn = NearestNeighbors(n_neighbors=5).fit(X)
    rows = np.array([7, 0, 499, 7, 250])
    d_all, i_all = nn.kneighbors()
    d_rows, i_rows = nn.kneighbors_of_rows(rows)
    np.testing.assert_array_equal(i_rows, i_all[rows])
    np.testing.assert_allclose(d_rows, d_all[rows])


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_k_equal_n_minus_one_and_too_large(algorithm):
    X = random_data(10, 2, seed=9)
    nn = NearestNeighbors(n_neighbors=9, algorithm=algorithm).fit(X)
    ind = nn.kneighbors()[1]
    for i in range(10):
        assert sorted(ind[i]) == sorted(set(range(10)) - {i})
    with pytest.raises(ValueError, match="n_neighbors=10 is larger than the 9"):
        nn.kneighbors(n_neighbors=10)
    with pytest.raises(ValueError, match="n_neighbors=11 is larger than the 10"):
        nn.kneighbors(X, n_neighbors=11)
    assert nn.kneighbors(X, n_neighbors=10)[1].shape == (10, 10)


def test_empty_query_returns_empty_arrays():
    nn = NearestNeighbors(n_neighbors=3).fit(random_data(20, 4))
    dist, ind = nn.kneighbors(np.empty((0, 4)))
    assert dist.shape == (0, 3) and ind.shape == (0, 3)
    assert nn.kneighbors_of_rows([])[1].shape == (0, 3)


def test_bad_input_is_rejected_clearly():
    with pytest.raises(ValueError, match="NaN"):
        NearestNeighbors().fit(np.array([[0.0], [np.nan]]))
    with pytest.raises(ValueError, match="infinity"):
        NearestNeighbors().fit(np.array([[0.0], [np.inf]]))
    nn = NearestNeighbors().fit(random_data(20, 3))
    with pytest.raises(ValueError, match="3 features"):
        nn.kneighbors(random_data(2, 4))
    with pytest.raises(TypeError, match="n_neighbors must be an integer"):
        nn.kneighbors(n_neighbors=2.5)
    with pytest.raises(ValueError, match="rows must index"):
        nn.kneighbors_of_rows([20])


def test_sparse_input_matches_dense():
    # sparse search is scikit-learn's (its own tie-breaking): no ties here
    X = random_data(200, 10, seed=10)
    X[X < -0.5] = 0
    dense = NearestNeighbors(n_neighbors=4).fit(X)
    sp = NearestNeighbors(n_neighbors=4).fit(sparse.csr_matrix(X))
    assert sp.effective_algorithm_ == "sparse_brute"
    np.testing.assert_array_equal(sp.kneighbors()[1], dense.kneighbors()[1])
    np.testing.assert_array_equal(
        sp.kneighbors_of_rows([3, 5])[1], dense.kneighbors_of_rows([3, 5])[1]
    )


def test_kneighbors_graph_matches_sklearn():
    X = random_data(80, 3, seed=11)
    for mode in ["connectivity", "distance"]:
        ours = NearestNeighbors(n_neighbors=3).fit(X).kneighbors_graph(mode=mode)
        theirs = SklearnNN(n_neighbors=3).fit(X).kneighbors_graph(mode=mode)
        np.testing.assert_allclose(ours.toarray(), theirs.toarray())


def test_auto_picks_kd_tree_in_low_dimension_only():
    assert (
        NearestNeighbors().fit(random_data(5000, 3)).effective_algorithm_ == "kd_tree"
    )
    assert NearestNeighbors().fit(random_data(5000, 20)).effective_algorithm_ == "brute"
    assert NearestNeighbors().fit(random_data(100, 3)).effective_algorithm_ == "brute"


def test_n_jobs_restores_numba_threads():
    before = numba.get_num_threads()
    X = random_data(300, 5)
    one = NearestNeighbors(n_jobs=1).fit(X).kneighbors()[1]
    assert numba.get_num_threads() == before
    np.testing.assert_array_equal(
        one, NearestNeighbors(n_jobs=-1).fit(X).kneighbors()[1]
    )


# Small values on a coarse grid make duplicates and exact ties likely.
small_data = st.integers(min_value=2, max_value=40).flatmap(
    lambda n: st.tuples(
        arrays(
            np.float64,
            st.tuples(st.just(n), st.integers(1, 5)),
            elements=st.integers(-3, 3).map(float),
        ),
        st.integers(1, n - 1),
    )
)


@settings(max_examples=60, deadline=None)
@given(data=small_data, algorithm=st.sampled_from(ALGORITHMS))
def test_property_matches_naive_with_duplicates_and_ties(data, algorithm):
    X, k = data
    nn = NearestNeighbors(n_neighbors=k, algorithm=algorithm, leaf_size=2).fit(X)
    dist, ind = nn.kneighbors()
    ref_d2, ref_ind = naive.kneighbors(X, X, k, self_idx=np.arange(len(X)))
    np.testing.assert_array_equal(ind, ref_ind)
    np.testing.assert_array_equal(dist, np.sqrt(ref_d2))
    assert (ind != np.arange(len(X))[:, None]).all()


@settings(max_examples=40, deadline=None)
@given(
    X=arrays(
        np.float64,
        st.tuples(st.integers(2, 60), st.integers(1, 8)),
        elements=st.floats(-1e6, 1e6, allow_nan=False, width=32),
    ),
    seed=st.integers(0, 2**16),
)
def test_property_brute_exact_on_wide_ranges(X, seed):
    k = min(3, len(X) - 1)
    Q = X[np.random.default_rng(seed).integers(0, len(X), 5)] * 0.5
    nn = NearestNeighbors(n_neighbors=k, algorithm="brute").fit(X)
    np.testing.assert_array_equal(
        nn.kneighbors()[1], naive.kneighbors(X, X, k, np.arange(len(X)))[1]
    )
    np.testing.assert_array_equal(nn.kneighbors(Q)[1], naive.kneighbors(X, Q, k)[1])
