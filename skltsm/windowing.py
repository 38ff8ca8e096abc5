"""From a time series to samples: ``make_supervised`` and ``SlidingWindow``.

A sample is one time ``t``: its inputs are the channels at ``t-W+1 … t``, its
target the target channel at ``t+1 … t+H``. ``make_supervised(history=W)``
builds every sample with the longest history ``W`` a search will try, as a
read-only strided view of the series; ``SlidingWindow(window=w)`` then keeps the
last ``w ≤ W`` steps inside a pipeline: the window that a model reads. Because
every row carries its own true history, the rows that a ``TimeSeriesSplit`` fold
trains or scores on are the same for every window tried, and none is ever
padded.
"""

from numbers import Integral

import numpy as np
import pandas as pd
from numpy.lib.stride_tricks import sliding_window_view
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from ._compat import Interval, _check_feature_names_in, _fit_context
from ._future import (
    check_lead_window,
    check_window_keeps_leads,
    future_positions,
    lead_channels,
)
from ._output import WindowOutputMixin
from ._panel import check_not_long, is_panel, panel_rows
from ._panel_calendar import check_calendar
from ._row_labels import row_series
from ._series_validation import check_series, target_label
from ._validation import check_bool, check_positive_int, check_windows
from ._views import windows_of

__all__ = ["SlidingWindow", "make_supervised"]


def make_supervised(
    data, *, history, horizon=1, target=None, target_as_input=True, future=None
):
    """Turn a time series into windows ``X`` and targets ``y``.

    Sample ``i`` ends at time ``t_i``: ``X[i, -1]`` holds the inputs at ``t_i``,
    ``X[i, 0]`` those at ``t_i - history + 1``, and ``y[i]`` the target at
    ``t_i + 1 … t_i + horizon``. Only times with a full history and a full target
    are emitted, so there are ``n_timesteps - history - horizon + 1`` samples.

    ``X`` is a read-only strided view of the series: no ``n × history`` array is
    allocated and no Python loop runs, whatever the length of the series.

    Parameters
    ----------
    data : array-like, pandas Series or DataFrame of shape (n_timesteps,) or \
            (n_timesteps, n_channels)
        The series, oldest first. A pandas index must be increasing and is kept
        on ``y``; periods (and dates that follow a frequency) must have a row
        at every time stamp from the first to the last, and so must dates
        at midnight that all fall on the first (or all on the last) day of
        months, or all on one weekday, stepping by months or weeks: a
        monthly series with a month missing is refused, where daily or
        finer dates (trading days that skip holidays) are read as they come.
        Date strings (a table read without ``parse_dates``) are checked as
        the dates they spell: read month first, or day first where only that
        reading is in order (``13/01/2024`` after ``12/01/2024``), and
        those written year first (``2024-01-02``) have that one reading; in
        a panel, a series in order read either way (days that never pass
        12) is read as the others are.
        Values must be finite: fill gaps first (``data.interpolate()``).

        Or a panel of many series: a dict of series by id, a list or tuple of
        series (arrays, pandas Series or DataFrames, with the same channels),
        or a pandas Series or DataFrame whose ``MultiIndex`` ends with the
        time and whose other levels name the series (a long table of
        (id, time, value) columns becomes one with
        ``frame.set_index(["id", "time"])``; not indexed so, it is one
        series whose channels its columns are, and is refused where a
        column named as ids, such as ``id`` or ``unique_id``, repeats them).
        Series of dates (or of elapsed times) share one frequency (that of
        their index, or the one their times follow); a series without one
        has a row at each time stamp of the others'. Each series gives its own rows; no
        window crosses from one series into another, and a series too
        short for one row is refused, by name.
    history : int
        The number of past steps that each sample carries (``W``): the longest
        window a model will read. Use the largest that a search will try;
        ``SlidingWindow(window=w)`` crops it to the window a model reads.
    horizon : int, default=1
        The number of future steps in each target (``H``).
    target : label or int, default=None
        The target channel: a column label of a DataFrame or a column position of
        an array. Needed only when there are several channels.
    target_as_input : bool, default=True
        Whether the target channel is one of the inputs (autoregressive). With
        ``False`` the inputs are the other channels only.
    future : list of labels or ints, default=None
        Columns known in advance over the forecast (a calendar, a plan, a
        weather forecast): each gets a *lead* channel, appended after the
        inputs in the series' column order (whatever order they are listed
        in, so that :func:`recursive_forecast` builds them alike), that holds
        the column ``horizon`` steps ahead. The lead channel of row ``i``
        thus holds the column at ``t_i - history + 1 + horizon … t_i +
        horizon``: its last ``horizon``
        steps are the values over the steps that row forecasts. The columns
        stay ordinary input channels too (their past values). Tell the
        regressors with ``future_channels=len(future)``, and give their
        values past the end of the series to :func:`recursive_forecast`.
        ``history`` must be at least ``horizon``, for the windows to hold
        them over every step forecast, and so must the window that
        ``SlidingWindow`` keeps.

    Returns
    -------
    X : ndarray of shape (n_samples, history, n_input_channels)
        The windows, a read-only view of ``data``; with ``future`` or
        ``target_as_input=False``, a view of one copy of the input channels
        (and the lead channels), the size of the series, not of the windows.
        For a panel, one array of the windows of every series (the rows of
        several series are no strided view).
    y : ndarray, pandas Series or DataFrame of shape (n_samples,) or \
            (n_samples, horizon)
        The targets, 1-D when ``horizon == 1``. For pandas input ``y`` is pandas:
        its index holds the time stamp of each row's first target step (so
        ``y`` lines up with the series when plotted) and, when ``horizon > 1``,
        its columns are named ``<target>_t+1 … <target>_t+H``. For array input
        the first target of row ``i`` is at position ``i + history``. For a
        panel ``y`` is pandas, indexed by (series, time of the first target
        step), its rows ordered by that time (then by series); series without
        a time index (arrays) count positions on the longest one's clock,
        ending together.

    See Also
    --------
    SlidingWindow : Crop the windows inside a pipeline; flatten them into lags.

    Examples
    --------
    >>> import numpy as np
    >>> from skltsm import make_supervised
    >>> X, y = make_supervised(np.arange(10.0), history=3, horizon=2)
    >>> X.shape, y.shape
    ((6, 3, 1), (6, 2))
    >>> X[0, :, 0], y[0]
    (array([0., 1., 2.]), array([3., 4.]))
    >>> np.shares_memory(X, X.base), X.flags.writeable
    (True, False)
    >>> X, y = make_supervised({"a": np.arange(5.0), "b": np.arange(4.0)}, history=3)
    >>> y.index.tolist()
    [('a', 3), ('a', 4), ('b', 4)]
    """
    history = check_positive_int(history, "history")
    horizon = check_positive_int(horizon, "horizon")
    target_as_input = check_bool(target_as_input, "target_as_input")
    if is_panel(data):
        return panel_rows(
            data,
            history=history,
            horizon=horizon,
            target=target,
            target_as_input=target_as_input,
            future=future,
        )
    values, channels, index, target_pos, times = check_series(
        data,
        target=target,
        hint="If the table holds many series in long form (id, time and value "
        "columns), it is a panel: index it by its id and time columns, e.g. "
        "`data.set_index(['id', 'time'])`.",
    )
    check_not_long(data, target)
    check_calendar([index], ["`data`"], [times])
    known = future_positions(
        future,
        channels,
        by_label=isinstance(data, pd.DataFrame),
        target_pos=target_pos,
    )
    if known:
        check_lead_window(history, horizon)
    n_steps = values.shape[0]
    n_samples = n_steps - history - horizon + 1
    if n_samples < 1:
        raise ValueError(
            f"The series has {n_steps} time steps, too few for history={history} "
            f"plus horizon={horizon}. Use a smaller `history` or `horizon`, or a "
            "longer series."
        )
    inputs = values
    if not target_as_input:
        if values.shape[1] == 1:
            raise ValueError(
                "`target_as_input=False` leaves no input channel: the series has "
                "only the target. Keep `target_as_input=True` or add channels."
            )
        inputs = np.delete(values, target_pos, axis=1)
    if known:
        inputs = np.hstack([inputs, lead_channels(values, known, horizon)])

    X = windows_of(inputs, history)[:n_samples]
    future = values[history:, target_pos]
    y = future[:n_samples] if horizon == 1 else sliding_window_view(future, horizon)
    y.flags.writeable = False

    if index is None:
        return X, y
    name = target_label(data, channels, target_pos)
    y_index = index[history : history + n_samples]
    if horizon == 1:
        return X, pd.Series(y, index=y_index, name=name, copy=False)
    columns = [f"{name}_t+{k}" for k in range(1, horizon + 1)]
    return X, pd.DataFrame(y, index=y_index, columns=columns, copy=False)


class SlidingWindow(WindowOutputMixin, TransformerMixin, BaseEstimator):
    """Keep the last ``window`` steps of each sample; optionally flatten to lags.

    This is the pipeline step that ``GridSearchCV`` tunes (``window__window``).
    Input built by :func:`make_supervised` at the largest window carries each
    row's true history, so every window tried is scored on the same rows and
    never sees padding.

    Parameters
    ----------
    window : int, default=None
        The number of most recent steps to keep; ``None`` keeps all. It may not
        exceed the window length of the input. On windows with the lead
        channels of inputs known in advance (``make_supervised(future=...)``)
        it must be at least the horizon: their last ``horizon`` steps hold the
        known values over the steps forecast, and a shorter window would drop
        the first of them. ``fit`` refuses it, told the horizon by ``y``: a
        lead channel is found as an earlier channel ``horizon`` steps later in
        every window (or, in windows no longer than the horizon, in the
        window ``horizon`` rows later in the same series, as one series'
        rows are, and a panel's are by the series of ``y``'s index).
    flatten : bool, default=False
        Return the 2-D lag matrix of shape (n_samples, window * n_channels), time
        step major (oldest step first, channels within a step), which classical
        regressors take. Its feature names read ``temp_t-3 … temp_t``. Not for
        the networks: they read a 2-D window as one channel, so windows of
        several channels flattened would be taken, with no error, as one
        channel of ``window * n_channels`` steps.
    channel_names : list of str, default=None
        Names of the channels, used in the feature names; ``x0, x1, …`` when not
        given. For 2-D input with column names, those names are used instead.

    Attributes
    ----------
    n_features_in_ : int
        The window length of the input seen during fit.
    n_channels_in_ : int
        The number of channels seen during fit (1 for 2-D input).
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the input columns, for 2-D DataFrame input.

    See Also
    --------
    make_supervised : Build windows ``X`` and targets ``y`` from a series.
    SequenceScaler : Scale each channel of windows.

    Notes
    -----
    2-D input of shape (n_samples, window) is read as univariate windows: columns
    are time steps, oldest first. 3-D input has shape
    (n_samples, window, n_channels). Without ``flatten`` the output has the
    dimensions of the input and is a read-only view of it (so is the
    flattened output where the kept steps are contiguous in memory): a step
    after that writes into its input copies it rather than change ``X``.

    Examples
    --------
    >>> import numpy as np
    >>> from skltsm import SlidingWindow, make_supervised
    >>> X, y = make_supervised(np.arange(10.0), history=4)
    >>> SlidingWindow(2).fit_transform(X).shape
    (6, 2, 1)
    >>> lags = SlidingWindow(2, flatten=True, channel_names=["temp"]).fit(X)
    >>> lags.transform(X)[0], lags.get_feature_names_out()
    (array([2., 3.]), array(['temp_t-1', 'temp_t'], dtype=object))
    """

    _parameter_constraints = {
        "window": [Interval(Integral, 1, None, closed="left"), None],
        "flatten": ["boolean"],
        "channel_names": ["array-like", None],
    }

    def __init__(self, window=None, *, flatten=False, channel_names=None):
        self.window = window
        self.flatten = flatten
        self.channel_names = channel_names

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Check ``X`` and remember its window length and channel count.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_steps) or \
                (n_samples, n_steps, n_channels)
            Windows, oldest step first.
        y : array-like of shape (n_samples,) or (n_samples, horizon), \
                default=None
            The targets of the windows, as :func:`make_supervised` returns
            them (a pipeline passes them on). Their values are not read:
            their columns tell the horizon, and a panel's index the series
            of each row, by which ``fit`` refuses a ``window`` that would
            drop known inputs of lead channels (see ``window``). ``None``
            skips that check.

        Returns
        -------
        self : SlidingWindow
            The fitted transformer.
        """
        X = check_windows(self, X, reset=True, ensure_all_finite=False)
        self._columns_in = X.ndim == 2  # names come from the input's columns
        if self.window is not None and self.window > X.shape[1]:
            raise ValueError(
                f"`window={self.window}` is longer than the {X.shape[1]} steps of "
                f"history in X. Build X with `make_supervised(history={self.window})` "
                "or more, or choose a smaller `window`."
            )
        if y is not None and self.window is not None:
            shape = np.asarray(y).shape
            horizon = shape[1] if len(shape) == 2 else 1
            check_window_keeps_leads(X, self.window, horizon, row_series(y))
        if self.channel_names is not None and len(self.channel_names) != (
            self.n_channels_in_
        ):
            raise ValueError(
                f"`channel_names` has {len(self.channel_names)} names for "
                f"{self.n_channels_in_} channels; give one name per channel."
            )
        return self

    def transform(self, X):
        """Keep the last ``window`` steps of each sample.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_steps) or \
                (n_samples, n_steps, n_channels)
            Windows with the window length and channels seen in fit.

        Returns
        -------
        X_out : ndarray or DataFrame
            Shape (n_samples, window) for 2-D input, (n_samples, window,
            n_channels) for 3-D input, or (n_samples, window * n_channels) with
            ``flatten=True``.
        """
        check_is_fitted(self)
        X_in = X
        # where this step refused them, not another one to crop them
        X = check_windows(
            self,
            X,
            reset=False,
            ensure_all_finite=False,
            crop="a pipeline that holds it must be given windows of that length "
            "too, or be fitted again on the new ones",
        )
        X_out = X[:, -self._window :]
        if self.flatten and X_out.ndim == 3:
            X_out = X_out.reshape(X_out.shape[0], -1)
        if np.may_share_memory(X_out, X):
            # a view of X, the caller's array: read-only, so that a step after
            # that writes into its input (StandardScaler(copy=False)) copies
            # it rather than change the caller's X
            X_out.flags.writeable = False
        return self._wrap_output(X_out, X_in)

    @property
    def _window(self):
        return self.n_features_in_ if self.window is None else self.window

    def get_feature_names_out(self, input_features=None):
        """Names of the flattened lag features, such as ``temp_t-3``.

        Parameters
        ----------
        input_features : array-like of str, default=None
            For 2-D input: the input column names; the names of the kept columns
            are returned. scikit-learn's names of unnamed columns (``x0, x1,
            …``, what a step before passes in a Pipeline fitted on an array)
            name no column: the lags are named as without them. Ignored for
            3-D input, which uses ``channel_names``.

        Returns
        -------
        feature_names_out : ndarray of str
            One name per output column of the flattened (2-D) output.
        """
        check_is_fitted(self)
        window = self._window
        # fitted before ``_columns_in`` was kept: as it was read then
        columns_in = getattr(self, "_columns_in", self.n_channels_in_ == 1)
        if columns_in and (
            input_features is not None or hasattr(self, "feature_names_in_")
        ):
            names = _check_feature_names_in(self, input_features)
            # x0, x1, ... are scikit-learn's names of unnamed columns (what a
            # step before passes for an array): no names, so lags are named
            unnamed = [f"x{i}" for i in range(self.n_features_in_)]
            if [str(name) for name in names] != unnamed:
                return np.asarray(names[-window:], dtype=object)
        channels = self.channel_names
        if channels is None:
            channels = [f"x{c}" for c in range(self.n_channels_in_)]
        lags = [f"_t-{k}" if k else "_t" for k in range(window - 1, -1, -1)]
        return np.asarray([f"{c}{lag}" for lag in lags for c in channels], dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        tags.input_tags.allow_nan = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags
