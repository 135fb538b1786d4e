"""tf.image: resizing (TF's kernels as primitives with their gradient kernels, _resize.py), geometry
(_geometry.py) and pixel values (_color.py), the last two composites over public ops. Loaded on
first use of ``tf.image`` (eagerflow/_lazy.py)."""
from . import _resize, _geometry, _color  # noqa: F401  (their export declarations fill the namespace)
from .._export import fill as _fill

_fill(globals(), "image")

from .. import _lazy  # noqa: E402
_lazy.bind("image")  # tf.image is the real module from now on
