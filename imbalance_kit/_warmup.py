"""``python -m imbalance_kit warmup``: compile every numba kernel into the cache.

Small calls run numpy paths and never wait for the compiler; large calls
compile the kernels they need once per machine. A Docker image or a CI cache
that runs this once starts with every kernel compiled.
"""

import importlib
import pkgutil
import sys
import time
import warnings

import numpy as np


def _kernels():
    """Every numba dispatcher defined in ``imbalance_kit._numba``."""
    from numba.core.registry import CPUDispatcher

    from . import _numba

    found = {}
    for info in pkgutil.iter_modules(_numba.__path__):
        module = importlib.import_module(f"{_numba.__name__}.{info.name}")
        for name, value in vars(module).items():
            if isinstance(value, CPUDispatcher) and value.__module__ == module.__name__:
                found[f"{info.name}.{name}"] = value
    return found


def _estimator_calls():
    """Tiny fits of every public sampler and ordinal model (their kernels)."""
    from . import ordinal, over_sampling, under_sampling

    rng = np.random.default_rng(0)
    X = rng.standard_normal((120, 4))
    y = (rng.uniform(size=120) < 0.3).astype(int)
    y_ordinal = np.digitize(X[:, 0] + rng.logistic(size=120) * 0.5, [-0.5, 0.5])
    X_mixed = np.column_stack([X[:, :3], rng.integers(0, 3, 120)])
    needs = {"SMOTENC": ({"categorical_features": [3]}, X_mixed)}
    for module in (over_sampling, under_sampling):
        for name in module.__all__:
            params, data = needs.get(name, ({}, X))
            yield (
                name,
                lambda name=name, module=module, params=params, data=data: getattr(
                    module, name
                )(**params).fit_resample(data, y),
            )
    for name in ordinal.__all__:
        cls = getattr(ordinal, name)
        if not hasattr(cls, "fit"):
            continue
        # every solver a model offers has its own kernels
        solvers = [None]
        for constraint in getattr(cls, "_parameter_constraints", {}).get("solver", []):
            solvers = sorted(getattr(constraint, "options", solvers))
        for solver in solvers:
            params = {} if solver is None else {"solver": solver}
            yield (
                f"{name}{params or ''}",
                lambda cls=cls, params=params: cls(**params).fit(X, y_ordinal),
            )


def run(print_=print):
    """Compile the neighbour engine's kernels and every estimator's kernels.

    Returns
    -------
    missing : list of str
        Kernels still not compiled afterwards (none when every kernel is
        reached by some estimator).
    """
    from ._numba._compile import force_engine, kernels_ready
    from ._numba._generate import interpolate
    from .neighbors import NearestNeighbors

    start = time.perf_counter()
    rng = np.random.default_rng(0)
    X = rng.standard_normal((300, 4))
    with force_engine("numba"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for algorithm in ("brute", "kd_tree"):
            nn = NearestNeighbors(n_neighbors=5, algorithm=algorithm).fit(X)
            nn.kneighbors()
            nn.kneighbors(X[:7] + 0.1)
            nn.kneighbors_of_rows(np.arange(5))
        out = np.empty((10, X.shape[1]))
        ones = np.ones(10)
        interpolate(X, np.arange(10), X, np.arange(10), ones, ones, out)
        failed = []
        for name, call in _estimator_calls():
            try:
                call()
            except Exception as exc:  # a sampler that needs parameters
                failed.append(f"{name} ({type(exc).__name__})")
    kernels = _kernels()
    missing = sorted(name for name, k in kernels.items() if not kernels_ready(k))
    some = next(iter(kernels.values()))
    print_(
        f"imbalance_kit: {len(kernels) - len(missing)} of {len(kernels)} numba "
        f"kernels compiled or loaded in {time.perf_counter() - start:.1f} s; "
        f"cache: {some._cache.cache_path}"
    )
    if missing:
        print_(
            "not reached by the warm-up (compiled on first use): " + ", ".join(missing)
        )
    if failed:
        print_("estimators that did not run on the warm-up data: " + ", ".join(failed))
    return missing


if __name__ == "__main__":
    run()
    sys.exit(0)
