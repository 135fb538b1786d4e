"""py_function / numpy_function and the checks without TensorFlow: the function runs on every
graph call, gradients through the tape vs the analytic ones, errors, the Assert node."""
import numpy as np
import pytest

import eagerflow as tf


def test_py_function_runs_each_graph_call_and_differentiates():
    calls = []

    def cube(v):
        calls.append(1)
        return v * v * v

    @tf.function
    def f(x):
        return tf.py_function(cube, [x], tf.float64)
    x = tf.constant([1.0, -2.0, 0.5], tf.float64)
    for _ in range(3):
        with tf.GradientTape() as t:
            t.watch(x)
            y = f(x)
        np.testing.assert_allclose(t.gradient(y, x).numpy(), 3 * x.numpy() ** 2)
    assert len(calls) == 3  # the tape the forward kept answers the gradient


def test_py_function_output_shape_is_unknown_until_set():
    seen = []

    @tf.function
    def f(x):
        y = tf.py_function(lambda v: v, [x], tf.float32)
        seen.append(y.shape.rank)
        y.set_shape([2])
        seen.append(y.shape.as_list())
        return y * 2.0
    assert f(tf.constant([1.0, 2.0])).numpy().tolist() == [2.0, 4.0]
    assert seen == [None, [2]]


def test_py_function_errors_are_tf_errors():
    with pytest.raises(tf.errors.UnknownError, match="ZeroDivisionError"):
        tf.py_function(lambda a: 1 / 0, [tf.constant(1.0)], tf.float32)

    @tf.function
    def g(x):
        return tf.numpy_function(lambda v: v.astype(np.float64), [x], tf.float32)
    with pytest.raises(tf.errors.InvalidArgumentError, match="0-th value returned by pyfunc_0 "
                                                              "is double, but expects float"):
        g(tf.constant([1.0]))


def test_assert_in_a_graph_is_checked_on_every_call():
    @tf.function
    def f(x):
        tf.debugging.assert_non_negative(x)
        return x
    assert f(tf.constant([1.0])).numpy().tolist() == [1.0]
    with pytest.raises(tf.errors.InvalidArgumentError, match="assertion failed"):
        f(tf.constant([-1.0]))


def test_eager_checks():
    x = tf.constant([1.0, 2.0])
    with pytest.raises(tf.errors.InvalidArgumentError, match="Condition x == y did not hold"):
        tf.debugging.assert_equal(x, x + 1)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Tensor had NaN values"):
        tf.debugging.check_numerics(x * np.nan, "m")
    with pytest.raises(tf.errors.InvalidArgumentError, match="is not compatible with expected"):
        tf.ensure_shape(x, [3])
    assert tf.identity_n([x, 1])[1].numpy() == 1
