"""tf.image.crop_and_resize: TF's CropAndResize kernel (bilinear or nearest sampling of normalised
boxes, extrapolation_value outside the image) and its two gradient kernels, as primitives.

Sample ``y`` of a box [y1, x1, y2, x2] reads the image at ``y1 (H - 1) + y (y2 - y1) (H - 1) /
(crop_height - 1)`` (the box's centre for a crop height of 1), likewise along x, in float32.
CropAndResizeGradImage scatters the crops' gradient back onto the pixels; CropAndResizeGradBoxes
differentiates the bilinear samples with respect to the box corners (TF uses it for the nearest
method too). The gradient kernels carry no gradient (TF registers none).
"""
import numpy as np

from .. import dtypes as _dt
from .._export import export
from ..engine.primitive import Primitive
from ..errors import InvalidArgumentError, OutOfRangeError
from ..ops._args import _err
from ..tensor import convert_to_tensor
from ._resize import _F32, _GRAD_TYPES, _no_gradient

_OP = "CropAndResize"
_IMAGE_TYPES = frozenset(np.dtype(t) for t in (np.uint8, np.uint16, np.int8, np.int16, np.int32,
                                               np.int64, np.float16, np.float32, np.float64))


def _check(image, boxes, box_index, crop_size, method):
    if image.ndim != 4:
        raise _err(_OP, "input image must be 4-D[%s]" % ",".join(map(str, image.shape)))
    if boxes.ndim != 2 or boxes.shape[1] != 4:
        raise _err(_OP, "boxes must have 4 columns")
    if box_index.shape != (boxes.shape[0],):
        raise _err(_OP, "box_index has incompatible shape")
    if min(crop_size) <= 0:
        raise _err(_OP, "crop dimensions must be positive")
    if box_index.size and (box_index.min() < 0 or box_index.max() >= image.shape[0]):
        raise OutOfRangeError(None, _OP, "box_index has values outside [0, batch_size) [Op:%s]"
                              % _OP)
    if method not in ("bilinear", "nearest"):
        raise _err(_OP, "Value for attr 'method' of \"%s\" is not in the list of allowed values: "
                   "\"bilinear\", \"nearest\"" % method)


def _positions(lo, hi, n_crop, n_image):
    """(positions (boxes, n_crop) in pixels, their ratio to y, valid mask) along one axis."""
    lo, hi = lo.astype(_F32)[:, None], hi.astype(_F32)[:, None]
    size = _F32(n_image - 1)
    steps = np.arange(n_crop, dtype=_F32)[None, :]
    if n_crop > 1:
        ratio = size / _F32(n_crop - 1)
        pos = lo * size + steps * ((hi - lo) * ratio)
    else:
        ratio = _F32(0)
        pos = np.broadcast_to(_F32(0.5) * (lo + hi) * size, (lo.shape[0], 1))
    return pos, ratio, (pos >= 0) & (pos <= size)


def _taps(pos, n_image):
    """(lower index, upper index, lerp, nearest index) clipped into the image."""
    floor = np.floor(pos)
    lerp = (pos - floor).astype(_F32)
    lo = np.clip(floor, 0, n_image - 1).astype(np.int64)
    hi = np.clip(np.ceil(pos), 0, n_image - 1).astype(np.int64)
    near = np.clip(np.floor(pos + _F32(0.5)), 0, n_image - 1).astype(np.int64)  # (roundf)
    return lo, hi, lerp, near


def _geometry(image_shape, boxes, crop_size):
    _, h, w, _ = image_shape
    ys, yratio, yok = _positions(boxes[:, 0], boxes[:, 2], crop_size[0], h)
    xs, xratio, xok = _positions(boxes[:, 1], boxes[:, 3], crop_size[1], w)
    return _taps(ys, h), _taps(xs, w), yok[:, :, None] & xok[:, None, :], yratio, xratio


def _forward(image, boxes, box_index, crop_size, method, extrapolation_value):
    _check(image, boxes, box_index, crop_size, method)
    (ylo, yhi, ylerp, ynear), (xlo, xhi, xlerp, xnear), ok, _, _ = _geometry(
        image.shape, boxes, crop_size)
    b = box_index.astype(np.int64)[:, None, None]

    def at(yi, xi):
        return image[b, yi[:, :, None], xi[:, None, :]].astype(_F32)  # (boxes, ch, cw, depth)
    if method == "nearest":
        out = at(ynear, xnear)
    else:
        xl = xlerp[:, None, :, None]
        top = at(ylo, xlo) + (at(ylo, xhi) - at(ylo, xlo)) * xl
        bottom = at(yhi, xlo) + (at(yhi, xhi) - at(yhi, xlo)) * xl
        out = top + (bottom - top) * ylerp[:, :, None, None]
    return np.where(ok[..., None], out, _F32(extrapolation_value))


def _grad_image(grads, boxes, box_index, image_size, method, T):
    dt = np.dtype(T)
    out = np.zeros(tuple(image_size), dt)
    if grads.size == 0:
        return out
    (ylo, yhi, ylerp, ynear), (xlo, xhi, xlerp, xnear), ok, _, _ = _geometry(
        image_size, boxes, grads.shape[1:3])
    g = np.where(ok[..., None], grads.astype(_F32), _F32(0))
    b = box_index.astype(np.int64)[:, None, None]
    if method == "nearest":
        np.add.at(out, (b, ynear[:, :, None], xnear[:, None, :]), g.astype(dt))
        return out
    yl, xl = ylerp[:, :, None, None], xlerp[:, None, :, None]
    for yi, wy in ((ylo, _F32(1) - yl), (yhi, yl)):
        for xi, wx in ((xlo, _F32(1) - xl), (xhi, xl)):
            np.add.at(out, (b, yi[:, :, None], xi[:, None, :]), (wy * (wx * g)).astype(dt))
    return out


def _grad_boxes(grads, image, boxes, box_index):
    _, h, w, _ = image.shape
    (ylo, yhi, ylerp, _), (xlo, xhi, xlerp, _), ok, yratio, xratio = _geometry(
        image.shape, boxes, grads.shape[1:3])
    b = box_index.astype(np.int64)[:, None, None]

    def at(yi, xi):
        return image[b, yi[:, :, None], xi[:, None, :]].astype(_F32)
    tl, tr, bl, br = at(ylo, xlo), at(ylo, xhi), at(yhi, xlo), at(yhi, xhi)
    yl, xl = ylerp[:, :, None, None], xlerp[:, None, :, None]
    g = np.where(ok[..., None], grads.astype(_F32), _F32(0))
    dy = (g * ((1 - xl) * (bl - tl) + xl * (br - tr))).sum(axis=(2, 3))  # (boxes, ch)
    dx = (g * ((1 - yl) * (tr - tl) + yl * (br - bl))).sum(axis=(1, 3))  # (boxes, cw)
    out = np.zeros(boxes.shape, _F32)
    for k, (d, n_crop, n_image, ratio) in enumerate(((dy, grads.shape[1], h, yratio),
                                                     (dx, grads.shape[2], w, xratio))):
        if n_crop > 1:
            steps = np.arange(n_crop, dtype=_F32) * ratio
            out[:, k] = (d * (_F32(n_image - 1) - steps)).sum(axis=1)
            out[:, k + 2] = (d * steps).sum(axis=1)
        else:
            out[:, k] = out[:, k + 2] = d.sum(axis=1) * _F32(0.5 * (n_image - 1))
    return out


crop_and_resize_p = Primitive(_OP, _forward, dtypes=_IMAGE_TYPES, match=())
crop_and_resize_grad_image = Primitive("CropAndResizeGradImage", _grad_image, match=())
crop_and_resize_grad_boxes = Primitive("CropAndResizeGradBoxes", _grad_boxes, match=())
crop_and_resize_grad_image.defvjp(_no_gradient("CropAndResizeGradImage"))
crop_and_resize_grad_boxes.defvjp(_no_gradient("CropAndResizeGradBoxes"))


@crop_and_resize_p.defvjp
def _(g, ans, image, boxes, box_index, crop_size, method, extrapolation_value):
    gi = None
    if image._v.dtype in _GRAD_TYPES:
        gi = crop_and_resize_grad_image(g, boxes, box_index, image_size=image._v.shape,
                                        method=method, T=image._v.dtype)
    return gi, crop_and_resize_grad_boxes(g, image, boxes, box_index), None


@export("image.crop_and_resize")
def crop_and_resize(image, boxes, box_indices, crop_size, method="bilinear",
                    extrapolation_value=0.0, name=None):
    """Crops of NHWC images at normalised boxes [y1, x1, y2, x2], each resized to crop_size
    (float32): [num_boxes, crop_height, crop_width, depth]."""
    image = convert_to_tensor(image)
    boxes = convert_to_tensor(boxes, dtype=_dt.float32)
    box_indices = convert_to_tensor(box_indices, dtype=_dt.int32)
    size = tuple(int(v) for v in np.asarray(convert_to_tensor(crop_size, dtype=_dt.int32)._v)
                 .reshape(-1))
    if len(size) != 2:
        raise InvalidArgumentError(None, _OP, "crop_size must be a 1-D tensor of length 2 "
                                   "[Op:%s]" % _OP)
    return crop_and_resize_p(image, boxes, box_indices, crop_size=size, method=method,
                             extrapolation_value=float(extrapolation_value))
