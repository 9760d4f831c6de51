"""Pipelines whose per-row metadata (weights, costs, groups) follow resampling.

:class:`Pipeline` and :func:`make_pipeline` are imbalanced-learn's, plus one
thing: metadata with one entry per row travel with the rows through every
sampler, so each step receives the version aligned with its own rows.
"""

from ._pipeline import Pipeline, make_pipeline

__all__ = ["Pipeline", "make_pipeline"]
