"""tf.image's geometry and pixel-value composites against NumPy (and colorsys), and their gradients
against finite differences in float64."""
import colorsys

import numpy as np
import pytest
from hypothesis import given, strategies as st

import eagerflow as tf
from eagerflow.autodiff.gradcheck import compute_gradient


def _img(shape, seed=0, dtype=np.float64):
    return np.random.default_rng(seed).uniform(size=shape).astype(dtype)


def _check_grad(f, x, rtol=1e-4, atol=1e-6, delta=1e-6):
    theo, num = compute_gradient(f, [tf.constant(x)], delta=delta)
    np.testing.assert_allclose(theo[0], num[0], rtol=rtol, atol=atol)


# -- geometry -----------------------------------------------------------------------------------

@pytest.mark.parametrize("shape", [(3, 4, 2), (2, 3, 4, 1)])
def test_flips_transpose_rot90(shape):
    x = np.arange(np.prod(shape)).reshape(shape)
    hw = (len(shape) - 3, len(shape) - 2)
    np.testing.assert_array_equal(tf.image.flip_left_right(x).numpy(), np.flip(x, hw[1]))
    np.testing.assert_array_equal(tf.image.flip_up_down(x).numpy(), np.flip(x, hw[0]))
    np.testing.assert_array_equal(tf.image.transpose(x).numpy(), np.swapaxes(x, *hw))
    for k in range(-2, 6):
        np.testing.assert_array_equal(tf.image.rot90(x, k).numpy(), np.rot90(x, k, axes=hw))


@given(h=st.integers(1, 6), w=st.integers(1, 6), th=st.integers(1, 9), tw=st.integers(1, 9))
def test_resize_with_crop_or_pad_centres(h, w, th, tw):
    x = np.arange(1, h * w + 1).reshape(h, w, 1)
    out = tf.image.resize_with_crop_or_pad(x, th, tw).numpy()
    ch, cw = min(h, th), min(w, tw)
    oy, ox = max((h - th) // 2, 0), max((w - tw) // 2, 0)  # crop offsets (floor of half)
    py, px = max((th - h) // 2, 0), max((tw - w) // 2, 0)  # pad offsets
    ref = np.zeros((th, tw, 1), x.dtype)
    ref[py:py + ch, px:px + cw] = x[oy:oy + ch, ox:ox + cw]
    np.testing.assert_array_equal(out, ref)


def test_crop_pad_bounding_box_and_central_crop():
    x = np.arange(2 * 5 * 6).reshape(2, 5, 6, 1)
    np.testing.assert_array_equal(tf.image.crop_to_bounding_box(x, 1, 2, 3, 4).numpy(),
                                  x[:, 1:4, 2:6])
    padded = tf.image.pad_to_bounding_box(x[0], 2, 1, 8, 9).numpy()
    np.testing.assert_array_equal(padded, np.pad(x[0], [(2, 1), (1, 2), (0, 0)]))
    np.testing.assert_array_equal(tf.image.central_crop(x, 0.5).numpy(), x[:, 1:4, 1:5])
    with pytest.raises(ValueError, match="height must be >= target \\+ offset."):
        tf.image.crop_to_bounding_box(x, 3, 0, 3, 2)


def test_random_flip_is_seeded_and_mixes():
    x = tf.reshape(tf.range(16.), [8, 1, 2, 1])
    tf.random.set_seed(3)
    a = tf.image.random_flip_left_right(x, seed=1).numpy()
    tf.random.set_seed(3)
    b = tf.image.random_flip_left_right(x, seed=1).numpy()
    np.testing.assert_array_equal(a, b)
    flipped = [bool((a[i] == x.numpy()[i, :, ::-1]).all()) for i in range(8)]
    kept = [bool((a[i] == x.numpy()[i]).all()) for i in range(8)]
    assert all(f or k for f, k in zip(flipped, kept)) and any(flipped) and any(kept)
    s1 = tf.image.stateless_random_flip_up_down(x[0], seed=(4, 2)).numpy()
    np.testing.assert_array_equal(s1, tf.image.stateless_random_flip_up_down(x[0], (4, 2)).numpy())


def test_geometry_gradients():
    x = _img((5, 4, 2))
    _check_grad(lambda t: tf.image.rot90(t, 1) * 3.0, x)
    _check_grad(lambda t: tf.image.resize_with_crop_or_pad(t, 3, 7), x)
    _check_grad(lambda t: tf.image.central_crop(t, 0.6), x)
    _check_grad(tf.image.total_variation, x + np.arange(40).reshape(5, 4, 2) * 0.01)


def test_total_variation_matches_numpy():
    x = _img((2, 4, 5, 3), 1)
    ref = np.abs(np.diff(x, axis=1)).sum((1, 2, 3)) + np.abs(np.diff(x, axis=2)).sum((1, 2, 3))
    np.testing.assert_allclose(tf.image.total_variation(x).numpy(), ref)
    with pytest.raises(ValueError, match="3 or 4-dimensional"):
        tf.image.total_variation(tf.ones([2, 2]))


# -- pixel values -------------------------------------------------------------------------------

def test_convert_image_dtype_scaling():
    u8 = np.array([[[0, 1, 127, 128, 255]]], np.uint8)
    np.testing.assert_allclose(tf.image.convert_image_dtype(u8, tf.float32).numpy(),
                               u8.astype(np.float32) * np.float32(1 / 255), rtol=1e-7)
    np.testing.assert_array_equal(tf.image.convert_image_dtype(u8, tf.int16).numpy(),
                                  u8.astype(np.int16) * 128)
    i32 = np.array([[[0, 2 ** 24, 2 ** 31 - 1]]], np.int32)
    np.testing.assert_array_equal(tf.image.convert_image_dtype(i32, tf.uint8).numpy(),
                                  (i32 // 2 ** 23).astype(np.uint8))
    f = np.array([[[-0.2, 0.0, 0.5, 1.0, 1.3]]], np.float32)
    np.testing.assert_array_equal(
        tf.image.convert_image_dtype(f, tf.uint8, saturate=True).numpy(),
        np.clip(f * np.float32(255.5), 0, 255).astype(np.uint8))
    assert tf.image.convert_image_dtype(f, tf.float64).dtype == tf.float64
    with pytest.raises(AttributeError):
        tf.image.convert_image_dtype(f, tf.string)


def test_adjust_ops_match_numpy():
    x = _img((3, 4, 3), 2, np.float32)
    np.testing.assert_allclose(tf.image.adjust_brightness(x, 0.25).numpy(), x + 0.25, rtol=1e-6)
    mean = x.mean(axis=(0, 1), keepdims=True)
    np.testing.assert_allclose(tf.image.adjust_contrast(x, 1.8).numpy(), (x - mean) * 1.8 + mean,
                               rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(tf.image.adjust_gamma(x, 2.2, 0.7).numpy(), 0.7 * x ** 2.2,
                               rtol=1e-5)
    u8 = (np.arange(36) * 7).reshape(3, 4, 3).astype(np.uint8)
    bright = tf.image.adjust_brightness(u8, 0.5).numpy()
    assert bright.dtype == np.uint8 and bright.max() == 255  # saturated, not wrapped


def test_grayscale():
    x = _img((2, 3, 3), 3, np.float32)
    gray = tf.image.rgb_to_grayscale(x).numpy()
    np.testing.assert_allclose(gray, x @ np.array([[0.2989], [0.587], [0.114]], np.float32),
                               rtol=1e-6)
    np.testing.assert_array_equal(tf.image.grayscale_to_rgb(gray).numpy(), np.repeat(gray, 3, -1))
    with pytest.raises(ValueError, match="size 1"):
        tf.image.grayscale_to_rgb(x)


def test_hsv_matches_colorsys():
    x = _img((20, 3), 4)
    hsv = tf.image.rgb_to_hsv(x).numpy()
    np.testing.assert_allclose(hsv, [colorsys.rgb_to_hsv(*p) for p in x], atol=1e-12)
    np.testing.assert_allclose(tf.image.hsv_to_rgb(hsv).numpy(), x, atol=1e-12)
    shifted = tf.image.adjust_hue(x.astype(np.float32)[None], 0.3).numpy()[0]
    ref = [colorsys.hsv_to_rgb((h + 0.3) % 1, s, v) for h, s, v in hsv]
    np.testing.assert_allclose(shifted, ref, atol=1e-5)
    sat = tf.image.adjust_saturation(x.astype(np.float32)[None], 0.4).numpy()[0]
    ref = [colorsys.hsv_to_rgb(h, min(s * 0.4, 1), v) for h, s, v in hsv]
    np.testing.assert_allclose(sat, ref, atol=1e-5)


def test_per_image_standardization():
    x = _img((2, 3, 4, 3), 5, np.float32)
    ref = (x - x.mean((1, 2, 3), keepdims=True)) / np.maximum(x.std((1, 2, 3), keepdims=True),
                                                              1 / np.sqrt(36))
    np.testing.assert_allclose(tf.image.per_image_standardization(x).numpy(), ref, rtol=1e-4,
                               atol=1e-5)
    flat = tf.image.per_image_standardization(np.ones((2, 2, 1), np.uint8))
    assert flat.dtype == tf.float32 and not flat.numpy().any()


def test_pixel_value_gradients():
    x = _img((3, 3, 3), 6) * 0.8 + 0.1
    _check_grad(lambda t: tf.image.rgb_to_hsv(t), x)
    _check_grad(lambda t: tf.image.hsv_to_rgb(t), x)
    # (these two work in float32 whatever the input: a wider step, looser tolerances)
    _check_grad(lambda t: tf.image.per_image_standardization(t), x[..., :1], 2e-3, 2e-3, 1e-2)
    _check_grad(lambda t: tf.image.adjust_gamma(t, 1.5), x, 2e-3, 2e-3, 1e-2)


def test_random_augmentations_stay_in_range():
    x = _img((4, 5, 3), 7, np.float32)
    for seed in range(5):
        d = tf.image.random_brightness(x, 0.2, seed=seed).numpy() - x
        assert np.ptp(d) < 1e-6 and abs(d.mean()) <= 0.2
        crop = tf.image.stateless_random_crop(x, [2, 3, 3], seed=(seed, 1)).numpy()
        hits = [(i, j) for i in range(3) for j in range(3) if (x[i:i + 2, j:j + 3] == crop).all()]
        assert hits
    with pytest.raises(ValueError, match="lower must be non-negative."):
        tf.image.random_saturation(x, -0.1, 1.0)


def test_filters_and_colour_matrices():
    x = _img((2, 4, 5, 3), 8)
    dy, dx = tf.image.image_gradients(x)
    np.testing.assert_allclose(dy.numpy()[:, :-1], np.diff(x, axis=1))
    assert not dy.numpy()[:, -1].any() and not dx.numpy()[:, :, -1].any()
    padded = np.pad(x, [(0, 0), (1, 1), (1, 1), (0, 0)], mode="reflect")
    ky = np.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]])
    ref = sum(ky[i, j] * padded[:, i:i + 4, j:j + 5] for i in range(3) for j in range(3))
    np.testing.assert_allclose(tf.image.sobel_edges(x).numpy()[..., 0], ref, atol=1e-12)
    np.testing.assert_allclose(tf.image.sobel_edges(x).numpy()[..., 1],
                               sum(ky.T[i, j] * padded[:, i:i + 4, j:j + 5]
                                   for i in range(3) for j in range(3)), atol=1e-12)
    for there, back in (("rgb_to_yiq", "yiq_to_rgb"), ("rgb_to_yuv", "yuv_to_rgb")):
        y = getattr(tf.image, there)(x)
        np.testing.assert_allclose(getattr(tf.image, back)(y).numpy(), x, atol=1e-4)  # (8 digits)
    np.testing.assert_allclose(tf.image.rgb_to_yiq(x).numpy()[..., 0],
                               x @ np.array([0.299, 0.587, 0.114]), atol=1e-12)
    b = _img((2, 4, 5, 3), 9)
    mse = ((x.astype(np.float32) - b.astype(np.float32)) ** 2).mean((1, 2, 3))
    np.testing.assert_allclose(tf.image.psnr(x.astype(np.float32), b.astype(np.float32), 1.0)
                               .numpy(), -10 * np.log10(mse), rtol=1e-5)
    _check_grad(tf.image.sobel_edges, x[:1, :3, :4, :1])
    _check_grad(tf.image.rgb_to_yuv, x[0, :2])


def test_resize_with_pad_keeps_aspect_and_centres():
    x = np.ones((4, 8, 1), np.float32)
    out = tf.image.resize_with_pad(x, 8, 8).numpy()[..., 0]
    assert out.shape == (8, 8)
    np.testing.assert_array_equal(out[2:6], 1)
    assert not out[:2].any() and not out[6:].any()


def test_extract_patches_matches_loop():
    x = np.arange(2 * 7 * 6 * 3, dtype=np.float64).reshape(2, 7, 6, 3)
    out = tf.image.extract_patches(x, [1, 3, 2, 1], [1, 2, 3, 1], [1, 2, 1, 1], "VALID").numpy()
    assert out.shape == (2, 2, 2, 18)  # rows: a 5-row span (3 taps, rate 2) fits twice
    for oy in range(2):
        for ox in range(2):
            patch = x[:, oy * 2:oy * 2 + 5:2, ox * 3:ox * 3 + 2, :]
            np.testing.assert_array_equal(out[:, oy, ox], patch.reshape(2, -1))
    same = tf.image.extract_patches(x, [1, 3, 3, 1], [1, 1, 1, 1], [1, 1, 1, 1], "SAME").numpy()
    padded = np.pad(x, [(0, 0), (1, 1), (1, 1), (0, 0)])
    np.testing.assert_array_equal(same[:, 3, 4], padded[:, 3:6, 4:7].reshape(2, -1))
    _check_grad(lambda t: tf.image.extract_patches(t, [1, 2, 2, 1], [1, 1, 2, 1], [1, 1, 1, 1],
                                                   "SAME"), x[:1, :3, :3, :1])


def test_non_max_suppression_greedy_and_no_gradient():
    boxes = np.array([[0, 0, 2, 2], [0, 1, 2, 3], [0, 2.5, 2, 4.5], [5, 5, 6, 6]], np.float32)
    scores = np.array([0.9, 0.8, 0.7, 0.1], np.float32)
    # box 1 overlaps box 0 by 1/3 (kept at 0.5, dropped at 0.3); box 2 overlaps box 1 only
    np.testing.assert_array_equal(tf.image.non_max_suppression(boxes, scores, 4, 0.5).numpy(),
                                  [0, 1, 2, 3])
    np.testing.assert_array_equal(tf.image.non_max_suppression(boxes, scores, 4, 0.3).numpy(),
                                  [0, 2, 3])
    idx, kept = tf.image.non_max_suppression_with_scores(boxes, scores, 4, 1.0,
                                                         soft_nms_sigma=0.5)
    np.testing.assert_array_equal(idx.numpy(), [0, 1, 2, 3])
    np.testing.assert_allclose(kept.numpy()[:2], [0.9, 0.8 * np.exp(-(1 / 3) ** 2)], rtol=1e-6)
    b, s = tf.constant(boxes), tf.constant(scores)
    with tf.GradientTape() as tape:
        tape.watch([b, s])
        out = tf.cast(tf.image.non_max_suppression(b, s, 4), tf.float32)
    assert tape.gradient(out, [b, s]) == [None, None]


def test_ssim_matches_direct_formula():
    a = _img((1, 9, 10, 2), 10, np.float32)
    b = np.clip(a + _img((1, 9, 10, 2), 11, np.float32) * 0.3, 0, 1).astype(np.float32)
    size, sigma = 5, 1.0
    c = np.arange(size) - (size - 1) / 2
    win = np.exp(-(c[:, None] ** 2 + c[None, :] ** 2) / (2 * sigma ** 2))
    win /= win.sum()

    def filt(x):  # valid correlation of each channel with the window
        return np.array([[[np.sum(win * x[0, i:i + size, j:j + size, k]) for k in range(2)]
                          for j in range(10 - size + 1)] for i in range(9 - size + 1)])
    a64, b64 = a.astype(np.float64), b.astype(np.float64)
    ma, mb = filt(a64), filt(b64)
    va, vb, cov = filt(a64 * a64) - ma ** 2, filt(b64 * b64) - mb ** 2, filt(a64 * b64) - ma * mb
    c1, c2 = 0.01 ** 2, 0.03 ** 2
    ref = ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma ** 2 + mb ** 2 + c1) * (va + vb + c2))
    got = tf.image.ssim(a, b, 1.0, filter_size=size, filter_sigma=sigma).numpy()
    np.testing.assert_allclose(got, [ref.mean()], rtol=1e-4)
    assert abs(tf.image.ssim(a, a, 1.0, filter_size=size).numpy()[0] - 1) < 1e-5


def test_draw_bounding_boxes_outline_only_and_no_gradient():
    img = tf.zeros([1, 5, 6, 1])
    out = tf.image.draw_bounding_boxes(img, [[[0.25, 0.2, 0.75, 0.8]]], None).numpy()[0, ..., 0]
    ref = np.zeros((5, 6))
    ref[1, 1:5] = ref[3, 1:5] = ref[1:4, 1] = ref[1:4, 4] = 1
    np.testing.assert_array_equal(out, ref)
    with tf.GradientTape() as tape:
        tape.watch(img)
        y = tf.image.draw_bounding_boxes(img, [[[0., 0., 1., 1.]]], [[0.5]])
    assert tape.gradient(y, img) is None
