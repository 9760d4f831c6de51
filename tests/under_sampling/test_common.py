"""imbalanced-learn's own sampler checks over every under-sampler."""

from imblearn.utils.estimator_checks import parametrize_with_checks

from imbalance_kit.under_sampling import (
    AllKNN,
    EditedNearestNeighbours,
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
    ]
)
def test_imblearn_sampler_checks(estimator, check):
    check(estimator)
