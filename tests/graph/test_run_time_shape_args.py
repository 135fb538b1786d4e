"""Ops whose shape-like arguments (a slice size of -1, a contraction, a sort axis, a fill or
broadcast shape, a scatter or conv_transpose output shape) meet dimensions known only when the
graph runs (input_signature [None, ...]): one trace serves every batch size and each gives the
eager result, with the static shape TF gives."""
import numpy as np
import pytest

import eagerflow as tf

_RNG = np.random.RandomState(1)
_BATCHES = [(_RNG.rand(n, 4) + 0.1).astype("float32") for n in (3, 5, 1, 7)]


def _conv_t(x):
    return tf.nn.conv2d_transpose(tf.reshape(x, [-1, 2, 2, 1]), tf.ones([2, 2, 3, 1]),
                                  tf.stack([tf.shape(x)[0], 4, 4, 3]), 2)


CASES = {  # name: (fn, the static output shape TF's trace gives)
    "slice_to_end": (lambda x: tf.slice(x, [1, 0], [-1, 2]), [None, 2]),
    "slice_all_to_end": (lambda x: tf.slice(x, [0, 1], [-1, -1]), [None, 3]),
    "tensordot": (lambda x: tf.tensordot(x, tf.reshape(tf.range(12.0), [4, 3]), 1), [None, 3]),
    "tensordot_axes": (lambda x: tf.tensordot(x, tf.ones([4, 3]), [[1], [0]]), [None, 3]),
    "tensordot_batch_axis": (lambda x: tf.tensordot(x, x, [[0], [0]]), [4, 4]),
    "sort_rows": (lambda x: tf.sort(x, axis=1), [None, 4]),
    "sort_batch_axis": (lambda x: tf.sort(x, axis=0, direction="DESCENDING"), [None, 4]),
    "argsort": (lambda x: tf.argsort(x, axis=1), [None, 4]),
    "conv1d": (lambda x: tf.nn.conv1d(tf.reshape(x, [-1, 2, 2]), tf.ones([2, 2, 3]), 1,
                                      "SAME"), [None, 2, 3]),
    "broadcast_to": (lambda x: tf.broadcast_to(x[:, :1], tf.shape(x)), [None, 4]),
    "fill": (lambda x: tf.fill(tf.shape(x)[:1], 1.5), [None]),
    "ones": (lambda x: tf.ones(tf.shape(x)[:1]), [None]),
    "zeros_of_a_list": (lambda x: tf.zeros([tf.shape(x)[0], 3]), [None, 3]),
    "scatter_nd": (lambda x: tf.scatter_nd([[0], [0]], tf.concat([x[:1], x[:1] * 2], 0),
                                           tf.shape(x)), [None, 4]),
    "conv2d_transpose": (_conv_t, [None, 4, 4, 3]),
    "conv3d_transpose": (lambda x: tf.nn.conv3d_transpose(
        tf.reshape(x, [-1, 1, 2, 2, 1]), tf.ones([1, 2, 2, 3, 1]),
        tf.stack([tf.shape(x)[0], 1, 4, 4, 3]), [1, 1, 2, 2, 1]), [None, 1, 4, 4, 3]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_one_trace_every_batch_size(name):
    fn, static = CASES[name]
    f = tf.function(fn, input_signature=[tf.TensorSpec([None, 4])])
    for x in _BATCHES:
        got, want = f(tf.constant(x)), fn(tf.constant(x))
        assert got.shape == want.shape
        np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-6)
    assert f.get_concrete_function().structured_outputs.shape.as_list() == static
    assert f.experimental_get_tracing_count() == 1


def test_traced_sort_sorts_each_calls_values():
    # the order was computed once from the trace's example values
    f = tf.function(lambda x: (tf.sort(x), tf.argsort(x, direction="DESCENDING")))
    for v in ([3.0, 1.0, 2.0], [1.0, 5.0, 2.0]):
        s, i = f(tf.constant(v))
        assert s.numpy().tolist() == sorted(v)
        assert i.numpy().tolist() == list(np.argsort(-np.array(v), kind="stable"))


def test_unknown_contraction_size_keeps_the_known_output_size():
    f = tf.function(lambda x: (x @ tf.ones([4, 3]), tf.tensordot(x, tf.ones([4, 3]), 1),
                               tf.einsum("ij,jk->ik", x, tf.ones([4, 3]))),
                    input_signature=[tf.TensorSpec([None, None])])
    for x in _BATCHES[:2]:
        for got in f(tf.constant(x)):
            np.testing.assert_allclose(got.numpy(), x @ np.ones((4, 3), np.float32), rtol=1e-6)
    assert [o.shape.as_list() for o in f.get_concrete_function().structured_outputs] == \
        [[None, 3]] * 3


def test_gradients_of_run_time_slices_and_sorts():
    def loss(x):
        return tf.reduce_sum(tf.slice(x, [1, 1], [-1, 2]) ** 2) + \
            tf.reduce_sum(tf.sort(x, axis=0) * tf.range(1.0, 5.0))

    def grad(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = loss(x)
        return tape.gradient(y, x)

    f = tf.function(grad, input_signature=[tf.TensorSpec([None, 4])])
    for x in _BATCHES:
        np.testing.assert_allclose(f(tf.constant(x)).numpy(), grad(tf.constant(x)).numpy(),
                                   rtol=1e-6)


def test_random_crop_and_flips_in_a_graph():
    crop = tf.function(lambda x: tf.image.random_crop(x, [2, 2]),
                       input_signature=[tf.TensorSpec([None, 4])])
    x = np.arange(20, dtype=np.float32).reshape(5, 4)
    seen = set()
    for _ in range(20):
        c = crop(tf.constant(x)).numpy()
        r, k = divmod(int(c[0, 0]), 4)
        np.testing.assert_array_equal(c, x[r:r + 2, k:k + 2])
        seen.add((r, k))
    assert len(seen) > 1  # a fresh offset per call
    flip = tf.function(lambda x: tf.image.random_flip_left_right(tf.reshape(x, [-1, 2, 2, 1])),
                       input_signature=[tf.TensorSpec([None, 4])])
    for n in (3, 5):
        out = flip(tf.constant(x[:n])).numpy().reshape(n, 2, 2)
        img = x[:n].reshape(n, 2, 2)
        assert all((o == i).all() or (o == i[:, ::-1]).all() for o, i in zip(out, img))
