"""Holt-Winters exponential smoothing, written once for NumPy
(``HoltWintersRegressor``) and Keras (``window_norm="holt_winters"``).

With constants (``smoothing`` a tuple, ``"auto"`` or ``"channels"``) the
recursion reads only the window: every row carries its own history, so the
smoothing starts afresh in each window, from its first seasons. With
``smoothing="state"`` each row carries the smoothing's state instead, run
over its series from the series' start (``smoothing_state``): the window's
last step gives the level and the trend, its last season the seasons.
"""

from itertools import product

import numpy as np

__all__ = [
    "AUTO_SMOOTHINGS",
    "DEFAULT_SMOOTHING",
    "SMOOTHING_COLUMNS",
    "STATE_COLUMNS",
    "check_smoothing",
    "check_smoothing_channels",
    "check_state",
    "choose_smoothing",
    "fitted_smoothing",
    "holt_winters",
    "smoothing_channels",
    "smoothing_state",
    "state_channels",
    "state_forecast",
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
# ``smoothing="state"``: each row also carries the smoothing's state at each
# step, run over its series from the start, in these three channels, before
# the constants (``add_smoothing_channels(state=True)`` appends them)
STATE_COLUMNS = ("smoothed_level", "smoothed_trend", "smoothed_season")


def smoothing_channels(smoothing):
    """How many of the last channels of X ``smoothing`` reads: 4 (the
    constants) for ``"channels"``, 7 (the state, then the constants) for
    ``"state"``, none otherwise."""
    if not isinstance(smoothing, str):
        return 0
    if smoothing == "channels":
        return len(SMOOTHING_COLUMNS)
    if smoothing == "state":
        return len(STATE_COLUMNS) + len(SMOOTHING_COLUMNS)
    return 0


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


def check_smoothing_channels(
    X, target_channel, smoothing="channels", season_length=None
):
    """With ``smoothing="channels"`` or ``"state"``: the windows ``X`` (3-D)
    less the channels ``smoothing`` reads (``smoothing_channels``), the
    constants those channels give each row at its last step, shape
    ``(n, 4)``, and, with ``"state"``, the state channels, shape
    ``(n, window, 3)`` (``None`` otherwise); a ValueError where there are no
    such channels, where the target is one of them, where a constant is
    outside [0, 1] or changes within a window, or, with ``"state"`` and the
    ``season_length`` that reads it, where the state is not the smoothing of
    the target channel (``check_state``)."""
    n = smoothing_channels(smoothing)
    what = "state and constants" if smoothing == "state" else "constants"
    append = "add_smoothing_channels" + ("(state=True)" if smoothing == "state" else "")
    if X.ndim != 3 or X.shape[2] <= n:
        channels = 1 if X.ndim == 2 else X.shape[2]
        raise ValueError(
            f'`smoothing="{smoothing}"` reads each row\'s {what} from its last '
            f"{n} channels, after the series' own: X has {channels}. Append them "
            f"with {append}."
        )
    if target_channel >= X.shape[2] - n:
        raise ValueError(
            f"`target_channel={target_channel}` is one of the last {n} channels, "
            f'which hold the smoothing\'s {what} with `smoothing="{smoothing}"`.'
        )
    k = len(SMOOTHING_COLUMNS)
    constants = np.asarray(X[:, -1, -k:], dtype=np.float64)
    if not ((constants >= 0.0) & (constants <= 1.0)).all():
        raise ValueError(
            f'`smoothing="{smoothing}"`: the last {k} channels hold the smoothing '
            "constants (level, trend, season, damping), each in [0, 1]; X has "
            f"values from {constants.min():g} to {constants.max():g} there."
        )
    # the constants of a series are constant: channels that change within a
    # window are others (seasonal dummies appended after the constants, or
    # the series' own where none were appended), which the range alone lets
    # through wherever they stay in [0, 1]; to float32's rounding, as
    # constants given in float32 over a forecast round those of the series
    # (the farthest from the last step is the highest or the lowest: no
    # n × window copy of the windows, which are a view)
    read, last = X[:, :, -k:], X[:, -1, -k:]
    off = np.maximum(read.max(axis=1) - last, last - read.min(axis=1))
    changing = np.flatnonzero((off > 1e-6).any(axis=1))
    if len(changing):
        raise ValueError(
            f'`smoothing="{smoothing}"` reads each row\'s smoothing constants '
            f"from its last {k} channels, which are constant over each series, "
            f"but in {len(changing)} of {len(X)} rows (the first: row "
            f"{changing[0]}) they change within the window: they are other "
            f"channels. Append the constants with {append}, after any other "
            "channel of the series."
        )
    state = X[:, :, -n:-k] if smoothing == "state" else None
    if state is not None and season_length is not None:
        check_state(X[:, :, target_channel], state, constants, season_length)
    return X[:, :, :-n], constants, state


def check_state(x, state, constants, season_length, rtol=1e-5):
    """A ValueError where the state channels of some window (``state``, shape
    ``(n, window, 3)``) do not follow, at its last step, the Holt-Winters
    recursion of ``_smooth`` over its target channel ``x`` (``(n, window)``)
    with its constants (``(n, 4)``), to ``rtol`` of the terms' size:
    channels in another order, other channels than
    ``add_smoothing_channels(state=True)``'s, the state of another season
    than ``season_length``, or the state of other values (the series scaled
    after its state was appended, each channel by its own scale). The
    recursion is affine in the values, so a state appended to a series
    scaled or logged as a whole still follows it. One step of each
    window, a few columns of it: cheaper than the forecast."""
    m = season_length
    if x.shape[1] <= m:
        return
    values = np.asarray(x[:, -1], dtype=np.float64)
    level, trend, season = np.asarray(state[:, -1], dtype=np.float64).T
    previous, damped = np.asarray(state[:, -2, :2], dtype=np.float64).T
    before = np.asarray(state[:, -1 - m, 2], dtype=np.float64)
    alpha, beta, gamma, phi = np.asarray(constants, dtype=np.float64).T
    if m == 1:  # as in _smooth: no season
        gamma = 0.0 * gamma
    damped = phi * damped
    off = np.abs(
        [
            alpha * (values - before) + (1 - alpha) * (previous + damped) - level,
            beta * (level - previous) + (1 - beta) * damped - trend,
            gamma * (values - level) + (1 - gamma) * before - season,
        ]
    ).max(axis=0)
    size = np.abs([values, level, previous, damped, before, season]).max(axis=0)
    wrong = np.flatnonzero(~(off <= rtol * size))
    if len(wrong):
        raise ValueError(
            '`smoothing="state"` reads the smoothing\'s state (level, trend, '
            "season) from the 3 channels before the last 4, but in "
            f"{len(wrong)} of {len(values)} rows (the first: row {wrong[0]}) "
            "they are not the Holt-Winters smoothing of the target channel "
            f"with the row's constants and the model's season_length={m}. "
            "Append them with add_smoothing_channels(state=True) with the same "
            "season_length, last, and after any scaling of the series that the "
            "model reads (a SeriesScaler that divides each channel by its own "
            "scale gives the state other units than the series)."
        )


def _smooth(x, m, smoothing, xp, keep=True):
    """The recursion of ``holt_winters`` over each window of ``x``: the
    levels and trends from the first season's last step on, and the seasons
    of every step (lists of ``(batch, channels)`` arrays). ``keep=False``
    keeps only what a forecast reads: the last level and trend, and the
    seasons of the last ``m`` steps (memory of ``m`` steps, not the window's).
    """
    alpha, beta, gamma, phi = smoothing
    if m == 1:  # no season: its constant would make it a second level
        gamma = 0.0
    length = x.shape[1]
    first = xp.mean(x[:, :m], axis=1)
    trend = first * 0.0
    if length >= 2 * m:
        trend = (xp.mean(x[:, m : 2 * m], axis=1) - first) / m
    middle = (m - 1) / 2  # the first season's mean is the level at its middle
    seasons = [x[:, i] - first - trend * (i - middle) for i in range(m)]
    level = first + trend * middle
    levels, trends = [level], [trend]
    for t in range(m, length):
        previous, season = level, seasons[-m]  # the season of step t - m
        level = alpha * (x[:, t] - season) + (1 - alpha) * (previous + phi * trend)
        trend = beta * (level - previous) + (1 - beta) * phi * trend
        seasons.append(gamma * (x[:, t] - level) + (1 - gamma) * season)
        if keep:
            levels.append(level)
            trends.append(trend)
        else:
            del seasons[0]
    if not keep:
        return [level], [trend], seasons
    return levels, trends, seasons


def _ahead(level, trend, last_season, phi, horizon, xp):
    """The forecast ``level + (φ + … + φ^h) trend`` plus the season of the
    step's phase in ``last_season`` (the seasons of the last ``m`` steps),
    for ``h = 1 … horizon``: shape ``(batch, horizon, channels)``."""
    m, ahead, damped = len(last_season), [], 0.0
    for h in range(1, horizon + 1):
        damped = damped + phi**h
        ahead.append(level + damped * trend + last_season[(h - 1) % m])
    return xp.stack(ahead, axis=1)


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
    m = season_length
    levels, trends, seasons = _smooth(x, m, smoothing, xp)
    forecast = _ahead(levels[-1], trends[-1], seasons[-m:], smoothing[3], horizon, xp)
    residual = x - xp.stack(seasons, axis=1) - levels[-1][:, None, :]
    return forecast, residual


def holt_winters_forecast(x, season_length, horizon, smoothing):
    """The forecast of ``holt_winters`` alone (NumPy), in memory of
    ``season_length`` steps of the batch rather than of the whole window."""
    (level,), (trend,), seasons = _smooth(x, season_length, smoothing, np, keep=False)
    return _ahead(level, trend, seasons, smoothing[3], horizon, np)


def smoothing_state(values, season_length, smoothing):
    """The state of ``holt_winters`` at every step of one series, run from
    the series' start (its first two seasons): an array of shape
    ``(n_timesteps, 3)``, the level, the trend and the season of each step
    (the steps of the first season but its last carry the first level and
    trend). Each step's state reads the values up to it only, from the end
    of the second season on; before, it reads the first two seasons, which
    start the smoothing."""
    return _states(values, season_length, [smoothing])[0]


def state_channels(values, season_length, constants):
    """The seven channels that ``add_smoothing_channels(state=True)``
    appends to the series ``values`` (1-D) with the Holt-Winters
    ``constants`` given: its smoothing's state at each step, run from its
    start, then the constants. Shape ``(n_timesteps, 7)``."""
    values = np.asarray(values, dtype=np.float64)
    return np.hstack(
        [
            smoothing_state(values, season_length, constants),
            np.broadcast_to(np.asarray(constants, dtype=np.float64), (len(values), 4)),
        ]
    )


def _states(values, m, candidates):
    """``smoothing_state`` for each set of constants of ``candidates`` at
    once: shape ``(len(candidates), n_timesteps, 3)``."""
    constants = np.asarray(candidates, dtype=np.float64)
    x = np.asarray(values, dtype=np.float64).reshape(1, -1, 1)
    x = np.broadcast_to(x, (len(constants), x.shape[1], 1))
    levels, trends, seasons = _smooth(x, m, [c[:, None] for c in constants.T], np)
    lead = m - 1
    return np.stack(
        [
            np.concatenate([levels[0]] * lead + levels, axis=1),
            np.concatenate([trends[0]] * lead + trends, axis=1),
            np.concatenate(seasons, axis=1),
        ],
        axis=2,
    )


def state_forecast(x, state, season_length, horizon, phi, xp=np):
    """Holt-Winters' forecast from the state that each window carries
    (``smoothing="state"``): the level and trend of its last step, the
    seasons of its last ``season_length`` steps.

    Parameters
    ----------
    x : array of shape (batch, window, 1)
        The windows of the series.
    state : array of shape (batch, window, 3)
        The smoothing's level, trend and season at each step.
    season_length, horizon : int
    phi : number or array of shape (batch, 1)
        The damping of the trend.

    Returns
    -------
    forecast : array of shape (batch, horizon, 1)
    residual : array of shape (batch, window, 1)
        The window less each step's season and the last level.
    """
    m, length = season_length, state.shape[1]
    level, trend = state[:, -1, 0:1], state[:, -1, 1:2]
    last_season = [state[:, t, 2:3] for t in range(length - m, length)]
    forecast = _ahead(level, trend, last_season, phi, horizon, xp)
    residual = x - state[:, :, 2:3] - level[:, None, :]
    return forecast, residual


def choose_state_smoothing(
    values, y, history, season_length, candidates=AUTO_SMOOTHINGS
):
    """The constants among ``candidates`` whose smoothing of the series
    ``values`` from its start (``smoothing_state``) forecasts the targets
    ``y`` of its rows (``make_supervised(values, history=history, ...)``:
    row ``i`` ends at step ``history - 1 + i``) with the least mean absolute
    error; the first of equals."""
    values = np.asarray(values, dtype=np.float64)
    targets = np.asarray(y, dtype=np.float64).reshape(len(y), -1)
    m = season_length
    ends = history - 1 + np.arange(len(targets))
    last_season = ends[:, None] + np.arange(-m + 1, 1)  # each row's, (rows, m)
    x = values[last_season][:, :, np.newaxis]
    errors = []
    for c, state in zip(candidates, _states(values, m, candidates), strict=True):
        forecast, _ = state_forecast(x, state[last_season], m, targets.shape[1], c[3])
        errors.append(np.mean(np.abs(forecast[:, :, 0] - targets)))
    return tuple(float(v) for v in candidates[int(np.argmin(errors))])


def choose_smoothing(
    history, y, season_length, candidates=AUTO_SMOOTHINGS, sample_weight=None
):
    """The constants among ``candidates`` whose forecasts from the windows
    ``history`` (batch, window) have the least mean absolute error on their
    targets ``y`` (batch, horizon) or (batch,), each row weighed by
    ``sample_weight`` where given; the first of equals."""
    x = np.asarray(history, dtype=np.float64)[:, :, np.newaxis]
    y = np.asarray(y, dtype=np.float64).reshape(len(x), -1)
    weights = (
        None
        if sample_weight is None
        else np.broadcast_to(np.asarray(sample_weight, dtype=np.float64), len(x))
    )
    errors = []
    for c in candidates:
        error = np.abs(
            holt_winters_forecast(x, season_length, y.shape[1], c)[:, :, 0] - y
        )
        # unweighted, the mean of every error, to the bit as before weights
        # were taken (a near tie between candidates keeps its choice)
        errors.append(
            error.mean()
            if weights is None
            else np.average(error.mean(axis=1), weights=weights)
        )
    return tuple(float(v) for v in candidates[int(np.argmin(errors))])


def fitted_smoothing(smoothing, history, y, season_length, sample_weight=None):
    """The constants that forecast: ``smoothing`` checked, or, where it is
    ``"auto"``, those that ``choose_smoothing`` takes on these rows (weighed
    by ``sample_weight``); ``"channels"`` and ``"state"`` stay (each row
    carries its own)."""
    if smoothing in ("channels", "state"):
        return smoothing
    if smoothing == "auto":
        return choose_smoothing(history, y, season_length, sample_weight=sample_weight)
    return check_smoothing(smoothing)
