"""tf.nn's losses: the softmax cross entropies (fused primitives, as TF's kernels), the sigmoid,
weighted and Poisson losses (composites) and l2_loss."""
import numpy as np

from .. import dtypes as _dt
from .. import _accel
from .._export import export
from ..engine.primitive import primitive, FLOAT_TYPES, STATE as _STATE
from ..errors import InvalidArgumentError
from ..tensor import convert_to_tensor, wrap
from ._args import _dims
from .broadcast import _reshape
from . import run_time_shapes as R
from .cast import cast, zeros_like
from .comparison import _greater_equal, _select, less_equal, logical_and
from .elementwise import _add, _exp, _mul, _neg, _sub, abs as _abs, log, log1p
from .gather_scatter import _one_hot
from .nn import _relu, _log_softmax, _log_softmax_np, _scalar, _softmax
from .special import xlogy

_errstate = np.errstate
_QUIET = _accel.QUIET  # NumPy's errstate context variable and its all-ignore value, or None


# ---------------------------------------------------------------------------------------------
# cross entropies

def _sce_error(prim, arrays, attrs=None):
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
    if isinstance(loss, np.generic):
        loss = np.asarray(loss)
    return loss, (e / z if _STATE.n else None)


def _expand(g, axis):
    if R.unknown(g):
        d = R.dims(g)
        return R.reshape(g, d[:axis] + (1,) + d[axis:], g)
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


@export("nn.softmax_cross_entropy_with_logits")
def softmax_cross_entropy_with_logits(labels, logits, axis=-1, name=None):
    """Cross entropy between the softmax of logits and the distribution labels, along axis."""
    logits = convert_to_tensor(logits)
    labels = convert_to_tensor(labels, dtype_hint=logits.dtype)
    if labels.dtype is not logits.dtype:
        labels = cast(labels, logits.dtype)
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


_I32 = np.dtype(np.int32)
_I64 = np.dtype(np.int64)
_U32 = np.dtype(np.uint32)
_max_reduce = np.maximum.reduce
_add_reduce = np.add.reduce
_np_exp = np.exp
_np_log = np.log
_ROWS = {}  # n -> arange(n): the row coordinates of the label picks

# (loss array, backprop array = softmax - onehot) of the last SparseSoftmaxCrossEntropyWithLogits
# run while a tape was active (TF's kernel returns the backprop beside the loss): its gradient rule
# scales it by the incoming gradient when no tape records the backward pass, else recomputes it
# with recorded ops.
_SSCE_LAST = (None, None)


def _rows(n):
    r = _ROWS.get(n)
    if r is None:
        if len(_ROWS) > 32:
            _ROWS.clear()
        r = _ROWS[n] = np.arange(n)
    return r


@primitive("SparseSoftmaxCrossEntropyWithLogits", dtypes=FLOAT_TYPES, match=(0,), quiet=True,
           run_time_check=True)
def _sparse_softmax_ce(logits, labels):
    global _SSCE_LAST
    ld = labels.dtype
    if ld is not _I32 and ld is not _I64 and ld not in (_I32, _I64):
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
    if not n or not labels.size:
        _check_labels("SparseSoftmaxCrossEntropyWithLogits", labels, n)
        lsm = _log_softmax_np(logits, -1)
        return -np.take_along_axis(lsm, labels[..., None].astype(np.intp), -1)[..., 0]
    # the common case, in ndarray/ufunc C calls on a (rows, classes) view: the same float ops
    # as log_softmax then the pick (loss = -(s[label] - log(sum(exp(s)))), s = logits - max)
    lab = labels.reshape(-1)
    if ld == _I64:
        _check_labels("SparseSoftmaxCrossEntropyWithLogits", labels, n)
        pick = lab
    else:
        pick = lab.view(_U32)  # a negative label is out of bounds too: one C range check
    z = logits.reshape(-1, n)
    s = z - _max_reduce(z, 1, None, None, True)
    e = _np_exp(s)
    tot = _add_reduce(e, 1, None, None, True)
    rows = _rows(lab.shape[0])
    try:
        picked = s[rows, pick]
    except IndexError:
        _check_labels("SparseSoftmaxCrossEntropyWithLogits", labels, n)
        raise
    loss = -(picked - _np_log(tot.reshape(-1)))
    if labels.ndim != 1:
        loss = loss.reshape(labels.shape)
    if _STATE.n:
        bp = e / tot
        bp[rows, pick] -= 1
        _SSCE_LAST = (loss, bp.reshape(logits.shape) if logits.ndim != 2 else bp)
    return loss


@_sparse_softmax_ce.defvjp
def _(g, ans, logits, labels):
    last = _SSCE_LAST
    if last[0] is ans._v and not _STATE.n and not _STATE.g and type(g._v) is type(last[1]):
        # nothing records this backward pass: the forward's backprop times g, one NumPy multiply
        # (the values of (softmax - onehot) * g[..., None])
        gv = g._v
        return wrap(last[1] * gv.reshape(gv.shape + (1,))), None
    dt = logits._v.dtype  # the one-hot labels by an op: in a traced graph they are an input
    onehot = _one_hot(labels, depth=logits._v.shape[-1], on=np.array(1, dt), off=np.array(0, dt),
                      axis=-1, dtype=dt)
    return _mul(_sub(_softmax(logits, axis=logits._v.ndim - 1), onehot),
                _expand(g, g._v.ndim)), None


@export("nn.sparse_softmax_cross_entropy_with_logits")
def sparse_softmax_cross_entropy_with_logits(labels, logits, name=None):
    """Cross entropy between softmax(logits) and integer class labels (one per row)."""
    logits = convert_to_tensor(logits)
    labels = convert_to_tensor(labels)
    ls, gs = labels._v.shape, logits._v.shape
    if logits._v.ndim == 0 or ls != gs[:-1]:
        raise ValueError("`labels.shape` must equal `logits.shape` except for the last dimension. "
                         "Received: labels.shape=%s and logits.shape=%s" % (ls, gs))
    return _sparse_softmax_ce(logits, labels)


@export("nn.sigmoid_cross_entropy_with_logits")
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
    zeros = zeros_like(logits)
    cond = _greater_equal(logits, zeros)
    relu_logits = _select(cond, logits, zeros)
    neg_abs = _select(cond, _neg(logits), logits)
    return _add(_sub(relu_logits, _mul(logits, labels)), log1p(_exp(neg_abs)))


@export("nn.weighted_cross_entropy_with_logits")
def weighted_cross_entropy_with_logits(labels, logits, pos_weight, name=None):
    """Sigmoid cross entropy with the positive term weighted by pos_weight."""
    logits = convert_to_tensor(logits)
    labels = convert_to_tensor(labels, dtype_hint=logits.dtype)
    pos_weight = convert_to_tensor(pos_weight, dtype_hint=logits.dtype)
    one = _scalar(1, logits)
    log_weight = _add(one, _mul(_sub(pos_weight, one), labels))
    tail = _add(log1p(_exp(_neg(_abs(logits)))), _relu(_neg(logits)))
    return _add(_mul(_sub(one, labels), logits), _mul(log_weight, tail))


@export("nn.log_poisson_loss")
def log_poisson_loss(targets, log_input, compute_full_loss=False, name=None):
    """exp(log_input) - log_input * targets (+ Stirling's term when compute_full_loss)."""
    log_input = convert_to_tensor(log_input)
    targets = convert_to_tensor(targets, dtype_hint=log_input.dtype)
    result = _sub(_exp(log_input), _mul(log_input, targets))
    if compute_full_loss:
        half = _scalar(0.5, targets)
        stirling = _add(_sub(xlogy(targets, targets),
                             targets), _mul(half, log(_mul(_scalar(2 * np.pi, targets), targets))))
        zeros = zeros_like(targets)
        cond = logical_and(_greater_equal(targets, zeros), less_equal(targets, _scalar(1, targets)))
        result = _add(result, _select(cond, zeros, stirling))
    return result


@primitive("L2Loss", dtypes=FLOAT_TYPES)
def _l2_loss(x):
    return (np.sum(x * x, dtype=x.dtype) / x.dtype.type(2)).astype(x.dtype)


@_l2_loss.defvjp
def _(g, ans, x):
    return (_mul(x, g),)


l2_loss = export("nn.l2_loss", inputs=("t",))(_l2_loss)
