"""On JAX, the compiled steps of a network serve the next network of its kind.

A search fits one architecture many times: a network per fold and candidate,
and the refit. Keras traces and compiles its train, test and predict steps for
every new network, which on a small series costs more than the training (about
0.3 s of tracing and 1 s of compiling for an LSTM(16), against 0.3 s of 30
epochs). On JAX those steps are pure functions of the network's state: Keras
passes the weights, the optimizer's and the metrics' variables in, and takes
them out, on every call. The steps compiled for one network therefore compute
exactly what the steps of another network of the same architecture would: this
module hands them on. Two networks share steps when their Keras configurations
agree once names, seeds and the data's statistics (weights since they are
state) are left out, and so do their optimizers (but for the learning rate, a
variable of the state), losses and metrics.

Nothing is shared on the other backends: TensorFlow's and PyTorch's steps hold
on to the variables of the network they were made for. ``tests/test_steps.py``
checks that a network trained with shared steps predicts bit for bit as one
trained with its own.
"""

import collections
import json
import threading

import keras

from ._compat import serializing_without_tensorflow

__all__ = ["forget_shared_steps", "share_steps"]

_STEPS = ("train_function", "test_function", "predict_function")
# what differs between networks of one architecture without changing the steps
_LEFT_OUT = {
    "name",
    "seed",
    "channel_scale",
    "target_loc",
    "target_scale",
    "learning_rate",  # a variable of the optimizer's state
}
_SIZE = 32  # architectures remembered; each holds a small network alive

_shared = collections.OrderedDict()
_lock = threading.Lock()


def forget_shared_steps():
    """Forget the steps that earlier fits compiled: the next fit of each
    architecture traces and compiles its own, as a new plain Keras model
    does (the benchmarks that time skltsm against one call this)."""
    with _lock:
        _shared.clear()


def _without(config):
    if isinstance(config, dict):
        return {
            k: _without(v)
            for k, v in config.items()
            # a learning rate is a variable, a schedule is part of the step
            if k not in _LEFT_OUT or (k == "learning_rate" and isinstance(v, dict))
        }
    if isinstance(config, list | tuple):
        return [_without(v) for v in config]
    return config


def _kind(model):
    """The key of the steps that ``model`` can share, or ``None``."""
    if keras.backend.backend() != "jax" or model.run_eagerly or not model.jit_compile:
        return None
    with serializing_without_tensorflow():  # which a plain Keras fit leaves
        parts = {
            "model": _without(model.get_config()),
            "compile": _without(model.get_compile_config()),
            "steps_per_execution": model.steps_per_execution,
            "dtype": keras.config.floatx(),
        }
    # an object without a configuration shows as its address: never shared
    return json.dumps(parts, sort_keys=True, default=repr)


class share_steps:
    """Lend ``model`` the steps of its kind before the block; keep its own after.

    Parameters
    ----------
    model : keras.Model
        A compiled network about to be trained or to predict.
    """

    def __init__(self, model):
        self._model = model
        self._key = _kind(model)

    def __enter__(self):
        if self._key is None:
            return self._model
        with _lock:
            steps = _shared.get(self._key, {})
            if steps:
                _shared.move_to_end(self._key)
        for name, step in steps.items():
            if getattr(self._model, name) is None:
                setattr(self._model, name, step)
        return self._model

    def __exit__(self, *exc_info):
        if self._key is None:
            return
        made = {
            name: getattr(self._model, name)
            for name in _STEPS
            if getattr(self._model, name) is not None
        }
        with _lock:
            _shared.setdefault(self._key, {}).update(made)
            _shared.move_to_end(self._key)
            while len(_shared) > _SIZE:
                _shared.popitem(last=False)
