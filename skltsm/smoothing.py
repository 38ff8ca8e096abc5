"""Each series' own Holt-Winters constants, carried by its rows."""

from numbers import Integral

import numpy as np
import pandas as pd

from ._panel import check_lengths, is_panel, panel_parts
from ._series_validation import check_series
from ._smoothing import (
    SMOOTHING_COLUMNS,
    STATE_COLUMNS,
    choose_state_smoothing,
    fitted_smoothing,
    state_channels,
)
from ._validation import check_bool, check_positive_int
from .windowing import make_supervised

__all__ = ["add_smoothing_channels"]


def add_smoothing_channels(
    data, season_length, *, history, horizon, target=None, state=False, holdout=0
):
    """Append each series' own Holt-Winters constants as four channels.

    For each series, the constants ``(α, β, γ, φ)`` that
    ``HoltWintersRegressor(season_length, smoothing="auto")`` would choose on
    its rows alone (``make_supervised(series, history=history,
    horizon=horizon)``: the 16 candidates' least mean absolute error on its
    targets) are appended to it as four constant columns,
    ``smoothing_level``, ``smoothing_trend``, ``smoothing_season`` and
    ``smoothing_damping``. Windows of those series then carry their
    constants in their last four channels, which is what
    ``smoothing="channels"`` reads: one model across a panel smooths each
    series with that series' constants (the exponential-smoothing part of a
    hybrid such as the M4 competition's winner, with each series'
    constants chosen, not learned), where ``smoothing="auto"`` on the
    stacked rows would choose one set for all.

    With ``state=True``, the smoothing runs over each series from its
    start instead of afresh in each window, as a fitted exponential
    smoothing model's does: three more channels, before the constants,
    carry its state at every step (``smoothed_level``, ``smoothed_trend``
    and ``smoothed_season``; each step's from the values up to it only,
    from the end of the series' second season on, and from its first two
    seasons, from which the smoothing starts, before: ``history`` must then
    hold two seasons at least),
    which ``smoothing="state"`` reads, and the constants are those whose
    smoothing from the series' start forecasts its rows' targets best. A
    window then forecasts with what the whole history before its end
    taught the smoothing, not with what its own few seasons do.

    The constants are chosen on the rows of ``data`` whose targets come
    before its last ``holdout`` values (every row by default): give it the
    training part of each series, not the part you will test on, or the
    whole series with ``holdout`` set to the part held out. To
    cross-validate on the channels, build each fold's with ``holdout`` so
    that its constants come from its training rows alone (see
    :ref:`panels`).

    Parameters
    ----------
    data : array-like, pandas Series or DataFrame, or a panel of them
        A series as :func:`make_supervised` takes it, or a panel (a dict or a
        list of series, or a pandas object whose ``MultiIndex`` ends with the
        time).
    season_length : int
        The seasonal period ``m``, in steps.
    history : int
        The windows that the constants are chosen on (longer than
        ``season_length``): those the model will read.
    horizon : int
        The steps ahead that they are chosen to forecast.
    target : label or int, default=None
        The target column, as in :func:`make_supervised`; needed when a series
        has several.
    state : bool, default=False
        Also append the smoothing's state at each step, run from each
        series' start (three channels, before the constants), for
        ``smoothing="state"``.
    holdout : int, default=0
        The last ``holdout`` values of each series are left out of the
        choice of its constants: no row whose targets reach into them is
        scored. The channels still cover them (the constants are constant;
        each step's state reads the values up to it only).

    Returns
    -------
    data : ndarray, DataFrame, or dict of them
        Each series with four more columns, last (seven with ``state``): an
        array of shape ``(n_timesteps, n_channels + 4)`` for an array, a
        DataFrame for pandas input (a Series becomes its column, named by
        the Series or ``"y"``).
        A panel comes back as a dict by series id, which
        :func:`make_supervised` takes.

    See Also
    --------
    HoltWintersRegressor : The smoothing, and its ``smoothing="channels"``.

    Notes
    -----
    The constant columns are inputs known over any forecast: to forecast
    further than ``horizon`` with :func:`recursive_forecast`, give their
    values at the future times in ``future`` (the same constants). The state
    columns are not: a model that reads them forecasts ``horizon`` steps
    from a series' end, at once, and no further.

    Examples
    --------
    >>> import numpy as np
    >>> from skltsm import HoltWintersRegressor, make_supervised
    >>> from skltsm import add_smoothing_channels
    >>> season = np.tile([1.0, 3.0, 2.0, 4.0], 8)
    >>> noisy = season + np.random.default_rng(0).normal(scale=0.3, size=32)
    >>> panel = {"noisy": noisy, "rising": season + np.arange(32.0)}
    >>> panel = add_smoothing_channels(panel, 4, history=12, horizon=4)
    >>> panel["noisy"][0, 1:], panel["rising"][0, 1:]  # after each value
    (array([0.5, 0.1, 0.3, 0.9]), array([0.5, 0. , 0.1, 1. ]))
    >>> X, y = make_supervised(panel, history=12, horizon=4, target=0)
    >>> X.shape
    (34, 12, 5)
    >>> model = HoltWintersRegressor(4, smoothing="channels").fit(X, y)
    >>> np.round(model.predict(X[-1:]), 6)  # "rising": its own constants, exact
    array([[29., 32., 32., 35.]])
    """
    season_length = check_positive_int(season_length, "season_length")
    history = check_positive_int(history, "history")
    horizon = check_positive_int(horizon, "horizon")
    if isinstance(holdout, bool) or not isinstance(holdout, Integral) or holdout < 0:
        raise ValueError(f"`holdout` must be an integer >= 0, got {holdout!r}.")
    state = check_bool(state, "state")
    if state and history < 2 * season_length:
        raise ValueError(
            f"`state=True` needs `history={history}` >= 2 * season_length = "
            f"{2 * season_length}: the smoothing starts from each series' first "
            "two seasons, so until their end a step's state reads them, and the "
            "first rows of a shorter history would read their own targets."
        )
    settings = (season_length, history, horizon, target, state, holdout)
    if not is_panel(data):
        return _with_constants(data, *settings)
    ids, parts, _ = panel_parts(data)
    check_lengths(ids, [len(part) for part in parts], history, horizon)
    return {
        series_id: _with_constants(part, *settings, name=f"data[{series_id!r}]")
        for series_id, part in zip(ids, parts, strict=True)
    }


def _with_constants(
    series, season_length, history, horizon, target, state, holdout, name="data"
):
    """One series (``name`` in messages) with its constants (and its state)
    appended, chosen on its rows whose targets end before its last
    ``holdout`` values."""
    values, _, _, target_pos, _ = check_series(series, target=target, name=name)
    X, y = make_supervised(series, history=history, horizon=horizon, target=target)
    if X.shape[1] <= season_length:
        raise ValueError(
            f"`history={history}` must be longer than `season_length="
            f"{season_length}`: the smoothing starts from a window's first season."
        )
    # row i's last target is followed by len(y) - 1 - i values
    chosen = len(y) - holdout
    if chosen < 1:
        raise ValueError(
            f"`holdout={holdout}` leaves no row of {name} to choose its "
            f"constants on: it has {len(y)} rows of history={history} and "
            f"horizon={horizon}."
        )
    X, y = X[:chosen], np.asarray(y)[:chosen]
    if state:
        target_values = values[:, target_pos]
        constants = choose_state_smoothing(target_values, y, history, season_length)
        names = list(STATE_COLUMNS) + list(SMOOTHING_COLUMNS)
        columns = state_channels(target_values, season_length, constants)
    else:
        constants = fitted_smoothing("auto", X[:, :, target_pos], y, season_length)
        names = list(SMOOTHING_COLUMNS)
        columns = np.broadcast_to(np.asarray(constants), (len(values), 4))
    if isinstance(series, pd.Series):
        series = series.to_frame("y" if series.name is None else series.name)
    if isinstance(series, pd.DataFrame):
        taken = [str(c) for c in series.columns if str(c) in names]
        if taken:
            raise ValueError(
                f"{name} already has columns named {taken}: the smoothing's "
                f"channels would replace them. Rename them first."
            )
        return series.assign(**dict(zip(names, columns.T, strict=True)))
    return np.hstack([values, columns])
