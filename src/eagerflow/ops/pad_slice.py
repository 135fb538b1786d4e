"""Pad (CONSTANT / REFLECT / SYMMETRIC), slice, reverse and roll, each primitive with its gradient
rule directly below it."""
import numpy as np

from .. import dtypes as _dt
from .._export import export
from ..engine.device import xp_of
from ..engine.primitive import primitive
from ..tensor import Tensor, convert_to_tensor, wrap
from ._args import _dims, _err, _int_list, _index_array, run_time_shape
from . import run_time_shapes as R

_slice_of = slice  # (the builtin: this module defines tf.slice)


@primitive("PadV2")
def _pad(x, paddings, value):
    return np.pad(x, paddings, constant_values=value)


@_pad.defvjp
def _(g, ans, x, paddings, value):
    if R.unknown(x):
        return (_pad_dynamic_grad_like(g, wrap(np.array(paddings, np.int64)), x),)
    return (_slice(g, begin=tuple(p[0] for p in paddings), size=x._v.shape),)


@primitive("MirrorPad")
def _mirror_pad(x, paddings, mode):
    return np.pad(x, paddings, mode=mode)


@_mirror_pad.defvjp
def _(g, ans, x, paddings, mode):
    if R.unknown(x):
        return (_mirror_pad_grad_like(g, x, paddings=paddings, mode=mode),)
    return (_mirror_pad_grad(g, paddings=paddings, mode=mode, shape=x._v.shape),)


@primitive("MirrorPadGrad")
def _mirror_pad_grad(g, paddings, mode, shape):
    xp = xp_of(g)
    idx = np.pad(xp.arange(int(np.prod(shape))).reshape(shape), paddings, mode=mode)
    out = xp.zeros(int(np.prod(shape)), g.dtype)
    np.add.at(out, idx.ravel(), g.ravel())
    return out.reshape(shape)


@_mirror_pad_grad.defvjp
def _(g, ans, dy, paddings, mode, shape):
    return (_mirror_pad(g, paddings=paddings, mode=mode),)


_mirror_pad_grad_like = R.shape_from_input(_mirror_pad_grad, "MirrorPadGradDynamic")


def _checked_paddings(p, x):
    p = np.asarray(p, np.int64)
    if p.shape != (x.ndim, 2) or (p < 0).any():
        raise _err("Pad", "paddings must be a non-negative [%d, 2] matrix: %s" % (
            x.ndim, _dims(p.shape)))
    return tuple((int(a), int(b)) for a, b in p)


@primitive("PadDynamic", match=(0,))
def _pad_dynamic(x, paddings, value):
    """PadV2 whose paddings are an input (computed in a graph while it runs)."""
    return np.pad(x, _checked_paddings(paddings, x), constant_values=value)


@_pad_dynamic.defvjp
def _(g, ans, x, paddings, value):
    if R.unknown(x):
        return _pad_dynamic_grad_like(g, paddings, x), None
    return _pad_dynamic_grad(g, paddings, shape=x._v.shape), None


@primitive("PadDynamicGrad", match=(0,))
def _pad_dynamic_grad(g, paddings, shape):
    p = np.asarray(paddings, np.int64)
    return g[tuple(_slice_of(int(a), int(a) + n) for a, n in zip(p[:, 0], shape))]


@_pad_dynamic_grad.defvjp
def _(g, ans, dy, paddings, shape):
    return _pad_dynamic(g, paddings, value=np.zeros((), g._v.dtype)), None


_pad_dynamic_grad_like = R.shape_from_input(_pad_dynamic_grad, "PadDynamicGradDynamic")


def _graph_paddings(paddings):
    """The paddings tensor when a graph computes it while it runs (not fixed at trace time)."""
    if hasattr(paddings, "_read"):
        paddings = paddings._read()
    static = getattr(type(paddings), "_static_value", None)
    if static is not None and static(paddings) is None:
        return paddings
    return None


@export("pad")
def pad(tensor, paddings, mode="CONSTANT", constant_values=0, name=None):
    """Pads a tensor (CONSTANT with constant_values, REFLECT or SYMMETRIC)."""
    x = convert_to_tensor(tensor)
    dynamic = _graph_paddings(paddings)
    if dynamic is not None and mode.upper() == "CONSTANT":
        return _pad_dynamic(x, dynamic, value=_pad_value(x, constant_values))
    p = _index_array(paddings, "Pad", "Tpaddings").astype(np.int64)
    m = mode.upper()
    if m not in ("CONSTANT", "REFLECT", "SYMMETRIC"):
        raise ValueError('Value of argument `mode` expected to be one of "CONSTANT", "REFLECT", '
                         'or "SYMMETRIC". Received `mode` = %s' % m)
    op = "Pad" if m == "CONSTANT" else "MirrorPad"
    s = x._v.shape
    if p.ndim != 2 or p.shape[1] != 2:
        raise _err(op, "paddings must be a matrix with 2 columns: %s" % _dims(p.shape))
    if p.shape[0] != len(s):
        raise _err(op, "The first dimension of paddings must be the rank of inputs%s %s"
                   % (_dims(p.shape), _dims(s)))
    if (p < 0).any():
        raise _err(op, "Paddings must be non-negative: %d %d" % tuple(p[(p < 0).any(1)][0]))
    pads = tuple((int(a), int(b)) for a, b in p)
    if m == "CONSTANT":
        return _pad(x, paddings=pads, value=_pad_value(x, constant_values))
    off = 0 if m == "REFLECT" else 1
    for d, (a, b) in zip(s, pads):
        if a > d - 1 + off or b > d - 1 + off:
            raise _err(op, "paddings must be less than%s the dimension size: %d, %d not less than%s"
                       " %d" % ("" if off == 0 else " or equal to", a, b,
                                "" if off == 0 else " or equal to", d))
    return _mirror_pad(x, paddings=pads, mode=m.lower())


def _pad_value(x, value):
    """constant_values converted as TF does: a Python/NumPy zero pads with the dtype's zero (b''
    for strings); anything else converts to the tensor's dtype and must be a scalar."""
    if hasattr(value, "_read"):
        value = value._read()
    d = x._v.dtype
    if not isinstance(value, Tensor):
        if np.ndim(value) == 0 and not isinstance(value, (str, bytes)) and value is not None:
            try:
                zero = value == 0
            except Exception:  # pragma: no cover
                zero = False
            if zero is True or zero is np.True_:
                return b"" if d.kind == "O" else d.type(0)
        value = convert_to_tensor(value, dtype=_dt.as_dtype(d))
    elif value._v.dtype != d:
        from ..engine.primitive import mismatch_error
        raise mismatch_error(_pad, 2, d, value._v.dtype)
    if value._v.ndim:
        raise _err("PadV2", "constant_values must be a scalar. Found: %s"
                   % _dims(value._v.shape))
    return value._v[()]


@primitive("Slice")
def _slice(x, begin, size):
    """(a size of -1, kept only where a traced input's dimension is unknown: to the end)"""
    return x[tuple(_py_slice(b, None if n == -1 else b + n) for b, n in zip(begin, size))]


_py_slice = slice


@_slice.defvjp
def _(g, ans, x, begin, size):
    if R.unknown(x):
        return (_slice_grad(g, x, begin=begin),)
    s = x._v.shape
    return (_pad(g, paddings=tuple((b, d - b - n) for b, n, d in zip(begin, size, s)), value=0),)


@primitive("SliceGrad", match=(0,))
def _slice_grad(g, x, begin):
    """Slice's gradient where x's shape is known only when the graph runs: ``g`` placed at
    ``begin`` in zeros of x's shape."""
    out = np.zeros(x.shape, g.dtype)
    out[tuple(_py_slice(b, b + n) for b, n in zip(begin, g.shape))] = g
    return out


@_slice_grad.defvjp
def _(gg, ans, g, x, begin):
    # g's unknown dims are those Slice kept as -1 (to the end of x's)
    return (_slice(gg, begin=begin, size=tuple(-1 if d is None else d for d in R.dims(g))), None)


@primitive("SliceDynamic", match=(0,))
def _slice_at(x, begin, size):
    """Slice whose begin is an input (computed in a graph while it runs: a random crop)."""
    begin = [int(b) for b in begin.reshape(-1)]
    for k, (b, n, d) in enumerate(zip(begin, size, x.shape)):
        if not 0 <= b <= d or not 0 <= n <= d - b:
            raise _err("Slice", "Expected size[%d] in [0, %d], but got %d" % (k, d - b, n))
    return _slice.fwd(x, begin, size)


@_slice_at.defvjp
def _(g, ans, x, begin, size):
    return (_slice_at_grad(g, x, begin), None)


@primitive("SliceDynamicGrad", match=(0,))
def _slice_at_grad(g, x, begin):
    """SliceDynamic's gradient: ``g`` placed at ``begin`` in zeros of x's shape."""
    return _slice_grad.fwd(g, x, [int(b) for b in begin.reshape(-1)])


@_slice_at_grad.defvjp
def _(gg, ans, g, x, begin):
    return (_slice_at(gg, begin, size=tuple(R.dims(g))), None, None)


@export("slice")
def slice(input_, begin, size, name=None):
    """Extracts input_[begin : begin + size] (size -1 means to the end)."""
    x = convert_to_tensor(input_)
    at = run_time_shape(begin)
    if at is not None and -1 not in _int_list(size):
        return _slice_at(x, at, size=tuple(_int_list(size)))
    s = x._v.shape
    b = _int_list(begin)
    n = _int_list(size)
    if len(b) != len(s) or len(n) != len(s):
        raise _err("Slice", "Expected begin and size arguments to be 1-D tensors of size %d, but "
                   "got shapes [%d] and [%d] instead." % (len(s), len(b), len(n)))
    static = R.dims(x)
    for k, d in enumerate(s):
        if static[k] is None:  # known when the graph runs: -1 stays "to the end"
            continue
        if n[k] == -1:
            n[k] = d - b[k]
        if not 0 <= b[k] <= d:
            raise _err("Slice", "Expected begin[%d] in [0, %d], but got %d" % (k, d, b[k]))
        if not 0 <= n[k] <= d - b[k]:
            raise _err("Slice", "Expected size[%d] in [0, %d], but got %d" % (k, d - b[k], n[k]))
    return _slice(x, begin=tuple(b), size=tuple(n))


@primitive("ReverseV2")
def _reverse(x, axis):
    return np.flip(x, axis)


@_reverse.defvjp
def _(g, ans, x, axis):
    return (_reverse(g, axis=axis),)


@export("reverse")
def reverse(tensor, axis, name=None):
    """Reverses the listed axes."""
    x = convert_to_tensor(tensor)
    n = x._v.ndim
    axes = []
    for k, a in enumerate(_int_list(axis)):
        if not -n <= a < n:
            raise _err("ReverseV2", "'axis'[%d] = %d is out of valid range [0, %d" % (k, a, n - 1))
        a %= n
        if a in axes:
            raise _err("ReverseV2", "axis %d specified more than once." % a)
        axes.append(a)
    return _reverse(x, axis=tuple(axes))


@primitive("Roll")
def _roll(x, shift, axis):
    return np.roll(x, shift, axis)


@_roll.defvjp
def _(g, ans, x, shift, axis):
    return (_roll(g, shift=tuple(-s for s in shift), axis=axis),)


@export("roll")
def roll(input, shift, axis, name=None):
    """Rolls elements along axis by shift (elements leaving one end re-enter at the other)."""
    x = convert_to_tensor(input)
    n = x._v.ndim
    sh = _int_list(shift)
    ax = _int_list(axis)
    if len(sh) != len(ax):
        raise _err("Roll", "shift and axis must have the same size")
    for a in ax:
        if not -n <= a < n:
            raise _err("Roll", "axis %d is out of range" % a)
    return _roll(x, shift=tuple(sh), axis=tuple(a % n for a in ax))
