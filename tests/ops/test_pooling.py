"""Pooling: forward against the loop reference over random geometries (hypothesis), max pooling's
first-maximum routing, gradients (first and second order) against finite differences, TF's errors."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

import eagerflow as tf
from eagerflow.autodiff.gradcheck import compute_gradient
from tests.op_cases.conv_cases import pool_ref, max_pool_grad_ref


@st.composite
def geometries(draw, nd=2):
    ks = tuple(draw(st.integers(1, 3)) for _ in range(nd))
    strides = tuple(draw(st.integers(1, 3)) for _ in range(nd))
    padding = draw(st.sampled_from(["SAME", "VALID"]))
    sizes = tuple(draw(st.integers(1, 6)) for _ in range(nd))
    return (draw(st.integers(1, 2)),) + sizes + (draw(st.integers(1, 3)),), ks, strides, padding


@pytest.mark.parametrize("kind", ["max", "avg"])
@given(geo=geometries(), seed=st.integers(0, 2 ** 16))
def test_pool2d_matches_loop_reference(kind, geo, seed):
    shape, k, s, p = geo
    x = np.random.default_rng(seed).standard_normal(shape)
    fn = tf.nn.max_pool2d if kind == "max" else tf.nn.avg_pool2d
    np.testing.assert_allclose(fn(x, list(k), list(s), p).numpy(), pool_ref(x, k, s, p, kind),
                               rtol=1e-12, atol=1e-12)


@given(geo=geometries(), seed=st.integers(0, 2 ** 16))
def test_pool3d_and_nd_forms(geo, seed):
    shape, k, s, p = geo
    x = np.random.default_rng(seed).standard_normal(shape)
    x5 = x[:, None].repeat(2, axis=1)  # (n, 2, h, w, c)
    k3, s3 = (1,) + k[:2], (1,) + s[:2]
    np.testing.assert_allclose(tf.nn.max_pool(x5, list(k3), list(s3), p).numpy(),
                               pool_ref(x5, k3, s3, p, "max"), rtol=1e-12)
    np.testing.assert_allclose(tf.nn.avg_pool3d(x5, list(k3), list(s3), p).numpy(),
                               pool_ref(x5, k3, s3, p, "avg"), rtol=1e-12)
    x3 = x[:, 0]
    np.testing.assert_allclose(tf.nn.max_pool1d(x3, k[0], s[0], p).numpy(),
                               pool_ref(x3[:, None], (1, k[0]), (1, s[0]), p, "max")[:, 0])
    np.testing.assert_allclose(tf.nn.avg_pool(x3, k[0], s[0], p).numpy(),
                               pool_ref(x3[:, None], (1, k[0]), (1, s[0]), p, "avg")[:, 0])


@given(geo=geometries(), seed=st.integers(0, 2 ** 16))
def test_max_pool_gradient_routes_to_the_first_maximum(geo, seed):
    shape, k, s, p = geo
    rng = np.random.default_rng(seed)
    x = tf.constant(np.round(rng.standard_normal(shape)))  # many ties
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.nn.max_pool2d(x, list(k), list(s), p)
    g = rng.standard_normal(y.shape)
    dx = tape.gradient(y, x, output_gradients=tf.constant(g))
    np.testing.assert_allclose(dx.numpy(), max_pool_grad_ref(x.numpy(), g, k, s, p), rtol=1e-12)


@pytest.mark.parametrize("kind", ["max", "avg"])
def test_second_order(rng, kind):
    x0 = rng.permutation(36).reshape(1, 6, 6, 1) * 0.1
    fn = tf.nn.max_pool2d if kind == "max" else tf.nn.avg_pool2d

    def f(x):
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = tf.reduce_sum(tf.sin(fn(x, 3, 2, "SAME")) * x[:, :3, :3, :])
        return tf.reduce_sum(tf.square(inner.gradient(y, x)))

    theo, num = compute_gradient(f, [x0], delta=1e-6)
    np.testing.assert_allclose(theo[0], num[0], rtol=1e-5, atol=1e-6)


def test_dtypes():
    assert tf.nn.max_pool2d(tf.ones([1, 4, 4, 1], tf.int32), 2, 2, "VALID").dtype == tf.int32
    y = tf.nn.avg_pool2d(tf.ones([1, 4, 4, 1], tf.float16), 2, 2, "VALID")
    assert y.dtype == tf.float16 and y.numpy().min() == 1
    assert tf.nn.max_pool2d(tf.ones([2, 5, 5, 3]), 6, 1, "VALID").shape == (2, 0, 0, 3)


_X = tf.ones([2, 5, 5, 3])


@pytest.mark.parametrize("call,cls,start", [
    (lambda: tf.nn.max_pool2d(_X, 2, 2, "same"), tf.errors.InvalidArgumentError,
     "Value for attr 'padding' of \"same\" is not in the list of allowed values"),
    (lambda: tf.nn.max_pool2d(_X, [2, 2, 2, 1], 1, "VALID"), tf.errors.UnimplementedError,
     "Pooling is not yet supported on the batch dimension."),
    (lambda: tf.nn.max_pool2d(_X, [1, 2, 2, 2], 1, "VALID"), tf.errors.UnimplementedError,
     "MaxPooling supports exactly one of pooling across depth or pooling across width/height."),
    (lambda: tf.nn.max_pool2d(_X, [2, 2, 2], 2, "VALID"), ValueError,
     "ksize should be of length 1, 2 or 4. Received: ksize=[2, 2, 2] of length 3"),
    (lambda: tf.nn.max_pool2d(_X, 2, 2, "VALID", data_format="NCHW"),
     tf.errors.InvalidArgumentError, "Default MaxPoolingOp only supports NHWC on device type CPU"),
    (lambda: tf.nn.avg_pool2d(tf.ones([1, 4, 4, 1], tf.int32), 2, 2, "VALID"),
     tf.errors.InvalidArgumentError, "Value for attr 'T' of int32 is not in the list"),
    (lambda: tf.nn.avg_pool2d(_X, 2, 2, [[0, 0], [1, 1], [1, 1], [0, 0]]), TypeError,
     "Expected string for argument 'padding' not"),
    (lambda: tf.nn.max_pool2d(_X, 0, 2, "VALID"), tf.errors.InvalidArgumentError,
     "Sliding window ksize must be positive. The specified or inferred ksize is: 1,0,0,1"),
    (lambda: tf.nn.max_pool2d(_X, 2, 0, "VALID"), tf.errors.InvalidArgumentError,
     "Stride must be > 0, but got 0"),
    (lambda: tf.nn.max_pool(tf.ones([2, 3]), 2, 2, "VALID"), ValueError,
     "`input.shape.rank` must be 3, 4 or 5. Received: input.shape=(2, 3) of rank 2."),
])
def test_errors(call, cls, start):
    with pytest.raises(cls) as e:
        call()
    assert str(e.value).startswith(start), str(e.value)
