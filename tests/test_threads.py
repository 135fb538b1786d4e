"""Thread safety of the engine: variable writes, variable reads, and tapes under many threads.

Each test runs 8 threads with ``sys.setswitchinterval(1e-6)`` (the interpreter switches threads
between almost every bytecode), so a read-modify-write that is not atomic, an array written in place
while a tensor holds it, or shared tape state read in several steps shows up as a wrong number or an
exception. TF's semantics checked here: concurrent ``assign_add``/``assign_sub``/``assign`` on one
variable are atomic (TF's resource-variable kernels take the variable's mutex); a tensor read from a
variable is a snapshot that later writes never change; tapes are per thread (an op is only recorded
by its own thread's tapes) and gradients are right whatever other threads record.

The tape test also runs in a subprocess with ``EAGERFLOW_NO_ACCEL=1`` (the pure-Python path).
"""
import contextlib
import os
import subprocess
import sys
import threading
import traceback

import numpy as np
import pytest

import eagerflow as tf

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
N_THREADS = 8
JOIN_TIMEOUT = 300  # seconds; a thread still alive after it means a deadlock


@contextlib.contextmanager
def fast_switching():
    """Threads switch (almost) between every bytecode while the block runs."""
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(old)


def run_threads(target, n=N_THREADS):
    """Runs ``target(k)`` for k in range(n) in n threads started together (fast switching on);
    re-raises the first exception of any thread, with its traceback in the message."""
    errors = []
    barrier = threading.Barrier(n)

    def body(k):
        try:
            barrier.wait()
            target(k)
        except BaseException as e:  # noqa: BLE001 - reported to the test's thread below
            errors.append((k, e, traceback.format_exc()))

    threads = [threading.Thread(target=body, args=(k,), daemon=True) for k in range(n)]
    with fast_switching():
        for t in threads:
            t.start()
        for t in threads:
            t.join(JOIN_TIMEOUT)
    alive = [t.name for t in threads if t.is_alive()]
    assert not alive, "threads still running (deadlock?): %s" % alive
    if errors:
        k, e, tb = errors[0]
        raise AssertionError("%d of %d threads failed; thread %d:\n%s" % (
            len(errors), n, k, tb)) from e


def test_switch_interval_is_restored():
    before = sys.getswitchinterval()
    run_threads(lambda k: None)
    assert sys.getswitchinterval() == before


# -- (a) atomic read-modify-write ------------------------------------------------------------------
N_UPDATES = 5000


@pytest.mark.parametrize("dtype", ["float32", "float64", "int32"])
def test_concurrent_assign_add_is_atomic(dtype):
    v = tf.Variable(0, dtype=dtype)
    one = 1 if dtype.startswith("int") else 1.0

    def work(k):
        for _ in range(N_UPDATES):
            v.assign_add(one)

    run_threads(work)
    assert v.numpy() == N_THREADS * N_UPDATES
    assert v.dtype.name == dtype


def test_concurrent_assign_sub_is_atomic():
    v = tf.Variable(float(N_THREADS * N_UPDATES))

    def work(k):
        for _ in range(N_UPDATES):
            v.assign_sub(1.0, read_value=False)

    run_threads(work)
    assert v.numpy() == 0.0


def test_concurrent_mixed_updates_are_atomic():
    """Half the threads add 3, half subtract 1, with Python numbers, tensors and read_value=False;
    a vector variable gets the same updates elementwise."""
    s = tf.Variable(0.0)
    vec = tf.Variable(np.zeros(3, np.float32))
    three, one = tf.constant(3.0), tf.constant(np.ones(3, np.float32))

    def work(k):
        for i in range(N_UPDATES):
            if k % 2:
                if i % 2:
                    s.assign_add(3.0)
                else:
                    s.assign_add(three, read_value=False)
                vec.assign_add(one * 3.0)
            else:
                if i % 2:
                    s.assign_sub(1.0)
                else:
                    s.assign_sub(tf.constant(1.0), read_value=False)
                vec.assign_sub(one)

    run_threads(work)
    expected = N_THREADS // 2 * N_UPDATES * 3 - N_THREADS // 2 * N_UPDATES
    assert s.numpy() == expected
    assert vec.numpy().tolist() == [expected] * 3


def test_assign_is_never_lost_to_a_concurrent_update():
    """``assign`` is atomic with respect to ``assign_add`` (both hold the variable's lock in TF):
    an assign_add that read the value before an assign must not write its result after it."""
    v = tf.Variable(0.0, dtype=tf.float64)
    step = 1e6  # far more than all the increments together
    lost = []

    def work(k):
        if k == 0:
            for i in range(1, 1001):
                v.assign(i * step)
                now = v.numpy()
                if now < i * step:
                    lost.append((i * step, now))
        else:
            for _ in range(N_UPDATES):
                v.assign_add(1.0)

    run_threads(work)
    assert not lost, "assigned value overwritten by a stale assign_add: %s" % lost[:5]
    assert v.numpy() >= 1000 * step


# -- (b) a tensor read from a variable never changes afterwards ------------------------------------
_READS = [
    ("read_value", lambda v: v.read_value()),
    ("value", lambda v: v.value()),
    ("v + 0", lambda v: v + 0),
    ("identity", lambda v: tf.identity(v)),
    ("convert_to_tensor", lambda v: tf.convert_to_tensor(v)),
    ("v[0]", lambda v: v[0]),
    ("v[1:3]", lambda v: v[1:3]),
    ("v[:, 1]", lambda v: v[:, 1]),
]


def test_read_tensors_are_snapshots_under_concurrent_writes():
    """Half the threads write (assign_add, assign_sub, sliced assign, assign), half read in every
    way and hold the tensors a while: none changes after its read (three rounds)."""
    n_iter = 3000
    changed = []

    def writer(v, k):
        for i in range(n_iter):
            r = (i + k) % 5
            if r == 0:
                v.assign_add(np.ones((4, 3), np.float32), read_value=False)
            elif r == 1:
                v.assign_sub(tf.ones((4, 3)), read_value=False)
            elif r == 2:
                v[i % 4].assign(float(i))             # sliced assignment, Python number
            elif r == 3:
                v[1:3, 0].assign(tf.constant([2.0, -2.0]))
            else:
                v.assign(np.full((4, 3), float(i), np.float32), read_value=False)

    def check(held):
        for name, t, snap in held:
            if not np.array_equal(t.numpy(), snap):
                changed.append((name, snap.tolist(), t.numpy().tolist()))

    def reader(v, k):
        held = []
        for i in range(n_iter):
            name, read = _READS[(i + k) % len(_READS)]
            t = read(v)
            held.append((name, t, t.numpy().copy()))
            if len(held) == 40:  # check them, then let them go
                check(held)
                held = []
        check(held)

    for _ in range(3):
        v = tf.Variable(np.zeros((4, 3), np.float32))
        run_threads(lambda k: writer(v, k) if k % 2 else reader(v, k))
        if changed:
            break
    assert not changed, "%d read tensors changed after the read, e.g. %s" % (len(changed),
                                                                           changed[:3])


def test_read_value_is_a_consistent_state():
    """Every read sees one state of the variable (whole-variable writes keep all elements
    equal, so a read mixing two writes would have unequal elements)."""
    v = tf.Variable(np.zeros(64, np.float64))
    ones = np.ones(64)
    torn = []

    def work(k):
        for i in range(2000):
            if k % 2:
                if i % 2:
                    v.assign_add(ones)
                else:
                    v.assign(np.full(64, float(i)))
            else:
                a = v.read_value().numpy()
                if not (a == a[0]).all():
                    torn.append(a.tolist())

    run_threads(work)
    assert not torn, torn[:2]


# -- (c) tapes in many threads -----------------------------------------------------------------
_SHARED = []  # a trainable variable every thread reads (created on first use)


def _close(a, b):
    return np.allclose(np.asarray(a), np.asarray(b), rtol=1e-5, atol=1e-6)


def tape_workload(k, iterations=60):
    """One thread's tape traffic, each result checked: nested tapes (second derivatives),
    persistent tapes, stop_recording, variables (own and shared), reset, forward accumulators."""
    shared = _SHARED[0]
    xv = np.array([0.5 + k, -1.0 - 0.25 * k], np.float64)
    x = tf.constant(xv)
    own = tf.Variable(np.array([1.0 + k, 2.0], np.float64))
    free = xv
    for _ in range(8):
        free = np.sin(free) * 0.5 + xv
    for it in range(iterations):
        # nested: outer watches x, inner is persistent, part of the block not recorded by inner
        with tf.GradientTape() as outer:
            outer.watch(x)
            with tf.GradientTape(persistent=True) as inner:
                inner.watch(x)
                y = x * x * x
                with inner.stop_recording():
                    z = y * 2.0          # recorded by outer only
                w = y + x
            dy = inner.gradient(y, x)     # 3x^2, recorded by outer
            dw = inner.gradient(w, x)     # 3x^2 + 1
            assert inner.gradient(z, x) is None, "stop_recording was ignored"
            del inner
        assert _close(dy.numpy(), 3 * xv ** 2), (k, it, dy.numpy())
        assert _close(dw.numpy(), 3 * xv ** 2 + 1), (k, it, dw.numpy())
        d2 = outer.gradient(dy, x)        # 6x
        assert _close(d2.numpy(), 6 * xv), (k, it, d2.numpy())

        # one tape only (the single-tape fast record path), with its exact node count
        with tf.GradientTape() as g:
            g.watch(x)
            p = x * x
            q = p + x
        assert len(g._tape.nodes) == 2, (k, it, [n[0].name for n in g._tape.nodes])
        gq = g.gradient(q, x)
        assert _close(gq.numpy(), 2 * xv + 1), (k, it, gq.numpy())

        # variables: this thread's own and a shared one; watched automatically
        with tf.GradientTape(persistent=True) as gv:
            loss = tf.reduce_sum(own * own * shared) + tf.reduce_sum(tf.sin(x) * shared)
            with gv.stop_recording():
                ignored = own * 3.0
            unrelated = x * 2.0              # x not watched here
        g_own, g_shared = gv.gradient(loss, [own, shared])
        assert _close(g_own.numpy(), 2 * own.numpy() * shared.numpy()), (k, it, g_own.numpy())
        assert _close(g_shared.numpy(), own.numpy() ** 2 + np.sin(xv)), (k, it, g_shared.numpy())
        assert gv.gradient(ignored, own) is None
        assert gv.gradient(unrelated, own) is None
        names = sorted(var.name for var in gv.watched_variables())
        assert len(names) == 2, names
        del gv

        # reset in the middle of a block: only what follows is recorded
        with tf.GradientTape() as gr:
            gr.watch(x)
            _ = x * 5.0
            gr.reset()
            gr.watch(x)
            r = x * x * 4.0
        assert _close(gr.gradient(r, x).numpy(), 8 * xv), (k, it)

        # forward mode inside a tape (every listener kind at once)
        with tf.GradientTape() as gf:
            gf.watch(x)
            with tf.autodiff.ForwardAccumulator(x, tf.constant(np.ones(2))) as acc:
                f = x * x
            jvp = acc.jvp(f)
        assert _close(jvp.numpy(), 2 * xv), (k, it, jvp.numpy())
        assert _close(gf.gradient(f, x).numpy(), 2 * xv), (k, it)

        # short single tapes among tape-free work: often one thread holds the only tape of the
        # process (the single-tape record path) while the others push and pop theirs
        for _ in range(3):
            u = x
            for _ in range(8):
                u = tf.sin(u) * 0.5 + x        # no tape of this thread: recorded nowhere
            assert _close(u.numpy(), free), (k, it, u.numpy())
            with tf.GradientTape() as gs:
                gs.watch(x)
                s = x * x
                for _ in range(4):
                    s = s * 1.0 + x * 0.0
            assert len(gs._tape.nodes) == 13, (k, it, len(gs._tape.nodes))
            assert _close(gs.gradient(s, x).numpy(), 2 * xv), (k, it)

        if it % 10 == 0:
            own.assign_add(np.array([0.5, -0.25]))


def _engine_state():
    try:
        from eagerflow.engine.primitive import STATE
    except ImportError:  # the engine before engine/ existed (these tests also ran against it)
        from eagerflow.autodiff.primitive import STATE
    return STATE


def run_tape_threads():
    """The tape test body (also run by the pure-Python subprocess)."""
    if not _SHARED:
        _SHARED.append(tf.Variable(np.array([1.5, -0.5], np.float64), name="shared"))
    run_threads(tape_workload)
    state = _engine_state()
    assert state.n == 0, state.n      # every tape and accumulator popped
    assert getattr(state, "fast", None) is None, state.fast  # the fast record slot released
    # the main thread's tapes still work (no state left behind by the threads)
    x = tf.constant(3.0)
    with tf.GradientTape() as g:
        g.watch(x)
        y = x * x
    assert g.gradient(y, x).numpy() == 6.0
    return "ok"


def test_concurrent_tapes():
    """In this process: with the C accelerator when it is built."""
    assert run_tape_threads() == "ok"


def test_concurrent_tapes_pure_python():
    env = dict(os.environ, EAGERFLOW_NO_ACCEL="1")
    code = ("import sys; sys.path[:0] = [%r, %r]; from eagerflow import _accel; "
            "assert not _accel.ENABLED; from tests.test_threads import run_tape_threads; "
            "print(run_tape_threads())") % (os.path.join(ROOT, "src"), ROOT)
    res = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         cwd=ROOT, timeout=JOIN_TIMEOUT + 60)
    assert res.returncode == 0 and res.stdout.strip().endswith("ok"), res.stderr[-4000:]
