"""Keras' seeds drawn from the estimator's own generator, not Python's global one.

Keras gives every initializer and every random layer built without a seed a
seed drawn from Python's global ``random`` module. ``fit`` seeds that module
(``keras.utils.set_random_seed``) before the network is built, so a fixed
``random_state`` builds the same network, as long as no other thread draws from
``random`` in between. In a Dask worker one does: the worker's event loop runs
in another thread of the process, and draws from ``random`` (tornado's jittered
periodic callbacks, Dask's ``sizeof`` sampling of long lists). The network
would then start from other weights, depending on timing. Inside
:func:`keras_seeds`, Keras draws from a private ``random.Random(random_state)``
instead: the very stream that ``random.seed(random_state)`` starts, so the
weights are those of a quiet process, and no other thread can advance it.
"""

import contextlib
import random
import threading
from numbers import Integral

__all__ = ["keras_seeds"]

# held while Keras draws from a private generator, so that two threads building
# networks at once cannot restore each other's generator
_LOCK = threading.RLock()


def _seed_module():
    """Keras' module whose ``python_random`` gives the default seeds, or None."""
    try:
        from keras.src.random import seed_generator
    except ImportError:  # a Keras that moved it: keep its own behaviour
        return None
    return seed_generator if hasattr(seed_generator, "python_random") else None


@contextlib.contextmanager
def keras_seeds(random_state):
    """Let Keras draw the seeds of the layers built inside from ``random_state``.

    Parameters
    ----------
    random_state : int, RandomState instance or None
        An integer gives Keras a private ``random.Random(random_state)`` to draw
        from; anything else leaves Keras drawing from the global ``random``.
    """
    module = _seed_module()
    if module is None or not isinstance(random_state, Integral):
        yield
        return
    with _LOCK:
        shared = module.python_random
        module.python_random = random.Random(int(random_state))
        try:
            yield
        finally:
            module.python_random = shared
