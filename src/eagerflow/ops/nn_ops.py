"""tf.nn: activations, softmax and the cross-entropy losses, bias_add, dropout, moments and
batch normalization.

The hot path of an MLP is made of fused primitives with cheap gradient rules (Relu, BiasAdd,
Softmax, LogSoftmax, SoftmaxCrossEntropyWithLogits, SparseSoftmaxCrossEntropyWithLogits); the other
activations and losses are composites of primitives.
"""
import numpy as np

from .. import dtypes as _dt
from .. import _accel
from ..engine.primitive import primitive, FLOAT_TYPES, REAL, NUMERIC, STATE as _STATE
from ..errors import InvalidArgumentError
from ..tensor import Tensor, convert_to_tensor, wrap
from . import math_ops as _m
from .math_ops import (sigmoid, tanh, softplus, softsign, _add, _sub, _mul, _neg, _exp, _select,
                       _greater, _greater_equal, _less)
from .reduction_ops import reduce_sum
from .array_ops import _reshape

__all__ = []
MATH = ["softmax", "log_softmax"]
NN = ["relu", "relu6", "leaky_relu", "elu", "selu", "softplus", "softsign", "swish", "silu",
      "gelu", "sigmoid", "tanh", "softmax", "log_softmax", "softmax_cross_entropy_with_logits",
      "sparse_softmax_cross_entropy_with_logits", "sigmoid_cross_entropy_with_logits",
      "weighted_cross_entropy_with_logits", "l2_loss", "bias_add", "dropout", "moments",
      "batch_normalization", "log_poisson_loss", "embedding_lookup", "crelu"]

_REAL_NOBOOL = REAL
_errstate = np.errstate
_QUIET = _accel.QUIET  # NumPy's errstate context variable and its all-ignore value, or None


def _scalar(x, like):
    """A Python number as a scalar tensor of ``like``'s dtype (for gradient rules)."""
    return wrap(np.asarray(x, like._v.dtype))


def _dims(shape):
    return "[%s]" % ",".join(str(d) for d in shape)


# ---------------------------------------------------------------------------------------------
# relu family

@primitive("Relu", dtypes=_REAL_NOBOOL)
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
    return _relu_grad(gg, a), None


@primitive("Relu6", dtypes=_REAL_NOBOOL)
def _relu6(x):
    return np.clip(x, np.zeros((), x.dtype), np.asarray(6, x.dtype))


@_relu6.defvjp
def _(g, ans, x):
    inside = _m.logical_and(_greater(x, _scalar(0, x)), _less(x, _scalar(6, x)))
    return (_select(inside, g, _m.zeros_like(g)),)


@primitive("LeakyRelu", dtypes=FLOAT_TYPES)
def _leaky_relu(x, alpha):
    return np.where(x > 0, x, (x * np.asarray(alpha, x.dtype)).astype(x.dtype, copy=False))


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
        neg = np.asarray(_SELU_SCALE * _SELU_ALPHA, x.dtype) * np.expm1(x)
        return np.where(x > 0, np.asarray(_SELU_SCALE, x.dtype) * x, neg).astype(x.dtype,
                                                                                 copy=False)


@_selu.defvjp
def _(g, ans, x):
    neg = _mul(g, _add(ans, _scalar(_SELU_SCALE * _SELU_ALPHA, ans)))
    return (_select(_less(ans, _scalar(0, ans)), neg, _mul(g, _scalar(_SELU_SCALE, g))),)


def relu(features, name=None):
    """max(features, 0)."""
    return _relu(features)


def relu6(features, name=None):
    """min(max(features, 0), 6)."""
    return _relu6(features)


def leaky_relu(features, alpha=0.2, name=None):
    """features where positive, alpha * features elsewhere (integers are computed in float32)."""
    x = convert_to_tensor(features)
    if x.dtype.is_integer:
        x = _m.cast(x, _dt.float32)
    return _leaky_relu(x, alpha=float(alpha))


def elu(features, name=None):
    """features where positive, exp(features) - 1 elsewhere."""
    return _elu(features)


def selu(features, name=None):
    """scale * elu(features) with the SELU constants (alpha 1.6733, scale 1.0507)."""
    return _selu(features)


def _float_features(features):
    x = convert_to_tensor(features)
    if not x.dtype.is_floating:
        raise ValueError("`features.dtype` must be a floating point tensor.Received:features.dtype="
                         "%s" % (x.dtype,))
    return x


def swish(features, beta=1.0, name=None):
    """features * sigmoid(beta * features) (SiLU)."""
    x = convert_to_tensor(features)
    if isinstance(beta, (int, float)) and beta == 1.0:
        return _mul(x, sigmoid(x))
    return _mul(x, sigmoid(_mul(convert_to_tensor(beta, dtype_hint=x.dtype), x)))


silu = swish


def gelu(features, approximate=False, name=None):
    """Gaussian error linear unit: x * Phi(x) (erf form), or its tanh approximation."""
    x = _float_features(features)
    half = _scalar(0.5, x)
    if approximate:
        c = _scalar(0.044715, x)
        inner = _mul(_scalar(0.7978845608028654, x), _add(x, _mul(c, _m.pow(x, _scalar(3, x)))))
        return _mul(_mul(half, x), _add(_scalar(1, x), tanh(inner)))
    return _mul(_mul(half, x), _m.erfc(_mul(_neg(x), _scalar(0.7071067811865476, x))))


def crelu(features, axis=-1, name=None):
    """Concatenates relu(features) and relu(-features) along axis."""
    from .array_ops import concat
    x = convert_to_tensor(features)
    return concat([_relu(x), _relu(_neg(x))], axis)


# ---------------------------------------------------------------------------------------------
# softmax / log_softmax (primitives: cheap, stable rules)

def _softmax_np(x, axis):
    m = np.max(x, axis=axis, keepdims=True)
    with _errstate(all="ignore"):
        e = np.exp(x - m)
        return e / np.sum(e, axis=axis, keepdims=True)


def _log_softmax_np(x, axis):
    m = np.max(x, axis=axis, keepdims=True)
    with _errstate(all="ignore"):
        s = x - m
        return s - np.log(np.sum(np.exp(s), axis=axis, keepdims=True))


@primitive("Softmax", dtypes=FLOAT_TYPES)
def _softmax(x, axis):
    return _softmax_np(x, axis)


@_softmax.defvjp
def _(g, ans, x, axis):
    gy = _mul(g, ans)
    return (_sub(gy, _mul(ans, reduce_sum(gy, axis, keepdims=True))),)


@primitive("LogSoftmax", dtypes=FLOAT_TYPES)
def _log_softmax(x, axis):
    return _log_softmax_np(x, axis)


@_log_softmax.defvjp
def _(g, ans, x, axis):
    return (_sub(g, _mul(_exp(ans), reduce_sum(g, axis, keepdims=True))),)


def _softmax_axis(x, axis, op):
    nd = x._v.ndim
    if axis is None:
        axis = -1
    axis = int(axis)
    if nd == 0:
        raise InvalidArgumentError(None, op, "logits must have >= 1 dimension, got [] [Op:%s]" % op)
    if not -nd <= axis < nd:
        raise InvalidArgumentError(None, op, (
            "`dim` must be in the range [%d, %d) where %d is the number of dimensions in the "
            "input. Received: dim=%d") % (-nd, nd, nd, axis))
    return axis % nd


def softmax(logits, axis=None, name=None):
    """exp(logits) / reduce_sum(exp(logits), axis), stable for large logits."""
    x = convert_to_tensor(logits)
    return _softmax(x, axis=_softmax_axis(x, axis, "Softmax"))


def log_softmax(logits, axis=None, name=None):
    """logits - log(reduce_sum(exp(logits), axis)), stable for large logits."""
    x = convert_to_tensor(logits)
    return _log_softmax(x, axis=_softmax_axis(x, axis, "LogSoftmax"))


# ---------------------------------------------------------------------------------------------
# cross entropies

def _sce_error(prim, arrays):
    logits, labels = arrays
    return InvalidArgumentError(None, prim.name, (
        "logits and labels must be broadcastable: logits_size=%s labels_size=%s [Op:%s]") % (
            _dims(logits.shape), _dims(labels.shape), prim.name))


# (loss array, softmax array) of the last SoftmaxCrossEntropyWithLogits run while a tape was
# active: its gradient rule reuses the softmax (as TF's kernel returns it beside the loss) when no
# tape records the backward pass; otherwise it recomputes it with recorded ops.
_SCE_LAST = (None, None)


@primitive("SoftmaxCrossEntropyWithLogits", dtypes=FLOAT_TYPES, on_error=_sce_error)
def _softmax_ce(logits, labels, axis):
    global _SCE_LAST
    if logits.shape != labels.shape:
        np.broadcast_shapes(logits.shape, labels.shape)  # ValueError -> TF's message
    m = np.maximum.reduce(logits, axis=axis, keepdims=True)
    if _QUIET is not None:  # floating-point warnings off, as np.errstate(all="ignore")
        token = _QUIET[0].set(_QUIET[1])
        try:
            loss, sm = _sce_core(logits, labels, axis, m)
        finally:
            _QUIET[0].reset(token)
    else:
        with _errstate(all="ignore"):
            loss, sm = _sce_core(logits, labels, axis, m)
    if sm is not None:
        _SCE_LAST = (loss, sm)
    return loss


def _sce_core(logits, labels, axis, m):
    s = logits - m
    e = np.exp(s)
    z = np.add.reduce(e, axis=axis, keepdims=True)
    loss = -np.sum(labels * (s - np.log(z)), axis=axis)
    if type(loss) is not np.ndarray:
        loss = np.asarray(loss)
    return loss, (e / z if _STATE.n else None)


def _expand(g, axis):
    shape = g._v.shape
    return _reshape(g, shape=shape[:axis] + (1,) + shape[axis:])


@_softmax_ce.defvjp(needs=True)
def _(g, ans, logits, labels, axis, _needs=(True, True)):
    ge = _expand(g, axis)
    if _needs[0]:
        last = _SCE_LAST
        if last[0] is ans._v and not _STATE.n:
            sm = wrap(last[1])  # nothing records this backward pass: the forward's softmax
        else:
            sm = _softmax(logits, axis=axis)
        # ``-`` and ``*`` on same-dtype tensors are exactly Sub and Mul (recorded alike)
        glogits = (sm - labels) * ge
    else:
        glogits = None
    glabels = _mul(_neg(ge), _log_softmax(logits, axis=axis)) if _needs[1] else None
    return glogits, glabels


def softmax_cross_entropy_with_logits(labels, logits, axis=-1, name=None):
    """Cross entropy between the softmax of logits and the distribution labels, along axis."""
    logits = convert_to_tensor(logits)
    labels = convert_to_tensor(labels, dtype_hint=logits.dtype)
    if labels.dtype is not logits.dtype:
        labels = _m.cast(labels, logits.dtype)
    nd = logits._v.ndim
    if nd == 0:
        raise InvalidArgumentError(None, "SoftmaxCrossEntropyWithLogits",
                                   "logits must have >= 1 dimension, got [] "
                                   "[Op:SoftmaxCrossEntropyWithLogits]")
    axis = int(axis)
    if not -nd <= axis < nd:
        raise InvalidArgumentError(None, "SoftmaxCrossEntropyWithLogits", (
            "`dim` must be in the range [%d, %d) where %d is the number of dimensions in the "
            "input. Received: dim=%d") % (-nd, nd, nd, axis))
    return _softmax_ce(logits, labels, axis=axis % nd)


def _check_labels(prim, labels, n):
    if labels.size and (labels.min() < 0 or labels.max() >= n):
        bad = labels[(labels < 0) | (labels >= n)].reshape(-1)[0]
        raise InvalidArgumentError(None, prim, (
            "Received a label value of %d which is outside the valid range of [0, %d).  "
            "Label values: %s [Op:%s]") % (bad, n, " ".join(str(v) for v in labels.reshape(-1)),
                                           prim))


@primitive("SparseSoftmaxCrossEntropyWithLogits", dtypes=FLOAT_TYPES, match=(0,))
def _sparse_softmax_ce(logits, labels):
    if labels.dtype not in (np.int32, np.int64):
        name = _dt.NP_TO_DTYPE[labels.dtype]._kernel_word if labels.dtype in _dt.NP_TO_DTYPE \
            else str(labels.dtype)
        raise InvalidArgumentError(None, "SparseSoftmaxCrossEntropyWithLogits", (
            "Value for attr 'Tlabels' of %s is not in the list of allowed values: int32, int64\n\t"
            "; NodeDef: {{node SparseSoftmaxCrossEntropyWithLogits}}; "
            "Op<name=SparseSoftmaxCrossEntropyWithLogits; signature=features:T, labels:Tlabels -> "
            "loss:T, backprop:T; attr=T:type,allowed=[DT_HALF, DT_BFLOAT16, DT_FLOAT, DT_DOUBLE]; "
            "attr=Tlabels:type,default=DT_INT64,allowed=[DT_INT32, DT_INT64]> "
            "[Op:SparseSoftmaxCrossEntropyWithLogits]") % name)
    n = logits.shape[-1]
    _check_labels("SparseSoftmaxCrossEntropyWithLogits", labels, n)
    lsm = _log_softmax_np(logits, -1)
    return -np.take_along_axis(lsm, labels[..., None].astype(np.intp), -1)[..., 0]


@_sparse_softmax_ce.defvjp
def _(g, ans, logits, labels):
    v = labels._v
    onehot = np.zeros(logits._v.shape, logits._v.dtype)
    np.put_along_axis(onehot, v[..., None].astype(np.intp), 1, -1)
    return _mul(_sub(_softmax(logits, axis=logits._v.ndim - 1), wrap(onehot)),
                _expand(g, g._v.ndim)), None


def sparse_softmax_cross_entropy_with_logits(labels, logits, name=None):
    """Cross entropy between softmax(logits) and integer class labels (one per row)."""
    logits = convert_to_tensor(logits)
    labels = convert_to_tensor(labels)
    ls, gs = labels._v.shape, logits._v.shape
    if logits._v.ndim == 0 or ls != gs[:-1]:
        raise ValueError("`labels.shape` must equal `logits.shape` except for the last dimension. "
                         "Received: labels.shape=%s and logits.shape=%s" % (ls, gs))
    return _sparse_softmax_ce(logits, labels)


def sigmoid_cross_entropy_with_logits(labels=None, logits=None, name=None):
    """Elementwise logistic loss max(x, 0) - x * z + log(1 + exp(-|x|)), stable."""
    if labels is None or logits is None:
        raise ValueError("Both `labels` and `logits` must be provided. Received: labels=%r and "
                         "logits=%r" % (labels, logits))
    logits = convert_to_tensor(logits)
    labels = convert_to_tensor(labels, dtype_hint=logits.dtype)
    if labels._v.shape != logits._v.shape:
        raise ValueError("`logits` and `labels` must have the same shape, received (%s vs %s)." % (
            logits.shape, labels.shape))
    zeros = _m.zeros_like(logits)
    cond = _greater_equal(logits, zeros)
    relu_logits = _select(cond, logits, zeros)
    neg_abs = _select(cond, _neg(logits), logits)
    return _add(_sub(relu_logits, _mul(logits, labels)), _m.log1p(_exp(neg_abs)))


def weighted_cross_entropy_with_logits(labels, logits, pos_weight, name=None):
    """Sigmoid cross entropy with the positive term weighted by pos_weight."""
    logits = convert_to_tensor(logits)
    labels = convert_to_tensor(labels, dtype_hint=logits.dtype)
    pos_weight = convert_to_tensor(pos_weight, dtype_hint=logits.dtype)
    one = _scalar(1, logits)
    log_weight = _add(one, _mul(_sub(pos_weight, one), labels))
    tail = _add(_m.log1p(_exp(_neg(_m.abs(logits)))), _relu(_neg(logits)))
    return _add(_mul(_sub(one, labels), logits), _mul(log_weight, tail))


def log_poisson_loss(targets, log_input, compute_full_loss=False, name=None):
    """exp(log_input) - log_input * targets (+ Stirling's term when compute_full_loss)."""
    log_input = convert_to_tensor(log_input)
    targets = convert_to_tensor(targets, dtype_hint=log_input.dtype)
    result = _sub(_exp(log_input), _mul(log_input, targets))
    if compute_full_loss:
        half = _scalar(0.5, targets)
        stirling = _add(_sub(_m.xlogy(targets, targets),
                             targets), _mul(half, _m.log(_mul(_scalar(2 * np.pi, targets), targets))))
        zeros = _m.zeros_like(targets)
        cond = _m.logical_and(_greater_equal(targets, zeros), _m.less_equal(targets, _scalar(1, targets)))
        result = _add(result, _select(cond, zeros, stirling))
    return result


@primitive("L2Loss", dtypes=FLOAT_TYPES)
def _l2_loss(x):
    return np.asarray(np.sum(x * x, dtype=x.dtype) / np.asarray(2, x.dtype), x.dtype)


@_l2_loss.defvjp
def _(g, ans, x):
    return (_mul(x, g),)


def l2_loss(t, name=None):
    """sum(t ** 2) / 2."""
    return _l2_loss(t)


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

def dropout(x, rate, noise_shape=None, seed=None, name=None):
    """Zeroes elements with probability rate and scales the rest by 1 / (1 - rate)."""
    from .random_ops import _generator, _shape_list
    x = convert_to_tensor(x)
    if not x.dtype.is_floating:
        raise ValueError("`x.dtype` must be a floating point tensor as `x` will be scaled. "
                         "Received: x_dtype=%s" % (x.dtype,))
    if isinstance(rate, Tensor):
        r = float(rate._v)
    else:
        r = rate
        if isinstance(r, (int, float)) and not 0 <= r < 1:
            raise ValueError("`rate` must be a scalar tensor or a float in the range [0, 1). "
                             "Received: rate=%s" % (rate,))
        r = float(r)
        if r == 0:
            return x
    shape = x._v.shape if noise_shape is None else tuple(
        d if d is not None else x._v.shape[k] for k, d in enumerate(_shape_list(noise_shape)))
    dt = x._v.dtype
    u = _generator(seed).random(shape, dtype=np.float32)
    scale = np.asarray(1.0 / (1.0 - r), dt)
    mask = np.where(u >= r, scale, np.zeros((), dt)).astype(dt, copy=False)
    return _mul(x, wrap(mask))


def _mean(x, axes):
    n = 1
    shp = x._v.shape
    for a in axes:
        n *= shp[a]
    s = reduce_sum(x, axes, keepdims=True)
    if x.dtype.is_integer:
        return _m.truncatediv(s, _scalar(max(n, 1), s))
    return _m.realdiv(s, _scalar(n, s))


def moments(x, axes, shift=None, keepdims=False, name=None):
    """Mean and variance of x over axes (float16 is computed in float32)."""
    from .array_ops import squeeze
    x = convert_to_tensor(x)
    y = _m.cast(x, _dt.float32) if x.dtype is _dt.float16 else x
    nd = y._v.ndim
    if isinstance(axes, (int, np.integer)):
        axes = [axes]
    axes = sorted({int(a) % nd if nd else 0 for a in (axes._v.reshape(-1).tolist()
                                                      if isinstance(axes, Tensor) else axes)})
    mean = _mean(y, axes)
    try:
        from .misc_ops import stop_gradient
        m0 = stop_gradient(mean)
    except ImportError:  # the variance's gradient through the mean is zero anyway
        m0 = mean
    variance = _mean(_m.squared_difference(y, m0), axes)
    if not keepdims:
        mean = squeeze(mean, axes) if axes else mean
        variance = squeeze(variance, axes) if axes else variance
    if x.dtype is _dt.float16:
        return _m.cast(mean, _dt.float16), _m.cast(variance, _dt.float16)
    return mean, variance


def batch_normalization(x, mean, variance, offset, scale, variance_epsilon, name=None):
    """(x - mean) * scale / sqrt(variance + epsilon) + offset."""
    x = convert_to_tensor(x)
    dt = x.dtype
    mean = convert_to_tensor(mean, dtype_hint=dt)
    variance = convert_to_tensor(variance, dtype_hint=dt)
    inv = _m.rsqrt(_add(variance, convert_to_tensor(variance_epsilon, dtype_hint=variance.dtype)))
    if scale is not None:
        inv = _mul(inv, convert_to_tensor(scale, dtype_hint=dt))
    shift = _mul(mean, inv)
    if offset is not None:
        shift = _sub(convert_to_tensor(offset, dtype_hint=dt), shift)
    else:
        shift = _neg(shift)
    return _add(_mul(x, _m.cast(inv, dt)), _m.cast(shift, dt))


def embedding_lookup(params, ids, max_norm=None, name=None):
    """Rows of params (a tensor, or a one-element list) selected by ids."""
    from .array_ops import gather
    if isinstance(params, (list, tuple)):
        if len(params) != 1:
            raise NotImplementedError("embedding_lookup over several sharded params")
        params = params[0]
    return gather(params, ids)
