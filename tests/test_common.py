"""scikit-learn's own estimator checks, run on every public estimator."""

from sklearn.utils.estimator_checks import parametrize_with_checks

from skltsm import SeasonalNaiveRegressor, SequenceScaler, SlidingWindow

ESTIMATORS = [
    SeasonalNaiveRegressor(),
    SeasonalNaiveRegressor(season_length=2),
    SlidingWindow(),
    SlidingWindow(window=1, flatten=True),
    SequenceScaler(),
    SequenceScaler(method="minmax"),
    SequenceScaler(method="robust"),
]

# Every expected failure, with its reason: none for the transformers.
EXPECTED_FAILED_CHECKS = {}


@parametrize_with_checks(
    ESTIMATORS,
    expected_failed_checks=lambda est: EXPECTED_FAILED_CHECKS.get(type(est), {}),
)
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)
