"""Validation of time series, before any windowing: their values, channels
and time index.

``check_series`` is what every entry point that takes a series calls (see
``_validation`` for the checks of windows and of estimators' data).
"""

from numbers import Integral

import numpy as np
import pandas as pd

__all__ = [
    "as_times",
    "check_numeric_columns",
    "check_series",
    "check_time_index",
    "float_dtype",
    "in_order",
    "native_order",
    "read_dates",
    "same_times",
    "target_label",
    "time_frequency",
    "time_index",
    "year_first",
]


def native_order(data):
    """``data`` (a pandas Series or DataFrame, an array, or anything else)
    with its numbers in the machine's byte order: the columns stored in the
    other (big-endian ones, read with ``np.fromfile(..., ">f8")`` or from a
    FITS file on a little-endian machine) as the same numbers in native
    order, which pandas refuses in its compiled code, "Big-endian buffer not
    supported on little-endian compiler" (pandas 3 in ``combine_first``,
    pandas<3 also in a ``groupby`` or a selection of rows or columns).
    ``data`` itself, no copy, where they are native already or have no byte
    order (``None``, lists, pandas' own dtypes).

    >>> import numpy as np
    >>> import pandas as pd
    >>> stored = pd.Series([1.5, 2.5], dtype=">f8")
    >>> native_order(stored).dtype.isnative
    True
    >>> native = pd.Series([1.5, 2.5])
    >>> native_order(native) is native
    True
    """
    if isinstance(data, pd.DataFrame):
        foreign = {
            column: dtype.newbyteorder("=")
            for column, dtype in data.dtypes.items()
            if isinstance(dtype, np.dtype) and not dtype.isnative
        }
        return data.astype(foreign) if foreign else data
    dtype = getattr(data, "dtype", None)
    if isinstance(dtype, np.dtype) and not dtype.isnative:
        return data.astype(dtype.newbyteorder("="))
    return data


def time_index(index):
    """``index`` with its time stamps as pandas' own index of them, a
    ``DatetimeIndex`` or ``TimedeltaIndex``, which every entry point reads
    as dates or elapsed times (not as labels that spell them): Arrow's time
    stamps and durations (a table read with ``dtype_backend="pyarrow"``),
    and objects that are all dates of one time zone (a series of a panel
    whose series are in several zones, which pandas holds as objects, once
    split by id), in that zone; a ``MultiIndex``'s levels alike (one of
    several zones stays objects, the instants they are). Any other index as
    it is."""
    if isinstance(index, pd.MultiIndex):
        levels = [time_index(level) for level in index.levels]
        if all(new is old for new, old in zip(levels, index.levels, strict=True)):
            return index
        return index.set_levels(levels)
    if index.dtype == object:
        return _dates_of_one_zone(index)
    if not isinstance(index.dtype, pd.ArrowDtype) or index.dtype.kind not in "mM":
        return index
    # Arrow's dates (date32) too: the day's midnight
    return (pd.DatetimeIndex if index.dtype.kind == "M" else pd.TimedeltaIndex)(index)


def same_times(times, other):
    """Whether the indexes ``times`` and ``other`` hold the same time stamps
    in the same order, dates or elapsed times in any units: pandas 2.2's
    ``equals`` is False on the same times in two units (seconds, from
    numpy's ``datetime64[s]`` or a parquet file, and nanoseconds), where
    pandas 3's compares the times. Else as ``equals``.

    >>> import pandas as pd
    >>> days = pd.date_range("2024-01-01", periods=3)
    >>> same_times(days.as_unit("s"), days.as_unit("ns"))
    True
    """
    if times.equals(other):
        return True
    units = getattr(times, "unit", None), getattr(other, "unit", None)
    if None in units or units[0] == units[1] or len(times) != len(other):
        return False
    return bool((times == other).all())


def _dates_of_one_zone(index):
    """The index of objects ``index`` as a ``DatetimeIndex`` where they are
    all dates of one time zone (or all without one); else as it is."""
    if pd.api.types.infer_dtype(index, skipna=False) != "datetime":
        return index
    try:
        return pd.DatetimeIndex(index)
    except (ValueError, TypeError):  # several zones, which pandas holds so
        return index


def as_times(index, series=None):
    """The time stamps that an index of labels spells, or ``None``.

    Dates, periods, elapsed times (a ``TimedeltaIndex``) and numbers are
    time stamps as they are. Date strings (``"2020-01"``, ``"Jan 2020"``)
    and number strings (times read from a file as text: ``"10"`` after
    ``"2"``) are time stamps whose order matters; labels that parse as
    neither have no order to check. Date strings are read month first, as
    pandas reads them, unless they are then not in order (strictly
    increasing) and are, read day first (``"13/01/2024"`` after
    ``"12/01/2024"``); strings written year first (``"2024-01-02"``, see
    :func:`year_first`) have that one reading, in order or not. ``series``,
    for a panel's time stamps, the integer code of each one's series: the
    order is that within each series.
    """
    if isinstance(index, (pd.DatetimeIndex, pd.PeriodIndex, pd.TimedeltaIndex)) or (
        pd.api.types.is_numeric_dtype(index.dtype)
    ):
        return index
    if pd.api.types.infer_dtype(index, skipna=False) == "string":
        try:
            return pd.Index(pd.to_numeric(index))
        except (ValueError, TypeError):
            pass  # not numbers: perhaps dates
    times = None
    for dayfirst in (False, True):
        read = read_dates(index, dayfirst)
        if read is None:
            return times
        if in_order(read, series) or year_first(index):
            return read  # in order, or year first: the one reading
        times = read if times is None else times
    return times  # out of order either way: read month first


def read_dates(labels, dayfirst=False):
    """The dates that the strings ``labels`` spell, read day first or month
    first where they could be either; ``None`` where some spell no date."""
    # each label parsed as it comes (format="mixed"): pandas guesses no format,
    # and warns of none (the warning filters are the whole process', which a
    # block that changed them would change for every thread)
    try:
        read = pd.to_datetime(labels, format="mixed", dayfirst=dayfirst)
    except (ValueError, TypeError, OverflowError):
        return None
    return pd.DatetimeIndex(read)


def year_first(labels):
    """Whether the strings ``labels`` are all dates written year first (ISO
    8601: ``"2024-01-02"``), which have one reading: pandas reads them day
    first as year, day, month."""
    try:
        pd.to_datetime(labels, format="ISO8601")
    except (ValueError, TypeError, OverflowError):
        return False
    return True


def in_order(times, series=None):
    """Whether the dates ``times`` increase strictly (within each series,
    for a panel's, ``series`` the code of each one's)."""
    if times.hasnans:
        return False
    later = np.diff(times.asi8) > 0
    if series is not None:
        series = np.asarray(series)
        later |= series[1:] != series[:-1]
    return bool(later.all())


def time_frequency(index):
    """The frequency of a time index of periods, dates or elapsed times, or
    ``None``: a ``DatetimeIndex`` (or ``TimedeltaIndex``) without one set
    has the one its times follow, where pandas can infer it (three times or
    more)."""
    if isinstance(index, pd.PeriodIndex):
        return index.freq
    if not isinstance(index, pd.DatetimeIndex | pd.TimedeltaIndex):
        return None
    if index.freq is not None:
        return index.freq
    inferred = pd.infer_freq(index) if len(index) > 2 else None
    return None if inferred is None else pd.tseries.frequencies.to_offset(inferred)


def check_time_index(index, name, hint=""):
    """Raise if a time index is not strictly increasing; ``hint``, a
    sentence, ends the message on time stamps given twice. Return the time
    stamps it spells (``as_times``), parsed once for every check after."""
    times = as_times(index)
    if times is None:
        return None  # labels without an order: nothing to check
    missing = np.flatnonzero(times.isna())
    if len(missing):
        # no order to sort: sort_index puts them last, still out of order
        many = "s" if len(missing) > 1 else ""
        raise ValueError(
            f"The time index of `{name}` has {len(missing)} missing time "
            f"stamp{many} (the first at position {missing[0]}): a row without "
            "a time has no place in the series. Give each row its time, or "
            "drop the rows whose time is missing (`.index.isna()` marks them)."
        )
    if not times.is_unique:
        index = index[times.duplicated()]
        raise ValueError(
            f"The time index of `{name}` has duplicate time stamps (first: "
            f"{index[0]}). Aggregate them first, e.g. with "
            "`.groupby(level=0).mean()` on a series (a panel in one table: "
            f"group by its series and time levels).{hint and ' '}{hint}"
        )
    if not times.is_monotonic_increasing:
        if isinstance(times, pd.DatetimeIndex) and not isinstance(
            index, pd.DatetimeIndex
        ):
            # strings sort as text, not as the dates they spell
            if year_first(index):  # one reading (see as_times)
                read, fix = "", f"`{name}.index = pd.to_datetime({name}.index)`"
            else:
                read = " read month first or day first"
                fix = (
                    f"for dates written day first, `{name}.index = "
                    f"pd.to_datetime({name}.index, dayfirst=True)`"
                )
            raise ValueError(
                f"The time index of `{name}` must be increasing, and its date "
                f"strings are out of order{read}. Index `{name}` by the dates "
                f"they spell ({fix}), then sort it with `.sort_index()`: "
                "sorted as text, strings are not in time order."
            )
        raise ValueError(
            f"The time index of `{name}` must be increasing. Sort it first "
            "with `.sort_index()` (a panel in one table: sort the table)."
        )
    return times


def check_numeric_columns(frame, name, hint="", *, series=False):
    """Raise a TypeError naming the columns of the DataFrame ``frame`` (the
    parameter ``name``) that do not hold real numbers; ``hint``, a sentence,
    ends the message. For a ``series``, whose time stamps belong in its index,
    a column of them is told to become the index."""
    bad = [
        (column, dtype)
        for column, dtype in frame.dtypes.items()
        if not (
            pd.api.types.is_numeric_dtype(dtype)
            and not pd.api.types.is_complex_dtype(dtype)
        )
    ]
    if not bad:
        return
    end = f"{hint and ' '}{hint}"
    if len(bad) == 1:
        ((column, dtype),) = bad
        if series and (
            isinstance(dtype, pd.PeriodDtype)
            or pd.api.types.is_datetime64_any_dtype(dtype)
        ):
            # a table read with its dates as a column (read_csv without
            # index_col): pd.to_numeric would make them a channel of nanoseconds
            raise TypeError(
                f"Column {column!r} of `{name}` holds time stamps (dtype {dtype}): "
                f"make it the index, `{name}.set_index({column!r})`.{end}"
            )
        which = f"Column {column!r} of `{name}` is not numeric (dtype {dtype})"
        it = "it"
    else:
        shown = ", ".join(f"{c!r} ({d})" for c, d in bad)
        which, it = f"Columns {shown} of `{name}` are not numeric", "them"
    times = "; time stamps belong in the index, read with `pd.to_datetime`"
    raise TypeError(
        f"{which}. Convert {it} with `pd.to_numeric` or drop {it}"
        f"{times if series else ''}.{end}"
    )


def check_series(data, *, target=None, name="data", hint="", missing=False):
    """Validate a time series and return its parts.

    Parameters
    ----------
    data : array-like or pandas object of shape (n_timesteps,) or \
            (n_timesteps, n_channels)
        The series.
    target : label or int, default=None
        The target channel: a column label for a DataFrame, a column position
        for an array; ``None`` when there is one channel.
    name : str, default="data"
        The parameter name used in error messages.
    hint : str, default=""
        A sentence that ends the messages on columns that are not numbers
        and on time stamps given twice.
    missing : bool, default=False
        Whether NaN is taken, as a value not given (infinity never is).

    Returns
    -------
    values : ndarray of shape (n_timesteps, n_channels)
        The values, floating point in native byte order (float32 stored
        big-endian stays float32: :func:`native_order`); a view of ``data``
        when it already is.
    channels : list of str
        One name per channel.
    index : pandas.Index or None
        The time index for pandas input (Arrow's time stamps and durations
        as pandas' own: :func:`time_index`), ``None`` for arrays.
    target_pos : int
        The column position of the target channel.
    times : pandas.Index or None
        The time stamps that ``index`` spells (see :func:`as_times`): the
        index itself for dates, periods, elapsed times and numbers, the
        parsed ones for labels of dates or numbers (a table read as text);
        ``None`` for arrays and for labels that spell neither.
    """
    index = times = None
    if isinstance(target, bool | np.bool_):  # an int to Python, not a column
        raise TypeError(f"`target` must be a column label or position, got {target!r}.")
    if isinstance(data, pd.Series):
        frame = data.to_frame(name="y" if data.name is None else data.name)
    elif isinstance(data, pd.DataFrame):
        frame = data
    else:
        frame = None

    if frame is not None:
        index = time_index(frame.index)
        # a long table indexed by its time only repeats its time stamps:
        # the hint says how to make it a panel, not to average its series
        times = check_time_index(index, name, hint)
        if frame.shape[1] == 0:
            raise ValueError(f"`{name}` is empty: it has no column.")
        if not frame.columns.is_unique:
            twice = list(frame.columns[frame.columns.duplicated()].unique())
            raise ValueError(
                f"`{name}` has columns of the same name: {twice}. Give each "
                "column a name of its own."
            )
        sparse = [c for c, d in frame.dtypes.items() if isinstance(d, pd.SparseDtype)]
        if sparse:  # numbers stored sparsely: the same values, dense
            frame = frame.astype({c: frame.dtypes[c].subtype for c in sparse})
        frame = native_order(frame)  # stored big-endian: the same numbers
        check_numeric_columns(frame, name, hint, series=True)
        channels = [str(c) for c in frame.columns]
        if len(set(channels)) != len(channels):  # 1 and "1": the same channel
            twice = sorted({c for c in channels if channels.count(c) > 1})
            raise ValueError(
                f"`{name}` has columns that are named alike as text: {twice} "
                "(a number and a string, 1 and '1'). Channels are named as "
                "text: give each column a name of its own."
            )
        dtype = float_dtype(frame.dtypes)
        if any(isinstance(d, pd.api.extensions.ExtensionDtype) for d in frame.dtypes):
            # nullable columns (Int64, Float64): pd.NA becomes NaN, which the
            # missing-value check below reports with its time stamp
            values = frame.to_numpy(dtype=dtype, na_value=np.nan)
        else:
            values = frame.to_numpy(dtype=dtype)
        if target is None:
            target_pos = _only_channel(len(channels), name)
        elif target in frame.columns:
            target_pos = frame.columns.get_loc(target)
        else:
            raise ValueError(
                f"`target={target!r}` is not a column of `{name}`; "
                f"choose one of {list(frame.columns)}."
            )
    else:
        try:
            values = np.asarray(data)
        except Exception as exc:  # ragged lists and the like
            raise TypeError(f"`{name}` must be array-like: {exc}") from exc
        if values.dtype.kind not in "biuf":
            raise TypeError(
                f"`{name}` must hold numbers, got dtype {values.dtype}. "
                "Convert it to floats first."
            )
        if values.ndim == 1:
            values = values[:, None]
        if values.ndim != 2:
            raise ValueError(
                f"`{name}` must be 1-D (n_timesteps,) or 2-D "
                f"(n_timesteps, n_channels), got {values.ndim}-D. "
                "Pass the series itself; `make_supervised` builds the windows."
                + (
                    " Several series go in a list or a dict of series: "
                    "`list(array)` for an array of shape (n_series, n_timesteps, "
                    "n_channels) (sktime's 3-D layout is (n_series, n_channels, "
                    "n_timesteps): `list(array.transpose(0, 2, 1))`)."
                    if values.ndim == 3
                    else ""
                )
            )
        values = native_order(values)  # float32 stays float32 in either order
        values = values.astype(float_dtype([values.dtype]), copy=False)
        channels = [f"x{i}" for i in range(values.shape[1])]
        if target is None:
            target_pos = _only_channel(values.shape[1], name)
        elif (
            isinstance(target, Integral)
            and -values.shape[1] <= target < (values.shape[1])
        ):
            target_pos = int(target) % values.shape[1]
        else:
            raise ValueError(
                f"`target={target!r}` must be a column position of `{name}`, "
                f"an integer in [0, {values.shape[1]})."
            )

    if values.shape[0] == 0 or values.shape[1] == 0:
        raise ValueError(f"`{name}` is empty: it has shape {values.shape}.")
    # the sum is finite iff every value is (barring overflow): no n-sized mask
    with np.errstate(over="ignore", invalid="ignore"):
        total = values.sum(axis=0)
    if not np.isfinite(total).all():
        bad = np.isinf(values) if missing else ~np.isfinite(values)
        if not bad.any():  # NaN taken, or an overflowing sum of finite values
            return values, channels, index, target_pos, times
        row = int(np.flatnonzero(bad.any(axis=1))[0])
        where = index[row] if index is not None else f"position {row}"
        if missing:
            raise ValueError(
                f"`{name}` holds {int(bad.sum())} infinite value(s) (the first "
                f"at {where}). Replace them with finite values."
            )
        raise ValueError(
            f"`{name}` holds {int(bad.sum())} missing or infinite values "
            f"(the first at {where}). Fill them before windowing, e.g. "
            "`data.interpolate()` or `data.ffill()`."
        )
    return values, channels, index, target_pos, times


def target_label(data, channels, target_pos):
    """The label of the target in ``data``, as pandas holds it (``1`` for a
    column labelled 1, not the channel's name ``"1"``), for ``y``'s name;
    the channel's name where ``data`` names none (arrays, an unnamed Series).
    """
    if isinstance(data, pd.DataFrame):
        return data.columns[target_pos]
    if isinstance(data, pd.Series) and data.name is not None:
        return data.name
    return channels[target_pos]


def float_dtype(dtypes):
    """float32 if every column is float32 (numpy's or pandas' nullable), else
    float64."""
    # numbers stored sparsely are their subtype's
    dtypes = [d.subtype if isinstance(d, pd.SparseDtype) else d for d in dtypes]
    numpy_dtypes = [np.dtype(getattr(d, "numpy_dtype", d)) for d in dtypes]
    return np.float32 if all(d == np.float32 for d in numpy_dtypes) else np.float64


def _only_channel(n_channels, name):
    if n_channels != 1:
        raise ValueError(
            f"`{name}` has {n_channels} channels: pass `target=` to say which "
            "one is the target."
        )
    return 0
