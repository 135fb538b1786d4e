"""Arithmetic on SparseTensors: tf.sparse.add, sparse_dense_matmul, reduce_sum, reduce_max and
the ``*`` / ``/`` operators with a dense operand. Differentiable parts are written with eagerflow
ops over ``values`` (scatter_nd sums, gathers), so the tape gives their gradients."""
import numpy as np

import eagerflow as tf
from ..errors import InvalidArgumentError
from ..engine.device import xp_of
from ..engine.primitive import primitive
from ..ops.gather_scatter import _scatter_nd
from ..tensor import wrap
from .sparse_tensor import SparseTensor
from .convert import to_dense
from .structure import unique_rows



def add(a, b, threshold=0, name=None):
    """Sparse + sparse is a SparseTensor (entries with |sum| < threshold dropped); sparse + dense
    is dense."""
    sa, sb = isinstance(a, SparseTensor), isinstance(b, SparseTensor)
    if not (sa or sb):
        raise TypeError("At least one input should be SparseTensor; do you mean to use tf.add?")
    if not (sa and sb):
        sp, dense = (a, b) if sa else (b, a)
        dense = tf.convert_to_tensor(dense, dtype=sp.dtype)
        return tf.tensor_scatter_nd_add(dense, sp.indices, sp.values) \
            if dense._v.shape == tuple(sp.dense_shape._v) else dense + to_dense(sp, validate_indices=False)
    sha, shb = a.dense_shape._v, b.dense_shape._v
    if sha.shape != shb.shape or sha.tobytes() != shb.tobytes():  # both int64
        if sha.shape != shb.shape:
            raise InvalidArgumentError(None, None, "Operands do not have the same ranks; got "
                                       "shapes: [%s] and [%s] [Op:SparseAdd] name: " % (
                                           ",".join(map(str, sha)), ",".join(map(str, shb))))
        d = int(np.flatnonzero(sha != shb)[0])
        raise InvalidArgumentError(None, None, "Operands' shapes do not match: got %d and %d for "
                                   "dimension %d [Op:SparseAdd] name: " % (sha[d], shb[d], d))
    if a.dtype != b.dtype:
        raise InvalidArgumentError(None, None, "cannot compute SparseAdd as input #1(zero-based) "
                                   "was expected to be a %s tensor but is a %s tensor "
                                   "[Op:SparseAdd] name: " % (a.dtype.name, b.dtype.name))
    idx = np.concatenate([a.indices._v, b.indices._v]).reshape(-1, sha.shape[0])
    uniq, seg = unique_rows(idx)
    values = tf.concat([a.values, b.values], axis=0)
    summed = _scatter_nd(wrap(seg[:, None]), values, shape=(uniq.shape[0],))
    if not (type(threshold) is int and threshold == 0):
        thr = tf.convert_to_tensor(threshold)._v
        if np.any(thr != 0):
            keep = np.flatnonzero(np.abs(summed._v) >= thr)
            uniq, summed = uniq[keep], tf.gather(summed, keep)
    return SparseTensor._make(uniq, summed, a.dense_shape)


def sparse_dense_matmul(sp_a, b, adjoint_a=False, adjoint_b=False, name=None):
    """sp_a @ b for a rank-2 SparseTensor and a dense matrix (either side may be the sparse one)."""
    if not isinstance(sp_a, SparseTensor):
        # dense @ sparse = (sparse^T @ dense^T)^T
        if not isinstance(b, SparseTensor):
            raise TypeError("One of the inputs must be a SparseTensor")
        out = sparse_dense_matmul(b, sp_a, adjoint_a=not adjoint_b, adjoint_b=not adjoint_a)
        return tf.transpose(out) if not out.dtype.is_complex else tf.math.conj(tf.transpose(out))
    b = tf.convert_to_tensor(b, dtype=sp_a.dtype)
    if adjoint_b:
        b = tf.transpose(b)
        if b.dtype.is_complex:
            b = tf.math.conj(b)
    idx, shape = sp_a.indices._v, sp_a.dense_shape._v
    values = sp_a.values
    rows, cols = idx[:, 0], idx[:, 1]
    m, k = int(shape[0]), int(shape[1])
    if adjoint_a:
        rows, cols, m, k = cols, rows, k, m
        if values.dtype.is_complex:
            values = tf.math.conj(values)
    if b._v.ndim != 2 or b._v.shape[0] != k:
        raise InvalidArgumentError(None, None, (
            "Cannot multiply A and B because inner dimension does not match: %d vs. %d.  Did you "
            "forget a transpose?  Dimensions of A: [%d, %d).  Dimensions of B: %s "
            "[Op:SparseTensorDenseMatMul] name: ") % (k, b._v.shape[0] if b._v.ndim else 0, m, k,
                                                      list(b._v.shape)))
    if idx.size and (idx.view(np.uint64) >= shape.view(np.uint64)).any():  # negatives wrap
        raise InvalidArgumentError(None, None, "k (%d) from index[0,%d] out of bounds (>=%d) "
                                   "[Op:SparseTensorDenseMatMul] name: " % (
                                       int(cols.max()), int(not adjoint_a), k))
    return _sp_matmul(wrap(rows), wrap(cols), values, b, m=m)


@primitive("SparseTensorDenseMatMul", match=(2, 3))
def _sp_matmul(rows, cols, values, b, m):
    """Row r of the product: the sum of values[i] * b[cols[i]] over the entries i in row r."""
    out = xp_of(b).zeros((m,) + b.shape[1:], b.dtype)
    np.add.at(out, rows, values[:, None] * b[cols])
    return out


@_sp_matmul.defvjp
def _(g, ans, rows, cols, values, b, m):
    # TF's rule: d values[i] = <g[rows[i]], conj(b[cols[i]])>, d b = adjoint(A) @ g (dense)
    g_rows, b_cols, v = tf.gather(g, rows), tf.gather(b, cols), values
    if values.dtype.is_complex:
        b_cols, v = tf.math.conj(b_cols), tf.math.conj(values)
    return (None, None, tf.reduce_sum(g_rows * b_cols, axis=1),
            _sp_matmul(cols, rows, v, g, m=b._v.shape[0]))


def _axes(axis, rank):
    if axis is None:
        return list(range(rank))
    if type(axis) is int:
        return [axis + rank if axis < 0 else axis]
    ax = np.asarray(tf.convert_to_tensor(axis)._v).reshape(-1)
    return sorted({int(a) + rank if a < 0 else int(a) for a in ax})


def _out_index(sp, axis, keepdims):
    """Each entry's index in the output of a reduction, and the output's dense shape."""
    idx, shape = sp.indices._v, sp.dense_shape._v
    axes = _axes(axis, shape.shape[0])
    keep = [d for d in range(shape.shape[0]) if d not in axes]
    if keepdims:
        out_idx = idx.copy()
        out_idx[:, axes] = 0
        out_shape = shape.copy()
        out_shape[axes] = 1
    else:
        out_idx, out_shape = idx[:, keep], shape[keep]
    return out_idx, out_shape


def _groups(sp, axis, keepdims):
    """The distinct output indices of a reduction, each entry's group, the output shape."""
    out_idx, out_shape = _out_index(sp, axis, keepdims)
    if out_idx.shape[1] == 0:
        uniq, seg = np.zeros((min(out_idx.shape[0], 1), 0), np.int64), np.zeros(
            out_idx.shape[0], np.int64)
    else:
        uniq, seg = unique_rows(out_idx)
    return uniq, seg, out_shape


def reduce_sum(sp_input, axis=None, keepdims=None, output_is_sparse=False, name=None):
    """The sum of ``sp_input``'s entries along ``axis`` (all of them by default)."""
    if not output_is_sparse:
        out_idx, out_shape = _out_index(sp_input, axis, keepdims)
        if out_idx.shape[1]:  # one scatter adds each output's entries in order
            return _scatter_nd(wrap(out_idx), sp_input.values, shape=tuple(out_shape.tolist()))
    uniq, seg, out_shape = _groups(sp_input, axis, keepdims)
    summed = _scatter_nd(wrap(seg[:, None]), sp_input.values, shape=(uniq.shape[0],))
    out = SparseTensor._make(uniq, summed, out_shape)
    return out if output_is_sparse else to_dense(out, validate_indices=False)


def reduce_max(sp_input, axis=None, keepdims=None, output_is_sparse=False, name=None):
    """The largest of ``sp_input``'s listed entries along ``axis`` (implicit zeros take no part;
    an output position with no entry is 0)."""
    uniq, seg, out_shape = _groups(sp_input, axis, keepdims)
    v = sp_input.values._v
    res = np.full(uniq.shape[0], _lowest(v.dtype), v.dtype)
    np.maximum.at(res, seg, v)
    out = SparseTensor._make(uniq, tf.convert_to_tensor(res, dtype=sp_input.dtype), out_shape)
    return out if output_is_sparse else to_dense(out, validate_indices=False)


def _lowest(dtype):
    if np.issubdtype(dtype, np.floating):
        return -np.inf
    if dtype == np.bool_:
        return False
    return np.iinfo(dtype).min


def _cwise(op, sp, other):
    """``sp * dense`` / ``sp / dense``: the dense operand (broadcast to sp's shape) is read at
    the listed entries; the result is sparse."""
    if isinstance(other, SparseTensor):
        return NotImplemented
    other = tf.convert_to_tensor(other, dtype_hint=sp.dtype)
    full = tf.broadcast_to(other, sp.dense_shape) if other._v.ndim else other
    picked = tf.gather_nd(full, sp.indices) if other._v.ndim else other
    values = sp.values * picked if op == "mul" else sp.values / picked
    return SparseTensor._make(sp.indices, values, sp.dense_shape)


__all__ = ["add", "sparse_dense_matmul", "reduce_sum", "reduce_max"]

