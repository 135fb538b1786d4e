"""Dtype conversion (Cast, cast, saturate_cast's final step) and the like-constructors zeros_like /
ones_like: the bottom of the op families, which every gradient rule may use."""
import numpy as np

from .. import dtypes as _dt
from .._export import export
from ..engine.primitive import COMPOSITES, primitive
from ..errors import InvalidArgumentError, UnimplementedError
from ..tensor import Tensor, convert_to_tensor

_DType = _dt.DType
_as_dtype = _dt.as_dtype
_NP_TO_DTYPE = _dt.NP_TO_DTYPE
_string = _dt.string
_resource = _dt.resource
_variant = _dt.variant


@primitive("Cast", differentiable=True, quiet=True, attrs_positional=True)  # quiet: NumPy's warnings off, as in TF
def _cast(x, dtype):
    if x.dtype.kind == "c" and dtype.kind != "c":
        x = x.real
    return x.astype(dtype)


@_cast.defvjp
def _(g, ans, x, dtype):
    if not (x.dtype.is_floating or x.dtype.is_complex):
        return (None,)
    return (cast(g, x.dtype),)


@export("cast", "dtypes.cast")
def cast(x, dtype, name=None):
    """Casts a tensor to a new dtype (float -> int truncates toward zero)."""
    if type(dtype) is not _DType:
        dtype = _as_dtype(dtype)
    if type(x) is Tensor:  # the common case
        xd = _NP_TO_DTYPE[x._v.dtype]
        if xd is dtype:
            return x
        if dtype is not _string and xd is not _string and dtype is not _resource and \
                dtype is not _variant:
            return _cast(x, dtype=dtype._np)
    if type(x) in COMPOSITES:  # tf.IndexedSlices, tf.SparseTensor: Cast maps their values
        return x if x.dtype is dtype else _cast(x, dtype=dtype._np)
    if not isinstance(x, Tensor):
        if hasattr(x, "_read"):
            x = x._read()
        else:  # TF converts with no dtype, then casts (cast(0.1, float64) is float32's 0.1)
            x = convert_to_tensor(x)
    if x.dtype is dtype:
        return x
    if dtype is _dt.string or x.dtype is _dt.string or dtype._np is None or \
            dtype.name in ("resource", "variant"):
        raise UnimplementedError(None, "Cast", "Cast %s to %s is not supported [Op:Cast] name: "
                                 % (x.dtype._kernel_word, dtype._kernel_word))
    return _cast(x, dtype=dtype._np)


@primitive("ZerosLike", differentiable=False)
def _zeros_like(x, dtype):
    if dtype is _object:
        return np.full(x.shape, b"", dtype=object)
    return np.zeros(x.shape, dtype)


@primitive("OnesLike", differentiable=False)
def _ones_like(x, dtype):
    return np.ones(x.shape, dtype)


_object = np.dtype(object)


@export("zeros_like")
def zeros_like(input, dtype=None, name=None):
    """Zeros with the shape (and dtype, unless given) of input."""
    if type(input) is Tensor and dtype is None:  # the common case
        return _zeros_like(input, dtype=input._v.dtype)
    x = convert_to_tensor(input)
    d = _dt.as_dtype(dtype) if dtype is not None else x.dtype
    if d._np is None or d.name in ("resource", "variant"):
        raise TypeError("Cannot convert 0 to EagerTensor of dtype %s" % d.name)
    return _zeros_like(x, dtype=d._np)


@export("ones_like")
def ones_like(input, dtype=None, name=None):
    """Ones with the shape (and dtype, unless given) of input."""
    x = convert_to_tensor(input)
    d = _dt.as_dtype(dtype) if dtype is not None else x.dtype
    if d is _string and dtype is None:  # TF: OnesLike has no string kernel
        raise InvalidArgumentError(None, "OnesLike", "Value for attr 'T' of string is not in the "
                                   "list of allowed values: bfloat16, half, float, double, uint8, "
                                   "int8, uint16, int16, int32, uint32, uint64, int64, complex64, "
                                   "complex128, bool\n\t; NodeDef: {{node OnesLike}} [Op:OnesLike]")
    if d._np is None or d.name in ("resource", "variant", "string"):
        raise TypeError("Cannot convert 1 to EagerTensor of dtype %s" % d.name)
    return _ones_like(x, dtype=d._np)
