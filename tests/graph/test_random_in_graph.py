"""Random composites inside tf.function: their draws are traced random ops, so every call of a
traced function draws fresh numbers (nothing is drawn once while tracing and frozen into the
graph), and a shape known only when the graph runs is taken from the running graph."""
import numpy as np
import pytest

import eagerflow as tf


def _twice(fn, x):
    f = tf.function(fn)
    return f(x).numpy(), f(x).numpy()


def test_traced_dropout_draws_a_fresh_mask_per_call():
    a, b = _twice(lambda x: tf.nn.dropout(x, 0.5), tf.ones([8, 8]))
    assert set(np.unique(a)) <= {0.0, 2.0}
    assert (a != b).any()


def test_traced_dropout_with_a_seed_continues_its_stream():
    tf.random.set_seed(4)
    a, b = _twice(lambda x: tf.nn.dropout(x, 0.5, seed=1), tf.ones([8, 8]))
    assert (a != b).any()


def test_dropout_with_an_unknown_batch_follows_each_batch():
    f = tf.function(lambda x: tf.nn.dropout(x, 0.5),
                    input_signature=[tf.TensorSpec([None, 6])])
    assert f.get_concrete_function().structured_outputs.shape.as_list() == [None, 6]
    for n in (3, 7, 1):
        out = f(tf.ones([n, 6])).numpy()
        assert out.shape == (n, 6) and set(np.unique(out)) <= {0.0, 2.0}


def test_dropout_tensor_rate_is_read_when_the_graph_runs():
    f = tf.function(lambda x, r: tf.nn.dropout(x, r))
    x = tf.ones([200])
    assert set(np.unique(f(x, tf.constant(0.5)).numpy())) == {0.0, 2.0}
    assert set(np.unique(f(x, tf.constant(0.75)).numpy())) == {0.0, 4.0}


def test_random_ops_take_a_run_time_shape():
    f = tf.function(lambda x: (tf.random.uniform(tf.shape(x)),
                               tf.random.normal([tf.shape(x)[0], 2]),
                               tf.random.truncated_normal(tf.shape(x)[:1])),
                    input_signature=[tf.TensorSpec([None, 3])])
    for n in (2, 5):
        u, g, t = f(tf.ones([n, 3]))
        assert (u.shape, g.shape, t.shape) == ((n, 3), (n, 2), (n,))
    u1, u2 = f(tf.ones([4, 3]))[0].numpy(), f(tf.ones([4, 3]))[0].numpy()
    assert (u1 != u2).any()


def test_keras_dropout_and_rnn_dropout_fresh_per_traced_call():
    drop = tf.keras.layers.Dropout(0.5)
    a, b = _twice(lambda x: drop(x, training=True), tf.ones([8, 8]))
    assert (a != b).any()
    lstm = tf.keras.layers.LSTM(4, dropout=0.5, recurrent_dropout=0.5)
    a, b = _twice(lambda x: lstm(x, training=True), tf.ones([3, 5, 2]))
    assert (a != b).any()


def test_keras_dropout_under_fit_draws_fresh_masks():
    # a model whose only weight sees x * mask: with a frozen mask the dropped inputs' weights
    # would never move; with a fresh mask per step every weight moves
    model = tf.keras.Sequential([tf.keras.Input((16,)), tf.keras.layers.Dropout(0.5),
                                 tf.keras.layers.Dense(1, use_bias=False,
                                                       kernel_initializer="zeros")])
    model.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss="mse")
    x = np.ones((1, 16), np.float32)
    model.fit(x, np.ones((1, 1), np.float32), epochs=30, batch_size=1, verbose=0)
    assert (model.layers[-1].kernel.numpy() != 0).all()


def test_stateless_and_integer_draws_take_a_run_time_shape():
    f = tf.function(lambda x: (tf.random.stateless_uniform(tf.shape(x), [1, 2]),
                               tf.random.stateless_normal(tf.shape(x), [3, 4]),
                               tf.random.stateless_truncated_normal(tf.shape(x), [5, 6]),
                               tf.random.stateless_uniform(tf.shape(x), [1, 2], dtype=tf.int64,
                                                           minval=None, maxval=None),
                               tf.random.uniform(tf.shape(x), maxval=5, dtype=tf.int32)),
                    input_signature=[tf.TensorSpec([None, 3])])
    for n in (2, 4):
        u, g, t, i, r = f(tf.ones([n, 3]))
        np.testing.assert_array_equal(u.numpy(), tf.random.stateless_uniform([n, 3], [1, 2]))
        np.testing.assert_array_equal(g.numpy(), tf.random.stateless_normal([n, 3], [3, 4]))
        np.testing.assert_array_equal(
            t.numpy(), tf.random.stateless_truncated_normal([n, 3], [5, 6]))
        np.testing.assert_array_equal(i.numpy(), tf.random.stateless_uniform(
            [n, 3], [1, 2], dtype=tf.int64, minval=None, maxval=None))
        assert r.shape == (n, 3)


def test_a_run_time_shape_is_never_frozen_silently():
    # ops without a run-time-shape twin raise instead of drawing the trace example's shape
    f = tf.function(lambda x: tf.random.gamma(tf.shape(x), 1.0),
                    input_signature=[tf.TensorSpec([None, 3])])
    with pytest.raises(NotImplementedError):
        f(tf.ones([2, 3]))
