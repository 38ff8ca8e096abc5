"""Each series' own Holt-Winters constants, carried by its rows
(``add_smoothing_channels`` and ``smoothing="channels"``), and its
smoothing's state (``state=True`` and ``smoothing="state"``)."""

import pickle

import keras
import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
from sklearn.pipeline import Pipeline

from skltsm import (
    HoltWintersRegressor,
    LSTMRegressor,
    PanelTimeSeriesSplit,
    SeasonalNaiveRegressor,
    Seq2SeqLSTMRegressor,
    SeriesScaler,
    SlidingWindow,
    add_smoothing_channels,
    make_supervised,
    recursive_forecast,
)
from skltsm._smoothing import AUTO_SMOOTHINGS, SMOOTHING_COLUMNS, smoothing_state

FROZEN = {"units": 4, "epochs": 1, "learning_rate": 1e-12, "random_state": 0}
UNTRAINED = {"units": 4, "random_state": 0}
SEASON, HISTORY, HORIZON = 4, 12, 4


@pytest.fixture(scope="module")
def panel():
    """Two series that want different constants: a noisy season, and a
    season on a trend that turns."""
    rng = np.random.default_rng(0)
    t = np.arange(80.0)
    season = np.tile([1.0, 3.0, 2.0, 4.0], 20)
    return {
        "noisy": 10 + season + rng.normal(scale=0.5, size=80),
        "turning": 10 + season + np.where(t < 50, t, 100 - t) / 4,
    }


def test_each_series_gets_the_constants_chosen_on_its_own_rows(panel):
    withc = add_smoothing_channels(panel, SEASON, history=HISTORY, horizon=HORIZON)
    assert list(withc) == list(panel)
    chosen = {}
    for key, values in panel.items():
        X, y = make_supervised(values, history=HISTORY, horizon=HORIZON)
        chosen[key] = HoltWintersRegressor(SEASON, smoothing="auto").fit(X, y)
        assert withc[key].shape == (len(values), 5)
        assert_array_equal(withc[key][:, 0], values)
        assert_array_equal(withc[key][:, 1:], np.tile(chosen[key].smoothing_, (80, 1)))
    assert chosen["noisy"].smoothing_ != chosen["turning"].smoothing_
    # the input is left as it was
    assert panel["noisy"].shape == (80,)


def test_one_model_smooths_each_series_with_its_own_constants(panel):
    withc = add_smoothing_channels(panel, SEASON, history=HISTORY, horizon=HORIZON)
    X, y = make_supervised(withc, history=HISTORY, horizon=HORIZON, target=0)
    model = HoltWintersRegressor(SEASON, smoothing="channels").fit(X, y)
    assert model.smoothing_ == "channels"
    stacked = pd.DataFrame(model.predict(X), index=y.index)
    for key, values in panel.items():
        Xk, yk = make_supervised(values, history=HISTORY, horizon=HORIZON)
        own = HoltWintersRegressor(SEASON, smoothing=tuple(withc[key][0, 1:]))
        expected = own.fit(Xk, yk).predict(Xk)
        assert_allclose(stacked.xs(key, level=0).to_numpy(), expected)


def test_a_fitted_smoothing_reads_the_channels_it_was_fitted_on(panel):
    # predict split the channels by the parameter, the forecast by the fitted
    # constants: a smoothing set after the fit failed ("not enough values to
    # unpack"), as scikit-learn's estimators predict with what they fitted
    withc = add_smoothing_channels(panel, SEASON, history=HISTORY, horizon=HORIZON)
    X, y = make_supervised(withc, history=HISTORY, horizon=HORIZON, target=0)
    model = HoltWintersRegressor(SEASON, smoothing="channels").fit(X, y)
    before = model.predict(X)
    model.set_params(smoothing=(0.2, 0.1, 0.1, 0.9))
    assert_array_equal(model.predict(X), before)


@pytest.mark.parametrize("cls", [LSTMRegressor, Seq2SeqLSTMRegressor])
def test_untrained_network_forecasts_each_series_smoothing(cls, panel):
    withc = add_smoothing_channels(panel, SEASON, history=HISTORY, horizon=HORIZON)
    X, y = make_supervised(withc, history=HISTORY, horizon=HORIZON, target=0)
    start = HoltWintersRegressor(SEASON, smoothing="channels").fit(X, y)
    network = cls(
        **UNTRAINED,
        window_norm="holt_winters",
        season_length=SEASON,
        smoothing="channels",
    )
    # initialize builds the network fit would train
    assert_allclose(network.initialize(X, y).predict(X), start.predict(X), atol=1e-4)


def test_the_constants_are_not_inputs_of_a_network_of_another_norm(panel):
    # the same network, seed and rows, with and without the constant channels
    withc = add_smoothing_channels(panel, SEASON, history=HISTORY, horizon=HORIZON)
    X, y = make_supervised(withc, history=HISTORY, horizon=HORIZON, target=0)
    plain, _ = make_supervised(panel, history=HISTORY, horizon=HORIZON)
    settings = {"units": 4, "epochs": 3, "random_state": 0}
    settings.update(window_norm="seasonal", season_length=SEASON, linear_skip=True)
    without = LSTMRegressor(**settings).fit(plain, y)
    with_ = LSTMRegressor(**settings, smoothing="channels").fit(X, y)
    assert with_.model_.get_layer("lstm_0").input.shape[-1] == 1
    assert_allclose(with_.predict(X), without.predict(plain), rtol=1e-5, atol=1e-6)


# slow (26 s): a search fitting a network of each norm on two folds; the
# Holt-Winters and seasonal norms' networks read the rows with their channels
# in the tests above
@pytest.mark.slow
def test_networks_of_every_norm_and_their_starts_share_the_rows(panel):
    withc = add_smoothing_channels(panel, SEASON, history=HISTORY, horizon=HORIZON)
    X, y = make_supervised(withc, history=HISTORY, horizon=HORIZON, target=0)
    network = LSTMRegressor(
        units=2, epochs=1, random_state=0, season_length=SEASON, smoothing="channels"
    )
    pipeline = Pipeline([("window", SlidingWindow()), ("lstm", network)])
    grid = [
        {"lstm__window_norm": ["seasonal", "last", "holt_winters"]},
        {
            "lstm": [
                SeasonalNaiveRegressor(SEASON, drift=True),
                HoltWintersRegressor(SEASON, smoothing="channels"),
            ]
        },
    ]
    cv = PanelTimeSeriesSplit(n_splits=2, test_size=4, gap=3, cut="end")
    search = GridSearchCV(
        pipeline, grid, cv=cv, scoring="neg_mean_absolute_error", refit=False
    )
    search.fit(X, y)
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()


def test_channels_round_trips(tmp_path, panel):
    withc = add_smoothing_channels(panel, SEASON, history=HISTORY, horizon=HORIZON)
    X, y = make_supervised(withc, history=HISTORY, horizon=HORIZON, target=0)
    model = LSTMRegressor(
        units=4,
        epochs=2,
        random_state=0,
        window_norm="holt_winters",
        season_length=SEASON,
        smoothing="channels",
    ).fit(X, y)
    # the same weights, within float32's rounding: a rebuilt graph may sum the
    # smoothing's recursion in another order (1e-7 apart, seen under load)
    float32 = {"rtol": 1e-5, "atol": 1e-6}
    expected = model.predict(X[:6])
    restored = pickle.loads(pickle.dumps(model))
    assert_allclose(restored.predict(X[:6]), expected, **float32)
    path = tmp_path / "model.keras"
    model.model_.save(path)
    loaded = keras.saving.load_model(path)
    raw = model.model_.predict(X[:6], verbose=0)
    assert_allclose(loaded.predict(X[:6], verbose=0), raw, **float32)
    assert loaded.get_layer("window_norm").smoothing == "channels"


def test_pandas_and_single_series(panel):
    series = pd.Series(panel["turning"], name="sales")
    frame = add_smoothing_channels(series, SEASON, history=HISTORY, horizon=HORIZON)
    assert list(frame.columns) == [
        "sales",
        "smoothing_level",
        "smoothing_trend",
        "smoothing_season",
        "smoothing_damping",
    ]
    assert frame.index.equals(series.index)
    array = add_smoothing_channels(
        panel["turning"], SEASON, history=HISTORY, horizon=HORIZON
    )
    assert_array_equal(frame.to_numpy(), array)
    # a column of a DataFrame as the target; the other columns kept before
    both = pd.DataFrame({"x": np.arange(80.0), "sales": panel["turning"]})
    out = add_smoothing_channels(
        both, SEASON, history=HISTORY, horizon=HORIZON, target="sales"
    )
    assert_array_equal(out.iloc[:, 2:].to_numpy(), array[:, 1:])
    assert list(out.columns[:2]) == ["x", "sales"]
    with pytest.raises(ValueError, match="longer than `season_length=12`"):
        add_smoothing_channels(series, 12, history=12, horizon=HORIZON)
    # a column of the smoothing's name would be replaced: refused
    with pytest.raises(
        ValueError, match=r"already has columns named \['smoothing_level'\]"
    ):
        add_smoothing_channels(
            series.rename("smoothing_level"), SEASON, history=HISTORY, horizon=HORIZON
        )


def test_bad_channels_are_refused_before_training(panel):
    X, y = make_supervised(panel, history=HISTORY, horizon=HORIZON)
    with pytest.raises(ValueError, match="last 4 channels, after the series' own"):
        HoltWintersRegressor(SEASON, smoothing="channels").fit(X, y)
    hw = {"window_norm": "holt_winters", "season_length": SEASON}
    with pytest.raises(ValueError, match="X has 1. Append them"):
        LSTMRegressor(**FROZEN, **hw, smoothing="channels").fit(X, y)
    withc = add_smoothing_channels(panel, SEASON, history=HISTORY, horizon=HORIZON)
    X, y = make_supervised(withc, history=HISTORY, horizon=HORIZON, target=0)
    with pytest.raises(ValueError, match="is one of the last 4 channels"):
        HoltWintersRegressor(SEASON, smoothing="channels", target_channel=2).fit(X, y)
    bad = np.array(X)
    bad[:, -1, -1] = 1.5
    with pytest.raises(ValueError, match=r"each in \[0, 1\]; X has values"):
        LSTMRegressor(**FROZEN, **hw, smoothing="channels").fit(bad, y)
    fitted = LSTMRegressor(**FROZEN, **hw, smoothing="channels").fit(X, y)
    with pytest.raises(ValueError, match=r"each in \[0, 1\]"):
        fitted.predict(bad)
    with pytest.raises(ValueError, match="needs a `window_norm`"):
        LSTMRegressor(**FROZEN, smoothing="channels").fit(X, y)
    with pytest.raises(ValueError, match="no lead channels after them"):
        LSTMRegressor(**FROZEN, **hw, smoothing="channels", future_channels=1).fit(X, y)


def test_channels_that_change_within_a_window_are_refused(panel):
    # the model reads the last 4 channels at each window's last step as its
    # constants: seasonal dummies appended after the constants, or a series'
    # own channels in [0, 1] where none were appended, were read as constants
    # silently (MAE 0.87 where the constants give 0.34)
    hw = {"window_norm": "holt_winters", "season_length": SEASON}
    withc = add_smoothing_channels(panel, SEASON, history=HISTORY, horizon=HORIZON)
    dummies = np.eye(SEASON)[np.arange(80) % SEASON]
    after = {k: np.column_stack([v, dummies]) for k, v in withc.items()}
    scaled = {k: np.column_stack([v / 20, dummies]) for k, v in panel.items()}
    match = r"change within the window: they are other channels"
    for data in (after, scaled):
        X, y = make_supervised(data, history=HISTORY, horizon=HORIZON, target=0)
        with pytest.raises(ValueError, match=match):
            HoltWintersRegressor(SEASON, smoothing="channels").fit(X, y)
        with pytest.raises(ValueError, match=match):
            LSTMRegressor(**FROZEN, **hw, smoothing="channels").fit(X, y)
    # at predict too: windows whose constants are not those of their series
    X, y = make_supervised(withc, history=HISTORY, horizon=HORIZON, target=0)
    fitted = HoltWintersRegressor(SEASON, smoothing="channels").fit(X, y)
    network = LSTMRegressor(**FROZEN, **hw, smoothing="channels").fit(X, y)
    mixed = np.array(X)
    mixed[3, :6, -1] = 0.5  # a damping that changes within the window
    for model in (fitted, network):
        with pytest.raises(ValueError, match=r"in 1 of 130 rows \(the first: row 3\)"):
            model.predict(mixed)
    # constants in float32 over a forecast are those of the series, rounded
    one = withc["turning"]
    future = np.tile(one[0, 1:], (8, 1)).astype(np.float32)
    forecast = recursive_forecast(fitted, one, 8, target=0, future=future)
    assert_allclose(forecast[:HORIZON], fitted.predict(one[np.newaxis, -HISTORY:])[0])
    # the state's constants too
    _, Xs, ys = _state_rows(panel)
    bad = np.array(Xs)
    bad[:, 0, -1] = 0.0
    with pytest.raises(ValueError, match=match):
        HoltWintersRegressor(SEASON, smoothing="state").fit(bad, ys)


# -- smoothing="state": the smoothing run over each series from its start ----


def _state_rows(panel):
    withs = add_smoothing_channels(
        panel, SEASON, history=HISTORY, horizon=HORIZON, state=True
    )
    return withs, *make_supervised(withs, history=HISTORY, horizon=HORIZON, target=0)


def test_state_is_the_smoothing_from_the_series_start(panel, smoothed_from_start):
    withs, X, y = _state_rows(panel)
    model = HoltWintersRegressor(SEASON, smoothing="state").fit(X, y)
    forecast = pd.DataFrame(model.predict(X), index=y.index)
    for key, values in panel.items():
        assert withs[key].shape == (80, 8)
        assert_array_equal(withs[key][:, 0], values)
        constants = tuple(withs[key][0, 4:])
        ends = forecast.xs(key, level=0).index  # each row's forecast origin
        for row, end in enumerate([HISTORY, 40, 80 - HORIZON]):
            expected = smoothed_from_start(values[:end], SEASON, HORIZON, constants)
            at = ends[[0, 40 - HISTORY, -1][row]]
            assert_allclose(forecast.xs(key, level=0).loc[at], expected, rtol=1e-12)


def test_state_reads_no_later_value(panel):
    withs = add_smoothing_channels(
        panel["turning"], SEASON, history=HISTORY, horizon=HORIZON, state=True
    )
    changed = panel["turning"].copy()
    changed[50:] += 100.0
    # the constants of both (chosen on different rows), then the state alone
    constants = tuple(withs[0, 4:])
    before = smoothing_state(panel["turning"], SEASON, constants)
    after = smoothing_state(changed, SEASON, constants)
    assert_array_equal(before, withs[:, 1:4])
    assert_array_equal(after[:50], before[:50])
    assert not np.allclose(after[50:], before[50:])

    # the smoothing starts from the first two seasons: until their end, each
    # step's state reads them, so rows need a history of two seasons at least
    early = panel["turning"].copy()
    early[2 * SEASON - 1] += 100.0
    moved = smoothing_state(early, SEASON, constants)
    assert not np.allclose(moved[0], before[0])
    with pytest.raises(ValueError, match=r"history=7.*2 \* season_length = 8"):
        add_smoothing_channels(
            panel["turning"], SEASON, history=7, horizon=HORIZON, state=True
        )
    add_smoothing_channels(panel["turning"], SEASON, history=7, horizon=HORIZON)


def test_a_short_series_of_a_panel_is_named(panel):
    short = {**panel, "short": panel["noisy"][:10]}
    with pytest.raises(ValueError, match=r"'short' \(10 steps\)"):
        add_smoothing_channels(short, SEASON, history=HISTORY, horizon=HORIZON)


def test_state_constants_forecast_the_rows_best(panel, smoothed_from_start):
    values = panel["turning"]
    withs = add_smoothing_channels(
        values, SEASON, history=HISTORY, horizon=HORIZON, state=True
    )
    ends = range(HISTORY, 80 - HORIZON + 1)

    def error(constants):
        return np.mean(
            [
                np.abs(
                    smoothed_from_start(values[:end], SEASON, HORIZON, constants)
                    - values[end : end + 4]
                )
                for end in ends
            ]
        )

    chosen = tuple(withs[0, 4:])
    assert chosen in AUTO_SMOOTHINGS
    assert error(chosen) <= min(error(c) for c in AUTO_SMOOTHINGS) + 1e-12


@pytest.mark.parametrize("cls", [LSTMRegressor, Seq2SeqLSTMRegressor])
def test_untrained_network_forecasts_each_series_state(cls, panel):
    _, X, y = _state_rows(panel)
    start = HoltWintersRegressor(SEASON, smoothing="state").fit(X, y)
    network = cls(
        **UNTRAINED, window_norm="holt_winters", season_length=SEASON, smoothing="state"
    )
    assert_allclose(network.initialize(X, y).predict(X), start.predict(X), atol=1e-4)
    # a network of another norm reads the series alone
    other = cls(**UNTRAINED, window_norm="seasonal", season_length=SEASON)
    other.set_params(smoothing="state").initialize(X, y)
    assert other.model_.get_layer("window_norm").output[0].shape[-1] == 1


# the network is saved untrained: Keras notes that its optimizer has no state
@pytest.mark.filterwarnings("ignore:Skipping variable loading for optimizer")
def test_state_round_trips(tmp_path, panel):
    _, X, y = _state_rows(panel)
    model = LSTMRegressor(
        **UNTRAINED, window_norm="holt_winters", season_length=SEASON, smoothing="state"
    ).initialize(X, y)
    expected = model.predict(X[:6])
    assert_allclose(pickle.loads(pickle.dumps(model)).predict(X[:6]), expected)
    path = tmp_path / "model.keras"
    model.model_.save(path)
    loaded = keras.saving.load_model(path)
    assert loaded.get_layer("window_norm").smoothing == "state"
    raw = model.model_.predict(X[:6], verbose=0)
    assert_allclose(loaded.predict(X[:6], verbose=0), raw, rtol=1e-6)


def test_state_pandas_and_bad_channels(panel):
    series = pd.Series(panel["turning"], name="sales")
    frame = add_smoothing_channels(
        series, SEASON, history=HISTORY, horizon=HORIZON, state=True
    )
    assert list(frame.columns[:4]) == [
        "sales",
        "smoothed_level",
        "smoothed_trend",
        "smoothed_season",
    ]
    assert list(frame.columns[4:]) == list(SMOOTHING_COLUMNS)
    hw = {"window_norm": "holt_winters", "season_length": SEASON}
    # the constants alone are not a state
    withc = add_smoothing_channels(panel, SEASON, history=HISTORY, horizon=HORIZON)
    X, y = make_supervised(withc, history=HISTORY, horizon=HORIZON, target=0)
    with pytest.raises(ValueError, match=r"add_smoothing_channels\(state=True\)"):
        HoltWintersRegressor(SEASON, smoothing="state").fit(X, y)
    # two series besides the state: which would the state be?
    both = {k: np.column_stack([v, v]) for k, v in panel.items()}
    withs = add_smoothing_channels(
        both, SEASON, history=HISTORY, horizon=HORIZON, target=0, state=True
    )
    X, y = make_supervised(withs, history=HISTORY, horizon=HORIZON, target=0)
    with pytest.raises(ValueError, match="it has 2 series channels"):
        LSTMRegressor(**FROZEN, **hw, smoothing="state").fit(X, y)


def test_channels_that_are_not_the_state_are_refused(panel):
    # the model reads the 3 channels before the constants as the state: the
    # constants alone after 3 channels of the series', or a state scaled
    # apart from its series (SeriesScaler divides each channel by its own
    # scale), were read as a state, silently, with forecasts far off
    hw = {"window_norm": "holt_winters", "season_length": SEASON}
    rng = np.random.default_rng(1)
    others = {
        k: np.column_stack([v, rng.normal(size=(80, 3))]) for k, v in panel.items()
    }
    withc = add_smoothing_channels(
        others, SEASON, history=HISTORY, horizon=HORIZON, target=0
    )
    withs = add_smoothing_channels(
        panel, SEASON, history=HISTORY, horizon=HORIZON, state=True
    )
    scaled = SeriesScaler(SEASON, target=0).fit(withs).transform(withs)
    match = r"not the Holt-Winters smoothing of the target channel"
    for data in (withc, scaled):
        X, y = make_supervised(data, history=HISTORY, horizon=HORIZON, target=0)
        with pytest.raises(ValueError, match=match):
            HoltWintersRegressor(SEASON, smoothing="state").fit(X, y)
        with pytest.raises(ValueError, match=match):
            LSTMRegressor(**FROZEN, **hw, smoothing="state").fit(X, y)
    # the state of the series scaled (or logged) as a whole, before it was
    # appended, in float32 or on a short window of it, is the state
    for log in (False, True):
        series = SeriesScaler(SEASON, log=log).fit(panel).transform(panel)
        series = add_smoothing_channels(
            series, SEASON, history=HISTORY, horizon=HORIZON, state=True
        )
        X, y = make_supervised(series, history=HISTORY, horizon=HORIZON, target=0)
        model = HoltWintersRegressor(SEASON, smoothing="state").fit(X, y)
        model.predict(np.asarray(X, dtype=np.float32))
        short = SlidingWindow(SEASON + 1).fit_transform(X)
        HoltWintersRegressor(SEASON, smoothing="state").fit(short, y).predict(short)
    # appended with another season than the model's (a search over
    # season_length): the message said to append the state, as was done
    X, y = make_supervised(withs, history=HISTORY, horizon=HORIZON, target=0)
    match = r"season_length=6.*add_smoothing_channels\(state=True\) with the same"
    with pytest.raises(ValueError, match=match):
        HoltWintersRegressor(6, smoothing="state").fit(X, y)
    with pytest.raises(ValueError, match=match):
        LSTMRegressor(**FROZEN, **{**hw, "season_length": 6}, smoothing="state").fit(
            X, y
        )
    # where the state is not read, it is not checked
    X, y = make_supervised(withc, history=HISTORY, horizon=HORIZON, target=0)
    other = {"window_norm": "seasonal", "season_length": SEASON}
    LSTMRegressor(**FROZEN, **other, smoothing="state").fit(X, y)


def test_state_forecasts_its_horizon_at_once_and_no_further(panel, smoothed_from_start):
    withs = add_smoothing_channels(
        panel["turning"], SEASON, history=HISTORY, horizon=HORIZON, state=True
    )
    X, y = make_supervised(withs, history=HISTORY, horizon=HORIZON, target=0)
    model = HoltWintersRegressor(SEASON, smoothing="state").fit(X, y)
    forecast = recursive_forecast(model, withs, HORIZON, target=0)
    expected = smoothed_from_start(panel["turning"], SEASON, HORIZON, withs[0, 4:])
    assert_allclose(forecast, expected)
    # further, the state of the steps ahead is not known (it reads their
    # values): refused, before any input known in advance is looked for
    with pytest.raises(ValueError, match="smoothing's state.*no further"):
        recursive_forecast(model, withs, HORIZON + 1, target=0)


def test_a_search_that_chose_the_state_forecasts_no_further(panel):
    # a fitted search forecasts with its best estimator, whose smoothing the
    # search's own parameters do not show: the state's steps ahead were
    # asked for as known inputs, and given the last state again (as the
    # constants are given), the steps past the horizon were its level alone
    withs = add_smoothing_channels(
        panel["turning"], SEASON, history=HISTORY, horizon=HORIZON, state=True
    )
    X, y = make_supervised(withs, history=HISTORY, horizon=HORIZON, target=0)
    grid = {"smoothing": ["state"]}
    search = GridSearchCV(HoltWintersRegressor(SEASON), grid, cv=TimeSeriesSplit(2))
    searched = Pipeline([("window", SlidingWindow(HISTORY)), ("search", search)])
    last_state = np.tile(withs[-1:, 1:], (2 * HORIZON, 1))
    for model in (search.fit(X, y), searched.fit(X, y)):
        for future in (None, last_state):
            with pytest.raises(ValueError, match="smoothing's state.*no further"):
                recursive_forecast(model, withs, 2 * HORIZON, target=0, future=future)


@pytest.mark.parametrize("state", [False, True])
def test_holdout_chooses_the_constants_on_the_values_before_it(panel, state):
    # the channels of the whole series, its constants chosen without its last
    # 20 values, are those of the series without them, and run on over them
    settings = {"history": HISTORY, "horizon": HORIZON, "state": state}
    # a season that takes off in its last 20 values, which change the choice
    t = np.arange(80.0)
    takes_off = 10 + np.tile([1.0, 3.0, 2.0, 4.0], 20) + np.maximum(t - 60, 0) ** 1.5
    assert not np.allclose(
        add_smoothing_channels(takes_off, SEASON, **settings)[0, -4:],
        add_smoothing_channels(takes_off[:-20], SEASON, **settings)[0, -4:],
    )
    for series in [*panel.values(), takes_off]:
        whole = add_smoothing_channels(series, SEASON, holdout=20, **settings)
        cut = add_smoothing_channels(series[:-20], SEASON, **settings)
        assert_allclose(whole[:-20], cut)
        assert_array_equal(whole[-20:, 0], series[-20:])
    # a panel's series, each from its own end
    held = add_smoothing_channels(panel, SEASON, holdout=20, **settings)
    assert_allclose(
        held["turning"][:-20],
        add_smoothing_channels(panel["turning"][:-20], SEASON, **settings),
    )
    # 80 values give 65 rows of 12 and 4 steps
    add_smoothing_channels(panel["noisy"], SEASON, holdout=64, **settings)
    with pytest.raises(ValueError, match="`holdout=65` leaves no row"):
        add_smoothing_channels(panel["noisy"], SEASON, holdout=65, **settings)
    with pytest.raises(ValueError, match="`holdout` must be an integer >= 0"):
        add_smoothing_channels(panel["noisy"], SEASON, holdout=-1, **settings)


@pytest.mark.parametrize("state", ["no", "False", 0, None])
def test_state_takes_true_or_false_only(panel, state):
    # state="False" (from a configuration file) would have run the state's
    # smoothing, silently
    with pytest.raises(TypeError, match=r"`state` must be True or False, got"):
        add_smoothing_channels(
            panel["noisy"], SEASON, history=HISTORY, horizon=HORIZON, state=state
        )
    add_smoothing_channels(
        panel["noisy"], SEASON, history=HISTORY, horizon=HORIZON, state=np.True_
    )
