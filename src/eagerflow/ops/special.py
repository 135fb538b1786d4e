"""Special functions: sigmoid and its relatives (softplus, softsign, log_sigmoid), the error and
gamma functions, and xlogy / xdivy, each primitive with its gradient rule directly below it."""
import math

import numpy as np

from .._export import export
from ..engine.device import special_of
from ..engine.primitive import Primitive, primitive, INEXACT, FLOAT_TYPES
from ..tensor import convert_to_tensor
from .cast import cast, ones_like, zeros_like
from .comparison import not_equal
from .elementwise import _abs, _add, _exp, _mul, _neg, _realdiv, _square, _sub, conj

_FLOAT_CPLX = INEXACT


def _unary(name, fn, dtypes, differentiable=True):
    return Primitive(name, fn, dtypes=dtypes, differentiable=differentiable, quiet=True)


@primitive("Xlogy", dtypes=_FLOAT_CPLX, quiet=True)
def _xlogy(x, y):
    return np.where(x == 0, np.result_type(x, y).type(0), x * np.log(y))


@_xlogy.defvjp
def _(g, ans, x, y):
    nz = cast(not_equal(x, zeros_like(x)), x.dtype)
    return _mul(g, _xlogy(nz, y)), _mul(g, _xdivy(x, y))


@primitive("Xdivy", dtypes=_FLOAT_CPLX, quiet=True)
def _xdivy(x, y):
    return np.where(x == 0, np.result_type(x, y).type(0), x / y)


@_xdivy.defvjp
def _(g, ans, x, y):
    nz = cast(not_equal(x, zeros_like(x)), x.dtype)
    return _mul(g, _xdivy(nz, y)), _mul(g, _neg(_xdivy(x, _mul(y, y))))


_TINY = {}  # dtype -> its smallest normal number
_np_exp = np.exp
_np_negative = np.negative
_np_reciprocal = np.reciprocal
_fmin_reduce = np.fmin.reduce  # NaN-ignoring: a NaN must not hide a denormal


def _sigmoid_fwd(x):
    # 1 / (1 + exp(-x)) in place, four ufunc calls: exp(-x) overflows to inf for very negative x
    # (the primitive is quiet), giving 0; elsewhere the relative error is a few ulp either side
    dt = x.dtype
    if dt.char not in "efd":  # complex, bfloat16: NumPy's promotion, then back to the dtype
        r = 1 / (1 + np.exp(-x))
        return r if r.dtype == dt or dt.kind == "c" else r.astype(dt)
    if x.ndim:
        e = _np_negative(x)
        _np_exp(e, out=e)
        e += 1
        r = _np_reciprocal(e, out=e)
    else:  # (ufuncs give 0-d inputs NumPy scalars, which take no out=)
        r = np.array(1 / (1 + _np_exp(-x)), dt)
    # TF's CPU kernels flush denormals to zero; so do we (sigmoid(-88.5) is 0 in float32)
    tiny = _TINY.get(dt)
    if tiny is None:
        tiny = _TINY[dt] = np.finfo(dt).tiny
    if r.size and _fmin_reduce(r, None) < tiny:  # (r >= 0: only a denormal or 0 is below tiny)
        r[r < tiny] = 0
    return r


_sigmoid = _unary("Sigmoid", _sigmoid_fwd, _FLOAT_CPLX)
_sigmoid.defvjp(lambda g, ans, x: (_mul(g, conj(_mul(ans, _sub(ones_like(ans), ans)))),))

_softplus = _unary("Softplus", lambda x: np.logaddexp(x, x.dtype.type(0)), FLOAT_TYPES)
_softplus.defvjp(lambda g, ans, x: (_mul(g, _sigmoid(x)),))


def _on_device(name, x):
    """A special function of a device array, by its library (the host kernels loop in Python)."""
    return getattr(special_of(x), name)(x).astype(x.dtype, copy=False)


def _erf_np(x):
    # Abramowitz-Stegun would be too coarse; use math.erf elementwise (exact to double precision)
    if type(x) is not np.ndarray:
        return _on_device("erf", x)
    return np.vectorize(math.erf, otypes=[np.float64])(x).astype(x.dtype)


def _erfc_np(x):
    if type(x) is not np.ndarray:
        return _on_device("erfc", x)
    return np.vectorize(math.erfc, otypes=[np.float64])(x).astype(x.dtype)


def _lgamma_np(x):
    if type(x) is not np.ndarray:  # (gammaln: +inf at the poles, as TF's lgamma)
        return _on_device("gammaln", x)
    return np.vectorize(lambda v: math.lgamma(v) if v > 0 or v != int(v) else np.inf,
                        otypes=[np.float64])(x).astype(x.dtype)


def _digamma_np(x):
    # psi(x) by recurrence to x >= 6 then the asymptotic series
    if type(x) is not np.ndarray:
        return _on_device("digamma", x)
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


xlogy = export("math.xlogy")(_xlogy)


xdivy = export("math.xdivy")(_xdivy)


sigmoid = export("sigmoid", "math.sigmoid", "nn.sigmoid")(_sigmoid)


@export("math.log_sigmoid")
def log_sigmoid(x, name=None):
    """log(sigmoid(x)) = -softplus(-x), stable."""
    return _neg(softplus(_neg(x)))


softplus = export("math.softplus", "nn.softplus", inputs=("features",))(_softplus)


@export("math.softsign", "nn.softsign")
def softsign(features, name=None):
    """x / (|x| + 1)."""
    x = convert_to_tensor(features)
    return _realdiv(x, _add(_abs(x), ones_like(x)))


erf = export("math.erf")(_erf)


erfc = export("math.erfc")(_erfc)


lgamma = export("math.lgamma")(_lgamma)


digamma = export("math.digamma")(_digamma)
