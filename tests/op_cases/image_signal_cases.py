"""Op table rows for tf.image (image/) and tf.signal (signal/), with direct references: TF's resize
kernels written one output pixel at a time in float64, and NumPy's FFTs.

The resize kernels return float32 whatever the input, so their gradients are checked in
tests/image/test_resize.py (a linear map: exact finite differences with a unit step) instead of by
the generic float64 finite-difference test."""
import math

import numpy as np

from .case import OpCase

F = ("float32", "float64")
C = ("complex64", "complex128")


# -- resize references: one output pixel at a time ----------------------------------------------

def _axis_taps(method, n_out, n_in):
    """[(input index, weight) ...] for each output position along one axis."""
    if method.startswith("filter:"):
        _, kernel, antialias = method.split(":")
        return _filter_taps(kernel, n_out, n_in, antialias == "1")
    s = n_in / n_out
    taps = []
    for o in range(n_out):
        if method == "nearest":
            taps.append([(min(int(math.floor((o + 0.5) * s)), n_in - 1), 1.0)])
        elif method == "bilinear":
            src = (o + 0.5) * s - 0.5
            lo = math.floor(src)
            frac = src - lo
            taps.append([(min(max(lo, 0), n_in - 1), 1 - frac),
                         (min(max(lo + 1, 0), n_in - 1), frac)])
        elif method == "bicubic":
            src = (o + 0.5) * s - 0.5
            base = math.floor(src)
            d = round((src - base) * 1024) / 1024  # TF's kernel tabulates the weights at 1/1024
            pairs = [(base + k, _keys(abs(base + k - (base + d)))) for k in (-1, 0, 1, 2)]
            pairs = [(i, w) for i, w in pairs if 0 <= i < n_in]
            total = sum(w for _, w in pairs)
            taps.append([(i, w / total) for i, w in pairs])
        else:  # area: the overlap of [o s, (o + 1) s) with each input cell, over s
            lo, hi = o * s, (o + 1) * s
            taps.append([(i, (min(i + 1, hi) - max(i, lo)) / s)
                         for i in range(int(math.floor(lo)), int(math.ceil(hi)))
                         if min(i + 1, hi) > max(i, lo) and i < n_in])
    return taps


def _lanczos(a):
    return lambda t: 1.0 if t <= 1e-3 else 0.0 if t > a else \
        a * math.sin(math.pi * t) * math.sin(math.pi * t / a) / (math.pi * t) ** 2


# ScaleAndTranslate's filters: (function of the distance, radius)
_FILTER_REF = {"triangle": (lambda t: max(0.0, 1 - t), 1.0), "lanczos3": (_lanczos(3), 3.0),
               "keyscubic": (lambda t: _keys(t), 2.0)}


def _filter_taps(kernel, n_out, n_in, antialias):
    """ScaleAndTranslate along one axis: each sample's taps within the (stretched) radius,
    normalised."""
    f, radius = _FILTER_REF[kernel]
    scale = n_out / n_in
    stretch = max(1 / scale, 1.0) if antialias else 1.0
    taps = []
    for o in range(n_out):
        sample = (o + 0.5) / scale
        lo = min(max(math.ceil(sample - radius * stretch - 0.5), 0), n_in - 1)
        hi = min(max(math.floor(sample + radius * stretch - 0.5), 0), n_in - 1)
        ws = [(i, f(abs(i + 0.5 - sample) / stretch)) for i in range(lo, hi + 1)]
        total = sum(w for _, w in ws)
        taps.append([(i, w / total) for i, w in ws])
    return taps


def _keys(t, a=-0.5):
    if t <= 1:
        return ((a + 2) * t - (a + 3)) * t * t + 1
    if t < 2:
        return ((a * t - 5 * a) * t + 8 * a) * t - 4 * a
    return 0.0


def resize_ref(x, size, method="bilinear"):
    """[b,] h, w, c -> [b,] size, c in float64 (the input's dtype for nearest)."""
    single = x.ndim == 3
    x4 = x[None] if single else x
    ty, tx = _axis_taps(method, size[0], x4.shape[1]), _axis_taps(method, size[1], x4.shape[2])
    out = np.zeros((x4.shape[0], size[0], size[1], x4.shape[3]))
    for oy, ys in enumerate(ty):
        for ox, xs in enumerate(tx):
            for iy, wy in ys:
                for ix, wx in xs:
                    out[:, oy, ox] += wy * wx * x4[:, iy, ix].astype(np.float64)
    if method == "nearest":
        out = out.astype(x.dtype)
    return out[0] if single else out


def _resize_row(method, size, prims, shapes=(((2, 5, 7, 3),), ((4, 3, 2),)), antialias=False,
                ref_method=None, atol=1e-6):
    return OpCase("image.resize", lambda x: resize_ref(x, size, ref_method or method), atol=atol,
                  dtypes=("float32", "float64", "uint8", "int32"), shapes=shapes, domain=(0, 50),
                  out_dtype=None if method == "nearest" else "float32", grad=None,
                  note="float32 output: gradient in tests/image/test_resize.py",
                  fn=lambda tf: lambda x: tf.image.resize(x, size, method=method,
                                                          antialias=antialias), prims=prims)


# -- crop_and_resize: one sample at a time ------------------------------------------------------

CROP_BOXES = np.array([[0.1, 0.2, 0.8, 0.9], [0., 0., 1., 1.], [0.5, 0.6, 0.2, 0.1],
                       [-0.3, 0.4, 1.2, 0.7], [0.25, 0.25, 0.25, 0.75]], np.float32)
CROP_INDEX = [0, 1, 1, 0, 1]


def crop_and_resize_ref(image, boxes, index, size, method="bilinear", extrapolation=0.0):
    n, (ch, cw), (_, h, w, d) = len(boxes), size, image.shape
    out = np.full((n, ch, cw, d), extrapolation)
    for k, (y1, x1, y2, x2) in enumerate(boxes.astype(np.float64)):
        for i in range(ch):
            y = y1 * (h - 1) + i * (y2 - y1) * (h - 1) / (ch - 1) if ch > 1 else \
                0.5 * (y1 + y2) * (h - 1)
            for j in range(cw):
                x = x1 * (w - 1) + j * (x2 - x1) * (w - 1) / (cw - 1) if cw > 1 else \
                    0.5 * (x1 + x2) * (w - 1)
                if not (0 <= y <= h - 1 and 0 <= x <= w - 1):
                    continue
                px = image[index[k]].astype(np.float64)
                if method == "nearest":
                    out[k, i, j] = px[int(math.floor(y + 0.5)), int(math.floor(x + 0.5))]
                    continue
                y0, x0 = math.floor(y), math.floor(x)
                y1_, x1_ = math.ceil(y), math.ceil(x)
                top = px[y0, x0] + (px[y0, x1_] - px[y0, x0]) * (x - x0)
                bottom = px[y1_, x0] + (px[y1_, x1_] - px[y1_, x0]) * (x - x0)
                out[k, i, j] = top + (bottom - top) * (y - y0)
    return out


# -- draw_bounding_boxes: outlines pixel by pixel --------------------------------------------------

DRAW_BOXES = np.array([[[0.1, 0.2, 0.8, 0.9], [-0.2, 0.5, 0.5, 1.3]],
                       [[0., 0., 1., 1.], [0.5, 0.5, 0.2, 0.9]]], np.float32)
DRAW_COLOURS = np.array([[1., 0., 0.], [0., 1., 0.5]], np.float32)
_DRAW_NOTE = "half/float kernels (the generic no-gradient check runs in float64): tests/image"


def _draw_ref(images, colours):
    out = images.copy()
    h, w = images.shape[1:3]
    table = colours if colours is not None else np.array([[1, 1, 0], [0, 0, 1]], np.float32)
    for b in range(images.shape[0]):
        for k, box in enumerate(DRAW_BOXES[b]):
            top, left = int(box[0] * (h - 1)), int(box[1] * (w - 1))
            bottom, right = int(box[2] * (h - 1)), int(box[3] * (w - 1))
            if top > bottom or left > right:
                continue
            for i in range(h):
                for j in range(w):
                    on_row = i in (top, bottom) and left <= j <= right
                    on_col = j in (left, right) and top <= i <= bottom
                    if on_row or on_col:
                        out[b, i, j] = table[k % len(table)]
    return out


# -- non-max suppression: boxes with distinct scores, a plain greedy reference ------------------

_NMS_NOTE = "half/float kernels (the generic no-gradient check runs in float64): tests/image"


def _boxes_scores(rng, shapes, dtype):
    corner = rng.uniform(0, 6, size=(shapes[0][0], 2))
    boxes = np.concatenate([corner, corner + rng.uniform(1, 3, size=corner.shape)], 1)
    return [boxes.astype(dtype), rng.permutation(shapes[1][0]).astype(dtype) / shapes[1][0]]


def _nms_ref(boxes, scores, threshold, limit=8):
    def iou(a, b):
        inter = np.prod(np.maximum(np.minimum(a[2:], b[2:]) - np.maximum(a[:2], b[:2]), 0))
        return inter / (np.prod(a[2:] - a[:2]) + np.prod(b[2:] - b[:2]) - inter)
    kept = []
    for i in np.argsort(-scores, kind="stable"):
        if len(kept) < limit and all(iou(boxes[i], boxes[j]) <= threshold for j in kept):
            kept.append(i)
    return np.array(kept, np.int32)


# -- FFT inputs ---------------------------------------------------------------------------------

def _complex(rng, shapes, dtype):
    return [(rng.standard_normal(s) + 1j * rng.standard_normal(s)).astype(dtype) for s in shapes]


def _fft_row(name, ref, prim):
    return OpCase("signal." + name, ref, dtypes=C, shapes=[((3, 4, 5),), ((2, 6, 3, 4),)],
                  make=_complex, grad=None, rtol=1e-5, atol=1e-5,
                  note="complex: tests/signal/test_fft.py checks the gradient", prims=(prim,))


def _real_row(name, ref, prim, shapes, fft_length=None):
    """An rfft row (float64 -> complex128) or an irfft row (complex128 -> float64)."""
    inverse = name.startswith("i")
    return OpCase("signal." + name, ref, dtypes=("complex128",) if inverse else ("float64",),
                  shapes=shapes, make=_complex if inverse else None,
                  out_dtype="float64" if inverse else "complex128", grad=None,
                  note="complex %s: tests/signal/test_fft.py" % ("input" if inverse else "output"),
                  fn=lambda tf: lambda x: getattr(tf.signal, name)(x, fft_length),
                  prims=(prim,), rtol=1e-5, atol=1e-5)


CASES = [
    _resize_row("bilinear", [8, 4], ("ResizeBilinear", "ResizeBilinearGrad")),
    _resize_row("nearest", [9, 4], ("ResizeNearestNeighbor", "ResizeNearestNeighborGrad")),
    _resize_row("bicubic", [3, 11], ("ResizeBicubic", "ResizeBicubicGrad")),
    _resize_row("area", [3, 5], ("ResizeArea",)),
    _resize_row("bilinear", [2, 3], ("ScaleAndTranslate", "ScaleAndTranslateGrad"),
                antialias=True, ref_method="filter:triangle:1", atol=1e-4),
    # (float32 weights, inputs up to 50, cancelling signs: 1e-4 absolute)
    _resize_row("lanczos3", [7, 9], ("ScaleAndTranslate",), ref_method="filter:lanczos3:0",
                atol=1e-4),
    _resize_row("bicubic", [3, 2], ("ScaleAndTranslate",), antialias=True,
                ref_method="filter:keyscubic:1", atol=1e-4),
    OpCase("image.flip_left_right", lambda x: np.flip(x, -2), dtypes=F + ("uint8",),
           shapes=[((3, 4, 2),), ((2, 3, 4, 1),)], domain=(0, 5)),
    OpCase("image.rot90", lambda x: np.rot90(x, 1, axes=(-3, -2)), dtypes=F,
           shapes=[((3, 4, 2),), ((2, 3, 4, 1),)]),
    OpCase("image.total_variation",
           lambda x: np.abs(np.diff(x, axis=-3)).sum(axis=(-3, -2, -1)) +
           np.abs(np.diff(x, axis=-2)).sum(axis=(-3, -2, -1)),
           dtypes=F, shapes=[((2, 3, 4, 2),)]),
    _fft_row("fft", lambda x: np.fft.fft(x), "FFT"),
    _fft_row("ifft", lambda x: np.fft.ifft(x), "IFFT"),
    _fft_row("fft2d", lambda x: np.fft.fft2(x), "FFT2D"),
    _fft_row("ifft2d", lambda x: np.fft.ifft2(x), "IFFT2D"),
    _fft_row("fft3d", lambda x: np.fft.fftn(x, axes=(-3, -2, -1)), "FFT3D"),
    _fft_row("ifft3d", lambda x: np.fft.ifftn(x, axes=(-3, -2, -1)), "IFFT3D"),
    _real_row("rfft", lambda x: np.fft.rfft(x), "RFFT", [((3, 8),), ((2, 2, 7),)]),
    _real_row("irfft", lambda x: np.fft.irfft(x), "IRFFT", [((3, 5),), ((2, 2, 4),)]),
    _real_row("rfft2d", lambda x: np.fft.rfft2(x, s=(4, 6)), "RFFT2D", [((3, 4, 5),)],
              fft_length=[4, 6]),
    _real_row("irfft2d", lambda x: np.fft.irfft2(x, s=(3, 5)), "IRFFT2D", [((2, 3, 4),)],
              fft_length=[3, 5]),
    _real_row("rfft3d", lambda x: np.fft.rfftn(x, axes=(-3, -2, -1)), "RFFT3D",
              [((2, 3, 4, 5),)]),
    _real_row("irfft3d", lambda x: np.fft.irfftn(x, axes=(-3, -2, -1)), "IRFFT3D",
              [((2, 3, 4),)]),
    OpCase("image.crop_and_resize",
           lambda x: crop_and_resize_ref(x, CROP_BOXES, CROP_INDEX, (4, 3)),
           dtypes=("float32", "float64", "uint8"), shapes=[((2, 6, 7, 3),)], domain=(0, 50),
           out_dtype="float32", grad=None, atol=1e-4,
           note="float32 output: gradients in tests/image/test_crop_and_resize.py",
           fn=lambda tf: lambda x: tf.image.crop_and_resize(x, CROP_BOXES, CROP_INDEX, [4, 3]),
           prims=("CropAndResize", "CropAndResizeGradImage", "CropAndResizeGradBoxes")),
    OpCase("image.draw_bounding_boxes", lambda x: _draw_ref(x, None), dtypes=("float32",),
           shapes=[((2, 6, 7, 3),)], grad=None, note=_DRAW_NOTE, prims=("DrawBoundingBoxes",),
           fn=lambda tf: lambda x: tf.image.draw_bounding_boxes(x, DRAW_BOXES, None)),
    OpCase("image.draw_bounding_boxes", lambda x: _draw_ref(x, DRAW_COLOURS),
           dtypes=("float32",), shapes=[((2, 6, 7, 3),)], grad=None, note=_DRAW_NOTE,
           prims=("DrawBoundingBoxesV2",),
           fn=lambda tf: lambda x: tf.image.draw_bounding_boxes(x, DRAW_BOXES, DRAW_COLOURS)),
    OpCase("image.non_max_suppression", lambda b, s: _nms_ref(b, s, 0.5), nargs=2,
           dtypes=("float32",), shapes=[((12, 4), (12,))], make=_boxes_scores, out_dtype="int32",
           grad=None, note=_NMS_NOTE,
           fn=lambda tf: lambda b, s: tf.image.non_max_suppression(b, s, 8, 0.5),
           prims=("NonMaxSuppressionV3",)),
    OpCase("image.non_max_suppression_with_scores", lambda b, s: _nms_ref(b, s, 0.3), nargs=2,
           dtypes=("float32",), shapes=[((12, 4), (12,))], make=_boxes_scores, out_dtype="int32",
           grad=None, note=_NMS_NOTE,
           fn=lambda tf: lambda b, s: tf.image.non_max_suppression_with_scores(b, s, 8, 0.3)[0],
           prims=("NonMaxSuppressionV5",)),
    OpCase("signal.frame",
           lambda x: np.stack([x[..., i:i + 4] for i in range(0, x.shape[-1] - 3, 2)], -2),
           dtypes=F, shapes=[((3, 11),), ((12,),)],
           fn=lambda tf: lambda x: tf.signal.frame(x, 4, 2)),
]
