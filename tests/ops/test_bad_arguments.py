"""Wrong (and edge-but-valid) arguments get TF 2.21's exception class and message start, or TF's
value: raw internal errors (range of inf/NaN, several ellipses, out-of-memory creation) and the
index-like arguments (shape/axis/perm/multiples/paddings/depth/k) of the shape ops, checked by one
validator (ops/_args.py). Each expectation was taken from TF 2.21 (the bad-input table)."""
import numpy as np
import pytest

import eagerflow as tf

E = tf.errors
X = tf.constant([[0.5, 1.0, 1.5], [2.0, 2.5, 3.0]])
INF, NAN = float("inf"), float("nan")

RAISES = [
    # range: TF's kernel checks (a NaN fails a comparison; an infinite size the last check)
    (lambda: tf.range(INF), E.InvalidArgumentError, "Requires ((limit - start) / delta) <= 9223"),
    (lambda: tf.range(-INF, 0.0), E.InvalidArgumentError, "Requires ((limit - start) / delta)"),
    (lambda: tf.range(0, NAN), E.InvalidArgumentError, "Requires start <= limit when delta > 0: 0/nan"),
    (lambda: tf.range(0.0, 1.0, NAN), E.InvalidArgumentError, "Requires start >= limit when delta < 0: 0/1"),
    # several ellipses
    (lambda: X[..., ...], E.InvalidArgumentError, "Multiple ellipses in slice spec not allowed"),
    (lambda: X[..., 1, ...], E.InvalidArgumentError, "Multiple ellipses in slice spec not allowed"),
    (lambda: tf.Variable(X)[..., ...], E.InvalidArgumentError, "Multiple ellipses"),
    (lambda: X[True], ValueError, "mask cannot be scalar."),
    # out of memory: TF's ResourceExhaustedError, not NumPy's MemoryError
    (lambda: tf.zeros([2 ** 40, 8]), E.ResourceExhaustedError, "OOM when allocating tensor with shape[1099511627776,8]"),
    (lambda: tf.ones([2 ** 40]), E.ResourceExhaustedError, "OOM when allocating tensor"),
    (lambda: tf.fill([2 ** 40], 1.0), E.ResourceExhaustedError, "OOM when allocating tensor"),
    (lambda: tf.range(2 ** 40), E.ResourceExhaustedError, "OOM when allocating tensor"),
    (lambda: tf.eye(2 ** 21), E.ResourceExhaustedError, "OOM when allocating tensor"),
    # shapes
    (lambda: tf.reshape(X, [-2, 3]), E.InvalidArgumentError, "Size 0 must be non-negative, not -2"),
    (lambda: tf.reshape(X, [2.0, 3.0]), E.InvalidArgumentError, "Value for attr 'Tshape' of float is not"),
    (lambda: tf.reshape(X, "a"), E.InvalidArgumentError, "Value for attr 'Tshape' of string is not"),
    (lambda: tf.reshape(X, None), ValueError, "Attempt to convert a value (None)"),
    (lambda: tf.reshape(X, [3, "2"]), ValueError, "Can't convert Python sequence with mixed types"),
    (lambda: tf.reshape(X, [True, 6]), ValueError, "Can't convert Python sequence with mixed types"),
    (lambda: tf.reshape(X, [[2, 3]]), E.InvalidArgumentError, "sizes input must be 1-D, not [1,2]"),
    (lambda: tf.reshape(X, tf.constant([3.0, 2.0])), E.InvalidArgumentError, "Value for attr 'Tshape' of float"),
    (lambda: tf.transpose(X, [1.0, 0.0]), E.InvalidArgumentError, "Value for attr 'Tperm' of float"),
    (lambda: tf.transpose(X, [[1, 0]]), E.InvalidArgumentError, "perm must be rank 1, got shape [1,2]"),
    (lambda: tf.expand_dims(X, 1.5), TypeError, "Cannot convert 1.5 to EagerTensor of dtype int32"),
    (lambda: tf.expand_dims(X, "0"), E.InvalidArgumentError, "Value for attr 'Tdim' of string"),
    (lambda: tf.expand_dims(X, [0, 1]), E.InvalidArgumentError, "'dim' must be a tensor with a single value"),
    (lambda: tf.concat([X, X], 1.5), TypeError, "Cannot convert 1.5 to EagerTensor of dtype int32"),
    (lambda: tf.concat([X, X], "0"), E.InvalidArgumentError, "Value for attr 'Tidx' of string"),
    (lambda: tf.concat([X, X], tf.constant(1.0)), E.InvalidArgumentError, "Value for attr 'Tidx' of float"),
    (lambda: tf.stack([X, X], axis="0"), TypeError, "'<' not supported"),
    (lambda: tf.tile(X, [1.5, 1]), E.InvalidArgumentError, "Value for attr 'Tmultiples' of float"),
    (lambda: tf.tile(X, [[2, 1]]), E.InvalidArgumentError, "Expected multiples to be 1-D, but got shape [1,2]"),
    (lambda: tf.pad(X, [[1.5, 0], [0, 0]]), E.InvalidArgumentError, "Value for attr 'Tpaddings' of float"),
    (lambda: tf.pad(X, [1, 1]), E.InvalidArgumentError, "paddings must be a matrix with 2 columns: [2]"),
    (lambda: tf.pad(X, [[1, 1], [0, 2]], constant_values="a"), TypeError, "Cannot convert 'a' to EagerTensor of dtype float"),
    (lambda: tf.pad(X, [[1, 1], [0, 2]], constant_values=[1.0, 2.0]), E.InvalidArgumentError, "constant_values must be a scalar"),
    (lambda: tf.pad(X, [[1, 1], [0, 2]], constant_values=tf.constant(1.0, tf.float64)), E.InvalidArgumentError, "cannot compute PadV2 as input #2"),
    (lambda: tf.pad(X, [[1, 1], [1, 1]], mode=None), AttributeError, "'NoneType' object has no attribute"),
    (lambda: tf.gather(X, [0, 1], axis=1.5), E.InvalidArgumentError, "Value for attr 'Taxis' of float"),
    (lambda: tf.gather(X, [0, 1], axis=[1]), E.InvalidArgumentError, "axis must be scalar"),
    (lambda: tf.one_hot([0, 2, 1], 1.5), TypeError, "Cannot convert 1.5 to EagerTensor of dtype int32"),
    (lambda: tf.one_hot([0, 2, 1], [3]), E.InvalidArgumentError, "depth must be a scalar, but got: [1]"),
    (lambda: tf.one_hot([0, 2, 1], tf.constant(3, tf.int64)), ValueError, "Tensor conversion requested dtype int32"),
    (lambda: tf.one_hot([0.0, 1.0], 3), E.InvalidArgumentError, "Value for attr 'TI' of float"),
    (lambda: tf.one_hot(tf.constant([0, 1], tf.int16), 3), E.InvalidArgumentError, "Value for attr 'TI' of int16"),
    (lambda: tf.one_hot([0, 2, 1], 3, on_value=1.0, off_value=0), TypeError, "dtype <dtype: 'float32'> of on_value does not match"),
    (lambda: tf.math.top_k(X, 1.5), TypeError, "Cannot convert 1.5 to EagerTensor of dtype int32"),
    (lambda: tf.math.top_k(X, None), ValueError, "Attempt to convert a value (None)"),
    (lambda: tf.zeros(None), ValueError, "Attempt to convert a value (None)"),
    (lambda: tf.zeros([2, "3"]), ValueError, "Can't convert Python sequence with mixed types"),
    (lambda: tf.zeros([2], dtype=tf.resource), TypeError, "Cannot convert 0 to EagerTensor of dtype resource"),
    (lambda: tf.fill([2.0, 3.0], 1.5), E.InvalidArgumentError, "Value for attr 'index_type' of float"),
    (lambda: tf.fill([[2]], 1.5), E.InvalidArgumentError, "dims must represent a vector, got shape [1,1]"),
    (lambda: tf.boolean_mask(X, [True, False, True], axis=-1), ValueError, "Shapes () and (3,) are incompatible"),
    (lambda: tf.boolean_mask(X, [True, False, True], axis=1.5), TypeError, "slice indices must be integers"),
    (lambda: tf.where(tf.constant([1.0, 0.0], tf.float16)), E.UnimplementedError, "No WhereOp available for float16"),
    (lambda: tf.where(tf.constant(["a"])), E.InvalidArgumentError, "Value for attr 'T' of string"),
    # axis range/duplicate/dtype checks of the composites (the reductions' errors, as in TF)
    (lambda: tf.norm(X, axis=2), E.InvalidArgumentError, "Invalid reduction dimension (2 for input with 2"),
    (lambda: tf.norm(X, axis=[1]), ValueError, "'axis' must be None, an integer, or a tuple of 2 unique"),
    (lambda: tf.norm(X, axis="0"), ValueError, "'axis' must be None, an integer, or a tuple of 2 unique"),
    (lambda: tf.norm(X, axis=[1.5, 0]), ValueError, "'axis' must be None, an integer, or a tuple of 2"),
    (lambda: tf.norm(X, axis=tf.constant(1)), ValueError, "'axis' must be None"),
    (lambda: tf.norm(X, ord=np.inf, axis=[0, 5]), E.InvalidArgumentError, "Invalid reduction dimension (5"),
    (lambda: tf.norm(X, ord=None), TypeError, "'<=' not supported"),
    (lambda: tf.norm(tf.constant([True])), TypeError, "Expected numeric or variant tensor, got dtype tf.bool."),
    (lambda: tf.norm("abc"), TypeError, "Expected numeric or variant tensor, got dtype tf.string."),
    (lambda: tf.math.l2_normalize(X, axis=2), E.InvalidArgumentError, "Invalid reduction dimension (2"),
    (lambda: tf.math.l2_normalize(X, axis=-3), E.InvalidArgumentError, "Invalid reduction dimension (-3"),
    (lambda: tf.math.l2_normalize(X, axis="0"), E.InvalidArgumentError, "Value for attr 'Tidx' of string"),
    (lambda: tf.math.l2_normalize(tf.constant([3, 4])), TypeError, "Cannot convert 1e-12 to EagerTensor of dtype int32"),
    (lambda: tf.math.l2_normalize(X, epsilon="a"), TypeError, "Cannot convert 'a' to EagerTensor of dtype float"),
    (lambda: tf.nn.moments(X, [2]), E.InvalidArgumentError, "Invalid reduction dimension (2 for input"),
    (lambda: tf.nn.moments(X, [0, 0]), E.InvalidArgumentError, "Invalid reduction arguments: Axes contains duplicate dimension: 0"),
    (lambda: tf.nn.moments(X, [1.5]), E.InvalidArgumentError, "Value for attr 'Tidx' of float"),
    (lambda: tf.nn.moments(X, tf.constant([0])), TypeError, "Expected list for 'axis' argument to 'squeeze' Op"),
    (lambda: tf.nn.moments([3.0, 4.0], [0]), AttributeError, "'list' object has no attribute 'dtype'"),
    (lambda: tf.nn.moments("abc", [0]), AttributeError, "'str' object has no attribute 'dtype'"),
    (lambda: tf.reduce_sum(X, "0"), E.InvalidArgumentError, "Value for attr 'Tidx' of string"),
    (lambda: tf.reduce_sum(X, [1.5]), E.InvalidArgumentError, "Value for attr 'Tidx' of float"),
    (lambda: tf.squeeze(tf.zeros([1, 2, 1]), "0"), TypeError, "Expected int for argument 'axis' not '0'."),
    # dtypes TF has no kernel for
    (lambda: tf.abs(tf.constant([1], tf.uint8)), E.InvalidArgumentError, "Value for attr 'T' of uint8 is not"),
    (lambda: tf.pow(tf.constant([1], tf.uint32), 2), E.InvalidArgumentError, "Value for attr 'T' of uint32 is not"),
    (lambda: tf.nn.moments(tf.constant([1, 2], tf.int16), [0]), E.InvalidArgumentError, "Value for attr 'T' of int16 is not"),
    (lambda: tf.matmul(tf.ones([2, 2], tf.uint8), tf.ones([2, 2], tf.uint8)), E.NotFoundError, "Could not find device for node: {{node MatMul}} = MatMul[T=DT_UINT8"),
    (lambda: tf.matmul(tf.ones([1, 2, 2], tf.uint16), tf.ones([1, 2, 2], tf.uint16)), E.NotFoundError, "Could not find device for node: {{node BatchMatMulV2}}"),
    (lambda: tf.cast("a", tf.int32), E.UnimplementedError, "Cast string to int32 is not supported"),
    (lambda: tf.cast(1.5, tf.string), E.UnimplementedError, "Cast float to string is not supported"),
    (lambda: tf.cast(X, tf.string), E.UnimplementedError, "Cast float to string is not supported"),
    (lambda: tf.cast(X, tf.resource), E.UnimplementedError, "Cast float to resource is not supported"),
    # Python values converted with the tensor's dtype, as TF's binary ops do
    (lambda: tf.pow(2, 3.5), TypeError, "Cannot convert 3.5 to EagerTensor of dtype int32"),
    (lambda: tf.pow([1, 2], [1.5, 2.0]), TypeError, "Cannot convert [1.5, 2.0] to EagerTensor of dtype int32"),
    (lambda: tf.pow(X, "a"), TypeError, "Cannot convert 'a' to EagerTensor of dtype float"),
    (lambda: tf.clip_by_value([1, 2, 3], 1.5, 2.5), TypeError, "Cannot convert 2.5 to EagerTensor of dtype int32"),
    (lambda: tf.clip_by_value(X, "a", 1.0), TypeError, "Cannot convert 'a' to EagerTensor of dtype float"),
    (lambda: tf.matmul([[1, 2]], [[1.0], [2.0]]), E.InvalidArgumentError, "cannot compute MatMul as input #1(zero-based) was expected to be a int32"),
    (lambda: tf.matmul("a", tf.ones([2, 2])), E.InvalidArgumentError, "Value for attr 'T' of string"),
    (lambda: tf.matmul(tf.ones([2, 2]), "a"), E.InvalidArgumentError, "cannot compute MatMul as input #1(zero-based) was expected to be a float"),
    (lambda: tf.tensordot([[1, 2]], [[1.0], [2.0]], 1), E.InvalidArgumentError, "cannot compute MatMul as input #1"),
    (lambda: tf.tensordot(X, tf.ones([3, 2]), "a"), TypeError, "Cannot convert 'a' to EagerTensor of dtype int32"),
    (lambda: tf.tensordot(X, tf.ones([3, 2]), None), ValueError, "Attempt to convert a value (None)"),
    (lambda: tf.tensordot(X, tf.ones([3, 2]), [[1.5], [0]]), TypeError, "list indices must be integers or slices, not float"),
    (lambda: tf.tensordot(X, tf.ones([3, 2]), tf.constant(1)), E.InvalidArgumentError, "Attempting to slice scalar input."),
    (lambda: tf.tensordot(X, tf.ones([3, 2]), tf.constant(1.0)), ValueError, "axes: Tensor conversion requested dtype int32"),
    (lambda: tf.tensordot(X, tf.ones([3, 2]), [[5], [0]]), IndexError, "list index out of range"),
    (lambda: tf.where([1, 0], [1, 2], [3, 4]), TypeError, "Cannot convert [1, 0] to EagerTensor of dtype bool"),
    (lambda: tf.where(tf.constant([1, 0]), [1, 2], [3, 4]), ValueError, "Tensor conversion requested dtype bool"),
    (lambda: tf.range(0, 5, dtype=tf.uint8), E.InvalidArgumentError, "Value for attr 'Tidx' of uint8"),
    (lambda: tf.range(0, 5, dtype=tf.int16), E.NotFoundError, "Could not find device for node: {{node Range}} = Range[Tidx=DT_INT16]"),
    (lambda: tf.range(0, 5, dtype=tf.complex64), E.InvalidArgumentError, "Value for attr 'Tidx' of complex64"),
    (lambda: tf.zeros([[2]]), E.InvalidArgumentError, "dims must represent a vector, got shape [1,1]"),
    (lambda: tf.fill([2], [[1]]), E.InvalidArgumentError, "value must represent a scalar, got shape [1,1]"),
    (lambda: tf.ones_like(tf.constant(["a"])), E.InvalidArgumentError, "Value for attr 'T' of string"),
    (lambda: tf.cumsum(X, "0"), E.InvalidArgumentError, "Value for attr 'Tidx' of string"),
    (lambda: tf.cumsum(X, None), ValueError, "Attempt to convert a value (None)"),
    (lambda: tf.cumsum(X, 0, exclusive="yes"), TypeError, "Expected bool for argument 'exclusive' not 'yes'."),
    (lambda: tf.math.cumprod(X, 0, reverse=1), TypeError, "Expected bool for argument 'reverse' not 1."),
    (lambda: tf.sort(X, axis=None), ValueError, "Attempt to convert a value (None)"),
    (lambda: tf.sort(X, axis=[0]), ValueError, "Argument `axis` must be a constant scalar. Received: axis=[0]."),
    (lambda: tf.argmax(X, np.int64(1)), TypeError, "axis tensor dtypes int64 is not supported"),
    (lambda: tf.nn.softmax(X, axis="0"), TypeError, "'<=' not supported"),
    (lambda: tf.nn.softmax(X, axis=1.5), E.InvalidArgumentError, "Requires start <= limit when delta > 0: 2.5/1"),
    (lambda: tf.matmul(tf.ones([2, 2, 2], tf.uint8), tf.ones([2, 2, 2], tf.uint8)), E.NotFoundError, "Could not find device for node: {{node BatchMatMulV2}}"),
    (lambda: tf.matmul(tf.ones([2], tf.uint16), tf.ones([2, 2], tf.uint16)), E.NotFoundError, "Could not find device for node: {{node MatMul}}"),
    (lambda: tf.cast(np.array([1, 2], np.longdouble), tf.int32), ValueError, "Failed to convert a NumPy array to a Tensor (Unsupported numpy type: NPY_LONGDOUBLE)"),
    (lambda: tf.cast(1e40, tf.float64), ValueError, "Can't convert Python sequence with a value out of range"),
    (lambda: tf.tile(tf.constant([[1]], tf.uint16), [2, 1]), E.UnimplementedError, "TileOp : The input data type is not supported, DataType : uint16"),
]


@pytest.mark.parametrize("k", range(len(RAISES)))
def test_wrong_argument_raises_tfs_error(k):
    fn, cls, msg = RAISES[k]
    with pytest.raises(cls) as info:
        fn()
    assert type(info.value) is cls
    assert str(info.value).startswith(msg), str(info.value)


VALUES = [
    (lambda: tf.range(tf.constant([5])), np.arange(5, dtype=np.int32)),
    (lambda: X[np.array(1)], np.array([2.0, 2.5, 3.0], np.float32)),
    (lambda: tf.reshape(tf.zeros([0, 3]), [0, -1]), np.zeros((0, 3), np.float32)),
    (lambda: tf.reshape(tf.zeros([0, 3]), [-1, 0]), np.zeros((3, 0), np.float32)),
    (lambda: tf.reshape(X, np.array([3.0, 2.0])), X.numpy().reshape(3, 2)),
    (lambda: tf.transpose(X, [-1, 0]), X.numpy().T),
    (lambda: tf.expand_dims(X, [0]), X.numpy()[None]),
    (lambda: tf.expand_dims(X, True), X.numpy()[:, None]),
    (lambda: tf.concat([X, X], [0]), np.concatenate([X.numpy()] * 2)),
    (lambda: tf.stack([1, 2.5]), np.array([1.0, 2.5], np.float32)),
    (lambda: tf.stack([]), np.zeros((0,), np.float32)),
    (lambda: tf.stack([X, X], axis=tf.constant(1)), np.stack([X.numpy()] * 2, 1)),
    (lambda: tf.gather(X, [[0], [1]], axis=0, batch_dims=1), X.numpy()[[[0], [1]]]),
    (lambda: tf.one_hot([], 3), np.zeros((0, 3), np.float32)),
    (lambda: tf.math.top_k(X, True).values, np.array([[1.5], [3.0]], np.float32)),
    (lambda: tf.math.top_k(X, 2 ** 40).values, np.zeros((2, 0), np.float32)),
    (lambda: tf.zeros([True, 2]), np.zeros((1, 2), np.float32)),
    (lambda: tf.fill([2], [1.0]), np.ones(2, np.float32)),
    (lambda: tf.pad(tf.constant([["a"]]), [[0, 0], [0, 1]]), np.array([[b"a", b""]], object)),
    (lambda: tf.boolean_mask(X, [1, 0]), X.numpy()[:1]),
    (lambda: tf.boolean_mask(X, tf.constant([0.0, 2.0])), X.numpy()[1:]),
    (lambda: tf.norm(tf.constant([3 + 4j])), np.array(5 + 0j)),
    (lambda: tf.nn.moments(X, None)[0], np.array(1.75, np.float32)),
    (lambda: tf.reduce_sum(X, [True]), X.numpy().sum(1)),
    (lambda: tf.reduce_max(X, np.float32(1)), X.numpy().max(1)),
    (lambda: tf.squeeze(tf.zeros([1, 2, 1]), []), np.zeros(2, np.float32)),
    (lambda: tf.constant([True]) * tf.constant([False]), np.array([False])),
    (lambda: tf.matmul([[1.0, 2.0]], [[1], [2]]), np.array([[5.0]], np.float32)),
    (lambda: tf.tensordot(X, tf.ones([3, 2]), [[-1], [0]]), X.numpy() @ np.ones((3, 2), np.float32)),
    (lambda: tf.where([True, False], [1, 2], [3, 4]), np.array([1, 4], np.int32)),
    (lambda: tf.where(tf.constant([1.0, 0.0], tf.bfloat16)), np.array([[0]], np.int64)),
    (lambda: tf.argmax(X, True), np.array([2, 2], np.int64)),
    (lambda: tf.sort(X, axis=tf.constant(0)), np.sort(X.numpy(), 0)),
    (lambda: tf.nn.softmax(tf.zeros([0])), np.zeros((0,), np.float32)),
    (lambda: tf.nn.softmax([]), np.zeros((0,), np.float32)),
    (lambda: tf.nn.softmax(tf.zeros([0, 3]), axis=0), np.zeros((0, 3), np.float32)),
    (lambda: tf.nn.log_softmax(tf.zeros([0])), np.zeros((0,), np.float32)),
    (lambda: tf.nn.softmax([float("inf"), 0.0]), np.array([np.nan, np.nan], np.float32)),
    (lambda: tf.cast(0.1, tf.float64), np.array(np.float32(0.1), np.float64)),
    (lambda: tf.cast(tf.matmul(tf.ones([2, 2], tf.bfloat16), tf.ones([2, 2], tf.bfloat16)), tf.float32) if tf.matmul(tf.ones([2, 2], tf.bfloat16), tf.ones([2, 2], tf.bfloat16)).dtype == tf.bfloat16 else None, np.full((2, 2), 2.0, np.float32)),
]


def _second_derivative(f, x):
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = f(x)
        d = inner.gradient(y, x)
    return outer.gradient(d, x)


def test_relu_second_derivative_is_zero_not_none():
    # TF's _ReluGradGrad gives zeros for ReluGrad's second input
    x = tf.constant([-1.0, 0.0, 2.0])
    h = _second_derivative(lambda x: tf.reduce_sum(tf.nn.relu(x)), x)
    np.testing.assert_array_equal(h.numpy(), np.zeros(3, np.float32))
    h = _second_derivative(lambda x: tf.reduce_sum(tf.nn.relu(x) * x), x)
    np.testing.assert_array_equal(h.numpy(), np.array([0.0, 0.0, 2.0], np.float32))


def test_hessian_of_a_relu_network():
    w = tf.Variable([[1.0, -2.0], [3.0, 4.0]])
    with tf.GradientTape() as outer:
        with tf.GradientTape() as inner:
            y = tf.reduce_sum(tf.nn.relu(tf.matmul(tf.constant([[1.0, 2.0]]), w)) ** 2)
        g = inner.gradient(y, w)
    h = outer.jacobian(g, w)
    assert h.shape == (2, 2, 2, 2)
    assert np.isfinite(h.numpy()).all()


@pytest.mark.parametrize("k", range(len(VALUES)))
def test_edge_argument_gives_tfs_value(k):
    fn, want = VALUES[k]
    got = fn().numpy()
    assert got.dtype == want.dtype and got.shape == want.shape
    np.testing.assert_array_equal(got, want)  # (NaN equals NaN here)
