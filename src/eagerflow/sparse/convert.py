"""Moving between dense and sparse: tf.sparse.from_dense, to_dense, to_indicator.

to_dense scatters ``values`` with tf.scatter_nd, so its gradient with respect to the values is a
gather of the incoming gradient; from_dense gathers the non-zero entries with tf.gather_nd, so it
differentiates with respect to the dense tensor."""
import numpy as np

import eagerflow as tf
from ..errors import InvalidArgumentError
from .sparse_tensor import SparseTensor


def _op_error(op, msg):
    return InvalidArgumentError(None, None, "%s [Op:%s] name: " % (msg, op))


def check_indices(sp, op):
    """TF's SparseToDense validation: indices in bounds, in row-major order, not repeated; the
    error names the first offending row (out of bounds before out of order at one row)."""
    idx, shape = sp.indices._v, sp.dense_shape._v
    n = idx.shape[0]
    if n == 0:
        return
    bad = (idx.view(np.uint64) >= shape.view(np.uint64)).any(axis=1)  # negatives wrap to huge
    if n > 1:
        # consecutive rows compared lexicographically: the sign of the first differing coordinate
        step = idx[1:] - idx[:-1]
        differs = step != 0
        first = differs.argmax(axis=1) if idx.shape[1] else np.zeros(n - 1, np.intp)
        sign = step[np.arange(n - 1), first] if idx.shape[1] else np.zeros(n - 1, np.int64)
        bad[1:] |= sign <= 0
    if not bad.any():
        return
    i = int(bad.argmax())
    row = ",".join(map(str, idx[i]))
    if ((idx[i] < 0) | (idx[i] >= shape)).any():
        raise _op_error(op, "indices[%d] = [%s] is out of bounds: need 0 <= index < [%s]" % (
            i, row, ",".join(map(str, shape))))
    if (idx[i] == idx[i - 1]).all():
        raise _op_error(op, "indices[%d] = [%s] is repeated" % (i, row))
    raise _op_error(op, (
        "indices[%d] = [%s] is out of order. Many sparse ops require sorted indices.\n"
        "    Use `tf.sparse.reorder` to create a correctly ordered copy.\n\n") % (i, row))


def from_dense(tensor, name=None):
    """The SparseTensor of ``tensor``'s non-zero entries."""
    t = tf.convert_to_tensor(tensor)
    a = t._v
    nz = np.argwhere(a != np.zeros((), a.dtype)).astype(np.int64)
    values = tf.gather_nd(t, nz) if nz.shape[0] else tf.zeros([0], t.dtype)
    return SparseTensor(nz.reshape(-1, a.ndim), values, np.asarray(a.shape, np.int64))


def to_dense(sp_input, default_value=None, validate_indices=True, name=None):
    """The dense tensor ``sp_input`` stands for; unlisted entries are ``default_value`` (0)."""
    if not isinstance(sp_input, SparseTensor):
        raise TypeError("Input must be a SparseTensor.")
    if validate_indices:
        check_indices(sp_input, "SparseToDense")
    values = sp_input.values
    shape = sp_input.dense_shape
    if values.dtype in (tf.string, tf.bool):
        out = np.full(tuple(shape._v), _default(default_value, values.dtype),
                      values.dtype.as_numpy_dtype if values.dtype is tf.bool else object)
        idx = sp_input.indices._v
        if idx.shape[0]:
            out[tuple(idx.T)] = values._v
        return tf.convert_to_tensor(out, dtype=values.dtype)
    if shape._v.shape[0] == 0:  # a scalar: the sum of its (at most one) entries
        dense = tf.reduce_sum(values)
    else:
        dense = tf.scatter_nd(sp_input.indices, values, shape)
    if default_value is None or np.all(np.asarray(default_value) == 0):
        return dense
    mask = np.zeros(tuple(shape._v), bool)
    mask[tuple(sp_input.indices._v.T)] = True
    return tf.where(mask, dense, tf.cast(default_value, values.dtype))


def _default(value, dtype):
    if value is not None:
        return value
    return b"" if dtype is tf.string else False


def to_indicator(sp_input, vocab_size, name=None):
    """A dense bool tensor [..., vocab_size]: True at (index minus its last coordinate, value)."""
    idx, vals = sp_input.indices._v, sp_input.values._v
    shape = tuple(sp_input.dense_shape._v[:-1]) + (int(vocab_size),)
    out = np.zeros(shape, bool)
    keep = (vals >= 0) & (vals < int(vocab_size))
    out[tuple(idx[keep, :-1].T) + (vals[keep].astype(np.intp),)] = True
    return tf.convert_to_tensor(out)
