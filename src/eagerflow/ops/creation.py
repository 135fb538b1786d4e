"""Tensor creation: zeros, ones, fill, eye, range, linspace and sequence_mask
(zeros_like/ones_like live in cast.py).

Fill and LinSpace are primitives because gradients flow to their value/start/stop arguments;
the rest build constants (TF registers no gradient for them).
"""
import math as _math

import numpy as np

from .. import dtypes as _dt
from .._export import export
from ..engine.device import xp_of
from ..engine.primitive import primitive, FLOAT_TYPES
from ..errors import InvalidArgumentError, NotFoundError
from ..tensor import Tensor, VariableBase, convert_to_tensor, wrap
from ._args import _dims, _err, _int_scalar, _index_list, run_time_shape as _graph_shape
from .broadcast import _sum
from .cast import cast
from .elementwise import _mul


def _check_dims(dims, op="Fill"):
    for d in dims:
        if d < 0:
            raise InvalidArgumentError(None, op, "Dimension %s must be >= 0 [Op:%s]" % (d, op))
    return tuple(dims)


def _shape(shape, op="Fill"):
    """The dims argument of fill (a shape tensor of int32/int64) -> tuple of ints, TF's errors."""
    if hasattr(shape, "as_list") and not isinstance(shape, Tensor):
        dims = shape.as_list()
        if None in dims:
            raise ValueError("Cannot convert a partially known TensorShape %s to a Tensor."
                             % shape)
        return _check_dims(dims, op)
    return _check_dims(_index_list(shape, "Fill", "index_type",
                                   rank_msg="dims must represent a vector, got shape %s"), op)


_INT32 = _dt.int32


def _zeros_shape(shape):
    """The shape argument of zeros/ones: TF's TensorShape(shape) first (ints and bools), else
    the shape converted as an int32 tensor (TF's conversion errors)."""
    t = type(shape)
    if t is list or t is tuple:
        for d in shape:
            if not isinstance(d, (int, np.integer)):
                break
        else:
            return _check_dims([int(d) for d in shape])
    elif t is int:
        return _check_dims([shape])
    if isinstance(shape, (Tensor, VariableBase)) or hasattr(shape, "as_list"):
        return _shape(shape)
    try:
        a = convert_to_tensor(shape, dtype=_INT32)._v
    except TypeError:
        convert_to_tensor(shape)  # TF's error for None or a mixed list comes first
        raise
    if a.ndim > 1:
        raise InvalidArgumentError(None, "Fill", "dims must represent a vector, got shape %s "
                                   "[Op:Fill]" % _dims(a.shape))
    return _check_dims(a.reshape(-1).tolist())


def _no_value_dtype(dtype, v):
    if dtype._np is None or dtype.name in ("resource", "variant"):
        raise TypeError("Cannot convert %s to EagerTensor of dtype %s" % (v, dtype.name))


@primitive("Zeros", differentiable=False)
def _zeros(shape, dtype):
    if dtype is _object:
        return np.full(shape, b"", dtype=object)
    return np.zeros(shape, dtype)


@primitive("Ones", differentiable=False)
def _ones(shape, dtype):
    return np.ones(shape, dtype)


_object = np.dtype(object)


@export("zeros")
def zeros(shape, dtype=_dt.float32, name=None, layout=None):
    """A tensor of zeros (float32 unless dtype is given; string zeros are b'')."""
    dtype = _dt.as_dtype(dtype)
    dynamic = _graph_shape(shape)
    if dynamic is not None and dtype is not _dt.string:
        return _zeros_dynamic(dynamic, dtype=dtype._np)
    s = _zeros_shape(shape)
    _no_value_dtype(dtype, 0)
    return _zeros(shape=s, dtype=dtype._np)


@primitive("ZerosDynamic", differentiable=False, value_shape=True)
def _zeros_dynamic(shape, dtype):
    """Zeros whose shape is an input (computed in a graph while it runs)."""
    s = tuple(int(d) for d in shape)
    if any(d < 0 for d in s):
        raise _err("Fill", "dims must be non-negative, got %s" % (list(s),))
    return np.zeros(s, dtype)


@export("ones")
def ones(shape, dtype=_dt.float32, name=None, layout=None):
    """A tensor of ones (float32 unless dtype is given)."""
    dtype = _dt.as_dtype(dtype)
    if dtype is _dt.string:
        raise TypeError("Cannot convert 1 to EagerTensor of dtype string")
    dynamic = _graph_shape(shape)
    if dynamic is not None:
        _no_value_dtype(dtype, 1)
        return _fill_dynamic(wrap(np.ones((), dtype._np)), dynamic)
    s = _zeros_shape(shape)
    _no_value_dtype(dtype, 1)
    return _ones(shape=s, dtype=dtype._np)


@primitive("Fill")
def _fill(value, shape):
    if value.ndim != 0:
        if value.size == 1 and value.ndim == 1:  # TF's kernel takes a 1-element vector
            value = value.reshape(())
        else:
            raise InvalidArgumentError(None, "Fill", "value must represent a scalar, got shape %s "
                                   "[Op:Fill]" % _dims(value.shape))
    # np.full's body, minus its Python wrapper (on the value's device)
    out = (_empty if type(value) is np.ndarray else xp_of(value).empty)(shape, value.dtype)
    _copyto(out, value, casting="unsafe")
    return out


_empty = np.empty
_copyto = np.copyto


@_fill.defvjp
def _(g, ans, value, shape):
    return (_sum(g, axis=tuple(range(g._v.ndim)), keepdims=False),)


@export("fill")
def fill(dims, value, name=None, layout=None):
    """A tensor of shape dims filled with the scalar value (dtype inferred like tf.constant)."""
    dynamic = _graph_shape(dims)
    if dynamic is not None:
        return _fill_dynamic(convert_to_tensor(value), dynamic)
    return _fill(convert_to_tensor(value), shape=_shape(dims))


@primitive("FillDynamic", match=(0,), value_shape=True)
def _fill_dynamic(value, shape):
    """Fill whose dims are an input (computed in a graph while it runs)."""
    s = tuple(int(d) for d in shape.reshape(-1))
    if any(d < 0 for d in s):
        raise _err("Fill", "dims must be non-negative, got %s" % (list(s),))
    return _fill.fwd(value, shape=s)


@_fill_dynamic.defvjp
def _(g, ans, value, shape):
    return (_sum(g, axis=tuple(range(g.ndim)), keepdims=False), None)


@export("eye", "linalg.eye")
def eye(num_rows, num_columns=None, batch_shape=None, dtype=_dt.float32, name=None):
    """An identity matrix (or a batch of them), float32 unless dtype is given."""
    dtype = _dt.as_dtype(dtype)

    def as_int(n):
        if isinstance(n, (Tensor, VariableBase)):
            n = convert_to_tensor(n)._v
            return int(n) if n.dtype.kind in "iu" else None
        return int(n) if isinstance(n, (int, np.integer)) and not isinstance(n, bool) else None

    r = as_int(num_rows)
    c = r if num_columns is None else as_int(num_columns)
    if r is None or c is None:
        raise TypeError("Arguments `num_rows` and `num_columns` must be positive integer values. "
                        "Received: num_rows=%s, num_columns=%s" % (
                            num_rows, num_rows if num_columns is None else num_columns))
    for d in (r, c):
        if d < 0:
            raise InvalidArgumentError(None, "Fill", "Dimension %d must be >= 0 [Op:Fill]" % d)
    b = () if batch_shape is None else _shape(batch_shape)
    return _eye(rows=r, columns=c, batch=b, dtype=dtype._np)


@primitive("Eye", differentiable=False)
def _eye(rows, columns, batch, dtype):
    m = np.eye(rows, columns, dtype=dtype)
    if batch:
        m = np.broadcast_to(m, batch + (rows, columns)).copy()
    return m


# ---------------------------------------------------------------------------------------------
# range

_HIERARCHY = [_dt.int32, _dt.int64, _dt.float16, _dt.bfloat16, _dt.float32, _dt.float64]


def _num(v):
    return ("%g" % v) if isinstance(v, float) else str(v)


@export("range")
def range(start, limit=None, delta=1, dtype=None, name="range"):  # noqa: A001 (TF's name)
    """[start, start + delta, ...) up to (not including) limit; int args give int32, any float
    float32."""
    if limit is None:
        start, limit = 0, start
    args = [start, limit, delta]
    if dtype is None:
        ts = []
        for a in args:
            if isinstance(a, bool):
                raise AssertionError()
            ts.append(convert_to_tensor(a))
        dtype = max((t.dtype for t in ts), key=lambda d: _HIERARCHY.index(d)
                    if d in _HIERARCHY else -1)
        ts = [t if t.dtype is dtype else wrap(t._v.astype(dtype._np)) for t in ts]
    else:
        dtype = _dt.as_dtype(dtype)
        if dtype.is_complex:
            raise InvalidArgumentError(None, "Range", "Value for attr 'Tidx' of %s is not in the "
                                       "list of allowed values: bfloat16, half, float, double, "
                                       "int8, int16, int32, int64, uint16, uint32, uint64\n\t; "
                                       "NodeDef: {{node Range}} [Op:Range]" % dtype._kernel_word)
        ts = []
        for a in args:
            if isinstance(a, (Tensor, VariableBase)):
                t = convert_to_tensor(a)
                if t.dtype is not dtype:
                    t = wrap(t._v.astype(dtype._np))
            else:
                t = convert_to_tensor(a, dtype=dtype)
            ts.append(t)
    if dtype not in _HIERARCHY and not dtype.is_integer:
        raise TypeError("Cannot convert 0 to EagerTensor of dtype %s" % dtype.name)
    if dtype not in _HIERARCHY:  # Range's attr admits some ints TF's CPU has no kernel for
        if dtype.name not in ("int8", "int16", "uint16", "uint32", "uint64"):
            raise InvalidArgumentError(None, "Range", "Value for attr 'Tidx' of %s is not in the "
                                       "list of allowed values: bfloat16, half, float, double, "
                                       "int8, int16, int32, int64, uint16, uint32, uint64\n\t; "
                                       "NodeDef: {{node Range}} [Op:Range]" % dtype._kernel_word)
        raise NotFoundError(None, "Range", "Could not find device for node: {{node Range}} = "
                            "Range[Tidx=DT_%s]\nAll kernels registered for op Range:\n  "
                            "<no registered kernels> [Op:Range] name: " % dtype.name.upper())
    for t, what in zip(ts, ("start", "limit", "delta")):
        if t._v.ndim and t._v.size != 1:  # TF's kernel takes a 1-element vector (legacy)
            raise InvalidArgumentError(None, "Range", "%s must be a scalar, not shape %s "
                                       "[Op:Range]" % (what, _dims(t._v.shape)))
    return _range(*ts, dtype=dtype._np, name=name)


# start, limit and delta are inputs, so a graph computes the range when it runs (its length is
# unknown while tracing when they depend on the function's inputs: ``value_shape``)
@primitive("Range", differentiable=False, value_shape=True)
def _range(start, limit, delta, dtype):
    # TF's kernel checks, in its order (a NaN fails a comparison, an infinite size the last one)
    sp, lp, dp = start.item(), limit.item(), delta.item()
    start, delta = start.reshape(()), delta.reshape(())
    if dp == 0:
        raise InvalidArgumentError(None, "Range", "Requires delta != 0: %s [Op:Range]" % _num(dp))
    if dp > 0:
        if not sp <= lp:
            raise InvalidArgumentError(None, "Range", "Requires start <= limit when delta > 0: "
                                       "%s/%s [Op:Range]" % (_num(sp), _num(lp)))
    elif not sp >= lp:
        raise InvalidArgumentError(None, "Range", "Requires start >= limit when delta < 0: %s/%s "
                                   "[Op:Range]" % (_num(sp), _num(lp)))
    if dtype.kind in "iu":
        n = (abs(lp - sp) + abs(dp) - 1) // abs(dp)
    else:
        n = _math.ceil(abs((lp - sp) / dp)) if _math.isfinite((lp - sp) / dp) else None
    if n is None or n > 9223372036854775807:
        raise InvalidArgumentError(None, "Range", "Requires ((limit - start) / delta) <= "
                                   "9223372036854775807 [Op:Range]")
    with np.errstate(all="ignore"):
        out = xp_of(start).arange(n, dtype=dtype) * delta + start
    return out.astype(dtype, copy=False)



# ---------------------------------------------------------------------------------------------
# linspace

@primitive("LinSpace", dtypes=FLOAT_TYPES)
def _linspace(start, stop, num, axis):
    shape = np.broadcast_shapes(start.shape, stop.shape)
    s = np.broadcast_to(start, shape)[..., None]
    e = np.broadcast_to(stop, shape)[..., None]
    dt = start.dtype
    xp = xp_of(start)
    if num <= 0:
        out = xp.zeros(shape + (0,), dt)
    elif num == 1:
        out = s.copy()
    else:
        delta = (e - s) / dt.type(num - 1)
        mid = s + xp.arange(1, num - 1, dtype=dt) * delta
        out = np.concatenate([s, mid.astype(dt, copy=False), e], axis=-1)
    return np.moveaxis(out, -1, axis)


def _fractions(num, dt, axis, ndim):
    t = np.arange(num, dtype=np.float64) / max(num - 1, 1)
    shape = [1] * ndim
    shape[axis] = num
    return t.astype(dt).reshape(shape)


@_linspace.defvjp
def _(g, ans, start, stop, num, axis):
    nd = g._v.ndim
    t = _fractions(num, g._v.dtype, axis, nd)
    return (_sum(_mul(g, wrap((1 - t).astype(g._v.dtype))), axis=(axis,), keepdims=False),
            _sum(_mul(g, wrap(t)), axis=(axis,), keepdims=False))


@export("linspace")
def linspace(start, stop, num, name=None, axis=0):
    """num evenly spaced values from start to stop inclusive (along a new axis)."""
    start = convert_to_tensor(start)
    try:
        stop = convert_to_tensor(stop, dtype=start.dtype)
    except ValueError as e:
        raise ValueError("stop: %s" % e) from None
    if start.dtype.is_integer:
        start, stop = cast(start, _dt.float64), cast(stop, _dt.float64)
    n = convert_to_tensor(num)
    if not n.dtype.is_integer:
        raise TypeError("Argument `tensor` (name: num) must be of type integer. Received `tensor` "
                        "= %s of dtype: %s" % (num, n.dtype))
    n = int(n._v)
    if n < 0:
        raise InvalidArgumentError(None, "Range", "Requires start <= limit when delta > 0: 1/%d "
                                   "[Op:Range]" % n)
    nd = len(np.broadcast_shapes(start._v.shape, stop._v.shape)) + 1
    axis = int(axis)
    if not -nd <= axis < nd:
        raise InvalidArgumentError(None, "LinSpace", "axis %d is out of range for a result of rank "
                                   "%d [Op:LinSpace]" % (axis, nd))
    return _linspace(start, stop, num=n, axis=axis % nd)


@export("sequence_mask")
def sequence_mask(lengths, maxlen=None, dtype=_dt.bool, name=None):
    """mask[i..., j] = j < lengths[i...]."""
    ln = convert_to_tensor(lengths)._v
    m = int(ln.max()) if maxlen is None and ln.size else (0 if maxlen is None else
                                                          _int_scalar(maxlen))
    out = xp_of(ln).arange(m) < ln[..., None]
    return wrap(out.astype(_dt.as_dtype(dtype)._np))
