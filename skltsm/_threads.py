"""TensorFlow's thread pools sized by ``OMP_NUM_THREADS``, in worker processes.

TensorFlow runs its CPU kernels on thread pools of its own, sized to every core
of the machine in every process; it ignores ``OMP_NUM_THREADS``. A search that
fits networks in several worker processes at once would then start as many
TensorFlow threads per worker as the machine has cores, and the workers would
fight for them. joblib's process workers (loky) and Dask's nanny already say how
many threads each worker should use: they set ``OMP_NUM_THREADS`` in the
worker's environment (loky to ``cpu_count() // n_jobs``, Dask to 1), unless the
parent process set it. :func:`limit_tf_threads` gives TensorFlow the same
number. ``import skltsm`` calls :func:`limit_worker_threads`, which calls it in
worker processes only (a worker imports skltsm before it unpickles its first
estimator); the user's own process is left as it is. On another Keras backend
(JAX), TensorFlow runs nothing and is not imported for this.
"""

import multiprocessing
import os
import sys

import keras

__all__ = ["INTER_OP_THREADS", "limit_tf_threads", "limit_worker_threads"]

# The inter-op pool runs independent ops side by side. A Keras training step is
# mostly a chain of ops that wait on one another (the LSTM's loop over time
# steps, then its gradients), so a second thread rarely computes at the same
# time as the first. One thread is not enough: a kernel that waits on another
# one can hold the only thread and hang the process (tensorflow/tensorflow#38969
# and #39006 hang with 1 and pass with 2). Two is the smallest safe pool.
INTER_OP_THREADS = 2


def _omp_num_threads(environ):
    """``OMP_NUM_THREADS`` as a positive integer, or ``None``.

    OpenMP accepts a list for nested levels (``"4,2"``): the first number is
    the outer level, the one that applies here.
    """
    value = environ.get("OMP_NUM_THREADS", "").split(",")[0].strip()
    try:
        n_threads = int(value)
    except ValueError:
        return None
    return n_threads if n_threads >= 1 else None


def limit_tf_threads(environ=None):
    """Size TensorFlow's thread pools by ``OMP_NUM_THREADS``, while still possible.

    When ``OMP_NUM_THREADS`` is set and ``TF_NUM_INTRAOP_THREADS`` is not, set
    TensorFlow's intra-op threads (those that one op, such as a matrix product,
    splits its work among) to ``OMP_NUM_THREADS``, and its inter-op threads
    (those that run independent ops side by side) to :data:`INTER_OP_THREADS`,
    unless ``TF_NUM_INTEROP_THREADS`` is set.

    TensorFlow fixes its pools when its runtime starts (at the first tensor).
    After that, or when the pools were already set with ``tf.config.threading``,
    this does nothing; it never raises. On another Keras backend, where
    TensorFlow is not imported, it does nothing either: importing TensorFlow
    would cost seconds and its log lines in a process where it runs nothing.

    Parameters
    ----------
    environ : mapping, default=None
        The environment to read; ``os.environ`` when ``None``.

    Returns
    -------
    threads : tuple of (int, int or None), or None
        The intra-op and inter-op threads set (``None`` for a pool left as it
        was), or ``None`` when nothing was set.
    """
    environ = os.environ if environ is None else environ
    n_threads = _omp_num_threads(environ)
    if n_threads is None or "TF_NUM_INTRAOP_THREADS" in environ:
        return None
    if keras.backend.backend() != "tensorflow" and "tensorflow" not in sys.modules:
        return None

    import tensorflow as tf

    threading = tf.config.threading
    if threading.get_intra_op_parallelism_threads():  # set explicitly already
        return None
    inter = None
    if (
        "TF_NUM_INTEROP_THREADS" not in environ
        and not threading.get_inter_op_parallelism_threads()
    ):
        inter = INTER_OP_THREADS
    try:
        threading.set_intra_op_parallelism_threads(n_threads)
        if inter is not None:
            threading.set_inter_op_parallelism_threads(inter)
    except RuntimeError:  # the runtime has started: the pools are fixed
        return None
    return n_threads, inter


def limit_worker_threads():
    """Call :func:`limit_tf_threads` in a worker process, and nowhere else.

    A worker process is one that another process started through
    ``multiprocessing``: joblib's loky workers and Dask's nanny workers are
    (``multiprocessing.parent_process()`` is set in both). A worker started
    by "spawn" (Dask's are) first imports the user's script again, before
    its parent process is known but with its own name (the user's process
    is ``"MainProcess"``): a script that imports skltsm at its top imports
    it then. The user's own process, whatever its ``OMP_NUM_THREADS``, keeps
    TensorFlow's defaults.

    Returns
    -------
    threads : tuple of (int, int or None), or None
        As :func:`limit_tf_threads`; ``None`` outside a worker process.
    """
    # a spawned worker importing the user's script has its name already
    named = multiprocessing.current_process().name != "MainProcess"
    if multiprocessing.parent_process() is None and not named:
        return None
    return limit_tf_threads()
