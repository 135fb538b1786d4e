"""tf.image's pixel-value ops: convert_image_dtype (TF's scaling between integer and float
images), the adjust_* family, grayscale <-> RGB, RGB <-> HSV and per_image_standardization.

All are composites over public ops, so each has the gradient of the ops it is made of. TF runs
adjust_contrast, adjust_saturation and adjust_hue as kernels with no gradient (LookupError) and
declares hsv_to_rgb's kernel non-differentiable; these composites compute the same values and do
have gradients.
"""
import numpy as np

from .. import dtypes as _dt
from .._export import export
from ..ops.cast import cast
from ..ops.elementwise import (add, clip_by_value, floordiv, floormod, maximum, minimum,
                               multiply, rsqrt, saturate_cast)
from ..ops.indexing import where
from ..ops.comparison import equal
from ..ops.matmul import tensordot
from ..ops.misc import identity
from ..ops.reduction import reduce_max, reduce_mean, reduce_min, reduce_std
from ..ops.shape_ops import expand_dims, stack, tile, unstack
from ..tensor import convert_to_tensor

_FLOAT_WORK = (_dt.float16, _dt.float32)


@export("image.convert_image_dtype")
def convert_image_dtype(image, dtype, saturate=False, name=None):
    """Converts an image's dtype, rescaling: floats span [0, 1), integers [0, dtype.max]."""
    image = convert_to_tensor(image)
    dtype = _dt.as_dtype(dtype)
    if not dtype.is_floating and not dtype.is_integer:
        raise AttributeError("dtype must be either floating point or integer")
    src = image.dtype
    if not src.is_floating and not src.is_integer:
        raise AttributeError("image dtype must be either floating point or integer")
    if dtype == src:
        return identity(image)
    if src.is_integer and dtype.is_integer:
        scale_in, scale_out = int(src.max), int(dtype.max)
        if scale_in > scale_out:
            scaled = floordiv(image, (scale_in + 1) // (scale_out + 1))
            return saturate_cast(scaled, dtype) if saturate else cast(scaled, dtype)
        converted = saturate_cast(image, dtype) if saturate else cast(image, dtype)
        return multiply(converted, (scale_out + 1) // (scale_in + 1))
    if src.is_floating and dtype.is_floating:
        return cast(image, dtype)
    if src.is_integer:
        return multiply(cast(image, dtype), 1. / int(src.max))
    scaled = multiply(image, float(dtype.max) + 0.5)  # (+0.5: TF's guard against rounding down)
    return saturate_cast(scaled, dtype) if saturate else cast(scaled, dtype)


def _working(image):
    """(image in float16/float32, its original dtype): integer and float64 images work in
    float32."""
    image = convert_to_tensor(image)
    if image.dtype in _FLOAT_WORK:
        return image, image.dtype
    return convert_image_dtype(image, _dt.float32), image.dtype


@export("image.adjust_brightness")
def adjust_brightness(image, delta):
    """Adds delta to every pixel (in the image's [0, 1) float scale)."""
    flt, orig = _working(image)
    return convert_image_dtype(add(flt, cast(delta, flt.dtype)), orig, saturate=True)


@export("image.adjust_contrast")
def adjust_contrast(images, contrast_factor):
    """(x - mean) * contrast_factor + mean, the mean of each channel over height and width."""
    flt, orig = _working(images)
    if flt._v.ndim < 3:
        raise _contrast_error(flt)
    mean = reduce_mean(flt, axis=[-3, -2], keepdims=True)
    adjusted = (flt - mean) * cast(contrast_factor, flt.dtype) + mean
    return convert_image_dtype(adjusted, orig, saturate=True)


def _contrast_error(t):
    from ..ops._args import _err
    return _err("AdjustContrastv2", "input must be at least 3-D, got shape%s" % (
        "[%s]" % ",".join(str(d) for d in t._v.shape),))


@export("image.adjust_gamma")
def adjust_gamma(image, gamma=1, gain=1):
    """gain * image ** gamma (in the image's [0, 1) float scale)."""
    flt, orig = _working(image)
    if isinstance(gamma, (int, float)) and gamma < 0:
        raise ValueError("Gamma should be a non-negative real number.")
    return convert_image_dtype(gain * flt ** gamma, orig, saturate=True)


@export("image.rgb_to_grayscale")
def rgb_to_grayscale(images, name=None):
    """Luma (0.2989 R + 0.587 G + 0.114 B) of RGB images, keeping a last axis of size 1."""
    images = convert_to_tensor(images)
    flt = convert_image_dtype(images, _dt.float32)
    gray = tensordot(flt, convert_to_tensor([0.2989, 0.5870, 0.1140]), [-1, -1])
    return convert_image_dtype(expand_dims(gray, -1), images.dtype)


@export("image.grayscale_to_rgb")
def grayscale_to_rgb(images, name=None):
    """Repeats a grayscale image's single channel three times."""
    images = convert_to_tensor(images)
    shape = images._v.shape
    if len(shape) < 2:
        raise ValueError("A grayscale image (shape %s) must be at least two-dimensional." % (
            images.shape,))
    if shape[-1] != 1:
        raise ValueError("Last dimension of a grayscale image should be size 1.")
    return tile(images, [1] * (len(shape) - 1) + [3])


@export("image.per_image_standardization")
def per_image_standardization(image):
    """(x - mean) / max(stddev, 1 / sqrt(pixels)) over each image's last three axes."""
    image = convert_to_tensor(image)
    shape = image._v.shape
    if len(shape) < 3:
        raise ValueError("'image' (shape %s) must be at least three-dimensional." % (image.shape,))
    image = cast(image, _dt.float32)
    pixels = int(np.prod(shape[-3:]))
    mean = reduce_mean(image, axis=[-1, -2, -3], keepdims=True)
    stddev = reduce_std(image, axis=[-1, -2, -3], keepdims=True)
    adjusted = maximum(stddev, rsqrt(cast(pixels, _dt.float32)))
    return (image - mean) / adjusted


# ---------------------------------------------------------------------------------------------
# HSV

@export("image.rgb_to_hsv")
def rgb_to_hsv(images, name=None):
    """RGB in [0, 1] -> hue, saturation, value in [0, 1] (last axis of size 3)."""
    images = convert_to_tensor(images)
    r, g, b = unstack(images, axis=-1)
    v = reduce_max(images, axis=-1)
    rng = v - reduce_min(images, axis=-1)
    zero = cast(0, images.dtype)
    s = where(v > 0, rng / where(v > 0, v, 1 + zero), zero)
    norm = 1 / (6 * where(rng > 0, rng, 1 + zero))
    h = where(equal(v, r), norm * (g - b),
              where(equal(v, g), norm * (b - r) + 2 / 6, norm * (r - g) + 4 / 6))
    h = where(rng > 0, h, zero)
    h = where(h < 0, h + 1, h)
    return stack([h, s, v], axis=-1)


@export("image.hsv_to_rgb")
def hsv_to_rgb(images, name=None):
    """Hue, saturation, value in [0, 1] -> RGB (last axis of size 3)."""
    images = convert_to_tensor(images)
    h, s, v = unstack(images, axis=-1)
    dh = h * 6
    channels = []
    for shift in (5, 3, 1):  # each channel's piecewise-linear ramp in the hue: r, g, b
        k = floormod(dh + shift, 6)
        part = clip_by_value(minimum(k, 4 - k), 0, 1)
        channels.append(v * (1 - s * part))
    return stack(channels, axis=-1)


def _hsv_adjust(image, adjust):
    flt, orig = _working(image)
    if flt._v.shape[-1:] != (3,):
        raise ValueError("input must have 3 channels but instead has %s channels." % (
            flt._v.shape[-1] if flt._v.ndim else 0))
    hsv = unstack(rgb_to_hsv(cast(flt, _dt.float32)), axis=-1)
    rgb = hsv_to_rgb(stack(adjust(*hsv), axis=-1))
    return convert_image_dtype(cast(rgb, flt.dtype), orig)


@export("image.adjust_saturation")
def adjust_saturation(image, saturation_factor, name=None):
    """Scales the HSV saturation of RGB images by saturation_factor (clipped to [0, 1])."""
    factor = cast(saturation_factor, _dt.float32)
    return _hsv_adjust(image, lambda h, s, v: (h, clip_by_value(s * factor, 0.0, 1.0), v))


@export("image.adjust_hue")
def adjust_hue(image, delta, name=None):
    """Rotates the HSV hue of RGB images by delta (a fraction of a full turn, in [-1, 1])."""
    if isinstance(delta, (int, float)) and not -1 <= delta <= 1:
        raise ValueError("delta must be in the interval [-1, 1]")
    delta = cast(delta, _dt.float32)
    return _hsv_adjust(image, lambda h, s, v: (floormod(h + delta, 1.0), s, v))



# ---------------------------------------------------------------------------------------------
# YIQ / YUV: one 3 x 3 matrix each (TF's constants)

_MATRICES = {
    "rgb_to_yiq": [[0.299, 0.59590059, 0.2115], [0.587, -0.27455667, -0.52273617],
                   [0.114, -0.32134392, 0.31119955]],
    "yiq_to_rgb": [[1, 1, 1], [0.95598634, -0.27201283, -1.10674021],
                   [0.6208248, -0.64720424, 1.70423049]],
    "rgb_to_yuv": [[0.299, -0.14714119, 0.61497538], [0.587, -0.28886916, -0.51496512],
                   [0.114, 0.43601035, -0.10001026]],
    "yuv_to_rgb": [[1, 1, 1], [0, -0.394642334, 2.03206185], [1.13988303, -0.58062185, 0]],
}


def _colour_matrix(name):
    def convert(images):
        images = convert_to_tensor(images)
        kernel = convert_to_tensor(_MATRICES[name], dtype=images.dtype)
        return tensordot(images, kernel, axes=[[images._v.ndim - 1], [0]])
    convert.__name__ = name
    convert.__doc__ = "Converts the last axis of images (size 3) %s (TF's matrix)." % (
        name.replace("_", " "),)
    return export("image." + name)(convert)


rgb_to_yiq = _colour_matrix("rgb_to_yiq")
yiq_to_rgb = _colour_matrix("yiq_to_rgb")
rgb_to_yuv = _colour_matrix("rgb_to_yuv")
yuv_to_rgb = _colour_matrix("yuv_to_rgb")
