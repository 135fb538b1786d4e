"""Gradient clipping, TensorShape conversion and tf.random.Generator: values, gradients, TF's
errors (the op-table rows in tests/op_cases/clip_cases.py check forward values and finite
differences)."""
import numpy as np
import pytest

import eagerflow as tf


def test_clip_by_norm_values_and_zero_gradient():
    a = tf.constant([[3., 4.], [0., 0.]])
    np.testing.assert_allclose(tf.clip_by_norm(a, 1.0).numpy(), [[0.6, 0.8], [0, 0]], rtol=1e-6)
    np.testing.assert_allclose(tf.clip_by_norm(a, [1.0, 2.0]).numpy(), [[0.6, 1.6], [0, 0]],
                               rtol=1e-6)
    np.testing.assert_array_equal(tf.clip_by_norm(a, -1.0).numpy(), np.zeros((2, 2)))
    x = tf.zeros([2])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.clip_by_norm(x, 1.0)
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), [1, 1])  # finite, as in TF
    assert tf.clip_by_norm(a, tf.constant(1.0, tf.float64)).dtype == tf.float32


def test_clip_by_global_norm_keeps_none_and_nan_on_inf():
    a, b = tf.constant([[3., 4.], [0., 0.]]), tf.constant([1., 2.])
    out, norm = tf.clip_by_global_norm([a, None, b], 2.0)
    assert out[1] is None
    np.testing.assert_allclose(norm.numpy(), np.sqrt(30), rtol=1e-6)
    np.testing.assert_allclose(out[2].numpy(), [2 / np.sqrt(30), 4 / np.sqrt(30)], rtol=1e-6)
    out, norm = tf.clip_by_global_norm([a, tf.constant([np.inf])], 2.0)
    assert np.isinf(norm.numpy()) and np.isnan(out[0].numpy()).all()
    out, norm = tf.clip_by_global_norm([a, b], 2.0, use_norm=tf.constant(3.0))
    np.testing.assert_allclose(out[1].numpy(), [2 / 3, 4 / 3], rtol=1e-6)
    assert tf.clip_by_global_norm([], 1.0)[1].numpy() == 0
    assert tf.linalg.global_norm([np.array([3., 4.])]).dtype == tf.float64


@pytest.mark.parametrize("call,cls,start", [
    (lambda: tf.clip_by_global_norm(tf.constant([1.]), 1.0), TypeError,
     "`t_list` should be a sequence of tensors."),
    (lambda: tf.linalg.global_norm([tf.constant([1, 2])]), tf.errors.InvalidArgumentError,
     "Value for attr 'T' of int32 is not in the list of allowed values"),
    (lambda: tf.clip_by_global_norm([tf.constant([1.]), tf.constant([1.], tf.float64)], 1.0),
     tf.errors.InvalidArgumentError, "cannot compute Pack as input #1(zero-based)"),
    (lambda: tf.clip_by_global_norm([tf.constant([1.])], 1.0, use_norm=3.0), AttributeError,
     "'float' object has no attribute 'dtype'"),
    (lambda: tf.clip_by_norm(tf.constant([3, 4]), 1), tf.errors.InvalidArgumentError,
     "Value for attr 'T' of int32 is not in the list of allowed values"),
])
def test_clip_errors(call, cls, start):
    with pytest.raises(cls) as e:
        call()
    assert str(e.value).startswith(start), str(e.value)


def test_tensor_shape_converts():
    v = tf.Variable(tf.zeros([2, 3]))
    for t in (tf.constant(v.shape), tf.convert_to_tensor(tf.TensorShape([2, 3]))):
        assert t.dtype == tf.int32 and t.numpy().tolist() == [2, 3]
    assert tf.reduce_prod(v.shape).numpy() == 6
    assert tf.convert_to_tensor(tf.TensorShape([])).dtype == tf.int32
    assert tf.convert_to_tensor(tf.TensorShape([2 ** 33])).dtype == tf.int64
    assert tf.convert_to_tensor(tf.TensorShape([2]), dtype=tf.int64).dtype == tf.int64
    assert tf.constant(tf.TensorShape([2, 3]), dtype=tf.float32).dtype == tf.float32
    with pytest.raises(ValueError, match=r"Cannot convert a partially known TensorShape "
                                         r"\(None, 3\) to a Tensor."):
        tf.constant(tf.TensorShape([None, 3]))
    with pytest.raises(ValueError, match="partially known TensorShape <unknown>"):
        tf.convert_to_tensor(tf.TensorShape(None))
    with pytest.raises(TypeError, match=r"Cannot convert TensorShape \(2, 3\) to dtype "
                                        r"<dtype: 'float32'>. Allowed dtypes are tf.int32"):
        tf.convert_to_tensor(tf.TensorShape([2, 3]), dtype=tf.float32)


def test_generator_repeats_from_a_seed_and_advances():
    g = tf.random.Generator.from_seed(7)
    assert g.state.dtype == tf.int64 and g.state.numpy().tolist() == [7, 0, 0]
    a, b = g.normal([2, 3]), g.normal([2, 3])
    assert a.shape == (2, 3) and a.dtype == tf.float32 and not np.array_equal(a, b)
    g.reset_from_seed(7)
    np.testing.assert_array_equal(g.normal([2, 3]).numpy(), a.numpy())
    assert tf.random.Generator.from_seed(-1).state.numpy().tolist() == [-1, -1, -1]
    assert tf.random.Generator.from_seed(1, alg="threefry").state.shape == (2,)
    u = g.uniform([1000], 2, 5, dtype=tf.int64)
    assert u.dtype == tf.int64 and u.numpy().min() >= 2 and u.numpy().max() < 5
    t = g.truncated_normal([1000], dtype=tf.float64)
    assert t.dtype == tf.float64 and np.abs(t.numpy()).max() <= 2
    assert g.uniform_full_int([2]).dtype == tf.uint64
    assert g.make_seeds(3).shape == (2, 3)
    kids = g.split(2)
    assert len(kids) == 2 and not np.array_equal(kids[0].normal([4]), kids[1].normal([4]))


def test_generator_in_a_function_draws_fresh_numbers():
    g = tf.random.Generator.from_seed(3)
    f = tf.function(lambda: g.normal([3]))
    assert not np.array_equal(f().numpy(), f().numpy())


@pytest.mark.parametrize("call,cls,start", [
    (lambda: tf.random.Generator.from_seed(1).uniform([2], dtype=tf.int32), ValueError,
     "For integer dtype <dtype: 'int32'>, minval and maxval must be both `None` or both"),
    (lambda: tf.random.Generator.from_seed(1).normal([-1]), tf.errors.InvalidArgumentError,
     "Dimension -1 must be >= 0"),
    (lambda: tf.random.Generator.from_seed(1, alg="foo"), ValueError,
     "Argument `alg` got unsupported value foo."),
    (lambda: tf.random.Generator.from_state([1, 2], "philox"), ValueError,
     "Shapes (2,) and [3] are incompatible"),
])
def test_generator_errors(call, cls, start):
    with pytest.raises(cls) as e:
        call()
    assert str(e.value).startswith(start), str(e.value)


def test_stateless_seed_helpers():
    s = tf.random.split([1, 2], 3)
    assert s.shape == (3, 2) and s.dtype == tf.int32
    f = tf.random.fold_in([1, 2], 3)
    assert f.shape == (2,) and f.numpy()[1] == 3


def test_dropout_noise_shape_error():
    with pytest.raises(tf.errors.InvalidArgumentError, match="condition \\[2,10\\], then "
                                                             "\\[1000,10\\], and else \\[\\] must"):
        tf.nn.dropout(tf.ones([1000, 10]), 0.5, noise_shape=[2, 10])
    y = tf.nn.dropout(tf.ones([1000, 10]), 0.5, noise_shape=[1000, 1], seed=1).numpy()
    assert y.std(axis=1).max() == 0 and set(np.unique(y)) <= {0.0, 2.0}
