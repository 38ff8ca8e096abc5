"""On JAX, networks of one architecture share their compiled steps, and a
network trained with the steps of another predicts bit for bit as one trained
with its own (tested in fresh processes: one with the steps of a network fitted
before it, one alone)."""

import json
import subprocess
import sys
import textwrap

import pytest

SCRIPT = textwrap.dedent(
    """
    import json, os, sys
    import numpy as np
    from skltsm import LSTMRegressor, Seq2SeqLSTMRegressor, _steps
    from skltsm import make_supervised

    rng = np.random.default_rng(0)
    series = np.cumsum(rng.normal(size=300)) + 5 * np.sin(np.arange(300) / 3)
    X, Y = make_supervised(series, history=14, horizon=2)
    params = dict(
        units=5, dropout=0.1, epochs=3, batch_size=32, window_norm="seasonal",
        season_length=6, early_stopping=True, random_state=1,
    )
    first = sys.argv[1] == "after-another"
    out = {}
    for cls in (LSTMRegressor, Seq2SeqLSTMRegressor):
        if first:  # another network of the same kind: other data, seed, rate
            cls(**{**params, "random_state": 7, "learning_rate": 0.01}).fit(
                X[100:] * 3, Y[100:] * 3
            ).predict(X[:300])
        model = cls(**params).fit(X[:200], Y[:200])
        out[cls.__name__] = model.predict(X).tolist()
    out["shared"] = len(_steps._shared)
    print(json.dumps(out))
    """
)


def _run(mode):
    env = {"KERAS_BACKEND": "jax", "TF_CPP_MIN_LOG_LEVEL": "3"}
    import os

    run = subprocess.run(
        [sys.executable, "-c", SCRIPT, mode],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


@pytest.mark.slow  # two fresh processes, each compiling both networks
def test_shared_steps_train_as_the_network_own_steps_would():
    pytest.importorskip("jax")
    alone, after = _run("alone"), _run("after-another")
    assert alone["shared"] == after["shared"] == 2  # one kind per class
    for name in ("LSTMRegressor", "Seq2SeqLSTMRegressor"):
        assert after[name] == alone[name]


def test_a_learning_rate_schedule_is_part_of_the_kind():
    # a plain rate is a variable of the optimizer's state, which the shared
    # steps take in; a schedule is computed inside the step: networks with
    # one or the other never share steps (on JAX, lent a float rate's step,
    # a schedule failed inside it)
    import keras

    from skltsm import _steps

    rate = keras.optimizers.Adam(0.01).get_config()
    schedule = keras.optimizers.Adam(
        keras.optimizers.schedules.ExponentialDecay(0.03, 10, 0.5)
    ).get_config()
    assert "learning_rate" not in _steps._without(rate)
    assert _steps._without(rate) == _steps._without(
        keras.optimizers.Adam(0.1).get_config()
    )
    assert _steps._without(schedule)["learning_rate"] != _steps._without(rate).get(
        "learning_rate"
    )


def test_forgetting_the_shared_steps_leaves_none():
    # the speed benchmarks call it so that each skltsm fit compiles its own
    # steps, as the plain Keras model it is timed against does
    from skltsm import _steps

    _steps._shared["a kind"] = {"train_function": None}
    _steps.forget_shared_steps()
    assert len(_steps._shared) == 0


def test_a_callable_written_by_its_name_alone_is_never_shared():
    # Keras writes a function by its name alone: two closures of one factory
    # (pinball losses of two levels) made one key, and on JAX the second
    # network trained with the first one's loss
    import functools

    import keras

    from skltsm import _steps

    def pinball(tau):
        def loss(y_true, y_pred):
            return keras.ops.mean(keras.ops.maximum(tau * (y_true - y_pred), 0.0))

        return loss

    class Scaled(keras.losses.Loss):  # a user's class, its state unwritten
        def call(self, y_true, y_pred):
            return y_true - y_pred

    def config(loss):
        return keras.saving.serialize_keras_object(loss)

    assert _steps._named_only(config(pinball(0.1)))
    assert _steps._named_only(config(Scaled()))
    assert _steps._named_only({"outer": [config(pinball(0.9))]})  # nested
    assert not _steps._named_only(config(keras.losses.mean_squared_error))
    assert not _steps._named_only(config(keras.losses.Huber(delta=2.0)))
    assert not _steps._named_only(config("mse"))

    # the function itself, where its name is a Keras loss's
    def mean_squared_error(y_true, y_pred):
        return y_true - y_pred

    assert _steps._outside_keras(mean_squared_error)
    assert _steps._outside_keras([pinball(0.1)])
    assert _steps._outside_keras(functools.partial(keras.losses.huber, delta=2.0))
    assert not _steps._outside_keras(keras.losses.mean_squared_error)
    assert not _steps._outside_keras(keras.losses.Huber())
    assert not _steps._outside_keras("mse")
    assert not _steps._outside_keras([keras.metrics.MeanAbsoluteError()])


def test_a_metric_function_named_as_keras_own_is_never_shared():
    # a user's metric function named as a Keras metric ("mae") was taken for
    # Keras' own: a later fit with another function of that name (a closure of
    # one factory, a notebook cell run again) trained with the steps compiled
    # for the first, and its history_ reported the first function's values
    import keras
    import numpy as np

    from skltsm import LSTMRegressor, make_supervised

    X, y = make_supervised(np.sin(np.arange(60) / 3), history=8)

    def scaled(scale):
        def mae(y_true, y_pred):
            return scale * keras.ops.mean(keras.ops.abs(y_true - y_pred), axis=-1)

        return mae

    def recorded(scale):
        model = LSTMRegressor(
            units=2, epochs=1, random_state=0, metrics=[scaled(scale)]
        ).fit(X, y)
        (values,) = [v for key, v in model.history_.items() if key != "loss"]
        return values[0]

    assert np.isclose(recorded(100), 100 * recorded(1), rtol=1e-4)


def test_a_keras_wrapper_of_a_function_named_as_keras_own_is_never_shared():
    # Keras' wrapper of a user's function is an object of Keras' class, whose
    # configuration writes the function by its name alone: a wrapped "mae" of
    # the user's was taken for Keras' own, and a later fit with another
    # wrapped function of that name (or Keras' own, wrapped) took its steps
    import keras
    import numpy as np

    from skltsm import LSTMRegressor, _steps, make_supervised

    def scaled(scale):
        def mae(y_true, y_pred):
            return scale * keras.ops.mean(keras.ops.abs(y_true - y_pred), axis=-1)

        return mae

    # Keras' LossFunctionWrapper, which keras.losses does not export
    (wrapper,) = keras.losses.MeanAbsoluteError.__bases__
    assert _steps._outside_keras(keras.metrics.MeanMetricWrapper(scaled(1)))
    assert _steps._outside_keras([wrapper(scaled(1), name="mae")])
    assert not _steps._outside_keras(
        keras.metrics.MeanMetricWrapper(keras.metrics.mean_absolute_error)
    )
    assert not _steps._outside_keras(wrapper(keras.losses.mean_absolute_error))
    assert not _steps._outside_keras(keras.metrics.MeanAbsoluteError())

    # a module of the user's named like Keras' is not Keras'
    outside = scaled(1)
    outside.__module__ = "keras_utils"
    assert _steps._outside_keras(outside)
    assert _steps._outside_keras(keras.metrics.MeanMetricWrapper(outside))
    assert _steps._named_only({"class_name": "Mae", "module": "keras_extras"})
    assert not _steps._named_only(
        {"class_name": "MeanAbsoluteError", "module": "keras.metrics"}
    )

    X, y = make_supervised(np.sin(np.arange(60) / 3), history=8)

    def recorded(scale):
        metric = keras.metrics.MeanMetricWrapper(scaled(scale), name="mae")
        model = LSTMRegressor(units=2, epochs=1, random_state=0, metrics=[metric]).fit(
            X, y
        )
        return model.history_["mae"][0]

    assert np.isclose(recorded(100), 100 * recorded(1), rtol=1e-4)
