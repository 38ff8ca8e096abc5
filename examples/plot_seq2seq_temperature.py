"""
Eighteen months in, eighteen out: a bidirectional encoder–decoder on temperatures
=================================================================================

A popular tutorial forecasts monthly mean temperatures 18 months ahead from the
18 months before, with a bidirectional LSTM encoder, a ``RepeatVector``, a
bidirectional LSTM decoder and a ``TimeDistributed(Dense)`` output. It takes a
hand-written windowing loop, 1,000 epochs with a batch size of 1, and scores the
model on a single test window. Here that network is
``Seq2SeqLSTMRegressor(bidirectional=True)``, scored on every 18-month forecast
of the last seven years, next to two baselines it has to beat.
"""

# %%
import importlib.util
import os
import tempfile

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
import statsmodels.api as sm
from sklearn.linear_model import Ridge
from sklearn.metrics import mean_absolute_error, root_mean_squared_error
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
from sklearn.pipeline import make_pipeline

from skltsm import (
    SeasonalNaiveRegressor,
    Seq2SeqLSTMRegressor,
    SequenceScaler,
    SlidingWindow,
    make_supervised,
    mean_absolute_scaled_error,
    plot_forecast,
)

QUICK = os.environ.get("SKLTSM_QUICK") == "1"

# %%
# The data: the tutorial's Australian weather file does not ship with any
# package, but statsmodels has a real monthly temperature series: the sea
# surface temperature off Ecuador and Peru (the Niño 1+2 region) in °C,
# 1950–2010, one row per year. Flattened row by row: 732 monthly values.
raw = sm.datasets.elnino.load_pandas().data
months = pd.period_range("1950-01", "2010-12", freq="M")
sst = pd.Series(raw.drop(columns="YEAR").to_numpy().ravel(), index=months, name="sst")

# %%
# Windows of 18 months in, 18 out. ``Y``'s index is each row's first forecast
# month. The test rows forecast from January 2004 on. Training rows must end
# their targets before that, so the 17 rows in between, whose targets straddle
# the split, are dropped.
X, Y = make_supervised(sst, history=18, horizon=18)
test_start = pd.Period("2004-01", freq="M")
is_train, is_test = Y.index + 17 < test_start, Y.index >= test_start
X_train, Y_train, X_test, Y_test = X[is_train], Y[is_train], X[is_test], Y[is_test]
sst_train = sst[sst.index < test_start]

# %%
# The models. Tuning uses ``TimeSeriesSplit(gap=17)`` for the same reason:
# consecutive rows share 17 of their 18 target months, so without a gap the
# last training rows of a fold would hold most of the first validation targets.
# The ridge regression on the flattened windows tunes its window and penalty.
# The network keeps the tutorial's layers (32 units each way) and lets early
# stopping choose its number of epochs, on the last tenth of its training rows
# (after a gap of 18 - 1 = 17 rows, which skltsm leaves for the same reason).
cv = TimeSeriesSplit(n_splits=4, gap=17)
models = {
    "seasonal naive": SeasonalNaiveRegressor(season_length=12),
    "ridge on lags": GridSearchCV(
        make_pipeline(SlidingWindow(flatten=True), Ridge()),
        {"slidingwindow__window": [12, 18], "ridge__alpha": [0.01, 1.0, 100.0]},
        cv=cv,
        scoring="neg_mean_absolute_error",
    ),
    "bidirectional seq2seq LSTM": make_pipeline(
        SequenceScaler(),
        Seq2SeqLSTMRegressor(
            units=32,
            bidirectional=True,
            learning_rate=0.003,
            epochs=2 if QUICK else 200,
            early_stopping=True,
            n_iter_no_change=20,
            random_state=0,
        ),
    ),
}

# %%
# Fit on 1950–2003, forecast every 18-month window of 2004–2010 and score all
# of its months. MASE divides by the in-sample MAE of the seasonal naive forecast
# (season 12) on the training years. Both learnt models beat the seasonal naive
# forecast; with some 600 training windows, the network's 33,601 weights do not
# buy it a lead over the linear model on the same windows.
rows, forecasts = {}, {}
for name, model in models.items():
    pred = model.fit(X_train, Y_train).predict(X_test)
    forecasts[name] = pred
    rows[name] = {
        "MAE": mean_absolute_error(Y_test, pred),
        "RMSE": root_mean_squared_error(Y_test, pred),
        "MASE": mean_absolute_scaled_error(
            Y_test, pred, y_train=sst_train, season_length=12
        ),
    }
table = pd.DataFrame(rows).T.sort_values("MASE")
print(f"{len(Y_test)} test forecasts of 18 months (°C)")
print(table.round(3).to_string())
print("ridge:", models["ridge on lags"].best_params_)

# %%
# Left, the forecast from the last test window (July 2009 to December 2010) over
# the observed series. Right, the MAE of each model by months ahead, over all
# the test forecasts.
fig, (left, right) = plt.subplots(
    1, 2, figsize=(12, 4), gridspec_kw={"width_ratios": [2.2, 1]}
)
last_months = pd.period_range(Y_test.index[-1], periods=18, freq="M")
plot_forecast(
    sst[last_months[0] - 36 :],
    {name: pd.Series(pred[-1], index=last_months) for name, pred in forecasts.items()},
    ax=left,
    title="18-month forecast from June 2009",
)
left.set_ylabel("sea surface temperature (°C)")
for name, pred in forecasts.items():
    errors = np.abs(Y_test.to_numpy() - pred).mean(axis=0)
    right.plot(np.arange(1, 19), errors, marker="o", ms=3, label=name)
right.set(xlabel="months ahead", ylabel="MAE (°C)", title="Error by horizon")
right.set_xticks([1, 6, 12, 18])
right.grid(alpha=0.3)
fig.tight_layout()
fig.savefig("seq2seq_temperature.png", dpi=110)
print("plot saved to seq2seq_temperature.png")
