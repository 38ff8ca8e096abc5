"""The scikeras adapter: the one class of skltsm that knows scikeras.

scikeras 0.13.0, its last release, predates scikit-learn 1.6. Its wrappers
declare their tags the old way (so ``is_regressor`` is False), read their
parameters from the instance ``__dict__``, seed by setting the process' global
generators, and feed Keras whole arrays. This class keeps what scikeras does
well — the lazily built model, the ``meta`` dict of fitted shapes handed to the
builder, prefix routing such as ``optimizer__learning_rate`` — and points each
of its hooks at the module that does the work:

- ``_validate_data``: ``_validation.py`` (windows, targets, ``window_norm``,
  the smoothing's channels);
- ``target_encoder`` and the window-norm scale: ``scaling.py``;
- ``_build_keras_model``: the subclass' builder from ``_models.py``, seeded;
- ``_fit_keras_model`` and ``_predict_raw``: ``_training.py``;
- ``__getstate__`` (pickling, ``copy.deepcopy``) and ``to_keras``:
  ``_persistence.py``.

``tests/test_compat.py`` fails if scikeras stops calling one of these hooks.
"""

import warnings
from collections import defaultdict
from numbers import Integral, Real

import keras
import numpy as np
from scikeras.wrappers import BaseWrapper
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.exceptions import NotFittedError
from sklearn.preprocessing import FunctionTransformer
from sklearn.utils import check_random_state
from sklearn.utils.metaestimators import available_if

from ._check_context import ChecksPassed, checking_only, user_stacklevel
from ._compat import (
    Interval,
    Options,
    StrOptions,
    _safe_indexing,
    keras_names_kept,
    route_params,
)
from ._layers import WINDOW_NORMS, WINDOW_SCALES
from ._params import (
    as_callbacks,
    check_batch_size,
    check_epoch_arguments,
    check_fit_arguments,
    check_keras_settings,
    check_member_loss,
    check_member_monitors,
    check_param_names,
    check_predict_arguments,
)
from ._persistence import pickled_state, standalone_network, unpickled_network
from ._quantiles import PinballLoss, asked_levels, level_positions, quantile_levels
from ._row_labels import row_series, row_times
from ._smoothing import (
    DEFAULT_SMOOTHING,
    fitted_smoothing,
    smoothing_channels,
)
from ._spread import nonzero_scale
from ._training import (
    PREDICT_BATCH_SIZE,
    fit_network,
    loss_power,
    predict_network,
    spread_weights,
    validation_rows,
)
from ._validation import (
    check_network_data,
    check_network_smoothing,
    check_sample_weight,
    check_window_scale,
)
from .scaling import TargetScaler, window_norm_scale

__all__ = ["BaseLSTMRegressor"]

# the name that pickles written before ``_persistence.py`` give the loader of
# their network: they load as the pickles written since do
# (tests/test_persistence.py)
_unpickled_network = unpickled_network

# what a warm fit may change: how long and how it trains the fitted network,
# not the network, its levels, its members, its loss or its optimizer
_WARM_PARAMS = frozenset(
    {
        "batch_size",
        "callbacks",
        "early_stopping",
        "epochs",
        "n_iter_no_change",
        "random_state",
        "shuffle",
        "validation_fraction",
        "verbose",
        "warm_start",
    }
)
_WARM_ROUTES = ("callbacks__", "fit__", "predict__")


def _same_value(a, b):
    """Whether two parameter values are equal (lists and tuples item by item,
    arrays element-wise; objects that cannot tell, by identity)."""
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(map(_same_value, a, b))
    try:
        return bool(np.all(a == b)) and np.shape(a) == np.shape(b)
    except (TypeError, ValueError):
        return a is b


def _seed(random_state):
    """An integer seed from ``random_state``; for ``None``, a fresh one from
    the operating system, so that no global generator is read (Keras, given
    no seed, draws each layer's from Python's ``random``)."""
    if random_state is None:
        return int(np.random.default_rng().integers(2**31 - 1))
    if isinstance(random_state, Integral):
        return int(random_state)
    return int(check_random_state(random_state).randint(2**31 - 1))


def _forecasts_quantiles(model):
    """Whether ``predict_quantiles`` applies: the levels fitted, once fitted
    (``set_params(quantiles=...)`` changes the next fit, not this one); the
    parameter before."""
    if hasattr(model, "quantiles_"):
        return model.quantiles_ is not None
    return model.quantiles is not None


class BaseLSTMRegressor(RegressorMixin, BaseWrapper):
    """Shared machinery of :class:`LSTMRegressor` and :class:`Seq2SeqLSTMRegressor`.

    It stands on scikeras' ``BaseWrapper`` rather than its ``KerasRegressor``:
    ``KerasRegressor`` puts ``RegressorMixin`` after ``BaseEstimator``, an order
    no subclass can undo, so scikit-learn would not see a regressor. What
    ``KerasRegressor`` adds (R² scoring, numeric targets, a target encoder)
    comes from ``RegressorMixin`` and from this class.

    Subclasses list every hyper-parameter in ``__init__`` (assigning them, and
    routed ``prefix__name`` keyword arguments, as they are) and implement
    ``_build_graph(meta, seed)`` returning an uncompiled ``keras.Model``.
    """

    # scikeras reads these; the network comes from ``_build_graph`` instead
    model = None
    build_fn = None
    # the prefixes that set_params routes as they are, where scikit-learn's
    # would look for an estimator's parameter: callbacks__<name> too
    _routing_prefixes = BaseWrapper._routing_prefixes | {"callbacks"}

    _parameter_constraints = {
        "units": [Interval(Integral, 1, None, closed="left"), tuple],
        "dropout": [Interval(Real, 0, 1, closed="left")],
        "recurrent_dropout": [Interval(Real, 0, 1, closed="left")],
        "bidirectional": ["boolean"],
        "window_norm": [StrOptions(set(WINDOW_NORMS)), None],
        "window_scale": [StrOptions(set(WINDOW_SCALES))],
        "season_length": [Interval(Integral, 1, None, closed="left"), None],
        "n_seasons": [Interval(Integral, 1, None, closed="left")],
        "smoothing": [tuple, list, StrOptions({"auto", "channels", "state"})],
        "n_members": [Interval(Integral, 1, None, closed="left")],
        "output_penalty": [Interval(Real, 0, None, closed="left")],
        "linear_skip": ["boolean"],
        "target_channel": [Interval(Integral, 0, None, closed="left")],
        "future_channels": [Interval(Integral, 0, None, closed="left")],
        "quantiles": ["array-like", None],
        "scale_target": ["boolean"],
        "learning_rate": [Interval(Real, 0, None, closed="neither"), None],
        "epochs": [Interval(Integral, 1, None, closed="left")],
        "batch_size": [
            Interval(Integral, 1, None, closed="left"),
            Options(Integral, {-1}),  # every row at once, as fit's and scikeras'
            StrOptions({"auto"}),
            None,
        ],
        "early_stopping": ["boolean"],
        "validation_fraction": [Interval(Real, 0, 1, closed="neither")],
        "n_iter_no_change": [Interval(Integral, 1, None, closed="left")],
        "shuffle": ["boolean"],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
        "warm_start": ["boolean"],
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

    def set_params(self, **params):
        """Set the parameters: those of ``__init__`` and routed ones.

        Parameters
        ----------
        **params : dict
            Parameter names mapped to their values: those of ``__init__``,
            or routed ``prefix__name`` ones such as ``optimizer__beta_1``,
            ``callbacks__patience`` or ``fit__shuffle``.

        Returns
        -------
        self : BaseLSTMRegressor
            The regressor.

        Raises
        ------
        ValueError
            For a name that is neither one of ``get_params`` nor a routed
            one, in the words of ``fit``, which refuses it given to the
            constructor.
        """
        given = self.get_params()
        check_param_names(self, [name for name in params if name not in given])
        return super().set_params(**params)

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
        tags.target_tags.multi_output = True
        tags.input_tags.three_d_array = True
        return tags

    # -- fit -------------------------------------------------------------------

    def fit(self, X, y, sample_weight=None, **kwargs):
        """Build a new network and train it on windows ``X`` and targets ``y``.

        Parameters
        ----------
        X : array-like of shape (n_samples, window) or \
                (n_samples, window, n_channels)
            Windows, oldest step first: 2-D input is univariate.
        y : array-like of shape (n_samples,) or (n_samples, horizon)
            Targets. Early stopping holds out the latest rows (of each series
            of a panel): in time, where a pandas index gives it (a panel's
            last level; the dates, periods or numbers of one series), else
            the last rows, taken to be in time order.
        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the samples in the loss, not negative; a row of weight
            zero is left out.
        **kwargs : dict
            Passed to ``keras.Model.fit``; prefer ``fit__<name>`` parameters.

        Returns
        -------
        self : estimator instance
            The fitted estimator.
        """
        # the Keras objects a fit makes leave the names of the user's as
        # they were (Keras counts the names it gives across the process)
        with keras_names_kept():
            self._check_fit_settings(kwargs, warm=self.warm_start)
            if self.warm_start and self.initialized_:
                # on from the epoch the fits before got to, as partial_fit:
                # the rows in that epoch's orders, the history going on
                kwargs.setdefault("initial_epoch", self.current_epoch)
            return super().fit(X, y, sample_weight=sample_weight, **kwargs)

    def partial_fit(self, X, y, sample_weight=None, **kwargs):
        with keras_names_kept():
            self._check_fit_settings(kwargs, warm=True, partial=True)
            return super().partial_fit(X, y, sample_weight=sample_weight, **kwargs)

    # fit's parameters and return value, under a first line of its own (none
    # under ``python -OO``)
    partial_fit.__doc__ = (
        None
        if fit.__doc__ is None
        else fit.__doc__.replace(
            "Build a new network and train it on windows ``X`` and targets ``y``.",
            "Train for one epoch: the fitted network if any, else a new one.",
            1,
        )
    )

    def _check_fit_settings(self, kwargs, *, warm, partial=False):
        """The checks of ``fit`` and ``partial_fit`` (``partial``), before
        any training: the parameters, the network a warm fit keeps training,
        the quantile levels, the Keras settings (the callbacks made) and
        ``fit``'s keyword arguments ``kwargs`` (its ``callbacks`` made a
        list there)."""
        self._validate_params()
        if partial and self.early_stopping:
            # each call would hold out its last rows to score its one epoch,
            # which cannot stop: those rows would never train
            raise ValueError(
                "partial_fit trains one epoch on every row it is given: "
                "early_stopping=True would hold out the last rows at each call, "
                "and they would never train (scikit-learn's MLPRegressor and "
                "SGDRegressor refuse it too). Set early_stopping=False for "
                "partial_fit, or fit with warm_start=True, which stops over "
                "its epochs."
            )
        if warm and self.initialized_:
            self._check_warm_network(partial)
        self._check_quantiles()
        self._loss_power()  # a loss that ``window_scale`` cannot weigh: raises
        check_keras_settings(self)
        # the callbacks of this fit, from the parameters as they are now (a
        # warm fit may change them), refused while the fitted network stays
        BaseWrapper._initialize_callbacks(self)
        check_fit_arguments(self, kwargs)
        if "callbacks" in kwargs:  # a list, as the fit reads it
            kwargs["callbacks"] = as_callbacks(kwargs["callbacks"])
        if not partial:  # partial_fit trains one epoch: scikeras refuses them
            check_epoch_arguments(self, kwargs)
        given = [*self._fit_callbacks, *(kwargs.get("callbacks") or ())]
        if not self.early_stopping:
            # the Keras recipes' EarlyStopping (ReduceLROnPlateau alike)
            # watches val_loss, which only early_stopping makes: Keras would
            # warn at every epoch and never stop
            for callback in given:
                monitor = getattr(callback, "monitor", None)
                if isinstance(callback, keras.callbacks.ModelCheckpoint) and (
                    not callback.save_best_only
                ):
                    continue  # it saves every epoch, reading no monitor
                if isinstance(monitor, str) and monitor.startswith("val_"):
                    raise ValueError(
                        f"{type(callback).__name__}(monitor={monitor!r}) "
                        "watches the validation rows, but there are no "
                        "validation rows: set `early_stopping=True`, which "
                        "holds out the last `validation_fraction` of the rows "
                        "after a gap and stops after `n_iter_no_change` epochs "
                        "without improvement, or monitor 'loss'."
                    )
        check_member_monitors(given)
        if "batch_size" in kwargs:
            check_batch_size(kwargs["batch_size"], "batch_size", auto=True)
        if self.recurrent_dropout and not checking_only():  # warned in its fit
            warnings.warn(
                "recurrent_dropout > 0 rules out the fused cuDNN LSTM kernel on "
                "GPU, which makes training several times slower there. Prefer "
                "`dropout`, applied between layers.",
                UserWarning,
                stacklevel=user_stacklevel(),
            )

    # -- scikeras' hooks -------------------------------------------------------

    def _initialize(self, X, y=None):
        # scikeras seeds by setting the process' global generators; the seed
        # goes to the builder and the batch order instead
        self._seed = _seed(self.random_state)
        self._built_params = self._network_params()
        with keras_names_kept():  # as in fit, for scikeras' initialize
            return super()._initialize(X, y)

    def _initialize_callbacks(self):
        # scikeras makes the callbacks once a new network is built, and not
        # for a warm fit: _check_fit_settings makes them before each fit
        pass

    def _fit(self, X, y, sample_weight, warm_start, epochs, initial_epoch, **kwargs):
        # a fit that raises leaves the estimator as it was: not with a new,
        # untrained network (a check of scikeras' after the build), nor with
        # the parameters of a network that was not built. (A warm fit that
        # fails while training has trained its network on, in place.)
        fitted = dict(vars(self))
        try:
            return self._fit_rows(
                X, y, sample_weight, warm_start, epochs, initial_epoch, **kwargs
            )
        except Exception:
            vars(self).clear()
            vars(self).update(fitted)
            raise

    def _fit_rows(
        self, X, y, sample_weight, warm_start, epochs, initial_epoch, **kwargs
    ):
        # fit and partial_fit have checked the parameters (_check_fit_settings)
        rows = {len(a) for a in (X, y) if hasattr(a, "__len__")}
        # against the rows where X and y agree (else their mismatch is told)
        check_sample_weight(sample_weight, rows.pop() if len(rows) == 1 else None)
        X, y, sample_weight = _weighed_rows(X, y, sample_weight)
        # early stopping holds out the latest rows of each series, whatever
        # their order: the rows' series (a panel's) and times, where y's index
        # says them, for _fit_keras_model, which scikeras gives y without its
        # index (fit and partial_fit both come here); kept for this fit only
        self._row_series = self._row_times = None
        if self.early_stopping:  # refused before the network is built
            self._row_series, self._row_times = row_series(y), row_times(y)
            shape = np.asarray(y).shape  # array-likes without len() too
            if shape:  # (a y of None or a number: the data's checks refuse it)
                validation_rows(
                    shape[0],
                    1 if len(shape) == 1 else shape[1],
                    self.validation_fraction,
                    self._row_series,
                    self._row_times,
                )
        # the weights that choose the constants of smoothing="auto", as
        # HoltWintersRegressor's fit weighs them (scikeras checks the data,
        # where they are chosen, without them); kept for this fit only
        self._fit_weights = sample_weight
        if (self.warm_start or warm_start) and self.initialized_:
            # the fitted network trains on: the orders of its batches from
            # random_state as it is now, as scikit-learn's MLPRegressor and
            # SGDRegressor read it at every fit, warm or partial (a new
            # network takes it in _initialize)
            self._seed = _seed(self.random_state)
        try:
            return super()._fit(
                X, y, sample_weight, warm_start, epochs, initial_epoch, **kwargs
            )
        finally:
            del self._row_series, self._row_times, self._fit_weights

    def _network_params(self):
        """The parameters the network was built and compiled with: all but
        those of the training loop, which a warm fit may change."""
        return {
            name: value
            for name, value in self.get_params(deep=False).items()
            if name not in _WARM_PARAMS and not name.startswith(_WARM_ROUTES)
        }

    def _check_warm_network(self, partial=False):
        """Refuse, before any training, to keep training a network that was
        built or compiled with other parameters than the current ones (in
        a warm fit, or in ``partial``, a ``partial_fit``, which keeps
        training it whatever ``warm_start`` is)."""
        built = getattr(self, "_built_params", None)
        if built is None:
            return
        now = self._network_params()
        changed = [
            name
            for name in sorted(set(built) | set(now))
            if not _same_value(built.get(name), now.get(name))
        ]
        if changed:
            shown = ", ".join(
                f"{name}={now.get(name)!r} (built with {built.get(name)!r})"
                for name in changed[:4]
            )
            raise ValueError(
                f"{'partial_fit' if partial else 'warm_start=True'} keeps "
                "training the fitted network, which was built and compiled "
                f"with other parameters: {shown}. Set them back, or fit with "
                "warm_start=False to build a new network."
            )

    def _validate_data(self, X=None, y=None, reset=False, y_numeric=True):
        # scikeras calls this at fit (reset=True) and at predict
        X, y = check_network_data(self, X, y, reset=reset)
        if reset:
            check_window_scale(self, X)
            # a new network: nothing fitted for the one before stays
            for name in (
                "channel_scale_",
                "smoothing_",
                "future_loc_",
                "future_scale_",
            ):
                self.__dict__.pop(name, None)
        check_network_smoothing(self, X)
        if reset and self.window_norm is not None:
            self.channel_scale_ = window_norm_scale(
                X, self.window_norm, self.season_length
            )
        if reset and self.window_norm == "holt_winters":
            # the constants of the untrained start, as HoltWintersRegressor's
            self.smoothing_ = fitted_smoothing(
                self.smoothing,
                X[:, :, self.target_channel],
                y,
                self.season_length,
                getattr(self, "_fit_weights", None),  # None from initialize
            )
        if reset and self.future_channels:
            # the known inputs over the forecast enter in their own units,
            # standardised (a window norm would keep only their changes)
            known = np.asarray(X[:, -1, -self.future_channels :], dtype=np.float64)
            self.future_loc_ = known.mean(axis=0)
            self.future_scale_ = nonzero_scale(known.std(axis=0), known)
        if reset:  # the new network's levels (a warm fit keeps its network's)
            self.quantiles_ = self._check_quantiles()
        if reset and self.n_members > 1 and self.quantiles_ is None:
            # the user's loss (quantiles' is skltsm's), on y's outputs
            check_member_loss(
                self._get_compile_kwargs()["loss"],
                self.n_members,
                1 if np.ndim(y) < 2 else np.shape(y)[1],
            )
        if reset and checking_only():  # the network is built next
            raise ChecksPassed
        return X, y

    @property
    def feature_encoder(self):
        """The windows as they are (scikeras' identity), with its output
        kept as arrays whatever ``transform_output`` is set to: it makes no
        DataFrame, and would warn about it."""
        return FunctionTransformer().set_output(transform="default")

    @property
    def target_encoder(self):
        """The target scaler: standardises ``y`` when ``scale_target``."""
        return TargetScaler(
            scale=self.scale_target,
            n_members=self.n_members,
            levels=quantile_levels(self.quantiles),
        )

    def _build_keras_model(self):
        model = self._build_graph(self._get_metadata(), seed=self._seed)
        kwargs = self._get_compile_kwargs()
        for metric in kwargs.get("weighted_metrics") or ():
            # Keras resets a metric at each epoch only once the network has
            # built its metrics: the totals of a fit before would count
            if isinstance(metric, keras.metrics.Metric):
                metric.reset_state()
        model.compile(**kwargs)
        return model

    def _get_compile_kwargs(self):
        kwargs = super()._get_compile_kwargs()
        if isinstance(self.optimizer, keras.optimizers.Optimizer):
            # Keras builds an optimizer for one network's weights: each fit
            # trains a copy, and the user's instance stays as it was given (a
            # name or a class is made anew by scikeras at each compile)
            optimizer = kwargs["optimizer"]
            kwargs["optimizer"] = type(optimizer).from_config(optimizer.get_config())
        levels = quantile_levels(self.quantiles)
        if levels is not None:
            kwargs["loss"] = PinballLoss(levels, self.n_members)
        # a routed optimizer__learning_rate takes precedence; an optimizer
        # instance keeps its own
        if (
            self.learning_rate is not None
            and "optimizer__learning_rate" not in vars(self)
            and (isinstance(self.optimizer, str) or isinstance(self.optimizer, type))
        ):
            kwargs["optimizer"].learning_rate = self.learning_rate
        # weighted, as the loss is: rows that pad a batch weigh nothing (an
        # unweighted metric would count them), and each member of an
        # ensemble is measured on its own rows
        metrics = kwargs.pop("metrics", None)
        if metrics is not None:
            kwargs["weighted_metrics"] = [
                *(kwargs.get("weighted_metrics") or ()),
                *metrics,
            ]
        return kwargs

    def _fit_keras_model(
        self, X, y, sample_weight, warm_start, epochs, initial_epoch=0, **kwargs
    ):
        args = route_params(
            self.get_params(), destination="fit", pass_filter=self._fit_kwargs
        )
        args.update(kwargs)
        # callbacks given to fit (Keras' argument) run with those of the
        # parameters, for this fit alone: scikeras dropped them
        callbacks = [*self._fit_callbacks, *(kwargs.get("callbacks") or ())]
        args = {k: v for k, v in args.items() if not k.startswith("callbacks")}
        for given in ("sample_weight", "epochs", "initial_epoch"):
            args.pop(given, None)
        history = fit_network(
            self.model_,
            X,
            y,
            self._row_weights(X, sample_weight),
            epochs=epochs,
            initial_epoch=initial_epoch,
            seed=self._seed,
            early_stopping=self.early_stopping,
            validation_fraction=self.validation_fraction,
            n_iter_no_change=self.n_iter_no_change,
            groups=self._row_series,
            times=self._row_times,
            n_members=self.n_members,
            callbacks=callbacks,
            scales_windows=self.window_norm is not None,
            **args,
        )
        if not warm_start or not hasattr(self, "history_") or initial_epoch == 0:
            self.history_ = defaultdict(list)
        before = len(self.history_["loss"])
        # each entry by the name Keras logs it by: Keras' own metrics by their
        # full names ("mae" is compiled as "mean_absolute_error"), the user's by
        # theirs, and their validation values alike
        for key, values in history.items():
            # one value per epoch: NaN for those of a fit that did not record
            # it (a warm fit may switch early stopping)
            self.history_[key] += [np.nan] * (before - len(self.history_[key]))
            self.history_[key] += values
        for values in self.history_.values():
            values += [np.nan] * (len(self.history_["loss"]) - len(values))

    def _loss_power(self):
        """``loss_power`` of this regressor's loss, where
        ``window_scale="spread"`` weighs its rows; else ``None``."""
        if self.window_scale != "spread":
            return None
        return loss_power(self.loss, quantile_levels(self.quantiles))

    def _row_weights(self, X, sample_weight):
        """``sample_weight``, times each row's weight in units of its own
        window where ``window_scale="spread"`` (``spread_weights``)."""
        power = self._loss_power()  # a window norm is checked at fit
        if power is None:
            return sample_weight
        c = self.target_channel
        weights = spread_weights(
            X[:, :, c],
            self.season_length or 1,
            channel_scale=self.channel_scale_[c],
            scale=np.mean(self.target_encoder_.scale_),
            power=power,
        )
        if sample_weight is None:
            return weights
        return weights * np.asarray(sample_weight, dtype=np.float64)

    def _predict_raw(self, X, **kwargs):
        if not self.initialized_:
            raise NotFittedError(
                f"This {type(self).__name__} instance is not fitted yet. Call "
                "'fit' with appropriate arguments before using this estimator."
            )
        # checked before Keras, which would not name them. Routed predict__
        # parameters may have been set since the fit
        routed = {
            k[9:]: vars(self)[k]
            for k in self._extra_params()
            if k.startswith("predict__")
        }
        check_predict_arguments(self, routed, "predict__")
        check_predict_arguments(self, kwargs)
        name = "batch_size" if "batch_size" in kwargs else "predict__batch_size"
        args = {**routed, **kwargs}
        batch_size = args.get("batch_size")
        check_batch_size(batch_size, name)
        X, _ = self._validate_data(X=X)
        if batch_size is None:
            batch_size = PREDICT_BATCH_SIZE
        elif batch_size == -1:  # every row at once, as in scikeras
            batch_size = len(X)
        batch_size = int(batch_size)  # True is 1, as a parameter's constraint
        outputs = predict_network(
            self.model_,
            X,
            batch_size=batch_size,
            verbose=args.get("verbose", self.verbose),
        )
        if not np.isfinite(outputs).all():
            raise ValueError(
                f"{type(self).__name__} predicts {int((~np.isfinite(outputs)).sum())} "
                "non-finite values: the network overflowed on these windows. "
                "Rescale the inputs (e.g. with a SequenceScaler)."
            )
        return outputs

    # -- quantiles -------------------------------------------------------------

    def _check_quantiles(self):
        """Refuse, before any training, levels that are not levels, and a
        ``loss`` that the pinball loss of ``quantiles`` would replace;
        return ``quantiles_``, the levels asked, sorted (set once the data
        have passed their checks)."""
        levels = quantile_levels(self.quantiles)
        if levels is not None and self.loss != "mse":
            raise ValueError(
                f"`quantiles` trains with the pinball loss of its levels; "
                f"`loss={self.loss!r}` cannot apply too. Leave `loss` at its "
                "default."
            )
        return None if levels is None else asked_levels(self.quantiles)

    @available_if(_forecasts_quantiles)
    def predict_quantiles(self, X):
        """Forecast the quantiles of ``y`` given in ``quantiles``.

        Parameters
        ----------
        X : array-like of shape (n_samples, window) or \
                (n_samples, window, n_channels)
            Windows, as for ``predict``.

        Returns
        -------
        quantiles : ndarray of shape (n_samples, n_quantiles) or \
                (n_samples, n_outputs, n_quantiles)
            The levels of ``quantiles``, in increasing order (without the
            median unless it is one of them): 2-D for a 1-D ``y`` at fit,
            else one row of levels per step ahead. They never cross.
            Only a regressor fitted with ``quantiles`` has this method.
        """
        raw = self._predict_raw(X)  # raises if not fitted
        levels = self.target_encoder_.levels
        quantiles = self.target_encoder_.inverse_quantiles(raw)
        return quantiles[..., level_positions(levels, self.quantiles_)]

    # -- the network -------------------------------------------------------------

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
            "n_seasons": self.n_seasons,
            "smoothing": (
                meta["smoothing_"]
                if self.window_norm == "holt_winters"
                else self.smoothing
                if smoothing_channels(self.smoothing)
                else DEFAULT_SMOOTHING
            ),
            "horizon": meta["n_outputs_"],
            "scale": self.window_scale,
        }

    def _future_inputs(self, meta):
        """The ``future`` argument of the graph builders."""
        if not self.future_channels:
            return None
        return {
            "channels": self.future_channels,
            "loc": meta["future_loc_"],
            "scale": meta["future_scale_"],
        }

    def _input_shape(self, meta):
        return (meta["n_features_in_"], meta["n_channels_in_"])

    # -- persistence -----------------------------------------------------------

    def __getstate__(self):
        # the network by Keras' own pickling, with its random states;
        # copy.deepcopy comes here too
        return pickled_state(super().__getstate__())

    # -- export ----------------------------------------------------------------

    def to_keras(self):
        """The trained network as a standalone Keras model, in the units of ``y``.

        The estimator trains on standardised targets and maps predictions back
        outside the network; this model folds that step in, so that it serves
        alone (TensorFlow Serving, a Keras-only process). It is a copy: a warm
        fit of the estimator leaves it as it was, and training it leaves the
        estimator as it was. Save it in the native format with
        ``.save("model.keras")``; load it with ``keras.saving.load_model``
        after ``import skltsm``, which registers skltsm's layers. To keep the
        whole estimator, pickle it with ``joblib``.

        Returns
        -------
        model : keras.Model
            Windows of shape ``(n_samples, window, n_channels)`` in, predictions
            of shape ``(n_samples, n_outputs)`` out; with ``quantiles``, of
            shape ``(n_samples, n_outputs, n_levels)``, the levels being the
            sorted ``quantiles`` and the median. Its outputs are in the
            variable type of Keras' dtype policy, float32 by default: they
            equal ``predict``'s, which maps the network's outputs to the units
            of ``y`` in float64, to float32's rounding (a relative 1e-7). It
            reads the windows in the type the fitted network reads them in
            (float64 under a float64 policy); Keras' ``Model.predict`` casts
            its input to ``keras.config.floatx()`` first, so under
            ``set_dtype_policy("float64")`` with ``floatx`` left at float32,
            call the model on the windows (``model(X)``) to keep float64.
        """
        if not self.initialized_:
            raise NotFittedError(
                f"This {type(self).__name__} instance is not fitted yet. Call "
                "'fit' before exporting its network."
            )
        return standalone_network(
            self.model_,
            self.target_loc_,
            self.target_scale_,
            self.target_encoder_.levels,  # the network's, as fitted
        )


def _weighed_rows(X, y, sample_weight):
    """The rows whose weight is not zero (in Keras' float type, as scikeras
    compares them), and their weights: a row of weight zero is left out
    before anything is fitted on the rows (the target's scale, the window
    norm's, the smoothing constants, the known inputs' scale), as if it had
    not been given; scikeras would leave it out of the training alone."""
    if sample_weight is None:
        return X, y, None
    weights = np.asarray(sample_weight)
    if not hasattr(X, "__len__"):  # an array-like that numpy reads, no more
        X = np.asarray(X)
    if not hasattr(y, "__len__"):
        y = np.asarray(y)
    if weights.ndim != 1 or not len(weights) == len(X) == len(y):
        return X, y, sample_weight  # a scalar, or lengths that scikeras refuses
    zero = weights.astype(keras.backend.floatx()) == 0
    if not zero.any() or zero.all():
        return X, y, sample_weight  # nothing to leave out, or scikeras' error
    kept = np.flatnonzero(~zero)
    return _safe_indexing(X, kept), _safe_indexing(y, kept), weights[kept]
