"""The shape queries (shape, shape_n, size, rank, the broadcast shapes, meshgrid): primitives so that
a graph being traced sees them, with a lean eager path for tf.shape of a Tensor."""
import numpy as np

from .. import dtypes as _dt
from .._export import export
from ..engine.primitive import primitive, STATE
from ..tensor import Tensor, convert_to_tensor, wrap
from ..tensor_shape import TensorShape
from ._args import _shape_arg, _dims, _err, _out_type
from .shape_ops import reshape, broadcast_to

_int32 = np.dtype(np.int32)
_new = object.__new__
_array = np.array


def _shape_of(x):
    if isinstance(x, Tensor):
        return x._v.shape
    if hasattr(x, "_read"):
        return x._read()._v.shape
    return convert_to_tensor(x)._v.shape


@primitive("Shape", differentiable=False, attrs_positional=True)
def _shape_op(x, dtype):
    return _array(x.shape, dtype)


@primitive("Size", differentiable=False, attrs_positional=True)
def _size_op(x, dtype):
    return _array(x.size, dtype)


@primitive("Rank", differentiable=False)
def _rank_op(x):
    return _array(x.ndim, _int32)


def _shape_input(x):
    if isinstance(x, Tensor):
        return x
    if hasattr(x, "_read"):
        return x._read()
    return convert_to_tensor(x)


@export("shape")
def shape(input, out_type=None, name=None):
    """The shape of input as a 1-D int32 (or out_type) tensor."""
    if out_type is None and type(input) is Tensor and not STATE.g:  # the common case
        t = _new(Tensor)
        t._v = _array(input._v.shape, _int32)
        return t
    return _shape_op(_shape_input(input), dtype=_out_type(out_type or _dt.int32, "Shape"))


@export("shape_n")
def shape_n(input, out_type=None, name=None):
    """The shapes of a list of tensors."""
    t = _out_type(out_type or _dt.int32, "ShapeN")
    return [_shape_op(_shape_input(x), dtype=t) for x in input]


@export("size")
def size(input, out_type=None, name=None):
    """The number of elements of input, as an int32 (or out_type) scalar."""
    return _size_op(_shape_input(input), dtype=_out_type(out_type or _dt.int32, "Size"))


@export("rank")
def rank(input, name=None):
    """The number of dimensions of input, as an int32 scalar."""
    return _rank_op(_shape_input(input))


@export("meshgrid")
def meshgrid(*args, **kwargs):
    """Coordinate grids from 1-D tensors (indexing 'xy' swaps the first two output axes)."""
    indexing = kwargs.pop("indexing", "xy")
    kwargs.pop("name", None)
    if kwargs:
        raise TypeError("'{}' is an invalid keyword argument for this function".format(
            next(iter(kwargs))))
    if indexing not in ("xy", "ij"):
        raise ValueError("Argument `indexing` parameter must be either 'xy' or 'ij', got '%s'"
                         % indexing)
    xs = [reshape(convert_to_tensor(a), [-1]) for a in args]
    n = len(xs)
    if not n:
        return []
    sizes = [x._v.shape[0] for x in xs]
    out_shape = list(sizes)
    if indexing == "xy" and n > 1:
        out_shape[0], out_shape[1] = out_shape[1], out_shape[0]
    out = []
    for k, x in enumerate(xs):
        s = [1] * n
        pos = k
        if indexing == "xy" and n > 1 and k < 2:
            pos = 1 - k
        s[pos] = sizes[k]
        out.append(broadcast_to(reshape(x, s), out_shape))
    return out


@export("broadcast_static_shape")
def broadcast_static_shape(shape_x, shape_y):
    """The broadcast of two TensorShapes (ValueError when incompatible)."""
    a = tuple(_shape_arg(shape_x))
    b = tuple(_shape_arg(shape_y))
    try:
        return TensorShape(np.broadcast_shapes(a, b))
    except ValueError:
        raise ValueError("Incompatible shapes for broadcasting. Two shapes are compatible if for "
                         "each dimension pair they are either equal or one of them is 1. Received:"
                         " %s and %s." % (TensorShape(a), TensorShape(b))) from None


@export("broadcast_dynamic_shape")
def broadcast_dynamic_shape(shape_x, shape_y):
    """The broadcast of two shape vectors, as a tensor."""
    x = convert_to_tensor(shape_x)
    y = convert_to_tensor(shape_y)
    a, b = tuple(x._v.tolist()), tuple(y._v.tolist())
    try:
        return wrap(np.array(np.broadcast_shapes(a, b), x._v.dtype))
    except ValueError:
        raise _err("BroadcastArgs", "Incompatible shapes: %s vs. %s" % (_dims(a), _dims(b))) \
            from None
