"""ConformalRegressor: the conformal rank, errors from time-ordered folds only,
coverage, steps ahead, update and window, and the routes around it."""

from functools import partial

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from scipy.stats import norm
from sklearn.base import BaseEstimator, RegressorMixin, clone
from sklearn.compose import TransformedTargetRegressor
from sklearn.linear_model import Ridge
from sklearn.model_selection import (
    GridSearchCV,
    GroupKFold,
    KFold,
    TimeSeriesSplit,
)
from sklearn.pipeline import make_pipeline

from skltsm import (
    ConformalRegressor,
    LSTMRegressor,
    PanelTimeSeriesSplit,
    SequenceScaler,
    SlidingWindow,
    make_supervised,
    predict_quantiles,
    recursive_forecast,
    window_spread,
)
from skltsm._calibration import conformal_quantile
from skltsm._quantiles import as_level


def ar1(n=600, seed=0, phi=0.7):
    rng = np.random.default_rng(seed)
    noise = rng.normal(size=n)
    x = np.zeros(n)
    for t in range(1, n):
        x[t] = phi * x[t - 1] + noise[t]
    return x


def lags(series, history=5, horizon=1):
    X, y = make_supervised(series, history=history, horizon=horizon)
    return X[:, :, 0], y


def test_the_conformal_rank_of_a_small_sample():
    errors = np.arange(1.0, 10.0)[:, np.newaxis]  # 1 … 9, n = 9
    assert conformal_quantile(errors, 0.9) == 9.0  # rank ceil(10 · 0.9) = 9
    assert conformal_quantile(errors, 0.8) == 8.0
    assert conformal_quantile(errors, 0.1) == 1.0  # the mirror image
    assert conformal_quantile(errors, 0.5) == 5.0
    assert conformal_quantile(errors, 0.95) == np.inf  # 9 errors are too few
    # the rank in exact arithmetic: in floats, 100 · 0.55 is above 55
    errors = np.arange(1.0, 100.0)[:, np.newaxis]  # n = 99
    assert conformal_quantile(errors, 0.55) == 55.0
    assert conformal_quantile(errors, 0.45) == 45.0


def test_the_rank_of_a_level_such_as_two_thirds_is_that_of_its_fraction():
    # levels are kept as float32 spells them: 2/3 as 0.6666667, above 2/3,
    # whose rank ceil((n + 1) q) would be one more than that of 2/3 wherever
    # n + 1 is a multiple of 3 (and the bound infinite where that is n + 1)
    assert conformal_quantile(np.array([[1.0], [2.0]]), as_level(2 / 3)) == 2.0
    model = ConformalRegressor(
        Zeros(), quantiles=(1 / 3, 2 / 3), cv=TimeSeriesSplit(2, test_size=4)
    ).fit(np.zeros((12, 2)), np.arange(12.0))
    # the errors are the targets 4 … 11, n = 8: the rank ceil(9 · 2/3) = 6
    # from the bottom (9) and, mirrored, from the top (6)
    assert_array_equal(model.predict_quantiles(np.zeros((1, 2))), [[6.0, 9.0]])


def test_cv_none_is_the_default_time_ordered_folds():
    # as in scikit-learn, None is the default; check_cv would make it KFold,
    # whose copies train on later rows
    X, y = lags(ar1(120), horizon=3)
    default = ConformalRegressor(Ridge()).fit(X, y)
    none = ConformalRegressor(Ridge(), cv=None).fit(X, y)
    assert none.fold_sizes_ == default.fold_sizes_
    assert_array_equal(none.residuals_, default.residuals_)


class Recorder(RegressorMixin, BaseEstimator):
    """Predicts 0 and records the rows it was fitted on (their first lag)."""

    seen = []

    def fit(self, X, y):
        Recorder.seen.append(np.asarray(X)[:, 0].copy())
        self.n_features_in_ = np.shape(X)[1]
        return self

    def predict(self, X):
        return np.zeros(len(X))


def test_errors_come_from_copies_fitted_on_earlier_rows_only():
    Recorder.seen = []
    X = np.arange(60.0)[:, np.newaxis] * np.ones((1, 2))  # row i holds i
    y = np.arange(60.0) + 100.0
    model = ConformalRegressor(Recorder(), cv=3).fit(X, y)
    folds, full = Recorder.seen[:3], Recorder.seen[3]
    assert_array_equal(full, np.arange(60.0))
    # each fold's copy saw only rows before its test rows, which are the last
    # 3 · 15 rows: the errors are y - 0 of those rows, in time order
    assert [f.max() for f in folds] == [14.0, 29.0, 44.0]
    assert_array_equal(model.residuals_[:, 0, 0], np.arange(15.0, 60.0) + 100.0)
    assert not model.conformalizes_quantiles_


def test_a_panels_rows_get_folds_cut_in_every_series_by_default():
    # the rows of a panel interleave its series: a gap of H - 1 rows would
    # let training targets reach into the test targets of the same series
    X, y = make_supervised({"a": ar1(80), "b": ar1(80, seed=1)}, history=5, horizon=3)
    model = make_pipeline(SlidingWindow(flatten=True), Ridge())
    default = ConformalRegressor(model, cv=3).fit(X, y)
    split = PanelTimeSeriesSplit(n_splits=3, gap=2)
    explicit = ConformalRegressor(model, cv=split).fit(X, y)
    assert_array_equal(default.residuals_, explicit.residuals_)
    assert default.fold_sizes_ == [len(test) for _, test in split.split(X, y)]


def test_intervals_cover_about_their_level_on_unseen_rows():
    X, y = lags(ar1(1200))
    model = ConformalRegressor(Ridge(), quantiles=(0.025, 0.1, 0.9, 0.975))
    model.fit(X[:800], y[:800])
    q = model.predict_quantiles(X[800:])
    assert q.shape == (len(X) - 800, 4)
    inside80 = (y[800:] >= q[:, 1]) & (y[800:] <= q[:, 2])
    inside95 = (y[800:] >= q[:, 0]) & (y[800:] <= q[:, 3])
    assert abs(inside80.mean() - 0.8) < 0.05
    assert abs(inside95.mean() - 0.95) < 0.03
    assert_allclose(
        model.predict(X[800:]), Ridge().fit(X[:800], y[:800]).predict(X[800:])
    )


def test_each_step_ahead_has_its_own_errors():
    walk = np.random.default_rng(1).normal(size=700).cumsum()
    X, y = lags(walk, horizon=6)
    model = ConformalRegressor(Ridge(), quantiles=(0.1, 0.9)).fit(X, y)
    q = model.predict_quantiles(X[-3:])
    assert q.shape == (3, 6, 2)
    width = (q[..., 1] - q[..., 0])[0]
    assert (np.diff(width) > 0).all()  # a random walk's errors grow with steps


def test_update_with_a_window_follows_errors_that_grow():
    X, y = lags(ar1(700))
    model = ConformalRegressor(Ridge(), window=100).fit(X[:500], y[:500])
    assert model.residuals_.shape == (100, 1, 2)
    before = np.ptp(model.predict_quantiles(X[-1:]))
    model.update(X[500:], y[500:] * 4.0)  # the new errors are far larger
    assert model.residuals_.shape == (100, 1, 2)
    assert np.ptp(model.predict_quantiles(X[-1:])) > 2 * before


def test_a_window_keeps_the_latest_errors_of_every_series_in_any_row_order():
    # a panel's rows sorted by series (as sktime keeps them) rather than by
    # time: the latest errors are those of the latest times in every series,
    # not the last series' rows of the last fold
    rough, calm = 10 * ar1(200), 0.1 * ar1(200, seed=1)
    X, y = make_supervised({"rough": rough, "calm": calm}, history=5)
    X = X[:, :, 0]
    series = pd.factorize(y.index.get_level_values(0))[0]  # rough first
    by_series = np.argsort(series, kind="stable")
    for window in (None, 32):
        model = ConformalRegressor(Ridge(), cv=3, window=window)
        by_time = model.fit(X, y).residuals_
        again = model.fit(X[by_series], y.iloc[by_series]).residuals_
        assert_allclose(again, by_time)
    # and the rows observed since, that update adds
    new = np.arange(len(y) - 40, len(y))  # the last 20 times of both series
    new_by_series = new[np.argsort(series[new], kind="stable")]
    model = ConformalRegressor(Ridge(), cv=3, window=32).fit(X[:-40], y.iloc[:-40])
    by_time = model.update(X[new], y.iloc[new]).residuals_
    model.fit(X[:-40], y.iloc[:-40])
    again = model.update(X[new_by_series], y.iloc[new_by_series]).residuals_
    assert_allclose(again, by_time)
    # folds given as lists of rows, as a splitter may give them
    folds = [
        (list(train), list(test)) for train, test in PanelTimeSeriesSplit(3).split(X, y)
    ]
    listed = ConformalRegressor(Ridge(), cv=folds).fit(X, y)
    assert_allclose(
        listed.residuals_, ConformalRegressor(Ridge(), cv=3).fit(X, y).residuals_
    )


def test_update_keeps_each_errors_size_with_it_in_any_row_order():
    # update orders the new errors by time; with `scale`, each error's size
    # (kept for fold_pinball_loss) must follow it
    rough, calm = 10 * ar1(200), 0.1 * ar1(200, seed=1)
    X, y = make_supervised({"rough": rough, "calm": calm}, history=5)
    X = X[:, :, 0]
    series = pd.factorize(y.index.get_level_values(0))[0]
    new = np.arange(len(y) - 40, len(y))
    new_by_series = new[np.argsort(series[new], kind="stable")]
    model = ConformalRegressor(Ridge(), cv=3, scale=window_spread)
    by_time = model.fit(X[:-40], y.iloc[:-40]).update(X[new], y.iloc[new])
    sizes, residuals = by_time._error_sizes.copy(), by_time.residuals_.copy()
    model.fit(X[:-40], y.iloc[:-40]).update(X[new_by_series], y.iloc[new_by_series])
    assert_allclose(model.residuals_, residuals)
    assert_allclose(model._error_sizes, sizes)


def test_bad_settings_fail_before_any_fit():
    X, y = lags(ar1(100))
    with pytest.raises(ValueError, match="between 0 and 1"):
        ConformalRegressor(Recorder(), quantiles=(0.1, 1.2)).fit(X, y)
    with pytest.raises(ValueError, match="cv"):
        ConformalRegressor(Recorder(), cv=1).fit(X, y)


def test_with_a_network_pipeline_and_a_forecast_past_the_end():
    series = pd.Series(
        ar1(300) + 10, index=pd.date_range("2026-01-01", periods=300, freq="D")
    )
    X, y = make_supervised(series, history=8, horizon=3)
    pipeline = make_pipeline(
        SequenceScaler(), SlidingWindow(), LSTMRegressor(4, epochs=1, random_state=0)
    )
    model = ConformalRegressor(pipeline, cv=2).fit(X, y)
    assert_allclose(predict_quantiles(model, X[-2:]), model.predict_quantiles(X[-2:]))
    forecast = recursive_forecast(model, series, 3, quantiles=True)
    assert list(forecast.columns) == [0.1, 0.9]
    assert (forecast[0.9] > forecast[0.1]).all()


def test_the_mapie_route_on_time_ordered_rows():
    mapie = pytest.importorskip("mapie.regression")
    X, y = make_supervised(ar1(500), history=8)
    model = make_pipeline(SequenceScaler(), LSTMRegressor(4, epochs=1, random_state=0))
    model.fit(X[:300], y[:300])  # the past trains, the next rows calibrate
    conformal = mapie.SplitConformalRegressor(model, confidence_level=0.8, prefit=True)
    conformal.conformalize(X[300:400], y[300:400])
    point, intervals = conformal.predict_interval(X[400:])
    assert intervals.shape == (len(X) - 400, 2, 1)
    assert_allclose(point, model.predict(X[400:]), rtol=1e-6)


def test_a_quantile_network_has_its_own_levels_conformalised():
    X, y = make_supervised(ar1(400), history=8, horizon=2)
    network = LSTMRegressor(4, quantiles=(0.1, 0.9), epochs=1, random_state=0)
    model = ConformalRegressor(network, quantiles=(0.1, 0.9), cv=2).fit(X, y)
    assert model.conformalizes_quantiles_
    assert model.residuals_.shape[1:] == (2, 2)
    own = model.estimator_.predict_quantiles(X[-5:])
    moved = model.predict_quantiles(X[-5:])
    # each level moves by one offset per step: the network's widths are kept
    shift = moved - own
    assert_allclose(shift, np.broadcast_to(shift[:1], shift.shape), atol=1e-9)
    # the residuals of each level are y minus that level's forecast
    last = model.estimator_  # refitted on every row; the folds' copies differ
    assert last.quantiles_ == [0.1, 0.9]
    with pytest.raises(ValueError, match="not \\[0.25\\]"):
        ConformalRegressor(network, quantiles=(0.25, 0.9), cv=2).fit(X, y)


class DeclaresLevels(RegressorMixin, BaseEstimator):
    """A quantile model that must not be fitted: its levels are refused first."""

    def __init__(self, quantiles=(0.1, 0.9)):
        self.quantiles = quantiles

    def fit(self, X, y):
        raise AssertionError("fitted before its levels were checked")

    def predict(self, X):  # pragma: no cover - never fitted
        raise AssertionError


def test_levels_the_model_does_not_forecast_are_refused_before_any_fit():
    X, y = make_supervised(ar1(100), history=8)
    declares = DeclaresLevels()
    for model in (
        declares,
        make_pipeline(SlidingWindow(), declares),
        # through a target transform and a search that leaves the levels be:
        # refused before the first fold's fit (or search), not after it
        TransformedTargetRegressor(
            regressor=declares, func=np.exp, inverse_func=np.log
        ),
        make_pipeline(SlidingWindow(), TransformedTargetRegressor(regressor=declares)),
        GridSearchCV(
            make_pipeline(SlidingWindow(), declares), {"slidingwindow__window": [4, 8]}
        ),
    ):
        with pytest.raises(ValueError, match=r"\[0.1, 0.9\], not \[0.25\]"):
            ConformalRegressor(model, quantiles=(0.25, 0.9), cv=2).fit(X, y)
    # the way out is said: the wrapper's levels given to the model (a
    # network trains its median, but forecasts it only where it is asked)
    with pytest.raises(ValueError, match=r"Give the estimator the levels \[0.1, 0.5"):
        ConformalRegressor(declares, quantiles=(0.1, 0.5, 0.9), cv=2).fit(X, y)
    # levels that are none are told as the network tells them, not as missing
    wrong = DeclaresLevels(quantiles=(0.5, 1.5))
    with pytest.raises(ValueError, match=r"strictly between 0 and 1.*\(0.5, 1.5\)"):
        ConformalRegressor(wrong, quantiles=(0.1, 0.9), cv=2).fit(X, y)


class Quantiles(RegressorMixin, BaseEstimator):
    """A quantile model: the last value plus each level's normal quantile."""

    def __init__(self, quantiles=(0.1, 0.9)):
        self.quantiles = quantiles

    def fit(self, X, y):
        self.quantiles_, self.n_features_in_ = sorted(self.quantiles), X.shape[1]
        return self

    def predict(self, X):
        return X[:, -1, 0]

    def predict_quantiles(self, X):
        return X[:, -1, :] + norm.ppf(self.quantiles_)


@pytest.mark.parametrize(
    "grid",
    [
        {"regressor__quantiles": [(0.25, 0.9)]},
        {"regressor": [Quantiles(quantiles=(0.25, 0.9))]},
    ],
)
def test_a_search_that_tunes_the_levels_is_checked_on_the_levels_it_chose(grid):
    # the levels the search's estimator declares are not those it fits
    X, y = make_supervised(ar1(100), history=8)
    search = GridSearchCV(
        TransformedTargetRegressor(regressor=Quantiles()), grid, cv=TimeSeriesSplit(2)
    )
    model = ConformalRegressor(search, quantiles=(0.25, 0.9), cv=2).fit(X, y)
    assert model.conformalizes_quantiles_


class QuantilesFrom(RegressorMixin, BaseEstimator):
    """Forecasts a point where fitted on fewer than ``rows`` rows, quantiles
    where on more: a model that chooses its kind at fit, as a search may."""

    def __init__(self, rows=0):
        self.rows = rows

    def fit(self, X, y):
        self.quantiles_ = None if len(X) < self.rows else [0.1, 0.5, 0.9]
        self.n_features_in_ = X.shape[1]
        return self

    def predict(self, X):
        return X[:, -1]

    def predict_quantiles(self, X):
        return X[:, -1:] + norm.ppf(self.quantiles_)


class PointOrQuantiles(QuantilesFrom):
    """``damp`` times the last value; with ``quantiles``, those levels too."""

    def __init__(self, quantiles=None, damp=1.0):
        self.quantiles = quantiles
        self.damp = damp

    def fit(self, X, y):
        self.quantiles_ = None if self.quantiles is None else sorted(self.quantiles)
        self.n_features_in_ = X.shape[1]
        return self

    def predict(self, X):
        return self.damp * X[:, -1]


def test_fits_that_forecast_another_kind_than_the_first_folds_are_refused():
    # a search whose grid sets `quantiles` chooses a point on the first folds
    # (a random walk) and quantiles on the last (noise): the point errors were
    # pooled with each level's own, and the last fold's kind taken, silently
    rng = np.random.default_rng(0)
    series = np.concatenate(
        [0.3 * rng.normal(size=100).cumsum(), 3 * rng.normal(size=200)]
    )
    X, y = lags(series, history=4)
    grid = [
        {"quantiles": [None], "damp": [1.0]},
        {"quantiles": [(0.1, 0.5, 0.9)], "damp": [0.0]},
    ]
    search = GridSearchCV(PointOrQuantiles(), grid, cv=TimeSeriesSplit(2))
    with pytest.raises(
        ValueError,
        match=r"fold 0 forecasts a point, fold 2 the quantiles \[0.1, 0.5, 0.9\]"
        r".*`quantiles` in the search's grid.*fold_pinball_loss",
    ):
        ConformalRegressor(search, quantiles=(0.1, 0.9), cv=3).fit(X, y)
    # the fit on every row is held to the folds' kind too
    X, y = lags(ar1(200))
    with pytest.raises(
        ValueError, match=r"fold 0 forecasts a point, the fit on every row \(estimator_"
    ):
        ConformalRegressor(QuantilesFrom(rows=len(X)), cv=3).fit(X, y)
    # other levels, each holding those asked, are another setting of one kind:
    # each level's errors are still that level's own
    model = ConformalRegressor(QuantilesFrom(rows=0), cv=3).fit(X, y)
    assert model.conformalizes_quantiles_


class NarrowWhereCalm(RegressorMixin, BaseEstimator):
    """Quantiles at the last value ± five times the last change: narrow
    intervals after a calm step, wide ones after a rough one."""

    def fit(self, X, y):
        self.quantiles_, self.n_features_in_ = [0.1, 0.5, 0.9], X.shape[1]
        return self

    def predict(self, X):
        return X[:, -1]

    def predict_quantiles(self, X):
        width = 5 * np.abs(X[:, -1] - X[:, -2]) + 1e-3
        return np.stack([X[:, -1] - width, X[:, -1], X[:, -1] + width], axis=-1)


def test_conformalised_levels_are_put_back_in_order():
    # each level moves by its own offset; where the estimator's interval is
    # narrower than the offsets pull its bounds in, the lower level would
    # come out above the upper one: the levels are rearranged (sorted)
    X, y = lags(np.random.default_rng(0).normal(size=300).cumsum())
    model = ConformalRegressor(NarrowWhereCalm(), quantiles=(0.1, 0.9), cv=3)
    moved = model.fit(X, y).predict_quantiles(X)
    offsets = [
        conformal_quantile(model.residuals_[..., k], q)[0]
        for k, q in enumerate(model.quantiles_)
    ]
    shifted = model.estimator_.predict_quantiles(X)[:, [0, 2]] + offsets
    assert (shifted[:, 0] > shifted[:, 1]).sum() > 5  # the case arises here
    assert_array_equal(moved, np.sort(shifted, axis=-1))


def test_levels_computed_or_in_float32_are_the_levels_they_spell():
    # a level computed (1 - 0.9 is 0.09999999999999998) or in float32 is
    # found among the model's levels, and ranks its errors as the level it
    # spells: with 99 errors, rank ceil(100 * 0.9) = 90, not 91
    X, y = lags(np.random.default_rng(0).normal(size=300).cumsum())
    asked = (1 - 0.9, np.float32(0.9))
    ridge_folds = TimeSeriesSplit(3, test_size=33)
    for estimator, cv in ((NarrowWhereCalm(), 3), (Ridge(), ridge_folds)):
        exact = ConformalRegressor(estimator, quantiles=(0.1, 0.9), cv=cv).fit(X, y)
        model = ConformalRegressor(estimator, quantiles=asked, cv=cv).fit(X, y)
        assert model.quantiles_ == [0.1, 0.9]
        assert_array_equal(model.predict_quantiles(X), exact.predict_quantiles(X))
    assert len(model.residuals_) == 99


def test_update_refuses_targets_that_do_not_match_the_windows():
    X, y = lags(ar1(300), horizon=3)
    model = ConformalRegressor(Ridge(), cv=3).fit(X[:200], y[:200])
    before = model.residuals_.copy()
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        model.update(X[200:210], y[200:201])
    with pytest.raises(
        ValueError, match=r"3 steps ahead.*\(n_samples, 3\).*shape \(93,\)"
    ):
        model.update(X[200:], y[200:, 0])
    with pytest.raises(ValueError, match=r"shape \(93, 2\)"):
        model.update(X[200:], y[200:, :2])
    assert_array_equal(model.residuals_, before)
    model.update(X[200:], y[200:])
    assert model.residuals_.shape == (len(before) + len(X) - 200, 3, 2)


def test_window_spread_is_each_windows_mean_absolute_change():
    windows = np.array([[1.0, 2.0, 4.0, 7.0], [3.0, 3.0, 3.0, 3.0]])
    assert_allclose(window_spread(windows), [2.0, 0.0])
    assert_allclose(window_spread(windows, season_length=2), [4.0, 0.0])
    # 3-D windows: the target channel's changes, not the others'
    stacked = np.stack([windows * 10, windows], axis=-1)
    assert_allclose(window_spread(stacked, target=1), [2.0, 0.0])
    assert_allclose(window_spread(stacked), [20.0, 0.0])
    with pytest.raises(ValueError, match="longer than it"):
        window_spread(windows, season_length=4)
    with pytest.raises(ValueError, match="target=2 is not a channel.*have 2 channels"):
        window_spread(stacked, target=2)


def test_scaled_errors_are_measured_in_units_of_their_rows_size():
    Recorder.seen = []
    rng = np.random.default_rng(0)
    size = rng.uniform(1, 10, size=60)
    X = size[:, np.newaxis] * np.array([0.0, 1.0, 0.0])  # one change each way
    y = rng.normal(size=60)
    scale = partial(window_spread, season_length=1)
    model = ConformalRegressor(Recorder(), quantiles=(0.1, 0.9), cv=3, scale=scale)
    model.fit(X, y)
    sizes = window_spread(X)
    assert_allclose(sizes, size)
    # the errors of the last 45 rows (the folds'), each over its row's size
    assert_allclose(model.residuals_[:, 0, 0], y[15:] / size[15:])
    residuals = model.residuals_
    offsets = np.concatenate(
        [conformal_quantile(residuals[..., k], q) for k, q in enumerate((0.1, 0.9))]
    )
    q = model.predict_quantiles(X[15:19])
    assert_allclose(q, offsets * size[15:19, np.newaxis])
    floor = size[15:].min()
    assert model.scale_floor_ == floor
    # a constant window counts with the smallest size of the folds' rows
    assert_allclose(model.predict_quantiles(np.ones((1, 3))), [offsets * floor])
    model.update(X[15:17], y[15:17])
    assert_allclose(model.residuals_[-2:, 0, 0], y[15:17] / size[15:17])


def test_scaled_intervals_follow_a_series_whose_noise_changes():
    rng = np.random.default_rng(3)
    n = 3000
    sd = np.where((np.arange(n) // 100) % 2 == 0, 1.0, 6.0)  # calm, rough, …
    x = np.zeros(n)
    for t in range(1, n):
        x[t] = 0.5 * x[t - 1] + sd[t] * rng.normal()
    X, y = lags(x, history=12)
    rough = sd[12:][2000:] > 1  # the target's own noise
    covered = {}
    for scale in (None, partial(window_spread, season_length=1)):
        model = ConformalRegressor(Ridge(), quantiles=(0.1, 0.9), cv=3, scale=scale)
        q = model.fit(X[:2000], y[:2000]).predict_quantiles(X[2000:])
        inside = (y[2000:] >= q[:, 0]) & (y[2000:] <= q[:, 1])
        covered[scale is None] = inside[rough].mean(), inside[~rough].mean()
    # one width for every row: too narrow where rough, too wide where calm
    assert covered[True][0] < 0.7 and covered[True][1] > 0.95
    # in units of each window's size, both come nearer 80%
    assert abs(covered[False][0] - 0.8) < abs(covered[True][0] - 0.8) - 0.05
    assert abs(covered[False][1] - 0.8) < abs(covered[True][1] - 0.8) - 0.05


def test_a_scale_set_after_fit_acts_at_the_next_fit():
    # the kept errors are in units of the scale of the fit: set_params(scale=
    # None) added them as if in units of y (intervals 40 to 130 times narrower
    # here), and a scale set after an unscaled fit failed with a bare TypeError
    X, y = lags(100 * ar1(300).cumsum())
    new, seen = X[-5:], y[-5:]
    models = {
        scale: ConformalRegressor(Ridge(), cv=3, scale=scale).fit(X, y)
        for scale in (window_spread, None)
    }
    expected = {
        scale: (
            model.predict_quantiles(new),
            model.fold_pinball_loss(),
            clone(model).fit(X, y).update(new, seen).residuals_,
        )
        for scale, model in models.items()
    }
    models[window_spread].set_params(scale=None)
    models[None].set_params(scale=window_spread)
    for scale, model in models.items():
        quantiles, loss, updated = expected[scale]
        assert_allclose(model.predict_quantiles(new), quantiles)
        assert model.fold_pinball_loss() == loss
        assert_allclose(model.update(new, seen).residuals_, updated)
        assert model.scale_ is scale  # the scale of the fit, kept
        assert model.fit(X, y).scale_ is model.scale  # the next fit takes it


def test_a_bad_scale_fails_with_a_clear_error():
    X, y = lags(ar1(100))
    with pytest.raises(ValueError, match="one size a row"):
        ConformalRegressor(Ridge(), cv=2, scale=lambda X: np.ones(3)).fit(X, y)
    with pytest.raises(ValueError, match="finite sizes >= 0"):
        ConformalRegressor(Ridge(), cv=2, scale=lambda X: -np.ones(len(X))).fit(X, y)
    with pytest.raises(ValueError, match="zero to every row"):
        ConformalRegressor(Ridge(), cv=2, scale=lambda X: np.zeros(len(X))).fit(X, y)
    with pytest.raises(ValueError, match="callable"):
        ConformalRegressor(Ridge(), cv=2, scale="window").fit(X, y)


def test_windows_holding_nan_are_refused_by_the_estimator_not_blamed_on_scale():
    # window_spread measured the windows before the estimator checked them:
    # predict_quantiles and update said "`scale` must give finite sizes"
    X, y = lags(ar1(100))
    model = ConformalRegressor(Ridge(), cv=2, scale=window_spread).fit(X, y)
    bad = X[-2:].copy()
    bad[0, 3] = np.nan
    with pytest.raises(ValueError, match="Input X contains NaN"):
        model.predict_quantiles(bad)
    with pytest.raises(ValueError, match="Input X contains NaN"):
        model.update(bad, y[-2:])


class CountedRidge(Ridge):
    """A ridge regression that counts the fits it completes (of every copy)."""

    fits = 0

    def fit(self, X, y, sample_weight=None):
        super().fit(X, y, sample_weight=sample_weight)
        type(self).fits += 1
        return self


def test_windows_holding_nan_at_fit_are_refused_by_the_estimator_before_any_fit():
    # fit measured every window before any fit, and blamed `scale` ("must
    # give finite sizes >= 0; it gave [nan]") for a NaN in the windows
    X, y = lags(ar1(100))
    X = X.copy()
    X[-1, 3] = np.nan  # in the last fold alone: the earlier folds would fit
    CountedRidge.fits = 0
    model = ConformalRegressor(CountedRidge(), cv=2, scale=window_spread)
    with pytest.raises(ValueError, match="Input X contains NaN"):
        model.fit(X, y)
    assert CountedRidge.fits == 0
    with pytest.raises(ValueError, match="finite sizes >= 0"):  # a bad scale still
        ConformalRegressor(Ridge(), cv=2, scale=lambda X: np.full(len(X), np.nan)).fit(
            X[:-1], y[:-1]
        )


class Zeros(RegressorMixin, BaseEstimator):
    """Forecasts 0 for every step ahead: its errors are the targets."""

    def fit(self, X, y):
        self.n_features_in_, self._steps = np.shape(X)[1], np.shape(y)[1:]
        return self

    def predict(self, X):
        return np.zeros((len(X), *self._steps))


def test_pooled_steps_share_one_quantile_in_units_of_each_steps_spread():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 3))
    # 3 steps ahead: errors of different centres and spreads, one shape
    y = rng.standard_t(df=4, size=(40, 3)) * [1.0, 2.0, 5.0] + [0.0, 1.0, -2.0]
    levels = (0.025, 0.1, 0.5, 0.9, 0.975)
    model = ConformalRegressor(Zeros(), quantiles=levels, cv=3, pool_steps=True)
    q = model.fit(X, y).predict_quantiles(X[:2])
    errors = y[10:]  # the folds' rows: the last 3 · 10
    centre = np.median(errors, axis=0)
    spread = np.abs(errors - centre).mean(axis=0)
    pooled = ((errors - centre) / spread).reshape(-1, 1)  # 90 errors
    for k, level in enumerate(levels):
        offset = 0.0 if level == 0.5 else conformal_quantile(pooled, level)
        expected = centre + offset * spread
        assert_allclose(q[:, :, k], np.tile(expected, (2, 1)))
    # 30 errors a step are too few for the 95% interval; 90 pooled are not
    apart = ConformalRegressor(Zeros(), quantiles=levels, cv=3).fit(X, y)
    assert np.isinf(apart.predict_quantiles(X[:1])[..., [0, 4]]).all()
    assert np.isfinite(q).all()
    # the median of each step is its own
    assert_allclose(q[0, :, 2], apart.predict_quantiles(X[:1])[0, :, 2])


def test_pooled_steps_change_nothing_for_one_step():
    X, y = lags(ar1(300))
    levels = (0.05, 0.1, 0.5, 0.9, 0.95)
    pooled = ConformalRegressor(Ridge(), quantiles=levels, pool_steps=True)
    apart = ConformalRegressor(Ridge(), quantiles=levels)
    assert_allclose(
        pooled.fit(X, y).predict_quantiles(X[-5:]),
        apart.fit(X, y).predict_quantiles(X[-5:]),
    )


def test_pooled_steps_with_scaled_errors_and_a_step_without_spread():
    rng = np.random.default_rng(1)
    size = rng.uniform(1, 4, size=40)
    X = size[:, np.newaxis] * np.array([0.0, 1.0, 0.0])
    y = np.column_stack([rng.normal(size=40) * size, np.full(40, 2.0) * size])
    scale = partial(window_spread, season_length=1)
    model = ConformalRegressor(
        Zeros(), quantiles=(0.1, 0.5, 0.9), cv=3, scale=scale, pool_steps=True
    ).fit(X, y)
    q = model.predict_quantiles(X[:3])
    # the second step's scaled errors are all 2: its quantiles are 2 · size
    assert_allclose(q[:, 1, :], 2.0 * size[:3, np.newaxis] * np.ones((1, 3)))
    errors = y[10:, 0] / size[10:]
    centre = np.median(errors)
    spread = np.abs(errors - centre).mean()
    z = ((errors - centre) / spread)[:, np.newaxis]
    # the step without spread adds only zeros to the pool
    pool = np.concatenate([z, np.zeros_like(z)])
    for k, level in enumerate((0.1, 0.9)):
        expected = (centre + conformal_quantile(pool, level) * spread) * size[:3]
        assert_allclose(q[:, 0, 2 * k], expected)
    assert_allclose(q[:, 0, 1], centre * size[:3])  # each step's own median


def test_too_few_errors_even_pooled_give_infinite_bounds():
    X, y = np.zeros((12, 2)), np.column_stack([np.arange(12.0), np.ones(12)])
    model = ConformalRegressor(Zeros(), quantiles=(0.01, 0.99), cv=3, pool_steps=True)
    q = model.fit(X, y).predict_quantiles(X[:1])  # 2 · 9 errors for 1% tails
    assert_array_equal(q, [[[-np.inf, np.inf], [-np.inf, np.inf]]])


def pinball(errors, level):
    """The pinball loss of each error ``y - forecast`` at ``level``."""
    return np.maximum(level * errors, (level - 1) * errors)


def test_the_fold_loss_scores_the_latest_errors_with_levels_from_those_before():
    # Zeros forecasts 0: every error is y; the three folds test rows 10-39
    y = np.random.default_rng(0).normal(size=40)
    levels = (0.1, 0.5, 0.9)
    model = ConformalRegressor(Zeros(), quantiles=levels, cv=3).fit(
        np.zeros((40, 2)), y
    )
    assert model.fold_sizes_ == [10, 10, 10]
    for last, earlier, scored in ((None, y[10:30], y[30:]), (5, y[10:35], y[35:])):
        expected = np.mean(
            [
                pinball(scored - conformal_quantile(earlier[:, np.newaxis], q)[0], q)
                for q in levels
            ]
        )
        assert_allclose(model.fold_pinball_loss(last=last), expected)


class RidgeAsEveryLevel(RegressorMixin, BaseEstimator):
    """A ridge regression's forecast as each of its levels: quantiles without
    any width."""

    def fit(self, X, y):
        self.ridge_ = Ridge().fit(X, y)
        self.quantiles_, self.n_features_in_ = [0.1, 0.5, 0.9], X.shape[1]
        return self

    def predict(self, X):
        return self.ridge_.predict(X)

    def predict_quantiles(self, X):
        return np.repeat(self.predict(X)[:, np.newaxis], 3, axis=1)


def test_the_fold_loss_tells_intervals_without_width_from_calibrated_ones():
    X, y = lags(ar1(500))
    levels = (0.1, 0.5, 0.9)
    narrow = ConformalRegressor(RidgeAsEveryLevel(), quantiles=levels, cv=3).fit(X, y)
    point = ConformalRegressor(Ridge(), quantiles=levels, cv=3).fit(X, y)
    bare, moved = narrow.fold_pinball_loss(bare=True), narrow.fold_pinball_loss()
    assert moved < 0.9 * bare  # the folds' offsets give the levels their width
    # the same errors, whether the levels are the estimator's or a point's
    assert_allclose(moved, point.fold_pinball_loss())
    narrow.set_params(pool_steps=True)  # changes nothing for one step ahead
    assert_allclose(narrow.fold_pinball_loss(), moved)


def test_the_fold_loss_refuses_what_it_cannot_score():
    X, y = lags(ar1(200))
    model = ConformalRegressor(Ridge(), cv=3).fit(X, y)
    with pytest.raises(ValueError, match="forecasts a point, not quantiles"):
        model.fold_pinball_loss(bare=True)
    for last in (0, len(model.residuals_), 2.5):
        with pytest.raises(ValueError, match="`last` must be an integer"):
            model.fold_pinball_loss(last=last)
    # the last fold gave more errors than a window keeps
    model = ConformalRegressor(Ridge(), cv=3, window=20).fit(X, y)
    with pytest.raises(ValueError, match="`window` keeps 20"):
        model.fold_pinball_loss()
    assert np.isfinite(model.fold_pinball_loss(last=5))


def test_the_fold_loss_floors_sizes_of_zero_with_the_earlier_rows_alone():
    # a flat stretch (windows of size zero) in an early fold, and a nearly
    # flat one in the last: its tiny sizes must not set the floor with which
    # the earlier errors are measured
    series = np.random.default_rng(1).normal(size=260).cumsum() + 50
    series[110:125] = series[110]
    series[225:235] = series[225] + 1e-4 * np.arange(10)
    X, y = lags(series)
    levels, n, t = np.array([0.1, 0.9]), len(y), 40
    model = ConformalRegressor(
        Ridge(),
        quantiles=levels,
        cv=TimeSeriesSplit(3, test_size=t),
        scale=window_spread,
    ).fit(X, y)
    earlier = ConformalRegressor(
        Ridge(),
        quantiles=levels,
        cv=TimeSeriesSplit(2, test_size=t),
        scale=window_spread,
    ).fit(X[: n - t], y[: n - t])
    assert model.scale_floor_ < earlier.scale_floor_ / 100  # the case arises
    # what the wrapper fitted on the earlier rows forecasts for the last fold's,
    # scored in units of their floored sizes
    sizes = np.maximum(window_spread(X[n - t :]), earlier.scale_floor_)
    errors = y[n - t :, np.newaxis] - earlier.predict_quantiles(X[n - t :])
    expected = np.mean([pinball(errors[:, k], q) for k, q in enumerate(levels)], axis=0)
    assert_allclose(model.fold_pinball_loss(), np.mean(expected / sizes))


def test_a_splitters_own_error_is_not_called_too_few_rows():
    # only the folds built from an integer `cv` can be too many for the rows;
    # a splitter given as `cv` says itself what is wrong
    X, y = lags(ar1(100))
    with pytest.raises(ValueError, match="too few for the folds") as few:
        ConformalRegressor(Recorder(), cv=95).fit(X, y)
    assert "n_samples=95" in str(few.value)
    for cv, message in (
        (PanelTimeSeriesSplit(3), "MultiIndex of y"),
        (PanelTimeSeriesSplit(3, gap=-1), "`gap` must be"),
    ):
        with pytest.raises(ValueError, match=message) as error:
            ConformalRegressor(Recorder(), cv=cv).fit(X, y)
        assert "too few" not in str(error.value)


def test_window_spread_refuses_lags_and_channels_that_are_not_integers():
    windows = np.array([[1.0, 2.0, 4.0, 7.0]])
    # not a slice error
    with pytest.raises(TypeError, match="`season_length` must be a positive"):
        window_spread(windows, season_length=1.5)
    # a bool is the integer it equals, as in scikit-learn's checks of counts
    assert_allclose(window_spread(windows, season_length=True), [2.0])
    with pytest.raises(ValueError, match="season_length == 0, must be >= 1"):
        window_spread(windows, season_length=0)
    assert_allclose(window_spread(windows, season_length=np.int64(2)), [4.0])
    stacked = np.stack([windows, windows * 2], axis=-1)
    for target in (1.0, True):  # not an index error, nor a boolean mask
        with pytest.raises(TypeError, match="`target` must be an integer"):
            window_spread(stacked, target=target)
    assert_allclose(window_spread(stacked, target=-1), [4.0])


class NoFeatureCount(RegressorMixin, BaseEstimator):
    """Forecasts 0, and records no ``n_features_in_``."""

    def fit(self, X, y):
        return self

    def predict(self, X):
        return np.zeros(len(X))


def test_feature_names_and_count_are_the_latest_fits():
    # as a meta-estimator does (CombinedRegressor, TransformedTargetRegressor)
    X, y = lags(ar1(100))
    frame = pd.DataFrame(X, columns=[f"lag{i}" for i in range(5)])
    model = ConformalRegressor(Ridge(), cv=2).fit(frame, y)
    assert_array_equal(model.feature_names_in_, frame.columns)
    assert model.n_features_in_ == 5
    model.fit(X, y)  # without names, none are kept from the earlier fit
    assert not hasattr(model, "feature_names_in_")
    model.set_params(estimator=NoFeatureCount()).fit(X, y)
    assert not hasattr(model, "n_features_in_")


def test_folds_that_train_on_later_rows_of_a_series_are_refused():
    # KFold's first copy trains on the rows after its test rows: its errors
    # are those of a model that saw the future, and the intervals too narrow
    X, y = lags(ar1(120))
    for cv in (KFold(3), KFold(3, shuffle=True, random_state=0)):
        with pytest.raises(ValueError, match="rows after its test rows") as error:
            ConformalRegressor(Recorder(), cv=cv).fit(X, y)
        assert "fold 0" in str(error.value)
    # a panel: KFold mixes every series' rows; folds cut in each series, or
    # holding whole series out, train on no row after a test row of its series
    X, y = make_supervised({"a": ar1(60), "b": ar1(80, seed=1)}, history=5)
    X = X[:, :, 0]
    with pytest.raises(ValueError, match="series 'b'"):
        ConformalRegressor(Recorder(), cv=KFold(3)).fit(X, y)
    whole = GroupKFold(2).split(X, y, groups=y.index.get_level_values(0))
    for cv in (PanelTimeSeriesSplit(3, cut="end"), list(whole)):
        ConformalRegressor(Recorder(), cv=cv).fit(X, y)


def test_folds_whose_training_targets_reach_into_their_test_targets_are_refused():
    # three steps ahead, the last training row's targets are the first test
    # row's but one unless two rows lie between them: a copy trained so has
    # seen part of what it forecasts, and the intervals come out too narrow
    Recorder.seen = []
    X, y = lags(ar1(120), horizon=3)
    for gap in (0, 1):
        with pytest.raises(ValueError, match="reach into those of its test") as error:
            ConformalRegressor(Recorder(), cv=TimeSeriesSplit(3, gap=gap)).fit(X, y)
        assert f"fold 0 leaves {gap}," in str(error.value)
        assert "fold 0" in str(error.value)
    assert Recorder.seen == []  # refused before any fit
    ConformalRegressor(Recorder(), cv=TimeSeriesSplit(3, gap=2)).fit(X, y)
    # a panel: the rows between are counted in each series
    X, y = make_supervised({"a": ar1(60), "b": ar1(80, seed=1)}, history=5, horizon=3)
    X = X[:, :, 0]
    message = "leaves 1 in series 'b'.*PanelTimeSeriesSplit"
    with pytest.raises(ValueError, match=message):
        ConformalRegressor(Recorder(), cv=PanelTimeSeriesSplit(3, gap=1)).fit(X, y)
    ConformalRegressor(Recorder(), cv=PanelTimeSeriesSplit(3, gap=2)).fit(X, y)


def test_fit_params_reach_every_fold_with_the_folds_rows():
    # as in cross_validate: a row-wise parameter is cut to the fold's rows,
    # so that the folds' errors are those of the model as it is fitted
    X, y = lags(ar1(150))
    weights = np.random.default_rng(0).uniform(0.1, 2.0, size=len(y))
    model = ConformalRegressor(Ridge(alpha=50.0), cv=3).fit(X, y, sample_weight=weights)
    expected = []
    for train, test in TimeSeriesSplit(3).split(X):
        fold = Ridge(alpha=50.0).fit(X[train], y[train], sample_weight=weights[train])
        expected.append(y[test] - fold.predict(X[test]))
    assert_allclose(model.residuals_[:, 0, 0], np.concatenate(expected))
    weighted = Ridge(alpha=50.0).fit(X, y, sample_weight=weights)
    assert_allclose(model.estimator_.coef_, weighted.coef_)
