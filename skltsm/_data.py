"""Batches gathered from the windows step by step, never all at once.

Keras turns numpy input into a ``tf.data`` pipeline of its own, which copies the
whole ``(n, window, channels)`` array into a tensor and makes a new iterator
every epoch (tens of milliseconds: more than an epoch of a small series takes).
Here the windows that ``make_supervised`` returns are recognised as a strided
view of a series, only that series is copied (``n + window - 1`` rows), and each
batch gathers its windows from it by index. One repeated pipeline serves every
epoch of training; ``steps_per_epoch`` marks the epochs. Prediction streams the
same way, in batches of one shape.
"""

import math

import numpy as np
import tensorflow as tf

from ._views import series_of

__all__ = ["as_float32", "predict_dataset", "window_dataset"]

_FLOAT32_MAX = float(np.finfo(np.float32).max)


def as_float32(values, name="X"):
    """``values`` as float32, the precision the networks compute in.

    Raises a ``ValueError`` for values beyond float32's range, which would
    become infinite (and the predictions NaN) without a word.
    """
    values = np.asarray(values)
    if values.dtype != np.float32 and values.size:
        largest = max(abs(float(values.max())), abs(float(values.min())))
        if largest > _FLOAT32_MAX:
            raise ValueError(
                f"{name} holds values up to {largest:.3g} in magnitude, beyond "
                f"float32's range ({_FLOAT32_MAX:.3g}), in which the network "
                "computes. Rescale the inputs first, e.g. with a SequenceScaler "
                "or a log transform."
            )
    return values.astype(np.float32, copy=False)


def _gatherer(X):
    """A function from row indices to their windows, as float32 tensors.

    Only the series behind a strided view is copied into a tensor; other
    windows are copied as they are.
    """
    series = series_of(X)
    if series is None:
        source = tf.constant(as_float32(X), dtype=tf.float32)
        return lambda rows: tf.gather(source, rows)
    source = tf.constant(as_float32(series), dtype=tf.float32)
    offsets = tf.range(X.shape[1], dtype=tf.int64)
    return lambda rows: tf.gather(source, rows[:, None] + offsets[None, :])


def window_dataset(X, y, sample_weight=None, *, batch_size, shuffle, seed=None):
    """A repeated ``tf.data`` pipeline of ``(windows, targets[, weights])``.

    Parameters
    ----------
    X : ndarray of shape (n_samples, window, n_channels)
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
    n_samples = len(X)
    batch_size = min(int(batch_size), n_samples)
    windows = _gatherer(X)
    columns = [tf.constant(np.asarray(y), dtype=tf.float32)]
    if sample_weight is not None:
        columns.append(tf.constant(np.asarray(sample_weight), dtype=tf.float32))

    def gather(rows):
        return (windows(rows), *(tf.gather(column, rows) for column in columns))

    if shuffle and seed is None:
        seed = np.random.default_rng().integers(2**31)

    def epoch(number):
        # the epoch's order as one tensor: a shuffle buffer would hold a
        # scalar tensor per sample (hundreds of bytes each, GBs for millions)
        order = tf.range(n_samples, dtype=tf.int64)
        if shuffle:
            order = tf.random.experimental.stateless_shuffle(
                order, seed=tf.stack([tf.constant(seed, tf.int64), number])
            )
        starts = tf.data.Dataset.range(0, n_samples, batch_size)
        return starts.map(lambda start: order[start : start + batch_size])

    dataset = (
        tf.data.Dataset.counter()
        .flat_map(epoch)
        .map(gather, num_parallel_calls=2, deterministic=True)
        .prefetch(2)
    )
    return dataset, math.ceil(n_samples / batch_size)


def predict_dataset(X, *, batch_size):
    """A ``tf.data`` pipeline of the windows, in order, in batches of one shape.

    The last batch is padded with copies of the last window, so that every
    batch has ``batch_size`` rows: a row's prediction then does not depend on
    how many rows come with it, and Keras traces the network once.

    Parameters
    ----------
    X : ndarray of shape (n_samples, window, n_channels)
        The windows; a strided view of a series is never materialised.
    batch_size : int
        The number of windows per batch.

    Returns
    -------
    dataset : tf.data.Dataset
        ``ceil(n_samples / batch_size)`` batches; drop the padding rows from
        the predictions with ``[:n_samples]``.
    """
    windows = _gatherer(X)
    last = len(X) - 1
    offsets = tf.range(batch_size, dtype=tf.int64)

    def gather(first):
        return windows(tf.minimum(first + offsets, last))

    return (
        tf.data.Dataset.range(0, len(X), batch_size)
        .map(gather, num_parallel_calls=2, deterministic=True)
        .prefetch(2)
    )
