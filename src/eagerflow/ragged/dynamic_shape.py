"""The shape of a RaggedTensor as tf.shape returns it (TF's DynamicRaggedShape): the row lengths of
each ragged dimension and the uniform inner shape; tf.reshape / tf.zeros / tf.ones / tf.fill take
it and give RaggedTensors."""
import numpy as np

from .. import dtypes as _dt
from ..tensor import convert_to_tensor
from ..ops.shape_ops import reshape as _reshape
from ..ops.creation import fill as _fill
from .ragged_tensor import RaggedTensor, _wrap_ints


class DynamicRaggedShape:
    """Row partitions (one splits vector per ragged dimension, outermost first) and the inner
    shape of the flat values."""

    __slots__ = ("_splits", "_inner", "_dtype")

    def __init__(self, splits, inner, dtype=_dt.int32):
        self._splits = [np.asarray(s, np.int64) for s in splits]
        self._inner = [int(d) for d in inner]
        self._dtype = _dt.as_dtype(dtype)

    @classmethod
    def from_tensor(cls, rt, dtype=_dt.int32):
        """The shape of a RaggedTensor."""
        splits = [s._v for s in rt.nested_row_splits]
        return cls(splits, [int(d) for d in rt.flat_values._v.shape], dtype)

    @property
    def dtype(self):
        return self._dtype

    @property
    def rank(self):
        return len(self._splits) + len(self._inner)

    @property
    def num_row_partitions(self):
        return len(self._splits)

    def _lengths(self):
        if not self._splits:
            return list(self._inner)
        out = [len(self._splits[0]) - 1]
        out.extend(tuple(np.diff(s).tolist()) for s in self._splits)
        return out + self._inner[1:]

    def __repr__(self):
        parts = []
        for d in self._lengths():
            parts.append("(%s)" % ", ".join(str(v) for v in d) if isinstance(d, tuple) else str(d))
        return "<DynamicRaggedShape lengths=[%s] num_row_partitions=%d>" % (
            ", ".join(parts), len(self._splits))

    def __getitem__(self, key):
        lengths = self._lengths()
        if isinstance(key, slice):
            start, stop, step = key.indices(self.rank)
            if start != 0 or step != 1:
                raise ValueError("Slicing a DynamicRaggedShape must start at 0 with step 1")
            keep = lengths[:stop]
            n = sum(isinstance(d, tuple) for d in keep)  # the ragged dimensions kept
            if n == 0:
                return DynamicRaggedShape([], keep, self._dtype)
            values = int(self._splits[n - 1][-1])
            return DynamicRaggedShape(self._splits[:n], [values] + keep[n + 1:], self._dtype)
        k = int(key)
        d = lengths[k]
        if isinstance(d, tuple):
            raise ValueError("Index %d is not uniform" % k)
        return _wrap_ints(d, self._dtype)

    def _as_ragged(self, flat):
        """flat values (shaped as the inner shape) cut by the row partitions."""
        out = flat
        for s in reversed(self._splits):
            out = RaggedTensor._make(out, _wrap_ints(s, _dt.int64))
        return out


_TYPES = (RaggedTensor, DynamicRaggedShape)


def shape(input, out_type=None, name=None):
    """tf.shape of a RaggedTensor."""
    return DynamicRaggedShape.from_tensor(input, out_type if out_type is not None else _dt.int32)


def reshape(tensor, shape, name=None):
    """tf.reshape onto a DynamicRaggedShape: the values in row-major order, cut into its rows."""
    if isinstance(tensor, RaggedTensor):
        tensor = tensor.flat_values
    if not isinstance(shape, DynamicRaggedShape):
        raise TypeError("tf.reshape of a RaggedTensor needs a DynamicRaggedShape")
    return shape._as_ragged(_reshape(convert_to_tensor(tensor), shape._inner))


def fill(dims, value, name=None, layout=None):
    return dims._as_ragged(_fill(dims._inner, value))


def zeros(shape, dtype=_dt.float32, name=None, layout=None):
    d = _dt.as_dtype(dtype)
    return shape._as_ragged(convert_to_tensor(np.zeros(shape._inner, d.as_numpy_dtype)))


def ones(shape, dtype=_dt.float32, name=None, layout=None):
    d = _dt.as_dtype(dtype)
    return shape._as_ragged(convert_to_tensor(np.ones(shape._inner, d.as_numpy_dtype)))


OVERRIDES = {"shape": shape, "reshape": reshape, "fill": fill, "zeros": zeros, "ones": ones}
