"""tf.image's geometry: flips, rot90, transpose, crops and pads to a bounding box, central_crop,
resize_with_crop_or_pad, the random flips and total_variation -- composites over reverse,
transpose, slice and pad (their gradients are those ops'), with TF's static-shape errors."""
from .._export import export
from ..graph.control_flow import cond
from ..ops._args import _host
from ..ops.cast import cast
from ..ops.comparison import less
from ..ops.elementwise import abs as _abs, round as _round
from ..ops.pad_slice import pad, reverse, slice as _slice
from ..ops.random import uniform, stateless_uniform
from ..ops.reduction import reduce_sum
from ..ops.shape_query import shape as tf_shape
from ..ops.shape_ops import expand_dims, reshape, squeeze, transpose as _transpose
from ..tensor import Tensor, convert_to_tensor


def _int(v):
    return int(_host(v)) if isinstance(v, Tensor) else int(v)


def _at_least_3d(image):
    shape = image._v.shape
    if len(shape) < 3:
        raise ValueError("'image' (shape %s) must be at least three-dimensional." % (image.shape,))
    if 0 in shape[-3:]:
        raise ValueError("inner 3 dims of 'image.shape' must be > 0: %s" % (image.shape,))


def _flip(image, axis, sep=""):
    image = convert_to_tensor(image)
    _at_least_3d(image)
    rank = image._v.ndim
    if rank not in (3, 4):
        raise ValueError("'image' (shape %s)%smust have either 3 or 4 dimensions." % (
            image.shape, sep))
    return reverse(image, [axis + rank - 3])


@export("image.flip_left_right")
def flip_left_right(image):
    """Mirrors [batch,] height, width, channels images along the width axis."""
    return _flip(image, 1)


@export("image.flip_up_down")
def flip_up_down(image):
    """Mirrors [batch,] height, width, channels images along the height axis."""
    return _flip(image, 0)


def _random_flip(image, axis, draw):
    image = convert_to_tensor(image)
    _at_least_3d(image)
    rank = image._v.ndim
    if rank == 3:
        return cond(less(draw([]), 0.5), lambda: reverse(image, [axis]), lambda: image)
    if rank == 4:
        batch = image.shape[0]  # an unknown batch: its size when the graph runs
        flips = cast(_round(reshape(draw([tf_shape(image)[0] if batch is None else batch]),
                                    [-1, 1, 1, 1])), image.dtype)
        return flips * reverse(image, [axis + 1]) + (1 - flips) * image
    raise ValueError("'image' (shape %s) must have either 3 or 4 dimensions." % (image.shape,))


@export("image.random_flip_left_right")
def random_flip_left_right(image, seed=None):
    """Mirrors each image along the width axis with probability 1/2."""
    return _random_flip(image, 1, lambda shape: uniform(shape, 0, 1.0, seed=seed))


@export("image.random_flip_up_down")
def random_flip_up_down(image, seed=None):
    """Mirrors each image along the height axis with probability 1/2."""
    return _random_flip(image, 0, lambda shape: uniform(shape, 0, 1.0, seed=seed))


@export("image.stateless_random_flip_left_right")
def stateless_random_flip_left_right(image, seed):
    """Mirrors each image along the width axis with probability 1/2, drawn from ``seed``."""
    return _random_flip(image, 1, lambda shape: stateless_uniform(shape, seed, 0, 1.0))


@export("image.stateless_random_flip_up_down")
def stateless_random_flip_up_down(image, seed):
    """Mirrors each image along the height axis with probability 1/2, drawn from ``seed``."""
    return _random_flip(image, 0, lambda shape: stateless_uniform(shape, seed, 0, 1.0))


def _rank34(image):
    image = convert_to_tensor(image)
    _at_least_3d(image)
    if image._v.ndim not in (3, 4):
        raise ValueError("'image' (shape %s) must have either 3 or 4 dimensions." % (image.shape,))
    return image


@export("image.rot90")
def rot90(image, k=1, name=None):
    """Rotates [batch,] height, width, channels images by k * 90 degrees counter-clockwise."""
    image = _rank34(image)
    k = convert_to_tensor(k, dtype="int32")
    if k._v.ndim:
        raise ValueError("Shape %s must have rank 0" % (k.shape,))
    k = int(_host(k)) % 4
    h = image._v.ndim - 3  # the height axis
    perm = list(range(image._v.ndim))
    perm[h], perm[h + 1] = h + 1, h
    if k == 1:
        return _transpose(reverse(image, [h + 1]), perm)
    if k == 2:
        return reverse(image, [h, h + 1])
    if k == 3:
        return reverse(_transpose(image, perm), [h + 1])
    return image


@export("image.transpose")
def transpose(image, name=None):
    """Swaps the height and width axes of [batch,] height, width, channels images."""
    image = _rank34(image)
    return _transpose(image, [1, 0, 2] if image._v.ndim == 3 else [0, 2, 1, 3])


def _batched(image):
    image = convert_to_tensor(image)
    rank = image._v.ndim
    if rank not in (3, 4):
        raise ValueError("'image' (shape %s) must have either 3 or 4 dimensions." % (image.shape,))
    return (image, False) if rank == 4 else (expand_dims(image, 0), True)


@export("image.pad_to_bounding_box")
def pad_to_bounding_box(image, offset_height, offset_width, target_height, target_width):
    """Zero-pads images to target_height x target_width, the image at (offset_height,
    offset_width)."""
    image, single = _batched(image)
    oh, ow, th, tw = map(_int, (offset_height, offset_width, target_height, target_width))
    _at_least_3d(image)
    _, height, width, _ = image._v.shape
    for bad, msg in ((oh < 0, "offset_height must be >= 0"), (ow < 0, "offset_width must be >= 0"),
                     (tw - ow - width < 0, "width must be <= target - offset"),
                     (th - oh - height < 0, "height must be <= target - offset")):
        if bad:
            raise ValueError(msg)
    out = pad(image, [[0, 0], [oh, th - oh - height], [ow, tw - ow - width], [0, 0]])
    return squeeze(out, axis=[0]) if single else out


@export("image.crop_to_bounding_box")
def crop_to_bounding_box(image, offset_height, offset_width, target_height, target_width):
    """The target_height x target_width window at (offset_height, offset_width) of each image."""
    image, single = _batched(image)
    oh, ow, th, tw = map(_int, (offset_height, offset_width, target_height, target_width))
    _at_least_3d(image)
    _, height, width, _ = image._v.shape
    for bad, msg in ((ow < 0, "offset_width must be >= 0."),
                     (oh < 0, "offset_height must be >= 0."),
                     (tw <= 0, "target_width must be > 0."),
                     (th <= 0, "target_height must be > 0."),
                     (width < tw + ow, "width must be >= target + offset."),
                     (height < th + oh, "height must be >= target + offset.")):
        if bad:
            raise ValueError(msg)
    out = _slice(image, [0, oh, ow, 0], [-1, th, tw, -1])
    return squeeze(out, axis=[0]) if single else out


@export("image.resize_with_crop_or_pad")
def resize_with_crop_or_pad(image, target_height, target_width):
    """Centrally crops or zero-pads images to target_height x target_width."""
    image, single = _batched(image)
    th, tw = _int(target_height), _int(target_width)
    _at_least_3d(image)
    if tw <= 0:
        raise ValueError("target_width must be > 0.")
    if th <= 0:
        raise ValueError("target_height must be > 0.")
    _, height, width, _ = image._v.shape
    dw, dh = tw - width, th - height
    cropped = crop_to_bounding_box(image, max(-dh // 2, 0), max(-dw // 2, 0), min(th, height),
                                   min(tw, width))
    out = pad_to_bounding_box(cropped, max(dh // 2, 0), max(dw // 2, 0), th, tw)
    return squeeze(out, axis=[0]) if single else out


@export("image.central_crop")
def central_crop(image, central_fraction):
    """The central central_fraction of each image's height and width."""
    image = convert_to_tensor(image)
    fraction = float(_host(central_fraction)) if isinstance(central_fraction, Tensor) else \
        float(central_fraction)
    if fraction <= 0.0 or fraction > 1.0:
        raise ValueError("central_fraction must be within (0, 1]")
    if fraction == 1.0:
        return image
    _at_least_3d(image)
    rank = image._v.ndim
    if rank not in (3, 4):
        raise ValueError("`image` should either be a Tensor with rank = 3 or rank = 4. Had rank "
                         "= {}.".format(rank))
    h, w = image._v.shape[rank - 3:rank - 1]
    top = int((float(h) - float(h) * fraction) / 2)
    left = int((float(w) - float(w) * fraction) / 2)
    begin = [top, left, 0] if rank == 3 else [0, top, left, 0]
    size = [h - 2 * top, w - 2 * left, -1] if rank == 3 else [-1, h - 2 * top, w - 2 * left, -1]
    return _slice(image, begin, size)


@export("image.total_variation")
def total_variation(images, name=None):
    """The sum of absolute differences of neighbouring pixels (per image for a batch)."""
    images = convert_to_tensor(images)
    rank = images._v.ndim
    if rank == 3:
        d1 = images[1:, :, :] - images[:-1, :, :]
        d2 = images[:, 1:, :] - images[:, :-1, :]
        axis = None
    elif rank == 4:
        d1 = images[:, 1:, :, :] - images[:, :-1, :, :]
        d2 = images[:, :, 1:, :] - images[:, :, :-1, :]
        axis = [1, 2, 3]
    else:
        raise ValueError("'images' must be either 3 or 4-dimensional.")
    return reduce_sum(_abs(d1), axis=axis) + reduce_sum(_abs(d2), axis=axis)

