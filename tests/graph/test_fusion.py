"""The softmax-cross-entropy fusion of generated code: a tape's gradient of
sparse_softmax_cross_entropy_with_logits inside a tf.function reuses the loss kernel's backprop
(no Softmax/OneHot/Sub in the generated source), with the values of the unfused ops."""
import numpy as np
import pytest

import eagerflow as tf


def _step(w, x, y):
    with tf.GradientTape() as t:
        t.watch(w)
        logits = tf.matmul(x, w)
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y,
                                                                              logits=logits))
    return loss, t.gradient(loss, w)


def _data(dtype=np.float32, label_dtype=np.int32, rows=16, classes=5):
    rng = np.random.RandomState(0)
    return (tf.constant(rng.randn(3, classes).astype(dtype)),
            tf.constant(rng.randn(rows, 3).astype(dtype)),
            tf.constant(rng.randint(0, classes, rows).astype(label_dtype)))


@pytest.mark.parametrize("label_dtype", [np.int32, np.int64])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_fused_gradient_equals_eager(dtype, label_dtype):
    w, x, y = _data(dtype, label_dtype)
    f = tf.function(_step, autograph=False)
    loss, g = f(w, x, y)
    want_loss, want_g = _step(w, x, y)
    np.testing.assert_array_equal(loss.numpy(), want_loss.numpy())
    np.testing.assert_allclose(g.numpy(), want_g.numpy(), rtol=1e-6, atol=1e-7)
    src = f.get_concrete_function(w, x, y).source
    assert "Softmax" not in src.replace("SparseSoftmax", "") and "OneHot" not in src
    assert "SparseSoftmaxCrossEntrop" in src


def test_bad_label_in_fused_kernel_is_tf_error():
    w, x, y = _data()
    f = tf.function(_step, autograph=False)
    f(w, x, y)
    bad = tf.constant(np.full(16, 7, np.int32))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Received a label value of 7"):
        f(w, x, bad)


def test_softmax_used_elsewhere_is_not_fused():
    w, x, y = _data()

    @tf.function(autograph=False)
    def f(w, x, y):
        loss, g = _step(w, x, y)
        return loss, g, tf.nn.softmax(tf.matmul(x, w))
    loss, g, sm = f(w, x, y)
    want = _step(w, x, y)
    np.testing.assert_allclose(g.numpy(), want[1].numpy(), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(sm.numpy(), tf.nn.softmax(tf.matmul(x, w)).numpy(), rtol=1e-6)


def test_tape_outside_uses_unfused_ops():
    w, x, y = _data(np.float64)
    f = tf.function(_step, autograph=False)
    f(w, x, y)
    with tf.GradientTape() as t:
        t.watch(w)
        _, g = f(w, x, y)
        s = tf.reduce_sum(g * g)
    with tf.GradientTape() as t2:
        t2.watch(w)
        _, g2 = _step(w, x, y)
        s2 = tf.reduce_sum(g2 * g2)
    np.testing.assert_allclose(t.gradient(s, w).numpy(), t2.gradient(s2, w).numpy(), rtol=1e-10)
