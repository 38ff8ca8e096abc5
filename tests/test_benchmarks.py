"""The accuracy suite runs, in its quick setting, so that it cannot rot.

It prints figures and is never a pass/fail test of accuracy: this only checks
that every row is computed on the suite's data.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).parents[1] / "benchmarks"


@pytest.mark.slow
def test_the_accuracy_suite_runs(tmp_path):
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    result = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "bench_accuracy.py"),
            "--quick",
            "--out",
            str(tmp_path),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    summary = (tmp_path / "summary.csv").read_text()
    for row in (
        "seasonal naive",
        "untrained start",
        "naive",
        "AutoETS",
        "Ridge",
        "LSTM, per series",
        "LSTM, global",
        "LSTM, global, one member",
        "recipe",
    ):
        assert row in summary, row


@pytest.mark.slow
@pytest.mark.parametrize(
    ("script", "table"),
    [
        ("bench_elecdemand.py", "elecdemand.csv"),
        ("bench_intervals.py", "summary.csv"),
        ("bench_ensemble.py", "accuracy.csv"),
    ],
)
def test_the_known_input_interval_and_ensemble_benchmarks_run(script, table, tmp_path):
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), "--quick", "--out", str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / table).read_text().count("\n") > 2
