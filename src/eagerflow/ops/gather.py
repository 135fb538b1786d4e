"""Row gathers and their sparse gradients: ``tf.gather`` (GatherV2), ``tf.IndexedSlices`` (the
gradient of a gather along axis 0, as TF's) and the scatter-add (GatherGrad) that densifies them.

An IndexedSlices holds rows ``values[k]`` of a tensor of shape ``dense_shape`` at rows
``indices[k]`` (repeated indices add up). It is a composite tensor (``engine.primitive.COMPOSITES``):
any primitive given one densifies it first, as TF's conversion does, except Identity and Cast, which
apply to its values. The tape (autodiff/backward.py) aggregates IndexedSlices gradients as TF's does.
"""
import numpy as np

from .._export import export
from ..engine.device import xp_of
from ..engine.primitive import COMPOSITES, primitive
from ..tensor import Tensor, VariableBase, convert_to_tensor, wrap
from ..tensor_shape import TensorShape
from ._args import _dims, _err, _indices, _index_scalar
from .shape_ops import reshape
from . import run_time_shapes as R

__all__ = ["IndexedSlices", "gather", "scatter_slices"]


# -- gather --------------------------------------------------------------------------------------
def _check_range(idx, n, op):
    if idx.size:
        bad = (idx < 0) | (idx >= n)
        if bad.any():
            pos = np.argwhere(bad)[0]
            raise _err(op, "indices[%s] = %d is not in [0, %d)" % (
                ",".join(map(str, pos)), idx[tuple(pos)], n))


# the index dtypes' unsigned views: ``take`` on the view raises IndexError for a negative index
# too (it becomes a huge unsigned one), so one C call gathers and checks the range. int64's view
# would wrap back when cast to intp, so int64 indices check their minimum instead.
_UNSIGNED = {np.dtype(np.int32): np.dtype(np.uint32), np.dtype(np.int16): np.dtype(np.uint16)}
_I64 = np.dtype(np.int64)
_min_reduce = np.minimum.reduce


def _gather_np(p, idx, axis):
    u = _UNSIGNED.get(idx.dtype)
    try:
        if u is not None:
            return p.take(idx.view(u), axis)
        if idx.dtype is _I64 or idx.dtype == _I64:
            if idx.size and _min_reduce(idx, None) < 0:
                raise IndexError
            return p.take(idx, axis)
    except IndexError:
        pass
    _check_range(idx, p.shape[axis], "GatherV2")
    return np.take(p, idx, axis=axis)


def _batch_loop(fn, a, b, bd):
    """Applies fn to matching batch slices of a and b (batch_dims > 0) and stacks the results."""
    lead = a.shape[:bd]
    af = a.reshape((-1,) + a.shape[bd:])
    bf = b.reshape((-1,) + b.shape[bd:])
    outs = [fn(af[k], bf[k]) for k in range(af.shape[0])]
    if not outs:
        return None
    return np.stack(outs).reshape(lead + outs[0].shape)


_UNSIGNED_OR_I64 = frozenset(_UNSIGNED) | {_I64}


@primitive("GatherV2", match=(0,), attrs_positional=True, run_time_check=True)
def _gather(params, indices, axis, batch_dims):
    if batch_dims == 0:
        u = _UNSIGNED.get(indices.dtype)
        if u is not None:  # the common case, inlined: one C call gathers and checks the range
            try:
                return params.take(indices.view(u), axis)
            except IndexError:
                pass
        return _gather_np(params, indices, axis)
    out = _batch_loop(lambda p, i: _gather_np(p, i, axis - batch_dims), params, indices,
                      batch_dims)
    if out is None:
        shape = params.shape[:axis] + indices.shape[batch_dims:] + params.shape[axis + 1:]
        return np.zeros(shape, params.dtype)
    return out


@_gather.defvjp
def _(g, ans, params, indices, axis, batch_dims):
    shape = params._v.shape
    unknown = R.unknown(params)
    if axis == 0 and batch_dims == 0:  # TF's rule: the gathered rows, as IndexedSlices
        rows = (-1,) + (R.dims(params)[1:] if unknown else shape[1:])
        return (IndexedSlices(R.reshape(g, rows, params) if unknown else reshape(g, rows),
                              reshape(indices, (-1,)), R.shape(params) if unknown else
                              wrap(np.array(shape, np.int32))), None)
    if unknown:
        return (_gather_grad_like(g, indices, params, axis=axis, batch_dims=batch_dims), None)
    return (_gather_grad(g, indices, shape=shape, axis=axis, batch_dims=batch_dims), None)


def _scatter_take(g, idx, shape, axis):
    out = xp_of(g).zeros(shape, g.dtype)
    ov = np.moveaxis(out, axis, 0)
    k = idx.ndim
    gv = np.moveaxis(g, tuple(range(axis, axis + k)), tuple(range(k)))
    np.add.at(ov, idx, gv)
    return out


@primitive("GatherGrad", match=(0,))
def _gather_grad(g, indices, shape, axis, batch_dims):
    if batch_dims == 0:
        return _scatter_take(g, indices, shape, axis)
    sub = shape[batch_dims:]
    out = _batch_loop(lambda gg, i: _scatter_take(gg, i, sub, axis - batch_dims), g, indices,
                      batch_dims)
    return out if out is not None else np.zeros(shape, g.dtype)


@_gather_grad.defvjp
def _(g, ans, dy, indices, shape, axis, batch_dims):
    return (_gather(g, indices, axis=axis, batch_dims=batch_dims), None)


_gather_grad_like = R.shape_from_input(_gather_grad, "GatherGradDynamic")


@export("gather")
def gather(params, indices, validate_indices=None, axis=None, batch_dims=0, name=None):
    """Gathers slices of params along axis at indices (batched over the first batch_dims)."""
    if type(params) is Tensor and type(indices) is Tensor and type(batch_dims) is int and \
            not batch_dims and indices._v.dtype in _UNSIGNED_OR_I64:
        # the common form: tensors, no batch dims, an int axis (or none)
        if axis is None:
            if params._v.ndim:
                return _gather(params, indices, axis=0, batch_dims=0)
        elif type(axis) is int:
            n = params._v.ndim
            a = axis + n if axis < 0 else axis
            if 0 <= a < n:
                return _gather(params, indices, axis=a, batch_dims=0)
    p = convert_to_tensor(params)
    i = _indices(indices, "GatherV2")
    bd = _index_scalar(batch_dims, "GatherV2", "Taxis")
    a = None if axis is None else _index_scalar(axis, "GatherV2", "Taxis")
    if a == 0:  # TF's gather drops batch_dims for a constant axis 0
        bd = 0
    if bd < 0:
        bd += i._v.ndim
    if a is None:
        a = bd
    n = p._v.ndim
    if a < 0:
        a += n
    if not 0 <= a < n or bd > a:
        if bd > a and 0 <= a < n:
            raise _err("GatherV2", "batch_dims (%d) must be less than or equal to axis (%d)"
                       % (bd, a))
        raise _err("GatherV2", "Shape must be at least rank %d but is rank %d" % (a + 1, n))
    if bd > i._v.ndim or bd >= n + 0 and bd > a:
        raise _err("GatherV2", "Shape must be at least rank %d but is rank %d" % (bd + 1, n))
    if bd and p._v.shape[:bd] != i._v.shape[:bd]:
        raise _err("GatherV2", "params.shape[:batch_dims] must equal indices.shape[:batch_dims]: "
                   "%s vs %s" % (_dims(p._v.shape), _dims(i._v.shape)))
    return _gather(p, i, axis=a, batch_dims=bd)


# -- IndexedSlices ---------------------------------------------------------------------------------
@export("IndexedSlices")
class IndexedSlices:
    """A sparse representation of a set of tensor slices at given indices (``tf.IndexedSlices``).

    Like TF's, the constructor stores its arguments as they are; conversion happens on use."""

    __slots__ = ("_values", "_indices", "_dense_shape", "__weakref__")

    def __init__(self, values, indices, dense_shape=None):
        self._values = values
        self._indices = indices
        self._dense_shape = dense_shape

    values = property(lambda self: self._values, doc="The values of the slices.")
    indices = property(lambda self: self._indices, doc="The (row) indices of the slices.")
    dense_shape = property(lambda self: self._dense_shape, doc="The dense tensor's shape (or None).")
    dtype = property(lambda self: self._values.dtype, doc="The dtype of the values.")
    device = property(lambda self: self._values.device, doc="The device of the values.")

    @property
    def shape(self):
        """The dense tensor's static shape (unknown without a dense_shape)."""
        if self._dense_shape is None:
            return TensorShape(None)
        return TensorShape([int(d) for d in _array(self._dense_shape)])

    def __str__(self):
        shape = "" if self._dense_shape is None else ", dense_shape=%s" % (self._dense_shape,)
        return "IndexedSlices(indices=%s, values=%s%s)" % (self._indices, self._values, shape)

    def __neg__(self):
        return IndexedSlices(-self._values, self._indices, self._dense_shape)

    def __tf_tensor__(self, dtype=None, name=None):
        """The dense tensor (TF's conversion: an unsorted segment sum of the values' rows)."""
        if dtype is not None and dtype is not self.dtype:
            raise ValueError("Incompatible tensor conversion requested to `dtype` %s for "
                             "IndexedSlices (%s) with dtype %s" % (dtype.name, self,
                                                                  self.dtype.name))
        if self._dense_shape is None:
            raise ValueError("Tensor conversion requested for IndexedSlices for argument `value` "
                             "without dense_shape: %s" % (self,))
        values = convert_to_tensor(self._values)
        n = int(_array(self._dense_shape)[0])
        return _gather_grad(values, convert_to_tensor(self._indices),
                            shape=(n,) + values._v.shape[1:], axis=0, batch_dims=0)

    @classmethod
    def __tf_dispatch__(cls, prim, args, params):
        """A primitive given IndexedSlices: Identity and Cast map the values (TF keeps the
        slices); any other op runs on the dense tensors."""
        if len(args) == 1 and prim.name in ("Identity", "Cast"):
            s = args[0]
            return IndexedSlices(prim(s._values, **params), s._indices, s._dense_shape)
        return prim(*[a.__tf_tensor__() if type(a) is IndexedSlices else a for a in args],
                    **params)


def _array(x):
    return np.asarray(x._v if isinstance(x, Tensor) else x)


def _binary(name, reflected):
    # TF's IndexedSlices has no arithmetic of its own: with a tensor on the other side, that
    # tensor's operator converts it (so ``t + slices`` and ``slices * t`` are dense), and with a
    # Python number the operator is a TypeError
    def op(self, other):
        if not isinstance(other, (Tensor, VariableBase)):
            return NotImplemented
        return getattr(other, reflected)(self.__tf_tensor__())
    op.__name__ = name
    return op


for _op in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "matmul"):
    setattr(IndexedSlices, "__%s__" % _op, _binary("__%s__" % _op, "__r%s__" % _op))
    setattr(IndexedSlices, "__r%s__" % _op, _binary("__r%s__" % _op, "__%s__" % _op))

IndexedSlices.__module__ = "tensorflow.python.framework.indexed_slices"
IndexedSlices.__qualname__ = "IndexedSlices"
COMPOSITES.add(IndexedSlices)


# -- Variable.scatter_* ----------------------------------------------------------------------------
_SCATTER = {"Add": np.add.at, "Sub": np.subtract.at, "Mul": np.multiply.at,
            "Div": np.divide.at, "Min": np.minimum.at, "Max": np.maximum.at}


def _scatter_rows(ref, indices, updates, kind):
    _check_range(indices, ref.shape[0], "ResourceScatter" + kind)
    out = ref.copy()
    if kind == "Update":  # (a repeated index: the last update wins, as on TF's CPU)
        out[indices] = updates
    else:
        _SCATTER[kind](out, indices, updates)
    return out


_SCATTER_PRIMS = {kind: primitive("ResourceScatter" + kind, match=(0, 2), differentiable=False,
                                  quiet=True, run_time_check=True)(
    lambda ref, indices, updates, kind=kind: _scatter_rows(ref, indices, updates, kind))
    for kind in ("Add", "Sub", "Mul", "Div", "Min", "Max", "Update")}


def scatter_slices(ref, sparse_delta, kind):
    """``ref`` with the rows of an IndexedSlices combined in (Variable.scatter_add and the like:
    ``kind`` is Add, Sub, Mul, Div, Min, Max or Update)."""
    if type(sparse_delta) is not IndexedSlices:
        raise TypeError(f"Argument `sparse_delta` must be a `tf.IndexedSlices`. Received arg: "
                        f"{sparse_delta}")
    values = convert_to_tensor(sparse_delta.values, dtype=ref.dtype)
    indices = _indices(sparse_delta.indices, "ResourceScatter" + kind)
    want = indices._v.shape + ref._v.shape[1:]
    if values._v.shape != want:
        raise _err("ResourceScatter" + kind, "updates.shape %s must equal indices.shape + "
                   "params.shape[1:] %s" % (_dims(values._v.shape), _dims(want)))
    return _SCATTER_PRIMS[kind](ref, indices, values)
