"""Every bad input is answered before any Keras work, with the parameter, what
was wrong and the fix: one case per kind of mistake, for the estimators.

(The series-level cases, from NaN to decreasing time stamps, are in
``test_windowing.py``; the transformers' shapes in their own files.)
"""

import keras
import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from skltsm import (
    LastValueRidge,
    LSTMRegressor,
    SeasonalNaiveRegressor,
    Seq2SeqLSTMRegressor,
    SequenceScaler,
    SeriesScaler,
    SlidingWindow,
    make_supervised,
)
from skltsm._compat import InvalidParameterError

TINY = {"units": 2, "epochs": 1, "random_state": 0}
X, Y = make_supervised(np.sin(np.arange(80) / 3), history=8, horizon=2)
y = Y[:, 0]


def with_nan(a):
    a = np.array(a, dtype=float)  # a writeable copy
    a.reshape(-1)[5] = np.nan
    return a


FIT_CASES = {
    # the advice of a series' gaps, not scikit-learn's (an estimator that
    # takes missing values)
    "NaN in X": (with_nan(X), y, ValueError, "Input X contains NaN.*interpolate"),
    "inf in X": (np.where(X > 0.99, np.inf, X), y, ValueError, "infinity.*ffill"),
    "NaN in y": (X, with_nan(y), ValueError, "Input y contains NaN.*make_supervised"),
    "non-numeric X": (np.full((5, 3), "a"), np.ones(5), TypeError, "must hold numbers"),
    "non-numeric y": (X, np.full(len(X), "a"), TypeError, "`y` must hold numbers"),
    "empty X": (X[:0], y[:0], ValueError, "0 sample"),
    "4-D X": (X[..., None], y, ValueError, "got 4-D.*make_supervised"),
    "windows of 0 steps": (X[:, :0], y, ValueError, "windows of 0 steps"),
    "X and y lengths differ": (X, y[:-1], ValueError, "inconsistent numbers"),
    "y of 3-D": (X, Y[..., None], ValueError, r"y must have shape \(n_samples,\)"),
}


@pytest.mark.parametrize("cls", [LSTMRegressor, Seq2SeqLSTMRegressor])
@pytest.mark.parametrize("case", FIT_CASES)
def test_fit_rejects(cls, case):
    X_bad, y_bad, error, match = FIT_CASES[case]
    with pytest.raises(error, match=match):
        cls(**TINY).fit(X_bad, y_bad)


@pytest.mark.parametrize(
    "estimator",
    [LSTMRegressor(**TINY), LastValueRidge(), SeasonalNaiveRegressor(season_length=2)],
)
def test_text_in_a_pandas_series_is_refused_as_in_an_array(estimator):
    # a target of strings in a pandas Series (pandas' str dtype, or objects),
    # such as a table's column read as text, passed the check that numpy's
    # strings meet: LastValueRidge failed in its arithmetic ("can only
    # concatenate str"), the others took numeric text for numbers, and text
    # such as "0,841" failed in numpy's float conversion, without a word of
    # which input it was
    text = [f"{v:.3f}" for v in y]
    for target in (
        pd.Series(text),
        pd.Series(text, dtype=object),
        pd.Series([value.replace(".", ",") for value in text]),
        pd.Series([*text[:-1], 1.0], dtype=object),
    ):
        with pytest.raises(TypeError, match=r"`y` must hold numbers, got (str|obj)"):
            clone(estimator).fit(X, target)
    # numbers held as objects are numbers, as scikit-learn takes them
    for target in (pd.Series(y, dtype=object), y.astype(object)):
        clone(estimator).fit(X, target)


@pytest.mark.parametrize(
    "estimator",
    [LSTMRegressor(**TINY), LastValueRidge(), SeasonalNaiveRegressor(season_length=2)],
)
@pytest.mark.parametrize("missing", [pd.NA, None])
def test_a_missing_value_held_as_an_object_is_told_as_nan_is(estimator, missing):
    # numbers held as objects pass as numbers, but a missing one among them
    # did not reach the check of NaN: pd.NA failed in pandas' words inside
    # scikit-learn's ("boolean value of NA is ambiguous") or numpy's
    # ("float() argument must be ... not 'NAType'"), and None passed it, so
    # that the network trained on NaN ("Training diverged")
    target = y.astype(object)
    target[5] = missing
    for given in (target, pd.Series(target)):
        with pytest.raises(ValueError, match="Input y contains NaN.*make_supervised"):
            clone(estimator).fit(X, given)
    windows = X.astype(object)
    windows[3, 2, 0] = missing
    with pytest.raises(ValueError, match="Input X contains NaN.*make_supervised"):
        clone(estimator).fit(windows, y)


@pytest.mark.parametrize(
    ("params", "match"),
    [
        ({"units": 0}, "'units' parameter"),
        ({"units": -3}, "'units' parameter"),
        ({"dropout": 1.0}, r"'dropout' parameter.*range \[0.0, 1.0\)"),
        ({"dropout": -0.1}, "'dropout' parameter"),
        ({"recurrent_dropout": 1.5}, "'recurrent_dropout' parameter"),
        ({"epochs": 0}, "'epochs' parameter"),
        ({"window_norm": "max"}, "'window_norm' parameter"),
    ],
)
def test_bad_hyper_parameters_are_named(params, match):
    with pytest.raises(InvalidParameterError, match=match):
        LSTMRegressor(**{**TINY, **params}).fit(X, y)


def test_predict_checks_what_fit_saw():
    with pytest.raises(NotFittedError, match="not fitted"):
        LSTMRegressor().predict(X)
    model = LSTMRegressor(**TINY).fit(X, y)
    # the way to build them: no function of skltsm takes a `window` but
    # SlidingWindow, and make_supervised calls it `history`
    with pytest.raises(
        ValueError,
        match=r"windows of 5 steps.*windows of 8 steps.*"
        r"make_supervised\(series, history=8\).*SlidingWindow\(window=8\)",
    ):
        model.predict(X[:, 3:])
    with pytest.raises(ValueError, match="2 channels.*fitted on 1 channels"):
        model.predict(np.concatenate([X, X], axis=2))
    with pytest.raises(ValueError, match="Input X contains NaN"):
        model.predict(with_nan(X))


@pytest.mark.parametrize(
    "estimator", [LSTMRegressor(**TINY), SeasonalNaiveRegressor(season_length=2)]
)
def test_flat_windows_of_a_model_fitted_on_channels_are_told_as_such(estimator):
    # windows of 8 steps and 2 channels, flattened to 16 columns, were told
    # "X has 16 features, but ... is expecting 8 features as input"
    windows = np.concatenate([X, X], axis=2)
    estimator.fit(windows, y)
    with pytest.raises(ValueError, match=r"2-D.*8 steps and 2 channels"):
        estimator.predict(windows.reshape(len(X), -1))
    with pytest.raises(ValueError, match="1 channels, but .* 2 channels"):
        estimator.predict(windows[:, :, 0])


@pytest.mark.parametrize(
    "estimator", [LSTMRegressor(**TINY), LastValueRidge(), SlidingWindow()]
)
@pytest.mark.parametrize("n_channels", [1, 2])
def test_one_window_without_its_batch_axis_is_told_as_such(estimator, n_channels):
    # X[-1] of windows of one channel, shape (8, 1), was told scikit-learn's
    # "X has 1 features, but ... is expecting 8 features as input"
    windows = np.concatenate([X] * n_channels, axis=2)
    fitted = clone(estimator).fit(windows, y)
    method = getattr(fitted, "predict", getattr(fitted, "transform", None))
    with pytest.raises(
        ValueError,
        match=rf"shape \(8, {n_channels}\).*one window.*`X\[-1:\]` or `X\[None\]`",
    ):
        method(windows[-1])
    if n_channels == 1:
        # a column of the series: scikit-learn's words, then how to build them
        # (its warning first: a named column, where the fit saw an array)
        with (
            pytest.warns(UserWarning, match="fitted without feature names"),
            pytest.raises(
                ValueError,
                match=r"X has 1 features, but \w+ is expecting 8 features as input\. "
                r"Build X .*make_supervised\(series, history=8\)",
            ),
        ):
            method(pd.DataFrame({"sales": np.arange(30.0)}))
        method(windows[:, :, 0])  # flattened windows of one channel are taken
        method(windows[-1:])


def test_target_shapes_that_do_not_fit():
    model = LSTMRegressor(**TINY).fit(X, Y)  # two steps ahead
    with pytest.raises(ValueError, match="different number of output"):
        model.score(X, y)


@pytest.mark.parametrize(
    "estimator", [SlidingWindow(), SequenceScaler(), SeasonalNaiveRegressor()]
)
def test_windows_of_four_dimensions(estimator):
    with pytest.raises(ValueError, match="got 4-D"):
        estimator.fit(X[..., None], y)


@pytest.mark.parametrize(
    "estimator",
    [SlidingWindow(), SequenceScaler(), SeasonalNaiveRegressor(), LastValueRidge()],
)
@pytest.mark.parametrize("as_pandas", [False, True])
def test_a_series_given_as_windows_is_told_to_make_them(estimator, as_pandas):
    # scikit-learn's advice for 1-D X, reshape(-1, 1), makes windows of one
    # step (a LastValueRidge fits on them, its windows less their last value
    # all 0): the series wants make_supervised
    series = np.sin(np.arange(30) / 3)
    if as_pandas:
        series = pd.Series(series)
    with pytest.raises(ValueError, match=r"X is 1-D.*make_supervised\(series"):
        estimator.fit(series, series)
    fitted = clone(estimator).fit(X[:, :, 0], y)
    method = fitted.predict if hasattr(fitted, "predict") else fitted.transform
    with pytest.raises(ValueError, match=r"X is 1-D.*make_supervised\(series"):
        method(series)


# -- defects found by trying the package as a new user would --------------------


@pytest.mark.parametrize("cls", [LSTMRegressor, Seq2SeqLSTMRegressor])
def test_windows_of_zero_channels(cls):
    with pytest.raises(ValueError, match="0 channels"):
        cls(**TINY).fit(X[:, :, :0], Y)


@pytest.mark.parametrize("estimator", [SequenceScaler(), SlidingWindow()])
def test_transformers_reject_windows_of_zero_channels(estimator):
    with pytest.raises(ValueError, match="0 channels"):
        estimator.fit(X[:, :, :0])


def test_values_beyond_float32_are_computed_in_float64():
    # the target's standard deviation of a float32 series of 1e30 overflows
    # in float32; statistics are float64, and the predictions finite
    big = (X * 1e30).astype(np.float32), (Y * 1e30).astype(np.float32)
    for cls in (LSTMRegressor, Seq2SeqLSTMRegressor):
        pred = cls(**TINY).fit(*big).predict(big[0])
        assert np.isfinite(pred).all()
        assert np.abs(pred).max() < 1e31
    # window_norm="standard" divides by each window's spread, also in range
    model = LSTMRegressor(**TINY, window_norm="standard").fit(*big)
    assert np.isfinite(model.predict(big[0])).all()


@pytest.mark.parametrize(
    "cls", [LSTMRegressor, pytest.param(Seq2SeqLSTMRegressor, marks=pytest.mark.slow)]
)
def test_inputs_beyond_float32_are_rejected_before_training(cls):
    with pytest.raises(ValueError, match="float32"):
        cls(**TINY).fit(X * 1e200, Y)
    model = cls(**TINY).fit(X, Y)
    with pytest.raises(ValueError, match="float32"):
        model.predict(X * 1e200)


@pytest.mark.parametrize(
    ("params", "error", "match"),
    [
        ({"dense_units": (0,)}, ValueError, r"`dense_units=\(0,\)`"),
        ({"shuffle": "yes"}, InvalidParameterError, "'shuffle' parameter"),
        ({"optimizer": "adamm"}, ValueError, "`optimizer='adamm'`.*as an optimizer"),
        ({"loss": "msee"}, ValueError, "`loss='msee'`.*know as a loss"),
        ({"loss": 3}, ValueError, "`loss` takes a Keras name or object, not 3"),
        ({"optimizer": np.float32(1)}, ValueError, "`optimizer` takes a Keras name"),
        ({"metrics": "mae"}, ValueError, r"`metrics` must be a list, e.g. \['mae'\]"),
        # one metric object: Python's "object is not iterable"
        (
            {"metrics": keras.metrics.MeanAbsoluteError()},
            ValueError,
            r"`metrics` must be a list, e.g. \[<MeanAbsoluteError",
        ),
        ({"fit__steps_per_epoch": 2}, ValueError, "fit__steps_per_epoch.*cannot"),
        ({"fit__class_weight": {0: 1}}, ValueError, "no classes to weigh"),
        ({"fit__initial_epoch": 1}, ValueError, "pass `initial_epoch` to `fit`"),
        ({"metrics": ["maee"]}, ValueError, "`metrics` has 'maee'"),
        ({"optimizer__betaa": 0.9}, ValueError, "optimizer__betaa"),
        ({"fit__foo": 1}, ValueError, "fit__foo"),
        ({"predict__bar": 1}, ValueError, "predict__bar"),
        # Keras answered from inside the build, without the parameter's name
        (
            {"dense_units": 4, "dense_activation": "relux"},
            ValueError,
            "`dense_activation='relux'`.*as an activation",
        ),
        # a mistake whether or not this network has hidden dense layers
        ({"dense_activation": "relux"}, ValueError, "`dense_activation='relux'`"),
    ],
)
def test_bad_keras_settings_are_answered_before_keras(params, error, match):
    with pytest.raises(error, match=match):
        LSTMRegressor(**{**TINY, **params}).fit(X, y)


def test_keras_fit_arguments_the_regressor_sets_are_refused():
    with pytest.raises(ValueError, match=r"\['steps_per_epoch'\] cannot"):
        LSTMRegressor(**TINY).fit(X, y, steps_per_epoch=2)
    LSTMRegressor(**TINY).fit(X, y, epochs=1)  # scikeras' own override


def test_keras_validation_is_refused_before_the_network_is_built():
    # Keras' validation holds out rows without the gap; it was refused only
    # once a new network had replaced the fitted one, which then predicted
    # from untrained weights (one fitted network for every argument)
    model = LSTMRegressor(**TINY).fit(X, y)
    expected = model.predict(X)
    for arguments in (
        {"validation_split": 0.2},
        {"validation_data": (X, y)},
        # Keras' history held a validation loss for the epochs validated
        # alone, and history_ put each at the wrong epoch
        {"validation_freq": 2},
        {"fit__validation_split": 0.2},  # last: it stays set
    ):
        routed = {k: v for k, v in arguments.items() if k.startswith("fit__")}
        given = {k: v for k, v in arguments.items() if k not in routed}
        with pytest.raises(ValueError, match="validation_.*is not supported"):
            model.set_params(**routed).fit(X, y, **given)
        np.testing.assert_array_equal(model.predict(X), expected)
    # the default values are Keras' own: nothing held out
    LSTMRegressor(**TINY).fit(
        X, y, validation_split=0.0, validation_data=None, validation_freq=1
    )


def test_parameters_of_a_loss_given_by_name_point_to_its_class():
    import keras

    # Keras' name is a function, which takes no parameters: its message said
    # "not a class" inside ours, without the class to use
    with pytest.raises(ValueError, match=r"loss=keras.losses.Huber, with them"):
        LSTMRegressor(**TINY, loss="huber", loss__delta=0.5).fit(X, y)
    LSTMRegressor(**TINY, loss=keras.losses.Huber, loss__delta=0.5).fit(X, y)


@pytest.mark.parametrize("method", ["fit", "partial_fit"])
def test_a_misspelt_keras_fit_argument_is_refused_before_a_new_network(method):
    # Keras refused it only once a new, untrained network had replaced the
    # fitted one, which then went on predicting
    model = LSTMRegressor(**TINY).fit(X, y)
    before = model.predict(X[:3])
    with pytest.raises(TypeError, match=r"\['shufle'\].*shuffle"):
        getattr(model, method)(X, y, shufle=False)
    np.testing.assert_array_equal(model.predict(X[:3]), before)


def test_a_bad_callback_is_refused_before_a_new_network():
    # scikeras made (and refused) the callbacks after a new, untrained
    # network had replaced the fitted one, which then went on predicting
    model = LSTMRegressor(**TINY).fit(X, y)
    before = model.predict(X[:3])
    with pytest.raises(TypeError, match="callbacks"):
        model.set_params(callbacks=[print]).fit(X, y)
    np.testing.assert_array_equal(model.predict(X[:3]), before)


def test_one_callback_passed_to_fit_is_taken_as_keras_takes_it(monkeypatch):
    # a lone callback failed with Python's "Value after * must be an
    # iterable", where Keras' fit and the callbacks parameter take it
    epochs = []
    record = keras.callbacks.LambdaCallback(on_epoch_end=lambda e, _: epochs.append(e))
    LSTMRegressor(**{**TINY, "epochs": 2}).fit(X, y, callbacks=record)
    assert epochs == [0, 1]
    LSTMRegressor(**TINY).fit(X, y, callbacks=(keras.callbacks.TerminateOnNaN(),))
    # anything else is refused naming it, before a network is built
    regressor = LSTMRegressor(**TINY)
    monkeypatch.setattr(regressor, "_initialize", None)
    for bad in (keras.callbacks.TerminateOnNaN, [print], "stop"):
        with pytest.raises(TypeError, match="`callbacks` passed to fit must be"):
            regressor.fit(X, y, callbacks=bad)


@pytest.mark.parametrize("given", ["parameter", "fit"])
def test_a_callback_watching_the_validation_loss_needs_early_stopping(given):
    # the Keras recipes' EarlyStopping watches val_loss, which only
    # early_stopping=True makes: Keras warned at every epoch and never stopped
    stopping = keras.callbacks.EarlyStopping(patience=1)
    model, kwargs = LSTMRegressor(**TINY), {"callbacks": [stopping]}
    if given == "parameter":
        model, kwargs = model.set_params(**kwargs), {}
    with pytest.raises(
        ValueError,
        match=r"EarlyStopping\(monitor='val_loss'\).*no validation rows.*"
        r"`early_stopping=True`",
    ):
        model.fit(X, y, **kwargs)
    # with them, it watches skltsm's validation rows
    model.set_params(early_stopping=True).fit(X, y, **kwargs)
    assert "val_loss" in model.history_


@pytest.mark.parametrize("given", ["parameter", "fit"])
@pytest.mark.parametrize(
    "callback", [keras.callbacks.EarlyStopping, keras.callbacks.ReduceLROnPlateau]
)
def test_a_callback_watching_a_member_loss_is_told_to_minimise_it(
    given, callback, monkeypatch
):
    # Keras tells from a name alone that "val_loss" is minimised: with
    # mode="auto", a callback watching an ensemble member's val_loss_m1 failed
    # in Keras after the first epoch
    watching = callback(monitor="val_loss_m1", patience=1)
    model = LSTMRegressor(**TINY, n_members=2, early_stopping=True)
    kwargs = {"callbacks": [watching]}
    if given == "parameter":
        model, kwargs = model.set_params(**kwargs), {}
    monkeypatch.setattr(model, "_initialize", None)  # refused before the build
    with pytest.raises(
        ValueError,
        match=rf"{callback.__name__}\(monitor='val_loss_m1'\).*member 1.*"
        r"mode='min'",
    ):
        model.fit(X, y, **kwargs)
    assert watching.mode == "auto"  # the user's callback is left as it was
    # told to minimise it, it watches that member's validation loss
    monkeypatch.undo()
    watching = callback(monitor="val_loss_m1", patience=1, mode="min")
    kwargs = {"callbacks": [watching]}
    if given == "parameter":
        model, kwargs = model.set_params(**kwargs), {}
    model.fit(X, y, **kwargs)
    assert "val_loss_m1" in model.history_


def test_a_checkpoint_of_every_epoch_needs_no_validation_rows(tmp_path):
    # its monitor, val_loss by default, is read only to keep the best epoch
    path = str(tmp_path / "net.weights.h5")
    every = keras.callbacks.ModelCheckpoint(path, save_weights_only=True)
    LSTMRegressor(**TINY).fit(X, y, callbacks=[every])
    best = keras.callbacks.ModelCheckpoint(
        path, save_weights_only=True, save_best_only=True
    )
    with pytest.raises(ValueError, match="ModelCheckpoint.*no validation rows"):
        LSTMRegressor(**TINY).fit(X, y, callbacks=[best])


@pytest.mark.parametrize("cls", [LSTMRegressor, Seq2SeqLSTMRegressor])
def test_every_parameter_is_checked_before_keras(cls):
    # warm_start had no constraint: the string "False", truthy, warm-started
    # the next fit without a word, where shuffle="False" was refused
    with pytest.raises(InvalidParameterError, match="'warm_start' parameter"):
        cls(**TINY, warm_start="False").fit(X, Y)
    # those without a constraint are Keras' objects or names, which
    # check_keras_settings checks (and scikeras makes the callbacks)
    unchecked = set(cls._get_param_names()) - set(cls._parameter_constraints)
    assert unchecked == {"optimizer", "loss", "metrics", "callbacks"}


@pytest.mark.parametrize("method", ["fit", "partial_fit"])
def test_negative_sample_weights_are_refused_before_keras(method, monkeypatch):
    regressor = LSTMRegressor(**TINY)
    # nothing of Keras may be built: the network builder is not reached
    monkeypatch.setattr(regressor, "_initialize", None)
    weights = np.ones(len(X))
    weights[3] = -0.5
    with pytest.raises(ValueError, match="`sample_weight` must not be negative: 1"):
        getattr(regressor, method)(X, y, sample_weight=weights)


BAD_WEIGHTS = {
    "too few": (np.ones(10), r"one weight per row of X \(\d+ rows\).*\(10,\)"),
    "2-D": (np.ones((len(X), 2)), "one weight per row of X"),
    "NaN": (with_nan(np.ones(len(X))), "must be finite: 1 of them"),
    # a missing weight among numbers held as objects is told as NaN is
    "pd.NA": (
        pd.Series([1.0] * (len(X) - 1) + [pd.NA], dtype=object),
        "must be finite: 1 of them",
    ),
    "None": (np.array([None] + [1.0] * (len(X) - 1)), "must be finite: 1 of them"),
    "all zero": (np.zeros(len(X)), "zero for every row.*nothing is left to train on"),
    "text": (
        np.full(len(X), "a"),
        r"must hold numbers, got <U1 values such as \['a'\]",
    ),
}


@pytest.mark.parametrize("method", ["fit", "partial_fit"])
@pytest.mark.parametrize("case", BAD_WEIGHTS)
def test_bad_sample_weights_are_refused_before_keras(method, case, monkeypatch):
    # scikeras refused them only once a new, untrained network had replaced
    # the fitted one, which then went on predicting
    regressor = LSTMRegressor(**TINY)
    monkeypatch.setattr(regressor, "_initialize", None)
    weights, match = BAD_WEIGHTS[case]
    with pytest.raises(ValueError, match=match):
        getattr(regressor, method)(X, y, sample_weight=weights)


def test_a_fit_that_fails_leaves_the_fitted_estimator_as_it_was():
    model = LSTMRegressor(**TINY).fit(X, y)
    before, network = model.predict(X[:3]), model.model_
    # refused by scikeras once the new network is built: the fitted one stays
    with pytest.raises(ValueError, match="provide a loss"):
        model.set_params(loss=None).fit(X, y)
    model.set_params(loss="mse")
    assert model.model_ is network
    np.testing.assert_array_equal(model.predict(X[:3]), before)
    # a fit refused before its network was built does not count as one built
    # with its parameters: a warm fit of the old network with them is refused
    with pytest.raises(ValueError, match="Input y contains NaN"):
        model.set_params(units=3).fit(X, with_nan(y))
    with pytest.raises(ValueError, match=r"units=3 \(built with 2\)"):
        model.set_params(warm_start=True).fit(X, y)
    np.testing.assert_array_equal(model.predict(X[:3]), before)


@pytest.mark.parametrize("cls", [LSTMRegressor, Seq2SeqLSTMRegressor])
def test_a_target_channel_that_does_not_exist_is_refused_without_a_norm(cls):
    # X has one channel; no window norm reads the target channel
    with pytest.raises(ValueError, match="`target_channel=2` does not exist"):
        cls(**TINY, window_norm=None, target_channel=2).fit(X, Y)


def test_weights_do_not_cut_windows_and_targets_of_other_lengths():
    # rows of weight zero are left out only where X, y and the weights agree
    weights = np.ones(len(y) - 5)
    weights[3] = 0.0
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        LSTMRegressor(**TINY).fit(X, y[:-5], sample_weight=weights)


@pytest.mark.parametrize(
    ("params", "error", "match"),
    [
        ({"units": 0}, InvalidParameterError, "'units' parameter"),
        ({"optimizer": "adamm"}, ValueError, "`optimizer='adamm'`"),
        ({"optimizer__betaa": 0.9}, ValueError, "optimizer__betaa"),
        ({"quantiles": (0.1,), "loss": "mae"}, ValueError, "pinball loss"),
    ],
)
def test_partial_fit_checks_the_parameters_as_fit_does(params, error, match):
    with pytest.raises(error, match=match):
        LSTMRegressor(**{**TINY, **params}).partial_fit(X, y)


def test_a_first_partial_fit_sets_what_fit_sets():
    model = LSTMRegressor(**TINY, quantiles=(0.1, 0.9)).partial_fit(X, Y)
    assert model.quantiles_ == [0.1, 0.9]
    assert model.predict_quantiles(X[:3]).shape == (3, 2, 2)
    with pytest.warns(UserWarning, match="cuDNN"):
        LSTMRegressor(**TINY, recurrent_dropout=0.1).partial_fit(X, y)


def test_a_bad_predict_batch_size_is_refused_before_keras():
    model = LSTMRegressor(**TINY).fit(X, y)
    expected = model.predict(X)
    for batch_size in (0, -2, 2.5, "auto"):
        with pytest.raises(ValueError, match=f"`predict__batch_size={batch_size!r}`"):
            model.set_params(predict__batch_size=batch_size).predict(X)
        with pytest.raises(ValueError, match=f"`batch_size={batch_size!r}`"):
            model.predict(X, batch_size=batch_size)
    # the network is untouched; -1 is every row at once, as in scikeras
    model.set_params(predict__batch_size=-1)
    np.testing.assert_allclose(model.predict(X), expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("batch_size", [0, -2, 2.5, "x"])
def test_a_bad_fit_batch_size_is_refused_before_keras(batch_size):
    with pytest.raises(ValueError, match=f"`fit__batch_size={batch_size!r}`"):
        LSTMRegressor(**TINY, fit__batch_size=batch_size).fit(X, y)
    with pytest.raises(ValueError, match=f"`batch_size={batch_size!r}`"):
        LSTMRegressor(**TINY).fit(X, y, batch_size=batch_size)


@pytest.mark.parametrize(
    ("given", "value"),
    [("epochs", 0), ("epochs", -2), ("epochs", 2.5), ("initial_epoch", -1)],
)
def test_a_bad_count_of_epochs_at_fit_is_refused_before_keras(
    given, value, monkeypatch
):
    # the epochs parameter's own constraint holds for fit's argument and for
    # fit__epochs: Keras trained no epoch and failed with a bare KeyError:
    # 'loss' (or a TypeError of the float), once a new network was built
    least = 1 if given == "epochs" else 0
    regressor = LSTMRegressor(**TINY)
    monkeypatch.setattr(regressor, "_initialize", None)  # nothing built
    with pytest.raises(
        InvalidParameterError,
        match=rf"'{given}' parameter of LSTMRegressor.fit must be an int in the "
        rf"range \[{least}, inf\). Got {value!r} instead",
    ):
        regressor.fit(X, y, **{given: value})
    if given == "epochs":
        regressor.set_params(fit__epochs=value)
        with pytest.raises(
            InvalidParameterError, match=r"'fit__epochs' parameter of LSTMRegressor "
        ):
            regressor.fit(X, y)
        # what the constraint takes, Keras trains on
        assert len(LSTMRegressor(**TINY).fit(X, y, epochs=2).history_["loss"]) == 2
        history = LSTMRegressor(**TINY, fit__epochs=2).fit(X, y).history_
        assert len(history["loss"]) == 2


def test_batch_size_minus_one_is_every_row_as_a_parameter_and_at_fit():
    # scikeras' convention, which fit(batch_size=-1) and fit__batch_size
    # follow: the parameter takes it too, and trains as one batch of all rows
    params = {**TINY, "epochs": 2, "shuffle": False}
    whole = LSTMRegressor(**params, batch_size=len(X)).fit(X, y).predict(X)
    for model, kwargs in (
        (LSTMRegressor(**params, batch_size=-1), {}),
        (LSTMRegressor(**params), {"batch_size": -1}),
    ):
        np.testing.assert_allclose(model.fit(X, y, **kwargs).predict(X), whole)
    with pytest.raises(InvalidParameterError, match="'batch_size'"):
        LSTMRegressor(**TINY, batch_size=-2).fit(X, y)


def test_a_bool_is_the_integer_it_equals_for_every_count_alike():
    # scikit-learn's Interval(Integral, ...) takes True as 1 (epochs=True
    # trained one epoch); units, fit's batch_size and SeriesScaler's
    # season_length, checked by skltsm's own helpers, refused it
    flags = LSTMRegressor(units=True, epochs=True, random_state=0)
    ones = LSTMRegressor(units=1, epochs=1, random_state=0)
    np.testing.assert_allclose(
        flags.fit(X, y, batch_size=True).predict(X, batch_size=True),
        ones.fit(X, y, batch_size=1).predict(X),
        rtol=1e-5,
        atol=1e-6,
    )
    series = np.sin(np.arange(40) / 3) + 2
    np.testing.assert_array_equal(
        SeriesScaler(True).fit_transform(series), SeriesScaler(1).fit_transform(series)
    )


@pytest.mark.parametrize("quantiles", [None, (0.1, 0.9)])
def test_numpy_floats_are_taken_as_an_output_penalty(quantiles):
    # Keras' L2 refused NumPy's float32, which the parameter's own
    # constraint (a real number >= 0) takes, as every other float does
    for penalty in (np.float32(0.1), np.float16(0.1)):
        model = LSTMRegressor(**TINY, output_penalty=penalty, quantiles=quantiles)
        assert np.isfinite(model.fit(X, y).predict(X[:2])).all()


@pytest.mark.parametrize("early_stopping", [False, True])
def test_an_ensemble_refuses_a_loss_of_one_number_per_batch(early_stopping):
    # each member trains on its own rows, weighted in its own column of the
    # loss: one number for the batch trained the ensemble silently wrongly,
    # and with early stopping failed after an epoch with a bare TypeError
    def loss(y_true, y_pred):
        return keras.ops.mean(keras.ops.square(y_true - y_pred))

    params = {**TINY, "loss": loss, "early_stopping": early_stopping}
    LSTMRegressor(**params).fit(X, Y)  # a single network trains with it, as Keras
    with pytest.raises(ValueError, match=r"returns shape \(\) .* axis=-1"):
        LSTMRegressor(**params, n_members=2).fit(X, Y)

    def per_row(y_true, y_pred):
        return keras.ops.mean(keras.ops.square(y_true - y_pred), axis=-1)

    LSTMRegressor(**{**params, "loss": per_row}, n_members=2).fit(X, Y)
