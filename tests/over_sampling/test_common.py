"""imbalanced-learn's own sampler checks over every over-sampler."""

from imblearn.utils.estimator_checks import parametrize_with_checks
from sklearn.cluster import KMeans

from imbalance_kit.over_sampling import (
    ADASYN,
    CCR,
    LVQSMOTE,
    SMOBD,
    SMOTE,
    SMOTEN,
    SMOTENC,
    SVMSMOTE,
    AssembledSMOTE,
    BorderlineSMOTE,
    GeometricSMOTE,
    KMeansSMOTE,
    LeeSMOTE,
    PolynomFitSMOTE,
    ProWSyn,
    RandomOverSampler,
    SafeLevelSMOTE,
)

SAMPLERS = [
    RandomOverSampler(random_state=0),
    RandomOverSampler(random_state=0, shrinkage=0.5),
    SMOTE(random_state=0),
    BorderlineSMOTE(random_state=0),
    BorderlineSMOTE(random_state=0, kind="borderline-2"),
    SVMSMOTE(random_state=0),
    ADASYN(random_state=0),
    KMeansSMOTE(
        random_state=0, kmeans_estimator=KMeans(n_clusters=12, n_init=1, random_state=0)
    ),
    SMOTENC(categorical_features=[0], random_state=0),
    SMOTEN(random_state=0),
    *(PolynomFitSMOTE(topology=t, random_state=0) for t in ("star", "bus", "mesh")),
    PolynomFitSMOTE(topology="polynomial", random_state=0),
    SafeLevelSMOTE(random_state=0),
    LeeSMOTE(random_state=0),
    ProWSyn(random_state=0),
    GeometricSMOTE(random_state=0),
    CCR(random_state=0),
    AssembledSMOTE(random_state=0),
    SMOBD(random_state=0),
    LVQSMOTE(random_state=0),
]

EXPECTED_FAILURES = {
    "SMOTENC": {
        "check_samplers_string": (
            "the check passes a single categorical column; SMOTE-NC needs at "
            "least one continuous feature and says so (use SMOTEN)"
        ),
    },
}


def expected_failures(estimator):
    return EXPECTED_FAILURES.get(type(estimator).__name__, {})


@parametrize_with_checks(SAMPLERS, expected_failed_checks=expected_failures)
def test_imblearn_sampler_checks(estimator, check):
    check(estimator)
