"""The regressors' settings that scikit-learn's parameter constraints cannot check.

``_parameter_constraints`` checks each hyper-parameter on its own. What is left
is checked here, at ``fit`` and before Keras sees any of it, so that a mistake
is answered with the parameter's name instead of an error from deep inside
Keras: tuples of layer sizes, routed ``prefix__name`` parameters, the names
of the optimizer, the loss, the metrics and the hidden layers' activation, and
the mode of a callback that watches an ensemble member's loss.
"""

import difflib
import inspect
import re
from numbers import Integral, Number

import keras

from ._compat import Interval, validate_parameter_constraints

__all__ = [
    "as_callbacks",
    "as_units",
    "check_batch_size",
    "check_epoch_arguments",
    "check_fit_arguments",
    "check_keras_settings",
    "check_member_loss",
    "check_member_monitors",
    "check_param_names",
    "check_predict_arguments",
]

# what routed ``fit__``, ``predict__`` and ``compile__`` parameters may name
_DESTINATIONS = {
    "fit": keras.Model.fit,
    "predict": keras.Model.predict,
    "compile": keras.Model.compile,
}
# Keras' lookups by name, for the error message of an unknown one
# (``dense_activation``: LSTMRegressor's alone, which Keras would refuse only
# while building the network, without the parameter's name)
_GETTERS = {
    "optimizer": keras.optimizers.get,
    "loss": keras.losses.get,
    "metrics": keras.metrics.get,
    "dense_activation": keras.activations.get,
}
_EXAMPLES = {
    "optimizer": "'adam', 'sgd' or 'rmsprop'",
    "loss": "'mse', 'mae' or 'huber'",
    "metrics": "'mae' or 'mse'",
    "dense_activation": "'relu', 'tanh' or 'gelu'",
}
_SINGULAR = {
    "optimizer": "an optimizer",
    "loss": "a loss",
    "metrics": "a metric",
    "dense_activation": "an activation",
}
# Keras' losses of the targets' own values, which standardised targets
# (``scale_target``) lose: MAPE divides by them, MSLE and the Poisson loss take
# their logarithms (cutting the negative half off); by the function computed
_RELATIVE_LOSSES = {
    keras.losses.mean_absolute_percentage_error: "a percentage of each target",
    keras.losses.mean_squared_logarithmic_error: "logarithms of the targets",
    keras.losses.poisson: "logarithms of the forecasts",
}
# Keras' fit arguments that the regressor sets itself, or that a regressor
# has no use for
_FIT_OWN = {"x", "y", "steps_per_epoch", "sample_weight", "class_weight"}
# Keras' validation, which would hold out rows without the gap of early stopping
_VALIDATION = ("validation_split", "validation_data")
# what the Keras recipes call the length of a window
_WINDOW_NAMES = {
    "look_back",
    "lookback",
    "window",
    "seq_length",
    "n_steps",
    "timesteps",
}
# the Keras layers' arguments of the recipes, which the regressor builds itself
_SHAPE_HINT = "the window's shape is read from `X` at fit."
_ACTIVATION_HINT = (
    "the LSTM layers keep Keras' defaults, tanh and sigmoid, which keep the "
    "cuDNN kernel eligible."
)
_LAYER_HINTS = {
    "input_shape": _SHAPE_HINT,
    "input_dim": _SHAPE_HINT,
    "activation": _ACTIVATION_HINT,
    "recurrent_activation": _ACTIVATION_HINT,
    "stateful": "every row carries its own history, so no state is kept "
    "from one batch to the next (Keras' `stateful=False`).",
}
# the Keras predict arguments that the regressor's prediction takes
_PREDICT_TAKEN = {"batch_size", "verbose"}


def check_fit_arguments(estimator, arguments, prefix=""):
    """Refuse Keras ``fit`` arguments that Keras does not take, that the
    regressor sets itself (the data, the epochs, the rows' weights), that a
    regressor cannot use (``class_weight``) or that would validate without
    the gap (see ``_check_validation_arguments``), passed to ``fit`` or
    routed as ``fit__<name>``, before a new network replaces the fitted
    one: ``arguments`` maps their names to their values."""
    accepted = inspect.signature(keras.Model.fit).parameters
    unknown = sorted(prefix + name for name in arguments if name not in accepted)
    if unknown:
        raise TypeError(
            f"{unknown} are not arguments of Keras' fit, which "
            f"{type(estimator).__name__}.fit passes its keyword arguments to. "
            f"It takes {sorted(set(accepted) - {'self', 'x', 'y', 'kwargs'})}."
        )
    own = sorted(prefix + name for name in arguments if name in _FIT_OWN)
    if own:
        raise ValueError(
            f"{own} cannot be passed to Keras' fit: {type(estimator).__name__} "
            "gives it the data and the steps of an epoch itself, weighs rows by "
            "`fit`'s `sample_weight`, and has no classes to weigh."
        )
    _check_validation_arguments(arguments, prefix)


def _check_validation_arguments(arguments, prefix=""):
    """Refuse Keras' ``validation_split``, ``validation_data`` and
    ``validation_freq`` in the fit arguments ``arguments`` (a dict), unless
    they are Keras' defaults (0, ``None``, 1): early stopping holds out its
    rows itself, after a gap, and scores them every epoch."""
    for name in _VALIDATION:
        value = arguments.get(name)
        if value is not None and not (isinstance(value, Number) and value == 0):
            raise ValueError(
                f"`{prefix}{name}` is not supported: the validation rows are the "
                "last `validation_fraction` of the training rows, after a gap, "
                "with `early_stopping=True`."
            )
    # Keras records a validation loss only on the epochs it validates, and
    # the history then puts each one at the wrong epoch
    freq = arguments.get("validation_freq", 1)
    if not (isinstance(freq, Number) and freq == 1):
        raise ValueError(
            f"`{prefix}validation_freq` is not supported: early stopping scores "
            "the validation rows after every epoch, and its patience "
            "(`n_iter_no_change`) counts epochs."
        )


def check_epoch_arguments(estimator, arguments, prefix=""):
    """Refuse Keras ``fit`` arguments ``epochs`` and ``initial_epoch`` that
    are not counts of epochs, given to ``fit`` or routed as
    ``fit__<name>`` (``arguments`` maps their names to their values), as
    the ``epochs`` parameter's own constraint refuses them: ``epochs`` an
    integer ≥ 1, ``initial_epoch`` one ≥ 0 (a bool is the integer it
    equals, as scikit-learn's ``Interval(Integral, ...)`` takes it). Keras
    trained no epoch, or none of a float, and failed once a new network
    had been built, with a bare ``KeyError: 'loss'``."""
    constraints = {
        "epochs": estimator._parameter_constraints["epochs"],
        "initial_epoch": [Interval(Integral, 0, None, closed="left")],
    }
    validate_parameter_constraints(
        {prefix + name: constraints[name] for name in constraints},
        {prefix + name: arguments[name] for name in constraints if name in arguments},
        # fit's own arguments, or the estimator's routed parameters
        caller_name=type(estimator).__name__ + ("" if prefix else ".fit"),
    )


def check_predict_arguments(estimator, names, prefix=""):
    """Refuse Keras ``predict`` arguments other than ``batch_size`` and
    ``verbose``, passed to ``predict`` or routed as ``predict__<name>``:
    the regressor runs the windows through the network itself, in padded
    batches of one size (one batch outside Keras' ``predict`` loop), and
    would ignore them (``steps``, ``callbacks``)."""
    refused = sorted(prefix + name for name in names if name not in _PREDICT_TAKEN)
    if refused:
        raise ValueError(
            f"{refused} cannot be passed to Keras' predict: "
            f"{type(estimator).__name__} runs the windows through the network "
            "itself, in padded batches of one size (a single batch outside "
            "Keras' predict loop), and takes `batch_size` and `verbose` alone."
        )


def check_batch_size(batch_size, name, *, auto=False):
    """Refuse, before Keras reads it, a batch size other than a positive
    integer, -1 (every row at once), ``None`` (the default) or, with
    ``auto``, ``"auto"``; the error names ``name``, which Keras' would not.
    A bool is the integer it equals, as the ``batch_size`` parameter's
    constraint (scikit-learn's ``Interval(Integral, ...)``) takes it."""
    if batch_size is None or (auto and batch_size == "auto"):
        return
    if isinstance(batch_size, Integral) and (batch_size >= 1 or batch_size == -1):
        return
    also = ', or "auto"' if auto else ""
    raise ValueError(
        f"`{name}={batch_size!r}` must be a positive integer of rows per batch, "
        f"or -1 for every row at once{also}."
    )


def as_units(units, name="units"):
    """``units`` as a tuple of layer sizes (ints); raise naming ``name`` if
    it is not. A bool is the integer it equals, as the parameter's
    constraint (scikit-learn's ``Interval(Integral, ...)``) takes it."""
    units = (units,) if isinstance(units, Integral) else tuple(units)
    if not units or not all(isinstance(u, Integral) and u >= 1 for u in units):
        raise ValueError(
            f"`{name}={units!r}` must be a positive integer or a non-empty tuple "
            "of them, e.g. 64 or (64, 32)."
        )
    return tuple(int(u) for u in units)


def as_callbacks(callbacks):
    """The ``callbacks`` given to ``fit`` (Keras' argument) as a list: one
    Keras callback, as Keras takes it, or a list or tuple of them; ``None``
    is none. Raise naming ``callbacks`` for anything else, such as a
    callback's class, which the ``callbacks`` parameter alone makes (with
    its routed arguments)."""
    if callbacks is None:
        return []
    if isinstance(callbacks, keras.callbacks.Callback):
        return [callbacks]
    if isinstance(callbacks, list | tuple) and all(
        isinstance(callback, keras.callbacks.Callback) for callback in callbacks
    ):
        return list(callbacks)
    raise TypeError(
        "`callbacks` passed to fit must be Keras callbacks (instances of "
        f"keras.callbacks.Callback), one or a list of them; got {callbacks!r}. "
        "The `callbacks` parameter also takes their classes, made with "
        "routed `callbacks__<name>` arguments."
    )


def check_member_monitors(callbacks):
    """Refuse a callback of ``callbacks`` that watches an ensemble member's
    validation loss (``val_loss_m{k}``, which skltsm records) with
    ``mode="auto"``: Keras tells from a name alone that ``"val_loss"`` is
    minimised, and its ``EarlyStopping``, ``ReduceLROnPlateau`` and
    ``ModelCheckpoint`` would fail after the first epoch. The callback is
    left as given: the error asks for ``mode="min"``."""
    for callback in callbacks:
        monitor = getattr(callback, "monitor", None)
        member = isinstance(monitor, str) and re.fullmatch(r"val_loss_m(\d+)", monitor)
        if member and getattr(callback, "mode", None) == "auto":
            raise ValueError(
                f"{type(callback).__name__}(monitor={monitor!r}) watches the "
                f"validation loss of the ensemble's member {member[1]}, a name "
                "of skltsm's from which Keras cannot tell, with mode='auto', "
                "whether it is to be minimised or maximised. Pass mode='min': "
                "it is a loss."
            )


def check_param_names(estimator, names):
    """Refuse the names of ``names`` that are neither parameters of
    ``estimator``'s ``__init__`` nor routed ``prefix__name`` ones with a
    prefix that it routes (scikeras' ``model__`` aside: the regressor builds
    its network itself), with hints for the names of the Keras recipes and
    for typos: given to the constructor (checked at ``fit``) or to
    ``set_params``."""
    name = type(estimator).__name__
    own = list(estimator._get_param_names())
    prefixes = estimator._routing_prefixes - {"model"}
    unknown = [
        k
        for k in names
        if k not in own and ("__" not in k or k.split("__")[0] not in prefixes)
    ]
    if unknown:
        # the names of the Keras recipes that people port, and typos of ours
        hints = []
        for key in unknown:
            if key in _VALIDATION:
                hints.append(
                    f" `{key}`: hold out the last rows with `early_stopping=True` "
                    "and `validation_fraction`, after a gap."
                )
            elif key in _WINDOW_NAMES:  # the window belongs to the data
                hints.append(
                    f" `{key}`: the window is the data's, "
                    "`make_supervised(series, history=...)`, cropped in a "
                    "pipeline by `SlidingWindow(window=...)`."
                )
            elif key == "return_sequences":  # how the recipes stack layers
                hints.append(
                    " `return_sequences`: the encoder returns its last state "
                    "and the decoder its sequence, of `units` and "
                    "`decoder_units`."
                    if "decoder_units" in own
                    else " `return_sequences`: `units=(50, 50)` stacks two "
                    "LSTM layers, each but the last returning its sequence."
                )
            elif key in _LAYER_HINTS:
                hints.append(f" `{key}`: {_LAYER_HINTS[key]}")
            elif close := difflib.get_close_matches(key, own, n=1):
                hints.append(f" `{key}`: did you mean `{close[0]}`?")
        raise ValueError(
            f"Unknown parameter(s) {unknown} for {name}.{''.join(hints)} Routed "
            f"parameters start with one of {sorted(prefixes)} and a double "
            "underscore, e.g. `optimizer__beta_1`."
        )


def check_keras_settings(estimator):
    """Check the routed parameters and the Keras names of ``estimator``.

    Parameters
    ----------
    estimator : BaseLSTMRegressor
        The regressor about to be fitted.

    Raises
    ------
    ValueError
        For a routed parameter with an unknown prefix or name, or an
        optimizer, loss, metric or activation name that Keras does not know.
    """
    name = type(estimator).__name__
    routed = estimator._extra_params()
    check_param_names(estimator, routed)
    for prefix, method in _DESTINATIONS.items():
        accepted = inspect.signature(method).parameters
        bad = [
            k
            for k in routed
            if k.startswith(prefix + "__") and k.split("__")[1] not in accepted
        ]
        if bad:
            raise ValueError(
                f"Unknown routed parameter(s) {bad} for {name}: "
                f"`keras.Model.{method.__name__}` takes none of them. It takes "
                f"{sorted(set(accepted) - {'self', 'x', 'y', 'kwargs'})}."
            )
    check_fit_arguments(
        estimator,
        {k[5:]: vars(estimator)[k] for k in routed if k.startswith("fit__")},
        "fit__",
    )
    check_predict_arguments(
        estimator, [k[9:] for k in routed if k.startswith("predict__")], "predict__"
    )
    for prefix in ("fit", "predict"):
        if f"{prefix}__batch_size" in routed:
            check_batch_size(
                getattr(estimator, f"{prefix}__batch_size"),
                f"{prefix}__batch_size",
                auto=prefix == "fit",
            )
    steps = vars(estimator).get("compile__steps_per_execution", 1)
    if "compile__steps_per_execution" in routed and not (
        isinstance(steps, Integral) and steps == 1
    ):
        # the batches are one endless stream, an epoch counted in steps:
        # Keras runs whole executions, and reports no batch's own loss
        raise ValueError(
            f"`compile__steps_per_execution={steps!r}` is not supported: "
            f"{name} gives Keras one stream of batches and counts each epoch's "
            "steps, and Keras runs whole executions of that many steps, so an "
            "epoch whose steps it does not divide would train on batches of "
            "the next one, and the epoch's loss could not be the rows' mean. "
            "Leave it at 1."
        )
    if "fit__initial_epoch" in routed:  # scikeras reads it from fit's call only
        raise ValueError(
            "`fit__initial_epoch` would be ignored: pass `initial_epoch` to "
            "`fit` itself, with `warm_start=True`."
        )
    check_epoch_arguments(
        estimator,
        {k[5:]: vars(estimator)[k] for k in routed if k.startswith("fit__")},
        "fit__",
    )
    metrics = estimator.metrics
    if metrics is not None and not isinstance(metrics, list | tuple):
        # one metric, named or not, or Keras' dict by output (the network
        # has one output): the fit takes them in a list
        got = f"the string {metrics!r}" if isinstance(metrics, str) else repr(metrics)
        listed = list(metrics.values()) if isinstance(metrics, dict) else [metrics]
        raise ValueError(f"`metrics` must be a list, e.g. {listed!r}; got {got}.")
    for kind, getter in _GETTERS.items():
        values = getattr(estimator, kind, None)  # Seq2Seq has no dense_activation
        for value in values if kind == "metrics" and values is not None else [values]:
            if isinstance(value, Number):  # numpy's numbers too
                raise ValueError(
                    f"`{kind}` takes a Keras name or object, not {value!r}: e.g. "
                    f"{_EXAMPLES[kind]}."
                )
            if not isinstance(value, str):
                continue
            try:
                getter(value)
            except ValueError:
                where = (
                    f"`metrics` has {value!r}"
                    if kind == "metrics"
                    else (f"`{kind}={value!r}`")
                )
                other = "None" if kind == "dense_activation" else "a Keras object"
                raise ValueError(
                    f"{where}, which Keras does not know as {_SINGULAR[kind]}. "
                    f"Use a Keras name such as {_EXAMPLES[kind]}, or {other}."
                ) from None
    _check_relative_loss(estimator)
    _check_loss_parameters(estimator, routed)
    try:
        estimator._get_compile_kwargs()  # builds the optimizer, loss and metrics
    except (TypeError, ValueError) as exc:
        given = [k for k in routed if k.split("__")[0] in _GETTERS]
        raise ValueError(
            f"The routed parameters {given} of {name} do not fit their "
            f"optimizer, loss or metrics: {exc}"
        ) from exc


def check_member_loss(loss, n_members, n_outputs):
    """Refuse, before any training, a loss that an ensemble cannot weigh by
    member.

    Each member of an ensemble trains on rows of its own, weighted in its own
    column of the loss (see ``WindowBatches``): the loss, called as the
    ensemble's training calls it, on targets ``(rows, 1, n_outputs)`` and the
    members' forecasts ``(rows, n_members, n_outputs)``, must return a value
    for each row of each member (Keras' own losses reduce the last axis
    alone). One number per batch weighs every member's rows alike (and left
    early stopping no loss per member). A single network trains with such a
    loss, as Keras does. It is called once, on two rows.

    Parameters
    ----------
    loss : callable
        The loss as compiled: a Keras loss object (its unreduced ``call``)
        or a function.
    n_members : int
        The members of the ensemble.
    n_outputs : int
        The outputs of one member (the forecast's steps).

    Raises
    ------
    ValueError
        For a loss that returns fewer values than a row and a member.
    """
    rows = 2
    compute = loss.call if isinstance(loss, keras.losses.Loss) else loss
    y_pred = keras.ops.ones((rows, n_members, n_outputs))
    values = compute(keras.ops.ones((rows, 1, n_outputs)), y_pred)
    shape = tuple(keras.ops.shape(values))
    if shape[:2] != (rows, n_members):
        raise ValueError(
            f"`loss` returns shape {shape} for a batch of {rows} rows of the "
            f"members' forecasts (y_pred of shape {tuple(y_pred.shape)}): an "
            f"ensemble (n_members={n_members}) trains each member on rows of "
            "its own, weighted in its own column of the loss, and needs a "
            f"value for each row of each member, shape {(rows, n_members)}. "
            "Return the loss of each row, reducing the last axis alone (e.g. "
            "`ops.mean(ops.square(y_true - y_pred), axis=-1)`, as Keras' own "
            "losses do), or set n_members=1."
        )


def _check_relative_loss(estimator):
    """Refuse a loss of the targets' own values (MAPE, MSLE, Poisson) on the
    standardised targets that ``scale_target=True`` trains on: around zero,
    half of them negative, they make it another loss (MAPE divides by values
    near zero, the logarithms cut the negative half off) without a word."""
    computes = _RELATIVE_LOSSES.get(_loss_function(estimator.loss))
    if estimator.scale_target and computes is not None:
        raise ValueError(
            f"`loss={estimator.loss!r}` computes {computes}, and "
            "`scale_target=True` trains on the targets standardised around "
            "zero, half of them negative, where it means another loss. Set "
            "`scale_target=False` to train on the targets in their own units, "
            "or use a loss of the errors alone, such as 'mse' or 'mae'."
        )


def _check_loss_parameters(estimator, routed):
    """Refuse ``loss__`` parameters for a loss given by name: Keras' name is
    a function, which takes none (``loss="huber"`` with ``loss__delta``);
    its class does."""
    given = [k for k in routed if k.startswith("loss__")]
    if not given or not isinstance(estimator.loss, str):
        return
    function = _loss_function(estimator.loss)
    classes = [
        c.__name__
        for c in vars(keras.losses).values()
        if isinstance(c, type)
        and issubclass(c, keras.losses.Loss)
        and _loss_function(c) is function
    ]
    use = f"keras.losses.{classes[0]}" if classes else "its keras.losses class"
    raise ValueError(
        f"`loss={estimator.loss!r}` names Keras' function, which takes no "
        f"parameters, and {given} were given for it: pass the loss's class, "
        f"loss={use}, with them."
    )


def _loss_function(loss):
    """Keras' function that ``loss`` computes (a name, a class built with its
    defaults, an instance, or the function), or ``None`` where none is
    known."""
    if isinstance(loss, str):
        try:  # a function's name gives the function, a class's an instance
            loss = keras.losses.get(loss)
        except ValueError:  # an unknown name, refused by its own check
            return None
    if isinstance(loss, type):
        try:
            loss = loss()
        except (TypeError, ValueError):  # a class that needs arguments
            return None
    return getattr(loss, "fn", loss if callable(loss) else None)
