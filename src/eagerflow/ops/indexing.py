"""Indexing: ``t[...]`` (TF's strided slice, boolean masks) and its gradient, and ``tf.where``."""
import operator as _operator

import numpy as np

from .. import dtypes as _dt
from ..engine.device import xp_of
from ..engine.primitive import primitive
from ..errors import InvalidArgumentError, UnimplementedError
from ..tensor import Tensor, VariableBase, convert_to_tensor, wrap
from .._export import export
from ..tensor_shape import TensorShape
from ._args import _int_list
from .comparison import select
from . import run_time_shapes as R


_BAD_INDEX = ("Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and scalar "
              "tf.int32/tf.int64 tensors are valid indices, got %r")


def parse_key(key):
    """A ``__getitem__`` key -> a tuple of ints, slices, None and Ellipsis (TF's rules), or a
    Tensor for a boolean mask."""
    if type(key) is not tuple:
        if isinstance(key, list):
            key = tuple(key)  # TF treats a list index like a tuple
        else:
            key = (key,)
    out = []
    int_kind = None
    for k in key:
        t = type(k)
        if t is int or t is slice or k is None or k is Ellipsis:
            if t is slice and not (_ok_bound(k.start) and _ok_bound(k.stop) and _ok_bound(k.step)):
                k = slice(_bound(k.start), _bound(k.stop), _bound(k.step))
            out.append(k)
        elif isinstance(k, (Tensor, VariableBase)):
            v = k._v if isinstance(k, Tensor) else k._read()._v
            if v.dtype.kind == "b":
                return k
            if v.ndim or v.dtype not in (np.int32, np.int64):
                raise TypeError(_BAD_INDEX % (k,))
            if int_kind is None:
                int_kind = v.dtype
            elif int_kind != v.dtype:
                raise InvalidArgumentError(None, "Pack", (
                    "cannot compute Pack as input #1(zero-based) was expected to be a %s tensor but "
                    "is a %s tensor [Op:Pack] name: strided_slice/stack") % (
                        "int64" if int_kind == np.int64 else "int32",
                        "int64" if v.dtype == np.int64 else "int32"))
            out.append(int(v))
        elif isinstance(k, (np.integer, int)) and not isinstance(k, bool):
            out.append(int(k))
        elif t is bool or isinstance(k, np.ndarray) and k.dtype == np.bool_:
            return wrap(np.asarray(k))  # a mask (TF: a scalar one is an error)
        elif isinstance(k, np.ndarray) and k.ndim == 0 and k.dtype in (np.int32, np.int64):
            out.append(int(k))
        else:
            raise TypeError(_BAD_INDEX % (k,))
    return tuple(out)


def _ok_bound(b):
    return b is None or type(b) is int


def _bound(b):
    if b is None or type(b) is int:
        return b
    if isinstance(b, (Tensor, VariableBase)):
        v = b._v if isinstance(b, Tensor) else b._read()._v
        if v.ndim or v.dtype.kind not in "iu":
            raise TypeError(_BAD_INDEX % (b,))
        return int(v)
    if isinstance(b, np.integer):
        return int(b)
    raise TypeError(_BAD_INDEX % (b,))


def check_key(shape, key):
    """Raises TF's errors for out-of-range integer indices (NumPy would raise IndexError)."""
    nd = len(shape)
    if key.count(Ellipsis) > 1:
        raise InvalidArgumentError(None, "StridedSlice", "Multiple ellipses in slice spec not "
                                   "allowed [Op:StridedSlice] name: strided_slice/")
    n_real = sum(1 for k in key if k is not None and k is not Ellipsis)
    if nd == 0 and n_real:
        raise InvalidArgumentError(None, "StridedSlice",
                                   "Attempting to slice scalar input. [Op:StridedSlice] name: "
                                   "strided_slice/")
    if n_real > nd:
        raise InvalidArgumentError(None, "StridedSlice", (
            "Index out of range using input dim %d; input has only %d dims [Op:StridedSlice] "
            "name: strided_slice/") % (nd, nd))
    dim = 0
    for pos, k in enumerate(key):
        if k is Ellipsis:
            rest = sum(1 for kk in key[pos + 1:] if kk is not None and kk is not Ellipsis)
            dim = nd - rest
            continue
        if k is None:
            continue
        if type(k) is int:
            size = shape[dim]
            if not -size <= k < size:
                raise InvalidArgumentError(None, "StridedSlice", (
                    "slice index %d of dimension %d out of bounds. [Op:StridedSlice] name: "
                    "strided_slice/") % (k, dim))
        elif k.step == 0:
            raise InvalidArgumentError(None, "StridedSlice", "slice stride cannot be 0 "
                                       "[Op:StridedSlice]")
        dim += 1


def _index_error(prim, arrays, attrs=None):
    return None


# the forward is ``x[key]`` itself (a NumPy scalar result becomes a 0-d array where the op wraps it)
_strided_slice = primitive("StridedSlice", on_error=_index_error,
                           attrs_positional=True)(_operator.getitem)


@_strided_slice.defvjp
def _(g, ans, x, key):
    if type(x) is not Tensor and R.unknown(x):
        return (_strided_slice_grad_like(g, x, key=key),)
    return (_strided_slice_grad(g, shape=x._v.shape, key=key),)


@primitive("StridedSliceGrad")
def _strided_slice_grad(g, shape, key):
    out = xp_of(g).zeros(shape, g.dtype)
    out[key] = g
    return out


@_strided_slice_grad.defvjp
def _(g, ans, dy, shape, key):
    return (_strided_slice(g, key=key),)


_strided_slice_grad_like = R.shape_from_input(_strided_slice_grad, "StridedSliceGradDynamic")


class _Dyn:
    """A place in a key template filled at run time by the op's index input number ``i``."""

    __slots__ = ("i",)

    def __init__(self, i):
        self.i = i

    def __eq__(self, other):
        return type(other) is _Dyn and other.i == self.i

    def __hash__(self):
        return hash(("_Dyn", self.i))

    def __repr__(self):
        return "<index input %d>" % self.i


def _graph_index(key):
    """(template, index tensors) when ``key`` holds tensors of a graph being traced (their values
    are only known when the graph runs), else None."""
    parts = key if type(key) is tuple else tuple(key) if isinstance(key, list) else (key,)
    inputs = []

    def dyn(k):
        if isinstance(k, VariableBase):
            k = k._read()
        if isinstance(k, Tensor) and type(k) is not Tensor and k._v.dtype.kind in "iu" \
                and not k._v.ndim:
            inputs.append(k)
            return _Dyn(len(inputs) - 1)
        return k

    template = []
    for k in parts:
        if type(k) is slice:
            k = slice(dyn(k.start), dyn(k.stop), dyn(k.step))
        else:
            k = dyn(k)
        template.append(k)
    return (tuple(template), inputs) if inputs else None


def _fill(template, idx):
    def value(k):
        return int(idx[k.i]) if type(k) is _Dyn else k
    out = []
    for k in template:
        out.append(slice(value(k.start), value(k.stop), value(k.step)) if type(k) is slice
                   else value(k))
    return parse_key(tuple(out))


@primitive("StridedSliceDynamic", match=(0,))
def _dynamic_slice(x, *idx, template):
    key = _fill(template, idx)
    check_key(x.shape, key)
    return x[key]


@_dynamic_slice.defvjp
def _(g, ans, x, *idx, template):
    if R.unknown(x):
        return (_dynamic_slice_grad_like(g, *idx, x, template=template),) + (None,) * len(idx)
    return (_dynamic_slice_grad(g, *idx, shape=x._v.shape, template=template),) + \
        (None,) * len(idx)


@primitive("StridedSliceDynamicGrad", match=(0,))
def _dynamic_slice_grad(g, *idx, shape, template):
    out = np.zeros(shape, g.dtype)
    out[_fill(template, idx)] = g
    return out


@_dynamic_slice_grad.defvjp
def _(g, ans, dy, *idx, shape, template):
    return (_dynamic_slice(g, *idx, template=template),) + (None,) * len(idx)


_dynamic_slice_grad_like = R.shape_from_input(_dynamic_slice_grad,
                                              "StridedSliceDynamicGradDynamic")


def getitem(x, key):
    """``x[key]`` for tensors, with TF's indexing rules."""
    dynamic = _graph_index(key)
    if dynamic is not None:  # indices computed in a graph: read them when it runs
        template, idx = dynamic
        return _dynamic_slice(x, *idx, template=template)
    k = parse_key(key)
    if isinstance(k, Tensor):
        return boolean_mask(x, k)
    check_key(x._v.shape, k)
    return _strided_slice(x, key=k)


# ---------------------------------------------------------------------------------------------
# boolean masks and where

@primitive("BooleanMask", match=(0,))
def _boolean_mask(x, mask, axis):
    if mask.dtype != np.bool_:
        raise InvalidArgumentError(None, "BooleanMask", "mask must be a bool tensor")
    k = mask.ndim
    if x.shape[axis:axis + k] != mask.shape:
        raise InvalidArgumentError(None, "BooleanMask", (
            "Shapes %s and %s are incompatible") % (tuple(x.shape[axis:axis + k]), mask.shape))
    idx = (slice(None),) * axis + (mask,)
    return x[idx]


@_boolean_mask.defvjp
def _(g, ans, x, mask, axis):
    if R.unknown(x):
        return _boolean_mask_grad_like(g, mask, x, axis=axis), None
    return _boolean_mask_grad(g, mask, shape=x._v.shape, axis=axis), None


@primitive("BooleanMaskGrad", match=(0,))
def _boolean_mask_grad(g, mask, shape, axis):
    out = xp_of(g).zeros(shape, g.dtype)
    out[(slice(None),) * axis + (mask,)] = g
    return out


@_boolean_mask_grad.defvjp
def _(g, ans, dy, mask, shape, axis):
    return _boolean_mask(g, mask, axis=axis), None


_boolean_mask_grad_like = R.shape_from_input(_boolean_mask_grad, "BooleanMaskGradDynamic")


@export("boolean_mask")
def boolean_mask(tensor, mask, axis=None, name="boolean_mask"):
    """The elements of tensor where mask is True (mask's dims flattened into one)."""
    x = convert_to_tensor(tensor)
    m = convert_to_tensor(mask)
    if m._v.ndim == 0:
        raise ValueError("mask cannot be scalar.")
    if axis is None:
        axis = 0
    elif isinstance(axis, Tensor) or hasattr(axis, "_read"):
        axis = int(convert_to_tensor(axis)._v)
    k = m._v.ndim
    s = x._v.shape[axis:axis + k]  # TF's Python slice of the shape (a float axis: TypeError)
    if s != m._v.shape:
        raise ValueError("Shapes %s and %s are incompatible" % (
            TensorShape(s), m.shape))
    axis %= max(x._v.ndim, 1)
    if m._v.dtype != np.bool_:  # TF's Where takes the non-zero entries of a numeric mask
        if m._v.dtype not in _WHERE_TYPES:
            raise _where_type_error(m.dtype)
        m = wrap(m._v != 0)
    return _boolean_mask(x, m, axis=axis)


_WHERE_TYPES = frozenset(np.dtype(t) for t in (
    np.float32, np.float64, np.int32, np.uint8, np.int16, np.int8, np.complex64, np.int64,
    np.complex128, np.uint16, np.uint32, np.uint64, np.bool_)) | (
        frozenset([_dt.bfloat16._np]) if _dt.bfloat16._np is not None else frozenset())


def _where_type_error(dt):
    if dt.name == "float16":
        return UnimplementedError(None, "Where", "No WhereOp available for float16/half type on "
                                  "CPU; dying in CPU WhereOp to avoid silently creating costly "
                                  "copies from device. [Op:Where]")
    return InvalidArgumentError(None, "Where", "Value for attr 'T' of %s is not in the list of "
                                "allowed values: float, double, int32, uint8, int16, int8, "
                                "complex64, int64, qint8, quint8, qint32, bfloat16, qint16, "
                                "quint16, uint16, complex128, half, uint32, uint64, bool [Op:Where]"
                                % dt._kernel_word)


@primitive("Where", differentiable=False, on_error=lambda p, a, k: None)
def _where1(c):
    if c.ndim == 0:
        raise InvalidArgumentError(None, "Where", "WhereOp : Unhandled input dimensions: 0 "
                                   "[Op:Where]")
    return np.argwhere(c)


@export("where")
def where(condition, x=None, y=None, name=None):
    """One argument: int64 coordinates of the True (non-zero) entries, shape [N, rank].
    Three arguments: x where condition else y, broadcasting all three (SelectV2)."""
    if (x is None) != (y is None):
        raise ValueError("x and y must both be non-None or both be None.")
    if x is None:
        c = condition if isinstance(condition, Tensor) else convert_to_tensor(condition)
        if c._v.dtype not in _WHERE_TYPES:
            raise _where_type_error(c.dtype)
        return _where1(c)
    if type(condition) is not Tensor:  # TF converts the condition with dtype bool
        condition = condition._read() if hasattr(condition, "_read") else \
            convert_to_tensor(condition, dtype=_dt.bool)
    try:
        return select(condition, x, y)
    except InvalidArgumentError:
        if condition._v.dtype.kind != "b" and not (isinstance(x, Tensor) and
                                                   isinstance(y, Tensor)):
            # all tensors: SelectV2's own dtype error; else TF's slow path converts the
            # condition with dtype bool
            raise ValueError("Tensor conversion requested dtype bool for Tensor with dtype %s: "
                             "%r" % (condition.dtype.name, condition)) from None
        raise


@export("strided_slice")
def strided_slice(input_, begin, end, strides=None, begin_mask=0, end_mask=0, ellipsis_mask=0,
                  new_axis_mask=0, shrink_axis_mask=0, var=None, name=None):
    """input_[begin:end:strides] with TF's bit masks (the op behind ``t[...]``)."""
    b = _int_list(begin)
    e = _int_list(end)
    st = _int_list(strides) if strides is not None else [1] * len(b)
    key = []
    for k in range(len(b)):
        bit = 1 << k
        if ellipsis_mask & bit:
            key.append(Ellipsis)
        elif new_axis_mask & bit:
            key.append(None)
        elif shrink_axis_mask & bit:
            key.append(b[k])
        else:
            key.append(slice(None if begin_mask & bit else b[k],
                                 None if end_mask & bit else e[k], st[k]))
    return getitem(convert_to_tensor(input_), tuple(key))
