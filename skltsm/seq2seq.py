"""``Seq2SeqLSTMRegressor``: an encoder–decoder LSTM for multi-step targets."""

from numbers import Integral

from ._base import BaseLSTMRegressor
from ._compat import Interval
from ._docs import fill_shared_docs
from ._models import build_seq2seq
from ._quantiles import quantile_levels
from ._smoothing import DEFAULT_SMOOTHING

__all__ = ["Seq2SeqLSTMRegressor"]


@fill_shared_docs
class Seq2SeqLSTMRegressor(BaseLSTMRegressor):
    """An encoder–decoder LSTM that forecasts ``H`` steps as a sequence.

    ``Input → LSTM encoder → RepeatVector(H) → LSTM decoder →
    TimeDistributed(Dense(1))``: the encoder reads the window into one state,
    the decoder unrolls it into one output per step. It fits ``y`` of shape
    (n_samples, H), as built by ``make_supervised(..., horizon=H)``; a 1-D ``y``
    is a one-step sequence.

    Parameters
    ----------
    units : int, default=64
        The units of the encoder LSTM.
    decoder_units : int, default=None
        The units of the decoder LSTM; ``None`` uses ``units``.
    dropout : float, default=0.0
        The rate of the Dropout layers after the encoder and the decoder.
    %(shared_parameters)s

    %(shared_attributes)s

    See Also
    --------
    LSTMRegressor : Many-to-one LSTM; direct multi-output with a dense head.
    make_supervised : Build ``(n_samples, H)`` targets with ``horizon=H``.

    Notes
    -----
    With ``bidirectional=True`` both the encoder and the decoder are wrapped in
    ``Bidirectional``. Consecutive rows share ``H - 1`` target steps: validate
    with ``TimeSeriesSplit(gap=H - 1)`` or more.

    Examples
    --------
    >>> import numpy as np
    >>> from skltsm import Seq2SeqLSTMRegressor, make_supervised
    >>> X, Y = make_supervised(np.sin(np.arange(200) / 5), history=18, horizon=6)
    >>> model = Seq2SeqLSTMRegressor(units=8, epochs=2, random_state=0).fit(X, Y)
    >>> model.predict(X[-2:]).shape
    (2, 6)

    The 18-in, 18-out bidirectional tutorial model:

    >>> tutorial = Seq2SeqLSTMRegressor(units=32, bidirectional=True)
    """

    _parameter_constraints = {
        **BaseLSTMRegressor._parameter_constraints,
        "units": [Interval(Integral, 1, None, closed="left")],
        "decoder_units": [Interval(Integral, 1, None, closed="left"), None],
    }

    def __init__(
        self,
        units=64,
        *,
        decoder_units=None,
        dropout=0.0,
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
        self.decoder_units = decoder_units
        self.dropout = dropout
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
        return build_seq2seq(
            self._input_shape(meta),
            meta["n_outputs_"],
            units=self.units,
            decoder_units=self.decoder_units,
            dropout=self.dropout,
            recurrent_dropout=self.recurrent_dropout,
            bidirectional=self.bidirectional,
            window_norm=self._window_norm(meta),
            n_members=self.n_members,
            output_penalty=self.output_penalty,
            linear_skip=self.linear_skip,
            future=self._future_inputs(meta),
            quantiles=quantile_levels(self.quantiles),
            seed=seed,
        )
