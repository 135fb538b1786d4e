"""tf.signal's composites against direct NumPy loops: frame, overlap_and_add, the windows, stft and
inverse_stft; their gradients against finite differences in float64."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

import eagerflow as tf
from eagerflow.autodiff.gradcheck import compute_gradient


def _frames_ref(x, length, step, pad_end=False, pad_value=0, axis=-1):
    x = np.moveaxis(x, axis, -1)
    n = x.shape[-1]
    if pad_end:
        count = -(-n // step)
        extra = max(0, length + step * (count - 1) - n)
        x = np.concatenate([x, np.full(x.shape[:-1] + (extra,), pad_value, x.dtype)], -1)
    else:
        count = max(0, 1 + (n - length) // step)
    out = np.stack([x[..., i * step:i * step + length] for i in range(count)], -2) if count else \
        np.zeros(x.shape[:-1] + (0, length), x.dtype)
    axis = axis % (x.ndim)
    return np.moveaxis(np.moveaxis(out, -1, axis + 1), -2, axis) if axis != x.ndim - 1 else out


@given(n=st.integers(0, 20), length=st.integers(1, 7), step=st.integers(1, 5),
       pad_end=st.booleans())
def test_frame_matches_loop(n, length, step, pad_end):
    x = np.arange(2 * n).reshape(2, n)
    out = tf.signal.frame(x, length, step, pad_end=pad_end, pad_value=-1)
    np.testing.assert_array_equal(out.numpy(), _frames_ref(x, length, step, pad_end, -1))


def test_frame_other_axis():
    x = np.arange(2 * 9 * 3).reshape(2, 9, 3)
    out = tf.signal.frame(x, 4, 2, axis=1).numpy()
    assert out.shape == (2, 3, 4, 3)
    for f in range(3):
        np.testing.assert_array_equal(out[:, f], x[:, 2 * f:2 * f + 4])


@given(frames=st.integers(1, 5), length=st.integers(1, 7), step=st.integers(1, 6))
def test_overlap_and_add_matches_loop(frames, length, step):
    rng = np.random.default_rng(frames * 100 + length * 10 + step)
    x = rng.standard_normal((2, frames, length))
    ref = np.zeros((2, (frames - 1) * step + length))
    for f in range(frames):
        ref[:, f * step:f * step + length] += x[:, f]
    np.testing.assert_allclose(tf.signal.overlap_and_add(x, step).numpy(), ref, atol=1e-12)


@pytest.mark.parametrize("n", [1, 2, 5, 8])
def test_windows(n):
    k = np.arange(n)
    for periodic in (True, False):
        denom = n + (periodic and n % 2 == 0) - 1  # TF: odd periodic windows stay symmetric
        cos = np.cos(2 * np.pi * k / denom) if n > 1 else np.zeros(1)
        np.testing.assert_allclose(tf.signal.hann_window(n, periodic).numpy(),
                                   0.5 - 0.5 * cos if n > 1 else [1.0], atol=1e-6)
        np.testing.assert_allclose(tf.signal.hamming_window(n, periodic, tf.float64).numpy(),
                                   0.54 - 0.46 * cos if n > 1 else [1.0], atol=1e-12)
    np.testing.assert_allclose(tf.signal.hann_window(8, periodic=False).numpy(), np.hanning(8),
                               atol=1e-6)
    with pytest.raises(ValueError, match="floating point"):
        tf.signal.hann_window(4, dtype=tf.int32)


def test_stft_matches_numpy():
    s = np.random.default_rng(1).standard_normal(300)
    out = tf.signal.stft(s.astype(np.float32), 40, 15)
    assert out.dtype == tf.complex64 and out.shape == (18, 33)
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(40) / 40)
    ref = np.fft.rfft(_frames_ref(s, 40, 15) * window, n=64)
    np.testing.assert_allclose(out.numpy(), ref, rtol=1e-4, atol=1e-4)


def test_inverse_stft_reconstructs():
    s = np.random.default_rng(2).standard_normal((2, 400))
    st_ = tf.signal.stft(s, 64, 16)
    back = tf.signal.inverse_stft(st_, 64, 16, window_fn=tf.signal.inverse_stft_window_fn(16))
    # away from the edges (where fewer than all overlapping frames cover a sample) it is exact
    np.testing.assert_allclose(back.numpy()[:, 64:-64], s[:, 64:back.shape[1] - 64], atol=1e-10)


def _fd(f, x):
    theo, num = compute_gradient(f, [tf.constant(x)], delta=1e-6)
    np.testing.assert_allclose(theo[0], num[0], rtol=1e-5, atol=1e-7)


def test_gradients():
    r = np.random.default_rng(3)
    _fd(lambda t: tf.signal.frame(t, 3, 2, pad_end=True), r.standard_normal((2, 6)))
    _fd(lambda t: tf.signal.overlap_and_add(t, 2), r.standard_normal((3, 4)))
    w = tf.constant(r.standard_normal((3, 9)))
    _fd(lambda t: tf.math.real(tf.signal.stft(t, 16, 8)) * w, r.standard_normal(32))
    _fd(lambda t: tf.signal.inverse_stft(tf.complex(t, t * 0.5), 8, 4, fft_length=8),
        r.standard_normal((3, 5)))
