"""The checks of the level a forecast starts from: the last value of the
target's channel, which a window norm, a baseline and a linear model read.

A channel scaled before the model, or one that is not the target, puts every
forecast off by its scale (``check_target_level``), and consecutive rows show
which channel holds the target (``check_target_holder``, by
``channels_holding``, which the forecast scorer reads too); float32, in which
a network reads its windows, rounds a level of 1e9 to steps of 64
(``check_float32_level``). They warn, but not while a fit runs its checks
alone; a target that the rows show in another channel is refused.
"""

import warnings

import numpy as np

from ._check_context import checking_only, user_stacklevel

__all__ = ["channels_holding", "check_float32_level", "check_target_level"]


def check_target_level(X, y, channel, reader):
    """Warn where the target channel of the windows ``X`` (2-D: one channel)
    is far from ``y`` in level or spread: ``reader`` (in words) forecasts
    from that channel's level, so a channel scaled before the model, or one that is
    not the target, puts its forecasts off by the scale (silently, and by
    orders of magnitude). A ``y`` that does not vary tells nothing.

    Raise where the rows show that another channel holds the target
    (:func:`check_target_holder`): one in the units of ``y`` passes the
    check of level."""
    if X.ndim == 3:
        check_target_holder(X, y, channel, reader)
    last = np.asarray(X[:, -1] if X.ndim == 2 else X[:, -1, channel], np.float64)
    y = np.asarray(y, dtype=np.float64)
    first = y if y.ndim == 1 else y[:, 0]
    if len(first) == 0 or np.ptp(first) == 0:
        return  # a constant y (a baseline's placeholder) tells no level
    # (relative: a series in small units, 1e-15, is judged as any other)
    spread = np.std(first)
    gap = np.median(np.abs(first - last))
    # the next value and the last one: about the same level and spread
    ratio = np.std(last) / spread
    if (gap > 3 * spread or not 0.1 < ratio < 10) and not checking_only():
        warnings.warn(
            f"{reader} reads the level of the target channel "
            f"{channel} of X, but it is far from y: median |y - X[:, -1]| = "
            f"{gap:.3g}, std(y) = {spread:.3g}, std(X[:, -1]) = "
            f"{ratio * spread:.3g}. Is that channel scaled (e.g. by "
            "a SequenceScaler before the model) or not the target? Leave it in "
            "the units of y, or set `target_channel`.",
            UserWarning,
            stacklevel=user_stacklevel(),
        )


def check_target_holder(X, y, channel, reader):
    """Raise where channel ``channel`` of the windows ``X`` does not hold the
    target ``y`` and another channel does, as consecutive rows show it: a row
    whose window is the row before's one step on holds, as its last value of
    the target's channel, the row before's first target. ``reader`` (in
    words) reads the level of that channel: a table whose target is not its
    first column, ``target_channel`` left at 0, forecast the other column.

    Rows that do not follow one another (a fold's in another order, a few
    of them), a channel scaled before the model, or a target that is no
    channel of the windows tell nothing: nothing is refused."""
    if X.shape[1] < 2 or len(X) < 2:
        return
    first = np.asarray(y).reshape(len(y), -1)[:, 0]
    # the pairs of rows one step apart: every channel moved on by a step
    on = np.flatnonzero((X[1:, -2] == X[:-1, -1]).all(axis=1))
    if len(on) < 3:
        return
    holds = channels_holding(X[on + 1, -1], first[on].astype(X.dtype, copy=False))
    if holds and channel not in holds:
        raise ValueError(
            f"{reader} reads the level of the target from channel {channel} of "
            f"X, which is not the target `y` (its values are not those of `y` a "
            f"step later); channel {holds[0]} is. Set `target_channel="
            f"{holds[0]}` (make_supervised puts the channels in the order of "
            "the table's columns)."
        )


def channels_holding(last, before, equal_nan=False):
    """The channels whose last values ``last`` (shape (n_rows, n_channels),
    of rows each one step on from a row before) are ``before``, those rows'
    first targets in the windows' dtype: the target's channel, and any copy
    of it."""
    return [
        c
        for c in range(last.shape[1])
        if np.array_equal(last[:, c], before, equal_nan=equal_nan)
    ]


def check_float32_level(X, channel, reader):
    """Warn where float32, in which the network reads the windows ``X``,
    rounds the values of a channel by more than a tenth of their changes:
    ``reader`` (in words) reads those changes, and forecasts from the
    rounded level of the target channel ``channel``, silently off by as
    much (at a level of 1e9, steps of 64).

    Every channel is read, and each row by its own level (``_float32_loss``):
    a series of a panel at 1e9 is told beside one that moves by 1000."""
    if X.shape[1] < 2 or checking_only():
        return
    for c in range(X.shape[2]):
        loss = _float32_loss(X, c)
        if loss is None:
            continue
        top, spacing, change, n_rows, n_moved = loss
        target = c == channel
        where = (
            ""
            if n_rows == n_moved
            else f" in {n_rows} of its {len(X)} rows, those of series at that level"
        )
        warnings.warn(
            f"{reader} reads {'the target channel' if target else 'channel'} "
            f"{c} of X in float32, as the network computes, which rounds its "
            f"values (up to {top:.3g}) to steps of {spacing:.3g}, more than a "
            f"tenth of their mean change from step to step ({change:.3g}){where}:"
            f" the changes the network reads"
            f"{' and the level it forecasts from' if target else ''} are off by "
            f"as much. Subtract a level from {'the' if target else 'its'} "
            "series before windowing (e.g. its first value)"
            f"{', and add it back to the forecasts' if target else ''}.",
            UserWarning,
            stacklevel=user_stacklevel(),
        )


def _float32_loss(X, channel):
    """Where float32 rounds channel ``channel`` of the windows ``X`` by more
    than a tenth of its changes: ``(top, spacing, change, n_rows,
    n_moved)``, the largest value of the rows so rounded at the coarsest
    such steps, those steps, those rows' mean change, the number of rows so
    rounded at any level and that of the rows that change; ``None`` where it
    rounds none so.

    Each row's change is its last step's, at the level of its two values:
    float32's steps are one between two powers of two, so the rows whose
    levels lie between the same ones (the rows of a series, or of several at
    that level) are judged together, by their mean change, and those of a
    series at another level apart. A change of zero, which float32 keeps, is
    left out. The last two steps alone are read: no n × window copy of the
    windows, which are a view."""
    last = np.asarray(X[:, -1, channel], np.float64)
    before = np.asarray(X[:, -2, channel], np.float64)
    change = np.abs(last - before)
    moved = change > 0
    if not moved.any():
        return None
    change = change[moved]
    level = np.maximum(np.abs(last[moved]), np.abs(before[moved]))
    # the powers of two above each level (float32's subnormals share a step)
    power = np.maximum(np.frexp(level)[1], -125)
    low = power.min()
    count = np.bincount(power - low)
    total = np.bincount(power - low, weights=change)
    spacing = np.ldexp(1.0, np.arange(low, low + len(count)) - 24)
    # a mean change below 5 steps: a value's rounding is up to half of one
    lost = np.flatnonzero((count > 0) & (total < 5 * spacing * count))
    if not len(lost):
        return None
    worst = lost[-1]
    top = level[power - low == worst].max()
    mean = total[worst] / count[worst]
    return top, spacing[worst], mean, int(count[lost].sum()), len(change)
