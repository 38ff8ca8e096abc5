"""The training and prediction loops of the networks.

``fit_network`` trains a compiled Keras model on windows: the batch size, the
time-ordered validation split with its gap, early stopping with the best
weights restored (each member's own, in an ensemble), the seeded order of
the batches. ``predict_network`` streams
windows through it in batches of one shape. Both take their batches from
``_data.py``, which gathers them from the series the windows view, for every
Keras backend.
"""

import contextlib
import logging
import math
import warnings

import keras
import numpy as np

from ._check_context import user_stacklevel
from ._data import WindowBatches, as_network_floats, network_dtype
from ._layers import SPREAD_FLOOR
from ._models import running_members
from ._quantiles import PinballLoss
from ._spread import mean_change
from ._steps import share_steps, using

__all__ = [
    "PREDICT_BATCH_SIZE",
    "auto_batch_size",
    "fit_network",
    "loss_power",
    "predict_network",
    "spread_weights",
]

# Rows per prediction batch, unless ``predict__batch_size`` says otherwise.
PREDICT_BATCH_SIZE = 256
# The most validation rows evaluated in one batch.
VALIDATION_BATCH = 4096


def auto_batch_size(n_samples):
    """The rows per step that ``batch_size="auto"`` gives for ``n_samples``."""
    steps = 32  # the fewest steps an epoch should have, where the data allow
    return int(min(128, max(16, 2 ** math.floor(math.log2(max(n_samples / steps, 1))))))


class _NoRetracingNotice(logging.Filter):
    """Drop TensorFlow's "triggered tf.function retracing" notice: each fitted
    network traces its own functions once, which a search over many networks
    makes TensorFlow mistake for retracing."""

    def filter(self, record):
        return "triggered tf.function retracing" not in record.getMessage()


@contextlib.contextmanager
def _quiet_retracing():
    """Silence the retracing notice during one of skltsm's fits or predictions,
    and only then."""
    logger = logging.getLogger("tensorflow")
    notice = _NoRetracingNotice()
    logger.addFilter(notice)
    try:
        yield
    finally:
        logger.removeFilter(notice)


class _RowMeanLogs(keras.callbacks.Callback):
    """An epoch's training loss and metrics as means over its rows.

    The last batch of an epoch is padded to the batch size, its ``real``
    rows weighted up so that its step averages them (see ``WindowBatches``).
    Keras then averages the batches' values by their shape, so those rows
    counted as a full batch in the epoch's figures (1.24 for a mean loss of
    0.76 on 52 rows in batches of 16), where plain Keras counts each batch by
    its rows. From the running means before and after the last batch, this
    puts the last batch back to its rows: the loss is then the rows'
    (weighted) mean, as plain Keras reports it. A metric's running mean
    weighs each batch by its rows' weights, alike only where the rows weigh
    alike (``metrics``): it is corrected then, and left as Keras counts it
    otherwise. Put first among the callbacks, so that those after it (early
    stopping, the history, the caller's) read the corrected values; Keras'
    progress bar shows its own. (A ``steps_per_execution`` above 1, which
    would report the means once per execution, is refused at fit.)

    The loss of an ensemble of ``members`` is the sum of its members'
    losses (each member's steps are those of its own fit, see
    ``WindowBatches``): it is reported as their mean, at each batch and at
    the end of the epoch, for every callback after this one.
    """

    def __init__(self, steps, batch_size, n_rows, metrics=True, members=1):
        super().__init__()
        self.steps, self.size = steps, batch_size
        self.real, self.n_rows = n_rows - (steps - 1) * batch_size, n_rows
        self.metrics, self.before = metrics, None
        self.members = members

    def _members_mean(self, logs):
        """The members' mean loss in place of their sum, in ``logs``."""
        if self.members > 1 and logs is not None and "loss" in logs:
            logs["loss"] = float(logs["loss"]) / self.members

    def on_epoch_begin(self, epoch, logs=None):
        self.before = None

    def on_train_batch_end(self, batch, logs=None):
        self._members_mean(logs)
        if batch == self.steps - 2:  # the running means before the last batch
            self.before = dict(logs or {})

    def on_epoch_end(self, epoch, logs=None):
        self._members_mean(logs)
        if logs is None or self.before is None or self.real == self.size:
            return
        full = self.steps - 1
        for key, value in list(logs.items()):
            if key not in self.before or not (key == "loss" or self.metrics):
                continue  # validation figures, added keys; weighted metrics
            before = float(self.before[key])
            last = self.steps * float(value) - full * before
            logs[key] = (full * self.size * before + self.real * last) / self.n_rows


class _MemberEarlyStopping(keras.callbacks.Callback):
    """Early stopping for each member of an ensemble on its own.

    Each epoch, every member's loss on the validation rows (``val_loss_m{k}``
    in the history, and their mean ``val_loss``) is measured from one
    prediction of them, in place of Keras' evaluation of the validation
    rows: the data loss, plus the penalty on the member's outputs
    (``output_penalty``) with the weight it has in the member's own fit, as
    Keras' evaluation of a network fitted alone counts it. Each member stops as its own
    fit would (Keras' ``EarlyStopping``): after ``patience`` epochs without a
    better loss it keeps the weights of its best epoch so far, and its later
    epochs no longer count (the model trains on while another member
    improves). Training ends once every member has stopped.

    With ``pause=True``, once members have stopped and leaving them out
    would save more than ``PAUSE_STEPS`` (see :meth:`_saves`), it also ends
    the fit early with ``paused`` set: the caller fits on from the next
    epoch a model of the running members alone (see :func:`_running_model`);
    the state carries over, and the best weights are restored at the end of
    the last fit. The choice depends on the data and the settings alone, not
    on the clock: a fit gives the same forecasts whenever it runs.
    """

    def __init__(
        self, validation, n_members, loss, patience, pause=False, dtype=np.float32
    ):
        super().__init__()
        self.pause, self.paused = pause, False
        # the optimizer's state of each member's weights when it stopped, and
        # the member's other variables then (its dropout's random states)
        self.stopped_state, self.stopped_variables = {}, []
        self.X, self.y, weights = validation
        self.batch = (  # in the network's float type (``dtype``)
            as_network_floats(self.X, dtype)
            if len(self.X) <= VALIDATION_BATCH
            else None
        )
        # no row weighs: every row alike, not a division by zero
        self.weights = weights if weights is not None and np.any(weights) else None
        self.n_members, self.patience = n_members, patience
        if isinstance(loss, PinballLoss):  # one member's levels at a time
            loss = PinballLoss(loss.levels)
        # the loss of each row and output, unreduced
        self.loss = (
            loss.call if isinstance(loss, keras.losses.Loss) else keras.losses.get(loss)
        )
        self.penalties = None  # made from the whole model at the first epoch

    def on_train_begin(self, logs=None):
        if self.paused:  # the fit goes on with the running members alone
            self.paused = False
            self.left_out[:] = self.wait >= self.patience
            return
        self.left_out = np.zeros(self.n_members, dtype=bool)
        self.member_layers = [  # each member's layers with weights
            [
                layer
                for layer in self.model.layers
                if layer.name.startswith(f"m{k}_") and layer.weights
            ]
            for k in range(self.n_members)
        ]
        self.best = np.full(self.n_members, np.inf)
        self.stopped_state.clear()
        self.stopped_variables.clear()
        self.wait = np.zeros(self.n_members, dtype=int)
        self.best_weights = [None] * self.n_members

    def _losses(self):
        if self.batch is None:  # many rows: streamed
            outputs = predict_network(self.model, self.X)
        else:  # one batch, as Keras would evaluate them, inside fit's steps
            outputs = keras.ops.convert_to_numpy(
                self.model.predict_on_batch(self.batch)
            )
        members = outputs.reshape(len(outputs), self.n_members, -1, outputs.shape[-1])
        losses = []
        for k in range(self.n_members):
            rows = keras.ops.convert_to_numpy(self.loss(self.y, members[:, k]))
            rows = rows.reshape(len(rows), -1).mean(axis=1)
            if self.weights is not None:  # as Keras weighs them: sum(w l) / n
                rows = rows * self.weights
            losses.append(rows.mean())
        return np.asarray(losses) + self._penalties()

    def _penalties(self):
        """Each member's penalty on its outputs over the validation rows
        (its output layer's activity regulariser, of weight
        ``output_penalty``, as alone), per row. The members' outputs come
        from one prediction of a model that stacks them (made at the first
        epoch, sharing the model's layers)."""
        if self.penalties is None:
            layers = [
                self.model.get_layer(f"m{k}_output") for k in range(self.n_members)
            ]
            regularizers = [layer.activity_regularizer for layer in layers]
            self.penalties = (
                None
                if any(r is None for r in regularizers)
                else keras.Model(
                    self.model.inputs,
                    keras.ops.stack([layer.output for layer in layers], axis=1),
                ),
                regularizers,
            )
        network, regularizers = self.penalties
        if network is None:  # no penalty (the members are built alike)
            return np.zeros(self.n_members)
        if self.batch is None:
            outputs = predict_network(network, self.X)
        else:
            outputs = keras.ops.convert_to_numpy(network.predict_on_batch(self.batch))
        return np.asarray(
            [
                float(penalty(keras.ops.convert_to_tensor(outputs[:, k]))) / len(self.X)
                for k, penalty in enumerate(regularizers)
            ]
        )

    def on_epoch_end(self, epoch, logs=None):
        losses = self._losses()
        losses[self.left_out] = np.nan  # their outputs are zeros: not measured
        if logs is not None:  # in the history, after this callback
            logs["val_loss"] = float(np.nanmean(losses))
            logs.update(
                {f"val_loss_m{k}": float(value) for k, value in enumerate(losses)}
            )
        running = self.wait < self.patience  # the members not stopped yet
        better = running & (losses < self.best)
        self.wait = np.where(better, 0, self.wait + running)
        for k in np.flatnonzero(running & (self.wait >= self.patience)):
            # a member's state as its own fit would end with it, whether or
            # not it computes on (see ``restore_stopped``)
            for name, variable in _state(self.model.optimizer, k).items():
                self.stopped_state[name] = keras.ops.convert_to_numpy(variable)
            self.stopped_variables += [
                (variable, keras.ops.convert_to_numpy(variable))
                for layer in self.model.layers
                if layer.name.startswith(f"m{k}_")
                for variable in layer.non_trainable_variables
            ]
        for k in np.flatnonzero(better):
            self.best[k] = losses[k]
            self.best_weights[k] = [
                layer.get_weights() for layer in self.member_layers[k]
            ]
        if (self.wait >= self.patience).all():
            self.model.stop_training = True
        elif self.pause and self._saves(epoch) > PAUSE_STEPS:
            self.model.stop_training = self.paused = True

    def _saves(self, epoch):
        """What leaving the stopped members out would save at the least, in
        steps of their recurrences: their training steps of an epoch times
        the window's length, over the epochs that the running members have
        to go (``patience`` since each one's best)."""
        to_go = min(
            (self.patience - self.wait[self.running]).max(),
            self.params["epochs"] - epoch - 1,
        )
        # stopped since the step was last narrowed
        stopped = self.n_members - self.left_out.sum() - len(self.running)
        return stopped * self.params["steps"] * self.X.shape[1] * to_go

    @property
    def running(self):
        """The members not stopped yet."""
        return np.flatnonzero(self.wait < self.patience)

    def restore_stopped(self, optimizer):
        """Put each stopped member's optimizer state (in ``optimizer``) and
        other variables back as they were when it stopped: the same whether
        it computed on until the end or was left out after a pause."""
        _copy_state(self.stopped_state, optimizer)
        for variable, value in self.stopped_variables:
            variable.assign(value)

    def on_train_end(self, logs=None):
        if self.paused:
            return
        for k, weights in enumerate(self.best_weights):
            if weights is not None:
                for layer, values in zip(self.member_layers[k], weights, strict=True):
                    layer.set_weights(values)


# What compiling the step of an ensemble with fewer members is taken to cost,
# in steps of a member's recurrences (see ``_MemberEarlyStopping._saves``):
# leaving stopped members out must save more. On us_employment's panel with
# JAX on 2 cores, a member's epoch (150 batches of windows of 36 months, 5 400
# such steps) trains in about 0.4 s and a new step compiles in about 1 s: this
# is about 4 s of training. A count, not a clock, so that whether a fit pauses
# does not depend on how busy the machine is.
PAUSE_STEPS = 50_000


# the power of the error in each loss that ``loss_power`` knows
_LOSS_POWERS = {
    2: ("mse", "MSE", "mean_squared_error", "MeanSquaredError"),
    1: ("mae", "MAE", "mean_absolute_error", "MeanAbsoluteError"),
}


def loss_power(loss, levels=None):
    """The power of a row's error in ``loss``: 2 for ``"mse"``, 1 for
    ``"mae"`` and for the pinball loss of quantile ``levels``; what
    ``window_scale="spread"`` raises the inverse of each window's size to,
    to weigh its row. A ``ValueError`` for a loss it does not know."""
    if levels is not None:
        return 1
    name = loss if isinstance(loss, str) else getattr(loss, "__name__", None)
    name = name or type(loss).__name__
    for power, names in _LOSS_POWERS.items():
        if name in names:
            return power
    raise ValueError(
        '`window_scale="spread"` weighs each row\'s loss by the inverse of '
        "the size of its window, to the power of the error in the loss: it "
        f'knows "mse" and "mae", not loss={loss!r}. Use one of them, or '
        '`window_scale="channel"`.'
    )


# rows of windows whose changes ``spread_weights`` holds at once
_SPREAD_ROWS = 4096


def spread_weights(target, lag, *, channel_scale, scale, power):
    """Each row's weight in units of its own window: ``(scale / size) **
    power``, ``size`` the mean absolute change ``lag`` steps apart of the
    row's ``target`` window (as the window norm measures it), at least
    ``SPREAD_FLOOR`` times the target channel's ``channel_scale``;
    ``scale`` the targets' scale, so that a row's loss is its error in units
    of its window's size whatever the targets' scaling. Warns where a
    window's size is under the floor."""
    # on the windows as they are (a view of the series), a block of rows at a
    # time: their changes, all at once, would be a copy of every window
    size = np.concatenate(
        [
            mean_change(target[start : start + _SPREAD_ROWS], lag)
            for start in range(0, len(target), _SPREAD_ROWS)
        ]
    ).astype(np.float64)
    floor = SPREAD_FLOOR * channel_scale
    if (size < floor).any():
        warnings.warn(
            f"{int((size < floor).sum())} of the {len(size)} training windows "
            f"barely change (by under {SPREAD_FLOOR:g} times the target's typical "
            'change over all rows): `window_scale="spread"` takes their size as '
            "that floor, and their errors in units of it weigh most in the loss. "
            "For series with flat stretches (intermittent ones), prefer "
            '`window_scale="channel"`.',
            UserWarning,
            stacklevel=user_stacklevel(),
        )
    return (scale / np.maximum(size, floor)) ** power


def validation_rows(n_rows, horizon, validation_fraction, groups=None, times=None):
    """The training and validation rows of early stopping: the last
    ``validation_fraction`` of the rows, after a gap of ``horizon - 1`` rows,
    so that no training target is a validation target (as
    ``TimeSeriesSplit(gap=H - 1)``). With ``groups`` (the series of each row
    of a panel), the last rows of every series are held out, each series
    after its own gap. Last in time where ``times`` (a rank of each row's
    time, see ``row_times``) says it, else in row order. Returns the two
    sets of rows (sorted). Refuses rows that leave none to train on; the
    regressors call it before building their network, ``_validation_split``
    to split."""
    groups = np.zeros(n_rows, dtype=int) if groups is None else np.asarray(groups)
    gap = horizon - 1
    # each row's place in its series (in time), in one pass over the rows (a
    # loop over the series would pass over every row once per series)
    _, code, counts = np.unique(groups, return_inverse=True, return_counts=True)
    order = (
        np.argsort(code, kind="stable") if times is None else np.lexsort((times, code))
    )
    position = np.empty(n_rows, dtype=np.intp)
    position[order] = np.arange(n_rows) - np.repeat(np.cumsum(counts) - counts, counts)
    length = counts[code]
    n_val = np.ceil(validation_fraction * counts).astype(np.intp)[code]
    train = np.flatnonzero(position < length - n_val - gap)
    val = np.flatnonzero(position >= length - n_val)
    if len(train) == 0:
        raise ValueError(
            f"early_stopping holds out the last {validation_fraction:.0%} of the "
            f"rows{' of every series' if len(counts) > 1 else ''} and a gap of {gap} "
            f"rows (horizon - 1) before them, leaving none to train on "
            f"(n_samples={n_rows}). Pass more rows, a smaller `validation_fraction`, "
            "or `early_stopping=False`."
        )
    return train, val


def _validation_split(
    X, y, sample_weight, validation_fraction, groups=None, times=None
):
    """The rows of :func:`validation_rows`: validation inputs may hold
    training targets, as they are the past at forecast time too."""
    train, val = validation_rows(
        len(X), y.shape[-1], validation_fraction, groups, times
    )
    if train[-1] == len(train) - 1 and val[0] == len(X) - len(val):
        # the first rows and the last ones (one series in time order):
        # slices, which keep a view
        train, val = slice(0, len(train)), slice(len(X) - len(val), None)
    weights = (
        (None, None)
        if sample_weight is None
        else (
            sample_weight[train],
            sample_weight[val],
        )
    )
    return (X[train], y[train], weights[0]), (X[val], y[val], weights[1])


def fit_network(
    model,
    X,
    y,
    sample_weight=None,
    *,
    epochs,
    initial_epoch=0,
    batch_size="auto",
    shuffle=True,
    seed=None,
    early_stopping=False,
    validation_fraction=0.1,
    n_iter_no_change=10,
    groups=None,
    times=None,
    n_members=1,
    callbacks=(),
    scales_windows=False,
    **fit_args,
):
    """Train a compiled Keras model on windows; return Keras' history.

    Parameters
    ----------
    model : keras.Model
        The compiled network.
    X : ndarray of shape (n_samples, window, n_channels)
        The windows, in time order; a view of a series is never materialised.
    y : ndarray of shape (n_samples, n_outputs)
        The (scaled) targets.
    sample_weight : ndarray of shape (n_samples,), default=None
        The weights of the rows in the loss.
    epochs, initial_epoch : int
        Train from epoch ``initial_epoch`` to ``initial_epoch + epochs``.
    batch_size : int, -1 or "auto", default="auto"
        Rows per step; -1 is every row.
    shuffle : bool, default=True
        Visit the training rows in a new order each epoch.
    seed : int, default=None
        The seed of that order.
    early_stopping : bool, default=False
        Hold out the last rows (see ``_validation_split``), stop after
        ``n_iter_no_change`` epochs without a better validation loss and
        restore the best weights.
    validation_fraction : float, default=0.1
    n_iter_no_change : int, default=10
    groups : ndarray of shape (n_samples,), default=None
        The series of each row, for a panel: early stopping then holds out the
        last rows of every series.
    times : ndarray of shape (n_samples,), default=None
        The rank of each row's time (``row_times``): early stopping then holds
        out the latest rows, whatever their order.
    n_members : int, default=1
        The members of an ensemble model (outputs ``(batch, members [·
        levels], steps)``, each member's layers named ``m{k}_…``): with
        early stopping, each member stops as its own fit would, after
        ``n_iter_no_change`` epochs without a better validation loss, with
        the weights of its best epoch; training ends when all have stopped.
        Where it pays (``PAUSE_STEPS``), the fit pauses after a stop and
        goes on with a model of the running members alone (see
        ``_running_model``), unless ``callbacks`` are given or the optimizer
        ties the members together (``_members_apart``). A stopped member's
        optimizer state and random states end as they were at its stop,
        either way; the forecasts are the same to the bit in the tests (to
        float rounding on JAX with the Holt-Winters norm, which XLA may
        compile differently in a narrower step).
    callbacks : sequence of keras callbacks, default=()
    scales_windows : bool, default=False
        Whether the network scales each window itself (a window norm): the
        advice of a diverged fit then leaves out scaling the inputs, which
        the norm does already (and a scaler before it would not change).
    **fit_args
        Passed to ``keras.Model.fit`` (``verbose``, ``class_weight``, …).

    Returns
    -------
    history : dict
        Keras' ``History.history``: a list of values per epoch and metric.
    """
    # Keras' own validation, refused before the fit (check_fit_arguments)
    # unless at its defaults
    for default in ("validation_split", "validation_data"):
        fit_args.pop(default, None)
    if batch_size in (None, "auto"):
        batch_size = auto_batch_size(len(X))
    batch_size = len(X) if batch_size == -1 else batch_size
    batch_size = min(int(batch_size), len(X))
    callbacks, stopping = list(callbacks), None
    dtype = network_dtype(model)  # of the windows, targets and weights
    if early_stopping:
        (X, y, sample_weight), validation = _validation_split(
            X, y, sample_weight, validation_fraction, groups, times
        )
        if n_members > 1:  # scores the validation rows itself, member by member
            # stopped members stop computing, unless callbacks of the caller's
            # would see the fit end and begin again, or the optimizer ties
            # the members together
            pause = not callbacks and _members_apart(model.optimizer)
            stopping = _MemberEarlyStopping(
                validation, n_members, model.loss, n_iter_no_change, pause, dtype
            )
            # first, as Keras' evaluation comes before every callback: the
            # caller's read the validation loss it puts in the logs
            callbacks.insert(0, stopping)
        else:
            n_val = len(validation[0])
            # the validation rows in one batch where they fit; their loss is
            # their mean loss either way, whatever the batch size of training
            val_batches = WindowBatches(
                *validation,
                batch_size=n_val if n_val <= VALIDATION_BATCH else batch_size,
                evaluate=True,
                dtype=dtype,
            )
            fit_args["validation_data"] = val_batches
            fit_args["validation_steps"] = val_batches.steps
            callbacks.append(
                keras.callbacks.EarlyStopping(
                    patience=n_iter_no_change, restore_best_weights=True
                )
            )
    batches = {
        "dtype": dtype,
        "batch_size": min(batch_size, len(X)),
        "shuffle": shuffle,
        "seed": seed,
        # each member of an ensemble reads batches of its own (MemberRows)
        "members": n_members,
        "outputs_per_member": (
            model.output_shape[1] // n_members if n_members > 1 else 1
        ),
    }
    # the optimizer's variables made now, as Keras makes them on JAX and under
    # a distribution strategy: TensorFlow otherwise makes them while tracing
    # the first step, and traces it twice (once to make them), which costs
    # about 0.4 s a fit of a small network and more for an ensemble
    if not model.optimizer.built:
        model.optimizer.build(model.trainable_variables)
    # the training rows' weights are alike: a metric's batches then weigh alike
    weighs_alike = sample_weight is None or np.ptp(np.asarray(sample_weight)) == 0
    history, epoch, end = {}, initial_epoch, initial_epoch + epochs
    network = model  # after a pause, the running members' model
    try:
        while True:
            whole = network is model
            train = WindowBatches(
                X,
                y,
                sample_weight,
                running=None if whole else stopping.running,
                # the orders of this epoch, not those of the first again:
                # partial_fit goes on from where the fit before stopped
                first_epoch=epoch,
                **batches,
            )
            row_means = _RowMeanLogs(
                train.steps,
                batches["batch_size"],
                len(X),
                metrics=weighs_alike,
                members=n_members,
            )
            # a model of the running members has steps of its own
            shared = share_steps(model) if whole else contextlib.nullcontext()
            try:
                with _quiet_retracing(), using(network), shared:
                    phase = network.fit(
                        train,
                        steps_per_epoch=train.steps,
                        shuffle=False,  # the pipeline shuffles
                        epochs=end,
                        initial_epoch=epoch,
                        callbacks=[row_means, *callbacks],
                        **fit_args,
                    ).history
            finally:
                train.release()
            for key, values in phase.items():
                history.setdefault(key, []).extend(values)
            epoch += len(phase["loss"])
            if stopping is None or not stopping.paused:
                break
            # on with the members still training: the others compute no more
            network = _running_model(model, network, stopping.running)
    finally:
        if network is not model:  # where the running members' training got to
            _copy_state(network.optimizer, model.optimizer)
        if stopping is not None:
            stopping.restore_stopped(model.optimizer)
        if "validation_data" in fit_args:
            fit_args["validation_data"].release()
    if not all(np.isfinite(w).all() for w in model.get_weights()):
        raise FloatingPointError(
            f"Training diverged: the network's weights are not finite after "
            f"the loss went {history.get('loss')[-3:]}. Lower the learning "
            + (
                "rate (the window norm scales each window already)."
                if scales_windows
                else "rate, or scale the inputs (e.g. with SequenceScaler)."
            )
        )
    return history


def _members_apart(optimizer):
    """Whether ``optimizer`` trains each member of an ensemble apart from the
    others: not where it clips the gradient by one norm over all of them
    (``global_clipnorm``), nor where it puts moving averages into the weights
    at the end of each Keras fit (``use_ema``)."""
    return getattr(optimizer, "global_clipnorm", None) is None and not getattr(
        optimizer, "use_ema", False
    )


def _state(optimizer, member=None):
    """The variables of ``optimizer`` by their name within it (its step count,
    the moments of each weight it trains, named after the weight's path);
    with ``member``, those of that member's weights alone."""
    state = {v.path.partition("/")[2]: v for v in optimizer.variables}
    if member is None:
        return state
    return {name: v for name, v in state.items() if name.startswith(f"m{member}_")}


def _copy_state(source, target):
    """Set the variables of optimizer ``target`` that ``source`` holds too to
    ``source``'s (``source`` may be a dict of values by name)."""
    values = source if isinstance(source, dict) else _state(source)
    for name, variable in _state(target).items():
        if name in values:
            # a copy: on JAX a training step may consume (donate) the arrays
            # of the optimizer it trains with
            variable.assign(keras.ops.convert_to_numpy(values[name]))


def _running_model(model, network, running):
    """A compiled model of the members ``running`` of ensemble ``model``
    (see :func:`~skltsm._models.running_members`), which goes on from where
    ``network`` (``model``, or the last such model) left their training:
    the same loss and an optimizer with the same settings and state."""
    narrow = running_members(model, running)
    narrow.compile_from_config(model.get_compile_config())  # a new optimizer
    narrow.optimizer.build(narrow.trainable_variables)
    _copy_state(network.optimizer, narrow.optimizer)
    return narrow


def predict_network(model, X, *, batch_size=PREDICT_BATCH_SIZE, verbose=0):
    """The network's outputs for windows ``X``, in batches of one shape.

    Every row goes through the network in a batch of ``batch_size`` rows (the
    last one padded with the last window): a row's prediction then does not
    depend on how many rows come with it, float32 kernels included, and Keras
    traces once. Many rows stream from the windows (see ``_data.py``); a few
    go at once. Either way the windows go in the float type the network
    reads (``network_dtype``: float64 for a network built under Keras'
    float64 policy, whatever the policy now). On JAX, calls with one network
    from several threads run one at a time (see ``_steps.using``).

    Parameters
    ----------
    model : keras.Model
    X : ndarray of shape (n_samples, window, n_channels)
    batch_size : int, default=PREDICT_BATCH_SIZE
    verbose : int, default=0
        Keras' progress output over the batches; one batch is predicted at
        once, outside Keras' ``predict`` loop, silently.

    Returns
    -------
    outputs : ndarray of shape (n_samples, n_outputs)
    """
    dtype = network_dtype(model)
    with _quiet_retracing(), using(model), share_steps(model):
        if len(X) > batch_size:
            batches = WindowBatches(X, batch_size=batch_size, repeat=False, dtype=dtype)
            return model.predict(batches, verbose=verbose)[: len(X)]
        padded = np.empty((batch_size, *X.shape[1:]), dtype=dtype)
        padded[: len(X)] = as_network_floats(X, dtype)
        padded[len(X) :] = padded[len(X) - 1]
        outputs = model.predict_on_batch(padded)
    return keras.ops.convert_to_numpy(outputs)[: len(X)]
