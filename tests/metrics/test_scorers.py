"""Scorer factories: fresh objects, weights under routing, ordinal scorers."""

import numpy as np
import pytest
from imblearn.metrics import geometric_mean_score, macro_averaged_mean_absolute_error
from sklearn import config_context
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score, f1_score
from sklearn.model_selection import KFold, cross_validate

import imbalance_kit.metrics as metrics
from imbalance_kit.metrics import (
    macro_averaged_mae,
    make_balanced_accuracy_scorer,
    make_cost_scorer,
    make_g_mean_scorer,
    make_macro_f1_scorer,
    make_macro_mae_scorer,
    make_ranked_probability_scorer,
    ranked_probability_score,
)

FACTORIES = {
    "g_mean": (make_g_mean_scorer, geometric_mean_score),
    "balanced_accuracy": (make_balanced_accuracy_scorer, balanced_accuracy_score),
    "macro_f1": (
        make_macro_f1_scorer,
        lambda t, p, **kw: f1_score(t, p, average="macro", **kw),
    ),
}


def test_each_access_builds_a_new_scorer_so_requests_do_not_leak():
    with config_context(enable_metadata_routing=True):
        for name in ("g_mean_scorer", "balanced_accuracy_scorer", "macro_f1_scorer"):
            first = getattr(metrics, name)
            assert first is not getattr(metrics, name)
            first.set_score_request(sample_weight=True)
            fresh = getattr(metrics, name)
            requests = fresh.get_metadata_routing().score.requests
            assert requests["sample_weight"] is None
        a = make_cost_scorer([[0, 1], [3, 0]])
        b = make_cost_scorer([[0, 1], [3, 0]])
        a.set_score_request(sample_weight=True)
        assert b.get_metadata_routing().score.requests["sample_weight"] is None
    from imbalance_kit.metrics import g_mean_scorer  # the old import still works

    X, y = make_classification(n_samples=100, random_state=0)
    model = LogisticRegression().fit(X, y)
    assert g_mean_scorer(model, X, y) == pytest.approx(
        geometric_mean_score(y, model.predict(X))
    )


@pytest.mark.parametrize(
    "factory",
    [
        make_g_mean_scorer,
        make_balanced_accuracy_scorer,
        make_macro_f1_scorer,
        make_ranked_probability_scorer,
        make_macro_mae_scorer,
        lambda: make_cost_scorer([[0, 1], [3, 0]]),
    ],
    ids=["g_mean", "balanced_accuracy", "macro_f1", "rps", "macro_mae", "cost"],
)
def test_every_factory_call_is_a_new_scorer_with_its_own_requests(factory):
    from sklearn.metrics import get_scorer

    with config_context(enable_metadata_routing=True):
        first, second = factory(), factory()
        assert first is not second
        first.set_score_request(sample_weight=True)
        assert first.get_metadata_routing().score.requests["sample_weight"] is True
        for other in (second, factory()):
            requests = other.get_metadata_routing().score.requests
            assert requests["sample_weight"] is None
        # scikit-learn's own registered scorers are not changed either
        for name in ("balanced_accuracy", "f1_macro"):
            requests = get_scorer(name).get_metadata_routing().score.requests
            assert requests["sample_weight"] is None


@pytest.mark.parametrize("name", sorted(FACTORIES))
def test_scorer_with_string_labels_and_weights_equals_the_metric(name):
    factory, metric = FACTORIES[name]
    X, y01 = make_classification(
        n_samples=300, n_classes=3, n_informative=4, random_state=0
    )
    y = np.array(["c", "a", "b"])[y01]
    w = np.random.default_rng(0).uniform(0.2, 3.0, len(y))
    model = LogisticRegression().fit(X, y)
    expected = metric(y, model.predict(X), sample_weight=w)
    assert factory()(model, X, y, sample_weight=w) == pytest.approx(expected)
    assert factory()(model, X, y) == pytest.approx(metric(y, model.predict(X)))


@pytest.mark.parametrize("name", [*sorted(FACTORIES), "cost"])
def test_weighted_scorers_under_routing_in_cross_validate(name):
    X, y = make_classification(n_samples=240, weights=[0.75], random_state=1)
    w = np.random.default_rng(1).uniform(0.2, 3.0, len(y))
    costs = np.array([[0.0, 1.0], [4.0, 0.0]])
    if name == "cost":
        scorer = make_cost_scorer(costs)

        def metric(t, p, sample_weight):
            return -np.sum(sample_weight * costs[t, p]) / sample_weight.sum()

    else:
        factory, metric = FACTORIES[name]
        scorer = factory()
    cv = KFold(3)
    with config_context(enable_metadata_routing=True):
        result = cross_validate(
            LogisticRegression().set_fit_request(sample_weight=False),
            X,
            y,
            cv=cv,
            scoring=scorer.set_score_request(sample_weight=True),
            params={"sample_weight": w},
        )
    for score, (train, test) in zip(result["test_score"], cv.split(X), strict=True):
        model = LogisticRegression().fit(X[train], y[train])
        expected = metric(y[test], model.predict(X[test]), sample_weight=w[test])
        assert score == pytest.approx(expected)


# --- ordinal scorers -------------------------------------------------------------


def test_ranked_probability_score_by_hand():
    # K = 3, ordinal order low < mid < high; columns in sorted order
    # (high, low, mid) as a classifier's predict_proba gives them
    labels = ["low", "mid", "high"]
    proba_sorted = np.array([[0.1, 0.6, 0.3], [0.5, 0.2, 0.3]])
    y = ["low", "high"]
    # sample 1: p(low, mid, high) = (0.6, 0.3, 0.1), truth low: CDF (0.6, 0.9)
    #   vs (1, 1): (0.16 + 0.01) / 2 = 0.085
    # sample 2: p = (0.2, 0.3, 0.5), truth high: CDF (0.2, 0.5) vs (0, 0):
    #   (0.04 + 0.25) / 2 = 0.145
    got = ranked_probability_score(y, proba_sorted, labels=labels)
    assert got == pytest.approx((0.085 + 0.145) / 2)
    weighted = ranked_probability_score(
        y, proba_sorted, labels=labels, sample_weight=[3, 1]
    )
    assert weighted == pytest.approx((3 * 0.085 + 0.145) / 4)
    # binary, 1-D probability of the later label: (p1 - 1[y = 1])^2
    assert ranked_probability_score([0, 1], [0.3, 0.6]) == pytest.approx(
        (0.3**2 + 0.4**2) / 2
    )


def test_ranked_probability_score_rewards_nearby_mass():
    # all mass on the neighbour costs less than all mass two classes away
    near = ranked_probability_score([0], [[0.0, 1.0, 0.0]], labels=[0, 1, 2])
    far = ranked_probability_score([0], [[0.0, 0.0, 1.0]], labels=[0, 1, 2])
    assert near == pytest.approx(0.5) and far == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("y", "proba", "kwargs", "match"),
    [
        ([0, 1], [[0.5, 0.5, 0.0]] * 2, {}, "3 columns for the 2 labels"),
        ([0, 1], [[0.5, np.nan]] * 2, {}, "finite"),
        ([0, 1, 1], [[0.5, 0.5]] * 2, {}, "lengths differ"),
        ([0, 3], [[0.5, 0.5]] * 2, {"labels": [0, 1]}, "not in labels"),
    ],
)
def test_ranked_probability_score_refuses_bad_input(y, proba, kwargs, match):
    with pytest.raises(ValueError, match=match):
        ranked_probability_score(y, proba, **kwargs)


def test_macro_mae_by_hand_and_against_imblearn():
    y_true = ["low", "low", "low", "high", "mid"]
    y_pred = ["low", "mid", "high", "low", "mid"]
    # ranks low 0, mid 1, high 2. class low: errors 0, 1, 2 -> 1; high: 2; mid: 0
    got = macro_averaged_mae(y_true, y_pred, labels=["low", "mid", "high"])
    assert got == pytest.approx((1 + 2 + 0) / 3)
    w = [1, 1, 2, 1, 1]  # class low: (0 + 1 + 4) / 4
    got_w = macro_averaged_mae(
        y_true, y_pred, labels=["low", "mid", "high"], sample_weight=w
    )
    assert got_w == pytest.approx((5 / 4 + 2 + 0) / 3)
    rng = np.random.default_rng(2)
    t = rng.integers(0, 4, 200)
    p = np.clip(t + rng.integers(-1, 2, 200), 0, 3)
    weights = rng.uniform(0.5, 2, 200)
    assert macro_averaged_mae(t, p, sample_weight=weights) == pytest.approx(
        macro_averaged_mean_absolute_error(t, p, sample_weight=weights)
    )
    # a predicted class that y_true lacks (imbalanced-learn fails here)
    assert macro_averaged_mae([0, 0, 2], [1, 0, 2], labels=[0, 1, 2]) == pytest.approx(
        (0.5 + 0.0) / 2
    )


def test_ordinal_scorers_in_cross_validation_with_string_labels():
    X, y3 = make_classification(
        n_samples=300, n_classes=3, n_informative=4, random_state=3
    )
    order = np.array(["low", "mid", "high"])
    y = order[y3]
    cv = KFold(3, shuffle=True, random_state=0)
    result = cross_validate(
        LogisticRegression(),
        X,
        y,
        cv=cv,
        scoring={
            "rps": make_ranked_probability_scorer(labels=order),
            "mae": make_macro_mae_scorer(labels=order),
        },
    )
    for i, (train, test) in enumerate(cv.split(X)):
        model = LogisticRegression().fit(X[train], y[train])
        proba = model.predict_proba(X[test])  # columns high, low, mid
        ordered = proba[:, [1, 2, 0]]
        cdf = np.cumsum(ordered, axis=1)[:, :2]
        rank = np.array([list(order).index(v) for v in y[test]])
        observed = rank[:, None] <= np.arange(2)[None, :]
        rps = np.mean(np.sum((cdf - observed) ** 2, axis=1) / 2)
        assert result["test_rps"][i] == pytest.approx(-rps)
        pred_rank = np.array([list(order).index(v) for v in model.predict(X[test])])
        mae = np.mean(
            [np.mean(np.abs(pred_rank - rank)[rank == r]) for r in np.unique(rank)]
        )
        assert result["test_mae"][i] == pytest.approx(-mae)


def test_ranked_probability_score_refuses_rows_not_summing_to_one():
    with pytest.raises(ValueError, match="rows must sum to 1"):
        ranked_probability_score([0, 1], [[0.6, 0.6], [0.5, 0.5]])


@pytest.mark.parametrize("factory", [make_g_mean_scorer, make_macro_f1_scorer])
def test_scorers_refuse_short_y_or_weights_by_name(factory):
    X, y = make_classification(n_samples=40, random_state=0)
    model = LogisticRegression().fit(X, y)
    with pytest.raises(ValueError, match="inconsistent|lengths differ"):
        factory()(model, X, y[:-1])
    with pytest.raises(ValueError, match="inconsistent|lengths differ"):
        factory()(model, X, y, sample_weight=np.ones(39))


def test_ordinal_metrics_name_the_ordinal_order_for_unknown_labels():
    # the label check is shared with expected_cost; its message must not speak
    # of a cost matrix to someone scoring ordinal predictions
    for call in (
        lambda: macro_averaged_mae([0, 1, 2], [0, 1, 3], labels=[0, 1, 2]),
        lambda: ranked_probability_score([0, 3], [[0.5, 0.5]] * 2, labels=[0, 1]),
    ):
        with pytest.raises(ValueError, match="not in labels") as info:
            call()
        assert "cost matrix" not in str(info.value)
        assert "ordinal order" in str(info.value)
