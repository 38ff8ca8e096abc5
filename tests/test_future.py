"""Inputs known in advance: ``make_supervised(future=...)``, the regressors'
``future_channels`` and ``recursive_forecast(future_columns=...)``."""

import pickle

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import TimeSeriesSplit
from sklearn.multioutput import MultiOutputRegressor
from sklearn.pipeline import make_pipeline

from skltsm import (
    CalendarFeatures,
    ConformalRegressor,
    LSTMRegressor,
    Seq2SeqLSTMRegressor,
    SlidingWindow,
    future_index,
    make_forecast_scorer,
    make_supervised,
    recursive_forecast,
)


def frame(n=40):
    t = np.arange(n, dtype=float)
    index = pd.date_range("2024-01-01", periods=n, freq="D")
    return pd.DataFrame({"y": 100 + t, "temp": 1000 + t, "other": -t}, index=index)


@pytest.mark.parametrize("horizon", [1, 3])
def test_lead_channel_holds_the_column_over_the_steps_each_row_forecasts(horizon):
    data, history = frame(), 5
    X, y = make_supervised(
        data, history=history, horizon=horizon, target="y", future=["temp"]
    )
    assert X.shape == (40 - history - horizon + 1, history, 4)
    for i in (0, 7, len(X) - 1):
        t = i + history - 1  # the row's last step of history
        # the ordinary channels are unchanged, the lead one is H steps ahead
        assert_array_equal(X[i, :, :3], data.to_numpy()[t - history + 1 : t + 1])
        lead = data["temp"].to_numpy()[t - history + 1 + horizon : t + horizon + 1]
        assert_array_equal(X[i, :, 3], lead)
        # its last H steps are the column at the times of the row's targets
        target_times = (np.atleast_1d(y.iloc[i]) - 100).astype(int)
        assert_array_equal(X[i, -horizon:, 3], 1000 + target_times)
    assert not X.flags.writeable


def test_future_columns_by_position_and_without_the_target_as_input():
    values = frame().to_numpy()
    X, _ = make_supervised(
        values, history=4, horizon=2, target=0, target_as_input=False, future=[2, 1]
    )
    # temp, other, then their leads, in the columns' order (as listed or not)
    assert X.shape[2] == 4
    assert_array_equal(X[0, :, 2], values[2:6, 1])
    assert_array_equal(X[0, :, 3], values[2:6, 2])
    # positions from the end, as `target` takes them
    X_end, _ = make_supervised(
        values, history=4, horizon=2, target=0, target_as_input=False, future=[-1, -2]
    )
    assert_array_equal(X_end, X)


def test_a_lead_channel_never_reads_another_series():
    a, b = frame(12), frame(12) + 10_000
    X, y = make_supervised(
        {"a": a, "b": b}, history=3, horizon=2, target="y", future=["temp"]
    )
    for row, (series, _) in zip(X, y.index, strict=True):
        base = 0 if series == "a" else 10_000
        own = (row[:, 1] >= base) & (row[:, 1] < base + 5000)
        lead = (row[:, 3] >= base) & (row[:, 3] < base + 5000)
        assert own.all() and lead.all()
        assert_array_equal(row[:, 3], row[:, 1] + 2)  # two steps ahead


@pytest.mark.parametrize(
    "future, message",
    [
        (["rain"], "not a column"),
        (["y"], "cannot be known in advance"),
        (["temp", "temp"], "twice"),
    ],
)
def test_bad_future_columns_are_named(future, message):
    with pytest.raises(ValueError, match=message):
        make_supervised(frame(), history=3, target="y", future=future)


@pytest.mark.parametrize("data", [frame(), {"a": frame(), "b": frame(30)}])
def test_a_history_shorter_than_the_horizon_cannot_hold_the_known_inputs(data):
    # the window's lead channel holds the column at t-W+1+H ... t+H: with
    # W < H it would miss the first H-W steps forecast, with no word said
    with pytest.raises(ValueError, match=r"history=2.*horizon=3.*t\+1"):
        make_supervised(data, history=2, horizon=3, target="y", future=["temp"])
    make_supervised(data, history=3, horizon=3, target="y", future=["temp"])


def test_a_sliding_window_shorter_than_the_horizon_cannot_crop_the_known_inputs():
    # the lead channel's last w steps hold the column at t+H-w+1 ... t+H: a
    # window of 2 with H = 3 keeps temp at t+2, t+3 and drops it at t+1
    data = frame()
    X, y = make_supervised(data, history=5, horizon=3, target="y", future=["temp"])
    model = make_pipeline(SlidingWindow(2, flatten=True), LinearRegression())
    with pytest.raises(ValueError, match=r"window=2.*horizon 3.*channel 3.*t\+1"):
        model.fit(X, y)
    model.set_params(slidingwindow__window=3).fit(X, y)
    # windows no longer than the horizon: the lead is the column H rows later
    X, y = make_supervised(data, history=3, horizon=3, target="y", future=["temp"])
    with pytest.raises(ValueError, match=r"window=2.*horizon 3.*channel 3"):
        model.set_params(slidingwindow__window=2).fit(X, y)
    # without lead channels a window shorter than the horizon is fine, with
    # two flags that never fire (equal at every step) too
    data = data.assign(holiday=0.0, promotion=0.0)
    X, y = make_supervised(data, history=5, horizon=3, target="y")
    make_pipeline(SlidingWindow(1, flatten=True), LinearRegression()).fit(X, y)


def test_a_sliding_window_shorter_than_the_horizon_is_refused_on_a_panel_too():
    # windows no longer than the horizon: the lead is the column H rows later
    # in the same series, and a panel's rows go by time, then by series
    data = {"a": frame(), "b": frame() + 1000}
    X, y = make_supervised(data, history=3, horizon=3, target="y", future=["temp"])
    model = make_pipeline(SlidingWindow(2, flatten=True), LinearRegression())
    with pytest.raises(ValueError, match=r"window=2.*horizon 3.*channel 3"):
        model.fit(X, y)
    model.set_params(slidingwindow__window=3).fit(X, y)
    X, y = make_supervised(data, history=3, horizon=3, target="y")
    model.set_params(slidingwindow__window=2).fit(X, y)


@pytest.mark.parametrize(("freq", "horizon", "window"), [("D", 3, 2), ("h", 24, 12)])
def test_one_hot_calendar_columns_are_no_lead_channels(freq, horizon, window):
    # one-hot days of the week are each other moved H steps ahead (Sunday at
    # t is Monday at t+24 hours), as a lead channel is its column; but they
    # go round in a cycle, where a lead channel's values H steps later are
    # past the end of the data: without future= there is nothing to crop
    times = pd.date_range("2024-01-01", periods=400, freq=freq)
    rng = np.random.default_rng(0)
    days = CalendarFeatures(["dayofweek"], encoding="onehot")
    data = pd.DataFrame(
        days.set_output(transform="pandas").fit_transform(times), index=times
    ).assign(y=rng.normal(size=len(times)), price=rng.normal(size=len(times)))
    X, y = make_supervised(data, history=2 * horizon, horizon=horizon, target="y")
    SlidingWindow(window).fit(X, y)
    # inputs known in advance beside them keep their lead channels, and so
    # do the days themselves (the lead of a day holds another day's values)
    for known in (["price"], ["dayofweek_0"], list(days.get_feature_names_out())):
        X, y = make_supervised(
            data, history=2 * horizon, horizon=horizon, target="y", future=known
        )
        with pytest.raises(ValueError, match=f"window={window}.*horizon {horizon}"):
            SlidingWindow(window).fit(X, y)


def test_the_models_horizon_is_asked_of_a_window_of_the_series():
    # asked of a window of zeros, a step that takes no zero (a log) made an
    # infinity, told as gaps in the data
    from sklearn.preprocessing import FunctionTransformer

    data = frame()[["y", "temp"]]  # positive values
    X, y = make_supervised(data, history=4, horizon=2, target="y", future=["temp"])
    model = make_pipeline(
        SlidingWindow(flatten=True), FunctionTransformer(np.log), LinearRegression()
    ).fit(X, y)
    ahead = pd.DataFrame({"temp": 1040.0}, index=future_index(data.index, 2))
    forecast = recursive_forecast(
        model, data, 2, target="y", future=ahead, future_columns=["temp"]
    )
    last = X[-1:].copy()  # the last window, its lead channel moved on
    last[0, :, :2] = data.to_numpy()[-4:]
    last[0, :, 2] = [1038.0, 1039.0, 1040.0, 1040.0]
    assert_allclose(forecast, model.predict(last)[0])


@pytest.mark.parametrize("cls", [LSTMRegressor, Seq2SeqLSTMRegressor])
def test_a_network_of_calendar_inputs_forecasts_past_the_end(cls):
    # its horizon was asked of a window whose lead channels held the known
    # columns unmoved: a day-of-week column equals itself 7 days on, which
    # the network's own check read as leads built for horizon=7, and refused
    rng = np.random.default_rng(0)
    dates = pd.date_range("2024-01-01", periods=60, freq="D")
    data = pd.DataFrame({"temp": rng.normal(15, 5, 60)}, index=dates)
    calendar = CalendarFeatures(["dayofweek"]).set_output(transform="pandas")
    data = data.join(calendar.fit_transform(data))
    known = list(calendar.get_feature_names_out())
    X, y = make_supervised(data, history=14, horizon=3, target="temp", future=known)
    model = cls(units=2, epochs=1, future_channels=len(known), random_state=0)
    model.fit(X, y)
    future = calendar.transform(future_index(data.index, 6))
    forecast = recursive_forecast(
        model, data, 6, target="temp", future=future, future_columns=known
    )
    assert forecast.shape == (6,) and np.isfinite(forecast).all()


def test_nan_in_a_future_column_is_named_with_its_time():
    data = frame()
    data.iloc[20, 1] = np.nan
    with pytest.raises(ValueError, match="2024-01-21"):
        make_supervised(data, history=3, target="y", future=["temp"])


@pytest.mark.parametrize("horizon", [1, 4])
def test_forecast_builds_the_windows_that_training_built(horizon):
    """The window a forecast reads at the end of a series is the row that
    make_supervised builds there: same channels, same lead alignment."""
    data = frame(60)
    model = make_pipeline(SlidingWindow(flatten=True), LinearRegression())
    X, y = make_supervised(
        data, history=6, horizon=horizon, target="y", future=["temp"]
    )
    model.fit(X + np.random.default_rng(0).normal(size=X.shape), y)
    past, ahead = data.iloc[:-horizon], data.iloc[-horizon:]
    forecast = recursive_forecast(
        model,
        past,
        steps=horizon,
        target="y",
        future=ahead[["temp", "other"]],
        future_columns=["temp"],
    )
    assert_allclose(forecast.to_numpy(), model.predict(X[-1:]).ravel())
    assert_array_equal(forecast.index, ahead.index)


def test_forecast_of_a_known_input_follows_it_exactly():
    # y is tomorrow's value of a known input: a linear model learns it exactly
    rng = np.random.default_rng(1)
    temp = rng.normal(size=80)
    data = pd.DataFrame({"y": np.r_[0.0, temp[:-1]], "temp": temp})
    X, y = make_supervised(data, history=3, target="y", future=["temp"])
    model = make_pipeline(SlidingWindow(flatten=True), LinearRegression()).fit(X, y)
    ahead = pd.DataFrame({"temp": rng.normal(size=5)}, index=pd.RangeIndex(80, 85))
    forecast = recursive_forecast(
        model, data, steps=5, target="y", future=ahead, future_columns=["temp"]
    )
    assert_allclose(forecast, np.r_[temp[-1], ahead["temp"][:4]], atol=1e-8)
    on_arrays = recursive_forecast(
        model,
        data.to_numpy(),
        steps=5,
        target=0,
        future=ahead.to_numpy(),
        future_columns=[1],
    )
    assert_allclose(on_arrays, forecast, atol=1e-12)
    # columns labelled by numbers, as a DataFrame of an array has them
    numbered = recursive_forecast(
        model,
        data.set_axis([0, 1], axis=1),
        steps=5,
        target=0,
        future=ahead.set_axis([1], axis=1),
        future_columns=[1],
    )
    assert_allclose(numbered, forecast, atol=1e-12)


@pytest.mark.parametrize("panel", [False, True])
def test_known_inputs_listed_in_another_order_are_read_in_their_own_place(panel):
    # y is a different mix of two known inputs: a model fitted with the
    # columns listed one way and forecast with them listed the other way
    # must not read each in the other's place (same count: nothing refuses it)
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=84), rng.normal(size=84)
    full = pd.DataFrame({"y": 2 * a - 0.5 * b, "a": a, "b": b})
    data, ahead = full.iloc[:80], full.iloc[80:][["a", "b"]]
    if panel:
        data, ahead = {"s": data}, {"s": ahead}
    X, y = make_supervised(data, history=3, horizon=2, target="y", future=["a", "b"])
    X_swapped, _ = make_supervised(
        data, history=3, horizon=2, target="y", future=["b", "a"]
    )
    assert_array_equal(X_swapped, X)
    model = make_pipeline(SlidingWindow(flatten=True), LinearRegression()).fit(X, y)
    for order in (["a", "b"], ["b", "a"]):
        forecast = recursive_forecast(
            model, data, 4, target="y", future=ahead, future_columns=order
        )
        forecast = forecast["s"] if panel else forecast
        assert_allclose(forecast, full["y"].iloc[80:], atol=1e-8)


def test_forecast_names_the_missing_times_of_a_future_input():
    data = frame(50)
    X, y = make_supervised(data, history=4, horizon=3, target="y", future=["temp"])
    model = make_pipeline(SlidingWindow(flatten=True), LinearRegression()).fit(X, y)
    times = pd.date_range("2024-02-20", periods=4, freq="D")
    ahead = pd.DataFrame({"temp": 1.0, "other": 1.0}, index=times)
    # 5 steps in blocks of 3 read the inputs over 6 steps: the 6th is missing
    with pytest.raises(ValueError, match="2024-02-25"):
        recursive_forecast(
            model, data, 5, target="y", future=ahead, future_columns=["temp"]
        )
    with pytest.raises(ValueError, match="not a column"):
        recursive_forecast(
            model, data, 5, target="y", future=ahead, future_columns=["rain"]
        )
    # in a panel, the series is named by its key
    full = ahead.reindex(future_index(data.index, 6), method="ffill")
    with pytest.raises(ValueError, match="forecast times of series 'b'"):
        recursive_forecast(
            model,
            {"a": data, "b": data},
            5,
            target="y",
            future={"a": full, "b": ahead},
            future_columns=["temp"],
        )


def test_quantiles_past_the_horizon_are_refused_before_the_known_inputs():
    # quantiles of 5 steps from a model of horizon 3 asked first for the
    # known inputs over 6 steps, and refused the 5 steps only once given them
    data = frame(50)
    X, y = make_supervised(data, history=4, horizon=3, target="y", future=["temp"])
    model = ConformalRegressor(
        make_pipeline(SlidingWindow(flatten=True), LinearRegression()),
        quantiles=(0.1, 0.9),
        cv=TimeSeriesSplit(3, gap=2),
    ).fit(X, y)
    ahead = data[["temp", "other"]].iloc[:5].set_axis(future_index(data.index, 5))
    known = {"target": "y", "future": ahead, "future_columns": ["temp"]}
    with pytest.raises(ValueError, match="forecasts 3 step.*fewer than steps=5"):
        recursive_forecast(model, data, 5, quantiles=True, **known)
    fan = recursive_forecast(model, data, 3, quantiles=True, **known)
    assert fan.shape == (3, 2)


def test_an_infinite_future_value_is_named_with_its_column_and_time():
    # NaN in a table is a value not given; infinity is a value given, which
    # reached the model (scikit-learn's "Input X contains infinity", naming
    # no column of `future`, or a forecast of inf from a model that reads it)
    data = frame(50)
    X, y = make_supervised(data, history=4, horizon=2, target="y", future=["temp"])
    model = make_pipeline(SlidingWindow(flatten=True), LinearRegression()).fit(X, y)
    ahead = pd.DataFrame({"temp": 1.0, "other": 1.0}, index=future_index(data.index, 4))
    for column in ("temp", "other"):
        infinite = ahead.copy()
        infinite.loc["2024-02-21", column] = -np.inf
        with pytest.raises(ValueError, match=rf"infinite.*'{column}'.*2024-02-21"):
            recursive_forecast(
                model, data, 3, target="y", future=infinite, future_columns=["temp"]
            )
    with pytest.raises(ValueError, match=r"infinite.* of series 'a'.*'temp'.*02-21"):
        recursive_forecast(
            model,
            {"a": data},
            3,
            target="y",
            future={"a": infinite.assign(other=1.0, temp=[1, np.inf, 1, 1])},
            future_columns=["temp"],
        )


def test_an_array_future_reads_nan_as_a_table_does():
    # NaN is a value not given, refused only where the forecast reads it; an
    # array's was refused wherever it lay ("fill them before windowing"),
    # and its infinity is named by its position
    data = frame(50)
    X, y = make_supervised(data, history=4, target="y")
    model = make_pipeline(SlidingWindow(flatten=True), LinearRegression()).fit(X, y)
    ahead = np.ones((3, 2))
    expected = recursive_forecast(model, data.to_numpy(), 3, target=0, future=ahead)
    ahead[2] = np.nan  # a one-step model reads the first two rows of 3 steps
    forecast = recursive_forecast(model, data.to_numpy(), 3, target=0, future=ahead)
    assert_allclose(forecast, expected)
    with pytest.raises(ValueError, match=r"lacks the channels.*: step 3\."):
        recursive_forecast(model, data.to_numpy(), 4, target=0, future=ahead)
    ahead[1, 1] = np.inf
    with pytest.raises(ValueError, match=r"`future` holds 1 infinite.*position 1"):
        recursive_forecast(model, data.to_numpy(), 3, target=0, future=ahead)


def test_a_panel_future_keyed_by_none_of_its_series_is_named():
    # a list given for a dict's panel, or keys that all miss, would leave
    # every series "lacking" its future: the keys themselves are named
    data = frame(50)
    X, y = make_supervised(data, history=4, horizon=2, target="y", future=["temp"])
    model = make_pipeline(SlidingWindow(flatten=True), LinearRegression()).fit(X, y)
    ahead = pd.DataFrame({"temp": 1.0}, index=future_index(data.index, 4))
    ahead = ahead.assign(other=1.0)
    panel = {"a": data, "b": data}
    with pytest.raises(ValueError, match=r"names series .*none of .*'a', 'b'"):
        recursive_forecast(
            model,
            panel,
            3,
            target="y",
            future={"A": ahead, "B": ahead},
            future_columns=["temp"],
        )
    # a future of more series than are forecast is read by key
    wider = {"a": ahead, "b": ahead, "c": ahead}
    forecast = recursive_forecast(
        model, panel, 3, target="y", future=wider, future_columns=["temp"]
    )
    assert list(forecast) == ["a", "b"] and len(forecast["b"]) == 3


def test_a_list_future_for_a_panel_not_in_a_list_is_refused():
    # a list's positions are not a dict's keys: for a dict keyed 1, 0 (its
    # order) the list [future of 1, future of 0] was read by key, each
    # series given the other's future, silently
    data = frame(50)
    X, y = make_supervised(data, history=4, horizon=2, target="y", future=["temp"])
    model = make_pipeline(SlidingWindow(flatten=True), LinearRegression()).fit(X, y)
    ahead = pd.DataFrame({"temp": 1.0, "other": 1.0}, index=future_index(data.index, 4))
    futures = [ahead, ahead + 1.0]
    for panel in ({1: data, 0: data}, {"a": data, "b": data}):
        with pytest.raises(ValueError, match=r"is a list.*by position.*dict by"):
            recursive_forecast(
                model, panel, 3, target="y", future=futures, future_columns=["temp"]
            )
    # a list's panel takes a list, by position, as before
    forecast = recursive_forecast(
        model, [data, data], 3, target="y", future=futures, future_columns=["temp"]
    )
    keyed = recursive_forecast(
        model,
        {1: data, 0: data},
        3,
        target="y",
        future={1: futures[0], 0: futures[1]},
        future_columns=["temp"],
    )
    assert_allclose(forecast[0], keyed[1])
    assert_allclose(forecast[1], keyed[0])
    assert not np.allclose(forecast[0], forecast[1])


def test_forecast_names_a_missing_channel_that_has_no_lead_channel():
    # "other" is read over the forecast as an ordinary channel, beside the
    # lead channel of "temp": its missing times are named, as without leads
    data = frame(50)
    X, y = make_supervised(data, history=4, horizon=2, target="y", future=["temp"])
    model = make_pipeline(SlidingWindow(flatten=True), LinearRegression()).fit(X, y)
    ahead = pd.DataFrame({"temp": 1.0}, index=future_index(data.index, 4))
    for future in (ahead, ahead["temp"], ahead.assign(other=[1.0, np.nan, 1, 1])):
        with pytest.raises(ValueError, match=r"\['other'\] at .*2024-02-21"):
            recursive_forecast(
                model, data, 3, target="y", future=future, future_columns=["temp"]
            )


def test_a_forecast_without_the_known_inputs_the_model_reads_says_so():
    # a model trained with lead channels reads one more channel per known
    # input than the series has: the error names `future_columns`
    data = frame(50)
    X, y = make_supervised(data, history=4, horizon=3, target="y", future=["temp"])
    model = make_pipeline(SlidingWindow(flatten=True), LinearRegression()).fit(X, y)
    with pytest.raises(ValueError, match=r"on 4 channels.* has 3\..*`future_columns`"):
        recursive_forecast(model, data, 3, target="y")
    # a model trained without them, given some, is told apart too
    X, y = make_supervised(data, history=4, horizon=3, target="y")
    model.fit(X, y)
    with pytest.raises(ValueError, match=r"on 3 channels.*4 in all.*without"):
        recursive_forecast(model, data, 3, target="y", future_columns=["temp"])


def test_a_forecast_of_a_model_without_the_target_as_input_says_so():
    # windows of make_supervised(target_as_input=False) lack the target: one
    # channel fewer, which the error took for a model without known inputs
    data = frame(50)
    for future in (["temp"], None):
        X, y = make_supervised(
            data, history=4, horizon=3, target="y", target_as_input=False, future=future
        )
        model = make_pipeline(SlidingWindow(flatten=True), LinearRegression())
        with pytest.raises(ValueError, match=r"target_as_input=False.*feeds"):
            recursive_forecast(
                model.fit(X, y), data, 3, target="y", future_columns=future
            )


def test_forecast_scorer_reads_the_known_inputs_of_the_fold():
    data = frame(60)
    X, y = make_supervised(data, history=5, target="y", future=["temp"])
    model = make_pipeline(SlidingWindow(flatten=True), LinearRegression())
    model.fit(X[:40], y[:40])
    score = make_forecast_scorer()(model, X[40:], y[40:])
    assert score == pytest.approx(0.0, abs=1e-6)  # the series is linear


def sine_with_known_input(n=240):
    rng = np.random.default_rng(0)
    temp = rng.normal(size=n)
    y = np.sin(np.arange(n) / 4) + 2 * temp  # today's value moves the target
    return pd.DataFrame({"y": y, "temp": temp})


@pytest.mark.parametrize(
    ("cls", "window_norm"),
    [
        (LSTMRegressor, None),
        (LSTMRegressor, "seasonal"),
        (Seq2SeqLSTMRegressor, "seasonal"),
        # the decoder reads the known inputs alike with either norm
        pytest.param(Seq2SeqLSTMRegressor, None, marks=pytest.mark.slow),
    ],
)
def test_networks_read_the_known_inputs_over_the_forecast(cls, window_norm):
    X, y = make_supervised(
        sine_with_known_input(), history=12, horizon=3, target="y", future=["temp"]
    )
    model = cls(
        units=4,
        epochs=2,
        future_channels=1,
        window_norm=window_norm,
        season_length=4,
        random_state=0,
    ).fit(X, y)
    changed = np.array(X[:5])
    changed[:, -1, 2] += 5.0  # the known input at the last step forecast
    assert model.predict(X[:5]).shape == (5, 3)
    assert not np.allclose(model.predict(changed), model.predict(X[:5]))
    again = pickle.loads(pickle.dumps(model))
    assert_allclose(again.predict(X[:5]), model.predict(X[:5]), rtol=1e-5)


def test_future_channels_are_checked_before_training():
    X, y = make_supervised(
        sine_with_known_input(), history=6, horizon=3, target="y", future=["temp"]
    )
    with pytest.raises(ValueError, match="leaves no other channel"):
        LSTMRegressor(future_channels=3, epochs=1).fit(X, y)
    with pytest.raises(ValueError, match="target comes before them"):
        LSTMRegressor(future_channels=2, target_channel=1, epochs=1).fit(X, y)
    with pytest.raises(ValueError, match="Use a longer window"):
        LSTMRegressor(future_channels=1, epochs=1).fit(X[:, -2:], y)
    # the known inputs are read from the windows as they are: a seasonal norm,
    # which keeps 6 - 4 steps of changes for the LSTM, does not shorten them
    model = LSTMRegressor(
        2, future_channels=1, window_norm="seasonal", season_length=4, epochs=1
    ).fit(X, y)
    known = model.model_.get_layer("future_inputs")(X[:2].astype("float32"))
    expected = (X[:2, -3:, -1:] - model.future_loc_) / model.future_scale_
    assert_allclose(np.asarray(known), expected, rtol=1e-5)


@pytest.mark.parametrize("cls", [LSTMRegressor, Seq2SeqLSTMRegressor])
def test_known_inputs_built_for_another_horizon_are_refused_before_training(cls):
    # lead channels built for 3 steps hold temp at t+1 … t+3 in their last 3
    # steps: a network of 1 or 2 steps reads their last 1 or 2, temp at t+3
    # (t+2, t+3), as if at t+1 (t+1, t+2); one model per step
    # (MultiOutputRegressor) fits each on a 1-D y of the same windows
    X, y = make_supervised(
        sine_with_known_input(), history=6, horizon=3, target="y", future=["temp"]
    )
    model = cls(units=2, epochs=1, future_channels=1, random_state=0)
    for part, steps in ((y.iloc[:, 0], 1), (y.iloc[:, :2], 2)):
        with pytest.raises(
            ValueError, match=rf"{steps} step.*channel 2.*channel 1 moved 3.*horizon="
        ):
            model.fit(X, part)
    with pytest.raises(ValueError, match="channel 1 moved 3"):
        MultiOutputRegressor(model).fit(X, y)
    assert model.fit(X, y).predict(X[:2]).shape == (2, 3)
    # lead channels built for the steps forecast are read as they are; at
    # predict, windows of another horizon's are refused as at fit
    X2, y2 = make_supervised(
        sine_with_known_input(), history=6, horizon=2, target="y", future=["temp"]
    )
    with pytest.raises(ValueError, match=r"3 step.*channel 1 moved 2.*at t … t\+2\. "):
        model.predict(X2)
    model.fit(X2, y2).predict(X2[-1:])
    with pytest.raises(ValueError, match=r"2 step.*channel 1 moved 3"):
        model.predict(X)


def test_static_features_reach_a_normalised_network_as_known_inputs():
    # what a series is (its kind) is a column constant within each series: a
    # window norm subtracts it away as an ordinary channel, not as a lead one
    t = np.arange(60, dtype=float)
    panel = {
        name: pd.DataFrame({"y": np.sin(t / 3) * (1 + kind), "kind": kind})
        for name, kind in (("a", 0.0), ("b", 1.0))
    }
    X_past, y = make_supervised(panel, history=8, horizon=2, target="y")
    X, _ = make_supervised(panel, history=8, horizon=2, target="y", future=["kind"])
    params = {"units": 4, "epochs": 1, "window_norm": "last", "random_state": 0}
    as_input = LSTMRegressor(**params).fit(X_past, y)
    other_kind = np.array(X_past[:5])
    other_kind[:, :, 1] += 1.0
    assert_allclose(as_input.predict(other_kind), as_input.predict(X_past[:5]))
    as_static = LSTMRegressor(future_channels=1, **params).fit(X, y)
    other_kind = np.array(X[:5])
    other_kind[:, :, 1:] += 1.0
    assert not np.allclose(as_static.predict(other_kind), as_static.predict(X[:5]))
