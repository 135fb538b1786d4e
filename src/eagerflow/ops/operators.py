"""Python operators on Tensor (``+``, ``==``, ``[]`` ...), installed on the class once at import.

Each operator converts its other operand with TF's rule for that operator and calls the op's
primitive, so it runs the engine's one dispatch path. With the C accelerator, Tensor's C slots bind
the same primitive directly for the common case and call these functions for every other case.
"""
import numpy as np

from .. import _accel
from .. import dtypes as _dt
from ..engine.primitive import COMPOSITES, INEXACT, STATE, current_tracer
from ..tensor import Tensor, VariableBase, convert_to_tensor, wrap
from . import comparison as cm, elementwise as el
from .indexing import getitem, _strided_slice
from .matmul import matmul

def _add(a, b):
    """``+`` converts the other operand with the tensor's dtype as a hint only (``i32 + 1.5`` is
    AddV2's dtype error, as in TF), as tf.add does."""
    if b is None:
        return NotImplemented
    if isinstance(a, VariableBase):
        a = a._read()
    return el.add(a, b)


def _reflected(prim):
    """``other OP tensor``: other converts strictly to the tensor's dtype (TypeError if it can't)."""
    def op(a, b):
        if isinstance(a, VariableBase):
            a = a._read()
        if b is None:
            return NotImplemented
        return prim(convert_to_tensor(b, dtype=a.dtype) if not isinstance(b, Tensor) else b, a)
    return op


def _bool_mul(general, reflected=False):
    """``*`` on bool tensors is a logical and in TF (tf.multiply has no bool kernel)."""
    def op(a, b):
        if isinstance(a, VariableBase):
            a = a._read()
        if a.dtype is _dt.bool and b is not None:
            b = b if isinstance(b, (Tensor, VariableBase)) else convert_to_tensor(b, dtype=a.dtype)
            return cm._logical_and(b, a) if reflected else cm._logical_and(a, b)
        return general(a, b)
    return op


def _strict(prim):
    """``other`` converts strictly to the tensor's dtype (``i32 * 1.5``, ``"a" * 2``: TypeError)."""
    def general(a, b):
        if isinstance(a, VariableBase):
            a = a._read()
        if not isinstance(b, Tensor):
            b = _convert_strict(b, a.dtype)
        return prim(a, b)
    return general


def _convert_strict(b, dtype):
    if isinstance(b, VariableBase):
        return b._read()
    return wrap(_dt.python_to_array(b, dtype, Tensor))


def _truediv(a, b):
    if isinstance(a, VariableBase):
        a = a._read()
    if not isinstance(b, Tensor):
        b = convert_to_tensor(b, dtype_hint=a.dtype)
    return el.truediv(a, b)


def _rtruediv(a, b):
    if isinstance(a, VariableBase):
        a = a._read()
    return el.truediv(convert_to_tensor(b, dtype=a.dtype), a)


def _equality(prim, if_none, if_incompatible):
    """``==`` / ``!=``: None compares unequal, incompatible shapes give a scalar (TF's rules)."""
    def op(a, b):
        if b is None:
            return if_none
        if isinstance(b, VariableBase):
            b = b._read()
        elif not isinstance(b, Tensor):
            b = _convert_strict_cmp(b, a)
        try:
            np.broadcast_shapes(a._v.shape, b._v.shape)
        except ValueError:
            return wrap(np.asarray(if_incompatible))
        return prim(a, b)
    return op


_eq = _equality(cm._equal, False, False)
_ne = _equality(cm._not_equal, True, True)


def _convert_strict_cmp(b, a):
    return wrap(_dt.python_to_array(b, a.dtype, Tensor))


def _neg(a):
    return el._neg(a)


def _invert(a):
    if a.dtype is _dt.bool:
        return cm._logical_not(a)
    return cm._invert(a)


def _logic(bool_prim, int_prim, reflected=False):
    def op(a, b):
        if isinstance(a, VariableBase):
            a = a._read()
        b = convert_to_tensor(b, dtype=a.dtype) if not isinstance(b, (Tensor, VariableBase)) \
            else convert_to_tensor(b)
        x, y = (b, a) if reflected else (a, b)
        if a.dtype is _dt.bool:
            return bool_prim(x, y)
        return int_prim(x, y)
    return op


def _xor_bool(x, y):
    return cm.logical_xor(x, y)


def _matmul(a, b):
    return matmul(a, b)


def _rmatmul(a, b):
    if isinstance(a, VariableBase):
        a = a._read()
    return matmul(convert_to_tensor(b, dtype=a.dtype), a)


def _pow(a, b):
    # ``**`` converts the exponent strictly (``i32 ** 0.5`` is a TypeError, as in TF)
    if isinstance(a, VariableBase):
        a = a._read()
    if not isinstance(b, Tensor):
        b = _convert_strict(b, a.dtype)
    return el._pow(a, b)


def _rpow(a, b):
    if isinstance(a, VariableBase):
        a = a._read()
    return el._pow(convert_to_tensor(b, dtype=a.dtype), a)


def _abs(a):
    return el.abs(a)


OPERATORS = {
    "__add__": _add,
    "__radd__": _reflected(el._add),
    "__sub__": _strict(el._sub),
    "__rsub__": _reflected(el._sub),
    "__mul__": _bool_mul(_strict(el._mul)),
    "__rmul__": _bool_mul(_reflected(el._mul), reflected=True),
    "__truediv__": _truediv,
    "__rtruediv__": _rtruediv,
    "__floordiv__": _strict(el._floordiv),
    "__rfloordiv__": _reflected(el._floordiv),
    "__mod__": _strict(el._floormod),
    "__rmod__": _reflected(el._floormod),
    "__pow__": _pow,
    "__rpow__": _rpow,
    "__matmul__": _matmul,
    "__rmatmul__": _rmatmul,
    "__neg__": _neg,
    "__abs__": _abs,
    "__invert__": _invert,
    "__and__": _logic(cm._logical_and, cm._bitwise_and),
    "__rand__": _logic(cm._logical_and, cm._bitwise_and, True),
    "__or__": _logic(cm._logical_or, cm._bitwise_or),
    "__ror__": _logic(cm._logical_or, cm._bitwise_or, True),
    "__xor__": _logic(_xor_bool, cm._bitwise_xor),
    "__rxor__": _logic(_xor_bool, cm._bitwise_xor, True),
    "__lt__": _strict(cm._less),
    "__le__": _strict(cm._less_equal),
    "__gt__": _strict(cm._greater),
    "__ge__": _strict(cm._greater_equal),
    "__eq__": _eq,
    "__ne__": _ne,
    "__getitem__": getitem,
}


def _defer_to_composites(fn):
    """A binary operator whose other operand is a composite tensor (tf.RaggedTensor,
    tf.SparseTensor: ``engine.primitive.COMPOSITES``) returns NotImplemented, so Python runs the
    composite's reflected operator instead of converting it to a Tensor here."""
    def op(a, b):
        if type(b) in COMPOSITES:
            return NotImplemented
        return fn(a, b)
    op.__name__ = getattr(fn, "__name__", "op")
    return op


_BINARY = ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "matmul", "and", "or",
           "xor", "lt", "le", "gt", "ge")
for _op in _BINARY:
    for _slot in ("__%s__" % _op, "__r%s__" % _op):
        if _slot in OPERATORS:
            OPERATORS[_slot] = _defer_to_composites(OPERATORS[_slot])


def _named(scope, fn):
    """The operator under TF's name for it in a graph (``x * y`` is the node "mul", its converted
    constant "mul/y"); outside a trace, ``fn`` itself."""
    def op(a, b):
        if STATE.g:
            scoped = getattr(current_tracer(), "scoped", None)
            if scoped is not None:
                return scoped(scope, fn, a, b)
        return fn(a, b)
    op.__name__ = getattr(fn, "__name__", scope)
    return op


for _op, _scope in (("add", "add"), ("sub", "sub"), ("mul", "mul"), ("truediv", "truediv"),
                    ("floordiv", "floordiv"), ("mod", "mod"), ("pow", "pow"),
                    ("matmul", "matmul")):
    for _slot in ("__%s__" % _op, "__r%s__" % _op):
        OPERATORS[_slot] = _named(_scope, OPERATORS[_slot])
OPERATORS["__getitem__"] = _named("strided_slice", OPERATORS["__getitem__"])


# the operators the C accelerator's Tensor slots run: slot -> (operator name, reflected name,
# primitive, dtypes for which the operator is exactly that primitive (None: all it admits))
_C_SLOTS = {
    "OP_ADD": ("__add__", "__radd__", el._add, None),
    "OP_SUB": ("__sub__", "__rsub__", el._sub, None),
    "OP_MUL": ("__mul__", "__rmul__", el._mul, None),
    "OP_TRUEDIV": ("__truediv__", "__rtruediv__", el._realdiv, INEXACT),  # ints: cast first
    "OP_LT": ("__lt__", None, cm._less, None),
    "OP_LE": ("__le__", None, cm._less_equal, None),
    "OP_GT": ("__gt__", None, cm._greater, None),
    "OP_GE": ("__ge__", None, cm._greater_equal, None),
    "OP_EQ": ("__eq__", None, cm._equal, None),
    "OP_NE": ("__ne__", None, cm._not_equal, None),
    "OP_GETITEM": ("__getitem__", None, _strided_slice, None),
}


def install(cls):
    """Puts the operators on ``cls``; with the C accelerator, Tensor's C slots run the ones of
    ``_C_SLOTS`` (binding the same primitive, and calling the function here otherwise)."""
    c_names = set()
    if cls is Tensor and _accel.ENABLED:
        C = _accel.C
        for slot, (name, rname, prim, dtypes) in _C_SLOTS.items():
            C.set_operator(getattr(C, slot), prim, OPERATORS[name],
                           OPERATORS[rname] if rname else None,
                           _ordered(dtypes) if dtypes is not None else None)
            c_names.update((name, rname))
    for k, f in OPERATORS.items():
        if k not in c_names:
            setattr(cls, k, f)
    cls.__hash__ = Tensor.__dict__["__hash__"] if cls is Tensor else cls.__hash__


def _ordered(dtypes):
    return tuple(dtypes)


install(Tensor)

