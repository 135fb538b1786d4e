"""tf.sets: intersection, union, difference and size of the sets held in the last dimension of
dense tensors or SparseTensors (every value of a dense row is an element; a sparse row holds only
its present values). Results are SparseTensors of each row's sorted elements, as TF's
DenseToDenseSetOperation, DenseToSparseSetOperation and SparseToSparseSetOperation give; SetSize
counts each row's distinct values. No gradients: set operations have none."""
import numpy as np

from .._export import export
from ..engine.primitive import primitive
from ..tensor import Tensor, convert_to_tensor
from ._args import _dims, _err

_VALID = frozenset(np.dtype(t) for t in (np.int8, np.int16, np.int32, np.int64, np.uint8,
                                         np.uint16, object))
# TF's message shows its frozenset of DTypes in this (hash) order
_VALID_TEXT = "frozenset({tf.int32, tf.uint8, tf.int16, tf.int8, tf.string, tf.int64, tf.uint16})"


def _dense_rows(op, x):
    """The sets of a dense tensor: (group shape, one set per row of the last dimension)."""
    if x.ndim < 2:
        raise _err(op, "Shape %s has rank %d < 2" % (_dims(x.shape), x.ndim))
    rows = x.reshape(-1, x.shape[-1]).tolist() if x.shape[-1] else \
        [[] for _ in range(int(np.prod(x.shape[:-1])))]
    return x.shape[:-1], [set(r) for r in rows]


def _validate(op, indices):
    """TF's validate_indices: a SparseTensor's indices in row-major order, none repeated."""
    if len(indices) < 2:
        return
    prev, cur = indices[:-1], indices[1:]
    diff = cur != prev
    first = np.where(diff.any(1), diff.argmax(1), 0)  # the first coordinate that differs
    rows = np.arange(len(cur))
    bad = ~diff.any(1) | (cur[rows, first] < prev[rows, first])
    if bad.any():
        k = int(np.argmax(bad))
        where = "indices[%d] = [%s]" % (k + 1, ",".join(map(str, cur[k])))
        if not diff[k].any():
            raise _err(op, where + " is repeated")
        raise _err(op, where + " is out of order. Many sparse ops require sorted indices.\n    "
                   "Use `tf.sparse.reorder` to create a correctly ordered copy.\n\n")


def _sparse_rows(op, indices, values, shape, validate=False):
    """The sets of a SparseTensor's components: (group shape, one set per row)."""
    if shape.size < 2:
        raise _err(op, "Invalid input rank %d." % shape.size)
    if validate:
        _validate(op, indices)
    group = tuple(int(d) for d in shape[:-1])
    sets = [set() for _ in range(int(np.prod(group)))]
    if len(values):
        rows = np.ravel_multi_index(tuple(indices[:, :-1].T), group) if group else \
            np.zeros(len(values), np.intp)
        for r, v in zip(rows.tolist(), values.tolist()):
            sets[r].add(v)
    return group, sets


_APPLY = {"intersection": lambda a, b: a & b, "union": lambda a, b: a | b,
          "a-b": lambda a, b: a - b, "b-a": lambda a, b: b - a}


def _result(group, sets_a, sets_b, operation, dtype):
    """The SparseTensor components of the row-wise operation, each row's elements sorted."""
    rows = [sorted(_APPLY[operation](a, b)) for a, b in zip(sets_a, sets_b)]
    width = max((len(r) for r in rows), default=0)
    idx = [np.unravel_index(k, group) + (j,) for k, r in enumerate(rows) for j in range(len(r))]
    indices = np.array(idx, np.int64).reshape(-1, len(group) + 1)
    values = np.array([v for r in rows for v in r], dtype=dtype).reshape(-1)
    return indices, values, np.array(group + (width,), np.int64)


def _check_groups(op, ga, gb):
    if tuple(ga) != tuple(gb):
        raise _err(op, "Mismatched shapes %s vs %s" % (_dims(ga), _dims(gb)))


@primitive("DenseToDenseSetOperation", multiple_results=True, differentiable=False,
           value_shape=True)
def _dense_dense(set1, set2, set_operation, validate_indices):
    op = "DenseToDenseSetOperation"
    ga, sa = _dense_rows(op, set1)
    gb, sb = _dense_rows(op, set2)
    _check_groups(op, ga, gb)
    return _result(ga, sa, sb, set_operation, set1.dtype)


@primitive("DenseToSparseSetOperation", match=(0, 2), multiple_results=True,
           differentiable=False, value_shape=True)
def _dense_sparse(set1, indices2, values2, shape2, set_operation, validate_indices):
    op = "DenseToSparseSetOperation"
    ga, sa = _dense_rows(op, set1)
    gb, sb = _sparse_rows(op, indices2, values2, shape2, validate_indices)
    _check_groups(op, ga, gb)
    return _result(ga, sa, sb, set_operation, set1.dtype)


@primitive("SparseToSparseSetOperation", match=(1, 4), multiple_results=True,
           differentiable=False, value_shape=True)
def _sparse_sparse(indices1, values1, shape1, indices2, values2, shape2, set_operation,
                   validate_indices):
    op = "SparseToSparseSetOperation"
    ga, sa = _sparse_rows(op, indices1, values1, shape1, validate_indices)
    gb, sb = _sparse_rows(op, indices2, values2, shape2, validate_indices)
    _check_groups(op, ga, gb)
    return _result(ga, sa, sb, set_operation, values1.dtype)


@primitive("SetSize", match=(1,), differentiable=False, value_shape=True)
def _set_size(indices, values, shape, validate_indices):
    group, sets = _sparse_rows("SetSize", indices, values, shape, validate_indices)
    return np.array([len(s) for s in sets], np.int32).reshape(group)


def _is_sparse(x):
    from ..sparse import SparseTensor  # tf.sparse loads on first use
    return isinstance(x, SparseTensor)


def _set_inputs(a, b):
    """TF's conversion: dense or sparse, a valid dtype, both alike; a sparse ``a`` with a dense
    ``b`` swap (returned ``flipped``)."""
    a = a if _is_sparse(a) or isinstance(a, Tensor) else convert_to_tensor(a)
    if np.dtype(a.dtype.as_numpy_dtype) not in _VALID:
        raise TypeError("'a' has invalid dtype `%s` not in supported dtypes: `%s`."
                        % (a.dtype, _VALID_TEXT))
    b = b if _is_sparse(b) or isinstance(b, Tensor) else convert_to_tensor(b)
    if b.dtype != a.dtype:
        raise TypeError("Types don't match, %s vs %s." % (a.dtype, b.dtype))
    if _is_sparse(a) and not _is_sparse(b):
        return b, a, True
    return a, b, False


def _set_operation(a, b, operation, validate_indices):
    from ..sparse import SparseTensor
    attrs = {"set_operation": operation, "validate_indices": bool(validate_indices)}
    if _is_sparse(a):
        parts = _sparse_sparse(a.indices, a.values, a.dense_shape, b.indices, b.values,
                               b.dense_shape, **attrs)
    elif _is_sparse(b):
        parts = _dense_sparse(a, b.indices, b.values, b.dense_shape, **attrs)
    else:
        parts = _dense_dense(a, b, **attrs)
    return SparseTensor(*parts)


@export("sets.intersection")
def set_intersection(a, b, validate_indices=True):
    """The elements in both a's and b's set, row by row (a SparseTensor)."""
    a, b, _ = _set_inputs(a, b)
    return _set_operation(a, b, "intersection", validate_indices)


@export("sets.union")
def set_union(a, b, validate_indices=True):
    """The elements in a's or b's set, row by row (a SparseTensor)."""
    a, b, _ = _set_inputs(a, b)
    return _set_operation(a, b, "union", validate_indices)


@export("sets.difference")
def set_difference(a, b, aminusb=True, validate_indices=True):
    """The elements of a's set not in b's (or b's not in a's when aminusb is False)."""
    a, b, flipped = _set_inputs(a, b)
    if flipped:
        aminusb = not aminusb
    return _set_operation(a, b, "a-b" if aminusb else "b-a", validate_indices)


@export("sets.size")
def set_size(a, validate_indices=True):
    """The number of distinct values in each row of a SparseTensor's last dimension."""
    if not _is_sparse(a):
        a = a if isinstance(a, Tensor) else convert_to_tensor(a)
        raise TypeError("Expected `SparseTensor`, got %s." % (a,))
    if np.dtype(a.values.dtype.as_numpy_dtype) not in _VALID:
        raise TypeError("Invalid dtype `%s` not in supported dtypes: `%s`."
                        % (a.values.dtype, _VALID_TEXT))
    return _set_size(a.indices, a.values, a.dense_shape,
                     validate_indices=bool(validate_indices))
