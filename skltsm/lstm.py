"""``LSTMRegressor``: a many-to-one LSTM as a scikit-learn regressor."""

from numbers import Integral

from ._base import BaseLSTMRegressor
from ._compat import Interval
from ._docs import fill_shared_docs
from ._models import build_lstm
from ._params import as_units
from ._quantiles import quantile_levels
from ._smoothing import DEFAULT_SMOOTHING

__all__ = ["LSTMRegressor"]


@fill_shared_docs
class LSTMRegressor(BaseLSTMRegressor):
    """A stacked LSTM regressor on windows, with a dense head.

    ``Input → [LSTM → Dropout] × len(units) → Dense(dense_units)… → Dense(H)``.
    It predicts ``y`` of shape (n_samples,) or, for ``H`` steps at once (direct
    multi-output), (n_samples, H). The target is standardised internally and the
    predictions are returned in its units.

    Parameters
    ----------
    units : int or tuple of int, default=64
        The units of each LSTM layer: ``(64, 32)`` stacks two.
    dropout : float, default=0.0
        The rate of the Dropout layer after each LSTM layer.
    dense_units : int or tuple of int, default=()
        Hidden dense layers between the last LSTM and the output.
    dense_activation : str, default=None
        The activation of the hidden dense layers (a Keras name such as
        ``"relu"``); ``None`` keeps them linear, as in the tutorials. With
        ``future_channels``, a non-linear head can learn a non-linear
        response to the inputs known over the forecast (demand against
        temperature), which reach the head directly.
    %(shared_parameters)s

    %(shared_attributes)s

    See Also
    --------
    Seq2SeqLSTMRegressor : Encoder–decoder for multi-step targets.
    SlidingWindow : Crop the windows; the window length is tuned there.

    Examples
    --------
    >>> import numpy as np
    >>> from skltsm import LSTMRegressor, make_supervised
    >>> series = np.sin(np.arange(300) / 5)
    >>> X, y = make_supervised(series, history=12)
    >>> model = LSTMRegressor(units=8, epochs=2, random_state=0).fit(X, y)
    >>> model.predict(X[-3:]).shape
    (3,)

    The stacked tutorial model, LSTM(50) × 2 with Dropout(0.2) and Dense(25):

    >>> tutorial = LSTMRegressor(units=(50, 50), dropout=0.2, dense_units=25)
    """

    _parameter_constraints = {
        **BaseLSTMRegressor._parameter_constraints,
        "dense_units": [Interval(Integral, 1, None, closed="left"), tuple],
        "dense_activation": [str, None],
    }

    def __init__(
        self,
        units=64,
        *,
        dropout=0.0,
        dense_units=(),
        dense_activation=None,
        recurrent_dropout=0.0,
        bidirectional=False,
        window_norm=None,
        window_scale="channel",
        season_length=None,
        n_seasons=1,
        smoothing=DEFAULT_SMOOTHING,
        n_members=1,
        output_penalty=0.0,
        linear_skip=False,
        target_channel=0,
        future_channels=0,
        quantiles=None,
        scale_target=True,
        optimizer="adam",
        learning_rate=0.001,
        loss="mse",
        metrics=None,
        epochs=50,
        batch_size="auto",
        early_stopping=False,
        validation_fraction=0.1,
        n_iter_no_change=10,
        shuffle=True,
        random_state=None,
        verbose=0,
        callbacks=None,
        warm_start=False,
        **kwargs,
    ):
        self.units = units
        self.dropout = dropout
        self.dense_units = dense_units
        self.dense_activation = dense_activation
        self.recurrent_dropout = recurrent_dropout
        self.bidirectional = bidirectional
        self.window_norm = window_norm
        self.window_scale = window_scale
        self.season_length = season_length
        self.n_seasons = n_seasons
        self.smoothing = smoothing
        self.n_members = n_members
        self.output_penalty = output_penalty
        self.linear_skip = linear_skip
        self.target_channel = target_channel
        self.future_channels = future_channels
        self.quantiles = quantiles
        self.scale_target = scale_target
        self.optimizer = optimizer
        self.learning_rate = learning_rate
        self.loss = loss
        self.metrics = metrics
        self.epochs = epochs
        self.batch_size = batch_size
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.shuffle = shuffle
        self.random_state = random_state
        self.verbose = verbose
        self.callbacks = callbacks
        self.warm_start = warm_start
        vars(self).update(kwargs)  # routed ``prefix__name`` parameters

    def _build_graph(self, meta, seed=None):
        return build_lstm(
            self._input_shape(meta),
            meta["n_outputs_"],
            units=as_units(self.units),
            dropout=self.dropout,
            recurrent_dropout=self.recurrent_dropout,
            bidirectional=self.bidirectional,
            dense_units=(
                as_units(self.dense_units, "dense_units") if self.dense_units else ()
            ),
            dense_activation=self.dense_activation,
            window_norm=self._window_norm(meta),
            n_members=self.n_members,
            output_penalty=self.output_penalty,
            linear_skip=self.linear_skip,
            future=self._future_inputs(meta),
            quantiles=quantile_levels(self.quantiles),
            seed=seed,
        )
