"""Small conversions and errors checked against TF 2.21: empty string constants and the errors
of arithmetic on strings."""
import pytest

import eagerflow as tf


@pytest.mark.parametrize("value,shape", [([], (0,)), ([[]], (1, 0)), ([[], []], (2, 0))])
def test_empty_sequence_as_string_tensor(value, shape):
    t = tf.constant(value, tf.string)
    assert t.dtype == tf.string and t.shape == shape and t.numpy().size == 0
    assert tf.convert_to_tensor(value, tf.string).shape == shape
    with pytest.raises(TypeError, match="Cannot convert"):
        tf.constant([1], tf.string)


def _error(fn, module):
    with pytest.raises(Exception) as info:
        fn(module)
    return type(info.value).__name__, str(info.value)


def S(m):
    return m.constant("a")


def F(m):
    return m.constant([1.0])


CASES = {  # each takes the module: eagerflow, or TF for the comparison
    "s+1": lambda m: S(m) + 1, "add(s,1)": lambda m: m.add(S(m), 1), "s*2": lambda m: S(m) * 2,
    "s-1": lambda m: S(m) - 1, "s//2": lambda m: S(m) // 2, "s%2": lambda m: S(m) % 2,
    "i*1.5": lambda m: m.constant(1) * 1.5, "s/s": lambda m: S(m) / S(m),
    "bool/bool": lambda m: m.constant([True]) / m.constant([True]),
    "s<s": lambda m: S(m) < S(m), "s>=s": lambda m: S(m) >= S(m), "s-s": lambda m: S(m) - S(m),
    "s*s": lambda m: S(m) * S(m), "s//s": lambda m: S(m) // S(m), "s%s": lambda m: S(m) % S(m),
    "s**s": lambda m: S(m) ** S(m), "max(s,s)": lambda m: m.maximum(S(m), S(m)),
    "f&f": lambda m: F(m) & F(m), "~f": lambda m: ~F(m),
    "shift": lambda m: m.bitwise.left_shift(F(m), F(m)),
    "is_nan(i)": lambda m: m.math.is_nan(m.constant([1])),
    "logical_and(f,f)": lambda m: m.math.logical_and(F(m), F(m)),
    "s@s": lambda m: m.constant([["a"]]) @ m.constant([["b"]]),
    "matmul(bool)": lambda m: m.matmul(m.constant([[True]]), m.constant([[True]])),
    "batch matmul(s)": lambda m: m.matmul(m.constant([[["a"]]]), m.constant([[["b"]]])),
}
EXPECTED = {  # TF 2.21's class and message start
    "s+1": ("InvalidArgumentError", "cannot compute Add as input #1(zero-based) was expected to "
            "be a string tensor but is a int32 tensor [Op:Add]"),
    "s*2": ("TypeError", "Cannot convert 2 to EagerTensor of dtype string"),
    "i*1.5": ("TypeError", "Cannot convert 1.5 to EagerTensor of dtype int32"),
    "s/s": ("TypeError", "Invalid dtype tf.string in __truediv__. Expected one of {tf.uint8, "),
    "s<s": ("InvalidArgumentError", "Value for attr 'T' of string is not in the list of allowed "
            "values: float, double, int32, uint8, int16, int8, int64, bfloat16, uint16, half, "
            "uint32, uint64\n\t; NodeDef: {{node Less}}; Op<name=Less; signature=x:T, y:T -> "
            "z:bool;"),
    "f&f": ("InvalidArgumentError", "Value for attr 'T' of float is not in the list of allowed "
            "values: int8, int16, int32, int64, uint8, uint16, uint32, uint64\n"),
}


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_string_operator_errors_as_tf(key):
    cls, text = _error(CASES[key], tf)
    assert cls == EXPECTED[key][0] and text.startswith(EXPECTED[key][1])


@pytest.mark.parametrize("key", sorted(CASES))
def test_operator_errors_match_tf(key):
    real = pytest.importorskip("tensorflow")
    assert _error(CASES[key], tf) == _error(CASES[key], real)
