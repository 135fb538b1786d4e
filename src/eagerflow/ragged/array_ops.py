"""Shape and gathering ops on RaggedTensors: concat, stack, gather, tile, reverse, size, rank,
boolean_mask, embedding_lookup, and tf.ragged.map_flat_values / tf.ragged.stack."""
import numpy as np

from .. import dtypes as _dt
from ..tensor import Tensor, convert_to_tensor
from ..ops import shape_ops as _shape_ops
from ..ops.nn import embedding_lookup as _embedding_lookup
from .ragged_tensor import RaggedTensor, _wrap_ints, _rowids
from .convert import from_tensor
from .elementwise import _same_partitions
from .indexing import gather_rows


def _as_ragged(x, ragged_rank, splits_dtype):
    """A Tensor (or a value that converts to one) as a RaggedTensor of the given ragged rank."""
    if isinstance(x, RaggedTensor):
        if x.ragged_rank != ragged_rank:
            raise ValueError("all inputs must have the same ragged_rank (%d vs. %d)" % (
                x.ragged_rank, ragged_rank))
        return x
    return from_tensor(convert_to_tensor(x), ragged_rank=ragged_rank,
                       row_splits_dtype=splits_dtype)


def _inputs(values):
    values = list(values)
    first = next(v for v in values if isinstance(v, RaggedTensor))
    rr = max(v.ragged_rank for v in values if isinstance(v, RaggedTensor))
    return [_as_ragged(v, rr, first.row_splits_dtype) for v in values]


def _concat0(values):
    """Rows of every input, one after another."""
    inner = values[0]._values
    if isinstance(inner, RaggedTensor):
        flat = _concat0([v._values for v in values])
    else:
        flat = _shape_ops.concat([v._values for v in values], 0)
    splits, offset = [np.zeros(1, np.int64)], 0
    for v in values:
        s = v._row_splits._v.astype(np.int64)
        splits.append(s[1:] + offset)
        offset += int(s[-1])
    return RaggedTensor._make(flat, _wrap_ints(np.concatenate(splits), values[0].row_splits_dtype))


def _concat1(values):
    """Row i is the rows i of every input, joined."""
    n = values[0]._nrows()
    for v in values[1:]:
        if v._nrows() != n:
            from ..errors import InvalidArgumentError
            raise InvalidArgumentError(None, "RaggedConcat", "Input tensors at index 0 (=x) and "
                                       "%d (=y) have incompatible shapes." % values.index(v))
    joined = _concat0(values)  # all rows stacked; then row i of each input brought together
    rows = [np.arange(n) + k * n for k in range(len(values))]
    order = np.stack(rows, axis=1).reshape(-1)  # row 0 of each input, then row 1 ...
    lengths = np.stack([np.diff(v._row_splits._v) for v in values], axis=1).sum(axis=1)
    picked = gather_rows(joined, order)
    splits = np.concatenate([[0], np.cumsum(lengths)])
    return RaggedTensor._make(picked._values, _wrap_ints(splits, values[0].row_splits_dtype))


def concat(values, axis, name="concat"):
    """tf.concat of RaggedTensors (and dense tensors, taken as ragged)."""
    values = _inputs(values)
    rank = values[0].shape.rank
    axis = int(axis)
    if axis < 0:
        axis += rank
    if not 0 <= axis < rank:
        raise ValueError("axis=%d out of bounds: expected %d<=axis<%d" % (axis, -rank, rank))
    if len(values) == 1:
        return values[0]
    if axis == 0:
        return _concat0(values)
    if axis == 1:
        return _concat1(values)
    for v in values[1:]:
        _same_partitions(values[0], RaggedTensor._make(v._values, v._row_splits))
    inner = values[0]._values
    parts = [v._values for v in values]
    joined = concat(parts, axis - 1) if isinstance(inner, RaggedTensor) else \
        _shape_ops.concat(parts, axis - 1)
    return values[0].with_values(joined)


def stack(values, axis=0, name="stack"):
    """tf.stack of RaggedTensors: a new dimension of size len(values) at ``axis``."""
    values = _inputs(values)
    rank = values[0].shape.rank
    axis = int(axis)
    if axis < 0:
        axis += rank + 1
    if axis == 0:
        expanded = [RaggedTensor._make(v, _wrap_ints([0, v._nrows()], v.row_splits_dtype))
                    for v in values]
        return _concat0(expanded)
    if axis == 1:
        expanded = [RaggedTensor._make(v, _wrap_ints(np.arange(v._nrows() + 1),
                                                     v.row_splits_dtype)) for v in values]
        return _concat1(expanded)
    raise NotImplementedError("stack of RaggedTensors along axis %d" % axis)


def gather(params, indices, validate_indices=None, axis=None, batch_dims=0, name=None):
    """Rows of a RaggedTensor by index (indices a Tensor or list; a ragged index keeps rows)."""
    if isinstance(indices, RaggedTensor):
        return indices.with_flat_values(gather(params, indices.flat_values))
    if not isinstance(params, RaggedTensor):
        from ..ops.gather_scatter import gather as dense_gather
        return dense_gather(params, indices, validate_indices, axis, batch_dims, name)
    if axis not in (None, 0) or batch_dims:
        raise NotImplementedError("gather from a RaggedTensor along axis %r" % (axis,))
    idx = np.asarray(convert_to_tensor(indices)._v, np.int64)
    n = params._nrows()
    if ((idx < -n) | (idx >= n)).any():
        from ..errors import InvalidArgumentError
        raise InvalidArgumentError(None, "GatherV2", "indices = %d is not in [0, %d)" % (
            idx[(idx < -n) | (idx >= n)][0], n))
    flat = gather_rows(params, idx.reshape(-1) % n)
    if idx.ndim <= 1:
        return flat if idx.ndim == 1 else _row(params, int(idx) % n)
    for d in reversed(idx.shape[1:]):  # more index dimensions: uniform partitions around
        flat = RaggedTensor._make(flat, _wrap_ints(np.arange(flat._nrows() // d + 1) * d,
                                                   params.row_splits_dtype))
    return flat


def _row(rt, i):
    return rt[i]


def tile(input, multiples, name=None):
    """tf.tile of a RaggedTensor (ragged_rank 1)."""
    rt = input
    m = [int(v) for v in np.asarray(convert_to_tensor(multiples)._v).reshape(-1)]
    if len(m) != rt.shape.rank:
        raise ValueError("multiples must have one entry per dimension")
    if rt.ragged_rank != 1:
        raise NotImplementedError("tile of a RaggedTensor with ragged_rank > 1")
    splits = rt._row_splits._v.astype(np.int64)
    lengths = np.diff(splits)
    # within each row: the row's values m[1] times
    index = np.concatenate([np.tile(np.arange(s, e), m[1]) for s, e in
                            zip(splits[:-1], splits[1:])]) if len(lengths) else np.zeros(0, int)
    values = gather_rows(rt._values, index.astype(np.int64))
    if len(m) > 2 and any(v != 1 for v in m[2:]):
        values = _shape_ops.tile(values, [1] + m[2:])
    row_splits = np.concatenate([[0], np.cumsum(lengths * m[1])])
    out = RaggedTensor._make(values, _wrap_ints(row_splits, rt.row_splits_dtype))
    if m[0] != 1:
        out = gather_rows(out, np.tile(np.arange(rt._nrows()), m[0]))
    return out


def reverse(tensor, axis, name=None):
    """tf.reverse of a RaggedTensor along the given axes."""
    rt = tensor
    axes = [int(a) for a in np.asarray(convert_to_tensor(axis)._v).reshape(-1)]
    rank = rt.shape.rank
    for a in sorted({a % rank for a in axes}):
        rt = _reverse_one(rt, a)
    return rt


def _reverse_one(rt, axis):
    if not isinstance(rt, RaggedTensor):
        return _shape_ops_reverse(rt, axis)
    if axis == 0:
        return gather_rows(rt, np.arange(rt._nrows())[::-1])
    if axis == 1:
        splits = rt._row_splits._v.astype(np.int64)
        ids = _rowids(splits)
        pos = np.arange(splits[-1])
        index = splits[:-1][ids] + splits[1:][ids] - 1 - pos
        return rt.with_values(gather_rows(rt._values, index))
    return rt.with_values(_reverse_one(rt._values, axis - 1))


def _shape_ops_reverse(t, axis):
    from ..ops.pad_slice import reverse as dense_reverse
    return dense_reverse(t, [axis])


def size(input, out_type=None, name=None):
    """The number of values."""
    n = int(np.prod(input.flat_values._v.shape))
    return _wrap_ints(n, _dt.as_dtype(out_type) if out_type is not None else _dt.int32)


def rank(input, name=None):
    return _wrap_ints(input.shape.rank, _dt.int32)


def boolean_mask(data, mask, name=None):
    """tf.ragged.boolean_mask: the values of ``data`` where ``mask`` is true; the masked
    dimensions become ragged."""
    if isinstance(mask, RaggedTensor):
        if not isinstance(data, RaggedTensor):
            data = from_tensor(data, ragged_rank=mask.ragged_rank)
        _same_partitions(data, mask)
        keep = np.asarray(mask.flat_values._v, bool)
        inner = _flat_mask(data.flat_values, keep)
        return _refit(data, keep, inner)
    mask = convert_to_tensor(mask)
    m = np.asarray(mask._v, bool)
    if m.ndim == 1:
        if isinstance(data, RaggedTensor):
            return gather_rows(data, np.nonzero(m)[0])
        return _flat_mask(convert_to_tensor(data), m)
    ragged = data if isinstance(data, RaggedTensor) else from_tensor(
        convert_to_tensor(data), ragged_rank=m.ndim - 1)
    dense_mask = from_tensor(mask, ragged_rank=m.ndim - 1)
    return boolean_mask(ragged, dense_mask)


def _flat_mask(t, keep):
    from ..ops.gather_scatter import gather as dense_gather
    return dense_gather(t, convert_to_tensor(np.nonzero(keep)[0].astype(np.int64)))


def _refit(rt, keep, flat):
    """rt's partitions with the values where ``keep`` (one flag per flat value) is false removed."""
    if not isinstance(rt, RaggedTensor):
        return flat
    kept_per_value = keep
    levels = list(rt.nested_row_splits)
    new_splits = []
    for splits in reversed(levels):
        ids = _rowids(splits._v)
        counts = np.bincount(ids, weights=kept_per_value.astype(np.int64),
                             minlength=splits._v.shape[0] - 1).astype(np.int64)
        new_splits.append(_wrap_ints(np.concatenate([[0], np.cumsum(counts)]), splits.dtype))
        kept_per_value = np.ones(splits._v.shape[0] - 1, bool)
    out = flat
    for s in new_splits:
        out = RaggedTensor._make(out, s)
    return out


def embedding_lookup(params, ids, max_norm=None, name=None):
    """Embeddings of ragged ids: the same partitions over the looked-up rows."""
    return ids.with_flat_values(_embedding_lookup(params, ids.flat_values, max_norm))


def map_flat_values(op, *args, **kwargs):
    """``op`` on the flat values of the RaggedTensor arguments (partitions must agree); the result
    takes their partitions."""
    template = []

    def swap(x):
        if isinstance(x, RaggedTensor):
            if template:
                _same_partitions(template[0], x)
            else:
                template.append(x)
            return x.flat_values
        if isinstance(x, (list, tuple)):
            return type(x)(swap(v) for v in x)
        if isinstance(x, dict):
            return {k: swap(v) for k, v in x.items()}
        return x
    flat_args = swap(list(args))
    flat_kwargs = swap(kwargs)
    result = op(*flat_args, **flat_kwargs)
    if not template:
        return result
    n = template[0].flat_values._v.shape[0]
    if isinstance(result, Tensor) and result._v.ndim and result._v.shape[0] != n:
        raise ValueError("tf.ragged.map_flat_values requires that the output of `op` have the "
                         "outermost dimension as the input RaggedTensor flat_values (%d vs. %d)"
                         % (result._v.shape[0], n))
    return template[0].with_flat_values(result)


def ragged_stack(values, axis=0, name=None):
    """tf.ragged.stack: stacks tensors or RaggedTensors; the result is always ragged."""
    values = list(values)
    if not any(isinstance(v, RaggedTensor) for v in values):
        values = [from_tensor(convert_to_tensor(v)) if convert_to_tensor(v).shape.rank > 1
                  else convert_to_tensor(v) for v in values]
        if not isinstance(values[0], RaggedTensor):  # vectors: one row each
            lengths = [v._v.shape[0] for v in values]
            return RaggedTensor._make(_shape_ops.concat(values, 0), _wrap_ints(
                np.concatenate([[0], np.cumsum(lengths)]), _dt.int64))
    return stack(values, axis)


def strings_join(inputs, separator="", name=None):
    """tf.strings.join of RaggedTensors (and dense strings): elementwise over the flat values."""
    from .._export import NAMESPACES
    from .elementwise import flat_operands
    inputs = list(inputs)
    template, flat = flat_operands(inputs)
    return template.with_flat_values(NAMESPACES["strings"]["join"](flat, separator=separator))
