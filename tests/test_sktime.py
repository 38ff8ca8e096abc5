"""sktime interoperability: make_reduction with skltsm's regressors, and
``skltsm.sktime.LSTMForecaster`` against sktime's own estimator checks."""

import importlib
import itertools
import sys
import warnings

import pytest

pytest.importorskip("sktime")

import numpy as np
import pandas as pd
import tensorflow as tf
from numpy.testing import assert_allclose
from sklearn.base import clone
from sklearn.preprocessing import StandardScaler
from sktime.datasets import load_airline
from sktime.datatypes import check_is_mtype
from sktime.forecasting.base import ForecastingHorizon
from sktime.forecasting.compose import make_reduction
from sktime.forecasting.model_selection import ForecastingGridSearchCV
from sktime.split import ExpandingWindowSplitter
from sktime.utils.estimator_checks import check_estimator

from skltsm import (
    HoltWintersRegressor,
    LSTMRegressor,
    add_smoothing_channels,
    make_supervised,
    recursive_forecast,
)
from skltsm.sktime import LSTMForecaster

TINY = {"units": 2, "epochs": 1, "random_state": 0}
# a direct network that forecasts quantiles, for intervals
PROBABILISTIC = {"strategy": "direct", "quantiles": True, **TINY}
# the Holt-Winters norm from each series' smoothing state
STATE = {
    "strategy": "direct",
    "window_norm": "holt_winters",
    "season_length": 12,
    "smoothing": "state",
    **TINY,
}

# sktime's checks (690 cases for the two test instances) fit hundreds of tiny
# networks. Each fit of a network this small costs mostly the tracing of its
# Keras functions (about 1 s against 0.2 s eagerly, with identical forecasts),
# so the checks run eagerly: 5 minutes instead of 23 on 2 cores. The default
# run takes the checks that fit a network a few times at most (the interface:
# parameters, clone, tags, errors before any fit, a panel and a hierarchy fit
# once), in seconds. The others (the refits, the persistence, the
# probabilistic methods) are the slow step of CI (pytest -m slow): the five
# most heavily parametrised (388 cases, two thirds of their time) as tests of
# their own that test workers share out, the rest in two halves.
HEAVY_CHECKS = [
    "test_update_predict_predicted_index",  # refits at every step
    "test_predict_time_index",  # 108 cases per instance
    "test_predict_interval",
    "test_predict_time_index_with_X",
    "test_hierarchical_with_exogenous",  # one network per series
]
QUICK_CHECKS = [
    "test_constructor",
    "test_get_params",
    "test_set_params",
    "test_clone",
    "test_deepcopy",
    "test_repr",
    "test_inheritance",
    "test_has_common_interface",
    "test_get_test_params",
    "test_create_test_instance",
    "test_class_tags_match_mro",
    "test_raises_not_fitted_error",
    "test_X_invalid_type_raises_error",
    "test_categorical_y_raises_error",
    "test_fh_not_passed_error_handling",
    "test_different_fh_in_fit_and_predict_error_handling",
    "test_predict_time_index_in_sample_full",
    "test_predict_series_name_preserved",
    "test_unequal_length_hierarchical_fit_predict",
]


def test_without_sktime_the_module_names_the_extra_to_install(monkeypatch):
    # sktime is optional: without it, `import skltsm.sktime` failed in a bare
    # "No module named 'sktime'", which named no way to get it, where plotting
    # names its extra
    for name in [n for n in sys.modules if n.split(".")[0] == "sktime"]:
        monkeypatch.setitem(sys.modules, name, None)  # as if never installed
    monkeypatch.delitem(sys.modules, "skltsm.sktime")  # imported afresh
    with pytest.raises(
        ImportError, match=r'needs sktime: pip install "skltsm\[sktime\]"'
    ):
        importlib.import_module("skltsm.sktime")


@pytest.fixture
def eager():
    tf.config.run_functions_eagerly(True)
    try:
        yield
    finally:
        tf.config.run_functions_eagerly(False)


@pytest.fixture(scope="module")
def airline():
    return load_airline()


def _first_half_of_the_checks():
    """Half of the names of sktime's forecaster checks that are neither
    quick nor heavy, so that two test workers share them out; the other half
    is what the first leaves."""
    # sktime's test classes, which fail this test if they move
    from sktime.forecasting.tests.test_all_forecasters import TestAllForecasters
    from sktime.tests.test_all_estimators import TestAllEstimators, TestAllObjects

    classes = (TestAllForecasters, TestAllEstimators, TestAllObjects)
    names = sorted({n for c in classes for n in dir(c) if n.startswith("test_")})
    return [n for n in names if n not in HEAVY_CHECKS + QUICK_CHECKS][::2]


@pytest.mark.filterwarnings("ignore::UserWarning")  # tf.data under eager mode
def test_sktime_estimator_checks_quick(eager):
    results = check_estimator(
        LSTMForecaster, raise_exceptions=True, tests_to_run=QUICK_CHECKS
    )
    for check in QUICK_CHECKS:  # each exists in this sktime, and ran
        assert any(k.split("[")[0] == check for k in results), check


@pytest.mark.slow
@pytest.mark.parametrize("half", ["first", "second"])
@pytest.mark.filterwarnings("ignore::UserWarning")  # tf.data under eager mode
def test_sktime_estimator_checks(eager, half):
    first = _first_half_of_the_checks()
    if half == "first":
        results = check_estimator(
            LSTMForecaster, raise_exceptions=True, tests_to_run=first
        )
    else:
        results = check_estimator(
            LSTMForecaster,
            raise_exceptions=True,
            tests_to_exclude=HEAVY_CHECKS + QUICK_CHECKS + first,
        )
    assert results  # checks ran
    # the probabilistic checks ran on the second test instance, which has
    # quantiles, and not only on the point forecaster
    for check in ("test_predict_quantiles", "test_predict_proba"):
        if (check in first) == (half == "first"):
            ran = [k for k in results if k.startswith(f"{check}[LSTMForecaster-1-")]
            assert ran and all(results[k] == "PASSED" for k in ran), check


@pytest.mark.slow
@pytest.mark.parametrize("check", HEAVY_CHECKS)
@pytest.mark.filterwarnings("ignore::UserWarning")
def test_sktime_estimator_checks_heavy(eager, check):
    results = check_estimator(
        LSTMForecaster, raise_exceptions=True, tests_to_run=[check]
    )
    assert results  # the check exists in this sktime and ran


# -- make_reduction ------------------------------------------------------------


# the lags are read by the window the network is given, whatever the strategy
# that gives it: the direct and multi-output twins run with the slow checks
@pytest.mark.parametrize(
    "strategy",
    [
        "recursive",
        pytest.param("direct", marks=pytest.mark.slow),
        pytest.param("multioutput", marks=pytest.mark.slow),
    ],
)
def test_make_reduction_reads_lags_oldest_first(airline, strategy):
    # make_reduction's lag matrix (pooling="local", its default) has a column
    # per step, oldest first: skltsm's 2-D windows. With window_norm="last" and
    # no training to speak of, the network forecasts its window's last value,
    # so every forecast is the last observation; newest-first lags would give
    # the value window_length steps back (465, July 1957, instead of 336).
    y = airline[:"1957-12"]
    net = LSTMRegressor(window_norm="last", learning_rate=1e-10, **TINY)
    forecaster = make_reduction(net, strategy=strategy, window_length=6)
    fh = ForecastingHorizon([1, 2, 3])
    y_pred = forecaster.fit(y, fh=fh).predict()
    assert isinstance(y_pred, pd.Series)
    expected = fh.to_absolute_index(y.index[-1])
    pd.testing.assert_index_equal(y_pred.index, expected, check_names=False)
    np.testing.assert_allclose(y_pred, y.iloc[-1], rtol=1e-5)
    assert not np.allclose(y_pred, y.iloc[-6], rtol=0.1)


def test_make_reduction_global_pooling_reads_lags_newest_first(airline):
    # documents why LSTMForecaster (or pooling="local") is the route: with
    # pooling="global" sktime orders the lags lag_1, lag_2, …, newest first,
    # and window_norm="last" then reads the oldest value of each window
    y = airline[:"1957-12"]
    net = LSTMRegressor(window_norm="last", learning_rate=1e-10, **TINY)
    forecaster = make_reduction(net, window_length=6, pooling="global")
    y_pred = forecaster.fit(y, fh=[1]).predict()
    np.testing.assert_allclose(y_pred, y.iloc[-6], rtol=1e-5)


# -- LSTMForecaster ------------------------------------------------------------


# the network does not make the index: the Seq2Seq twins of the dates and of
# the range run with the slow checks
@pytest.mark.parametrize(
    ("index", "strategy", "model"),
    [
        *(
            (index, strategy, "lstm")
            for index in ("period", "datetime", "range")
            for strategy in ("recursive", "direct")
        ),
        ("period", "direct", "seq2seq"),
        pytest.param("datetime", "direct", "seq2seq", marks=pytest.mark.slow),
        pytest.param("range", "direct", "seq2seq", marks=pytest.mark.slow),
    ],
)
def test_forecaster_returns_the_series_index(airline, index, strategy, model):
    y = {
        "period": airline,
        "datetime": airline.set_axis(airline.index.to_timestamp()),
        "range": airline.reset_index(drop=True),
    }[index]
    fh = ForecastingHorizon([1, 3, 5])
    forecaster = LSTMForecaster(12, strategy=strategy, model=model, **TINY)
    y_pred = forecaster.fit(y, fh=fh).predict()
    expected = fh.to_absolute_index(forecaster.cutoff)
    pd.testing.assert_index_equal(y_pred.index, expected)
    assert y_pred.name == y.name
    assert np.isfinite(y_pred).all()
    if index == "period":
        assert list(y_pred.index.astype(str)) == ["1961-01", "1961-03", "1961-05"]


# the steps are counted before either strategy reads them: the direct twins
# of this test and the next run with the slow checks
@pytest.mark.parametrize(
    "strategy", ["recursive", pytest.param("direct", marks=pytest.mark.slow)]
)
def test_an_integer_index_of_a_step_counts_its_steps(strategy):
    # an integer index that steps by 2 (as future_index continues it): the
    # time 72 is the second step after 68, not the fourth, and the forecasts
    # must be those of the same values indexed 0, 1, 2, ... at steps 1 and 2;
    # they were those of steps 2 and 4 (an integer horizon counted index units)
    values = np.sin(np.arange(30.0) / 3)
    stepped = pd.Series(values, index=pd.RangeIndex(10, 70, 2))
    dense = pd.Series(values)
    forecasts = [
        LSTMForecaster(4, strategy=strategy, **TINY).fit(y, fh=fh).predict()
        for y, fh in (
            (stepped, ForecastingHorizon([70, 72], is_relative=False)),
            (dense, [1, 2]),
        )
    ]
    assert forecasts[0].index.tolist() == [70, 72]
    np.testing.assert_allclose(forecasts[0], forecasts[1])
    # a time between two of the series' steps is not one it can forecast
    forecaster = LSTMForecaster(4, **TINY).fit(stepped)
    with pytest.raises(ValueError, match="at 71, between.*steps by 2"):
        forecaster.predict(fh=ForecastingHorizon([71], is_relative=False))


@pytest.mark.parametrize(
    "strategy", ["recursive", pytest.param("direct", marks=pytest.mark.slow)]
)
def test_a_horizon_of_timedeltas_is_a_number_of_steps(strategy):
    # sktime's horizons also take timedeltas on a series of dates; they
    # failed in int(): the same steps in days must give the same forecast
    days = pd.date_range("2020-01-01", periods=40, freq="D")
    y = pd.Series(np.sin(np.arange(40.0)), index=days)
    panel = pd.concat({"a": y, "b": y[:-2]}, names=["id", "day"]).to_frame("n")
    timedeltas = ForecastingHorizon(pd.to_timedelta([1, 3], unit="D"))
    for data in (y, panel):
        forecasts = [
            LSTMForecaster(3, strategy=strategy, **TINY).fit(data, fh=fh).predict()
            for fh in (timedeltas, [1, 3])
        ]
        pd.testing.assert_frame_equal(
            pd.DataFrame(forecasts[0]), pd.DataFrame(forecasts[1])
        )


@pytest.mark.parametrize(
    "freq, asked",
    [("D", "2020-02-11 12:00"), ("W-SUN", "2020-10-06"), ("MS", "2023-06-15")],
)
def test_a_time_between_two_dates_of_the_series_is_refused(freq, asked):
    # the forecast labelled 2020-02-11 12:00 was that of the step before it
    # (2020-02-11), and a Tuesday got a weekly series' Sunday's: as on an
    # integer index, a time off the series' steps is not one it forecasts
    y = pd.Series(np.sin(np.arange(40.0)), pd.date_range("2020", periods=40, freq=freq))
    forecaster = LSTMForecaster(3, **TINY).fit(y)
    absolute = ForecastingHorizon(pd.DatetimeIndex([asked]), is_relative=False)
    with pytest.raises(ValueError, match="between two of its times"):
        forecaster.predict(fh=absolute)
    with pytest.raises(ValueError, match="between two of its times"):
        forecaster.predict(fh=ForecastingHorizon(pd.to_timedelta(["36h"])))
    # a horizon passed to fit is read there, before any training, by every
    # strategy (the recursive one trained, then refused it in predict)
    recursive = LSTMForecaster(3, **TINY)
    with pytest.raises(ValueError, match="between two of its times"):
        recursive.fit(y, fh=absolute)
    assert not hasattr(recursive, "regressor_")
    on_steps = y.index[-1:].shift(2, freq=freq).append(y.index[-1:].shift(1, freq=freq))
    y_pred = forecaster.predict(fh=ForecastingHorizon(on_steps, is_relative=False))
    assert_allclose(y_pred, forecaster.predict(fh=[1, 2]))


@pytest.mark.parametrize("start", ["2024-03-28", "2024-10-24"])
def test_hours_of_a_time_zone_are_forecast_across_a_change_of_clocks(start):
    # three days of hours to the midnight before the clocks change: sktime
    # counts steps in periods, which drop the zone, so the hour after
    # spring's gap was refused as "between two of its times" and autumn's
    # repeated hour as a duplicate step. They are the next four steps, named
    # as sktime's own forecasters name them
    hours = pd.date_range(start, periods=72, freq="h", tz="Europe/Berlin")
    y = pd.Series(np.sin(np.arange(72.0) / 4), index=hours)
    forecaster = LSTMForecaster(4, **TINY).fit(y)
    y_pred = forecaster.predict(fh=[1, 2, 3, 4])
    expected = pd.date_range(hours[-1], periods=5, freq="h")[1:]
    pd.testing.assert_index_equal(y_pred.index, expected, check_names=False)
    positions = LSTMForecaster(4, **TINY).fit(y.reset_index(drop=True))
    assert_allclose(y_pred, positions.predict(fh=[1, 2, 3, 4]))
    if start == "2024-03-28":  # sktime's own check of an absolute horizon
        # (is it in-sample?) fails where an hour repeats
        absolute = ForecastingHorizon(expected[[0, 2, 3]], is_relative=False)
        assert_allclose(forecaster.predict(fh=absolute), y_pred.iloc[[0, 2, 3]])
    with pytest.raises(ValueError, match="between two of its times"):
        forecaster.predict(fh=ForecastingHorizon(pd.to_timedelta(["90min"])))


@pytest.mark.parametrize("freq", ["D", "h", "15min"])
def test_a_series_of_dates_without_a_frequency_is_refused_before_training(freq):
    # a day missing: the windows ran over the gap as if it were one step, and
    # predict then failed in sktime with a TypeError, after the training; an
    # hour missing was told to `y.asfreq('D')`, which keeps one value a day
    times = pd.date_range("2020-01-01", periods=41, freq=freq)
    y = pd.Series(np.sin(np.arange(40.0)), index=times.delete(20))
    panel = pd.concat({"a": y, "b": y}, names=["id", "day"]).to_frame("n")
    _assert_refused_before_training(
        3,
        ((y, "y"), (panel, "series 'a'")),
        rf"{{}} lacks 1 time stamp of its frequency {freq} .*{times[20]}.*"
        rf"asfreq\('{freq}'\)",
    )
    # times off the step of most of them: no frequency, resampled to it
    off = times[:20].append(times[21:] + pd.Timedelta("1s"))
    _assert_refused_before_training(
        3,
        ((pd.Series(np.sin(np.arange(40.0)), index=off), "y"),),
        rf"{{}} have no frequency.*resample\('{freq}'\)",
    )


def test_a_series_of_periods_with_a_gap_is_refused_before_training(airline):
    # three months missing: the windows read 1953-02 and 1953-06 as one step
    # apart, silently, where the dates of a gap are refused (make_supervised
    # refuses either)
    y = airline.drop(airline.index[[50, 51, 52]])
    panel = pd.concat({"a": airline, "b": y}, names=["id", "month"]).to_frame("n")
    _assert_refused_before_training(
        12, ((y, "y"), (panel, "series 'b'")), "{} lacks 3 .*1953-03.*reindex"
    )


def test_an_integer_index_with_a_gap_is_refused_before_training():
    # 10 missing from times that step by 2: the windows read 8 and 12 as one
    # step apart, the step fell back to 1, and fh=[1, 2] forecast 39 and 40,
    # between the series' steps, where periods and dates with a gap are refused
    y = pd.Series(np.sin(np.arange(20.0)), index=pd.RangeIndex(0, 40, 2))
    panel = pd.concat({"a": y, "b": y.drop(10)}, names=["id", "t"]).to_frame("n")
    cases = ((y.drop(10), "y"), (panel, "series 'b'"))
    _assert_refused_before_training(3, cases, "times of {} step by 2.*by 4 from 8")


def test_elapsed_times_are_refused_before_training():
    # sktime's ForecastingHorizon has no absolute elapsed times (it refuses a
    # TimedeltaIndex with is_relative=False), so no forecast of them can be
    # named: its own NaiveForecaster fails in pandas. A series or a panel of
    # elapsed times was trained on, then every forecast failed in pandas
    # ("Addition/subtraction of integers ... with TimedeltaArray"), or fit
    # did, with fh, after sktime had taken the data
    hours = pd.timedelta_range(0, periods=40, freq="1h")
    y = pd.Series(np.sin(np.arange(40.0)), index=hours, name="n")
    panel = pd.concat({"a": y, "b": y}, names=["id", "elapsed"]).to_frame("n")
    steps = ForecastingHorizon(pd.timedelta_range("1h", periods=2, freq="1h"))
    cases = itertools.product(
        (y, panel), ({}, {"strategy": "direct"}, PROBABILISTIC), ([1, 2], steps)
    )
    for data, params, fh in cases:
        forecaster = LSTMForecaster(3, **{**TINY, **params})
        with pytest.raises(TypeError, match="elapsed times.*pd.Timestamp"):
            forecaster.fit(data, fh=fh)
        assert not hasattr(forecaster, "regressor_")
    with pytest.raises(TypeError, match="elapsed times"):  # no horizon yet
        LSTMForecaster(3, **TINY).fit(y)
    # the way the message gives: dates from a start of one's choosing
    dated = y.set_axis(pd.Timestamp(0) + y.index)
    y_pred = LSTMForecaster(3, **TINY).fit(dated).predict(fh=[1, 2])
    assert y_pred.index.tolist() == list(pd.Timestamp(0) + hours[-1] + steps)


def test_an_update_between_two_steps_of_an_integer_index_is_refused():
    # 37 between 36 and 38 of times that step by 2 was taken, and the
    # forecasts after it were labelled 39, half a step after the series' end
    y = pd.Series(np.sin(np.arange(20.0)), index=pd.RangeIndex(0, 40, 2), name="y")
    forecaster = LSTMForecaster(3, **TINY).fit(y, fh=[2])
    cutoff, before = forecaster.cutoff, forecaster.predict()
    with pytest.raises(ValueError, match="times of y step by 2.*by 1 from 36 to 37"):
        forecaster.update(pd.Series([0.5], index=[37], name="y"), update_params=False)
    assert forecaster.cutoff.equals(cutoff)
    pd.testing.assert_series_equal(forecaster.predict(), before)
    forecaster.update(pd.Series([0.5], index=[40], name="y"), update_params=False)
    assert forecaster.predict().index.tolist() == [42]


def _assert_refused_before_training(window, cases, match):
    """Each (data, name) of ``cases``, fitted by either strategy, is refused
    with ``match`` (``{}`` standing for the name) before any training."""
    for (data, name), strategy in itertools.product(cases, ("recursive", "direct")):
        forecaster = LSTMForecaster(window, strategy=strategy, **TINY)
        with pytest.raises(ValueError, match=match.format(name)):
            forecaster.fit(data, fh=[1, 2])
        assert not hasattr(forecaster, "regressor_")


def test_forecaster_is_seeded(airline):
    first = LSTMForecaster(12, **TINY).fit(airline).predict(fh=[1, 2])
    second = LSTMForecaster(12, **TINY).fit(airline).predict(fh=[1, 2])
    pd.testing.assert_series_equal(first, second)


def test_the_holt_winters_constants_reach_the_network(airline):
    smoothing = (0.3, 0.1, 0.2, 0.95)
    forecaster = LSTMForecaster(
        36,
        strategy="direct",
        window_norm="holt_winters",
        season_length=12,
        smoothing=smoothing,
        learning_rate=1e-12,  # the untrained start
        **TINY,
    ).fit(airline, fh=[1, 2, 3])
    assert forecaster.regressor_.smoothing == smoothing
    window = airline.to_numpy()[np.newaxis, -36:]
    start = HoltWintersRegressor(12, smoothing=smoothing)
    expected = start.fit(window, np.zeros((1, 3))).predict(window)[0]
    assert_allclose(forecaster.predict().to_numpy(), expected, rtol=1e-4)
    # chosen at fit, on the forecaster's training windows
    forecaster.set_params(smoothing="auto").fit(airline, fh=[1, 2, 3])
    X, y = make_supervised(airline.to_numpy(), history=36, horizon=3)
    chosen = HoltWintersRegressor(12, smoothing="auto").fit(X, y).smoothing_
    assert forecaster.regressor_.smoothing_ == chosen


def test_the_smoothing_state_runs_from_each_series_start(airline, smoothed_from_start):
    # untrained, the network forecasts the smoothing of each series run from
    # its start, with its own constants: those add_smoothing_channels chooses
    panel = pd.concat(
        {"a": airline, "b": airline.iloc[::-1].set_axis(airline.index) * 10.0},
        names=["id", "time"],
    ).to_frame("n")
    # the untrained start
    forecaster = LSTMForecaster(24, learning_rate=1e-12, **STATE)
    forecaster.fit(panel, fh=[1, 2, 3])
    for key in ("a", "b"):
        series = panel.loc[key, "n"].to_numpy()
        chosen = add_smoothing_channels(series, 12, history=24, horizon=3, state=True)[
            0, -4:
        ]
        assert_allclose(forecaster.series_smoothing_[key], chosen, rtol=1e-12)
        assert_allclose(
            forecaster.predict().loc[key].to_numpy()[:, 0],
            smoothed_from_start(series, 12, 3, chosen),
            rtol=1e-4,
        )
    # an update without a refit runs the smoothing on over the new values
    forecaster = forecaster.set_params(smoothing="state").fit(
        airline[:-12], fh=[1, 2, 3]
    )
    forecaster.update(airline[-12:], update_params=False)
    expected = smoothed_from_start(airline, 12, 3, forecaster.series_smoothing_[None])
    assert_allclose(forecaster.predict().to_numpy(), expected, rtol=1e-4)


@pytest.mark.parametrize("window_norm", ["holt_winters", "seasonal"])
def test_the_smoothing_state_needs_the_direct_holt_winters_norm(airline, window_norm):
    strategy = "recursive" if window_norm == "holt_winters" else "direct"
    params = {**STATE, "strategy": strategy, "window_norm": window_norm}
    forecaster = LSTMForecaster(24, **params)
    with pytest.raises(ValueError, match="window_norm='holt_winters' and strategy"):
        forecaster.fit(airline, fh=[1, 2, 3])
    with pytest.raises(ValueError, match="`window_length=23` must be at least two"):
        LSTMForecaster(23, **STATE).fit(airline, fh=[1, 2, 3])


def test_the_smoothing_state_reads_no_exogenous_X(airline):
    # sktime passes X to a forecaster without the capability as None
    forecaster = LSTMForecaster(24, **STATE)
    assert not forecaster.get_tag("capability:exogenous")
    assert forecaster.set_params(smoothing="auto").get_tag("capability:exogenous")
    forecaster.set_params(smoothing="state")
    X = pd.DataFrame({"x": np.arange(len(airline), dtype=float)}, index=airline.index)
    with_X = forecaster.fit(airline[:-3], X=X[:-3], fh=[1, 2, 3]).predict(X=X[-3:])
    assert forecaster.exog_columns_ is None
    without = forecaster.fit(airline[:-3], fh=[1, 2, 3]).predict()
    pd.testing.assert_series_equal(with_X, without)


# the Seq2Seq twin (21 s) runs with the slow checks: the forecaster passes its
# parameters to either network by the same code
@pytest.mark.parametrize(
    "model", ["lstm", pytest.param("seq2seq", marks=pytest.mark.slow)]
)
def test_the_ensemble_skip_and_seasons_reach_the_network(airline, model):
    params = {**PROBABILISTIC, "model": model, "window_norm": "seasonal"}
    params.update(season_length=12, n_seasons=2, n_members=2, linear_skip=True)
    forecaster = LSTMForecaster(36, **params).fit(airline, fh=[1, 2, 3])
    network = forecaster.regressor_
    assert (network.n_seasons, network.n_members, network.linear_skip) == (2, 2, True)
    names = [layer.name for layer in network.model_.layers]
    assert {f"m{k}_linear_skip" for k in range(2)} <= set(names)
    # training moved the forecast from the untrained start: the mean of the
    # last two seasons, each moved forward by the drift (the mean change over
    # a season during those two seasons)
    values = airline.to_numpy()
    drift = np.mean(values[-24:] - values[-36:-12])
    start = (values[-12:-9] + drift + values[-24:-21] + 2 * drift) / 2
    forecast = forecaster.predict().to_numpy()
    assert np.allclose(forecast, start, rtol=0.005)
    assert not np.allclose(forecast, start, rtol=1e-5)
    intervals = forecaster.predict_interval(coverage=0.8)
    assert (intervals.iloc[:, 0] <= intervals.iloc[:, 1]).all()


@pytest.mark.parametrize("strategy", ["recursive", "direct"])
def test_exogenous_X_at_the_forecast_times_is_used(airline, strategy):
    rng = np.random.default_rng(0)
    X = pd.DataFrame({"x": rng.normal(size=len(airline))}, index=airline.index)
    y_train, X_train, X_future = airline[:-12], X[:-12], X[-12:]
    forecaster = LSTMForecaster(12, strategy=strategy, **TINY)
    forecaster.fit(y_train, X=X_train, fh=[1, 2, 3])
    y_pred = forecaster.predict(X=X_future)

    # X at the third step changes the third forecast only: each forecast reads
    # X up to its own time (the direct one forecasts all three from one window,
    # which holds X up to the third step)
    X_changed = X_future.copy()
    X_changed.iloc[2] += 5.0
    changed = forecaster.predict(X=X_changed)
    if strategy == "recursive":
        np.testing.assert_array_equal(changed.iloc[:2], y_pred.iloc[:2])
        assert changed.iloc[2] != y_pred.iloc[2]
    else:
        assert not np.allclose(changed, y_pred)
    # X past the furthest step is never read
    X_later = X_future.copy()
    X_later.iloc[3:] += 5.0
    pd.testing.assert_series_equal(forecaster.predict(X=X_later), y_pred)

    with pytest.raises(ValueError, match="fitted with exogenous X"):
        forecaster.predict()
    with pytest.raises(ValueError, match="1960-02"):
        forecaster.predict(X=X_future.drop(X_future.index[1]))


@pytest.mark.parametrize("stored", ["fit", "update", "predict"])
def test_numbers_stored_big_endian_forecast_as_native_ones(airline, stored):
    # y and X stored big-endian (np.fromfile(..., ">f8"), FITS): such an X
    # trained and was held so, then every forecast failed in pandas'
    # combine_first, "Big-endian buffer not supported on little-endian
    # compiler"; the same for such an X given to update or predict alone
    X = pd.DataFrame({"x": np.arange(len(airline)) % 12.0}, index=airline.index)

    def forecasts(order):
        given = {
            when: (airline.astype(order), X.astype(order))
            if when == stored
            else (airline, X)
            for when in ["fit", "update", "predict"]
        }
        y, X_fit = given["fit"]
        forecaster = LSTMForecaster(12, **TINY).fit(y[:-14], X=X_fit[:-14])
        y, X_new = given["update"]
        forecaster.update(y[-14:-12], X=X_new[-14:-12], update_params=False)
        return forecaster.predict(fh=[1, 2], X=given["predict"][1][-12:])

    pd.testing.assert_series_equal(forecasts(">f8"), forecasts("=f8"))


def test_a_static_column_of_X_tells_the_series_of_a_panel_apart():
    # a column constant within each series (a region's code) was standardised
    # by each series' own scaler, to 0 in every series: the network never saw
    # it, and swapping the codes changed nothing
    months = pd.period_range("2000-01", periods=33, freq="M")
    rng = np.random.default_rng(0)
    y = pd.concat(
        {k: pd.Series(rng.normal(size=30), index=months[:30]) for k in "ab"},
        names=["id", "t"],
    ).to_frame("v")

    def coded(codes):
        return pd.concat(
            {
                k: pd.DataFrame({"region": float(code)}, index=months)
                for k, code in zip("ab", codes, strict=True)
            },
            names=["id", "t"],
        )

    forecasts = []
    for codes in [(0, 1), (1, 0)]:
        X = coded(codes)
        forecaster = LSTMForecaster(4, **TINY)
        forecaster.fit(y, X=X.loc[(slice(None), months[:30]), :])
        forecasts.append(forecaster.predict(fh=[1, 2], X=X))
    assert not np.allclose(*forecasts)
    # X is standardised across the panel, y series by series
    assert_allclose(forecaster.exog_scaler_.transform([[0.0], [1.0]]), [[-1], [1]])
    assert forecaster.scalers_["a"].n_features_in_ == 1
    # an update without a refit keeps the network and its scaling
    fitted = forecaster.regressor_, forecaster.exog_scaler_
    new = pd.MultiIndex.from_product([["a", "b"], months[30:31]], names=["id", "t"])
    forecaster.update(
        pd.DataFrame({"v": [0.0, 1.0]}, index=new), X=X, update_params=False
    )
    assert (forecaster.regressor_, forecaster.exog_scaler_) == fitted


def test_one_series_with_X_is_standardised_as_one_scaler_of_all_columns(airline):
    # for one series, the panel's scale of X is the series' own: y and each
    # column of X are read as one StandardScaler over them all (as before X
    # was scaled across a panel) reads them, built here by hand
    rng = np.random.default_rng(0)
    X = pd.DataFrame(
        {"month": airline.index.month.astype(float), "x": rng.normal(size=144)},
        index=airline.index,
    )
    forecaster = LSTMForecaster(12, **TINY).fit(airline[:-3], X=X[:-3])
    values = np.c_[airline.to_numpy()[:-3], X.to_numpy()[:-3]]
    scaler = StandardScaler().fit(values)
    values = scaler.transform(values)
    windows, targets = make_supervised(
        values, history=12, horizon=1, target=0, future=[1, 2]
    )
    network = clone(forecaster.regressor_).fit(windows, targets)
    future = scaler.transform(np.c_[np.full(3, np.nan), X.to_numpy()[-3:]])[:, 1:]
    expected = recursive_forecast(
        network,
        values[-12:],
        3,
        target=0,
        future=future,
        window=12,
        future_columns=[1, 2],
    )
    assert_allclose(
        forecaster.predict(fh=[1, 2, 3], X=X[-3:]),
        expected * scaler.scale_[0] + scaler.mean_[0],
        rtol=1e-6,
    )


def test_update_moves_the_forecast_origin(airline):
    forecaster = LSTMForecaster(12, **TINY).fit(airline[:-12], fh=[1, 2])
    network = forecaster.regressor_
    forecaster.update(airline[-12:], update_params=False)
    assert forecaster.regressor_ is network
    assert list(forecaster.predict().index.astype(str)) == ["1961-01", "1961-02"]
    forecaster.update(airline[-1:], update_params=True)
    assert forecaster.regressor_ is not network


# slow (25 s): sktime's search refits the forecaster per candidate and fold;
# sktime's own checks of the interface run by default
@pytest.mark.slow
def test_grid_search_over_window_and_units(airline):
    y = airline[:"1955-12"]
    # one fold: a fit per candidate and the refit; each parameter searched on
    # its own (3 candidates, not the 4 of a product)
    cv = ExpandingWindowSplitter(fh=[1, 2, 3], initial_window=72, step_length=12)
    search = ForecastingGridSearchCV(
        LSTMForecaster(epochs=1, random_state=0),
        cv=cv,
        param_grid=[{"window_length": [6, 12]}, {"units": [3]}],
    )
    y_pred = search.fit(y, fh=[1, 2, 3]).predict()
    assert len(search.cv_results_) == 3
    assert search.cv_results_["mean_test_MeanAbsolutePercentageError"].notna().all()
    candidates = list(search.cv_results_["params"])
    assert {name for params in candidates for name in params} == {
        "window_length",
        "units",
    }
    assert search.best_params_ in candidates
    assert list(y_pred.index.astype(str)) == ["1956-01", "1956-02", "1956-03"]


@pytest.mark.parametrize(
    ("params", "match"),
    [
        ({"strategy": "both"}, "strategy"),
        ({"model": "gru"}, "model"),
        ({"window_length": 0}, "window_length"),
        ({"window_length": 200}, "at least window_length"),
        ({"window_norm": "seasonal", "season_length": 12}, "must be longer"),
        ({"quantiles": True}, "needs strategy='direct'"),
        ({**PROBABILISTIC, "quantiles": (0.1, 1.5)}, "between 0 and 1"),
        # it said to append the constants with add_smoothing_channels, to
        # windows that the forecaster cuts itself
        (
            {
                "window_norm": "holt_winters",
                "season_length": 12,
                "smoothing": "channels",
            },
            "constants that LSTMForecaster's windows do not carry",
        ),
    ],
)
def test_bad_parameters_raise(airline, params, match):
    with pytest.raises(ValueError, match=match):
        LSTMForecaster(**{"window_length": 12, **TINY, **params}).fit(
            airline, fh=[1, 2, 3]
        )


@pytest.mark.parametrize(
    ("params", "match"),
    [
        ({"units": -1}, "The 'units' parameter of LSTMForecaster must be"),
        ({"window_norm": "bogus"}, "'window_norm' parameter of LSTMForecaster"),
        ({"learning_rate": -1}, "'learning_rate' parameter of LSTMForecaster"),
        # the encoder-decoder's own constraint: one layer of units
        (
            {"model": "seq2seq", "units": (4, 2)},
            "The 'units' parameter of LSTMForecaster must be an int",
        ),
        ({"units": (2, 0)}, r"`units=\(2, 0\)` must be a positive integer"),
    ],
)
def test_a_bad_parameter_passed_on_is_refused_naming_the_forecaster(
    airline, monkeypatch, params, match
):
    # it named LSTMRegressor, which the user never made, once the windows
    # were cut and the network was about to be built
    def trains(self):
        raise AssertionError("the network was built")

    monkeypatch.setattr(LSTMForecaster, "_network", trains)
    with pytest.raises(ValueError, match=match):
        LSTMForecaster(**{"window_length": 12, **TINY, **params}).fit(
            airline, fh=[1, 2]
        )


def test_a_panel_gets_one_global_network(airline):
    # two series of very different scales, one network across both
    y = airline[:"1958-12"]
    panel = pd.concat({"a": y, "b": y / 100 + 3}, names=["id", "month"]).to_frame("n")
    forecaster = LSTMForecaster(12, window_norm="last", **TINY).fit(panel, fh=[1, 2])
    assert set(forecaster.scalers_) == {"a", "b"}
    y_pred = forecaster.predict()
    assert y_pred.index.names == ["id", "month"]
    assert list(y_pred.index.get_level_values("month").astype(str).unique()) == [
        "1959-01",
        "1959-02",
    ]
    # each series forecast in its own units, near its own last value
    for key in ("a", "b"):
        last = panel.loc[key, "n"].iloc[-1]
        assert abs(y_pred.loc[key].iloc[0, 0] - last) < 0.3 * last


def test_each_series_of_a_panel_is_forecast_from_its_own_end(airline):
    y = airline[:"1958-12"]
    panel = pd.concat({"a": y, "b": y[:-2] / 100 + 3}, names=["id", "month"]).to_frame(
        "n"
    )
    forecaster = LSTMForecaster(12, window_norm="last", **TINY).fit(panel, fh=[1, 2])
    months = forecaster.predict().index.get_level_values("month").astype(str)
    assert list(months) == ["1959-01", "1959-02", "1958-11", "1958-12"]
    # an absolute horizon names the same times for every series: "b" is
    # forecast two steps further
    fh = ForecastingHorizon(pd.PeriodIndex(["1959-01"], freq="M"), is_relative=False)
    y_pred = forecaster.predict(fh=fh)
    months = y_pred.index.get_level_values("month").astype(str)
    assert list(months) == ["1959-01", "1959-01"]
    assert np.isfinite(y_pred.to_numpy()).all()
    # a time before the panel's cutoff is in-sample for sktime, even where it
    # lies after a series' end (as for its vectorised forecasters): refused
    fh = ForecastingHorizon(pd.PeriodIndex(["1958-11"], freq="M"), is_relative=False)
    with pytest.raises(NotImplementedError, match="in-sample"):
        forecaster.predict(fh=fh)


def test_the_direct_strategy_fits_an_absolute_horizon_past_each_series_end(airline):
    # "b" ends two months before "a": the absolute horizon given at fit is
    # steps 1 and 2 past "a"'s end, and 3 and 4 past "b"'s
    y = airline[:"1958-12"]
    panel = pd.concat({"a": y, "b": y[:-2] / 100 + 3}, names=["id", "month"])
    fh = ForecastingHorizon(
        pd.period_range("1959-01", periods=2, freq="M"), is_relative=False
    )
    forecaster = LSTMForecaster(12, window_norm="last", **PROBABILISTIC)
    forecaster.fit(panel.to_frame("n"), fh=fh)
    assert forecaster.horizon_ == 4
    for y_pred in (forecaster.predict(), forecaster.predict_interval(coverage=0.8)):
        months = y_pred.index.get_level_values("month").astype(str)
        assert list(months) == ["1959-01", "1959-02"] * 2
        assert np.isfinite(y_pred.to_numpy()).all()


def test_a_refit_by_update_fits_the_horizon_given_to_fit_past_each_series_end(
    airline,
):
    # "c", first seen in an update, ends three months before the others: the
    # refit kept fit's horizon_ (2) where "c" needs steps 4 and 5, and
    # predict() with fit's own horizon then refused them ("Fit with this
    # horizon"); the refit takes the horizon that a fresh fit takes
    y = np.log(airline[:"1958-12"])
    panel = pd.concat({"a": y, "b": y * 1.1}, names=["id", "month"]).to_frame("n")
    new = pd.concat({"c": y[:-3] * 0.9}, names=["id", "month"]).to_frame("n")
    fh = ForecastingHorizon(
        pd.period_range("1959-01", periods=2, freq="M"), is_relative=False
    )
    forecaster = LSTMForecaster(3, strategy="direct", **TINY).fit(panel, fh=fh)
    forecaster.update(new, update_params=True)
    fresh = clone(forecaster).fit(pd.concat([panel, new]), fh=fh)
    assert forecaster.horizon_ == fresh.horizon_ == 5
    y_pred = forecaster.predict()
    months = y_pred.index.get_level_values("month").astype(str)
    assert list(months) == ["1959-01", "1959-02"] * 3
    assert np.isfinite(y_pred.to_numpy()).all()
    # with X, the window must hold X over the new horizon: refused before
    # the refit, which leaves the forecaster as it was
    x = pd.Series(np.arange(len(airline), dtype=float), index=airline.index)
    X, X_future, X_new = (
        pd.concat(dict.fromkeys(keys, x[times]), names=["id", "month"]).to_frame("x")
        for keys, times in (
            ("ab", slice(None, "1958-12")),
            ("ab", slice("1959-01", "1959-02")),
            ("c", slice(None, "1958-09")),
        )
    )
    forecaster = LSTMForecaster(3, strategy="direct", **TINY).fit(panel, X, fh=fh)
    network, before = forecaster.regressor_, forecaster.predict(X=X_future)
    with pytest.raises(ValueError, match="window_length=3 must be at least 5"):
        forecaster.update(new, X_new, update_params=True)
    assert forecaster.horizon_ == 2 and forecaster.regressor_ is network
    pd.testing.assert_frame_equal(forecaster.predict(X=X_future), before)


def test_an_absolute_horizon_asks_each_series_for_its_own_X(airline):
    # "b" ends two months before "a": an absolute horizon of one month reads
    # X over one step past "a"'s end and three past "b"'s, and no more
    y = np.log(airline[:"1958-12"])
    x = pd.Series(np.arange(len(airline), dtype=float), index=airline.index)
    y_panel = pd.concat({"a": y, "b": y[:-2]}, names=["id", "month"]).to_frame("n")
    X_panel = pd.concat({"a": x[: len(y)], "b": x[: len(y) - 2]}, names=["id", "month"])
    forecaster = LSTMForecaster(12, window_norm="last", **TINY)
    forecaster.fit(y_panel, X=X_panel.to_frame("x"), fh=[1])
    fh = ForecastingHorizon(pd.PeriodIndex(["1959-01"], freq="M"), is_relative=False)
    X_future = pd.concat(
        {"a": x["1959-01":"1959-01"], "b": x["1958-11":"1959-01"]},
        names=["id", "month"],
    ).to_frame("x")
    y_pred = forecaster.predict(fh=fh, X=X_future)
    assert list(y_pred.index.get_level_values("id")) == ["a", "b"]
    assert np.isfinite(y_pred.to_numpy()).all()
    # what "a" reads does not change with X that it does not read
    X_more = pd.concat(
        {"a": x["1959-01":"1959-03"], "b": x["1958-11":"1959-01"]},
        names=["id", "month"],
    ).to_frame("x")
    assert_allclose(forecaster.predict(fh=fh, X=X_more), y_pred)


def test_an_update_must_continue_each_series(airline):
    # refused before the series held change; the cutoff, which sktime moves
    # before asking, is put back
    forecaster = LSTMForecaster(12, window_norm="last", **TINY)
    forecaster.fit(airline[:-24], fh=[1])
    fresh = clone(forecaster).fit(airline[:-24], fh=[1])
    cutoff = forecaster.cutoff
    with pytest.raises(ValueError, match=r"do not continue.*1959-07.*1959-01"):
        forecaster.update(airline[-18:-12], update_params=False)  # 6 missing
    assert forecaster.cutoff.equals(cutoff)
    assert str(forecaster.predict().index[0]) == "1959-01"
    quarters = airline[-12:].resample("Q").mean()
    with pytest.raises(ValueError, match="do not continue"):
        clone(forecaster).fit(airline[:-24], fh=[1]).update(
            quarters, update_params=False
        )
    fresh.update(airline[-24:-12], update_params=False)
    assert str(fresh.predict().index[0]) == "1960-01"


def test_an_update_in_another_time_zone_continues_the_series_on_its_clock():
    # the next two hours of a Berlin series, written in UTC (as sktime's own
    # forecasters take them), were refused: "after 12:00+02:00 come
    # [11:00+00:00, 12:00+00:00], where [13:00+02:00, 14:00+02:00] were due"
    hours = pd.date_range("2024-03-30 06:00", periods=36, freq="h", tz="Europe/Berlin")
    y = pd.Series(np.sin(np.arange(36.0) / 3), index=hours)
    X = pd.DataFrame({"x": np.cos(np.arange(36.0))}, index=hours)
    for exog in (None, X):
        fitted, new = (None, None) if exog is None else (exog[:30], exog[30:32])
        forecaster = LSTMForecaster(4, **TINY).fit(y[:30], X=fitted)
        fresh = clone(forecaster).fit(y[:30], X=fitted)
        in_utc = None if exog is None else new.tz_convert("UTC")
        forecaster.update(y[30:32].tz_convert("UTC"), X=in_utc, update_params=False)
        fresh.update(y[30:32], X=new, update_params=False)
        # held on the clock it was fitted on, as the series updated in it
        assert forecaster.cutoff.equals(fresh.cutoff)
        assert str(forecaster.cutoff.tz) == "Europe/Berlin"
        ahead = None if exog is None else exog[32:]
        pd.testing.assert_series_equal(
            forecaster.predict(fh=[1, 2], X=ahead), fresh.predict(fh=[1, 2], X=ahead)
        )
    # other instants are still refused, told on the series' clock
    with pytest.raises(ValueError, match=r"come \['2024-03-31 14:00:00\+02:00'"):
        LSTMForecaster(4, **TINY).fit(y[:30]).update(
            y[31:33].tz_convert("UTC"), update_params=False
        )


def test_an_update_in_another_unit_of_time_continues_the_series():
    # days held in seconds (from numpy's datetime64[s], parquet) and new ones
    # in nanoseconds, or the other way, are the same times: pandas 2.2
    # compares indexes of two units as unequal, and the update was refused,
    # "come ['2024-01-31 00:00:00', …], where ['2024-01-31 00:00:00', …] were
    # due"
    days = pd.date_range("2024-01-01", periods=34, freq="D")
    y = pd.Series(np.sin(np.arange(34.0) / 3), index=days)
    fresh = LSTMForecaster(4, **TINY).fit(y[:30], fh=[1, 2])
    fresh.update(y[30:32], update_params=False)
    for held, new in (("s", "ns"), ("ns", "s")):
        held_days = days[:30].as_unit(held)
        forecaster = clone(fresh).fit(y[:30].set_axis(held_days), fh=[1, 2])
        forecaster.update(
            y[30:32].set_axis(days[30:32].as_unit(new)), update_params=False
        )
        assert list(forecaster.cutoff) == list(fresh.cutoff)
        assert_allclose(forecaster.predict(), fresh.predict())
        assert list(forecaster.predict().index) == list(days[32:])


def test_a_panel_update_takes_its_series_as_fitted(airline):
    y = np.log(airline)
    panel = pd.concat({"a": y, "b": y * 1.1}, names=["id", "month"])
    forecaster = LSTMForecaster(12, window_norm="last", **TINY)
    forecaster.fit(panel.loc[:, :"1959-12"].to_frame("n"), fh=[1])
    new = panel.loc[:, "1960-01":"1960-06"].to_frame("n")
    # one column, named otherwise: the same series
    renamed = clone(forecaster).fit(panel.loc[:, :"1959-12"].to_frame("n"), fh=[1])
    renamed.update(new.rename(columns={"n": "m"}), update_params=False)
    forecaster.update(new, update_params=False)
    assert_allclose(renamed.predict().to_numpy(), forecaster.predict().to_numpy())
    # a series the network has no scale for needs a refit
    other = pd.concat({"c": y["1960-01":"1960-08"]}, names=["id", "month"])
    cutoff = forecaster.cutoff
    with pytest.raises(ValueError, match=r"'c'.*update_params=True"):
        forecaster.update(other.to_frame("n"), update_params=False)
    assert forecaster.cutoff.equals(cutoff)
    assert_allclose(renamed.predict().to_numpy(), forecaster.predict().to_numpy())


def test_a_new_series_of_an_update_is_checked_for_gaps_as_in_fit(airline):
    # a series first seen in an update, with a gap, was trained on with
    # windows across the gap, where fit refuses it
    days = pd.date_range("2020-01-01", periods=41, freq="D")
    for times, match in (
        (airline.index, "'c' lacks 3 .*1953-03.*reindex"),
        (days, r"'c' lacks 1 time stamp of its frequency D.*asfreq\('D'\)"),
    ):
        y = pd.Series(np.sin(np.arange(len(times))), index=times)
        panel = pd.concat({"a": y, "b": y * 1.1}, names=["id", "time"])
        forecaster = LSTMForecaster(3, window_norm="last", **TINY)
        forecaster.fit(panel.to_frame("n"), fh=[1])
        cutoff, before = forecaster.cutoff, forecaster.predict()
        missing = times[[50, 51, 52]] if len(times) > 41 else times[20]
        gap = pd.concat({"c": y.drop(missing)}, names=["id", "time"])
        with pytest.raises(ValueError, match=match):
            forecaster.update(gap.to_frame("n"), update_params=True)
        assert forecaster.cutoff.equals(cutoff)
        pd.testing.assert_frame_equal(forecaster.predict(), before)


def test_an_update_whose_refit_is_refused_leaves_the_forecaster_as_it_was(airline):
    # a new series too short for a window is refused by the refit: the series
    # held and the cutoff must stay as they were, or every later forecast
    # reads the short series' window and fails
    y = np.log(airline)
    panel = pd.concat({"a": y, "b": y * 1.1}, names=["id", "month"]).to_frame("n")
    forecaster = LSTMForecaster(12, window_norm="last", **TINY)
    forecaster.fit(panel.loc[(slice(None), slice(None, "1959-12")), :], fh=[1])
    cutoff, before = forecaster.cutoff, forecaster.predict()
    short = pd.concat({"c": y["1960-01":"1960-03"]}, names=["id", "month"])
    with pytest.raises(ValueError, match=r"at least window_length.*'c'"):
        forecaster.update(short.to_frame("n"), update_params=True)
    assert forecaster.cutoff.equals(cutoff)
    pd.testing.assert_frame_equal(forecaster.predict(), before)


def test_an_update_whose_network_fails_to_train_keeps_the_fitted_scales(
    airline, monkeypatch
):
    # the refit replaced each series' scaler before its network trained: a
    # network refused then left the old network reading the new scales
    y = np.log(airline)
    forecaster = LSTMForecaster(12, window_norm="last", **TINY).fit(y[:-12], fh=[1])
    before = forecaster.predict()

    class Refused:
        def fit(self, X, y):
            raise ValueError("refused by the network")

    monkeypatch.setattr(LSTMForecaster, "_network", lambda self: Refused())
    with pytest.raises(ValueError, match="refused by the network"):
        forecaster.update(y[-12:] * 10, update_params=True)
    pd.testing.assert_series_equal(forecaster.predict(), before)


def test_infinite_values_are_refused_naming_y_or_X_and_their_time(airline):
    # sktime refuses NaN but lets infinity through (the log of a zero): the
    # scaler said "Input X contains infinity" of y, and an update without a
    # refit took it, after which every forecast failed
    y = airline.astype(float)
    broken = y.copy()
    broken["1960-11"] = np.inf
    with pytest.raises(ValueError, match=r"but y has 1 infinite value.*1960-11"):
        LSTMForecaster(3, **TINY).fit(broken)
    forecaster = LSTMForecaster(3, **TINY).fit(y[:-6])
    cutoff, before = forecaster.cutoff, forecaster.predict(fh=[1])
    with pytest.raises(ValueError, match=r"the update of y has 1 infinite.*1960-11"):
        forecaster.update(broken[-6:], update_params=False)
    assert forecaster.cutoff.equals(cutoff)
    pd.testing.assert_series_equal(forecaster.predict(fh=[1]), before)
    X = pd.DataFrame({"x": np.arange(len(y), dtype=float)}, index=y.index)
    X.loc["1960-08", "x"] = -np.inf
    with pytest.raises(ValueError, match=r"X at the times of y has 1 .*1960-08"):
        LSTMForecaster(3, **TINY).fit(y, X=X)
    forecaster = LSTMForecaster(3, **TINY).fit(y[:-6], X=X[:-6])
    with pytest.raises(ValueError, match=r"X at the 2 steps.* has 1 .*1960-08"):
        forecaster.predict(fh=[1, 2], X=X[-6:])


@pytest.mark.parametrize("panel", [False, True])
def test_an_update_under_another_name_names_every_forecast_alike(airline, panel):
    # sktime names the intervals and quantiles after the latest y it was
    # given (as its own forecasters name their forecasts): the point
    # forecast takes that name too, rather than the one given at fit
    y = airline[:40].rename("n")
    new = airline[40:42].rename("m")
    if panel:
        y, new = (
            pd.concat({"a": s}, names=["id", "month"]).to_frame() for s in (y, new)
        )
    params = {**PROBABILISTIC, "quantiles": (0.1, 0.9)}
    forecaster = LSTMForecaster(3, **params).fit(y, fh=[1, 2])
    forecaster.update(new, update_params=False)
    y_pred = forecaster.predict()
    names = list(y_pred.columns) if panel else [y_pred.name]
    assert names == ["m"]
    for proba in (
        forecaster.predict_interval(coverage=0.8),
        forecaster.predict_quantiles(alpha=[0.1, 0.9]),
    ):
        assert proba.columns.get_level_values(0).unique().tolist() == names


@pytest.mark.parametrize("ends", ["together", "apart"])
def test_a_panel_of_datetimes_on_different_calendars(airline, ends):
    # sktime's cutoff of such a panel has no frequency: each series' own
    # gives its steps
    values = airline.to_numpy()
    months = pd.date_range("1949-01-01", periods=len(values), freq="MS")
    a = pd.Series(values, index=months)
    end = None if ends == "together" else -2
    b = pd.Series(values / 100 + 3, index=months)[5:end]
    panel = pd.concat({"a": a, "b": b}, names=["id", "month"]).to_frame("n")
    forecaster = LSTMForecaster(12, window_norm="last", **PROBABILISTIC)
    forecaster.fit(panel, fh=[1, 2])
    assert forecaster.cutoff.freq is None  # sktime's, as the panel has it
    expected = {
        key: list(pd.date_range(s.index[-1], periods=3, freq="MS")[1:])
        for key, s in (("a", a), ("b", b))
    }
    for y_pred in (forecaster.predict(), forecaster.predict_interval(coverage=0.8)):
        for key, times in expected.items():
            assert list(y_pred.loc[key].index) == times
        assert np.isfinite(y_pred.to_numpy()).all()


# -- quantiles and intervals ----------------------------------------------------


def test_the_interval_capability_follows_quantiles():
    # the class can; an instance can with quantiles, set in __init__ (and
    # again by set_params, which sktime runs through __init__)
    assert LSTMForecaster.get_class_tag("capability:pred_int") is True
    assert LSTMForecaster().get_tag("capability:pred_int") is False
    assert LSTMForecaster(quantiles=False).get_tag("capability:pred_int") is False
    # numpy's booleans (a grid built with numpy) as Python's
    off, on = LSTMForecaster(quantiles=np.False_), LSTMForecaster(quantiles=np.True_)
    assert off.get_tag("capability:pred_int") is False and off._check_params() is None
    assert on.get_tag("capability:pred_int") is True
    assert on.set_params(strategy="direct")._check_params()[0] == 0.025
    levels = LSTMForecaster(quantiles=np.array([0.1, 0.9]))  # levels as an array
    assert levels.get_tag("capability:pred_int") is True
    forecaster = LSTMForecaster(**PROBABILISTIC)
    assert forecaster.get_tag("capability:pred_int") is True
    forecaster.set_params(quantiles=None)
    assert forecaster.get_tag("capability:pred_int") is False
    assert forecaster.set_params(quantiles=(0.1, 0.9)).get_tag("capability:pred_int")
    # and sktime's checks run the probabilistic methods on a test instance
    assert any(
        LSTMForecaster(**params).get_tag("capability:pred_int")
        for params in LSTMForecaster.get_test_params()
    )
    with pytest.raises(NotImplementedError, match="prediction intervals"):
        LSTMForecaster().predict_interval(fh=[1])


def test_quantiles_and_intervals_of_a_series(airline):
    rng = np.random.default_rng(0)
    X = pd.DataFrame({"x": rng.normal(size=len(airline))}, index=airline.index)
    y_train, X_train, X_future = airline[:-12], X[:-12], X[-12:]
    forecaster = LSTMForecaster(12, **PROBABILISTIC)
    forecaster.fit(y_train, X=X_train, fh=[1, 2, 3])
    # quantiles=True: the levels of the central 50, 80, 90 and 95% intervals
    levels = [0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.975]
    assert forecaster.quantiles_ == forecaster.regressor_.quantiles_ == levels

    alpha = [0.05, 0.25, 0.3, 0.5, 0.75, 0.95]
    q = forecaster.predict_quantiles(X=X_future, alpha=alpha)
    assert check_is_mtype(q, "pred_quantiles", scitype="Proba")
    pd.testing.assert_index_equal(
        q.index, forecaster.fh.to_absolute_index(forecaster.cutoff)
    )
    assert q.columns.tolist() == [(airline.name, a) for a in alpha]
    values = q.to_numpy()
    assert (np.diff(values, axis=1) >= 0).all()  # in the order of alpha
    assert (values[:, -1] > values[:, 0]).all()  # a spread
    # the median is the point forecast
    np.testing.assert_allclose(values[:, 3], forecaster.predict(X=X_future), rtol=1e-6)
    # 0.3 is not learnt: a fifth of the way from 0.25 to 0.5
    np.testing.assert_allclose(
        values[:, 2], 0.8 * values[:, 1] + 0.2 * values[:, 3], rtol=1e-12
    )

    # sktime's intervals, through the quantiles: coverage 0.9 reads 0.05 and
    # 0.95 exactly (0.5 - 0.9 / 2 is 0.04999999999999999)
    intervals = forecaster.predict_interval(X=X_future, coverage=[0.9, 0.5])
    assert check_is_mtype(intervals, "pred_interval", scitype="Proba")
    assert intervals.columns.tolist() == [
        (airline.name, c, end) for c in (0.9, 0.5) for end in ("lower", "upper")
    ]
    np.testing.assert_array_equal(intervals.to_numpy(), values[:, [0, 5, 1, 4]])

    # no level beyond the learnt ones, and no quantiles without X
    with pytest.raises(ValueError, match=r"level\(s\) \[0.01\], outside"):
        forecaster.predict_quantiles(X=X_future, alpha=[0.01, 0.5])
    with pytest.raises(ValueError, match=r"\[0.0025, 0.9975\]"):
        forecaster.predict_interval(X=X_future, coverage=0.995)
    with pytest.raises(ValueError, match="fitted with exogenous X"):
        forecaster.predict_quantiles()


@pytest.mark.parametrize("levels", [["id"], ["region", "id"]])
def test_quantiles_of_a_panel_and_a_hierarchy(airline, levels):
    # two series of very different scales, one of them ending earlier: one
    # network forecasts both, each from its own end, in its own units
    y = airline[:"1958-12"]
    keys = ["a", "b"] if len(levels) == 1 else [("r", "a"), ("r", "b")]
    panel = pd.concat(
        {keys[0]: y, keys[1]: y[:-2] / 100 + 3}, names=[*levels, "month"]
    ).to_frame("n")
    forecaster = LSTMForecaster(
        12, window_norm="last", **{**PROBABILISTIC, "quantiles": (0.1, 0.9)}
    ).fit(panel, fh=[1, 2])
    assert forecaster.quantiles_ == [0.1, 0.5, 0.9]

    alpha = [0.1, 0.25, 0.5, 0.9]
    q = forecaster.predict_quantiles(alpha=alpha)
    assert check_is_mtype(q, "pred_quantiles", scitype="Proba")
    y_pred = forecaster.predict()
    pd.testing.assert_index_equal(q.index, y_pred.index)
    assert q.index.names == [*levels, "month"]
    assert q.columns.tolist() == [("n", a) for a in alpha]
    values = q.to_numpy()
    assert (np.diff(values, axis=1) >= 0).all()
    np.testing.assert_allclose(values[:, 2], y_pred["n"], rtol=1e-6)
    np.testing.assert_allclose(
        values[:, 1], 0.625 * values[:, 0] + 0.375 * values[:, 2], rtol=1e-12
    )
    # each series in its own units: the 0.9 of "b" below the 0.1 of "a"
    assert q.loc[keys[1]].iloc[:, -1].max() < q.loc[keys[0]].iloc[:, 0].min()

    intervals = forecaster.predict_interval(coverage=0.8)
    assert check_is_mtype(intervals, "pred_interval", scitype="Proba")
    pd.testing.assert_index_equal(intervals.index, y_pred.index)
    np.testing.assert_array_equal(intervals.to_numpy(), values[:, [0, 3]])


def test_steps_already_observed_are_refused_by_every_forecast(airline):
    # sktime lets in-sample steps reach the probabilistic methods unless the
    # tag says otherwise; negative positions would take the forecasts of
    # later steps
    fh = ForecastingHorizon(
        pd.period_range("1953-01", periods=3, freq="M"), is_relative=False
    )
    forecaster = LSTMForecaster(3, **PROBABILISTIC).fit(airline[:"1952-12"], fh=fh)
    assert forecaster.get_tag("capability:pred_int:insample") is False
    forecaster.update(airline["1953-01":"1953-02"], update_params=False)
    for method in ("predict", "predict_quantiles", "predict_interval"):
        with pytest.raises(NotImplementedError):
            getattr(forecaster, method)()


def test_an_update_with_earlier_values_keeps_the_cutoff_at_the_series_end(airline):
    # revised values that end before the series held: forecasts, and the
    # cutoff, still start from the series' end
    y = airline[:40]  # to 1952-04
    forecaster = LSTMForecaster(3, window_norm="last", **TINY).fit(y, fh=[1, 2])
    forecaster.update(y[35:37], update_params=False)
    assert str(forecaster.cutoff[0]) == "1952-04"
    assert [str(t) for t in forecaster.predict().index] == ["1952-05", "1952-06"]
    fh = ForecastingHorizon(
        pd.period_range("1952-03", periods=4, freq="M"), is_relative=False
    )
    with pytest.raises(NotImplementedError, match="in-sample"):
        forecaster.predict(fh)


def test_exogenous_data_is_checked_by_series_and_against_the_window(airline):
    months = pd.period_range("2000-01", periods=30, freq="M")
    y = pd.concat(
        {k: pd.Series(np.arange(30.0) + i, index=months) for i, k in enumerate("AB")},
        names=["id", "t"],
    ).to_frame("v")
    only_a = pd.concat(
        {"A": pd.DataFrame({"x": np.arange(30.0)}, index=months)}, names=["id", "t"]
    )
    with pytest.raises(ValueError, match=r"no value at 30 of the times of y 'B'"):
        LSTMForecaster(3, **TINY).fit(y, X=only_a)
    X = pd.DataFrame({"month": airline.index.month.astype(float)}, index=airline.index)
    with pytest.raises(ValueError, match="window_length=10 must be at least 12"):
        LSTMForecaster(strategy="direct", **TINY).fit(airline, X=X, fh=range(1, 13))


def test_a_missing_exogenous_column_is_named(airline):
    # X without a column seen in fit said only "no value at" the times asked
    X = pd.DataFrame(
        {"a": np.arange(len(airline), dtype=float), "b": airline.index.month},
        index=airline.index,
    )
    forecaster = LSTMForecaster(12, **TINY).fit(airline[:-3], X=X[:-3])
    future = X[-3:]
    with pytest.raises(ValueError, match=r"column 'b'\. The X passed has no column"):
        forecaster.predict(fh=[1, 2, 3], X=future[["a"]])
    with pytest.raises(
        ValueError, match=r"no column 'b' \(its columns are \['a', 'c'\]"
    ):
        forecaster.predict(fh=[1, 2, 3], X=future.rename(columns={"b": "c"}))
    with pytest.raises(ValueError, match=r"the new y.*no column 'b'"):
        forecaster.update(airline[-3:], X=future[["a"]], update_params=False)
    # the columns in another order are the same columns
    assert_allclose(
        forecaster.predict(fh=[1, 2, 3], X=future[["b", "a"]]),
        forecaster.predict(fh=[1, 2, 3], X=future),
    )


def test_an_exogenous_X_indexed_by_another_kind_of_time_is_named(airline):
    # X on dates for y on months matched none of the times read: the error
    # listed them as times "X has no value at", as if the rows were missing
    X = pd.DataFrame({"a": np.arange(len(airline), dtype=float)}, index=airline.index)
    forecaster = LSTMForecaster(12, **TINY).fit(airline[:-3], X=X[:-3])
    on_dates = X[-3:].to_timestamp()
    with pytest.raises(TypeError, match=r"periods of M.*indexed by dates"):
        forecaster.predict(fh=[1, 2, 3], X=on_dates)


def test_the_data_passed_to_fit_is_not_held_by_reference(airline):
    # the forecaster held the user's own panel (sktime passes it through),
    # so changing it after fit changed every later forecast, which sktime's
    # own forecasters of a panel (one per series, on copies) never see
    y = np.log(airline)
    panel = pd.concat({"a": y, "b": y * 1.1}, names=["id", "month"]).to_frame("n")
    X = pd.DataFrame({"x": np.arange(len(panel), dtype=float)}, index=panel.index)
    forecaster = LSTMForecaster(12, **TINY).fit(panel, X=X)
    future = pd.concat(
        {
            k: pd.DataFrame(
                {"x": [1.0]}, index=pd.period_range("1961-01", periods=1, freq="M")
            )
            for k in "ab"
        },
        names=["id", "month"],
    )
    before = forecaster.predict(fh=[1], X=future)
    panel.iloc[:, 0] = 0.0
    X.iloc[:, 0] = 0.0
    pd.testing.assert_frame_equal(forecaster.predict(fh=[1], X=future), before)


def test_the_forecaster_leaves_the_warning_filters_as_it_found_them(airline):
    # sktime's conversions of time stamps leave a filter that shows every
    # FutureWarning ahead of the user's own (and one that ignores a pandas
    # warning) at each fit with a horizon, forecast and update: a user's
    # "error" or "ignore" of FutureWarning no longer held after a forecast
    with warnings.catch_warnings():
        warnings.simplefilter("error", FutureWarning)
        filters = list(warnings.filters)
        forecaster = LSTMForecaster(12, **PROBABILISTIC)
        forecaster.fit(airline[:-2], fh=[1, 2])
        assert warnings.filters == filters
        forecaster.predict()
        forecaster.predict_interval(coverage=0.8)
        assert warnings.filters == filters
        forecaster.update(airline[-2:], update_params=False)
        assert warnings.filters == filters
        with pytest.raises(FutureWarning):
            warnings.warn("the user's", FutureWarning, stacklevel=1)


def test_pandas_output_set_for_the_process_changes_no_forecast():
    # the forecaster's own scalers followed transform_output="pandas" and
    # gave tables: fit refused its target, predict failed on a slice
    import sklearn

    y = pd.Series(
        np.sin(np.arange(60) / 3),
        index=pd.period_range("2000-01", periods=60, freq="M"),
    )
    params = dict(window_length=6, units=2, epochs=1, random_state=0)
    expected = LSTMForecaster(**params).fit(y, fh=[1, 2]).predict()
    with sklearn.config_context(transform_output="pandas"):
        forecaster = LSTMForecaster(**params).fit(y, fh=[1, 2])
        assert_allclose(forecaster.predict(), expected, rtol=1e-6)
