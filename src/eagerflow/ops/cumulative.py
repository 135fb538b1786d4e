"""tf.math.cumulative_logsumexp (CumulativeLogsumexp): log(cumsum(exp(x))) without overflow, with
TF's gradient rule (the gradient split by sign so that it too is a cumulative log-sum-exp)."""
import numpy as np

from .._export import export
from ..engine.primitive import primitive, FLOAT_TYPES
from ..tensor import Tensor, convert_to_tensor, wrap
from .comparison import greater, less, select
from .elementwise import add, exp, log, negative, subtract
from .reduction import _check_bools, _scan_axis
from .segment import _lowest

_F32 = np.dtype(np.float32)


@primitive("CumulativeLogsumexp", dtypes=FLOAT_TYPES, quiet=True)
def _cumulative_logsumexp(x, axis, exclusive, reverse):
    # the half-precision types run in float32 (NumPy has no bfloat16 logaddexp)
    a = x.astype(_F32) if x.dtype.itemsize < 4 else x
    if reverse:
        a = np.flip(a, axis)
    out = np.logaddexp.accumulate(a, axis=axis)
    if exclusive:
        first = np.full_like(a.take([0], axis=axis) if a.shape[axis] else a, -np.inf)
        out = np.concatenate([first, out.take(range(a.shape[axis] - 1), axis=axis)], axis=axis)
    if reverse:
        out = np.flip(out, axis)
    return out.astype(x.dtype)


@_cumulative_logsumexp.defvjp
def _(g, ans, x, axis, exclusive, reverse):
    lowest = wrap(np.array(_lowest(g._v.dtype), g._v.dtype))
    log_pos = select(greater(g, 0), log(g), lowest)
    log_neg = select(less(g, 0), log(negative(g)), lowest)

    def part(log_g):
        s = _cumulative_logsumexp(subtract(log_g, ans), axis=axis, exclusive=exclusive,
                                  reverse=not reverse)
        return exp(add(s, x))
    return (subtract(part(log_pos), part(log_neg)),)


@export("math.cumulative_logsumexp")
def cumulative_logsumexp(x, axis=0, exclusive=False, reverse=False, name=None):
    """log(cumsum(exp(x))) along axis, computed stably (exclusive and reverse as tf.cumsum)."""
    x = x if type(x) is Tensor else convert_to_tensor(x)
    if type(exclusive) is not bool or type(reverse) is not bool:
        _check_bools(exclusive=exclusive, reverse=reverse)
    return _cumulative_logsumexp(x, axis=_scan_axis(axis, x._v.ndim, "CumulativeLogsumexp"),
                                 exclusive=exclusive, reverse=reverse)
