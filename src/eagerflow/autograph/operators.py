"""The run-time half of AutoGraph: what converted code calls instead of Python's statements.

Each operator looks at its condition (or iterable) when the code runs: a tensor of a graph being
traced makes graph control flow (``tf.cond`` / ``tf.while_loop``), anything else runs the
statement as plain Python, so Python conditions are decided once, at trace time. The state of a
statement (the variables it may change) travels through ``get_state``/``set_state`` closures that
the converter writes next to it.
"""
from .._export import NAMESPACES
from ..tensor import Tensor, VariableBase, convert_to_tensor
from ..engine.primitive import current_tracer
from ..graph.symbolic import SymbolicTensor
from . import calls, loops

__all__ = ["Undefined", "UndefinedReturnValue", "retval", "if_stmt", "if_exp", "and_", "or_",
           "not_", "while_stmt", "for_stmt", "ld"]


def _op(name):
    return NAMESPACES[""][name]


class Undefined:
    """The value of a variable not yet defined where a converted statement starts."""

    __slots__ = ("symbol_name",)

    def __init__(self, symbol_name):
        self.symbol_name = symbol_name

    def __repr__(self):
        return self.symbol_name

    def __getattribute__(self, name):
        if name in ("symbol_name", "__class__", "__repr__", "__slots__"):
            return object.__getattribute__(self, name)
        return self

    def __getitem__(self, i):
        return self


class UndefinedReturnValue:
    """``retval_`` before a return statement ran."""


def retval(value):
    return None if isinstance(value, UndefinedReturnValue) else value


def ld(value):
    return value


def is_graph_tensor(x):
    """Whether x decides control flow in the graph being traced (a symbolic tensor)."""
    if isinstance(x, VariableBase):
        return current_tracer() is not None
    return isinstance(x, SymbolicTensor)


def _read(x):
    return x._read() if isinstance(x, VariableBase) else x


# -- if ------------------------------------------------------------------------------------------
def if_stmt(cond, body, orelse, get_state, set_state, symbol_names, nouts):
    """``if cond: body() else: orelse()``; a graph tensor makes a tf.cond whose outputs are the
    first ``nouts`` state variables."""
    if not is_graph_tensor(cond):
        if _truth(cond):
            body()
        else:
            orelse()
        return
    init = get_state()
    first = []

    def branch(fn, which):
        def run():
            set_state(init)
            fn()
            out = list(get_state()[:nouts])
            if which == "main":
                first.append(out)
            else:
                _check_branches(first[0], out, symbol_names)
            return tuple(_undefined_to_none(v) for v in out)
        return run

    outs = _op("cond")(_read(cond), branch(body, "main"), branch(orelse, "else"))
    outs = [] if outs is None else list(outs)
    restored = [o if o is not None or f is None else f for o, f in zip(outs, first[0])]
    set_state(tuple(restored) + tuple(init[nouts:]))


def _undefined_to_none(v):
    return None if isinstance(v, (Undefined, UndefinedReturnValue)) else v


def _dtype_of(v):
    if isinstance(v, VariableBase):
        return v.dtype
    if isinstance(v, Tensor):
        return v.dtype
    if isinstance(v, (bool, int, float, complex, str, bytes)):
        try:
            return convert_to_tensor(v).dtype
        except (TypeError, ValueError):
            return None
    return None


def _check_branches(main, other, names):
    for name, a, b in zip(names, main, other):
        for this, that, where in ((a, b, "else"), (b, a, "main")):
            if isinstance(this, Undefined) is False and isinstance(that, Undefined):
                raise ValueError("'%s' must also be initialized in the %s branch" % (name, where))
            if not isinstance(this, UndefinedReturnValue) and \
                    isinstance(that, UndefinedReturnValue):
                raise ValueError("the %s branch must also have a return statement." % where)
        if isinstance(a, (Undefined, UndefinedReturnValue)) or \
                isinstance(b, (Undefined, UndefinedReturnValue)):
            continue
        loops.check_same_structure(name, a, b, "in the main and else branches")
        for x, y in zip(loops.flatten(a), loops.flatten(b)):
            dx, dy = _dtype_of(x), _dtype_of(y)
            if dx is not None and dy is not None and dx != dy:
                raise TypeError("'%s' has dtype %s in the main branch, but dtype %s in the else "
                                "branch" % (name, dx.name, dy.name))


def if_exp(cond, if_true, if_false, expr_repr=None):
    """``if_true() if cond else if_false()``."""
    if is_graph_tensor(cond):
        return _op("cond")(_read(cond), if_true, if_false)
    return if_true() if _truth(cond) else if_false()


# -- and / or / not ------------------------------------------------------------------------------
def and_(a, b):
    """Lazy ``a() and b()``: a tensor first operand makes tf.cond(a, b, lambda: a)."""
    a_val = a()
    if is_graph_tensor(a_val):
        a_val = _read(a_val)
        return _op("cond")(a_val, b, lambda: a_val)
    return a_val and b()


def or_(a, b):
    """Lazy ``a() or b()``: a tensor first operand makes tf.cond(a, lambda: a, b)."""
    a_val = a()
    if is_graph_tensor(a_val):
        a_val = _read(a_val)
        return _op("cond")(a_val, lambda: a_val, b)
    return a_val or b()


def not_(a):
    """``not a``; tf.logical_not for a tensor."""
    if isinstance(a, (Tensor, VariableBase)):
        return _op("logical_not")(_read(a))
    return not a


# -- loops ---------------------------------------------------------------------------------------
def while_stmt(test, body, get_state, set_state, symbol_names, opts):
    """``while test(): body()``; a graph-tensor test makes a tf.while_loop."""
    cond = test()
    if not is_graph_tensor(cond):
        while _truth(cond):
            body()
            cond = test()
            if is_graph_tensor(cond):
                raise loops.python_became_tensor()
        return
    loops.tf_while(test, body, get_state, set_state, symbol_names, opts)


def for_stmt(iter_, extra_test, body, get_state, set_state, symbol_names, opts):
    """``for x in iter_: body(x)`` (stopping early when ``extra_test()`` turns false); a graph
    tensor is iterated along its first dimension in a tf.while_loop."""
    hit = calls.RANGES.get(id(iter_))
    if hit is not None and hit[0] is iter_ and current_tracer() is not None:
        loops.tf_range_for(iter_.dtype, hit[1:], extra_test, body, get_state, set_state,
                           symbol_names, opts)
        return
    if is_graph_tensor(iter_):
        loops.tf_for(_read(iter_), extra_test, body, get_state, set_state, symbol_names, opts)
        return
    if type(iter_).__name__ == "TensorArray" and current_tracer() is not None:
        loops.tf_for(iter_.stack(), extra_test, body, get_state, set_state, symbol_names, opts)
        return
    for item in iter_:
        if extra_test is not None:
            keep = extra_test()
            if is_graph_tensor(keep):
                raise NotImplementedError(
                    "break and return statements which depend on a TF condition are not "
                    "supported in Python for loops. Did you intend to make it a TF loop?\nSee "
                    "https://github.com/tensorflow/tensorflow/blob/master/tensorflow/python/"
                    "autograph/g3doc/reference/limitations.md#consistency-of-control-flow-types "
                    "for more info.")
            if not _truth(keep):
                break
        body(item)


def _truth(c):
    c = _read(c)
    if isinstance(c, Tensor) and not isinstance(c, SymbolicTensor):
        return bool(c._v)
    return bool(c)  # a graph tensor raises TF's OperatorNotAllowedInGraphError
