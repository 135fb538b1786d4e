"""Gradients inside a tf.function traced with unknown dimensions (input_signature [None, ...]):
one trace serves every batch size, and each gives the eager gradient. Gradient rules that read
an input's shape use its static shape where the trace knows it and a run-time Shape where it
does not (ops/run_time_shapes.py), so the first call's batch size is not frozen into the graph."""
import numpy as np
import pytest

import eagerflow as tf

_RNG = np.random.RandomState(0)
_BATCHES = [(_RNG.rand(n, 4) + 0.1).astype("float32") for n in (3, 5, 7, 1)]

CASES = {
    "reduce_mean": lambda x: tf.reduce_mean(x),
    "reduce_mean_batch_axis": lambda x: tf.reduce_mean(x, axis=0),
    "reduce_mean_keepdims": lambda x: tf.reduce_mean(x, axis=1, keepdims=True),
    "reduce_sum_batch_axis": lambda x: tf.reduce_sum(x, 0),
    "reduce_max": lambda x: tf.reduce_max(x, 1),
    "reduce_min_all": lambda x: tf.reduce_min(x),
    "reduce_prod": lambda x: tf.reduce_prod(x, 1),
    "reduce_logsumexp": lambda x: tf.reduce_logsumexp(x, 1),
    "reduce_std": lambda x: tf.math.reduce_std(x, 0),
    "reduce_variance": lambda x: tf.math.reduce_variance(x),
    "reshape": lambda x: tf.reshape(x, [-1, 2, 2]) * 2.0,
    "reshape_flat": lambda x: tf.reshape(x, [-1]) ** 2,
    "broadcast_rows": lambda x: x * tf.reduce_sum(x, 0, keepdims=True),
    "broadcast_first_row": lambda x: (x + x[:1]) ** 2,
    "tile": lambda x: tf.tile(x, [2, 1]) ** 2,
    "expand_squeeze": lambda x: tf.squeeze(tf.expand_dims(x, 1), 1) ** 2,
    "expand_last": lambda x: tf.expand_dims(x, -1) * x[..., None],
    "transpose": lambda x: tf.transpose(x) ** 2,
    "concat_batch_axis": lambda x: tf.concat([x, x ** 2], 0),
    "concat_feature_axis": lambda x: tf.concat([x, x ** 2], 1),
    "split": lambda x: tf.split(x, 2, axis=1)[1] ** 2,
    "stack": lambda x: tf.stack([x, x * 2]) ** 2,
    "unstack": lambda x: tf.unstack(x, axis=1)[0] ** 2,
    "gather_columns": lambda x: tf.gather(x, [0, 2], axis=1) ** 2,
    "gather_nd": lambda x: tf.gather_nd(x, [[0, 1], [0, 2]]) ** 2,
    "slice": lambda x: x[1:, :2] ** 2,
    "slice_negative": lambda x: x[:-1, ::2] ** 2,
    "boolean_mask": lambda x: tf.boolean_mask(x, x > 0.5) ** 2,
    "pad": lambda x: tf.pad(x, [[1, 0], [0, 2]]) ** 2,
    "mirror_pad": lambda x: tf.pad(x, [[0, 0], [1, 2]], mode="REFLECT") ** 2,
    "matmul": lambda x: tf.matmul(x, tf.transpose(x)),
    "matmul_weights": lambda x: tf.matmul(x, tf.ones([4, 3])) ** 2,
    "softmax": lambda x: tf.nn.softmax(x) * x,
    "log_softmax": lambda x: tf.nn.log_softmax(x) * x,
    "sparse_softmax_xent": lambda x: tf.nn.sparse_softmax_cross_entropy_with_logits(
        tf.zeros(tf.shape(x)[:1], tf.int32), x),
    "softmax_xent": lambda x: tf.nn.softmax_cross_entropy_with_logits(
        tf.nn.softmax(x * 3), x),
    "sigmoid_xent": lambda x: tf.nn.sigmoid_cross_entropy_with_logits(tf.ones_like(x), x),
    "moments": lambda x: sum(tf.nn.moments(x, [0])),
    "batch_normalization": lambda x: tf.nn.batch_normalization(
        x, *tf.nn.moments(x, [0]), None, None, 1e-3) * x,
    "l2_normalize": lambda x: tf.math.l2_normalize(x, 1) * x,
    "norm": lambda x: tf.norm(x, axis=1),
    "clip_by_norm": lambda x: tf.clip_by_norm(x, 0.5) * x,
    "clip_by_global_norm": lambda x: tf.clip_by_global_norm([x], 0.5)[0][0] * x,
    "cumsum": lambda x: tf.cumsum(x, 1) ** 2,
    "cumprod_batch_axis": lambda x: tf.math.cumprod(x, 0) ** 2,
    "reverse": lambda x: tf.reverse(x, [0]) * x,
    "where": lambda x: tf.where(x > 0.5, x, x ** 2),
    "einsum": lambda x: tf.einsum("ij,ij->i", x, x),
    "repeat": lambda x: tf.repeat(x, 2, axis=1) ** 2,
    "roll": lambda x: tf.roll(x, 1, 0) * x,
    "top_k": lambda x: tf.math.top_k(x, 2).values ** 2,
    "bias_add": lambda x: tf.nn.bias_add(x, tf.ones([4])) ** 2,
    "max_pool": lambda x: tf.nn.max_pool2d(tf.reshape(x, [-1, 2, 2, 1]), 2, 1, "VALID"),
    "avg_pool": lambda x: tf.nn.avg_pool2d(tf.reshape(x, [-1, 2, 2, 1]), 2, 1, "VALID") * 2,
    "conv2d": lambda x: tf.nn.conv2d(tf.reshape(x, [-1, 2, 2, 1]), tf.ones([2, 2, 1, 3]), 1,
                                     "SAME") ** 2,
    "depthwise_conv2d": lambda x: tf.nn.depthwise_conv2d(
        tf.reshape(x, [-1, 2, 2, 1]), tf.ones([2, 2, 1, 2]), [1, 1, 1, 1], "SAME") ** 2,
    "squared_difference": lambda x: tf.math.squared_difference(x, x[:1]),
    "maximum": lambda x: tf.maximum(x, x[:1] * 0.9),
    "pow": lambda x: tf.pow(x, x[:1]),
    "divide": lambda x: x / (x[:1] + 1),
    "atan2": lambda x: tf.math.atan2(x, x[:1] + 1),
    "one_hot": lambda x: x * tf.one_hot(tf.argmax(x, 1), 4),
    "tensor_scatter_nd_update": lambda x: tf.tensor_scatter_nd_update(
        x, [[0]], tf.ones([1, 4])) ** 2,
    "unsorted_segment_sum": lambda x: tf.math.unsorted_segment_sum(
        x, tf.zeros(tf.shape(x)[:1], tf.int32), 2) ** 2,
}


def _gradient(fn, x):
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = fn(x)
    return tape.gradient(y, x)


@pytest.mark.parametrize("name", sorted(CASES))
def test_one_trace_serves_every_batch_size(name):
    fn = CASES[name]
    traced = tf.function(lambda x: _gradient(fn, x),
                         input_signature=[tf.TensorSpec([None, 4], tf.float32)])
    for x in _BATCHES:
        want = _gradient(fn, tf.constant(x)).numpy()
        got = traced(tf.constant(x)).numpy()
        assert got.shape == want.shape
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def test_second_derivative_through_a_run_time_shape():
    @tf.function(input_signature=[tf.TensorSpec([None, 3], tf.float64)])
    def hessian_diag_sum(x):
        with tf.GradientTape() as outer:
            outer.watch(x)
            with tf.GradientTape() as inner:
                inner.watch(x)
                y = tf.reduce_sum(tf.reduce_mean(x ** 3, axis=0))
            g = inner.gradient(y, x)
        return outer.gradient(g, x)
    for n in (2, 5):
        x = np.arange(n * 3, dtype=np.float64).reshape(n, 3) / 7
        np.testing.assert_allclose(hessian_diag_sum(tf.constant(x)).numpy(), 6 * x / n)


def test_unconnected_zero_gradient_takes_the_run_time_shape():
    @tf.function(input_signature=[tf.TensorSpec([None, 2])])
    def grads(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.constant(1.0)
        return tape.gradient(y, x, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    assert grads(tf.ones([3, 2])).shape == (3, 2)
    assert grads(tf.ones([6, 2])).shape == (6, 2)


def test_keras_train_step_with_an_unknown_batch():
    layers = tf.keras.layers
    tf.keras.utils.set_random_seed(1)
    model = tf.keras.Sequential([tf.keras.Input((4, 4, 1)), layers.Conv2D(2, 3, padding="same"),
                                 layers.MaxPooling2D(2), layers.Flatten(),
                                 layers.BatchNormalization(), layers.Dense(3)])
    loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)

    def grads(x, y):
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x, training=True))
        return tape.gradient(loss, model.trainable_variables)
    traced = tf.function(grads, input_signature=[tf.TensorSpec([None, 4, 4, 1]),
                                                 tf.TensorSpec([None], tf.int32)])
    rng = np.random.RandomState(0)
    for n in (8, 3, 5):
        x = rng.rand(n, 4, 4, 1).astype("float32")
        y = rng.randint(0, 3, n).astype("int32")
        for got, want in zip(traced(x, y), grads(tf.constant(x), tf.constant(y))):
            np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-4, atol=1e-6)
