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
