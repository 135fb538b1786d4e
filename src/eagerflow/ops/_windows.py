"""The NumPy kernels of convolution and pooling, channels-last and N-D (N = 1, 2, 3 spatial axes).

A window view (``sliding_window_view`` of the padded input, strided by ``strides`` and
``dilations``) is the im2col matrix without a copy; the convolution is one ``tensordot`` of it with
the filter (``einsum`` for grouped filters). The transposed direction (the input's gradient,
``conv2d_transpose``, average pooling's gradient) is col2im: one product gives every kernel offset's
contribution, then one strided add per offset puts it back where the windows read it.

Shapes: ``x`` is (batch, *spatial, channels); a filter is (*kernel, in_channels / groups, out).
Padding arrives resolved as a tuple of (before, after) pairs per spatial axis (``resolve``).
"""
import itertools

import numpy as np

from ..engine.device import xp_of

_swv = np.lib.stride_tricks.sliding_window_view
_SP, _KK = "xyz", "ijk"  # einsum labels of spatial axes and kernel taps (n, g, c, o are others)


def effective(k, d):
    """The extent of a k-tap kernel with dilation d."""
    return (k - 1) * d + 1


def out_size(n, k_eff, s, lo, hi):
    """Output length along one axis; C-style truncating division, as TF computes it (a negative
    result is the caller's error)."""
    num = n + lo + hi - k_eff + s
    return num // s if num >= 0 else -((-num) // s)


def same_pads(n, k_eff, s):
    """TF's SAME padding: output ceil(n / s), the padding split with the extra one after."""
    out = -(-n // s)
    total = max((out - 1) * s + k_eff - n, 0)
    return total // 2, total - total // 2


def resolve(spatial, ksizes, strides, dilations, padding):
    """-> (pads, outs): (before, after) per spatial axis and the output lengths (may be < 0)."""
    pads, outs = [], []
    for k, (n, kk, s, d) in enumerate(zip(spatial, ksizes, strides, dilations)):
        e = effective(kk, d)
        if padding == "SAME":
            lo, hi = same_pads(n, e, s)
        elif padding == "VALID":
            lo = hi = 0
        else:
            lo, hi = padding[k]
        pads.append((lo, hi))
        outs.append(out_size(n, e, s, lo, hi))
    return tuple(pads), tuple(outs)


def pad(x, pads, value=0):
    if not any(lo or hi for lo, hi in pads):
        return x
    return np.pad(x, ((0, 0),) + tuple(pads) + ((0, 0),), constant_values=value)


def windows(xp, ksizes, strides, dilations, outs):
    """A view (batch, *outs, channels, *ksizes) of the padded input's windows (all outs > 0)."""
    nsp = len(ksizes)
    eff = tuple(effective(k, d) for k, d in zip(ksizes, dilations))
    v = _swv(xp, eff, axis=tuple(range(1, nsp + 1)))
    index = ((slice(None),) + tuple(slice(0, (o - 1) * s + 1, s) for o, s in zip(outs, strides)) +
             (slice(None),) + tuple(slice(None, None, d) for d in dilations))
    return v[index]


def _compute_dtype(dt):
    """float16/bfloat16 accumulate in float32 (as TF's kernels do); the rest in their own type."""
    return np.dtype(np.float32) if dt.kind == "f" and dt.itemsize < 4 or dt.kind == "V" or \
        dt.name == "bfloat16" else dt


def _up(a):
    c = _compute_dtype(a.dtype)
    return a if c == a.dtype else a.astype(c)


# -- convolution --------------------------------------------------------------------------------

def conv(x, w, strides, pads, dilations, outs):
    """The convolution of x (batch, *spatial, C) with w (*k, C / groups, O)."""
    nsp = w.ndim - 2
    n, c = x.shape[0], x.shape[-1]
    o = w.shape[-1]
    if n == 0 or min(outs) <= 0 or o == 0:
        return xp_of(x).zeros((n,) + tuple(max(v, 0) for v in outs) + (o,), x.dtype)
    ks = w.shape[:nsp]
    win = windows(pad(_up(x), pads), ks, strides, dilations, outs)
    wu = _up(w)
    groups = c // w.shape[-2]
    if groups == 1:
        out = np.tensordot(win, wu, axes=(list(range(nsp + 1, 2 * nsp + 2)),
                                          [nsp] + list(range(nsp))))
    else:
        cg, og = w.shape[-2], o // groups
        win = win.reshape(win.shape[:nsp + 1] + (groups, cg) + ks)
        wg = wu.reshape(ks + (cg, groups, og))
        sp, kk = _SP[:nsp], _KK[:nsp]
        out = np.einsum("n%sgc%s,%scgo->n%sgo" % (sp, kk, kk, sp), win, wg, optimize=True)
        out = out.reshape(out.shape[:nsp + 1] + (o,))
    return out.astype(x.dtype, copy=False)


def col2im(cols, shape, ksizes, strides, dilations, pads, outs):
    """Sums ``cols`` (batch, *outs, *ksizes, C): each kernel offset's values added back at the
    input positions its windows read, into a zero input of ``shape``; padding cropped."""
    nsp = len(ksizes)
    padded = (shape[0],) + tuple(n + lo + hi for n, (lo, hi) in zip(shape[1:-1], pads)) + \
        (shape[-1],)
    acc = xp_of(cols).zeros(padded, cols.dtype)
    if min(outs) > 0:
        lead = (slice(None),) * (1 + nsp)
        for off in itertools.product(*[range(k) for k in ksizes]):
            dst = (slice(None),) + tuple(slice(i * d, i * d + (o - 1) * s + 1, s) for i, d, o, s in
                                         zip(off, dilations, outs, strides))
            acc[dst] += cols[lead + off]
    crop = (slice(None),) + tuple(slice(lo, lo + n) for n, (lo, _) in zip(shape[1:-1], pads))
    return acc[crop]


def conv_backprop_input(w, g, shape, strides, pads, dilations, outs):
    """The gradient of conv's input (also conv2d_transpose): col2im of g times the filter."""
    nsp = w.ndim - 2
    c, o = shape[-1], w.shape[-1]
    ks = w.shape[:nsp]
    if shape[0] == 0 or min(outs) <= 0 or o == 0 or c == 0:
        return xp_of(g).zeros(shape, g.dtype)
    groups = c // w.shape[-2]
    gu, wu = _up(g), _up(w)
    if groups == 1:
        cols = np.tensordot(gu, wu, axes=([nsp + 1], [nsp + 1]))  # batch, *outs, *k, C
    else:
        cg, og = w.shape[-2], o // groups
        gg = gu.reshape(gu.shape[:nsp + 1] + (groups, og))
        wg = wu.reshape(ks + (cg, groups, og))
        sp, kk = _SP[:nsp], _KK[:nsp]
        cols = np.einsum("n%sgo,%scgo->n%s%sgc" % (sp, kk, sp, kk), gg, wg, optimize=True)
        cols = cols.reshape(cols.shape[:2 * nsp + 1] + (c,))
    return col2im(cols, shape, ks, strides, dilations, pads, outs).astype(g.dtype, copy=False)


def conv_backprop_filter(x, g, filter_shape, strides, pads, dilations, outs):
    """The gradient of conv's filter: the windows contracted with g over batch and positions."""
    nsp = len(filter_shape) - 2
    ks = tuple(filter_shape[:nsp])
    c, o = x.shape[-1], filter_shape[-1]
    if x.shape[0] == 0 or min(outs) <= 0 or 0 in filter_shape:
        return xp_of(g).zeros(filter_shape, g.dtype)
    win = windows(pad(_up(x), pads), ks, strides, dilations, outs)
    gu = _up(g)
    groups = c // filter_shape[-2]
    lead = list(range(nsp + 1))
    if groups == 1:
        dw = np.tensordot(win, gu, axes=(lead, lead))  # C, *k, O
        dw = dw.transpose(tuple(range(1, nsp + 1)) + (0, nsp + 1))
    else:
        cg, og = filter_shape[-2], o // groups
        win = win.reshape(win.shape[:nsp + 1] + (groups, cg) + ks)
        gg = gu.reshape(gu.shape[:nsp + 1] + (groups, og))
        sp, kk = _SP[:nsp], _KK[:nsp]
        dw = np.einsum("n%sgc%s,n%sgo->%scgo" % (sp, kk, sp, kk), win, gg, optimize=True)
        dw = dw.reshape(ks + (cg, o))
    return xp_of(dw).ascontiguousarray(dw).astype(g.dtype, copy=False)
