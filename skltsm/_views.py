"""Windows as views of a series, and the series behind a stack of windows.

Every stack of windows that skltsm makes is a read-only strided view of its
series: row ``i`` is ``series[i : i + window]``. These two functions go from a
series to its windows and back, without copying either.
"""

from numpy.lib.stride_tricks import as_strided, sliding_window_view

__all__ = ["series_of", "windows_of"]


def windows_of(series, window):
    """Every window of ``window`` rows of a 2-D series, as a read-only view.

    Returns an array of shape (n_rows - window + 1, window, n_channels) whose
    row ``i`` is ``series[i : i + window]``; nothing is copied.
    """
    return sliding_window_view(series, window, axis=0).transpose(0, 2, 1)


def series_of(X):
    """The series that windows ``X`` view, or ``None`` if they view none.

    ``X`` of shape (n_samples, window, n_channels) views a series when
    ``X[i, j]`` is row ``i + j`` of it: stepping one sample moves as far in
    memory as stepping one time step (what ``windows_of`` returns, and any crop
    of its steps). The series, of ``n_samples + window - 1`` rows, is then
    rebuilt without a copy from the memory that ``X`` already covers.
    """
    n, window, channels = X.shape
    if window > 1 and X.strides[0] != X.strides[1]:
        return None
    return as_strided(
        X,
        shape=(n + window - 1, channels),
        strides=(X.strides[0], X.strides[2]),
        writeable=False,
    )
