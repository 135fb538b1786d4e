"""TF1 graph ops that have no TF2 counterpart: placeholders, ``tf.group``, and TF1 spellings of
TF2 ops (``tf.compat.v1.random_normal``, ``to_float`` ...)."""
from .. import dtypes as _dt
from ..engine.primitive import Primitive
from ..tensor import convert_to_tensor
from ..tensor_shape import TensorShape
from .._export import export
from .graph_mode import graph_tracer, no_op, placeholder_example, UnknownRankTensor

__all__ = ["placeholder", "placeholder_with_default", "group"]


@export("compat.v1.placeholder")
def placeholder(dtype, shape=None, name=None):
    """A graph input whose value every ``Session.run`` that needs it must feed."""
    tracer = graph_tracer()
    if tracer is None:
        raise RuntimeError("tf.placeholder() is not compatible with eager execution.")
    dtype = _dt.as_dtype(dtype)
    dims = TensorShape(shape)._dims
    ex, ex2 = placeholder_example(dtype, dims)
    return tracer.placeholder(name or "Placeholder", ex, tuple(ex.shape) if dims is None else
                              tuple(dims), ex2, unknown_rank=dims is None)


def _identity(x):
    return x


_with_default = Primitive("PlaceholderWithDefault", _identity, c_fast=False)


@_with_default.defvjp
def _(g, ans, x):
    return (g,)


@export("compat.v1.placeholder_with_default")
def placeholder_with_default(input, shape, name=None):  # noqa: A002 - TF's argument name
    """``input`` unless a run feeds another value (of static shape ``shape``)."""
    tracer = graph_tracer()
    x = convert_to_tensor(input)
    if tracer is None:
        return x
    out = _with_default(x, name=name or "PlaceholderWithDefault")
    dims = TensorShape(shape)._dims
    if dims is not None and len(dims) == len(out._dims):
        if not TensorShape(shape).is_compatible_with(out.shape):
            raise ValueError("Shapes %s and %s are incompatible" % (out.shape, TensorShape(shape)))
        out._dims = tuple(dims)
        if None in dims:
            _, out._ex2 = placeholder_example(out.dtype, dims)
    elif dims is None:
        out.__class__ = UnknownRankTensor
    return out


@export("group", "compat.v1.group")
def group(*inputs, name=None):
    """One op that runs all of ``inputs`` (a NoOp in a graph; None in eager mode)."""
    if graph_tracer() is None:
        return None
    flat = []
    for x in inputs:
        flat.extend(x if isinstance(x, (list, tuple)) else [x])
    return no_op(flat, name or "NoOp")


@export("compat.v1.to_float")
def to_float(x, name="ToFloat"):
    from ..ops.cast import cast
    return cast(x, _dt.float32)


@export("compat.v1.to_int32")
def to_int32(x, name="ToInt32"):
    from ..ops.cast import cast
    return cast(x, _dt.int32)


def _v1_random(name, fn):
    export("compat.v1." + name)(fn)


def random_normal(shape, mean=0.0, stddev=1.0, dtype=_dt.float32, seed=None, name=None):
    """``tf.compat.v1.random_normal``: ``tf.random.normal``."""
    from ..ops.random import normal
    return normal(shape, mean, stddev, dtype, seed)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=_dt.float32, seed=None, name=None):
    from ..ops.random import truncated_normal as tn
    return tn(shape, mean, stddev, dtype, seed)


def random_uniform(shape, minval=0, maxval=None, dtype=_dt.float32, seed=None, name=None):
    from ..ops.random import uniform
    return uniform(shape, minval, maxval, dtype, seed)


_v1_random("random_normal", random_normal)
_v1_random("truncated_normal", truncated_normal)
_v1_random("random_uniform", random_uniform)
