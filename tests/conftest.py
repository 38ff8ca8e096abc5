import os

# TensorFlow is noisy; keep the test log readable.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
# Test workers (pytest -n) share the cores: one TensorFlow thread each, by the
# rule skltsm applies in any worker (OMP_NUM_THREADS, read at import).
if "PYTEST_XDIST_WORKER" in os.environ:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
