"""tf.image's filters, patches and quality measures: image_gradients, sobel_edges, extract_patches
and psnr, composites over slicing, depthwise_conv2d and reductions (so their gradients are those
ops')."""
import numpy as np

from .. import dtypes as _dt
from .._export import export
from ..errors import UnimplementedError
from ..ops._args import _err, _int_list
from ..ops.cast import cast
from ..ops.conv import depthwise_conv2d
from ..ops.creation import zeros
from ..ops.elementwise import log, squared_difference
from ..ops.pad_slice import pad
from ..ops.reduction import reduce_mean
from ..ops.shape_ops import concat, reshape, stack
from ..tensor import convert_to_tensor
from ._color import convert_image_dtype


@export("image.image_gradients")
def image_gradients(image):
    """(dy, dx): forward differences of NHWC images along height and width, 0 in the last row or
    column."""
    image = convert_to_tensor(image)
    if image._v.ndim != 4:
        raise ValueError("image_gradients expects a 4D tensor [batch_size, h, w, d], not {}."
                         .format(image.shape))
    b, h, w, d = image._v.shape
    dy = concat([image[:, 1:, :, :] - image[:, :-1, :, :], zeros([b, 1, w, d], image.dtype)], 1)
    dx = concat([image[:, :, 1:, :] - image[:, :, :-1, :], zeros([b, h, 1, d], image.dtype)], 2)
    return dy, dx


_SOBEL = np.expand_dims(np.transpose(np.array([[[-1, -2, -1], [0, 0, 0], [1, 2, 1]],
                                               [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]]),
                                     (1, 2, 0)), -2)  # (3, 3, 1, 2): the y and x kernels


@export("image.sobel_edges")
def sobel_edges(image):
    """The Sobel y and x responses of each channel of NHWC images: [..., channels, 2]."""
    image = convert_to_tensor(image)
    shape = image._v.shape
    kernels = np.tile(_SOBEL, (1, 1, shape[-1], 1)).astype(image.dtype.as_numpy_dtype)
    padded = pad(image, [[0, 0], [1, 1], [1, 1], [0, 0]], mode="REFLECT")
    out = depthwise_conv2d(padded, convert_to_tensor(kernels), [1, 1, 1, 1], "VALID")
    return reshape(out, list(shape) + [2])


@export("image.psnr")
def psnr(a, b, max_val, name=None):
    """Peak signal-to-noise ratio of images a and b (per image, over the last three axes)."""
    a, b = convert_to_tensor(a), convert_to_tensor(b)
    max_val = convert_image_dtype(cast(max_val, a.dtype), _dt.float32)
    a = convert_image_dtype(a, _dt.float32)
    b = convert_image_dtype(b, _dt.float32)
    mse = reduce_mean(squared_difference(a, b), [-3, -2, -1])
    return 20 * log(max_val) / log(convert_to_tensor(10.0)) - \
        np.float32(10 / np.log(10)) * log(mse)


def _patch_arg(values, attr):
    vals = _int_list(values)
    if len(vals) < 4:
        raise _err("ExtractImagePatches", "Length for attr '%s' of %d must be at least minimum 4"
                   % (attr, len(vals)))
    if len(vals) != 4 or vals[0] != 1 or vals[3] != 1:
        raise UnimplementedError(None, "ExtractImagePatches", "Only support %s across space. "
                                 "[Op:ExtractImagePatches]" % attr)
    return vals[1:3]


@export("image.extract_patches")
def extract_patches(images, sizes, strides, rates, padding, name=None):
    """The sizes[1] x sizes[2] patches of NHWC images, strides apart, each flattened (row,
    column, channel) into the depth axis: [batch, out_rows, out_cols, rows * cols * depth]."""
    images = convert_to_tensor(images)
    k, s, r = (_patch_arg(v, a) for v, a in ((sizes, "ksizes"), (strides, "strides"),
                                              (rates, "rates")))
    if padding not in ("SAME", "VALID"):
        raise _err("ExtractImagePatches", "Value for attr 'padding' of \"%s\" is not in the list "
                   "of allowed values: \"SAME\", \"VALID\"" % (padding,))
    if images._v.ndim != 4:
        raise _err("ExtractImagePatches", "input must be 4-dimensional[%s]" % ",".join(
            map(str, images._v.shape)))
    b, h, w, d = images._v.shape
    span = [(kk - 1) * rr + 1 for kk, rr in zip(k, r)]
    if padding == "VALID":
        outs = [max(-(-(n - e + 1) // ss), 0) for n, e, ss in zip((h, w), span, s)]
        pads = [0, 0]
    else:
        outs = [-(-n // ss) for n, ss in zip((h, w), s)]
        pads = [max((o - 1) * ss + e - n, 0) // 2 for o, ss, e, n in zip(outs, s, span, (h, w))]
    if 0 in outs or b == 0:
        return zeros([b] + outs + [k[0] * k[1] * d], images.dtype)
    need = [max((o - 1) * ss + e, n + p) for o, ss, e, n, p in zip(outs, s, span, (h, w), pads)]
    x = pad(images, [[0, 0], [pads[0], need[0] - h - pads[0]], [pads[1], need[1] - w - pads[1]],
                     [0, 0]])
    taps = [x[:, i * r[0]:i * r[0] + (outs[0] - 1) * s[0] + 1:s[0],
              j * r[1]:j * r[1] + (outs[1] - 1) * s[1] + 1:s[1], :]
            for i in range(k[0]) for j in range(k[1])]
    return reshape(stack(taps, axis=3), [b] + outs + [k[0] * k[1] * d])
