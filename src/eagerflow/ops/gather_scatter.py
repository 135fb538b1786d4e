"""Gathers and scatters: gather_nd, scatter_nd, the tensor_scatter_nd family, one_hot and repeat,
each primitive with its gradient rule directly below it (``tf.gather`` is in gather.py)."""
import numpy as np

from .. import dtypes as _dt
from .._export import export
from ..engine.device import host, xp_of
from ..engine.primitive import primitive
from ..errors import InvalidArgumentError
from ..tensor import Tensor, convert_to_tensor, wrap
from ._args import _dims, _err, _host, _int_list, _int_scalar, _indices, run_time_shape
from .cast import zeros_like
from .comparison import equal, select
from .elementwise import negative
from .gather import _gather, gather  # noqa: F401  (gather: its home before gather.py)
from .shape_ops import reshape
from . import run_time_shapes as R


def _nd_check(indices, shape, op, what):
    k = indices.shape[-1]
    flat = indices.reshape(-1, k)
    if flat.size:
        bad = ((flat < 0) | (flat >= xp_of(flat).asarray(shape[:k]))).any(1)
        if bad.any():
            j = int(np.argmax(bad))
            if op == "GatherNd":
                raise _err(op, "indices%s = [%s] does not index into param shape %s, node name: "
                           "GatherNd" % (_nd_pos(j, indices.shape[:-1]),
                                         ", ".join(map(str, flat[j])), _dims(shape)))
            raise _err(op, "indices[%d] = [%s] does not index into %s %s" % (
                j, ", ".join(map(str, flat[j])), what, _dims(shape)))


def _nd_pos(j, lead):
    if not lead:
        return ""
    return "[%s]" % ",".join(map(str, np.unravel_index(j, lead)))


def _nd_key(indices):
    if indices.ndim == 2:  # the common case, without moveaxis's argument handling
        return tuple(indices.T)
    return tuple(np.moveaxis(indices, -1, 0))


@primitive("GatherNd", match=(0,), run_time_check=True)
def _gather_nd(params, indices):
    _nd_check(indices, params.shape, "GatherNd", "param shape")
    return params[_nd_key(indices)]


@_gather_nd.defvjp
def _(g, ans, params, indices):
    if R.unknown(params):
        return (_scatter_nd_like(indices, g, params), None)
    return (_scatter_nd(indices, g, shape=params._v.shape), None)


def _batch_nd_indices(indices, bd):
    """Prepends the batch coordinates, turning a batch_dims gather_nd into a plain one."""
    lead = indices.shape[:bd]
    grids = np.meshgrid(*[np.arange(d, dtype=indices.dtype) for d in lead], indexing="ij")
    rest = indices.shape[bd:-1]
    cols = [np.broadcast_to(gr.reshape(lead + (1,) * len(rest)), indices.shape[:-1])
            for gr in grids]
    return np.concatenate([np.stack(cols, -1), indices], -1) if cols else indices


@export("gather_nd")
def gather_nd(params, indices, batch_dims=0, name=None):
    """Gathers slices of params addressed by the last axis of indices."""
    p = convert_to_tensor(params)
    i = _indices(indices, "GatherNd")
    k = i._v.shape[-1] if i._v.ndim else 0
    bd = int(batch_dims)
    if i._v.ndim < 1:
        raise _err("GatherNd", "indices must be at least a vector")
    if k + bd > p._v.ndim:
        raise _err("GatherNd", "index innermost dimension length must be <= params rank; saw: "
                   "%d vs. %d" % (k + bd, p._v.ndim))
    if bd:
        i = wrap(_batch_nd_indices(i._v, bd))
    return _gather_nd(p, i)


@primitive("ScatterNd", match=(1,), run_time_check=True)
def _scatter_nd(indices, updates, shape):
    _nd_check(indices, shape, "ScatterNd", "shape")
    out = xp_of(updates).zeros(shape, updates.dtype)
    np.add.at(out, _nd_key(indices), updates)
    return out


@_scatter_nd.defvjp
def _(g, ans, indices, updates, shape):
    return (None, _gather_nd(g, indices))


_scatter_nd_like = R.shape_from_input(_scatter_nd, "ScatterNdDynamic")


@primitive("ScatterNdDynamicShape", match=(1,), run_time_check=True, value_shape=True)
def _scatter_nd_shaped(indices, updates, shape):
    """ScatterNd whose shape is an input (computed in a graph while it runs)."""
    return _scatter_nd.fwd(indices, updates, shape=tuple(int(d) for d in shape.reshape(-1)))


@_scatter_nd_shaped.defvjp
def _(g, ans, indices, updates, shape):
    return (None, _gather_nd(g, indices), None)


def _scatter_shapes(op, indices, updates, shape):
    k = indices.shape[-1]
    want = indices.shape[:-1] + tuple(shape[k:])
    if updates.shape != want:
        raise _err(op, "Dimensions [%d,%d) of input[shape=%s] = %s must match dimensions [%d,%d) "
                   "of updates[shape=%s] = %s" % (
                       k, len(shape), _dims(shape), _dims(shape[k:]), indices.ndim - 1,
                       updates.ndim, _dims(updates.shape), _dims(updates.shape[indices.ndim - 1:])))


@export("scatter_nd")
def scatter_nd(indices, updates, shape, name=None):
    """Zeros of shape with updates added at indices (duplicates accumulate)."""
    i = _indices(indices, "ScatterNd")
    u = convert_to_tensor(updates)
    dynamic = run_time_shape(shape)
    if dynamic is not None:  # known when the graph runs: the kernel checks it then
        return _scatter_nd_shaped(i, u, dynamic)
    s = tuple(_int_list(shape))
    _scatter_shapes("ScatterNd", i._v, u._v, s)
    return _scatter_nd(i, u, shape=s)


def _tensor_scatter(name, fn):
    @primitive(name, match=(0, 2))
    def prim(tensor, indices, updates):
        _nd_check(indices, tensor.shape, name, "shape")
        out = tensor.copy()
        fn(out, _nd_key(indices), updates)
        return out
    return prim


def _assign(out, key, u):
    out[key] = u


_tsu = _tensor_scatter("TensorScatterUpdate", _assign)
_tsa = _tensor_scatter("TensorScatterAdd", np.add.at)
_tss = _tensor_scatter("TensorScatterSub", np.subtract.at)
_tsmax = _tensor_scatter("TensorScatterMax", np.maximum.at)
_tsmin = _tensor_scatter("TensorScatterMin", np.minimum.at)


@_tsu.defvjp
def _(g, ans, tensor, indices, updates):
    return (_tsu(g, indices, zeros_like(updates)), None, _gather_nd(g, indices))


@_tsa.defvjp
def _(g, ans, tensor, indices, updates):
    return (g, None, _gather_nd(g, indices))


@_tss.defvjp
def _(g, ans, tensor, indices, updates):
    return (g, None, negative(_gather_nd(g, indices)))


def _minmax_vjp(g, ans, tensor, indices, updates):
    gt = select(equal(ans, tensor), g, zeros_like(g))
    gu = _gather_nd(g, indices)
    gu = select(equal(_gather_nd(ans, indices), updates), gu, zeros_like(gu))
    return (gt, None, gu)


_tsmax.defvjp(_minmax_vjp)
_tsmin.defvjp(_minmax_vjp)


def _tensor_scatter_fn(prim, name, doc):
    def fn(tensor, indices, updates, name=None):
        t = convert_to_tensor(tensor)
        i = _indices(indices, prim.name)
        u = convert_to_tensor(updates, dtype=t.dtype) if not isinstance(updates, Tensor) else \
            updates
        if i._v.ndim >= 1:
            _scatter_shapes(prim.name, i._v, u._v, t._v.shape)
        return prim(t, i, u)
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = doc
    return export(name)(fn)


tensor_scatter_nd_update = _tensor_scatter_fn(_tsu, "tensor_scatter_nd_update",
                                              "A copy of tensor with updates written at indices.")
tensor_scatter_nd_add = _tensor_scatter_fn(_tsa, "tensor_scatter_nd_add",
                                           "A copy of tensor with updates added at indices.")
tensor_scatter_nd_sub = _tensor_scatter_fn(_tss, "tensor_scatter_nd_sub",
                                           "A copy of tensor with updates subtracted at indices.")
tensor_scatter_nd_max = _tensor_scatter_fn(_tsmax, "tensor_scatter_nd_max",
                                           "Elementwise max of tensor and updates at indices.")
tensor_scatter_nd_min = _tensor_scatter_fn(_tsmin, "tensor_scatter_nd_min",
                                           "Elementwise min of tensor and updates at indices.")


# ---------------------------------------------------------------------------------------------
# one_hot, repeat

_ON32 = np.array(1, np.float32)
_OFF32 = np.array(0, np.float32)
_F32 = _dt.float32._np
_ARANGE = {}  # depth -> arange(depth)


_ONE_HOT_TI = frozenset(np.dtype(t) for t in (np.uint8, np.int8, np.int32, np.int64))


@primitive("OneHot", differentiable=False, dtypes=_ONE_HOT_TI)
def _one_hot(indices, depth, on, off, axis, dtype):
    r = _ARANGE.get(depth)
    if type(indices) is not np.ndarray:  # on a device: the table and the on/off values there
        xp = xp_of(indices)
        r, on, off = xp.arange(depth), xp.asarray(on), xp.asarray(off)
    if r is None:
        if len(_ARANGE) > 32:
            _ARANGE.clear()
        r = _ARANGE[depth] = np.arange(depth)
    hot = indices[..., None] == r
    out = np.where(hot, on if on.dtype is dtype else on.astype(dtype, copy=False),
                   off if off.dtype is dtype else off.astype(dtype, copy=False))
    if axis != -1 and axis != indices.ndim:
        out = np.moveaxis(out, -1, axis)
    return out


@export("one_hot")
def one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None):
    """One-hot vectors of length depth at indices (out-of-range indices give all off_value)."""
    if on_value is None and off_value is None and dtype is None and axis is None and \
            type(indices) is Tensor and type(depth) is int and depth >= 0:
        # the common form: float32 ones and zeros along a new last axis (the primitive admits
        # TF's index dtypes; any other takes the checked path below, with TF's 'TI' error)
        try:
            return _one_hot(indices, depth=depth, on=_ON32, off=_OFF32, axis=-1, dtype=_F32)
        except InvalidArgumentError:
            pass
    i = convert_to_tensor(indices) if type(indices) not in (list, tuple) or indices else \
        wrap(np.zeros((0,), np.int32))  # an empty list: the attr's default int
    if i._v.dtype not in _ONE_HOT_TI:
        raise _err("OneHot", "Value for attr 'TI' of %s is not in the list of allowed values: "
                   "uint8, int8, int32, int64\n\t; NodeDef: {{node OneHot}}"
                   % i.dtype._kernel_word)
    dt = None if dtype is None else _dt.as_dtype(dtype)
    on = off = None
    if on_value is not None:
        on = convert_to_tensor(on_value, dtype_hint=dt)
    if off_value is not None:
        off = convert_to_tensor(off_value, dtype_hint=dt)
    if on is not None or off is not None:
        if dt is not None:
            for v, what in ((on, "on_value"), (off, "off_value")):
                if v is not None and v.dtype != dt:
                    raise TypeError("dtype {0} of {1} does not match dtype parameter {2}".format(
                        v.dtype, what, dt))
        else:
            dt = on.dtype if on is not None else off.dtype
    if on is not None and off is not None and on.dtype != off.dtype:
        raise TypeError("dtype {0} of on_value does not match dtype {1} of off_value".format(
            on.dtype, off.dtype))
    if dt is None:
        dt = _dt.float32
    on = convert_to_tensor(1, dtype=dt)._v if on is None else _host(on)
    off = convert_to_tensor(0, dtype=dt)._v if off is None else _host(off)
    for v, what in ((on, "on_value"), (off, "off_value")):
        if v.ndim:
            raise _err("OneHot", "%s must be a scalar, but got: %s" % (what, _dims(v.shape)))
    a = -1 if axis is None else int(axis)
    if a < -1 or a > i._v.ndim:
        raise _err("OneHot", "Expected axis to be -1 or between [0, %d).  But received: %d"
                   % (i._v.ndim + 1, a))
    if type(depth) is int:
        d = depth
    else:
        d = _host(convert_to_tensor(depth, dtype=_dt.int32))
        if d.ndim:
            raise _err("OneHot", "depth must be a scalar, but got: %s" % _dims(d.shape))
        d = int(d)
    if d < 0:
        raise _err("OneHot", "depth must be non-negative, got: %d" % d)
    return _one_hot(i, depth=d, on=on, off=off, axis=a, dtype=dt._np)


@export("repeat")
def repeat(input, repeats, axis=None, name=None):
    """Repeats each element repeats times along axis (flattening first when axis is None)."""
    x = convert_to_tensor(input)
    if axis is None:
        x = reshape(x, [-1])
        a = 0
    else:
        a = _int_scalar(axis) % max(x._v.ndim, 1)
    # the counts fix the result's shape: read on the host (TF keeps them in host memory)
    r = (host(repeats._v) if isinstance(repeats, Tensor) else np.asarray(repeats)).reshape(-1)
    n = x._v.shape[a]
    if r.size == 1:
        r = np.repeat(r, n)
    elif r.size != n:
        raise _err("Repeat", "Dimensions must be equal, but are %d and %d" % (r.size, n))
    idx = np.repeat(np.arange(n, dtype=np.int32), r)
    return _gather(x, wrap(idx), axis=a, batch_dims=0)
