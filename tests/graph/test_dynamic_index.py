"""Indexing with tensors of a graph being traced reads the index when the graph runs (it was
frozen at its trace-time value), with gradients; errors as TF's at run time."""
import numpy as np
import pytest

import eagerflow as tf

X = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])


def test_loop_variable_index_in_while_loop():
    @tf.function
    def f(x):
        return tf.while_loop(lambda t, s: t < 3, lambda t, s: (t + 1, s + x[t]),
                             [0, tf.zeros([2])])[1]

    np.testing.assert_array_equal(f(X).numpy(), [9.0, 12.0])


def test_index_and_slice_bounds_from_arguments_are_read_per_call():
    @tf.function
    def g(x, i):
        return x[i, 1:i + 1], x[:i]

    a, b = g(X, tf.constant(1))
    np.testing.assert_array_equal(a.numpy(), [4.0])
    np.testing.assert_array_equal(b.numpy(), [[1.0, 2.0]])
    a, b = g(X, tf.constant(2))
    np.testing.assert_array_equal(a.numpy(), [6.0])
    np.testing.assert_array_equal(b.numpy(), [[1.0, 2.0], [3.0, 4.0]])
    assert g.experimental_get_tracing_count() == 1
    with pytest.raises(tf.errors.InvalidArgumentError, match="out of bounds"):
        g(X, tf.constant(7))


def test_gradients_inside_and_outside_the_function():
    @tf.function
    def inner(x, i):
        with tf.GradientTape() as t:
            t.watch(x)
            y = tf.reduce_sum(x[i] * x[i])
        return t.gradient(y, x)

    np.testing.assert_array_equal(inner(X, tf.constant(2)).numpy(), [[0, 0], [0, 0], [10, 12]])

    @tf.function
    def outer(x, i):
        return tf.reduce_sum(x[i] * 3.0)

    with tf.GradientTape() as t:
        t.watch(X)
        y = outer(X, tf.constant(1))
    np.testing.assert_array_equal(t.gradient(y, X).numpy(), [[0, 0], [3, 3], [0, 0]])


def test_values_needed_while_tracing_are_never_frozen_silently():
    """A shape/axis/count that depends on the function's inputs cannot become an attribute: it
    raises a clear error (a shape fixed at trace time, e.g. tf.shape of a known input, is fine)."""
    @tf.function
    def one_hot_by(x, n):
        return tf.one_hot(x, n)

    with pytest.raises(NotImplementedError, match="depends on the function's inputs"):
        one_hot_by(tf.constant([0, 1]), tf.constant(2))

    @tf.function
    def reshape_by(x, n):  # a run-time shape: the graph reshapes when it runs (as TF)
        return tf.reshape(x, [n, -1])

    assert reshape_by(tf.zeros([4]), tf.constant(2)).shape == (2, 2)
    assert reshape_by(tf.zeros([4]), tf.constant(4)).shape == (4, 1)

    @tf.function
    def by_static_shape(x):
        return tf.zeros([tf.shape(x)[0], 2]), tf.reshape(x, tf.shape(x))

    a, b = by_static_shape(tf.zeros([3]))
    assert a.shape == (3, 2) and b.shape == (3,)
