"""RaggedTensor <-> SparseTensor: ``rt.to_sparse()`` and ``tf.RaggedTensor.from_sparse`` (the
RaggedTensor class calls these). Values move with reshape/identity ops, so gradients pass."""
import numpy as np

import eagerflow as tf
from ..errors import InvalidArgumentError
from .sparse_tensor import SparseTensor


def ragged_to_sparse(rt):
    """The SparseTensor of a RaggedTensor's values, its dense_shape the bounding shape."""
    from ..ragged.ragged_tensor import bounding_dims, outer_coords
    flat = rt.flat_values
    coords = outer_coords(rt).astype(np.int64)
    inner = tuple(flat._v.shape[1:])
    if inner:
        within = np.stack(np.unravel_index(np.arange(int(np.prod(inner))), inner), axis=1)
        coords = np.concatenate([np.repeat(coords, within.shape[0], axis=0),
                                 np.tile(within, (coords.shape[0], 1))], axis=1)
    values = tf.reshape(flat, [-1])
    return SparseTensor(coords.reshape(-1, len(bounding_dims(rt))), values,
                        np.asarray(bounding_dims(rt), np.int64))


def ragged_from_sparse(st_input, row_splits_dtype=None):
    """A 2-D right-ragged SparseTensor (each row's entries at columns 0, 1, ...) as a ragged one."""
    from ..ragged.ragged_tensor import RaggedTensor
    if not isinstance(st_input, SparseTensor):
        raise TypeError("st_input must be a SparseTensor")
    rank = st_input.dense_shape._v.shape[0]
    if rank != 2:
        raise ValueError("rank(st_input) must be 2.")
    idx = st_input.indices._v
    rows, cols = idx[:, 0], idx[:, 1]
    starts = np.r_[True, rows[1:] != rows[:-1]] if rows.size else np.zeros(0, bool)
    expected = np.arange(rows.size) - np.maximum.accumulate(np.where(starts, np.arange(rows.size), 0))
    if rows.size and ((np.diff(rows) < 0).any() or (cols != expected).any()):
        raise InvalidArgumentError(None, None, (
            "Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true. Summarized data: "
            "b'SparseTensor is not right-ragged'\nb'SparseTensor.indices ='\n%s" % (
                ", ".join(map(str, idx.reshape(-1)[:3])) + (", ..." if idx.size > 3 else ""))))
    dtype = row_splits_dtype or tf.int64
    return RaggedTensor.from_value_rowids(
        st_input.values, tf.constant(rows, dtype=dtype),
        nrows=tf.constant(int(st_input.dense_shape._v[0]), dtype=dtype), validate=False)
