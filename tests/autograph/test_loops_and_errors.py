"""Converted loops' variables (defined in the body, Python values that become tensors,
TensorArrays, shape invariants), gradients through converted tensor loops against finite
differences, and TF's errors, which name the user's file and line."""
import numpy as np
import pytest

import eagerflow as tf


def _fd(f, x, eps=1e-6):
    return (f(x + eps) - f(x - eps)) / (2 * eps)


def test_gradient_through_converted_loop_matches_finite_differences():
    @tf.function
    def f(x, n):
        y = x
        for i in tf.range(n):
            if y > 2.0:
                y = y * 0.5 + tf.sin(x)
            else:
                y = y * x
        return y

    def reference(x, n=4):
        y = x
        for _ in range(n):
            y = y * 0.5 + np.sin(x) if y > 2.0 else y * x
        return y
    for x0 in (1.3, 1.7, 0.6):
        x = tf.constant(x0, tf.float64)
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = f(x, tf.constant(4))
        np.testing.assert_allclose(float(y), reference(x0), rtol=1e-10)
        np.testing.assert_allclose(float(tape.gradient(y, x)), _fd(reference, x0), rtol=1e-6)


def test_gradient_inside_function_through_while():
    @tf.function
    def f(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = x
            while y < 50.0:
                y = y * x
        return y, tape.gradient(y, x)
    y, g = f(tf.constant(3.0, tf.float64))
    assert float(y) == 81.0 and float(g) == pytest.approx(4 * 27.0)


def test_variable_first_defined_in_loop_gets_a_stand_in():
    @tf.function
    def f(n):
        for i in tf.range(n):
            y = i * 2
        return y
    assert int(f(tf.constant(4))) == 6
    assert int(f(tf.constant(0))) == 0  # the stand-in (zeros) when the loop never runs


def test_tensor_array_in_converted_loop():
    @tf.function
    def f(x):
        ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
        for i in tf.range(tf.shape(x)[0]):
            ta = ta.write(i, x[i] * 2.0)
        return ta.stack()
    np.testing.assert_allclose(f(tf.constant([1.0, 2.0, 3.0])).numpy(), [2.0, 4.0, 6.0])


def test_set_loop_options():
    @tf.function
    def f(n):
        s = tf.zeros([0])
        for i in tf.range(n):
            tf.autograph.experimental.set_loop_options(
                shape_invariants=[(s, tf.TensorShape([None]))], maximum_iterations=3)
            s = tf.concat([s, tf.reshape(tf.cast(i, tf.float32), [1])], 0)
        return s
    np.testing.assert_allclose(f(tf.constant(10)).numpy(), [0.0, 1.0, 2.0])


def test_loop_with_only_side_effects():
    v = tf.Variable(0)

    @tf.function
    def f(n):
        for i in tf.range(n):
            v.assign_add(i)
        return v.read_value()
    assert int(f(tf.constant(4))) == 6 and int(f(tf.constant(3))) == 9


def _raises(fn, arg, cls, text):
    with pytest.raises(cls) as info:
        fn(arg)
    message = str(info.value)
    assert text in message, message
    return message


def test_branch_errors():
    @tf.function
    def f(x):
        if x > 0:
            y = 1
        return y
    message = _raises(f, tf.constant(1), ValueError,
                      "'y' must also be initialized in the else branch")
    assert message.startswith("in user code:\n\n    File \"%s\", line" % __file__)
    assert "in f  *\n        if x > 0:\n" in message

    @tf.function
    def g(x):
        if x > 0:
            z = 1
        else:
            y = 2
        return y
    _raises(g, tf.constant(1), ValueError, "'y' must also be initialized in the main branch")

    @tf.function
    def h(x):
        if x > 0:
            return x
    _raises(h, tf.constant(1), ValueError, "the else branch must also have a return statement.")

    @tf.function
    def k(x):
        y = 1 if x > 0 else 2.0
        return y
    _raises(k, tf.constant(1), TypeError, "true_fn and false_fn arguments to tf.cond")

    @tf.function
    def m(x):
        if x > 0:
            y = 1
        else:
            y = 2.0
        return y
    _raises(m, tf.constant(1), TypeError,
            "'y' has dtype int32 in the main branch, but dtype float32 in the else branch")


def test_loop_errors():
    @tf.function
    def dtype(n):
        s = tf.constant(0)
        for i in tf.range(n):
            s = tf.cast(s, tf.float32)
        return s
    _raises(dtype, tf.constant(2), TypeError,
            "'s' has dtype int32 before the loop, but dtype float32 after one iteration")

    @tf.function
    def shape(n):
        s = tf.zeros([1])
        while n > 0:
            s = tf.concat([s, s], 0)
            n -= 1
        return s
    _raises(shape, tf.constant(2), ValueError,
            "'s' has shape (1,) before the loop, but shape (2,) after one iteration. Use "
            "tf.autograph.experimental.set_loop_options to set shape invariants.")

    @tf.function
    def undefined(n):
        for i in tf.range(n):
            if i > 1:
                y = 1
        return y
    _raises(undefined, tf.constant(2), ValueError, "'y' must be defined before the loop\n    Note: "
            "AutoGraph tried to define it automatically, but ran into a ValueError: 'y' must "
            "also be initialized in the else branch")

    @tf.function
    def none(n):
        s = 1
        for i in tf.range(n):
            s = None
        return s
    _raises(none, tf.constant(2), ValueError, "'s' is None at the end of the iteration.")

    @tf.function
    def returns(n):
        for i in tf.range(n):
            if i > 2:
                return i
        return -1
    _raises(returns, tf.constant(2), NotImplementedError,
            "a return statement cannot be placed inside this TensorFlow loop")

    @tf.function
    def python_loop(x):
        for i in [1, 2]:
            if x > i:
                break
        return x
    _raises(python_loop, tf.constant(2), NotImplementedError,
            "break and return statements which depend on a TF condition are not supported in "
            "Python for loops")


def test_error_in_called_function_lists_both_frames():
    def helper(y):
        z = y * 2
        return tf.reshape(z, [5])

    @tf.function
    def f(x):
        a = x + 1
        return helper(a)
    with pytest.raises(Exception) as info:
        f(tf.ones([2]))
    message = str(info.value)
    assert message.startswith("in user code:\n\n")
    assert "in f  *\n        return helper(a)\n" in message
    assert "in helper  *\n        return tf.reshape(z, [5])\n" in message


def test_unsupported_forms_run_as_written():
    @tf.function
    def f(x):
        for i in range(2):
            x = x + 1
        else:
            x = x * 10
        return x
    assert int(f(tf.constant(1))) == 30  # for/else: TF's warning, traced as written
