"""Numpy twins of CCR's and SMOBD's kernels: the same results bit for bit.

Small calls run the twins (no compilation); the kernels take over above a
measured size. Ties (integer-valued and duplicated rows, distances exactly at
the energy or the radius) are where an order of summation or of sorting would
show, so the strategies produce many of them.
"""

import json

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from imbalance_kit._numba import _ccr, _density
from imbalance_kit._numba._compile import force_engine
from tests._fresh_process import run_fresh
from tests.naive import density as naive_density
from tests.naive.ccr import spheres


def points(rng, n, p, kind):
    if kind == "integers":  # many equal distances
        return rng.integers(-2, 3, size=(n, p)).astype(float)
    if kind == "duplicates":  # zero distances
        base = rng.normal(size=(max(n // 3, 1), p))
        return base[rng.integers(0, len(base), size=n)]
    scale = {"normal": 1.0, "tiny": 1e-150, "huge": 1e150}[kind]
    return rng.normal(size=(n, p)) * scale


KINDS = ["integers", "duplicates", "normal", "tiny", "huge"]


@settings(max_examples=80, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n_class=st.integers(1, 30),
    n_other=st.integers(1, 60),
    p=st.integers(1, 6),
    kind=st.sampled_from(KINDS),
    energy_quantile=st.sampled_from([0.0, 0.1, 0.5, 1.0, 3.0]),
)
def test_ccr_twin_equals_the_kernel(seed, n_class, n_other, p, kind, energy_quantile):
    rng = np.random.default_rng(seed)
    X_class, X_other = points(rng, n_class, p, kind), points(rng, n_other, p, kind)
    distances = np.abs(X_other[None] - X_class[:, None]).sum(axis=2)
    # energies equal to a distance make "s < energy" and "cost >= left" tie
    energy = float(np.quantile(distances, min(energy_quantile, 1.0)))
    energy = energy * max(energy_quantile, 1.0) or 1.0
    twin, kernel = np.zeros_like(X_other), np.zeros_like(X_other)
    radii = _ccr.ccr_spheres_numpy(X_class, X_other, energy, twin)
    expected = _ccr.ccr_spheres_kernel(X_class, X_other, energy, kernel)
    np.testing.assert_array_equal(radii, expected)
    np.testing.assert_array_equal(twin, kernel)
    if kind in ("integers", "normal"):  # and both follow the definition
        naive_radii, naive_shift = spheres(X_class, X_other, energy)
        np.testing.assert_allclose(radii, naive_radii, rtol=1e-12)
        np.testing.assert_allclose(twin, naive_shift, rtol=1e-9, atol=1e-12)


@settings(max_examples=80, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(2, 70),
    p=st.integers(1, 6),
    kind=st.sampled_from(KINDS),
    eps_from_data=st.booleans(),
)
def test_density_twin_equals_the_kernel(seed, n, p, kind, eps_from_data):
    rng = np.random.default_rng(seed)
    X = points(rng, n, p, kind)
    D = np.sqrt(((X[:, None] - X[None]) ** 2).sum(axis=2))
    core = D[rng.integers(0, n, n), rng.integers(0, n, n)]  # ties with distances
    # an eps equal to some distance puts rows exactly on the boundary
    eps = float(D[0, -1]) if eps_from_data else float(rng.uniform(0, 2) * D.max())
    reach, counts = _density.reachability_and_counts_numpy(X, core, eps)
    k_reach, k_counts = _density.reachability_and_counts_kernel(X, core, eps)
    np.testing.assert_array_equal(reach, k_reach)
    np.testing.assert_array_equal(counts, k_counts)
    assert counts.dtype == k_counts.dtype == np.int64


def test_density_twin_blocks_like_one_pass(monkeypatch):
    rng = np.random.default_rng(0)
    X = rng.integers(0, 4, size=(50, 3)).astype(float)
    core = rng.uniform(0, 2, 50)
    whole = _density.reachability_and_counts_numpy(X, core, 1.5)
    monkeypatch.setattr(_density, "BLOCK", 7)  # 50 rows in 8 blocks
    blocked = _density.reachability_and_counts_numpy(X, core, 1.5)
    for a, b in zip(whole, blocked, strict=True):
        np.testing.assert_array_equal(a, b)


def test_smobd_factors_follow_the_definition_on_either_engine():
    from imbalance_kit.over_sampling._smobd import density_factors

    rng = np.random.default_rng(3)
    X = rng.normal(size=(60, 3))
    want = naive_density.smobd_factors(X, 5, None, 0.5, 1.5)
    for engine in ("numpy", "numba"):
        with force_engine(engine):
            got = density_factors(X, 5, None, 0.5, 1.5)
        np.testing.assert_allclose(got[0], want[0], rtol=1e-12)
        np.testing.assert_array_equal(got[1], want[1])


COLD_SCRIPT = """
import json, warnings
import numpy as np
warnings.simplefilter("ignore")
from imbalance_kit._numba import _ccr, _density
from imbalance_kit.over_sampling import CCR, SMOBD
rng = np.random.default_rng(0)
X = rng.standard_normal((2000, 10))
y = (rng.uniform(size=2000) < 0.1).astype(int)
CCR(random_state=0).fit_resample(X, y)
SMOBD(random_state=0).fit_resample(X, y)
kernels = (_ccr.ccr_spheres_kernel, _density.reachability_and_counts_kernel)
print(json.dumps([k.__name__ for k in kernels if k.signatures]))
"""


def test_ccr_and_smobd_compile_nothing_on_small_data(tmp_path):
    # 2,000 x 10 with 10% minority: both used to wait 1-2 s for the compiler
    done = run_fresh(COLD_SCRIPT, tmp_path)
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
    assert "compiling numba kernels" not in done.stderr
