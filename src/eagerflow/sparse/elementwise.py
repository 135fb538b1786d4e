"""Elementwise ops between SparseTensors: tf.sparse.maximum / minimum (implicit zeros take part,
the result lists the union of the entries) and tf.sparse.softmax (over the listed entries of each
innermost row). Written with eagerflow ops over the values, so they differentiate."""
import numpy as np

import eagerflow as tf
from ..errors import InvalidArgumentError
from .sparse_tensor import SparseTensor


def _union(a, b, op):
    sha, shb = a.dense_shape._v, b.dense_shape._v
    if sha.shape != shb.shape or (sha != shb).any():
        raise InvalidArgumentError(None, None, "Operands do not have the same ranks; got shapes: "
                                   "[%s] and [%s] [Op:%s] name: " % (
                                       ",".join(map(str, sha)), ",".join(map(str, shb)), op))
    rank = sha.shape[0]
    idx = np.concatenate([a.indices._v, b.indices._v]).reshape(-1, rank)
    if idx.shape[0]:
        uniq, seg = np.unique(idx, axis=0, return_inverse=True)
        uniq, seg = uniq.reshape(-1, rank), np.asarray(seg, np.int64).reshape(-1)
    else:
        uniq, seg = idx, np.zeros(0, np.int64)
    n, na = uniq.shape[0], a.indices._v.shape[0]
    full_a = tf.scatter_nd(seg[:na, None], a.values, [n])
    full_b = tf.scatter_nd(seg[na:, None], b.values, [n])
    return uniq, full_a, full_b, sha


def maximum(sp_a, sp_b, name=None):
    """The elementwise maximum of two SparseTensors of one shape (missing entries count as 0)."""
    idx, x, y, shape = _union(sp_a, sp_b, "SparseSparseMaximum")
    return SparseTensor(idx, tf.maximum(x, y), shape)


def minimum(sp_a, sp_b, name=None):
    """The elementwise minimum of two SparseTensors of one shape (missing entries count as 0)."""
    idx, x, y, shape = _union(sp_a, sp_b, "SparseSparseMinimum")
    return SparseTensor(idx, tf.minimum(x, y), shape)


def softmax(sp_input, name=None):
    """Softmax over the listed entries of each innermost row (the rest stay unlisted)."""
    idx = sp_input.indices._v
    if idx.shape[1] < 2:
        raise InvalidArgumentError(None, None, "Input should have rank >= 2, but received shape: "
                                   "[%s] [Op:SparseSoftmax] name: " % ",".join(
                                       map(str, sp_input.dense_shape._v)))
    v = sp_input.values
    if idx.shape[0] == 0:
        return sp_input
    outer, seg = np.unique(idx[:, :-1], axis=0, return_inverse=True)
    seg = np.asarray(seg, np.int64).reshape(-1)
    peak = np.full(outer.shape[0], -np.inf, v._v.dtype)
    np.maximum.at(peak, seg, v._v)
    e = tf.exp(v - tf.constant(peak[seg], dtype=v.dtype))
    total = tf.scatter_nd(seg[:, None], e, [outer.shape[0]])
    return SparseTensor(sp_input.indices, e / tf.gather(total, seg), sp_input.dense_shape)
