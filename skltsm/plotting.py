"""Plots for the comparison workflow: forecasts, scores, training history.

matplotlib is an optional dependency (``pip install "skltsm[plot]"``), imported
when a function is called.
"""

import re
import warnings
from collections.abc import Mapping
from datetime import date, datetime, timedelta, timezone

import numpy as np
import pandas as pd
from sklearn.utils.validation import check_is_fitted

from ._check_context import user_stacklevel
from ._panel import is_panel
from ._quantiles import as_level
from ._series_validation import same_times, time_index
from ._validation import check_bool, final_steps

__all__ = ["plot_forecast", "plot_history", "plot_scores"]


def _pyplot():
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            'Plotting needs matplotlib: pip install "skltsm[plot]".'
        ) from exc
    return plt


def _axes(ax, figsize):
    # a figure of ours lays itself out, so that savefig keeps the axis labels
    # and long model names inside it; an axes of the user's is left as it is
    if ax is not None:
        return ax
    return _pyplot().subplots(figsize=figsize, layout="tight")[1]


def _as_series(values, index):
    """A pandas Series on a plottable time axis (periods become time stamps)."""
    if not isinstance(values, pd.Series):
        values = np.asarray(values, dtype=float)
        if values.ndim == 2 and values.shape[1] == 1:
            # predict of a model fitted on y of shape (n, 1): a value per step
            values = values[:, 0]
        if values.ndim != 1:
            # predict of a multi-step model: one row of H steps per origin; or
            # the quantiles of one forecast, a row of levels per step
            way = (
                "pass its one row, `pred[0]`"
                if values.ndim == 2 and len(values) == 1
                else "pass one row of it, or several in a dict, {name: forecast}"
            )
            raise ValueError(
                f"Expected one value per time step, got shape {values.shape}. "
                f"For the predictions of a multi-step model, {way} (an array is "
                "drawn on the last time steps of `actual`; a Series indexed by "
                "its forecast times, on those). For quantiles, a column per "
                "level (`recursive_forecast(..., quantiles=True)` of an array), "
                "pass a DataFrame whose columns are the levels, indexed by the "
                "forecast's time steps: it is drawn as a fan."
            )
        if len(values) > len(index):
            raise ValueError(
                "An array forecast is drawn on the last time steps of `actual`: "
                f"its {len(values)} values do not fit in its {len(index)} time "
                "steps. To draw past the end, pass a pandas Series indexed by "
                "the forecast times (e.g. `future_index(actual.index, steps)`)."
            )
        values = pd.Series(values, index=index[len(index) - len(values) :])
    return _on_time_axis(values)


def _on_time_axis(values):
    """The Series or DataFrame ``values`` indexed as its times are drawn:
    periods as time stamps, Arrow's time stamps and durations as pandas'
    own (``time_index``)."""
    index = time_index(values.index)
    if isinstance(index, pd.PeriodIndex):
        index = index.to_timestamp()
    return values if index is values.index else values.set_axis(index)


def plot_forecast(actual, forecasts, *, split=None, ax=None, title=None):
    """Draw forecasts over the actual series, on its time index.

    Parameters
    ----------
    actual : pandas Series or array-like of shape (n_timesteps,)
        The observed series (training and test part).
    forecasts : pandas Series or DataFrame, array-like, or dict of them
        One forecast, or ``{name: forecast}``. A pandas Series is drawn on its
        own index; an array is aligned with the end of ``actual``. A
        DataFrame whose columns are quantile levels (as from
        ``recursive_forecast(..., quantiles=True)``, or by variable and
        level for one variable, as from sktime's ``predict_quantiles``) is
        drawn as a fan: a band between each pair of levels ``q`` and
        ``1 - q``, labelled with its coverage, around the median's line
        where 0.5 is a level (a level without its ``1 - q`` is left out,
        with a warning); an infinite bound (a conformal level with too few
        errors) is drawn to the edge of the axes, whose limits the finite
        values set. Times of any time zone are drawn at their instants, as
        ``actual``'s are; times without a zone are refused against times with
        one, since matplotlib would draw them as UTC. Elapsed times (a
        ``TimedeltaIndex``) are drawn as counts of one unit, ``actual``'s
        (or the finer one that a forecast or ``split`` needs): matplotlib
        draws each as counts of its own, seconds a million off microseconds.
        Dates, elapsed times and positions are refused against each other.
    split : time stamp, elapsed time, period or str, default=None
        Where training ends, drawn as a dotted vertical line. Text is read as
        a label of ``actual``'s index (``"2021Q2"`` of a ``PeriodIndex`` is
        a quarter of its own fiscal year, ``"7s"`` of a ``TimedeltaIndex``
        seven seconds), and a time without a zone is in the zone of
        ``actual``'s times (one that its clock reads twice or skips, at a
        change of clocks, is refused: give its offset, such as
        ``"2024-10-27 02:00+01:00"``).
    ax : matplotlib Axes, default=None
        Where to draw; a new figure by default.
    title : str, default=None
        The axes title.

    Returns
    -------
    ax : matplotlib Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> from skltsm import plot_forecast
    >>> months = pd.period_range("2020-01", periods=12, freq="M")
    >>> actual = pd.Series(range(12), index=months)
    >>> ax = plot_forecast(actual, {"naive": [8.0, 8.0, 8.0]})
    >>> [line.get_label() for line in ax.get_lines()]
    ['actual', 'naive']

    A fan of quantile forecasts:

    >>> fan = pd.DataFrame(
    ...     {0.1: [7.0, 6.5], 0.5: [8.0, 8.0], 0.9: [9.0, 9.5]}, index=months[-2:]
    ... )
    >>> ax = plot_forecast(actual, {"model": fan})
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['actual', 'model', 'model, 80%']
    """
    if not isinstance(forecasts, Mapping):
        forecasts = {getattr(forecasts, "name", None) or "forecast": forecasts}
    # a panel (indexed by series and time, or a dict or list of series, as
    # recursive_forecast's of named series is) is no one series to draw
    if any(is_panel(p) for p in [actual, *forecasts.values()]):
        raise ValueError(
            "plot_forecast draws one series; these are a panel's (indexed by "
            "series and time, or a dict or list of series). Select one series "
            "of each, e.g. `plot_forecast(actual.loc[key], forecast.loc[key])`, "
            "or `plot_forecast(actual[key], forecasts[key])` of dicts."
        )
    # every input checked before a figure is made: none is left open by a refusal
    if split is not None:
        split = _split_time(split, getattr(actual, "index", None))
    if np.ndim(actual) != 1:  # a series of channels, as recursive_forecast takes
        what = (
            f"a DataFrame of columns {list(actual.columns)}"
            if isinstance(actual, pd.DataFrame)
            else f"shape {np.shape(actual)}"
        )
        raise ValueError(
            f"`actual` is drawn as one series, got {what}. Pass the channel "
            "forecast, e.g. `actual['sales']` or `actual[:, 0]`."
        )
    actual = _as_series(actual, pd.RangeIndex(len(actual)))
    forecasts = {
        name: _quantile_frame(forecast, name)
        if isinstance(forecast, pd.DataFrame)
        else _as_series(forecast, actual.index)
        for name, forecast in forecasts.items()
    }
    _check_time_axis(actual, forecasts, split)
    if isinstance(actual.index, pd.TimedeltaIndex):
        actual, forecasts, split = _in_one_unit(actual, forecasts, split)
    ax = _axes(ax, (9, 4))
    ax.plot(actual.index, actual.to_numpy(), color="black", lw=1.5, label="actual")
    unbounded = []
    for name, forecast in forecasts.items():
        if isinstance(forecast, pd.DataFrame):
            unbounded += _fan(ax, forecast, str(name))
            continue
        ax.plot(forecast.index, forecast.to_numpy(), lw=1.2, label=str(name))
    if unbounded:  # to the edges that the finite values set, which then stay
        bottom, top = ax.get_ylim()
        for index, low, high, style in unbounded:
            # the steps next to an infinite bound, which the band's first
            # fill left out: the others are shaded once, as the legend says
            infinite = ~(np.isfinite(low) & np.isfinite(high)).to_numpy()
            low, high = low.clip(bottom, top), high.clip(bottom, top)
            for step in np.flatnonzero(infinite[:-1] | infinite[1:]):
                edge = slice(step, step + 2)
                ax.fill_between(index[edge], low[edge], high[edge], **style)
        ax.set_ylim(bottom, top)
    if split is not None:
        ax.axvline(split, color="grey", ls=":", lw=1, label="_split")
    if actual.index.name is not None:
        ax.set_xlabel(str(actual.index.name))
    ax.legend(frameon=False, ncols=min(len(forecasts) + 1, 4), fontsize="small")
    ax.grid(alpha=0.3)
    if title is not None:
        ax.set_title(title)
    return ax


def _check_time_axis(actual, forecasts, split):
    """Refuse a forecast or ``split`` on another kind of axis than
    ``actual``'s: positions over times (``pd.Series(model.predict(X))`` is
    indexed 0, 1, …) would be drawn in January 1970, far off the series, and
    times over positions at their number of days since then, without a word.
    Elapsed times are an axis of their own, drawn as counts of their unit."""

    def kind(index):
        if isinstance(index, pd.DatetimeIndex):
            return "times"
        return "elapsed times" if isinstance(index, pd.TimedeltaIndex) else "positions"

    axis = kind(actual.index)
    # split as _split_time gives it: a time stamp, an elapsed time or a position
    if isinstance(split, timedelta):
        given = "elapsed times"
    else:
        given = "times" if isinstance(split, date) else "positions"
    if split is not None and given != axis:
        one = {"times": "a time", "elapsed times": "an elapsed time"}
        what = f"`split`={split!r} is {one.get(given, 'a position')}"
        if axis == "positions":
            raise ValueError(
                f"{what}, `actual` is indexed by positions (an array, or a "
                "Series without times): pass a position, or `actual` as a "
                "Series on its times."
            )
        label = f"[{split}]`" if given == "positions" else "[n]`, n training rows"
        raise ValueError(
            f"{what}, `actual` is indexed by {axis}: pass the time where "
            f"training ends, a label of its index (e.g. `actual.index{label})."
        )
    for name, forecast in forecasts.items():
        if len(forecast.index) and kind(forecast.index) != axis:
            raise ValueError(
                f"The forecast {name!r} is indexed by {kind(forecast.index)} "
                f"({forecast.index[0]!r}, ...), `actual` by {axis}: it would be "
                "drawn far off the series. Index it as `actual` is (by its "
                "forecast times, e.g. `future_index(actual.index, steps)`), or "
                "pass its values (`.to_numpy()`), drawn on the last time steps "
                "of `actual`."
            )
    if axis == "times":
        _check_time_zones(actual.index.tz, forecasts, split)


def _check_time_zones(zone, forecasts, split):
    """Refuse times without a zone against times with one (``zone``, that of
    ``actual``'s times; the forecasts' or ``split``'s): matplotlib draws the
    former as UTC, off the latter by their zone's offset, without a word.
    Times of two zones are instants, drawn where they fall."""

    def clock(tz):
        return "without a time zone" if tz is None else f"in {tz}"

    given = [
        (f"The forecast {name!r} is indexed by times", forecast.index.tz)
        for name, forecast in forecasts.items()
        if len(forecast.index)
    ]
    if isinstance(split, datetime):
        given.append((f"`split`={split!r} is a time", split.tzinfo))
    for what, tz in given:
        if (tz is None) == (zone is None):
            continue
        raise ValueError(
            f"{what} {clock(tz)}, `actual` is indexed by times {clock(zone)}: "
            "matplotlib draws times without a zone as if in UTC, off the others "
            "by their zone's offset. Give both a time zone: localize the times "
            "without one on the clock they are read on, e.g. "
            f"`{'actual' if zone is None else 'forecast'}.tz_localize"
            f"('{zone or tz}')` (`tz_convert` moves times of one zone to "
            "another's clock; two zones are drawn as the same instants)."
        )


def _split_time(split, index):
    """``split`` on the time axis of ``actual``, whose ``index`` it reads as
    pandas reads a label of it: text as a period of a ``PeriodIndex`` (a
    fiscal quarter is one of its own year) or an elapsed time of a
    ``TimedeltaIndex`` (``"7s"``), a time without a zone in the index's
    (``_on_clock``)."""
    given = split
    if index is not None:
        index = time_index(index)  # Arrow's durations: "7s" is one
    if isinstance(split, str):
        if isinstance(index, pd.PeriodIndex):
            split = pd.Period(split, freq=index.freq)
        elif isinstance(index, pd.TimedeltaIndex):
            split = pd.Timedelta(split)
        else:
            split = pd.Timestamp(split)
    if isinstance(split, pd.Period):
        split = split.to_timestamp()
    if isinstance(split, np.datetime64):  # a time without a zone, as datetime's
        split = pd.Timestamp(split)
    if isinstance(split, timedelta | np.timedelta64):  # to be put in a unit
        split = pd.Timedelta(split)
    zone = getattr(index, "tz", None)
    if zone is not None and isinstance(split, datetime) and split.tzinfo is None:
        split = _on_clock(pd.Timestamp(split), zone, given)
    return split


def _on_clock(stamp, zone, split):
    """The time without a zone ``stamp`` on the clock of ``zone``. Raise,
    naming ``split`` as given, where that clock reads it twice (the hour
    that repeats when the clocks go back) or never (the hour they skip going
    forward): which instant it is, its offset says, not pandas' guess."""
    local = stamp.tz_localize(zone, ambiguous="NaT", nonexistent="NaT")
    if not pd.isna(local):
        return local
    first = stamp.tz_localize(zone, ambiguous=True, nonexistent="NaT")
    if not pd.isna(first):
        second = stamp.tz_localize(zone, ambiguous=False)
        raise ValueError(
            f"`split`={split!r} is read twice on the clock of {zone} (its "
            f"clocks go back over it): give its offset, '{first}' (the first) "
            f"or '{second}' (the second), or a Timestamp with a zone."
        )
    before = stamp.tz_localize(zone, nonexistent="shift_backward").utcoffset()
    raise ValueError(
        f"`split`={split!r} is skipped by the clock of {zone} (its clocks go "
        f"forward over it): give its offset, e.g. "
        f"'{stamp.tz_localize(timezone(before))}', or a Timestamp with a zone."
    )


def _in_one_unit(actual, forecasts, split):
    """``actual``, ``forecasts`` and ``split`` on an axis of elapsed times,
    in one unit: matplotlib draws elapsed times as counts of their own
    (seconds and microseconds a million apart), and ``split`` must be drawn
    as such a count. The unit is that of ``actual``, or the finest that the
    others need not to be rounded (half seconds, in milliseconds)."""
    elapsed = {
        name: forecast
        for name, forecast in forecasts.items()
        if isinstance(forecast.index, pd.TimedeltaIndex)  # not an empty Series
    }
    drawn = [actual.index, *(forecast.index for forecast in elapsed.values())]
    if split is not None:
        drawn.append(pd.TimedeltaIndex([split]))
    units = ["s", "ms", "us", "ns"]
    unit = next(
        (
            unit
            for unit in units[units.index(actual.index.unit) : -1]
            if all(same_times(times.as_unit(unit), times) for times in drawn)
        ),
        "ns",  # the finest unit holds them all
    )

    def converted(values):
        return values.set_axis(values.index.as_unit(unit))

    forecasts = {
        name: converted(elapsed[name]) if name in elapsed else forecast
        for name, forecast in forecasts.items()
    }
    if split is not None:
        split = split / pd.Timedelta(1, unit=unit)
    return converted(actual), forecasts, split


def _quantile_frame(quantiles, name):
    """A quantile forecast (a column per level) with its levels as numbers and
    its periods as time stamps; refused unless each column is a level, and
    told of a level that ``_fan`` leaves out, having no mirror image."""
    if isinstance(quantiles.columns, pd.MultiIndex):
        # sktime's predict_quantiles: a column per (variable, level)
        if quantiles.columns.nlevels != 2:  # predict_interval's (var, coverage, side)
            raise ValueError(
                "A DataFrame forecast is drawn as a fan, with a column per "
                f"quantile level; got {quantiles.columns.nlevels} levels of "
                "columns (as sktime's predict_interval gives). Pass the levels "
                "that bound the intervals, e.g. "
                "`forecaster.predict_quantiles(alpha=[0.1, 0.5, 0.9])`."
            )
        variables = list(quantiles.columns.unique(0))
        if len(variables) != 1:
            raise ValueError(
                "A DataFrame forecast is drawn as a fan of one series, with a "
                "column per quantile level; got columns by (variable, level) "
                f"of the variables {variables}. Pass one variable's, e.g. "
                f"`quantiles[{variables[0]!r}]`."
            )
        quantiles = quantiles.droplevel(0, axis=1)
    levels = pd.to_numeric(pd.Series(quantiles.columns), errors="coerce")
    if not ((levels > 0) & (levels < 1)).all():
        raise ValueError(
            f"A DataFrame forecast is drawn as a fan: its columns must be "
            f"quantile levels between 0 and 1, got {list(quantiles.columns)}."
        )
    # spelled as the models spell them: 0.49999999999999994 (as
    # np.linspace gives it, and sktime keeps it) is the median
    levels = pd.Series([as_level(q) for q in levels])
    twice = levels[levels.duplicated()].unique().tolist()
    if twice:
        raise ValueError(
            f"The forecast {name!r} gives the level {twice[0]} twice, in the "
            f"columns {list(quantiles.columns)}: give each level once."
        )
    alone = [
        q
        for q in levels
        if not np.isclose(q, 0.5) and not np.isclose(levels, 1 - q).any()
    ]
    if alone:
        warnings.warn(
            f"The forecast {name!r} has levels {alone} that are not drawn: a "
            "band is drawn between a level q and 1 - q, and they have no such "
            "mirror image. Forecast both levels of each band (e.g. "
            f"{1 - alone[0]:.3g} with {alone[0]:.3g}), or leave these out.",
            UserWarning,
            stacklevel=user_stacklevel(),
        )
    quantiles = quantiles.set_axis(levels.tolist(), axis=1)
    return _on_time_axis(quantiles)


def _fan(ax, quantiles, name):
    """Quantile forecasts (``_quantile_frame``'s) as nested bands around the
    median: one colour per model, the widest band the palest. A band with an
    infinite bound (a conformal level with too few errors) holds its place in
    the legend, and is returned, to be drawn to the edge of the axes once
    every finite value is drawn: ``[(index, low, high, style)]``."""
    levels = sorted(quantiles.columns)
    if 0.5 in levels:
        (line,) = ax.plot(quantiles.index, quantiles[0.5], lw=1.2, label=name)
    else:  # the next colour of the axes' cycle, without a line
        (line,) = ax.plot([], [])
        line.remove()
    color = line.get_color()
    # each level below the median with its mirror image above, widest first
    pairs = [
        (low, high)
        for low in levels
        if low < 0.5
        for high in levels
        if np.isclose(high, 1 - low)
    ]
    unbounded = []
    for k, (low, high) in enumerate(pairs):
        style = {"color": color, "alpha": 0.15 + 0.15 * k / len(pairs), "lw": 0}
        bounds = quantiles[low], quantiles[high]
        if np.isinf(bounds).any():
            unbounded.append((quantiles.index, *bounds, style))
            bounds = [b.where(np.isfinite(b)) for b in bounds]  # drawn later
        ax.fill_between(
            quantiles.index,
            *bounds,
            **style,
            label=f"{name}, {100 * as_level(high - low):g}%",
        )
    return unbounded


def plot_scores(scores, metric=None, *, greater_is_better=None, ax=None, title=None):
    """Draw one score per model as horizontal bars, the best on top.

    Parameters
    ----------
    scores : pandas DataFrame
        Either one row per model (the index names the models, a column per
        metric) or one row per model and fold with a ``"model"`` column; the
        latter is averaged per model and drawn with the folds' standard
        deviation as error bars (over the folds themselves, ``ddof=0``, as
        scikit-learn's ``std_test_…`` is).
    metric : str, default=None
        The column to draw; by default the first numeric column (other than
        ``"fold"`` in a table of folds).
    greater_is_better : bool, default=None
        Whether a higher value of ``metric`` is better. By default, as its
        name says in scikit-learn's conventions: a scorer's name starting with
        ``"neg_"`` (an error, negated), a metric's ending in ``"_score"``
        (``"r2_score"``, as :func:`make_forecast_scorer` reads it), or a column
        of scores in ``cross_validate``'s results or a search's
        ``cv_results_`` (``"test_…"``, ``"train_…"``, ``"mean_test_…"``,
        ``"split0_test_…"``) is higher for the better; any other name is an
        error, lower for the better (MAE, MASE), as are ``cv_results_``'
        ranks and spreads (``"rank_test_…"``, ``"std_test_…"``), and as
        sktime's metric's tag says where the name after ``"test_"`` is one
        (``"mean_test_MeanAbsolutePercentageError"`` of a
        ``ForecastingGridSearchCV``, an error). Pass it for a score such as
        an R² of your own.
        Models without a score (NaN, as a failed fit's) come last.
    ax : matplotlib Axes, default=None
        Where to draw; a new figure by default.
    title : str, default=None
        The axes title; the metric's name by default.

    Returns
    -------
    ax : matplotlib Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> from skltsm import plot_scores
    >>> table = pd.DataFrame({"MASE": [1.2, 0.8]}, index=["naive", "ridge"])
    >>> ax = plot_scores(table)
    >>> [label.get_text() for label in ax.get_yticklabels()]
    ['naive', 'ridge']
    """
    if not isinstance(scores, pd.DataFrame):
        raise TypeError(f"`scores` must be a DataFrame, got {type(scores).__name__}.")
    if metric is None:
        numeric = scores.select_dtypes("number").columns
        if "model" in scores.columns:  # a table of folds: their number is a label
            numeric = numeric.drop("fold", errors="ignore")
        if len(numeric) == 0:
            raise ValueError("`scores` has no numeric column to draw.")
        metric = numeric[0]
    elif metric not in scores.columns:
        raise ValueError(
            f"`metric`={metric!r} is not a column of `scores`: {list(scores.columns)}."
        )
    error = None
    if "model" in scores.columns:
        # a model with a failed fold (NaN) has no mean, as in cv_results_
        grouped = scores.groupby("model", sort=False)[metric]
        values = grouped.agg(lambda folds: folds.mean(skipna=False))
        error = grouped.agg(lambda folds: folds.std(ddof=0, skipna=False))
    else:
        values = scores[metric]
    if greater_is_better is None:
        greater_is_better = _greater_is_better(metric)
    else:  # not bool(): "False" is truthy, and would put the worst on top
        greater_is_better = check_bool(greater_is_better, "greater_is_better")
    # the best first (ties in the table's order, no score last), drawn
    # top-down: barh draws bottom-up
    best = values.sort_values(
        ascending=not greater_is_better, kind="stable", na_position="last"
    )[::-1]
    ax = _axes(ax, (6, 0.5 * len(best) + 1))
    err = None if error is None else error[best.index].fillna(0).to_numpy()
    bars = ax.barh([str(name) for name in best.index], best.to_numpy(), xerr=err)
    ax.bar_label(bars, fmt="%.3g", padding=3, fontsize="small")
    ax.set_xlabel(str(metric))
    ax.set_title(str(metric) if title is None else title)
    ax.grid(axis="x", alpha=0.3)
    return ax


def _greater_is_better(metric):
    """Whether a higher ``metric`` is better, by its name in scikit-learn's
    conventions: a negated error (``neg_…``), a score (``…_score``), or a
    column of scores of ``cross_validate`` or ``cv_results_``, where every
    scorer's is (but not their ranks or spreads)."""
    name = str(metric)
    # cv_results_' rank_test_… (1 is the best) and std_test_… (the folds'
    # spread) end in "_score" too, and are lower for the better
    if re.match(r"(rank|std)_(test|train)_", name):
        return False
    scored = re.match(r"neg_|(mean_|split\d+_)?(test|train)_", name)
    if scored is not None:
        # sktime's search and evaluate: test_ + the metric's class name, as
        # MeanAbsolutePercentageError, whose tag says which way it points
        lower = _sktime_lower_is_better(name[scored.end() :])
        if lower is not None:
            return not lower
    return scored is not None or name.endswith("_score")


def _sktime_lower_is_better(metric):
    """Whether sktime's forecasting metric of class ``metric`` is lower for the
    better; ``None`` where it is no such class's name (a scorer's of
    scikit-learn, ``neg_mean_absolute_error``, or a name of the user's)."""
    if not metric[:1].isupper():  # a class name: no need to import sktime
        return None
    try:
        from sktime.performance_metrics import forecasting
    except ImportError:  # pragma: no cover - depends on the environment
        return None
    metric = getattr(forecasting, metric, None)
    if not hasattr(metric, "get_class_tag"):
        return None
    return bool(metric.get_class_tag("lower_is_better", True))


def _history_of(estimator):
    """The ``history_`` of a fitted network, looking inside common wrappers:
    the last step (``final_steps``), then a ``TransformedTargetRegressor``'s
    ``regressor_`` or a ``ConformalRegressor``'s ``estimator_`` (sktime's:
    a search's ``best_forecaster_``, a pipeline's last ``forecaster_``), and
    so on."""
    wrapped = ("regressor_", "estimator_", "best_forecaster_", "forecaster_")
    while True:
        estimator = final_steps(estimator)[1]
        found = (getattr(estimator, name, None) for name in wrapped)
        inner = next((each for each in found if each is not None), None)
        if inner is None:
            break
        estimator = inner
    history = getattr(estimator, "history_", None)
    if not history:  # (final_steps refuses a search fitted with refit=False)
        if hasattr(estimator, "fit"):
            check_is_fitted(estimator)  # a network not fitted yet: NotFittedError
        raise ValueError(
            f"{type(estimator).__name__} has no training history: fit an "
            "LSTMRegressor or Seq2SeqLSTMRegressor (or a pipeline ending in one)."
        )
    return history


def plot_history(estimator, *, ax=None, title=None):
    """Draw the loss (and validation loss, metrics) of a fitted network per epoch.

    An ensemble's members' own validation losses (``val_loss_m{k}``, with
    ``early_stopping``) are drawn as thin lines.

    Parameters
    ----------
    estimator : fitted LSTMRegressor, Seq2SeqLSTMRegressor or a wrapper of one
        A pipeline ending in one, a ``GridSearchCV`` (its best estimator), a
        ``TransformedTargetRegressor`` or a ``ConformalRegressor`` (its model
        fitted on every row) are looked into, as are an ``LSTMForecaster``
        and sktime's ``ForecastingGridSearchCV`` and
        ``TransformedTargetForecaster`` of one.
    ax : matplotlib Axes, default=None
        Where to draw; a new figure by default.
    title : str, default=None
        The axes title.

    Returns
    -------
    ax : matplotlib Axes

    Notes
    -----
    The lowest validation loss is marked by a star, named in the legend with
    its epoch: with ``early_stopping``, a fit keeps the weights of that epoch
    (after warm fits, each fit kept its own epoch's). An ensemble's members
    each keep their own: a small star on each member's line.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from skltsm import LSTMRegressor, plot_history
    >>> rng = np.random.default_rng(0)
    >>> model = LSTMRegressor(4, epochs=3, random_state=0)
    >>> model = model.fit(rng.normal(size=(32, 5, 1)), rng.normal(size=32))
    >>> ax = plot_history(model)
    >>> [line.get_label() for line in ax.get_lines()]
    ['loss']
    """
    history = _history_of(estimator)
    ax = _axes(ax, (6, 3.5))
    ensemble = any(name.startswith("val_loss_m") for name in history)
    for name, values in history.items():
        epochs = np.arange(1, len(values) + 1)
        member = name.startswith("val_loss_m")  # an ensemble member's, thin
        ax.plot(
            epochs,
            values,
            label=name,
            ls="--" if name.startswith("val_") else "-",
            lw=0.8 if member else None,
            alpha=0.6 if member else None,
            marker="o" if len(values) < 10 and not member else None,
        )
        # the epoch whose weights early stopping kept: each member's own
        if member or (name == "val_loss" and not ensemble):
            _mark_lowest(ax, values, ax.get_lines()[-1].get_color(), member)
    from matplotlib.ticker import MaxNLocator  # matplotlib is there: _axes

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("epoch")
    # a value at or below zero (a metric such as R²) would vanish from a log
    # axis: then a linear one. NaN is an epoch without a value (a warm fit
    # that switched early stopping on, an ensemble's member left out)
    values = np.concatenate([np.asarray(v, dtype=float) for v in history.values()])
    positive = bool((values[~np.isnan(values)] > 0).all())
    ax.set_yscale("log" if positive else "linear")
    ax.legend(frameon=False, fontsize="small")
    ax.grid(alpha=0.3)
    if title is not None:
        ax.set_title(title)
    return ax


def _mark_lowest(ax, values, color, member):
    """Mark the lowest value of a validation loss, the first where it ties:
    the epoch whose weights early stopping restores (Keras' EarlyStopping
    takes a new best only where the loss is lower)."""
    values = np.asarray(values, dtype=float)
    if np.isnan(values).all():
        return
    best = int(np.nanargmin(values))
    ax.scatter(
        [best + 1],
        [values[best]],
        marker="*",
        s=40 if member else 120,
        color=color,
        zorder=3,
        label="_member's lowest" if member else f"lowest val_loss (epoch {best + 1})",
    )
