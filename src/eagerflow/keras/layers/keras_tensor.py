"""KerasTensor: a symbolic placeholder (shape with None for unknown dims, dtype) flowing through
layers to describe a functional model; Node: one call of a layer on KerasTensors.

Every KerasTensor made by a layer call carries ``_keras_history`` = KerasHistory(operation,
node_index, tensor_index): the layer, the index of the call in ``layer._inbound_nodes`` and the
tensor's position in that call's flattened outputs. ``Input`` tensors point at their InputLayer.
"""
import collections

from .. import backend
from . import tree

KerasHistory = collections.namedtuple("KerasHistory", ["operation", "node_index", "tensor_index"])

_KT_NAMES = {}


class KerasTensor:
    """A symbolic tensor: ``shape`` (tuple, None = unknown), ``dtype`` (Keras' string name)."""

    def __init__(self, shape, dtype="float32", sparse=False, ragged=False, record_history=True,
                 name=None):
        self._shape = tuple(None if d is None else int(d) for d in shape)
        self._dtype = backend.standardize_dtype(dtype)
        self.sparse, self.ragged = bool(sparse), bool(ragged)
        if name is None:
            n = _KT_NAMES.get("keras_tensor", 0)
            _KT_NAMES["keras_tensor"] = n + 1
            name = "keras_tensor" if n == 0 else "keras_tensor_%d" % n
        self.name = name
        self._keras_history = None

    shape = property(lambda self: self._shape)
    dtype = property(lambda self: self._dtype)
    ndim = property(lambda self: len(self._shape))

    def __repr__(self):
        return "<KerasTensor shape=%s, dtype=%s, sparse=%s, ragged=%s, name=%s>" % (
            self._shape, self._dtype, self.sparse, self.ragged, self.name)

    def __tf_tensor__(self, dtype=None, name=None):
        raise ValueError(
            "A KerasTensor cannot be used as input to a TensorFlow function. A KerasTensor is a "
            "symbolic placeholder for a shape and dtype, used when constructing Keras Functional "
            "models or Keras Functions. You can only use it as input to a Keras layer or a Keras "
            "operation (from the namespaces `keras.layers` and `keras.ops`).")

    __array__ = __tf_tensor__

    def __bool__(self):
        raise TypeError("A symbolic KerasTensor cannot be used as a boolean.")

    def __len__(self):
        raise TypeError("A symbolic KerasTensor has no length; use its shape.")

    def __iter__(self):
        raise NotImplementedError("Iterating over a symbolic KerasTensor is not supported.")

    # Operators build an operation layer (a node in the functional graph), as keras.ops does.
    def _op(self, fn, name, *others):
        from .core import SymbolicOp
        return SymbolicOp(fn, name=name)(self, *others)

    def __add__(self, o): return self._op(lambda a, b: a + b, "add", o)
    def __radd__(self, o): return self._op(lambda a, b: b + a, "add", o)
    def __sub__(self, o): return self._op(lambda a, b: a - b, "subtract", o)
    def __rsub__(self, o): return self._op(lambda a, b: b - a, "subtract", o)
    def __mul__(self, o): return self._op(lambda a, b: a * b, "multiply", o)
    def __rmul__(self, o): return self._op(lambda a, b: b * a, "multiply", o)
    def __truediv__(self, o): return self._op(lambda a, b: a / b, "divide", o)
    def __rtruediv__(self, o): return self._op(lambda a, b: b / a, "divide", o)
    def __pow__(self, o): return self._op(lambda a, b: a ** b, "power", o)
    def __matmul__(self, o): return self._op(lambda a, b: a @ b, "matmul", o)
    def __neg__(self): return self._op(lambda a: -a, "negative")
    def __abs__(self): return self._op(lambda a: abs(a), "absolute")
    def __getitem__(self, key): return self._op(lambda a: a[key], "get_item")


class Node:
    """One call of ``operation`` (a layer) on symbolic arguments.

    ``call_args``/``call_kwargs`` are the arguments as given (KerasTensors inside);
    ``input_tensors`` the KerasTensors among them, flattened in order; ``outputs`` the flattened
    output KerasTensors; ``parent_nodes`` the nodes that made the inputs. ``map_arguments(fn)``
    returns (args, kwargs) with each KerasTensor replaced by ``fn(keras_tensor)``: how a model
    replays the call on real values.
    """

    def __init__(self, operation, call_args=(), call_kwargs=None, outputs=()):
        self.operation = operation
        self.call_args = tuple(call_args)
        self.call_kwargs = dict(call_kwargs or {})
        self.input_tensors = [t for t in tree.flatten((self.call_args, self.call_kwargs))
                              if isinstance(t, KerasTensor)]
        self.outputs = list(outputs)
        self.is_input = not self.input_tensors
        operation._inbound_nodes.append(self)
        index = len(operation._inbound_nodes) - 1
        for i, t in enumerate(self.outputs):
            t._keras_history = KerasHistory(operation, index, i)
        for t in self.input_tensors:
            if t._keras_history is not None:
                t._keras_history.operation._outbound_nodes.append(self)

    output_tensors = property(lambda self: self.outputs)

    @property
    def parent_nodes(self):
        nodes = []
        for t in self.input_tensors:
            h = t._keras_history
            if h is not None:
                node = h.operation._inbound_nodes[h.node_index]
                if node not in nodes:
                    nodes.append(node)
        return nodes

    def map_arguments(self, fn):
        def sub(x):
            return fn(x) if isinstance(x, KerasTensor) else x
        args = tree.map_structure(sub, self.call_args)
        kwargs = tree.map_structure(sub, self.call_kwargs)
        return tuple(args), dict(kwargs)

    def __repr__(self):
        return "<Node operation=%s, id=%d>" % (self.operation.name, id(self))
