"""Layer-call context and symbolic shape inference.

The context is a per-thread stack of the enclosing layer calls' ``training`` values (how a nested
layer inherits ``training``). Shape inference runs a layer's ``call`` on zeros standing for
KerasTensors, with state updates off (``in_shape_inference()``), to read its output specs.
"""
import threading

import eagerflow as tf
from .. import backend
from . import tree
from .keras_tensor import KerasTensor

_CTX = threading.local()   # the stack of enclosing layer calls' ``training`` values
_TRIAL = threading.local()  # set while call runs on placeholder zeros for shape inference


def call_stack():
    stack = getattr(_CTX, "stack", None)
    if stack is None:
        stack = _CTX.stack = []
    return stack


def in_shape_inference():
    """True while ``call`` runs on placeholder zeros to infer symbolic output shapes: layers must
    not update their state (moving statistics) then."""
    return getattr(_TRIAL, "on", False)


def call_training():
    stack = getattr(_CTX, "stack", None)
    return stack[-1] if stack else None


def infer_spec(layer, args, kwargs):
    """Runs ``call`` on zeros (unknown dims = 4, then 5) to read the output shapes; the dims
    that changed between the runs are unknown. (A dim that does not follow an unknown input
    dim, as in ``x[:, :2]`` of an unknown axis, is reported as the fixed size it had.)"""
    flat = tree.flatten((args, kwargs))
    has_none = any(isinstance(t, KerasTensor) and None in t.shape for t in flat)
    runs = []
    for fill in ((4, 5) if has_none else (4,)):
        def zeros(t):
            if isinstance(t, KerasTensor):
                shape = [fill if d is None else d for d in t.shape]
                return tf.zeros(shape, dtype=t.dtype)
            return t
        a = tree.map_structure(zeros, args)
        k = tree.map_structure(zeros, kwargs)
        _TRIAL.on, was = True, in_shape_inference()
        stack = call_stack()
        stack.append(kwargs.get("training"))
        try:
            with backend.name_scope(layer.name):
                runs.append(layer.call(*a, **k))
        finally:
            stack.pop()
            _TRIAL.on = was
    first = tree.flatten(runs[0])
    other = tree.flatten(runs[-1])
    specs = []
    for x, y in zip(first, other):
        shape = tuple(d if d == e else None for d, e in zip(x.shape, y.shape))
        specs.append(KerasTensor(shape, dtype=x.dtype.name))
    return tree.pack_sequence_as(runs[0], specs)


def shape_of(t):
    if isinstance(t, KerasTensor):
        return t.shape
    shape = getattr(t, "shape", None)
    if shape is None:
        return None
    if hasattr(shape, "as_list"):
        return tuple(shape.as_list())
    return tuple(shape)


def input_shapes(x):
    """The shape(s) of a layer's first input, as tuples (nested like the input)."""
    if tree.is_nested(x):
        return tree.map_structure(shape_of, x)
    return shape_of(x)


def specs_from_shapes(shape, dtype):
    if isinstance(shape, dict):
        return {k: specs_from_shapes(v, dtype) for k, v in shape.items()}
    if isinstance(shape, (list, tuple)) and shape and all(
            isinstance(s, (list, tuple)) or s is None for s in shape) and \
            any(isinstance(s, (list, tuple)) for s in shape):
        return type(shape)(specs_from_shapes(s, dtype) for s in shape)
    return KerasTensor(tuple(shape), dtype=dtype)
