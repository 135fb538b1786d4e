"""The math an optimizer's update formula is written against.

Each optimizer writes its update once, as ``_update(K, g, x, slots, lr, step)`` over values and the
math ``K`` offers (``sqrt``, ``square``, ``maximum``, ``power``, ``c`` for a constant in the
variable's dtype, ``read`` for a variable's value), and returns the new values; the base class
writes them with ``Variable.assign``. The formulas are eagerflow ops, so they become graph ops
inside a ``tf.function`` (and ``Optimizer.apply`` traces its whole step when called eagerly: see
base.py). Keeping the math behind ``K`` lets a later NumPy-level backend reuse every formula.
"""
import eagerflow as tf


def array_of(value):
    """The NumPy array behind a tensor or variable (no copy where the engine allows)."""
    return tf.convert_to_tensor(value)._numpy()


class TensorMath:
    """Eagerflow ops in the variable's dtype."""

    __slots__ = ("dtype",)
    sqrt = staticmethod(tf.sqrt)
    square = staticmethod(tf.square)
    maximum = staticmethod(tf.maximum)
    power = staticmethod(tf.pow)

    def __init__(self, dtype):
        self.dtype = tf.as_dtype(dtype)

    def c(self, value):
        """``value`` (a Python number, tensor or variable) cast to the variable's dtype."""
        return tf.cast(value, self.dtype)

    def read(self, variable):
        return tf.cast(tf.convert_to_tensor(variable), self.dtype)

    @staticmethod
    def write(variable, value):
        variable.assign(value)


math_for = TensorMath
