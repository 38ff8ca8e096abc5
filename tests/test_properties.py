"""Property-based tests of the data model, over random shapes.

For any series length, channel count, window and horizon: every row's window
ends at its own time step, its target is the next ``horizon`` values of the
target channel, nothing is copied, and scaling round-trips.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from skltsm import SequenceScaler, SlidingWindow, make_supervised


@st.composite
def problems(draw):
    window = draw(st.integers(1, 16))
    horizon = draw(st.integers(1, 5))
    n_steps = draw(st.integers(window + horizon, window + horizon + 60))
    n_channels = draw(st.integers(1, 4))
    target = draw(st.integers(0, n_channels - 1))
    seed = draw(st.integers(0, 2**16))
    series = np.random.default_rng(seed).normal(size=(n_steps, n_channels))
    return series, window, horizon, target


@settings(max_examples=60, deadline=None)
@given(problems())
def test_rows_end_at_their_time_and_targets_follow(problem):
    series, window, horizon, target = problem
    X, y = make_supervised(series, history=window, horizon=horizon, target=target)
    n_samples = len(series) - window - horizon + 1
    assert X.shape == (n_samples, window, series.shape[1])
    assert y.shape == ((n_samples,) if horizon == 1 else (n_samples, horizon))
    t = np.arange(n_samples) + window - 1  # the time step each row ends at
    assert_array_equal(X[:, -1], series[t])
    assert_array_equal(X[:, 0], series[t - window + 1])
    future = series[t[:, None] + np.arange(1, horizon + 1), target]
    assert_array_equal(y.reshape(n_samples, horizon), future)
    # views of the series, never copies, and read-only
    assert np.shares_memory(X, series) and np.shares_memory(y, series)
    assert not X.flags.writeable and not y.flags.writeable


@settings(max_examples=40, deadline=None)
@given(problems(), st.data())
def test_crop_and_flatten_keep_the_latest_steps(problem, data):
    series, window, horizon, target = problem
    X, _ = make_supervised(series, history=window, horizon=horizon, target=target)
    crop = data.draw(st.integers(1, window))
    cropped = SlidingWindow(crop).fit_transform(X)
    assert_array_equal(cropped, X[:, -crop:])
    assert np.shares_memory(cropped, series)
    lags = SlidingWindow(crop, flatten=True).fit_transform(X)
    # time-major: all channels at t-crop+1, ..., all channels at t
    assert_array_equal(lags, X[:, -crop:].reshape(len(X), -1))
    latest = series[window - 1 : window - 1 + len(X)]
    assert_array_equal(lags[:, -series.shape[1] :], latest)


@pytest.mark.parametrize("method", ["standard", "minmax", "robust"])
@settings(max_examples=25, deadline=None)
@given(problem=problems())
def test_scaler_round_trips(method, problem):
    series, window, horizon, target = problem
    X, _ = make_supervised(series, history=window, horizon=horizon, target=target)
    scaler = SequenceScaler(method).fit(X)
    assert_allclose(scaler.inverse_transform(scaler.transform(X)), X, atol=1e-9)
