"""skltsm against plain Keras on each installed Keras backend: three cases.

Run from the repository root::

    python benchmarks/bench_backends.py            # 3 runs of each case
    python benchmarks/bench_backends.py --runs 1   # a quick look

Every measurement runs in a fresh Python process (Keras reads its backend once,
at import), and the backend is warmed up with one small operation before the
clock starts, so that the start of its runtime is not counted. The cases:

1. **Airline-sized steps.** 96 windows of 36 steps, one channel, LSTM(16),
   batch 16 (6 steps an epoch), 30 epochs: the median time of a gradient step
   after the first epoch (the epoch's time over its steps).
2. **A whole small fit.** 276 windows of 24 steps, LSTM(16), batch 16, 30
   epochs, tracing and compilation included: the time of ``fit``.
3. **Throughput.** The tutorials' stacked model (LSTM(50) × 2, Dropout(0.2),
   Dense(25), Dense(1)) on 7,164 windows of 50 steps, batch 32 and 128:
   windows per second in the second epoch.
4. **A search.** ``GridSearchCV`` over window (24, 36) × units (8, 16) of the
   seasonal recipe on the airline series' log, 1949–1957, three folds, the
   forecast scorer, 50 epochs: 13 fits of four architectures. skltsm only, on
   TensorFlow, serially and with ``n_jobs=2``; on JAX without and with JAX's
   compilation cache (a fresh cache folder per run: what one search shares with
   itself), serially and with ``n_jobs=2``. This is where the fixed cost of
   each fit (tracing and compiling the network) shows.

Plain Keras is the model built layer by layer and fitted on numpy arrays, as
the tutorials do (``model.fit(X, y, batch_size=..., shuffle=True)``); skltsm is
``LSTMRegressor`` on the windows of ``make_supervised``. Before the clock
starts, each process fits a tiny LSTM once, so that what the first LSTM of a
process costs (imports, the backend's start) is left out for both.
neuralforecast's LSTM (PyTorch) is measured on case 3 as a reference, with the
Python given by ``--neuralforecast-python`` (or this one) where it imports
neuralforecast: over its whole fit of two epochs' windows (the start of its
trainer and its first steps included), not over its second epoch as skltsm
and plain Keras are, so its windows per second are on the low side. It
prints the figures, then the ratios skltsm / plain Keras on each backend and
each backend against TensorFlow.
"""

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

from arguments import whole_number

BACKENDS = [b for b in ("tensorflow", "jax", "torch") if importlib.util.find_spec(b)]
CASES = {
    "steps": {"n": 96, "window": 36, "units": (16,), "batch": 16, "epochs": 30},
    "fit": {"n": 276, "window": 24, "units": (16,), "batch": 16, "epochs": 30},
    "throughput32": {
        "n": 7164,
        "window": 50,
        "units": (50, 50),
        "batch": 32,
        "epochs": 2,
    },
    "throughput128": {
        "n": 7164,
        "window": 50,
        "units": (50, 50),
        "batch": 128,
        "epochs": 2,
    },
    # for an accelerator: not run by default
    "throughput1024": {
        "n": 7164 * 4,
        "window": 50,
        "units": (50, 50),
        "batch": 1024,
        "epochs": 2,
    },
}
DEFAULT_CASES = ["steps", "fit", "throughput32", "throughput128", "search"]


def _data(n, window):
    import numpy as np

    rng = np.random.default_rng(0)
    t = np.arange(n + window)
    series = np.sin(t / 8) + 0.1 * rng.normal(size=len(t))
    return series.astype("float32")


def _epoch_timer():
    import keras

    class EpochTimer(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.times = []

        def on_epoch_begin(self, epoch, logs=None):
            self.start = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            self.times.append(time.perf_counter() - self.start)

    return EpochTimer()


def _plain_keras(series, spec, timer):
    import keras
    import numpy as np
    from keras import layers

    window = spec["window"]
    # the tutorials' loop: one copied window per row
    X = np.array([series[i : i + window] for i in range(spec["n"])])[..., None]
    y = series[window : window + spec["n"]]
    start = time.perf_counter()  # building the network is part of a fit
    model = keras.Sequential([keras.Input((window, 1))])
    for i, units in enumerate(spec["units"]):
        model.add(layers.LSTM(units, return_sequences=i < len(spec["units"]) - 1))
        if len(spec["units"]) > 1:
            model.add(layers.Dropout(0.2))
    if len(spec["units"]) > 1:
        model.add(layers.Dense(25))
    model.add(layers.Dense(1))
    model.compile(optimizer="adam", loss="mse")
    model.fit(
        X,
        y,
        batch_size=spec["batch"],
        epochs=spec["epochs"],
        shuffle=True,
        verbose=0,
        callbacks=[timer],
    )
    return time.perf_counter() - start


def _skltsm(series, spec, timer):
    from skltsm import LSTMRegressor, make_supervised

    window = spec["window"]
    X, y = make_supervised(series[: spec["n"] + window], history=window)
    stacked = len(spec["units"]) > 1
    model = LSTMRegressor(
        spec["units"],
        dropout=0.2 if stacked else 0.0,
        dense_units=25 if stacked else (),
        epochs=spec["epochs"],
        batch_size=spec["batch"],
        random_state=0,
        callbacks=[timer],
    )
    start = time.perf_counter()
    model.fit(X, y)
    return time.perf_counter() - start


def _neuralforecast(series, spec):
    """Windows per second of neuralforecast's LSTM over its whole fit (two
    epochs' windows, its start included: not its second epoch alone)."""
    import logging

    import numpy as np
    import pandas as pd
    from neuralforecast import NeuralForecast
    from neuralforecast.models import LSTM

    logging.getLogger("pytorch_lightning").setLevel(logging.ERROR)
    n, window, batch = spec["n"], spec["window"], spec["batch"]
    frame = pd.DataFrame(
        {"unique_id": 0, "ds": np.arange(len(series)), "y": series.astype(float)}
    )
    steps = int(np.ceil(n / batch))
    model = LSTM(
        h=1,
        input_size=window,
        encoder_hidden_size=50,
        encoder_n_layers=2,
        decoder_hidden_size=25,
        max_steps=2 * steps,
        windows_batch_size=batch,
        batch_size=1,
        val_check_steps=10**9,
        enable_progress_bar=False,
        enable_model_summary=False,
        logger=False,
    )
    start = time.perf_counter()
    NeuralForecast(models=[model], freq=1).fit(frame)
    return 2 * n / (time.perf_counter() - start)


def _warm_up():
    """Fit a tiny LSTM once: the first LSTM of a process pays for imports and
    the backend's start (about a second), which neither side should be timed
    on."""
    import keras
    import numpy as np

    model = keras.Sequential(
        [keras.Input((3, 1)), keras.layers.LSTM(2), keras.layers.Dense(1)]
    )
    model.compile(optimizer="adam", loss="mse")
    model.fit(np.ones((8, 3, 1)), np.ones(8), epochs=1, verbose=0)


def _search(n_jobs):
    import numpy as np
    from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
    from sklearn.pipeline import Pipeline
    from sktime.datasets import load_airline

    from skltsm import (
        LSTMRegressor,
        SlidingWindow,
        make_forecast_scorer,
        make_supervised,
    )

    log = np.log(load_airline()[:"1957-12"])
    X, y = make_supervised(log, history=36)
    net = LSTMRegressor(
        window_norm="seasonal",
        season_length=12,
        epochs=50,
        batch_size=16,
        random_state=0,
    )
    search = GridSearchCV(
        Pipeline([("window", SlidingWindow()), ("lstm", net)]),
        {"window__window": [24, 36], "lstm__units": [8, 16]},
        cv=TimeSeriesSplit(3, test_size=12),
        scoring=make_forecast_scorer(),
        n_jobs=n_jobs,
    )
    start = time.perf_counter()
    search.fit(X, y)
    return time.perf_counter() - start


def _device(backend):
    """Where the backend computes: "cpu", or the accelerator's kind."""
    if backend == "jax":
        import jax

        return jax.devices()[0].platform
    if backend == "torch":
        import torch

        return torch.cuda.get_device_name(0) if torch.cuda.is_available() else "cpu"
    import tensorflow as tf

    return "gpu" if tf.config.list_physical_devices("GPU") else "cpu"


def run_one(backend, impl, case):
    """One measurement, in this process: a dict of figures."""
    os.environ["KERAS_BACKEND"] = backend  # before Keras is imported
    spec = CASES.get(case)
    if impl == "neuralforecast":
        return {
            "windows_per_s": _neuralforecast(_data(spec["n"], spec["window"]), spec)
        }
    _warm_up()
    if case == "search":
        return {"fit_s": _search(n_jobs=2 if impl.endswith("n_jobs=2") else 1)}
    series = _data(spec["n"], spec["window"])
    timer = _epoch_timer()
    fit = (_plain_keras if impl == "keras" else _skltsm)(series, spec, timer)
    steps = -(-spec["n"] // spec["batch"])
    later = statistics.median(timer.times[1:])
    return {
        "device": _device(backend),
        "fit_s": fit,
        "step_ms": 1000 * later / steps,
        "windows_per_s": spec["n"] / timer.times[-1],
    }


def measure(backend, impl, case, python=sys.executable):
    env = {**os.environ, "KERAS_BACKEND": backend, "TF_CPP_MIN_LOG_LEVEL": "3"}
    with tempfile.TemporaryDirectory() as cache:
        if "cache" in impl:  # JAX reads these at its start
            env["JAX_COMPILATION_CACHE_DIR"] = cache
            env["JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS"] = "0"
            env["JAX_PERSISTENT_CACHE_MIN_ENTRY_SIZE_BYTES"] = "0"
        args = [python, __file__, "--one", backend, impl, case]
        out = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        return {"error": (out.stderr.strip().splitlines() or ["?"])[-1][:200]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def _imports_neuralforecast(python):
    code = "import neuralforecast"
    return subprocess.run([python, "-c", code], capture_output=True).returncode == 0


SEARCHES = [
    ("tensorflow", "skltsm"),
    ("tensorflow", "skltsm, n_jobs=2"),
    ("jax", "skltsm"),
    ("jax", "skltsm+cache"),
    ("jax", "skltsm+cache, n_jobs=2"),
]


FIGURE = {"steps": "step_ms", "fit": "fit_s", "throughput32": "windows_per_s"}
FIGURE["throughput128"] = FIGURE["throughput1024"] = "windows_per_s"
FIGURE["search"] = "fit_s"
UNIT = {"step_ms": "ms/step", "fit_s": "s", "windows_per_s": "windows/s"}


def compare(runs, nf_python, cases):
    """``runs`` measurements of each of ``cases``, each in a fresh process:
    print their medians and ratios."""
    impls = ["keras", "skltsm"]
    results = {}
    for case in [c for c in CASES if c in cases]:
        for backend in BACKENDS:
            for impl in impls:
                key = (case, backend, impl)
                results[key] = [measure(backend, impl, case) for _ in range(runs)]
        if case.startswith("throughput") and _imports_neuralforecast(nf_python):
            key = (case, "torch", "neuralforecast")
            results[key] = [
                measure("torch", "neuralforecast", case, python=nf_python)
                for _ in range(runs)
            ]
    for backend, impl in SEARCHES:
        if backend in BACKENDS and "search" in cases:
            key = ("search", backend, impl)
            results[key] = [measure(backend, impl, "search") for _ in range(runs)]

    def figures(key):
        figure = FIGURE[key[0]]
        return [r[figure] for r in results.get(key, []) if figure in r]

    print(f"{'case':<14} {'backend':<11} {'impl':<24} median  (runs)")
    for key, runs_ in results.items():
        values = figures(key)
        if not values:
            print(f"{key[0]:<14} {key[1]:<11} {key[2]:<24} failed: {runs_[0]}")
            continue
        unit = UNIT[FIGURE[key[0]]]
        shown = ", ".join(f"{v:.3g}" for v in values)
        device = runs_[0].get("device", "")
        print(
            f"{key[0]:<14} {key[1]:<11} {key[2]:<24} "
            f"{statistics.median(values):.3g} {unit}  ({shown}) {device}"
        )
    print("\nskltsm / plain Keras (time; for windows/s, plain Keras / skltsm):")
    for case in CASES:
        for backend in BACKENDS:
            ours, theirs = (
                figures((case, backend, "skltsm")),
                figures((case, backend, "keras")),
            )
            if ours and theirs:
                ratio = statistics.median(ours) / statistics.median(theirs)
                if FIGURE[case] == "windows_per_s":
                    ratio = 1 / ratio
                print(f"  {case:<14} {backend:<11} {ratio:.2f}")
    print(
        "\nneuralforecast / skltsm on its best backend (windows/s; > 1: ours faster;"
        "\nneuralforecast's over its whole fit, skltsm's over its second epoch):"
    )
    for case in ("throughput32", "throughput128"):
        theirs = figures((case, "torch", "neuralforecast"))
        ours = [
            statistics.median(figures((case, b, "skltsm")))
            for b in BACKENDS
            if figures((case, b, "skltsm"))
        ]
        if theirs and ours:
            print(f"  {case:<14} {max(ours) / statistics.median(theirs):.2f}")
    base = figures(("search", "tensorflow", "skltsm"))
    if base:
        print("\nthe search against TensorFlow (time ratio; < 1 is faster):")
        for backend, impl in SEARCHES[1:]:
            other = figures(("search", backend, impl))
            if other:
                ratio = statistics.median(other) / statistics.median(base)
                print(f"  {backend} {impl:<24} {ratio:.2f}")
    print("\neach backend against TensorFlow, skltsm (time ratio; < 1 is faster):")
    for case in CASES:
        base = figures((case, "tensorflow", "skltsm"))
        for backend in BACKENDS[1:]:
            other = figures((case, backend, "skltsm"))
            if base and other:
                ratio = statistics.median(other) / statistics.median(base)
                if FIGURE[case] == "windows_per_s":
                    ratio = 1 / ratio
                print(f"  {case:<14} {backend:<11} {ratio:.2f}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=whole_number(1), default=3)
    parser.add_argument("--one", nargs=3, metavar=("BACKEND", "IMPL", "CASE"))
    parser.add_argument(
        "--cases", nargs="+", default=DEFAULT_CASES, choices=[*CASES, "search"]
    )
    parser.add_argument(
        "--neuralforecast-python",
        default=sys.executable,
        help="a Python that imports neuralforecast, for the reference rows",
    )
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(*args.one)))
    else:
        compare(args.runs, args.neuralforecast_python, args.cases)


if __name__ == "__main__":
    main()
