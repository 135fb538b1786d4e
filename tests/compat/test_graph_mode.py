"""TF1 graph mode on eagerflow alone: global graph mode on and off, the default graph, sessions'
caches and variable values, GraphDef text, drawing a TF1 graph with eagerflow.viz."""
import numpy as np
import pytest

import eagerflow as tf
from eagerflow import viz

v1 = tf.compat.v1


@pytest.fixture
def graph_mode():
    v1.disable_eager_execution()
    v1.reset_default_graph()
    yield
    v1.reset_default_graph()
    v1.enable_eager_execution()
    assert tf.executing_eagerly()


def test_disable_eager_builds_the_default_graph(graph_mode):
    assert not tf.executing_eagerly()
    x = v1.placeholder(tf.float32, [None, 2], name="x")
    y = x * 2.0
    assert str(y) == 'Tensor("mul:0", shape=(None, 2), dtype=float32)'
    assert y.graph is v1.get_default_graph()
    with v1.Session() as sess:
        np.testing.assert_allclose(sess.run(y, {x: [[1.0, 2.0]]}), [[2.0, 4.0]])


def test_reset_default_graph(graph_mode):
    g = v1.get_default_graph()
    tf.constant(1.0)
    v1.reset_default_graph()
    assert v1.get_default_graph() is not g
    assert v1.get_default_graph().get_operations() == []
    with tf.Graph().as_default():
        with pytest.raises(AssertionError):
            v1.reset_default_graph()


def test_enable_after_building_ops_is_refused():
    v1.disable_eager_execution()
    tf.constant(1.0)
    with pytest.raises(ValueError, match="must be called at program startup"):
        v1.enable_eager_execution()
    v1.reset_default_graph()
    v1.enable_eager_execution()
    assert tf.executing_eagerly()


def test_graph_as_default_in_eager_mode_restores_eager():
    with tf.Graph().as_default():
        assert not tf.executing_eagerly()
    assert tf.executing_eagerly()
    assert float(tf.constant(2.0) * 3.0) == 6.0


def test_session_caches_one_instantiation_per_feed_shape():
    with tf.Graph().as_default() as g:
        x = v1.placeholder(tf.float32, [None])
        y = tf.reduce_sum(x * x)
        with v1.Session() as sess:
            for n in (3, 3, 4, 3):
                assert sess.run(y, {x: np.ones(n, np.float32)}) == n
        (entry,) = g.run_cache.values()
        assert sorted(entry.by_shape) == [((3,),), ((4,),)]


def test_gradients_follow_the_fed_batch_size():
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [None, 2])
        w = tf.Variable([[1.0], [2.0]])
        loss = tf.reduce_mean(tf.matmul(x, w))
        (gw,) = tf.gradients(loss, [w])
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            for n in (1, 5, 8):
                xa = np.arange(2 * n, dtype=np.float32).reshape(n, 2)
                np.testing.assert_allclose(sess.run(gw, {x: xa}), xa.mean(0)[:, None], rtol=1e-6)


def test_session_values_are_per_session_and_closed_sessions_forget():
    with tf.Graph().as_default():
        v = tf.Variable(1.0)
        inc = v.assign_add(1.0)
        s1, s2 = v1.Session(), v1.Session()
        s1.run(v.initializer)
        s1.run(inc)
        with pytest.raises(tf.errors.FailedPreconditionError):
            s2.run(v)
        s2.run(v1.global_variables_initializer())
        assert (s1.run(v), s2.run(v)) == (2.0, 1.0)
        s1.close()
        with pytest.raises(RuntimeError, match="closed Session"):
            s1.run(v)
        assert s2.run(inc) == 2.0


def test_fetched_arrays_are_copies():
    with tf.Graph().as_default():
        v = tf.Variable([1.0, 2.0])
        with v1.Session() as sess:
            sess.run(v.initializer)
            a = sess.run(v)
            a[0] = 100.0
            np.testing.assert_allclose(sess.run(v), [1.0, 2.0])


def test_graph_def_text_and_operation_text():
    with tf.Graph().as_default() as g:
        x = v1.placeholder(tf.float32, [None, 2], name="x")
        init = v1.group(x * 2.0, name="done")
        text = str(g.as_graph_def())
        assert 'name: "x"' in text and 'op: "Placeholder"' in text and "size: -1" in text
        assert 'op: "NoOp"' in str(init) and init.name == "done"


def test_viz_draws_a_tf1_graph():
    with tf.Graph().as_default() as g:
        x = v1.placeholder(tf.float32, [None, 3], name="x")
        w = tf.Variable(tf.zeros([3, 1]), name="w")
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w)))
        v1.train.GradientDescentOptimizer(0.1).minimize(loss)
    drawing = viz.draw(g)
    assert "MatMul" in drawing.dot and "Placeholder" in drawing.dot
    assert "def " in str(viz.code(g))


def test_name_scope_outside_graphs_is_a_no_op():
    with tf.name_scope("outer") as s:
        assert s == "outer/"
        assert float(tf.constant(1.0) + 1.0) == 2.0
