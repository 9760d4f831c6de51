"""imbalanced-learn's own sampler checks over every under-sampler."""

from imblearn.utils.estimator_checks import parametrize_with_checks
from sklearn.linear_model import LogisticRegression

from imbalance_kit.under_sampling import (
    AllKNN,
    CondensedNearestNeighbour,
    EditedNearestNeighbours,
    InstanceHardnessThreshold,
    IterativePartitioningFilter,
    NearMiss,
    NeighbourhoodCleaningRule,
    OneSidedSelection,
    RandomUnderSampler,
    RepeatedEditedNearestNeighbours,
    TomekLinks,
)


@parametrize_with_checks(
    [
        RandomUnderSampler(random_state=0),
        TomekLinks(),
        EditedNearestNeighbours(),
        EditedNearestNeighbours(kind_sel="mode"),
        RepeatedEditedNearestNeighbours(),
        AllKNN(),
        NearMiss(),
        NearMiss(version=2),
        NearMiss(version=3),
        NeighbourhoodCleaningRule(),
        OneSidedSelection(random_state=0),
        CondensedNearestNeighbour(random_state=0),
        InstanceHardnessThreshold(random_state=0, estimator=LogisticRegression()),
        IterativePartitioningFilter(random_state=0),
    ],
    expected_failed_checks=lambda est: (
        {
            "check_samplers_fit_resample": (
                "NearMiss-3 keeps only samples near the minority and can "
                "return fewer than asked (it warns), as in imbalanced-learn"
            )
        }
        if isinstance(est, NearMiss) and est.version == 3
        else {}
    ),
)
def test_imblearn_sampler_checks(estimator, check):
    check(estimator)
