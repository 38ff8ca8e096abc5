"""CalendarFeatures: values, encodings, holidays, the inputs it reads, and its
use as inputs known in advance."""

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import clone
from sklearn.linear_model import LinearRegression
from sklearn.pipeline import make_pipeline

from skltsm import (
    CalendarFeatures,
    SlidingWindow,
    future_index,
    make_supervised,
    recursive_forecast,
)
from skltsm._compat import InvalidParameterError

HALF_HOURS = pd.date_range("2026-01-05", periods=48 * 14, freq="30min")  # a Monday


def features(times, **params):
    return (
        CalendarFeatures(**params).set_output(transform="pandas").fit_transform(times)
    )


def test_cyclic_hour_reads_the_time_of_day_and_wraps_at_midnight():
    out = features(HALF_HOURS, features=["hour"])
    assert list(out.columns) == ["hour_sin", "hour_cos"]
    at = out.loc
    assert_allclose(at["2026-01-05 00:00"], [0.0, 1.0], atol=1e-12)
    assert_allclose(at["2026-01-05 06:00"], [1.0, 0.0], atol=1e-12)
    assert_allclose(at["2026-01-05 18:00"], [-1.0, 0.0], atol=1e-12)
    # half past eleven is half an hour from midnight, as half past midnight is
    assert_allclose(
        at["2026-01-05 23:30"].to_numpy() * [-1, 1], at["2026-01-05 00:30"], atol=1e-12
    )


def test_cyclic_month_and_dayofweek_start_their_cycle_at_zero():
    months = pd.period_range("2026-01", periods=12, freq="M")
    out = features(months, features=["month"])
    assert_allclose(out.iloc[0], [0.0, 1.0], atol=1e-12)  # January
    assert_allclose(out.iloc[6], [0.0, -1.0], atol=1e-12)  # July
    days = pd.date_range("2026-01-05", periods=7, freq="D")  # Monday on
    out = features(days, features=["dayofweek"])
    assert_allclose(out.iloc[0], [0.0, 1.0], atol=1e-12)
    assert_allclose(np.hypot(out["dayofweek_sin"], out["dayofweek_cos"]), 1.0)


def test_onehot_and_ordinal_encodings():
    days = pd.date_range("2026-01-05", periods=14, freq="D")
    onehot = features(days, features=["dayofweek", "weekend"], encoding="onehot")
    assert list(onehot.columns) == [f"dayofweek_{d}" for d in range(7)] + ["weekend"]
    assert_array_equal(onehot.iloc[:, :7].sum(axis=1), 1.0)
    assert_array_equal(onehot["dayofweek_2"], days.dayofweek == 2)
    assert_array_equal(onehot["weekend"], days.dayofweek >= 5)
    ordinal = features(days, features=["dayofweek", "dayofmonth"], encoding="ordinal")
    assert_array_equal(ordinal["dayofweek"], days.dayofweek)
    assert_array_equal(ordinal["dayofmonth"], days.day)


def test_auto_keeps_the_features_that_vary():
    assert CalendarFeatures().fit(HALF_HOURS).features_ == ["hour", "dayofweek"]
    days = pd.date_range("2026-01-01", periods=60, freq="D")
    assert CalendarFeatures().fit(days).features_ == ["dayofweek", "month"]
    months = pd.period_range("2020-01", periods=24, freq="M")
    assert CalendarFeatures().fit(months).features_ == ["month"]
    # none varies: no columns at all would reach the model, without a word
    years = pd.period_range("2000", periods=20, freq="Y")
    for times in (years, days[:1]):
        with pytest.raises(ValueError, match="found no calendar feature"):
            CalendarFeatures().fit(times)
    holiday = CalendarFeatures(holidays=["2005-12-25"]).fit(years)
    assert holiday.features_ == [] and holiday.get_feature_names_out() == ["holiday"]


def test_auto_reads_the_step_between_distinct_times_in_any_order():
    # newest first, or a panel's rows in time order (each time once per
    # series), read a step of minus a month or of zero: "shorter than a
    # week", so monthly data took the day of the week of each month's end
    months = pd.date_range("2020-01-31", periods=24, freq="ME")
    ids = ["a", "b", "c"]
    by_time = pd.Series(
        0.0, index=pd.MultiIndex.from_product([months, ids]).swaplevel()
    )
    for times in (months[::-1], by_time):
        assert CalendarFeatures().fit(times).features_ == ["month"]
    hours = pd.date_range("2026-01-05", periods=24 * 8, freq="h")[::-1]
    assert CalendarFeatures().fit(hours).features_ == ["hour", "dayofweek"]


def test_a_periods_features_are_those_of_its_last_day():
    weeks = pd.period_range("2024-12-23", periods=2, freq="W-SUN")
    out = features(weeks, features=["month", "dayofweek"], encoding="ordinal")
    assert_array_equal(out["month"], [12, 1])  # the week to 5 January
    assert_array_equal(out["dayofweek"], [6, 6])
    quarters = pd.period_range("2024Q1", periods=2, freq="Q")
    out = features(quarters, features=["month"], encoding="ordinal")
    assert_array_equal(out["month"], [3, 6])


def test_holidays_mark_every_time_of_their_day_and_the_periods_holding_them():
    out = features(HALF_HOURS, features=[], holidays=["2026-01-06", "2027-01-01"])
    assert list(out.columns) == ["holiday"]
    assert_array_equal(out["holiday"], HALF_HOURS.normalize() == "2026-01-06")
    assert out["holiday"].sum() == 48
    months = pd.period_range("2025-11", periods=4, freq="M")
    out = features(months, features=[], holidays=[pd.Timestamp("2025-12-25 10:00")])
    assert_array_equal(out["holiday"], [0, 1, 0, 0])


@pytest.mark.parametrize(
    "holiday", ["2026-01-06", pd.Timestamp("2026-01-06 12:00", tz="Asia/Tokyo")]
)
@pytest.mark.parametrize("tz", ["UTC", "Europe/Berlin", "America/New_York"])
def test_holidays_are_days_of_the_local_calendar_of_aware_time_stamps(tz, holiday):
    # a holiday is a day on the clocks of the time stamps' own zone: every
    # local half hour of 6 January, whatever zone the holiday was given in
    times = HALF_HOURS.tz_localize(tz)
    out = features(times, features=[], holidays=[holiday])
    local_day = times.tz_localize(None).normalize() == "2026-01-06"
    assert_array_equal(out["holiday"], local_day)
    assert out["holiday"].sum() == 48


def test_holidays_given_in_different_time_zones_are_each_a_date():
    # "time zones are ignored: a holiday is a date", also when the dates come
    # on the clocks of several zones (pandas refuses to put those in one index)
    holidays = [
        pd.Timestamp("2026-01-06 23:00", tz="Asia/Tokyo"),
        pd.Timestamp("2026-01-08 01:00", tz="America/New_York"),
        "2026-01-10",
    ]
    days = pd.date_range("2026-01-05", periods=7, freq="D")
    out = features(days, features=[], holidays=holidays)
    assert_array_equal(out["holiday"], [0, 1, 0, 1, 0, 1, 0])


@pytest.mark.parametrize(
    "holidays",
    [
        pd.DataFrame({"date": ["2026-01-06", "2026-01-08"]}),  # read from a CSV
        pd.DataFrame({"date": pd.to_datetime(["2026-01-06", "2026-01-08"])}),
        np.array([["2026-01-06"], ["2026-01-08"]]),
        np.array(["2026-01-06", "2026-01-08"]),  # numpy's strings
    ],
    ids=["table-of-text", "table-of-dates", "column-array", "numpy-strings"],
)
def test_holidays_in_a_table_of_one_column_are_its_dates(holidays):
    # a table of one column was read by its column's name ("date"), which
    # is no date; numpy's strings were refused by pd.Timestamp
    days = pd.date_range("2026-01-05", periods=5, freq="D")
    out = features(days, features=[], holidays=holidays)
    assert_array_equal(out["holiday"], [0, 1, 0, 1, 0])


@pytest.mark.parametrize(
    ("holidays", "match"),
    [
        (
            pd.DataFrame({"date": ["2026-01-06"], "name": ["Epiphany"]}),
            r"table of 2 columns \['date', 'name'\].*holidays=table\['date'\]",
        ),
        (np.array([["2026-01-06", "x"]]), r"shape \(1, 2\)"),
        (["2026-01-06", "Epiphany"], "`holidays` must hold dates.*Epiphany"),
    ],
    ids=["table", "array", "not-a-date"],
)
def test_holidays_that_are_not_a_column_of_dates_are_refused(holidays, match):
    days = pd.date_range("2026-01-05", periods=5, freq="D")
    with pytest.raises(ValueError, match=match):
        CalendarFeatures(holidays=holidays).fit(days)


@pytest.mark.parametrize(
    "make",
    [
        lambda t: t,
        lambda t: pd.Series(np.arange(len(t)), index=t),
        lambda t: pd.DataFrame({"a": np.arange(len(t))}, index=t),
        lambda t: pd.Series(np.arange(len(t)), index=t).to_period("D"),
    ],
    ids=["index", "series", "frame", "periods"],
)
def test_reads_the_time_stamps_of_any_indexed_input(make):
    times = pd.date_range("2026-03-01", periods=10, freq="D")
    X = make(times)
    out = features(X, features=["dayofweek"], encoding="ordinal")
    assert_array_equal(out["dayofweek"], times.dayofweek)
    assert out.index.equals(X if isinstance(X, pd.Index) else X.index)


def test_reads_the_time_level_of_a_panel():
    times = pd.date_range("2026-03-01", periods=4, freq="D")
    panel = pd.Series(
        0.0, index=pd.MultiIndex.from_product([["a", "b"], times], names=["id", "t"])
    )
    out = features(panel, features=["dayofweek"], encoding="ordinal")
    assert_array_equal(out["dayofweek"], np.tile(times.dayofweek, 2))
    assert out.index.equals(panel.index)


def test_reads_a_panel_of_series_in_two_time_zones_on_their_own_clocks():
    # pandas holds the times of series in two zones as objects (in the rows
    # of make_supervised, and once a table's series is split by id), which
    # were refused as "a Index"; each is read on its own zone's clock
    panel = {
        zone: pd.Series(0.0, pd.date_range("2026-03-01", periods=4, tz=zone))
        for zone in ("Asia/Tokyo", "America/New_York")
    }
    table = pd.concat(panel, names=["id", "time"])
    assert table.index.levels[1].dtype == object
    params = {"features": ["hour", "dayofweek"], "encoding": "ordinal"}
    days = panel["Asia/Tokyo"].index.dayofweek
    out = features(table, **params)
    assert_array_equal(out["hour"], 0)  # midnights, 15:00 and 05:00 in UTC
    assert_array_equal(out["dayofweek"], np.tile(days, 2))
    assert out.index.equals(table.index)
    out = features(table.loc["Asia/Tokyo"], **params)
    assert_array_equal(out["dayofweek"], days)
    _, y = make_supervised(table, history=2)
    assert_array_equal(features(y, **params)["hour"], 0)


def test_default_output_is_an_array_and_params_clone():
    calendar = CalendarFeatures(["hour"], encoding="onehot", holidays=["2026-01-06"])
    out = calendar.fit_transform(HALF_HOURS)
    assert isinstance(out, np.ndarray) and out.shape == (len(HALF_HOURS), 25)
    assert out.dtype == np.float64
    twin = clone(calendar)
    assert twin.get_params() == calendar.get_params()
    assert not hasattr(twin, "features_")


def test_counts_and_names_a_tables_columns_as_scikit_learn_does():
    # a Pipeline starting with it reports the columns of the table it saw;
    # refitted on a Series or an index of times, none are left over
    from sklearn.linear_model import Ridge
    from sklearn.pipeline import make_pipeline

    table = pd.DataFrame({"load": np.arange(672.0), "temp": 1.0}, index=HALF_HOURS)
    calendar = CalendarFeatures(["hour"]).fit(table)
    assert calendar.n_features_in_ == 2
    assert_array_equal(calendar.feature_names_in_, ["load", "temp"])
    pipeline = make_pipeline(CalendarFeatures(["hour"]), Ridge())
    assert pipeline.fit(table, table["load"]).n_features_in_ == 2
    for times in (table["load"], HALF_HOURS):
        calendar.fit(times)
        assert not hasattr(calendar, "n_features_in_")
        assert not hasattr(calendar, "feature_names_in_")
    # the future's time stamps are transformed whatever the table fitted on
    fitted = CalendarFeatures(["hour"]).fit(table)
    assert fitted.transform(HALF_HOURS).shape == (672, 2)


@pytest.mark.parametrize(
    ("X", "match"),
    [
        (np.arange(5.0), "reads the time stamps of X.*ndarray"),
        (pd.Series(np.arange(5.0)), "indexed by a RangeIndex"),
    ],
)
def test_input_without_time_stamps_is_refused(X, match):
    with pytest.raises(TypeError, match=match):
        CalendarFeatures().fit(X)


def test_a_panel_with_its_times_first_is_told_they_must_be_the_last_level():
    # the times of a panel are its index's last level: a panel indexed by
    # (time, id) was told it was indexed by a plain Index, not a MultiIndex
    times = pd.date_range("2026-03-01", periods=4, freq="D")
    panel = pd.Series(
        0.0, index=pd.MultiIndex.from_product([times, ["a", "b"]], names=["t", "id"])
    )
    with pytest.raises(TypeError, match="MultiIndex whose last level 'id' is"):
        CalendarFeatures().fit(panel)
    with pytest.raises(TypeError, match="MultiIndex whose last level 'id' is"):
        CalendarFeatures().fit(panel.index)


def test_bad_parameters_are_refused_at_fit():
    with pytest.raises(ValueError, match="`features` must name"):
        CalendarFeatures(["hour", "season"]).fit(HALF_HOURS)
    with pytest.raises(ValueError, match="`features` must name"):
        CalendarFeatures(["hour", "hour"]).fit(HALF_HOURS)
    with pytest.raises(InvalidParameterError, match="encoding"):
        CalendarFeatures(encoding="sine").fit(HALF_HOURS)


def test_calendar_columns_are_inputs_known_over_a_forecast():
    # a series that is its day-of-week profile: a linear model on the calendar's
    # lead channels forecasts it exactly, from transform(future_index(...))
    times = pd.date_range("2026-01-05", periods=70, freq="D")
    calendar = CalendarFeatures(["dayofweek"], encoding="onehot")
    calendar.set_output(transform="pandas")
    profile = np.array([3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0])
    data = calendar.fit_transform(times).assign(y=profile[times.dayofweek])
    columns = list(calendar.get_feature_names_out())
    X, y = make_supervised(data, history=3, horizon=3, target="y", future=columns)
    model = make_pipeline(SlidingWindow(flatten=True), LinearRegression()).fit(X, y)
    ahead = future_index(times, 9)
    forecast = recursive_forecast(
        model,
        data,
        steps=9,
        target="y",
        future=calendar.transform(ahead),
        future_columns=columns,
    )
    assert_array_equal(forecast.index, ahead)
    assert_allclose(forecast, profile[ahead.dayofweek], atol=1e-8)
