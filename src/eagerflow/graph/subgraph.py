"""Subgraphs of control flow: a branch of tf.cond or the cond and body of tf.while_loop, traced once
into a graph of their own while the enclosing function is traced.

A ``SubTracer`` traces into the subgraph; tensors of the graphs around it that the Python code
uses become placeholders of the subgraph (captures, as TF's FuncGraph captures them), and the
control-flow node takes the outer tensors as inputs. A ``Subgraph`` runs three ways: ``call`` on
ndarrays (its generated code), ``run_tensors`` op by op through the primitives (a tape records
every op), and ``add_node`` builds a control-flow node in the enclosing graph.
"""
import numpy as np

from .. import _nest
from ..engine.primitive import STATE
from ..engine.resource import read_variable
from ..tensor import Tensor, convert_to_tensor
from .codegen import Out, compile_plan, replay
from .passes import optimize
from .symbolic import SymbolicTensor, out_of_scope
from .tracer import Tracer
from .ir import Graph

__all__ = ["SubTracer", "Subgraph", "trace_subgraph", "add_node"]


class SubTracer(Tracer):
    """Traces a branch or a loop body: sees the enclosing graphs and captures their tensors."""

    def __init__(self, graph, parent, hoist_reads=True):
        super().__init__(graph, parent.allow_variables)
        self.parent = parent
        self.captures = []  # (outer tensor, placeholder), in the order first used
        self._outer = {}
        self.hoist_reads = hoist_reads
        self.hoisted = set()  # ids of the handles whose reads went to the enclosing graph
        self.written = set()  # ids of the handles this branch/body writes

    def add(self, prim, inputs, params, name):
        handle = params.get("handle")
        if handle is not None:
            if prim is read_variable and self.hoist_reads and id(handle) not in self.written:
                # the read happens in the enclosing graph and the branch captures its value: a
                # tape there sees the read, so gradients reach the variable through the node
                self.hoisted.add(id(handle))
                return self.parent.add(prim, inputs, params, name)
            if prim is not read_variable:
                self.written.add(id(handle))
        return super().add(prim, inputs, params, name)

    def sees(self, graph):
        return graph is self.graph or self.parent.sees(graph)

    def capture(self, t, name):
        if isinstance(t, SymbolicTensor) and t._op.graph is not self.graph:
            if not self.parent.sees(t._op.graph):
                raise out_of_scope(t)
            hit = self._outer.get(id(t))
            if hit is not None:
                return hit
            p = self.placeholder("Placeholder", t._ex, t._dims, t._ex2)
            self._outer[id(t)] = p
            self.captures.append((t, p))
            return p
        return super().capture(t, name)

    def variable_created(self, variable):
        self.parent.variable_created(variable)


class Subgraph:
    """One traced branch/body: its graph, the flat outputs, and where its inputs come from."""

    def __init__(self, graph, n_args, outputs, captures):
        self.graph = graph
        self.n_args = n_args          # explicit placeholders (loop variables); the rest capture
        self.outputs = outputs        # the flat output tensors (inner graph)
        self.captures = captures      # the outer tensors the capture placeholders stand for
        self.arg_index = None         # positions of its inputs among the node's inputs
        self.plan = optimize(graph)
        self._kernel = None
        self.stateful = any(n.kind == "op" and n.prim.stateful for n in graph.nodes)

    def __repr__(self):
        return "<graph %s>" % self.graph.name

    def _compile(self):
        template = tuple(Out(k) for k in range(len(self.plan.outputs)))
        name = "".join(c if c.isalnum() else "_" for c in self.graph.name)
        kernel, self.source = compile_plan(self.plan, template, name)

        def run(*arrays):
            return [t._v for t in kernel(*arrays)]
        self._kernel = run
        return run

    def call(self, args):
        """The outputs (ndarrays) for the node's input arrays ``args``."""
        kernel = self._kernel or self._compile()
        return kernel(*[args[i] for i in self.arg_index])

    def run_tensors(self, args):
        """The outputs (Tensors) for the node's input tensors, op by op through the primitives."""
        template = tuple(Out(k) for k in range(len(self.plan.outputs)))
        return list(replay(self.plan, template, [args[i] for i in self.arg_index]))


def trace_subgraph(parent, name, fn, arg_specs=(), repeated=False, hoist=True):
    """Traces ``fn(*placeholders)`` into a new graph: (Subgraph, result structure with the
    output leaves replaced by their flat index, flat results as returned).

    Variable reads are hoisted into the enclosing graph (so its tapes see them) unless the
    subgraph writes that variable first; a ``repeated`` subgraph (a loop's) that writes a variable
    it read is traced again without hoisting, since every iteration must read the current value.
    ``hoist=False`` never hoists (a loop's condition, whose variables the body may write)."""
    sub, result, outs, tracer = _trace(parent, name, fn, arg_specs, hoist)
    if repeated and tracer.hoisted & tracer.written:
        sub, result, outs, tracer = _trace(parent, name, fn, arg_specs, False)
    return sub, result, outs


def _trace(parent, name, fn, arg_specs, hoist_reads):
    graph = Graph(name)
    with SubTracer(graph, parent, hoist_reads) as tracer:
        args = [tracer.placeholder(pname, ex, dims, ex2) for pname, ex, dims, ex2 in arg_specs]
        result = fn(*args)
        flat = _nest.flatten(result)
        outs = []
        for v in flat:
            if v is None:
                continue
            if getattr(v, "_error", None) is not None:  # a failed kernel's result is used
                raise v._error
            t = tracer.capture(v if isinstance(v, Tensor) else convert_to_tensor(v), "Const")
            node = graph.add_node("output", "Identity", inputs=[t])
            s = SymbolicTensor(node, 0, t._ex, t._dims, t._ex2)
            node.outputs.append(s)
            graph.outputs.append(s)
            outs.append(t)
    sub = Subgraph(graph, len(args), outs, [o for o, _ in tracer.captures])
    return sub, result, outs, tracer


def link(node_args, subs):
    """Gives each subgraph its ``arg_index`` into the node's inputs ``node_args`` (the explicit
    arguments first), adding their captures; returns the node's input list."""
    inputs = list(node_args)
    pos = {}
    for sub in subs:
        index = list(range(sub.n_args))
        for t in sub.captures:
            k = pos.get(id(t))
            if k is None:
                k = pos[id(t)] = len(inputs)
                inputs.append(t)
            index.append(k)
        sub.arg_index = index
    return inputs


def add_node(tracer, prim, name, inputs, attrs, examples, dims, ex2=None):
    """A node of ``prim`` in the tracer's graph with outputs of these example values and static
    dims (it is not run at trace time); tapes record it. Returns the output tensors."""
    ins = [tracer.capture(t if isinstance(t, Tensor) else convert_to_tensor(t), name + "/input")
           for t in inputs]
    node = tracer.graph.add_node("op", name, prim, ins, attrs, unique=False)
    ex2 = ex2 or [None] * len(examples)
    node.outputs = [SymbolicTensor(node, k, np.asarray(e), tuple(d), e2)
                    for k, (e, d, e2) in enumerate(zip(examples, dims, ex2))]
    if STATE.n:
        STATE.record(prim, tuple(ins), tuple(node.outputs), attrs)
    return node.outputs
