"""Reductions (sum, mean, max, min, prod, any, all, euclidean norm) and scans (cumsum, cumprod),
each primitive with its gradient rule directly below it (Sum is in broadcast.py); reduce_variance,
reduce_std, reduce_logsumexp and count_nonzero are composites."""
import numpy as np

from .. import dtypes as _dt
from .. import _accel
from .._export import export
from ..engine.device import xp_of
from ..engine.primitive import primitive, mismatch_error, NUMERIC, REAL, BOOL_TYPES
from ..errors import InvalidArgumentError
from ..tensor import Tensor, VariableBase, convert_to_tensor, wrap
from ._args import _index_array
from .broadcast import _sum, _reshape, _broadcast_to, _kept_shape
from .cast import cast, ones_like, zeros_like
from .comparison import equal, is_finite, select
from .creation import _fill
from .elementwise import (_realdiv, add, conj, divide, divide_no_nan, exp, log, multiply, real,
                          sqrt, square, subtract)
from .misc import stop_gradient
from . import run_time_shapes as R

_errstate = np.errstate
_QUIET = _accel.QUIET  # NumPy's errstate context variable and its all-ignore value, or None


# ---------------------------------------------------------------------------------------------
# axis handling

def _bad_dim(a, ndim, op):
    return InvalidArgumentError(None, op, "Invalid reduction dimension (%d for input with %d "
                                "dimension(s) [Op:%s]" % (a, ndim, op))


_ALL_AXES = tuple(tuple(range(n)) for n in range(33))  # the axis tuple of a full reduction


def _norm_axis(axis, ndim, op):
    """axis (None, int, list, tuple, tensor) -> a sorted tuple of non-negative ints, TF's errors."""
    if axis is None:
        return _ALL_AXES[ndim] if ndim < 33 else tuple(range(ndim))
    if type(axis) is int:
        if -ndim <= axis < ndim:
            return (axis % ndim,)
        raise _bad_dim(axis, ndim, op)
    if isinstance(axis, Tensor):
        if axis._v.dtype.kind not in "iu":
            raise InvalidArgumentError(None, op, (
                "Value for attr 'Tidx' of %s is not in the list of allowed values: int32, int64 "
                "[Op:%s]") % (axis.dtype._kernel_word, op))
        axis = axis._v.reshape(-1).tolist()
    elif isinstance(axis, (int, np.integer)):
        axis = [int(axis)]
    else:
        axis = _index_array(axis, op, "Tidx", hint=True).reshape(-1).tolist()
    out = []
    for a in axis:
        if not -ndim <= a < ndim:
            raise _bad_dim(a, ndim, op)
        a %= ndim
        if a in out:
            raise InvalidArgumentError(None, op, "Invalid reduction arguments: Axes contains "
                                       "duplicate dimension: %d [Op:%s]" % (a, op))
        out.append(a)
    return tuple(sorted(out))


def _expand(g, x, axis, keepdims):
    """g of the reduced shape -> g reshaped so that it broadcasts against x."""
    if keepdims:
        return g
    if type(x) is not Tensor and not x.shape.is_fully_defined():
        return R.reshape(g, R.kept_dims(x, axis), x)
    return _reshape(g, shape=_kept_shape(x._v.shape, axis))


def _full(g, x, axis, keepdims):
    if type(x) is not Tensor and not x.shape.is_fully_defined():
        return R.broadcast(_expand(g, x, axis, keepdims), R.dims(x), x)
    return _broadcast_to(_expand(g, x, axis, keepdims), shape=x._v.shape)


@export("reduce_sum", "math.reduce_sum")
def reduce_sum(input_tensor, axis=None, keepdims=False, name=None):
    """Sum of elements across dimensions."""
    x = input_tensor if type(input_tensor) is Tensor else convert_to_tensor(input_tensor)
    nd = x._v.ndim
    return _sum(x, axis=_ALL_AXES[nd] if axis is None and nd < 33 else _norm_axis(axis, nd, "Sum"),
              keepdims=keepdims if keepdims is False else bool(keepdims))


def _count(shape, axis):
    n = 1
    for k in axis:
        n *= shape[k]
    return n


@primitive("Mean", dtypes=NUMERIC, quiet=True, attrs_positional=True)
def _mean(x, axis, keepdims):
    kind = x.dtype.kind
    if kind == "f":  # the common case (floating-point warnings are off: a quiet primitive)
        n = 1
        shape = x.shape
        for k in axis:
            n *= shape[k]
        if n:
            s = _add_reduce(x, axis, x.dtype, None, keepdims)
            s = s / x.dtype.type(n)
            return np.asarray(s, x.dtype) if isinstance(s, np.generic) else s  # (or a device array)
    n = _count(x.shape, axis)
    if kind in "iu":
        # TF accumulates integer means wider than the input and truncates toward zero
        s = np.sum(x, axis=axis, keepdims=keepdims, dtype=np.int64 if kind == "i" else np.uint64)
        if n == 0:
            return np.zeros(s.shape, x.dtype)
        q = np.abs(s) // n
        return (np.where(s < 0, -q, q) if kind == "i" else q).astype(x.dtype)
    return _mean_inexact(x, axis, keepdims, n)


_add_reduce = np.add.reduce


def _mean_inexact(x, axis, keepdims, n):
    s = np.add.reduce(x, axis=axis, keepdims=keepdims, dtype=x.dtype)
    if n == 0:
        return np.full(np.shape(s), np.nan, x.dtype)
    s = s / x.dtype.type(n)
    return np.asarray(s, x.dtype) if isinstance(s, np.generic) else s


@_mean.defvjp
def _(g, ans, x, axis, keepdims):
    if type(x) is not Tensor and not x.shape.is_fully_defined():
        return (_full(_realdiv(g, R.count(x, g, g.dtype)), x, axis, keepdims),)
    n = _count(x._v.shape, axis)
    gd = g._v.dtype
    if gd.kind in "fc":
        # scale the (small) reduced gradient first, then broadcast it: same values, less work.
        # ``/`` on two same-dtype inexact tensors is exactly RealDiv (recorded alike), minus the
        # general dispatch
        g = g / wrap(np.array(n, gd)) if type(g) is Tensor else _realdiv(g, wrap(np.array(n, gd)))
        if not g._v.ndim:  # a full reduction: Fill is cheaper than a broadcast view
            return (_fill(g, shape=x._v.shape),)
        return (_broadcast_to(_expand(g, x, axis, keepdims), shape=x._v.shape),)
    return (divide(_full(g, x, axis, keepdims), wrap(np.array(n, gd))),)


@export("reduce_mean", "math.reduce_mean")
def reduce_mean(input_tensor, axis=None, keepdims=False, name=None):
    """Mean of elements across dimensions (integer inputs: truncated toward zero)."""
    x = input_tensor if type(input_tensor) is Tensor else convert_to_tensor(input_tensor)
    nd = x._v.ndim
    return _mean(x, axis=_ALL_AXES[nd] if axis is None and nd < 33 else _norm_axis(axis, nd, "Mean"),
              keepdims=keepdims if keepdims is False else bool(keepdims))


# ---------------------------------------------------------------------------------------------
# max, min

def _extreme(fn, x, axis, keepdims, big):
    if x.size == 0:
        if x.dtype.kind == "f":
            init = -np.inf if big else np.inf
        elif x.dtype.kind in "iu":
            info = np.iinfo(x.dtype)
            init = info.min if big else info.max
        else:
            init = not big
        return fn(x, axis=axis, keepdims=keepdims, initial=init)
    return fn(x, axis=axis, keepdims=keepdims)


_max_reduce = np.maximum.reduce
_min_reduce = np.minimum.reduce


@primitive("Max", dtypes=REAL, attrs_positional=True)
def _max(x, axis, keepdims):
    if x.size:  # what np.max runs, minus its Python wrapper
        return _max_reduce(x, axis, None, None, keepdims)
    return _extreme(np.max, x, axis, keepdims, True)


@primitive("Min", dtypes=REAL, attrs_positional=True)
def _min(x, axis, keepdims):
    if x.size:
        return _min_reduce(x, axis, None, None, keepdims)
    return _extreme(np.min, x, axis, keepdims, False)


def _min_or_max_grad(g, ans, x, axis, keepdims):
    """The gradient is split evenly among the elements equal to the extreme (TF's tie rule)."""
    y = _expand(ans, x, axis, keepdims)
    hits = cast(equal(x, y), g.dtype)
    n = _sum(hits, axis=axis, keepdims=True)
    return (multiply(divide(hits, n), _expand(g, x, axis, keepdims)),)


_max.defvjp(_min_or_max_grad)
_min.defvjp(_min_or_max_grad)


@export("reduce_max", "math.reduce_max")
def reduce_max(input_tensor, axis=None, keepdims=False, name=None):
    """Maximum of elements across dimensions (-inf / the dtype's min for empty reductions)."""
    x = input_tensor if type(input_tensor) is Tensor else convert_to_tensor(input_tensor)
    nd = x._v.ndim
    return _max(x, axis=_ALL_AXES[nd] if axis is None and nd < 33 else _norm_axis(axis, nd, "Max"),
              keepdims=keepdims if keepdims is False else bool(keepdims))


@export("reduce_min", "math.reduce_min")
def reduce_min(input_tensor, axis=None, keepdims=False, name=None):
    """Minimum of elements across dimensions (+inf / the dtype's max for empty reductions)."""
    x = input_tensor if type(input_tensor) is Tensor else convert_to_tensor(input_tensor)
    nd = x._v.ndim
    return _min(x, axis=_ALL_AXES[nd] if axis is None and nd < 33 else _norm_axis(axis, nd, "Min"),
              keepdims=keepdims if keepdims is False else bool(keepdims))


# ---------------------------------------------------------------------------------------------
# prod

@primitive("Prod", dtypes=NUMERIC)
def _prod(x, axis, keepdims):
    with _errstate(all="ignore"):
        return np.prod(x, axis=axis, keepdims=keepdims, dtype=x.dtype)


@_prod.defvjp
def _(g, ans, x, axis, keepdims):
    # d prod / d x_i = product of the others; computed without dividing by zeros: with no zero in
    # the group it is prod / x_i, with exactly one zero only that element gets the product of the
    # non-zeros, with more zeros everything is 0.
    zero = equal(x, 0)
    safe = select(zero, ones_like(x), x)
    p = _prod(safe, axis=axis, keepdims=True)
    nz = _sum(cast(zero, x.dtype), axis=axis, keepdims=True)
    z = zeros_like(p)
    others = select(zero, select(equal(nz, 1), p, z), select(equal(nz, 0), divide(p, safe), z))
    return (multiply(_expand(g, x, axis, keepdims), conj(others)),)


@export("reduce_prod", "math.reduce_prod")
def reduce_prod(input_tensor, axis=None, keepdims=False, name=None):
    """Product of elements across dimensions."""
    x = input_tensor if type(input_tensor) is Tensor else convert_to_tensor(input_tensor)
    return _prod(x, axis=_norm_axis(axis, x._v.ndim, "Prod"), keepdims=bool(keepdims))


# ---------------------------------------------------------------------------------------------
# any, all

@primitive("Any", dtypes=BOOL_TYPES, differentiable=False)
def _any(x, axis, keepdims):
    return np.any(x, axis=axis, keepdims=keepdims)


@primitive("All", dtypes=BOOL_TYPES, differentiable=False)
def _all(x, axis, keepdims):
    return np.all(x, axis=axis, keepdims=keepdims)


_BOOL = np.dtype(bool)


def _bool_input(x, prim):
    """Python/NumPy values convert to bool (as TF's op input does); tensors must already be bool."""
    if isinstance(x, (Tensor, VariableBase)):
        x = convert_to_tensor(x)
        if x._v.dtype != _BOOL:
            raise mismatch_error(prim, 0, _BOOL, x._v.dtype)
        return x
    return convert_to_tensor(x, dtype=_dt.bool)


@export("reduce_any", "math.reduce_any")
def reduce_any(input_tensor, axis=None, keepdims=False, name=None):
    """Logical OR across dimensions."""
    x = _bool_input(input_tensor, _any)
    return _any(x, axis=_norm_axis(axis, x._v.ndim, "Any"), keepdims=bool(keepdims))


@export("reduce_all", "math.reduce_all")
def reduce_all(input_tensor, axis=None, keepdims=False, name=None):
    """Logical AND across dimensions."""
    x = _bool_input(input_tensor, _all)
    return _all(x, axis=_norm_axis(axis, x._v.ndim, "All"), keepdims=bool(keepdims))


# ---------------------------------------------------------------------------------------------
# euclidean norm, variance, std, logsumexp

@primitive("EuclideanNorm", dtypes=NUMERIC)
def _euclidean_norm(x, axis, keepdims):
    kind = x.dtype.kind
    if kind in "iu":
        w = x.astype(np.float64)
        return np.sqrt(np.sum(w * w, axis=axis, keepdims=keepdims)).astype(x.dtype)
    if kind == "c":
        a = np.abs(x)
        return np.sqrt(np.sum(a * a, axis=axis, keepdims=keepdims)).astype(x.dtype)
    return np.sqrt(np.sum(x * x, axis=axis, keepdims=keepdims, dtype=x.dtype))


@_euclidean_norm.defvjp
def _(g, ans, x, axis, keepdims):
    with _errstate(all="ignore"):
        return (multiply(_expand(g, x, axis, keepdims), divide(x, _expand(ans, x, axis,
                                                                            keepdims))),)


@export("math.reduce_euclidean_norm")
def reduce_euclidean_norm(input_tensor, axis=None, keepdims=False, name=None):
    """sqrt(sum(x**2)) across dimensions."""
    x = input_tensor if type(input_tensor) is Tensor else convert_to_tensor(input_tensor)
    return _euclidean_norm(x, axis=_norm_axis(axis, x._v.ndim, "EuclideanNorm"),
                           keepdims=bool(keepdims))


@export("math.reduce_variance")
def reduce_variance(input_tensor, axis=None, keepdims=False, name=None):
    """Variance across dimensions (complex inputs give a real result)."""
    x = input_tensor if type(input_tensor) is Tensor else convert_to_tensor(input_tensor)
    ax = _norm_axis(axis, x._v.ndim, "Mean")
    m = _mean(x, axis=ax, keepdims=True)
    if x.dtype.is_integer:
        raise TypeError("Input must be either real or complex. Received integer type %s."
                        % (x.dtype,))
    d = subtract(x, m)
    sq = real(multiply(d, conj(d))) if x.dtype.is_complex else square(d)
    return _mean(sq, axis=ax, keepdims=bool(keepdims))


@export("math.reduce_std")
def reduce_std(input_tensor, axis=None, keepdims=False, name=None):
    """Standard deviation across dimensions."""
    return sqrt(reduce_variance(input_tensor, axis, keepdims))


@export("reduce_logsumexp", "math.reduce_logsumexp")
def reduce_logsumexp(input_tensor, axis=None, keepdims=False, name=None):
    """log(sum(exp(x))) across dimensions, computed stably (max subtracted first)."""
    x = input_tensor if type(input_tensor) is Tensor else convert_to_tensor(input_tensor)
    ax = _norm_axis(axis, x._v.ndim, "Max")
    raw = _max(x, axis=ax, keepdims=True)
    shift = stop_gradient(select(is_finite(raw), raw, zeros_like(raw)))
    with _errstate(all="ignore"):
        out = log(_sum(exp(subtract(x, shift)), axis=ax, keepdims=bool(keepdims)))
    if not keepdims:
        shift = R.reshape(shift, R.dims(out), out) if R.unknown(out) else \
            _reshape(shift, shape=out._v.shape)
    return add(out, shift)


# ---------------------------------------------------------------------------------------------
# cumsum, cumprod

def _scan(ufunc, x, axis, exclusive, reverse):
    if reverse:
        x = np.flip(x, axis)
    with _errstate(all="ignore"):
        out = ufunc.accumulate(x, axis=axis, dtype=x.dtype)
    if exclusive:
        first = np.full_like(x.take([0], axis=axis) if x.shape[axis] else x, ufunc.identity)
        out = np.concatenate([first, out.take(range(x.shape[axis] - 1), axis=axis)], axis=axis)
    if reverse:
        out = np.flip(out, axis)
    return out


@primitive("Cumsum", dtypes=NUMERIC)
def _cumsum(x, axis, exclusive, reverse):
    return _scan(np.add, x, axis, exclusive, reverse)


@_cumsum.defvjp
def _(g, ans, x, axis, exclusive, reverse):
    return (_cumsum(g, axis=axis, exclusive=exclusive, reverse=not reverse),)


@primitive("Cumprod", dtypes=NUMERIC)
def _cumprod(x, axis, exclusive, reverse):
    return _scan(np.multiply, x, axis, exclusive, reverse)


@_cumprod.defvjp
def _(g, ans, x, axis, exclusive, reverse):
    # TF's rule, including its div_no_nan: the gradient at a zero input is reported as 0
    out = _cumsum(multiply(ans, g), axis=axis, exclusive=exclusive, reverse=not reverse)
    return (divide_no_nan(out, x),)


def _scan_axis(axis, ndim, op):
    if isinstance(axis, Tensor):
        if axis._v.dtype.kind not in "iu":
            raise InvalidArgumentError(None, op, (
                "Value for attr 'Tidx' of %s is not in the list of allowed values: int32, int64 "
                "[Op:%s]") % (axis.dtype._kernel_word, op))
        if axis._v.ndim:
            raise InvalidArgumentError(None, op, "ScanOp: axis must be a scalar, not [%s] "
                                       "[Op:%s]" % (",".join(map(str, axis._v.shape)), op))
        axis = int(axis._v)
    elif isinstance(axis, (list, tuple, np.ndarray)):
        shape = np.shape(axis)
        raise InvalidArgumentError(None, op, "ScanOp: axis must be a scalar, not [%s] [Op:%s]"
                                   % (",".join(map(str, shape)), op))
    elif not isinstance(axis, (int, np.integer)):
        if axis is None or isinstance(axis, (str, bytes)):  # TF's conversion / the attr error
            _index_array(axis, op, "Tidx")
        raise TypeError("Cannot convert %r to EagerTensor of dtype int32" % (axis,))
    axis = int(axis)
    if not -ndim <= axis < ndim:
        raise InvalidArgumentError(None, op, "ScanOp: Expected scan axis in the range [%d, %d), "
                                   "but got %d [Op:%s]" % (-ndim, ndim, axis + ndim if axis < 0 else axis, op))
    return axis % ndim


@export("cumsum", "math.cumsum")
def cumsum(x, axis=0, exclusive=False, reverse=False, name=None):
    """Cumulative sum along axis (exclusive: shifted by one; reverse: from the end)."""
    x = x if type(x) is Tensor else convert_to_tensor(x)
    if type(exclusive) is not bool or type(reverse) is not bool:
        _check_bools(exclusive=exclusive, reverse=reverse)
    return _cumsum(x, axis=_scan_axis(axis, x._v.ndim, "Cumsum"), exclusive=exclusive,
                   reverse=reverse)


def _check_bools(**attrs):
    """TF's make_bool for bool attrs: only a Python bool."""
    for k, v in attrs.items():
        if type(v) is not bool:
            raise TypeError("Expected bool for argument '%s' not %r." % (k, v))


@export("math.cumprod")
def cumprod(x, axis=0, exclusive=False, reverse=False, name=None):
    """Cumulative product along axis (exclusive: shifted by one; reverse: from the end)."""
    x = x if type(x) is Tensor else convert_to_tensor(x)
    if type(exclusive) is not bool or type(reverse) is not bool:
        _check_bools(exclusive=exclusive, reverse=reverse)
    return _cumprod(x, axis=_scan_axis(axis, x._v.ndim, "Cumprod"), exclusive=exclusive,
                    reverse=reverse)


# ---------------------------------------------------------------------------------------------
# count_nonzero

@export("math.count_nonzero")
def count_nonzero(input, axis=None, keepdims=None, dtype=_dt.int64, name=None):
    """Number of non-zero (non-empty for strings) elements across dimensions, as ``dtype``."""
    x = input if type(input) is Tensor else convert_to_tensor(input)
    a = x._v
    ax = _norm_axis(axis, a.ndim, "Sum")
    nz = (a != b"") if a.dtype.kind == "O" else (a != 0)
    n = np.sum(nz, axis=ax, keepdims=bool(keepdims), dtype=np.int64)
    return wrap(xp_of(a).asarray(n).astype(_dt.as_dtype(dtype).as_numpy_dtype))
