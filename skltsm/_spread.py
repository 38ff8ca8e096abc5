"""The spread of a series or of windows, in one formula each: the mean
absolute change over a season, and the test of a scale too small to divide by.

``window_spread``, the window norm's ``window_scale="spread"`` and
``SeriesScaler`` measure a size by ``mean_change``; MASE's scale,
``SeriesScaler``'s and the scalers' are judged by ``no_spread`` (and replaced
by ``nonzero_scale``) as scikit-learn's scalers judge theirs.
"""

import numpy as np

__all__ = ["mean_change", "no_spread", "nonzero_scale"]


def mean_change(windows, lag, xp=np):
    """Each window's mean absolute change ``lag`` steps apart, along axis 1
    (time): shape ``(n_windows,)`` for 2-D windows, ``(n_windows,
    n_channels)`` for 3-D ones. NumPy arrays, or Keras tensors with
    ``xp=keras.ops``: the one formula of ``window_spread``, of the window
    norm's ``window_scale="spread"`` and of ``SeriesScaler``."""
    return xp.mean(xp.abs(windows[:, lag:] - windows[:, :-lag]), axis=1)


def no_spread(scale, values=None):
    """Where the scales ``scale`` are zero (or denormal), as scikit-learn's
    scalers tell them: an array of booleans, one for each.

    With ``values`` (of shape (n, n_channels), those the scales measure),
    the same bound is relative to each channel's largest value: a constant's
    rounding error is no spread to divide by, and a small spread above it
    is one, in whatever units.
    """
    scale = np.array(scale, dtype=float, ndmin=1)
    size = 1.0 if values is None else np.abs(values).max(axis=0)
    return scale <= 10 * np.finfo(float).eps * size


def nonzero_scale(scale, values=None):
    """Replace the scales ``scale`` of no spread (``no_spread``, relative to
    ``values`` where given) by 1, as scikit-learn's scalers do."""
    scale = np.array(scale, dtype=float, ndmin=1)
    scale[no_spread(scale, values)] = 1.0
    return scale
