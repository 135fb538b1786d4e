"""Elementwise math: the arithmetic, unary math, comparison, logical and bitwise primitives, each with
its gradient rule directly below it, and the composites built on them."""
import operator as _operator

import numpy as np

from .. import dtypes as _dt
from ..engine.primitive import (Primitive, primitive, INEXACT, FLOAT_TYPES, INT_TYPES, NUMERIC,
                                  REAL, BOOL_TYPES, COMPLEX_TYPES, STRING_TYPES)
from ..errors import InvalidArgumentError
from ..tensor import Tensor, convert_to_tensor, wrap

# top-level tf.* names, and the tf.math names (TF 2.21 has e.g. tf.math.log but no tf.log)
__all__ = ["add", "subtract", "multiply", "divide", "truediv", "realdiv", "truncatediv",
           "truncatemod", "pow", "square", "sqrt", "exp", "abs", "negative", "sign", "sin", "cos",
           "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh", "asinh", "acosh",
           "atanh", "sigmoid", "maximum", "minimum", "round", "floor", "add_n", "logical_and",
           "logical_or", "logical_not", "equal", "not_equal", "less", "less_equal", "greater",
           "greater_equal", "cast", "saturate_cast", "clip_by_value", "scalar_mul", "complex",
           "zeros_like", "ones_like"]
MATH = ["add", "subtract", "multiply", "divide", "truediv", "floordiv", "floormod", "mod", "pow",
        "square", "sqrt", "rsqrt", "exp", "expm1", "log", "log1p", "abs", "negative", "sign",
        "reciprocal", "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh",
        "tanh", "asinh", "acosh", "atanh", "sigmoid", "maximum", "minimum", "round", "floor",
        "ceil", "rint", "squared_difference", "divide_no_nan", "add_n", "is_nan", "is_inf",
        "is_finite", "logical_and", "logical_or", "logical_not", "logical_xor", "equal",
        "not_equal", "less", "less_equal", "greater", "greater_equal", "conj", "real", "imag",
        "angle", "erf", "erfc", "lgamma", "digamma", "softplus", "softsign", "log_sigmoid",
        "xlogy", "xdivy", "scalar_mul", "reciprocal_no_nan"]
BITWISE = ["bitwise_and", "bitwise_or", "bitwise_xor", "invert", "left_shift", "right_shift"]

_FLOAT_CPLX = INEXACT
_ARITH = NUMERIC | STRING_TYPES
_errstate = np.errstate


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


_mul = Primitive("Mul", _operator.mul, dtypes=NUMERIC | BOOL_TYPES, weak=True)


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
        return np.floor_divide(x, y)  # TF's integer RealDiv truncates like C; only reached directly
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


@primitive("Pow", dtypes=NUMERIC, quiet=True)
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


@primitive("Maximum", dtypes=REAL)
def _maximum(x, y):
    return np.maximum(x, y)


@_maximum.defvjp
def _(g, ans, x, y):
    m = greater_equal(x, y)
    z = zeros_like(g)
    return select(m, g, z), select(m, z, g)


@primitive("Minimum", dtypes=REAL)
def _minimum(x, y):
    return np.minimum(x, y)


@_minimum.defvjp
def _(g, ans, x, y):
    m = less_equal(x, y)
    z = zeros_like(g)
    return select(m, g, z), select(m, z, g)


@primitive("SquaredDifference", dtypes=NUMERIC)
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
    out = x / np.where(y == 0, 1, y).astype(y.dtype, copy=False)
    return np.where(y == 0, np.zeros((), out.dtype), out)


@_div_no_nan.defvjp
def _(g, ans, x, y):
    return _div_no_nan(g, y), _mul(g, _div_no_nan(_div_no_nan(_neg(x), y), y))


@primitive("Xlogy", dtypes=_FLOAT_CPLX, quiet=True)
def _xlogy(x, y):
    return np.where(x == 0, np.zeros((), np.result_type(x, y)), x * np.log(y))


@_xlogy.defvjp
def _(g, ans, x, y):
    nz = cast(not_equal(x, zeros_like(x)), x.dtype)
    return _mul(g, _xlogy(nz, y)), _mul(g, _xdivy(x, y))


@primitive("Xdivy", dtypes=_FLOAT_CPLX, quiet=True)
def _xdivy(x, y):
    return np.where(x == 0, np.zeros((), np.result_type(x, y)), x / y)


@_xdivy.defvjp
def _(g, ans, x, y):
    nz = cast(not_equal(x, zeros_like(x)), x.dtype)
    return _mul(g, _xdivy(nz, y)), _mul(g, _neg(_xdivy(x, _mul(y, y))))


# ---------------------------------------------------------------------------------------------
# unary math

def _unary(name, fn, dtypes, quiet=True, differentiable=True):
    return Primitive(name, fn, dtypes=dtypes, differentiable=differentiable, quiet=quiet)


_neg = _unary("Neg", np.negative, NUMERIC - {np.dtype(t) for t in (np.uint8, np.uint16, np.uint32,
                                                                    np.uint64)}, quiet=False)
_neg.defvjp(lambda g, ans, x: (_neg(g),))

_abs = _unary("Abs", np.abs, REAL, quiet=False)
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

_sin = _unary("Sin", np.sin, _FLOAT_CPLX)
_sin.defvjp(lambda g, ans, x: (_mul(g, conj(_cos(x))),))

_cos = _unary("Cos", np.cos, _FLOAT_CPLX)
_cos.defvjp(lambda g, ans, x: (_neg(_mul(g, conj(_sin(x)))),))

_tan = _unary("Tan", np.tan, _FLOAT_CPLX)
_tan.defvjp(lambda g, ans, x: (_mul(g, conj(_square(_reciprocal(_cos(x))))),))

_asin = _unary("Asin", np.arcsin, _FLOAT_CPLX)
_asin.defvjp(lambda g, ans, x: (_mul(g, _rsqrt(_sub(ones_like(x), _square(x)))),))

_acos = _unary("Acos", np.arccos, _FLOAT_CPLX)
_acos.defvjp(lambda g, ans, x: (_neg(_mul(g, _rsqrt(_sub(ones_like(x), _square(x))))),))

_atan = _unary("Atan", np.arctan, _FLOAT_CPLX)
_atan.defvjp(lambda g, ans, x: (_realdiv(g, _add(ones_like(x), _square(x))),))

_sinh = _unary("Sinh", np.sinh, _FLOAT_CPLX)
_sinh.defvjp(lambda g, ans, x: (_mul(g, conj(_cosh(x))),))

_cosh = _unary("Cosh", np.cosh, _FLOAT_CPLX)
_cosh.defvjp(lambda g, ans, x: (_mul(g, conj(_sinh(x))),))

_tanh = _unary("Tanh", np.tanh, _FLOAT_CPLX)
_tanh.defvjp(lambda g, ans, x: (_mul(g, conj(_sub(ones_like(ans), _square(ans)))),))

_asinh = _unary("Asinh", np.arcsinh, _FLOAT_CPLX)
_asinh.defvjp(lambda g, ans, x: (_realdiv(g, conj(_cosh(ans))),))

_acosh = _unary("Acosh", np.arccosh, _FLOAT_CPLX)
_acosh.defvjp(lambda g, ans, x: (_realdiv(g, conj(_sinh(ans))),))

_atanh = _unary("Atanh", np.arctanh, _FLOAT_CPLX)
_atanh.defvjp(lambda g, ans, x: (_realdiv(g, _sub(ones_like(x), _square(x))),))


def _sigmoid_fwd(x):
    # stable for large |x|: exp only of non-positive values
    if x.dtype.kind == "c":
        return 1 / (1 + np.exp(-x))
    e = np.exp(-np.abs(x))
    r = np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype, copy=False)
    # TF's CPU kernels flush denormals to zero; so do we (sigmoid(-100) is 0 in float32)
    r[r < np.finfo(r.dtype).tiny] = 0
    return r


_sigmoid = _unary("Sigmoid", _sigmoid_fwd, _FLOAT_CPLX)
_sigmoid.defvjp(lambda g, ans, x: (_mul(g, conj(_mul(ans, _sub(ones_like(ans), ans)))),))

_softplus = _unary("Softplus", lambda x: np.logaddexp(x, np.zeros((), x.dtype)), FLOAT_TYPES)
_softplus.defvjp(lambda g, ans, x: (_mul(g, _sigmoid(x)),))

_reciprocal = _unary("Reciprocal", lambda x: 1 / x if x.dtype.kind not in "iu" else
                     np.floor_divide(np.ones((), x.dtype), x), NUMERIC)
_reciprocal.defvjp(lambda g, ans, x: (_neg(_mul(g, conj(_square(ans)))),))


def _erf_np(x):
    # Abramowitz-Stegun would be too coarse; use math.erf elementwise (exact to double precision)
    import math
    return np.vectorize(math.erf, otypes=[np.float64])(x).astype(x.dtype)


def _erfc_np(x):
    import math
    return np.vectorize(math.erfc, otypes=[np.float64])(x).astype(x.dtype)


def _lgamma_np(x):
    import math
    return np.vectorize(lambda v: math.lgamma(v) if v > 0 or v != int(v) else np.inf,
                        otypes=[np.float64])(x).astype(x.dtype)


def _digamma_np(x):
    # psi(x) by recurrence to x >= 6 then the asymptotic series
    x = np.asarray(x, np.float64)
    res = np.zeros_like(x)
    xx = x.copy()
    for _ in range(6):
        small = xx < 6
        res = np.where(small, res - 1 / xx, res)
        xx = np.where(small, xx + 1, xx)
    f = 1 / (xx * xx)
    res = res + np.log(xx) - 0.5 / xx - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (
        1 / 240 - f / 132))))
    return res


_erf = _unary("Erf", _erf_np, FLOAT_TYPES)
_erf.defvjp(lambda g, ans, x: (_mul(g, _mul(cast(2 / np.sqrt(np.pi), x.dtype),
                                            _exp(_neg(_square(x))))),))

_erfc = _unary("Erfc", _erfc_np, FLOAT_TYPES)
_erfc.defvjp(lambda g, ans, x: (_mul(g, _mul(cast(-2 / np.sqrt(np.pi), x.dtype),
                                             _exp(_neg(_square(x))))),))

_digamma = _unary("Digamma", lambda x: _digamma_np(x).astype(x.dtype), FLOAT_TYPES,
                  differentiable=False)

_lgamma = _unary("Lgamma", _lgamma_np, FLOAT_TYPES)
_lgamma.defvjp(lambda g, ans, x: (_mul(g, _digamma(x)),))


def _round_half_even(x):
    return np.round(x) if x.dtype.kind == "f" else x.copy()


_round = _unary("Round", _round_half_even, NUMERIC, differentiable=False)
_floor = _unary("Floor", np.floor, FLOAT_TYPES, differentiable=False)
_ceil = _unary("Ceil", np.ceil, FLOAT_TYPES, differentiable=False)
_rint = _unary("Rint", np.rint, FLOAT_TYPES, differentiable=False)
_is_nan = _unary("IsNan", np.isnan, FLOAT_TYPES, quiet=False, differentiable=False)
_is_inf = _unary("IsInf", np.isinf, FLOAT_TYPES, quiet=False, differentiable=False)
_is_finite = _unary("IsFinite", np.isfinite, FLOAT_TYPES, quiet=False, differentiable=False)
_logical_not = _unary("LogicalNot", np.logical_not, BOOL_TYPES, quiet=False, differentiable=False)
_invert = _unary("Invert", np.invert, INT_TYPES, quiet=False, differentiable=False)

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


# ---------------------------------------------------------------------------------------------
# select (the three-argument where) and cast

@primitive("SelectV2", match=(1, 2), on_error=lambda p, a: InvalidArgumentError(
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


@primitive("Cast", differentiable=True)
def _cast(x, dtype):
    if x.dtype.kind == "c" and dtype.kind != "c":
        x = x.real
    with _errstate(all="ignore"):
        return x.astype(dtype)


@_cast.defvjp
def _(g, ans, x, dtype):
    if not (x.dtype.is_floating or x.dtype.is_complex):
        return (None,)
    return (cast(g, x.dtype),)


def cast(x, dtype, name=None):
    """Casts a tensor to a new dtype (float -> int truncates toward zero)."""
    dtype = _dt.as_dtype(dtype)
    if not isinstance(x, Tensor):
        if dtype is _dt.string:
            return convert_to_tensor(x, dtype)
        x = convert_to_tensor(x, dtype_hint=dtype) if not _dt.__dict__.get("_never") else x
    if x.dtype is dtype:
        return x
    if dtype is _dt.string or x.dtype is _dt.string:
        raise InvalidArgumentError(None, "Cast", "Cast %s to %s is not supported [Op:Cast]" % (
            x.dtype.name, dtype.name))
    return _cast(x, dtype=dtype._np)


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


# ---------------------------------------------------------------------------------------------
# the public functions (TF's names and signatures)

def add(x, y, name=None):
    """x + y elementwise (AddV2); the first argument decides the dtype of Python values."""
    if type(x) is Tensor and type(y) is Tensor:
        return _add(x, y)
    x = convert_to_tensor(x)
    return _add(x, convert_to_tensor(y, dtype_hint=x.dtype))


def subtract(x, y, name=None):
    """x - y elementwise."""
    return _sub(x, y)


def multiply(x, y, name=None):
    """x * y elementwise."""
    return _mul(x, y)


def scalar_mul(scalar, x, name=None):
    """A scalar times a tensor."""
    x = convert_to_tensor(x)
    return _mul(convert_to_tensor(scalar, dtype=x.dtype), x)


def truediv(x, y, name=None):
    """x / y; integers are first cast to float64 (int32/int64) or float32 (narrower ints)."""
    x = convert_to_tensor(x)
    y = convert_to_tensor(y, dtype_hint=x.dtype)
    if x.dtype is not y.dtype:
        raise TypeError("`x` and `y` must have the same dtype, got %r != %r." % (x.dtype, y.dtype))
    if x.dtype.is_integer:
        target = _dt.float64 if x.dtype.size >= 4 else _dt.float32
        x, y = cast(x, target), cast(y, target)
    elif x.dtype is _dt.bool:
        raise TypeError("x and y must not be bool tensors")
    return _realdiv(x, y)


def divide(x, y, name=None):
    """x / y (truediv for tensors)."""
    return truediv(x, y)


def realdiv(x, y, name=None):
    """x / y for real types."""
    return _realdiv(x, y)


def floordiv(x, y, name=None):
    """Division rounding toward negative infinity (``//``)."""
    return _floordiv(x, y)


floor_div = floordiv


def floormod(x, y, name=None):
    """Remainder with the sign of the divisor (``%``)."""
    return _floormod(x, y)


mod = floormod


def truncatediv(x, y, name=None):
    """Division rounding toward zero."""
    return _truncatediv(x, y)


def truncatemod(x, y, name=None):
    """Remainder with the sign of the dividend."""
    return _truncatemod(x, y)


def pow(x, y, name=None):
    """x ** y elementwise."""
    x = convert_to_tensor(x)
    return _pow(x, convert_to_tensor(y, dtype_hint=x.dtype))


def maximum(x, y, name=None):
    """Elementwise maximum."""
    return _maximum(x, y)


def minimum(x, y, name=None):
    """Elementwise minimum."""
    return _minimum(x, y)


def squared_difference(x, y, name=None):
    """(x - y)**2 elementwise."""
    return _squared_difference(x, y)


def atan2(y, x, name=None):
    """Elementwise arctangent of y/x with the quadrant."""
    return _atan2(y, x)


def divide_no_nan(x, y, name=None):
    """x / y, with 0 where y is 0."""
    x = convert_to_tensor(x)
    return _div_no_nan(x, convert_to_tensor(y, dtype_hint=x.dtype))


def reciprocal_no_nan(x, name=None):
    """1 / x, with 0 where x is 0."""
    x = convert_to_tensor(x)
    return _div_no_nan(ones_like(x), x)


def xlogy(x, y, name=None):
    """x * log(y), 0 where x is 0."""
    return _xlogy(x, y)


def xdivy(x, y, name=None):
    """x / y, 0 where x is 0."""
    return _xdivy(x, y)


def negative(x, name=None):
    """-x elementwise."""
    return _neg(x)


def abs(x, name=None):
    """|x| elementwise (the magnitude, as a real tensor, for complex x)."""
    x = convert_to_tensor(x)
    if x.dtype.is_complex:
        return _complex_abs(x)
    return _abs(x)


def sign(x, name=None):
    """-1, 0 or 1 elementwise (ints stay ints)."""
    return _sign(x)


def square(x, name=None):
    """x * x elementwise."""
    return _square(x)


def sqrt(x, name=None):
    """Elementwise square root."""
    return _sqrt(x)


def rsqrt(x, name=None):
    """1 / sqrt(x) elementwise."""
    return _rsqrt(x)


def exp(x, name=None):
    """e ** x elementwise."""
    return _exp(x)


def expm1(x, name=None):
    """exp(x) - 1 elementwise, accurate near 0."""
    return _expm1(x)


def log(x, name=None):
    """Natural logarithm elementwise."""
    return _log(x)


def log1p(x, name=None):
    """log(1 + x) elementwise, accurate near 0."""
    return _log1p(x)


def reciprocal(x, name=None):
    """1 / x elementwise."""
    return _reciprocal(x)


def sin(x, name=None):
    """Elementwise sine."""
    return _sin(x)


def cos(x, name=None):
    """Elementwise cosine."""
    return _cos(x)


def tan(x, name=None):
    """Elementwise tangent."""
    return _tan(x)


def asin(x, name=None):
    """Elementwise arcsine."""
    return _asin(x)


def acos(x, name=None):
    """Elementwise arccosine."""
    return _acos(x)


def atan(x, name=None):
    """Elementwise arctangent."""
    return _atan(x)


def sinh(x, name=None):
    """Elementwise hyperbolic sine."""
    return _sinh(x)


def cosh(x, name=None):
    """Elementwise hyperbolic cosine."""
    return _cosh(x)


def tanh(x, name=None):
    """Elementwise hyperbolic tangent."""
    return _tanh(x)


def asinh(x, name=None):
    """Elementwise inverse hyperbolic sine."""
    return _asinh(x)


def acosh(x, name=None):
    """Elementwise inverse hyperbolic cosine."""
    return _acosh(x)


def atanh(x, name=None):
    """Elementwise inverse hyperbolic tangent."""
    return _atanh(x)


def sigmoid(x, name=None):
    """1 / (1 + exp(-x)) elementwise, stable for large |x|."""
    return _sigmoid(x)


def log_sigmoid(x, name=None):
    """log(sigmoid(x)) = -softplus(-x), stable."""
    return _neg(softplus(_neg(x)))


def softplus(features, name=None):
    """log(exp(x) + 1), stable for large |x|."""
    return _softplus(features)


def softsign(features, name=None):
    """x / (|x| + 1)."""
    x = convert_to_tensor(features)
    return _realdiv(x, _add(_abs(x), ones_like(x)))


def erf(x, name=None):
    """The Gauss error function."""
    return _erf(x)


def erfc(x, name=None):
    """1 - erf(x)."""
    return _erfc(x)


def lgamma(x, name=None):
    """log |Gamma(x)|."""
    return _lgamma(x)


def digamma(x, name=None):
    """The derivative of lgamma."""
    return _digamma(x)


def round(x, name=None):
    """Rounds half to even (banker's rounding)."""
    return _round(x)


def floor(x, name=None):
    """Largest integer not greater than x."""
    return _floor(x)


def ceil(x, name=None):
    """Smallest integer not less than x."""
    return _ceil(x)


def rint(x, name=None):
    """Closest integer, half to even."""
    return _rint(x)


def is_nan(x, name=None):
    """True where x is NaN."""
    return _is_nan(x)


def is_inf(x, name=None):
    """True where x is +-inf."""
    return _is_inf(x)


def is_finite(x, name=None):
    """True where x is neither inf nor NaN."""
    return _is_finite(x)


def logical_and(x, y, name=None):
    """Elementwise AND of bool tensors."""
    return _logical_and(x, y)


def logical_or(x, y, name=None):
    """Elementwise OR of bool tensors."""
    return _logical_or(x, y)


def logical_not(x, name=None):
    """Elementwise NOT of a bool tensor."""
    return _logical_not(x)


def logical_xor(x, y, name=None):
    """Elementwise XOR of bool tensors."""
    return logical_and(logical_or(x, y), logical_not(logical_and(x, y)))


def equal(x, y, name=None):
    """x == y elementwise (raises on incompatible shapes, unlike ``==``)."""
    return _equal(x, y)


def not_equal(x, y, name=None):
    """x != y elementwise."""
    return _not_equal(x, y)


def less(x, y, name=None):
    """x < y elementwise."""
    return _less(x, y)


def less_equal(x, y, name=None):
    """x <= y elementwise."""
    return _less_equal(x, y)


def greater(x, y, name=None):
    """x > y elementwise."""
    return _greater(x, y)


def greater_equal(x, y, name=None):
    """x >= y elementwise."""
    return _greater_equal(x, y)


def bitwise_and(x, y, name=None):
    """Elementwise bitwise AND of integer tensors."""
    return _bitwise_and(x, y)


def bitwise_or(x, y, name=None):
    """Elementwise bitwise OR of integer tensors."""
    return _bitwise_or(x, y)


def bitwise_xor(x, y, name=None):
    """Elementwise bitwise XOR of integer tensors."""
    return _bitwise_xor(x, y)


def invert(x, name=None):
    """Elementwise bitwise NOT of an integer tensor."""
    return _invert(x)


def left_shift(x, y, name=None):
    """x << y elementwise (0 when y is out of range)."""
    return _left_shift(x, y)


def right_shift(x, y, name=None):
    """x >> y elementwise (arithmetic for signed ints)."""
    return _right_shift(x, y)


def conj(x, name=None):
    """Complex conjugate (identity for real tensors)."""
    x = convert_to_tensor(x)
    return _conj(x) if x.dtype.is_complex else x


def real(input, name=None):
    """The real part (identity for real tensors)."""
    x = convert_to_tensor(input)
    return _real(x) if x.dtype.is_complex else x


def imag(input, name=None):
    """The imaginary part (zeros for real tensors)."""
    x = convert_to_tensor(input)
    return _imag(x) if x.dtype.is_complex else zeros_like(x)


def angle(input, name=None):
    """The argument of a complex number."""
    x = convert_to_tensor(input)
    return _angle(x) if x.dtype.is_complex else zeros_like(x)


def complex(real, imag, name=None):
    """Builds a complex tensor from real and imaginary parts."""
    return _complex(real, imag)


def clip_by_value(t, clip_value_min, clip_value_max, name=None):
    """Clips values elementwise to [min, max] (broadcast)."""
    t = convert_to_tensor(t)
    lo = convert_to_tensor(clip_value_min, dtype_hint=t.dtype)
    hi = convert_to_tensor(clip_value_max, dtype_hint=t.dtype)
    out = _minimum(t, hi)
    out = _maximum(out, lo)
    if out._v.shape != t._v.shape:
        raise InvalidArgumentError(None, "ClipByValue", (
            "clip_value_min and clip_value_max must be either scalars or have the same shape as "
            "the input: %s vs %s [Op:ClipByValue]") % (list(lo._v.shape), list(t._v.shape)))
    return out


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


def zeros_like(input, dtype=None, name=None):
    """Zeros with the shape (and dtype, unless given) of input."""
    if isinstance(input, Tensor) and dtype is None:
        v = input._v
        return wrap(np.zeros(v.shape, v.dtype) if v.dtype.kind != "O" else
                    np.full(v.shape, b"", dtype=object))
    x = convert_to_tensor(input)
    d = _dt.as_dtype(dtype) if dtype is not None else x.dtype
    return wrap(np.zeros(x._v.shape, d._np) if d is not _dt.string else
                np.full(x._v.shape, b"", dtype=object))


def ones_like(input, dtype=None, name=None):
    """Ones with the shape (and dtype, unless given) of input."""
    x = convert_to_tensor(input)
    d = _dt.as_dtype(dtype) if dtype is not None else x.dtype
    return wrap(np.ones(x._v.shape, d._np))


