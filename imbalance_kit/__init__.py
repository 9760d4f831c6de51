"""imbalance_kit: fast, scikit-learn and imbalanced-learn compatible tools for
class-imbalanced tabular data.

Subpackages are imported on demand (``from imbalance_kit.over_sampling import
SMOTE``), so ``import imbalance_kit`` itself stays cheap.
"""

__version__ = "0.1.0.dev0"

__all__ = ["__version__"]
