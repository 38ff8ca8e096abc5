"""Batches gathered from the windows step by step, on every Keras backend.

Keras turns numpy input into batches of its own: it copies the whole
``(n, window, channels)`` array and, on TensorFlow, makes a new ``tf.data``
iterator every epoch (tens of milliseconds: more than an epoch of a small
series takes). Here the windows that ``make_supervised`` returns are recognised
as a strided view of a series, only that series is copied (``n + window - 1``
rows, as float32), and each batch gathers its windows from it by index, in
numpy: a ``keras.utils.PyDataset``, which every backend reads (TensorFlow
through ``tf.data``, JAX and PyTorch directly).

Every batch has the same shape, so each backend compiles (traces) the step
once: the rows that do not fill the last batch of an epoch are completed by
repeating its last row with a weight of zero, and the real rows of that batch
are weighted so that its loss is the mean loss of its real rows, as in a
smaller batch (the gradient is the same). Training visits the rows in a seeded
order per epoch, epoch after epoch without a new iterator: ``steps_per_epoch``
marks the epochs.
"""

import math

import keras
import numpy as np

from ._views import series_of

__all__ = ["WindowBatches", "as_float32"]

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


class _Gatherer:
    """Windows by row index, from the series that ``X`` views (or from ``X``)."""

    def __init__(self, X):
        series = series_of(X)
        if series is None:
            self._source, self._offsets = as_float32(X), None
        else:
            self._source = np.ascontiguousarray(as_float32(series))
            self._offsets = np.arange(X.shape[1])

    def __call__(self, rows):
        if self._offsets is None:
            return self._source[rows]
        return self._source[rows[:, np.newaxis] + self._offsets]


class WindowBatches(keras.utils.PyDataset):
    """Batches of ``(windows[, targets[, weights]])``, gathered per step.

    Parameters
    ----------
    X : ndarray of shape (n_samples, window, n_channels)
        The windows; a strided view of a series is never materialised.
    y : ndarray of shape (n_samples, n_outputs), default=None
        The targets; ``None`` for prediction.
    sample_weight : ndarray of shape (n_samples,), default=None
        The weights of the samples in the loss.
    batch_size : int
        The rows of every batch (the last one of an epoch is padded).
    shuffle : bool, default=False
        Visit the rows in a new order each epoch.
    seed : int, default=None
        The seed of those orders; ``None`` draws one.
    repeat : bool, default=True
        Serve epoch after epoch without end (training and validation, with
        ``steps_per_epoch`` or ``validation_steps``); ``False`` serves one
        epoch (prediction).

    Attributes
    ----------
    steps : int
        The number of batches in one pass over the rows.
    """

    def __init__(
        self,
        X,
        y=None,
        sample_weight=None,
        *,
        batch_size,
        shuffle=False,
        seed=None,
        repeat=True,
    ):
        super().__init__()
        self._windows = _Gatherer(X)
        self._n_samples = len(X)
        self._batch_size = int(batch_size)
        self.steps = math.ceil(self._n_samples / self._batch_size)
        self._y = None if y is None else np.asarray(y, dtype=np.float32)
        # weights always, ones if none are given: the batches of every fit then
        # have one structure, and one compiled step serves them all
        self._weights = None
        if self._y is not None:
            self._weights = (
                np.ones(self._n_samples, np.float32)
                if sample_weight is None
                else np.asarray(sample_weight, dtype=np.float32)
            )
        self._shuffle = shuffle
        if shuffle and seed is None:
            seed = int(np.random.default_rng().integers(2**31))
        self._seed = seed
        self._repeat = repeat
        self._epoch, self._order = None, None

    def release(self):
        """Drop the arrays this holds. Keras keeps a reference to the last
        dataset a model was fitted on; without this, a fit on a long series
        would keep its targets, weights and row order alive."""
        self._windows = self._y = self._weights = self._order = None
        self._epoch = None

    @property
    def num_batches(self):
        return None if self._repeat else self.steps

    def _rows(self, epoch):
        if epoch != self._epoch:
            self._epoch = epoch
            self._order = (
                np.random.default_rng([self._seed, epoch]).permutation(self._n_samples)
                if self._shuffle
                else np.arange(self._n_samples)
            )
        return self._order

    def __getitem__(self, index):
        epoch, step = divmod(index, self.steps)
        rows = self._rows(epoch)[
            step * self._batch_size : (step + 1) * self._batch_size
        ]
        n_real = len(rows)
        if n_real < self._batch_size:  # one shape for every batch
            rows = np.concatenate(
                [rows, np.repeat(rows[-1:], self._batch_size - n_real)]
            )
        windows = self._windows(rows)
        if self._y is None:
            return (windows,)
        weights = self._weights[rows]
        if n_real < self._batch_size:
            # the loss divides by the batch size: the real rows count as many
            weights = weights * np.float32(self._batch_size / n_real)
            weights[n_real:] = 0
        if self._y.ndim == 3:  # one loss per ensemble member: (batch, members)
            weights = weights[:, np.newaxis]
        return windows, self._y[rows], weights
