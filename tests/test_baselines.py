import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

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
