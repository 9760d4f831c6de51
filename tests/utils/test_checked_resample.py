"""The shared sampler path checks ``X`` and ``y`` as imbalanced-learn's does.

``ResampleGuardMixin`` runs imbalanced-learn's checks itself so that the type
of a binary ``y`` is worked out once. The reference here is imbalanced-learn's
own ``SamplerMixin.fit_resample`` called on a clone of the same sampler: same
output, same fitted attributes, same errors and warnings, for every kind of
target imbalanced-learn handles differently.
"""

import warnings

import numpy as np
import pytest
import sklearn.utils.multiclass
from imblearn.base import SamplerMixin
from sklearn.base import clone
from sklearn.datasets import make_classification

from imbalance_kit.combine import SMOTETomek
from imbalance_kit.over_sampling import SMOTE, RandomOverSampler
from imbalance_kit.under_sampling import (
    ClusterCentroids,
    NearMiss,
    RandomUnderSampler,
    TomekLinks,
)
from imbalance_kit.utils import _validation

SAMPLERS = [
    RandomUnderSampler(random_state=0),
    RandomOverSampler(random_state=0),
    SMOTE(random_state=0),
    NearMiss(),
    TomekLinks(),
    ClusterCentroids(random_state=0),
    SMOTETomek(random_state=0),
]


def _targets():
    X, y = make_classification(
        n_samples=120,
        n_features=5,
        n_classes=3,
        n_informative=3,
        n_redundant=1,
        weights=[0.6, 0.3],
        random_state=0,
    )
    binary = (y > 0).astype(int)
    return X, {
        "binary_int": binary,
        "binary_str": np.where(binary == 1, "yes", "no"),
        "binary_bool": binary.astype(bool),
        "binary_column": binary.reshape(-1, 1),
        "binary_float": binary.astype(float),
        "multiclass": y,
        "one_vs_all": np.eye(3, dtype=int)[y],
        "continuous": np.linspace(0.0, 1.0, len(y)),
        "multioutput": np.column_stack([y, y]),
    }


X, TARGETS = _targets()


def _run(fit_resample, sampler, X, y):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            out = fit_resample(sampler, X, y)
        except (ValueError, TypeError) as exc:
            out = exc
    return out, [str(w.message) for w in caught]


@pytest.mark.parametrize("kind", sorted(TARGETS))
@pytest.mark.parametrize("sampler", SAMPLERS, ids=lambda s: type(s).__name__)
def test_same_as_imblearn_checks(sampler, kind):
    y = TARGETS[kind]
    ours, ours_warned = _run(type(sampler).fit_resample, clone(sampler), X, y)
    ref, ref_warned = _run(SamplerMixin.fit_resample, clone(sampler), X, y)
    assert ours_warned == ref_warned
    if isinstance(ref, Exception):
        assert type(ours) is type(ref)
        assert str(ours) == str(ref)
        return
    assert not isinstance(ours, Exception), ours
    assert len(ours) == len(ref)
    for a, b in zip(ours, ref, strict=True):
        assert a.dtype == b.dtype
        np.testing.assert_array_equal(a, b)


def test_binary_target_type_worked_out_once(monkeypatch):
    calls = []
    real = sklearn.utils.multiclass.type_of_target

    def counting(y, *args, **kwargs):
        calls.append(1)
        return real(y, *args, **kwargs)

    # every caller on the way: ours, scikit-learn's check, imbalanced-learn's
    monkeypatch.setattr(_validation, "type_of_target", counting)
    monkeypatch.setattr(sklearn.utils.multiclass, "type_of_target", counting)
    import imblearn.utils._validation as imblearn_validation

    monkeypatch.setattr(imblearn_validation, "type_of_target", counting)
    y = TARGETS["binary_int"]
    RandomUnderSampler(random_state=0).fit_resample(X, y)
    assert len(calls) == 1
    calls.clear()
    SamplerMixin.fit_resample(RandomUnderSampler(random_state=0), X, y)
    assert len(calls) == 2  # imbalanced-learn's own path, for comparison


@pytest.mark.parametrize("kind", sorted(TARGETS))
def test_check_X_y_same_as_imblearn(kind):
    from imblearn.base import BaseSampler

    y = TARGETS[kind]
    ours = _run(SMOTE._check_X_y, SMOTE(), X, y)
    ref = _run(BaseSampler._check_X_y, SMOTE(), X, y)
    assert ours[1] == ref[1]
    if isinstance(ref[0], Exception):
        assert (type(ours[0]), str(ours[0])) == (type(ref[0]), str(ref[0]))
        return
    for a, b in zip(ours[0][:2], ref[0][:2], strict=True):
        assert a.dtype == b.dtype
        np.testing.assert_array_equal(a, b)
    assert ours[0][2] == ref[0][2]
