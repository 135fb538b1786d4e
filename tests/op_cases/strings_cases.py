"""Op-table rows for tf.strings and tf.io.decode_raw: string tensors (object arrays of bytes) in,
references written with Python's str/bytes methods. None of these ops has a gradient.

Rows whose public function returns a RaggedTensor for inputs of rank >= 1 take scalar inputs here
(a dense result); tests/ops/test_strings.py covers their ragged results."""
import numpy as np

from .case import OpCase

_ALPHABET = list("abcXYZ 019é語😊") + ["  ", "\t"]


def _text(rng, shape, alphabet=_ALPHABET, max_len=6):
    out = np.empty(shape, object)
    flat = out.reshape(-1)
    for k in range(flat.shape[0]):
        n = int(rng.integers(0, max_len + 1))
        flat[k] = "".join(rng.choice(alphabet, n)).encode("utf-8")
    return out


def _texts(alphabet=_ALPHABET, max_len=6):
    return lambda rng, shapes, dtype: [_text(rng, s, alphabet, max_len) for s in shapes]


def _numbers(rng, shapes, dtype):
    return [np.array(["%d" % v for v in rng.integers(-999, 999, size=int(np.prod(s)))],
                     object).reshape(s).astype(bytes).astype(object) for s in shapes]


def _map(fn, dtype=object):
    def ref(a, **kw):
        out = np.empty(a.shape, dtype)
        flat = out.reshape(-1)
        for k, s in enumerate(a.reshape(-1)):
            flat[k] = fn(s, **kw)
        return out
    return ref


def _fn(f):
    return lambda tf: (lambda *a, **k: f(tf, *a, **k))


def _split_ref(a):
    return np.array(a[()].split(), object)


def _ngrams_ref(a, width=2):
    toks = list(a)
    return np.array([b" ".join(toks[i:i + width]) for i in range(len(toks) - width + 1)], object)


def _decode_ref(a):
    return np.array([ord(c) for c in a[()].decode("utf-8")], np.int32)


def _offsets_ref(a):
    s = a[()].decode("utf-8")
    return np.cumsum([0] + [len(c.encode("utf-8")) for c in s[:-1]]).astype(np.int64)[:len(s)]


S = ("string",)
CASES = [
    OpCase("strings.join", lambda a, b: a + b"-" + b, 2, S, shapes=(((2, 3), (2, 3)), ((2, 3), ())),
           make=_texts(), grad=False, fn=_fn(lambda tf, a, b: tf.strings.join([a, b], "-")),
           prims=("StringJoin",)),
    OpCase("strings.reduce_join",
           lambda a, axis, separator: np.array([b",".join(r) for r in a], object), 1, S,
           make=_texts(), grad=False, kwargs={"axis": 1, "separator": ","},
           prims=("ReduceJoin",)),
    OpCase("strings.length", _map(len, np.int32), 1, S, make=_texts(), grad=False,
           out_dtype="int32", prims=("StringLength",)),
    OpCase("strings.length", _map(lambda s, unit: len(s.decode("utf-8")), np.int32), 1, S,
           make=_texts(), grad=False, out_dtype="int32", kwargs={"unit": "UTF8_CHAR"},
           prims=("StringLength",), note="UTF8_CHAR"),
    OpCase("strings.lower", _map(bytes.lower), 1, S, make=_texts(), grad=False,
           prims=("StringLower",)),
    OpCase("strings.upper", _map(lambda s, encoding: s.decode().upper().encode()), 1, S,
           make=_texts(), grad=False, kwargs={"encoding": "utf-8"}, prims=("StringUpper",)),
    OpCase("strings.strip", _map(bytes.strip), 1, S, make=_texts(), grad=False,
           prims=("StringStrip",)),
    OpCase("strings.substr", _map(lambda s: s.decode()[:2].encode()), 1, S,
           make=_texts(list("aé語😊")), grad=False,
           fn=_fn(lambda tf, x: tf.strings.substr(x, 0, 2, unit="UTF8_CHAR")), prims=("Substr",)),
    OpCase("strings.regex_full_match",
           _map(lambda s, pattern: s.isalpha() or s == b"", np.bool_),
           1, S, make=_texts(list("abé ")), grad=False, kwargs={"pattern": "[a-zA-Z]*"},
           out_dtype="bool", prims=("StaticRegexFullMatch",)),
    OpCase("strings.regex_replace", _map(lambda s, pattern, rewrite: s.replace(b"a", b"<a>")), 1,
           S, make=_texts(), grad=False, kwargs={"pattern": "a", "rewrite": r"<\0>"},
           prims=("StaticRegexReplace",)),
    OpCase("strings.to_number", _map(lambda s, out_type: int(s), np.int64), 1, S, make=_numbers,
           grad=False, out_dtype="int64", kwargs={"out_type": "int64"},
           prims=("StringToNumber",)),
    OpCase("strings.as_string", _map(lambda v: b"%d" % v), 1, ("int32", "int64"),
           domain=(-100, 100), grad=False, out_dtype="string", prims=("AsString",)),
    OpCase("strings.format", lambda a: np.array([("x=[%s]" % " ".join(map(str, a))).encode()],
                                                object), 1, ("int32",), shapes=(((5,),),),
           domain=(-9, 9), grad=False, out_dtype="string",
           fn=_fn(lambda tf, x: tf.reshape(tf.strings.format("x={}", x, summarize=-1), [1])),
           prims=("StringFormat",)),
    OpCase("strings.split", _split_ref, 1, S, shapes=(((),),), make=_texts(max_len=12),
           grad=False, prims=("StringSplitV2",)),
    OpCase("strings.bytes_split", lambda a: np.array([a[()][i:i + 1] for i in range(len(a[()]))],
                                                     object), 1, S, shapes=(((),),),
           make=_texts(), grad=False, prims=("StringSplit",)),
    OpCase("strings.ngrams", _ngrams_ref, 1, S, shapes=(((5,),),), make=_texts(), grad=False,
           fn=_fn(lambda tf, x: tf.strings.ngrams(x, 2)), prims=("StringNGrams",)),
    OpCase("io.decode_raw", lambda a: np.frombuffer(a[()], np.uint8), 1, S, shapes=(((),),),
           make=_texts(), grad=False, out_dtype="uint8",
           fn=_fn(lambda tf, x: tf.io.decode_raw(x, tf.uint8)), prims=("DecodeRaw",)),
    OpCase("strings.unicode_decode", _decode_ref, 1, S, shapes=(((),),), make=_texts(),
           grad=False, out_dtype="int32",
           fn=_fn(lambda tf, x: tf.strings.unicode_decode(x, "UTF-8")), prims=("UnicodeDecode",)),
    OpCase("strings.unicode_decode_with_offsets", _offsets_ref, 1, S, shapes=(((),),),
           make=_texts(), grad=False, out_dtype="int64",
           fn=_fn(lambda tf, x: tf.strings.unicode_decode_with_offsets(x, "UTF-8")[1]),
           prims=("UnicodeDecodeWithOffsets",)),
    OpCase("strings.unicode_encode",
           lambda a: np.array(["".join(map(chr, r)).encode() for r in a], object),
           1, ("int32",), shapes=(((2, 6),),), domain=(32, 0x3000), grad=False, out_dtype="string",
           fn=_fn(lambda tf, x: tf.strings.unicode_encode(x, "UTF-8")),
           prims=("UnicodeEncode",)),
    OpCase("strings.unicode_transcode", _map(lambda s: s.decode().encode("utf-16-be")), 1, S,
           make=_texts(), grad=False,
           fn=_fn(lambda tf, x: tf.strings.unicode_transcode(x, "UTF-8", "UTF-16-BE")),
           prims=("UnicodeTranscode",)),
]
