"""The segment, counting, scan and set ops traced by tf.function: they become graph nodes under
TF's op names, output lengths that follow input *values* (segment ids, num_segments, bincount's
largest value, the sets' sizes) are unknown dims recomputed on every call (one trace serves
different ids), their kernel errors are raised when the graph runs, and gradients differentiate
through the traced graph."""
import numpy as np
import pytest

import eagerflow as tf
from eagerflow.errors import InvalidArgumentError


def _op_names(concrete):
    return [op.type for op in concrete.graph.get_operations()]


def test_segment_ops_trace_as_nodes_with_value_dependent_lengths():
    @tf.function(autograph=False)
    def f(x, ids, n):
        s = tf.math.segment_max(x, ids)
        u = tf.math.unsorted_segment_sum(x, ids, n)
        p = tf.sparse.segment_mean(x, tf.range(tf.size(ids)), ids)
        assert s.shape.as_list() == [None, 2] and u.shape.as_list() == [None, 2]
        assert p.shape.as_list() == [None, 2]
        return s, u, p

    x = tf.constant([[1., 2.], [3., 4.], [5., 6.]])
    s, u, p = f(x, tf.constant([0, 0, 1]), tf.constant(3))
    np.testing.assert_array_equal(s.numpy(), [[3, 4], [5, 6]])
    np.testing.assert_array_equal(u.numpy(), [[4, 6], [5, 6], [0, 0]])
    np.testing.assert_array_equal(p.numpy(), [[2, 3], [5, 6]])
    s, u, p = f(x, tf.constant([1, 3, 3]), tf.constant(5))  # other lengths, the same graph
    assert s.shape == (4, 2) and u.shape == (5, 2) and p.shape == (4, 2)
    np.testing.assert_array_equal(s.numpy(), [[0, 0], [1, 2], [0, 0], [5, 6]])
    assert f.experimental_get_tracing_count() == 1
    names = _op_names(f.get_concrete_function(x, tf.constant([0, 0, 1]), tf.constant(3)))
    for op in ("SegmentMax", "UnsortedSegmentSum", "SparseSegmentMean"):
        assert op in names, names


def test_constant_ids_keep_static_lengths():
    @tf.function(autograph=False)
    def f(x):
        out = tf.math.unsorted_segment_min(x, [1, 0, 1], 4), tf.math.segment_sum(x, [0, 0, 2])
        assert out[0].shape.as_list() == [4] and out[1].shape.as_list() == [3]
        return out

    lo, s = f(tf.constant([3., 1., 2.]))
    assert lo.numpy().tolist() == [1., 2., np.finfo(np.float32).max, np.finfo(np.float32).max]
    assert s.numpy().tolist() == [4., 0., 2.]


def test_kernel_errors_raise_when_the_graph_runs():
    f = tf.function(lambda x, ids: tf.math.segment_sum(x, ids), autograph=False)
    x = tf.ones([3])
    assert f(x, tf.constant([0, 1, 1])).numpy().tolist() == [1., 2.]
    with pytest.raises(InvalidArgumentError, match="segment ids are not increasing"):
        f(x, tf.constant([1, 0, 1]))
    g = tf.function(lambda x, ids: tf.math.unsorted_segment_sum(x, ids, 2), autograph=False)
    with pytest.raises(InvalidArgumentError, match=r"segment_ids\[2\] = 7 is out of range"):
        g(x, tf.constant([0, 1, 7]))


def test_gradients_inside_a_function_match_eager():
    def loss(x, ids):
        return tf.reduce_sum(tf.math.unsorted_segment_max(x, ids, 3) ** 2) + \
            tf.reduce_sum(tf.math.segment_prod(x, [0, 0, 1, 1]))

    @tf.function(autograph=False)
    def g(x, ids):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = loss(x, ids)
        return tape.gradient(y, x)

    x = tf.constant([1.5, -2.0, 3.0, 0.5])
    ids = tf.constant([2, 2, 0, -1])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = loss(x, ids)
    np.testing.assert_allclose(g(x, ids).numpy(), tape.gradient(y, x).numpy())


def test_counting_scan_bitcast_and_sets_in_a_function():
    @tf.function(autograph=False)
    def f(a, x):
        counts = tf.math.bincount(a)
        assert counts.shape.as_list() == [None]
        s = tf.sets.intersection(tf.reshape(a, [2, -1]), [[1, 2], [5, 3]])
        return (counts, tf.histogram_fixed_width(x, [0., 1.], nbins=3),
                tf.math.cumulative_logsumexp(x, exclusive=True), tf.bitcast(x, tf.int32),
                s.indices, s.values, s.dense_shape, tf.sets.size(s))

    out = f(tf.constant([1, 2, 3, 3]), tf.constant([0.1, 0.5, 0.9]))
    assert out[0].numpy().tolist() == [0, 1, 1, 2]
    assert out[1].numpy().tolist() == [1, 1, 1]
    np.testing.assert_allclose(out[2].numpy(), [-np.inf, np.log(np.exp(0.1)),
                                                np.log(np.exp(0.1) + np.exp(0.5))], rtol=1e-6)
    assert out[3].numpy().tolist() == np.array([0.1, 0.5, 0.9], np.float32).view(np.int32).tolist()
    assert out[4].numpy().tolist() == [[0, 0], [0, 1], [1, 0]]
    assert out[5].numpy().tolist() == [1, 2, 3] and out[6].numpy().tolist() == [2, 2]
    assert out[7].numpy().tolist() == [2, 1]
    out = f(tf.constant([5, 5, 3, 0]), tf.constant([0.1, 0.5, 0.9]))  # longer counts, one trace
    assert out[0].numpy().tolist() == [1, 0, 0, 1, 0, 2]
    assert out[5].numpy().tolist() == [3]
    assert f.experimental_get_tracing_count() == 1


@pytest.mark.parametrize("name,fn,sorted_ids", [
    ("segment_mean", lambda x, i: tf.math.segment_mean(x, i), True),
    ("segment_max", lambda x, i: tf.math.segment_max(x, i), True),
    ("segment_prod", lambda x, i: tf.math.segment_prod(x, i), True),
    ("unsorted_segment_max", lambda x, i: tf.math.unsorted_segment_max(x, i, 3), False),
    ("unsorted_segment_sqrt_n", lambda x, i: tf.math.unsorted_segment_sqrt_n(x, i, 3), False),
    ("sparse.segment_mean", lambda x, i: tf.sparse.segment_mean(
        x, tf.range(tf.size(i)), i), True),
    ("sparse.segment_sqrt_n", lambda x, i: tf.sparse.segment_sqrt_n(
        x, tf.range(tf.size(i)), i, num_segments=4), True),
    ("cumulative_logsumexp", lambda x, i: tf.math.cumulative_logsumexp(x, reverse=True), True),
])
def test_gradients_traced_with_unknown_dims_serve_every_size(name, fn, sorted_ids):
    @tf.function(input_signature=[tf.TensorSpec([None, 2], tf.float64),
                                  tf.TensorSpec([None], tf.int32)], autograph=False)
    def g(x, ids):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.reduce_sum(fn(x, ids) ** 2)
        return tape.gradient(y, x)

    for n in (3, 5, 2):
        x = tf.constant(np.arange(2.0 * n).reshape(n, 2) * 0.37 - 1)
        ids = tf.constant(np.sort(np.arange(n) % 2) if sorted_ids else np.arange(n) % 3 - 1,
                          tf.int32)
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.reduce_sum(fn(x, ids) ** 2)
        np.testing.assert_allclose(g(x, ids).numpy(), tape.gradient(y, x).numpy(), rtol=1e-12)
    assert g.experimental_get_tracing_count() == 1
