"""Merge layers over a list of inputs: Add, Subtract, Multiply, Average, Maximum, Minimum,
Concatenate."""
import eagerflow as tf
from .layer import Layer


def _broadcast_shape(a, b):
    """The broadcast of two shapes' non-batch dims (None = unknown), Keras' error otherwise."""
    a, b = tuple(a), tuple(b)
    n = max(len(a), len(b))
    a, b = (1,) * (n - len(a)) + a, (1,) * (n - len(b)) + b
    out = []
    for x, y in zip(a, b):
        if x is None or y is None:
            out.append(None if x in (None, 1) and y in (None, 1) else (x or y))
        elif x == 1 or y == 1 or x == y:
            out.append(max(x, y) if 1 in (x, y) else x)
        else:
            raise ValueError("Inputs have incompatible shapes. Received shapes %s and %s"
                             % (a, b))
    return tuple(out)


class Merge(Layer):
    """Base: checks that it gets a list of inputs of compatible shapes; ``_merge`` combines."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def build(self, input_shape):
        if not isinstance(input_shape[0], (list, tuple)):
            raise ValueError("A merge layer should be called on a list of inputs. Received: "
                             "input_shape=%s (not a list of shapes)" % (tuple(input_shape),))
        shape = tuple(input_shape[0][1:])
        for s in input_shape[1:]:
            shape = _broadcast_shape(shape, tuple(s[1:]))
        self.built = True

    def call(self, inputs):
        out = inputs[0]
        for x in inputs[1:]:
            out = self._merge(out, x)
        return out

    def compute_mask(self, inputs, mask=None):
        if mask is None or not isinstance(mask, (list, tuple)):
            return None
        masks = [m for m in mask if m is not None]
        if not masks:
            return None
        out = masks[0]
        for m in masks[1:]:
            out = tf.logical_and(out, m)
        return out

    def compute_output_shape(self, input_shape):
        shape = tuple(input_shape[0][1:])
        for s in input_shape[1:]:
            shape = _broadcast_shape(shape, tuple(s[1:]))
        batch = [s[0] for s in input_shape if s[0] is not None]
        return (batch[0] if batch else None,) + shape


class Add(Merge):
    def _merge(self, a, b):
        return a + b


class Multiply(Merge):
    def _merge(self, a, b):
        return a * b


class Maximum(Merge):
    def _merge(self, a, b):
        return tf.maximum(a, b)


class Minimum(Merge):
    def _merge(self, a, b):
        return tf.minimum(a, b)


class Average(Merge):
    def call(self, inputs):
        return Merge.call(self, inputs) / float(len(inputs))

    def _merge(self, a, b):
        return a + b


class Subtract(Merge):
    def build(self, input_shape):
        super().build(input_shape)
        if len(input_shape) != 2:
            raise ValueError("A `Subtract` layer should be called on exactly 2 inputs. "
                             "Received: input_shape=%s" % ([tuple(s) for s in input_shape],))

    def _merge(self, a, b):
        return a - b


class Concatenate(Merge):
    """Concatenates a list of inputs along ``axis``."""

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def build(self, input_shape):
        if not isinstance(input_shape[0], (list, tuple)) or len(input_shape) < 1:
            raise ValueError("A `Concatenate` layer should be called on a list of at least 1 "
                             "input. Received: input_shape=%s" % (input_shape,))
        shapes = [tuple(s) for s in input_shape]
        rank = len(shapes[0])
        axis = self.axis % rank if rank else 0
        for s in shapes:
            ok = len(s) == rank and all(a is None or b is None or a == b
                                        for i, (a, b) in enumerate(zip(s, shapes[0]))
                                        if i != axis)
            if not ok:
                raise ValueError("A `Concatenate` layer requires inputs with matching shapes "
                                 "except for the concatenation axis. Received: input_shape=%s"
                                 % (shapes,))
        self.built = True

    def call(self, inputs):
        return tf.concat(list(inputs), axis=self.axis)

    def compute_output_shape(self, input_shape):
        shapes = [tuple(s) for s in input_shape]
        out = list(shapes[0])
        axis = self.axis % len(out)
        sizes = [s[axis] for s in shapes]
        out[axis] = None if None in sizes else sum(sizes)
        for i in range(len(out)):
            if out[i] is None and i != axis:
                known = [s[i] for s in shapes if s[i] is not None]
                out[i] = known[0] if known else None
        return tuple(out)

    def get_config(self):
        config = super().get_config()
        config["axis"] = self.axis
        return config


def add(inputs, **kwargs):
    return Add(**kwargs)(inputs)


def concatenate(inputs, axis=-1, **kwargs):
    return Concatenate(axis=axis, **kwargs)(inputs)
