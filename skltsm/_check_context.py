"""The context that skltsm's checks run in: the user's call, which their
warnings point at, and whether a fit runs its checks alone.

A warning is raised with ``stacklevel=user_stacklevel()``, so that it names
the user's line whether the estimator was called directly or through a
pipeline or a search. Under ``checks_only`` a network's fit raises
``ChecksPassed`` once its checks pass, before any Keras work, and its checks
warn of nothing: a combination of networks checks them all before the first
one trains.
"""

import sys
from contextlib import contextmanager
from contextvars import ContextVar

__all__ = ["ChecksPassed", "checking_only", "checks_only", "user_stacklevel"]


def user_stacklevel():
    """The ``stacklevel`` that makes a warning raised by the caller of this
    function point at the first frame outside skltsm, scikeras, scikit-learn
    and joblib: the user's call, through a pipeline or a search too."""
    frame, level = sys._getframe(1), 1
    while frame is not None and frame.f_globals.get("__name__", "").split(".")[0] in (
        "skltsm",
        "scikeras",
        "sklearn",
        "joblib",
    ):
        frame, level = frame.f_back, level + 1
    return level


# set by ``checks_only``, in this thread alone: a network's fit stops once it
# has passed its checks, before its network is built
_CHECKS_ONLY = ContextVar("skltsm_checks_only", default=False)


class ChecksPassed(Exception):
    """Raised, under ``checks_only``, by a network's fit whose parameters, fit
    arguments and data have passed every check made before it is built."""


@contextmanager
def checks_only():
    """Make each network's fit stop with ``ChecksPassed`` once its checks have
    passed, before it builds or trains its network, and warn of nothing (its
    fit warns): a combination of networks runs every network's own checks
    (and its pipeline's steps) before the first of them trains."""
    token = _CHECKS_ONLY.set(True)
    try:
        yield
    finally:
        _CHECKS_ONLY.reset(token)


def checking_only():
    """Whether this fit runs its checks alone (``checks_only``)."""
    return _CHECKS_ONLY.get()
