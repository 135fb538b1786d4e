"""tf.RaggedTensorSpec: the type of a RaggedTensor (shape with None for ragged dimensions, dtype,
ragged_rank, row_splits_dtype)."""
from .. import dtypes as _dt
from ..tensor_shape import TensorShape
from .ragged_tensor import RaggedTensor


class RaggedTensorSpec:
    """Type specification for a tf.RaggedTensor."""

    __slots__ = ("_shape", "_dtype", "_ragged_rank", "_row_splits_dtype", "_flat_values_spec")

    def __init__(self, shape=None, dtype=_dt.float32, ragged_rank=None,
                 row_splits_dtype=_dt.int64, flat_values_spec=None):
        self._shape = TensorShape(shape)
        self._dtype = _dt.as_dtype(dtype)
        self._row_splits_dtype = _dt.as_dtype(row_splits_dtype)
        if self._row_splits_dtype not in (_dt.int32, _dt.int64):
            raise ValueError("row_splits_dtype must be int32 or int64")
        rank = self._shape.rank
        if ragged_rank is None:
            if rank is None:
                raise ValueError("Must specify ragged_rank or a shape with a known rank.")
            ragged_rank = rank - 1
        self._ragged_rank = ragged_rank
        if not isinstance(ragged_rank, int):
            raise TypeError("ragged_rank must be an int")
        if rank is not None and not 0 <= ragged_rank < max(rank, 1):
            raise ValueError("ragged_rank must be non-negative, and less than rank (%d)" % rank)
        self._flat_values_spec = flat_values_spec

    shape = property(lambda self: self._shape)
    dtype = property(lambda self: self._dtype)
    ragged_rank = property(lambda self: self._ragged_rank)
    row_splits_dtype = property(lambda self: self._row_splits_dtype)
    flat_values_spec = property(lambda self: self._flat_values_spec)
    value_type = property(lambda self: RaggedTensor)

    @classmethod
    def from_value(cls, value):
        """The spec of a RaggedTensor."""
        return cls(value.shape, value.dtype, value.ragged_rank, value.row_splits_dtype)

    def is_compatible_with(self, spec_or_value):
        other = spec_or_value
        if isinstance(other, RaggedTensor):
            other = RaggedTensorSpec.from_value(other)
        if not isinstance(other, RaggedTensorSpec):
            return False
        return (self._dtype == other._dtype and self._ragged_rank == other._ragged_rank
                and self._row_splits_dtype == other._row_splits_dtype
                and self._shape.is_compatible_with(other._shape))

    # the components a RaggedTensor of this spec is made of (for code that flattens structures,
    # e.g. a tf.function's inputs and outputs): its flat values, then its row splits, outermost first
    def _to_components(self, value):
        return [value.flat_values] + list(value.nested_row_splits)

    def _from_components(self, components):
        return RaggedTensor.from_nested_row_splits(components[0], components[1:], validate=False)

    def _key(self):
        return (tuple(self._shape.as_list()) if self._shape.rank is not None else None,
                self._dtype, self._ragged_rank, self._row_splits_dtype)

    def __eq__(self, other):
        return type(other) is type(self) and self._key() == other._key()

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash(self._key())

    def __repr__(self):
        return "RaggedTensorSpec(%r, %r, %d, %r)" % (self._shape, self._dtype, self._ragged_rank,
                                                     self._row_splits_dtype)


RaggedTensor._type_spec = property(lambda self: RaggedTensorSpec.from_value(self))
