"""The tutorials' noisy sine and stacked LSTM, shared by the benchmarks."""

import keras
import numpy as np

WINDOW = 50
NOISE = 0.1


def noisy_sine(seed=0):
    """10,000 points of ``sin(t)`` plus Gaussian noise of scale 0.1."""
    time_ = np.arange(0, 1000, 0.1)
    rng = np.random.default_rng(seed)
    return np.sin(time_) + rng.normal(scale=NOISE, size=len(time_))


def stacked_model():
    """LSTM(50) x 2 with Dropout(0.2), Dense(25), Dense(1), as written there."""
    return keras.Sequential(
        [
            keras.Input((WINDOW, 1)),
            keras.layers.LSTM(50, return_sequences=True),
            keras.layers.Dropout(0.2),
            keras.layers.LSTM(50),
            keras.layers.Dropout(0.2),
            keras.layers.Dense(25),
            keras.layers.Dense(1),
        ]
    )
