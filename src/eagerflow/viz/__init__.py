"""eagerflow.viz: draw what tf.function traced and what a GradientTape recorded (outside ``tf.*``).

    from eagerflow import viz
    viz.draw(f)                    # a tf.function: its latest trace (or viz.draw(f, x): that trace)
    viz.draw(f.get_concrete_function(x))
    viz.draw(tape, y, [w, b])      # forward ops + the ops tape.gradient(y, [w, b]) runs
    viz.code(f)                    # the traced graph as Python; generated=True: the code that runs

A drawing is DOT text (``.dot``) with one node per op labelled by op type and name, edges labelled
by shape and dtype; inputs, outputs, constants and variables have their own shapes and colours, and
nodes whose attributes hold graphs (control flow) are clusters. It renders inline in Jupyter and to
``.svg()``/``.png(path)`` when the ``graphviz`` package and ``dot`` program are installed.
"""
from ..graph.concrete import ConcreteFunction
from ..graph.function import Function
from ..graph.ir import Graph
from ._drawing import Drawing, Code, GraphvizNotFound, graphviz_missing
from ._graph import graph_dot
from ._tape import tape_dot, recording

__all__ = ["draw", "to_dot", "code", "Drawing", "Code", "GraphvizNotFound", "graphviz_missing",
           "recording"]


def _concrete(f, args, kwargs):
    """The ConcreteFunction a tf.function stands for: the trace for ``args`` when given, else the
    latest trace."""
    if args or kwargs:
        return f.get_concrete_function(*args, **kwargs)
    order = getattr(f, "_order", None)
    if not order:
        raise ValueError("%s has not been traced yet: call it first, or pass example arguments "
                         "(viz.draw(f, x))" % f.name)
    return order[-1]


def _graph_of(obj, args, kwargs):
    if isinstance(obj, Function):
        obj = _concrete(obj, args, kwargs)
    elif args or kwargs:
        raise TypeError("example arguments are only for a tf.function, not a %s" %
                        type(obj).__name__)
    if isinstance(obj, ConcreteFunction):
        return obj.graph, obj
    if isinstance(obj, Graph):
        return obj, None
    raise TypeError("eagerflow.viz draws a tf.function, a ConcreteFunction, a tf.Graph or a "
                    "GradientTape, not %s" % type(obj).__name__)


def draw(obj, *args, **kwargs):
    """A Drawing of a tf.function (its latest trace, or the trace for example arguments ``args``),
    a ConcreteFunction, a traced graph, or a GradientTape (``draw(tape, target, sources,
    output_gradients=None)``: the gradient is computed, drawn and kept on ``.gradients``)."""
    if type(obj).__name__ == "GradientTape" and hasattr(obj, "_tape"):
        dot, grads = tape_dot(obj, *args, **kwargs)
        return Drawing(dot.text(), dot.name, dot.n_nodes, len(dot.edges), grads)
    graph, _ = _graph_of(obj, args, kwargs)
    dot = graph_dot(graph)
    return Drawing(dot.text(), dot.name, dot.n_nodes, len(dot.edges))


def to_dot(obj, *args, **kwargs):
    """The DOT text of ``draw(obj, *args, **kwargs)``."""
    return draw(obj, *args, **kwargs).dot


def code(obj, *args, generated=False, **kwargs):
    """The traced graph as readable Python (one line per node, with types); ``generated=True``:
    the Python function eagerflow generated from the optimized graph and runs on each call."""
    graph, cf = _graph_of(obj, args, kwargs)
    if not generated:
        return Code(graph.code)
    if cf is None:
        raise TypeError("generated code exists for a tf.function or a ConcreteFunction only")
    if cf.source is None:
        cf._compile()
    return Code(cf.source.rstrip("\n"))
