import os

# The doctests import the estimators: keep TensorFlow quiet there too.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
