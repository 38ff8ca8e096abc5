"""Scaling: ``SequenceScaler`` for the inputs, and the regressors' own scaling.

``SequenceScaler`` scales each channel of a stack of windows inside a pipeline.
The regressors scale the rest themselves, with the two helpers at the end of
this module: ``TargetScaler`` standardises ``y`` (and maps predictions back),
``window_norm_scale`` gives ``window_norm`` the typical size of each channel's
steps. Every statistic is computed in float64, whatever the input's dtype: a
float32 series of 1e30 has a finite standard deviation, whose float32 square
would overflow.
"""

from numbers import Real

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from ._compat import StrOptions, _fit_context, _is_constant_feature
from ._layers import full_precision
from ._output import WindowOutputMixin
from ._spread import nonzero_scale
from ._validation import check_windows
from ._views import series_of, windows_of

__all__ = ["SequenceScaler", "TargetScaler", "window_norm_scale"]


class SequenceScaler(
    OneToOneFeatureMixin, WindowOutputMixin, TransformerMixin, BaseEstimator
):
    """Scale each channel of windows with statistics learnt at fit.

    One statistic per channel, computed over every step of every window that
    ``fit`` sees — only the training rows inside a pipeline, so nothing leaks
    from the future. A window's steps share their channel's scale, so cropping
    windows afterwards (``SlidingWindow``) keeps them comparable.

    Parameters
    ----------
    method : {"standard", "minmax", "robust"}, default="standard"
        ``"standard"``: subtract the mean, divide by the standard deviation.
        ``"minmax"``: map ``[min, max]`` to ``feature_range``.
        ``"robust"``: subtract the median, divide by the ``quantile_range``
        interquartile range.
    feature_range : tuple (min, max), default=(0, 1)
        The target range of ``"minmax"``.
    quantile_range : tuple (q_min, q_max), default=(25.0, 75.0)
        The percentiles whose distance is the scale of ``"robust"``.

    Attributes
    ----------
    center_ : ndarray of shape (n_channels,)
        Subtracted from each channel (after ``scale_`` for ``"minmax"``, see
        Notes).
    scale_ : ndarray of shape (n_channels,)
        Each channel is divided by it; 1 where a channel is constant.
    n_features_in_ : int
        The window length seen during fit.
    n_channels_in_ : int
        The number of channels seen during fit (1 for 2-D input).
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the input columns, for 2-D DataFrame input.

    See Also
    --------
    SlidingWindow : Crop or flatten windows.
    sklearn.preprocessing.StandardScaler : Scales each column on its own.

    Notes
    -----
    Every method computes ``(X - center_) / scale_`` per channel, and
    ``inverse_transform`` computes ``X * scale_ + center_``. 2-D input of shape
    (n_samples, window) is one channel: all its columns are lags of the same
    variable and share one scale (unlike ``StandardScaler``, which would scale
    each lag differently). Place the scaler before ``SlidingWindow(flatten=True)``
    when there are several channels.

    The regressors of skltsm scale the target themselves; this scaler is for the
    inputs.

    Windows that view a series (what ``make_supervised`` returns, cropped or
    not) are never materialised: the statistics come from the series' rows,
    each weighted by the number of windows that hold it (the same figures), and
    ``transform`` returns windows of the scaled series, a read-only view. The
    memory is that of the series, not ``n_samples × window`` values.

    Examples
    --------
    >>> import numpy as np
    >>> from skltsm import SequenceScaler, make_supervised
    >>> X, y = make_supervised(np.column_stack([np.arange(8.0), 10 * np.arange(8.0)]),
    ...                        history=3, target=0)
    >>> scaler = SequenceScaler(method="minmax").fit(X)
    >>> scaler.scale_
    array([ 6., 60.])
    >>> Xt = scaler.transform(X)
    >>> Xt[-1, -1], np.allclose(scaler.inverse_transform(Xt), X)
    (array([1., 1.]), True)
    """

    _parameter_constraints = {
        "method": [StrOptions({"standard", "minmax", "robust"})],
        "feature_range": [tuple],
        "quantile_range": [tuple],
    }

    def __init__(
        self,
        method="standard",
        *,
        feature_range=(0, 1),
        quantile_range=(25.0, 75.0),
    ):
        self.method = method
        self.feature_range = feature_range
        self.quantile_range = quantile_range

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Learn each channel's center and scale.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_steps) or \
                (n_samples, n_steps, n_channels)
            Windows, oldest step first; finite values.
        y : None
            Ignored.

        Returns
        -------
        self : SequenceScaler
            The fitted scaler.
        """
        X = check_windows(self, X, reset=True)
        values, counts = _values_and_counts(X)
        values = values.astype(np.float64, copy=False)
        if self.method == "standard":
            center = np.average(values, axis=0, weights=counts)
            var = np.average((values - center) ** 2, axis=0, weights=counts)
            # a constant's mean is off by rounding, and so its deviation: not
            # a spread to divide by, while a tiny one above the rounding is
            # (StandardScaler's test of a constant, on the steps of X)
            n_steps = len(values) if counts is None else counts.sum()
            scale = np.sqrt(var)
            scale[_is_constant_feature(var, center, n_steps)] = 1
        elif self.method == "minmax":
            low, high = _check_range(self.feature_range, "feature_range", Real)
            data_min = values.min(axis=0)
            scale = (values.max(axis=0) - data_min) / (high - low)
            scale = nonzero_scale(scale)
            center = data_min - low * scale
        else:
            q_min, q_max = _check_range(self.quantile_range, "quantile_range", Real)
            if not 0 <= q_min < q_max <= 100:
                raise ValueError(
                    f"`quantile_range={self.quantile_range}` must satisfy "
                    "0 <= q_min < q_max <= 100, e.g. (25.0, 75.0)."
                )
            q = _percentiles(values, counts, [q_min, 50, q_max])
            center, scale = q[1], nonzero_scale(q[2] - q[0])
        self.center_ = np.asarray(center, dtype=X.dtype)
        self.scale_ = np.asarray(scale, dtype=X.dtype)
        return self

    def transform(self, X):
        """Scale each channel.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_steps) or \
                (n_samples, n_steps, n_channels)
            Windows with the window length and channels seen in fit.

        Returns
        -------
        X_out : ndarray or DataFrame of the shape of ``X``
            The scaled windows.
        """
        return self._apply(X, lambda X, center, scale: (X - center) / scale)

    def inverse_transform(self, X):
        """Undo the scaling.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_steps) or \
                (n_samples, n_steps, n_channels)
            Scaled windows.

        Returns
        -------
        X_out : ndarray or DataFrame of the shape of ``X``
            The windows in their original units.
        """
        return self._apply(X, lambda X, center, scale: X * scale + center, names=False)

    def _apply(self, X, func, names=True):
        """``func(X, center, scale)`` of the windows ``X``, checked (their
        feature names too, with ``names``: not those of the scaler's own
        output, going back), with the statistics in ``X``'s dtype: float32
        stays float32, as in scikit-learn's scalers."""
        check_is_fitted(self)
        X_in = X
        if not names:  # values, whatever names they carry
            X = X.to_numpy() if isinstance(X, pd.DataFrame) else X
            seen = getattr(self, "feature_names_in_", None)
            if seen is not None and np.ndim(X) == 2 and np.shape(X)[1] == len(seen):
                # under the names seen at fit, which scikit-learn's check would
                # miss (a filter of its warning would change the warning
                # filters of every thread)
                X = pd.DataFrame(np.asarray(X), columns=seen, copy=False)
        X = check_windows(self, X, reset=False)
        center = self.center_.astype(X.dtype, copy=False)
        scale = self.scale_.astype(X.dtype, copy=False)
        # a 2-D input is one channel: its statistics are scalars
        series = series_of(X.reshape(*X.shape[:2], -1))
        if series is None:
            return self._wrap_output(func(X, center, scale), X_in)
        # windows of a series: scale the series, return windows of it (a view)
        windows = windows_of(func(series, center, scale), X.shape[1])[: len(X)]
        return self._wrap_output(windows.reshape(X.shape), X_in)

    def get_feature_names_out(self, input_features=None):
        """Names of the output features: the input's.

        Parameters
        ----------
        input_features : array-like of str, default=None
            The input's names: ``feature_names_in_`` if given at fit, else one
            per step (``x0, x1, …``) when ``None``. For windows of several
            channels, one name per step and channel (what
            ``SlidingWindow.get_feature_names_out`` gives for the windows it
            crops, as a Pipeline passes them) is also taken.

        Returns
        -------
        feature_names_out : ndarray of str
            The same names as the input's.
        """
        check_is_fitted(self)
        n_values = self.n_features_in_ * self.n_channels_in_
        if (
            self.n_channels_in_ > 1
            and input_features is not None
            and len(input_features) == n_values
        ):
            # a name per step and channel: the scaled values keep them
            return np.asarray(input_features, dtype=object)
        return super().get_feature_names_out(input_features)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags


def _check_range(value, name, kind):
    if len(value) != 2 or not all(
        isinstance(v, kind) and np.isfinite(v) for v in value
    ):
        raise ValueError(f"`{name}` must be a pair of finite numbers, got {value!r}.")
    low, high = value
    if low >= high:
        raise ValueError(f"`{name}={value}` must be increasing: (min, max).")
    return low, high


def _values_and_counts(X):
    """The values of each channel, and how many times each occurs in ``X``.

    Windows that view a series hold each of its rows up to ``window`` times;
    the statistics of the windows are those of the series' rows weighted by
    those counts, computed without materialising the windows.
    """
    n_samples, window = X.shape[:2]
    series = series_of(X.reshape(n_samples, window, -1))
    if series is None:
        return X.reshape(n_samples * window, -1), None
    # row t is step j of window t - j, for every j that names a window
    rows = np.arange(len(series))
    counts = np.minimum(
        np.minimum(rows + 1, len(series) - rows), min(window, n_samples)
    )
    return series, counts


def _percentiles(values, counts, q):
    """``np.percentile(..., axis=0)`` of values repeated ``counts`` times."""
    if counts is None:
        return np.percentile(values, q, axis=0)
    out = np.empty((len(q), values.shape[1]))
    for channel in range(values.shape[1]):
        order = np.argsort(values[:, channel], kind="stable")
        sorted_values = values[order, channel]
        ends = np.cumsum(counts[order])  # value k fills positions < ends[k]
        for i, position in enumerate(np.asarray(q) / 100 * (ends[-1] - 1)):
            below = int(np.floor(position))
            low, high = np.searchsorted(ends, [below, below + 1], side="right")
            frac = position - below
            low_value, high_value = sorted_values[[low, min(high, len(ends) - 1)]]
            out[i, channel] = (1 - frac) * low_value + frac * high_value
    return out


class TargetScaler(TransformerMixin, BaseEstimator):
    """The regressors' scaling of ``y``: standardise each column, 2-D for Keras.

    scikeras fits it as the target encoder of ``LSTMRegressor`` and
    ``Seq2SeqLSTMRegressor`` (``scale_target=True``), hands its statistics to
    the graph builder through :meth:`get_metadata`, and maps predictions back
    with :meth:`inverse_transform`. The mean and standard deviation are
    float64; the scaled targets, in the float type the networks compute in
    (float32 unless Keras' policy is float64), are what the network trains
    on.

    Parameters
    ----------
    scale : bool, default=True
        Whether to standardise; ``False`` only reshapes.
    n_members : int, default=1
        The members of an ensemble: the targets are given to each, as shape
        (n_samples, 1, n_outputs), and their predictions, of shape
        (n_samples, n_members, n_outputs), are combined by the median.
    levels : tuple of float, default=None
        The quantile levels a network forecasts, sorted, with 0.5: its
        predictions are (n_samples, n_members · n_levels, n_outputs), the
        members combined level by level, and the point forecast is the
        median level.
    """

    def __init__(self, scale=True, n_members=1, levels=None):
        self.scale = scale
        self.n_members = n_members
        self.levels = levels

    def fit(self, y):
        """Learn the mean and standard deviation of each column of ``y``."""
        y2 = np.asarray(y, dtype=np.float64).reshape(len(y), -1)
        self.y_is_1d_ = np.ndim(y) == 1
        self.n_outputs_ = y2.shape[1]
        if self.scale:
            self.loc_ = y2.mean(axis=0)
            # a constant told as StandardScaler tells it (as SequenceScaler
            # does): targets in small units are scaled too
            var = y2.var(axis=0)
            self.scale_ = np.sqrt(var)
            self.scale_[_is_constant_feature(var, self.loc_, len(y2))] = 1.0
        else:
            self.loc_ = np.zeros(self.n_outputs_)
            self.scale_ = np.ones(self.n_outputs_)
        return self

    def transform(self, y):
        """Standardised ``y`` of shape (n_samples, n_outputs), in the networks'
        float type (``full_precision``: float32 unless Keras' policy is
        float64)."""
        y2 = np.asarray(y, dtype=np.float64).reshape(len(y), -1)
        if y2.shape[1] != self.n_outputs_:
            # only a warm fit or partial_fit reaches here with other targets:
            # a new fit fits the scaler on its own
            raise ValueError(
                f"y has {y2.shape[1]} outputs, but the estimator was fitted on "
                f"{self.n_outputs_}, and a warm fit or partial_fit keeps training "
                f"that network. Pass y of {self.n_outputs_} outputs, or fit with "
                "warm_start=False to build a network for the new ones."
            )
        scaled = ((y2 - self.loc_) / self.scale_).astype(full_precision())
        stacked = self.n_members > 1 or self.levels is not None
        return scaled[:, np.newaxis, :] if stacked else scaled

    def inverse_transform(self, y):
        """Predictions in the units of ``y``, shaped as ``y`` at fit: the
        median level of a quantile forecast."""
        if self.levels is not None:
            quantiles = self.inverse_quantiles(y)
            return quantiles[..., self.levels.index(0.5)]
        y = np.asarray(y, dtype=np.float64)
        if self.n_members > 1:
            y = np.median(y.reshape(len(y), self.n_members, -1), axis=1)
        y = y.reshape(-1, self.n_outputs_)
        y = y * self.scale_ + self.loc_
        return y[:, 0] if self.y_is_1d_ else y

    def inverse_quantiles(self, y):
        """A quantile network's predictions in the units of ``y``: shape
        (n_samples, n_levels) for 1-D ``y`` at fit, else (n_samples,
        n_outputs, n_levels)."""
        y = np.asarray(y, dtype=np.float64)
        n_levels = len(self.levels)
        y = y.reshape(len(y), self.n_members, n_levels, self.n_outputs_)
        y = np.median(y, axis=1).transpose(0, 2, 1)
        y = y * self.scale_[:, np.newaxis] + self.loc_[:, np.newaxis]
        return y[:, 0, :] if self.y_is_1d_ else y

    def get_metadata(self):
        """What scikeras sets on the estimator and hands to the builder."""
        return {
            "n_outputs_": self.n_outputs_,
            "n_outputs_expected_": 1,
            "target_loc_": self.loc_,
            "target_scale_": self.scale_,
        }


def window_norm_scale(X, window_norm, season_length=None):
    """The typical size of each channel's steps, for ``window_norm``.

    The standard deviation, over the rows, of each channel's last value
    (``"last"``, ``"mean"``, ``"standard"``) or of its change over the last
    season (``"seasonal"``, ``"holt_winters"``); 1 where it is zero, or no
    more than a rounding error of the channel's values (``nonzero_scale``:
    a series in small units, such as 1e-15, is scaled as in any other). The
    window normalisation divides by it, so that the network reads values of
    order one.

    Parameters
    ----------
    X : ndarray of shape (n_samples, window, n_channels)
        The training windows.
    window_norm : str
        The window normalisation.
    season_length : int, default=None
        The season, for ``"seasonal"`` and ``"holt_winters"``.

    Returns
    -------
    scale : ndarray of shape (n_channels,), float64
    """
    last = np.asarray(X[:, -1], dtype=np.float64)
    step = last
    if window_norm in ("seasonal", "holt_winters"):
        step = last - X[:, -1 - season_length]
    return nonzero_scale(step.std(axis=0), last)
