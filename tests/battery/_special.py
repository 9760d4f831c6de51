"""Adapters for the dask samplers and the neighbour search."""

import numpy as np

from . import _data
from ._outcome import expect, run
from ._registry import NEIGHBOUR_PARAMS, Case, _reference_sampler, sampler_run

# data cases that have a dask form (dask arrays hold no pandas categoricals,
# sparse matrices or memory layouts)
DASK_DATA = (
    "base",
    "nan_in_X",
    "inf_in_X",
    "no_rows",
    "one_class",
    "single_minority",
    "few_minority",
    "three_classes",
    "labels_str",
    "labels_bool",
    "labels_float",
    "y_short",
    "y_long",
    "X_1d",
    "no_columns",
    "constant_column",
    "rows_doubled",
    "identical_rows",
    "X_int",
    "X_float32",
    "huge_values",
    "tiny_values",
    "tiny_scale",
)


def _to_dask(y_chunks=10, numpy_y=False):
    import dask.array as da

    def convert(case):
        X = np.asarray(case.X)
        chunks = (10,) + X.shape[1:] if X.ndim == 2 else (10,)
        case.X = da.from_array(X, chunks=chunks)
        if not numpy_y:
            case.y = da.from_array(np.asarray(case.y), chunks=y_chunks)
        case.notes["dask"] = True
        return case

    return convert


def dask_cases(sub, name, cls):
    ref = _reference_sampler(name)
    cases = []
    builders = _data.data_cases()
    for case_name in DASK_DATA:
        build = builders[case_name]
        theirs = sampler_run(ref, "imblearn", name, build, ours=False) if ref else None
        cases.append(
            Case(
                sub,
                name,
                case_name,
                sampler_run(cls, sub, name, build, to_dask=_to_dask()),
                theirs,
            )
        )
    base = builders["base"]
    for case_name, convert in (
        ("y_chunks_differ", _to_dask(y_chunks=7)),
        # as many partitions as X (4 of 10 rows), other boundaries: pairing
        # partition by partition would give rows other rows' labels
        ("y_chunks_shifted", _to_dask(y_chunks=(7, 13, 10, 10))),
        ("numpy_y", _to_dask(numpy_y=True)),
    ):
        theirs = sampler_run(ref, "imblearn", name, base, ours=False) if ref else None
        cases.append(
            Case(
                sub,
                name,
                case_name,
                sampler_run(cls, sub, name, base, to_dask=convert),
                theirs,
            )
        )
    params = cls().get_params()
    for pname in NEIGHBOUR_PARAMS:
        if pname not in params:
            continue
        for label, value, ok in (
            ("0", 0, False),
            ("negative", -1, False),
            ("larger_than_data", 50, True),
        ):
            p = {pname: value}
            theirs = (
                sampler_run(ref, "imblearn", name, base, p, ours=False, valid=ok)
                if ref
                else None
            )
            cases.append(
                Case(
                    sub,
                    name,
                    f"{pname}_{label}",
                    sampler_run(cls, sub, name, base, p, valid=ok, to_dask=_to_dask()),
                    theirs,
                )
            )
    cases.append(
        Case(
            sub,
            name,
            "unknown_strategy_key",
            sampler_run(
                cls,
                sub,
                name,
                base,
                {"sampling_strategy": {7: 12}},
                valid=False,
                to_dask=_to_dask(),
            ),
        )
    )
    return cases


# ------------------------------------------------------------- neighbours
NEIGHBOR_DATA = (
    "base",
    "nan_in_X",
    "inf_in_X",
    "no_rows",
    "one_row",
    "X_1d",
    "no_columns",
    "constant_column",
    "rows_doubled",
    "identical_rows",
    "X_int",
    "X_float32",
    "X_csr",
    "pandas_index",
    "X_noncontiguous",
    "X_fortran",
    "huge_values",
    "tiny_values",
    "tiny_scale",
)
NEIGHBOR_INVALID = {"nan_in_X", "inf_in_X", "no_rows", "X_1d", "no_columns"}


def _neighbors_run(make, build, params, valid=None, reference=False):
    def go():
        case = build()
        ok = case.name not in NEIGHBOR_INVALID if valid is None else valid
        est = make(**params)
        n = len(_data.dense(case.X)) if case.two_d else 0
        k = params.get("n_neighbors", min(5, max(n, 1)))

        def call():
            est.fit(case.X)
            return est.kneighbors(case.X, n_neighbors=k)

        def check(result):
            expect(ok, "accepted input it cannot handle and returned a result")
            dist, ind = (np.asarray(a) for a in result)
            Xd = _data.dense(case.X).astype(float)
            expect(dist.shape == ind.shape == (len(Xd), k), f"shapes {dist.shape}")
            expect(((ind >= 0) & (ind < len(Xd))).all(), "indices out of range")
            expect(np.isfinite(dist).all(), "distances hold NaN or inf")
            expect((np.diff(dist, axis=1) >= 0).all(), "distances not sorted")
            # the distances are those of the returned neighbours
            scale = case.scale or 1.0
            Xs = Xd / scale
            true = np.sqrt(((Xs[:, None, :] - Xs[ind]) ** 2).sum(-1)) * scale
            expect(
                np.allclose(dist, true, rtol=1e-6, atol=1e-12 * scale),
                "distances are not the distances to the returned neighbours",
            )
            # and no row has a nearer point than its k-th neighbour
            all_d = np.sqrt(((Xs[:, None, :] - Xs[None]) ** 2).sum(-1))
            kth = np.sort(all_d, axis=1)[:, k - 1] * scale
            expect(
                np.allclose(dist[:, -1], kth, rtol=1e-6, atol=1e-12 * scale),
                "the k-th distance is not the k-th smallest distance",
            )

        return run(call, check, nonfinite_input=case.nonfinite, expected_2d=case.two_d)

    return go


def neighbors_cases(sub, name, cls):
    from sklearn.neighbors import NearestNeighbors as Reference

    builders = _data.data_cases()
    cases = []
    for case_name in NEIGHBOR_DATA:
        cases.append(
            Case(
                sub,
                name,
                case_name,
                _neighbors_run(cls, builders[case_name], {}),
                _neighbors_run(Reference, builders[case_name], {}),
            )
        )
    base = builders["base"]
    for label, value, ok in (
        ("0", 0, False),
        ("negative", -1, False),
        ("larger_than_data", 50, False),
    ):
        p = {"n_neighbors": value}
        cases.append(
            Case(
                sub,
                name,
                f"n_neighbors_{label}",
                _neighbors_run(cls, base, p, valid=ok),
                _neighbors_run(Reference, base, p, valid=ok),
            )
        )
    return cases
