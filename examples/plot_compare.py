"""
Which model earns its row? An honest comparison on the airline series
=====================================================================

One series, one chronological split, one ``TimeSeriesSplit`` for tuning: each
candidate is a scikit-learn pipeline over the same windows, so they are scored on
exactly the same rows. The windows are built once, at the largest window any
candidate tries; ``SlidingWindow`` crops them inside each pipeline, and
``GridSearchCV`` tunes that crop like any other hyper-parameter.
"""

# %%
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.compose import TransformedTargetRegressor
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.linear_model import Ridge
from sklearn.metrics import mean_absolute_error, root_mean_squared_error
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer
from sktime.datasets import load_airline

from skltsm import SeasonalNaiveRegressor, SlidingWindow, make_supervised

# %%
# The data: monthly airline passengers, 1949–1960. Train on 1949–1957, test on
# the 36 months of 1958–1960 (one-step-ahead forecasts).
airline = load_airline()
X, y = make_supervised(airline, window=24)
is_train = y.index < pd.Period("1958-01", freq="M")
X_train, y_train, X_test, y_test = X[is_train], y[is_train], X[~is_train], y[~is_train]
cv = TimeSeriesSplit(n_splits=4)


# %%
# The candidates: each one a pipeline over the windows, tuned on the training
# years only.
def lags(model, *steps):
    window = ("window", SlidingWindow(flatten=True))
    return Pipeline([*steps, window, ("model", model)])


log = FunctionTransformer(np.log, inverse_func=np.exp)


candidates = {
    "seasonal naive": SeasonalNaiveRegressor(season_length=12),
    "ridge": GridSearchCV(
        lags(Ridge()),
        {"window__window": [6, 12, 24], "model__alpha": [0.1, 10.0]},
        cv=cv,
        scoring="neg_mean_absolute_error",
    ),
    "ridge on log": GridSearchCV(
        lags(TransformedTargetRegressor(Ridge(), transformer=log), ("log", log)),
        {"window__window": [12, 24], "model__regressor__alpha": [0.01, 1.0]},
        cv=cv,
        scoring="neg_mean_absolute_error",
    ),
    "gradient boosting": GridSearchCV(
        lags(HistGradientBoostingRegressor(max_iter=100, random_state=0)),
        {"window__window": [12, 24]},
        cv=cv,
        scoring="neg_mean_absolute_error",
    ),
}

# %%
# Fit, forecast the test years, score. MASE divides by the in-sample MAE of the
# seasonal naive forecast (season 12) on the training years.
naive_scale = mean_absolute_error(y_train.to_numpy()[12:], y_train.to_numpy()[:-12])
rows, forecasts = [], {}
for name, model in candidates.items():
    start = time.perf_counter()
    model.fit(X_train, y_train)
    seconds = time.perf_counter() - start
    pred = pd.Series(model.predict(X_test), index=y_test.index)
    forecasts[name] = pred
    mae = mean_absolute_error(y_test, pred)
    rows.append(
        {
            "model": name,
            "MAE": mae,
            "RMSE": root_mean_squared_error(y_test, pred),
            "MASE": mae / naive_scale,
            "fit seconds": seconds,
            "tuned": getattr(model, "best_params_", {}),
        }
    )
table = pd.DataFrame(rows).set_index("model").sort_values("MASE")
print(table.round(3).to_string())

# %%
# The forecasts over the test years.
fig, ax = plt.subplots(figsize=(10, 4.5))
airline[-60:].plot(ax=ax, color="black", label="observed")
for name, pred in forecasts.items():
    pred.plot(ax=ax, label=f"{name} (MASE {table.loc[name, 'MASE']:.2f})")
ax.set_title("Airline passengers: one-step-ahead forecasts, 1958–1960")
ax.set_ylabel("passengers (thousands)")
ax.legend()
fig.tight_layout()
fig.savefig("compare.png", dpi=110)
print("plot saved to compare.png")
