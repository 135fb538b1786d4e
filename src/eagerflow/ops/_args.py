"""Argument normalisation shared by the op modules (shape, axis and index arguments) and the shape of
TF's error messages."""
import numpy as np

from .. import dtypes as _dt
from ..errors import InvalidArgumentError
from ..tensor import Tensor, convert_to_tensor


def _shape_arg(shape):
    t = type(shape)
    if t is tuple or t is list:  # the common case: Python ints
        for d in shape:
            if type(d) is not int:
                break
        else:
            return tuple(shape)
    if isinstance(shape, Tensor):
        return tuple(int(d) for d in shape._v.reshape(-1))
    if hasattr(shape, "as_list"):
        return tuple(shape.as_list())
    if isinstance(shape, (int, np.integer)):
        return (int(shape),)
    return tuple(int(d) for d in shape)


_INDEX_TYPES = (np.dtype(np.int16), np.dtype(np.int32), np.dtype(np.int64))


def _dims(shape):
    return "[%s]" % ",".join(str(int(d)) for d in shape)


def _err(op, msg):
    return InvalidArgumentError(None, op, "%s [Op:%s]" % (msg, op))


def _int_list(v):
    """A Python/NumPy/Tensor list or scalar of ints -> a list of Python ints."""
    t = type(v)
    if t is list or t is tuple:  # the common case: Python ints
        for d in v:
            if type(d) is not int:
                break
        else:
            return list(v)
    elif t is int:
        return [v]
    if isinstance(v, Tensor):
        v = v._v.tolist()
    elif hasattr(v, "_read"):
        v = v._read()._v.tolist()
    elif isinstance(v, np.ndarray):
        v = v.tolist()
    if isinstance(v, (int, np.integer)):
        return [int(v)]
    return [int(d) for d in v]


def _int_scalar(v):
    if type(v) is int:
        return v
    if isinstance(v, Tensor):
        return int(v._v)
    if hasattr(v, "_read"):
        return int(v._read()._v)
    return int(v)


def _indices(indices, op):
    t = convert_to_tensor(indices)
    if t._v.dtype not in _INDEX_TYPES:
        raise _err(op, "Value for attr 'Tindices' of %s is not in the list of allowed values: "
                   "int16, int32, int64" % t.dtype.name)
    return t


def _out_type(out_type, op):
    dt = _dt.as_dtype(out_type)
    if dt not in (_dt.int32, _dt.int64):
        raise _err(op, "Value for attr 'out_type' of %s is not in the list of allowed values: "
                   "int32, int64" % dt._kernel_word)
    return dt._np
