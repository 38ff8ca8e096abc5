"""sktime interoperability: ``LSTMForecaster``, an LSTM as a native sktime forecaster.

sktime is optional (``pip install "skltsm[sktime]"``), so this module is not
imported by ``skltsm`` (without sktime, its import raises an ``ImportError``
that names the extra); import it explicitly::

    from skltsm.sktime import LSTMForecaster

skltsm's regressors also serve as the estimator of sktime's ``make_reduction``
on the routes whose lags are oldest first, and would read the others wrong: see
the user guide, "Forecasting and comparing models", "In sktime's
make_reduction".
"""

import numpy as np
import pandas as pd

try:
    from sktime.forecasting.base import BaseForecaster, ForecastingHorizon
except ImportError as exc:
    raise ImportError(
        'LSTMForecaster needs sktime: pip install "skltsm[sktime]".'
    ) from exc

from ._compat import keeping_warning_filters, validate_parameter_constraints
from ._params import as_units
from ._quantiles import interpolation_weights, quantile_levels
from ._series_validation import native_order
from ._sktime_series import (
    by_series,
    check_frequency,
    check_times,
    check_update,
    exog_at,
    instances,
    on_clock_of,
    panel,
    scaled_channels,
    series_end,
    series_step,
    standardised,
    steps_past_end,
    window_exog,
    y_name,
)
from ._smoothing import DEFAULT_SMOOTHING, state_channels
from ._validation import check_positive_int
from .forecasting import recursive_forecast
from .lstm import LSTMRegressor
from .seq2seq import Seq2SeqLSTMRegressor
from .smoothing import add_smoothing_channels
from .windowing import make_supervised

__all__ = ["LSTMForecaster"]

_STRATEGIES = ("recursive", "direct")
_MODELS = {"lstm": LSTMRegressor, "seq2seq": Seq2SeqLSTMRegressor}
# ``quantiles=True``: the levels of the central 50, 80, 90 and 95% intervals
_DEFAULT_QUANTILES = (0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.975)


class LSTMForecaster(BaseForecaster):
    """An LSTM forecaster for sktime: windowing, training and forecasting in one.

    In ``fit`` the series is cut into windows of ``window_length`` steps by
    :func:`~skltsm.make_supervised` (a strided view, no copy) and a network is
    trained to forecast what follows each window. ``strategy="recursive"`` trains
    a one-step network and feeds its forecasts back as inputs, so it forecasts
    any horizon; ``strategy="direct"`` trains one network that forecasts the
    steps ``1 … H`` at once, ``H`` being the furthest step of the forecasting
    horizon, which must then be passed to ``fit``. Forecasts are returned on the
    series' own time index (``PeriodIndex``, ``DatetimeIndex`` or integer;
    sktime counts an integer horizon in the index's units, so on a series
    indexed 10, 12, ... the time 72 is two steps after 68, and a time between
    two steps, such as 71, or noon on a daily series, is refused). Each
    series must step evenly, as its windows read its rows: ``fit`` refuses
    periods or dates with a gap, and integer times whose steps are not all
    alike (10, 12, 16, or a time in between). Elapsed times (a
    ``TimedeltaIndex``) are refused by ``fit`` with a ``TypeError``, before
    any training: sktime's ``ForecastingHorizon`` has no absolute elapsed
    times, and none of sktime's forecasters forecasts them; index such a
    series by dates from a start, ``pd.Timestamp(0) + y.index``.
    With ``quantiles`` (and the direct strategy), the network also forecasts
    quantiles, and the forecaster has sktime's ``predict_quantiles``,
    ``predict_interval``, ``predict_var`` and ``predict_proba``.

    Parameters
    ----------
    window_length : int, default=10
        The number of past steps the network reads.
    strategy : {"recursive", "direct"}, default="recursive"
        ``"recursive"``: a one-step network applied repeatedly. ``"direct"``: a
        multi-step network, fitted for the horizon passed to ``fit``.
    model : {"lstm", "seq2seq"}, default="lstm"
        The network: an :class:`~skltsm.LSTMRegressor` (with ``H`` outputs for
        the direct strategy) or a :class:`~skltsm.Seq2SeqLSTMRegressor`
        (an encoder–decoder; one decoder step for the recursive strategy).
    units : int, default=64
        The units of the LSTM layer (an ``LSTMRegressor`` also takes a tuple,
        ``(64, 32)``, to stack two).
    dropout : float, default=0.0
        The rate of the Dropout layer after each LSTM layer.
    window_norm : {"last", "mean", "standard", "seasonal", "holt_winters"}, \
            default=None
        Express each window relative to its own level inside the network (see
        :class:`~skltsm.LSTMRegressor`): ``"last"``, ``"mean"`` or
        ``"standard"`` let it forecast a trending series beyond the range seen
        in training; ``"seasonal"`` learns corrections to the seasonal naive
        forecast with drift, ``"holt_winters"`` corrections to the Holt-Winters
        smoothing of each window. The exogenous columns are normalised the
        same way.
    season_length : int, default=None
        The period of the season, for ``window_norm="seasonal"`` and
        ``"holt_winters"`` (12 for
        monthly data with a yearly cycle); ``window_length`` must be longer, and
        for the direct strategy, steps beyond one season repeat the last season
        with one more change per season.
    n_seasons : int, default=1
        With ``window_norm="seasonal"``, the seasons that its naive forecast
        averages, each moved forward by the drift (see
        :class:`~skltsm.LSTMRegressor`); ``window_length`` must be longer than
        ``n_seasons * season_length``.
    smoothing : tuple of 4 floats, "auto" or "state", default=(0.5, 0.0, 0.3, 0.9)
        With ``window_norm="holt_winters"``, the smoothing constants of the
        level, the trend and the season, and the damping of the trend (see
        :class:`~skltsm.HoltWintersRegressor`); ``"auto"`` chooses them at
        fit by their error on the training windows (one set for a panel).
        ``"state"`` runs the smoothing over each series from its start, as a
        fitted exponential smoothing model does, with each series' own
        constants (chosen at fit by :func:`~skltsm.add_smoothing_channels`,
        ``state=True``): each window forecasts from the smoothing's state at
        its last step, which the whole history before it taught, not from
        its own few seasons. It needs ``strategy="direct"``, and reads no
        ``X`` (see "The smoothing's state" below).
    quantiles : sequence of float or True, default=None
        The quantile levels that the network learns, for probabilistic
        forecasts (``strategy="direct"`` only): ``True`` for the levels of the
        central 50, 80, 90 and 95% intervals, ``(0.025, 0.05, 0.1, 0.25, 0.5,
        0.75, 0.9, 0.95, 0.975)``, or levels of your own, such as ``(0.1,
        0.9)``; the median is always learnt, and is the point forecast. One
        network is trained on the pinball loss of all of them, and its levels
        never cross. ``None`` (or ``False``): point forecasts only, trained on
        the mean squared error. See "Quantiles and intervals" below.
    n_members : int, default=1
        Train an ensemble of this many networks as one model (one batched
        step per batch, not one fit per member) and forecast the median of
        their forecasts (level by level, with ``quantiles``).
    linear_skip : bool, default=False
        Add a linear map of the window (after ``window_norm``) and of the
        exogenous columns over the forecast to the network's output, trained
        with it: a linear autoregression on the lags plus the LSTM's
        non-linear correction. Its weights start at zero, so the untrained
        forecast is unchanged (see :class:`~skltsm.LSTMRegressor`).
    epochs : int, default=50
        The maximum number of passes over the training windows.
    batch_size : int, -1 or "auto", default="auto"
        Windows per gradient step; -1 and ``"auto"`` as for ``LSTMRegressor``.
    learning_rate : float, default=0.001
        The learning rate of the Adam optimizer.
    early_stopping : bool, default=False
        Hold out the last ``validation_fraction`` of the windows, stop when
        their loss has not improved for 10 epochs, and keep the best weights.
    validation_fraction : float, default=0.1
        The fraction of the windows held out with ``early_stopping``.
    random_state : int, RandomState instance or None, default=None
        Seeds the network's initialisation and shuffling: two fits with the
        same seed give identical forecasts on CPU. As for the regressors, a
        ``RandomState`` instance is drawn from at each fit, and ``None``
        draws a fresh seed.
    verbose : int, default=0
        Keras' progress output: 0 is silent, 1 a progress bar, 2 a line per
        epoch.

    Attributes
    ----------
    regressor_ : LSTMRegressor or Seq2SeqLSTMRegressor
        The fitted network.
    horizon_ : int
        The number of steps the network forecasts at once: 1 for the recursive
        strategy; for the direct one, the furthest step of the ``fh`` given to
        ``fit`` past any series' own end, counted again by a refit in
        ``update``.
    quantiles_ : list of float or None
        The levels the network forecasts, sorted, with the median; ``None``
        without ``quantiles``.
    exog_columns_ : list or None
        The columns of the exogenous ``X`` seen in ``fit``; ``None`` without
        ``X``.
    series_smoothing_ : dict or None
        With ``smoothing="state"``, each series' Holt-Winters constants
        ``(α, β, γ, φ)`` chosen at fit, by the keys of ``scalers_``;
        ``None`` otherwise.
    scalers_ : dict of sklearn.preprocessing.StandardScaler
        For each series (the key ``None`` for one series, the series' index
        values in a panel), fitted on its ``y`` last fitted on: the network
        reads each series standardised by its own, and its forecasts are
        mapped back.
    exog_scaler_ : sklearn.preprocessing.StandardScaler or None
        Fitted on the columns of ``X`` last fitted on, on the rows of every
        series of a panel at once: the network reads ``X`` standardised by
        it, so that a column constant within each series and not across them
        (a region's code, a store's size) tells them apart. ``None`` without
        ``X``.

    See Also
    --------
    skltsm.LSTMRegressor : The network, as a scikit-learn regressor on windows.
    skltsm.Seq2SeqLSTMRegressor : The encoder–decoder network.
    skltsm.recursive_forecast : The recursive forecast, for scikit-learn models.

    Notes
    -----
    **Exogenous data.** The columns of ``X`` are inputs known in advance
    (``make_supervised(future=...)``): the window that ends at time ``t``
    holds ``y`` and ``X`` at ``t - window_length + 1 … t``, and ``X`` once more
    over the steps it forecasts, ``t + 1 … t + H`` (``H = 1`` for the
    recursive strategy), which the network reads in its head (or decoder).
    So ``X`` must be known in the future, as for sktime's ARIMA with ``X``. A
    model fitted with ``X`` needs it in ``predict`` at every step from the
    cutoff to the furthest step forecast (``1 … max(fh)`` for the recursive
    strategy, ``1 … H`` for the direct one), and in ``update``; without it,
    or with a gap, they raise a ``ValueError`` naming the missing time stamps
    (and the series), and the columns seen in fit that the ``X`` passed
    lacks; an ``X`` indexed by another kind of time than ``y`` (dates for
    months), a ``TypeError``. With ``X``, the direct strategy needs
    ``window_length >= H``: the window holds ``X`` over the ``H`` steps
    forecast. ``X`` passed to a model fitted without it is ignored.
    ``X`` is standardised by one scale for the whole panel
    (``exog_scaler_``), where ``y`` is by each series' own: a column constant
    within each series, a static feature such as a region's code or a
    store's size, reaches the network with each series' own value.

    **Panels and hierarchies.** Given many series at once (sktime's
    ``pd-multiindex`` or ``pd_multiindex_hier``), the forecaster trains one
    network across all of them (a global model: the rows of every series, each
    series standardised by its own scale and ``X`` by the panel's, early
    stopping on the end of each), and forecasts them all at once, each from its
    own last observation (a relative horizon counts from there; an absolute one
    names the same times for every series). An absolute horizon must lie after
    the panel's cutoff, the latest series' end: sktime refuses an earlier time
    as in-sample before any forecast, as it does for every forecaster without
    in-sample forecasts, its vectorised ones included. The steps right after a
    series that ends early are those of a relative horizon.

    **Quantiles and intervals.** With ``quantiles``, the forecaster has the
    tag ``capability:pred_int`` (set in ``__init__``: without ``quantiles``,
    sktime's probabilistic methods raise its ``NotImplementedError``), and
    ``predict_quantiles(fh, X, alpha)`` forecasts the levels ``alpha`` of
    each step of ``fh``: a level that the network learnt as the network
    forecasts it, a level in between by linear interpolation between its
    two neighbours among the learnt levels (so the levels asked never cross
    either). A level outside the learnt range, such as 0.01 when the lowest
    is 0.025, raises a ``ValueError`` before any forecast: the network says
    nothing about the tails beyond its levels, and clamping would return the
    95% interval labelled as the 98% one. ``predict_interval`` is sktime's,
    through the quantiles: coverage ``c`` reads the levels ``(1 - c) / 2``
    and ``(1 + c) / 2``, so ``quantiles=True`` gives the 50, 80, 90 and 95%
    intervals exactly, and any coverage up to 95%. ``predict_var`` and
    ``predict_proba`` are sktime's too, a normal distribution around the
    median with the spread of the quartiles (0.25 and 0.75, which must then
    lie in the learnt range).

    The quantiles of every step come from one direct forecast: a quantile fed
    back as an input would not give the quantiles of the steps after it (a
    sum's quantiles are not the sums of quantiles). So ``quantiles`` needs
    ``strategy="direct"``, which forecasts every step up to the furthest one
    of the ``fh`` passed to ``fit``; with the recursive strategy, ``fit``
    raises a ``ValueError`` before any training. In a panel or a hierarchy
    the quantiles of all series come from the one global network, with
    sktime's row index (the series' levels, then time) and columns
    ``(variable, alpha)``.

    **The smoothing's state.** With ``window_norm="holt_winters"`` and
    ``smoothing="state"``, the network reads each window with seven more
    channels (``add_smoothing_channels(state=True)``, on the series
    standardised): the smoothing's level, trend and season at each step, run
    from the series' start, and the series' constants; its untrained
    forecast is that smoothing's, from the whole history, and training
    learns corrections to it. The state of the steps forecast is not known,
    so the network forecasts its ``H`` steps at once (``strategy="direct"``;
    another strategy raises a ``ValueError`` before any training). The
    Holt-Winters norm reads the state beside one series and nothing else:
    such a forecaster has sktime's tag ``capability:exogenous`` off, and
    sktime passes it no ``X``, as to any forecaster without exogenous
    inputs.

    **Update.** ``update(y, X, update_params=False)`` only extends the history
    that the next forecast starts from (with ``smoothing="state"``, the
    smoothing runs on over the new values, with the constants chosen at
    fit). With ``update_params=True`` (the default) the network is also
    fitted again, from scratch, on all the data seen; for the direct strategy,
    to the steps of the horizon given to ``fit`` past each series' end, as a
    fit on that data counts them (an absolute horizon lies further past a new
    series that ends early; with ``X``, ``window_length`` must hold them, or
    the update is refused). New observations must
    continue their series at its frequency (times of another time zone, at
    the same instants, do: the series and the cutoff stay on the clock they
    were fitted on), and a series not seen in fit
    needs ``update_params=True`` and, as in fit, times without a gap:
    anything else is refused before the series held change, and the cutoff
    is put back to their end. New observations under another name rename
    the series: every forecast after them takes it, as sktime's intervals
    and quantiles do.

    **make_reduction.** ``LSTMRegressor`` also works as the estimator of
    ``sktime.forecasting.compose.make_reduction`` on a univariate series with
    its default ``pooling="local"``, whose lags are oldest first, as skltsm
    reads them; other routes order or shape the lags otherwise, and exogenous
    ``X`` needs this forecaster (see :ref:`make_reduction`).

    Examples
    --------
    >>> from sktime.datasets import load_airline
    >>> from skltsm.sktime import LSTMForecaster
    >>> y = load_airline()
    >>> forecaster = LSTMForecaster(12, units=2, epochs=1, random_state=0)
    >>> forecaster.fit(y).predict(fh=[1, 2, 3]).index
    PeriodIndex(['1961-01', '1961-02', '1961-03'], dtype='period[M]')

    The direct strategy, with an encoder–decoder, needs the horizon in ``fit``:

    >>> direct = LSTMForecaster(
    ...     12, strategy="direct", model="seq2seq", units=2, epochs=1, random_state=0
    ... )
    >>> direct.fit(y, fh=[1, 2, 3]).predict().shape
    (3,)

    With quantiles, intervals at any coverage up to 95%:

    >>> probabilistic = LSTMForecaster(
    ...     12, strategy="direct", quantiles=True, units=2, epochs=1, random_state=0
    ... )
    >>> intervals = probabilistic.fit(y, fh=[1, 2, 3]).predict_interval(
    ...     coverage=[0.8, 0.9]
    ... )
    >>> intervals.shape
    (3, 4)
    >>> intervals.columns.droplevel(0).tolist()
    [(0.8, 'lower'), (0.8, 'upper'), (0.9, 'lower'), (0.9, 'upper')]
    """

    _tags = {
        # packaging info
        "authors": "skltsm developers",
        "maintainers": "skltsm developers",
        "python_dependencies": ["scikeras", "tensorflow"],
        # estimator type
        # a panel or hierarchy arrives whole: one network learns across its
        # series (a global model), instead of one network per series
        "y_inner_mtype": ["pd.Series", "pd-multiindex", "pd_multiindex_hier"],
        "X_inner_mtype": ["pd.DataFrame", "pd-multiindex", "pd_multiindex_hier"],
        "capability:multivariate": False,
        "capability:exogenous": True,
        "capability:insample": False,
        # the class can; an instance can with ``quantiles`` (see __init__)
        "capability:pred_int": True,
        "capability:pred_int:insample": False,
        "capability:missing_values": False,
        "capability:non_contiguous_X": False,
        "capability:categorical_in_X": False,
        "capability:update": True,
        "capability:random_state": True,
        "property:randomness": "derandomized",
        "requires-fh-in-fit": False,  # True for strategy="direct", see __init__
    }

    # The history that forecasts start from is kept in ``_cur_y``/``_cur_X``, so
    # the base class need not keep its own copy: sktime 1.3's default, adopted
    # early (it also spares every construction sktime 1.2's FutureWarning). The
    # base's ``_y``/``_X`` still exist, for those who turn ``remember_data`` on.
    _config = {"remember_data": False}
    _y = None
    _X = None

    def __init__(
        self,
        window_length=10,
        *,
        strategy="recursive",
        model="lstm",
        units=64,
        dropout=0.0,
        window_norm=None,
        season_length=None,
        n_seasons=1,
        smoothing=DEFAULT_SMOOTHING,
        quantiles=None,
        n_members=1,
        linear_skip=False,
        epochs=50,
        batch_size="auto",
        learning_rate=0.001,
        early_stopping=False,
        validation_fraction=0.1,
        random_state=None,
        verbose=0,
    ):
        self.window_length = window_length
        self.strategy = strategy
        self.model = model
        self.units = units
        self.dropout = dropout
        self.window_norm = window_norm
        self.season_length = season_length
        self.n_seasons = n_seasons
        self.smoothing = smoothing
        self.quantiles = quantiles
        self.n_members = n_members
        self.linear_skip = linear_skip
        self.epochs = epochs
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.random_state = random_state
        self.verbose = verbose
        super().__init__()
        # sktime's way for tags that depend on parameters (as its
        # PolynomialTrendForecaster does for its intervals); fit validates
        self.set_tags(
            **{
                "requires-fh-in-fit": strategy == "direct",
                "capability:pred_int": _asks_quantiles(quantiles),
                # the state is the smoothing of one series, which the
                # Holt-Winters norm reads beside it: sktime passes X as None
                "capability:exogenous": not self._reads_state(),
            }
        )

    # sktime's conversions of time stamps leave warning filters in the user's
    # process at each call of these (see _compat.keeping_warning_filters)
    fit = keeping_warning_filters(BaseForecaster.fit)
    predict = keeping_warning_filters(BaseForecaster.predict)
    fit_predict = keeping_warning_filters(BaseForecaster.fit_predict)
    predict_quantiles = keeping_warning_filters(BaseForecaster.predict_quantiles)
    predict_interval = keeping_warning_filters(BaseForecaster.predict_interval)
    predict_var = keeping_warning_filters(BaseForecaster.predict_var)
    predict_proba = keeping_warning_filters(BaseForecaster.predict_proba)
    predict_residuals = keeping_warning_filters(BaseForecaster.predict_residuals)
    update = keeping_warning_filters(BaseForecaster.update)
    update_predict = keeping_warning_filters(BaseForecaster.update_predict)
    update_predict_single = keeping_warning_filters(
        BaseForecaster.update_predict_single
    )
    score = keeping_warning_filters(BaseForecaster.score)

    # -- fit -------------------------------------------------------------------

    def _fit(self, y, X, fh):
        """Cut ``y`` (and ``X``) into windows and train the network.

        Parameters
        ----------
        y : pandas.Series
            The target series.
        X : pandas.DataFrame or None
            Exogenous columns, on the index of ``y``.
        fh : ForecastingHorizon or None
            The horizon; required for ``strategy="direct"``.

        Returns
        -------
        self : LSTMForecaster
        """
        self.quantiles_ = self._check_params()
        # numbers stored big-endian are held in native order, which pandas'
        # combine_first reads in every forecast
        y, X = native_order(y), native_order(X)
        # copies: sktime passes the user's own data through, which the user
        # may change after fit (pandas<3 shares a shallow copy's values)
        self._cur_y, self._cur_X = y.copy(), None if X is None else X.copy()
        check_times(y, type(self).__name__)
        check_frequency(y, type(self).__name__)
        self.horizon_ = self._horizon(y, fh)
        self.exog_columns_ = None if X is None else list(X.columns)
        self._check_exog_window()
        self.regressor_ = self._fit_network()
        return self

    def _horizon(self, y, fh):
        """The number of steps that the network forecasts at once for the
        series ``y`` and the horizon ``fh`` (``None`` where none was given):
        1 for the recursive strategy; for the direct one, the furthest step
        of ``fh`` past any series' own end (in a panel, an absolute horizon
        lies further past a series that ends early). ``fh`` is read by either
        strategy, so that a time off the series' steps is refused before any
        training."""
        steps = None if fh is None else steps_past_end(fh, y, self.cutoff)
        if self.strategy != "direct":
            return 1
        return max(int(s.max()) for s in steps.values())

    def _check_exog_window(self):
        """Raise, before any training, where a window is too short to hold X
        over the ``horizon_`` steps that it forecasts."""
        if self.exog_columns_ is not None and self.window_length < self.horizon_:
            raise ValueError(
                f"With exogenous X, the direct strategy reads X over the "
                f"{self.horizon_} steps it forecasts within each window, so "
                f"window_length={self.window_length} must be at least "
                f"{self.horizon_}: set window_length >= {self.horizon_}, or use "
                "strategy='recursive'."
            )

    def _check_params(self):
        """Raise, before any training, for a bad parameter; return the
        quantile levels to train (sorted, with the median) or ``None``."""
        if self.strategy not in _STRATEGIES:
            raise ValueError(
                f"`strategy={self.strategy!r}` is not one of {list(_STRATEGIES)}."
            )
        if self.model not in _MODELS:
            raise ValueError(f"`model={self.model!r}` is not one of {list(_MODELS)}.")
        check_positive_int(self.window_length, "window_length")
        # the parameters passed on, by the chosen network's own constraints,
        # in this forecaster's name (the user made no regressor), and the
        # sizes of stacked layers, which the network reads as it is built
        validate_parameter_constraints(
            _MODELS[self.model]._parameter_constraints,
            self._passed_on(),
            caller_name=type(self).__name__,
        )
        as_units(self.units)
        if isinstance(self.smoothing, str) and self.smoothing == "channels":
            raise ValueError(
                '`smoothing="channels"` reads each row\'s Holt-Winters constants '
                "from channels that add_smoothing_channels appends to the rows, "
                "constants that LSTMForecaster's windows do not carry: use "
                'smoothing="state" (each series\' own constants, chosen at fit), '
                '"auto" or four constants.'
            )
        if self._reads_state() and (
            self.window_norm != "holt_winters" or self.strategy != "direct"
        ):
            raise ValueError(
                '`smoothing="state"` is the Holt-Winters norm\'s smoothing run from '
                "each series' start, and the state of the steps forecast is not "
                "known: it needs window_norm='holt_winters' and strategy='direct' "
                f"(one forecast of every step); got window_norm={self.window_norm!r} "
                f"and strategy={self.strategy!r}."
            )
        if self._reads_state() and self.window_length < 2 * (self.season_length or 0):
            raise ValueError(
                f"`window_length={self.window_length}` must be at least two "
                f"seasons, 2 * season_length = {2 * self.season_length}: the "
                "smoothing's state starts from each series' first two seasons, "
                "which the first windows would otherwise read past their end."
            )
        if not _asks_quantiles(self.quantiles):
            return None
        quantiles = _flag(self.quantiles)
        levels = quantile_levels(_DEFAULT_QUANTILES if quantiles is True else quantiles)
        if self.strategy != "direct":
            raise ValueError(
                "`quantiles` needs strategy='direct': the quantiles of every step "
                "come from one direct forecast (a quantile fed back as an input "
                "would not give the quantiles of the steps after it). Use "
                "strategy='direct' and pass the forecasting horizon to fit."
            )
        return list(levels)

    def _passed_on(self):
        """This forecaster's hyper-parameters that the regressor takes as
        they are, by the regressor's names."""
        return {
            "units": self.units,
            "dropout": self.dropout,
            "window_norm": self.window_norm,
            "season_length": self.season_length,
            "n_seasons": self.n_seasons,
            "smoothing": self.smoothing,
            "n_members": self.n_members,
            "linear_skip": self.linear_skip,
            "learning_rate": self.learning_rate,
            "epochs": self.epochs,
            "batch_size": self.batch_size,
            "early_stopping": self.early_stopping,
            "validation_fraction": self.validation_fraction,
            "random_state": self.random_state,
            "verbose": self.verbose,
        }

    def _network(self):
        """The unfitted regressor, with this forecaster's hyper-parameters."""
        return _MODELS[self.model](
            **self._passed_on(),
            quantiles=None if self.quantiles_ is None else tuple(self.quantiles_),
            future_channels=len(self.exog_columns_ or ()),
        )

    def _reads_state(self):
        return isinstance(self.smoothing, str) and self.smoothing == "state"

    def _with_state(self, key, values):
        """The standardised series ``values`` (shape ``(n, 1)``) of series
        ``key``, with its smoothing's state from its start and its
        constants (``series_smoothing_``) in seven more channels."""
        constants = self.series_smoothing_[key]
        return np.hstack(
            [values, state_channels(values[:, 0], self.season_length, constants)]
        )

    def _fit_network(self):
        """Train a new network on the whole history, ``_cur_y`` and ``_cur_X``:
        across every series of a panel, one network."""
        window, lead = self.window_length, self.horizon_
        channels, self.scalers_, self.exog_scaler_ = scaled_channels(
            self._cur_y,
            self._cur_X,
            self.exog_columns_,
            window=window,
            lead=lead,
            owner=type(self).__name__,
        )
        self.series_smoothing_ = None
        if self._reads_state():
            # each series' own constants, chosen on its own rows, and its state
            channels = {
                key: add_smoothing_channels(
                    values, self.season_length, history=window, horizon=lead, state=True
                )
                for key, values in channels.items()
            }
            self.series_smoothing_ = {
                key: tuple(values[0, -4:].tolist()) for key, values in channels.items()
            }
        data = channels[None] if None in channels else channels
        # X is known in advance: each window also reads it over the steps that
        # it forecasts (its lead channels)
        windows, targets = make_supervised(
            data, history=window, horizon=lead, target=0, future=self._exog_channels()
        )
        return self._network().fit(windows, targets)

    def _standardised(self, key, values):
        """The values of series ``key`` (``y``, then the columns of X) as the
        network reads them: ``y`` by the series' scaler, X by the panel's."""
        return standardised(values, self.scalers_[key], self.exog_scaler_)

    def _exog_channels(self):
        """The positions of X's columns among the channels, after y."""
        return list(range(1, 1 + len(self.exog_columns_ or ())))

    # -- predict ---------------------------------------------------------------

    def _predict(self, fh, X):
        """Forecast the steps of ``fh`` past the cutoff.

        Parameters
        ----------
        fh : ForecastingHorizon
            Out-of-sample steps.
        X : pandas.DataFrame or None
            Exogenous columns at (at least) the steps to forecast.

        Returns
        -------
        y_pred : pandas.Series
            The forecasts, on ``fh.to_absolute_index(self.cutoff)``; in a
            panel, each series' from its own last time stamp.
        """
        parts = {
            key: pd.Series(values, index=times, name=y_name(self._cur_y))
            for key, (times, values) in self._forecast(fh, X).items()
        }
        if None in parts:
            return parts[None]
        y_pred = panel(parts, self._cur_y.index.names)
        return y_pred.to_frame(y_name(self._cur_y))  # sktime's panels

    def _predict_quantiles(self, fh, X, alpha):
        """Forecast the quantiles ``alpha`` of the steps of ``fh``.

        Parameters
        ----------
        fh : ForecastingHorizon
            Out-of-sample steps, up to the furthest one of ``fh`` in ``fit``.
        X : pandas.DataFrame or None
            Exogenous columns at (at least) the steps to forecast.
        alpha : list of float
            The levels, each within the range of ``quantiles_``: a level of
            ``quantiles_`` is forecast as the network forecasts it, a level in
            between is interpolated linearly between its two neighbours.

        Returns
        -------
        quantiles : pandas.DataFrame
            A column per level, under sktime's ``(variable, alpha)`` columns,
            on the rows of ``predict``.
        """
        # raises before any forecast
        weights = interpolation_weights(self.quantiles_, alpha, type(self).__name__)
        columns = self._get_columns(method="predict_quantiles", alpha=alpha)
        parts = {
            key: pd.DataFrame(values @ weights, index=times, columns=columns)
            for key, (times, values) in self._forecast(fh, X, quantiles=True).items()
        }
        return parts[None] if None in parts else panel(parts, self._cur_y.index.names)

    def _forecast(self, fh, X, quantiles=False):
        """The forecasts of the steps of ``fh`` for each series, in the units
        of ``y``: ``{key: (times, values)}``, ``values`` of shape (n_steps,),
        or (n_steps, n_levels) with the levels ``quantiles_`` for
        ``quantiles=True``."""
        window, lead = self.window_length, self.horizon_
        # the recursive strategy forecasts every step up to the last one
        # asked, the direct one its H steps at once
        steps = steps_past_end(fh, self._cur_y, self.cutoff)
        first = min(int(s.min()) for s in steps.values())
        if first < 1:
            raise NotImplementedError(
                f"{type(self).__name__} forecasts the steps after each series' "
                f"end, but this horizon asks for step {first} of a series: a time "
                "it has observed. In-sample forecasts are not supported."
            )
        last = max(int(s.max()) for s in steps.values())
        if self.strategy == "direct" and last > lead:
            raise ValueError(
                f"The direct strategy was fitted to forecast steps 1 … {lead} past "
                f"the end of each series; this horizon asks for step {last}. Fit "
                "with this horizon"
                + ("." if self.quantiles_ else ", or use strategy='recursive'.")
            )
        n_steps = last if self.strategy == "recursive" else lead
        exog = self._exog_channels()
        histories, futures = {}, {}
        new_X = dict(by_series(native_order(X)))
        for key, y, known in instances(self._cur_y, self._cur_X):
            if self._reads_state():  # the smoothing runs from the start (no X)
                values = y.to_numpy(dtype=float).reshape(-1, 1)
                values = self._with_state(key, self._standardised(key, values))
                histories[key] = values[-window:]
                continue
            # y and X over the last window, then X over the steps forecast
            inputs = np.full((window + n_steps, 1 + len(exog)), np.nan)
            inputs[:window, 0] = y.to_numpy(dtype=float)[-window:]
            if exog:
                # X up to this series' own last step (the recursion of a
                # panel runs to the furthest series'; the forecasts past a
                # series' last step are dropped, so what they read is not
                # asked for, and the last known row stands in)
                own = int(steps[key].max()) if self.strategy == "recursive" else lead
                future = ForecastingHorizon(
                    np.arange(1, own + 1) * series_step(y.index), is_relative=True
                ).to_absolute_index(series_end(y, self.cutoff))
                rows = window_exog(
                    y,
                    known,
                    new_X.get(key),
                    future,
                    window=window,
                    columns=self.exog_columns_,
                    key=key,
                    owner=type(self).__name__,
                )
                inputs[:, 1:] = np.concatenate(
                    [rows, np.repeat(rows[-1:], n_steps - own, axis=0)]
                )
            inputs = self._standardised(key, inputs)
            histories[key], futures[key] = inputs[:window], inputs[window:, 1:]
        single = None in histories
        forecasts = recursive_forecast(
            self.regressor_,
            histories[None] if single else histories,
            n_steps,
            target=0,
            future=(futures[None] if single else futures) if exog else None,
            window=window,
            future_columns=exog,
            quantiles=quantiles,
        )
        parts = {}
        for key, y, _ in instances(self._cur_y, None):
            forecast = np.asarray(forecasts if single else forecasts[key])
            # the scaler maps each level back as it maps the point forecast
            # (a positive scale keeps the levels in order)
            scaler = self.scalers_[key]
            values = forecast[steps[key] - 1] * scaler.scale_[0] + scaler.mean_[0]
            parts[key] = (fh.to_absolute_index(series_end(y, self.cutoff)), values)
        return parts

    # -- update ----------------------------------------------------------------

    def _update(self, y, X=None, update_params=True):
        """Append new observations; with ``update_params``, fit the network again.

        Parameters
        ----------
        y : pandas.Series
            The new observations of the target.
        X : pandas.DataFrame or None
            The exogenous columns at the new observations (required when the
            forecaster was fitted with ``X``).
        update_params : bool, default=True
            Fit a new network on all the data seen.

        Returns
        -------
        self : LSTMForecaster
        """
        held_y, held_X, held_horizon = self._cur_y, self._cur_X, self.horizon_
        # the same instants in another time zone: compared, and held, on the
        # clock of the series fitted; numbers in native byte order, as in fit
        y, X = native_order(y), native_order(X)
        y, X = on_clock_of(y, held_y), on_clock_of(X, held_y)
        # what the refit replaces before its network trains
        held_scales = self.scalers_, self.exog_scaler_, self.series_smoothing_
        try:
            check_update(self._cur_y, y, update_params, type(self).__name__)
            if self.exog_columns_ is not None:
                known = self._cur_X if X is None else X.combine_first(self._cur_X)
                # the new times need X, for the next forecast's windows and a
                # refit
                which = "the times of the new y"
                exog_at(
                    y.index,
                    known,
                    self.exog_columns_,
                    which,
                    type(self).__name__,
                    given=X,
                )
                self._cur_X = known
            # the series held take the new y's name, after which sktime names
            # the intervals and quantiles (and one column under two names
            # would become two columns)
            if isinstance(y, pd.DataFrame):
                held = self._cur_y.set_axis(y.columns, axis=1)
            else:
                held = self._cur_y.rename(y.name)
            self._cur_y = y.combine_first(held)
            # as in fit: a new series, times before a series' start, or
            # integer times between two steps may leave steps of different
            # lengths, which the windows would read alike
            check_frequency(self._cur_y, type(self).__name__)
            if update_params:  # the refit may refuse the data (a short series)
                self._set_cutoff_from_y(self._cur_y)
                if self.strategy == "direct" and self._fh.is_all_out_of_sample(
                    self.cutoff
                ):
                    # the horizon given to fit, past each series' end now, as
                    # a fit counts it: an absolute one lies further past a new
                    # series that ends early (once the cutoff has passed it,
                    # sktime refuses it in every forecast, and the steps stay)
                    self.horizon_ = self._horizon(self._cur_y, self._fh)
                self._check_exog_window()
                self.regressor_ = self._fit_network()
        except ValueError:
            # sktime has moved the cutoff to the refused y's end: back to the
            # end of the series held, which are put back as they were, with
            # the scales the network reads
            self._cur_y, self._cur_X = held_y, held_X
            self.horizon_ = held_horizon
            self.scalers_, self.exog_scaler_, self.series_smoothing_ = held_scales
            self._set_cutoff_from_y(self._cur_y)
            raise
        # sktime set the cutoff to the new y's end, which may come before the
        # series held (revised values): forecasts start from their ends
        self._set_cutoff_from_y(self._cur_y)
        return self

    # -- testing ---------------------------------------------------------------

    @classmethod
    def get_test_params(cls, parameter_set="default"):
        """Tiny, fast configurations for sktime's estimator checks.

        Parameters
        ----------
        parameter_set : str, default="default"
            Ignored: there is one set.

        Returns
        -------
        params : list of dict
            A recursive LSTM, a direct encoder–decoder with
            ``window_norm="last"``, ``quantiles=True`` (so that sktime's
            checks also run its probabilistic methods), two members and a
            linear skip, and a direct LSTM with the Holt-Winters norm from the
            smoothing's state (a season of 2 steps): 2 units, a window of 3,
            one epoch of one batch.
        """
        tiny = {
            "window_length": 3,
            "units": 2,
            "epochs": 1,
            "batch_size": 1024,  # one step per epoch
            "random_state": 0,
        }
        return [
            tiny,
            {
                **tiny,
                "strategy": "direct",
                "model": "seq2seq",
                "window_norm": "last",
                "quantiles": True,
                "n_members": 2,
                "linear_skip": True,
            },
            {
                **tiny,
                "window_length": 4,  # two seasons, for the state
                "strategy": "direct",
                "window_norm": "holt_winters",
                "season_length": 2,
                "smoothing": "state",
            },
        ]


def _flag(quantiles):
    """``quantiles``, with numpy's booleans (of a grid built with numpy) read
    as Python's."""
    return bool(quantiles) if isinstance(quantiles, np.bool_) else quantiles


def _asks_quantiles(quantiles):
    """Whether ``quantiles`` asks for any (not ``None`` or ``False``; by
    identity: levels may be an array)."""
    flag = _flag(quantiles)
    return flag is not None and flag is not False
