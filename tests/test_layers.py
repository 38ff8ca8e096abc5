"""The layers of the networks (``skltsm._layers``) and the quantile loss, in
Keras' own float type."""

import warnings

import keras
import numpy as np
import pytest
from numpy.testing import assert_allclose

from skltsm import LSTMRegressor, SeasonalNaiveRegressor, make_supervised
from skltsm._layers import TargetUnits, WindowNormalization
from skltsm._models import build_lstm
from skltsm._quantiles import PinballLoss


@pytest.fixture
def float64():
    """Keras' float type set to float64 for one test, then set back, with
    Keras' global state (a layer called under float64 leaves some: the
    networks built after it failed on TensorFlow). Keras fixes its dtype
    policy at the first layer made: the state is cleared before too, so that
    the layers follow the float type set here, as in a fresh process."""
    floatx = keras.config.floatx()
    keras.backend.clear_session()
    keras.config.set_floatx("float64")
    try:
        yield
    finally:
        keras.config.set_floatx(floatx)
        keras.backend.clear_session()


def _computes_in_float64():
    """Whether the backend keeps float64 tensors: JAX only with
    ``JAX_ENABLE_X64``."""
    if keras.backend.backend() != "jax":
        return True
    import jax

    return bool(jax.config.jax_enable_x64)


# a float64 policy cannot hold where the backend keeps no float64 tensor: the
# default run (TensorFlow) checks it, and a JAX run with JAX_ENABLE_X64
needs_float64 = pytest.mark.skipif(
    not _computes_in_float64(),
    reason="JAX computes in float32 unless JAX_ENABLE_X64 is set, whatever "
    "Keras' policy: there is no float64 network to check",
)


def test_the_layers_and_the_pinball_loss_compute_in_kerass_float_type(float64):
    # with ``keras.config.set_floatx("float64")`` the layers compute in
    # float64 (on TensorFlow; JAX keeps float32 unless told otherwise): their
    # constants must follow, where float32 ones failed to multiply
    x = np.random.default_rng(0).normal(size=(3, 9, 1))
    _, level, _ = WindowNormalization("seasonal", [1.0], season_length=2, horizon=5)(x)
    naive = SeasonalNaiveRegressor(2, drift=True).fit(x, np.zeros((3, 5)))
    level = keras.ops.convert_to_numpy(level)[:, :, 0]
    assert_allclose(level, naive.predict(x), rtol=1e-5, atol=1e-5)
    y_true = np.array([[[1.0, 2.0]]])  # (batch, 1, steps)
    y_pred = np.array([[[0.0, 3.0], [2.0, 2.0]]])  # 2 levels
    loss = PinballLoss((0.1, 0.9)).call(y_true, y_pred)
    assert_allclose(keras.ops.convert_to_numpy(loss), [[0.5, 0.05]], rtol=1e-6)
    # an exported quantile network's outputs, (batch, levels, steps), in y's
    # units, (batch, steps, levels)
    out = TargetUnits([1.0, 2.0], [10.0, 10.0], n_levels=2)(y_pred)
    expected = [[[1.0, 21.0], [32.0, 22.0]]]
    assert_allclose(keras.ops.convert_to_numpy(out), expected, rtol=1e-6)


@needs_float64
def test_a_fit_under_float64_reads_the_series_in_float64(float64):
    # the windows and the targets reached the float64 network as float32,
    # and the window norm's statistics were stored from float32: the start
    # of the "last" norm, the last value, was off by ~20 at a level of 1e9
    # (float32's rounding), with a warning that the network reads float32
    rng = np.random.default_rng(0)
    X, y = make_supervised(1e9 + rng.normal(size=30).cumsum() * 3, history=6)
    model = LSTMRegressor(
        units=2, epochs=1, learning_rate=1e-12, window_norm="last", random_state=0
    )
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*float32")
        model.fit(X, y)
    assert keras.config.floatx() == "float64"  # as the user set it
    assert model.model_.get_layer("window_denorm").variable_dtype == "float64"
    # the untrained network's forecast is the last value, to float64's rounding
    assert_allclose(model.predict(X[-3:]), X[-3:, -1, 0], rtol=1e-13)


@needs_float64
def test_to_keras_reads_the_windows_as_the_network_does_under_a_float64_policy():
    # under keras.config.set_dtype_policy("float64"), floatx left at float32,
    # the network reads the windows in float64 but its export read them in
    # float32 (Keras' floatx): at a level of 1e9 its forecasts were off
    # predict's by float32's steps of 64
    keras.backend.clear_session()  # a policy follows floatx unless set
    keras.config.set_dtype_policy("float64")
    try:
        rng = np.random.default_rng(0)
        X, y = make_supervised(1e9 + rng.normal(size=30).cumsum() * 3, history=6)
        model = LSTMRegressor(units=2, epochs=1, window_norm="last", random_state=0)
        model.fit(X, y)
        exported = model.to_keras()
        assert exported.inputs[0].dtype == model.model_.inputs[0].dtype == "float64"
        # called (Keras' predict casts its input to floatx first, float32)
        got = keras.ops.convert_to_numpy(exported(np.array(X[-3:]))).ravel()
        assert_allclose(got, model.predict(X[-3:]), rtol=1e-13)
    finally:
        keras.backend.clear_session()  # the policy follows floatx again
    assert keras.config.dtype_policy().name == keras.config.floatx()


# the "last" window norm of one channel, in y's units
LAST_NORM = {
    "method": "last",
    "channel_scale": [1.0],
    "target_channel": 0,
    "target_loc": [0.0],
    "target_scale": [1.0],
    "horizon": 1,
}


@pytest.fixture
def mixed_float16():
    """Keras' mixed precision policy for one test, then the policy before."""
    policy = keras.config.dtype_policy()
    keras.config.set_dtype_policy("mixed_float16")
    try:
        yield
    finally:
        keras.config.set_dtype_policy(policy)


def test_the_norm_and_its_inverse_compute_in_float32_under_mixed_precision(
    mixed_float16,
):
    # a series of large values: float16 steps by 8 at 1e4, which rounded the
    # level of each window (the untrained network's whole forecast) and an
    # ensemble's outputs after it
    windows = 12345.678 + np.random.default_rng(0).normal(size=(4, 6, 1))
    for n_members in (1, 2):
        network = build_lstm(
            (6, 1), 1, units=(2,), window_norm=LAST_NORM, n_members=n_members, seed=0
        )
        out = keras.ops.convert_to_numpy(network(windows.astype("float32")))
        naive = np.repeat(windows[:, -1], n_members, axis=1).reshape(out.shape)
        assert_allclose(out, naive, rtol=1e-6)
        assert out.dtype == np.float32
    # the exported network's units
    units = TargetUnits([1e4], [1.0])(np.array([[0.5]], dtype="float32"))
    assert_allclose(keras.ops.convert_to_numpy(units), [[10000.5]], rtol=1e-7)


def test_quantile_levels_are_summed_in_float32_under_mixed_precision(mixed_float16):
    # an untrained quantile network's levels are log 2 apart in the units of
    # its norm; summed in float16, 2e-4 off
    network = build_lstm(
        (6, 1), 1, units=(2,), window_norm=LAST_NORM, quantiles=[0.1, 0.5, 0.9], seed=0
    )
    windows = np.random.default_rng(0).normal(size=(4, 6, 1)).astype("float32")
    out = keras.ops.convert_to_numpy(network(windows))
    assert_allclose(np.diff(out[:, :, 0], axis=1), np.log(2.0), rtol=1e-6)


@pytest.mark.parametrize(
    ("method", "scale"), [("standard", "channel"), ("mean", "spread")]
)
def test_a_channel_that_does_not_change_in_a_window_reads_zero(method, scale):
    # (x - mean) / (std + epsilon) is 0 where x does not change (NumPy's, in
    # float64): the window mean of 0.3 in float32 is a rounding off, which
    # the epsilon (1e-6 of the channel's scale) or the spread's floor
    # magnified to values of order one, read by the network as a signal
    rng = np.random.default_rng(0)
    x = rng.normal(size=(20, 12, 2))
    x[:, :, 1] = rng.choice([0.3, 0.7, 19.99, 1234.5], size=(20, 1))
    norm = WindowNormalization(method, [1.0, 0.1], season_length=4, scale=scale)
    out, level, _ = norm(x.astype("float32"))
    out = keras.ops.convert_to_numpy(out)
    assert np.abs(out[:, :, 1]).max() == 0.0
    assert_allclose(keras.ops.convert_to_numpy(level)[:, 1], x[:, -1, 1], rtol=1e-7)
    # the changing channel, as NumPy normalises it
    expected = x[:, :, 0] - x[:, :, 0].mean(axis=1, keepdims=True)
    if method == "standard":
        expected /= expected.std(axis=1, keepdims=True) + 1e-6
    else:
        spread = np.abs(x[:, 4:, 0] - x[:, :-4, 0]).mean(axis=1, keepdims=True)
        expected /= spread
    assert_allclose(out[:, :, 0], expected, rtol=1e-4, atol=1e-5)
