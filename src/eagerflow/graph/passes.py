"""Graph passes, plain functions over the node list: common-subexpression elimination, constant
folding and pruning. They never touch stateful nodes (variable reads and writes, random draws,
prints), which run in program order on every call. The result is a ``Plan``: the op nodes to run,
each with its (resolved) inputs, the constants, and the tensors the function returns."""
import numpy as np

from ..engine.primitive import quiet
from .tracer import call_forward

__all__ = ["Plan", "optimize"]

_FOLD_LIMIT = 1 << 16  # elements: larger folded results would bloat the plan


class Plan:
    __slots__ = ("steps", "consts", "outputs", "inputs")

    def __init__(self, steps, consts, outputs, inputs):
        self.steps = steps      # [(node, [input tensors])], in program order
        self.consts = consts    # id(tensor) -> ndarray
        self.outputs = outputs  # the returned tensors (resolved)
        self.inputs = inputs    # the placeholders' tensors


def _attr_key(v):
    if isinstance(v, np.ndarray):
        if v.size > 64:
            return None
        return ("array", v.dtype.str, v.shape, v.tobytes())
    if isinstance(v, (list, tuple)):
        parts = tuple(_attr_key(x) for x in v)
        return None if None in parts else (type(v), parts)
    try:
        hash(v)
    except TypeError:
        return None
    return (type(v), v)


def _cse_key(node, ins):
    attrs = []
    for k in sorted(node.attrs):
        a = _attr_key(node.attrs[k])
        if a is None:
            return None
        attrs.append((k, a))
    return (node.prim, tuple(id(t) for t in ins), tuple(attrs))


def _fold(node, ins, consts):
    """The node's outputs computed now, or None (an error is left for the run to raise)."""
    prim = node.prim
    try:
        out = quiet(call_forward, prim, prim.fwd, [consts[id(t)] for t in ins], node.attrs)
    except Exception:  # noqa: BLE001
        return None
    outs = list(out) if prim.multiple_results else [out]
    arrays = []
    for o in outs:
        a = np.asarray(o)
        if a.dtype.kind in "SUO" or a.size > _FOLD_LIMIT:
            return None
        arrays.append(a)
    return arrays


def optimize(graph):
    """The graph's Plan after CSE, constant folding and pruning."""
    alias = {}
    consts = {}
    seen = {}
    steps = []
    outputs = []

    def resolve(t):
        return alias.get(id(t), t)

    for node in graph.nodes:
        kind = node.kind
        if kind == "placeholder":
            continue
        if kind == "const":
            v = node.value
            key = ("const", _attr_key(v)) if v.dtype.kind != "O" else None
            prev = seen.get(key) if key is not None and key[1] is not None else None
            if prev is not None:  # equal constants are one constant (so CSE sees equal inputs)
                alias[id(node.outputs[0])] = prev.outputs[0]
                continue
            if key is not None and key[1] is not None:
                seen[key] = node
            consts[id(node.outputs[0])] = v
            continue
        if kind == "output":
            outputs.append(resolve(node.inputs[0]))
            continue
        ins = [resolve(t) for t in node.inputs]
        if not node.prim.stateful:
            if node.outputs and all(id(t) in consts for t in ins):
                folded = _fold(node, ins, consts)
                if folded is not None:
                    for t, a in zip(node.outputs, folded):
                        consts[id(t)] = a
                    continue
            key = _cse_key(node, ins)
            if key is not None:
                prev = seen.get(key)
                if prev is not None:
                    for a, b in zip(node.outputs, prev.outputs):
                        alias[id(a)] = b
                    continue
                seen[key] = node
        steps.append((node, ins))
    # pruning: keep what the outputs need, and every stateful node with what it needs
    live = {id(t) for t in outputs}
    kept = []
    for node, ins in reversed(steps):
        if node.prim.stateful or any(id(o) in live for o in node.outputs):
            kept.append((node, ins))
            live.update(id(t) for t in ins)
    kept.reverse()
    return Plan(kept, consts, outputs, list(graph.inputs))
