"""Non-trainable state of optimizers and metrics: variables with Keras 3's ``name`` / ``path``,
and Keras' automatic object names (``adam``, ``adam_1``, ... ``rm_sprop``).

A ``StateVariable`` is an eagerflow ``tf.Variable`` (so ``assign`` goes through the engine and
becomes a graph op inside ``tf.function``) that also answers Keras 3's ``path`` ("adam/iteration")
and prints as Keras' Variable does.
"""
import re
import collections

import numpy as np

import eagerflow as tf

_NAME_COUNTS = collections.Counter()


def snake_case(name):
    """Keras' class-name-to-object-name rule: ``RMSprop`` -> ``rm_sprop``, ``AdamW`` -> ``adam_w``."""
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def auto_name(base):
    """``base`` the first time, then ``base_1``, ``base_2`` ... (one counter per process)."""
    n = _NAME_COUNTS[base]
    _NAME_COUNTS[base] += 1
    return base if n == 0 else "%s_%d" % (base, n)


class StateVariable(tf.Variable):
    """A variable named like Keras 3's: ``name`` is the last part of ``path``."""

    __slots__ = ("_path",)

    def __init__(self, initial_value, dtype, path, trainable=False):
        super().__init__(initial_value, trainable=trainable, dtype=dtype, name=path)
        self._path = path

    name = property(lambda self: self._path.rsplit("/", 1)[-1])
    path = property(lambda self: self._path)

    def __repr__(self):
        value = self.numpy()
        value = value.item() if np.ndim(value) == 0 else value
        return "<Variable path=%s, shape=%s, dtype=%s, value=%s>" % (
            self._path, tuple(self.shape.as_list()), self.dtype.name, value)


def reference_name(variable):
    """The prefix Keras gives state made for ``variable``: its path (or TF name) with '/' and ':'
    turned into '_' (``dense/kernel`` -> ``dense_kernel``, ``kernel:0`` -> ``kernel_0``)."""
    path = getattr(variable, "path", None)
    if path is not None:
        return str(path).replace("/", "_")
    return str(variable.name).replace("/", "_").replace(":", "_")
