"""imbalance_kit.pipeline: per-row metadata travel with the resampled rows.

Expected values come from imbalanced-learn's SMOTE (the same samples as ours
on data without ties), scikit-learn's estimators fitted by hand, and weights
computed here from the documented rule (kept rows keep theirs, synthetic rows
get their class's mean).
"""

import numpy as np
import pytest
import sklearn
from imblearn.over_sampling import SMOTE as ImbSMOTE
from imblearn.pipeline import make_pipeline as imb_make_pipeline
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_validate
from sklearn.preprocessing import StandardScaler

from imbalance_kit import combine, equitable, over_sampling, under_sampling
from imbalance_kit.equitable import EquitableSampler
from imbalance_kit.over_sampling import SMOTE, RandomOverSampler
from imbalance_kit.pipeline import Pipeline, make_pipeline
from imbalance_kit.under_sampling import EditedNearestNeighbours, RandomUnderSampler
from tests.naive import knn as naive_knn


def data(n=300, seed=0):
    X, y = make_classification(
        n_samples=n, n_features=5, weights=[0.85], flip_y=0.03, random_state=seed
    )
    w = np.random.default_rng(seed).uniform(0.5, 2.0, size=n)
    return X, y, w


class Recorder(ClassifierMixin, BaseEstimator):
    """A final step that keeps what it was fitted on."""

    def fit(self, X, y, sample_weight=None, groups=None):
        self.X_, self.y_ = np.asarray(X), np.asarray(y)
        self.sample_weight_, self.groups_ = sample_weight, groups
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.full(len(X), self.classes_[0])


def routing(on):
    return sklearn.config_context(enable_metadata_routing=on)


def smote_by_hand(X, y, w, C=1.0):
    """StandardScaler, imbalanced-learn's SMOTE, naive weights, weighted LR."""
    Xs = StandardScaler().fit_transform(X)
    X_res, y_res = ImbSMOTE(random_state=0).fit_resample(Xs, y)
    n = len(y)
    means = {c: w[y == c].mean() for c in np.unique(y)}
    w_res = np.concatenate([w, [means[c] for c in y_res[n:]]])
    return LogisticRegression(C=C).fit(X_res, y_res, sample_weight=w_res)


def weighted_smote_pipe(on):
    steps = [StandardScaler(), SMOTE(random_state=0), LogisticRegression()]
    if on:
        steps[0].set_fit_request(sample_weight=False)
        steps[1].set_fit_resample_request(sample_weight=True)
        steps[2].set_fit_request(sample_weight=True).set_score_request(
            sample_weight=True
        )
    return make_pipeline(*steps)


@pytest.mark.parametrize("on", [False, True], ids=["routing-off", "routing-on"])
def test_smote_pipeline_weights_equal_a_fit_by_hand(on):
    X, y, w = data()
    expected = smote_by_hand(X, y, w)
    with routing(on):
        pipe = weighted_smote_pipe(on).fit(X, y, sample_weight=w)
    np.testing.assert_allclose(pipe[-1].coef_, expected.coef_, rtol=1e-10)
    np.testing.assert_allclose(pipe[-1].intercept_, expected.intercept_, rtol=1e-10)
    # the weights matter: an unweighted fit differs
    unweighted = make_pipeline(
        StandardScaler(), SMOTE(random_state=0), LogisticRegression()
    ).fit(X, y)
    assert np.abs(unweighted[-1].coef_ - expected.coef_).max() > 1e-3


@pytest.mark.parametrize("on", [False, True], ids=["routing-off", "routing-on"])
def test_cross_validate_params_slices_and_resamples_per_fold(on):
    X, y, w = data()
    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    coefs, scores = [], []
    for train, test in cv.split(X, y):
        fitted = smote_by_hand(X[train], y[train], w[train])
        coefs.append(fitted.coef_)
        X_test = StandardScaler().fit(X[train]).transform(X[test])
        weight = w[test] if on else None  # routing off: scorers get no weights
        scores.append(fitted.score(X_test, y[test], sample_weight=weight))
    with routing(on):
        result = cross_validate(
            weighted_smote_pipe(on),
            X,
            y,
            cv=cv,
            params={"sample_weight": w},
            return_estimator=True,
        )
    for estimator, coef in zip(result["estimator"], coefs, strict=True):
        np.testing.assert_allclose(estimator[-1].coef_, coef, rtol=1e-10)
    np.testing.assert_allclose(result["test_score"], scores, rtol=1e-12)


@pytest.mark.parametrize("on", [False, True], ids=["routing-off", "routing-on"])
def test_grid_search_params_routes_weights_per_fold(on):
    X, y, w = data()
    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    grid = [0.05, 1.0]
    expected = []
    for C in grid:
        scores = []
        for train, test in cv.split(X, y):
            fitted = smote_by_hand(X[train], y[train], w[train], C=C)
            X_test = StandardScaler().fit(X[train]).transform(X[test])
            # scikit-learn's search hands the fold's weights to the scorer too
            scores.append(fitted.score(X_test, y[test], sample_weight=w[test]))
        expected.append(np.mean(scores))
    with routing(on):
        search = GridSearchCV(
            weighted_smote_pipe(on), {"logisticregression__C": grid}, cv=cv
        ).fit(X, y, sample_weight=w)
    np.testing.assert_allclose(
        search.cv_results_["mean_test_score"], expected, rtol=1e-12
    )


@pytest.mark.parametrize("on", [False, True], ids=["routing-off", "routing-on"])
def test_under_sampler_then_cleaner_hand_the_kept_rows_their_weights(on):
    X, y, w = data()
    rus = RandomUnderSampler(sampling_strategy=0.5, random_state=0)
    enn = EditedNearestNeighbours()
    final = Recorder()
    with routing(on):
        if on:
            rus.set_fit_resample_request(sample_weight=False)
            enn.set_fit_resample_request(sample_weight=False)
            final.set_fit_request(sample_weight=True, groups=False)
        pipe = make_pipeline(rus, enn, final).fit(X, y, sample_weight=w)
    got = pipe[-1]
    # which input row is each received row (the rows of X are distinct)
    match = np.array([np.flatnonzero((X == row).all(axis=1))[0] for row in got.X_])
    np.testing.assert_array_equal(got.y_, y[match])
    np.testing.assert_array_equal(got.sample_weight_, w[match])
    kept = pipe[0].sample_indices_[pipe[1].sample_indices_]
    np.testing.assert_array_equal(match, kept)
    # both steps removed rows
    assert len(pipe[1].sample_indices_) < len(pipe[0].sample_indices_) < len(y)
    # routing on, the samplers did not request the weights and got none;
    # routing off, both got them (and carried them to their rows)
    for step in pipe[:2]:
        assert hasattr(step, "sample_weight_") != on
    if not on:
        np.testing.assert_array_equal(
            pipe[1].sample_weight_, w[pipe[0].sample_indices_][pipe[1].sample_indices_]
        )


def class_neighbours(X, y, k):
    """Each row's k nearest rows of its own class (global indices), naively."""
    near = {}
    for c in np.unique(y):
        rows = np.flatnonzero(y == c)
        _, ind = naive_knn.kneighbors(
            X[rows], X[rows], k, self_idx=np.arange(len(rows))
        )
        near.update(zip(rows, rows[ind], strict=True))
    return near


def on_a_segment(point, start, ends):
    """Whether ``point`` lies on a segment from ``start`` to one of ``ends``."""
    for end in ends:
        d = end - start
        if not d.any():
            continue
        t = (point - start) @ d / (d @ d)
        if -1e-9 <= t <= 1 + 1e-9 and np.allclose(start + t * d, point, atol=1e-9):
            return True
    return False


@pytest.mark.parametrize("on", [False, True], ids=["routing-off", "routing-on"])
def test_groups_follow_rows_and_seeds_into_the_equitable_sampler(on):
    X, y, _ = data(n=200)
    groups = np.array(["north", "south", "east", "west"])[np.arange(200) % 4]
    smote = SMOTE(random_state=0)
    sampler = EquitableSampler(budget=80, strategy="equal", random_state=0)
    final = Recorder()
    with routing(on):
        if on:
            sampler.set_fit_resample_request(groups=True)
            final.set_fit_request(groups=True, sample_weight=False)
        pipe = make_pipeline(smote, sampler, final).fit(X, y, groups=groups)
    X_over, y_over = SMOTE(random_state=0).fit_resample(X, y)
    near = class_neighbours(X, y, 5)
    # the groups the equitable sampler saw: the input's, then each synthetic
    # row's seed's, which must be a row of its class it lies on a segment from
    seen = pipe[-1].groups_
    chosen = pipe[1].sample_indices_
    for out_row, over_row in zip(range(len(seen)), chosen, strict=True):
        if over_row < len(y):
            assert seen[out_row] == groups[over_row]
            continue
        label = y_over[over_row]
        seeds = np.flatnonzero((y == label) & (groups == seen[out_row]))
        # towards one of the seed's own 5 nearest neighbours (SMOTE's rule):
        # the neighbour's group passed a check against any row of the class
        assert any(on_a_segment(X_over[over_row], X[s], X[near[s]]) for s in seeds)
    # "equal": the same number of kept rows per group
    _, counts = np.unique(seen, return_counts=True)
    assert counts.min() == counts.max() == 20


def test_synthetic_groups_without_recorded_seeds_take_the_class_mode():
    X, y, _ = data(n=200)
    groups = np.where(np.arange(200) % 5 == 0, "rare", "common")
    groups[y == 1] = np.where(np.arange(np.sum(y == 1)) % 3 == 0, "a", "b")
    pipe = make_pipeline(over_sampling.KMeansSMOTE(random_state=0), Recorder())
    pipe.fit(X, y, recorder__groups=groups)
    seen = pipe[-1].groups_
    np.testing.assert_array_equal(seen[:200], groups)
    assert set(seen[200:]) == {"b"}  # the minority's most common group


def test_without_metadata_same_as_imbalanced_learn_pipeline():
    X, y, _ = data()
    ours = make_pipeline(StandardScaler(), SMOTE(random_state=0), LogisticRegression())
    theirs = imb_make_pipeline(
        StandardScaler(), ImbSMOTE(random_state=0), LogisticRegression()
    )
    np.testing.assert_allclose(
        ours.fit(X, y).predict_proba(X), theirs.fit(X, y).predict_proba(X)
    )
    assert isinstance(ours, Pipeline)


def test_step_prefixed_metadata_is_aligned_with_that_steps_rows():
    X, y, w = data()
    pipe = make_pipeline(
        StandardScaler(), RandomOverSampler(random_state=0), Recorder()
    ).fit(X, y, recorder__sample_weight=w, randomoversampler__sample_weight=w)
    indices = pipe[1].sample_indices_
    np.testing.assert_array_equal(pipe[-1].sample_weight_, w[indices])
    np.testing.assert_array_equal(pipe[1].sample_weight_, w[indices])
    # an unprefixed name reaches the samplers and the final step, not the scaler
    pipe = make_pipeline(
        StandardScaler(), RandomOverSampler(random_state=0), Recorder()
    ).fit(X, y, sample_weight=w)
    np.testing.assert_array_equal(pipe[-1].sample_weight_, w[pipe[1].sample_indices_])
    np.testing.assert_allclose(pipe[0].mean_, X.mean(axis=0))


def test_metadata_nobody_takes_or_of_the_wrong_length_is_refused():
    X, y, w = data()
    pipe = make_pipeline(SMOTE(random_state=0), LogisticRegression())
    with pytest.raises(ValueError, match="costs=.*neither"):
        pipe.fit(X, y, costs=w)
    with pytest.raises(ValueError, match="no step named 'clf'"):
        pipe.fit(X, y, clf__sample_weight=w)
    with pytest.raises(ValueError, match="sample_weight .*one entry per row of X"):
        pipe.fit(X, y, sample_weight=w[:-1])


def public_samplers():
    found = []
    for module in (over_sampling, under_sampling, combine, equitable):
        for name in module.__all__:
            obj = getattr(module, name)
            if isinstance(obj, type) and hasattr(obj, "fit_resample"):
                found.append(obj)
    return found


REQUIRED = {
    "SMOTENC": {"categorical_features": [0]},
    "EquitableSampler": {"budget": 60, "strategy": "equal"},
}


@pytest.mark.parametrize("cls", public_samplers(), ids=lambda c: c.__name__)
def test_every_sampler_is_routed_the_weights_it_requests(cls):
    X, y, w = data(n=120)
    if cls.__name__ in ("SMOTEN", "SMOTENC"):
        X = np.column_stack([(X[:, 0] > 0).astype(float), X[:, 1:]])
        if cls.__name__ == "SMOTEN":
            X = (X > 0).astype(float)
    kwargs = dict(REQUIRED.get(cls.__name__, {}))
    if "random_state" in cls(**kwargs).get_params():
        kwargs["random_state"] = 0
    groups = np.arange(len(y)) % 2
    with routing(True):
        sampler = cls(**kwargs).set_fit_resample_request(sample_weight=True)
        routing_info = sampler.get_metadata_routing()
        assert routing_info.fit_resample.requests["sample_weight"] is True
        assert "sample_weight" not in routing_info.fit.requests
        params = {"sample_weight": w}
        if cls is EquitableSampler:
            sampler.set_fit_resample_request(groups=True)
            params["groups"] = groups
        final = Recorder().set_fit_request(sample_weight=True, groups=False)
        pipe = make_pipeline(sampler, final).fit(X, y, **params)
    # the sampler got the input's weights, the final step those of its rows
    got = pipe[-1]
    assert len(pipe[0].sample_weight_) == len(got.y_)
    np.testing.assert_array_equal(got.sample_weight_, pipe[0].sample_weight_)
    # independently: a row unlike every input row of its class (synthetic, a
    # centre) has its class's mean weight; a row equal to one has that row's
    # weight, or the mean if it was made (a centre of one row, SMOTEN's
    # categories can recreate a row)
    means = {c: w[y == c].mean() for c in np.unique(y)}
    for row, label, weight in zip(got.X_, got.y_, got.sample_weight_, strict=True):
        same = np.flatnonzero((X == row).all(axis=1) & (y == label))
        made = weight == pytest.approx(means[label], rel=1e-12)
        if same.size:
            assert weight in w[same] or made
        elif cls.__name__ != "CCR":  # CCR moves rows, which keep their weight
            assert made


def test_a_final_sampler_and_a_cached_pipeline_get_the_carried_weights(
    tmp_path, monkeypatch
):
    X, y, w = data()
    rus = RandomUnderSampler(sampling_strategy=0.5, random_state=0)
    pipe = make_pipeline(rus, RandomOverSampler(random_state=0))
    X_res, y_res = pipe.fit_resample(X, y, sample_weight=w)
    kept = pipe[0].sample_indices_[pipe[1].sample_indices_]
    np.testing.assert_array_equal(X_res, X[kept])
    np.testing.assert_array_equal(pipe[1].sample_weight_, w[kept])
    # with a joblib cache the fitted samplers come from the cache
    cached = make_pipeline(
        StandardScaler(),
        SMOTE(random_state=0),
        LogisticRegression(),
        memory=str(tmp_path),
    )
    calls = []
    resample = SMOTE._fit_resample

    def counted(self, *args, **kwargs):
        calls.append(1)
        return resample(self, *args, **kwargs)

    monkeypatch.setattr(SMOTE, "_fit_resample", counted)
    for _ in range(2):  # the second fit loads the steps from the cache
        cached.fit(X, y, sample_weight=w)
        np.testing.assert_allclose(
            cached[-1].coef_, smote_by_hand(X, y, w).coef_, rtol=1e-10
        )
    assert len(calls) == 1  # SMOTE ran once: the second fit used the cache
    # a selector loaded from the cache: its rows' weights come from the
    # loaded sampler's sample_indices_ (the clone sent to the cache is unfitted)
    for _ in range(2):
        selecting = make_pipeline(
            RandomUnderSampler(random_state=0), Recorder(), memory=str(tmp_path)
        ).fit(X, y, sample_weight=w)
        np.testing.assert_array_equal(
            selecting[-1].sample_weight_, w[selecting[0].sample_indices_]
        )
        np.testing.assert_array_equal(selecting[-1].X_, X[selecting[0].sample_indices_])


@pytest.mark.parametrize("on", [False, True], ids=["routing-off", "routing-on"])
def test_a_transformer_after_a_sampler_gets_the_weights_of_its_rows(on):
    X, y, w = data()
    X_res, y_res = ImbSMOTE(random_state=0).fit_resample(X, y)
    means = {c: w[y == c].mean() for c in np.unique(y)}
    w_res = np.concatenate([w, [means[c] for c in y_res[len(y) :]]])
    expected_mean = (X_res * w_res[:, None]).sum(axis=0) / w_res.sum()
    with routing(on):
        scaler, smote = StandardScaler(), SMOTE(random_state=0)
        if on:
            smote.set_fit_resample_request(sample_weight=False)
            scaler.set_fit_request(sample_weight=True)
            params = {"sample_weight": w}
            final = LogisticRegression().set_fit_request(sample_weight=False)
        else:
            params = {"standardscaler__sample_weight": w}
            final = LogisticRegression()
        pipe = make_pipeline(smote, scaler, final).fit(X, y, **params)
    np.testing.assert_allclose(pipe[1].mean_, expected_mean, rtol=1e-10)
    assert not np.allclose(pipe[1].mean_, X_res.mean(axis=0), rtol=1e-6)


def test_routing_on_without_metadata_fits_as_imbalanced_learn():
    # scikit-learn hands a pipeline that got no metadata a stand-in for the
    # routed parameters that is not a dict (it answers any attribute)
    X, y, _ = data()
    with routing(True):
        ours = make_pipeline(
            StandardScaler(), SMOTE(random_state=0), LogisticRegression()
        )
        theirs = imb_make_pipeline(
            StandardScaler(), ImbSMOTE(random_state=0), LogisticRegression()
        )
        np.testing.assert_allclose(
            ours.fit(X, y).predict_proba(X), theirs.fit(X, y).predict_proba(X)
        )
        X_res, y_res = make_pipeline(
            StandardScaler(), SMOTE(random_state=0)
        ).fit_resample(X, y)
        X_imb, y_imb = imb_make_pipeline(
            StandardScaler(), ImbSMOTE(random_state=0)
        ).fit_resample(X, y)
    np.testing.assert_allclose(X_res, X_imb)
    np.testing.assert_array_equal(y_res, y_imb)


def test_weights_only_samplers_would_carry_are_refused_not_dropped():
    # routing off: SMOTE only carries weights; a final step whose fit does
    # not take them would leave them unused without a word
    from sklearn.neighbors import KNeighborsClassifier

    X, y, w = data()
    pipe = make_pipeline(SMOTE(random_state=0), KNeighborsClassifier())
    with pytest.raises(ValueError, match="sample_weight=.*KNeighborsClassifier"):
        pipe.fit(X, y, sample_weight=w)
    # None carries nothing: generic code passing sample_weight=None still fits
    pipe.fit(X, y, sample_weight=None)
    assert not hasattr(pipe[0], "sample_weight_")
    with pytest.raises(ValueError, match="final step is 'passthrough'"):
        make_pipeline(SMOTE(), "passthrough").fit(X, y, sample_weight=w)
    # addressed to the sampler by name, they are stored in its sample_weight_
    pipe.fit(X, y, smote__sample_weight=w)
    assert len(pipe[0].sample_weight_) > len(y)


def test_a_nested_pipeline_gets_the_weights_of_its_rows():
    X, y, w = data()
    flat = make_pipeline(
        StandardScaler(),
        SMOTE(random_state=0),
        RandomUnderSampler(random_state=0),
        LogisticRegression(),
    ).fit(X, y, sample_weight=w)
    inner = make_pipeline(RandomUnderSampler(random_state=0), LogisticRegression())
    nested = make_pipeline(StandardScaler(), SMOTE(random_state=0), inner)
    nested.fit(X, y, sample_weight=w)
    # by hand: SMOTE's weights (class means for new rows), then the kept rows'
    Xs = StandardScaler().fit_transform(X)
    X_over, y_over = ImbSMOTE(random_state=0).fit_resample(Xs, y)
    means = {c: w[y == c].mean() for c in np.unique(y)}
    w_over = np.concatenate([w, [means[c] for c in y_over[len(y) :]]])
    kept = nested[-1][0].sample_indices_
    expected = LogisticRegression().fit(
        X_over[kept], y_over[kept], sample_weight=w_over[kept]
    )
    np.testing.assert_allclose(nested[-1][-1].coef_, expected.coef_, rtol=1e-10)
    np.testing.assert_allclose(flat[-1].coef_, expected.coef_, rtol=1e-10)
