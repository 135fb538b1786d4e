"""Tapes: per-thread stacks of recording tapes and the engine's record hook.

A tape holds ``watched`` (id -> tensor or variable handle, which also keeps them alive so ids are
never reused while the tape lives) and ``nodes``: (primitive, inputs, outputs, params) in execution
order; ``backward.py`` walks them in reverse.

Each thread has its own stack of tapes (and of forward accumulators, see ``forward.py``): an op run in
one thread is never recorded by another thread's tape. ``STATE.n`` counts the active tapes and
accumulators of all threads, so with none the dispatch path does one integer test. ``STATE.fast``
names the one thread (if any) whose only listener is one recording tape, with that tape's
containers, so the C dispatch path can record there without a thread-local lookup; it is a single
tuple replaced atomically, and only the thread it names ever uses or clears it.
"""
import _thread  # threading's lock and thread-local types, without importing threading

from ..engine.primitive import STATE, DIFFERENTIABLE
from ..engine.resource import read_variable as READ

__all__ = ["record", "push_tape", "pop_tape", "thread_state", "active_tapes", "sync"]


class _ThreadState:
    """One thread's stacks: ``stack`` of tapes (innermost last), ``accs`` of forward accumulators."""
    __slots__ = ("stack", "accs")

    def __init__(self):
        self.stack = []
        self.accs = []


_tls = _thread._local()
_lock = _thread.allocate_lock()  # guards STATE.n and STATE.fast
_get_ident = _thread.get_ident


def thread_state():
    try:
        return _tls.st
    except AttributeError:
        st = _tls.st = _ThreadState()
        return st


def active_tapes():
    """This thread's stack of tapes (innermost last)."""
    return thread_state().stack


class Tape:
    __slots__ = ("watched", "nodes", "persistent", "_recording", "variables", "auto_watch", "used",
                 "pushed", "__weakref__")

    def __init__(self, persistent, auto_watch):
        self.pushed = 0  # times it is on a stack (the fast slot only matters while it is)
        self.watched = {}
        self.nodes = []
        self.persistent = persistent
        self._recording = True
        self.variables = {}  # id(handle) -> Variable, in the order first watched
        self.auto_watch = auto_watch
        self.used = False

    @property
    def recording(self):
        return self._recording

    @recording.setter
    def recording(self, value):
        self._recording = value
        if self.pushed:
            sync()

    def watch(self, obj):
        self.watched[id(obj)] = obj

    def clear(self):
        """Forgets everything recorded (in place: the fast slot keeps naming these containers)."""
        self.nodes.clear()
        self.watched.clear()
        self.variables.clear()


def sync():
    """Recomputes this thread's claim on the fast record slot after its listeners changed."""
    st = thread_state()
    with _lock:
        _sync_locked(st, _get_ident())


def _sync_locked(st, tid):
    stack = st.stack
    fast = STATE.fast
    if len(stack) == 1 and not st.accs and stack[0]._recording:
        if fast is None or fast[0] == tid:
            tape = stack[0]
            STATE.fast = (tid, tape.watched, tape.nodes, tape)
    elif fast is not None and fast[0] == tid:
        STATE.fast = None


def push_tape(tape):
    try:
        st = _tls.st
    except AttributeError:
        st = thread_state()
    st.stack.append(tape)
    tape.pushed += 1
    with _lock:
        STATE.n += 1
        _sync_locked(st, _get_ident())


def pop_tape(tape):
    st = thread_state()
    stack = st.stack
    for k in range(len(stack) - 1, -1, -1):
        if stack[k] is tape:
            del stack[k]
            tape.pushed -= 1
            with _lock:
                STATE.n -= 1
                _sync_locked(st, _get_ident())
            return


def record(prim, inputs, outputs, params):
    """The record hook (the dispatch path calls it when some listener is active): appends the op to
    every recording tape of this thread that watches one of its inputs, and watches its
    differentiable outputs; variable reads watch trainable variables on auto-watching tapes."""
    if prim is READ:
        return _record_read(params["handle"], outputs[0])
    if not inputs:
        return
    fast = STATE.fast
    if fast is not None and fast[0] == _get_ident():
        w = fast[1]
        for t in inputs:
            if id(t) in w:
                break
        else:
            return
        fast[2].append((prim, inputs, outputs, params))
        for o in outputs:
            if o._v.dtype in DIFFERENTIABLE:
                w[id(o)] = o
        return
    st = getattr(_tls, "st", None)
    if st is None:
        return
    node = None
    for tape in st.stack:
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
    for acc in st.accs:
        if acc.active:
            acc.record(prim, inputs, outputs, params)


def _record_read(handle, tensor):
    st = getattr(_tls, "st", None)
    if st is None:
        return
    hid = id(handle)
    node = None
    for tape in st.stack:
        if not tape._recording:
            continue
        w = tape.watched
        if hid not in w:
            if not (tape.auto_watch and handle.trainable):
                continue
            w[hid] = handle
            tape.variables.setdefault(hid, handle.variable)
        if tensor._v.dtype in DIFFERENTIABLE:
            if node is None:
                node = (READ, (handle,), (tensor,), {"handle": handle})
            tape.nodes.append(node)
            w[id(tensor)] = tensor
    for acc in st.accs:
        if acc.active:
            acc.record_read(handle, tensor)


STATE.record = record
