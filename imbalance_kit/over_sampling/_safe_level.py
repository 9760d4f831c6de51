"""Safe-Level-SMOTE (Bunkhumpornpat, Sinapiromsaran & Lursinsap 2009)."""

import numpy as np

from ._base import BaseSMOTEOverSampler, make_neighbors, neighbors_within
from ._variants_base import BaseVariantOverSampler


class SafeLevelSMOTE(BaseVariantOverSampler, BaseSMOTEOverSampler):
    """SMOTE that generates closer to the safer end of each segment.

    The safe level of a sample is the number of samples of the class being
    over-sampled among its ``k_neighbors`` nearest neighbours in the whole data.
    For a sample ``p`` of the class and one of its neighbours ``n`` (of any
    class) with safe levels ``slp`` and ``sln``, each feature of the new sample
    is ``p + gap * (n - p)`` with ``gap`` drawn per feature from:

    - nothing (pair skipped) if ``slp = sln = 0``;
    - ``0`` (a copy of ``p``) if ``sln = 0``;
    - ``U(0, 1)`` if ``slp = sln``;
    - ``U(0, sln / slp)`` if ``slp > sln`` (stay near ``p``);
    - ``U(1 - slp / sln, 1)`` if ``slp < sln`` (move near ``n``).

    The paper's pseudocode takes ``n`` among the ``k`` nearest neighbours of
    ``p`` "in D", the set it calls the positive instances, yet counts the
    positives among those same neighbours for the safe levels, which only
    means something if D holds every class. Like smote-variants, this reads D
    as the whole data, so ``n`` may belong to another class: a new sample may
    then lie between ``p`` and a sample of another class (close to ``p``
    when ``n`` is unsafe).

    The paper makes one pass over the class; to return the requested count,
    each new sample draws ``p`` uniformly among the samples with at least one
    usable neighbour, then ``n`` uniformly among those neighbours.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
    random_state : int, RandomState instance or None, default=None
    k_neighbors : int or estimator, default=5
        Neighbours in the whole data (imbalanced-learn's convention for an
        estimator: its ``n_neighbors`` counts the point itself).
    n_jobs : int, default=None

    Attributes
    ----------
    sampling_strategy_ : dict
    nn_k_ : estimator
    n_features_in_ : int
    feature_names_in_ : ndarray of str

    References
    ----------
    .. [1] C. Bunkhumpornpat, K. Sinapiromsaran, C. Lursinsap,
       "Safe-Level-SMOTE: safe-level-synthetic minority over-sampling technique
       for handling the class imbalanced problem", PAKDD 2009.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbalance_kit.over_sampling import SafeLevelSMOTE
    >>> X, y = make_classification(n_samples=200, weights=[0.9], random_state=0)
    >>> X_res, y_res = SafeLevelSMOTE(random_state=0).fit_resample(X, y)
    >>> sorted(Counter(y_res.tolist()).items())
    [(0, 180), (1, 180)]
    """

    def __init__(
        self, *, sampling_strategy="auto", random_state=None, k_neighbors=5, n_jobs=None
    ):
        super().__init__(
            sampling_strategy=sampling_strategy,
            random_state=random_state,
            k_neighbors=k_neighbors,
            n_jobs=n_jobs,
        )

    def _before_classes(self, X, y):
        self.nn_k_ = make_neighbors(self.k_neighbors, self.n_jobs)

    def _class_samples(self, X, y, class_label, n_samples, rng):
        in_class = y == class_label
        members = np.flatnonzero(in_class)
        what = "samples"
        neighbours = neighbors_within(
            self.nn_k_, X, members, param="k_neighbors", what=what
        )
        # safe levels of the members and of every row that is one's neighbour
        rows = np.unique(np.concatenate([members, neighbours.ravel()]))
        safe = np.zeros(len(X), dtype=np.int64)
        safe[rows] = in_class[
            neighbors_within(self.nn_k_, X, rows, param="k_neighbors", what=what)
        ].sum(axis=1)
        slp = np.repeat(safe[members], neighbours.shape[1]).reshape(neighbours.shape)
        sln = safe[neighbours]
        usable = (slp > 0) | (sln > 0)
        has_pair = usable.any(axis=1)
        if not has_pair.any():
            raise ValueError(
                f"Safe-Level-SMOTE found no usable pair for class {class_label!r}: "
                "every sample of the class and every neighbour has safe level 0 "
                "(no same-class sample among its k_neighbors)."
            )
        candidates = np.flatnonzero(has_pair)
        base = candidates[rng.randint(len(candidates), size=n_samples)]
        # a uniform choice among each base's usable neighbours
        ranks = rng.uniform(size=n_samples) * usable[base].sum(axis=1)
        choice = (np.cumsum(usable[base], axis=1) <= ranks[:, None]).sum(axis=1)
        p, n = members[base], neighbours[base, choice]
        gap = rng.uniform(size=(n_samples, X.shape[1]))
        level_p, level_n = safe[p][:, None].astype(float), safe[n][:, None]
        with np.errstate(divide="ignore", invalid="ignore"):
            gap = np.where(level_n == 0, 0.0, gap)
            gap = np.where(level_p > level_n, gap * level_n / level_p, gap)
            low = 1.0 - level_p / level_n
            gap = np.where(level_p < level_n, low + gap * (1.0 - low), gap)
        return X[p] + gap * (X[n] - X[p])
