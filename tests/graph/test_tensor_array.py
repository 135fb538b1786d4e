"""tf.TensorArray eagerly (a list) and in tf.function (a buffer tensor), through tf.while_loop,
with TF's errors and gradients."""
import numpy as np
import pytest

import eagerflow as tf


def _rnn(x, w, u):
    steps = tf.shape(x)[0]
    ta = tf.TensorArray(tf.float32, size=steps)

    def body(t, state, ta):
        state = tf.tanh(tf.matmul(tf.gather(x, t), w) + tf.matmul(state, u))
        return t + 1, state, ta.write(t, state)
    _, last, ta = tf.while_loop(lambda t, s, ta: t < steps, body,
                                (0, tf.zeros([x.shape[1], u.shape[0]]), ta))
    return ta.stack(), last


def _numpy_rnn(x, w, u):
    s = np.zeros((x.shape[1], u.shape[0]), np.float32)
    out = []
    for xt in x:
        s = np.tanh(xt @ w + s @ u)
        out.append(s)
    return np.stack(out)


def _data():
    rng = np.random.RandomState(1)
    return (rng.randn(5, 2, 3).astype(np.float32), rng.randn(3, 4).astype(np.float32) * .5,
            rng.randn(4, 4).astype(np.float32) * .5)


def test_eager_write_read_stack():
    ta = tf.TensorArray(tf.float32, size=3)
    assert ta.write(0, [1.0, 2.0]) is ta
    ta.write(2, [3.0, 4.0])
    np.testing.assert_array_equal(ta.stack().numpy(), [[1, 2], [0, 0], [3, 4]])
    assert ta.size().numpy() == 3 and ta.element_shape == tf.TensorShape([2])
    assert ta.dtype is tf.float32


def test_eager_errors():
    ta = tf.TensorArray(tf.float32, size=2)
    with pytest.raises(tf.errors.OutOfRangeError, match="not resizeable and size is: 2"):
        ta.write(5, 1.0)
    with pytest.raises(tf.errors.InvalidArgumentError, match="TensorArray dtype is float32"):
        ta.write(0, tf.constant(1))
    with pytest.raises(ValueError, match="partially known"):
        ta.read(0)
    ta.write(0, 1.0)
    ta.read(1)
    with pytest.raises(tf.errors.InvalidArgumentError, match="twice"):
        ta.read(1)
    with pytest.raises(tf.errors.OutOfRangeError):
        ta.read(3)
    with pytest.raises(ValueError, match="Size must be declared"):
        tf.TensorArray(tf.float32)
    with pytest.raises(ValueError, match="Incompatible shape"):
        tf.TensorArray(tf.float32, size=2, element_shape=[3]).write(0, [1.0])


def test_eager_unstack_gather_scatter_concat():
    ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True, clear_after_read=False)
    ta = ta.unstack([[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_array_equal(ta.gather([1, 0]).numpy(), [[3, 4], [1, 2]])
    np.testing.assert_array_equal(ta.concat().numpy(), [1, 2, 3, 4])
    np.testing.assert_array_equal(ta.scatter([3], [[9.0, 9.0]]).stack().numpy(),
                                  [[1, 2], [3, 4], [0, 0], [9, 9]])


def test_function_ops():
    @tf.function(autograph=False)
    def f(v):
        ta = tf.TensorArray(tf.float32, size=3).unstack(v)
        ta2 = ta.write(1, [7.0, 8.0])
        return ta.read(1), ta2.read(1), ta2.gather([0, 1]), ta2.concat(), ta2.size()
    r1, r2, g, c, n = f(tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]))
    np.testing.assert_array_equal(r1.numpy(), [3, 4])
    np.testing.assert_array_equal(r2.numpy(), [7, 8])  # writes make a new array
    np.testing.assert_array_equal(g.numpy(), [[1, 2], [7, 8]])
    np.testing.assert_array_equal(c.numpy(), [1, 2, 7, 8, 5, 6])
    assert n.numpy() == 3


def test_function_dtype_mismatch():
    @tf.function(autograph=False)
    def f():
        return tf.TensorArray(tf.float32, size=2).write(0, tf.constant([1, 2])).stack()
    with pytest.raises(tf.errors.InvalidArgumentError, match="Invalid data types"):
        f()


@pytest.mark.parametrize("in_function", [False, True])
def test_rnn_while_loop(in_function):
    x, w, u = _data()
    fn = tf.function(_rnn, autograph=False) if in_function else _rnn
    out, last = fn(tf.constant(x), tf.constant(w), tf.constant(u))
    want = _numpy_rnn(x, w, u)
    np.testing.assert_allclose(out.numpy(), want, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(last.numpy(), want[-1], rtol=1e-5, atol=1e-6)


def test_rnn_gradients_agree():
    x, w, u = [tf.constant(a) for a in _data()]
    grads = []
    for fn in (_rnn, tf.function(_rnn, autograph=False)):
        with tf.GradientTape() as t:
            t.watch([w, u])
            o, _ = fn(x, w, u)
            loss = tf.reduce_sum(o * o)
        grads.append([g.numpy() for g in t.gradient(loss, [w, u])])
    eps, wn = 1e-3, w.numpy().astype(np.float64)
    wp = wn.copy()
    wp[0, 0] += eps
    wm = wn.copy()
    wm[0, 0] -= eps
    num = (np.sum(_numpy_rnn(x.numpy().astype(np.float64), wp, u.numpy()) ** 2) -
           np.sum(_numpy_rnn(x.numpy().astype(np.float64), wm, u.numpy()) ** 2)) / (2 * eps)
    np.testing.assert_allclose(grads[0][0][0, 0], num, rtol=1e-3)
    for a, b in zip(*grads):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)


def test_tape_inside_function():
    x, w, u = [tf.constant(a) for a in _data()]

    @tf.function(autograph=False)
    def f(x, w, u):
        with tf.GradientTape() as t:
            t.watch(w)
            o, _ = _rnn(x, w, u)
            loss = tf.reduce_sum(o)
        return t.gradient(loss, w)
    with tf.GradientTape() as t:
        t.watch(w)
        o, _ = _rnn(x, w, u)
        loss = tf.reduce_sum(o)
    np.testing.assert_allclose(f(x, w, u).numpy(), t.gradient(loss, w).numpy(), rtol=1e-4,
                               atol=1e-5)


def test_dynamic_size_in_while_loop():
    @tf.function(autograph=False)
    def f(n):
        ta = tf.TensorArray(tf.int32, size=0, dynamic_size=True)
        _, ta = tf.while_loop(lambda i, ta: i < n, lambda i, ta: (i + 1, ta.write(i, i * i)),
                              (0, ta))
        return ta.stack(), ta.size()
    s, n = f(tf.constant(4))
    np.testing.assert_array_equal(s.numpy(), [0, 1, 4, 9])
    assert n.numpy() == 4
    s, n = f(tf.constant(6))
    assert s.shape == (6,) and n.numpy() == 6


def test_element_shape_given_skips_discovery():
    calls = []

    @tf.function(autograph=False)
    def f():
        ta = tf.TensorArray(tf.float32, size=3, element_shape=[2])

        def body(i, ta):
            calls.append(1)
            return i + 1, ta.write(i, tf.fill([2], tf.cast(i, tf.float32)))
        return tf.while_loop(lambda i, ta: i < 3, body, (0, ta))[1].stack()
    np.testing.assert_array_equal(f().numpy(), [[0, 0], [1, 1], [2, 2]])
    assert len(calls) == 1
