"""tf.keras.utils: Progbar, to_categorical, set_random_seed."""
import random as _random

import numpy as np

from .progbar import Progbar

__all__ = ["Progbar", "to_categorical", "set_random_seed"]


def to_categorical(x, num_classes=None):
    """Integer class labels -> one-hot float64 rows (a trailing dim of 1 is dropped, as Keras)."""
    x = np.asarray(x, dtype="int64")
    shape = x.shape
    if len(shape) > 1 and shape[-1] == 1:
        shape = shape[:-1]
    x = x.reshape(-1)
    if num_classes is None:
        num_classes = int(x.max()) + 1 if x.size else 0
    out = np.zeros((x.size, num_classes))
    out[np.arange(x.size), x] = 1
    return out.reshape(shape + (num_classes,))


def set_random_seed(seed):
    """Seeds Python's ``random``, NumPy's global generator and eagerflow's ``tf.random``."""
    if not isinstance(seed, int):
        raise ValueError("Expected `seed` argument to be an integer. Received: seed=%s" % (seed,))
    import eagerflow as tf
    _random.seed(seed)
    np.random.seed(seed)
    tf.random.set_seed(seed)
