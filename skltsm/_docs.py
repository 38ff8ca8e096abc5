"""Docstring fragments that both regressors share, and the decorator that fills
them in.

The fragments are written once here and placed into a class docstring where it
says ``%(shared_parameters)s``. Under ``python -OO`` docstrings are ``None``:
the decorator then leaves them so, and the package still imports.
"""

__all__ = ["fill_shared_docs"]

_PARAMETERS = """\
recurrent_dropout : float, default=0.0
    Dropout on the recurrent state inside each LSTM. Warns: it rules out
    the fused cuDNN kernel on GPU.
bidirectional : bool, default=False
    Wrap each LSTM layer in ``Bidirectional``.
window_norm : {"last", "mean", "standard", "seasonal", "holt_winters"}, \
        default=None
    Express each window relative to its own level inside the network, and
    map the output back: ``"last"`` subtracts each channel's last value,
    ``"mean"`` its window mean, ``"standard"`` also divides by the window's
    standard deviation. It lets the network forecast a trending series
    beyond the range seen in training. ``"seasonal"`` reads the changes
    over one season (``x[t] - x[t - season_length]``) and predicts the
    correction to the seasonal naive forecast with drift (the last season
    repeated, plus the mean change over a season during the last season,
    once per season ahead; ``n_seasons`` averages more seasons).
    ``"holt_winters"`` smooths each window by additive damped Holt-Winters
    exponential smoothing (constants ``smoothing``), reads the window less
    its smoothed season and last level, and predicts the correction to that
    smoothing's forecast (:class:`HoltWintersRegressor`). Before any
    training the network forecasts exactly the normalisation's own
    forecast (its output layer starts at zero).
    The target channel of ``X`` must be in the units of ``y`` (do not scale
    it before the model). ``fit`` warns where float32, in which the network
    computes, rounds a channel's values by more than a tenth of their
    changes (a series, or a covariate, at 1e9 that moves by 1): subtract a
    level from it first.
window_scale : {"channel", "spread"}, default="channel"
    What a ``window_norm`` divides each window by, after its level.
    ``"channel"``: one scale per channel over all the training rows (its
    values' or seasonal changes' standard deviation). ``"spread"``: each
    window's own size, its mean absolute change over a season
    (``season_length``; a step without one), as :func:`window_spread`
    measures it, and each row's loss is weighted
    by the inverse of its target's size (squared for ``loss="mse"``), so
    that the network reads, forecasts and is trained on every window in
    units of its own size: a global network across series of different
    units or volatility then weighs each series alike, and a series
    multiplied by a constant gets the same forecasts multiplied by it.
    A window measures its series' scale less well than the series' whole
    history: dividing each series by its own scale before making the rows
    did better in ``benchmarks/bench_window_scale.py`` (see the user
    guide's page on panels).
    A window that barely changes counts a size of ``1e-5`` times its
    channel's scale (a warning says so at fit): not for series with flat
    stretches. Not with ``"standard"``, which divides by the window's
    standard deviation already; with the losses ``"mse"`` and ``"mae"``
    (and the pinball loss of ``quantiles``), whose weights it knows.
season_length : int, default=None
    The period of the season, for ``window_norm="seasonal"`` and
    ``"holt_winters"`` (12 for monthly data with a yearly cycle); the
    window must be longer.
n_seasons : int, default=1
    With ``window_norm="seasonal"``, the seasons that its naive forecast
    averages: each of the last ``n_seasons`` seasons, moved forward by the
    drift, forecasts the steps ahead, and the level is their mean; the
    drift is the mean change over one season during the last
    ``n_seasons`` seasons. ``1`` repeats the last season; ``2`` halves the
    noise of a single season at the cost of following a change of the
    seasonal pattern more slowly. The windows must be longer than
    ``n_seasons * season_length``.
smoothing : tuple of 4 floats, "auto", "channels" or "state", \
        default=(0.5, 0.0, 0.3, 0.9)
    With ``window_norm="holt_winters"``, the smoothing constants of the
    level, the trend and the season, and the damping of the trend, each in
    [0, 1] (see :class:`HoltWintersRegressor`). Put them in a search's grid
    as you would a window: the untrained network is
    ``HoltWintersRegressor(season_length, smoothing=smoothing)``, which
    scores them before any training. ``"auto"``: chosen at fit, before any
    training, as ``HoltWintersRegressor(smoothing="auto")`` chooses them
    (the 16 constants' least error on the training rows, weighed by
    ``fit``'s ``sample_weight``; on a panel, one set for all its series).
    ``"channels"``: each row's own, from the last four channels of X
    (:func:`add_smoothing_channels` appends each series' constants); with
    any window norm, those channels are not inputs of the network, so that
    networks of every norm can share the rows in one
    search. ``"state"``: those constants, and the state of each series'
    smoothing run from its start, from the three channels before them
    (``add_smoothing_channels(state=True)``): the Holt-Winters norm
    forecasts from the state of the window's last step, not from the
    window's own smoothing, and X holds one series besides. Not with
    ``future_channels``.
n_members : int, default=1
    Train an ensemble of this many networks of the same architecture, each
    with its own initial weights and dropout and its own order of the rows
    (as separate fits would), as one model (each step one batch per member,
    stacked, not one fit per member), and predict the median of their
    forecasts. Each member takes the steps of its own fit (with SGD too,
    unless the optimizer ties the members together, below): the model
    minimises the sum of the members' losses, and ``history_["loss"]`` is
    their mean. Each member's rows weigh in its own loss: a ``loss``
    function of the user's returns a value per row, reducing the last axis
    alone as Keras' own do (``ops.mean(..., axis=-1)``); one number per batch
    is refused. With ``early_stopping``, each member stops as its own fit
    would: after ``n_iter_no_change`` epochs without a better validation
    loss (``val_loss_m{k}`` in ``history_``, ``val_loss`` their mean, in
    place of Keras' evaluation and its ``val_`` metrics, and read by
    ``callbacks`` as Keras' would be; a callback that watches a member's
    passes ``mode="min"``, as Keras cannot tell from the name that it is a
    loss) it keeps the weights of its best
    epoch, and its later epochs no longer count; training ends when every
    member has stopped. Where leaving the stopped
    members out saves more than compiling a step without them costs (judged
    from the rows, the window and the patience, never the clock), the
    running members go on alone in a new step: the same forecasts (to the
    bit in the tests, but for float rounding on JAX with the Holt-Winters
    norm). Not with ``callbacks``, which would see the fit end and begin
    again, nor with an optimizer's ``global_clipnorm`` or ``use_ema``, which
    tie the members together. ``history_["loss"]`` then sums the running
    members' losses alone over ``n_members``, and the validation loss of a
    member left out is NaN.
output_penalty : float, default=0.0
    An L2 penalty on the network's output before any denormalisation: the
    penalty times the sum of the squared outputs, averaged over the batch.
    With a ``window_norm`` that output is the correction to the
    normalisation's naive forecast, so the penalty pulls the forecast toward
    that start; a small series has little evidence to move it far. Each
    member of an ensemble bears it with the weight it would have alone. With
    ``quantiles``, it penalises the median's output only: the distances
    between the levels correct no start, and pulled toward zero they would
    set each level ``log 2`` scale units from the next. With
    ``linear_skip``, it penalises the network's part alone, not the linear
    map added to it.
linear_skip : bool, default=False
    Add a linear map of the window (after ``window_norm``) and of the inputs
    known over the forecast to the network's output: the network is then a
    linear autoregression on the lags, as a Ridge on the flattened window
    is, plus the LSTM's non-linear correction, both trained together (the
    "highway" of LSTNet). Its weights start at zero: the untrained forecast
    is unchanged.
target_channel : int, default=0
    The channel of ``X`` that holds the target, for ``window_norm``.
future_channels : int, default=0
    How many channels, last in ``X``, are the lead channels of inputs known
    in advance (``make_supervised(future=...)``): their last ``H`` steps
    hold the inputs over the ``H`` steps forecast. The network reads them in
    its window like the other channels, and also over the forecast steps
    themselves (see the class' description). They must be built for the
    ``H`` steps of ``y``: lead channels that hold their column moved another
    number of steps ahead (the windows of ``make_supervised(horizon=6, ...)``
    with ``y[:, :3]``, or one model per step) are refused at fit.
quantiles : sequence of float, default=None
    Forecast these quantile levels of ``y`` (such as ``(0.1, 0.5, 0.9)``)
    with one network trained on the pinball loss of all of them at once
    (``loss`` must stay at its default). The levels never cross: the
    network forecasts the median and each further level as a positive
    step from its neighbour. ``predict`` returns the median;
    ``predict_quantiles`` the levels, which a window norm and the target
    scaling map back like any forecast (the scale stretches them, the
    level moves them). An ensemble combines its members level by level.
scale_target : bool, default=True
    Standardise ``y`` for training (statistics in float64); predictions are
    in the original units.
optimizer : str or keras optimizer class, default="adam"
    The optimizer; its arguments route as ``optimizer__<name>``.
learning_rate : float, default=0.001
    The optimizer's learning rate (``None`` keeps Keras' default). A routed
    ``optimizer__learning_rate`` takes precedence, and an optimizer given as
    an instance keeps its own.
loss : str or keras loss, default="mse"
    The training loss. A loss of the targets' own values (``"mape"``,
    ``"msle"``, ``"poisson"``) needs ``scale_target=False``: it is refused
    on standardised targets, around zero, where it means another loss.
metrics : list of str or keras metrics, default=None
    Extra metrics that Keras records in ``history_``, as it computes its
    loss: on the targets as the network trains on them (standardised with
    ``scale_target``), not in the units of ``y``, and with the rows'
    weights (``sample_weight``, Keras' ``weighted_metrics``). Score
    ``predict``'s output with scikit-learn's metrics for those. Each is
    recorded by the name Keras logs it by: Keras' own by its full name
    (``"mae"`` as ``"mean_absolute_error"``), a function by its own.
epochs : int, default=50
    The maximum number of passes over the training rows.
batch_size : int, -1 or "auto", default="auto"
    Rows per gradient step; -1 is every row in one step (scikeras'
    convention, as ``fit(X, y, batch_size=-1)``). ``"auto"``: 128, or,
    for fewer than 4,096 rows, the largest power of two that still makes
    32 steps an epoch (at least 16). Larger batches train faster per row (measured in
    ``benchmarks/bench_speed.py``); small series keep enough steps.
early_stopping : bool, default=False
    Hold out the last ``validation_fraction`` of the rows (after a gap of
    ``horizon - 1`` rows, so that no training target is a validation
    one), stop when the validation loss has not improved for
    ``n_iter_no_change`` epochs, and restore the best weights.
    ``partial_fit`` refuses it, as scikit-learn's ``MLPRegressor`` does:
    each call would hold out its last rows, which would never train.
validation_fraction : float, default=0.1
    The fraction of the rows held out with ``early_stopping``.
n_iter_no_change : int, default=10
    The patience of ``early_stopping``, in epochs.
shuffle : bool, default=True
    Shuffle the training rows each epoch (the split is made before).
random_state : int, RandomState instance or None, default=None
    Seeds the network's initial weights, its dropout and the order of the
    batches: two fits with the same seed give identical predictions on CPU.
    ``None`` draws a fresh seed from the operating system at each fit. The
    process' global generators (Python's, NumPy's, the backend's) are
    neither read nor changed, so ``keras.utils.set_random_seed`` does not
    fix an unseeded fit.
verbose : int, default=0
    Keras' progress output: 0 is silent, 1 a progress bar, 2 a line per
    epoch.
callbacks : list of keras callbacks, default=None
    Extra callbacks for ``fit``: instances, or classes (a list, or a dict
    by name) whose arguments route as ``callbacks__<name>`` (or
    ``callbacks__<key>__<name>``).
warm_start : bool, default=False
    Keep training the fitted network at the next ``fit``, from the epoch it
    got to, as ``partial_fit`` does: the rows come in that epoch's orders
    and ``history_`` goes on (a value per epoch in every entry, NaN for the
    epochs of a fit that recorded none, such as a ``val_loss`` without early
    stopping), so that without early stopping, fits of ``a``
    then ``b`` epochs train as one fit of ``a + b``. Only the
    parameters of the training loop (``epochs``, ``batch_size``, early
    stopping's, ``shuffle``, ``verbose``, ``callbacks``, ``fit__<name>``)
    may change in between; another changed parameter is refused before
    any training. ``random_state`` is read at every fit, as scikit-learn's
    ``MLPRegressor`` reads it: a warm fit or ``partial_fit`` takes the
    orders of its batches from it as it is then (the initial weights and
    the dropout's seeds stay those of the network built).
**kwargs
    Routed parameters of scikeras: ``optimizer__<name>``, ``fit__<name>``,
    ``predict__<name>``, ``compile__<name>``, ``loss__<name>``. Unknown
    names are rejected at ``fit``, before any training.
    ``predict__batch_size`` is the rows per batch of ``predict`` (-1: every
    row at once), ``predict__verbose`` its progress output (by default
    ``verbose``; a prediction of one batch is silent). Keras' other
    ``predict`` arguments (``steps``, ``callbacks``) are refused: the
    regressor runs the windows through the network itself, in padded
    batches of one size."""

_ATTRIBUTES = """\
Attributes
----------
model_ : keras.Model
    The trained network.
history_ : dict
    The loss (and ``val_loss``) of each epoch: the mean over the rows, as
    plain Keras reports it (a partial last batch counts by its rows), and
    so the extra ``metrics`` where the rows weigh alike.
n_features_in_ : int
    The window length seen during fit.
n_channels_in_ : int
    The number of channels seen during fit.
n_outputs_ : int
    The number of target columns (steps).
quantiles_ : list of float or None
    The levels of ``quantiles``, sorted: those ``predict_quantiles``
    returns.
smoothing_ : tuple of 4 floats
    With ``window_norm="holt_winters"``, the constants of its smoothing:
    ``smoothing``, or those chosen at fit.
feature_names_in_ : ndarray of shape (`n_features_in_`,)
    Names of the input columns, for 2-D DataFrame input."""

_FRAGMENTS = {"shared_parameters": _PARAMETERS, "shared_attributes": _ATTRIBUTES}


def _indented(text, indent):
    """``text`` with every line but the first indented by ``indent``."""
    first, *rest = text.splitlines()
    return "\n".join([first, *(indent + line if line else line for line in rest)])


def fill_shared_docs(cls):
    """Fill the shared fragments into the docstring of ``cls``.

    A placeholder such as ``%(shared_parameters)s`` sits at the docstring's
    indentation (a placeholder at column 0 would make formatters re-indent the
    text); the fragment is indented to match. A ``None`` docstring (``-OO``)
    is left as it is.
    """
    doc = cls.__doc__
    if doc is None:
        return cls
    for name, text in _FRAGMENTS.items():
        placeholder = f"%({name})s"
        for line in doc.splitlines():
            if line.strip() == placeholder:
                indent = line[: len(line) - len(line.lstrip())]
                doc = doc.replace(placeholder, _indented(text, indent), 1)
                break
    cls.__doc__ = doc
    return cls
