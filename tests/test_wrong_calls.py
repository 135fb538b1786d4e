"""Wrong calls get TF's exception class (and message start), never a raw internal error or a corrupt
object. The same assertions hold under TF 2.21 (checked when these were written)."""
import numpy as np
import pytest

import eagerflow as tf


@pytest.mark.parametrize("arr", [np.array([1.0], np.longdouble),
                                 np.array(["2020-01-01"], "datetime64[D]"),
                                 np.zeros(2, "m8[s]"), np.zeros(2, [("a", "i4")])])
def test_numpy_dtypes_outside_tf_raise_value_error(arr):
    with pytest.raises(ValueError, match="Failed to convert a NumPy array to a Tensor"):
        tf.constant(arr)
    with pytest.raises(ValueError, match="Failed to convert a NumPy array to a Tensor"):
        tf.Variable(arr)


def test_variable_format_is_its_repr():
    v = tf.Variable([1.5, 2.0])
    assert f"{v}" == repr(v)
    assert f"{tf.Variable(1.5):.2f}" == "1.50"


def _tape():
    x = tf.constant(2.0)
    with tf.GradientTape(persistent=True) as g:
        g.watch(x)
        y = x * x
    return g, x, y


def test_output_gradients_of_the_wrong_size_raise():
    g, x, y = _tape()
    with pytest.raises(tf.errors.InvalidArgumentError, match="Input to reshape is a tensor with 3"):
        g.gradient(y, x, output_gradients=tf.ones([3]))
    # same number of values: reshaped, as TF does
    assert g.gradient(y, x, output_gradients=tf.ones([1])).numpy() == 4.0


def test_bad_sources_raise_tf_classes():
    g, x, y = _tape()
    with pytest.raises(TypeError, match="Cannot convert the argument `type_value`: None"):
        g.gradient(y, None)
    with pytest.raises(AttributeError):
        g.jacobian(y, 1.0)
    with pytest.raises(TypeError):
        g.jacobian(y, None)
    with pytest.raises(IndexError):
        g.batch_jacobian(y, [x])


def test_eager_tensor_class_name_is_tfs():
    x = tf.constant(1.0)
    assert type(x).__name__ == "EagerTensor" and isinstance(x, tf.Tensor)
    with pytest.raises(TypeError, match="'EagerTensor' and 'NoneType'"):
        x + None


def test_variable_class_name_and_bool_products_are_tfs():
    v = tf.Variable([1.0, 2.0])
    assert type(v).__name__ == "ResourceVariable" and isinstance(v, tf.Variable)
    assert type(v.assign([1.0, 1.0])).__name__ == "_UnreadVariable"
    b = tf.constant([True, False])
    assert (b * b).numpy().tolist() == [True, False]          # `*` on bools: logical and
    with pytest.raises(tf.errors.InvalidArgumentError, match="Value for attr 'T' of bool"):
        tf.multiply(b, b)                                     # Mul has no bool kernel
