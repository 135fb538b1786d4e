"""tf.image's filters and quality measures: image_gradients, sobel_edges and psnr, TF's composites
over slicing, depthwise_conv2d and reductions (so their gradients are those ops')."""
import numpy as np

from .. import dtypes as _dt
from .._export import export
from ..ops.cast import cast
from ..ops.conv import depthwise_conv2d
from ..ops.creation import zeros
from ..ops.elementwise import log, squared_difference
from ..ops.pad_slice import pad
from ..ops.reduction import reduce_mean
from ..ops.shape_ops import concat, reshape
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
