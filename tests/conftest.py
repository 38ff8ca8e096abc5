import os

import pytest

# TensorFlow is noisy; keep the test log readable.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
# Test workers (pytest -n) share the cores: one TensorFlow thread each, by the
# rule skltsm applies in any worker (OMP_NUM_THREADS, read at import).
if "PYTEST_XDIST_WORKER" in os.environ:
    os.environ.setdefault("OMP_NUM_THREADS", "1")


@pytest.fixture
def batch_inputs(monkeypatch):
    """The windows, and keyword arguments, of each ``WindowBatches`` that the
    fits of a test make, in order (with early stopping, each fit's validation
    rows, then its training rows)."""
    from skltsm import _training

    made = []
    original = _training.WindowBatches

    def spy(X, y, sample_weight=None, **kwargs):
        made.append((X, kwargs))
        return original(X, y, sample_weight, **kwargs)

    monkeypatch.setattr(_training, "WindowBatches", spy)
    return made


@pytest.fixture(params=["numpy", "pyarrow"])
def on_backend(request):
    """``on_backend(index)``: the dates or elapsed times ``index`` as a table
    read with ``dtype_backend=`` numpy or pyarrow indexes its rows (Arrow's
    time stamps or durations: ``read_parquet(...).set_index("time")``); the
    pyarrow case is skipped without pyarrow."""
    if request.param == "numpy":
        return lambda index: index
    pa = pytest.importorskip("pyarrow")
    import pandas as pd

    def on_arrow(index):
        arrow = pd.ArrowDtype(pa.from_numpy_dtype(index.dtype))
        return pd.Index(pd.array(index, dtype=arrow), name=index.name)

    return on_arrow


@pytest.fixture(scope="session")
def smoothed_from_start():
    """``forecast(history, season_length, horizon, constants)``: the
    Holt-Winters forecast of the ``horizon`` values after ``history``, the
    whole of it smoothed as one window from the series' start with
    ``constants``; what a model reading the smoothing's state
    (``smoothing="state"``) forecasts from the end of ``history``."""
    # imported here, after the environment above (numpy's BLAS reads
    # OMP_NUM_THREADS at import)
    import numpy as np

    from skltsm import HoltWintersRegressor

    def forecast(history, season_length, horizon, constants):
        window = np.asarray(history, dtype=float)[np.newaxis]
        model = HoltWintersRegressor(season_length, smoothing=tuple(constants))
        return model.fit(window, np.zeros((1, horizon))).predict(window)[0]

    return forecast
