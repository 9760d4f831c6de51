import imblearn.combine as theirs
import numpy as np
import pytest
from imblearn.utils.estimator_checks import parametrize_with_checks
from sklearn.datasets import make_classification

import imbalance_kit.combine as ours
from imbalance_kit.over_sampling import BorderlineSMOTE
from imbalance_kit.under_sampling import EditedNearestNeighbours


@parametrize_with_checks(
    [ours.SMOTEENN(random_state=0), ours.SMOTETomek(random_state=0)]
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
