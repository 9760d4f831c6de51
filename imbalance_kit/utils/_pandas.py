"""Keeping pandas row labels through row-selecting samplers."""


def keep_row_index(X, X_res, y_res, sample_indices):
    """Give ``X_res``/``y_res`` the index of the rows of ``X`` they came from.

    Does nothing unless ``X`` and ``X_res`` are pandas DataFrames.
    """
    if hasattr(X, "iloc") and hasattr(X_res, "iloc"):
        X_res.index = X.index[sample_indices]
        if hasattr(y_res, "iloc"):
            y_res.index = X_res.index
    return X_res, y_res
