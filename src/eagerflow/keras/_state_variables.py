"""Non-trainable state of optimizers and metrics: Keras variables named as Keras 3 names them,
and Keras' automatic object names (``adam``, ``adam_1``, ... ``rm_sprop``).

State variables are ``keras.Variable``s (backend.py: eagerflow ``tf.Variable``s with Keras' short
``name`` and scoped ``path``) made inside a name scope of their owner, so ``path`` reads
"adam/iteration" or "precision/true_positives", and ``assign`` becomes a graph op inside
``tf.function``.
"""
from . import backend


def snake_case(name):
    """Keras' class-name-to-object-name rule: ``RMSprop`` -> ``rm_sprop``, ``AdamW`` -> ``adam_w``."""
    return backend.to_snake_case(name)


def auto_name(base):
    """``base`` the first time, then ``base_1``, ``base_2`` ... (Keras' per-process counters,
    reset by ``tf.keras.backend.clear_session()``)."""
    return backend.unique_name(base)


def state_variable(value, dtype, owner, name):
    """A non-trainable ``keras.Variable`` at path ``<owner>/<name>`` (or ``name`` without owner)."""
    if owner is None:
        return backend.Variable(value, dtype=dtype, trainable=False, name=name)
    with backend.name_scope(owner):
        return backend.Variable(value, dtype=dtype, trainable=False, name=name)


def reference_name(variable):
    """The prefix Keras gives state made for ``variable``: its path (or TF name) with '/' and ':'
    turned into '_' (``dense/kernel`` -> ``dense_kernel``, ``kernel:0`` -> ``kernel_0``)."""
    path = getattr(variable, "path", None)
    if path is not None:
        return str(path).replace("/", "_")
    return str(variable.name).replace("/", "_").replace(":", "_")
