"""Reductions of RaggedTensors (tf.reduce_sum/mean/max/min/prod/any/all with ``axis``). Along the
rows (axis 1) or across them (axis 0) of a ragged rank 1 tensor they are TF's: one
unsorted-segment reduction of the flat values (segment ids: each value's row, or its position in
its row), so gradients reach the flat values through the segment op's rule and an empty row gets
the segment op's value (the dtype's lowest for max, as TF). Axes inside the rows reduce the values;
axes 0 and 1 of a tensor with ragged rank 2 or more are not supported yet."""
import numpy as np

from .. import dtypes as _dt
from ..ops import reduction as _red
from ..ops.cast import cast, ones_like
from ..ops.shape_ops import expand_dims
from ..ops import segment as _seg
from ..ops.comparison import greater as _greater
from .ragged_tensor import RaggedTensor, _rowids

# kind -> the unsorted segment reduction (any/all: max/min of the values as int32, then > 0)
_SEGMENT = {"sum": _seg.unsorted_segment_sum, "prod": _seg.unsorted_segment_prod,
            "max": _seg.unsorted_segment_max, "min": _seg.unsorted_segment_min,
            "any": _seg.unsorted_segment_max, "all": _seg.unsorted_segment_min}
_ORIGINAL = {"sum": _red.reduce_sum, "prod": _red.reduce_prod, "max": _red.reduce_max,
             "min": _red.reduce_min, "any": _red.reduce_any, "all": _red.reduce_all}


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
    # axis 1 (along each row) or 0 (across the rows): one segment reduction of the values
    splits = x._row_splits._v
    rowids = _rowids(splits)
    if axis == 1:
        ids, n = rowids, splits.shape[0] - 1
    else:  # each value's position in its row; as many segments as the longest row
        ids = np.arange(splits[-1], dtype=splits.dtype) - splits[:-1][rowids]
        n = int(np.diff(splits).max()) if splits.shape[0] > 1 else 0
    values = x._values
    if kind in ("any", "all"):
        # as 0/1 values; an empty row's lowest (any) or highest (all) int32 reads False/True
        return _greater(_SEGMENT[kind](cast(values, _dt.int32), ids, n), 0)
    return _SEGMENT[kind](values, ids, n)


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
