"""Reductions, scans, arg-reductions, sorting, unique: TF's edge cases, errors and gradients.

Expected values were observed with TensorFlow 2.21 (tensorflow-cpu)."""
import numpy as np
import pytest

import eagerflow as tf
from eagerflow.errors import InvalidArgumentError


def c(x, dtype=None):
    return tf.constant(np.asarray(x, dtype=dtype) if dtype else x)


def same(t, expected, dtype):
    assert t.dtype.name == dtype, t.dtype.name
    np.testing.assert_array_equal(t.numpy(), np.asarray(expected))


# ------------------------------------------------------------------------------------------
# namespaces

def test_namespaces_match_tf():
    top = ["reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod", "reduce_any",
           "reduce_all", "reduce_logsumexp", "argmax", "argmin", "cumsum", "sort", "argsort",
           "unique", "unique_with_counts"]
    math_only = ["reduce_std", "reduce_variance", "reduce_euclidean_norm", "cumprod",
                 "count_nonzero", "top_k"]
    for n in top:
        assert hasattr(tf, n), n
    for n in top[:11] + math_only:
        assert hasattr(tf.math, n), n
    for n in math_only:
        assert not hasattr(tf, n), n
    assert hasattr(tf.nn, "top_k")
    for n in ("sort", "argsort", "unique"):
        assert not hasattr(tf.math, n), n


# ------------------------------------------------------------------------------------------
# reductions

def test_empty_reductions():
    e = tf.constant([])
    same(tf.reduce_sum(e), 0.0, "float32")
    same(tf.reduce_max(e), -np.inf, "float32")
    same(tf.reduce_min(e), np.inf, "float32")
    same(tf.reduce_prod(e), 1.0, "float32")
    assert np.isnan(tf.reduce_mean(e).numpy())
    same(tf.reduce_max(c(np.zeros(0, np.int32))), -2 ** 31, "int32")
    same(tf.reduce_mean(c(np.zeros((2, 0), np.int32)), 1), [0, 0], "int32")
    same(tf.reduce_logsumexp(e), -np.inf, "float32")
    same(tf.reduce_any(c(np.zeros(0, bool))), False, "bool")
    same(tf.reduce_all(c(np.zeros(0, bool))), True, "bool")


def test_integer_mean_truncates_toward_zero():
    same(tf.reduce_mean([1, 2]), 1, "int32")
    same(tf.reduce_mean([-1, -2]), -1, "int32")
    same(tf.reduce_mean(c([-7, 0], np.int64)), -3, "int64")
    same(tf.reduce_mean([[1, 2], [3, 6]], axis=1), [1, 4], "int32")
    same(tf.reduce_mean([2 ** 30] * 3), 2 ** 30, "int32")  # accumulated wider than int32
    same(tf.reduce_mean(c([200, 200], np.uint8)), 200, "uint8")
    same(tf.reduce_sum(c([200, 200], np.uint8)), 144, "uint8")  # sums wrap


def test_axis_forms_and_keepdims():
    m = c([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    for axis in (1, -1, [1], (1,), c(1), c([1], np.int64), np.int64(1)):
        same(tf.reduce_sum(m, axis), [6.0, 15.0], "float32")
    same(tf.reduce_sum(m, [0, 1]), 21.0, "float32")
    same(tf.reduce_sum(m, [[0], [1]]), 21.0, "float32")
    same(tf.reduce_sum(m, []), m.numpy(), "float32")
    same(tf.reduce_sum(m, 1, True), [[6.0], [15.0]], "float32")
    same(tf.reduce_sum(m, 1, None), [6.0, 15.0], "float32")
    assert tf.reduce_max(m, keepdims=True).shape == (1, 1)
    assert tf.reduce_min(m, axis=-2, keepdims=True).shape == (1, 3)
    same(tf.reduce_sum(tf.Variable([1.0, 2.0])), 3.0, "float32")


@pytest.mark.parametrize("fn,op", [(tf.reduce_sum, "Sum"), (tf.reduce_mean, "Mean"),
                                   (tf.reduce_max, "Max"), (tf.reduce_min, "Min"),
                                   (tf.reduce_prod, "Prod"), (tf.math.reduce_std, "Mean"),
                                   (tf.math.reduce_variance, "Mean"),
                                   (tf.reduce_logsumexp, "Max"),
                                   (tf.math.count_nonzero, "Sum")])
def test_invalid_axis(fn, op):
    x = c(np.ones((2, 2), np.float32))
    with pytest.raises(InvalidArgumentError, match=r"^Invalid reduction dimension \(2 for input "
                       r"with 2 dimension\(s\) \[Op:%s\]" % op):
        fn(x, 2)
    with pytest.raises(InvalidArgumentError, match=r"^Invalid reduction dimension \(-3 for"):
        fn(x, -3)


def test_axis_errors():
    x = c(np.ones((2, 2), np.float32))
    with pytest.raises(InvalidArgumentError, match="^Invalid reduction arguments: Axes contains "
                       r"duplicate dimension: 0 \[Op:Sum\]"):
        tf.reduce_sum(x, [0, -2])
    with pytest.raises(InvalidArgumentError, match=r"^Invalid reduction dimension \(0 for input "
                       r"with 0 dimension\(s\)"):
        tf.reduce_sum(tf.constant(3.0), 0)
    with pytest.raises(TypeError, match="^Cannot convert 1.0 to EagerTensor of dtype int32"):
        tf.reduce_sum(x, 1.0)
    with pytest.raises(InvalidArgumentError, match="^Value for attr 'Tidx' of float"):
        tf.reduce_sum(x, tf.constant(0.0))
    with pytest.raises(InvalidArgumentError, match="^Invalid reduction dimension"):
        tf.reduce_any(c(np.ones((2, 2), bool)), 2)


def test_dtype_errors():
    with pytest.raises(InvalidArgumentError, match="^Value for attr 'T' of bool is not in the "
                       "list of allowed values"):
        tf.reduce_sum([True, False])
    with pytest.raises(InvalidArgumentError, match="^Value for attr 'T' of complex128"):
        tf.reduce_max(tf.constant([1j]))
    with pytest.raises(TypeError, match=r"^Cannot convert \[1.0, 0.0\] to EagerTensor of dtype "
                       "bool"):
        tf.reduce_any([1.0, 0.0])
    with pytest.raises(TypeError, match="^Input must be either real or complex. Received "
                       "integer type <dtype: 'int32'>."):
        tf.math.reduce_std([1, 2])
    with pytest.raises(InvalidArgumentError, match="(?s)^Value for attr 'T' of int32 .*IsFinite"):
        tf.reduce_logsumexp([1, 2])


def test_max_min_nan_and_int():
    assert np.isnan(tf.reduce_max([1.0, np.nan]).numpy())
    assert np.isnan(tf.reduce_min([np.nan, 1.0]).numpy())
    same(tf.reduce_max([3, 9, 1]), 9, "int32")
    same(tf.reduce_min([[3, 9], [1, 0]], axis=[0, 1]), 0, "int32")
    same(tf.reduce_prod([2 ** 16, 2 ** 16]), 0, "int32")


def test_std_variance_logsumexp_norm():
    m = c([[1.0, 2.0], [3.0, 5.0]])
    np.testing.assert_allclose(tf.math.reduce_variance(m).numpy(), np.var(m.numpy()), 1e-6)
    np.testing.assert_allclose(tf.math.reduce_std(m, 1).numpy(), np.std(m.numpy(), 1), 1e-6)
    same(tf.math.reduce_std(tf.constant([1 + 1j, 2.0])), np.sqrt(0.5), "float64")
    same(tf.math.reduce_variance(tf.constant([1.0, 2.0], tf.float16)), 0.25, "float16")
    np.testing.assert_allclose(tf.reduce_logsumexp([1000.0, 1000.0]).numpy(),
                               1000.0 + np.log(2.0), 1e-6)
    same(tf.reduce_logsumexp([-np.inf, -np.inf]), -np.inf, "float32")
    same(tf.reduce_logsumexp([np.inf, 1.0]), np.inf, "float32")
    assert tf.reduce_logsumexp([[1.0, 2.0]], keepdims=True).shape == (1, 1)
    same(tf.math.reduce_euclidean_norm([3, 5]), 5, "int32")  # truncated like TF
    np.testing.assert_allclose(tf.math.reduce_euclidean_norm([[3.0, 4.0], [1.0, 1.0]], 1).numpy(),
                               [5.0, np.sqrt(2.0)], 1e-6)
    same(tf.math.reduce_euclidean_norm(tf.constant([3 + 4j, 0])), 5 + 0j, "complex128")


# ------------------------------------------------------------------------------------------
# argmax / argmin

def test_argmax_argmin():
    m = c([[1, 5], [7, 2]])
    same(tf.argmax(m), [1, 0], "int64")  # default axis 0
    same(tf.argmax(m, -1), [1, 0], "int64")
    same(tf.argmin(m, 1, output_type=tf.int32), [0, 1], "int32")
    same(tf.argmax(m, tf.constant(1)), [1, 0], "int64")
    same(tf.argmin([3, 1, 1, 3]), 1, "int64")  # ties -> first
    same(tf.argmax([0.5, 2.0, 2.0]), 1, "int64")
    same(tf.argmax([True, False]), 0, "int64")
    same(tf.argmax([1.0, np.nan, 3.0]), 2, "int64")  # NaN never wins
    same(tf.argmax([np.nan, np.nan]), 0, "int64")


def test_argmax_errors():
    with pytest.raises(InvalidArgumentError, match=r"^Expected dimension in the range \[-2, 2\), "
                       r"but got 2 \[Op:ArgMax\]"):
        tf.argmax([[1, 5], [7, 2]], 2)
    with pytest.raises(InvalidArgumentError, match=r"^Expected dimension in the range \[0, 0\)"):
        tf.argmin(tf.constant(3.0))
    with pytest.raises(InvalidArgumentError, match=r"^Reduction axis 0 is empty in shape \[0\] "
                       r"\[Op:ArgMax\]"):
        tf.argmax(tf.constant([]))
    with pytest.raises(TypeError, match="^axis must be int or Tensor with integer datatype"):
        tf.argmax([1, 2], [0])
    with pytest.raises(InvalidArgumentError, match="^Value for attr 'output_type' of float is "
                       "not in the list of allowed values: int16, uint16, int32, int64"):
        tf.argmax([1, 2], 0, output_type=tf.float32)
    with pytest.raises(InvalidArgumentError, match="^Value for attr 'T' of complex128"):
        tf.argmax(tf.constant([1j]))


# ------------------------------------------------------------------------------------------
# cumsum / cumprod / count_nonzero

def test_scans():
    x = c([1.0, 2.0, 3.0])
    same(tf.cumsum(x), [1, 3, 6], "float32")
    same(tf.cumsum(x, exclusive=True), [0, 1, 3], "float32")
    same(tf.cumsum(x, reverse=True), [6, 5, 3], "float32")
    same(tf.cumsum(x, exclusive=True, reverse=True), [5, 3, 0], "float32")
    same(tf.math.cumprod(x, exclusive=True), [1, 1, 2], "float32")
    same(tf.math.cumprod([1, 2, 3], reverse=True), [6, 6, 3], "int32")
    same(tf.cumsum([[1, 2, 3], [4, 5, 6]]), [[1, 2, 3], [5, 7, 9]], "int32")
    same(tf.math.cumsum([[1.0, 2.0, 3.0]], axis=tf.constant(-1)), [[1, 3, 6]], "float32")
    assert tf.cumsum(c(np.zeros((2, 0), np.float32)), 1).shape == (2, 0)
    same(tf.cumsum(c(np.zeros((2, 0), np.float32)), 1, exclusive=True),
         np.zeros((2, 0)), "float32")


def test_scan_errors():
    with pytest.raises(InvalidArgumentError, match=r"^ScanOp: Expected scan axis in the range "
                       r"\[-1, 1\), but got 1 \[Op:Cumsum\]"):
        tf.cumsum([1.0, 2.0], axis=1)
    with pytest.raises(InvalidArgumentError, match=r"^ScanOp: Expected scan axis in the range "
                       r"\[-1, 1\), but got -1 \[Op:Cumsum\]"):  # TF reports axis + rank
        tf.cumsum([1.0, 2.0], axis=-2)
    with pytest.raises(InvalidArgumentError, match=r"^ScanOp: Expected scan axis in the range "
                       r"\[0, 0\)"):
        tf.cumsum(tf.constant(3.0))
    with pytest.raises(InvalidArgumentError, match=r"^ScanOp: axis must be a scalar, not \[1\]"):
        tf.cumsum([[1.0]], axis=[1])
    with pytest.raises(InvalidArgumentError, match="^Value for attr 'T' of bool"):
        tf.math.cumprod([True])


def test_count_nonzero():
    m = c([[0, 1], [2, 0]])
    same(tf.math.count_nonzero(m), 2, "int64")
    same(tf.math.count_nonzero(m, 1, keepdims=True), [[1], [1]], "int64")
    same(tf.math.count_nonzero(m, keepdims=True), [[2]], "int64")
    same(tf.math.count_nonzero(c([[0.0, 1], [2, 0]]), dtype=tf.int32), 2, "int32")
    same(tf.math.count_nonzero(m, dtype=tf.float32), 2.0, "float32")
    same(tf.math.count_nonzero(m, dtype=tf.bool), True, "bool")
    same(tf.math.count_nonzero([True, False, True]), 2, "int64")
    same(tf.math.count_nonzero(["a", "", "b"]), 2, "int64")
    same(tf.math.count_nonzero([np.nan, 0.0]), 1, "int64")
    same(tf.math.count_nonzero(m, axis=tf.constant([0, 1])), 2, "int64")


# ------------------------------------------------------------------------------------------
# sort / argsort / top_k

def test_sort_argsort():
    same(tf.sort([3, 1, 2]), [1, 2, 3], "int32")
    m = c([[3.0, 1.0, 2.0], [0.0, 5.0, 1.0]])
    same(tf.sort(m, direction="DESCENDING"), [[3, 2, 1], [5, 1, 0]], "float32")
    same(tf.sort(m, axis=0), [[0, 1, 1], [3, 5, 2]], "float32")
    same(tf.sort(c([3, 1, 2], np.uint8), direction="DESCENDING"), [3, 2, 1], "uint8")
    same(tf.sort(c([3, -2 ** 31, 2], np.int32), direction="DESCENDING"), [3, 2, -2 ** 31],
         "int32")
    np.testing.assert_array_equal(tf.sort([3.0, np.nan, 1.0]).numpy(), [1.0, 3.0, np.nan])
    same(tf.argsort([3, 1, 2, 1]), [1, 3, 2, 0], "int32")  # stable
    same(tf.argsort([3, 1, 3, 1], direction="DESCENDING"), [0, 2, 1, 3], "int32")
    same(tf.argsort([3, 1, 3, 1], direction="DESCENDING", stable=True), [0, 2, 1, 3], "int32")
    same(tf.argsort([[3, 1], [0, 5]], axis=0), [[1, 0], [0, 1]], "int32")
    same(tf.argsort(c([3, 1, 2], np.uint8)), [1, 2, 0], "int32")
    assert tf.argsort(c(np.zeros((2, 0), np.float32))).shape == (2, 0)
    same(tf.sort([3, 1, 2], axis=tf.constant(0)), [1, 2, 3], "int32")


def test_sort_errors():
    with pytest.raises(ValueError, match="^Argument `direction` should be one of ASCENDING, "
                       "DESCENDING. Received: direction=UP"):
        tf.sort([3, 1, 2], direction="UP")
    with pytest.raises(InvalidArgumentError, match=r"^slice index 1 of dimension 0 out of "
                       r"bounds. \[Op:StridedSlice\]"):
        tf.sort([3, 1, 2], axis=1)
    with pytest.raises(InvalidArgumentError, match="^slice index -1 of dimension 0 out of"):
        tf.argsort(tf.constant(3))
    with pytest.raises(InvalidArgumentError, match="(?s)^Value for attr 'T' of bool .*Neg"):
        tf.argsort([True, False])
    with pytest.raises(InvalidArgumentError, match="(?s)^Value for attr 'T' of bool .*TopKV2"):
        tf.sort([True, False], direction="DESCENDING")
    with pytest.raises(InvalidArgumentError, match="(?s)^Value for attr 'T' of complex128 .*TopKV2"):
        tf.sort([1j])


def test_top_k():
    r = tf.math.top_k([1.0, 3.0, 2.0, 3.0], 2)
    assert type(r).__name__ == "TopKV2" and r._fields == ("values", "indices")
    same(r.values, [3.0, 3.0], "float32")
    same(r.indices, [1, 3], "int32")  # ties -> lower index first
    values, indices = r
    assert values is r[0] and indices is r.indices
    same(tf.math.top_k([1.0, 3.0, 2.0]).values, [3.0], "float32")  # k=1 default
    same(tf.nn.top_k([[1, 3, 2], [6, 5, 4]], 2).indices, [[1, 2], [0, 1]], "int32")
    same(tf.math.top_k([1, 3, 2], 2, index_type=tf.int64).indices, [1, 2], "int64")
    same(tf.math.top_k([1, 3, 2], tf.constant(2)).values, [3, 2], "int32")
    assert tf.math.top_k([1.0, 2.0], 0).values.shape == (0,)
    np.testing.assert_array_equal(tf.math.top_k([1.0, np.nan, 2.0], 3).indices.numpy(),
                                  [2, 0, 1])  # NaN last, like TF


def test_top_k_errors():
    with pytest.raises(InvalidArgumentError, match=r"^input must have at least k columns. Had 4, "
                       r"needed 5 \[Op:TopKV2\]"):
        tf.math.top_k([1.0, 3.0, 2.0, 3.0], 5)
    with pytest.raises(InvalidArgumentError, match=r"^Need k >= 0, got -1 \[Op:TopKV2\]"):
        tf.math.top_k([1.0], -1)
    with pytest.raises(InvalidArgumentError, match=r"^input must be >= 1-D, got shape \[\]"):
        tf.math.top_k(tf.constant(1.0))
    with pytest.raises(InvalidArgumentError, match=r"^k must be scalar, got shape \[1\]"):
        tf.math.top_k([1.0, 2.0], [1])
    with pytest.raises(InvalidArgumentError, match="^Value for attr 'Tk' of float"):
        tf.math.top_k([1.0, 2.0], 1.0)
    with pytest.raises(InvalidArgumentError, match="^Value for attr 'index_type' of float"):
        tf.math.top_k([1, 3, 2], 2, index_type=tf.float32)
    with pytest.raises(InvalidArgumentError, match="^Value for attr 'T' of bool"):
        tf.math.top_k([True, False], 1)


# ------------------------------------------------------------------------------------------
# unique

def test_unique():
    u = tf.unique([1, 1, 2, 4, 4, 4, 7, 8, 8])
    assert type(u).__name__ == "Unique" and u._fields == ("y", "idx")
    same(u.y, [1, 2, 4, 7, 8], "int32")
    same(u.idx, [0, 0, 1, 2, 2, 2, 3, 4, 4], "int32")
    y, idx = tf.unique([3, 1, 3, 2], out_idx=tf.int64)
    same(y, [3, 1, 2], "int32")  # order of first appearance
    same(idx, [0, 1, 0, 2], "int64")
    assert tf.unique(["b", "a", "b"]).y.numpy().tolist() == [b"b", b"a"]
    same(tf.unique([True, False, True]).y, [True, False], "bool")
    r = tf.unique([np.nan, 1.0, np.nan])  # NaNs are all distinct
    same(r.idx, [0, 1, 2], "int32")
    r = tf.unique([-0.0, 1.0, 0.0])
    same(r.idx, [0, 1, 0], "int32")
    assert np.signbit(r.y.numpy()[0])
    e = tf.unique(tf.constant([]))
    assert e.y.shape == (0,) and e.idx.dtype == tf.int32


def test_unique_with_counts():
    r = tf.unique_with_counts([3, 1, 3, 2, 1, 3])
    assert type(r).__name__ == "UniqueWithCounts" and r._fields == ("y", "idx", "count")
    same(r.y, [3, 1, 2], "int32")
    same(r.idx, [0, 1, 0, 2, 1, 0], "int32")
    same(r.count, [3, 2, 1], "int32")
    same(tf.unique_with_counts([3, 1, 3], out_idx=tf.int64).count, [2, 1], "int64")


def test_unique_errors():
    with pytest.raises(InvalidArgumentError, match=r"^unique expects a 1D vector. \[Op:Unique\]"):
        tf.unique([[1, 2]])
    with pytest.raises(InvalidArgumentError, match="^unique expects a 1D vector"):
        tf.unique(tf.constant(1))
    with pytest.raises(InvalidArgumentError, match="^Value for attr 'out_idx' of float is not "
                       "in the list of allowed values: int32, int64"):
        tf.unique([3, 1, 3], out_idx=tf.float32)
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape() as t:
        t.watch(x)
        y = tf.unique(x).y
    with pytest.raises(LookupError, match="^gradient registry has no entry for: Unique"):
        t.gradient(y, x)


# ------------------------------------------------------------------------------------------
# gradients: TF's specific rules

def grad(f, x):
    x = tf.constant(x)
    with tf.GradientTape() as t:
        t.watch(x)
        y = f(x)
    return t.gradient(y, x).numpy()


def test_max_min_gradient_splits_ties_evenly():
    x = [[1.0, 3.0, 3.0], [2.0, 2.0, 0.0]]
    np.testing.assert_array_equal(grad(tf.reduce_max, x), [[0, 0.5, 0.5], [0, 0, 0]])
    np.testing.assert_array_equal(grad(lambda v: tf.reduce_max(v, 1), x),
                                  [[0, 0.5, 0.5], [0.5, 0.5, 0]])
    np.testing.assert_array_equal(grad(lambda v: tf.reduce_min(v, 0), x),
                                  [[1, 0, 0], [0, 1, 1]])
    np.testing.assert_array_equal(grad(lambda v: tf.reduce_max(v, 1, keepdims=True), x),
                                  [[0, 0.5, 0.5], [0.5, 0.5, 0]])
    assert np.isnan(grad(tf.reduce_max, [np.nan, 1.0])).all()


def test_prod_gradient_with_zeros():
    x = [[0.0, 2.0, 3.0], [0.0, 0.0, 4.0]]
    np.testing.assert_array_equal(grad(lambda v: tf.reduce_prod(v, 1), x),
                                  [[6, 0, 0], [0, 0, 0]])
    np.testing.assert_array_equal(grad(tf.reduce_prod, x), np.zeros((2, 3)))
    np.testing.assert_array_equal(grad(tf.reduce_prod, [2.0, 0.0, 5.0]), [0, 10, 0])
    np.testing.assert_allclose(grad(tf.reduce_prod, np.array([1 + 1j, 2])), [2, 1 - 1j])


def test_other_gradient_rules():
    np.testing.assert_array_equal(grad(tf.math.cumprod, [2.0, 0.0, 3.0, 4.0]), [1, 0, 0, 0])
    np.testing.assert_array_equal(
        grad(lambda v: tf.math.cumprod(v, exclusive=True, reverse=True), [2.0, 1.0, 3.0, 4.0]),
        [0, 12, 8, 7])
    np.testing.assert_array_equal(grad(lambda v: tf.math.top_k(v, 1).values, [1.0, 1.0, 0.0]),
                                  [1, 0, 0])
    assert np.isnan(grad(tf.math.reduce_euclidean_norm, np.zeros(2, np.float32))).all()
    assert np.isnan(grad(tf.math.reduce_std, [1.0, 1.0])).all()
    assert np.isnan(grad(tf.reduce_logsumexp, [-np.inf, -np.inf])).all()
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape() as t:
        t.watch(x)
        y = tf.cast(tf.argmax(x), tf.float32)
    assert t.gradient(y, x) is None


def test_nested_tape_second_derivative():
    x = tf.constant([1.0, 2.0, 3.0], tf.float64)
    with tf.GradientTape() as t2:
        t2.watch(x)
        with tf.GradientTape() as t1:
            t1.watch(x)
            y = tf.reduce_prod(x)
        g = t1.gradient(y, x)
        s = tf.reduce_sum(g)
    h = t2.gradient(s, x)  # d/dx_i sum_j prod_{k!=j} x_k
    np.testing.assert_allclose(h.numpy(), [5.0, 4.0, 3.0])


# ------------------------------------------------------------------------------------------
# every differentiable op against central finite differences (float64, full Jacobian)

def _numeric_jacobian(f, x, eps=1e-6):
    y0 = np.asarray(f(x))
    jac = np.zeros(y0.shape + x.shape)
    for i in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[i] += eps
        xm[i] -= eps
        jac[(Ellipsis,) + i] = (np.asarray(f(xp)) - np.asarray(f(xm))) / (2 * eps)
    return jac


def _tape_jacobian(f, x):
    xt = tf.constant(x)
    with tf.GradientTape(persistent=True) as t:
        t.watch(xt)
        y = f(xt)
    ys = y.numpy()
    jac = np.zeros(ys.shape + x.shape)
    for i in np.ndindex(ys.shape):
        seed = np.zeros(ys.shape)
        seed[i] = 1.0
        g = t.gradient(y, xt, output_gradients=tf.constant(seed))
        jac[i] = 0 if g is None else g.numpy()
    return jac


def _distinct(shape, rng):
    n = int(np.prod(shape))
    return ((rng.permutation(n) - n / 2) * 0.37 + 0.01 + rng.uniform(0, 0.05, n)).reshape(shape)


def _away(shape, rng):
    return rng.uniform(0.5, 1.5, size=shape) * rng.choice([-1, 1], size=shape)


GRAD_CASES = [
    ("reduce_sum", lambda x: tf.reduce_sum(x, 1), (2, 3), _distinct),
    ("reduce_sum_all_keep", lambda x: tf.reduce_sum(x, keepdims=True), (2, 3), _distinct),
    ("reduce_mean", lambda x: tf.reduce_mean(x, [0, 2]), (2, 3, 2), _distinct),
    ("reduce_max", lambda x: tf.reduce_max(x, 0), (3, 4), _distinct),
    ("reduce_min", lambda x: tf.reduce_min(x, -1, True), (3, 4), _distinct),
    ("reduce_prod", lambda x: tf.reduce_prod(x, 1), (2, 4), _away),
    ("reduce_prod_all", tf.reduce_prod, (2, 3), _away),
    ("reduce_std", lambda x: tf.math.reduce_std(x, 1), (2, 4), _distinct),
    ("reduce_variance", tf.math.reduce_variance, (3, 3), _distinct),
    ("reduce_logsumexp", lambda x: tf.reduce_logsumexp(x, 1), (3, 4), _distinct),
    ("reduce_logsumexp_keep", lambda x: tf.reduce_logsumexp(x, keepdims=True), (2, 3), _distinct),
    ("reduce_euclidean_norm", lambda x: tf.math.reduce_euclidean_norm(x, 0), (3, 2), _away),
    ("cumsum", lambda x: tf.cumsum(x, 1), (2, 4), _distinct),
    ("cumsum_excl_rev", lambda x: tf.cumsum(x, 0, exclusive=True, reverse=True), (3, 2),
     _distinct),
    ("cumprod", lambda x: tf.math.cumprod(x, 1), (2, 4), _away),
    ("cumprod_excl", lambda x: tf.math.cumprod(x, -1, exclusive=True), (2, 4), _away),
    ("cumprod_rev", lambda x: tf.math.cumprod(x, 0, reverse=True), (3, 2), _away),
    ("sort", lambda x: tf.sort(x), (2, 5), _distinct),
    ("sort_desc_axis0", lambda x: tf.sort(x, axis=0, direction="DESCENDING"), (3, 2), _distinct),
    ("top_k", lambda x: tf.math.top_k(x, 2).values, (3, 4), _distinct),
    ("top_k_unsorted", lambda x: tf.math.top_k(x, 3, sorted=False).values, (5,), _distinct),
]


@pytest.mark.parametrize("name,f,shape,make", GRAD_CASES, ids=[g[0] for g in GRAD_CASES])
def test_gradient_matches_finite_differences(name, f, shape, make):
    x = make(shape, np.random.default_rng(1))
    numeric = _numeric_jacobian(lambda v: f(tf.constant(v)).numpy(), x)
    np.testing.assert_allclose(_tape_jacobian(f, x), numeric, rtol=1e-6, atol=1e-7)


def test_any_all_inputs():
    same(tf.reduce_any(np.array([1.0, 0.0])), True, "bool")  # NumPy values are cast to bool
    same(tf.reduce_all(np.array([True, False])), False, "bool")
    same(tf.reduce_any(tf.Variable([True, False])), True, "bool")
    with pytest.raises(InvalidArgumentError, match=r"^cannot compute Any as input #0\(zero-based\) "
                       "was expected to be a bool tensor but is a int32 tensor"):
        tf.reduce_any(tf.constant([1, 0]))
