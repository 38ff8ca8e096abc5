"""Draw the user guide's figures from skltsm's own code.

Run from the repository root (``conf.py`` runs it at every build)::

    python docs/figures.py docs/_static/figures

Each figure is drawn from what the package computes, not from a sketch:

- ``windows_as_views.png``: the windows and targets that ``make_supervised``
  returns for a short series, as views of the series' cells;
- ``split_with_gap.png``: the folds of ``TimeSeriesSplit(gap=H - 1)`` on
  multi-step rows, with the target steps that each row covers;
- ``seasonal_norm.png``: what ``window_norm="seasonal"`` feeds the network for
  one window of the airline series, and the forecast it starts from.
"""

import os
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle
from sklearn.model_selection import TimeSeriesSplit

from skltsm import make_supervised
from skltsm._models import WindowNormalization
from skltsm.scaling import window_norm_scale

TRAIN, GAP, TEST, TARGET, INPUT = "#4c72b0", "#bbbbbb", "#dd8452", "#55a868", "#8172b3"


def _cell(ax, x, y, color, text="", alpha=1.0):
    ax.add_patch(Rectangle((x, y), 0.92, 0.8, color=color, alpha=alpha, lw=0))
    if text != "":
        ax.text(x + 0.46, y + 0.4, text, ha="center", va="center", fontsize=8)


def windows_as_views(path):
    """Rows of X and y from make_supervised, over the series they view."""
    series = np.arange(12.0)
    history, horizon = 4, 2
    X, y = make_supervised(series, history=history, horizon=horizon)
    fig, ax = plt.subplots(figsize=(7.5, 3.2))
    top = len(X) + 1
    for t, value in enumerate(series):
        _cell(ax, t, top, "#dddddd", f"{value:.0f}")
    ax.text(-0.6, top + 0.4, "series", ha="right", va="center", fontsize=9)
    for i in range(len(X)):
        row = top - 1.2 - i
        for j, value in enumerate(X[i, :, 0]):  # X[i] is series[i : i + W]
            _cell(ax, i + j, row, INPUT, f"{value:.0f}", alpha=0.75)
        for k, value in enumerate(np.atleast_1d(y[i])):
            _cell(ax, i + history + k, row, TARGET, f"{value:.0f}", alpha=0.75)
        ax.text(-0.6, row + 0.4, f"row {i}", ha="right", va="center", fontsize=8)
    ax.text(
        len(series) + 0.3,
        top - 2.5,
        f"X[i] = series[i : i + {history}]\n(a read-only view:\nno copy)\n\n"
        f"y[i] = series[i + {history} : i + {history + horizon}]",
        fontsize=8,
        va="top",
    )
    ax.set(xlim=(-2.2, len(series) + 4.5), ylim=(top - len(X) - 0.6, top + 1.1))
    ax.set_title(
        f"make_supervised(series, history={history}, horizon={horizon}): "
        f"inputs (purple) and targets (green)",
        fontsize=9,
    )
    ax.axis("off")
    fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(fig)


def split_with_gap(path):
    """TimeSeriesSplit(gap=H-1): the target steps of training and test rows."""
    n_rows, horizon = 30, 4
    cv = TimeSeriesSplit(n_splits=3, test_size=6, gap=horizon - 1)
    fig, axes = plt.subplots(3, 1, figsize=(7.5, 3.6), sharex=True)
    for ax, (fold, (train, test)) in zip(
        axes, enumerate(cv.split(np.arange(n_rows))), strict=True
    ):
        gap = np.arange(train[-1] + 1, test[0])
        for rows, color in ((train, TRAIN), (gap, GAP), (test, TEST)):
            for r in rows:
                _cell(ax, r, 1, color)
        # the target steps the last training row and the first test row cover
        for r, color in ((train[-1], TRAIN), (test[0], TEST)):
            for k in range(horizon):
                _cell(ax, r + 1 + k, 0, color, alpha=0.45)
        ax.text(-0.5, 1.4, f"fold {fold}", ha="right", va="center", fontsize=8)
        ax.text(-0.5, 0.4, "targets", ha="right", va="center", fontsize=7)
        ax.set(ylim=(-0.1, 2.0), xlim=(-3.5, n_rows + horizon + 0.5))
        ax.axis("off")
    axes[0].set_title(
        f"TimeSeriesSplit(n_splits=3, test_size=6, gap={horizon - 1}) on rows "
        f"with horizon={horizon}: train, gap (grey), test.\nThe last training "
        "row's targets end where the first test row's begin: none is shared.",
        fontsize=9,
    )
    fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(fig)


def seasonal_norm(path):
    """One airline window: the series, the network's input, the start."""
    from sktime.datasets import load_airline

    log = np.log(load_airline().to_numpy(dtype=float))
    history, season = 36, 12
    X, y = make_supervised(log[:120], history=history, horizon=season)
    layer = WindowNormalization(
        "seasonal",
        window_norm_scale(X, "seasonal", season),
        season_length=season,
    )
    window = X[-1:].astype("float32")
    normalised, level, _ = (np.asarray(a) for a in layer(window))
    t = np.arange(history)
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(7.5, 4.6), sharex=True)
    top.plot(t, window[0, :, 0], color=INPUT, label="the window (log passengers)")
    ahead = np.arange(history, history + season)
    top.plot(ahead, y[-1], color="black", lw=1, label="what follows")
    top.plot(
        ahead,
        level[0, :, 0],
        color=TARGET,
        ls="--",
        label="seasonal naive with drift: the untrained network's forecast",
    )
    top.legend(fontsize=7, loc="upper left")
    top.set_ylabel("log value", fontsize=8)
    bottom.bar(t[season:], normalised[0, :, 0], color=INPUT, width=0.8)
    bottom.axhline(0, color="black", lw=0.5)
    bottom.set_ylabel("network input", fontsize=8)
    bottom.set_xlabel("step of the window (the last is 35)", fontsize=8)
    bottom.set_title(
        "What the network reads: each change over one season, minus the last "
        "such change, over the changes' scale",
        fontsize=8,
    )
    top.set_title(
        'window_norm="seasonal", season_length=12: the network learns '
        "corrections to the dashed forecast",
        fontsize=9,
    )
    fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(fig)


FIGURES = {
    "windows_as_views.png": windows_as_views,
    "split_with_gap.png": split_with_gap,
    "seasonal_norm.png": seasonal_norm,
}


def main(folder):
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, draw in FIGURES.items():
        draw(folder / name)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs/_static/figures")
