"""The graph IR: a list of nodes (placeholder, const, op, output) in program order, TF's node names,
and a printer that shows a graph as readable Python (torch.fx's ``graph.code`` is the model).

A node is also TF's ``tf.Operation`` view of it (``name``, ``type``, ``inputs``, ``outputs``). An op
node holds the primitive, its input tensors and its attributes; a later control-flow node may hold
subgraphs in ``attrs`` (the passes and code generation only read ``inputs``/``outputs``).
"""
import re

import numpy as np

from ..tensor_shape import TensorShape

__all__ = ["Graph", "Operation"]


class Operation:
    """One node: ``kind`` is "placeholder", "const", "op" or "output"."""

    __slots__ = ("graph", "kind", "name", "prim", "inputs", "attrs", "outputs", "value", "index",
                 "__weakref__")

    def __init__(self, graph, kind, name, prim=None, inputs=(), attrs=None, value=None):
        self.graph = graph
        self.kind = kind
        self.name = name
        self.prim = prim
        self.inputs = list(inputs)
        self.attrs = attrs if attrs is not None else {}
        self.outputs = []
        self.value = value  # a const's ndarray
        self.index = -1

    @property
    def type(self):
        if self.kind == "op":
            return self.prim.name
        return {"placeholder": "Placeholder", "const": "Const", "output": "Identity"}[self.kind]

    @property
    def stateful(self):
        return self.kind == "op" and self.prim.stateful

    def __repr__(self):
        return "<tf.Operation '%s' type=%s>" % (self.name, self.type)


class Graph:
    """A traced function's graph (``tf.Graph``/``FuncGraph``): nodes in program order, the
    placeholders (inputs), the output nodes, and TF's case-insensitive unique node names."""

    def __init__(self, name="Graph"):
        self.name = name
        self.nodes = []
        self.inputs = []   # the placeholders' tensors, in flattened-argument order
        self.outputs = []  # the output nodes' tensors
        self._names = {}

    # -- names (TF's Graph.unique_name: case-insensitive, ``_1``, ``_2`` suffixes) ---------------
    def unique_name(self, name):
        key = name.lower()
        i = self._names.get(key, 0)
        self._names[key] = i + 1
        if i > 0:
            base = key
            while key in self._names:
                key = "%s_%d" % (base, i)
                i += 1
            self._names[key] = 1
            name = "%s_%d" % (name, i - 1)
        return name

    def add_node(self, kind, name, prim=None, inputs=(), attrs=None, value=None, unique=True):
        """Appends a node (``unique=False``: ``name`` was already made unique)."""
        node = Operation(self, kind, self.unique_name(name) if unique else name, prim, inputs,
                         attrs, value)
        node.index = len(self.nodes)
        self.nodes.append(node)
        return node

    # -- TF's Graph API ----------------------------------------------------------------------------
    def get_operations(self):
        return list(self.nodes)

    def get_operation_by_name(self, name):
        for n in self.nodes:
            if n.name == name:
                return n
        raise KeyError("The name %r refers to an Operation not in the graph." % name)

    def get_tensor_by_name(self, name):
        op, _, k = name.rpartition(":")
        return self.get_operation_by_name(op).outputs[int(k)]

    def as_default(self):
        return _Default(self)

    def __repr__(self):
        return "FuncGraph(name=%s, id=%d)" % (self.name, id(self))

    # -- the printer ---------------------------------------------------------------------------
    @property
    def code(self):
        """The graph as readable Python: one line per node, in program order."""
        return print_code(self)

    def print_code(self):
        print(self.code)


class _Default:
    def __init__(self, graph):
        self.graph = graph

    def __enter__(self):
        return self.graph

    def __exit__(self, *exc):
        return False


def spec_text(t):
    """``f32[2,None]`` for a tensor (the printer's type annotation)."""
    dt = t.dtype
    short = {"float32": "f32", "float64": "f64", "float16": "f16", "int32": "i32", "int64": "i64",
             "bool": "bool", "string": "str"}.get(dt.name, dt.name)
    dims = t.shape._dims
    return "%s[%s]" % (short, "?" if dims is None else ",".join(
        "?" if d is None else str(d) for d in dims))


def python_names(graph):
    """Node output -> a Python identifier, unique in the printed code."""
    used = set()
    names = {}
    for node in graph.nodes:
        base = re.sub(r"\W", "_", node.name)
        if not base or base[0].isdigit() or base[0] == "_" or base in _RESERVED:
            base = "v" + base
        for k, t in enumerate(node.outputs):
            n = base if len(node.outputs) == 1 else "%s_%d" % (base, k)
            while n in used:
                n += "_"
            used.add(n)
            names[id(t)] = n
    return names


_RESERVED = {"def", "return", "lambda", "class", "if", "else", "for", "while", "in", "is", "not",
             "and", "or", "None", "True", "False", "pass", "import", "from", "as", "with", "try",
             "except", "finally", "raise", "del", "global", "nonlocal", "yield", "assert", "break",
             "continue", "elif", "async", "await"}


def _attr_text(v):
    if isinstance(v, np.ndarray):
        return "array(%s)" % np.array2string(v, threshold=6, separator=", ")
    if hasattr(v, "variable") and hasattr(v, "value"):  # a variable's handle
        var = v.variable
        return "<%s>" % (var.name if var is not None else "resource")
    if hasattr(v, "name") and type(v).__name__ == "DType":
        return "tf." + v.name
    if isinstance(v, (int, float, str, bool, tuple, list, type(None))):
        return repr(v)
    return "<%s>" % type(v).__name__


def _const_text(a):
    if a.size <= 6:
        return repr(a.tolist()) if a.ndim else repr(a.item())
    return "<%s>" % spec_text(_Spec(a))


class _Spec:
    def __init__(self, a):
        from ..dtypes import NP_TO_DTYPE
        self.dtype = NP_TO_DTYPE[a.dtype]
        self.shape = TensorShape._from_tuple(a.shape)


def print_code(graph):
    names = python_names(graph)
    args = ", ".join("%s: %s" % (names[id(t)], spec_text(t)) for t in graph.inputs)
    lines = ["def %s(%s):" % (re.sub(r"\W", "_", graph.name), args)]
    outs = []
    for node in graph.nodes:
        if node.kind == "placeholder":
            continue
        if node.kind == "output":
            outs.append(names[id(node.inputs[0])])
            continue
        lhs = ", ".join(names[id(t)] for t in node.outputs) or "_"
        if node.kind == "const":
            rhs = "Const(%s)" % _const_text(node.value)
        else:
            parts = [names[id(t)] for t in node.inputs]
            parts += ["%s=%s" % (k, _attr_text(v)) for k, v in node.attrs.items()]
            rhs = "%s(%s)" % (node.prim.name, ", ".join(parts))
        types = ", ".join(spec_text(t) for t in node.outputs)
        line = "    %s = %s" % (lhs, rhs)
        if types:
            line = line.ljust(60) + "  # " + types
        lines.append(line)
    lines.append("    return %s" % (", ".join(outs) if outs else "None"))
    return "\n".join(lines)
