import re
import tracemalloc

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_array_equal
from sklearn import clone, config_context
from sklearn.linear_model import Ridge
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from skltsm import SequenceScaler, SeriesScaler, SlidingWindow, make_supervised


def test_alignment_univariate():
    series = np.arange(20.0)
    X, y = make_supervised(series, history=4, horizon=3)
    assert X.shape == (20 - 4 - 3 + 1, 4, 1)
    assert y.shape == (14, 3)
    for i in range(len(X)):
        t = i + 4 - 1  # the time at which sample i ends
        assert_array_equal(X[i, :, 0], series[t - 3 : t + 1])
        assert_array_equal(y[i], series[t + 1 : t + 4])


def test_horizon_one_gives_1d_target():
    X, y = make_supervised(np.arange(10.0), history=3)
    assert y.shape == (7,)
    assert_array_equal(y, np.arange(3.0, 10.0))
    assert_array_equal(X[:, -1, 0] + 1, y)


def test_multichannel_target_and_exogenous_only():
    data = np.column_stack([np.arange(12.0), 100 + np.arange(12.0)])
    X, y = make_supervised(data, history=3, target=1)
    assert X.shape == (9, 3, 2)
    assert_array_equal(X[0], data[:3])
    assert_array_equal(y, data[3:, 1])

    X, y = make_supervised(data, history=3, target=1, target_as_input=False)
    assert X.shape == (9, 3, 1)
    assert_array_equal(X[:, -1, 0], data[2:-1, 0])
    assert_array_equal(y, data[3:, 1])


def test_windows_are_read_only_views():
    series = np.random.default_rng(0).normal(size=(500, 2))
    X, y = make_supervised(series, history=50, horizon=5, target=0)
    assert np.shares_memory(X, series)
    assert np.shares_memory(y, series)
    assert not X.flags.writeable and not y.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        X[0, 0, 0] = 1.0


def test_pandas_index_maps_rows_to_time():
    index = pd.period_range("2000-01", periods=24, freq="M")
    frame = pd.DataFrame(
        {"temp": np.arange(24.0), "rain": np.arange(24.0) * 2}, index=index
    )
    X, y = make_supervised(frame, history=6, target="temp")
    assert isinstance(y, pd.Series) and y.name == "temp"
    # the index is the time stamp of each target: y lines up with the series
    pd.testing.assert_series_equal(y, frame["temp"].iloc[6:], check_freq=False)
    assert_array_equal(X[:, -1, :], frame.to_numpy()[5:-1])

    X, Y = make_supervised(frame, history=6, horizon=3, target="temp")
    assert list(Y.columns) == ["temp_t+1", "temp_t+2", "temp_t+3"]
    assert Y.index[0] == index[6]
    assert_array_equal(Y.iloc[0], frame["temp"].iloc[6:9])


@pytest.mark.parametrize("as_panel", [False, True])
def test_y_is_named_by_the_targets_label_not_its_text(as_panel):
    # pd.DataFrame(values) labels its columns 0, 1: y is the column labelled
    # 1 from the history on, so it lines up with frame[1], name included
    frame = pd.DataFrame(np.arange(20.0).reshape(10, 2))
    data = {"a": frame} if as_panel else frame
    _, y = make_supervised(data, history=3, target=1)
    assert y.name == 1
    _, y = make_supervised(frame[1], history=3)
    pd.testing.assert_series_equal(y, frame[1].iloc[3:])


def test_series_input_keeps_dtype_and_name():
    s = pd.Series(np.arange(10, dtype=np.float32), name="load")
    X, y = make_supervised(s, history=2)
    assert X.dtype == np.float32 and y.name == "load"


@pytest.mark.parametrize("as_array", [False, True])
def test_a_series_stored_big_endian_is_windowed_as_the_same_native_numbers(
    as_array,
):
    # numbers stored big-endian (np.fromfile(..., ">f4"), FITS) are the same
    # numbers: float32 stayed float32 in native order only, and was widened
    # to float64 stored so, where check_series took the dtype as it came
    s = pd.Series(np.arange(10, dtype=np.float32), name="load")
    stored = s.astype(">f4")
    X, y = make_supervised(stored.to_numpy() if as_array else stored, history=2)
    assert X.dtype == np.float32 and X.dtype.isnative
    assert_array_equal(X, make_supervised(s, history=2)[0])


def test_windowing_a_long_series_allocates_nothing_proportional():
    series = np.random.default_rng(0).normal(size=1_000_000)
    tracemalloc.start()
    try:
        X, y = make_supervised(series, history=256)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert X.shape == (1_000_000 - 256, 256, 1)
    # the materialised windows would take n * window * 8 bytes = 2 GB
    assert peak < 64 * 1024, peak
    assert np.shares_memory(X, series)


@pytest.mark.parametrize(
    ("data", "kwargs", "error", "match"),
    [
        (np.arange(5.0), {"history": 5}, ValueError, r"too few.*smaller `history`"),
        (np.arange(5.0), {"history": 0}, ValueError, "history == 0, must be >= 1"),
        (np.arange(5.0), {"history": -2}, ValueError, "history == -2"),
        (np.arange(5.0), {"history": 2.5}, TypeError, "`history` must be a positive"),
        (np.arange(5.0), {"history": 2, "horizon": 0}, ValueError, "horizon"),
        (np.array(["a", "b", "c"]), {"history": 1}, TypeError, "must hold numbers"),
        (
            pd.DataFrame({"x": ["a", "b", "c"]}),
            {"history": 1},
            TypeError,
            "Column 'x' of `data` is not numeric",
        ),
        # a table read with its dates as a column: pd.to_numeric, as it said,
        # fails on text and turns time stamps into nanoseconds, a channel
        (
            pd.DataFrame({"Date": pd.date_range("2000", periods=3), "x": [1.0, 2, 3]}),
            {"history": 1},
            TypeError,
            r"'Date' of `data` holds time stamps.*`data.set_index\('Date'\)`",
        ),
        (
            pd.DataFrame({"Date": ["2000-01-01", "2000-01-02"], "x": [1.0, 2]}),
            {"history": 1},
            TypeError,
            r"pd.to_numeric.*time stamps belong in the index.*pd.to_datetime",
        ),
        (np.array([1.0, np.nan, 3.0, 4.0]), {"history": 1}, ValueError, "interpolate"),
        (np.array([1.0, np.inf, 3.0]), {"history": 1}, ValueError, "infinite"),
        (np.empty(0), {"history": 1}, ValueError, "empty"),
        (np.zeros((4, 3, 2)), {"history": 1}, ValueError, "got 3-D"),
        (np.zeros((6, 2)), {"history": 1}, ValueError, "pass `target=`"),
        (np.zeros((6, 2)), {"history": 1, "target": 5}, ValueError, "column position"),
        (
            pd.DataFrame({"a": [1.0, 2, 3]}),
            {"history": 1, "target": "b"},
            ValueError,
            "not a column",
        ),
        (
            pd.Series([1.0, 2, 3, 4], index=[3, 2, 1, 0]),
            {"history": 1},
            ValueError,
            r"must be increasing.*sort_index",
        ),
        (
            pd.Series([1.0, 2, 3, 4], index=pd.to_datetime(["2020"] * 4)),
            {"history": 1},
            ValueError,
            "duplicate time stamps",
        ),
        # a missing time stamp is no order to sort: the message said to sort
        # the index, which puts NaT last, and said so again
        (
            pd.Series(
                np.arange(4.0), index=pd.to_datetime(["2020", None, "2022", "2023"])
            ),
            {"history": 1},
            ValueError,
            r"1 missing time stamp \(the first at position 1\).*index.isna",
        ),
        (
            pd.Series(np.arange(3.0), index=[1.0, 2.0, np.nan]),
            {"history": 1},
            ValueError,
            "missing time stamp",
        ),
        (np.zeros(6), {"history": 1, "target_as_input": False}, ValueError, "no input"),
        # a string is truthy: "no" kept the target as an input
        (np.zeros(6), {"history": 1, "target_as_input": "no"}, TypeError, "True or"),
        (
            pd.Series([1.0, 2, 3], index=["2020-03-01", "2020-02-01", "2020-01-01"]),
            {"history": 1},
            ValueError,
            r"must be increasing.*sort_index",
        ),
        (
            pd.Series([1.0, pd.NA, 3, 4], dtype="Float64", index=[10, 11, 12, 13]),
            {"history": 1},
            ValueError,
            "first at 11.*interpolate",
        ),
        (pd.DataFrame(index=range(4)), {"history": 1}, ValueError, "no column"),
        (
            pd.DataFrame(np.ones((4, 2)), columns=["a", "a"]),
            {"history": 1, "target": "a"},
            ValueError,
            r"columns of the same name: \['a'\]",
        ),
        (np.zeros((6, 2)), {"history": 1, "target": True}, TypeError, "got True"),
        (
            pd.Series(np.arange(6.0), name="y"),
            {"history": 1, "future": ["y"]},
            TypeError,
            "a Series is one channel",
        ),
    ],
)
def test_bad_input_raises_with_the_fix(data, kwargs, error, match):
    with pytest.raises(error, match=match):
        make_supervised(data, **kwargs)


# SlidingWindow -------------------------------------------------------------


def test_sliding_window_keeps_last_steps_as_a_view():
    X, _ = make_supervised(np.arange(30.0).reshape(15, 2), history=6, target=0)
    Xt = SlidingWindow(4).fit_transform(X)
    assert Xt.shape == (9, 4, 2)
    assert np.shares_memory(Xt, X)
    assert_array_equal(Xt, X[:, 2:])
    assert_array_equal(SlidingWindow().fit_transform(X), X)


@pytest.mark.parametrize(
    "shape, params",
    [((30, 6), {}), ((30, 6), {"window": 3}), ((30, 4, 2), {"flatten": True})],
)
def test_a_step_that_scales_in_place_leaves_the_callers_windows_as_they_were(
    shape, params
):
    # the kept steps view the caller's X: a step after that writes into its
    # input (copy=False) would scale the caller's X, where scikit-learn's own
    # selectors (ColumnTransformer, SelectKBest) hand it new memory
    X = np.random.default_rng(0).normal(5.0, 2.0, size=shape)
    before = X.copy()
    pipe = make_pipeline(SlidingWindow(**params), StandardScaler(copy=False))
    pipe.fit_transform(X)
    pipe.transform(X)
    assert_array_equal(X, before)
    assert not SlidingWindow(**params).fit_transform(X).flags.writeable


def test_flatten_names_and_order():
    frame = pd.DataFrame({"temp": np.arange(10.0), "rain": -np.arange(10.0)})
    X, _ = make_supervised(frame, history=4, target="temp")
    sw = SlidingWindow(2, flatten=True, channel_names=["temp", "rain"]).fit(X)
    Xt = sw.transform(X)
    assert_array_equal(
        sw.get_feature_names_out(), ["temp_t-1", "rain_t-1", "temp_t", "rain_t"]
    )
    assert_array_equal(Xt[0], [2.0, -2.0, 3.0, -3.0])

    out = sw.set_output(transform="pandas").transform(X)
    assert isinstance(out, pd.DataFrame)
    assert list(out.columns) == ["temp_t-1", "rain_t-1", "temp_t", "rain_t"]


def test_2d_input_is_univariate_windows():
    lags = pd.DataFrame(np.arange(12.0).reshape(3, 4), columns=list("abcd"))
    sw = SlidingWindow(2).set_output(transform="pandas").fit(lags)
    out = sw.transform(lags)
    assert list(out.columns) == ["c", "d"]
    assert_array_equal(out, lags[["c", "d"]])
    unnamed = SlidingWindow(3, channel_names=["load"]).fit(lags.to_numpy())
    assert_array_equal(
        unnamed.get_feature_names_out(), ["load_t-2", "load_t-1", "load_t"]
    )


def test_a_pipeline_names_the_lags_of_one_channel_as_it_outputs_them():
    # for 3-D windows the names come from `channel_names`, whatever names the
    # step before passes, as a Pipeline does
    X, _ = make_supervised(np.arange(30.0), history=6)
    sw = SlidingWindow(3, flatten=True, channel_names=["pax"]).fit(X)
    expected = ["pax_t-2", "pax_t-1", "pax_t"]
    assert list(sw.get_feature_names_out(list("abcdef"))) == expected
    del sw._columns_in  # as fitted before it was kept
    assert list(sw.get_feature_names_out()) == expected
    steps = make_pipeline(SequenceScaler(), SlidingWindow(3, flatten=True))
    out = steps.set_output(transform="pandas").fit_transform(X)
    assert list(steps.get_feature_names_out()) == list(out.columns)
    assert list(out.columns) == ["x0_t-2", "x0_t-1", "x0_t"]


@pytest.mark.parametrize("channel_names", [None, ["load"]])
@pytest.mark.parametrize("before", [StandardScaler, SequenceScaler])
def test_a_pipeline_names_2d_lags_as_the_window_alone_does(before, channel_names):
    # a step before the window names unnamed columns x0, x1, ... as
    # scikit-learn does; those are no names, so the window still names lags,
    # in a Pipeline's get_feature_names_out and in its pandas output alike
    lags = np.arange(24.0).reshape(6, 4)
    sw = SlidingWindow(3, flatten=True, channel_names=channel_names).fit(lags)
    channel = "x0" if channel_names is None else "load"
    expected = [f"{channel}_t-2", f"{channel}_t-1", f"{channel}_t"]
    assert list(sw.get_feature_names_out()) == expected
    assert list(sw.get_feature_names_out(["x0", "x1", "x2", "x3"])) == expected
    steps = make_pipeline(before(), clone(sw)).fit(lags)
    assert list(steps.get_feature_names_out()) == expected
    out = steps.set_output(transform="pandas").fit_transform(lags)
    assert list(out.columns) == expected
    assert list(steps.get_feature_names_out()) == expected
    # named columns keep their names, alone and in a pipeline
    frame = pd.DataFrame(lags, columns=list("abcd"))
    steps = make_pipeline(before(), clone(sw)).fit(frame)
    assert list(steps.get_feature_names_out()) == ["b", "c", "d"]


def test_3d_output_passes_through_pandas_config():
    X, _ = make_supervised(np.arange(20.0), history=5)
    out = SlidingWindow(3).set_output(transform="pandas").fit_transform(X)
    assert isinstance(out, np.ndarray) and out.shape == (15, 3, 1)


@pytest.mark.parametrize(
    ("own", "expected"), [(None, pd.DataFrame), ("default", np.ndarray)]
)
def test_an_estimators_own_output_setting_wins_over_the_global_one(own, expected):
    # as scikit-learn's transformers do: set_output(transform="default")
    # asks for arrays even where the global configuration asks for pandas
    X, _ = make_supervised(np.arange(20.0), history=5)
    with config_context(transform_output="pandas"):
        sw = SlidingWindow(3, flatten=True).set_output(transform=own)
        assert isinstance(sw.fit_transform(X), expected)
        scaler = StandardScaler().set_output(transform=own)
        assert isinstance(scaler.fit_transform(X[:, :, 0]), expected)


@pytest.mark.parametrize(
    ("fit_X", "X", "match"),
    [
        (np.zeros((4, 6, 2)), np.zeros((4, 5, 2)), "windows of 5 steps.*6 steps"),
        (np.zeros((4, 6, 2)), np.zeros((4, 6, 3)), "3 channels.*2 channels"),
        (np.zeros((4, 6, 2)), np.zeros((4, 6)), "1 channels.*2 channels"),
        (np.zeros((4, 6)), np.zeros((4, 5)), "X has 5 features"),
    ],
)
def test_shape_at_transform_must_match_fit(fit_X, X, match):
    sw = SlidingWindow(2).fit(fit_X)
    with pytest.raises(ValueError, match=match):
        sw.transform(X)


@pytest.mark.parametrize("longer", [np.zeros((4, 12, 1)), np.zeros((4, 12))])
def test_a_sliding_window_refusing_longer_windows_does_not_advise_one(longer):
    # a fitted SlidingWindow refused them with the advice of a
    # `SlidingWindow(window=8)` to crop them: the step that refused them
    fit_X = longer[:, :8]
    model = make_pipeline(SlidingWindow(6, flatten=True), Ridge())
    model.fit(fit_X, np.zeros(4))
    with pytest.raises(
        ValueError, match=r"(fitted on windows of|expecting) 8 "
    ) as error:
        model.predict(longer)
    message = str(error.value)
    assert "SlidingWindow(window=" not in message
    assert re.search(r"a pipeline .* windows of that length too, or be fitted", message)


def test_cropping_past_the_history_raises():
    X, _ = make_supervised(np.arange(20.0), history=5)
    with pytest.raises(ValueError, match=r"`window=8` is longer.*make_supervised"):
        SlidingWindow(8).fit(X)


def test_a_lagged_copy_of_a_channel_is_no_lead_channel_to_keep():
    # "load a day ago" beside "load", forecast a day ahead: load is its lag
    # moved 24 steps ahead, as a lead channel is its column, but lead
    # channels come after the channels (make_supervised appends them), and
    # load comes first: a window of 12 drops no value known in advance
    load = pd.Series(np.random.default_rng(0).normal(size=120)).cumsum()
    data = pd.DataFrame({"load": load, "load_lag24": load.shift(24)}).dropna()
    X, y = make_supervised(data, history=30, horizon=24, target="load")
    assert SlidingWindow(12).fit(X, y).transform(X).shape == (len(X), 12, 2)


def test_columns_named_alike_as_text_are_refused():
    # 1 and "1" are one channel name: lead channels and scales were looked up
    # by it, and read the other column, silently
    frame = pd.DataFrame({"y": np.arange(20.0), "1": 100.0, 1: -np.arange(20.0)})
    with pytest.raises(ValueError, match=r"named alike as text: \['1'\]"):
        make_supervised(frame, history=3, target="y", future=[1])


def test_bad_window_parameter():
    with pytest.raises(ValueError, match="'window' parameter"):
        SlidingWindow(0).fit(np.zeros((3, 4)))
    with pytest.raises(ValueError, match="4-D"):
        SlidingWindow().fit(np.zeros((3, 4, 2, 1)))
    with pytest.raises(ValueError, match="one name per channel"):
        SlidingWindow(channel_names=["a"]).fit(np.zeros((3, 4, 2)))


# the grid search that the data model exists for ----------------------------


class HistorySpy(Ridge):
    """A Ridge that checks every row it sees against the true series."""

    def __init__(self, alpha=1.0, series=None):
        super().__init__(alpha=alpha)
        self.series = series

    def _check_rows(self, X):
        # channels per step: (passengers, position); flattened time-major
        steps = X.reshape(len(X), -1, 2)
        positions = steps[:, :, 1].astype(int)
        # consecutive positions: a contiguous, unpadded history
        assert (np.diff(positions, axis=1) == 1).all()
        assert (positions >= 0).all()
        assert_array_equal(steps[:, :, 0], self.series[positions])

    def fit(self, X, y):
        self._check_rows(X)
        return super().fit(X, y)

    def predict(self, X):
        self._check_rows(X)
        return super().predict(X)


def test_grid_search_over_window_sees_true_history_in_every_fold():
    load_airline = pytest.importorskip("sktime.datasets").load_airline
    airline = load_airline()
    frame = pd.DataFrame(
        {"passengers": airline, "position": np.arange(len(airline), dtype=float)}
    )
    X, y = make_supervised(frame, history=24, target="passengers")
    windows = [1, 6, 12, 24]
    search = GridSearchCV(
        Pipeline(
            [
                ("window", SlidingWindow(flatten=True)),
                ("ridge", HistorySpy(series=airline.to_numpy())),
            ]
        ),
        {"window__window": windows},
        cv=TimeSeriesSplit(n_splits=4),
        scoring="neg_mean_absolute_error",
    )
    search.fit(X, y)
    assert list(search.cv_results_["param_window__window"]) == windows
    # the target is the value after the window: position + 1
    assert_array_equal(X[:, -1, 1] + 1, np.arange(24, 144))
    assert_array_equal(y, airline.to_numpy()[24:])
    # lags are informative on this series: 12 or more beat a single lag
    scores = dict(zip(windows, search.cv_results_["mean_test_score"], strict=True))
    assert max(scores[12], scores[24]) > scores[1]


@pytest.mark.parametrize("dtype", ["Int64", "Float64", "Float32"])
def test_pandas_nullable_dtypes_are_numbers(dtype):
    series = pd.Series([1, 2, 3, 4, 5], dtype=dtype, name="n")
    X, y = make_supervised(series, history=2)
    assert_array_equal(X[:, :, 0], [[1, 2], [2, 3], [3, 4]])
    assert_array_equal(y, [3, 4, 5])
    frame = pd.DataFrame({"a": series, "b": series.astype("float64")})
    X, y = make_supervised(frame, history=2, target="a")
    assert X.shape == (3, 2, 2)


def test_date_strings_in_order_are_accepted():
    series = pd.Series(
        [1.0, 2, 3, 4], index=["2020-01", "2020-02", "2020-03", "2020-04"]
    )
    X, y = make_supervised(series, history=2)
    assert list(y.index) == ["2020-03", "2020-04"]


@pytest.mark.parametrize("spelled", ["%d/%m/%Y", "%d.%m.%Y"])
def test_date_strings_written_day_first_are_read_in_their_order(spelled):
    # read month first, 13/01 came before 02/01: the series was refused as
    # not increasing, and told to sort its strings, as text
    days = pd.date_range("2024-01-01", periods=40, freq="D")
    series = pd.Series(np.arange(40.0), index=days.strftime(spelled))
    X, y = make_supervised(series, history=3)
    assert_array_equal(y, np.arange(3.0, 40))
    assert list(y.index) == list(series.index[3:])
    # the gap check reads them day first too: a day missing is refused
    weekly = pd.date_range("2024-01-07", periods=20, freq="W")
    series = pd.Series(np.arange(20.0), index=weekly.strftime(spelled))
    assert len(make_supervised(series, history=3)[1]) == 17
    with pytest.raises(ValueError, match=r"lacks 1 time stamp.*2024-03-03"):
        make_supervised(series.drop(series.index[8]), history=3)
    # a panel's rows are ordered by the dates as read day first
    X, y = make_supervised({"a": series, "b": series.iloc[5:]}, history=3)
    assert list(y.index.get_level_values(-1)) == sorted(
        series.index[3:].tolist() + series.index[8:].tolist(),
        key=lambda day: pd.to_datetime(day, dayfirst=True),
    )
    # out of order read either way: the hint parses them, then sorts
    with pytest.raises(ValueError, match=r"day first.*dayfirst=True.*sort_index"):
        make_supervised(series.iloc[::-1], history=3)


def test_date_strings_written_year_first_have_one_reading():
    # out of order read month first, 2024-02-01 before 2024-01-03 was read
    # day first, which pandas reads as year, day, month (2 January, 1 March,
    # 3 May, 4 July): in order, and the series was accepted with wrong dates
    iso = ["2024-02-01", "2024-01-03", "2024-03-05", "2024-04-07"]
    series = pd.Series(np.arange(4.0), index=iso)
    with pytest.raises(ValueError, match=r"must be increasing.*out of order") as error:
        make_supervised(series, history=2)
    assert "day first" not in str(error.value)  # they have no such reading
    X, y = make_supervised(series.sort_index(), history=2)
    assert list(y.index) == ["2024-03-05", "2024-04-07"]


def test_a_panel_reads_its_date_strings_one_way():
    # a short series whose days never pass 12 is in order read either way:
    # read month first beside series written day first, 2 to 5 January
    # were refused as months ("MS" against "D"), and 1 February to 1 May
    # passed as days
    days = pd.date_range("2024-01-01", periods=40, freq="D")
    a = pd.Series(np.arange(40.0), index=days.strftime("%d/%m/%Y"))
    daily = pd.Series(np.arange(4.0), index=days[1:5].strftime("%d/%m/%Y"))
    X, y = make_supervised({"a": a, "b": daily}, history=2)
    assert len(y) == 38 + 2
    assert list(y.index[1:5]) == [
        ("a", "04/01/2024"),
        ("b", "04/01/2024"),
        ("a", "05/01/2024"),
        ("b", "05/01/2024"),
    ]
    months = pd.date_range("2024-02-01", periods=4, freq="MS")
    monthly = pd.Series(np.arange(4.0), index=months.strftime("%d/%m/%Y"))
    frequencies = r"data\['b'\] has dates of frequency MS, data\['a'\] of D"
    with pytest.raises(ValueError, match=frequencies):
        make_supervised({"a": a, "b": monthly}, history=2)
    # year first (ISO 8601) is never read day first, which pandas reads as
    # year, day, month: 2024-01-04 stays 4 January among the others' rows
    iso = daily.set_axis(days[1:5].strftime("%Y-%m-%d"))
    _, y = make_supervised({"a": a, "b": iso}, history=2)
    assert y.index[2] == ("b", "2024-01-04")
    # in order month first only beside day first only: no one reading
    other = daily.set_axis(["01/12/2024", "01/13/2024", "01/14/2024", "01/15/2024"])
    match = r"data\['a'\] are in order read day first only, .*data\['c'\] month first"
    with pytest.raises(ValueError, match=rf"{match}.*dayfirst=True"):
        make_supervised({"a": a, "c": other}, history=2)


def test_sparse_columns_are_their_values():
    dense = pd.Series([0.0, 0, 1, 0, 2, 0])
    X, y = make_supervised(dense.astype(pd.SparseDtype(float)), history=2)
    X_dense, y_dense = make_supervised(dense, history=2)
    assert_array_equal(X, X_dense)
    assert_array_equal(y, y_dense)


def test_finite_values_whose_sum_overflows_pass_without_a_warning():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        X, _ = make_supervised(np.full(5, 1e308), history=2)
    assert np.isfinite(X).all()


def test_a_3d_array_of_series_is_told_how_to_pass_several_series():
    # an array of series (sktime's 3-D layout, or series stacked) said only
    # "pass the series itself"; the message says how to pass them as a panel
    series = np.arange(60.0).reshape(3, 20, 1)
    with pytest.raises(ValueError, match=r"got 3-D.*list or a dict.*list\(array\)"):
        make_supervised(series, history=2)
    X, y = make_supervised(list(series), history=2)
    assert X.shape == (3 * 18, 2, 1)
    sktime_layout = series.transpose(0, 2, 1)
    assert_array_equal(
        make_supervised(list(sktime_layout.transpose(0, 2, 1)), history=2)[0], X
    )


def test_an_index_of_elapsed_times_is_checked_as_times():
    # a TimedeltaIndex was taken for labels without an order: out of order
    # or with a time given twice, its windows were built silently wrong
    elapsed = pd.to_timedelta([0, 2, 1, 3, 4, 5], unit="s")
    series = pd.Series(np.arange(6.0), index=elapsed)
    with pytest.raises(ValueError, match="must be increasing"):
        make_supervised(series, history=2)
    with pytest.raises(ValueError, match="must be increasing"):
        SeriesScaler().fit(series)
    twice = series.set_axis(pd.to_timedelta([0, 1, 1, 2, 3, 4], unit="s"))
    with pytest.raises(ValueError, match="duplicate time stamps.*0 days 00:00:01"):
        make_supervised(twice, history=2)
    # evenly spaced, or with a time missing (read as they come, as dates a
    # second apart are), they make windows as before
    steady = series.set_axis(pd.timedelta_range("0s", periods=6, freq="s"))
    X, y = make_supervised(steady, history=2)
    assert_array_equal(y, [2, 3, 4, 5])
    assert y.index.equals(steady.index[2:])
    X, y = make_supervised(steady.drop(steady.index[3]), history=2)
    assert_array_equal(y, [2, 4, 5])
