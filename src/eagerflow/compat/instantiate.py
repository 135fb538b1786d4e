"""From a TF1 graph to the Python function a Session runs.

The graph a user builds has static shapes with unknown (None) dimensions, and ``tf.gradients``
calls whose backward ops were built for the example shapes. A Session therefore never runs the
user's nodes as they are: for each set of fetches, fed tensors and feed shapes it *instantiates*
the part of the graph the fetches need into a fresh graph/ir.Graph, replaying each node through a
Tracer with the fed arrays as examples (so every shape is known), and running the backward pass of
each ``tf.gradients`` call again over the replayed forward ops. The result goes through the same
passes and code generation as a tf.function (graph/passes.py, graph/codegen.py).
"""
from ..engine.resource import read_variable, assign_variable
from ..errors import InvalidArgumentError
from ..graph import ir
from ..graph.codegen import Out, compile_plan
from ..graph.passes import optimize
from ..graph.symbolic import SymbolicTensor
from ..graph.tracer import Tracer
from .gradients import GradientGroup, tape_entry
from .graph_mode import UnknownRankTensor, NOOP

__all__ = ["Compiled", "instantiate", "needed"]

_REDUCTIONS = frozenset(["Sum", "Mean", "Max", "Min", "Prod", "All", "Any"])


class Compiled:
    """One instantiation: the generated function and the variable accesses it makes."""

    __slots__ = ("kernel", "source", "required", "writes", "__weakref__")

    def __init__(self, kernel, source, required, writes):
        self.kernel = kernel
        self.source = source
        self.required = required  # [(handle, node name)]: read before this run writes them
        self.writes = writes      # handles this run assigns (they are initialized afterwards)


def needed(graph, targets, fed):
    """The nodes (and gradient groups) the targets depend on, in program order; fed tensors
    are inputs, so what produces them is not needed."""
    groups = graph.gradient_groups
    seen = set()
    items = []
    stack = list(targets)
    while stack:
        x = stack.pop()
        if isinstance(x, SymbolicTensor):
            if id(x) in fed:
                continue
            group = groups.get(id(x))
            if group is not None:
                if id(group) not in seen:
                    seen.add(id(group))
                    items.append(group)
                    stack.extend(group.deps())
                continue
            x = x._op
        if id(x) in seen:
            continue
        seen.add(id(x))
        items.append(x)
        stack.extend(x.inputs)
    items.sort(key=lambda n: n.index)
    return items


def _unfed(node):
    t = node.outputs[0]
    dims = t.shape._dims
    shape = "" if dims is None else " and shape [%s]" % ",".join(
        "?" if d is None else str(d) for d in dims)
    return InvalidArgumentError(None, node.name, (
        "Graph execution error:\n\nDetected at node '%s' defined at (most recent call last):\n"
        "Node: '%s'\nYou must feed a value for placeholder tensor '%s' with dtype %s%s\n\t "
        "[[{{node %s}}]]") % (node.name, node.name, node.name, t.dtype._kernel_word, shape,
                              node.name))


def _accesses(items):
    """[(handle, read node name)] read before written, and the handles written."""
    required, writes, written, reported = [], [], set(), set()
    for node in items:
        if isinstance(node, GradientGroup) or node.kind != "op":
            continue
        h = node.attrs.get("handle")
        if h is None:
            continue
        if node.prim is not assign_variable and id(h) not in written and id(h) not in reported:
            required.append((h, node.name))
            reported.add(id(h))
        if node.prim is not read_variable:
            writes.append(h)
            written.add(id(h))
    return required, writes


def instantiate(graph, tensors, ops, feeds):
    """A Compiled running ``ops`` and returning the arrays of ``tensors`` for these feeds
    ([(fed tensor, example array)])."""
    fed = {id(t) for t, _ in feeds}
    items = needed(graph, list(tensors) + list(ops), fed)
    required, writes = _accesses(items)
    inst = ir.Graph(graph.name)
    env = {}
    tape = []
    with Tracer(inst) as tr:
        for t, a in feeds:
            env[id(t)] = tr.placeholder(t._op.name if t._index == 0 else "%s_%d" % (
                t._op.name, t._index), a, a.shape)
        for item in items:
            if isinstance(item, GradientGroup):
                item.instantiate(env, tape)
                continue
            kind = item.kind
            if kind == "placeholder":
                raise _unfed(item)
            if kind == "const":
                env[id(item.outputs[0])] = tr.const(item.value, item.name)
                continue
            if kind != "op" or item.prim is NOOP:  # a NoOp only orders: everything here runs
                continue
            ins = [env[id(t)] for t in item.inputs]
            attrs = dict(item.attrs)
            if item.prim.name in _REDUCTIONS and isinstance(item.inputs[0], UnknownRankTensor) \
                    and attrs.get("axis") == tuple(range(item.inputs[0]._ex.ndim)):
                # reduce_sum(x) of an input of unknown rank: all the axes the fed value has
                attrs["axis"] = tuple(range(ins[0]._ex.ndim))
            out = tr.add(item.prim, ins, attrs, item.name)
            outs = out if item.prim.multiple_results else [out]
            for t, o in zip(item.outputs, outs):
                env[id(t)] = o
            tape.append(tape_entry(item.prim, ins, outs, item.attrs))
        for t in tensors:
            src = env[id(t)]
            node = inst.add_node("output", "Identity", inputs=[src])
            s = SymbolicTensor(node, 0, src._ex, src._dims)
            node.outputs.append(s)
            inst.outputs.append(s)
    plan = optimize(inst)
    name = "".join(c if c.isalnum() else "_" for c in "session_" + graph.name)
    kernel, source = compile_plan(plan, [Out(k) for k in range(len(tensors))], name)
    return Compiled(kernel, source, required, writes)
