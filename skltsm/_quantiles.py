"""Quantile regression in the networks: the levels, the output layer that keeps
quantiles in order, and the pinball loss.

A network with ``quantiles`` outputs, per member, ``(batch, n_quantiles,
steps)``. :class:`OrderedQuantiles` makes the quantiles non-crossing by
construction: the median is one output and every other quantile is the next
one inwards plus (or minus) a softplus, so a higher level can never be
forecast lower. The window denormalisation and the target scaling are maps
``a + b · out`` with ``b > 0``, which keep that order, and so does the median
of an ensemble's members, taken level by level.

They are registered with Keras (package ``skltsm``), so that a saved network
loads again after ``import skltsm``.
"""

from numbers import Real

import keras
import numpy as np
from keras import ops

__all__ = [
    "MedianPenalty",
    "OrderedQuantiles",
    "PinballLoss",
    "as_level",
    "asked_levels",
    "interpolation_weights",
    "level_positions",
    "quantile_levels",
]

# an alpha this close to a learnt level is that level (``0.5 - 0.9 / 2`` is
# 0.04999999999999999, and must read the level 0.05)
_LEVEL_TOLERANCE = 1e-9


def as_level(level):
    """A quantile level as the shortest decimal that float32 rounds it to,
    as a float: the one form in which levels are compared and looked up.

    A level computed (``1 - 0.9`` is 0.09999999999999998, ``0.7 - 0.2``
    0.49999999999999994) or stored in float32 (``np.float32(0.9)`` is
    0.8999999761581421) is the level it spells, which exact comparisons of
    floats would miss, and a conformal rank (``ceil((n + 1) q)``) would
    count one off. Levels closer than float32 tells apart are one level.

    >>> as_level(1 - 0.9), as_level(np.float32(0.9)), as_level(0.025)
    (0.1, 0.9, 0.025)
    """
    return float(str(np.float32(level)))


def quantile_levels(quantiles):
    """The levels a network trains: ``quantiles`` sorted, with the median
    (each level as ``as_level`` spells it).

    Returns ``None`` for ``quantiles=None``. Raises before any training if a
    level is not a number strictly between 0 and 1, or is given twice.
    """
    if quantiles is None:
        return None
    levels = list(np.ravel(np.asarray(quantiles, dtype=object)))
    if not levels or not all(
        isinstance(q, Real) and not isinstance(q, bool) and 0 < as_level(q) < 1
        for q in levels
    ):
        raise ValueError(
            "`quantiles` must be levels strictly between 0 and 1, such as "
            f"(0.1, 0.5, 0.9); got {quantiles!r}."
        )
    levels = [as_level(q) for q in levels]
    if len(set(levels)) != len(levels):
        raise ValueError(f"`quantiles` gives a level twice: {quantiles!r}.")
    return tuple(sorted({*levels, 0.5}))


def asked_levels(quantiles):
    """The levels of ``quantiles`` as ``as_level`` spells them, sorted
    (without the median unless given): what ``predict_quantiles`` returns."""
    return sorted(as_level(q) for q in np.ravel(quantiles))


def level_positions(levels, asked):
    """The position in ``levels`` of each level of ``asked``, ``None`` for
    one that is not there, both compared as ``as_level`` spells them.

    >>> level_positions([0.1, 0.5, 0.9], [1 - 0.9, 0.9, 0.95])
    [0, 2, None]
    """
    where = {as_level(q): k for k, q in enumerate(levels)}
    return [where.get(as_level(q)) for q in asked]


def interpolation_weights(levels, alpha, owner):
    """The matrix that maps the learnt ``levels`` (sorted) to the levels
    ``alpha``: a learnt level exactly, one in between linearly from its two
    neighbours. Raises, naming ``owner``, for a level outside the learnt range.

    >>> interpolation_weights([0.1, 0.5, 0.9], [0.3, 0.5], "A forecaster")
    array([[0.5, 0. ],
           [0.5, 1. ],
           [0. , 0. ]])
    """
    learnt = np.asarray(levels)
    alpha = np.array([as_level(a) for a in np.ravel(alpha)])
    outside = (alpha < learnt[0] - _LEVEL_TOLERANCE) | (
        alpha > learnt[-1] + _LEVEL_TOLERANCE
    )
    if outside.any():
        shown = [round(float(a), 10) for a in alpha[outside]]  # 0.5 - 0.9 / 2
        needed = tuple(sorted({*levels, *shown}))
        raise ValueError(
            f"{owner} learnt the quantile levels {levels} and interpolates "
            f"between them; it cannot forecast the level(s) {shown}, outside "
            f"[{learnt[0]}, {learnt[-1]}] (a coverage c reads the levels "
            "(1 - c) / 2 and (1 + c) / 2). Fit it with `quantiles` that span "
            f"them, such as quantiles={needed}."
        )
    weights = np.zeros((len(learnt), len(alpha)))
    for column, level in enumerate(np.clip(alpha, learnt[0], learnt[-1])):
        upper = int(np.searchsorted(learnt, level - _LEVEL_TOLERANCE))
        if abs(learnt[upper] - level) <= _LEVEL_TOLERANCE:  # a learnt level
            weights[upper, column] = 1.0
            continue
        share = (level - learnt[upper - 1]) / (learnt[upper] - learnt[upper - 1])
        weights[upper - 1, column], weights[upper, column] = 1.0 - share, share
    return weights


@keras.saving.register_keras_serializable(package="skltsm")
class OrderedQuantiles(keras.layers.Layer):
    """Non-crossing quantiles from unconstrained outputs.

    In: ``(batch, n_quantiles, steps)``. Out: the same shape, with row
    ``median`` as it came in and every other row the next one towards the
    median plus (above) or minus (below) the softplus of its own input. A
    network whose output layer starts at zero starts with its median at the
    window norm's naive forecast and its quantiles ``log 2`` scale units
    apart.
    """

    def __init__(self, median, **kwargs):
        super().__init__(**kwargs)
        self.median = int(median)

    def call(self, x):
        m = self.median
        centre = x[:, m : m + 1, :]
        above = ops.cumsum(ops.softplus(x[:, m + 1 :, :]), axis=1)
        below = ops.flip(
            ops.cumsum(ops.flip(ops.softplus(x[:, :m, :]), axis=1), axis=1), axis=1
        )
        return ops.concatenate([centre - below, centre, centre + above], axis=1)

    def get_config(self):
        return {**super().get_config(), "median": self.median}


@keras.saving.register_keras_serializable(package="skltsm")
class MedianPenalty(keras.regularizers.Regularizer):
    """An L2 penalty on the median's outputs of a quantile network's output
    layer: ``l2 · sum(median²)``.

    The penalty on a network's outputs (``output_penalty``) pulls its
    correction of the window norm's start toward zero, so the forecast toward
    the start. A quantile network's other outputs are the softplus-distances
    between its levels (:class:`OrderedQuantiles`), which no start has: pulled
    toward zero they would set every level ``log 2`` scale units from the next
    one, an interval shape (the outer levels twice as far out as the inner
    ones) that the data did not choose. So only the median is penalised.
    The outputs are ``(batch, n_levels · steps)``, level by level, or, with
    ``levels_last``, ``(batch, steps, n_levels)``.
    """

    def __init__(self, l2, n_levels, median, levels_last=False):
        self.l2 = float(l2)
        self.n_levels = int(n_levels)
        self.median = int(median)
        self.levels_last = bool(levels_last)

    def __call__(self, x):
        if self.levels_last:
            median = x[..., self.median]
        else:
            steps = x.shape[-1] // self.n_levels
            median = x[:, self.median * steps : (self.median + 1) * steps]
        return ops.cast(self.l2, dtype=x.dtype) * ops.sum(ops.square(median))

    def get_config(self):
        return {
            "l2": self.l2,
            "n_levels": self.n_levels,
            "median": self.median,
            "levels_last": self.levels_last,
        }


@keras.saving.register_keras_serializable(package="skltsm")
class PinballLoss(keras.losses.Loss):
    """The pinball (quantile) loss of every level at once.

    ``y_true`` is ``(batch, 1, steps)``; ``y_pred`` is ``(batch, members ·
    n_quantiles, steps)``, member by member, each with the levels in order.
    Row ``k`` is scored at level ``levels[k % n_quantiles]``:
    ``max(q · e, (q - 1) · e)`` with ``e = y_true - y_pred``.
    """

    def __init__(self, levels, n_members=1, name="pinball", **kwargs):
        super().__init__(name=name, **kwargs)
        self.levels = [float(q) for q in levels]
        self.n_members = int(n_members)

    def call(self, y_true, y_pred):
        tau = np.tile(np.asarray(self.levels), self.n_members)
        tau = ops.convert_to_tensor(tau[None, :, None], dtype=y_pred.dtype)
        error = ops.cast(y_true, y_pred.dtype) - y_pred
        # averaged over the steps, as Keras' mean squared error is: a row's
        # weight then applies to each member and level alike
        return ops.mean(ops.maximum(tau * error, (tau - 1.0) * error), axis=-1)

    def __call__(self, y_true, y_pred, sample_weight=None):
        # one weight per row, ``(batch,)``, weighs the row's every level:
        # Keras would broadcast it against the levels' axis instead (and
        # fail, or weigh levels by rows where they are as many)
        if sample_weight is not None and len(ops.shape(sample_weight)) == 1:
            sample_weight = ops.expand_dims(sample_weight, axis=-1)
        return super().__call__(y_true, y_pred, sample_weight=sample_weight)

    def get_config(self):
        return {
            **super().get_config(),
            "levels": self.levels,
            "n_members": self.n_members,
        }
