"""tf.ragged: RaggedTensor, its constructors and ops (TF's public names). Loaded on first use of
``tf.ragged``, ``tf.RaggedTensor`` or ``tf.RaggedTensorSpec`` (eagerflow/__init__.py's _LAZY)."""
from .ragged_tensor import RaggedTensor
from . import convert as _convert, indexing as _indexing, elementwise as _elementwise  # noqa: F401
from .spec import RaggedTensorSpec
from .constant import constant, ragged_range as range  # noqa: A001 (TF's name)
from .array_ops import map_flat_values, boolean_mask, ragged_stack as stack
from .segments import row_splits_to_segment_ids, segment_ids_to_row_splits
from . import api as _api

_api.install()

__all__ = ["RaggedTensor", "RaggedTensorSpec", "constant", "range", "map_flat_values",
           "boolean_mask", "stack", "row_splits_to_segment_ids", "segment_ids_to_row_splits"]


def __dir__():
    return sorted(__all__)

from .. import _lazy  # noqa: E402
_lazy.bind("ragged")  # tf.ragged and the names it declares at the top level are real from now on
