"""Pooling: max_pool / avg_pool in 1, 2 and 3 spatial dimensions (channels last).

Max pooling's gradient routes each output's gradient to the first maximum of its window (row-major
order, as TF's CPU kernel), and the gradient of that routing gathers from the same positions, so
the rules close over MaxPool, MaxPoolGrad and MaxPoolGradGrad. Average pooling divides by the
number of real (unpadded) elements of each window, as TF does for SAME padding; its gradient
spreads ``g / count`` back over the windows (col2im) and is linear, so AvgPool and AvgPoolGrad are
each other's gradient. The 1-D forms are the 2-D ops over a length-1 axis, as in TF.
"""
import numpy as np

from .._export import export
from ..engine.device import xp_of
from ..engine.primitive import Primitive, FLOAT_TYPES, REAL
from ..errors import UnimplementedError
from ..tensor import convert_to_tensor
from ._args import _err, _int_list
from . import _windows as _W
from .broadcast import _reshape
from . import run_time_shapes as R
from .cast import zeros_like
from .conv import padding_arg, check_format

_MAX_TYPES = FLOAT_TYPES | frozenset(np.dtype(t) for t in (
    np.int32, np.int64, np.uint8, np.int16, np.int8, np.uint16))


# ---------------------------------------------------------------------------------------------
# kernels

def _geometry(op, shape, ksize, strides, padding):
    nd = len(ksize)
    if len(shape) != nd + 2:
        raise _err(op, "tensor_in_shape must have %d spatial dimensions. %d 0" % (nd, len(shape)))
    if min(ksize) <= 0:
        raise _err(op, "Sliding window ksize must be positive. The specified or inferred ksize "
                   "is: %s" % ",".join(map(str, (1,) + tuple(ksize) + (1,))))
    if min(strides) <= 0:
        raise _err(op, "Stride must be > 0, but got %d" % min(strides))
    pads, outs = _W.resolve(shape[1:-1], ksize, strides, (1,) * nd, padding)
    return pads, tuple(max(o, 0) for o in outs)


def _lowest(dt):
    return dt.type(-np.inf if dt.kind == "f" else np.iinfo(dt).min)


def _max_windows(x, ksize, strides, padding, op):
    """(padded x, its windows flattened to (..., K) or None when empty, pads, outs)."""
    pads, outs = _geometry(op, x.shape, ksize, strides, padding)
    xp = _W.pad(x, pads, _lowest(x.dtype))
    if 0 in outs or 0 in x.shape:
        return xp, None, pads, outs
    win = _W.windows(xp, ksize, strides, (1,) * len(ksize), outs)
    return xp, win, pads, outs


def _window_max(win, nd):
    """The maximum of each window: one np.maximum per window offset over (n, *outs, c) slices
    (faster than a reduction over the tiny, strided window axes)."""
    offs = np.ndindex(*win.shape[-nd:])
    m = win[(Ellipsis,) + next(offs)].copy()
    for off in offs:
        np.maximum(m, win[(Ellipsis,) + off], out=m)
    return m


def _first_max_hits(win, nd):
    """Yields (window offset, mask of the outputs whose first maximum, in row-major window order,
    is at that offset): one comparison per offset, no argmax over tiny axes."""
    ks = win.shape[-nd:]
    m = _window_max(win, nd)
    free = xp_of(m).ones(m.shape, bool)
    for off in np.ndindex(*ks):
        hit = win[(Ellipsis,) + off] == m
        hit &= free
        free &= ~hit
        yield off, hit


def _max_pool_grad_np(x, g, ksize, strides, padding, op):
    """Each output's gradient added at its window's first maximum."""
    xp, win, pads, outs = _max_windows(x, ksize, strides, padding, op)
    if win is None:
        return np.zeros_like(x)
    acc = xp_of(g).zeros(xp.shape, g.dtype)
    disjoint = all(s >= k for s, k in zip(strides, ksize))  # each input in at most one window
    for off, hit in _first_max_hits(win, len(ksize)):
        dst = (slice(None),) + tuple(slice(i, i + (o - 1) * s + 1, s) for i, o, s in
                                     zip(off, outs, strides))
        if disjoint:
            np.multiply(g, hit, out=acc[dst])
        else:
            acc[dst] += g * hit
    crop = (slice(None),) + tuple(slice(lo, lo + n) for n, (lo, _) in zip(x.shape[1:-1], pads))
    return acc[crop]


def _max_pool_grad_grad_np(x, gg, ksize, strides, padding, op):
    """gg read at each window's first maximum."""
    xp, win, pads, outs = _max_windows(x, ksize, strides, padding, op)
    out = xp_of(gg).zeros((x.shape[0],) + outs + (x.shape[-1],), gg.dtype)
    if win is None:
        return out
    gwin = _W.windows(_W.pad(gg, pads), ksize, strides, (1,) * len(ksize), outs)
    for off, hit in _first_max_hits(win, len(ksize)):
        np.copyto(out, gwin[(Ellipsis,) + off], where=hit)
    return out


def _counts(spatial, ksize, strides, pads, outs):
    """The number of real input elements in each window, shape (1, *outs, 1)."""
    total = np.ones((), np.int64)
    for n, k, s, (lo, _), o in zip(spatial, ksize, strides, pads, outs):
        start = np.arange(o) * s - lo
        c = np.minimum(start + k, n) - np.maximum(start, 0)
        total = np.multiply.outer(total, c)
    return total.reshape((1,) + tuple(outs) + (1,))


def _avg_pool_np(x, ksize, strides, padding, op):
    pads, outs = _geometry(op, x.shape, ksize, strides, padding)
    shape = (x.shape[0],) + outs + (x.shape[-1],)
    if 0 in outs or 0 in x.shape:
        return xp_of(x).zeros(shape, x.dtype)
    nd = len(ksize)
    xu = x.astype(np.float32) if x.dtype.itemsize < 4 else x
    win = _W.windows(_W.pad(xu, pads), ksize, strides, (1,) * nd, outs)
    total = win.sum(axis=tuple(range(nd + 2, 2 * nd + 2)))
    counts = _counts(x.shape[1:-1], ksize, strides, pads, outs)
    return (total / xp_of(total).asarray(counts)).astype(x.dtype)


def _avg_pool_grad_np(g, input_sizes, ksize, strides, padding, op):
    pads, outs = _geometry(op, input_sizes, ksize, strides, padding)
    if 0 in outs or 0 in input_sizes:
        return xp_of(g).zeros(input_sizes, g.dtype)
    nd = len(ksize)
    counts = _counts(input_sizes[1:-1], ksize, strides, pads, outs)
    share = (g.astype(np.float32) if g.dtype.itemsize < 4 else g) / xp_of(g).asarray(counts)
    cols = np.broadcast_to(share.reshape(share.shape[:-1] + (1,) * nd + share.shape[-1:]),
                           share.shape[:-1] + tuple(ksize) + share.shape[-1:])
    return _W.col2im(cols, tuple(input_sizes), ksize, strides, (1,) * nd, pads,
                     outs).astype(g.dtype)


# ---------------------------------------------------------------------------------------------
# the primitives, one family per spatial rank

def _family(suffix, max_types, avg_types):
    max_name, avg_name = "MaxPool" + suffix, "AvgPool" + suffix

    def max_fwd(x, ksize, strides, padding):
        xp, win, pads, outs = _max_windows(x, ksize, strides, padding, max_name)
        if win is None:
            return xp_of(x).zeros((x.shape[0],) + outs + (x.shape[-1],), x.dtype)
        return _window_max(win, len(ksize))

    def max_grad_fwd(x, g, ksize, strides, padding):
        return _max_pool_grad_np(x, g, ksize, strides, padding, max_name + "Grad")

    def max_grad_grad_fwd(x, gg, ksize, strides, padding):
        return _max_pool_grad_grad_np(x, gg, ksize, strides, padding, max_name + "GradGrad")

    def avg_fwd(x, ksize, strides, padding):
        return _avg_pool_np(x, ksize, strides, padding, avg_name)

    def avg_grad_fwd(g, input_sizes, ksize, strides, padding):
        return _avg_pool_grad_np(g, R.with_batch(input_sizes, g), ksize, strides, padding,
                                 avg_name + "Grad")

    mx = Primitive(max_name, max_fwd, dtypes=max_types)
    mxg = Primitive(max_name + "Grad", max_grad_fwd, dtypes=max_types)
    mxgg = Primitive(max_name + "GradGrad", max_grad_grad_fwd, dtypes=max_types)
    avg = Primitive(avg_name, avg_fwd, dtypes=avg_types)
    avgg = Primitive(avg_name + "Grad", avg_grad_fwd, dtypes=avg_types)

    @mx.defvjp
    def _(g, ans, x, **a):
        return (mxg(x, g, **a),)

    @mxg.defvjp
    def _(gz, ans, x, g, **a):
        # the routing does not move with x (TF's zeros too); it is linear in g
        return zeros_like(x), mxgg(x, gz, **a)

    @mxgg.defvjp
    def _(gz, ans, x, gg, **a):
        return zeros_like(x), mxg(x, gz, **a)

    @avg.defvjp
    def _(g, ans, x, **a):
        return (avgg(g, input_sizes=R.batch_sizes(x), **a),)

    @avgg.defvjp
    def _(gz, ans, g, input_sizes, **a):
        return (avg(gz, **a),)

    return mx, avg


_max_pool2d_p, _avg_pool2d_p = _family("", _MAX_TYPES, FLOAT_TYPES)
_max_pool3d_p, _avg_pool3d_p = _family("3D", FLOAT_TYPES, FLOAT_TYPES)
_PRIMS = {2: (_max_pool2d_p, _avg_pool2d_p), 3: (_max_pool3d_p, _avg_pool3d_p)}


# ---------------------------------------------------------------------------------------------
# public API

def _pool_arg(v, nd, what, op, is_max):
    """ksize / strides: an int or a list of 1, nd or nd + 2 ints -> nd ints (TF's errors)."""
    vals = _int_list(v)
    n = len(vals)
    if n == 1:
        return (vals[0],) * nd
    if n == nd:
        return tuple(vals)
    if n == nd + 2:
        if vals[0] != 1:
            raise UnimplementedError(None, op, "Pooling is not yet supported on the batch "
                                     "dimension. [Op:%s]" % op)
        if vals[-1] != 1:
            raise UnimplementedError(None, op, (
                "MaxPooling supports exactly one of pooling across depth or pooling across "
                "width/height. [Op:%s]" % op) if is_max and what == "ksize" else (
                "Depthwise pooling is not supported by eagerflow. [Op:%s]" % op))
        return tuple(vals[1:-1])
    raise ValueError("%s should be of length 1, %d or %d. Received: %s=%s of length %d" % (
        what, nd, nd + 2, what, v, n))


def _pool(nd, is_max, input, ksize, strides, padding, data_format):
    prim = _PRIMS[nd][0 if is_max else 1]
    op = prim.name
    x = prim.convert((input,))[0]
    fmts = ("NHWC", "NCHW", "NCHW_VECT_C") if nd == 2 else ("NDHWC", "NCDHW")
    if not check_format(data_format, fmts, op):
        raise _err(op, "Default %sPoolingOp only supports %s on device type CPU" % (
            "Max" if is_max else "Avg", fmts[0]))
    k = _pool_arg(ksize, nd, "ksize", op, is_max)
    s = _pool_arg(strides, nd, "strides", op, is_max)
    p = padding_arg(padding, nd, op, explicit=is_max and nd == 2)
    return prim(x, ksize=k, strides=s, padding=p)


def _pool1d(is_max, input, ksize, strides, padding, data_format):
    if data_format not in (None, "NWC", "NHWC"):
        raise _err("MaxPool" if is_max else "AvgPool", "Default %sPoolingOp only supports NHWC on "
                   "device type CPU" % ("Max" if is_max else "Avg"))
    x = convert_to_tensor(input)
    k, s = _int_list(ksize), _int_list(strides)
    k = [1] + k if len(k) == 1 else k[:1] + [1] + k[1:]
    s = [1] + s if len(s) == 1 else s[:1] + [1] + s[1:]
    if not isinstance(padding, (str, bytes)):
        pairs = [list(p) for p in padding]
        padding = pairs[:1] + [[0, 0]] + pairs[1:]
    shape = x._v.shape
    if len(shape) != 3:
        raise ValueError("`input.shape.rank` must be 3. Received: input.shape=%s of rank %d" % (
            tuple(shape), len(shape)))
    y = _pool(2, is_max, _reshape(x, shape=shape[:1] + (1,) + shape[1:]), k, s, padding, None)
    return _reshape(y, shape=y._v.shape[:1] + y._v.shape[2:])


@export("nn.max_pool2d")
def max_pool2d(input, ksize, strides, padding, data_format="NHWC", name=None):
    """Maximum over each ksize window of NHWC input."""
    return _pool(2, True, input, ksize, strides, padding, data_format)


@export("nn.avg_pool2d")
def avg_pool2d(input, ksize, strides, padding, data_format="NHWC", name=None):
    """Mean over each ksize window of NHWC input (padding excluded from the mean)."""
    return _pool(2, False, input, ksize, strides, padding, data_format)


@export("nn.max_pool3d")
def max_pool3d(input, ksize, strides, padding, data_format="NDHWC", name=None):
    """Maximum over each ksize window of NDHWC input."""
    return _pool(3, True, input, ksize, strides, padding, data_format)


@export("nn.avg_pool3d")
def avg_pool3d(input, ksize, strides, padding, data_format="NDHWC", name=None):
    """Mean over each ksize window of NDHWC input."""
    return _pool(3, False, input, ksize, strides, padding, data_format)


@export("nn.max_pool1d")
def max_pool1d(input, ksize, strides, padding, data_format="NWC", name=None):
    """Maximum over each window of NWC input (MaxPool over a length-1 axis)."""
    return _pool1d(True, input, ksize, strides, padding, data_format)


@export("nn.avg_pool1d")
def avg_pool1d(input, ksize, strides, padding, data_format="NWC", name=None):
    """Mean over each window of NWC input (AvgPool over a length-1 axis)."""
    return _pool1d(False, input, ksize, strides, padding, data_format)


def _pool_nd(is_max, input, ksize, strides, padding, data_format):
    x = convert_to_tensor(input)
    rank = x._v.ndim
    if rank not in (3, 4, 5):
        raise ValueError("`input.shape.rank` must be 3, 4 or 5. Received: input.shape=%s of rank "
                         "%d." % (tuple(x._v.shape), rank))
    if rank == 3:
        return _pool1d(is_max, x, ksize, strides, padding, data_format)
    return _pool(rank - 2, is_max, x, ksize, strides, padding, data_format)


@export("nn.max_pool")
def max_pool(input, ksize, strides, padding, data_format=None, name=None):
    """Max pooling in 1, 2 or 3 spatial dimensions (from the input's rank)."""
    return _pool_nd(True, input, ksize, strides, padding, data_format)


@export("nn.avg_pool")
def avg_pool(input, ksize, strides, padding, data_format=None, name=None):
    """Average pooling in 1, 2 or 3 spatial dimensions (from the input's rank)."""
    return _pool_nd(False, input, ksize, strides, padding, data_format)
