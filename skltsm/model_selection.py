"""Splits in time across the series of a panel: ``PanelTimeSeriesSplit``."""

from numbers import Integral

import numpy as np
import pandas as pd

from ._row_labels import series_codes, time_rank
from ._validation import check_positive_int

__all__ = ["PanelTimeSeriesSplit"]


class PanelTimeSeriesSplit:
    """Time-ordered folds over the rows of many series.

    The rows of a panel (``make_supervised`` on a collection of series) are
    indexed by (series, time). Like scikit-learn's ``TimeSeriesSplit``, each
    fold trains on the past and tests on what follows, the test periods moving
    forward fold by fold, but the cut is made in every series:

    - ``cut="time"``: at the same time stamps in every series. A fold tests
      the rows of ``test_size`` consecutive time stamps, in whichever series
      has them, and trains on the rows before, ``gap`` time stamps earlier
      and ``gap`` rows of each series before its first test row. For series
      that share a calendar; a series may lack some of its time stamps
      (trading days of exchanges closed on different holidays, days at
      midnight in different time zones, which are other instants).
    - ``cut="end"``: at each series' own end. A fold tests ``test_size`` rows
      of every series, counted from its end, and trains on the rows before.
      For series that end at different dates, or carry no dates.

    Parameters
    ----------
    n_splits : int, default=5
        The number of folds.
    test_size : int, default=None
        Time stamps (``cut="time"``) or rows per series (``cut="end"``) in
        each test fold; by default the time stamps (or the rows of the
        shortest series) divided by ``n_splits + 1``. A series that lacks
        some of a fold's time stamps tests its rows at the others only:
        fewer than ``test_size``, or none.
    gap : int, default=0
        Time stamps (or rows of each series) left out between training and
        test: use ``horizon - 1`` for multi-step targets, so that no training
        target is a test target. With ``cut="time"``, a series that lacks
        some of those time stamps leaves out more of its rows, ``gap`` of
        them before its first test row. scikit-learn's ``TimeSeriesSplit``
        counts its gap in rows of the panel, ``n_series`` to a time stamp:
        there ``horizon - 1`` rows leave training targets in the test fold.
    cut : {"time", "end"}, default="time"
        Where each series is cut.
    max_train_size : int, default=None
        At most this many time stamps (``cut="time"``) or rows of each series
        (``cut="end"``) train in a fold: the latest before the gap, a window
        that rolls forward with the folds, as ``TimeSeriesSplit``'s
        ``max_train_size`` does in rows (a series that lacks some of those
        time stamps trains on fewer rows). By default every earlier one.

    See Also
    --------
    sklearn.model_selection.TimeSeriesSplit : The same, for one series.
    make_supervised : Rows of a panel, indexed by (series, time).

    Examples
    --------
    >>> import numpy as np
    >>> from skltsm import PanelTimeSeriesSplit, make_supervised
    >>> X, y = make_supervised([np.arange(10.0), np.arange(8.0)], history=2)
    >>> cv = PanelTimeSeriesSplit(n_splits=2, test_size=1, cut="end")
    >>> [(len(train), len(test)) for train, test in cv.split(X, y)]
    [(10, 2), (12, 2)]
    """

    def __init__(
        self, n_splits=5, *, test_size=None, gap=0, cut="time", max_train_size=None
    ):
        self.n_splits = n_splits
        self.test_size = test_size
        self.gap = gap
        self.cut = cut
        self.max_train_size = max_train_size

    def get_n_splits(self, X=None, y=None, groups=None):
        """The number of folds.

        Parameters
        ----------
        X, y, groups : object
            Ignored, for scikit-learn's splitter interface.

        Returns
        -------
        n_splits : int
        """
        return self.n_splits

    def split(self, X, y=None, groups=None):
        """Row indices of each fold's training and test rows.

        Parameters
        ----------
        X : array-like of shape (n_rows, ...)
            The rows; only their number is used.
        y : pandas Series or DataFrame
            The targets of ``make_supervised`` on a panel: their index,
            (series, time), places each row.
        groups : object
            Ignored.

        Yields
        ------
        train, test : ndarray of int
            The rows of the fold.
        """
        n_splits = check_positive_int(self.n_splits, "n_splits")
        gap = self.gap
        if isinstance(gap, bool) or not isinstance(gap, Integral) or gap < 0:
            raise ValueError(f"`gap` must be a non-negative integer, got {gap!r}.")
        if self.cut not in ("time", "end"):
            raise ValueError(f"`cut` must be 'time' or 'end', got {self.cut!r}.")
        max_train_size = self.max_train_size
        if max_train_size is not None:
            max_train_size = check_positive_int(max_train_size, "max_train_size")
        index = getattr(y, "index", None)
        if not isinstance(index, pd.MultiIndex):
            raise ValueError(
                "PanelTimeSeriesSplit reads each row's series and time from the "
                "(series, time) MultiIndex of y, which make_supervised gives the "
                "rows of a panel. Pass y as it returns it; for one series, use "
                "sklearn's TimeSeriesSplit. An estimator that makes an array of y "
                "before it splits (LassoCV, ElasticNetCV) drops that index: give "
                "it the folds themselves, cv=list(cv.split(X, y))."
            )
        if len(index) != len(X):
            raise ValueError(f"X has {len(X)} rows and y {len(index)}.")
        if not len(index):
            raise ValueError("There are no rows to split: X and y are empty.")
        # the rank of each row's time stamp among the panel's time stamps
        series, ids = series_codes(index)
        time = time_rank(index.get_level_values(-1), series)
        place = _places(series, time)
        short = in_short = ""  # cut="end": the series that limits the folds
        if self.cut == "time":
            key, n_keys = time, time.max() + 1
        else:
            # rows of each series in time, the shortest series' first row at
            # 0 and every series' last at n_keys - 1
            counts = np.bincount(series)
            n_keys = counts.min()
            key = place - counts[series] + n_keys
            short = f", {ids[counts.argmin()]!r}"
            in_short = f", in {ids[counts.argmin()]!r}"
        unit = "time stamps" if self.cut == "time" else "rows of the shortest series"
        test_size = self.test_size
        if test_size is None:
            test_size = n_keys // (n_splits + 1)
            if test_size < 1:  # not the user's test_size: name the folds
                raise ValueError(
                    f"{n_splits} folds need at least {n_splits + 1} {unit} (one "
                    f"more to train on): there are {n_keys}"
                    f"{in_short}. Use fewer folds."
                )
        test_size = check_positive_int(test_size, "test_size")
        first_test = n_keys - n_splits * test_size
        if first_test - gap < 1:
            raise ValueError(
                f"{n_splits} folds of {test_size} {unit} and a gap of {gap} leave "
                f"nothing to train on: there are {n_keys} {unit}{short}."
            )
        rows = np.arange(len(index))
        folds = []
        for fold in range(n_splits):
            start = first_test + fold * test_size
            test = rows[(key >= start) & (key < start + test_size)]
            end = start - gap
            in_train = key < end
            if max_train_size is not None:
                in_train &= key >= end - max_train_size
            # and `gap` rows of each series before its first test row: fewer
            # lie in the gap's time stamps where the series lacks some
            first = np.full(len(ids), len(index) + gap)
            np.minimum.at(first, series[test], place[test])
            train = rows[in_train & (place < first[series] - gap)]
            if not len(train):
                raise ValueError(
                    f"{n_splits} folds of {test_size} {unit} and a gap of {gap} "
                    f"leave nothing to train on in fold {fold}: the series lack "
                    f"some of the time stamps, and every row before the gap is "
                    f"one of the {gap} rows of its series left out before its "
                    f"first test row. Use fewer folds or a smaller test_size."
                )
            folds.append((train, test))
        yield from folds

    def __repr__(self):
        return (
            f"PanelTimeSeriesSplit(n_splits={self.n_splits}, test_size="
            f"{self.test_size}, gap={self.gap}, cut={self.cut!r}, "
            f"max_train_size={self.max_train_size})"
        )


def _places(series, time):
    """Each row's place in its series (``series``, integer codes), counted
    from 0 in time order (``time``, ranks), whatever the order of the rows."""
    in_time = np.lexsort((time, series))
    counts = np.bincount(series)
    place = np.empty(len(series), dtype=np.intp)
    starts = np.cumsum(counts) - counts  # each series' first row in time order
    place[in_time] = np.arange(len(series)) - np.repeat(starts, counts)
    return place
