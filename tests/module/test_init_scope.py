"""tf.init_scope: lifts out of tf.function tracing into eager mode and pauses tapes."""
import eagerflow as tf


def test_eager_outside_functions():
    with tf.init_scope():
        assert tf.executing_eagerly()


def test_lifts_out_of_a_trace():
    seen = []

    @tf.function
    def f(x):
        with tf.init_scope():
            seen.append((tf.executing_eagerly(), (tf.constant(1.0) + 1.0).numpy()))
        seen.append(tf.executing_eagerly())
        return x + 1.0
    assert f(tf.constant(1.0)).numpy() == 2.0
    assert seen[:2] == [(True, 2.0), False]


def test_variable_created_in_init_scope_inside_function():
    holder = []

    @tf.function
    def f(x):
        if not holder:
            with tf.init_scope():
                holder.append(tf.Variable(3.0))
        return holder[0] * x
    assert f(tf.constant(2.0)).numpy() == 6.0
    holder[0].assign(4.0)
    assert f(tf.constant(2.0)).numpy() == 8.0


def test_pauses_tapes():
    w = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = w * w
        with tf.init_scope():
            z = w * 3.0
        y = y + z
    assert tape.gradient(y, w).numpy() == 4.0
    with tf.GradientTape() as tape:  # recording resumes after the block
        with tf.init_scope():
            pass
        y = w * 3.0
    assert tape.gradient(y, w).numpy() == 3.0


def test_keeps_name_scope():
    with tf.name_scope("s"):
        with tf.init_scope():
            assert tf.Variable(1.0).name == "s/Variable:0"
