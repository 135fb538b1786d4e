"""tf.TensorSpec: the dtype and (possibly partial) shape a traced function's input accepts."""
from .. import dtypes as _dt
from ..tensor import Tensor, VariableBase
from ..tensor_shape import TensorShape

__all__ = ["TensorSpec"]


class TensorSpec:
    """Describes a tensor: ``TensorSpec(shape, dtype=tf.float32, name=None)``."""

    __slots__ = ("_shape", "_dtype", "_name")

    def __init__(self, shape, dtype=_dt.float32, name=None):
        self._shape = TensorShape(shape)
        self._dtype = _dt.as_dtype(dtype)
        self._name = name

    shape = property(lambda self: self._shape)
    dtype = property(lambda self: self._dtype)
    name = property(lambda self: self._name)

    @classmethod
    def from_tensor(cls, tensor, name=None):
        if isinstance(tensor, VariableBase):
            tensor = tensor._read()
        return cls(tensor.shape, tensor.dtype, name)

    def is_compatible_with(self, other):
        if isinstance(other, (Tensor, VariableBase)):
            other = TensorSpec(other.shape, other.dtype)
        if not isinstance(other, TensorSpec):
            return False
        return self._dtype is other._dtype and self._shape.is_compatible_with(other._shape)

    def most_specific_common_supertype(self, others):
        shape = self._shape
        for o in others:
            if not isinstance(o, TensorSpec) or o._dtype is not self._dtype:
                return None
            shape = shape.most_specific_compatible_shape(o._shape)
        return TensorSpec(shape, self._dtype, self._name)

    def _with_name(self, name):
        return TensorSpec(self._shape, self._dtype, name)

    def __eq__(self, other):
        return (type(other) is TensorSpec and self._dtype is other._dtype and
                self._shape._dims == other._shape._dims and self._name == other._name)

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash((self._shape._dims, self._dtype.name, self._name))

    def __repr__(self):
        return "TensorSpec(shape=%s, dtype=tf.%s, name=%r)" % (
            self._shape, self._dtype.name, self._name)

    def __reduce__(self):
        return TensorSpec, (self._shape, self._dtype, self._name)
