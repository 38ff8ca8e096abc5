"""
Recursive or direct? Forecasting a trending sine many steps ahead
=================================================================

A common tutorial fits a stacked LSTM(50) × 2 to a noisy sine on a linear trend,
with a look-back of 10 steps, and ends with a promise: "for prediction, take the
last look-back points, predict the next point, append it, and repeat". Here that
recursion is :func:`skltsm.recursive_forecast`, and it is compared with a direct
model that predicts all the steps at once, and with two baselines, on the last
quarter of the series. Each LSTM is tried with and without ``window_norm="last"``,
which is what lets it forecast values above anything it saw in training.
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
import numpy as np
import pandas as pd
from sklearn.metrics import mean_absolute_error, root_mean_squared_error
from sklearn.pipeline import make_pipeline

from skltsm import (
    LSTMRegressor,
    SeasonalNaiveRegressor,
    SequenceScaler,
    make_supervised,
    mean_absolute_scaled_error,
    plot_forecast,
    recursive_forecast,
)

QUICK = os.environ.get("SKLTSM_QUICK") == "1"

# %%
# The data: the tutorial's series, ``10 sin(t / 20) + 0.1 t`` plus Gaussian noise,
# 600 steps long instead of 200 so that the last 150 steps, held out for
# testing, climb above the training maximum. Its period is 2π·20 ≈ 126 steps.
rng = np.random.default_rng(42)
t = np.arange(600)
noise = rng.normal(scale=2.0, size=t.size)
series = pd.Series(10 * np.sin(t / 20) + 0.1 * t + noise, name="y")
TEST_START, WINDOW, HORIZON, PERIOD = 450, 10, 25, 126
train = series[:TEST_START]

# %%
# The test: from every 5th step of the test period, forecast the next 25 steps
# from the observed history before it, with no refit. ``make_supervised`` on
# the whole series gives each forecast's input window and its 25 true values;
# its index is the first forecast step.
X_all, Y_all = make_supervised(series, history=WINDOW, horizon=HORIZON)
starts = np.arange(TEST_START, len(series) - HORIZON + 1, 25 if QUICK else 5)
is_test = Y_all.index.isin(starts)
Y_test = Y_all[is_test].to_numpy()


# %%
# The models. A *recursive* model is the tutorial's: it predicts one step and
# is fed its own predictions. A *direct* model has the same layers and a dense
# head with 25 outputs, trained on ``y`` of shape ``(n, 25)``. Both learn from
# the training part only. Without ``window_norm`` the inputs are standardised
# by ``SequenceScaler``; with ``window_norm="last"`` the network reads each
# window relative to its last value, and adds that value back to its output.
def lstm(window_norm):
    model = LSTMRegressor(
        units=(50, 50),
        window_norm=window_norm,
        epochs=2 if QUICK else 30,
        batch_size=16,
        random_state=0,
    )
    return model if window_norm else make_pipeline(SequenceScaler(), model)


forecasts = {}
for norm, label in [("last", "window_norm='last'"), (None, "no window_norm")]:
    one_step = lstm(norm).fit(*make_supervised(train, history=WINDOW))
    forecasts[f"recursive, {label}"] = np.array(
        [recursive_forecast(one_step, series[:start], HORIZON) for start in starts]
    )
    direct = lstm(norm).fit(*make_supervised(train, history=WINDOW, horizon=HORIZON))
    forecasts[f"direct, {label}"] = direct.predict(X_all[is_test])

# %%
# Two baselines that learn nothing: the last value (naive), and the value one
# period earlier (seasonal naive, which reads windows of a whole period).
for name, season in [("naive", 1), ("seasonal naive", PERIOD)]:
    baseline = SeasonalNaiveRegressor(season)
    baseline.fit(*make_supervised(train, history=season, horizon=HORIZON))
    X, Y = make_supervised(series, history=season, horizon=HORIZON)
    forecasts[name] = baseline.predict(X[Y.index.isin(starts)])

# %%
# Scores over all test forecasts and steps. MASE divides the MAE by that of the
# seasonal naive forecast on the training part: below 1 beats it. The last
# column is the MAE on the steps whose true value lies above the training
# maximum, where a network that cannot extrapolate has to fail.
beyond = Y_test > train.max()
table = pd.DataFrame(
    {
        name: {
            "MAE": mean_absolute_error(Y_test, pred),
            "RMSE": root_mean_squared_error(Y_test, pred),
            "MASE": mean_absolute_scaled_error(
                Y_test, pred, y_train=train, season_length=PERIOD
            ),
            "MAE above train max": np.abs(Y_test - pred)[beyond].mean(),
        }
        for name, pred in forecasts.items()
    }
).T.sort_values("MAE")
print(
    f"{len(starts)} forecasts of {HORIZON} steps, {beyond.mean():.0%} of the true "
    f"values above the training maximum of {train.max():.1f}"
)
print(table.round(2).to_string())

# %%
# One forecast from the top of the test period, where the series is highest.
# Without ``window_norm`` the networks fall back into the range they were
# trained on; with it they follow the series up. With a look-back of 10 noisy
# steps no model sees enough of the 126-step cycle to forecast its turn, which
# is why none does much better than the naive forecast: the window is the next
# thing to tune (see the comparison example).
start = 525
row, steps = list(starts).index(start), pd.RangeIndex(start, start + HORIZON)
shown = {name: pd.Series(pred[row], index=steps) for name, pred in forecasts.items()}
ax = plot_forecast(series[350:], shown, title="25-step forecasts from t = 525")
ax.axvline(TEST_START, color="grey", ls=":", lw=1, label="start of the test")
ax.axhline(train.max(), color="grey", ls="--", lw=1, label="training maximum")
ax.legend(frameon=False, ncols=2, fontsize="small", loc="upper left")
ax.set_xlabel("t")
ax.figure.tight_layout()
ax.figure.savefig("recursive_multistep.png", dpi=110)
print("plot saved to recursive_multistep.png")
