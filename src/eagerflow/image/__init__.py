"""tf.image: resizing (TF's kernels as primitives with their gradient kernels: _resize.py,
_scale_translate.py, _crop_resize.py; the public function, _resize_api.py) and box selection
(non-max suppression kernels, _boxes.py); geometry (_geometry.py), pixel values (_color.py),
random augmentations (_random.py), filters and patches (_filters.py) and SSIM (_ssim.py) as
composites over public ops. Loaded on first use of ``tf.image`` (eagerflow/_lazy.py)."""
from . import _resize_api, _crop_resize, _geometry, _color, _random, _filters  # noqa: F401
from . import _boxes, _ssim  # noqa: F401
from .._export import fill as _fill

_fill(globals(), "image")

from .. import _lazy  # noqa: E402
_lazy.bind("image")  # tf.image is the real module from now on
