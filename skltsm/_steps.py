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

Since the steps take the state in and give it back, it is out of the
network's variables while Keras' loops run them: :func:`using` lets one
thread at a time use a network on JAX, and puts its state back where a loop
stops early.
"""

import collections
import contextlib
import json
import threading
import weakref

import keras

from ._compat import (
    compile_arguments,
    jax_state,
    put_back_jax_state,
    serializing_without_tensorflow,
    wrapped_function,
)

__all__ = ["forget_shared_steps", "share_steps", "using"]

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
_users = weakref.WeakKeyDictionary()  # the lock of each network, on JAX


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
    """The key of the steps that ``model`` can share, or ``None``: where Keras
    cannot write its configuration (a ``functools.partial`` loss), or writes
    a callable by its name alone (a user's loss or metric function, even one
    named as Keras' own, bare or in Keras' wrapper: :func:`_outside_keras`,
    :func:`_named_only`), two networks of one key could compute different
    things."""
    if keras.backend.backend() != "jax" or model.run_eagerly or not model.jit_compile:
        return None
    given = compile_arguments(model)
    if _outside_keras(
        [model.loss, given.get("metrics"), given.get("weighted_metrics")]
    ):
        return None
    try:
        with serializing_without_tensorflow():  # which a plain Keras fit leaves
            configs = model.get_config(), model.get_compile_config()
    except (TypeError, ValueError, OSError):  # not serialisable: never shared
        return None
    if _named_only(configs):
        return None
    parts = {
        "model": _without(configs[0]),
        "compile": _without(configs[1]),
        # the names the steps log the metrics by, which the fit reports
        "metrics": [configs[1].get(key) for key in ("metrics", "weighted_metrics")],
        "steps_per_execution": model.steps_per_execution,
        "dtype": keras.config.floatx(),
    }
    # an object without a configuration shows as its address: never shared
    return json.dumps(parts, sort_keys=True, default=repr)


def _named_only(config):
    """Whether a Keras configuration names a callable without what it
    computes with: a function other than Keras' own (a closure of a factory,
    a user's function), which Keras writes by its name alone, a lambda, whose
    closure it leaves out, or an object of a class that is neither Keras' nor
    skltsm's, whose configuration may leave out what it holds."""
    if isinstance(config, dict):
        if "class_name" in config and "module" in config:
            name, module = config["class_name"], config["module"]
            if name == "function":
                return not _keras_function(config.get("config"))
            if name == "__lambda__" or not _in_packages(module, "keras", "skltsm"):
                return True
        return any(_named_only(value) for value in config.values())
    if isinstance(config, list | tuple):
        return any(_named_only(value) for value in config)
    return False


def _keras_function(name):
    """Whether ``name`` is one of Keras' own losses, metrics or activations."""
    for get in (keras.losses.get, keras.metrics.get, keras.activations.get):
        try:
            function = get(name)
        except (ValueError, TypeError):
            continue
        if _in_packages(getattr(function, "__module__", ""), "keras"):
            return True
    return False


def _outside_keras(given):
    """Whether a loss or metrics given to ``compile`` are (or hold) a function
    or class of the user's, which Keras would write by its name alone: one
    named as a Keras loss or metric (``"mae"``) is told from it here, by the
    function itself, and so is one that Keras' ``LossFunctionWrapper`` or
    ``MeanMetricWrapper`` wraps (an object of Keras' class, whose
    configuration writes the function by its name). An instance of a loss or
    metric is written with its class's module, which :func:`_named_only`
    checks."""
    if isinstance(given, dict):
        return any(_outside_keras(value) for value in given.values())
    if isinstance(given, list | tuple):
        return any(_outside_keras(value) for value in given)
    if isinstance(given, str):
        return False
    if isinstance(given, keras.losses.Loss | keras.metrics.Metric):
        function = wrapped_function(given)
        return function is not None and _outside_keras(function)
    return callable(given) and not _in_packages(
        getattr(given, "__module__", ""), "keras"
    )


def _in_packages(module, *packages):
    """Whether the module named ``module`` is one of ``packages`` or in one:
    ``keras.losses`` is Keras', a user's ``keras_utils`` is not."""
    module = str(module)
    return any(module == p or module.startswith(p + ".") for p in packages)


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


@contextlib.contextmanager
def using(model):
    """Use the network ``model`` in the block, one thread at a time on JAX,
    and leave its state in its variables however the block ends.

    On JAX, Keras' loops take the network's state out of its variables
    while they run: ``fit`` and ``predict`` empty them until their last
    step, and ``predict_on_batch`` hands their arrays to its step, which
    consumes them (JAX's donation) until it puts its own back. A fit, a
    prediction or a pickle of the network in another thread meanwhile read
    emptied variables or consumed arrays, and failed ("Buffer has been
    deleted or donated", "'NoneType' object is not callable"), and could
    leave the network without its weights for good. The block waits for
    those of other threads on ``model``; a thread enters it again within
    its own (a callback of a fit predicts).

    A loop stopped by an exception (a ``KeyboardInterrupt``: Ctrl-C, or a
    notebook's "interrupt kernel") left the variables empty, or holding
    arrays that its last step had consumed: the network could neither
    predict nor train again. The block then puts back the state of the
    loop's last step or, where that is lost, the state before the block,
    from copies of the variables that it takes as it starts (a fit then
    keeps none of its training; ``_compat.put_back_jax_state``).

    On the other backends, whose loops leave the variables in place, the
    blocks run side by side, as they are.

    Parameters
    ----------
    model : keras.Model
        The network that the block trains, predicts with or pickles.
    """
    if keras.backend.backend() != "jax":
        yield model
        return
    with _lock:
        held = _users.setdefault(model, threading.RLock())
    with held:
        state = jax_state(model)
        try:
            yield model
        except BaseException:
            put_back_jax_state(model, state)
            raise
