"""Convolutions: conv1d/conv2d/conv3d, convolution, depthwise_conv2d and the transposed forms.

Three primitives per rank, each the others' gradient: the convolution ``Conv(x, w)``, its input
gradient ``BackpropInput(w, g)`` (also ``conv2d_transpose``) and its filter gradient
``BackpropFilter(x, g)``. All three are bilinear, so the rules below are again made of the three
primitives and nested tapes give second derivatives. conv1d and depthwise_conv2d are composites over
Conv2D (a length-1 axis; a grouped filter) as in TF, so their errors name Conv2D. Only channels-last
layouts run: TF's CPU kernels refuse NCHW too, and eagerflow raises the same error.
"""
import numpy as np

from .._export import export
from ..engine.primitive import Primitive, FLOAT_TYPES
from ..errors import UnimplementedError
from ..tensor import Tensor, convert_to_tensor
from ._args import _dims, _err, _int_list, run_time_shape
from . import _windows as _W
from .broadcast import _reshape
from . import run_time_shapes as R

_INT32 = frozenset([np.dtype(np.int32)])


# ---------------------------------------------------------------------------------------------
# geometry: TF's kernel checks and errors

def _check_attrs(op, strides, dilations):
    if min(strides) <= 0:
        raise _err(op, "Row and column strides should be larger than 0." if len(strides) == 2 else
                   "Sliding window strides field must specify %d dimensions" % (len(strides) + 2))
    if min(dilations) <= 0:
        raise _err(op, "Dilated rates should be larger than 0.")


def _geometry(op, xshape, wshape, strides, padding, dilations, prefix=""):
    """TF's checks of one convolution; -> (pads, outs)."""
    nd = len(strides)
    _check_attrs(op, strides, dilations)
    if len(xshape) != nd + 2:
        raise _err(op, "%sconvolution input must be %d-dimensional: %s" % (prefix, nd + 2,
                                                                         _dims(xshape)))
    if len(wshape) != nd + 2:
        raise _err(op, "%sconvolution filter must be %d-dimensional: %s" % (prefix, nd + 2,
                                                                          _dims(wshape)))
    c, fc, o = xshape[-1], wshape[-2], wshape[-1]
    if fc <= 0:
        raise _err(op, "%sfilter depth must be stricly positive, got %d" % (prefix, fc))
    if c % fc:
        raise _err(op, "%sinput depth must be evenly divisible by filter depth: %d vs %d" % (
            prefix, c, fc))
    if o % (c // fc):
        raise _err(op, "%soutput depth must be evenly divisible by number of groups: %d vs %d" % (
            prefix, o, c // fc))
    pads, outs = _W.resolve(xshape[1:-1], wshape[:nd], strides, dilations, padding)
    for n, k, s, d, out in zip(xshape[1:-1], wshape[:nd], strides, dilations, outs):
        if out < 0:
            raise _err(op, "%sComputed output size would be negative: %d [input_size: %d, "
                       "effective_filter_size: %d, stride: %d]" % (prefix, out, n,
                                                                 _W.effective(k, d), s))
    return pads, outs


# ---------------------------------------------------------------------------------------------
# the primitives, one family per spatial rank

def _family(nd, names, dtypes):
    conv_name, bpi_name, bpf_name = names

    def conv_fwd(x, w, strides, padding, dilations):
        pads, outs = _geometry(conv_name, x.shape, w.shape, strides, padding, dilations)
        return _W.conv(x, w, strides, pads, dilations, outs)

    def bpi_fwd(w, g, input_sizes, strides, padding, dilations):
        input_sizes = R.with_batch(input_sizes, g)
        pads, outs = _geometry(bpi_name, input_sizes, w.shape, strides, padding, dilations,
                               "Conv%dDCustomBackpropInput: " % nd)
        _check_backprop(bpi_name, "Conv%dDCustomBackpropInput: " % nd, input_sizes, w.shape,
                        g.shape, outs, strides, dilations)
        return _W.conv_backprop_input(w, g, tuple(input_sizes), strides, pads, dilations, outs)

    def bpf_fwd(x, g, filter_sizes, strides, padding, dilations):
        pads, outs = _geometry(bpf_name, x.shape, filter_sizes, strides, padding, dilations,
                               "Conv%dDBackpropFilter: " % nd)
        _check_backprop(bpf_name, "Conv%dDBackpropFilter: " % nd, x.shape, filter_sizes,
                        g.shape, outs, strides, dilations)
        return _W.conv_backprop_filter(x, g, tuple(filter_sizes), strides, pads, dilations, outs)

    conv = Primitive(conv_name, conv_fwd, dtypes=dtypes)
    bpi = Primitive(bpi_name, bpi_fwd, dtypes=dtypes)
    bpf = Primitive(bpf_name, bpf_fwd, dtypes=dtypes)

    @conv.defvjp(needs=True)
    def _(g, ans, x, w, _needs=(True, True), **a):
        return (bpi(w, g, input_sizes=R.batch_sizes(x), **a) if _needs[0] else None,
                bpf(x, g, filter_sizes=w._v.shape, **a) if _needs[1] else None)

    @bpi.defvjp(needs=True)
    def _(gz, ans, w, g, input_sizes, _needs=(True, True), **a):
        # <bpi(w, g), z> = <g, conv(z, w)>: linear in each of w and g
        return (bpf(gz, g, filter_sizes=w._v.shape, **a) if _needs[0] else None,
                conv(gz, w, **a) if _needs[1] else None)

    @bpf.defvjp(needs=True)
    def _(gz, ans, x, g, filter_sizes, _needs=(True, True), **a):
        # <bpf(x, g), z> = <g, conv(x, z)>
        return (bpi(gz, g, input_sizes=R.batch_sizes(x), **a) if _needs[0] else None,
                conv(x, gz, **a) if _needs[1] else None)

    return conv, bpi, bpf


def _check_backprop(op, prefix, xshape, wshape, gshape, outs, strides, dilations):
    if len(gshape) != len(xshape):
        raise _err(op, "%sout_backprop must be %d-dimensional" % (prefix, len(xshape)))
    if gshape[0] != xshape[0]:
        raise _err(op, "%sinput and out_backprop must have the same batch size" % prefix)
    if gshape[-1] != wshape[-1]:
        raise _err(op, "%sfilter and out_backprop must have the same out_depth" % prefix)
    for k, (actual, computed) in enumerate(zip(gshape[1:-1], outs)):
        if actual != computed:
            raise _err(op, "%sSize of out_backprop doesn't match computed: actual = %d, computed = "
                       "%d spatial_dim: %d input: %d filter: %d output: %d stride: %d dilation: %d"
                       % (prefix, actual, computed, k + 1, xshape[k + 1], wshape[k], actual,
                          strides[k], dilations[k]))


_conv2d, _conv2d_bpi, _conv2d_bpf = _family(
    2, ("Conv2D", "Conv2DBackpropInput", "Conv2DBackpropFilter"), FLOAT_TYPES | _INT32)
_conv3d, _conv3d_bpi, _conv3d_bpf = _family(
    3, ("Conv3D", "Conv3DBackpropInputV2", "Conv3DBackpropFilterV2"), FLOAT_TYPES)
_PRIMS = {2: (_conv2d, _conv2d_bpi), 3: (_conv3d, _conv3d_bpi)}


def _run_time_sizes(bpi):
    """``bpi`` taking its input_sizes as its last input: conv_transpose's output_shape where a
    graph computes it as it runs."""
    def fwd(w, g, sizes, **attrs):
        return bpi.fwd(w, g, input_sizes=tuple(int(d) for d in sizes.reshape(-1)), **attrs)
    fwd.__name__ = bpi.name + "Dynamic"
    prim = Primitive(fwd.__name__, fwd, dtypes=bpi.dtypes, match=(0, 1), value_shape=True)
    prim.defvjp(lambda gz, ans, w, g, sizes, **a: tuple(bpi.vjp(gz, ans, w, g, None, **a)) +
                (None,))
    return prim


_BPI_RUN_TIME = {nd: _run_time_sizes(bpi) for nd, (_, bpi) in _PRIMS.items()}


# ---------------------------------------------------------------------------------------------
# argument parsing shared with pooling

def spatial_arg(v, nd, what, op, channel_axis=-1):
    """strides / dilations / ksize: an int or a list of 1, nd or nd + 2 ints -> nd ints."""
    vals = [1] if v is None else _int_list(v)
    n = len(vals)
    if n == 1:
        return (vals[0],) * nd
    if n == nd:
        return tuple(vals)
    if n == nd + 2:
        ch = vals[channel_axis]
        if vals[0] != 1 or ch != 1:
            raise UnimplementedError(None, op, "Current implementation does not yet support %s in "
                                     "the batch and depth dimensions. [Op:%s]" % (what, op))
        return tuple(vals[1:-1] if channel_axis == -1 else vals[2:])
    raise ValueError("%s should be of length 1, %d or %d. Received: %s=%s of length %d" % (
        what, nd, nd + 2, what, v, n))


def padding_arg(padding, nd, op, explicit=True):
    """"SAME" / "VALID" / explicit [[0, 0], [lo, hi] ..., [0, 0]] (channels last) -> attribute."""
    if isinstance(padding, bytes):
        padding = padding.decode()
    if isinstance(padding, str):
        if padding not in ("SAME", "VALID"):
            allowed = '"SAME", "VALID", "EXPLICIT"' if explicit else '"SAME", "VALID"'
            raise _err(op, "Value for attr 'padding' of \"%s\" is not in the list of allowed "
                       "values: %s\n\t; NodeDef: {{node %s}}" % (padding, allowed, op))
        return padding
    if not explicit:
        raise TypeError("Expected string for argument 'padding' not %r." % (padding,))
    pairs = [_int_list(p) for p in padding]
    if len(pairs) != nd + 2:
        raise ValueError("When padding is a list, it must be of size %d. Received: padding=%s of "
                         "size %d" % (nd + 2, padding, len(pairs)))
    if any(len(p) != 2 for p in pairs):
        raise ValueError("When padding is a list, each element of padding must be a list/tuple of "
                         "size 2. Received: padding=%s" % (padding,))
    if any(pairs[0]) or any(pairs[-1]):
        raise _err(op, "Nonzero explicit padding in the batch or depth dimensions is not "
                   "supported")
    if any(d < 0 for p in pairs for d in p):
        raise _err(op, "All elements of explicit_paddings must be nonnegative")
    return tuple(tuple(p) for p in pairs[1:-1])


def check_format(data_format, allowed, op):
    """A data format TF's op knows; the channels-first ones (accepted by the op, refused by TF's CPU
    kernel) return False."""
    if data_format is None or data_format == allowed[0]:
        return True
    if data_format not in allowed:
        raise _err(op, "Value for attr 'data_format' of \"%s\" is not in the list of allowed "
                   "values: %s\n\t; NodeDef: {{node %s}}" % (
                       data_format, ", ".join('"%s"' % a for a in allowed), op))
    return False


def _nchw_error(op, fmt):
    return UnimplementedError(None, op, "The %s op currently only supports the %s tensor format on "
                              "the CPU. The op was given the format: %s [Op:%s]" % (
                                  op, "NHWC" if op == "Conv2D" else "NDHWC", fmt, op))


def batch_folded(fn, x, nd):
    """fn on x with its leading batch axes folded into one (TF's squeeze_batch_dims)."""
    s = x._v.shape
    if len(s) <= nd + 2:
        return fn(x)
    y = fn(_reshape(x, shape=(-1,) + s[-nd - 1:]))
    return _reshape(y, shape=s[:-nd - 1] + y._v.shape[1:])


# ---------------------------------------------------------------------------------------------
# public API

def _conv_nd(nd, input, filters, strides, padding, data_format, dilations, formats):
    conv = _PRIMS[nd][0]
    op = conv.name
    x, w = conv.convert((input, filters))
    cl = check_format(data_format, formats, op)
    s = spatial_arg(strides, nd, "strides", op, -1 if cl else 1)
    d = spatial_arg(dilations, nd, "dilations", op, -1 if cl else 1)
    p = padding_arg(padding, nd, op)
    if not cl:
        _check_attrs(op, s, d)
        xs, ws = x._v.shape, w._v.shape
        if len(xs) == nd + 2 and len(ws) == nd + 2 and ws[-2] and xs[1] % ws[-2]:
            raise _err(op, "input depth must be evenly divisible by filter depth: %d vs %d" % (
                xs[1], ws[-2]))
        raise _nchw_error(op, data_format)
    return batch_folded(lambda t: conv(t, w, strides=s, padding=p, dilations=d), x, nd)


@export("nn.conv2d")
def conv2d(input, filters, strides, padding, data_format="NHWC", dilations=None, name=None):
    """2-D convolution of NHWC input with [h, w, in / groups, out] filters."""
    return _conv_nd(2, input, filters, strides, padding, data_format, dilations, ("NHWC", "NCHW"))


@export("nn.conv3d")
def conv3d(input, filters, strides, padding, data_format="NDHWC", dilations=None, name=None):
    """3-D convolution of NDHWC input with [d, h, w, in / groups, out] filters."""
    if not isinstance(strides, (list, tuple)):  # TF's conv3d takes only the 5-element form
        raise TypeError("Expected list for 'strides' argument to 'conv3d' Op, not %s." % (
            strides,))
    if len(strides) < 5:
        raise _err("Conv3D", "Length for attr 'strides' of %d must be at least minimum 5\n\t; "
                   "NodeDef: {{node Conv3D}}" % len(strides))
    return _conv_nd(3, input, filters, strides, padding, data_format, dilations,
                    ("NDHWC", "NCDHW"))


def _expand1d(v, what):
    """A conv1d stride/dilation (int or list of 1 or 3) as conv2d's."""
    vals = [1] if v is None else _int_list(v)
    if len(vals) == 1:
        return [1, vals[0]]
    if len(vals) == 3:
        return [vals[0], 1, vals[1], vals[2]]
    raise ValueError("%s should be of length 1 or 3. Received: %s=%s of length %d" % (
        what, what, v, len(vals)))


@export("nn.conv1d")
def conv1d(input, filters, stride, padding, data_format="NWC", dilations=None, name=None):
    """1-D convolution of NWC input with [w, in, out] filters (a Conv2D over a length-1 axis)."""
    x, w = _conv2d.convert((input, filters))
    if data_format not in (None, "NWC", "NHWC", "NCW", "NCHW"):
        raise ValueError("`data_format` must be 'NWC' or 'NCW'. Received: data_format=%s" % (
            data_format,))
    cl = data_format in (None, "NWC", "NHWC")
    axis = x._v.ndim - 2 if cl else x._v.ndim - 1
    pad = padding
    if not isinstance(padding, (str, bytes)):
        pairs = [list(p) for p in padding]
        pad = pairs[:1] + [[0, 0]] + pairs[1:] if cl else pairs[:2] + [[0, 0]] + pairs[2:]
    dx = R.dims(x)  # (an unknown batch or length is read when the graph runs)
    x4 = R.reshape(x, dx[:axis] + (1,) + dx[axis:], x)
    w4 = _reshape(w, shape=(1,) + w._v.shape)
    y = conv2d(x4, w4, _expand1d(stride, "stride"), pad, "NHWC" if cl else "NCHW",
               _expand1d(dilations, "dilations"))
    dy = R.dims(y)
    return R.reshape(y, dy[:axis] + dy[axis + 1:], y)


@export("nn.convolution", "nn.conv")
def convolution(input, filters, strides=None, padding="VALID", data_format=None, dilations=None,
                name=None):
    """N-D convolution (N = 1, 2, 3 from the filter's rank), channels last."""
    w = convert_to_tensor(filters) if not isinstance(filters, Tensor) else filters
    nd = w._v.ndim - 2
    if nd not in (1, 2, 3):
        raise ValueError("`filters.shape.rank` must be 3, 4 or 5. Received: filters.shape=%s" % (
            w.shape,))
    s = [1] * nd if strides is None else _int_list(strides)
    d = [1] * nd if dilations is None else _int_list(dilations)
    s, d = (s * nd if len(s) == 1 else s), (d * nd if len(d) == 1 else d)
    if len(s) != nd or len(d) != nd:
        raise ValueError("strides and dilations must have length %d. Received: strides=%s, "
                         "dilations=%s" % (nd, strides, dilations))
    if max(s) > 1 and max(d) > 1:
        raise ValueError("`strides > 1` not supported in conjunction with `dilation_rate > 1`. "
                         "Received: strides=%s and dilation_rate=%s" % (
                             np.array(s), np.array(d)))
    if nd == 1:
        return conv1d(input, w, s, padding, data_format or "NWC", d)
    if nd == 2:
        return conv2d(input, w, s, padding, data_format, d)
    return _conv_nd(3, input, w, s, padding, data_format, d, ("NDHWC", "NCDHW"))


@export("nn.depthwise_conv2d")
def depthwise_conv2d(input, filter, strides, padding, data_format=None, dilations=None,
                     name=None):
    """Per-channel 2-D convolution: [h, w, in, multiplier] filters give in * multiplier channels
    (a grouped Conv2D, one group per input channel)."""
    op = "DepthwiseConv2dNative"
    if not isinstance(strides, (list, tuple)):
        raise TypeError("Expected list for 'strides' argument to 'depthwise_conv2d_native' Op, "
                        "not %s." % (strides,))
    x, w = _conv2d.convert((input, filter))
    if x._v.dtype not in FLOAT_TYPES:
        raise _err(op, "Value for attr 'T' of %s is not in the list of allowed values: half, "
                   "bfloat16, float, double" % x.dtype.name)
    cl = check_format(data_format, ("NHWC", "NCHW"), op)
    p = padding_arg(padding, 2, op)
    if not cl:
        raise _err(op, "Current implementation only supports NHWC tensor format.")
    ws = w._v.shape
    if len(ws) != 4:
        raise _err(op, "filter must be 4-dimensional: %s" % _dims(ws))
    xs = x._v.shape
    if len(xs) != 4:
        raise _err(op, "input must be 4-dimensional: %s" % _dims(xs))
    if xs[-1] != ws[2]:
        raise _err(op, "input and filter must have the same depth: %d vs %d" % (xs[-1], ws[2]))
    s = spatial_arg(strides, 2, "strides", op)
    d = spatial_arg(dilations, 2, "dilations", op)
    wg = _reshape(w, shape=ws[:2] + (1, ws[2] * ws[3]))
    if not ws[2] * ws[3]:
        raise _err(op, "filter must not be empty: %s" % _dims(ws))
    return _conv2d(x, wg, strides=s, padding=p, dilations=d)


def _transpose_nd(nd, input, filters, output_shape, strides, padding, data_format, dilations,
                  formats):
    conv, bpi = _PRIMS[nd]
    op = bpi.name
    w, g = bpi.convert((filters, input))
    cl = check_format(data_format, formats, op)
    s = spatial_arg(strides, nd, "strides", op)
    d = spatial_arg(dilations, nd, "dilations", op)
    p = padding_arg(padding, nd, op)
    if not cl:
        raise _nchw_error(conv.name, data_format)
    dynamic = run_time_shape(output_shape)
    if dynamic is not None and dynamic.shape.as_list() == [nd + 2]:
        return _BPI_RUN_TIME[nd](w, g, dynamic, strides=s, padding=p, dilations=d)
    sizes = tuple(_int_list(output_shape))
    if len(sizes) != nd + 2:
        raise _err(op, "Conv%dDCustomBackpropInput: input_sizes must be %d-dimensional, got: %d"
                   % (nd, nd + 2, len(sizes)))
    return bpi(w, g, input_sizes=sizes, strides=s, padding=p, dilations=d)


@export("nn.conv2d_transpose")
def conv2d_transpose(input, filters, output_shape, strides, padding="SAME", data_format="NHWC",
                     dilations=None, name=None):
    """The transpose (gradient) of conv2d: [h, w, out, in] filters, NHWC output of output_shape."""
    return _transpose_nd(2, input, filters, output_shape, strides, padding, data_format,
                         dilations, ("NHWC", "NCHW"))


@export("nn.conv3d_transpose")
def conv3d_transpose(input, filters, output_shape, strides, padding="SAME", data_format="NDHWC",
                     dilations=None, name=None):
    """The transpose (gradient) of conv3d."""
    return _transpose_nd(3, input, filters, output_shape, strides, padding, data_format,
                         dilations, ("NDHWC", "NCDHW"))


@export("nn.conv1d_transpose")
def conv1d_transpose(input, filters, output_shape, strides, padding="SAME", data_format="NWC",
                     dilations=None, name=None):
    """The transpose (gradient) of conv1d: a conv2d_transpose over a length-1 axis."""
    if data_format not in (None, "NWC"):
        raise _nchw_error("Conv2D", "NCHW")
    g, w = _conv2d.convert((input, filters))
    dynamic = run_time_shape(output_shape)
    if dynamic is not None:
        out = [dynamic[0], 1, dynamic[1], dynamic[2]]
    else:
        out = _int_list(output_shape)
        out = [out[0], 1] + out[1:]
    dg = R.dims(g)
    g4 = R.reshape(g, dg[:1] + (1,) + dg[1:], g)
    w4 = _reshape(w, shape=(1,) + w._v.shape)
    y = conv2d_transpose(g4, w4, out, _expand1d(strides, "strides"), padding, "NHWC",
                         _expand1d(dilations, "dilations"))
    dy = R.dims(y)
    return R.reshape(y, dy[:1] + dy[2:], y)
