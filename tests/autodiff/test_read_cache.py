"""One recorded read per unchanged variable per tape (internal reads only): TF's gradients hold."""
import pytest

import eagerflow as tf


def test_variable_updated_mid_tape_uses_each_value():
    v = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y1 = v * v            # 4, d/dv = 4
        v.assign_add(1.0)
        y2 = v * v            # 9, d/dv = 6
        y = y1 + y2
    assert float(y) == 13.0
    assert float(tape.gradient(y, v)) == 10.0


def test_assign_sub_between_uses():
    v = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        a = v * 2.0
        v.assign_sub(1.0)
        b = v * v
        y = a + b
    assert float(tape.gradient(y, v)) == 2.0 + 4.0


def test_read_value_is_its_own_source():
    v = tf.Variable(2.0)
    with tf.GradientTape(persistent=True) as tape:
        r = v.read_value()
        y = r * v
    assert float(tape.gradient(y, r)) == 2.0
    assert float(tape.gradient(y, v)) == 4.0


def test_reads_in_nested_tapes_give_higher_derivatives():
    w = tf.Variable(3.0)
    with tf.GradientTape() as outer:
        with tf.GradientTape() as inner:
            y = w * w * w
        g = inner.gradient(y, w)
    assert float(g) == 27.0
    assert float(outer.gradient(g, w)) == 18.0


def test_stop_recording_and_unconnected_sources():
    v, u = tf.Variable(3.0), tf.Variable(1.0)
    with tf.GradientTape() as tape:
        y = v * v
        with tape.stop_recording():
            z = v * 100.0
        y = y + tf.stop_gradient(z) * 0.0
    gv, gu = tape.gradient(y, [v, u])
    assert float(gv) == 6.0 and gu is None


@pytest.mark.parametrize("persistent", [False, True])
def test_each_tape_sees_the_current_value_after_an_assign_outside(persistent):
    v = tf.Variable(1.0)
    for value in (1.0, 5.0):
        v.assign(value)
        with tf.GradientTape(persistent=persistent) as tape:
            y = v * v
        assert float(tape.gradient(y, v)) == 2 * value
