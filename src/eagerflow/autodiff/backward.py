"""Reverse accumulation over a tape's nodes, with the primitives' registered rules only.

The rules are written in eagerflow ops, so an outer tape records the backward pass and nested tapes
give higher derivatives. Broadcasting is undone here, once, with recorded ops (``sum_to`` of
ops/broadcast.py, where BroadcastTo's own gradient uses it too).

A rule may return ``tf.IndexedSlices`` (a gather's); gradients are aggregated as TF's tape does
(``_aggregate``), and only ReadVariableOp, Identity and Cast pass slices on to their inputs (their
rules return ``g`` as it is, or cast it slice-wise): every other rule gets the dense tensor.
"""
from ..tensor import Tensor, VariableBase, convert_to_tensor
from ..ops.core import add, sum_to, zeros_like_tensor
from ..ops.gather import IndexedSlices
from ..ops.shape_ops import concat
from ..ops.cast import cast

__all__ = ["backward", "sum_to"]


def backward(tape, targets, seeds):
    """Returns {id: gradient} for every tensor/handle the targets reach on ``tape``."""
    grads = {}
    for t, s in zip(targets, seeds):
        k = id(t._handle) if isinstance(t, VariableBase) else id(t)
        grads[k] = s if k not in grads else _aggregate(grads[k], s)
    watched = tape.watched
    get = grads.get
    for prim, inputs, outputs, params in reversed(tape.nodes):
        if len(outputs) == 1 and not prim.multiple_results:
            ans = outputs[0]
            g = get(id(ans))
            if g is None:
                continue
            if type(g) is IndexedSlices and prim.name not in _SLICES_THROUGH:
                g = g.__tf_tensor__()
        else:
            gs = [get(id(o)) for o in outputs]
            if all(x is None for x in gs):
                continue
            g = tuple(zeros_like_tensor(o) if x is None else x.__tf_tensor__()
                      if type(x) is IndexedSlices else x for x, o in zip(gs, outputs))
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
            if type(gx) is not IndexedSlices:  # (slices have the input's shape, dense_shape)
                if not isinstance(gx, Tensor):
                    gx = convert_to_tensor(gx, dtype=x.dtype)
                xs = x._v.shape
                if gx._v.shape != xs:
                    gx = sum_to(gx, xs)
            old = get(k)
            grads[k] = gx if old is None else _aggregate(old, gx)
    return grads


_SLICES_THROUGH = frozenset(["ReadVariableOp", "Identity", "Cast"])


def _aggregate(a, b):
    """The sum of two gradients of one tensor, as TF's tape aggregates them: dense ones add,
    IndexedSlices concatenate (int64 indices when their dtypes differ), a mix is dense."""
    if type(a) is not IndexedSlices and type(b) is not IndexedSlices:
        return add(a, b)
    if type(a) is not IndexedSlices or type(b) is not IndexedSlices:
        return add(convert_to_tensor(a), convert_to_tensor(b))
    ia, ib = convert_to_tensor(a.indices), convert_to_tensor(b.indices)
    if ia.dtype is not ib.dtype:
        ia, ib = cast(ia, "int64"), cast(ib, "int64")
    return IndexedSlices(concat([a.values, b.values], 0), concat([ia, ib], 0), a.dense_shape)


