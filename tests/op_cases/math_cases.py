"""Op table rows for elementwise math (ops/math_ops.py)."""
import numpy as np

from .case import OpCase

F = ("float32", "float64")
FI = ("float32", "float64", "int32", "int64")
BIN = (((2, 3), (2, 3)), ((2, 3), (3,)), ((4, 1), (1, 5)), ((), (2, 2)), ((3, 1, 2), (2,)))
POS = (0.2, 3.0)


def _pos(rng, shapes, dtype):
    return [rng.uniform(0.3, 2.0, size=s).astype(dtype) for s in shapes]


def _nonzero(rng, shapes, dtype):
    out = []
    for s in shapes:
        a = rng.uniform(0.5, 3.0, size=s) * rng.choice([-1, 1], size=s)
        out.append((np.round(a) + np.sign(a) if np.dtype(dtype).kind == "i" else a).astype(dtype))
    return out


def _unit(rng, shapes, dtype):
    return [rng.uniform(-0.9, 0.9, size=s).astype(dtype) for s in shapes]


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _floormod_ref(x, y):
    r = np.fmod(x, y)
    return np.where((r != 0) & ((y < 0) != (r < 0)), r + y, r)


def _bools(rng, shapes, dtype):
    return [rng.uniform(size=s) > 0.5 for s in shapes]


def _ints(rng, shapes, dtype):
    return [rng.integers(-50, 50, size=s).astype(dtype) for s in shapes]


CASES = [
    OpCase("add", np.add, 2, FI, BIN, prims=("AddV2",)),
    OpCase("subtract", np.subtract, 2, FI, BIN, prims=("Sub",)),
    OpCase("multiply", np.multiply, 2, FI, BIN, prims=("Mul",)),
    OpCase("divide", np.true_divide, 2, F, BIN, make=_nonzero, prims=("RealDiv",)),
    OpCase("math.truediv", np.true_divide, 2, F, BIN[:2], make=_nonzero),
    OpCase("math.floordiv", np.floor_divide, 2, FI, BIN[:2], make=_nonzero, grad=False,
           prims=("FloorDiv",)),
    OpCase("math.floormod", _floormod_ref, 2, F, BIN[:2], make=_nonzero, grad_args=(0,),
           prims=("FloorMod",), note="d/dy is piecewise; only x checked"),
    OpCase("truncatediv", lambda x, y: np.trunc(x / y), 2, F, BIN[:2], make=_nonzero, grad=False,
           prims=("TruncateDiv",)),
    OpCase("truncatemod", np.fmod, 2, F, BIN[:2], make=_nonzero, grad=False,
           prims=("TruncateMod",)),
    OpCase("pow", np.power, 2, F, BIN[:3], make=_pos, prims=("Pow",)),
    OpCase("maximum", np.maximum, 2, FI, BIN, prims=("Maximum",)),
    OpCase("minimum", np.minimum, 2, FI, BIN, prims=("Minimum",)),
    OpCase("math.squared_difference", lambda x, y: (x - y) ** 2, 2, FI, BIN,
           prims=("SquaredDifference",)),
    OpCase("math.atan2", np.arctan2, 2, F, BIN[:3], make=_nonzero, prims=("Atan2",)),
    OpCase("math.divide_no_nan", lambda x, y: np.where(y == 0, 0, x / np.where(y == 0, 1, y)), 2,
           F, BIN[:2], make=_nonzero, prims=("DivNoNan",)),
    OpCase("math.xlogy", lambda x, y: np.where(x == 0, 0, x * np.log(y)), 2, F, BIN[:2],
           make=_pos, prims=("Xlogy",)),
    OpCase("math.xdivy", lambda x, y: np.where(x == 0, 0, x / y), 2, F, BIN[:2], make=_pos,
           prims=("Xdivy",)),
    OpCase("negative", np.negative, 1, FI, prims=("Neg",)),
    OpCase("abs", np.abs, 1, FI, make=_nonzero, prims=("Abs",)),
    OpCase("sign", np.sign, 1, FI, make=_nonzero, prims=("Sign",),
           note="TF's gradient of Sign is zeros"),
    OpCase("square", np.square, 1, FI, prims=("Square",)),
    OpCase("sqrt", np.sqrt, 1, F, make=_pos, prims=("Sqrt",)),
    OpCase("math.rsqrt", lambda x: 1 / np.sqrt(x), 1, F, make=_pos, prims=("Rsqrt",)),
    OpCase("exp", np.exp, 1, F, prims=("Exp",)),
    OpCase("math.expm1", np.expm1, 1, F, prims=("Expm1",)),
    OpCase("math.log", np.log, 1, F, make=_pos, prims=("Log",)),
    OpCase("math.log1p", np.log1p, 1, F, make=_pos, prims=("Log1p",)),
    OpCase("math.reciprocal", np.reciprocal, 1, F, make=_nonzero, prims=("Reciprocal",)),
    OpCase("sin", np.sin, 1, F, prims=("Sin",)),
    OpCase("cos", np.cos, 1, F, prims=("Cos",)),
    OpCase("tan", np.tan, 1, F, make=_unit, prims=("Tan",)),
    OpCase("asin", np.arcsin, 1, F, make=_unit, prims=("Asin",)),
    OpCase("acos", np.arccos, 1, F, make=_unit, prims=("Acos",)),
    OpCase("atan", np.arctan, 1, F, prims=("Atan",)),
    OpCase("sinh", np.sinh, 1, F, prims=("Sinh",)),
    OpCase("cosh", np.cosh, 1, F, prims=("Cosh",)),
    OpCase("tanh", np.tanh, 1, F, prims=("Tanh",)),
    OpCase("math.asinh", np.arcsinh, 1, F, prims=("Asinh",)),
    OpCase("math.acosh", np.arccosh, 1, F, domain=(1.2, 3.0), prims=("Acosh",)),
    OpCase("math.atanh", np.arctanh, 1, F, make=_unit, prims=("Atanh",)),
    OpCase("sigmoid", _sigmoid, 1, F, prims=("Sigmoid",)),
    OpCase("math.erf", None or (lambda x: np.vectorize(__import__("math").erf)(x)), 1, F,
           prims=("Erf",)),
    OpCase("math.erfc", lambda x: np.vectorize(__import__("math").erfc)(x), 1, F,
           prims=("Erfc",)),
    OpCase("math.lgamma", lambda x: np.vectorize(__import__("math").lgamma)(x), 1, F,
           make=_pos, prims=("Lgamma", "Digamma")),
    OpCase("math.softplus", lambda x: np.log1p(np.exp(x)), 1, F, prims=("Softplus",)),
    OpCase("math.log_sigmoid", lambda x: -np.log1p(np.exp(-x)), 1, F),
    OpCase("round", np.round, 1, F, grad=False, prims=("Round",)),
    OpCase("floor", np.floor, 1, F, grad=False, prims=("Floor",)),
    OpCase("math.ceil", np.ceil, 1, F, grad=False, prims=("Ceil",)),
    OpCase("math.rint", np.rint, 1, F, grad=False, prims=("Rint",)),
    OpCase("math.is_nan", np.isnan, 1, F, grad=False, out_dtype="bool", prims=("IsNan",)),
    OpCase("math.is_inf", np.isinf, 1, F, grad=False, out_dtype="bool", prims=("IsInf",)),
    OpCase("math.is_finite", np.isfinite, 1, F, grad=False, out_dtype="bool",
           prims=("IsFinite",)),
    OpCase("equal", np.equal, 2, FI, BIN, grad=False, out_dtype="bool", prims=("Equal",)),
    OpCase("not_equal", np.not_equal, 2, FI, BIN, grad=False, out_dtype="bool",
           prims=("NotEqual",)),
    OpCase("less", np.less, 2, FI, BIN, grad=False, out_dtype="bool", prims=("Less",)),
    OpCase("less_equal", np.less_equal, 2, FI, BIN, grad=False, out_dtype="bool",
           prims=("LessEqual",)),
    OpCase("greater", np.greater, 2, FI, BIN, grad=False, out_dtype="bool", prims=("Greater",)),
    OpCase("greater_equal", np.greater_equal, 2, FI, BIN, grad=False, out_dtype="bool",
           prims=("GreaterEqual",)),
    OpCase("logical_and", np.logical_and, 2, ("bool",), BIN, make=_bools, grad=False,
           prims=("LogicalAnd",)),
    OpCase("logical_or", np.logical_or, 2, ("bool",), BIN, make=_bools, grad=False,
           prims=("LogicalOr",)),
    OpCase("logical_not", np.logical_not, 1, ("bool",), make=_bools, grad=False,
           prims=("LogicalNot",)),
    OpCase("math.logical_xor", np.logical_xor, 2, ("bool",), BIN, make=_bools, grad=False),
    OpCase("bitwise.bitwise_and", np.bitwise_and, 2, ("int32", "int64"), BIN, make=_ints,
           grad=False, prims=("BitwiseAnd",)),
    OpCase("bitwise.bitwise_or", np.bitwise_or, 2, ("int32", "int64"), BIN, make=_ints,
           grad=False, prims=("BitwiseOr",)),
    OpCase("bitwise.bitwise_xor", np.bitwise_xor, 2, ("int32", "int64"), BIN, make=_ints,
           grad=False, prims=("BitwiseXor",)),
    OpCase("bitwise.invert", np.invert, 1, ("int32", "int64"), make=_ints, grad=False,
           prims=("Invert",)),
    OpCase("bitwise.left_shift", np.left_shift, 2, ("int32",), BIN[:2],
           make=lambda r, s, d: [r.integers(0, 100, size=s[0]).astype(d),
                                 r.integers(0, 8, size=s[1]).astype(d)],
           grad=False, prims=("LeftShift",)),
    OpCase("bitwise.right_shift", np.right_shift, 2, ("int32",), BIN[:2],
           make=lambda r, s, d: [r.integers(-100, 100, size=s[0]).astype(d),
                                 r.integers(0, 8, size=s[1]).astype(d)],
           grad=False, prims=("RightShift",)),
    OpCase("where", lambda c, x, y: np.where(c, x, y), 3, F, (((2, 3), (2, 3), (2, 3)),
                                                              ((2, 1), (3,), ())),
           make=lambda r, s, d: [r.uniform(size=s[0]) > 0.5] + [r.uniform(-2, 2, size=x).astype(d)
                                                                for x in s[1:]],
           grad_args=(1, 2), prims=("SelectV2",)),
    OpCase("cast", lambda x, dtype: x.astype(dtype), 1, F, kwargs={"dtype": "float64"},
           out_dtype="float64", prims=("Cast",)),
    OpCase("clip_by_value", lambda x, clip_value_min, clip_value_max: np.clip(
        x, clip_value_min, clip_value_max), 1, F,
           kwargs={"clip_value_min": -1.0, "clip_value_max": 1.0}, fn=lambda tf: (
               lambda x, clip_value_min, clip_value_max: tf.clip_by_value(x, clip_value_min,
                                                                          clip_value_max)),
           make=lambda r, s, d: [r.uniform(-3, 3, size=s[0]).astype(d)]),
    OpCase("add_n", lambda a, b, c: a + b + c, 3, F, (((2, 3), (2, 3), (2, 3)),),
           fn=lambda tf: (lambda a, b, c: tf.add_n([a, b, c]))),
    OpCase("math.conj", lambda x: np.conj(x), 1, F, prims=()),
    # complex ops, driven through tf.complex so the forward and gradient tests stay real-valued
    OpCase("math.real", lambda x, y: x + 0 * y, 2, F, BIN[:2],
           fn=lambda tf: lambda x, y: tf.math.real(tf.complex(x, y)), prims=("Complex", "Real")),
    OpCase("math.imag", lambda x, y: y + 0 * x, 2, F, BIN[:2],
           fn=lambda tf: lambda x, y: tf.math.imag(tf.complex(x, y)), prims=("Complex", "Imag")),
    OpCase("abs(complex)", np.hypot, 2, F, BIN[:2], make=_nonzero,
           fn=lambda tf: lambda x, y: tf.abs(tf.complex(x, y)), prims=("ComplexAbs",)),
    OpCase("math.conj(complex)", lambda x, y: x * x + y * y, 2, F, BIN[:2],
           fn=lambda tf: lambda x, y: tf.math.real(tf.math.conj(tf.complex(x, y)) *
                                                   tf.complex(x, y)), prims=("Conj",)),
    OpCase("math.angle", lambda x, y: np.arctan2(y, x), 2, F, BIN[:2], make=_nonzero,
           fn=lambda tf: lambda x, y: tf.math.angle(tf.complex(x, y)), prims=("Angle",)),
    OpCase("identity", lambda x: x, 1, FI, prims=("Identity",)),
    OpCase("stop_gradient", lambda x: x, 1, F, grad=False, prims=("StopGradient",)),
]
