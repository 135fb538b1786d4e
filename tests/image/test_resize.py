"""tf.image.resize: every method against a per-pixel float64 reference of TF's kernel over random
sizes, and the gradients. A resize is linear in the image, so a central difference with a unit step
is exact: ``L(x + v) - L(x - v) = 2 <grad L, v>`` for ``L = sum(w * resize(x))``."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

import eagerflow as tf
from tests.op_cases.image_signal_cases import resize_ref

METHODS = ("bilinear", "nearest", "bicubic", "area")
sizes = st.integers(1, 9)


@pytest.mark.parametrize("method", METHODS)
@given(h=sizes, w=sizes, oh=sizes, ow=sizes, seed=st.integers(0, 2 ** 16))
def test_forward_matches_reference(method, h, w, oh, ow, seed):
    x = np.random.default_rng(seed).uniform(-5, 5, size=(2, h, w, 3)).astype(np.float32)
    out = tf.image.resize(tf.constant(x), [oh, ow], method=method)
    assert out.dtype == tf.float32 and out.shape == (2, oh, ow, 3)
    np.testing.assert_allclose(out.numpy(), resize_ref(x, (oh, ow), method), rtol=1e-5, atol=2e-5)


@pytest.mark.parametrize("method", METHODS)
def test_output_dtype(method):
    x = tf.constant(np.arange(24).reshape(4, 6, 1).astype(np.uint8))
    out = tf.image.resize(x, [3, 5], method=method)
    assert out.dtype == (tf.uint8 if method == "nearest" else tf.float32)
    assert tf.image.resize(tf.cast(x, tf.float64), [3, 5], method).dtype == \
        (tf.float64 if method == "nearest" else tf.float32)


def test_same_size_is_identity_for_bilinear_and_nearest():
    x = np.random.default_rng(0).uniform(size=(1, 4, 5, 2)).astype(np.float32)
    for method in ("bilinear", "nearest", "area"):
        np.testing.assert_allclose(tf.image.resize(x, [4, 5], method).numpy(), x, rtol=1e-6)


def test_preserve_aspect_ratio():
    x = tf.zeros([3, 5, 1])
    assert tf.image.resize(x, [10, 10], preserve_aspect_ratio=True).shape == (6, 10, 1)
    assert tf.image.resize(x, [3, 100], preserve_aspect_ratio=True).shape == (3, 5, 1)


def _unit_step_check(method, x, size, seed=0, antialias=False):
    rng = np.random.default_rng(seed)
    w = tf.constant(rng.standard_normal((x.shape[0],) + tuple(size) + (x.shape[-1],)))

    def loss(t):
        out = tf.image.resize(t, size, method, antialias=antialias)
        return tf.reduce_sum(tf.cast(out, tf.float64) * w)
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        L = loss(xt)
    g = tape.gradient(L, xt)
    assert g.dtype == xt.dtype and g.shape == xt.shape
    v = rng.standard_normal(x.shape)
    numeric = (loss(tf.constant(x + v)) - loss(tf.constant(x - v))).numpy() / 2
    np.testing.assert_allclose(np.sum(g.numpy() * v), numeric, rtol=1e-5, atol=1e-4)


@pytest.mark.parametrize("method", ("bilinear", "nearest", "bicubic"))
@given(h=sizes, w=sizes, oh=sizes, ow=sizes, seed=st.integers(0, 2 ** 16))
def test_gradient_is_the_adjoint(method, h, w, oh, ow, seed):
    x = np.random.default_rng(seed).uniform(size=(2, h, w, 2))
    _unit_step_check(method, x, (oh, ow), seed)


@pytest.mark.parametrize("method", ("bilinear", "nearest", "bicubic"))
def test_gradient_in_float32(method):
    _unit_step_check(method, np.random.default_rng(1).uniform(size=(1, 5, 3, 2)).astype(np.float32),
                     (7, 4))


def test_area_has_no_gradient_as_in_tf():
    x = tf.ones([1, 4, 4, 1])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.image.resize(x, [2, 2], "area")
    with pytest.raises(LookupError, match="ResizeArea"):
        tape.gradient(y, x)


def test_integer_image_gets_no_gradient():
    x = tf.constant(np.ones((1, 3, 3, 1), np.int32))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.image.resize(x, [5, 5])
    assert tape.gradient(y, x) is None


def test_bilinear_gradient_is_not_differentiated_again():
    """TF declares ResizeBilinearGrad non-differentiable: a second derivative is None."""
    x = tf.constant(np.random.default_rng(2).uniform(size=(1, 3, 4, 1)))
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = tf.reduce_sum(tf.image.resize(x, [5, 5]) ** 2)
        g = inner.gradient(y, x)
    assert outer.gradient(g, x) is None


def test_resize_in_a_function_matches_eager():
    x = tf.constant(np.random.default_rng(3).uniform(size=(1, 4, 4, 3)).astype(np.float32))
    f = tf.function(lambda t: tf.image.resize(t, [6, 2], "bicubic"))
    np.testing.assert_array_equal(f(x).numpy(), tf.image.resize(x, [6, 2], "bicubic").numpy())


def test_wrong_calls():
    with pytest.raises(ValueError, match="3 or 4 dimensions"):
        tf.image.resize(tf.ones([2, 2]), [3, 3])
    with pytest.raises(ValueError, match="1-D Tensor of 2 elements"):
        tf.image.resize(tf.ones([2, 2, 1]), 3)
    with pytest.raises(tf.errors.InvalidArgumentError, match="output dimensions must be positive"):
        tf.image.resize(tf.ones([2, 2, 1]), [0, 3])
    with pytest.raises(ValueError, match="Resize method is not implemented: cubic"):
        tf.image.resize(tf.ones([2, 2, 1]), [3, 3], method="cubic")


FILTERS = [("bilinear", True, "filter:triangle:1"), ("bicubic", True, "filter:keyscubic:1"),
           ("lanczos3", False, "filter:lanczos3:0"), ("lanczos3", True, "filter:lanczos3:1")]


@pytest.mark.parametrize("method,antialias,ref", FILTERS)
@given(h=sizes, w=sizes, oh=sizes, ow=sizes, seed=st.integers(0, 2 ** 16))
def test_scale_and_translate_matches_reference(method, antialias, ref, h, w, oh, ow, seed):
    x = np.random.default_rng(seed).uniform(-1, 1, size=(1, h, w, 2)).astype(np.float32)
    out = tf.image.resize(tf.constant(x), [oh, ow], method=method, antialias=antialias)
    assert out.dtype == tf.float32
    np.testing.assert_allclose(out.numpy(), resize_ref(x, (oh, ow), ref), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("method", ["bilinear", "lanczos5", "gaussian", "mitchellcubic"])
def test_scale_and_translate_gradient_is_the_adjoint(method):
    x = np.random.default_rng(4).uniform(size=(2, 7, 6, 2))
    for size in ((3, 4), (9, 11)):
        _unit_step_check(method, x, size, antialias=True)

