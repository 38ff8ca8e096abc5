"""Forecast combination: ``CombinedRegressor``, the mean or median forecast of
several regressors fitted on the same rows."""

import inspect
from dataclasses import fields, replace

import numpy as np
from sklearn import get_config
from sklearn.base import MetaEstimatorMixin, RegressorMixin, clone
from sklearn.compose import TransformedTargetRegressor
from sklearn.pipeline import Pipeline
from sklearn.utils import get_tags
from sklearn.utils.metadata_routing import (
    MetadataRouter,
    MethodMapping,
    process_routing,
)
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted

from ._base import BaseLSTMRegressor
from ._check_context import ChecksPassed, checks_only
from ._compat import StrOptions, _BaseComposition, _fit_context
from ._validation import take_input_attributes
from .uncertainty import forecast_levels, predict_quantiles

__all__ = ["CombinedRegressor"]

_COMBINE = {"mean": np.mean, "median": np.median}
# the input tags that say what an estimator requires, not what it accepts
_REQUIREMENTS = ("positive_only", "pairwise")


class CombinedRegressor(MetaEstimatorMixin, RegressorMixin, _BaseComposition):
    """The mean or median forecast of several regressors.

    Each of ``estimators`` is fitted on the same rows; a forecast combines
    theirs, step ahead by step ahead. Unlike scikit-learn's
    ``VotingRegressor``, the targets may have several outputs (the steps of
    ``make_supervised(horizon=H)``), and every estimator may be a pipeline
    that reads its own window from the rows: networks with different window
    norms or windows, a ridge regression on lags, a baseline. Combining
    forecasts that err differently is one of the most reliable ways to a
    better forecast; an ensemble of one network's seeds is cheaper as
    ``n_members`` of that network (one model).

    Parameters
    ----------
    estimators : list of (str, estimator)
        The regressors, named: a name reaches an estimator's parameters in a
        search (``"lstm__units"``), as in a ``Pipeline``.
    combine : {"mean", "median"}, default="mean"
        How the forecasts are combined.

    Attributes
    ----------
    estimators_ : list of estimator
        The fitted copies of ``estimators``, in their order.
    named_estimators_ : dict
        The same, by name.
    quantiles_ : list of float
        Only where every estimator forecasts quantiles, the same levels: the
        levels of ``predict_quantiles``.
    n_features_in_ : int
        The number of features (for windows: their length) seen during fit.
    feature_names_in_ : ndarray of str
        Names of the features seen during fit, when they all are strings.

    See Also
    --------
    LSTMRegressor : ``n_members`` trains an ensemble of seeds in one model.

    Notes
    -----
    Where every estimator forecasts the same quantiles, ``predict_quantiles``
    combines each level across them in the same way (the mean of quantiles,
    Vincentization, or their median): the combined levels stay in order.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import Ridge
    >>> from skltsm import CombinedRegressor, SeasonalNaiveRegressor, make_supervised
    >>> X, y = make_supervised(np.arange(40.0) % 4, history=8)
    >>> model = CombinedRegressor(
    ...     [("ridge", Ridge()), ("naive", SeasonalNaiveRegressor(season_length=4))]
    ... )
    >>> model.fit(X[:, :, 0], y).predict(X[-1:, :, 0]).round(2)
    array([2.99])
    """

    _parameter_constraints = {
        "estimators": [list],
        "combine": [StrOptions(set(_COMBINE))],
    }

    def __init__(self, estimators, *, combine="mean"):
        self.estimators = estimators
        self.combine = combine

    def get_params(self, deep=True):
        """Get the parameters, with those of each estimator as
        ``name__parameter`` where ``deep``.

        Parameters
        ----------
        deep : bool, default=True
            Whether to include the estimators' own parameters.

        Returns
        -------
        params : dict
        """
        return self._get_params("estimators", deep=deep)

    def set_params(self, **params):
        """Set the parameters, an estimator's as ``name__parameter``.

        Parameters
        ----------
        **params : dict

        Returns
        -------
        self : CombinedRegressor
        """
        self._set_params("estimators", **params)
        return self

    def _check_estimators(self):
        if not self.estimators:
            raise ValueError("`estimators` is empty: give at least one.")
        for item in self.estimators:
            if not (isinstance(item, tuple) and len(item) == 2):
                raise ValueError(
                    "`estimators` takes (name, estimator) pairs, as a Pipeline "
                    f"does; got {item!r}."
                )
        names = [name for name, _ in self.estimators]
        self._validate_names(names)
        dropped = [name for name, est in self.estimators if isinstance(est, str)]
        if dropped:
            raise ValueError(
                f"The estimators {dropped} are strings: every estimator is "
                "combined, and none can be 'drop'ped; leave it out of "
                "`estimators` instead."
            )
        # hasattr, not is_regressor: a regressor that declares no tags (such
        # as scikeras' own) is combined too
        pointless = [n for n, est in self.estimators if not hasattr(est, "predict")]
        if pointless:
            raise ValueError(
                f"The estimators {pointless} have no `predict`: each one is a "
                "regressor (or a pipeline that ends with one) whose forecasts "
                "are combined."
            )

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y, **fit_params):
        """Fit each estimator on ``X`` and ``y``.

        Those that train a Keras network are fitted last, so that another
        that refuses the input does so before any network has trained; and
        each network's checks (its parameters, its pipeline's steps, the
        data, and a ``ConformalRegressor``'s own settings around it) run
        before the first of them trains. A search's networks are checked
        as it fits them.

        Parameters
        ----------
        X : array-like of shape (n_samples, ...)
            The windows (or features).
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            The targets.
        **fit_params : dict
            Passed to the fit of every estimator; with scikit-learn's metadata
            routing enabled, to those that request them.

        Returns
        -------
        self : CombinedRegressor
            The fitted estimator.
        """
        self._check_estimators()
        # kept aside until every estimator has fitted: a fit that fails
        # leaves the fitted model's forecasts as they were
        y_shape = np.asarray(y).shape
        if get_config()["enable_metadata_routing"]:  # what each one asked for
            routed = process_routing(self, "fit", **fit_params)
            params = {name: routed[name].fit for name, _ in self.estimators}
        else:
            _check_fit_params(self.estimators, fit_params)
            params = {name: fit_params for name, _ in self.estimators}
        # the networks last: another estimator that refuses the input (a
        # plain regressor given 3-D windows) does so in moments, not after
        # they trained; each is fitted on its own, so the order changes none
        networks = [item for item in self.estimators if _trains_a_network(item[1])]
        fitted = {}
        for name, estimator in self.estimators:
            if not _trains_a_network(estimator):
                fitted[name] = clone(estimator).fit(X, y, **params[name])
        # and every network's checks (its parameters, its pipeline's steps,
        # the data) before the first trains: a bad setting of the second
        # failed once the first had trained
        for name, estimator in networks:
            if _checked_first(estimator):
                with checks_only():
                    try:
                        clone(estimator).fit(X, y, **params[name])
                    except ChecksPassed:
                        pass
        for name, estimator in networks:
            fitted[name] = clone(estimator).fit(X, y, **params[name])
        self.estimators_ = [fitted[name] for name, _ in self.estimators]
        # the steps each estimator must forecast (see ``_stacked``)
        self._y_ndim, self._y_steps = len(y_shape), int(np.prod(y_shape[1:]))
        self.named_estimators_ = dict(
            zip((name for name, _ in self.estimators), self.estimators_, strict=True)
        )
        take_input_attributes(self, self.estimators_[0])
        levels = [forecast_levels(e) for e in self.estimators_]
        if levels[0] is not None and all(lv == levels[0] for lv in levels):
            self.quantiles_ = levels[0]
        elif "quantiles_" in vars(self):  # of an earlier fit
            del self.quantiles_
        return self

    def get_metadata_routing(self):
        """How ``fit``'s parameters reach the estimators, where scikit-learn's
        metadata routing is enabled.

        Returns
        -------
        routing : MetadataRouter
            Each estimator's ``fit`` requests, by its name.
        """
        router = MetadataRouter(owner=type(self).__name__)
        for name, estimator in self.estimators:
            router.add(
                **{name: estimator},
                method_mapping=MethodMapping().add(caller="fit", callee="fit"),
            )
        return router

    def predict(self, X):
        """The combined forecast.

        Each estimator must forecast the steps of the y they were combined
        on: one prefitted or frozen on another horizon is refused, by name.

        Parameters
        ----------
        X : array-like of shape (n_samples, ...)
            The rows, as each estimator takes them (windows for a network).

        Returns
        -------
        y_pred : ndarray of shape (n_samples,) or (n_samples, n_outputs)
            The mean or median (``combine``) of the estimators' forecasts,
            step ahead by step ahead.
        """
        check_is_fitted(self)
        forecasts = [np.asarray(e.predict(X), dtype=float) for e in self.estimators_]
        # one shape for all (a regressor may keep a column of y, another not)
        forecasts = self._stacked([f.reshape(len(f), -1) for f in forecasts])
        combined = _COMBINE[self.combine](forecasts, axis=0)
        return combined[:, 0] if self._y_ndim == 1 else combined

    def _forecasts_quantiles(self):
        check_is_fitted(self)
        return hasattr(self, "quantiles_")

    @available_if(_forecasts_quantiles)
    def predict_quantiles(self, X):
        """The combined quantiles, level by level.

        Only where every estimator forecasts the same quantiles.

        Parameters
        ----------
        X : array-like of shape (n_samples, ...)

        Returns
        -------
        quantiles : ndarray of shape (n_samples, n_quantiles) or \
                (n_samples, n_outputs, n_quantiles)
            The levels of ``quantiles_``.
        """
        forecasts = [predict_quantiles(e, X) for e in self.estimators_]
        return _COMBINE[self.combine](self._stacked(forecasts, levels=True), axis=0)

    def _stacked(self, forecasts, levels=False):
        """The estimators' forecasts (of quantiles, where ``levels``),
        stacked; refused, naming them, where one forecasts other steps than
        the y they were combined on has (a prefitted or frozen estimator
        fitted on another horizon), even where they all agree."""
        steps = {  # quantiles of one step are 2-D
            name: f.shape[1] if f.ndim == 3 or not levels else 1
            for name, f in zip(self.named_estimators_, forecasts, strict=True)
        }
        if any(n != self._y_steps for n in steps.values()):
            raise ValueError(
                f"The estimators forecast {steps} steps ahead, where the y "
                f"they were combined on has {self._y_steps}: each must "
                "forecast the steps of that y (fit a prefitted or frozen one "
                "on the same horizon)."
            )
        return np.stack(forecasts)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        try:
            inner = [get_tags(estimator) for _, estimator in self.estimators]
        except (TypeError, ValueError):  # not (name, estimator) pairs: fit says so
            return tags
        if not inner:
            return tags
        # an input (3-D windows, NaN, sparse, ...) only where every estimator
        # takes it, as VotingRegressor does for NaN and sparse; what one
        # requires (positive values, pairwise data), the combination requires
        flags = {}
        for field in fields(inner[0].input_tags):
            values = [getattr(t.input_tags, field.name) for t in inner]
            required = field.name in _REQUIREMENTS
            flags[field.name] = any(values) if required else all(values)
        tags.input_tags = replace(inner[0].input_tags, **flags)  # a copy
        tags.target_tags.multi_output = all(t.target_tags.multi_output for t in inner)
        tags.regressor_tags.poor_score = any(
            t.regressor_tags is not None and t.regressor_tags.poor_score for t in inner
        )
        return tags


def _check_fit_params(estimators, fit_params):
    """Refuse, before any fit, a fit parameter that one of the ``estimators``
    would not take (without metadata routing, each is given all of them)."""
    for name, estimator in estimators:
        parameters = inspect.signature(estimator.fit).parameters.values()
        if isinstance(estimator, Pipeline):
            # its fit takes **params, but without routing only a step's, as
            # step__parameter: it would refuse the others after the
            # estimators before it had fitted
            steps = {step for step, _ in estimator.steps}
            refused = [
                key
                for key in fit_params
                if "__" not in key or key.split("__", 1)[0] not in steps
            ]
        elif any(p.kind is p.VAR_KEYWORD for p in parameters):
            continue  # a wrapper (a search, ...): its own checks
        else:
            taken = {p.name for p in parameters}
            refused = [key for key in fit_params if key not in taken]
        if refused:
            raise ValueError(
                f"The estimator {name!r} takes no {refused} in its fit, and "
                f"every estimator is given every fit parameter. Enable "
                f"scikit-learn's metadata routing "
                f"(sklearn.set_config(enable_metadata_routing=True)) and "
                f"request them where they apply, or leave {name!r} out."
            )


def _trains_a_network(estimator):
    """Whether ``estimator`` is, or holds (a pipeline's step, a wrapper's
    estimator), one of skltsm's networks."""
    if isinstance(estimator, BaseLSTMRegressor):
        return True
    params = estimator.get_params(deep=True) if hasattr(estimator, "get_params") else {}
    return any(isinstance(value, BaseLSTMRegressor) for value in params.values())


def _checked_first(estimator):
    """Whether the fit of ``estimator`` reaches a network's checks before any
    network trains, and stops there under ``checks_only``: a network, a
    pipeline that ends with one, a target transform over one, a wrapper that
    says its first fit is its ``estimator``'s (``ConformalRegressor``, after
    its own checks) over one (not a search, whose fits may run in other
    processes, and count an error as a score)."""
    while True:
        if isinstance(estimator, BaseLSTMRegressor):
            return True
        if isinstance(estimator, Pipeline):
            estimator = estimator.steps[-1][1]
        elif isinstance(estimator, TransformedTargetRegressor):
            estimator = estimator.regressor
        elif getattr(estimator, "_fits_its_estimator_first", False):
            estimator = estimator.estimator
        else:
            return False
