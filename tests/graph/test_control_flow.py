"""tf.cond / tf.case / tf.switch_case / tf.while_loop eagerly and inside tf.function: values,
TF's errors, graph nodes, generated Python control flow, gradients against finite differences."""
import numpy as np
import pytest

import eagerflow as tf


def _fd(f, x, eps=1e-5):
    x = np.float64(x)
    return (f(x + eps) - f(x - eps)) / (2 * eps)


def _both(fn):
    """fn run eagerly and as a tf.function (autograph-free: explicit control flow only)."""
    return [fn, tf.function(fn)]


@pytest.mark.parametrize("mode", ["eager", "graph"])
def test_cond_values(mode):
    def f(x):
        return tf.cond(x > 0, lambda: x * 2.0, lambda: x - 1.0)
    g = f if mode == "eager" else tf.function(f)
    assert float(g(tf.constant(3.0))) == 6.0
    assert float(g(tf.constant(-3.0))) == -4.0


def test_cond_traces_both_branches_once():
    calls = []

    @tf.function
    def f(x):
        return tf.cond(x > 0, lambda: calls.append("t") or x, lambda: calls.append("f") or -x)
    f(tf.constant(1.0)), f(tf.constant(-1.0))
    assert calls == ["t", "f"]
    types = [op.type for op in f.get_concrete_function(tf.constant(1.0)).graph.get_operations()]
    assert "StatelessIf" in types


def test_while_loop_count_depends_on_data():
    @tf.function
    def f(n):
        return tf.while_loop(lambda i, s: i < n, lambda i, s: (i + 1, s + i), (0, 0))
    for n in (0, 1, 5, 10):
        i, s = f(tf.constant(n))
        assert int(i) == n and int(s) == sum(range(n))
    assert f.experimental_get_tracing_count() == 1
    src = f.get_concrete_function(tf.constant(1))._compile() and \
        f.get_concrete_function(tf.constant(1)).source
    assert "while " in src


def test_while_maximum_iterations_and_nested_vars():
    for g in _both(lambda x: tf.while_loop(lambda d: d["a"] < 100.0,
                                           lambda d: [{"a": d["a"] * 2.0, "b": d["b"] + 1}],
                                           [{"a": x, "b": 0}], maximum_iterations=3)):
        out = g(tf.constant(1.0))
        assert float(out[0]["a"]) == 8.0 and int(out[0]["b"]) == 3


def test_switch_case_and_case():
    for g in _both(lambda i: tf.switch_case(i, [lambda: tf.constant(10), lambda: tf.constant(20)],
                                            default=lambda: tf.constant(-1))):
        assert [int(g(tf.constant(k))) for k in (0, 1, 2, -1)] == [10, 20, -1, -1]
    for g in _both(lambda x: tf.case([(x < 0, lambda: -x), (x > 5, lambda: x * 10.0)],
                                     default=lambda: x)):
        assert [float(g(tf.constant(v))) for v in (-2.0, 6.0, 3.0)] == [2.0, 60.0, 3.0]


def test_errors():
    with pytest.raises(TypeError, match="'true_fn' must be callable"):
        tf.cond(True, 1, lambda: 2)
    with pytest.raises(TypeError, match="'cond' must be callable"):
        tf.while_loop(1, lambda i: i, [0])
    with pytest.raises(ValueError, match="'loop_vars' must be provided"):
        tf.while_loop(lambda: True, lambda: (), [])
    with pytest.raises(TypeError, match="must be an integer Tensor"):
        tf.switch_case(tf.constant(1.0), [lambda: 1])
    with pytest.raises(TypeError, match="pred must not be a Python bool"):
        tf.function(lambda x: tf.cond(True, lambda: x, lambda: x))(tf.constant(1.0))
    with pytest.raises(TypeError, match="same number, type, and overall structure"):
        tf.function(lambda x: tf.cond(x > 0, lambda: 1, lambda: 2.0))(tf.constant(1.0))
    with pytest.raises(ValueError, match="enters the loop with shape"):
        tf.function(lambda x: tf.while_loop(lambda v: tf.size(v) < 3,
                                            lambda v: [tf.concat([v, v], 0)], [x]))(
            tf.constant([1.0]))
    with pytest.raises(TypeError, match="type should remain constant"):
        tf.function(lambda x: tf.while_loop(lambda i: i < 3, lambda i: [tf.cast(i, tf.int32)],
                                            [x]))(tf.constant(1.0))
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.function(lambda x: tf.cond(x, lambda: x, lambda: x))(tf.constant(1.0))


def test_shape_invariants():
    f = tf.function(lambda x: tf.while_loop(lambda v: tf.size(v) < 4,
                                            lambda v: [tf.concat([v, v], 0)], [x],
                                            shape_invariants=[tf.TensorShape([None])]))
    out = f(tf.constant([1.0]))
    assert out[0].shape == (4,)


def test_error_inside_branch_keeps_class():
    f = tf.function(lambda x, i: tf.cond(x > 0, lambda: tf.gather(x[None], i), lambda: x))
    with pytest.raises(tf.errors.InvalidArgumentError):
        f(tf.constant(1.0), tf.constant(5))


def _loop_fn(x):
    _, y = tf.while_loop(lambda i, y: i < 3, lambda i, y: (i + 1, tf.sin(y) * x), (0, x))
    return tf.cond(y > 0, lambda: y * y, lambda: -y)


@pytest.mark.parametrize("x0", [0.7, 1.3, -0.4])
def test_gradients_tape_outside(x0):
    ref = _fd(lambda v: float(_loop_fn(tf.constant(v, tf.float64))), x0)
    for g in _both(_loop_fn):
        x = tf.constant(x0, tf.float64)
        with tf.GradientTape() as t:
            t.watch(x)
            y = g(x)
        np.testing.assert_allclose(float(t.gradient(y, x)), ref, rtol=1e-5)


@pytest.mark.parametrize("x0", [0.7, -0.4])
def test_gradients_tape_inside(x0):
    @tf.function
    def f(x):
        with tf.GradientTape() as t:
            t.watch(x)
            y = _loop_fn(x)
        return t.gradient(y, x)
    ref = _fd(lambda v: float(_loop_fn(tf.constant(v, tf.float64))), x0)
    np.testing.assert_allclose(float(f(tf.constant(x0, tf.float64))), ref, rtol=1e-5)


def test_captured_variable_gradient_tape_outside():
    v = tf.Variable(2.0)

    @tf.function
    def f(x):
        return tf.cond(x > 0, lambda: v * x, lambda: x)
    with tf.GradientTape() as t:
        y = f(tf.constant(3.0))
    assert float(t.gradient(y, v)) == 3.0


def test_in_function_tape_reaches_variables_read_in_branches_and_loops():
    v = tf.Variable(2.0)
    x = tf.constant(3.0)

    @tf.function
    def through_cond(x):
        with tf.GradientTape() as t:
            y = tf.cond(x > 0, lambda: v * v * x, lambda: v * x)
        return t.gradient(y, v)

    @tf.function
    def through_loop(x):
        with tf.GradientTape() as t:
            y = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a * v), [0, x])[1]
        return t.gradient(y, v)

    assert through_cond(x).numpy() == 12.0       # d(v^2 x)/dv = 2 v x
    assert through_loop(x).numpy() == 36.0       # d(x v^3)/dv = 3 x v^2


def test_loop_that_updates_a_variable_reads_it_every_iteration():
    v = tf.Variable(1.0)

    @tf.function
    def f():
        return tf.while_loop(lambda i: i < 4, lambda i: (v.assign(v * 2.0), i + 1)[1], [0])

    f()
    assert v.numpy() == 16.0
