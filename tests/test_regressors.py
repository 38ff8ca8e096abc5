import collections
import importlib
import itertools
import json
import pickle
import re
import threading
import warnings
from concurrent.futures import ThreadPoolExecutor

import keras
import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import clone, is_regressor
from sklearn.ensemble import StackingRegressor, VotingRegressor
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import Ridge
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit, cross_validate
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.utils.estimator_checks import (
    check_fit2d_1sample,
    check_regressor_data_not_an_array,
    check_requires_y_none,
)

from skltsm import (
    HoltWintersRegressor,
    LSTMRegressor,
    SeasonalNaiveRegressor,
    Seq2SeqLSTMRegressor,
    SequenceScaler,
    SlidingWindow,
    _steps,
    _training,
    make_supervised,
)
from skltsm._data import WindowBatches
from skltsm._models import build_lstm, build_seq2seq

TINY = {"units": 4, "epochs": 2, "random_state": 0}
_PAUSE_STEPS = _training.PAUSE_STEPS

# Keras' JAX loops take the network's state out of its variables while they
# run: what a call alongside, or after an interruption, would read
jax_only = pytest.mark.skipif(
    keras.backend.backend() != "jax",
    reason="only Keras' JAX loops take the network's weights out of its "
    "variables while they run",
)

# For tests of code that both networks share (the window norms, the linear
# skip, the window layouts) where the Seq2Seq twin costs 10 s or more: that
# twin runs with the slow checks, the LSTM twin by default
NETWORKS_SEQ2SEQ_SLOW = [
    LSTMRegressor,
    pytest.param(Seq2SeqLSTMRegressor, marks=pytest.mark.slow),
]


@pytest.fixture(scope="module")
def sine():
    t = np.arange(400)
    series = np.sin(t / 6) + np.random.default_rng(0).normal(scale=0.1, size=400)
    return make_supervised(series, history=12)


@pytest.fixture(scope="module")
def sine_multistep():
    t = np.arange(300)
    return make_supervised(np.sin(t / 6), history=12, horizon=4)


@pytest.mark.parametrize("cls", [LSTMRegressor, Seq2SeqLSTMRegressor])
def test_is_a_scikit_learn_regressor(cls):
    assert is_regressor(cls())
    model = cls(units=3, optimizer__beta_1=0.8)
    assert model.get_params()["optimizer__beta_1"] == 0.8
    twin = clone(model)
    assert twin.get_params() == model.get_params()
    assert "optimizer__beta_1=0.8" in repr(twin)


def test_routed_arguments_of_the_callbacks_are_set_as_the_constructor_takes_them():
    # scikit-learn's set_params read callbacks__<name> as a parameter of an
    # estimator in `callbacks`, a list or None: a pipeline or a search over
    # lstm__callbacks__patience failed
    model = LSTMRegressor(callbacks=[keras.callbacks.EarlyStopping])
    model.set_params(callbacks__patience=3, callbacks__monitor="loss")
    assert model.get_params()["callbacks__patience"] == 3
    pipe = make_pipeline(LSTMRegressor()).set_params(
        lstmregressor__callbacks__patience=2
    )
    assert pipe.get_params()["lstmregressor__callbacks__patience"] == 2


@pytest.mark.parametrize("cls", [LSTMRegressor, Seq2SeqLSTMRegressor])
def test_set_params_refuses_an_unknown_name_as_fit_does(cls):
    # scikeras' message advised passing it to the constructor, `cls(epoch=3)`,
    # which fit then refused ("did you mean `epochs`?")
    model = cls(units=2, callbacks=[keras.callbacks.EarlyStopping])
    for params in ({"epoch": 3}, {"optimzer__beta_1": 0.8}, {"model__units": 3}):
        with pytest.raises(ValueError, match=r"Unknown parameter\(s\) \['"):
            model.set_params(**params)
    with pytest.raises(ValueError, match=r"\['epoch'\].*did you mean `epochs`\?"):
        pipe = Pipeline([("window", SlidingWindow()), ("lstm", model)])
        pipe.set_params(lstm__epoch=3)
    assert "epoch" not in model.get_params()
    # what scikeras routes, as the constructor takes it
    routed = {
        "optimizer__beta_1": 0.8,
        "loss__delta": 0.5,
        "metrics__name": "m",
        "callbacks__patience": 2,
        "callbacks__0__patience": 3,
        "compile__jit_compile": False,
        "fit__shuffle": False,
        "predict__verbose": 0,
    }
    model.set_params(epochs=2, **routed)
    assert {k: model.get_params()[k] for k in routed} == routed
    assert clone(model).get_params() == model.get_params()


def test_predict_shapes(sine, sine_multistep):
    X, y = sine
    assert LSTMRegressor(**TINY).fit(X, y).predict(X).shape == (len(X),)
    X, Y = sine_multistep
    for cls in (LSTMRegressor, Seq2SeqLSTMRegressor):
        assert cls(**TINY).fit(X, Y).predict(X[:5]).shape == (5, 4)
    # 2-D input is univariate windows
    assert LSTMRegressor(**TINY).fit(X[:, :, 0], Y).predict(X[:3, :, 0]).shape == (
        3,
        4,
    )


def test_same_seed_same_predictions(sine):
    X, y = sine
    first = LSTMRegressor(**TINY, dropout=0.2).fit(X, y).predict(X)
    second = LSTMRegressor(**TINY, dropout=0.2).fit(X, y).predict(X)
    assert_array_equal(first, second)


def test_predictions_do_not_depend_on_batch_company(sine):
    X, y = sine
    model = LSTMRegressor(**TINY).fit(X, y)
    full = model.predict(X)
    for part in (X[:1], X[5:40], X[-300:]):
        start = next(i for i in range(len(X)) if np.array_equal(X[i], part[0]))
        assert_array_equal(model.predict(part), full[start : start + len(part)])


@jax_only
def test_a_fitted_regressor_predicts_and_pickles_from_several_threads_at_once(sine):
    # scikit-learn's fitted estimators serve several threads (a server, or
    # cross_validate(FrozenEstimator(model), n_jobs=2) on joblib's threading
    # backend): on JAX a call alongside another read the weights that it had
    # taken out of the network, and could leave it without them for good
    X, y = sine  # more windows than a batch of predict's: Keras' predict loop
    model = LSTMRegressor(units=2, epochs=1, random_state=0).fit(X[:60], y[:60])
    few, many = model.predict(X[:5]), model.predict(X)  # one padded batch
    start = threading.Barrier(4)

    def calls(_):
        start.wait()  # the threads' calls overlap
        return [
            (model.predict(X[:5]), model.predict(X), pickle.dumps(model))
            for _ in range(3)
        ]

    with ThreadPoolExecutor(4) as pool:
        results = [call for thread in pool.map(calls, range(4)) for call in thread]
    for predicted_few, predicted_many, _ in results:
        assert_array_equal(predicted_few, few)
        assert_array_equal(predicted_many, many)
    assert_array_equal(pickle.loads(results[-1][2]).predict(X), many)
    assert_array_equal(model.predict(X), many)


def _interrupting(patch, network, where, step):
    """Make the next Keras loop of ``network`` stop by a KeyboardInterrupt
    (Ctrl-C) ``where``: as its compiled ``step`` ("train_function",
    "predict_function") returns, the state it was given consumed and its
    own lost; or as it reads its first batch, or its second, in
    ``WindowBatches`` (undone as ``patch`` is)."""
    if where == "as a step returns":
        run = getattr(network, step)

        def interrupted(state, iterator):
            run(state, iterator)
            raise KeyboardInterrupt

        # the steps that the network lends to others of its kind, for this
        # test alone
        patch.setattr(_steps, "_shared", collections.OrderedDict())
        patch.setattr(network, step, interrupted)
        return
    stop_at = {"reading its first batch": 0, "reading its second batch": 1}[where]
    read = WindowBatches.__getitem__

    def interrupted(self, index):
        if index == stop_at:
            raise KeyboardInterrupt
        return read(self, index)

    patch.setattr(WindowBatches, "__getitem__", interrupted)


@jax_only
@pytest.mark.parametrize(
    ("where", "rows"),
    [
        ("reading its first batch", 300),
        ("reading its second batch", 300),
        ("as a step returns", 300),
        ("as a step returns", 5),  # one batch, outside Keras' predict loop
    ],
)
def test_an_interrupted_prediction_leaves_the_network_as_it_was(
    sine, where, rows, monkeypatch
):
    # Ctrl-C during a prediction left the network without its weights on
    # JAX, whose loops take them out of it while they run: every later
    # predict, fit or pickle failed
    X, y = sine
    model = LSTMRegressor(units=2, epochs=1, random_state=0).fit(X[:60], y[:60])
    expected = model.predict(X)
    with monkeypatch.context() as patch:
        _interrupting(patch, model.model_, where, "predict_function")
        with pytest.raises(KeyboardInterrupt):
            model.predict(X[:rows])
    assert_array_equal(model.predict(X), expected)
    assert_array_equal(pickle.loads(pickle.dumps(model)).predict(X), expected)


@jax_only
@pytest.mark.parametrize("where", ["as a step returns", "reading its second batch"])
def test_an_interrupted_warm_fit_leaves_a_network_that_trains_on(
    sine, where, monkeypatch
):
    # as a step returns, the state of the steps before is lost: the network
    # is as the fit found it; else it keeps what it trained
    X, y = sine
    model = LSTMRegressor(
        units=2, epochs=1, batch_size=16, warm_start=True, random_state=0
    ).fit(X[:60], y[:60])
    before = model.predict(X)
    with monkeypatch.context() as patch:
        _interrupting(patch, model.model_, where, "train_function")
        with pytest.raises(KeyboardInterrupt):
            model.fit(X, y)
    if where == "as a step returns":
        assert_array_equal(model.predict(X), before)
    assert np.isfinite(model.fit(X, y).predict(X)).all()


@pytest.mark.parametrize("cls", NETWORKS_SEQ2SEQ_SLOW)
def test_pickle_round_trip(cls, sine_multistep):
    X, Y = sine_multistep
    unfitted = pickle.loads(pickle.dumps(cls(**TINY)))
    assert unfitted.get_params() == cls(**TINY).get_params()
    model = cls(**TINY).fit(X, Y)
    restored = pickle.loads(pickle.dumps(model))
    assert_array_equal(restored.predict(X), model.predict(X))


def test_target_is_scaled_inside_and_predictions_in_original_units(sine):
    X, y = sine
    big = 1000 + 500 * np.asarray(y)
    model = LSTMRegressor(units=8, epochs=5, random_state=0).fit(X, big)
    pred = model.predict(X)
    assert abs(pred.mean() - big.mean()) < 100
    unscaled = LSTMRegressor(units=8, epochs=5, random_state=0, scale_target=False)
    # without scaling a tiny network cannot reach the level of the target
    assert abs(unscaled.fit(X, big).predict(X).mean() - big.mean()) > 500


def test_window_norm_extrapolates_a_trend():
    series = np.arange(300.0) + np.sin(np.arange(300))
    X, y = make_supervised(series, history=8)
    train, test = slice(0, 200), slice(250, None)  # test values lie above train's
    scores = {}
    for norm in (None, "last"):
        model = LSTMRegressor(units=8, epochs=10, window_norm=norm, random_state=0)
        pred = model.fit(X[train], y[train]).predict(X[test])
        scores[norm] = np.abs(pred - y[test]).mean()
    assert scores["last"] < 5 < 20 < scores[None]


@pytest.mark.parametrize("norm", ["last", "seasonal"])
def test_a_window_norm_forecasts_a_series_in_small_units_as_any_other(norm):
    # the scales of the channels and of the known inputs took a spread below
    # 2.2e-15 for none (scale 1), while the target's was scaled: a series in
    # units of 1e-15 reached the output multiplied by 1e15, and training
    # diverged; its rounding error is judged by the series' own size now
    t = np.arange(80)
    noise = np.random.default_rng(0).normal(scale=0.5, size=80)
    frame = pd.DataFrame({"y": 10 + 3 * np.sin(t * np.pi / 2) + noise, "x": t % 5})
    X, y = make_supervised(frame, history=8, target="y", future=["x"])
    params = {"window_norm": norm, "season_length": 4, "future_channels": 1}
    unit = LSTMRegressor(**TINY, **params).fit(X, y)
    small = LSTMRegressor(**TINY, **params).fit(X * 1e-15, y * 1e-15)
    assert_allclose(small.channel_scale_, unit.channel_scale_ * 1e-15)
    assert_allclose(small.future_scale_, unit.future_scale_ * 1e-15)
    forecasts = small.predict(X[-4:] * 1e-15)
    assert_allclose(forecasts, unit.predict(X[-4:]) * 1e-15, rtol=1e-4)
    # and a target channel off the level of y is told as in any units (its
    # check added 1e-12 to each spread)
    off = X.copy()
    off[:, :, 0] -= 10
    with pytest.warns(UserWarning, match="far from y"):
        LSTMRegressor(**params).initialize(off * 1e-15, y * 1e-15)


def test_early_stopping_holds_out_the_last_rows_after_a_gap(sine):
    X, y = sine
    model = LSTMRegressor(
        **{**TINY, "epochs": 6},
        early_stopping=True,
        validation_fraction=0.2,
        n_iter_no_change=2,
    ).fit(X, y)
    assert "val_loss" in model.history_
    assert len(model.history_["val_loss"]) == len(model.history_["loss"])
    refused = LSTMRegressor(**TINY, early_stopping=True, validation_fraction=0.5)
    with pytest.raises(ValueError, match="leaving none to train on"):
        refused.fit(X[:1], y[:1])
    # refused before the network is built: no fitted state is left behind
    assert not hasattr(refused, "model_") and not hasattr(refused, "quantiles_")
    # in the words scikit-learn's checks look for ("of 1 rows" was not)
    check_fit2d_1sample("early", LSTMRegressor(**TINY, early_stopping=True))


@pytest.mark.parametrize(
    "check", [check_requires_y_none, check_regressor_data_not_an_array]
)
def test_early_stopping_takes_the_data_that_a_fit_without_it_takes(check):
    # scikit-learn's checks pass without early stopping (test_common); with
    # it, a y of None failed as "tuple index out of range" before the data's
    # own check, and an array-like without len() as "has no len()"
    check("LSTMRegressor", LSTMRegressor(**TINY, early_stopping=True))


def test_early_stopping_split_is_chronological_with_gap(batch_inputs, sine):
    X, y = sine
    LSTMRegressor(**TINY, early_stopping=True, validation_fraction=0.1).fit(X, y)
    (val, val_args), (train, _) = batch_inputs
    n_val = int(np.ceil(0.1 * len(X)))
    assert_array_equal(val, X[-n_val:])
    assert not val_args.get("shuffle", False)
    # the gap is horizon - 1 rows: no training target is a validation one
    assert len(train) == len(X) - n_val
    assert_array_equal(train, X[: len(train)])


def test_recurrent_dropout_warns_about_cudnn(sine):
    X, y = sine
    with pytest.warns(UserWarning, match="cuDNN"):
        LSTMRegressor(**TINY, recurrent_dropout=0.1).fit(X[:50], y[:50])


def test_the_tutorial_architectures_are_one_call_each(sine, sine_multistep):
    X, y = sine
    stacked = LSTMRegressor(units=(50, 50), dropout=0.2, dense_units=25, epochs=1)
    # built, not trained: the layers are what ``fit`` builds
    layers = stacked.initialize(X[:64], y[:64]).model_.layers
    assert [type(layer).__name__ for layer in layers] == [
        "InputLayer",
        "LSTM",
        "Dropout",
        "LSTM",
        "Dropout",
        "Dense",
        "Dense",
    ]
    assert [layers[i].units for i in (1, 3, 5, 6)] == [50, 50, 25, 1]
    assert layers[1].return_sequences and not layers[3].return_sequences
    assert layers[2].rate == layers[4].rate == 0.2

    X, Y = make_supervised(np.sin(np.arange(120) / 4), history=18, horizon=18)
    seq2seq = Seq2SeqLSTMRegressor(units=32, bidirectional=True, epochs=1)
    layers = seq2seq.initialize(X, Y).model_.layers
    assert [type(layer).__name__ for layer in layers] == [
        "InputLayer",
        "Bidirectional",
        "RepeatVector",
        "Bidirectional",
        "TimeDistributed",
        "Reshape",
    ]
    assert layers[1].forward_layer.units == layers[3].forward_layer.units == 32
    assert layers[3].forward_layer.return_sequences
    assert layers[2].n == 18


def test_voting_and_stacking_with_a_ridge_pipeline(sine):
    X, y = sine
    lags = make_pipeline(SlidingWindow(flatten=True), Ridge())
    lstm = LSTMRegressor(**TINY)
    for ensemble in (
        VotingRegressor([("ridge", lags), ("lstm", lstm)]),
        StackingRegressor([("ridge", lags), ("lstm", lstm)], cv=2),
    ):
        assert ensemble.fit(X, y).predict(X[:3]).shape == (3,)


def test_grid_search_over_window_units_and_dropout(sine):
    X, y = sine
    pipe = Pipeline(
        [
            ("window", SlidingWindow()),
            ("scale", SequenceScaler()),
            ("lstm", LSTMRegressor(epochs=1, random_state=0)),
        ]
    )
    cv = TimeSeriesSplit(n_splits=2)
    scores = cross_validate(pipe, X, y, cv=cv)
    assert np.isfinite(scores["test_score"]).all()
    # each parameter searched on its own: 3 candidates, not the 8 of a
    # product, on the later fold alone (the folds were cross-validated above)
    grid = [
        {"window__window": [6]},
        {"lstm__units": [2]},
        {"lstm__dropout": [0.2]},
    ]
    search = GridSearchCV(pipe, grid, cv=list(cv.split(X))[-1:]).fit(X, y)
    assert len(search.cv_results_["params"]) == 3
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    assert search.best_estimator_.predict(X[:2]).shape == (2,)


@pytest.mark.parametrize(
    ("params", "error", "match"),
    [
        ({"units": 0}, ValueError, "'units' parameter"),
        ({"units": (4, 0)}, ValueError, r"units=\(4, 0\)"),
        ({"dropout": 1.0}, ValueError, "'dropout' parameter"),
        ({"window_norm": "max"}, ValueError, "'window_norm' parameter"),
        ({"unitz": 3}, ValueError, "Unknown parameter"),
        # the Keras tutorials' names: said only how routing is spelt
        ({"epoch": 3}, ValueError, r"\['epoch'\].*`epoch`: did you mean `epochs`\?"),
        (
            {"look_back": 10},
            ValueError,
            r"`look_back`: .*make_supervised.*SlidingWindow",
        ),
        (
            {"validation_split": 0.1},
            ValueError,
            r"`validation_split`: .*`early_stopping=True`.*`validation_fraction`",
        ),
        (
            {"return_sequences": True},
            ValueError,
            r"`return_sequences`: .*`units=\(50, 50\)`",
        ),
        ({"input_shape": (12, 1)}, ValueError, r"`input_shape`: .*read from `X`"),
        ({"activation": "tanh"}, ValueError, r"`activation`: .*tanh.*sigmoid"),
        ({"stateful": False}, ValueError, r"`stateful`: .*its own history"),
        ({"window_norm": "last", "target_channel": 2}, ValueError, "target_channel=2"),
    ],
)
def test_bad_parameters(sine, params, error, match):
    X, y = sine
    with pytest.raises(error, match=match):
        LSTMRegressor(**{**TINY, **params}).fit(X[:40], y[:40])


@pytest.mark.parametrize(
    "loss",
    [
        "mape",
        "msle",
        "poisson",
        keras.losses.MeanAbsolutePercentageError,
        keras.losses.MeanSquaredLogarithmicError(),
        keras.losses.poisson,
        "Poisson",  # a class's name: Keras gives an instance
        "MAPE",
    ],
)
def test_a_loss_relative_to_the_targets_values_is_refused_on_standardised_targets(
    sine, loss
):
    # MAPE on targets standardised around zero divides by values near zero
    # (the network learnt to forecast the mean, 0 in those units); MSLE and
    # the Poisson loss cut the negative half off: refused before any training
    X, y = sine
    model = LSTMRegressor(**{**TINY, "loss": loss})
    with pytest.raises(ValueError, match="scale_target=False"):
        model.fit(X[:40], y[:40] + 2)
    assert not hasattr(model, "model_")


@pytest.mark.parametrize("loss", ["mape", keras.losses.poisson])
def test_a_loss_relative_to_the_targets_values_trains_on_targets_as_given(sine, loss):
    # the refusal above is of standardised targets only (a name and a
    # function here; every spelling is refused above by the same check)
    X, y = sine
    LSTMRegressor(**TINY, loss=loss, scale_target=False).fit(X[:40], y[:40] + 2)


def test_bad_input(sine):
    X, y = sine
    with pytest.raises(NotFittedError):
        LSTMRegressor().predict(X)
    model = LSTMRegressor(**TINY).fit(X[:40], y[:40])
    with pytest.raises(ValueError, match="windows of 6 steps.*12 steps"):
        model.predict(X[:, 6:])
    with pytest.raises(ValueError, match="2 channels.*1 channels"):
        model.predict(np.concatenate([X, X], axis=2))
    with pytest.raises(ValueError, match="4-D"):
        LSTMRegressor(**TINY).fit(X[..., None], y)
    with pytest.raises(ValueError, match="NaN"):
        LSTMRegressor(**TINY).fit(np.where(X > 0.9, np.nan, X), y)
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        LSTMRegressor(**TINY).fit(X, y[:-1])
    assert_allclose(model.score(X[:40], y[:40]), model.score(X[:40], y[:40]))


@pytest.mark.parametrize("cls", NETWORKS_SEQ2SEQ_SLOW)
def test_untrained_network_forecasts_its_normalisations_naive_forecast(cls):
    # the output layer starts at zero: before training (``initialize`` builds
    # the network fit would train), "last" repeats the last value and
    # "seasonal" the last season plus its latest change
    rng = np.random.default_rng(0)
    series = np.cumsum(rng.normal(size=200)) + 10 * np.sin(np.arange(200) / 2)
    X, y = make_supervised(series, history=15, horizon=4)
    untrained = {"units": 4, "random_state": 0}
    last = cls(**untrained, window_norm="last").initialize(X, y)
    assert_allclose(last.predict(X[:5]), np.repeat(X[:5, -1], 4, axis=1), atol=1e-4)
    seasonal = cls(**untrained, window_norm="seasonal", season_length=6).initialize(
        X, y
    )
    changes = X[:5, 6:, 0] - X[:5, :-6, 0]
    drift = changes[:, -6:].mean(axis=1)
    expected = X[:5, -6:-2, 0] + drift[:, None]
    assert_allclose(seasonal.predict(X[:5]), expected, atol=1e-4)
    # beyond one season: the seasonal naive forecast with one change a season
    X, y = make_supervised(series, history=15, horizon=9)
    seasonal = cls(**untrained, window_norm="seasonal", season_length=4).initialize(
        X, y
    )
    naive = SeasonalNaiveRegressor(4, drift=True).fit(X, y)
    assert_allclose(seasonal.predict(X[:9]), naive.predict(X[:9]), atol=1e-4)
    # averaging the last three seasons, each moved forward by the drift
    averaged = cls(**untrained, window_norm="seasonal", season_length=4, n_seasons=3)
    naive = SeasonalNaiveRegressor(4, drift=True, n_seasons=3).fit(X, y)
    expected = naive.predict(X[:9])
    assert_allclose(averaged.initialize(X, y).predict(X[:9]), expected, atol=1e-4)
    assert not np.allclose(expected, seasonal.predict(X[:9]), atol=1e-2)
    # Holt-Winters smoothing of each window, an ensemble with a linear skip too
    smoothing = {"season_length": 4, "smoothing": (0.3, 0.1, 0.2, 0.95)}
    smoothed = cls(**untrained, window_norm="holt_winters", **smoothing)
    start = HoltWintersRegressor(**smoothing).fit(X, y).predict(X[:9])
    assert_allclose(smoothed.initialize(X, y).predict(X[:9]), start, atol=1e-4)
    members = smoothed.set_params(n_members=3, linear_skip=True).initialize(X, y)
    assert_allclose(members.predict(X[:9]), start, atol=1e-4)
    # its constants chosen as the network is built (at fit), as
    # HoltWintersRegressor chooses them
    auto = smoothed.set_params(n_members=1, linear_skip=False, smoothing="auto")
    chosen = HoltWintersRegressor(4, smoothing="auto").fit(X, y)
    assert auto.initialize(X, y).smoothing_ == chosen.smoothing_
    assert_allclose(auto.predict(X[:9]), chosen.predict(X[:9]), atol=1e-4)


def test_seasonal_norm_bad_settings(sine):
    X, y = sine
    with pytest.raises(ValueError, match="needs `season_length`"):
        LSTMRegressor(**TINY, window_norm="seasonal").fit(X, y)
    with pytest.raises(ValueError, match="must be longer"):
        LSTMRegressor(**TINY, window_norm="seasonal", season_length=12).fit(X, y)
    seasons = {"window_norm": "seasonal", "season_length": 6, "n_seasons": 2}
    with pytest.raises(ValueError, match="longer than 12 steps"):
        LSTMRegressor(**TINY, **seasons).fit(X, y)


def test_holt_winters_norm_bad_settings(sine):
    X, y = sine
    with pytest.raises(ValueError, match="needs `season_length`"):
        LSTMRegressor(**TINY, window_norm="holt_winters").fit(X, y)
    with pytest.raises(ValueError, match="must be longer than 12 steps"):
        LSTMRegressor(**TINY, window_norm="holt_winters", season_length=12).fit(X, y)
    smoothing = {"window_norm": "holt_winters", "season_length": 3}
    with pytest.raises(ValueError, match="four numbers in"):
        LSTMRegressor(**TINY, **smoothing, smoothing=(0.5, 2.0, 0.1, 1.0)).fit(X, y)
    # the constants matter to that norm only, as season_length does
    LSTMRegressor(**TINY, window_norm="last", smoothing=(2.0,)).fit(X, y)


def test_holt_winters_model_survives_a_keras_round_trip(tmp_path, sine):
    X, y = sine
    smoothing = {"window_norm": "holt_winters", "season_length": 3}
    model = LSTMRegressor(**TINY, **smoothing, smoothing=(0.2, 0.1, 0.3, 0.9))
    model.fit(X, y)
    path = tmp_path / "model.keras"
    model.model_.save(path)
    loaded = keras.saving.load_model(path)
    expected = model.model_.predict(X[:4], verbose=0)
    assert_allclose(loaded.predict(X[:4], verbose=0), expected)


def test_seasonal_model_survives_a_keras_round_trip(tmp_path, sine):
    X, y = sine
    seasonal = {"window_norm": "seasonal", "season_length": 3, "n_seasons": 2}
    model = LSTMRegressor(**TINY, **seasonal).fit(X, y)
    path = tmp_path / "model.keras"
    model.model_.save(path)
    loaded = keras.saving.load_model(path)
    expected = model.model_.predict(X[:4], verbose=0)
    assert_allclose(loaded.predict(X[:4], verbose=0), expected)


@pytest.mark.parametrize(("level", "trend"), [(300.0, 0.0), (10.0, 3.0)])
def test_window_norm_warns_when_the_target_channel_is_not_in_y_units(level, trend):
    # a level far from y's, or a spread far from y's (a trending series, as
    # the airline data, whose scaled level is within 3 of y's deviations)
    steps = np.random.default_rng(0).normal(size=120)
    series = level + np.cumsum(steps) + trend * np.arange(120)
    X, y = make_supervised(series, history=6)
    model = make_pipeline(SequenceScaler(), LSTMRegressor(**TINY, window_norm="last"))
    with pytest.warns(UserWarning, match="SequenceScaler before the model") as record:
        model.fit(X, y)
    assert record[0].filename == __file__  # the user's call, through the pipeline
    if trend:  # and through a search (once: three fits)
        with pytest.warns(UserWarning, match="SequenceScaler before") as record:
            GridSearchCV(model, {}, cv=TimeSeriesSplit(2)).fit(X, y)
        assert record[0].filename == __file__
    with warnings.catch_warnings():  # in y's units: no warning
        warnings.simplefilter("error", UserWarning)
        LSTMRegressor(**TINY, window_norm="last").fit(X, y)


def test_window_norm_warns_when_float32_rounds_the_level_by_its_steps():
    # the network reads the windows in float32: at a level of 1e9, its steps
    # of 64 rounded the changes of about 1 that a window norm reads, and the
    # level it forecasts from, by more than a naive forecast's error, silently
    steps = np.random.default_rng(0).normal(size=120)
    X, y = make_supervised(1e9 + np.cumsum(steps), history=6)
    with pytest.warns(UserWarning, match=r"float32.*steps of 64.*Subtract") as record:
        LSTMRegressor(**TINY, window_norm="last").fit(X, y)
    assert record[0].filename == __file__
    X, y = make_supervised(1e4 + np.cumsum(steps), history=6)
    with warnings.catch_warnings():  # rounded by far less than its steps
        warnings.simplefilter("error", UserWarning)
        LSTMRegressor(**TINY, window_norm="last").fit(X, y)


def test_window_norm_warns_where_float32_rounds_a_covariate_or_one_series():
    # the check read the target channel alone, by the mean change of all rows
    # at the largest level: a covariate at 1e9 moving by 3 reached the network
    # as zeros, and a series at 1e9 moving by 1 beside one moving by 1000
    # passed, without a word; each channel and each level is read now
    rng = np.random.default_rng(0)
    steps = rng.normal(size=(3, 80))
    target = 50 + steps[0]
    covariate = 3 * np.cumsum(steps[1])
    model = LSTMRegressor(**TINY, window_norm="last")
    for offset in (0, 1e9):
        series = np.column_stack([target, covariate + offset])
        X, y = make_supervised(series, history=6, target=0)
        with warnings.catch_warnings(record=True) as record:
            warnings.simplefilter("always")
            model.initialize(X, y)
        told = [str(w.message) for w in record if "float32" in str(w.message)]
        if offset:
            assert len(told) == 1 and re.match(
                r"window_norm='last' reads channel 1 of X in float32.*steps of "
                r"64.*changes the network reads are off .*from its series",
                told[0],
            ), told
        else:
            assert not told
    panel = {"a": 1e9 + np.cumsum(steps[2]), "b": 1000 * np.cumsum(steps[1])}
    X, y = make_supervised(panel, history=6)
    match = r"target channel 0 .*steps of 64.*in 74 of its 148 rows"
    with pytest.warns(UserWarning, match=match) as record:
        model.initialize(X, y)
    assert record[0].filename == __file__


def _lstm_layers(model):
    for layer in model.layers:
        if isinstance(layer, keras.layers.Bidirectional):
            yield layer.forward_layer
            yield layer.backward_layer
        elif isinstance(layer, keras.layers.LSTM):
            yield layer


@pytest.mark.parametrize(
    "model",
    [
        LSTMRegressor(units=(4, 4), dropout=0.2, epochs=1, random_state=0),
        LSTMRegressor(units=4, bidirectional=True, epochs=1, random_state=0),
        Seq2SeqLSTMRegressor(units=4, epochs=1, random_state=0),
    ],
    ids=["stacked", "bidirectional", "seq2seq"],
)
def test_default_lstm_layers_are_eligible_for_cudnn(sine, model):
    # Keras runs an LSTM layer on the fused cuDNN kernel of a GPU when its
    # arguments allow it (the check below, Keras' own) and it has no recurrent
    # dropout; a CPU-only machine can still check the arguments.
    # Keras' private module: this test fails, rather than skips, if it moves
    rnn = importlib.import_module("keras.src.backend.tensorflow.rnn")

    X, y = sine
    y = y if model.__class__ is LSTMRegressor else np.column_stack([y, y])
    layers = list(_lstm_layers(clone(model).initialize(X, y).model_))
    assert layers
    for layer in layers:
        cell = layer.cell
        assert layer.use_cudnn in ("auto", True) and not cell.recurrent_dropout
        assert rnn._do_lstm_arguments_support_cudnn(
            cell.activation, cell.recurrent_activation, layer.unroll, cell.use_bias
        )


@pytest.mark.parametrize("cls", NETWORKS_SEQ2SEQ_SLOW)
def test_any_window_layout_of_fit_is_accepted_at_predict(cls, sine_multistep):
    # univariate windows are (n, window) or (n, window, 1): a model fitted on
    # either predicts both, alike (recursive_forecast passes 3-D windows)
    X, Y = sine_multistep
    flat = cls(**TINY).fit(X[:, :, 0], Y)
    assert_array_equal(flat.predict(X[:7]), flat.predict(X[:7, :, 0]))
    deep = cls(**TINY).fit(X, Y)
    assert_array_equal(deep.predict(X[:300, :, 0]), deep.predict(X[:300]))
    assert_array_equal(flat.predict(X[:7]), deep.predict(X[:7]))


def test_pandas_nullable_targets(sine):
    X, y = sine
    target = pd.Series(np.asarray(y), dtype="Float64")
    model = LSTMRegressor(**TINY).fit(X, target)
    assert_array_equal(
        model.predict(X[:5]), LSTMRegressor(**TINY).fit(X, y).predict(X[:5])
    )


def test_the_hidden_dense_layers_take_an_activation():
    X, y = make_supervised(np.sin(np.arange(60) / 3), history=6)
    for activation, expected in ((None, "linear"), ("relu", "relu")):
        model = LSTMRegressor(
            4, dense_units=3, dense_activation=activation, epochs=1, random_state=0
        ).initialize(X, y)
        layer = model.model_.get_layer("dense_0")
        assert layer.activation.__name__ == expected


def test_layer_sizes_may_be_numpy_integers():
    # a grid of sizes made with np.arange hands the model NumPy integers,
    # which its parameter checks accept and Keras' layers refused
    X, y = make_supervised(np.sin(np.arange(60) / 3), history=6, horizon=2)
    two = np.arange(2, 3)[0]
    lstm = LSTMRegressor(units=(two, 3), dense_units=two, random_state=0)
    assert lstm.initialize(X, y).model_.get_layer("lstm_0").units == 2
    seq2seq = Seq2SeqLSTMRegressor(units=two, decoder_units=two, random_state=0)
    assert seq2seq.initialize(X, y).model_.get_layer("decoder").units == 2


@pytest.mark.parametrize("cls", NETWORKS_SEQ2SEQ_SLOW)
def test_the_linear_skip_starts_at_zero_and_joins_the_output(cls):
    # a linear map of the normalised window (and of the known inputs) is
    # added to the output: zero before training, so the start is unchanged
    frame = pd.DataFrame(
        {"y": np.sin(np.arange(120) / 3), "x": np.cos(np.arange(120) / 5)}
    )
    X, Y = make_supervised(frame, history=8, horizon=3, target="y", future=["x"])
    params = {"units": 3, "window_norm": "last", "future_channels": 1}
    plain = cls(**params, random_state=0).initialize(X, Y)
    skip = cls(**params, linear_skip=True, random_state=0).initialize(X, Y)
    assert_allclose(skip.predict(X[:6]), plain.predict(X[:6]), atol=1e-6)
    model = cls(**params, linear_skip=True, epochs=3, random_state=0).fit(X, Y)
    before = model.predict(X[:6])
    layer = model.model_.get_layer("linear_skip")
    assert layer.kernel.shape[0] == 8 * 3 + 3  # the window's 3 channels, x ahead
    assert np.abs(keras.ops.convert_to_numpy(layer.kernel)).max() > 0
    layer.set_weights([np.zeros_like(w) for w in layer.get_weights()])
    assert np.abs(model.predict(X[:6]) - before).max() > 1e-6
    quantile = cls(**params, linear_skip=True, quantiles=(0.1, 0.5, 0.9), epochs=1)
    assert quantile.fit(X, Y).predict_quantiles(X[:4]).shape == (4, 3, 3)


# the loss is the same function whatever the network: the Seq2Seq twins run
# with the slow checks
@pytest.mark.parametrize(
    "build", [build_lstm, pytest.param(build_seq2seq, marks=pytest.mark.slow)]
)
@pytest.mark.parametrize("n_members", [1, 2])
def test_an_ensembles_loss_is_the_sum_of_its_members_losses(build, n_members):
    # each member trains as one network would: on the batches the training
    # serves (one block of rows per member), the loss is the sum of each
    # member's data loss and penalty on its outputs (``output_penalty``:
    # penalty · sum of the squared outputs / batch size), so that each
    # member's gradient is its own fit's; the history reports their mean
    rng = np.random.default_rng(0)
    x = rng.normal(size=(8, 6, 1)).astype("float32")
    y = rng.normal(size=(8, 2)).astype("float32")
    model = build((6, 1), 2, n_members=n_members, output_penalty=0.5, seed=0)
    for k in range(n_members):  # outputs away from zero, member by member
        layer = model.get_layer(f"m{k}_output" if n_members > 1 else "output")
        weights = layer.get_weights()
        layer.set_weights([weights[0] + 0.1 * (k + 1), weights[1] + k + 1.0])
    model.compile(loss="mse")
    out = model.predict(x, verbose=0).reshape(8, n_members, 2)
    expected = np.sum(
        [
            np.mean((y - out[:, k]) ** 2) + 0.5 * np.sum(out[:, k] ** 2) / len(x)
            for k in range(n_members)
        ]
    )
    target = y[:, None] if n_members > 1 else y
    # every block holds the rows in order: predicting them, each member reads
    # every block, and its penalty over them all is its penalty over its own
    windows, targets, weights = WindowBatches(
        x, target, batch_size=len(x), members=n_members
    )[0]
    loss = model.evaluate(
        windows, targets, sample_weight=weights, batch_size=len(windows), verbose=0
    )
    assert_allclose(loss, expected, rtol=1e-5)


@pytest.mark.parametrize(
    ("quantiles", "learning_rate"),
    [(None, 0.03), pytest.param((0.1, 0.5, 0.9), 0.01, marks=pytest.mark.slow)],
)
def test_each_member_of_an_ensemble_keeps_its_own_best_epoch(quantiles, learning_rate):
    # members of one model share the batches' order; stopped together at the
    # best epoch of their mean loss, they would share its error too. On noise
    # the members overfit early, each at an epoch of its own
    X, y = make_supervised(np.random.default_rng(0).normal(size=160), history=6)
    patience, epochs = 3, 30
    n_val = int(np.ceil(0.25 * len(X)))  # the rows early stopping holds out
    model = LSTMRegressor(
        units=4,
        n_members=3,
        epochs=epochs,
        early_stopping=True,
        validation_fraction=0.25,
        n_iter_no_change=patience,
        learning_rate=learning_rate,
        quantiles=quantiles,
        random_state=0,
    ).fit(X, y)
    history = model.history_
    losses = np.array([history[f"val_loss_m{k}"] for k in range(3)])
    assert losses.shape == (3, len(history["loss"]))
    stops = [_own_stop(member, patience) for member in losses]
    best = np.array(
        [
            member[: stop + 1].argmin()
            for member, stop in zip(losses, stops, strict=True)
        ]
    )
    assert len(set(best)) > 1  # the members' best epochs differ here
    # training ends once every member has stopped as its own fit would
    assert len(history["loss"]) == min(epochs, max(stops) + 1)
    # and each member is back at its own best epoch before its stop
    target = model.target_encoder_.transform(y[-n_val:])
    out = model.model_.predict(X[-n_val:], verbose=0).reshape(n_val, 3, -1)
    if quantiles is None:
        now = ((out - target) ** 2).mean(axis=(0, 2))
    else:
        tau = np.array(quantiles)[None, None, :]
        error = target - out
        now = np.maximum(tau * error, (tau - 1) * error).mean(axis=(0, 2))
    expected = [
        member[: stop + 1].min() for member, stop in zip(losses, stops, strict=True)
    ]
    assert_allclose(now, expected, rtol=1e-4)


@pytest.mark.parametrize(
    "quantiles", [None, pytest.param((0.1, 0.9), marks=pytest.mark.slow)]
)
def test_with_an_output_penalty_each_member_is_validated_as_its_own_fit(quantiles):
    # a network's validation loss (Keras') counts the penalty on its outputs;
    # a member's counted the data alone, and stopped at another epoch than
    # its own fit would (member 0 is the network fitted alone)
    noise = np.random.default_rng(0).normal(scale=0.1, size=200)
    X, y = make_supervised(np.sin(np.arange(200) / 5) + noise, history=8)
    params = {
        **TINY,
        "epochs": 3,
        "early_stopping": True,
        "output_penalty": 5.0,
        "quantiles": quantiles,
    }
    alone = LSTMRegressor(**params).fit(X, y)
    ensemble = LSTMRegressor(**params, n_members=2).fit(X, y)
    assert_allclose(
        ensemble.history_["val_loss_m0"], alone.history_["val_loss"], rtol=1e-5
    )


@pytest.mark.parametrize(
    "params",
    [
        {"optimizer": "sgd"},
        {
            "optimizer": "sgd",
            "optimizer__momentum": 0.5,
            "output_penalty": 2.0,
            "quantiles": (0.1, 0.9),
        },
    ],
)
def test_each_member_of_an_ensemble_takes_the_steps_of_its_own_fit(params):
    # the loss averaged the members' losses, so each member's gradient was
    # its own divided by n_members: with Adam (scale-invariant but for its
    # epsilon) it barely showed, but with SGD a member trained as its own fit
    # would with learning_rate / n_members, and its penalty with it. Here
    # every member reads the rows in order, as a network alone does
    X, y = make_supervised(np.sin(np.arange(120) / 5), history=8)
    params = {
        **TINY,
        "epochs": 3,
        "learning_rate": 0.05,
        "shuffle": False,
        "window_norm": "last",
        **params,
    }
    ensemble = LSTMRegressor(**params, n_members=2).fit(X, y)
    start = LSTMRegressor(**params, n_members=2).initialize(X, y).model_
    members = ensemble.model_.predict(X[-5:], verbose=0).reshape(5, 2, -1)
    losses = []
    for k in range(2):  # member k's own fit: a network alone, from its start
        alone = LSTMRegressor(**params, warm_start=True).initialize(X, y)
        for layer in alone.model_.layers:
            if layer.trainable_weights:
                layer.set_weights(start.get_layer(f"m{k}_{layer.name}").get_weights())
        alone.fit(X, y)
        own = alone.model_.predict(X[-5:], verbose=0).reshape(5, -1)
        assert_allclose(members[:, k], own, rtol=1e-5, atol=1e-6)
        losses.append(alone.history_["loss"])
    # the history holds the members' mean loss
    assert_allclose(ensemble.history_["loss"], np.mean(losses, axis=0), rtol=1e-5)


def _own_stop(losses, patience):
    """The epoch at which a fit whose validation losses are ``losses`` stops
    (Keras' ``EarlyStopping``): the first with ``patience`` epochs since its
    best; the last epoch if none."""
    best, wait = np.inf, 0
    for epoch, loss in enumerate(losses):
        best, wait = (loss, 0) if loss < best else (best, wait + 1)
        if wait >= patience:
            return epoch
    return len(losses) - 1


@pytest.fixture
def narrowed(monkeypatch):
    """The members running at each pause of a test's fits (each model of
    the running members that training goes on with)."""
    calls = []
    spied = _training._running_model

    def spy(model, network, running):
        calls.append(sorted(running))
        return spied(model, network, running)

    monkeypatch.setattr(_training, "_running_model", spy)
    return calls


class _Layer:
    """A member's layer whose weights are the epoch they were taken at."""

    weights = (0,)
    non_trainable_variables = ()

    def __init__(self, name, clock):
        self.name, self.clock, self.restored = name, clock, None

    def get_weights(self):
        return [np.array(self.clock[0])]

    def set_weights(self, values):
        self.restored = int(values[0])


def test_a_member_that_has_stopped_stays_stopped():
    # as K separate fits: a member that went `patience` epochs without a better
    # validation loss has stopped; a later better epoch of it (the ensemble
    # trains on while another member improves) neither becomes its best nor
    # keeps the ensemble training
    from skltsm._training import _MemberEarlyStopping

    scripted = [
        # member 0 stops at epoch 3 (best at 1), then "improves" at 4 and 6
        [1.0, 0.9, 0.95, 0.96, 0.5, 0.55, 0.4, 0.45, 0.46],
        # member 1 improves until epoch 4 and stops at epoch 6
        [1.0, 0.9, 0.8, 0.7, 0.6, 0.65, 0.66, 0.7, 0.7],
    ]
    clock = [0]
    layers = [_Layer("m0_lstm", clock), _Layer("m1_lstm", clock)]
    callback = _MemberEarlyStopping((np.zeros((1, 2, 1)), None, None), 2, "mse", 2)
    callback._losses = lambda: np.array([member[clock[0]] for member in scripted])
    optimizer = type("Optimizer", (), {"variables": []})()
    model = type(
        "Model", (), {"layers": layers, "optimizer": optimizer, "stop_training": False}
    )
    callback.set_model(model())
    callback.on_train_begin()
    for epoch in range(9):
        clock[0] = epoch
        callback.on_epoch_end(epoch, {})
        if callback.model.stop_training:
            break
    assert epoch == 6
    callback.on_train_end()
    assert [layer.restored for layer in layers] == [1, 4]


@pytest.mark.parametrize(
    ("cls", "params"),
    [
        # slow (14-23 s each: every pause traces a new step); by default,
        # test_with_callbacks_of_the_users_an_ensemble_fits_without_pauses
        # pauses an ensemble and checks that a fit with callbacks does not
        pytest.param(
            LSTMRegressor,
            {"window_norm": "seasonal", "output_penalty": 0.1, "dropout": 0.1},
            marks=pytest.mark.slow,
        ),
        # the same pauses, of another optimizer's state
        pytest.param(
            LSTMRegressor,
            {"quantiles": (0.1, 0.5, 0.9), "linear_skip": True, "optimizer": "rmsprop"},
            marks=pytest.mark.slow,
        ),
        pytest.param(Seq2SeqLSTMRegressor, {}, marks=pytest.mark.slow),
    ],
)
def test_stopped_members_stop_computing_and_change_no_forecast(
    cls, params, monkeypatch, narrowed
):
    # once a member has stopped, training goes on with the running members
    # alone (a step without the others): each computes what it would have,
    # to the bit, so the fit gives the forecasts of a fit without pauses
    X, y = make_supervised(
        np.random.default_rng(0).normal(size=300), history=8, horizon=2
    )
    fits, models = [], []
    for steps in (np.inf, 0.0):  # never worth it, always worth it
        monkeypatch.setattr(_training, "PAUSE_STEPS", steps)
        narrowed.clear()
        model = cls(
            units=4,
            n_members=4,
            season_length=4,
            epochs=30,
            early_stopping=True,
            validation_fraction=0.25,
            n_iter_no_change=3,
            learning_rate=0.03,
            random_state=0,
            **params,
        )
        models.append(model.fit(X, y))
        fits.append(list(narrowed))
    never, always = fits
    assert never == []
    assert always and all(len(b) < len(a) for a, b in itertools.pairwise(always))
    plain, paused = models
    assert_array_equal(paused.predict(X[-40:]), plain.predict(X[-40:]))
    assert len(paused.history_["loss"]) == len(plain.history_["loss"])
    # the ensemble's optimizer state is the same too: each member's as its
    # fit ended (at its stop), the step count the running members got to
    states = [
        [keras.ops.convert_to_numpy(v) for v in model.model_.optimizer.variables]
        for model in models
    ]
    assert len(states[0]) == len(states[1]) > 2 * 4
    for a, b in zip(*states, strict=True):
        assert_array_equal(a, b)
    warm = [model.set_params(warm_start=True, epochs=2).fit(X, y) for model in models]
    assert_array_equal(warm[0].predict(X[-5:]), warm[1].predict(X[-5:]))


def _stopping_ensemble(**params):
    """Noise, and an ensemble of three whose members stop at epochs of their
    own on it (a fit that pauses where pauses are worth any step)."""
    X, y = make_supervised(np.random.default_rng(0).normal(size=200), history=6)
    model = LSTMRegressor(
        units=4,
        n_members=3,
        epochs=20,
        early_stopping=True,
        n_iter_no_change=2,
        learning_rate=0.03,
        random_state=0,
        **params,
    )
    return X, y, model


def test_with_callbacks_of_the_users_an_ensemble_fits_without_pauses(
    monkeypatch, narrowed
):
    # a pause ends a Keras fit and begins another: callbacks of the user's
    # would see that, so with them every member computes to the end
    monkeypatch.setattr(_training, "PAUSE_STEPS", 0.0)
    began, logged = [], []
    counter = keras.callbacks.LambdaCallback(
        on_train_begin=lambda logs: began.append(1),
        on_epoch_end=lambda epoch, logs: logged.append(set(logs)),
    )
    X, y, model = _stopping_ensemble()
    model.fit(X, y)
    assert narrowed  # without them, this fit pauses
    monkeypatch.setattr(_training, "PAUSE_STEPS", _PAUSE_STEPS)
    narrowed.clear()
    model.fit(X, y)
    assert not narrowed  # a fit this small is not worth a new step
    monkeypatch.setattr(_training, "PAUSE_STEPS", 0.0)
    narrowed.clear()
    model.set_params(callbacks=[counter]).fit(X, y)
    assert began == [1] and not narrowed
    # and they read the members' validation loss, as they would a network's
    # fitted alone (ReduceLROnPlateau, EarlyStopping on val_loss)
    assert logged and all(
        {"loss", "val_loss", "val_loss_m0"} <= keys for keys in logged
    )


@pytest.mark.slow  # two more ensembles of three trained to their stops
@pytest.mark.parametrize(
    "tie", [{"optimizer__global_clipnorm": 1.0}, {"optimizer__use_ema": True}]
)
def test_where_the_optimizer_ties_the_members_an_ensemble_fits_without_pauses(
    tie, monkeypatch, narrowed
):
    # one clipping norm over all the members, or moving averages put in the
    # weights at each fit's end: a pause would change what they compute
    monkeypatch.setattr(_training, "PAUSE_STEPS", 0.0)
    X, y, model = _stopping_ensemble(**tie)
    model.fit(X, y)
    assert not narrowed


def test_the_history_of_an_ensemble_holds_floats():
    # each member's validation loss as Keras' own values are: it saves as JSON
    X, y = make_supervised(np.sin(np.arange(80.0) / 4), history=6)
    model = LSTMRegressor(**TINY, n_members=2, early_stopping=True).fit(X, y)
    assert {"val_loss", "val_loss_m0", "val_loss_m1"} <= set(model.history_)
    assert json.loads(json.dumps(model.history_)) == model.history_


@pytest.mark.parametrize("params", [{}, {"n_members": 3, "early_stopping": True}])
def test_a_fit_traces_its_training_step_once(params, monkeypatch):
    # TensorFlow traced the step twice where the optimizer's variables were
    # made in the first trace (a second compile of every small fit)
    traced = []
    step = keras.Model.train_step

    def counted(self, *args):  # (data) or, on JAX, (state, data)
        traced.append(1)
        return step(self, *args)

    monkeypatch.setattr(keras.Model, "train_step", counted)
    X, y = make_supervised(np.sin(np.arange(80.0) / 4), history=6)
    LSTMRegressor(units=3, epochs=2, random_state=0, **params).fit(X, y)
    # on JAX the step an earlier fit compiled may serve (skltsm._steps)
    assert len(traced) == 1 or (keras.backend.backend() == "jax" and not traced)


def test_while_training_each_member_computes_on_its_own_rows_alone():
    # the stacked batch of an ensemble (one block of rows per member): in
    # training mode member k's outputs on block k depend on that block alone,
    # equal its outputs at prediction, and are zero on the other blocks
    X, y = make_supervised(np.arange(60.0) % 7, history=6)
    model = LSTMRegressor(
        units=4, n_members=3, window_norm="last", epochs=1, random_state=0
    ).fit(X, y)
    network, size = model.model_, 5
    stacked = np.asarray(X[: 3 * size], dtype=np.float32)
    trained = keras.ops.convert_to_numpy(network(stacked, training=True))
    predicted = keras.ops.convert_to_numpy(network(stacked, training=False))
    assert trained.shape == predicted.shape == (3 * size, 3, 1)
    changed = stacked.copy()
    changed[size:] += 1.0  # every block but member 0's
    again = keras.ops.convert_to_numpy(network(changed, training=True))
    for k in range(3):
        block = slice(k * size, (k + 1) * size)
        assert_allclose(trained[block, k], predicted[block, k], rtol=1e-5, atol=1e-6)
        assert not np.delete(trained[:, k], np.s_[block], axis=0).any()
    assert_allclose(again[:size, 0], trained[:size, 0])


def test_a_warm_fit_refuses_a_network_built_with_other_parameters(sine_multistep):
    # the network, its levels, its members and its optimizer are kept: a
    # parameter that would build or compile them otherwise cannot apply
    X, y = sine_multistep
    model = LSTMRegressor(**TINY, quantiles=(0.1, 0.9), warm_start=True).fit(X, y)
    before = model.predict_quantiles(X[-3:])
    for change in ({"quantiles": (0.05, 0.95)}, {"n_members": 3}, {"units": 8}):
        model.set_params(**change)
        with pytest.raises(ValueError, match=f"warm_start.*{next(iter(change))}="):
            model.fit(X, y)
        with pytest.raises(ValueError, match="warm_start"):
            model.partial_fit(X, y)
        model.set_params(units=4, n_members=1, quantiles=(0.1, 0.9))
        assert_array_equal(model.predict_quantiles(X[-3:]), before)  # untouched
    # what only changes the training goes on, with the same network (the
    # levels as a list are the same levels)
    network = model.model_
    model.set_params(epochs=1, batch_size=16, verbose=0, quantiles=[0.1, 0.9])
    model.fit(X, y)
    assert model.model_ is network
    assert len(model.history_["loss"]) == 3  # the history goes on: 2 + 1
    # a fresh network takes any parameter
    model.set_params(warm_start=False, n_members=2).fit(X, y)
    assert model.predict_quantiles(X[-3:]).shape == (3, 4, 2)


def test_partial_fit_refuses_a_changed_network_in_its_own_name(sine):
    # partial_fit keeps training the fitted network whatever warm_start is:
    # its refusal blamed warm_start=True, which the user had not set
    X, y = sine
    model = LSTMRegressor(**TINY).fit(X, y)
    model.set_params(units=3)
    with pytest.raises(ValueError, match=r"^partial_fit keeps training") as error:
        model.partial_fit(X, y)
    assert "warm_start=True" not in str(error.value)
    model.fit(X, y)  # a new network, as the message says


def test_partial_fit_epoch_after_epoch_trains_as_one_fit(sine):
    # each call reads the rows in the order of its own epoch, not the first
    # epoch's again: three calls train as one fit of three epochs
    X, y = sine
    one = LSTMRegressor(**{**TINY, "epochs": 3}).fit(X, y)
    calls = LSTMRegressor(**TINY)
    for _ in range(3):
        calls.partial_fit(X, y)
    assert len(calls.history_["loss"]) == 3
    assert_array_equal(calls.predict(X[-20:]), one.predict(X[-20:]))


def test_partial_fit_refuses_early_stopping_as_scikit_learn_does(sine):
    # each call held out its last rows to score an epoch that could not
    # stop: those rows never trained. MLPRegressor and SGDRegressor refuse
    # early_stopping in partial_fit too
    X, y = sine
    model = LSTMRegressor(**TINY, early_stopping=True)
    with pytest.raises(ValueError, match="partial_fit.*early_stopping=False"):
        model.partial_fit(X, y)
    assert not model.initialized_
    model.fit(X, y)
    before = model.predict(X[-5:])
    with pytest.raises(ValueError, match="partial_fit.*early_stopping=False"):
        model.partial_fit(X, y)
    assert_array_equal(model.predict(X[-5:]), before)  # untouched
    epochs = len(model.history_["loss"])
    model.set_params(early_stopping=False).partial_fit(X, y)
    assert len(model.history_["loss"]) == epochs + 1


def test_a_warm_fit_goes_on_from_the_epoch_the_fit_before_got_to(sine):
    # as partial_fit: the rows in the orders of the epochs after the fit
    # before, not those of its first epochs again; fits of 2 then 1 epochs
    # train as one fit of 3
    X, y = sine
    one = LSTMRegressor(**{**TINY, "epochs": 3}).fit(X, y)
    warm = LSTMRegressor(**TINY, warm_start=True).fit(X, y)
    warm.set_params(epochs=1).fit(X, y)
    assert len(warm.history_["loss"]) == 3
    assert_array_equal(warm.predict(X[-20:]), one.predict(X[-20:]))


@pytest.mark.parametrize(
    "method", ["fit", pytest.param("partial_fit", marks=pytest.mark.slow)]
)
def test_a_warm_fit_takes_the_random_state_set_since(sine, method):
    # the seed drawn when the network was built went on giving the orders of
    # the batches: set_params(random_state=1) changed nothing in a warm fit
    # or a partial_fit. scikit-learn's MLPRegressor and SGDRegressor read
    # random_state at every fit, warm or partial
    X, y = sine
    kept = LSTMRegressor(**{**TINY, "epochs": 1}, warm_start=True).fit(X, y)
    changed = clone(kept).fit(X, y)
    getattr(kept, method)(X, y)
    getattr(changed.set_params(random_state=1), method)(X, y)
    assert not np.array_equal(changed.predict(X[-20:]), kept.predict(X[-20:]))
    # the same seed set again is the same fit
    again = clone(changed).set_params(random_state=0).fit(X, y)
    getattr(again.set_params(random_state=1), method)(X, y)
    assert_array_equal(again.predict(X[-20:]), changed.predict(X[-20:]))


@pytest.mark.parametrize(
    "method", ["fit", pytest.param("partial_fit", marks=pytest.mark.slow)]
)
def test_a_warm_fit_on_targets_of_another_horizon_says_how_to_fit_them(
    sine, sine_multistep, method
):
    # the refusal said only "y has 4 outputs, but the estimator was fitted
    # on 1", not that the network kept was the reason, nor the way out
    X, y = sine
    model = LSTMRegressor(**TINY, warm_start=True).fit(X, y)
    with pytest.raises(ValueError, match="4 outputs.*fitted on 1.*warm_start=False"):
        getattr(model, method)(*sine_multistep)
    model.set_params(warm_start=False).fit(*sine_multistep)  # as it says
    assert model.predict(X[:2]).shape == (2, 4)


def test_a_warm_history_keeps_one_value_per_epoch_when_early_stopping_changes(sine):
    # early stopping may be switched between warm fits; the validation loss
    # of the later fit went to the first places of history_["val_loss"], as
    # if recorded for the first epochs (and plot_history drew it there)
    X, y = sine
    model = LSTMRegressor(**TINY, warm_start=True).fit(X, y)
    model.set_params(early_stopping=True).fit(X, y)
    assert len(model.history_["val_loss"]) == len(model.history_["loss"]) == 4
    assert np.isnan(model.history_["val_loss"][:2]).all()
    assert np.isfinite(model.history_["val_loss"][2:]).all()
    model.set_params(early_stopping=False).fit(X, y)
    assert len(model.history_["val_loss"]) == len(model.history_["loss"]) == 6
    assert np.isnan(model.history_["val_loss"][4:]).all()


def test_a_warm_fit_and_partial_fit_take_the_callbacks_set_since(sine):
    # callbacks may change between warm fits; they were made as the network
    # was built, and later fits kept those of the first
    X, y = sine
    _Tagged.tags = []
    model = LSTMRegressor(**TINY, warm_start=True).fit(X[:50], y[:50])
    model.set_params(callbacks=[_Tagged], callbacks__tag="warm").fit(X[:50], y[:50])
    model.set_params(callbacks__tag="partial").partial_fit(X[:50], y[:50])
    assert _Tagged.tags == ["warm", "partial"]


def test_predict_takes_its_verbose_and_refuses_what_it_would_ignore(sine, capsys):
    # predict__verbose was read from `verbose` alone; predict__callbacks and
    # predict__steps were ignored (prediction pads batches of one size)
    X, y = sine  # more rows than one batch of 256
    model = LSTMRegressor(**TINY, predict__verbose=1).fit(X, y)
    capsys.readouterr()
    model.predict(X)
    assert "2/2" in capsys.readouterr().out  # Keras' progress bar
    model.set_params(predict__verbose=0).predict(X, verbose=1)
    assert "2/2" in capsys.readouterr().out
    model.predict(X)
    assert capsys.readouterr().out == ""
    callback = keras.callbacks.Callback()
    for name, value in (("callbacks", [callback]), ("steps", 1)):
        with pytest.raises(ValueError, match=f"predict__{name}.*`verbose` alone"):
            clone(model).set_params(**{f"predict__{name}": value}).fit(X, y)
        with pytest.raises(ValueError, match=f"'{name}'.*`verbose` alone"):
            model.predict(X, **{name: value})
    with pytest.raises(ValueError, match="predict__callbacks"):
        model.set_params(predict__callbacks=[callback]).predict(X)  # since fit


def test_a_refit_keeps_nothing_fitted_for_the_network_before(sine_multistep):
    X, y = sine_multistep
    model = LSTMRegressor(**TINY, window_norm="holt_winters", season_length=4)
    assert {"channel_scale_", "smoothing_"} <= set(vars(model.fit(X, y)))
    model.set_params(window_norm=None).fit(X, y)
    assert not {"channel_scale_", "smoothing_"} & set(vars(model))


class _Tagged(keras.callbacks.Callback):
    tags = []

    def __init__(self, tag=None):
        super().__init__()
        _Tagged.tags.append(tag)


def test_callbacks_and_the_optimizer_take_their_routed_arguments(sine):
    X, y = sine
    _Tagged.tags = []
    LSTMRegressor(**TINY, callbacks=[_Tagged], callbacks__tag="a").fit(X, y)
    LSTMRegressor(**TINY, callbacks={"t": _Tagged}, callbacks__t__tag="b").fit(X, y)
    assert _Tagged.tags == ["a", "b"]
    # learning_rate applies beside other routed arguments of the optimizer;
    # a routed learning_rate takes precedence
    params = {**TINY, "optimizer": "sgd", "learning_rate": 0.05}
    for routed, rate in [({"optimizer__momentum": 0.9}, 0.05), ({}, 0.05)]:
        model = LSTMRegressor(**params, **routed).fit(X[:50], y[:50])
        assert float(model.model_.optimizer.learning_rate) == pytest.approx(rate)
    model = LSTMRegressor(**params, optimizer__learning_rate=0.2).fit(X[:50], y[:50])
    assert float(model.model_.optimizer.learning_rate) == pytest.approx(0.2)


def test_callbacks_given_to_fit_run_with_those_of_the_parameters(sine):
    # fit(X, y, callbacks=[...]) is Keras' fit argument, which fit's
    # keyword arguments go to; scikeras dropped it without a word
    X, y = sine
    epochs = []

    class Epochs(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            epochs.append(epoch)

    _Tagged.tags = []
    model = LSTMRegressor(**TINY, callbacks=[_Tagged], callbacks__tag="a")
    model.fit(X[:50], y[:50], callbacks=[Epochs()])
    assert epochs == [0, 1] and _Tagged.tags == ["a"]
    model.fit(X[:50], y[:50])  # for that fit alone
    assert epochs == [0, 1] and _Tagged.tags == ["a", "a"]


def test_an_optimizer_instance_is_the_users_and_each_fit_trains_a_copy(sine):
    # Keras builds an optimizer for one network's weights: the instance given
    # was trained (a parameter changed by fit) and refused the network of a
    # second fit. Each fit compiles a copy of it, its settings kept
    X, y = sine
    adam = keras.optimizers.Adam(learning_rate=0.02)
    model = LSTMRegressor(**TINY, optimizer=adam).fit(X[:50], y[:50])
    assert model.optimizer is adam and not adam.built
    first = model.predict(X[:5])
    assert model.model_.optimizer is not adam
    assert float(model.model_.optimizer.learning_rate) == pytest.approx(0.02)
    assert_array_equal(model.fit(X[:50], y[:50]).predict(X[:5]), first)


def test_a_metric_instance_starts_each_fit_from_nothing(sine):
    # Keras resets a metric at each epoch once the network has built its
    # metrics, after the first step: a second fit's first epoch took the
    # instance's totals from the fit before into its value in history_
    X, y = sine
    model = LSTMRegressor(**TINY, metrics=[keras.metrics.MeanAbsoluteError()])
    first = dict(model.fit(X[:50], y[:50]).history_)
    assert dict(model.fit(X[:50], y[:50]).history_) == first


def test_rows_of_weight_zero_leave_with_their_series_labels():
    # scikeras drops rows of weight zero; early stopping still holds out the
    # last rows of each series of the panel
    t = np.arange(120)
    X, y = make_supervised({"a": np.sin(t / 5), "b": np.cos(t / 5)}, history=8)
    weights = np.ones(len(y))
    weights[:5] = 0.0
    model = LSTMRegressor(**TINY, early_stopping=True).fit(X, y, sample_weight=weights)
    assert np.isfinite(model.history_["val_loss"]).all()
    # partial_fit (without early stopping, which it refuses) takes the
    # weights of its own rows; a scalar weighs them all; a weight that is
    # zero in Keras' float type counts as zero
    model.set_params(early_stopping=False)
    model.partial_fit(X, y, sample_weight=weights)
    model.partial_fit(X, y, sample_weight=2.0)
    weights[5] = 1e-50
    model.set_params(early_stopping=True).fit(X, y, sample_weight=weights)
    assert np.isfinite(model.history_["val_loss"]).all()


@pytest.mark.parametrize("cls", NETWORKS_SEQ2SEQ_SLOW)
def test_a_row_of_weight_zero_is_a_row_not_given(cls):
    # nothing is fitted on it: not the target's scale, not the window norm's,
    # not the held-out rows of early stopping
    t = np.arange(150.0)
    X, y = make_supervised(10 + np.sin(t / 4) + t / 20, history=8, horizon=2)
    weights = np.ones(len(y))
    weights[::7] = 0.0
    weights[3] = 1e-50  # zero in Keras' float type
    params = {**TINY, "window_norm": "last", "early_stopping": True, "epochs": 3}
    weighed = cls(**params).fit(X, y, sample_weight=weights)
    kept = np.asarray(weights, dtype=np.float32) != 0
    dropped = cls(**params).fit(X[kept], y[kept], sample_weight=weights[kept])
    assert_allclose(weighed.target_encoder_.loc_, dropped.target_encoder_.loc_)
    assert_allclose(weighed.channel_scale_, dropped.channel_scale_)
    assert_allclose(weighed.predict(X[:20]), dropped.predict(X[:20]), rtol=1e-6)


@pytest.mark.parametrize("n_members", [1, pytest.param(2, marks=pytest.mark.slow)])
def test_the_validation_loss_weighs_rows_as_keras_does(n_members):
    # Keras' loss of weighted rows is sum(w l) / n: twice the weights, twice
    # the loss, for one network (Keras' own) and for an ensemble's members
    X, y = make_supervised(np.sin(np.arange(120.0) / 4), history=8)
    params = {
        **TINY,
        "n_members": n_members,
        "optimizer": "sgd",
        "optimizer__learning_rate": 0.0,  # the networks stay as built
        "early_stopping": True,
        "epochs": 1,
    }
    losses = [
        LSTMRegressor(**params)
        .fit(X, y, sample_weight=np.full(len(y), w))
        .history_["val_loss"][0]
        for w in (1.0, 2.0)
    ]
    assert losses[1] == pytest.approx(2 * losses[0], rel=1e-5)


@pytest.mark.parametrize("n_members", [1, 2])
def test_metrics_weigh_the_rows_as_the_loss_does(n_members):
    # the last batch of an epoch is padded with copies of its last row, which
    # weigh nothing in the loss; Keras' (unweighted) metrics counted them,
    # and an ensemble's members on each other's rows: an "mse" metric was
    # not the "mse" loss
    X, y = make_supervised(np.sin(np.arange(60.0) / 4), history=8)  # 52 rows
    y = np.r_[y[:-1], 3.0]  # the row that pads the last batch errs most
    history = (
        LSTMRegressor(
            **{**TINY, "epochs": 1},
            n_members=n_members,
            optimizer="sgd",
            optimizer__learning_rate=0.0,
            batch_size=16,
            shuffle=False,
            metrics=["mse"],
        )
        .fit(X, y)
        .history_
    )
    assert history["mean_squared_error"] == pytest.approx(history["loss"], rel=1e-6)


# one network weighted (checked by hand) and an ensemble unweighted (its
# metric checked against the loss) by default; the other two with the slow
# checks
@pytest.mark.parametrize(
    ("n_members", "weighted"),
    [
        (1, True),
        (2, False),
        pytest.param(1, False, marks=pytest.mark.slow),
        pytest.param(2, True, marks=pytest.mark.slow),
    ],
)
def test_the_training_loss_of_an_epoch_is_its_rows_mean(n_members, weighted):
    # 52 rows in batches of 16: the last batch holds 4, padded to 16, and
    # Keras averages the batches' losses by their shape, so those 4 rows
    # weighed as 16 in history_["loss"]; plain Keras weighs each batch by its
    # rows, which gives the rows' (weighted) mean: that of one batch of all
    X, y = make_supervised(np.sin(np.arange(60.0) / 4), history=8)
    y = np.r_[y[:-1], 3.0]  # a row of the last batch errs most
    weights = np.linspace(0.5, 2.0, len(y)) if weighted else None

    def fit(batch_size):
        return LSTMRegressor(
            **{**TINY, "epochs": 2},
            n_members=n_members,
            optimizer="sgd",
            optimizer__learning_rate=0.0,  # the network stays as built
            batch_size=batch_size,
            shuffle=False,
            metrics=["mse"],
        ).fit(X, y, sample_weight=weights)

    padded, whole = fit(16), fit(-1)
    assert padded.history_["loss"] == pytest.approx(whole.history_["loss"], rel=1e-5)
    if n_members == 1:  # by hand: the rows' weighted mean squared error
        errors = (padded.predict(X) - y) / padded.target_encoder_.scale_
        w = np.ones(len(y)) if weights is None else weights
        assert padded.history_["loss"][0] == pytest.approx(
            np.mean(w * errors**2), rel=1e-5
        )
    if not weighted:  # the metric as the loss, row by row
        assert padded.history_["mean_squared_error"] == pytest.approx(
            whole.history_["mean_squared_error"], rel=1e-5
        )


def test_steps_per_execution_above_one_is_refused_before_training():
    # the batches are one stream and an epoch is counted in steps: Keras ran
    # whole executions, so an epoch of 6 steps trained 8 with 4 a run, and
    # history_["loss"] counted the padded last batch as a full one
    X, y = make_supervised(np.sin(np.arange(60.0) / 4), history=8)
    for steps in (2, 4, "auto"):
        model = LSTMRegressor(**TINY, compile__steps_per_execution=steps)
        with pytest.raises(ValueError, match="steps_per_execution.*Leave it at 1"):
            model.fit(X, y)
        assert not hasattr(model, "model_")
    model = LSTMRegressor(**TINY, batch_size=16, compile__steps_per_execution=1)
    model.fit(X, y)  # 52 rows: 4 steps an epoch
    assert int(model.model_.optimizer.iterations.numpy()) == TINY["epochs"] * 4


def test_the_validation_loss_of_rows_beyond_one_batch_is_their_mean(monkeypatch):
    # validation rows too many for one batch are evaluated in batches of the
    # training's size, the last one padded; Keras averages the batches'
    # losses, so the last batch's few rows weighed as a full batch's, and
    # the validation loss was not the rows' mean loss
    monkeypatch.setattr(_training, "VALIDATION_BATCH", 8)
    X, y = make_supervised(np.sin(np.arange(120.0) / 4), history=8)
    y = np.r_[y[:-1], 3.0]  # the last row, alone in the last batch, errs most
    model = LSTMRegressor(
        **{**TINY, "epochs": 1},
        optimizer="sgd",
        optimizer__learning_rate=0.0,  # the network stays as built
        batch_size=8,
        early_stopping=True,
        validation_fraction=0.08,  # 9 rows: a batch of 8 and one of 1
    ).fit(X, y)
    val = slice(len(X) - 9, None)
    errors = (model.predict(X[val]) - y[val]) / model.target_encoder_.scale_
    assert model.history_["val_loss"][0] == pytest.approx(np.mean(errors**2), rel=1e-5)


def test_early_stopping_holds_out_the_latest_times_of_rows_out_of_order(batch_inputs):
    from sklearn.utils import shuffle

    values = np.arange(60.0)
    X, y = make_supervised(
        pd.Series(values, index=pd.date_range("2020", periods=60)), history=4
    )
    seen = batch_inputs
    model = LSTMRegressor(**TINY, early_stopping=True, validation_fraction=0.1)
    model.fit(X, y)
    (val, _), (train, _) = seen
    # rows in time order: slices of the windows, which stay a view
    assert np.shares_memory(val, X) and np.shares_memory(train, X)
    seen.clear()
    model.fit(*shuffle(X, y, random_state=0))
    # the last input of each row is its time step
    assert_array_equal(np.sort(seen[0][0][:, -1, 0]), val[:, -1, 0])
    assert_array_equal(np.sort(seen[1][0][:, -1, 0]), train[:, -1, 0])
    # the times of the rows rank them, not their places
    rows, held_out = _training.validation_rows(6, 2, 0.3, times=[5, 4, 3, 2, 1, 0])
    assert_array_equal(rows, [3, 4, 5])  # the latest 2, a gap of 1, the rest
    assert_array_equal(held_out, [0, 1])


def test_networks_of_two_closure_losses_train_each_with_its_own():
    # on JAX, a network took the compiled steps of the network before it
    # where Keras wrote their losses alike (by the function's name): the
    # second forecast the first's quantile; a partial loss failed to fit
    import functools

    from skltsm import _steps

    def pinball(tau):
        def loss(y_true, y_pred):
            error = y_true - y_pred
            return keras.ops.mean(keras.ops.maximum(tau * error, (tau - 1) * error))

        return loss

    rng = np.random.default_rng(0)
    X, y = make_supervised(rng.normal(size=120), history=6)
    params = dict(units=2, epochs=3, learning_rate=0.05, random_state=0)
    LSTMRegressor(**params, loss=pinball(0.1)).fit(X, y)
    high = LSTMRegressor(**params, loss=pinball(0.9)).fit(X, y).predict(X)
    _steps.forget_shared_steps()
    alone = LSTMRegressor(**params, loss=pinball(0.9)).fit(X, y).predict(X)
    assert_allclose(high, alone, rtol=1e-5, atol=1e-6)
    huber = functools.partial(keras.losses.huber, delta=2.0)
    assert np.isfinite(LSTMRegressor(**params, loss=huber).fit(X, y).predict(X)).all()


def test_a_network_logs_its_metrics_by_their_own_names():
    # on JAX, a network took the compiled steps of one whose metric was
    # named otherwise, and logged the metric by the other's name
    X, y = make_supervised(np.sin(np.arange(80) / 4), history=6)
    params = dict(units=2, epochs=1, random_state=0)
    LSTMRegressor(**params, metrics=["mae"]).fit(X, y)
    named = keras.metrics.MeanAbsoluteError(name="abs_error")
    model = LSTMRegressor(**params, metrics=[named]).fit(X, y)
    assert list(model.history_) == ["loss", "abs_error"]


def test_a_metric_of_the_user_keeps_its_name_where_keras_has_a_longer_one():
    # a function of the user's named "mae" was logged as Keras' own MAE,
    # "mean_absolute_error", and its validation value still as "val_mae"
    X, y = make_supervised(np.sin(np.arange(80) / 4), history=6)

    def mae(y_true, y_pred):
        return keras.ops.mean(keras.ops.abs(y_true - y_pred), axis=-1)

    params = dict(units=2, epochs=1, random_state=0, early_stopping=True)
    model = LSTMRegressor(**params, metrics=[mae]).fit(X, y)
    assert list(model.history_) == ["loss", "mae", "val_loss", "val_mae"]
    model = LSTMRegressor(**params, metrics=["mae"]).fit(X, y)
    assert list(model.history_) == [
        "loss",
        "mean_absolute_error",
        "val_loss",
        "val_mean_absolute_error",
    ]


@pytest.mark.parametrize("window_norm", [None, "last"])
def test_a_diverged_fit_advises_scaling_only_without_a_window_norm(window_norm):
    # a window norm scales each window itself: the advice to scale the inputs
    # with SequenceScaler, which the docs say to remove before a norm, is not
    # for it
    X, y = make_supervised(10 * np.sin(np.arange(80) / 3), history=6)
    model = LSTMRegressor(
        units=2,
        epochs=2,
        optimizer="sgd",
        learning_rate=1e30,
        window_norm=window_norm,
        random_state=0,
    )
    with pytest.raises(FloatingPointError, match="Training diverged") as error:
        model.fit(X, y)
    assert ("SequenceScaler" in str(error.value)) is (window_norm is None)
