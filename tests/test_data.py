"""The batches the networks train and predict on: gathered from the series,
one shape for every batch, in a seeded order per epoch."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from skltsm import make_supervised
from skltsm._data import WindowBatches
from skltsm._views import series_of


def _epochs(batches, n_epochs=1):
    """The real rows of ``n_epochs`` epochs, without the padding."""
    parts, n = [], batches._n_samples
    for index in range(n_epochs * batches.steps):
        batch = batches[index]
        real = batches._batch_size
        if index % batches.steps == batches.steps - 1:
            real = n - (batches.steps - 1) * batches._batch_size
        parts.append([a[:real] for a in batch])
    return [np.concatenate(column) for column in zip(*parts, strict=True)]


@pytest.mark.parametrize("crop", [None, 5])
def test_windows_of_a_view_are_gathered_from_its_series(crop):
    series = np.random.default_rng(0).normal(size=(60, 2))
    X, y = make_supervised(series, history=8, horizon=3, target=0)
    X = X if crop is None else X[:, -crop:]  # what SlidingWindow does
    assert np.shares_memory(series_of(X), series)
    batches = WindowBatches(X, y, batch_size=16)
    assert batches.steps == int(np.ceil(len(X) / 16))
    windows, targets, _ = _epochs(batches)
    assert_array_equal(windows, X.astype(np.float32))
    assert_array_equal(targets, y.astype(np.float32))


def test_arrays_that_are_not_views_and_weights():
    X = np.random.default_rng(1).normal(size=(20, 4, 3))
    assert series_of(X) is None
    y, w = np.arange(20.0).reshape(20, 1), np.linspace(0, 1, 20)
    windows, targets, weights = _epochs(WindowBatches(X, y, w, batch_size=8))
    assert_array_equal(windows, X.astype(np.float32))
    # the last batch holds 4 real rows of 8: they weigh twice as much, so that
    # the batch's loss (a sum over 8 rows) is their mean
    assert_allclose(weights, np.r_[w[:16], 2 * w[16:]].astype(np.float32))


def test_every_batch_has_one_shape_and_padding_weighs_nothing():
    X, y = make_supervised(np.arange(30.0), history=4)  # 26 rows
    batches = WindowBatches(X, y, batch_size=8)
    shapes = {tuple(a.shape for a in batches[i]) for i in range(batches.steps)}
    assert shapes == {((8, 4, 1), (8,), (8,))}
    windows, targets, weights = batches[batches.steps - 1]
    assert_array_equal(weights, [4, 4, 0, 0, 0, 0, 0, 0])  # 2 real rows of 8
    # weights of one where the rows divide into full batches
    assert_array_equal(WindowBatches(X[:24], y[:24], batch_size=8)[2][2], np.ones(8))


def test_shuffle_visits_every_row_once_per_epoch_in_a_new_order():
    X, y = make_supervised(np.arange(50.0), history=4)
    batches = WindowBatches(X, y, batch_size=7, shuffle=True, seed=0)
    windows, targets, _ = _epochs(batches, n_epochs=2)
    first, second = targets[: len(y)], targets[len(y) :]
    assert sorted(first) == sorted(second) == sorted(y.astype(np.float32))
    assert not np.array_equal(first, second)
    # each window still ends the step before its target
    assert_array_equal(windows[:, -1, 0] + 1, targets)


def test_the_same_seed_gives_the_same_order():
    X, y = make_supervised(np.arange(50.0), history=4)
    orders = [
        _epochs(WindowBatches(X, y, batch_size=7, shuffle=True, seed=seed), 2)[1]
        for seed in (3, 3, 4)
    ]
    assert_array_equal(orders[0], orders[1])
    assert not np.array_equal(orders[0], orders[2])


@pytest.mark.parametrize("n_rows", [1, 15, 16, 17])
def test_predict_batches_have_one_shape_and_keep_the_order(n_rows):
    X, _ = make_supervised(np.arange(40.0), history=5)
    X = X[:n_rows]
    batches = WindowBatches(X, batch_size=8, repeat=False)
    assert batches.num_batches == int(np.ceil(n_rows / 8))
    parts = [batches[i][0] for i in range(batches.num_batches)]
    assert {part.shape for part in parts} == {(8, 5, 1)}
    windows = np.concatenate(parts)
    assert_array_equal(windows[:n_rows], X.reshape(n_rows, 5, 1).astype(np.float32))
    padding = windows[n_rows:]
    assert_array_equal(padding, np.broadcast_to(windows[n_rows - 1], padding.shape))


def test_a_stopped_members_block_is_zeros_and_weighs_nothing():
    # once members have stopped, the step serves the running members' blocks
    # as before, from the epoch it goes on from; a stopped member's rows are
    # not gathered
    X, y = make_supervised(np.arange(50.0), history=4)  # 46 rows
    y = y.reshape(-1, 1, 1)
    common = {"batch_size": 8, "shuffle": True, "seed": 0, "members": 3}
    every = WindowBatches(X, y, **common, outputs_per_member=2)
    later = WindowBatches(
        X, y, **common, outputs_per_member=2, running=[0, 2], first_epoch=2
    )
    for index in range(later.steps + 1):  # an epoch and a step
        expected = every[2 * every.steps + index]
        served = later[index]
        for got, want in zip(served, expected, strict=True):
            assert got.shape == want.shape
            assert_array_equal(got[:8], want[:8])
            assert_array_equal(got[16:], want[16:])
        windows, targets, weights = served
        assert not windows[8:16].any() and not targets[8:16].any()
        assert not weights[8:16].any() and not weights[:, 2:4].any()


@pytest.mark.parametrize("per", [1, 3])
def test_each_member_reads_every_row_once_an_epoch_in_an_order_of_its_own(per):
    # an ensemble's step stacks one batch per member; member k's rows weigh
    # in its own columns only (its levels', with quantiles), members² times:
    # the loss averages over members² times the entries of one member's
    X, y = make_supervised(np.arange(50.0), history=4)  # 46 rows
    y = y.reshape(-1, 1, 1)  # as the target scaler stacks an ensemble's
    members, size = 3, 8
    batches = WindowBatches(
        X, y, batch_size=size, shuffle=True, seed=0, members=members,
        outputs_per_member=per,
    )  # fmt: skip
    alone = WindowBatches(X, y, batch_size=size, shuffle=True, seed=0)
    seen = [[] for _ in range(members)]
    for index in range(2 * batches.steps):  # two epochs
        windows, targets, weights = batches[index]
        assert windows.shape == (members * size, 4, 1)
        assert targets.shape == (members * size, 1, 1)
        assert weights.shape == (members * size, members * per)
        # each window still ends the step before its target
        assert_array_equal(windows[:, -1, 0] + 1, targets[:, 0, 0])
        for k in range(members):
            block = slice(k * size, (k + 1) * size)
            columns = np.s_[k * per : (k + 1) * per]
            own = weights[block, columns]
            assert (own == own[:, :1]).all()  # a member's levels alike
            assert not np.delete(weights[block], columns, axis=1).any()
            real = own[:, 0] > 0
            seen[k].append(targets[block][real, 0, 0])
        if index % batches.steps == batches.steps - 1:  # 6 real rows of 8
            assert_array_equal(weights[:size, 0], [members**2 * 8 / 6] * 6 + [0, 0])
        else:
            assert_array_equal(weights[:size, 0], np.full(size, members**2))
    orders = [np.concatenate(rows) for rows in seen]
    for order in orders:
        first, second = order[: len(y)], order[len(y) :]
        assert sorted(first) == sorted(second) == sorted(y.ravel().astype(np.float32))
    assert not np.array_equal(orders[1], orders[2])
    # member 0 reads the rows as a network alone would
    assert_array_equal(orders[0], _epochs(alone, 2)[1].ravel())
