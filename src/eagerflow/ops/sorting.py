"""Arg-reductions, sorting and searching: argmax / argmin, top_k, sort, argsort, unique and
searchsorted; TakeAlongAxis / PutAlongAxis carry the gradients of sort and top_k."""
import collections

import numpy as np

from .. import dtypes as _dt
from .._export import export
from ..engine.device import xp_of
from ..engine.primitive import (primitive, type_error, REAL, BOOL_TYPES, FLOAT_TYPES,
                                COMPLEX_TYPES, SIGNED_INT_TYPES)
from ..errors import InvalidArgumentError
from ..tensor import Tensor, convert_to_tensor, wrap
from ._args import _err, _out_type
from . import run_time_shapes as R


# ---------------------------------------------------------------------------------------------
# argmax, argmin

_ARG_TYPES = REAL | BOOL_TYPES
_INDEX_TYPES = {"int16": np.int16, "uint16": np.uint16, "int32": np.int32, "int64": np.int64}


_vdot = np.vdot


def _has_nan(x):
    # the sum of squares is NaN exactly when x holds a NaN (squares are never negative: no
    # inf - inf; overflow gives inf): one cheap C call, then the exact test
    s = _vdot(x, x)
    return s != s and np.isnan(x).any()


@primitive("ArgMax", dtypes=_ARG_TYPES, differentiable=False, quiet=True, attrs_positional=True)
def _argmax(x, axis, out):
    if x.dtype.kind == "f" and _has_nan(x):
        x = np.where(np.isnan(x), -np.inf, x)  # TF's kernel never selects a NaN
    r = x.argmax(axis)
    return r if r.dtype.type is out else r.astype(out)


@primitive("ArgMin", dtypes=_ARG_TYPES, differentiable=False, quiet=True, attrs_positional=True)
def _argmin(x, axis, out):
    if x.dtype.kind == "f" and _has_nan(x):
        x = np.where(np.isnan(x), np.inf, x)
    r = x.argmin(axis)
    return r if r.dtype.type is out else r.astype(out)


def _arg_call(prim, input, axis, output_type):
    op = prim.name
    if axis is None:
        axis = 0
    elif isinstance(axis, Tensor):
        if axis._v.dtype.kind not in "iu":
            raise TypeError("axis must be int or Tensor with integer datatype")
        if axis._v.ndim:
            raise InvalidArgumentError(None, op, "dim must be a scalar, but received tensor of "
                                       "shape: [%s] [Op:%s]" % (
                                           ",".join(map(str, axis._v.shape)), op))
        axis = int(axis._v)
    elif type(axis) is int or type(axis) is bool:  # (TF takes True as 1)
        axis = int(axis)
    elif isinstance(axis, np.integer):  # TF's dispatch rejects NumPy integer scalars
        raise TypeError("axis tensor dtypes %s is not supported" % np.dtype(type(axis)).name)
    else:
        raise TypeError("axis must be int or Tensor with integer datatype")
    out = _dt.as_dtype(output_type)
    if out.name not in _INDEX_TYPES:
        raise InvalidArgumentError(None, op, (
            "Value for attr 'output_type' of %s is not in the list of allowed values: int16, "
            "uint16, int32, int64 [Op:%s]") % (out._kernel_word, op))
    x = input if type(input) is Tensor else convert_to_tensor(input)
    shape = x._v.shape
    nd = len(shape)
    if not -nd <= axis < nd:
        raise InvalidArgumentError(None, op, "Expected dimension in the range [%d, %d), but got "
                                   "%d [Op:%s]" % (-nd, nd, axis, op))
    axis %= nd
    if shape[axis] == 0:
        raise InvalidArgumentError(None, op, "Reduction axis %d is empty in shape [%s] [Op:%s]"
                                   % (axis, ",".join(map(str, shape)), op))
    return prim(x, axis=axis, out=_INDEX_TYPES[out.name])


_INT64 = _dt.int64


@export("argmax", "math.argmax")
def argmax(input, axis=None, output_type=_dt.int64, name=None):
    """Index of the largest value along axis (default 0); ties -> the first."""
    if type(input) is Tensor and output_type is _INT64 and (type(axis) is int or axis is None):
        shape = input._v.shape
        a = 0 if axis is None else axis + len(shape) if axis < 0 else axis
        if 0 <= a < len(shape) and shape[a]:  # the common case; else _arg_call's checks
            return _argmax(input, axis=a, out=np.int64)
    return _arg_call(_argmax, input, axis, output_type)


@export("argmin", "math.argmin")
def argmin(input, axis=None, output_type=_dt.int64, name=None):
    """Index of the smallest value along axis (default 0); ties -> the first."""
    if type(input) is Tensor and output_type is _INT64 and (type(axis) is int or axis is None):
        shape = input._v.shape
        a = 0 if axis is None else axis + len(shape) if axis < 0 else axis
        if 0 <= a < len(shape) and shape[a]:
            return _argmin(input, axis=a, out=np.int64)
    return _arg_call(_argmin, input, axis, output_type)


# ---------------------------------------------------------------------------------------------
# gathers along an axis: the gradient carriers of sort and top_k

@primitive("TakeAlongAxis", match=(0,))
def _take_along(x, idx, axis):
    return np.take_along_axis(x, idx, axis=axis)


@_take_along.defvjp
def _(g, ans, x, idx, axis):
    if R.dims(x)[axis] is None:  # the size is known only when the graph runs
        return _put_along_like(g, idx, x, axis=axis), None
    return _put_along(g, idx, size=x._v.shape[axis], axis=axis), None


@primitive("PutAlongAxis", match=(0,))
def _put_along(g, idx, size, axis):
    """Zeros with ``size`` along axis, g written at idx (indices are distinct along the axis)."""
    shape = list(g.shape)
    shape[axis] = size
    out = xp_of(g).zeros(shape, g.dtype)
    np.put_along_axis(out, idx, g, axis=axis)
    return out


@_put_along.defvjp
def _(g, ans, dy, idx, size, axis):
    return _take_along(g, idx, axis=axis), None


@primitive("PutAlongAxisLike", match=(0,))
def _put_along_like(g, idx, x, axis):
    """PutAlongAxis with x's size along axis, read when the graph runs."""
    return _put_along.fwd(g, idx, size=x.shape[axis], axis=axis)


@_put_along_like.defvjp
def _(g, ans, dy, idx, x, axis):
    return _take_along(g, idx, axis=axis), None, None


# ---------------------------------------------------------------------------------------------
# top_k, sort, argsort

TopKV2 = collections.namedtuple("TopKV2", ["values", "indices"])
Unique = collections.namedtuple("Unique", ["y", "idx"])
UniqueWithCounts = collections.namedtuple("UniqueWithCounts", ["y", "idx", "count"])


def _descending_order(x, axis):
    """Stable descending argsort (ties keep input order; NaN last, like TF's top_k)."""
    if x.dtype.kind == "f":
        return np.argsort(-x, axis=axis, kind="stable")
    n = x.shape[axis]
    rev = np.flip(x, axis)
    return (n - 1) - np.flip(np.argsort(rev, axis=axis, kind="stable"), axis)


_TOPK_INDEX = {"int16": np.int16, "int32": np.int32, "int64": np.int64}


@primitive("TopKV2", dtypes=REAL, multiple_results=True)
def _top_k(x, k, sorted, index_type):
    if x.ndim == 0:
        raise InvalidArgumentError(None, "TopKV2", "input must be >= 1-D, got shape [] "
                                   "[Op:TopKV2]")
    if k < 0:
        raise InvalidArgumentError(None, "TopKV2", "Need k >= 0, got %d [Op:TopKV2]" % k)
    if x.shape[-1] < k:
        raise InvalidArgumentError(None, "TopKV2", "input must have at least k columns. Had %d, "
                                   "needed %d [Op:TopKV2]" % (x.shape[-1], k))
    idx = _descending_order(x, -1)[..., :k]
    return np.take_along_axis(x, idx, axis=-1), idx.astype(index_type)


@_top_k.defvjp
def _(g, ans, x, k, sorted, index_type):
    return (_put_along(g[0], ans[1], size=x._v.shape[-1], axis=x._v.ndim - 1),)


@export("math.top_k", "nn.top_k")
def top_k(input, k=1, sorted=True, index_type=_dt.int32, name=None):
    """The k largest entries along the last axis and their indices: TopKV2(values, indices)."""
    if isinstance(k, Tensor):
        if k._v.dtype.kind not in "iu":
            raise InvalidArgumentError(None, "TopKV2", (
                "Value for attr 'Tk' of %s is not in the list of allowed values: int16, int32, "
                "int64 [Op:TopKV2]") % k.dtype._kernel_word)
        kv = k._v
    elif type(k) is bool:  # TF converts k with dtype int32: True is 1
        kv = np.asarray(int(k), np.int32)
    elif type(k) is int:
        # TF keeps the low 32 bits of a Python int beyond int32 (2**40 is k=0)
        kv = np.asarray(k, np.int64).astype(np.int32) if -2 ** 63 <= k < 2 ** 63 else np.asarray(k)
    else:
        if isinstance(k, (float, complex, np.floating, np.complexfloating)) and (
                isinstance(input, Tensor) or hasattr(input, "_read")):
            # (TF's eager fast path converts k with dtype int32 when input is a tensor; else k is
            # a float tensor: the attr error below)
            raise TypeError("Cannot convert %r to EagerTensor of dtype int32" % (k,))
        kv = convert_to_tensor(k)._v
    if kv.ndim:
        raise InvalidArgumentError(None, "TopKV2", "k must be scalar, got shape [%s] [Op:TopKV2]"
                                   % ",".join(map(str, kv.shape)))
    if kv.dtype.kind not in "iu":
        raise InvalidArgumentError(None, "TopKV2", (
            "Value for attr 'Tk' of %s is not in the list of allowed values: int16, int32, int64 "
            "[Op:TopKV2]") % ("float" if isinstance(k, float) else
                              _dt.as_dtype(kv.dtype)._kernel_word))
    it = _dt.as_dtype(index_type)
    if it.name not in _TOPK_INDEX:
        raise InvalidArgumentError(None, "TopKV2", (
            "Value for attr 'index_type' of %s is not in the list of allowed values: int16, int32, "
            "int64 [Op:TopKV2]") % it._kernel_word)
    values, indices = _top_k(input, k=int(kv), sorted=bool(sorted),
                             index_type=_TOPK_INDEX[it.name])
    return TopKV2(values, indices)


class _Op:
    """Stands in for a TF op in a dtype error raised on behalf of a composite."""
    __slots__ = ("name", "dtypes")

    def __init__(self, name, dtypes):
        self.name = name
        self.dtypes = dtypes


_NEG = _Op("Neg", FLOAT_TYPES | SIGNED_INT_TYPES | COMPLEX_TYPES)
_TOPK = _Op("TopKV2", REAL)


def _sort_setup(values, axis, direction):
    if direction not in ("ASCENDING", "DESCENDING"):
        raise ValueError("Argument `direction` should be one of ASCENDING, DESCENDING. Received: "
                         "direction=%s" % (direction,))
    x = values if type(values) is Tensor else convert_to_tensor(values)
    a = x._v
    dt = a.dtype
    # TF sorts ascending as a descending top_k of -x (max - x for unsigned ints)
    if direction == "ASCENDING" and dt.kind != "u" and dt not in _NEG.dtypes:
        raise type_error(_NEG, dt)
    if dt not in _TOPK.dtypes:
        raise type_error(_TOPK, dt)
    if hasattr(axis, "_read"):
        axis = axis._read()
    if isinstance(axis, Tensor):
        axis = axis._v
    if axis is None:
        convert_to_tensor(axis)  # TF's conversion error
    if np.ndim(axis):
        raise ValueError("Argument `axis` must be a constant scalar. Received: axis=%s."
                         % (np.asarray(axis).tolist(),))
    axis = int(axis)
    nd = a.ndim
    if not -nd <= axis < nd:
        raise InvalidArgumentError(None, "StridedSlice", "slice index %d of dimension 0 out of "
                                   "bounds. [Op:StridedSlice]" % (axis if axis >= 0 or nd == 0
                                                                  else axis + nd))
    axis %= nd
    return x, _sort_order(x, axis=axis, descending=direction == "DESCENDING"), axis


@primitive("SortOrder", differentiable=False)
def _sort_order(x, axis, descending):
    """The int32 indices that sort x along axis (stable; an op, so a traced graph sorts the
    values it runs on)."""
    idx = _descending_order(x, axis) if descending else np.argsort(x, axis=axis, kind="stable")
    return idx.astype(np.int32)


@export("sort")
def sort(values, axis=-1, direction="ASCENDING", name=None):
    """Sorted copy of values along axis."""
    x, idx, axis = _sort_setup(values, axis, direction)
    return _take_along(x, idx, axis=axis)


@export("argsort")
def argsort(values, axis=-1, direction="ASCENDING", stable=False, name=None):
    """int32 indices that sort values along axis (ties keep input order)."""
    return _sort_setup(values, axis, direction)[1]


# ---------------------------------------------------------------------------------------------
# unique

def _unique(x, out_idx, op):
    if x.ndim != 1:
        raise InvalidArgumentError(None, op, "unique expects a 1D vector. [Op:%s]" % op)
    xp = xp_of(x)
    if x.size == 0:
        return x.copy(), xp.zeros(0, out_idx), xp.zeros(0, out_idx)
    kw = {} if x.dtype.kind == "O" else {"equal_nan": False}
    _, first, inv, counts = np.unique(x, return_index=True, return_inverse=True,
                                      return_counts=True, **kw)
    order = np.argsort(first, kind="stable")
    rank = xp.empty(order.size, np.int64)
    rank[order] = xp.arange(order.size)
    return x[first[order]], rank[inv.reshape(-1)].astype(out_idx), counts[order].astype(out_idx)


@primitive("Unique", multiple_results=True)
def _unique1(x, out_idx):
    return _unique(x, out_idx, "Unique")[:2]


@primitive("UniqueWithCounts", multiple_results=True)
def _unique_counts(x, out_idx):
    return _unique(x, out_idx, "UniqueWithCounts")


def _no_gradient(name):
    def vjp(g, ans, *inputs, **params):
        raise LookupError("gradient registry has no entry for: %s" % name)
    return vjp


_unique1.defvjp(_no_gradient("Unique"))
_unique_counts.defvjp(_no_gradient("UniqueWithCounts"))

_UNIQUE_INDEX = {"int32": np.int32, "int64": np.int64}


def _unique_index(out_idx, op):
    d = _dt.as_dtype(out_idx)
    if d.name not in _UNIQUE_INDEX:
        raise InvalidArgumentError(None, op, (
            "Value for attr 'out_idx' of %s is not in the list of allowed values: int32, int64 "
            "[Op:%s]") % (d._kernel_word, op))
    return _UNIQUE_INDEX[d.name]


@export("unique")
def unique(x, out_idx=_dt.int32, name=None):
    """Unique elements of a 1-D tensor in order of first appearance: Unique(y, idx)."""
    y, idx = _unique1(x, out_idx=_unique_index(out_idx, "Unique"))
    return Unique(y, idx)


@export("unique_with_counts")
def unique_with_counts(x, out_idx=_dt.int32, name=None):
    """Like unique, plus how often each appears: UniqueWithCounts(y, idx, count)."""
    y, idx, count = _unique_counts(x, out_idx=_unique_index(out_idx, "UniqueWithCounts"))
    return UniqueWithCounts(y, idx, count)


@export("searchsorted")
def searchsorted(sorted_sequence, values, side="left", out_type=_dt.int32, name=None):
    """Insertion indices of values into the innermost dimension of sorted_sequence."""
    s = convert_to_tensor(sorted_sequence)._v
    v = convert_to_tensor(values)._v
    if side not in ("left", "right"):
        raise ValueError("Argument `side` must be either 'right' or 'left'. Received: `side` = "
                         "%s." % side)
    if s.ndim == 1 and v.ndim == 1:
        out = np.searchsorted(s, v, side=side)
    else:
        sf = s.reshape(-1, s.shape[-1])
        vf = v.reshape(-1, v.shape[-1])
        if sf.shape[0] != vf.shape[0]:
            raise _err("UpperBound" if side == "right" else "LowerBound",
                       "Leading dim_size of both tensors must match.")
        out = np.stack([np.searchsorted(a, b, side=side) for a, b in zip(sf, vf)]).reshape(
            v.shape)
    return wrap(out.astype(_out_type(out_type, "LowerBound")))
