"""Graph loops for converted code: a ``while`` or ``for`` whose test (or iterable) is a tensor
of the graph being traced becomes one tf.while_loop over the statement's state variables.

Before the loop, variables first defined inside it (``Undefined`` or None) get a stand-in of the
type the body gives them, found by tracing the body once on the side, as TF does; after one traced
iteration every variable must keep its structure, dtype and shape (TF's messages), unless
``tf.autograph.experimental.set_loop_options(shape_invariants=...)`` relaxed the shape.
"""
from .. import _nest
from .._export import NAMESPACES
from ..engine.primitive import current_tracer
from ..tensor import Tensor, VariableBase, convert_to_tensor
from ..tensor_shape import TensorShape

__all__ = ["tf_while", "tf_for", "check_same_structure", "flatten", "python_became_tensor"]

_SEE = ("See https://github.com/tensorflow/tensorflow/blob/master/tensorflow/python/autograph/"
        "g3doc/reference/limitations.md#consistency-of-control-flow-types for more info.")


def _op(name):
    return NAMESPACES[""][name]


def flatten(x):
    return _nest.flatten(x) if isinstance(x, (list, tuple, dict)) else [x]


def python_became_tensor():
    return NotImplementedError(
        "The condition of while loop started as non-Tensor, then changed to Tensor. This may "
        "happen either because variables changed type, or when a break or return statement "
        "inside the loop depends on a Tensor condition. In both cases, changing to a TF loop "
        "should remove the error.\n" + _SEE)


def _structure_text(x):
    return "type=%s str=%s" % (type(x).__name__, x)


def _same_structure(a, b):
    if isinstance(a, dict) and isinstance(b, dict):
        return sorted(a, key=repr) == sorted(b, key=repr) and all(
            _same_structure(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(
            _same_structure(x, y) for x, y in zip(a, b))
    return not isinstance(a, (list, tuple, dict)) and not isinstance(b, (list, tuple, dict))


def check_same_structure(name, a, b, where):
    if not _same_structure(a, b):
        raise TypeError(
            "'%s' must have the same nested structure %s:\n\nThe two structures don't have the "
            "same nested structure.\n\nFirst structure: %s\n\nSecond structure: %s" % (
                name, where, _structure_text(a), _structure_text(b)))


def _tensor(v):
    if isinstance(v, VariableBase):
        return v._read()
    if isinstance(v, (bool, int, float, complex, str, bytes)) or hasattr(v, "__array__") and \
            not isinstance(v, Tensor):
        return convert_to_tensor(v)
    return v


def _is_null(v):
    from .operators import Undefined
    return v is None or isinstance(v, Undefined)


def _check_init(init, names):
    from .operators import UndefinedReturnValue
    for name, v in zip(names, init):
        if isinstance(v, UndefinedReturnValue):
            raise NotImplementedError(
                "a return statement cannot be placed inside this TensorFlow loop; this may happen "
                "if a return statement depends on a static Python condition such as a "
                "hyperparameter")


def _define_nulls(init, names, run_body):
    """Stand-ins for the variables first defined in the loop: the body traced once on the side
    tells their dtype and shape."""
    nulls = [k for k, v in enumerate(init) if _is_null(v)]
    if not nulls:
        return init
    seen = []
    note = None
    try:
        from ..graph.subgraph import trace_subgraph
        trace_subgraph(current_tracer(), "loop_body_staging",
                       lambda: seen.append(list(run_body())))
    except (UnboundLocalError, TypeError, ValueError, KeyError) as e:
        note = "Note: AutoGraph tried to define it automatically, but ran into a %s: %s" % (
            type(e).__name__, e)
    init = list(init)
    for k in nulls:
        first = seen[0][k] if seen else None
        if first is None or _is_null(first):
            if init[k] is None:
                raise ValueError("'%s' is not allowed to be None before the loop" % names[k])
            msg = "'%s' must be defined before the loop" % names[k]
            raise ValueError(msg + ("\n" + note if note else ""))
        t = _tensor(first)
        if not isinstance(t, Tensor) or not t.shape.is_fully_defined():
            raise ValueError("'%s' must be defined before the loop" % names[k])
        init[k] = _op("zeros")(t.shape.as_list(), t.dtype)
    return init


def _invariants(opts, init):
    """shape_invariants from set_loop_options, matched to the state variables by identity."""
    pairs = opts.get("shape_invariants") or ()
    out = [None] * len(init)
    for var, shape in pairs:
        for k, v in enumerate(init):
            if v is var:
                out[k] = TensorShape(shape)
    return out


def _subshape(new, inv):
    if inv.ndims is None:
        return True
    if new.ndims != inv.ndims:
        return False
    return all(b is None or a == b for a, b in zip(new.as_list(), inv.as_list()))


def _verify(names, entry, exit_, invariants):
    for name, a, b, inv in zip(names, entry, exit_, invariants):
        if b is None:
            raise ValueError("'%s' is None at the end of the iteration." % name)
        if not _same_structure(a, b):
            raise TypeError(
                "'%s' does not have the same nested structure after one iteration.\n\nThe two "
                "structures don't have the same nested structure.\n\nFirst structure: %s\n\n"
                "Second structure: %s" % (name, _structure_text(a), _structure_text(b)))
        for x, y in zip(flatten(a), flatten(b)):
            x, y = _tensor(x), _tensor(y)
            if not isinstance(x, Tensor) or not isinstance(y, Tensor):
                continue
            if x.dtype != y.dtype:
                raise TypeError("'%s' has dtype %s before the loop, but dtype %s after one "
                                "iteration" % (name, x.dtype.name, y.dtype.name))
            if not _subshape(y.shape, inv if inv is not None else x.shape):
                raise ValueError(
                    "'%s' has shape %s before the loop, but shape %s after one iteration. Use "
                    "tf.autograph.experimental.set_loop_options to set shape invariants." % (
                        name, x.shape, y.shape))


def _shape_invariants(init, invariants):
    if all(i is None for i in invariants):
        return None
    return [inv if inv is not None else _nest.pack(v, [_tensor(x).shape for x in flatten(v)])
            if isinstance(v, (list, tuple, dict)) else (inv or _tensor(v).shape)
            for v, inv in zip(init, invariants)]


def _convert_init(init):
    return [_nest.pack(v, [_tensor(x) for x in flatten(v)]) if isinstance(v, (list, tuple, dict))
            else _tensor(v) for v in init]


def tf_while(test, body, get_state, set_state, names, opts):
    """A tf.while_loop for ``while test(): body()`` over the state variables."""
    init = list(get_state())
    _check_init(init, names)

    def staged():
        body()
        return get_state()
    init = _convert_init(_define_nulls(init, names, staged))
    set_state(init)
    invariants = _invariants(opts, init)
    dummy = not init  # tf.while_loop wants at least one loop variable

    def cond_fn(*args):
        set_state(args[dummy:])
        return _tensor(test())

    def body_fn(*args):
        set_state(args[dummy:])
        body()
        out = list(get_state())
        _verify(names, args[dummy:], out, invariants)
        return ([args[0]] if dummy else []) + _convert_init(out)

    start = ([convert_to_tensor(0)] if dummy else []) + init
    inv = _shape_invariants(init, invariants)
    final = _op("while_loop")(cond_fn, body_fn, start, shape_invariants=None if inv is None else (
        [TensorShape([])] if dummy else []) + inv,
        maximum_iterations=opts.get("maximum_iterations"))
    set_state(list(final)[dummy:])


def tf_for(iter_, extra_test, body, get_state, set_state, names, opts):
    """A tf.while_loop over the first dimension of the tensor ``iter_``."""
    if iter_.shape.ndims == 0:
        raise TypeError("Cannot iterate over a scalar tensor.")
    n = iter_.shape.as_list()[0]
    if n is None:
        n = _op("shape")(iter_)[0]
    _counted_loop(convert_to_tensor(0), lambda i: i < n, lambda i: iter_[i], lambda i: i + 1,
                  extra_test, body, get_state, set_state, names, opts)


def tf_range_for(dtype, args, extra_test, body, get_state, set_state, names, opts):
    """A tf.while_loop over ``tf.range(start, limit, delta)`` that steps through the values
    (the range tensor itself is never built)."""
    start, limit, delta = (_op("cast")(a, dtype) if isinstance(a, (Tensor, VariableBase)) else
                           convert_to_tensor(a, dtype=dtype) for a in args)
    static = delta._static_value() if hasattr(delta, "_static_value") else delta._v
    if static is not None:
        more = (lambda i: i < limit) if static > 0 else (lambda i: i > limit)
    else:
        def more(i):
            up = _op("logical_and")(delta > 0, i < limit)
            return _op("logical_or")(up, _op("logical_and")(delta < 0, i > limit))
    _counted_loop(start, more, lambda i: i, lambda i: i + delta, extra_test, body, get_state,
                  set_state, names, opts)


def _counted_loop(first, more, item, step, extra_test, body, get_state, set_state, names, opts):
    init = list(get_state())
    _check_init(init, names)

    def staged():
        body(item(first))
        return get_state()
    init = _convert_init(_define_nulls(init, names, staged))
    set_state(init)
    invariants = _invariants(opts, init)

    def cond_fn(i, *args):
        set_state(args)
        go = more(i)
        if extra_test is not None:
            keep = _tensor(extra_test())
            if isinstance(keep, Tensor):
                go = _op("logical_and")(go, keep)
            elif not keep:
                go = _op("logical_and")(go, False)
        return go

    def body_fn(i, *args):
        set_state(args)
        body(item(i))
        out = list(get_state())
        _verify(names, args, out, invariants)
        return [step(i)] + _convert_init(out)

    inv = _shape_invariants(init, invariants)
    final = _op("while_loop")(cond_fn, body_fn, [first] + init,
                              shape_invariants=None if inv is None else [TensorShape([])] + inv,
                              maximum_iterations=opts.get("maximum_iterations"))
    set_state(list(final)[1:])
