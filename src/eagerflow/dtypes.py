"""DType objects (``tf.float32`` ...) and TF's rules for turning Python/NumPy values into arrays."""
import numpy as np

from .engine import device as _device
from .errors import InvalidArgumentError

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
_BY_NAME.update({"half": float16, "float": float32, "double": float64})
# TF's as_dtype table: enum numbers, names, three Python types, NumPy scalar types
_NP_TYPE_TO_DTYPE = {d._type: d for d in NP_TO_DTYPE.values() if d is not string}
_NP_TYPE_TO_DTYPE.update({np.object_: string, np.bytes_: string, np.str_: string,
                          np.longlong: int64, np.ulonglong: uint64})
_ANY_TO_DTYPE = {d._enum: d for d in _BY_NAME.values()}
_ANY_TO_DTYPE.update(_BY_NAME)
_ANY_TO_DTYPE.update({_builtin_float: float32, _builtin_bool: bool, object: string})
_ANY_TO_DTYPE.update(_NP_TYPE_TO_DTYPE)


def as_dtype(type_value):
    """Converts a DType, enum number, type name, NumPy dtype/type or ``float``/``bool``/``object``
    into a ``DType`` (TF's lookup: ``int``, ``str`` and ``'int'`` are not dtypes)."""
    if type(type_value) is DType:
        return type_value
    d = _NP_TYPE_TO_DTYPE.get(type_value.type) if isinstance(type_value, np.dtype) else None
    if d is None:
        try:
            d = _ANY_TO_DTYPE.get(type_value)
        except TypeError:  # unhashable
            pass
    if d is None and hasattr(type_value, "dtype"):  # an array (anything with a NumPy dtype)
        try:
            d = _NP_TYPE_TO_DTYPE.get(np.dtype(type_value.dtype).type)
        except (TypeError, ValueError):
            pass
    if d is None and hasattr(type_value, "as_numpy_dtype"):  # another library's DType
        d = _BY_NAME.get(str(getattr(type_value, "name", "")))
    if d is None:
        raise TypeError("Cannot convert the argument `type_value`: %r to a TensorFlow DType."
                        % (type_value,))
    return d


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
        elif isinstance(x, tensor_type) or hasattr(type(x), "_read"):  # tensors and variables
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
    return TypeError("Cannot convert %s to EagerTensor of dtype %s" % (_describe(value),
                                                                    dtype._kernel_word))


def strings_to_object(arr):
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
    elif t is str or t is bytes:
        kinds = {"s"}
    elif t is _builtin_complex:
        kinds = {"c"}
    elif value is None:
        raise ValueError("Attempt to convert a value (None) with an unsupported type (%r) to a "
                         "Tensor." % (type(None),))
    elif isinstance(value, (list, tuple)):
        kinds = _leaf_kinds(value, set(), tensor_type or ())
    elif isinstance(value, (_builtin_int, _builtin_float)):  # subclasses, e.g. IntEnum
        return python_to_array(_builtin_float(value) if isinstance(value, _builtin_float)
                               else _builtin_int(value), dtype, tensor_type)
    elif hasattr(value, "_tf_shape_array"):  # a TensorShape: its vector of dimensions
        return value._tf_shape_array(dtype)
    elif type(value) in _device.TYPES:  # a device library's array: a copy on its device
        return value.astype(value.dtype if dtype is None else dtype._np)
    else:
        raise ValueError("Attempt to convert a value (%r) with an unsupported type (%r) to a "
                         "Tensor." % (value, type(value)))
    first = (None if not kinds else next(iter(kinds)) if len(kinds) == 1 else
             _first_kind(value, tensor_type))
    if "t" in kinds:  # autopacking converts the other leaves one by one
        return _pack_tensors(value, dtype)
    if "n" in kinds or "o" in kinds:
        raise _inference_error(kinds, first)
    try:
        arr = np.array(value, dtype=object if ("s" in kinds or "i" in kinds) else None)
    except ValueError:
        raise ValueError("Can't convert non-rectangular Python sequence to Tensor.") from None
    if arr.dtype == object and arr.size and not isinstance(arr.reshape(-1)[0], (
            str, bytes, _builtin_int, _builtin_bool, _builtin_float, _builtin_complex, np.generic)) \
            and "s" not in kinds:
        raise ValueError("Can't convert non-rectangular Python sequence to Tensor.")
    # TF infers a sequence's type from its first leaf (later leaves must fit it); an explicit dtype
    # converts directly for the types TF has Python converters for, else from the inferred type.
    # A failed conversion reports the inference error when there is one.
    err = _inference_error(kinds, first)
    if dtype is not None:
        direct = _DIRECT_KINDS.get(dtype._name)
        if direct is not None:
            if not kinds <= direct:
                raise err or _cannot_convert(value, dtype)
        else:
            if err is not None:
                raise err
            inferred = ("c" if "c" in kinds else "f" if "f" in kinds else "i" if "i" in kinds else
                        "b" if "b" in kinds else "s" if "s" in kinds else None)
            if dtype._np is None or not (inferred is None or inferred == "i" or (
                    inferred == "f" and (dtype.is_floating or dtype is complex64)) or (
                    inferred == "c" and dtype is complex64)):
                raise _cannot_convert(value, dtype)
    elif err is not None:
        raise err
    numeric = kinds & {"b", "i", "f", "c"}
    if "s" in kinds:
        try:
            return strings_to_object(arr)
        except Exception:
            raise ValueError("Can't convert non-rectangular Python sequence to Tensor.") from None
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
    if (dtype is string and kinds) or dtype._np is None:  # [] of strings: an empty tensor
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


# the leaf kinds TF's Python converters accept for each dtype (the others convert from the type
# inferred from the value: TF refuses bool -> int8/int16/uint8/uint16/uint32/bfloat16/complex64)
_DIRECT_KINDS = {"bool": {"b"}, "int32": {"b", "i"}, "int64": {"b", "i"}, "uint64": {"b", "i"},
                 "float16": {"b", "i", "f"}, "float32": {"b", "i", "f"},
                 "float64": {"b", "i", "f"}, "complex128": {"b", "i", "f", "c"}, "string": {"s"}}


def _first_kind(value, tensor_type):
    """The kind of the first leaf of a nested sequence (None when it has none)."""
    for x in value:
        if isinstance(x, (list, tuple)):
            k = _first_kind(x, tensor_type)
            if k is not None:
                return k
        else:
            return _leaf_kinds((x,), set(), tensor_type or ()).pop()
    return None


def _inference_error(kinds, first):
    """TF's error inferring a dtype for leaves of these kinds, the first being ``first``; None if
    they fit (ints take bools; floats take ints; complex, when first, takes any number)."""
    if first == "n":
        return ValueError("Attempt to convert a value (None) with an unsupported type (%r) to a "
                          "Tensor." % (type(None),))
    if ("n" in kinds or "o" in kinds or (first == "s") != ("s" in kinds) or "s" in kinds and
            len(kinds) > 1 or first == "b" and len(kinds) > 1 or "c" in kinds and first != "c"):
        return ValueError("Can't convert Python sequence with mixed types to Tensor.")
    return None


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
    """A NumPy array or scalar -> a fresh ndarray; it keeps its dtype, or is cast to ``dtype``
    (NumPy's cast, as TF does: ``'1'`` -> 1, long double -> float32, datetime64 -> int64)."""
    arr = np.array(value)  # always a copy: a tensor never aliases a user's array
    kind = arr.dtype.kind
    if dtype is not None and dtype is not string and arr.dtype != dtype._np:
        if dtype._np is None:
            raise _cannot_convert(value, dtype)
        with np.errstate(over="ignore", invalid="ignore"):  # (TF drops imaginary parts too)
            return (arr.real if kind == "c" and not dtype.is_complex else arr).astype(dtype._np)
    if kind in "USO":
        for x in arr.flat if kind == "O" else ():
            if not isinstance(x, (str, bytes)):
                raise _unsupported_object(x)
        return strings_to_object(arr)
    if dtype is string and arr.size:  # numbers are not strings
        raise _unsupported_object(arr.reshape(-1)[0].item())
    if arr.dtype in NP_TO_DTYPE or dtype is string:
        return strings_to_object(arr) if dtype is string else arr
    # long double, datetime64, timedelta64, structured, void ...: no TF dtype holds them
    raise ValueError("Failed to convert a NumPy array to a Tensor (Unsupported numpy type: "
                     "NPY_%s)." % _NPY_NAMES.get(kind, arr.dtype.name.upper()))


def _unsupported_object(x):
    t = type(x)
    name = ("numpy." + t.__name__ if t.__module__.split(".")[0] == "numpy" else
            "tensorflow.python.framework.ops.EagerTensor" if hasattr(x, "_v") else t.__name__)
    return ValueError("Failed to convert a NumPy array to a Tensor (Unsupported object type %s)."
                      % name)


_NPY_NAMES = {"M": "DATETIME", "m": "TIMEDELTA", "V": "VOID", "f": "LONGDOUBLE",
              "c": "CLONGDOUBLE"}


class PackInGraph(NotImplementedError):
    """A list holds a graph tensor known only when the graph runs: packed by graph ops instead."""


def _host_value(t):
    """A tensor's value as an ndarray (a graph tensor's only when fixed at trace time)."""
    static = getattr(type(t), "_static_value", None)
    if static is None:
        return t._v
    v = static(t)
    if v is None:
        raise PackInGraph("a list holding %s, whose value exists only when the graph runs" % (t,))
    return v


def _pack_tensors(value, dtype):
    """A nested list holding tensors -> the stacked array: TF's autopacking (tensors cast to an
    explicit dtype; lists of tensors packed as they are, Pack checking dtypes and shapes; in
    other lists tensors must have the first tensor's dtype and other leaves convert to it)."""
    def is_tensor(x):
        return hasattr(x, "dtype") and (hasattr(x, "_v") or hasattr(type(x), "_read"))

    def leaves(v):
        for x in v:
            yield from leaves(x) if isinstance(x, (list, tuple)) else (x,)

    target = next(x.dtype for x in leaves(value) if is_tensor(x))

    def array_of(x):
        a = _host_value(x._read() if hasattr(type(x), "_read") else x)
        if dtype is None or x.dtype is dtype:
            return a
        if string in (x.dtype, dtype) or dtype._np is None:
            raise TypeError("Cannot convert a list containing a tensor of dtype %s to %s (Tensor "
                            "is: %r)" % (x.dtype, dtype, x))
        with np.errstate(all="ignore"):
            return a.astype(dtype._np)

    def pack(arrays):
        for k, a in enumerate(arrays):
            if a.dtype != arrays[0].dtype:
                raise InvalidArgumentError(None, "Pack", "cannot compute Pack as input #%d(zero-"
                                           "based) was expected to be a %s tensor but is a %s "
                                           "tensor [Op:Pack] name: packed" % (
                                               k, dtype_of(arrays[0])._kernel_word,
                                               dtype_of(a)._kernel_word))
        for k, a in enumerate(arrays):
            if a.shape != arrays[0].shape:
                raise InvalidArgumentError(None, "Pack", "Shapes of all inputs must match: values[0]."
                                           "shape = [%s] != values[%d].shape = [%s] [Op:Pack] name: "
                                           "packed" % (",".join(map(str, arrays[0].shape)), k,
                                                       ",".join(map(str, a.shape))))
        return _Packed(np.stack(arrays))

    def helper(v):  # a _Packed array if v holds tensors, else v's items
        if v and all(is_tensor(x) for x in v):
            return pack([array_of(x) for x in v])
        items = [helper(x) if isinstance(x, (list, tuple)) else x for x in v]
        if not any(is_tensor(x) or type(x) is _Packed for x in items):
            return items
        for x in items:
            if is_tensor(x) and dtype is None and x.dtype is not target:
                raise TypeError("Cannot convert a list containing a tensor of dtype %s to %s "
                                "(Tensor is: %r)" % (x.dtype, target, x))
        return pack([x.a if type(x) is _Packed else array_of(x) if is_tensor(x) else
                     python_to_array(x, dtype or target) for x in items])

    out = helper(value)
    return out.a if type(out) is _Packed else python_to_array(out, dtype or target)


class _Packed:
    """An array packed from tensors (told apart from the user's own arrays in a list)."""
    __slots__ = ("a",)

    def __init__(self, a):
        self.a = a


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
