"""tf.sparse.SparseTensor: a tensor held as the coordinates of its non-default entries.

Three ordinary eagerflow Tensors make it up, as in TF: ``indices`` (int64, [N, rank]), ``values``
([N], any dtype) and ``dense_shape`` (int64, [rank]). Ops on a SparseTensor are written over the
component tensors with eagerflow ops, so tapes see ``values`` and gradients flow through them.
This module owns the class and its type spec; the ops are in the sibling modules."""
import numpy as np

from .. import dtypes as _dt
from ..tensor import Tensor, convert_to_tensor, wrap
from ..tensor_shape import TensorShape
from ..engine.primitive import COMPOSITES


def _int64(x, what):
    if type(x) is Tensor and x._v.dtype == np.int64:
        return x
    t = convert_to_tensor(x, dtype_hint=_dt.int64)
    if t.dtype is not _dt.int64:
        t = convert_to_tensor(np.asarray(t._v, dtype=np.int64))
    return t


class SparseTensor:
    """Represents a sparse tensor: ``indices`` [N, rank], ``values`` [N], ``dense_shape`` [rank]."""

    __slots__ = ("_indices", "_values", "_dense_shape", "__weakref__")

    def __init__(self, indices, values, dense_shape):
        if isinstance(values, SparseTensor):
            raise TypeError("values must be a Tensor, not a SparseTensor")
        self._indices = _int64(indices, "indices")
        self._values = values if isinstance(values, Tensor) else convert_to_tensor(values)
        self._dense_shape = _int64(dense_shape, "dense_shape")
        ish, vsh, dsh = self._indices._v.shape, self._values._v.shape, self._dense_shape._v.shape
        if len(ish) != 2:
            raise ValueError("Shape %s must have rank 2" % (TensorShape(ish),))
        if len(vsh) != 1:
            raise ValueError("Shape %s must have rank 1" % (TensorShape(vsh),))
        if len(dsh) != 1:
            raise ValueError("Shape %s must have rank 1" % (TensorShape(dsh),))
        if ish[0] != vsh[0]:
            raise ValueError("Dimensions %d and %d are not compatible" % (ish[0], vsh[0]))
        if ish[1] != dsh[0]:
            raise ValueError("Dimensions %d and %d are not compatible" % (ish[1], dsh[0]))

    @classmethod
    def _make(cls, indices, values, dense_shape):
        """A SparseTensor from parts known to fit together (no conversion or checks): int64
        ndarrays or Tensors ``indices`` [N, rank] and ``dense_shape`` [rank], a Tensor ``values``
        [N]; ndarrays are wrapped without a copy, so callers pass fresh ones."""
        sp = cls.__new__(cls)
        sp._indices = indices if type(indices) is Tensor else wrap(indices)
        sp._values = values
        sp._dense_shape = dense_shape if type(dense_shape) is Tensor else wrap(dense_shape)
        return sp

    @classmethod
    def from_value(cls, value):
        if isinstance(value, SparseTensor):
            return value
        return cls(value.indices, value.values, value.dense_shape)

    indices = property(lambda self: self._indices)
    values = property(lambda self: self._values)
    dense_shape = property(lambda self: self._dense_shape)
    dtype = property(lambda self: self._values.dtype)

    @property
    def shape(self):
        return TensorShape([int(d) for d in self._dense_shape._v])

    def get_shape(self):
        return self.shape

    @property
    def _type_spec(self):
        return SparseTensorSpec(self.shape, self.dtype)

    def with_values(self, new_values):
        """A SparseTensor with the same indices and dense_shape and ``new_values``."""
        new_values = convert_to_tensor(new_values)
        if new_values._v.shape != self._values._v.shape:
            raise ValueError("Shapes %s and %s are incompatible" % (
                TensorShape(new_values._v.shape), TensorShape(self._values._v.shape)))
        return SparseTensor._make(self._indices, new_values, self._dense_shape)

    def consumers(self):
        return []

    def __str__(self):
        return "SparseTensor(indices=%s, values=%s, dense_shape=%s)" % (
            self._indices, self._values, self._dense_shape)

    __repr__ = __str__

    # -- operators: TF defines only * and / (with a dense or scalar operand); no +, no unary - ------------
    def __mul__(self, other):
        from .math_ops import _cwise
        return _cwise("mul", self, other)

    __rmul__ = __mul__

    def __truediv__(self, other):
        from .math_ops import _cwise
        return _cwise("truediv", self, other)

    @classmethod
    def __tf_dispatch__(cls, prim, args, params):
        """A primitive called with a SparseTensor input: the unary ops that map 0 to 0 (and Cast)
        apply to the values, as TF dispatches them; anything else is TF's conversion error."""
        sp = next(a for a in args if isinstance(a, SparseTensor))
        if len(args) == 1 and prim.name in _ZERO_PRESERVING:
            return sp.with_values(prim(sp._values, **params))
        raise ValueError("Attempt to convert a value (%s) with an unsupported type (%r) to a "
                         "Tensor." % (sp, cls))


# TF's unary ops with a SparseTensor dispatch (f(0) == 0, so unlisted entries stay right)
_ZERO_PRESERVING = frozenset(["Abs", "Neg", "Sign", "Square", "Sqrt", "Sin", "Tan", "Asin", "Atan",
                              "Tanh", "Asinh", "Atanh", "Erf", "Cast"])

SparseTensor.__module__ = "tensorflow.python.framework.sparse_tensor"
SparseTensor.__qualname__ = "SparseTensor"
COMPOSITES.add(SparseTensor)


class SparseTensorSpec:
    """Type specification for a tf.sparse.SparseTensor."""

    __slots__ = ("_shape", "_dtype")

    def __init__(self, shape=None, dtype=_dt.float32):
        self._shape = TensorShape(shape)
        self._dtype = _dt.as_dtype(dtype)

    shape = property(lambda self: self._shape)
    dtype = property(lambda self: self._dtype)
    value_type = property(lambda self: SparseTensor)

    @classmethod
    def from_value(cls, value):
        return cls(value.shape, value.dtype)

    def is_compatible_with(self, spec_or_value):
        other = spec_or_value
        if isinstance(other, SparseTensor):
            other = SparseTensorSpec.from_value(other)
        return (isinstance(other, SparseTensorSpec) and self._dtype == other._dtype
                and self._shape.is_compatible_with(other._shape))

    def _to_components(self, value):
        return [value.indices, value.values, value.dense_shape]

    def _from_components(self, components):
        return SparseTensor(*components)

    def _key(self):
        return (tuple(self._shape.as_list()) if self._shape.rank is not None else None,
                self._dtype)

    def __eq__(self, other):
        return type(other) is type(self) and self._key() == other._key()

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash(self._key())

    def __repr__(self):
        return "SparseTensorSpec(%r, %r)" % (self._shape, self._dtype)
