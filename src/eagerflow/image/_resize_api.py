"""tf.image.resize and resize_with_pad: the argument handling of TF's resize_images_v2 over the
kernels (_resize.py; ScaleAndTranslate for antialiasing and the Lanczos, Gaussian and Mitchell
filters, _scale_translate.py)."""
import numpy as np

from .. import dtypes as _dt
from .._export import export
from ..ops.shape_ops import expand_dims, squeeze
from ..tensor import convert_to_tensor
from ._geometry import _at_least_3d, _batched, _int, pad_to_bounding_box
from ._resize import _F32, resize_area, resize_bicubic, resize_bilinear, resize_nearest
from ._scale_translate import scale_and_translate


class ResizeMethod:
    """The names tf.image.resize takes for ``method``."""
    BILINEAR = "bilinear"
    NEAREST_NEIGHBOR = "nearest"
    BICUBIC = "bicubic"
    AREA = "area"
    LANCZOS3 = "lanczos3"
    LANCZOS5 = "lanczos5"
    GAUSSIAN = "gaussian"
    MITCHELLCUBIC = "mitchellcubic"


export("image.ResizeMethod")(ResizeMethod)
_KERNELS = {"bilinear": resize_bilinear, "nearest": resize_nearest, "bicubic": resize_bicubic,
            "area": resize_area}
_FILTERS = ("lanczos3", "lanczos5", "gaussian", "mitchellcubic")
_ANTIALIASED = {"bilinear": "triangle", "bicubic": "keyscubic"}


def _size_arg(size):
    try:
        s = np.asarray(convert_to_tensor(size, dtype=_dt.int32)._v)
    except (TypeError, ValueError):
        raise ValueError("'size' must be a 1-D int32 Tensor") from None
    if s.shape != (2,):
        raise ValueError("'size' must be a 1-D Tensor of 2 elements: new_height, new_width")
    return int(s[0]), int(s[1])


def _aspect_size(size, h, w):
    """The largest size within ``size`` with the image's aspect ratio (float32, as TF)."""
    factor = min(_F32(size[0]) / _F32(h), _F32(size[1]) / _F32(w))
    return int(np.rint(factor * _F32(h))), int(np.rint(factor * _F32(w)))


@export("image.resize")
def resize(images, size, method=ResizeMethod.BILINEAR, preserve_aspect_ratio=False,
           antialias=False, name=None):
    """Resizes [batch,] height, width, channels images to ``size`` (float32 unless nearest)."""
    images = convert_to_tensor(images)
    rank = images._v.ndim
    if rank not in (3, 4):
        raise ValueError("'images' must have either 3 or 4 dimensions.")
    batch = images if rank == 4 else expand_dims(images, 0)
    size = _size_arg(size)
    if preserve_aspect_ratio:
        size = _aspect_size(size, *batch._v.shape[1:3])
    raw, method = method, method if isinstance(method, str) else None
    if antialias and method in _ANTIALIASED or method in _FILTERS:
        # TF's resize_images_v2: ScaleAndTranslate with scale = new size / old size
        kernel = _ANTIALIASED.get(method) if antialias and method in _ANTIALIASED else method
        h, w = batch._v.shape[1:3]
        scale = (float(_F32(size[0]) / _F32(h)), float(_F32(size[1]) / _F32(w)))
        out = scale_and_translate(batch, size=size, scale=scale, translation=(0.0, 0.0),
                                  kernel_type=kernel, antialias=bool(antialias))
    elif method in _KERNELS:
        out = _KERNELS[method](batch, size=size)
    else:
        raise ValueError("Resize method is not implemented: {}".format(raw))
    return out if rank == 4 else squeeze(out, axis=[0])


@export("image.resize_with_pad")
def resize_with_pad(image, target_height, target_width, method=ResizeMethod.BILINEAR,
                    antialias=False):
    """Resizes images to fit target_height x target_width keeping their aspect ratio, then
    zero-pads them (centred) to exactly that size."""
    image, single = _batched(image)
    th, tw = _int(target_height), _int(target_width)
    _at_least_3d(image)
    if tw <= 0:
        raise ValueError("target_width must be > 0.")
    if th <= 0:
        raise ValueError("target_height must be > 0.")
    h, w = (_F32(d) for d in image._v.shape[1:3])
    ratio = max(w / _F32(tw), h / _F32(th))
    rh, rw = h / ratio, w / ratio
    resized = resize(image, [int(np.floor(rh)), int(np.floor(rw))], method, antialias=antialias)
    out = pad_to_bounding_box(resized, max(0, int(np.floor((_F32(th) - rh) / _F32(2)))),
                              max(0, int(np.floor((_F32(tw) - rw) / _F32(2)))), th, tw)
    return squeeze(out, axis=[0]) if single else out
