"""Gathers and scatters: gather, gather_nd, scatter_nd, the tensor_scatter_nd family, one_hot and
repeat, each primitive with its gradient rule directly below it."""
import numpy as np

from .. import dtypes as _dt
from .._export import export
from ..engine.primitive import primitive
from ..errors import InvalidArgumentError
from ..tensor import Tensor, convert_to_tensor, wrap
from ._args import _dims, _err, _host, _int_list, _int_scalar, _indices, _index_scalar
from .cast import zeros_like
from .comparison import equal, select
from .elementwise import negative
from .shape_ops import reshape


# ---------------------------------------------------------------------------------------------
# gather / scatter

def _check_range(idx, n, op):
    if idx.size:
        bad = (idx < 0) | (idx >= n)
        if bad.any():
            pos = np.argwhere(bad)[0]
            raise _err(op, "indices[%s] = %d is not in [0, %d)" % (
                ",".join(map(str, pos)), idx[tuple(pos)], n))


# the index dtypes' unsigned views: ``take`` on the view raises IndexError for a negative index
# too (it becomes a huge unsigned one), so one C call gathers and checks the range. int64's view
# would wrap back when cast to intp, so int64 indices check their minimum instead.
_UNSIGNED = {np.dtype(np.int32): np.dtype(np.uint32), np.dtype(np.int16): np.dtype(np.uint16)}
_I64 = np.dtype(np.int64)
_min_reduce = np.minimum.reduce


def _gather_np(p, idx, axis):
    u = _UNSIGNED.get(idx.dtype)
    try:
        if u is not None:
            return p.take(idx.view(u), axis)
        if idx.dtype is _I64 or idx.dtype == _I64:
            if idx.size and _min_reduce(idx, None) < 0:
                raise IndexError
            return p.take(idx, axis)
    except IndexError:
        pass
    _check_range(idx, p.shape[axis], "GatherV2")
    return np.take(p, idx, axis=axis)


def _batch_loop(fn, a, b, bd):
    """Applies fn to matching batch slices of a and b (batch_dims > 0) and stacks the results."""
    lead = a.shape[:bd]
    af = a.reshape((-1,) + a.shape[bd:])
    bf = b.reshape((-1,) + b.shape[bd:])
    outs = [fn(af[k], bf[k]) for k in range(af.shape[0])]
    if not outs:
        return None
    return np.stack(outs).reshape(lead + outs[0].shape)


_UNSIGNED_OR_I64 = frozenset(_UNSIGNED) | {_I64}


@primitive("GatherV2", match=(0,), attrs_positional=True, run_time_check=True)
def _gather(params, indices, axis, batch_dims):
    if batch_dims == 0:
        u = _UNSIGNED.get(indices.dtype)
        if u is not None:  # the common case, inlined: one C call gathers and checks the range
            try:
                return params.take(indices.view(u), axis)
            except IndexError:
                pass
        return _gather_np(params, indices, axis)
    out = _batch_loop(lambda p, i: _gather_np(p, i, axis - batch_dims), params, indices,
                      batch_dims)
    if out is None:
        shape = params.shape[:axis] + indices.shape[batch_dims:] + params.shape[axis + 1:]
        return np.zeros(shape, params.dtype)
    return out


@_gather.defvjp
def _(g, ans, params, indices, axis, batch_dims):
    return (_gather_grad(g, indices, shape=params._v.shape, axis=axis, batch_dims=batch_dims),
            None)


def _scatter_take(g, idx, shape, axis):
    out = np.zeros(shape, g.dtype)
    ov = np.moveaxis(out, axis, 0)
    k = idx.ndim
    gv = np.moveaxis(g, tuple(range(axis, axis + k)), tuple(range(k)))
    np.add.at(ov, idx, gv)
    return out


@primitive("GatherGrad", match=(0,))
def _gather_grad(g, indices, shape, axis, batch_dims):
    if batch_dims == 0:
        return _scatter_take(g, indices, shape, axis)
    sub = shape[batch_dims:]
    out = _batch_loop(lambda gg, i: _scatter_take(gg, i, sub, axis - batch_dims), g, indices,
                      batch_dims)
    return out if out is not None else np.zeros(shape, g.dtype)


@_gather_grad.defvjp
def _(g, ans, dy, indices, shape, axis, batch_dims):
    return (_gather(g, indices, axis=axis, batch_dims=batch_dims), None)


@export("gather")
def gather(params, indices, validate_indices=None, axis=None, batch_dims=0, name=None):
    """Gathers slices of params along axis at indices (batched over the first batch_dims)."""
    if type(params) is Tensor and type(indices) is Tensor and type(batch_dims) is int and \
            not batch_dims and indices._v.dtype in _UNSIGNED_OR_I64:
        # the common form: tensors, no batch dims, an int axis (or none)
        if axis is None:
            if params._v.ndim:
                return _gather(params, indices, axis=0, batch_dims=0)
        elif type(axis) is int:
            n = params._v.ndim
            a = axis + n if axis < 0 else axis
            if 0 <= a < n:
                return _gather(params, indices, axis=a, batch_dims=0)
    p = convert_to_tensor(params)
    i = _indices(indices, "GatherV2")
    bd = _index_scalar(batch_dims, "GatherV2", "Taxis")
    a = None if axis is None else _index_scalar(axis, "GatherV2", "Taxis")
    if a == 0:  # TF's gather drops batch_dims for a constant axis 0
        bd = 0
    if bd < 0:
        bd += i._v.ndim
    if a is None:
        a = bd
    n = p._v.ndim
    if a < 0:
        a += n
    if not 0 <= a < n or bd > a:
        if bd > a and 0 <= a < n:
            raise _err("GatherV2", "batch_dims (%d) must be less than or equal to axis (%d)"
                       % (bd, a))
        raise _err("GatherV2", "Shape must be at least rank %d but is rank %d" % (a + 1, n))
    if bd > i._v.ndim or bd >= n + 0 and bd > a:
        raise _err("GatherV2", "Shape must be at least rank %d but is rank %d" % (bd + 1, n))
    if bd and p._v.shape[:bd] != i._v.shape[:bd]:
        raise _err("GatherV2", "params.shape[:batch_dims] must equal indices.shape[:batch_dims]: "
                   "%s vs %s" % (_dims(p._v.shape), _dims(i._v.shape)))
    return _gather(p, i, axis=a, batch_dims=bd)


def _nd_check(indices, shape, op, what):
    k = indices.shape[-1]
    flat = indices.reshape(-1, k)
    if flat.size:
        bad = ((flat < 0) | (flat >= np.asarray(shape[:k]))).any(1)
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
    return tuple(np.moveaxis(indices, -1, 0))


@primitive("GatherNd", match=(0,), run_time_check=True)
def _gather_nd(params, indices):
    _nd_check(indices, params.shape, "GatherNd", "param shape")
    return params[_nd_key(indices)]


@_gather_nd.defvjp
def _(g, ans, params, indices):
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
    out = np.zeros(shape, updates.dtype)
    np.add.at(out, _nd_key(indices), updates)
    return out


@_scatter_nd.defvjp
def _(g, ans, indices, updates, shape):
    return (None, _gather_nd(g, indices))


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
    if r is None:
        if len(_ARANGE) > 32:
            _ARANGE.clear()
        r = _ARANGE[depth] = np.arange(depth)
    hot = indices[..., None] == r
    out = np.where(hot, on if on.dtype is dtype else np.asarray(on, dtype),
                   off if off.dtype is dtype else np.asarray(off, dtype))
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
    r = np.asarray(repeats._v if isinstance(repeats, Tensor) else repeats).reshape(-1)
    n = x._v.shape[a]
    if r.size == 1:
        r = np.repeat(r, n)
    elif r.size != n:
        raise _err("Repeat", "Dimensions must be equal, but are %d and %d" % (r.size, n))
    idx = np.repeat(np.arange(n, dtype=np.int32), r)
    return _gather(x, wrap(idx), axis=a, batch_dims=0)
