"""Shapes in gradient rules when a function is traced with dimensions known only at run time.

A gradient rule reads its input's shape from the example value (``x._v.shape``) and passes it on
as an attribute (Reshape's and BroadcastTo's shape, Mean's count). In a function traced with
``input_signature=[tf.TensorSpec([None, ...])]`` that would freeze the example's sizes into the
graph, and the next call with another batch size fails. The helpers here take a graph tensor's
static shape where the trace knows it, and where it does not a ``Shape`` tensor the graph
computes when it runs (as TF's own gradients use ``tf.shape``). Eager tensors keep the rules'
own fast paths (each caller tests ``type(x) is Tensor`` or ``unknown`` first).
"""
import numpy as np

from ..engine.primitive import primitive
from ..tensor import Tensor, wrap
from .broadcast import _reshape, _broadcast_to, sum_to
from .cast import cast
from .elementwise import maximum, _realdiv
from .shape_ops import _concat, _reshape_dynamic, _stack, _unstack
from .shape_query import shape, size

__all__ = ["unknown", "dims", "reshape", "broadcast", "kept_dims", "count", "shape_from_input",
           "batch_sizes", "with_batch", "concat_grad"]

_int32 = np.dtype(np.int32)


def unknown(x):
    """Whether ``x`` is a graph tensor with a dimension (or rank) known only at run time."""
    return type(x) is not Tensor and not x.shape.is_fully_defined()


def dims(x):
    """``x``'s static shape: a tuple with None where a dimension is known only at run time."""
    if type(x) is Tensor:
        return x._v.shape
    known = x.shape
    if known.rank is None:
        return (None,) * x._v.ndim
    return tuple(known.as_list())


def kept_dims(x, axis):
    """The static shape of ``x`` reduced over ``axis`` with keepdims."""
    return tuple(1 if k in axis else d for k, d in enumerate(dims(x)))


def _shape_tensor(target, like):
    """``target`` (static dims, None where unknown) as an int32 tensor whose Nones take the
    run-time sizes of ``like``'s unknown dimensions: the same axes when the ranks agree, else
    ``like``'s unknown dimensions in order."""
    s = shape(like)
    have = dims(like)
    if tuple(target) == tuple(have):
        return s
    if len(target) == len(have):
        where = [k for k, d in enumerate(target) if d is None]
    else:
        where = [k for k, d in enumerate(have) if d is None]
    parts = _unstack(s, axis=0)
    source = iter(where)
    return _stack(*[parts[next(source)] if d is None else wrap(np.array(d, _int32))
                    for d in target], axis=0)


def reshape(g, target, like):
    """``g`` reshaped to ``target`` (static dims; its Nones take ``like``'s run-time sizes, as
    ``_shape_tensor`` maps them)."""
    if None not in target:
        return _reshape(g, shape=target)
    if target.count(None) == 1 and 0 not in target:  # the usual unknown batch: a -1
        return _reshape(g, shape=tuple(-1 if d is None else d for d in target))
    return _reshape_dynamic(g, _shape_tensor(target, like))


def broadcast(g, target, like):
    """``g`` broadcast to ``target`` (static dims; its Nones take ``like``'s run-time sizes)."""
    if None not in target:
        return _broadcast_to(g, shape=target)
    return _broadcast_to_dynamic(g, _shape_tensor(target, like))


@primitive("BroadcastToDynamic", match=(0,), value_shape=True)
def _broadcast_to_dynamic(x, shape):
    """BroadcastTo whose shape is an input (computed while the graph runs)."""
    return np.broadcast_to(x, tuple(int(d) for d in shape.reshape(-1)))


@_broadcast_to_dynamic.defvjp
def _(g, ans, x, shape):
    return (sum_to(g, dims(x)), None)


def batch_sizes(x):
    """``x``'s shape as an ``input_sizes`` attribute of a backprop kernel: an unknown batch size
    is -1, which the kernel takes from its gradient's batch when the graph runs (with any other
    dimension unknown: the example's sizes)."""
    if type(x) is Tensor:
        return x._v.shape
    d = dims(x)
    if d and d[0] is None and None not in d[1:]:
        return (-1,) + d[1:]
    return x._v.shape


def with_batch(sizes, g):
    """``batch_sizes``'s -1 replaced by the batch size of ``g`` (an ndarray)."""
    return (g.shape[0],) + tuple(sizes[1:]) if sizes[0] == -1 else sizes


@primitive("ConcatGradDynamic", match=(0,), multiple_results=True)
def concat_grad(g, *xs, axis):
    """ConcatV2's gradient: ``g`` split by the inputs' sizes along ``axis``, read as the graph
    runs."""
    return np.split(g, np.cumsum([x.shape[axis] for x in xs[:-1]]).tolist(), axis=axis)


@concat_grad.defvjp
def _(gs, ans, g, *xs, axis):
    return (_concat(*gs, axis=axis),) + (None,) * len(xs)


def count(x, g, dtype):
    """How many elements of ``x`` each element of its reduction ``g`` stands for: size(x) over
    size(g) (an empty ``g`` counted as 1), a ``dtype`` scalar computed when the graph runs."""
    n = cast(size(x), dtype)
    return _realdiv(n, cast(maximum(size(g), 1), dtype))


def shape_from_input(prim, name):
    """A companion of the gradient op ``prim``, which takes an input's shape as its ``shape``
    attribute: the companion takes that input itself, last, and reads its shape when the graph
    runs. ``prim``'s own gradient rule must not need ``shape``."""
    fwd = prim.fwd

    def forward(*arrays, **attrs):
        return fwd(*arrays[:-1], shape=arrays[-1].shape, **attrs)
    forward.__name__ = forward.__qualname__ = name
    companion = primitive(name, match=(0,))(forward)

    def vjp(g, ans, *inputs, **attrs):
        return tuple(prim.vjp(g, ans, *inputs[:-1], shape=None, **attrs)) + (None,)
    companion.defvjp(vjp)
    return companion
