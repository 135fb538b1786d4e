"""map_fn / scan / folds without TensorFlow: values vs NumPy, eager and traced agree, gradients vs
finite differences, and the traced form is one While node."""
import numpy as np
import pytest

import eagerflow as tf


def _fd(f, x, eps=1e-6):
    x = np.asarray(x, np.float64)
    g = np.zeros_like(x)
    for i in range(x.size):
        d = np.zeros_like(x)
        d.flat[i] = eps
        g.flat[i] = (f(x + d) - f(x - d)) / (2 * eps)
    return g


@pytest.mark.parametrize("traced", [False, True])
def test_map_fn_scan_fold_values_and_gradients(traced):
    def run(x):
        m = tf.map_fn(lambda v: tf.sin(v) * v, x)
        s = tf.scan(lambda a, v: a * v, x)
        f = tf.foldr(lambda a, v: a * 2.0 + v, x, initializer=tf.constant(1.0, tf.float64))
        return tf.reduce_sum(m) + tf.reduce_sum(s) + f
    fn = tf.function(run) if traced else run
    x0 = np.array([0.3, -1.2, 2.0, 0.7])

    def ref(x):
        f = 1.0
        for v in x[::-1]:
            f = f * 2.0 + v
        return (np.sin(x) * x).sum() + np.cumprod(x).sum() + f
    x = tf.constant(x0)
    with tf.GradientTape() as t:
        t.watch(x)
        y = fn(x)
    np.testing.assert_allclose(y.numpy(), ref(x0), rtol=1e-12)
    np.testing.assert_allclose(t.gradient(y, x).numpy(), _fd(ref, x0), rtol=1e-6, atol=1e-8)


def test_map_fn_traces_one_while_loop():
    f = tf.function(lambda x: tf.map_fn(lambda v: v * 2.0, x))
    cf = f.get_concrete_function(tf.TensorSpec([None], tf.float32))
    kinds = [n.prim.name for n in cf.graph.nodes if getattr(n, "prim", None) is not None]
    assert sum(k in ("While", "StatelessWhile") for k in kinds) == 1
    assert f(tf.constant([1.0, 2.0])).numpy().tolist() == [2.0, 4.0]
    assert f(tf.constant([3.0])).numpy().tolist() == [6.0]


def test_map_fn_errors():
    with pytest.raises(ValueError, match="1\\+ dimensional"):
        tf.map_fn(lambda v: v, tf.constant(1))
    with pytest.raises(tf.errors.InvalidArgumentError, match="TensorArray dtype is int32"):
        tf.map_fn(lambda v: tf.cast(v, tf.float32), tf.constant([1, 2]))
