"""Python operators on Tensor (``+``, ``==``, ``[]`` ...), installed on the class once at import.

Each operator has a fast path for the common case (two tensors of one dtype, or a tensor and a
Python number that NumPy already treats like TF) that calls the primitive's NumPy forward directly;
anything else takes the general dispatch path with TF's conversion rules. Both paths record on the
tapes in the same way.
"""
import operator as _operator

import numpy as np

from ..autodiff.primitive import STATE, INEXACT, INT_TYPES, incompatible_shapes
from ..tensor import Tensor, VariableBase, convert_to_tensor, wrap
from .. import dtypes as _dt
from . import math_ops as m
from .indexing import getitem
from .. import _accel

_new = object.__new__
_ndarray = np.ndarray
_asarray = np.asarray
_EMPTY = {}
_NUM = INEXACT | INT_TYPES


def _forward(prim, general):
    """``tensor OP other`` where other converts with the tensor's dtype as a hint."""
    fwd, allowed, name = prim.fwd, prim.dtypes, prim.name
    int_ok = allowed & _NUM
    float_ok = allowed & INEXACT
    # the Python operator whose C slot runs this op for two tensors (when the accelerator is on)
    slot = {"+": _operator.add, "-": _operator.sub, "*": _operator.mul}.get(
        {"AddV2": "+", "Sub": "-", "Mul": "*"}.get(name)) if prim in (m._add, m._sub, m._mul) \
        else None

    def op(a, b):
        tb = type(b)
        if tb is not Tensor and isinstance(b, VariableBase) and type(a) is Tensor:
            b = b._iread()  # ``tensor OP variable``: the variable's value, then the tensor path
            if slot is not None and _accel.ACTIVE:
                return slot(a, b)  # the C slot's tensor path (it calls back here otherwise)
            tb = type(b)
        if tb is Tensor:
            av = a._v
            bv = b._v
            d = av.dtype
            if d is bv.dtype and d in allowed:
                try:
                    r = fwd(av, bv)
                except ValueError:
                    raise incompatible_shapes(prim, (av, bv)) from None
                t = _new(Tensor)
                t._v = r if type(r) is _ndarray else _asarray(r)
                if STATE.n:
                    STATE.record(prim, (a, b), (t,), _EMPTY)
                return t
        elif (tb is float and a._v.dtype in float_ok or tb is int and a._v.dtype in int_ok) \
                and not STATE.n:
            try:
                r = fwd(a._v, b)
            except (OverflowError, ValueError):
                return general(a, b)
            t = _new(Tensor)
            t._v = r if type(r) is _ndarray else _asarray(r)
            return t
        return general(a, b)
    return op


def _hinted(prim):
    def general(a, b):
        if b is None:
            return NotImplemented
        if isinstance(a, VariableBase):
            a = a._iread()
        return prim(a, convert_to_tensor(b, dtype_hint=a.dtype))
    return general


def _reflected(prim):
    """``other OP tensor``: other converts strictly to the tensor's dtype (TypeError if it can't)."""
    def op(a, b):
        if isinstance(a, VariableBase):
            a = a._iread()
        if b is None:
            return NotImplemented
        return prim(convert_to_tensor(b, dtype=a.dtype) if not isinstance(b, Tensor) else b, a)
    return op


def _strict(prim):
    def general(a, b):
        if isinstance(a, VariableBase):
            a = a._iread()
        if not isinstance(b, Tensor):
            b = _convert_strict(b, a.dtype)
        return prim(a, b)
    return general


def _convert_strict(b, dtype):
    if isinstance(b, VariableBase):
        return b._iread()
    return wrap(_dt.python_to_array(b, dtype, Tensor))


def _truediv(a, b):
    if type(b) is Tensor and a._v.dtype is b._v.dtype and a._v.dtype in INEXACT:
        return _div_fast(a, b)
    if isinstance(a, VariableBase):
        a = a._iread()
    if not isinstance(b, Tensor):
        b = convert_to_tensor(b, dtype_hint=a.dtype)
    return m.truediv(a, b)


_div_fast = _forward(m._realdiv, lambda a, b: m.truediv(a, b))


def _rtruediv(a, b):
    if isinstance(a, VariableBase):
        a = a._iread()
    return m.truediv(convert_to_tensor(b, dtype=a.dtype), a)


def _equality(prim, if_none, if_incompatible):
    """``==`` / ``!=``: None compares unequal, incompatible shapes give a scalar (TF's rules)."""
    def op(a, b):
        if b is None:
            return if_none
        if isinstance(b, VariableBase):
            b = b._iread()
        elif not isinstance(b, Tensor):
            b = _convert_strict_cmp(b, a)
        try:
            np.broadcast_shapes(a._v.shape, b._v.shape)
        except ValueError:
            return wrap(np.asarray(if_incompatible))
        return prim(a, b)
    return op


_eq = _equality(m._equal, False, False)
_ne = _equality(m._not_equal, True, True)


def _convert_strict_cmp(b, a):
    return wrap(_dt.python_to_array(b, a.dtype, Tensor))


def _cmp_fast(prim):
    """Comparisons convert the other operand strictly (``i32 == 2.5`` is a TypeError)."""
    fwd, allowed = prim.fwd, prim.dtypes
    int_ok = allowed & INT_TYPES
    float_ok = allowed & INEXACT
    general = _strict(prim)

    def op(a, b):
        tb = type(b)
        if tb is Tensor:
            av, bv = a._v, b._v
            if av.dtype is bv.dtype and av.dtype in allowed:
                try:
                    r = fwd(av, bv)
                except ValueError:
                    raise incompatible_shapes(prim, (av, bv)) from None
                t = _new(Tensor)
                t._v = r if type(r) is _ndarray else _asarray(r)
                return t
        elif tb is int and a._v.dtype in int_ok or tb is float and a._v.dtype in float_ok:
            try:
                r = fwd(a._v, b)
            except (OverflowError, ValueError):
                pass
            else:
                t = _new(Tensor)
                t._v = r if type(r) is _ndarray else _asarray(r)
                return t
        return general(a, b)
    return op


def _eq_fast(a, b):
    tb = type(b)
    if tb is int and a._v.dtype in INT_TYPES or tb is float and a._v.dtype in INEXACT:
        try:
            r = a._v == b
        except OverflowError:
            return _eq(a, b)
        t = _new(Tensor)
        t._v = r if type(r) is _ndarray else _asarray(r)
        return t
    if tb is Tensor and a._v.dtype is b._v.dtype and a._v.shape == b._v.shape:
        t = _new(Tensor)
        r = a._v == b._v
        t._v = r if type(r) is _ndarray else _asarray(r)
        return t
    return _eq(a, b)


def _neg(a):
    return m._neg(a)


def _invert(a):
    if a.dtype is _dt.bool:
        return m._logical_not(a)
    return m._invert(a)


def _logic(bool_prim, int_prim, reflected=False):
    def op(a, b):
        if isinstance(a, VariableBase):
            a = a._iread()
        b = convert_to_tensor(b, dtype=a.dtype) if not isinstance(b, (Tensor, VariableBase)) \
            else convert_to_tensor(b)
        x, y = (b, a) if reflected else (a, b)
        if a.dtype is _dt.bool:
            return bool_prim(x, y)
        return int_prim(x, y)
    return op


def _xor_bool(x, y):
    return m.logical_xor(x, y)


def _matmul(a, b):
    return _linalg.matmul(a, b)


def _rmatmul(a, b):
    if isinstance(a, VariableBase):
        a = a._iread()
    return _linalg.matmul(convert_to_tensor(b, dtype=a.dtype), a)


def _pow(a, b):
    # ``**`` converts the exponent strictly (``i32 ** 0.5`` is a TypeError, as in TF)
    if isinstance(a, VariableBase):
        a = a._iread()
    if not isinstance(b, Tensor):
        b = _convert_strict(b, a.dtype)
    return m._pow(a, b)


def _rpow(a, b):
    if isinstance(a, VariableBase):
        a = a._iread()
    return m._pow(convert_to_tensor(b, dtype=a.dtype), a)


def _abs(a):
    return m.abs(a)


OPERATORS = {
    "__add__": _forward(m._add, _hinted(m._add)),
    "__radd__": _reflected(m._add),
    "__sub__": _forward(m._sub, _hinted(m._sub)),
    "__rsub__": _reflected(m._sub),
    "__mul__": _forward(m._mul, _hinted(m._mul)),
    "__rmul__": _reflected(m._mul),
    "__truediv__": _truediv,
    "__rtruediv__": _rtruediv,
    "__floordiv__": _forward(m._floordiv, _hinted(m._floordiv)),
    "__rfloordiv__": _reflected(m._floordiv),
    "__mod__": _forward(m._floormod, _hinted(m._floormod)),
    "__rmod__": _reflected(m._floormod),
    "__pow__": _pow,
    "__rpow__": _rpow,
    "__matmul__": _matmul,
    "__rmatmul__": _rmatmul,
    "__neg__": _neg,
    "__abs__": _abs,
    "__invert__": _invert,
    "__and__": _logic(m._logical_and, m._bitwise_and),
    "__rand__": _logic(m._logical_and, m._bitwise_and, True),
    "__or__": _logic(m._logical_or, m._bitwise_or),
    "__ror__": _logic(m._logical_or, m._bitwise_or, True),
    "__xor__": _logic(_xor_bool, m._bitwise_xor),
    "__rxor__": _logic(_xor_bool, m._bitwise_xor, True),
    "__lt__": _cmp_fast(m._less),
    "__le__": _cmp_fast(m._less_equal),
    "__gt__": _cmp_fast(m._greater),
    "__ge__": _cmp_fast(m._greater_equal),
    "__eq__": _eq_fast,
    "__ne__": _ne,
    "__getitem__": getitem,
}


def install(cls):
    # with the C accelerator, Tensor's C slots run these (calling the functions above when needed)
    skip = _accel.C_OPERATORS if cls is Tensor and _accel.ENABLED else ()
    for k, f in OPERATORS.items():
        if k not in skip:
            setattr(cls, k, f)
    cls.__hash__ = Tensor.__dict__["__hash__"] if cls is Tensor else cls.__hash__


install(Tensor)
_accel.activate(Tensor, OPERATORS)  # its fast paths mirror _forward/_truediv/_cmp_fast/_eq_fast

from . import linalg_ops as _linalg  # noqa: E402  (imported last: linalg_ops needs math_ops)
