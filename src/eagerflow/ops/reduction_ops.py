"""Reductions (sum, mean, max, ...), scans (cumsum, cumprod), arg-reductions, sorting, counting.

Primitives (each with its gradient rule below it): Sum, Mean, Max, Min, Prod, Any, All,
EuclideanNorm, ArgMax, ArgMin, Cumsum, Cumprod, TopKV2, Unique, UniqueWithCounts, and the pair
TakeAlongAxis / PutAlongAxis that carries the gradients of sort and top_k. reduce_std,
reduce_variance, reduce_logsumexp, count_nonzero, sort and argsort are composites.
"""
import collections

import numpy as np

from .. import dtypes as _dt
from .. import _accel
from ..engine.primitive import (primitive, type_error, mismatch_error, NUMERIC, REAL, BOOL_TYPES, FLOAT_TYPES,
                                  COMPLEX_TYPES, SIGNED_INT_TYPES)
from ..errors import InvalidArgumentError
from ..tensor import Tensor, VariableBase, convert_to_tensor, wrap

__all__ = ["reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod", "reduce_any",
           "reduce_all", "reduce_logsumexp", "argmax", "argmin", "cumsum", "sort", "argsort",
           "unique", "unique_with_counts"]
MATH = ["reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod", "reduce_any",
        "reduce_all", "reduce_std", "reduce_variance", "reduce_logsumexp",
        "reduce_euclidean_norm", "argmax", "argmin", "cumsum", "cumprod", "count_nonzero",
        "top_k"]
NN = ["top_k"]

_ndarray = np.ndarray
_errstate = np.errstate
_QUIET = _accel.QUIET  # NumPy's errstate context variable and its all-ignore value, or None


# ---------------------------------------------------------------------------------------------
# axis handling

def _bad_dim(a, ndim, op):
    return InvalidArgumentError(None, op, "Invalid reduction dimension (%d for input with %d "
                                "dimension(s) [Op:%s]" % (a, ndim, op))


def _norm_axis(axis, ndim, op):
    """axis (None, int, list, tuple, tensor) -> a sorted tuple of non-negative ints, TF's errors."""
    if axis is None:
        return tuple(range(ndim))
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
        axis = np.asarray(axis)
        if axis.size and axis.dtype.kind not in "iu":
            bad = axis.reshape(-1)[0]
            raise TypeError("Cannot convert %r to EagerTensor of dtype int32" % (bad.item(),))
        axis = axis.reshape(-1).astype(np.int64).tolist()
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


def _kept_shape(shape, axis):
    return tuple(1 if k in axis else d for k, d in enumerate(shape))


def _expand(g, x, axis, keepdims):
    """g of the reduced shape -> g reshaped so that it broadcasts against x."""
    if keepdims:
        return g
    return _reshape_p(g, shape=_kept_shape(x._v.shape, axis))


def _full(g, x, axis, keepdims):
    from .array_ops import broadcast_to
    return broadcast_to(_expand(g, x, axis, keepdims), x._v.shape)


# ---------------------------------------------------------------------------------------------
# sum, mean

_add_reduce = np.add.reduce  # what np.sum runs for an ndarray, minus its Python wrapper


@primitive("Sum", dtypes=NUMERIC)
def _sum(x, axis, keepdims):
    if x.dtype.itemsize == 2:  # float16 overflows to inf silently in TF
        with _errstate(all="ignore"):
            return _add_reduce(x, axis, x.dtype, None, keepdims)
    return _add_reduce(x, axis, x.dtype, None, keepdims)


@_sum.defvjp
def _(g, ans, x, axis, keepdims):
    if not keepdims:
        g = _reshape_p(g, shape=_kept_shape(x._v.shape, axis))
    return (_broadcast_to_p(g, shape=x._v.shape),)


def reduce_sum(input_tensor, axis=None, keepdims=False, name=None):
    """Sum of elements across dimensions."""
    x = input_tensor if type(input_tensor) is Tensor else convert_to_tensor(input_tensor)
    return _sum(x, axis=_norm_axis(axis, x._v.ndim, "Sum"), keepdims=bool(keepdims))


def _count(shape, axis):
    n = 1
    for k in axis:
        n *= shape[k]
    return n


@primitive("Mean", dtypes=NUMERIC)
def _mean(x, axis, keepdims):
    n = _count(x.shape, axis)
    kind = x.dtype.kind
    if kind in "iu":
        # TF accumulates integer means wider than the input and truncates toward zero
        s = np.sum(x, axis=axis, keepdims=keepdims, dtype=np.int64 if kind == "i" else np.uint64)
        if n == 0:
            return np.zeros(s.shape, x.dtype)
        q = np.abs(s) // n
        return (np.where(s < 0, -q, q) if kind == "i" else q).astype(x.dtype)
    if _QUIET is not None:  # floating-point warnings off, as np.errstate(all="ignore")
        token = _QUIET[0].set(_QUIET[1])
        try:
            return _mean_inexact(x, axis, keepdims, n)
        finally:
            _QUIET[0].reset(token)
    with _errstate(all="ignore"):
        return _mean_inexact(x, axis, keepdims, n)


def _mean_inexact(x, axis, keepdims, n):
    s = np.add.reduce(x, axis=axis, keepdims=keepdims, dtype=x.dtype)
    if n == 0:
        return np.full(np.shape(s), np.nan, x.dtype)
    return np.asarray(s / x.dtype.type(n), x.dtype)


@_mean.defvjp
def _(g, ans, x, axis, keepdims):
    n = _count(x._v.shape, axis)
    gd = g._v.dtype
    if gd.kind in "fc":
        # scale the (small) reduced gradient first, then broadcast it: same values, less work.
        # ``/`` on two same-dtype inexact tensors is exactly RealDiv (recorded alike), minus the
        # general dispatch
        g = g / wrap(np.array(n, gd)) if type(g) is Tensor else _realdiv_p(g, wrap(np.array(n, gd)))
        if not g._v.ndim:  # a full reduction: Fill is cheaper than a broadcast view
            return (_fill_p(g, shape=x._v.shape),)
        return (_broadcast_to_p(_expand(g, x, axis, keepdims), shape=x._v.shape),)
    from .math_ops import divide
    return (divide(_full(g, x, axis, keepdims), wrap(np.array(n, gd))),)


def reduce_mean(input_tensor, axis=None, keepdims=False, name=None):
    """Mean of elements across dimensions (integer inputs: truncated toward zero)."""
    x = input_tensor if type(input_tensor) is Tensor else convert_to_tensor(input_tensor)
    return _mean(x, axis=_norm_axis(axis, x._v.ndim, "Mean"), keepdims=bool(keepdims))


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


@primitive("Max", dtypes=REAL)
def _max(x, axis, keepdims):
    return _extreme(np.max, x, axis, keepdims, True)


@primitive("Min", dtypes=REAL)
def _min(x, axis, keepdims):
    return _extreme(np.min, x, axis, keepdims, False)


def _min_or_max_grad(g, ans, x, axis, keepdims):
    """The gradient is split evenly among the elements equal to the extreme (TF's tie rule)."""
    from .math_ops import cast, equal, divide, multiply
    y = _expand(ans, x, axis, keepdims)
    hits = cast(equal(x, y), g.dtype)
    n = _sum(hits, axis=axis, keepdims=True)
    return (multiply(divide(hits, n), _expand(g, x, axis, keepdims)),)


_max.defvjp(_min_or_max_grad)
_min.defvjp(_min_or_max_grad)


def reduce_max(input_tensor, axis=None, keepdims=False, name=None):
    """Maximum of elements across dimensions (-inf / the dtype's min for empty reductions)."""
    x = input_tensor if type(input_tensor) is Tensor else convert_to_tensor(input_tensor)
    return _max(x, axis=_norm_axis(axis, x._v.ndim, "Max"), keepdims=bool(keepdims))


def reduce_min(input_tensor, axis=None, keepdims=False, name=None):
    """Minimum of elements across dimensions (+inf / the dtype's max for empty reductions)."""
    x = input_tensor if type(input_tensor) is Tensor else convert_to_tensor(input_tensor)
    return _min(x, axis=_norm_axis(axis, x._v.ndim, "Min"), keepdims=bool(keepdims))


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
    from .math_ops import cast, conj, divide, equal, multiply, ones_like, select, zeros_like
    zero = equal(x, 0)
    safe = select(zero, ones_like(x), x)
    p = _prod(safe, axis=axis, keepdims=True)
    nz = _sum(cast(zero, x.dtype), axis=axis, keepdims=True)
    z = zeros_like(p)
    others = select(zero, select(equal(nz, 1), p, z), select(equal(nz, 0), divide(p, safe), z))
    return (multiply(_expand(g, x, axis, keepdims), conj(others)),)


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


def reduce_any(input_tensor, axis=None, keepdims=False, name=None):
    """Logical OR across dimensions."""
    x = _bool_input(input_tensor, _any)
    return _any(x, axis=_norm_axis(axis, x._v.ndim, "Any"), keepdims=bool(keepdims))


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
    from .math_ops import divide, multiply
    with _errstate(all="ignore"):
        return (multiply(_expand(g, x, axis, keepdims), divide(x, _expand(ans, x, axis,
                                                                            keepdims))),)


def reduce_euclidean_norm(input_tensor, axis=None, keepdims=False, name=None):
    """sqrt(sum(x**2)) across dimensions."""
    x = input_tensor if type(input_tensor) is Tensor else convert_to_tensor(input_tensor)
    return _euclidean_norm(x, axis=_norm_axis(axis, x._v.ndim, "EuclideanNorm"),
                           keepdims=bool(keepdims))


def reduce_variance(input_tensor, axis=None, keepdims=False, name=None):
    """Variance across dimensions (complex inputs give a real result)."""
    from .math_ops import conj, multiply, real, square, subtract
    x = input_tensor if type(input_tensor) is Tensor else convert_to_tensor(input_tensor)
    ax = _norm_axis(axis, x._v.ndim, "Mean")
    m = _mean(x, axis=ax, keepdims=True)
    if x.dtype.is_integer:
        raise TypeError("Input must be either real or complex. Received integer type %s."
                        % (x.dtype,))
    d = subtract(x, m)
    sq = real(multiply(d, conj(d))) if x.dtype.is_complex else square(d)
    return _mean(sq, axis=ax, keepdims=bool(keepdims))


def reduce_std(input_tensor, axis=None, keepdims=False, name=None):
    """Standard deviation across dimensions."""
    from .math_ops import sqrt
    return sqrt(reduce_variance(input_tensor, axis, keepdims))


def reduce_logsumexp(input_tensor, axis=None, keepdims=False, name=None):
    """log(sum(exp(x))) across dimensions, computed stably (max subtracted first)."""
    from .array_ops import reshape
    from .math_ops import add, exp, is_finite, log, select, subtract, zeros_like
    from .misc_ops import stop_gradient
    x = input_tensor if type(input_tensor) is Tensor else convert_to_tensor(input_tensor)
    ax = _norm_axis(axis, x._v.ndim, "Max")
    raw = _max(x, axis=ax, keepdims=True)
    shift = stop_gradient(select(is_finite(raw), raw, zeros_like(raw)))
    with _errstate(all="ignore"):
        out = log(_sum(exp(subtract(x, shift)), axis=ax, keepdims=bool(keepdims)))
    if not keepdims:
        shift = reshape(shift, out._v.shape)
    return add(out, shift)


# ---------------------------------------------------------------------------------------------
# argmax, argmin

_ARG_TYPES = REAL | BOOL_TYPES
_INDEX_TYPES = {"int16": np.int16, "uint16": np.uint16, "int32": np.int32, "int64": np.int64}


def _arg_reduce(fn, x, axis, out, fill):
    if x.dtype.kind == "f":
        nan = np.isnan(x)
        if nan.any():  # TF's kernel never selects a NaN (unless the whole slice is NaN: index 0)
            x = np.where(nan, fill, x)
    return fn(x, axis=axis).astype(out)


@primitive("ArgMax", dtypes=_ARG_TYPES, differentiable=False)
def _argmax(x, axis, out):
    return _arg_reduce(np.argmax, x, axis, out, -np.inf)


@primitive("ArgMin", dtypes=_ARG_TYPES, differentiable=False)
def _argmin(x, axis, out):
    return _arg_reduce(np.argmin, x, axis, out, np.inf)


def _arg_call(prim, input, axis, output_type):
    op = prim.name
    if axis is None:
        axis = 0
    elif isinstance(axis, Tensor):
        if axis._v.dtype.kind not in "iu":
            raise TypeError("axis must be int or Tensor with integer datatype")
        if axis._v.ndim:
            raise InvalidArgumentError(None, op, "dim must be a scalar, but received tensor of "
                                       "shape: [%s] [Op:%s]" % (
                                           ",".join(map(str, axis._v.shape)), op))
        axis = int(axis._v)
    elif isinstance(axis, (int, np.integer)) and not isinstance(axis, bool):
        axis = int(axis)
    else:
        raise TypeError("axis must be int or Tensor with integer datatype")
    out = _dt.as_dtype(output_type)
    if out.name not in _INDEX_TYPES:
        raise InvalidArgumentError(None, op, (
            "Value for attr 'output_type' of %s is not in the list of allowed values: int16, "
            "uint16, int32, int64 [Op:%s]") % (out._kernel_word, op))
    x = input if type(input) is Tensor else convert_to_tensor(input)
    shape = x._v.shape
    nd = len(shape)
    if not -nd <= axis < nd:
        raise InvalidArgumentError(None, op, "Expected dimension in the range [%d, %d), but got "
                                   "%d [Op:%s]" % (-nd, nd, axis, op))
    axis %= nd
    if shape[axis] == 0:
        raise InvalidArgumentError(None, op, "Reduction axis %d is empty in shape [%s] [Op:%s]"
                                   % (axis, ",".join(map(str, shape)), op))
    return prim(x, axis=axis, out=_INDEX_TYPES[out.name])


def argmax(input, axis=None, output_type=_dt.int64, name=None):
    """Index of the largest value along axis (default 0); ties -> the first."""
    return _arg_call(_argmax, input, axis, output_type)


def argmin(input, axis=None, output_type=_dt.int64, name=None):
    """Index of the smallest value along axis (default 0); ties -> the first."""
    return _arg_call(_argmin, input, axis, output_type)


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
    from .math_ops import divide_no_nan, multiply
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
        raise TypeError("Cannot convert %r to EagerTensor of dtype int32" % (axis,))
    axis = int(axis)
    if not -ndim <= axis < ndim:
        raise InvalidArgumentError(None, op, "ScanOp: Expected scan axis in the range [%d, %d), "
                                   "but got %d [Op:%s]" % (-ndim, ndim, axis + ndim if axis < 0 else axis, op))
    return axis % ndim


def cumsum(x, axis=0, exclusive=False, reverse=False, name=None):
    """Cumulative sum along axis (exclusive: shifted by one; reverse: from the end)."""
    x = x if type(x) is Tensor else convert_to_tensor(x)
    return _cumsum(x, axis=_scan_axis(axis, x._v.ndim, "Cumsum"), exclusive=bool(exclusive),
                   reverse=bool(reverse))


def cumprod(x, axis=0, exclusive=False, reverse=False, name=None):
    """Cumulative product along axis (exclusive: shifted by one; reverse: from the end)."""
    x = x if type(x) is Tensor else convert_to_tensor(x)
    return _cumprod(x, axis=_scan_axis(axis, x._v.ndim, "Cumprod"), exclusive=bool(exclusive),
                    reverse=bool(reverse))


# ---------------------------------------------------------------------------------------------
# count_nonzero

def count_nonzero(input, axis=None, keepdims=None, dtype=_dt.int64, name=None):
    """Number of non-zero (non-empty for strings) elements across dimensions, as ``dtype``."""
    x = input if type(input) is Tensor else convert_to_tensor(input)
    a = x._v
    ax = _norm_axis(axis, a.ndim, "Sum")
    nz = (a != b"") if a.dtype.kind == "O" else (a != 0)
    n = np.sum(nz, axis=ax, keepdims=bool(keepdims), dtype=np.int64)
    return wrap(np.asarray(n).astype(_dt.as_dtype(dtype).as_numpy_dtype))


# ---------------------------------------------------------------------------------------------
# gathers along an axis: the gradient carriers of sort and top_k

@primitive("TakeAlongAxis", match=(0,))
def _take_along(x, idx, axis):
    return np.take_along_axis(x, idx, axis=axis)


@_take_along.defvjp
def _(g, ans, x, idx, axis):
    return _put_along(g, idx, size=x._v.shape[axis], axis=axis), None


@primitive("PutAlongAxis", match=(0,))
def _put_along(g, idx, size, axis):
    """Zeros with ``size`` along axis, g written at idx (indices are distinct along the axis)."""
    shape = list(g.shape)
    shape[axis] = size
    out = np.zeros(shape, g.dtype)
    np.put_along_axis(out, idx, g, axis=axis)
    return out


@_put_along.defvjp
def _(g, ans, dy, idx, size, axis):
    return _take_along(g, idx, axis=axis), None


# ---------------------------------------------------------------------------------------------
# top_k, sort, argsort

TopKV2 = collections.namedtuple("TopKV2", ["values", "indices"])
Unique = collections.namedtuple("Unique", ["y", "idx"])
UniqueWithCounts = collections.namedtuple("UniqueWithCounts", ["y", "idx", "count"])


def _descending_order(x, axis):
    """Stable descending argsort (ties keep input order; NaN last, like TF's top_k)."""
    if x.dtype.kind == "f":
        return np.argsort(-x, axis=axis, kind="stable")
    n = x.shape[axis]
    rev = np.flip(x, axis)
    return (n - 1) - np.flip(np.argsort(rev, axis=axis, kind="stable"), axis)


_TOPK_INDEX = {"int16": np.int16, "int32": np.int32, "int64": np.int64}


@primitive("TopKV2", dtypes=REAL, multiple_results=True)
def _top_k(x, k, sorted, index_type):
    if x.ndim == 0:
        raise InvalidArgumentError(None, "TopKV2", "input must be >= 1-D, got shape [] "
                                   "[Op:TopKV2]")
    if k < 0:
        raise InvalidArgumentError(None, "TopKV2", "Need k >= 0, got %d [Op:TopKV2]" % k)
    if x.shape[-1] < k:
        raise InvalidArgumentError(None, "TopKV2", "input must have at least k columns. Had %d, "
                                   "needed %d [Op:TopKV2]" % (x.shape[-1], k))
    idx = _descending_order(x, -1)[..., :k]
    return np.take_along_axis(x, idx, axis=-1), idx.astype(index_type)


@_top_k.defvjp
def _(g, ans, x, k, sorted, index_type):
    return (_put_along(g[0], ans[1], size=x._v.shape[-1], axis=x._v.ndim - 1),)


def top_k(input, k=1, sorted=True, index_type=_dt.int32, name=None):
    """The k largest entries along the last axis and their indices: TopKV2(values, indices)."""
    if isinstance(k, Tensor):
        if k._v.dtype.kind not in "iu":
            raise InvalidArgumentError(None, "TopKV2", (
                "Value for attr 'Tk' of %s is not in the list of allowed values: int16, int32, "
                "int64 [Op:TopKV2]") % k.dtype._kernel_word)
        kv = k._v
    else:
        kv = np.asarray(k)
    if kv.ndim:
        raise InvalidArgumentError(None, "TopKV2", "k must be scalar, got shape [%s] [Op:TopKV2]"
                                   % ",".join(map(str, kv.shape)))
    if kv.dtype.kind not in "iu":
        raise InvalidArgumentError(None, "TopKV2", (
            "Value for attr 'Tk' of %s is not in the list of allowed values: int16, int32, int64 "
            "[Op:TopKV2]") % ("float" if isinstance(k, float) else
                              _dt.as_dtype(kv.dtype)._kernel_word))
    it = _dt.as_dtype(index_type)
    if it.name not in _TOPK_INDEX:
        raise InvalidArgumentError(None, "TopKV2", (
            "Value for attr 'index_type' of %s is not in the list of allowed values: int16, int32, "
            "int64 [Op:TopKV2]") % it._kernel_word)
    values, indices = _top_k(input, k=int(kv), sorted=bool(sorted),
                             index_type=_TOPK_INDEX[it.name])
    return TopKV2(values, indices)


class _Op:
    """Stands in for a TF op in a dtype error raised on behalf of a composite."""
    __slots__ = ("name", "dtypes")

    def __init__(self, name, dtypes):
        self.name = name
        self.dtypes = dtypes


_NEG = _Op("Neg", FLOAT_TYPES | SIGNED_INT_TYPES | COMPLEX_TYPES)
_TOPK = _Op("TopKV2", REAL)


def _sort_setup(values, axis, direction):
    if direction not in ("ASCENDING", "DESCENDING"):
        raise ValueError("Argument `direction` should be one of ASCENDING, DESCENDING. Received: "
                         "direction=%s" % (direction,))
    x = values if type(values) is Tensor else convert_to_tensor(values)
    a = x._v
    dt = a.dtype
    # TF sorts ascending as a descending top_k of -x (max - x for unsigned ints)
    if direction == "ASCENDING" and dt.kind != "u" and dt not in _NEG.dtypes:
        raise type_error(_NEG, dt)
    if dt not in _TOPK.dtypes:
        raise type_error(_TOPK, dt)
    if isinstance(axis, Tensor):
        axis = int(axis._v)
    axis = int(axis)
    nd = a.ndim
    if not -nd <= axis < nd:
        raise InvalidArgumentError(None, "StridedSlice", "slice index %d of dimension 0 out of "
                                   "bounds. [Op:StridedSlice]" % (axis if axis >= 0 or nd == 0
                                                                  else axis + nd))
    axis %= nd
    if direction == "ASCENDING":
        idx = np.argsort(a, axis=axis, kind="stable")
    else:
        idx = _descending_order(a, axis)
    return x, idx, axis


def sort(values, axis=-1, direction="ASCENDING", name=None):
    """Sorted copy of values along axis."""
    x, idx, axis = _sort_setup(values, axis, direction)
    return _take_along(x, wrap(idx), axis=axis)


def argsort(values, axis=-1, direction="ASCENDING", stable=False, name=None):
    """int32 indices that sort values along axis (ties keep input order)."""
    x, idx, axis = _sort_setup(values, axis, direction)
    return wrap(idx.astype(np.int32))


# ---------------------------------------------------------------------------------------------
# unique

def _unique(x, out_idx, op):
    if x.ndim != 1:
        raise InvalidArgumentError(None, op, "unique expects a 1D vector. [Op:%s]" % op)
    if x.size == 0:
        return x.copy(), np.zeros(0, out_idx), np.zeros(0, out_idx)
    kw = {} if x.dtype.kind == "O" else {"equal_nan": False}
    _, first, inv, counts = np.unique(x, return_index=True, return_inverse=True,
                                      return_counts=True, **kw)
    order = np.argsort(first, kind="stable")
    rank = np.empty(order.size, np.int64)
    rank[order] = np.arange(order.size)
    return x[first[order]], rank[inv.reshape(-1)].astype(out_idx), counts[order].astype(out_idx)


@primitive("Unique", multiple_results=True)
def _unique1(x, out_idx):
    return _unique(x, out_idx, "Unique")[:2]


@primitive("UniqueWithCounts", multiple_results=True)
def _unique_counts(x, out_idx):
    return _unique(x, out_idx, "UniqueWithCounts")


def _no_gradient(name):
    def vjp(g, ans, *inputs, **params):
        raise LookupError("gradient registry has no entry for: %s" % name)
    return vjp


_unique1.defvjp(_no_gradient("Unique"))
_unique_counts.defvjp(_no_gradient("UniqueWithCounts"))

_UNIQUE_INDEX = {"int32": np.int32, "int64": np.int64}


def _unique_index(out_idx, op):
    d = _dt.as_dtype(out_idx)
    if d.name not in _UNIQUE_INDEX:
        raise InvalidArgumentError(None, op, (
            "Value for attr 'out_idx' of %s is not in the list of allowed values: int32, int64 "
            "[Op:%s]") % (d._kernel_word, op))
    return _UNIQUE_INDEX[d.name]


def unique(x, out_idx=_dt.int32, name=None):
    """Unique elements of a 1-D tensor in order of first appearance: Unique(y, idx)."""
    y, idx = _unique1(x, out_idx=_unique_index(out_idx, "Unique"))
    return Unique(y, idx)


def unique_with_counts(x, out_idx=_dt.int32, name=None):
    """Like unique, plus how often each appears: UniqueWithCounts(y, idx, count)."""
    y, idx, count = _unique_counts(x, out_idx=_unique_index(out_idx, "UniqueWithCounts"))
    return UniqueWithCounts(y, idx, count)


# primitives of the gradient rules above (imported last: those modules are imported after this one)
from .array_ops import _reshape as _reshape_p, _broadcast_to as _broadcast_to_p  # noqa: E402
from .creation_ops import _fill as _fill_p  # noqa: E402
from .math_ops import _realdiv as _realdiv_p  # noqa: E402
