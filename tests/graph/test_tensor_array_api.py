"""The rest of tf.TensorArray's everyday API as TF 2.21 behaves: split (eager checks; in a graph
equal pieces become the buffer, unequal or run-time lengths stay "ragged"), arrays returned by
tf.cond branches and by a tf.function (its flow), TF's graph-mode shape message, concat of a
dynamically sized array, identity/close in graphs, and gradients (against finite differences)."""
import numpy as np
import pytest

import eagerflow as tf

F = lambda f: tf.function(f, autograph=False)  # noqa: E731


# -- split, eagerly ------------------------------------------------------------------------------
def test_eager_split_keeps_element_shape_unknown():
    ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
    ta = ta.split([1., 2., 3., 4., 5., 6.], [2, 1, 3])
    assert ta.read(0).numpy().tolist() == [1, 2] and ta.read(2).numpy().tolist() == [4, 5, 6]
    assert ta.size().numpy() == 3 and str(ta.element_shape) == "<unknown>"
    ta = tf.TensorArray(tf.float32, size=3).split(tf.constant([[1., 1], [2, 2], [3, 3]]), [1, 2, 0])
    assert ta.concat().numpy().tolist() == [[1, 1], [2, 2], [3, 3]]


@pytest.mark.parametrize("size,value,lengths,match", [
    (3, [1., 2.], [1, 1, 1], "Expected sum of lengths to be equal to values.shape"),
    (2, [1., 2., 3.], [1, 1, 1], "TensorArray's size is not equal to the size of lengths"),
    (1, [1., 2.], [[2]], "Expected lengths to be a vector"),
])
def test_eager_split_errors(size, value, lengths, match):
    with pytest.raises(tf.errors.InvalidArgumentError, match=match):
        tf.TensorArray(tf.float32, size=size).split(value, lengths)


# -- split, in a graph ---------------------------------------------------------------------------
def test_graph_split_equal_lengths_is_a_buffer():
    @F
    def f(v):
        ta = tf.TensorArray(tf.float32, size=3).split(v, [2, 2, 2])
        return ta.stack(), ta.concat(), ta.read(1), ta.size()
    s, c, r, n = f(tf.constant([1., 2., 3., 4., 5., 6.]))
    assert s.numpy().tolist() == [[1, 2], [3, 4], [5, 6]] and s.shape == (3, 2)
    assert c.numpy().tolist() == [1, 2, 3, 4, 5, 6] and r.numpy().tolist() == [3, 4]
    assert n.numpy() == 3


def test_graph_split_unequal_and_runtime_lengths():
    @F
    def f(v, lengths):
        ta = tf.TensorArray(tf.float32, size=3, infer_shape=False).split(v, lengths)
        return ta.read(0), ta.read(1), ta.read(2), ta.concat(), ta.size()
    v = tf.constant([1., 2., 3., 4., 5., 6.])
    a, b, c, cat, n = f(v, tf.constant([1, 2, 3]))
    assert (a.numpy().tolist(), b.numpy().tolist(), c.numpy().tolist()) == (
        [1], [2, 3], [4, 5, 6])
    assert cat.numpy().tolist() == [1, 2, 3, 4, 5, 6] and n.numpy() == 3
    a, b, c, _, _ = f(v, tf.constant([3, 0, 3]))  # other lengths, same trace
    assert (a.numpy().tolist(), b.numpy().tolist(), c.numpy().tolist()) == (
        [1, 2, 3], [], [4, 5, 6])
    assert f.experimental_get_tracing_count() == 1


def test_graph_stack_of_unequal_pieces_is_tf_error():
    @F
    def f(v, lengths):
        return tf.TensorArray(tf.float32, size=3).split(v, lengths).stack()
    v = tf.constant([1., 2., 3., 4., 5., 6.])
    assert f(v, tf.constant([2, 2, 2])).numpy().tolist() == [[1, 2], [3, 4], [5, 6]]
    with pytest.raises(tf.errors.InvalidArgumentError, match="Incompatible shapes during merge"):
        f(v, tf.constant([1, 2, 3]))


def test_graph_write_after_unequal_split_is_not_supported():
    @F
    def f(v):
        return tf.TensorArray(tf.float32, size=2).split(v, [1, 2]).write(0, [1.0]).concat()
    with pytest.raises(NotImplementedError, match="split into pieces of unequal"):
        f(tf.constant([1., 2., 3.]))


@pytest.mark.parametrize("in_function", [False, True])
def test_split_gradients_match_finite_differences(in_function):
    def loss(v):
        ta = tf.TensorArray(tf.float64, size=3, clear_after_read=False).split(v * v, [2, 2, 2])
        ragged = tf.TensorArray(tf.float64, size=3, clear_after_read=False).split(v, [1, 2, 3])
        return (tf.reduce_sum(ta.read(1) * 3.0) + tf.reduce_sum(ta.stack() ** 3) +
                tf.reduce_sum(ta.gather([2, 2])) + tf.reduce_sum(ragged.read(2) ** 2) +
                tf.reduce_sum(ragged.concat() * v))
    fn = F(loss) if in_function else loss
    v = tf.constant(np.linspace(0.5, 2.0, 6))
    with tf.GradientTape() as t:
        t.watch(v)
        y = fn(v)
    g = t.gradient(y, v).numpy()
    eps, num = 1e-6, []
    for i in range(6):
        e = np.eye(6)[i] * eps
        num.append((loss(v + e).numpy() - loss(v - e).numpy()) / (2 * eps))
    np.testing.assert_allclose(g, num, rtol=1e-6)


# -- arrays through tf.cond and out of a tf.function ---------------------------------------------
def test_cond_branches_return_arrays():
    @F
    def f(p):
        ta = tf.TensorArray(tf.float32, size=2)
        ta = tf.cond(p, lambda: ta.write(0, 1.).write(1, 2.), lambda: ta.write(0, 5.).write(1, 6.))
        return ta.stack(), ta.read(1)
    assert f(tf.constant(True))[0].numpy().tolist() == [1, 2]
    assert f(tf.constant(False))[1].numpy() == 6


def test_function_returns_the_flow():
    @F
    def f(x):
        return tf.TensorArray(tf.float32, size=2).write(0, x).write(1, 2 * x)
    r = f(tf.constant(3.))
    assert isinstance(r, tf.Tensor) and not isinstance(r, tf.TensorArray)
    with pytest.raises(AttributeError):
        r.stack()


def test_eager_array_cannot_leave_function():
    @F
    def f(ta, x):
        return ta.write(1, x)
    with pytest.raises(NotImplementedError, match="Attempting to build a graph-mode TF2-style"):
        f(tf.TensorArray(tf.float32, size=2).write(0, 1.), tf.constant(5.))


def test_eager_array_argument_retraces_per_array():
    @F
    def f(ta, x):
        return ta.write(1, x).stack()
    a = tf.TensorArray(tf.float32, size=2).write(0, 1.)
    assert f(a, tf.constant(3.)).numpy().tolist() == [1, 3]
    b = tf.TensorArray(tf.float32, size=2, clear_after_read=False).write(0, 7.).write(1, 8.)
    assert F(lambda ta: ta.read(1) * 2.)(b).numpy() == 16
    f(tf.TensorArray(tf.float32, size=2).write(0, 2.), tf.constant(3.))
    assert f.experimental_get_tracing_count() == 2


# -- messages and the rest -----------------------------------------------------------------------
def test_graph_inconsistent_shapes_message():
    @F
    def f():
        return tf.TensorArray(tf.float32, size=2).write(0, [1.]).write(1, [1., 2.]).concat()
    with pytest.raises(ValueError, match=r"Inconsistent shapes: saw \(2,\) but expected \(1,\)"):
        f()


def test_dynamic_size_loop_concat():
    @F
    def f(x):
        ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
        _, ta = tf.while_loop(lambda i, ta: i < 3,
                              lambda i, ta: (i + 1, ta.write(i, x * tf.cast(i, tf.float32))),
                              (0, ta))
        return ta.concat()
    assert f(tf.constant([1., 2.])).numpy().tolist() == [0, 0, 1, 2, 2, 4]


def test_graph_identity_close_and_reads_twice():
    @F
    def f():
        ta = tf.TensorArray(tf.float32, size=2, clear_after_read=True).write(0, 1.).write(1, 2.)
        ta2 = ta.identity()
        ta.close()
        return ta2.stack(), ta.read(0), ta.read(0)
    s, a, b = f()
    assert s.numpy().tolist() == [1, 2] and a.numpy() == b.numpy() == 1


def test_eager_infer_shape_false_concat():
    ta = tf.TensorArray(tf.float32, size=2, infer_shape=False)
    ta.write(0, [1.])
    ta.write(1, [1., 2.])
    assert str(ta.element_shape) == "<unknown>"
    assert ta.concat().numpy().tolist() == [1, 1, 2]
