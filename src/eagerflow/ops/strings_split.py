"""Splitting strings into pieces: tf.strings.split (StringSplitV2), bytes_split (StringSplit with an
empty delimiter), ngrams (StringNGrams) and tf.io.decode_raw (DecodeRaw).

The split kernels take the flattened input and return (pieces, row_splits); a scalar input gives a
dense vector and an input of rank >= 1 a tf.RaggedTensor with the input's outer dimensions."""
import re

import numpy as np

from .. import dtypes as _dt
from .._export import export
from ..engine.primitive import primitive, STRING_TYPES
from ..errors import InvalidArgumentError
from ..tensor import convert_to_tensor, wrap
from .shape_ops import reshape
from .strings import as_strings, is_ragged, ragged_rows, text

_INT64 = np.int64


def _pieces(rows):
    """A list of lists of bytes -> (flat object array, int64 row splits)."""
    splits = np.zeros(len(rows) + 1, _INT64)
    splits[1:] = np.cumsum([len(r) for r in rows])
    values = np.empty(int(splits[-1]), object)
    k = 0
    for r in rows:
        values[k:k + len(r)] = r
        k += len(r)
    return values, splits


@primitive("StringSplitV2", dtypes=STRING_TYPES, differentiable=False, multiple_results=True)
def _string_split_v2(a, sep, maxsplit):
    sep = sep or None  # None or b"": split on runs of ASCII whitespace, as Python's bytes.split
    return _pieces([s.split(sep, maxsplit) for s in a.reshape(-1)])


def _shaped(prim_out, shape):
    values, splits = prim_out
    if not shape:
        return values
    return ragged_rows(values, splits, list(shape))


@export("strings.split")
def split(input, sep=None, maxsplit=-1, name=None):
    """Splits each string on ``sep`` (runs of whitespace when None): a vector for a scalar input,
    else a RaggedTensor with one more (ragged) dimension."""
    if is_ragged(input):
        return input.with_flat_values(split(input.flat_values, sep, maxsplit, name))
    try:
        x = convert_to_tensor(input, dtype=_dt.string)
    except ValueError as e:  # TF converts it as the argument named "input"
        raise ValueError("input: %s" % e) from None
    sep = b"" if sep is None else text(sep).encode("utf-8")
    return _shaped(_string_split_v2(x, sep=sep, maxsplit=int(maxsplit), name=name),
                   tuple(x.shape.as_list()))


@primitive("StringSplit", dtypes=STRING_TYPES, differentiable=False, multiple_results=True)
def _string_split(a, delimiter, skip_empty):
    if delimiter:  # TF1's StringSplit: every byte of the delimiter separates
        rx = re.compile(b"[" + re.escape(delimiter) + b"]")
        rows = [[p for p in rx.split(s) if p or not skip_empty] for s in a.reshape(-1)]
    else:
        rows = [[s[i:i + 1] for i in range(len(s))] for s in a.reshape(-1)]
    return _pieces(rows)


@export("strings.bytes_split")
def bytes_split(input, name=None):
    """Splits each string into its bytes (a vector for a scalar, else a RaggedTensor)."""
    if is_ragged(input):
        return input.with_flat_values(bytes_split(input.flat_values, name))
    x = convert_to_tensor(input)
    shape = tuple(x.shape.as_list())
    flat = convert_to_tensor(reshape(x, [-1]), dtype=_dt.string)  # TF's error for non-strings
    return _shaped(_string_split(flat, delimiter=b"", skip_empty=False, name=name), shape)


# -- ngrams ----------------------------------------------------------------------------------------
@primitive("StringNGrams", dtypes=STRING_TYPES, match=(0,), differentiable=False,
           multiple_results=True)
def _string_ngrams(data, splits, separator, widths, left_pad, right_pad, pad_width,
                   preserve_short):
    sep = separator.encode("utf-8")
    lp, rp = left_pad.encode("utf-8"), right_pad.encode("utf-8")
    rows = []
    for i in range(splits.shape[0] - 1):
        seq = list(data[splits[i]:splits[i + 1]])
        row = []
        for w in widths:
            pw = min(pad_width, w - 1) if pad_width >= 0 else w - 1
            padded = [lp] * pw + seq + [rp] * pw
            row.extend(sep.join(padded[j:j + w]) for j in range(len(padded) - w + 1))
        if not row and preserve_short and seq:
            pw = min(pad_width, min(widths) - 1) if pad_width >= 0 else min(widths) - 1
            row.append(sep.join([lp] * pw + seq + [rp] * pw))
        rows.append(row)
    return _pieces(rows)


@export("strings.ngrams")
def ngrams(data, ngram_width, separator=" ", pad_values=None, padding_width=None,
           preserve_short_sequences=False, name=None):
    """The n-grams of each innermost row, joined with ``separator``, widths in the order given."""
    widths = (ngram_width,) if isinstance(ngram_width, int) else tuple(ngram_width)
    if any(w <= 0 for w in widths):
        raise ValueError("All ngram_widths must be greater than 0. Got %s" % (ngram_width,))
    if pad_values is None:
        if padding_width is not None:
            raise ValueError("pad_values must be provided if padding_width is set.")
        left = right = ""
        pad_width = 0
    else:
        if isinstance(pad_values, (tuple, list)) and len(pad_values) == 2:
            left, right = (text(v) for v in pad_values)
        elif isinstance(pad_values, (str, bytes)):
            left = right = text(pad_values)
        else:
            raise ValueError("pad_values must be a string, tuple or list.")
        pad_width = -1 if padding_width is None else int(padding_width)
        if padding_width is not None and pad_width < 1:
            raise ValueError("padding_width must be greater than 0.")
    attrs = dict(separator=text(separator), widths=widths, left_pad=left, right_pad=right,
                 pad_width=pad_width, preserve_short=bool(preserve_short_sequences))
    if is_ragged(data):
        if data.ragged_rank > 1:
            return data.with_values(ngrams(data.values, ngram_width, separator, pad_values,
                                           padding_width, preserve_short_sequences, name))
        values, splits = _string_ngrams(as_strings(data.values, _string_ngrams),
                                        data.row_splits, **attrs, name=name)
        return _rows_like(values, splits, data.row_splits.dtype)
    x = as_strings(data, _string_ngrams)
    shape = tuple(x.shape.as_list())
    if not shape:
        raise ValueError("Data must have rank>0")
    n = shape[-1]
    outer = int(np.prod(shape[:-1], dtype=_INT64))
    splits = wrap(np.arange(outer + 1, dtype=_INT64) * n)
    values, out_splits = _string_ngrams(reshape(x, [-1]), splits, **attrs, name=name)
    per_row = np.diff(out_splits._v)
    count = int(per_row[0]) if per_row.size else 0
    if (per_row != count).any():  # preserve_short_sequences can make rows differ
        return _rows_like(values, out_splits, _dt.int64)
    return reshape(values, list(shape[:-1]) + [count])


def _rows_like(values, splits, dtype):
    from ..ragged import RaggedTensor
    s = splits._v.astype(dtype.as_numpy_dtype)
    return RaggedTensor.from_row_splits(values, wrap(s), validate=False)


# -- tf.io.decode_raw ------------------------------------------------------------------------------
@primitive("DecodeRaw", dtypes=STRING_TYPES, differentiable=False)
def _decode_raw(a, out_type, little_endian, fixed_length):
    np_type = np.dtype(out_type.as_numpy_dtype).newbyteorder("<" if little_endian else ">")
    size = np_type.itemsize
    flat = list(a.reshape(-1))
    if fixed_length is not None:
        flat = [s[:fixed_length].ljust(fixed_length, b"\0") for s in flat]
    n = len(flat[0]) if flat else 0
    for k, s in enumerate(flat):
        if len(s) != n:
            raise InvalidArgumentError(None, "DecodeRaw", (
                "DecodeRaw requires input strings to all be the same size, but element %d has "
                "size %d != %d [Op:DecodeRaw] name: ") % (k, n, len(s)))
    if n % size:
        raise InvalidArgumentError(None, "DecodeRaw", (
            "Input to DecodeRaw has length %d that is not a multiple of %d, the size of %s "
            "[Op:DecodeRaw] name: ") % (n, size, out_type._kernel_word))
    buf = np.frombuffer(b"".join(flat), dtype=np_type).astype(np_type.newbyteorder("="))
    return buf.reshape(a.shape + (n // size,))


@export("io.decode_raw")
def decode_raw(input_bytes, out_type, little_endian=True, fixed_length=None, name=None):
    """Reinterprets the bytes of each string as a vector of ``out_type`` numbers."""
    x = as_strings(input_bytes, _decode_raw)
    return _decode_raw(x, out_type=_dt.as_dtype(out_type), little_endian=bool(little_endian),
                       fixed_length=None if fixed_length is None else int(fixed_length),
                       name=name)

