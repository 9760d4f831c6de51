"""imbalanced-learn's sampler checks on the equitable sampler.

The checks call ``fit_resample(X, y)`` without metadata, while
``EquitableSampler`` needs ``groups`` (and rightly refuses to guess them). The
checks therefore run on a subclass that only supplies ``groups`` from the
sign of the first feature when none are given; everything they exercise
(validation, selection, pandas, dtypes, ``sample_indices_``, tags) is
``EquitableSampler``'s own code.
"""

import numpy as np
from imblearn.utils.estimator_checks import parametrize_with_checks
from sklearn.utils import _safe_indexing

from imbalance_kit.equitable import EquitableSampler


class GroupsFromFirstFeature(EquitableSampler):
    """EquitableSampler with ``groups`` derived from ``X`` when not given."""

    def fit_resample(self, X, y, *, groups=None, sample_weight=None):
        if groups is None:
            if isinstance(X, list):
                first = [row[0] for row in X]
            else:
                first = _safe_indexing(X, 0, axis=1)
                first = first.toarray() if hasattr(first, "toarray") else first
            groups = (np.asarray(first, dtype=float).ravel() > 0).astype(int)
        return super().fit_resample(X, y, groups=groups, sample_weight=sample_weight)


@parametrize_with_checks(
    [
        GroupsFromFirstFeature(budget=60, strategy="equal", random_state=0),
        GroupsFromFirstFeature(budget=60, strategy="proportional", random_state=0),
        GroupsFromFirstFeature(
            budget=60,
            strategy="adaptive",
            batch_size=20,
            initial_per_group=5,
            random_state=0,
        ),
    ],
    expected_failed_checks=lambda est: (
        {
            "check_target_type": (
                "by design: selecting rows works for regression targets too, so "
                "a continuous y is accepted (the adaptive strategy's classifier "
                "rejects it itself)"
            )
        }
        if est.strategy != "adaptive"
        else {}
    ),
)
def test_imblearn_sampler_checks(estimator, check):
    check(estimator)
