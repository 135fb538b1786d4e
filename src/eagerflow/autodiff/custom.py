"""``tf.custom_gradient``: a function that supplies its own gradient.

The decorated ``f(*args)`` returns ``(y, grad_fn)``. While ``f`` runs, the active tapes do not
record (its inner ops are invisible to them, as TF's identity outputs make them); variables it reads
are collected. Then one node is recorded whose vjp calls ``grad_fn(*upstream)`` — or, when ``f``
read variables, ``grad_fn(*upstream, variables=[...])`` returning ``(input_grads, variable_grads)``.
The node's inputs are the argument tensors followed by the variables' handles, so gradients reach
both. ``grad_fn`` runs in eagerflow ops, so an outer tape can differentiate it again.
"""
import functools
import inspect

from ..tensor import Tensor, VariableBase, convert_to_tensor
from ..engine.primitive import Primitive, STATE, current_tracer
from .._nest import flatten as _flatten, pack as _pack
from . import tape as _tape

__all__ = ["custom_gradient"]


class _Collector(_tape.Tape):
    """A tape that records nothing and only collects the variables read while it is active."""
    __slots__ = ()

    def __init__(self):
        super().__init__(False, True)


def _graph_grads(graph_grad, upstream, inputs, n_args):
    """A traced node's gradients: the gradient function's graph run on the upstream gradients and
    the forward values it captured (the node's last inputs), op by op through the primitives."""
    sub, none_at, n_caps = graph_grad
    outs = iter(sub.run_tensors(list(upstream) + list(inputs[len(inputs) - n_caps:])))
    return [None if k in none_at else next(outs) for k in range(n_args)]


def _custom_vjp(g, ans, *inputs, values, grad_fn, variables, n_args, n_out=0, graph_grad=None):
    upstream = g if isinstance(g, tuple) else (g,)
    if graph_grad is not None:
        input_grads, variable_grads = _graph_grads(graph_grad, upstream, inputs, n_args), []
    elif variables:
        res = grad_fn(*upstream, variables=variables)
        if not (isinstance(res, (list, tuple)) and len(res) == 2):
            raise ValueError("custom_gradient function with variables must return "
                             "(input_grads, variable_grads)")
        input_grads, variable_grads = res
        variable_grads = list(_flatten(variable_grads, []))
        if len(variable_grads) != len(variables):
            raise ValueError("Must return gradient for each variable from @custom_gradient "
                             "grad_fn.")
    else:
        input_grads, variable_grads = grad_fn(*upstream), []
    flat = _flatten(input_grads, []) if isinstance(input_grads, (list, tuple)) \
        else [input_grads]
    if len(flat) != n_args:
        raise ValueError("custom_gradient function expected to return %d gradients, but "
                         "returned %d instead." % (n_args, len(flat)))
    out = []
    for x, gx in zip(inputs, flat + variable_grads):
        if gx is not None and not isinstance(gx, Tensor):
            gx = convert_to_tensor(gx, dtype=x.dtype)
        out.append(gx)
    return out + [None] * (len(inputs) - len(out))  # (a graph node's pass-through inputs)


def _outputs(*arrays, values, n_out=0, **_):
    # in a graph the results are the node's last inputs: their values exist when it runs
    return values if values is not None else list(arrays[len(arrays) - n_out:])


# the node recorded for a call: its inputs are the arguments and the handles of the variables read,
# its outputs the function's results; the per-call state (grad_fn ...) travels in its attributes
_CUSTOM = Primitive("CustomGradient", _outputs, match=(), multiple_results=True, c_fast=False)
_CUSTOM.defvjp(_custom_vjp)



def _trace_gradient(grad_fn, ys, n_args):
    """``grad_fn`` traced into a subgraph of the graph being traced, with placeholders for the
    upstream gradients; the forward tensors it uses become its captures (the node's inputs, so a
    saved graph keeps its custom gradient). ``(None, [])`` when it cannot be traced: the node
    then calls ``grad_fn`` itself."""
    from ..graph.subgraph import trace_subgraph
    tracer = current_tracer()
    specs = [("upstream_%d" % k, y._ex, y._dims, None) for k, y in enumerate(ys)]
    try:
        sub, result, _ = trace_subgraph(tracer, tracer.graph.unique_name("CustomGradient_grad"),
                                        grad_fn, specs)
    except Exception:  # noqa: BLE001 - a grad_fn that only runs eagerly (Python on values ...)
        return None, []
    flat = _flatten(result, []) if isinstance(result, (list, tuple)) else [result]
    if len(flat) != n_args:
        return None, []
    sub.arg_index = list(range(len(ys) + len(sub.captures)))
    return (sub, tuple(k for k, g in enumerate(flat) if g is None), len(sub.captures)), \
        list(sub.captures)


def _call(f, args, kwargs):
    tracing = current_tracer() is not None
    if not STATE.n and not tracing:  # nothing watches: the function's own value is all there is
        return f(*args, **kwargs)[0]
    stack = _tape.thread_state().stack
    paused = [t for t in stack if t.recording]
    for t in paused:
        t.recording = False
    collector = _Collector()
    _tape.push_tape(collector)
    try:
        result, grad_fn = f(*args, **kwargs)
    finally:
        _tape.pop_tape(collector)
        for t in paused:
            t.recording = True
    arg_handles = {id(a._handle) for a in args if isinstance(a, VariableBase)}
    variables = [v for k, v in collector.variables.items() if k not in arg_handles]
    if variables:
        try:
            params = inspect.signature(grad_fn).parameters
            accepts = "variables" in params or any(
                p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
        except (TypeError, ValueError):
            accepts = True
        if not accepts:
            raise TypeError("@tf.custom_gradient grad_fn must accept keyword argument "
                            "'variables', since function uses variables: %s" % (variables,))
    # the argument tensors (a variable argument is read, so its gradient reaches the variable)
    inputs = [convert_to_tensor(a) if not isinstance(a, Tensor) else a for a in args]
    handles = []
    for v in variables:
        h = v._handle
        handles.append(h)
        for t in paused:  # the outer tapes watch the variables f used, as if they read them
            if id(h) not in t.watched and t.auto_watch and v.trainable:
                t.watched[id(h)] = h
                t.variables.setdefault(id(h), v)
    flat = _flatten(result, [])
    # fresh output tensors (same buffers): their only producer on the tapes is this node
    if tracing:  # a graph node (kept when nothing watches the trace: a tape may watch a call)
        ys = [convert_to_tensor(y) for y in flat]
        graph_grad, captured = _trace_gradient(grad_fn, ys, len(inputs)) if not variables \
            else (None, [])
        outs = _CUSTOM(*(inputs + handles + ys + captured), values=None, n_out=len(flat),
                       grad_fn=None if graph_grad is not None else grad_fn,
                       variables=variables, n_args=len(inputs), graph_grad=graph_grad)
    else:
        outs = _CUSTOM(*(inputs + handles), values=[convert_to_tensor(y)._v for y in flat],
                       grad_fn=grad_fn, variables=variables, n_args=len(inputs))
    return _pack(result, outs)


def custom_gradient(f=None):
    """Decorator: ``f(*args)`` returns ``(y, grad_fn)``; gradients of ``y`` use ``grad_fn``."""
    if f is None:
        return custom_gradient

    @functools.wraps(f)
    def decorated(*args, **kwargs):
        return _call(f, args, kwargs)
    # AutoGraph would convert the wrapped f itself (its source), returning (y, grad_fn)
    decorated.__ag_do_not_convert__ = True
    return decorated
