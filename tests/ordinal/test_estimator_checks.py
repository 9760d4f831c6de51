from sklearn.utils.estimator_checks import parametrize_with_checks

from imbalance_kit.ordinal import PRESTO, PRESTOCV, OrdinalLogit

NO_MLE = (
    "the unpenalised likelihood has no maximiser on the check's separable data "
    "(15 samples, 30 features): Newton's iterates diverge, and where the weighted "
    "and the repeated fits stop depends on rounding (FISTA's small steps happen "
    "to stay in step, so that instance passes)"
)


def expected_failed_checks(estimator):
    """Only the unpenalised Newton fit's separable-data weight check (on dense
    and on sparse input: the same data)."""
    params = estimator.get_params()
    if params.get("alpha") == 0.0 and params["solver"] != "fista":
        return {
            "check_sample_weight_equivalence_on_dense_data": NO_MLE,
            "check_sample_weight_equivalence_on_sparse_data": NO_MLE,
        }
    return {}


@parametrize_with_checks(
    [
        PRESTO(),
        PRESTO(alpha=0.0),
        PRESTO(alpha=0.0, solver="fista"),
        OrdinalLogit(),
        OrdinalLogit(alpha=1.0, proportional_odds=False),
        PRESTOCV(n_alphas=4, cv=3),
    ],
    expected_failed_checks=expected_failed_checks,
)
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)
