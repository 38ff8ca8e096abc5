"""``window_scale="spread"``: each window in units of its own size, so that a
network across series weighs each alike, whatever its units."""

import keras
import numpy as np
import pytest
from numpy.testing import assert_allclose

from skltsm import (
    LSTMRegressor,
    SeasonalNaiveRegressor,
    Seq2SeqLSTMRegressor,
    _training,
    make_supervised,
    recursive_forecast,
    window_spread,
)

TINY = {"units": 4, "epochs": 5, "random_state": 0}
SEASONAL = {"window_norm": "seasonal", "season_length": 4}


def _series():
    rng = np.random.default_rng(0)
    t = np.arange(80)
    a = 10 + np.sin(2 * np.pi * t / 4) + 0.05 * t + rng.normal(0, 0.3, 80)
    b = 5 + 2 * np.sin(2 * np.pi * t / 4 + 1) + rng.normal(0, 0.5, 80)
    return a, b


def _panel_forecasts(model, factor, horizon=4):
    """The forecasts of a network fitted across two series, the second
    multiplied by ``factor``."""
    a, b = _series()
    panel = {"a": a, "b": factor * b}
    X, y = make_supervised(panel, history=8, horizon=horizon)
    forecasts = recursive_forecast(model.fit(X, y), panel, 4)
    return np.asarray(forecasts["a"]), np.asarray(forecasts["b"])


@pytest.mark.parametrize(
    ("cls", "params"),
    [
        (LSTMRegressor, SEASONAL),
        (LSTMRegressor, {"window_norm": "last"}),
        (LSTMRegressor, {"window_norm": "holt_winters", "season_length": 4}),
        # each window norm by default; with the options that read the scale
        # besides (levels, loss, penalty, members, skip), and the other
        # network, with the slow checks
        pytest.param(
            LSTMRegressor,
            {**SEASONAL, "quantiles": (0.1, 0.5, 0.9)},
            marks=pytest.mark.slow,
        ),
        pytest.param(
            LSTMRegressor,
            {**SEASONAL, "loss": "mae", "output_penalty": 0.1},
            marks=pytest.mark.slow,
        ),
        pytest.param(
            LSTMRegressor,
            {**SEASONAL, "n_members": 2, "linear_skip": True},
            marks=pytest.mark.slow,
        ),
        pytest.param(Seq2SeqLSTMRegressor, SEASONAL, marks=pytest.mark.slow),
    ],
)
def test_a_series_in_other_units_changes_no_forecast(cls, params):
    model = cls(**TINY, **params, window_scale="spread")
    a, b = _panel_forecasts(model, 1.0)
    a_big, b_big = _panel_forecasts(model, 1000.0)
    # the same network, trained on the same windows in their own units: up to
    # float32's rounding
    assert_allclose(a_big, a, rtol=1e-3)
    assert_allclose(b_big, 1000 * b, rtol=1e-3)


def test_with_one_scale_per_channel_the_larger_series_takes_the_network():
    # the contrast that makes the test above mean something
    model = LSTMRegressor(**TINY, **SEASONAL)
    a, _ = _panel_forecasts(model, 1.0)
    a_big, _ = _panel_forecasts(model, 1000.0)
    assert np.max(np.abs(a_big - a) / np.abs(a)) > 1e-2


def test_the_untrained_network_still_forecasts_its_start():
    a, _ = _series()
    X, y = make_supervised(a, history=8, horizon=6)
    model = LSTMRegressor(4, **SEASONAL, window_scale="spread", random_state=0)
    start = SeasonalNaiveRegressor(4, drift=True).fit(X, y).predict(X)
    assert_allclose(model.initialize(X, y).predict(X), start, rtol=1e-5)


@pytest.mark.parametrize(("loss", "power"), [("mse", 2), ("mae", 1)])
def test_each_rows_loss_is_its_error_in_units_of_its_window(monkeypatch, loss, power):
    a, _ = _series()
    X, y = make_supervised(a, history=8)
    seen = {}
    fit_network = _training.fit_network

    def spy(model, X, y, sample_weight, **kwargs):
        seen["y"], seen["weights"] = y, sample_weight
        return fit_network(model, X, y, sample_weight, **kwargs)

    monkeypatch.setattr("skltsm._base.fit_network", spy)
    params = {**SEASONAL, "loss": loss, "window_scale": "spread"}
    model = LSTMRegressor(**TINY, **params).fit(X, y, sample_weight=np.full(len(y), 2))
    size = window_spread(X, season_length=4)
    predictions = model.predict(X)
    scaled = model.target_encoder_.transform(predictions)[:, 0]
    per_row = seen["weights"] * np.abs(scaled - seen["y"][:, 0]) ** power
    # twice (the sample weights) each row's error in units of its window
    expected = 2 * np.abs((predictions - y) / size) ** power
    assert_allclose(per_row, expected, rtol=1e-3, atol=1e-6)


def test_settings_it_cannot_take_are_refused_before_training():
    a, _ = _series()
    X, y = make_supervised(a, history=8)
    for norm in (None, "standard"):
        with pytest.raises(ValueError, match="needs `window_norm`"):
            LSTMRegressor(**TINY, window_norm=norm, window_scale="spread").fit(X, y)
    with pytest.raises(ValueError, match='knows "mse" and "mae"'):
        LSTMRegressor(**TINY, **SEASONAL, window_scale="spread", loss="huber").fit(X, y)
    with pytest.raises(ValueError, match="must be longer"):
        LSTMRegressor(
            **TINY, window_norm="last", season_length=8, window_scale="spread"
        ).fit(X, y)
    with pytest.raises(ValueError, match="'window_scale' parameter"):
        LSTMRegressor(**TINY, **SEASONAL, window_scale="window").fit(X, y)


def test_windows_that_barely_change_are_floored_with_a_warning():
    a, _ = _series()
    flat = np.concatenate([np.full(30, 3.0), a])
    X, y = make_supervised(flat, history=8)
    model = LSTMRegressor(**TINY, window_norm="last", window_scale="spread")
    with pytest.warns(UserWarning, match="barely change") as record:
        model.fit(X, y)
    assert record[0].filename == __file__
    assert np.isfinite(model.predict(X)).all()


def test_the_network_keeps_its_window_scale_through_a_keras_round_trip(tmp_path):
    a, _ = _series()
    X, y = make_supervised(a, history=8, horizon=2)
    model = LSTMRegressor(**TINY, **SEASONAL, window_scale="spread").fit(X, y)
    path = tmp_path / "model.keras"
    model.model_.save(path)
    loaded = keras.saving.load_model(path)
    expected = model.model_.predict(X[:4] * 10, verbose=0)
    assert_allclose(loaded.predict(X[:4] * 10, verbose=0), expected, rtol=1e-6)
