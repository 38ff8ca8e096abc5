"""Many series in one dataset: rows stacked, ordered by time, never crossing
from one series into another; splits, early stopping and forecasts per series."""

import re

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import TimeSeriesSplit
from sklearn.pipeline import make_pipeline

from skltsm import (
    PanelTimeSeriesSplit,
    SeriesScaler,
    SlidingWindow,
    future_index,
    make_supervised,
    recursive_forecast,
)


def _monthly(start, values, name="v"):
    index = pd.period_range(start, periods=len(values), freq="M")
    return pd.Series(np.asarray(values, dtype=float), index=index, name=name)


@pytest.fixture
def panel():
    # b starts later and ends earlier; values say which series and step they are
    return {
        "a": _monthly("2000-01", np.arange(12)),
        "b": _monthly("2000-04", 100 + np.arange(7)),
    }


def test_rows_of_every_series_never_cross_and_follow_time(panel):
    X, y = make_supervised(panel, history=3, horizon=2)
    assert X.shape == ((12 - 4) + (7 - 4), 3, 1) == (11, 3, 1)
    assert y.index.names == ["series", "time"]
    for i, (series_id, time) in enumerate(y.index):
        series = panel[series_id]
        t = series.index.get_loc(time)  # the first target step
        assert_array_equal(X[i, :, 0], series.to_numpy()[t - 3 : t])
        assert_array_equal(y.iloc[i], series.to_numpy()[t : t + 2])
    times = y.index.get_level_values("time")
    assert (times[1:] >= times[:-1]).all()  # later in time, later in the rows


def test_lists_of_arrays_align_at_their_ends():
    X, y = make_supervised([np.arange(8.0), 50 + np.arange(5.0)], history=2)
    assert len(X) == 6 + 3
    # the last rows of both series come last (ties in the order of the series)
    assert list(y.iloc[-2:]) == [7.0, 54.0]
    assert_array_equal(X[:, -1, 0] + 1, y.to_numpy())
    # their times count on the longest series' clock: the shorter one starts
    # later, and rows at the same time carry the same label
    assert list(y.loc[0].index) == list(range(2, 8))
    assert list(y.loc[1].index) == list(range(5, 8))


def test_time_cuts_of_arrays_test_the_last_rows_of_every_series():
    X, y = make_supervised([np.arange(10.0), 100 + np.arange(8.0)], history=3)
    split = PanelTimeSeriesSplit(n_splits=1, test_size=2, cut="time")
    train, test = next(split.split(X, y))
    assert sorted(y.iloc[test]) == [8.0, 9.0, 106.0, 107.0]
    assert sorted(y.iloc[train]) == [3.0, 4.0, 5.0, 6.0, 7.0, 103.0, 104.0, 105.0]


def test_series_with_and_without_times_do_not_mix(panel):
    # an array's rows would count on a clock of positions beside the dates,
    # and the dates would be dropped: refused, naming one of each
    with pytest.raises(ValueError, match=r"data\[1\] has none.*data\[0\] has periods"):
        make_supervised([panel["a"], np.arange(9.0)], history=2)
    dated = pd.Series(np.arange(9.0), index=pd.date_range("2000-01", periods=9))
    kinds = r"data\['c'\] has dates.*data\['a'\] has periods"
    with pytest.raises(ValueError, match=kinds):
        make_supervised({**panel, "c": dated}, history=2)
    # dates in time zones are instants: they compare across zones
    utc = pd.date_range("2000-01-01", periods=9, freq="D", tz="UTC")
    zoned = [
        pd.Series(np.arange(9.0), index=utc.tz_convert(tz)) for tz in ("UTC", "CET")
    ]
    assert len(make_supervised(zoned, history=2)[1]) == 14
    numbered = pd.Series(np.arange(9.0), index=np.arange(9) + 3)
    _, y = make_supervised([numbered, pd.Series(np.arange(6.0))], history=2)
    assert list(y.loc[0].index) == list(range(5, 12))  # numbers are times too


def test_dates_of_different_frequencies_do_not_mix():
    # daily and monthly stamps in one panel: a window of 3 rows is 3 days in
    # one series and 3 months in the other, and a fold's time stamps are
    # days of one series only; refused as periods of two frequencies are
    daily = pd.Series(np.arange(40.0), index=pd.date_range("2000-01", periods=40))
    monthly = pd.Series(
        np.arange(12.0), index=pd.date_range("2000", periods=12, freq="MS")
    )
    frequencies = r"data\['m'\] has dates of frequency MS, data\['d'\] of D"
    with pytest.raises(ValueError, match=frequencies):
        make_supervised({"d": daily, "m": monthly}, history=2)
    long = pd.concat({"d": daily, "m": monthly}, names=["id", "date"]).to_frame()
    with pytest.raises(ValueError, match=frequencies):
        make_supervised(long, history=2)
    # series of one frequency, or without one (irregular dates), pass
    assert len(make_supervised([monthly, monthly[2:]], history=2)[1]) == 18
    irregular = pd.Series(
        np.arange(4.0),
        index=pd.to_datetime(["2000-01-01", "2000-01-03", "2000-01-04", "2000-01-09"]),
    )
    assert len(make_supervised([irregular, irregular], history=2)[1]) == 4


def test_a_panel_of_elapsed_times_is_checked_and_continued_as_one_of_dates():
    # seconds since start (a TimedeltaIndex): series of 1s and 2s steps were
    # windowed together, a series with a second missing beside one of a
    # frequency set reached across the gap, and no forecast had times
    seconds = pd.timedelta_range("0s", periods=10, freq="s")
    a = pd.Series(np.arange(10.0), index=seconds)
    slower = pd.Series(np.arange(10.0), index=pd.timedelta_range("0s", "18s", 10))
    frequencies = r"data\['b'\] has elapsed times of frequency 2s, data\['a'\] of s"
    with pytest.raises(ValueError, match=frequencies):
        make_supervised({"a": a, "b": slower}, history=2)
    long = pd.concat({"a": a, "b": slower}, names=["id", "elapsed"])
    with pytest.raises(ValueError, match=frequencies):
        make_supervised(long, history=2)
    holed = {"a": a, "b": a.drop(seconds[4])}
    fill = re.escape("`series.reindex(pd.timedelta_range(first, last, freq='s'))`")
    with pytest.raises(ValueError, match=rf"lacks 1 time stamp.*00:00:04.*{fill}"):
        make_supervised(holed, history=2)
    # one step: windows, and forecasts continued by it (two seconds of a
    # series too short to tell its own step take the panel's)
    X, y = make_supervised({"a": a, "b": a.iloc[4:]}, history=2)
    assert len(y) == 8 + 4
    last_two = pd.Series([8.0, 9.0], index=pd.to_timedelta([8, 9], unit="s"))
    panel = {"a": a, "b": a.iloc[4:], "c": last_two}
    model = make_pipeline(SlidingWindow(flatten=True), LinearRegression()).fit(X, y)
    forecast = recursive_forecast(model, panel, steps=2)
    ahead = pd.to_timedelta([10, 11], unit="s")
    for series in panel:
        assert forecast[series].index.equals(ahead)
    future = future_index(pd.concat(panel).index, 2)
    assert list(future.get_level_values(1)) == ahead.tolist() * 3
    assert recursive_forecast(model, a, steps=2).index.equals(ahead)
    with pytest.raises(ValueError, match=rf"times of series 'b'.*lacks 1.*{fill}"):
        recursive_forecast(model, holed, steps=2)


def test_a_short_series_of_weekdays_takes_the_business_days_of_the_others():
    # a new listing of three weekdays in one week: pandas infers days for it,
    # business days for the longer series; the panel was refused ("D vs B")
    # and its forecasts went on on Saturday
    rng = np.random.default_rng(0)
    days = pd.bdate_range("2024-01-01", periods=20)
    long = pd.concat(
        {
            "a": pd.Series(rng.normal(size=20), index=days),
            "b": pd.Series(rng.normal(size=3), index=days[-3:]),  # Wed to Fri
        },
        names=["id", "date"],
    )
    X, y = make_supervised(long, history=2)
    assert len(y) == 18 + 1
    model = make_pipeline(SlidingWindow(flatten=True), LinearRegression()).fit(X, y)
    forecast = recursive_forecast(model, long, steps=2)
    monday = ["2024-01-29", "2024-01-30"]
    assert list(forecast.xs("b").index.strftime("%Y-%m-%d")) == monday
    assert list(future_index(long.index, 2)[2:].get_level_values(1)) == list(
        pd.to_datetime(monday)
    )
    # dates off the others' frequency keep their own: Saturday is no
    # business day
    weekend = pd.Series(1.0, index=pd.date_range("2024-01-25", periods=3))
    frequencies = r"data\['b'\] has dates of frequency D, data\['a'\] of B"
    with pytest.raises(ValueError, match=frequencies):
        make_supervised({"a": long.xs("a"), "b": weekend}, history=2)
    # alone, a series has the frequency that its dates tell pandas
    alone = future_index(long.xs("b").index, 1)
    assert alone[0] == pd.Timestamp("2024-01-27")


def test_missing_rows_inside_a_series_are_refused_by_name():
    # a long table with a month missing from one series: its windows reached
    # across the gap, 3 rows spanning 4 months, silently
    months = pd.period_range("2000-01", periods=12, freq="M")
    long = pd.DataFrame(
        {"id": ["a"] * 12 + ["b"] * 12, "month": [*months, *months], "v": 1.0}
    )
    holed = long.drop(index=[16, 17]).set_index(["id", "month"])
    with pytest.raises(ValueError, match=r"data\['b'\] lacks 2 time stamps.*2000-05"):
        make_supervised(holed, history=3)
    # dates: the frequency of the panel's other series tells the missing days
    days = pd.date_range("2000-01-01", periods=10)
    dated = {"a": pd.Series(1.0, index=days), "b": pd.Series(1.0, index=days.delete(6))}
    with pytest.raises(ValueError, match=r"data\['b'\] lacks 1 time stamp.*2000-01-07"):
        make_supervised(dated, history=3)
    # a frequency inferred from dates is not held against another series:
    # weekdays of a short series look like business days, and a longer
    # series' holiday (Jan 17) is no missing time stamp
    weekdays = pd.to_datetime(["2000-01-27", "2000-01-28", "2000-01-31"])
    longer = pd.bdate_range("2000-01-10", "2000-01-21").delete(5)
    assert pd.infer_freq(weekdays) == "B" and longer.freq is None
    traded = {
        "new": pd.Series(1.0, index=weekdays),
        "old": pd.Series(1.0, index=longer),
    }
    assert len(make_supervised(traded, history=2)[1]) == 1 + 7
    # one series of periods, alike
    with pytest.raises(ValueError, match=r"`data` lacks 2 time stamps.*2000-05"):
        make_supervised(holed.loc["b"], history=3)
    assert len(make_supervised(long.set_index(["id", "month"]), history=3)[1]) == 18


@pytest.mark.parametrize(
    ("dates", "freq", "first"),
    [
        (pd.date_range("2000-01-01", periods=24, freq="MS"), "MS", "2000-06-01"),
        (pd.date_range("2000-01-31", periods=24, freq="ME"), "ME", "2000-06-30"),
        (pd.date_range("2000-02-01", periods=24, freq="QS-FEB"), "3MS", "2001-05-01"),
        (pd.date_range("1990-01-01", periods=24, freq="YS"), "12MS", "1995-01-01"),
        (pd.date_range("2000-01-03", periods=24, freq="W-MON"), "W-MON", "2000-02-07"),
    ],
)
def test_dates_of_months_or_weeks_with_a_gap_are_refused(dates, freq, first):
    # a monthly series read from a file, a month missing: pandas infers no
    # frequency, and its windows reached across the gap, 3 rows spanning 4
    # months, silently, where the same series of periods was refused
    holed = pd.Series(np.arange(24.0), index=dates).drop(dates[5:7])
    assert holed.index.freq is None and pd.infer_freq(holed.index) is None
    match = rf"`data` lacks 2 time stamps of its frequency {freq} .*{first}"
    with pytest.raises(ValueError, match=match) as error:
        make_supervised(holed, history=3)
    # the fill the message gives runs, and the filled series is windowed
    fill = re.search(r"asfreq\('([^']+)'\)", str(error.value)).group(1)
    filled = holed.asfreq(fill).interpolate()
    assert list(filled.index) == list(dates)
    assert len(make_supervised(filled, history=3)[1]) == 21
    # so in a panel, where no other series declares a frequency
    with pytest.raises(ValueError, match=r"data\['b'\] lacks 2 time stamps"):
        make_supervised({"a": holed[:4], "b": holed}, history=2)


def test_date_strings_with_a_gap_are_refused_as_their_dates_are():
    # a monthly series read from a file without parse_dates, a month missing:
    # its strings were read as dates to check their order, not their gaps,
    # and its windows reached across the gap, silently, where the same
    # series of dates was refused. The fill parses them first, as asfreq needs
    dates = pd.date_range("2020-01-01", periods=24, freq="MS")
    text = pd.Series(np.arange(24.0), index=dates.strftime("%Y-%m-%d"))
    holed = text.drop("2020-06-01")
    match = r"`data` lacks 1 time stamp of its frequency MS .*2020-06-01"
    with pytest.raises(ValueError, match=match) as error:
        make_supervised(holed, history=3)
    assert "`series.set_axis(pd.to_datetime(series.index)).asfreq('MS')`" in str(
        error.value
    )
    filled = holed.set_axis(pd.to_datetime(holed.index)).asfreq("MS")
    assert list(filled.index) == list(dates)
    with pytest.raises(ValueError, match=r"data\['b'\] lacks 1 time stamp"):
        make_supervised({"a": text, "b": holed}, history=3)
    # without a gap, the strings are windowed and kept on y
    _, y = make_supervised(text, history=3)
    assert list(y.index) == list(text.index[3:])


def test_weeks_of_a_time_zone_are_counted_on_its_clock():
    # a fortnight across spring's change of clocks is 13 days and 23 hours:
    # its 13 days made the series weekly, told 12 weeks missing where one
    # fortnight is, with a fill that doubled the series with empty weeks
    for tz in (None, "Europe/Berlin"):
        dates = pd.date_range("2024-01-07", periods=12, freq="2W-SUN", tz=tz)
        holed = pd.Series(np.arange(11.0), index=dates.delete(6))
        match = r"lacks 1 time stamp of its frequency 2W-SUN .*2024-03-31"
        with pytest.raises(ValueError, match=match) as error:
            make_supervised(holed, history=3)
        fill = re.search(r"asfreq\('([^']+)'\)", str(error.value)).group(1)
        assert list(holed.asfreq(fill).index) == list(dates)


def test_dates_a_day_or_less_apart_are_read_as_they_come():
    # without a frequency their gaps are not told from irregular times:
    # trading days skip holidays, sensors skip readings; nor dates that fall
    # on no month's first or last day, or at another time than midnight
    for dates in (
        pd.bdate_range("2000-01-03", periods=40).delete([10, 25]),
        pd.date_range("2000-01-01", periods=40, freq="h").delete(10),
        pd.date_range("2000-01-15", periods=24, freq="MS").delete(4)
        + pd.Timedelta("14D"),
        pd.date_range("2000-01-01 12:00", periods=24, freq="MS").delete(4),
    ):
        series = pd.Series(np.arange(len(dates), dtype=float), index=dates)
        assert len(make_supervised(series, history=3)[1]) == len(dates) - 3


def test_missing_periods_are_told_with_a_fill_that_runs():
    # periods spell their frequency "M", "Q-DEC", not their offsets' "ME",
    # "QE-DEC": the fill the message gave failed with "Invalid frequency: ME"
    for freq, dropped in (("M", "2000-05"), ("Q", "2001Q2")):
        series = pd.Series(1.0, index=pd.period_range("2000-01", periods=12, freq=freq))
        holed = series.drop(pd.Period(dropped, freq))
        with pytest.raises(ValueError, match="lacks 1 time stamp") as error:
            make_supervised(holed, history=3)
        fill = re.search(r"freq='([^']+)'", str(error.value)).group(1)
        assert fill == series.index.freqstr
        full = pd.period_range(holed.index[0], holed.index[-1], freq=fill)
        assert full.equals(series.index)


def test_date_strings_order_a_panel_as_dates_not_as_text():
    # as text, April would come before February and the folds would train on
    # June to test on May
    months = ["Jan 2020", "Feb 2020", "Mar 2020", "Apr 2020", "May 2020", "Jun 2020"]
    panel = {
        "a": pd.Series(np.arange(6.0), index=months),
        "b": pd.Series(np.arange(6.0) + 10, index=[*months[1:], "Jul 2020"]),
    }
    _, y = make_supervised(panel, history=1)
    dates = pd.to_datetime(y.index.get_level_values(1), format="%b %Y")
    assert dates.is_monotonic_increasing
    assert list(y.index.get_level_values(1)[:3]) == ["Feb 2020", "Mar 2020", "Mar 2020"]
    for train, test in PanelTimeSeriesSplit(n_splits=1, test_size=1).split(y, y):
        assert dates[train].max() < dates[test].min()
    # the split orders such labels alike, whatever made them
    shuffled = y.sample(frac=1, random_state=0)
    split = PanelTimeSeriesSplit(n_splits=1, test_size=1)
    [(_, test)] = split.split(shuffled, shuffled)
    assert set(shuffled.index[test].get_level_values(1)) == {"Jul 2020"}
    # labels that spell no date keep their order as text, which zero-padded
    # ones such as tsibble's quarters follow
    quarters = [f"{year} Q{q}" for year in range(1990, 1996) for q in range(1, 5)]
    by_quarter = {
        "a": pd.Series(np.arange(24.0), index=quarters),
        "b": pd.Series(np.arange(20.0), index=quarters[4:]),
    }
    _, y = make_supervised(by_quarter, history=4)
    assert list(y.index.get_level_values(1)[:3]) == ["1991 Q1", "1991 Q2", "1991 Q3"]
    assert y.index.get_level_values(1)[-1] == "1995 Q4"


def test_rows_read_a_panels_date_strings_as_make_supervised_does():
    from skltsm._row_labels import row_times

    # read across the panel, the rows' labels were in order read day first,
    # which pandas reads year first strings by as year, day, month: 2 to 5
    # January written 2024-01-02 ranked as February to May, after the other
    # series' days, in the splits, early stopping and the scorer alike
    days = pd.date_range("2024-01-01", periods=40, freq="D")
    panel = {
        "a": pd.Series(np.arange(40.0), index=days.strftime("%d/%m/%Y")),
        "b": pd.Series(np.arange(4.0), index=days[1:5].strftime("%Y-%m-%d")),
    }
    _, y = make_supervised(panel, history=2)
    assert y.index[2] == ("b", "2024-01-04")  # make_supervised's order
    assert_array_equal(np.diff(row_times(y)) >= 0, True)
    assert_array_equal(row_times(y)[:5], [0, 1, 1, 2, 2])
    split = PanelTimeSeriesSplit(n_splits=1, test_size=3)
    [(train, test)] = split.split(y, y)
    assert y.index[-1] in y.index[test] and y.index[4] in y.index[train]


def test_shuffled_rows_read_date_strings_as_the_rows_in_order_do():
    from skltsm._row_labels import row_times

    # out of order read either way, a series' date strings written day
    # first were read month first (past the 12th, day first, the one way
    # they read): shuffled, 02/01/2020 ranked as 1 February, after 13
    # January, in the splits, early stopping and the scorer
    days = pd.date_range("2020-01-01", periods=40, freq="D")
    panel = {
        "a": pd.Series(np.arange(40.0), index=days.strftime("%d/%m/%Y")),
        # days never past the 12th: read as the other series' are
        "b": pd.Series(np.arange(8.0), index=days[2:10].strftime("%d/%m/%Y")),
    }
    for data in (panel["a"], panel):
        _, y = make_supervised(data, history=2)
        shuffled = y.sample(frac=1, random_state=0)
        in_order = pd.Series(row_times(y), index=y.index)
        assert_array_equal(row_times(shuffled), in_order[shuffled.index])
    split = PanelTimeSeriesSplit(n_splits=1, test_size=2)
    [(_, test)] = split.split(shuffled, shuffled)
    assert set(shuffled.index[test].get_level_values(1)) == {"08/02/2020", "09/02/2020"}
    # a long table of the panel, its rows shuffled, is refused until sorted
    long = pd.concat(panel, names=["id", "time"]).sample(frac=1, random_state=0)
    with pytest.raises(ValueError, match=r"out of order read month first or day"):
        make_supervised(long, history=2)
    # no day past the 12th tells how they are written, and read month first
    # or day first the rows order two ways: refused, not guessed
    ones_and_fives = pd.to_datetime(["2020-01-01", "2020-01-05", "2020-02-01"])
    spelled = ones_and_fives.append(ones_and_fives + pd.DateOffset(months=2))
    series = pd.Series(np.arange(6.0), index=spelled.strftime("%d/%m/%Y"))
    _, y = make_supervised({"a": series, "b": series}, history=2)
    assert_array_equal(row_times(y), [0, 0, 1, 1, 2, 2, 3, 3])
    shuffled = y.iloc[::-1]
    match = r"out of time order.*'05/03/2020'.*'01/04/2020'.*dayfirst=True"
    with pytest.raises(ValueError, match=match):
        row_times(shuffled)
    with pytest.raises(ValueError, match=match):
        next(PanelTimeSeriesSplit(n_splits=1, test_size=1).split(shuffled, shuffled))


def test_labels_out_of_order_as_text_are_refused_not_misordered():
    # "Q1 1991" sorts before "Q4 1990" as text: the rows of the two series
    # were ordered so, and the folds trained on 1992 to test 1990
    quarters = [f"Q{q} {year}" for year in (1990, 1991, 1992) for q in range(1, 5)]
    panel = {
        "a": pd.Series(np.arange(12.0), index=quarters),
        "b": pd.Series(np.arange(12.0), index=quarters),
    }
    with pytest.raises(ValueError, match=r"data\['a'\].*'Q1 1991'.*'Q4 1990'"):
        make_supervised(panel, history=2)
    # one series keeps its rows in its own order, which is all it needs
    assert len(make_supervised(panel["a"], history=2)[1]) == 10


def test_number_strings_order_a_panel_as_numbers_not_as_text():
    # times read from a file as text: as text, "10" would come before "2"
    steps = [str(t) for t in range(1, 13)]
    panel = {
        "a": pd.Series(np.arange(12.0), index=steps),
        "b": pd.Series(np.arange(10.0), index=steps[2:]),
    }
    _, y = make_supervised(panel, history=2)
    times = y.index.get_level_values(1).astype(int)
    assert times.is_monotonic_increasing
    assert list(times[-3:]) == [11, 12, 12]
    for train, test in PanelTimeSeriesSplit(n_splits=2, test_size=2).split(y, y):
        assert times[train].max() < times[test].min()
    # a series whose labels are out of order as numbers is refused
    with pytest.raises(ValueError, match="increasing"):
        make_supervised(pd.Series(np.arange(3.0), index=["1", "10", "2"]), history=1)


def test_a_multiindex_panel_is_sktimes_layout(panel):
    frame = pd.concat(panel, names=["id", "month"]).to_frame()
    X, y = make_supervised(frame, history=3)
    assert y.index.names == ["id", "month"]
    X_dict, y_dict = make_supervised(panel, history=3)
    assert_array_equal(X, X_dict)
    assert_array_equal(y.to_numpy(), y_dict.to_numpy())
    hierarchy = pd.concat({("x", "a"): panel["a"], ("y", "b"): panel["b"]})
    _, y = make_supervised(hierarchy, history=3)
    assert y.index.nlevels == 3


def test_a_long_table_not_indexed_by_its_series_says_how_to_index_it(panel):
    # its id and time columns are not numbers: the message said to convert
    # them with pd.to_numeric, which turns the table into one series of three
    # channels, windowed across its series; it says to index the table
    long = pd.concat(panel, names=["id", "month"]).rename("v").reset_index()
    with pytest.raises(TypeError, match=r"panel.*set_index\(\['id', 'time'\]\)"):
        make_supervised(long, history=3)


def test_a_long_table_indexed_by_its_time_only_says_how_to_index_it(panel):
    # its ids a numeric column named `store`, its dates the index: the
    # dates repeat, and the message said to average them, e.g. with
    # .groupby(level=0).mean(), which mixes the stores into one series
    long = pd.concat(panel, names=["store", "month"]).rename("v").reset_index()
    long = long.assign(store=long["store"].map({"a": 1, "b": 2})).set_index("month")
    with pytest.raises(ValueError, match=r"duplicate.*long form.*panel.*set_index"):
        make_supervised(long, history=3, target="v")


@pytest.mark.parametrize("id_name", ["id", "unique_id", "series"])
def test_a_numeric_long_table_not_indexed_by_its_series_is_refused(panel, id_name):
    # numeric ids and times: the table was windowed as one series of three
    # channels (the ids one of them), its windows across its series, silently
    long = pd.concat(
        {k: s.reset_index(drop=True) for k, s in panel.items()}, names=["id", "t"]
    ).reset_index()
    long[id_name] = long.pop("id").map({"a": 1, "b": 2})
    with pytest.raises(ValueError, match=rf"'{id_name}'.*set_index\(\['{id_name}'"):
        make_supervised(long, history=3, target="v")
    X, y = make_supervised(long.set_index([id_name, "t"]), history=3)
    assert X.shape == (12 - 3 + 7 - 3, 3, 1)
    # a channel of that name that is not an id: a row number, or one id
    X, _ = make_supervised(
        long.assign(**{id_name: np.arange(len(long))}), history=3, target="v"
    )
    assert X.shape[2] == 3
    assert make_supervised(long[long[id_name] == 1], history=3, target="v")[0].size


def test_a_multiindex_with_the_time_first_is_refused(panel):
    # sktime's layout puts the time last; with the ids last, the rows would
    # be split by time stamp and windowed across the series
    frame = pd.concat(panel, names=["id", "month"]).to_frame()
    swapped = frame.swaplevel().sort_index()
    with pytest.raises(ValueError, match="time.*last level.*level 0"):
        make_supervised(swapped, history=3)
    numbered = frame.rename(index={"a": 1, "b": 2}, level="id").swaplevel()
    with pytest.raises(ValueError, match="time.*last level"):
        make_supervised(numbered, history=3)
    # elapsed times are time stamps as dates are
    elapsed = frame.rename(
        index=lambda t: pd.Timedelta(hours=t.month), level="month"
    ).swaplevel()
    with pytest.raises(ValueError, match="time.*last level.*level 0"):
        make_supervised(elapsed.rename_axis([None, None]).sort_index(), history=3)


def test_a_multiindex_of_step_numbers_then_ids_is_refused():
    # a long table indexed (time, id) with integer steps: each step was taken
    # for a series whose times were the ids, windowing across the series
    long = pd.DataFrame(
        {
            "unique_id": np.repeat(["s1", "s2", "s3"], 8),
            "ds": np.tile(np.arange(8), 3),
            "y": np.repeat([0.0, 100.0, 200.0], 8) + np.tile(np.arange(8.0), 3),
        }
    )
    swapped = long.set_index(["ds", "unique_id"]).sort_index()["y"]
    with pytest.raises(ValueError, match="last level.*'unique_id'.*named as"):
        make_supervised(swapped, history=2)
    # unnamed, the ids tell by spelling no time where the level before holds
    # numbers, or date strings (a table read without parse_dates)
    unnamed = swapped.rename_axis([None, None])
    with pytest.raises(ValueError, match=r"last level.*level 0.*'s1'"):
        make_supervised(unnamed, history=2)
    dated = unnamed.rename(index=lambda t: f"2020-01-0{t + 1}", level=0)
    with pytest.raises(ValueError, match=r"last level.*level 0.*'s1'"):
        make_supervised(dated, history=2)
    # in the right order, numeric ids (or ids of mixed kinds) with step
    # numbers or date strings are panels
    for ids in ([1, 2, 3], [1, "b", 3]):
        right = long.assign(unique_id=np.repeat(ids, 8))
        X, _ = make_supervised(right.set_index(["unique_id", "ds"])["y"], history=2)
        assert X.shape == (3 * 6, 2, 1)
    assert len(make_supervised(dated.swaplevel().sort_index(), history=2)[1]) == 18
    hours = right.assign(ds=pd.to_timedelta(right["ds"], unit="h"))
    assert len(make_supervised(hours.set_index(["unique_id", "ds"]), history=2)[1])
    # numeric ids last are told by their level's name
    numbered = long.assign(unique_id=np.repeat([1, 2, 3], 8))
    with pytest.raises(ValueError, match="last level.*'unique_id'"):
        make_supervised(numbered.set_index(["ds", "unique_id"])["y"], history=2)


def test_a_long_table_stored_big_endian_is_read_as_its_native_numbers():
    # numbers stored big-endian (np.fromfile(..., ">f8"), FITS): under
    # pandas<3, which skltsm supports, a long table's series were grouped as
    # they came, which failed in pandas' words, "Big-endian buffer not
    # supported on little-endian compiler", in make_supervised, SeriesScaler
    # and recursive_forecast (pandas 3 groups them: the dtypes tell)
    from skltsm._panel import panel_parts

    days = pd.date_range("2020-01-01", periods=30, freq="D")
    one = pd.DataFrame(
        {"v": np.sin(np.arange(30.0)) + 2, "w": np.arange(30.0) % 3}, index=days
    )
    table = pd.concat({"a": one, "b": 2 * one}, names=["id", "time"])
    stored = table.astype(">f8")
    _, parts, _ = panel_parts(stored)
    assert all(dtype.isnative for part in parts for dtype in part.dtypes)
    # each use reads the same numbers as in native order
    X, y = make_supervised(table, history=4, horizon=2, target="v", future=["w"])
    X_stored, y_stored = make_supervised(
        stored, history=4, horizon=2, target="v", future=["w"]
    )
    assert_array_equal(X_stored, X)
    pd.testing.assert_frame_equal(y_stored, y)
    scaler = SeriesScaler(target="v").fit(stored)
    assert_allclose(
        scaler.scales_["a"], SeriesScaler(target="v").fit(table).scales_["a"]
    )
    pd.testing.assert_frame_equal(scaler.transform(stored), scaler.transform(table))
    model = make_pipeline(SlidingWindow(flatten=True), LinearRegression()).fit(X, y)
    times = future_index(days, 2)
    future = pd.concat(
        {k: pd.DataFrame({"w": [0.0, 1.0]}, index=times) for k in "ab"},
        names=["id", "time"],
    )
    kwargs = {"target": "v", "future_columns": ["w"]}
    forecast = recursive_forecast(model, table, 2, future=future, **kwargs)
    pd.testing.assert_series_equal(
        recursive_forecast(model, stored, 2, future=future.astype(">f8"), **kwargs),
        forecast,
    )


def test_panel_errors_name_the_series(panel):
    with pytest.raises(ValueError, match=r"1 series is too short.*'b' \(7 steps\)"):
        make_supervised(panel, history=6, horizon=2)
    bad = {**panel, "c": panel["a"].to_frame().assign(w=1.0)}
    with pytest.raises(ValueError, match="same channels"):
        make_supervised(bad, history=2, target="v")
    with pytest.raises(ValueError, match=r"data\['b'\]"):
        make_supervised({**panel, "b": panel["b"].where(panel["b"] < 103)}, history=2)


@pytest.mark.parametrize("layout", ["dict", "multiindex"])
def test_an_empty_panel_is_refused_as_empty(panel, layout):
    # a panel filtered to ids it does not hold: no series left
    frame = pd.concat(panel, names=["id", "month"])
    empty = {} if layout == "dict" else frame[frame.index.get_level_values(0) == "z"]
    with pytest.raises(ValueError, match="The panel is empty"):
        make_supervised(empty, history=2)
    with pytest.raises(ValueError, match="The panel is empty"):
        SeriesScaler().fit(empty)
    X, y = make_supervised(panel, history=2)
    model = make_pipeline(SlidingWindow(flatten=True), LinearRegression()).fit(X, y)
    with pytest.raises(ValueError, match="The panel is empty"):
        recursive_forecast(model, empty, steps=2)


def test_a_split_of_no_rows_names_the_empty_rows(panel):
    _, y = make_supervised(panel, history=3)
    for cut in ("time", "end"):
        with pytest.raises(ValueError, match="no rows"):
            next(PanelTimeSeriesSplit(2, cut=cut).split(y.iloc[:0], y.iloc[:0]))


def test_a_series_too_short_for_its_own_frequency_takes_the_panels():
    # pandas infers a frequency from three dates: a new series of two months
    # is continued with the months the panel's other series follow, as the
    # same series with its freq set (a dict's) is
    a = pd.Series(np.arange(30.0), pd.date_range("2020-01-01", periods=30, freq="MS"))
    b = pd.Series([1.0, 2.0], pd.date_range("2022-05-01", periods=2, freq="MS"))
    frame = pd.concat({"a": a, "b": b}, names=["id", "month"])
    months = pd.DatetimeIndex(["2022-07-01", "2022-08-01"])
    future = future_index(frame.index, 2)
    assert_array_equal(future[future.get_level_values(0) == "b"].droplevel(0), months)
    X, y = make_supervised({"a": a}, history=2)
    model = make_pipeline(SlidingWindow(flatten=True), LinearRegression()).fit(X, y)
    forecast = recursive_forecast(model, frame, 2)
    assert_array_equal(forecast.loc["b"].index, months)
    assert_allclose(forecast.loc["b"], recursive_forecast(model, {"b": b}, 2)["b"])


def test_a_short_series_in_another_unit_of_time_is_checked_by_its_times():
    # times in seconds (numpy's datetime64[s] and timedelta64[s], parquet),
    # which pandas 2.2 tells unequal to the same times in nanoseconds: a
    # series of two steps beside a frequency, or two months, found its times
    # unlike "every stamp of its frequency" with none off it or missing, and
    # failed in a bare "index 0 is out of bounds"
    seconds = pd.timedelta_range("0s", periods=10, freq="s")
    months = pd.date_range("2024-01-01", periods=10, freq="MS")
    for times in (seconds, months):
        a = pd.Series(np.arange(10.0), times)
        b = pd.Series([8.0, 9.0], times[-2:].as_unit("s"))
        assert len(make_supervised({"a": a, "b": b}, history=1)[1]) == 9 + 1
        assert len(make_supervised({"b": b, "c": b}, history=1)[1]) == 2
    # and a gap is told as in nanoseconds
    a = pd.Series(np.arange(10.0), months)
    holed = pd.Series([0.0, 2.0], months[[0, 2]].as_unit("s"))
    with pytest.raises(ValueError, match=r"\['b'\] lacks 1 time stamp.*2024-02-01"):
        make_supervised({"a": a, "b": holed}, history=1)


# -- splits -----------------------------------------------------------------


def test_time_cuts_every_series_at_the_same_time_stamps(panel):
    X, y = make_supervised(panel, history=3, horizon=2)
    times = y.index.get_level_values("time")
    cv = PanelTimeSeriesSplit(n_splits=2, test_size=2, gap=1)
    folds = list(cv.split(X, y))
    assert len(folds) == cv.get_n_splits() == 2
    for train, test in folds:
        test_times = sorted(set(times[test]))
        assert len(test_times) == 2
        # every series present at a test time is tested there
        assert set(test) == set(np.flatnonzero(times.isin(test_times)))
        # the gap: one time stamp between training and test
        assert times[train].max() < test_times[0] - 1


def test_end_cuts_each_series_at_its_own_end(panel):
    X, y = make_supervised(panel, history=3)
    cv = PanelTimeSeriesSplit(n_splits=2, test_size=1, gap=1, cut="end")
    series = y.index.get_level_values("series")
    rows = {s: np.flatnonzero(series == s) for s in ("a", "b")}
    (train0, test0), (train1, test1) = cv.split(X, y)
    # the last fold tests each series' last row, the one before its second last
    assert sorted(test1) == sorted(r[-1] for r in rows.values())
    assert sorted(test0) == sorted(r[-2] for r in rows.values())
    for r in rows.values():  # training stops a row (the gap) before the test
        assert sorted(set(train1) & set(r)) == list(r[:-2])
        assert sorted(set(train0) & set(r)) == list(r[:-3])


def _rows_between(y, train, test):
    """Each series' rows between its last training row and its first test row
    of a fold, for the series that has both."""
    series = y.index.get_level_values(0)
    between = {}
    for s in series.unique():
        rows = np.flatnonzero(series == s)  # its rows, in time order
        ours = np.isin(rows, train), np.isin(rows, test)
        if ours[0].any() and ours[1].any():
            first = np.flatnonzero(ours[1])[0]
            between[s] = first - np.flatnonzero(ours[0])[-1] - 1
            assert not ours[0][first:].any()  # no training row after it
    return between


def test_time_cuts_leave_the_gap_in_rows_of_a_series_that_lacks_time_stamps():
    # the gap counted the panel's time stamps: trading days of exchanges
    # closed on different holidays, or days at midnight in different time
    # zones (other instants), left a series fewer than gap rows before its
    # first test row, so that training targets were test targets, and
    # ConformalRegressor refused the very folds its integer cv built
    from sklearn.linear_model import Ridge

    from skltsm import ConformalRegressor

    days = pd.bdate_range("2000-01-03", periods=40)
    values = np.random.default_rng(0).normal(size=39).cumsum()
    trading = {
        "A": pd.Series(values, days.delete(14)),
        "B": pd.Series(values[::-1], days.delete(5)),
    }
    midnights = {
        tz: pd.Series(values, pd.date_range("2000-01-01", periods=39, tz=tz))
        for tz in ("Europe/Paris", "America/New_York")
    }
    for panel, test_size, tested in ((trading, None, [11]), (midnights, 4, [2])):
        X, y = make_supervised(panel, history=5, horizon=3)
        times = y.index.get_level_values(1)
        for max_train_size in (None, 8):
            cv = PanelTimeSeriesSplit(
                n_splits=2, test_size=test_size, gap=2, max_train_size=max_train_size
            )
            for train, test in cv.split(X, y):
                assert set(_rows_between(y, train, test).values()) == {2}
                assert times[train].max() < times[test].min()
                # a series tests its rows at the fold's time stamps
                counts = y.iloc[test].groupby(level=0).size()
                assert sorted(set(counts)) == tested
        model = make_pipeline(SlidingWindow(flatten=True), Ridge())
        ConformalRegressor(model, cv=2).fit(X, y)
    # a fold whose every training row is too near its series' test is refused
    X, y = make_supervised(midnights, history=5, horizon=3)
    cv = PanelTimeSeriesSplit(n_splits=1, test_size=61, gap=2)
    with pytest.raises(ValueError, match=r"nothing to train on in fold 0.*lack"):
        next(cv.split(X, y))


@pytest.mark.parametrize(
    ("n_splits", "test_size", "gap", "max_train_size"),
    [(3, None, 0, 4), (2, 3, 2, 5), (4, 2, 1, 1), (3, None, 0, 100), (2, 2, 0, None)],
)
def test_one_series_is_split_as_scikit_learn_splits_it(
    n_splits, test_size, gap, max_train_size
):
    # a panel of one series: its rows are its time stamps, and each cut of
    # PanelTimeSeriesSplit is TimeSeriesSplit's, max_train_size included
    X, y = make_supervised({"a": _monthly("2000-01", np.arange(20))}, history=3)
    ours = PanelTimeSeriesSplit(
        n_splits, test_size=test_size, gap=gap, max_train_size=max_train_size
    )
    theirs = TimeSeriesSplit(
        n_splits, test_size=test_size, gap=gap, max_train_size=max_train_size
    )
    for (train, test), (train_s, test_s) in zip(
        ours.split(X, y), theirs.split(X), strict=True
    ):
        assert_array_equal(train, train_s)
        assert_array_equal(test, test_s)


@pytest.mark.parametrize("cut", ["time", "end"])
def test_max_train_size_keeps_the_latest_stamps_before_each_test(panel, cut):
    # at most max_train_size time stamps (cut="time") or rows of each series
    # (cut="end") train, the last ones before the gap; the tests are unchanged
    X, y = make_supervised(panel, history=3)
    kwargs = {"n_splits": 2, "test_size": 1, "gap": 1, "cut": cut}
    series = y.index.get_level_values("series")
    times = y.index.get_level_values("time")
    for (train, test), (whole, test_w) in zip(
        PanelTimeSeriesSplit(**kwargs, max_train_size=2).split(X, y),
        PanelTimeSeriesSplit(**kwargs).split(X, y),
        strict=True,
    ):
        assert_array_equal(test, test_w)
        if cut == "time":
            kept = sorted(set(times[whole]))[-2:]
            assert_array_equal(train, whole[times[whole].isin(kept)])
        else:
            for s in ("a", "b"):
                assert_array_equal(
                    train[series[train] == s], whole[series[whole] == s][-2:]
                )


@pytest.mark.parametrize("value", [0, -1, 1.5, "2"])
def test_max_train_size_must_be_a_positive_integer(panel, value):
    X, y = make_supervised(panel, history=3)
    with pytest.raises((TypeError, ValueError), match="max_train_size"):
        next(PanelTimeSeriesSplit(2, max_train_size=value).split(X, y))


def test_end_cuts_read_each_rows_time_not_its_place(panel):
    # y in another order of rows (shuffled, or its series one after the
    # other): the last rows in time are tested, as with y in its own order
    X, y = make_supervised(panel, history=3)
    shuffled = y.sample(frac=1, random_state=0)
    cv = PanelTimeSeriesSplit(n_splits=2, test_size=1, gap=1, cut="end")
    for (train, test), (train_s, test_s) in zip(
        cv.split(X, y), cv.split(X, shuffled), strict=True
    ):
        assert set(shuffled.index[test_s]) == set(y.index[test])
        assert set(shuffled.index[train_s]) == set(y.index[train])


def test_too_many_folds_are_named_as_folds_not_as_a_test_size(panel):
    # by default a fold tests the time stamps (or rows) over n_splits + 1: with
    # more folds than that, say so, rather than "test_size == 0" (not set)
    X, y = make_supervised(panel, history=3)  # a: 9 rows, b: 4; 9 time stamps
    for cut, n_keys, unit in [("time", 9, "time stamps"), ("end", 4, "rows")]:
        cv = PanelTimeSeriesSplit(n_splits=n_keys, cut=cut)
        with pytest.raises(ValueError, match=rf"{n_keys} folds.*{unit}.*are {n_keys}"):
            next(cv.split(X, y))
        # one fewer fold fits: one of each to train on and to test
        folds = list(PanelTimeSeriesSplit(n_splits=n_keys - 1, cut=cut).split(X, y))
        assert len(folds) == n_keys - 1


def test_end_cuts_name_the_shortest_series_when_it_is_too_short():
    # the shortest series limits every fold of cut="end": among many series,
    # the message names it, so that it can be left out
    X, y = make_supervised({"long": np.arange(40.0), "tiny": np.arange(6.0)}, history=3)
    with pytest.raises(ValueError, match=r"4 rows of the shortest.*are 3, in 'tiny'"):
        next(PanelTimeSeriesSplit(n_splits=3, cut="end").split(X, y))
    cv = PanelTimeSeriesSplit(n_splits=3, test_size=1, gap=1, cut="end")
    with pytest.raises(ValueError, match=r"are 3 rows of the shortest series, 'tiny'"):
        next(cv.split(X, y))


def test_split_needs_a_panel_index(panel):
    X, y = make_supervised(panel["a"], history=3)
    with pytest.raises(ValueError, match="MultiIndex"):
        next(PanelTimeSeriesSplit().split(X, y))


def test_split_of_y_made_an_array_says_to_give_the_folds(panel):
    # LassoCV (ElasticNetCV, ...) makes an array of y before it splits: the
    # error said to pass y as make_supervised returns it, as the user had
    from sklearn.linear_model import LassoCV
    from sklearn.pipeline import make_pipeline

    from skltsm import SlidingWindow

    X, y = make_supervised(panel, history=3)
    cv = PanelTimeSeriesSplit(n_splits=2, test_size=1)
    model = make_pipeline(SlidingWindow(flatten=True), LassoCV(cv=cv))
    with pytest.raises(ValueError, match=r"LassoCV.*cv=list\(cv.split\(X, y\)\)"):
        model.fit(X, y)
    model.set_params(lassocv__cv=list(cv.split(X, y))).fit(X, y)


# -- global models, forecasts and scores over a panel -------------------------


def test_one_model_forecasts_every_series_at_once(panel):
    from sklearn.linear_model import LinearRegression
    from sklearn.pipeline import make_pipeline

    from skltsm import SlidingWindow, recursive_forecast

    X, y = make_supervised(panel, history=3)
    model = make_pipeline(SlidingWindow(flatten=True), LinearRegression()).fit(X, y)
    forecasts = recursive_forecast(model, panel, steps=4)
    assert set(forecasts) == {"a", "b"}
    for name, series in panel.items():  # each continues its own line
        expected = series.iloc[-1] + np.arange(1, 5)
        np.testing.assert_allclose(forecasts[name].to_numpy(), expected, atol=1e-6)
        assert forecasts[name].index[0] == series.index[-1] + 1
    frame = pd.concat(panel, names=["id", "month"])
    stacked = recursive_forecast(model, frame, steps=2)
    assert stacked.index.names == ["id", "month"] and len(stacked) == 4


def test_each_series_forecast_is_named_like_its_own_series():
    # a dict of named Series (sales_a, sales_b) got every forecast named
    # sales_a, the first series' name: pd.concat(forecasts, axis=1) and plots
    # labelled each series' forecast as another's
    from sklearn.linear_model import LinearRegression
    from sklearn.pipeline import make_pipeline

    from skltsm import SlidingWindow, recursive_forecast

    panel = {
        "a": _monthly("2000-01", np.arange(12), name="sales_a"),
        "b": _monthly("2000-04", 100 + np.arange(7), name="sales_b"),
    }
    X, y = make_supervised(panel, history=3)
    model = make_pipeline(SlidingWindow(flatten=True), LinearRegression()).fit(X, y)
    forecasts = recursive_forecast(model, panel, steps=2)
    assert [forecasts[key].name for key in panel] == ["sales_a", "sales_b"]
    as_list = recursive_forecast(model, list(panel.values()), steps=2)
    assert [forecast.name for forecast in as_list] == ["sales_a", "sales_b"]
    # as one series' forecast is named
    assert recursive_forecast(model, panel["b"], steps=2).name == "sales_b"
    # by the label as pandas holds it, as make_supervised names y: 0, not "0"
    numbered = {key: part.rename(i) for i, (key, part) in enumerate(panel.items())}
    forecasts = recursive_forecast(model, numbered, steps=2)
    assert [forecasts[key].name for key in numbered] == [0, 1]
    assert make_supervised(numbered["b"], history=3)[1].name == 1


def test_the_forecast_scorer_forecasts_each_series_of_a_fold(panel):
    from sklearn.linear_model import LinearRegression
    from sklearn.model_selection import GridSearchCV
    from sklearn.pipeline import Pipeline

    from skltsm import SlidingWindow, make_forecast_scorer

    X, y = make_supervised(panel, history=3)
    model = Pipeline([("w", SlidingWindow(flatten=True)), ("r", LinearRegression())])
    search = GridSearchCV(
        model,
        {"w__window": [1, 2]},
        cv=PanelTimeSeriesSplit(n_splits=2, test_size=2),
        scoring=make_forecast_scorer(),
    ).fit(X, y)
    assert search.best_score_ == pytest.approx(0, abs=1e-8)  # lines are exact


def test_the_forecast_scorer_orders_each_series_rows_by_time():
    from sklearn.linear_model import Ridge
    from sklearn.model_selection import cross_validate

    from skltsm import make_forecast_scorer

    # PanelTimeSeriesSplit splits shuffled rows, and the scorer took each
    # series' rows in their order: every fold was refused, its message
    # advising the splitter in use
    rng = np.random.default_rng(0)
    X, y = make_supervised(
        {"a": rng.normal(size=30), "b": rng.normal(size=25)}, history=3
    )
    model = make_pipeline(SlidingWindow(flatten=True), Ridge())
    cv = PanelTimeSeriesSplit(n_splits=2, test_size=4)
    scorer = make_forecast_scorer()
    in_order = cross_validate(model, X, y, cv=cv, scoring=scorer)["test_score"]
    rows = rng.permutation(len(y))
    shuffled = cross_validate(
        model, X[rows], y.iloc[rows], cv=cv, scoring=scorer, error_score="raise"
    )["test_score"]
    assert_allclose(shuffled, in_order)
    # one series, indexed by its times, alike
    X, y = make_supervised(pd.Series(rng.normal(size=30)), history=3)
    fitted = model.fit(X[:20], y[:20])
    rows = 20 + rng.permutation(len(y) - 20)
    assert scorer(fitted, X[rows], y.iloc[rows]) == scorer(fitted, X[20:], y[20:])


def test_early_stopping_holds_out_the_end_of_every_series(batch_inputs, panel):
    from skltsm import LSTMRegressor

    X, y = make_supervised(panel, history=3, horizon=2)
    LSTMRegressor(
        units=2, epochs=1, early_stopping=True, validation_fraction=0.25, random_state=0
    ).fit(X, y)
    (validation, _), (train, _) = batch_inputs
    series = y.index.get_level_values("series")
    # a: 8 rows, 2 held out after a gap of 1; b: 3 rows, 1 held out, a gap of 1
    a, b = np.flatnonzero(series == "a"), np.flatnonzero(series == "b")
    assert (len(a), len(b)) == (8, 3)
    assert_array_equal(validation, X[np.sort(np.r_[a[-2:], b[-1:]])])
    assert_array_equal(train, X[np.sort(np.r_[a[:5], b[:1]])])


def test_early_stopping_holds_out_the_latest_rows_whatever_their_order(
    batch_inputs, panel
):
    from sklearn.utils import shuffle

    from skltsm import LSTMRegressor

    def seen():
        # a row's last input says its series and time (a: 0..11, b: 100..106)
        return [sorted(X[:, -1, 0]) for X, _ in batch_inputs]

    X, y = make_supervised(panel, history=3, horizon=2)
    model = LSTMRegressor(
        units=2, epochs=1, early_stopping=True, validation_fraction=0.25, random_state=0
    )
    model.fit(X, y)
    in_order = seen()
    by_series = np.argsort(y.index.get_level_values("series"), kind="stable")
    for rows in (shuffle(np.arange(len(X)), random_state=0), by_series[::-1]):
        batch_inputs.clear()
        model.fit(X[rows], y.iloc[rows])
        assert seen() == in_order  # the validation rows, then the training rows
    assert in_order[0] == [8, 9, 104]


def test_early_stopping_holds_out_the_latest_rows_of_series_in_time_zones(
    batch_inputs,
):
    from sklearn.utils import shuffle

    from skltsm import LSTMRegressor
    from skltsm._row_labels import row_times

    # days at midnight in two time zones: the panel's time level holds them
    # as objects, which row_times took for no times, and the rows shuffled
    # were held out by their order
    panel = {
        tz: pd.Series(
            np.arange(12.0) + 100 * k,
            pd.date_range("2000-01-01", periods=12, freq="D", tz=tz),
        )
        for k, tz in enumerate(("Europe/Paris", "America/New_York"))
    }
    X, y = make_supervised(panel, history=3)
    assert_array_equal(row_times(y), np.arange(len(y)))  # Paris first each day
    model = LSTMRegressor(
        units=2, epochs=1, early_stopping=True, validation_fraction=0.2, random_state=0
    )
    model.fit(X, y)
    in_order = [sorted(X[:, -1, 0]) for X, _ in batch_inputs]
    assert in_order[0] == [9, 10, 109, 110]
    rows = shuffle(np.arange(len(X)), random_state=0)
    batch_inputs.clear()
    model.fit(X[rows], y.iloc[rows])
    assert [sorted(X[:, -1, 0]) for X, _ in batch_inputs] == in_order
