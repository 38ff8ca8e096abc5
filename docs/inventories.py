"""Intersphinx inventories of scikit-learn, sktime, Keras, NumPy and pandas,
written from the installed packages, so that the documentation links their names
without the network.

Sphinx reads other projects' ``objects.inv`` to link names such as
:class:`sklearn.pipeline.Pipeline`. Those files live on the projects' sites,
which an offline build cannot reach. The names and the addresses of their pages
follow each project's layout, so this module writes the inventories itself:

- scikit-learn, NumPy, pandas and sktime: every public class and function of
  their public modules (``__all__``), at the page their API reference gives it;
- Keras, whose site is not built by Sphinx: the names skltsm's documentation
  uses, at their pages.

``conf.py`` calls :func:`write_inventories` at every build.
"""

import importlib
import inspect
import zlib
from pathlib import Path

__all__ = ["write_inventories"]

SKLEARN_MODULES = [
    "sklearn.base",
    "sklearn.compose",
    "sklearn.ensemble",
    "sklearn.exceptions",
    "sklearn.linear_model",
    "sklearn.metrics",
    "sklearn.model_selection",
    "sklearn.pipeline",
    "sklearn.preprocessing",
    "sklearn.utils",
]
SKTIME_MODULES = [
    "sktime.datasets",
    "sktime.forecasting.arima",
    "sktime.forecasting.base",
    "sktime.forecasting.compose",
    "sktime.forecasting.ets",
    "sktime.forecasting.model_evaluation",
    "sktime.forecasting.model_selection",
    "sktime.forecasting.naive",
    "sktime.split",
]
KERAS_PAGES = {
    "keras.Model": "models/model/",
    "keras.Input": "layers/core_layers/input/",
    "keras.layers.LSTM": "layers/recurrent_layers/lstm/",
    "keras.layers.Bidirectional": "layers/recurrent_layers/bidirectional/",
    "keras.layers.Dense": "layers/core_layers/dense/",
    "keras.layers.Dropout": "layers/regularization_layers/dropout/",
    "keras.layers.RepeatVector": "layers/reshaping_layers/repeat_vector/",
    "keras.layers.TimeDistributed": "layers/recurrent_layers/time_distributed/",
    "keras.callbacks.Callback": "callbacks/base_callback/",
    "keras.callbacks.EarlyStopping": "callbacks/early_stopping/",
    "keras.optimizers.Adam": "optimizers/adam/",
    "keras.saving.load_model": "models/model_saving_apis/model_saving_and_loading/",
    "keras.utils.PyDataset": "utils/python_utils/#pydataset-class",
    "keras.utils.set_random_seed": "utils/python_utils/#setrandomseed-function",
}


def _public(module_name):
    """(full name, role) of the public classes and functions of a module."""
    module = importlib.import_module(module_name)
    for name in getattr(module, "__all__", []):
        try:
            obj = getattr(module, name, None)
        except ImportError:  # experimental names, which need an opt-in import
            continue
        if inspect.isclass(obj):
            yield f"{module_name}.{name}", "py:class"
        elif callable(obj):
            yield f"{module_name}.{name}", "py:function"


def _write(path, project, version, entries):
    """An ``objects.inv`` (version 2) of ``(name, role, uri)`` entries."""
    lines = "".join(f"{name} {role} 1 {uri} -\n" for name, role, uri in entries)
    header = (
        "# Sphinx inventory version 2\n"
        f"# Project: {project}\n"
        f"# Version: {version}\n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    path.write_bytes(header.encode() + zlib.compress(lines.encode()))


def _sklearn():
    import sklearn

    entries = [
        (name, role, f"modules/generated/{name}.html#$")
        for module in SKLEARN_MODULES
        for name, role in _public(module)
    ]
    return "scikit-learn", sklearn.__version__, entries


def _sktime():
    import sktime

    entries = [
        (name, role, f"api_reference/auto_generated/{name}.html#$")
        for module in SKTIME_MODULES
        for name, role in _public(module)
    ]
    return "sktime", sktime.__version__, entries


def _numpy():
    import numpy as np

    entries = [
        (f"numpy.{name}", "py:function", f"reference/generated/numpy.{name}.html#$")
        for name in dir(np)
        if not name.startswith("_") and inspect.isroutine(getattr(np, name))
    ]
    entries.append(
        ("numpy.ndarray", "py:class", "reference/generated/numpy.ndarray.html#$")
    )
    return "NumPy", np.__version__, entries


def _pandas():
    import pandas as pd

    entries = [
        (
            f"pandas.{name}",
            "py:class" if inspect.isclass(obj) else "py:function",
            f"reference/api/pandas.{name}.html#$",
        )
        for name in pd.__all__
        if callable(obj := getattr(pd, name, None))
    ]
    return "pandas", pd.__version__, entries


def _keras():
    import keras

    entries = [
        (name, "py:function" if name.split(".")[-1][0].islower() else "py:class", uri)
        for name, uri in KERAS_PAGES.items()
    ]
    return "Keras", keras.__version__, entries


SITES = {
    "sklearn": ("https://scikit-learn.org/stable/", _sklearn),
    "sktime": ("https://www.sktime.net/en/stable/", _sktime),
    "keras": ("https://keras.io/api/", _keras),
    "numpy": ("https://numpy.org/doc/stable/", _numpy),
    "pandas": ("https://pandas.pydata.org/docs/", _pandas),
}


def write_inventories(folder):
    """Write one inventory per project into ``folder``.

    Returns
    -------
    mapping : dict
        ``intersphinx_mapping`` for ``conf.py``: each project's site and the
        local inventory that lists its names.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    mapping = {}
    for key, (site, collect) in SITES.items():
        project, version, entries = collect()
        path = folder / f"{key}.inv"
        _write(path, project, version, entries)
        mapping[key] = (site, str(path))
    return mapping
