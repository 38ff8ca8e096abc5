import numpy as np
import pytest
from numpy.testing import assert_array_equal

from skltsm import SeasonalNaiveRegressor, make_supervised


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
