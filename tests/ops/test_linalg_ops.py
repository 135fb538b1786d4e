"""Linear algebra: TF's errors (class and message start, checked against TF 2.21), values, and
finite-difference gradient checks of every differentiable op."""
import numpy as np
import pytest

import eagerflow as tf
from eagerflow.errors import InvalidArgumentError, FailedPreconditionError
from tests.ops.test_array_ops import check_error, check_grad

A = np.ones((2, 3), np.float32)
I = np.array([[1, 2], [3, 4]], np.int32)
rng = np.random.default_rng(2)
M = rng.uniform(-1, 1, size=(3, 3)) + 3 * np.eye(3)
X = rng.uniform(-1, 1, size=(2, 3))
Y = rng.uniform(-1, 1, size=(3, 4))


def _f32(*s):
    return tf.constant(np.ones(s, np.float32))


ERRORS = [
    (lambda: tf.matmul(A, A), InvalidArgumentError,
     "Matrix size-incompatible: In[0]: [2,3], In[1]: [2,3] [Op:MatMul]"),
    (lambda: tf.matmul(_f32(3), A), InvalidArgumentError, "In[0] and In[1] has different ndims: [3] vs. [2,3] [Op:MatMul]"),
    (lambda: tf.matmul(tf.constant(I), tf.constant(A)), InvalidArgumentError,
     "cannot compute MatMul as input #1(zero-based) was expected to be a int32 tensor but is a "
     "float tensor [Op:MatMul]"),
    (lambda: tf.matmul(tf.constant([[True]]), tf.constant([[True]])), InvalidArgumentError,
     "Value for attr 'T' of bool is not in the list of allowed values: bfloat16, half, float, "
     "double, int32, int64, uint8, uint16, uint32, uint64, complex64, complex128"),
    (lambda: tf.matmul(_f32(2, 2, 3), _f32(3, 3, 4)), InvalidArgumentError,
     "In[0] and In[1] must have compatible batch dimensions: [2,2,3] vs. [3,3,4] "
     "[Op:BatchMatMulV2]"),
    (lambda: tf.constant(A) @ tf.constant(A), InvalidArgumentError,
     "Matrix size-incompatible: In[0]: [2,3], In[1]: [2,3]"),
    (lambda: tf.linalg.inv(tf.constant(np.zeros((2, 2), np.float32))), InvalidArgumentError,
     "Input is not invertible. [Op:MatrixInverse]"),
    (lambda: tf.linalg.det(A), InvalidArgumentError,
     "Input matrix must be square. [Op:MatrixDeterminant]"),
    (lambda: tf.linalg.inv(A), InvalidArgumentError, "Input matrix must be square."),
    (lambda: tf.linalg.solve(np.zeros((2, 2), np.float32), np.ones((2, 1), np.float32)),
     InvalidArgumentError, "Input matrix is not invertible. [Op:MatrixSolve]"),
    (lambda: tf.tensordot(A, A, 1), InvalidArgumentError,
     "Matrix size-incompatible: In[0]: [2,3], In[1]: [2,3] [Op:MatMul]"),
    (lambda: tf.einsum("ij,jk->ik", A, A), InvalidArgumentError,
     "Expected dimension 3 at axis 0 of the input shaped [2,3] but got dimension 2 [Op:Einsum]"),
    (lambda: tf.norm(A, ord="fro"), ValueError, "'ord' must be a supported vector norm, got fro"),
    (lambda: tf.linalg.trace(_f32(3)), InvalidArgumentError,
     "input must be at least 2-dim, received shape: [3] [Op:MatrixDiagPartV3]"),
    (lambda: tf.linalg.matvec(A, _f32(2)), InvalidArgumentError,
     "Matrix size-incompatible: In[0]: [2,3], In[1]: [2,1] [Op:MatMul]"),
    (lambda: tf.linalg.cross(_f32(2), _f32(2)), FailedPreconditionError,
     "Cross-products are only defined for 3-element vectors. [Op:Cross]"),
    (lambda: tf.linalg.band_part(_f32(3, 3), 5, 0), InvalidArgumentError,
     "num_lower must be negative or less or equal to number of rows (3) got: 5 "
     "[Op:MatrixBandPart]"),
]


@pytest.mark.parametrize("k", range(len(ERRORS)))
def test_errors_like_tf(k):
    check_error(*ERRORS[k])


def test_values():
    r = tf.matmul(tf.constant(I), tf.constant(I))
    assert r.dtype == tf.int32 and r.numpy().tolist() == [[7, 10], [15, 22]]
    assert tf.matmul(_f32(2, 1, 2, 3), _f32(3, 3, 4)).shape == (2, 3, 2, 4)
    c = np.array([[1 + 1j, 2], [3j, 4]])
    np.testing.assert_allclose(tf.matmul(c, c, adjoint_a=True).numpy(), c.conj().T @ c)
    np.testing.assert_allclose(tf.linalg.matmul(c, c, transpose_b=True).numpy(), c @ c.T)
    assert (tf.constant(A) @ tf.constant(A.T)).numpy().tolist() == [[3, 3], [3, 3]]
    s = tf.linalg.slogdet(tf.constant(-np.eye(2, dtype=np.float32)))
    assert float(s.sign) == 1.0 and float(s.log_abs_determinant) == 0.0
    assert np.isnan(float(tf.linalg.logdet(tf.constant(-np.eye(2, dtype=np.float32)))))
    ch = tf.linalg.cholesky(tf.constant(-np.eye(2, dtype=np.float32)))
    assert np.isnan(ch.numpy()[0, 0]) and ch.numpy()[0, 1] == 0
    assert tf.linalg.transpose(np.zeros((2, 3, 4))).shape == (2, 4, 3)
    assert tf.transpose(np.zeros((2, 3, 4))).shape == (4, 3, 2)
    np.testing.assert_allclose(float(tf.norm(A, ord=3)), 1.8171206712722778, rtol=1e-6)
    np.testing.assert_allclose(float(tf.norm(A, ord="fro", axis=[0, 1])), 2.4494898319244385,
                               rtol=1e-6)
    q, r = tf.linalg.qr(M)
    np.testing.assert_allclose((q @ r).numpy(), M, atol=1e-12)
    s, u, v = tf.linalg.svd(M)
    np.testing.assert_allclose((u @ tf.linalg.diag(s) @ tf.linalg.adjoint(v)).numpy(), M,
                               atol=1e-12)
    e, v = tf.linalg.eigh(M + M.T)
    np.testing.assert_allclose(e.numpy(), np.linalg.eigvalsh(M + M.T), atol=1e-12)
    assert tf.math.l2_normalize is tf.nn.l2_normalize is tf.linalg.l2_normalize


def _sym(m):
    return (m + tf.linalg.matrix_transpose(m)) * 0.5


def _has_reduce_max():
    return hasattr(tf, "reduce_max")


GRADS = [
    (lambda a, b: tf.matmul(a, b), (X, Y)),
    (lambda a, b: a @ b, (rng.uniform(size=(2, 1, 2, 3)), rng.uniform(size=(3, 3, 4)))),
    (lambda a, b: tf.matmul(a, b, transpose_a=True, transpose_b=True), (Y.T[:3].T, X)),
    (lambda a, b: tf.matmul(a, b, adjoint_b=True), (X, X)),
    (lambda a, b: tf.linalg.matvec(a, b), (X, Y[:, 0])),
    (lambda a, b: tf.tensordot(a, b, [[0], [1]]), (Y, rng.uniform(size=(2, 3)))),
    (lambda a, b: tf.einsum("ij,jk->ik", a, b), (X, Y)),
    (lambda a, b: tf.einsum("bi,bj->bij", a, b), (X, X * 2)),
    (lambda a: tf.einsum("ij->", a), (X,)),
    (lambda a, b: tf.einsum("ij,k->ik", a, b), (X, Y[0])),
    (lambda a, b: tf.einsum("...i,...j->...ij", a, b), (X, X + 1)),
    (lambda a: tf.linalg.det(a), (M,)),
    (lambda a: tf.linalg.inv(a), (M,)),
    (lambda a: tf.linalg.slogdet(a)[1], (M,)),
    (lambda a: tf.linalg.logdet(_sym(a) + 0.0), (M @ M.T,)),
    (lambda a: tf.linalg.cholesky(_sym(a)), (M @ M.T,)),
    (lambda a, b: tf.linalg.solve(a, b), (M, Y)),
    (lambda a: tf.linalg.trace(a), (M,)),
    (lambda d: tf.linalg.diag(d), (X,)),
    (lambda a: tf.linalg.diag_part(a), (Y,)),
    (lambda a: tf.linalg.band_part(a, 1, 0), (Y,)),
    (lambda a: tf.linalg.matrix_transpose(a), (Y,)),
    (lambda a: tf.norm(a), (X,)),
    (lambda a: tf.norm(a, axis=1, keepdims=True), (X,)),
    (lambda a: tf.norm(a, ord=1, axis=0), (X,)),
    (lambda a: tf.norm(a, ord=3), (X,)),
    (lambda a: tf.norm(a, ord="fro", axis=[0, 1]), (X,)),
    (lambda a: tf.norm(a, ord=2, axis=[0, 1]), (M,)),
    (lambda a: tf.math.l2_normalize(a, axis=1), (X,)),
    (lambda a, b: tf.linalg.cross(a, b), (X, X[::-1] + 1)),
    (lambda a: tf.linalg.svd(a, compute_uv=False), (M,)),
    (lambda a: tf.linalg.eigh(_sym(a))[0], (M,)),
    (lambda a: tf.abs(tf.linalg.eigh(_sym(a))[1]), (M,)),
]


@pytest.mark.parametrize("k", range(len(GRADS)))
def test_gradient_finite_differences(k):
    f, args = GRADS[k]
    check_grad(f, *args, rtol=1e-5, atol=1e-6)


@pytest.mark.skipif(not _has_reduce_max(), reason="reduce_max not available yet")
def test_inf_norm_gradient():
    check_grad(lambda a: tf.norm(a, ord=np.inf), X)
    check_grad(lambda a: tf.norm(a, ord=1, axis=[0, 1]), X)
    check_grad(lambda a: tf.norm(a, ord=np.inf, axis=[0, 1]), X)


def test_matmul_second_derivative():
    x = tf.constant(M)
    with tf.GradientTape() as t2:
        t2.watch(x)
        with tf.GradientTape() as t1:
            t1.watch(x)
            y = tf.reduce_sum(tf.matmul(x, x))
        g = t1.gradient(y, x)
        z = tf.reduce_sum(g * g)
    h = t2.gradient(z, x)
    assert h is not None and h.shape == (3, 3)


def test_decomposition_without_gradient_raises():
    # TF registers no gradient for Lu (QR's and SVD's: tests/ops/test_linalg_more.py)
    x = tf.constant(M)
    with tf.GradientTape() as tape:
        tape.watch(x)
        lu, p = tf.linalg.lu(x)
    with pytest.raises(LookupError, match="gradient registry has no entry for: Lu"):
        tape.gradient(lu, x)
