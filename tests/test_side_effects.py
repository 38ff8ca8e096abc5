"""skltsm leaves the user's process as it found it.

No global random state reseeded by a fit, no filter left on another library's
logger, no thread pool sized and no other library's class changed by an import;
and ``python -OO`` imports the package.
"""

import copy
import logging
import pickle
import random
import subprocess
import sys
import textwrap
import warnings

import numpy as np
import pytest
from numpy.testing import assert_array_equal
from sklearn import config_context
from sklearn.base import clone

from skltsm import LSTMRegressor, Seq2SeqLSTMRegressor, make_supervised

TINY = {"units": 3, "epochs": 1, "random_state": 0}
# the Seq2Seq twins of tests of code both networks share run with the slow checks
NETWORKS_SEQ2SEQ_SLOW = [
    LSTMRegressor,
    pytest.param(Seq2SeqLSTMRegressor, marks=pytest.mark.slow),
]


@pytest.fixture(scope="module")
def data():
    series = np.sin(np.arange(120) / 4)
    return make_supervised(series, history=10, horizon=2)


@pytest.mark.parametrize("cls", NETWORKS_SEQ2SEQ_SLOW)
def test_a_seeded_fit_leaves_the_global_random_states_alone(cls, data):
    X, y = data
    random.seed(123)
    np.random.seed(123)
    python_state, numpy_state = random.getstate(), np.random.get_state()
    cls(**TINY, dropout=0.2).fit(X, y).predict(X[:3])
    assert random.getstate() == python_state
    after = np.random.get_state()
    assert all(np.array_equal(a, b) for a, b in zip(after, numpy_state, strict=True))


def test_an_unseeded_fit_leaves_the_global_random_states_alone(data):
    # random_state=None draws a fresh seed; Keras, given none, would draw
    # each layer's seed from Python's random
    X, y = data
    random.seed(123)
    np.random.seed(123)
    python_state, numpy_state = random.getstate(), np.random.get_state()
    LSTMRegressor(units=3, epochs=1, dropout=0.2).fit(X, y).predict(X[:3])
    assert random.getstate() == python_state
    after = np.random.get_state()
    assert all(np.array_equal(a, b) for a, b in zip(after, numpy_state, strict=True))


def test_a_seeded_fit_never_enters_scikeras_global_seeding(data, monkeypatch):
    # scikeras seeds a fit by reseeding Python, NumPy and TensorFlow globally
    # and enabling TensorFlow's op determinism for the process; its restore of
    # TensorFlow's seed rewinds the user's TensorFlow random stream
    import scikeras.wrappers

    def refuse(seed):
        raise AssertionError("scikeras' tensorflow_random_state was entered")

    monkeypatch.setattr(scikeras.wrappers, "tensorflow_random_state", refuse)
    X, y = data
    LSTMRegressor(**TINY).fit(X, y).partial_fit(X, y).predict(X[:3])


def test_the_seed_alone_decides_the_network(data):
    # whatever the global generators hold, the same random_state gives the same
    # network; so no draw from them decides the weights or the batches
    X, y = data
    predictions = []
    for global_seed in (1, 2):
        random.seed(global_seed)
        np.random.seed(global_seed)
        model = LSTMRegressor(**TINY, dropout=0.3, bidirectional=True)
        predictions.append(model.fit(X, y).predict(X))
    assert_array_equal(*predictions)


@pytest.mark.parametrize("cls", NETWORKS_SEQ2SEQ_SLOW)
def test_pandas_output_set_globally_raises_no_warning_of_ours(cls, data):
    # scikeras' default feature encoder, a FunctionTransformer, would warn
    # that it returns no DataFrame, about a transformer the user never made
    X, y = data
    with config_context(transform_output="pandas"), warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        cls(**TINY).fit(X, y).predict(X[:3])


def test_a_fit_leaves_the_tensorflow_logger_as_it_was(data):
    X, y = data
    logger = logging.getLogger("tensorflow")
    filters = list(logger.filters)
    LSTMRegressor(**TINY).fit(X, y)
    assert logger.filters == filters


def _keras_uids():
    """The number Keras puts after the name it gives each of a new LSTM, Dense,
    Adam, RMSprop, layer, seed generator and input ("dense_3": 3), each made
    here."""
    import keras

    made = [
        keras.layers.LSTM(1),
        keras.layers.Dense(1),
        keras.optimizers.Adam(),
        keras.optimizers.RMSprop(),
        keras.layers.Layer(),
        keras.random.SeedGenerator(0),
        keras.Input((1,)),
    ]
    uids = []
    for made_one in made:
        stem, _, uid = made_one.name.rpartition("_")
        uids.append(int(uid) if stem and uid.isdigit() else 0)
    return uids


@pytest.mark.parametrize(
    "cls, params",
    [
        (LSTMRegressor, {"bidirectional": True}),
        # the other network and optimizer run with the slow checks
        pytest.param(Seq2SeqLSTMRegressor, {}, marks=pytest.mark.slow),
        pytest.param(
            LSTMRegressor,
            {"optimizer": "rmsprop", "quantiles": (0.1, 0.5, 0.9)},
            marks=pytest.mark.slow,
        ),
    ],
)
def test_a_fit_leaves_keras_names_to_the_users_layers_and_optimizers(cls, params, data):
    # an object left unnamed takes the next of Keras' global names: the
    # user's next LSTM or Dense was then "lstm_2" or "dense_1" where it would
    # have been "lstm" or "dense" (model.get_layer("dense") failed), the next
    # Adam "adam_6" after one fit, and the network's own were named by what
    # the process had built before
    X, y = data
    first = _keras_uids()
    before = _keras_uids()
    by_itself = [b - a for a, b in zip(first, before, strict=True)]  # LSTM's seed
    model = cls(**TINY, **params).fit(X, y)
    model.partial_fit(X, y).predict(X[:3])
    assert _keras_uids() == [b + k for b, k in zip(before, by_itself, strict=True)]
    names = [clone(model).fit(X, y).model_.optimizer.name for _ in range(2)]
    assert names[0] == names[1]
    # nor does a network going out of its estimator: pickled, copied, exported
    before = _keras_uids()
    pickle.loads(pickle.dumps(model))
    copy.deepcopy(model)
    model.to_keras()
    assert _keras_uids() == [b + k for b, k in zip(before, by_itself, strict=True)]


def _run(code, *flags):
    return subprocess.run(
        [sys.executable, *flags, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=False,
    )


def _assert_runs_ok(code):
    """Run ``code`` in a fresh process; it must succeed and print "ok" last."""
    run = _run(code)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip().endswith("ok")


def test_the_package_leaves_the_warning_filters_of_every_thread_alone():
    # the filters are the whole process': a block that saves and restores
    # them (catch_warnings) in one thread undoes, or leaves, the filters that
    # another thread sets meanwhile. Two make_supervised of date labels at
    # once left "ignore" on every warning. Only _compat's hold on sktime's
    # own changes touches them
    import ast
    from pathlib import Path

    import skltsm

    for path in Path(skltsm.__file__).parent.glob("*.py"):
        if path.name == "_compat.py":
            continue
        calls = {
            node.func.attr
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        }
        assert not calls & {"catch_warnings", "simplefilter", "filterwarnings"}, path
    # and what did: date labels, a scaler's inverse of named windows
    import pandas as pd

    from skltsm import SequenceScaler

    dates = pd.date_range("2000-01-01", periods=30).strftime("%Y-%m-%d")
    named = pd.DataFrame({"a": np.arange(30.0), "b": 1.0})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        filters = list(warnings.filters)
        make_supervised(pd.Series(np.arange(30.0), index=dates), history=3)
        scaler = SequenceScaler().fit(named)
        scaler.inverse_transform(scaler.transform(named))
        assert warnings.filters == filters


def test_import_changes_no_other_library():
    # not scikeras', Keras' or scikit-learn's classes (beyond scikeras' own
    # patches of keras.Model, made on importing scikeras), nor the warning
    # filters, nor TensorFlow's thread pools, even where OMP_NUM_THREADS is set
    # (worker processes size them, see _threads.py)
    _assert_runs_ok(
        """
        import os
        os.environ["OMP_NUM_THREADS"] = "1"
        import logging, warnings
        import keras, sklearn.base
        from scikeras.wrappers import BaseWrapper
        classes = [BaseWrapper, keras.Model, keras.layers.Layer]
        classes.append(sklearn.base.BaseEstimator)
        before = [dict(vars(c)) for c in classes]
        filters = list(warnings.filters)
        import skltsm
        import tensorflow as tf
        for c, was in zip(classes, before):
            assert dict(vars(c)) == was, f"{c.__name__} changed"
        assert warnings.filters == filters
        assert tf.config.threading.get_intra_op_parallelism_threads() == 0
        assert logging.getLogger("tensorflow").filters == []
        print("ok")
        """
    )


# slow: two fresh processes, each importing TensorFlow (11-15 s)
@pytest.mark.slow
def test_import_leaves_keras_pickling_as_keras_defines_it():
    # importing scikeras replaces how Keras pickles and deep-copies models,
    # losses, metrics and optimizers (every model pickled afterwards was named
    # ">Functional"); where skltsm's import is the first of scikeras, Keras
    # is left as it was; where the user imported scikeras, as they left it
    _assert_runs_ok(
        """
        import keras
        classes = [keras.Model, keras.losses.Loss, keras.metrics.Metric,
                   keras.optimizers.Optimizer]
        before = [dict(vars(c)) for c in classes]
        import skltsm, scikeras
        for c, was in zip(classes, before):
            assert dict(vars(c)) == was, f"{c.__name__} changed"
        import pickle
        model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
        model = pickle.loads(pickle.dumps(model))
        assert type(model).__name__ == "Sequential", type(model)
        print("ok")
        """
    )
    _assert_runs_ok(
        """
        import scikeras, keras
        patched = dict(vars(keras.Model))
        assert "__reduce__" in patched  # scikeras' own patch
        import skltsm
        assert dict(vars(keras.Model)) == patched
        print("ok")
        """
    )


@pytest.mark.slow  # a fresh process importing JAX and skltsm
def test_a_worker_on_another_backend_does_not_import_tensorflow():
    # a worker process sizes TensorFlow's thread pools at `import skltsm`
    # (_threads.py); on JAX, TensorFlow runs nothing there and is not imported
    # for it (a worker's name tells skltsm it is one, as a spawned worker's)
    pytest.importorskip("jax")
    _assert_runs_ok(
        """
        import multiprocessing, os, sys
        os.environ["KERAS_BACKEND"] = "jax"
        os.environ["OMP_NUM_THREADS"] = "1"
        multiprocessing.current_process().name = "SpawnProcess-1"
        import skltsm
        assert "tensorflow" not in sys.modules
        print("ok")
        """
    )


# slow: a fresh process importing JAX, fitting, then importing TensorFlow
@pytest.mark.slow
def test_an_import_and_a_fit_on_another_backend_do_not_import_tensorflow():
    # scikeras imports TensorFlow where it can (to seed it), which cost 1.7 s
    # and TensorFlow's log lines on every import under JAX; the import is
    # skipped there, and TensorFlow imports as before afterwards.
    # A plain Keras fit on JAX does not import TensorFlow; Keras' configuration
    # of a network (which says which networks share their steps, _steps.py)
    # asks of each layer whether it is a TensorFlow object, importing it, and
    # Keras pickles a network from that configuration: a fitted model sent
    # back from a search's worker, or deep-copied, or exported (to_keras),
    # imported TensorFlow on JAX. Once TensorFlow is imported, Keras'
    # serialization still recognises its objects
    pytest.importorskip("jax")
    _assert_runs_ok(
        """
        import copy, os, pickle, sys
        os.environ["KERAS_BACKEND"] = "jax"
        import skltsm
        assert "tensorflow" not in sys.modules
        import numpy as np
        from skltsm import LSTMRegressor, make_supervised
        X, y = make_supervised(np.sin(np.arange(60) / 4), history=6, horizon=2)
        model = LSTMRegressor(units=2, epochs=1, random_state=0).fit(X, y)
        model.partial_fit(X, y).predict(X)
        assert "tensorflow" not in sys.modules
        loaded = pickle.loads(pickle.dumps(model))
        np.testing.assert_array_equal(loaded.predict(X), model.predict(X))
        copy.deepcopy(model).predict(X)
        exported = model.to_keras().predict(X, verbose=0)
        np.testing.assert_allclose(exported, model.predict(X), rtol=1e-5)
        assert "tensorflow" not in sys.modules
        import keras, tensorflow as tf
        assert tf.constant(1.0).numpy() == 1.0
        shape = keras.saving.serialize_keras_object(tf.TensorShape([2, 3]))
        assert shape == [2, 3], shape
        print("ok")
        """
    )


# slow: a fresh process importing JAX and fitting
@pytest.mark.slow
def test_a_bidirectional_network_on_another_backend_does_not_import_tensorflow():
    # Keras' Bidirectional serializes its forward layer when it is made, at
    # the build and when a pickled network loads, and the serialization asks
    # whether the layer is a TensorFlow object: on JAX a silent fit, or a
    # model sent back from a worker, imported TensorFlow (seconds, and its
    # log lines on stderr)
    pytest.importorskip("jax")
    _assert_runs_ok(
        """
        import copy, os, pickle, sys
        os.environ["KERAS_BACKEND"] = "jax"
        import numpy as np
        from skltsm import LSTMRegressor, Seq2SeqLSTMRegressor, make_supervised
        X, y = make_supervised(np.sin(np.arange(60) / 4), history=6, horizon=2)
        for cls in (LSTMRegressor, Seq2SeqLSTMRegressor):
            model = cls(units=2, epochs=1, bidirectional=True, random_state=0)
            model.fit(X, y)
            assert "tensorflow" not in sys.modules, cls
            loaded = pickle.loads(pickle.dumps(model))
            np.testing.assert_array_equal(loaded.predict(X), model.predict(X))
            copy.deepcopy(model).predict(X)
            model.to_keras()
            assert "tensorflow" not in sys.modules, cls
        print("ok")
        """
    )


# slow: a fresh process compiles every imported module without its docstrings
# (about 15 s more than a plain import where no bytecode is cached)
@pytest.mark.slow
def test_python_OO_imports_the_package():
    run = _run(
        "import skltsm, skltsm.sktime; print(skltsm.LSTMRegressor.__doc__)", "-OO"
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "None"
