"""Holt-Winters exponential smoothing over each window, written once for
NumPy (``HoltWintersRegressor``) and Keras (``window_norm="holt_winters"``).

The recursion reads only the window: every row carries its own history, so
the smoothing starts afresh in each window, from its first seasons.
"""

from itertools import product

import numpy as np

__all__ = [
    "AUTO_SMOOTHINGS",
    "DEFAULT_SMOOTHING",
    "SMOOTHING_COLUMNS",
    "check_smoothing",
    "check_smoothing_channels",
    "choose_smoothing",
    "fitted_smoothing",
    "holt_winters",
]

# (level, trend, season, damping): a level that follows the recent values, a
# trend that keeps its start, damped, and a season that changes slowly
DEFAULT_SMOOTHING = (0.5, 0.0, 0.3, 0.9)
# what ``smoothing="auto"`` chooses among: a level that moves slowly or
# follows the recent values, a trend that keeps its start or adapts, a season
# that changes slowly or faster, a trend damped or not (16 in all: few enough
# that choosing on a short series does not fit its noise)
AUTO_SMOOTHINGS = tuple(product((0.2, 0.5), (0.0, 0.1), (0.1, 0.3), (0.9, 1.0)))
# ``smoothing="channels"``: each row carries its constants in its last four
# channels, these (``add_smoothing_channels`` appends them)
SMOOTHING_COLUMNS = (
    "smoothing_level",
    "smoothing_trend",
    "smoothing_season",
    "smoothing_damping",
)


def check_smoothing(smoothing):
    """The four smoothing constants as floats in [0, 1]; a ValueError naming
    them otherwise."""
    try:
        values = tuple(float(v) for v in smoothing)
    except (TypeError, ValueError):
        values = ()
    if len(values) != 4 or not all(0.0 <= v <= 1.0 for v in values):
        raise ValueError(
            "`smoothing` takes four numbers in [0, 1]: the smoothing constants "
            "of the level, the trend and the season, and the damping of the "
            f"trend, e.g. {DEFAULT_SMOOTHING}; got {smoothing!r}."
        )
    return values


def check_smoothing_channels(X, target_channel):
    """With ``smoothing="channels"``: the windows ``X`` (3-D) less their last
    four channels, and the constants those channels give each row at its last
    step, shape ``(n, 4)``; a ValueError where there is no such channel, where
    the target is one of them, or where a constant is outside [0, 1]."""
    n = len(SMOOTHING_COLUMNS)
    if X.ndim != 3 or X.shape[2] <= n:
        channels = 1 if X.ndim == 2 else X.shape[2]
        raise ValueError(
            f'`smoothing="channels"` reads each row\'s constants from its last '
            f"{n} channels, after the series' own: X has {channels}. Append them "
            "with add_smoothing_channels."
        )
    if target_channel >= X.shape[2] - n:
        raise ValueError(
            f"`target_channel={target_channel}` is one of the last {n} channels, "
            'which hold the smoothing constants with `smoothing="channels"`.'
        )
    constants = np.asarray(X[:, -1, -n:], dtype=np.float64)
    if not ((constants >= 0.0) & (constants <= 1.0)).all():
        raise ValueError(
            f'`smoothing="channels"`: the last {n} channels hold the smoothing '
            "constants (level, trend, season, damping), each in [0, 1]; X has "
            f"values from {constants.min():g} to {constants.max():g} there."
        )
    return X[:, :, :-n], constants


def holt_winters(x, season_length, horizon, smoothing, xp=np):
    """Additive damped Holt-Winters smoothing of each window.

    With level ``l``, trend ``b``, season ``s``, constants ``(α, β, γ, φ)``
    and ``m = season_length``, for each step ``t`` after the first season::

        l[t] = α (x[t] - s[t-m]) + (1 - α) (l[t-1] + φ b[t-1])
        b[t] = β (l[t] - l[t-1]) + (1 - β) φ b[t-1]
        s[t] = γ (x[t] - l[t]) + (1 - γ) s[t-m]

    and the forecast ``h`` steps ahead of the window's end ``T`` is
    ``l[T] + (φ + … + φ^h) b[T] + s[T - m + (h - 1) mod m + 1]``. The smoothing
    starts from the window's first season: its mean is the level, the change
    of the mean to the second season (where the window holds two) the trend,
    and the first season's values about that line the season.

    Parameters
    ----------
    x : array of shape (batch, window, channels)
        Windows, oldest step first, longer than ``season_length``.
    season_length : int
        The period ``m``.
    horizon : int
        The steps ahead to forecast.
    smoothing : sequence of 4
        ``(α, β, γ, φ)``: numbers, or scalar tensors of ``xp``; or arrays of
        shape ``(batch, 1)``, the constants of each window.
    xp : module, default=numpy
        The array functions: ``numpy`` or ``keras.ops``.

    Returns
    -------
    forecast : array of shape (batch, horizon, channels)
    residual : array of shape (batch, window, channels)
        The window less its season and its last level: what smoothing leaves.
    """
    alpha, beta, gamma, phi = smoothing
    m, length = season_length, x.shape[1]
    first = xp.mean(x[:, :m], axis=1)
    trend = first * 0.0
    if length >= 2 * m:
        trend = (xp.mean(x[:, m : 2 * m], axis=1) - first) / m
    middle = (m - 1) / 2  # the first season's mean is the level at its middle
    seasons = [x[:, i] - first - trend * (i - middle) for i in range(m)]
    level = first + trend * middle
    for t in range(m, length):
        previous = level
        level = alpha * (x[:, t] - seasons[t - m]) + (1 - alpha) * (
            previous + phi * trend
        )
        trend = beta * (level - previous) + (1 - beta) * phi * trend
        seasons.append(gamma * (x[:, t] - level) + (1 - gamma) * seasons[t - m])
    ahead = []
    damped = 0.0
    for h in range(1, horizon + 1):
        damped = damped + phi**h
        ahead.append(level + damped * trend + seasons[length - m + (h - 1) % m])
    forecast = xp.stack(ahead, axis=1)
    residual = x - xp.stack(seasons, axis=1) - level[:, None, :]
    return forecast, residual


def choose_smoothing(history, y, season_length, candidates=AUTO_SMOOTHINGS):
    """The constants among ``candidates`` whose forecasts from the windows
    ``history`` (batch, window) have the least mean absolute error on their
    targets ``y`` (batch, horizon) or (batch,); the first of equals."""
    x = np.asarray(history, dtype=np.float64)[:, :, np.newaxis]
    y = np.asarray(y, dtype=np.float64).reshape(len(x), -1)
    errors = [
        np.mean(np.abs(holt_winters(x, season_length, y.shape[1], c)[0][:, :, 0] - y))
        for c in candidates
    ]
    return tuple(float(v) for v in candidates[int(np.argmin(errors))])


def fitted_smoothing(smoothing, history, y, season_length):
    """The constants that forecast: ``smoothing`` checked, or, where it is
    ``"auto"``, those that ``choose_smoothing`` takes on these rows;
    ``"channels"`` stays (each row carries its own)."""
    if smoothing == "channels":
        return smoothing
    if smoothing == "auto":
        return choose_smoothing(history, y, season_length)
    return check_smoothing(smoothing)
