"""Posterior means of a normal hierarchical model by importance sampling."""

import numpy as np


def posterior_means(values, se, n_samples=400_000, seed=0):
    """E[theta_g | values] under values_g ~ N(theta_g, se_g^2),
    theta_g ~ N(mu, tau^2), flat mu, half-Cauchy(scale = rms se) tau.

    Samples tau from its prior, mu from a wide normal proposal (weights divided
    by its density, which makes mu's prior flat) and the thetas from their
    prior given (mu, tau); weights are the likelihood of the values.
    """
    values, se = np.asarray(values, float), np.asarray(se, float)
    rng = np.random.default_rng(seed)
    scale = np.sqrt(np.mean(se**2))
    tau = np.abs(scale * rng.standard_cauchy(n_samples))
    tau = tau[tau < 20 * scale]  # the grid's range
    n = len(tau)
    centre, width = values.mean(), values.std() + 3 * se.max()
    mu = centre + width * rng.standard_normal(n)
    log_q = -0.5 * ((mu - centre) / width) ** 2
    theta = mu[:, None] + tau[:, None] * rng.standard_normal((n, len(values)))
    log_lik = -0.5 * np.sum(((values - theta) / se) ** 2, axis=1)
    log_w = log_lik - log_q
    w = np.exp(log_w - log_w.max())
    return (w[:, None] * theta).sum(axis=0) / w.sum()
