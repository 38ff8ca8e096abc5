"""
The stacked LSTM tutorial on a noisy sine, split in time
========================================================

A widely copied Keras tutorial predicts the next value of a noisy sine from the
50 values before it, with ``LSTM(50) → Dropout(0.2) → LSTM(50) → Dropout(0.2) →
Dense(25) → Dense(1)``. It fits a min-max scaler on the whole series, then
splits the windows at random: nearly every test window shares 49 of its 50
steps with a training window, and its target is an input of the training
windows that follow it. Here the same network is an
:class:`~skltsm.LSTMRegressor` in a pipeline, trained on the first 80% of the
series and scored on the last 20%, with the scaler fitted on the training rows
only.
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
from sklearn.pipeline import make_pipeline

from skltsm import (
    LSTMRegressor,
    SequenceScaler,
    make_supervised,
    plot_forecast,
    plot_history,
)

QUICK = os.environ.get("SKLTSM_QUICK") == "1"

# %%
# The data: 10,000 samples of ``sin(t)`` with Gaussian noise of standard
# deviation 0.1, as in the tutorial, indexed by ``t``. ``make_supervised`` turns
# the series into 9,950 windows of 50 steps (a read-only view, no copy) and the
# value that follows each one, indexed by its time. The first 80% of the rows
# train, the last 20% test.
rng = np.random.default_rng(42)
t = pd.Index(np.arange(0, 1000, 0.1), name="t")
noise_std = 0.1
series = pd.Series(np.sin(t) + rng.normal(scale=noise_std, size=t.size), index=t)
X, y = make_supervised(series, history=50)
n_train = int(0.8 * len(y))
X_train, y_train, X_test, y_test = X[:n_train], y[:n_train], X[n_train:], y[n_train:]

# %%
# The model: the tutorial's network, after its ``MinMaxScaler(-1, 1)`` as a
# pipeline step, so that the scaler learns its minimum and maximum from the
# training rows. The regressor standardises the target itself and predicts in
# the original units: there is no inverse transform to write.
# ``early_stopping`` holds out the last 10% of the training rows for the
# validation loss, as the tutorial's ``validation_split=0.1`` does, but never
# shuffled into the training rows, and it keeps the weights of the best epoch.
# The tutorial trains 20 epochs; here the validation loss is close to its floor
# after the first (``0.01 / var(y)``, about 0.02, for the standardised target),
# so 8 are plenty.
lstm = LSTMRegressor(
    units=(50, 50),
    dropout=0.2,
    dense_units=(25,),
    epochs=2 if QUICK else 8,
    early_stopping=True,
    random_state=0,
)
model = make_pipeline(SequenceScaler(method="minmax", feature_range=(-1, 1)), lstm)
model.fit(X_train, y_train)
y_pred = pd.Series(model.predict(X_test), index=y_test.index)

# %%
# The score. No predictor can beat the noise: the best forecast of the next
# value is the clean sine, whose error is the noise itself, of variance
# ``0.1² = 0.01``. Repeating the last value pays the noise twice, and the step.
scores = pd.Series(
    {
        "LSTM": mean_squared_error(y_test, y_pred),
        "repeat the last value": mean_squared_error(y_test, X_test[:, -1, 0]),
        "clean sine (oracle)": mean_squared_error(y_test, np.sin(y_test.index)),
        "noise floor (σ²)": noise_std**2,
    },
    name="test MSE",
)
print(scores.to_frame().round(4).to_string())

# %%
# Predictions over the test part (the first 300 steps, about five periods),
# and the loss per epoch on the training and validation rows.
fig, (ax_pred, ax_loss) = plt.subplots(
    1, 2, figsize=(12, 4), gridspec_kw={"width_ratios": [2, 1]}
)
plot_forecast(
    y_test[:300],
    {"LSTM": y_pred[:300]},
    ax=ax_pred,
    title=f"Next-step forecasts on the test part (MSE {scores['LSTM']:.4f})",
)
ax_pred.set(xlabel="t", ylim=(-1.4, 1.6))
ax_pred.legend(loc="upper center", ncols=2, frameon=False)
plot_history(model, ax=ax_loss, title="Loss (MSE of the standardised target)")
fig.tight_layout()
fig.savefig("noisy_sine.png", dpi=110)
print("plot saved to noisy_sine.png")

# %%
# From the noisy series to test predictions in its original units, the
# tutorial writes 28 lines of code, not counting comments and blank lines: a
# scaler, a windowing loop, a shuffled split, two reshapes, the network, compile,
# fit, predict and two inverse transforms. This example writes 14, eight of
# them the regressor's call laid out one argument per line, and it scores the
# model on rows that come after every row it was trained on.
