"""Conformal intervals that hold in time: ``ConformalRegressor``.

Quantiles of a point forecaster's errors, measured where it forecast rows it
had not seen: the test folds of a time-ordered split, each forecast by a copy
trained on the rows before it. The errors of each step ahead are kept apart,
since a forecast's error grows with the steps ahead.
"""

from collections.abc import Mapping
from numbers import Integral

import numpy as np
from scipy.sparse import issparse
from sklearn import get_config
from sklearn.base import BaseEstimator, MetaEstimatorMixin, RegressorMixin, clone
from sklearn.compose import TransformedTargetRegressor
from sklearn.frozen import FrozenEstimator
from sklearn.model_selection import TimeSeriesSplit, check_cv
from sklearn.pipeline import Pipeline
from sklearn.utils import get_tags
from sklearn.utils.metadata_routing import (
    MetadataRouter,
    MethodMapping,
    process_routing,
)
from sklearn.utils.validation import (
    check_array,
    check_consistent_length,
    check_is_fitted,
)

from ._calibration import (
    check_time_order,
    conformal_quantile,
    fold_errors,
    in_time_order,
    n_rows,
    pooled_quantile,
    size_floor,
)
from ._compat import (
    HasMethods,
    Interval,
    _check_method_params,
    _fit_context,
    _safe_indexing,
)
from ._quantiles import asked_levels, level_positions, quantile_levels
from ._row_labels import row_series
from ._spread import mean_change
from ._validation import check_positive_int, final_steps, take_input_attributes
from .combination import CombinedRegressor
from .model_selection import PanelTimeSeriesSplit
from .uncertainty import forecast_levels, predict_quantiles, quantile_levels_of

__all__ = ["ConformalRegressor", "window_spread"]


class ConformalRegressor(MetaEstimatorMixin, RegressorMixin, BaseEstimator):
    """Quantile forecasts from the time-ordered errors of any regressor.

    ``fit`` trains a copy of ``estimator`` on the rows before each test fold
    of a time-ordered split and keeps its errors ``y - ŷ`` on that fold
    (out-of-sample, in time order), then fits ``estimator`` on every row.
    ``predict_quantiles`` adds to the point forecast the quantiles of those
    errors, step ahead by step ahead. An ``estimator`` that forecasts
    quantiles itself (fitted with ``quantiles`` that hold every level asked)
    has its own quantiles conformalised instead (conformalized quantile
    regression): each level is moved by the conformal quantile of its own
    errors, so intervals keep the width the network gives each window and
    gain the coverage of the folds (a ``CombinedRegressor`` whose estimators
    forecast other levels, or some a point, is refused, and so is an
    ``estimator`` whose fits forecast a point in some folds and quantiles in
    others, as a search whose grid sets ``quantiles`` may). With ``scale``, each
    error is measured in units of its row's own size (normalised conformal
    prediction), so that calm windows get narrow intervals and rough ones
    wide, and the errors of series of different sizes can be pooled.
    ``update`` adds the errors of rows observed since; with ``window``, only
    the latest errors count, so that the intervals follow a series whose
    errors drift.

    Parameters
    ----------
    estimator : regressor
        The point forecaster: an ``LSTMRegressor``, a pipeline, a search, a
        ridge regression on lags.
    quantiles : sequence of float, default=(0.1, 0.9)
        The levels to forecast: ``(0.1, 0.9)`` bound an 80% interval.
    cv : int, cross-validation splitter or None, default=5
        The folds whose errors calibrate the quantiles (``None``: 5). An
        integer is the number of folds of ``TimeSeriesSplit(gap=H - 1)``
        (``H`` the steps of ``y``), so that no training target is a test target; of
        :class:`~skltsm.PanelTimeSeriesSplit` ``(gap=H - 1)`` for the rows of
        a panel (``y`` indexed by series and time, as ``make_supervised``
        gives it). Every fold fits a copy of ``estimator``: ``fit`` costs
        ``cv + 1`` fits. A splitter that would fit a copy on a row of a series
        after a test row of that series (``KFold``) is refused, and so is one
        that leaves fewer than ``H - 1`` rows of a series between them
        (``TimeSeriesSplit()`` for ``H > 1``): the targets of those rows
        reach into the test rows' targets.
    window : int, default=None
        Keep only the latest ``window`` errors of each step ahead (the most
        recent rows of the folds, then of ``update``, by the time of their
        targets where ``y``'s index gives it: a panel's rows may come series
        by series); ``None`` keeps all. Read at fit and at every
        ``update``: set on a fitted wrapper, it cuts the errors at the next
        ``update`` (it chooses which errors are kept, not their units).
    scale : callable, default=None
        ``scale(X)`` gives each row's size, shape ``(n_samples,)``, ``>= 0``:
        errors are divided by it, and the quantiles of those multiplied by
        the size of each row forecast. :func:`window_spread` is the usual
        choice for windows (each window's own mean absolute change, a step or
        a season apart). A size of zero (a constant window) counts as the
        smallest positive size of the folds' rows. ``None`` measures errors
        as they are. Acts at fit, which keeps the errors divided by those
        sizes: a fitted wrapper forecasts, updates and scores with the scale
        it was fitted with (``scale_``), whatever ``scale`` is set to since,
        until it is fitted again.
    pool_steps : bool, default=False
        Take each level's quantile from the errors of every step ahead
        together: each step's errors are centred on their median and divided
        by their mean absolute deviation from it, the conformal quantile of
        all of them is taken, and mapped back with each step's own centre
        and spread (the median stays each step's own). ``H`` steps give
        ``H`` times the errors, so that the outer levels need fewer rows
        (finite bounds where the folds are short) and rest on more than the
        most extreme errors; it assumes the steps' errors differ in centre
        and spread only. ``False`` keeps each step's errors apart. Changes
        nothing for one step ahead.

    Attributes
    ----------
    estimator_ : regressor
        ``estimator`` fitted on every row.
    residuals_ : ndarray of shape (n_errors, n_outputs, n_quantiles)
        The errors ``y - ŷ`` that calibrate the quantiles, oldest first: of
        the point forecast (the same for every level), or of each level's
        own forecast; with ``scale``, divided by their row's size.
    scale_ : callable or None
        ``scale`` as it was at fit: the errors of ``residuals_`` are in units
        of its sizes, and ``predict_quantiles``, ``update`` and
        ``fold_pinball_loss`` measure each row's size with it.
    scale_floor_ : float
        With ``scale``, the smallest size a row counts with: the smallest
        positive size of the folds' rows. ``None`` without ``scale``.
    fold_sizes_ : list of int
        The errors (rows) each fold gave, in time order: the last fold's are
        the ones :meth:`fold_pinball_loss` scores by default.
    conformalizes_quantiles_ : bool
        Whether ``estimator`` forecasts quantiles itself, and those are
        conformalised: as its copy of the first fold does, and every later
        fit must.
    quantiles_ : list of float
        The levels of ``quantiles``, sorted.
    n_features_in_ : int
        The window length (or number of features) seen during fit, where
        ``estimator_`` records it.
    feature_names_in_ : ndarray of str
        Names of the features seen during fit, where ``estimator_`` records
        them.

    See Also
    --------
    LSTMRegressor : With ``quantiles``, forecasts quantiles itself.
    predict_quantiles : Quantiles through pipelines and searches.
    window_spread : Each window's own size, for ``scale``.

    Notes
    -----
    The level-``q`` quantile of the ``n`` errors is the order statistic of
    rank ``ceil((n + 1) q)`` (for ``q > 0.5``; the mirror image below, and
    their median at ``q = 0.5``), the split-conformal rule: if the errors to
    come are exchangeable with those of the folds, an interval of nominal
    coverage ``c`` covers at least a fraction ``c`` of them. Where that rank
    is above ``n`` (fewer than ``q / (1 - q)`` errors: 9 for the level 0.9,
    39 for 0.975; ``(1 - q) / q`` below the median), the bound is infinite,
    not a guess. A series whose errors change over time breaks
    that; ``window`` with ``update`` follows the change. With ``scale``, it
    is the scaled errors ``(y - ŷ) / s(x)`` that need to be exchangeable
    (Lei et al., 2018, "Distribution-free predictive inference for
    regression", their locally weighted conformal intervals). With
    ``pool_steps``, it is the errors standardised step by step that are
    pooled and ranked, ``n · H`` of them. An estimator's own quantiles,
    each level moved by its own offset, can cross where its interval is
    narrower than the offsets pull its bounds in; the levels are then put
    back in order on each row (sorted: the rearrangement of Chernozhukov,
    Fernández-Val and Galichon, 2010, "Quantile and probability curves
    without crossing", which never takes the levels, taken together,
    further from true quantiles that are in order).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import Ridge
    >>> from skltsm import ConformalRegressor, make_supervised
    >>> rng = np.random.default_rng(0)
    >>> X, y = make_supervised(rng.normal(size=300).cumsum(), history=5)
    >>> model = ConformalRegressor(Ridge(), quantiles=(0.1, 0.9)).fit(X[:, :, 0], y)
    >>> model.predict_quantiles(X[-2:, :, 0]).shape
    (2, 2)
    """

    # its fit checks its own settings, then fits `estimator` on the first
    # fold: a combination runs a network's checks through it before any
    # network trains (combination.py)
    _fits_its_estimator_first = True

    _parameter_constraints = {
        "estimator": [HasMethods(["fit", "predict"])],
        "quantiles": ["array-like"],
        "cv": [Interval(Integral, 2, None, closed="left"), "cv_object"],
        "window": [Interval(Integral, 1, None, closed="left"), None],
        "scale": [callable, None],
        "pool_steps": ["boolean"],
    }

    def __init__(
        self,
        estimator,
        *,
        quantiles=(0.1, 0.9),
        cv=5,
        window=None,
        scale=None,
        pool_steps=False,
    ):
        self.estimator = estimator
        self.quantiles = quantiles
        self.cv = cv
        self.window = window
        self.scale = scale
        self.pool_steps = pool_steps

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y, **fit_params):
        """Measure the errors of the folds, then fit on every row.

        Parameters
        ----------
        X : array-like of shape (n_samples, ...)
            The windows (or features), in time order.
        y : array-like of shape (n_samples,) or (n_samples, horizon)
            The targets.
        **fit_params : dict
            Passed to every fit of ``estimator`` (with scikit-learn's metadata
            routing enabled, those it requests): a row-wise one, such as
            ``sample_weight``, cut to each fold's training rows, as
            ``cross_validate`` cuts it.

        Returns
        -------
        self : ConformalRegressor
            The fitted estimator.
        """
        quantile_levels(self.quantiles)  # refuse bad levels before any fit
        if get_config()["enable_metadata_routing"]:  # what it asked for
            fit_params = process_routing(self, "fit", **fit_params).estimator.fit
        if y is None:
            raise ValueError(
                "ConformalRegressor requires y to be passed, but the target y is "
                "None: the errors are measured on it."
            )
        check_consistent_length(X, y)
        X, y = _indexable(X), _indexable(y)
        self.quantiles_ = asked_levels(self.quantiles)
        self._check_declared_levels()
        y_rows = check_array(y, ensure_2d=False, dtype=np.float64, input_name="y")
        steps = 1 if y_rows.ndim == 1 else y_rows.shape[1]
        cv = 5 if self.cv is None else self.cv  # None: the default, as in sklearn
        built = isinstance(cv, Integral)
        if built:  # a panel's rows interleave its series
            split = TimeSeriesSplit if row_series(y) is None else PanelTimeSeriesSplit
            cv = split(n_splits=cv, gap=steps - 1)
        cv = check_cv(cv)
        try:
            folds = list(cv.split(X, y))
        except ValueError as exc:
            if not built:  # the user's splitter says itself what is wrong
                raise
            raise ValueError(
                f"n_samples={len(y_rows)} rows are too few for the folds of `cv`: {exc}"
            ) from exc
        if not folds:
            raise ValueError("`cv` gave no fold: the errors need at least one.")
        check_time_order(folds, y, steps)
        # each fold's errors oldest first, so that `window` and
        # fold_pinball_loss take the latest times of every series (a panel's
        # rows may come series by series)
        folds = [(train, in_time_order(y, test)) for train, test in folds]
        self._y_ndim = y_rows.ndim
        self.fold_sizes_ = [len(test) for _, test in folds]
        # every row's size once, checked before any fit; the folds' rows give
        # the floor, and each error's size is kept beside it, unfloored
        # (fold_pinball_loss floors them again with the earlier rows alone)
        self.scale_ = self.scale
        sizes = None if self.scale_ is None else self._fit_sizes(X, y, fit_params)
        self.scale_floor_ = self._error_sizes = None
        if sizes is not None:
            error_sizes = sizes[np.concatenate([test for _, test in folds])]
            self.scale_floor_ = size_floor(error_sizes)
            self._error_sizes = self._kept(error_sizes)
        errors = []
        first = None  # the first fold's kind, which every later fit must forecast
        for k, (train, test) in enumerate(folds):
            params = _check_method_params(X, params=fit_params, indices=train)
            fold = clone(self.estimator).fit(_rows(X, train), _rows(y, train), **params)
            first = self._check_kind(fold, f"fold {k}", first)
            forecasts = self._forecasts(fold, _rows(X, test))
            row_sizes = self._floored(None if sizes is None else sizes[test])
            errors.append(fold_errors(y_rows[test], forecasts) / row_sizes)
        self.residuals_ = self._kept(np.concatenate(errors))
        self.estimator_ = clone(self.estimator).fit(X, y, **fit_params)
        self._check_kind(self.estimator_, "the fit on every row (estimator_)", first)
        take_input_attributes(self, self.estimator_)
        return self

    def get_metadata_routing(self):
        """How ``fit``'s parameters reach ``estimator``, where scikit-learn's
        metadata routing is enabled.

        Returns
        -------
        routing : MetadataRouter
            The requests of ``estimator``'s ``fit``.
        """
        return MetadataRouter(owner=type(self).__name__).add(
            estimator=self.estimator,
            method_mapping=MethodMapping().add(caller="fit", callee="fit"),
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        inner = get_tags(self.estimator)
        tags.input_tags = inner.input_tags
        tags.target_tags.multi_output = inner.target_tags.multi_output
        if inner.regressor_tags is not None:
            tags.regressor_tags.poor_score = inner.regressor_tags.poor_score
        return tags

    def _check_declared_levels(self):
        """Before any fit, the check of ``_check_levels`` on the levels that
        ``estimator`` (or the regressor in it: ``_declared_levels``) is set
        to forecast, where it has a ``quantiles`` parameter."""
        declared = _declared_levels(self.estimator)
        if declared is None:
            return
        quantile_levels(declared)  # levels that are none: told as the network would
        self._check_among(asked_levels(declared))

    def _check_among(self, levels):
        """Raise unless every level of ``quantiles`` is among the model's."""
        positions = level_positions(levels, self.quantiles_)
        missing = [
            q for q, at in zip(self.quantiles_, positions, strict=True) if at is None
        ]
        if missing:
            raise ValueError(
                f"The estimator forecasts the quantiles {levels}, not {missing}: "
                "conformalising its quantiles needs every level of `quantiles` "
                f"among them. Give the estimator the levels {list(self.quantiles_)} "
                "(a network's `quantiles`), or leave those out of the wrapper's."
            )

    def _check_kind(self, model, fit, first):
        """That ``model`` (of the fit named ``fit``) forecasts what the first
        fold's copy did, a point or quantiles: ``first``, ``(fit, levels)``
        of that copy (``None``: ``model`` is it, and sets
        ``conformalizes_quantiles_``). Returns ``first``.

        The kind is known only once fitted: a search whose grid sets
        ``quantiles`` (or swaps the estimator) chooses it at each fit, and the
        errors of a point (the same at every level) cannot be pooled with
        each level's own, nor the offsets of one kind move the other's
        forecasts. Other levels, each holding those asked, are another
        setting of one kind: each level's errors are still its own.
        """
        levels = self._check_levels(model)
        if first is None:
            self.conformalizes_quantiles_ = levels is not None
            return fit, levels
        first_fit, first_levels = first
        if (levels is None) == (first_levels is None):
            return first

        def kind(levels):
            return "a point" if levels is None else f"the quantiles {levels}"

        raise ValueError(
            f"The estimator's fits forecast different kinds: {first_fit} "
            f"forecasts {kind(first_levels)}, {fit} {kind(levels)}, as chosen at "
            "fit (by a search whose grid sets `quantiles` or swaps the "
            "estimator, say). The errors of a point and those of each level "
            "cannot be pooled, nor the offsets of one kind move the other's "
            "forecasts. Fix `quantiles` in the search's grid (levels in every "
            "candidate, or None in every one), or choose between a point and a "
            "quantile model outside the wrapper: wrap a search of each kind in "
            "its own ConformalRegressor and compare their fold_pinball_loss()."
        )

    def _check_levels(self, model):
        """The levels the model forecasts itself (``None``: a point, whose
        forecast is conformalised at every level), checked: every level asked
        among them."""
        try:
            levels = quantile_levels_of(model)
        except TypeError as exc:  # a point forecaster
            _, final = final_steps(model)
            if isinstance(final, CombinedRegressor) and any(
                forecast_levels(member) is not None for member in final.estimators_
            ):
                # of estimators that forecast other levels (a search chose
                # them): its point would be moved in place of their quantiles
                raise ValueError(
                    f"{exc} ConformalRegressor would move its point forecast "
                    "instead of their quantiles."
                ) from exc
            return None
        self._check_among(levels)
        return levels

    def _forecasts(self, model, X):
        """The forecast of each level, (n, n_outputs, n_quantiles): the
        model's own quantiles, or its point forecast at every level."""
        if self.conformalizes_quantiles_:
            quantiles = predict_quantiles(model, X)
            quantiles = quantiles.reshape(len(quantiles), -1, quantiles.shape[-1])
            levels = quantile_levels_of(model)
            return quantiles[..., level_positions(levels, self.quantiles_)]
        point = np.asarray(model.predict(X), dtype=float)
        point = point.reshape(point.shape[0], -1)
        return np.repeat(point[..., np.newaxis], len(self.quantiles_), axis=-1)

    def _sizes(self, X):
        """``scale_``'s size of each row of ``X``, checked."""
        sizes = np.asarray(self.scale_(X), dtype=np.float64)
        rows = n_rows(X)
        if sizes.shape != (rows,):
            raise ValueError(
                f"`scale` must give one size a row, shape ({rows},); it gave "
                f"shape {sizes.shape}."
            )
        if not np.isfinite(sizes).all() or (sizes < 0).any():
            raise ValueError(
                "`scale` must give finite sizes >= 0; it gave "
                f"{sizes[~(np.isfinite(sizes) & (sizes >= 0))][:3]}."
            )
        return sizes

    def _fit_sizes(self, X, y, fit_params):
        """``_sizes`` of every row at fit, before any fit. Windows holding NaN
        (or infinity), which ``scale`` cannot size, are refused by
        ``estimator`` in its own words where it does not take them, as its
        predict refuses them in ``predict_quantiles`` and ``update``: its fit
        checks ``X`` before it trains."""
        try:
            return self._sizes(X)
        except ValueError as exc:
            error = exc
        if not get_tags(self.estimator).input_tags.allow_nan and _holds_nan(X):
            clone(self.estimator).fit(X, y, **fit_params)
        raise error

    def _floored(self, sizes):
        """Sizes as the errors are divided by them, shape (n, 1, 1): at least
        ``scale_floor_``; ones without ``scale`` (``sizes`` None)."""
        if sizes is None:
            return np.ones((1, 1, 1))
        return np.maximum(sizes, self.scale_floor_)[:, np.newaxis, np.newaxis]

    def _row_sizes(self, X):
        """The floored sizes of the rows of ``X``, shape (n, 1, 1)."""
        return self._floored(None if self.scale_ is None else self._sizes(X))

    def _kept(self, residuals):
        return residuals if self.window is None else residuals[-self.window :]

    def predict(self, X):
        """The point forecast of ``estimator_``.

        Parameters
        ----------
        X : array-like of shape (n_samples, ...)
            The rows, as ``estimator`` takes them (windows for a network).

        Returns
        -------
        y_pred : ndarray of shape (n_samples,) or (n_samples, n_outputs)
            ``estimator_``'s forecast, unchanged by the calibration.
        """
        check_is_fitted(self)
        return self.estimator_.predict(X)

    def predict_quantiles(self, X):
        """The point forecast plus the quantiles of the errors.

        Parameters
        ----------
        X : array-like of shape (n_samples, ...)

        Returns
        -------
        quantiles : ndarray of shape (n_samples, n_quantiles) or \
                (n_samples, n_outputs, n_quantiles)
            The levels of ``quantiles_``, for each step ahead; 2-D for a 1-D
            ``y`` at fit. ``-inf`` or ``inf`` at a level for which the errors
            are too few (see Notes).
        """
        check_is_fitted(self)
        offsets = self._offsets(self.residuals_)  # (n_outputs, n_quantiles)
        # the forecasts first: the estimator checks X before `scale` reads it
        forecasts = self._forecasts(self.estimator_, X)
        quantiles = forecasts + offsets[np.newaxis] * self._row_sizes(X)
        # conformalised levels, each moved by its own offset, can cross where
        # the estimator's interval is narrow: put them back in order
        quantiles = np.sort(quantiles, axis=-1)
        return quantiles[:, 0] if self._y_ndim == 1 else quantiles

    def fold_pinball_loss(self, last=None, bare=False):
        """How the intervals would have held on the latest errors: each
        level calibrated on the errors before them, scored on them.

        The errors of the folds are out-of-sample forecasts of rows in time
        order, so the latest ``last`` of them can score the levels that the
        errors before them calibrate, as ``predict_quantiles`` would have
        forecast those rows (each level moved by its conformal offset, the
        levels put in order), without any fit. Comparing the loss of
        wrappers fitted with the same ``cv`` and ``scale`` (``pool_steps``
        or not; a point estimator or a quantile one; ``bare`` or not)
        chooses an interval route on the training rows alone. With ``H``
        steps ahead, the targets of the last ``H - 1`` earlier errors reach
        into the time of the first scored rows, as in a split without a
        ``gap``: a wrapper fitted when those rows were forecast would not
        have had them yet.

        Parameters
        ----------
        last : int, default=None
            How many of the latest errors to score (rows, each with every
            step ahead); ``None``: as many as the last fold gave at fit
            (``fold_sizes_[-1]``). At least one error must be left before
            them.
        bare : bool, default=False
            Score the estimator's own quantiles as they are, not moved: only
            where it forecasts quantiles (``conformalizes_quantiles_``).

        Returns
        -------
        loss : float
            The mean pinball (quantile) loss over the levels of
            ``quantiles_``, the steps ahead and the scored rows, in the units
            of the errors (of each row's size, with ``scale``; a size of
            zero counting with the smallest positive size of the earlier
            rows): lower is better; infinite where the earlier errors are
            too few for an outer level.
        """
        check_is_fitted(self)
        last = self.fold_sizes_[-1] if last is None else last
        n_errors = len(self.residuals_)
        if not isinstance(last, Integral) or not 1 <= last < n_errors:
            kept = "" if self.window is None else f" (`window` keeps {self.window})"
            raise ValueError(
                f"`last` must be an integer in [1, {n_errors - 1}]: the latest "
                f"errors scored, with at least one of the {n_errors} errors"
                f"{kept} left before them to calibrate the levels; got {last!r}."
            )
        if bare and not self.conformalizes_quantiles_:
            raise ValueError(
                "bare=True scores the estimator's own quantiles: this estimator "
                "forecasts a point, not quantiles."
            )
        residuals = self.residuals_
        if self.scale_ is not None:
            # a size of zero counts with the smallest positive size of the
            # earlier rows alone, as in a wrapper fitted on them
            sizes = self._error_sizes
            raw = residuals * self._floored(sizes)
            floor = size_floor(sizes[:-last])
            residuals = raw / np.maximum(sizes, floor)[:, np.newaxis, np.newaxis]
        earlier, scored = residuals[:-last], residuals[-last:]
        offsets = np.zeros(scored.shape[1:]) if bare else self._offsets(earlier)
        # each level's forecast less y, in the errors' units, in order as
        # predict_quantiles puts the levels (sorting them on each row)
        above = np.sort(offsets[np.newaxis] - scored, axis=-1)
        levels = np.asarray(self.quantiles_)
        loss = np.maximum(-levels * above, (1 - levels) * above)
        return float(loss.mean())

    def _offsets(self, residuals):
        """The conformal offset of each step and level, (n_outputs,
        n_quantiles): each level's quantile of its own errors."""
        quantile = pooled_quantile if self.pool_steps else conformal_quantile
        return np.stack(
            [quantile(residuals[..., k], q) for k, q in enumerate(self.quantiles_)],
            axis=-1,
        )

    def update(self, X, y):
        """Add the errors on newly observed rows, without refitting.

        Parameters
        ----------
        X : array-like of shape (n_new, ...)
            Windows whose targets have since been observed.
        y : array-like of shape (n_new,) or (n_new, n_outputs)
            Those targets.

        Returns
        -------
        self : ConformalRegressor
        """
        check_is_fitted(self)
        check_consistent_length(X, y)
        # the new errors oldest first, as at fit (y's index says the times);
        # each row's error is its own, so the errors are put in that order,
        # not the windows (a copy of their view)
        order = in_time_order(y, np.arange(n_rows(y)))
        y = check_array(y, ensure_2d=False, dtype=np.float64, input_name="y")
        steps = self.residuals_.shape[1]
        if y.ndim != self._y_ndim or (y.ndim == 2 and y.shape[1] != steps):
            fitted = "(n_samples,)" if self._y_ndim == 1 else f"(n_samples, {steps})"
            raise ValueError(
                f"The errors were measured {steps} steps ahead, on y of shape "
                f"{fitted} at fit; update got y of shape {y.shape}."
            )
        forecasts = self._forecasts(self.estimator_, X)  # checks X first
        sizes = None if self.scale_ is None else self._sizes(X)
        errors = fold_errors(y, forecasts) / self._floored(sizes)
        self.residuals_ = self._kept(np.concatenate([self.residuals_, errors[order]]))
        if sizes is not None:
            self._error_sizes = self._kept(
                np.concatenate([self._error_sizes, sizes[order]])
            )
        return self


def window_spread(X, season_length=1, target=0):
    """Each window's own size: the mean absolute change of its target, a step
    or a season apart.

    The scale of a MASE measured on the window alone (its seasonal naive
    error), a size for ``ConformalRegressor(scale=...)``: with
    ``functools.partial(window_spread, season_length=12)``, the errors of a
    monthly series are measured in units of the size of the window they were
    forecast from.

    Parameters
    ----------
    X : array-like of shape (n_samples, window, n_channels) or \
            (n_samples, window)
        The windows, oldest value first; 2-D rows are lags of one series
        (a ``SlidingWindow(flatten=True)``'s input before flattening, or
        ``make_supervised``'s windows of one channel).
    season_length : int, default=1
        How far apart the changes are: 1 for the step-to-step change.
    target : int, default=0
        The channel of 3-D windows whose changes are measured.

    Returns
    -------
    spread : ndarray of shape (n_samples,)

    Examples
    --------
    >>> import numpy as np
    >>> from skltsm import window_spread
    >>> window_spread(np.array([[1.0, 2.0, 4.0], [5.0, 5.0, 5.0]]))
    array([1.5, 0. ])
    """
    season_length = check_positive_int(season_length, "season_length")
    if isinstance(target, bool) or not isinstance(target, Integral):
        raise TypeError(f"`target` must be an integer (a channel), got {target!r}.")
    values = np.asarray(X)
    if values.ndim == 3:  # the target alone, before any conversion
        if not -values.shape[2] <= target < values.shape[2]:
            raise ValueError(
                f"target={target} is not a channel of these windows, which have "
                f"{values.shape[2]} channels."
            )
        values = values[:, :, target]
    values = values.astype(np.float64, copy=False)
    if values.ndim != 2:
        raise ValueError(
            f"window_spread takes windows of 2 or 3 dimensions, not {values.ndim}."
        )
    if season_length >= values.shape[1]:
        raise ValueError(
            f"season_length={season_length} needs windows longer than it; these "
            f"have {values.shape[1]} values."
        )
    return mean_change(values, season_length)


def _declared_levels(estimator, searched=None):
    """The ``quantiles`` that ``estimator``'s regressor is set to forecast,
    before any fit: through pipelines, a target transform, a frozen model, a
    search (what its clone fits: its ``estimator``) and a combination (those
    of every estimator: ``_combined_levels``); ``None`` where it has none,
    ``searched`` where a search's candidates may set other levels."""
    while True:
        if isinstance(estimator, CombinedRegressor):
            return _combined_levels(estimator, searched)
        if isinstance(estimator, Pipeline):
            estimator = estimator.steps[-1][1]
        elif isinstance(estimator, TransformedTargetRegressor):
            estimator = estimator.regressor
        elif isinstance(estimator, FrozenEstimator):
            estimator = estimator.estimator
        elif hasattr(estimator, "param_grid") or hasattr(
            estimator, "param_distributions"
        ):
            if _may_set_levels(estimator):
                return searched
            estimator = estimator.estimator
        else:
            return getattr(estimator, "get_params", dict)().get("quantiles")


def _combined_levels(combination, searched):
    """The levels that every estimator of a ``CombinedRegressor`` is set to
    forecast (``None``: none is; ``searched``: a search may set them).

    Refused where they differ, or where some forecast a point: the
    combination then forecasts a point, and its conformal quantiles would be
    those of that point, silently, not of the quantiles that some of its
    estimators were set to forecast.
    """
    pairs = combination.estimators
    if not pairs or not all(isinstance(p, tuple) and len(p) == 2 for p in pairs):
        return searched  # its own fit says what is wrong with them
    unknown = object()
    each = {}
    for name, estimator in pairs:
        levels = _declared_levels(estimator, unknown)
        if levels is unknown:
            return searched
        each[name] = "a point" if levels is None else asked_levels(levels)
    first = next(iter(each.values()))
    if any(levels != first for levels in each.values()):
        raise ValueError(
            f"The estimators of the {type(combination).__name__} forecast {each}: "
            "it combines quantiles only where every estimator forecasts the "
            "same levels, else a point, and ConformalRegressor would move that "
            "point instead of their quantiles. Give them all the same "
            "`quantiles`, or none to conformalise the combined point forecast."
        )
    return None if first == "a point" else first


def _may_set_levels(search):
    """Whether a search's grid sets ``quantiles`` or swaps an estimator in."""
    grid = getattr(search, "param_grid", None)
    grid = getattr(search, "param_distributions", None) if grid is None else grid
    for candidates in [grid] if isinstance(grid, Mapping) else grid:
        for key, values in candidates.items():
            if key.rsplit("__", 1)[-1] == "quantiles":
                return True
            if not hasattr(values, "rvs") and any(
                hasattr(value, "get_params") for value in values
            ):
                return True
    return False


def _indexable(X):
    """X, as rows that can be taken by position without copying the rest: a
    pandas object or an array as it is, a sparse matrix in CSR form."""
    if hasattr(X, "iloc"):
        return X
    return X.tocsr() if issparse(X) else np.asarray(X)


def _holds_nan(X):
    """Whether the numbers of ``X`` hold NaN or infinity (``False`` where
    they are not numbers)."""
    try:
        values = np.asarray(X.data if issparse(X) else X, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    return not np.isfinite(values).all()


def _rows(data, rows):
    """Rows of an array, a sparse matrix or a pandas object, by position."""
    return _safe_indexing(data, rows)
