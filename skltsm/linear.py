"""A linear model on windows relative to their last value."""

from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.linear_model import Ridge
from sklearn.utils.validation import check_is_fitted

from ._compat import Interval, _fit_context
from ._level_checks import check_target_level
from ._validation import check_sample_weight, check_target_channel, check_windows

__all__ = ["LastValueRidge"]


class LastValueRidge(RegressorMixin, BaseEstimator):
    """Ridge regression on each window less its last value.

    Each channel of a window is read relative to its own last value, and the
    target relative to the target channel's last value: the model learns
    ``y[t+h] - x[t] = w · (window - x[t]) + b``, a linear map that does not
    depend on the series' level. It is what a network with
    ``window_norm="last"`` and ``linear_skip=True`` learns through its skip,
    without the LSTM: fitted on the stacked windows of many series
    (:func:`make_supervised` of a collection), one linear model across them:
    a cheap row to compare a global network with (on the accuracy suite it
    beat the networks on some groups and lost on others; see
    :ref:`accuracy`).

    Parameters
    ----------
    alpha : float, default=1.0
        The L2 penalty of :class:`~sklearn.linear_model.Ridge`, in the units of
        the series (its changes are not rescaled).
    target_channel : int, default=0
        The channel of 3-D windows that holds the target.

    Attributes
    ----------
    ridge_ : Ridge
        The ridge regression fitted on the relative windows, flattened
        (steps × channels).
    n_features_in_ : int
        The window length seen during fit.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        The names of the window's steps seen during fit, where ``X`` was a
        DataFrame whose columns are all strings.
    n_channels_in_ : int
        The number of channels seen during fit (1 for 2-D input).
    n_outputs_ : int
        The number of forecast steps (the columns of ``y`` at fit).

    See Also
    --------
    SlidingWindow : Gives the windows, in a pipeline.
    SeasonalNaiveRegressor : With ``season_length=1``, the forecast of this
        model with all weights zero (and no intercept).

    Examples
    --------
    >>> import numpy as np
    >>> from skltsm import LastValueRidge, make_supervised
    >>> rng = np.random.default_rng(0)
    >>> series = {"a": rng.normal(size=60).cumsum(), "b": 100 + np.arange(60.0)}
    >>> X, y = make_supervised(series, history=6, horizon=2)
    >>> model = LastValueRidge(alpha=0.1).fit(X, y)
    >>> model.predict(X[-1:]).shape
    (1, 2)
    """

    _parameter_constraints = {
        "alpha": [Interval(Real, 0, None, closed="left")],
        "target_channel": [Interval(Integral, 0, None, closed="left")],
    }

    def __init__(self, alpha=1.0, *, target_channel=0):
        self.alpha = alpha
        self.target_channel = target_channel

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Fit the ridge regression on the windows less their last value.

        Parameters
        ----------
        X : array-like of shape (n_samples, window) or \
                (n_samples, window, n_channels)
            Windows, oldest step first.
        y : array-like of shape (n_samples,) or (n_samples, horizon)
            The values after each window.
        sample_weight : array-like of shape (n_samples,) or float, default=None
            The weight of each row in the ridge's squared errors, as
            :class:`~sklearn.linear_model.Ridge` takes it (in a pipeline,
            ``<step>__sample_weight``); ``None`` weighs every row alike.

        Returns
        -------
        self : object
            The fitted estimator.
        """
        X, y = check_windows(self, X, y=y, reset=True, multi_output=True)
        check_sample_weight(sample_weight, len(X))
        check_target_channel(self.target_channel, self.n_channels_in_)
        check_target_level(X, y, self.target_channel, type(self).__name__)
        features, level = self._relative(X)
        self.ridge_ = Ridge(alpha=self.alpha).fit(
            features, _plus(y, -level), sample_weight=sample_weight
        )
        self.n_outputs_ = 1 if y.ndim == 1 else y.shape[1]
        self._y_is_1d = y.ndim == 1
        return self

    def predict(self, X):
        """Forecast the steps after each window.

        Parameters
        ----------
        X : array-like of shape (n_samples, window) or \
                (n_samples, window, n_channels)
            Windows with the window length and channels seen in fit.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,) or (n_samples, horizon)
            The forecasts, shaped as ``y`` at fit.
        """
        check_is_fitted(self)
        X = check_windows(self, X, reset=False)
        features, level = self._relative(X)
        y_pred = self.ridge_.predict(features)
        if not self._y_is_1d:  # Ridge flattens a y of one column
            y_pred = y_pred.reshape(len(y_pred), self.n_outputs_)
        return _plus(y_pred, level)

    def _relative(self, X):
        """The flattened windows less each channel's last value, and the
        target channel's last value."""
        X = np.asarray(X, dtype=np.float64)
        if X.ndim == 2:
            X = X[:, :, np.newaxis]
        last = X[:, -1:, :]
        level = last[:, 0, self.target_channel]
        features = (X - last).reshape(len(X), -1)
        return features, level

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        tags.target_tags.multi_output = True
        # the level of a window is not a feature, so a target that depends on
        # it (the checks' regression data) is not learnt
        tags.regressor_tags.poor_score = True
        return tags


def _plus(values, level):
    """``values`` (one value or a row of steps per window) plus each window's
    ``level``."""
    return values + (level if values.ndim == 1 else level[:, np.newaxis])
