import numpy as np
import pandas as pd
import pytest
from imblearn.metrics import classification_report_imbalanced, geometric_mean_score
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, recall_score, roc_auc_score
from sklearn.model_selection import cross_val_score

from imbalance_kit.metrics import (
    auprc_with_baseline,
    expected_cost,
    g_mean_scorer,
    imbalance_report,
    make_cost_scorer,
    subgroup_report,
)


def test_expected_cost_matches_brute_force():
    rng = np.random.default_rng(0)
    y_true = rng.integers(0, 3, 200)
    y_pred = rng.integers(0, 3, 200)
    costs = rng.uniform(0, 5, (3, 3))
    np.fill_diagonal(costs, 0)
    brute = np.mean([costs[t, p] for t, p in zip(y_true, y_pred, strict=True)])
    assert expected_cost(y_true, y_pred, costs) == pytest.approx(brute)
    per_sample = rng.uniform(1, 5, (200, 3, 3))
    for n in range(200):
        np.fill_diagonal(per_sample[n], 0)
    brute = np.mean(
        [
            per_sample[n, t, p]
            for n, (t, p) in enumerate(zip(y_true, y_pred, strict=True))
        ]
    )
    assert expected_cost(y_true, y_pred, per_sample) == pytest.approx(brute)


def test_imbalance_report_matches_imblearn():
    rng = np.random.default_rng(1)
    y_true = rng.choice([0, 1, 2], 300, p=[0.7, 0.2, 0.1])
    y_pred = np.where(rng.uniform(size=300) < 0.7, y_true, rng.integers(0, 3, 300))
    ours = imbalance_report(y_true, y_pred)
    theirs = classification_report_imbalanced(y_true, y_pred, output_dict=True)
    for c in [0, 1, 2]:
        for col, key in [
            ("precision", "pre"),
            ("recall", "rec"),
            ("specificity", "spe"),
            ("f1", "f1"),
            ("g_mean", "geo"),
            ("iba", "iba"),
            ("support", "sup"),
        ]:
            assert ours.loc[c, col] == pytest.approx(theirs[str(c)][key])
    for col, key in [
        ("precision", "avg_pre"),
        ("recall", "avg_rec"),
        ("g_mean", "avg_geo"),
    ]:
        assert ours.loc["avg", col] == pytest.approx(theirs[key])


def test_g_mean_scorer_matches_imblearn():
    X, y = make_classification(
        n_samples=400, n_classes=3, n_informative=4, random_state=0
    )
    model = LogisticRegression().fit(X, y)
    assert g_mean_scorer(model, X, y) == pytest.approx(
        geometric_mean_score(y, model.predict(X))
    )
    assert (
        cross_val_score(LogisticRegression(), X, y, scoring=g_mean_scorer, cv=3) > 0
    ).all()


def test_auprc_baseline_is_prevalence():
    rng = np.random.default_rng(2)
    y = (rng.uniform(size=5000) < 0.05).astype(int)
    random_scores = rng.uniform(size=5000)
    result = auprc_with_baseline(y, random_scores)
    assert result["prevalence"] == pytest.approx(y.mean())
    assert result["auprc"] == pytest.approx(average_precision_score(y, random_scores))
    assert result["lift"] == pytest.approx(1.0, abs=0.3)  # random ranking


def test_subgroup_report():
    rng = np.random.default_rng(3)
    y = rng.integers(0, 2, 400)
    score = y * 0.3 + rng.uniform(size=400)
    pred = (score > 0.6).astype(int)
    groups = rng.choice(["a", "b", "c"], 400)
    groups[:5] = "d"
    y[:5] = 1  # group d has one class only
    report = subgroup_report(
        y,
        pred,
        groups,
        {"recall": recall_score, "auc@score": roc_auc_score},
        y_score=score,
    )
    for g in "abc":
        mask = groups == g
        assert report.loc[g, "recall"] == pytest.approx(
            recall_score(y[mask], pred[mask])
        )
        assert report.loc[g, "auc@score"] == pytest.approx(
            roc_auc_score(y[mask], score[mask])
        )
        assert report.loc[g, "n"] == mask.sum()
    assert np.isnan(report.loc["d", "auc@score"])
    assert report.loc["d", "recall"] == pytest.approx(recall_score(y[:5], pred[:5]))
    assert report.loc["overall", "n"] == 400
    assert report.loc["overall", "recall"] == pytest.approx(recall_score(y, pred))
    assert report.loc["overall", "auc@score"] == pytest.approx(roc_auc_score(y, score))


# --- labels in any order, of any type; lengths; bad cost matrices ---------------

ISSUE_COSTS = np.array([[0.0, 1.0, 2.0], [10.0, 0.0, 5.0], [20.0, 30.0, 0.0]])


def test_expected_cost_with_unsorted_labels_issue_example():
    # labels=[1, 0, 2]: row/column 0 is label 1, 1 is label 0, 2 is label 2.
    # pairs (true, pred): (1, 0) -> C[0, 1] = 1; (1, 2) -> C[0, 2] = 2;
    # (2, 1) -> C[2, 0] = 20; (0, 1) -> C[1, 0] = 10; mean 33 / 4 = 8.25
    got = expected_cost([1, 1, 2, 0], [0, 2, 1, 1], ISSUE_COSTS, labels=[1, 0, 2])
    assert got == pytest.approx(8.25)


@pytest.mark.parametrize("kind", ["int", "str", "float"])
def test_expected_cost_any_label_order_and_type_matches_brute_force(kind):
    rng = np.random.default_rng(4)
    names = {"int": [3, 7, 1, 5], "str": ["d", "b", "a", "c"], "float": [2.5, 0.5]}
    names = names[kind]
    k = len(names)
    costs = rng.uniform(1, 9, (k, k))
    np.fill_diagonal(costs, 0)
    y_true = rng.choice(np.array(names, dtype=object), 60)
    y_pred = rng.choice(np.array(names, dtype=object), 60)
    weights = rng.uniform(0, 2, 60)
    for order in (names, names[::-1], sorted(names)):
        total = sum(
            w * costs[order.index(t), order.index(p)]
            for t, p, w in zip(y_true, y_pred, weights, strict=True)
        )
        got = expected_cost(y_true, y_pred, costs, labels=order, sample_weight=weights)
        assert got == pytest.approx(total / weights.sum())


def test_expected_cost_dataframe_is_looked_up_by_label():
    frame = pd.DataFrame(
        [[0, 4], [9, 0]], index=["spam", "ham"], columns=["spam", "ham"]
    )
    # (ham, spam) costs 9, (spam, ham) 4, (ham, ham) 0
    got = expected_cost(["ham", "spam", "ham"], ["spam", "ham", "ham"], frame)
    assert got == pytest.approx(13 / 3)


def test_cost_scorer_with_unsorted_string_labels_matches_hand_computation():
    X, y01 = make_classification(n_samples=300, weights=[0.8], random_state=0)
    y = np.array(["pos", "neg"])[1 - y01]  # "neg" is the majority
    labels = ["pos", "neg"]
    costs = [[0, 7], [1, 0]]  # missing a "pos" costs 7
    model = LogisticRegression().fit(X, y)
    pred = model.predict(X)
    hand = np.mean(
        [
            7.0
            if (t, p) == ("pos", "neg")
            else (1.0 if (t, p) == ("neg", "pos") else 0)
            for t, p in zip(y, pred, strict=True)
        ]
    )
    scorer = make_cost_scorer(costs, labels=labels)
    assert scorer(model, X, y) == pytest.approx(-hand)


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        (([0, 1, 2], [0, 1, 1], 1 - np.eye(3)), {"labels": [0, 1]}, "shape"),
        (([0, 1, 2], [0, 1, 1], 1 - np.eye(3)), {"labels": [0, 1, 3]}, "not in labels"),
        (
            ([0, 1, 1], [0, 1, 1], 1 - np.eye(2)),
            {"labels": ["0", "1"]},
            "not in labels",
        ),
        (([0, 1, 1], [0, 1], 1 - np.eye(2)), {}, "lengths differ"),
        (
            ([0, 1, 1], [0, 1, 1], 1 - np.eye(2)),
            {"sample_weight": [1, 1]},
            "sample_weight",
        ),
        (([0, 1, 1], [0, 1, 1], 1 - np.eye(2)), {"labels": [0, 1, 1]}, "repeated"),
        (([0, 1, np.nan], [0, 1, 1], 1 - np.eye(2)), {}, "y_true"),
        (([0, 1, 1], [0, 1, None], 1 - np.eye(2)), {}, "y_pred"),
        (([], [], 1 - np.eye(2)), {}, "empty"),
        (([0, 1, 2], [0, 1, 1], 1 - np.eye(2)), {}, "pass labels"),
        (([0, 1], [0, 1], [[0, np.nan], [1, 0]]), {}, "finite"),
        (([0, 1], [0, 1], [[0, -1], [1, 0]]), {}, "diagonal"),
        (([0, 1], [0, 1], [[0, 1], [1]]), {}, "cost_matrix"),
        (([0, 1], [0, 1], np.ones((3, 2, 2)) - np.eye(2)), {}, "per-sample"),
    ],
)
def test_expected_cost_refuses_bad_input_clearly(args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        expected_cost(*args, **kwargs)


def test_negative_costs_are_benefits_and_give_the_plain_mean():
    # a benefit of 2 for catching a positive: diagonal still each row's minimum
    costs = [[0, 1], [5, -2]]
    got = expected_cost([1, 1, 0, 0], [1, 0, 1, 0], costs)
    assert got == pytest.approx((-2 + 5 + 1 + 0) / 4)


@pytest.mark.parametrize(
    ("costs", "labels", "match"),
    [
        ([[0, 1, 2], [1, 0]], None, "cost_matrix"),
        ([[0, np.nan], [1, 0]], None, "finite"),
        ([[0, -1], [1, 0]], None, "diagonal"),
        ([[0, 1], [1, 0]], [0, 1, 2], "shape"),
        (np.ones((5, 2, 2)) - np.eye(2), None, "per-sample"),
        ([[0, 1], [1, 0]], [0, 0], "repeated"),
    ],
)
def test_make_cost_scorer_refuses_a_bad_matrix_at_construction(costs, labels, match):
    with pytest.raises(ValueError, match=match):
        make_cost_scorer(costs, labels=labels)


# --- auprc_with_baseline -----------------------------------------------------


def test_auprc_without_positives_is_refused_not_divided_by_zero():
    with pytest.raises(ValueError, match="no sample of pos_label=1"):
        auprc_with_baseline([0, 0, 0], [0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match="pos_label='yes'"):
        auprc_with_baseline(["no", "no"], [0.1, 0.2], pos_label="yes")
    # positives that all weigh 0 are no positives either
    with pytest.raises(ValueError, match="no sample of pos_label"):
        auprc_with_baseline([0, 1, 0], [0.1, 0.9, 0.3], sample_weight=[1, 0, 1])


@pytest.mark.parametrize(
    ("y", "score", "match"),
    [
        ([0, 1, 1], [0.1, 0.2], "lengths differ"),
        ([0, 1, 1], [0.1, np.nan, 0.3], "y_score"),
        ([0, 1, 1], [[0.1, 0.9]] * 3, "1-D"),
        ([0, 1, None], [0.1, 0.2, 0.3], "y_true"),
    ],
)
def test_auprc_refuses_bad_input_clearly(y, score, match):
    with pytest.raises(ValueError, match=match):
        auprc_with_baseline(y, score)


def test_auprc_with_string_labels_and_weights_matches_sklearn():
    rng = np.random.default_rng(5)
    y = rng.choice(["rare", "common"], 300, p=[0.1, 0.9])
    score = (y == "rare") * 0.4 + rng.uniform(size=300)
    w = rng.uniform(0.5, 2, 300)
    result = auprc_with_baseline(y, score, pos_label="rare", sample_weight=w)
    positive = (y == "rare").astype(int)
    assert result["prevalence"] == pytest.approx(w[positive == 1].sum() / w.sum())
    assert result["auprc"] == pytest.approx(
        average_precision_score(positive, score, sample_weight=w)
    )
    assert result["lift"] == pytest.approx(result["auprc"] / result["prevalence"])


# --- imbalance_report / subgroup_report ----------------------------------------


@pytest.mark.parametrize("alpha", [np.nan, np.inf, "0.1", None, True])
def test_imbalance_report_refuses_a_bad_alpha(alpha):
    with pytest.raises(ValueError, match="alpha"):
        imbalance_report([0, 1, 1], [0, 1, 0], alpha=alpha)


def test_imbalance_report_on_a_subset_of_labels_matches_imblearn():
    rng = np.random.default_rng(6)
    y_true = rng.choice([0, 1, 2], 200, p=[0.6, 0.3, 0.1])
    y_pred = np.where(rng.uniform(size=200) < 0.6, y_true, rng.integers(0, 3, 200))
    labels = [2, 0]  # unsorted subset; class 1 left out
    ours = imbalance_report(y_true, y_pred, labels=labels, alpha=0.3)
    theirs = classification_report_imbalanced(
        y_true, y_pred, labels=labels, alpha=0.3, output_dict=True
    )
    assert ours.index.tolist() == [2, 0, "avg"]
    for c in labels:
        assert ours.loc[c, "iba"] == pytest.approx(theirs[str(c)]["iba"])
        assert ours.loc[c, "specificity"] == pytest.approx(theirs[str(c)]["spe"])
    for col, key in [
        ("precision", "avg_pre"),
        ("recall", "avg_rec"),
        ("specificity", "avg_spe"),
        ("f1", "avg_f1"),
        ("g_mean", "avg_geo"),
        ("iba", "avg_iba"),
    ]:
        assert ours.loc["avg", col] == pytest.approx(theirs[key])
    assert ours.loc["avg", "support"] == theirs["total_support"]


@pytest.mark.parametrize(
    ("y_true", "y_pred", "kwargs", "match"),
    [
        ([0, 1, 1], [0, 1, 1], {"labels": ["0", "1"]}, "none of labels"),
        ([0, 1, 1], [0, 1], {}, "lengths differ"),
        ([0, 1, None], [0, 1, 1], {}, "y_true"),
        ([0, 1, 1], [0, 1, 1], {"labels": [1, 1]}, "repeated"),
    ],
)
def test_imbalance_report_refuses_bad_input_clearly(y_true, y_pred, kwargs, match):
    with pytest.raises(ValueError, match=match):
        imbalance_report(y_true, y_pred, **kwargs)


@pytest.mark.parametrize(
    ("groups", "match"),
    [
        (["a", "b", "a"], "lengths differ"),
        (["a", "b", "a", "b", "a"], "lengths differ"),
        (["a", None, "a", "b"], "groups holds 1 missing"),
        ([1.0, np.nan, 2.0, 1.0], "groups holds 1 missing"),
        (["a", "overall", "a", "b"], "overall"),
        ([["a"], ["b"], ["a"], ["b"], ["c"]], "groups"),
    ],
)
def test_subgroup_report_refuses_bad_groups(groups, match):
    with pytest.raises(ValueError, match=match):
        subgroup_report([0, 1, 1, 0], [0, 1, 0, 0], groups, {"recall": recall_score})


def test_subgroup_report_refuses_bad_metrics():
    with pytest.raises(ValueError, match="needs y_score"):
        subgroup_report([0, 1], [0, 1], ["a", "b"], {"auc@score": roc_auc_score})
    with pytest.raises(ValueError, match="callable"):
        subgroup_report([0, 1], [0, 1], ["a", "b"], {"recall": "recall"})
    with pytest.raises(ValueError, match="lengths differ"):
        subgroup_report(
            [0, 1], [0, 1], ["a", "b"], {"auc@score": roc_auc_score}, y_score=[0.3]
        )


def test_auprc_refuses_more_than_two_labels():
    with pytest.raises(ValueError, match="holds 3 labels"):
        auprc_with_baseline([0, 1, 2, 1], [0.1, 0.9, 0.5, 0.8])


def test_auprc_nan_score_error_names_the_row_and_value():
    from imbalance_kit.metrics import auprc_with_baseline

    scores = [0.1, 0.2, np.inf, 0.3, np.nan]
    with pytest.raises(ValueError, match=r"inf at row 2 \(2 such rows\)"):
        auprc_with_baseline([0, 1, 0, 1, 1], scores)
