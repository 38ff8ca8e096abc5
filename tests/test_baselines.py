import tracemalloc
import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import clone
from sklearn.model_selection import TimeSeriesSplit, cross_validate
from sklearn.pipeline import make_pipeline

from skltsm import (
    HoltWintersRegressor,
    LastValueRidge,
    LSTMRegressor,
    SeasonalNaiveRegressor,
    SequenceScaler,
    make_supervised,
)
from skltsm._smoothing import (
    AUTO_SMOOTHINGS,
    choose_smoothing,
    holt_winters,
    holt_winters_forecast,
    smoothing_state,
)


def test_seasonal_naive_repeats_the_last_season():
    series = np.arange(40.0)
    X, y = make_supervised(series, history=5, horizon=7)
    pred = SeasonalNaiveRegressor(season_length=3).fit(X, y).predict(X)
    t = np.arange(4, 4 + len(X))  # the time each window ends
    for h in range(1, 8):
        k = -(-h // 3)  # seasons back
        assert_array_equal(pred[:, h - 1], series[t + h - 3 * k])


def test_naive_one_step_and_target_channel():
    data = np.column_stack([np.arange(10.0), -np.arange(10.0)])
    X, y = make_supervised(data, history=3, target=1)
    pred = SeasonalNaiveRegressor(target_channel=1).fit(X, y).predict(X)
    assert pred.shape == (7,)
    assert_array_equal(pred, X[:, -1, 1])


def test_season_longer_than_window_raises():
    X, y = make_supervised(np.arange(20.0), history=6)
    with pytest.raises(ValueError, match="season_length=12.*longer window"):
        SeasonalNaiveRegressor(season_length=12).fit(X, y)
    with pytest.raises(ValueError, match="target_channel=3"):
        SeasonalNaiveRegressor(target_channel=3).fit(X, y)


def test_drift_adds_the_mean_seasonal_change_once_per_season():
    series = np.arange(40.0) ** 1.5
    X, y = make_supervised(series, history=7, horizon=8)
    pred = SeasonalNaiveRegressor(3, drift=True).fit(X, y).predict(X)
    t = np.arange(6, 6 + len(X))
    # the mean change over one season, during the last season
    change = np.mean([series[t - j] - series[t - j - 3] for j in range(3)], axis=0)
    for h in range(1, 9):
        k = -(-h // 3)
        assert_array_equal(pred[:, h - 1], series[t + h - 3 * k] + k * change)
    with pytest.raises(ValueError, match="at least 4 steps"):
        SeasonalNaiveRegressor(3, drift=True).fit(X[:, -3:], y)


@pytest.mark.parametrize("drift", [False, True])
def test_n_seasons_averages_the_last_seasons_each_moved_by_the_drift(drift):
    series = np.random.default_rng(0).normal(size=60).cumsum() + np.arange(60.0)
    X, y = make_supervised(series, history=9, horizon=5)
    pred = SeasonalNaiveRegressor(3, drift=drift, n_seasons=2).fit(X, y).predict(X)
    t = np.arange(8, 8 + len(X))
    # the drift: the mean change over one season during the last two seasons
    change = np.mean([series[t - j] - series[t - j - 3] for j in range(6)], axis=0)
    for h in range(1, 6):
        k = -(-h // 3)
        one = series[t + h - 3 * k] + drift * k * change
        two = series[t + h - 3 * (k + 1)] + drift * (k + 1) * change
        assert_allclose(pred[:, h - 1], (one + two) / 2)
    needed = 7 if drift else 6
    with pytest.raises(ValueError, match=f"at least {needed} steps"):
        SeasonalNaiveRegressor(3, drift=drift, n_seasons=2).fit(X[:, 1 - needed :], y)


def test_a_window_too_short_for_the_drift_says_the_drift_needs_the_step():
    # season_length=3 and n_seasons=1 were said to need 4 steps, without the
    # drift that asks for the fourth
    X, y = make_supervised(np.arange(20.0), history=3)
    with pytest.raises(ValueError, match=r"n_seasons=1` with `drift=True` need.* 4"):
        SeasonalNaiveRegressor(3, drift=True).fit(X, y)


# -- Holt-Winters on each window ------------------------------------------------


def _trend_and_season(n=60, m=4):
    t = np.arange(float(n))
    return 3.0 + 0.5 * t + np.tile([2.0, -1.0, 0.5, -1.5], n // m + 1)[:n]


@pytest.mark.parametrize("smoothing", [(0.5, 0.0, 0.3, 1.0), (0.1, 0.7, 0.9, 1.0)])
def test_holt_winters_continues_a_trend_and_a_season_exactly(smoothing):
    # started exactly (level, trend and season from the first two seasons), the
    # smoothing stays exact whatever its constants
    X, y = make_supervised(_trend_and_season(), history=9, horizon=6)
    model = HoltWintersRegressor(4, smoothing=smoothing).fit(X, y)
    assert_allclose(model.predict(X), y, atol=1e-9)


def test_holt_winters_by_its_recursion():
    # one window, worked by hand through the equations of the docstring
    rng = np.random.default_rng(0)
    window = rng.normal(size=11)
    alpha, beta, gamma, phi = 0.4, 0.2, 0.3, 0.8
    m = 3
    first, second = window[:m].mean(), window[m : 2 * m].mean()
    trend = (second - first) / m
    season = list(window[:m] - (first + trend * (np.arange(m) - 1)))
    level = first + trend
    for t in range(m, len(window)):
        before = level
        level = alpha * (window[t] - season[t - m]) + (1 - alpha) * (
            before + phi * trend
        )
        trend = beta * (level - before) + (1 - beta) * phi * trend
        season.append(gamma * (window[t] - level) + (1 - gamma) * season[t - m])
    damped = np.cumsum(phi ** np.arange(1, 6))
    phase = len(window) - m + np.arange(5) % m
    expected = level + damped * trend + np.asarray(season)[phase]
    X, y = window[np.newaxis], np.zeros((1, 5))
    model = HoltWintersRegressor(m, smoothing=(alpha, beta, gamma, phi)).fit(X, y)
    assert_allclose(model.predict(X)[0], expected, rtol=1e-12)


def test_holt_winters_is_statsmodels_smoothing_from_the_same_start():
    # the correspondence the docstring gives: from the state at the end of the
    # first season, statsmodels' ExponentialSmoothing (season updated from the
    # level forecast) with smoothing_seasonal = γ (1 - α), and its ETSModel
    # (error correction) with smoothing_trend = α β as well, smooth alike
    statsmodels = pytest.importorskip("statsmodels.tsa.api")
    rng = np.random.default_rng(0)
    m, horizon = 3, 8  # forecasts past two seasons
    series = rng.normal(size=23).cumsum() + np.tile([2.0, -1.5, -0.5], 8)[:23]
    alpha, beta, gamma, phi = 0.6, 0.3, 0.4, 0.85
    state = smoothing_state(series, m, (alpha, beta, gamma, phi))
    start = {
        "initialization_method": "known",
        "initial_level": state[m - 1, 0],
        "initial_trend": state[m - 1, 1],
        "initial_seasonal": state[:m, 2],
    }
    form = {"trend": "add", "damped_trend": True, "seasonal": "add"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # statsmodels' notes on known starts
        holt = statsmodels.ExponentialSmoothing(
            series[m:], **form, seasonal_periods=m, **start
        ).fit(
            smoothing_level=alpha,
            smoothing_trend=beta,
            smoothing_seasonal=gamma * (1 - alpha),
            damping_trend=phi,
            optimized=False,
        )
        ets = statsmodels.ETSModel(
            series[m:], error="add", **form, seasonal_periods=m, **start
        ).smooth([alpha, alpha * beta, gamma * (1 - alpha), phi])
    for smoothed in (
        np.column_stack([holt.level, holt.trend, holt.season]),
        np.column_stack([ets.level, ets.slope, ets.season]),
    ):
        assert_allclose(state[m:], smoothed, rtol=1e-12, atol=1e-12)
    X, y = series[np.newaxis], np.zeros((1, horizon))
    model = HoltWintersRegressor(m, smoothing=(alpha, beta, gamma, phi)).fit(X, y)
    assert_allclose(model.predict(X)[0], ets.forecast(horizon), rtol=1e-12)


@pytest.mark.parametrize("gamma", [0.0, 0.3])
def test_holt_winters_without_a_season_is_holts_damped_method(gamma):
    # m = 1: no season, whatever the season's constant (the default's is 0.3)
    window = np.random.default_rng(1).normal(size=12).cumsum()
    alpha, beta, phi = 0.5, 0.1, 0.9
    level, trend = window[0], window[1] - window[0]
    for value in window[1:]:
        before = level
        level = alpha * value + (1 - alpha) * (before + phi * trend)
        trend = beta * (level - before) + (1 - beta) * phi * trend
    expected = level + np.cumsum(phi ** np.arange(1, 5)) * trend
    X, y = window[np.newaxis], np.zeros((1, 4))
    model = HoltWintersRegressor(1, smoothing=(alpha, beta, gamma, phi)).fit(X, y)
    assert_allclose(model.predict(X)[0], expected, rtol=1e-12)
    state = smoothing_state(window, 1, (alpha, beta, gamma, phi))
    assert_array_equal(state[:, 2], 0.0)  # the state carries no season either
    assert_allclose(state[-1, :2], [level, trend], rtol=1e-12)


def test_holt_winters_without_smoothing_keeps_its_start():
    # α = β = γ = 0, φ = 1: the first two seasons' line and first season, forever
    window = np.array([1.0, 5.0, 3.0, 2.0, 7.0, 3.0])
    X, y = window[np.newaxis], np.zeros((1, 4))
    model = HoltWintersRegressor(3, smoothing=(0.0, 0.0, 0.0, 1.0)).fit(X, y)
    trend = (4.0 - 3.0) / 3  # the change of the seasons' means, per step
    line = 3.0 + trend * (np.arange(6, 10) - 1)  # the first season's middle is t=1
    season = window[:3] - (3.0 + trend * (np.arange(3) - 1))
    assert_allclose(model.predict(X)[0], line + season[[0, 1, 2, 0]])


def test_holt_winters_reads_the_target_channel_and_keeps_ys_shape():
    series = _trend_and_season()
    noise = np.random.default_rng(1).normal(size=series.shape)
    X, y = make_supervised(np.column_stack([noise, series]), history=9, target=1)
    model = HoltWintersRegressor(4, smoothing=(0.5, 0.0, 0.3, 1.0), target_channel=1)
    assert model.fit(X, y).predict(X).shape == (len(X),)
    assert_allclose(model.predict(X), y, atol=1e-9)


def test_holt_winters_bad_settings():
    X, y = make_supervised(np.arange(30.0), history=4, horizon=2)
    with pytest.raises(ValueError, match="windows longer than 4"):
        HoltWintersRegressor(4).fit(X, y)
    with pytest.raises(ValueError, match="four numbers in"):
        HoltWintersRegressor(2, smoothing=(0.5, 0.1, 0.3)).fit(X, y)
    with pytest.raises(ValueError, match="four numbers in"):
        HoltWintersRegressor(2, smoothing=(0.5, 0.1, 0.3, 1.5)).fit(X, y)
    with pytest.raises(ValueError, match="does not exist"):
        HoltWintersRegressor(2, target_channel=1).fit(X, y)


# -- Holt-Winters constants chosen at fit ---------------------------------------


def _seasonal(noise):
    return np.tile([0.0, 2.0, -1.0, 1.0], len(noise) // 4) + noise


def test_auto_smoothing_takes_the_constants_with_the_least_training_error():
    rng = np.random.default_rng(0)
    X, y = make_supervised(
        _seasonal(rng.normal(size=120).cumsum()), history=12, horizon=4
    )
    errors = {
        c: np.abs(HoltWintersRegressor(4, smoothing=c).fit(X, y).predict(X) - y).mean()
        for c in AUTO_SMOOTHINGS
    }
    model = HoltWintersRegressor(4, smoothing="auto").fit(X, y)
    assert model.smoothing_ == min(errors, key=errors.get)
    fixed = HoltWintersRegressor(4, smoothing=model.smoothing_).fit(X, y)
    assert_array_equal(model.predict(X), fixed.predict(X))
    assert fixed.smoothing_ == model.smoothing_


def test_auto_smoothing_learns_from_the_rows_it_is_fitted_on():
    # per series: a steady level takes the slow level constant, a wandering
    # one the fast; 1-D targets too
    rng = np.random.default_rng(0)
    steady = _seasonal(rng.normal(scale=0.5, size=120))
    walk = _seasonal(rng.normal(size=120).cumsum())
    levels = []
    for series in (steady, walk):
        X, y = make_supervised(series, history=12)
        model = HoltWintersRegressor(4, smoothing="auto").fit(X, y)
        assert model.predict(X).shape == (len(X),)
        levels.append(model.smoothing_[0])
    assert levels == [0.2, 0.5]
    with pytest.raises(ValueError, match="smoothing"):
        HoltWintersRegressor(4, smoothing="fast").fit(X, y)


def test_sample_weight_weighs_the_errors_that_choose_the_constants():
    # a panel's rows stacked: weighing one series' rows alone chooses that
    # series' constants, and integer weights are repeated rows
    rng = np.random.default_rng(0)
    steady = make_supervised(_seasonal(rng.normal(scale=0.5, size=120)), history=12)
    walk = make_supervised(_seasonal(rng.normal(size=120).cumsum()), history=12)
    X, y = (np.concatenate(parts) for parts in zip(steady, walk, strict=True))
    on_steady = np.r_[np.ones(len(steady[1])), np.zeros(len(walk[1]))]
    for weights, level in ((on_steady, 0.2), (1 - on_steady, 0.5)):
        model = HoltWintersRegressor(4, smoothing="auto")
        assert model.fit(X, y, sample_weight=weights).smoothing_[0] == level
    counts = rng.integers(0, 4, size=len(y))
    repeated = HoltWintersRegressor(4, smoothing="auto").fit(
        np.repeat(X, counts, axis=0), np.repeat(y, counts)
    )
    weighed = HoltWintersRegressor(4, smoothing="auto").fit(X, y, sample_weight=counts)
    assert weighed.smoothing_ == repeated.smoothing_
    # a baseline that learns nothing takes them too, and the same checks
    folds = TimeSeriesSplit(3)
    for model in (SeasonalNaiveRegressor(4), HoltWintersRegressor(4)):
        scores = cross_validate(model, X, y, cv=folds, params={"sample_weight": counts})
        assert np.isfinite(scores["test_score"]).all()
        with pytest.raises(ValueError, match="must not be negative"):
            model.fit(X, y, sample_weight=-np.ones(len(y)))
        with pytest.raises(ValueError, match="must hold numbers"):
            model.fit(X, y, sample_weight=np.full(len(y), "1"))


def test_a_networks_auto_constants_are_weighed_as_its_start_baselines():
    # LSTMRegressor(window_norm="holt_winters", smoothing="auto") starts from
    # HoltWintersRegressor(smoothing="auto"): fitted with the same weights,
    # both choose the constants on the weighted errors
    rng = np.random.default_rng(0)
    steady = make_supervised(_seasonal(rng.normal(scale=0.5, size=120)), history=12)
    walk = make_supervised(_seasonal(rng.normal(size=120).cumsum()), history=12)
    X, y = (np.concatenate(parts) for parts in zip(steady, walk, strict=True))
    # no row left out, and the steady series' rows weigh most
    weights = np.r_[np.full(len(steady[1]), 20.0), np.ones(len(walk[1]))]
    auto = HoltWintersRegressor(4, smoothing="auto")
    start = clone(auto).fit(X, y, sample_weight=weights)
    assert start.smoothing_ != clone(auto).fit(X, y).smoothing_
    network = LSTMRegressor(
        units=4,
        epochs=1,
        learning_rate=1e-12,
        random_state=0,
        window_norm="holt_winters",
        season_length=4,
        smoothing="auto",
    ).fit(X, y, sample_weight=weights)
    assert network.smoothing_ == start.smoothing_
    assert_allclose(network.predict(X), start.predict(X), atol=1e-4)


@pytest.mark.parametrize(
    "model",
    [SeasonalNaiveRegressor(12), HoltWintersRegressor(12), LastValueRidge()],
    ids=lambda model: type(model).__name__,
)
def test_a_target_channel_not_in_the_units_of_y_is_named(model):
    # a scaler before the baseline: its forecasts would be in scaled units,
    # silently, and any network would "beat" it
    steps = np.arange(240)
    series = 500 + 2 * steps + 50 * np.sin(2 * np.pi * steps / 12)
    X, y = make_supervised(series, history=36, horizon=6)
    scaled = make_pipeline(SequenceScaler(), clone(model))
    with pytest.warns(UserWarning, match="target channel 0 of X.*far from y"):
        scaled.fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        clone(model).fit(X, y)  # in y's units: no warning


@pytest.mark.parametrize(
    "model",
    [
        SeasonalNaiveRegressor(12),
        HoltWintersRegressor(12),
        LastValueRidge(),
        LSTMRegressor(2, epochs=1, window_norm="last", random_state=0),
    ],
    ids=lambda model: type(model).__name__,
)
def test_a_target_channel_that_holds_another_column_is_refused(model):
    # a table whose target is not its first column, target_channel left at
    # 0: the other column, in the same units, was forecast without a word,
    # where the rows show which channel holds y (y a step later)
    import pandas as pd

    rng = np.random.default_rng(0)
    steps = np.arange(96)
    temp = 15 + 8 * np.sin(2 * np.pi * steps / 12) + rng.normal(0, 1, 96)
    table = pd.DataFrame({"dew": temp - 4 + rng.normal(0, 1, 96), "temp": temp})
    X, y = make_supervised(table, history=24, horizon=2, target="temp")
    with pytest.raises(ValueError, match=r"channel 0 .*not the target.*channel 1"):
        clone(model).fit(X, y)
    # the rows of a fold in another order, or a few, tell nothing: trained
    clone(model).set_params(target_channel=1).fit(X[::-1], y[::-1])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the level check may still warn
        clone(model).fit(X[::3], y[::3])


@pytest.mark.parametrize(("m", "length"), [(1, 5), (3, 3), (3, 6), (4, 13)])
def test_the_forecast_alone_is_the_smoothings_forecast(m, length):
    # the regressor and the "auto" choice forecast with the smoothing that
    # keeps the last season only; the network's norm with the whole window
    rng = np.random.default_rng(m)
    x = rng.normal(size=(7, length, 2))
    per_row = [rng.uniform(0.1, 0.9, size=(7, 1)) for _ in range(4)]
    for smoothing in ((0.4, 0.2, 0.3, 0.8), per_row):
        expected, _ = holt_winters(x, m, 5, smoothing)
        assert_array_equal(holt_winters_forecast(x, m, 5, smoothing), expected)


def test_choosing_the_constants_copies_no_window_per_candidate():
    # 16 candidates on 20 000 windows of 120 steps: a window-sized array
    # (19 MB) for each would be made and dropped 16 times
    series = _seasonal(np.random.default_rng(0).normal(size=20_132).cumsum())
    X, y = make_supervised(series, history=120, horizon=12)
    window_bytes = X.shape[0] * X.shape[1] * 8
    tracemalloc.start()
    try:
        choose_smoothing(X[:, :, 0], y, 4)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < window_bytes / 2, (peak, window_bytes)
