"""The SMOTE variants beyond imbalanced-learn, against their papers' definitions."""

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse
from sklearn.datasets import make_classification

from imbalance_kit._numba._ccr import ccr_spheres
from imbalance_kit._numba._lvq import lvq1
from imbalance_kit.neighbors import NearestNeighbors
from imbalance_kit.over_sampling import (
    CCR,
    LVQSMOTE,
    SMOBD,
    AssembledSMOTE,
    GeometricSMOTE,
    LeeSMOTE,
    PolynomFitSMOTE,
    ProWSyn,
    SafeLevelSMOTE,
)
from imbalance_kit.over_sampling._assembled import assemble_clusters
from imbalance_kit.over_sampling._geometric import geometric_points
from imbalance_kit.over_sampling._lvq_smote import offset_matches
from imbalance_kit.over_sampling._prowsyn import proximity_levels
from imbalance_kit.over_sampling._smobd import density_factors
from tests.naive import density as naive_density
from tests.naive.allocation import hamilton
from tests.naive.ccr import sphere_radius, spheres
from tests.naive.knn import kneighbors

VARIANTS = [
    PolynomFitSMOTE(topology="star"),
    PolynomFitSMOTE(topology="bus"),
    PolynomFitSMOTE(topology="mesh"),
    PolynomFitSMOTE(topology="polynomial", degree=3),
    SafeLevelSMOTE(),
    LeeSMOTE(),
    ProWSyn(),
    GeometricSMOTE(),
    CCR(translate=False),
    AssembledSMOTE(),
    SMOBD(),
    LVQSMOTE(),
]


def imbalanced(n=300, n_classes=2, seed=0):
    weights = [0.8, 0.2] if n_classes == 2 else [0.6, 0.25, 0.15]
    return make_classification(
        n_samples=n,
        n_features=4,
        n_informative=3,
        n_redundant=0,
        n_classes=n_classes,
        weights=weights,
        random_state=seed,
    )


def on_segment(point, a, b, atol=1e-9):
    """Whether ``point`` lies on the segment ``a -> b``."""
    d = b - a
    length2 = d @ d
    if length2 == 0:
        return np.allclose(point, a, atol=atol)
    t = (point - a) @ d / length2
    return -atol <= t <= 1 + atol and np.allclose(a + t * d, point, atol=atol)


@pytest.mark.parametrize("sampler", VARIANTS, ids=lambda s: repr(s))
@pytest.mark.parametrize("n_classes", [2, 3])
def test_counts_reproducibility_and_originals_kept(sampler, n_classes):
    X, y = imbalanced(n_classes=n_classes)
    sampler = sampler.set_params(random_state=3)
    X_res, y_res = sampler.fit_resample(X, y)
    counts = np.bincount(y_res)
    assert (counts == counts.max()).all()
    np.testing.assert_array_equal(X_res[: len(X)], X)
    np.testing.assert_array_equal(y_res[: len(y)], y)
    again = sampler.fit_resample(X, y)[0]
    np.testing.assert_array_equal(X_res, again)
    assert np.isfinite(X_res).all()


@pytest.mark.parametrize("sampler", VARIANTS, ids=lambda s: repr(s))
def test_pandas_and_sparse_round_trip(sampler):
    X, y = imbalanced()
    sampler = sampler.set_params(random_state=0)
    dense = sampler.fit_resample(X, y)[0]
    frame = pd.DataFrame(X, columns=list("abcd"))
    X_frame, y_series = sampler.fit_resample(frame, pd.Series(y, name="target"))
    assert list(X_frame.columns) == list("abcd") and y_series.name == "target"
    np.testing.assert_allclose(X_frame.to_numpy(), dense)
    X_sparse = sampler.fit_resample(sparse.csr_matrix(X), y)[0]
    assert sparse.issparse(X_sparse) and X_sparse.format == "csr"
    np.testing.assert_allclose(X_sparse.toarray(), dense)


# --- polynom-fit-SMOTE -------------------------------------------------------


def test_star_points_are_evenly_spaced_towards_the_centroid():
    X, y = imbalanced()
    X_res, _ = PolynomFitSMOTE(topology="star", random_state=0).fit_resample(X, y)
    minority = X[y == 1]
    centre = minority.mean(axis=0)
    new = X_res[len(X) :]
    n_new = len(new)
    per_segment = n_new // len(minority)
    # (x_i + t (c - x_i)) solved for x_i: every point comes from one segment
    used = []
    for point in new:
        hits = [i for i, x in enumerate(minority) if on_segment(point, x, centre)]
        assert hits, "a star sample off every segment"
        used.append(hits[0])
    counts = np.bincount(used, minlength=len(minority))
    assert set(counts) <= {per_segment, per_segment + 1}
    # evenly spaced: the fractions on a segment are j / (q + 1)
    for i in np.flatnonzero(counts):
        pts = new[np.array(used) == i]
        t = np.sort((pts - minority[i]) @ (centre - minority[i]))
        t /= (centre - minority[i]) @ (centre - minority[i])
        q = len(pts)
        np.testing.assert_allclose(t, np.arange(1, q + 1) / (q + 1), atol=1e-9)


def test_bus_and_mesh_points_lie_between_class_members():
    X, y = imbalanced()
    minority = X[y == 1]
    # the chain along the first principal component, by scikit-learn's PCA
    # (its sign does not matter: a reversed chain has the same segments)
    from sklearn.decomposition import PCA

    chain = minority[np.argsort(PCA(n_components=1).fit_transform(minority)[:, 0])]
    bus = PolynomFitSMOTE(topology="bus", random_state=0).fit_resample(X, y)[0]
    for point in bus[len(X) :]:
        assert any(
            on_segment(point, a, b) for a, b in zip(chain[:-1], chain[1:], strict=True)
        )
    mesh = PolynomFitSMOTE(topology="mesh", random_state=0).fit_resample(X, y)[0]
    new = mesh[len(X) :]
    # fewer samples than pairs: one midpoint each, of distinct pairs
    midpoints = (minority[:, None, :] + minority[None, :, :]) / 2
    for point in new:
        assert np.isclose(midpoints, point).all(axis=2).any()
    assert len(np.unique(new.round(12), axis=0)) == len(new)


def test_chain_does_not_depend_on_row_order():
    X, y = imbalanced()
    perm = np.random.default_rng(0).permutation(len(y))
    for topology in ("bus", "polynomial"):
        sampler = PolynomFitSMOTE(topology=topology, random_state=0)
        a = sampler.fit_resample(X, y)[0][len(X) :]
        b = sampler.fit_resample(X[perm], y[perm])[0][len(X) :]
        np.testing.assert_allclose(a, b, atol=1e-9)


def test_polynomial_topology_recovers_a_curve_through_the_class():
    # every feature increases with t, so the principal order is the curve's
    t = np.linspace(0.0, 1.0, 12)
    minority = np.column_stack([t, 0.5 * t**2 + 0.1 * t, 0.2 * t**3])
    majority = np.random.default_rng(0).normal(5.0, 1.0, size=(40, 3))
    X = np.vstack([minority, majority])
    y = np.r_[np.ones(12, int), np.zeros(40, int)]
    sampler = PolynomFitSMOTE(topology="polynomial", degree=3, random_state=0)
    new = sampler.fit_resample(X, y)[0][len(X) :]
    # the fitted cubic is exact: new points satisfy the curve's equations
    s = new[:, 0]
    np.testing.assert_allclose(new[:, 1], 0.5 * s**2 + 0.1 * s, atol=1e-8)
    np.testing.assert_allclose(new[:, 2], 0.2 * s**3, atol=1e-8)
    assert (s >= -1e-9).all() and (s <= 1 + 1e-9).all()


# --- Safe-Level-SMOTE --------------------------------------------------------


def knn_exclude_self(X, k):
    return kneighbors(X, X, k, self_idx=np.arange(len(X)))[1]


def safe_levels(X, y, target, k):
    """Naive: same-class count among the k nearest (self excluded) of each row."""
    return (y[knn_exclude_self(X, k)] == target).sum(axis=1)


def test_safe_level_gaps_follow_the_five_cases():
    X, y = imbalanced(n=200, seed=1)
    k = 5
    sampler = SafeLevelSMOTE(k_neighbors=k, random_state=0)
    new = sampler.fit_resample(X, y)[0][len(X) :]
    level = safe_levels(X, y, 1, k)
    neighbours = knn_exclude_self(X, k)
    for s in new:
        explained = False
        for p in np.flatnonzero(y == 1):
            for n in neighbours[p]:
                slp, sln = level[p], level[n]
                if slp == 0 and sln == 0:
                    continue
                d = X[n] - X[p]
                gap = (s - X[p]) / d
                if sln == 0:
                    ok = np.allclose(s, X[p])
                elif slp == sln:
                    ok = ((gap >= -1e-12) & (gap <= 1 + 1e-12)).all()
                elif slp > sln:
                    ok = ((gap >= -1e-12) & (gap <= sln / slp + 1e-12)).all()
                else:
                    ok = ((gap >= 1 - slp / sln - 1e-12) & (gap <= 1 + 1e-12)).all()
                if ok:
                    explained = True
                    break
            if explained:
                break
        assert explained, f"synthetic sample {s} fits no (p, n) pair"


def test_safe_level_without_a_usable_pair_says_why():
    # each minority point beside a tight majority cluster: its neighbours are
    # all majority, and theirs too
    rng = np.random.default_rng(0)
    minority = np.array([[0.0, 0.0], [100.0, 100.0], [-100.0, 50.0]])
    majority = np.vstack(
        [m + 1.0 + rng.normal(scale=0.01, size=(8, 2)) for m in minority]
    )
    X = np.vstack([minority, majority])
    y = np.r_[np.ones(3, int), np.zeros(24, int)]
    with pytest.raises(ValueError, match="no usable pair"):
        SafeLevelSMOTE(k_neighbors=3, random_state=0).fit_resample(X, y)


# --- Lee ---------------------------------------------------------------------


def test_lee_keeps_only_candidates_outside_the_other_classes():
    X, y = imbalanced(n=300, seed=2)
    sampler = LeeSMOTE(m_neighbors=5, rejection_level=0.5, random_state=0)
    new = sampler.fit_resample(X, y)[0][len(X) :]
    found = kneighbors(X, new, 5)[1]  # brute force, independent of our engine
    other = (y[found] != 1).mean(axis=1)
    assert (other < sampler.rejection_level_[1]).all()
    assert sampler.rejection_level_[1] == 0.5
    # still SMOTE samples: on segments between class members
    minority = X[y == 1]
    for point in new[:20]:
        assert any(on_segment(point, a, b) for a in minority for b in minority)


def test_lee_raises_an_impossible_level_and_warns():
    X, y = imbalanced(n=200, seed=3)
    sampler = LeeSMOTE(rejection_level=0.0, random_state=0)
    with pytest.warns(UserWarning, match="raised to"):
        X_res, y_res = sampler.fit_resample(X, y)
    assert sampler.rejection_level_[1] > 0.0
    assert np.bincount(y_res)[1] == np.bincount(y_res)[0]


# --- ProWSyn -----------------------------------------------------------------


def line_data():
    """Majority at 0, minority at 1..8 on a line."""
    X = np.r_[[0.0, -0.5], np.arange(1.0, 9.0)][:, None]
    y = np.r_[[0, 0], np.ones(8, int)]
    extra = np.full((10, 1), -3.0) + np.arange(10)[:, None] * -0.1
    return np.vstack([X, extra]), np.r_[y, np.zeros(10, int)]


def test_proximity_levels_peel_the_class_from_the_border():
    X, y = line_data()
    nn = NearestNeighbors(n_neighbors=3)  # K = 2
    level = proximity_levels(X, y == 1, nn, n_levels=3)
    np.testing.assert_array_equal(level, [1, 1, 2, 2, 3, 3, 4, 4])


def test_prowsyn_shares_follow_the_level_weights():
    X, y = line_data()
    theta = 0.7
    sampler = ProWSyn(n_neighbors=2, n_levels=3, theta=theta, random_state=0)
    new = sampler.fit_resample(X, y)[0][len(X) :, 0]
    expected = hamilton(len(new), np.exp(-theta * np.arange(4)).tolist())
    # level l holds the minority points 2l-1 and 2l: samples lie between them
    counts = [np.sum((new >= 2 * lv - 1) & (new <= 2 * lv)) for lv in range(1, 5)]
    np.testing.assert_array_equal(counts, expected)
    assert sum(counts) == len(new)


def test_errors_name_the_parameter():
    X, y = imbalanced()
    with pytest.raises(ValueError, match="topology"):
        PolynomFitSMOTE(topology="ring").fit_resample(X, y)
    tiny = np.r_[X[y == 0][:10], X[y == 1][:1]]
    ty = np.r_[np.zeros(10, int), [1]]
    with pytest.raises(ValueError, match="at least 2 samples of class"):
        PolynomFitSMOTE(topology="bus").fit_resample(tiny, ty)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = PolynomFitSMOTE(topology="star").fit_resample(tiny, ty)[0]
    np.testing.assert_array_equal(out[11:], np.tile(tiny[10], (9, 1)))
    with pytest.raises(ValueError, match="k_neighbors"):
        LeeSMOTE(k_neighbors=5).fit_resample(tiny, ty)


# --- CCR ---------------------------------------------------------------------


def test_ccr_kernel_equals_the_naive_sphere_growth():
    rng = np.random.default_rng(0)
    X_class = rng.normal(size=(30, 3))
    X_other = np.round(rng.normal(size=(200, 3)), 1)  # ties in distance
    for energy in (0.2, 1.0, 5.0):
        shift = np.zeros_like(X_other)
        radii = ccr_spheres(X_class, X_other, energy, shift)
        naive_radii, naive_shift = spheres(X_class, X_other, energy)
        np.testing.assert_allclose(radii, naive_radii, rtol=1e-12)
        np.testing.assert_allclose(shift, naive_shift, atol=1e-12)


def test_sphere_radius_spends_the_energy():
    assert sphere_radius(np.array([1.0, 2.0, 10.0]), 1.0) == (1.0, 0)
    radius, inside = sphere_radius(np.array([1.0, 2.0, 10.0]), 1.5)
    assert (radius, inside) == (1.25, 1)
    # nothing in the way: all the energy goes into the radius
    assert sphere_radius(np.array([]), 0.7) == (0.7, 0)


def ccr_data():
    """Two minority points far apart, each with majority points around."""
    rng = np.random.default_rng(0)
    minority = np.array([[0.0, 0.0], [50.0, 50.0]])
    majority = np.vstack(
        [m + rng.uniform(-0.6, 0.6, size=(6, 2)) for m in minority]
        + [rng.uniform(20, 30, size=(12, 2))]
    )
    X = np.vstack([minority, majority])
    y = np.r_[[1, 1], np.zeros(len(majority), int)]
    return X, y


def test_ccr_pushes_others_to_the_sphere_and_samples_inside_it():
    X, y = ccr_data()
    sampler = CCR(energy=0.5, random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    radii = sampler.radii_[1]
    minority = X[:2]
    moved = X_res[2 : len(X)]
    outside_all = np.ones(len(moved), bool)
    for centre, radius in zip(minority, radii, strict=True):
        before = np.abs(X[2:] - centre).sum(axis=1)
        after = np.abs(moved - centre).sum(axis=1)
        inside = before < radius
        np.testing.assert_allclose(after[inside], radius)  # on the surface
        outside_all &= ~inside
    np.testing.assert_array_equal(moved[outside_all], X[2:][outside_all])
    assert not outside_all.all()
    new = X_res[len(X) :]
    owner = np.argmin(np.abs(new[:, None, :] - minority[None]).sum(axis=2), axis=1)
    dist = np.abs(new - minority[owner]).sum(axis=1)
    assert (dist <= radii[owner] + 1e-12).all()
    expected = hamilton(len(new), (1.0 / radii).tolist())
    np.testing.assert_array_equal(np.bincount(owner, minlength=2), expected)
    untouched = CCR(energy=0.5, translate=False, random_state=0).fit_resample(X, y)
    np.testing.assert_array_equal(untouched[0][: len(X)], X)
    np.testing.assert_array_equal(untouched[0][len(X) :], new)


# --- Geometric SMOTE -----------------------------------------------------------


def test_geometric_points_respect_truncation_and_deformation():
    rng = np.random.default_rng(0)
    centers = rng.normal(size=(500, 3))
    surfaces = centers + rng.normal(size=(500, 3))
    radius = np.linalg.norm(surfaces - centers, axis=1)
    rs = np.random.RandomState(0)
    ball = geometric_points(centers, surfaces, 0.0, 0.0, rs)
    assert (np.linalg.norm(ball - centers, axis=1) <= radius + 1e-12).all()
    half = geometric_points(centers, surfaces, 1.0, 0.0, rs)
    assert (((half - centers) * (surfaces - centers)).sum(axis=1) >= -1e-12).all()
    other_half = geometric_points(centers, surfaces, -1.0, 0.0, rs)
    assert (((other_half - centers) * (surfaces - centers)).sum(axis=1) <= 1e-12).all()
    segment = geometric_points(centers, surfaces, 1.0, 1.0, rs)
    for point, a, b in zip(segment[:50], centers, surfaces, strict=False):
        assert on_segment(point, a, b)


@pytest.mark.parametrize("strategy", ["minority", "majority", "combined"])
def test_geometric_smote_surfaces_follow_the_selection_strategy(strategy):
    X, y = imbalanced(n=200, seed=4)
    sampler = GeometricSMOTE(
        selection_strategy=strategy, deformation_factor=1.0, random_state=0
    )
    new = sampler.fit_resample(X, y)[0][len(X) :]
    minority, others = X[y == 1], X[y == 0]
    nearest_other = others[
        np.argmin(((minority[:, None] - others[None]) ** 2).sum(axis=2), axis=1)
    ]
    within = knn_exclude_self(minority, 5)
    for point in new[:30]:
        options = []
        for c in range(len(minority)):
            if strategy != "majority":
                options += [(c, minority[n]) for n in within[c]]
            if strategy != "minority":
                options.append((c, nearest_other[c]))
        assert any(on_segment(point, minority[c], s) for c, s in options)


# --- Assembled-SMOTE ------------------------------------------------------------


def test_assembled_clusters_join_small_or_aligned_groups_only():
    line = np.arange(5.0)
    a = np.column_stack([line, np.zeros(5)])  # horizontal
    b = np.column_stack([line, np.full(5, 30.0)])  # horizontal, far away
    c = np.column_stack([np.full(5, 6.0), 1.0 + line])  # vertical, near a's end
    labels = assemble_clusters(np.vstack([a, b, c]), min_size=2, alignment=0.3)
    assert len(set(labels[:5])) == len(set(labels[5:10])) == len(set(labels[10:])) == 1
    assert labels[0] == labels[5]  # aligned: merged however far
    assert labels[0] != labels[10]  # perpendicular and both large: kept apart
    # with a threshold no pair passes, only the small-cluster rule merges
    strict = assemble_clusters(np.vstack([a, c]), min_size=2, alignment=1.0)
    assert len(set(strict)) == 2


def test_assembled_smote_interpolates_within_a_cluster():
    X, y = imbalanced(n=300, seed=5)
    sampler = AssembledSMOTE(random_state=0)
    new = sampler.fit_resample(X, y)[0][len(X) :]
    labels = sampler.clusters_[1]
    minority = X[y == 1]
    nn_all = knn_exclude_self(X, 5)
    border = (y[nn_all[y == 1]] != 1).any(axis=1)
    np.testing.assert_array_equal(labels == -1, ~border)
    groups = [minority[labels == lab] for lab in np.unique(labels)]
    for point in new[:40]:
        assert any(
            on_segment(point, p, q) for g in groups for p in g for q in g if len(g) > 1
        )


# --- SMOBD -------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(6, 25),
    min_samples=st.integers(2, 5),
    eta=st.floats(0, 1),
    duplicates=st.booleans(),
    seed=st.integers(0, 2**16),
)
def test_density_factors_equal_the_naive_definition(
    n, min_samples, eta, duplicates, seed
):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3))
    if duplicates:
        X[1] = X[0]
        X[n - 1] = X[2]
    for eps in (None, 0.8):
        got = density_factors(X, min_samples, eps, eta, 1.5)
        want = naive_density.smobd_factors(X, min_samples, eps, eta, 1.5)
        np.testing.assert_allclose(got[0], want[0], atol=1e-12)
        np.testing.assert_array_equal(got[1], want[1])


def test_smobd_outlier_is_noise_and_never_generates():
    rng = np.random.default_rng(0)
    cluster = rng.normal(scale=0.1, size=(12, 2))
    outlier = np.array([[4.0, 4.0]])
    majority = rng.normal(loc=(-3.0, 0.0), size=(60, 2))
    X = np.r_[majority, cluster, outlier]
    y = np.r_[np.zeros(60, int), np.ones(13, int)]
    sampler = SMOBD(random_state=0, k_neighbors=3)
    X_res, y_res = sampler.fit_resample(X, y)
    noise = sampler.noise_[1]
    np.testing.assert_array_equal(noise, np.r_[np.zeros(12, bool), [True]])
    assert sampler.density_factors_[1][-1] == 0.0
    members = X[y == 1]
    nn = kneighbors(members, members, 3, self_idx=np.arange(13))[1]
    for point in X_res[len(X) :]:
        # on a segment from a non-noise member to one of its 3 nearest members
        assert any(
            on_segment(point, members[i], members[j]) for i in range(12) for j in nn[i]
        )
        assert np.linalg.norm(point - outlier[0]) > 1.0


def test_smobd_bases_are_drawn_in_proportion_to_the_density_factor():
    # two far-apart groups of a class; with k_neighbors=1 every synthetic
    # point stays in the group of its base, so the group shares must follow
    # the summed density factors
    rng = np.random.default_rng(1)
    tight = rng.normal(scale=0.05, size=(8, 2))
    loose = rng.normal(loc=(10.0, 0.0), scale=0.5, size=(6, 2))
    X = np.r_[rng.normal(loc=(5.0, 8.0), size=(2014, 2)), tight, loose]
    y = np.r_[np.zeros(2014, int), np.ones(14, int)]
    sampler = SMOBD(random_state=0, k_neighbors=1, min_samples=3, noise_factor=10.0)
    X_new = sampler.fit_resample(X, y)[0][len(X) :]
    factor = sampler.density_factors_[1]
    share = factor[:8].sum() / factor.sum()
    observed = np.mean(X_new[:, 0] < 5.0)
    n = len(X_new)
    assert abs(observed - share) < 4 * np.sqrt(share * (1 - share) / n)


def test_smobd_errors_name_the_parameter():
    X, y = imbalanced()
    with pytest.raises(ValueError, match="noise_factor"):
        SMOBD(noise_factor=0.0).fit_resample(X, y)
    tiny = np.r_[X[y == 0][:10], X[y == 1][:3]]
    ty = np.r_[np.zeros(10, int), np.ones(3, int)]
    with pytest.raises(ValueError, match="min_samples=5"):
        SMOBD(k_neighbors=2).fit_resample(tiny, ty)
    with pytest.raises(ValueError, match="eta"):
        SMOBD(eta=1.5).fit_resample(X, y)


# --- LVQ-SMOTE ---------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(n=st.integers(2, 30), m=st.integers(1, 6), seed=st.integers(0, 2**16))
def test_lvq1_kernel_equals_the_naive_update(n, m, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3))
    is_target = rng.random(n) < 0.4
    prototypes = rng.normal(size=(m, 3))
    proto_target = rng.random(m) < 0.5
    order = rng.integers(0, n, size=3 * n)
    want = naive_density.lvq1(X, is_target, prototypes, proto_target, order, 0.1)
    got = prototypes.copy()
    lvq1(X, is_target, got, proto_target, order.astype(np.int64), 0.1)
    np.testing.assert_allclose(got, want, atol=1e-12)


def test_offset_matches_pick_the_parallel_pair():
    square = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [5.0, 7.0]])
    match = offset_matches(square)
    # (0 -> 1) is the bottom edge; the top edge (2 -> 3) has the same offset,
    # and 2 plays the part of 0
    assert match[0, 1] == 2 and match[2, 3] == 0 and match[1, 0] == 3
    rng = np.random.default_rng(0)
    codebooks = rng.normal(size=(7, 3))
    match = offset_matches(codebooks)
    for a in range(7):
        for b in range(7):
            if a != b:
                assert match[a, b] == naive_density.offset_match(codebooks, a, b)


def _previous_offset_matches(codebooks):
    """The all-pairs-at-once matching this module used before (m**4 memory)."""
    m = len(codebooks)
    offsets = (codebooks[:, None, :] - codebooks[None, :, :]).reshape(m * m, -1)
    norms = np.einsum("pd,pd->p", offsets, offsets)
    gaps = norms[:, None] + norms[None, :] - 2.0 * offsets @ offsets.T
    a, b = np.divmod(np.arange(m * m), m)
    shared = (
        (a[:, None] == a[None, :])
        | (a[:, None] == b[None, :])
        | (b[:, None] == a[None, :])
        | (b[:, None] == b[None, :])
    )
    gaps[shared] = np.inf
    gaps[:, a == b] = np.inf
    match = a[np.argmin(gaps, axis=1)].reshape(m, m)
    np.fill_diagonal(match, -1)
    return match


@pytest.mark.parametrize("block_size", [None, 1, 7])
def test_offset_matches_in_blocks_equal_brute_force_and_the_previous_matching(
    block_size,
):
    rng = np.random.default_rng(1)
    for m, d in [(4, 2), (6, 3), (9, 1), (12, 5)]:
        codebooks = rng.normal(size=(m, d))
        match = offset_matches(codebooks, block_size=block_size)
        np.testing.assert_array_equal(match, _previous_offset_matches(codebooks))
        assert (np.diag(match) == -1).all()
        for a in range(m):
            for b in range(m):
                if a != b:
                    assert match[a, b] == naive_density.offset_match(codebooks, a, b)


def _peak_bytes(fn):
    import tracemalloc

    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def test_offset_matches_memory_grows_as_m_squared_not_m_to_the_fourth():
    rng = np.random.default_rng(0)
    small, large = rng.normal(size=(40, 4)), rng.normal(size=(80, 4))
    # one pair per block: the rest is the m**2 offsets, so doubling m about
    # quadruples the peak (m**3 would be 8 times, m**4 16 times)
    ratio = _peak_bytes(lambda: offset_matches(large, block_size=1)) / _peak_bytes(
        lambda: offset_matches(small, block_size=1)
    )
    assert 2 < ratio < 6, ratio
    # the default blocks: all gaps at once would be 80**4 float64 = 328 MB
    # (plus as large masks); blocks of about a million numbers stay far below
    assert _peak_bytes(lambda: offset_matches(large)) < 40e6


def test_lvq_smote_transplants_a_real_offset_between_matched_codebooks():
    X, y = imbalanced(seed=2)
    sampler = LVQSMOTE(random_state=0, n_codebooks=6, n_neighbors=3)
    X_new = sampler.fit_resample(X, y)[0][len(X) :]
    codebooks = sampler.codebooks_[1]
    match = sampler.offset_matches_[1]
    members = X[y == 1]
    near = kneighbors(members, codebooks, 3)[1]
    for point in X_new[:60]:
        explained = False
        for a in range(6):
            for b in range(6):
                if a == b:
                    continue
                i = match[a, b]
                offsets = members[near[i]] - codebooks[i]
                if np.any(
                    np.all(np.abs(codebooks[a] + offsets - point) < 1e-9, axis=1)
                ):
                    explained = True
        assert explained


def test_lvq_codebook_is_trained_towards_its_class():
    rng = np.random.default_rng(0)
    X = np.r_[rng.normal(size=(200, 2)), rng.normal(loc=(6.0, 0.0), size=(40, 2))]
    y = np.r_[np.zeros(200, int), np.ones(40, int)]
    sampler = LVQSMOTE(random_state=0)
    sampler.fit_resample(X, y)
    # same seed, so the same starting rows
    frozen = LVQSMOTE(random_state=0, learning_rate=1e-12)
    frozen.fit_resample(X, y)
    # a vanishing rate leaves the codebook on real samples of the class
    members = X[y == 1]
    dist = np.sqrt(((frozen.codebooks_[1][:, None] - members[None]) ** 2).sum(-1))
    assert np.allclose(dist.min(axis=1), 0.0, atol=1e-9)
    # training is online vector quantisation of the class: every member ends
    # closer, on average, to its nearest codebook vector

    def quantisation_error(codebooks):
        gaps = ((members[:, None] - codebooks[None]) ** 2).sum(-1)
        return np.sqrt(gaps.min(axis=1)).mean()

    assert quantisation_error(sampler.codebooks_[1]) < quantisation_error(
        frozen.codebooks_[1]
    )


def test_lvq_smote_needs_four_class_samples():
    X, y = imbalanced()
    tiny = np.r_[X[y == 0][:10], X[y == 1][:3]]
    ty = np.r_[np.zeros(10, int), np.ones(3, int)]
    with pytest.raises(ValueError, match="at least 4 samples of class 1"):
        LVQSMOTE().fit_resample(tiny, ty)
    with pytest.raises(ValueError, match="n_codebooks"):
        LVQSMOTE(n_codebooks=3).fit_resample(X, y)
