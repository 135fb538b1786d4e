"""Second and higher derivatives through tf.cond / tf.while_loop: a tape around a tape inside the
traced function (the gradient of a control-flow node is itself differentiable), and nested tapes
around a call of a tf.function with control flow; checked against analytic values and central
finite differences in float64."""
import numpy as np
import pytest

import eagerflow as tf


def cube_loop(x):
    _, y = tf.while_loop(lambda i, y: i < 3, lambda i, y: (i + 1, y * x), (0, tf.ones_like(x)))
    return y


def cube_cond(x):
    return tf.cond(tf.reduce_sum(x) > 0, lambda: x * x * x, lambda: -x * x)


def loop_of_cond(x):
    def body(i, y):
        return i + 1, tf.cond(tf.reduce_sum(y) > 1., lambda: y * x, lambda: y + x * x)
    return tf.while_loop(lambda i, y: i < 3, body, (0, x))[1]


def loop_with_array(x):
    ta = tf.TensorArray(x.dtype, size=3)

    def body(i, y, ta):
        return i + 1, y * x, ta.write(i, y * x)
    _, _, ta = tf.while_loop(lambda i, y, ta: i < 3, body, (0, tf.ones_like(x), ta))
    return tf.reduce_sum(ta.stack(), axis=0)


def _second(fn):
    def go(x):
        with tf.GradientTape() as t2:
            t2.watch(x)
            with tf.GradientTape() as t1:
                t1.watch(x)
                y = fn(x)
            g = t1.gradient(y, x)
        return y, g, t2.gradient(g, x)
    return go


def _numeric(fn, x, eps=1e-4):
    """Central differences of the first derivative (itself by central differences), float64."""
    def d(f):
        return lambda v: (f(v + eps) - f(v - eps)) / (2 * eps)
    f = lambda v: float(fn(tf.constant(v, tf.float64)).numpy())  # noqa: E731
    return d(f)(x), d(d(f))(x)


FNS = [cube_loop, cube_cond, loop_of_cond, loop_with_array]


@pytest.mark.parametrize("fn", FNS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("where", ["eager", "inside", "outside"])
def test_second_derivative_matches_finite_differences(fn, where):
    x0 = 0.7
    step = _second(fn)
    if where == "inside":
        step = tf.function(step, autograph=False)
    elif where == "outside":
        step = _second(tf.function(fn, autograph=False))
    y, g, h = step(tf.constant(x0, tf.float64))
    assert h is not None
    d1, d2 = _numeric(fn, x0)
    np.testing.assert_allclose(g.numpy(), d1, rtol=1e-6)
    np.testing.assert_allclose(h.numpy(), d2, rtol=1e-4)


def test_x_cubed_in_a_loop_inside_function():
    @tf.function(autograph=False)
    def f(x):
        with tf.GradientTape() as t2:
            t2.watch(x)
            with tf.GradientTape() as t1:
                t1.watch(x)
                y = cube_loop(x)
            g = t1.gradient(y, x)
        return g, t2.gradient(g, x)
    g, h = f(tf.constant([0.5, 2.0]))
    np.testing.assert_allclose(g.numpy(), [0.75, 12.0])
    np.testing.assert_allclose(h.numpy(), [3.0, 12.0])
    assert h.dtype == tf.float32


def test_third_derivative_inside_function():
    @tf.function(autograph=False)
    def f(x):
        with tf.GradientTape() as t3:
            t3.watch(x)
            with tf.GradientTape() as t2:
                t2.watch(x)
                with tf.GradientTape() as t1:
                    t1.watch(x)
                    y = tf.cond(x > 0, lambda: cube_loop(x) * x, lambda: x)
                g = t1.gradient(y, x)
            h = t2.gradient(g, x)
        return g, h, t3.gradient(h, x)
    g, h, k = f(tf.constant(2.0))  # x^4: 4x^3, 12x^2, 24x
    assert (g.numpy(), h.numpy(), k.numpy()) == (32.0, 48.0, 48.0)


def test_hessian_by_jacobian_inside_function():
    @tf.function(autograph=False)
    def f(x):
        with tf.GradientTape() as t2:
            t2.watch(x)
            with tf.GradientTape() as t1:
                t1.watch(x)
                y = tf.reduce_sum(cube_loop(x))
            g = t1.gradient(y, x)
        return t2.jacobian(g, x)
    np.testing.assert_allclose(f(tf.constant([0.5, 2.0])).numpy(), [[3.0, 0.0], [0.0, 12.0]])


def test_tape_outside_around_gradient_computed_inside():
    @tf.function(autograph=False)
    def grad_inside(x):
        with tf.GradientTape() as t:
            t.watch(x)
            y = loop_of_cond(x)
        return t.gradient(y, x)
    x = tf.constant(2.0)
    with tf.GradientTape() as t2:
        t2.watch(x)
        g = grad_inside(x)
    assert (g.numpy(), t2.gradient(g, x).numpy()) == (32.0, 48.0)  # 4x^3 - ... at x=2: x^4


def test_forward_over_reverse_through_function_loop():
    x = tf.constant(2.0)
    with tf.autodiff.ForwardAccumulator(x, tf.constant(1.0)) as acc:
        with tf.GradientTape() as t:
            t.watch(x)
            y = tf.function(cube_loop, autograph=False)(x)
        g = t.gradient(y, x)
    assert (g.numpy(), acc.jvp(g).numpy()) == (12.0, 12.0)
