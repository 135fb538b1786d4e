"""Forward mode: ``tf.autodiff.ForwardAccumulator`` (Jacobian-vector products).

While an accumulator is active on this thread, every recorded op whose inputs carry tangents gets
output tangents right away. There is no second table of rules: a primitive's JVP comes from its
VJP. The VJP ``g -> (J_1^T g, ..., J_n^T g)`` is linear in ``g``, so with a dummy ``u`` watched by a
private tape, ``d/du sum_i <J_i^T u, t_i> = sum_i J_i t_i`` is the JVP ("double-VJP" trick); it is
one extra backward pass over the handful of ops in the VJP.

The JVP is computed in eagerflow ops, so outer tapes and outer accumulators see it: reverse over
forward and forward over forward give higher derivatives.
"""
import _thread  # threading's lock and thread-local types, without importing threading

import numpy as np

from ..tensor import Tensor, VariableBase, convert_to_tensor, wrap
from ..engine.primitive import STATE, DIFFERENTIABLE
from .._nest import flatten as _flatten, pack as _pack
from . import tape as _tape
from . import gradient_tape as _gt
from .backward import sum_to

__all__ = ["ForwardAccumulator"]

_lock = _thread.allocate_lock()


class ForwardAccumulator:
    """Computes Jacobian-vector products of ops run in its context (``tf.autodiff.ForwardAccumulator``).

    ``primals``: tensors or variables (or a nested structure of them); ``tangents``: the direction
    for each, same structure. ``acc.jvp(y)`` is the directional derivative of ``y``.
    """

    def __init__(self, primals, tangents):
        flat_p = _flatten(primals, [])
        flat_t = _flatten(tangents, [])
        if len(flat_p) != len(flat_t):
            raise ValueError("primals and tangents are expected to have the same structure; got "
                             "%d primals and %d tangents" % (len(flat_p), len(flat_t)))
        self._tangents = {}  # id -> (object kept alive, tangent)
        self.active = False
        self._busy = False
        self._thread = None
        self._watch(flat_p, flat_t)

    def _watch(self, primals, tangents):
        for p, t in zip(primals, tangents):
            if isinstance(p, VariableBase):
                h = p._handle
                t = convert_to_tensor(t, dtype=p.dtype)
                self._tangents[id(h)] = (h, t)
            else:
                if not isinstance(p, Tensor):
                    raise ValueError("ForwardAccumulator primals must be tensors or variables, "
                                     "got %r" % (p,))
                if p._v.dtype not in DIFFERENTIABLE:
                    continue
                self._tangents[id(p)] = (p, convert_to_tensor(t, dtype=p.dtype))

    def __enter__(self):
        if self.active:
            raise ValueError("Accumulator is already recording.")
        _tape.thread_state().accs.append(self)
        with _tape._lock:
            STATE.n += 1
        self.active = True
        _tape.sync()
        return self

    def __exit__(self, *exc):
        if not self.active:
            return
        accs = _tape.thread_state().accs
        for k in range(len(accs) - 1, -1, -1):
            if accs[k] is self:
                del accs[k]
                break
        with _tape._lock:
            STATE.n -= 1
        self.active = False
        _tape.sync()

    # -- called by the tape's record()/record_read() ----------------------------------------------
    def record_read(self, handle, tensor):
        e = self._tangents.get(id(handle))
        if e is not None and tensor._v.dtype in DIFFERENTIABLE:
            self._tangents[id(tensor)] = (tensor, e[1])

    def record(self, prim, inputs, outputs, params):
        if self._busy:
            return
        tans = self._tangents
        ts = [tans.get(id(x)) for x in inputs]
        if all(e is None for e in ts):
            return
        ts = [None if e is None else e[1] for e in ts]
        self._busy = True
        try:
            out = _jvp(prim, inputs, outputs, params or {}, ts)
        finally:
            self._busy = False
        for o, ot in zip(outputs, out):
            if ot is not None and o._v.dtype in DIFFERENTIABLE:
                tans[id(o)] = (o, ot)

    # -- public --------------------------------------------------------------------------------
    def jvp(self, primals, unconnected_gradients=_gt.UnconnectedGradients.NONE):
        """The tangent of ``primals`` (a tensor, variable or nested structure of them)."""
        unconnected = _gt._unconnected(unconnected_gradients)
        flat = _flatten(primals, [])
        out = []
        for p in flat:
            e = self._tangents.get(_gt._key(p))
            t = None if e is None else e[1]
            if t is None and unconnected == "zero":
                v = _gt._read(p) if isinstance(p, VariableBase) else convert_to_tensor(p)
                t = wrap(np.zeros(v._v.shape, v._v.dtype))
            out.append(t)
        if isinstance(primals, (list, tuple, dict)):
            return _pack(primals, out)
        return out[0]

    def __repr__(self):
        return "<ForwardAccumulator with %d tangents>" % len(self._tangents)


def _jvp(prim, inputs, outputs, params, tangents):
    """Output tangents of one op given its input tangents (None: no tangent)."""
    vjp = prim.vjp
    if vjp is None:
        if not prim.differentiable:
            return (None,) * len(outputs)
        raise LookupError("No gradient defined for operation '%s' (op type: %s)" % (
            prim.name, prim.name))
    floats = [o._v.dtype in DIFFERENTIABLE for o in outputs]
    # the dummy cotangent: ones (the vjp is linear in it, so any value works, and ones avoid the
    # g == 0 special cases some rules have)
    us = [wrap(np.ones(o._v.shape, o._v.dtype)) for o in outputs]
    with _gt.GradientTape(watch_accessed_variables=False) as tp:
        tp.watch([u for u, f in zip(us, floats) if f])
        g = us[0] if len(us) == 1 else tuple(us)
        ans = outputs[0] if len(outputs) == 1 else tuple(outputs)
        in_grads = vjp(g, ans, *inputs, **params)
        targets, seeds = [], []
        for x, gx, t in zip(inputs, in_grads, tangents):
            if gx is None or t is None:
                continue
            if not isinstance(gx, Tensor):
                gx = convert_to_tensor(gx, dtype=t.dtype)
            xs = x._v.shape if isinstance(x, Tensor) else x.value.shape
            if gx._v.shape != xs:
                gx = sum_to(gx, xs)
            targets.append(gx)
            seeds.append(t)
    if not targets:
        return [None] * len(outputs)
    res = tp.gradient(targets, [u for u, f in zip(us, floats) if f], output_gradients=seeds,
                      unconnected_gradients="zero")
    # (a gather in the VJP makes its cotangent's gradient IndexedSlices: tangents are dense)
    it = iter(r if r is None or isinstance(r, Tensor) else convert_to_tensor(r) for r in res)
    return [next(it) if f else None for f in floats]
