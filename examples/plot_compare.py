"""
Does an LSTM earn its row? Airline passengers, three years ahead
================================================================

One series, one chronological holdout, one ``TimeSeriesSplit`` for tuning. Train
on 1949–1957, forecast the 36 months of 1958–1960 from the end of training, and
score the forecasts against what happened. Every candidate is a scikit-learn
estimator on the same windows of the log series, tuned by ``GridSearchCV`` on
the training years only: seasonal naive, Ridge and gradient boosting on lags,
an ``LSTMRegressor`` and a ``Seq2SeqLSTMRegressor``.

The LSTMs use ``window_norm="seasonal"``: each window is read as its changes over
one year, and the network predicts the correction to the seasonal naive forecast
with drift. Untrained, it *is* that forecast; training teaches it when to
deviate. This is skltsm's recommended recipe for a seasonal series.
"""

# %%
import importlib.util
import os
import tempfile
import time

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
import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.linear_model import Ridge
from sklearn.metrics import mean_absolute_error, root_mean_squared_error
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
from sklearn.pipeline import Pipeline
from sktime.datasets import load_airline

from skltsm import (
    LSTMRegressor,
    SeasonalNaiveRegressor,
    Seq2SeqLSTMRegressor,
    SlidingWindow,
    make_forecast_scorer,
    make_supervised,
    mean_absolute_scaled_error,
    plot_forecast,
    plot_scores,
    recursive_forecast,
)

QUICK = os.environ.get("SKLTSM_QUICK") == "1"  # the test suite's setting
EPOCHS = 2 if QUICK else 200

# %%
# The data: monthly passengers (thousands). The season multiplies with the
# level, so every model works on the log series and its forecasts are mapped
# back with ``exp``. The windows hold up to 36 months; each pipeline crops them
# (``window__window``) and the search picks the length.
airline = load_airline()
train, test = airline[:"1957-12"], airline["1958-01":]
log_train = np.log(train)


def lags(model):
    return Pipeline([("window", SlidingWindow(flatten=True)), ("model", model)])


def network(model):
    return Pipeline([("window", SlidingWindow()), ("model", model)])


# the recipe: seasonal window normalisation, small batches, and early stopping
# on the last fifth of the training rows
recipe = {
    "window_norm": "seasonal",
    "season_length": 12,
    "epochs": EPOCHS,
    "batch_size": 16,
    "early_stopping": True,
    "validation_fraction": 0.2,
    "random_state": int(os.environ.get("SKLTSM_SEED", 0)),
}
lstm = LSTMRegressor(**recipe)
seq2seq = Seq2SeqLSTMRegressor(**recipe)

# name: (estimator, horizon it is trained on, grid)
candidates = {
    "seasonal naive": (SeasonalNaiveRegressor(season_length=12), 1, None),
    "ridge": (
        lags(Ridge()),
        1,
        {"window__window": [13, 24, 36], "model__alpha": [0.01, 1.0]},
    ),
    "gradient boosting": (
        lags(HistGradientBoostingRegressor(max_iter=100, random_state=0)),
        1,
        {"window__window": [13, 24]},
    ),
    "LSTM": (
        network(lstm),
        1,
        {
            "window__window": [24, 36],
            "model__units": [16, 32],
            "model__dropout": [0.0, 0.2],
        },
    ),
    "seq2seq LSTM": (
        network(seq2seq),
        6,
        {"window__window": [24, 36], "model__units": [16, 32]},
    ),
}
if QUICK:  # one point of each grid
    candidates = {
        name: (model, horizon, grid and {k: v[:1] for k, v in grid.items()})
        for name, (model, horizon, grid) in candidates.items()
    }

# %%
# Fit on the training years, forecast 36 months recursively (the seq2seq model
# 6 at a time), score. The search scores each candidate as it will be used:
# ``make_forecast_scorer`` forecasts each validation fold of ``TimeSeriesSplit``
# from its first window alone, not one step ahead from the true history. The
# gap of ``horizon - 1`` rows keeps training targets out of validation folds.
rows, forecasts = [], {}
for name, (model, horizon, grid) in candidates.items():
    X, y = make_supervised(log_train, history=36, horizon=horizon)
    if grid is not None:
        cv = TimeSeriesSplit(n_splits=3, test_size=12, gap=horizon - 1)
        model = GridSearchCV(model, grid, cv=cv, scoring=make_forecast_scorer())
    start = time.perf_counter()
    model.fit(X, y)
    seconds = time.perf_counter() - start
    forecast = np.exp(recursive_forecast(model, log_train, steps=len(test)))
    forecasts[name] = forecast
    rows.append(
        {
            "model": name,
            "MAE": mean_absolute_error(test, forecast),
            "RMSE": root_mean_squared_error(test, forecast),
            "MASE": mean_absolute_scaled_error(
                test, forecast, y_train=train, season_length=12
            ),
            "fit seconds": seconds,
            "tuned": getattr(model, "best_params_", {}),
        }
    )
table = pd.DataFrame(rows).set_index("model").sort_values("MASE")
with pd.option_context("display.max_colwidth", 70, "display.width", 160):
    print(table.round(2).to_string())

# %%
# The forecasts over the holdout, and the scores side by side. MASE divides the
# error by that of the seasonal naive forecast on the training years: below 1
# beats it.
fig, (left, right) = plt.subplots(
    1, 2, figsize=(13, 4.5), gridspec_kw={"width_ratios": [2.2, 1]}
)
plot_forecast(airline["1955-01":], forecasts, split="1958-01", ax=left)
left.set_title("Airline passengers: 36-month forecasts from January 1958")
left.set_ylabel("passengers (thousands)")
plot_scores(table, "MASE", ax=right, title="MASE on 1958–1960 (lower is better)")
fig.tight_layout()
fig.savefig("compare.png", dpi=110)
print("plot saved to compare.png")
