"""Convolutions: forward against the loop reference over random geometries (hypothesis), gradients
(first and second order) against finite differences in float64, and TF's errors."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

import eagerflow as tf
from eagerflow.autodiff.gradcheck import compute_gradient
from tests.op_cases.conv_cases import conv_ref, conv_input_grad_ref, conv_filter_grad_ref


@st.composite
def geometries(draw, nd=2):
    """(x shape, w shape, strides, padding, dilations) with a non-negative output size."""
    groups = draw(st.integers(1, 2))
    cg = draw(st.integers(1, 2))
    o = groups * draw(st.integers(1, 2))
    ks = tuple(draw(st.integers(1, 3)) for _ in range(nd))
    strides = tuple(draw(st.integers(1, 3)) for _ in range(nd))
    dil = tuple(draw(st.integers(1, 2)) for _ in range(nd))
    kind = draw(st.sampled_from(["SAME", "VALID", "EXPLICIT"]))
    pads = tuple((draw(st.integers(0, 2)), draw(st.integers(0, 2))) for _ in range(nd))
    sizes = []
    for k, d, (lo, hi) in zip(ks, dil, pads):
        eff = (k - 1) * d + 1
        low = max(1, eff - (lo + hi if kind == "EXPLICIT" else 0)) if kind != "SAME" else 1
        sizes.append(draw(st.integers(low, low + 4)))
    padding = pads if kind == "EXPLICIT" else kind
    n = draw(st.integers(1, 2))
    return (n,) + tuple(sizes) + (groups * cg,), ks + (cg, o), strides, padding, dil


def _tf_padding(padding):
    return padding if isinstance(padding, str) else [[0, 0]] + [list(p) for p in padding] + [[0, 0]]


@given(geometries(), st.integers(0, 2 ** 16))
def test_conv2d_matches_loop_reference(geo, seed):
    xs, ws, s, p, d = geo
    rng = np.random.default_rng(seed)
    x, w = rng.standard_normal(xs), rng.standard_normal(ws)
    y = tf.nn.conv2d(x, w, list(s), _tf_padding(p), dilations=list(d))
    np.testing.assert_allclose(y.numpy(), conv_ref(x, w, s, p, d), rtol=1e-10, atol=1e-10)


@given(geometries(), st.integers(0, 2 ** 16))
def test_conv2d_gradients_match_loop_references(geo, seed):
    xs, ws, s, p, d = geo
    rng = np.random.default_rng(seed)
    x, w = tf.constant(rng.standard_normal(xs)), tf.constant(rng.standard_normal(ws))
    with tf.GradientTape() as tape:
        tape.watch([x, w])
        y = tf.nn.conv2d(x, w, list(s), _tf_padding(p), dilations=list(d))
    g = rng.standard_normal(y.shape)
    dx, dw = tape.gradient(y, [x, w], output_gradients=tf.constant(g))
    np.testing.assert_allclose(dx.numpy(), conv_input_grad_ref(w.numpy(), g, xs, s, p, d),
                               rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(dw.numpy(), conv_filter_grad_ref(x.numpy(), g, ws, s, p, d),
                               rtol=1e-10, atol=1e-10)


@given(geometries(nd=1), st.integers(0, 2 ** 16))
def test_conv1d_matches_loop_reference(geo, seed):
    xs, ws, s, p, d = geo
    rng = np.random.default_rng(seed)
    x, w = rng.standard_normal(xs), rng.standard_normal(ws)
    if not isinstance(p, str):
        return  # conv1d takes explicit padding through conv2d (checked there)
    y = tf.nn.conv1d(x, w, s[0], p, dilations=d[0])
    np.testing.assert_allclose(y.numpy(), conv_ref(x, w, s, p, d), rtol=1e-10, atol=1e-10)


def test_conv3d_and_convolution_match_reference(rng):
    x, w = rng.standard_normal((1, 4, 3, 5, 2)), rng.standard_normal((2, 1, 3, 2, 3))
    ref = conv_ref(x, w, (2, 1, 1), "SAME", (1, 1, 1))
    np.testing.assert_allclose(tf.nn.conv3d(x, w, [1, 2, 1, 1, 1], "SAME").numpy(), ref,
                               rtol=1e-10)
    np.testing.assert_allclose(tf.nn.convolution(x, w, [2, 1, 1], "SAME").numpy(), ref,
                               rtol=1e-10)
    x2, w2 = rng.standard_normal((2, 6, 5, 3)), rng.standard_normal((3, 2, 3, 4))
    np.testing.assert_allclose(tf.nn.convolution(x2, w2, dilations=2).numpy(),
                               conv_ref(x2, w2, (1, 1), "VALID", (2, 2)), rtol=1e-10)


def test_depthwise_is_per_channel(rng):
    x, w = rng.standard_normal((2, 5, 5, 3)), rng.standard_normal((3, 3, 3, 2))
    y = tf.nn.depthwise_conv2d(x, w, [1, 2, 2, 1], "SAME").numpy()
    for c in range(3):
        ref = conv_ref(x[..., c:c + 1], w[:, :, c:c + 1, :], (2, 2), "SAME")
        np.testing.assert_allclose(y[..., 2 * c:2 * c + 2], ref, rtol=1e-10)


def test_conv2d_transpose_is_the_input_gradient(rng):
    g, w = rng.standard_normal((2, 3, 3, 4)), rng.standard_normal((3, 3, 2, 4))
    y = tf.nn.conv2d_transpose(g, w, [2, 6, 6, 2], 2, "SAME")
    np.testing.assert_allclose(y.numpy(), conv_input_grad_ref(w, g, (2, 6, 6, 2), (2, 2), "SAME",
                                                              (1, 1)), rtol=1e-10)
    y1 = tf.nn.conv1d_transpose(g[:, 0], w[0], [2, 7, 2], 2, "VALID")
    np.testing.assert_allclose(y1.numpy(), conv_input_grad_ref(
        w[:1], g[:, :1], (2, 1, 7, 2), (1, 2), "VALID", (1, 1))[:, 0], rtol=1e-10)


def test_extra_batch_dims_fold(rng):
    x, w = rng.standard_normal((2, 3, 5, 5, 2)), rng.standard_normal((3, 3, 2, 4))
    y = tf.nn.conv2d(x, w, 1, "SAME")
    assert y.shape == (2, 3, 5, 5, 4)
    np.testing.assert_allclose(y.numpy()[1], conv_ref(x[1], w, (1, 1), "SAME"), rtol=1e-10)


@pytest.mark.parametrize("padding,strides,dilations", [
    ("SAME", 2, 1), ("VALID", 1, 2), ([[0, 0], [1, 2], [0, 1], [0, 0]], [1, 2], 1)])
def test_second_order_gradients(rng, padding, strides, dilations):
    """Gradients are made of recorded primitives: d/dx and d/dw of a function of the gradient."""
    x0, w0 = rng.standard_normal((1, 5, 4, 2)), rng.standard_normal((2, 2, 2, 2))

    def f(x, w):
        with tf.GradientTape() as inner:
            inner.watch([x, w])
            y = tf.reduce_sum(tf.sin(tf.nn.conv2d(x, w, strides, padding, dilations=dilations)))
        gx, gw = inner.gradient(y, [x, w])
        return tf.reduce_sum(gx * gx) + tf.reduce_sum(tf.cos(gw))

    theo, num = compute_gradient(f, [x0, w0], delta=1e-6)
    for t, n in zip(theo, num):
        np.testing.assert_allclose(t, n, rtol=1e-5, atol=1e-6)


def test_float16_and_int32(rng):
    x, w = rng.standard_normal((1, 4, 4, 2)), rng.standard_normal((2, 2, 2, 3))
    y = tf.nn.conv2d(tf.constant(x, tf.float16), tf.constant(w, tf.float16), 1, "VALID")
    assert y.dtype == tf.float16
    np.testing.assert_allclose(y.numpy(), conv_ref(x.astype(np.float16).astype(np.float64),
                                                   w.astype(np.float16).astype(np.float64)),
                               rtol=1e-2, atol=1e-2)
    xi, wi = np.round(x * 3).astype(np.int32), np.round(w * 3).astype(np.int32)
    yi = tf.nn.conv2d(xi, wi, 1, "VALID")
    assert yi.dtype == tf.int32
    np.testing.assert_array_equal(yi.numpy(), conv_ref(xi, wi))


def test_empty_inputs():
    assert tf.nn.conv2d(tf.ones([0, 5, 5, 3]), tf.ones([3, 3, 3, 4]), 1, "SAME").shape == \
        (0, 5, 5, 4)


_X, _W = tf.ones([2, 5, 5, 3]), tf.ones([3, 3, 3, 4])


@pytest.mark.parametrize("call,cls,start", [
    (lambda: tf.nn.conv2d(_X, _W, 1, "same"), tf.errors.InvalidArgumentError,
     "Value for attr 'padding' of \"same\" is not in the list of allowed values"),
    (lambda: tf.nn.conv2d(_X, tf.ones([3, 3, 2, 4]), 1, "SAME"), tf.errors.InvalidArgumentError,
     "input depth must be evenly divisible by filter depth: 3 vs 2"),
    (lambda: tf.nn.conv2d(_X, tf.ones([3, 3, 1, 4]), 1, "SAME"), tf.errors.InvalidArgumentError,
     "output depth must be evenly divisible by number of groups: 4 vs 3"),
    (lambda: tf.nn.conv2d(tf.ones([5, 5, 3]), _W, 1, "SAME"), tf.errors.InvalidArgumentError,
     "convolution input must be 4-dimensional: [5,5,3]"),
    (lambda: tf.nn.conv2d(_X, tf.ones([3, 3, 3]), 1, "SAME"), tf.errors.InvalidArgumentError,
     "convolution filter must be 4-dimensional: [3,3,3]"),
    (lambda: tf.nn.conv2d(tf.ones([2, 3, 5, 5]), _W, 1, "SAME", data_format="NCHW"),
     tf.errors.UnimplementedError, "The Conv2D op currently only supports the NHWC tensor format"),
    (lambda: tf.nn.conv2d(_X, _W, [2, 2, 2], "VALID"), ValueError,
     "strides should be of length 1, 2 or 4. Received: strides=[2, 2, 2] of length 3"),
    (lambda: tf.nn.conv2d(_X, _W, [2, 2, 2, 2], "VALID"), tf.errors.UnimplementedError,
     "Current implementation does not yet support strides in the batch and depth dimensions."),
    (lambda: tf.nn.conv2d(_X, _W, 0, "VALID"), tf.errors.InvalidArgumentError,
     "Row and column strides should be larger than 0."),
    (lambda: tf.nn.conv2d(_X, _W, 1, "VALID", dilations=0), tf.errors.InvalidArgumentError,
     "Dilated rates should be larger than 0."),
    (lambda: tf.nn.conv2d(_X, tf.ones([7, 7, 3, 4]), 1, "VALID"), tf.errors.InvalidArgumentError,
     "Computed output size would be negative: -1 [input_size: 5, effective_filter_size: 7, "
     "stride: 1]"),
    (lambda: tf.nn.conv2d(_X, _W, 1, [[1, 0], [1, 1], [2, 2], [0, 0]]),
     tf.errors.InvalidArgumentError, "Nonzero explicit padding in the batch or depth dimensions"),
    (lambda: tf.nn.conv2d(_X, _W, 1, [[1, 1], [2, 2]]), ValueError,
     "When padding is a list, it must be of size 4."),
    (lambda: tf.nn.conv2d(_X, tf.ones([3, 3, 3, 4], tf.float64), 1, "SAME"),
     tf.errors.InvalidArgumentError, "cannot compute Conv2D as input #1(zero-based) was expected "
     "to be a float tensor but is a double tensor"),
    (lambda: tf.nn.conv2d(tf.ones([2, 5, 5, 3], tf.int64), tf.ones([3, 3, 3, 4], tf.int64), 1,
                          "SAME"), tf.errors.InvalidArgumentError,
     "Value for attr 'T' of int64 is not in the list of allowed values"),
    (lambda: tf.nn.depthwise_conv2d(_X, tf.ones([3, 3, 2, 2]), [1, 1, 1, 1], "SAME"),
     tf.errors.InvalidArgumentError, "input and filter must have the same depth: 3 vs 2"),
    (lambda: tf.nn.depthwise_conv2d(_X, tf.ones([3, 3, 3, 2]), 1, "SAME"), TypeError,
     "Expected list for 'strides' argument to 'depthwise_conv2d_native' Op, not 1."),
    (lambda: tf.nn.convolution(_X, _W, strides=2, padding="VALID", dilations=2), ValueError,
     "`strides > 1` not supported in conjunction with `dilation_rate > 1`."),
    (lambda: tf.nn.conv2d_transpose(_X, tf.ones([3, 3, 6, 4]), [2, 10, 10, 6], 2, "SAME"),
     tf.errors.InvalidArgumentError,
     "Conv2DCustomBackpropInput: filter and out_backprop must have the same out_depth"),
    (lambda: tf.nn.conv2d_transpose(_X, tf.ones([3, 3, 6, 3]), [2, 12, 13, 6], 2, "VALID"),
     tf.errors.InvalidArgumentError, "Conv2DCustomBackpropInput: Size of out_backprop doesn't "
     "match computed: actual = 5, computed = 6 spatial_dim: 2 input: 13 filter: 3 output: 5 "
     "stride: 2 dilation: 1"),
])
def test_errors(call, cls, start):
    with pytest.raises(cls) as e:
        call()
    assert str(e.value).startswith(start), str(e.value)
