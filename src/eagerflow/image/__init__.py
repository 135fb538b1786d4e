"""tf.image: resizing (TF's kernels as primitives with their gradient kernels, _resize.py), geometry
(_geometry.py), pixel values (_color.py) and random augmentations (_random.py), the last three
composites over public ops. Loaded on first use of ``tf.image`` (eagerflow/_lazy.py)."""
from . import _resize, _geometry, _color, _random  # noqa: F401  (their exports fill it)
from .._export import fill as _fill

_fill(globals(), "image")

from .. import _lazy  # noqa: E402
_lazy.bind("image")  # tf.image is the real module from now on
