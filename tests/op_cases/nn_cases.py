"""Op table rows for tf.nn (ops/nn_ops.py)."""
import math

import numpy as np

from .case import OpCase

F = ("float32", "float64")
FI = ("float32", "float64", "int32", "int64")
_erfc = np.vectorize(math.erfc)
_SELU_A, _SELU_S = 1.6732632423543772, 1.0507009873554805


def _away_from(*kinks):
    """Uniform inputs in (-3, 8) kept 0.05 away from the kinks (finite differences straddle none)."""
    def make(rng, shapes, dtype):
        out = []
        for s in shapes:
            a = rng.uniform(-3, 8, size=s)
            for k in kinks:
                a = np.where(np.abs(a - k) < 0.05, a + 0.1, a)
            if np.dtype(dtype).kind in "iu":
                a = np.round(a)
            out.append(a.astype(dtype))
        return out
    return make


def _softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _log_softmax(x, axis=-1):
    s = x - x.max(axis=axis, keepdims=True)
    return s - np.log(np.exp(s).sum(axis=axis, keepdims=True))


def _probs_logits(rng, shapes, dtype):
    labels = rng.uniform(0.1, 1.0, size=shapes[0])
    labels = labels / labels.sum(axis=-1, keepdims=True)
    return [labels.astype(dtype), rng.uniform(-3, 3, size=shapes[1]).astype(dtype)]


def _sparse(rng, shapes, dtype):
    logits = rng.uniform(-3, 3, size=shapes[1]).astype(dtype)
    return [rng.integers(0, shapes[1][-1], size=shapes[0]).astype(np.int32), logits]


def _sparse_ref(labels, logits):
    return -np.take_along_axis(_log_softmax(logits), labels[..., None].astype(int), -1)[..., 0]


def _labels01(rng, shapes, dtype):
    return [rng.uniform(0, 1, size=shapes[0]).astype(dtype),
            rng.uniform(-4, 4, size=shapes[1]).astype(dtype)]


def _sig_ce(z, x):
    return np.maximum(x, 0) - x * z + np.log1p(np.exp(-np.abs(x)))


def _weighted_ce(z, x, pos_weight):
    return (1 - z) * x + (1 + (pos_weight - 1) * z) * (np.log1p(np.exp(-np.abs(x))) +
                                                        np.maximum(-x, 0))


def _poisson(rng, shapes, dtype):
    return [rng.uniform(0, 4, size=shapes[0]).astype(dtype),
            rng.uniform(-1, 1, size=shapes[1]).astype(dtype)]


def _poisson_ref(t, c, full=False):
    r = np.exp(c) - c * t
    if full:
        with np.errstate(all="ignore"):
            st = t * np.log(t) - t + 0.5 * np.log(2 * np.pi * t)
        r = r + np.where((t >= 0) & (t <= 1), 0, st)
    return r


def _bn_make(rng, shapes, dtype):
    return [rng.uniform(-2, 2, size=shapes[0]).astype(dtype),
            rng.uniform(-1, 1, size=shapes[1]).astype(dtype),
            rng.uniform(0.5, 2, size=shapes[2]).astype(dtype),
            rng.uniform(-1, 1, size=shapes[3]).astype(dtype),
            rng.uniform(0.5, 2, size=shapes[4]).astype(dtype)]


def _bn_ref(x, m, v, o, s):
    return (x - m) / np.sqrt(v + 1e-3) * s + o


def _embedding(rng, shapes, dtype):
    return [rng.uniform(-2, 2, size=shapes[0]).astype(dtype),
            rng.integers(0, shapes[0][0], size=shapes[1]).astype(np.int32)]


def _moments_ref(which):
    def ref(x):
        return x.mean(axis=0) if which == 0 else x.var(axis=0)
    return ref


def _uniform(rng, shapes, dtype):
    # an explicit make keeps non-broadcasting binary ops out of the broadcast hypothesis test
    return [np.round(rng.uniform(-3, 3, size=s)).astype(dtype) if np.dtype(dtype).kind in "iu"
            else rng.uniform(-3, 3, size=s).astype(dtype) for s in shapes]


def _fn(expr):
    return lambda tf: (lambda *a: expr(tf, *a))


SM_SHAPES = (((2, 3),), ((5,),), ((2, 3, 4),))

CASES = [
    OpCase("nn.relu", lambda x: np.maximum(x, 0), 1, FI, make=_away_from(0),
           prims=("Relu", "ReluGrad")),
    OpCase("nn.relu6", lambda x: np.clip(x, 0, 6), 1, FI, make=_away_from(0, 6),
           prims=("Relu6",)),
    OpCase("nn.leaky_relu", lambda x: np.where(x > 0, x, 0.2 * x), 1, F, make=_away_from(0),
           prims=("LeakyRelu",)),
    OpCase("nn.leaky_relu", lambda x, alpha: np.where(x > 0, x, alpha * x), 1, F,
           make=_away_from(0), kwargs={"alpha": 0.3}, prims=("LeakyRelu",)),
    OpCase("nn.elu", lambda x: np.where(x > 0, x, np.expm1(x)), 1, F, make=_away_from(0),
           prims=("Elu",)),
    OpCase("nn.selu", lambda x: _SELU_S * np.where(x > 0, x, _SELU_A * np.expm1(x)), 1, F,
           make=_away_from(0), prims=("Selu",)),
    OpCase("nn.softplus", lambda x: np.log1p(np.exp(x)), 1, F),
    OpCase("nn.softsign", lambda x: x / (1 + np.abs(x)), 1, F, make=_away_from(0)),
    OpCase("nn.swish", lambda x: x / (1 + np.exp(-x)), 1, F),
    OpCase("nn.silu", lambda x, beta: x / (1 + np.exp(-beta * x)), 1, F, kwargs={"beta": 2.0}),
    OpCase("nn.gelu", lambda x: 0.5 * x * _erfc(-x / np.sqrt(2)), 1, F),
    OpCase("nn.gelu", lambda x, approximate: 0.5 * x * (1 + np.tanh(
        np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3))), 1, F, kwargs={"approximate": True}),
    OpCase("nn.sigmoid", lambda x: 1 / (1 + np.exp(-x)), 1, F),
    OpCase("nn.tanh", np.tanh, 1, F),
    OpCase("nn.softmax", _softmax, 1, F, SM_SHAPES, prims=("Softmax",)),
    OpCase("nn.softmax", _softmax, 1, F, SM_SHAPES[:1], kwargs={"axis": 0}),
    OpCase("math.softmax", _softmax, 1, F),
    OpCase("nn.log_softmax", _log_softmax, 1, F, SM_SHAPES, prims=("LogSoftmax",)),
    OpCase("math.log_softmax", _log_softmax, 1, F, SM_SHAPES[:1], kwargs={"axis": 0}),
    OpCase("nn.softmax_cross_entropy_with_logits", lambda z, x: -(z * _log_softmax(x)).sum(-1),
           2, F, (((2, 3), (2, 3)), ((4,), (4,)), ((3,), (2, 3)), ((2, 2, 3), (2, 2, 3))),
           make=_probs_logits, grad_args=(0, 1), prims=("SoftmaxCrossEntropyWithLogits",)),
    OpCase("nn.softmax_cross_entropy_with_logits",
           lambda z, x, axis: -(z * _log_softmax(x, axis)).sum(axis), 2, F,
           (((3, 2), (3, 2)),), make=lambda r, s, d: [np.ascontiguousarray(a.T) for a in
                                 _probs_logits(r, [(2, 3), (2, 3)], d)],
           kwargs={"axis": 0}, grad_args=(0, 1)),
    OpCase("nn.sparse_softmax_cross_entropy_with_logits", _sparse_ref, 2, F,
           (((2,), (2, 3)), ((), (4,)), ((2, 3), (2, 3, 5))), make=_sparse, grad_args=(1,),
           prims=("SparseSoftmaxCrossEntropyWithLogits",)),
    OpCase("nn.sigmoid_cross_entropy_with_logits", _sig_ce, 2, F, (((2, 3), (2, 3)),),
           make=_labels01, grad_args=(0, 1)),
    OpCase("nn.weighted_cross_entropy_with_logits", _weighted_ce, 2, F, (((2, 3), (2, 3)),),
           make=_labels01, kwargs={"pos_weight": 2.5}, grad_args=(0, 1)),
    OpCase("nn.l2_loss", lambda x: (x * x).sum() / 2, 1, F, (((2, 3),), ((),)),
           prims=("L2Loss",)),
    OpCase("nn.bias_add", lambda x, b: x + b, 2, FI, (((2, 3), (3,)), ((2, 4, 3), (3,))),
           make=_uniform, grad_args=(0, 1), prims=("BiasAdd",)),
    OpCase("nn.bias_add(NCHW)", lambda x, b: x + b[:, None, None], 2, F,
           (((2, 3, 4, 2), (3,)),), make=_uniform, fn=_fn(lambda tf, x, b: tf.nn.bias_add(x, b, "NCHW")),
           grad_args=(0, 1)),
    OpCase("nn.moments[mean]", _moments_ref(0), 1, F, (((4, 3),),),
           fn=_fn(lambda tf, x: tf.nn.moments(x, [0])[0])),
    OpCase("nn.moments[variance]", _moments_ref(1), 1, F, (((4, 3),),),
           fn=_fn(lambda tf, x: tf.nn.moments(x, [0])[1])),
    OpCase("nn.batch_normalization", _bn_ref, 5, F, (((4, 3), (3,), (3,), (3,), (3,)),),
           make=_bn_make, grad_args=(0, 1, 2, 3, 4),
           fn=_fn(lambda tf, x, m, v, o, s: tf.nn.batch_normalization(x, m, v, o, s, 1e-3))),
    OpCase("nn.log_poisson_loss", _poisson_ref, 2, F, (((2, 3), (2, 3)),), make=_poisson,
           grad_args=(1,)),
    OpCase("nn.log_poisson_loss", lambda t, c: _poisson_ref(t, c, True), 2, F,
           (((2, 3), (2, 3)),), make=lambda r, s, d: [r.uniform(1.2, 4, size=s[0]).astype(d),
                                 r.uniform(-1, 1, size=s[1]).astype(d)],
           fn=_fn(lambda tf, t, c: tf.nn.log_poisson_loss(t, c, compute_full_loss=True)),
           grad_args=(0, 1)),
    OpCase("nn.embedding_lookup", lambda p, i: p[i], 2, F, (((5, 3), (4,)), ((5,), (2, 2))),
           make=_embedding, grad_args=(0,)),
    OpCase("nn.crelu", lambda x: np.concatenate([np.maximum(x, 0), np.maximum(-x, 0)], -1), 1,
           F, make=_away_from(0)),
]
