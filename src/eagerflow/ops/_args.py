"""Argument normalisation shared by the op modules (shape, axis and index arguments) and the shape of
TF's error messages."""
import numpy as np

from .. import dtypes as _dt
from ..errors import InvalidArgumentError
from ..tensor import Tensor, convert_to_tensor


def run_time_shape(shape):
    """A shape argument as the int tensor a graph computes while it runs, when it is not fixed
    at trace time (a graph tensor, or a list holding one: ``[tf.shape(x)[0], 3]``, packed); else
    None (the shape is static: an op's attribute)."""
    if hasattr(shape, "_read"):
        shape = shape._read()
    if type(shape) in (list, tuple) and any(
            isinstance(d, Tensor) and type(d) is not Tensor for d in shape):
        shape = convert_to_tensor(shape, dtype=_dt.int32)
    static = getattr(type(shape), "_static_value", None)
    if static is not None and static(shape) is None and shape._v.dtype.kind in "iu" \
            and shape._v.ndim == 1:
        return shape
    return None


def _host(t):
    """A tensor's value on the host, to build an op's attributes (a shape, an axis, a count). A
    tensor of a graph being traced has one only when it is fixed at trace time; otherwise the op
    would silently keep the trace-time value, so this raises instead."""
    if type(t) is Tensor:
        return t._v
    static = getattr(t, "_static_value", None)
    if static is None:
        return t._v
    v = static()
    if v is None:
        raise NotImplementedError(
            "eagerflow: %s is used where eagerflow needs its value while tracing (a shape, an "
            "axis or a count), but it depends on the function's inputs. Pass it as a Python value "
            "(it then keys the trace) or compute it outside the tf.function." % (t,))
    return v


def _shape_arg(shape):
    """A shape argument (list, tuple, TensorShape, tensor, int) -> a tuple of Python ints."""
    if type(shape) is not list and type(shape) is not tuple and hasattr(shape, "as_list"):
        return tuple(shape.as_list())
    return tuple(_int_list(shape))


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
        v = _host(v).tolist()
    elif hasattr(v, "_read"):
        v = _host(v._read()).tolist()
    elif isinstance(v, np.ndarray):
        v = v.tolist()
    if isinstance(v, (int, np.integer)):
        return [int(v)]
    return [int(d) for d in v]


def _int_scalar(v):
    if type(v) is int:
        return v
    if isinstance(v, Tensor):
        return int(_host(v))
    if hasattr(v, "_read"):
        return int(_host(v._read()))
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


# -- index-like arguments (shape, axis, perm, multiples, paddings ...): TF's conversion and errors

_INDEX_OK = (np.dtype(np.int32), np.dtype(np.int64))


def _attr_error(op, attr, dt, allowed="int32, int64"):
    return _err(op, "Value for attr '%s' of %s is not in the list of allowed values: %s\n\t; "
                "NodeDef: {{node %s}}" % (attr, _dt.as_dtype(dt)._kernel_word, allowed, op))


def _index_array(v, op, attr, hint=False):
    """TF's conversion of an index-like argument to an int32/int64 tensor, as its ndarray: a
    Tensor/Variable/NumPy array of another dtype, a string, a float list ... raise TF's attr error
    (``attr``: the op's type attr, e.g. 'Tshape'); None and mixed lists TF's conversion errors.
    ``hint``: the op converts a Python float/complex scalar with dtype int32 (TypeError "Cannot
    convert 1.5 to EagerTensor of dtype int32"). An empty list is an int32 vector."""
    if isinstance(v, Tensor):
        a = _host(v)
    elif hasattr(v, "_read"):
        a = _host(v._read())
    else:
        if type(v) in (list, tuple) and not v:
            return np.zeros((0,), np.int32)
        if isinstance(v, (np.ndarray, np.generic)) and v.dtype.kind in "biuf" and \
                v.dtype not in _INDEX_OK:
            return np.asarray(v).astype(np.int32)  # TF casts NumPy values to the default dtype
        if hint and type(v) is bool:
            return np.array(int(v), np.int32)
        if hint and isinstance(v, (float, complex, np.floating, np.complexfloating)):
            raise TypeError("Cannot convert %r to EagerTensor of dtype int32" % (v,))
        a = convert_to_tensor(v)._v
        if hint and a.dtype == np.bool_:  # Python bools convert with dtype int32
            a = a.astype(np.int32)
    if a.dtype not in _INDEX_OK:
        raise _attr_error(op, attr, a.dtype)
    return a


def _index_list(v, op, attr, hint=False, rank_msg=None, scalar_ok=True):
    """An index-like vector (or scalar) argument -> list of Python ints, TF's errors; ``rank_msg``
    (with one %s for the shape): the op's error for an argument of rank > 1 (or 0 unless
    ``scalar_ok``)."""
    t = type(v)
    if t is list or t is tuple:  # the common case: Python ints
        for d in v:
            if type(d) is not int:
                break
        else:
            return list(v)
    elif t is int and scalar_ok:
        return [v]
    a = _index_array(v, op, attr, hint)
    if rank_msg is not None and (a.ndim > 1 or not (a.ndim or scalar_ok)):
        raise _err(op, rank_msg % _dims(a.shape))
    return a.reshape(-1).tolist()


def _index_scalar(v, op, attr, hint=False, msg="axis must be scalar", one_ok=False):
    """An index-like scalar argument (an axis) -> Python int, TF's errors; ``msg``: the op's error
    for a non-scalar; ``one_ok``: a 1-element vector is taken (as some TF kernels do)."""
    if type(v) is int:
        return v
    a = _index_array(v, op, attr, hint)
    if a.ndim:
        if not one_ok or a.size != 1:
            raise _err(op, msg)
        a = a.reshape(())
    return int(a)
