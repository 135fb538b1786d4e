"""Conformance snippets for tf.sparse.SparseTensor and tf.sparse: construction and printing,
dense <-> sparse, add, sparse_dense_matmul, reductions, the index-moving ops, operators with
dense operands, RaggedTensor conversions, gradients through the values, and TF's errors. Each
``name(tf, np)`` is one test (see harness.py)."""
from .harness import snippet

IAE = "InvalidArgumentError"


def _st(tf):
    return tf.sparse.SparseTensor(indices=[[0, 3], [2, 4]], values=[10, 20], dense_shape=[3, 10])


def _st2(tf):
    return tf.sparse.SparseTensor([[0, 1], [1, 0], [1, 2]], [1.5, -2.0, 3.0], [2, 3])


def sp_print(tf, np):
    st = _st(tf)
    return [str(st), repr(st), st.indices, st.dense_shape]


def sp_shape_dtype(tf, np):
    st = _st2(tf)
    return [str(st.shape), repr(st.dtype), st.indices.dtype.name, st.dense_shape.dtype.name,
            st.get_shape().as_list(), repr(st._type_spec) if False else 0]


def sp_alias(tf, np):
    return [tf.SparseTensor is tf.sparse.SparseTensor,
            isinstance(_st(tf), tf.SparseTensor)]


@snippet(raises="ValueError", msg_prefix=True)
def sp_bad_values_length(tf, np):
    tf.sparse.SparseTensor([[0, 0]], [1.0, 2.0], [2, 2])


@snippet(raises="ValueError", msg_prefix=True)
def sp_bad_rank(tf, np):
    tf.sparse.SparseTensor([[0, 0]], [1.0], [2, 2, 2])


def sp_from_dense(tf, np):
    st = tf.sparse.from_dense([[1, 0, 0, 8], [0, 0, 0, 0], [0, 0, 3, 0]])
    return [str(st), str(tf.sparse.from_dense(tf.constant([0.0, 2.5, 0.0])))]


def sp_to_dense(tf, np):
    st = _st2(tf)
    return [tf.sparse.to_dense(st), tf.sparse.to_dense(st, default_value=7.0),
            tf.sparse.to_dense(_st(tf))]


@snippet(raises=IAE, msg_regex="is out of order")
def sp_to_dense_unordered(tf, np):
    tf.sparse.to_dense(tf.sparse.SparseTensor([[1, 0], [0, 0]], [1.0, 2.0], [2, 2]))


@snippet(raises=IAE, msg_regex="out of bounds: need 0 <= index")
def sp_to_dense_out_of_bounds(tf, np):
    tf.sparse.to_dense(tf.sparse.SparseTensor([[5, 0]], [1.0], [2, 2]))


def sp_to_dense_unvalidated(tf, np):
    st = tf.sparse.SparseTensor([[1, 0], [0, 0]], [1.0, 2.0], [2, 2])
    return tf.sparse.to_dense(st, validate_indices=False)


def sp_add_sparse(tf, np):
    a = tf.sparse.SparseTensor([[0, 2], [3, 4]], [31, 2], [4, 10])
    b = tf.sparse.SparseTensor([[0, 2], [3, 0]], [56, 38], [4, 10])
    return str(tf.sparse.add(a, b))


def sp_add_threshold(tf, np):
    a = tf.sparse.SparseTensor([[0, 0], [1, 1]], [1.0, 0.5], [2, 2])
    b = tf.sparse.SparseTensor([[0, 0], [1, 1]], [-0.75, 0.25], [2, 2])
    return str(tf.sparse.add(a, b, threshold=0.5))


def sp_add_dense(tf, np):
    return [tf.sparse.add(_st(tf), tf.ones([3, 10], tf.int32)),
            tf.sparse.add(tf.ones([3, 10], tf.int32), _st(tf))]


@snippet(raises=IAE, msg_regex="Operands' shapes do not match")
def sp_add_shape_mismatch(tf, np):
    tf.sparse.add(_st(tf), tf.sparse.SparseTensor([[0, 0]], [1], [3, 9]))


def sp_matmul(tf, np):
    st = tf.sparse.SparseTensor(([0, 1], [1, 0], [1, 1]), [13, 15, 17], (2, 2))
    return tf.sparse.sparse_dense_matmul(st, tf.constant([[4], [6]]))


def sp_matmul_adjoint(tf, np):
    st = _st2(tf)
    b = tf.reshape(tf.range(6.0), [2, 3])
    c = tf.reshape(tf.range(8.0), [4, 2])
    return [tf.sparse.sparse_dense_matmul(st, b, adjoint_a=True),
            tf.sparse.sparse_dense_matmul(st, c, adjoint_b=True) if False else
            tf.sparse.sparse_dense_matmul(st, tf.reshape(tf.range(12.0), [4, 3]), adjoint_b=True),
            tf.sparse.sparse_dense_matmul(tf.reshape(tf.range(4.0), [2, 2]), st)]


def sp_reduce_sum(tf, np):
    st = _st(tf)
    return [tf.sparse.reduce_sum(st), tf.sparse.reduce_sum(st, axis=1),
            tf.sparse.reduce_sum(st, axis=0, keepdims=True),
            str(tf.sparse.reduce_sum(st, axis=1, output_is_sparse=True))]


def sp_reduce_max(tf, np):
    st = tf.sparse.SparseTensor([[0, 1], [1, 1]], [-1.0, -2.0], [3, 3])
    return [tf.sparse.reduce_max(tf.sparse.from_dense([-5, 0, -3])),
            tf.sparse.reduce_max(st, axis=1), tf.sparse.reduce_max(st, axis=-1, keepdims=True),
            str(tf.sparse.reduce_max(st, axis=1, output_is_sparse=True))]


def sp_reorder(tf, np):
    st = tf.sparse.SparseTensor([[2, 0], [0, 1], [1, 3]], [1, 2, 3], [3, 4])
    return str(tf.sparse.reorder(st))


def sp_reshape(tf, np):
    return [str(tf.sparse.reshape(_st(tf), [5, 6])), str(tf.sparse.reshape(_st(tf), [-1, 2]))]


def sp_slice(tf, np):
    a = tf.sparse.SparseTensor([[2, 4], [3, 3], [4, 4], [5, 4]], [1, 2, 3, 4], [8, 5])
    return [str(tf.sparse.slice(a, [2, 3], [2, 5])),
            tf.sparse.to_dense(tf.sparse.slice(a, [0, 4], [8, 6])),
            tf.sparse.to_dense(tf.sparse.slice(a, [0, 10], [8, 6]))]


def sp_concat(tf, np):
    a = tf.sparse.SparseTensor([[0, 1], [1, 0]], [1, 2], [2, 2])
    b = tf.sparse.SparseTensor([[0, 0], [1, 2]], [3, 4], [2, 3])
    return [str(tf.sparse.concat(axis=1, sp_inputs=[a, b])),
            tf.sparse.to_dense(tf.sparse.concat(0, [a, a]))]


def sp_concat_expand(tf, np):
    a = tf.sparse.SparseTensor([[0, 1]], [1], [2, 2])
    b = tf.sparse.SparseTensor([[2, 0]], [3], [3, 3])
    return str(tf.sparse.concat(1, [a, b], expand_nonconcat_dims=True))


@snippet(raises=IAE)
def sp_concat_mismatch(tf, np):
    a = tf.sparse.SparseTensor([[0, 1]], [1], [2, 2])
    b = tf.sparse.SparseTensor([[2, 0]], [3], [3, 3])
    tf.sparse.concat(1, [a, b])


def sp_retain(tf, np):
    return str(tf.sparse.retain(_st(tf), [True, False]))


def sp_transpose(tf, np):
    st = tf.sparse.SparseTensor([[0, 1, 2], [1, 0, 0]], [1, 2], [2, 3, 4])
    return [str(tf.sparse.transpose(_st(tf))), str(tf.sparse.transpose(st, [2, 0, 1]))]


def sp_expand_dims(tf, np):
    return [str(tf.sparse.expand_dims(_st(tf), 0)), tf.sparse.expand_dims(_st(tf), -1).shape]


def sp_map_values(tf, np):
    st = tf.sparse.from_dense([[1, 0, 0, 8], [0, 0, 0, 0], [0, 0, 3, 0]])
    return [tf.sparse.to_dense(tf.sparse.map_values(tf.add, st, 5)),
            str(tf.sparse.map_values(tf.multiply, st, st))]


def sp_to_indicator(tf, np):
    st = tf.sparse.SparseTensor([[0, 0], [1, 0], [1, 1]], [1, 3, 0], [2, 2])
    return tf.sparse.to_indicator(st, 4)


def sp_with_values(tf, np):
    return str(_st(tf).with_values([1.5, 2.5]))


def sp_mul_dense(tf, np):
    st = _st(tf)
    d = tf.reshape(tf.range(30), [3, 10])
    return [str(st * d), str(d * st), str(st * 3), str(st * tf.range(10))]


def sp_div_dense(tf, np):
    st = _st2(tf)
    return [str(st / tf.constant([[2.0, 4.0, 8.0]])), str(st / 2.0)]


@snippet(raises="TypeError", msg_prefix=True)
def sp_neg_unsupported(tf, np):
    return -_st2(tf)


@snippet(raises="TypeError")
def sp_add_scalar_operator(tf, np):
    return _st(tf) + 1


@snippet(raises="ValueError", msg_regex="Attempt to convert a value")
def sp_tf_add_dispatch(tf, np):
    tf.add(_st(tf), tf.ones([3, 10], tf.int32))


def sp_ragged_to_sparse(tf, np):
    return [str(tf.ragged.constant([[1, 2], [], [3]]).to_sparse()),
            str(tf.ragged.constant([[[1, 2], [3]], [[4]]]).to_sparse())]


def sp_ragged_from_sparse(tf, np):
    st = tf.sparse.SparseTensor([[0, 0], [0, 1], [2, 0]], [1, 2, 3], [3, 5])
    return repr(tf.RaggedTensor.from_sparse(st))


@snippet(raises=IAE, msg_regex="not right-ragged")
def sp_ragged_from_sparse_not_right_ragged(tf, np):
    tf.RaggedTensor.from_sparse(tf.sparse.SparseTensor([[0, 1], [2, 0]], [1, 3], [3, 5]))


def sp_dense_plus_ragged_left(tf, np):
    rt = tf.ragged.constant([[1, 2], [3]])
    return [repr(tf.constant([[1], [2]]) + rt), repr(tf.constant(2) * rt)]


def sp_grad_matmul(tf, np):
    v = tf.Variable([1.0, 2.0])
    b = tf.Variable(np.arange(6.0, dtype=np.float32).reshape(3, 2))
    with tf.GradientTape() as t:
        st = tf.sparse.SparseTensor([[0, 1], [1, 2]], v * 1.0, [2, 3])
        y = tf.reduce_sum(tf.sparse.sparse_dense_matmul(st, b) ** 2)
    return t.gradient(y, [v, b])


def sp_grad_matmul_adjoint(tf, np):
    v = tf.Variable([1.0, 2.0, -1.0])
    b = tf.Variable(np.arange(6.0, dtype=np.float32).reshape(3, 2))
    with tf.GradientTape() as t:
        st = tf.sparse.SparseTensor([[0, 1], [1, 0], [2, 1]], v * 1.0, [3, 2])
        y = tf.reduce_sum(tf.sin(tf.sparse.sparse_dense_matmul(st, b, adjoint_a=True)))
    return t.gradient(y, [v, b])


def sp_grad_to_dense(tf, np):
    v = tf.Variable([1.0, 2.0])
    with tf.GradientTape() as t:
        st = tf.sparse.SparseTensor([[0, 1], [1, 2]], v * 1.0, [2, 3])
        y = tf.reduce_sum(tf.sparse.to_dense(st) * tf.constant([[1.0, 2, 3], [4, 5, 6]]))
    return t.gradient(y, v)


def sp_grad_add_reduce(tf, np):
    v = tf.Variable([1.0, 2.0])
    with tf.GradientTape() as t:
        st = tf.sparse.SparseTensor([[0, 1], [1, 2]], v * 1.0, [2, 3])
        y = tf.reduce_sum(tf.sparse.reduce_sum(tf.sparse.add(st, st), axis=0) * [1.0, 2, 3])
    return t.gradient(y, v)


def sp_function_matmul(tf, np):
    @tf.function
    def f(x, y):
        return tf.sparse.sparse_dense_matmul(x, y)
    a = tf.sparse.SparseTensor([[0, 3], [2, 4]], [15, 25], [3, 10])
    return f(a, tf.sparse.to_dense(tf.sparse.transpose(a)))


def sp_fill_empty_rows(tf, np):
    st = tf.sparse.SparseTensor([[0, 1], [2, 0]], [1.0, 2.0], [4, 3])
    out, empty = tf.sparse.fill_empty_rows(st, -1.0)
    return [str(out), empty]


def sp_eye(tf, np):
    return [str(tf.sparse.eye(2)), str(tf.sparse.eye(2, 3, dtype=tf.int32))]


def sp_maximum_minimum(tf, np):
    a = tf.sparse.SparseTensor([[0, 1], [2, 0]], [1.0, 2.0], [4, 3])
    b = tf.sparse.SparseTensor([[0, 1], [1, 1]], [3.0, -2.0], [4, 3])
    return [str(tf.sparse.maximum(a, b)), str(tf.sparse.minimum(a, b))]


def sp_softmax(tf, np):
    st = tf.sparse.SparseTensor([[0, 1], [0, 2], [2, 0]], [1.0, 2.0, 3.0], [4, 3])
    out = tf.sparse.softmax(st)  # values within float tolerance (TF's exp differs by an ulp)
    return [out.indices, out.values, out.dense_shape]


def sp_nest_flatten(tf, np):
    return tf.nest.flatten(_st(tf), expand_composites=True)


def sp_unary_dispatch(tf, np):
    st = tf.sparse.SparseTensor([[0, 3], [2, 4]], [0.5, -0.25], [3, 10])
    return [str(tf.math.negative(st)), str(tf.sin(st)), str(tf.square(st)), str(tf.sign(st)),
            tf.math.tanh(st).values]


@snippet(raises="ValueError", msg_regex="Attempt to convert a value")
def sp_unary_exp_not_dispatched(tf, np):
    tf.exp(tf.sparse.SparseTensor([[0, 3]], [0.5], [3, 10]))
