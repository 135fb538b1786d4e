"""Reshape, BroadcastTo and Sum: the primitives broadcasting and its adjoint are made of (BroadcastTo
and Sum are each other's gradient), on which the reductions, shape ops and gradient rules build."""
import numpy as np

from ..engine.primitive import primitive, NUMERIC
from ..errors import InvalidArgumentError
from ..tensor import Tensor

_errstate = np.errstate


def _reshape_error(prim, arrays, attrs):
    n = arrays[0].size
    shape = attrs["shape"]
    known = 1
    for d in shape:
        if d != -1:
            known *= d
    if list(shape).count(-1) == 1 and known and n % known:
        msg = ("Input to reshape is a tensor with %d values, but the requested shape requires a "
               "multiple of %d [Op:Reshape]" % (n, known))
    else:
        msg = ("Input to reshape is a tensor with %d values, but the requested shape has %d "
               "[Op:Reshape]" % (n, known))
    return InvalidArgumentError(None, "Reshape", msg)


# the forward is ndarray.reshape itself (a C method), called as reshape(x, shape)
_reshape = primitive("Reshape", on_error=_reshape_error, attrs_positional=True)(np.ndarray.reshape)


def _run_time_shapes():
    from . import run_time_shapes  # (it builds on this module)
    return run_time_shapes


@_reshape.defvjp
def _(g, ans, x, shape):
    if type(x) is not Tensor and not x.shape.is_fully_defined():
        R = _run_time_shapes()
        return (R.reshape(g, R.dims(x), x),)
    return (_reshape(g, shape=x._v.shape),)


@primitive("BroadcastTo", on_error=lambda p, a, k: None)
def _broadcast_to(x, shape):
    try:
        return np.broadcast_to(x, shape)
    except ValueError:
        raise InvalidArgumentError(None, "BroadcastTo", (
            "Unable to broadcast tensor of shape %s to tensor of shape %s [Op:BroadcastTo]") % (
                "[%s]" % ",".join(map(str, x.shape)), "[%s]" % ",".join(map(str, shape)))) from None


@_broadcast_to.defvjp
def _(g, ans, x, shape):
    return (sum_to(g, x._v.shape if type(x) is Tensor else _run_time_shapes().dims(x)),)


def _kept_shape(shape, axis):
    return tuple(1 if k in axis else d for k, d in enumerate(shape))


_add_reduce = np.add.reduce  # what np.sum runs for an ndarray, minus its Python wrapper


@primitive("Sum", dtypes=NUMERIC, attrs_positional=True)
def _sum(x, axis, keepdims):
    if x.dtype.itemsize == 2:  # float16 overflows to inf silently in TF
        with _errstate(all="ignore"):
            return _add_reduce(x, axis, x.dtype, None, keepdims)
    return _add_reduce(x, axis, x.dtype, None, keepdims)


@_sum.defvjp
def _(g, ans, x, axis, keepdims):
    if type(x) is not Tensor and not x.shape.is_fully_defined():
        R = _run_time_shapes()
        if not keepdims:
            g = R.reshape(g, R.kept_dims(x, axis), x)
        return (R.broadcast(g, R.dims(x), x),)
    if not keepdims:
        g = _reshape(g, shape=_kept_shape(x._v.shape, axis))
    return (_broadcast_to(g, shape=x._v.shape),)


def sum_to(g, shape):
    """Sums a broadcast gradient back to ``shape`` with recorded ops (so it differentiates).
    ``shape`` may hold None (a graph dimension known only at run time: not a broadcast 1); the
    sums keep the 1s, so no Reshape freezes the example's sizes into a traced graph."""
    gshape = g._v.shape
    shape = tuple(shape)
    if gshape == shape:
        return g
    lead = len(gshape) - len(shape)
    ones = tuple(k + lead for k, d in enumerate(shape) if d == 1 and gshape[k + lead] != 1)
    if ones:
        g = _sum(g, axis=ones, keepdims=True)
    if lead:
        g = _sum(g, axis=tuple(range(lead)), keepdims=False)
    return g
