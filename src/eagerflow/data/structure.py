"""Element structures of tf.data: an element is a tensor, or tuples, namedtuples and dicts of
elements (a Python list is a value, converted to one tensor, as in TF). Inside a pipeline an
element travels flat, as a tuple of NumPy arrays in TF's nest order (dict keys sorted); it is
packed into tensors only when the user receives it."""
import numpy as np

import eagerflow as tf
# the no-copy bridges between tensors and the arrays a pipeline passes (never written in place)
from eagerflow.tensor import Tensor, wrap

__all__ = ["normalize", "flatten", "pack", "spec_of", "to_tensors", "to_numpy", "map_specs",
           "array_of"]


def _is_namedtuple(x):
    return isinstance(x, tuple) and hasattr(type(x), "_fields")


def _rebuild(template, items):
    if _is_namedtuple(template):
        return type(template)(*items)
    return tuple(items)


def normalize(value, convert=None):
    """``value`` with each leaf converted to a Tensor (``convert`` overrides the conversion)."""
    if isinstance(value, dict):
        return type(value)((k, normalize(v, convert)) for k, v in value.items())
    if isinstance(value, tuple):
        return _rebuild(value, [normalize(v, convert) for v in value])
    if convert is not None:
        return convert(value)
    return tf.convert_to_tensor(value)


def _keys(d):
    try:
        return sorted(d)
    except TypeError:
        return sorted(d, key=repr)


def flatten(structure, out=None):
    """The leaves in TF's order."""
    if out is None:
        out = []
    if isinstance(structure, dict):
        for k in _keys(structure):
            flatten(structure[k], out)
    elif isinstance(structure, tuple):
        for v in structure:
            flatten(v, out)
    else:
        out.append(structure)
    return out


def pack(structure, flat):
    """``structure`` with its leaves replaced in order by the items of ``flat``."""
    it = iter(flat)

    def build(s):
        if isinstance(s, dict):
            built = {k: build(s[k]) for k in _keys(s)}
            return type(s)((k, built[k]) for k in s)
        if isinstance(s, tuple):
            return _rebuild(s, [build(v) for v in s])
        return next(it)
    return build(structure)


def map_specs(fn, structure):
    """``structure`` with ``fn`` applied to each leaf."""
    return pack(structure, [fn(x) for x in flatten(structure)])


def spec_of(tensor):
    return tf.TensorSpec(tensor.shape, tensor.dtype)


def _string_scalar(b):
    a = np.empty((), dtype=object)
    a[()] = b
    return a


def to_tensors(arrays):
    """Tensors of a flat element's arrays (a string row of an object array is a bytes object)."""
    return [wrap(_string_scalar(a) if type(a) is bytes else a) for a in arrays]


def to_numpy(a):
    """The value ``as_numpy_iterator`` yields for one array (NumPy scalars for rank 0)."""
    if type(a) is bytes:  # a string row of an object array
        return a
    return a[()] if a.ndim == 0 else a


def array_of(tensor):
    """The NumPy array of a tensor, without a copy (strings are TF's object arrays of bytes)."""
    if type(tensor) is Tensor:
        return tensor._v  # the tensor's own immutable storage: a pipeline never writes to it
    return array_of(tf.convert_to_tensor(tensor))
