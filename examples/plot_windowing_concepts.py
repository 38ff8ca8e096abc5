"""
Windows, scaling, sequence length and batch size, as scikit-learn objects
=========================================================================

The concepts that Keras tutorials on LSTMs explain in prose (normalisation,
windowing, sequence length, batch size, layers and units) are, in skltsm,
functions, transformers and parameters that scikit-learn fits and tunes. Each
is shown here on the monthly CO2 concentration at Mauna Loa (1958–2001, from
statsmodels), then all are tuned together by ``GridSearchCV``.
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
from sklearn.metrics import mean_absolute_error
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
from sklearn.pipeline import Pipeline, make_pipeline

from skltsm import (
    LSTMRegressor,
    SeasonalNaiveRegressor,
    SequenceScaler,
    SlidingWindow,
    make_supervised,
    plot_forecast,
)

QUICK = os.environ.get("SKLTSM_QUICK") == "1"

# %%
# Windowing
# ---------
# Weekly readings, averaged per month, the few missing months interpolated.
# ``make_supervised`` makes one row per month ``t_i``: ``X[i]`` holds the 24
# values up to and including ``t_i``, ``y[i]`` the value at ``t_i + 1``. ``X``
# is a read-only view of the series, not a copy; ``y`` keeps its time index.
co2 = sm.datasets.co2.load_pandas().data["co2"].resample("MS").mean().interpolate()
X, y = make_supervised(co2, history=24)
print(f"series {co2.shape} -> X {X.shape}, y {y.shape}")
print(f"a view: {np.shares_memory(X, co2.to_numpy())}, writeable: {X.flags.writeable}")
i = 100  # row i ends at position i + 23 of the series
assert X[i, -1, 0] == co2.iloc[i + 23] and y.iloc[i] == co2.iloc[i + 24]
print(f"row {i}: X[{i}, -1] is {co2.index[i + 23]:%Y-%m}, y[{i}] is {y.index[i]:%Y-%m}")

# %%
# Sequence length
# ---------------
# ``SlidingWindow`` keeps the last ``window`` steps of each row, so the sequence
# length is a pipeline parameter, and every length is scored on the same rows.
# Cropping returns a view; ``flatten=True`` returns the lag matrix that
# classical regressors take, with named columns.
X_crop = SlidingWindow(12).fit_transform(X)
lags = SlidingWindow(12, flatten=True, channel_names=["co2"]).fit(X)
print(f"crop: {X_crop.shape}, a view of X: {np.shares_memory(X_crop, X)}")
print(f"flatten: {lags.transform(X).shape}, {list(lags.get_feature_names_out()[-3:])}")

# %%
# Normalisation
# -------------
# The last nine years test. A scaler fitted on every row, as in the tutorials,
# learns the maximum of the test years: the training inputs stop at 0.76, which
# tells the network how far the series will rise. Fitted on the training rows,
# as in a pipeline, it maps the test inputs above 1, beyond all it has seen.
is_train = y.index < "1993"
X_train, y_train, X_test, y_test = X[is_train], y[is_train], X[~is_train], y[~is_train]
scalers = {
    "fitted on all rows": SequenceScaler(method="minmax").fit(X),
    "fitted on training rows": SequenceScaler(method="minmax").fit(X_train),
}
for name, s in scalers.items():
    top = [s.transform(part).max() for part in (X_train, X_test)]
    print(f"{name}: largest scaled input {top[0]:.2f} in train, {top[1]:.2f} in test")

# %%
# Bounded activations do not extrapolate such a trend. With
# ``window_norm="last"`` the network subtracts each window's last value and adds
# it back to its output: it learns changes, not levels. It needs the target
# channel in the units of ``y``, so it replaces the scaler rather than follow it.
#
# Layers, units and batch size
# ----------------------------
# ``units=16`` is one LSTM layer of 16 units, ``(32, 16)`` two stacked layers;
# ``batch_size`` is the number of rows per gradient step (with the epochs fixed,
# 64 take a quarter of the steps of 16). The search compares a scaled candidate
# with a grid of window-normalised ones; each ``TimeSeriesSplit`` fold trains on
# the past and scores on the years after.
model = Pipeline(
    [
        ("window", SlidingWindow()),
        ("scale", SequenceScaler()),
        ("model", LSTMRegressor(epochs=2 if QUICK else 30, random_state=0)),
    ]
)
grid = {"window__window": [12, 24], "model__units": [16, (32, 16)]}
grid["model__batch_size"] = [16, 64]
first = {name: values[:1] for name, values in grid.items()}
grid = first if QUICK else grid
branches = [
    {**first, "scale": [SequenceScaler()], "model__window_norm": [None]},
    {**grid, "scale": ["passthrough"], "model__window_norm": ["last"]},
]
search = GridSearchCV(
    model, branches, cv=TimeSeriesSplit(n_splits=3), scoring="neg_mean_absolute_error"
)
search.fit(X_train, y_train)
results = pd.DataFrame(search.cv_results_).sort_values("rank_test_score")
params = ["model__window_norm", "window__window", "model__units", "model__batch_size"]
table = results[[f"param_{p}" for p in params]].fillna("none")
table.columns = [p.split("__")[1] for p in params]
table["CV MAE (ppm)"] = -results["mean_test_score"]
print(table.round(3).to_string(index=False))

# %%
# The best pipeline, refitted on all the training years, forecasts each month
# of the test years from the 24 before it, next to the baselines of the same
# windows: repeating the last value (what a ``window_norm="last"`` network
# forecasts before any training), the seasonal naive forecast (the value of 12
# months before) and a ridge regression on the lags, its window and penalty
# tuned on the same folds of the training years.
pred = pd.Series(search.predict(X_test), index=y_test.index)
mae = mean_absolute_error(y_test, pred)
ridge = GridSearchCV(
    make_pipeline(SlidingWindow(flatten=True), Ridge()),
    {"slidingwindow__window": [12, 24], "ridge__alpha": [0.1, 10.0]},
    cv=TimeSeriesSplit(n_splits=3),
    scoring="neg_mean_absolute_error",
)
baselines = {
    "last value": SeasonalNaiveRegressor(season_length=1),
    "seasonal naive": SeasonalNaiveRegressor(season_length=12),
    "ridge on lags": ridge,
}
scores = {"best LSTM": mae}
for name, baseline in baselines.items():
    baseline.fit(X_train, y_train)
    scores[name] = mean_absolute_error(y_test, baseline.predict(X_test))
print(f"best: {search.best_params_}")
print(pd.Series(scores, name="test MAE (ppm)").round(3).to_string())

# %%
# Left: the last step of each row (the value at ``t_i``) as the two scalers see
# it. Right: the forecasts of the test years.
fig, (ax_scale, ax_pred) = plt.subplots(1, 2, figsize=(12, 4))
for name, s in scalers.items():
    ax_scale.plot(co2.index[23:-1], s.transform(X)[:, -1, 0], label=name)
ax_scale.axvspan(y.index[~is_train][0], y.index[-1], color="grey", alpha=0.15, lw=0)
ax_scale.axhline(1, color="black", lw=0.8, ls=":")
ax_scale.set(title="Min-max scaled CO2 (shaded: test years)", ylabel="scaled")
ax_scale.legend(frameon=False)
title = f"Next-month forecasts of the test years (MAE {mae:.2f} ppm)"
plot_forecast(co2["1990":], {"best LSTM": pred}, ax=ax_pred, title=title)
ax_pred.set_ylabel("CO2 (ppm)")
fig.tight_layout()
fig.savefig("windowing_concepts.png", dpi=110)
print("plot saved to windowing_concepts.png")
