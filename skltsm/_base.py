"""The scikeras base regressor that both LSTM models share.

scikeras 0.13 predates scikit-learn 1.6: it declares its tags the old way (so
``is_regressor`` is False), reads its parameters from the instance ``__dict__``
and accepts sparse input. This class keeps what scikeras does well — the lazily
built model, the ``meta`` dict handed to the builder, prefix routing such as
``optimizer__learning_rate`` — and fixes the rest: tags, parameters read from
the ``__init__`` signature, window validation, internal target scaling, a
time-ordered validation split and seeding.
"""

import inspect
import logging
import math
import warnings
from collections import defaultdict
from numbers import Integral, Real

import keras
import numpy as np
from scikeras._utils import route_params
from scikeras.utils import metric_name
from scikeras.wrappers import BaseWrapper
from sklearn.base import BaseEstimator, RegressorMixin, TransformerMixin
from sklearn.exceptions import NotFittedError
from sklearn.metrics import r2_score
from sklearn.utils import RegressorTags
from sklearn.utils._param_validation import Interval, StrOptions

from ._data import predict_dataset, window_dataset
from ._models import WINDOW_NORMS, TargetUnits
from ._seeding import keras_seeds
from ._validation import check_windows, nonzero_scale

__all__ = ["PREDICT_BATCH_SIZE", "SHARED_DOCS", "BaseLSTMRegressor", "as_units"]


class _NoRetracingNotice(logging.Filter):
    """Drop TensorFlow's "triggered tf.function retracing" notice: each fitted
    network traces its own functions once, which a search over many networks
    makes TensorFlow mistake for retracing."""

    def filter(self, record):
        return "triggered tf.function retracing" not in record.getMessage()


logging.getLogger("tensorflow").addFilter(_NoRetracingNotice())

# Rows per prediction batch, unless ``predict__batch_size`` says otherwise.
PREDICT_BATCH_SIZE = 256

# What both regressors share, for their docstrings.
_PARAMETERS = """\
    recurrent_dropout : float, default=0.0
        Dropout on the recurrent state inside each LSTM. Warns: it rules out
        the fused cuDNN kernel on GPU.
    bidirectional : bool, default=False
        Wrap each LSTM layer in ``Bidirectional``.
    window_norm : {"last", "mean", "standard", "seasonal"}, default=None
        Express each window relative to its own level inside the network, and
        map the output back: ``"last"`` subtracts each channel's last value,
        ``"mean"`` its window mean, ``"standard"`` also divides by the window's
        standard deviation. It lets the network forecast a trending series
        beyond the range seen in training. ``"seasonal"`` reads the changes
        over one season (``x[t] - x[t - season_length]``) and predicts the
        correction to the seasonal naive forecast with drift (last season
        repeated, plus its latest change); it needs ``season_length`` steps
        ahead at most. The target channel of ``X`` must be in the units of
        ``y`` (do not scale it before the model).
    season_length : int, default=None
        The period of the season, for ``window_norm="seasonal"`` (12 for
        monthly data with a yearly cycle); the window must be longer.
    target_channel : int, default=0
        The channel of ``X`` that holds the target, for ``window_norm``.
    scale_target : bool, default=True
        Standardise ``y`` for training; predictions are in the original units.
    optimizer : str or keras optimizer class, default="adam"
        The optimizer; its arguments route as ``optimizer__<name>``.
    learning_rate : float, default=0.001
        The optimizer's learning rate (``None`` keeps Keras' default).
    loss : str or keras loss, default="mse"
        The training loss.
    metrics : list of str or keras metrics, default=None
        Extra metrics that Keras records in ``history_``.
    epochs : int, default=50
        The maximum number of passes over the training rows.
    batch_size : int or "auto", default="auto"
        Rows per gradient step. ``"auto"``: 128, or, for fewer than 4,096
        rows, the largest power of two that still makes 32 steps an epoch
        (at least 16). Larger batches train faster per row (measured in
        ``benchmarks/bench_speed.py``); small series keep enough steps.
    early_stopping : bool, default=False
        Hold out the last ``validation_fraction`` of the rows (after a gap of
        ``horizon - 1`` rows, so that no training target is a validation
        one), stop
        when the validation loss has not improved for ``n_iter_no_change``
        epochs, and restore the best weights.
    validation_fraction : float, default=0.1
        The fraction of the rows held out with ``early_stopping``.
    n_iter_no_change : int, default=10
        The patience of ``early_stopping``, in epochs.
    shuffle : bool, default=True
        Shuffle the training rows each epoch (the split is made before).
    random_state : int, default=None
        Seeds Python, NumPy, TensorFlow and Keras: two fits with the same seed
        give identical predictions on CPU.
    verbose : int, default=0
        Keras' progress output: 0 is silent, 1 a progress bar, 2 a line per
        epoch.
    callbacks : list of keras callbacks, default=None
        Extra callbacks for ``fit`` (routed as ``callbacks__<name>``).
    warm_start : bool, default=False
        Keep training the fitted network at the next ``fit``.
    **kwargs
        Routed parameters of scikeras: ``optimizer__<name>``, ``fit__<name>``,
        ``predict__<name>``, ``compile__<name>``, ``loss__<name>``."""

_ATTRIBUTES = """\
    Attributes
    ----------
    model_ : keras.Model
        The trained network.
    history_ : dict
        The loss (and ``val_loss``) of each epoch.
    n_features_in_ : int
        The window length seen during fit.
    n_channels_in_ : int
        The number of channels seen during fit.
    n_outputs_ : int
        The number of target columns (steps).
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the input columns, for 2-D DataFrame input.

"""

# The placeholders sit at the docstring's indentation, so the fragments start
# without it (a placeholder at column 0 makes formatters re-indent the text).
SHARED_DOCS = {
    "shared_parameters": _PARAMETERS.lstrip(),
    "shared_attributes": _ATTRIBUTES.lstrip(),
}


class _TargetScaler(TransformerMixin, BaseEstimator):
    """scikeras target encoder: standardise ``y`` per column, 2-D for Keras."""

    def __init__(self, scale=True):
        self.scale = scale

    def fit(self, y):
        y2 = y.reshape(len(y), -1)
        self.y_is_1d_ = y.ndim == 1
        self.n_outputs_ = y2.shape[1]
        self.loc_ = y2.mean(axis=0) if self.scale else np.zeros(self.n_outputs_)
        self.scale_ = (
            nonzero_scale(y2.std(axis=0)) if self.scale else np.ones(self.n_outputs_)
        )
        return self

    def transform(self, y):
        y2 = y.reshape(len(y), -1)
        if y2.shape[1] != self.n_outputs_:
            raise ValueError(
                f"y has {y2.shape[1]} outputs, but the estimator was fitted on "
                f"{self.n_outputs_}."
            )
        return ((y2 - self.loc_) / self.scale_).astype(np.float32)

    def inverse_transform(self, y):
        y = np.asarray(y, dtype=np.float64).reshape(-1, self.n_outputs_)
        y = y * self.scale_ + self.loc_
        return y[:, 0] if self.y_is_1d_ else y

    def get_metadata(self):
        # scikeras sets these on the estimator and hands them to the builder
        return {
            "n_outputs_": self.n_outputs_,
            "n_outputs_expected_": 1,
            "target_loc_": self.loc_,
            "target_scale_": self.scale_,
        }


def _sklearn_tags(self):
    return super(BaseWrapper, self).__sklearn_tags__()


# scikeras 0.13 declares its tags only through the pre-1.6 ``_more_tags``, which
# scikit-learn >= 1.6 ignores, and which its estimator checks reject. Give
# BaseWrapper the current hook; it defers to BaseEstimator, so nothing changes
# for any scikeras model, and our classes set their real tags on top.
if "__sklearn_tags__" not in vars(BaseWrapper):
    BaseWrapper.__sklearn_tags__ = _sklearn_tags


class BaseLSTMRegressor(RegressorMixin, BaseWrapper):
    """Shared machinery of :class:`LSTMRegressor` and :class:`Seq2SeqLSTMRegressor`.

    It stands on scikeras' ``BaseWrapper`` rather than its ``KerasRegressor``:
    ``KerasRegressor`` puts ``RegressorMixin`` after ``BaseEstimator``, an order
    no subclass can undo, so scikit-learn would not see a regressor. What
    ``KerasRegressor`` adds (R² scoring, numeric targets, a target encoder) comes
    from ``RegressorMixin`` and from this class.

    Subclasses list every hyper-parameter in ``__init__`` (assigning them, and
    routed ``prefix__name`` keyword arguments, as they are) and implement
    ``_build_graph(meta)`` returning an uncompiled ``keras.Model``.
    """

    # scikeras reads these; the network comes from ``_build_graph`` instead
    model = None
    build_fn = None

    _parameter_constraints = {
        "units": [Interval(Integral, 1, None, closed="left"), tuple],
        "dropout": [Interval(Real, 0, 1, closed="left")],
        "recurrent_dropout": [Interval(Real, 0, 1, closed="left")],
        "bidirectional": ["boolean"],
        "window_norm": [StrOptions(set(WINDOW_NORMS)), None],
        "season_length": [Interval(Integral, 1, None, closed="left"), None],
        "target_channel": [Interval(Integral, 0, None, closed="left")],
        "scale_target": ["boolean"],
        "learning_rate": [Interval(Real, 0, None, closed="neither"), None],
        "epochs": [Interval(Integral, 1, None, closed="left")],
        "batch_size": [
            Interval(Integral, 1, None, closed="left"),
            StrOptions({"auto"}),
            None,
        ],
        "early_stopping": ["boolean"],
        "validation_fraction": [Interval(Real, 0, 1, closed="neither")],
        "n_iter_no_change": [Interval(Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    # -- parameters: the __init__ signature, plus routed ``prefix__name`` ones --

    @classmethod
    def _get_param_names(cls):
        return BaseEstimator._get_param_names.__func__(cls)

    def get_params(self, deep=True):
        """Get the parameters: those of ``__init__`` and routed ones.

        Parameters
        ----------
        deep : bool, default=True
            Ignored: no parameter is an estimator.

        Returns
        -------
        params : dict
            Parameter names mapped to their values.
        """
        params = BaseEstimator.get_params(self, deep=False)
        params.update((k, vars(self)[k]) for k in self._extra_params())
        return params

    def _extra_params(self):
        """Names of the keyword arguments beyond the signature (routed ones)."""
        names = self._get_param_names()
        return [
            k
            for k in vars(self)
            if not (k.startswith("_") or k.endswith("_") or k in names)
        ]

    def __repr__(self, N_CHAR_MAX=700):
        return BaseEstimator.__repr__(self, N_CHAR_MAX)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.estimator_type = "regressor"
        tags.regressor_tags = RegressorTags()
        tags.target_tags.required = True
        tags.target_tags.multi_output = True
        tags.input_tags.three_d_array = True
        tags.input_tags.sparse = False
        return tags

    # -- validation ------------------------------------------------------------

    def fit(self, X, y, sample_weight=None, **kwargs):
        """Build a new network and train it on windows ``X`` and targets ``y``.

        Parameters
        ----------
        X : array-like of shape (n_samples, window) or \
                (n_samples, window, n_channels)
            Windows, oldest step first: 2-D input is univariate.
        y : array-like of shape (n_samples,) or (n_samples, horizon)
            Targets, in time order (the validation split takes the last rows).
        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the samples in the loss.
        **kwargs : dict
            Passed to ``keras.Model.fit``; prefer ``fit__<name>`` parameters.

        Returns
        -------
        self : estimator instance
            The fitted estimator.
        """
        self._validate_params()
        unknown = [
            k
            for k in self._extra_params()
            if k.split("__")[0] not in self._routing_prefixes or "__" not in k
        ]
        if unknown:
            raise ValueError(
                f"Unknown parameter(s) {unknown} for {type(self).__name__}. "
                f"Routed parameters start with one of {sorted(self._routing_prefixes)} "
                "and a double underscore, e.g. `optimizer__beta_1`."
            )
        if self.recurrent_dropout:
            warnings.warn(
                "recurrent_dropout > 0 rules out the fused cuDNN LSTM kernel on "
                "GPU, which makes training several times slower there. Prefer "
                "`dropout`, applied between layers.",
                UserWarning,
                stacklevel=2,
            )
        if isinstance(self.random_state, Integral):
            # also resets Keras' global seed generator, which scikeras leaves be
            keras.utils.set_random_seed(int(self.random_state))
        return super().fit(X, y, sample_weight=sample_weight, **kwargs)

    def _validate_data(self, X=None, y=None, reset=False, y_numeric=True):
        # scikeras calls this hook at fit (reset=True) and predict
        if y is None and not reset:
            X = check_windows(self, X, reset=reset)
        else:
            X, y = check_windows(
                self, X, y=y, reset=reset, multi_output=True, y_numeric=True
            )
        if reset:
            if self.window_norm is not None and (
                self.target_channel >= self.n_channels_in_
            ):
                raise ValueError(
                    f"`target_channel={self.target_channel}` does not exist: X "
                    f"has {self.n_channels_in_} channels. Set it to the channel "
                    "of X that holds the target."
                )
            if self.window_norm is not None:
                self._check_target_units(X, y)
            step = X[:, -1].reshape(len(X), -1)
            if self.window_norm == "seasonal":
                self._check_season(X, y)
                step = step - X[:, -1 - self.season_length].reshape(len(X), -1)
            self.channel_scale_ = nonzero_scale(step.std(axis=0))
        return X, y

    def _check_target_units(self, X, y):
        # window_norm maps the output back with the level of the target channel:
        # a target channel scaled before the model puts predictions off by the
        # scale (silently, and by orders of magnitude)
        last = X[:, -1, self.target_channel] if X.ndim == 3 else X[:, -1]
        first = y if y.ndim == 1 else y[:, 0]
        spread = np.std(first) + 1e-12
        if np.median(np.abs(first - last)) > 3 * spread:
            warnings.warn(
                f"window_norm={self.window_norm!r} reads the level of the target "
                f"channel {self.target_channel} of X, but it is far from y: "
                f"median |y - X[:, -1]| = {np.median(np.abs(first - last)):.3g}, "
                f"std(y) = {spread:.3g}. Is that channel scaled (e.g. by a "
                "SequenceScaler before the model) or not the target? Leave it "
                "in the units of y, or set `target_channel`.",
                UserWarning,
                stacklevel=4,
            )

    def _check_season(self, X, y):
        if self.season_length is None:
            raise ValueError(
                '`window_norm="seasonal"` needs `season_length`, the period of '
                "the season (e.g. 12 for monthly data with a yearly cycle)."
            )
        if X.shape[1] <= self.season_length:
            raise ValueError(
                f"`window_norm='seasonal'` reads changes over "
                f"season_length={self.season_length} steps: the windows "
                f"({X.shape[1]} steps) must be longer. Use a longer window."
            )
        n_outputs = 1 if y.ndim == 1 else y.shape[1]
        if n_outputs > self.season_length:
            raise ValueError(
                f"`window_norm='seasonal'` forecasts at most season_length="
                f"{self.season_length} steps ahead, and y has {n_outputs}. Use a "
                "shorter horizon and `recursive_forecast` for further steps."
            )

    @staticmethod
    def scorer(y_true, y_pred, **kwargs):
        """R², as for every scikit-learn regressor."""
        return r2_score(y_true, y_pred, **kwargs)

    @property
    def target_encoder(self):
        """The target scaler: standardises ``y`` when ``scale_target``."""
        return _TargetScaler(scale=self.scale_target)

    # -- the Keras model -------------------------------------------------------

    def _keras_build_fn(self, compile_kwargs, meta):
        # Keras seeds the layers from random_state, whatever other threads do
        with keras_seeds(self.random_state):
            model = self._build_graph(meta)
        model.compile(**compile_kwargs)
        return model

    def _input_shape(self, meta):
        return (meta["n_features_in_"], meta["n_channels_in_"])

    def _window_norm(self, meta):
        """The ``window_norm`` argument of the graph builders."""
        if self.window_norm is None:
            return None
        return {
            "method": self.window_norm,
            "channel_scale": meta["channel_scale_"],
            "target_channel": self.target_channel,
            "target_loc": meta["target_loc_"],
            "target_scale": meta["target_scale_"],
            "season_length": self.season_length,
        }

    def _get_compile_kwargs(self):
        kwargs = super()._get_compile_kwargs()
        optimizer = self.optimizer
        routed = any(k.startswith("optimizer__") for k in vars(self))
        if (
            self.learning_rate is not None
            and not routed
            and (isinstance(optimizer, str) or inspect.isclass(optimizer))
        ):
            kwargs["optimizer"].learning_rate = self.learning_rate
        return kwargs

    def to_keras(self):
        """The trained network as a standalone Keras model, in the units of ``y``.

        The estimator trains on standardised targets and maps predictions back
        outside the network; this model folds that step in, so that it serves
        alone (TensorFlow Serving, a Keras-only process). Save it in the native
        format with ``.save("model.keras")``; load it with
        ``keras.saving.load_model`` after ``import skltsm``, which registers
        skltsm's layers. To keep the whole estimator, pickle it with ``joblib``.

        Returns
        -------
        model : keras.Model
            Windows of shape ``(n_samples, window, n_channels)`` in, predictions
            of shape ``(n_samples, n_outputs)`` out.
        """
        if not getattr(self, "initialized_", False):
            raise NotFittedError(
                f"This {type(self).__name__} instance is not fitted yet. Call "
                "'fit' before exporting its network."
            )
        inputs = keras.Input(shape=self.model_.input_shape[1:], name="windows")
        units = TargetUnits(self.target_loc_, self.target_scale_, name="target_units")
        return keras.Model(inputs, units(self.model_(inputs)), name="skltsm_export")

    # -- prediction ------------------------------------------------------------

    def _predict_raw(self, X, **kwargs):
        # Every row goes through the network in a batch of the same shape (the
        # last one padded): a row's prediction then does not depend on how many
        # rows come with it, float32 kernels included, and Keras traces once.
        # Many rows stream from the windows (see _data.py); a few go at once.
        if not self.initialized_:
            raise NotFittedError(
                f"This {type(self).__name__} instance is not fitted yet. Call "
                "'fit' with appropriate arguments before using this estimator."
            )
        X, _ = self._validate_data(X=X)
        batch = getattr(self, "predict__batch_size", PREDICT_BATCH_SIZE)
        if len(X) > batch:
            dataset = predict_dataset(X, batch_size=batch)
            return self.model_.predict(dataset, verbose=self.verbose)[: len(X)]
        padded = np.zeros((batch, *X.shape[1:]), dtype=np.float32)
        padded[: len(X)] = X
        padded[len(X) :] = X[-1]
        return self.model_.predict_on_batch(padded)[: len(X)]

    # -- training --------------------------------------------------------------

    def _fit_keras_model(
        self, X, y, sample_weight, warm_start, epochs, initial_epoch=0, **kwargs
    ):
        # Batches come from one repeated tf.data pipeline that gathers windows
        # from the series they view (see _data.py): no per-epoch iterator, no
        # (n, window, channels) copy.
        args = route_params(
            self.get_params(), destination="fit", pass_filter=self._fit_kwargs
        )
        args.update(kwargs)
        args = {k: v for k, v in args.items() if not k.startswith("callbacks")}
        for unsupported in ("validation_split", "validation_data"):
            if args.pop(unsupported, None):
                raise ValueError(
                    f"`{unsupported}` is not supported: the validation rows are "
                    "the last `validation_fraction` of the training rows, after a "
                    "gap, with `early_stopping=True`."
                )
        batch_size = args.pop("batch_size", None) or "auto"
        if batch_size == "auto":
            batch_size = auto_batch_size(len(X))
        batch_size = len(X) if batch_size == -1 else batch_size
        shuffle = args.pop("shuffle", True)
        for given in ("sample_weight", "epochs", "initial_epoch"):
            args.pop(given, None)
        seed = self.random_state
        seed = int(seed) if isinstance(seed, Integral) else None
        y = y.reshape(len(y), -1)
        callbacks = list(self._fit_callbacks)
        if self.early_stopping:
            n_samples = len(X)
            n_val = math.ceil(self.validation_fraction * n_samples)
            # no training target is a validation target (as TimeSeriesSplit's
            # gap=H-1); validation inputs may hold training targets: they are
            # the past at forecast time too
            gap = y.shape[1] - 1
            n_train = n_samples - n_val - gap
            if n_train < 1:
                raise ValueError(
                    f"early_stopping holds out the last {n_val} of {n_samples} "
                    f"rows and a gap of {gap} rows (horizon - 1) before "
                    "them, leaving none to train on. Pass more rows, a smaller "
                    "`validation_fraction`, or `early_stopping=False`."
                )
            val = slice(n_samples - n_val, None)
            weights = None if sample_weight is None else sample_weight[val]
            args["validation_data"], args["validation_steps"] = window_dataset(
                X[val], y[val], weights, batch_size=batch_size, shuffle=False
            )
            X, y = X[:n_train], y[:n_train]
            if sample_weight is not None:
                sample_weight = sample_weight[:n_train]
            callbacks.append(
                keras.callbacks.EarlyStopping(
                    patience=self.n_iter_no_change, restore_best_weights=True
                )
            )
        train, steps = window_dataset(
            X, y, sample_weight, batch_size=batch_size, shuffle=shuffle, seed=seed
        )
        history = self.model_.fit(
            train,
            steps_per_epoch=steps,
            shuffle=False,  # the pipeline shuffles
            epochs=initial_epoch + epochs,
            initial_epoch=initial_epoch,
            callbacks=callbacks,
            **args,
        ).history
        if not warm_start or not hasattr(self, "history_") or initial_epoch == 0:
            self.history_ = defaultdict(list)
        for key, values in history.items():
            if key != "loss" and not key.startswith("val_"):
                try:
                    key = metric_name(key)
                except ValueError:  # a custom metric keeps its name
                    pass
            self.history_[key] += values


def auto_batch_size(n_samples):
    """The rows per step that ``batch_size="auto"`` gives for ``n_samples``."""
    steps = 32  # the fewest steps an epoch should have, where the data allow
    return int(min(128, max(16, 2 ** math.floor(math.log2(max(n_samples / steps, 1))))))


def as_units(units):
    """``units`` as a tuple of layer sizes."""
    units = (units,) if isinstance(units, Integral) else tuple(units)
    if not units or not all(isinstance(u, Integral) and u >= 1 for u in units):
        raise ValueError(
            f"`units={units!r}` must be a positive integer or a non-empty tuple "
            "of them, e.g. 64 or (64, 32)."
        )
    return units
