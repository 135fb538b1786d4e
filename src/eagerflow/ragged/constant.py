"""tf.ragged.constant (nested Python lists -> RaggedTensor) and tf.ragged.range."""
import numpy as np

from .. import dtypes as _dt
from ..tensor import Tensor, constant as _constant, convert_to_tensor
from ..ops.shape_ops import reshape
from .ragged_tensor import RaggedTensor, _wrap_ints


def _is_list(x):
    return isinstance(x, (list, tuple))


def _depths(x, depth, found, max_list):
    """Collects the nesting depths of the scalars of ``x`` (and the deepest list's depth)."""
    if _is_list(x) or isinstance(x, np.ndarray) and x.ndim > 0:
        max_list[0] = max(max_list[0], depth + 1)
        for item in x:
            _depths(item, depth + 1, found, max_list)
    else:
        found.add(depth)


def constant(pylist, dtype=None, ragged_rank=None, inner_shape=None, name=None,
             row_splits_dtype=_dt.int64):
    """A RaggedTensor (or a Tensor when nothing is ragged) from a nested Python list."""
    dt = _dt.as_dtype(dtype) if dtype is not None else None
    splits_dt = _dt.as_dtype(row_splits_dtype)
    if isinstance(pylist, (Tensor, RaggedTensor)):
        raise TypeError("pylist may not be a Tensor or RaggedTensor")
    if not _is_list(pylist):
        if ragged_rank is not None and ragged_rank != 0:
            raise ValueError("Invalid pylist=%r: incompatible with ragged_rank=%d" % (
                pylist, ragged_rank))
        return _constant(pylist, dt)
    found, max_list = set(), [0]
    _depths(pylist, 0, found, max_list)
    if len(found) > 1:
        raise ValueError("all scalar values must have the same nesting depth")
    has_scalars = bool(found)
    if has_scalars:
        depth = found.pop()
    else:  # no scalars: every list is empty
        depth = max(max_list[0], 1 + (ragged_rank or 0) + len(inner_shape or ()))
    if ragged_rank is None:
        ragged_rank = max(0, depth - 1 - (len(inner_shape) if inner_shape is not None else 0))
    if ragged_rank < 0:
        raise ValueError("Invalid ragged_rank=%r: must be nonnegative" % (ragged_rank,))
    if has_scalars and depth <= ragged_rank:
        raise ValueError("pylist has scalar values depth %d, but ragged_rank=%d requires scalar "
                         "value depth greater than %d" % (depth, ragged_rank, ragged_rank))
    # the rows of each ragged level, outermost first
    level = list(pylist)
    nested_lengths = []
    for _ in range(ragged_rank):
        lengths = [len(x) for x in level]
        nested_lengths.append(lengths)
        level = [item for x in level for item in x]
    inner = list(inner_shape) if inner_shape is not None else None
    if level:
        values = _constant(level, dt)
        if inner is not None and list(values.shape.as_list()[1:]) != inner:
            values = reshape(values, [-1] + inner)
    else:
        values = _empty_values(dt, depth, ragged_rank, inner)
    result = values
    for lengths in reversed(nested_lengths):
        splits = np.concatenate([[0], np.cumsum(lengths, dtype=np.int64)])
        result = RaggedTensor._make(result, _wrap_ints(splits, splits_dt))
    return result


def _empty_values(dt, depth, ragged_rank, inner):
    if inner is None:
        inner = [0] * max(0, depth - ragged_rank - 1)
    np_dt = (dt or _dt.float32).as_numpy_dtype
    return convert_to_tensor(np.zeros([0] + list(inner), np_dt) if np_dt is not object else
                             np.zeros([0] + list(inner), object))


def ragged_range(starts, limits=None, deltas=1, dtype=None, name=None,
                 row_splits_dtype=_dt.int64):
    """Row i is ``range(starts[i], limits[i], deltas[i])`` (scalars broadcast)."""
    if limits is None:
        starts, limits = 0, starts
    s, l, d = (convert_to_tensor(v, dtype=dtype) for v in (starts, limits, deltas)) \
        if dtype is not None else _matched(starts, limits, deltas)
    s, l, d = np.broadcast_arrays(s._v, l._v, d._v)
    if s.ndim > 1:
        raise ValueError("starts, limits and deltas must be scalars or vectors")
    s, l, d = np.atleast_1d(s), np.atleast_1d(l), np.atleast_1d(d)
    if (d == 0).any():
        from ..errors import InvalidArgumentError
        raise InvalidArgumentError(None, "RaggedRange", "Requires delta != 0 [Op:RaggedRange]")
    rows = [np.arange(a, b, c, dtype=s.dtype) for a, b, c in zip(s, l, d)]
    lengths = [len(r) for r in rows]
    values = np.concatenate(rows) if rows else np.zeros(0, s.dtype)
    splits = np.concatenate([[0], np.cumsum(lengths, dtype=np.int64)])
    return RaggedTensor._make(convert_to_tensor(values.astype(s.dtype)),
                              _wrap_ints(splits, _dt.as_dtype(row_splits_dtype)))


def _matched(*args):
    """TF's range dtype rule: the widest of the arguments' types."""
    ts = [convert_to_tensor(a) for a in args]
    order = [_dt.int32, _dt.int64, _dt.float32, _dt.float64]
    best = max((t.dtype for t in ts), key=lambda d: order.index(d) if d in order else -1)
    from ..ops.cast import cast
    return [t if t.dtype is best else cast(t, best) for t in ts]
