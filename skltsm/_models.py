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

from ._compat import serializing_without_tensorflow
from ._layers import (
    FutureInputs,
    MemberOutputs,
    MemberRows,
    WindowDenormalization,
    WindowNormalization,
    full_precision,
)
from ._quantiles import MedianPenalty, OrderedQuantiles
from ._smoothing import DEFAULT_SMOOTHING

__all__ = ["build_lstm", "build_seq2seq", "running_members"]


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
    # int(): Keras refuses NumPy's integers (a grid made with np.arange)
    return layers.LSTM(
        int(units),
        kernel_initializer=seeds.initializer("glorot_uniform"),
        recurrent_initializer=seeds.initializer("orthogonal"),
        seed=seeds(),
        **kwargs,
    )


def _lstm(units, *, bidirectional, name, seeds, **kwargs):
    if bidirectional:
        # a backward layer of its own seeds: Keras would copy the forward one's.
        # Both named (Keras renames them forward_<name>, backward_<name>): an
        # unnamed layer takes the next of Keras' global names, the one the
        # user's next LSTM would have had
        backward = _one_lstm(units, seeds, go_backwards=True, name=name, **kwargs)
        forward = _one_lstm(units, seeds, name=name, **kwargs)
        # Keras serializes the forward layer to make the pair, asking whether
        # it is a TensorFlow object: on JAX, an import of TensorFlow, its
        # seconds and its log lines, in a silent fit
        with serializing_without_tensorflow():
            return layers.Bidirectional(forward, backward_layer=backward, name=name)
    return _one_lstm(units, seeds, name=name, **kwargs)


def _dense(units, seeds, *, zeros=False, **kwargs):
    initializer = "zeros" if zeros else "glorot_uniform"
    return layers.Dense(
        int(units), kernel_initializer=seeds.initializer(initializer), **kwargs
    )


def _dropout(rate, seeds, name):
    return layers.Dropout(rate, seed=seeds(), name=name)


def _windows(input_shape):
    """The network's input, the windows, in its layers' float type
    (:func:`full_precision`): under Keras' float64 policy they reach the
    window norm unrounded, whatever ``floatx``."""
    return keras.Input(shape=input_shape, dtype=full_precision(), name="windows")


def _normalize(inputs, window_norm):
    """Apply the window normalisation if asked; return (x, state for the end)."""
    if window_norm is None:
        return inputs, None
    x, level, scale = WindowNormalization(
        window_norm["method"],
        window_norm["channel_scale"],
        season_length=window_norm.get("season_length"),
        n_seasons=window_norm.get("n_seasons", 1),
        smoothing=window_norm.get("smoothing", DEFAULT_SMOOTHING),
        horizon=window_norm.get("horizon"),
        scale=window_norm.get("scale", "channel"),
        name="window_norm",
    )(inputs)
    return x, (level, scale)


def _output_zeros(state):
    """Whether the output layer starts at zero: after a window normalisation,
    so that the untrained network forecasts the normalisation's own naive
    forecast (the last value, the window mean, the seasonal naive with drift),
    and training learns corrections to it."""
    return state is not None


def _denormalize(out, state, window_norm, prefix=""):
    if state is None:
        return out
    return WindowDenormalization(
        window_norm["target_channel"],
        window_norm["target_loc"],
        window_norm["target_scale"],
        name=f"{prefix}window_denorm",
    )([out, *state])


def _members(n_members, body, x, future, state, window_norm):
    """``n_members`` networks side by side, each with its own weights:
    ``body(x, future, prefix)`` builds one (its layers' names start with
    ``prefix``), whose output the window norm's ``state`` maps back; while
    training, each member reads its own rows of the batch (see
    :class:`MemberRows`). Outputs ``(batch, steps)`` for one, ``(batch,
    members, steps)`` for several (``(batch, quantiles, steps)`` and
    ``(batch, members · quantiles, steps)`` for quantiles)."""
    if n_members == 1:
        return _denormalize(body(x, future, ""), state, window_norm)
    outs = []
    for k in range(n_members):
        rows = MemberRows(k, n_members, name=f"m{k}_rows")
        own = [None if t is None else rows(t) for t in (x, future, *(state or ()))]
        out = body(own[0], own[1], f"m{k}_")
        own_state = None if state is None else own[2:]
        out = _denormalize(out, own_state, window_norm, f"m{k}_")
        outs.append(MemberOutputs(k, n_members, name=f"m{k}_outputs")(out))
    if len(outs[0].shape) == 2:
        steps = outs[0].shape[-1]
        outs = [
            layers.Reshape((1, steps), dtype=full_precision(), name=f"m{k}_member")(o)
            for k, o in enumerate(outs)
        ]
    return layers.Concatenate(axis=1, dtype=full_precision(), name="members")(outs)


def running_members(model, running):
    """The ensemble ``model`` with only its members ``running`` computed.

    The same layers (so the same weights) and the same outputs, ``(batch,
    members [· levels], steps)``, but where a member not running is zeros:
    its layers are left out of the steps, and the loss keeps its columns
    (those of a stopped member weigh nothing in it; see
    ``WindowBatches(running=...)``). An uncompiled ``keras.Model``.
    """
    parts = model.get_layer("members").input
    zeros = ops.zeros_like(parts[running[0]])
    outs = [part if k in running else zeros for k, part in enumerate(parts)]
    members = layers.Concatenate(axis=1, dtype=full_precision(), name="members")
    return keras.Model(model.inputs, members(outs), name=model.name)


def _quantiles(out, quantiles, prefix):
    """``(batch, n_quantiles, steps)`` outputs as ordered quantiles, or the
    point forecast ``out`` as it is. The levels are summed in full precision
    (under mixed precision, float32), as the window norm's inverse after
    them computes."""
    if quantiles is None:
        return out
    return OrderedQuantiles(
        quantiles.index(0.5), dtype=full_precision(), name=f"{prefix}ordered_quantiles"
    )(out)


def _future(inputs, n_outputs, future):
    """The known inputs over the ``n_outputs`` steps forecast, standardised,
    or ``None``."""
    if future is None:
        return None
    return FutureInputs(
        n_outputs, future["loc"], future["scale"], name="future_inputs"
    )(inputs)


def _penalty(output_penalty, quantiles=None, levels_last=False):
    """The L2 penalty on one member's outputs: on the median's alone for a
    quantile network (see :class:`MedianPenalty`; ``levels_last`` as there).
    An ensemble's loss is the sum of its members' data losses (as
    ``WindowBatches`` weighs their rows) and Keras adds each member's
    activity penalty in full: each member's penalty has the weight it has
    against its own data loss in a network of its own."""
    if not output_penalty:
        return None
    output_penalty = float(output_penalty)  # Keras refuses NumPy's float32
    if quantiles is not None:
        return MedianPenalty(
            output_penalty,
            len(quantiles),
            quantiles.index(0.5),
            levels_last=levels_last,
        )
    return keras.regularizers.L2(output_penalty)


def _linear_skip(x, future, size, seeds, prefix):
    """A linear map of the (normalised) window, and of the known inputs over
    the forecast, to ``size`` outputs; its weights start at zero, so that it
    changes nothing before training."""
    x = layers.Flatten(name=f"{prefix}skip_window")(x)
    if future is not None:
        ahead = layers.Flatten(name=f"{prefix}skip_future")(future)
        x = layers.Concatenate(name=f"{prefix}skip_inputs")([x, ahead])
    return _dense(size, seeds, zeros=True, name=f"{prefix}linear_skip")(x)


def build_lstm(
    input_shape,
    n_outputs,
    *,
    units=(64,),
    dropout=0.0,
    recurrent_dropout=0.0,
    bidirectional=False,
    dense_units=(),
    dense_activation=None,
    window_norm=None,
    n_members=1,
    output_penalty=0.0,
    linear_skip=False,
    future=None,
    quantiles=None,
    seed=None,
):
    """A many-to-one stacked LSTM with a dense head.

    ``Input → [LSTM(u) → Dropout]… → Dense(d)… → Dense(n_outputs)``; every LSTM
    but the last returns sequences, and the hidden dense layers have the
    activation ``dense_activation`` (``None``: linear). ``window_norm`` is
    ``None`` or a dict with the keys ``method``, ``channel_scale``,
    ``target_channel``, ``target_loc`` and ``target_scale`` (see
    :class:`WindowNormalization`). ``n_members`` networks of this architecture
    read the same input, side by side, each with weights of its own;
    ``output_penalty`` is an L2 penalty on each one's outputs, in full
    (before any denormalisation). With ``linear_skip``, a linear map of the
    normalised window and the known inputs is added to the head's output
    (zero at the start): a linear autoregression that the LSTM corrects.
    ``future`` is ``None`` or a dict with the keys ``channels``, ``loc`` and
    ``scale``: the last ``channels`` channels are lead channels of inputs
    known in advance, and their last ``n_outputs`` steps, standardised by
    ``loc`` and ``scale`` (not by the window normalisation, which would keep
    only their changes), join the last LSTM's output as inputs of the head.
    ``quantiles`` is ``None`` or the sorted levels (with 0.5) of a quantile
    forecast: the head then forecasts every level of every step, ``(batch,
    n_quantiles, n_outputs)``, in order (see :class:`OrderedQuantiles`).
    ``seed`` seeds every random part.
    """
    seeds = _Seeds(seed)
    inputs = _windows(input_shape)
    x, state = _normalize(inputs, window_norm)
    future = _future(inputs, n_outputs, future)

    def body(x, future, prefix):
        window = x
        for i, n_units in enumerate(units):
            last = i == len(units) - 1
            x = _lstm(
                n_units,
                bidirectional=bidirectional,
                name=f"{prefix}lstm_{i}",
                seeds=seeds,
                return_sequences=not last,
                recurrent_dropout=recurrent_dropout,
            )(x)
            if dropout:
                x = _dropout(dropout, seeds, name=f"{prefix}dropout_{i}")(x)
        if future is not None:
            flat = layers.Flatten(name=f"{prefix}future_flat")(future)
            x = layers.Concatenate(name=f"{prefix}with_future")([x, flat])
        for i, n_units in enumerate(dense_units):
            x = _dense(
                n_units, seeds, activation=dense_activation, name=f"{prefix}dense_{i}"
            )(x)
        n_levels = 1 if quantiles is None else len(quantiles)
        out = _dense(
            n_outputs * n_levels,
            seeds,
            zeros=_output_zeros(state),
            activity_regularizer=_penalty(output_penalty, quantiles),
            name=f"{prefix}output",
        )(x)
        if linear_skip:
            skip = _linear_skip(window, future, n_outputs * n_levels, seeds, prefix)
            out = layers.Add(name=f"{prefix}with_skip")([out, skip])
        if quantiles is not None:
            out = layers.Reshape((n_levels, n_outputs), name=f"{prefix}levels")(out)
        return _quantiles(out, quantiles, prefix)

    out = _members(n_members, body, x, future, state, window_norm)
    return keras.Model(inputs, out, name="lstm")


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
    n_members=1,
    output_penalty=0.0,
    linear_skip=False,
    future=None,
    quantiles=None,
    seed=None,
):
    """An encoder–decoder LSTM for multi-step targets.

    ``Input → LSTM encoder → RepeatVector(n_outputs) → LSTM decoder (sequences)
    → TimeDistributed(Dense(1)) → (n_outputs,)``. With ``bidirectional`` both the
    encoder and the decoder read in both directions. ``n_members``,
    ``output_penalty``, ``linear_skip``, ``future``, ``quantiles`` and ``seed`` as for
    :func:`build_lstm`; the inputs known in advance join the repeated
    encoding, step by step, as the decoder's input, and each step's output
    layer forecasts every quantile level of that step.
    """
    seeds = _Seeds(seed)
    inputs = _windows(input_shape)
    x, state = _normalize(inputs, window_norm)
    future = _future(inputs, n_outputs, future)

    def body(x, future, prefix):
        window = x
        x = _lstm(
            units,
            bidirectional=bidirectional,
            name=f"{prefix}encoder",
            seeds=seeds,
            recurrent_dropout=recurrent_dropout,
        )(x)
        if dropout:
            x = _dropout(dropout, seeds, name=f"{prefix}encoder_dropout")(x)
        x = layers.RepeatVector(n_outputs, name=f"{prefix}repeat")(x)
        if future is not None:
            x = layers.Concatenate(name=f"{prefix}with_future")([x, future])
        x = _lstm(
            units if decoder_units is None else decoder_units,
            bidirectional=bidirectional,
            name=f"{prefix}decoder",
            seeds=seeds,
            return_sequences=True,
            recurrent_dropout=recurrent_dropout,
        )(x)
        if dropout:
            x = _dropout(dropout, seeds, name=f"{prefix}decoder_dropout")(x)
        n_levels = 1 if quantiles is None else len(quantiles)
        # the penalty on the wrapper: TimeDistributed calls the inner layer's
        # ``call``, which never applies an activity regulariser of its own
        x = layers.TimeDistributed(
            _dense(
                n_levels, seeds, zeros=_output_zeros(state), name=f"{prefix}step_output"
            ),
            activity_regularizer=_penalty(output_penalty, quantiles, levels_last=True),
            name=f"{prefix}output",
        )(x)
        if linear_skip:  # (batch, steps, levels), as the output
            skip = _linear_skip(window, future, n_outputs * n_levels, seeds, prefix)
            skip = layers.Reshape((n_outputs, n_levels), name=f"{prefix}skip_steps")(
                skip
            )
            x = layers.Add(name=f"{prefix}with_skip")([x, skip])
        if quantiles is None:
            return layers.Reshape((n_outputs,), name=f"{prefix}steps")(x)
        x = layers.Permute((2, 1), name=f"{prefix}levels")(x)
        return _quantiles(x, quantiles, prefix)

    out = _members(n_members, body, x, future, state, window_norm)
    return keras.Model(inputs, out, name="seq2seq")
