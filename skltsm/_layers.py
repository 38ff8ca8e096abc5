"""The layers of skltsm's networks: window normalisation and its inverse, and
the target's units for an exported network.

They are registered with Keras (package ``skltsm``), so that a network saved in
Keras' native format loads again after ``import skltsm``.
"""

import keras
import numpy as np
from keras import initializers, layers, ops

from ._smoothing import (
    DEFAULT_SMOOTHING,
    SMOOTHING_COLUMNS,
    holt_winters,
    smoothing_channels,
    state_forecast,
)
from ._spread import mean_change

__all__ = [
    "SPREAD_FLOOR",
    "WINDOW_NORMS",
    "WINDOW_SCALES",
    "FutureInputs",
    "MemberOutputs",
    "MemberRows",
    "TargetUnits",
    "WindowDenormalization",
    "WindowNormalization",
    "full_precision",
]

WINDOW_NORMS = ("last", "mean", "standard", "seasonal", "holt_winters")
WINDOW_SCALES = ("channel", "spread")
# the smallest size of a window (``scale="spread"``), relative to its channel's
# scale: a window that does not change reads as zeros, not as a division by zero
SPREAD_FLOOR = 1e-5


def full_precision():
    """The dtype that skltsm's layers compute in unless given one: the
    variable dtype of Keras' policy. Under mixed precision
    (``"mixed_float16"``) they compute in float32, not in float16, whose
    steps of 8 at 1e4 would round a series' level (and whose range ends at
    65504); under float64, in float64. The layers after the output's
    denormalisation (an ensemble's) take it too, so that the outputs are
    not rounded again."""
    return keras.config.dtype_policy().variable_dtype


def _statistic(layer, name, values):
    """A non-trainable weight holding statistics of the data, in the layer's
    variable type: under Keras' float64 policy, a level of 1e9 is not
    rounded to float32's steps of 64.

    Held as weights rather than as constants of the graph, the statistics are
    part of the network's state: networks of one architecture then compile to
    one program whatever data they were fitted on, which a compilation cache
    (JAX's) serves again.
    """
    return layer.add_weight(
        shape=(len(values),),
        initializer=initializers.Constant(
            np.asarray(values, dtype=layer.variable_dtype)
        ),
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
    ``m = season_length``) relative to their mean over the last season, ``d``
    (the mean of the last ``m`` such changes, or of as many as the window
    holds), and its level is the seasonal naive forecast with that drift: for
    the ``horizon`` steps ahead, ``x[T+h-k·m] + k·d`` with ``k = ceil(h / m)``.
    With ``n_seasons = K`` above 1, the drift is the mean of the last ``K·m``
    changes and the level the mean over ``j < K`` of ``x[T+h-(k+j)·m] +
    (k+j)·d``: each of the last ``K`` seasons forecasts, moved by the drift.
    ``"holt_winters"`` smooths each window by additive damped Holt-Winters
    with the constants ``smoothing`` (see ``_smoothing.holt_winters``): its
    level is that smoothing's forecast for the ``horizon`` steps ahead, and
    the network reads the window less its smoothed season and last level.
    With ``smoothing="channels"``, the last four channels of each window hold
    its constants (read at its last step); with ``"state"``, the three
    before them hold the smoothing's state at each step, run over the series
    from its start, and ``"holt_winters"`` forecasts from that state
    (``_smoothing.state_forecast``) instead of smoothing the window afresh.
    Whatever the method, these channels are not series, and the windows
    returned leave them out. With ``scale="spread"``, every method but
    ``"standard"`` divides by each window's own size instead of the
    channel's global scale: its mean absolute change over a season
    (``season_length``; a step without one), at least ``SPREAD_FLOOR``
    times the channel's scale, so that a window reads the same, and the
    output maps back the same, whatever the units of its series. Returns
    the normalised windows, the level and the scale, so that
    :class:`WindowDenormalization` can map the output back.
    """

    def __init__(
        self,
        method,
        channel_scale,
        epsilon=1e-6,
        season_length=None,
        horizon=None,
        n_seasons=1,
        smoothing=DEFAULT_SMOOTHING,
        scale="channel",
        **kwargs,
    ):
        super().__init__(**{"dtype": full_precision(), **kwargs})
        self.method = method
        self.scale = scale
        self.channel_scale = [float(s) for s in channel_scale]
        self.epsilon = epsilon
        self.season_length = season_length
        self.horizon = horizon
        self.n_seasons = int(n_seasons)
        self.smoothing = (
            smoothing
            if smoothing_channels(smoothing)
            else [float(v) for v in smoothing]
        )

    def build(self, input_shape):
        self._channel_scale = _statistic(self, "channel_scale", self.channel_scale)
        if self.method == "holt_winters" and not smoothing_channels(self.smoothing):
            self._smoothing = _statistic(self, "smoothing", self.smoothing)

    def call(self, x):
        channel_scale = self._channel_scale
        state = None
        n = smoothing_channels(self.smoothing)
        if n:
            k = len(SMOOTHING_COLUMNS)
            smoothing = [x[:, -1, i - k][:, None] for i in range(k)]
            if n > k:
                state = x[:, :, -n:-k]
            x, channel_scale = x[:, :, :-n], channel_scale[:-n]
        elif self.method == "holt_winters":
            smoothing = [self._smoothing[i] for i in range(4)]
        if self.method in ("mean", "standard"):
            # the mean of the changes from the last value: a channel that does
            # not change in a window is centred to exactly 0, where its mean
            # is off by a rounding, which the division below (by the
            # epsilon, or the spread's floor) made a value of order one
            last = x[:, -1:, :]
            shift = ops.mean(x - last, axis=1, keepdims=True)
            level = last + shift
        if self.method == "standard":
            # centred and divided by the channel's scale before squaring, so
            # that the spread of a window of 1e30s stays in float32's range
            centred = (x - last - shift) / channel_scale
            spread = ops.std(centred, axis=1, keepdims=True) + self.epsilon
            return centred / spread, level[:, 0, :], spread[:, 0, :] * channel_scale
        # each window's size, shape (batch, 1, channels)
        if self.scale == "spread":
            spread = mean_change(x, self.season_length or 1, xp=ops)
            scale = ops.maximum(spread, SPREAD_FLOOR * channel_scale)[:, None, :]
        else:
            scale = ops.ones_like(x[:, :1, :]) * channel_scale
        if self.method == "holt_winters":
            horizon = self.horizon or 1
            if state is not None:
                level, residual = state_forecast(
                    x, state, self.season_length, horizon, smoothing[3], xp=ops
                )
            else:
                level, residual = holt_winters(
                    x, self.season_length, horizon, smoothing, xp=ops
                )
            return residual / scale, level, scale[:, 0, :]
        if self.method == "seasonal":
            m, n = self.season_length, self.n_seasons
            change = x[:, m:, :] - x[:, :-m, :]
            drift = ops.mean(change[:, -n * m :, :], axis=1, keepdims=True)
            # step h repeats the season k = ceil(h / m) back, plus k changes;
            # with n seasons, the mean of the seasons k … k + n - 1 back, each
            # plus its changes
            seasons = np.ceil(np.arange(1, (self.horizon or m) + 1) / m)
            steps = (np.arange(len(seasons)) % m).tolist()
            length = x.shape[1]
            profile = ops.take(x[:, length - m :, :], steps, axis=1)
            for j in range(1, n):
                back = x[:, length - (j + 1) * m : length - j * m, :]
                profile = profile + ops.take(back, steps, axis=1)
            if n > 1:
                profile = profile / n
            seasons = seasons + (n - 1) / 2  # the mean of k … k + n - 1
            # in the layer's float type (float64 where Keras' floatx is)
            seasons = ops.convert_to_tensor(seasons, dtype=drift.dtype)
            level = profile + drift * seasons[None, :, None]
            return (change - drift) / scale, level, scale[:, 0, :]
        if self.method == "last":
            return (x - x[:, -1:, :]) / scale, x[:, -1, :], scale[:, 0, :]
        return (x - last - shift) / scale, level[:, 0, :], scale[:, 0, :]

    def get_config(self):
        return {
            **super().get_config(),
            "method": self.method,
            "channel_scale": self.channel_scale,
            "epsilon": self.epsilon,
            "season_length": self.season_length,
            "horizon": self.horizon,
            "n_seasons": self.n_seasons,
            "smoothing": self.smoothing,
            "scale": self.scale,
        }


@keras.saving.register_keras_serializable(package="skltsm")
class FutureInputs(layers.Layer):
    """The inputs known over the forecast, standardised: the last ``horizon``
    steps of the last ``len(loc)`` channels (the lead channels of
    ``make_supervised(future=...)``), ``(x - loc) / scale``, shape
    ``(batch, horizon, len(loc))``."""

    def __init__(self, horizon, loc, scale, **kwargs):
        super().__init__(**{"dtype": full_precision(), **kwargs})
        self.horizon = int(horizon)
        self.loc = [float(v) for v in loc]
        self.scale = [float(v) for v in scale]

    def build(self, input_shape):
        self._loc = _statistic(self, "loc", self.loc)
        self._scale = _statistic(self, "scale", self.scale)

    def call(self, x):
        known = x[:, -self.horizon :, -len(self.loc) :]
        return (known - self._loc) / self._scale

    def get_config(self):
        return {
            **super().get_config(),
            "horizon": self.horizon,
            "loc": self.loc,
            "scale": self.scale,
        }


@keras.saving.register_keras_serializable(package="skltsm")
class WindowDenormalization(layers.Layer):
    """Map a window-relative output back to the (standardised) target units.

    ``y = (level - target_loc) / target_scale + out * scale / target_scale``,
    with the level and scale of the target channel; a seasonal level holds one
    value per step ahead. ``out`` is ``(batch, steps)``, or
    ``(batch, levels, steps)`` for quantiles.
    """

    def __init__(self, target_channel, target_loc, target_scale, **kwargs):
        super().__init__(**{"dtype": full_precision(), **kwargs})
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
        scale = scale[:, c : c + 1]
        if len(out.shape) == 3:  # quantile levels: (batch, level, step)
            level, scale = level[:, None, :], scale[:, None, :]
        return (level - loc + out * scale) / target_scale

    def get_config(self):
        return {
            **super().get_config(),
            "target_channel": self.target_channel,
            "target_loc": self.target_loc,
            "target_scale": self.target_scale,
        }


class _Member(layers.Layer):
    """A layer of member ``member`` of ``n_members``, which acts while training
    only (see :class:`MemberRows`)."""

    def __init__(self, member, n_members, **kwargs):
        super().__init__(**{"dtype": full_precision(), **kwargs})
        self.member = int(member)
        self.n_members = int(n_members)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {
            **super().get_config(),
            "member": self.member,
            "n_members": self.n_members,
        }


@keras.saving.register_keras_serializable(package="skltsm")
class MemberRows(_Member):
    """One member's rows of a batch stacked member by member, while training;
    every row otherwise.

    Each member of an ensemble trains on batches of its own, in an order of
    its own, as a network fitted alone would: a training step reads one
    batch per member, stacked (``WindowBatches(members=...)``), member
    ``member`` computes on its block alone, and :class:`MemberOutputs` puts
    its outputs back in the block's rows. At prediction every member reads
    every row.
    """

    def call(self, inputs, training=None):
        if not training:
            return inputs
        blocks = ops.reshape(inputs, (self.n_members, -1, *inputs.shape[1:]))
        return blocks[self.member]


@keras.saving.register_keras_serializable(package="skltsm")
class MemberOutputs(_Member):
    """A member's outputs on its block (:class:`MemberRows`) in the block's
    rows of the stacked batch, zero in the other members' rows (whose
    weight in the loss is zero), while training; the outputs as they are
    otherwise."""

    def call(self, inputs, training=None):
        if not training:
            return inputs
        zeros = ops.zeros_like(inputs)
        blocks = [zeros] * self.n_members
        blocks[self.member] = inputs
        return ops.concatenate(blocks, axis=0)


@keras.saving.register_keras_serializable(package="skltsm")
class TargetUnits(layers.Layer):
    """Map standardised outputs to the units of the target: ``out * scale + loc``.

    An ensemble's outputs, ``(batch, members, steps)``, are combined by their
    median first, as the estimator combines them. A quantile network's
    (``quantiles``), ``(batch, members · n_levels, steps)``, are combined
    level by level and returned as ``(batch, steps, n_levels)``, one level
    too. (Saved before ``quantiles``, a network of several levels is read as
    one of quantiles.)
    """

    def __init__(self, loc, scale, n_levels=1, quantiles=False, **kwargs):
        super().__init__(**{"dtype": full_precision(), **kwargs})
        self.loc = [float(v) for v in loc]
        self.scale = [float(v) for v in scale]
        self.n_levels = int(n_levels)
        self.quantiles = bool(quantiles)

    def call(self, out):
        loc = ops.convert_to_tensor(self.loc, dtype=out.dtype)
        scale = ops.convert_to_tensor(self.scale, dtype=out.dtype)
        if self.quantiles or self.n_levels > 1:
            steps = out.shape[-1]
            out = ops.reshape(
                out, (-1, out.shape[1] // self.n_levels, self.n_levels, steps)
            )
            out = ops.transpose(ops.median(out, axis=1), (0, 2, 1))
            return out * scale[:, None] + loc[:, None]
        if len(out.shape) == 3:
            out = ops.median(out, axis=1)
        return out * scale + loc

    def get_config(self):
        return {
            **super().get_config(),
            "loc": self.loc,
            "scale": self.scale,
            "n_levels": self.n_levels,
            "quantiles": self.quantiles,
        }
