"""The scores scaled by a series' seasonal changes: MASE, and the interval
score and coverage of prediction intervals."""

from numbers import Real

import numpy as np
from sklearn.metrics import mean_absolute_error

from ._panel import is_panel
from ._row_labels import row_series
from ._series_validation import check_series
from ._spread import no_spread
from ._validation import check_positive_int, check_sample_weight, numbers_as_floats


def mean_absolute_scaled_error(
    y_true, y_pred, *, y_train, season_length=1, sample_weight=None
):
    """Mean absolute error scaled by the in-sample error of the seasonal naive.

    ``MASE = mean|y_true - y_pred| / mean|y_train[t] - y_train[t - m]|`` with
    ``m = season_length`` (Hyndman & Koehler, 2006). Below 1, the forecast beats
    repeating last season's value, as measured on the training data.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_outputs)
        The true values, of one series (the rows of several series of a
        panel, indexed by series and time, are refused, as is a dict or a
        list of a panel's series: each has its own scale).
    y_pred : array-like of the same shape
        The forecasts.
    y_train : array-like of shape (n_timesteps,)
        The training series that sets the scale, oldest first: one series
        (one of a panel may keep its index of series and time, as the
        panel's ``groupby(level=...)`` gives it). One that repeats itself
        every season, exactly or to the rounding of its values, has no scale
        and is refused.
    season_length : int, default=1
        The seasonal period ``m`` (12 for monthly data with a yearly season).
    sample_weight : array-like of shape (n_samples,) or float, default=None
        The weight of each forecast row in the mean of the numerator, as in
        :func:`sklearn.metrics.mean_absolute_error` (with several outputs, the
        mean of each output's weighted mean). The scale is the training
        series' and takes no weights.

    Returns
    -------
    mase : float

    See Also
    --------
    mean_scaled_interval_score : The same scale for a prediction interval.

    Examples
    --------
    >>> from skltsm import mean_absolute_scaled_error
    >>> mean_absolute_scaled_error([5, 6], [5.5, 6.5], y_train=[1, 2, 3, 4])
    0.5
    """
    season_length = check_positive_int(season_length, "season_length")
    y_true, y_pred = _check_rows("MASE", y_true=y_true, y_pred=y_pred)
    check_sample_weight(sample_weight, len(y_true), rows="`y_true`", use="score")
    scale = _seasonal_scale(y_train, season_length, "MASE")
    # one number for every row (check_sample_weight takes it, as the
    # regressors' fit does) weighs them alike: the plain mean
    if sample_weight is None or np.ndim(sample_weight) == 0:
        return float(np.mean(np.abs(y_true - y_pred)) / scale)
    # the rows' weighted mean of each output, then their mean, as scikit-learn
    error = mean_absolute_error(y_true, y_pred, sample_weight=sample_weight)
    return float(error / scale)


def mean_scaled_interval_score(
    y_true,
    y_lower,
    y_upper,
    *,
    y_train,
    coverage=0.95,
    season_length=1,
    sample_weight=None,
):
    """The interval score of a prediction interval, scaled as MASE is (MSIS).

    For an interval ``[L, U]`` of nominal ``coverage`` ``1 - a`` and the
    value ``y`` that came, the interval score (Gneiting & Raftery, 2007) is
    ``(U - L) + 2/a (L - y) 1{y < L} + 2/a (y - U) 1{y > U}``: the width,
    plus a penalty for each value outside in proportion to how far. Its
    mean over the rows, divided by the mean absolute seasonal change of the
    training series (MASE's scale), is the M4 competition's MSIS (Makridakis,
    Spiliotis & Assimakopoulos, 2020), which scored 95% intervals. Lower is
    better; an interval that is narrow only by missing scores worse than an
    honest one.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_outputs)
        The true values, of one series (the rows of several series of a
        panel are refused, as is a dict or a list of a panel's series: each
        has its own scale).
    y_lower, y_upper : array-like of the same shape
        The interval's bounds (``predict_quantiles``' lowest and highest
        levels, say: ``q[..., 0]`` and ``q[..., -1]``). An infinite bound,
        which a conformal interval calibrated on too few errors gives, scores
        an infinite width; ``y_lower`` above ``y_upper`` is refused.
    y_train : array-like of shape (n_timesteps,)
        The training series that sets the scale, oldest first: one series
        (one of a panel may keep its index of series and time, as the
        panel's ``groupby(level=...)`` gives it). One that repeats itself
        every season, exactly or to the rounding of its values, has no scale
        and is refused.
    coverage : float, default=0.95
        The interval's nominal coverage ``1 - a``, in (0, 1), as sktime's
        ``predict_interval(coverage=...)`` spells it.
    season_length : int, default=1
        The seasonal period ``m`` of the scale.
    sample_weight : array-like of shape (n_samples,) or float, default=None
        The weight of each row in the mean (with several outputs, the mean
        of each output's weighted mean), as in :func:`mean_absolute_scaled_error`.

    Returns
    -------
    msis : float

    See Also
    --------
    interval_coverage : The share of the values inside the interval.
    mean_absolute_scaled_error : The same scale for a point forecast.

    Examples
    --------
    >>> from skltsm import mean_scaled_interval_score
    >>> # widths 2 and 2; the second value is 1 above its interval: 2/0.5 * 1
    >>> mean_scaled_interval_score(
    ...     [5, 9], [4, 6], [6, 8], y_train=[1, 2, 3, 4], coverage=0.5
    ... )
    4.0
    """
    alpha = 1 - _check_coverage(coverage)
    season_length = check_positive_int(season_length, "season_length")
    y_true, lower, upper = _check_bounds(y_true, y_lower, y_upper)
    check_sample_weight(sample_weight, len(y_true), rows="`y_true`", use="score")
    scale = _seasonal_scale(y_train, season_length, "MSIS")
    # max(L - y, 0) rather than (L - y) 1{y < L}: an infinite bound scores an
    # infinite width, not the NaN of inf * 0
    score = (
        (upper - lower)
        + (2 / alpha) * np.maximum(lower - y_true, 0)
        + (2 / alpha) * np.maximum(y_true - upper, 0)
    )
    return float(_row_mean(score, sample_weight) / scale)


def interval_coverage(y_true, y_lower, y_upper, *, sample_weight=None):
    """The share of the true values inside their prediction intervals.

    The empirical coverage of intervals ``[y_lower, y_upper]`` (bounds
    included), to compare with their nominal coverage: an 80% interval that
    holds 60% of the values that came is too narrow. On one stretch of time
    this says as much about the stretch as about the method; pool the rows of
    several origins and series where you can.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_outputs)
        The true values. Unlike the scaled scores, the rows of several
        series of a panel may be pooled: coverage needs no scale. A dict of
        a panel's series, or a list of series of different lengths, is
        refused: concatenate them.
    y_lower, y_upper : array-like of the same shape
        The intervals' bounds; an infinite bound covers every value on its
        side. ``y_lower`` above ``y_upper`` is refused.
    sample_weight : array-like of shape (n_samples,) or float, default=None
        The weight of each row (with several outputs, the mean of each
        output's weighted share).

    Returns
    -------
    coverage : float
        In [0, 1].

    See Also
    --------
    mean_scaled_interval_score : Width and misses in one score.

    Examples
    --------
    >>> from skltsm import interval_coverage
    >>> interval_coverage([5, 9, 7, 1], [4, 6, 6, 2], [6, 8, 8, 3])
    0.5
    """
    y_true, lower, upper = _check_bounds(y_true, y_lower, y_upper, one_series=False)
    check_sample_weight(sample_weight, len(y_true), rows="`y_true`", use="score")
    inside = ((lower <= y_true) & (y_true <= upper)).astype(float)
    return float(_row_mean(inside, sample_weight))


def _row_mean(values, sample_weight):
    """The mean of ``values`` over the rows, weighted per output, then over
    the outputs; one weight for all rows (or none) is the plain mean."""
    if sample_weight is None or np.ndim(sample_weight) == 0:
        return np.mean(values)
    return np.mean(np.average(values, axis=0, weights=sample_weight))


def _check_coverage(coverage):
    if isinstance(coverage, bool) or not isinstance(coverage, Real):
        raise ValueError(f"`coverage` must be one number in (0, 1); got {coverage!r}.")
    if not 0 < coverage < 1:
        raise ValueError(
            f"`coverage` must be in (0, 1), the interval's nominal coverage "
            f"(0.95 for a 95% interval); got {coverage!r}."
        )
    return float(coverage)


def _check_bounds(y_true, y_lower, y_upper, one_series=True):
    y_true, lower, upper = _check_rows(
        "MSIS" if one_series else None,
        infinite=("y_lower", "y_upper"),
        y_true=y_true,
        y_lower=y_lower,
        y_upper=y_upper,
    )
    crossed = lower > upper
    if crossed.any():
        row = np.argwhere(crossed)[0].tolist()
        raise ValueError(
            f"`y_lower` is above `y_upper` at {row} ({lower[crossed][0]} > "
            f"{upper[crossed][0]}): pass the lower bound first."
        )
    return y_true, lower, upper


def _check_rows(score, infinite=(), **named):
    """The arrays ``named`` as floats of one shape, not empty, finite (or
    infinite where their name is in ``infinite``; never NaN). A dict of a
    panel's series is refused, as a list or tuple of them is where they
    differ in shape; with a ``score``, so are a list or tuple of them and the
    rows of several series of a panel: that score scales the rows by the one
    training series given."""
    for name, values in named.items():
        form = _panel_form(values, score)
        if form is not None:  # a dict or list panel's, as recursive_forecast gives
            advice = (
                f"Compute {score} per series, each with its own training part"
                if score
                else "Pass one series' values, or concatenate the series' values"
                " to pool them"
            )
            raise ValueError(f"`{name}` is {form}: {advice}.")
        n_series = _n_series(values) if score else 1
        if n_series > 1:
            raise ValueError(
                f"`{name}` holds the rows of {n_series} series of a panel, "
                "and `y_train` sets the scale of one: each series has its own. "
                f"Compute {score} per series, each with its own training part."
            )
    arrays = {
        # numbers held as objects: a missing one (pd.NA) as NaN, told below
        name: np.asarray(numbers_as_floats(np.asarray(values)), dtype=float)
        for name, values in named.items()
    }
    (first, reference), *others = arrays.items()
    for name, values in others:
        if values.shape != reference.shape:
            raise ValueError(
                f"`{first}` and `{name}` differ in shape: "
                f"{reference.shape} vs {values.shape}."
            )
    for name, values in arrays.items():
        if name in infinite and np.isnan(values).any():
            raise ValueError(f"`{name}` holds NaN values.")
        if name not in infinite and not np.isfinite(values).all():
            raise ValueError(f"`{name}` holds NaN or infinite values.")
    if reference.size == 0:
        names = [f"`{name}`" for name in arrays]
        listed = ", ".join(names[:-1]) + " and " + names[-1]
        raise ValueError(f"{listed} hold no values.")
    return list(arrays.values())


def _panel_form(values, score):
    """How ``values`` holds the series of a panel, as a refusal says it (``a
    list of 2 series (a panel's)``): a dict of series, and, with a ``score`` that scales
    one series, a list or tuple of them; without one, a list or tuple of
    series of different shapes, which cannot be pooled as rows. ``None``
    for anything else."""
    if not isinstance(values, dict | list | tuple) or not is_panel(values):
        return None
    kind = next(k for k in (dict, list, tuple) if isinstance(values, k)).__name__
    form = f"a {kind} of {len(values)} series (a panel's)"
    if isinstance(values, dict) or score:
        return form
    shapes = list(dict.fromkeys(np.shape(part) for part in values))
    if len(shapes) > 1:
        return f"{form} of different shapes, {shapes[0]} and {shapes[1]}"
    return None


def _n_series(values):
    """How many series of a panel ``values`` holds, where its pandas index
    names them with the times (a panel's rows, or one of its series as a
    ``groupby`` gives it); 1 where it names none."""
    series = row_series(values)
    return 1 if series is None or not series.size else int(series.max()) + 1


def _seasonal_scale(y_train, season_length, score):
    """The mean absolute seasonal change of the training series ``y_train``,
    the scale of the scaled scores (``score`` names the one asking); refused
    where it is zero, or a rounding error of the series' values."""
    # one series of a panel may keep its (series, time) index, as a groupby
    # of the panel gives it
    if _n_series(y_train) > 1 or (
        isinstance(y_train, dict | list | tuple) and is_panel(y_train)
    ):
        raise ValueError(
            "`y_train` must be one series: a panel's series each have their own "
            f"scale. Compute {score} per series, with each series' training part."
        )
    message = (
        "`y_train` must be a univariate series longer than "
        f"season_length={season_length}; got shape {{}}."
    )
    # several columns (a horizon's targets) are not one series; the scores
    # take no `target=`, which check_series would ask for
    shape = np.shape(y_train)  # an array's, a DataFrame's, a list of lists'
    if len(shape) == 2 and shape[1] != 1:
        raise ValueError(message.format(shape))
    train, *_ = check_series(y_train, name="y_train")
    if train.shape[0] <= season_length:
        raise ValueError(message.format(train.shape))
    scale = np.mean(np.abs(train[season_length:, 0] - train[:-season_length, 0]))
    # changes that are rounding errors of the values (a season computed with
    # np.sin) are none, as SeriesScaler tells them: not a scale of 1e-15
    if no_spread(scale, train[:, 0])[0]:
        raise ValueError(
            f"`y_train` repeats itself every season, exactly or to rounding: the "
            f"scale of {score} "
            "is zero. Use the mean absolute error instead."
        )
    return scale
