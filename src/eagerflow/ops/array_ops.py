"""Shape and array ops: reshape, broadcast_to, transpose, concat/stack/split, gather/scatter, pad..."""
import numpy as np

from ..engine.primitive import primitive
from ..errors import InvalidArgumentError
from ..tensor import Tensor, convert_to_tensor, wrap

__all__ = ["reshape", "broadcast_to"]


def _shape_arg(shape):
    if isinstance(shape, Tensor):
        return tuple(int(d) for d in shape._v.reshape(-1))
    if hasattr(shape, "as_list"):
        return tuple(shape.as_list())
    if isinstance(shape, (int, np.integer)):
        return (int(shape),)
    return tuple(int(d) for d in shape)


@primitive("Reshape", on_error=lambda p, a: None)
def _reshape(x, shape):
    try:
        return x.reshape(shape)
    except ValueError:
        n = x.size
        known = 1
        for d in shape:
            if d != -1:
                known *= d
        if list(shape).count(-1) == 1 and known and n % known:
            msg = ("Input to reshape is a tensor with %d values, but the requested shape requires a "
                   "multiple of %d [Op:Reshape]" % (n, known))
        else:
            msg = ("Input to reshape is a tensor with %d values, but the requested shape has %d "
                   "[Op:Reshape]" % (n, known))
        raise InvalidArgumentError(None, "Reshape", msg) from None


@_reshape.defvjp
def _(g, ans, x, shape):
    return (_reshape(g, shape=x._v.shape),)


def reshape(tensor, shape, name=None):
    """Gives the tensor a new shape with the same elements (-1 infers one dimension)."""
    return _reshape(tensor, shape=_shape_arg(shape))


@primitive("BroadcastTo", on_error=lambda p, a: None)
def _broadcast_to(x, shape):
    try:
        return np.broadcast_to(x, shape)
    except ValueError:
        raise InvalidArgumentError(None, "BroadcastTo", (
            "Unable to broadcast tensor of shape %s to tensor of shape %s [Op:BroadcastTo]") % (
                "[%s]" % ",".join(map(str, x.shape)), "[%s]" % ",".join(map(str, shape)))) from None


@_broadcast_to.defvjp
def _(g, ans, x, shape):
    from ..autodiff.backward import sum_to
    return (sum_to(g, x._v.shape),)


def broadcast_to(input, shape, name=None):
    """Broadcasts input to shape with NumPy's rules."""
    return _broadcast_to(input, shape=_shape_arg(shape))


# ---------------------------------------------------------------------------------------------
# helpers

from .. import dtypes as _dt  # noqa: E402

__all__ += ["transpose", "expand_dims", "squeeze", "concat", "stack", "unstack", "split", "tile",
            "pad", "reverse", "roll", "gather", "gather_nd", "scatter_nd",
            "tensor_scatter_nd_update", "tensor_scatter_nd_add", "tensor_scatter_nd_sub",
            "tensor_scatter_nd_max", "tensor_scatter_nd_min", "one_hot", "shape", "shape_n",
            "size", "rank", "meshgrid", "broadcast_static_shape", "broadcast_dynamic_shape",
            "repeat", "searchsorted", "sequence_mask", "slice", "strided_slice"]
MATH = []
LINALG = []
_INDEX_TYPES = (np.dtype(np.int16), np.dtype(np.int32), np.dtype(np.int64))


def _dims(shape):
    return "[%s]" % ",".join(str(int(d)) for d in shape)


def _err(op, msg):
    return InvalidArgumentError(None, op, "%s [Op:%s]" % (msg, op))


def _int_list(v):
    """A Python/NumPy/Tensor list or scalar of ints -> a list of Python ints."""
    if isinstance(v, Tensor):
        v = v._v.tolist()
    elif hasattr(v, "_read"):
        v = v._read()._v.tolist()
    elif isinstance(v, np.ndarray):
        v = v.tolist()
    if isinstance(v, (int, np.integer)):
        return [int(v)]
    return [int(d) for d in v]


def _int_scalar(v):
    if isinstance(v, Tensor):
        return int(v._v)
    if hasattr(v, "_read"):
        return int(v._read()._v)
    return int(v)


def _indices(indices, op):
    t = convert_to_tensor(indices)
    if t._v.dtype not in _INDEX_TYPES:
        raise _err(op, "Value for attr 'Tindices' of %s is not in the list of allowed values: "
                   "int16, int32, int64" % t.dtype.name)
    return t


# ---------------------------------------------------------------------------------------------
# transpose, expand_dims, squeeze

@primitive("Transpose")
def _transpose(x, perm):
    return x.transpose(perm)  # what np.transpose runs for an ndarray


@_transpose.defvjp
def _(g, ans, x, perm):
    return (_transpose(g, perm=tuple(int(i) for i in np.argsort(perm))),)


def transpose(a, perm=None, conjugate=False, name="transpose"):
    """Permutes the dimensions of a (default: reverses them)."""
    from .math_ops import conj
    x = convert_to_tensor(a)
    n = x._v.ndim
    if perm is None:
        perm = tuple(range(n - 1, -1, -1))
    else:
        perm = tuple(_int_list(perm))
        if len(perm) != n:
            raise _err("Transpose", "transpose expects a vector of size %d. But input(1) is a "
                       "vector of size %d" % (n, len(perm)))
        for p in perm:
            if not 0 <= p < n:
                raise _err("Transpose", "%d is out of range [0 .. %d)" % (p, n))
        for k in range(n):
            if k not in perm:
                raise _err("Transpose", "%d is missing from {%s}." % (k, ",".join(map(str, perm))))
    if conjugate:
        x = conj(x)
    return _transpose(x, perm=perm)


def expand_dims(input, axis, name=None):
    """Inserts a length-1 dimension at axis."""
    x = convert_to_tensor(input)
    n = x._v.ndim
    a = _int_scalar(axis)
    if not -n - 1 <= a <= n:
        raise _err("ExpandDims", "Tried to expand dim index %d for tensor with %d dimensions."
                   % (a, n))
    if a < 0:
        a += n + 1
    s = x._v.shape
    return _reshape(x, shape=s[:a] + (1,) + s[a:])


def squeeze(input, axis=None, name=None):
    """Removes length-1 dimensions (all of them, or those listed in axis)."""
    x = convert_to_tensor(input)
    s = x._v.shape
    n = len(s)
    if axis is None:
        new = tuple(d for d in s if d != 1)
    else:
        axes = set()
        for a in _int_list(axis):
            if not -n <= a < n:
                raise _err("Squeeze", "Tried to squeeze dim index %d for tensor with %d "
                           "dimensions." % (a, n))
            a %= n
            if s[a] != 1:
                raise _err("Squeeze", "Can not squeeze dim[%d], expected a dimension of 1, got %d"
                           % (a, s[a]))
            axes.add(a)
        new = tuple(d for k, d in enumerate(s) if k not in axes)
    if new == s:
        return x
    return _reshape(x, shape=new)


# ---------------------------------------------------------------------------------------------
# concat, stack, unstack, split

@primitive("ConcatV2")
def _concat(*xs, axis):
    return np.concatenate(xs, axis=axis)


@_concat.defvjp
def _(g, ans, *xs, axis):
    sizes = [x._v.shape[axis] for x in xs]
    if len(xs) == 1:
        return (g,)
    return tuple(_split(g, sizes=tuple(sizes), axis=axis))


def concat(values, axis, name="concat"):
    """Joins tensors along an existing axis."""
    if isinstance(values, (Tensor,)) or not isinstance(values, (list, tuple)):
        values = [values]
    ts = _concat.convert(list(values))
    if not ts:
        raise _err("ConcatV2", "OpKernel 'ConcatV2' has constraint on attr 'T' not in NodeDef "
                   "'[N=0, Tidx=DT_INT32]'")
    a = _int_scalar(axis)
    s0 = ts[0]._v.shape
    n = len(s0)
    if not -n <= a < n:
        raise _err("ConcatV2", "ConcatOp : Expected concatenating dimensions in the range "
                   "[%d, %d), but got %d" % (-n, n, a))
    a %= n
    d0 = ts[0]._v.dtype
    for k, t in enumerate(ts[1:], 1):
        s = t._v.shape
        if t._v.dtype != d0:
            break  # bind reports the dtype mismatch
        if len(s) != n:
            raise _err("ConcatV2", "ConcatOp : Ranks of all input tensors should match: shape[0] = "
                       "%s vs. shape[%d] = %s" % (_dims(s0), k, _dims(s)))
        for j in range(n):
            if j != a and s[j] != s0[j]:
                raise _err("ConcatV2", "ConcatOp : Dimension %d in both shapes must be equal: "
                           "shape[0] = %s vs. shape[%d] = %s" % (j, _dims(s0), k, _dims(s)))
    if len(ts) == 1:
        from .misc_ops import identity
        return identity(ts[0])
    return _concat(*ts, axis=a)


@primitive("Pack")
def _stack(*xs, axis):
    return np.stack(xs, axis=axis)


@_stack.defvjp
def _(g, ans, *xs, axis):
    return tuple(_unstack(g, axis=axis))


def stack(values, axis=0, name="stack"):
    """Stacks tensors of one shape along a new axis."""
    ts = _stack.convert(list(values))
    if not ts:
        raise ValueError("Need at least one tensor to stack")  # pragma: no cover
    s0 = ts[0]._v.shape
    n = len(s0) + 1
    a = int(axis)
    if not -n <= a < n:
        raise ValueError("Argument `axis` = %d not in range [%d, %d)" % (a, -n, n))
    a %= n
    d0 = ts[0]._v.dtype
    for k, t in enumerate(ts[1:], 1):
        if t._v.dtype == d0 and t._v.shape != s0:
            raise _err("Pack", "Shapes of all inputs must match: values[0].shape = %s != "
                       "values[%d].shape = %s" % (_dims(s0), k, _dims(t._v.shape)))
    return _stack(*ts, axis=a)


@primitive("Unpack", multiple_results=True)
def _unstack(x, axis):
    return list(np.moveaxis(x, axis, 0)) if axis else list(x)


@_unstack.defvjp
def _(g, ans, x, axis):
    return (_stack(*g, axis=axis),)


def unstack(value, num=None, axis=0, name="unstack"):
    """Splits a tensor into a list of tensors along axis (removing it)."""
    x = convert_to_tensor(value)
    s = x._v.shape
    n = len(s)
    a = int(axis)
    if not -n <= a < n:
        raise ValueError("Argument `axis` = %d not in range [%d, %d)" % (a, -n, n))
    a %= n
    if num is not None and num != s[a]:
        raise _err("Unpack", "Input shape axis %d must equal %d, got shape %s" % (a, num, _dims(s)))
    return _unstack(x, axis=a)


@primitive("SplitV", multiple_results=True)
def _split(x, sizes, axis):
    return np.split(x, np.cumsum(sizes[:-1]), axis=axis)


@_split.defvjp
def _(g, ans, x, sizes, axis):
    return (_concat(*g, axis=axis),)


def split(value, num_or_size_splits, axis=0, num=None, name="split"):
    """Splits a tensor into num_or_size_splits pieces (a count, or a list of sizes with one -1)."""
    x = convert_to_tensor(value)
    s = x._v.shape
    n = len(s)
    a = _int_scalar(axis)
    op = "Split" if isinstance(num_or_size_splits, (int, np.integer)) or (
        isinstance(num_or_size_splits, Tensor) and num_or_size_splits._v.ndim == 0) else "SplitV"
    if not -n <= a < n:
        raise _err(op, "-%d <= split_dim < %d, but got %d" % (n, n, a) if op == "SplitV" else
                   "-%d <= split_dim < %d, but got %d" % (n, n, a))
    a %= n
    dim = s[a]
    if op == "Split":
        k = _int_scalar(num_or_size_splits)
        if k <= 0 or dim % k:
            raise _err(op, "Number of ways to split should evenly divide the split dimension, but "
                       "got split_dim %d (size = %d) and num_split %d" % (a, dim, k))
        sizes = (dim // k,) * k
    else:
        sizes = _int_list(num_or_size_splits)
        if sizes.count(-1) > 1:
            raise _err(op, "There can only be one -1 in the input.")
        known = sum(d for d in sizes if d != -1)
        if -1 in sizes:
            if known > dim:
                raise _err(op, "Determined shape must either match input shape along split_dim "
                           "exactly if fully specified, or be less than the size of the input "
                           "along split_dim if not fully specified.  Got: %d" % known)
            sizes[sizes.index(-1)] = dim - known
        elif known != dim:
            raise _err(op, "Determined shape must either match input shape along split_dim "
                       "exactly if fully specified, or be less than the size of the input along "
                       "split_dim if not fully specified.  Got: %d" % known)
        sizes = tuple(sizes)
    return _split(x, sizes=sizes, axis=a)


# ---------------------------------------------------------------------------------------------
# tile, pad, slice, reverse, roll

@primitive("Tile")
def _tile(x, multiples):
    return np.tile(x, multiples)


@_tile.defvjp
def _(g, ans, x, multiples):
    from .reduction_ops import reduce_sum
    s = x._v.shape
    inter = []
    for m, d in zip(multiples, s):
        inter += [m, d]
    g = _reshape(g, shape=tuple(inter))
    g = reduce_sum(g, axis=list(range(0, 2 * len(s), 2)))
    return (g,)


def tile(input, multiples, name=None):
    """Repeats the whole tensor multiples[i] times along axis i."""
    x = convert_to_tensor(input)
    m = tuple(_int_list(multiples))
    if len(m) != x._v.ndim:
        raise _err("Tile", "Expected multiples argument to be a vector of length %d but got "
                   "length %d" % (x._v.ndim, len(m)))
    if any(d < 0 for d in m):
        raise _err("Tile", "Expected multiples[%d] >= 0, but got %d" % (
            [k for k, d in enumerate(m) if d < 0][0], min(m)))
    return _tile(x, multiples=m)


@primitive("PadV2")
def _pad(x, paddings, value):
    return np.pad(x, paddings, constant_values=value)


@_pad.defvjp
def _(g, ans, x, paddings, value):
    return (_slice(g, begin=tuple(p[0] for p in paddings), size=x._v.shape),)


@primitive("MirrorPad")
def _mirror_pad(x, paddings, mode):
    return np.pad(x, paddings, mode=mode)


@_mirror_pad.defvjp
def _(g, ans, x, paddings, mode):
    return (_mirror_pad_grad(g, paddings=paddings, mode=mode, shape=x._v.shape),)


@primitive("MirrorPadGrad")
def _mirror_pad_grad(g, paddings, mode, shape):
    idx = np.pad(np.arange(int(np.prod(shape))).reshape(shape), paddings, mode=mode)
    out = np.zeros(int(np.prod(shape)), g.dtype)
    np.add.at(out, idx.ravel(), g.ravel())
    return out.reshape(shape)


@_mirror_pad_grad.defvjp
def _(g, ans, dy, paddings, mode, shape):
    return (_mirror_pad(g, paddings=paddings, mode=mode),)


def pad(tensor, paddings, mode="CONSTANT", constant_values=0, name=None):
    """Pads a tensor (CONSTANT with constant_values, REFLECT or SYMMETRIC)."""
    x = convert_to_tensor(tensor)
    p = np.asarray(paddings._v if isinstance(paddings, Tensor) else paddings, dtype=np.int64)
    m = str(mode).upper()
    if m not in ("CONSTANT", "REFLECT", "SYMMETRIC"):
        raise ValueError('Value of argument `mode` expected to be one of "CONSTANT", "REFLECT", '
                         'or "SYMMETRIC". Received `mode` = %s' % m)
    op = "Pad" if m == "CONSTANT" else "MirrorPad"
    s = x._v.shape
    if p.ndim != 2 or p.shape[0] != len(s) or p.shape[1] != 2:
        raise _err(op, "The first dimension of paddings must be the rank of inputs%s %s"
                   % (_dims(p.shape), _dims(s)))
    if (p < 0).any():
        raise _err(op, "Paddings must be non-negative: %d %d" % tuple(p[(p < 0).any(1)][0]))
    pads = tuple((int(a), int(b)) for a, b in p)
    if m == "CONSTANT":
        if isinstance(constant_values, (Tensor,)):
            constant_values = constant_values._v.item()
        return _pad(x, paddings=pads, value=constant_values)
    off = 0 if m == "REFLECT" else 1
    for d, (a, b) in zip(s, pads):
        if a > d - 1 + off or b > d - 1 + off:
            raise _err(op, "paddings must be less than%s the dimension size: %d, %d not less than%s"
                       " %d" % ("" if off == 0 else " or equal to", a, b,
                                "" if off == 0 else " or equal to", d))
    return _mirror_pad(x, paddings=pads, mode=m.lower())


@primitive("Slice")
def _slice(x, begin, size):
    return x[tuple(_py_slice(b, b + n) for b, n in zip(begin, size))]


_py_slice = slice


@_slice.defvjp
def _(g, ans, x, begin, size):
    s = x._v.shape
    return (_pad(g, paddings=tuple((b, d - b - n) for b, n, d in zip(begin, size, s)), value=0),)


def slice(input_, begin, size, name=None):
    """Extracts input_[begin : begin + size] (size -1 means to the end)."""
    x = convert_to_tensor(input_)
    s = x._v.shape
    b = _int_list(begin)
    n = _int_list(size)
    if len(b) != len(s) or len(n) != len(s):
        raise _err("Slice", "Expected begin and size arguments to be 1-D tensors of size %d, but "
                   "got shapes [%d] and [%d] instead." % (len(s), len(b), len(n)))
    for k, d in enumerate(s):
        if n[k] == -1:
            n[k] = d - b[k]
        if not 0 <= b[k] <= d:
            raise _err("Slice", "Expected begin[%d] in [0, %d], but got %d" % (k, d, b[k]))
        if not 0 <= n[k] <= d - b[k]:
            raise _err("Slice", "Expected size[%d] in [0, %d], but got %d" % (k, d - b[k], n[k]))
    return _slice(x, begin=tuple(b), size=tuple(n))


def strided_slice(input_, begin, end, strides=None, begin_mask=0, end_mask=0, ellipsis_mask=0,
                  new_axis_mask=0, shrink_axis_mask=0, var=None, name=None):
    """input_[begin:end:strides] with TF's bit masks (the op behind ``t[...]``)."""
    from .indexing import getitem
    b = _int_list(begin)
    e = _int_list(end)
    st = _int_list(strides) if strides is not None else [1] * len(b)
    key = []
    for k in range(len(b)):
        bit = 1 << k
        if ellipsis_mask & bit:
            key.append(Ellipsis)
        elif new_axis_mask & bit:
            key.append(None)
        elif shrink_axis_mask & bit:
            key.append(b[k])
        else:
            key.append(_py_slice(None if begin_mask & bit else b[k],
                                 None if end_mask & bit else e[k], st[k]))
    return getitem(convert_to_tensor(input_), tuple(key))


@primitive("ReverseV2")
def _reverse(x, axis):
    return np.flip(x, axis)


@_reverse.defvjp
def _(g, ans, x, axis):
    return (_reverse(g, axis=axis),)


def reverse(tensor, axis, name=None):
    """Reverses the listed axes."""
    x = convert_to_tensor(tensor)
    n = x._v.ndim
    axes = []
    for k, a in enumerate(_int_list(axis)):
        if not -n <= a < n:
            raise _err("ReverseV2", "'axis'[%d] = %d is out of valid range [0, %d" % (k, a, n - 1))
        a %= n
        if a in axes:
            raise _err("ReverseV2", "axis %d specified more than once." % a)
        axes.append(a)
    return _reverse(x, axis=tuple(axes))


@primitive("Roll")
def _roll(x, shift, axis):
    return np.roll(x, shift, axis)


@_roll.defvjp
def _(g, ans, x, shift, axis):
    return (_roll(g, shift=tuple(-s for s in shift), axis=axis),)


def roll(input, shift, axis, name=None):
    """Rolls elements along axis by shift (elements leaving one end re-enter at the other)."""
    x = convert_to_tensor(input)
    n = x._v.ndim
    sh = _int_list(shift)
    ax = _int_list(axis)
    if len(sh) != len(ax):
        raise _err("Roll", "shift and axis must have the same size")
    for a in ax:
        if not -n <= a < n:
            raise _err("Roll", "axis %d is out of range" % a)
    return _roll(x, shift=tuple(sh), axis=tuple(a % n for a in ax))


# ---------------------------------------------------------------------------------------------
# gather / scatter

def _check_range(idx, n, op):
    if idx.size:
        bad = (idx < 0) | (idx >= n)
        if bad.any():
            pos = np.argwhere(bad)[0]
            raise _err(op, "indices[%s] = %d is not in [0, %d)" % (
                ",".join(map(str, pos)), idx[tuple(pos)], n))


def _gather_np(p, idx, axis):
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


@primitive("GatherV2", match=(0,))
def _gather(params, indices, axis, batch_dims):
    if batch_dims == 0:
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


def gather(params, indices, validate_indices=None, axis=None, batch_dims=0, name=None):
    """Gathers slices of params along axis at indices (batched over the first batch_dims)."""
    p = convert_to_tensor(params)
    i = _indices(indices, "GatherV2")
    bd = int(batch_dims)
    if bd < 0:
        bd += i._v.ndim
    a = bd if axis is None else _int_scalar(axis)
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


@primitive("GatherNd", match=(0,))
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


@primitive("ScatterNd", match=(1,))
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
    from .math_ops import zeros_like
    return (_tsu(g, indices, zeros_like(updates)), None, _gather_nd(g, indices))


@_tsa.defvjp
def _(g, ans, tensor, indices, updates):
    return (g, None, _gather_nd(g, indices))


@_tss.defvjp
def _(g, ans, tensor, indices, updates):
    from .math_ops import negative
    return (g, None, negative(_gather_nd(g, indices)))


def _minmax_vjp(g, ans, tensor, indices, updates):
    from .math_ops import equal, select, zeros_like
    gt = select(equal(ans, tensor), g, zeros_like(g))
    gu = _gather_nd(g, indices)
    gu = select(equal(_gather_nd(ans, indices), updates), gu, zeros_like(gu))
    return (gt, None, gu)


_tsmax.defvjp(_minmax_vjp)
_tsmin.defvjp(_minmax_vjp)


def _tensor_scatter_fn(prim, doc):
    def fn(tensor, indices, updates, name=None):
        t = convert_to_tensor(tensor)
        i = _indices(indices, prim.name)
        u = convert_to_tensor(updates, dtype=t.dtype) if not isinstance(updates, Tensor) else \
            updates
        if i._v.ndim >= 1:
            _scatter_shapes(prim.name, i._v, u._v, t._v.shape)
        return prim(t, i, u)
    fn.__doc__ = doc
    return fn


tensor_scatter_nd_update = _tensor_scatter_fn(_tsu, "A copy of tensor with updates written at "
                                              "indices.")
tensor_scatter_nd_add = _tensor_scatter_fn(_tsa, "A copy of tensor with updates added at indices.")
tensor_scatter_nd_sub = _tensor_scatter_fn(_tss, "A copy of tensor with updates subtracted at "
                                           "indices.")
tensor_scatter_nd_max = _tensor_scatter_fn(_tsmax, "Elementwise max of tensor and updates at "
                                           "indices.")
tensor_scatter_nd_min = _tensor_scatter_fn(_tsmin, "Elementwise min of tensor and updates at "
                                           "indices.")
for _f, _n in ((tensor_scatter_nd_update, "tensor_scatter_nd_update"),
               (tensor_scatter_nd_add, "tensor_scatter_nd_add"),
               (tensor_scatter_nd_sub, "tensor_scatter_nd_sub"),
               (tensor_scatter_nd_max, "tensor_scatter_nd_max"),
               (tensor_scatter_nd_min, "tensor_scatter_nd_min")):
    _f.__name__ = _f.__qualname__ = _n


# ---------------------------------------------------------------------------------------------
# one_hot, shapes, meshgrid, repeat, searchsorted, sequence_mask

@primitive("OneHot", differentiable=False)
def _one_hot(indices, depth, on, off, axis, dtype):
    hot = indices[..., None] == np.arange(depth)
    out = np.where(hot, np.asarray(on, dtype), np.asarray(off, dtype))
    if axis != -1 and axis != indices.ndim:
        out = np.moveaxis(out, -1, axis)
    return out


def one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None):
    """One-hot vectors of length depth at indices (out-of-range indices give all off_value)."""
    i = convert_to_tensor(indices)
    if dtype is not None:
        dt = _dt.as_dtype(dtype)
    elif on_value is not None:
        dt = convert_to_tensor(on_value).dtype
    elif off_value is not None:
        dt = convert_to_tensor(off_value).dtype
    else:
        dt = _dt.float32
    on = convert_to_tensor(1 if on_value is None else on_value, dtype=dt)._v
    off = convert_to_tensor(0 if off_value is None else off_value, dtype=dt)._v
    a = -1 if axis is None else int(axis)
    if a < -1 or a > i._v.ndim:
        raise _err("OneHot", "Expected axis to be -1 or between [0, %d).  But received: %d"
                   % (i._v.ndim + 1, a))
    d = _int_scalar(depth)
    if d < 0:
        raise _err("OneHot", "depth must be non-negative, got: %d" % d)
    return _one_hot(i, depth=d, on=on, off=off, axis=a, dtype=dt._np)


def _out_type(out_type, op):
    dt = _dt.as_dtype(out_type)
    if dt not in (_dt.int32, _dt.int64):
        raise _err(op, "Value for attr 'out_type' of %s is not in the list of allowed values: "
                   "int32, int64" % dt._kernel_word)
    return dt._np


def _shape_of(x):
    if isinstance(x, Tensor):
        return x._v.shape
    if hasattr(x, "_read"):
        return x._read()._v.shape
    return convert_to_tensor(x)._v.shape


def shape(input, out_type=None, name=None):
    """The shape of input as a 1-D int32 (or out_type) tensor."""
    return wrap(np.array(_shape_of(input), _out_type(out_type or _dt.int32, "Shape")))


def shape_n(input, out_type=None, name=None):
    """The shapes of a list of tensors."""
    t = _out_type(out_type or _dt.int32, "ShapeN")
    return [wrap(np.array(_shape_of(x), t)) for x in input]


def size(input, out_type=None, name=None):
    """The number of elements of input, as an int32 (or out_type) scalar."""
    return wrap(np.array(int(np.prod(_shape_of(input))), _out_type(out_type or _dt.int32,
                                                                     "Size")))


def rank(input, name=None):
    """The number of dimensions of input, as an int32 scalar."""
    return wrap(np.array(len(_shape_of(input)), np.int32))


def meshgrid(*args, **kwargs):
    """Coordinate grids from 1-D tensors (indexing 'xy' swaps the first two output axes)."""
    indexing = kwargs.pop("indexing", "xy")
    kwargs.pop("name", None)
    if kwargs:
        raise TypeError("'{}' is an invalid keyword argument for this function".format(
            next(iter(kwargs))))
    if indexing not in ("xy", "ij"):
        raise ValueError("Argument `indexing` parameter must be either 'xy' or 'ij', got '%s'"
                         % indexing)
    xs = [reshape(convert_to_tensor(a), [-1]) for a in args]
    n = len(xs)
    if not n:
        return []
    sizes = [x._v.shape[0] for x in xs]
    out_shape = list(sizes)
    if indexing == "xy" and n > 1:
        out_shape[0], out_shape[1] = out_shape[1], out_shape[0]
    out = []
    for k, x in enumerate(xs):
        s = [1] * n
        pos = k
        if indexing == "xy" and n > 1 and k < 2:
            pos = 1 - k
        s[pos] = sizes[k]
        out.append(broadcast_to(reshape(x, s), out_shape))
    return out


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


def searchsorted(sorted_sequence, values, side="left", out_type=_dt.int32, name=None):
    """Insertion indices of values into the innermost dimension of sorted_sequence."""
    s = convert_to_tensor(sorted_sequence)._v
    v = convert_to_tensor(values)._v
    if side not in ("left", "right"):
        raise ValueError("Argument `side` must be either 'right' or 'left'. Received: `side` = "
                         "%s." % side)
    if s.ndim == 1 and v.ndim == 1:
        out = np.searchsorted(s, v, side=side)
    else:
        sf = s.reshape(-1, s.shape[-1])
        vf = v.reshape(-1, v.shape[-1])
        if sf.shape[0] != vf.shape[0]:
            raise _err("UpperBound" if side == "right" else "LowerBound",
                       "Leading dim_size of both tensors must match.")
        out = np.stack([np.searchsorted(a, b, side=side) for a, b in zip(sf, vf)]).reshape(
            v.shape)
    return wrap(out.astype(_out_type(out_type, "LowerBound")))


def sequence_mask(lengths, maxlen=None, dtype=_dt.bool, name=None):
    """mask[i..., j] = j < lengths[i...]."""
    ln = convert_to_tensor(lengths)._v
    m = int(ln.max()) if maxlen is None and ln.size else (0 if maxlen is None else
                                                          _int_scalar(maxlen))
    out = np.arange(m) < ln[..., None]
    return wrap(out.astype(_dt.as_dtype(dtype)._np))


def broadcast_static_shape(shape_x, shape_y):
    """The broadcast of two TensorShapes (ValueError when incompatible)."""
    from ..tensor_shape import TensorShape
    a = tuple(_shape_arg(shape_x))
    b = tuple(_shape_arg(shape_y))
    try:
        return TensorShape(np.broadcast_shapes(a, b))
    except ValueError:
        raise ValueError("Incompatible shapes for broadcasting. Two shapes are compatible if for "
                         "each dimension pair they are either equal or one of them is 1. Received:"
                         " %s and %s." % (TensorShape(a), TensorShape(b))) from None


def broadcast_dynamic_shape(shape_x, shape_y):
    """The broadcast of two shape vectors, as a tensor."""
    x = convert_to_tensor(shape_x)
    y = convert_to_tensor(shape_y)
    a, b = tuple(x._v.tolist()), tuple(y._v.tolist())
    try:
        return wrap(np.array(np.broadcast_shapes(a, b), x._v.dtype))
    except ValueError:
        raise _err("BroadcastArgs", "Incompatible shapes: %s vs. %s" % (_dims(a), _dims(b))) \
            from None
