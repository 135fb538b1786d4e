"""tf.nn: activations, softmax / log_softmax, bias_add, dropout, moments and batch normalization.

The hot path of an MLP is made of fused primitives with cheap gradient rules (Relu, BiasAdd,
Softmax, LogSoftmax, and the cross entropies of losses.py); the other activations are composites
of primitives.
"""
import numpy as np

from .. import dtypes as _dt
from .._export import export
from ..engine.primitive import primitive, FLOAT_TYPES, REAL, NUMERIC
from ..errors import InvalidArgumentError
from ..tensor import Tensor, convert_to_tensor, wrap
from ..tensor_shape import TensorShape
from ._args import _dims
from .cast import cast, zeros_like
from .comparison import _greater, _greater_equal, _less, _select, logical_and
from .elementwise import _add, _exp, _mul, _neg, _realdiv, _sub, rsqrt, squared_difference
from .gather_scatter import gather
from .misc import stop_gradient
from .random import _shape_list, uniform
from .run_time_shapes import dims, unknown
from .shape_query import shape as tf_shape
from .reduction import reduce_mean, reduce_sum
from .shape_ops import concat, squeeze
from .special import erfc, sigmoid
from .trig import tanh

_errstate = np.errstate


def _scalar(x, like):
    """A Python number as a scalar tensor of ``like``'s dtype (for gradient rules)."""
    return wrap(np.asarray(x, like._v.dtype))


# ---------------------------------------------------------------------------------------------
# relu family

@primitive("Relu", dtypes=REAL)
def _relu(x):
    return np.maximum(x, 0)


@primitive("ReluGrad", match=(0,))
def _relu_grad(g, ans):
    # TF's rule: 1 where the output is > 0, else 0 (also at x == 0)
    # a mask product (np.where is several times slower here), multiplied in place into the mask
    if g.shape != ans.shape:
        return g * (ans > 0)
    r = (ans > 0).astype(g.dtype)
    r *= g
    return r


@_relu.defvjp
def _(g, ans, x):
    return (_relu_grad(g, ans),)


@_relu_grad.defvjp
def _(gg, ans, g, a):
    # TF's _ReluGradGrad: zeros (not None) for the relu output, so relu's second derivative is 0
    return _relu_grad(gg, a), zeros_like(a)


@primitive("Relu6", dtypes=REAL)
def _relu6(x):
    return np.clip(x, x.dtype.type(0), x.dtype.type(6))


@_relu6.defvjp
def _(g, ans, x):
    inside = logical_and(_greater(x, _scalar(0, x)), _less(x, _scalar(6, x)))
    return (_select(inside, g, zeros_like(g)),)


@primitive("LeakyRelu", dtypes=FLOAT_TYPES)
def _leaky_relu(x, alpha):
    return np.where(x > 0, x, (x * x.dtype.type(alpha)).astype(x.dtype, copy=False))


@_leaky_relu.defvjp
def _(g, ans, x, alpha):
    return (_select(_greater(x, _scalar(0, x)), g, _mul(g, _scalar(alpha, g))),)


@primitive("Elu", dtypes=FLOAT_TYPES)
def _elu(x):
    with _errstate(all="ignore"):
        return np.where(x > 0, x, np.expm1(x)).astype(x.dtype, copy=False)


@_elu.defvjp
def _(g, ans, x):
    return (_select(_less(ans, _scalar(0, ans)), _mul(g, _add(ans, _scalar(1, ans))), g),)


_SELU_SCALE = 1.0507009873554804934193349852946
_SELU_ALPHA = 1.6732632423543772848170429916717


@primitive("Selu", dtypes=FLOAT_TYPES)
def _selu(x):
    with _errstate(all="ignore"):
        neg = x.dtype.type(_SELU_SCALE * _SELU_ALPHA) * np.expm1(x)
        return np.where(x > 0, x.dtype.type(_SELU_SCALE) * x, neg).astype(x.dtype,
                                                                                 copy=False)


@_selu.defvjp
def _(g, ans, x):
    neg = _mul(g, _add(ans, _scalar(_SELU_SCALE * _SELU_ALPHA, ans)))
    return (_select(_less(ans, _scalar(0, ans)), neg, _mul(g, _scalar(_SELU_SCALE, g))),)


relu = export("nn.relu", inputs=("features",))(_relu)


relu6 = export("nn.relu6", inputs=("features",))(_relu6)


@export("nn.leaky_relu")
def leaky_relu(features, alpha=0.2, name=None):
    """features where positive, alpha * features elsewhere (integers are computed in float32)."""
    x = convert_to_tensor(features)
    if x.dtype.is_integer:
        x = cast(x, _dt.float32)
    return _leaky_relu(x, alpha=float(alpha))


elu = export("nn.elu", inputs=("features",))(_elu)


selu = export("nn.selu", inputs=("features",))(_selu)


def _float_features(features):
    x = convert_to_tensor(features)
    if not x.dtype.is_floating:
        raise ValueError("`features.dtype` must be a floating point tensor.Received:features.dtype="
                         "%s" % (x.dtype,))
    return x


@export("nn.swish", "nn.silu")
def swish(features, beta=1.0, name=None):
    """features * sigmoid(beta * features) (SiLU)."""
    x = convert_to_tensor(features)
    if isinstance(beta, (int, float)) and beta == 1.0:
        return _mul(x, sigmoid(x))
    return _mul(x, sigmoid(_mul(convert_to_tensor(beta, dtype_hint=x.dtype), x)))



@export("nn.gelu")
def gelu(features, approximate=False, name=None):
    """Gaussian error linear unit: x * Phi(x) (erf form), or its tanh approximation."""
    x = _float_features(features)
    half = _scalar(0.5, x)
    if approximate:
        c = _scalar(0.044715, x)
        inner = _mul(_scalar(0.7978845608028654, x), _add(x, _mul(c, pow(x, _scalar(3, x)))))
        return _mul(_mul(half, x), _add(_scalar(1, x), tanh(inner)))
    return _mul(_mul(half, x), erfc(_mul(_neg(x), _scalar(0.7071067811865476, x))))


@export("nn.crelu")
def crelu(features, axis=-1, name=None):
    """Concatenates relu(features) and relu(-features) along axis."""
    x = convert_to_tensor(features)
    return concat([_relu(x), _relu(_neg(x))], axis)


# ---------------------------------------------------------------------------------------------
# softmax / log_softmax (primitives: cheap, stable rules)

_max_reduce = np.maximum.reduce
_add_reduce = np.add.reduce
_np_exp = np.exp
_np_log = np.log


def _softmax_np(x, axis):
    with _errstate(all="ignore"):
        return _softmax_quiet(x, axis)


def _softmax_quiet(x, axis):
    # np.max / np.sum's ufunc reductions, minus their Python wrappers
    try:
        m = _max_reduce(x, axis, None, None, True)
    except ValueError:  # an empty axis (no maximum): TF returns the empty tensor
        return x.copy()
    e = _np_exp(x - m)
    return e / _add_reduce(e, axis, None, None, True)


def _log_softmax_np(x, axis):
    with _errstate(all="ignore"):
        return _log_softmax_quiet(x, axis)


def _log_softmax_quiet(x, axis):
    try:
        s = x - _max_reduce(x, axis, None, None, True)
    except ValueError:  # an empty axis: TF returns the empty tensor
        return x.copy()
    return s - _np_log(_add_reduce(_np_exp(s), axis, None, None, True))


@primitive("Softmax", dtypes=FLOAT_TYPES, quiet=True)
def _softmax(x, axis):
    return _softmax_quiet(x, axis)


@_softmax.defvjp
def _(g, ans, x, axis):
    gy = _mul(g, ans)
    return (_sub(gy, _mul(ans, reduce_sum(gy, axis, keepdims=True))),)


@primitive("LogSoftmax", dtypes=FLOAT_TYPES, quiet=True)
def _log_softmax(x, axis):
    return _log_softmax_quiet(x, axis)


@_log_softmax.defvjp
def _(g, ans, x, axis):
    return (_sub(g, _mul(_exp(ans), reduce_sum(g, axis, keepdims=True))),)


def _softmax_axis(x, axis, op):
    nd = x._v.ndim
    if axis is None:
        axis = -1
    if not (axis == -1 or axis == nd - 1) and nd:
        # TF's _wrap_2d_function: a Python range check ('<=' of a str axis: TypeError), then the
        # transposing perm built with range() (a non-integral axis: Range's error)
        if not -nd <= axis < nd:
            raise InvalidArgumentError(None, op, (
                "`dim` must be in the range [%d, %d) where %d is the number of dimensions in the "
                "input. Received: dim=%s") % (-nd, nd, nd, axis))
        if isinstance(axis, float) and not axis.is_integer():
            raise InvalidArgumentError(None, "Range", "Requires start <= limit when delta > 0: "
                                       "%g/%d [Op:Range]" % (axis % nd + 1, nd - 1))
    axis = int(axis)
    if nd == 0:
        raise InvalidArgumentError(None, op, "logits must have >= 1 dimension, got [] [Op:%s]" % op)
    if not -nd <= axis < nd:
        raise InvalidArgumentError(None, op, (
            "`dim` must be in the range [%d, %d) where %d is the number of dimensions in the "
            "input. Received: dim=%d") % (-nd, nd, nd, axis))
    return axis % nd


@export("math.softmax", "nn.softmax")
def softmax(logits, axis=None, name=None):
    """exp(logits) / reduce_sum(exp(logits), axis), stable for large logits."""
    if type(logits) is Tensor and axis is None and logits._v.ndim:
        return _softmax(logits, axis=logits._v.ndim - 1)
    x = convert_to_tensor(logits)
    return _softmax(x, axis=_softmax_axis(x, axis, "Softmax"))


@export("math.log_softmax", "nn.log_softmax")
def log_softmax(logits, axis=None, name=None):
    """logits - log(reduce_sum(exp(logits), axis)), stable for large logits."""
    if type(logits) is Tensor and axis is None and logits._v.ndim:
        return _log_softmax(logits, axis=logits._v.ndim - 1)
    x = convert_to_tensor(logits)
    return _log_softmax(x, axis=_softmax_axis(x, axis, "LogSoftmax"))


# ---------------------------------------------------------------------------------------------
# bias_add

@primitive("BiasAdd", dtypes=NUMERIC)
def _bias_add(x, b, channel_axis):
    if x.ndim < 2:
        raise InvalidArgumentError(None, "BiasAdd", "Input tensor must be at least 2D: %s "
                                   "[Op:BiasAdd]" % _dims(x.shape))
    if b.ndim != 1:
        raise InvalidArgumentError(None, "BiasAdd", "Biases must be 1D: %s [Op:BiasAdd]" %
                                   _dims(b.shape))
    c = x.shape[channel_axis]
    if b.shape[0] != c:
        raise InvalidArgumentError(None, "BiasAdd", (
            "Must provide as many biases as the last dimension of the input tensor: %s vs. %s "
            "[Op:BiasAdd]") % (_dims(b.shape), _dims(x.shape)))
    if channel_axis == x.ndim - 1:
        return x + b
    return x + b.reshape((c,) + (1,) * (x.ndim - channel_axis - 1))


@_bias_add.defvjp
def _(g, ans, x, b, channel_axis):
    axes = [k for k in range(g._v.ndim) if k != channel_axis]
    return g, reduce_sum(g, axes)


@export("nn.bias_add")
def bias_add(value, bias, data_format=None, name=None):
    """Adds a 1-D bias along the channel axis (last for NHWC/None, 1 for NC...)."""
    value = convert_to_tensor(value)
    bias = convert_to_tensor(bias, dtype_hint=value.dtype)
    if data_format is not None and data_format.startswith("NC") and value._v.ndim >= 2:
        axis = 1
    else:
        axis = max(value._v.ndim - 1, 0)
    return _bias_add(value, bias, channel_axis=axis)


# ---------------------------------------------------------------------------------------------
# dropout, moments, batch normalization, embedding lookup

@export("nn.dropout")
def dropout(x, rate, noise_shape=None, seed=None, name=None):
    """Zeroes elements with probability rate and scales the rest by 1 / (1 - rate)."""
    x = convert_to_tensor(x)
    if not x.dtype.is_floating:
        raise ValueError("`x.dtype` must be a floating point tensor as `x` will be scaled. "
                         "Received: x_dtype=%s" % (x.dtype,))
    dt = x._v.dtype
    if isinstance(rate, Tensor):  # TF: x / (1 - rate), rate cast to x's dtype
        rate = rate if rate.dtype == x.dtype else cast(rate, x.dtype)
        kept = _realdiv(x, _sub(wrap(np.ones((), dt)), rate))
    else:
        if isinstance(rate, (int, float)) and not 0 <= rate < 1:
            raise ValueError("`rate` must be a scalar tensor or a float in the range [0, 1). "
                             "Received: rate=%s" % (rate,))
        r = float(rate)
        if r == 0:
            return x
        kept = _mul(x, wrap(np.asarray(1.0 / (1.0 - r), dt)))
        rate = wrap(np.asarray(r, dt))
    # the mask is a traced RandomUniform of x's dtype (TF's stream): a graph draws a fresh one on
    # every run, and its shape may be known only then
    if noise_shape is None:
        shape = tf_shape(x) if unknown(x) else x._v.shape
    else:
        shape = _noise_shape(x, noise_shape)
    u = uniform(shape, dtype=x.dtype, seed=seed)
    return _select(_greater_equal(u, rate), kept, wrap(np.zeros((), dt)))


def _noise_shape(x, noise_shape):
    """dropout's noise_shape with its Nones taken from x's static shape, checked to broadcast
    against x."""
    if isinstance(noise_shape, Tensor) and type(noise_shape) is not Tensor:
        return noise_shape  # a graph tensor: TF checks nothing while tracing
    want = tuple(_shape_list(noise_shape))
    have = dims(x)
    target = tuple(have[k] if d is None and k < len(have) else d for k, d in enumerate(want))
    if None in target:  # (TF converts the shape with x's unknown sizes to a tensor)
        raise ValueError("Cannot convert a partially known TensorShape %s to a Tensor." % (
            TensorShape(target),))
    example = tuple(d if d is not None else x._v.shape[k] for k, d in enumerate(have))
    try:
        np.broadcast_shapes(target, example)
    except ValueError:  # TF selects with the mask: SelectV2's error
        raise InvalidArgumentError(None, "SelectV2", (
            "condition %s, then %s, and else [] must be broadcastable [Op:SelectV2]") % (
                _dims(target), _dims(example))) from None
    return target


@export("nn.moments")
def moments(x, axes, shift=None, keepdims=False, name=None):
    """Mean and variance of x over axes (float16 is computed in float32)."""
    if not hasattr(x, "dtype"):  # TF reads x.dtype before converting
        raise AttributeError("'%s' object has no attribute 'dtype'" % type(x).__name__)
    x = convert_to_tensor(x)
    y = cast(x, _dt.float32) if x.dtype is _dt.float16 else x
    # TF's steps: the reductions check axes (range, duplicates, dtype), squeeze takes a list
    mean = reduce_mean(y, axes, keepdims=True)
    m0 = stop_gradient(mean)
    variance = reduce_mean(squared_difference(y, m0), axes, keepdims=True)
    if not keepdims:
        mean = squeeze(mean, axes)
        variance = squeeze(variance, axes)
    if x.dtype is _dt.float16:
        return cast(mean, _dt.float16), cast(variance, _dt.float16)
    return mean, variance


@export("nn.batch_normalization")
def batch_normalization(x, mean, variance, offset, scale, variance_epsilon, name=None):
    """(x - mean) * scale / sqrt(variance + epsilon) + offset."""
    x = convert_to_tensor(x)
    dt = x.dtype
    mean = convert_to_tensor(mean, dtype_hint=dt)
    variance = convert_to_tensor(variance, dtype_hint=dt)
    inv = rsqrt(_add(variance, convert_to_tensor(variance_epsilon, dtype_hint=variance.dtype)))
    if scale is not None:
        inv = _mul(inv, convert_to_tensor(scale, dtype_hint=dt))
    shift = _mul(mean, inv)
    if offset is not None:
        shift = _sub(convert_to_tensor(offset, dtype_hint=dt), shift)
    else:
        shift = _neg(shift)
    return _add(_mul(x, cast(inv, dt)), cast(shift, dt))


@export("nn.embedding_lookup")
def embedding_lookup(params, ids, max_norm=None, name=None):
    """Rows of params (a tensor, or a one-element list) selected by ids."""
    if isinstance(params, (list, tuple)):
        if len(params) != 1:
            raise NotImplementedError("embedding_lookup over several sharded params")
        params = params[0]
    return gather(params, ids)
