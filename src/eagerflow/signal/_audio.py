"""tf.signal's cosine transforms and mel features: dct / idct (types I-IV, through rfft / irfft as
TF computes them), mdct / inverse_mdct, linear_to_mel_weight_matrix and
mfccs_from_log_mel_spectrograms -- composites over public ops, so their gradients are those of the
FFTs and elementwise ops they use."""
import math

from .. import dtypes as _dt
from .._export import export
from ..ops.cast import cast
from ..ops.creation import linspace, range as _range
from ..ops.elementwise import complex as _complex, exp, log, maximum, minimum, real, rsqrt
from ..ops.pad_slice import pad, reverse
from ..ops.shape_ops import concat, expand_dims, reshape, split
from ..tensor import Tensor, convert_to_tensor
from ._fft import rfft, irfft
from ._spectral import frame, overlap_and_add, vorbis_window

_MEL_BREAK_HERTZ = 700.0
_MEL_HIGH_Q = 1127.0


def _validate_dct(input, type, n, axis, norm):
    if axis != -1:
        raise NotImplementedError("axis must be -1. Got: %s" % axis)
    if n is not None and n < 1:
        raise ValueError("n should be a positive integer or None")
    if type not in (1, 2, 3, 4):
        raise ValueError("Types I, II, III and IV (I)DCT are supported.")
    if type == 1:
        if norm == "ortho":
            raise ValueError("Normalization is not supported for the Type-I DCT.")
        if input._v.shape[-1] < 2:
            raise ValueError("Type-I DCT requires the dimension to be greater than one.")
    if norm not in (None, "ortho"):
        raise ValueError("Unknown normalization. Expected None or 'ortho', got: %s" % norm)


def _first_then(first, rest, length, dtype):
    """[first, rest, rest, ...] of the given length."""
    return pad(reshape(convert_to_tensor(first, dtype=dtype), [1]), [[0, length - 1]],
               constant_values=rest)


def _dct(x, type, n, norm):
    zero = convert_to_tensor(0.0, dtype=x.dtype)
    if n is not None:
        length = x._v.shape[-1]
        x = x[..., 0:n] if n <= length else \
            pad(x, [[0, 0]] * (x._v.ndim - 1) + [[0, n - length]])
    dim = x._v.shape[-1]
    dim_f = cast(dim, x.dtype)
    if type == 1:
        return real(rfft(concat([x, x[..., -2:0:-1]], axis=-1)))
    if type == 2:
        scale = 2.0 * exp(_complex(zero, -cast(_range(dim), x.dtype) * math.pi * 0.5 / dim_f))
        out = real(rfft(x, fft_length=[2 * dim])[..., :dim] * scale)
        if norm == "ortho":
            n1 = 0.5 * rsqrt(dim_f)
            out = out * _first_then(n1, n1 * math.sqrt(2.0), dim, x.dtype)
        return out
    if type == 3:
        if norm == "ortho":
            n1 = float(math.sqrt(dim))
            x = x * _first_then(n1, n1 * math.sqrt(0.5), dim, x.dtype)
        else:
            x = x * dim_f
        scale = 2.0 * exp(_complex(zero, cast(_range(dim), x.dtype) * math.pi * 0.5 / dim_f))
        return real(irfft(scale * _complex(x, zero), fft_length=[2 * dim]))[..., :dim]
    out = _dct(x, 2, 2 * dim, None)[..., 1::2]
    if norm == "ortho":
        out = out * (math.sqrt(0.5) * rsqrt(dim_f))
    return out


@export("signal.dct")
def dct(input, type=2, n=None, axis=-1, norm=None, name=None):
    """Discrete cosine transform (types I-IV) over the last axis."""
    input = convert_to_tensor(input)
    _validate_dct(input, type, n, axis, norm)
    return _dct(input, type, n, norm)


@export("signal.idct")
def idct(input, type=2, n=None, axis=-1, norm=None, name=None):
    """Inverse DCT: the DCT of the inverse type (II <-> III; I and IV are their own)."""
    input = convert_to_tensor(input)
    _validate_dct(input, type, n, axis, norm)
    return _dct(input, {1: 1, 2: 3, 3: 2, 4: 4}[type], n, norm)


def _hertz_to_mel(f):
    return _MEL_HIGH_Q * log(1.0 + f / _MEL_BREAK_HERTZ)


def _validate_mel(num_mel_bins, sample_rate, lower, upper, dtype):
    if num_mel_bins <= 0:
        raise ValueError("num_mel_bins must be positive. Got: %s" % num_mel_bins)
    if lower < 0.0:
        raise ValueError("lower_edge_hertz must be non-negative. Got: %s" % lower)
    if lower >= upper:
        raise ValueError("lower_edge_hertz %.1f >= upper_edge_hertz %.1f" % (lower, upper))
    if not isinstance(sample_rate, Tensor):
        if sample_rate <= 0.0:
            raise ValueError("sample_rate must be positive. Got: %s" % sample_rate)
        if upper > sample_rate / 2:
            raise ValueError("upper_edge_hertz must not be larger than the Nyquist frequency "
                             "(sample_rate / 2). Got %s for sample_rate: %s" % (upper, sample_rate))
    if not dtype.is_floating:
        raise ValueError("dtype must be a floating point type. Got: %s" % dtype)


@export("signal.linear_to_mel_weight_matrix")
def linear_to_mel_weight_matrix(num_mel_bins=20, num_spectrogram_bins=129, sample_rate=8000,
                                lower_edge_hertz=125.0, upper_edge_hertz=3800.0,
                                dtype=_dt.float32, name=None):
    """[num_spectrogram_bins, num_mel_bins] triangular filters mapping a linear spectrogram to
    the mel scale (HTK's formula; the DC bin gets no weight)."""
    dtype = _dt.as_dtype(dtype)
    _validate_mel(num_mel_bins, sample_rate, lower_edge_hertz, upper_edge_hertz, dtype)
    rate = cast(sample_rate, dtype)
    zero = convert_to_tensor(0.0, dtype)
    freqs = linspace(zero, rate / 2.0, num_spectrogram_bins)[1:]
    bins_mel = expand_dims(_hertz_to_mel(freqs), 1)
    edges = frame(linspace(_hertz_to_mel(convert_to_tensor(lower_edge_hertz, dtype)),
                           _hertz_to_mel(convert_to_tensor(upper_edge_hertz, dtype)),
                           num_mel_bins + 2), frame_length=3, frame_step=1)
    lo, centre, hi = (reshape(t, [1, num_mel_bins]) for t in split(edges, 3, axis=1))
    weights = maximum(zero, minimum((bins_mel - lo) / (centre - lo),
                                    (hi - bins_mel) / (hi - centre)))
    return pad(weights, [[1, 0], [0, 0]])


@export("signal.mfccs_from_log_mel_spectrograms")
def mfccs_from_log_mel_spectrograms(log_mel_spectrograms, name=None):
    """MFCCs: the orthonormal-scaled DCT-II of log-mel spectrograms over their last axis."""
    x = convert_to_tensor(log_mel_spectrograms)
    bins = x._v.shape[-1] if x._v.ndim else None
    if bins == 0:
        raise ValueError("num_mel_bins must be positive. Got: %s" % (x,))
    out = dct(x, type=2)
    return out * rsqrt(cast(bins, out.dtype) * 2.0)


@export("signal.mdct")
def mdct(signals, frame_length, window_fn=vorbis_window, pad_end=False, norm=None, name=None):
    """Modified DCT of frames frame_length long, half overlapping: [..., frames, length / 2]."""
    signals = convert_to_tensor(signals)
    if signals._v.ndim < 1:
        raise ValueError("Shape %s must have rank at least 1" % (signals.shape,))
    fl = int(frame_length)
    if fl % 4 != 0:
        raise ValueError("The frame length must be a multiple of 4.")
    frames = frame(signals, fl, fl // 2, pad_end=pad_end)
    if window_fn is not None:
        frames = frames * window_fn(fl, dtype=frames.dtype)
    else:
        frames = frames * (1.0 / math.sqrt(2))
    a, b, c, d = split(frames, 4, axis=-1)
    folded = concat((-reverse(c, [-1]) - d, a - reverse(b, [-1])), axis=-1)
    return dct(folded, type=4, norm=norm)


@export("signal.inverse_mdct")
def inverse_mdct(mdcts, window_fn=vorbis_window, norm=None, name=None):
    """Inverse of mdct: the DCT-IV of each frame unfolded, windowed and overlap-added."""
    mdcts = convert_to_tensor(mdcts)
    if mdcts._v.ndim < 2:
        raise ValueError("Shape %s must have rank at least 2" % (mdcts.shape,))
    half = mdcts._v.shape[-1]
    if norm is None:
        out = (0.5 / cast(half, mdcts.dtype)) * dct(mdcts, type=4)
    elif norm == "ortho":
        out = dct(mdcts, type=4, norm="ortho")
    a, b = split(out, 2, axis=-1)
    frames = concat((b, -reverse(b, [-1]), -reverse(a, [-1]), -a), axis=-1)
    if window_fn is not None:
        frames = frames * window_fn(2 * half, dtype=mdcts.dtype)
    else:
        frames = frames * (1.0 / math.sqrt(2))
    return overlap_and_add(frames, half)
