"""Random under-sampling."""

import numpy as np
from imblearn.under_sampling.base import BaseUnderSampler
from sklearn.utils import check_random_state

from ..utils._validation import check_X_y_as_given
from ._base import RowSelectionMixin


class RandomUnderSampler(RowSelectionMixin, BaseUnderSampler):
    """Under-sample classes by drawing rows at random.

    Same parameters and, for the same ``random_state``, the same rows as
    :class:`imblearn.under_sampling.RandomUnderSampler`; a DataFrame keeps the
    index of the selected rows.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
    random_state : int, RandomState instance or None, default=None
    replacement : bool, default=False
        Draw with replacement.

    Attributes
    ----------
    sampling_strategy_ : dict
    sample_indices_ : ndarray of int
        Indices of the selected rows, class after class.
    n_features_in_ : int
    feature_names_in_ : ndarray of str

    See Also
    --------
    imbalance_kit.over_sampling.RandomOverSampler

    Examples
    --------
    >>> import numpy as np
    >>> from imbalance_kit.under_sampling import RandomUnderSampler
    >>> y = np.array([0] * 8 + [1] * 2)
    >>> X = np.arange(20).reshape(10, 2)
    >>> X_res, y_res = RandomUnderSampler(random_state=0).fit_resample(X, y)
    >>> np.bincount(y_res)
    array([2, 2])
    """

    # Rows are only selected, never combined: any finite X is exact as given,
    # so no power-of-two rescaling (and no refusal of X spanning the float range).
    _extreme_scale = "pass"

    _parameter_constraints: dict = {
        **BaseUnderSampler._parameter_constraints,
        "replacement": ["boolean"],
        "random_state": ["random_state"],
    }

    def __init__(
        self, *, sampling_strategy="auto", random_state=None, replacement=False
    ):
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state
        self.replacement = replacement

    def _check_X_y(self, X, y):
        return check_X_y_as_given(self, X, y)

    def _fit_resample(self, X, y):
        random_state = check_random_state(self.random_state)
        selected = []
        for target_class in np.unique(y):
            class_indices = np.flatnonzero(y == target_class)
            if target_class in self.sampling_strategy_:
                # a count, not range(count): the same draws (positions
                # 0..count-1) without numpy first copying the range into an
                # array element by element
                drawn = random_state.choice(
                    class_indices.size,
                    size=self.sampling_strategy_[target_class],
                    replace=self.replacement,
                )
                class_indices = class_indices[drawn]
            selected.append(class_indices)
        return self._select(X, y, np.concatenate(selected))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.input_tags.string = True
        return tags
