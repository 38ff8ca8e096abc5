"""The arithmetic of conformal calibration: the errors of time-ordered
folds, their conformal quantiles, and the check that each fold forecasts
rows after those it trained on (see ``ConformalRegressor``)."""

import math
from fractions import Fraction

import numpy as np
import pandas as pd

from ._quantiles import as_level
from ._row_labels import row_series, row_times, series_codes

__all__ = [
    "check_time_order",
    "conformal_quantile",
    "fold_errors",
    "in_time_order",
    "n_rows",
    "pooled_quantile",
    "size_floor",
]


def conformal_quantile(residuals, level):
    """The split-conformal quantile of each column of ``residuals``: the
    order statistic of rank ``ceil((n + 1) q)`` above the median, its mirror
    below (±inf where ``n`` errors are too few for the level)."""
    n = len(residuals)
    if level == 0.5:
        return np.median(residuals, axis=0)
    upper = level > 0.5
    # the level as the decimal it is written as, in exact arithmetic: in
    # floats, (n + 1) * 0.55 for n = 99 is 55.00000000000001 (rank 56); or
    # as the fraction it stands for, where float32 spells it: 2/3 is kept as
    # 0.6666667, whose rank is one more than 2/3's where n + 1 is 3k
    q = Fraction(repr(float(level)))
    fraction = q.limit_denominator(10**6)
    if as_level(fraction) == as_level(level):
        q = fraction
    rank = math.ceil((n + 1) * (q if upper else 1 - q))
    if rank > n:
        return np.full(residuals.shape[1], np.inf if upper else -np.inf)
    ordered = np.sort(residuals if upper else -residuals, axis=0)
    value = ordered[rank - 1]
    return value if upper else -value


def pooled_quantile(residuals, level):
    """The conformal quantile of the errors of every column (step ahead)
    together, each column centred on its median and divided by its mean
    absolute deviation, mapped back column by column; the median is each
    column's own. A column without spread adds zeros and gets its centre."""
    centre = np.median(residuals, axis=0)
    if level == 0.5:
        return centre
    spread = np.abs(residuals - centre).mean(axis=0)
    units = np.where(spread > 0, spread, 1.0)
    pooled = ((residuals - centre) / units).reshape(-1, 1)
    value = conformal_quantile(pooled, level)[0]
    if np.isinf(value):  # too few errors, even pooled
        return np.full(residuals.shape[1], value)
    return centre + value * spread


def fold_errors(y, forecasts):
    """``y - forecast`` of each level, (n, n_outputs, n_quantiles)."""
    return y.reshape(len(y), -1, 1) - forecasts


def size_floor(sizes):
    """The smallest positive size: what a row of size zero counts with."""
    positive = sizes[sizes > 0]
    if not len(positive):
        raise ValueError(
            "`scale` gave a size of zero to every row of the folds: the errors "
            "cannot be measured in units of it."
        )
    return float(positive.min())


def n_rows(X):
    return X.shape[0] if hasattr(X, "shape") else len(X)


def in_time_order(y, rows):
    """``rows`` sorted by the time of their targets, where the index of
    ``y`` says it (a panel's rows series by series), else as they are."""
    rows, times = np.asarray(rows), row_times(y)  # a splitter may give lists
    if times is None:
        return rows
    return rows[np.argsort(times[rows], kind="stable")]


def check_time_order(folds, y, steps):
    """Refuse a fold whose copy trains on a row of a series after one of its
    test rows of that series (the rows of each series in time order, a step
    apart): its errors would be those of a model that saw the future; or on
    a row whose ``steps`` targets reach into those of its test rows (fewer
    than ``steps - 1`` rows between): one that saw part of what it forecasts."""
    if row_series(y) is None:
        codes, ids = np.zeros(n_rows(y), dtype=np.intp), None
        place = np.arange(len(codes))
    else:
        codes, ids = series_codes(y.index)
        place = pd.Series(codes).groupby(codes).cumcount().to_numpy()
    if not len(codes):
        return
    n_series = int(codes.max()) + 1
    for k, (train, test) in enumerate(folds):
        train, test = np.asarray(train), np.asarray(test)
        # each series' last training row and first test row, by its place in
        # the series; a series without either is far enough apart
        last_train = np.full(n_series, -steps - 1)
        np.maximum.at(last_train, codes[train], place[train])
        first_test = np.full(n_series, len(codes) + steps)
        np.minimum.at(first_test, codes[test], place[test])
        apart = first_test - last_train
        worst = int(np.argmin(apart))
        if apart[worst] >= steps:
            continue
        series = "" if ids is None else f" series {ids[worst]!r}"
        if apart[worst] <= 0:
            raise ValueError(
                f"The folds of `cv` must fit each copy on rows before its test "
                f"rows: fold {k} trains on rows after its test rows"
                f"{series and ' of' + series}, so its errors would be those of a "
                f"model that saw the future and the intervals too narrow. Use "
                f"TimeSeriesSplit, or PanelTimeSeriesSplit for the rows of a panel."
            )
        split = "TimeSeriesSplit" if ids is None else "PanelTimeSeriesSplit"
        raise ValueError(
            f"The folds of `cv` must leave {steps - 1} rows between a copy's "
            f"training rows and its test rows, {steps} steps ahead: fold {k} "
            f"leaves {apart[worst] - 1}{series and ' in' + series}, so the targets "
            f"of its last training rows reach into those of its test rows, its "
            f"errors are those of a model that saw part of what it forecasts, and "
            f"the intervals too narrow. Use {split}(gap={steps - 1}), as an "
            f"integer `cv` does."
        )
