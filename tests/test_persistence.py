"""Persistence and determinism: a fitted model never changes on a round trip.

Pickle, joblib and cloudpickle, before and after fit; a fitted estimator saved
in one process and loaded in another; the same ``random_state`` in two
processes.
"""

import copy
import io
import pickle
import subprocess
import sys
import textwrap

import cloudpickle
import joblib
import keras
import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.exceptions import NotFittedError
from sklearn.pipeline import make_pipeline

from skltsm import (
    LSTMRegressor,
    Seq2SeqLSTMRegressor,
    SequenceScaler,
    SlidingWindow,
    make_supervised,
)

TINY = {"units": 4, "epochs": 2, "random_state": 0}


def _joblib_round_trip(obj):
    buffer = io.BytesIO()
    joblib.dump(obj, buffer)
    buffer.seek(0)
    return joblib.load(buffer)


ROUND_TRIPS = {
    "pickle": lambda obj: pickle.loads(pickle.dumps(obj)),
    "joblib": _joblib_round_trip,
    "cloudpickle": lambda obj: cloudpickle.loads(cloudpickle.dumps(obj)),
}
ESTIMATORS = {
    "lstm": lambda: LSTMRegressor(**TINY, window_norm="last"),
    "seq2seq": lambda: Seq2SeqLSTMRegressor(**TINY),
    "pipeline": lambda: make_pipeline(
        SlidingWindow(6), SequenceScaler(), LSTMRegressor(**TINY)
    ),
}


@pytest.fixture(scope="module")
def data():
    series = np.sin(np.arange(200) / 4) + np.arange(200) / 100
    return make_supervised(series, history=8, horizon=3)


@pytest.fixture(scope="module", params=list(ESTIMATORS))
def fitted(request, data):
    X, y = data
    return request.param, ESTIMATORS[request.param]().fit(X, y)


# cloudpickle pickles the model as pickle does (by reference to its class):
# its round trips run with the slow checks
@pytest.mark.parametrize(
    "how", ["pickle", "joblib", pytest.param("cloudpickle", marks=pytest.mark.slow)]
)
def test_round_trips_before_and_after_fit(how, fitted, data):
    X, y = data
    name, model = fitted
    round_trip = ROUND_TRIPS[how]
    expected = model.predict(X)
    assert_array_equal(round_trip(model).predict(X), expected)
    # an unfitted copy, fitted after the trip with the same seed: the same model
    unfitted = round_trip(ESTIMATORS[name]())
    assert_array_equal(unfitted.fit(X, y).predict(X), expected)


@pytest.mark.parametrize("how", ["pickle", "deepcopy"])
def test_training_goes_on_after_a_round_trip_as_without_it(how, data):
    # the dropout masks' random state travels with the network: Keras' own
    # saving restarts it, so a model saved and trained on (a checkpoint)
    # drew other masks than the model trained on without the trip
    X, y = data
    model = LSTMRegressor(**TINY, dropout=0.3).fit(X, y)
    loaded = {"pickle": ROUND_TRIPS["pickle"], "deepcopy": copy.deepcopy}[how](model)
    loaded.partial_fit(X, y)
    assert_array_equal(loaded.predict(X), model.partial_fit(X, y).predict(X))


def test_a_network_whose_random_states_do_not_match_still_loads(data):
    # states pickled by another Keras (other layers' seed generators) are
    # left out: the network loads with those Keras gives it, as Keras' own
    # pickling would
    from skltsm._persistence import _PickledByKeras

    X, y = data
    model = LSTMRegressor(**TINY, dropout=0.3).fit(X, y)
    unpickle, (load, args, states) = _PickledByKeras(model.model_).__reduce__()
    assert states  # the dropout layer's seed generator
    network = unpickle(load, args, states[:-1])
    assert_array_equal(network.get_weights()[0], model.model_.get_weights()[0])


def test_a_pickle_that_names_the_loader_in_base_still_loads(data):
    # pickles written before skltsm/_persistence.py name the loader of their
    # network skltsm._base._unpickled_network; protocol 2 names it in plain
    # text (no frames, no lengths), so that the name can be put back in one
    X, y = data
    model = LSTMRegressor(**TINY, dropout=0.3).fit(X, y)
    pickled = pickle.dumps(model, protocol=2)
    now = b"cskltsm._persistence\nunpickled_network\n"
    before = b"cskltsm._base\n_unpickled_network\n"
    assert pickled.count(now) == 1
    loaded = pickle.loads(pickled.replace(now, before))
    assert_array_equal(loaded.predict(X), model.predict(X))
    # with its random states: training on draws the same dropout masks
    loaded.partial_fit(X, y)
    assert_array_equal(loaded.predict(X), model.partial_fit(X, y).predict(X))


def _run(code, *args):
    """Run ``code`` in a fresh Python process; return its stdout."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


@pytest.mark.slow  # a fresh process importing TensorFlow and the pipeline
def test_fitted_estimator_survives_a_new_process(tmp_path, data):
    X, y = data
    model = ESTIMATORS["pipeline"]().fit(X, y)
    joblib.dump(model, tmp_path / "model.joblib")
    np.save(tmp_path / "X.npy", X)
    _run(
        """
        import sys, joblib, numpy as np
        model = joblib.load(sys.argv[1])
        np.save(sys.argv[3], model.predict(np.load(sys.argv[2])))
        """,
        tmp_path / "model.joblib",
        tmp_path / "X.npy",
        tmp_path / "pred.npy",
    )
    assert_array_equal(np.load(tmp_path / "pred.npy"), model.predict(X))


# slow: two fresh processes, each importing TensorFlow and tracing a fit (the
# same seed's predictions in one process: test_regressors.py)
@pytest.mark.slow
def test_same_seed_same_predictions_in_two_processes(tmp_path, data):
    X, y = data
    np.save(tmp_path / "X.npy", X)
    np.save(tmp_path / "y.npy", y)
    code = """
        import sys, numpy as np
        from skltsm import LSTMRegressor
        X, y = np.load(sys.argv[1]), np.load(sys.argv[2])
        model = LSTMRegressor(units=4, epochs=2, random_state=0, window_norm="last")
        np.save(sys.argv[3], model.fit(X, y).predict(X))
        """
    for run in ("a", "b"):
        _run(code, tmp_path / "X.npy", tmp_path / "y.npy", tmp_path / f"{run}.npy")
    here = ESTIMATORS["lstm"]().fit(X, y).predict(X)
    assert_array_equal(np.load(tmp_path / "a.npy"), np.load(tmp_path / "b.npy"))
    assert_array_equal(np.load(tmp_path / "a.npy"), here)


@pytest.mark.slow  # a fresh process importing Keras and skltsm's layers
def test_exported_network_serves_alone_in_a_new_process(tmp_path, data):
    X, y = data
    model = LSTMRegressor(**TINY, window_norm="seasonal", season_length=4).fit(X, y)
    model.to_keras().save(tmp_path / "model.keras")
    np.save(tmp_path / "X.npy", X)
    _run(
        """
        import sys, keras, numpy as np
        import skltsm  # registers skltsm's layers
        network = keras.saving.load_model(sys.argv[1])
        np.save(sys.argv[3], network.predict(np.load(sys.argv[2]), verbose=0))
        """,
        tmp_path / "model.keras",
        tmp_path / "X.npy",
        tmp_path / "pred.npy",
    )
    # float32 in the graph vs float64 outside: equal to float32 precision
    expected = model.predict(X)
    assert_allclose(np.load(tmp_path / "pred.npy"), expected, rtol=1e-5, atol=1e-6)


def test_ensemble_of_quantile_networks_round_trips(data):
    # the members' outputs, the ordered quantiles and the members' pinball
    # loss travel in the network's Keras configuration
    X, y = data
    model = LSTMRegressor(**TINY, n_members=2, quantiles=[0.1, 0.9]).fit(X, y)
    loaded = pickle.loads(pickle.dumps(model))
    assert_array_equal(loaded.predict_quantiles(X), model.predict_quantiles(X))
    assert_array_equal(loaded.predict(X), model.predict(X))


@pytest.mark.parametrize("how", ["pickle", "deepcopy"])
def test_a_round_trip_leaves_keras_registry_alone(how, fitted, monkeypatch):
    # scikeras' pickling of a Keras model registers its class globally, which
    # renames keras' Functional to ">Functional" in every model saved after
    _, model = fitted
    registry = keras.saving.get_custom_objects()
    monkeypatch.delitem(registry, ">Functional", raising=False)
    before = dict(registry)
    {"pickle": lambda: pickle.dumps(model), "deepcopy": lambda: copy.deepcopy(model)}[
        how
    ]()
    assert registry == before


def test_export_before_fit_raises():
    with pytest.raises(NotFittedError, match="not fitted"):
        LSTMRegressor().to_keras()


def test_exported_network_is_a_copy(data):
    # it shared the estimator's layers: a warm fit of the estimator changed
    # the network exported before it, and training the export the estimator
    X, y = data
    model = LSTMRegressor(**TINY).fit(X, y)
    network = model.to_keras()
    windows = np.asarray(X, dtype="float32")
    exported = network.predict(windows, verbose=0)
    model.partial_fit(X, y)
    assert_array_equal(network.predict(windows, verbose=0), exported)
    expected = model.predict(X)
    network.compile(optimizer="adam", loss="mse")
    network.fit(windows, y, epochs=1, verbose=0)
    assert_array_equal(model.predict(X), expected)
