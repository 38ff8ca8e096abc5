"""LastValueRidge: a ridge regression on windows less their last value."""

import numpy as np
import pytest
from sklearn.linear_model import Ridge
from sklearn.pipeline import Pipeline

from skltsm import LastValueRidge, SlidingWindow, make_supervised, recursive_forecast


def _windows(seed=0, n=80, history=6, horizon=3):
    series = np.random.default_rng(seed).normal(size=n).cumsum()
    return make_supervised(series, history=history, horizon=horizon)


def test_it_is_a_ridge_on_the_windows_less_their_last_value():
    X, y = _windows()
    windows = np.asarray(X, dtype=float)[:, :, 0]
    last = windows[:, -1:]
    expected = Ridge(alpha=0.5).fit(windows - last, y - last).predict(windows - last)
    model = LastValueRidge(alpha=0.5).fit(X, y)
    np.testing.assert_allclose(model.predict(X), expected + last)


def test_sample_weight_weighs_the_rows_of_the_ridge_through_a_pipeline():
    X, y = _windows(horizon=2)
    windows = np.asarray(X, dtype=float)[:, :, 0]
    weights = np.random.default_rng(1).uniform(0, 3, size=len(y))
    last = windows[:, -1:]
    expected = Ridge(alpha=0.5).fit(windows - last, y - last, sample_weight=weights)
    pipeline = Pipeline([("window", SlidingWindow()), ("ridge", LastValueRidge(0.5))])
    pipeline.fit(X, y, ridge__sample_weight=weights)
    np.testing.assert_allclose(
        pipeline.predict(X), expected.predict(windows - last) + last
    )
    with pytest.raises(ValueError, match="one weight per row"):
        LastValueRidge().fit(X, y, sample_weight=weights[1:])


def test_a_shift_of_the_series_shifts_the_forecast_and_nothing_else():
    X, y = _windows()
    model = LastValueRidge().fit(X, y)
    shifted = LastValueRidge().fit(np.asarray(X) + 1000.0, np.asarray(y) + 1000.0)
    np.testing.assert_allclose(shifted.ridge_.coef_, model.ridge_.coef_, atol=1e-9)
    np.testing.assert_allclose(
        shifted.predict(np.asarray(X) + 1000.0), model.predict(X) + 1000.0
    )


def test_one_step_targets_keep_their_shape():
    X, y = _windows(horizon=1)
    assert LastValueRidge().fit(X, y).predict(X).shape == (len(y),)
    X2 = np.asarray(X)[:, :, 0]  # 2-D windows: one channel
    assert LastValueRidge().fit(X2, y).predict(X2).shape == (len(y),)
    # a column of y stays a column (Ridge itself flattens it)
    column = np.asarray(y).reshape(-1, 1)
    assert LastValueRidge().fit(X, column).predict(X).shape == (len(y), 1)


def test_the_target_channel_gives_the_level_and_every_channel_is_relative():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(50, 5, 2))
    y = rng.normal(size=(50, 2))
    model = LastValueRidge(target_channel=1).fit(X, y)
    moved = X.copy()
    moved[:, :, 0] += 5.0  # a shift of the other channel changes nothing
    moved[:, :, 1] += 7.0  # a shift of the target channel moves the forecast
    np.testing.assert_allclose(model.predict(moved), model.predict(X) + 7.0)
    assert model.n_channels_in_ == 2 and model.n_outputs_ == 2


def test_a_target_channel_that_does_not_exist_is_refused():
    X, y = _windows()
    with pytest.raises(ValueError, match="target_channel=1"):
        LastValueRidge(target_channel=1).fit(X, y)


def test_one_model_across_a_panel_continues_lines_of_any_level_and_slope():
    t = np.arange(40.0)
    panel = {"a": 10 - 2 * t, "b": 500 + t}
    X, y = make_supervised(panel, history=8, horizon=4)
    pipeline = Pipeline(
        [("window", SlidingWindow(window=6)), ("ridge", LastValueRidge(alpha=1e-9))]
    )
    forecasts = recursive_forecast(pipeline.fit(X, y), panel, 4)
    ahead = np.arange(40.0, 44.0)
    np.testing.assert_allclose(forecasts["a"], 10 - 2 * ahead, atol=1e-6)
    np.testing.assert_allclose(forecasts["b"], 500 + ahead, atol=1e-6)
