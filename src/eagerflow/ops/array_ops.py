"""Shape and array ops: reshape, broadcast_to, transpose, concat/stack/split, gather/scatter, pad..."""
import numpy as np

from ..autodiff.primitive import primitive
from ..errors import InvalidArgumentError
from ..tensor import Tensor, convert_to_tensor, wrap

__all__ = ["reshape", "broadcast_to"]


def _shape_arg(shape):
    if isinstance(shape, Tensor):
        return tuple(int(d) for d in shape._v.reshape(-1))
    if hasattr(shape, "as_list"):
        return tuple(shape.as_list())
    if isinstance(shape, (int, np.integer)):
        return (int(shape),)
    return tuple(int(d) for d in shape)


def _reshape_error(prim, arrays):
    return None


@primitive("Reshape", on_error=lambda p, a: None)
def _reshape(x, shape):
    try:
        return x.reshape(shape)
    except ValueError:
        n = x.size
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
        raise InvalidArgumentError(None, "Reshape", msg) from None


@_reshape.defvjp
def _(g, ans, x, shape):
    return (_reshape(g, shape=x._v.shape),)


def reshape(tensor, shape, name=None):
    """Gives the tensor a new shape with the same elements (-1 infers one dimension)."""
    return _reshape(tensor, shape=_shape_arg(shape))


@primitive("BroadcastTo", on_error=lambda p, a: None)
def _broadcast_to(x, shape):
    try:
        return np.broadcast_to(x, shape)
    except ValueError:
        raise InvalidArgumentError(None, "BroadcastTo", (
            "Unable to broadcast tensor of shape %s to tensor of shape %s [Op:BroadcastTo]") % (
                "[%s]" % ",".join(map(str, x.shape)), "[%s]" % ",".join(map(str, shape)))) from None


@_broadcast_to.defvjp
def _(g, ans, x, shape):
    from ..autodiff.tape import sum_to
    return (sum_to(g, x._v.shape),)


def broadcast_to(input, shape, name=None):
    """Broadcasts input to shape with NumPy's rules."""
    return _broadcast_to(input, shape=_shape_arg(shape))
