"""
One LSTM layer on a slow noisy sine, drawn over the whole series
================================================================

A short Keras tutorial fits ``LSTM(50) → Dense(1)`` to windows of 20 steps of a
noisy sine, then draws its predictions over the very series it was trained on,
which shows how well the network fits, not how well it forecasts. Here the
same network is trained on the first 80% of the series only, and its
predictions are drawn over the whole series with the training and test parts
marked: on the test part it predicts values it has never seen.
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
from sklearn.metrics import mean_squared_error

from skltsm import LSTMRegressor, make_supervised, plot_forecast

QUICK = os.environ.get("SKLTSM_QUICK") == "1"

# %%
# The data: 1,000 steps of ``sin(0.02 t)``, a period of about 314 steps, with
# Gaussian noise of standard deviation 0.2, as in the tutorial. Given a pandas
# Series, ``make_supervised`` returns ``y`` as a Series on the time of each
# target, so predictions keep their place on the time axis. Rows whose target
# comes before step 800 train, the 200 after test.
rng = np.random.default_rng(0)
time = pd.RangeIndex(1000, name="time")
noise_std = 0.2
series = pd.Series(
    np.sin(0.02 * time) + rng.normal(scale=noise_std, size=time.size), index=time
)
X, y = make_supervised(series, history=20)
is_train = y.index < 800
print(f"X: {X.shape}, y: {y.shape}, targets from time {y.index[0]} to {y.index[-1]}")

# %%
# The model: one LSTM layer of 50 units and a dense output, trained on the
# training rows only. The tutorial trains 10 epochs; 30 bring the error closer
# to the noise floor, in a few seconds. The regressor standardises the target
# itself and predicts in the series' units.
model = LSTMRegressor(units=50, epochs=2 if QUICK else 30, random_state=0)
model.fit(X[is_train], y[is_train])
pred = pd.Series(model.predict(X), index=y.index)

# %%
# The scores. The noise cannot be predicted: the best forecast is the clean
# sine, which no model knows and whose error is the noise drawn on each part,
# 0.04 on average and a little less on these 200 test steps. Repeating the last
# value pays the noise twice; the network, which can average the window, pays
# little more than the clean sine, on the test part as on the training part.
scores = pd.DataFrame(
    {
        "LSTM": [mean_squared_error(y[m], pred[m]) for m in (is_train, ~is_train)],
        "repeat the last value": [
            mean_squared_error(y[m], X[m, -1, 0]) for m in (is_train, ~is_train)
        ],
        "clean sine (oracle)": [
            mean_squared_error(y[m], np.sin(0.02 * y.index[m]))
            for m in (is_train, ~is_train)
        ],
        "noise floor (σ²)": noise_std**2,
    },
    index=["train MSE", "test MSE"],
).T
print(scores.round(4).to_string())

# %%
# The predictions over the whole series: in-sample on the training part, out of
# sample on the shaded test part. The observed series is drawn in grey, so that
# the predictions stand out from its noise.
fig, ax = plt.subplots(figsize=(10, 4))
plot_forecast(
    series,
    {"LSTM, training part": pred[is_train], "LSTM, test part": pred[~is_train]},
    ax=ax,
    title="LSTM(50) + Dense(1), next-step predictions from windows of 20 steps",
)
ax.lines[0].set(color="0.6", lw=0.8)
ax.axvspan(800, time[-1], color="grey", alpha=0.15, lw=0)
ax.text(805, 1.9, "test", va="top")
ax.text(795, 1.9, "train", va="top", ha="right")
ax.set(xlabel="time step", ylim=(-1.8, 2.0))
ax.legend(loc="upper left", ncols=3, frameon=False)
fig.tight_layout()
fig.savefig("sine_window20.png", dpi=110)
print("plot saved to sine_window20.png")
