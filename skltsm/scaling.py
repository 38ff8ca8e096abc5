"""``SequenceScaler``: scale each channel of a stack of windows."""

from numbers import Real

import numpy as np
from sklearn.base import (
    BaseEstimator,
    OneToOneFeatureMixin,
    TransformerMixin,
    _fit_context,
)
from sklearn.utils._param_validation import StrOptions
from sklearn.utils.validation import check_is_fitted

from ._output import WindowOutputMixin
from ._validation import check_windows, nonzero_scale

__all__ = ["SequenceScaler"]


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

    Examples
    --------
    >>> import numpy as np
    >>> from skltsm import SequenceScaler, make_supervised
    >>> X, y = make_supervised(np.column_stack([np.arange(8.0), 10 * np.arange(8.0)]),
    ...                        window=3, target=0)
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
        channels = X.reshape(X.shape[0], X.shape[1], -1)  # 2-D: one channel
        if self.method == "standard":
            center = channels.mean(axis=(0, 1))
            scale = channels.std(axis=(0, 1))
        elif self.method == "minmax":
            low, high = _check_range(self.feature_range, "feature_range", Real)
            data_min = channels.min(axis=(0, 1))
            scale = (channels.max(axis=(0, 1)) - data_min) / (high - low)
            scale = nonzero_scale(scale)
            center = data_min - low * scale
        else:
            q_min, q_max = _check_range(self.quantile_range, "quantile_range", Real)
            if not 0 <= q_min < q_max <= 100:
                raise ValueError(
                    f"`quantile_range={self.quantile_range}` must satisfy "
                    "0 <= q_min < q_max <= 100, e.g. (25.0, 75.0)."
                )
            q = np.percentile(channels, [q_min, 50, q_max], axis=(0, 1))
            center, scale = q[1], q[2] - q[0]
        self.center_ = np.asarray(center, dtype=X.dtype)
        self.scale_ = np.asarray(nonzero_scale(scale), dtype=X.dtype)
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
        return self._apply(X, lambda X: (X - self.center_) / self.scale_)

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
        return self._apply(X, lambda X: X * self.scale_ + self.center_)

    def _apply(self, X, func):
        check_is_fitted(self)
        X_in = X
        X = check_windows(self, X, reset=False)
        # a 2-D input is one channel: its statistics are scalars
        return self._wrap_output(func(X), X_in)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags


def _check_range(value, name, kind):
    if len(value) != 2 or not all(isinstance(v, kind) for v in value):
        raise ValueError(f"`{name}` must be a pair of numbers, got {value!r}.")
    low, high = value
    if low >= high:
        raise ValueError(f"`{name}={value}` must be increasing: (min, max).")
    return low, high
