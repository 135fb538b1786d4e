"""Array/shape ops: edge cases, TF's errors (class and message start, checked against TF 2.21),
and finite-difference gradient checks of every differentiable op."""
import numpy as np
import pytest

import eagerflow as tf
from eagerflow.errors import InvalidArgumentError

def check_grad(f, *args, wrt=None, eps=1e-6, rtol=1e-5, atol=1e-6, seed=0):
    """Compares tape gradients of sum(f(*args) * w) (random w) with central differences."""
    args = [np.asarray(a, np.float64) if np.asarray(a).dtype.kind == "f" else np.asarray(a)
            for a in args]
    wrt = [k for k, a in enumerate(args) if a.dtype.kind == "f"] if wrt is None else list(wrt)
    out0 = np.asarray(f(*[tf.constant(a) for a in args]))
    w = np.random.default_rng(seed).uniform(0.5, 1.5, size=out0.shape)

    def scalar(vals):
        return float(np.sum(np.asarray(f(*[tf.constant(a) for a in vals])) * w))

    ts = [tf.constant(a) for a in args]
    with tf.GradientTape() as tape:
        for k in wrt:
            tape.watch(ts[k])
        y = f(*ts)
    grads = tape.gradient(y, [ts[k] for k in wrt], output_gradients=tf.constant(w))
    for k, g in zip(wrt, grads):
        assert g is not None, "no gradient for argument %d" % k
        g = np.asarray(g)
        assert g.shape == args[k].shape, (g.shape, args[k].shape)
        num = np.zeros(args[k].shape)
        for idx in np.ndindex(*args[k].shape):
            plus = [a.copy() for a in args]
            minus = [a.copy() for a in args]
            plus[k][idx] += eps
            minus[k][idx] -= eps
            num[idx] = (scalar(plus) - scalar(minus)) / (2 * eps)
        np.testing.assert_allclose(g, num, rtol=rtol, atol=atol, err_msg="argument %d" % k)


A = np.arange(6, dtype=np.float32).reshape(2, 3)
B = np.ones((2, 2), np.float32)
I = np.array([[1, 2], [3, 4]], np.int32)
R = np.random.default_rng(1).uniform(-2, 2, size=(3, 4))

ERRORS = [
    (lambda: tf.transpose(A, [0, 0]), InvalidArgumentError, "1 is missing from {0,0}. [Op:Transpose]"),
    (lambda: tf.transpose(A, [0]), InvalidArgumentError,
     "transpose expects a vector of size 2. But input(1) is a vector of size 1"),
    (lambda: tf.transpose(A, [0, 2]), InvalidArgumentError, "2 is out of range [0 .. 2)"),
    (lambda: tf.expand_dims(A, 3), InvalidArgumentError,
     "Tried to expand dim index 3 for tensor with 2 dimensions. [Op:ExpandDims]"),
    (lambda: tf.squeeze(A, 0), InvalidArgumentError,
     "Can not squeeze dim[0], expected a dimension of 1, got 2 [Op:Squeeze]"),
    (lambda: tf.squeeze(A, 5), InvalidArgumentError,
     "Tried to squeeze dim index 5 for tensor with 2 dimensions."),
    (lambda: tf.concat([tf.constant(A), tf.constant(I)], 0), InvalidArgumentError,
     "cannot compute ConcatV2 as input #1(zero-based) was expected to be a float tensor but is a "
     "int32 tensor [Op:ConcatV2]"),
    (lambda: tf.concat([A, B], 0), InvalidArgumentError,
     "ConcatOp : Dimension 1 in both shapes must be equal: shape[0] = [2,3] vs. shape[1] = [2,2]"),
    (lambda: tf.concat([A, A], 2), InvalidArgumentError,
     "ConcatOp : Expected concatenating dimensions in the range [-2, 2), but got 2"),
    (lambda: tf.stack([A, B]), InvalidArgumentError,
     "Shapes of all inputs must match: values[0].shape = [2,3] != values[1].shape = [2,2] [Op:Pack]"),
    (lambda: tf.stack([A, A], 3), ValueError, "Argument `axis` = 3 not in range [-3, 3)"),
    (lambda: tf.unstack(A, num=3), InvalidArgumentError,
     "Input shape axis 0 must equal 3, got shape [2,3] [Op:Unpack]"),
    (lambda: tf.split(A, 2, 1), InvalidArgumentError,
     "Number of ways to split should evenly divide the split dimension, but got split_dim 1 "
     "(size = 3) and num_split 2 [Op:Split]"),
    (lambda: tf.split(A, [1, -1, -1], 1), InvalidArgumentError,
     "There can only be one -1 in the input. [Op:SplitV]"),
    (lambda: tf.split(A, [1, 5], 1), InvalidArgumentError, "Determined shape must either match"),
    (lambda: tf.tile(A, [2]), InvalidArgumentError,
     "Expected multiples argument to be a vector of length 2 but got length 1 [Op:Tile]"),
    (lambda: tf.pad(A, [[1, 1]]), InvalidArgumentError,
     "The first dimension of paddings must be the rank of inputs[1,2] [2,3] [Op:Pad]"),
    (lambda: tf.pad(A, [[2, 2], [0, 0]], "REFLECT"), InvalidArgumentError,
     "paddings must be less than the dimension size: 2, 2 not less than 2 [Op:MirrorPad]"),
    (lambda: tf.pad(A, [[1, 1], [0, 0]], "foo"), ValueError,
     'Value of argument `mode` expected to be one of "CONSTANT", "REFLECT", or "SYMMETRIC". '
     "Received `mode` = FOO"),
    (lambda: tf.reverse(A, [2]), InvalidArgumentError,
     "'axis'[0] = 2 is out of valid range [0, 1 [Op:ReverseV2]"),
    (lambda: tf.roll(A, 1, 2), InvalidArgumentError, "axis 2 is out of range [Op:Roll]"),
    (lambda: tf.gather(tf.constant([1, 2, 3]), [0, 5]), InvalidArgumentError,
     "indices[1] = 5 is not in [0, 3) [Op:GatherV2]"),
    (lambda: tf.gather(tf.constant([1, 2, 3]), [[0, 1], [5, 0]]), InvalidArgumentError,
     "indices[1,0] = 5 is not in [0, 3) [Op:GatherV2]"),
    (lambda: tf.gather(A, [0, 5], axis=1), InvalidArgumentError, "indices[1] = 5 is not in [0, 3)"),
    (lambda: tf.gather(A, [0], axis=2), InvalidArgumentError,
     "Shape must be at least rank 3 but is rank 2 [Op:GatherV2]"),
    (lambda: tf.gather_nd(A, [[0, 5]]), InvalidArgumentError,
     "indices[0] = [0, 5] does not index into param shape [2,3], node name: GatherNd [Op:GatherNd]"),
    (lambda: tf.gather_nd(A, [[0, 1, 1]]), InvalidArgumentError,
     "index innermost dimension length must be <= params rank; saw: 3 vs. 2 [Op:GatherNd]"),
    (lambda: tf.scatter_nd([[5]], [1.], [3]), InvalidArgumentError,
     "indices[0] = [5] does not index into shape [3] [Op:ScatterNd]"),
    (lambda: tf.tensor_scatter_nd_update(A, [[5, 0]], [1.]), InvalidArgumentError,
     "indices[0] = [5, 0] does not index into shape [2,3] [Op:TensorScatterUpdate]"),
    (lambda: tf.shape(A, out_type=tf.float32), InvalidArgumentError,
     "Value for attr 'out_type' of float is not in the list of allowed values: int32, int64"),
    (lambda: tf.slice(A, [0, 1], [1, 5]), InvalidArgumentError,
     "Expected size[1] in [0, 2], but got 5 [Op:Slice]"),
    (lambda: tf.broadcast_dynamic_shape([2, 1], [4, 3]), InvalidArgumentError,
     "Incompatible shapes: [2,1] vs. [4,3] [Op:BroadcastArgs]"),
]


def check_error(fn, cls, start):
    """fn() raises TF's class with a message that starts like TF's."""
    with pytest.raises(cls) as e:
        fn()
    msg = getattr(e.value, "message", str(e.value))
    assert msg.startswith(start), msg


@pytest.mark.parametrize("k", range(len(ERRORS)))
def test_errors_like_tf(k):
    check_error(*ERRORS[k])


def test_values_and_dtypes():
    assert tf.stack([1, 2]).dtype == tf.int32
    assert tf.shape(A).dtype == tf.int32 and tf.shape(A).numpy().tolist() == [2, 3]
    assert tf.shape(tf.constant(1.0)).shape == (0,)
    assert tf.shape(A, out_type=tf.int64).dtype == tf.int64
    assert tf.size(A).dtype == tf.int32 and int(tf.size(A)) == 6
    assert tf.size(A, out_type=tf.int64).dtype == tf.int64
    assert int(tf.rank(np.zeros((1, 2, 3, 4, 5)))) == 5
    assert [s.numpy().tolist() for s in tf.shape_n([A, B])] == [[2, 3], [2, 2]]
    oh = tf.one_hot([0, -1, 2], 3)
    assert oh.dtype == tf.float32
    np.testing.assert_array_equal(oh.numpy(), [[1, 0, 0], [0, 0, 0], [0, 0, 1]])
    oh = tf.one_hot([0, 1], 3, on_value=5, off_value=1)
    assert oh.dtype == tf.int32 and oh.numpy().tolist() == [[5, 1, 1], [1, 5, 1]]
    oh = tf.one_hot([0, 2], 3, axis=0, dtype=tf.int64)
    assert oh.dtype == tf.int64 and oh.numpy().tolist() == [[1, 0], [0, 0], [0, 1]]
    assert tf.transpose(A).shape == (3, 2)
    c = tf.constant(np.array([[1 + 2j, 3j]]))
    np.testing.assert_array_equal(tf.transpose(c, conjugate=True).numpy(), [[1 - 2j], [-3j]])
    assert tf.concat([A, A], -1).shape == (2, 6)
    assert tf.concat([A], 0).numpy().tolist() == A.tolist()
    assert len(tf.unstack(A, axis=1)) == 3
    assert [t.shape for t in tf.split(A, [1, -1], 1)] == [(2, 1), (2, 2)]
    g = tf.gather(tf.constant([[1, 2], [3, 4]]), [[1], [0]], batch_dims=1)
    assert g.numpy().tolist() == [[2], [3]]
    assert tf.gather(A, [[1, 0]], axis=1).shape == (2, 1, 2)
    assert tf.gather_nd(tf.constant([[1, 2], [3, 4]]), [[1], [0]], batch_dims=1).numpy().tolist() \
        == [2, 3]
    assert tf.scatter_nd([[1], [1]], [1., 2.], [3]).numpy().tolist() == [0, 3, 0]
    assert tf.repeat([1, 2], [2, 3]).numpy().tolist() == [1, 1, 2, 2, 2]
    assert tf.searchsorted([1, 2, 3], [2, 5]).numpy().tolist() == [1, 3]
    assert tf.searchsorted([1, 2, 3], [2, 5], side="right").numpy().tolist() == [2, 3]
    assert tf.sequence_mask([1, 3]).numpy().tolist() == [[True, False, False], [True] * 3]
    assert tf.broadcast_static_shape(tf.TensorShape([2, 1]), tf.TensorShape([3])) == [2, 3]
    assert tf.broadcast_dynamic_shape([2, 1], [3]).numpy().tolist() == [2, 3]
    x, y = tf.meshgrid([1, 2], [3, 4, 5])
    assert x.shape == (3, 2) and y.numpy()[:, 0].tolist() == [3, 4, 5]
    assert tf.strided_slice(A, [0, 1], [2, 3], shrink_axis_mask=1).numpy().tolist() == [1, 2]


GRADS = [
    (lambda x: tf.reshape(x, [4, 3]), (R,)),
    (lambda x: tf.broadcast_to(x[0], [2, 4]), (R,)),
    (lambda x: tf.transpose(x), (R,)),
    (lambda x: tf.transpose(tf.reshape(x, [2, 3, 2]), [2, 0, 1]), (R,)),
    (lambda x: tf.expand_dims(x, 1), (R,)),
    (lambda x: tf.squeeze(tf.reshape(x, [1, 12, 1])), (R,)),
    (lambda x, y: tf.concat([x, y, x], 0), (R, R[:1])),
    (lambda x, y: tf.stack([x, y], 1), (R, R * 2)),
    (lambda x: tf.unstack(x, axis=1)[2] * tf.unstack(x)[0][1:], (R,)),
    (lambda x: tf.split(x, [1, -1], 1)[1] * 2.0, (R,)),
    (lambda x: tf.tile(x, [2, 3]), (R,)),
    (lambda x: tf.pad(x, [[1, 2], [0, 1]], constant_values=3), (R,)),
    (lambda x: tf.pad(x, [[1, 2], [3, 1]], "REFLECT"), (R,)),
    (lambda x: tf.pad(x, [[2, 2], [1, 4]], "SYMMETRIC"), (R,)),
    (lambda x: tf.slice(x, [1, 1], [-1, 2]), (R,)),
    (lambda x: tf.strided_slice(x, [0, 3], [3, 0], [2, -1]), (R,)),
    (lambda x: tf.reverse(x, [0, 1]), (R,)),
    (lambda x: tf.roll(x, [1, -1], [0, 1]), (R,)),
    (lambda x: tf.gather(x, [[0, 2], [2, 2]], axis=1), (R,)),
    (lambda x: tf.gather(x, [[0, 3, 3], [1, 1, 2], [0, 0, 0]], batch_dims=1), (R,)),
    (lambda x: tf.gather_nd(x, [[0, 1], [2, 3], [0, 1]]), (R,)),
    (lambda x: tf.gather_nd(tf.reshape(x, [3, 2, 2]), [[1], [0], [1]], batch_dims=1), (R,)),
    (lambda u: tf.scatter_nd([[1], [3], [1]], u, [5, 4]), (R,)),
    (lambda t, u: tf.tensor_scatter_nd_update(t, [[0], [2]], u), (R, R[:2] * 3)),
    (lambda t, u: tf.tensor_scatter_nd_add(t, [[0], [2], [0]], u), (R, R * 3)),
    (lambda t, u: tf.tensor_scatter_nd_sub(t, [[0], [2], [0]], u), (R, R * 3)),
    (lambda t, u: tf.tensor_scatter_nd_max(t, [[0], [2]], u), (R, R[:2] + 0.3)),
    (lambda t, u: tf.tensor_scatter_nd_min(t, [[0], [2]], u), (R, R[:2] + 0.3)),
    (lambda x, y: tf.meshgrid(x, y)[0] * tf.meshgrid(x, y)[1], (R[0], R[1, :3])),
    (lambda x: tf.repeat(x, [2, 0, 1, 3], axis=1), (R,)),
]


@pytest.mark.parametrize("k", range(len(GRADS)))
def test_gradient_finite_differences(k):
    f, args = GRADS[k]
    check_grad(f, *args)


def test_gather_gradient_accumulates_duplicates():
    x = tf.constant([1.0, 2.0, 3.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.gather(x, [0, 0, 2, 0])
    # TF's gradient of a gather is IndexedSlices; densified, duplicates add up
    assert tf.convert_to_tensor(tape.gradient(y, x)).numpy().tolist() == [3.0, 0.0, 1.0]


def test_second_derivative_through_array_ops():
    x = tf.constant([1.0, 2.0, 3.0], tf.float64)
    with tf.GradientTape() as t2:
        t2.watch(x)
        with tf.GradientTape() as t1:
            t1.watch(x)
            y = tf.concat([tf.gather(x, [0, 2]) ** 3, tf.reverse(x, [0])], 0)
        g = t1.gradient(y, x)
    assert tf.convert_to_tensor(t2.gradient(g, x)).numpy().tolist() == [6.0, 0.0, 18.0]
