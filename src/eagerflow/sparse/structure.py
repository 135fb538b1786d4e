"""Ops that move entries of a SparseTensor around without changing them: tf.sparse.reorder,
reshape, slice, concat, retain, transpose, expand_dims. Each computes the new indices with NumPy
and picks the values with tf.gather, so gradients reach the input's values."""
import numpy as np

import eagerflow as tf
from ..errors import InvalidArgumentError
from ..ops.gather import _gather
from ..tensor import wrap
from .sparse_tensor import SparseTensor


def _sparse(x, what="Input"):
    if not isinstance(x, SparseTensor):
        raise TypeError("%s must be a SparseTensor." % what)
    return x


def _take(sp, order, indices, shape):
    """A SparseTensor of ``sp``'s values at positions ``order`` (an int ndarray) with new indices
    and shape (fresh int64 ndarrays)."""
    values = _gather(sp.values, wrap(order.astype(np.int64, copy=False)), axis=0, batch_dims=0)
    return SparseTensor._make(indices.reshape(order.shape[0], shape.shape[0]), values, shape)


def _int64_vector(x):
    """A start/size/shape argument -> an int64 ndarray."""
    if type(x) is list and all(type(d) is int for d in x):
        return np.array(x, np.int64)
    return np.array(tf.convert_to_tensor(x, dtype_hint=tf.int64)._v, np.int64).reshape(-1)


def _row_major(indices):
    """The permutation that sorts index rows lexicographically (stable)."""
    if indices.shape[0] == 0 or indices.shape[1] == 0:
        return np.arange(indices.shape[0])
    return np.lexsort(indices.T[::-1])


def unique_rows(indices):
    """(The distinct rows of the int matrix ``indices`` in row-major order, each row's position
    among them) -- np.unique(axis=0, return_inverse=True) without its structured-dtype detour."""
    n = indices.shape[0]
    if n == 0:
        return indices, np.zeros(0, np.int64)
    order = _row_major(indices)
    rows = indices[order]
    first = np.empty(n, bool)
    first[0] = True
    first[1:] = (rows[1:] != rows[:-1]).any(axis=1)
    inverse = np.empty(n, np.int64)
    inverse[order] = np.cumsum(first) - 1
    return rows[first], inverse


def reorder(sp_input, name=None):
    """The same SparseTensor with its indices in canonical row-major order."""
    sp = _sparse(sp_input)
    order = _row_major(sp.indices._v)
    return _take(sp, order, sp.indices._v[order], sp.dense_shape._v)


def reshape(sp_input, shape, name=None):
    """The SparseTensor with the same entries in row-major order under a new dense shape."""
    sp = _sparse(sp_input)
    old = sp.dense_shape._v
    new = _int64_vector(shape)
    total = int(np.prod(old))
    unknown = np.flatnonzero(new == -1)
    if len(unknown) > 1:
        raise InvalidArgumentError(None, None, "only one output dimension may be -1, not both %d "
                                   "and %d [Op:SparseReshape]" % tuple(unknown[:2]))
    if len(unknown):
        known = int(np.prod(new[new != -1]))
        new[unknown[0]] = total // known if known else 0
    if int(np.prod(new)) != total:
        raise InvalidArgumentError(None, None, (
            "Input to reshape is a tensor with %d dense values, but the requested shape has %d "
            "[Op:SparseReshape]") % (total, int(np.prod(new))))
    flat = np.ravel_multi_index(tuple(sp.indices._v.T), tuple(old)) if old.size else \
        np.zeros(sp.indices._v.shape[0], np.int64)
    idx = np.stack(np.unravel_index(flat, tuple(new)), axis=1) if new.size else \
        np.zeros((flat.shape[0], 0), np.int64)
    return SparseTensor._make(idx.astype(np.int64), sp.values, new)


def slice(sp_input, start, size, name=None):  # noqa: A001 (TF's name)
    """The entries of ``sp_input`` in the box [start, start + size), re-based at the box corner."""
    sp = _sparse(sp_input)
    start, size = _int64_vector(start), _int64_vector(size)
    shape = sp.dense_shape._v
    stop = np.minimum(start + size, shape)
    out_shape = np.maximum(stop - start, 0)
    idx = sp.indices._v
    keep = np.flatnonzero(((idx >= start) & (idx < stop)).all(axis=1))
    return _take(sp, keep, idx[keep] - start, out_shape)


def concat(axis, sp_inputs, name=None, expand_nonconcat_dims=False, concat_dim=None):
    """The SparseTensors ``sp_inputs`` joined along ``axis`` (the result in row-major order)."""
    if concat_dim is not None:
        axis = concat_dim
    inputs = [_sparse(s) for s in sp_inputs]
    rank = inputs[0].dense_shape._v.shape[0]
    axis = int(axis) + rank if int(axis) < 0 else int(axis)
    shapes = np.stack([s.dense_shape._v for s in inputs])
    if expand_nonconcat_dims:
        out_shape = shapes.max(axis=0)
    else:
        out_shape = shapes[0].copy()
        for i, s in enumerate(shapes[1:], 1):
            other = np.delete(s, axis) != np.delete(shapes[0], axis)
            if other.any():
                d = int(np.flatnonzero(other)[0])
                d += d >= axis
                raise InvalidArgumentError(None, None, (
                    "Input shapes must match: expected %d for dimension %d but got %d at "
                    "position %d [Op:SparseConcat] name: ") % (shapes[0][d], d, s[d], i))
    out_shape[axis] = shapes[:, axis].sum()
    offsets = np.concatenate([[0], np.cumsum(shapes[:, axis])[:-1]])
    idx = []
    for s, off in zip(inputs, offsets):
        i = s.indices._v.copy()
        i[:, axis] += off
        idx.append(i)
    idx = np.concatenate(idx).reshape(-1, rank)
    values = tf.concat([s.values for s in inputs], axis=0)
    order = _order_concat(idx, axis)
    return SparseTensor(idx[order], tf.gather(values, order), out_shape)


def _order_concat(idx, axis):
    # TF's SparseConcat keeps each input's order and interleaves the inputs in row-major order of
    # the output (a stable sort on the output coordinates)
    return _row_major(idx)


def retain(sp_input, to_retain):
    """The entries of ``sp_input`` where the bool vector ``to_retain`` is True."""
    sp = _sparse(sp_input)
    mask = np.asarray(tf.convert_to_tensor(to_retain)._v, bool).reshape(-1)
    if mask.shape[0] != sp.values._v.shape[0]:
        raise ValueError("Shapes (%d,) and (%d,) are incompatible" % (
            sp.values._v.shape[0], mask.shape[0]))
    keep = np.flatnonzero(mask)
    return _take(sp, keep, sp.indices._v[keep], sp.dense_shape._v)


def transpose(sp_input, perm=None, name=None):
    """``sp_input`` with its dimensions permuted (reversed by default); row-major order kept."""
    sp = _sparse(sp_input)
    rank = sp.dense_shape._v.shape[0]
    perm = np.arange(rank)[::-1] if perm is None else \
        np.asarray(tf.convert_to_tensor(perm)._v, np.int64)
    idx = sp.indices._v[:, perm]
    order = _row_major(idx)
    return _take(sp, order, idx[order], sp.dense_shape._v[perm])


def expand_dims(sp_input, axis=None, name=None):
    """``sp_input`` with a dimension of size 1 inserted at ``axis``."""
    sp = _sparse(sp_input)
    rank = sp.dense_shape._v.shape[0]
    axis = -1 if axis is None else int(tf.convert_to_tensor(axis)._v)
    if not -rank - 1 <= axis <= rank:
        raise InvalidArgumentError(None, None, "Axis %d out of range [%d, %d]" % (
            axis, -rank - 1, rank))
    axis = axis + rank + 1 if axis < 0 else axis
    idx = np.insert(sp.indices._v, axis, 0, axis=1)
    shape = np.insert(sp.dense_shape._v, axis, 1)
    return SparseTensor(idx, sp.values, shape)


def map_values(op, *args, **kwargs):
    """``op`` applied to the values of the SparseTensors among the arguments (which must share
    their indices and shape); other arguments are passed as they are."""
    found = []

    def swap(x):
        if isinstance(x, SparseTensor):
            found.append(x)
            return x.values
        return x
    args = [swap(a) for a in args]
    kwargs = {k: swap(v) for k, v in kwargs.items()}
    if not found:
        raise ValueError("No SparseTensor in argument list of map_values")
    first = found[0]
    for other in found[1:]:
        if (other.indices._v.shape != first.indices._v.shape
                or not np.array_equal(other.indices._v, first.indices._v)
                or not np.array_equal(other.dense_shape._v, first.dense_shape._v)):
            raise InvalidArgumentError(None, None, "Inputs must have identical indices.")
    return SparseTensor(first.indices, op(*args, **kwargs), first.dense_shape)
