"""The tape: per-thread stacks of recording tapes, and reverse-mode accumulation (GradientTape).

A tape holds ``watched`` (id -> tensor or variable handle, which also keeps them alive so ids are
never reused while the tape lives) and ``nodes``: (primitive, inputs, outputs, params) in execution
order. Reverse mode walks the nodes backwards calling each primitive's vjp; the vjps are written in
eagerflow ops, so an outer tape records the backward pass and nested tapes give higher derivatives.
Broadcasting is undone here, once, with recorded ops (``sum_to``).
"""
import threading


import numpy as np

from .. import dtypes as _dt
from ..tensor import Tensor, VariableBase, convert_to_tensor, wrap
from .primitive import STATE, DIFFERENTIABLE, Primitive

__all__ = ["GradientTape", "UnconnectedGradients", "sum_to", "record", "active_tapes"]

_local = threading.local()
_lock = threading.Lock()


def active_tapes():
    """This thread's stack of tapes (innermost last)."""
    s = getattr(_local, "stack", None)
    if s is None:
        s = _local.stack = []
    return s


class _Tape:
    __slots__ = ("watched", "nodes", "persistent", "recording", "variables", "auto_watch", "used")

    def __init__(self, persistent, auto_watch):
        self.watched = {}
        self.nodes = []
        self.persistent = persistent
        self.recording = True
        self.variables = {}
        self.auto_watch = auto_watch
        self.used = False

    def watch(self, obj):
        self.watched[id(obj)] = obj


def record(prim, inputs, outputs, params):
    """Called by the dispatch path (only when some tape is active): appends the op to every tape
    of this thread that watches one of its inputs, and watches its floating outputs."""
    stack = getattr(_local, "stack", None)
    if not stack:
        return
    node = None
    for tape in stack:
        if not tape.recording:
            continue
        w = tape.watched
        for t in inputs:
            if id(t) in w:
                break
        else:
            continue
        if node is None:
            node = (prim, tuple(inputs), tuple(outputs), params)
        tape.nodes.append(node)
        for o in outputs:
            if o._v.dtype in DIFFERENTIABLE:
                w[id(o)] = o


STATE.record = record


class _ReadVariable:
    """The pseudo-op of a variable read: its gradient flows to the variable's handle."""
    name = "ReadVariableOp"
    vjp = None
    multiple_results = False


READ = _ReadVariable()


def record_read(variable, tensor):
    """A variable was read into ``tensor`` while tapes were active."""
    stack = getattr(_local, "stack", None)
    if not stack:
        return
    handle = variable._handle
    for tape in stack:
        if not tape.recording:
            continue
        hid = id(handle)
        if hid not in tape.watched:
            if not (tape.auto_watch and variable.trainable):
                continue
            tape.watched[hid] = handle
            tape.variables.setdefault(hid, variable)
        if tensor._v.dtype in DIFFERENTIABLE:
            tape.nodes.append((READ, (handle,), (tensor,), None))
            tape.watched[id(tensor)] = tensor


def _push(tape):
    active_tapes().append(tape)
    with _lock:
        STATE.n += 1


def _pop(tape):
    stack = active_tapes()
    if tape in stack:
        stack.remove(tape)
        with _lock:
            STATE.n -= 1


def sum_to(g, shape):
    """Sums a broadcast gradient back to ``shape`` with recorded ops (so it differentiates)."""
    from ..ops.array_ops import reshape
    from ..ops.reduction_ops import reduce_sum
    gshape = g._v.shape
    shape = tuple(shape)
    if gshape == shape:
        return g
    lead = len(gshape) - len(shape)
    axes = list(range(lead)) + [k + lead for k, d in enumerate(shape)
                                if d == 1 and gshape[k + lead] != 1]
    if axes:
        g = reduce_sum(g, axes)
    return reshape(g, shape) if g._v.shape != shape else g


class UnconnectedGradients:
    """What ``gradient`` returns for a source the target does not depend on."""
    NONE = "none"
    ZERO = "zero"


def _flatten(x, out):
    if isinstance(x, dict):
        for k in sorted(x, key=repr) if not all(isinstance(k, str) for k in x) else sorted(x):
            _flatten(x[k], out)
    elif isinstance(x, (list, tuple)) and not hasattr(x, "_v"):
        for y in x:
            _flatten(y, out)
    else:
        out.append(x)
    return out


def _pack(structure, flat, pos=None):
    if pos is None:
        pos = [0]
    if isinstance(structure, dict):
        keys = sorted(structure, key=repr) if not all(isinstance(k, str) for k in structure) \
            else sorted(structure)
        d = {k: _pack(structure[k], flat, pos) for k in keys}
        return type(structure)((k, d[k]) for k in structure) if type(structure) is not dict else \
            {k: d[k] for k in structure}
    if isinstance(structure, (list, tuple)) and not hasattr(structure, "_v"):
        items = [_pack(s, flat, pos) for s in structure]
        if isinstance(structure, tuple) and hasattr(structure, "_fields"):
            return type(structure)(*items)
        return type(structure)(items)
    v = flat[pos[0]]
    pos[0] += 1
    return v


def _key(x):
    if isinstance(x, VariableBase):
        return id(x._handle)
    return id(x)


def _is_float(x):
    d = x.dtype
    return d.is_floating or d.is_complex


def backward(tape, targets, seeds):
    """Reverse accumulation over ``tape``: returns {id: gradient} for every reached tensor/handle."""
    from ..ops.math_ops import _add
    grads = {}
    for t, s in zip(targets, seeds):
        k = _key(t)
        grads[k] = s if k not in grads else _add(grads[k], s)
    watched = tape.watched
    for prim, inputs, outputs, params in reversed(tape.nodes):
        if len(outputs) == 1:
            g = grads.get(id(outputs[0]))
            if g is None:
                continue
        else:
            gs = [grads.get(id(o)) for o in outputs]
            if all(x is None for x in gs):
                continue
            from ..ops.math_ops import zeros_like
            g = tuple(x if x is not None else zeros_like(o) for x, o in zip(gs, outputs))
        if prim is READ:
            k = id(inputs[0])
            grads[k] = g if k not in grads else _add(grads[k], g)
            continue
        if prim.vjp is None:
            raise LookupError("No gradient defined for operation '%s' (op type: %s)" % (
                prim.name, prim.name))
        ans = outputs[0] if len(outputs) == 1 else outputs
        in_grads = prim.vjp(g, ans, *inputs, **(params or {}))
        for x, gx in zip(inputs, in_grads):
            if gx is None or id(x) not in watched:
                continue
            if not isinstance(gx, Tensor):
                gx = convert_to_tensor(gx, dtype=x.dtype)
            if gx._v.shape != x._v.shape:
                gx = sum_to(gx, x._v.shape)
            k = id(x)
            grads[k] = gx if k not in grads else _add(grads[k], gx)
    return grads


class GradientTape:
    """Records operations for automatic differentiation (``tf.GradientTape``)."""

    def __init__(self, persistent=False, watch_accessed_variables=True):
        self._persistent = persistent
        self._watch_accessed_variables = watch_accessed_variables
        self._tape = _Tape(persistent, watch_accessed_variables)
        self._recording = False
        self._entered = False

    def __enter__(self):
        if self._tape.used and not self._persistent:
            self._tape = _Tape(False, self._watch_accessed_variables)
        self._entered = True
        self._push()
        return self

    def __exit__(self, *exc):
        if self._recording:
            self._pop()

    def _push(self):
        _push(self._tape)
        self._recording = True

    def _pop(self):
        _pop(self._tape)
        self._recording = False

    def watch(self, tensor):
        """Ensures ``tensor`` (a tensor, variable or nested structure of them) is traced."""
        for t in _flatten(tensor, []):
            if isinstance(t, VariableBase):
                self._tape.watch(t._handle)
                self._tape.variables.setdefault(id(t._handle), t)
                continue
            if not isinstance(t, Tensor):
                raise ValueError("Passed in object of type %s, not tf.Tensor or tf.Variable or "
                                 "ExtensionType." % type(t))
            if not _is_float(t):
                _log_warning("The dtype of the watched tensor must be floating (e.g. tf.float32), "
                             "got %r" % (t.dtype,))
                continue
            self._tape.watch(t)

    class _StopRecording:
        __slots__ = ("_tape", "_prev")

        def __init__(self, tape):
            self._tape = tape

        def __enter__(self):
            self._prev = self._tape.recording
            self._tape.recording = False

        def __exit__(self, *exc):
            self._tape.recording = self._prev

    def stop_recording(self):
        """A context manager inside which ops are not recorded on this tape."""
        if not self._recording:
            raise ValueError("Tape must be recording.")
        return GradientTape._StopRecording(self._tape)

    def reset(self):
        """Clears everything recorded so far (the tape keeps recording if it was)."""
        self._tape.nodes = []
        self._tape.watched = {}
        self._tape.variables = {}

    def watched_variables(self):
        """The variables this tape watches, in the order first watched."""
        return tuple(self._tape.variables.values())

    def _check_usable(self):
        if self._tape.used and not self._persistent:
            raise RuntimeError("A non-persistent GradientTape can only be used to compute one set "
                               "of gradients (or jacobians)")
        if not self._entered:
            raise RuntimeError("A non-persistent GradientTape can only be used to compute one set "
                               "of gradients (or jacobians)" if not self._persistent else
                               "GradientTape.gradient can only be called once on non-persistent "
                               "tapes.")

    def _done(self):
        if not self._persistent:
            self._tape.used = True
            self._tape.nodes = []
            self._tape.watched = {}

    def gradient(self, target, sources, output_gradients=None,
                 unconnected_gradients=UnconnectedGradients.NONE):
        """Gradient of target (summed if non-scalar, or a list) w.r.t. sources, in their structure."""
        self._check_usable()
        unconnected = _unconnected(unconnected_gradients)
        flat_targets = [t if isinstance(t, (Tensor, VariableBase)) else convert_to_tensor(t)
                        for t in _flatten(target, [])]
        flat_sources = _flatten(sources, [])
        for s in flat_sources:
            if not isinstance(s, (Tensor, VariableBase)):
                raise ValueError("Argument `sources` must be a Tensor or Variable, got %r" % (s,))
        if output_gradients is not None:
            ogs = _flatten(output_gradients, [])
            seeds = [ones_like_target(t) if og is None else convert_to_tensor(og, dtype=_read(t).dtype)
                     for t, og in zip(flat_targets, ogs)]
        else:
            seeds = [ones_like_target(t) for t in flat_targets]
        was = self._tape.recording
        self._tape.recording = False
        try:
            grads = backward(self._tape, flat_targets, seeds)
        finally:
            self._tape.recording = was
        out = []
        for s in flat_sources:
            g = grads.get(_key(s))
            if g is not None and not _is_float(s):
                g = None
            if g is None and unconnected == "zero":
                g = _zeros_for(s)
            out.append(g)
        self._done()
        return _pack(sources, out)

    def jacobian(self, target, sources, unconnected_gradients=UnconnectedGradients.NONE,
                 parallel_iterations=None, experimental_use_pfor=True):
        """d target[i...] / d source[j...], shaped target.shape + source.shape, per source."""
        self._check_usable()
        unconnected = _unconnected(unconnected_gradients)
        t = _read(target) if isinstance(target, VariableBase) else convert_to_tensor(target)
        flat_sources = _flatten(sources, [])
        n = t._v.size
        rows = [[] for _ in flat_sources]
        was = self._tape.recording
        self._tape.recording = False
        try:
            for i in range(n):
                seed = np.zeros(n, t._v.dtype)
                seed[i] = 1
                grads = backward(self._tape, [target], [wrap(seed.reshape(t._v.shape))])
                for k, s in enumerate(flat_sources):
                    rows[k].append(grads.get(_key(s)))
        finally:
            self._tape.recording = was
        from ..ops.array_ops import reshape
        from ..ops.math_ops import zeros_like
        out = []
        for s, r in zip(flat_sources, rows):
            sv = _read(s) if isinstance(s, VariableBase) else s
            if all(g is None for g in r) or not _is_float(sv):
                out.append(None if unconnected == "none" else
                           wrap(np.zeros(t._v.shape + sv._v.shape, sv._v.dtype)))
                continue
            r = [g if g is not None else zeros_like(sv) for g in r]
            out.append(reshape(_stack(r), t._v.shape + sv._v.shape) if r else
                       wrap(np.zeros(t._v.shape + sv._v.shape, sv._v.dtype)))
        self._done()
        return _pack(sources, out)

    def batch_jacobian(self, target, source, unconnected_gradients=UnconnectedGradients.NONE,
                       parallel_iterations=None, experimental_use_pfor=True):
        """Per-example Jacobians: [B] + target.shape[1:] + source.shape[1:]."""
        t = convert_to_tensor(target)
        s = _read(source) if isinstance(source, VariableBase) else source
        if t._v.shape[0] != s._v.shape[0]:
            raise ValueError("Need first dimension of `target` shape (%s) and `source` shape (%s) "
                             "to match." % (t.shape, s.shape))
        j = self.jacobian(t, source, unconnected_gradients=unconnected_gradients)
        if j is None:
            return None
        from ..ops.array_ops import reshape
        b = t._v.shape[0]
        ty, sx = t._v.shape[1:], s._v.shape[1:]
        ny, nx = int(np.prod(ty)), int(np.prod(sx))
        jr = reshape(j, (b, ny, b, nx))
        # take the diagonal blocks j[i, :, i, :]
        from ..ops import array_ops
        idx = wrap(np.stack([np.arange(b), np.arange(b)], 1).astype(np.int64))
        diag = array_ops.gather_nd(array_ops.transpose(jr, (0, 2, 1, 3)), idx)
        return reshape(diag, (b,) + ty + sx)


def _stack(ts):
    from ..ops import array_ops
    return array_ops.stack(ts)


def _read(x):
    return x._read() if isinstance(x, VariableBase) else x


def ones_like_target(t):
    t = _read(t)
    return wrap(np.ones(t._v.shape, t._v.dtype))


def _zeros_for(s):
    s = _read(s)
    return wrap(np.zeros(s._v.shape, s._v.dtype))


def _unconnected(u):
    v = getattr(u, "value", u)
    v = str(v).lower()
    if v not in ("none", "zero"):
        raise ValueError("Unknown value for unconnected_gradients: %r" % (u,))
    return v


def _log_warning(msg):
    import logging
    logging.getLogger("tensorflow").warning(msg)
