"""The fitted model that a forecast feeds: what it reads, checked against the
series, and how it takes its windows.

A forecast asks the model the length of its windows (its ``n_features_in_``)
and how many steps it forecasts at once (of one window), and checks, before it
forecasts, that the model reads as many channels as the series and its lead
channels give, the target from the channel that ``target`` names, and the
channels it names in the series' column order: each error says what the model
was fitted on, and what to pass. A wrapper (a combination, a conformal or a
target-transformed model) is checked through the models it forecasts with. A
model fitted on windows of one channel as rows of lags is fed them so
(``FlatWindows``), and one that reads the Holt-Winters smoothing's state is
told apart: it forecasts its horizon from a series' end, and no further.
"""

import numpy as np
import pandas as pd

from ._validation import check_positive_int, final_steps, fitted_attribute

__all__ = [
    "FlatWindows",
    "check_channel_names",
    "check_channels",
    "check_model_target",
    "model_horizon",
    "reads_state",
    "window_length",
    "window_model",
]


def window_length(estimator, window):
    """The window length ``window`` of the forecast, checked; where it is
    ``None``, that of the windows ``estimator`` was fitted on (the first
    step of a pipeline that knows it)."""
    if window is None:
        # the first step that knows it (a pipeline may start with a step
        # left out, None, whose n_features_in_ the pipeline cannot read)
        window = fitted_attribute(estimator, "n_features_in_")
        if window is None:
            raise ValueError(
                "Cannot tell the window length of the estimator: pass `window`."
            )
    return check_positive_int(window, "window")


def check_channels(estimator, n_channels, n_leads):
    """A clear error where the model reads more or fewer channels than the
    series gives with the lead channels of ``future_columns``."""
    # the channels read in each window, by the first step that knows
    fitted = fitted_attribute(estimator, "n_channels_in_")
    total = n_channels + n_leads
    if fitted is None or fitted == total:
        return
    given = f"`series` has {n_channels}"
    if n_leads:
        given += f" and `future_columns` adds {n_leads}, {total} in all"
    if fitted > total:
        advice = (
            "Pass the channels it was fitted on; a model trained with inputs "
            "known in advance (`make_supervised(future=[...])`) also reads a "
            "lead channel for each: name the same columns in `future_columns`, "
            "and give their values past the end in `future`."
        )
    elif n_leads:
        advice = (
            "A model trained without inputs known in advance is forecast "
            "without `future_columns`; with them, train it on "
            "`make_supervised(future=[...])`."
        )
    else:
        advice = "Pass the channels it was fitted on."
    if fitted == total - 1:
        # the windows of make_supervised(target_as_input=False) lack the
        # target: the same count as a model without one lead channel
        advice += (
            " Or it was trained without the target among its inputs "
            "(`make_supervised(target_as_input=False)`): a recursive forecast "
            "feeds its forecasts back in the target's channel, so it needs a "
            "model that reads the target (target_as_input=True, the default)."
        )
    raise ValueError(
        f"The model was fitted on {fitted} channels, and {given}. {advice}"
    )


def check_model_target(estimator, target_pos, channels, n_leads):
    """A clear error where the model reads the target's level from another
    channel of its windows (its ``target_channel``) than the one ``target``
    names in the series: its forecasts would be that channel's, fed back as
    the target's, silently. Each model that a wrapper forecasts with (a
    conformal, combined or target-transformed one) is checked."""
    _, final = final_steps(estimator)
    wrapped = _wrapped_models(final)
    if wrapped:
        for model in wrapped:
            check_model_target(model, target_pos, channels, n_leads)
        return
    channel = getattr(final, "target_channel", None)
    if (
        channel is None
        or channel == target_pos
        # a network reads it for its window norm only; a step that changes
        # the channels (flattened windows) leaves the positions unknown
        or getattr(final, "window_norm", "") is None
        or getattr(final, "n_channels_in_", None) != len(channels) + n_leads
    ):
        return
    read = repr(channels[channel]) if channel < len(channels) else "a lead channel"
    raise ValueError(
        f"The model reads the target from channel {channel} of its windows "
        f"(target_channel={channel}), and `target` is channel {target_pos} of "
        f"`series` ({channels[target_pos]!r}): it would forecast {read} in "
        "its place. Pass the series with its channels in the order the model "
        f"was fitted on, or refit it with target_channel={target_pos}."
    )


def check_channel_names(estimator, channels, columns=None):
    """A clear error where the model names the channels it reads (see
    :func:`_channel_names`) and the series' columns ``channels`` (named as
    text) hold one of them in another place: it would read that channel in
    the place of another, and forecast from it, silently. Columns named
    otherwise tell nothing of the order: they pass. ``columns``, the labels
    of one series' columns, make the message spell its columns reordered.
    Each model that a wrapper forecasts with is checked."""
    names = _channel_names(estimator)
    if names is not None:
        read = names[: len(channels)]  # the lead channels follow
        moved = [c for i, c in enumerate(channels) if c in read and read.index(c) != i]
        if moved:
            advice = "Pass the series with its columns in the order it reads them"
            if columns is not None and sorted(read) == sorted(channels):
                ordered = [columns[channels.index(name)] for name in read]
                advice += f": `series[{ordered!r}]`"
            raise ValueError(
                f"The model reads the channels {read} in this order (the "
                f"`channel_names` it was fitted with), and `series` has them as "
                f"{channels}: it would read {moved[0]!r} in the place of "
                f"{read[channels.index(moved[0])]!r}. {advice}."
            )
    _, final = final_steps(estimator)
    for model in _wrapped_models(final):
        check_channel_names(model, channels, columns)


def _channel_names(estimator):
    """The names of the channels that the model reads, in their order: the
    ``channel_names`` of its first step given them (a ``SlidingWindow``);
    ``None`` where none is, as for a network, fitted on windows of
    :func:`make_supervised`, which are arrays and name no channel."""
    transforms, final = final_steps(estimator)
    for step in (*transforms, final):
        names = getattr(step, "channel_names", None)
        if names is not None and getattr(step, "n_channels_in_", None):
            return [str(name) for name in names]
    return None


def model_horizon(estimator, last, positions):
    """How many steps the model forecasts at once (asked of it once), of the
    window ``last`` of a series, with lead channels for the columns of
    ``positions`` that hold no channel moved any number of steps: a lead
    channel that held its column unmoved would be read as leads built for
    another horizon where the column repeats (a weekday 7 days on).

    The leads are their columns raised above ``1`` (by one more than the
    column's largest magnitude), values that every step of the model takes:
    a window of zeros would be refused by a log."""
    columns = last[:, positions]
    lifted = columns + 1 + np.abs(columns).max(axis=0, initial=0)
    probe = np.concatenate([last, lifted], axis=1)[np.newaxis]
    return np.asarray(estimator.predict(probe)).reshape(1, -1).shape[1]


def window_model(estimator, histories):
    """``estimator`` as :func:`recurse` feeds it windows of shape (n, window,
    1): one fitted on windows of one channel as rows of lags, (n, window)
    (as :func:`make_forecast_scorer` takes them, and tunes it), is fed them
    so: as a DataFrame of its lags' names where it was fitted on one (a model
    of skltsm's too, which takes windows of three dimensions but warns of
    them without those names). Else told by its first forecast, where no step
    says its channels."""
    if histories.shape[2] != 1:
        return estimator
    columns = _lag_names(estimator)
    if columns is not None:  # fitted on a table of lags: two dimensions
        return FlatWindows(estimator, columns)
    if _says_channels(estimator):
        return estimator
    try:
        estimator.predict(histories[:1])
    except Exception as error:
        flat = FlatWindows(estimator)
        try:
            flat.predict(histories[:1])
        except Exception:
            raise error from None
        return flat
    return estimator


def _lag_names(estimator):
    """The names of the lags of a model fitted on a table of them: the
    ``feature_names_in_`` of its first step that has them, where no step
    before it says its channels (fitted on windows of three dimensions, whose
    later step may name the flattened windows' columns); ``None`` else."""
    transforms, final = final_steps(estimator)
    for step in (*transforms, final):
        names = getattr(step, "feature_names_in_", None)
        if names is not None:
            return names
        if getattr(step, "n_channels_in_", None):
            return None
    return None


def _says_channels(estimator):
    """Whether a step of the model, or of a model it wraps, says how many
    channels its windows hold: it takes them in three dimensions."""
    if fitted_attribute(estimator, "n_channels_in_"):
        return True
    _, final = final_steps(estimator)
    return any(_says_channels(model) for model in _wrapped_models(final))


class FlatWindows:
    """A model fitted on windows of one channel as rows of lags, shape (n,
    window), fed windows of shape (n, window, 1): as a DataFrame of
    ``columns`` where it was fitted on one."""

    def __init__(self, estimator, columns=None):
        self.estimator = estimator
        self.columns = columns

    def lags(self, X):
        """The windows ``X``, shape (n, window, 1), as the model's rows of
        lags."""
        X = X[:, :, 0]
        return X if self.columns is None else pd.DataFrame(X, columns=self.columns)

    def predict(self, X):
        return self.estimator.predict(self.lags(X))


def _wrapped_models(estimator):
    """The fitted models that a wrapper forecasts with, passing the windows
    on as they are: the ``estimators_`` of a combination (``CombinedRegressor``,
    scikit-learn's ``VotingRegressor``), the ``estimator_`` of a
    ``ConformalRegressor``, the ``regressor_`` of a
    ``TransformedTargetRegressor``; ``[]`` for any other model."""
    members = getattr(estimator, "estimators_", None)
    if isinstance(members, list):
        return members
    inner = (getattr(estimator, name, None) for name in ("estimator_", "regressor_"))
    return [model for model in inner if model is not None][:1]


def reads_state(estimator):
    """Whether ``estimator`` (or a step or member of it) reads the smoothing's
    state channels (``smoothing="state"``)."""
    # a fitted search forecasts with its best estimator, whose smoothing
    # the search's own parameters do not show
    best = getattr(estimator, "best_estimator_", None)
    if best is not None:
        return reads_state(best)
    get_params = getattr(estimator, "get_params", None)
    params = get_params(deep=True) if get_params is not None else {}
    return any(
        name.rsplit("__", 1)[-1] == "smoothing"
        and isinstance(value, str)
        and value == "state"
        for name, value in params.items()
    ) or any(
        reads_state(value)
        for value in params.values()
        if getattr(value, "best_estimator_", None) is not None
    )
