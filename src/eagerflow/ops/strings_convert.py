"""tf.strings between text and numbers: to_number (StringToNumber), as_string (AsString) and format
(StringFormat, TF's summarised printing of tensors into a template)."""
import re

import numpy as np

from .. import dtypes as _dt
from .._export import export
from ..engine.primitive import primitive, STRING_TYPES
from ..errors import InvalidArgumentError
from ..tensor import Tensor, VariableBase, convert_to_tensor
from ._args import _err
from ._summarize import summarize_array
from .strings import elementwise, map_strings

# -- to_number -------------------------------------------------------------------------------------
# What TF's parsers accept: surrounding ASCII whitespace, a sign, decimal or hexadecimal floats,
# inf/infinity/nan in any case; integers are plain decimal digits (no exponent, no point, no "_").
_FLOAT = re.compile(r"\s*[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|nan|"
                    r"0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?\d+)?)\s*\Z",
                    re.IGNORECASE | re.ASCII)
_INT = re.compile(r"\s*[+-]?\d+\s*\Z", re.ASCII)
_NUMBER_TYPES = (_dt.float32, _dt.float64, _dt.int32, _dt.int64, _dt.uint32, _dt.uint64)


def _parse_float(s):
    t = s.strip()
    if "x" in t.lower():
        sign = -1.0 if t.startswith("-") else 1.0
        return sign * float.fromhex(t.lstrip("+-"))
    return float(t)


@primitive("StringToNumber", dtypes=STRING_TYPES, differentiable=False)
def _string_to_number(a, out_type):
    np_type = np.dtype(out_type.as_numpy_dtype)
    floating = np_type.kind == "f"
    pattern = _FLOAT if floating else _INT
    info = None if floating else np.iinfo(np_type)
    out = np.empty(a.shape, np_type)
    flat = out.reshape(-1)
    for k, b in enumerate(a.reshape(-1)):
        s = b.decode("utf-8", "replace")
        if pattern.match(s) is None:
            raise _err("StringToNumber", "StringToNumberOp could not correctly convert string: "
                       "%s" % s)
        if floating:
            with np.errstate(over="ignore"):
                flat[k] = _parse_float(s)
            continue
        v = int(s)
        if not info.min <= v <= info.max:
            raise _err("StringToNumber", "StringToNumberOp could not correctly convert string: "
                       "%s" % s)
        flat[k] = v
    return out


@export("strings.to_number")
def to_number(input, out_type=_dt.float32, name=None):
    """Parses each string as a number of ``out_type`` (TF's error for text that is not one)."""
    out_type = _dt.as_dtype(out_type)
    if out_type not in _NUMBER_TYPES:
        allowed = ", ".join(d._kernel_word for d in _NUMBER_TYPES)
        raise InvalidArgumentError(None, "StringToNumber", (
            "Value for attr 'out_type' of %s is not in the list of allowed values: %s\n\t; "
            "NodeDef: {{node StringToNumber}}; Op<name=StringToNumber; signature=string_tensor:"
            "string -> output:out_type; attr=out_type:type,default=DT_FLOAT,allowed=[%s]> "
            "[Op:StringToNumber]") % (out_type._kernel_word, allowed, ", ".join(
                "DT_" + d._kernel_word.upper() for d in _NUMBER_TYPES)))
    return map_strings(input, _string_to_number,
                       lambda x: _string_to_number(x, out_type=out_type, name=name))


# -- as_string -------------------------------------------------------------------------------------
_FLAGS = " +-0#"  # the fills TF accepts are printf's flags


@primitive("AsString", differentiable=False, host=True)
def _as_string(a, precision, scientific, shortest, width, fill):
    if scientific and shortest:
        raise _err("AsString", "Cannot select both scientific and shortest notation")
    if len(fill) > 1:
        raise _err("AsString", "Fill string must be one or fewer characters")
    if fill and fill not in _FLAGS:
        raise _err("AsString", 'Fill argument not supported: "%s"' % fill)
    kind = a.dtype.kind
    if precision > -1 and kind not in "fc":
        raise _err("AsString", "precision not supported for datatype %s" % (
            _dt.NP_TO_DTYPE[a.dtype]._kernel_word))
    spec = "%" + fill + ("%d" % width if width > -1 else "") + (
        ".%d" % precision if precision > -1 else "")
    if kind == "b":
        return elementwise(lambda v: b"true" if v else b"false", a)
    if kind == "O":
        return elementwise(lambda s: ((spec + "s") % s.decode("utf-8", "surrogateescape"))
                           .encode("utf-8", "surrogateescape") if width > -1 else s, a)
    if kind in "iu":
        return elementwise(lambda v: ((spec + "d") % v).encode(), a)
    conv = spec + ("e" if scientific else "g" if shortest else "f")
    if kind == "c":
        return elementwise(lambda v: ("(%s,%s)" % (conv % v.real, conv % v.imag)).encode(), a)
    return elementwise(lambda v: (conv % float(v)).encode(), a)


@export("strings.as_string", "as_string")
def as_string(input, precision=-1, scientific=False, shortest=False, width=-1, fill="",
              name=None):
    """Each element as text, formatted as C's printf would (precision, width, fill flag)."""
    return _as_string(input, precision=int(precision), scientific=bool(scientific),
                      shortest=bool(shortest), width=int(width), fill=fill, name=name)


# -- format ----------------------------------------------------------------------------------------
@primitive("StringFormat", match=(), differentiable=False, host=True)
def _string_format(*arrays, pieces, summarize):
    parts = [pieces[0]]
    for a, piece in zip(arrays, pieces[1:]):
        parts.append(summarize_array(a, summarize))
        parts.append(piece)
    return np.array("".join(parts).encode("utf-8"), dtype=object)


@export("strings.format")
def format(template, inputs, placeholder="{}", summarize=3, name=None):
    """The template with each placeholder replaced by the summarised text of the next input."""
    if isinstance(inputs, (Tensor, VariableBase)):
        inputs = [inputs]
    elif not isinstance(inputs, (list, tuple)):
        inputs = [inputs]
    pieces = template.split(placeholder)
    if len(pieces) - 1 != len(inputs):
        raise ValueError("The template expects %d tensors, but the inputs only has %d. Please "
                         "ensure the number of placeholders in template matches inputs length."
                         % (len(pieces) - 1, len(inputs)))
    tensors = [convert_to_tensor(x) for x in inputs]
    n = -1 if summarize is None else int(summarize)
    return _string_format(*tensors, pieces=tuple(pieces), summarize=n, name=name)

