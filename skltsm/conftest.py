import os

# The doctests import the estimators: keep TensorFlow quiet there too.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import importlib.util

# the sktime adapter is an optional extra: skip its doctests without sktime
collect_ignore = [] if importlib.util.find_spec("sktime") else ["sktime.py"]
