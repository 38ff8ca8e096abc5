"""Forecasts with their uncertainty: quantiles through pipelines and searches.

scikit-learn's ``Pipeline`` and ``GridSearchCV`` forward ``predict`` but not
``predict_quantiles``; :func:`predict_quantiles` walks them to the regressor
that forecasts quantiles.
"""

import numpy as np

from ._validation import final_steps

__all__ = ["predict_quantiles", "quantile_levels_of"]


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
    levels = getattr(final, "quantiles_", None)
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
        one, or a fitted ``GridSearchCV`` (or any search with
        ``best_estimator_``) over either.
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
    quantile_levels_of(estimator)  # raises for a point forecaster
    transforms, final = final_steps(estimator)
    for step in transforms:
        X = step.transform(X)
    return np.asarray(final.predict_quantiles(X))
