"""tf.nn: gradients against finite differences for every differentiable row of the nn table,
TF's values at the kinks, stability, errors, dropout and moments."""
import numpy as np
import pytest

import eagerflow as tf
from eagerflow.errors import InvalidArgumentError
from tests.op_cases import nn_cases


def check_gradients(fn, arrays, argnums, rng=None, eps=1e-6, rtol=1e-5, atol=1e-6):
    """Compares d/dx_k sum(u * fn(*xs)) from the tape with central differences, for k in
    argnums. ``arrays`` are NumPy values; float ones are used in float64."""
    rng = rng or np.random.default_rng(0)
    arrays = [a.astype(np.float64) if a.dtype.kind == "f" else a for a in arrays]
    out = np.asarray(fn(*[tf.constant(a) for a in arrays]).numpy(), np.float64)
    u = rng.uniform(0.5, 1.5, size=out.shape)

    def loss(arrs):
        return float(np.sum(u * fn(*[tf.constant(a) for a in arrs]).numpy()))

    xs = [tf.constant(a) for a in arrays]
    with tf.GradientTape() as tape:
        for k in argnums:
            tape.watch(xs[k])
        y = tf.reduce_sum(fn(*xs) * tf.constant(u))
    grads = tape.gradient(y, [xs[k] for k in argnums])
    for k, g in zip(argnums, grads):
        assert g is not None, "no gradient for argument %d" % k
        g = tf.convert_to_tensor(g).numpy()  # (IndexedSlices: a gather's gradient)
        assert g.shape == arrays[k].shape, (g.shape, arrays[k].shape)
        num = np.zeros(arrays[k].shape)
        flat = num.reshape(-1)
        for i in range(flat.size):
            plus = [a.copy() for a in arrays]
            minus = [a.copy() for a in arrays]
            plus[k].reshape(-1)[i] += eps
            minus[k].reshape(-1)[i] -= eps
            flat[i] = (loss(plus) - loss(minus)) / (2 * eps)
        np.testing.assert_allclose(g, num, rtol=rtol, atol=atol,
                                   err_msg="gradient of argument %d" % k)


def _grad_params(cases):
    for case in cases:
        if case.grad is not True:
            continue
        for shapes in case.shapes:
            yield pytest.param(case, shapes, id="%s-%s" % (case.name, "x".join(map(str, shapes))))


@pytest.mark.parametrize("case,shapes", list(_grad_params(nn_cases.CASES)))
def test_gradient_matches_finite_differences(case, shapes):
    rng = np.random.default_rng(1)
    arrays = case.inputs(rng, shapes, "float64")
    fn = case.function(tf)
    argnums = case.grad_args if case.grad_args is not None else tuple(range(case.nargs))
    check_gradients(lambda *xs: fn(*xs, **case.kwargs), arrays, argnums, rng)


def _grad(fn, values):
    x = tf.Variable(values)
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(fn(x))
    return tape.gradient(y, x).numpy()


def test_gradients_at_kinks_match_tf():
    np.testing.assert_array_equal(_grad(tf.nn.relu, [0.0, -1.0, 2.0]), [0, 0, 1])
    np.testing.assert_array_equal(_grad(tf.nn.relu6, [0.0, 6.0, 6.5, 3.0]), [0, 0, 0, 1])
    np.testing.assert_allclose(_grad(tf.nn.leaky_relu, [0.0, -1.0, 1.0]), [0.2, 0.2, 1.0])
    np.testing.assert_allclose(_grad(tf.nn.elu, [0.0, -1.0, 1.0]), [1.0, 0.36787945, 1.0],
                               rtol=1e-6)
    np.testing.assert_allclose(_grad(tf.nn.selu, [0.0, -1.0, 1.0]),
                               [1.050701, 0.64676857, 1.050701], rtol=1e-6)


def test_relu_int_and_dtype_errors():
    r = tf.nn.relu(tf.constant([-2, 3]))
    assert r.dtype == tf.int32 and r.numpy().tolist() == [0, 3]
    assert tf.nn.relu6(tf.constant([-2, 3, 9])).numpy().tolist() == [0, 3, 6]
    lr = tf.nn.leaky_relu(tf.constant([1, -2]))
    assert lr.dtype == tf.float32
    np.testing.assert_allclose(lr.numpy(), [1.0, -0.4])
    with pytest.raises(InvalidArgumentError, match="Value for attr 'T' of bool"):
        tf.nn.relu(tf.constant([True]))
    with pytest.raises(InvalidArgumentError, match="Value for attr 'T' of int32"):
        tf.nn.elu(tf.constant([1, -2]))
    with pytest.raises(ValueError, match="`features.dtype` must be a floating point tensor"):
        tf.nn.gelu(tf.constant([1, -2]))


def test_activation_values_match_tf():
    x = tf.constant([1.0, -2.0])
    np.testing.assert_allclose(tf.nn.gelu(x).numpy(), [0.8413447, -0.04550026], rtol=1e-6)
    np.testing.assert_allclose(tf.nn.gelu(x, approximate=True).numpy(), [0.841192, -0.04540223],
                               rtol=1e-5)  # 1 + tanh(..) cancels: a few float32 ulps
    np.testing.assert_allclose(tf.nn.silu(x, beta=2.0).numpy(), [0.8807971, -0.03597242],
                               rtol=1e-6)
    np.testing.assert_allclose(tf.nn.selu(x).numpy(), [1.050701, -1.5201665], rtol=1e-6)
    assert tf.nn.sigmoid is tf.sigmoid and tf.nn.tanh is tf.tanh
    assert tf.nn.softplus is tf.math.softplus


def test_softmax_stable_and_axis():
    x = tf.constant([[1.0, 2.0, 3.0], [1000.0, 0.0, -1000.0]])
    s = tf.nn.softmax(x).numpy()
    assert np.isfinite(s).all()
    np.testing.assert_allclose(s[1], [1, 0, 0])
    np.testing.assert_allclose(tf.nn.log_softmax(tf.constant([1000.0, -1000.0])).numpy(),
                               [0.0, -2000.0])
    np.testing.assert_allclose(tf.nn.softmax(tf.constant([[1.0, 2.0]]), axis=0).numpy(), [[1, 1]])
    with pytest.raises(InvalidArgumentError, match="Value for attr 'T' of int32 is not in the "
                                                   "list of allowed values"):
        tf.nn.softmax(tf.constant([1, 2]))
    with pytest.raises(InvalidArgumentError, match=r"`dim` must be in the range \[-1, 1\)"):
        tf.nn.softmax(tf.constant([1.0, 2.0]), axis=3)


def test_softmax_cross_entropy_values_and_gradients_match_tf():
    labels = tf.constant([[0.0, 1.0, 0.0], [0.5, 0.5, 0.0]])
    logits = tf.constant([[2.0, 1.0, 0.1], [1000.0, 0.0, -1000.0]])
    out = tf.nn.softmax_cross_entropy_with_logits(labels, logits).numpy()
    np.testing.assert_allclose(out, [1.4170299, 500.0], rtol=1e-6)
    # positional and keyword calls agree; axis=0 on the transposes too
    out2 = tf.nn.softmax_cross_entropy_with_logits(labels=tf.transpose(labels),
                                                   logits=tf.transpose(logits), axis=0)
    np.testing.assert_allclose(out2.numpy(), out, rtol=1e-6)
    # int labels are cast to the logits' dtype
    r = tf.nn.softmax_cross_entropy_with_logits(tf.constant([0, 1]), tf.constant([1.0, 2.0]))
    assert r.dtype == tf.float32 and r.shape == ()
    np.testing.assert_allclose(r.numpy(), 0.31326166, rtol=1e-6)
    lab, lg = tf.Variable([[0.2, 0.8]]), tf.Variable([[1.0, 3.0]])
    with tf.GradientTape() as tape:
        y = tf.nn.softmax_cross_entropy_with_logits(lab, lg)
    g_lab, g_lg = tape.gradient(y, [lab, lg])
    np.testing.assert_allclose(g_lab.numpy(), [[2.126928, 0.12692805]], rtol=1e-6)
    np.testing.assert_allclose(g_lg.numpy(), [[-0.08079708, 0.08079702]], rtol=1e-5)
    with pytest.raises(InvalidArgumentError, match=r"logits and labels must be broadcastable: "
                                                   r"logits_size=\[1,3\] labels_size=\[1,2\]"):
        tf.nn.softmax_cross_entropy_with_logits(tf.constant([[0.0, 1.0]]),
                                                tf.constant([[1.0, 2.0, 3.0]]))


def test_second_derivatives_of_fused_cross_entropies_match_tf():
    x = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
    with tf.GradientTape() as t2:
        with tf.GradientTape() as t1:
            y = tf.reduce_sum(tf.nn.sparse_softmax_cross_entropy_with_logits([0, 1], x))
        g1 = t1.gradient(y, x)
        z = tf.reduce_sum(g1 * g1)
    np.testing.assert_allclose(t2.gradient(z, x).numpy(),
                               [[-0.57493937, 0.57493937], [0.21150838, -0.21150836]], rtol=1e-5)
    with tf.GradientTape() as t2:
        with tf.GradientTape() as t1:
            y = tf.reduce_sum(tf.nn.softmax_cross_entropy_with_logits([[0.0, 1.0], [1.0, 0.0]], x))
        g1 = t1.gradient(y, x)
        z = tf.reduce_sum(g1 * g1)
    np.testing.assert_allclose(t2.gradient(z, x).numpy(),
                               [[0.21150838, -0.21150836], [-0.57493937, 0.57493937]], rtol=1e-5)


def test_sparse_softmax_cross_entropy_errors():
    logits = tf.constant([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]])
    with pytest.raises(InvalidArgumentError) as e:
        tf.nn.sparse_softmax_cross_entropy_with_logits(tf.constant([0, 5]), logits)
    assert str(e.value) == ("Received a label value of 5 which is outside the valid range of "
                            "[0, 3).  Label values: 0 5 [Op:SparseSoftmaxCrossEntropyWithLogits]")
    with pytest.raises(InvalidArgumentError, match="Received a label value of -1"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(tf.constant([0, -1]), logits)
    with pytest.raises(InvalidArgumentError, match="Value for attr 'Tlabels' of float"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(tf.constant([0.0, 1.0]), logits)
    with pytest.raises(ValueError, match="`labels.shape` must equal `logits.shape` except for the "
                                         "last dimension"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(tf.constant([0, 1, 2]), logits)
    r = tf.nn.sparse_softmax_cross_entropy_with_logits(tf.constant([0], tf.int64),
                                                       tf.constant([[1.0, 2.0, 3.0]], tf.float64))
    assert r.dtype == tf.float64
    np.testing.assert_allclose(r.numpy(), [2.40760596])


def test_sigmoid_cross_entropy_stable_and_errors():
    labels = tf.constant([0.0, 1.0, 1.0, 0.5])
    logits = tf.constant([-100.0, 2.0, 100.0, 0.0])
    out = tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits).numpy()
    np.testing.assert_allclose(out, [0.0, 0.126928, 0.0, 0.6931472], atol=1e-6)
    with pytest.raises(ValueError, match="`logits` and `labels` must have the same shape"):
        tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.constant([0.0, 1.0]),
                                                logits=tf.constant([1.0, 2.0, 3.0]))
    with pytest.raises(InvalidArgumentError, match="cannot compute Mul"):
        tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.constant([0, 1]),
                                                logits=tf.constant([1.0, 2.0]))


def test_l2_loss_and_bias_add_errors():
    assert tf.nn.l2_loss(tf.constant([[1.0, 2.0], [3.0, 4.0]])).numpy() == 15.0
    assert tf.nn.l2_loss(tf.constant(3.0, tf.float64)).dtype == tf.float64
    with pytest.raises(InvalidArgumentError, match="Value for attr 'T' of int32"):
        tf.nn.l2_loss(tf.constant([1, 2]))
    with pytest.raises(InvalidArgumentError, match=r"Must provide as many biases as the last "
                                                   r"dimension of the input tensor: \[3\] vs. "
                                                   r"\[1,2\] \[Op:BiasAdd\]"):
        tf.nn.bias_add(tf.constant([[1.0, 2.0]]), tf.constant([1.0, 2.0, 3.0]))
    with pytest.raises(InvalidArgumentError, match=r"Biases must be 1D: \[1,2\]"):
        tf.nn.bias_add(tf.constant([[1.0, 2.0]]), tf.constant([[1.0, 2.0]]))
    with pytest.raises(InvalidArgumentError, match=r"Input tensor must be at least 2D: \[2\]"):
        tf.nn.bias_add(tf.constant([1.0, 2.0]), tf.constant([1.0, 2.0]))
    with pytest.raises(InvalidArgumentError, match="cannot compute BiasAdd as input #1"):
        tf.nn.bias_add(tf.constant([[1.0, 2.0]]), tf.constant([1, 2]))
    out = tf.nn.bias_add(tf.constant([[[1.0, 2.0]]]), tf.constant([1.0]), data_format="NCHW")
    assert out.numpy().tolist() == [[[2.0, 3.0]]]


def test_dropout():
    x = tf.ones([1000])
    assert tf.nn.dropout(x, 0.0) is x
    y = tf.nn.dropout(x, 0.25).numpy()
    assert set(np.unique(y)) <= {0.0, np.float32(1 / 0.75)}
    assert 0.15 < (y == 0).mean() < 0.35
    assert tf.nn.dropout(tf.ones([2, 3]), 0.5, noise_shape=[2, 1]).shape == (2, 3)
    rows = tf.nn.dropout(tf.ones([50, 4]), 0.5, noise_shape=[50, 1]).numpy()
    assert (rows == rows[:, :1]).all()
    assert tf.nn.dropout(tf.ones([2, 3]), tf.constant(0.5)).shape == (2, 3)
    tf.random.set_seed(7)
    a = tf.nn.dropout(x, 0.5, seed=3).numpy()
    tf.random.set_seed(7)
    np.testing.assert_array_equal(tf.nn.dropout(x, 0.5, seed=3).numpy(), a)
    for bad in (1.0, -0.1):
        with pytest.raises(ValueError, match=r"`rate` must be a scalar tensor or a float in the "
                                             r"range \[0, 1\)"):
            tf.nn.dropout(x, bad)
    with pytest.raises(ValueError, match="`x.dtype` must be a floating point tensor"):
        tf.nn.dropout(tf.ones([4], tf.int32), 0.5)
    v = tf.Variable([1.0, 2.0, 3.0, 4.0])
    with tf.GradientTape() as tape:
        y = tf.nn.dropout(v, 0.5)
        s = tf.reduce_sum(y)
    g = tape.gradient(s, v).numpy()
    np.testing.assert_array_equal(g, np.where(y.numpy() != 0, 2.0, 0.0))


def test_moments_and_batch_normalization():
    x = tf.constant([[1.0, 2.0], [3.0, 5.0]])
    m, v = tf.nn.moments(x, [0])
    np.testing.assert_allclose(m.numpy(), [2.0, 3.5])
    np.testing.assert_allclose(v.numpy(), [1.0, 2.25])
    m, v = tf.nn.moments(x, [0, 1], keepdims=True)
    assert m.shape == (1, 1) and v.shape == (1, 1)
    np.testing.assert_allclose([m.numpy()[0, 0], v.numpy()[0, 0]], [2.75, 2.1875])
    mi, vi = tf.nn.moments(tf.constant([[1, 2], [3, 5]]), [0])
    assert mi.dtype == tf.int32 and mi.numpy().tolist() == [2, 3] and vi.numpy().tolist() == [1, 2]
    mh, vh = tf.nn.moments(tf.constant([[1.0, 2.0], [3.0, 5.0]], tf.float16), 0)
    assert mh.dtype == tf.float16 and vh.dtype == tf.float16
    bn = tf.nn.batch_normalization(tf.constant([1.0, 2.0]), 1.0, 4.0, None, None, 0.0)
    np.testing.assert_allclose(bn.numpy(), [0.0, 0.5])
    bn = tf.nn.batch_normalization(tf.constant([1.0, 2.0]), 1.0, 4.0, 1.0, 2.0, 0.0)
    np.testing.assert_allclose(bn.numpy(), [1.0, 2.0])


def test_losses_match_tf_values():
    np.testing.assert_allclose(
        tf.nn.weighted_cross_entropy_with_logits(tf.constant([0.0, 1.0]), tf.constant([1.0, 2.0]),
                                                 2.0).numpy(), [1.3132617, 0.253856], rtol=1e-6)
    np.testing.assert_allclose(
        tf.nn.log_poisson_loss(tf.constant([0.0, 1.0, 3.0]), tf.constant([1.0, 2.0, 0.5]),
                               compute_full_loss=True).numpy(), [2.7182817, 5.389056, 1.9128028],
        rtol=1e-6)
    e = tf.nn.embedding_lookup(tf.constant([[1.0, 2.0], [3.0, 4.0]]), [1, 0, 1])
    assert e.numpy().tolist() == [[3.0, 4.0], [1.0, 2.0], [3.0, 4.0]]
    assert tf.nn.crelu(tf.constant([1.0, -2.0])).numpy().tolist() == [1.0, 0.0, 0.0, 2.0]


def test_mlp_step_gradients():
    rng = np.random.default_rng(0)
    w = tf.Variable(rng.normal(size=(4, 3)).astype(np.float32))
    b = tf.Variable(np.zeros(3, np.float32))
    x = tf.constant(rng.normal(size=(5, 4)).astype(np.float32))
    labels = tf.constant([0, 1, 2, 1, 0])
    with tf.GradientTape() as tape:
        logits = tf.nn.bias_add(tf.nn.relu(x @ w), b)
        loss = tf.reduce_sum(tf.nn.sparse_softmax_cross_entropy_with_logits(labels, logits))
    gw, gb = tape.gradient(loss, [w, b])
    assert gw.shape == (4, 3) and gb.shape == (3,)
    # the bias gradient is the column sum of softmax - onehot
    sm = tf.nn.softmax(logits).numpy()
    sm[np.arange(5), labels.numpy()] -= 1
    np.testing.assert_allclose(gb.numpy(), sm.sum(0), rtol=1e-5, atol=1e-6)


def test_sigmoid_values_denormals_and_dtypes():
    # float32/float64/float16 against the float64 formula; TF flushes denormal results to 0
    for dt in (np.float16, np.float32, np.float64):
        x = np.linspace(-800, 800, 20001).astype(dt)
        r = tf.sigmoid(tf.constant(x)).numpy()
        with np.errstate(over="ignore"):
            ref = 1 / (1 + np.exp(-x.astype(np.float64)))
        ref[ref < np.finfo(dt).tiny] = 0
        assert r.dtype == dt
        np.testing.assert_allclose(r, ref.astype(dt), rtol=2 * np.finfo(dt).eps, atol=0)
    assert tf.sigmoid(tf.constant(-88.5)).numpy() == 0  # a float32 denormal in exact arithmetic
    # bfloat16 (via ml_dtypes) and complex take NumPy's promotion and come back in their dtype
    b = tf.sigmoid(tf.constant([-300.0, 0.0, 3.0], tf.bfloat16))
    assert b.dtype == tf.bfloat16
    np.testing.assert_allclose(b.numpy().astype(np.float32), [0, 0.5, 0.9570], atol=1e-3)
    c = tf.sigmoid(tf.constant([1 + 1j]))
    np.testing.assert_allclose(c.numpy(), 1 / (1 + np.exp(-(1 + 1j))))
