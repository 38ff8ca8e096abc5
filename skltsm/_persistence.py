"""How a fitted network leaves its estimator: pickled, deep-copied or exported.

The regressors of ``_base.py`` hold their network, a Keras model, in
``model_``. This module owns the ways it goes out of them, so that the
adapter keeps to scikeras' hooks and the estimator's lifecycle:

- pickling (``pickle``, ``joblib``, ``cloudpickle``) and ``copy.deepcopy``
  of the estimator, through :func:`pickled_state`: the network by Keras' own
  protocol, with the random states of its layers (dropout's seed
  generators), which Keras' saving restarts;
- ``to_keras``, through :func:`standalone_network`: a copy of the network
  that maps its outputs to the units of ``y``, to serve without skltsm's
  estimators.

A pickle names :func:`unpickled_network` as the function that loads its
network: that name is part of every pickle written, and must stay where
pickles look for it (``_base.py`` keeps the one that pickles written before
this module look for).
"""

import keras
import numpy as np

from ._compat import KerasSaveable, keras_names_kept, serializing_without_tensorflow
from ._layers import TargetUnits
from ._steps import using

__all__ = ["pickled_state", "standalone_network", "unpickled_network"]


def pickled_state(state):
    """The state to pickle of an estimator whose state is ``state``
    (``object.__getstate__``): its network ``model_`` pickled by Keras' own
    protocol, even where the user's import of scikeras replaced it on
    ``keras.Model`` (see ``_compat``): scikeras' registers keras' Functional
    class globally at each pickle (renaming it ">Functional" in every model
    saved after). ``copy.deepcopy`` comes here too."""
    state = dict(state)
    if isinstance(state.get("model_"), keras.Model):
        state["model_"] = _PickledByKeras(state["model_"])
    return state


class _PickledByKeras:
    """A Keras model that pickles (and deep-copies) by Keras' own protocol; it
    unpickles as the model itself, with the random states of its layers."""

    def __init__(self, model):
        self.model = model

    def __reduce__(self):
        # Keras pickles from the network's configuration, which imports
        # TensorFlow on another backend (JAX) as a fit's would (see _compat),
        # and counts the names of the objects it makes, as a fit's would; with
        # its weights in place, which on JAX a prediction in another thread
        # takes out of it while it runs (``using``)
        with using(self.model):
            with serializing_without_tensorflow(), keras_names_kept():
                load, args = KerasSaveable.__reduce__(self.model)
            states = [keras.ops.convert_to_numpy(v) for v in _random_states(self.model)]
        return unpickled_network, (load, args, states)


def _random_states(model):
    """The variables of ``model`` that are not weights: its seed generators'
    states (dropout's), in the order of its layers."""
    weights = {id(w) for w in model.weights}
    return [v for v in model.variables if id(v) not in weights]


def unpickled_network(load, args, states):
    """The network that Keras' ``load(*args)`` unpickles, its random states
    put back: Keras' saving restarts them, and training after a round trip
    (a checkpoint) would draw other dropout masks than training on."""
    # the user's next objects keep their names; a Bidirectional layer, made
    # anew, serializes its forward layer: which imports TensorFlow on
    # another backend (JAX), as its build would
    with keras_names_kept(), serializing_without_tensorflow():
        model = load(*args)
    restarted = _random_states(model)
    # where another Keras made other states (a model pickled by another
    # version), the network still loads, with the states Keras gives it
    if [v.shape for v in restarted] == [np.shape(s) for s in states]:
        for variable, value in zip(restarted, states, strict=True):
            variable.assign(value)
    return model


def standalone_network(network, target_loc, target_scale, levels):
    """A copy of the fitted ``network`` whose outputs are in the units of
    ``y``: the target scaling (``target_loc``, ``target_scale``) folded in,
    with the quantile ``levels`` the network was fitted with (or ``None``).

    A copy: the estimator's training (a warm fit) leaves it as it was, and
    training it leaves the estimator's network as it was."""
    # cloned from its configuration, with its weights in place (``using``);
    # the user's next objects keep their names
    with using(network), serializing_without_tensorflow(), keras_names_kept():
        clone = keras.models.clone_model(network)
        clone.set_weights(network.get_weights())
        # in the precision the network reads them in, whatever the policy now
        inputs = keras.Input(
            shape=clone.input_shape[1:], dtype=network.inputs[0].dtype, name="windows"
        )
        units = TargetUnits(
            target_loc,
            target_scale,
            n_levels=1 if levels is None else len(levels),
            quantiles=levels is not None,
            name="target_units",
        )
        return keras.Model(inputs, units(clone(inputs)), name="skltsm_export")
