"""Fitting streams the windows: a long series trains in bounded memory.

One epoch on a 2,000,000-point series with windows of 256 steps, whose windows
as an array would take 2.0 GB (float32), must grow the process' memory by less
than a tenth of that. Measured in a fresh process twice over: by tracemalloc
(every numpy allocation) and by the high-water mark of the resident set (which
also sees TensorFlow's). A warm-up fit on a few batches of the same shape comes
first, so that the network's own activations are in the baseline and what is
left is what grows with the series.
"""

import json
import subprocess
import sys
import textwrap

import pytest

SCRIPT = textwrap.dedent(
    """
    import json, resource, tracemalloc
    import numpy as np
    from skltsm import LSTMRegressor, make_supervised

    def peak_mb():
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    n, window, batch = 2_000_000, 256, 8192
    series = np.sin(np.arange(n, dtype=np.float32) / 50)
    X, y = make_supervised(series, history=window)
    model = LSTMRegressor(
        units=1, epochs=1, batch_size=batch, random_state=0, predict__batch_size=4096
    )
    model.fit(X[: 2 * batch], y[: 2 * batch])  # the activations of one batch
    before = peak_mb()
    tracemalloc.start()
    model.fit(X, y)
    traced = tracemalloc.get_traced_memory()[1] / 1e6
    grown = peak_mb() - before
    model.predict(X[:1000])  # traces the prediction function
    tracemalloc.reset_peak()
    model.predict(X[: 40 * batch])
    traced_predict = tracemalloc.get_traced_memory()[1] / 1e6
    print(json.dumps({  # the last line of output
        "windows_mb": X.size * X.itemsize / 1e6,
        "n_seen": len(model.history_["loss"]),
        "traced_mb": traced, "rss_grown_mb": grown,
        "traced_predict_mb": traced_predict,
        "predict_windows_mb": 40 * batch * window * 4 / 1e6,
    }))
    """
)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss is in kB on Linux")
def test_one_epoch_on_two_million_points_grows_memory_by_under_a_tenth():
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr[-3000:]
    figures = json.loads(run.stdout.strip().splitlines()[-1])
    assert figures["windows_mb"] > 2000  # what materialising would take
    assert figures["n_seen"] == 1
    limit = figures["windows_mb"] / 10
    assert figures["traced_mb"] < limit, figures
    assert figures["rss_grown_mb"] < limit, figures
    # predicting 327,680 windows (335 MB as an array) streams too
    assert figures["traced_predict_mb"] < figures["predict_windows_mb"] / 10, figures
