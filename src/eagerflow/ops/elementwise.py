"""Elementwise arithmetic and unary math: the primitives (AddV2, Sub, Mul, RealDiv ... Exp, Log, the
trigonometric and hyperbolic functions, rounding, complex parts), each with its gradient rule
directly below it, and the public functions (TF's names and signatures)."""
import operator as _operator
import types

import numpy as np

from .. import dtypes as _dt
from .._export import export
from ..engine.primitive import (Primitive, primitive, mismatch_error, INEXACT, FLOAT_TYPES,
                                NUMERIC, REAL, BOOL_TYPES, COMPLEX_TYPES, STRING_TYPES)
from ..errors import InvalidArgumentError
from ..tensor import Tensor, convert_to_tensor
from ._kernel_types import kernel_types
from .cast import cast, zeros_like, ones_like
from .comparison import select, equal, greater, greater_equal, less_equal

_FLOAT_CPLX = INEXACT
_UNSIGNED = frozenset(np.dtype(t) for t in (np.uint8, np.uint16, np.uint32, np.uint64))
_ARITH = NUMERIC | STRING_TYPES


# ---------------------------------------------------------------------------------------------
# binary arithmetic

_add = Primitive("AddV2", _operator.add, dtypes=_ARITH, weak=True)


@_add.defvjp
def _(g, ans, x, y):
    return g, g


_sub = Primitive("Sub", _operator.sub, dtypes=NUMERIC, weak=True)


@_sub.defvjp
def _(g, ans, x, y):
    return g, _neg(g)


_mul = Primitive("Mul", _operator.mul, dtypes=NUMERIC, weak=True)  # bool `*`: operators.py


@_mul.defvjp
def _(g, ans, x, y):
    if x._v.dtype.kind == "c":
        x, y = _conj(x), _conj(y)
    if type(g) is Tensor and type(x) is Tensor and type(y) is Tensor:
        # the ``*`` operator is exactly Mul for same-dtype tensors (and records it likewise), and
        # takes the C fast path when nothing records
        return g * y, x * g
    return _mul(g, y), _mul(x, g)


@primitive("RealDiv", dtypes=NUMERIC, quiet=True, weak=True)
def _realdiv(x, y):
    if x.dtype.kind in "iu":
        _check_int_divisor(y)
        # only reached by calling the primitive on ints (truediv casts them to floats first)
        return np.floor_divide(x, y)
    return x / y


@_realdiv.defvjp
def _(g, ans, x, y):
    return _realdiv(g, conj(y)), _mul(g, conj(_realdiv(_realdiv(_neg(x), y), y)))


def _check_int_divisor(y):
    if not np.all(y):
        raise InvalidArgumentError(None, None, "Integer division by zero")


@primitive("FloorDiv", dtypes=REAL, differentiable=False, quiet=True)
def _floordiv(x, y):
    if x.dtype.kind in "iu":
        _check_int_divisor(y)
    return np.floor_divide(x, y)


@primitive("FloorMod", dtypes=REAL, quiet=True)
def _floormod(x, y):
    if x.dtype.kind in "iu":
        _check_int_divisor(y)
        return np.remainder(x, y)
    r = np.fmod(x, y)
    fix = (r != 0) & ((y < 0) != (r < 0))
    return np.where(fix, r + y, r) if fix.any() else r


@_floormod.defvjp
def _(g, ans, x, y):
    return g, _mul(_neg(g), floor(_realdiv(x, y)) if x.dtype.is_floating else _floordiv(x, y))


@primitive("TruncateDiv", dtypes=REAL, differentiable=False, quiet=True)
def _truncatediv(x, y):
    if x.dtype.kind in "iu":
        _check_int_divisor(y)
        q = np.floor_divide(x, y)
        fix = (np.remainder(x, y) != 0) & ((x < 0) != (y < 0))
        return np.where(fix, q + 1, q).astype(x.dtype, copy=False)
    return np.trunc(x / y)


@primitive("TruncateMod", dtypes=REAL, differentiable=False, quiet=True)
def _truncatemod(x, y):
    if x.dtype.kind in "iu":
        _check_int_divisor(y)
    return np.fmod(x, y)


@primitive("Pow", dtypes=NUMERIC - _UNSIGNED, quiet=True)
def _pow(x, y):
    if x.dtype.kind in "iu" and (y < 0).any():
        raise InvalidArgumentError(None, "Pow",
                                   "Integers to negative integer powers are not allowed [Op:Pow]")
    return np.power(x, y)


@_pow.defvjp
def _(g, ans, x, y):
    gx = _mul(g, _mul(y, _pow(x, _sub(y, ones_like(y)))))
    if x.dtype.is_complex:
        logx = log(x)
    else:
        logx = select(greater(x, zeros_like(x)), log(x), zeros_like(x))
    return gx, _mul(g, _mul(ans, logx))


_maximum = primitive("Maximum", dtypes=REAL)(np.maximum)  # the ufunc is the forward


@_maximum.defvjp
def _(g, ans, x, y):
    m = greater_equal(x, y)
    z = zeros_like(g)
    return select(m, g, z), select(m, z, g)


_minimum = primitive("Minimum", dtypes=REAL)(np.minimum)


@_minimum.defvjp
def _(g, ans, x, y):
    m = less_equal(x, y)
    z = zeros_like(g)
    return select(m, g, z), select(m, z, g)


@primitive("SquaredDifference", dtypes=INEXACT | {np.dtype(np.int32), np.dtype(np.int64)})
def _squared_difference(x, y):
    d = x - y
    return d * np.conj(d) if d.dtype.kind == "c" else d * d


@_squared_difference.defvjp
def _(g, ans, x, y):
    gx = _mul(_mul(g, cast(2, g.dtype)), _sub(x, y))
    return gx, _neg(gx)


@primitive("Atan2", dtypes=FLOAT_TYPES, quiet=True)
def _atan2(y, x):
    return np.arctan2(y, x)


@_atan2.defvjp
def _(g, ans, y, x):
    r = _realdiv(g, _add(_mul(x, x), _mul(y, y)))
    return _mul(r, x), _neg(_mul(r, y))


@primitive("DivNoNan", dtypes=_FLOAT_CPLX, quiet=True)
def _div_no_nan(x, y):
    if y.ndim == 0 and y != 0:  # a metric's total / count: a plain quotient, no np.where
        return x / y
    out = x / np.where(y == 0, 1, y).astype(y.dtype, copy=False)
    return np.where(y == 0, out.dtype.type(0), out)


@_div_no_nan.defvjp
def _(g, ans, x, y):
    return _div_no_nan(g, y), _mul(g, _div_no_nan(_div_no_nan(_neg(x), y), y))


# ---------------------------------------------------------------------------------------------
# unary math

def _like(v, x):
    """A second operand as TF's binary ops convert it: a tensor as it is (a dtype mismatch is the
    op's error), a Python/NumPy value with x's dtype ('Cannot convert 2.5 to EagerTensor of dtype
    int32')."""
    if isinstance(v, Tensor):
        return v
    if hasattr(v, "_read"):
        return v._read()
    return convert_to_tensor(v, dtype=x.dtype)


def _unary(name, fn, dtypes, quiet=True, differentiable=True):
    return Primitive(name, fn, dtypes=dtypes, differentiable=differentiable, quiet=quiet)


_neg = _unary("Neg", np.negative, NUMERIC - {np.dtype(t) for t in (np.uint8, np.uint16, np.uint32,
                                                                    np.uint64)}, quiet=False)
_neg.defvjp(lambda g, ans, x: (_neg(g),))

_abs = _unary("Abs", np.abs, REAL - _UNSIGNED, quiet=False)
_abs.defvjp(lambda g, ans, x: (_mul(g, sign(x)),))

_complex_abs = _unary("ComplexAbs", np.abs, COMPLEX_TYPES, quiet=False)
_complex_abs.defvjp(lambda g, ans, x: (_mul(complex(g, zeros_like(g)),
                                            _div_no_nan(x, complex(ans, zeros_like(ans)))),))

_sign = _unary("Sign", np.sign, NUMERIC)
_sign.defvjp(lambda g, ans, x: (zeros_like(x),))

_square = _unary("Square", np.square, NUMERIC, quiet=False)
_square.defvjp(lambda g, ans, x: (_mul(g, _mul(cast(2, x.dtype), conj(x))),))

_sqrt = _unary("Sqrt", np.sqrt, _FLOAT_CPLX)
# TF's SqrtGrad gives 0 (not 0/0) where the incoming gradient is 0, e.g. the unselected branch of
# a where over sqrt(0)
_sqrt.defvjp(lambda g, ans, x: (select(equal(g, zeros_like(g)), g, _realdiv(
    _mul(g, cast(0.5, g.dtype)), conj(ans))),))

_rsqrt = _unary("Rsqrt", lambda x: 1 / np.sqrt(x), _FLOAT_CPLX)
_rsqrt.defvjp(lambda g, ans, x: (_mul(_mul(g, cast(-0.5, g.dtype)), conj(_mul(ans, _mul(ans, ans)))),))

_exp = _unary("Exp", np.exp, _FLOAT_CPLX)
_exp.defvjp(lambda g, ans, x: (_mul(g, conj(ans)),))

_expm1 = _unary("Expm1", np.expm1, _FLOAT_CPLX)
_expm1.defvjp(lambda g, ans, x: (_mul(g, conj(_exp(x))),))

_log = _unary("Log", np.log, _FLOAT_CPLX)
_log.defvjp(lambda g, ans, x: (_realdiv(g, conj(x)),))

_log1p = _unary("Log1p", np.log1p, _FLOAT_CPLX)
_log1p.defvjp(lambda g, ans, x: (_realdiv(g, conj(_add(x, ones_like(x)))),))


_reciprocal = _unary("Reciprocal", lambda x: 1 / x if x.dtype.kind not in "iu" else
                     np.floor_divide(np.ones((), x.dtype), x), NUMERIC)
_reciprocal.defvjp(lambda g, ans, x: (_neg(_mul(g, conj(_square(ans)))),))


def _round_half_even(x):
    return np.round(x) if x.dtype.kind == "f" else x.copy()


_round = _unary("Round", _round_half_even, NUMERIC, differentiable=False)
_floor = _unary("Floor", np.floor, FLOAT_TYPES, differentiable=False)
_ceil = _unary("Ceil", np.ceil, FLOAT_TYPES, differentiable=False)
_rint = _unary("Rint", np.rint, FLOAT_TYPES, differentiable=False)


_conj = _unary("Conj", np.conj, COMPLEX_TYPES, quiet=False)
_conj.defvjp(lambda g, ans, x: (_conj(g),))
_real = _unary("Real", np.real, COMPLEX_TYPES, quiet=False)
_real.defvjp(lambda g, ans, x: (complex(g, zeros_like(g)),))
_imag = _unary("Imag", np.imag, COMPLEX_TYPES, quiet=False)
_imag.defvjp(lambda g, ans, x: (complex(zeros_like(g), g),))
_angle = _unary("Angle", np.angle, COMPLEX_TYPES, quiet=False)
# d angle(z): for z = x + iy the gradient is g * (-y + ix) / |z|^2 = -g / (y + ix), as in TF
_angle.defvjp(lambda g, ans, x: (_neg(_mul(complex(g, zeros_like(g)),
                                           _reciprocal(complex(_imag(x), _real(x))))),))


@primitive("Complex", dtypes=FLOAT_TYPES - {np.dtype(np.float16)})
def _complex(re, im):
    return (re + 1j * im).astype(np.complex64 if re.dtype == np.float32 else np.complex128)


@_complex.defvjp
def _(g, ans, re, im):
    return _real(g), _imag(g)


# ---------------------------------------------------------------------------------------------
# the public functions (TF's names and signatures)

# the allowed types of these kernels in TF's order (for TF's text of their dtype errors)
_W = ("bfloat16", "half", "float", "double", "uint8", "int8", "uint16", "int16", "int32")
kernel_types(_sub, _W + ("int64", "complex64", "complex128", "uint32", "uint64"))
kernel_types(_mul, _W + ("uint32", "uint64", "int64", "complex64", "complex128"), commutative=True)
kernel_types(_floordiv, _W + ("uint32", "uint64", "int64", "complex64", "complex128"))
kernel_types(_floormod, ("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
                         "bfloat16", "half", "float", "double"))
kernel_types(_pow, ("bfloat16", "float", "half", "double", "int8", "int16", "int32", "int64",
                    "complex64", "complex128"))
kernel_types(_maximum, ("bfloat16", "half", "float", "double", "int8", "uint8", "int16", "uint16",
                        "int32", "uint32", "int64", "uint64"))
_STRING_ADD = types.SimpleNamespace(name="Add")  # the op TF's errors name for + on strings
_TRUEDIV_TYPES = (_dt.uint8, _dt.int8, _dt.uint16, _dt.int16, _dt.uint32, _dt.int32, _dt.uint64,
                  _dt.int64, _dt.bfloat16, _dt.float16, _dt.float32, _dt.float64, _dt.complex64,
                  _dt.complex128)


@export("add", "math.add")
def add(x, y, name=None):
    """x + y elementwise (AddV2); the first argument decides the dtype of Python values."""
    if type(x) is Tensor and type(y) is Tensor and name is None:
        return _add(x, y)
    x = convert_to_tensor(x)
    y = convert_to_tensor(y, dtype_hint=x.dtype)
    if x.dtype is _dt.string and y.dtype is not _dt.string:  # TF adds strings with its Add op
        raise mismatch_error(_STRING_ADD, 1, x._v.dtype, y._v.dtype)
    return _add(x, y) if name is None else _add(x, y, name=name)  # a TF1 graph names the node


subtract = export("subtract", "math.subtract")(_sub)


multiply = export("multiply", "math.multiply")(_mul)


@export("scalar_mul", "math.scalar_mul")
def scalar_mul(scalar, x, name=None):
    """A scalar times a tensor."""
    x = convert_to_tensor(x)
    return _mul(convert_to_tensor(scalar, dtype=x.dtype), x)


@export("truediv", "math.truediv")
def truediv(x, y, name=None):
    """x / y; integers are first cast to float64 (int32/int64) or float32 (narrower ints)."""
    x = convert_to_tensor(x)
    y = convert_to_tensor(y, dtype_hint=x.dtype)
    if x.dtype is not y.dtype:
        raise TypeError("`x` and `y` must have the same dtype, got %r != %r." % (x.dtype, y.dtype))
    if x.dtype.is_integer:
        target = _dt.float64 if x.dtype.size >= 4 else _dt.float32
        x, y = cast(x, target), cast(y, target)
    elif not (x.dtype.is_floating or x.dtype.is_complex):
        raise TypeError("Invalid dtype %r in __truediv__. Expected one of {%s}." % (
            x.dtype, ", ".join(repr(d) for d in _TRUEDIV_TYPES)))
    return _realdiv(x, y)


@export("divide", "math.divide")
def divide(x, y, name=None):
    """x / y (truediv for tensors)."""
    return truediv(x, y)


realdiv = export("realdiv")(_realdiv)


floordiv = export("math.floordiv")(_floordiv)


floormod = export("math.floormod", "math.mod")(_floormod)


truncatediv = export("truncatediv")(_truncatediv)


truncatemod = export("truncatemod")(_truncatemod)


@export("pow", "math.pow")
def pow(x, y, name=None):
    """x ** y elementwise."""
    x = convert_to_tensor(x)
    return _pow(x, _like(y, x))


maximum = export("maximum", "math.maximum")(_maximum)


minimum = export("minimum", "math.minimum")(_minimum)


squared_difference = export("math.squared_difference")(_squared_difference)


atan2 = export("atan2", "math.atan2", inputs=("y", "x"))(_atan2)


@export("math.divide_no_nan")
def divide_no_nan(x, y, name=None):
    """x / y, with 0 where y is 0."""
    x = convert_to_tensor(x)
    return _div_no_nan(x, convert_to_tensor(y, dtype_hint=x.dtype))


@export("math.reciprocal_no_nan")
def reciprocal_no_nan(x, name=None):
    """1 / x, with 0 where x is 0."""
    x = convert_to_tensor(x)
    return _div_no_nan(ones_like(x), x)


negative = export("negative", "math.negative")(_neg)


@export("abs", "math.abs")
def abs(x, name=None):
    """|x| elementwise (the magnitude, as a real tensor, for complex x)."""
    x = convert_to_tensor(x)
    if x.dtype.is_complex:
        return _complex_abs(x)
    return _abs(x)


sign = export("sign", "math.sign")(_sign)


square = export("square", "math.square")(_square)


sqrt = export("sqrt", "math.sqrt")(_sqrt)


rsqrt = export("math.rsqrt")(_rsqrt)


exp = export("exp", "math.exp")(_exp)


expm1 = export("math.expm1")(_expm1)


log = export("math.log")(_log)


log1p = export("math.log1p")(_log1p)


reciprocal = export("math.reciprocal")(_reciprocal)


round = export("round", "math.round")(_round)


floor = export("floor", "math.floor")(_floor)


ceil = export("math.ceil")(_ceil)


rint = export("math.rint")(_rint)


@export("math.conj")
def conj(x, name=None):
    """Complex conjugate (identity for real tensors)."""
    x = convert_to_tensor(x)
    return _conj(x) if x.dtype.is_complex else x


@export("math.real")
def real(input, name=None):
    """The real part (identity for real tensors)."""
    x = convert_to_tensor(input)
    return _real(x) if x.dtype.is_complex else x


@export("math.imag")
def imag(input, name=None):
    """The imaginary part (zeros for real tensors)."""
    x = convert_to_tensor(input)
    return _imag(x) if x.dtype.is_complex else zeros_like(x)


@export("math.angle")
def angle(input, name=None):
    """The argument of a complex number."""
    x = convert_to_tensor(input)
    return _angle(x) if x.dtype.is_complex else zeros_like(x)


complex = export("complex", "dtypes.complex", inputs=("real", "imag"))(_complex)


@export("clip_by_value")
def clip_by_value(t, clip_value_min, clip_value_max, name=None):
    """Clips values elementwise to [min, max] (broadcast)."""
    t = convert_to_tensor(t)
    hi = _like(clip_value_max, t)  # TF's order: minimum(t, max) first
    lo = _like(clip_value_min, t)
    out = _minimum(t, hi)
    out = _maximum(out, lo)
    if out._v.shape != t._v.shape:
        raise InvalidArgumentError(None, "ClipByValue", (
            "clip_value_min and clip_value_max must be either scalars or have the same shape as "
            "the input: %s vs %s [Op:ClipByValue]") % (list(lo._v.shape), list(t._v.shape)))
    return out


@export("add_n", "math.add_n")
def add_n(inputs, name=None):
    """The elementwise sum of a list of same-shape tensors."""
    if isinstance(inputs, (Tensor,)) or not isinstance(inputs, (list, tuple)) or not inputs:
        if isinstance(inputs, (list, tuple)) and not inputs:
            raise ValueError("inputs must be an iterable of at least one Tensor/IndexedSlices "
                             "with the same dtype and shape")
        inputs = [inputs]
    ts = [convert_to_tensor(t) for t in inputs]
    shape = ts[0]._v.shape
    for t in ts[1:]:
        if t._v.shape != shape:
            raise InvalidArgumentError(None, "AddN", "Shapes must be equal rank, but are %d and %d"
                                       % (len(shape), t._v.ndim) if len(shape) != t._v.ndim else
                                       "Dimensions must be equal, %s vs %s [Op:AddN]" % (
                                           list(shape), list(t._v.shape)))
    out = ts[0]
    for t in ts[1:]:
        out = _add(out, t)
    return out if len(ts) > 1 else _add(out, zeros_like(out))


@export("saturate_cast", "dtypes.saturate_cast")
def saturate_cast(value, dtype, name=None):
    """Casts with clamping to the target dtype's range."""
    dtype = _dt.as_dtype(dtype)
    value = convert_to_tensor(value)
    if dtype.is_integer or dtype.is_floating:
        lo, hi = dtype.min, dtype.max
        if value.dtype.is_integer or value.dtype.is_floating:
            v = value._v
            lo = max(lo, np.asarray(value.dtype.min).item()) if value.dtype.is_integer else lo
            hi = min(hi, np.asarray(value.dtype.max).item()) if value.dtype.is_integer else hi
            value = clip_by_value(value, np.array(lo).astype(v.dtype), np.array(hi).astype(v.dtype))
    return cast(value, dtype)
