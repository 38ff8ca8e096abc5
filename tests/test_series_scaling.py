"""``SeriesScaler``: each series of a panel in its own scale, and forecasts
back in its units, in every layout of a panel."""

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from skltsm import (
    LSTMRegressor,
    SeriesScaler,
    make_supervised,
    recursive_forecast,
    window_spread,
)


def _panel():
    rng = np.random.default_rng(0)
    t = np.arange(60)
    return {
        "a": 10 + np.sin(2 * np.pi * t / 4) + rng.normal(0, 0.3, 60),
        "b": 5000 + 800 * np.sin(2 * np.pi * t / 4 + 1) + rng.normal(0, 200, 60),
    }


def _spread(values, season):
    return window_spread(np.asarray(values)[np.newaxis], season_length=season)[0]


def test_each_series_is_divided_by_its_mean_absolute_change_over_a_season():
    panel = _panel()
    scaler = SeriesScaler(4).fit(panel)
    scaled = scaler.transform(panel)
    for key, values in panel.items():
        assert_allclose(scaler.scales_[key], [_spread(values, 4)])
        assert_allclose(scaled[key], values / _spread(values, 4))
        assert _spread(scaled[key], 4) == pytest.approx(1.0)
    # the forecasts of the scaled series, back in each series' units
    back = scaler.inverse_transform({k: v[-3:] for k, v in scaled.items()})
    for key, values in panel.items():
        assert_allclose(back[key], values[-3:])


def test_a_series_in_other_units_gives_the_same_scaled_panel():
    panel = _panel()
    bigger = {**panel, "b": 1000 * panel["b"]}
    scaled = SeriesScaler(4).fit(panel).transform(panel)
    scaled_bigger = SeriesScaler(4).fit(bigger).transform(bigger)
    for key in panel:
        assert_allclose(scaled_bigger[key], scaled[key])


def _long(panel, levels):
    """The panel as a pandas Series indexed by ``levels`` ids and time."""
    return pd.concat(
        {
            (*levels, k): pd.Series(v, index=pd.RangeIndex(len(v)))
            for k, v in panel.items()
        }
    )


@pytest.mark.parametrize("layout", ["list", "one level", "two levels", "one series"])
def test_every_layout_of_a_panel_keeps_its_layout_and_ids(layout):
    panel = _panel()
    data = {
        "list": list(panel.values()),
        "one level": _long(panel, ()),
        "two levels": _long(panel, ("north",)),
        "one series": pd.Series(panel["b"]),
    }[layout]
    scaler = SeriesScaler(4).fit(data)
    scaled = scaler.transform(data)
    assert type(scaled) is type(data)
    if layout == "list":
        expected = [v / _spread(v, 4) for v in panel.values()]
        for got, want in zip(scaled, expected, strict=True):
            assert_allclose(got, want)
        for got, want in zip(
            scaler.inverse_transform(scaled), panel.values(), strict=True
        ):
            assert_allclose(got, want)
        return
    if layout == "one series":
        expected = data / _spread(data, 4)
    else:
        ids = list(range(data.index.nlevels - 1))
        expected = data.groupby(level=ids).transform(lambda s: s / _spread(s, 4))
    pd.testing.assert_series_equal(scaled, expected)
    pd.testing.assert_series_equal(scaler.inverse_transform(scaled), data)


def test_several_channels_each_in_its_own_scale_and_forecasts_in_the_targets():
    panel = _panel()
    frames = {
        k: pd.DataFrame({"sales": v, "price": 3 + np.arange(60.0) % 5})
        for k, v in panel.items()
    }
    scaler = SeriesScaler(4, target="sales").fit(frames)
    scaled = scaler.transform(frames)
    price_scale = _spread(frames["a"]["price"], 4)
    assert_allclose(scaled["a"]["price"], frames["a"]["price"] / price_scale)
    # a forecast of the target (a column per quantile level) by its scale
    levels = pd.DataFrame({0.1: [1.0, 2.0], 0.9: [3.0, 4.0]})
    back = scaler.inverse_transform({"a": levels, "b": levels})
    assert_allclose(back["b"], levels * _spread(panel["b"], 4))


@pytest.mark.parametrize("log", [False, True])
@pytest.mark.parametrize("layout", ["dict", "long", "one series"])
def test_inverse_transform_undoes_transform_channel_by_channel(layout, log):
    # the scaled table itself, given back, had every column multiplied by
    # the target's scale: the price came back many times off, silently
    panel = {k: np.abs(v) + 1 for k, v in _panel().items()}
    frames = {
        k: pd.DataFrame({"sales": v, "price": 3 + np.arange(60.0) % 5})
        for k, v in panel.items()
    }
    data = {
        "dict": frames,
        "long": pd.concat(frames, names=["id", "t"]),
        "one series": frames["b"],
    }[layout]
    scaler = SeriesScaler(4, target="sales", log=log).fit(data)
    back = scaler.inverse_transform(scaler.transform(data))
    if layout == "dict":
        for key in frames:
            pd.testing.assert_frame_equal(back[key], frames[key])
    else:
        pd.testing.assert_frame_equal(back, data)


def test_inverse_transform_takes_a_channel_by_its_name_and_levels_as_the_target():
    frame = pd.DataFrame({"sales": [1.0, 3, 1, 3, 1], "price": [0.0, 100, 0, 100, 0]})
    scaler = SeriesScaler(target="sales").fit(frame)
    assert_allclose(scaler.scales_[0], [2.0, 100.0])
    back = scaler.inverse_transform(pd.DataFrame({"price": [1.0]}))
    assert_allclose(back["price"], [100.0])
    assert_allclose(scaler.inverse_transform(pd.Series([1.0], name="price")), [100.0])
    # forecasts of the target: a column per level, or a Series of any name
    levels = pd.DataFrame({0.1: [1.0], 0.9: [3.0]})
    assert_allclose(scaler.inverse_transform(levels), [[2.0, 6.0]])
    assert_allclose(scaler.inverse_transform(pd.Series([1.0], name="sales")), [2.0])
    # an array of levels, not as wide as the channels
    levels = np.array([[1.0, 3.0, 5.0]])
    assert_allclose(scaler.inverse_transform(levels), [[2.0, 6.0, 10.0]])


@pytest.mark.parametrize("layout", ["array", "dict", "list"])
def test_an_array_as_wide_as_the_channels_is_refused_not_read_as_levels(layout):
    # the output of transform, an array, was read as quantile levels of the
    # target: every column came back multiplied by the target's scale
    values = np.c_[[1.0, 2, 4, 3, 5, 6], [10.0, 30, 20, 40, 10, 30]]
    data = {"array": values, "dict": {"s": values}, "list": [values, values]}[layout]
    scaler = SeriesScaler(target=0).fit(data)
    where = {"array": "`forecasts`", "dict": "Series 's'", "list": "Series 0"}
    match = rf"{where[layout]} has 2 unnamed columns, as many as the channels"
    with pytest.raises(ValueError, match=rf"{match}.*columns=levels"):
        scaler.inverse_transform(scaler.transform(data))
    # the target alone, or levels named by a DataFrame, take its scale
    scale = scaler.scales_[next(iter(scaler.scales_))][0]
    target = {"array": values[:, 0], "dict": {"s": values[:, 0]}}
    target["list"] = [values[:, 0], values[:, 0]]
    back = scaler.inverse_transform(target[layout])
    first = back if layout == "array" else back["s" if layout == "dict" else 0]
    assert_allclose(first, values[:, 0] * scale)
    if layout == "array":
        levels = pd.DataFrame(values, columns=[0.1, 0.9])
        assert_allclose(scaler.inverse_transform(levels), values * scale)


@pytest.mark.parametrize("layout", ["array", "dict", "list", "long"])
def test_a_frame_labelled_by_position_is_read_as_the_array_it_holds(layout):
    # pd.DataFrame(array) labels its columns 0, 1: fitted on arrays, such a
    # frame of the scaled channels was read as two quantile levels of the
    # target, where the array itself is refused, and came back with the
    # second channel multiplied by the target's scale, silently
    values = np.c_[[1.0, 2, 4, 3, 5, 6], [10.0, 30, 20, 40, 10, 30]]
    frame = pd.DataFrame(values)
    arrays, data = {
        "array": (values, frame),
        "dict": ({"s": values}, {"s": frame}),
        "list": ([values, values], [frame, frame]),
        "long": ({"s": values}, pd.concat({"s": frame}, names=["id", "t"])),
    }[layout]

    def first(panel):  # the first series, in any layout
        if layout in ("dict", "list"):
            return panel["s" if layout == "dict" else 0]
        return panel.loc["s"] if layout == "long" else panel

    scaler = SeriesScaler(target=0).fit(arrays)
    scaled = scaler.transform(data)  # as the array is: channel by channel
    scales = scaler.scales_["s" if layout in ("dict", "long") else 0]
    assert_allclose(first(scaled), values / scales)
    where = {"array": "`forecasts`", "list": "Series 0"}.get(layout, "Series 's'")
    match = rf"{where} has 2 columns labelled by position, \[0, 1\], as many as"
    with pytest.raises(ValueError, match=rf"{match}.*columns=levels"):
        scaler.inverse_transform(scaled)
    # fitted on such frames, their labels name the channels: each its own scale
    scaler = SeriesScaler(target=0).fit(data)
    pd.testing.assert_frame_equal(
        first(scaler.inverse_transform(scaler.transform(data))), first(data)
    )


def test_the_channels_must_be_those_of_fit_in_their_order():
    # the scales apply by position: other columns would take another's scale
    frame = pd.DataFrame({"x": [0.0, 100, 200, 300], "y": [0.0, 1, 2, 3]})
    scaler = SeriesScaler(target="y").fit(frame)
    with pytest.raises(ValueError, match=r"has \['y', 'x'\].*fitted on \['x', 'y'\]"):
        scaler.transform(frame[["y", "x"]])
    with pytest.raises(ValueError, match="has 1 channel, but.*fitted on"):
        scaler.transform(frame["y"])
    with pytest.raises(ValueError, match="has 1 channel, but.*2 channels"):
        SeriesScaler(target=1).fit(frame.to_numpy()).transform(frame["y"].to_numpy())
    assert_allclose(scaler.transform(frame), frame / [100.0, 1.0])


def test_rows_without_a_series_id_are_refused():
    # a missing id was dropped at fit and given another series' scale after
    index = pd.MultiIndex.from_arrays([["a"] * 4 + [None] * 4, list(range(4)) * 2])
    long = pd.Series([2.0, 4, 6, 8, 10, 50, 90, 130], index=index)
    with pytest.raises(ValueError, match="rows without a series id"):
        SeriesScaler().fit(long)
    with pytest.raises(ValueError, match="rows without a series id"):
        SeriesScaler().fit(long.loc[["a"]]).transform(long)
    with pytest.raises(ValueError, match="rows without a series id"):
        make_supervised(long, history=2)
    # with ids of several levels, a missing part of one
    rows = [("a", "x", i) for i in range(6)] + [("a", np.nan, i) for i in range(6)]
    nested = pd.Series(np.arange(12.0) + 1, index=pd.MultiIndex.from_tuples(rows))
    with pytest.raises(ValueError, match="rows without a series id"):
        make_supervised(nested, history=2)


def test_a_global_networks_quantile_forecasts_come_back_in_each_series_units():
    panel = _panel()
    scaler = SeriesScaler(4).fit(panel)
    scaled = scaler.transform(panel)
    X, y = make_supervised(scaled, history=8, horizon=2)
    model = LSTMRegressor(
        4,
        window_norm="seasonal",
        season_length=4,
        quantiles=(0.1, 0.5, 0.9),
        epochs=2,
        random_state=0,
    ).fit(X, y)
    fans = scaler.inverse_transform(
        recursive_forecast(model, scaled, 2, quantiles=True)
    )
    raw = recursive_forecast(model, scaled, 2, quantiles=True)
    assert_allclose(fans["b"], raw["b"] * _spread(panel["b"], 4))
    assert (np.diff(np.asarray(fans["b"]), axis=1) >= 0).all()


def test_errors_name_the_series():
    panel = _panel()
    with pytest.raises(NotFittedError):
        SeriesScaler().transform(panel)
    with pytest.raises(ValueError, match="Series 'short' has 3 values"):
        SeriesScaler(4).fit({**panel, "short": np.ones(3)})
    with pytest.raises(ValueError, match="'c' was not seen at fit"):
        SeriesScaler(4).fit(panel).transform({"c": panel["a"]})
    flat = SeriesScaler(4).fit({"flat": np.ones(10)})
    assert_allclose(flat.scales_["flat"], [1.0])
    assert clone(SeriesScaler(12)).season_length == 12


def test_a_fit_that_fails_leaves_the_scaler_unfitted():
    # it left scales_ = {} behind: transform then said "Series 0 was not
    # seen at fit; the scaler knows []"
    scaler = SeriesScaler()
    with pytest.raises(ValueError, match="has 1 values"):
        scaler.fit(np.array([1.0]))
    with pytest.raises(NotFittedError):
        scaler.transform(np.arange(5.0))


def test_one_series_and_a_panel_do_not_take_each_others_scales():
    # one series and a list's first series are both keyed 0: one series
    # forecast alone took the scale of the list's first series, silently
    panel = _panel()
    listed = SeriesScaler(4).fit(list(panel.values()))
    with pytest.raises(ValueError, match="fitted on a panel.*one series"):
        listed.inverse_transform(panel["b"][-3:])
    with pytest.raises(ValueError, match="fitted on a panel.*one series"):
        listed.transform(panel["b"])
    single = SeriesScaler(4).fit(panel["a"])
    with pytest.raises(ValueError, match="fitted on one series.*a panel"):
        single.transform([panel["a"]])
    back = listed.inverse_transform([np.ones(2), np.ones(2)])
    assert_allclose(back[1], np.full(2, _spread(panel["b"], 4)))
    assert_allclose(single.inverse_transform(np.ones(2)), _spread(panel["a"], 4))


def test_a_list_for_a_panel_named_by_key_is_refused():
    # a list's series are its positions 0, 1, ...: read as the keys of a dict
    # keyed 1, 0, each series took the other's scale, silently
    a, b = _panel().values()
    keyed = SeriesScaler(4).fit({1: a, 0: b})
    for method in (keyed.transform, keyed.inverse_transform):
        with pytest.raises(ValueError, match=r"list.*by position.*\[1, 0\].*dict"):
            method([a, b])
    frame = pd.concat({"a": pd.Series(a), "b": pd.Series(b)}, names=["series", "time"])
    with pytest.raises(ValueError, match=r"by position.*\['a', 'b'\]"):
        SeriesScaler(4).fit(frame).transform([a, b])
    # a dict by key, and a list for a list, as before
    assert_allclose(keyed.transform({1: a})[1], a / _spread(a, 4))
    listed = SeriesScaler(4).fit((a, b))
    assert_allclose(listed.transform([a, b])[1], b / _spread(b, 4))
    assert_allclose(listed.transform({1: b})[1], b / _spread(b, 4))


def test_log_scales_each_series_log_and_maps_forecasts_back_with_exp():
    panel = {k: np.abs(v) + 1 for k, v in _panel().items()}
    scaler = SeriesScaler(4, log=True).fit(panel)
    scaled = scaler.transform(panel)
    for key, values in panel.items():
        # the scale is the log series' own: its mean absolute change
        assert_allclose(scaler.scales_[key], [_spread(np.log(values), 4)])
        assert_allclose(scaled[key], np.log(values) / _spread(np.log(values), 4))
    # the same as logging first and scaling the logs
    logged = {k: np.log(v) for k, v in panel.items()}
    assert_allclose(SeriesScaler(4).fit(logged).transform(logged)["b"], scaled["b"])
    back = scaler.inverse_transform({k: v[-3:] for k, v in scaled.items()})
    for key, values in panel.items():
        assert_allclose(back[key], values[-3:])
    # quantiles stay in order and map level by level (exp is increasing)
    levels = pd.DataFrame({0.1: [0.5, 1.0], 0.5: [1.0, 1.5], 0.9: [2.0, 2.5]})
    fan = scaler.inverse_transform({"a": levels, "b": levels})["b"]
    assert_allclose(fan, np.exp(levels * _spread(np.log(panel["b"]), 4)))
    assert (np.diff(fan.to_numpy(), axis=1) > 0).all()


def test_log_in_every_layout_and_with_several_channels():
    panel = {k: np.abs(v) + 1 for k, v in _panel().items()}
    long = _long(panel, ())
    scaled = SeriesScaler(4, log=True).fit(long).transform(long)
    expected = SeriesScaler(4, log=True).fit(panel).transform(panel)
    assert_allclose(scaled.xs("b", level=0).to_numpy(), expected["b"])
    frames = {
        k: pd.DataFrame({"sales": v, "price": 3 + np.arange(60.0) % 5})
        for k, v in panel.items()
    }
    scaler = SeriesScaler(4, target="sales", log=True).fit(frames)
    out = scaler.transform(frames)["a"]
    assert_allclose(out["price"], np.log(frames["a"]["price"]) / scaler.scales_["a"][1])
    assert_allclose(
        scaler.inverse_transform({"a": out["sales"]})["a"], frames["a"]["sales"]
    )


def test_log_refuses_a_value_that_is_not_positive_by_series():
    panel = _panel()
    panel["b"] = panel["b"] - 5000  # negative values
    with pytest.raises(ValueError, match=r"log=True.*series 'b'"):
        SeriesScaler(4, log=True).fit(panel)
    fitted = SeriesScaler(4, log=True).fit({"a": panel["a"]})
    with pytest.raises(ValueError, match=r"log=True.*series 'a'"):
        fitted.transform({"a": -panel["a"]})
    with pytest.raises(TypeError, match="`log` must be True or False"):
        SeriesScaler(4, log="yes").fit({"a": panel["a"]})


@pytest.mark.parametrize("log", [False, True])
def test_a_missing_value_is_passed_through_with_or_without_log(log):
    # with log, a gap was refused as a value "not positive", naming the least
    # value of the series, which was positive
    panel = {k: np.abs(v) + 1 for k, v in _panel().items()}
    gappy = panel["a"].copy()
    gappy[5] = np.nan
    scaled = SeriesScaler(4, log=log).fit(panel).transform({"a": gappy})["a"]
    assert np.isnan(scaled[5]) and np.isfinite(np.delete(scaled, 5)).all()
    gappy[6] = 0.0
    if log:
        with pytest.raises(ValueError, match=r"not positive \(the least: 0.0\)"):
            SeriesScaler(4, log=log).fit(panel).transform({"a": gappy})


@pytest.mark.parametrize("log", [False, True])
def test_nullable_columns_scale_as_their_floats_a_missing_value_missing(log):
    # with log, a table of several channels one of which was Int64 or
    # Float64 failed in np.log (an object array), and pd.NA in _positive
    index = pd.date_range("2024-01-01", periods=8, freq="D")
    table = pd.DataFrame(
        {"sales": [1, 2, 4, 3, 5, 6, 8, 7], "price": [2.0, 3, 3, 4, 5, 5, 6, 7]},
        index=index,
    )
    floats = table.astype(float)
    scaler = SeriesScaler(log=log, target="sales").fit(floats)
    for dtype in ("Int64", "Float64"):
        nullable = table.astype({"sales": dtype})
        assert_allclose(scaler.transform(nullable), scaler.transform(floats))
        future = nullable.assign(sales=nullable["sales"].mask(index == index[-1]))
        scaled = scaler.transform(future)
        assert np.isnan(scaled["sales"].iloc[-1])
        assert_allclose(scaled.iloc[:-1], scaler.transform(floats).iloc[:-1])
        back = scaler.inverse_transform(scaler.transform(nullable))
        assert_allclose(back.to_numpy(dtype=float), floats)


@pytest.mark.parametrize("log", [False, True])
@pytest.mark.parametrize("missing", [pd.NA, None])
def test_a_missing_value_held_as_an_object_stays_missing(log, missing):
    # numbers held as objects come out in floats, but a pd.NA among them
    # failed in numpy's words ("float() argument must be ... not 'NAType'"),
    # where a nullable column's comes out as NaN
    values = np.arange(1.0, 30.0)
    scaler = SeriesScaler(log=log).fit(pd.Series(values))
    gappy = values.astype(object)
    gappy[5] = missing
    for given in (gappy, pd.Series(gappy)):
        scaled = np.asarray(scaler.transform(given), dtype=float)
        assert np.isnan(scaled[5])
        assert_allclose(np.delete(scaled, 5), np.delete(scaler.transform(values), 5))
        back = np.asarray(scaler.inverse_transform(given), dtype=float)
        assert np.isnan(back[5]) and np.isfinite(np.delete(back, 5)).all()


@pytest.mark.parametrize("log", [False, True])
def test_fit_transform_is_fit_then_transform(log):
    panel = _panel()
    scaler = SeriesScaler(4, log=log)
    scaled = scaler.fit_transform(panel)
    expected = SeriesScaler(4, log=log).fit(panel).transform(panel)
    assert scaled.keys() == expected.keys()
    for key in panel:
        assert_allclose(scaled[key], expected[key])
    assert_allclose(
        scaler.scales_["b"], SeriesScaler(4, log=log).fit(panel).scales_["b"]
    )


def _float32(data):
    if isinstance(data, dict):
        return {key: _float32(part) for key, part in data.items()}
    if isinstance(data, list):
        return [_float32(part) for part in data]
    return data.astype(np.float32)


def _dtypes(data):
    parts = data.values() if isinstance(data, dict) else data
    parts = parts if isinstance(data, dict | list) else [data]
    return {
        dtype
        for part in parts
        for dtype in (part.dtypes if isinstance(part, pd.DataFrame) else [part.dtype])
    }


@pytest.mark.parametrize("log", [False, True])
@pytest.mark.parametrize(
    "layout", ["array", "dict", "list", "two levels", "frames", "long frame"]
)
def test_float32_stays_float32_in_every_layout(layout, log):
    # a fit on float64 turned float32 arrays (and tables scaled column by
    # column) into float64, while a float32 pandas Series stayed float32;
    # scikit-learn's scalers keep the float32 they are given
    panel = _panel()
    frames = {
        k: pd.DataFrame({"sales": v, "price": 3 + np.arange(60.0) % 5})
        for k, v in panel.items()
    }
    data = {
        "array": panel["b"],
        "dict": panel,
        "list": list(panel.values()),
        "two levels": _long(panel, ("north",)),
        "frames": frames,
        "long frame": pd.concat(frames),
    }[layout]
    target = "sales" if "frame" in layout else None
    scaler = SeriesScaler(4, target=target, log=log).fit(data)
    scaled = scaler.transform(_float32(data))
    assert _dtypes(scaled) == {np.dtype(np.float32)}
    expected = scaler.transform(data)
    assert _dtypes(expected) == {np.dtype(np.float64)}
    forecasts = scaled  # of the target alone
    if layout == "frames":
        forecasts = {key: part["sales"] for key, part in scaled.items()}
    elif layout == "long frame":
        forecasts = scaled["sales"]
    back = scaler.inverse_transform(forecasts)
    assert _dtypes(back) == {np.dtype(np.float32)}
    if layout == "array":
        assert_allclose(scaled, expected, rtol=1e-5)
        assert_allclose(back, data, rtol=1e-5)


def test_small_integers_and_sparse_values_scale_as_their_floats():
    # the log of int8 was numpy's float16 (0.03 off the float64 scaled
    # values), and sparse values, which fit took, were refused by transform
    counts = np.array([50, 52, 51, 55, 53, 58, 56, 60], dtype=np.int8)
    floats = counts.astype(float)
    scaler = SeriesScaler(season_length=2, log=True).fit(counts)
    assert_allclose(scaler.transform(counts), scaler.transform(floats), rtol=1e-12)
    sparse = pd.Series(pd.arrays.SparseArray(floats))
    plain = SeriesScaler(season_length=2).fit(floats).transform(floats)
    scaled = SeriesScaler(season_length=2).fit(sparse).transform(sparse)
    assert_allclose(np.asarray(scaled, dtype=float), plain)


def test_a_constant_is_told_by_its_rounding_and_a_small_change_is_scaled():
    # an absolute bound on the scale left a series in small units (its steps
    # of 1e-21) unscaled, and divided a constant by the rounding error of its
    # values (1e6 give or take an ulp) into values of order 1e16
    panel = _panel()
    ulps = np.round(np.random.default_rng(0).normal(size=60)) * np.spacing(1e6)
    tiny = {**panel, "b": 1e-20 * panel["b"], "c": 1e6 + ulps}
    scaler = SeriesScaler(4).fit(tiny)
    scaled = scaler.transform(tiny)
    reference = SeriesScaler(4).fit(panel).transform(panel)
    assert_allclose(scaled["b"], reference["b"])
    assert scaler.scales_["c"] == [1.0]  # as an exact constant's
    assert_allclose(scaled["c"], tiny["c"])


def test_errors_name_a_series_by_its_key_as_given():
    # the message starts with the series' name: its key keeps its case
    short = {"ABC": pd.Series(np.arange(3.0)), "b": pd.Series(np.arange(30.0))}
    with pytest.raises(ValueError, match=r"^Series 'ABC' has 3 values"):
        SeriesScaler(season_length=4).fit(short)
    scaler = SeriesScaler().fit({"ABC": pd.DataFrame({"x": np.arange(9.0)})})
    wrong = {"ABC": pd.DataFrame({"x": np.arange(9.0), "z": np.arange(9.0)})}
    with pytest.raises(ValueError, match=r"^Series 'ABC' has \['x', 'z'\]"):
        scaler.transform(wrong)


def test_text_is_refused_in_its_own_words_at_transform_and_back():
    # numpy refused it in its words ("Cannot interpret StringDtype as a data
    # type", a ufunc's loop), text of numbers alike
    scaler = SeriesScaler().fit(pd.Series(np.arange(1.0, 30.0)))
    for text in (
        pd.Series(["a"] * 29),
        np.array(["1"] * 29),
        pd.Series(np.arange(29.0)).astype(str),
    ):
        with pytest.raises(TypeError, match=r"^`data` must hold numbers, got"):
            scaler.transform(text)
        with pytest.raises(TypeError, match=r"^`forecasts` must hold numbers"):
            scaler.inverse_transform(text)
    # numbers held as objects come out in floats, as the docstring says
    for objects in (
        pd.Series(np.arange(29.0), dtype=object),
        np.arange(29.0, dtype=object),
    ):
        scaled = scaler.transform(objects)
        assert scaled.dtype == np.float64
        assert_allclose(scaler.inverse_transform(scaled), np.arange(29.0))
    panel = SeriesScaler().fit({"a": np.arange(30.0), "b": np.arange(30.0)})
    with pytest.raises(TypeError, match=r"^`series 'b'` must hold numbers"):
        panel.transform({"a": np.arange(30.0), "b": np.array(["x"] * 30)})
