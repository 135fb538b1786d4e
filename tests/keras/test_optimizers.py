"""Optimizer unit tests without TensorFlow: NumPy references of Keras 3's update formulas, state
names, schedules, configs and errors."""
import numpy as np
import pytest

import eagerflow as tf

K = tf.keras.optimizers


def run(opt, steps=5, graph=False):
    x = tf.Variable(np.array([1.0, -2.0, 3.0], np.float32), name="w")
    step = (lambda g: opt.apply_gradients([(g, x)]))
    if graph:
        step = tf.function(step)
    grads = [np.array([0.5, -1.0, 2.0], np.float32) * (i + 1) for i in range(steps)]
    for g in grads:
        step(tf.constant(g))
    return x.numpy(), grads


def numpy_adam(grads, lr=0.01, b1=0.9, b2=0.999, eps=1e-7, amsgrad=False, wd=None):
    x = np.array([1.0, -2.0, 3.0])
    m = v = vh = np.zeros(3)
    for t, g in enumerate(grads, 1):
        if wd:
            x = x - x * wd * lr
        m = m + (g - m) * (1 - b1)
        v = v + (g * g - v) * (1 - b2)
        vh = np.maximum(vh, v)
        alpha = lr * np.sqrt(1 - b2 ** t) / (1 - b1 ** t)
        x = x - m * alpha / (np.sqrt(vh if amsgrad else v) + eps)
    return x


@pytest.mark.parametrize("graph", [False, True])
def test_adam_matches_numpy(graph):
    x, grads = run(K.Adam(0.01), graph=graph)
    np.testing.assert_allclose(x, numpy_adam(grads), rtol=1e-5)
    x, grads = run(K.Adam(0.01, amsgrad=True), graph=graph)
    np.testing.assert_allclose(x, numpy_adam(grads, amsgrad=True), rtol=1e-5)
    x, grads = run(K.AdamW(0.01, weight_decay=0.1), graph=graph)
    np.testing.assert_allclose(x, numpy_adam(grads, wd=0.1), rtol=1e-5)


def test_sgd_momentum_and_nesterov_match_numpy():
    for nesterov in (False, True):
        x, grads = run(K.SGD(0.1, momentum=0.9, nesterov=nesterov))
        ref, m = np.array([1.0, -2.0, 3.0]), np.zeros(3)
        for g in grads:
            m = 0.9 * m - 0.1 * g
            ref = ref + (0.9 * m - 0.1 * g if nesterov else m)
        np.testing.assert_allclose(x, ref, rtol=1e-5)


def test_rmsprop_adagrad_match_numpy():
    x, grads = run(K.RMSprop(0.01, centered=True))
    ref, v, a = np.array([1.0, -2.0, 3.0]), np.zeros(3), np.zeros(3)
    for g in grads:
        v = 0.9 * v + 0.1 * g * g
        a = 0.9 * a + 0.1 * g
        ref = ref - 0.01 * g / np.sqrt(v - a * a + 1e-7)
    np.testing.assert_allclose(x, ref, rtol=1e-5)
    x, grads = run(K.Adagrad(0.1))
    ref, acc = np.array([1.0, -2.0, 3.0]), np.full(3, 0.1)
    for g in grads:
        acc = acc + g * g
        ref = ref - 0.1 * g / np.sqrt(acc + 1e-7)
    np.testing.assert_allclose(x, ref, rtol=1e-5)


def test_clipping():
    x, _ = run(K.SGD(1.0, clipnorm=1.0), steps=1)
    g = np.array([0.5, -1.0, 2.0])
    np.testing.assert_allclose(x, [1.0, -2.0, 3.0] - g / np.linalg.norm(g), rtol=1e-6)
    x, _ = run(K.SGD(1.0, clipvalue=0.6), steps=1)
    np.testing.assert_allclose(x, [0.5, -1.4, 2.4], rtol=1e-6)


def test_state_names_iterations_and_learning_rate():
    opt = K.Adam(0.5, name="opt")
    x = tf.Variable(np.ones(2, np.float32), name="w")
    opt.apply_gradients([(tf.ones(2), x)])
    assert [v.path for v in opt.variables] == ["opt/iteration", "opt/learning_rate",
                                               "opt/w_0_momentum", "opt/w_0_velocity"]
    assert opt.iterations.dtype == tf.int64 and int(opt.iterations.numpy()) == 1
    opt.learning_rate = 0.25
    assert float(opt.learning_rate.numpy()) == 0.25
    with pytest.raises(ValueError, match="Unknown variable"):
        opt.apply_gradients([(tf.ones(2), tf.Variable(np.ones(2, np.float32)))])
    with pytest.raises(ValueError, match="No gradients provided"):
        opt.apply_gradients([(None, x)])


def test_schedules_values():
    s = K.schedules
    assert float(s.ExponentialDecay(1.0, 10, 0.5)(20)) == pytest.approx(0.25)
    assert float(s.ExponentialDecay(1.0, 10, 0.5, staircase=True)(19)) == pytest.approx(0.5)
    pw = s.PiecewiseConstantDecay([10, 20], [1.0, 0.5, 0.1])
    assert [float(pw(i)) for i in (10, 11, 20, 21)] == pytest.approx([1.0, 0.5, 0.5, 0.1])
    assert float(s.CosineDecay(1.0, 10)(5)) == pytest.approx(0.5)
    assert float(s.InverseTimeDecay(1.0, 1, 1.0)(3)) == pytest.approx(0.25)
    assert float(s.PolynomialDecay(1.0, 10, 0.0)(5)) == pytest.approx(0.5)
    opt = K.SGD(s.ExponentialDecay(0.1, 1, 0.5))
    with pytest.raises(TypeError, match="not settable"):
        opt.learning_rate = 0.3


def test_config_round_trip_and_get():
    opt = K.RMSprop(0.01, momentum=0.5, centered=True, clipnorm=1.0)
    back = K.deserialize(K.serialize(opt))
    assert type(back) is K.RMSprop and back.get_config() == opt.get_config()
    sched = K.SGD(K.schedules.CosineDecay(0.1, 100))
    assert K.deserialize(K.serialize(sched)).get_config() == sched.get_config()
    assert isinstance(K.get("adam"), K.Adam)
    with pytest.raises(ValueError, match="Could not interpret optimizer identifier"):
        K.get("nope")
    with pytest.raises(ValueError, match="Only one of"):
        K.SGD(clipnorm=1.0, global_clipnorm=1.0)
