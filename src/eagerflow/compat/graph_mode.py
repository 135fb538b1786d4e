"""TF1 graph mode: ``tf.Graph``, the default-graph stack, name scopes, and the tracer that turns
every op into a node of the default graph.

A TF1 graph is the same IR as a traced tf.function (graph/ir.py): building one runs the ops under a
``GraphTracer``, a graph/tracer.py Tracer that also applies ``tf.name_scope`` prefixes, turns
``tf.constant`` into Const nodes and marks nodes and tensors with the TF1 view classes
(``GraphOperation``: ``run()``, NodeDef text; ``GraphTensor``: ``eval()``). Ops are not run while
the graph is built: their example values give the static shapes that print; a Session runs them.
"""
import threading

import numpy as np

from .. import dtypes as _dt
from .. import tensor as _tensor
from ..engine.primitive import Primitive, current_tracer
from ..graph import ir
from ..graph.symbolic import SymbolicTensor
from ..graph.tracer import Tracer
from ..tensor_shape import TensorShape
from .._export import export

__all__ = ["Graph", "GraphTracer", "GraphTensor", "GraphOperation", "get_default_graph",
           "graph_tracer", "no_op"]

_DEFAULT_OP_NAMES = {"AddV2": "Add"}


class GraphTensor(SymbolicTensor):
    """A tensor of a TF1 graph: prints as TF's, evaluates in the default session."""

    __slots__ = ()

    def __hash__(self):  # graph tensors are feed_dict keys (hashable outside eager mode, in TF)
        return id(self)

    def eval(self, feed_dict=None, session=None):
        from .session import run_in
        return run_in(session, self, feed_dict, self._op.graph)

    def consumers(self):
        return [n for n in self._op.graph.nodes if any(t is self for t in n.inputs)]


class UnknownRankTensor(GraphTensor):
    """A tensor whose rank TF does not know (a placeholder without shape, and what follows it)."""

    __slots__ = ()
    shape = property(lambda self: TensorShape(None))

    def __str__(self):
        return 'Tensor("%s", dtype=%s)' % (self.name, self.dtype.name)


class GraphOperation(ir.Operation):
    """A node of a TF1 graph (``tf.Operation``): ``run()``, ``values()``, NodeDef text."""

    __slots__ = ()

    def run(self, feed_dict=None, session=None):
        from .session import run_in
        run_in(session, self, feed_dict, self.graph)

    def values(self):
        return tuple(self.outputs)

    @property
    def node_def(self):
        return node_def_text(self)

    def __str__(self):
        return node_def_text(self)


# -- GraphDef text (TF's protobuf text format, the fields a reader needs) -------------------------
def _shape_proto(dims, indent):
    pad = " " * indent
    if dims is None:
        return pad + "shape {\n" + pad + "  unknown_rank: true\n" + pad + "}\n"
    inner = "".join("%s  dim {\n%s    size: %d\n%s  }\n" % (pad, pad, -1 if d is None else d, pad)
                    for d in dims)
    return pad + "shape {\n" + inner + pad + "}\n"


def _attr(key, body):
    return "attr {\n  key: \"%s\"\n  value {\n%s  }\n}\n" % (key, body)


def node_def_text(node):
    lines = 'name: "%s"\nop: "%s"\n' % (node.name, node.type)
    for t in node.inputs:
        src = t._op.name if t._index == 0 else "%s:%d" % (t._op.name, t._index)
        lines += 'input: "%s%s"\n' % ("^" if node.type == "NoOp" else "", src)
    out = node.outputs[0] if node.outputs else None
    if node.kind == "placeholder" and out is not None:
        dims = None if isinstance(out, UnknownRankTensor) else out._dims
        lines += _attr("shape", _shape_proto(dims, 4))
    if out is not None and node.type != "NoOp":
        key = "dtype" if node.kind in ("placeholder", "const") else "T"
        lines += _attr(key, "    type: DT_%s\n" % out.dtype._kernel_word.upper())
    if node.kind == "const":
        v = node.value
        body = "    tensor {\n      dtype: DT_%s\n" % out.dtype._kernel_word.upper()
        body += "".join("  " + ln + "\n" for ln in _shape_proto(v.shape, 4).splitlines()).replace(
            "shape {", "tensor_shape {", 1)
        if v.size and v.dtype.kind in "biuf":
            body += "      tensor_content: %s\n" % (np.array2string(v.ravel(), threshold=8,
                                                                     separator=", "))
        body += "    }\n"
        lines += _attr("value", body)
    return lines


class GraphDef:
    """What ``Graph.as_graph_def()`` returns: the nodes, printed as TF's GraphDef text."""

    def __init__(self, graph):
        self.node = [_NodeDef(n) for n in graph.nodes if n.kind != "output"]

    def __str__(self):
        out = ""
        for n in self.node:
            out += "node {\n" + "".join("  " + ln + "\n" for ln in n.text.splitlines()) + "}\n"
        return out + "versions {\n  producer: 2105\n}\n"

    __repr__ = __str__


class _NodeDef:
    def __init__(self, node):
        self.name = node.name
        self.op = node.type
        self.input = [("^" if node.type == "NoOp" else "") + t._op.name + (
            ":%d" % t._index if t._index else "") for t in node.inputs]
        self.text = node_def_text(node)

    def __str__(self):
        return self.text


# -- the graph ------------------------------------------------------------------------------------
@export("compat.v1.Graph")
class Graph(ir.Graph):
    """A TF1 graph (``tf.Graph``): ``with g.as_default():`` builds ops into it."""

    def __init__(self):
        super().__init__("Graph")
        self.collections = {}     # "variables", "trainable_variables" ... -> [objects]
        self.var_info = {}        # id(handle) -> VarInfo (compat/variables.py)
        self.var_store = {}       # get_variable's full names -> variable
        self.gradient_groups = {}  # id(output tensor) -> the tf.gradients call that made it
        self.session = None       # the Session whose variable values the handles hold now
        self.run_cache = {}       # Session.run's compiled entries (compat/session.py)
        self.finalized = False

    def as_default(self):
        return _AsDefault(self)

    def get_collection(self, key, scope=None):
        items = list(self.collections.get(key, ()))
        if scope is not None:
            items = [x for x in items if getattr(x, "name", "").startswith(scope)]
        return items

    def add_to_collection(self, name, value):
        self.collections.setdefault(name, []).append(value)

    def get_all_collection_keys(self):
        return [k for k, v in self.collections.items() if v]

    def as_graph_def(self, from_version=None, add_shapes=False):
        return GraphDef(self)

    def get_name_scope(self):
        tracer = current_tracer()
        if isinstance(tracer, GraphTracer) and tracer.graph is self:
            return tracer.prefix[:-1]
        return ""

    def finalize(self):
        self.finalized = True

    @property
    def version(self):
        return len(self.nodes)

    def __repr__(self):
        return "<eagerflow.compat.graph_mode.Graph object at 0x%x>" % id(self)


# tf.Graph is this class (a subclass of the IR's Graph, which tf.function makes)
export("Graph")(Graph)


class _AsDefault:
    """``with g.as_default():``: ops go to ``g`` (eager execution is off inside)."""

    def __init__(self, graph):
        self.graph = graph
        self._tracer = None

    def __enter__(self):
        self._tracer = GraphTracer(self.graph).__enter__()
        _stack().append(self._tracer)
        return self.graph

    def __exit__(self, *exc):
        _stack().remove(self._tracer)
        self._tracer.__exit__(*exc)
        return False


# -- the tracer of a TF1 graph --------------------------------------------------------------------
class GraphTracer(Tracer):
    """A Tracer for a TF1 graph: name scopes, Const nodes for tf.constant, TF1 view classes."""

    def __init__(self, graph):
        super().__init__(graph)
        self.prefix = ""  # the current name scope, "a/b/" (or "")
        self.var_scopes = []  # variable_scope entries (compat/variable_scope.py)
        self.control = []     # tf.control_dependencies: tensors every new op waits for

    def sees(self, graph):
        return True  # another graph's tensor reaches capture(), which raises TF's ValueError

    def capture(self, t, name):
        if isinstance(t, SymbolicTensor) and t._op.graph is not self.graph:
            raise ValueError("%s must be from the same graph as %s (graphs are %r and %r)." % (
                t, _first_tensor(self.graph), t._op.graph, self.graph))
        return super().capture(t, name)

    def add(self, prim, inputs, params, name):
        if self.graph.finalized:
            raise RuntimeError("Graph is finalized and cannot be modified.")
        if name is not None:
            name = self.prefix + name
        elif self._scope is None:
            name = self.prefix + _DEFAULT_OP_NAMES.get(prim.name, prim.name)
        start = len(self.graph.nodes)
        out = super().add(prim, inputs, params, name)
        unknown = any(isinstance(t, UnknownRankTensor) for t in inputs)
        self._mark(start, unknown)
        return out

    def scoped(self, scope_name, fn, *args):
        return super().scoped(self.prefix + scope_name if self._scope is None else scope_name,
                              fn, *args)

    def placeholder(self, name, example, dims, example2=None, unknown_rank=False):
        start = len(self.graph.nodes)
        t = super().placeholder(self.prefix + name, example, dims, example2)
        self._mark(start, unknown_rank)
        return t

    def const(self, value, name="Const"):
        start = len(self.graph.nodes)
        t = super().const(value, name)
        self._mark(start, False)
        return t

    def _mark(self, start, unknown):
        cls = UnknownRankTensor if unknown else GraphTensor
        for node in self.graph.nodes[start:]:
            if type(node) is ir.Operation:
                node.__class__ = GraphOperation
                for t in node.outputs:
                    if type(t) is SymbolicTensor:
                        t.__class__ = cls if node.kind == "op" or node.kind == "placeholder" \
                            else GraphTensor

    # -- name scopes -----------------------------------------------------------------------------
    def name_scope(self, name):
        return _NameScope(self, name)


def _first_tensor(graph):
    for n in graph.nodes:
        if n.outputs:
            return n.outputs[0]
    return graph


class _NameScope:
    def __init__(self, tracer, name):
        self.tracer = tracer
        self.name = name

    def __enter__(self):
        tr = self.tracer
        self.saved = tr.prefix
        name = self.name
        if name is None or name == "":
            tr.prefix = ""
        elif name.endswith("/"):  # an absolute scope, re-entered as it is
            tr.prefix = name
        else:
            tr.prefix = tr.graph.unique_name(tr.prefix + name) + "/"
        return tr.prefix

    def __exit__(self, *exc):
        self.tracer.prefix = self.saved
        return False


# -- the default graph ----------------------------------------------------------------------------
_local = threading.local()
_global = {"graph": None, "tracer": None}  # the global default graph; its tracer in graph mode


def _stack():
    try:
        return _local.stack
    except AttributeError:
        _local.stack = []
        return _local.stack


def graph_tracer():
    """This thread's GraphTracer, or None (eager mode, or inside a tf.function's trace)."""
    t = current_tracer()
    return t if isinstance(t, GraphTracer) else None


@export("compat.v1.get_default_graph")
def get_default_graph():
    """The graph new ops go to (the global default graph when none is entered)."""
    t = graph_tracer()
    if t is not None:
        return t.graph
    if _global["graph"] is None:
        _global["graph"] = Graph()
    return _global["graph"]


@export("compat.v1.disable_eager_execution", "compat.v1.disable_v2_behavior")
def disable_eager_execution():
    """Graph mode: from now on ops build nodes of the default graph."""
    if _global["tracer"] is not None:
        return
    tracer = GraphTracer(get_default_graph())
    tracer.__enter__()
    _global["tracer"] = tracer


@export("compat.v1.enable_eager_execution", "compat.v1.enable_v2_behavior")
def enable_eager_execution(config=None, device_policy=None, execution_mode=None):
    """Back to eager mode (ops run at once)."""
    tracer = _global["tracer"]
    if tracer is not None:
        if tracer.graph.nodes:  # TF: once graph mode built ops, eager mode cannot come back
            raise ValueError("tf.enable_eager_execution must be called at program startup.")
        _global["tracer"] = None
        tracer.__exit__(None, None, None)


@export("compat.v1.executing_eagerly_outside_functions")
def executing_eagerly_outside_functions():
    return _global["tracer"] is None


@export("compat.v1.reset_default_graph")
def reset_default_graph():
    """A fresh global default graph (not allowed inside ``with g.as_default():``)."""
    if _stack():
        raise AssertionError("Do not use tf.reset_default_graph() to clear nested graphs. If you "
                             "need a cleared graph, exit the nesting and create a new graph.")
    graph = Graph()
    _global["graph"] = graph
    tracer = _global["tracer"]
    if tracer is not None:
        tracer.__exit__(None, None, None)
        tracer = GraphTracer(graph)
        tracer.__enter__()
        _global["tracer"] = tracer


def _graph_constant(t, name):
    """tensor.constant's hook: in a TF1 graph, ``tf.constant`` is a Const node."""
    tracer = graph_tracer()
    if tracer is None:
        return t
    return tracer.const(t._v, tracer.prefix + (name or "Const"))


_tensor.graph_constant_hook[0] = _graph_constant


# -- NoOp: an op that runs its inputs (TF's control dependencies, as data edges) ------------------
def _no_op(*xs):
    return []


NOOP = _noop = Primitive("NoOp", _no_op, match=(), differentiable=False, multiple_results=True,
                  stateful=True, c_fast=False)
_noop.trace_fwd = _no_op


def no_op(inputs, name="NoOp"):
    """A NoOp node that waits for ``inputs`` (tensors or operations): ``tf.group``."""
    tensors = []
    for x in inputs:
        if isinstance(x, ir.Operation):
            tensors.extend(x.inputs if not x.outputs else x.outputs[:1])
        elif x is not None:
            tensors.append(x)
    tracer = graph_tracer()
    tracer.add(_noop, tensors, {}, name)
    return tracer.graph.nodes[-1]


def placeholder_example(dtype, dims):
    """Example values for a placeholder of static ``dims`` (None: unknown rank)."""
    npdt = dtype._np
    if dims is None:
        shape, shape2 = (), None
    else:
        shape = [2 if d is None else d for d in dims]
        shape2 = [3 if d is None else d for d in dims] if None in dims else None
    def make(s):
        return np.full(s, b"", object) if dtype is _dt.string else np.ones(s, npdt)
    return make(shape), (make(shape2) if shape2 is not None else None)
