"""Input validation, in one place, per kind of input: windows and the data
of estimators here, series in ``_series_validation``, the level that a
forecast starts from in ``_level_checks``.

Every public entry point calls one of these helpers before doing any work, so that
bad input is answered with a ``ValueError`` or ``TypeError`` that names the
parameter, what was wrong and how to fix it.
"""

from numbers import Integral

import numpy as np
import pandas as pd
from pandas.api.types import is_numeric_dtype, is_string_dtype
from sklearn.frozen import FrozenEstimator
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import check_scalar, validate_data

from ._future import check_lead_horizon
from ._layers import full_precision
from ._level_checks import check_float32_level, check_target_level
from ._smoothing import check_smoothing_channels, smoothing_channels

__all__ = [
    "check_bool",
    "check_network_data",
    "check_network_smoothing",
    "check_numbers",
    "check_positive_int",
    "check_sample_weight",
    "check_target_channel",
    "check_window_scale",
    "check_windows",
    "final_steps",
    "fitted_attribute",
    "numbers_as_floats",
    "take_input_attributes",
]


def check_bool(value, name):
    """Return ``value`` as a bool if it is one (NumPy's too), else raise
    naming ``name``: a string such as ``"False"`` is truthy."""
    if not isinstance(value, bool | np.bool_):
        raise TypeError(f"`{name}` must be True or False, got {value!r}.")
    return bool(value)


def check_positive_int(value, name):
    """Return ``value`` as an int if it is an integer ≥ 1, else raise naming
    ``name``. A bool is the integer it equals (``True`` is 1), as scikit-learn's
    ``Interval(Integral, ...)`` constraints and ``check_scalar`` take it, so
    that a parameter checked here and one checked by the estimator's
    ``_parameter_constraints`` take the same values."""
    if not isinstance(value, Integral):
        raise TypeError(f"`{name}` must be a positive integer, got {value!r}.")
    check_scalar(value, name, Integral, min_val=1)
    return int(value)


def check_windows(
    estimator,
    X,
    *,
    reset,
    ensure_all_finite=True,
    y="no_validation",
    crop=None,
    **kwargs,
):
    """Validate a stack of windows for a scikit-learn estimator.

    2-D input of shape (n_samples, window) is read as univariate windows, columns
    ordered from the oldest step to the newest; 3-D input has shape
    (n_samples, window, n_channels). On ``reset`` the number of channels is stored
    as ``n_channels_in_`` (``n_features_in_`` holds the window length, as
    scikit-learn sets it); otherwise the window length and the number of channels
    must match the fitted ones. ``crop``: what to do with windows of
    another length, where the estimator's advice is not the default one (a
    ``SlidingWindow`` that crops them in a pipeline).

    Returns ``X`` (and ``y`` when given, even as ``None``, which raises) as
    ``validate_data`` returns them; no copy is made of a floating-point array.
    """
    ndim = getattr(X, "ndim", None)
    if ndim == 1:
        # scikit-learn's advice, X.reshape(-1, 1), would make every value of
        # a series a window of one step, and some estimators fit on those
        raise ValueError(
            f"X is 1-D, shape {X.shape}, but {type(estimator).__name__} takes "
            "windows: 2-D (n_samples, window) or 3-D (n_samples, window, "
            "n_channels). Reshape your data into windows with "
            "`skltsm.make_supervised(series, history=...)`, not into one "
            "column: its values would be windows of one step."
        )
    # 2-D windows against a fit on several channels too: scikit-learn's
    # message would count their columns against one channel's steps
    several = getattr(estimator, "n_channels_in_", 1) > 1
    if not reset and (ndim == 3 or (ndim == 2 and several)):
        _check_window_shape(estimator, X.shape, crop)
    # numbers held as objects in floats, a missing one as NaN (told below),
    # once: the check of numbers then reads them as floats
    X = numbers_as_floats(X)
    check_numbers(X, "X")
    if y is not None and not isinstance(y, str):
        y = numbers_as_floats(y)
        check_numbers(y, "y")
        shape = np.asarray(y).shape  # np.ndim would bypass __array__
        if len(shape) > 2:
            raise ValueError(
                f"y must have shape (n_samples,) or (n_samples, horizon), got "
                f"{len(shape)}-D {shape}. Build it with `make_supervised`."
            )
    try:
        X_y = validate_data(
            estimator,
            X,
            y=y,
            reset=reset,
            allow_nd=True,
            ensure_all_finite=ensure_all_finite,
            dtype=(np.float64, np.float32),
            **kwargs,
        )
    except ValueError as error:
        if not reset and ndim == 2 and "features as input" in str(error):
            # columns of univariate windows that scikit-learn refused once
            # their names passed: what to pass, X[-1:] for X[-1] among others
            try:
                _check_window_shape(estimator, X.shape, crop)
            except ValueError as clear:
                raise clear from error
        if "NaN" not in str(error) and "infinity" not in str(error):
            raise
        # scikit-learn's advice (an estimator that takes missing values)
        # does not fit windows of a series: mend the series, not the rows
        raise ValueError(
            f"{str(error).split('.')[0]}. Windows and targets are rows of a "
            "series: fill its gaps (`data.interpolate()` or `data.ffill()`) "
            "and build them again with `make_supervised`, which names the "
            "time of the first missing value."
        ) from error
    X = X_y if isinstance(y, str) else X_y[0]
    if X.ndim > 3:
        raise ValueError(
            f"{type(estimator).__name__} takes 2-D (n_samples, window) or 3-D "
            f"(n_samples, window, n_channels) input, got {X.ndim}-D. "
            "Build windows with `skltsm.make_supervised`."
        )
    if X.shape[1] == 0:
        raise ValueError(
            f"X has windows of 0 steps; {type(estimator).__name__} needs at least "
            "one. Build windows with `skltsm.make_supervised(history=...)`."
        )
    n_channels = 1 if X.ndim == 2 else X.shape[2]
    if n_channels == 0:
        raise ValueError(
            f"X has windows of 0 channels, shape {X.shape}; "
            f"{type(estimator).__name__} needs at least one. Build windows with "
            "`skltsm.make_supervised`."
        )
    if reset:
        estimator.n_channels_in_ = n_channels
    elif n_channels != estimator.n_channels_in_:
        _check_window_shape(estimator, X.shape)
    return X_y


def check_network_data(estimator, X, y=None, *, reset):
    """Validate the windows (and targets) of a network regressor.

    The checks of :func:`check_windows`, plus those of ``window_norm`` at fit,
    and those of the lead channels (``future_channels``) at fit and predict.
    Returns ``X`` as 3-D windows, whatever layout came in (2-D univariate
    windows are one channel), so that a model fitted on either layout predicts
    both alike; and ``y`` (``None`` at predict).
    """
    if y is None and not reset:
        X = check_windows(estimator, X, reset=False)
    else:
        X, y = check_windows(
            estimator, X, y=y, reset=reset, multi_output=True, y_numeric=True
        )
    if X.ndim == 2:
        X = X[:, :, np.newaxis]
    if reset:
        # checked with or without a window norm: a channel that does not
        # exist is a mistake whether or not this fit reads it
        check_target_channel(estimator.target_channel, X.shape[2])
    if reset and estimator.future_channels:
        _check_future_channels(estimator, X, y)
    if reset and estimator.window_norm is not None:
        _check_window_norm(estimator, X, y)
    if not reset and hasattr(estimator, "future_loc_"):
        # windows of another horizon's known inputs, refused as at fit
        check_lead_horizon(X, len(estimator.future_loc_), estimator.n_outputs_)
    return X, y


def check_window_scale(estimator, X):
    """``window_scale="spread"`` divides by each window's size within a
    window norm other than ``"standard"``, from its changes over a season
    (a step without one): the windows must hold one."""
    if estimator.window_scale != "spread":
        return
    norm = estimator.window_norm
    if norm in (None, "standard"):
        raise ValueError(
            '`window_scale="spread"` divides each window by its own size within '
            'a window norm; it needs `window_norm` "last", "mean", "seasonal" or '
            f'"holt_winters", not {norm!r} ("standard" divides by the window\'s '
            "standard deviation already)."
        )
    lag = estimator.season_length or 1
    if X.shape[1] <= lag:
        raise ValueError(
            f'`window_scale="spread"` measures each window\'s changes over {lag} '
            f"step(s) (season_length={estimator.season_length}): the windows "
            f"({X.shape[1]} steps) must be longer. Use a longer window."
        )


def check_network_smoothing(estimator, X):
    """``smoothing="channels"`` or ``"state"``: the rows' constants (and
    state), checked at fit and at predict; a window norm to drop them,
    no lead channels after them, and, for the Holt-Winters norm from the
    state, one series."""
    n = smoothing_channels(estimator.smoothing)
    if not n:
        return
    if estimator.window_norm is None or estimator.future_channels:
        raise ValueError(
            f'`smoothing="{estimator.smoothing}"` takes the last {n} channels of X '
            "as each row's smoothing constants (and state), which a window "
            "norm reads and leaves out of the network's inputs: it needs a "
            "`window_norm` and no lead channels after them; got window_norm="
            f"{estimator.window_norm!r}, future_channels={estimator.future_channels}."
        )
    # the Holt-Winters norm reads the state (other norms drop it)
    reads = estimator.window_norm == "holt_winters"
    windows, _, state = check_smoothing_channels(
        X,
        estimator.target_channel,
        estimator.smoothing,
        estimator.season_length if reads else None,
    )
    if state is not None and reads:
        if windows.shape[2] != 1:
            raise ValueError(
                '`smoothing="state"` with window_norm="holt_winters" '
                "forecasts one series from its smoothing's state: X must "
                f"hold that series and the last {n} channels; it has "
                f"{windows.shape[2]} series channels."
            )


def _check_future_channels(estimator, X, y):
    """The lead channels of inputs known in advance must leave the target
    channel before them, the window must hold the steps forecast, and the
    lead channels must be built for them (``check_lead_horizon``)."""
    n_future, n_channels = estimator.future_channels, X.shape[2]
    if n_future >= n_channels:
        raise ValueError(
            f"`future_channels={n_future}` leaves no other channel: X has "
            f"{n_channels}. It counts the lead channels that "
            "make_supervised(future=...) appends after the inputs."
        )
    if estimator.target_channel >= n_channels - n_future:
        raise ValueError(
            f"`target_channel={estimator.target_channel}` is one of the last "
            f"{n_future} channels, the lead channels of known inputs "
            "(`future_channels`); the target comes before them."
        )
    # the known inputs over the forecast are read from the windows as they
    # are, whatever the window norm does to the rest
    horizon = 1 if y.ndim == 1 else y.shape[1]
    length = X.shape[1]
    if length < horizon:
        raise ValueError(
            f"The known inputs cover the {horizon} steps forecast, the last "
            f"{horizon} steps of their lead channels, but the network reads "
            f"only {length} steps of them. Use a longer window."
        )
    check_lead_horizon(X, n_future, horizon)


def check_sample_weight(sample_weight, n_samples=None, *, rows="X", use="train on"):
    """Raise a ValueError where ``sample_weight`` is not one weight per row
    (of ``n_samples``, where given) or one for all, or where a weight is not
    a number, is not finite, is negative (Keras would train those rows away
    from their targets), or all are zero. In the messages, ``rows`` names
    the rows weighed and ``use`` what is done with them: by default the rows
    of X, trained on; a metric passes ``rows="`y_true`", use="score"``.

    scikit-learn's private ``_check_sample_weight`` checks the same, but
    differs on purpose: it returns the weights converted (an array of ones
    for ``None``), which the regressors leave to scikeras and Keras (in
    Keras' float type); it needs ``X`` to count the rows, where here
    ``n_samples`` may be ``None`` (X and y disagree: scikeras says so
    first); negative weights are refused always, not on request; and the
    messages say what to do (a weight of zero leaves a row out).
    """
    if sample_weight is None:
        return
    # a missing weight among numbers held as objects (pd.NA) as NaN, told below
    weights = np.asarray(numbers_as_floats(np.asarray(sample_weight)))
    if weights.dtype.kind == "O":  # numbers in an object array are numbers
        try:
            weights = weights.astype(np.float64)
        except (TypeError, ValueError):
            pass  # refused below
    if weights.dtype.kind not in "biuf":  # text, dates, objects: no weights
        raise ValueError(
            f"`sample_weight` must hold numbers, got {weights.dtype} values "
            f"such as {weights.ravel()[:1].tolist()}."
        )
    if weights.ndim > 1 or (
        weights.ndim == 1 and n_samples is not None and len(weights) != n_samples
    ):
        counted = "" if n_samples is None else f" ({n_samples} rows)"
        raise ValueError(
            f"`sample_weight` must hold one weight per row of {rows}{counted}, or be "
            f"one number for every row; got an array of shape {weights.shape}."
        )
    if not np.isfinite(weights).all():
        raise ValueError(
            f"`sample_weight` must be finite: {np.sum(~np.isfinite(weights))} "
            "of them are NaN or infinite. Give those rows a weight, or a weight "
            "of zero to leave them out."
        )
    if np.any(weights < 0):
        raise ValueError(
            f"`sample_weight` must not be negative: {np.sum(weights < 0)} of "
            "them are. A weight of zero leaves a row out."
        )
    if not np.any(weights):
        raise ValueError(
            "`sample_weight` is zero for every row, which leaves every row "
            f"out: nothing is left to {use}. Give the rows to {use} a "
            "positive weight."
        )


def check_target_channel(channel, n_channels):
    """Raise a ValueError where ``target_channel`` is not a channel of X."""
    if channel >= n_channels:
        raise ValueError(
            f"`target_channel={channel}` does not exist: X has {n_channels} "
            "channels. Set it to the channel of X that holds the target."
        )


def _check_window_norm(estimator, X, y):
    norm = estimator.window_norm
    # the output is mapped back with the level of the target channel
    check_target_level(X, y, estimator.target_channel, f"window_norm={norm!r}")
    if full_precision() != "float64":  # a float64 network reads the level whole
        check_float32_level(X, estimator.target_channel, f"window_norm={norm!r}")
    if norm not in ("seasonal", "holt_winters"):
        return
    season = estimator.season_length
    if season is None:
        raise ValueError(
            f"`window_norm={norm!r}` needs `season_length`, the period of the "
            "season (e.g. 12 for monthly data with a yearly cycle)."
        )
    if norm == "holt_winters":  # its constants: checked or chosen after this
        if X.shape[1] <= season:
            raise ValueError(
                f"`window_norm='holt_winters'` starts its smoothing from the "
                f"window's first season (season_length={season}) and smooths "
                f"the steps after it: the windows ({X.shape[1]} steps) must be "
                f"longer than {season} steps (two seasons or more give it a "
                "trend). Use a longer window."
            )
        return
    n_seasons = estimator.n_seasons
    if X.shape[1] <= n_seasons * season:
        raise ValueError(
            f"`window_norm='seasonal'` reads changes over season_length={season} "
            f"steps over the last n_seasons={n_seasons} season(s): the windows "
            f"({X.shape[1]} steps) must be longer than {n_seasons * season} steps. "
            "Use a longer window (or fewer seasons)."
        )


def check_numbers(values, name, *, objects=False):
    """Raise a TypeError naming ``name`` if it does not hold numbers: text
    (numpy's strings, a pandas Series of text, as pandas' ``str`` or as
    objects), time stamps or durations. Numbers held as objects pass.
    numpy's arrays of objects are judged by their values with ``objects``,
    where no scikit-learn check follows (an estimator's leaves them to
    scikit-learn's, whose message its checks expect)."""
    if isinstance(values, pd.DataFrame):
        bad = [c for c, t in values.dtypes.items() if not is_numeric_dtype(t)]
        if bad:
            raise TypeError(
                f"Column {bad[0]!r} of `{name}` is not numeric. Convert it, or "
                "drop it before windowing."
            )
        return
    dtype = getattr(values, "dtype", None)
    if (
        isinstance(values, pd.Series | pd.Index)
        and is_string_dtype(dtype)  # pandas' text, or objects
        and _objects_as_floats(values) is None
    ):
        # text is refused as numpy's strings are, numeric ("5.839") or not
        _refuse_numbers(name, dtype)
    if (
        objects
        and isinstance(values, np.ndarray)
        and values.dtype == object
        and _objects_as_floats(pd.Series(values.ravel())) is None
    ):
        _refuse_numbers(name, dtype)
    kind = getattr(dtype, "kind", None)
    if kind is None:
        try:
            kind = np.asarray(values).dtype.kind
        except ValueError:  # ragged: scikit-learn's validation says so
            return
    if kind in ("U", "S", "M", "m"):
        _refuse_numbers(name, np.asarray(values).dtype)


def numbers_as_floats(values):
    """``values`` in float64 where they are numbers held as objects (a pandas
    Series, or a numpy array, of objects none of which is text), a missing
    one (``None``, ``pd.NA``) as NaN, so that it is told as NaN is: numpy
    refuses ``pd.NA`` ("float() argument must be ... not 'NAType'"), and
    scikit-learn's check of missing values fails on it and passes ``None``.
    A Series stays one, with its index and name; other values come back as
    they are, to the checks that tell them."""
    if isinstance(values, pd.Series):
        floats = _objects_as_floats(values)
        if floats is not None:
            return pd.Series(floats, index=values.index, name=values.name)
    elif isinstance(values, np.ndarray) and values.dtype == object:
        floats = _objects_as_floats(pd.Series(values.ravel()))
        if floats is not None:
            return floats.reshape(values.shape)
    return values


def _objects_as_floats(values):
    """The pandas ``values``, objects (not pandas' own text) that are all
    numbers, as a float64 array, a missing one as NaN (told later); ``None``
    where any of them is text or is not taken as a float."""
    if values.dtype != object or any(isinstance(v, str | bytes) for v in values):
        return None
    try:
        return values.to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError):
        return None


def _refuse_numbers(name, dtype):
    """Raise the TypeError of ``name``, of ``dtype``, that holds no numbers."""
    raise TypeError(
        f"`{name}` must hold numbers, got {dtype}. Convert the data to floats "
        "(time stamps belong in the index)."
    )


def final_steps(estimator):
    """The fitted estimator that ends ``estimator``, and the steps before it:
    through a search's ``best_estimator_``, a ``FrozenEstimator`` and a
    pipeline's steps. A search fitted with ``refit=False``, which keeps no
    model, is refused."""
    transforms = []
    while True:
        refit = getattr(estimator, "refit", None)
        if (
            isinstance(refit, bool | np.bool_)
            and not refit
            and hasattr(estimator, "cv_results_")
        ):
            # (as scikit-learn's search refuses to predict: a best_estimator_
            # left by an earlier fit with refit=True is not this fit's)
            raise ValueError(
                f"{type(estimator).__name__} was fitted with refit=False: it "
                "keeps no fitted model to forecast with or to draw. Fit it with "
                "refit=True (the default)."
            )
        if hasattr(estimator, "best_estimator_"):
            estimator = estimator.best_estimator_
        elif isinstance(estimator, FrozenEstimator):
            estimator = estimator.estimator
        elif isinstance(estimator, Pipeline):
            transforms += [
                s
                for _, s in estimator.steps[:-1]
                if s is not None and s != "passthrough"
            ]
            estimator = estimator.steps[-1][1]
        else:
            return transforms, estimator


def fitted_attribute(estimator, name):
    """The attribute ``name`` of a fitted model's first step that has it (a
    pipeline's steps, through searches); ``None`` where none has it."""
    transforms, final = final_steps(estimator)
    for step in (*transforms, final):
        value = getattr(step, name, None)
        if value is not None:
            return value
    return None


def take_input_attributes(meta, fitted):
    """Give a meta-estimator the ``n_features_in_`` and ``feature_names_in_``
    of the model it fitted, and drop those of an earlier fit where the model
    has none."""
    for name in ("n_features_in_", "feature_names_in_"):
        if hasattr(fitted, name):
            setattr(meta, name, getattr(fitted, name))
        elif name in vars(meta):  # of an earlier fit
            delattr(meta, name)


def _check_window_shape(estimator, shape, crop=None):
    """Clear errors for window length or channel count that differ from fit;
    ``crop``, the advice for windows of another length (see
    :func:`check_windows`)."""
    name = type(estimator).__name__
    n_steps = getattr(estimator, "n_features_in_", None)
    n_channels = getattr(estimator, "n_channels_in_", None)
    if n_steps is None or n_channels is None:
        return  # not fitted: check_is_fitted says so
    got_channels = shape[2] if len(shape) == 3 else 1
    # X[-1] for X[-1:] (2-D (1, 1) is a window of one step itself)
    if len(shape) == 2 and tuple(shape) == (n_steps, n_channels) != (1, 1):
        raise ValueError(
            f"X is 2-D, shape {shape}: it looks like one window of {n_steps} "
            f"steps and {n_channels} channel{'s' if n_channels > 1 else ''} "
            "without its batch axis, as "
            f"`X[-1]` gives it, where {name} takes a stack of windows. Pass "
            f"`X[-1:]` or `X[None]`, of shape (1, {n_steps}, {n_channels})."
        )
    if len(shape) == 2 and n_channels > 1 and shape[1] != n_steps:
        raise ValueError(
            f"X is 2-D, shape {shape}: windows of one channel, but {name} was "
            f"fitted on windows of {n_steps} steps and {n_channels} channels. "
            f"Pass 3-D windows of shape (n_samples, {n_steps}, {n_channels}), "
            "as make_supervised builds them, not flattened ones."
        )
    if shape[1] != n_steps:
        # the columns of 2-D windows in scikit-learn's words, which its
        # estimator checks expect
        given = (
            f"X has {shape[1]} features, but {name} is expecting {n_steps} "
            "features as input"
            if len(shape) == 2
            else f"X has windows of {shape[1]} steps, but {name} was fitted on "
            f"windows of {n_steps} steps"
        )
        if crop is None:
            crop = f"in a pipeline, `SlidingWindow(window={n_steps})` crops longer ones"
        raise ValueError(
            f"{given}. Build X with windows of {n_steps} steps, as "
            f"at fit: `make_supervised(series, history={n_steps})`, or the "
            f"last {n_steps} values of the series; {crop}."
        )
    if got_channels != n_channels:
        raise ValueError(
            f"X has {got_channels} channels, but {name} was fitted on "
            f"{n_channels} channels. Pass the same channels as at fit."
        )
