"""Reverse accumulation over a tape's nodes, with the primitives' registered rules only.

The rules are written in eagerflow ops, so an outer tape records the backward pass and nested tapes
give higher derivatives. Broadcasting is undone here, once, with recorded ops (``sum_to`` of
ops/broadcast.py, where BroadcastTo's own gradient uses it too).
"""
from ..tensor import Tensor, VariableBase, convert_to_tensor
from ..ops.core import add, sum_to, zeros_like_tensor

__all__ = ["backward", "sum_to"]


def backward(tape, targets, seeds):
    """Returns {id: gradient} for every tensor/handle the targets reach on ``tape``."""
    grads = {}
    for t, s in zip(targets, seeds):
        k = id(t._handle) if isinstance(t, VariableBase) else id(t)
        grads[k] = s if k not in grads else add(grads[k], s)
    watched = tape.watched
    get = grads.get
    for prim, inputs, outputs, params in reversed(tape.nodes):
        if len(outputs) == 1 and not prim.multiple_results:
            ans = outputs[0]
            g = get(id(ans))
            if g is None:
                continue
        else:
            gs = [get(id(o)) for o in outputs]
            if all(x is None for x in gs):
                continue
            g = tuple(x if x is not None else zeros_like_tensor(o) for x, o in zip(gs, outputs))
            ans = outputs
        vjp = prim.vjp
        if vjp is None:
            if not prim.differentiable:
                continue  # declared without a gradient: nothing flows back through it
            raise LookupError("No gradient defined for operation '%s' (op type: %s)" % (
                prim.name, prim.name))
        if prim.vjp_needs:
            # the rule skips the work for inputs nobody differentiates (e.g. matmul's data input)
            needs = tuple([id(x) in watched for x in inputs])
            in_grads = vjp(g, ans, *inputs, _needs=needs, **params)
        else:
            in_grads = vjp(g, ans, *inputs, **params)
        for x, gx in zip(inputs, in_grads):
            if gx is None:
                continue
            k = id(x)
            if k not in watched:
                continue
            if not isinstance(gx, Tensor):
                gx = convert_to_tensor(gx, dtype=x.dtype)
            xs = x._v.shape
            if gx._v.shape != xs:
                gx = sum_to(gx, xs)
            old = get(k)
            grads[k] = gx if old is None else add(old, gx)
    return grads


