"""TF's ScaleAndTranslate kernel (tf.image.resize with antialias=True, and its lanczos3, lanczos5,
gaussian and mitchellcubic methods) and ScaleAndTranslateGrad, as primitives.

Each output sample at ``(x + 0.5) / scale - translation / scale`` mixes the input pixels within the
filter's radius (stretched by 1 / scale when antialiasing a downscale), weights normalised to sum
to 1 -- one weight matrix per axis, computed in float32 as TF's ComputeSpansCore does. The gradient
applies the transposed matrices; TF registers no gradient for the gradient kernel.
"""
import functools

import numpy as np

from ..engine.primitive import Primitive
from ..ops._args import _err
from ._resize import _F32, _GRAD_TYPES, _RESIZE_TYPES, _as_float, _no_gradient, _separable

_PI = _F32(3.14159265359)


def _lanczos(radius):
    r = _F32(radius)

    def f(x):
        with np.errstate(divide="ignore", invalid="ignore"):
            v = r * np.sin(_PI * x) * np.sin(_PI * x / r) / (_PI * _PI * x * x)
        return np.where(x > r, _F32(0), np.where(x <= _F32(1e-3), _F32(1), v)).astype(_F32)
    return f, radius


def _gaussian(x):
    sigma = _F32(1.5 / 3.0)
    return np.where(x >= _F32(1.5), _F32(0),
                    np.exp(-x * x / (_F32(2.0) * sigma * sigma))).astype(_F32)


def _box(x):
    return np.where(x < _F32(0.5), _F32(1), np.where(x == _F32(0.5), _F32(0.5), _F32(0)))


def _triangle(x):
    return np.where(x < _F32(1), _F32(1) - x, _F32(0)).astype(_F32)


def _keys_cubic(x):
    far = ((_F32(-0.5) * x + _F32(2.5)) * x - _F32(4.0)) * x + _F32(2.0)
    near = ((_F32(1.5) * x - _F32(2.5)) * x) * x + _F32(1.0)
    return np.where(x >= _F32(2), _F32(0), np.where(x >= _F32(1), far, near)).astype(_F32)


def _mitchell_cubic(x):
    far = (((_F32(-7.0 / 18.0)) * x + _F32(2.0)) * x - _F32(10.0 / 3.0)) * x + _F32(16.0 / 9.0)
    near = (((_F32(7.0 / 6.0)) * x - _F32(2.0)) * x) * x + _F32(8.0 / 9.0)
    return np.where(x >= _F32(2), _F32(0), np.where(x >= _F32(1), far, near)).astype(_F32)


_FILTERS = {"lanczos1": _lanczos(1), "lanczos3": _lanczos(3), "lanczos5": _lanczos(5),
            "gaussian": (_gaussian, 1.5), "box": (_box, 1.0), "triangle": (_triangle, 1.0),
            "keyscubic": (_keys_cubic, 2.0), "mitchellcubic": (_mitchell_cubic, 2.0)}


@functools.lru_cache(maxsize=256)
def _span_matrix(kernel_type, n_out, n_in, scale, translate, antialias):
    kernel, radius = _FILTERS[kernel_type]
    inv_scale = _F32(1.0 / float(_F32(scale)))
    inv_translate = -inv_scale * _F32(translate)
    kernel_scale = max(inv_scale, _F32(1)) if antialias else _F32(1)
    reach = _F32(radius) * kernel_scale
    w = np.zeros((n_out, n_in), _F32)
    for x in range(n_out):
        sample = (_F32(x) + _F32(0.5)) * inv_scale + inv_translate
        if sample < 0 or sample > n_in:
            continue
        start = min(max(int(np.ceil(sample - reach - _F32(0.5))), 0), n_in - 1)
        stop = min(max(int(np.floor(sample + reach - _F32(0.5))), 0), n_in - 1) + 1
        pos = np.arange(start, stop, dtype=_F32) + _F32(0.5) - sample
        weights = kernel(np.abs(pos * (_F32(1) / kernel_scale)))
        total = _F32(0)
        for v in weights:  # (sequential float32 sum, as the kernel's loop)
            total = _F32(total + v)
        if abs(total) >= 1000 * np.finfo(_F32).tiny:
            w[x, start:stop] = weights * (_F32(1) / total)
    return w


def _check(images, size, scale, kernel_type):
    op = "ScaleAndTranslate"
    if images.ndim != 4:
        raise _err(op, "input must be 4-dimensional%s" % list(images.shape))
    if min(size) <= 0:
        raise _err(op, "output dimensions must be positive")
    if images.shape[3] <= 0:
        raise _err(op, "image must have at least one channel")
    if 0 in images.shape[1:3]:
        raise _err(op, "input image must be of non-zero size")
    if min(scale) <= 0:
        raise _err(op, "Scale must be greater than zero.")
    if kernel_type not in _FILTERS:
        raise _err(op, "Unrecognized kernel type: %s" % kernel_type)


def _matrices(shape, size, scale, translation, kernel_type, antialias):
    return (_span_matrix(kernel_type, size[0], shape[1], scale[0], translation[0], antialias),
            _span_matrix(kernel_type, size[1], shape[2], scale[1], translation[1], antialias))


def _forward(images, size, scale, translation, kernel_type, antialias):
    _check(images, size, scale, kernel_type)
    wy, wx = _matrices(images.shape, size, scale, translation, kernel_type, antialias)
    return _separable(_as_float(images), wy, wx)


def _grad_forward(grads, original_image, scale, translation, kernel_type, antialias):
    dt = original_image.dtype
    wy, wx = _matrices(original_image.shape, grads.shape[1:3], scale, translation, kernel_type,
                       antialias)
    return _separable(grads.astype(dt), wy.T.astype(dt), wx.T.astype(dt))


scale_and_translate = Primitive("ScaleAndTranslate", _forward, dtypes=_RESIZE_TYPES)
scale_and_translate_grad = Primitive("ScaleAndTranslateGrad", _grad_forward, dtypes=_GRAD_TYPES,
                                     match=())
scale_and_translate_grad.defvjp(_no_gradient("ScaleAndTranslateGrad"))


@scale_and_translate.defvjp
def _(g, ans, images, size, scale, translation, kernel_type, antialias):
    if images._v.dtype not in _GRAD_TYPES:
        return (None,)
    return (scale_and_translate_grad(g, images, scale=scale, translation=translation,
                                     kernel_type=kernel_type, antialias=antialias),)
