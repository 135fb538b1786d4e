"""tf.ragged.row_splits_to_segment_ids and segment_ids_to_row_splits."""
import numpy as np

from .. import dtypes as _dt
from ..tensor import convert_to_tensor
from .ragged_tensor import _rowids, _wrap_ints


def row_splits_to_segment_ids(splits, name=None, out_type=None):
    """The segment (row) id of each value, from row splits."""
    s = convert_to_tensor(splits, dtype_hint=_dt.int64)
    if s._v.ndim != 1:
        raise ValueError("splits must be a vector")
    dt = _dt.as_dtype(out_type) if out_type is not None else s.dtype
    return _wrap_ints(_rowids(s._v), dt)


def segment_ids_to_row_splits(segment_ids, num_segments=None, out_type=None, name=None):
    """Row splits from sorted segment ids."""
    ids = convert_to_tensor(segment_ids, dtype_hint=_dt.int64)
    v = ids._v
    n = int(convert_to_tensor(num_segments)._v) if num_segments is not None else (
        int(v.max()) + 1 if v.size else 0)
    counts = np.bincount(v, minlength=n)[:n] if v.size else np.zeros(n, np.int64)
    dt = _dt.as_dtype(out_type) if out_type is not None else _dt.int64
    return _wrap_ints(np.concatenate([[0], np.cumsum(counts)]), dt)
