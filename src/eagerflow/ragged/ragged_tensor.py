"""tf.RaggedTensor: a tensor whose rows have different lengths, held as TF holds it — ``values`` (a
Tensor, or a RaggedTensor for more ragged dimensions) cut into rows by ``row_splits`` (an int64 or
int32 Tensor: row i is ``values[row_splits[i]:row_splits[i + 1]]``). All components are ordinary
eagerflow Tensors, so ops on the flat values record on tapes and carry gradients.

This module owns the class: the factory methods, the partition queries and the properties.
Conversions, printing, indexing and the ops are in the sibling modules."""
import numpy as np

from .. import dtypes as _dt
from ..errors import InvalidArgumentError
from ..tensor import Tensor, convert_to_tensor, wrap
from ..tensor_shape import TensorShape
from ..engine.primitive import COMPOSITES

_SPLIT_TYPES = (_dt.int32, _dt.int64)


def _wrap_ints(a, dtype):
    """An int ndarray -> a Tensor of the row-partition dtype."""
    return convert_to_tensor(np.asarray(a, dtype=dtype.as_numpy_dtype))


def _partition(x, dtype_hint, what):
    """A row-partition argument -> an int32/int64 Tensor."""
    if isinstance(x, RaggedTensor):
        raise TypeError("%s must be a Tensor, not a RaggedTensor" % what)
    t = convert_to_tensor(x, dtype_hint=dtype_hint or _dt.int64)
    if t.dtype not in _SPLIT_TYPES:
        raise ValueError("%s must have dtype int32 or int64, got %s" % (what, t.dtype.name))
    return t


def _values(x):
    return x if isinstance(x, RaggedTensor) else convert_to_tensor(x)


def _invalid(factory, condition, x, y):
    """TF's message when row partitions fail validation (an assert_equal's text)."""
    x, y = np.atleast_1d(x), np.atleast_1d(y)
    return InvalidArgumentError(None, None, (
        "Arguments to %s do not form a valid RaggedTensor%s\nCondition x == y did not hold.\n"
        "First %d elements of x:\n%s\nFirst %d elements of y:\n%s") % (
            factory, condition, min(len(x), 3), x[:3], min(len(y), 3), y[:3]))


def _check_splits(factory, splits, nvals):
    s = splits._v
    if s.ndim != 1 or s.shape[0] == 0:
        raise ValueError("row_splits must have rank 1 and at least one element")
    if s[0] != 0:
        raise _invalid(factory, ":zero", s[:1], np.zeros(1, s.dtype))
    if (s[1:] < s[:-1]).any():
        d = np.diff(s)
        raise InvalidArgumentError(None, None, (
            "Arguments to %s do not form a valid RaggedTensor:monotonic.  \nCondition x >= 0 did "
            "not hold element-wise:\nx (shape=%s dtype=%s) = \n%s") % (
                factory, (d.shape[0],), splits.dtype.name, [str(v) for v in d[:3].tolist()]))
    if s[-1] != nvals:
        raise _invalid("_from_row_partition", "", s[-1:], np.array([nvals]))


class RaggedTensor:
    """Represents a ragged tensor (rows of different lengths)."""

    __slots__ = ("_values", "_row_splits", "_uniform", "__weakref__")

    def __init__(self, values=None, row_partition=None, internal=False):
        if not internal:
            raise ValueError("RaggedTensor constructor is private; please use one of the factory "
                             "methods instead (e.g., RaggedTensor.from_row_lengths())")
        self._values = values
        self._row_splits = row_partition
        self._uniform = None

    @classmethod
    def _make(cls, values, splits, uniform=None):
        """A RaggedTensor from checked parts (no validation)."""
        rt = cls.__new__(cls)
        rt._values = values
        rt._row_splits = splits
        rt._uniform = uniform
        return rt

    # -- factory methods -------------------------------------------------------------------------
    @classmethod
    def from_row_splits(cls, values, row_splits, name=None, validate=True):
        """Rows ``values[row_splits[i]:row_splits[i + 1]]``."""
        values = _values(values)
        splits = _partition(row_splits, _splits_dtype_of(values), "row_splits")
        _match_splits_dtype(values, splits)
        if validate:
            _check_splits("from_row_splits", splits, _nvals(values))
        return cls._make(values, splits)

    @classmethod
    def from_row_lengths(cls, values, row_lengths, name=None, validate=True):
        """Rows of the given lengths, in order."""
        values = _values(values)
        lengths = _partition(row_lengths, _splits_dtype_of(values), "row_lengths")
        if validate and (lengths._v < 0).any():
            raise InvalidArgumentError(None, None, "Arguments to from_row_lengths do not form a "
                                       "valid RaggedTensor:negative row lengths")
        splits = np.concatenate([[0], np.cumsum(lengths._v)]).astype(lengths._v.dtype)
        return cls._checked("from_row_lengths", values, _wrap_ints(splits, lengths.dtype), validate)

    @classmethod
    def from_row_starts(cls, values, row_starts, name=None, validate=True):
        """Rows starting at ``row_starts`` (the last row runs to the end of values)."""
        values = _values(values)
        starts = _partition(row_starts, _splits_dtype_of(values), "row_starts")
        splits = np.concatenate([starts._v, [_nvals(values)]]).astype(starts._v.dtype)
        return cls._checked("from_row_starts", values, _wrap_ints(splits, starts.dtype), validate)

    @classmethod
    def from_row_limits(cls, values, row_limits, name=None, validate=True):
        """Rows ending at ``row_limits`` (the first row starts at 0)."""
        values = _values(values)
        limits = _partition(row_limits, _splits_dtype_of(values), "row_limits")
        splits = np.concatenate([[0], limits._v]).astype(limits._v.dtype)
        return cls._checked("from_row_limits", values, _wrap_ints(splits, limits.dtype), validate)

    @classmethod
    def from_value_rowids(cls, values, value_rowids, nrows=None, name=None, validate=True):
        """Value i goes to row ``value_rowids[i]`` (sorted); ``nrows`` adds empty rows at the end."""
        values = _values(values)
        ids = _partition(value_rowids, _splits_dtype_of(values), "value_rowids")
        v = ids._v
        if validate and v.size and ((np.diff(v) < 0).any() or v[0] < 0):
            raise InvalidArgumentError(None, None, "Arguments to from_value_rowids do not form a "
                                       "valid RaggedTensor:value_rowids must be sorted and >= 0")
        n = int(v[-1]) + 1 if v.size else 0
        if nrows is not None:
            nrows = int(convert_to_tensor(nrows)._v)
            if validate and nrows < n:
                raise InvalidArgumentError(None, None, "Arguments to from_value_rowids do not "
                                           "form a valid RaggedTensor:nrows must be greater than "
                                           "value_rowids[-1]")
            n = nrows
        counts = np.bincount(v, minlength=n)[:n] if v.size else np.zeros(n, np.int64)
        splits = np.concatenate([[0], np.cumsum(counts)]).astype(v.dtype)
        return cls._checked("from_value_rowids", values, _wrap_ints(splits, ids.dtype), validate)

    @classmethod
    def from_uniform_row_length(cls, values, uniform_row_length, nrows=None, validate=True,
                                name=None):
        """Rows all of length ``uniform_row_length`` (the dimension is uniform, not ragged)."""
        values = _values(values)
        length = _partition(uniform_row_length, _splits_dtype_of(values), "uniform_row_length")
        w = int(length._v)
        nvals = _nvals(values)
        n = int(convert_to_tensor(nrows)._v) if nrows is not None else (nvals // w if w else 0)
        if validate and w * n != nvals:
            raise _invalid("from_uniform_row_length", "", np.array([w * n]), np.array([nvals]))
        splits = np.arange(n + 1, dtype=length._v.dtype) * w
        return cls._make(values, _wrap_ints(splits, length.dtype), length)

    @classmethod
    def from_nested_row_splits(cls, flat_values, nested_row_splits, name=None, validate=True):
        """One ragged dimension per splits vector, outermost first."""
        if isinstance(nested_row_splits, (Tensor, np.ndarray)):
            raise TypeError("nested_row_splits must be a list of Tensors")
        result = flat_values
        for splits in reversed(list(nested_row_splits)):
            result = cls.from_row_splits(result, splits, validate=validate)
        return result

    @classmethod
    def from_nested_row_lengths(cls, flat_values, nested_row_lengths, name=None, validate=True):
        """One ragged dimension per row-lengths vector, outermost first."""
        result = flat_values
        for lengths in reversed(list(nested_row_lengths)):
            result = cls.from_row_lengths(result, lengths, validate=validate)
        return result

    @classmethod
    def from_nested_value_rowids(cls, flat_values, nested_value_rowids, nested_nrows=None,
                                 name=None, validate=True):
        """One ragged dimension per value-rowids vector, outermost first."""
        ids = list(nested_value_rowids)
        nrows = list(nested_nrows) if nested_nrows is not None else [None] * len(ids)
        result = flat_values
        for v, n in reversed(list(zip(ids, nrows))):
            result = cls.from_value_rowids(result, v, n, validate=validate)
        return result

    @classmethod
    def _checked(cls, factory, values, splits, validate):
        _match_splits_dtype(values, splits)
        if validate:
            _check_splits(factory, splits, _nvals(values))
        return cls._make(values, splits)

    # -- components ------------------------------------------------------------------------------
    @property
    def values(self):
        """The concatenated rows (a Tensor, or a RaggedTensor when ragged_rank > 1)."""
        return self._values

    @property
    def flat_values(self):
        """The innermost values: a Tensor."""
        v = self._values
        while isinstance(v, RaggedTensor):
            v = v._values
        return v

    @property
    def row_splits(self):
        """The row-split indices of the outermost ragged dimension."""
        return self._row_splits

    @property
    def nested_row_splits(self):
        """The row splits of every ragged dimension, outermost first."""
        out, rt = [], self
        while isinstance(rt, RaggedTensor):
            out.append(rt._row_splits)
            rt = rt._values
        return tuple(out)

    @property
    def uniform_row_length(self):
        """The length of every row when the dimension is uniform, else None."""
        return self._uniform

    @property
    def dtype(self):
        return self.flat_values.dtype

    @property
    def row_splits_dtype(self):
        return self._row_splits.dtype

    @property
    def ragged_rank(self):
        """The number of partitioned dimensions."""
        v = self._values
        return 1 + v.ragged_rank if isinstance(v, RaggedTensor) else 1

    @property
    def shape(self):
        """The static shape: ragged dimensions are None."""
        inner = self._values.shape.as_list()[1:]
        uniform = None if self._uniform is None else int(self._uniform._v)
        return TensorShape([self._nrows(), uniform] + inner)

    def get_shape(self):
        return self.shape

    @property
    def ndim(self):
        return self.shape.rank

    # -- partition queries -----------------------------------------------------------------------
    def _nrows(self):
        return int(self._row_splits._v.shape[0]) - 1

    def _lengths(self):
        s = self._row_splits._v
        return s[1:] - s[:-1]

    def nrows(self, out_type=None, name=None):
        """The number of rows (a scalar Tensor)."""
        dt = _dt.as_dtype(out_type) if out_type is not None else self._row_splits.dtype
        return _wrap_ints(self._nrows(), dt)

    def row_lengths(self, axis=1, name=None):
        """The length of each row (axis 1), or of each sub-row further in (a RaggedTensor)."""
        if axis < 0:
            axis += self.shape.rank
        if axis == 0:
            raise ValueError("axis=0 is not supported by row_lengths")
        if axis == 1:
            return wrap(self._lengths())  # a fresh array of the splits' dtype
        if isinstance(self._values, RaggedTensor):
            return self.with_values(self._values.row_lengths(axis - 1))
        shape = self._values.shape.as_list()
        return self.with_values(_wrap_ints(np.full(shape[0], shape[axis - 1]),
                                           self._row_splits.dtype))

    def row_starts(self, name=None):
        return _wrap_ints(self._row_splits._v[:-1], self._row_splits.dtype)

    def row_limits(self, name=None):
        return _wrap_ints(self._row_splits._v[1:], self._row_splits.dtype)

    def value_rowids(self, name=None):
        """The row index of each value."""
        return _wrap_ints(_rowids(self._row_splits._v), self._row_splits.dtype)

    def nested_row_lengths(self, name=None):
        return tuple(_wrap_ints(np.diff(s._v), s.dtype) for s in self.nested_row_splits)

    def nested_value_rowids(self, name=None):
        return tuple(_wrap_ints(_rowids(s._v), s.dtype) for s in self.nested_row_splits)

    def bounding_shape(self, axis=None, name=None, out_type=None):
        """The smallest dense shape that holds every row."""
        dt = _dt.as_dtype(out_type) if out_type is not None else self._row_splits.dtype
        dims = bounding_dims(self)
        if axis is not None:
            return _wrap_ints(np.asarray(dims)[axis], dt)
        return _wrap_ints(dims, dt)

    # -- new tensors with the same partitions ----------------------------------------------------
    def with_values(self, new_values):
        """The same outermost partition over new values."""
        new_values = _values(new_values)
        return RaggedTensor._make(new_values, self._row_splits, self._uniform)

    def with_flat_values(self, new_values):
        """The same nested partitions over new flat values."""
        if isinstance(self._values, RaggedTensor):
            return self.with_values(self._values.with_flat_values(new_values))
        return self.with_values(new_values)

    def with_row_splits_dtype(self, dtype):
        dtype = _dt.as_dtype(dtype)
        values = self._values
        if isinstance(values, RaggedTensor):
            values = values.with_row_splits_dtype(dtype)
        uniform = None if self._uniform is None else _wrap_ints(self._uniform._v, dtype)
        return RaggedTensor._make(values, _wrap_ints(self._row_splits._v, dtype), uniform)

    def merge_dims(self, outer_axis, inner_axis):
        """Merges dimensions outer_axis..inner_axis into one."""
        rank = self.shape.rank
        outer = outer_axis + rank if outer_axis < 0 else outer_axis
        inner = inner_axis + rank if inner_axis < 0 else inner_axis
        if not 0 <= outer <= inner < rank:
            raise ValueError("Expected outer_axis (%d) to be less than or equal to inner_axis (%d)"
                             % (outer_axis, inner_axis))
        if outer == inner:
            return self
        if outer > 0:
            return self.with_values(_merge(self._values, outer - 1, inner - 1))
        # merging the outermost dimension into the next: drop this partition
        v = self._values
        if not isinstance(v, RaggedTensor):
            shape = v.shape.as_list()
            from ..ops.shape_ops import reshape
            return reshape(v, [-1] + shape[inner - 1 + 1:]) if inner > 1 else v
        return _merge(v, 0, inner - 1)

    # -- Python protocol -------------------------------------------------------------------------
    def __len__(self):
        raise TypeError("object of type 'RaggedTensor' has no len()")

    def __bool__(self):
        raise TypeError("RaggedTensor may not be used as a boolean.")

    def __hash__(self):
        raise TypeError("RaggedTensor is unhashable.")

    def __tf_tensor__(self, dtype=None, name=None):
        # convert_to_tensor's protocol: a RaggedTensor has no dense form (TF's message)
        raise ValueError("TypeError: object of type 'RaggedTensor' has no len()\n")

    def __iter__(self):
        for i in range(self._nrows()):
            yield self[i]

    def consumers(self):
        return []

COMPOSITES.add(RaggedTensor)  # the engine's hook, __tf_dispatch__, is set in elementwise.py


def _merge(x, outer, inner):
    if isinstance(x, RaggedTensor):
        return x.merge_dims(outer, inner)
    from ..ops.shape_ops import reshape
    shape = x.shape.as_list()
    return reshape(x, shape[:outer] + [-1] + shape[inner + 1:])


def _nvals(values):
    if isinstance(values, RaggedTensor):
        return values._nrows()
    if values._v.ndim == 0:
        raise ValueError("values must have rank >= 1")
    return values._v.shape[0]


def _splits_dtype_of(values):
    return values._row_splits.dtype if isinstance(values, RaggedTensor) else None


def _match_splits_dtype(values, splits):
    if isinstance(values, RaggedTensor) and values._row_splits.dtype is not splits.dtype:
        raise ValueError("dtype mismatch: row partition dtype %s does not match the values' %s; "
                         "use RaggedTensor.with_row_splits_dtype() to convert them"
                         % (splits.dtype.name, values._row_splits.dtype.name))


def _rowids(splits):
    return np.repeat(np.arange(splits.shape[0] - 1, dtype=splits.dtype), np.diff(splits))


def bounding_dims(rt):
    """[nrows, longest row, ...] of a RaggedTensor, as Python ints."""
    lengths = rt._lengths()
    longest = int(lengths.max()) if lengths.size else 0
    v = rt._values
    if isinstance(v, RaggedTensor):
        inner = bounding_dims(v)[1:]
    else:
        inner = list(v._v.shape[1:])
    return [rt._nrows(), longest] + inner


def outer_coords(rt):
    """For each flat value, its index along each partitioned dimension: an int array of shape
    (number of flat values, ragged_rank + 1)."""
    coords = np.arange(rt._nrows())[:, None]
    while isinstance(rt, RaggedTensor):
        splits = rt._row_splits._v
        rowids = _rowids(splits).astype(np.intp)
        pos = np.arange(splits[-1]) - splits[:-1][rowids]
        coords = np.concatenate([coords[rowids], pos[:, None]], axis=1)
        rt = rt._values
    return coords
