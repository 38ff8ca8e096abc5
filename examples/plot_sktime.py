"""
An LSTM among sktime's forecasters: tuning and evaluation on airline
====================================================================

``skltsm.sktime.LSTMForecaster`` is a native sktime forecaster: it cuts the
series into windows itself, forecasts any horizon (recursively here), and
returns forecasts on the series' own time index. So sktime's tools take it as
they are: ``TransformedTargetForecaster`` fits it on the log series,
``ForecastingGridSearchCV`` over an ``ExpandingWindowSplitter`` tunes its window
length and units on the training years, and ``evaluate`` scores it against
its untrained start, seasonal naive and ETS on the same expanding-window
folds, one year ahead at a time, over 1958–1960.

The forecaster follows skltsm's recipe for a seasonal series:
``window_norm="seasonal"`` (the network learns corrections to the seasonal naive
forecast with drift), small batches, and early stopping on the last fifth of
the training windows.
"""

# %%
import importlib.util
import os
import tempfile
import time
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
# JAX, where installed, trains small LSTMs several times faster than TensorFlow
# on a CPU, and its compilation cache lets the fits of one architecture share
# their compiled code (docs: Long series and speed). KERAS_BACKEND, if set, wins.
if importlib.util.find_spec("jax"):
    os.environ.setdefault("KERAS_BACKEND", "jax")
    cache = os.path.join(tempfile.gettempdir(), "skltsm-jax-cache")
    os.environ.setdefault("JAX_COMPILATION_CACHE_DIR", cache)
    os.environ.setdefault("JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS", "0")

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
from sktime.datasets import load_airline
from sktime.forecasting.compose import TransformedTargetForecaster, make_reduction
from sktime.forecasting.ets import AutoETS
from sktime.forecasting.model_evaluation import evaluate
from sktime.forecasting.model_selection import ForecastingGridSearchCV
from sktime.forecasting.naive import NaiveForecaster
from sktime.performance_metrics.forecasting import (
    MeanAbsolutePercentageError,
    MeanAbsoluteScaledError,
)
from sktime.split import ExpandingWindowSplitter
from sktime.transformations.series.boxcox import LogTransformer

from skltsm import SeasonalNaiveRegressor, plot_forecast, plot_scores
from skltsm.sktime import LSTMForecaster

QUICK = os.environ.get("SKLTSM_QUICK") == "1"  # the test suite's setting
# sktime 1.2 warns, each time it makes a forecaster (every candidate and fold
# below), that the default of ``remember_data`` changes in 1.3; nothing here
# depends on it. A filter cannot silence it: sktime resets the filters of
# FutureWarning whenever it converts a horizon. So that note alone is not shown
# (in this process: the search runs here, ``backend=None``, rather than in a
# new process per core, sktime's default, which on a series this small costs
# more than it saves).
show_warning = warnings.showwarning


def showwarning(message, *args, **kwargs):
    if "``remember_data``" not in str(message):
        show_warning(message, *args, **kwargs)


warnings.showwarning = showwarning
SEED = int(os.environ.get("SKLTSM_SEED", 0))

# %%
# The data: monthly passengers (thousands), 1949–1960. The season multiplies
# with the level, so the LSTM works on the log series: ``LogTransformer`` in a
# ``TransformedTargetForecaster`` takes the log before fitting and maps the
# forecasts back.
airline = load_airline()
train = airline[:"1957-12"]
fh = list(range(1, 13))  # one year ahead

lstm = TransformedTargetForecaster(
    [
        ("log", LogTransformer()),
        (
            "lstm",
            LSTMForecaster(
                window_length=36,
                units=16,
                window_norm="seasonal",
                season_length=12,
                epochs=2 if QUICK else 200,
                batch_size=16,
                early_stopping=True,
                validation_fraction=0.2,
                random_state=SEED,
            ),
        ),
    ]
)

# %%
# Tuning on the training years only: each candidate is fitted on the years up
# to 1954, 1955 and 1956 and forecasts the next one; the search keeps the
# window length and units with the lowest mean absolute scaled error (MASE:
# below 1 beats the seasonal naive forecast, as measured on the training data).
grid = {"lstm__window_length": [24, 36], "lstm__units": [16, 32]}
if QUICK:  # one point of the grid
    grid = {name: values[:1] for name, values in grid.items()}
search = ForecastingGridSearchCV(
    lstm,
    cv=ExpandingWindowSplitter(fh=fh, initial_window=72, step_length=12),
    param_grid=grid,
    scoring=MeanAbsoluteScaledError(sp=12),
    backend=None,  # in this process: see above
)
start = time.perf_counter()
search.fit(train, fh=fh)
search_seconds = time.perf_counter() - start
tuning = search.cv_results_.set_index("params")["mean_test_MeanAbsoluteScaledError"]
print("MASE of each candidate over the tuning folds:")
print(tuning.round(3).to_string(), end="\n\n")
print(f"chosen: {search.best_params_}, in {search_seconds:.0f} s", end="\n\n")

# %%
# The comparison: ``evaluate`` refits every model on the years up to 1957, 1958
# and 1959 and forecasts the next year, so the three folds cover 1958–1960,
# years the search never saw. Seasonal naive repeats the last year; ``AutoETS``
# picks its exponential smoothing model by AIC. The **untrained start** is what
# the tuned LSTM forecasts before any training: the seasonal naive forecast with
# drift of the log series, fed back step by step as the LSTM's forecasts are
# (``SeasonalNaiveRegressor(drift=True)`` on the same windows, through sktime's
# ``make_reduction``); the LSTM earns its row only where training beats it.
untrained_start = TransformedTargetForecaster(
    [
        ("log", LogTransformer()),
        (
            "start",
            make_reduction(
                SeasonalNaiveRegressor(season_length=12, drift=True),
                window_length=search.best_params_["lstm__window_length"],
                strategy="recursive",
            ),
        ),
    ]
)
models = {
    "LSTM (tuned)": search.best_forecaster_,
    "untrained start": untrained_start,
    "seasonal naive": NaiveForecaster(strategy="last", sp=12),
    "AutoETS": AutoETS(auto=True, sp=12),
}
cv = ExpandingWindowSplitter(fh=fh, initial_window=len(train), step_length=12)
scoring = [MeanAbsolutePercentageError(), MeanAbsoluteScaledError(sp=12)]
folds = pd.concat(
    [
        evaluate(model, cv=cv, y=airline, scoring=scoring, return_data=True).assign(
            model=name
        )
        for name, model in models.items()
    ],
    ignore_index=True,
).rename(
    columns={
        "test_MeanAbsolutePercentageError": "MAPE",
        "test_MeanAbsoluteScaledError": "MASE",
        "fit_time": "fit seconds",
    }
)
table = (
    folds.groupby("model")[["MAPE", "MASE", "fit seconds"]].mean().sort_values("MASE")
)
print("Mean over the 1958, 1959 and 1960 folds (fit seconds: per fold):")
print(table.round(3).to_string())

# %%
# ETS, a model of level, trend and season, is hard to beat on a series this
# short and this regular. The LSTM starts from the seasonal naive forecast with
# drift and learns corrections to it from the hundred-odd months of each fold;
# early stopping ends training once the loss on the last fifth stops improving.
# ``plot_compare.py`` runs the same recipe over one 36-month holdout, next to
# scikit-learn's regressors.

# %%
# Each model's forecasts, one year at a time from January of 1958, 1959 and
# 1960, over what happened; and the MASE of each fold (bars: the mean, lines:
# the spread over the folds).
forecasts = {
    name: pd.concat(list(rows["y_pred"])) for name, rows in folds.groupby("model")
}
fig, (left, right) = plt.subplots(
    1, 2, figsize=(13, 4.5), gridspec_kw={"width_ratios": [2.2, 1]}
)
plot_forecast(airline["1955-01":], forecasts, split="1958-01", ax=left)
left.set_title("Airline passengers: 12-month forecasts from each January")
left.set_ylabel("passengers (thousands)")
plot_scores(folds, "MASE", ax=right, title="MASE on 1958–1960 (lower is better)")
fig.tight_layout()
fig.savefig("sktime.png", dpi=110)
print("plot saved to sktime.png")
