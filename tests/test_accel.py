"""The optional C accelerator (eagerflow._speedups via eagerflow._accel).

The central test computes a matrix of operator outcomes (values, dtypes, classes, errors) in this
process and in a subprocess with ``EAGERFLOW_NO_ACCEL=1`` (pure Python) and requires them to be equal,
so the C fast paths can never change TF semantics. Everything here also passes without the extension.
"""
import gc
import json
import os
import pickle
import subprocess
import sys
import warnings
import weakref

import numpy as np
import pytest

import eagerflow as tf
from eagerflow import _accel
from eagerflow.ops import elementwise as m
from eagerflow.tensor import Tensor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

needs_c = pytest.mark.skipif(not _accel.ENABLED, reason="C accelerator not built/enabled")


def _operands():
    f32 = np.array([[1.5, -2.0], [0.0, 4.0]], np.float32)
    vals = [
        tf.constant(f32),
        tf.constant(f32 * 2),
        tf.constant(f32[:1]),                       # (1, 2): broadcasts
        tf.constant(f32[0]),                        # (2,)
        tf.constant(np.zeros((3,), np.float32)),    # incompatible with (2, 2)
        tf.constant(np.float32(2.5)),               # 0-d
        tf.constant(np.float16([1.0, 65504.0])),
        tf.constant(np.float64([1.0, -3.0])),
        tf.constant(np.complex64([1 + 2j, 0])),
        tf.constant(np.int32([[1, -2], [0, 7]])),
        tf.constant(np.int32([[3, 3], [0, 1]])),
        tf.constant(np.int32(5)),
        tf.constant(np.int8([100, -100])),
        tf.constant(np.uint8([0, 255])),
        tf.constant(np.int64([2, 9])),
        tf.constant([True, False]),
        tf.constant(["ab", "c"]),
    ]
    scalars = [0, 2, -1, 300, 2 ** 70, 1.5, 0.0, 1e300, float("nan"), True, None, "ab",
               [1.0, 2.0], np.float32(2.0), np.int32(2), np.array([1.0, 2.0], np.float32),
               1 + 2j]
    return vals, scalars


_BINARY = ["+", "-", "*", "/", "<", "<=", ">", ">=", "==", "!="]


def _describe(fn):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            r = fn()
    except Exception as e:  # noqa: BLE001 - the error class and message are the result
        return "%s: %s" % (type(e).__name__, e)
    if isinstance(r, Tensor):
        v = r._v
        return "%s %s %s %s %r" % (type(r).__name__, type(v).__name__, v.dtype, v.shape,
                                   v.tolist())
    return "%s %r" % (type(r).__name__, r)


def outcome_matrix():
    """Every operator on every pair of operands (tensor/tensor, tensor/scalar, scalar/tensor)."""
    vals, scalars = _operands()
    out = []
    for op in _BINARY:
        f = eval("lambda a, b: a %s b" % op)  # noqa: S307 - fixed operator strings
        for i, a in enumerate(vals):
            for j, b in enumerate(vals):
                out.append("%d %s %d -> %s" % (i, op, j, _describe(lambda: f(a, b))))
            for j, s in enumerate(scalars):
                out.append("%d %s s%d -> %s" % (i, op, j, _describe(lambda: f(a, s))))
                out.append("s%d %s %d -> %s" % (j, op, i, _describe(lambda: f(s, a))))
    fadd = m.add
    for i, a in enumerate(vals):
        for j, b in enumerate(vals + scalars):
            out.append("add(%d, %d) -> %s" % (i, j, _describe(lambda: fadd(a, b))))
            out.append("add(%d, %d) -> %s" % (j, i, _describe(lambda: fadd(b, a))))
    return out


def test_fast_paths_match_pure_python():
    here = outcome_matrix()
    env = dict(os.environ, EAGERFLOW_NO_ACCEL="1")
    code = ("import sys, json; sys.path[:0] = [%r, %r]; from tests.test_accel import outcome_matrix;"
            "from eagerflow import _accel; assert not _accel.ENABLED;"
            "print(json.dumps(outcome_matrix()))") % (os.path.join(ROOT, "src"), ROOT)
    res = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         cwd=ROOT, check=True)
    pure = json.loads(res.stdout)
    assert len(here) == len(pure)
    diffs = [(a, b) for a, b in zip(here, pure) if a != b]
    assert not diffs, diffs[:10]


def test_results_are_tensors_of_ndarrays():
    a = tf.constant(np.float32(2.0))
    for r in (a + a, a - 1.5, a * 2.0, a / a, a == 0.0, a < a, a != a):
        assert type(r) is Tensor and type(r._v) is np.ndarray and r._v.shape == ()
    b = tf.constant([[1.0, 2.0]], dtype=tf.float32)
    assert (b + b).numpy().tolist() == [[2.0, 4.0]]
    assert (b == 1.0).numpy().tolist() == [[True, False]]
    assert (b + 1).dtype is tf.float32 and (tf.constant([1, 2]) + 1).dtype is tf.int32


def test_float_division_is_quiet_and_restores_errstate():
    before = np.geterr()
    a = tf.constant([1.0, -1.0, 0.0])
    z = tf.constant([0.0, 0.0, 0.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = (a / z).numpy()
    assert r[0] == np.inf and r[1] == -np.inf and np.isnan(r[2])
    assert np.geterr() == before
    with np.errstate(divide="raise"):  # the caller's state is back after the op
        (a / z).numpy()
        with pytest.raises(FloatingPointError):
            np.float64(1.0) / np.float64(0.0)


def test_gradients_are_recorded():
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape() as g:
        g.watch(x)
        y = x * x + x - 1.0
        z = y / x
    assert g.gradient(z, x).numpy().tolist() == pytest.approx([2.0, 1.25])
    with tf.GradientTape() as g2:
        g2.watch(x)
        with tf.GradientTape() as g1:
            g1.watch(x)
            y = x * x * x
        d1 = g1.gradient(y, x)
    assert g2.gradient(d1, x).numpy().tolist() == pytest.approx([6.0, 12.0])
    # after the tapes close, the fast path is used again and nothing leaks
    assert (x + x).numpy().tolist() == [2.0, 4.0]


def test_variables_and_slices():
    v = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
    t = tf.constant([[1.0, 1.0], [1.0, 1.0]])
    assert (v + t).numpy().tolist() == [[2.0, 3.0], [4.0, 5.0]]
    assert (t + v).numpy().tolist() == [[2.0, 3.0], [4.0, 5.0]]
    assert (t == v).numpy().tolist() == [[True, False], [False, False]]
    s = v[0]
    assert type(s) is not Tensor and isinstance(s, Tensor)
    assert (s + t[0]).numpy().tolist() == [2.0, 3.0]
    assert (t[0] * s).numpy().tolist() == [1.0, 2.0]
    assert (s > 1.5).numpy().tolist() == [False, True]
    assert (s == s).numpy().tolist() == [True, True]
    with tf.GradientTape() as g:
        y = v * t + v
    assert g.gradient(y, v).numpy().tolist() == [[2.0, 2.0], [2.0, 2.0]]


def test_numpy_operands_defer_to_tensor():
    t = tf.constant([1.0, 2.0])
    a = np.array([1.0, 1.0], np.float32)
    assert type(a + t) is Tensor and type(t + a) is Tensor
    assert (a + t).numpy().tolist() == [2.0, 3.0]
    assert type(a < t) is Tensor


def test_object_protocol():
    t = object.__new__(Tensor)
    t._v = np.array([1, 2], np.int32)
    assert (t + t).numpy().tolist() == [2, 4]
    r = weakref.ref(t)
    assert r() is t
    del t
    gc.collect()
    assert r() is None
    u = tf.constant([1.0])
    with pytest.raises(TypeError):
        hash(u)
    assert pickle.loads(pickle.dumps(u)).numpy().tolist() == [1.0]
    assert Tensor([1, 2]).numpy().tolist() == [1, 2]
    with pytest.raises(AttributeError):
        object.__new__(Tensor)._v
    # the value is visible to the cycle collector (NumPy arrays themselves are not tracked)
    w = tf.constant([1.0])
    assert gc.is_tracked(w) and any(x is w._v for x in gc.get_referents(w))


@needs_c
def test_c_state_is_the_engine_state():
    from eagerflow.engine.primitive import STATE
    assert isinstance(STATE, _accel.C.State)
    n = STATE.n
    with tf.GradientTape():
        assert STATE.n == n + 1
    assert STATE.n == n
    assert "__add__" not in Tensor.__dict__ and "__eq__" not in Tensor.__dict__


@needs_c
def test_user_subclass_overrides_still_win():
    class T2(Tensor):
        __slots__ = ()

        def __add__(self, other):
            return "mine"

    x = object.__new__(T2)
    x._v = np.float32([1.0])
    assert x + tf.constant([1.0]) == "mine"
    assert (x * 2.0).numpy().tolist() == [2.0]


def test_failed_build_does_not_fail(tmp_path):
    """setup.py's extension is optional: a compiler that fails leaves a working (pure) install."""
    env = dict(os.environ, CC="false", LDSHARED="false")
    res = subprocess.run([sys.executable, "setup.py", "-q", "build_ext", "--build-lib",
                          str(tmp_path / "lib"), "--build-temp", str(tmp_path / "tmp")],
                         cwd=ROOT, env=env, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr[-2000:]
    assert not list((tmp_path / "lib").rglob("*.so")) if (tmp_path / "lib").exists() else True


def _reflected_and_taped_outcomes():
    """``number OP tensor`` for many dtypes/numbers, and ops recorded by a single tape (values,
    recorded node count, gradients): identical with and without the C accelerator."""
    out = []
    for dt in (np.float16, np.float32, np.float64, np.int8, np.uint8, np.int32, np.uint32, np.int64,
               np.uint64, np.complex64):
        t = tf.constant(np.array([1, 2], dt))
        for s in (70000, 2 ** 62, -2 ** 63, 2 ** 63 - 1, 2 ** 64, 2 ** 31, -1, 0, 1e39, 1e-50,
                  65504.0, 65520.0, 3.5, float("inf")):
            for name, f in (("+", lambda: s + t), ("-", lambda: s - t), ("*", lambda: s * t)):
                out.append("%s %r %s -> %s" % (dt.__name__, s, name, _describe(f)))
    a = tf.constant(np.array([1.0, 2.0], np.float32))
    b = tf.constant(np.array([3.0, 4.0], np.float32))
    c = tf.constant(np.array([1, 2], np.int32))
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(a)
        y = a * b + a - b / a
        z = b * b            # not recorded: nothing watched
        k = c + c            # not recorded
        u = a + 1.5          # recorded through the Python path
    out.append(_describe(lambda: y))
    out.append("nodes %d" % len(tape._tape.nodes))
    out.append(_describe(lambda: tape.gradient(y, a)))
    out.append(_describe(lambda: tape.gradient(u, a)))
    out.append(repr(tape.gradient(z, a)) + repr(tape.gradient(k, a)))
    return out


def test_reflected_and_taped_match_pure_python():
    here = _reflected_and_taped_outcomes()
    env = dict(os.environ, EAGERFLOW_NO_ACCEL="1")
    code = ("import sys, json; sys.path[:0] = [%r, %r]; from tests.test_accel import "
            "_reflected_and_taped_outcomes as f; from eagerflow import _accel; "
            "assert not _accel.ENABLED; print(json.dumps(f()))") % (os.path.join(ROOT, "src"), ROOT)
    res = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         cwd=ROOT, check=True)
    pure = json.loads(res.stdout)
    assert here == pure


def test_single_tape_fast_path_follows_stop_recording_and_threads():
    import threading
    x = tf.constant(2.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        with tape.stop_recording():
            y = x * x        # not recorded
        z = x * x
        res = {}
        th = threading.Thread(target=lambda: res.setdefault("w", x * x))
        th.start()
        th.join()
    assert tape.gradient(y, x) is None
    assert tape.gradient(z, x).numpy() == 4.0
    assert tape.gradient(res["w"], x) is None  # another thread's op is never on this tape
