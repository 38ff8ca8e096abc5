"""Keras graph builders: input shape and hyper-parameters in, an uncompiled
``keras.Model`` out. Each architecture reads in one screen; the estimators own
validation, state and training.

Every random part of a network (the initial weights, dropout) takes its seed
from the builder's ``seed`` argument through Keras' public ``seed=``
arguments: the same seed builds the same network on every backend, and no
global generator is read or changed. ``seed=None`` leaves Keras to draw.
"""

import keras
import numpy as np
from keras import initializers, layers, ops

__all__ = [
    "TargetUnits",
    "WindowDenormalization",
    "WindowNormalization",
    "build_lstm",
    "build_seq2seq",
]

WINDOW_NORMS = ("last", "mean", "standard", "seasonal")


def _statistic(layer, name, values):
    """A non-trainable weight holding statistics of the data.

    Held as weights rather than as constants of the graph, the statistics are
    part of the network's state: networks of one architecture then compile to
    one program whatever data they were fitted on, which a compilation cache
    (JAX's) serves again.
    """
    return layer.add_weight(
        shape=(len(values),),
        initializer=initializers.Constant(np.asarray(values, dtype="float32")),
        trainable=False,
        name=name,
    )


@keras.saving.register_keras_serializable(package="skltsm")
class WindowNormalization(layers.Layer):
    """Express each window relative to its own level.

    ``"last"`` subtracts each channel's last value, ``"mean"`` its window mean;
    both then divide by the channel's global scale (``channel_scale``).
    ``"standard"`` subtracts the window mean and divides by the window's own
    standard deviation (reversible instance normalisation without the affine
    part; ``epsilon`` is relative to the channel's scale). ``"seasonal"``
    reads the changes over one season (``x[t] - x[t-m]``,
    ``m = season_length``) relative to the last such change, and its level is
    the seasonal naive forecast with that change as drift: the next ``m``
    values, ``x[T+h-m] + (x[T] - x[T-m])``. Returns the normalised windows, the
    level and the scale, so that :class:`WindowDenormalization` can map the
    output back.
    """

    def __init__(
        self, method, channel_scale, epsilon=1e-6, season_length=None, **kwargs
    ):
        super().__init__(**kwargs)
        self.method = method
        self.channel_scale = [float(s) for s in channel_scale]
        self.epsilon = epsilon
        self.season_length = season_length

    def build(self, input_shape):
        self._channel_scale = _statistic(self, "channel_scale", self.channel_scale)

    def call(self, x):
        channel_scale = self._channel_scale
        if self.method == "standard":
            # centred and divided by the channel's scale before squaring, so
            # that the spread of a window of 1e30s stays in float32's range
            level = ops.mean(x, axis=1, keepdims=True)
            centred = (x - level) / channel_scale
            spread = ops.std(centred, axis=1, keepdims=True) + self.epsilon
            return centred / spread, level[:, 0, :], spread[:, 0, :] * channel_scale
        if self.method == "seasonal":
            m = self.season_length
            change = x[:, m:, :] - x[:, :-m, :]
            drift = change[:, -1:, :]
            scale = ops.ones_like(drift) * channel_scale
            return (change - drift) / scale, x[:, -m:, :] + drift, scale[:, 0, :]
        if self.method == "last":
            level = x[:, -1:, :]
        else:
            level = ops.mean(x, axis=1, keepdims=True)
        scale = ops.ones_like(level) * channel_scale
        return (x - level) / scale, level[:, 0, :], scale[:, 0, :]

    def get_config(self):
        return {
            **super().get_config(),
            "method": self.method,
            "channel_scale": self.channel_scale,
            "epsilon": self.epsilon,
            "season_length": self.season_length,
        }


@keras.saving.register_keras_serializable(package="skltsm")
class WindowDenormalization(layers.Layer):
    """Map a window-relative output back to the (standardised) target units.

    ``y = (level - target_loc) / target_scale + out * scale / target_scale``,
    with the level and scale of the target channel; a seasonal level holds one
    value per step ahead.
    """

    def __init__(self, target_channel, target_loc, target_scale, **kwargs):
        super().__init__(**kwargs)
        self.target_channel = int(target_channel)
        self.target_loc = [float(v) for v in target_loc]
        self.target_scale = [float(v) for v in target_scale]

    def build(self, input_shape):
        self._target_loc = _statistic(self, "target_loc", self.target_loc)
        self._target_scale = _statistic(self, "target_scale", self.target_scale)

    def call(self, inputs):
        out, level, scale = inputs
        c = self.target_channel
        loc, target_scale = self._target_loc, self._target_scale
        if len(level.shape) == 3:  # seasonal: one level per step ahead
            level = level[:, : out.shape[-1], c]
        else:
            level = level[:, c : c + 1]
        return (level - loc + out * scale[:, c : c + 1]) / target_scale

    def get_config(self):
        return {
            **super().get_config(),
            "target_channel": self.target_channel,
            "target_loc": self.target_loc,
            "target_scale": self.target_scale,
        }


@keras.saving.register_keras_serializable(package="skltsm")
class TargetUnits(layers.Layer):
    """Map standardised outputs to the units of the target: ``out * scale + loc``."""

    def __init__(self, loc, scale, **kwargs):
        super().__init__(**kwargs)
        self.loc = [float(v) for v in loc]
        self.scale = [float(v) for v in scale]

    def call(self, out):
        return out * ops.convert_to_tensor(self.scale) + ops.convert_to_tensor(self.loc)

    def get_config(self):
        return {**super().get_config(), "loc": self.loc, "scale": self.scale}


class _Seeds:
    """The seeds of a network's random parts, drawn in order from one seed.

    Calling it gives the next seed, or ``None`` for every part when the
    network is built without a seed (Keras then draws them itself).
    """

    def __init__(self, seed):
        self._rng = None if seed is None else np.random.default_rng(seed)

    def __call__(self):
        return None if self._rng is None else int(self._rng.integers(2**31 - 1))

    def initializer(self, name):
        """A Keras initializer of its own seed (``"zeros"`` needs none)."""
        if name == "zeros":
            return name
        return initializers.get({"class_name": name, "config": {"seed": self()}})


def _one_lstm(units, seeds, **kwargs):
    return layers.LSTM(
        units,
        kernel_initializer=seeds.initializer("glorot_uniform"),
        recurrent_initializer=seeds.initializer("orthogonal"),
        seed=seeds(),
        **kwargs,
    )


def _lstm(units, *, bidirectional, name, seeds, **kwargs):
    if bidirectional:
        # a backward layer of its own seeds: Keras would copy the forward one's
        backward = _one_lstm(units, seeds, go_backwards=True, **kwargs)
        forward = _one_lstm(units, seeds, **kwargs)
        return layers.Bidirectional(forward, backward_layer=backward, name=name)
    return _one_lstm(units, seeds, name=name, **kwargs)


def _dense(units, seeds, *, zeros=False, **kwargs):
    initializer = "zeros" if zeros else "glorot_uniform"
    return layers.Dense(
        units, kernel_initializer=seeds.initializer(initializer), **kwargs
    )


def _dropout(rate, seeds, name):
    return layers.Dropout(rate, seed=seeds(), name=name)


def _normalize(inputs, window_norm):
    """Apply the window normalisation if asked; return (x, state for the end)."""
    if window_norm is None:
        return inputs, None
    x, level, scale = WindowNormalization(
        window_norm["method"],
        window_norm["channel_scale"],
        season_length=window_norm.get("season_length"),
        name="window_norm",
    )(inputs)
    return x, (level, scale)


def _output_zeros(state):
    """Whether the output layer starts at zero: after a window normalisation,
    so that the untrained network forecasts the normalisation's own naive
    forecast (the last value, the window mean, the seasonal naive with drift),
    and training learns corrections to it."""
    return state is not None


def _denormalize(out, state, window_norm):
    if state is None:
        return out
    return WindowDenormalization(
        window_norm["target_channel"],
        window_norm["target_loc"],
        window_norm["target_scale"],
        name="window_denorm",
    )([out, *state])


def build_lstm(
    input_shape,
    n_outputs,
    *,
    units=(64,),
    dropout=0.0,
    recurrent_dropout=0.0,
    bidirectional=False,
    dense_units=(),
    window_norm=None,
    seed=None,
):
    """A many-to-one stacked LSTM with a dense head.

    ``Input → [LSTM(u) → Dropout]… → Dense(d)… → Dense(n_outputs)``; every LSTM
    but the last returns sequences. ``window_norm`` is ``None`` or a dict with
    the keys ``method``, ``channel_scale``, ``target_channel``, ``target_loc``
    and ``target_scale`` (see :class:`WindowNormalization`). ``seed`` seeds
    every random part.
    """
    seeds = _Seeds(seed)
    inputs = keras.Input(shape=input_shape, name="windows")
    x, state = _normalize(inputs, window_norm)
    for i, n_units in enumerate(units):
        last = i == len(units) - 1
        x = _lstm(
            n_units,
            bidirectional=bidirectional,
            name=f"lstm_{i}",
            seeds=seeds,
            return_sequences=not last,
            recurrent_dropout=recurrent_dropout,
        )(x)
        if dropout:
            x = _dropout(dropout, seeds, name=f"dropout_{i}")(x)
    for i, n_units in enumerate(dense_units):
        x = _dense(n_units, seeds, name=f"dense_{i}")(x)
    out = _dense(n_outputs, seeds, zeros=_output_zeros(state), name="output")(x)
    return keras.Model(inputs, _denormalize(out, state, window_norm), name="lstm")


def build_seq2seq(
    input_shape,
    n_outputs,
    *,
    units=64,
    decoder_units=None,
    dropout=0.0,
    recurrent_dropout=0.0,
    bidirectional=False,
    window_norm=None,
    seed=None,
):
    """An encoder–decoder LSTM for multi-step targets.

    ``Input → LSTM encoder → RepeatVector(n_outputs) → LSTM decoder (sequences)
    → TimeDistributed(Dense(1)) → (n_outputs,)``. With ``bidirectional`` both the
    encoder and the decoder read in both directions. ``seed`` seeds every random
    part.
    """
    seeds = _Seeds(seed)
    inputs = keras.Input(shape=input_shape, name="windows")
    x, state = _normalize(inputs, window_norm)
    x = _lstm(
        units,
        bidirectional=bidirectional,
        name="encoder",
        seeds=seeds,
        recurrent_dropout=recurrent_dropout,
    )(x)
    if dropout:
        x = _dropout(dropout, seeds, name="encoder_dropout")(x)
    x = layers.RepeatVector(n_outputs, name="repeat")(x)
    x = _lstm(
        units if decoder_units is None else decoder_units,
        bidirectional=bidirectional,
        name="decoder",
        seeds=seeds,
        return_sequences=True,
        recurrent_dropout=recurrent_dropout,
    )(x)
    if dropout:
        x = _dropout(dropout, seeds, name="decoder_dropout")(x)
    x = layers.TimeDistributed(
        _dense(1, seeds, zeros=_output_zeros(state)), name="output"
    )(x)
    out = layers.Reshape((n_outputs,), name="steps")(x)
    return keras.Model(inputs, _denormalize(out, state, window_norm), name="seq2seq")
