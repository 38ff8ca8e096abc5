"""The private names skltsm takes from other libraries, and scikeras' hooks.

Every private import lives in ``skltsm/_compat.py``; each has a test here that
fails when it moves. The base regressor overrides hooks of scikeras'
``BaseWrapper``: a test fails if one of them disappears or changes its
signature, instead of our override silently never being called.
"""

import ast
import importlib
import inspect
from pathlib import Path

import numpy as np
import pytest
from scikeras.wrappers import BaseWrapper

from skltsm import _base, _compat

PACKAGE = Path(_compat.__file__).parent
FOREIGN = ("sklearn", "scikeras", "keras", "tensorflow", "sktime", "jax", "torch")


def _private_imports(path):
    """(module, name) of each private name that a file imports from another
    library: a module path or a name with a leading underscore."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0:
            module = node.module or ""
            if module.split(".")[0] not in FOREIGN:
                continue
            private_module = any(
                p.startswith("_") or p == "src" for p in module.split(".")
            )
            for alias in node.names:
                if private_module or alias.name.startswith("_"):
                    yield module, alias.name
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] in FOREIGN and any(
                    p.startswith("_") or p == "src" for p in parts
                ):
                    yield alias.name, None


def test_private_imports_live_in_compat_only():
    # the package, and what ships beside it: its tests, benchmarks, examples
    # and docs take a private name through skltsm._compat too
    project = PACKAGE.parent
    paths = [
        *PACKAGE.glob("*.py"),
        *(
            path
            for folder in ("tests", "benchmarks", "examples", "docs")
            for path in (project / folder).glob("*.py")
        ),
    ]
    offenders = {
        str(path.relative_to(project)): list(_private_imports(path))
        for path in paths
        if path != PACKAGE / "_compat.py"
    }
    assert {k: v for k, v in offenders.items() if v} == {}


@pytest.mark.parametrize(
    ("module", "name"), sorted(set(_private_imports(PACKAGE / "_compat.py")))
)
def test_each_private_import_is_still_where_compat_takes_it(module, name):
    imported = importlib.import_module(module)
    assert name is None or hasattr(imported, name)


def test_keras_still_asks_its_lazy_tensorflow_module_through_available():
    # serializing_without_tensorflow sets this private attribute for a block:
    # where Keras renames it, the setting would be a new attribute, ignored
    lazy = _compat._keras_tensorflow
    assert "_available" in vars(lazy)
    assert isinstance(type(lazy).available, property)


def test_keras_still_counts_its_names_where_keras_names_kept_puts_them_back():
    # keras_names_kept reads and sets this private count: where Keras keeps
    # it elsewhere, the names of the objects made in the block would count
    import keras

    def uid(name):
        stem, _, number = name.rpartition("_")
        return int(number) if stem and number.isdigit() else 0

    first = keras.optimizers.Adam().name
    with _compat.keras_names_kept():
        keras.optimizers.Adam(), keras.optimizers.Adam()
    assert uid(keras.optimizers.Adam().name) == uid(first) + 1


def test_keras_still_keeps_the_compile_arguments_where_compile_arguments_reads():
    # share_steps tells a user's metric function from Keras' own of its name
    # by the function itself, which only these arguments still hold
    import keras

    def mae(y_true, y_pred):
        return y_true - y_pred

    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    assert _compat.compile_arguments(model) == {}
    model.compile(loss="mse", metrics=[mae], weighted_metrics=["mse"])
    given = _compat.compile_arguments(model)
    assert given["metrics"] == [mae] and given["weighted_metrics"] == ["mse"]


def test_keras_still_keeps_the_wrapped_function_where_wrapped_function_reads():
    # share_steps tells a user's function that Keras' loss or metric wrapper
    # holds from Keras' own of its name by the function itself
    import keras

    def mae(y_true, y_pred):
        return y_true - y_pred

    (loss_wrapper,) = keras.losses.MeanAbsoluteError.__bases__  # not exported
    assert _compat.wrapped_function(loss_wrapper(mae)) is mae
    assert _compat.wrapped_function(keras.metrics.MeanMetricWrapper(mae)) is mae
    assert _compat.wrapped_function(keras.metrics.Mean()) is None


def test_keras_still_keeps_the_array_of_a_variable_where_jax_state_reads_it():
    # jax_state copies the arrays that Keras' JAX loops take out of the
    # variables, and put_back_jax_state tells the variables they left empty
    # (None) by this private attribute
    import keras

    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(loss="mse", optimizer="adam")
    model.optimizer.build(model.trainable_variables)
    held = _compat.jax_state(model)
    variables = [*model.variables, *model.optimizer.variables]
    assert [variable for variable, _ in held][: len(variables)] == variables
    for variable, value in held:
        assert "_value" in vars(variable)
        assert np.array_equal(value, keras.ops.convert_to_numpy(variable))


# the parameters of scikeras' _fit, and of the _fit_keras_model that it calls
_FIT = [
    "self",
    "X",
    "y",
    "sample_weight",
    "warm_start",
    "epochs",
    "initial_epoch",
    "kwargs",
]
# scikeras' hooks that BaseLSTMRegressor overrides, with the parameters scikeras
# calls them with (its own calls, in scikeras/wrappers.py)
HOOKS = {
    "_initialize": ["self", "X", "y"],
    "_validate_data": ["self", "X", "y", "reset", "y_numeric"],
    "_build_keras_model": ["self"],
    # made before each fit (see _check_fit_settings), not as scikeras makes them
    "_initialize_callbacks": ["self"],
    "_get_compile_kwargs": ["self"],
    "_fit_keras_model": _FIT,
    "_predict_raw": ["self", "X", "kwargs"],
    "_fit": _FIT,
}
# what the base regressor calls or reads of scikeras' own
USED = ["_get_metadata", "_routing_prefixes", "_fit_kwargs", "initialized_"]


@pytest.mark.parametrize("hook", sorted(HOOKS))
def test_scikeras_still_has_the_hooks_we_override(hook):
    assert hook in vars(_base.BaseLSTMRegressor), f"{hook} is no longer overridden"
    theirs = getattr(BaseWrapper, hook)
    assert list(inspect.signature(theirs).parameters) == HOOKS[hook]


@pytest.mark.parametrize("name", USED)
def test_scikeras_still_has_what_we_use(name):
    assert hasattr(BaseWrapper, name)


def test_scikeras_still_calls_the_hooks_from_fit_and_predict():
    # the chain BaseWrapper.fit -> _fit -> _initialize / _validate_data /
    # _build_keras_model / _fit_keras_model, and predict -> _predict_raw
    fit = inspect.getsource(BaseWrapper._fit)
    for hook in ("_initialize", "_validate_data", "_fit_keras_model"):
        assert f"self.{hook}(" in fit
    assert "self._build_keras_model()" in inspect.getsource(BaseWrapper._initialize)
    assert "self._predict_raw(" in inspect.getsource(BaseWrapper.predict)
    initialize = inspect.getsource(BaseWrapper._initialize)
    assert "target_encoder" in initialize
    assert "self._initialize_callbacks()" in initialize  # sets _fit_callbacks
    assert "self._fit_callbacks" in inspect.getsource(BaseWrapper._initialize_callbacks)


def test_keeping_warning_filters_holds_for_calls_in_several_threads():
    # sktime's conversions add a filter on entering and another on leaving;
    # each call saved the filters and put them back: a call that began while
    # another's filter was in place put that one back, left in the process
    import threading
    import warnings

    first_in, second_in, first_out = (threading.Event() for _ in range(3))

    def sktime_like(entered, then):
        warnings.filterwarnings("ignore", "'M' is deprecated", FutureWarning)
        entered.set()
        then.wait(10)
        warnings.filterwarnings("default", category=FutureWarning)

    kept = _compat.keeping_warning_filters(sktime_like)
    with warnings.catch_warnings():
        warnings.simplefilter("error", FutureWarning)
        filters = list(warnings.filters)
        first = threading.Thread(target=kept, args=(first_in, second_in))
        second = threading.Thread(target=kept, args=(second_in, first_out))
        first.start()
        first_in.wait(10)  # the second begins with the first's filter in place
        second.start()
        first.join(10)  # and ends after it
        first_out.set()
        second.join(10)
        assert warnings.filters == filters
