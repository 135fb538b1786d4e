"""Fusions for generated code: patterns of a Plan that one kernel computes with fewer passes over
the data. They apply to the plan the code generator compiles only; the plan that ``replay`` runs
through the primitives (tapes recording) keeps the original nodes and their gradient rules.

The one fusion so far is TF's own: ``SparseSoftmaxCrossEntropyWithLogits`` returns the loss and its
backprop (``softmax(logits) - one_hot(labels)``) from one exponential; the gradient a tape adds to a
traced graph computes ``Softmax``, ``OneHot`` and ``Sub`` again, so where the plan holds both, the
loss node becomes the two-output kernel and the three nodes go.
"""
import numpy as np

from ..engine.primitive import Primitive, REGISTRY
from .ir import Operation
from .passes import Plan

__all__ = ["fuse"]

_ROWS = {}


def _rows(n):
    r = _ROWS.get(n)
    if r is None:
        if len(_ROWS) > 32:
            _ROWS.clear()
        r = _ROWS[n] = np.arange(n)
    return r


def _xent_fwd(logits, labels, loss_fwd):
    """(loss, backprop) of sparse softmax cross-entropy: the loss with the same float ops as the
    single-output kernel, the backprop as e / sum(e) with 1 taken at each label."""
    n = logits.shape[-1]
    ok = logits.ndim == 2 and n and labels.size and labels.dtype in (np.int32, np.int64)
    if ok:
        pick = labels.view(np.uint32) if labels.dtype == np.int32 else labels
        if labels.dtype == np.int64 and ((labels < 0).any() or (labels >= n).any()):
            ok = False
    if not ok:  # the rare shapes, and bad labels (the kernel raises TF's error)
        loss = loss_fwd(logits, labels)
        z = logits - logits.max(axis=-1, keepdims=True)
        e = np.exp(z)
        bp = e / e.sum(axis=-1, keepdims=True)
        np.put_along_axis(bp, labels[..., None].astype(np.intp),
                          np.take_along_axis(bp, labels[..., None].astype(np.intp), -1) - 1, -1)
        return loss, bp
    z = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(z)
    s = e.sum(axis=1, keepdims=True)
    rows = _rows(labels.shape[0])
    try:
        picked = z[rows, pick]
    except IndexError:
        loss_fwd(logits, labels)  # raises TF's error for the label out of range
        raise
    loss = -(picked - np.log(s.reshape(-1)))
    bp = np.divide(e, s, out=e)
    bp[rows, pick] -= 1
    return loss, bp


_KERNELS = []  # (the one-output loss primitive, the two-output kernel), made on first use


def _kernels():
    """Made when first needed: the op families import after this module."""
    if not _KERNELS:
        from ..ops.losses import _sparse_softmax_ce as ssce
        kept = REGISTRY.get(ssce.name)  # the registry keeps the ordinary (one-output) kernel
        p = Primitive(ssce.name, _xent_fwd, multiple_results=True, c_fast=False, quiet=True,
                      differentiable=False)
        REGISTRY[ssce.name] = kept
        p.fresh_outputs = True  # new arrays: a later elementwise op may write into them
        _KERNELS.extend((ssce, p))
    return _KERNELS


def _is_scalar(v, x):
    return isinstance(v, np.ndarray) and v.shape == () and v == x


def fuse(plan):
    """A Plan whose softmax-cross-entropy gradients reuse the loss kernel's backprop (or
    ``plan`` itself when there is nothing to fuse)."""
    ssce, two = _kernels()
    losses = {}  # (id logits, id labels) -> step index of the loss node
    for i, (node, ins) in enumerate(plan.steps):
        if node.prim is ssce and len(ins) == 2:
            losses[(id(ins[0]), id(ins[1]))] = i
    if not losses:
        return plan
    producer = {}
    uses = {}
    for i, (node, ins) in enumerate(plan.steps):
        for t in node.outputs:
            producer[id(t)] = i
        for t in ins:
            uses[id(t)] = uses.get(id(t), 0) + 1
    for t in plan.outputs:
        uses[id(t)] = uses.get(id(t), 0) + 1
    replace, drop = {}, set()
    for i, (node, ins) in enumerate(plan.steps):
        if node.prim.name != "Sub" or len(ins) != 2:
            continue
        si, oi = producer.get(id(ins[0])), producer.get(id(ins[1]))
        if si is None or oi is None:
            continue
        sm, sm_ins = plan.steps[si]
        oh, oh_ins = plan.steps[oi]
        if sm.prim.name != "Softmax" or oh.prim.name != "OneHot":
            continue
        logits, labels = sm_ins[0], oh_ins[0]
        k = losses.get((id(logits), id(labels)))
        if k is None or k in replace or logits._ex.ndim != 2:
            continue
        a = oh.attrs
        if sm.attrs.get("axis") not in (1, -1) or a.get("axis") != -1 or \
                a.get("depth") != logits._ex.shape[1] or a.get("dtype") != logits._ex.dtype or \
                not _is_scalar(a.get("on"), 1) or not _is_scalar(a.get("off"), 0):
            continue
        if uses.get(id(ins[0])) != 1 or uses.get(id(ins[1])) != 1:
            continue
        loss_node = plan.steps[k][0]
        fused = Operation(loss_node.graph, "op", loss_node.name, two,
                          plan.steps[k][1], {"loss_fwd": ssce.fwd})
        fused.outputs = [loss_node.outputs[0], node.outputs[0]]
        fused.index = loss_node.index
        replace[k] = fused
        drop.update((i, si, oi))
    if not replace:
        return plan
    steps = []
    for i, (node, ins) in enumerate(plan.steps):
        if i in drop:
            continue
        steps.append((replace[i], ins) if i in replace else (node, ins))
    return Plan(steps, plan.consts, plan.outputs, plan.inputs)
