import re

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from sklearn.base import clone
from sklearn.compose import TransformedTargetRegressor
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_absolute_error
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
from sklearn.pipeline import make_pipeline

from skltsm import (
    CombinedRegressor,
    ConformalRegressor,
    HoltWintersRegressor,
    LastValueRidge,
    SeasonalNaiveRegressor,
    SlidingWindow,
    add_smoothing_channels,
    future_index,
    make_forecast_scorer,
    make_supervised,
    mean_absolute_scaled_error,
    recursive_forecast,
)


def linear(window=3, horizon=1, n=40):
    series = np.arange(n, dtype=float) * 2.0 + 1.0
    X, y = make_supervised(series, history=window, horizon=horizon)
    model = make_pipeline(SlidingWindow(flatten=True), LinearRegression())
    return series, model.fit(X, y)


@pytest.mark.parametrize("horizon", [1, 3, 10])
def test_forecast_continues_the_series_in_blocks_of_the_horizon(horizon):
    series, model = linear(horizon=horizon)
    forecast = recursive_forecast(model, series, steps=7)
    assert_allclose(forecast, 2.0 * np.arange(40, 47) + 1.0, atol=1e-8)


def test_each_round_sees_only_the_last_window_of_history():
    series = np.tile([1.0, 2.0, 3.0, 4.0], 5)
    X, y = make_supervised(series, history=4)
    naive = SeasonalNaiveRegressor(season_length=4).fit(X, y)
    assert_allclose(recursive_forecast(naive, series, steps=6), [1, 2, 3, 4, 1, 2])


def test_pandas_series_get_the_next_time_stamps():
    months = pd.period_range("1950-01", periods=40, freq="M")
    series, model = linear()
    forecast = recursive_forecast(model, pd.Series(series, months, name="y"), 3)
    assert list(forecast.index.astype(str)) == ["1953-05", "1953-06", "1953-07"]
    assert forecast.name == "y"


def test_the_forecast_times_keep_the_name_of_the_time_index():
    # as make_supervised's targets and a panel's forecasts keep it: a forecast
    # on an unnamed index lost the name when put after its series
    series, model = linear()
    for index in (
        pd.period_range("1950-01", periods=40, freq="M", name="month"),
        pd.date_range("1950-01-01", periods=40, freq="D", name="day"),
        pd.RangeIndex(40, name="step"),
    ):
        forecast = recursive_forecast(model, pd.Series(series, index), 3)
        assert forecast.index.name == index.name
        assert future_index(index, 2).name == index.name


def test_forecast_bad_input():
    series, model = linear()
    with pytest.raises(NotFittedError):
        recursive_forecast(LinearRegression(), series, 3, window=3)
    with pytest.raises(ValueError, match="pass `target=`"):
        recursive_forecast(model, np.ones((10, 2)), 3)
    with pytest.raises(ValueError, match="fitted on 1 channels"):
        recursive_forecast(model, np.ones((10, 2)), 3, target=0)
    with pytest.raises(ValueError, match="fewer than window=3"):
        recursive_forecast(model, series[:2], 3)
    with pytest.raises(ValueError, match="steps"):
        recursive_forecast(model, series, 0)


def test_future_index():
    days = pd.date_range("2024-01-01", periods=5, freq="D")
    assert future_index(days, 2)[0] == pd.Timestamp("2024-01-06")
    assert future_index(pd.DatetimeIndex(list(days)), 1)[0] == days[-1] + days.freq
    assert list(future_index(pd.Index([0, 2, 4]), 2)) == [6, 8]
    irregular = pd.DatetimeIndex(["2024-01-01", "2024-01-02", "2024-01-05"])
    with pytest.raises(ValueError, match="asfreq"):
        future_index(irregular, 2)
    # dates on the 15th of each month have no pandas frequency: periods do
    mid_month = pd.date_range("2024-01-01", periods=6, freq="MS") + pd.Timedelta(
        days=14
    )
    with pytest.raises(ValueError, match=r"the 15th, are periods.*to_period\('M'\)"):
        future_index(mid_month, 2)
    with pytest.raises(ValueError, match=r"constant step.*steps by \[1, 2\]"):
        future_index(pd.Index([1, 2, 4]), 3)
    with pytest.raises(TypeError, match="Cannot extend"):
        future_index(pd.Index(["a", "b"]), 2)
    # a series indexed by its times in seconds, as np.arange(0, 100, 0.1):
    # "an index of type Index" named neither its dtype nor a way to go on
    with pytest.raises(TypeError, match=r"float64.*reset_index\(drop=True\)"):
        future_index(pd.Index([0.0, 0.1, 0.2]), 2)
    small = pd.Index(np.array([250, 252, 254], dtype=np.uint8))  # no wrap past 255
    assert list(future_index(small, 2)) == [256, 258]
    with pytest.raises(ValueError, match="`index` is empty"):
        future_index(pd.RangeIndex(0), 2)


def test_future_index_of_one_row_of_a_range_continues_the_ranges_step():
    # RangeIndex(1000, 1005, 5), one time stepping by 5, went on 1001, 1002,
    # where a one-row DatetimeIndex goes on by the frequency it declares
    index = pd.RangeIndex(1000, 1005, 5, name="t")
    expected = pd.RangeIndex(1005, 1015, 5, name="t")
    pd.testing.assert_index_equal(future_index(index, 2), expected)
    series, model = linear(window=1)
    forecast = recursive_forecast(model, pd.Series(series[:1], index), 2)
    pd.testing.assert_index_equal(forecast.index, expected)
    # one integer alone declares no step: 1
    assert list(future_index(pd.Index([1000]), 2)) == [1001, 1002]
    assert list(future_index(pd.RangeIndex(5, 0, -5), 2)) == [6, 7]


def test_future_index_continues_a_frequency_set_over_the_one_dates_suggest():
    # Monday to Friday: business days set on the index go on on Monday (and a
    # forecast of a series so indexed); the same dates without a frequency
    # follow the one pandas infers from them, daily, as documented
    week = pd.bdate_range("2026-01-05", periods=5)
    monday = pd.bdate_range("2026-01-12", periods=2)
    assert future_index(week, 2).equals(monday)
    series = pd.Series(np.arange(5.0), index=week)
    X, y = make_supervised(series, history=2)
    model = make_pipeline(SlidingWindow(flatten=True), LinearRegression()).fit(X, y)
    assert recursive_forecast(model, series, 2).index.equals(monday)
    saturday = future_index(pd.DatetimeIndex(list(week)), 1)[0]
    assert saturday == pd.Timestamp("2026-01-10")


@pytest.mark.parametrize("freq", ["D", "B", "C", "bh", "CBME"])
def test_future_index_keeps_the_resolution_of_the_times(freq):
    # pandas' date_range gives business days (B, C, bh, CBME) microseconds
    # whatever the start's: dates in seconds went on in microseconds
    index = pd.date_range("2024-01-01 09:00", periods=12, freq=freq, unit="s")
    expected = pd.date_range(index[0], periods=14, freq=freq, unit="s")[12:]
    pd.testing.assert_index_equal(future_index(index, 2), expected)
    elapsed = pd.timedelta_range("1s", periods=4, freq="s").as_unit("s")
    assert future_index(elapsed, 2).dtype == elapsed.dtype


def test_future_index_of_periods_continues_their_step_and_refuses_gaps():
    # a PeriodIndex was continued one period at a time whatever its step:
    # every other month went on with the next month, and an index with a gap
    # was continued as if it had none
    months = pd.PeriodIndex(["2020-01", "2020-03", "2020-05"], freq="M", name="m")
    expected = pd.PeriodIndex(["2020-07", "2020-09"], freq="M", name="m")
    assert future_index(months, 2).equals(expected)
    assert future_index(months, 2).name == "m"
    # as a DatetimeIndex of the same times is continued
    starts = pd.DatetimeIndex(list(months.to_timestamp()))
    assert list(future_index(starts, 2)) == list(expected.to_timestamp())
    two_months = pd.period_range("2020-01", periods=3, freq="2M")
    assert future_index(two_months, 2).equals(
        pd.period_range(two_months[-1], periods=3, freq="2M")[1:]
    )
    fiscal = pd.period_range("2020Q1", periods=3, freq="Q-MAR")
    assert future_index(fiscal[:1], 2).equals(fiscal[1:])
    gappy = pd.PeriodIndex(["2020-01", "2020-02", "2020-04"], freq="M")
    with pytest.raises(ValueError, match=r"constant step.*steps by \[1, 2\]"):
        future_index(gappy, 2)


def test_future_index_names_a_gap_and_date_strings_with_their_fix():
    # a month missing was told as "no frequency", with asfreq('D') for a fix,
    # which made the monthly series daily; date strings (a table read without
    # parse_dates, which make_supervised takes) to reset_index, losing them
    months = pd.date_range("2020-01-01", periods=36, freq="MS")
    gap = months.delete(-3)
    with pytest.raises(ValueError, match=r"lacks 1 time stamp.*asfreq\('MS'\)"):
        future_index(gap, 3)
    strings = pd.Index([f"2020-{m:02d}-01" for m in range(1, 13)])
    with pytest.raises(TypeError, match=r"date strings.*pd\.to_datetime"):
        future_index(strings, 3)
    words = pd.Index(["a", "b"])  # labels of no time: as before
    with pytest.raises(TypeError, match="reset_index"):
        future_index(words, 3)


@pytest.mark.parametrize(
    ("times", "fill"),
    [
        # hours on a wall clock, which skips 02:00 in spring
        (pd.date_range("2024-03-30", periods=48, freq="h"), "series.asfreq('h')"),
        (
            pd.date_range("2024-03-30", periods=48, freq="15min"),
            "series.asfreq('15min')",
        ),
        # days of a time zone, across a change of clocks: 23 hours is a day
        (
            pd.date_range("2024-03-20", periods=48, freq="D", tz="Europe/Berlin"),
            "series.asfreq('D')",
        ),
        (
            pd.timedelta_range(0, periods=48, freq="15min"),
            "series.reindex(pd.timedelta_range(first, last, freq='15min'))",
        ),
    ],
)
def test_a_gap_in_times_is_told_with_the_fill_of_their_own_step(times, fill):
    # hours (or quarter hours) with one missing were told to `asfreq('D')`,
    # which keeps 2 of their 47 values, elapsed times to resample by seconds
    series, model = linear(n=47)
    gap = pd.Series(series, times.delete(26))
    told = rf"lacks 1 time stamp .*\(the first: {re.escape(str(times[26]))}\).*"
    with pytest.raises(ValueError, match=told + re.escape(fill)):
        future_index(gap.index, 2)
    with pytest.raises(ValueError, match=told + re.escape(fill)):
        recursive_forecast(model, gap, 2)
    # times off the step of most of them: resampled to it
    step = re.search(r"freq='(.*)'|asfreq\('(.*)'", fill).group(1, 2)
    resample = re.escape(f"`series.resample('{step[0] or step[1]}').mean()`")
    off = times[:26].append(times[27:] + pd.Timedelta("1min"))
    with pytest.raises(ValueError, match=rf"no frequency.*{resample}"):
        future_index(off, 2)


def test_future_index_refuses_an_index_that_is_not_increasing():
    # pandas' "Step must not be zero", or times continued backwards
    with pytest.raises(ValueError, match="duplicate time stamps"):
        future_index(pd.Index([3, 3, 3]), 2)
    for index in (
        pd.Index([10, 5, 0]),
        pd.DatetimeIndex(["2024-01-03", "2024-01-02", "2024-01-01"]),
        pd.PeriodIndex(["2024-03", "2024-02", "2024-01"], freq="M"),
    ):
        with pytest.raises(ValueError, match="must be increasing"):
            future_index(index, 2)


def test_future_index_of_a_panel_continues_each_series():
    # the (series, time) index of a panel, to build its `future` (a calendar
    # by CalendarFeatures) was refused with advice to reset_index(drop=True),
    # which would make the panel one series; it gives each series' next times,
    # the index of the panel's forecasts
    series, model = linear()
    panel = pd.concat(
        {
            "a": pd.Series(series, pd.date_range("2000-01-01", periods=40)),
            "b": pd.Series(series[:30], pd.date_range("2000-01-05", periods=30)),
        },
        names=["store", "day"],
    )
    ahead = future_index(panel.index, 3)
    assert ahead.names == ["store", "day"]
    assert list(ahead) == [
        ("a", pd.Timestamp("2000-02-10")),
        ("a", pd.Timestamp("2000-02-11")),
        ("a", pd.Timestamp("2000-02-12")),
        ("b", pd.Timestamp("2000-02-04")),
        ("b", pd.Timestamp("2000-02-05")),
        ("b", pd.Timestamp("2000-02-06")),
    ]
    assert ahead.equals(recursive_forecast(model, panel, 3).index)
    gappy = panel.drop(("b", pd.Timestamp("2000-01-20")))
    with pytest.raises(ValueError, match=r"forecast times of series 'b'.*asfreq"):
        future_index(gappy.index, 3)


def test_a_panel_table_of_series_in_two_time_zones_is_forecast_as_its_dict():
    # pandas holds the times of series in two zones as objects, which each
    # series keeps once split by id: make_supervised windowed the table, but
    # recursive_forecast and future_index took its Timestamps for "date
    # strings (a table read without parse_dates)"
    series, model = linear()
    panel = {
        zone: pd.Series(series, pd.date_range("2000-01-01", periods=40, tz=zone))
        for zone in ("Europe/Paris", "America/New_York")
    }
    table = pd.concat(panel, names=["id", "time"])
    assert table.index.levels[1].dtype == object
    forecasts = recursive_forecast(model, panel, 3)
    stacked = recursive_forecast(model, table, 3)
    assert stacked.index.equals(future_index(table.index, 3))
    for zone, forecast in forecasts.items():
        assert str(forecast.index.tz) == zone  # zoneinfo's key, pytz's zone
        assert_allclose(stacked.loc[zone], forecast)
        assert list(stacked.loc[zone].index) == list(forecast.index)
        # one series of the table, indexed by its objects, as its own
        assert future_index(table.loc[zone].index, 3).equals(forecast.index)
        assert recursive_forecast(model, table.loc[zone], 3).index.equals(
            forecast.index
        )


def test_arrow_time_stamps_are_dates_and_elapsed_times(on_backend):
    # pd.read_parquet(..., dtype_backend="pyarrow").set_index("time") gives
    # Arrow's time stamps: make_supervised read them as dates, but
    # future_index and recursive_forecast refused them as "date strings" (a
    # panel of them alike), and out of order they were "sorted as text"
    series, model = linear()
    for times in (
        pd.date_range("2000-01-01", periods=40, freq="D", name="time"),
        pd.timedelta_range("1s", periods=40, freq="s", name="time").as_unit("s"),
    ):
        index = on_backend(times)
        forecast = recursive_forecast(model, pd.Series(series, index), 3)
        expected = pd.Series(2.0 * np.arange(40, 43) + 1.0, future_index(times, 3))
        pd.testing.assert_series_equal(forecast, expected, check_freq=False)
        pd.testing.assert_index_equal(future_index(index, 3), expected.index)
        X, y = make_supervised(pd.Series(series, index), history=3)
        pd.testing.assert_index_equal(y.index, times[3:])
        panel = pd.concat({"a": pd.Series(series, index)}, names=["id"])
        ahead = future_index(panel.index, 3)
        assert list(ahead.get_level_values("time")) == list(expected.index)
        assert recursive_forecast(model, panel, 3).index.equals(ahead)
        with pytest.raises(ValueError, match=r"must be increasing\. Sort it"):
            make_supervised(pd.Series(series, index)[::-1], history=3)
        with pytest.raises(ValueError, match="level 0 holds time stamps"):
            make_supervised(panel.swaplevel(), history=3)


def test_forecast_scorer_scores_a_fold_from_its_first_window():
    series, model = linear()
    X, y = make_supervised(series, history=3)
    noisy = make_pipeline(SlidingWindow(flatten=True), LinearRegression())
    y_noisy = y + np.random.default_rng(0).normal(scale=0.5, size=len(y))
    noisy.fit(X[:20], y_noisy[:20])
    expected = mean_absolute_error(
        y[20:], recursive_forecast(noisy, X[20, :, 0], steps=len(y) - 20)
    )
    assert make_forecast_scorer()(noisy, X[20:], y[20:]) == pytest.approx(-expected)
    search = GridSearchCV(
        model,
        {"slidingwindow__window": [1, 3]},
        cv=TimeSeriesSplit(3),
        scoring=make_forecast_scorer(),
    ).fit(X, y)
    assert search.best_score_ == pytest.approx(0.0, abs=1e-8)
    with pytest.raises(ValueError, match="holding the target in channel 2"):
        make_forecast_scorer(target_channel=2)(model, np.ones((5, 3, 2)), np.ones(5))
    # a metric's name is refused when the scorer is made, not as a NaN score
    with pytest.raises(TypeError, match="callable"):
        make_forecast_scorer("mase")


def test_forecast_scorer_refuses_a_metric_that_takes_more_than_the_forecasts():
    # a scorer (get_scorer, make_scorer) or MASE without its training series
    # failed at every fold of a search: GridSearchCV fitted every candidate,
    # warned, and chose among scores that were all NaN
    from functools import partial

    from sklearn.metrics import get_scorer, make_scorer, r2_score

    series, model = linear()
    X, y = make_supervised(series, history=3)
    for scorer in (get_scorer("neg_mean_absolute_error"), make_scorer(r2_score)):
        with pytest.raises(TypeError, match=r"not a scorer.*metric itself"):
            make_forecast_scorer(scorer)
    with pytest.raises(TypeError, match=r"y_train.*functools.partial"):
        make_forecast_scorer(mean_absolute_scaled_error)
    mase = partial(mean_absolute_scaled_error, y_train=series[:20])
    assert np.isfinite(make_forecast_scorer(mase)(model, X[20:], y[20:]))


def test_forecast_scorer_of_a_score_chooses_the_best_model():
    # make_forecast_scorer(r2_score) negated the R², as it negates an error:
    # the search chose the candidate whose forecasts were worst. A metric
    # named *_score is higher for the better (scikit-learn's convention)
    from functools import partial

    from sklearn.linear_model import Ridge
    from sklearn.metrics import r2_score

    X, y = make_supervised(np.sin(np.arange(80) / 3), history=6)
    model = make_pipeline(SlidingWindow(flatten=True), Ridge())
    grid = {"ridge__alpha": [1e-3, 1e4]}  # the second forecasts about 0
    cv = TimeSeriesSplit(3, test_size=10)
    for metric in (r2_score, partial(r2_score, multioutput="uniform_average")):
        search = GridSearchCV(
            model, grid, cv=cv, scoring=make_forecast_scorer(metric)
        ).fit(X, y)
        assert search.best_params_ == {"ridge__alpha": 1e-3}
        assert search.best_score_ > 0.9  # the R² itself, not negated
    # an error, or a score said to be an error, is negated as before
    for metric, sign in ((mean_absolute_error, -1), (r2_score, -1)):
        scorer = make_forecast_scorer(metric, greater_is_better=False)
        fitted = search.best_estimator_
        assert scorer(fitted, X[50:], y[50:]) == pytest.approx(
            sign
            * make_forecast_scorer(metric, greater_is_better=True)(
                fitted, X[50:], y[50:]
            )
        )
    search = GridSearchCV(model, grid, cv=cv, scoring=make_forecast_scorer()).fit(X, y)
    assert search.best_params_ == {"ridge__alpha": 1e-3}


def test_a_search_scored_by_the_forecast_scorer_pickles():
    # the scorer was a function made inside make_forecast_scorer: a fitted
    # GridSearchCV (its `scoring` and `scorer_`) could not be pickled or
    # saved with joblib, as scikit-learn's make_scorer scorers can
    import io
    import pickle

    import joblib

    series, model = linear()
    X, y = make_supervised(series, history=3)
    scorer = make_forecast_scorer(r2_score_, greater_is_better=True)
    search = GridSearchCV(
        model, {"slidingwindow__window": [1, 3]}, cv=TimeSeriesSplit(3), scoring=scorer
    ).fit(X, y)
    for loaded in (
        pickle.loads(pickle.dumps(search)),
        joblib.load(io.BytesIO(pickle.dumps(search))),
    ):
        assert loaded.scorer_(loaded, X[20:], y[20:]) == scorer(search, X[20:], y[20:])
    # its repr says what it scores, as make_scorer's does
    assert repr(scorer) == "make_forecast_scorer(r2_score_, greater_is_better=True)"
    assert repr(make_forecast_scorer(r2_score_)) == "make_forecast_scorer(r2_score_)"
    assert repr(make_forecast_scorer()) == "make_forecast_scorer(mean_absolute_error)"


def r2_score_(y_true, y_pred):
    """A metric of this module, which pickles by name."""
    from sklearn.metrics import r2_score

    return r2_score(y_true, y_pred)


def test_forecast_scorer_refuses_rows_that_are_not_consecutive_time_steps():
    # shuffled rows, or a panel's rows without their (series, time) index,
    # were forecast from the first row as if they followed it: a score of
    # forecasts compared with other times' values (or another series')
    series, model = linear()
    X, y = make_supervised(series, history=3)
    scorer = make_forecast_scorer()
    shuffled = np.random.default_rng(0).permutation(np.arange(20, len(y)))
    with pytest.raises(ValueError, match="consecutive time steps"):
        scorer(model, X[shuffled], y[shuffled])
    with pytest.raises(ValueError, match="consecutive time steps"):
        scorer(model, X[shuffled, :, 0], y[shuffled])  # windows of one channel
    panel = {"a": pd.Series(series), "b": pd.Series(series[::-1].copy())}
    Xp, yp = make_supervised(panel, history=3)
    times = yp.index.get_level_values(-1)
    tail = np.flatnonzero(times >= 30)  # the last rows of each series
    ids = yp.index.get_level_values(0)[tail]
    skipping = np.r_[tail[ids == "a"], tail[ids == "b"][::2]]  # 'b' every other
    with pytest.raises(ValueError, match="of series 'b'"):
        scorer(model, Xp[skipping], yp.iloc[skipping])
    # rows in another order, with y's (series, time) index, are taken in the
    # order of its times
    backwards = np.r_[tail[ids == "a"], tail[ids == "b"][::-1]]  # 'b' reversed
    in_order = scorer(model, Xp[tail], yp.iloc[tail])
    assert scorer(model, Xp[backwards], yp.iloc[backwards]) == in_order
    with pytest.raises(ValueError, match=r"consecutive.*\(series, time\) index"):
        scorer(model, Xp[tail], yp.iloc[tail].to_numpy())
    assert np.isfinite(scorer(model, Xp[tail], yp.iloc[tail]))


def test_forecast_scorer_refuses_shuffled_rows_of_windows_of_one_step():
    # windows of one step have no overlap to compare: the folds of
    # KFold(shuffle=True) were forecast from their first row as if the rows
    # followed it, and scored against other times' values, silently
    from sklearn.model_selection import KFold, cross_validate

    series = np.random.default_rng(0).normal(size=60).cumsum()
    X, y = make_supervised(series, history=1)
    scorer = make_forecast_scorer()
    model = LinearRegression()
    with pytest.raises(ValueError, match="consecutive time steps"):
        cross_validate(
            model,
            X[:, :, 0],
            y,
            cv=KFold(3, shuffle=True, random_state=0),
            scoring=scorer,
            error_score="raise",
        )
    # each row's window holds the target before it; in float32 too
    model.fit(X[:40, :, 0], y[:40])
    assert np.isfinite(scorer(model, X[40:, :, 0], y[40:]))
    assert np.isfinite(scorer(model, X[40:, :, 0].astype(np.float32), y[40:]))


def test_forecast_scorer_takes_windows_of_one_channel_in_two_dimensions():
    # windows of shape (n, window), as documented, go to a model fitted on
    # them as they are: the forecast rounds feed it 2-D windows too
    series, model = linear()
    X, y = make_supervised(series, history=3)
    flat = LinearRegression().fit(X[:20, :, 0], y[:20])
    score = make_forecast_scorer()(flat, X[20:, :, 0], y[20:])
    assert score == pytest.approx(0.0, abs=1e-8)
    assert score == pytest.approx(make_forecast_scorer()(model, X[20:], y[20:]))


def test_forecast_scorer_feeds_flat_windows_with_their_feature_names():
    # a regressor fitted on a DataFrame of lags (SlidingWindow(flatten=True)
    # with set_output) was fed arrays: scikit-learn warned at every round of
    # every fold that X did not have valid feature names
    import warnings

    series, model = linear()
    X, y = make_supervised(series, history=3)
    lags = SlidingWindow(flatten=True).set_output(transform="pandas")
    flat = lags.fit_transform(X)
    fitted = LinearRegression().fit(flat[:20], y[:20])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        score = make_forecast_scorer()(fitted, flat[20:], y[20:])
    assert score == pytest.approx(make_forecast_scorer()(model, X[20:], y[20:]))


def test_a_model_of_flat_windows_forecasts_as_the_scorer_feeds_it():
    # a model fitted on windows of one channel as rows of lags, (n, window),
    # which the forecast scorer takes (it tuned it), was refused by the
    # forecast with scikit-learn's "Found array with dim 3"
    import warnings

    series, model = linear()
    X, y = make_supervised(series, history=3)
    expected = recursive_forecast(model, series, 4)
    flat = LinearRegression().fit(X[:, :, 0], y)
    assert_allclose(recursive_forecast(flat, series, 4), expected)
    # with its feature names, where it was fitted on a DataFrame of lags
    lags = SlidingWindow(flatten=True).set_output(transform="pandas").fit_transform(X)
    named = LinearRegression().fit(lags, y)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # (an error would be caught in a probe)
        assert_allclose(recursive_forecast(named, series, 4), expected)
    assert not caught, [str(w.message) for w in caught]


def test_a_model_of_skltsm_fitted_on_a_table_of_lags_is_fed_them():
    # skltsm's own models take windows in three dimensions too, so a model of
    # theirs fitted on a DataFrame of lags was fed arrays: scikit-learn warned
    # at every step that X did not have valid feature names
    import warnings

    rng = np.random.default_rng(0)
    series = rng.normal(size=40).cumsum()
    X, y = make_supervised(series, history=6)
    lags = pd.DataFrame(X[:, :, 0], columns=[f"lag_{i}" for i in range(6)])
    models = [
        SeasonalNaiveRegressor(3),
        HoltWintersRegressor(3, smoothing=(0.5, 0.1, 0.1, 0.9)),
        LastValueRidge(),
        make_pipeline(SlidingWindow(window=4), SeasonalNaiveRegressor(2)),
    ]
    for model in models:
        expected = recursive_forecast(clone(model).fit(X, y), series, 5)
        named = clone(model).fit(lags, y)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert_allclose(recursive_forecast(named, series, 5), expected)
        assert not caught, [str(w.message) for w in caught]
    # a pipeline fitted on windows whose later step took names (of the
    # flattened windows) is fed windows still
    flat = SlidingWindow(flatten=True).set_output(transform="pandas")
    windows = make_pipeline(flat, LinearRegression()).fit(X, y)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        forecast = recursive_forecast(windows, series, 5)
    assert not caught, [str(w.message) for w in caught]
    plain = make_pipeline(SlidingWindow(flatten=True), LinearRegression())
    assert_allclose(forecast, recursive_forecast(plain.fit(X, y), series, 5))


def test_the_quantiles_of_a_model_of_flat_windows_are_fed_them_so():
    # the quantiles' one direct forecast fed windows of three dimensions to
    # every model: one fitted on rows of lags was refused with "Found array
    # with dim 3", or warned that X did not have valid feature names
    import warnings

    from skltsm import predict_quantiles

    rng = np.random.default_rng(0)
    series = rng.normal(size=60).cumsum()
    X, y = make_supervised(series, history=6, horizon=3)
    names = [f"lag_{i}" for i in range(6)]
    last = series[-6:][np.newaxis]
    for model, lags in [
        (ConformalRegressor(LinearRegression()), X[:, :, 0]),
        (
            ConformalRegressor(SeasonalNaiveRegressor(3)),
            pd.DataFrame(X[:, :, 0], columns=names),
        ),
    ]:
        model.fit(lags, y)
        last_lags = (
            pd.DataFrame(last, columns=names) if hasattr(lags, "columns") else last
        )
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            forecast = recursive_forecast(model, series, 3, quantiles=True)
        assert not caught, [str(w.message) for w in caught]
        assert_allclose(forecast, predict_quantiles(model, last_lags)[0])


def squares(n=30):
    """y = t², x = t: y(t+1) = y(t) + 2 x(t) + 1, linear in the last row."""
    t = np.arange(n, dtype=float)
    frame = pd.DataFrame(
        {"y": t**2, "x": t}, index=pd.period_range("2000-01", periods=n, freq="M")
    )
    X, y = make_supervised(frame, history=2, target="y")
    model = make_pipeline(SlidingWindow(flatten=True), LinearRegression())
    return frame, X, y, model.fit(X, y)


def test_forecast_scorer_names_the_channel_that_holds_the_target():
    # with the target in another channel than target_channel (the second
    # column of the table), the forecasts were written over an input and the
    # target read as a known input: a score of nonsense, silently
    frame, _, _, _ = squares()
    X, y = make_supervised(frame[["x", "y"]], history=2, target="y")
    model = make_pipeline(SlidingWindow(flatten=True), LinearRegression()).fit(X, y)
    with pytest.raises(
        ValueError, match=r"Channel 0.*not the target.*target_channel=1"
    ):
        make_forecast_scorer()(model, X[10:], y[10:])
    assert make_forecast_scorer(target_channel=1)(model, X[10:], y[10:]) == (
        pytest.approx(0, abs=1e-6)
    )
    # windows without the target (target_as_input=False) hold it nowhere
    X, y = make_supervised(frame, history=2, target="y", target_as_input=False)
    model.fit(X, y)
    with pytest.raises(ValueError, match=r"no channel.*target_as_input"):
        make_forecast_scorer()(model, X[10:], y[10:])


def test_forecast_scorer_refuses_a_negative_target_channel_when_made():
    # target_channel=-1 (the last channel, as numpy counts) was taken, and
    # refused at the first fold's score: GridSearchCV fitted every candidate,
    # warned, and chose among scores that were all NaN
    from sklearn.linear_model import Ridge

    with pytest.raises(ValueError, match=r"target_channel.*counted from 0.*got -1"):
        make_forecast_scorer(target_channel=-1)
    X, y = make_supervised(np.sin(np.arange(60) / 3), history=4)
    model = make_pipeline(SlidingWindow(flatten=True), Ridge())
    scorer = make_forecast_scorer(target_channel=np.int64(0))
    search = GridSearchCV(model, {"ridge__alpha": [1.0]}, cv=TimeSeriesSplit(2))
    assert np.isfinite(search.set_params(scoring=scorer).fit(X, y).best_score_)


def test_forecast_scorer_refuses_a_greater_is_better_that_is_no_bool():
    # greater_is_better="False" was passed through bool(), so True: an error
    # was maximised and a search chose its worst candidate (scikit-learn's
    # make_scorer refuses it)
    for value in ("False", "no", 0, 1.0, [False]):
        with pytest.raises(TypeError, match=r"`greater_is_better` must be.*got"):
            make_forecast_scorer(greater_is_better=value)
    metric = mean_absolute_error
    for value, sign in ((np.False_, -1), (np.True_, 1), (False, -1), (None, -1)):
        scorer = make_forecast_scorer(metric, greater_is_better=value)
        assert scorer.greater_is_better is (sign == 1)
    assert repr(make_forecast_scorer(greater_is_better=np.True_)) == (
        "make_forecast_scorer(mean_absolute_error, greater_is_better=True)"
    )


def test_future_indexed_by_arrow_time_stamps_is_read_as_dates(on_backend):
    # a series' future read with dtype_backend="pyarrow" was refused: "indexed
    # by labels, and the forecast times are dates" (a panel's was read)
    frame, _, _, model = squares()
    days = pd.date_range("2000-01-01", periods=len(frame), freq="D", name="time")
    frame = frame.set_axis(days)
    times = future_index(frame.index, 4)
    future = pd.DataFrame({"x": np.arange(30.0, 34.0)}, index=on_backend(times))
    forecast = recursive_forecast(model, frame, 4, target="y", future=future)
    assert_allclose(forecast, np.arange(30.0, 34.0) ** 2, atol=1e-6)
    assert forecast.index.equals(times)


def test_a_future_stored_big_endian_is_read_as_its_native_numbers():
    # numbers stored big-endian (np.fromfile(..., ">f8"), FITS) in `future`:
    # under pandas<3, which skltsm supports, the take of the columns that the
    # forecast reads failed in pandas' words, "Big-endian buffer not
    # supported on little-endian compiler" (pandas 3 takes them: the dtypes
    # tell)
    from skltsm._future_values import check_future_table

    frame, _, _, model = squares()
    times = future_index(frame.index, 4)
    future = pd.DataFrame({"x": np.arange(30.0, 34.0)}, index=times)
    forecast = recursive_forecast(model, frame, 4, target="y", future=future)
    for stored in (future.astype(">f8"), future["x"].astype(">f8")):
        read = check_future_table(stored, ["x"], "future")
        assert all(dtype.isnative for dtype in np.atleast_1d(read.dtypes))
        pd.testing.assert_series_equal(
            recursive_forecast(model, frame, 4, target="y", future=stored), forecast
        )
    # a panel's, series by series
    panel = {"a": frame, "b": frame}
    forecasts = recursive_forecast(
        model, panel, 4, target="y", future={k: future.astype(">f8") for k in panel}
    )
    for k in panel:
        pd.testing.assert_series_equal(forecasts[k], forecast)


def test_forecast_reads_other_channels_from_future():
    frame, _, _, model = squares()
    times = future_index(frame.index, 4)
    future = pd.DataFrame({"x": np.arange(30.0, 34.0)}, index=times)
    forecast = recursive_forecast(model, frame, 4, target="y", future=future)
    assert_allclose(forecast, np.arange(30.0, 34.0) ** 2, atol=1e-6)
    assert list(forecast.index) == list(times) and forecast.name == "y"
    # an array is read row by row from the first forecast time; the last
    # forecast time is never read by a one-step model
    array = recursive_forecast(model, frame, 4, target="y", future=[30, 31, 32])
    assert_allclose(array, forecast.to_numpy())


def test_a_forecast_needs_no_future_value_that_it_does_not_read():
    # a direct model of horizon H >= steps reads no value past the end
    frame = pd.DataFrame(
        {"y": np.arange(40.0), "x": np.arange(40.0) % 5},
        index=pd.date_range("2026-01-01", periods=40, freq="D"),
    )
    X, y = make_supervised(frame, history=4, horizon=3, target="y")
    model = make_pipeline(SlidingWindow(flatten=True), LinearRegression()).fit(X, y)
    direct = recursive_forecast(model, frame, 3, target="y")
    assert_allclose(direct, model.predict(frame.to_numpy()[np.newaxis, -4:])[0])
    with pytest.raises(ValueError, match=r"lacks the channels \['x'\] at 3 of"):
        recursive_forecast(model, frame, 6, target="y", future=frame[[]])


def test_forecast_names_the_missing_future_times():
    frame, _, _, model = squares()
    times = future_index(frame.index, 4)
    future = pd.DataFrame({"x": [30.0, 32.0]}, index=times[[0, 2]])
    with pytest.raises(ValueError, match="1 of the 3 forecast times.*: 2002-08"):
        recursive_forecast(model, frame, 4, target="y", future=future)
    with pytest.raises(ValueError, match=r"lacks the channels \['x'\]"):
        recursive_forecast(
            model, frame, 2, target="y", future=future.rename(columns=str.upper)
        )
    with pytest.raises(ValueError, match="1 of the 1 forecast times.*step 1"):
        recursive_forecast(
            model, frame.to_numpy(), 2, target=0, future=np.empty((0, 1))
        )
    # in a panel, the series is named by its key
    panel, futures = {"a": frame, "b": frame}, {"a": future, "b": future.iloc[:1]}
    futures["a"] = pd.DataFrame({"x": [30.0, 31.0, 32.0]}, index=times[:3])
    with pytest.raises(ValueError, match="forecast times of series 'b'"):
        recursive_forecast(model, panel, 4, target="y", future=futures)


def test_the_series_of_a_panel_must_have_the_channels_in_one_order():
    # the model reads the channels by position: a series whose columns come
    # in another order was forecast from another channel, silently
    frame, _, _, model = squares()
    ahead = pd.DataFrame(
        {"x": np.arange(30.0, 34.0)}, index=future_index(frame.index, 4)
    )
    futures = {"a": ahead, "b": ahead}
    swapped = {"a": frame, "b": frame[["x", "y"]]}
    with pytest.raises(ValueError, match=r"same channels.*\['b'\] has \['x', 'y'\]"):
        recursive_forecast(model, swapped, 3, target="y", future=futures)
    wider = {"a": frame, "b": frame.assign(z=1.0)}
    with pytest.raises(
        ValueError, match=r"same channels.*\['b'\] has \['y', 'x', 'z'\]"
    ):
        recursive_forecast(model, wider, 3, target="y", future=futures)
    same = recursive_forecast(
        model, {"a": frame, "b": frame}, 3, target="y", future=futures
    )
    assert_allclose(same["b"], np.arange(30.0, 33.0) ** 2, atol=1e-6)


def test_a_model_that_reads_the_target_from_another_channel_is_refused():
    # LastValueRidge(target_channel=1), fitted with the target second, was
    # forecast from a series whose `target` is first: it read the other
    # channel's level as the target's, fed its forecasts back into the
    # target's, and returned numbers near the other channel, silently
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(
        {"x": rng.normal(size=40).cumsum(), "y": 50.0 + rng.normal(size=40).cumsum()}
    )
    X, y = make_supervised(frame, history=6, target="y")
    model = LastValueRidge(target_channel=1).fit(X, y)
    future = np.zeros((2, 1))
    forecast = recursive_forecast(model, frame, 3, target="y", future=future)
    assert_allclose(forecast, frame["y"].iloc[-1], atol=5.0)
    swapped = frame[["y", "x"]]
    with pytest.raises(ValueError, match=r"target_channel=1.*channel 0 of `series`"):
        recursive_forecast(model, swapped, 3, target="y", future=future)
    with pytest.raises(ValueError, match=r"target_channel=1.*channel 0 of `series`"):
        recursive_forecast(model, frame.to_numpy(), 3, target=0, future=future)
    # and so for a baseline, and for a panel
    naive = SeasonalNaiveRegressor(target_channel=1).fit(X, y)
    with pytest.raises(ValueError, match=r"target_channel=1.*channel 0 of `series`"):
        recursive_forecast(naive, {"a": swapped}, 3, target="y", future={"a": future})
    # and inside the wrappers that forecast with it, with the others of a
    # combination, whose channels they pass on as they are
    naive = SeasonalNaiveRegressor(target_channel=1)
    for wrapped in (
        ConformalRegressor(naive, cv=3),
        CombinedRegressor([("ridge", LastValueRidge(target_channel=1)), ("sn", naive)]),
        TransformedTargetRegressor(naive),  # the identity, as a wrapper
    ):
        wrapped.fit(X, y)
        with pytest.raises(ValueError, match=r"target_channel=1.*channel 0 of `serie"):
            recursive_forecast(wrapped, swapped, 3, target="y", future=future)


def test_a_model_that_names_its_channels_is_refused_them_in_another_order():
    # a pipeline whose SlidingWindow names the channels it reads, fed a
    # series with its columns in another order, read each channel in the
    # place of the other: it forecast temp's level in a Series named
    # 'sales', silently
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(
        {"sales": 5 + rng.normal(size=40).cumsum(), "temp": 20 + rng.normal(size=40)}
    )
    X, y = make_supervised(frame, history=6, target="sales")
    window = SlidingWindow(4, flatten=True, channel_names=["sales", "temp"])
    model = make_pipeline(window, LinearRegression()).fit(X, y)
    future = np.full((2, 1), 20.0)
    forecast = recursive_forecast(model, frame, 3, target="sales", future=future)
    swapped = frame[["temp", "sales"]]
    match = (
        r"reads the channels \['sales', 'temp'\].*`series` has them as "
        r"\['temp', 'sales'\].*`series\[\['sales', 'temp'\]\]`"
    )
    with pytest.raises(ValueError, match=match):
        recursive_forecast(model, swapped, 3, target="sales", future=future)
    # and a panel's, and the model inside a search and the wrappers that
    # forecast with it
    with pytest.raises(ValueError, match=match.split(r".*`series\[")[0]):
        recursive_forecast(
            model, {"a": swapped}, 3, target="sales", future={"a": future}
        )
    search = GridSearchCV(model, {"linearregression__fit_intercept": [True]}, cv=2)
    for wrapped in (
        search,
        ConformalRegressor(model, cv=3),
        TransformedTargetRegressor(model),
    ):
        wrapped.fit(X, y)
        with pytest.raises(ValueError, match=match):
            recursive_forecast(wrapped, swapped, 3, target="sales", future=future)
    # where the columns are not the names read, or not named, nothing tells
    # a wrong order: forecast as they come
    renamed = frame.set_axis(["revenue", "temp"], axis=1)
    for series, target in ((renamed, "revenue"), (frame.to_numpy(), 0)):
        assert_allclose(
            recursive_forecast(model, series, 3, target=target, future=future),
            forecast,
        )


def test_a_future_series_is_matched_by_its_time_stamps():
    # a pandas Series, as a DataFrame's column, is read at the forecast times
    # of its index, not from its first row
    frame, _, _, model = squares()
    times = future_index(frame.index, 4)
    x = pd.Series(np.arange(34.0), index=frame.index.append(times), name="x")
    expected = np.arange(30.0, 34.0) ** 2
    for future in (x, x.rename(None), x.iloc[::-1]):
        forecast = recursive_forecast(model, frame, 4, target="y", future=future)
        assert_allclose(forecast, expected, atol=1e-6)
    panel = recursive_forecast(
        model, {"a": frame, "b": frame}, 4, target="y", future={"a": x, "b": x}
    )
    assert_allclose(panel["b"], expected, atol=1e-6)
    with pytest.raises(ValueError, match=r"lacks the channels \['x'\]"):
        recursive_forecast(model, frame, 4, target="y", future=x.rename("X"))


def test_a_future_indexed_by_another_kind_of_time_is_named():
    # dates for a series of months, times without a zone for a series with
    # one: no row matched, and the error said that every value was missing
    frame, _, _, model = squares()
    times = future_index(frame.index, 3)
    values = {"x": [30.0, 31.0, 32.0]}
    dates = pd.DataFrame(values, index=times.to_timestamp())
    with pytest.raises(TypeError, match=r"by dates, .* times are periods of M"):
        recursive_forecast(model, frame, 3, target="y", future=dates)
    with pytest.raises(TypeError, match=r"future\['b'\]` is indexed by"):
        recursive_forecast(
            model,
            {"a": frame, "b": frame},
            3,
            target="y",
            future={"a": pd.DataFrame(values, index=times), "b": dates},
        )
    weeks = pd.DataFrame(values, index=times.asfreq("W"))
    with pytest.raises(TypeError, match=r"periods of W-SUN, .* periods of M"):
        recursive_forecast(model, frame, 3, target="y", future=weeks)
    zoned = frame.set_axis(frame.index.to_timestamp().tz_localize("UTC"))
    with pytest.raises(TypeError, match=r"by dates, .* dates with a time zone"):
        recursive_forecast(model, zoned, 3, target="y", future=dates)
    ahead = future_index(zoned.index, 3)
    for index in (ahead, ahead.tz_convert("Europe/Berlin"), ahead.as_unit("ns")):
        forecast = recursive_forecast(
            model, zoned, 3, target="y", future=pd.DataFrame(values, index=index)
        )
        assert_allclose(forecast, np.arange(30.0, 33.0) ** 2, atol=1e-6)


def test_a_future_that_cannot_be_read_at_the_forecast_times_is_named(monkeypatch):
    # time stamps given twice and columns of text failed in pandas ("cannot
    # reindex on an axis with duplicate labels", "could not convert string to
    # float"); time stamps or complex numbers in a column were read as numbers
    frame, _, _, model = squares()
    times = future_index(frame.index, 3)

    def predict(X):
        raise AssertionError("predicted before checking `future`")

    monkeypatch.setattr(model, "predict", predict)
    twice = pd.DataFrame({"x": [30.0, 30.5, 31.0]}, index=times[[0, 0, 1]])
    match = r"`future` gives 1 time stamp more than once: 2002-07\. "
    with pytest.raises(ValueError, match=match):
        recursive_forecast(model, frame, 3, target="y", future=twice)
    with pytest.raises(ValueError, match=match):
        recursive_forecast(model, frame, 3, target="y", future=twice["x"])
    panel = pd.concat({"a": twice.iloc[1:], "b": twice})
    with pytest.raises(ValueError, match=r"`future\['b'\]` gives 1 time stamp"):
        recursive_forecast(
            model, pd.concat({"a": frame, "b": frame}), 3, target="y", future=panel
        )
    doubled = pd.DataFrame([[30.0, 30.0], [31.0, 31.0]], times[:2], columns=["x", "x"])
    with pytest.raises(
        ValueError, match=r"`future` has columns of the same name: \['x'\]"
    ):
        recursive_forecast(model, frame, 3, target="y", future=doubled)
    for column in (["30", "31"], pd.to_datetime(["2026-01-01", "2026-01-02"]), [1j, 2]):
        text = pd.DataFrame({"x": column, "note": ["a", "b"]}, index=times[:2])
        with pytest.raises(TypeError, match=r"^Column 'x' of `future` is not numeric"):
            recursive_forecast(model, frame, 3, target="y", future=text)
        with pytest.raises(TypeError, match=r"^Column 'x' of `future` is not numeric"):
            recursive_forecast(model, frame, 3, target="y", future=text["x"])
    # a column that the forecast does not read is not read
    monkeypatch.undo()
    noted = pd.DataFrame({"x": [30.0, 31.0], "note": ["a", "b"]}, index=times[:2])
    forecast = recursive_forecast(model, frame, 3, target="y", future=noted)
    assert_allclose(forecast, np.arange(30.0, 33.0) ** 2, atol=1e-6)


def test_a_panels_series_whose_times_cannot_be_continued_is_named():
    series, model = linear()
    days = pd.date_range("2000-01-01", periods=40, freq="D")
    gappy = days[:-1].append(pd.DatetimeIndex(["2000-03-01"]))
    panel = {"a": pd.Series(series, days), "b": pd.Series(series, gappy)}
    gap = r"times of series 'b'.*lacks 21 time stamps.*asfreq\('D'\)"
    with pytest.raises(ValueError, match=gap):
        recursive_forecast(model, panel, 2)
    with pytest.raises(ValueError, match=gap):
        recursive_forecast(model, pd.concat(panel), 2)
    with pytest.raises(ValueError, match=r"^`index` lacks 21 time stamps"):
        recursive_forecast(model, panel["b"], 2)
    irregular = gappy[:-1].append(pd.DatetimeIndex(["2000-03-01 12:00"]))
    with pytest.raises(ValueError, match="^The time index has no frequency"):
        recursive_forecast(model, pd.Series(series, irregular), 2)


def test_forecast_scorer_reads_other_channels_from_the_fold():
    _, X, y, model = squares()
    assert make_forecast_scorer()(model, X[10:], y[10:]) == pytest.approx(0, abs=1e-6)


def test_nothing_forecasts_past_its_horizon_from_the_smoothings_state():
    # the state at the steps ahead reads their values: in a fold's windows it
    # is there, and a recursion would read it as if known in advance
    steps = np.arange(80.0)
    series = 10 + np.tile([1.0, 3.0, 2.0, 4.0], 20) + 0.1 * steps
    withs = add_smoothing_channels(series, 4, history=8, horizon=2, state=True)
    X, y = make_supervised(withs, history=8, horizon=2, target=0)
    state = HoltWintersRegressor(4, smoothing="state")
    for model in (state, make_pipeline(SlidingWindow(), state)):
        fitted = clone(model).fit(X[:40], y[:40])
        with pytest.raises(ValueError, match="smoothing's state.*no further"):
            make_forecast_scorer()(fitted, X[40:], y[40:])
        make_forecast_scorer()(fitted, X[40:41], y[40:41])  # one horizon: read


def test_mase():
    train = np.array([1.0, 3.0, 2.0, 4.0, 3.0])
    # seasonal naive errors over 2 steps: |2-1|, |4-3|, |3-2| -> scale 1
    mase = mean_absolute_scaled_error([5, 5], [4, 7], y_train=train, season_length=2)
    assert mase == 1.5
    with pytest.raises(ValueError, match="differ in shape"):
        mean_absolute_scaled_error([1, 2], [1], y_train=train)
    with pytest.raises(ValueError, match="longer than"):
        mean_absolute_scaled_error([1], [1], y_train=train, season_length=5)
    with pytest.raises(ValueError, match="scale of MASE is zero"):
        mean_absolute_scaled_error([1], [1], y_train=np.ones(6), season_length=2)
    with pytest.raises(ValueError, match=r"`y_pred` holds NaN"):
        mean_absolute_scaled_error([1, 2], [1, np.nan], y_train=train)
    with pytest.raises(ValueError, match="no values"):
        mean_absolute_scaled_error([], [], y_train=train)
    # a panel's series each have their own scale: not one series' differences
    panel = pd.concat({"a": pd.Series(train), "b": pd.Series(10 * train)})
    with pytest.raises(ValueError, match="one series.*per series"):
        mean_absolute_scaled_error([1], [1], y_train=panel)


def test_the_scaled_scores_refuse_a_season_repeated_to_rounding():
    # a season computed with np.sin repeats itself up to rounding: its scale,
    # about 1e-14, gave a MASE of 1e14 without a word, where an exact repeat
    # is refused; it is refused alike, as SeriesScaler takes it for no change
    from skltsm import SeriesScaler, mean_scaled_interval_score

    t = np.arange(48)
    train = 100 + 10 * np.sin(2 * np.pi * t / 12)
    assert 0 < np.abs(train[12:] - train[:-12]).max() < 1e-12
    assert SeriesScaler(12).fit(train).scales_[0] == 1.0
    with pytest.raises(ValueError, match="every season, exactly or to rounding"):
        mean_absolute_scaled_error([100.0], [101.0], y_train=train, season_length=12)
    with pytest.raises(ValueError, match="the scale of MSIS is zero"):
        mean_scaled_interval_score(
            [100.0], [99.0], [101.0], y_train=train, season_length=12
        )
    # a change above the rounding, however small, is a scale
    train[20] += 1e-9
    mase = mean_absolute_scaled_error([1.0], [2.0], y_train=train, season_length=12)
    assert mase == pytest.approx(1 / np.mean(np.abs(train[12:] - train[:-12])))


def test_mase_weighs_rows_as_mean_absolute_error_does():
    # scikit-learn's metrics take sample_weight: the numerator is its
    # weighted mean absolute error, per output and then averaged; the scale
    # is the training series' alone
    from sklearn.metrics import mean_absolute_error

    rng = np.random.default_rng(0)
    train = rng.normal(size=20).cumsum()
    y_true, y_pred = rng.normal(size=(6, 3)), rng.normal(size=(6, 3))
    weights = np.array([0.0, 1.0, 2.0, 0.5, 3.0, 1.0])
    scale = np.mean(np.abs(train[4:] - train[:-4]))
    for true, pred in ((y_true, y_pred), (y_true[:, 0], y_pred[:, 0])):
        mase = mean_absolute_scaled_error(
            true, pred, y_train=train, season_length=4, sample_weight=weights
        )
        expected = mean_absolute_error(true, pred, sample_weight=weights) / scale
        assert mase == pytest.approx(expected, rel=1e-12)
        # a zero weight leaves a row out; equal weights are the plain mean
        assert mase != pytest.approx(
            mean_absolute_scaled_error(true, pred, y_train=train, season_length=4)
        )
        assert mean_absolute_scaled_error(
            true, pred, y_train=train, season_length=4, sample_weight=np.full(6, 2.0)
        ) == pytest.approx(
            mean_absolute_scaled_error(true, pred, y_train=train, season_length=4)
        )
    with pytest.raises(ValueError, match="one weight per row"):
        mean_absolute_scaled_error(
            y_true, y_pred, y_train=train, sample_weight=np.ones(5)
        )
    # one number for every row, as the regressors' fit takes it, is equal
    # weights (it was handed to mean_absolute_error, which refused it)
    assert mean_absolute_scaled_error(
        y_true, y_pred, y_train=train, sample_weight=2.0
    ) == pytest.approx(mean_absolute_scaled_error(y_true, y_pred, y_train=train))


def test_mase_refuses_the_rows_of_several_series_of_a_panel():
    # y_true of a panel's rows (make_supervised on several series) was scaled
    # by the one training series given, whichever it was: each series of the
    # panel has its own scale (sktime's MASE scales each series by its own)
    rng = np.random.default_rng(0)
    panel = {"a": rng.normal(size=30).cumsum(), "b": 100 * rng.normal(size=30).cumsum()}
    _, y = make_supervised(panel, history=3)
    train = panel["a"][:20]
    with pytest.raises(ValueError, match=r"rows of 2 series.*per series"):
        mean_absolute_scaled_error(y, y + 1.0, y_train=train)
    with pytest.raises(ValueError, match=r"rows of 2 series"):
        mean_absolute_scaled_error(y.to_numpy(), y + 1.0, y_train=train)
    # the rows of one series of the panel, with its own training part
    one = y.loc[["a"]]
    expected = 1.0 / np.mean(np.abs(np.diff(train)))
    assert mean_absolute_scaled_error(one, one + 1.0, y_train=train) == pytest.approx(
        expected
    )


def test_the_scaled_scores_take_one_series_of_a_panel_with_its_index():
    # a series of a panel as train.groupby(level="id") gives it keeps its
    # (series, time) index, and was refused as a panel's series
    from skltsm import mean_scaled_interval_score

    def panel(values, times):
        index = pd.MultiIndex.from_product([["a", "b"], times], names=["id", "t"])
        return pd.Series(values, index=index)

    train, test = panel(np.arange(20.0) ** 1.5, range(10)), panel(0.0, range(10, 13))
    for key, part in train.groupby(level="id"):
        scale = np.mean(np.abs(np.diff(part.to_numpy())))
        true = test.loc[[key]]  # the rows of one series are taken
        mase = mean_absolute_scaled_error(true, true + 1, y_train=part)
        assert mase == pytest.approx(1 / scale)
        msis = mean_scaled_interval_score(true, true - 1, true + 1, y_train=part)
        assert msis == pytest.approx(2 / scale)
    with pytest.raises(ValueError, match="`y_train` must be one series"):
        mean_absolute_scaled_error([1.0], [2.0], y_train=train)


def test_mase_refuses_every_form_of_panel_and_several_columns():
    # a list, tuple or dict of series is a panel too, and a table of several
    # columns (the targets of several horizons) is not one series: no
    # `target=` to pass here, whatever check_series would advise
    train = np.array([1.0, 3.0, 2.0, 4.0, 3.0])
    for several in ([train, 10 * train], (train, 10 * train), {"a": train}):
        with pytest.raises(ValueError, match="one series.*per series"):
            mean_absolute_scaled_error([1], [1], y_train=several)
    # a dict panel's own forecasts (recursive_forecast's) as the values scored
    test = {"a": np.array([5.0, 6.0]), "b": np.array([50.0, 60.0])}
    with pytest.raises(ValueError, match=r"`y_true` is a dict of 2 series.*per series"):
        mean_absolute_scaled_error(test, test, y_train={"a": train, "b": 10 * train})
    with pytest.raises(ValueError, match=r"`y_pred` is a dict of 2 series.*per series"):
        mean_absolute_scaled_error(test["a"], test, y_train=train)
    horizons = pd.DataFrame({"y_t+1": train, "y_t+2": 10 * train})
    for table in (horizons, horizons.to_numpy().tolist()):  # a list of rows too
        with pytest.raises(ValueError, match=r"univariate.*shape \(5, 2\)"):
            mean_absolute_scaled_error([1], [1], y_train=table)


def test_mase_refuses_a_list_panels_forecasts_as_a_dict_panels():
    # recursive_forecast gives a list panel's forecasts as a list of arrays,
    # which was read as the rows of one series: every series' errors were
    # scaled by the one training series given, silently
    rng = np.random.default_rng(0)
    full = [rng.normal(size=30).cumsum(), 100 * rng.normal(size=30).cumsum()]
    train, test = [x[:-4] for x in full], [x[-4:] for x in full]
    X, y = make_supervised(train, history=6)
    forecast = recursive_forecast(SeasonalNaiveRegressor().fit(X, y), train, 4)
    assert isinstance(forecast, list)
    for panel in (forecast, tuple(forecast)):
        kind = type(panel).__name__
        with pytest.raises(
            ValueError, match=rf"`y_pred` is a {kind} of 2 series.*MASE per series"
        ):
            mean_absolute_scaled_error(test[0], panel, y_train=train[0])
        with pytest.raises(ValueError, match=rf"`y_true` is a {kind} of 2 series"):
            mean_absolute_scaled_error(type(panel)(test), panel, y_train=train[0])
    # each series with its own training part
    for true, pred, part in zip(test, forecast, train, strict=True):
        expected = np.mean(np.abs(true - pred)) / np.mean(np.abs(np.diff(part)))
        assert mean_absolute_scaled_error(true, pred, y_train=part) == pytest.approx(
            expected
        )
