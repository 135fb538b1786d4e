"""The kernels of tf.image.resize: TF's four resize kernels (ResizeBilinear, ResizeNearestNeighbor,
ResizeBicubic with half-pixel centers; ResizeArea) as primitives over NHWC images, with their
gradient kernels.

The coordinates, weights and arithmetic follow TF's CPU kernels in float32 (the bilinear lerp
formula, the nearest-neighbour floor of ``(i + 0.5) * scale``, the Keys cubic coefficient table
quantised to 1/1024 with edge weights renormalised, the area kernel's cell overlaps), so results
agree with TF's to float32 rounding. Bicubic and area apply one weight matrix per axis and their
gradients the transposed matrices; bilinear runs TF's lerp formula and its gradient scatters each
corner's float32 share back (a product with 0/1 matrices); nearest gathers, and its gradient sums
back the same way. As in TF, ResizeBilinearGrad carries no gradient, and the other gradient
kernels and ResizeArea have none registered (LookupError).
"""
import functools

import numpy as np

from .. import dtypes as _dt
from ..engine.device import xp_of
from ..engine.primitive import Primitive
from ..errors import InvalidArgumentError
from ..ops._args import _err

_F32 = np.float32
_RESIZE_TYPES = frozenset(np.dtype(t) for t in (np.int8, np.uint8, np.int16, np.uint16, np.int32,
                                                np.int64, np.float16, np.float32, np.float64))
_NN_GRAD_TYPES = frozenset(np.dtype(t) for t in (np.int8, np.uint8, np.int16, np.uint16, np.int32,
                                                 np.float16, np.float32, np.float64))
_GRAD_TYPES = frozenset(np.dtype(t) for t in (np.float16, np.float32, np.float64))
try:
    import ml_dtypes as _ml
    _RESIZE_TYPES |= {np.dtype(_ml.bfloat16)}
    _NN_GRAD_TYPES |= {np.dtype(_ml.bfloat16)}
    _GRAD_TYPES |= {np.dtype(_ml.bfloat16)}
except ImportError:  # pragma: no cover
    pass


def _no_gradient(name):
    def vjp(g, ans, *inputs, **params):
        raise LookupError("gradient registry has no entry for: %s" % name)
    return vjp


def _check(op, images, size):
    if images.ndim != 4:
        raise _err(op, "input must be 4-dimensional%s" % list(images.shape))
    if min(size) <= 0:
        raise _err(op, "output dimensions must be positive")
    if 0 in images.shape[1:3]:
        raise _err(op, "input image must be of non-zero size")


def _scale(n_in, n_out):
    return _F32(n_in) / _F32(n_out)


# ---------------------------------------------------------------------------------------------
# per-axis sampling (cached: a model resizes the same sizes over and over)

@functools.lru_cache(maxsize=256)
def _linear_taps(n_out, n_in):
    """Bilinear: (lower index, upper index, lerp) per output position, half-pixel centers."""
    src = (np.arange(n_out, dtype=_F32) + _F32(0.5)) * _scale(n_in, n_out) - _F32(0.5)
    floor = np.floor(src)
    lo = np.maximum(floor.astype(np.int64), 0)
    hi = np.minimum(np.ceil(src).astype(np.int64), n_in - 1)
    return lo, hi, (src - floor).astype(_F32)


@functools.lru_cache(maxsize=256)
def _nearest_index(n_out, n_in):
    src = (np.arange(n_out, dtype=_F32) + _F32(0.5)) * _scale(n_in, n_out)
    return np.clip(np.floor(src).astype(np.int64), 0, n_in - 1)


@functools.lru_cache(maxsize=256)
def _nearest_matrix(n_out, n_in):
    w = np.zeros((n_out, n_in), _F32)
    w[np.arange(n_out), _nearest_index(n_out, n_in)] = 1
    return w


_TABLE = 1024


def _keys_table(a=-0.5):
    x = (np.arange(_TABLE + 1) * 1.0 / _TABLE).astype(_F32)
    a = _F32(a)
    near = ((a + 2) * x - (a + 3)) * x * x + 1
    x = x + _F32(1)
    far = ((a * x - 5 * a) * x + 8 * a) * x - 4 * a
    return near.astype(_F32), far.astype(_F32)


_NEAR, _FAR = _keys_table()


@functools.lru_cache(maxsize=256)
def _cubic_matrix(n_out, n_in):
    """Keys cubic (a = -0.5) weights of the 4 taps around each sample; taps outside the image get
    weight 0 and the rest are renormalised to sum to 1 (TF's half-pixel bicubic)."""
    src = (np.arange(n_out, dtype=_F32) + _F32(0.5)) * _scale(n_in, n_out) - _F32(0.5)
    base = np.floor(src).astype(np.int64)
    offset = np.rint((src - np.floor(src)) * _F32(_TABLE)).astype(np.int64)
    taps = [_FAR[offset], _NEAR[offset], _NEAR[_TABLE - offset], _FAR[_TABLE - offset]]
    idx = [base - 1, base, base + 1, base + 2]
    ws = [np.where((i >= 0) & (i < n_in), t, _F32(0)) for i, t in zip(idx, taps)]
    total = ws[0] + ws[1] + ws[2] + ws[3]
    ok = np.abs(total) >= 1000 * np.finfo(_F32).tiny
    inv = np.where(ok, _F32(1) / np.where(ok, total, _F32(1)), _F32(1)).astype(_F32)
    w = np.zeros((n_out, n_in), _F32)
    rows = np.arange(n_out)
    for i, t in zip(idx, ws):
        np.add.at(w, (rows, np.clip(i, 0, n_in - 1)), t * inv)
    return w


@functools.lru_cache(maxsize=256)
def _area_matrix(n_out, n_in):
    """Each output cell's overlap with each input cell (TF's ResizeArea, align_corners=False)."""
    scale = _scale(n_in, n_out)
    w = np.zeros((n_out, n_in), _F32)
    for y in range(n_out):
        start, stop = _F32(y) * scale, _F32(y + 1) * scale
        for i in range(int(np.floor(start)), int(np.ceil(stop))):
            if i < start:
                s = scale if i + 1 > stop else _F32(i + 1) - start
            else:
                s = stop - _F32(i) if i + 1 > stop else _F32(1)
            w[y, min(max(i, 0), n_in - 1)] += s
    return w


def _on(x, *tables):
    """The host-computed tables (indices, weights) in the array library of ``x`` (a device's)."""
    xp = xp_of(x)
    return tables if xp is np else tuple(xp.asarray(t) for t in tables)


def _separable(x, wy, wx):
    """(b, h, w, c) -> (b, oh, ow, c): the width axis mixed by wx, then the height axis by wy."""
    b, h, w, c = x.shape
    wy, wx = _on(x, wy, wx)
    t = wx @ x.transpose(0, 2, 1, 3).reshape(b, w, h * c)  # (b, ow, h * c)
    t = t.reshape(b, wx.shape[0], h, c).transpose(0, 2, 1, 3).reshape(b, h, -1)
    return (wy @ t).reshape(b, wy.shape[0], wx.shape[0], c)


def _as_float(x):
    return x if x.dtype == _F32 else x.astype(_F32)


# ---------------------------------------------------------------------------------------------
# the kernels

def _bilinear_fwd(images, size):
    _check("ResizeBilinear", images, size)
    (oh, ow), (ih, iw) = size, images.shape[1:3]
    x = _as_float(images)
    ylo, yhi, ylerp, xlo, xhi, xlerp = _on(x, *_linear_taps(oh, ih), *_linear_taps(ow, iw))
    top, bottom = x[:, ylo], x[:, yhi]
    xlerp = xlerp[:, None]
    tl, tr, bl, br = top[:, :, xlo], top[:, :, xhi], bottom[:, :, xlo], bottom[:, :, xhi]
    t = tl + (tr - tl) * xlerp
    b = bl + (br - bl) * xlerp
    return t + (b - t) * ylerp[:, None, None]


@functools.lru_cache(maxsize=256)
def _corner_matrix(n_out, n_in, upper):
    """0/1 (n_out, n_in): each output position's lower (or upper) bilinear tap."""
    taps = _linear_taps(n_out, n_in)[1 if upper else 0]
    w = np.zeros((n_out, n_in), _F32)
    w[np.arange(n_out), taps] = 1
    return w


def _bilinear_grad_fwd(grads, original_image):
    """TF's kernel: each corner's share ``g * y_weight * x_weight`` in float32, accumulated into
    the image's dtype (one scatter per corner, as a product with 0/1 matrices)."""
    h, w = original_image.shape[1:3]
    oh, ow = grads.shape[1:3]
    dt = original_image.dtype
    g = _as_float(grads)
    ylerp, xlerp = _on(g, _linear_taps(oh, h)[2], _linear_taps(ow, w)[2])
    out = None
    for upper_y, wy in ((False, _F32(1) - ylerp), (True, ylerp)):
        gy = g * wy[:, None, None]
        for upper_x, wx in ((False, _F32(1) - xlerp), (True, xlerp)):
            share = _separable((gy * wx[:, None]).astype(dt),
                               _corner_matrix(oh, h, upper_y).T.astype(dt),
                               _corner_matrix(ow, w, upper_x).T.astype(dt))
            out = share if out is None else out + share
    return out


def _nearest_fwd(images, size):
    _check("ResizeNearestNeighbor", images, size)
    (oh, ow), (ih, iw) = size, images.shape[1:3]
    iy, ix = _on(images, _nearest_index(oh, ih), _nearest_index(ow, iw))
    return images[:, iy][:, :, ix]


def _nearest_grad_fwd(grads, size):
    oh, ow = grads.shape[1:3]
    dt = grads.dtype
    return _separable(grads, _nearest_matrix(oh, size[0]).T.astype(dt),
                      _nearest_matrix(ow, size[1]).T.astype(dt))


def _bicubic_fwd(images, size):
    _check("ResizeBicubic", images, size)
    (oh, ow), (ih, iw) = size, images.shape[1:3]
    return _separable(_as_float(images), _cubic_matrix(oh, ih), _cubic_matrix(ow, iw))


def _bicubic_grad_fwd(grads, original_image):
    h, w = original_image.shape[1:3]
    oh, ow = grads.shape[1:3]
    dt = original_image.dtype
    return _separable(grads.astype(dt), _cubic_matrix(oh, h).T.astype(dt),
                      _cubic_matrix(ow, w).T.astype(dt))


def _area_fwd(images, size):
    _check("ResizeArea", images, size)
    (oh, ow), (ih, iw) = size, images.shape[1:3]
    out = _separable(_as_float(images), _area_matrix(oh, ih), _area_matrix(ow, iw))
    return out * _F32(1.0 / float(_scale(ih, oh) * _scale(iw, ow)))


resize_bilinear = Primitive("ResizeBilinear", _bilinear_fwd, dtypes=_RESIZE_TYPES)
resize_bilinear_grad = Primitive("ResizeBilinearGrad", _bilinear_grad_fwd, dtypes=_GRAD_TYPES,
                                 match=(), differentiable=False)
resize_nearest = Primitive("ResizeNearestNeighbor", _nearest_fwd, dtypes=_RESIZE_TYPES)
resize_nearest_grad = Primitive("ResizeNearestNeighborGrad", _nearest_grad_fwd,
                                dtypes=_NN_GRAD_TYPES)
resize_bicubic = Primitive("ResizeBicubic", _bicubic_fwd, dtypes=_RESIZE_TYPES)
resize_bicubic_grad = Primitive("ResizeBicubicGrad", _bicubic_grad_fwd, dtypes=_GRAD_TYPES,
                                match=())
resize_area = Primitive("ResizeArea", _area_fwd, dtypes=_RESIZE_TYPES)
resize_area.defvjp(_no_gradient("ResizeArea"))

_COMMON_WORDS = "int8, uint8, int16, uint16, int32, int64, half, float, double, bfloat16"
_SIGNATURES = {  # TF's kernel: allowed types in its order, output type, attributes
    resize_bilinear: ("int8, uint8, int16, uint16, int32, int64, bfloat16, half, float, double, "
                      "bfloat16", "float", ("align_corners", "half_pixel_centers")),
    resize_nearest: (_COMMON_WORDS, "T", ("align_corners", "half_pixel_centers")),
    resize_bicubic: (_COMMON_WORDS, "float", ("align_corners", "half_pixel_centers")),
    resize_area: (_COMMON_WORDS, "float", ("align_corners",)),
}


def _kernel_admission(prim, words, out, flags):
    """TF's dtype error for the resize kernels (their signature and attributes in the text)."""
    general = prim.admit

    def admit(inputs):
        d = inputs[0]._v.dtype
        if d in prim.dtypes:
            return general(inputs)
        raise InvalidArgumentError(None, prim.name, (
            "Value for attr 'T' of %s is not in the list of allowed values: %s\n\t; NodeDef: "
            "{{node %s}}; Op<name=%s; signature=images:T, size:int32 -> resized_images:%s; "
            "attr=T:type,allowed=[%s]%s> [Op:%s] name: ") % (
                _dt.NP_TO_DTYPE[d]._kernel_word, words, prim.name, prim.name, out,
                ", ".join("DT_" + w.upper() for w in words.split(", ")),
                "".join("; attr=%s:bool,default=false" % f for f in flags), prim.name))
    prim.admit = admit


for _prim, (_words, _out, _flags) in _SIGNATURES.items():
    _kernel_admission(_prim, _words, _out, _flags)
resize_nearest_grad.defvjp(_no_gradient("ResizeNearestNeighborGrad"))
resize_bicubic_grad.defvjp(_no_gradient("ResizeBicubicGrad"))


@resize_bilinear.defvjp
def _(g, ans, images, size):
    if images._v.dtype not in _GRAD_TYPES:  # an integer image carries no gradient
        return (None,)
    return (resize_bilinear_grad(g, images),)


@resize_nearest.defvjp
def _(g, ans, images, size):
    return (resize_nearest_grad(g, size=tuple(images._v.shape[1:3])),)


@resize_bicubic.defvjp
def _(g, ans, images, size):
    if images._v.dtype not in (np.dtype(np.float32), np.dtype(np.float64)):
        return (None,)
    return (resize_bicubic_grad(g, images),)
