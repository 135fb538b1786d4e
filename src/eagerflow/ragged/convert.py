"""RaggedTensor <-> dense tensors and Python values: to_tensor, from_tensor, to_list, numpy, and the
printed form (TF's ``<tf.RaggedTensor [[1, 2], [3]]>``)."""
import numpy as np

from .. import dtypes as _dt
from ..tensor import Tensor, convert_to_tensor
from ..ops.gather_scatter import gather
from ..ops.shape_ops import broadcast_to, concat, reshape
from .ragged_tensor import RaggedTensor, bounding_dims, outer_coords, _wrap_ints


def to_tensor(rt, default_value=None, name=None, shape=None):
    """The dense tensor: rows padded with ``default_value`` (zero) to the bounding shape, or cut
    or padded to ``shape`` (None entries take the bounding size)."""
    flat = rt.flat_values
    rr = rt.ragged_rank
    dims = bounding_dims(rt)
    if shape is not None:
        want = shape.as_list() if hasattr(shape, "as_list") else (
            convert_to_tensor(shape)._v.tolist() if isinstance(shape, Tensor) else list(shape))
        if len(want) != len(dims):
            raise ValueError("rank of shape (%d) must match the rank of the ragged tensor (%d)"
                             % (len(want), len(dims)))
        for k in range(rr + 1, len(dims)):
            if want[k] is not None and want[k] != -1 and want[k] != dims[k]:
                raise ValueError("inner dimensions of shape must match the flat values' shape")
        dims = [d if w is None or w == -1 else int(w) for d, w in zip(dims, want)]
    outer = dims[:rr + 1]
    n = flat._v.shape[0]
    coords = outer_coords(rt)
    keep = np.all(coords < np.asarray(outer, dtype=np.intp), axis=1) if coords.size else \
        np.zeros(0, bool)
    index = np.full(outer, n, dtype=np.int64)
    index[tuple(coords[keep].T)] = np.arange(n)[keep]
    pad_shape = [1] + list(flat._v.shape[1:])
    if default_value is None:
        pad = convert_to_tensor(np.zeros(pad_shape, flat._v.dtype) if flat._v.dtype != object
                                else np.full(pad_shape, b"", object))
    else:
        pad = broadcast_to(convert_to_tensor(default_value, dtype=flat.dtype), pad_shape)
    table = concat([flat, pad], 0)
    return gather(table, convert_to_tensor(index))


def from_tensor(tensor, lengths=None, padding=None, ragged_rank=1, name=None,
                row_splits_dtype=_dt.int64):
    """Rows of a dense tensor, cut to ``lengths`` or stripped of trailing ``padding`` (along the
    innermost ragged dimension)."""
    t = convert_to_tensor(tensor)
    dt = _dt.as_dtype(row_splits_dtype)
    if lengths is not None and padding is not None:
        raise ValueError("Specify argument `lengths` or `padding`, but not both.")
    if not isinstance(ragged_rank, int) or ragged_rank < 1:
        raise ValueError("ragged_rank must be a positive integer, got %r" % (ragged_rank,))
    shape = t._v.shape
    if len(shape) <= ragged_rank:
        raise ValueError("Expected a tensor with rank greater than ragged_rank (%d), got shape %s"
                         % (ragged_rank, tuple(shape)))
    if lengths is not None and ragged_rank > 1:
        raise NotImplementedError("from_tensor: lengths with ragged_rank > 1")
    # the innermost ragged dimension over rows of all the outer dimensions together
    outer = int(np.prod(shape[:ragged_rank]))
    rows = reshape(t, [outer] + list(shape[ragged_rank:])) if ragged_rank > 1 else t
    width = shape[ragged_rank]
    inner = list(shape[ragged_rank + 1:])
    flat = reshape(rows, [-1] + inner)
    if lengths is None and padding is None:
        keep = np.full(outer, width, np.int64)
    else:
        keep = _row_lengths(rows._v, lengths, padding, t.dtype)
        index = (np.arange(outer)[:, None] * width + np.arange(width)[None, :])[
            np.arange(width)[None, :] < keep[:, None]]
        flat = gather(flat, convert_to_tensor(index.astype(np.int64)))
    result = RaggedTensor._make(flat, _wrap_ints(np.concatenate([[0], np.cumsum(keep)]), dt))
    for k in range(ragged_rank - 1, 0, -1):  # uniform partitions for the outer dimensions
        n = int(np.prod(shape[:k]))
        result = RaggedTensor._make(result, _wrap_ints(np.arange(n + 1) * shape[k], dt))
    return result


def _row_lengths(a, lengths, padding, dtype):
    width = a.shape[1]
    if lengths is not None:
        return np.minimum(np.asarray(convert_to_tensor(lengths)._v, np.int64), width)
    pad = convert_to_tensor(padding, dtype=dtype)._v
    is_pad = (a == pad).reshape(a.shape[0], width, -1).all(axis=2)
    real = ~is_pad  # a row keeps everything up to its last non-padding value
    last = np.where(real.any(axis=1), width - np.argmax(real[:, ::-1], axis=1), 0)
    return last.astype(np.int64)


def to_list(rt):
    """The nested Python list (strings as bytes, as TF)."""
    def rows(values, splits):
        return [values[splits[i]:splits[i + 1]] for i in range(len(splits) - 1)]

    def build(x):
        if isinstance(x, RaggedTensor):
            return rows(build(x._values), x._row_splits._v)
        return x._v.tolist()
    return build(rt)


def to_numpy(rt):
    """TF's numpy(): a ragged dimension is a 1-D object array of rows (a dimension whose rows all
    have one length is a regular NumPy dimension)."""
    def build(x):
        if not isinstance(x, RaggedTensor):
            return x._v
        values = build(x._values)
        splits = x._row_splits._v
        rows = [values[splits[i]:splits[i + 1]] for i in range(len(splits) - 1)]
        if not rows:
            return np.zeros((0, 0) + values.shape[1:], values.dtype)
        if all(len(r) == len(rows[0]) for r in rows):  # rows of one length: a regular dimension
            return np.stack(rows)
        out = np.empty(len(rows), dtype=object)
        for i, r in enumerate(rows):
            out[i] = r
        return out
    return build(rt)


def _text(x):
    """One value of the printed form: arrays with ", " between items, recursively."""
    if isinstance(x, np.ndarray):
        if x.size == 0:
            return repr(x.tolist())
        return np.array2string(x, separator=", ")
    return str(x)


def to_text(rt):
    with np.printoptions(formatter={"all": _text}):
        return _text(to_numpy(rt))


def print_text(rt):
    """tf.print's form: nested lists, items separated by ", "."""
    from ..ops.misc import _fmt_array

    def rec(x):
        if isinstance(x, list):
            return "[" + ", ".join(rec(v) for v in x) + "]"
        return _fmt_array(np.asarray(x, dtype=rt.dtype.as_numpy_dtype), -1)
    return rec(to_list(rt))


def _repr(self):
    return "<tf.RaggedTensor %s>" % to_text(self)


def _to_tensor(self, default_value=None, name=None, shape=None):
    return to_tensor(self, default_value, name, shape)


RaggedTensor.to_tensor = _to_tensor
RaggedTensor.to_tensor.__doc__ = to_tensor.__doc__
RaggedTensor.from_tensor = classmethod(lambda cls, tensor, lengths=None, padding=None,
                                       ragged_rank=1, name=None, row_splits_dtype=_dt.int64:
                                       from_tensor(tensor, lengths, padding, ragged_rank, name,
                                                   row_splits_dtype))
RaggedTensor.to_list = to_list
RaggedTensor.numpy = to_numpy
RaggedTensor.__repr__ = _repr
RaggedTensor.__str__ = _repr


def _to_sparse(self, name=None):
    """This RaggedTensor as a tf.sparse.SparseTensor (built by eagerflow/sparse)."""
    from ..sparse.ragged_convert import ragged_to_sparse
    return ragged_to_sparse(self)


def _from_sparse(cls, st_input, name=None, row_splits_dtype=_dt.int64):
    """A 2-D right-ragged tf.sparse.SparseTensor as a RaggedTensor (built by eagerflow/sparse)."""
    from ..sparse.ragged_convert import ragged_from_sparse
    return ragged_from_sparse(st_input, _dt.as_dtype(row_splits_dtype))


RaggedTensor.to_sparse = _to_sparse
RaggedTensor.from_sparse = classmethod(_from_sparse)
