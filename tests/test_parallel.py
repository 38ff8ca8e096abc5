"""Searches in worker processes: joblib's loky workers, and Dask.

One grid, searched serially and by two worker processes, gives the same scores,
bit for bit. The grid has more candidates than workers, so that each worker
fits several networks in a row, as a fresh process would fit them. In every
worker, TensorFlow uses the threads that the worker's ``OMP_NUM_THREADS`` gives
it, and estimators fitted there come back predicting as those fitted here.
"""

import os
import random
import subprocess
import sys
import threading
from unittest import mock

import joblib
import numpy as np
import pytest
import tensorflow as tf
from numpy.testing import assert_array_equal
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline

from skltsm import LSTMRegressor, SlidingWindow, _threads, make_supervised

# 3 candidates for 2 workers: a worker fits several networks in a row
GRID = {"window__window": [4, 8, 12]}
RESULTS = ["split0_test_score", "mean_test_score", "rank_test_score"]
# one time-ordered split of the 188 rows: worker start-up dominates anyway
SPLIT = [(np.arange(120), np.arange(120, 188))]


@pytest.fixture(scope="module")
def data():
    series = np.sin(np.arange(200) / 4) + np.arange(200) / 100
    X, y = make_supervised(series, history=12)
    assert len(X) == 188
    return X, y


def _pipeline():
    return Pipeline(
        [
            ("window", SlidingWindow()),
            ("lstm", LSTMRegressor(units=4, epochs=2, random_state=0)),
        ]
    )


def _search(n_jobs, refit=True):
    return GridSearchCV(_pipeline(), GRID, cv=SPLIT, n_jobs=n_jobs, refit=refit)


@pytest.fixture(scope="module")
def serial(data):
    return _search(n_jobs=1).fit(*data)


def _tf_threads_probe():
    """A function that returns, in a worker, its ``OMP_NUM_THREADS`` and the
    sizes of TensorFlow's intra- and inter-op pools.

    It is made in a function so that cloudpickle sends it by value: workers
    cannot import this test module.
    """

    def tf_threads():
        import os

        import tensorflow as tf

        import skltsm  # noqa: F401 (as unpickling an estimator does)

        threading = tf.config.threading
        return (
            os.environ.get("OMP_NUM_THREADS"),
            threading.get_intra_op_parallelism_threads(),
            threading.get_inter_op_parallelism_threads(),
        )

    return tf_threads


def _check_against_serial(search, serial, data, expected_omp):
    """Same scores and best candidate as the serial search; the workers'
    TensorFlow threads limited; estimators fitted in the workers predict as the
    serial search's best estimator, refitted here."""
    X, y = data
    assert search.cv_results_["params"] == serial.cv_results_["params"]
    for key in RESULTS:
        assert_array_equal(search.cv_results_[key], serial.cv_results_[key])
    assert search.best_params_ == serial.best_params_

    probe = _tf_threads_probe()
    threads = joblib.Parallel(n_jobs=2)(joblib.delayed(probe)() for _ in range(2))
    for omp, intra, inter in threads:
        assert omp == expected_omp
        assert (intra, inter) == (int(omp), _threads.INTER_OP_THREADS)

    fitted = joblib.Parallel(n_jobs=2)(
        joblib.delayed(clone(serial.best_estimator_).fit)(X, y) for _ in range(2)
    )
    for model in fitted:
        assert_array_equal(model.predict(X), serial.best_estimator_.predict(X))


@pytest.mark.slow  # two worker processes, each importing TF and tracing its fits
def test_loky_workers_search_as_the_serial_search(serial, data):
    # loky gives each worker cpu_count() // n_jobs threads, unless set here
    expected_omp = os.environ.get(
        "OMP_NUM_THREADS", str(max(joblib.cpu_count() // 2, 1))
    )
    with joblib.parallel_config(backend="loky"):
        search = _search(n_jobs=2, refit=False).fit(*data)
        _check_against_serial(search, serial, data, expected_omp)


@pytest.mark.slow  # a local cluster of two worker processes, each importing TF
def test_dask_workers_search_as_the_serial_search(serial, data):
    distributed = pytest.importorskip("dask.distributed")
    # Dask's nanny gives each worker 1 thread, unless set here
    expected_omp = os.environ.get("OMP_NUM_THREADS", "1")
    # the nannies of a LocalCluster run here: they set OMP_NUM_THREADS & co. in
    # this process too, before they start their workers; undo it afterwards
    with (
        mock.patch.dict(os.environ),
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster),
        joblib.parallel_backend("dask"),
    ):
        search = _search(n_jobs=2, refit=False).fit(*data)
        _check_against_serial(search, serial, data, expected_omp)


SPAWNED = """
import os
import skltsm  # at the top of the script, as a user writes it

def threads(_):
    import tensorflow as tf
    pools = tf.config.threading
    intra = pools.get_intra_op_parallelism_threads()
    return intra, pools.get_inter_op_parallelism_threads()

if __name__ == "__main__":
    import multiprocessing
    os.environ["OMP_NUM_THREADS"] = "1"
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        print(pool.map(threads, [0])[0])
"""


@pytest.mark.slow  # a fresh process that spawns a worker, each importing TF
def test_a_spawned_worker_that_imports_the_users_script_limits_its_threads(
    tmp_path,
):
    # a spawned worker (Dask's nannies spawn theirs) imports the user's script
    # again before it knows its parent process: skltsm is imported then
    script = tmp_path / "script.py"
    script.write_text(SPAWNED)
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    env.pop("OMP_NUM_THREADS", None)
    run = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, env=env
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip().splitlines()[-1] == "(1, 2)"


def test_other_threads_drawing_random_numbers_do_not_change_the_network(data):
    # a Dask worker's event loop draws from Python's `random` while a task fits
    X, y = data
    model = _pipeline()
    quiet = clone(model).fit(X, y)
    stop = threading.Event()

    def draw():
        while not stop.wait(0.001):  # lets the fit hold the GIL in between
            random.random()

    drawer = threading.Thread(target=draw, daemon=True)
    drawer.start()
    try:
        noisy = clone(model).fit(X, y)
    finally:
        stop.set()
        drawer.join()
    assert_array_equal(noisy.predict(X), quiet.predict(X))


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2", 2), (" 3 ", 3), ("4,1", 4), ("0", None), ("-1", None), ("x", None)],
)
def test_omp_num_threads_is_read_as_openmp_does(value, expected):
    assert _threads._omp_num_threads({"OMP_NUM_THREADS": value}) == expected
    assert _threads._omp_num_threads({}) is None


class _FakeThreading:
    """``tf.config.threading`` of a runtime that has not started."""

    def __init__(self, intra=0, inter=0):
        self.intra, self.inter = intra, inter

    def get_intra_op_parallelism_threads(self):
        return self.intra

    def get_inter_op_parallelism_threads(self):
        return self.inter

    def set_intra_op_parallelism_threads(self, n):
        self.intra = n

    def set_inter_op_parallelism_threads(self, n):
        self.inter = n


@pytest.mark.parametrize(
    ("environ", "preset", "expected"),
    [
        ({"OMP_NUM_THREADS": "1"}, (0, 0), (1, 2)),
        ({"OMP_NUM_THREADS": "3"}, (0, 0), (3, 2)),
        # TensorFlow's own variables and explicit settings win
        ({"OMP_NUM_THREADS": "1", "TF_NUM_INTRAOP_THREADS": "2"}, (0, 0), (0, 0)),
        ({"OMP_NUM_THREADS": "1", "TF_NUM_INTEROP_THREADS": "4"}, (0, 0), (1, 0)),
        ({"OMP_NUM_THREADS": "1"}, (2, 0), (2, 0)),
        ({"OMP_NUM_THREADS": "1"}, (0, 3), (1, 3)),
        ({}, (0, 0), (0, 0)),
    ],
)
def test_tensorflow_threads_follow_omp_num_threads(
    monkeypatch, environ, preset, expected
):
    fake = _FakeThreading(*preset)
    monkeypatch.setattr(tf.config, "threading", fake)
    _threads.limit_tf_threads(environ)
    assert (fake.intra, fake.inter) == expected


def test_started_tensorflow_is_left_alone():
    tf.constant(0.0)  # the runtime runs: its pools are fixed
    before = (
        tf.config.threading.get_intra_op_parallelism_threads(),
        tf.config.threading.get_inter_op_parallelism_threads(),
    )
    assert _threads.limit_tf_threads({"OMP_NUM_THREADS": "7"}) is None
    after = (
        tf.config.threading.get_intra_op_parallelism_threads(),
        tf.config.threading.get_inter_op_parallelism_threads(),
    )
    assert after == before
