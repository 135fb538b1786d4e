"""The optional C accelerator (eagerflow._speedups via eagerflow._accel).

The C code is a generic version of the engine's one dispatch path (engine/primitive.py): calling any
primitive, and Tensor's operator slots, run its common case in C and hand every other case to the
Python path. So the central tests compute outcomes (values, dtypes, classes, gradients, errors) in
this process and in a subprocess with ``EAGERFLOW_NO_ACCEL=1`` (pure Python) and require them to be
equal: the operator matrix, the whole op table (tests/op_cases) with no tape, one tape and nested
tapes, and variable reads and writes. Everything here also passes without the extension.
"""
import gc
import json
import os
import pickle
import re
import subprocess
import sys
import warnings
import weakref

import numpy as np
import pytest

import eagerflow as tf
from eagerflow import _accel
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
    fadd = tf.add
    for i, a in enumerate(vals):
        for j, b in enumerate(vals + scalars):
            out.append("add(%d, %d) -> %s" % (i, j, _describe(lambda: fadd(a, b))))
            out.append("add(%d, %d) -> %s" % (j, i, _describe(lambda: fadd(b, a))))
    return out


def pure_python(name):
    """``name()`` (a function of this module returning JSON-able data) run in a subprocess with
    ``EAGERFLOW_NO_ACCEL=1``."""
    env = dict(os.environ, EAGERFLOW_NO_ACCEL="1")
    code = ("import sys, json; sys.path[:0] = [%r, %r]; from eagerflow import _accel; "
            "assert not _accel.ENABLED; from tests.test_accel import %s as f; "
            "print(json.dumps(f()))") % (os.path.join(ROOT, "src"), ROOT, name)
    res = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         cwd=ROOT)
    assert res.returncode == 0, res.stderr[-4000:]
    return json.loads(res.stdout)


def assert_same(here, pure):
    assert len(here) == len(pure), (len(here), len(pure))
    diffs = [(a, b) for a, b in zip(here, pure) if a != b]
    assert not diffs, "%d differences, e.g.\n%s" % (len(diffs), "\n".join(
        "C:    %s\npure: %s" % d for d in diffs[:5]))


def test_operators_match_pure_python():
    assert_same(outcome_matrix(), pure_python("outcome_matrix"))


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
    # the single-tape record slot C reads: claimed by this thread's only recording tape, released
    # when a second listener or stop_recording makes it not the only one, and after the block
    import threading
    with tf.GradientTape() as g:
        assert STATE.fast[0] == threading.get_ident() and STATE.fast[3] is g._tape
        with tf.GradientTape():
            assert STATE.fast is None
        assert STATE.fast[3] is g._tape
        with g.stop_recording():
            assert STATE.fast is None
        assert STATE.fast[3] is g._tape
    assert STATE.fast is None
    assert "__add__" not in Tensor.__dict__ and "__eq__" not in Tensor.__dict__


@needs_c
def test_every_primitive_runs_the_c_path():
    """Every registered primitive is a PrimBase called by vectorcall (the generic C path)."""
    from eagerflow.engine.primitive import REGISTRY, Primitive
    have_vectorcall = 1 << 11  # Py_TPFLAGS_HAVE_VECTORCALL
    assert Primitive.__flags__ & have_vectorcall
    assert REGISTRY and all(isinstance(p, _accel.C.PrimBase) for p in REGISTRY.values())
    assert all(type(p).__flags__ & have_vectorcall for p in REGISTRY.values())


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
    assert_same(_reflected_and_taped_outcomes(), pure_python("_reflected_and_taped_outcomes"))


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


# -- the whole op table, with and without the accelerator ----------------------------------------
_ADDRESS = re.compile(r"0x[0-9a-fA-F]+")


def _show(x):
    """A result as text: tensors with class, dtype, shape and values; lists/tuples; others."""
    if isinstance(x, Tensor):
        v = x._v
        return "%s %s %s %r" % (type(x).__name__, v.dtype, v.shape, v.tolist())
    if isinstance(x, (list, tuple)):
        return "%s[%s]" % (type(x).__name__, ", ".join(_show(y) for y in x))
    if type(x).__name__ == "IndexedSlices":  # a sparse gradient: its parts (its repr has an address)
        return "IndexedSlices(%s; %s; %s)" % (_show(x.values), _show(x.indices),
                                              _show(x.dense_shape))
    return "%s %r" % (type(x).__name__, x)


def _attempt(fn):
    """(True, fn()) or (False, "ErrorClass: message") (addresses masked: they differ per run)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return True, fn()
    except Exception as e:  # noqa: BLE001 - the error class and message are the result
        return False, _ADDRESS.sub("0x?", "%s: %s" % (type(e).__name__, e))


def _text(ok, r):
    return _show(r) if ok else "raises " + r


def _is_inexact(t):
    return isinstance(t, Tensor) and (t.dtype.is_floating or t.dtype.is_complex)


def _three_ways(fn, args, kwargs):
    """``fn(*args, **kwargs)`` with no tape; under one tape watching the inexact tensor arguments
    (and the gradients); under two nested tapes (first derivatives and, where those exist,
    second derivatives)."""
    sources = [a for a in args if _is_inexact(a)]
    lines = []

    def call():
        return fn(*args, **kwargs)

    ok, y = _attempt(call)
    lines.append("plain: " + _text(ok, y))

    with tf.GradientTape() as g:
        g.watch(sources)
        ok, y = _attempt(call)
    lines.append("tape: " + _text(ok, y))
    if ok and sources:
        lines.append("tape d1: " + _text(*_attempt(lambda: g.gradient(y, sources))))

    d1 = None
    with tf.GradientTape() as g2:
        g2.watch(sources)
        with tf.GradientTape() as g1:
            g1.watch(sources)
            ok, y = _attempt(call)
        lines.append("nested: " + _text(ok, y))
        if ok and sources:
            ok1, d1 = _attempt(lambda: g1.gradient(y, sources))
            lines.append("nested d1: " + _text(ok1, d1))
            if not ok1:
                d1 = None
    firsts = [d for d in d1 if _is_inexact(d)] if d1 is not None else []
    if firsts:  # the second derivative where the first is defined
        lines.append("nested d2: " + _text(*_attempt(lambda: g2.gradient(firsts, sources))))
    return lines


def _variants(arrays):
    """The argument lists each case runs with: its sample inputs as tensors; as Python values
    (lists and numbers: the conversion path, and numbers joining tensors as weak scalars); the
    first a tensor and the rest Python values; all cast to bool and, for two or more inputs, the
    second of another float dtype (the dtype errors)."""
    yield "tensors", [tf.constant(a) for a in arrays]
    if not arrays:
        return
    yield "python", [a.tolist() for a in arrays]
    if len(arrays) > 1:
        yield "mixed", [tf.constant(arrays[0])] + [a.tolist() for a in arrays[1:]]
    if all(a.dtype.kind in "biuf" for a in arrays):
        yield "bool", [tf.constant(a.astype(bool)) for a in arrays]
        if len(arrays) > 1:
            other = np.float32 if arrays[1].dtype == np.float64 else np.float64
            yield "mismatch", [tf.constant(a.astype(other) if k == 1 else a)
                               for k, a in enumerate(arrays)]


def op_table_outcomes():
    """Every op-table row (tests/op_cases) on its sample inputs for every dtype and shape, in every
    argument variant, three ways (no tape, one tape, nested tapes): lines of text."""
    from tests.op_cases import CASES
    out = []
    seed = 0
    for case in CASES:
        fn = case.function(tf)
        for dtype in case.dtypes:
            for shapes in case.shapes:
                seed += 1
                arrays = case.inputs(np.random.default_rng(seed), shapes, dtype)
                for variant, args in _variants(arrays):
                    label = "%s %s %s %s" % (case.name, dtype, shapes, variant)
                    out.extend("%s %s" % (label, line)
                               for line in _three_ways(fn, args, case.kwargs))
    return out


def test_op_table_matches_pure_python():
    """The whole op table gives identical values, dtypes, shapes, gradients and errors with the C
    accelerator (this process, when built) and without it (a subprocess)."""
    here = op_table_outcomes()
    assert_same(here, pure_python("op_table_outcomes"))
    # the table really ran: forward results, gradients, second derivatives and errors are there
    assert sum(" plain: EagerTensor " in x for x in here) > 1000
    assert sum(" tape d1: list[EagerTensor" in x for x in here) > 500
    assert sum(" nested d2: list[EagerTensor" in x for x in here) > 300
    assert sum(" plain: raises InvalidArgumentError" in x for x in here) > 200


# -- variables, with and without the accelerator ---------------------------------------------------
def variable_outcomes():
    """Reads (operators, slices, identity), writes (assign, assign_add/sub, sliced assign) and their
    errors, and gradients through reads under one and two tapes: lines of text."""
    out = []

    def note(label, fn):
        out.append("%s -> %s" % (label, _text(*_attempt(fn))))

    v = tf.Variable([[1.0, 2.0], [3.0, 4.0]], name="v")
    k = tf.Variable([1, 2], name="k")
    frozen = tf.Variable([0.5, 0.25], trainable=False, name="frozen")
    t = tf.constant([[1.0, 1.0], [1.0, 1.0]])
    reads = [("read_value", lambda: v.read_value()), ("v+1", lambda: v + 1), ("1+v", lambda: 1 + v),
             ("v*t", lambda: v * t), ("t-v", lambda: t - v), ("v/2", lambda: v / 2.0),
             ("v==t", lambda: v == t), ("v<2.5", lambda: v < 2.5), ("v[0]", lambda: v[0]),
             ("v[:, 1]", lambda: v[:, 1]), ("v[0, 1]", lambda: v[0, 1]),
             ("v[::-1]", lambda: v[::-1]), ("v[v > 2]", lambda: v[v > 2.0]),
             ("identity", lambda: tf.identity(v)), ("matmul", lambda: tf.matmul(v, v)),
             ("k+1", lambda: k + 1), ("k*2**40", lambda: k * 2 ** 40), ("k+1.5", lambda: k + 1.5),
             ("frozen*2", lambda: frozen * 2.0), ("v+k", lambda: v + k)]
    writes = [("assign", lambda: v.assign([[5.0, 6.0], [7.0, 8.0]])),
              ("assign t", lambda: v.assign(t * 2.0)),
              ("assign_add", lambda: v.assign_add([[1.0, 1.0], [1.0, 1.0]])),
              ("assign_add 1.5", lambda: v.assign_add(tf.fill([2, 2], 1.5))),
              ("assign_sub", lambda: v.assign_sub(t)),
              ("slice assign", lambda: v[0].assign(9.0)),
              ("slice assign row", lambda: v[1, :].assign([7.0, -7.0])),
              ("slice assign column", lambda: v[:, 0].assign(tf.constant([0.5, 0.25]))),
              ("k assign_add", lambda: k.assign_add([3, 4])),
              ("assign wrong shape", lambda: v.assign([1.0, 2.0])),
              ("assign_add wrong shape", lambda: v.assign_add(1.0)),
              ("assign wrong dtype", lambda: v.assign(tf.constant([[1, 2], [3, 4]]))),
              ("slice assign bad shape", lambda: v[0].assign([1.0, 2.0, 3.0])),
              ("k assign_add float", lambda: k.assign_add([0.5, 1.0]))]
    for label, fn in writes:
        note(label, fn)
        note(label + ": value", lambda: v.read_value())
        for rlabel, r in reads:
            note(label + ": " + rlabel, r)
    note("k", lambda: k.read_value())

    def taped():
        with tf.GradientTape(persistent=True) as g:
            y = tf.reduce_sum(v * v * t) + tf.reduce_sum(v[0] * frozen) + tf.cast(k[0], tf.float32)
            z = tf.reduce_sum(tf.matmul(v, v))
        names = [x.name for x in g.watched_variables()]
        return [names, g.gradient(y, [v, k, frozen]), g.gradient(z, v), g.gradient(y, t)]
    note("one tape", taped)

    def nested():
        with tf.GradientTape() as g2:
            with tf.GradientTape() as g1:
                y = tf.reduce_sum(v * v * v) + tf.reduce_sum(tf.sin(v[1]))
            d1 = g1.gradient(y, v)
        return [d1, g2.gradient(d1, v)]
    note("nested tapes", nested)

    def unwatched():
        with tf.GradientTape(watch_accessed_variables=False) as g:
            g.watch(frozen)
            y = tf.reduce_sum(v * frozen)
        return [g.gradient(y, [v, frozen]), [x.name for x in g.watched_variables()]]
    note("watch_accessed_variables=False", unwatched)
    return out


def test_variables_match_pure_python():
    here = variable_outcomes()
    assert_same(here, pure_python("variable_outcomes"))
    assert sum("raises" in x for x in here) > 10 and sum("Tensor float32" in x for x in here) > 100
