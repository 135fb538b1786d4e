"""tf.image.crop_and_resize against a per-sample reference of TF's kernel, and its gradients: with
respect to the image (a linear map: an exact unit-step difference) and to the boxes (central
differences of a smooth loss, away from pixel boundaries)."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

import eagerflow as tf
from tests.op_cases.image_signal_cases import CROP_BOXES, CROP_INDEX, crop_and_resize_ref


@pytest.mark.parametrize("method", ["bilinear", "nearest"])
@given(ch=st.integers(1, 5), cw=st.integers(1, 5), seed=st.integers(0, 2 ** 16))
def test_forward_matches_reference(method, ch, cw, seed):
    rng = np.random.default_rng(seed)
    image = rng.uniform(size=(2, 5, 6, 2)).astype(np.float32)
    boxes = rng.uniform(-0.2, 1.2, size=(4, 4)).astype(np.float32)
    index = rng.integers(0, 2, size=4)
    out = tf.image.crop_and_resize(image, boxes, index, [ch, cw], method, extrapolation_value=-3)
    ref = crop_and_resize_ref(image, boxes, index, (ch, cw), method, -3.0)
    np.testing.assert_allclose(out.numpy(), ref, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("method", ["bilinear", "nearest"])
def test_image_gradient_is_the_adjoint(method):
    rng = np.random.default_rng(1)
    x = rng.uniform(size=(2, 6, 7, 2))
    w = tf.constant(rng.standard_normal((5, 4, 3, 2)))

    def loss(t):
        crops = tf.image.crop_and_resize(t, CROP_BOXES, CROP_INDEX, [4, 3], method)
        return tf.reduce_sum(tf.cast(crops, tf.float64) * w)
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        L = loss(xt)
    g = tape.gradient(L, xt)
    assert g.dtype == tf.float64
    v = rng.standard_normal(x.shape)
    numeric = (loss(tf.constant(x + v)) - loss(tf.constant(x - v))).numpy() / 2
    np.testing.assert_allclose(np.sum(g.numpy() * v), numeric, rtol=1e-5, atol=1e-4)


@pytest.mark.parametrize("size", [[4, 3], [1, 1]])
def test_box_gradient_matches_differences(size):
    rng = np.random.default_rng(2)
    image = tf.constant(rng.uniform(size=(2, 6, 7, 1)).astype(np.float32))
    boxes = np.array([[0.13, 0.21, 0.77, 0.88], [0.31, 0.12, 0.62, 0.57]], np.float32)
    w = tf.constant(rng.standard_normal([2] + size + [1]).astype(np.float32))

    def loss(b):
        return tf.reduce_sum(tf.image.crop_and_resize(image, b, [0, 1], size) * w)
    bt = tf.constant(boxes)
    with tf.GradientTape() as tape:
        tape.watch(bt)
        L = loss(bt)
    g = tape.gradient(L, bt).numpy()
    h = 1e-3  # (small enough to stay between pixel boundaries: the loss is linear there)
    for k in range(2):
        for c in range(4):
            e = np.zeros_like(boxes)
            e[k, c] = h
            num = (loss(tf.constant(boxes + e)) - loss(tf.constant(boxes - e))).numpy() / (2 * h)
            np.testing.assert_allclose(g[k, c], num, rtol=2e-2, atol=2e-3)


def test_gradient_kernels_have_no_gradient_as_in_tf():
    image = tf.constant(np.ones((1, 3, 3, 1), np.float32))
    boxes = tf.constant([[0., 0., 1., 1.]])
    with tf.GradientTape(persistent=True) as outer:
        outer.watch(boxes)
        with tf.GradientTape() as inner:
            inner.watch(boxes)
            y = tf.reduce_sum(tf.image.crop_and_resize(image, boxes, [0], [2, 2]) ** 2)
        g = inner.gradient(y, boxes)
    with pytest.raises(LookupError, match="CropAndResizeGradBoxes"):
        outer.gradient(g, boxes)
