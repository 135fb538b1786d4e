"""Comparisons, logic, bit operations and value tests (no gradient), and SelectV2 (the
three-argument where), whose gradient routes the incoming gradient by its condition."""
import numpy as np

from .. import dtypes as _dt
from .._export import export
from ..engine.primitive import (Primitive, primitive, mismatch_error, FLOAT_TYPES, INT_TYPES,
                                NUMERIC, REAL, BOOL_TYPES, STRING_TYPES)
from ..errors import InvalidArgumentError
from ._kernel_types import kernel_types
from .cast import zeros_like


# ---------------------------------------------------------------------------------------------
# comparisons, logic, bits (no gradient)

def _cmp(name, fn, dtypes):
    return Primitive(name, fn, dtypes=dtypes, differentiable=False, weak=True)


_equal = _cmp("Equal", np.equal, NUMERIC | BOOL_TYPES | STRING_TYPES)
_not_equal = _cmp("NotEqual", np.not_equal, NUMERIC | BOOL_TYPES | STRING_TYPES)
_less = _cmp("Less", np.less, REAL)
_less_equal = _cmp("LessEqual", np.less_equal, REAL)
_greater = _cmp("Greater", np.greater, REAL)
_greater_equal = _cmp("GreaterEqual", np.greater_equal, REAL)
_logical_and = _cmp("LogicalAnd", np.logical_and, BOOL_TYPES)
_logical_or = _cmp("LogicalOr", np.logical_or, BOOL_TYPES)
_bitwise_and = _cmp("BitwiseAnd", np.bitwise_and, INT_TYPES)
_bitwise_or = _cmp("BitwiseOr", np.bitwise_or, INT_TYPES)
_bitwise_xor = _cmp("BitwiseXor", np.bitwise_xor, INT_TYPES)


# TF's dtype errors for these ops: each kernel lists its allowed types in its own order, a
# comparison's signature ends in ``z:bool`` and the bool-only ops' inputs have a fixed type (a
# mismatch error instead)
_REAL_WORDS = ("float", "double", "int32", "uint8", "int16", "int8", "int64", "bfloat16", "uint16",
               "half", "uint32", "uint64")
_INT_WORDS = ("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64")


def _bool_inputs(prim):
    """A bool-only op (LogicalAnd/Or/Not): TF names the first input that is not bool."""
    general = prim.admit

    def admit(inputs):
        for k, t in enumerate(inputs):
            if t._v.dtype != np.bool_:
                raise mismatch_error(prim, k, np.dtype(np.bool_), t._v.dtype)
        return general(inputs)
    prim.admit = admit


def _shift(fn):
    def f(x, y):
        bits = x.dtype.itemsize * 8
        # TF clamps the shift to [0, bits - 1]; the common in-range case needs no work
        if y.size and (y.min() < 0 or y.max() >= bits):
            y = np.clip(y, 0, bits - 1).astype(y.dtype, copy=False)
        return fn(x, y)
    return f


_left_shift = _cmp("LeftShift", _shift(np.left_shift), INT_TYPES)
_right_shift = _cmp("RightShift", _shift(np.right_shift), INT_TYPES)


def _test(name, fn, dtypes):
    return Primitive(name, fn, dtypes=dtypes, differentiable=False)


_is_nan = _test("IsNan", np.isnan, FLOAT_TYPES)
_is_inf = _test("IsInf", np.isinf, FLOAT_TYPES)
_is_finite = _test("IsFinite", np.isfinite, FLOAT_TYPES)
_logical_not = _test("LogicalNot", np.logical_not, BOOL_TYPES)
_invert = _test("Invert", np.invert, INT_TYPES)

for _p in (_less, _less_equal, _greater, _greater_equal):
    kernel_types(_p, _REAL_WORDS, out="bool")
for _p in (_bitwise_and, _bitwise_or, _bitwise_xor):
    kernel_types(_p, _INT_WORDS, commutative=True)
for _p in (_left_shift, _right_shift):
    kernel_types(_p, _INT_WORDS)
kernel_types(_invert, _INT_WORDS, unary=True)
for _p in (_is_nan, _is_inf, _is_finite):
    kernel_types(_p, ("bfloat16", "half", "float", "double"), out="bool", unary=True)
for _p in (_logical_and, _logical_or, _logical_not):
    _bool_inputs(_p)


# ---------------------------------------------------------------------------------------------
# select (the three-argument where) and cast

@primitive("SelectV2", match=(1, 2), on_error=lambda p, a, k: InvalidArgumentError(
    None, "SelectV2", "condition %s, then %s, and else %s must be broadcastable [Op:SelectV2]" % tuple(
        "[%s]" % ",".join(map(str, x.shape)) for x in a)))
def _select(c, x, y):
    if c.dtype != np.bool_:
        raise InvalidArgumentError(None, "SelectV2", (
            "cannot compute SelectV2 as input #0(zero-based) was expected to be a bool tensor but "
            "is a %s tensor [Op:SelectV2] name: ") % _dt.NP_TO_DTYPE[c.dtype]._kernel_word)
    return np.where(c, x, y)


@_select.defvjp
def _(g, ans, c, x, y):
    z = zeros_like(g)
    return None, select(c, g, z), select(c, z, g)


def select(condition, x, y, name=None):
    """Elementwise choice between x and y by condition, with broadcasting (SelectV2)."""
    return _select(condition, x, y)


is_nan = export("math.is_nan")(_is_nan)


is_inf = export("math.is_inf")(_is_inf)


is_finite = export("math.is_finite")(_is_finite)


logical_and = export("logical_and", "math.logical_and")(_logical_and)


logical_or = export("logical_or", "math.logical_or")(_logical_or)


logical_not = export("logical_not", "math.logical_not")(_logical_not)


@export("math.logical_xor")
def logical_xor(x, y, name=None):
    """Elementwise XOR of bool tensors."""
    return logical_and(logical_or(x, y), logical_not(logical_and(x, y)))


equal = export("equal", "math.equal")(_equal)


not_equal = export("not_equal", "math.not_equal")(_not_equal)


less = export("less", "math.less")(_less)


less_equal = export("less_equal", "math.less_equal")(_less_equal)


greater = export("greater", "math.greater")(_greater)


greater_equal = export("greater_equal", "math.greater_equal")(_greater_equal)


bitwise_and = export("bitwise.bitwise_and")(_bitwise_and)


bitwise_or = export("bitwise.bitwise_or")(_bitwise_or)


bitwise_xor = export("bitwise.bitwise_xor")(_bitwise_xor)


invert = export("bitwise.invert")(_invert)


left_shift = export("bitwise.left_shift")(_left_shift)


right_shift = export("bitwise.right_shift")(_right_shift)
