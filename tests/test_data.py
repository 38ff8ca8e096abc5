import numpy as np
import pytest
from numpy.testing import assert_array_equal

from skltsm import make_supervised
from skltsm._data import predict_dataset, window_dataset
from skltsm._views import series_of


def _epoch(dataset, steps):
    batches = list(dataset.take(steps).as_numpy_iterator())
    return [np.concatenate(parts) for parts in zip(*batches, strict=True)]


@pytest.mark.parametrize("crop", [None, 5])
def test_windows_of_a_view_are_gathered_from_its_series(crop):
    series = np.random.default_rng(0).normal(size=(60, 2))
    X, y = make_supervised(series, history=8, horizon=3, target=0)
    X = X if crop is None else X[:, -crop:]  # what SlidingWindow does
    assert np.shares_memory(series_of(X), series)
    dataset, steps = window_dataset(X, y, batch_size=16, shuffle=False)
    assert steps == int(np.ceil(len(X) / 16))
    windows, targets = _epoch(dataset, steps)
    assert_array_equal(windows, X.astype(np.float32))
    assert_array_equal(targets, y.astype(np.float32))


def test_arrays_that_are_not_views_and_weights():
    X = np.random.default_rng(1).normal(size=(20, 4, 3))
    assert series_of(X) is None
    y, w = np.arange(20.0).reshape(20, 1), np.linspace(0, 1, 20)
    dataset, steps = window_dataset(X, y, w, batch_size=8, shuffle=False)
    windows, targets, weights = _epoch(dataset, steps)
    assert_array_equal(windows, X.astype(np.float32))
    assert_array_equal(weights, w.astype(np.float32))


def test_shuffle_visits_every_row_once_per_epoch_in_a_new_order():
    X, y = make_supervised(np.arange(50.0), history=4)
    dataset, steps = window_dataset(X, y, batch_size=7, shuffle=True, seed=0)
    windows, targets = _epoch(dataset, 2 * steps)
    first, second = targets[: len(y)], targets[len(y) :]
    assert sorted(first) == sorted(second) == sorted(y.astype(np.float32))
    assert not np.array_equal(first, second)
    # each window still ends the step before its target
    assert_array_equal(windows[:, -1, 0] + 1, targets)


def test_the_same_seed_gives_the_same_order():
    X, y = make_supervised(np.arange(50.0), history=4)
    orders = [
        _epoch(window_dataset(X, y, batch_size=7, shuffle=True, seed=seed)[0], 14)[1]
        for seed in (3, 3, 4)
    ]
    assert_array_equal(orders[0], orders[1])
    assert not np.array_equal(orders[0], orders[2])


@pytest.mark.parametrize("n_rows", [1, 15, 16, 17])
def test_predict_batches_have_one_shape_and_keep_the_order(n_rows):
    X, _ = make_supervised(np.arange(40.0), history=5)
    X = X[:n_rows]
    batches = list(predict_dataset(X, batch_size=8).as_numpy_iterator())
    assert {batch.shape for batch in batches} == {(8, 5, 1)}
    windows = np.concatenate(batches)
    assert len(windows) == 8 * int(np.ceil(n_rows / 8))
    assert_array_equal(windows[:n_rows], X.reshape(n_rows, 5, 1).astype(np.float32))
    padding = windows[n_rows:]
    assert_array_equal(padding, np.broadcast_to(windows[n_rows - 1], padding.shape))
