"""Training batches gathered from the windows step by step, never all at once.

Keras turns numpy input into a ``tf.data`` pipeline of its own, which copies the
whole ``(n, window, channels)`` array into a tensor and makes a new iterator
every epoch (tens of milliseconds: more than an epoch of a small series takes).
Here the windows that ``make_supervised`` returns are recognised as a strided
view of a series, only that series is copied (``n + window - 1`` rows), and each
batch gathers its windows from it by index. One repeated pipeline serves every
epoch; ``steps_per_epoch`` marks the epochs.
"""

import math

import numpy as np
import tensorflow as tf
from numpy.lib.stride_tricks import as_strided

__all__ = ["window_dataset"]


def _series_of(X):
    """The series that ``X`` views as overlapping windows, or ``None``.

    ``X[i, j]`` is row ``i + j`` of a series exactly when stepping one sample
    moves as far in memory as stepping one time step; that series is then
    rebuilt without a copy from the memory that ``X`` already covers.
    """
    n, window, channels = X.shape
    if window > 1 and X.strides[0] != X.strides[1]:
        return None
    return as_strided(
        X, shape=(n + window - 1, channels), strides=(X.strides[0], X.strides[2])
    )


def window_dataset(X, y, sample_weight=None, *, batch_size, shuffle, seed=None):
    """A repeated ``tf.data`` pipeline of ``(windows, targets[, weights])``.

    Parameters
    ----------
    X : ndarray of shape (n_samples, window) or (n_samples, window, n_channels)
        The windows; a strided view of a series is never materialised.
    y : ndarray of shape (n_samples, n_outputs)
        The targets.
    sample_weight : ndarray of shape (n_samples,), default=None
        The weights of the samples in the loss.
    batch_size : int
        The number of samples per batch; the last batch of an epoch is smaller.
    shuffle : bool
        Whether to visit the samples in a new random order each epoch.
    seed : int, default=None
        The seed of that order.

    Returns
    -------
    dataset : tf.data.Dataset
        Batches without end, epoch after epoch.
    steps_per_epoch : int
        The number of batches in one pass over the samples.
    """
    if X.ndim == 2:  # univariate windows
        X = X[:, :, np.newaxis]
    n_samples, window, _ = X.shape
    batch_size = min(int(batch_size), n_samples)
    series = _series_of(X)
    if series is None:
        source = tf.constant(X, dtype=tf.float32)

        def windows(rows):
            return tf.gather(source, rows)
    else:
        source = tf.constant(series, dtype=tf.float32)
        offsets = tf.range(window, dtype=tf.int64)

        def windows(rows):
            return tf.gather(source, rows[:, None] + offsets[None, :])

    columns = [tf.constant(np.asarray(y), dtype=tf.float32)]
    if sample_weight is not None:
        columns.append(tf.constant(np.asarray(sample_weight), dtype=tf.float32))

    def gather(rows):
        return (windows(rows), *(tf.gather(column, rows) for column in columns))

    rows = tf.data.Dataset.range(n_samples)
    if shuffle:
        rows = rows.shuffle(n_samples, seed=seed, reshuffle_each_iteration=True)
    dataset = (
        rows.batch(batch_size)
        .repeat()
        .map(gather, num_parallel_calls=tf.data.AUTOTUNE, deterministic=True)
        .prefetch(tf.data.AUTOTUNE)
    )
    return dataset, math.ceil(n_samples / batch_size)
