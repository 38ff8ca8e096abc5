"""Each series of a panel in its own scale, and forecasts back in its units."""

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from ._panel import is_panel, panel_parts
from ._row_labels import series_codes
from ._series_validation import check_numeric_columns, check_series, float_dtype
from ._spread import mean_change, nonzero_scale
from ._validation import check_numbers, check_positive_int, numbers_as_floats

__all__ = ["SeriesScaler"]


class SeriesScaler(TransformerMixin, BaseEstimator):
    """Divide each series of a panel by its own scale; multiply forecasts back.

    One network fitted across a panel's rows (a global model) learns from one
    loss over all of them, and a search scores it on all of them: a series
    of large or volatile steps outweighs the others in both. Divided by its
    own scale, its mean absolute change over a season on the values given to
    :meth:`fit` (the scale of MASE; :func:`window_spread` of the whole series
    read as one window), each series weighs alike, whatever its units. Make
    the rows from the scaled panel, forecast it, and map the forecasts back
    with :meth:`inverse_transform`: a scale maps quantiles too.

    A window norm does not do this by itself: it makes a network shift-free,
    not scale-free (see the user guide's page on panels, which also measures
    ``window_scale="spread"``, each window in units of its own size: worse
    than each series' own scale on four groups of five).

    Parameters
    ----------
    season_length : int, default=1
        How far apart the changes are: the season (12 for monthly data with a
        yearly cycle), or 1 for the step-to-step change.
    target : label or int, default=None
        For series of several channels, the channel that is forecast (as
        :func:`make_supervised`'s ``target``): its scale maps forecasts back.
        Every channel is divided by its own scale. ``None`` with one channel.
    log : bool, default=False
        Take the log of every value first (every channel; each must be
        positive), scale the logs, and map forecasts back with ``exp`` after
        the scale: a series whose changes grow with its level (a season that
        multiplies) is then modelled in relative changes. Quantiles map level
        by level (``exp`` is increasing), and so does a median; a mean of the
        logs comes back as a geometric mean, not the mean.

    Attributes
    ----------
    scales_ : dict
        Each series' scales (of its logs, with ``log=True``), an array with
        one per channel, by the panel's series id (its key, position, or the
        ``MultiIndex`` levels before the time); ``0`` for a single series. A
        series that does not change has the scale 1.

    See Also
    --------
    window_spread : The same measure, of each window.

    Examples
    --------
    >>> import numpy as np
    >>> from skltsm import SeriesScaler
    >>> panel = {"small": np.array([1.0, 2.0, 4.0]),
    ...          "large": np.array([1000.0, 3000.0, 2000.0])}
    >>> scaler = SeriesScaler().fit(panel)
    >>> scaler.transform(panel)["large"]
    array([0.66666667, 2.        , 1.33333333])
    >>> scaler.inverse_transform({"small": np.array([3.0]),
    ...                           "large": np.array([1.0])})["large"]
    array([1500.])
    """

    def __init__(self, season_length=1, *, target=None, log=False):
        self.season_length = season_length
        self.target = target
        self.log = log

    def fit(self, data, y=None):
        """Learn each series' scale: its mean absolute change over a season.

        Parameters
        ----------
        data : array-like, pandas Series or DataFrame, or a panel of them
            A panel as :func:`make_supervised` takes it (a dict or a list of
            series, or a pandas object whose ``MultiIndex`` ends with the
            time), or one series. Give it the training part of each series.
        y : None
            Ignored.

        Returns
        -------
        self : SeriesScaler
            The fitted scaler.
        """
        lag = check_positive_int(self.season_length, "season_length")
        if not isinstance(self.log, bool | np.bool_):
            raise TypeError(f"`log` must be True or False, got {self.log!r}.")
        # set once every series passed: a fit that fails leaves none behind
        scales, target_positions, channels_of = {}, {}, {}
        for key, part in zip(*_parts(data), strict=True):
            name = _name(data, key)
            values, channels, _, target_pos, _ = check_series(
                part, target=self.target, name=name
            )
            # a table's columns by name; else by position
            channels_of[key] = channels if isinstance(part, pd.DataFrame) else None
            if self.log:
                values = np.log(_positive(values, name))
            if len(values) <= lag:
                raise ValueError(
                    f"{_sentence_start(name)} has {len(values)} values: its scale, "
                    f"its mean absolute change over season_length={lag} steps, "
                    "needs more."
                )
            change = mean_change(values[np.newaxis], lag)[0]
            scales[key] = nonzero_scale(change, values)
            target_positions[key] = target_pos
        self.scales_ = scales
        self._target_pos, self._channels = target_positions, channels_of
        self._panel = is_panel(data)
        # a list's (or tuple's) series are keyed by their positions
        self._by_position = self._panel and isinstance(data, list | tuple)
        return self

    def transform(self, data):
        """Each series divided by its scales, in the layout it came in.

        Parameters
        ----------
        data : array-like, pandas Series or DataFrame, or a panel of them
            Series that :meth:`fit` saw (by id; a panel where it saw one; a
            list, read by position, only where it saw a list or tuple), over
            any span of time, with the channels they had at fit, in that
            order. A missing value stays missing: scale the inputs known in
            advance that :func:`recursive_forecast` reads (``future``) as
            such a table, with the target left missing.

        Returns
        -------
        scaled : the type of ``data``
            Each series divided by its own scales, channel by channel, in
            floats (nullable columns, ``Int64`` or ``Float64``, and numbers
            held as objects too: a ``pd.NA`` or ``None`` comes out as NaN).
        """
        check_is_fitted(self)
        self._check_layout(data, "data")
        for key, part in zip(*_parts(data), strict=True):
            _check_numbers(part, _name(data, key))
            self._check_channels(key, part, _name(data, key))
            if self.log:
                _positive(part, _name(data, key))
        if not self.log:
            return _apply(data, self._scales_of, np.divide)
        # the log in the scales' float dtype: of int8 numpy's would be float16
        return _apply(
            data,
            self._scales_of,
            lambda part, scale: np.log(part, dtype=scale.dtype) / scale,
        )

    def inverse_transform(self, forecasts):
        """Forecasts of the scaled series, back in each series' units.

        Parameters
        ----------
        forecasts : array-like, pandas Series or DataFrame, or a panel of them
            What :func:`recursive_forecast` returns for the scaled panel (a
            dict, a list, or a pandas object indexed by series and time, as
            :meth:`transform` takes them; a column per level for quantiles):
            forecasts of the target channel, each multiplied by its series'
            scale of that channel. Columns (or a Series) named after channels
            seen at fit take their own scales instead: the output of
            :meth:`transform` for tables comes back whole. An array (a
            series' of a panel too) with as many columns as the series had
            channels at fit, more than one, is refused: its columns could
            be those channels (the output of :meth:`transform` for arrays)
            or quantile levels of the target. So is a DataFrame whose
            columns are labelled by their positions, 0, 1, ...
            (``pd.DataFrame(array)``), unless the channels at fit were
            labelled so: it holds such an array. Give the levels as a
            DataFrame (``pd.DataFrame(forecasts, columns=levels)``) or the
            target alone; to map channels back, fit and transform the
            series as DataFrames, whose columns name them.

        Returns
        -------
        forecasts : the type of ``forecasts``
            In the units of each series (through ``exp``, with ``log=True``).
        """
        check_is_fitted(self)
        self._check_layout(forecasts, "forecasts")
        ids, parts = _parts(forecasts)
        for key, part in zip(ids, parts, strict=True):
            where = f"Series {key!r}" if is_panel(forecasts) else "`forecasts`"
            _check_numbers(
                part, f"series {key!r}" if is_panel(forecasts) else "forecasts"
            )
            self._check_not_channels(key, part, where)
        parts_of = dict(zip(ids, parts, strict=True))

        def back_scale(key):
            scales = self._scales_of(key)
            # channels by their names (the scaled table itself, given back):
            # each its own scale, not the target's
            named = self._named_channels(key, parts_of.get(key))
            return scales[self._target_pos[key] if named is None else named]

        if self.log:
            return _apply(
                forecasts, back_scale, lambda part, scale: np.exp(part * scale)
            )
        return _apply(forecasts, back_scale, np.multiply)

    def _check_layout(self, data, name):
        """Raise unless ``data`` is a panel where :meth:`fit` saw one, and one
        series where it saw one: one series and a list's first are both
        keyed ``0``, and must not take each other's scale. A list (keyed by
        position) only where :meth:`fit` saw a list or tuple."""
        panel = getattr(self, "_panel", None)  # not in old pickles
        by_position = getattr(self, "_by_position", None)
        listed = isinstance(data, list | tuple) and is_panel(data)
        if panel and by_position is False and listed:
            # a list's positions 0, 1, ... read as keys: a dict keyed 1, 0
            # would give each series the other's scale, silently
            raise ValueError(
                f"`{name}` is a list, whose series are read by position, but "
                "the scaler was fitted on series named by key, "
                f"{list(self.scales_)[:10]}: give `{name}` as a dict by the "
                f"same keys, e.g. `dict(zip(keys, {name}))`."
            )
        if panel is None or is_panel(data) == panel:
            return
        if panel:
            raise ValueError(
                f"The scaler was fitted on a panel, and `{name}` is one series: "
                "pass it as a panel, by its series id (`{key: values}`, or, "
                "fitted on a list, a list in its order), so that it takes its "
                "own scale."
            )
        raise ValueError(
            f"The scaler was fitted on one series, and `{name}` is a panel: "
            "pass that one series, or fit the scaler on the panel."
        )

    def _check_channels(self, key, part, name):
        """Raise unless ``part`` holds the channels that series ``key`` had at
        fit, in that order: its scales apply by position."""
        n_channels = np.size(self._scales_of(key))
        fitted = getattr(self, "_channels", {}).get(key)  # not in old pickles
        width = 1 if np.ndim(part) == 1 else np.shape(part)[1]
        columns = None
        if isinstance(part, pd.DataFrame):
            columns = [str(column) for column in part.columns]
        if width != n_channels or (fitted and columns and columns != fitted):
            shown = fitted or f"{n_channels} channels"
            got = columns or f"{width} channel{'s' * (width != 1)}"
            raise ValueError(
                f"{_sentence_start(name)} has {got}, but the scaler was fitted on "
                f"{shown}: transform the channels it was fitted on, in that "
                f"order (inverse_transform also takes forecasts of the target alone)."
            )

    def _check_not_channels(self, key, part, name):
        """Raise where the forecasts ``part`` of series ``key`` (``name`` in
        the message) are columns without names as many as its channels at
        fit, more than one: those channels and quantile levels of the
        target, which take the target's scale, are then alike. An array's
        columns have no names, nor have a DataFrame's labelled by their
        positions (``pd.DataFrame(array)``: 0, 1, ...), unless the channels
        seen at fit were labelled so."""
        n_channels = np.size(self._scales_of(key))
        if np.ndim(part) != 2 or n_channels == 1 or np.shape(part)[1] != n_channels:
            return
        if isinstance(part, pd.DataFrame):
            if not _by_position(part.columns) or self._named_channels(key, part):
                return
            given = f"columns labelled by position, {list(part.columns)}"
        else:
            given = "unnamed columns"
        fitted = getattr(self, "_channels", {}).get(key)  # not in old pickles
        raise ValueError(
            f"{name} has {n_channels} {given}, as many as the channels the "
            f"scaler was fitted on ({fitted or 'unnamed: an array'}): they "
            "could be those channels (what transform gives for an array) or "
            "quantile levels of the target, which all take the target's "
            "scale. Give the levels as a DataFrame, a column per level "
            "(`pd.DataFrame(forecasts, columns=levels)`), or the target "
            "alone; to map channels back, fit and transform the series as "
            "DataFrames, whose columns name them."
        )

    def _named_channels(self, key, part):
        """The positions at fit of the channels that the columns of ``part``
        (or its name, a Series') name, where each names a channel that
        series ``key`` had at fit; else ``None``."""
        fitted = getattr(self, "_channels", {}).get(key)  # not in old pickles
        given = _names(part)
        if fitted and given and all(name in fitted for name in given):
            return [fitted.index(name) for name in given]
        return None

    def _scales_of(self, key):
        if key not in self.scales_:
            raise ValueError(
                f"Series {key!r} was not seen at fit; the scaler knows "
                f"{list(self.scales_)[:10]}."
            )
        return self.scales_[key]


def _name(data, key):
    """How errors name series ``key`` of ``data``."""
    return f"series {key!r}" if is_panel(data) else "data"


def _sentence_start(name):
    """``name`` (see :func:`_name`) to begin a sentence: its first letter in
    capitals, the rest, a series' key included, as it is."""
    return name[:1].upper() + name[1:]


def _names(part):
    """The channel names of a pandas ``part`` (its columns, or a Series'
    name), as strings; ``None`` for an array or a Series without a name."""
    if isinstance(part, pd.DataFrame):
        return [str(column) for column in part.columns]
    if isinstance(part, pd.Series) and part.name is not None:
        return [str(part.name)]
    return None


def _by_position(columns):
    """Whether the columns ``columns`` are labelled by their positions, 0,
    1, ... (``pd.DataFrame(array)``'s): labels that name nothing."""
    return pd.api.types.is_integer_dtype(columns.dtype) and bool(
        (columns == np.arange(len(columns))).all()
    )


def _positive(values, name):
    """``values``, if none is zero or negative (a missing value passes, to
    come out missing); else an error naming ``name``."""
    array = np.asarray(_floats(values), dtype=float)
    if (array <= 0).any():  # a missing value passes, as it does without log
        raise ValueError(
            f"SeriesScaler(log=True) takes the log of every value, and {name} "
            f"has values that are not positive (the least: {np.nanmin(array)})."
        )
    return values


def _parts(data):
    """``(ids, parts)`` of a panel, or ``([0], [data])`` for one series."""
    if is_panel(data):
        ids, parts, _ = panel_parts(data)
        return ids, parts
    return [0], [data]


def _check_numbers(part, name):
    """Raise a TypeError where the series ``part`` (``name`` in the message)
    does not hold numbers: text (numeric or not), time stamps, whose scaling
    numpy would refuse in its own words. Numbers held as objects pass."""
    if isinstance(part, pd.DataFrame):
        check_numeric_columns(part, name)  # as fit tells a table's
    else:
        check_numbers(part, name, objects=True)


def _apply(data, scales_of, op):
    """``op(series, scales_of(key))`` for each series of ``data`` (``key``
    its id, ``0`` for one series), in the layout ``data`` came in: the
    scales are one per column (or one for all), applied in the float dtype
    of the data: float32 stays float32, as in scikit-learn's scalers, and
    nullable columns become floats (see ``_floats``)."""

    def one(key, part):
        factor = np.asarray(scales_of(key), dtype=_float_dtype(part))
        if np.ndim(part) == 1:  # one column: one scale
            factor = factor.reshape(-1)[0]
        return op(_floats(part), factor)

    if isinstance(data, dict):
        return {key: one(key, part) for key, part in data.items()}
    if isinstance(data, list | tuple) and is_panel(data):
        return type(data)(one(key, part) for key, part in enumerate(data))
    if isinstance(data, pd.Series | pd.DataFrame) and is_panel(data):
        # each row's series (the index levels before the time), coded
        codes, keys = series_codes(data.index)
        width = 1 if data.ndim == 1 else data.shape[1]
        table = np.array([np.broadcast_to(scales_of(k), (width,)) for k in keys])
        factor = table[codes].astype(_float_dtype(data), copy=False)
        return op(_floats(data), factor[:, 0] if data.ndim == 1 else factor)
    return one(0, data)


def _floats(part):
    """A ``part`` with nullable or sparse columns (``Int64``, ``Float64``),
    or numbers held as objects, in its float dtype, ``pd.NA`` as NaN: numpy
    takes a table of them, several channels, as objects, which ``np.log``
    refuses, and the scaled series are floats. Other parts as they are."""
    if isinstance(part, pd.DataFrame):
        dtypes = part.dtypes
    elif isinstance(part, pd.Series):
        dtypes = [part.dtype]
    else:
        dtypes = [np.asarray(part).dtype]
    if any(
        isinstance(d, pd.api.extensions.ExtensionDtype)
        or pd.api.types.is_object_dtype(d)
        for d in dtypes
    ):
        # objects through numbers_as_floats: astype refuses their pd.NA
        if not isinstance(part, pd.Series | pd.DataFrame):
            return np.asarray(numbers_as_floats(np.asarray(part)), dtype=np.float64)
        return numbers_as_floats(part).astype(_float_dtype(part))
    return part


def _float_dtype(data):
    """The float dtype of ``data``'s values (float32 where every column is)."""
    if isinstance(data, pd.DataFrame):
        return float_dtype(data.dtypes)
    return float_dtype([getattr(data, "dtype", np.float64)])  # a list: float64
