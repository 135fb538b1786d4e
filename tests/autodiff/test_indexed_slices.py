"""tf.IndexedSlices: the gradient of a gather along axis 0, the tape's aggregation of slices, and
everything that consumes gradients (densification, variables' scatter methods, clipping, Keras and
TF1 optimizers). References are NumPy and central finite differences; tests/conformance's
snippets_indexed_linalg.py compares the same behaviour with TensorFlow itself."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import eagerflow as tf
from eagerflow.ops.gather import IndexedSlices


def _dense(s):
    return tf.convert_to_tensor(s).numpy()


def _grad(f, x):
    with tf.GradientTape() as tape:
        if not isinstance(x, tf.Variable):
            tape.watch(x)
        y = f(x)
    return tape.gradient(y, x)


def _numeric(f, x0, h=1e-6):
    g = np.zeros_like(x0)
    for i in np.ndindex(x0.shape):
        d = np.zeros_like(x0)
        d[i] = h
        g[i] = (float(f(tf.constant(x0 + d))) - float(f(tf.constant(x0 - d)))) / (2 * h)
    return g


# -- the class ----------------------------------------------------------------------------------
def test_public_name_and_parts():
    s = tf.IndexedSlices(tf.constant([[1.0, 2.0]]), tf.constant([1]), tf.constant([3, 2]))
    assert tf.IndexedSlices is IndexedSlices
    assert s.dtype is tf.float32 and s.shape.as_list() == [3, 2]
    assert not hasattr(s, "numpy")
    assert str(s) == ("IndexedSlices(indices=tf.Tensor([1], shape=(1,), dtype=int32), values="
                      "tf.Tensor([[1. 2.]], shape=(1, 2), dtype=float32), dense_shape=tf.Tensor("
                      "[3 2], shape=(2,), dtype=int32))")
    assert repr(s).startswith("<tensorflow.python.framework.indexed_slices.IndexedSlices object")


def test_without_dense_shape():
    s = tf.IndexedSlices(tf.constant([[1.0]]), tf.constant([0]))
    assert str(s).endswith("dtype=float32))") and "dense_shape" not in str(s)
    assert s.shape.rank is None
    with pytest.raises(ValueError, match="without dense_shape"):
        tf.convert_to_tensor(s)


def test_conversion_dtype_mismatch():
    s = tf.IndexedSlices(tf.constant([1.0]), tf.constant([0]), tf.constant([2]))
    with pytest.raises(ValueError, match="Incompatible tensor conversion requested to `dtype` "
                                         "float64"):
        tf.convert_to_tensor(s, dtype=tf.float64)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, 4), min_size=0, max_size=8), st.integers(1, 3))
def test_densify_sums_repeated_rows(idx, width):
    values = np.arange(len(idx) * width, dtype=np.float64).reshape(len(idx), width) + 1
    want = np.zeros((5, width))
    np.add.at(want, np.array(idx, np.int64), values)
    s = tf.IndexedSlices(tf.constant(values), tf.constant(idx, tf.int64), tf.constant([5, width]))
    np.testing.assert_array_equal(_dense(s), want)


def test_ops_densify_and_operators():
    s = tf.IndexedSlices(tf.constant([[1.0, 2.0]]), tf.constant([1]), tf.constant([2, 2]))
    d = np.array([[0.0, 0.0], [1.0, 2.0]])
    t = tf.ones([2, 2])
    np.testing.assert_array_equal(tf.add(s, 1.0).numpy(), d + 1)
    np.testing.assert_array_equal((t + s).numpy(), d + 1)
    np.testing.assert_array_equal((s - t).numpy(), d - 1)
    np.testing.assert_array_equal((s * t).numpy(), d)
    assert float(tf.reduce_sum(s)) == 3.0
    assert str(-s).startswith("IndexedSlices(indices=tf.Tensor([1]") and \
        (-s).values.numpy().tolist() == [[-1.0, -2.0]]
    with pytest.raises(TypeError):
        s * 2
    with pytest.raises(TypeError):
        2.0 + s


def test_cast_and_identity_keep_slices():
    s = tf.IndexedSlices(tf.constant([1, 2]), tf.constant([0, 2]), tf.constant([3]))
    c = tf.cast(s, tf.float32)
    assert isinstance(c, IndexedSlices) and c.values.dtype is tf.float32
    assert isinstance(tf.identity(s), IndexedSlices)


# -- gradients of gathers -----------------------------------------------------------------------
def test_gather_gradient_of_variable_is_slices():
    v = tf.Variable(np.arange(6.0).reshape(3, 2))
    g = _grad(lambda v: tf.reduce_sum(tf.gather(v, [0, 2, 0]) ** 2), v)
    assert isinstance(g, IndexedSlices)
    assert g.indices.numpy().tolist() == [0, 2, 0]
    assert g.dense_shape.numpy().tolist() == [3, 2] and g.dense_shape.dtype is tf.int32
    np.testing.assert_allclose(g.values.numpy(), 2 * v.numpy()[[0, 2, 0]])


def test_gather_gradient_2d_indices_flattened():
    x = tf.constant(np.arange(8.0).reshape(4, 2))
    g = _grad(lambda x: tf.reduce_sum(tf.gather(x, [[3, 1], [1, 1]]) * 2.0), x)
    assert g.indices.numpy().tolist() == [3, 1, 1, 1]
    assert g.values.shape == (4, 2)
    np.testing.assert_array_equal(_dense(g), [[0, 0], [6, 6], [0, 0], [2, 2]])


@pytest.mark.parametrize("f", [
    lambda x: tf.reduce_sum(tf.gather(x, [1, 1], axis=1) ** 2),
    lambda x: tf.reduce_sum(tf.gather(x, [[1], [0], [1]], batch_dims=1) ** 2),
    lambda x: tf.reduce_sum(tf.gather(x * 2.0, [2, 0]) ** 2),
    lambda x: tf.reduce_sum(tf.gather(tf.reshape(x, [3, 2]), [1]) ** 2),
    lambda x: tf.reduce_sum(tf.gather(x, [1])) + tf.reduce_sum(x * x),
], ids=["axis1", "batch_dims", "through_mul", "through_reshape", "plus_dense"])
def test_dense_gradients(f):
    x0 = np.arange(6.0).reshape(3, 2) / 3
    g = _grad(f, tf.constant(x0))
    assert type(g) is not IndexedSlices
    np.testing.assert_allclose(g.numpy(), _numeric(f, x0), rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("f", [
    lambda x: tf.reduce_sum(tf.gather(x, [2, 0, 2]) ** 3),
    lambda x: tf.reduce_sum(tf.nn.embedding_lookup(x, [[1, 2], [2, 2]]) ** 2),
    lambda x: tf.reduce_sum(tf.gather(tf.identity(x), [1]) * tf.gather(x, [2, 0])),
], ids=["gather", "embedding_lookup", "two_gathers"])
def test_slices_gradients_match_finite_differences(f):
    x0 = np.arange(6.0).reshape(3, 2) / 3 + 0.1
    g = _grad(f, tf.constant(x0))
    assert isinstance(g, IndexedSlices)
    np.testing.assert_allclose(_dense(g), _numeric(f, x0), rtol=1e-5, atol=1e-6)


def test_slices_pass_through_cast():
    v = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
    g = _grad(lambda v: tf.reduce_sum(tf.gather(tf.cast(v, tf.float64), [1, 1]) ** 2), v)
    assert isinstance(g, IndexedSlices) and g.values.dtype is tf.float32
    np.testing.assert_array_equal(_dense(g), [[0.0, 0.0], [12.0, 16.0]])


def test_aggregation_concatenates_and_promotes_indices():
    x = tf.constant([1.0, 2.0, 3.0])
    g = _grad(lambda x: tf.reduce_sum(tf.gather(x, tf.constant([1], tf.int64))) +
              tf.reduce_sum(tf.gather(x, [2, 2])), x)
    assert isinstance(g, IndexedSlices) and g.indices.dtype is tf.int64
    assert sorted(g.indices.numpy().tolist()) == [1, 2, 2]
    np.testing.assert_array_equal(_dense(g), [0.0, 1.0, 2.0])


def test_second_order_through_gather():
    x0 = np.array([1.0, 2.0, 3.0])
    x = tf.constant(x0)
    with tf.GradientTape() as t2:
        t2.watch(x)
        with tf.GradientTape() as t1:
            t1.watch(x)
            y = tf.reduce_sum(tf.gather(x, [0, 2, 2]) ** 3)
        g = t1.gradient(y, x)
        s = tf.reduce_sum(tf.convert_to_tensor(g) * tf.constant([1.0, 2.0, 3.0], tf.float64))
    h = t2.gradient(s, x)
    assert isinstance(h, IndexedSlices)
    # d/dx of sum_k c[i_k] * 3 x[i_k]^2
    np.testing.assert_allclose(_dense(h), [6.0 * 1, 0.0, 2 * (6.0 * 3 * 3)])


def test_slices_target_is_tf_error():
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape(persistent=True) as t:
        t.watch(x)
        g = _grad(lambda x: tf.reduce_sum(tf.gather(x, [0]) ** 2), x)
        with pytest.raises(AttributeError, match="'IndexedSlices' object has no attribute '_id'"):
            t.gradient(g, x)


def test_jacobian_compute_gradient_and_jvp_are_dense():
    x = tf.constant([1.0, 2.0, 3.0], tf.float64)
    with tf.GradientTape() as t:
        t.watch(x)
        y = tf.gather(x, [2, 0])
    want = np.array([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])
    np.testing.assert_array_equal(t.jacobian(y, x).numpy(), want)
    theo, num = tf.test.compute_gradient(lambda a: tf.gather(a, [2, 0]), [x])
    np.testing.assert_allclose(theo[0], want)
    np.testing.assert_allclose(num[0], want, atol=1e-6)
    with tf.autodiff.ForwardAccumulator(x, tf.constant([1.0, 5.0, 7.0], tf.float64)) as acc:
        y = tf.gather(x, [2, 0])
    np.testing.assert_array_equal(acc.jvp(y).numpy(), [7.0, 1.0])


def test_gradient_inside_function():
    v = tf.Variable(np.arange(6.0).reshape(3, 2))
    kinds = []

    @tf.function
    def step(ids):
        with tf.GradientTape() as t:
            y = tf.reduce_sum(tf.gather(v, ids) ** 2)
        g = t.gradient(y, v)
        kinds.append(type(g))
        return tf.convert_to_tensor(g)
    got = step(tf.constant([0, 2, 2])).numpy()
    want = np.zeros((3, 2))
    np.add.at(want, [0, 2, 2], 2 * v.numpy()[[0, 2, 2]])
    np.testing.assert_allclose(got, want)
    assert kinds == [IndexedSlices]


def test_keras_embedding_gradient_is_slices():
    layer = tf.keras.layers.Embedding(5, 3)
    with tf.GradientTape() as t:
        y = tf.reduce_sum(layer(tf.constant([[1, 2], [3, 3]])))
    g = t.gradient(y, layer.trainable_variables)[0]
    assert isinstance(g, IndexedSlices)
    assert g.indices.numpy().tolist() == [1, 2, 3, 3] and g.dense_shape.numpy().tolist() == [5, 3]


# -- consumers ----------------------------------------------------------------------------------
@pytest.mark.parametrize("name, ufunc", [
    ("scatter_add", np.add.at), ("scatter_sub", np.subtract.at), ("scatter_mul", np.multiply.at),
    ("scatter_div", np.divide.at), ("scatter_min", np.minimum.at), ("scatter_max", np.maximum.at)])
def test_variable_scatter_methods(name, ufunc):
    rng = np.random.default_rng(0)
    base = rng.uniform(1, 2, (4, 3))
    idx = np.array([3, 0, 3])
    upd = rng.uniform(1, 2, (3, 3))
    v = tf.Variable(base)
    out = getattr(v, name)(tf.IndexedSlices(tf.constant(upd), tf.constant(idx)))
    want = base.copy()
    ufunc(want, idx, upd)
    np.testing.assert_allclose(v.numpy(), want)
    np.testing.assert_allclose(out.numpy(), want)  # a live alias, as TF's


def test_variable_scatter_update_and_errors():
    v = tf.Variable(np.zeros((3, 2)))
    v.scatter_update(tf.IndexedSlices(tf.constant([[1.0, 1.0], [2.0, 2.0]], tf.float64),
                                      tf.constant([2, 0])))
    np.testing.assert_array_equal(v.numpy(), [[2, 2], [0, 0], [1, 1]])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"indices\[0\] = 5 is not in \[0, 3\) \[Op:ResourceScatterAdd\]"):
        v.scatter_add(tf.IndexedSlices(tf.constant([[1.0, 2.0]], tf.float64), tf.constant([5])))
    with pytest.raises(TypeError, match="must be a `tf.IndexedSlices`"):
        v.scatter_sub(tf.constant([1.0]))


def test_variable_assign_family_densifies():
    s = tf.IndexedSlices(tf.constant([[1.0, 2.0]]), tf.constant([1]), tf.constant([3, 2]))
    v = tf.Variable(tf.ones([3, 2]))
    v.assign_sub(s)
    np.testing.assert_array_equal(v.numpy(), [[1, 1], [0, -1], [1, 1]])
    v.assign_add(s)
    v.assign(s)
    np.testing.assert_array_equal(v.numpy(), [[0, 0], [1, 2], [0, 0]])


def test_clipping_uses_the_values():
    vals = np.array([[3.0, 4.0], [3.0, 4.0]])
    s = tf.IndexedSlices(tf.constant(vals), tf.constant([1, 1]), tf.constant([3, 2]))
    c = tf.clip_by_norm(s, 1.0)
    assert isinstance(c, IndexedSlices)  # the norm is the values' (sqrt(50)), not the dense row's
    np.testing.assert_allclose(c.values.numpy(), vals / np.sqrt(50.0))
    d = tf.constant([[1.0, 0.0], [0.0, 0.0], [0.0, 0.0]], tf.float64)
    (cs, cd), norm = tf.clip_by_global_norm([s, d], 1.0)
    assert isinstance(cs, IndexedSlices)
    np.testing.assert_allclose(float(norm), np.sqrt(51.0))
    np.testing.assert_allclose(cs.values.numpy(), vals / np.sqrt(51.0))
    np.testing.assert_allclose(float(tf.linalg.global_norm([s, d])), np.sqrt(51.0))


_G_VALUES = np.array([[1.0, 0.5], [1.0, 1.0], [0.25, 2.0]])
_G_INDEX = np.array([0, 0, 2])
_X0 = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])


def _keras_run(opt, steps=2):
    v = tf.Variable(_X0.astype(np.float32))
    g = tf.IndexedSlices(tf.constant(_G_VALUES, tf.float32), tf.constant(_G_INDEX),
                         tf.constant([3, 2]))
    for _ in range(steps):
        opt.apply_gradients([(g, v)])
    return v.numpy()


def test_keras_sgd_slices_equal_the_dense_step():
    dense = np.zeros((3, 2))
    np.add.at(dense, _G_INDEX, _G_VALUES)
    np.testing.assert_allclose(_keras_run(tf.keras.optimizers.SGD(0.1)), _X0 - 0.2 * dense,
                               rtol=1e-6)


def test_keras_adam_squares_each_slice():
    # Keras 3 on TF: m from the summed rows, v from the summed squares of the slices
    b1, b2, eps, lr = 0.9, 0.999, 1e-7, 0.1
    g = np.zeros((3, 2))
    np.add.at(g, _G_INDEX, _G_VALUES)
    g2 = np.zeros((3, 2))
    np.add.at(g2, _G_INDEX, _G_VALUES ** 2)
    x, m, v = _X0.copy(), np.zeros((3, 2)), np.zeros((3, 2))
    for t in (1, 2):
        m = m + (g - m) * (1 - b1)
        v = v + (g2 - v) * (1 - b2)
        alpha = lr * np.sqrt(1 - b2 ** t) / (1 - b1 ** t)
        x = x - m * alpha / (np.sqrt(v) + eps)
    np.testing.assert_allclose(_keras_run(tf.keras.optimizers.Adam(lr)), x, rtol=1e-5)


def test_keras_clipvalue_clips_each_slice():
    clipped = np.zeros((3, 2))
    np.add.at(clipped, _G_INDEX, np.clip(_G_VALUES, -0.5, 0.5))
    np.testing.assert_allclose(_keras_run(tf.keras.optimizers.SGD(0.1, clipvalue=0.5), 1),
                               _X0 - 0.1 * clipped, rtol=1e-6)


def test_keras_model_with_embedding_trains():
    model = tf.keras.Sequential([tf.keras.layers.Embedding(10, 4),
                                 tf.keras.layers.GlobalAveragePooling1D(),
                                 tf.keras.layers.Dense(1)])
    model.compile(tf.keras.optimizers.SGD(0.5), "mse")
    rng = np.random.default_rng(1)
    x, y = rng.integers(0, 10, (32, 5)), rng.uniform(size=(32, 1))
    model(x[:1])  # builds the weights
    before = model.layers[0].embeddings.numpy().copy()
    hist = model.fit(x, y, epochs=5, verbose=0).history["loss"]
    assert hist[-1] < hist[0]
    unused = sorted(set(range(10)) - set(x.ravel().tolist()))
    np.testing.assert_array_equal(model.layers[0].embeddings.numpy()[unused], before[unused])


def test_tf1_momentum_moves_only_named_rows():
    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        w = v1.get_variable("w", dtype=tf.float64, initializer=tf.constant(_X0))
        ids = v1.placeholder(tf.int32, [None])
        opt = v1.train.MomentumOptimizer(0.1, 0.9)
        gv = opt.compute_gradients(tf.reduce_sum(tf.gather(w, ids) ** 2), [w])
        assert isinstance(gv[0][0], IndexedSlices)
        step = opt.apply_gradients(gv)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            x, acc = _X0.copy(), np.zeros((3, 2))
            for feed in ([0, 0, 2], [1], [0, 2]):
                sess.run(step, {ids: feed})
                g = np.zeros((3, 2))
                np.add.at(g, feed, 2 * x[feed])
                rows = sorted(set(feed))
                acc[rows] = acc[rows] * 0.9 + g[rows]
                x[rows] -= 0.1 * acc[rows]
            np.testing.assert_allclose(sess.run(w), x, rtol=1e-12)
