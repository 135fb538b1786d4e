"""The tf.linalg additions: diag / diag_part / set_diag with k != 0 and bands (against a NumPy
reference built entry by entry), the gradients of qr, svd (full_matrices too), einsum with repeated
indices, the diagonals, triangular_solve and lstsq (central finite differences in float64), lu and
lu_solve, and TF's errors. tests/conformance/snippets_indexed_linalg.py runs the same against TF."""
import numpy as np
import pytest

import eagerflow as tf

RNG = np.random.default_rng(7)


def _numeric(f, x0, h=1e-6):
    g = np.zeros_like(x0)
    for i in np.ndindex(x0.shape):
        d = np.zeros_like(x0)
        d[i] = h
        g[i] = (float(f(tf.constant(x0 + d))) - float(f(tf.constant(x0 - d)))) / (2 * h)
    return g


def _check_grad(f, x0, rtol=1e-5, atol=1e-6):
    x = tf.constant(x0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = f(x)
    g = tape.gradient(y, x)
    np.testing.assert_allclose(tf.convert_to_tensor(g).numpy(), _numeric(f, x0), rtol=rtol,
                               atol=atol)


# -- diagonals ----------------------------------------------------------------------------------
def _ref_diagonals(x, lo, hi, align, pad):
    """TF's packing, entry by entry: row i holds diagonal hi - i, aligned per ``align``."""
    m, n = x.shape[-2:]
    lengths = [min(m + min(d, 0), n - max(d, 0)) for d in range(hi, lo - 1, -1)]
    width = max(lengths)
    out = np.full(x.shape[:-2] + (hi - lo + 1, width), pad, x.dtype)
    for row, d in enumerate(range(hi, lo - 1, -1)):
        values = np.diagonal(x, d, -2, -1)
        words = align.split("_")
        right = (words[0] if d >= 0 else words[1]) == "RIGHT"
        start = width - values.shape[-1] if right else 0
        out[..., row, start:start + values.shape[-1]] = values
    return out[..., 0, :] if lo == hi else out


BANDS = [0, 1, -2, 3, (-1, 1), (0, 2), (-2, -1), (-3, 3)]
ALIGNS = ["RIGHT_LEFT", "LEFT_RIGHT", "LEFT_LEFT", "RIGHT_RIGHT"]


@pytest.mark.parametrize("k", BANDS)
@pytest.mark.parametrize("align", ALIGNS)
def test_diag_part_diag_set_diag_against_numpy(k, align):
    x = RNG.standard_normal((2, 4, 5))
    lo, hi = (k, k) if isinstance(k, int) else k
    want = _ref_diagonals(x, lo, hi, align, 7.0)
    got = tf.linalg.diag_part(x, k=k, align=align, padding_value=7.0)
    np.testing.assert_array_equal(got.numpy(), want)
    # diag(diag_part(x)) keeps exactly the band; set_diag writes it back into zeros
    band = np.zeros_like(x)
    for d in range(lo, hi + 1):
        mask = np.eye(4, 5, d, dtype=bool)
        band[..., mask] = x[..., mask]
    made = tf.linalg.diag(got, k=k, align=align, num_rows=4, num_cols=5)
    np.testing.assert_array_equal(made.numpy(), band)
    put = tf.linalg.set_diag(tf.zeros_like(x), got, k=k, align=align)
    np.testing.assert_array_equal(put.numpy(), band)
    np.testing.assert_array_equal(tf.linalg.set_diag(x, tf.linalg.diag_part(
        x, k=k, align=align), k=k, align=align).numpy(), x)


@pytest.mark.parametrize("k", [1, -1, (-1, 2)])
def test_diagonal_gradients(k):
    x0 = RNG.standard_normal((3, 4))
    w = RNG.standard_normal(tf.linalg.diag_part(x0, k=k).shape)
    _check_grad(lambda x: tf.reduce_sum(tf.linalg.diag_part(x, k=k) ** 2 * w), x0)
    d0 = tf.linalg.diag_part(x0, k=k).numpy()
    v = RNG.standard_normal((3, 4))
    _check_grad(lambda d: tf.reduce_sum(tf.linalg.diag(d, k=k, num_rows=3, num_cols=4) ** 2 * v),
                d0)
    _check_grad(lambda d: tf.reduce_sum(tf.linalg.set_diag(x0, d, k=k) ** 2 * v), d0)
    _check_grad(lambda x: tf.reduce_sum(tf.linalg.set_diag(x, d0, k=k) ** 2 * v), x0)


def test_diag_default_sizes():
    assert tf.linalg.diag([1.0, 2.0], k=1).shape == (3, 3)
    assert tf.linalg.diag([1.0, 2.0], k=-1, num_rows=4).shape == (4, 2)
    assert tf.linalg.diag([[1.0, 2.0], [3.0, 4.0]], k=(-1, 0)).shape == (2, 2)


def test_diagonal_errors():
    x = tf.zeros([3, 4])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="lower_diag_index must not be larger than upper_diag_index: 2 > 1"):
        tf.linalg.diag_part(x, k=(2, 1))
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="lower_diag_index is out of bound: 5. It must be between -3 and 4"):
        tf.linalg.diag_part(x, k=5)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Either first dimensions"):
        tf.linalg.set_diag(x, [1.0, 2.0], k=1)
    with pytest.raises(tf.errors.InvalidArgumentError, match="The number of diagonals"):
        tf.linalg.diag([[1.0, 2.0]], k=(0, 2))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Value for attr 'align' of \"FOO\""):
        tf.linalg.diag_part(x, k=1, align="FOO")


# -- decompositions -----------------------------------------------------------------------------
@pytest.mark.parametrize("shape, full", [((3, 3), False), ((3, 3), True), ((4, 2), False),
                                         ((2, 4), False), ((2, 4), True), ((2, 3, 3), False)])
def test_qr_gradient(shape, full):
    x0 = RNG.standard_normal(shape)
    q0, r0 = np.linalg.qr(x0, mode="complete" if full else "reduced")
    wq, wr = RNG.standard_normal(q0.shape), RNG.standard_normal(r0.shape)

    def f(x):
        q, r = tf.linalg.qr(x, full_matrices=full)
        return tf.reduce_sum(q * wq) + tf.reduce_sum(r * wr)
    _check_grad(f, x0, rtol=1e-4, atol=1e-6)


def test_qr_gradient_limit_as_tf():
    x = tf.constant(RNG.standard_normal((4, 2)))
    with tf.GradientTape() as tape:
        tape.watch(x)
        q, r = tf.linalg.qr(x, full_matrices=True)
    with pytest.raises(NotImplementedError, match="QrGrad not implemented when nrows > ncols"):
        tape.gradient(r, x)


@pytest.mark.parametrize("shape, full", [((3, 3), False), ((4, 3), False), ((3, 4), True),
                                         ((4, 3), True), ((2, 4, 2), False)])
def test_svd_gradient(shape, full):
    x0 = RNG.standard_normal(shape)
    k = min(shape[-2:])

    def f(x):  # invariant to the singular vectors' signs
        s, u, v = tf.linalg.svd(x, full_matrices=full)
        a = tf.matmul(u[..., :, :k] * tf.expand_dims(s, -2), v[..., :, :k], adjoint_b=True)
        p = tf.matmul(u, u, adjoint_b=True)
        return tf.reduce_sum(a ** 3) + tf.reduce_sum(s ** 3) + tf.reduce_sum(p * p)
    _check_grad(f, x0, rtol=1e-4, atol=1e-6)


def test_svd_gradient_limit_as_tf():
    x = tf.constant(RNG.standard_normal((2, 4)))
    with tf.GradientTape() as tape:
        tape.watch(x)
        s, u, v = tf.linalg.svd(x, full_matrices=True)
    with pytest.raises(NotImplementedError, match=r"abs\(m - n\) > 1 when full_matrices"):
        tape.gradient(v, x)


@pytest.mark.parametrize("eq, shape", [("ii->i", (3, 3)), ("ii", (3, 3)), ("ii->", (3, 3)),
                                       ("iij->ij", (3, 3, 2)), ("iji->j", (3, 2, 3)),
                                       ("bii->bi", (2, 3, 3))])
def test_einsum_repeated_index_gradient(eq, shape):
    x0 = RNG.standard_normal(shape)
    np.testing.assert_allclose(tf.einsum(eq, x0).numpy(), np.einsum(eq, x0))
    w = RNG.standard_normal(np.einsum(eq, x0).shape)
    _check_grad(lambda x: tf.reduce_sum(tf.einsum(eq, x) ** 2 * w), x0)


def test_einsum_repeated_index_second_order():
    x = tf.constant(RNG.standard_normal((3, 3)))
    with tf.GradientTape() as t2:
        t2.watch(x)
        with tf.GradientTape() as t1:
            t1.watch(x)
            y = tf.reduce_sum(tf.einsum("ii->i", x) ** 3)
        g = t1.gradient(y, x)
    h = t2.gradient(g, x)
    np.testing.assert_allclose(h.numpy(), np.diag(6 * np.diag(x.numpy())))


@pytest.mark.parametrize("lower, adjoint", [(True, False), (False, False), (True, True),
                                            (False, True)])
def test_triangular_solve(lower, adjoint):
    a0 = RNG.standard_normal((3, 3)) + 4 * np.eye(3)
    b0 = RNG.standard_normal((3, 2))
    t = np.tril(a0) if lower else np.triu(a0)
    want = np.linalg.solve(t.T if adjoint else t, b0)
    np.testing.assert_allclose(tf.linalg.triangular_solve(a0, b0, lower, adjoint).numpy(), want)
    _check_grad(lambda a: tf.reduce_sum(tf.linalg.triangular_solve(a, b0, lower, adjoint) ** 2),
                a0)
    _check_grad(lambda b: tf.reduce_sum(tf.linalg.triangular_solve(a0, b, lower, adjoint) ** 2),
                b0)


@pytest.mark.parametrize("shape", [(5, 3), (3, 5), (2, 4, 3)])
@pytest.mark.parametrize("l2", [0.0, 0.3])
def test_lstsq(shape, l2):
    a0 = RNG.standard_normal(shape)
    b0 = RNG.standard_normal(shape[:-1] + (2,))
    m, n = shape[-2:]
    ah = np.swapaxes(a0, -1, -2)
    if m >= n:
        want = np.linalg.solve(ah @ a0 + l2 * np.eye(n), ah @ b0)
    else:
        want = ah @ np.linalg.solve(a0 @ ah + l2 * np.eye(m), b0)
    np.testing.assert_allclose(tf.linalg.lstsq(a0, b0, l2_regularizer=l2).numpy(), want,
                               rtol=1e-8)
    _check_grad(lambda a: tf.reduce_sum(tf.linalg.lstsq(a, b0, l2_regularizer=l2) ** 2), a0,
                rtol=1e-4)
    _check_grad(lambda b: tf.reduce_sum(tf.linalg.lstsq(a0, b, l2_regularizer=l2) ** 2), b0,
                rtol=1e-4)


def test_lstsq_robust_ignores_l2_and_has_no_gradient():
    a0, b0 = RNG.standard_normal((5, 3)), RNG.standard_normal((5, 2))
    want = np.linalg.lstsq(a0, b0, rcond=None)[0]
    a = tf.constant(a0)
    with tf.GradientTape() as tape:
        tape.watch(a)
        x = tf.linalg.lstsq(a, b0, l2_regularizer=0.5, fast=False)
    np.testing.assert_allclose(x.numpy(), want)
    with pytest.raises(ValueError, match="Gradient not defined for fast=False"):
        tape.gradient(x, a)


def test_lu_and_lu_solve():
    m0 = RNG.standard_normal((2, 4, 4))
    lu, p = tf.linalg.lu(m0)
    assert p.dtype is tf.int32 and tf.linalg.lu(m0, output_idx_type=tf.int64).p.dtype is tf.int64
    for k in range(2):
        lower = np.tril(lu.numpy()[k], -1) + np.eye(4)
        upper = np.triu(lu.numpy()[k])
        np.testing.assert_allclose(lower @ upper, m0[k][p.numpy()[k]], atol=1e-12)
        assert np.all(np.abs(lower) <= 1 + 1e-12)  # partial pivoting: |L| <= 1
    np.testing.assert_allclose(tf.linalg.lu_reconstruct(lu, p).numpy(), m0, atol=1e-12)
    b0 = RNG.standard_normal((2, 4, 3))
    np.testing.assert_allclose(tf.linalg.lu_solve(lu, p, b0).numpy(), np.linalg.solve(m0, b0))
