"""The two ways an optimizer's update formula runs, written once against this small interface.

Each optimizer writes its update once, as ``_update(K, g, x, slots, lr, step)`` over values and
the math ``K`` offers (``sqrt``, ``square``, ``maximum``, ``power``, ``c`` for a constant in the
variable's dtype). It runs with:

- ``NumpyMath`` when executing eagerly: values are the variables' NumPy arrays, the arithmetic is
  plain NumPy in the variable's dtype, and the results are written back with ``Variable.assign``
  (one engine write per variable; no per-op dispatch in between).
- ``TensorMath`` inside a ``tf.function`` trace: values are tensors and every step is an eagerflow
  op, so the update becomes graph ops on the variables.
Both give the same float32 arithmetic, in the same order as Keras 3's formulas.
"""
import numpy as np

import eagerflow as tf


def array_of(value):
    """The NumPy array behind a tensor or variable (no copy where the engine allows)."""
    return tf.convert_to_tensor(value)._numpy()


class NumpyMath:
    """Eager path: NumPy arithmetic in the variable's dtype."""

    __slots__ = ("dtype",)
    sqrt = staticmethod(np.sqrt)
    square = staticmethod(np.square)
    maximum = staticmethod(np.maximum)
    power = staticmethod(np.power)

    def __init__(self, dtype):
        self.dtype = np.dtype(tf.as_dtype(dtype).as_numpy_dtype)

    def c(self, value):
        """``value`` (a Python number or a tensor) as a scalar of the variable's dtype."""
        if isinstance(value, (int, float)):
            return self.dtype.type(value)
        return np.asarray(array_of(value), self.dtype)

    def read(self, variable):
        arr = array_of(variable)
        return arr if arr.dtype == self.dtype else arr.astype(self.dtype)

    @staticmethod
    def write(variable, value):
        variable.assign(value)


class TensorMath:
    """Graph path: eagerflow ops, recorded into the trace."""

    __slots__ = ("dtype",)
    sqrt = staticmethod(tf.sqrt)
    square = staticmethod(tf.square)
    maximum = staticmethod(tf.maximum)
    power = staticmethod(tf.pow)

    def __init__(self, dtype):
        self.dtype = tf.as_dtype(dtype)

    def c(self, value):
        return tf.cast(value, self.dtype)

    def read(self, variable):
        return tf.cast(tf.convert_to_tensor(variable), self.dtype)

    @staticmethod
    def write(variable, value):
        variable.assign(value)


def math_for(dtype):
    """The math for the current context: NumPy when eager, tensor ops while tracing."""
    return NumpyMath(dtype) if tf.executing_eagerly() else TensorMath(dtype)
