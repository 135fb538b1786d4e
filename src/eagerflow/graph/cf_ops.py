"""The control-flow nodes of a graph: If/StatelessIf, Case/StatelessCase, While/StatelessWhile (TF's
op types), each a Primitive whose attributes hold its traced subgraphs.

Each runs three ways: ``fwd`` on ndarrays (constant folding, a graph inlined into another), ``emit``:
the Python the code generator writes for it (a real ``if``/``elif`` or ``while`` over the
subgraphs' generated functions, so the loop count depends on the data), and ``run_tensors``: the
branch or loop run op by op through the primitives, so a tape outside the tf.function records each
op of each iteration. A tape inside the traced function records the node itself; its gradient is a
``ControlFlowGrad`` node that, when the graph runs, runs the branch or loop again through the
primitives under a tape of its own (the per-iteration values are that tape's record). That node is
differentiable the same way (its gradient is a ControlFlowGrad of it), so nested tapes give second
and higher derivatives.
"""
import numpy as np

from ..engine.primitive import Primitive, REGISTRY, STATE, current_tracer
from ..engine.primitive import DIFFERENTIABLE
from ..tensor import convert_to_tensor, wrap
from .subgraph import add_node

__all__ = ["IF", "STATELESS_IF", "CASE", "STATELESS_CASE", "WHILE", "STATELESS_WHILE",
           "CONTROL_FLOW_GRAD"]


def _keep(prim, arrays, attrs):  # errors of a branch are already TF's: keep them
    return None


def _prim(name, fwd, stateful, differentiable=True):
    p = Primitive(name, fwd, multiple_results=True, c_fast=False, stateful=stateful,
                  on_error=_keep, differentiable=differentiable)
    # not an array op: tests/graph/test_control_flow.py exercises it, not the op table
    REGISTRY.pop(name, None)
    return p


# -- cond / case ---------------------------------------------------------------------------------
def _branch_index(index, n):
    i = int(index)
    return i if 0 <= i < n else n - 1


def _if_fwd(pred, *args, branches):
    return branches[0 if pred else 1].call(args)


def _case_fwd(index, *args, branches):
    return branches[_branch_index(index, len(branches))].call(args)


def _if_run(args, attrs):
    return attrs["branches"][0 if args[0]._v else 1].run_tensors(args[1:])


def _case_run(args, attrs):
    branches = attrs["branches"]
    return branches[_branch_index(args[0]._v, len(branches))].run_tensors(args[1:])


def _lhs(outs):
    return ", ".join(outs) + ("," if len(outs) == 1 else "") if outs else "_"


def _if_emit(node, ins, outs, const):
    """if pred: outs = then(args) / else: outs = else(args)."""
    then, other = node.attrs["branches"]
    args = "(%s)" % "".join(a + ", " for a in ins[1:])
    return "\n".join([
        "if %s:" % ins[0],
        "    %s = %s(%s)" % (_lhs(outs), const(then.call, "then"), args),
        "else:",
        "    %s = %s(%s)" % (_lhs(outs), const(other.call, "else"), args)])


def _case_emit(node, ins, outs, const):
    """if index == 0: ... elif index == 1: ... else: (the last branch, also out of range)."""
    branches = node.attrs["branches"]
    args = "(%s)" % "".join(a + ", " for a in ins[1:])
    lines = []
    for k, b in enumerate(branches):
        if k == len(branches) - 1:
            lines.append("else:" if k else "if True:")
        else:
            lines.append("%s %s == %d:" % ("elif" if k else "if", ins[0], k))
        lines.append("    %s = %s(%s)" % (_lhs(outs), const(b.call, "branch%d" % k), args))
    return "\n".join(lines)


# -- while ---------------------------------------------------------------------------------------
def _while_fwd(counter, maxit, *args, cond, body, n):
    vs, caps = list(args[:n]), list(args[n:])
    i, m = int(counter), int(maxit)
    while (m < 0 or i < m) and cond.call(vs + caps)[0]:
        vs = body.call(vs + caps)
        i += 1
    return [np.asarray(i, counter.dtype), maxit] + vs


def _while_run(args, attrs):
    cond, body, n = attrs["cond"], attrs["body"], attrs["n"]
    vs, caps = list(args[2:2 + n]), list(args[2 + n:])
    if STATE.n and vs + caps:
        # the tapes record each iteration's ops; entering through an IdentityN makes the
        # loop's inputs' gradients dense, as TF's While gives them (a gather's IndexedSlices
        # would otherwise come out)
        from ..ops.debugging import identity_n
        entered = identity_n(vs + caps)
        vs, caps = entered[:n], entered[n:]
    i, m = int(args[0]._v), int(args[1]._v)
    while (m < 0 or i < m) and cond.run_tensors(vs + caps)[0]._v:
        vs = body.run_tensors(vs + caps)
        i += 1
    return [wrap(np.asarray(i, args[0]._v.dtype)), args[1]] + vs


def _while_emit(node, ins, outs, const):
    """A Python while over the cond's and the body's generated functions."""
    k = node.index
    cond, body, n = node.attrs["cond"], node.attrs["body"], node.attrs["n"]
    i, m, vs, caps = "_i%d" % k, "_m%d" % k, "_vs%d" % k, "_caps%d" % k
    lines = ["%s, %s = int(%s), int(%s)" % (i, m, ins[0], ins[1]),
             "%s = [%s]; %s = [%s]" % (vs, ", ".join(ins[2:2 + n]), caps, ", ".join(ins[2 + n:])),
             "while (%s < 0 or %s < %s) and %s(%s + %s)[0]:" % (m, i, m, const(cond.call, "cond"),
                                                              vs, caps),
             "    %s = %s(%s + %s); %s += 1" % (vs, const(body.call, "body"), vs, caps, i)]
    if outs:
        lines.append("%s = [%s(%s, %s), %s] + %s" % (
            _lhs(outs), const(np.asarray, "asarray"), i,
            const(node.outputs[0]._ex.dtype, "dtype"), ins[1], vs))
    return "\n".join(lines)


# -- gradients (a tape inside the traced function) -----------------------------------------------
def _grad_run(args, attrs):
    """The gradients of the node ``op`` (control flow, or a ControlFlowGrad itself) for its inputs
    at positions ``diff``, as tensors: the op runs again through the primitives under a tape of
    its own, and every op of that run and of its backward pass reaches the tapes around it, so a
    tape around this one differentiates the gradient (second and higher orders)."""
    from ..autodiff.gradient_tape import GradientTape
    from ..ops.core import zeros_like_tensor
    from ..ops.misc import identity
    op, n = attrs["op"], attrs["n"]
    ins, gs = list(args[:n]), list(args[n:])
    seen = set()
    for k in attrs["diff"]:  # one tensor at two inputs (a loop variable also captured): the
        if id(ins[k]) in seen:  # tape needs one source per input, linked to the outer tapes
            ins[k] = identity(ins[k])
        seen.add(id(ins[k]))
    with GradientTape() as tape:
        for k in attrs["diff"]:
            tape.watch(ins[k])
        outs = op.run_tensors(ins, attrs["attrs"])
    pairs = [(o, g) for o, g in zip(outs, gs) if o._v.dtype in DIFFERENTIABLE]
    sources = [ins[k] for k in attrs["diff"]]
    grads = tape.gradient([o for o, _ in pairs], sources,
                          output_gradients=[g for _, g in pairs]) if pairs else [None] * len(sources)
    # (a gather's IndexedSlices as the dense tensor: a control-flow node's outputs are tensors)
    return [zeros_like_tensor(s) if g is None else convert_to_tensor(g) for s, g in
            zip(sources, grads)]


def _grad_fwd(*arrays, op, attrs, n, diff):
    """``_grad_run`` on ndarrays (the generated code calls it)."""
    return [t._v for t in _grad_run([wrap(a) for a in arrays],
                                    {"op": op, "attrs": attrs, "n": n, "diff": diff})]


CONTROL_FLOW_GRAD = _prim("ControlFlowGrad", _grad_fwd, False)
CONTROL_FLOW_GRAD.run_tensors = _grad_run


def _vjp(prim):
    def vjp(g, ans, *inputs, **attrs):
        # the predicate/branch index and a loop's counters are integers: never differentiated
        diff = tuple(k for k, t in enumerate(inputs) if t.dtype._np in DIFFERENTIABLE)
        if prim.name.endswith("While"):
            diff = tuple(k for k in diff if k > 1)
        elif prim is not CONTROL_FLOW_GRAD:
            diff = tuple(k for k in diff if k > 0)
        if not diff:
            return [None] * len(inputs)
        params = {"op": prim, "attrs": attrs, "n": len(inputs), "diff": diff}
        tracer = current_tracer()
        if tracer is not None:
            outs = add_node(tracer, CONTROL_FLOW_GRAD,
                            tracer.graph.unique_name("gradients/%s_grad" % prim.name),
                            list(inputs) + list(g), params,
                            [inputs[k]._ex for k in diff], [inputs[k]._dims for k in diff])
        else:
            outs = _grad_run(list(inputs) + list(g), params)
        grads = [None] * len(inputs)
        for k, o in zip(diff, outs):
            grads[k] = o
        return grads
    return vjp


CONTROL_FLOW_GRAD.defvjp(_vjp(CONTROL_FLOW_GRAD))


def _make(name, fwd, run, emit, stateful):
    p = _prim(name, fwd, stateful)
    p.run_tensors = run
    p.emit = emit
    p.defvjp(_vjp(p))
    return p


IF = _make("If", _if_fwd, _if_run, _if_emit, True)
STATELESS_IF = _make("StatelessIf", _if_fwd, _if_run, _if_emit, False)
CASE = _make("Case", _case_fwd, _case_run, _case_emit, True)
STATELESS_CASE = _make("StatelessCase", _case_fwd, _case_run, _case_emit, False)
WHILE = _make("While", _while_fwd, _while_run, _while_emit, True)
STATELESS_WHILE = _make("StatelessWhile", _while_fwd, _while_run, _while_emit, False)
