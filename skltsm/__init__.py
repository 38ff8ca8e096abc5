"""skltsm: LSTM time-series models as first-class scikit-learn estimators."""

from .baselines import SeasonalNaiveRegressor
from .scaling import SequenceScaler
from .windowing import SlidingWindow, make_supervised

__all__ = [
    "SeasonalNaiveRegressor",
    "SequenceScaler",
    "SlidingWindow",
    "make_supervised",
]
__version__ = "0.1.0"
