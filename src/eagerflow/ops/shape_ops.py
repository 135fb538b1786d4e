"""Shape ops: reshape, broadcast_to, transpose, expand_dims, squeeze, concat / stack / unstack /
split, tile, pad, slice, reverse, roll, and the shape queries (shape, size, rank, broadcast shapes,
meshgrid), each primitive with its gradient rule directly below it."""
import numpy as np

from .._export import export
from ..engine.device import xp_of
from ..engine.primitive import primitive, STATE, NUMERIC, BOOL_TYPES, STRING_TYPES
from ..errors import InvalidArgumentError, UnimplementedError
from ..tensor import Tensor, convert_to_tensor
from ._args import _shape_arg, _dims, _err, _int_list, _int_scalar, _index_list, _index_scalar
from ._args import run_time_shape
from .broadcast import _reshape, _broadcast_to, _run_time_shapes, _sum
from .elementwise import conj
from .misc import identity

_int32 = np.dtype(np.int32)
_new = object.__new__
_array = np.array
_empty = np.empty


@export("reshape")
def reshape(tensor, shape, name=None):
    """Gives the tensor a new shape with the same elements (-1 infers one dimension)."""
    t = type(shape)
    if t is list or t is tuple:  # the common case: Python ints
        for d in shape:
            if type(d) is not int or d < -1:
                break
        else:
            s = shape if t is tuple else tuple(shape)
            try:
                return _reshape(tensor, shape=s)
            except InvalidArgumentError:
                return _reshape_empty(tensor, s)
    if STATE.g:
        dynamic = _run_time_shape(shape)
        if dynamic is not None:
            return _reshape_dynamic(tensor, dynamic, name="Reshape" if name is None else name)
    s = _reshape_shape(shape)
    try:
        return _reshape(tensor, shape=s)
    except InvalidArgumentError:
        return _reshape_empty(tensor, s)


def _run_time_shape(shape):
    """While tracing: the shape as a graph tensor when its value exists only when the graph runs
    (``[tf.shape(x)[0], -1]``), else None."""
    if isinstance(shape, (list, tuple)) and not any(hasattr(d, "_static_value") for d in shape):
        return None
    if not isinstance(shape, (list, tuple)) and not hasattr(shape, "_static_value"):
        return None
    t = convert_to_tensor(shape)
    static = getattr(t, "_static_value", None)
    if static is None or static() is not None or t.dtype.name not in ("int32", "int64"):
        return None
    return t


@primitive("ReshapeDynamic", match=(0,), value_shape=True)
def _reshape_dynamic(x, shape):
    """Reshape whose shape is an input (a graph computes it while it runs)."""
    s = tuple(int(d) for d in shape.reshape(-1))
    try:
        return x.reshape(s)
    except ValueError:
        raise _err("Reshape", "Input to reshape is a tensor with %d values, but the requested "
                   "shape has %d" % (x.size, int(np.prod([d for d in s if d != -1])))) from None



@_reshape_dynamic.defvjp
def _(g, ans, x, shape):
    from .shape_query import shape as _shape_of  # (shape_query imports this module)
    return (_reshape_dynamic(g, _shape_of(x)), None)


def _reshape_shape(shape):
    """A shape argument of reshape that is not a list of Python ints >= -1: TF's checks."""
    if hasattr(shape, "as_list") and not isinstance(shape, Tensor):
        shape = shape.as_list()
        if None in shape:
            shape = [-1 if d is None else d for d in shape]
    s = tuple(_index_list(shape, "Reshape", "Tshape",
                          rank_msg="sizes input must be 1-D, not %s"))
    for k, d in enumerate(s):
        if d < -1:
            raise _err("Reshape", "Size %d must be non-negative, not %d" % (k, d))
    return s


def _reshape_empty(tensor, s):
    """TF's result for a -1 in the shape of an empty tensor (NumPy raises): the unknown dimension
    is the product of the input's non-zero dimensions over that of the shape's known non-zero
    ones; anything else re-raises the error."""
    x = convert_to_tensor(tensor)
    if s.count(-1) != 1 or x._v.size:
        return _reshape(x, shape=s)
    n = 1
    for d in x._v.shape:
        if d:
            n *= d
    known = 1
    for d in s:
        if d > 0:
            known *= d
    return _reshape(x, shape=tuple(n // known if d == -1 else d for d in s))


@export("broadcast_to")
def broadcast_to(input, shape, name=None):
    """Broadcasts input to shape with NumPy's rules (or to a shape a graph computes as it runs)."""
    dynamic = run_time_shape(shape)
    if dynamic is not None:
        return _run_time_shapes()._broadcast_to_dynamic(input, dynamic)
    return _broadcast_to(input, shape=_shape_arg(shape))


# ---------------------------------------------------------------------------------------------
# transpose, expand_dims, squeeze

# the forward is ndarray.transpose itself (what np.transpose runs for an ndarray)
_transpose = primitive("Transpose", attrs_positional=True)(np.ndarray.transpose)


@_transpose.defvjp
def _(g, ans, x, perm):
    return (_transpose(g, perm=tuple(int(i) for i in np.argsort(perm))),)


_REVERSED = [tuple(range(n - 1, -1, -1)) for n in range(65)]  # the default perm by rank
_RANGES = [list(range(n)) for n in range(65)]


def _check_perm(perm, n):
    """Raises TF's error for a perm that is not a permutation of range(n)."""
    if len(perm) != n:
        raise _err("Transpose", "transpose expects a vector of size %d. But input(1) is a "
                   "vector of size %d" % (n, len(perm)))
    for p in perm:
        if not 0 <= p < n:
            raise _err("Transpose", "%d is out of range [0 .. %d)" % (p, n))
    for k in range(n):
        if k not in perm:
            raise _err("Transpose", "%d is missing from {%s}." % (k, ",".join(map(str, perm))))


@export("transpose")
def transpose(a, perm=None, conjugate=False, name="transpose"):
    """Permutes the dimensions of a (default: reverses them)."""
    x = a if type(a) is Tensor else convert_to_tensor(a)
    n = x._v.ndim
    if perm is None:
        perm = _REVERSED[n] if n < 65 else tuple(range(n - 1, -1, -1))
    else:
        perm = tuple(_index_list(perm, "Transpose", "Tperm",
                                 rank_msg="perm must be rank 1, got shape %s", scalar_ok=False))
        if len(perm) != n or n >= 65 or sorted(perm) != _RANGES[n]:  # not a permutation
            wrapped = tuple(p + n if -n <= p < 0 else p for p in perm)  # TF wraps negatives
            if len(perm) == n and n < 65 and sorted(wrapped) == _RANGES[n]:
                perm = wrapped
            else:
                _check_perm(perm, n)
    if conjugate:
        x = conj(x)
    return _transpose(x, perm=perm)


@export("expand_dims")
def expand_dims(input, axis, name=None):
    """Inserts a length-1 dimension at axis."""
    x = input if type(input) is Tensor else convert_to_tensor(input)
    s = x._v.shape
    a = axis if type(axis) is int else _index_scalar(
        axis, "ExpandDims", "Tdim", hint=True, one_ok=True,
        msg="'dim' must be a tensor with a single value")
    if a == 0 and type(x) is Tensor:  # the common case (always in range)
        return _reshape(x, shape=(1,) + s)
    n = len(s)
    if not -n - 1 <= a <= n:
        raise _err("ExpandDims", "Tried to expand dim index %d for tensor with %d dimensions."
                   % (a, n))
    if a < 0:
        a += n + 1
    if type(x) is not Tensor and not x.shape.is_fully_defined():
        R = _run_time_shapes()
        d = R.dims(x)
        return R.reshape(x, d[:a] + (1,) + d[a:], x)
    return _reshape(x, shape=s[:a] + (1,) + s[a:])


def _run_time_shapes():
    from . import run_time_shapes  # (it builds on this module)
    return run_time_shapes


@export("squeeze")
def squeeze(input, axis=None, name=None):
    """Removes length-1 dimensions (all of them, or those listed in axis)."""
    x = input if type(input) is Tensor else convert_to_tensor(input)
    s = x._v.shape
    n = len(s)
    if type(axis) is int and type(x) is Tensor:  # the common case: one valid axis
        a = axis + n if axis < 0 else axis
        if 0 <= a < n and s[a] == 1:
            return _reshape(x, shape=s[1:] if a == 0 else s[:a] + s[a + 1:])
    if axis is not None:
        axis = _squeeze_axes(axis)
    known = None
    if type(x) is not Tensor and not x.shape.is_fully_defined():
        known = _run_time_shapes().dims(x)  # an unknown dimension is not squeezed
        s = tuple(0 if d is None else d for d in known)
    if not axis:  # None or []: every length-1 dimension
        new = tuple(d for d in s if d != 1)
    else:
        axes = set()
        for a in axis:
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
    if known is not None:
        kept = [k for k in range(n) if (k not in axes if axis else s[k] != 1)]
        return _run_time_shapes().reshape(x, tuple(known[k] for k in kept), x)
    return _reshape(x, shape=new)


def _squeeze_axes(axis):
    """TF's conversion of squeeze's axis attr: a scalar is a one-element list; each element
    int() (a str: 'Expected int for argument 'axis' not '0'.'); a tensor is no list."""
    if np.isscalar(axis):
        axis = [axis]
    elif not isinstance(axis, (list, tuple)):
        raise TypeError("Expected list for 'axis' argument to 'squeeze' Op, not %r." % (axis,))
    out = []
    for a in axis:
        if isinstance(a, (str, bytes)):
            raise TypeError("Expected int for argument 'axis' not %r." % (a,))
        try:
            out.append(int(a))
        except (TypeError, ValueError):
            raise TypeError("Expected int for argument 'axis' not %r." % (a,)) from None
    return out


# ---------------------------------------------------------------------------------------------
# concat, stack, unstack, split

# np.concatenate minus its __array_function__ dispatch, for ndarrays (a device library's own else)
_concatenate = getattr(np.concatenate, "_implementation", np.concatenate)


@primitive("ConcatV2")
def _concat(*xs, axis):
    return (_concatenate if type(xs[0]) is np.ndarray else np.concatenate)(xs, axis=axis)


@_concat.defvjp
def _(g, ans, *xs, axis):
    if len(xs) == 1:
        return (g,)
    for x in xs:
        if type(x) is not Tensor and x.shape[axis] is None:  # sizes known when the graph runs
            return tuple(_run_time_shapes().concat_grad(g, *xs, axis=axis))
    sizes = [x._v.shape[axis] for x in xs]
    return tuple(_split(g, sizes=tuple(sizes), axis=axis))


def _fast_join(prim, values, axis):
    """concat/stack's common case (exact Tensors, a Python int axis, nothing traced): the op runs
    first; on any error None sends the call to the general path, which checks everything in TF's
    order (valid inputs never fail) and so raises what it always raises."""
    if (type(values) is list or type(values) is tuple) and type(axis) is int and axis >= 0 \
            and not STATE.g and values:
        for t in values:
            if type(t) is not Tensor:
                return None
        try:
            return prim(*values, axis=axis)
        except Exception:
            return None
    return None


@export("concat")
def concat(values, axis, name="concat"):
    """Joins tensors along an existing axis."""
    done = _fast_join(_concat, values, axis)
    if done is not None:
        return done
    if isinstance(values, (Tensor,)) or not isinstance(values, (list, tuple)):
        values = [values]
    ts = _concat.convert(list(values))
    if not ts:
        raise _err("ConcatV2", "OpKernel 'ConcatV2' has constraint on attr 'T' not in NodeDef "
                   "'[N=0, Tidx=DT_INT32]'")
    a = _index_scalar(axis, "ConcatV2", "Tidx", hint=True, one_ok=True,
                      msg="Concat dim tensor should be a scalar integer")
    s0 = ts[0]._v.shape
    n = len(s0)
    if not -n <= a < n:
        raise _err("ConcatV2", "ConcatOp : Expected concatenating dimensions in the range "
                   "[%d, %d), but got %d" % (-n, n, a))
    a %= n
    _check_concat(ts, s0, n, a)
    if len(ts) == 1:
        return identity(ts[0])
    return _concat(*ts, axis=a)


def _check_concat(ts, s0, n, a):
    """TF's shape errors of ConcatV2 (a dtype mismatch is left to the op)."""
    d0 = ts[0]._v.dtype
    for k in range(1, len(ts)):
        v = ts[k]._v
        s = v.shape
        if v.dtype != d0:
            break  # bind reports the dtype mismatch
        if len(s) != n:
            raise _err("ConcatV2", "ConcatOp : Ranks of all input tensors should match: shape[0] = "
                       "%s vs. shape[%d] = %s" % (_dims(s0), k, _dims(s)))
        for j in range(n):
            if j != a and s[j] != s0[j]:
                raise _err("ConcatV2", "ConcatOp : Dimension %d in both shapes must be equal: "
                           "shape[0] = %s vs. shape[%d] = %s" % (j, _dims(s0), k, _dims(s)))


_NEW_AXIS = [(slice(None),) * k + (None,) for k in range(65)]  # x[_NEW_AXIS[k]]: a new axis k


@primitive("Pack")
def _stack(*xs, axis):
    # np.stack's own steps (each input gains the axis, then one concatenate), minus its wrappers
    if not 0 <= axis < 65:
        return np.stack(xs, axis=axis)
    key = _NEW_AXIS[axis]
    return (_concatenate if type(xs[0]) is np.ndarray else np.concatenate)(
        [x[key] for x in xs], axis=axis)


@_stack.defvjp
def _(g, ans, *xs, axis):
    return tuple(_unstack(g, axis=axis))


@export("stack")
def stack(values, axis=0, name="stack"):
    """Stacks tensors of one shape along a new axis."""
    done = _fast_join(_stack, values, axis)
    if done is not None:
        return done
    if type(axis) is not str and axis == 0 and isinstance(values, (list, tuple)) and \
            not _holds_tensor(values):
        # TF first converts a constant list as one tensor (stack([1, 2.5]) is float32)
        try:
            return convert_to_tensor(values)
        except (TypeError, ValueError, NotImplementedError):
            pass
    ts = _stack.convert(list(values))
    if not ts:
        raise ValueError("Need at least one tensor to stack")  # pragma: no cover
    s0 = ts[0]._v.shape
    n = len(s0) + 1
    a = axis
    if a < -n or a >= n:  # a str axis: Python's TypeError, as in TF
        raise ValueError("Argument `axis` = %d not in range [%d, %d)" % (a, -n, n))
    a = int(a)
    a %= n
    d0 = ts[0]._v.dtype
    for k, t in enumerate(ts[1:], 1):
        if t._v.dtype == d0 and t._v.shape != s0:
            raise _err("Pack", "Shapes of all inputs must match: values[0].shape = %s != "
                       "values[%d].shape = %s" % (_dims(s0), k, _dims(t._v.shape)))
    return _stack(*ts, axis=a)


def _holds_tensor(values):
    for v in values:
        if isinstance(v, (list, tuple)):
            if _holds_tensor(v):
                return True
        elif isinstance(v, Tensor) or hasattr(v, "_read"):
            return True
    return False


@primitive("Unpack", multiple_results=True)
def _unstack(x, axis):
    return list(np.moveaxis(x, axis, 0)) if axis else list(x)


@_unstack.defvjp
def _(g, ans, x, axis):
    return (_stack(*g, axis=axis),)


@export("unstack")
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
    return np.split(x, np.cumsum(sizes[:-1]).tolist(), axis=axis)  # (host offsets)


@_split.defvjp
def _(g, ans, x, sizes, axis):
    return (_concat(*g, axis=axis),)


@export("split")
def split(value, num_or_size_splits, axis=0, num=None, name="split"):
    """Splits a tensor into num_or_size_splits pieces (a count, or a list of sizes with one -1)."""
    x = convert_to_tensor(value)
    s = x._v.shape
    n = len(s)
    a = _int_scalar(axis)
    op = "Split" if isinstance(num_or_size_splits, (int, np.integer)) or (
        isinstance(num_or_size_splits, Tensor) and num_or_size_splits._v.ndim == 0) else "SplitV"
    if not -n <= a < n:
        raise _err(op, "-%d <= split_dim < %d, but got %d" % (n, n, a))
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

# TF's CPU TileOp has no uint16 kernel (UnimplementedError, raised by tile's checked path)
_TILE_TYPES = (NUMERIC | BOOL_TYPES | STRING_TYPES) - {np.dtype(np.uint16)}


@primitive("Tile", dtypes=_TILE_TYPES)
def _tile(x, multiples):
    # np.tile's result for an ndarray with one multiple per dimension, built by one broadcasting
    # copy into the output viewed as (m0, d0, m1, d1, ...) (np.tile's repeat loop is slower)
    shape = x.shape
    if len(shape) == 2 and len(multiples) == 2:  # the common case
        d0, d1 = shape
        m0, m1 = multiples
        if m0 == 1 and m1 == 1:
            return x.copy("K")  # what np.tile returns then: a copy
        out = (_empty if type(x) is np.ndarray else xp_of(x).empty)((d0 * m0, d1 * m1), x.dtype)
        out.reshape((m0, d0, m1, d1))[...] = x.reshape((1, d0, 1, d1))
        return out
    if len(multiples) != len(shape):
        return np.tile(x, multiples)
    inter = []
    src = []
    dims = []
    ones = True
    for d, m in zip(shape, multiples):
        inter += (m, d)
        src += (1, d)
        dims.append(d * m)
        if m != 1:
            ones = False
    if ones:
        return x.copy("K")
    out = (_empty if type(x) is np.ndarray else xp_of(x).empty)(dims, x.dtype)
    out.reshape(inter)[...] = x.reshape(src)
    return out


@_tile.defvjp
def _(g, ans, x, multiples):
    unknown = type(x) is not Tensor and not x.shape.is_fully_defined()
    s = _run_time_shapes().dims(x) if unknown else x._v.shape
    inter = []
    for m, d in zip(multiples, s):
        inter += [m, d]
    if unknown:
        g = _run_time_shapes().reshape(g, tuple(inter), x)
    else:
        g = _reshape(g, shape=tuple(inter))
    g = _sum(g, axis=tuple(range(0, 2 * len(s), 2)), keepdims=False)
    return (g,)


@export("tile")
def tile(input, multiples, name=None):
    """Repeats the whole tensor multiples[i] times along axis i."""
    x = input if type(input) is Tensor else convert_to_tensor(input)
    t = type(multiples)
    if t is list or t is tuple:  # the common case: valid Python ints (errors: the path below)
        for d in multiples:
            if type(d) is not int or d < 0:
                break
        else:
            if len(multiples) == x._v.ndim:
                try:
                    return _tile(x, multiples=multiples if t is tuple else tuple(multiples))
                except InvalidArgumentError:
                    pass  # (uint16: the checked path below raises TF's error)
    if x._v.dtype == np.uint16:
        raise UnimplementedError(None, "Tile", "TileOp : The input data type is not supported, "
                                 "DataType : uint16, Dimension : %d [Op:Tile] name: "
                                 % x._v.ndim)
    m = tuple(_index_list(multiples, "Tile", "Tmultiples",
                          rank_msg="Expected multiples to be 1-D, but got shape %s", scalar_ok=False))
    if len(m) != x._v.ndim:
        raise _err("Tile", "Expected multiples argument to be a vector of length %d but got "
                   "length %d" % (x._v.ndim, len(m)))
    if m and min(m) < 0:
        raise _err("Tile", "Expected multiples[%d] >= 0, but got %d" % (
            [k for k, d in enumerate(m) if d < 0][0], min(m)))
    return _tile(x, multiples=m)
