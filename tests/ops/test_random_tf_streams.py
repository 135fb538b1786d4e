"""eagerflow's random numbers are TF 2.21's, bit for bit: each case of tests/ops/random_tf_cases.py
against the digests stored from real TF in tests/data/random_golden.json (no TF needed), plus the
Philox kernel against the published known-answer vectors and the float32 Box-Muller math against
the C library it emulates."""
import ctypes
import ctypes.util
import json

import numpy as np
import pytest

import eagerflow as tf
from eagerflow.ops import philox, libm_f32

from .random_tf_cases import CASES, GOLDEN, digest

with open(GOLDEN) as _f:
    _TABLE = json.load(_f)["cases"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_tf(name):
    assert name in _TABLE, "no stored TF result: regenerate with python -m tests.ops.random_tf_cases"
    got = digest(CASES[name](tf))
    want = _TABLE[name]
    assert len(got) == len(want)
    for k, (g, w) in enumerate(zip(got, want)):
        assert g == w, "output %d of %s: %s != TF's %s" % (k, name, g, w)


def test_philox_known_answers():
    # Random123's known-answer vectors for Philox4x32-10
    assert philox.philox_call((0, 0), 0) == [0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8]
    ones = philox.from_words([0xFFFFFFFF] * 4)
    assert philox.philox_call((0xFFFFFFFF, 0xFFFFFFFF), ones) == [
        0x408F276D, 0x41C83B0E, 0xA20BC7C6, 0x6D5451FD]
    ctr = philox.from_words([0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344])
    assert philox.philox_call((0xA4093822, 0x299F31D0), ctr) == [
        0xD16CFE09, 0x94FDCCEB, 0x5001E420, 0x24126EA1]


def test_philox_block_counts_across_word_boundaries():
    # a block is the calls at counter, counter + 1, ...: the 128-bit carries included
    key = (5, 6)
    for start in (0, 2 ** 32 - 2, 2 ** 64 - 2, 2 ** 128 - 2):
        block = philox.philox_block(key, start, 4)
        one_by_one = [philox.philox_call(key, philox.skip(start, k)) for k in range(4)]
        np.testing.assert_array_equal(block, np.array(one_by_one, np.uint32))


def test_stream_layout_does_not_depend_on_size():
    # element i of any size comes from the same words: a prefix of a longer draw
    key, ctr = philox.key_counter_from_seed(3, 4)
    for kind, dt in (("uniform", np.float32), ("normal", np.float32), ("normal", np.float64),
                     ("uniform", np.float64), ("full_int", np.int64)):
        long = philox.sample(kind, dt, key, ctr, 1001)
        for n in (1, 3, 4, 5, 999):
            np.testing.assert_array_equal(philox.sample(kind, dt, key, ctr, n), long[:n])


def test_truncated_normal_stays_in_range_and_groups_restart():
    key, ctr = philox.key_counter_from_seed(9, 9)
    t = philox.truncated_normal(key, ctr, 10001)
    assert t.dtype == np.float32 and np.all(np.abs(t) < 2)
    # group g (4 outputs) reads from call 256 g on: a shorter draw is a prefix
    np.testing.assert_array_equal(philox.truncated_normal(key, ctr, 9), t[:9])


def _libm():
    path = ctypes.util.find_library("m")
    if path is None:
        pytest.skip("no C math library to compare with")
    lib = ctypes.CDLL(path)
    lib.logf.restype = ctypes.c_float
    lib.logf.argtypes = [ctypes.c_float]
    lib.sincosf.restype = None
    lib.sincosf.argtypes = [ctypes.c_float, ctypes.POINTER(ctypes.c_float),
                            ctypes.POINTER(ctypes.c_float)]
    return lib


def test_float32_math_is_the_c_librarys():
    """logf and sincosf on a sample of the Box-Muller inputs (u in [1e-7, 1), 2 pi u)."""
    lib = _libm()
    m = np.random.default_rng(0).integers(0, 2 ** 23, 20000).astype(np.uint32)
    m[:4] = [0, 1, 2 ** 23 - 1, 2 ** 22]
    u = (m | np.uint32(0x3F800000)).view(np.float32) - np.float32(1)
    u1 = np.maximum(u, np.float32(1e-7))
    v = (u.astype(np.float64) * (2 * np.pi)).astype(np.float32)
    s, c = ctypes.c_float(), ctypes.c_float()
    want_s, want_c = [], []
    for x in v.tolist():
        lib.sincosf(x, ctypes.byref(s), ctypes.byref(c))
        want_s.append(s.value)
        want_c.append(c.value)
    want_log = np.array([lib.logf(x) for x in u1.tolist()], np.float32)
    got_s, got_c = libm_f32.sincosf(v)
    np.testing.assert_array_equal(libm_f32.logf(u1), want_log)
    np.testing.assert_array_equal(got_s, np.array(want_s, np.float32))
    np.testing.assert_array_equal(got_c, np.array(want_c, np.float32))


def test_traced_function_draws_fresh_numbers_each_run():
    tf.random.set_seed(5)

    @tf.function
    def f():
        return tf.random.uniform([3], seed=2)

    a, b = f().numpy(), f().numpy()
    assert not np.array_equal(a, b)
    tf.random.set_seed(5)
    np.testing.assert_array_equal(f().numpy(), a)


def test_tracing_draws_nothing():
    tf.random.set_seed(5)
    first = tf.random.uniform([3], seed=2).numpy()
    tf.random.set_seed(5)

    @tf.function
    def f():
        return tf.random.uniform([3], seed=2)

    f.get_concrete_function()
    np.testing.assert_array_equal(tf.random.uniform([3], seed=2).numpy(), first)


def test_generator_state_carries_into_the_high_word():
    g = tf.random.Generator.from_state([-1, 0, 7], alg="philox")
    g.normal([1])
    np.testing.assert_array_equal(g.state.numpy(), [255, 1, 7])


def test_generator_state_checkpoints(tmp_path):
    g = tf.random.Generator.from_seed(1)
    cp = tf.train.Checkpoint(generator=g)
    assert float(g.normal([])) == np.float32(0.43842274)  # TF's number
    path = cp.write(str(tmp_path / "ckpt"))
    after = [g.normal([]).numpy() for _ in range(2)]
    cp.restore(path)
    np.testing.assert_array_equal([g.normal([]).numpy() for _ in range(2)], after)


def test_threefry_generators_cannot_draw_on_cpu():
    g = tf.random.Generator.from_seed(1, alg="threefry")
    assert g.state.shape == (2,)
    with pytest.raises(tf.errors.UnimplementedError, match="Non-XLA devices don't support"):
        g.normal([2])
