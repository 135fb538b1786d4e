"""The training stack's ops under eagerflow and real TensorFlow: the same code and inputs, values
and gradients compared to 1e-5, errors by class and message start."""
import re

import numpy as np
import pytest

tf_real = pytest.importorskip("tensorflow")
import eagerflow as ef  # noqa: E402

_RNG = np.random.default_rng(0)
X = _RNG.standard_normal((2, 6, 5, 4)).astype(np.float32)
W = _RNG.standard_normal((3, 2, 4, 6)).astype(np.float32)
WG = _RNG.standard_normal((3, 3, 2, 4)).astype(np.float32)  # 2 groups
WD = _RNG.standard_normal((2, 3, 4, 2)).astype(np.float32)  # depthwise, multiplier 2
X1 = _RNG.standard_normal((2, 9, 3)).astype(np.float32)
W1 = _RNG.standard_normal((3, 3, 5)).astype(np.float32)
X3 = _RNG.standard_normal((1, 4, 5, 3, 2)).astype(np.float32)
W3 = _RNG.standard_normal((2, 2, 2, 2, 3)).astype(np.float32)
G = _RNG.standard_normal((2, 3, 3, 4)).astype(np.float32)
WT = _RNG.standard_normal((3, 3, 3, 4)).astype(np.float32)
TIES = np.round(_RNG.standard_normal((2, 6, 6, 3))).astype(np.float32)


def _grads(tf, fn, *arrays):
    """fn's value and the gradient of sum(fn * fixed weights) with respect to every input."""
    xs = [tf.constant(a) for a in arrays]
    with tf.GradientTape() as tape:
        tape.watch(xs)
        y = fn(tf, *xs)
        w = tf.constant(np.cos(np.arange(int(np.prod(y.shape)))).reshape(y.shape).astype(
            y.dtype.as_numpy_dtype))
        loss = tf.reduce_sum(y * w)
    return [y] + tape.gradient(loss, xs)


CASES = {
    "conv2d SAME stride 2": (lambda tf, x, w: tf.nn.conv2d(x, w, 2, "SAME"), X, W),
    "conv2d VALID dilated": (lambda tf, x, w: tf.nn.conv2d(x, w, 1, "VALID", dilations=[2, 1]),
                             X, W),
    "conv2d explicit": (lambda tf, x, w: tf.nn.conv2d(
        x, w, [1, 2], [[0, 0], [2, 1], [0, 3], [0, 0]]), X, W),
    "conv2d grouped": (lambda tf, x, w: tf.nn.conv2d(x, w, 1, "SAME"), X, WG),
    "conv1d": (lambda tf, x, w: tf.nn.conv1d(x, w, 2, "SAME"), X1, W1),
    "conv3d": (lambda tf, x, w: tf.nn.conv3d(x, w, [1, 1, 2, 1, 1], "SAME"), X3, W3),
    "convolution 1d dilated": (lambda tf, x, w: tf.nn.convolution(x, w, padding="VALID",
                                                                   dilations=2), X1, W1),
    "depthwise_conv2d": (lambda tf, x, w: tf.nn.depthwise_conv2d(x, w, [1, 2, 2, 1], "SAME"),
                         X, WD),
    "conv2d_transpose": (lambda tf, g, w: tf.nn.conv2d_transpose(g, w, [2, 6, 5, 3], 2, "SAME"),
                         G, WT),
    "conv2d_transpose VALID": (lambda tf, g, w: tf.nn.conv2d_transpose(
        g, w, [2, 8, 7, 3], 2, "VALID"), G, WT),
    "max_pool2d SAME": (lambda tf, x: tf.nn.max_pool2d(x, 3, 2, "SAME"), X),
    "max_pool2d ties": (lambda tf, x: tf.nn.max_pool2d(x, [3, 2], [1, 2], "VALID"), TIES),
    "avg_pool2d SAME": (lambda tf, x: tf.nn.avg_pool2d(x, 3, 2, "SAME"), X),
    "max_pool1d": (lambda tf, x: tf.nn.max_pool1d(x, 2, 2, "SAME"), X1),
    "avg_pool 1d": (lambda tf, x: tf.nn.avg_pool(x, 3, 1, "VALID"), X1),
    "max_pool3d": (lambda tf, x: tf.nn.max_pool3d(x, 2, [1, 2, 1], "SAME"), X3),
    "avg_pool3d": (lambda tf, x: tf.nn.avg_pool3d(x, [2, 3, 1], 2, "SAME"), X3),
    "clip_by_norm": (lambda tf, x: tf.clip_by_norm(x, 2.0), X),
    "clip_by_norm axes": (lambda tf, x: tf.clip_by_norm(x, 1.5, axes=[1, 2]), X),
    "clip_by_global_norm": (lambda tf, a, b: tf.concat([tf.reshape(t, [-1]) for t in
                                                        tf.clip_by_global_norm([a, b], 3.0)[0]],
                                                       0), X1, W1),
    "global_norm": (lambda tf, a, b: tf.linalg.global_norm([a, None, b]), X1, W1),
    "moments keepdims": (lambda tf, x: tf.concat(tf.nn.moments(x, [0, 1, 2], keepdims=True),
                                                 0), X),
    "batch_normalization": (lambda tf, x, w: tf.nn.batch_normalization(
        x, tf.reduce_mean(w), 1.0 + tf.reduce_mean(w * w), 0.5, 2.0, 1e-3), X, W),
}


# TF's CPU kernels have no gradient for dilated or grouped 2-D convolutions (eagerflow has):
# their forward values are compared, and their gradients against eagerflow's loop references in
# tests/ops/test_conv.py
FORWARD_ONLY = {"conv2d VALID dilated", "conv2d grouped"}


def _values(tf, fn, *arrays):
    return [fn(tf, *[tf.constant(a) for a in arrays])]


@pytest.mark.parametrize("name", sorted(CASES))
def test_values_and_gradients_match_tf(name):
    fn, *arrays = CASES[name]
    run = _values if name in FORWARD_ONLY else _grads
    got = run(ef, fn, *arrays)
    want = run(tf_real, fn, *arrays)
    assert got[0].dtype.name == want[0].dtype.name
    for k, (g, w) in enumerate(zip(got, want)):
        assert tuple(g.shape) == tuple(w.shape), (k, g.shape, w.shape)
        np.testing.assert_allclose(g.numpy(), w.numpy(), rtol=1e-5, atol=1e-5,
                                   err_msg="%s: output %d" % (name, k))


def test_second_order_conv_matches_tf():
    def run(tf):
        x, w = tf.constant(X[:1, :4, :4, :2].astype(np.float64)), tf.constant(
            W[:2, :2, :2, :3].astype(np.float64))
        with tf.GradientTape() as outer:
            outer.watch([x, w])
            with tf.GradientTape() as inner:
                inner.watch([x, w])
                y = tf.reduce_sum(tf.sin(tf.nn.conv2d(x, w, 2, "SAME")))
            gx, gw = inner.gradient(y, [x, w])
            z = tf.reduce_sum(gx * gx) + tf.reduce_sum(gw * gw)
        return outer.gradient(z, [x, w])
    for g, w in zip(run(ef), run(tf_real)):
        np.testing.assert_allclose(g.numpy(), w.numpy(), rtol=1e-8, atol=1e-10)


ERRORS = {
    "bad padding": lambda tf: tf.nn.conv2d(X, W, 1, "same"),
    "depth": lambda tf: tf.nn.conv2d(X, W[:, :, :3], 1, "SAME"),
    "groups": lambda tf: tf.nn.conv2d(X, W[:, :, :1, :3], 1, "SAME"),
    "input rank": lambda tf: tf.nn.conv2d(X[0], W, 1, "SAME"),
    "filter rank": lambda tf: tf.nn.conv2d(X, W[0], 1, "SAME"),
    "NCHW": lambda tf: tf.nn.conv2d(X.transpose(0, 3, 1, 2), W, 1, "SAME", data_format="NCHW"),
    "strides length": lambda tf: tf.nn.conv2d(X, W, [2, 2, 2], "VALID"),
    "batch stride": lambda tf: tf.nn.conv2d(X, W, [2, 2, 2, 2], "VALID"),
    "zero stride": lambda tf: tf.nn.conv2d(X, W, 0, "VALID"),
    "negative size": lambda tf: tf.nn.conv2d(X, np.ones((7, 7, 4, 2), np.float32), 1, "VALID"),
    "explicit batch padding": lambda tf: tf.nn.conv2d(X, W, 1, [[1, 0], [1, 1], [0, 0], [0, 0]]),
    "explicit size": lambda tf: tf.nn.conv2d(X, W, 1, [[1, 1], [2, 2]]),
    "dtype mismatch": lambda tf: tf.nn.conv2d(tf.constant(X), tf.constant(W.astype(np.float64)),
                                              1, "SAME"),
    "int64": lambda tf: tf.nn.conv2d(X.astype(np.int64), W.astype(np.int64), 1, "SAME"),
    "depthwise depth": lambda tf: tf.nn.depthwise_conv2d(X, WD[:, :, :3], [1, 1, 1, 1], "SAME"),
    "depthwise strides": lambda tf: tf.nn.depthwise_conv2d(X, WD, 1, "SAME"),
    "transpose size": lambda tf: tf.nn.conv2d_transpose(G, WT, [2, 9, 5, 3], 2, "VALID"),
    "transpose depth": lambda tf: tf.nn.conv2d_transpose(G, WT[..., :3], [2, 6, 5, 3], 2, "SAME"),
    "pool padding": lambda tf: tf.nn.max_pool2d(X, 2, 2, "FOO"),
    "pool batch": lambda tf: tf.nn.max_pool2d(X, [2, 2, 2, 1], 1, "VALID"),
    "pool depth": lambda tf: tf.nn.max_pool2d(X, [1, 2, 2, 2], 1, "VALID"),
    "pool NCHW": lambda tf: tf.nn.avg_pool2d(X, 2, 2, "VALID", data_format="NCHW"),
    "avg pool int": lambda tf: tf.nn.avg_pool2d(X.astype(np.int32), 2, 2, "VALID"),
    "pool ksize 0": lambda tf: tf.nn.max_pool2d(X, 0, 2, "VALID"),
    "pool rank": lambda tf: tf.nn.max_pool(X[0, 0], 2, 2, "VALID"),
    "pool2d rank": lambda tf: tf.nn.max_pool2d(X[0], 2, 2, "VALID"),
    "conv3d int strides": lambda tf: tf.nn.conv3d(X3, W3, 1, "SAME"),
    "conv3d short strides": lambda tf: tf.nn.conv3d(X3, W3, [1, 1, 1], "SAME"),
    "dilation on depth": lambda tf: tf.nn.conv2d(X, W, 1, "VALID", dilations=[1, 1, 1, 2]),
    "clip sequence": lambda tf: tf.clip_by_global_norm(tf.constant(X), 1.0),
    "global_norm int": lambda tf: tf.linalg.global_norm([tf.constant([1, 2])]),
    "partial shape": lambda tf: tf.convert_to_tensor(tf.TensorShape([None, 3])),
    "partial shape as op input": lambda tf: tf.reduce_prod(tf.TensorShape([None, 3])),
    "shape dtype": lambda tf: tf.convert_to_tensor(tf.TensorShape([2, 3]), dtype=tf.float32),
    "generator alg": lambda tf: tf.random.Generator.from_seed(1, alg="foo"),
    "generator int uniform": lambda tf: tf.random.Generator.from_seed(1).uniform(
        [2], dtype=tf.int32),
    "generator shape": lambda tf: tf.random.Generator.from_seed(1).normal([-1]),
    "dropout noise_shape": lambda tf: tf.nn.dropout(tf.ones([10, 3]), 0.5, noise_shape=[2, 3]),
}

_PREFIX = re.compile(r"^\{\{function_node [^}]*\}\}\s*")


def _outcome(tf, fn):
    try:
        fn(tf)
    except Exception as e:  # noqa: BLE001 (the class is what is compared)
        return type(e).__name__, _PREFIX.sub("", str(e))
    return None, None


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_errors_match_tf(name):
    got_cls, got_msg = _outcome(ef, ERRORS[name])
    want_cls, want_msg = _outcome(tf_real, ERRORS[name])
    assert want_cls is not None, "TF does not raise"
    assert got_cls == want_cls, (got_cls, got_msg, want_cls, want_msg)
    first = want_msg.replace("<class 'tensorflow.python.framework.ops.EagerTensor'>", "")
    first = first.split("\n")[0].split(" [Op:")[0][:60]
    assert got_msg.replace("<class 'eagerflow.tensor.EagerTensor'>", "").startswith(first), \
        (got_msg, want_msg)


def test_shape_conversion_matches_tf():
    for tf in (ef, tf_real):
        v = tf.Variable(tf.zeros([2, 3]))
        assert tf.constant(v.shape).dtype == tf.int32
        assert int(tf.reduce_prod(v.shape)) == 6
        assert tf.convert_to_tensor(tf.TensorShape([])).dtype == tf.int32
        assert tf.convert_to_tensor(tf.TensorShape([2 ** 33])).dtype == tf.int64
