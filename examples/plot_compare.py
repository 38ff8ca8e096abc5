"""
Does an LSTM earn its row? Airline passengers, three years ahead
================================================================

One series, one chronological holdout, one ``TimeSeriesSplit`` for tuning. Train
on 1949–1957, forecast the 36 months of 1958–1960 from the end of training, and
score the forecasts against what happened. Every candidate is tuned on the
training years only: seasonal naive, AutoETS, Ridge and gradient boosting on
lags, an ``LSTMRegressor`` and a ``Seq2SeqLSTMRegressor`` on the same windows
of the log series.

The LSTMs follow skltsm's recipe for a seasonal series: ``window_norm=
"seasonal"`` reads each window as its changes over one year, and the network
predicts the correction to the seasonal naive forecast with drift. Untrained,
it *is* that forecast, so that forecast is a row of its own, the **untrained
start**: the LSTM earns its row only where training beats it. The width and
whether to add a linear skip (``linear_skip``: a linear map of the window that
the LSTM corrects) are chosen by cross-validation with one network per
candidate; the chosen one is then refitted as an ensemble of five
(``n_members=5``).
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
import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.linear_model import Ridge
from sklearn.metrics import mean_absolute_error, root_mean_squared_error
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
from sklearn.multioutput import MultiOutputRegressor
from sklearn.pipeline import Pipeline
from sktime.datasets import load_airline
from sktime.forecasting.ets import AutoETS

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
MEMBERS = 2 if QUICK else 5

# %%
# The data: monthly passengers (thousands). The season multiplies with the
# level, so the models on lags work on the log series and their forecasts are
# mapped back with ``exp`` (AutoETS chooses its own form, multiplicative
# seasons included). The windows hold 24 months; the pipelines on lags crop
# them (``window__window``) and the search picks the length (the LSTMs' seasonal
# normalisation reads two years). Every model on lags forecasts 12 months at
# once, and the 36 months in three blocks. Nine years give 73 such rows: the
# search validates on the last two years (two folds), each fold after a gap of
# 11 rows, and early stopping holds out the last fifth of each fold's rows.
airline = load_airline()
train, test = airline[:"1957-12"], airline["1958-01":]
log_train = np.log(train)
HORIZON = 12


def lags(model):
    return Pipeline([("window", SlidingWindow(flatten=True)), ("model", model)])


def network(model):
    return Pipeline([("window", SlidingWindow()), ("model", model)])


# the recipe: seasonal window normalisation, small batches, early stopping on
# the last fifth of the training rows
recipe = {
    "window_norm": "seasonal",
    "season_length": 12,
    "epochs": EPOCHS,
    "batch_size": 16,
    "early_stopping": True,
    "validation_fraction": 0.2,
    "n_iter_no_change": 20,
    "random_state": int(os.environ.get("SKLTSM_SEED", 0)),
}
networks = {"model__units": [16, 32], "model__linear_skip": [False, True]}

# name: (estimator on lags of the log series, grid, ensemble members of the refit)
candidates = {
    "seasonal naive": (SeasonalNaiveRegressor(season_length=12), None, 1),
    "untrained start": (SeasonalNaiveRegressor(season_length=12, drift=True), None, 1),
    "ridge": (
        lags(Ridge()),
        {"window__window": [13, 24], "model__alpha": [0.01, 1.0]},
        1,
    ),
    "gradient boosting": (
        # one model per step of the horizon
        lags(
            MultiOutputRegressor(
                HistGradientBoostingRegressor(max_iter=100, random_state=0)
            )
        ),
        {"window__window": [13, 24]},
        1,
    ),
    "LSTM": (network(LSTMRegressor(**recipe)), networks, MEMBERS),
    "seq2seq LSTM": (network(Seq2SeqLSTMRegressor(**recipe)), networks, MEMBERS),
}
if QUICK:  # one point of each grid
    candidates = {
        name: (model, grid and {k: v[:1] for k, v in grid.items()}, members)
        for name, (model, grid, members) in candidates.items()
    }


# %%
# Fit on the training years, forecast 36 months, score. The search scores each
# candidate as it will be used: ``make_forecast_scorer`` forecasts each
# validation fold of ``TimeSeriesSplit`` from its first window alone, not one
# step ahead from the true history. The gap of ``HORIZON - 1`` rows keeps
# training targets out of validation folds. The networks are tuned with one
# member each, and the chosen one refitted as an ensemble.
def score(name, forecast, seconds, tuned):
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
            "tuned": tuned,
        }
    )


rows, forecasts = [], {}
X, y = make_supervised(log_train, history=24, horizon=HORIZON)
cv = TimeSeriesSplit(n_splits=2, test_size=12, gap=HORIZON - 1)
for name, (model, grid, members) in candidates.items():
    start = time.perf_counter()
    tuned = {}
    if grid is not None:
        if members > 1:
            model.set_params(model__n_members=1)
        search = GridSearchCV(model, grid, cv=cv, scoring=make_forecast_scorer())
        tuned = search.fit(X, y).best_params_
        model.set_params(**tuned)
        if members > 1:
            model.set_params(model__n_members=members)
    model.fit(X, y)
    forecast = np.exp(recursive_forecast(model, log_train, steps=len(test)))
    score(name, forecast, time.perf_counter() - start, tuned)

start = time.perf_counter()
with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # statsmodels' notes on convergence
    ets = AutoETS(auto=True, sp=12, n_jobs=1).fit(train)
score(
    "AutoETS",
    ets.predict(fh=np.arange(1, len(test) + 1)).to_numpy(),
    time.perf_counter() - start,
    {},
)

table = pd.DataFrame(rows).set_index("model").sort_values("MASE")
with pd.option_context("display.max_colwidth", 60, "display.width", 160):
    print(table.round(2).to_string())
start_mase = table.loc["untrained start", "MASE"]
for name in ("LSTM", "seq2seq LSTM"):
    change = table.loc[name, "MASE"] - start_mase
    verdict = "beats" if change < 0 else "does not beat"
    print(f"{name}: training {verdict} its untrained start ({change:+.2f} MASE)")

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

# %%
# How sure is the LSTM? The same tuned pipeline, refitted with ``quantiles``,
# trains one network on the pinball loss of five levels at once; its quantiles
# never cross. They come from one direct forecast, so the fan covers the first
# 12 months (the model's horizon). ``exp`` maps quantiles of the log series to
# quantiles of the series. In the full run the 80% interval covers only 4 of
# the 12 months: quantiles learnt from 73 overlapping rows come out too narrow
# here, and the median runs high through 1958. Twelve months are too few to
# judge coverage; ``benchmarks/bench_accuracy.py`` measures it over many
# series, next to ``ConformalRegressor``, which calibrates the intervals on
# the errors of time-ordered folds instead.
fan_model = clone(candidates["LSTM"][0])
fan_model.set_params(model__quantiles=(0.025, 0.1, 0.5, 0.9, 0.975)).fit(X, y)
fan = np.exp(recursive_forecast(fan_model, log_train, HORIZON, quantiles=True))
inside = (test[:HORIZON].to_numpy() >= fan[0.1]) & (
    test[:HORIZON].to_numpy() <= fan[0.9]
)
print(f"80% interval of the LSTM covers {inside.mean():.0%} of the 12 months of 1958")
ax = plot_forecast(airline["1955-01":"1958-12"], {"LSTM": fan}, split="1958-01")
ax.set(title="The LSTM's 80% and 95% intervals for 1958", ylabel="passengers")
ax.figure.savefig("compare_fan.png", dpi=110)
print("plot saved to compare_fan.png")
