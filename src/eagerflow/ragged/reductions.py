"""Reductions of RaggedTensors (tf.reduce_sum/mean/max/min/prod/any/all with ``axis``), written over
the dense padded form (padding with the reduction's identity) so gradients reach the flat values
through the gather that builds it."""
import numpy as np

from .. import dtypes as _dt
from ..ops import reduction as _red
from ..ops.cast import cast, ones_like
from ..ops.shape_ops import expand_dims
from .ragged_tensor import RaggedTensor
from .convert import to_tensor

_ORIGINAL = {"sum": _red.reduce_sum, "prod": _red.reduce_prod, "max": _red.reduce_max,
             "min": _red.reduce_min, "any": _red.reduce_any, "all": _red.reduce_all}


def _identity(kind, dtype):
    np_dt = dtype.as_numpy_dtype
    if kind == "sum":
        return np.zeros((), np_dt)
    if kind == "prod":
        return np.ones((), np_dt)
    if kind == "any":
        return np.array(False)
    if kind == "all":
        return np.array(True)
    if np.dtype(np_dt).kind == "f":
        return np.array(-np.inf if kind == "max" else np.inf, np_dt)
    info = np.iinfo(np_dt)
    return np.array(info.min if kind == "max" else info.max, np_dt)


def _axes(axis, rank):
    if axis is None:
        return list(range(rank))
    if hasattr(axis, "_v"):
        axis = axis._v.tolist()
    axes = [axis] if isinstance(axis, (int, np.integer)) else list(axis)
    out = []
    for a in axes:
        a = int(a)
        if not -rank <= a < rank:
            raise ValueError("axis=%d out of bounds: expected %d<=axis<%d" % (a, -rank, rank))
        out.append(a % rank)
    return sorted(set(out))


def reduce(kind, rt, axis=None, keepdims=False):
    """``kind`` ("sum", "prod", "max", "min", "any", "all") of rt over ``axis``."""
    rank = rt.shape.rank
    axes = _axes(axis, rank)
    if not axes:
        return rt
    if axes == list(range(rank)) and not keepdims:
        return _ORIGINAL[kind](rt.flat_values)
    result = rt
    for a in reversed(axes):  # innermost first: the outer axes keep their meaning
        result = _reduce_one(kind, result, a)
    if keepdims:
        for a in axes:
            result = _expand(result, a)
    return result


def _expand(x, axis):
    if isinstance(x, RaggedTensor):
        if axis == 0:
            raise ValueError("keepdims on axis 0 of a RaggedTensor is not supported")
        return x.with_values(_expand(x.values, axis - 1))
    return expand_dims(x, axis)


def _reduce_one(kind, x, axis):
    fn = _ORIGINAL[kind]
    if not isinstance(x, RaggedTensor):
        return fn(x, axis=axis)
    if axis > 1:  # inside the rows: reduce the values
        return x.with_values(_reduce_one(kind, x.values, axis - 1))
    if isinstance(x.values, RaggedTensor):
        raise NotImplementedError("reducing over axis %d of a RaggedTensor with ragged_rank %d"
                                  % (axis, x.ragged_rank))
    # axis 1 (along each row) or 0 (across the rows): the padded form, padded with the identity
    return fn(to_tensor(x, default_value=_identity(kind, x.dtype)), axis=axis)


def reduce_mean(rt, axis=None, keepdims=False):
    """Sum over count; integer inputs give float64 (as TF's ragged mean)."""
    dt = rt.dtype
    out_dt = dt if dt.is_floating or dt.is_complex else _dt.float64
    total = reduce("sum", rt, axis, keepdims)
    count = reduce("sum", rt.with_flat_values(ones_like(rt.flat_values, dtype=out_dt)), axis,
                   keepdims)
    if out_dt is not dt:
        total = _map(lambda t: cast(t, out_dt), total)
    return _map2(lambda a, b: a / b, total, count)


def _map(fn, x):
    return x.with_flat_values(fn(x.flat_values)) if isinstance(x, RaggedTensor) else fn(x)


def _map2(fn, x, y):
    if isinstance(x, RaggedTensor):
        return x.with_flat_values(fn(x.flat_values, y.flat_values))
    return fn(x, y)


def _public(kind):
    def api(input_tensor, axis=None, keepdims=False, name=None):
        return reduce(kind, input_tensor, axis, keepdims)
    api.__name__ = "reduce_" + kind
    return api


def _mean_api(input_tensor, axis=None, keepdims=False, name=None):
    return reduce_mean(input_tensor, axis, keepdims)


# public name -> the ragged implementation (api.py installs them)
OVERRIDES = {"reduce_" + k: _public(k) for k in _ORIGINAL}
OVERRIDES["reduce_mean"] = _mean_api
