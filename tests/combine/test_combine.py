import imblearn.combine as theirs
import numpy as np
import pytest
from imblearn.utils.estimator_checks import parametrize_with_checks
from sklearn.datasets import make_classification

import imbalance_kit.combine as ours
from imbalance_kit.over_sampling import SMOTE, BorderlineSMOTE
from imbalance_kit.under_sampling import (
    EditedNearestNeighbours,
    IterativePartitioningFilter,
)


@parametrize_with_checks(
    [
        ours.SMOTEENN(random_state=0),
        ours.SMOTETomek(random_state=0),
        ours.SMOTEIPF(random_state=0),
    ]
)
def test_imblearn_sampler_checks(estimator, check):
    check(estimator)


@pytest.mark.parametrize("name", ["SMOTEENN", "SMOTETomek"])
@pytest.mark.parametrize("n_classes", [2, 3])
def test_identical_to_imblearn(name, n_classes):
    X, y = make_classification(
        n_samples=1200,
        n_features=6,
        n_informative=4,
        n_classes=n_classes,
        weights=[0.8, 0.15][: n_classes - 1],
        flip_y=0.05,
        random_state=0,
    )
    a = getattr(ours, name)(random_state=0).fit_resample(X, y)
    b = getattr(theirs, name)(random_state=0).fit_resample(X, y)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])


def test_custom_steps_are_used():
    X, y = make_classification(
        n_samples=600, weights=[0.9], flip_y=0.05, random_state=1
    )
    sampler = ours.SMOTEENN(
        smote=BorderlineSMOTE(random_state=0),
        enn=EditedNearestNeighbours(kind_sel="mode"),
    )
    X_res, y_res = sampler.fit_resample(X, y)
    X_b, y_b = BorderlineSMOTE(random_state=0).fit_resample(X, y)
    X_e, y_e = EditedNearestNeighbours(kind_sel="mode").fit_resample(X_b, y_b)
    np.testing.assert_array_equal(X_res, X_e)
    assert isinstance(sampler.smote_, BorderlineSMOTE)


def ipf_data(seed, flip):
    return make_classification(
        n_samples=400,
        n_features=4,
        n_informative=2,
        n_redundant=0,
        weights=[0.7],
        flip_y=flip,
        random_state=seed,
    )


def test_smote_ipf_is_smote_then_the_filter_on_all_classes():
    X, y = ipf_data(seed=2, flip=0.1)
    sampler = ours.SMOTEIPF(random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    X_s, y_s = SMOTE(random_state=0).fit_resample(X, y)
    X_f, y_f = IterativePartitioningFilter(
        sampling_strategy="all", random_state=0
    ).fit_resample(X_s, y_s)
    np.testing.assert_array_equal(X_res, X_f)
    np.testing.assert_array_equal(y_res, y_f)
    assert len(y_res) < len(y_s)
    assert isinstance(sampler.smote_, SMOTE)
    assert isinstance(sampler.ipf_, IterativePartitioningFilter)
    # with no label noise the filter removes fewer rows
    clean = ipf_data(seed=2, flip=0.0)
    assert ours.SMOTEIPF(random_state=0).fit_resample(*clean)[1].size > len(y_res)


def test_over_sampling_and_under_sampling_do_not_import_each_other():
    import ast
    from pathlib import Path

    import imbalance_kit

    root = Path(imbalance_kit.__file__).parent
    for package, other in (
        ("over_sampling", "under_sampling"),
        ("under_sampling", "over_sampling"),
    ):
        for path in (root / package).glob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.ImportFrom):
                    names = [node.module or ""]
                elif isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                else:
                    continue
                assert not any(other in n for n in names), (path.name, names)


def test_smote_ipf_passes_its_parameters_to_both_steps():
    from sklearn.linear_model import LogisticRegression

    X, y = ipf_data(seed=3, flip=0.1)
    filter_params = {
        "n_partitions": 4,
        "voting": "consensus",
        "n_consecutive": 1,
        "tolerance": 0.05,
        "estimator": LogisticRegression(),
    }
    sampler = ours.SMOTEIPF(
        sampling_strategy=0.6, k_neighbors=3, random_state=1, **filter_params
    )
    X_res, y_res = sampler.fit_resample(X, y)
    X_s, y_s = SMOTE(sampling_strategy=0.6, k_neighbors=3, random_state=1).fit_resample(
        X, y
    )
    X_f, y_f = IterativePartitioningFilter(
        sampling_strategy="all", random_state=1, **filter_params
    ).fit_resample(X_s, y_s)
    assert len(y_f) < len(y_s)  # the filter did remove rows
    np.testing.assert_array_equal(X_res, X_f)
    np.testing.assert_array_equal(y_res, y_f)
