"""What fit's traced train step computes, as TF's Keras does it in a graph: cross-entropies of a
Softmax/Sigmoid output taken from the logits (TF's backend ``_get_logits``), loss reductions and
metric counts with static batch sizes, Adam's shared bias correction."""
import numpy as np
import pytest

import eagerflow as tf

LOGITS = np.array([[0.0, 40.0, -40.0], [1.0, 2.0, 3.0]], np.float32)
LABELS = np.array([2, 1])


def _losses(mod):
    keras = mod.keras

    @mod.function
    def traced(z):
        p = mod.nn.softmax(z)
        return (keras.losses.sparse_categorical_crossentropy(LABELS, p),
                keras.losses.categorical_crossentropy(mod.one_hot(LABELS, 3), p),
                keras.losses.binary_crossentropy(mod.ones_like(z), mod.sigmoid(z)))
    return [t.numpy() for t in traced(mod.constant(LOGITS))]


def test_graph_crossentropies_use_the_softmax_logits():
    sparse, cat, binary = _losses(tf)
    # the probability of class 2 in row 0 underflows: a clipped log would give -log(1e-7) = 16.1
    want = tf.nn.sparse_softmax_cross_entropy_with_logits(LABELS, LOGITS).numpy()
    np.testing.assert_allclose(sparse, want, rtol=1e-6)
    assert sparse[0] == pytest.approx(80.0, rel=1e-6)
    np.testing.assert_allclose(cat, want, rtol=1e-6)
    np.testing.assert_allclose(binary, tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(
        tf.ones_like(LOGITS), LOGITS), -1).numpy(), rtol=1e-6)
    # eagerly the probabilities are clipped, as in TF
    eager = tf.keras.losses.sparse_categorical_crossentropy(LABELS, tf.nn.softmax(LOGITS))
    assert eager.numpy()[0] == pytest.approx(-np.log(1e-7), rel=1e-5)


def test_graph_crossentropies_as_tf():
    tf_ref = pytest.importorskip("tensorflow")
    for ours, ref in zip(_losses(tf), _losses(tf_ref)):
        np.testing.assert_allclose(ours, ref, rtol=1e-6)


def test_from_logits_on_a_softmax_output_warns():
    @tf.function
    def traced(z):
        return tf.keras.losses.sparse_categorical_crossentropy(LABELS, tf.nn.softmax(z),
                                                               from_logits=True)
    with pytest.warns(UserWarning, match="produced by a Softmax activation"):
        traced(tf.constant(LOGITS))


def test_loss_tracker_and_reductions_in_a_traced_step():
    model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(3)])
    model.compile("sgd", tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"])
    x = np.random.RandomState(0).rand(7, 3).astype("float32")
    y = np.array([0, 1, 2, 0, 1, 2, 0])
    want = model.evaluate(x, y, batch_size=7, verbose=0, return_dict=True)
    got = model.evaluate(x, y, batch_size=3, verbose=0, return_dict=True)  # batches 3, 3, 1
    per_row = tf.keras.losses.sparse_categorical_crossentropy(y, model(x), from_logits=True)
    assert got["loss"] == pytest.approx(float(np.mean(per_row)), rel=1e-6)
    assert got == pytest.approx(want, rel=1e-6)
    mean = tf.keras.metrics.Mean()
    mean.update_state(2.0, sample_weight=3)
    mean.update_state(tf.constant([1.0, 4.0]), sample_weight=tf.constant([1.0, 0.0]))
    assert float(mean.result()) == pytest.approx(7.0 / 4.0)


def test_adam_shares_its_bias_correction_across_variables():
    a, b = tf.Variable([1.0, 2.0]), tf.Variable([[3.0]])
    opt = tf.keras.optimizers.Adam(0.1)
    m = [np.zeros(2), np.zeros((1, 1))]
    v = [np.zeros(2), np.zeros((1, 1))]
    want = [a.numpy().astype(np.float64), b.numpy().astype(np.float64)]
    for t in range(1, 4):
        grads = [np.array([0.5, -1.0]) * t, np.array([[2.0]])]
        opt.apply_gradients(zip([tf.constant(g, tf.float32) for g in grads], [a, b]))
        alpha = 0.1 * np.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t)
        for k, g in enumerate(grads):
            m[k] += (g - m[k]) * 0.1
            v[k] += (g * g - v[k]) * 0.001
            want[k] -= alpha * m[k] / (np.sqrt(v[k]) + 1e-7)
    np.testing.assert_allclose(a.numpy(), want[0], rtol=1e-5)
    np.testing.assert_allclose(b.numpy(), want[1], rtol=1e-5)
