"""The tape: per-thread stacks of recording tapes, and reverse-mode accumulation (GradientTape).

A tape holds ``watched`` (id -> tensor or variable handle, which also keeps them alive so ids are
never reused while the tape lives) and ``nodes``: (primitive, inputs, outputs, params) in execution
order. Reverse mode walks the nodes backwards calling each primitive's vjp; the vjps are written in
eagerflow ops, so an outer tape records the backward pass and nested tapes give higher derivatives.
Broadcasting is undone here, once, with recorded ops (``sum_to``).

Each thread has its own stack of tapes (and of forward accumulators, see ``forward.py``): an op
run in one thread is never recorded by another thread's tape. ``STATE.n`` counts the active tapes
and accumulators of all threads, so with none the dispatch path does one integer test.
"""
import threading

import numpy as np

from ..tensor import Tensor, VariableBase, convert_to_tensor, wrap
from .. import _accel
from .primitive import STATE, DIFFERENTIABLE

__all__ = ["GradientTape", "UnconnectedGradients", "sum_to", "record", "record_read",
           "active_tapes", "backward"]


class _ThreadState:
    """One thread's stacks: ``stack`` of tapes (innermost last), ``accs`` of forward accumulators."""
    __slots__ = ("stack", "accs")

    def __init__(self):
        self.stack = []
        self.accs = []


_tls = threading.local()  # .st: this thread's _ThreadState (plain local: faster attribute access)
_lock = threading.Lock()


def thread_state():
    try:
        return _tls.st
    except AttributeError:
        st = _tls.st = _ThreadState()
        return st

# eagerflow ops used by the engine; ops modules import this package, so they are bound on first
# use (once) rather than at import time.
_add = _reduce_sum = _reshape = _stack = _zeros_like = _sum = _MUL = _ADDP = None


_FAST_VJPS = []  # the rules the backward loop inlines (Mul's, AddV2's), while they are registered


def _load_ops():
    global _add, _reduce_sum, _reshape, _stack, _zeros_like, _sum, _MUL, _ADDP
    from ..ops import math_ops, reduction_ops, array_ops
    _MUL = math_ops._mul
    _ADDP = math_ops._add
    _FAST_VJPS[:] = [math_ops._mul.vjp, math_ops._add.vjp]
    _reduce_sum = reduction_ops.reduce_sum
    _sum = reduction_ops._sum  # the Sum primitive (axes already normalized here)
    _reshape = array_ops.reshape
    _stack = getattr(array_ops, "stack", None)
    _zeros_like = getattr(array_ops, "zeros_like", None) or getattr(math_ops, "zeros_like", None)
    _add = math_ops._add  # set last: it is the "loaded" flag


def active_tapes():
    """This thread's stack of tapes (innermost last)."""
    return thread_state().stack


class _Tape:
    __slots__ = ("watched", "nodes", "persistent", "_recording", "variables", "auto_watch", "used",
                 "pushed", "__weakref__")

    def __init__(self, persistent, auto_watch):
        self.watched = {}
        self.nodes = []
        self.persistent = persistent
        self._recording = True
        self.pushed = 0  # how many times it is on a stack (the fast path only cares while it is)
        self.variables = {}
        self.auto_watch = auto_watch
        self.used = False

    @property
    def recording(self):
        return self._recording

    @recording.setter
    def recording(self, value):
        self._recording = value
        if self.pushed:
            _sync()

    def watch(self, obj):
        self.watched[id(obj)] = obj


# -- the single-tape fast path ---------------------------------------------------------------------
# When exactly one tape is active in the whole process (``STATE.n == 1``: no other tape, no forward
# accumulator) and it records, STATE.fast_tid / fast_watched / fast_nodes name its thread and its
# containers, so recording needs no thread-local lookup (the C accelerator reads them too). They are
# recomputed (``_sync``) whenever a tape is pushed or popped, starts or stops recording, or replaces
# its containers; ``STATE.n == 1`` is checked on every use, so a forward accumulator pushed meanwhile
# (which only changes ``n``) turns the fast path off until it is popped.
_ACTIVE = []  # (tape, thread id) of every pushed tape, all threads
_get_ident = threading.get_ident


_FAST_TAPE = None  # the tape of the fast path (for record_read), or None


def _sync():
    with _lock:
        _sync_locked()


def _sync_locked():
    global _FAST_TAPE
    if _READS:
        _READS.clear()
    if STATE.n == 1 and len(_ACTIVE) == 1 and _ACTIVE[0][0]._recording:
        tape, tid = _ACTIVE[0]
        STATE.fast_watched = tape.watched
        STATE.fast_nodes = tape.nodes
        STATE.fast_tid = tid
        _FAST_TAPE = tape
    elif _FAST_TAPE is not None:
        STATE.fast_watched = STATE.fast_nodes = None
        STATE.fast_tid = 0
        _FAST_TAPE = None


STATE.fast_watched = STATE.fast_nodes = None
STATE.fast_tid = 0
_FLOAT_OUT = DIFFERENTIABLE


def record(prim, inputs, outputs, params):
    """Called by the dispatch path (only when some tape is active): appends the op to every tape
    of this thread that watches one of its inputs, and watches its floating outputs."""
    w = STATE.fast_watched
    if w is not None and STATE.n == 1 and STATE.fast_tid == _get_ident():
        for t in inputs:
            if id(t) in w:
                break
        else:
            return
        STATE.fast_nodes.append((prim, inputs, outputs, params))
        for o in outputs:
            if o._v.dtype in _FLOAT_OUT:
                w[id(o)] = o
        return
    try:
        loc = _tls.st
    except AttributeError:
        return
    node = None
    for tape in loc.stack:
        if not tape._recording:
            continue
        w = tape.watched
        for t in inputs:
            if id(t) in w:
                break
        else:
            continue
        if node is None:
            node = (prim, inputs, outputs, params)
        tape.nodes.append(node)
        for o in outputs:
            if o._v.dtype in DIFFERENTIABLE:
                w[id(o)] = o
    if loc.accs:
        for acc in loc.accs:
            if acc.active:
                acc.record(prim, inputs, outputs, params)


STATE.record = record


class _ReadVariable:
    """The pseudo-op of a variable read: its gradient flows to the variable's handle."""
    name = "ReadVariableOp"
    vjp = None
    vjp_needs = False
    multiple_results = False


READ = _ReadVariable()


def record_read(variable, tensor):
    """A variable was read into ``tensor`` while tapes were active."""
    tape = _FAST_TAPE
    if tape is not None and STATE.n == 1 and STATE.fast_tid == _get_ident():
        handle = variable._handle
        w = tape.watched
        hid = id(handle)
        if hid not in w:
            if not (tape.auto_watch and variable.trainable):
                return
            w[hid] = handle
            tape.variables.setdefault(hid, variable)
        if tensor._v.dtype in _FLOAT_OUT:
            tape.nodes.append((READ, (handle,), (tensor,), None))
            w[id(tensor)] = tensor
        return
    try:
        loc = _tls.st
    except AttributeError:
        return
    handle = variable._handle
    hid = id(handle)
    for tape in loc.stack:
        if not tape._recording:
            continue
        w = tape.watched
        if hid not in w:
            if not (tape.auto_watch and variable.trainable):
                continue
            w[hid] = handle
            tape.variables.setdefault(hid, variable)
        if tensor._v.dtype in DIFFERENTIABLE:
            tape.nodes.append((READ, (handle,), (tensor,), None))
            w[id(tensor)] = tensor
    if loc.accs:
        for acc in loc.accs:
            if acc.active:
                acc.record_read(handle, tensor)


# internal reads (operators, primitive arguments) of the fast-path tape: id(handle) -> the read
# tensor, reused while the variable still holds the same array (a write always installs a new array
# once a tensor holds the old one, see variables.py). Cleared whenever the fast path changes (_sync).
# Never used for read_value()/value()/convert_to_tensor, whose tensor the user may differentiate by.
_READS = {}


def read_internal(variable):
    """``variable._read()`` for use inside an op: within one recording tape, reading an unchanged
    variable again returns the same (recorded) tensor, so the tape holds one read node."""
    tape = _FAST_TAPE
    if tape is not None and STATE.n == 1 and STATE.fast_tid == _get_ident():
        h = variable._handle
        hid = id(h)
        v = h.value
        t = _READS.get(hid)
        if t is not None and t._v is v:
            return t
        h.shared = True
        t = _new(Tensor)
        t._v = v
        w = tape.watched
        if hid not in w:
            if not (tape.auto_watch and variable._trainable):
                return t
            w[hid] = h
            tape.variables.setdefault(hid, variable)
        if v.dtype in _FLOAT_OUT:
            tape.nodes.append((READ, (h,), (t,), None))
            w[id(t)] = t
            _READS[hid] = t
        return t
    return variable._read()


def push_tape(tape):
    try:
        stack = _tls.st.stack
    except AttributeError:
        stack = thread_state().stack
    stack.append(tape)
    tape.pushed += 1
    with _lock:
        STATE.n += 1
        _ACTIVE.append((tape, _get_ident()))
        _sync_locked()


def pop_tape(tape):
    stack = thread_state().stack
    for k in range(len(stack) - 1, -1, -1):
        if stack[k] is tape:
            del stack[k]
            tape.pushed -= 1
            with _lock:
                STATE.n -= 1
                for j in range(len(_ACTIVE) - 1, -1, -1):
                    if _ACTIVE[j][0] is tape:
                        del _ACTIVE[j]
                        break
                _sync_locked()
            return


def sum_to(g, shape):
    """Sums a broadcast gradient back to ``shape`` with recorded ops (so it differentiates)."""
    if _add is None:
        _load_ops()
    gshape = g._v.shape
    shape = tuple(shape)
    if gshape == shape:
        return g
    lead = len(gshape) - len(shape)
    axes = list(range(lead)) + [k + lead for k, d in enumerate(shape)
                                if d == 1 and gshape[k + lead] != 1]
    if axes:
        g = _sum(g, axis=tuple(axes), keepdims=False)
    return _reshape(g, shape) if g._v.shape != shape else g


class UnconnectedGradients:
    """What ``gradient`` returns for a source the target does not depend on."""
    NONE = "none"
    ZERO = "zero"


# -- nested structures --------------------------------------------------------------------------
def _sorted_keys(d):
    try:
        return sorted(d)
    except TypeError:
        return sorted(d, key=repr)


def _flatten(x, out):
    if isinstance(x, dict):
        for k in _sorted_keys(x):
            _flatten(x[k], out)
    elif isinstance(x, (list, tuple)):
        for y in x:
            _flatten(y, out)
    else:
        out.append(x)
    return out


def _pack(structure, flat, pos=None):
    if pos is None:
        pos = [0]
    if isinstance(structure, dict):
        d = {k: _pack(structure[k], flat, pos) for k in _sorted_keys(structure)}
        if type(structure) is dict:
            return {k: d[k] for k in structure}
        return type(structure)((k, d[k]) for k in structure)
    if isinstance(structure, (list, tuple)):
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
    if type(x) is Tensor:
        return x._v.dtype in DIFFERENTIABLE
    d = x.dtype
    return d.is_floating or d.is_complex


# -- reverse accumulation -----------------------------------------------------------------------
def _accumulate(a, b):
    """a + b for gradient accumulation; with no tape active nothing needs recording, so the
    dispatch is skipped (same-dtype arrays of one shape, the usual case)."""
    av, bv = a._v, b._v
    if not STATE.n and av.dtype is bv.dtype and av.shape == bv.shape:
        t = _new(Tensor)
        r = _np_add(av, bv)
        t._v = r if type(r) is _ndarray else _asarray(r)
        return t
    return _add(a, b)


_new = object.__new__
_np_add = np.add


def backward(tape, targets, seeds):
    """Reverse accumulation over ``tape``: returns {id: gradient} for every reached tensor/handle."""
    if _add is None:
        _load_ops()
    add = _accumulate
    grads = {}
    for t, s in zip(targets, seeds):
        k = _key(t)
        grads[k] = s if k not in grads else add(grads[k], s)
    watched = tape.watched
    get = grads.get
    # with nothing recording the backward pass, Mul's and AddV2's rules (``g * y, x * g`` and
    # ``g, g``) are computed here directly on the arrays for real same-dtype tensors, exactly as the
    # ``*`` fast path would (while those rules are the registered ones)
    cslots = _accel.ACTIVE  # Tensor's C ``*``/``+`` slots run the kernels themselves
    if STATE.n:
        mul = addp = None
    else:
        mul = _MUL if _MUL.vjp is _FAST_VJPS[0] else None
        addp = _ADDP if _ADDP.vjp is _FAST_VJPS[1] else None
    for prim, inputs, outputs, params in reversed(tape.nodes):
        if len(outputs) == 1:
            ans = outputs[0]
            g = get(id(ans))
            if g is None:
                continue
            if prim is READ:
                k = id(inputs[0])
                old = get(k)
                grads[k] = g if old is None else add(old, g)
                continue
            if (prim is mul or prim is addp) and type(g) is Tensor:
                x, y = inputs
                gv = g._v
                d = gv.dtype
                if type(x) is Tensor and type(y) is Tensor and d.kind == "f" and \
                        d is x._v.dtype and d is y._v.dtype and gv.shape == ans._v.shape:
                    xv = x._v
                    yv = y._v
                    kx = id(x)
                    if x is y:  # ``x * x``: g * x + x * g (one product, added to itself)
                        if kx in watched:
                            if prim is mul:
                                if cslots:
                                    gx = g * x  # the C slot: Mul's forward, nothing recorded
                                else:
                                    r = gv * xv
                                    gx = _new(Tensor)
                                    gx._v = r if type(r) is _ndarray else _asarray(r)
                            else:
                                gx = g
                            if gx._v.shape != xv.shape:
                                gx = sum_to(gx, xv.shape)
                            old = get(kx)
                            # in the order the rule's two gradients would be accumulated
                            grads[kx] = _acc_fast(gx, gx) if old is None else \
                                _acc_fast(_acc_fast(old, gx), gx)
                        continue
                    if kx in watched:
                        if prim is mul:
                            if cslots:
                                gx = g * y
                            else:
                                r = gv * yv
                                gx = _new(Tensor)
                                gx._v = r if type(r) is _ndarray else _asarray(r)
                        else:
                            gx = g
                        if gx._v.shape != xv.shape:
                            gx = sum_to(gx, xv.shape)
                        old = get(kx)
                        grads[kx] = gx if old is None else _acc_fast(old, gx)
                    ky = id(y)
                    if ky in watched:
                        if prim is mul:
                            if cslots:
                                gy = x * g
                            else:
                                r = xv * gv
                                gy = _new(Tensor)
                                gy._v = r if type(r) is _ndarray else _asarray(r)
                        else:
                            gy = g
                        if gy._v.shape != yv.shape:
                            gy = sum_to(gy, yv.shape)
                        old = get(ky)
                        grads[ky] = gy if old is None else _acc_fast(old, gy)
                    continue
        else:
            gs = [get(id(o)) for o in outputs]
            if all(x is None for x in gs):
                continue
            g = tuple(x if x is not None else _zeros_like(o) for x, o in zip(gs, outputs))
            ans = outputs
        vjp = prim.vjp
        if vjp is None:
            raise LookupError("No gradient defined for operation '%s' (op type: %s)" % (
                prim.name, prim.name))
        if prim.vjp_needs:
            # the rule skips the work for inputs nobody differentiates (e.g. matmul's data input)
            needs = tuple([id(x) in watched for x in inputs])
            if params:
                in_grads = vjp(g, ans, *inputs, _needs=needs, **params)
            else:
                in_grads = vjp(g, ans, *inputs, _needs=needs)
        else:
            in_grads = vjp(g, ans, *inputs, **params) if params else vjp(g, ans, *inputs)
        for x, gx in zip(inputs, in_grads):
            if gx is None:
                continue
            k = id(x)
            if k not in watched:
                continue
            if type(gx) is not Tensor and not isinstance(gx, Tensor):
                gx = convert_to_tensor(gx, dtype=getattr(x, "dtype", None))
            xs = x._v.shape if type(x) is Tensor or isinstance(x, Tensor) else x.value.shape
            if gx._v.shape != xs:
                gx = sum_to(gx, xs)
            old = get(k)
            grads[k] = gx if old is None else add(old, gx)
    return grads


_ndarray = np.ndarray
_asarray = np.asarray


def _acc_fast(a, b):
    """``_accumulate`` when no tape is active."""
    av = a._v
    bv = b._v
    if av.dtype is bv.dtype and av.shape == bv.shape and type(a) is Tensor:
        if _accel.ACTIVE:
            return a + b  # the C slot: AddV2's forward, nothing recorded
        t = _new(Tensor)
        r = _np_add(av, bv)
        t._v = r if type(r) is _ndarray else _asarray(r)
        return t
    return _add(a, b)


_NOT_ENTERED = ("A non-persistent GradientTape can only be used to compute one set of gradients "
                "(or jacobians)")


class GradientTape:
    """Records operations for automatic differentiation (``tf.GradientTape``)."""

    __slots__ = ("_persistent", "_watch_accessed_variables", "_tape", "_recording", "_entered",
                 "_watched_variables")

    def __init__(self, persistent=False, watch_accessed_variables=True):
        self._persistent = persistent
        self._watch_accessed_variables = watch_accessed_variables
        self._tape = None
        self._recording = False
        self._entered = False
        self._watched_variables = ()

    def __enter__(self):
        if self._recording:
            raise ValueError("Tape is still recording, This can happen if you try to re-enter an "
                             "already-active tape.")
        tape = self._tape
        if tape is None or tape.used:
            tape = self._tape = _Tape(self._persistent, self._watch_accessed_variables)
        self._entered = True
        # push_tape, inlined
        try:
            stack = _tls.st.stack
        except AttributeError:
            stack = thread_state().stack
        stack.append(tape)
        tape.pushed += 1
        tid = _get_ident()
        with _lock:
            n = STATE.n = STATE.n + 1
            _ACTIVE.append((tape, tid))
            if n == 1 and tape._recording and len(_ACTIVE) == 1:
                # _sync_locked's single-tape case
                global _FAST_TAPE
                if _READS:
                    _READS.clear()
                STATE.fast_watched = tape.watched
                STATE.fast_nodes = tape.nodes
                STATE.fast_tid = tid
                _FAST_TAPE = tape
            else:
                _sync_locked()
        self._recording = True
        return self

    def __exit__(self, typ, val, tb):
        if self._recording:
            # pop_tape, inlined for the usual case: this tape is the innermost of its thread
            tape = self._tape
            try:
                stack = _tls.st.stack
            except AttributeError:
                stack = None
            if stack and stack[-1] is tape:
                del stack[-1]
                tape.pushed -= 1
                with _lock:
                    STATE.n -= 1
                    if _ACTIVE[-1][0] is tape:
                        del _ACTIVE[-1]
                    else:
                        for j in range(len(_ACTIVE) - 1, -1, -1):
                            if _ACTIVE[j][0] is tape:
                                del _ACTIVE[j]
                                break
                    _sync_locked()
            else:
                pop_tape(tape)
            self._recording = False

    def _push(self):
        push_tape(self._tape)
        self._recording = True

    def _pop(self):
        pop_tape(self._tape)
        self._recording = False

    def watch(self, tensor):
        """Ensures ``tensor`` (a tensor, variable or nested structure of them) is traced."""
        if self._tape is None:
            self._tape = _Tape(self._persistent, self._watch_accessed_variables)
        tape = self._tape
        for t in _flatten(tensor, []):
            if isinstance(t, VariableBase):
                h = t._handle
                tape.watch(h)
                tape.variables.setdefault(id(h), t)
                continue
            if not isinstance(t, Tensor):
                raise ValueError("Passed in object of type %s, not tf.Tensor or tf.Variable or "
                                 "ExtensionType." % type(t))
            if not _is_float(t):
                __import__("logging").getLogger("tensorflow").warning(
                    "The dtype of the watched tensor must be floating (e.g. tf.float32), got %r",
                    t.dtype)
                continue
            tape.watch(t)

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
        if self._tape is None:
            return
        self._tape.nodes = []
        self._tape.watched = {}
        self._tape.variables = {}
        _sync()

    def watched_variables(self):
        """The variables this tape watches, in the order first watched."""
        if self._tape is not None and not self._tape.used:
            self._watched_variables = tuple(self._tape.variables.values())
        return self._watched_variables

    def _check_usable(self):
        if self._tape is None or self._tape.used:
            raise RuntimeError(_NOT_ENTERED if not self._persistent else
                               "GradientTape.gradient can only be called once on non-persistent "
                               "tapes.")

    def _done(self):
        if not self._persistent:
            tape = self._tape
            self._watched_variables = tuple(tape.variables.values()) if tape.variables else ()
            tape.used = True
            tape._recording = False
            tape.nodes = []
            tape.watched = {}
            tape.variables = {}
            if tape.pushed:
                _sync()

    def _backward(self, targets, seeds):
        tape = self._tape
        was = tape._recording
        if not was or not tape.pushed:  # nothing to switch off (the usual case: after the block)
            tape._recording = False
            try:
                return backward(tape, targets, seeds)
            finally:
                tape._recording = was
        tape.recording = False
        try:
            return backward(tape, targets, seeds)
        finally:
            tape.recording = was

    def gradient(self, target, sources, output_gradients=None,
                 unconnected_gradients=UnconnectedGradients.NONE):
        """Gradient of target (summed if non-scalar, or a list) w.r.t. sources, in their structure."""
        tape = self._tape
        if type(target) is Tensor and output_gradients is None and tape is not None and \
                not tape.pushed and not tape.persistent and not tape.used and \
                unconnected_gradients == "none":
            # the usual case: a non-persistent tape after its block, one tensor target
            tv = target._v
            d = tv.dtype
            ts = type(sources)
            if ts is list:
                for s in sources:
                    if type(s) is not Tensor and not isinstance(s, VariableBase):
                        ts = None  # nested or other objects: the general path
                        break
            if d in DIFFERENTIABLE and (ts is Tensor or ts is list or
                                        isinstance(sources, VariableBase)):
                shape = tv.shape
                seed = _new(Tensor)
                seed._v = np.ones(shape, d) if shape else np.array(1, d)
                was = tape._recording
                tape._recording = False
                try:
                    grads = backward(tape, (target,), (seed,))
                except BaseException:
                    tape._recording = was
                    raise
                get = grads.get
                if ts is list:
                    g = []
                    for s in sources:
                        if type(s) is Tensor:
                            gs = get(id(s))
                            if gs is not None and s._v.dtype not in DIFFERENTIABLE:
                                gs = None
                        else:
                            h = s._handle
                            gs = get(id(h))
                            if gs is not None and h.value.dtype not in DIFFERENTIABLE:
                                gs = None
                        g.append(gs)
                elif ts is Tensor:
                    g = get(id(sources))
                    if g is not None and sources._v.dtype not in DIFFERENTIABLE:
                        g = None
                else:
                    h = sources._handle
                    g = get(id(h))
                    if g is not None and h.value.dtype not in DIFFERENTIABLE:
                        g = None
                self._watched_variables = tuple(tape.variables.values()) if tape.variables \
                    else ()
                tape.used = True
                tape.nodes = []
                tape.watched = {}
                tape.variables = {}
                return g
        self._check_usable()
        unconnected = "none" if unconnected_gradients is UnconnectedGradients.NONE else \
            _unconnected(unconnected_gradients)
        tt = type(target)
        if (tt is Tensor or isinstance(target, (Tensor, VariableBase))) and \
                output_gradients is None:
            t = _read(target)
            if not _is_float(t):
                flat_targets, seeds = [], []
            else:
                shape = t._v.shape
                flat_targets = [target]
                seeds = [wrap(np.ones(shape, t._v.dtype) if shape else np.array(1, t._v.dtype))]
        else:
            flat_targets, seeds = self._targets(target, output_gradients)
        ts = type(sources)
        if ts is Tensor or isinstance(sources, (Tensor, VariableBase)):
            flat_sources = [sources]
            structured = False
        else:
            structured = True
            if ts is list:  # the usual case: a flat list of variables/tensors
                flat_sources = sources
                for s in sources:
                    if type(s) is not Tensor and not isinstance(s, (Tensor, VariableBase)):
                        flat_sources = _flatten(sources, [])
                        break
                else:
                    structured = None  # flat: the gradients are returned as a new list
            else:
                flat_sources = _flatten(sources, [])
            if structured:
                for s in flat_sources:
                    if not isinstance(s, (Tensor, VariableBase)):
                        raise ValueError("Argument `sources` must be a Tensor or Variable, got "
                                         "%r" % (s,))
        grads = self._backward(flat_targets, seeds)
        out = []
        get = grads.get
        for s in flat_sources:
            if type(s) is Tensor:
                g = get(id(s))
                if g is not None and s._v.dtype not in DIFFERENTIABLE:
                    g = None
            else:
                g = get(_key(s))
                if g is not None and not _is_float(s):
                    g = None
            if g is None and unconnected == "zero":
                g = _zeros_for(s)
            out.append(g)
        self._done()
        if structured:
            return _pack(sources, out)
        return out if structured is None else out[0]

    def _targets(self, target, output_gradients):
        flat_targets = [t if isinstance(t, (Tensor, VariableBase)) else convert_to_tensor(t)
                        for t in _flatten(target, [])]
        if output_gradients is not None:
            ogs = _flatten(output_gradients, [])
            if len(ogs) != len(flat_targets):
                raise ValueError("Mismatch in the number of targets and output_gradients")
        else:
            ogs = [None] * len(flat_targets)
        targets, seeds = [], []
        for t, og in zip(flat_targets, ogs):
            tv = _read(t)
            if not _is_float(tv):
                continue  # integer targets carry no gradient (TF returns None)
            targets.append(t)
            seeds.append(wrap(np.ones(tv._v.shape, tv._v.dtype)) if og is None else
                         convert_to_tensor(og, dtype=tv.dtype))
        return targets, seeds

    def jacobian(self, target, sources, unconnected_gradients=UnconnectedGradients.NONE,
                 parallel_iterations=None, experimental_use_pfor=True):
        """d target[i...] / d source[j...], shaped target.shape + source.shape, per source."""
        self._check_usable()
        if _add is None:
            _load_ops()
        if not experimental_use_pfor and not self._persistent:
            raise RuntimeError("GradientTape must be created with persistent=True to compute the "
                               "jacobian with eager execution enabled and with  "
                               "experimental_use_pfor set to False.")
        unconnected = _unconnected(unconnected_gradients)
        t = _read(target) if isinstance(target, VariableBase) else convert_to_tensor(target)
        flat_sources = _flatten(sources, [])
        tshape = t._v.shape
        n = t._v.size
        rows = [[] for _ in flat_sources]
        if _is_float(t):
            for i in range(n):
                seed = np.zeros(n, t._v.dtype)
                seed[i] = 1
                grads = self._backward([target], [wrap(seed.reshape(tshape))])
                for k, s in enumerate(flat_sources):
                    rows[k].append(grads.get(_key(s)))
        else:
            rows = [[None] * n for _ in flat_sources]
        out = []
        for s, r in zip(flat_sources, rows):
            sv = _read(s)
            full = tshape + sv._v.shape
            if all(g is None for g in r) or not _is_float(sv):
                out.append(None if unconnected == "none" else wrap(np.zeros(full, sv._v.dtype)))
                continue
            r = [g if g is not None else _zeros_for(sv) for g in r]
            out.append(_reshape(_stack(r), full))
        self._done()
        return _pack(sources, out)

    def batch_jacobian(self, target, source, unconnected_gradients=UnconnectedGradients.NONE,
                       parallel_iterations=None, experimental_use_pfor=True):
        """Per-example Jacobians: [B] + target.shape[1:] + source.shape[1:].

        Examples are assumed independent (as TF's does), so one backward pass with the seed
        ``1`` at position j of every example gives row j of all B Jacobians at once."""
        self._check_usable()
        if _add is None:
            _load_ops()
        if not experimental_use_pfor and not self._persistent:
            raise RuntimeError("GradientTape must be created with persistent=True to compute the "
                               "batch_jacobian with eager execution enabled and with  "
                               "experimental_use_pfor set to False.")
        unconnected = _unconnected(unconnected_gradients)
        t = _read(target) if isinstance(target, VariableBase) else convert_to_tensor(target)
        s = _read(source)
        if t._v.ndim < 1 or s._v.ndim < 1 or t._v.shape[0] != s._v.shape[0]:
            raise ValueError("Need first dimension of target shape (%s) and source shape (%s) to "
                             "match." % (tuple(t._v.shape), tuple(s._v.shape)))
        b = t._v.shape[0]
        ty, sx = t._v.shape[1:], s._v.shape[1:]
        ny = int(np.prod(ty, dtype=np.int64))
        rows = []
        if _is_float(t):
            for j in range(ny):
                seed = np.zeros((b, ny), t._v.dtype)
                seed[:, j] = 1
                grads = self._backward([target], [wrap(seed.reshape(t._v.shape))])
                rows.append(grads.get(_key(source)))
        full = (b,) + ty + sx
        if not rows or all(g is None for g in rows) or not _is_float(s):
            self._done()
            return None if unconnected == "none" else wrap(np.zeros(full, s._v.dtype))
        rows = [g if g is not None else _zeros_for(s) for g in rows]
        # rows[j] has the source's shape [B, *sx]: stack on axis 1 -> [B, ny, *sx]
        out = _reshape(_stack(rows, axis=1), full)
        self._done()
        return out


def _read(x):
    return x._read() if isinstance(x, VariableBase) else x


def _zeros_for(s):
    s = _read(s)
    return wrap(np.zeros(s._v.shape, s._v.dtype))


def _unconnected(u):
    v = getattr(u, "value", u)
    v = str(v).lower()
    if v not in ("none", "zero"):
        raise ValueError("Unknown value for unconnected_gradients: %r" % (u,))
    return v
