"""tf.cond, tf.case and tf.switch_case (tf.while_loop: while_loop.py).

Eagerly they are plain Python with TF's argument checks (TF's eager code paths, ported). While a
tf.function is traced they trace their branches (both of a cond, every one of a case) or the loop's
cond and body once, on symbolic values, into subgraphs (subgraph.py), and add one control-flow node
(cf_ops.py) whose generated code runs a Python ``if`` or ``while`` over them.
"""
import numpy as np

from .. import _nest
from .._export import export
from ..engine.primitive import REGISTRY, current_tracer
from ..errors import InvalidArgumentError
from ..tensor import Tensor, VariableBase, convert_to_tensor
from ..tensor_shape import TensorShape
from . import cf_ops, ta_control
from .subgraph import trace_subgraph, link, add_node

__all__ = ["cond", "case", "switch_case"]


def _tracer():
    return current_tracer()


def _tensor(x):
    if isinstance(x, VariableBase):
        return x._read()
    return x if isinstance(x, Tensor) else convert_to_tensor(x)


def _struct_text(x):
    return "type=%s str=%s" % (type(x).__name__, x)


def _structure_error(first, second, detail=None):
    msg = ("The two structures don't have the same nested structure.\n\nFirst structure: %s\n\n"
           "Second structure: %s" % (_struct_text(first), _struct_text(second)))
    if detail:
        msg += "\n\nMore specifically: " + detail
    return ValueError(msg)


def _same_structure(a, b):
    if isinstance(a, dict) and isinstance(b, dict):
        return sorted(a, key=repr) == sorted(b, key=repr) and all(
            _same_structure(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same_structure(x, y) for x, y in zip(a, b))
    return not isinstance(a, (list, tuple, dict)) and not isinstance(b, (list, tuple, dict))


def _assert_same_structure(a, b):
    if not _same_structure(a, b):
        na, nb = len(_nest.flatten(a)), len(_nest.flatten(b))
        detail = None
        if na != nb:
            detail = ("The two structures don't have the same number of elements. First "
                      "structure: %s, second structure: %s." % (_struct_text(a), _struct_text(b)))
        raise _structure_error(a, b, detail)


def _pack(structure, flat):
    return _nest.pack(structure, list(flat))


def _merge_dims(a, b):
    if len(a) != len(b):
        return None
    return tuple(x if x == y else None for x, y in zip(a, b))


# -- cond ----------------------------------------------------------------------------------------
@export("cond")
def cond(pred, true_fn=None, false_fn=None, name=None):
    """``tf.cond``: ``true_fn()`` if ``pred`` else ``false_fn()``."""
    if true_fn is None:
        raise TypeError("cond(): 'true_fn' argument required")
    if false_fn is None:
        raise TypeError("cond(): 'false_fn' argument required")
    if not callable(true_fn):
        raise TypeError("'true_fn' must be callable.")
    if not callable(false_fn):
        raise TypeError("'false_fn' must be callable.")
    tracer = _tracer()
    if tracer is None:
        p = _tensor(pred)
        return true_fn() if p._v else false_fn()
    return _graph_cond(tracer, pred, true_fn, false_fn, name or "cond")


def _check_pred(pred, what="pred", node="cond/switch_pred/_2"):
    if pred.dtype.name != "bool":
        raise InvalidArgumentError(None, None, (
            "Input '%s' passed %s expected bool while building NodeDef '%s' using Op<name=Switch; "
            "signature=data:T, pred:bool -> output_false:T, output_true:T; attr=T:type>") % (
                what, pred.dtype.name, node))
    if pred.shape._dims != ():
        raise InvalidArgumentError(None, None, "The second input must be a scalar, but it has "
                                   "shape [%s]" % ",".join(map(str, pred.shape._dims or ())))


def _graph_branches(tracer, name, fns):
    """Traces each branch: (subgraphs, results, flat outputs)."""
    subs, results, flats = [], [], []
    arrays = {}  # TensorArrays returned: they travel as their buffers
    for k, fn in enumerate(fns):
        sub, result, outs = trace_subgraph(tracer, "%s_branch%d" % (name, k),
                                           ta_control.branch_fn(fn, arrays))
        subs.append(sub)
        results.append(result)
        flats.append(outs)
    results[0] = _Arrays(results[0], arrays) if arrays else results[0]
    return subs, results, flats


class _Arrays:
    """The first branch's result when it returns TensorArrays (``_branch_node`` rewraps them)."""

    def __init__(self, result, arrays):
        self.result, self.arrays = result, arrays


def _branch_node(tracer, prims, name, selector, subs, results, flats, what):
    arrays = {}
    if isinstance(results[0], _Arrays):
        results[0], arrays = results[0].result, results[0].arrays
    first = results[0]
    for other, flat in zip(results[1:], flats[1:]):
        n0, n1 = len(_nest.flatten(first)), len(_nest.flatten(other))
        if n0 != n1:
            raise AssertionError("[%d, %d]" % (n0, n1))
        detail = None
        if not _same_structure(first, other):
            try:
                _assert_same_structure(first, other)
            except ValueError as e:
                detail = str(e)
        else:
            for a, b in zip(flats[0], flat):
                if a.dtype is not b.dtype:
                    detail = "%s and %s have different types" % (a, b)
                    break
        if detail is not None:
            raise TypeError(
                "%s must have the same number, type, and overall structure of return values.\n\n"
                "true_fn output: %s\nfalse_fn output: %s\n\nError details:\n%s" % (
                    what, first, other, detail))
    stateful = any(s.stateful for s in subs)
    node_name = tracer.graph.unique_name(name)
    inputs = [selector] + link([], subs)
    outs0 = flats[0]
    dims = [t._dims for t in outs0]
    ex2 = [t._ex2 for t in outs0]
    for flat in flats[1:]:
        for k, t in enumerate(flat):
            d = _merge_dims(dims[k], t._dims)
            if d != dims[k]:
                ex2[k] = t._ex if t._ex.shape != outs0[k]._ex.shape else t._ex2
            dims[k] = d
    outs = add_node(tracer, prims[stateful], node_name, inputs,
                    {"branches": tuple(subs)}, [t._ex for t in outs0], dims, ex2)
    final = [tracer.add(REGISTRY["Identity"], [o], {}, node_name + "/Identity") for o in outs]
    it = iter(final)
    return ta_control.rewrap(
        _nest.pack(first, [None if v is None else next(it) for v in _nest.flatten(first)]), arrays)


def _graph_cond(tracer, pred, true_fn, false_fn, name):
    if isinstance(pred, bool):
        raise TypeError("pred must not be a Python bool", pred)
    pred = tracer.capture(_tensor(pred), name + "/pred")
    _check_pred(pred)
    subs, results, flats = _graph_branches(tracer, name, [true_fn, false_fn])
    return _branch_node(tracer, (cf_ops.STATELESS_IF, cf_ops.IF), name, pred, subs, results,
                        flats, "true_fn and false_fn arguments to tf.cond")


# -- case / switch_case --------------------------------------------------------------------------
@export("switch_case")
def switch_case(branch_index, branch_fns, default=None, name="switch_case"):
    """``tf.switch_case``: ``branch_fns[branch_index]()``; out of range runs ``default`` (or the
    last branch)."""
    if not isinstance(branch_index, Tensor):
        raise TypeError("'branch_index' must be a Tensor, got {}".format(type(branch_index)))
    if not branch_index.dtype.is_integer:
        raise TypeError("'branch_index' must be an integer Tensor, got {}".format(
            branch_index.dtype))
    if not branch_fns:
        raise ValueError("Must provide at least one item in 'branch_fns'")
    if not isinstance(branch_fns, (list, tuple, dict)):
        raise TypeError("'branch_fns' must be a list, tuple, or dict")
    if isinstance(branch_fns, dict):
        branch_fns = branch_fns.items()
    if all(callable(fn) for fn in branch_fns):
        branch_fns = list(enumerate(branch_fns))
    for pair in branch_fns:
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise TypeError("Each entry in 'branch_fns' must be a 2-tuple. Received %s." % (pair,))
        key, fn = pair
        if not isinstance(key, int):
            raise TypeError("key must be a Python `int`, got {}".format(type(key)))
        if not callable(fn):
            raise TypeError("fn for key {} must be callable.".format(key))
    keys = [p[0] for p in branch_fns]
    if min(keys) < 0 or max(keys) >= len(keys) or len(set(keys)) != len(keys):
        raise ValueError("branch indices (keys) must form contiguous range of [0 to {}) but "
                         "found {{{}}}".format(len(keys), ",".join(map(str, sorted(keys)))))
    actions = [p[1] for p in sorted(branch_fns)]
    if default is not None:
        actions.append(default)
    tracer = _tracer()
    if tracer is None:
        v = branch_index._v
        if v.ndim:
            raise InvalidArgumentError(None, "Select", "'then' must be at least a vector, but saw "
                                       "shape: [] [Op:Select] name: ")
        i = int(v)
        return actions[i if 0 <= i < len(actions) else len(actions) - 1]()
    index = tracer.capture(branch_index, name + "/branch_index")
    subs, results, flats = _graph_branches(tracer, name, actions)
    return _branch_node(tracer, (cf_ops.STATELESS_CASE, cf_ops.CASE),
                        (name or "switch_case") + "/indexed_case", index, subs, results, flats,
                        "branch_fns arguments to tf.switch_case")


@export("case")
def case(pred_fn_pairs, default=None, exclusive=False, strict=False, name="case"):
    """``tf.case``: the first pair whose predicate is true runs (nested tf.conds, as TF builds
    it); without ``default`` the last pair's function runs when no predicate holds (eagerly,
    TF's assertion fails when none holds)."""
    if not isinstance(pred_fn_pairs, (list, tuple, dict)):
        raise TypeError("'pred_fn_pairs' must be a list, tuple, or dict. Received: %s" %
                        type(pred_fn_pairs))
    if isinstance(pred_fn_pairs, dict):
        if _tracer() is None and not exclusive:
            raise ValueError("Unordered dictionaries are not supported for the 'pred_fn_pairs' "
                             "argument when `exclusive=False` and eager mode is enabled.")
        pred_fn_pairs = list(pred_fn_pairs.items())
    for pair in pred_fn_pairs:
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise TypeError("Each entry in 'pred_fn_pairs' must be a 2-tuple. Received %s." % (
                pair,))
        pred, fn = pair
        if isinstance(pred, Tensor):
            if pred.dtype.name != "bool":
                raise TypeError("pred must be Tensor of type bool: %s" % pred.name)
        else:
            raise TypeError("pred must be a Tensor, got: %s" % pred)
        if not callable(fn):
            raise TypeError("fn for pred %s must be callable." % pred.name)
    predicates = [p for p, _ in pred_fn_pairs]
    actions = [f for _, f in pred_fn_pairs]
    if default is None:
        k = len(predicates) - 1
        last, action = predicates[k], actions[k]

        def default():
            if _tracer() is None and not last._v:
                raise InvalidArgumentError(None, "Assert", (
                    "Expected '%r' to be true. Summarized data: b'Input error: None of conditions "
                    "evaluated as True:'\n%s" % (last, " ".join(
                        str(bool(p._v)) for p in predicates))))
            return action()
        predicates, actions = predicates[:k], actions[:k]
    fn = default
    for pred, action in reversed(list(zip(predicates, actions))):
        fn = _partial_cond(pred, action, fn, strict, name)
    return fn()


def _partial_cond(pred, true_fn, false_fn, strict, name):
    def run():
        out = cond(pred, true_fn, false_fn, name=name + "/cond" if _tracer() else None)
        if not strict and isinstance(out, (list, tuple)) and len(out) == 1:
            return out[0]
        return out
    return run

