"""TensorArrays through control flow in a graph: a tf.while_loop loop variable travels as its buffer
tensor (when nothing fixes its element shape before the loop, the body is traced once on the side
to learn the shape of what it writes); a tf.cond/tf.switch_case branch that returns one returns its
buffer, and the node's output becomes an array again.
"""
from .. import _nest
from ..tensor import convert_to_tensor
from ..tensor_shape import TensorShape
from .tensor_array import TensorArray

__all__ = ["loop_vars", "branch_fn", "rewrap"]


# -- tf.while_loop -----------------------------------------------------------------------------
def loop_vars(tracer, loop_vars, cond, body, shape_invariants, trace_subgraph, spec):
    """For a graph tf.while_loop whose loop variables hold TensorArrays: (loop variables with each
    array replaced by its buffer, cond, body working on arrays again, shape invariants (None, or
    flat TensorShapes), a function turning the loop's results back into arrays); None when no
    loop variable is a TensorArray."""
    flat = _nest.flatten(loop_vars)
    if not any(isinstance(v, TensorArray) for v in flat):
        return None
    if any(isinstance(v, TensorArray) for v in _nest.flatten(shape_invariants)):
        raise ValueError("shape_invariants of a TensorArray loop variable are not supported")
    templates = [v if isinstance(v, TensorArray) else None for v in flat]
    if any(t is not None and t._buf is None and not t._element_shape.is_fully_defined()
           for t in templates):
        _discover(tracer, loop_vars, templates, body, trace_subgraph, spec)
    bufs = [t._ensure_buffer() if t is not None else v for t, v in zip(templates, flat)]

    def rewrap(args):
        return _nest.pack(loop_vars, [t._new(a) if t is not None else a
                                      for t, a in zip(templates, _nest.flatten(list(args)))])

    def unwrap(out):
        if not isinstance(out, (list, tuple, dict)):
            out = [out]
        leaves = _nest.flatten(out)
        return _nest.pack(out, [v._ensure_buffer() if isinstance(v, TensorArray) else v
                                for v in leaves])

    def new_cond(*args):
        return cond(*_as_args(rewrap(args)))

    def new_body(*args):
        return unwrap(body(*_as_args(rewrap(args))))

    inv = shape_invariants
    if any(t is not None and t._dynamic_size for t in templates):
        if shape_invariants is None:
            inv = [None] * len(flat)
        else:
            from .while_loop import _flatten_shapes
            inv = list(_flatten_shapes(shape_invariants))
        inv = [TensorShape([None] + list(b.shape._dims[1:])) if t is not None and
               t._dynamic_size else (TensorShape(convert_to_tensor(b).shape) if s is None else s)
               for t, b, s in zip(templates, bufs, inv)]

    def results(outs):
        return _nest.pack(loop_vars, [t._new(o) if t is not None else o
                                      for t, o in zip(templates, _nest.flatten(list(outs)))])
    return _nest.pack(loop_vars, bufs), new_cond, new_body, inv, results


def _as_args(x):
    return x


def _discover(tracer, loop_vars, templates, body, trace_subgraph, spec):
    """Traces the body once into a discarded graph to learn the element shapes it writes."""
    flat = _nest.flatten(loop_vars)
    plain = [v for t, v in zip(templates, flat) if t is None]
    specs = [spec(v) for v in plain]
    found = {}

    def fn(*args):
        it = iter(args)
        fresh = [t._new(None) if t is not None else next(it) for t in templates]
        out = body(*_nest.pack(loop_vars, fresh))
        if not isinstance(out, (list, tuple, dict)):
            out = [out]
        for k, (t, o) in enumerate(zip(templates, _nest.flatten(out))):
            if t is not None and isinstance(o, TensorArray):
                found[k] = o._element_shape
        return []
    trace_subgraph(tracer, tracer.graph.unique_name("while_shapes"), fn, specs)
    for k, t in enumerate(templates):
        if t is not None and t._buf is None and k in found:
            t._element_shape = t._element_shape.merge_with(found[k])


# -- tf.cond / tf.switch_case branches ---------------------------------------------------------
def branch_fn(fn, found):
    """``fn`` whose TensorArray results are replaced by their buffers; ``found`` collects
    {flat position: the first branch's array} to rebuild arrays from the node's outputs."""
    def run():
        out = fn()
        leaves = _nest.flatten(out)
        if not any(isinstance(v, TensorArray) for v in leaves):
            return out
        for k, v in enumerate(leaves):
            if isinstance(v, TensorArray):
                if not v._graph:
                    raise NotImplementedError("eagerflow: a tf.cond branch returns a TensorArray "
                                              "made outside the tf.function")
                found.setdefault(k, v)
        return _nest.pack(out, [v._ensure_buffer() if isinstance(v, TensorArray) else v
                                for v in leaves])
    return run


def rewrap(result, found):
    """The node's results with the arrays' positions holding TensorArrays again."""
    if not found:
        return result
    leaves = _nest.flatten(result)
    return _nest.pack(result, [found[k]._new(v) if k in found else v
                               for k, v in enumerate(leaves)])
