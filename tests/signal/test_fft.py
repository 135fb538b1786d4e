"""tf.signal's FFTs against NumPy (values, dtypes, fft_length cropping/padding) and their gradients
against central finite differences in double precision.

For a real loss L of a complex input z, TF's gradient is dL/dRe(z) + i dL/dIm(z); the finite
differences perturb the real and imaginary parts separately."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

import eagerflow as tf

H = 1e-6


def _complex(shape, seed=0, dtype=np.complex128):
    r = np.random.default_rng(seed)
    return (r.standard_normal(shape) + 1j * r.standard_normal(shape)).astype(dtype)


def _tape_grad(loss, x):
    x = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(x)
        L = loss(x)
    return tape.gradient(L, x).numpy()


def _numeric_grad(loss, x):
    flat = x.reshape(-1)
    out = np.zeros(flat.shape, np.complex128 if x.dtype.kind == "c" else np.float64)
    steps = (1, 1j) if x.dtype.kind == "c" else (1,)
    for k in range(flat.size):
        for step in steps:
            e = np.zeros_like(flat)
            e[k] = H * step
            d = (loss(tf.constant((flat + e).reshape(x.shape))).numpy() -
                 loss(tf.constant((flat - e).reshape(x.shape))).numpy()) / (2 * H)
            out[k] += d * step
    return out.reshape(x.shape)


def _check(loss, x):
    np.testing.assert_allclose(_tape_grad(loss, x), _numeric_grad(loss, x), rtol=1e-6, atol=1e-7)


def _real_loss(f, out_shape, seed=1):
    w = tf.constant(_complex(out_shape, seed))
    return lambda t: tf.reduce_sum(tf.math.real(tf.cast(f(t), tf.complex128) * w))


# -- forward -------------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
def test_complex_transforms_match_numpy(dtype):
    x = _complex((2, 3, 4, 5), 2, dtype)
    tol = 1e-5 if dtype == np.complex64 else 1e-12
    for name, ref in (("fft", np.fft.fft), ("ifft", np.fft.ifft), ("fft2d", np.fft.fft2),
                      ("ifft2d", np.fft.ifft2),
                      ("fft3d", lambda a: np.fft.fftn(a, axes=(-3, -2, -1))),
                      ("ifft3d", lambda a: np.fft.ifftn(a, axes=(-3, -2, -1)))):
        out = getattr(tf.signal, name)(x)
        assert out.dtype == tf.as_dtype(dtype)
        np.testing.assert_allclose(out.numpy(), ref(x.astype(np.complex128)), rtol=tol, atol=tol)


@given(n=st.integers(1, 12), length=st.integers(1, 14), seed=st.integers(0, 2 ** 16))
def test_rfft_irfft_lengths(n, length, seed):
    x = np.random.default_rng(seed).standard_normal((3, n))
    y = tf.signal.rfft(x.astype(np.float32), fft_length=[length])
    assert y.dtype == tf.complex64 and y.shape == (3, length // 2 + 1)
    np.testing.assert_allclose(y.numpy(), np.fft.rfft(x, n=length), rtol=1e-4, atol=1e-4)
    back = tf.signal.irfft(tf.constant(np.fft.rfft(x)), fft_length=[length])
    assert back.dtype == tf.float64 and back.shape == (3, length)
    np.testing.assert_allclose(back.numpy(), np.fft.irfft(np.fft.rfft(x), n=length), atol=1e-12)


def test_rfft2d_and_defaults():
    x = tf.constant(np.random.default_rng(3).standard_normal((2, 5, 6)))
    np.testing.assert_allclose(tf.signal.rfft2d(x).numpy(), np.fft.rfft2(x), atol=1e-12)
    np.testing.assert_allclose(tf.signal.rfft2d(x, [3, 8]).numpy(), np.fft.rfft2(x, s=(3, 8)),
                               atol=1e-12)
    y = tf.constant(np.fft.rfft2(x))
    np.testing.assert_allclose(tf.signal.irfft2d(y).numpy(), np.fft.irfft2(y), atol=1e-12)
    assert tf.signal.rfft([1, 2, 3]).dtype == tf.complex64  # a Python list is taken as float32
    np.testing.assert_allclose(tf.signal.fftshift(np.arange(7)).numpy(),
                               np.fft.fftshift(np.arange(7)))
    m = np.arange(12).reshape(3, 4)
    np.testing.assert_array_equal(tf.signal.ifftshift(m, axes=[-1]).numpy(),
                                  np.fft.ifftshift(m, axes=[-1]))


def test_dtype_and_rank_errors():
    with pytest.raises(tf.errors.InvalidArgumentError, match="attr 'Tcomplex' of float"):
        tf.signal.fft(tf.constant([1., 2.]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="rank of at least 2 but got: \\[3\\]"):
        tf.signal.fft2d(tf.constant([1j, 2j, 3j]))
    with pytest.raises(ValueError, match="RFFT requires tf.float32 or tf.float64"):
        tf.signal.rfft(tf.constant([1, 2]))
    with pytest.raises(ValueError, match="IRFFT requires tf.complex64 or tf.complex128"):
        tf.signal.irfft(tf.constant([1., 2.]))


# -- gradients -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["fft", "ifft", "fft2d", "ifft2d", "fft3d", "ifft3d"])
def test_complex_transform_gradients(name):
    x = _complex((2, 3, 3))
    _check(_real_loss(getattr(tf.signal, name), x.shape), x)


@pytest.mark.parametrize("n,length", [(8, 8), (7, 7), (6, 4), (5, 9)])
def test_rfft_gradient(n, length):
    x = np.random.default_rng(4).standard_normal((2, n))
    _check(_real_loss(lambda t: tf.signal.rfft(t, [length]), (2, length // 2 + 1)), x)


@pytest.mark.parametrize("bins,length", [(5, 8), (4, 7), (5, 4), (3, 9)])
def test_irfft_gradient(bins, length):
    y = _complex((2, bins), 5)
    w = tf.constant(np.random.default_rng(6).standard_normal((2, length)))
    _check(lambda t: tf.reduce_sum(tf.signal.irfft(t, [length]) * w), y)


def test_rfft2d_irfft2d_gradients():
    x = np.random.default_rng(7).standard_normal((3, 4))
    _check(_real_loss(tf.signal.rfft2d, (3, 3)), x)
    y = _complex((3, 3), 8)
    w = tf.constant(np.random.default_rng(9).standard_normal((3, 4)))
    _check(lambda t: tf.reduce_sum(tf.signal.irfft2d(t, [3, 4]) * w), y)


def test_second_derivative_through_fft():
    """The rules are written in ops, so a tape around the backward pass differentiates again."""
    x = tf.constant(np.random.default_rng(10).standard_normal(6))
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            X = tf.signal.rfft(x)
            L = tf.reduce_sum(tf.math.real(X) ** 2 + tf.math.imag(X) ** 2)
        g = inner.gradient(L, x)
    hess = outer.jacobian(g, x).numpy()
    # |rfft(x)|^2 summed is a quadratic form x^T Q x: its Hessian is the constant 2 Q
    basis = np.eye(6)
    q = np.array([[np.sum(np.real(np.conj(np.fft.rfft(a)) * np.fft.rfft(b))) for b in basis]
                  for a in basis])
    np.testing.assert_allclose(hess, 2 * q, atol=1e-9)


def test_rfft3d_irfft3d_gradients():
    """(TF registers none for these; eagerflow's rule is the 1-D and 2-D one, checked here.)"""
    x = np.random.default_rng(11).standard_normal((2, 3, 4))
    _check(_real_loss(tf.signal.rfft3d, (2, 3, 3)), x)
    y = _complex((2, 3, 3), 12)
    w = tf.constant(np.random.default_rng(13).standard_normal((2, 3, 4)))
    _check(lambda t: tf.reduce_sum(tf.signal.irfft3d(t, [2, 3, 4]) * w), y)
