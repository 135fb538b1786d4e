"""Ops whose output shape follows input *values* (tf.range) stay graph computations with unknown
dims, and a while loop's condition reads the variables its body writes afresh each iteration.
Both once gave silently wrong answers: the first call's range length was frozen into the graph,
and the condition's variable read was hoisted out of the loop (an endless loop)."""
import numpy as np

import eagerflow as tf


def test_range_of_a_function_input_is_computed_when_the_graph_runs():
    @tf.function(autograph=False)
    def f(n):
        r = tf.range(n)
        assert r.shape.as_list() == [None]
        assert str(r) == 'Tensor("range:0", shape=(None,), dtype=int32)'
        return tf.reduce_sum(r * 2), tf.shape(r)

    s5, n5 = f(tf.constant(5))
    s3, n3 = f(tf.constant(3))
    assert (int(s5), int(s3)) == (20, 6)
    assert n5.numpy().tolist() == [5] and n3.numpy().tolist() == [3]
    assert f.experimental_get_tracing_count() == 1


def test_range_with_input_start_and_delta_and_a_float_range():
    @tf.function(autograph=False)
    def f(a, b, d):
        return tf.range(a, b, d)

    np.testing.assert_array_equal(f(tf.constant(1), tf.constant(9), tf.constant(3)).numpy(),
                                  [1, 4, 7])
    np.testing.assert_array_equal(f(tf.constant(0), tf.constant(4), tf.constant(1)).numpy(),
                                  [0, 1, 2, 3])
    g = tf.function(lambda x: tf.range(0.0, x, 0.5), autograph=False)
    np.testing.assert_array_equal(g(tf.constant(2.0)).numpy(), [0, 0.5, 1, 1.5])
    np.testing.assert_array_equal(g(tf.constant(1.0)).numpy(), [0, 0.5])


def test_range_of_constants_keeps_its_static_shape():
    @tf.function(autograph=False)
    def f(x):
        r = tf.range(4)
        assert r.shape.as_list() == [4]
        return x + tf.cast(r, x.dtype)

    np.testing.assert_array_equal(f(tf.zeros([4])).numpy(), [0, 1, 2, 3])


def test_while_condition_reads_the_variable_the_body_writes():
    v = tf.Variable(0)

    @tf.function(autograph=False)
    def f(limit):
        def body(i):
            v.assign_add(1)
            return [i + 1]
        return tf.while_loop(lambda i: v < limit, body, [0])

    assert int(f(tf.constant(5))[0]) == 5 and int(v.numpy()) == 5
    v.assign(0)
    assert int(f(tf.constant(2))[0]) == 2 and int(v.numpy()) == 2


def test_reshape_to_a_shape_computed_from_an_unknown_batch():
    # TF packs the list into a tensor (Pack) and reshapes to it when the graph runs; the static
    # shape keeps what is known (once: NotImplementedError, so Keras' Flatten failed on a
    # partial last batch)
    @tf.function(input_signature=[tf.TensorSpec([None, 3, 3, 2])], autograph=False)
    def f(x):
        packed = tf.convert_to_tensor([tf.shape(x)[0], -1])
        assert packed.shape.as_list() == [2]
        y = tf.reshape(x, [tf.shape(x)[0], -1])
        assert str(y) == 'Tensor("Reshape:0", shape=(None, 18), dtype=float32)'
        assert tf.range(tf.shape(x)[0]).shape.as_list() == [None]
        return y

    assert f(tf.ones([5, 3, 3, 2])).shape == (5, 18)
    assert f(tf.ones([2, 3, 3, 2])).shape == (2, 18)
    np.testing.assert_array_equal(f(tf.reshape(tf.range(36.0), [2, 3, 3, 2])).numpy(),
                                  np.arange(36.0).reshape(2, 18))


def test_gradient_through_a_run_time_reshape():
    x = tf.constant(np.arange(12.0).reshape(2, 3, 2))

    @tf.function(autograph=False)
    def f(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.reshape(x, tf.stack([tf.shape(x)[0] + 0, -1]))
            loss = tf.reduce_sum(y * y)
        return tape.gradient(loss, x)

    np.testing.assert_allclose(f(x).numpy(), 2 * x.numpy())


def test_keras_flatten_fits_a_partial_last_batch():
    m = tf.keras.Sequential([tf.keras.Input((4, 2)), tf.keras.layers.Flatten(),
                             tf.keras.layers.Dense(3)])
    m.compile("sgd", "mse")
    h = m.fit(np.ones((37, 4, 2), "f4"), np.ones((37, 3), "f4"), batch_size=32, verbose=0,
              epochs=2)
    assert len(h.history["loss"]) == 2 and all(np.isfinite(h.history["loss"]))


def test_a_composite_result_raises_instead_of_leaking_graph_tensors():
    import pytest

    @tf.function
    def f(x):
        return tf.sparse.from_dense(x)

    with pytest.raises(NotImplementedError, match="cannot return a SparseTensor"):
        f(tf.constant([[1.0, 0.0], [0.0, 2.0]]))

    @tf.function
    def g(x):
        return tf.RaggedTensor.from_row_splits(x, [0, 1, 3])

    with pytest.raises(NotImplementedError, match="cannot return a RaggedTensor"):
        g(tf.constant([1, 2, 3]))


def test_run_functions_eagerly_applies_to_an_already_traced_function():
    calls = []

    @tf.function
    def f(x):
        calls.append(1)
        return x + 1

    f(tf.constant(1.0))
    f(tf.constant(2.0))
    assert len(calls) == 1
    tf.config.run_functions_eagerly(True)
    try:
        assert float(f(tf.constant(3.0))) == 4.0
        assert len(calls) == 2  # the Python body ran (TF: its print fires on every call)
    finally:
        tf.config.run_functions_eagerly(False)
    f(tf.constant(4.0))
    assert len(calls) == 2


def test_an_unused_failing_op_is_pruned_and_a_used_one_raises():
    import pytest

    @tf.function
    def unused(x):
        tf.gather(x, [1])  # fails for a 1-element x, but nothing needs it (TF's guide example)
        return x

    np.testing.assert_array_equal(unused(tf.constant([0.0])).numpy(), [0.0])

    @tf.function
    def used(x):
        return tf.gather(x, [1]) * 2

    @tf.function
    def returned(x):
        return tf.gather(x, [1])

    for f in (used, returned):
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"indices\[0\] = 1 is not in"):
            f(tf.constant([0.0]))
