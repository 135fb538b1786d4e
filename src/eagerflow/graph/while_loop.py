"""tf.while_loop: eagerly TF's Python loop (its eager code path, ported with its checks); while a
tf.function is traced, the cond and the body traced once on symbolic loop variables into subgraphs,
joined by one While/StatelessWhile node whose generated code is a Python ``while``."""
import numpy as np

from .. import _nest
from .._export import export
from ..engine.primitive import current_tracer
from ..errors import InvalidArgumentError
from ..tensor import Tensor, VariableBase, convert_to_tensor
from ..tensor_shape import TensorShape
from . import cf_ops, ta_control
from .control_flow import _assert_same_structure, _pack, _tensor
from .spec import TensorSpec
from .subgraph import trace_subgraph, link, add_node

__all__ = ["while_loop"]


def _read_variables(x):
    return _nest.pack(x, [v._read() if isinstance(v, VariableBase) else v
                          for v in _nest.flatten(x)]) if isinstance(x, (list, tuple, dict)) else x


def _spec(v):
    try:
        t = _tensor(v)
    except (TypeError, ValueError):
        return v
    return TensorSpec(t.shape, t.dtype)


def _convert(x):
    return x if isinstance(x, Tensor) or not _is_tensorlike(x) else convert_to_tensor(x)


def _is_tensorlike(x):
    return isinstance(x, (int, float, bool, complex, np.ndarray, np.generic, list, str, bytes))


@export("while_loop")
def while_loop(cond, body, loop_vars, shape_invariants=None, parallel_iterations=10,
               back_prop=True, swap_memory=False, maximum_iterations=None, name=None):
    """``tf.while_loop``: repeats ``loop_vars = body(*loop_vars)`` while ``cond(*loop_vars)``."""
    if not callable(cond):
        raise TypeError("'cond' must be callable.")
    if not callable(body):
        raise TypeError("'body' must be callable.")
    if parallel_iterations < 1:
        raise TypeError("'parallel_iterations' must be a positive integer.")
    loop_vars = _read_variables(loop_vars)
    tracer = current_tracer()
    if tracer is not None:
        return _graph_while(tracer, cond, body, loop_vars, shape_invariants, maximum_iterations,
                            name or "while")
    if not loop_vars:
        raise ValueError("'loop_vars' must be provided.")
    len(loop_vars)
    if maximum_iterations is not None:
        m = convert_to_tensor(maximum_iterations)
        if m.shape.ndims != 0:
            raise ValueError("'maximum_iterations' must be a scalar. Received shape: %s" % m.shape)
        m = int(m._v)
        orig_cond, orig_body = cond, body
        loop_vars = (0, loop_vars)

        def cond(i, lv):
            c = orig_cond(*lv)
            return i < m and bool(_tensor(c)._v)

        def body(i, lv):
            return (i + 1, orig_body(*lv))
    structure = _nest.pack(list(loop_vars), [_spec(v) for v in _nest.flatten(list(loop_vars))])
    while _truth(cond(*loop_vars)):
        loop_vars = body(*loop_vars)
        _assert_same_structure(structure, list(loop_vars))
    if isinstance(loop_vars, (list, tuple, dict)):
        loop_vars = _nest.pack(loop_vars, [_convert(v) for v in _nest.flatten(loop_vars)])
    if maximum_iterations is not None:
        return loop_vars[1]
    return loop_vars


def _truth(c):
    return bool(c._v) if isinstance(c, Tensor) else bool(c)


def _placeholder_spec(t, dims):
    ex = t._ex
    ex2 = t._ex2 if tuple(t._dims) == tuple(dims) else None
    if ex2 is None and None in dims:
        shape2 = [ex.shape[k] + 1 if d is None else d for k, d in enumerate(dims)]
        ex2 = np.ones(shape2, ex.dtype) if ex.dtype != object else np.full(shape2, b"", object)
    return ("Placeholder", ex, tuple(dims), ex2)


def _capture_spec(tracer, v, name):
    t = tracer.capture(_tensor(v), name + "/input")
    return _placeholder_spec(t, t._dims)


def _graph_while(tracer, cond, body, loop_vars, shape_invariants, maximum_iterations, name):
    len(loop_vars)  # TF's TypeError for a tensor given as the loop variables
    hook = ta_control.loop_vars(tracer, loop_vars, cond, body, shape_invariants, trace_subgraph,
                                lambda v: _capture_spec(tracer, v, name))
    if hook is not None:  # TensorArrays travel through the loop as their buffer tensors
        lv, cond2, body2, inv, results = hook
        return results(_graph_while(tracer, cond2, body2, lv, inv, maximum_iterations, name))
    node_name = tracer.graph.unique_name(name)
    flat = _nest.flatten(loop_vars)
    tensors = [tracer.capture(_tensor(v), node_name + "/input") for v in flat]
    if shape_invariants is not None:
        inv = [TensorShape(s)._dims for s in _flatten_shapes(shape_invariants)]
        for t, d in zip(tensors, inv):
            if d is not None and not TensorShape(d).is_compatible_with(t.shape):
                raise ValueError(
                    "The shape invariant specified for %s is not compatible with the initial shape "
                    "of the loop variable. It enters the loop with shape %s, but the specified "
                    "shape invariant is %s." % (t.name, t.shape, TensorShape(d)))
        inv = [t._dims if d is None else d for t, d in zip(tensors, inv)]
    else:
        inv = [t._dims for t in tensors]
    specs = [_placeholder_spec(t, d) for t, d in zip(tensors, inv)]

    def cond_fn(*args):
        return cond(*_pack(loop_vars, args))

    def body_fn(*args):
        out = body(*_pack(loop_vars, args))
        if not isinstance(out, (list, tuple, dict)):
            out = [out]
        _assert_same_structure(out, loop_vars)
        return out

    # the condition reads variables afresh each iteration (the body may write them; a predicate
    # carries no gradient, so nothing is lost by not hoisting its reads)
    c_sub, _, c_outs = trace_subgraph(tracer, node_name + "_cond", cond_fn, specs, repeated=True,
                                      hoist=False)
    pred = c_outs[0]
    if pred.dtype.name != "bool":
        raise InvalidArgumentError(None, None, (
            "Input 'input' passed %s expected bool while building NodeDef '%s/LoopCond' using "
            "Op<name=LoopCond; signature=input:bool -> output:bool>") % (pred.dtype.name, name))
    if pred._dims != ():
        raise InvalidArgumentError(None, None, "The second input must be a scalar, but it has "
                                   "shape [%s]" % ",".join(map(str, pred._dims)))
    b_sub, _, b_outs = trace_subgraph(tracer, node_name + "_body", body_fn, specs, repeated=True)
    for t, o, d in zip(tensors, b_outs, inv):
        if o.dtype is not t.dtype:
            raise TypeError("Loop var %s enters the loop with type <dtype: '%s'> but has type "
                            "<dtype: '%s'> after 1 iteration. %s type should remain constant." % (
                                t.name, t.dtype.name, o.dtype.name, t.name))
        if len(o._dims) != len(d) or any(a is not None and a != b for a, b in zip(d, o._dims)):
            raise ValueError(
                "Input tensor `%s` enters the loop with shape %s, but has shape %s after one "
                "iteration. To allow the shape to vary across iterations, use the "
                "`shape_invariants` argument of tf.while_loop to specify a less-specific shape."
                % (t.name, t.shape, TensorShape(o._dims)))
    if maximum_iterations is None:
        maxit = tracer.const(np.asarray(-1, np.int32), node_name + "/maximum_iterations")
    else:
        maxit = tracer.capture(_tensor(maximum_iterations), node_name + "/maximum_iterations")
        if maxit._dims != ():
            raise ValueError("'maximum_iterations' must be a scalar. Received shape: %s" %
                             maxit.shape)
    counter = tracer.const(np.asarray(0, maxit._ex.dtype), node_name + "/loop_counter")
    inputs = [counter, maxit] + link(tensors, [c_sub, b_sub])
    prim = cf_ops.WHILE if c_sub.stateful or b_sub.stateful else cf_ops.STATELESS_WHILE
    outs = add_node(tracer, prim, node_name, inputs,
                    {"cond": c_sub, "body": b_sub, "n": len(tensors)},
                    [counter._ex, maxit._ex] + [s[1] for s in specs],
                    [(), ()] + [s[2] for s in specs], [None, None] + [s[3] for s in specs])
    return _pack(loop_vars, outs[2:])


def _flatten_shapes(x):
    if isinstance(x, TensorShape) or x is None:
        return [x]
    if isinstance(x, dict):
        return _nest.flatten({k: _flatten_shapes(v) for k, v in x.items()})
    if isinstance(x, (list, tuple)) and x and all(isinstance(d, (int, type(None))) for d in x):
        return [TensorShape(x)]
    if isinstance(x, (list, tuple)):
        return [s for v in x for s in _flatten_shapes(v)]
    return [x]
