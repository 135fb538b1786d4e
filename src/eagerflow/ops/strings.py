"""tf.strings, elementwise and joining: join, reduce_join, length, lower, upper, strip and substr.

String tensors hold NumPy object arrays of ``bytes`` (dtypes.strings_to_object). Every op here is a
primitive without a gradient; the public functions convert their string inputs with TF's errors
(a Python value that is not a string: TypeError; a tensor of another dtype: InvalidArgumentError
naming the op) and map the elementwise ones over a RaggedTensor's flat values. The helpers at the
top are shared by the sibling modules strings_convert, strings_regex, strings_split and
strings_unicode."""
import numpy as np

from .. import dtypes as _dt
from .._export import export
from ..engine.primitive import primitive, mismatch_error, STRING_TYPES
from ..errors import InvalidArgumentError, OutOfRangeError
from ..tensor import Tensor, VariableBase, convert_to_tensor
from ._args import _err, _host

_OBJECT = np.dtype(object)


# -- helpers shared by the string modules ----------------------------------------------------------
def as_strings(x, prim, k=0, infer=False):
    """The k-th string input of ``prim``: a Python value converts to a string tensor (TF's
    TypeError when it is not text; with ``infer``, to the tensor its values make, as the ops whose
    Python layer converts without a dtype); a tensor of another dtype is TF's
    InvalidArgumentError."""
    if isinstance(x, VariableBase):
        x = x.read_value()
    if not isinstance(x, Tensor):
        x = convert_to_tensor(x, dtype=None if infer else _dt.string)
    if x.dtype is not _dt.string:
        raise mismatch_error(prim, k, _OBJECT, x._v.dtype)
    return x


def is_ragged(x):
    """True for a tf.RaggedTensor (tested by its protocol: eagerflow/ragged loads lazily)."""
    return hasattr(x, "flat_values") and hasattr(x, "with_flat_values")


def map_strings(x, prim, fn):
    """``fn(string tensor)`` on x, or on a RaggedTensor's flat values (same row partitions)."""
    if is_ragged(x):
        return x.with_flat_values(fn(as_strings(x.flat_values, prim)))
    return fn(as_strings(x, prim))


def elementwise(fn, a, dtype=_OBJECT):
    """An array of ``fn(element)`` over the object array a (any shape, 0-d included)."""
    out = np.empty(a.shape, dtype)
    flat = out.reshape(-1)
    for k, s in enumerate(a.reshape(-1)):
        flat[k] = fn(s)
    return out


def text(value):
    """An attribute given as str, bytes or a scalar string tensor -> str."""
    if isinstance(value, (Tensor, VariableBase)):
        value = _host(convert_to_tensor(value)).item()
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def attr_error(op, attr, value, allowed, signature):
    """TF's message for an attribute outside its allowed string values."""
    return InvalidArgumentError(None, op, (
        "Value for attr '%s' of \"%s\" is not in the list of allowed values: %s\n\t; NodeDef: "
        "{{node %s}}; Op<name=%s; signature=%s; attr=%s:string,allowed=[%s]> [Op:%s]") % (
            attr, value, ", ".join('"%s"' % a for a in allowed), op, op, signature, attr,
            ", ".join('"%s"' % a for a in allowed), op))


def ragged_rows(values, splits, shape):
    """Rows ``values[splits[i]:splits[i + 1]]`` of a flattened input of ``shape`` (rank >= 1), as a
    RaggedTensor whose outer dimensions are the input's, uniform as TF keeps them (a [2, 2] input
    gives shape (2, 2, None))."""
    from ..ragged import RaggedTensor
    rt = RaggedTensor.from_row_splits(values, splits, validate=False)
    for d in reversed(shape[1:]):
        rt = RaggedTensor.from_uniform_row_length(rt, d, validate=False)
    return rt


_UNITS = ("BYTE", "UTF8_CHAR")
_CONTINUATION = bytes(range(0x80, 0xC0))


def check_unit(op, unit, signature):
    if unit not in _UNITS:
        raise attr_error(op, "unit", unit, _UNITS, signature)


def utf8_length(s):
    """Characters of UTF-8 text as TF counts them: the bytes that are not continuation bytes."""
    return len(s.translate(None, _CONTINUATION))


# -- join ------------------------------------------------------------------------------------------
@primitive("StringJoin", dtypes=STRING_TYPES, differentiable=False)
def _string_join(*arrays, separator):
    shaped = [a for a in arrays if a.ndim]
    for a in shaped[1:]:
        if a.shape != shaped[0].shape:
            raise _err("StringJoin", "Input shapes do not match: [%s] vs. [%s]" % (
                ",".join(map(str, shaped[0].shape)), ",".join(map(str, a.shape))))
    if not arrays:
        return np.array(b"", dtype=object)
    sep = separator.encode("utf-8") if isinstance(separator, str) else separator
    out = arrays[0]
    for a in arrays[1:]:
        out = np.add(np.add(out, sep), a) if sep else np.add(out, a)
    return np.asarray(out, dtype=object)  # (NumPy gives a bytes scalar for 0-d operands)


@export("strings.join")
def join(inputs, separator="", name=None):
    """Elementwise concatenation of string tensors (scalars broadcast), with a separator."""
    if isinstance(inputs, (Tensor, VariableBase)):
        inputs = list(inputs)
    tensors = [as_strings(x, _string_join, k) for k, x in enumerate(inputs)]
    if len(tensors) == 1:
        return tensors[0]
    return _string_join(*tensors, separator=text(separator), name=name)


def _reduce_axes(op, rank, axis):
    # TF joins along the axes one after another, so the last one given varies slowest; no axis
    # means all of them from the last
    axes = list(range(rank))[::-1] if axis is None else [int(a) for a in np.ravel(_host(
        convert_to_tensor(axis)) if isinstance(axis, (Tensor, VariableBase)) else axis)]
    out = []
    for a in axes:
        if not -rank <= a < max(rank, 1):
            raise OutOfRangeError(None, op, "Invalid reduction dimension %d for input with %d "
                                  "dimension(s) [Op:%s] name: " % (a, rank, op))
        out.append(a % rank if rank else 0)
    return out


@primitive("ReduceJoin", dtypes=STRING_TYPES, differentiable=False)
def _reduce_join(a, axes, keepdims, separator):
    sep = separator.encode("utf-8")
    if a.ndim == 0:
        return a.copy()
    keep = [d for d in range(a.ndim) if d not in axes]
    moved = np.transpose(a, keep + list(axes)[::-1])
    inner = int(np.prod([a.shape[d] for d in axes], dtype=np.int64))
    rows = moved.reshape(-1, inner)
    out = np.empty(rows.shape[0], dtype=object)
    for k in range(rows.shape[0]):
        out[k] = sep.join(rows[k])
    shape = [1 if d in axes else a.shape[d] for d in range(a.ndim)] if keepdims else \
        [a.shape[d] for d in keep]
    return out.reshape(shape)


@export("strings.reduce_join")
def reduce_join(inputs, axis=None, keepdims=False, separator="", name=None):
    """Joins the strings along ``axis`` (all axes when None) with ``separator``."""
    if is_ragged(inputs):
        return _ragged_reduce_join(inputs, axis, keepdims, separator)
    x = as_strings(inputs, _reduce_join, infer=True)
    axes = _reduce_axes("ReduceJoin", x._v.ndim, axis)
    return _reduce_join(x, axes=axes, keepdims=bool(keepdims), separator=text(separator),
                        name=name)


def _ragged_reduce_join(rt, axis, keepdims, separator):
    """reduce_join of a 2-D RaggedTensor: along its rows (axis 1), its columns (axis 0) or all."""
    sep = text(separator).encode("utf-8")
    if rt.ragged_rank != 1 or rt.flat_values.shape.rank != 1:
        raise NotImplementedError("eagerflow: tf.strings.reduce_join of a RaggedTensor supports "
                                  "2-D ragged inputs (ragged_rank 1)")
    vals = as_strings(rt.flat_values, _reduce_join)._v
    splits = rt.row_splits.numpy()
    rows = [vals[splits[i]:splits[i + 1]] for i in range(len(splits) - 1)]
    axes = _reduce_axes("ReduceJoin", 2, axis)
    if sorted(axes) == [0, 1]:
        out = np.array(sep.join(vals), dtype=object)
        return convert_to_tensor(out.reshape((1, 1)) if keepdims else out)
    if axes == [1]:
        out = np.array([sep.join(r) for r in rows], dtype=object)
        return convert_to_tensor(out[:, None] if keepdims else out)
    width = max((len(r) for r in rows), default=0)
    out = np.array([sep.join(r[j] for r in rows if j < len(r)) for j in range(width)],
                   dtype=object)
    return convert_to_tensor(out[None, :] if keepdims else out)


# -- elementwise -----------------------------------------------------------------------------------
_LENGTH_SIG = "input:string -> output:int32"


@primitive("StringLength", dtypes=STRING_TYPES, differentiable=False)
def _string_length(a, unit):
    if unit == "BYTE":
        return elementwise(len, a, np.int32)
    return elementwise(utf8_length, a, np.int32)


@export("strings.length")
def length(input, unit="BYTE", name=None):
    """The length of each string, in bytes or in UTF-8 characters (int32)."""
    check_unit("StringLength", unit, _LENGTH_SIG)
    return map_strings(input, _string_length, lambda x: _string_length(x, unit=unit, name=name))


def _check_encoding(op, encoding):
    if encoding not in ("", "utf-8"):
        raise _err(op, "only utf-8 or '' (no encoding) is supported, received %s" % encoding)


def _case(name, ascii_fn, text_fn):
    def fwd(a, encoding):
        if encoding:
            return elementwise(lambda s: text_fn(s.decode("utf-8", "surrogateescape")).encode(
                "utf-8", "surrogateescape"), a)
        return elementwise(ascii_fn, a)  # bytes.lower/upper change ASCII letters only, as TF
    return primitive(name, dtypes=STRING_TYPES, differentiable=False)(fwd)


_lower = _case("StringLower", bytes.lower, str.lower)
_upper = _case("StringUpper", bytes.upper, str.upper)


@export("strings.lower")
def lower(input, encoding="", name=None):
    """Lower case: ASCII letters, or all of Unicode with ``encoding="utf-8"``."""
    _check_encoding("StringLower", encoding)
    return map_strings(input, _lower, lambda x: _lower(x, encoding=encoding, name=name))


@export("strings.upper")
def upper(input, encoding="", name=None):
    """Upper case: ASCII letters, or all of Unicode with ``encoding="utf-8"``."""
    _check_encoding("StringUpper", encoding)
    return map_strings(input, _upper, lambda x: _upper(x, encoding=encoding, name=name))


@primitive("StringStrip", dtypes=STRING_TYPES, differentiable=False)
def _string_strip(a):
    return elementwise(bytes.strip, a)  # ASCII whitespace, as TF's kernel


@export("strings.strip")
def strip(input, name=None):
    """Removes leading and trailing ASCII whitespace."""
    return map_strings(input, _string_strip, lambda x: _string_strip(x, name=name))


# -- substr ----------------------------------------------------------------------------------------
_SUBSTR_SIG = "input:string, pos:T, len:T -> output:string"
_POS_TYPES = frozenset(np.dtype(t) for t in (np.int32, np.int64))


def _dims(shape):
    return "[%s]" % ",".join(map(str, shape))


@primitive("Substr", dtypes=_POS_TYPES, match=(1, 2), differentiable=False)
def _substr(a, pos, ln, unit):
    shapes = (a.shape, pos.shape, ln.shape)
    try:
        shape = np.broadcast_shapes(*shapes)
    except ValueError:
        first = a.shape if a.shape != pos.shape else pos.shape
        other = next(s for s in shapes if s != first)
        raise _err("Substr", "Incompatible shapes: %s vs. %s" % (_dims(first), _dims(other))) \
            from None
    A, P, L = (np.broadcast_to(v, shape).reshape(-1) for v in (a, pos, ln))
    out = np.empty(A.shape, object)
    for k in range(A.shape[0]):
        s, p, n = A[k], int(P[k]), int(L[k])
        chars = s if unit == "BYTE" else s.decode("utf-8", "surrogateescape")
        size = len(chars)
        if p < -size or p > size:
            where = "string %r" % (s,) if unit == "BYTE" else "string"
            raise _err("Substr", "pos %d out of range for %s at index %d" % (p, where, k))
        p = p + size if p < 0 else p
        piece = chars[p:] if n < 0 else chars[p:p + n]
        out[k] = piece if unit == "BYTE" else piece.encode("utf-8", "surrogateescape")
    return out.reshape(shape)


@export("strings.substr")
def substr(input, pos, len, unit="BYTE", name=None):
    """Substrings from ``pos`` (negative: from the end) of ``len`` bytes or UTF-8 characters."""
    check_unit("Substr", unit, _SUBSTR_SIG)
    if is_ragged(input):
        return input.with_flat_values(substr(input.flat_values, pos, len, unit, name))
    return _substr(as_strings(input, _substr), pos, len, unit=unit, name=name)

