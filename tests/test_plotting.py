import warnings
from datetime import timedelta

import numpy as np
import pandas as pd
import pytest
from sklearn.compose import TransformedTargetRegressor
from sklearn.exceptions import NotFittedError
from sklearn.frozen import FrozenEstimator
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline

from skltsm import (
    ConformalRegressor,
    LSTMRegressor,
    SlidingWindow,
    make_supervised,
    plot_forecast,
    plot_history,
    plot_scores,
)

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
plt = pytest.importorskip("matplotlib.pyplot")
FixedLocator = pytest.importorskip("matplotlib.ticker").FixedLocator


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_forecasts_are_drawn_on_the_time_axis():
    months = pd.period_range("2000-01", periods=24, freq="M")
    actual = pd.Series(np.arange(24.0), months)
    on_index = pd.Series([30.0, 31.0], pd.period_range("2002-01", periods=2, freq="M"))
    ax = plot_forecast(actual, {"a": on_index, "b": np.array([22.0, 23.0])})
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert list(lines) == ["actual", "a", "b"]
    # periods become time stamps; an array is aligned with the end of `actual`
    assert pd.Timestamp(lines["a"].get_xdata()[0]) == pd.Timestamp("2002-01-01")
    assert pd.Timestamp(lines["b"].get_xdata()[0]) == pd.Timestamp("2001-11-01")
    ax = plot_forecast(
        actual, pd.Series([1.0], [months[-1]], name="one"), split="2001-06"
    )
    assert ax.get_lines()[1].get_label() == "one"
    split = ax.get_lines()[-1]  # the dotted line where training ends
    assert pd.Timestamp(split.get_xdata()[0]) == pd.Timestamp("2001-06-01")
    with pytest.raises(ValueError, match="one value per time step"):
        plot_forecast(actual, np.ones((2, 2)))


def split_at(ax):
    (line,) = [line for line in ax.get_lines() if line.get_label() == "_split"]
    return matplotlib.dates.date2num(line.get_xdata()[0])


def test_a_split_given_as_text_is_read_as_a_time_of_the_series():
    # "2021Q2" of a fiscal year ending in March (July to September 2020) was
    # drawn at April 2021, and a time without a zone on an axis of Berlin
    # times two hours late (as if in UTC)
    fiscal = pd.period_range("2020Q1", periods=8, freq="Q-MAR")
    actual = pd.Series(np.arange(8.0), fiscal)
    at = matplotlib.dates.date2num(fiscal[5].to_timestamp())
    for split in ("2021Q2", fiscal[5], fiscal[5].to_timestamp()):
        assert split_at(plot_forecast(actual, {}, split=split)) == at
    hours = pd.date_range("2024-10-26 20:00", periods=10, freq="h", tz="Europe/Berlin")
    actual = pd.Series(np.arange(10.0), hours)
    at = matplotlib.dates.date2num(hours[5])
    for split in (
        hours[5],
        "2024-10-27 01:00",
        pd.Timestamp("2024-10-27 01:00"),
        np.datetime64("2024-10-27T01:00"),  # was drawn as UTC
    ):
        assert split_at(plot_forecast(actual, {}, split=split)) == at
    assert split_at(plot_forecast(actual, {}, split=hours[5].tz_convert("UTC"))) == at


def test_a_split_that_the_clock_reads_twice_or_never_asks_for_its_offset():
    # a label of the index at the autumn change of clocks, which it holds
    # twice, failed with pandas' "Cannot infer dst time ..., try using the
    # 'ambiguous' argument", an argument plot_forecast does not have; a time
    # in spring's gap with "Try using the 'nonexistent' argument"
    hours = pd.date_range("2024-10-27 00:00", periods=6, freq="h", tz="Europe/Berlin")
    actual = pd.Series(np.arange(6.0), hours)
    for split in ("2024-10-27 02:00", pd.Timestamp("2024-10-27 02:00")):
        with pytest.raises(
            ValueError,
            match=r"`split`=.*2024-10-27 02:00.* twice on the clock of Europe/Berlin"
            r".*'2024-10-27 02:00:00\+02:00' \(the first\) or "
            r"'2024-10-27 02:00:00\+01:00' \(the second\)",
        ):
            plot_forecast(actual, {}, split=split)
    with pytest.raises(
        ValueError,
        match=r"`split`='2024-03-31 02:30' is skipped by the clock of Europe/Berlin"
        r".*'2024-03-31 02:30:00\+01:00'",
    ):
        plot_forecast(actual, {}, split="2024-03-31 02:30")
    assert plt.get_fignums() == []
    # as advised: the second 02:00, an hour after the first
    at = matplotlib.dates.date2num(hours[3])
    assert split_at(plot_forecast(actual, {}, split="2024-10-27 02:00+01:00")) == at


def test_a_split_off_the_time_axis_of_actual_is_refused():
    # a position (split=20, the number of training rows) over a series of
    # dates was drawn in January 1970, and a time over an array's positions
    # at its number of days since then: either stretched the axes, silently
    months = pd.date_range("2000-01", periods=24, freq="MS")
    with pytest.raises(ValueError, match=r"`split`=20 is a position.*index\[20\]"):
        plot_forecast(pd.Series(np.arange(24.0), months), {}, split=20)
    for split in (months[20], "2001-09"):
        with pytest.raises(ValueError, match=r"`split`=.* is a time.*positions"):
            plot_forecast(np.arange(24.0), {}, split=split)
    assert plt.get_fignums() == []
    ax = plot_forecast(np.arange(24.0), {}, split=20)
    assert ax.get_lines()[-1].get_xdata()[0] == 20


def test_an_array_longer_than_the_series_is_refused_with_a_way_out():
    # an array is aligned with the end of `actual`: one that runs past it has
    # no time stamps; pandas' "Length of values (7) does not match length of
    # index (2)" did not say so
    actual = pd.Series(np.arange(5.0), pd.period_range("2000-01", periods=5, freq="M"))
    with pytest.raises(ValueError, match=r"7 values.*5 time steps.*pandas Series"):
        plot_forecast(actual, {"lstm": np.arange(7.0)})
    # nor is a figure left open by a refusal
    bad_fan = pd.DataFrame({"low": np.arange(2.0)}, index=actual.index[-2:])
    for forecast in (np.arange(7.0), bad_fan):
        with pytest.raises(ValueError):
            plot_forecast(actual, {"lstm": forecast})
    assert plt.get_fignums() == []


def test_a_multi_step_prediction_is_refused_with_a_way_out():
    # predict of an H-step model gives an (n, H) array, one row per origin:
    # "Expected one value per time step, got shape (1, 3)" said what, not how
    actual = pd.Series(np.arange(12.0), pd.date_range("2000-01", periods=12, freq="MS"))
    with pytest.raises(ValueError, match=r"shape \(1, 3\).*one row.*`pred\[0\]`"):
        plot_forecast(actual, {"seq2seq": np.ones((1, 3))})
    with pytest.raises(ValueError, match=r"shape \(2, 3\).*\{name: forecast\}"):
        plot_forecast(actual, {"seq2seq": np.ones((2, 3))})
    # or the quantiles of an array's forecast, a row of levels per step,
    # whose row drawn as steps would be wrong: the fan's way is told too
    with pytest.raises(ValueError, match=r"quantiles.*DataFrame whose columns"):
        plot_forecast(actual, {"fan": np.ones((3, 3))})


def test_a_table_as_actual_is_refused_with_a_way_out():
    # the series of several channels that recursive_forecast took (target=)
    # was refused as "the predictions of a multi-step model"
    months = pd.date_range("2000-01", periods=12, freq="MS")
    table = pd.DataFrame({"sales": np.arange(12.0), "price": 1.0}, index=months)
    with pytest.raises(ValueError, match=r"`actual`.*\['sales', 'price'\].*actual\["):
        plot_forecast(table, {"lstm": np.ones(3)})
    with pytest.raises(ValueError, match=r"`actual`.*shape \(12, 2\)"):
        plot_forecast(table.to_numpy(), {"lstm": np.ones(3)})
    assert plt.get_fignums() == []


def test_a_forecast_off_the_time_axis_of_actual_is_refused():
    # pd.Series(model.predict(X), name="lstm") is indexed 0, 1, 2: over a
    # series of dates it was drawn in January 1970, silently, far left of it
    months = pd.date_range("2000-01", periods=12, freq="MS")
    actual = pd.Series(np.arange(12.0), months)
    positions = pd.Series([1.0, 2.0, 3.0], name="lstm")
    with pytest.raises(ValueError, match=r"'lstm' is indexed by.*`actual` by times"):
        plot_forecast(actual, positions)
    fan = pd.DataFrame({0.1: [1.0, 2.0], 0.9: [3.0, 4.0]})
    with pytest.raises(ValueError, match=r"'fan' is indexed by.*`actual` by times"):
        plot_forecast(actual, {"fan": fan})
    # and the other way round: times over an array's positions
    with pytest.raises(ValueError, match=r"'b' is indexed by times.*`actual` by"):
        plot_forecast(np.arange(12.0), {"b": pd.Series([1.0], months[-1:])})
    assert plt.get_fignums() == []
    # an array, or a Series on the series' own kind of index, is drawn
    ax = plot_forecast(actual, {"a": positions.to_numpy()})
    assert pd.Timestamp(ax.get_lines()[1].get_xdata()[0]) == months[-3]
    ax = plot_forecast(np.arange(12.0), {"a": positions + 9})
    assert list(ax.get_lines()[1].get_xdata()) == [0, 1, 2]


def test_times_with_and_without_a_zone_do_not_mix():
    # a forecast on the wall clock of Paris over Paris times was drawn an
    # hour late (matplotlib reads a time without a zone as UTC), and Paris
    # times over times without a zone an hour early, without a word
    hours = pd.date_range("2026-01-05", periods=6, freq="h", tz="Europe/Paris")
    aware = pd.Series(np.arange(6.0), hours)
    naive = aware.tz_localize(None)
    with pytest.raises(
        ValueError,
        match=r"'lstm'.*without a time zone.*`actual`.*Europe/Paris.*"
        r"tz_localize\('Europe/Paris'\)",
    ):
        plot_forecast(aware, {"lstm": naive[-2:]})
    fan = pd.DataFrame({0.1: [1.0, 2.0], 0.9: [3.0, 4.0]}, index=naive.index[-2:])
    with pytest.raises(ValueError, match=r"'fan'.*without a time zone"):
        plot_forecast(aware, {"fan": fan})
    with pytest.raises(
        ValueError, match=r"'lstm'.*Europe/Paris.*`actual`.*without.*tz_convert"
    ):
        plot_forecast(naive, {"lstm": aware[-2:]})
    with pytest.raises(ValueError, match=r"`split`.*Europe/Paris.*`actual`.*without"):
        plot_forecast(naive, {}, split=hours[3])
    assert plt.get_fignums() == []
    # times of two zones are instants: drawn where they fall
    ax = plot_forecast(aware, {"utc": aware[-2:].tz_convert("UTC")})
    actual_line, utc = ax.get_lines()
    at = matplotlib.dates.date2num(hours[-2:])
    assert list(matplotlib.dates.date2num(utc.get_xdata())) == list(at)
    assert list(matplotlib.dates.date2num(actual_line.get_xdata()[-2:])) == list(at)


def test_a_series_of_a_panel_table_in_two_time_zones_is_drawn_on_its_times():
    # a table's series split by id keeps the times of two zones as objects,
    # as pandas holds them: plot_forecast(table.loc[key], ...), as it advises
    # for a panel, took them for positions and refused a forecast on times
    panel = {
        zone: pd.Series(np.arange(6.0), pd.date_range("2026-01-05", periods=6, tz=zone))
        for zone in ("Europe/Paris", "America/New_York")
    }
    actual = pd.concat(panel, names=["id", "time"]).loc["Europe/Paris"]
    assert actual.index.dtype == object
    forecast = panel["Europe/Paris"][-2:] + 1
    ax = plot_forecast(actual, {"f": forecast}, split="2026-01-08")
    drawn = {line.get_label(): line.get_xdata() for line in ax.get_lines()}
    at = matplotlib.dates.date2num(panel["Europe/Paris"].index)
    assert list(matplotlib.dates.date2num(drawn["actual"])) == list(at)
    assert list(matplotlib.dates.date2num(drawn["f"])) == list(at[-2:])
    assert split_at(ax) == at[3]


def test_elapsed_times_are_drawn_in_one_unit():
    # elapsed times have the unit they were built in (pandas 3: seconds from
    # to_timedelta, microseconds from timedelta_range), and matplotlib draws
    # them as counts of it: a forecast in microseconds over a series in
    # seconds was drawn a million times too far right, without a word, and a
    # split of any form failed inside matplotlib
    elapsed = pd.to_timedelta(np.arange(10), unit="s").as_unit("s")
    actual = pd.Series(np.arange(10.0), elapsed)
    ahead = pd.timedelta_range("10s", periods=2, freq="s").as_unit("us")
    fan = pd.DataFrame(
        {0.1: [9.0, 10.0], 0.5: [10.0, 11.0], 0.9: [11.0, 12.0]},
        index=ahead.as_unit("ms"),
    )
    forecasts = {"a": pd.Series([10.0, 11.0], ahead), "fan": fan}
    for split in (
        elapsed[7],
        pd.Timedelta("7s").as_unit("us"),
        np.timedelta64(7, "s"),
        timedelta(seconds=7),
        "7s",  # a label of the index, as text is on any other
    ):
        ax = plot_forecast(actual, forecasts, split=split)
        drawn = {line.get_label(): line.get_xydata()[:, 0] for line in ax.get_lines()}
        assert list(drawn["actual"]) == list(range(10))
        assert list(drawn["a"]) == list(drawn["fan"]) == [10, 11]
        assert list(drawn["_split"]) == [7, 7]
    # in the finest unit that they need: half seconds are not rounded
    half = pd.Series([1.0], pd.to_timedelta([9.5], unit="s").as_unit("ms"))
    ax = plot_forecast(actual, {"half": half}, split="9.25s")
    drawn = {line.get_label(): line.get_xydata()[:, 0] for line in ax.get_lines()}
    assert drawn["actual"][-1] == 9000
    assert list(drawn["half"]) == [9500]
    assert list(drawn["_split"]) == [9250, 9250]


def test_elapsed_times_are_an_axis_of_their_own():
    # positions (pd.Series(model.predict(X))) and dates over elapsed times,
    # or elapsed times over either, would be drawn far off the series
    elapsed = pd.to_timedelta(np.arange(10), unit="s")
    actual = pd.Series(np.arange(10.0), elapsed)
    dates = pd.Series(np.arange(10.0), pd.date_range("2024-01-01", periods=10))
    for forecast, kind in (
        (pd.Series([1.0, 2.0]), "positions"),
        (dates[-2:], "times"),
    ):
        match = rf"'lstm' is indexed by {kind} .*`actual` by elapsed times"
        with pytest.raises(ValueError, match=match):
            plot_forecast(actual, {"lstm": forecast})
    for series, kind in ((dates, "times"), (np.arange(10.0), "positions")):
        match = rf"'lstm' is indexed by elapsed times .*`actual` by {kind}"
        with pytest.raises(ValueError, match=match):
            plot_forecast(series, {"lstm": actual[-2:]})
    with pytest.raises(ValueError, match=r"`split`=7 is a position.*elapsed.*\[7\]"):
        plot_forecast(actual, {}, split=7)
    with pytest.raises(ValueError, match=r"is a time, `actual` is indexed by elapsed"):
        plot_forecast(actual, {}, split=dates.index[7])
    for series, kind in ((dates, "times"), (np.arange(10.0), "positions")):
        match = rf"is an elapsed time, `actual` is indexed by {kind}"
        with pytest.raises(ValueError, match=match):
            plot_forecast(series, {}, split=elapsed[7])
    assert plt.get_fignums() == []


def test_arrow_time_stamps_are_drawn_as_dates_and_elapsed_times(on_backend):
    # a series indexed by Arrow's time stamps (read_parquet(...,
    # dtype_backend="pyarrow").set_index("time")) was taken for one indexed
    # by positions, and a forecast on dates refused against it
    days = pd.date_range("2024-01-01", periods=12, freq="D")
    actual = pd.Series(np.arange(12.0), on_backend(days))
    forecast = pd.Series([12.0, 13.0], on_backend(days[-2:] + pd.Timedelta("2D")))
    fan = pd.DataFrame({0.1: [11.0, 12.0], 0.9: [13.0, 14.0]}, index=forecast.index)
    ax = plot_forecast(actual, {"a": forecast, "fan": fan}, split=days[9])
    drawn = {line.get_label(): line.get_xdata() for line in ax.get_lines()}
    at = matplotlib.dates.date2num(days)
    assert list(matplotlib.dates.date2num(drawn["actual"])) == list(at)
    assert list(matplotlib.dates.date2num(drawn["a"])) == list(at[-2:] + 2)
    assert split_at(ax) == at[9]
    with pytest.raises(ValueError, match=r"'b' is indexed by positions.*by times"):
        plot_forecast(actual, {"b": pd.Series([1.0, 2.0])})
    elapsed = pd.timedelta_range("0s", periods=10, freq="s").as_unit("s")
    actual = pd.Series(np.arange(10.0), on_backend(elapsed))
    forecast = pd.Series([10.0], on_backend(pd.to_timedelta([10_000], unit="ms")))
    ax = plot_forecast(actual, forecast, split="7s")
    drawn = {line.get_label(): line.get_xydata()[:, 0] for line in ax.get_lines()}
    assert list(drawn["forecast"]) == [10] and list(drawn["_split"]) == [7, 7]


def test_quantile_forecasts_are_drawn_as_nested_bands():
    months = pd.period_range("2000-01", periods=24, freq="M")
    actual = pd.Series(np.arange(24.0), months)
    levels = [0.025, 0.1, 0.5, 0.9, 0.975]
    fan = pd.DataFrame(
        [[20.0, 21.0, 22.0, 23.0, 24.0]] * 2, index=months[-2:], columns=levels
    )
    ax = plot_forecast(actual, {"lstm": fan, "no median": fan.drop(columns=0.5)})
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == [
        "actual",
        "lstm",
        "lstm, 95%",
        "lstm, 80%",
        "no median, 95%",
        "no median, 80%",
    ]
    band = ax.collections[1].get_paths()[0].vertices  # the 80% band of "lstm"
    assert band[:, 1].min() == 21.0 and band[:, 1].max() == 23.0
    with pytest.raises(ValueError, match="quantile levels"):
        plot_forecast(actual, pd.DataFrame({"a": [1.0]}, index=months[-1:]))
    # a panel's: one series at a time
    panel = pd.concat({"a": fan, "b": fan}, names=["series", "time"])
    with pytest.raises(ValueError, match=r"draws one series.*\.loc\[key\]"):
        plot_forecast(actual, panel)
    # a panel of named series and its forecasts (recursive_forecast's dict):
    # "float() argument must be a string or a real number, not 'dict'"
    for series in ({"a": actual, "b": actual}, [actual, actual]):
        with pytest.raises(ValueError, match=r"draws one series.*actual\[key\]"):
            plot_forecast(series, {"a": fan, "b": fan})
    with pytest.raises(ValueError, match=r"draws one series"):
        plot_forecast(actual, {"lstm": {"a": fan, "b": fan}})


def test_sktime_quantiles_are_drawn_as_a_fan():
    # predict_quantiles of sktime (LSTMForecaster's too) has a column per
    # (variable, level): pandas' "initializing a Series from a MultiIndex is
    # not supported" was all plot_forecast said of it
    months = pd.period_range("2000-01", periods=24, freq="M")
    actual = pd.Series(np.arange(24.0), months, name="sales")
    columns = pd.MultiIndex.from_product([["sales"], [0.1, 0.5, 0.9]])
    fan = pd.DataFrame([[21.0, 22.0, 23.0]] * 2, index=months[-2:], columns=columns)
    ax = plot_forecast(actual, {"lstm": fan})
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["actual", "lstm", "lstm, 80%"]
    band = ax.collections[0].get_paths()[0].vertices
    assert band[:, 1].min() == 21.0 and band[:, 1].max() == 23.0
    # several variables are several series: one at a time
    two = pd.concat({"sales": fan["sales"], "stock": fan["sales"]}, axis=1)
    with pytest.raises(ValueError, match=r"\['sales', 'stock'\].*\['sales'\]"):
        plot_forecast(actual, {"lstm": two})
    # predict_interval's columns are (variable, coverage, side)
    sides = pd.MultiIndex.from_product([["sales"], [0.8], ["lower", "upper"]])
    interval = pd.DataFrame([[21.0, 23.0]] * 2, index=months[-2:], columns=sides)
    with pytest.raises(ValueError, match=r"3 levels.*predict_quantiles"):
        plot_forecast(actual, {"lstm": interval})


def test_a_quantile_level_without_its_mirror_is_told_of():
    # a band is drawn between q and 1 - q: a fan of 0.1, 0.5, 0.9 and 0.99
    # was drawn without the 0.99, and the legend without a word of it
    months = pd.period_range("2000-01", periods=24, freq="M")
    actual = pd.Series(np.arange(24.0), months)
    fan = pd.DataFrame(
        [[21.0, 22.0, 23.0, 25.0]] * 2, index=months[-2:], columns=[0.1, 0.5, 0.9, 0.99]
    )
    with pytest.warns(UserWarning, match=r"'lstm'.*\[0\.99\].*1 - q") as caught:
        ax = plot_forecast(actual, {"lstm": fan})
    assert caught[0].filename == __file__  # the user's call
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["actual", "lstm", "lstm, 80%"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        plot_forecast(actual, {"lstm": fan.drop(columns=0.99)})


def test_an_infinite_bound_is_drawn_to_the_edge_of_the_axes():
    # a conformal level with too few errors is infinite: its band is
    # unbounded, drawn to the edge, not left out while the legend names it
    months = pd.period_range("2000-01", periods=24, freq="M")
    actual = pd.Series(np.arange(24.0), months)
    fan = pd.DataFrame(
        [[-np.inf, 21.0, 22.0, 23.0, np.inf]] * 2,
        index=months[-2:],
        columns=[0.025, 0.1, 0.5, 0.9, 0.975],
    )
    upper = fan[[0.1, 0.9]].copy()
    upper[0.9] = np.inf
    ax = plot_forecast(actual, {"conformal": fan, "upper": upper})
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == [
        "actual",
        "conformal",
        "conformal, 95%",
        "conformal, 80%",
        "upper, 80%",
    ]
    bottom, top = ax.get_ylim()
    assert -5 < bottom < 0 and 23 < top < 30  # set by the finite values
    extents = {
        (path.vertices[:, 1].min(), path.vertices[:, 1].max())
        for band in ax.collections
        for path in band.get_paths()
    }
    assert {(bottom, top), (21.0, top), (21.0, 23.0)} <= extents


def test_scores_are_sorted_and_folds_get_error_bars():
    tidy = pd.DataFrame(
        {"model": ["a", "a", "b", "b"], "fold": [0, 1, 0, 1], "MAE": [3, 5, 1, 1]}
    )
    ax = plot_scores(tidy, "MAE")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b"]
    assert [p.get_width() for p in ax.patches] == [4.0, 1.0]
    # the folds' standard deviation as scikit-learn's std_test_* gives it
    # (ddof=0): 1 for "a"'s 3 and 5, where the sample's would be 1.41
    (segments,) = [c.get_segments() for c in ax.collections]
    assert [(s[0][0], s[1][0]) for s in segments] == [(3.0, 5.0), (1.0, 1.0)]
    assert ax.get_xlabel() == "MAE"
    with pytest.raises(ValueError, match="not a column"):
        plot_scores(tidy, "RMSE")
    with pytest.raises(TypeError, match="DataFrame"):
        plot_scores({"a": 1})


def test_the_best_score_is_on_top_whichever_way_it_points():
    # scikit-learn's scores (neg_*, cross_validate's test_*, cv_results_'
    # mean_test_*) are better higher: the worst model was drawn on top
    def top_down(ax):
        return [t.get_text() for t in ax.get_yticklabels()][::-1]

    table = pd.DataFrame(
        {"MAE": [3.0, 1.0, 2.0], "neg_mean_absolute_error": [-3.0, -1.0, -2.0]},
        index=["a", "b", "c"],
    )
    assert top_down(plot_scores(table, "MAE")) == ["b", "c", "a"]
    assert top_down(plot_scores(table, "neg_mean_absolute_error")) == ["b", "c", "a"]
    for name in ("test_neg_mean_absolute_error", "mean_test_score", "split0_test_r2"):
        ax = plot_scores(table.rename(columns={"neg_mean_absolute_error": name}), name)
        assert top_down(ax) == ["b", "c", "a"]
    # a metric's own name ending in "_score" is a score, as make_forecast_scorer
    # reads it: r2_score's best was drawn last
    scores = pd.DataFrame({"r2_score": [0.5, 0.9, 0.7]}, index=["a", "b", "c"])
    assert top_down(plot_scores(scores)) == ["b", "c", "a"]
    # the direction given overrides the name's
    r2 = pd.DataFrame({"R2": [0.5, 0.9, 0.7]}, index=["a", "b", "c"])
    assert top_down(plot_scores(r2, greater_is_better=True)) == ["b", "c", "a"]
    assert top_down(plot_scores(table, "MAE", greater_is_better=False)) == [
        "b",
        "c",
        "a",
    ]
    # a model without a score (a failed fit's NaN) is last, not first; ties
    # keep the table's order
    failed = pd.DataFrame({"MAE": [np.nan, 1.0, 1.0]}, index=["a", "b", "c"])
    assert top_down(plot_scores(failed)) == ["b", "c", "a"]
    folds = pd.DataFrame(
        {"model": ["a", "a", "b", "b"], "test_score": [0.1, 0.3, 0.8, 0.6]}
    )
    ax = plot_scores(folds)
    assert top_down(ax) == ["b", "a"]
    assert [round(p.get_width(), 6) for p in ax.patches][::-1] == [0.7, 0.2]


def test_a_rank_or_spread_of_cv_results_is_better_lower():
    # cv_results_' rank_test_score (1 is the best) and std_test_score end in
    # "_score", and were read as scores: the worst rank was drawn on top
    def top_down(ax):
        return [t.get_text() for t in ax.get_yticklabels()][::-1]

    cv_results = pd.DataFrame(
        {
            "mean_test_score": [0.5, 0.9, 0.7],
            "std_test_score": [0.3, 0.1, 0.2],
            "rank_test_score": [3, 1, 2],
            "rank_test_neg_mean_absolute_error": [3, 1, 2],
        },
        index=["a", "b", "c"],
    )
    for name in cv_results.columns:
        assert top_down(plot_scores(cv_results, name)) == ["b", "c", "a"], name


def test_sktime_errors_are_better_lower():
    # sktime's search and evaluate name their columns test_ + the metric's
    # class, an error: mean_test_MeanAbsolutePercentageError was read as a
    # score of scikit-learn's, and the worst forecaster drawn on top
    pytest.importorskip("sktime")
    from sktime.forecasting.model_selection import ForecastingGridSearchCV
    from sktime.forecasting.naive import NaiveForecaster
    from sktime.split import ExpandingWindowSplitter

    y = pd.Series(
        np.arange(40.0) + np.sin(np.arange(40)),
        index=pd.period_range("2000-01", periods=40, freq="M"),
    )
    cv = ExpandingWindowSplitter(fh=[1, 2], initial_window=30, step_length=4)
    grid = {"strategy": ["mean", "last", "drift"]}
    search = ForecastingGridSearchCV(NaiveForecaster(), cv, grid).fit(y)
    results = pd.DataFrame(search.cv_results_)
    results.index = [params["strategy"] for params in results["params"]]
    by_rank = results.sort_values("rank_test_MeanAbsolutePercentageError").index
    ax = plot_scores(results, "mean_test_MeanAbsolutePercentageError")
    assert [t.get_text() for t in ax.get_yticklabels()][::-1] == list(by_rank)
    # a scorer of scikit-learn's named by the user (scoring={"MAE": ...}) is
    # still a score, negated
    table = pd.DataFrame({"mean_test_MAE": [-3.0, -1.0]}, index=["a", "b"])
    ax = plot_scores(table, "mean_test_MAE")
    assert [t.get_text() for t in ax.get_yticklabels()][::-1] == ["b", "a"]


def test_a_table_of_folds_draws_its_first_score_by_default():
    # the fold's number is a label, not a score
    tidy = pd.DataFrame({"model": ["a", "b"], "fold": [0, 0], "MAE": [3, 1]})
    assert plot_scores(tidy).get_xlabel() == "MAE"
    with pytest.raises(ValueError, match="no numeric column"):
        plot_scores(tidy[["model", "fold"]])


def test_a_new_figure_holds_its_labels_when_saved():
    # the figures these functions make were saved (savefig, no bbox_inches)
    # with the history's "epoch" and its left ticks, the scores' metric name
    # and long model names cut off at the edges
    history = plot_history(
        _Fitted({"loss": [0.5, 0.2, 0.1], "val_loss": [0.6, 0.3, 0.2]})
    )
    names = ["seasonal naive with drift", "Seq2SeqLSTMRegressor, bidirectional"]
    scores = plot_scores(pd.DataFrame({"MASE": [1.2, 0.8]}, index=names))
    months = pd.date_range("2000-01", periods=24, freq="MS", name="month")
    forecast = plot_forecast(pd.Series(np.arange(24.0), months), {"a": np.ones(3)})
    for ax in (history, scores, forecast):
        figure = ax.figure
        figure.canvas.draw()
        drawn = ax.get_tightbbox(figure.canvas.get_renderer())
        assert drawn.x0 >= 0 and drawn.y0 >= 0, ax.get_xlabel()
        assert drawn.x1 <= figure.bbox.x1 and drawn.y1 <= figure.bbox.y1
        # and a tight_layout() of the user's, as the gallery calls, is silent
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            figure.tight_layout()


def test_history_is_found_inside_searches_and_pipelines():
    X, y = make_supervised(np.sin(np.arange(80) / 3), history=6)
    net = LSTMRegressor(3, epochs=2, early_stopping=True, random_state=0)
    search = GridSearchCV(make_pipeline(SlidingWindow(), net), {}, cv=2).fit(X, y)
    ax = plot_history(search)
    assert [line.get_label() for line in ax.get_lines()] == ["loss", "val_loss"]
    assert len(ax.get_lines()[0].get_xdata()) == 2
    conformal = ConformalRegressor(make_pipeline(SlidingWindow(), net), cv=2)
    ax = plot_history(conformal.fit(X, y))  # its model fitted on every row
    assert [line.get_label() for line in ax.get_lines()] == ["loss", "val_loss"]
    frozen = TransformedTargetRegressor(FrozenEstimator(search), func=np.exp)
    ax = plot_history(frozen.set_params(inverse_func=np.log).fit(X, y))
    assert [line.get_label() for line in ax.get_lines()] == ["loss", "val_loss"]
    with pytest.raises(ValueError, match="no training history"):
        plot_history(make_pipeline(SlidingWindow()).fit(X))


def test_history_is_found_inside_sktime_searches_and_pipelines():
    # sktime's ForecastingGridSearchCV keeps its model as best_forecaster_:
    # plot_history said it "was fitted with refit=False", and of a
    # TransformedTargetForecaster that it had no training history
    pytest.importorskip("sktime")
    from sktime.forecasting.compose import TransformedTargetForecaster
    from sktime.forecasting.model_selection import ForecastingGridSearchCV
    from sktime.split import ExpandingWindowSplitter
    from sktime.transformations.series.exponent import ExponentTransformer

    from skltsm.sktime import LSTMForecaster

    months = pd.period_range("2000-01", periods=40, freq="M")
    y = pd.Series(np.sin(np.arange(40) / 3) + 2, index=months)
    net = LSTMForecaster(6, units=2, epochs=2, random_state=0)
    cv = ExpandingWindowSplitter(fh=[1], initial_window=36, step_length=4)
    search = ForecastingGridSearchCV(net, cv, {"units": [2]}).fit(y, fh=[1])
    ax = plot_history(search)
    assert [len(line.get_xdata()) for line in ax.get_lines()] == [2]
    log = TransformedTargetForecaster([("log", ExponentTransformer()), ("f", net)])
    ax = plot_history(log.fit(y, fh=[1]))
    assert [line.get_label() for line in ax.get_lines()] == ["loss"]


def test_a_missing_history_is_told_why():
    # "fit an LSTMRegressor" was all it said of a search of LSTMs fitted with
    # refit=False (which keeps no model) and of a network not fitted yet
    X, y = make_supervised(np.sin(np.arange(60) / 3), history=6)
    net = LSTMRegressor(3, epochs=1, random_state=0)
    search = GridSearchCV(net, {}, cv=2, refit=False).fit(X, y)
    with pytest.raises(ValueError, match=r"refit=False.*refit=True"):
        plot_history(search)
    with pytest.raises(NotFittedError, match="not fitted"):
        plot_history(make_pipeline(SlidingWindow(), net))


class _Fitted:
    """A fitted network's history alone, for the plot of it."""

    def __init__(self, history):
        self.history_ = history


def test_a_history_with_values_not_above_zero_is_drawn_on_a_linear_axis():
    # a metric below zero (an R², a cosine similarity) or a loss of 0 would
    # vanish from a log axis, silently
    ax = plot_history(_Fitted({"loss": [0.5, 0.2], "r2": [-0.3, 0.4]}))
    assert ax.get_yscale() == "linear"
    assert plot_history(_Fitted({"loss": [0.5, 0.2]})).get_yscale() == "log"
    # an epoch that did not record a value (NaN: a warm fit that switched
    # early stopping on, an ensemble's member left out) is no such value
    missing = {"loss": [0.5, 0.2, 0.1], "val_loss": [np.nan, 0.3, 0.2]}
    assert plot_history(_Fitted(missing)).get_yscale() == "log"
    # epochs are whole numbers on an axes of the user's, whatever its locator
    _, ax = plt.subplots()
    ax.xaxis.set_major_locator(FixedLocator([1, 2]))
    plot_history(_Fitted({"loss": [0.5, 0.2]}), ax=ax)


def test_the_lowest_validation_loss_is_marked_with_its_epoch():
    # the epoch whose weights early stopping keeps: the first of a tie, as
    # Keras takes a new best only where the loss is lower
    history = {"loss": [0.9, 0.5, 0.4, 0.3], "val_loss": [0.8, 0.4, 0.4, 0.6]}
    ax = plot_history(_Fitted(history))
    (star,) = ax.collections
    assert star.get_offsets().tolist() == [[2.0, 0.4]]
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert labels == ["loss", "val_loss", "lowest val_loss (epoch 2)"]
    # an ensemble's mean validation loss is no member's: each member's own
    members = {
        "loss": [0.9, 0.5, 0.4],
        "val_loss": [0.7, 0.45, 0.5],
        "val_loss_m0": [0.6, 0.5, 0.4],
        "val_loss_m1": [0.8, 0.4, 0.6],
    }
    ax = plot_history(_Fitted(members))
    stars = [c.get_offsets().tolist() for c in ax.collections]
    assert stars == [[[3.0, 0.4]], [[2.0, 0.4]]]
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert labels == ["loss", "val_loss", "val_loss_m0", "val_loss_m1"]
    # no validation loss recorded: nothing to mark
    ax = plot_history(_Fitted({"loss": [0.5, 0.2], "val_loss": [np.nan, np.nan]}))
    assert not ax.collections


def test_a_computed_median_level_is_the_median():
    # np.linspace(0.05, 0.95, 19)[9] is 0.49999999999999994, as sktime's
    # predict_quantiles(alpha=...) keeps it: still the median's line, and
    # never a band of its own ("0%")
    months = pd.period_range("2000-01", periods=24, freq="M")
    actual = pd.Series(np.arange(24.0), months)
    levels = np.linspace(0.05, 0.95, 19)
    fan = pd.DataFrame([22 + 2 * (levels - 0.5)] * 3, index=months[-3:], columns=levels)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = plot_forecast(actual, {"lstm": fan})
    assert [line.get_label() for line in ax.get_lines()] == ["actual", "lstm"]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[2:] == [f"lstm, {p}%" for p in range(90, 0, -10)]


def test_a_band_is_labelled_with_its_coverage_unrounded():
    # 0.001-0.999 and 0.0025-0.9975 both read "100%" when rounded to whole
    # percents: two bands of one label, and a claim no finite band makes
    months = pd.period_range("2000-01", periods=24, freq="M")
    actual = pd.Series(np.arange(24.0), months)
    fan = pd.DataFrame(
        [[18.0, 19.0, 22.0, 25.0, 26.0]] * 2,
        index=months[-2:],
        columns=[0.001, 0.0025, 0.5, 0.9975, 0.999],
    )
    ax = plot_forecast(actual, {"lstm": fan})
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["actual", "lstm", "lstm, 99.8%", "lstm, 99.5%"]


def test_a_level_given_twice_is_refused_before_a_figure():
    months = pd.period_range("2000-01", periods=24, freq="M")
    actual = pd.Series(np.arange(24.0), months)
    fan = pd.DataFrame(
        [[21.0, 22.0, 23.0, 23.5]] * 2,
        index=months[-2:],
        columns=[0.1, 0.5, 0.9, "0.9"],
    )
    with pytest.raises(ValueError, match=r"level 0\.9 .*twice"):
        plot_forecast(actual, {"lstm": fan})
    assert plt.get_fignums() == []


def test_a_column_of_predictions_is_one_value_per_step():
    # predict of a model fitted on y of shape (n, 1), as scikit-learn gives
    # it: one value per time step, drawn as such
    actual = np.arange(24.0)
    ax = plot_forecast(actual, {"lstm": np.arange(19.0, 24.0).reshape(-1, 1)})
    line = ax.get_lines()[1]
    assert list(line.get_xdata()) == list(range(19, 24))
    assert list(line.get_ydata()) == list(range(19, 24))


def test_a_band_infinite_at_some_steps_is_shaded_once():
    # the finite steps were shaded twice (with the legend's fill, then again
    # to the edge), darker than the legend says and than the unbounded part
    months = pd.period_range("2000-01", periods=24, freq="M")
    actual = pd.Series(np.arange(24.0), months)
    fan = pd.DataFrame(
        {0.1: [20.0, 20.0, 20.0, -np.inf], 0.5: [22.0] * 4, 0.9: [24.0] * 4},
        index=months[-4:],
    )
    ax = plot_forecast(actual, {"conformal": fan})
    matplotlib_dates = pytest.importorskip("matplotlib.dates")
    times = [matplotlib_dates.date2num(t) for t in fan.index.to_timestamp()]
    bottom = ax.get_ylim()[0]

    def fills_over(x, y):
        return sum(
            path.contains_point((x, y))
            for band in ax.collections
            for path in band.get_paths()
        )

    assert fills_over((times[0] + times[1]) / 2, 22.0) == 1  # finite steps
    assert fills_over((times[2] + times[3]) / 2, 22.0) == 1  # into the unbounded
    # down towards the edge where the bound is infinite
    assert fills_over((times[2] + times[3]) / 2, (20.0 + bottom) / 2 + 0.5) == 1


def test_a_model_without_a_score_on_a_fold_comes_last():
    # a fit that failed on one fold (NaN, as cross_validate gives) has no
    # mean score, as scikit-learn's cv_results_ gives it none: averaged over
    # its other folds, it was drawn as the best
    folds = pd.DataFrame(
        {
            "model": ["ridge"] * 3 + ["lstm"] * 3,
            "fold": [0, 1, 2] * 2,
            "MASE": [1.0, 1.1, 1.2, 0.6, 0.7, np.nan],
        }
    )
    ax = plot_scores(folds)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["lstm", "ridge"]
    assert np.isnan(ax.patches[0].get_width())


def test_greater_is_better_of_scores_is_a_bool():
    table = pd.DataFrame({"MAE": [1.2, 0.8]}, index=["naive", "ridge"])
    with pytest.raises(TypeError, match="greater_is_better.*'False'"):
        plot_scores(table, greater_is_better="False")
    assert plt.get_fignums() == []
    ax = plot_scores(table, greater_is_better=np.False_)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["naive", "ridge"]
