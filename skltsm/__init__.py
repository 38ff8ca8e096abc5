"""skltsm: LSTM time-series models as first-class scikit-learn estimators."""

from . import _compat, _threads  # noqa: F401  (_compat first: it imports scikeras)
from .baselines import HoltWintersRegressor, SeasonalNaiveRegressor
from .calendar import CalendarFeatures
from .combination import CombinedRegressor
from .conformal import ConformalRegressor, window_spread
from .forecasting import future_index, recursive_forecast
from .linear import LastValueRidge
from .lstm import LSTMRegressor
from .metrics import (
    interval_coverage,
    make_forecast_scorer,
    mean_absolute_scaled_error,
    mean_scaled_interval_score,
)
from .model_selection import PanelTimeSeriesSplit
from .plotting import plot_forecast, plot_history, plot_scores
from .scaling import SequenceScaler
from .seq2seq import Seq2SeqLSTMRegressor
from .series_scaling import SeriesScaler
from .smoothing import add_smoothing_channels
from .uncertainty import predict_quantiles
from .windowing import SlidingWindow, make_supervised

# In a worker process (joblib's loky, Dask) and only there, TensorFlow's threads
# follow OMP_NUM_THREADS; nothing above starts TensorFlow's runtime, which would
# fix its thread pools.
_threads.limit_worker_threads()

__all__ = [
    "CalendarFeatures",
    "CombinedRegressor",
    "ConformalRegressor",
    "HoltWintersRegressor",
    "LSTMRegressor",
    "LastValueRidge",
    "PanelTimeSeriesSplit",
    "SeasonalNaiveRegressor",
    "Seq2SeqLSTMRegressor",
    "SequenceScaler",
    "SeriesScaler",
    "SlidingWindow",
    "add_smoothing_channels",
    "future_index",
    "interval_coverage",
    "make_forecast_scorer",
    "make_supervised",
    "mean_absolute_scaled_error",
    "mean_scaled_interval_score",
    "plot_forecast",
    "plot_history",
    "plot_scores",
    "predict_quantiles",
    "recursive_forecast",
    "window_spread",
]
__version__ = "0.1.0"
