"""Every private name that skltsm takes from another library, in one place.

These names are not part of their libraries' public API and may move in any
release. Gathering them here keeps that risk in one screen, and
``tests/test_compat.py`` fails, naming the import, the day one of them moves:
no other module of skltsm imports a private name of another library (a test
checks that too).
"""

# scikit-learn: parameter constraints and the fit context of its own estimators
# (the developer guide recommends them to third-party estimators; they have not
# been made public yet), their validation of values given to a method (fit's
# Keras arguments), and the error it raises, which the tests expect; the check
# of input feature names, StandardScaler's
# test of a constant feature (a variance within rounding), and the base of
# its meta-estimators of named estimators (``name__parameter`` routing, as
# ``VotingRegressor`` has it), and the cut of row-wise fit parameters to a
# fold's rows (as ``cross_validate`` cuts them).
# scikeras: routing of ``prefix__name`` parameters to their destination, as
# scikeras' own wrapper does it (so that routed names mean the same thing).
# Keras: the base of its models that pickles them (``KerasSaveable.__reduce__``),
# which scikeras replaces on ``keras.Model`` by one that registers the model's
# class in Keras' global registry at every pickle.
# Keras: also its lazy import of TensorFlow, which its serialization asks of
# every object whether TensorFlow is there (``serializing_without_tensorflow``).
# Keras: also the counts by which it names the objects left unnamed ("adam_6"),
# in its global state (``keras_names_kept`` below), and the arguments a network
# was compiled with, as given (``compile_arguments`` below), and the function
# that its wrapper of a loss or metric function holds (``wrapped_function``).
# Keras: also the array that a variable holds, which its JAX loops take out of
# the variables while they run (``jax_state``, ``put_back_jax_state``).
# sktime: the warning filters that its conversions of time stamps leave in the
# process (``keeping_warning_filters`` below).
import collections
import contextlib
import functools
import sys
import threading
import warnings

import keras
import numpy as np
from keras.src.backend.common import global_state as _keras_global_state
from keras.src.saving.keras_saveable import KerasSaveable
from keras.src.utils.module_utils import tensorflow as _keras_tensorflow
from sklearn.base import _fit_context
from sklearn.preprocessing._data import _is_constant_feature
from sklearn.utils import _safe_indexing
from sklearn.utils._param_validation import (
    HasMethods,
    Interval,
    InvalidParameterError,
    Options,
    StrOptions,
    validate_parameter_constraints,
)
from sklearn.utils.metaestimators import _BaseComposition
from sklearn.utils.validation import _check_feature_names_in, _check_method_params

# Importing scikeras replaces how Keras pickles and deep-copies its models,
# losses, metrics and optimizers (``__reduce__``, ``__deepcopy__``), for the
# whole process. skltsm pickles its networks by Keras' own protocol and needs
# none of it, so where skltsm's import is the first of scikeras, Keras'
# classes are put back as they were (tests/test_side_effects.py); where the
# user imported scikeras first, its patches are the user's and stay. The
# package imports this module before any other imports scikeras.
_KERAS_CLASSES = (
    keras.Model,
    keras.losses.Loss,
    keras.metrics.Metric,
    keras.optimizers.Optimizer,
)
_keras_as_found = (
    None if "scikeras" in sys.modules else [dict(vars(c)) for c in _KERAS_CLASSES]
)
# scikeras' wrappers import TensorFlow where they can, to seed it in their
# own seeding, which skltsm never enters: on another backend (JAX) that import
# cost 1.7 s and TensorFlow's log lines, and is skipped (TensorFlow imports as
# before afterwards; scikeras' own seeding then leaves TensorFlow's seed alone).
_skip_tensorflow = (
    keras.backend.backend() != "tensorflow" and "tensorflow" not in sys.modules
)
if _skip_tensorflow:
    sys.modules["tensorflow"] = None  # an import of it raises ImportError
try:
    import scikeras.wrappers  # noqa: F401
    from scikeras._utils import route_params
finally:
    if _skip_tensorflow and sys.modules.get("tensorflow", False) is None:
        del sys.modules["tensorflow"]

if _keras_as_found is not None:
    for _cls, _found in zip(_KERAS_CLASSES, _keras_as_found, strict=True):
        for _name in set(vars(_cls)) - set(_found):
            delattr(_cls, _name)
        for _name, _value in _found.items():
            if vars(_cls).get(_name, _found) is not _value:
                setattr(_cls, _name, _value)


_tensorflow_lock = threading.RLock()


@contextlib.contextmanager
def serializing_without_tensorflow():
    """Keras' serialization in the block, without importing TensorFlow.

    Keras serializes an object (``get_config`` of a model, of its compile
    arguments) by asking first whether it is one of TensorFlow's
    (``tf.available and isinstance(obj, tf.TensorShape)``), and the question
    imports TensorFlow: on another backend (JAX), 1.7 s and TensorFlow's log
    lines at a fit, which a plain Keras fit does not pay. Where TensorFlow is
    not imported, no object is TensorFlow's: Keras is told it is not there
    for the block, and asks again afterwards (an import then works as before).
    """
    with _tensorflow_lock:
        unasked = (
            "tensorflow" not in sys.modules and _keras_tensorflow._available is None
        )
        if unasked:
            _keras_tensorflow._available = False
        try:
            yield
        finally:
            if unasked:
                _keras_tensorflow._available = None


@contextlib.contextmanager
def keras_names_kept():
    """Keras' counts of the names it gives unnamed objects, as the block
    found them.

    Keras names an object left unnamed from a count kept for the whole
    process (each thread): the second ``Adam()`` is ``adam_1``. A fit makes
    the network's optimizer and loss, skltsm's check of the optimizer's name
    makes one optimizer, and scikeras two each time it reads the compile
    arguments (twice a fit): after one fit the user's next ``Adam()`` was
    ``adam_6``, and a network's optimizer was named by what the process had
    made before. The network's layers are named by skltsm itself.
    """
    counts = _keras_global_state.get_global_attribute(
        "object_name_uids", default=collections.defaultdict(int), set_to_default=True
    )
    found = dict(counts)
    try:
        yield
    finally:
        # a new dict, should the block have reset Keras' counts
        _keras_global_state.set_global_attribute(
            "object_name_uids", collections.defaultdict(int, found)
        )


def compile_arguments(model):
    """The arguments that ``model.compile`` was given, the objects themselves
    (``{}`` before a compile).

    Keras keeps them for ``get_compile_config``, which writes a function by
    its name alone: a user's function and Keras' own of that name are told
    apart by the objects only. Keras exposes the loss (``model.loss``), not
    the metrics.
    """
    config = getattr(model, "_compile_config", None)
    return dict(config.config) if config is not None else {}


def wrapped_function(wrapper):
    """The function that a Keras loss or metric object computes with, where
    it wraps one, or ``None``.

    Keras keeps it as ``fn`` in a ``LossFunctionWrapper`` and as ``_fn`` in
    a ``MeanMetricWrapper``, the bases of its own classes of losses and
    metrics (``MeanAbsoluteError``), and its configuration writes the
    function by its name alone: a user's function wrapped so and Keras' own
    of that name are told apart by the function only.
    """
    for name in ("fn", "_fn"):
        function = getattr(wrapper, name, None)
        if callable(function):
            return function
    return None


def jax_state(model):
    """Copies of the arrays that the variables of a network hold, on JAX:
    its own, its optimizer's and its metrics', each with its variable.

    Keras' JAX loops take the arrays out of the variables while they run
    (``_purge_model_variables``), and each compiled step consumes those it
    is given (JAX's donation): the copies stay, whatever stops the loop. A
    variable that holds no array (within a loop) has no copy.
    """
    optimizer = getattr(model, "optimizer", None)
    variables = [
        *model.variables,
        *(optimizer.variables if optimizer is not None else ()),
        *model.metrics_variables,
    ]
    return [
        (variable, np.array(keras.ops.convert_to_numpy(variable._value)))
        for variable in variables
        if variable._value is not None
    ]


def put_back_jax_state(model, held):
    """Put the state of a network on JAX back in its variables, after one of
    Keras' loops stopped by an exception (a ``KeyboardInterrupt``).

    The loop keeps the state that its last step gave apart from the
    variables, and puts it back where it ends normally (``fit`` also where
    it stops): it goes back (``model.jax_state_sync()``). A variable left
    without an array (the loop stopped before its first step ended) or with
    one that a step consumed (it stopped as a step returned, whose state is
    lost) takes back its copy in ``held`` (:func:`jax_state`), of the state
    before the loop.
    """
    model.jax_state_sync()
    for variable, value in held:
        if variable._value is None or variable._value.is_deleted():
            variable.assign(value)


_filters_lock = threading.Lock()
_filters_held = {"calls": 0, "block": None}


def keeping_warning_filters(method):
    """``method``, leaving the warning filters as it found them.

    sktime's conversions of time stamps (``ForecastingHorizon``'s frequency,
    through ``sktime.utils.warnings._SuppressWarningPattern``) add a filter
    that ignores a pandas FutureWarning and, on leaving, one that shows every
    FutureWarning, ahead of the user's own filters, and remove neither: a
    user's ``"error"`` or ``"ignore"`` of FutureWarning no longer held after a
    fit with a horizon, a forecast or an update. The filters are put back as
    the call found them; the warnings raised within it meet the user's. The
    filters are the whole process', shared by its threads: calls that run at
    once in several threads hold them together, from the first call's start
    to the last one's end (each putting back what it found would put back
    another call's filter, found in place). A filter that another thread
    sets meanwhile goes with them: Python's filters belong to no thread.
    """

    @functools.wraps(method)
    def kept(*args, **kwargs):
        with _filters_lock:
            if not _filters_held["calls"]:
                _filters_held["block"] = warnings.catch_warnings()
                _filters_held["block"].__enter__()
            _filters_held["calls"] += 1
        try:
            return method(*args, **kwargs)
        finally:
            with _filters_lock:
                _filters_held["calls"] -= 1
                if not _filters_held["calls"]:
                    _filters_held["block"].__exit__(None, None, None)

    return kept


__all__ = [
    "HasMethods",
    "Interval",
    "InvalidParameterError",
    "KerasSaveable",
    "Options",
    "StrOptions",
    "_BaseComposition",
    "_check_feature_names_in",
    "_check_method_params",
    "_fit_context",
    "_is_constant_feature",
    "_safe_indexing",
    "compile_arguments",
    "jax_state",
    "keeping_warning_filters",
    "keras_names_kept",
    "put_back_jax_state",
    "route_params",
    "serializing_without_tensorflow",
    "validate_parameter_constraints",
    "wrapped_function",
]
