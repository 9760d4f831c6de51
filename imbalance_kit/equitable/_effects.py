"""What more data of each group would do: paired subsample estimates per round.

Every round, the estimator is cross-validated on the data collected so far
(the *level* of each group's error), and again with one group's training rows
cut to ``fraction`` of their number, on the same folds. Because both fits are
scored on the same validation rows, the difference (the *effect* of that
group's data on every group's error) is estimated far more precisely than two
separate error levels would be: the validation noise cancels. The effects
calibrate a power-law learning curve per pair of groups,
``error_h(n_g) = a * n_g ** -b + c`` with ``b = exponent``, which predicts what
adding samples does (Rolf et al. 2021 fit such curves on subsamples; the
cross terms carry the effect of one group's data on another's error).
"""

from dataclasses import dataclass

import numpy as np
from scipy.stats import chi2
from sklearn.base import clone, is_classifier
from sklearn.model_selection import KFold, StratifiedKFold


def zero_one_loss(y_true, y_pred):
    """Per-row misclassification (0 or 1)."""
    return (np.asarray(y_true) != np.asarray(y_pred)).astype(float)


def squared_loss(y_true, y_pred):
    """Per-row squared error."""
    return (np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)) ** 2


LOSSES = {"zero_one": zero_one_loss, "squared": squared_loss}


def resolve_loss(loss, estimator):
    """A per-row loss callable: by name, callable, or by estimator type."""
    if loss is None:
        return zero_one_loss if is_classifier(estimator) else squared_loss
    if callable(loss):
        return loss
    if loss not in LOSSES:
        raise ValueError(
            f"loss must be one of {sorted(LOSSES)}, a callable "
            f"loss(y_true, y_pred) -> per-row losses, or None; got {loss!r}."
        )
    return LOSSES[loss]


def row_losses(loss, y_true, y_pred):
    """``loss(y_true, y_pred)``, checked to be one finite number per row (a
    NaN would poison every group's error estimate without a word)."""
    values = loss(y_true, y_pred)
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        array = None
    if array is None or array.shape != (len(y_true),):
        shape = np.shape(values)
        raise ValueError(
            f"loss must return one finite number per row ({len(y_true)} rows, "
            f"shape ({len(y_true)},)); got {type(values).__name__} of shape {shape}."
        )
    if not np.isfinite(array).all():
        bad = array[~np.isfinite(array)][0]
        raise ValueError(
            f"loss must return one finite number per row; got {bad} for "
            f"{int(np.sum(~np.isfinite(array)))} of {len(array)} rows."
        )
    return array


@dataclass
class RoundEstimate:
    """Cross-validated errors of one round and the effects of each group's data.

    ``effects[h, g]``: how much group ``h``'s error rises when group ``g``'s
    training rows are cut to ``fraction`` (a positive number means ``g``'s
    data helps ``h``); ``*_se`` are standard errors.
    """

    levels: np.ndarray
    level_se: np.ndarray
    effects: np.ndarray
    effect_se: np.ndarray
    fraction: float


def _folds(y, groups, n_splits, classification, seed):
    """Folds stratified by group (and class, when every cell is large enough)."""
    strata = groups
    if classification:
        codes = np.unique(y, return_inverse=True)[1]
        pairs = np.column_stack([groups, codes])
        cells = np.unique(pairs, axis=0, return_inverse=True)[1].reshape(-1)
        if np.bincount(cells).min() >= n_splits:
            strata = cells
    if np.bincount(np.unique(strata, return_inverse=True)[1]).min() >= n_splits:
        return StratifiedKFold(n_splits, shuffle=True, random_state=seed).split(
            np.zeros(len(y)), strata
        )
    return KFold(n_splits, shuffle=True, random_state=seed).split(np.zeros(len(y)))


def fit_predict(estimator, X, y, train, valid):
    """Predictions on ``valid`` of ``estimator`` fitted on ``train``.

    A classifier's training rows can hold a single class when a group is
    small and cut; the prediction is then that class (what any classifier
    trained on such data would say), instead of the estimator's error.
    """
    if is_classifier(estimator):
        labels = np.unique(y[train])
        if len(labels) == 1:
            return np.full(len(valid), labels[0])
    return clone(estimator).fit(X[train], y[train]).predict(X[valid])


def estimate_round(
    estimator, X, y, groups, n_groups, loss, *, fraction, n_splits, n_repeats, rng
):
    """Levels and effects from paired cross-validation (see the module docstring).

    Parameters
    ----------
    estimator : estimator
    X, y : arrays of the data collected so far
    groups : ndarray of int in ``range(n_groups)``
    n_groups : int
    loss : callable ``loss(y_true, y_pred) -> per-row losses``
    fraction : float in (0, 1)
    n_splits, n_repeats : int
    rng : numpy Generator

    Returns
    -------
    RoundEstimate
    """
    n = len(y)
    full = np.zeros(n)
    cut = np.zeros((n_groups, n))
    classification = is_classifier(estimator)
    for _ in range(n_repeats):
        seed = int(rng.integers(2**31))
        for train, valid in _folds(y, groups, n_splits, classification, seed):
            full[valid] += row_losses(
                loss, y[valid], fit_predict(estimator, X, y, train, valid)
            )
            for g in range(n_groups):
                own = train[groups[train] == g]
                n_drop = int(round(len(own) * (1 - fraction)))
                drop = rng.choice(own, n_drop, replace=False)
                keep = np.setdiff1d(train, drop, assume_unique=True)
                cut[g, valid] += row_losses(
                    loss, y[valid], fit_predict(estimator, X, y, keep, valid)
                )
    full /= n_repeats
    cut /= n_repeats
    levels = np.empty(n_groups)
    level_se = np.empty(n_groups)
    effects = np.empty((n_groups, n_groups))
    effect_se = np.empty((n_groups, n_groups))
    # the spread of the losses is pooled over all groups: a small group whose
    # few validation rows happen to be all right must not look certain
    pooled_sd = full.std()
    # likewise the spread of the paired differences, over every cut
    pooled_diff_sd = (cut - full).std()
    for h in range(n_groups):
        rows = groups == h
        m = rows.sum()
        levels[h] = full[rows].mean()
        level_se[h] = pooled_sd / np.sqrt(m)
        diff = cut[:, rows] - full[rows]
        effects[h] = diff.mean(axis=1)
        effect_se[h] = pooled_diff_sd / np.sqrt(m)
    return RoundEstimate(levels, level_se, effects, effect_se, fraction)


def shrink(values, se, level=0.01):
    """Empirical-Bayes shrinkage of estimates towards their precision-weighted mean.

    When a chi-square test of equal true values does not reject at ``level``,
    every estimate is replaced by the mean (with two or three groups the
    spread itself is too noisy to estimate). Otherwise the spread of the true
    values is estimated as the variance of the estimates beyond their
    sampling noise (method of moments) and each estimate moves towards the
    mean by ``se^2 / (se^2 + spread)``. Equal true values therefore give equal
    values, while clear differences survive.

    Examples
    --------
    >>> shrink(np.array([1.0, 1.2]), np.array([0.5, 0.5])).round(3)
    array([1.1, 1.1])
    """
    values = np.asarray(values, dtype=float)
    var = np.maximum(np.asarray(se, dtype=float) ** 2, 1e-18)
    if len(values) < 2:
        return values.copy()
    weights = 1 / var
    mean = np.dot(weights, values) / weights.sum()
    statistic = np.sum((values - mean) ** 2 / var)
    if statistic <= chi2.ppf(1 - level, len(values) - 1):
        return np.full_like(values, mean)
    spread = max(np.var(values, ddof=1) - var.mean(), 0.0)
    return mean + spread / (spread + var) * (values - mean)


def shrunk(estimate, optimism=0.0):
    """The round's levels and effects with :func:`shrink` applied: levels
    together, own effects (diagonal) together, cross effects together.

    Own effects are raised by ``optimism`` standard errors (optimism in the
    face of uncertainty: a group whose effect is poorly known gets samples,
    and with them a better estimate) and floored at zero."""
    n_groups = len(estimate.levels)
    levels = shrink(estimate.levels, estimate.level_se)
    effects = estimate.effects.copy()
    diag = np.eye(n_groups, dtype=bool)
    # more of a group's own data does not raise its expected error in the long
    # run; a negative own effect is noise or a transient (e.g. ridge's
    # sample-wise double descent near n = p) and must not be extrapolated
    own_se = estimate.effect_se[diag]
    effects[diag] = np.maximum(
        shrink(estimate.effects[diag], own_se) + optimism * own_se, 0.0
    )
    effects[~diag] = shrink(estimate.effects[~diag], estimate.effect_se[~diag])
    return levels, effects


def curve_share(added, counts, exponent, fraction):
    """Fraction of a measured effect that ``added`` samples recover.

    Under ``error(n) = a * n ** -b + c``, cutting ``n`` to ``fraction * n``
    raises the error by ``a n^-b (fraction^-b - 1)``, and adding ``added``
    lowers it by ``a n^-b (1 - (1 + added / n)^-b)``; this is their ratio.
    """
    counts = np.asarray(counts, dtype=float)
    gain = 1.0 - (1.0 + np.asarray(added, dtype=float) / counts) ** -exponent
    return gain / (fraction**-exponent - 1.0)


def predict_errors(levels, effects, counts, added, exponent, fraction):
    """Predicted error of every group after ``added[g]`` more samples of each
    group ``g`` (effects of different groups add up)."""
    share = curve_share(added, counts, exponent, fraction)
    return levels - effects @ share


def hierarchical_level_draws(values, se, z, u, w, n_grid=400):
    """Draws of the true error levels under a normal hierarchical model.

    ``values[g] ~ N(theta_g, se_g^2)``, ``theta_g ~ N(mu, tau^2)``, a flat
    prior on ``mu`` and a half-Cauchy prior on the spread ``tau`` with the
    root-mean-square standard error as scale (Gelman 2006). ``tau`` is drawn
    from its marginal posterior on a grid, by inverting its distribution
    function at ``u``; then ``mu`` and the ``theta_g`` from their normal
    conditionals, driven by the standard normal ``w`` and ``z`` (Gelman et
    al., *Bayesian Data Analysis*, section 5.4). Unlike :func:`shrink`, there
    is no all-or-nothing pooling: weak evidence of a difference moves the
    levels apart a little.

    Parameters
    ----------
    values, se : ndarray of shape (n_groups,)
    z : ndarray of shape (n_draws, n_groups)
        Standard normal draws for the levels.
    u, w : ndarray of shape (n_draws,)
        Uniform draws for the spread, standard normal draws for the mean.
    n_grid : int, default=400

    Returns
    -------
    ndarray of shape (n_draws, n_groups)

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> draws = hierarchical_level_draws(
    ...     np.array([0.2, 0.2, 0.5]), np.full(3, 0.1),
    ...     rng.standard_normal((4000, 3)), rng.random(4000),
    ...     rng.standard_normal(4000))
    >>> mean = draws.mean(axis=0)
    >>> bool(0.2 < mean[0] < mean[2] < 0.5)
    True
    """
    values = np.asarray(values, dtype=float)
    var = np.maximum(np.asarray(se, dtype=float) ** 2, 1e-18)
    scale = np.sqrt(var.mean())
    tau = np.linspace(0.0, 20 * scale, n_grid)
    total = var[None, :] + tau[:, None] ** 2
    mu_var = 1.0 / np.sum(1.0 / total, axis=1)
    mu_mean = mu_var * np.sum(values / total, axis=1)
    log_post = (
        0.5 * np.log(mu_var)
        - 0.5 * np.sum(np.log(total), axis=1)
        - 0.5 * np.sum((values - mu_mean[:, None]) ** 2 / total, axis=1)
        - np.log1p((tau / scale) ** 2)
    )
    weights = np.exp(log_post - log_post.max())
    cdf = np.cumsum(weights) / weights.sum()
    k = np.minimum(np.searchsorted(cdf, u), n_grid - 1)
    t = tau[k]
    mu = mu_mean[k] + np.sqrt(mu_var[k]) * np.asarray(w)
    draws = np.repeat(mu[:, None], len(values), axis=1)
    spread = t > 0  # tau = 0: every level equals mu
    precision = 1.0 / var[None, :] + 1.0 / t[spread, None] ** 2
    centre = (values / var)[None, :] + mu[spread, None] / t[spread, None] ** 2
    draws[spread] = centre / precision + np.asarray(z)[spread] / np.sqrt(precision)
    return draws
