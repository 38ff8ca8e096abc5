"""Batches gathered from the windows step by step, on every Keras backend.

Keras turns numpy input into batches of its own: it copies the whole
``(n, window, channels)`` array and, on TensorFlow, makes a new ``tf.data``
iterator every epoch (tens of milliseconds: more than an epoch of a small
series takes). Here the windows that ``make_supervised`` returns are recognised
as a strided view of a series, only that series is copied (``n + window - 1``
rows, in the network's float type: float32 unless Keras' policy is
float64), and each batch gathers its windows from it by index, in
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

__all__ = ["WindowBatches", "as_network_floats", "network_dtype"]


def network_dtype(model):
    """The float type that ``model`` reads its windows in: that of its input,
    :func:`~skltsm._layers.full_precision` when it was built (float32 unless
    Keras' policy is float64)."""
    return np.dtype(keras.backend.standardize_dtype(model.inputs[0].dtype))


def as_network_floats(values, dtype=np.float32, name="X"):
    """``values`` in ``dtype``, the float type the network computes in
    (:func:`network_dtype`).

    Raises a ``ValueError`` for values beyond its range (float32's), which
    would become infinite (and the predictions NaN) without a word.
    """
    dtype = np.dtype(dtype)
    values = np.asarray(values)
    if values.dtype != dtype and values.size:
        largest = max(abs(float(values.max())), abs(float(values.min())))
        top = float(np.finfo(dtype).max)
        if largest > top:
            raise ValueError(
                f"{name} holds values up to {largest:.3g} in magnitude, beyond "
                f"{dtype}'s range ({top:.3g}), in which the network computes. "
                "Rescale the inputs first, e.g. with a SequenceScaler or a log "
                "transform."
            )
    return values.astype(dtype, copy=False)


class _Gatherer:
    """Windows by row index, from the series that ``X`` views (or from
    ``X``), in ``dtype``."""

    def __init__(self, X, dtype):
        series = series_of(X)
        if series is None:
            self._source, self._offsets = as_network_floats(X, dtype), None
        else:
            self._source = np.ascontiguousarray(as_network_floats(series, dtype))
            self._offsets = np.arange(X.shape[1])

    @property
    def shape(self):
        """The shape of one window."""
        if self._offsets is None:
            return self._source.shape[1:]
        return (len(self._offsets), *self._source.shape[1:])

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
    members : int, default=1
        The members of an ensemble model to train (with ``y``): each step
        then serves one batch per member, each member's rows in an order of
        its own, stacked member by member (``members · batch_size`` rows,
        which :class:`MemberRows` splits again), with weights ``(members ·
        batch_size, members · outputs_per_member)``: a member's own rows
        weigh in its own columns only, ``members²`` times, so that each
        member's loss is its own fit's and the ensemble's is their sum (its
        mean is what the history reports, see ``_RowMeanLogs``).
    outputs_per_member : int, default=1
        The columns of one member's output (its quantile levels).
    running : collection of int, default=None
        The members still training (see
        :func:`~skltsm._models.running_members`): a stopped member's block is
        zeros with zero weights, its rows are not gathered. ``None``: every
        member.
    first_epoch : int, default=0
        The epoch of the first batch served: a fit that goes on from epoch
        ``e`` reads the rows in the orders that one fit would from there.
    evaluate : bool, default=False
        Rows to evaluate (the validation rows), not to train on: Keras
        takes the mean of the batches' losses, a padded last batch counting
        as a full one, so every row's weight is scaled alike (by ``steps ·
        batch_size / n_samples``) in place of the last batch's alone: that
        mean is then the mean loss of the rows.
    dtype : dtype, default=np.float32
        The float type of the windows, targets and weights served: the
        network's (:func:`network_dtype`).

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
        members=1,
        outputs_per_member=1,
        running=None,
        first_epoch=0,
        evaluate=False,
        dtype=np.float32,
    ):
        super().__init__()
        self._dtype = np.dtype(dtype)
        self._windows = _Gatherer(X, self._dtype)
        self._n_samples = len(X)
        self._batch_size = int(batch_size)
        self.steps = math.ceil(self._n_samples / self._batch_size)
        self._y = None if y is None else np.asarray(y, dtype=self._dtype)
        # weights always, ones if none are given: the batches of every fit then
        # have one structure, and one compiled step serves them all
        self._weights = None
        if self._y is not None:
            self._weights = (
                np.ones(self._n_samples, self._dtype)
                if sample_weight is None
                else np.asarray(sample_weight, dtype=self._dtype)
            )
            if evaluate:
                self._weights = self._weights * self._dtype.type(
                    self.steps * self._batch_size / self._n_samples
                )
        self._evaluate = evaluate
        self._shuffle = shuffle
        if shuffle and seed is None:
            seed = int(np.random.default_rng().integers(2**31))
        self._seed = seed
        self._repeat = repeat
        self._members = int(members) if self._y is not None else 1
        self._outputs_per_member = int(outputs_per_member)
        self._running = range(self._members) if running is None else set(running)
        self._first_epoch = int(first_epoch)
        self._epoch, self._orders = None, None

    def release(self):
        """Drop the arrays this holds. Keras keeps a reference to the last
        dataset a model was fitted on; without this, a fit on a long series
        would keep its targets, weights and row order alive."""
        self._windows = self._y = self._weights = self._orders = None
        self._epoch = None

    @property
    def num_batches(self):
        return None if self._repeat else self.steps

    def _rows(self, epoch, member=0):
        if epoch != self._epoch:
            self._epoch = epoch
            # member 0's seed sequence ``[seed, epoch, 0]`` is numpy's
            # ``[seed, epoch]``: one member reads the rows as a network alone
            self._orders = [
                np.random.default_rng([self._seed, epoch, k]).permutation(
                    self._n_samples
                )
                if self._shuffle
                else np.arange(self._n_samples)
                for k in range(self._members)
            ]
        return self._orders[member]

    def _batch(self, epoch, step, member=0):
        """The rows of one batch, completed to ``batch_size`` by repeating its
        last row, and their weights (zero for the repeats)."""
        size = self._batch_size
        rows = self._rows(epoch, member)[step * size : (step + 1) * size]
        n_real = len(rows)
        if n_real < size:  # one shape for every batch
            rows = np.concatenate([rows, np.repeat(rows[-1:], size - n_real)])
        if self._y is None:
            return rows, None
        weights = self._weights[rows]
        if n_real < size:
            # the loss divides by the batch size: the real rows count as many
            # (rows to evaluate are all scaled alike instead, see ``evaluate``)
            if not self._evaluate:
                weights = weights * self._dtype.type(size / n_real)
            weights[n_real:] = 0
        return rows, weights

    def __getitem__(self, index):
        epoch, step = divmod(index, self.steps)
        epoch += self._first_epoch
        if self._members > 1:
            return self._member_batches(epoch, step)
        rows, weights = self._batch(epoch, step)
        windows = self._windows(rows)
        if self._y is None:
            return (windows,)
        if self._y.ndim == 3:  # one loss per quantile level: (batch, levels)
            weights = weights[:, np.newaxis]
        return windows, self._y[rows], weights

    def _member_batches(self, epoch, step):
        """One batch per member, stacked member by member, with the weights
        of member ``k``'s outputs on its own block (its column, or its levels'
        columns) and zero elsewhere: each member learns from its own rows
        (see :class:`MemberRows`), with the steps of its own fit."""
        members, per, size = self._members, self._outputs_per_member, self._batch_size
        dtype = self._dtype
        windows = np.zeros((members * size, *self._windows.shape), dtype)
        targets = np.zeros((members * size, *self._y.shape[1:]), dtype)
        weights = np.zeros((members * size, members * per), dtype)
        for k in self._running:  # a stopped member's block: zeros, weight 0
            rows, own = self._batch(epoch, step, k)
            block = slice(k * size, (k + 1) * size)
            windows[block], targets[block] = self._windows(rows), self._y[rows]
            # the loss averages over every row and column, ``members² · size
            # · per`` of them; a member's own count ``members²`` times, so
            # that its share of the loss, and of the gradient, is its own
            # fit's: the ensemble's loss is the sum of its members'
            weights[block, k * per : (k + 1) * per] = own[:, np.newaxis] * members**2
        return windows, targets, weights
