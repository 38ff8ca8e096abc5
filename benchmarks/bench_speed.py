"""Time-to-accuracy: skltsm's defaults against the tutorial's hand-written Keras.

The stacked tutorial model (LSTM(50) x 2, Dropout(0.2), Dense(25), Dense(1)) on
the tutorial's noisy sine (10,000 points, noise 0.1, window 50), trained both
ways on the first 80% of the windows and scored on the last 20% (in time
order: the tutorial's shuffled split would score on windows between training
ones). The tutorial recipe is kept as written otherwise: a MinMax scaler to
[-1, 1], float64 arrays, ``validation_split=0.1``, Adam at 0.001, batch 32.

Both record, after every epoch, the training time so far (the scoring is not
counted) and the test MSE in the series' units. The target is the test MSE the
tutorial reaches after its third epoch (the reference recipe); each side's
time-to-accuracy is the training time at its first epoch whose test MSE is at
or below it. Two ratios: against the recipe's three epochs, and against the
tutorial's own first epoch at that MSE (often the first: the noisy sine is
learnt in one pass, and later epochs wander around the noise floor). Several
seeds, interleaved (tutorial, then skltsm). Each fit traces and compiles
its network in its first epoch: on JAX, skltsm hands the compiled steps of one
fit to the next of its architecture, which the tutorial's model cannot have,
so they are forgotten before each of skltsm's fits. Not a test:
``python benchmarks/bench_speed.py [n_seeds] [max_epochs] [NAME=VALUE ...]``,
each ``NAME=VALUE`` a number for a parameter of skltsm's side
(``batch_size=32``).
"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import argparse
import statistics
import sys
import time

import keras
import numpy as np
from arguments import optional_count
from sklearn.preprocessing import MinMaxScaler
from tutorial import NOISE, WINDOW, noisy_sine, stacked_model

from skltsm import LSTMRegressor, _steps, make_supervised


class EpochClock(keras.callbacks.Callback):
    """Training time and test MSE at the end of every epoch."""

    def __init__(self, score):
        super().__init__()
        self.score = score
        self.times, self.mses = [], []

    def on_train_begin(self, logs=None):
        self.elapsed, self.start = 0.0, time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.elapsed += time.perf_counter() - self.start
        self.times.append(self.elapsed)
        self.mses.append(self.score(self.model))
        self.start = time.perf_counter()


def tutorial(series, n_train, epochs, seed):
    """The tutorial's recipe, with the split in time order."""
    keras.utils.set_random_seed(seed)
    scaler = MinMaxScaler(feature_range=(-1, 1))
    scaled = scaler.fit_transform(series.reshape(-1, 1))
    X, y = make_supervised(scaled, history=WINDOW)
    X, y = np.array(X), np.array(y)  # the tutorial's loop builds copies
    X_train, y_train, X_test = X[:n_train], y[:n_train], X[n_train:]
    y_test = series[WINDOW:][n_train:]

    def score(model):
        pred = model.predict(X_test, batch_size=256, verbose=0)
        pred = scaler.inverse_transform(pred).ravel()
        return float(np.mean((pred - y_test) ** 2))

    model = stacked_model()
    model.compile(optimizer="adam", loss="mean_squared_error")
    clock = EpochClock(score)
    model.fit(
        X_train,
        y_train,
        epochs=epochs,
        batch_size=32,
        validation_split=0.1,
        verbose=0,
        callbacks=[clock],
    )
    return clock


# skltsm's parameters that the benchmark sets itself (the architecture, the
# epochs, the seed and its clock): not among those a run may change
OWN = {"units", "dropout", "dense_units", "epochs", "random_state", "callbacks"}


def skltsm(series, n_train, epochs, seed, **params):
    """skltsm's defaults for the same architecture."""
    X, y = make_supervised(series, history=WINDOW)
    X_test, y_test = X[n_train:], y[n_train:]
    model = LSTMRegressor(
        units=(50, 50),
        dropout=0.2,
        dense_units=25,
        epochs=epochs,
        random_state=seed,
        **params,
    )

    def score(network):  # the network predicts standardised targets
        pred = network.predict(X_test, batch_size=256, verbose=0).ravel()
        pred = pred * model.target_scale_[0] + model.target_loc_[0]
        return float(np.mean((pred - y_test) ** 2))

    clock = EpochClock(score)
    # on JAX, the steps an earlier seed compiled would spare this fit its
    # tracing, which the tutorial's new model pays at every seed
    _steps.forget_shared_steps()
    model.set_params(callbacks=[clock]).fit(X[:n_train], y[:n_train])
    return clock


def time_to(clock, target):
    for elapsed, mse in zip(clock.times, clock.mses, strict=True):
        if mse <= target:
            return elapsed, mse
    return None, min(clock.mses)


def gaps(times):
    return " ".join(f"{b - a:.2f}" for a, b in zip([0, *times], times, strict=False))


def compare(n_seeds=3, max_epochs=6, **params):
    """Both sides on ``n_seeds`` seeds, skltsm's for at most ``max_epochs``
    with ``params``: print each seed's times and the median ratios."""
    series = noisy_sine()
    n_train = int(0.8 * (len(series) - WINDOW))
    skltsm(series, 256, 1, 0)  # warm TensorFlow up once
    print(
        f"noisy sine, {n_train:,} training windows of {WINDOW} steps, "
        f"noise floor (test MSE) {NOISE**2:.4f}"
    )
    print(f"skltsm parameters: {params or 'defaults'}")
    print(
        f"{'seed':>4} {'recipe':>8} {'first':>7} {'MSE':>7} {'skltsm':>8} "
        f"{'MSE':>7} {'epoch':>5} {'ratio':>6} {'first':>6}"
    )
    ratios, firsts = [], []
    for seed in range(n_seeds):
        ref = tutorial(series, n_train, 3, seed)
        target = ref.mses[-1]  # the recipe's test MSE after 3 epochs
        first = time_to(ref, target)[0]  # its first epoch at that MSE
        ours = skltsm(series, n_train, max_epochs, seed, **params)
        elapsed, mse = time_to(ours, target)
        if elapsed is None:
            shown, epoch = f"{'never':>8}", "-"
            ratios.append(float("inf"))
            firsts.append(float("inf"))
        else:
            shown, epoch = f"{elapsed:>7.2f}s", ours.times.index(elapsed) + 1
            ratios.append(elapsed / ref.times[-1])
            firsts.append(elapsed / first)
        print(
            f"{seed:>4} {ref.times[-1]:>7.2f}s {first:>6.2f}s {target:>7.4f} {shown} "
            f"{mse:>7.4f} {epoch:>5} {ratios[-1]:>6.2f} {firsts[-1]:>6.2f}"
        )
        print(f"     seconds: tutorial {gaps(ref.times)} | skltsm {gaps(ours.times)}")
        print(
            f"     test MSE: tutorial {[round(m, 4) for m in ref.mses]} | skltsm "
            f"{[round(m, 4) for m in ours.mses]}"
        )
    print(
        "median time-to-accuracy ratio, skltsm / the recipe's 3 epochs: "
        f"{statistics.median(ratios):.2f}; / the tutorial's first epoch at that "
        f"MSE: {statistics.median(firsts):.2f}"
    )


def _number(text):
    """``text`` as an int, or else a float; None where it is neither."""
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return None


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        usage="%(prog)s [-h] [n_seeds] [max_epochs] [NAME=VALUE ...]",
        epilog="NAME=VALUE, anywhere among the arguments: a number for a "
        "parameter of skltsm's LSTMRegressor (batch_size=32, learning_rate=0.003)",
    )
    optional_count(parser, "n_seeds", 3, "seeds 0, 1, ... (default: 3)")
    optional_count(parser, "max_epochs", 6, "skltsm's epochs at most (default: 6)")
    args = parser.parse_args([a for a in argv if "=" not in a])
    known = set(LSTMRegressor().get_params(deep=False)) - OWN
    params = {}
    for text in (a for a in argv if "=" in a):
        name, _, value = text.partition("=")
        if name not in known:
            parser.error(
                f"{text!r}: {name!r} is not a parameter of LSTMRegressor that a "
                f"run may set; those are {sorted(known)}"
            )
        params[name] = _number(value)
        if params[name] is None:
            parser.error(f"{text!r}: the value must be a number, got {value!r}")
    compare(args.n_seeds, args.max_epochs, **params)


if __name__ == "__main__":
    main()
