"""Code generation: a Plan becomes the source of one Python function that calls the primitives'
forwards directly on ndarrays and returns the function's result structure (torch.fx's
``GraphModule`` code is the model). It runs when no tape or accumulator listens; ``replay`` runs the
same plan op by op through the primitives, so the tapes record (gradients through a tf.function).

An error inside the generated code is mapped as the dispatch path maps it: the failing line names
its node, and a NumPy ValueError/IndexError becomes the primitive's TF error (``on_error``).
"""
import operator
import re

import numpy as np

from .. import _accel
from ..engine.resource import read_variable
from ..tensor import Tensor, wrap
from .fusion import fuse
from .ir import python_names
from .tracer import map_error

__all__ = ["Out", "compile_plan", "replay", "pack"]

_QUIET = _accel.QUIET


class Out:
    """A leaf of a result structure: the k-th output tensor of the plan."""

    __slots__ = ("k",)

    def __init__(self, k):
        self.k = k

    def __eq__(self, other):
        return type(other) is Out and other.k == self.k

    def __hash__(self):
        return hash(("Out", self.k))


# forwards that always return a new array, with the ufunc that can write into an input instead
_INPLACE = {operator.add: np.add, operator.sub: np.subtract, operator.mul: np.multiply,
            operator.truediv: np.true_divide}


def _fresh(prim):
    return prim.fwd in _INPLACE or isinstance(prim.fwd, np.ufunc) or prim.name == "MatMul"


def _inplace_targets(plan):
    """{step index: input position}: an elementwise op may write into an input that an earlier
    op of this plan created, that nothing reads afterwards (not an output, no stateful op
    holds it) and that has the output's static shape and dtype (what NumPy code does by hand)."""
    last = {}
    escaped = {id(t) for t in plan.outputs}
    fresh = set()
    for i, (node, ins) in enumerate(plan.steps):
        for t in ins:
            last[id(t)] = i
            if node.prim.stateful:
                escaped.add(id(t))
    out = {}
    for i, (node, ins) in enumerate(plan.steps):
        prim = node.prim
        if getattr(prim, "fresh_outputs", False):
            fresh.update(id(o) for o in node.outputs if None not in o._dims and o._ex.ndim)
        if prim.multiple_results or len(node.outputs) != 1:
            continue
        o = node.outputs[0]
        ufunc = _INPLACE.get(prim.fwd, prim.fwd if isinstance(prim.fwd, np.ufunc) else None)
        if ufunc is not None and ufunc.nout == 1 and not node.attrs and None not in o._dims:
            for k, t in enumerate(ins[:2]):
                if id(t) in fresh and last[id(t)] == i and id(t) not in escaped and \
                        t._dims == o._dims and t._ex.dtype == o._ex.dtype and \
                        all(x is not t for x in ins[k + 1:]) and all(x is not t for x in ins[:k]):
                    out[i] = (k, ufunc)
                    break
        if _fresh(prim) and o._ex.ndim and None not in o._dims:
            fresh.add(id(o))
    return out


def _lhs(outs, n):
    return ", ".join(outs[k] if k < len(outs) else "_" for k in range(n)) + ("," if n == 1 else "")


def _as_array(out):
    a = np.asarray(out)
    if a.dtype.kind in "SU":
        from .. import dtypes as _dt
        a = _dt.strings_to_object(a)
    return a


class _Source:
    def __init__(self):
        self.globals = {"_ndarray": np.ndarray, "_as_array": _as_array, "_new": object.__new__,
                        "_Tensor": Tensor}
        self._n = 0

    def const(self, value, hint="c"):
        self._n += 1
        name = "_%s%d" % (re.sub(r"\W", "_", hint)[:24], self._n)
        self.globals[name] = value
        return name


def _structure(template, src, outs):
    """Python source of an expression building ``template`` (Out leaves -> output variables)."""
    if isinstance(template, Out):
        return outs[template.k]
    if template is None or isinstance(template, (bool, int, float, str)) and type(template) in (
            bool, int, float, str):
        return repr(template)
    if isinstance(template, tuple):
        items = [_structure(x, src, outs) for x in template]
        if type(template) is tuple:
            return "(%s)" % "".join(x + ", " for x in items)
        return "%s(%s)" % (src.const(type(template), "nt"), ", ".join(items))
    if isinstance(template, list):
        return "[%s]" % ", ".join(_structure(x, src, outs) for x in template)
    if isinstance(template, dict) and type(template) is dict:
        return "{%s}" % ", ".join("%s: %s" % (src.const(k, "k"), _structure(v, src, outs))
                                  for k, v in template.items())
    return src.const(template, "obj")


def compile_plan(plan, template, name="kernel"):
    """(function, source): ``function(*arrays)`` runs the plan and returns the result structure."""
    plan = fuse(plan)
    src = _Source()
    names = python_names_for(plan)
    var = {}
    lines = []
    for t in plan.inputs:
        var[id(t)] = names[id(t)]

    def ref(t):
        k = id(t)
        if k in var:
            return var[k]
        v = src.const(plan.consts[k], "c_" + names.get(k, "c"))
        var[k] = v
        return v

    line_nodes = {}
    quiet = False
    inplace = _inplace_targets(plan)
    for i, (node, ins) in enumerate(plan.steps):
        prim = node.prim
        quiet = quiet or prim.quiet
        outs = [names[id(t)] for t in node.outputs]
        emit = getattr(prim, "emit", None)  # control flow: its own Python (an if, a while)
        if emit is not None:
            stmt = emit(node, [ref(t) for t in ins], outs, src.const)
        elif prim is read_variable:
            stmt = "%s = %s.value" % (outs[0], src.const(node.attrs["handle"], "handle"))
        elif i in inplace:
            k, ufunc = inplace[i]
            target = ref(ins[k])
            stmt = "%s = %s(%s, out=%s)" % (outs[0], src.const(ufunc, ufunc.__name__),
                                           ", ".join(ref(t) for t in ins), target)
        else:
            f = src.const(prim.fwd, prim.name)
            args = [ref(t) for t in ins]
            if getattr(prim, "attrs_positional", False):
                args += [src.const(v, k) for k, v in node.attrs.items()]
            else:
                args += ["%s=%s" % (k, src.const(v, k)) for k, v in node.attrs.items()]
            call = "%s(%s)" % (f, ", ".join(args))
            if prim.multiple_results and getattr(prim, "fresh_outputs", False) and outs:
                stmt = "%s = %s" % (_lhs(outs, len(node.outputs)), call)
            elif prim.multiple_results:
                stmt = "_r = %s" % call
                if outs:
                    stmt += "; " + "; ".join("%s = _as_array(_r[%d])" % (o, k)
                                             for k, o in enumerate(outs))
            elif not outs:
                stmt = call
            else:
                stmt = "%s = %s" % (outs[0], call)
                t = node.outputs[0]
                if t._ex.ndim == 0 or None in t._dims or type(t._ex) is not np.ndarray:
                    stmt += "\n%s = %s if type(%s) is _ndarray else _as_array(%s)" % (
                        (outs[0],) * 4)
        for k, t in enumerate(node.outputs):
            var[id(t)] = outs[k]
        for part in stmt.split("\n"):
            line_nodes[len(lines)] = (node, ins)
            lines.append(part)
    result_vars = []
    for k, t in enumerate(plan.outputs):
        v = "_o%d" % k
        lines.append("%s = _new(_Tensor); %s._v = %s" % (v, v, ref(t)))
        result_vars.append(v)
    lines.append("return " + _structure(template, src, result_vars))
    params = ", ".join(var[id(t)] for t in plan.inputs)
    body = ["def %s(%s):" % (name, params)]
    indent = "    "
    first = 1
    if quiet and _QUIET is not None:
        src.globals["_qvar"], src.globals["_qval"] = _QUIET
        body.append("    _tok = _qvar.set(_qval)")
        first += 1
    body.append("    try:")
    first += 1
    indent = "        "
    body += [indent + ln for ln in lines]
    body.append("    except (ValueError, IndexError) as _e:")
    body.append("        _remap(_e, locals())")
    body.append("        raise")
    if quiet and _QUIET is not None:
        body.append("    finally:")
        body.append("        _qvar.reset(_tok)")
    source = "\n".join(body) + "\n"
    by_line = {first + k: v for k, v in line_nodes.items()}
    ns = dict(src.globals)
    ns["_remap"] = _remapper(by_line, var, ns)
    code = compile(source, "<tf.function %s>" % name, "exec")
    exec(code, ns)
    fn = ns[name]
    return fn, source


def python_names_for(plan):
    graph = plan.inputs[0]._op.graph if plan.inputs else (
        plan.steps[0][0].graph if plan.steps else None)
    names = python_names(graph) if graph is not None else {}
    for node, _ in plan.steps:  # names only the steps' outputs need
        for t in node.outputs:
            names.setdefault(id(t), "t%d" % id(t))
    return names


def _remapper(by_line, var, ns):
    """The error handler of a generated function: the failing line's node maps the error."""
    def remap(e, local):
        tb = e.__traceback__
        while tb is not None and tb.tb_frame.f_code.co_name == "_remap":
            tb = tb.tb_next
        if tb is None:
            return
        hit = by_line.get(tb.tb_lineno)
        if hit is None:
            return
        node, ins = hit
        arrays = []
        for t in ins:
            v = var.get(id(t))
            a = local.get(v, ns.get(v))
            if not isinstance(a, np.ndarray):
                return
            arrays.append(a)
        err = map_error(node.prim, arrays, node.attrs)
        if err is not None:
            raise err from None
    return remap


def replay(plan, template, inputs):
    """Runs the plan op by op through the primitives (tapes and accumulators record each op)."""
    env = {}
    for t, x in zip(plan.inputs, inputs):
        env[id(t)] = x
    consts = plan.consts

    def get(t):
        v = env.get(id(t))
        if v is None:
            v = env[id(t)] = wrap(consts[id(t)])
        return v

    for node, ins in plan.steps:
        prim = node.prim
        args = [get(t) for t in ins]
        run = getattr(prim, "run_tensors", None)  # control flow: runs its branch or loop here
        if run is not None:
            out = run(args, node.attrs)
        else:
            out = prim._run(args, [a._v for a in args], dict(node.attrs))
        if prim.multiple_results:
            for t, o in zip(node.outputs, out):
                env[id(t)] = o
        else:
            env[id(node.outputs[0])] = out
    return pack(template, [get(t) for t in plan.outputs])


def pack(template, values):
    if isinstance(template, Out):
        return values[template.k]
    if isinstance(template, tuple):
        items = [pack(x, values) for x in template]
        return tuple(items) if type(template) is tuple else type(template)(*items)
    if isinstance(template, list):
        return [pack(x, values) for x in template]
    if isinstance(template, dict):
        return {k: pack(v, values) for k, v in template.items()}
    return template
