"""DOT for a GradientTape: the forward ops it recorded, and the ops ``tape.gradient`` runs.

The forward part is the tape's own list of (primitive, inputs, outputs, params) nodes. The gradient
part is captured by running ``tape.gradient`` under an extra recording tape that watches every
tensor (``recording``): the gradient rules are written in eagerflow ops, so each op of the backward
pass is recorded there, with the forward tensors it reads as inputs, which become edges from the
forward nodes. Tensors no recorded op produced are drawn as inputs (the watched sources) or constants
(everything else, e.g. the seed of ones); variables are cylinders with a dashed ``resource`` edge to
their ReadVariableOp. The target and the gradients are marked as outputs.
"""
import contextlib

from .._nest import flatten
from ..autodiff.tape import Tape, push_tape, pop_tape
from ..tensor import VariableBase
from ._dot import Dot, spec_text, value_text

__all__ = ["recording", "tape_dot"]


class _WatchAll(dict):
    """A ``watched`` map that answers "yes" for every tensor: the tape records every op."""
    __slots__ = ()

    def __contains__(self, key):
        return True


@contextlib.contextmanager
def recording():
    """Records every op this thread runs inside the block (a Tape; read ``.nodes``)."""
    rec = Tape(True, False)
    rec.watched = _WatchAll()
    # a second, idle tape keeps the single-tape fast record path (which reads ``watched`` as a
    # plain dict) off, so every op reaches the Python record hook
    idle = Tape(True, False)
    idle._recording = False
    push_tape(rec)
    push_tape(idle)
    try:
        yield rec
    finally:
        pop_tape(idle)
        pop_tape(rec)


def _key(x):
    return id(x._handle) if isinstance(x, VariableBase) else id(x)


class _TapeDrawer:
    def __init__(self, dot, watched, sources):
        self.dot = dot
        self.watched = watched
        self.sources = {_key(s): k for k, s in enumerate(sources)}
        self.ids = {}      # id(tensor or handle) -> (node id, output index, number of outputs)
        self.names = {}
        self.n = 0
        self.n_ext = 0

    def unique(self, name):
        k = self.names.get(name, 0)
        self.names[name] = k + 1
        return name if k == 0 else "%s_%d" % (name, k)

    def external(self, x):
        """The node of a tensor or variable handle no recorded op produced."""
        hit = self.ids.get(id(x))
        if hit is not None:
            return hit
        nid = "t%d" % self.n_ext
        self.n_ext += 1
        k = self.sources.get(id(x))
        src = None if k is None else "source %d" % k
        if hasattr(x, "variable") and hasattr(x, "value"):  # a variable's handle
            var = x.variable
            self.dot.node(nid, "variable", ["VarHandleOp", getattr(var, "name", "variable"),
                                            spec_text(var) if var is not None else "", src],
                          root=True)
        elif k is not None or id(x) in self.watched:
            self.dot.node(nid, "input", ["EagerTensor", src or "watched"], root=True)
        else:
            v = value_text(x._v) if hasattr(x, "_v") else None
            self.dot.node(nid, "const", ["Const", self.unique("Const"),
                                         None if v is None else "= " + v], root=True)
        hit = self.ids[id(x)] = (nid, 0, 1)
        return hit

    def ops(self, nodes, kind, prefix):
        dot = self.dot
        for prim, inputs, outputs, params in nodes:
            nid = "n%d" % self.n
            self.n += 1
            handle = params.get("handle") if params else None
            is_var = handle is not None and hasattr(handle, "variable")
            lines = [prim.name, self.unique(prefix + prim.name)]
            dot.node(nid, "varop" if is_var and kind == "op" else kind, lines)
            for t in inputs:
                src = self.ids.get(id(t)) or self.external(t)
                if src[0].startswith("t") and hasattr(t, "variable") and hasattr(t, "value"):
                    dot.edge(src[0], nid, "resource", style="resource")
                    continue
                text = spec_text(t)
                dot.edge(src[0], nid, text if src[2] == 1 else "%d: %s" % (src[1], text))
            for k, o in enumerate(outputs):
                self.ids[id(o)] = (nid, k, len(outputs))

    def mark(self, x, lines):
        if x is None:
            return
        key = id(x._handle) if isinstance(x, VariableBase) else id(x)
        src = self.ids.get(key) or self.external(x._handle if isinstance(x, VariableBase) else x)
        nid = "o%d" % self.n
        self.n += 1
        self.dot.node(nid, "output", lines, root=True)
        text = spec_text(x)
        self.dot.edge(src[0], nid, text if src[2] == 1 else "%d: %s" % (src[1], text))


def tape_dot(gradient_tape, target=None, sources=None, output_gradients=None, name=None):
    """(Dot, gradients): the tape's forward ops and, given a target and sources, the ops of
    ``gradient_tape.gradient(target, sources, output_gradients)``, whose result comes back too."""
    tape = gradient_tape._tape
    if tape is None:
        raise ValueError("this GradientTape has not recorded anything yet: draw it after its "
                         "`with` block")
    forward = list(tape.nodes)
    watched = dict(tape.watched)
    grads = None
    backward = []
    if target is not None:
        if sources is None:
            raise TypeError("drawing the gradient needs the sources too: "
                            "viz.draw(tape, target, sources)")
        with recording() as rec:
            grads = gradient_tape.gradient(target, sources, output_gradients=output_gradients)
        backward = list(rec.nodes)
    flat_sources = flatten(sources, []) if sources is not None else []
    dot = Dot(name or "GradientTape")
    drawer = _TapeDrawer(dot, watched, flat_sources)
    dot.open_cluster("cluster_forward", "forward (recorded by the tape)")
    drawer.ops(forward, "op", "")
    dot.close_cluster()
    if target is not None:
        dot.open_cluster("cluster_gradient", "tape.gradient", color="#b85450")
        drawer.ops(backward, "grad", "gradient/")
        dot.close_cluster()
        for k, t in enumerate(flatten(target, [])):
            drawer.mark(t, ["Target", "target %d" % k])
        for k, g in enumerate(flatten(grads, []) if grads is not None else []):
            drawer.mark(g, ["Gradient", "d target / d source %d" % k])
    return dot, grads
