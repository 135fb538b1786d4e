"""Memory: tapes drop what they hold once used; a long loop of taped ops keeps memory flat."""
import gc
import tracemalloc
import weakref

import pytest

import eagerflow as tf


def _loop(n_ops):
    """Creates, uses and drops tapes; ~n_ops taped ops in all. Returns traced memory growth
    between the end of the first tenth and the end (bytes)."""
    w = tf.Variable(1.0)
    per_tape = 10  # ops per tape: one read + 9 multiplies / adds
    steps = n_ops // per_tape
    tracemalloc.start()
    try:
        base = None
        for k in range(steps):
            with tf.GradientTape() as tape:
                y = w * 1.0
                for _ in range(4):
                    y = y * 0.5 + 0.25
            tape.gradient(y, w)
            if k == steps // 10:
                gc.collect()
                base = tracemalloc.get_traced_memory()[0]
        gc.collect()
        end = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    return end - base


def test_50k_taped_ops_keep_memory_flat():
    assert _loop(50_000) < 64 * 1024


@pytest.mark.slow
def test_1m_taped_ops_keep_memory_flat():
    assert _loop(1_000_000) < 64 * 1024


def test_non_persistent_tape_releases_references():
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        mid = x * x
        y = tf.reduce_sum(mid * 3.0)
    ref = weakref.ref(mid)
    del mid
    tape.gradient(y, x)
    gc.collect()
    assert ref() is None
    assert tape._tape.nodes == [] and tape._tape.watched == {}


def test_persistent_tape_released_when_dropped():
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        mid = x * x
        y = tf.reduce_sum(mid)
    tape.gradient(y, x)
    ref = weakref.ref(mid)
    del mid, tape
    gc.collect()
    assert ref() is None
