"""CombinedRegressor: the mean or median of several regressors' forecasts, step
by step, through pipelines with windows of their own, searches, panels and
quantiles."""

import warnings

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from sklearn import config_context
from sklearn.base import clone
from sklearn.compose import TransformedTargetRegressor
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.frozen import FrozenEstimator
from sklearn.linear_model import Ridge
from sklearn.model_selection import GridSearchCV
from sklearn.neighbors import KNeighborsRegressor
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils import get_tags

from skltsm import (
    CombinedRegressor,
    ConformalRegressor,
    HoltWintersRegressor,
    LSTMRegressor,
    PanelTimeSeriesSplit,
    SeasonalNaiveRegressor,
    SlidingWindow,
    make_forecast_scorer,
    make_supervised,
    predict_quantiles,
    recursive_forecast,
)


def seasonal(n=120, season=4, seed=0):
    rng = np.random.default_rng(seed)
    return 10 + np.arange(n) % season + 0.05 * np.arange(n) + rng.normal(0, 0.2, n)


def windows(n_last, flatten=False):
    """A pipeline that reads the last ``n_last`` values of each row."""
    return SlidingWindow(window=n_last, flatten=flatten)


@pytest.mark.parametrize(
    ("combine", "reduce"), [("mean", np.mean), ("median", np.median)]
)
def test_each_step_ahead_combines_the_estimators_forecasts(combine, reduce):
    X, y = make_supervised(seasonal(), history=12, horizon=3)
    members = [
        ("ridge", make_pipeline(windows(8, flatten=True), Ridge())),
        ("naive", SeasonalNaiveRegressor(4)),
        ("smooth", HoltWintersRegressor(4)),
    ]
    model = CombinedRegressor(members, combine=combine).fit(X[:80], y[:80])
    each = np.stack([clone(e).fit(X[:80], y[:80]).predict(X[80:]) for _, e in members])
    assert model.predict(X[80:]).shape == (len(X) - 80, 3)
    assert_allclose(model.predict(X[80:]), reduce(each, axis=0))
    assert model.named_estimators_["naive"] is model.estimators_[1]
    assert model.n_features_in_ == 12


def test_a_one_step_target_stays_one_dimensional():
    X, y = make_supervised(seasonal(), history=8)
    model = CombinedRegressor([("a", SeasonalNaiveRegressor(4)), ("b", Ridge())])
    assert model.fit(X[:, :, 0], y).predict(X[:3, :, 0]).shape == (3,)


def test_estimators_that_forecast_other_steps_are_named():
    # a frozen estimator fitted on another horizon forecasts other steps than
    # y's: numpy's "all input arrays must have the same shape" said neither
    X, y = make_supervised(seasonal(), history=8)
    X3, y3 = make_supervised(seasonal(), history=8, horizon=3)
    frozen = FrozenEstimator(SeasonalNaiveRegressor(4).fit(X3, y3))
    model = CombinedRegressor(
        [("frozen", frozen), ("naive", SeasonalNaiveRegressor(4))]
    ).fit(X, y)
    with pytest.raises(ValueError, match=r"\{'frozen': 3, 'naive': 1\}.*steps"):
        model.predict(X[-2:])
    conformal = ConformalRegressor(SeasonalNaiveRegressor(4), quantiles=(0.1, 0.9))
    model = CombinedRegressor(
        [("frozen", FrozenEstimator(clone(conformal).fit(X3, y3))), ("c", conformal)]
    ).fit(X, y)
    with pytest.raises(ValueError, match=r"\{'frozen': 3, 'c': 1\}.*steps"):
        model.predict_quantiles(X[-2:])


def test_estimators_that_all_forecast_other_steps_than_y_are_named():
    # frozen alike on another horizon, they agreed with each other and were
    # not refused: a 2-step y got 3 columns (score failed in scikit-learn),
    # a 1-D y the first step of 3, silently
    X3, y3 = make_supervised(seasonal(), history=8, horizon=3)
    frozen = [
        (f"f{m}", FrozenEstimator(SeasonalNaiveRegressor(m).fit(X3, y3)))
        for m in (2, 4)
    ]
    for horizon in (2, 1):
        X, y = make_supervised(seasonal(), history=8, horizon=horizon)
        model = CombinedRegressor(frozen).fit(X, y)
        with pytest.raises(
            ValueError, match=r"\{'f2': 3, 'f4': 3\}.*has " + str(horizon)
        ):
            model.predict(X[-2:])
    conformal = ConformalRegressor(SeasonalNaiveRegressor(4), quantiles=(0.1, 0.9))
    model = CombinedRegressor(
        [(name, FrozenEstimator(clone(conformal).fit(X3, y3))) for name in "ab"]
    ).fit(X, y)
    with pytest.raises(ValueError, match=r"\{'a': 3, 'b': 3\}.*has 1"):
        model.predict_quantiles(X[-2:])


def test_a_search_reaches_each_estimators_parameters_by_name():
    X, y = make_supervised(seasonal(), history=12, horizon=2)
    model = CombinedRegressor(
        [
            ("ridge", make_pipeline(windows(8, flatten=True), Ridge())),
            ("naive", SeasonalNaiveRegressor(4)),
        ]
    )
    assert model.get_params()["ridge__ridge__alpha"] == 1.0
    search = GridSearchCV(
        model, {"ridge__ridge__alpha": [0.1, 10.0], "combine": ["mean", "median"]}, cv=2
    ).fit(X, y)
    assert search.best_estimator_.estimators_[0][-1].alpha in (0.1, 10.0)
    model.set_params(naive=HoltWintersRegressor(4))
    assert isinstance(model.estimators[1][1], HoltWintersRegressor)


def test_networks_with_different_window_norms_forecast_a_panel_at_once():
    index = pd.period_range("2020-01", periods=60, freq="M")
    panel = {
        name: pd.Series(seasonal(60, 12, seed) * scale, index=index)
        for seed, (name, scale) in enumerate([("a", 1.0), ("b", 100.0)])
    }
    X, y = make_supervised(panel, history=24, horizon=3)

    def network(norm, window):
        lstm = LSTMRegressor(
            4, window_norm=norm, season_length=12, epochs=1, random_state=0
        )
        return make_pipeline(SlidingWindow(window=window), lstm)

    model = CombinedRegressor(
        [("seasonal", network("seasonal", 24)), ("last", network("last", 12))]
    )
    scores = GridSearchCV(
        model,
        {"combine": ["mean"]},
        cv=PanelTimeSeriesSplit(n_splits=2, test_size=3, gap=2, cut="end"),
        scoring=make_forecast_scorer(),
        refit=False,
    ).fit(X, y)
    assert np.isfinite(scores.best_score_)
    forecasts = recursive_forecast(model.fit(X, y), panel, 6)
    first = [recursive_forecast(e, panel, 3) for e in model.estimators_]
    # the combined forecast of the first steps is the history of the next ones
    longer = {k: pd.concat([v, forecasts[k][:3]]) for k, v in panel.items()}
    then = [recursive_forecast(e, longer, 3) for e in model.estimators_]
    for name in panel:
        assert_allclose(
            forecasts[name][:3], np.mean([f[name] for f in first], axis=0), rtol=1e-6
        )
        assert_allclose(
            forecasts[name][3:], np.mean([f[name] for f in then], axis=0), rtol=1e-6
        )


def test_quantiles_combine_level_by_level_where_every_estimator_has_them():
    X, y = make_supervised(seasonal(), history=8, horizon=2)
    net = LSTMRegressor(4, quantiles=(0.1, 0.5, 0.9), epochs=1, random_state=0)
    model = CombinedRegressor(
        [("a", net), ("b", clone(net).set_params(random_state=1))], combine="median"
    ).fit(X, y)
    assert model.quantiles_ == [0.1, 0.5, 0.9]
    each = np.stack([e.predict_quantiles(X[-4:]) for e in model.estimators_])
    assert_allclose(predict_quantiles(model, X[-4:]), np.median(each, axis=0))
    combined = model.predict_quantiles(X[-4:])
    assert (np.diff(combined, axis=-1) >= 0).all()
    fan = recursive_forecast(model, pd.Series(seasonal()), 2, quantiles=True)
    assert list(fan.columns) == [0.1, 0.5, 0.9] and len(fan) == 2
    point = CombinedRegressor([("a", net), ("b", SeasonalNaiveRegressor(4))]).fit(X, y)
    assert not hasattr(point, "predict_quantiles")
    assert not hasattr(point, "quantiles_")


def test_quantiles_of_estimators_with_other_levels_are_refused_naming_each():
    # the levels differ, so the combination forecasts a point; it was said to
    # forecast a point for want of LSTMRegressor(quantiles=...), which both had
    X, y = make_supervised(seasonal(), history=8)
    model = CombinedRegressor(
        [
            ("a", ConformalRegressor(SeasonalNaiveRegressor(4), quantiles=(0.1, 0.9))),
            ("b", ConformalRegressor(HoltWintersRegressor(4), quantiles=(0.2, 0.8))),
            ("c", SeasonalNaiveRegressor(4)),
        ]
    ).fit(X, y)
    assert not hasattr(model, "predict_quantiles")
    match = r"same levels.*'a': \[0.1, 0.9\], 'b': \[0.2, 0.8\], 'c': 'a point'"
    with pytest.raises(TypeError, match=match):
        predict_quantiles(model, X[-2:])
    with pytest.raises(TypeError, match=match):
        recursive_forecast(model, seasonal(), 2, quantiles=True)


def test_conformal_quantiles_of_estimators_with_other_levels_are_refused_before_any_fit(
    monkeypatch,
):
    # the combination of other levels forecasts a point: ConformalRegressor
    # took it for a point forecaster and moved that point, silently, in place
    # of the quantiles the networks were set to forecast
    monkeypatch.setattr(_CountingLSTM, "fits", [])
    X, y = make_supervised(seasonal(), history=8)
    net = _CountingLSTM(4, quantiles=(0.1, 0.5, 0.9), epochs=0)
    for other in (
        clone(net).set_params(quantiles=(0.2, 0.8)),
        clone(net).set_params(quantiles=None),
        SeasonalNaiveRegressor(4),
    ):
        combined = CombinedRegressor([("a", net), ("b", other)])
        conformal = ConformalRegressor(combined, quantiles=(0.1, 0.9), cv=2)
        with pytest.raises(ValueError, match=r"'a': \[0.1, 0.5, 0.9\], 'b': "):
            conformal.fit(X, y)
    # the same levels, without those asked: refused before any fit too
    combined = CombinedRegressor([("a", net), ("b", clone(net))])
    with pytest.raises(ValueError, match=r"not \[0.2\]"):
        ConformalRegressor(combined, quantiles=(0.2, 0.5), cv=2).fit(X, y)
    assert _CountingLSTM.fits == []
    # the same levels: conformalised, level by level
    members = [
        ("a", ConformalRegressor(SeasonalNaiveRegressor(4), quantiles=(0.1, 0.9))),
        ("b", ConformalRegressor(HoltWintersRegressor(4), quantiles=(0.1, 0.9))),
    ]
    conformal = ConformalRegressor(CombinedRegressor(members), cv=2).fit(X, y)
    assert conformal.conformalizes_quantiles_
    # and a point among points: its point conformalised
    members = [("a", SeasonalNaiveRegressor(4)), ("b", HoltWintersRegressor(4))]
    conformal = ConformalRegressor(CombinedRegressor(members), cv=2).fit(X, y)
    assert not conformal.conformalizes_quantiles_


def test_conformal_quantiles_of_estimators_a_search_gave_other_levels_are_refused():
    # the levels of a search's best candidate are known once it has fitted:
    # a combination of other levels was moved as a point forecaster, silently
    X, y = make_supervised(seasonal(), history=8)
    conformal = ConformalRegressor(SeasonalNaiveRegressor(4), quantiles=(0.1, 0.9))
    search = GridSearchCV(conformal, {"quantiles": [(0.2, 0.8)]}, cv=2)
    combined = CombinedRegressor([("a", search), ("b", SeasonalNaiveRegressor(4))])
    match = r"same levels.*'a': \[0.2, 0.8\], 'b': 'a point'"
    with pytest.raises(ValueError, match=match):
        ConformalRegressor(combined, quantiles=(0.2, 0.8), cv=2).fit(X, y)


@pytest.mark.parametrize(
    ("estimators", "match"),
    [
        ([], "empty"),
        ([Ridge()], "pairs"),
        ([("a", Ridge()), ("a", Ridge())], "unique"),
        ([("a__b", Ridge())], "__"),
        ([("a", Ridge()), ("b", "drop")], r"\['b'\] are strings.*'drop'"),
        ([("a", Ridge()), ("b", StandardScaler())], r"\['b'\] have no `predict`"),
    ],
)
def test_bad_estimators_fail_before_any_fit(estimators, match):
    X, y = make_supervised(seasonal(), history=8)
    with pytest.raises(ValueError, match=match):
        CombinedRegressor(estimators).fit(X[:, :, 0], y)


def test_a_refit_keeps_nothing_of_the_fit_before():
    # quantiles and feature names of an earlier fit do not outlive the
    # estimators or the data that gave them
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(60, 3)), rng.normal(size=60)
    conformal = ConformalRegressor(Ridge(), cv=3)
    model = CombinedRegressor([("a", conformal), ("b", clone(conformal))]).fit(X, y)
    assert model.quantiles_ == [0.1, 0.9]
    model.set_params(b=Ridge()).fit(X, y)
    assert not hasattr(model, "quantiles_")
    assert not hasattr(model, "predict_quantiles")
    model = CombinedRegressor([("a", Ridge()), ("b", Ridge())])
    model.fit(pd.DataFrame(X, columns=["x0", "x1", "x2"]), y)
    assert list(model.feature_names_in_) == ["x0", "x1", "x2"]
    model.fit(X, y)
    assert not hasattr(model, "feature_names_in_")
    assert model.n_features_in_ == 3


def test_a_failed_refit_leaves_the_fitted_forecasts_as_they_were():
    # the shape of y was taken before the estimators were fitted: a refit on
    # a 1-D y that failed cut the fitted model's three steps to the first
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(60, 3)), rng.normal(size=(60, 3))
    model = CombinedRegressor([("a", Ridge()), ("b", KNeighborsRegressor(3))])
    before = model.fit(X, y).predict(X[:5])
    with pytest.raises(ValueError, match="sample_weight"):
        model.fit(X, y[:, 0], sample_weight=np.ones(60))
    assert_allclose(model.predict(X[:5]), before)


def test_a_fit_parameter_that_an_estimator_does_not_take_is_named_before_any_fit():
    # without metadata routing every estimator gets every fit parameter: one
    # that takes no weights failed after the others had fitted, naming a
    # private class of skltsm's
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(60, 3)), rng.normal(size=60)
    combined = CombinedRegressor(
        [("ridge", Ridge()), ("neighbors", KNeighborsRegressor(3))]
    )
    with pytest.raises(ValueError, match=r"'neighbors'.*sample_weight.*routing"):
        combined.fit(X, y, sample_weight=np.ones(60))
    assert not hasattr(combined, "estimators_")


def test_a_fit_parameter_that_a_pipeline_does_not_take_is_named_before_any_fit():
    # a pipeline's fit takes **params, but without routing only as
    # step__parameter: it refused sample_weight after the network before it
    # had trained, and its advice (a step's prefix) would reach every
    # estimator of the combination
    X, y = make_supervised(seasonal(60), history=8)
    combined = CombinedRegressor(
        [
            ("lstm", LSTMRegressor(units=2, epochs=1, random_state=0)),
            ("short", make_pipeline(windows(4), LSTMRegressor(units=2, epochs=1))),
        ]
    )
    with pytest.raises(ValueError, match=r"'short'.*sample_weight.*routing"):
        combined.fit(X, y, sample_weight=np.ones(len(y)))
    assert not hasattr(combined, "estimators_")


def test_metadata_routing_gives_each_estimator_what_it_asked_for():
    # with scikit-learn's metadata routing on, sample_weight reaches only
    # the estimators that request it (as VotingRegressor routes it)
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(60, 3)), rng.normal(size=60)
    weights = rng.uniform(0.1, 2.0, size=60)
    weighted = Ridge().fit(X, y, sample_weight=weights).coef_
    plain = Ridge().fit(X, y).coef_
    with config_context(enable_metadata_routing=True):
        combined = CombinedRegressor(
            [
                ("asks", Ridge().set_fit_request(sample_weight=True)),
                ("declines", Ridge().set_fit_request(sample_weight=False)),
                ("neighbors", KNeighborsRegressor(3)),  # takes no weights
            ]
        ).fit(X, y, sample_weight=weights)
        conformal = ConformalRegressor(
            Ridge().set_fit_request(sample_weight=True), cv=3
        ).fit(X, y, sample_weight=weights)
        # weights that no estimator asked for are refused, as scikit-learn's
        # own meta-estimators refuse them
        declines = ConformalRegressor(Ridge().set_fit_request(sample_weight=False))
        with pytest.raises(TypeError, match="not routed to any object"):
            declines.fit(X, y, sample_weight=weights)
    assert_allclose(combined.named_estimators_["asks"].coef_, weighted)
    assert_allclose(combined.named_estimators_["declines"].coef_, plain)
    assert_allclose(conformal.estimator_.coef_, weighted)


class _PositiveRidge(Ridge):
    """A Ridge that declares it needs positive inputs."""

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.positive_only = True
        return tags


def test_the_combination_takes_an_input_only_where_every_estimator_does():
    # the input tags came from the first estimator (NaN and sparse aside): a
    # seasonal naive baseline first declared 3-D windows, which Ridge refuses
    def input_tags(*estimators):
        names = [f"e{i}" for i in range(len(estimators))]
        combined = CombinedRegressor(list(zip(names, estimators, strict=True)))
        return get_tags(combined).input_tags

    naive, ridge = SeasonalNaiveRegressor(season_length=4), Ridge()
    nan, positive = HistGradientBoostingRegressor(), _PositiveRidge()
    for tags in (input_tags(naive, ridge), input_tags(ridge, naive)):
        assert tags.two_d_array and not tags.three_d_array
    assert input_tags(naive, naive).three_d_array
    assert not input_tags(nan, ridge).allow_nan and not input_tags(ridge, nan).allow_nan
    assert input_tags(nan, nan).allow_nan
    # what one estimator requires, the combination requires
    assert input_tags(ridge, positive).positive_only
    assert input_tags(positive, ridge).positive_only


class _CountingLSTM(LSTMRegressor):
    """An LSTMRegressor whose fits are counted, and skipped with ``skip``."""

    fits = []

    def fit(self, X, y, **kwargs):
        type(self).fits.append(np.shape(X))
        return self if self.epochs == 0 else super().fit(X, y, **kwargs)


def test_an_estimator_that_refuses_the_input_fails_before_any_network_trains(
    monkeypatch,
):
    # the estimators were fitted in their order: a Ridge given 3-D windows
    # after a network refused them only once the network had trained
    monkeypatch.setattr(_CountingLSTM, "fits", [])
    X, y = make_supervised(seasonal(), history=8)
    net = make_pipeline(windows(4), _CountingLSTM(4, epochs=0))
    with pytest.raises(ValueError, match="dim 3"):
        CombinedRegressor([("net", net), ("ridge", Ridge())]).fit(X, y)
    assert _CountingLSTM.fits == []
    # the networks are fitted last, and the estimators keep their order
    ridge = make_pipeline(windows(8, flatten=True), Ridge())
    model = CombinedRegressor([("net", net), ("ridge", ridge)]).fit(X, y)
    # (fitted twice: to its checks, then to the end)
    assert _CountingLSTM.fits == [(len(X), 4, 1)] * 2
    assert isinstance(model.estimators_[0][-1], _CountingLSTM)
    assert list(model.named_estimators_) == ["net", "ridge"]


class _TrainingCountedLSTM(LSTMRegressor):
    """An LSTMRegressor whose trainings (not fits) are counted."""

    trainings = []

    def _fit_keras_model(self, X, *args, **kwargs):
        type(self).trainings.append(np.shape(X))
        return super()._fit_keras_model(X, *args, **kwargs)


@pytest.mark.parametrize(
    ("settings", "match"),
    [
        ({"lstm__dropout": 1.5}, "'dropout' parameter"),
        ({"lstm__quantiles": (0.5, 1.5)}, "strictly between 0 and 1"),
        ({"lstm__fit__nonsense": 3}, r"Unknown routed parameter.*fit__nonsense"),
        ({"lstm__target_channel": 3}, "`target_channel=3` does not exist"),
        ({"window__window": 20}, "`window=20` is longer than the 8 steps"),
    ],
)
def test_a_network_that_refuses_its_settings_fails_before_any_network_trains(
    monkeypatch, settings, match
):
    # the networks were fitted one after the other: the second refused a bad
    # parameter, or data it cannot take, only once the first had trained
    monkeypatch.setattr(_TrainingCountedLSTM, "trainings", [])
    X, y = make_supervised(seasonal(60), history=8)
    net = _TrainingCountedLSTM(2, epochs=1, random_state=0)
    piped = Pipeline([("window", windows(4)), ("lstm", clone(net))])
    piped.set_params(**settings)
    logged = TransformedTargetRegressor(piped, func=np.log, inverse_func=np.exp)
    calibrated = ConformalRegressor(piped, cv=2)  # a network's checks through it
    for bad in (piped, logged, calibrated):
        combined = CombinedRegressor([("net", net), ("bad", bad)])
        # (levels that are none: told as the network tells them, through a
        # conformal wrapper too, not as levels it lacks)
        with pytest.raises(ValueError, match=match):
            combined.fit(X, y)
        assert _TrainingCountedLSTM.trainings == []
        assert not hasattr(combined, "estimators_")


def test_a_conformal_wrapper_that_refuses_its_settings_fails_before_training(
    monkeypatch,
):
    # its own checks (folds for the rows, its levels) ran once the network
    # before it in the combination had trained
    monkeypatch.setattr(_TrainingCountedLSTM, "trainings", [])
    X, y = make_supervised(seasonal(60), history=8)
    net = _TrainingCountedLSTM(2, epochs=1, random_state=0)
    for wrapper, match in (
        (ConformalRegressor(clone(net), cv=60), "too few for the folds"),
        (ConformalRegressor(clone(net), quantiles=(0.5, 1.5)), "between 0 and 1"),
    ):
        with pytest.raises(ValueError, match=match):
            CombinedRegressor([("net", net), ("calibrated", wrapper)]).fit(X, y)
        assert _TrainingCountedLSTM.trainings == []


def test_the_networks_checked_before_training_train_once_each(monkeypatch):
    monkeypatch.setattr(_TrainingCountedLSTM, "trainings", [])
    X, y = make_supervised(seasonal(60), history=8)
    net = _TrainingCountedLSTM(2, epochs=1, random_state=0)
    members = [("net", net), ("short", make_pipeline(windows(4), clone(net)))]
    model = CombinedRegressor(members).fit(X, y)
    assert sorted(_TrainingCountedLSTM.trainings) == [(len(X), 4, 1), (len(X), 8, 1)]
    alone = clone(net).fit(X, y).predict(X[-5:])
    assert_allclose(model.named_estimators_["net"].predict(X[-5:]), alone)


def test_a_networks_warnings_come_once_though_it_is_checked_before_training():
    # its checks ran twice, before training and in its fit, and warned twice
    X, y = make_supervised(seasonal(60), history=8)
    lagged = make_pipeline(
        StandardScaler(), windows(8), LSTMRegressor(2, window_norm="last", epochs=1)
    )
    members = [
        ("lagged", lagged),  # a scaled target channel, under a window norm
        ("dropout", LSTMRegressor(2, recurrent_dropout=0.1, epochs=1)),
    ]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        CombinedRegressor(members).fit(X[:, :, 0], y)
    messages = [str(w.message) for w in caught]
    assert sum("recurrent_dropout" in m for m in messages) == 1
    assert sum("far from y" in m for m in messages) == 1


def test_a_seeded_network_forecasts_the_same_alone_or_combined():
    X, y = make_supervised(seasonal(), history=8)
    net = LSTMRegressor(4, epochs=1, random_state=0)
    model = CombinedRegressor([("net", net), ("naive", SeasonalNaiveRegressor(4))])
    model.fit(X, y)
    alone = clone(net).fit(X, y).predict(X[-5:])
    assert_allclose(model.named_estimators_["net"].predict(X[-5:]), alone)
