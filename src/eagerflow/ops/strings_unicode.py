"""tf.strings' Unicode ops: unicode_decode (and _with_offsets), unicode_encode, unicode_transcode,
unicode_split (and _with_offsets).

Decoding uses Python's codecs (TF uses ICU; both name encodings alike: "UTF-8", "UTF8",
"UTF-16-BE", "ISO-8859-1" ...). An invalid byte sequence is one error, replaced by
``replacement_char`` (errors="replace"), dropped ("ignore") or TF's InvalidArgumentError
("strict"); Python's decoders and ICU both cut invalid input into maximal invalid subparts. Decoding
a scalar gives a vector of code points; an input of rank >= 1 a RaggedTensor."""
import codecs
import _thread  # threading's lock and thread-local types, without importing threading

import numpy as np

from .. import dtypes as _dt
from .._export import export
from ..engine.primitive import primitive, mismatch_error, STRING_TYPES
from ..tensor import convert_to_tensor, wrap
from ._args import _err
from .shape_ops import reshape
from .strings import as_strings, attr_error, elementwise, is_ragged, map_strings, ragged_rows

_ERRORS = ("ignore", "replace", "strict")
_OUTPUT_ENCODINGS = ("UTF-8", "UTF-16-BE", "UTF-32-BE")
_ENCODE_SIG = "input_values:int32, input_splits:Tsplits -> output:string"
_MARK = "\ud800"  # a lone surrogate: no successful decode yields one, so it marks an error
_spans = _thread._local()  # .lengths: the byte lengths of the invalid runs of the current decode


def _mark(err):
    _spans.lengths.append(err.end - err.start)
    return _MARK, err.end


codecs.register_error("eagerflow.unicode_mark", _mark)


def _codec(op, encoding):
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise _err(op, "Could not create converter for input encoding: %s" % encoding) from None


def _check_errors(op, errors, signature):
    if not isinstance(errors, str):
        raise TypeError("Expected string for argument 'errors' not %r." % (errors,))
    if errors not in _ERRORS:
        raise attr_error(op, "errors", errors, _ERRORS, signature)


def _decode_one(op, s, codec, errors, replacement_char, replace_control):
    """One string -> (code points, byte offsets) with TF's error handling."""
    _spans.lengths = []
    chars = s.decode(codec, "eagerflow.unicode_mark")
    lengths = iter(_spans.lengths)
    points, offsets = [], []
    pos = 0
    for ch in chars:
        if ch == _MARK:
            size = next(lengths)
            if errors == "strict":
                raise _err(op, "Invalid formatting on input string")
            if errors == "replace":
                points.append(replacement_char)
                offsets.append(pos)
        else:
            size = len(ch.encode(codec))
            cp = ord(ch)
            points.append(replacement_char if replace_control and cp < 0x20 else cp)
            offsets.append(pos)
        pos += size
    return points, offsets


def _decoder(name):
    def fwd(a, input_encoding, errors, replacement_char, replace_control_characters):
        codec = _codec(name, input_encoding)
        rows = [_decode_one(name, s, codec, errors, replacement_char, replace_control_characters)
                for s in a.reshape(-1)]
        splits = np.zeros(len(rows) + 1, np.int64)
        splits[1:] = np.cumsum([len(p) for p, _ in rows])
        points = np.array([c for p, _ in rows for c in p], np.int32)
        offsets = np.array([o for _, q in rows for o in q], np.int64)
        return (splits, points, offsets) if name.endswith("Offsets") else (splits, points)
    return primitive(name, dtypes=STRING_TYPES, differentiable=False, multiple_results=True)(fwd)


_unicode_decode = _decoder("UnicodeDecode")
_unicode_decode_with_offsets = _decoder("UnicodeDecodeWithOffsets")


def _decode(prim, input, input_encoding, errors, replacement_char, replace_control_characters,
            name):
    """The decode kernel's outputs shaped as TF shapes them: [splits, values ...] ->
    values (dense for a scalar input, ragged otherwise), one per kernel output after the splits."""
    if is_ragged(input):
        outs = _decode(prim, input.flat_values, input_encoding, errors, replacement_char,
                       replace_control_characters, name)
        return [input.with_flat_values(o) for o in outs]
    _check_errors(prim.name, errors, "input:string -> row_splits:Tsplits, char_values:int32")
    x = as_strings(input, prim)
    outs = prim(reshape(x, [-1]), input_encoding=input_encoding, errors=errors,
                replacement_char=int(replacement_char),
                replace_control_characters=bool(replace_control_characters), name=name)
    shape = x.shape.as_list()
    if not shape:
        return list(outs[1:])
    return [ragged_rows(o, outs[0], shape) for o in outs[1:]]


@export("strings.unicode_decode")
def unicode_decode(input, input_encoding, errors="replace", replacement_char=65533,
                   replace_control_characters=False, name=None):
    """The Unicode code points (int32) of each string."""
    return _decode(_unicode_decode, input, input_encoding, errors, replacement_char,
                   replace_control_characters, name)[0]


@export("strings.unicode_decode_with_offsets")
def unicode_decode_with_offsets(input, input_encoding, errors="replace", replacement_char=65533,
                                replace_control_characters=False, name=None):
    """(code points, the byte offset where each starts) of each string."""
    points, offsets = _decode(_unicode_decode_with_offsets, input, input_encoding, errors,
                              replacement_char, replace_control_characters, name)
    return points, offsets


# -- encode ----------------------------------------------------------------------------------------
def _valid(cp):
    return 0 <= cp <= 0x10FFFF and not 0xD800 <= cp <= 0xDFFF


def _encode_points(points, codec, errors, replacement_char):
    chars = []
    for cp in points:
        cp = int(cp)
        if not _valid(cp):
            if errors == "strict":
                raise _err("UnicodeEncode", "Code point is out of range for Unicode, or is a "
                           "surrogate.")
            if errors == "ignore":
                continue
            cp = replacement_char
        chars.append(chr(cp))
    return "".join(chars).encode(codec)


@primitive("UnicodeEncode", dtypes=frozenset([np.dtype(np.int32)]), match=(0,),
           differentiable=False, host=True)
def _unicode_encode(values, splits, output_encoding, errors, replacement_char):
    codec = codecs.lookup(output_encoding).name
    out = np.empty(splits.shape[0] - 1, object)
    for i in range(out.shape[0]):
        out[i] = _encode_points(values[splits[i]:splits[i + 1]], codec, errors, replacement_char)
    return out


def _int32_values(x):
    t = convert_to_tensor(x)
    if t.dtype is not _dt.int32:
        raise mismatch_error(_unicode_encode, 0, np.dtype(np.int32), t._v.dtype)
    return t


@export("strings.unicode_encode")
def unicode_encode(input, output_encoding, errors="replace", replacement_char=65533, name=None):
    """Encodes each innermost row of code points as one string (the result has one rank less)."""
    if output_encoding not in _OUTPUT_ENCODINGS:
        raise attr_error("UnicodeEncode", "output_encoding", output_encoding, _OUTPUT_ENCODINGS,
                         _ENCODE_SIG)
    _check_errors("UnicodeEncode", errors, _ENCODE_SIG)
    attrs = dict(output_encoding=output_encoding, errors=errors,
                 replacement_char=int(replacement_char), name=name)
    if is_ragged(input):
        if input.ragged_rank > 1:
            return input.with_values(unicode_encode(input.values, output_encoding, errors,
                                                    replacement_char, name))
        values = _int32_values(input.values)
        return _unicode_encode(values, input.row_splits, **attrs)
    x = _int32_values(input)
    shape = x.shape.as_list()
    if not shape:
        raise ValueError("input_tensor's rank must be at least 1.")
    n = shape[-1]
    outer = int(np.prod(shape[:-1], dtype=np.int64))
    splits = wrap(np.arange(outer + 1, dtype=np.int64) * n)
    return reshape(_unicode_encode(reshape(x, [-1]), splits, **attrs), shape[:-1])


# unicode_encode takes RaggedTensors itself (it is not elementwise: each innermost row becomes one
# string); the mark tells eagerflow/ragged/api.py's installer that no ragged wrapper is needed
unicode_encode._ragged_original = unicode_encode


@primitive("UnicodeTranscode", dtypes=STRING_TYPES, differentiable=False)
def _unicode_transcode(a, input_encoding, output_encoding, errors, replacement_char,
                       replace_control_characters):
    codec = _codec("UnicodeTranscode", input_encoding)
    out_codec = codecs.lookup(output_encoding).name

    def one(s):
        points, _ = _decode_one("UnicodeTranscode", s, codec, errors, replacement_char,
                                replace_control_characters)
        return _encode_points(points, out_codec, "replace", replacement_char)
    return elementwise(one, a)


@export("strings.unicode_transcode")
def unicode_transcode(input, input_encoding, output_encoding, errors="replace",
                      replacement_char=65533, replace_control_characters=False, name=None):
    """Re-encodes each string from ``input_encoding`` to ``output_encoding``."""
    sig = "input:string -> output:string"
    if output_encoding not in _OUTPUT_ENCODINGS:
        raise attr_error("UnicodeTranscode", "output_encoding", output_encoding,
                         _OUTPUT_ENCODINGS, sig)
    _check_errors("UnicodeTranscode", errors, sig)
    return map_strings(input, _unicode_transcode, lambda x: _unicode_transcode(
        x, input_encoding=input_encoding, output_encoding=output_encoding, errors=errors,
        replacement_char=int(replacement_char),
        replace_control_characters=bool(replace_control_characters), name=name))


# -- split -----------------------------------------------------------------------------------------
def _one_char_strings(points, encoding):
    """Each code point (a dense int32 vector) as its own encoded string."""
    n = int(points.shape[0])
    splits = wrap(np.arange(n + 1, dtype=np.int64))
    return _unicode_encode(points, splits, output_encoding=encoding, errors="replace",
                           replacement_char=65533)


def _split(input, input_encoding, errors, replacement_char, with_offsets, name):
    prim = _unicode_decode_with_offsets if with_offsets else _unicode_decode
    outs = _decode(prim, input, input_encoding, errors, replacement_char, False, name)
    points = outs[0]
    flat = points.flat_values if is_ragged(points) else points
    chars = _one_char_strings(reshape(flat, [-1]), input_encoding)
    pieces = points.with_flat_values(chars) if is_ragged(points) else chars
    return (pieces, outs[1]) if with_offsets else pieces


@export("strings.unicode_split")
def unicode_split(input, input_encoding, errors="replace", replacement_char=65533, name=None):
    """Splits each string into its characters (each a string in ``input_encoding``)."""
    return _split(input, input_encoding, errors, replacement_char, False, name)


@export("strings.unicode_split_with_offsets")
def unicode_split_with_offsets(input, input_encoding, errors="replace", replacement_char=65533,
                               name=None):
    """(characters, the byte offset where each starts) of each string."""
    return _split(input, input_encoding, errors, replacement_char, True, name)
