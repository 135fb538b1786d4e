"""tf.print and tf.strings.format share TF's value text (ops/_summarize.py): the expected strings
were taken from TF 2.21's tf.print; the tf.strings.format cases compare with TF when installed."""
import io

import numpy as np
import pytest

import eagerflow as tf

NAN, INF = float("nan"), float("inf")
CASES = [
    (lambda: tf.constant(0.1), "0.1"),
    (lambda: tf.constant(1e20), "1e+20"),
    (lambda: tf.constant(1e-5), "1e-05"),
    (lambda: tf.constant(1e7), "1e+07"),
    (lambda: tf.constant(123456789.0), "123456792"),
    (lambda: tf.constant(1 / 3), "0.333333343"),
    (lambda: tf.constant(1 / 3, tf.float64), "0.33333333333333331"),
    (lambda: tf.constant(np.float32(1e-45)), "0"),
    (lambda: tf.constant(-0.0), "-0"),
    (lambda: tf.constant([0.1, 1 / 3, 1e20, 1e-5, NAN, INF, -INF]),
     "[0.1 0.333333343 1e+20 ... nan inf -inf]"),
    (lambda: tf.constant([0.1, 1 / 3, 1e20, 1e-5, NAN, INF], tf.float64),
     "[0.1 0.33333333333333331 1e+20 1e-05 nan inf]"),
    (lambda: tf.constant([0.1, 1e20, 65504, 1.5], tf.float16), "[0.0999755859 inf 65504 1.5]"),
    (lambda: tf.constant([True, False]), "[1 0]"),
    (lambda: tf.constant("hi"), "hi"),
    (lambda: tf.constant([["a", "b"], ["c", "d"]]), '[["a" "b"]\n ["c" "d"]]'),
    (lambda: tf.constant(np.arange(12).reshape(2, 2, 3)),
     "[[[0 1 2]\n  [3 4 5]]\n\n [[6 7 8]\n  [9 10 11]]]"),
    (lambda: tf.constant(np.arange(100)), "[0 1 2 ... 97 98 99]"),
    (lambda: tf.constant(np.zeros((2, 0))), "[\n ...]"),
    (lambda: tf.constant(np.zeros((0, 3))), "[]"),
    (lambda: tf.constant([1 + 2j]), "[?]"),
]


def _printed(*args, **kwargs):
    out = io.StringIO()
    tf.print(*args, output_stream=out, **kwargs)
    return out.getvalue()


@pytest.mark.parametrize("make,text", CASES)
def test_print_matches_tf_text(make, text):
    assert _printed(make()) == text + "\n"


def test_print_summarize_sep_end_and_python_values():
    x = tf.constant(np.arange(100).reshape(10, 10))
    assert _printed(x, summarize=2) == (
        "[[0 1 ... 8 9]\n [10 11 ... 18 19]\n ...\n [80 81 ... 88 89]\n [90 91 ... 98 99]]\n")
    assert _printed("x", tf.constant(1), sep=",", end="!\n") == "x,1!\n"
    assert _printed("a", 1, 2.5, tf.constant(3), [tf.constant(1), 2], {"k": tf.constant([1, 2])},
                    (tf.constant(1.0),), None, True) == \
        "a 1 2.5 3 [1, 2] {'k': [1 2]} (1,) None True\n"


@pytest.mark.parametrize("make,text", CASES)
def test_strings_format_matches_tf(make, text):
    real = pytest.importorskip("tensorflow")
    value = make().numpy()
    ours = tf.strings.format("<{}>", tf.constant(value)).numpy()
    assert ours == real.strings.format("<{}>", real.constant(value)).numpy()
