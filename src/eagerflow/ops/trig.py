"""Trigonometric and hyperbolic functions and their inverses, each primitive with its gradient rule
beside it."""
import numpy as np

from .._export import export
from ..engine.primitive import Primitive, INEXACT
from .cast import ones_like
from .elementwise import _add, _mul, _neg, _realdiv, _reciprocal, _rsqrt, _square, _sub, conj


def _unary(name, fn):
    return Primitive(name, fn, dtypes=INEXACT, quiet=True)


_sin = _unary("Sin", np.sin)
_sin.defvjp(lambda g, ans, x: (_mul(g, conj(_cos(x))),))

_cos = _unary("Cos", np.cos)
_cos.defvjp(lambda g, ans, x: (_neg(_mul(g, conj(_sin(x)))),))

_tan = _unary("Tan", np.tan)
_tan.defvjp(lambda g, ans, x: (_mul(g, conj(_square(_reciprocal(_cos(x))))),))

_asin = _unary("Asin", np.arcsin)
_asin.defvjp(lambda g, ans, x: (_mul(g, _rsqrt(_sub(ones_like(x), _square(x)))),))

_acos = _unary("Acos", np.arccos)
_acos.defvjp(lambda g, ans, x: (_neg(_mul(g, _rsqrt(_sub(ones_like(x), _square(x))))),))

_atan = _unary("Atan", np.arctan)
_atan.defvjp(lambda g, ans, x: (_realdiv(g, _add(ones_like(x), _square(x))),))

_sinh = _unary("Sinh", np.sinh)
_sinh.defvjp(lambda g, ans, x: (_mul(g, conj(_cosh(x))),))

_cosh = _unary("Cosh", np.cosh)
_cosh.defvjp(lambda g, ans, x: (_mul(g, conj(_sinh(x))),))

_tanh = _unary("Tanh", np.tanh)
_tanh.defvjp(lambda g, ans, x: (_mul(g, conj(_sub(ones_like(ans), _square(ans)))),))

_asinh = _unary("Asinh", np.arcsinh)
_asinh.defvjp(lambda g, ans, x: (_realdiv(g, conj(_cosh(ans))),))

_acosh = _unary("Acosh", np.arccosh)
_acosh.defvjp(lambda g, ans, x: (_realdiv(g, conj(_sinh(ans))),))

_atanh = _unary("Atanh", np.arctanh)
_atanh.defvjp(lambda g, ans, x: (_realdiv(g, _sub(ones_like(x), _square(x))),))


sin = export("sin", "math.sin")(_sin)
cos = export("cos", "math.cos")(_cos)
tan = export("tan", "math.tan")(_tan)
asin = export("asin", "math.asin")(_asin)
acos = export("acos", "math.acos")(_acos)
atan = export("atan", "math.atan")(_atan)
sinh = export("sinh", "math.sinh")(_sinh)
cosh = export("cosh", "math.cosh")(_cosh)
tanh = export("tanh", "math.tanh", "nn.tanh")(_tanh)
asinh = export("asinh", "math.asinh")(_asinh)
acosh = export("acosh", "math.acosh")(_acosh)
atanh = export("atanh", "math.atanh")(_atanh)
