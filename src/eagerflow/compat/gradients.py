"""``tf.gradients``: the backward pass of a TF1 graph, with the primitives' registered rules.

The graph's op nodes in program order are a tape (the same (primitive, inputs, outputs, attrs)
records a GradientTape keeps), so autodiff/backward.py walks them and its rules add the backward ops
to the graph, under the name scope "gradients". The call is kept as a ``GradientGroup``: a Session
replays the forward ops with the fed shapes and runs the backward pass again there (the rules read
shapes, which the user's graph may know only as None).
"""
import numpy as np

from ..autodiff.backward import backward
from ..engine.primitive import DIFFERENTIABLE
from ..engine.resource import read_variable
from ..graph.symbolic import SymbolicTensor
from ..ops.gather import IndexedSlices
from ..tensor import Tensor, VariableBase, convert_to_tensor, wrap
from .._export import export
from .._nest import flatten as _flatten
from .graph_mode import graph_tracer

__all__ = ["gradients", "GradientGroup", "symbolic_backward", "tape_entry"]


def tape_entry(prim, ins, outs, attrs):
    """A node as the tape record backward.py reads (a variable read takes its handle as input)."""
    if prim is read_variable:
        return (prim, (attrs["handle"],), tuple(outs), attrs)
    return (prim, tuple(ins), tuple(outs), attrs)


class _Tape:
    __slots__ = ("watched", "nodes")

    def __init__(self, watched, nodes):
        self.watched = watched
        self.nodes = nodes


def _key(x):
    return id(x._handle) if isinstance(x, VariableBase) else id(x)


def symbolic_backward(entries, targets, seeds, source_keys):
    """The gradients of ``targets`` (seeded) for each source key, over the tape ``entries``."""
    watched = set(source_keys)
    nodes = []
    for entry in entries:
        if any(id(x) in watched for x in entry[1]):
            nodes.append(entry)
            watched.update(id(o) for o in entry[2] if o._ex.dtype in DIFFERENTIABLE)
    grads = backward(_Tape(watched, nodes), targets, seeds)
    return [grads.get(k) for k in source_keys]


def _seed(y, gy):
    if gy is None:
        return wrap(np.ones(y._ex.shape, y._ex.dtype))
    if isinstance(gy, Tensor):
        return gy
    return convert_to_tensor(gy, dtype=y.dtype)


class GradientGroup:
    """One ``tf.gradients`` call: its targets, sources, seeds and the tensors it returned."""

    def __init__(self, ys, xs, grad_ys, index):
        self.ys = ys
        self.xs = xs
        self.grad_ys = grad_ys
        self.index = index  # where its ops start in the graph (its place in program order)
        self.outputs = []

    def deps(self):
        xs = [x for x, out in zip(self.xs, self.outputs) if out is not None]
        return [t for t in self.ys + self.grad_ys + xs if isinstance(t, SymbolicTensor)]

    def instantiate(self, env, tape):
        """Runs the backward pass over the replayed forward ops ``tape``, mapping the tensors
        this call returned to their new gradients in ``env``."""
        targets = [env[id(y)] for y in self.ys]
        seeds = [_seed(t, env.get(id(g), g) if g is not None else None)
                 for t, g in zip(targets, self.grad_ys)]
        keys = [_key(x) if isinstance(x, VariableBase) else id(env.get(id(x), x))
                for x in self.xs]
        for out, g in zip(self.outputs, symbolic_backward(tape, targets, seeds, keys)):
            if out is None or g is None:
                continue
            if type(out) is IndexedSlices:  # its values and indices (dense_shape: a constant)
                env[id(out.values)] = g.values
                env[id(out.indices)] = g.indices
            else:
                env[id(out)] = g


def _as_list(x):
    if isinstance(x, (list, tuple)):
        return list(x)
    return [x]


@export("gradients", "compat.v1.gradients")
def gradients(ys, xs, grad_ys=None, name="gradients", gate_gradients=False,
              aggregation_method=None, stop_gradients=None,
              unconnected_gradients="none"):
    """Symbolic gradients of sum(ys) for each of xs (graph mode only): a list, None where an x
    does not reach ys."""
    tracer = graph_tracer()
    if tracer is None:
        raise RuntimeError("tf.gradients is not supported when eager execution is enabled. Use "
                           "tf.GradientTape instead.")
    graph = tracer.graph
    ys = [y._read() if isinstance(y, VariableBase) else y for y in _flatten(ys, [])]
    xs = _flatten(xs, [])
    gys = [None] * len(ys) if grad_ys is None else _as_list(grad_ys)
    if len(gys) != len(ys):
        raise ValueError("Passed %d grad_ys for %d ys" % (len(gys), len(ys)))
    for x in xs:
        if not isinstance(x, (SymbolicTensor, VariableBase)):
            raise TypeError("Expected a graph tensor or a variable in xs, got %r" % (x,))
    group = GradientGroup(ys, xs, [None] * len(ys), len(graph.nodes))
    entries = [tape_entry(n.prim, n.inputs, n.outputs, n.attrs) for n in graph.nodes
               if n.kind == "op"]
    with tracer.name_scope(name or "gradients"):
        seeds = []
        for k, (y, gy) in enumerate(zip(ys, gys)):
            if gy is not None and not isinstance(gy, Tensor):
                gy = convert_to_tensor(gy, dtype=y.dtype)
            if gy is not None and not isinstance(gy, SymbolicTensor):
                gy = tracer.const(gy._v, tracer.prefix + "grad_ys_%d" % k)
            group.grad_ys[k] = gy
            seeds.append(_seed(y, gy))
        group.index = len(graph.nodes)
        out = symbolic_backward(entries, ys, seeds, [_key(x) for x in xs])
    def own(g, x=None):
        """``g`` as a tensor of this graph, kept with the call when the call made it."""
        if isinstance(g, SymbolicTensor) and g._op.graph is graph and g._op.index >= group.index:
            graph.gradient_groups[id(g)] = group
            if isinstance(x, SymbolicTensor) and len(x._dims) == len(g._dims):
                g._dims = x._dims
        elif g is not None and not (isinstance(g, SymbolicTensor) and g._op.graph is graph):
            g = tracer.capture(g, "gradients/Const")
        return g

    result = []
    for x, g in zip(xs, out):
        if g is not None and not _float(x):
            g = None
        if type(g) is IndexedSlices:  # a gather's gradient, as TF's tf.gradients returns it
            g = IndexedSlices(own(g.values), own(g.indices), own(g.dense_shape))
        else:
            g = own(g, x)
        result.append(g)
    group.outputs = result
    return result


def _float(x):
    d = x.dtype
    return d.is_floating or d.is_complex
