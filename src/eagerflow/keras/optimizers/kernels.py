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


class SlicesMath(TensorMath):
    """The math for an IndexedSlices gradient, as Keras 3's sparse-aware ops on TF compute it:
    ``read`` gives the dense gradient (repeated indices add up), while ``square`` of that gradient
    squares each slice before adding (Adam's, RMSprop's, Adagrad's second moments)."""

    __slots__ = ("_slices", "_g", "_g2")

    def __init__(self, dtype, slices):
        super().__init__(dtype)
        values = tf.cast(slices.values, self.dtype)
        self._slices = slices
        self._g = tf.convert_to_tensor(tf.IndexedSlices(values, slices.indices,
                                                        slices.dense_shape))
        self._g2 = tf.convert_to_tensor(tf.IndexedSlices(tf.square(values), slices.indices,
                                                         slices.dense_shape))

    def read(self, variable):
        return self._g if variable is self._slices else TensorMath.read(self, variable)

    def square(self, x):
        return self._g2 if x is self._g else tf.square(x)
