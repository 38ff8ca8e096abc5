"""Baselines that take the same windows as every other row of a comparison."""

from numbers import Integral

import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.utils.validation import check_is_fitted

from ._compat import Interval, StrOptions, _fit_context
from ._level_checks import check_target_level
from ._smoothing import (
    DEFAULT_SMOOTHING,
    check_smoothing_channels,
    fitted_smoothing,
    holt_winters_forecast,
    smoothing_channels,
    state_forecast,
)
from ._validation import check_sample_weight, check_target_channel, check_windows

__all__ = ["HoltWintersRegressor", "SeasonalNaiveRegressor"]


class _WindowBaseline(RegressorMixin, BaseEstimator):
    """What the baselines share: they take the windows of every other row of a
    comparison and forecast each window from its end (``_forecast`` of the
    target channel's history) once ``_check_window`` accepts its length. They
    learn nothing from the rows, or (``_learn``) a few constants at most."""

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Check the windows, remember the number of forecast steps and learn
        what the baseline learns from the rows, if anything.

        Parameters
        ----------
        X : array-like of shape (n_samples, window) or \
                (n_samples, window, n_channels)
            Windows, oldest step first.
        y : array-like of shape (n_samples,) or (n_samples, horizon)
            Targets; only their number of columns is used, except where
            ``HoltWintersRegressor(smoothing="auto")`` chooses its constants.
        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the rows, checked as the networks check theirs (finite,
            not negative, not all zero). They weigh the errors by which
            ``smoothing="auto"`` chooses its constants; a baseline that learns
            nothing forecasts the same whatever the weights, and takes them so
            that it is compared on the same fit parameters as the networks
            (``cross_validate(..., params={"sample_weight": w})``).

        Returns
        -------
        self : object
            The fitted estimator.
        """
        X, y = check_windows(self, X, y=y, reset=True, multi_output=True)
        check_sample_weight(sample_weight, len(X))
        self._check_window(X.shape[1])
        check_target_channel(self.target_channel, self.n_channels_in_)
        self.n_outputs_ = 1 if y.ndim == 1 else y.shape[1]
        self._y_is_1d = y.ndim == 1
        self._learn(self._history(X), y, sample_weight)
        # after the checks of the channels, which raise
        check_target_level(X, y, self.target_channel, type(self).__name__)
        return self

    def _history(self, X, fitted=False):
        """The target channel's history in each window (``fitted`` at
        predict, where what the fit learnt, not the parameters, says which
        channels are the history)."""
        return X if X.ndim == 2 else X[:, :, self.target_channel]

    def _learn(self, history, y, sample_weight):
        """Nothing to learn by default."""

    def predict(self, X):
        """Forecast the steps after each window.

        Parameters
        ----------
        X : array-like of shape (n_samples, window) or \
                (n_samples, window, n_channels)
            Windows with the window length and channels seen in fit.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,) or (n_samples, horizon)
            The forecasts, shaped as ``y`` at fit.
        """
        check_is_fitted(self)
        X = check_windows(self, X, reset=False)
        y_pred = self._forecast(self._history(X, fitted=True))
        return y_pred[:, 0] if self._y_is_1d else y_pred

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        tags.target_tags.multi_output = True
        tags.regressor_tags.poor_score = True
        return tags


class SeasonalNaiveRegressor(_WindowBaseline):
    """Forecast each step by the value one season earlier (plus drift).

    The step ``t+h`` is forecast by the last observed value at ``t+h-k·m``, with
    ``m = season_length`` and ``k`` the smallest number of seasons that reaches
    back into the window. With ``season_length=1`` this is the naive (last value)
    forecast. It learns nothing: it is the row every model in a comparison must
    beat, and the scale of MASE.

    With ``drift=True`` each season ahead also adds the mean change over one
    season during the last season, ``d = mean(x[t-j] - x[t-j-m], j < m)``
    (over as many steps as the window holds): the step ``t+h`` is
    ``x[t+h-k·m] + k·d``. This is what an LSTM with ``window_norm="seasonal"``
    forecasts before any training (with ``season_length=1``, the naive
    forecast with the last change as trend): its untrained start, as a row of
    its own.

    With ``n_seasons=K`` above 1, each of the last ``K`` seasons forecasts
    (``x[t+h-(k+j)·m]``, ``j < K``, plus ``(k+j)·d`` with ``drift``) and the
    forecast is their mean; the drift is the mean change over one season
    during the last ``K`` seasons. This is the untrained start of
    ``window_norm="seasonal"`` with the same ``n_seasons``.

    Parameters
    ----------
    season_length : int, default=1
        The seasonal period ``m``, in steps (12 for monthly data with a yearly
        season). The windows must hold at least ``m`` steps (``m + 1`` with
        ``drift``).
    drift : bool, default=False
        Add the mean change over one season during the last season (the
        last ``n_seasons`` seasons), once per season ahead.
    n_seasons : int, default=1
        The seasons averaged: the windows must hold ``n_seasons · m`` steps
        (one more with ``drift``).
    target_channel : int, default=0
        The channel of 3-D windows that holds the target.

    Attributes
    ----------
    n_features_in_ : int
        The window length seen during fit.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        The names of the window's steps seen during fit, where ``X`` was a
        DataFrame whose columns are all strings.
    n_channels_in_ : int
        The number of channels seen during fit (1 for 2-D input).
    n_outputs_ : int
        The number of forecast steps (the columns of ``y`` at fit).

    See Also
    --------
    make_supervised : Build windows and (multi-step) targets from a series.

    Examples
    --------
    >>> import numpy as np
    >>> from skltsm import SeasonalNaiveRegressor, make_supervised
    >>> X, y = make_supervised(np.tile([1.0, 2.0, 3.0, 4.0], 5), history=4, horizon=2)
    >>> model = SeasonalNaiveRegressor(season_length=4).fit(X, y)
    >>> model.predict(X[:2])
    array([[1., 2.],
           [2., 3.]])
    >>> model.score(X, y)
    1.0
    >>> X, y = make_supervised(np.arange(12.0), history=5, horizon=6)
    >>> SeasonalNaiveRegressor(4, drift=True).fit(X, y).predict(X[:1])
    array([[ 5.,  6.,  7.,  8.,  9., 10.]])
    >>> X, y = make_supervised(np.array([0.0, 1, 0, 1, 2, 3, 4, 5]), history=6)
    >>> SeasonalNaiveRegressor(2, drift=True).fit(X, y).predict(X)
    array([4., 5.])
    """

    _parameter_constraints = {
        "season_length": [Interval(Integral, 1, None, closed="left")],
        "drift": ["boolean"],
        "n_seasons": [Interval(Integral, 1, None, closed="left")],
        "target_channel": [Interval(Integral, 0, None, closed="left")],
    }

    def __init__(self, season_length=1, *, drift=False, n_seasons=1, target_channel=0):
        self.season_length = season_length
        self.drift = drift
        self.n_seasons = n_seasons
        self.target_channel = target_channel

    def _check_window(self, length):
        needed = self.n_seasons * self.season_length + self.drift
        if needed > length:
            raise ValueError(
                f"`season_length={self.season_length}` and `n_seasons="
                f"{self.n_seasons}`{' with `drift=True`' if self.drift else ''} "
                f"need windows of at least {needed} steps; X has "
                f"{length} feature(s) (steps). Use a longer window."
            )

    def _forecast(self, history):
        m, n = self.season_length, self.n_seasons
        steps = np.arange(1, self.n_outputs_ + 1)
        seasons = np.ceil(steps / m).astype(int)  # k, the seasons back
        lags = m * seasons - steps  # steps back from t
        last = history.shape[1] - 1
        y_pred = sum(history[:, last - lags - j * m] for j in range(n)) / n
        if self.drift:
            changes = history[:, m:] - history[:, :-m]
            change = changes[:, -n * m :].mean(axis=1)
            # the mean of the k … k + n - 1 changes of the seasons averaged
            y_pred = y_pred + (seasons + (n - 1) / 2) * change[:, np.newaxis]
        return y_pred


class HoltWintersRegressor(_WindowBaseline):
    """Forecast by Holt-Winters exponential smoothing of each window.

    Each window is smoothed on its own, additively, with a damped trend: with
    level ``l``, trend ``b``, season ``s``, ``m = season_length`` and the
    constants ``smoothing = (α, β, γ, φ)``, for each step ``t`` after the
    window's first season::

        l[t] = α (x[t] - s[t-m]) + (1 - α) (l[t-1] + φ b[t-1])
        b[t] = β (l[t] - l[t-1]) + (1 - β) φ b[t-1]
        s[t] = γ (x[t] - l[t]) + (1 - γ) s[t-m]

    and the step ``t+h`` is ``l[t] + (φ + … + φ^h) b[t]`` plus the season's
    last value at that phase. The smoothing starts from the window's first
    season (its mean is the level) and, where the window holds two seasons,
    from the change of the mean between them (the trend). The season's
    update reads the new level (Winters' form): statsmodels'
    ``ExponentialSmoothing``, whose update reads the level forecast
    ``l[t-1] + φ b[t-1]`` instead, smooths alike from the same start with
    ``smoothing_seasonal = γ (1 - α)``, and its ``ETSModel`` (the
    error-correction form) with ``smoothing_trend = α β`` as well. The
    forecasts are ``ETSModel``'s; statsmodels 0.15's ``ExponentialSmoothing``
    forecasts the steps ``m``, ``2m``, … with the season of a season earlier
    than its last (its issue 9538, fixed upstream since). Unlike a fitted
    exponential smoothing model (statsmodels' or sktime's ``ETS``), the state
    comes from the window alone: the same windows as every other row of a
    comparison, and a row of them the smoothing of any series. The constants
    are given, or, with ``smoothing="auto"``, chosen at fit among 16 (level
    0.2 or 0.5, trend 0 or 0.1, season 0.1 or 0.3, damping 0.9 or 1): those
    whose forecasts of the training targets have the least mean absolute
    error (each row weighed by ``fit``'s ``sample_weight``). Fitted on one
    series' rows, that is one set of constants per series; on a panel's
    stacked rows, one for the panel. With
    ``smoothing="channels"``, each row carries its own constants in its last
    four channels (:func:`add_smoothing_channels` appends each series' own):
    one model smooths every series of a panel with that series' constants.
    With ``smoothing="state"``, each row also carries the smoothing's state
    at each step, run over its series from the series' start
    (``add_smoothing_channels(state=True)``), and each window forecasts from
    the state of its last step: what the whole history before it taught the
    smoothing, as a fitted exponential smoothing model forecasts.

    This is what an LSTM with ``window_norm="holt_winters"`` forecasts before
    any training (with the same ``season_length`` and ``smoothing``): its
    untrained start, as a row of its own, and a cheap way to score constants
    for it in a search.

    Parameters
    ----------
    season_length : int, default=1
        The seasonal period ``m``, in steps (12 for monthly data with a yearly
        season). The windows must be longer than ``m``; with ``m = 1``, no
        season (Holt's linear method, damped).
    smoothing : tuple of 4 floats, "auto", "channels" or "state", \
            default=(0.5, 0.0, 0.3, 0.9)
        ``(α, β, γ, φ)``: the smoothing constants of the level, the trend and
        the season, and the damping of the trend, each in [0, 1]. ``β = 0``
        keeps the window's starting trend, damped by ``φ`` at each step;
        ``φ = 1`` does not damp it. ``"auto"``: chosen at fit, see above.
        ``"channels"``: each window's own, from its last four channels at its
        last step. ``"state"``: those, and the state of the smoothing run
        from the series' start, from the three channels before them.
    target_channel : int, default=0
        The channel of 3-D windows that holds the target.

    Attributes
    ----------
    smoothing_ : tuple of 4 floats, "channels" or "state"
        The constants that forecast: ``smoothing``, or those chosen at fit.
    n_features_in_ : int
        The window length seen during fit.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        The names of the window's steps seen during fit, where ``X`` was a
        DataFrame whose columns are all strings.
    n_channels_in_ : int
        The number of channels seen during fit (1 for 2-D input).
    n_outputs_ : int
        The number of forecast steps (the columns of ``y`` at fit).

    See Also
    --------
    SeasonalNaiveRegressor : The start of ``window_norm="seasonal"``.
    add_smoothing_channels : Each series' own constants, on its rows.

    Examples
    --------
    >>> import numpy as np
    >>> from skltsm import HoltWintersRegressor, make_supervised
    >>> series = np.tile([1.0, 3.0, 2.0, 4.0], 6) + np.arange(24.0)
    >>> X, y = make_supervised(series, history=12, horizon=4)
    >>> model = HoltWintersRegressor(4, smoothing=(0.5, 0.1, 0.3, 1.0)).fit(X, y)
    >>> np.round(model.predict(X[-1:]), 6)  # a trend and a season: exact
    array([[21., 24., 24., 27.]])
    >>> y[-1]
    array([21., 24., 24., 27.])
    """

    _parameter_constraints = {
        "season_length": [Interval(Integral, 1, None, closed="left")],
        "smoothing": [tuple, list, StrOptions({"auto", "channels", "state"})],
        "target_channel": [Interval(Integral, 0, None, closed="left")],
    }

    def __init__(
        self, season_length=1, *, smoothing=DEFAULT_SMOOTHING, target_channel=0
    ):
        self.season_length = season_length
        self.smoothing = smoothing
        self.target_channel = target_channel

    def _check_window(self, length):
        if length <= self.season_length:
            raise ValueError(
                f"`season_length={self.season_length}` needs windows longer "
                f"than {self.season_length} steps; X has {length} "
                "feature(s) (steps). Use a longer window."
            )

    def _history(self, X, fitted=False):
        smoothing = self.smoothing_ if fitted else self.smoothing
        if not smoothing_channels(smoothing):
            return super()._history(X)
        windows, constants, state = check_smoothing_channels(
            X, self.target_channel, smoothing, self.season_length
        )
        return windows[:, :, self.target_channel], constants, state

    def _learn(self, history, y, sample_weight):
        self.smoothing_ = fitted_smoothing(
            self.smoothing, history, y, self.season_length, sample_weight
        )

    def _forecast(self, history):
        smoothing, state = self.smoothing_, None
        if smoothing_channels(smoothing):
            history, constants, state = history
            smoothing = [constants[:, [i]] for i in range(constants.shape[1])]
        history = np.asarray(history, dtype=np.float64)[:, :, np.newaxis]
        if state is not None:
            state = np.asarray(state, dtype=np.float64)
            forecast, _ = state_forecast(
                history, state, self.season_length, self.n_outputs_, smoothing[3]
            )
        else:
            forecast = holt_winters_forecast(
                history, self.season_length, self.n_outputs_, smoothing
            )
        return forecast[:, :, 0]
