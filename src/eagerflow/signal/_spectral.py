"""tf.signal's composites: frame / overlap_and_add, the raised-cosine windows, and the short-time
Fourier transform and its inverse. All are written over public ops, so their gradients come from
the ops they use (gather, pad, reshape, rfft ...)."""
import numpy as np

from .. import dtypes as _dt
from .._export import export
from ..ops._args import _host
from ..ops.cast import cast, zeros_like
from ..ops.comparison import equal
from ..ops.creation import ones, range as _range
from ..ops.elementwise import sqrt
from ..ops.gather_scatter import gather
from ..ops.indexing import where
from ..ops.pad_slice import pad
from ..ops.reduction import cumsum, reduce_sum
from ..ops.shape_ops import concat, reshape, tile
from ..ops.trig import cos, sin
from ..tensor import Tensor, convert_to_tensor
from ._fft import rfft, irfft


def _scalar(v):
    """A scalar argument (frame_length, frame_step, axis ...) as a Python int, TF's rank error."""
    if isinstance(v, (int, np.integer)):
        return int(v)
    a = np.asarray(_host(v) if isinstance(v, Tensor) else v)
    if a.ndim:
        raise ValueError("Shape %s must have rank 0" % (convert_to_tensor(a).shape,))
    return int(a)


def _rank_at_least(t, rank):
    if t._v.ndim < rank:
        raise ValueError("Shape %s must have rank at least %d" % (t.shape, rank))


@export("signal.frame")
def frame(signal, frame_length, frame_step, pad_end=False, pad_value=0, axis=-1, name=None):
    """Slides a frame_length window by frame_step along ``axis``: [..., frames, frame_length,
    ...]."""
    signal = convert_to_tensor(signal)
    fl, fs, axis = _scalar(frame_length), _scalar(frame_step), _scalar(axis)
    _rank_at_least(signal, 1)
    shape = list(signal._v.shape)
    n = shape[axis]  # IndexError for an axis out of range, as TF's shape inference
    axis = range(len(shape))[axis]
    if pad_end:
        frames = -(-n // fs)
        extra = max(0, fl + fs * (frames - 1) - n)
        if extra:
            paddings = [[0, 0]] * len(shape)
            paddings[axis] = [0, extra]
            signal = pad(signal, paddings, constant_values=convert_to_tensor(
                pad_value, dtype=signal.dtype))
    else:
        frames = max(0, 1 + (n - fl) // fs)
    index = np.arange(frames)[:, None] * fs + np.arange(fl)[None, :]
    # (gathered from a reshaped view, as TF's frame gathers subframes: the signal's gradient is
    # then a dense tensor, not the IndexedSlices of a gather from the signal itself)
    return gather(reshape(signal, signal._v.shape), index.astype(np.int32), axis=axis)


@export("signal.overlap_and_add")
def overlap_and_add(signal, frame_step, name=None):
    """Sums [..., frames, frame_length] frames placed frame_step apart: [..., output_length]."""
    signal = convert_to_tensor(signal)
    _rank_at_least(signal, 2)
    fs = _scalar(frame_step)
    shape = signal._v.shape
    outer, frames, fl = list(shape[:-2]), shape[-2], shape[-1]
    length = (frames - 1) * fs + fl
    pieces = -(-fl // fs)  # each frame cut into frame_step-long pieces; piece j lands j steps on
    padded = pad(signal, [[0, 0]] * (len(shape) - 1) + [[0, pieces * fs - fl]])
    total = None
    for j in range(pieces):
        flat = reshape(padded[..., j * fs:(j + 1) * fs], outer + [frames * fs])
        placed = pad(flat, [[0, 0]] * len(outer) + [[j * fs, (pieces - 1 - j) * fs]])
        total = placed if total is None else total + placed
    return total[..., :length]


def _check_window(dtype):
    dtype = _dt.as_dtype(dtype)
    if not dtype.is_floating:
        raise ValueError("dtype must be a floating point type. Found %s" % (dtype,))
    return dtype


def _raised_cosine(window_length, periodic, dtype, a, b):
    dtype = _check_window(dtype)
    n = _scalar(window_length)
    if n == 1:
        return ones([1], dtype=dtype)
    periodic = int(bool(_host(periodic) if isinstance(periodic, Tensor) else periodic))
    denom = n + periodic * (1 - n % 2) - 1
    arg = convert_to_tensor(2 * np.pi, dtype=dtype) * cast(_range(n), dtype) / \
        convert_to_tensor(denom, dtype=dtype)
    return a - b * cos(arg)


@export("signal.hann_window")
def hann_window(window_length, periodic=True, dtype=_dt.float32, name=None):
    """0.5 - 0.5 cos(2 pi n / N): periodic (N = length) or symmetric (N = length - 1)."""
    return _raised_cosine(window_length, periodic, dtype, 0.5, 0.5)


@export("signal.hamming_window")
def hamming_window(window_length, periodic=True, dtype=_dt.float32, name=None):
    """0.54 - 0.46 cos(2 pi n / N): periodic (N = length) or symmetric (N = length - 1)."""
    return _raised_cosine(window_length, periodic, dtype, 0.54, 0.46)


@export("signal.vorbis_window")
def vorbis_window(window_length, dtype=_dt.float32, name=None):
    """sin(pi / 2 * sin(pi (n + 0.5) / N) ** 2), the power-complementary MDCT window."""
    dtype = _check_window(dtype)
    n = _scalar(window_length)
    arg = cast(_range(n), dtype)
    inner = sin(np.pi / convert_to_tensor(n, dtype=dtype) * (arg + 0.5))
    return sin(np.pi / 2.0 * inner ** 2.0)


@export("signal.kaiser_window")
def kaiser_window(window_length, beta=12., dtype=_dt.float32, name=None):
    """The Kaiser window I0(beta sqrt(1 - (2n / (N - 1) - 1)^2)) / I0(beta) (numpy.kaiser).

    eagerflow has no Bessel-function op: the window is computed on the host, so it carries no
    gradient with respect to beta (TF's does)."""
    dtype = _check_window(dtype)
    n = _scalar(window_length)
    beta = float(_host(beta) if isinstance(beta, Tensor) else beta)
    if n == 1:
        return ones([1], dtype=dtype)
    half = np.float32((n - 1) / 2.0)
    arg = np.arange(-half, half + 0.1, dtype=np.float32).astype(dtype.as_numpy_dtype)
    num = beta * np.sqrt(np.maximum(1 - (arg / half.astype(arg.dtype)) ** 2, 0))
    return convert_to_tensor((np.i0(num) / np.i0(beta)).astype(dtype.as_numpy_dtype))


@export("signal.kaiser_bessel_derived_window")
def kaiser_bessel_derived_window(window_length, beta=12., dtype=_dt.float32, name=None):
    """The Kaiser-Bessel-derived (KBD) window: square roots of the Kaiser window's running sum,
    mirrored (an MDCT window satisfying Princen-Bradley)."""
    dtype = _check_window(dtype)
    half = _scalar(window_length) // 2
    total = cumsum(kaiser_window(half + 1, beta, dtype=dtype))
    w = sqrt(total[:-1] / total[-1])
    return concat((w, w[::-1]), axis=0)


def _enclosing_power_of_two(n):
    return int(2 ** np.ceil(np.log(n) / np.log(2.0)))


@export("signal.stft")
def stft(signals, frame_length, frame_step, fft_length=None, window_fn=hann_window,
         pad_end=False, name=None):
    """Short-time Fourier transform of real signals: [..., frames, fft_length // 2 + 1]."""
    signals = convert_to_tensor(signals)
    _rank_at_least(signals, 1)
    fl, fs = _scalar(frame_length), _scalar(frame_step)
    fft_length = _enclosing_power_of_two(fl) if fft_length is None else _scalar(fft_length)
    frames = frame(signals, fl, fs, pad_end=pad_end)
    if window_fn is not None:
        frames = frames * window_fn(fl, dtype=frames.dtype)
    return rfft(frames, [fft_length])


@export("signal.inverse_stft_window_fn")
def inverse_stft_window_fn(frame_step, forward_window_fn=hann_window, name=None):
    """A window for inverse_stft that undoes forward_window_fn's overlap-added square."""
    def window(frame_length, dtype):
        fs, fl = _scalar(frame_step), _scalar(frame_length)
        forward = forward_window_fn(fl, dtype=dtype)
        overlaps = -(-fl // fs)
        denom = pad(forward * forward, [[0, overlaps * fs - fl]])
        denom = tile(reduce_sum(reshape(denom, [overlaps, fs]), 0, keepdims=True), [overlaps, 1])
        denom = reshape(denom, [overlaps * fs])[:fl]
        return where(equal(denom, 0.0), zeros_like(forward), forward / denom)
    return window


@export("signal.inverse_stft")
def inverse_stft(stfts, frame_length, frame_step, fft_length=None, window_fn=hann_window,
                 name=None):
    """Inverse of stft: irfft of each frame, windowed and overlap-added: [..., samples]."""
    stfts = convert_to_tensor(stfts)
    _rank_at_least(stfts, 2)
    fl, fs = _scalar(frame_length), _scalar(frame_step)
    fft_length = _enclosing_power_of_two(fl) if fft_length is None else _scalar(fft_length)
    frames = irfft(stfts, [fft_length])
    have = frames._v.shape[-1]
    if have > fl:
        frames = frames[..., :fl]
    elif have < fl:
        frames = pad(frames, [[0, 0]] * (frames._v.ndim - 1) + [[0, fl - have]])
    if window_fn is not None:
        frames = frames * window_fn(fl, dtype=stfts.dtype.real_dtype)
    return overlap_and_add(frames, fs)
