"""tf.strings and tf.io.decode_raw: values against Python's own text handling (hypothesis over
Unicode text for decode/encode round trips, lengths and substrings), result structure (dense for
scalars, RaggedTensor otherwise) and TF's error classes."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import eagerflow as tf

# text without lone surrogates (which UTF-8 cannot carry)
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
TEXTS = st.lists(TEXT, min_size=1, max_size=5)


def _ragged_list(rt):
    return rt.to_list()


# -- unicode ---------------------------------------------------------------------------------------
@settings(max_examples=60, deadline=None)
@given(TEXT)
def test_decode_encode_round_trip_scalar(s):
    points = tf.strings.unicode_decode(s, "UTF-8")
    assert points.dtype == tf.int32
    assert points.numpy().tolist() == [ord(c) for c in s]
    if s:
        assert tf.strings.unicode_encode(points, "UTF-8").numpy() == s.encode("utf-8")


@settings(max_examples=40, deadline=None)
@given(TEXTS)
def test_decode_encode_round_trip_batch(texts):
    rt = tf.strings.unicode_decode(texts, "UTF-8")
    assert isinstance(rt, tf.RaggedTensor)
    assert _ragged_list(rt) == [[ord(c) for c in s] for s in texts]
    back = tf.strings.unicode_encode(rt, "UTF-8")
    assert back.numpy().tolist() == [s.encode("utf-8") for s in texts]


@settings(max_examples=40, deadline=None)
@given(TEXT)
def test_offsets_are_byte_starts(s):
    points, offsets = tf.strings.unicode_decode_with_offsets(s, "UTF-8")
    starts = np.cumsum([0] + [len(c.encode("utf-8")) for c in s])[:len(s)]
    assert offsets.dtype == tf.int64
    assert offsets.numpy().tolist() == starts.tolist()


@settings(max_examples=40, deadline=None)
@given(TEXT)
def test_utf16_transcode_matches_python(s):
    out = tf.strings.unicode_transcode(s, "UTF-8", "UTF-16-BE")
    assert out.numpy() == s.encode("utf-16-be")
    assert tf.strings.unicode_decode(out, "UTF-16-BE").numpy().tolist() == [ord(c) for c in s]


@settings(max_examples=40, deadline=None)
@given(TEXT)
def test_unicode_split_gives_the_characters(s):
    got = tf.strings.unicode_split(s, "UTF-8").numpy().tolist()
    assert got == [c.encode("utf-8") for c in s]


def test_invalid_utf8_replace_ignore_strict():
    bad = b"a\xffb\xe8\xafc"
    assert tf.strings.unicode_decode(bad, "UTF-8").numpy().tolist() == [97, 65533, 98, 65533, 99]
    assert tf.strings.unicode_decode(bad, "UTF-8", errors="ignore").numpy().tolist() == \
        [97, 98, 99]
    _, offsets = tf.strings.unicode_decode_with_offsets(bad, "UTF-8")
    assert offsets.numpy().tolist() == [0, 1, 2, 3, 5]
    with pytest.raises(tf.errors.InvalidArgumentError, match="Invalid formatting"):
        tf.strings.unicode_decode(bad, "UTF-8", errors="strict")


def test_encode_invalid_code_points():
    assert tf.strings.unicode_encode([0x110000, 0xD800, 65], "UTF-8").numpy() == \
        b"\xef\xbf\xbd\xef\xbf\xbdA"
    assert tf.strings.unicode_encode([-1, 65], "UTF-8", errors="ignore").numpy() == b"A"
    with pytest.raises(tf.errors.InvalidArgumentError, match="Code point is out of range"):
        tf.strings.unicode_encode([-1], "UTF-8", errors="strict")


def test_unicode_errors():
    with pytest.raises(tf.errors.InvalidArgumentError, match="Could not create converter"):
        tf.strings.unicode_decode("a", "NOT-AN-ENCODING")
    with pytest.raises(tf.errors.InvalidArgumentError, match="output_encoding"):
        tf.strings.unicode_encode([65], "latin1")
    with pytest.raises(tf.errors.InvalidArgumentError, match="expected to be a int32 tensor"):
        tf.strings.unicode_encode([65.0], "UTF-8")
    with pytest.raises(ValueError, match="rank must be at least 1"):
        tf.strings.unicode_encode(65, "UTF-8")


def test_decode_of_a_matrix_keeps_its_outer_dimensions():
    rt = tf.strings.unicode_decode([["ab", "c"], ["", "é"]], "UTF-8")
    assert rt.to_list() == [[[97, 98], [99]], [[], [233]]]
    back = tf.strings.unicode_encode(rt, "UTF-8").numpy().tolist()
    assert back == [[b"ab", b"c"], [b"", "é".encode()]]


# -- length / substr -------------------------------------------------------------------------------
@settings(max_examples=60, deadline=None)
@given(TEXTS)
def test_length_bytes_and_chars(texts):
    assert tf.strings.length(texts).numpy().tolist() == [len(s.encode()) for s in texts]
    assert tf.strings.length(texts, unit="UTF8_CHAR").numpy().tolist() == [len(s) for s in texts]


@settings(max_examples=60, deadline=None)
@given(TEXT, st.data())
def test_substr_matches_python_slicing(s, data):
    b = s.encode("utf-8")
    pos = data.draw(st.integers(-len(b), len(b)))
    n = data.draw(st.integers(0, len(b) + 2))
    start = pos + len(b) if pos < 0 else pos  # a negative position counts from the end
    assert tf.strings.substr(b, pos, n).numpy() == b[start:start + n]
    cpos = data.draw(st.integers(-len(s), len(s)))
    cstart = cpos + len(s) if cpos < 0 else cpos
    got = tf.strings.substr(s, cpos, n, unit="UTF8_CHAR").numpy()
    assert got == s[cstart:cstart + n].encode("utf-8")


def test_substr_out_of_range_and_broadcast():
    with pytest.raises(tf.errors.InvalidArgumentError, match="pos 3 out of range for string"):
        tf.strings.substr(["hello", "hi"], 3, 1)
    out = tf.strings.substr([["hello", "hi"], ["abc", "d"]], [0, 1], [2, 1])
    assert out.numpy().tolist() == [[b"he", b"i"], [b"ab", b""]]
    with pytest.raises(tf.errors.InvalidArgumentError, match="Incompatible shapes"):
        tf.strings.substr(["hello", "hi"], [0, 1, 2], [1, 1, 1])


# -- split / join ----------------------------------------------------------------------------------
@settings(max_examples=60, deadline=None)
@given(st.lists(st.text("ab ,", max_size=10), min_size=1, max_size=4),
       st.sampled_from([None, ",", " ", "ab"]), st.integers(-1, 3))
def test_split_matches_python(texts, sep, maxsplit):
    rt = tf.strings.split(texts, sep=sep, maxsplit=maxsplit)
    bsep = None if sep is None else sep.encode()
    assert rt.to_list() == [s.encode().split(bsep, maxsplit) for s in texts]
    scalar = tf.strings.split(texts[0], sep=sep, maxsplit=maxsplit)
    assert isinstance(scalar, tf.Tensor) and scalar.shape.rank == 1


def test_join_reduce_join():
    assert tf.strings.join(["a", ["b", "c"]], separator="-").numpy().tolist() == [b"a-b", b"a-c"]
    x = [["a", "b"], ["c", "d"]]
    assert tf.strings.reduce_join(x).numpy() == b"abcd"
    assert tf.strings.reduce_join(x, axis=0).numpy().tolist() == [b"ac", b"bd"]
    assert tf.strings.reduce_join(x, axis=[0, 1], separator=".").numpy() == b"a.c.b.d"
    out = tf.strings.reduce_join(x, axis=1, keepdims=True, separator=", ")
    assert out.shape == (2, 1)
    with pytest.raises(tf.errors.OutOfRangeError, match="Invalid reduction dimension 2"):
        tf.strings.reduce_join(x, axis=2)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Input shapes do not match"):
        tf.strings.join([["a", "b"], ["c", "d", "e"]])


def test_string_operators():
    a = tf.constant(["x", "y"])
    assert (a + "!").numpy().tolist() == [b"x!", b"y!"]
    assert ("<" + a).numpy().tolist() == [b"<x", b"<y"]
    assert (a == "x").numpy().tolist() == [True, False]
    assert (a != tf.constant(["x", "z"])).numpy().tolist() == [False, True]


def test_bytes_split_ngrams_decode_raw():
    assert tf.strings.bytes_split("Duck").numpy().tolist() == [b"D", b"u", b"c", b"k"]
    assert tf.strings.bytes_split(["ab", "", "é"]).to_list() == [[b"a", b"b"], [], [b"\xc3",
                                                                                    b"\xa9"]]
    assert tf.strings.ngrams(["a", "b", "c"], 2).numpy().tolist() == [b"a b", b"b c"]
    assert tf.strings.ngrams(["a", "b", "c"], (1, 3), separator="-").numpy().tolist() == \
        [b"a", b"b", b"c", b"a-b-c"]
    padded = tf.strings.ngrams(["a", "b"], 2, pad_values=("<s>", "</s>"))
    assert padded.numpy().tolist() == [b"<s> a", b"a b", b"b </s>"]
    assert tf.io.decode_raw("Duck", tf.uint8).numpy().tolist() == [68, 117, 99, 107]
    assert tf.io.decode_raw(["abcd"], tf.int16, little_endian=False).numpy().tolist() == \
        [[24930, 25444]]
    with pytest.raises(tf.errors.InvalidArgumentError, match="not a multiple of 2"):
        tf.io.decode_raw(["abc"], tf.int16)


# -- conversions -----------------------------------------------------------------------------------
@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-2 ** 31, 2 ** 31 - 1), min_size=1, max_size=5))
def test_to_number_and_as_string_round_trip_ints(values):
    text = tf.strings.as_string(tf.constant(values, tf.int32))
    assert text.numpy().tolist() == [str(v).encode() for v in values]
    assert tf.strings.to_number(text, tf.int32).numpy().tolist() == values


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(allow_nan=False, width=64), min_size=1, max_size=5))
def test_to_number_floats(values):
    text = [repr(v) for v in values]
    got = tf.strings.to_number(text, tf.float64).numpy()
    np.testing.assert_array_equal(got, np.array(values))


def test_to_number_errors_and_formats():
    for bad, out_type in (("x", tf.float32), ("1.5", tf.int32), ("99999999999", tf.int32),
                          ("", tf.float32), ("1_0", tf.float32), ("-1", tf.uint32)):
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="StringToNumberOp could not correctly convert string"):
            tf.strings.to_number([bad], out_type)
    with pytest.raises(tf.errors.InvalidArgumentError, match="attr 'out_type' of int8"):
        tf.strings.to_number(["1"], tf.int8)
    got = tf.strings.to_number([" 4", "+1", ".5", "inf", "0x1p3"]).numpy().tolist()
    assert got == [4.0, 1.0, 0.5, float("inf"), 8.0]


def test_as_string_options():
    x = [1.5, 3.14159265]
    assert tf.strings.as_string(x).numpy().tolist() == [b"1.500000", b"3.141593"]
    assert tf.strings.as_string(x, precision=2).numpy().tolist() == [b"1.50", b"3.14"]
    assert tf.strings.as_string(x, scientific=True).numpy().tolist() == \
        [b"1.500000e+00", b"3.141593e+00"]
    assert tf.strings.as_string(x, shortest=True).numpy().tolist() == [b"1.5", b"3.14159"]
    assert tf.strings.as_string([1, 22], width=4, fill="0").numpy().tolist() == \
        [b"0001", b"0022"]
    assert tf.strings.as_string([True, False]).numpy().tolist() == [b"true", b"false"]
    with pytest.raises(tf.errors.InvalidArgumentError, match="Cannot select both"):
        tf.strings.as_string(x, scientific=True, shortest=True)
    with pytest.raises(tf.errors.InvalidArgumentError, match="precision not supported"):
        tf.strings.as_string([1], precision=2)


def test_format_summarizes_like_tf():
    assert tf.strings.format("x={} y={}", (tf.constant([1, 2]), 3)).numpy() == b"x=[1 2] y=3"
    assert tf.strings.format("{}", tf.range(10), summarize=2).numpy() == b"[0 1 ... 8 9]"
    assert tf.strings.format("{}", tf.constant([1 / 3, 2.0])).numpy() == b"[0.333333343 2]"
    assert tf.strings.format("{}", tf.constant(["a", "b"])).numpy() == b'["a" "b"]'
    with pytest.raises(ValueError, match="The template expects 2 tensors"):
        tf.strings.format("{} {}", [1])


# -- elementwise, regex, ragged --------------------------------------------------------------------
def test_case_strip_and_regex():
    assert tf.strings.lower(["HeLLo", "ÀÉ"]).numpy().tolist() == [b"hello", "ÀÉ".encode()]
    assert tf.strings.upper(["straße"], encoding="utf-8").numpy().tolist() == ["STRASSE".encode()]
    assert tf.strings.strip(["  a b \t\n"]).numpy().tolist() == [b"a b"]
    assert tf.strings.regex_full_match(["abc", "xabc", "é"], r"ab.|.").numpy().tolist() == \
        [True, False, True]
    assert tf.strings.regex_replace(["john smith"], r"(\w+) (\w+)", r"\2 \1").numpy() == \
        [b"smith john"]
    assert tf.strings.regex_replace(["abxd"], "x*", "-").numpy() == [b"-a-b-d-"]  # RE2's rule
    assert tf.strings.regex_replace(["aaa"], "a", "z", replace_global=False).numpy() == [b"zaa"]
    with pytest.raises(tf.errors.InvalidArgumentError, match="Invalid pattern: a\\("):
        tf.strings.regex_full_match(["a"], "a(")


def test_elementwise_ops_map_over_ragged_values():
    rt = tf.ragged.constant([["A", "bb"], [], ["Ccc"]])
    assert tf.strings.length(rt).to_list() == [[1, 2], [], [3]]
    assert tf.strings.lower(rt).to_list() == [[b"a", b"bb"], [], [b"ccc"]]
    assert tf.strings.to_number(tf.ragged.constant([["1"], ["2", "3"]])).to_list() == \
        [[1.0], [2.0, 3.0]]
    assert tf.strings.reduce_join(rt, axis=1).numpy().tolist() == [b"Abb", b"", b"Ccc"]
    assert tf.strings.split(rt).to_list() == [[[b"A"], [b"bb"]], [], [[b"Ccc"]]]


def test_wrong_dtypes():
    with pytest.raises(TypeError, match="Cannot convert 1 to EagerTensor of dtype string"):
        tf.strings.length(1)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="cannot compute StringLength as input #0"):
        tf.strings.length(tf.constant([1]))
    with pytest.raises(ValueError, match="input: Tensor conversion requested dtype string"):
        tf.strings.split(tf.constant(1))
    with pytest.raises(tf.errors.InvalidArgumentError, match="attr 'unit'"):
        tf.strings.length("a", unit="CHAR")


def test_under_tf_function():
    f = tf.function(lambda x: tf.strings.length(tf.strings.upper(x)))
    assert f(tf.constant(["ab", "é"])).numpy().tolist() == [2, 2]
    g = tf.function(lambda x: tf.strings.to_number(tf.strings.split(x, " ")))
    assert g(tf.constant("1 10 100")).numpy().tolist() == [1.0, 10.0, 100.0]
