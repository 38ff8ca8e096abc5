import warnings

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from sklearn.model_selection import TimeSeriesSplit
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MinMaxScaler, RobustScaler, StandardScaler

from skltsm import SequenceScaler, SlidingWindow, make_supervised
from skltsm.scaling import TargetScaler


@pytest.fixture
def windows():
    rng = np.random.default_rng(0)
    series = np.column_stack([rng.normal(5, 2, 300), rng.normal(-100, 30, 300)])
    return make_supervised(series, history=10, target=0)[0]


@pytest.mark.parametrize("method", ["standard", "minmax", "robust"])
def test_statistics_are_per_channel(windows, method):
    scaler = SequenceScaler(method=method).fit(windows)
    values = windows.reshape(-1, 2)
    Xt = scaler.transform(windows)
    assert Xt.shape == windows.shape
    flat = Xt.reshape(-1, 2)
    if method == "standard":
        assert_allclose(scaler.center_, values.mean(axis=0))
        assert_allclose(flat.mean(axis=0), 0, atol=1e-12)
        assert_allclose(flat.std(axis=0), 1)
    elif method == "minmax":
        assert_allclose(flat.min(axis=0), 0, atol=1e-12)
        assert_allclose(flat.max(axis=0), 1)
    else:
        assert_allclose(np.median(flat, axis=0), 0, atol=1e-12)
        q1, q3 = np.percentile(flat, [25, 75], axis=0)
        assert_allclose(q3 - q1, 1)
    assert_allclose(scaler.inverse_transform(Xt), windows)


def test_feature_range():
    X = np.arange(12.0).reshape(3, 4)
    Xt = SequenceScaler(method="minmax", feature_range=(-1, 1)).fit_transform(X)
    assert Xt.min() == -1 and Xt.max() == 1


def test_2d_windows_share_one_scale():
    # each column is a lag of one variable: one center and scale for all of them
    X = np.arange(20.0).reshape(5, 4)
    scaler = SequenceScaler().fit(X)
    assert scaler.center_.shape == (1,)
    assert_allclose(scaler.center_, X.mean())
    Xt = scaler.transform(X)
    assert_allclose(np.diff(Xt, axis=1), 1 / X.std())


def test_constant_channel_is_not_divided_by_zero():
    X = np.ones((4, 3, 1))
    for method in ["standard", "minmax", "robust"]:
        scaler = SequenceScaler(method=method).fit(X)
        assert scaler.scale_[0] == 1
        assert np.isfinite(scaler.transform(X)).all()


def test_statistics_come_from_training_rows_only():
    series = np.concatenate([np.zeros(100), 1000 + np.zeros(100)])
    X, _ = make_supervised(series + np.arange(200) % 3, history=5)
    train, test = next(iter(TimeSeriesSplit(n_splits=2).split(X)))
    pipe = make_pipeline(SequenceScaler(), SlidingWindow(3)).fit(X[train])
    scaler = pipe[0]
    assert scaler.center_[0] < 10  # the jump to 1000 lies in the test rows
    assert pipe.transform(X[test]).mean() > 100


def test_pandas_output_for_2d(windows):
    lags = pd.DataFrame(windows[:, :, 0], columns=[f"t-{k}" for k in range(9, -1, -1)])
    out = SequenceScaler().set_output(transform="pandas").fit_transform(lags)
    assert isinstance(out, pd.DataFrame) and list(out.columns) == list(lags.columns)
    # 3-D output is never a DataFrame
    assert isinstance(
        SequenceScaler().set_output(transform="pandas").fit_transform(windows),
        np.ndarray,
    )


def test_a_pipeline_of_windows_names_what_the_window_before_names(windows):
    # cropped windows of two channels carry a name per step and channel; the
    # scaler keeps them, so the pipeline names the lags it outputs (its
    # get_feature_names_out raised: 20 names for windows of 10 steps)
    steps = make_pipeline(
        SlidingWindow(3), SequenceScaler(), SlidingWindow(2, flatten=True)
    )
    out = steps.set_output(transform="pandas").fit_transform(windows)
    expected = ["x0_t-1", "x1_t-1", "x0_t", "x1_t"]
    assert list(out.columns) == expected
    assert list(steps.get_feature_names_out()) == expected
    assert list(steps[:2].get_feature_names_out()) == list(
        steps[0].get_feature_names_out()
    )
    # the scaler's own names of unnamed windows: one per step, as before
    assert len(SequenceScaler().fit(windows).get_feature_names_out()) == 10
    with pytest.raises(ValueError, match="input_features should have length"):
        SequenceScaler().fit(windows).get_feature_names_out(["a", "b"])


def test_pandas_output_goes_back_without_a_warning_about_its_names(windows):
    # fitted on an array, the scaler names its output columns; undoing it, as
    # scikit-learn's scalers, reads them as values, not as names to match
    lags = windows[:, :, 0]
    scaler = SequenceScaler().set_output(transform="pandas").fit(lags)
    out = scaler.transform(lags)
    assert isinstance(out, pd.DataFrame)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        back = scaler.inverse_transform(out)
    assert_allclose(back, lags)


@pytest.mark.parametrize("as_frame", [True, False])
def test_going_back_after_a_fit_on_named_columns_does_not_warn(windows, as_frame):
    # fitted on a DataFrame, undoing the scaling of its own pandas output (or
    # of an array, forecasts in scaled units) reads values, as StandardScaler's
    # inverse_transform does: no warning that X lacks the names seen at fit
    lags = pd.DataFrame(windows[:, :, 0], columns=[f"t-{k}" for k in range(9, -1, -1)])
    scaler = SequenceScaler().set_output(transform="pandas").fit(lags)
    out = scaler.transform(lags)
    scaled = out if as_frame else out.to_numpy()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        back = scaler.inverse_transform(scaled)
    assert_allclose(back, lags)


@pytest.mark.parametrize(
    ("params", "match"),
    [
        ({"method": "zscore"}, "'method' parameter"),
        ({"method": "minmax", "feature_range": (1, 0)}, "must be increasing"),
        ({"method": "robust", "quantile_range": (25.0, 175.0)}, "q_max <= 100"),
        # a range that is not finite scaled to NaN, or by 1 (no range at all)
        ({"method": "minmax", "feature_range": (0, np.nan)}, "finite numbers"),
        ({"method": "minmax", "feature_range": (0, np.inf)}, "finite numbers"),
    ],
)
def test_bad_parameters(params, match):
    with pytest.raises(ValueError, match=match):
        SequenceScaler(**params).fit(np.zeros((3, 4)))


def test_bad_input():
    scaler = SequenceScaler()
    with pytest.raises(ValueError, match="NaN"):
        scaler.fit(np.array([[1.0, np.nan], [2.0, 3.0]]))
    scaler.fit(np.zeros((4, 5, 2)))
    with pytest.raises(ValueError, match="3 channels.*2 channels"):
        scaler.transform(np.zeros((4, 5, 3)))


@pytest.mark.parametrize("method", ["standard", "minmax", "robust"])
@pytest.mark.parametrize("crop", [None, 3])
def test_windows_of_a_series_are_scaled_as_a_view(method, crop):
    # the statistics of a view are those of its windows, computed from the
    # series; the scaled windows view a scaled copy of the series
    series = np.random.default_rng(0).normal(size=(500, 2)) * [1, 10] + [0, 5]
    X, _ = make_supervised(series, history=7, target=0)
    X = X if crop is None else X[:, -crop:]
    scaler = SequenceScaler(method=method, quantile_range=(10.0, 33.3)).fit(X)
    dense = SequenceScaler(method=method, quantile_range=(10.0, 33.3))
    dense.fit(np.array(X))
    assert_allclose(scaler.center_, dense.center_)
    assert_allclose(scaler.scale_, dense.scale_)
    Xt = scaler.transform(X)
    assert_allclose(Xt, dense.transform(np.array(X)))
    owner = Xt
    while owner.base is not None:
        owner = owner.base
    assert owner.nbytes <= series.nbytes  # the scaled series, not n × window
    assert_allclose(scaler.inverse_transform(Xt), X)


@pytest.mark.parametrize("view", [True, False])
def test_constant_channel_is_not_scaled_by_its_rounding_error(view):
    # the mean of a constant that is no binary fraction is off by an ulp, and
    # so is its standard deviation: dividing by it turned the channel into
    # noise of order one instead of the zeros of StandardScaler
    series = np.column_stack([np.arange(200.0), np.full(200, 1234.5678)])
    X, _ = make_supervised(series, history=7, target=0)
    X = X if view else np.array(X)
    scaler = SequenceScaler().fit(X)
    assert scaler.scale_[1] == 1
    assert_allclose(scaler.transform(X)[:, :, 1], 0, atol=1e-9)


@pytest.mark.parametrize("view", [True, False])
def test_standard_scale_tells_a_constant_as_standard_scaler_does(view):
    # a tiny spread that is real (a strain of order 1e-21) is standardised, and
    # one at the rounding of the values (1e6 give or take an ulp) is taken as
    # constant: an absolute threshold left the first unscaled and blew the
    # second up to noise of order one, where StandardScaler does neither
    rng = np.random.default_rng(0)
    ulps = np.round(rng.normal(size=200)) * np.spacing(1e6)
    series = np.column_stack(
        [np.arange(200.0), 1e-21 * rng.normal(size=200), 1e6 + ulps]
    )
    X, _ = make_supervised(series, history=7, target=0)
    X = X if view else np.array(X)
    steps = np.array(X).reshape(-1, 3)
    reference = StandardScaler().fit(steps)
    scaler = SequenceScaler().fit(X)
    assert_allclose(scaler.scale_, reference.scale_)
    assert_allclose(scaler.transform(X).reshape(-1, 3), reference.transform(steps))


@pytest.mark.parametrize(
    ("method", "reference"),
    [("standard", StandardScaler), ("minmax", MinMaxScaler), ("robust", RobustScaler)],
)
@pytest.mark.parametrize("view", [True, False])
def test_float32_stays_float32_after_a_fit_on_float64(method, reference, view):
    # the float64 statistics of a fit on float64 made float32 windows float64,
    # where scikit-learn's scalers keep the dtype of what they transform
    series = np.random.default_rng(0).normal(size=(100, 2)) * [1, 10] + [0, 5]
    X, _ = make_supervised(series, history=5, target=0)
    X32, _ = make_supervised(series.astype(np.float32), history=5, target=0)
    X, X32 = (X, X32) if view else (np.array(X), np.array(X32))
    scaler = SequenceScaler(method=method).fit(X)
    steps = np.array(X).reshape(-1, 2)
    ref = reference().fit(steps)
    for go in ("transform", "inverse_transform"):
        expected = getattr(ref, go)(steps.astype(np.float32))
        got = getattr(scaler, go)(X32)
        assert got.dtype == expected.dtype == np.float32
        assert_allclose(got.reshape(-1, 2), expected, rtol=1e-5, atol=1e-5)
        assert getattr(scaler, go)(X).dtype == np.float64


def test_targets_in_small_units_are_standardised_as_standard_scaler_does():
    # an absolute bound on the standard deviation left targets of order 1e-21
    # unscaled: the network trained on zeros and forecast their mean
    rng = np.random.default_rng(0)
    y = np.column_stack([1e-21 * rng.normal(size=50), 1e6 + np.zeros(50)])
    scaler = TargetScaler().fit(y)
    reference = StandardScaler().fit(y)
    assert_allclose(scaler.scale_, reference.scale_)
    assert_allclose(scaler.transform(y), reference.transform(y), atol=1e-6)
    assert_allclose(scaler.inverse_transform(scaler.transform(y)), y, rtol=1e-6)
