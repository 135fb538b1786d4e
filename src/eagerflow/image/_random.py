"""tf.image's random augmentations: random_brightness / contrast / saturation / hue and random_crop,
each with its stateless_ form. As in TF, each draws its parameters with tf.random.uniform (or
stateless_uniform) and calls the matching adjust_* or slice, so seeded draws follow TF's streams."""
from .. import dtypes as _dt
from .._export import export
from ..ops.comparison import greater_equal
from ..ops.debugging import Assert
from ..ops.elementwise import floormod
from ..ops.pad_slice import slice as _slice
from ..ops.random import uniform, stateless_uniform
from ..ops.reduction import reduce_all
from ..ops.shape_query import shape as tf_shape
from ..tensor import convert_to_tensor
from ._color import adjust_brightness, adjust_contrast, adjust_hue, adjust_saturation


def _symmetric(max_delta):
    if max_delta < 0:
        raise ValueError("max_delta must be non-negative.")


def _range(lower, upper):
    if upper <= lower:
        raise ValueError("upper must be > lower.")
    if lower < 0:
        raise ValueError("lower must be non-negative.")


def _hue_delta(max_delta):
    if max_delta > 0.5:
        raise ValueError("max_delta must be <= 0.5.")
    _symmetric(max_delta)


@export("image.random_brightness")
def random_brightness(image, max_delta, seed=None):
    """adjust_brightness by a delta drawn uniformly from [-max_delta, max_delta)."""
    _symmetric(max_delta)
    return adjust_brightness(image, uniform([], -max_delta, max_delta, seed=seed))


@export("image.stateless_random_brightness")
def stateless_random_brightness(image, max_delta, seed):
    """adjust_brightness by a delta drawn from ``seed`` in [-max_delta, max_delta)."""
    _symmetric(max_delta)
    return adjust_brightness(image, stateless_uniform([], seed, -max_delta, max_delta))


@export("image.random_contrast")
def random_contrast(image, lower, upper, seed=None):
    """adjust_contrast by a factor drawn uniformly from [lower, upper)."""
    _range(lower, upper)
    return adjust_contrast(image, uniform([], lower, upper, seed=seed))


@export("image.stateless_random_contrast")
def stateless_random_contrast(image, lower, upper, seed):
    """adjust_contrast by a factor drawn from ``seed`` in [lower, upper)."""
    _range(lower, upper)
    return adjust_contrast(image, stateless_uniform([], seed, lower, upper))


@export("image.random_saturation")
def random_saturation(image, lower, upper, seed=None):
    """adjust_saturation by a factor drawn uniformly from [lower, upper)."""
    _range(lower, upper)
    return adjust_saturation(image, uniform([], lower, upper, seed=seed))


@export("image.stateless_random_saturation")
def stateless_random_saturation(image, lower, upper, seed=None):
    """adjust_saturation by a factor drawn from ``seed`` in [lower, upper)."""
    _range(lower, upper)
    return adjust_saturation(image, stateless_uniform([], seed, lower, upper))


@export("image.random_hue")
def random_hue(image, max_delta, seed=None):
    """adjust_hue by a delta drawn uniformly from [-max_delta, max_delta), max_delta <= 0.5."""
    _hue_delta(max_delta)
    return adjust_hue(image, uniform([], -max_delta, max_delta, seed=seed))


@export("image.stateless_random_hue")
def stateless_random_hue(image, max_delta, seed):
    """adjust_hue by a delta drawn from ``seed`` in [-max_delta, max_delta)."""
    _hue_delta(max_delta)
    return adjust_hue(image, stateless_uniform([], seed, -max_delta, max_delta))


def _crop(value, size, draw):
    value = convert_to_tensor(value)
    size = convert_to_tensor(size, dtype=_dt.int32)
    shape = tf_shape(value)
    Assert(reduce_all(greater_equal(shape, size)), ["Need value.shape >= size, got ", shape, size],
           summarize=1000)
    offset = floormod(draw([value._v.ndim]), shape - size + 1)
    return _slice(value, offset, size)


@export("image.random_crop")
def random_crop(value, size, seed=None, name=None):
    """A size-shaped slice of value at a uniformly drawn offset."""
    return _crop(value, size, lambda shape: uniform(shape, maxval=_dt.int32.max,
                                                     dtype=_dt.int32, seed=seed))


@export("image.stateless_random_crop")
def stateless_random_crop(value, size, seed, name=None):
    """A size-shaped slice of value at an offset drawn from ``seed``."""
    return _crop(value, size, lambda shape: stateless_uniform(shape, seed, maxval=_dt.int32.max,
                                                               dtype=_dt.int32))
