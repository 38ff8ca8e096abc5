"""The command-line arguments that the benchmarks share.

A module of its own, importing nothing else, so that a benchmark that
measures in fresh processes (``bench_backends.py``, ``bench_memory.py``)
parses its arguments without importing skltsm or Keras first.
"""

import argparse


def whole_number(least):
    """The ``type`` of an option that takes a whole number of at least
    ``least`` (a season, a horizon, a count of runs: 1; a seed: 0), refused
    otherwise as a usage error."""

    def parse(text):
        try:
            number = int(text)
        except ValueError:
            number = least - 1
        if number < least:
            raise argparse.ArgumentTypeError(
                f"must be a whole number of at least {least}, got {text!r}"
            )
        return number

    return parse


def optional_count(parser, name, default, help):
    """Add to ``parser`` the optional positional argument ``name``, a whole
    number of at least 1 (``default`` where it is not given)."""
    parser.add_argument(
        name, nargs="?", type=whole_number(1), default=default, help=help
    )
