"""tf.signal's DCTs against scipy.fft, the mel filterbank against a direct formula, MFCCs, and
finite-difference gradients."""
import numpy as np
import pytest

import eagerflow as tf
from eagerflow.autodiff.gradcheck import compute_gradient

sfft = pytest.importorskip("scipy.fft")


@pytest.mark.parametrize("kind,norm", [(1, None), (2, None), (3, None), (4, None),
                                       (2, "ortho"), (3, "ortho"), (4, "ortho")])
def test_dct_matches_scipy(kind, norm):  # (TF has no orthonormal type-I DCT)
    x = np.random.default_rng(kind).standard_normal((3, 9))
    np.testing.assert_allclose(tf.signal.dct(x, type=kind, norm=norm).numpy(),
                               sfft.dct(x, type=kind, norm=norm), atol=1e-10)
    np.testing.assert_allclose(tf.signal.idct(x, type=kind, norm=norm).numpy(),
                               sfft.dct(x, type={1: 1, 2: 3, 3: 2, 4: 4}[kind], norm=norm),
                               atol=1e-10)


def test_dct_length_and_gradient():
    x = np.random.default_rng(5).standard_normal((2, 6))
    np.testing.assert_allclose(tf.signal.dct(x, n=4).numpy(), sfft.dct(x[:, :4]), atol=1e-10)
    np.testing.assert_allclose(tf.signal.dct(x, n=9).numpy(), sfft.dct(x, n=9), atol=1e-10)
    theo, num = compute_gradient(lambda t: tf.signal.dct(t, type=3, norm="ortho"),
                                 [tf.constant(x)], delta=1e-6)
    np.testing.assert_allclose(theo[0], num[0], rtol=1e-6, atol=1e-8)


def test_mel_matrix_formula():
    m = tf.signal.linear_to_mel_weight_matrix(10, 65, 16000, 100.0, 7000.0, tf.float64).numpy()
    mel = lambda f: 1127.0 * np.log1p(f / 700.0)  # noqa: E731
    freqs = mel(np.linspace(0, 8000, 65))
    edges = np.linspace(mel(100.0), mel(7000.0), 12)
    ref = np.zeros((65, 10))
    for k in range(10):
        lo, mid, hi = edges[k:k + 3]
        ref[1:, k] = np.maximum(0, np.minimum((freqs[1:] - lo) / (mid - lo),
                                              (hi - freqs[1:]) / (hi - mid)))
    np.testing.assert_allclose(m, ref, atol=1e-12)
    with pytest.raises(ValueError, match="lower_edge_hertz 200.0 >= upper_edge_hertz 100.0"):
        tf.signal.linear_to_mel_weight_matrix(lower_edge_hertz=200.0, upper_edge_hertz=100.0)


def test_mfccs_are_scaled_dct2():
    x = np.random.default_rng(6).standard_normal((4, 12))
    np.testing.assert_allclose(tf.signal.mfccs_from_log_mel_spectrograms(x).numpy(),
                               sfft.dct(x, type=2) / np.sqrt(2 * 12), atol=1e-10)


def test_vorbis_window_is_power_complementary():
    w = tf.signal.vorbis_window(16, dtype=tf.float64).numpy()
    np.testing.assert_allclose(w[:8] ** 2 + w[8:] ** 2, 1.0, atol=1e-12)


def test_kaiser_windows():
    np.testing.assert_allclose(tf.signal.kaiser_window(9, 5.0, tf.float64).numpy(),
                               np.kaiser(9, 5.0), rtol=1e-12)
    kbd = tf.signal.kaiser_bessel_derived_window(12, 4.0, tf.float64).numpy()
    np.testing.assert_allclose(kbd[:6] ** 2 + kbd[6:] ** 2, 1.0, atol=1e-12)


def test_mdct_round_trip_and_gradient():
    s = np.random.default_rng(7).standard_normal((2, 64))
    back = tf.signal.inverse_mdct(tf.signal.mdct(s, 16)).numpy()
    # Princen-Bradley: the overlap-added inverse reconstructs all but the first and last half frame
    np.testing.assert_allclose(back[:, 8:-8], s[:, 8:back.shape[1] - 8], atol=1e-10)
    theo, num = compute_gradient(lambda t: tf.signal.mdct(t, 8, norm="ortho"),
                                 [tf.constant(s[:1, :16])], delta=1e-6)
    np.testing.assert_allclose(theo[0], num[0], rtol=1e-6, atol=1e-8)
