"""Quantile forecasts: levels in order by construction, the pinball loss, the
maps of window norms and target scaling, pipelines, searches and forecasts."""

import pickle

import keras
import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import clone
from sklearn.compose import TransformedTargetRegressor
from sklearn.exceptions import NotFittedError
from sklearn.frozen import FrozenEstimator
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from skltsm import (
    ConformalRegressor,
    LSTMRegressor,
    Seq2SeqLSTMRegressor,
    SequenceScaler,
    SlidingWindow,
    make_supervised,
    predict_quantiles,
    recursive_forecast,
)
from skltsm._data import WindowBatches
from skltsm._models import build_lstm, build_seq2seq
from skltsm._quantiles import OrderedQuantiles, PinballLoss, quantile_levels

LEVELS = (0.1, 0.9)
NETWORKS = [LSTMRegressor, Seq2SeqLSTMRegressor]


def noisy(n=160, seed=0):
    rng = np.random.default_rng(seed)
    return 10 + np.sin(np.arange(n) / 4) + rng.normal(0, 0.3, n)


def fitted(cls, horizon=3, **params):
    X, y = make_supervised(noisy(), history=8, horizon=horizon)
    params = {"units": 4, "epochs": 2, "random_state": 0, **params}
    params = {"quantiles": LEVELS, **params}
    return cls(**params).fit(X, y), X


def test_levels_are_sorted_with_the_median_and_bad_ones_refused():
    assert quantile_levels((0.9, 0.1)) == (0.1, 0.5, 0.9)
    assert quantile_levels([0.5, 0.05]) == (0.05, 0.5)
    assert quantile_levels(None) is None
    for bad in [(0.1, 1.0), (0.0,), (), ("a",), (True,), (0.1, 0.1)]:
        with pytest.raises(ValueError, match="quantiles"):
            quantile_levels(bad)


def test_levels_computed_or_in_float32_are_the_levels_they_spell():
    # 1 - 0.9 is 0.09999999999999998 and 0.7 - 0.2 is 0.49999999999999994:
    # the network trains the levels 0.1, 0.5 and 0.9, not a fourth beside the
    # median, and predict_quantiles returns them under their own names
    model, X = fitted(
        LSTMRegressor, horizon=1, quantiles=(1 - 0.9, 0.7 - 0.2, np.float32(0.9))
    )
    assert model.quantiles_ == [0.1, 0.5, 0.9]
    assert model.model_.output_shape[1:] == (3, 1)
    assert model.predict_quantiles(X[:4]).shape == (4, 3)
    with pytest.raises(ValueError, match="twice"):
        quantile_levels((0.1, 1 - 0.9))


def test_ordered_quantiles_never_cross_whatever_the_inputs():
    x = np.random.default_rng(0).normal(0, 10, size=(50, 5, 3)).astype("float32")
    out = keras.ops.convert_to_numpy(OrderedQuantiles(2)(x))
    assert (np.diff(out, axis=1) >= 0).all()  # softplus of -30 is 0 in float32
    assert_array_equal(out[:, 2], x[:, 2])  # the median passes through


def test_pinball_loss_is_the_mean_over_steps_of_each_level():
    y_true = np.array([[[1.0, 2.0]]], dtype="float32")  # (batch, 1, steps)
    y_pred = np.array([[[0.0, 3.0], [2.0, 2.0]]], dtype="float32")  # 2 levels
    loss = PinballLoss((0.1, 0.9)).call(y_true, y_pred)
    # level 0.1: errors 1, -1 -> 0.1, 0.9; level 0.9: errors -1, 0 -> 0.1, 0
    assert_allclose(keras.ops.convert_to_numpy(loss), [[0.5, 0.05]], rtol=1e-6)


@pytest.mark.parametrize("n_rows", [3, 4])
def test_pinball_loss_weighs_each_row_by_a_weight_per_row(n_rows):
    # weights of shape (batch,) weigh every level of their row, whether or
    # not the batch has as many rows as there are levels; (batch, 1) alike
    rng = np.random.default_rng(0)
    y_true = rng.normal(size=(n_rows, 1, 2)).astype("float32")
    y_pred = rng.normal(size=(n_rows, 3, 2)).astype("float32")
    weights = np.arange(n_rows, dtype="float32")
    loss = PinballLoss((0.1, 0.5, 0.9))
    per_row = keras.ops.convert_to_numpy(loss.call(y_true, y_pred))
    expected = np.mean(per_row * weights[:, None])  # Keras: sum(w l) / size
    for given in (weights, weights[:, None]):
        value = loss(y_true, y_pred, sample_weight=given)
        assert_allclose(keras.ops.convert_to_numpy(value), expected, rtol=1e-6)


# the loss is the same function whatever the network: the Seq2Seq twins run
# with the slow checks
@pytest.mark.parametrize(
    "build", [build_lstm, pytest.param(build_seq2seq, marks=pytest.mark.slow)]
)
@pytest.mark.parametrize("n_members", [1, 2])
def test_the_penalty_on_the_outputs_pulls_the_median_only(build, n_members):
    # ``output_penalty`` pulls the correction of the start toward zero; the
    # distances between the levels correct nothing, so they are not penalised:
    # the loss is the pinball loss plus penalty · sum(median²) / batch size,
    # summed over the members on the batches the training serves, so that
    # each member's gradient is its own fit's (without a window norm, the
    # median's raw output is the median forecast)
    levels = (0.1, 0.5, 0.9)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(8, 6, 1)).astype("float32")
    y = rng.normal(size=(8, 1, 2)).astype("float32")
    model = build(
        (6, 1), 2, n_members=n_members, output_penalty=0.5, quantiles=levels, seed=0
    )
    for k in range(n_members):  # every raw output away from zero
        layer = model.get_layer(f"m{k}_output" if n_members > 1 else "output")
        weights = layer.get_weights()
        layer.set_weights(
            [w + 0.1 * (k + 1) for w in weights[:-1]] + [weights[-1] + k + 1.0]
        )
    model.compile(loss=PinballLoss(levels, n_members))
    out = model.predict(x, verbose=0).reshape(8, n_members, 3, 2)
    tau = np.array(levels)[None, :, None]
    expected = np.sum(
        [
            np.mean(np.maximum(tau * (y - out[:, k]), (tau - 1) * (y - out[:, k])))
            + 0.5 * np.sum(out[:, k, 1] ** 2) / len(x)
            for k in range(n_members)
        ]
    )
    # every block holds the rows in order: predicting them, each member reads
    # every block, and its penalty over them all is its penalty over its own
    windows, targets, weights = WindowBatches(
        x, y, batch_size=len(x), members=n_members, outputs_per_member=len(levels)
    )[0]
    loss = model.evaluate(
        windows, targets, sample_weight=weights, batch_size=len(windows), verbose=0
    )
    assert_allclose(loss, expected, rtol=1e-5)


@pytest.mark.parametrize(
    ("cls", "n_members"),
    [
        (LSTMRegressor, 1),
        (LSTMRegressor, 2),
        pytest.param(Seq2SeqLSTMRegressor, 2, marks=pytest.mark.slow),
    ],
)
def test_shapes_order_median_and_round_trips(cls, n_members):
    # with the penalty on the median (``MedianPenalty``), which round trips too
    params = {"n_members": n_members, "output_penalty": 0.1}
    model, X = fitted(cls, quantiles=(0.9, 0.5, 0.1), **params)
    q = model.predict_quantiles(X[:5])
    assert q.shape == (5, 3, 3)
    assert model.quantiles_ == [0.1, 0.5, 0.9]
    assert (np.diff(q, axis=-1) >= 0).all()
    assert_allclose(model.predict(X[:5]), q[..., 1])
    again = pickle.loads(pickle.dumps(model))
    assert_allclose(again.predict_quantiles(X[:5]), q, rtol=1e-6)
    exported = np.asarray(model.to_keras().predict(X[:5], verbose=0))
    assert_allclose(exported, q, rtol=1e-4, atol=1e-4)
    # the levels as fitted: set_params changes the next fit, not this export
    model.set_params(quantiles=None)
    assert_allclose(model.to_keras().predict(X[:5], verbose=0), exported)


@pytest.mark.parametrize("n_members", [1, pytest.param(2, marks=pytest.mark.slow)])
def test_an_exported_network_of_the_median_alone_keeps_its_axis_of_levels(n_members):
    model, X = fitted(LSTMRegressor, quantiles=(0.5,), n_members=n_members)
    q = model.predict_quantiles(X[:5])
    assert q.shape == (5, 3, 1)
    exported = np.asarray(model.to_keras().predict(X[:5], verbose=0))
    assert exported.shape == (5, 3, 1)
    assert_allclose(exported, q, rtol=1e-4, atol=1e-4)


def test_one_step_targets_give_one_row_of_levels():
    model, X = fitted(LSTMRegressor, horizon=1)
    assert model.predict_quantiles(X[:4]).shape == (4, 2)
    assert model.predict(X[:4]).shape == (4,)


# the Seq2Seq twin (15 s) runs with the slow checks: the window norm maps
# every level in the code that both networks share
@pytest.mark.parametrize(
    "cls", [LSTMRegressor, pytest.param(Seq2SeqLSTMRegressor, marks=pytest.mark.slow)]
)
def test_a_window_norm_moves_quantiles_with_a_shift_and_stretches_them(cls):
    # "last" reads only changes: a shifted window shifts every level by as much
    model, X = fitted(cls, window_norm="last")
    assert_allclose(
        model.predict_quantiles(X[:5] + 7.0),
        model.predict_quantiles(X[:5]) + 7.0,
        rtol=1e-5,
    )
    # "standard" reads the window's shape: a stretched window stretches them
    model, X = fitted(cls, window_norm="standard")
    assert_allclose(
        model.predict_quantiles(3.0 * X[:5]),
        3.0 * model.predict_quantiles(X[:5]),
        rtol=1e-4,
    )


def test_point_models_have_no_quantiles_and_bad_settings_fail_before_training():
    point = LSTMRegressor(units=4, epochs=1)
    assert not hasattr(point, "predict_quantiles")
    X, y = make_supervised(noisy(), history=8)
    with pytest.raises(TypeError, match="forecasts a point"):
        predict_quantiles(point.fit(X, y), X)
    # levels set after a point fit change the next fit, not this one
    point.set_params(quantiles=LEVELS)
    assert not hasattr(point, "predict_quantiles")
    with pytest.raises(TypeError, match="forecasts a point"):
        predict_quantiles(point, X)
    with pytest.raises(ValueError, match="pinball"):
        LSTMRegressor(quantiles=LEVELS, loss="mae").fit(X, y)
    with pytest.raises(ValueError, match="between 0 and 1"):
        LSTMRegressor(quantiles=(0.5, 1.5)).fit(X, y)


def test_an_unfitted_model_is_said_to_be_unfitted_not_a_point_forecaster():
    # scikit-learn raises NotFittedError for a prediction before fit; the
    # quantile models below were said to forecast "a point, not quantiles"
    X = np.zeros((3, 8, 1))
    network = LSTMRegressor(4, quantiles=LEVELS)
    for model in (
        network,
        make_pipeline(SlidingWindow(), network),
        GridSearchCV(network, {"units": [4]}),
        ConformalRegressor(network, quantiles=LEVELS),
    ):
        with pytest.raises(NotFittedError):
            predict_quantiles(model, X)


def test_a_fit_refused_for_its_data_leaves_no_levels_fitted():
    # scikit-learn: a fit that fails leaves no fitted attribute behind;
    # quantiles_ was set before the data's checks
    X, y = make_supervised(noisy(), history=8)
    model = LSTMRegressor(units=4, epochs=1, quantiles=LEVELS)
    for fit in (model.fit, model.partial_fit):
        with pytest.raises(ValueError, match="NaN"):
            fit(np.full_like(X, np.nan), y)
        assert not [k for k in vars(model) if k.endswith("_")]


def test_through_a_pipeline_and_a_search():
    X, y = make_supervised(noisy(), history=10, horizon=2)
    pipeline = make_pipeline(
        SequenceScaler(),
        SlidingWindow(),
        LSTMRegressor(4, quantiles=LEVELS, epochs=1, random_state=0),
    )
    search = GridSearchCV(
        pipeline, {"slidingwindow__window": [6]}, cv=TimeSeriesSplit(2, gap=1)
    ).fit(X, y)
    q = predict_quantiles(search, X[-3:])
    assert q.shape == (3, 2, 2)
    steps = search.best_estimator_.steps
    Xt = steps[1][1].transform(steps[0][1].transform(X[-3:]))
    assert_allclose(q, steps[-1][1].predict_quantiles(Xt))
    # a search that kept no model says so, not that its model forecasts a point
    search.set_params(refit=False).fit(X, y)
    with pytest.raises(ValueError, match=r"refit=False.*refit=True"):
        predict_quantiles(search, X[-3:])
    with pytest.raises(ValueError, match=r"refit=False.*refit=True"):
        predict_quantiles(search.set_params(refit=np.False_), X[-3:])


@pytest.mark.parametrize("horizon", [pytest.param(1, marks=pytest.mark.slow), 3])
def test_through_a_target_transform_and_a_frozen_model(horizon):
    # an increasing map of y maps each level; a frozen model is its model
    X, y = make_supervised(noisy(), history=8, horizon=horizon)
    network = LSTMRegressor(4, quantiles=LEVELS, epochs=1, random_state=0)
    logged = TransformedTargetRegressor(network, func=np.log, inverse_func=np.exp)
    q = predict_quantiles(logged.fit(X, y), X[-3:])
    assert_allclose(q, np.exp(logged.regressor_.predict_quantiles(X[-3:])))
    scaled = TransformedTargetRegressor(network, transformer=StandardScaler())
    q = predict_quantiles(scaled.fit(X, y), X[-3:])
    inner = scaled.regressor_.predict_quantiles(X[-3:])
    scale = scaled.transformer_.scale_[..., np.newaxis]
    assert_allclose(q, inner * scale + scaled.transformer_.mean_[..., np.newaxis])
    series = noisy()
    fan = recursive_forecast(scaled, series, horizon, quantiles=True)
    last = predict_quantiles(scaled, series[-8:].reshape(1, 8, 1))
    assert_allclose(fan, last.reshape(horizon, 2))
    frozen = FrozenEstimator(make_pipeline(SlidingWindow(), network).fit(X, y))
    assert_allclose(
        predict_quantiles(frozen, X[-3:]), network.predict_quantiles(X[-3:])
    )
    # a decreasing map would turn each level into another
    flipped = TransformedTargetRegressor(
        network, func=np.negative, inverse_func=np.negative
    )
    with pytest.raises(ValueError, match="not increasing"):
        predict_quantiles(flipped.fit(X, y), X[-3:])
    # with one level too, which has no other level to be out of order with
    one = TransformedTargetRegressor(
        clone(network).set_params(quantiles=(0.9,)),
        func=np.negative,
        inverse_func=np.negative,
    )
    with pytest.raises(ValueError, match="not increasing"):
        predict_quantiles(one.fit(X, y), X[-3:])


def test_a_pipeline_with_a_step_left_out_as_none():
    # scikit-learn leaves a step out with None as with "passthrough" (a grid
    # such as {"scale": [None, SequenceScaler()]})
    series = noisy()
    X, y = make_supervised(series, history=8)
    network = LSTMRegressor(4, quantiles=LEVELS, epochs=1, random_state=0)
    model = Pipeline([("scale", None), ("window", SlidingWindow()), ("net", network)])
    model.fit(X, y)
    assert_allclose(predict_quantiles(model, X[-2:]), network.predict_quantiles(X[-2:]))
    fan = recursive_forecast(model, series, 1, quantiles=True)
    assert_allclose(fan, network.predict_quantiles(series[-8:].reshape(1, 8, 1)))


def test_forecast_quantiles_past_the_end_of_a_series_and_of_a_panel():
    times = pd.date_range("2026-01-01", periods=160, freq="D")
    series = pd.Series(noisy(), index=times, name="y")
    X, y = make_supervised(series, history=8, horizon=4)
    model = LSTMRegressor(4, quantiles=LEVELS, epochs=1, random_state=0).fit(X, y)
    forecast = recursive_forecast(model, series, 3, quantiles=True)
    assert list(forecast.columns) == list(LEVELS)
    assert forecast.index.equals(times[-1] + pd.to_timedelta(range(1, 4), "D"))
    last = series.to_numpy()[-8:].reshape(1, 8, 1)
    assert_allclose(forecast, model.predict_quantiles(last)[0, :3], rtol=1e-6)
    panel = {"a": series, "b": series + 1.0}
    both = recursive_forecast(model, panel, 3, quantiles=True)
    assert_allclose(both["a"], forecast)
    with pytest.raises(ValueError, match="one direct forecast"):
        recursive_forecast(model, series, 5, quantiles=True)
