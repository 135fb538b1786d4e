"""Conformance snippets for string tensors and tf.strings (and tf.io.decode_raw): values, dtypes,
shapes, printed text (dense and ragged results) and TF's errors.

Each public function ``name(tf, np)`` is one test (see harness.py). The harness does not compare
RaggedTensors, so snippets pass their results through ``_plain`` (a RaggedTensor becomes its repr,
dtype and shape text)."""

from .harness import snippet

IAE = "InvalidArgumentError"


def _plain(x):
    if hasattr(x, "flat_values"):
        return ("RaggedTensor", repr(x), x.dtype, str(x.shape))
    if isinstance(x, (list, tuple)):
        return [_plain(v) for v in x]
    return x


# ====================================================================== string tensors


def str_scalar_and_vector_print(tf, np):
    s = tf.constant("Gray wolf")
    v = tf.constant(["Gray wolf", "Quick brown fox", "Lazy dog"])
    print(s)
    print(v)
    return [s, v, v.shape]


def str_unicode_constant(tf, np):
    t = tf.constant("🥳👍")
    print(t)
    return [t, tf.constant("语言处理".encode("UTF-16-BE")), tf.constant(["You're", "welcome!"]).shape]


def str_add_and_compare(tf, np):
    a = tf.constant(["x", "y"])
    return [a + "!", "<" + a, a + tf.constant("z"), a == "x", a != tf.constant(["x", "z"]),
            tf.add(a, a), tf.equal(a, "y")]


@snippet(raises=IAE, msg_prefix="Value for attr 'T' of string is not in the list")
def str_subtract_error(tf, np):
    return tf.constant("a") - tf.constant("b")


# ====================================================================== split / join


def split_scalar(tf, np):
    s = tf.constant("Gray wolf")
    return [tf.strings.split(s, sep=" "), tf.strings.split(tf.constant("a b  c")),
            tf.strings.split(tf.constant("a b  c"), sep=" "),
            tf.strings.split(tf.constant("a<>b<>c"), sep="<>")]


def split_vector_ragged(tf, np):
    v = tf.constant(["Gray wolf", "Quick  brown fox", " Lazy dog "])
    print(tf.strings.split(v))
    r = tf.strings.split(v, sep=" ")
    return _plain([r, r.to_list(), r.dtype])


def split_maxsplit(tf, np):
    v = tf.constant(["Gray wolf", "Quick  brown fox", " Lazy dog "])
    return _plain([tf.strings.split(v, maxsplit=1),
                   tf.strings.split(tf.constant("a,b,c"), sep=",", maxsplit=1)])


def split_matrix_and_empty(tf, np):
    return _plain([tf.strings.split(tf.constant([["a b", "c"], ["d e f", ""]])),
                   tf.strings.split(tf.constant(["", "a"]), sep=" "),
                   tf.strings.split(tf.constant(["", " "]))])


def split_then_to_number(tf, np):
    text = tf.constant("1 10 100")
    print(tf.strings.to_number(tf.strings.split(text, " ")))


@snippet(raises="ValueError", msg_prefix="input: Tensor conversion requested dtype string")
def split_int_error(tf, np):
    return tf.strings.split(tf.constant(1))


def join_broadcast(tf, np):
    return [tf.strings.join(["a", "b"]), tf.strings.join([["a", "b"], ["c", "d"]], separator="-"),
            tf.strings.join([["a", "b"], "x"], separator="-"), tf.strings.join([])]


@snippet(raises=IAE, msg_prefix="Input shapes do not match: [2] vs. [3]")
def join_shape_error(tf, np):
    return tf.strings.join([["a", "b"], ["x", "y", "z"]])


@snippet(raises=IAE, msg_prefix="cannot compute StringJoin as input #1(zero-based)")
def join_dtype_error(tf, np):
    return tf.strings.join([tf.constant(["a"]), tf.constant([1])])


@snippet(raises="TypeError", msg_prefix="Cannot convert 1 to EagerTensor of dtype string")
def join_python_int_error(tf, np):
    return tf.strings.join([1, 2])


def reduce_join_axes(tf, np):
    x = [["a", "b"], ["c", "d"]]
    return [tf.strings.reduce_join(x), tf.strings.reduce_join(x, axis=0),
            tf.strings.reduce_join(x, axis=-1),
            tf.strings.reduce_join(x, axis=1, keepdims=True, separator=", "),
            tf.strings.reduce_join(x, axis=[0, 1], separator="."),
            tf.strings.reduce_join(x, axis=[1, 0], separator="."),
            tf.strings.reduce_join("abc")]


def reduce_join_3d_keepdims(tf, np):
    t = tf.reshape(tf.constant(list("abcdefgh")), [2, 2, 2])
    return tf.strings.reduce_join(t, axis=1, keepdims=True)


@snippet(raises="OutOfRangeError", msg_prefix="Invalid reduction dimension 2 for input with 2")
def reduce_join_axis_error(tf, np):
    return tf.strings.reduce_join([["a", "b"], ["c", "d"]], axis=2)


@snippet(raises=IAE, msg_prefix="cannot compute ReduceJoin as input #0(zero-based)")
def reduce_join_dtype_error(tf, np):
    return tf.strings.reduce_join([1, 2])


def reduce_join_ragged(tf, np):
    r = tf.ragged.constant([["a", "b"], ["c"]])
    return [tf.strings.reduce_join(r, axis=1), tf.strings.reduce_join(r, axis=0),
            tf.strings.reduce_join(r)]


def bytes_split_values(tf, np):
    return _plain([tf.strings.bytes_split(tf.constant("Duck")),
                   tf.strings.bytes_split(["ab", "", "é"])])


def ngrams_values(tf, np):
    return [tf.strings.ngrams(["a", "b", "c", "d"], 2),
            tf.strings.ngrams(["a", "b", "c"], 2, separator="-"),
            tf.strings.ngrams(["a", "b", "c"], (1, 3)),
            tf.strings.ngrams(["a", "b", "c"], 2, pad_values=("<s>", "</s>")),
            tf.strings.ngrams(["a", "b", "c"], 3, pad_values="#", padding_width=1),
            tf.strings.ngrams(tf.constant([["a", "b", "c"], ["d", "e", "f"]]), 2),
            tf.strings.ngrams(["a"], 2)]


def ngrams_ragged(tf, np):
    r = tf.ragged.constant([["a", "b", "c"], ["d"]])
    return _plain([tf.strings.ngrams(r, 2),
                   tf.strings.ngrams(r, 3, preserve_short_sequences=True)])


@snippet(raises="ValueError", msg_prefix="All ngram_widths must be greater than 0")
def ngrams_width_error(tf, np):
    return tf.strings.ngrams(["a", "b"], 0)


# ====================================================================== elementwise


def length_units(tf, np):
    x = ["héllo", "", "😊"]
    return [tf.strings.length(x), tf.strings.length(x, unit="UTF8_CHAR"),
            tf.strings.length(tf.constant("Thanks 😊"))]


@snippet(raises=IAE, msg_prefix="Value for attr 'unit' of \"CHAR\" is not in the list")
def length_bad_unit(tf, np):
    return tf.strings.length(["a"], unit="CHAR")


@snippet(raises=IAE, msg_prefix="cannot compute StringLength as input #0(zero-based) was")
def length_int_tensor_error(tf, np):
    return tf.strings.length(tf.constant([1]))


@snippet(raises="TypeError", msg_prefix="Cannot convert 1 to EagerTensor of dtype string")
def length_python_int_error(tf, np):
    return tf.strings.length(1)


def lower_upper_strip(tf, np):
    return [tf.strings.lower(["HeLLo", "ÀÉ"]), tf.strings.lower(["HeLLo", "ÀÉ"], encoding="utf-8"),
            tf.strings.upper(["HeLLo", "àé"]), tf.strings.upper(["àéß"], encoding="utf-8"),
            tf.strings.strip(["  a b \t\n", "\x0bx\x0c", "\xa0y"])]


@snippet(raises=IAE, msg_prefix="only utf-8 or '' (no encoding) is supported")
def lower_bad_encoding(tf, np):
    return tf.strings.lower("A", encoding="latin1")


def substr_bytes(tf, np):
    x = ["hello", "hi"]
    return [tf.strings.substr(x, 1, 3), tf.strings.substr(x, -2, 3),
            tf.strings.substr(x, [0, 1], [2, 1]), tf.strings.substr(["hi"], 2, 1),
            tf.strings.substr(["hello"], 1, -1),
            tf.strings.substr([["hello", "hi"], ["abc", "d"]], [0, 1], [2, 1]),
            tf.strings.substr(["hello"], tf.constant(1, tf.int64), 2)]


def substr_utf8(tf, np):
    thanks = "Thanks 😊".encode("UTF-8")
    return [tf.strings.substr(thanks, pos=7, len=1),
            tf.strings.substr(thanks, pos=7, len=1, unit="UTF8_CHAR"),
            tf.strings.substr("héllo😊", 1, 2, unit="UTF8_CHAR"),
            tf.strings.substr("héllo😊", -1, 2, unit="UTF8_CHAR")]


@snippet(raises=IAE, msg_prefix="pos 3 out of range for string b'hi' at index 1")
def substr_out_of_range(tf, np):
    return tf.strings.substr(["hello", "hi"], 3, 1)


@snippet(raises=IAE, msg_prefix="Value for attr 'T' of float is not in the list of allowed")
def substr_float_pos(tf, np):
    return tf.strings.substr(["hello"], 1.0, 2)


def regex_full_match_values(tf, np):
    return [tf.strings.regex_full_match(["abc", "abd", "xabc"], "ab."),
            tf.strings.regex_full_match(["é", "a"], "."),
            tf.strings.regex_full_match(["é", "a"], r"\w"),
            tf.strings.regex_full_match(["abc"], tf.constant("a.c"))]


def regex_replace_values(tf, np):
    return [tf.strings.regex_replace(["aaa bab", "x"], "a", "z"),
            tf.strings.regex_replace(["aaa bab", "x"], "a", "z", replace_global=False),
            tf.strings.regex_replace(["john smith"], r"(\w+) (\w+)", r"\2 \1"),
            tf.strings.regex_replace(["abc"], "", "-"),
            tf.strings.regex_replace(["abxd"], "x*", "-"),
            tf.strings.regex_replace(["abc"], "b", r"<\0>"),
            tf.strings.regex_replace(["abc"], "b", "$")]


@snippet(raises=IAE, msg_prefix="Invalid pattern: a(, error: missing ): a(")
def regex_bad_pattern(tf, np):
    return tf.strings.regex_full_match(["abc"], "a(")


def to_number_values(tf, np):
    return [tf.strings.to_number(["1", "2.5", "-3e2", " 4"]),
            tf.strings.to_number(["1", "-2"], out_type=tf.int32),
            tf.strings.to_number(["1", "-2"], out_type=tf.int64),
            tf.strings.to_number(["1.1", "nan", "inf", "-INF"], out_type=tf.float64),
            tf.strings.to_number(["+1", "1.", ".5", "1e40"]),
            tf.strings.to_number([" 4 ", "+5", "-0"], tf.int32),
            tf.strings.to_number(["18446744073709551615"], tf.uint64)]


@snippet(raises=IAE, msg_prefix="StringToNumberOp could not correctly convert string: x")
def to_number_bad_text(tf, np):
    return tf.strings.to_number(["1", "x"])


@snippet(raises=IAE, msg_prefix="StringToNumberOp could not correctly convert string: 9999")
def to_number_int_overflow(tf, np):
    return tf.strings.to_number(["99999999999"], out_type=tf.int32)


@snippet(raises=IAE, msg_prefix="Value for attr 'out_type' of int8 is not in the list")
def to_number_bad_out_type(tf, np):
    return tf.strings.to_number(["1"], out_type=tf.int8)


def as_string_numbers(tf, np):
    f = [1.5, 3.14159265]
    return [tf.strings.as_string([1, -20]), tf.strings.as_string([1.5, 3.14159265, 1e-7, 1e20]),
            tf.strings.as_string(f, precision=3), tf.strings.as_string(f, scientific=True),
            tf.strings.as_string([1.5, 3.14159265, 1e20], shortest=True),
            tf.strings.as_string([1, 22], width=5),
            tf.strings.as_string([1, 22], width=5, fill="0"),
            tf.strings.as_string([1], width=4, fill="-"),
            tf.strings.as_string(tf.constant([1.5, 1 / 3], tf.float64))]


def as_string_other_types(tf, np):
    return [tf.strings.as_string([True, False]), tf.strings.as_string(["a"]),
            tf.strings.as_string(["a"], width=3), tf.strings.as_string(tf.constant([1 + 2j])),
            tf.strings.as_string([float("nan"), float("inf"), -float("inf")]),
            tf.strings.as_string(tf.constant([1], tf.uint8)), tf.as_string([7])]


@snippet(raises=IAE, msg_prefix="Cannot select both scientific and shortest notation")
def as_string_sci_and_shortest(tf, np):
    return tf.strings.as_string([1.5], scientific=True, shortest=True)


@snippet(raises=IAE, msg_prefix="precision not supported for datatype int32")
def as_string_int_precision(tf, np):
    return tf.strings.as_string([1], precision=2)


def format_values(tf, np):
    return [tf.strings.format("x={} y={}", (tf.constant([1, 2]), 3)),
            tf.strings.format("x={}", tf.constant([[1.5, 2], [3, 4]])),
            tf.strings.format("{}", tf.range(10), summarize=2),
            tf.strings.format("{}", tf.constant(["a", "b"])),
            tf.strings.format("{}", tf.constant([1 / 3, 2.0])),
            tf.strings.format("{}", tf.constant([1 / 3, 2.0], tf.float64)),
            tf.strings.format("{}", tf.constant([True, False])),
            tf.strings.format("{} and {}", ("a", 1.5)),
            tf.strings.format("hello", [])]


def format_nested_summaries(tf, np):
    return [tf.strings.format("{}", tf.reshape(tf.range(24), [2, 3, 4])),
            tf.strings.format("{}", tf.reshape(tf.range(100), [10, 10]), summarize=2),
            tf.strings.format("{}", tf.reshape(tf.range(64), [4, 4, 4]), summarize=1),
            tf.strings.format("{}", tf.constant([1e20, 1e-5, 100.0])),
            tf.strings.format("{}", tf.range(10), summarize=-1)]


@snippet(raises="ValueError", msg_prefix="The template expects 2 tensors, but the inputs only")
def format_count_error(tf, np):
    return tf.strings.format("{} {}", [tf.constant(1)])


# ====================================================================== unicode


def unicode_decode_scalar(tf, np):
    text_utf8 = tf.constant("语言处理")
    return [tf.strings.unicode_decode(text_utf8, input_encoding="UTF-8"),
            tf.strings.unicode_decode("アヒル 🦆", "UTF-8"),
            tf.strings.unicode_decode("語言".encode("UTF-16-BE"), "UTF-16-BE"),
            tf.strings.unicode_decode(b"\xe9", "ISO-8859-1")]


def unicode_decode_batch(tf, np):
    batch_utf8 = [s.encode("UTF-8") for s in ["hÃllo", "What is the weather tomorrow",
                                                "Göödnight", "😊"]]
    r = tf.strings.unicode_decode(batch_utf8, input_encoding="UTF-8")
    for sentence_chars in r.to_list():
        print(sentence_chars)
    print(r.to_tensor(default_value=-1).numpy())
    return _plain([r, tf.strings.unicode_decode([["ab"], ["c"]], "UTF-8")])


def unicode_decode_errors_modes(tf, np):
    bad = b"a\xffb"
    return [tf.strings.unicode_decode(bad, "UTF-8"),
            tf.strings.unicode_decode(bad, "UTF-8", errors="ignore"),
            tf.strings.unicode_decode(bad, "UTF-8", replacement_char=63),
            tf.strings.unicode_split(bad, "UTF-8")]


@snippet(raises=IAE, msg_prefix="Invalid formatting on input string")
def unicode_decode_strict(tf, np):
    return tf.strings.unicode_decode(b"a\xffb", "UTF-8", errors="strict")


@snippet(raises=IAE, msg_prefix="Could not create converter for input encoding: FOO")
def unicode_decode_bad_encoding(tf, np):
    return tf.strings.unicode_decode(b"a", "FOO")


@snippet(raises=IAE, msg_prefix="cannot compute UnicodeDecode as input #0(zero-based)")
def unicode_decode_int_input(tf, np):
    return tf.strings.unicode_decode(tf.constant(1), "UTF-8")


def unicode_decode_offsets(tf, np):
    codepoints, offsets = tf.strings.unicode_decode_with_offsets("🎈🎉🎊", "UTF-8")
    for (codepoint, offset) in zip(codepoints.numpy(), offsets.numpy()):
        print("At byte offset {}: codepoint {}".format(offset, codepoint))
    return _plain([codepoints, offsets,
                   tf.strings.unicode_decode_with_offsets(["aé", "b"], "UTF-8")])


def unicode_encode_values(tf, np):
    return [tf.strings.unicode_encode([35821, 35328], "UTF-8"),
            tf.strings.unicode_encode([[99, 97, 116], [100, 111, 103], [99, 111, 119]],
                                      output_encoding="UTF-8"),
            tf.strings.unicode_encode([35821, 35328], "UTF-16-BE"),
            tf.strings.unicode_encode([65], "UTF-32-BE"),
            tf.strings.unicode_encode([0x110000, 65], "UTF-8"),
            tf.strings.unicode_encode([-1, 65], "UTF-8", errors="ignore"),
            tf.strings.unicode_encode(tf.ragged.constant([[65, 66], [], [67]]), "UTF-8")]


def unicode_encode_ragged_nested(tf, np):
    r = tf.strings.unicode_decode(["Hello, world.", "世界こんにちは"], "UTF-8")
    words = tf.RaggedTensor.from_row_lengths(r, [1, 1])
    return _plain([tf.strings.unicode_encode(r, "UTF-8"),
                   tf.strings.unicode_encode(words, "UTF-8")])


@snippet(raises=IAE, msg_prefix="cannot compute UnicodeEncode as input #0(zero-based) was "
                                "expected to be a int32 tensor but is a float tensor")
def unicode_encode_float_error(tf, np):
    return tf.strings.unicode_encode([65.0], "UTF-8")


@snippet(raises=IAE, msg_prefix="Value for attr 'output_encoding' of \"latin1\" is not in")
def unicode_encode_bad_encoding(tf, np):
    return tf.strings.unicode_encode([65], "latin1")


@snippet(raises=IAE, msg_prefix="Code point is out of range for Unicode, or is a surrogate.")
def unicode_encode_strict(tf, np):
    return tf.strings.unicode_encode([0x110000, 65], "UTF-8", errors="strict")


@snippet(raises="ValueError", msg_prefix="input_tensor's rank must be at least 1.")
def unicode_encode_scalar_error(tf, np):
    return tf.strings.unicode_encode(65, "UTF-8")


def unicode_transcode_values(tf, np):
    return [tf.strings.unicode_transcode("语言处理", input_encoding="UTF8",
                                         output_encoding="UTF-16-BE"),
            tf.strings.unicode_transcode(["a\xff".encode("latin1")], "UTF-8", "UTF-8")]


def unicode_split_values(tf, np):
    thanks = "Thanks 😊".encode("UTF-8")
    print(tf.strings.unicode_split(thanks, "UTF-8").numpy())
    return _plain([tf.strings.unicode_split(["hé", "😊x"], "UTF-8"),
                   tf.strings.unicode_split_with_offsets(["hé", "😊x"], "UTF-8")])


def tensor_guide_unicode_cell(tf, np):
    unicode_bytes = tf.constant("アヒル 🦆")
    print("\nUnicode bytes:", unicode_bytes)
    print("\nUnicode chars:", tf.strings.unicode_split(unicode_bytes, "UTF-8"))
    print("\nUnicode values:", tf.strings.unicode_decode(unicode_bytes, "UTF-8"))


# ====================================================================== ragged inputs, tf.io


def elementwise_on_ragged(tf, np):
    r = tf.ragged.constant([["A"], ["BB", "C"]])
    return _plain([tf.strings.lower(r), tf.strings.length(r),
                   tf.strings.to_number(tf.ragged.constant([["1"], ["2", "3"]])),
                   tf.strings.regex_replace(r, "B", "x"), tf.strings.substr(r, 0, 1)])


def decode_raw_values(tf, np):
    print("Bytes:", tf.io.decode_raw(tf.constant("Duck"), tf.uint8))
    return [tf.io.decode_raw(tf.constant(["ab", "cd"]), tf.uint8),
            tf.io.decode_raw(tf.constant(["abcd"]), tf.int16),
            tf.io.decode_raw(tf.constant(["abcd"]), tf.int16, little_endian=False),
            tf.io.decode_raw(tf.constant(["abc", "d"]), tf.uint8, fixed_length=2)]


@snippet(raises=IAE, msg_prefix="DecodeRaw requires input strings to all be the same size")
def decode_raw_ragged_error(tf, np):
    return tf.io.decode_raw(tf.constant(["abc", "d"]), tf.uint8)


@snippet(raises=IAE, msg_prefix="Input to DecodeRaw has length 3 that is not a multiple of 2")
def decode_raw_size_error(tf, np):
    return tf.io.decode_raw(tf.constant(["abc"]), tf.int16)


def strings_in_tf_function(tf, np):
    # (named functions: TF's autograph confuses two lambdas written on lines of one statement)
    @tf.function
    def f(x):
        return tf.strings.length(tf.strings.upper(x), unit="UTF8_CHAR")

    @tf.function
    def g(x):
        return tf.strings.to_number(tf.strings.split(x, " "))
    return [f(tf.constant(["ab", "é"])), g(tf.constant("1 10 100"))]
