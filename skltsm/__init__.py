"""skltsm: LSTM time-series models as first-class scikit-learn estimators."""

from .baselines import SeasonalNaiveRegressor
from .lstm import LSTMRegressor
from .scaling import SequenceScaler
from .seq2seq import Seq2SeqLSTMRegressor
from .windowing import SlidingWindow, make_supervised

__all__ = [
    "LSTMRegressor",
    "SeasonalNaiveRegressor",
    "Seq2SeqLSTMRegressor",
    "SequenceScaler",
    "SlidingWindow",
    "make_supervised",
]
__version__ = "0.1.0"
