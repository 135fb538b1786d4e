"""TF's autopacking inside a traced graph: a (nested) list that holds graph tensors known only
when the graph runs (``[tf.shape(x)[0], -1]``) converts to a tensor through Pack nodes, as TF's
``convert_to_tensor`` does, instead of freezing their trace-time values.

``tensor.convert_to_tensor`` calls ``autopack`` when ``dtypes`` finds such a tensor in a list."""
from .. import tensor as _tensor
from ..tensor import Tensor, convert_to_tensor

__all__ = ["autopack"]


def _is_tensor(x):
    return isinstance(x, Tensor) or hasattr(type(x), "_read")


def _leaves(v):
    for x in v:
        if isinstance(x, (list, tuple)):
            yield from _leaves(x)
        else:
            yield x


def autopack(value, dtype=None):
    """The packed tensor of a list holding graph tensors (tensors cast to an explicit dtype;
    Python numbers take the first tensor's dtype)."""
    from ..ops.cast import cast  # (the ops import the graph package: loaded at call time)
    from ..ops.shape_ops import stack
    target = dtype
    if target is None:
        target = next(convert_to_tensor(x).dtype for x in _leaves(value) if _is_tensor(x))

    def part(x):
        if isinstance(x, (list, tuple)):
            return stack([part(y) for y in x])
        if _is_tensor(x):
            t = convert_to_tensor(x)
            if t.dtype is not target:
                if dtype is None:
                    raise TypeError("Cannot convert a list containing a tensor of dtype %s to %s "
                                    "(Tensor is: %r)" % (t.dtype, target, t))
                t = cast(t, target)
            return t
        return convert_to_tensor(x, dtype=target)

    return part(value)


_tensor.AUTOPACK[0] = autopack
