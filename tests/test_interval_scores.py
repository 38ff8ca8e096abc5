"""The judges of prediction intervals: MSIS and coverage, against the
definitions written out row by row and against sktime's coverage."""

import numpy as np
import pandas as pd
import pytest

from skltsm import (
    ConformalRegressor,
    SeasonalNaiveRegressor,
    interval_coverage,
    make_supervised,
    mean_absolute_scaled_error,
    mean_scaled_interval_score,
)


def msis_by_hand(y, lower, upper, train, coverage, season):
    """The M4 competition's MSIS, as its guide writes it, one value at a time."""
    alpha = 1 - coverage
    total = 0.0
    for value, lo, hi in zip(y, lower, upper, strict=True):
        total += hi - lo
        if value < lo:
            total += 2 / alpha * (lo - value)
        if value > hi:
            total += 2 / alpha * (value - hi)
    changes = [abs(train[t] - train[t - season]) for t in range(season, len(train))]
    return total / len(y) / (sum(changes) / len(changes))


def test_msis_is_the_m4_definition():
    rng = np.random.default_rng(0)
    train = rng.normal(size=40).cumsum()
    y = rng.normal(size=12)
    centre = y + rng.normal(scale=1.5, size=12)  # some values fall outside
    lower, upper = centre - 1.0, centre + 1.0
    for coverage, season in ((0.95, 1), (0.8, 4), (0.5, 12)):
        got = mean_scaled_interval_score(
            y, lower, upper, y_train=train, coverage=coverage, season_length=season
        )
        expected = msis_by_hand(y, lower, upper, train, coverage, season)
        assert got == pytest.approx(expected, rel=1e-12)
    # inside its interval, a value scores the width alone: MSIS is the mean
    # width over MASE's scale, so a narrower interval that still covers wins
    scale = mean_absolute_scaled_error([1.0], [0.0], y_train=train)
    assert mean_scaled_interval_score(
        [0.0, 0.0], [-1.0, -2.0], [1.0, 2.0], y_train=train
    ) == pytest.approx(3.0 * scale)


def test_msis_of_several_outputs_and_weights():
    rng = np.random.default_rng(1)
    train = rng.normal(size=30).cumsum()
    y = rng.normal(size=(6, 3))
    lower, upper = y - rng.uniform(-0.5, 1, (6, 3)), y + rng.uniform(-0.5, 1, (6, 3))
    lower, upper = np.minimum(lower, upper), np.maximum(lower, upper)
    # with equal weights, the mean over every value; by output, the rows'
    # weighted mean and then their mean, as mean_absolute_error weighs
    per_output = [
        msis_by_hand(y[:, j], lower[:, j], upper[:, j], train, 0.9, 2) for j in range(3)
    ]
    got = mean_scaled_interval_score(
        y, lower, upper, y_train=train, coverage=0.9, season_length=2
    )
    assert got == pytest.approx(np.mean(per_output), rel=1e-12)
    weights = np.array([0.0, 1.0, 2.0, 0.5, 3.0, 1.0])
    kept = weights > 0
    repeated = np.repeat(np.arange(6)[kept], (2 * weights[kept]).astype(int))
    weighted = mean_scaled_interval_score(
        y,
        lower,
        upper,
        y_train=train,
        coverage=0.9,
        season_length=2,
        sample_weight=weights,
    )
    # a weight of 2 counts a row twice: the same as repeating it
    assert weighted == pytest.approx(
        mean_scaled_interval_score(
            y[repeated],
            lower[repeated],
            upper[repeated],
            y_train=train,
            coverage=0.9,
            season_length=2,
        ),
        rel=1e-12,
    )
    assert mean_scaled_interval_score(
        y, lower, upper, y_train=train, coverage=0.9, season_length=2, sample_weight=3.0
    ) == pytest.approx(got, rel=1e-12)


def test_coverage_counts_the_values_inside_bounds_included():
    y = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    lower = np.array([1.0, 2.5, 0.0, -np.inf, 6.0])  # the bound itself covers
    upper = np.array([1.5, 3.0, 3.0, 4.5, np.inf])
    assert interval_coverage(y, lower, upper) == pytest.approx(3 / 5)
    assert interval_coverage(
        y, lower, upper, sample_weight=[0, 1, 1, 1, 1]
    ) == pytest.approx(2 / 4)
    # several outputs: each output's share, then their mean
    assert interval_coverage(
        np.c_[y, y], np.c_[lower, y - 1], np.c_[upper, y + 1]
    ) == pytest.approx((3 / 5 + 1) / 2)


def test_coverage_agrees_with_sktime():
    metrics = pytest.importorskip(
        "sktime.performance_metrics.forecasting.probabilistic"
    )
    rng = np.random.default_rng(2)
    y = pd.Series(rng.normal(size=50))
    lower, upper = -1.0 + rng.normal(0, 0.3, 50), 1.0 + rng.normal(0, 0.3, 50)
    columns = pd.MultiIndex.from_tuples([(0, 0.8, "lower"), (0, 0.8, "upper")])
    intervals = pd.DataFrame(np.c_[lower, upper], columns=columns)
    expected = metrics.EmpiricalCoverage()(y, intervals)
    assert interval_coverage(y, lower, upper) == pytest.approx(expected)


def test_an_infinite_bound_scores_an_infinite_width_not_nan():
    train = np.arange(10.0)
    msis = mean_scaled_interval_score(
        [1.0, 2.0], [-np.inf, 1.0], [2.0, 3.0], y_train=train
    )
    assert msis == np.inf
    assert interval_coverage([1.0, 2.0], [-np.inf, 1.0], [2.0, 3.0]) == 1.0


def test_interval_scores_refuse_what_they_cannot_score():
    train = np.arange(10.0)
    with pytest.raises(ValueError, match=r"`y_lower` is above `y_upper` at \[1\]"):
        mean_scaled_interval_score([1, 2], [0, 3], [2, 2.5], y_train=train)
    with pytest.raises(ValueError, match=r"`y_lower` is above `y_upper`"):
        interval_coverage([1, 2], [0, 3], [2, 2.5])
    with pytest.raises(ValueError, match="differ in shape"):
        interval_coverage([1, 2], [0], [2, 3])
    with pytest.raises(ValueError, match="`y_upper` holds NaN"):
        interval_coverage([1, 2], [0, 1], [2, np.nan])
    with pytest.raises(ValueError, match="`y_true` holds NaN or infinite"):
        interval_coverage([1, np.inf], [0, 1], [2, 3])
    with pytest.raises(ValueError, match="`y_true`, `y_lower` and `y_upper` hold no"):
        interval_coverage([], [], [])
    for coverage in (0, 1, 95, -0.1, True, "0.95", (0.8, 0.95)):
        with pytest.raises(ValueError, match="`coverage` must be"):
            mean_scaled_interval_score([1], [0], [2], y_train=train, coverage=coverage)
    with pytest.raises(ValueError, match="scale of MSIS is zero"):
        mean_scaled_interval_score([1], [0], [2], y_train=np.ones(5))
    with pytest.raises(ValueError, match="one weight per row"):
        interval_coverage([1, 2], [0, 1], [2, 3], sample_weight=[1, 2, 3])


@pytest.mark.parametrize("missing", [pd.NA, None])
def test_a_missing_value_held_as_an_object_is_told_as_nan_is(missing):
    # pd.NA among numbers held as objects failed in numpy's words ("float()
    # argument must be a string or a real number, not 'NAType'")
    train, truth = np.arange(10.0), pd.Series([1.0, missing, 3.0], dtype=object)
    low, high = truth.fillna(2.0) - 1, truth.fillna(2.0) + 1
    with pytest.raises(ValueError, match="`y_true` holds NaN or infinite"):
        mean_absolute_scaled_error(truth, [1.0, 2.0, 3.0], y_train=train)
    with pytest.raises(ValueError, match="`y_pred` holds NaN or infinite"):
        mean_absolute_scaled_error([1.0, 2.0, 3.0], truth.to_numpy(), y_train=train)
    with pytest.raises(ValueError, match="`y_true` holds NaN or infinite"):
        mean_scaled_interval_score(truth, low, high, y_train=train)
    with pytest.raises(ValueError, match="`y_lower` holds NaN"):
        interval_coverage([1.0, 2.0, 3.0], truth - 1, high)


def test_msis_refuses_a_panels_rows_and_coverage_pools_them():
    # MSIS scales by one training series; coverage needs no scale, so the
    # rows of a panel's series may be pooled there
    rng = np.random.default_rng(3)
    panel = {"a": rng.normal(size=30).cumsum(), "b": 50 * rng.normal(size=30)}
    _, y = make_supervised(panel, history=3)
    with pytest.raises(ValueError, match=r"rows of 2 series.*MSIS per series"):
        mean_scaled_interval_score(y, y - 1, y + 1, y_train=panel["a"][:20])
    assert interval_coverage(y, y - 1, y + 1) == 1.0
    # a dict panel's forecasts: per series for MSIS, concatenated to pool them
    test = {"a": np.array([1.0, 2.0]), "b": np.array([3.0, 4.0])}
    with pytest.raises(ValueError, match=r"`y_true` is a dict.*MSIS per series"):
        mean_scaled_interval_score(test, test, test, y_train=panel)
    with pytest.raises(ValueError, match=r"`y_true` is a dict.*concatenate"):
        interval_coverage(test, test, test)


def test_the_scores_weights_are_told_by_the_rows_scored_not_trained_on():
    # the scores checked their weights with the regressors' helper, whose
    # refusals spoke of the rows of X and of nothing left to train on
    train = np.arange(10.0)
    scores = [
        lambda y, **kw: mean_absolute_scaled_error(y, y, y_train=train, **kw),
        lambda y, **kw: mean_scaled_interval_score(y, y, y, y_train=train, **kw),
        lambda y, **kw: interval_coverage(y, y, y, **kw),
    ]
    for score in scores:
        with pytest.raises(
            ValueError, match=r"one weight per row of `y_true` \(3 rows\), or"
        ):
            score([1.0, 2.0, 3.0], sample_weight=[1.0, 1.0])
        with pytest.raises(
            ValueError, match=r"leaves every row out: nothing is left to score\. "
        ) as refusal:
            score([1.0, 2.0, 3.0], sample_weight=[0.0, 0.0, 0.0])
        assert "train" not in str(refusal.value)


def test_a_list_panels_forecasts_are_refused_by_msis_and_told_to_coverage():
    # a list panel's forecasts (recursive_forecast's, one array per series)
    # were scored by MSIS as one series' rows scaled by one training series,
    # and refused by coverage, where their lengths differ, with numpy's bare
    # "inhomogeneous shape"
    train = np.arange(10.0)
    test = [np.array([1.0, 2.0, 3.0]), np.array([4.0, 5.0, 6.0])]
    for panel in (test, tuple(test)):
        kind = type(panel).__name__
        with pytest.raises(
            ValueError, match=rf"`y_true` is a {kind} of 2 series.*MSIS per series"
        ):
            mean_scaled_interval_score(panel, panel, panel, y_train=train)
    # coverage pools series of one length as rows, and tells those of several
    assert interval_coverage(test, test, test) == 1.0
    ragged = [np.array([1.0, 2.0, 3.0]), np.array([4.0, 5.0])]
    with pytest.raises(
        ValueError, match=r"`y_true` is a list of 2 series \(a panel's\) of different"
    ):
        interval_coverage(ragged, ragged, ragged)
    with pytest.raises(ValueError, match=r"`y_lower` is a list of 2 series"):
        interval_coverage(np.ones(5), ragged, ragged)


def test_a_fitted_models_quantiles_to_its_scores():
    # the route the docs show: the lowest and highest levels of
    # predict_quantiles are the interval's bounds
    rng = np.random.default_rng(4)
    series = np.sin(np.arange(120) * 2 * np.pi / 12) * 5 + rng.normal(size=120)
    X, y = make_supervised(series, history=12)
    model = ConformalRegressor(
        SeasonalNaiveRegressor(12), quantiles=(0.1, 0.5, 0.9), cv=3
    ).fit(X[:90], y[:90])
    q = model.predict_quantiles(X[90:])
    coverage = interval_coverage(y[90:], q[:, 0], q[:, -1])
    msis = mean_scaled_interval_score(
        y[90:], q[:, 0], q[:, -1], y_train=series[:90], coverage=0.8, season_length=12
    )
    inside = np.mean((q[:, 0] <= y[90:]) & (y[90:] <= q[:, -1]))
    assert coverage == inside
    assert 0 < msis < np.inf
