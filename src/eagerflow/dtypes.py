"""DType objects (``tf.float32`` ...) and TF's rules for turning Python/NumPy values into arrays."""
import numpy as np

__all__ = ["DType", "as_dtype", "bool", "int8", "int16", "int32", "int64", "uint8", "uint16",
           "uint32", "uint64", "float16", "half", "float32", "float64", "double", "bfloat16",
           "complex64", "complex128", "string", "resource", "variant", "qint8", "quint8",
           "qint32", "cast", "saturate_cast", "complex"]

_builtin_bool, _builtin_int, _builtin_float, _builtin_complex = bool, int, float, complex

# TF's short dtype words, used in kernel error messages ("... a int32 tensor but is a float tensor").
_KERNEL_WORD = {"float32": "float", "float64": "double", "float16": "half"}


class DType:
    """A TensorFlow element type."""

    __slots__ = ("_name", "_np", "_type", "_enum")

    def __init__(self, name, np_dtype, enum):
        self._name = name
        self._np = np_dtype
        self._type = np_dtype.type if np_dtype is not None else None
        self._enum = enum

    name = property(lambda self: self._name)
    as_numpy_dtype = property(lambda self: self._type if self._name != "string" else object)
    as_datatype_enum = property(lambda self: self._enum)
    base_dtype = property(lambda self: self)
    is_bool = property(lambda self: self._name == "bool")
    is_floating = property(lambda self: self._np is not None and self._np.kind == "f"
                           or self._name == "bfloat16")
    is_complex = property(lambda self: self._np is not None and self._np.kind == "c")
    is_integer = property(lambda self: self._np is not None and self._np.kind in "iu")
    is_unsigned = property(lambda self: self._np is not None and self._np.kind == "u")
    is_quantized = property(lambda self: False)
    is_numpy_compatible = property(lambda self: self._np is not None)

    @property
    def is_signed(self):
        return self._np is not None and self._np.kind in "ifc"

    @property
    def real_dtype(self):
        return {"complex64": float32, "complex128": float64}.get(self._name, self)

    @property
    def size(self):
        if self._name == "string":
            return 8
        return self._np.itemsize

    @property
    def min(self):
        if self._np is None or self._np.kind not in "iufb" and self._name != "bfloat16":
            raise TypeError("Cannot find minimum value of %s." % self)
        if self._np.kind == "b":
            return False
        info = np.iinfo(self._np) if self._np.kind in "iu" else _finfo(self)
        return info.min if self._np.kind in "iu" else self._type(info.min)

    @property
    def max(self):
        if self._np is None or self._np.kind not in "iufb" and self._name != "bfloat16":
            raise TypeError("Cannot find maximum value of %s." % self)
        if self._np.kind == "b":
            return True
        info = np.iinfo(self._np) if self._np.kind in "iu" else _finfo(self)
        return info.max if self._np.kind in "iu" else self._type(info.max)

    @property
    def limits(self):
        return (self.min, self.max)

    def is_compatible_with(self, other):
        return self == as_dtype(other)

    def __repr__(self):
        return "tf." + self._name

    def __str__(self):
        return "<dtype: '%s'>" % self._name

    def __eq__(self, other):
        if other is self:
            return True
        if other is None:
            return False
        try:
            return self is as_dtype(other)
        except TypeError:
            return False

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return self._enum

    def __reduce__(self):
        return as_dtype, (self._name,)

    @property
    def _kernel_word(self):
        return _KERNEL_WORD.get(self._name, self._name)


def _finfo(dt):
    try:
        return np.finfo(dt._np)
    except ValueError:  # bfloat16 from ml_dtypes
        import ml_dtypes
        return ml_dtypes.finfo(dt._np)


bool = DType("bool", np.dtype(np.bool_), 10)
int8 = DType("int8", np.dtype(np.int8), 6)
int16 = DType("int16", np.dtype(np.int16), 5)
int32 = DType("int32", np.dtype(np.int32), 3)
int64 = DType("int64", np.dtype(np.int64), 9)
uint8 = DType("uint8", np.dtype(np.uint8), 4)
uint16 = DType("uint16", np.dtype(np.uint16), 17)
uint32 = DType("uint32", np.dtype(np.uint32), 22)
uint64 = DType("uint64", np.dtype(np.uint64), 23)
float16 = half = DType("float16", np.dtype(np.float16), 19)
float32 = DType("float32", np.dtype(np.float32), 1)
float64 = double = DType("float64", np.dtype(np.float64), 2)
complex64 = DType("complex64", np.dtype(np.complex64), 8)
complex128 = DType("complex128", np.dtype(np.complex128), 18)
string = DType("string", np.dtype(object), 7)
resource = DType("resource", None, 20)
variant = DType("variant", None, 21)
qint8 = DType("qint8", None, 11)
quint8 = DType("quint8", None, 12)
qint32 = DType("qint32", None, 13)

# numpy dtype -> DType; the engine's hot path reads this table.
NP_TO_DTYPE = {d._np: d for d in (bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64,
                                  float16, float32, float64, complex64, complex128, string)}

try:  # bfloat16 only when ml_dtypes is installed (it is optional)
    import ml_dtypes as _ml
    bfloat16 = DType("bfloat16", np.dtype(_ml.bfloat16), 14)
    NP_TO_DTYPE[bfloat16._np] = bfloat16
except ImportError:  # pragma: no cover - depends on the environment
    bfloat16 = DType("bfloat16", None, 14)

_BY_NAME = {d._name: d for d in (bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64,
                                 float16, float32, float64, complex64, complex128, string,
                                 bfloat16, resource, variant, qint8, quint8, qint32)}
_BY_NAME.update({"half": float16, "float": float32, "double": float64, "bool_": bool})
_BY_PYTYPE = {_builtin_bool: bool, _builtin_int: int32, _builtin_float: float32, complex: complex128,
              str: string, bytes: string, object: string}


def as_dtype(type_value):
    """Converts a DType, numpy type, type name or Python type into a ``DType``."""
    if type(type_value) is DType:
        return type_value
    if isinstance(type_value, str):
        d = _BY_NAME.get(type_value)
        if d is not None:
            return d
    elif isinstance(type_value, type) and type_value in _BY_PYTYPE:
        return _BY_PYTYPE[type_value]
    else:
        try:
            npd = np.dtype(type_value)
        except (TypeError, ValueError):
            npd = None
        if npd is not None:
            if npd.kind in "USO":
                return string
            d = NP_TO_DTYPE.get(npd)
            if d is not None:
                return d
        if hasattr(type_value, "as_numpy_dtype") and hasattr(type_value, "name"):
            return as_dtype(type_value.name)
    if isinstance(type_value, type) and issubclass(type_value, (np.str_, np.bytes_)):
        return string
    raise TypeError("Cannot convert value %r to a TensorFlow DType." % (type_value,))


def dtype_of(arr):
    """The DType of an ndarray (object arrays hold TF strings as bytes)."""
    return NP_TO_DTYPE[arr.dtype]


# ---------------------------------------------------------------------------------------------
# Python / NumPy values -> ndarrays, with TF's inference and conversion rules (TF_SEMANTICS §1).

_INT32_MIN, _INT32_MAX = -2 ** 31, 2 ** 31 - 1
_INT64_MIN, _INT64_MAX = -2 ** 63, 2 ** 63 - 1
_F32_MAX = float(np.finfo(np.float32).max)


def _leaf_kinds(value, kinds, tensor_type):
    """Collects the kinds of leaves of a nested list/tuple: 'b', 'i', 'f', 'c', 's', 'n' (None),
    't' (tensor), 'o' (anything else)."""
    for x in value:
        t = type(x)
        if t is list or t is tuple:
            _leaf_kinds(x, kinds, tensor_type)
        elif t is _builtin_int:
            kinds.add("i")
        elif t is _builtin_float:
            kinds.add("f")
        elif t is _builtin_bool:
            kinds.add("b")
        elif t is str or t is bytes:
            kinds.add("s")
        elif x is None:
            kinds.add("n")
        elif t is _builtin_complex:
            kinds.add("c")
        elif isinstance(x, tensor_type):
            kinds.add("t")
        elif isinstance(x, (np.ndarray, np.generic)):
            k = x.dtype.kind
            kinds.add({"u": "i", "U": "s", "S": "s", "O": "o"}.get(k, k))
        elif isinstance(x, (list, tuple)):
            _leaf_kinds(x, kinds, tensor_type)
        else:
            kinds.add("o")
    return kinds


def _describe(value):
    return repr(value) if not isinstance(value, (list, tuple)) else str(value)


def _cannot_convert(value, dtype):
    return TypeError("Cannot convert %s to EagerTensor of dtype %s" % (_describe(value), dtype.name))


def _strings_to_object(arr):
    """An array of str/bytes -> TF's representation: an object array of bytes."""
    out = np.empty(arr.shape, dtype=object)
    flat = out.reshape(-1)
    for k, x in enumerate(arr.reshape(-1)):
        flat[k] = x.encode("utf-8") if isinstance(x, str) else (x if isinstance(x, bytes) else
                                                                 str(x).encode("utf-8"))
    return out


def python_to_array(value, dtype=None, tensor_type=None):
    """Converts a Python scalar or nested sequence (or NumPy value) to an ndarray following TF's
    inference (dtype None) or conversion (dtype a DType) rules."""
    t = type(value)
    if t is _builtin_int or t is _builtin_float:
        # the common scalar cases, exactly as the general path below converts them
        np_dt = _FAST_SCALAR.get((t, dtype))
        if np_dt is not None:
            lo, hi = _FAST_BOUNDS[np_dt]
            if lo <= value <= hi:
                return np.array(value, np_dt)
    if t is np.ndarray or isinstance(value, (np.ndarray, np.generic)):
        return numpy_to_array(value, dtype)
    if t is _builtin_float or t is _builtin_int or t is _builtin_bool:
        kinds = {"f" if t is _builtin_float else "i" if t is _builtin_int else "b"}
        arr = None
    elif t is str or t is bytes:
        kinds = {"s"}
        arr = None
    elif t is _builtin_complex:
        kinds = {"c"}
        arr = None
    elif value is None:
        raise ValueError("Attempt to convert a value (None) with an unsupported type (%r) to a "
                         "Tensor." % (type(None),))
    elif isinstance(value, (list, tuple)):
        kinds = _leaf_kinds(value, set(), tensor_type or ())
        arr = None
    elif isinstance(value, (_builtin_int, _builtin_float)):  # subclasses, e.g. IntEnum
        return python_to_array(_builtin_float(value) if isinstance(value, _builtin_float)
                               else _builtin_int(value), dtype, tensor_type)
    else:
        raise ValueError("Attempt to convert a value (%r) with an unsupported type (%r) to a "
                         "Tensor." % (value, type(value)))
    if "n" in kinds or "o" in kinds:
        if "n" in kinds and len(kinds) == 1 and dtype is None:
            raise ValueError("Attempt to convert a value (None) with an unsupported type (%r) to a "
                             "Tensor." % (type(None),))
        raise ValueError("Can't convert Python sequence with mixed types to Tensor.")
    if "t" in kinds:
        return _pack_tensors(value, dtype)
    try:
        arr = np.array(value, dtype=object if ("s" in kinds or "i" in kinds) else None)
    except ValueError:
        raise ValueError("Can't convert non-rectangular Python sequence to Tensor.") from None
    if arr.dtype == object and arr.size and not isinstance(arr.reshape(-1)[0], (
            str, bytes, _builtin_int, _builtin_bool, _builtin_float, _builtin_complex, np.generic)) \
            and "s" not in kinds:
        raise ValueError("Can't convert non-rectangular Python sequence to Tensor.")
    numeric = kinds & {"b", "i", "f", "c"}
    if "s" in kinds:
        if numeric:
            if dtype is not None and dtype is not string:
                raise _cannot_convert(value, dtype)
            raise ValueError("Can't convert Python sequence with mixed types to Tensor.")
        if dtype is not None and dtype is not string:
            raise _cannot_convert(value, dtype)
        try:
            return _strings_to_object(arr)
        except Exception:
            raise ValueError("Can't convert non-rectangular Python sequence to Tensor.") from None
    if "b" in kinds and len(numeric) > 1:
        if dtype is None:
            raise ValueError("Can't convert Python sequence with mixed types to Tensor.")
    if dtype is None:
        if not kinds:
            return np.zeros(arr.shape, np.float32)
        if "c" in kinds:
            return arr.astype(np.complex128)
        if "f" in kinds:
            a64 = arr.astype(np.float64)
            with np.errstate(over="ignore", invalid="ignore"):
                a32 = a64.astype(np.float32)
            if np.isinf(a32).any() and not np.isinf(a64[np.isinf(a32)]).all():
                raise ValueError("Can't convert Python sequence with a value out of range for a "
                                 "double-precision float.")
            return a32
        if "i" in kinds:
            return _ints(arr, None, value)
        return arr.astype(np.bool_)
    # explicit dtype
    if dtype is string or dtype._np is None:
        raise _cannot_convert(value, dtype)
    kind = dtype._np.kind
    if kind == "b":
        if numeric - {"b"}:
            raise _cannot_convert(value, dtype)
        return arr.astype(np.bool_)
    if kind in "iu":
        if "f" in kinds or "c" in kinds:
            raise _cannot_convert(value, dtype)
        return _ints(arr, dtype, value)
    if kind == "f" and "c" in kinds:
        raise _cannot_convert(value, dtype)
    if not kinds:
        return np.zeros(arr.shape, dtype._np)
    with np.errstate(over="ignore", invalid="ignore"):
        if "i" in kinds and "f" not in kinds and "c" not in kinds:
            return _ints(arr, int64, value).astype(dtype._np)
        return arr.astype(np.float64 if kind == "f" else np.complex128).astype(dtype._np)


def _ints(arr, dtype, value):
    """Object/int array of Python ints -> int32/int64 by range (dtype None) or wrapped to dtype."""
    if arr.size:
        flat = arr.reshape(-1)
        try:
            lo, hi = min(flat), max(flat)
        except TypeError:
            lo = hi = 0
        lo, hi = _builtin_int(lo), _builtin_int(hi)
    else:
        lo = hi = 0
    if lo < _INT64_MIN or hi > _INT64_MAX:
        if dtype is not None and dtype._np.kind == "u" and lo >= 0 and hi <= 2 ** 64 - 1:
            return arr.astype(np.uint64).astype(dtype._np)
        raise ValueError("Can't convert Python sequence with out-of-range integer to Tensor.")
    a = arr.astype(np.int64)
    if dtype is None:
        return a.astype(np.int32) if _INT32_MIN <= lo and hi <= _INT32_MAX else a
    return a.astype(dtype._np)


def numpy_to_array(value, dtype=None):
    """A NumPy array or scalar -> a fresh ndarray; it keeps its dtype, or is cast to ``dtype``."""
    arr = np.array(value)  # always a copy: a tensor never aliases a user's array
    if arr.dtype not in NP_TO_DTYPE and arr.dtype.kind not in "USO":
        # long double, datetime64, timedelta64, structured, void ...: no TF dtype holds them
        raise ValueError("Failed to convert a NumPy array to a Tensor (Unsupported numpy type: "
                         "NPY_%s)." % _NPY_NAMES.get(arr.dtype.kind, arr.dtype.name.upper()))
    if arr.dtype.kind in "USO":
        if dtype is not None and dtype is not string:
            if arr.dtype.kind == "O" and not (arr.size and isinstance(arr.reshape(-1)[0], (str, bytes))):
                return python_to_array(arr.tolist(), dtype)
            raise _cannot_convert(value, dtype)
        if arr.dtype.kind == "O" and arr.size and not isinstance(arr.reshape(-1)[0], (str, bytes)):
            return python_to_array(arr.tolist(), dtype)
        return _strings_to_object(arr)
    if dtype is None or dtype._np == arr.dtype:
        return arr
    if dtype is string:
        raise _cannot_convert(value, dtype)
    with np.errstate(over="ignore", invalid="ignore"):
        return arr.astype(dtype._np)


_NPY_NAMES = {"M": "DATETIME", "m": "TIMEDELTA", "V": "VOID", "f": "LONGDOUBLE",
              "c": "CLONGDOUBLE"}


def _pack_tensors(value, dtype):
    """A nested list holding tensors -> the stacked array (what convert_to_tensor does in TF)."""
    def leaf_dtype(v):
        for x in v:
            if isinstance(x, (list, tuple)):
                d = leaf_dtype(x)
                if d is not None:
                    return d
            elif hasattr(x, "_v") and hasattr(x, "dtype"):
                return x.dtype
        return None

    target = leaf_dtype(value)
    if dtype is not None and dtype is not target:
        raise TypeError("Expected tensor with dtype %r, but got dtype %r." % (dtype, target))

    def build(v):
        if isinstance(v, (list, tuple)):
            return [build(x) for x in v]
        if hasattr(v, "_v") and hasattr(v, "dtype"):
            if v.dtype is not target:
                raise TypeError("Cannot convert a list containing a tensor of dtype %s to %s "
                                "(Tensor is: %r)" % (v.dtype.name, target.name, v))
            return np.asarray(v._read() if hasattr(v, "_read") else v._v)
        return python_to_array(v, target)

    try:
        return np.array(build(value), dtype=target._np)
    except ValueError:
        raise ValueError("Can't convert non-rectangular Python sequence to Tensor.") from None


def _fast_scalar_tables():
    """(Python type, DType or None) -> NumPy dtype for scalars that convert by ``np.array`` alone
    when within bounds (ints within the type's range; floats finite and within float32/float16's
    range or any finite float for float64)."""
    table, bounds = {}, {}
    for dt in (int8, int16, int32, int64, uint8, uint16, uint32, uint64):
        info = np.iinfo(dt._np)
        table[(_builtin_int, dt)] = dt._np
        bounds[dt._np] = (int(info.min), int(info.max))
    for dt in (float16, float32, float64):
        fmax = float(np.finfo(dt._np).max)
        table[(_builtin_int, dt)] = table[(_builtin_float, dt)] = dt._np
        bounds[dt._np] = (-fmax, fmax)
    table[(_builtin_int, None)] = np.dtype(np.int32)
    table[(_builtin_float, None)] = np.dtype(np.float32)
    return table, bounds


_FAST_SCALAR, _FAST_BOUNDS = _fast_scalar_tables()
