"""tf.signal's Fourier transforms: FFT / IFFT over the last 1, 2 or 3 axes of complex64/128 tensors,
RFFT (float32/64 -> complex64/128) and IRFFT (back), primitives with their gradient rules beside
them.

FFT and IFFT are linear and holomorphic, so each one's gradient is the other scaled by the transform
size (TF's rules). RFFT and IRFFT take ``fft_length`` as an attribute: the kernel crops or
zero-pads the transformed axes to it (the public wrappers pad first, as TF's do). Their gradients
are the adjoints of those real-linear maps, written with the other transforms: for RFFT the real
part of the full-length inverse FFT of the zero-extended gradient, for IRFFT the RFFT of the
gradient weighted by each bin's multiplicity (1 for the DC and Nyquist bins, 2 for the bins that
stand for a conjugate pair) -- TF's formulas where the shapes agree, and also right where the
kernel cropped or padded.
"""
import numpy as np

from .. import dtypes as _dt
from .._export import export
from ..engine.primitive import Primitive
from ..errors import InvalidArgumentError
from ..ops._args import _err, _dims, _int_list
from ..ops.elementwise import real
from ..ops.pad_slice import pad, roll
from ..tensor import convert_to_tensor

_COMPLEX = frozenset(np.dtype(t) for t in (np.complex64, np.complex128))
_REAL = frozenset(np.dtype(t) for t in (np.float32, np.float64))
_SUFFIX = {1: "", 2: "2D", 3: "3D"}


def _check_rank(op, x, rank):
    if x.ndim < rank:
        raise _err(op, "Input must have rank of at least %d but got: %s" % (rank, _dims(x.shape)))


def _complex_admission(prim):
    """TF's error for a non-complex input of FFT/IFFT (its attr is 'Tcomplex', with a default)."""
    general = prim.admit

    def admit(inputs):
        d = inputs[0]._v.dtype
        if d in _COMPLEX:
            return general(inputs)
        raise InvalidArgumentError(None, prim.name, (
            "Value for attr 'Tcomplex' of %s is not in the list of allowed values: complex64, "
            "complex128\n\t; NodeDef: {{node %s}}; Op<name=%s; signature=input:Tcomplex -> "
            "output:Tcomplex; attr=Tcomplex:type,default=DT_COMPLEX64,allowed=[DT_COMPLEX64, "
            "DT_COMPLEX128]> [Op:%s] name: ") % (
                _dt.NP_TO_DTYPE[d]._kernel_word, prim.name, prim.name, prim.name))
    prim.admit = admit


def _fit(t, dims):
    """``t`` with its last len(dims) axes cropped or zero-padded to ``dims`` (the adjoint of the
    kernel's own cropping and padding)."""
    shape = t._v.shape
    rank = len(dims)
    lead = shape[:-rank]
    have = shape[-rank:]
    if have == tuple(dims):
        return t
    if any(h > d for h, d in zip(have, dims)):
        t = t[(Ellipsis,) + tuple(slice(0, d) for d in dims)]
    grow = [max(d - h, 0) for h, d in zip(have, dims)]
    if any(grow):
        t = pad(t, [[0, 0]] * len(lead) + [[0, g] for g in grow])
    return t


# ---------------------------------------------------------------------------------------------
# FFT / IFFT

def _complex_family(rank):
    axes = tuple(range(-rank, 0))
    names = ("FFT" + _SUFFIX[rank], "IFFT" + _SUFFIX[rank])

    def fft_fwd(input):
        _check_rank(names[0], input, rank)
        if 0 in input.shape[-rank:]:
            return input
        return np.fft.fftn(input, axes=axes).astype(input.dtype, copy=False)

    def ifft_fwd(input):
        _check_rank(names[1], input, rank)
        if 0 in input.shape[-rank:]:
            return input
        return np.fft.ifftn(input, axes=axes).astype(input.dtype, copy=False)

    fft = Primitive(names[0], fft_fwd, dtypes=_COMPLEX)
    ifft = Primitive(names[1], ifft_fwd, dtypes=_COMPLEX)
    _complex_admission(fft)
    _complex_admission(ifft)

    @fft.defvjp
    def _(g, ans, x):
        return (ifft(g) * float(np.prod(g._v.shape[-rank:])),)

    @ifft.defvjp
    def _(g, ans, x):
        return (fft(g) * (1.0 / max(int(np.prod(g._v.shape[-rank:])), 1)),)

    return fft, ifft


fft, ifft = _complex_family(1)
fft2d, ifft2d = _complex_family(2)
fft3d, ifft3d = _complex_family(3)
for _prim, _name in ((fft, "fft"), (ifft, "ifft"), (fft2d, "fft2d"), (ifft2d, "ifft2d"),
                     (fft3d, "fft3d"), (ifft3d, "ifft3d")):
    export("signal." + _name, inputs=("input",))(_prim)
_FULL_INVERSE = {1: ifft, 2: ifft2d, 3: ifft3d}


# ---------------------------------------------------------------------------------------------
# RFFT / IRFFT

def _multiplicity(n, dtype):
    """Each RFFT bin's weight in the full spectrum: 1 for DC (and Nyquist for even n), else 2."""
    m = np.full(n // 2 + 1, 2.0)
    m[0] = 1.0
    if n % 2 == 0:
        m[-1] = 1.0
    return m.astype(dtype)


def _real_family(rank):
    axes = tuple(range(-rank, 0))
    names = ("RFFT" + _SUFFIX[rank], "IRFFT" + _SUFFIX[rank])

    def rfft_fwd(input, fft_length):
        _check_rank(names[0], input, rank)
        out_dtype = np.result_type(input.dtype, np.complex64)
        if 0 in input.shape[:-rank] or 0 in fft_length:
            n = fft_length[:-1] + (fft_length[-1] // 2 + 1,)
            return np.zeros(input.shape[:-rank] + n, out_dtype)
        return np.fft.rfftn(input, s=fft_length, axes=axes).astype(out_dtype, copy=False)

    def irfft_fwd(input, fft_length):
        _check_rank(names[1], input, rank)
        out_dtype = np.zeros((), input.dtype).real.dtype
        if 0 in input.shape or 0 in fft_length:
            return np.zeros(input.shape[:-rank] + fft_length, out_dtype)
        return np.fft.irfftn(input, s=fft_length, axes=axes).astype(out_dtype, copy=False)

    rfft = Primitive(names[0], rfft_fwd, dtypes=_REAL)
    irfft = Primitive(names[1], irfft_fwd, dtypes=_COMPLEX)

    @rfft.defvjp
    def _(g, ans, x, fft_length):
        n = fft_length[-1]
        full = pad(g, [[0, 0]] * (g._v.ndim - 1) + [[0, n - (n // 2 + 1)]])
        gx = real(_FULL_INVERSE[rank](full) * float(np.prod(fft_length)))
        return (_fit(gx, x._v.shape[-rank:]),)

    @irfft.defvjp
    def _(g, ans, y, fft_length):
        scale = _multiplicity(fft_length[-1], y._v.dtype) / max(int(np.prod(fft_length)), 1)
        gy = rfft(g, fft_length=fft_length) * convert_to_tensor(scale)
        return (_fit(gy, y._v.shape[-rank:]),)

    return rfft, irfft


_rfft, _irfft = _real_family(1)
_rfft2d, _irfft2d = _real_family(2)
_rfft3d, _irfft3d = _real_family(3)


def _require_rank(t, rank):
    if t._v.ndim < rank:
        raise ValueError("Shape %s must have rank at least %d" % (t.shape, rank))


def _lengths(fft_length, rank, op):
    if isinstance(fft_length, (int, np.integer)):
        raise TypeError("'numpy.int32' object is not iterable")
    fl = tuple(_int_list(fft_length))
    if len(fl) != rank:
        raise _err(op, "fft_length must have shape [%d]" % rank)
    return fl


def _pad_to(t, dims):
    """TF's wrappers zero-pad a short input up to the transform's lengths before the kernel."""
    have = t._v.shape[-len(dims):]
    if 0 in t._v.shape or all(h >= d for h, d in zip(have, dims)):
        return t
    return _fit(t, [max(h, d) for h, d in zip(have, dims)])


def _forward_real(prim, rank, input_tensor, fft_length):
    x = convert_to_tensor(input_tensor, dtype_hint=_dt.float32)
    if x.dtype not in (_dt.float32, _dt.float64):
        raise ValueError("RFFT requires tf.float32 or tf.float64 inputs, got: %s" % (x,))
    _require_rank(x, rank)
    if fft_length is None:
        fl = tuple(x._v.shape[-rank:])
    else:
        fl = _lengths(fft_length, rank, prim.name)
    return prim(_pad_to(x, fl), fft_length=fl)


def _inverse_real(prim, rank, input_tensor, fft_length):
    y = convert_to_tensor(input_tensor, dtype_hint=_dt.complex64)
    _require_rank(y, rank)
    if y.dtype not in (_dt.complex64, _dt.complex128):
        raise ValueError("IRFFT requires tf.complex64 or tf.complex128 inputs, got: %s" % (y,))
    shape = y._v.shape
    if fft_length is None:
        fl = tuple(shape[-rank:-1]) + (max(2 * (shape[-1] - 1), 0),)
    else:
        fl = _lengths(fft_length, rank, prim.name)
    return prim(_pad_to(y, fl[:-1] + (fl[-1] // 2 + 1,)), fft_length=fl)


@export("signal.rfft")
def rfft(input_tensor, fft_length=None, name=None):
    """Real-input FFT over the last axis: the fft_length // 2 + 1 unique bins."""
    return _forward_real(_rfft, 1, input_tensor, fft_length)


@export("signal.rfft2d")
def rfft2d(input_tensor, fft_length=None, name=None):
    """Real-input 2-D FFT over the last two axes."""
    return _forward_real(_rfft2d, 2, input_tensor, fft_length)


@export("signal.rfft3d")
def rfft3d(input_tensor, fft_length=None, name=None):
    """Real-input 3-D FFT over the last three axes."""
    return _forward_real(_rfft3d, 3, input_tensor, fft_length)


@export("signal.irfft")
def irfft(input_tensor, fft_length=None, name=None):
    """Inverse of rfft: a real signal of fft_length samples (default 2 * (bins - 1))."""
    return _inverse_real(_irfft, 1, input_tensor, fft_length)


@export("signal.irfft2d")
def irfft2d(input_tensor, fft_length=None, name=None):
    """Inverse of rfft2d."""
    return _inverse_real(_irfft2d, 2, input_tensor, fft_length)


@export("signal.irfft3d")
def irfft3d(input_tensor, fft_length=None, name=None):
    """Inverse of rfft3d."""
    return _inverse_real(_irfft3d, 3, input_tensor, fft_length)


def _shifts(x, axes, sign):
    shape = x._v.shape
    if axes is None:
        axes = list(range(len(shape)))
    elif isinstance(axes, (int, np.integer)):
        axes = [int(axes)]
    else:
        axes = _int_list(axes)
    return [sign * (shape[a] // 2) for a in axes], axes


@export("signal.fftshift")
def fftshift(x, axes=None, name=None):
    """Moves the zero-frequency bin to the middle (numpy.fft.fftshift)."""
    x = convert_to_tensor(x)
    shift, axes = _shifts(x, axes, 1)
    return roll(x, shift, axes) if axes else x


@export("signal.ifftshift")
def ifftshift(x, axes=None, name=None):
    """The inverse of fftshift (numpy.fft.ifftshift)."""
    x = convert_to_tensor(x)
    shift, axes = _shifts(x, axes, -1)
    return roll(x, shift, axes) if axes else x

