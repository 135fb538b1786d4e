"""tf.sparse against dense NumPy references: every op's result, densified, equals the NumPy
computation on the dense array; gradients through the values agree with finite differences."""
import numpy as np
import pytest

import eagerflow as tf

RNG = np.random.default_rng(0)


def _random_dense(shape, density=0.4, dtype=np.float32):
    a = RNG.standard_normal(shape).astype(dtype)
    return a * (RNG.random(shape) < density)


def _dense(st):
    return tf.sparse.to_dense(st).numpy()


def test_from_dense_roundtrip_and_components():
    a = _random_dense((4, 5, 3))
    st = tf.sparse.from_dense(a)
    assert st.indices.dtype == tf.int64 and st.dense_shape.dtype == tf.int64
    assert st.shape.as_list() == [4, 5, 3] and st.dtype == tf.float32
    np.testing.assert_array_equal(st.indices.numpy(), np.argwhere(a != 0))
    np.testing.assert_array_equal(_dense(st), a)


def test_to_dense_default_value_and_validation():
    st = tf.sparse.SparseTensor([[0, 1], [1, 0]], [1.0, 2.0], [2, 2])
    np.testing.assert_array_equal(tf.sparse.to_dense(st, default_value=-1.0).numpy(),
                                  [[-1, 1], [2, -1]])
    bad = tf.sparse.SparseTensor([[1, 0], [0, 0]], [1.0, 2.0], [2, 2])
    with pytest.raises(tf.errors.InvalidArgumentError, match="out of order"):
        tf.sparse.to_dense(bad)
    np.testing.assert_array_equal(tf.sparse.to_dense(bad, validate_indices=False).numpy(),
                                  [[2, 0], [1, 0]])
    with pytest.raises(tf.errors.InvalidArgumentError, match="is repeated"):
        tf.sparse.to_dense(tf.sparse.SparseTensor([[0, 0], [0, 0]], [1.0, 2.0], [2, 2]))


def test_constructor_checks_shapes():
    with pytest.raises(ValueError, match="Dimensions 1 and 2 are not compatible"):
        tf.sparse.SparseTensor([[0, 0]], [1.0, 2.0], [2, 2])
    assert tf.SparseTensor is tf.sparse.SparseTensor


@pytest.mark.parametrize("seed", range(3))
def test_add_matches_dense(seed):
    a, b = _random_dense((5, 4)), _random_dense((5, 4))
    out = tf.sparse.add(tf.sparse.from_dense(a), tf.sparse.from_dense(b))
    np.testing.assert_allclose(_dense(out), a + b)
    idx = out.indices.numpy()
    assert (np.lexsort(idx.T[::-1]) == np.arange(len(idx))).all()  # row-major order
    np.testing.assert_allclose(tf.sparse.add(tf.sparse.from_dense(a), b).numpy(), a + b)


@pytest.mark.parametrize("adjoint_a,adjoint_b", [(False, False), (True, False), (False, True),
                                                 (True, True)])
def test_sparse_dense_matmul_matches_numpy(adjoint_a, adjoint_b):
    a = _random_dense((4, 6))
    b = RNG.standard_normal((6, 3)).astype(np.float32)
    sa = a.T if adjoint_a else a
    bb = b.T if adjoint_b else b
    out = tf.sparse.sparse_dense_matmul(tf.sparse.from_dense(sa), bb, adjoint_a=adjoint_a,
                                        adjoint_b=adjoint_b)
    np.testing.assert_allclose(out.numpy(), a @ b, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("axis,keepdims", [(None, False), (0, False), (1, True), ([0, 2], False),
                                           (-1, True)])
def test_reduce_sum_matches_numpy(axis, keepdims):
    a = _random_dense((3, 4, 5))
    out = tf.sparse.reduce_sum(tf.sparse.from_dense(a), axis=axis, keepdims=keepdims)
    ax = tuple(axis) if isinstance(axis, list) else axis
    np.testing.assert_allclose(out.numpy(), a.sum(axis=ax, keepdims=keepdims), rtol=1e-5,
                               atol=1e-6)


def test_reduce_max_ignores_implicit_zeros():
    a = np.array([[-1.0, 0, -3], [0, 0, 0], [2, 0, 5]], np.float32)
    out = tf.sparse.reduce_max(tf.sparse.from_dense(a), axis=1)
    np.testing.assert_array_equal(out.numpy(), [-1, 0, 5])


def test_reorder_reshape_transpose_expand():
    st = tf.sparse.SparseTensor([[2, 0], [0, 1], [1, 3]], [1, 2, 3], [3, 4])
    dense = tf.sparse.to_dense(st, validate_indices=False).numpy()
    np.testing.assert_array_equal(_dense(tf.sparse.reorder(st)), dense)
    np.testing.assert_array_equal(_dense(tf.sparse.reshape(tf.sparse.reorder(st), [2, -1])),
                                  dense.reshape(2, -1))
    np.testing.assert_array_equal(_dense(tf.sparse.transpose(st)), dense.T)
    np.testing.assert_array_equal(_dense(tf.sparse.expand_dims(tf.sparse.reorder(st), 1)),
                                  dense[:, None])


def test_slice_concat_retain():
    a, b = _random_dense((4, 5)), _random_dense((4, 2))
    sa, sb = tf.sparse.from_dense(a), tf.sparse.from_dense(b)
    np.testing.assert_array_equal(_dense(tf.sparse.slice(sa, [1, 2], [2, 10])), a[1:3, 2:])
    np.testing.assert_array_equal(_dense(tf.sparse.concat(1, [sa, sb])),
                                  np.concatenate([a, b], 1))
    keep = np.arange(sa.values.shape[0]) % 2 == 0
    kept = tf.sparse.retain(sa, keep)
    np.testing.assert_array_equal(kept.values.numpy(), sa.values.numpy()[keep])


def test_operators_with_dense():
    a = _random_dense((3, 4))
    d = RNG.standard_normal((3, 4)).astype(np.float32) + 3
    st = tf.sparse.from_dense(a)
    np.testing.assert_allclose(_dense(st * d), a * d, rtol=1e-6)
    np.testing.assert_allclose(_dense(tf.constant(d) * st), a * d, rtol=1e-6)
    np.testing.assert_allclose(_dense(st / d), a / d, rtol=1e-6)
    with pytest.raises(TypeError):
        st + 1
    with pytest.raises(ValueError, match="Attempt to convert"):
        tf.add(st, d)


def test_dense_left_of_ragged_operand():
    rt = tf.ragged.constant([[1, 2], [3]])
    assert (tf.constant([[1], [2]]) + rt).to_list() == [[2, 3], [5]]
    assert (tf.constant(10) - rt).to_list() == [[9, 8], [7]]


def test_ragged_roundtrip():
    rt = tf.ragged.constant([[1, 2], [], [3, 4, 5]])
    st = rt.to_sparse()
    np.testing.assert_array_equal(_dense(st), rt.to_tensor().numpy())
    assert tf.RaggedTensor.from_sparse(st).to_list() == rt.to_list()


def _fd_check(f, x):
    theoretical, numerical = tf.test.compute_gradient(f, [x])
    np.testing.assert_allclose(theoretical[0], numerical[0], rtol=1e-2, atol=1e-2)


IDX = [[0, 1], [1, 0], [1, 2], [2, 2]]


def test_grad_sparse_dense_matmul_values_and_dense():
    b0 = tf.constant(RNG.standard_normal((3, 2)))
    v0 = tf.constant(RNG.standard_normal(4))

    def of_values(v):
        return tf.sparse.sparse_dense_matmul(tf.sparse.SparseTensor(IDX, v, [3, 3]), b0) ** 2

    def of_dense(b):
        return tf.sin(tf.sparse.sparse_dense_matmul(tf.sparse.SparseTensor(IDX, v0, [3, 3]), b,
                                                    adjoint_a=True))
    _fd_check(of_values, v0)
    _fd_check(of_dense, b0)


def test_grad_to_dense_add_reduce():
    v0 = tf.constant(RNG.standard_normal(4))
    w = tf.constant(RNG.standard_normal((3, 3)))

    def f(v):
        st = tf.sparse.SparseTensor(IDX, v, [3, 3])
        return tf.sparse.to_dense(tf.sparse.add(st, st)) * w + tf.sparse.reduce_sum(st, 0)

    _fd_check(f, v0)


def test_maximum_minimum_match_dense():
    a, b = _random_dense((4, 3)), _random_dense((4, 3))
    sa, sb = tf.sparse.from_dense(a), tf.sparse.from_dense(b)
    np.testing.assert_array_equal(_dense(tf.sparse.maximum(sa, sb)), np.maximum(a, b))
    np.testing.assert_array_equal(_dense(tf.sparse.minimum(sa, sb)), np.minimum(a, b))


def test_softmax_rows_sum_to_one_and_grad():
    v0 = tf.constant(RNG.standard_normal(4))
    out = tf.sparse.softmax(tf.sparse.SparseTensor(IDX, v0, [3, 3]))
    np.testing.assert_allclose(tf.sparse.reduce_sum(out, 1).numpy(), [1, 1, 1])
    _fd_check(lambda v: tf.sparse.softmax(tf.sparse.SparseTensor(IDX, v, [3, 3])).values
              * tf.constant([1.0, 2.0, 3.0, 4.0], tf.float64), v0)


def test_fill_empty_rows_and_eye():
    st = tf.sparse.SparseTensor([[0, 1], [2, 0]], [1.0, 2.0], [4, 3])
    out, empty = tf.sparse.fill_empty_rows(st, -1.0)
    np.testing.assert_array_equal(empty.numpy(), [False, True, False, True])
    np.testing.assert_array_equal(_dense(out)[:, 0], [0, -1, 2, -1])
    np.testing.assert_array_equal(_dense(tf.sparse.eye(2, 3)), np.eye(2, 3))
