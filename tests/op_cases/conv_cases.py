"""Op table rows for convolution and pooling (ops/conv.py, ops/pooling.py), with direct NumPy loop
references (one output position at a time), shared with tests/ops/test_conv.py and test_pooling.py."""
import itertools

import numpy as np

from .case import OpCase

F = ("float32", "float64")


# -- references ---------------------------------------------------------------------------------

def pads_of(spatial, ksizes, strides, dilations, padding):
    """TF's padding per spatial axis as (before, after) pairs."""
    out = []
    for k, (n, kk, s, d) in enumerate(zip(spatial, ksizes, strides, dilations)):
        e = (kk - 1) * d + 1
        if padding == "VALID":
            out.append((0, 0))
        elif padding == "SAME":
            o = -(-n // s)
            total = max((o - 1) * s + e - n, 0)
            out.append((total // 2, total - total // 2))
        else:
            out.append(tuple(padding[k]))
    return out


def conv_ref(x, w, strides=(1, 1), padding="VALID", dilations=(1, 1)):
    """Grouped N-D convolution, channels last, one output position at a time."""
    nd = w.ndim - 2
    ks, cg, o = w.shape[:nd], w.shape[-2], w.shape[-1]
    c = x.shape[-1]
    groups = c // cg
    og = o // groups
    pads = pads_of(x.shape[1:-1], ks, strides, dilations, padding)
    xp = np.pad(x, [(0, 0)] + pads + [(0, 0)])
    outs = [(n + lo + hi - ((k - 1) * d + 1)) // s + 1 for n, (lo, hi), k, s, d in
            zip(x.shape[1:-1], pads, ks, strides, dilations)]
    y = np.zeros((x.shape[0],) + tuple(outs) + (o,), np.result_type(x, w))
    for pos in itertools.product(*[range(v) for v in outs]):
        for off in itertools.product(*[range(k) for k in ks]):
            idx = tuple(p * s + f * d for p, s, f, d in zip(pos, strides, off, dilations))
            patch = xp[(slice(None),) + idx]  # (n, c)
            for g in range(groups):
                y[(slice(None),) + pos + (slice(g * og, (g + 1) * og),)] += \
                    patch[:, g * cg:(g + 1) * cg] @ w[off][:, g * og:(g + 1) * og]
    return y


def conv_input_grad_ref(w, g, shape, strides, padding, dilations):
    """<conv(x, w), g> differentiated by x: each window's contribution added back."""
    nd = w.ndim - 2
    ks, cg, o = w.shape[:nd], w.shape[-2], w.shape[-1]
    groups = shape[-1] // cg
    og = o // groups
    pads = pads_of(shape[1:-1], ks, strides, dilations, padding)
    padded = (shape[0],) + tuple(n + lo + hi for n, (lo, hi) in zip(shape[1:-1], pads)) + \
        (shape[-1],)
    dx = np.zeros(padded, np.result_type(w, g))
    for pos in itertools.product(*[range(v) for v in g.shape[1:-1]]):
        for off in itertools.product(*[range(k) for k in ks]):
            idx = tuple(p * s + f * d for p, s, f, d in zip(pos, strides, off, dilations))
            for gr in range(groups):
                dx[(slice(None),) + idx + (slice(gr * cg, (gr + 1) * cg),)] += \
                    g[(slice(None),) + pos + (slice(gr * og, (gr + 1) * og),)] @ \
                    w[off][:, gr * og:(gr + 1) * og].T
    crop = (slice(None),) + tuple(slice(lo, lo + n) for n, (lo, _) in zip(shape[1:-1], pads))
    return dx[crop]


def conv_filter_grad_ref(x, g, wshape, strides, padding, dilations):
    """<conv(x, w), g> differentiated by w."""
    nd = len(wshape) - 2
    ks, cg, o = wshape[:nd], wshape[-2], wshape[-1]
    groups = x.shape[-1] // cg
    og = o // groups
    pads = pads_of(x.shape[1:-1], ks, strides, dilations, padding)
    xp = np.pad(x, [(0, 0)] + pads + [(0, 0)])
    dw = np.zeros(wshape, np.result_type(x, g))
    for pos in itertools.product(*[range(v) for v in g.shape[1:-1]]):
        for off in itertools.product(*[range(k) for k in ks]):
            idx = tuple(p * s + f * d for p, s, f, d in zip(pos, strides, off, dilations))
            patch = xp[(slice(None),) + idx]
            for gr in range(groups):
                dw[off][:, gr * og:(gr + 1) * og] += \
                    patch[:, gr * cg:(gr + 1) * cg].T @ \
                    g[(slice(None),) + pos + (slice(gr * og, (gr + 1) * og),)]
    return dw


def pool_ref(x, ksize, strides, padding, kind):
    """max / avg pooling (avg over the real elements only), one window at a time."""
    nd = x.ndim - 2
    pads = pads_of(x.shape[1:-1], ksize, strides, (1,) * nd, padding)
    outs = [max((n + lo + hi - k) // s + 1, 0) for n, (lo, hi), k, s in
            zip(x.shape[1:-1], pads, ksize, strides)]
    y = np.zeros((x.shape[0],) + tuple(outs) + (x.shape[-1],), x.dtype)
    for pos in itertools.product(*[range(v) for v in outs]):
        sl = []
        for p, s, k, (lo, _), n in zip(pos, strides, ksize, pads, x.shape[1:-1]):
            start = p * s - lo
            sl.append(slice(max(start, 0), min(start + k, n)))
        win = x[(slice(None),) + tuple(sl)]
        axes = tuple(range(1, nd + 1))
        y[(slice(None),) + pos] = win.max(axis=axes) if kind == "max" else win.mean(axis=axes)
    return y


def max_pool_grad_ref(x, g, ksize, strides, padding):
    """Each output's gradient added at the first maximum of its window (row-major)."""
    nd = x.ndim - 2
    pads = pads_of(x.shape[1:-1], ksize, strides, (1,) * nd, padding)
    dx = np.zeros(x.shape, np.result_type(x, g))
    for pos in itertools.product(*[range(v) for v in g.shape[1:-1]]):
        for n in range(x.shape[0]):
            for c in range(x.shape[-1]):
                best, at = None, None
                for off in itertools.product(*[range(k) for k in ksize]):
                    idx = tuple(p * s + f - lo for p, s, f, (lo, _) in zip(pos, strides, off, pads))
                    if any(i < 0 or i >= m for i, m in zip(idx, x.shape[1:-1])):
                        continue
                    v = x[(n,) + idx + (c,)]
                    if best is None or v > best:
                        best, at = v, idx
                dx[(n,) + at + (c,)] += g[(n,) + pos + (c,)]
    return dx


# -- rows ---------------------------------------------------------------------------------------

def _normal(rng, shapes, dtype):
    out = []
    for s in shapes:
        a = rng.uniform(-2, 2, size=s)
        if np.dtype(dtype).kind in "iu":
            a = np.round(a)
        out.append(a.astype(dtype))
    return out


def _distinct(rng, shapes, dtype):
    """Values with no ties, far apart (max pooling is differentiable away from ties)."""
    n = int(np.prod(shapes[0]))
    x = (rng.permutation(n) * 0.1 - n * 0.05).reshape(shapes[0]).astype(dtype)
    return [x] + [rng.uniform(-1, 1, size=s).astype(dtype) for s in shapes[1:]]


def _fn(expr):
    return lambda tf: (lambda *a: expr(tf, *a))


def _tape_grad(tf, f, wrt, g):
    """d <f(wrt), g> / d wrt, recorded (nested tapes differentiate it again)."""
    with tf.GradientTape() as tape:
        tape.watch(wrt)
        y = f(wrt)
    return tape.gradient(y, wrt, output_gradients=g)


_C2 = dict(strides=(1, 1), padding="VALID", dilations=(1, 1))
_XW = (((2, 4, 4, 2), (2, 2, 2, 3)),)

CASES = [
    OpCase("nn.conv2d", lambda x, w: conv_ref(x, w), 2, F + ("float16",), _XW, make=_normal,
           fn=_fn(lambda tf, x, w: tf.nn.conv2d(x, w, 1, "VALID")), prims=("Conv2D",),
           rtol=1e-4, atol=1e-5),
    OpCase("nn.conv2d(int32)", lambda x, w: conv_ref(x, w), 2, ("int32",), _XW, make=_normal,
           fn=_fn(lambda tf, x, w: tf.nn.conv2d(x, w, 1, "VALID")), grad=False),
    OpCase("nn.conv2d(SAME,stride2)", lambda x, w: conv_ref(x, w, (2, 2), "SAME"), 2, F,
           (((1, 5, 4, 2), (3, 2, 2, 2)),), make=_normal,
           fn=_fn(lambda tf, x, w: tf.nn.conv2d(x, w, 2, "SAME"))),
    OpCase("nn.conv2d(dilated,grouped)", lambda x, w: conv_ref(x, w, (1, 1), "SAME", (2, 1)), 2,
           F, (((1, 5, 4, 4), (2, 2, 2, 2)),), make=_normal,
           fn=_fn(lambda tf, x, w: tf.nn.conv2d(x, w, 1, "SAME", dilations=[2, 1]))),
    OpCase("nn.conv2d(explicit)", lambda x, w: conv_ref(x, w, (1, 2), [(1, 0), (2, 1)]), 2, F,
           (((1, 3, 4, 1), (2, 2, 1, 2)),), make=_normal,
           fn=_fn(lambda tf, x, w: tf.nn.conv2d(x, w, [1, 2], [[0, 0], [1, 0], [2, 1], [0, 0]]))),
    OpCase("nn.conv1d", lambda x, w: conv_ref(x[:, None], w[None], (1, 2), "SAME")[:, 0], 2, F,
           (((2, 7, 2), (3, 2, 3)),), make=_normal,
           fn=_fn(lambda tf, x, w: tf.nn.conv1d(x, w, 2, "SAME"))),
    OpCase("nn.conv3d", lambda x, w: conv_ref(x, w, (1, 1, 1), "SAME", (1, 1, 1)), 2, F,
           (((1, 3, 3, 2, 2), (2, 2, 1, 2, 2)),), make=_normal, prims=("Conv3D",),
           fn=_fn(lambda tf, x, w: tf.nn.conv3d(x, w, [1, 1, 1, 1, 1], "SAME"))),
    OpCase("nn.depthwise_conv2d", lambda x, w: conv_ref(x, w.reshape(2, 2, 1, 4), (1, 1), "SAME"),
           2, F, (((1, 4, 3, 2), (2, 2, 2, 2)),), make=_normal,
           fn=_fn(lambda tf, x, w: tf.nn.depthwise_conv2d(x, w, [1, 1, 1, 1], "SAME"))),
    OpCase("nn.conv2d_transpose",
           lambda g, w: conv_input_grad_ref(w, g, (1, 5, 5, 2), (2, 2), "SAME", (1, 1)), 2, F,
           (((1, 3, 3, 3), (3, 3, 2, 3)),), make=_normal, prims=("Conv2DBackpropInput",),
           fn=_fn(lambda tf, g, w: tf.nn.conv2d_transpose(g, w, [1, 5, 5, 2], 2, "SAME"))),
    OpCase("nn.conv3d_transpose",
           lambda g, w: conv_input_grad_ref(w, g, (1, 3, 3, 2, 1), (1, 1, 1), "VALID", (1, 1, 1)),
           2, F, (((1, 2, 2, 1, 2), (2, 2, 2, 1, 2)),), make=_normal,
           prims=("Conv3DBackpropInputV2",),
           fn=_fn(lambda tf, g, w: tf.nn.conv3d_transpose(g, w, [1, 3, 3, 2, 1], 1, "VALID"))),
    OpCase("Conv2DBackpropFilter",
           lambda x, g: conv_filter_grad_ref(x, g, (2, 2, 2, 3), (1, 1), "VALID", (1, 1)), 2, F,
           (((1, 3, 3, 2), (1, 2, 2, 3)),), make=_normal, prims=("Conv2DBackpropFilter",),
           fn=_fn(lambda tf, x, g: _tape_grad(
               tf, lambda w: tf.nn.conv2d(x, w, 1, "VALID"), tf.zeros([2, 2, 2, 3], x.dtype), g))),
    OpCase("Conv3DBackpropFilterV2",
           lambda x, g: conv_filter_grad_ref(x, g, (2, 1, 1, 1, 2), (1, 1, 1), "VALID",
                                             (1, 1, 1)), 2, F,
           (((1, 3, 2, 2, 1), (1, 2, 2, 2, 2)),), make=_normal, prims=("Conv3DBackpropFilterV2",),
           fn=_fn(lambda tf, x, g: _tape_grad(
               tf, lambda w: tf.nn.conv3d(x, w, [1] * 5, "VALID"),
               tf.zeros([2, 1, 1, 1, 2], x.dtype), g))),
    OpCase("nn.max_pool2d", lambda x: pool_ref(x, (2, 2), (2, 2), "SAME", "max"), 1,
           F + ("int32",), (((2, 5, 4, 2),),), make=_distinct, prims=("MaxPool",),
           fn=_fn(lambda tf, x: tf.nn.max_pool2d(x, 2, 2, "SAME"))),
    OpCase("nn.max_pool2d(overlap)", lambda x: pool_ref(x, (3, 2), (1, 2), "VALID", "max"), 1, F,
           (((1, 4, 4, 2),),), make=_distinct,
           fn=_fn(lambda tf, x: tf.nn.max_pool2d(x, [3, 2], [1, 2], "VALID"))),
    OpCase("nn.max_pool1d", lambda x: pool_ref(x[:, None], (1, 2), (1, 2), "VALID", "max")[:, 0],
           1, F, (((2, 6, 2),),), make=_distinct,
           fn=_fn(lambda tf, x: tf.nn.max_pool1d(x, 2, 2, "VALID"))),
    OpCase("nn.max_pool3d", lambda x: pool_ref(x, (2, 2, 2), (1, 2, 2), "SAME", "max"), 1, F,
           (((1, 3, 3, 3, 1),),), make=_distinct, prims=("MaxPool3D",),
           fn=_fn(lambda tf, x: tf.nn.max_pool3d(x, 2, [1, 2, 2], "SAME"))),
    OpCase("nn.avg_pool2d", lambda x: pool_ref(x, (3, 3), (2, 2), "SAME", "avg"), 1,
           F + ("float16",), (((2, 5, 5, 2),),), make=_normal, prims=("AvgPool",),
           fn=_fn(lambda tf, x: tf.nn.avg_pool2d(x, 3, 2, "SAME"))),
    OpCase("nn.avg_pool", lambda x: pool_ref(x, (2,), (1,), "VALID", "avg"), 1, F,
           (((2, 5, 3),),), make=_normal, fn=_fn(lambda tf, x: tf.nn.avg_pool(x, 2, 1, "VALID"))),
    OpCase("nn.avg_pool3d", lambda x: pool_ref(x, (2, 2, 1), (2, 1, 1), "SAME", "avg"), 1, F,
           (((1, 3, 2, 2, 2),),), make=_normal, prims=("AvgPool3D",),
           fn=_fn(lambda tf, x: tf.nn.avg_pool3d(x, [2, 2, 1], [2, 1, 1], "SAME"))),
    OpCase("MaxPoolGrad", lambda x, g: max_pool_grad_ref(x, g, (2, 2), (1, 1), "VALID"), 2, F,
           (((1, 3, 3, 2), (1, 2, 2, 2)),), make=_distinct, grad_args=(1,),
           prims=("MaxPoolGrad", "MaxPoolGradGrad"),
           fn=_fn(lambda tf, x, g: _tape_grad(tf, lambda v: tf.nn.max_pool2d(v, 2, 1, "VALID"),
                                              x, g))),
    OpCase("MaxPool3DGrad", lambda x, g: max_pool_grad_ref(x, g, (2, 1, 2), (1, 1, 1), "VALID"),
           2, F, (((1, 2, 2, 2, 1), (1, 1, 2, 1, 1)),), make=_distinct, grad_args=(1,),
           prims=("MaxPool3DGrad", "MaxPool3DGradGrad"),
           fn=_fn(lambda tf, x, g: _tape_grad(
               tf, lambda v: tf.nn.max_pool3d(v, [2, 1, 2], 1, "VALID"), x, g))),
    OpCase("AvgPoolGrad", lambda g: conv_input_grad_ref(
        np.full((3, 3, 1, 1), 1 / 9.0), g, (2, 4, 4, 1), (1, 1), "VALID", (1, 1)), 1, F,
           (((2, 2, 2, 1),),),
           make=_normal, prims=("AvgPoolGrad",),
           fn=_fn(lambda tf, g: _tape_grad(tf, lambda v: tf.nn.avg_pool2d(v, 3, 1, "VALID"),
                                           tf.zeros([2, 4, 4, 1], g.dtype), g))),
    OpCase("AvgPool3DGrad", lambda g: conv_input_grad_ref(
        np.full((2, 1, 1, 1, 1), 0.5), g, (1, 3, 1, 1, 1), (1, 1, 1), "VALID", (1, 1, 1)), 1, F,
           (((1, 2, 1, 1, 1),),), make=_normal, prims=("AvgPool3DGrad",),
           fn=_fn(lambda tf, g: _tape_grad(
               tf, lambda v: tf.nn.avg_pool3d(v, [2, 1, 1], 1, "VALID"),
               tf.zeros([1, 3, 1, 1, 1], g.dtype), g))),
]
