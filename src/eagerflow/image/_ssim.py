"""tf.image.ssim and ssim_multiscale: TF's composites (a Gaussian window by depthwise_conv2d,
average-pool downscaling between scales), so their gradients are those of the ops they use."""
from .. import dtypes as _dt
from .._export import export
from ..ops.cast import cast
from ..ops.comparison import greater_equal
from ..ops.conv import depthwise_conv2d
from ..ops.creation import range as _range
from ..ops.debugging import Assert
from ..ops.elementwise import pow as _pow
from ..ops.nn import relu, softmax
from ..ops.pad_slice import pad
from ..ops.pooling import avg_pool
from ..ops.reduction import reduce_all, reduce_mean, reduce_prod
from ..ops.shape_ops import reshape, stack, tile
from ..tensor import convert_to_tensor
from ._color import convert_image_dtype

_MSSSIM_WEIGHTS = (0.0448, 0.2856, 0.3001, 0.2363, 0.1333)


def _compatible(img1, img2):
    s1, s2 = img1._v.shape, img2._v.shape
    for s in (s1, s2):
        if len(s) < 3:
            raise ValueError("Shape %s must have rank at least 3" % (convert_to_tensor(s).shape,))
    if s1[-3:] != s2[-3:]:
        raise ValueError("Shapes %s and %s are incompatible" % (img1.shape[-3:], img2.shape[-3:]))
    for d1, d2 in zip(reversed(s1[:-3]), reversed(s2[:-3])):
        if not (d1 == 1 or d2 == 1 or d1 == d2):
            raise ValueError("Two images are not compatible: %s and %s" % (img1.shape,
                                                                           img2.shape))


def _gaussian_window(size, sigma):
    """TF's _fspecial_gauss: a size x size Gaussian normalised by a softmax, [size, size, 1, 1]."""
    coords = cast(_range(size), sigma.dtype) - cast(size - 1, sigma.dtype) / 2.0
    g = coords * coords * (-0.5 / (sigma * sigma))
    g = reshape(reshape(g, [1, -1]) + reshape(g, [-1, 1]), [1, -1])
    return reshape(softmax(g), [size, size, 1, 1])


def _per_channel(img1, img2, max_val, filter_size, filter_sigma, k1, k2, index_map=False):
    """(SSIM, contrast-structure) per channel (or per pixel and channel with index_map)."""
    sigma = convert_to_tensor(filter_sigma, dtype=img1.dtype)
    size = convert_to_tensor(filter_size, dtype=_dt.int32)
    for img in (img1, img2):
        shape = convert_to_tensor(img._v.shape, dtype=_dt.int32)
        Assert(reduce_all(greater_equal(shape[-3:-1], size)), [shape, size], summarize=8)
    kernel = tile(_gaussian_window(filter_size, sigma), [1, 1, img1._v.shape[-1], 1])

    def reducer(x):
        shape = x._v.shape
        y = depthwise_conv2d(reshape(x, [-1] + list(shape[-3:])), kernel, [1, 1, 1, 1], "VALID")
        return reshape(y, list(shape[:-3]) + list(y._v.shape[1:]))

    c1, c2 = (k1 * max_val) ** 2, (k2 * max_val) ** 2
    mean0, mean1 = reducer(img1), reducer(img2)
    num0 = mean0 * mean1 * 2.0
    den0 = mean0 * mean0 + mean1 * mean1
    luminance = (num0 + c1) / (den0 + c1)
    num1 = reducer(img1 * img2) * 2.0
    den1 = reducer(img1 * img1 + img2 * img2)
    cs = (num1 - num0 + c2) / (den1 - den0 + c2)
    if index_map:
        return luminance * cs, cs
    return reduce_mean(luminance * cs, [-3, -2]), reduce_mean(cs, [-3, -2])


def _as_float(img1, img2, max_val):
    img1, img2 = convert_to_tensor(img1), convert_to_tensor(img2)
    _compatible(img1, img2)
    max_val = convert_image_dtype(cast(max_val, img1.dtype), _dt.float32)
    return convert_image_dtype(img1, _dt.float32), convert_image_dtype(img2, _dt.float32), max_val


@export("image.ssim")
def ssim(img1, img2, max_val, filter_size=11, filter_sigma=1.5, k1=0.01, k2=0.03,
         return_index_map=False):
    """Structural similarity of two image batches (Gaussian window), averaged over channels."""
    img1, img2, max_val = _as_float(img1, img2, max_val)
    value, _ = _per_channel(img1, img2, max_val, filter_size, filter_sigma, k1, k2,
                            return_index_map)
    return reduce_mean(value, [-1])


@export("image.ssim_multiscale")
def ssim_multiscale(img1, img2, max_val, power_factors=_MSSSIM_WEIGHTS, filter_size=11,
                    filter_sigma=1.5, k1=0.01, k2=0.03):
    """Multi-scale SSIM: contrast-structure at each halved scale and SSIM at the last, weighted
    by power_factors, averaged over channels."""
    img1, img2, max_val = _as_float(img1, img2, max_val)
    imgs = [img1, img2]
    heads = [img1._v.shape[:-3], img2._v.shape[:-3]]
    mcs = []
    for k in range(len(power_factors)):
        if k > 0:
            tail = imgs[0]._v.shape[-3:]
            flat = [reshape(x, [-1] + list(x._v.shape[-3:])) for x in imgs]
            remainder = [tail[0] % 2, tail[1] % 2]
            if any(remainder):
                flat = [pad(x, [[0, 0], [0, remainder[0]], [0, remainder[1]], [0, 0]],
                            mode="SYMMETRIC") for x in flat]
            small = [avg_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "VALID") for x in flat]
            imgs = [reshape(x, list(h) + list(x._v.shape[1:])) for x, h in zip(small, heads)]
        value, cs = _per_channel(imgs[0], imgs[1], max_val, filter_size, filter_sigma, k1, k2)
        mcs.append(relu(cs))
    mcs.pop()  # the last scale contributes its SSIM instead of its contrast-structure
    weighted = _pow(stack(mcs + [relu(value)], axis=-1), convert_to_tensor(power_factors))
    return reduce_mean(reduce_prod(weighted, [-1]), [-1])
