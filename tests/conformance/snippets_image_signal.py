"""Conformance snippets for tf.image and tf.signal: values, dtypes, shapes, printed text, gradients
and TF's errors for wrong calls.

Each public function ``name(tf, np)`` is one test (see harness.py)."""

from .harness import snippet

IAE = "InvalidArgumentError"


def _img(np, shape, seed=0, dtype="float32"):
    return np.random.RandomState(seed).uniform(0, 1, size=shape).astype(dtype)


def _grad(tf, f, x):
    x = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = f(x)
    return [y, tape.gradient(y, x)]


# ====================================================================== resize


def resize_bilinear_up_down(tf, np):
    x = tf.constant(_img(np, [2, 5, 7, 3]))
    return [tf.image.resize(x, [8, 9]), tf.image.resize(x, [3, 4]), tf.image.resize(x, [5, 7]),
            tf.image.resize(x, [1, 1]), tf.image.resize(x, [11, 2])]


def resize_methods_3d(tf, np):
    x = tf.reshape(tf.range(12, dtype=tf.float32), [3, 4, 1])
    out = [tf.image.resize(x, [5, 3], method=m) for m in ("bilinear", "nearest", "bicubic", "area")]
    print(out[1])
    return out


def resize_methods_enum(tf, np):
    x = tf.constant(_img(np, [1, 4, 6, 2], 1))
    m = tf.image.ResizeMethod
    return [tf.image.resize(x, [7, 3], method=k) for k in
            (m.BILINEAR, m.NEAREST_NEIGHBOR, m.BICUBIC, m.AREA)] + [m.BILINEAR, m.AREA]


def resize_bicubic_sizes(tf, np):
    x = tf.constant(_img(np, [1, 6, 5, 1], 2))
    return [tf.image.resize(x, s, method="bicubic") for s in ([12, 10], [3, 2], [6, 9], [1, 7])]


def resize_area_sizes(tf, np):
    x = tf.constant(_img(np, [2, 7, 5, 3], 3))
    return [tf.image.resize(x, s, method="area") for s in ([3, 2], [14, 10], [5, 5], [2, 3])]


def resize_area_ones_rounding(tf, np):
    return tf.image.resize(tf.constant([[[1]]], tf.float16), [2, 3], "area")


def resize_nearest_keeps_dtype(tf, np):
    x = tf.constant(np.arange(24).reshape([1, 4, 6, 1]).astype("uint8"))
    return [tf.image.resize(x, [5, 7], method="nearest"), tf.image.resize(x, [2, 2], "nearest"),
            tf.image.resize(tf.cast(x, tf.float64), [3, 3], "nearest")]


def resize_int_and_double_give_float32(tf, np):
    x = tf.constant(np.arange(24).reshape([4, 6, 1]).astype("int32"))
    return [tf.image.resize(x, [3, 8]), tf.image.resize(tf.cast(x, tf.float64), [3, 8]),
            tf.image.resize(tf.cast(x, tf.uint8), [5, 5], "bicubic"),
            tf.image.resize(tf.cast(x, tf.int16), [2, 3], "area")]


def resize_preserve_aspect_ratio(tf, np):
    x = tf.constant(_img(np, [1, 3, 5, 1], 4))
    return [tf.image.resize(x, [4, 4], preserve_aspect_ratio=True),
            tf.image.resize(x, [10, 20], preserve_aspect_ratio=True).shape,
            tf.image.resize(x[0], [7, 100], preserve_aspect_ratio=True).shape]


def resize_antialias_nearest_and_area(tf, np):
    x = tf.constant(_img(np, [1, 6, 6, 1], 5))
    return [tf.image.resize(x, [3, 3], "nearest", antialias=True),
            tf.image.resize(x, [3, 3], "area", antialias=True)]


def resize_bilinear_grad(tf, np):
    return [_grad(tf, lambda x: tf.image.resize(x, s) * tf.constant(_img(np, [2] + s + [3], 9)),
                  _img(np, [2, 5, 4, 3], 6)) for s in ([8, 7], [3, 2], [5, 9])]


def resize_bilinear_grad_double(tf, np):
    return _grad(tf, lambda x: tf.reduce_sum(tf.image.resize(x, [7, 3]) ** 2),
                 _img(np, [4, 5, 2], 7, "float64"))


def resize_nearest_grad(tf, np):
    return [_grad(tf, lambda x: tf.image.resize(x, s, "nearest") *
                  tf.constant(_img(np, [1] + s + [2], 8)), _img(np, [1, 4, 6, 2], 9))
            for s in ([9, 3], [2, 13])]


def resize_bicubic_grad(tf, np):
    return [_grad(tf, lambda x: tf.image.resize(x, s, "bicubic") *
                  tf.constant(_img(np, [1] + s + [1], 10)), _img(np, [1, 5, 6, 1], 11))
            for s in ([9, 4], [3, 8])]


@snippet(raises="LookupError")
def resize_area_has_no_gradient(tf, np):
    return _grad(tf, lambda x: tf.image.resize(x, [2, 2], "area"), _img(np, [1, 4, 4, 1]))


@snippet(raises=IAE, msg_prefix="output dimensions must be positive")
def resize_zero_size(tf, np):
    return tf.image.resize(tf.ones([2, 2, 1]), [0, 3])


@snippet(raises=IAE, msg_prefix="input image must be of non-zero size")
def resize_empty_image(tf, np):
    return tf.image.resize(tf.ones([0, 2, 1]), [2, 3])


@snippet(raises="ValueError", msg_prefix="'images' must have either 3 or 4 dimensions.")
def resize_rank2(tf, np):
    return tf.image.resize(tf.ones([2, 2]), [2, 3])


@snippet(raises="ValueError", msg_prefix="'size' must be a 1-D Tensor of 2 elements")
def resize_size_three(tf, np):
    return tf.image.resize(tf.ones([2, 2, 1]), [2, 3, 4])


@snippet(raises="ValueError", msg_prefix="'size' must be a 1-D int32 Tensor")
def resize_size_float(tf, np):
    return tf.image.resize(tf.ones([2, 2, 1]), [2.5, 3])


@snippet(raises="ValueError", msg_prefix="Resize method is not implemented: foo")
def resize_bad_method(tf, np):
    return tf.image.resize(tf.ones([2, 2, 1]), [2, 3], method="foo")


@snippet(raises=IAE, msg_prefix=1000)
def resize_bool_image(tf, np):
    return tf.image.resize(tf.constant([[[True]]]), [2, 3])


@snippet(raises=IAE, msg_prefix=1000)
def resize_complex_image_nearest(tf, np):
    return tf.image.resize(tf.constant([[[1 + 1j]]]), [2, 3], "nearest")


@snippet(raises=IAE, msg_prefix=1000)
def resize_uint32_image_area(tf, np):
    return tf.image.resize(tf.constant([[[1]]], tf.uint32), [2, 3], "area")


def resize_in_function(tf, np):
    f = tf.function(lambda x: tf.image.resize(x, [4, 4], "bicubic"))
    return f(tf.constant(_img(np, [1, 3, 2, 2], 12)))


# ====================================================================== geometry


def flips_and_transpose(tf, np):
    x = tf.reshape(tf.range(24), [2, 3, 4, 1])
    return [tf.image.flip_left_right(x), tf.image.flip_up_down(x), tf.image.transpose(x),
            tf.image.flip_left_right(x[0]), tf.image.flip_up_down(x[0]), tf.image.transpose(x[0])]


def rot90_all_k(tf, np):
    x = tf.reshape(tf.range(6), [2, 3, 1])
    xb = tf.reshape(tf.range(12.), [2, 2, 3, 1])
    return [tf.image.rot90(x, k) for k in range(-1, 6)] + [tf.image.rot90(xb, 1),
                                                           tf.image.rot90(xb, tf.constant(3))]


@snippet(raises="ValueError",
         msg_prefix="'image' (shape (2, 3)) must be at least three-dimensional.")
def flip_rank2(tf, np):
    return tf.image.flip_left_right(tf.ones([2, 3]))


@snippet(raises="ValueError", msg_prefix="'image' (shape (1, 1, 2, 3, 1))must have either 3 or 4")
def flip_rank5(tf, np):
    return tf.image.flip_up_down(tf.ones([1, 1, 2, 3, 1]))


@snippet(raises="ValueError", msg_prefix="inner 3 dims of 'image.shape' must be > 0")
def rot90_empty(tf, np):
    return tf.image.rot90(tf.ones([2, 0, 1]))


def flip_gradient(tf, np):
    return _grad(tf, lambda x: tf.image.flip_left_right(x) * tf.constant(_img(np, [3, 4, 2], 1)),
                 _img(np, [3, 4, 2], 2))


def crop_and_pad_bounding_box(tf, np):
    x = tf.reshape(tf.range(1, 25), [2, 3, 4, 1])
    return [tf.image.crop_to_bounding_box(x, 1, 1, 2, 2),
            tf.image.crop_to_bounding_box(x[0], 0, 2, 3, 2),
            tf.image.pad_to_bounding_box(x, 1, 2, 5, 7),
            tf.image.pad_to_bounding_box(x[1], 0, 0, 3, 5)]


@snippet(raises="ValueError", msg_prefix="width must be >= target + offset.")
def crop_too_wide(tf, np):
    return tf.image.crop_to_bounding_box(tf.ones([3, 4, 1]), 0, 2, 2, 3)


@snippet(raises="ValueError", msg_prefix="offset_height must be >= 0")
def pad_negative_offset(tf, np):
    return tf.image.pad_to_bounding_box(tf.ones([3, 4, 1]), -1, 0, 5, 5)


@snippet(raises="ValueError", msg_prefix="height must be <= target - offset")
def pad_too_small(tf, np):
    return tf.image.pad_to_bounding_box(tf.ones([3, 4, 1]), 1, 0, 3, 5)


def resize_with_crop_or_pad_cases(tf, np):
    x = tf.reshape(tf.range(1., 31.), [5, 6, 1])
    return [tf.image.resize_with_crop_or_pad(x, h, w) for h, w in
            ((3, 3), (7, 9), (2, 8), (5, 6), (6, 3))] + [
        tf.image.resize_with_crop_or_pad(x[None], 4, 4)]


def central_crop_cases(tf, np):
    x = tf.reshape(tf.range(1., 65.), [8, 8, 1])
    return [tf.image.central_crop(x, f) for f in (0.5, 0.3, 0.9, 1.0)] + [
        tf.image.central_crop(tf.reshape(tf.range(90.), [2, 5, 9, 1]), 0.6)]


@snippet(raises="ValueError", msg_prefix="central_fraction must be within (0, 1]")
def central_crop_bad_fraction(tf, np):
    return tf.image.central_crop(tf.ones([4, 4, 1]), 1.5)


def crop_pad_gradient(tf, np):
    return [_grad(tf, lambda x: tf.image.resize_with_crop_or_pad(x, 3, 6) * 2.0,
                  _img(np, [5, 4, 1], 3)),
            _grad(tf, lambda x: tf.image.central_crop(x, 0.5) ** 2, _img(np, [6, 6, 2], 4))]


def random_flip_seeded(tf, np):
    tf.random.set_seed(1234)
    x = tf.reshape(tf.range(12.), [2, 3, 2, 1])
    a = [tf.image.random_flip_left_right(x, seed=5) for _ in range(4)]
    b = [tf.image.random_flip_up_down(x[0], seed=7) for _ in range(4)]
    return a + b


def stateless_random_flip(tf, np):
    x = tf.reshape(tf.range(12.), [3, 2, 2, 1])
    return [tf.image.stateless_random_flip_left_right(x, seed=(1, s)) for s in range(3)] + [
        tf.image.stateless_random_flip_up_down(x[0], seed=(2, 3))]


def total_variation_values(tf, np):
    x = tf.constant(_img(np, [2, 4, 5, 3], 5))
    return [tf.image.total_variation(x), tf.image.total_variation(x[0]),
            _grad(tf, tf.image.total_variation, _img(np, [2, 3, 3, 1], 6, "float64"))]


# ====================================================================== pixel values


def convert_image_dtype_int_float(tf, np):
    u8 = tf.constant([[[0, 1, 127, 128, 254, 255]]], tf.uint8)
    f = tf.constant([[[-0.5, 0.0, 0.25, 0.5, 0.999, 1.0, 1.5]]])
    return [tf.image.convert_image_dtype(u8, tf.float32),
            tf.image.convert_image_dtype(u8, tf.float64),
            tf.image.convert_image_dtype(u8, tf.int32), tf.image.convert_image_dtype(u8, tf.int8),
            tf.image.convert_image_dtype(tf.cast(u8, tf.int32), tf.uint8),
            tf.image.convert_image_dtype(tf.cast(u8, tf.int16), tf.uint8, saturate=True),
            tf.image.convert_image_dtype(f, tf.uint8),
            tf.image.convert_image_dtype(f, tf.uint8, saturate=True),
            tf.image.convert_image_dtype(f, tf.int16, saturate=True),
            tf.image.convert_image_dtype(f, tf.float16), tf.image.convert_image_dtype(f, "float32")]


@snippet(raises="AttributeError", msg_prefix="dtype must be either floating point or integer")
def convert_image_dtype_to_bool(tf, np):
    return tf.image.convert_image_dtype(tf.constant([[[0.5]]]), tf.bool)


def adjust_brightness_dtypes(tf, np):
    x = tf.constant(_img(np, [2, 3, 3], 1))
    u8 = tf.constant((np.arange(18) * 14).reshape([3, 2, 3]).astype("uint8"))
    return [tf.image.adjust_brightness(x, 0.2), tf.image.adjust_brightness(u8, 0.2),
            tf.image.adjust_brightness(u8, -0.3),
            tf.image.adjust_brightness(tf.cast(x, tf.float64), 0.1)]


def adjust_contrast_values(tf, np):
    x = tf.constant(_img(np, [2, 3, 4, 3], 2))
    u8 = tf.constant((np.arange(36) * 7).reshape([3, 4, 3]).astype("uint8"))
    return [tf.image.adjust_contrast(x, 2.0), tf.image.adjust_contrast(x[0], 0.5),
            tf.image.adjust_contrast(u8, 1.7)]


@snippet(rtol=1e-6, atol=1e-7)  # float32 arithmetic (TF's kernel's mean: another summation order)
def adjust_contrast_double(tf, np):
    return tf.image.adjust_contrast(tf.constant(_img(np, [2, 3, 4, 3], 2, "float64")), 2.)


def adjust_gamma_values(tf, np):
    x = tf.constant(_img(np, [3, 3, 3], 3))
    u8 = tf.constant((np.arange(27) * 9).reshape([3, 3, 3]).astype("uint8"))
    return [tf.image.adjust_gamma(x, 2.0), tf.image.adjust_gamma(x, 0.5, gain=1.5),
            tf.image.adjust_gamma(u8, 0.7), tf.image.adjust_gamma(x)]


@snippet(raises="ValueError", msg_prefix="Gamma should be a non-negative real number.")
def adjust_gamma_negative(tf, np):
    return tf.image.adjust_gamma(tf.ones([2, 2, 3]), -1.0)


def adjust_gradients(tf, np):
    x = _img(np, [3, 4, 3], 4)
    w = tf.constant(_img(np, [3, 4, 3], 5))
    return [_grad(tf, lambda t: tf.image.adjust_brightness(t, 0.1) * w, x),
            _grad(tf, lambda t: tf.image.adjust_gamma(t, 1.7, 0.9) * w, x)]


def grayscale_round_trip(tf, np):
    x = tf.constant(_img(np, [2, 3, 3], 6))
    u8 = tf.constant((np.arange(18) * 14).reshape([3, 2, 3]).astype("uint8"))
    g = tf.image.rgb_to_grayscale(x)
    return [g, tf.image.grayscale_to_rgb(g), tf.image.rgb_to_grayscale(u8),
            tf.image.grayscale_to_rgb(tf.constant([[1], [2]]))]


@snippet(raises="ValueError", msg_prefix="Last dimension of a grayscale image should be size 1.")
def grayscale_to_rgb_three_channels(tf, np):
    return tf.image.grayscale_to_rgb(tf.ones([2, 2, 3]))


def per_image_standardization_values(tf, np):
    x = tf.constant(_img(np, [2, 3, 4, 3], 7))
    return [tf.image.per_image_standardization(x), tf.image.per_image_standardization(x[0]),
            tf.image.per_image_standardization(tf.ones([2, 2, 1], tf.uint8)),
            _grad(tf, lambda t: tf.image.per_image_standardization(t) ** 2, _img(np, [2, 3, 1], 8))]


def hsv_round_trip(tf, np):
    x = tf.constant(_img(np, [4, 5, 3], 9))
    hsv = tf.image.rgb_to_hsv(x)
    return [hsv, tf.image.hsv_to_rgb(hsv),
            tf.image.rgb_to_hsv(tf.constant([[0., 0., 0.], [1., 1., 1.], [1., 0., 0.], [0., 1., 0.],
                                             [0., 0., 1.], [0.5, 0.5, 0.]]))]


def adjust_saturation_and_hue(tf, np):
    x = tf.constant(_img(np, [3, 4, 3], 10))
    u8 = tf.constant((np.arange(36) * 7).reshape([3, 4, 3]).astype("uint8"))
    return [tf.image.adjust_saturation(x, 0.3), tf.image.adjust_saturation(x, 2.5),
            tf.image.adjust_hue(x, 0.2), tf.image.adjust_hue(x, -0.7),
            tf.image.adjust_saturation(u8, 1.5), tf.image.adjust_hue(u8, 0.1)]


@snippet(raises="ValueError", msg_prefix="delta must be in the interval [-1, 1]")
def adjust_hue_bad_delta(tf, np):
    return tf.image.adjust_hue(tf.ones([2, 2, 3]), 1.5)


# ====================================================================== fft


def fft_values_and_print(tf, np):
    x = tf.constant([1 + 2j, 3 - 1j, 0.5j, -2.0], tf.complex64)
    y = tf.signal.fft(x)
    print(y)
    return [y, tf.signal.ifft(y), tf.signal.fft(tf.cast(x, tf.complex128)),
            tf.signal.fft([1 + 1j, 2])]


def fft2d_3d_values(tf, np):
    r = np.random.RandomState(0)
    x = (r.randn(2, 3, 4, 5) + 1j * r.randn(2, 3, 4, 5)).astype("complex64")
    return [tf.signal.fft2d(x), tf.signal.ifft2d(x), tf.signal.fft3d(x), tf.signal.ifft3d(x),
            tf.signal.fft(x)]


def rfft_irfft_values(tf, np):
    x = tf.constant(np.random.RandomState(1).randn(3, 8).astype("float32"))
    y = tf.signal.rfft(x)
    return [y, tf.signal.irfft(y), tf.signal.rfft(x, fft_length=[5]),
            tf.signal.rfft(x, fft_length=[12]), tf.signal.irfft(y, fft_length=[7]),
            tf.signal.irfft(y, fft_length=[16]), tf.signal.rfft(tf.cast(x, tf.float64)),
            tf.signal.rfft([1, 2, 3])]


def rfft2d_irfft2d_values(tf, np):
    x = tf.constant(np.random.RandomState(2).randn(2, 4, 6).astype("float32"))
    y = tf.signal.rfft2d(x)
    return [y, tf.signal.irfft2d(y), tf.signal.rfft2d(x, fft_length=[3, 8]),
            tf.signal.irfft2d(y, fft_length=[5, 5]), tf.signal.rfft3d(x),
            tf.signal.irfft3d(tf.signal.rfft3d(x))]


def irfft_ignores_imaginary_dc(tf, np):
    return [tf.signal.irfft(tf.constant([1 + 1j, 2 + 2j, 3 + 3j])),
            tf.signal.irfft(tf.constant([1 + 1j, 2 + 2j, 3 + 3j]), fft_length=[3])]


def fft_empty(tf, np):
    return [tf.signal.fft(tf.constant([], tf.complex64)), tf.signal.rfft(tf.zeros([0, 4])),
            tf.signal.irfft(tf.zeros([2, 0], tf.complex64))]


@snippet(raises=IAE, msg_prefix="Value for attr 'Tcomplex' of float is not in the list of allowed")
def fft_of_float(tf, np):
    return tf.signal.fft(tf.constant([1., 2.]))


@snippet(raises=IAE, msg_prefix=True)
def fft_of_int_full_message(tf, np):
    return tf.signal.fft(tf.constant([1, 2]))


@snippet(raises=IAE, msg_prefix="Input must have rank of at least 1 but got: []")
def fft_of_scalar(tf, np):
    return tf.signal.fft(tf.constant(1 + 1j))


@snippet(raises=IAE, msg_prefix="Input must have rank of at least 2 but got: [3]")
def ifft2d_of_vector(tf, np):
    return tf.signal.ifft2d(tf.constant([1 + 0j, 2, 3]))


@snippet(raises="ValueError", msg_prefix="RFFT requires tf.float32 or tf.float64 inputs, got: ")
def rfft_of_int(tf, np):
    return tf.signal.rfft(tf.constant([1, 2, 3]))


@snippet(raises="ValueError", msg_prefix="IRFFT requires tf.complex64 or tf.complex128 inputs")
def irfft_of_float(tf, np):
    return tf.signal.irfft(tf.constant([1., 2, 3]))


@snippet(raises="ValueError", msg_prefix="Shape () must have rank at least 1")
def rfft_of_scalar(tf, np):
    return tf.signal.rfft(tf.constant(3.))


@snippet(raises=IAE, msg_prefix="fft_length must have shape [1]")
def rfft_two_lengths(tf, np):
    return tf.signal.rfft(tf.constant([1., 2., 3.]), fft_length=[2, 3])


def fft_gradients(tf, np):
    r = np.random.RandomState(3)
    x = (r.randn(2, 5) + 1j * r.randn(2, 5)).astype("complex128")
    w = tf.constant((r.randn(2, 5) + 1j * r.randn(2, 5)).astype("complex128"))

    w2 = tf.constant((r.randn(2, 5, 5) + 1j * r.randn(2, 5, 5)).astype("complex128"))

    def loss(f, w):
        return lambda t: tf.math.real(tf.reduce_sum(f(t) * w))
    return [_grad(tf, loss(f, w), x)[1] for f in (tf.signal.fft, tf.signal.ifft)] + [
        _grad(tf, loss(f, w2), x.reshape(2, 5, 1) * x.reshape(2, 1, 5))[1]
        for f in (tf.signal.fft2d, tf.signal.ifft2d)]


def rfft_gradients(tf, np):
    r = np.random.RandomState(4)
    w = tf.constant((r.randn(3, 4) + 1j * r.randn(3, 4)).astype("complex64"))
    w5 = tf.constant((r.randn(3, 3) + 1j * r.randn(3, 3)).astype("complex64"))
    x = r.randn(3, 6).astype("float32")
    return [_grad(tf, lambda t: tf.abs(tf.signal.rfft(t) * w), x)[1],
            _grad(tf, lambda t: tf.math.real(tf.signal.rfft(t, [5]) * w5), x[:, :5])[1],
            _grad(tf, lambda t: tf.math.imag(tf.signal.rfft(t) * w), x)[1]]


def irfft_gradients(tf, np):
    r = np.random.RandomState(5)
    y = (r.randn(2, 5) + 1j * r.randn(2, 5)).astype("complex64")
    w8 = tf.constant(r.randn(2, 8).astype("float32"))
    w9 = tf.constant(r.randn(2, 9).astype("float32"))
    return [_grad(tf, lambda t: tf.signal.irfft(t) * w8, y)[1],
            _grad(tf, lambda t: tf.signal.irfft(t, [9]) * w9, y)[1]]


def rfft2d_gradients(tf, np):
    r = np.random.RandomState(6)
    x = r.randn(2, 4, 6).astype("float64")
    w = tf.constant((r.randn(2, 4, 4) + 1j * r.randn(2, 4, 4)).astype("complex128"))
    y = (r.randn(2, 4, 4) + 1j * r.randn(2, 4, 4)).astype("complex128")
    v = tf.constant(r.randn(2, 4, 6))
    return [_grad(tf, lambda t: tf.math.real(tf.signal.rfft2d(t) * w), x)[1],
            _grad(tf, lambda t: tf.signal.irfft2d(t) * v, y)[1]]


def fftshift_values(tf, np):
    x = [0., 1., 2., 3., 4., -5., -4., -3., -2., -1.]
    m = [[1, 2, 3], [4, 5, 6]]
    return [tf.signal.fftshift(x), tf.signal.ifftshift(x), tf.signal.fftshift(m, axes=1),
            tf.signal.fftshift(m, axes=[0, -1]), tf.signal.ifftshift(m),
            tf.signal.ifftshift(tf.signal.fftshift(tf.constant(m)))]


# ====================================================================== frame / windows / stft


def frame_cases(tf, np):
    s = tf.range(10)
    return [tf.signal.frame(s, 4, 3), tf.signal.frame(s, 4, 3, pad_end=True),
            tf.signal.frame(s, 3, 3, pad_end=True, pad_value=-1),
            tf.signal.frame(tf.reshape(tf.range(24.), [2, 12]), 5, 2),
            tf.signal.frame(tf.reshape(tf.range(24.), [12, 2]), 4, 4, axis=0),
            tf.signal.frame(tf.reshape(tf.range(24.), [2, 6, 2]), 2, 1, axis=1, pad_end=True),
            tf.signal.frame([1, 2, 3], 5, 2)]


@snippet(raises="ValueError", msg_prefix="Shape (1,) must have rank 0")
def frame_length_vector(tf, np):
    return tf.signal.frame([1, 2, 3, 4, 5], [2], 1)


@snippet(raises="ValueError", msg_prefix="Shape () must have rank at least 1")
def frame_scalar(tf, np):
    return tf.signal.frame(3, 2, 1)


def frame_gradient(tf, np):
    w = tf.constant(_img(np, [2, 4, 3], 1, "float64"))
    return _grad(tf, lambda s: tf.signal.frame(s, 3, 2, pad_end=True) * w, _img(np, [2, 7], 2,
                                                                                  "float64"))


def overlap_and_add_cases(tf, np):
    return [tf.signal.overlap_and_add(tf.ones([3, 4]), 2),
            tf.signal.overlap_and_add(tf.reshape(tf.range(30.), [2, 3, 5]), 3),
            tf.signal.overlap_and_add(tf.reshape(tf.range(12.), [4, 3]), 5),
            tf.signal.overlap_and_add(tf.zeros([0, 3]), 2)]


def windows(tf, np):
    return [tf.signal.hann_window(8), tf.signal.hann_window(5), tf.signal.hann_window(1),
            tf.signal.hann_window(6, periodic=False), tf.signal.hamming_window(7),
            tf.signal.hamming_window(4, periodic=False),
            tf.signal.hann_window(6, dtype=tf.float64), tf.signal.hamming_window(0)]


@snippet(raises="ValueError",
         msg_prefix="dtype must be a floating point type. Found <dtype: 'int32'>")
def window_int_dtype(tf, np):
    return tf.signal.hann_window(5, dtype=tf.int32)


def stft_values(tf, np):
    s = tf.constant(np.sin(np.arange(200) * 0.3).astype("float32"))
    return [tf.signal.stft(s, 32, 16), tf.signal.stft(s, 20, 7, fft_length=32),
            tf.signal.stft(s, 16, 8, window_fn=tf.signal.hamming_window, pad_end=True),
            tf.signal.stft(tf.reshape(s, [2, 100]), 25, 10, window_fn=None)]


def inverse_stft_round_trip(tf, np):
    s = tf.constant(np.random.RandomState(7).randn(2, 300).astype("float32"))
    st = tf.signal.stft(s, 64, 16)
    back = tf.signal.inverse_stft(st, 64, 16, window_fn=tf.signal.inverse_stft_window_fn(16))
    return [back, tf.signal.inverse_stft(st, 40, 16, fft_length=64),
            tf.signal.inverse_stft_window_fn(16)(64, tf.float32)]


def stft_gradient(tf, np):
    r = np.random.RandomState(8)
    w = tf.constant(r.randn(5, 9).astype("float64"))
    return _grad(tf, lambda s: tf.reduce_sum(tf.abs(tf.signal.stft(s, 16, 8)) * w),
                 r.randn(48).astype("float64"))


# ====================================================================== random augmentations


def random_adjustments_seeded(tf, np):
    tf.random.set_seed(77)
    x = tf.constant(_img(np, [3, 4, 3], 11))
    return [tf.image.random_brightness(x, 0.3, seed=1),
            tf.image.random_contrast(x, 0.2, 1.8, seed=2),
            tf.image.random_saturation(x, 0.5, 1.5, seed=3), tf.image.random_hue(x, 0.2, seed=4),
            tf.image.random_brightness(x, 0.3)]


def stateless_random_adjustments(tf, np):
    x = tf.constant(_img(np, [3, 4, 3], 12))
    u8 = tf.constant((np.arange(36) * 7).reshape([3, 4, 3]).astype("uint8"))
    return [tf.image.stateless_random_brightness(x, 0.3, seed=(1, 2)),
            tf.image.stateless_random_contrast(u8, 0.2, 1.8, seed=(3, 4)),
            tf.image.stateless_random_saturation(x, 0.5, 1.5, seed=(5, 6)),
            tf.image.stateless_random_hue(x, 0.4, seed=(7, 8))]


def random_crop_seeded(tf, np):
    tf.random.set_seed(5)
    x = tf.reshape(tf.range(60), [5, 4, 3])
    return [tf.image.random_crop(x, [3, 2, 3], seed=9), tf.image.random_crop(x, [5, 1, 2]),
            tf.image.stateless_random_crop(x, [2, 2, 3], seed=(1, 1)),
            tf.image.stateless_random_crop(x, size=[4, 4, 1], seed=(2, 7))]


@snippet(raises=IAE, msg_prefix="Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true. "
         "Summarized data: b'Need value.shape >= size, got '\n5, 4, 3\n6, 2, 3")
def random_crop_too_big(tf, np):
    return tf.image.random_crop(tf.zeros([5, 4, 3]), [6, 2, 3])


@snippet(raises="ValueError", msg_prefix="upper must be > lower.")
def random_contrast_bad_range(tf, np):
    return tf.image.random_contrast(tf.zeros([2, 2, 3]), 1.0, 0.5)


@snippet(raises="ValueError", msg_prefix="max_delta must be <= 0.5.")
def random_hue_big_delta(tf, np):
    return tf.image.random_hue(tf.zeros([2, 2, 3]), 0.7)


# ====================================================================== more conversions, filters


def yiq_yuv_round_trips(tf, np):
    x = tf.constant(_img(np, [2, 3, 3], 13))
    yiq, yuv = tf.image.rgb_to_yiq(x), tf.image.rgb_to_yuv(x)
    return [yiq, tf.image.yiq_to_rgb(yiq), yuv, tf.image.yuv_to_rgb(yuv),
            tf.image.rgb_to_yuv(tf.cast(x, tf.float64))]


def resize_with_pad_cases(tf, np):
    x = tf.constant(_img(np, [2, 4, 6, 1], 14))
    return [tf.image.resize_with_pad(x, 6, 6), tf.image.resize_with_pad(x[0], 3, 9),
            tf.image.resize_with_pad(x, 5, 7, method="nearest"),
            tf.image.resize_with_pad(x[0], 8, 8, method="bicubic")]


def image_gradients_and_sobel(tf, np):
    x = tf.constant(_img(np, [2, 4, 5, 3], 15))
    dy, dx = tf.image.image_gradients(x)
    return [dy, dx, tf.image.sobel_edges(x), tf.image.sobel_edges(tf.cast(x, tf.float64))]


@snippet(raises="ValueError", msg_prefix="image_gradients expects a 4D tensor")
def image_gradients_rank3(tf, np):
    return tf.image.image_gradients(tf.zeros([3, 3, 1]))


def psnr_values(tf, np):
    a = tf.constant(_img(np, [2, 4, 4, 3], 16))
    b = tf.constant(_img(np, [2, 4, 4, 3], 17))
    u8 = tf.constant((np.arange(48) * 5).reshape([4, 4, 3]).astype("uint8"))
    return [tf.image.psnr(a, b, 1.0), tf.image.psnr(u8, tf.image.flip_left_right(u8), 255),
            _grad(tf, lambda t: tf.image.psnr(t, b, 1.0), _img(np, [2, 4, 4, 3], 18))]


# ====================================================================== dct / mel / mfcc


def dct_types_and_norms(tf, np):
    x = tf.constant(np.random.RandomState(9).randn(2, 8).astype("float32"))
    out = [tf.signal.dct(x, type=t) for t in (1, 2, 3, 4)]
    out += [tf.signal.dct(x, type=t, norm="ortho") for t in (2, 3, 4)]
    out += [tf.signal.idct(x, type=t) for t in (1, 2, 3, 4)]
    out += [tf.signal.idct(tf.signal.dct(x, norm="ortho"), norm="ortho"),
            tf.signal.dct(x, n=5), tf.signal.dct(x, n=11), tf.signal.dct(tf.cast(x, tf.float64))]
    return out


@snippet(raises="ValueError", msg_prefix="Normalization is not supported for the Type-I DCT.")
def dct_type1_ortho(tf, np):
    return tf.signal.dct(tf.ones([4]), type=1, norm="ortho")


@snippet(raises="NotImplementedError", msg_prefix="axis must be -1. Got: 0")
def dct_axis0(tf, np):
    return tf.signal.dct(tf.ones([4, 4]), axis=0)


def mel_matrix_and_mfcc(tf, np):
    m = tf.signal.linear_to_mel_weight_matrix(8, 33, 16000, 80.0, 7600.0)
    spec = tf.abs(tf.signal.stft(tf.constant(np.sin(np.arange(600) * 0.2).astype("float32")),
                                 64, 32))
    log_mel = tf.math.log(tf.tensordot(spec, m, 1) + 1.0)
    return [m, tf.signal.linear_to_mel_weight_matrix(), log_mel,
            tf.signal.mfccs_from_log_mel_spectrograms(log_mel),
            tf.signal.linear_to_mel_weight_matrix(4, 9, 100, 10., 50., dtype=tf.float64)]


@snippet(raises="ValueError", msg_prefix="upper_edge_hertz must not be larger than the Nyquist")
def mel_above_nyquist(tf, np):
    return tf.signal.linear_to_mel_weight_matrix(sample_rate=4000)


def vorbis_window_values(tf, np):
    return [tf.signal.vorbis_window(8), tf.signal.vorbis_window(5, dtype=tf.float64)]


def dct_gradient(tf, np):
    r = np.random.RandomState(10)
    w = tf.constant(r.randn(3, 6))
    return [_grad(tf, lambda t: tf.signal.dct(t, type=k, norm=nm) * w, r.randn(3, 6))[1]
            for k, nm in ((2, None), (3, "ortho"), (4, None))]


# ====================================================================== patches, boxes


def extract_patches_cases(tf, np):
    x = tf.reshape(tf.range(2 * 5 * 6 * 2), [2, 5, 6, 2])
    return [tf.image.extract_patches(x, [1, 2, 3, 1], [1, 2, 2, 1], [1, 1, 1, 1], "VALID"),
            tf.image.extract_patches(x, [1, 2, 3, 1], [1, 2, 2, 1], [1, 2, 1, 1], "SAME"),
            tf.image.extract_patches(x, [1, 3, 3, 1], [1, 1, 3, 1], [1, 1, 1, 1], "SAME"),
            tf.image.extract_patches(x, [1, 7, 3, 1], [1, 2, 2, 1], [1, 1, 1, 1], "VALID"),
            tf.image.extract_patches(tf.cast(x, tf.float32), sizes=[1, 4, 4, 1],
                                     strides=[1, 4, 4, 1], rates=[1, 1, 1, 1], padding="VALID")]


def extract_patches_gradient(tf, np):
    w = tf.constant(_img(np, [1, 3, 3, 8], 19, "float64"))
    return _grad(tf, lambda t: tf.image.extract_patches(t, [1, 2, 2, 1], [1, 2, 2, 1],
                                                        [1, 1, 1, 1], "SAME") * w,
                 _img(np, [1, 5, 6, 2], 20, "float64"))


@snippet(raises="UnimplementedError", msg_prefix="Only support ksizes across space.")
def extract_patches_depth(tf, np):
    return tf.image.extract_patches(tf.zeros([1, 4, 4, 2]), [1, 2, 2, 2], [1, 1, 1, 1],
                                    [1, 1, 1, 1], "VALID")


def _boxes(tf):
    return tf.constant([[0, 0, 1, 1], [0, 0.1, 1, 1.1], [0, -0.1, 1, 0.9], [0, 10, 1, 11],
                        [0, 10.1, 1, 11.1], [0, 100, 1, 101], [1, 1, 0, 0]], tf.float32)


def non_max_suppression_cases(tf, np):
    boxes = _boxes(tf)
    scores = tf.constant([0.9, 0.75, 0.6, 0.95, 0.5, 0.3, 0.9])
    return [tf.image.non_max_suppression(boxes, scores, 3, 0.5),
            tf.image.non_max_suppression(boxes, scores, 10, 0.5, score_threshold=0.4),
            tf.image.non_max_suppression(boxes, scores, 10, 0.0),
            tf.image.non_max_suppression(boxes, scores, 10, 1.0),
            tf.image.non_max_suppression(boxes, scores, 0)]


def non_max_suppression_soft(tf, np):
    boxes = _boxes(tf)
    scores = tf.constant([0.9, 0.75, 0.6, 0.95, 0.5, 0.3, 0.9])
    return [tf.image.non_max_suppression_with_scores(boxes, scores, 10, 0.5),
            tf.image.non_max_suppression_with_scores(boxes, scores, 10, 0.5, soft_nms_sigma=0.5),
            tf.image.non_max_suppression_with_scores(boxes, scores, 4, 1.0, 0.2, 0.3)]


def non_max_suppression_random_boxes(tf, np):
    r = np.random.RandomState(21)
    corner = r.uniform(0, 10, size=(40, 2))
    boxes = tf.constant(np.concatenate([corner, corner + r.uniform(1, 4, (40, 2))], 1)
                        .astype("float32"))
    scores = tf.constant(r.uniform(size=40).astype("float32"))
    return [tf.image.non_max_suppression(boxes, scores, 15, 0.3),
            tf.image.non_max_suppression_with_scores(boxes, scores, 15, 0.3, 0.1, 0.6)]


@snippet(raises=IAE, msg_prefix="iou_threshold must be in [0, 1]")
def non_max_suppression_bad_threshold(tf, np):
    return tf.image.non_max_suppression(_boxes(tf), tf.ones([7]), 3, 1.5)


@snippet(raises=IAE, msg_prefix="boxes must have 4 columns (Dimension must be 4 but is 3)")
def non_max_suppression_three_columns(tf, np):
    return tf.image.non_max_suppression(tf.ones([5, 3]), tf.ones([5]), 3)


@snippet(raises=IAE, msg_prefix="scores has incompatible shape")
def non_max_suppression_score_count(tf, np):
    return tf.image.non_max_suppression(_boxes(tf), tf.ones([3]), 3)


# ====================================================================== ScaleAndTranslate


def resize_antialias(tf, np):
    x = tf.constant(_img(np, [2, 9, 11, 2], 22))
    return [tf.image.resize(x, [4, 5], antialias=True),
            tf.image.resize(x, [4, 5], "bicubic", antialias=True),
            tf.image.resize(x, [13, 20], antialias=True),
            tf.image.resize(x, [3, 17], "bicubic", antialias=True)]


def resize_filter_methods(tf, np):
    x = tf.constant(_img(np, [1, 8, 7, 3], 23))
    out = []
    for m in ("lanczos3", "lanczos5", "gaussian", "mitchellcubic"):
        out += [tf.image.resize(x, [5, 4], m), tf.image.resize(x, [11, 12], m),
                tf.image.resize(x, [3, 3], m, antialias=True)]
    return out


def resize_filter_int_image(tf, np):
    x = tf.constant((np.arange(60) * 4).reshape([5, 4, 3]).astype("uint8"))
    return [tf.image.resize(x, [3, 7], "lanczos3"), tf.image.resize(x, [2, 2], antialias=True)]


def resize_antialias_gradients(tf, np):
    w = tf.constant(_img(np, [1, 3, 4, 1], 24))
    w2 = tf.constant(_img(np, [1, 7, 6, 1], 25))
    x = _img(np, [1, 6, 8, 1], 26)
    return [_grad(tf, lambda t: tf.image.resize(t, [3, 4], antialias=True) * w, x),
            _grad(tf, lambda t: tf.image.resize(t, [7, 6], "lanczos3") * w2, x),
            _grad(tf, lambda t: tf.image.resize(t, [3, 4], "mitchellcubic", antialias=True) * w,
                  x)]


# ====================================================================== ssim


def ssim_values(tf, np):
    a = tf.constant(_img(np, [2, 16, 14, 3], 27))
    b = tf.constant(np.clip(_img(np, [2, 16, 14, 3], 27) + _img(np, [2, 16, 14, 3], 28) * 0.2,
                            0, 1).astype("float32"))
    u8 = tf.image.convert_image_dtype(a, tf.uint8)
    return [tf.image.ssim(a, b, 1.0), tf.image.ssim(a, a, 1.0),
            tf.image.ssim(a, b, 1.0, filter_size=5, filter_sigma=0.8),
            tf.image.ssim(u8, tf.image.convert_image_dtype(b, tf.uint8), 255),
            tf.image.ssim(a[0], b[0], 1.0, return_index_map=True)]


def ssim_multiscale_values(tf, np):
    a = tf.constant(_img(np, [1, 45, 47, 2], 29))
    b = tf.constant(np.clip(_img(np, [1, 45, 47, 2], 29) * 0.8 + 0.1, 0, 1).astype("float32"))
    return [tf.image.ssim_multiscale(a, b, 1.0, filter_size=3),
            tf.image.ssim_multiscale(a, b, 1.0, power_factors=(0.5, 0.5), filter_size=5)]


def ssim_gradient(tf, np):
    b = tf.constant(_img(np, [1, 12, 12, 1], 30))
    return _grad(tf, lambda t: tf.image.ssim(t, b, 1.0, filter_size=7),
                 _img(np, [1, 12, 12, 1], 31))


@snippet(raises=IAE, msg_prefix="Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true.")
def ssim_image_smaller_than_filter(tf, np):
    return tf.image.ssim(tf.ones([1, 5, 5, 1]), tf.ones([1, 5, 5, 1]), 1.0)


def kaiser_windows(tf, np):
    return [tf.signal.kaiser_window(8), tf.signal.kaiser_window(7, beta=4.0),
            tf.signal.kaiser_window(1), tf.signal.kaiser_window(6, 2.5, dtype=tf.float64),
            tf.signal.kaiser_bessel_derived_window(8),
            tf.signal.kaiser_bessel_derived_window(10, 3.)]


def mdct_round_trip(tf, np):
    s = tf.constant(np.random.RandomState(11).randn(2, 64).astype("float32"))
    m = tf.signal.mdct(s, 16)
    return [m, tf.signal.inverse_mdct(m), tf.signal.mdct(s, 8, norm="ortho", pad_end=True),
            tf.signal.inverse_mdct(tf.signal.mdct(s, 8, window_fn=None), window_fn=None),
            tf.signal.mdct(s, 8, window_fn=tf.signal.kaiser_bessel_derived_window)]


@snippet(raises="ValueError", msg_prefix="The frame length must be a multiple of 4.")
def mdct_bad_length(tf, np):
    return tf.signal.mdct(tf.ones([20]), 6)


# ====================================================================== crop_and_resize


def _crop_boxes(tf):
    return tf.constant([[0.1, 0.2, 0.8, 0.9], [0., 0., 1., 1.], [0.5, 0.6, 0.2, 0.1],
                        [-0.3, 0.4, 1.2, 0.7], [0.25, 0.25, 0.25, 0.75]])


def crop_and_resize_cases(tf, np):
    img = tf.constant(_img(np, [2, 6, 7, 3], 32))
    boxes, idx = _crop_boxes(tf), [0, 1, 1, 0, 1]
    return [tf.image.crop_and_resize(img, boxes, idx, [4, 5]),
            tf.image.crop_and_resize(img, boxes, idx, [3, 3], method="nearest"),
            tf.image.crop_and_resize(img, boxes, idx, [1, 4], extrapolation_value=-1.0),
            tf.image.crop_and_resize(tf.cast(img * 255, tf.uint8), boxes, idx, [2, 2]),
            tf.image.crop_and_resize(tf.cast(img, tf.float64), boxes, idx, [5, 1])]


def crop_and_resize_gradients(tf, np):
    img = _img(np, [2, 6, 7, 2], 33)
    boxes, idx = _crop_boxes(tf), [0, 1, 1, 0, 1]
    w = tf.constant(_img(np, [5, 4, 3, 2], 34))
    image_grads = [_grad(tf, lambda t: tf.image.crop_and_resize(t, boxes, idx, [4, 3], m) * w,
                         img)[1] for m in ("bilinear", "nearest")]
    box_grads = [_grad(tf, lambda b: tf.image.crop_and_resize(tf.constant(img), b, idx, s) *
                       tf.constant(_img(np, [5] + s + [2], 35)), boxes.numpy())[1]
                 for s in ([4, 3], [1, 2])]
    return image_grads + box_grads


@snippet(raises="OutOfRangeError", msg_prefix="box_index has values outside [0, batch_size)")
def crop_and_resize_bad_index(tf, np):
    return tf.image.crop_and_resize(tf.ones([2, 4, 4, 1]), [[0., 0., 1., 1.]], [2], [3, 3])


@snippet(raises=IAE, msg_prefix="crop dimensions must be positive")
def crop_and_resize_zero_crop(tf, np):
    return tf.image.crop_and_resize(tf.ones([2, 4, 4, 1]), [[0., 0., 1., 1.]], [0], [0, 3])


# ====================================================================== draw_bounding_boxes


def draw_bounding_boxes_cases(tf, np):
    img = tf.zeros([2, 6, 7, 3])
    boxes = tf.constant([[[0.1, 0.2, 0.8, 0.9], [-0.2, 0.5, 0.5, 1.3], [0.5, 0.5, 0.2, 0.9]],
                         [[0., 0., 1., 1.], [2., 2., 3., 3.], [0.3, 0.3, 0.35, 0.4]]])
    colors = tf.constant([[1., 0., 0.], [0., 1., 0.5]])
    return [tf.image.draw_bounding_boxes(img, boxes, colors),
            tf.image.draw_bounding_boxes(img, boxes, None),
            tf.image.draw_bounding_boxes(tf.zeros([2, 6, 7, 1]), boxes, None),
            tf.image.draw_bounding_boxes(tf.zeros([2, 6, 7, 4]), boxes,
                                         [[0.2, 0.3, 0.4, 0.5, 0.6]])]


@snippet(raises=IAE, msg_prefix="Channel depth should be either 1 (GRY), 3 (RGB), or 4 (RGBA)")
def draw_bounding_boxes_two_channels(tf, np):
    return tf.image.draw_bounding_boxes(tf.zeros([1, 4, 4, 2]), [[[0., 0., 1., 1.]]], None)


@snippet(raises=IAE, msg_prefix="colors must have equal or more channels than the image")
def draw_bounding_boxes_few_colour_channels(tf, np):
    return tf.image.draw_bounding_boxes(tf.zeros([1, 4, 4, 3]), [[[0., 0., 1., 1.]]], [[1., 0.]])


# ====================================================================== known differences


def adjust_contrast_has_a_gradient(tf, np):
    return _grad(tf, lambda t: tf.image.adjust_contrast(t, 1.5), _img(np, [3, 3, 3], 36))


def hsv_to_rgb_has_a_gradient(tf, np):
    return _grad(tf, tf.image.hsv_to_rgb, _img(np, [3, 3, 3], 37))


def rfft3d_has_a_gradient(tf, np):
    w = tf.constant(_img(np, [2, 3, 3], 38) + 0j)
    return _grad(tf, lambda t: tf.math.real(tf.signal.rfft3d(t) * w), _img(np, [2, 3, 4], 39))
