"""Reductions (sum, mean, max, ...), scans (cumsum, cumprod), arg-reductions, sorting, counting."""
import numpy as np

from ..autodiff.primitive import primitive, NUMERIC, REAL
from ..errors import InvalidArgumentError
from ..tensor import Tensor, convert_to_tensor, wrap

__all__ = ["reduce_sum"]
MATH = ["reduce_sum"]


def _norm_axis(axis, ndim, op):
    """axis (None, int, list, tensor) -> a sorted tuple of non-negative ints, TF's errors."""
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, Tensor):
        axis = axis._v.tolist()
    if isinstance(axis, (int, np.integer)):
        axis = [axis]
    out = []
    for a in axis:
        a = int(a)
        if not -ndim <= a < ndim if ndim else a not in (0, -1):
            raise InvalidArgumentError(None, op, "Invalid reduction dimension (%d for input with %d "
                                       "dimension(s) [Op:%s]" % (a, ndim, op))
        out.append(a % ndim if ndim else 0)
    return tuple(sorted(set(out)))


@primitive("Sum", dtypes=NUMERIC)
def _sum(x, axis, keepdims):
    return np.sum(x, axis=axis, keepdims=keepdims, dtype=x.dtype)


@_sum.defvjp
def _(g, ans, x, axis, keepdims):
    from .array_ops import broadcast_to, reshape
    if not keepdims:
        kept = tuple(1 if k in axis else d for k, d in enumerate(x._v.shape))
        g = reshape(g, kept)
    return (broadcast_to(g, x._v.shape),)


def reduce_sum(input_tensor, axis=None, keepdims=False, name=None):
    """Sum of elements across dimensions."""
    x = convert_to_tensor(input_tensor)
    return _sum(x, axis=_norm_axis(axis, x._v.ndim, "Sum"), keepdims=bool(keepdims))
