"""Every private name that skltsm takes from another library, in one place.

These names are not part of their libraries' public API and may move in any
release. Gathering them here keeps that risk in one screen, and
``tests/test_compat.py`` fails, naming the import, the day one of them moves:
no other module of skltsm imports a private name of another library (a test
checks that too).
"""

# scikit-learn: parameter constraints and the fit context of its own estimators
# (the developer guide recommends them to third-party estimators; they have not
# been made public yet), the check of input feature names, and the base of
# its meta-estimators of named estimators (``name__parameter`` routing, as
# ``VotingRegressor`` has it), and the cut of row-wise fit parameters to a
# fold's rows (as ``cross_validate`` cuts them).
# scikeras: routing of ``prefix__name`` parameters to their destination, as
# scikeras' own wrapper does it (so that routed names mean the same thing).
# Keras: the base of its models that pickles them (``KerasSaveable.__reduce__``),
# which scikeras replaces on ``keras.Model`` by one that registers the model's
# class in Keras' global registry at every pickle.
from keras.src.saving.keras_saveable import KerasSaveable
from scikeras._utils import route_params
from sklearn.base import _fit_context
from sklearn.utils import _safe_indexing
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.metaestimators import _BaseComposition
from sklearn.utils.validation import _check_feature_names_in, _check_method_params

__all__ = [
    "HasMethods",
    "Interval",
    "KerasSaveable",
    "StrOptions",
    "_BaseComposition",
    "_check_feature_names_in",
    "_check_method_params",
    "_fit_context",
    "_safe_indexing",
    "route_params",
]
