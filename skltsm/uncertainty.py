"""Forecasts with their uncertainty: quantiles through pipelines and searches.

scikit-learn's ``Pipeline`` and ``GridSearchCV`` forward ``predict`` but not
``predict_quantiles``; :func:`predict_quantiles` walks them to the regressor
that forecasts quantiles.
"""

import numpy as np
from sklearn.compose import TransformedTargetRegressor
from sklearn.utils.validation import check_is_fitted

from ._validation import final_steps

__all__ = ["predict_quantiles", "quantile_levels_of"]


def forecast_levels(estimator):
    """The levels of :func:`quantile_levels_of`, or ``None`` for an estimator
    that forecasts a point."""
    try:
        return quantile_levels_of(estimator)
    except TypeError:
        return None


def quantile_levels_of(estimator):
    """The levels that ``predict_quantiles(estimator, X)`` returns, sorted.

    Parameters
    ----------
    estimator : fitted regressor, pipeline or search
        Ends with a regressor fitted with ``quantiles``.

    Returns
    -------
    levels : list of float
    """
    _, final = final_steps(estimator)
    if isinstance(final, TransformedTargetRegressor):
        return quantile_levels_of(final.regressor_)
    levels = getattr(final, "quantiles_", None)
    if (
        levels is None
        and hasattr(final, "named_estimators_")
        and hasattr(type(final), "predict_quantiles")
    ):
        # a combination that forecasts quantiles where its estimators do
        # (CombinedRegressor): they may, but not the same ones
        each = {}
        for name, member in final.named_estimators_.items():
            try:
                each[name] = quantile_levels_of(member)
            except TypeError:
                each[name] = "a point"
        raise TypeError(
            f"{type(final).__name__} combines quantiles only where every "
            f"estimator forecasts the same levels; they forecast {each}. "
            "Give them the same `quantiles`."
        )
    if levels is None or not hasattr(final, "predict_quantiles"):
        raise TypeError(
            f"{type(final).__name__} forecasts a point, not quantiles: fit "
            "LSTMRegressor or Seq2SeqLSTMRegressor with `quantiles=(0.1, 0.5, "
            "0.9)` (say)."
        )
    return list(levels)


def predict_quantiles(estimator, X):
    """Forecast quantiles with a regressor, a pipeline or a search.

    Parameters
    ----------
    estimator : fitted regressor, pipeline or search
        A regressor fitted with ``quantiles``, a ``Pipeline`` that ends with
        one, a fitted ``GridSearchCV`` (or any search with
        ``best_estimator_``), a ``FrozenEstimator`` or a
        ``TransformedTargetRegressor`` (whose map of ``y`` must be
        increasing: each level is mapped back) over any of them.
    X : array-like
        The input of ``estimator.predict``.

    Returns
    -------
    quantiles : ndarray of shape (n_samples, n_quantiles) or \
            (n_samples, n_outputs, n_quantiles)
        The levels of :func:`quantile_levels_of`, in increasing order.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.pipeline import make_pipeline
    >>> from skltsm import LSTMRegressor, SlidingWindow, make_supervised
    >>> from skltsm import predict_quantiles
    >>> X, y = make_supervised(np.sin(np.arange(200) / 4), history=12, horizon=3)
    >>> model = make_pipeline(
    ...     SlidingWindow(8),
    ...     LSTMRegressor(8, quantiles=(0.1, 0.9), epochs=2, random_state=0),
    ... ).fit(X, y)
    >>> predict_quantiles(model, X[-2:]).shape
    (2, 3, 2)
    """
    check_is_fitted(estimator)  # not told that it forecasts a point
    quantile_levels_of(estimator)  # raises for a point forecaster
    transforms, final = final_steps(estimator)
    for step in transforms:
        X = step.transform(X)
    if isinstance(final, TransformedTargetRegressor):
        return _mapped_back(final, predict_quantiles(final.regressor_, X))
    return np.asarray(final.predict_quantiles(X))


def _mapped_back(model, quantiles):
    """Quantiles of the transformed targets of a ``TransformedTargetRegressor``
    in the units of ``y``, level by level: the quantiles of an increasing map
    of ``y`` are the map of its quantiles."""
    n, levels = len(quantiles), quantiles.shape[-1]
    outputs = quantiles.shape[1] if quantiles.ndim == 3 else 1

    def inverse(values):
        # rows of the targets' shape, one per sample and level
        rows = np.moveaxis(values.reshape(n, outputs, levels), -1, 1)
        rows = model.transformer_.inverse_transform(rows.reshape(n * levels, outputs))
        return np.moveaxis(np.asarray(rows).reshape(n, levels, outputs), 1, -1)

    back = inverse(quantiles)
    # increasing between the levels, and at each (one level has no other)
    nudged = inverse(quantiles + 1e-6 * np.maximum(1.0, np.abs(quantiles)))
    if np.any(np.diff(back, axis=-1) < 0) or np.any(nudged < back):
        raise ValueError(
            "The target transform of this TransformedTargetRegressor is not "
            "increasing, so its quantiles would not map back level by level "
            "(a decreasing map turns the 0.1 level into the 0.9 one)."
        )
    return back.reshape(quantiles.shape)
