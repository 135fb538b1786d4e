"""tf.debugging's assertions: assert_equal / less / greater ... (elementwise comparisons),
assert_near, the sign checks, and the static ones (assert_rank, assert_type, assert_shapes ...).

Eagerly a failed assertion raises at once with TF's message (the disagreeing indices and values
for the comparisons). Inside a tf.function the comparisons become a ``tf.Assert`` node checked when
the graph runs, with TF's graph-mode data (``Condition x == y did not hold element-wise:`` ...);
checks of static properties (rank, dtype, shape) raise while tracing, as in TF.
"""
import numpy as np

from .. import dtypes as _dt
from .._export import export
from ..engine.primitive import current_tracer
from ..errors import InvalidArgumentError
from ..tensor import Tensor, convert_to_tensor
from ..tensor_shape import TensorShape
from . import comparison, elementwise, reduction
from .debugging import Assert

__all__ = ["assert_equal", "assert_none_equal", "assert_less", "assert_less_equal",
           "assert_greater", "assert_greater_equal", "assert_near", "assert_non_negative",
           "assert_non_positive", "assert_positive", "assert_negative", "assert_rank",
           "assert_rank_at_least", "assert_rank_in", "assert_type", "assert_integer",
           "assert_scalar", "assert_shapes"]


def _prefix(message):
    return "%s.  " % message if message else ""


def _eager_item(d, summarize):
    """A data item of an eager assert_* message (TF's list of element strings for tensors)."""
    if not isinstance(d, Tensor):
        return str(d)
    a = d.numpy()
    if np.ndim(a) == 0:
        return str(a)
    flat = np.asarray(a).reshape(-1)
    items = [str(v) for v in flat[:summarize]]
    if len(items) < flat.size:
        items.append("...")
    return str(items)


def _fail(data, summarize):
    raise InvalidArgumentError(None, None, "\n".join(_eager_item(d, summarize) for d in data))


def _binary(sym, op, x, y, message, summarize, data=None):
    x = convert_to_tensor(x)
    y = convert_to_tensor(y)
    test = op(x, y)
    if current_tracer() is not None:
        if data is None:
            data = ["Condition x %s y did not hold element-wise:" % sym, "x (%s) = " % x.name, x,
                    "y (%s) = " % y.name, y]
        if message is not None:
            data = [message] + list(data)
        Assert(reduction.reduce_all(test), data, summarize=summarize)
        return None
    if bool(np.all(test.numpy())):
        return None
    n = 3 if summarize is None else summarize if summarize >= 0 else 10 ** 9
    if data is None:
        data = _comparison_report(sym, x, y, test, n)
    if message is not None:
        data = [message] + list(data)
    return _fail(data, n)


def _comparison_report(sym, x, y, test, n):
    """TF's eager report: the disagreeing indices and values (same shapes), then the first
    elements of x and y (as NumPy prints them)."""
    lines = ["Condition x %s y did not hold." % sym]
    if n <= 0:
        return lines
    xa, ya = x.numpy(), y.numpy()
    if xa.shape == ya.shape and xa.ndim:
        bad = ~np.asarray(test.numpy())
        idx = np.argwhere(bad)
        k = min(n, idx.shape[0])
        lines += ["Indices of first %d different values:" % k, str(idx[:k]),
                  "Corresponding x values:", str(xa[bad].reshape(-1)[:k]),
                  "Corresponding y values:", str(ya[bad].reshape(-1)[:k])]
    xf, yf = xa.reshape(-1), ya.reshape(-1)
    kx, ky = min(xf.size, n), min(yf.size, n)
    lines += ["First %d elements of x:" % kx, str(xf[:kx]),
              "First %d elements of y:" % ky, str(yf[:ky])]
    return lines


def _declare(sym, op, names):
    def check(x, y, message=None, summarize=None, name=None):
        return _binary(sym, op, x, y, message, summarize)
    check.__name__ = check.__qualname__ = names[0].rpartition(".")[2]
    check.__doc__ = "Raises InvalidArgumentError unless ``x %s y`` holds for every element." % sym
    return export(*names)(check)


assert_equal = _declare("==", comparison.equal, ("debugging.assert_equal", "assert_equal"))
assert_none_equal = _declare("!=", comparison.not_equal, ("debugging.assert_none_equal",))
assert_less = _declare("<", comparison.less, ("debugging.assert_less", "assert_less"))
assert_less_equal = _declare("<=", comparison.less_equal, ("debugging.assert_less_equal",))
assert_greater = _declare(">", comparison.greater, ("debugging.assert_greater", "assert_greater"))
assert_greater_equal = _declare(">=", comparison.greater_equal,
                                ("debugging.assert_greater_equal",))


@export("debugging.assert_near")
def assert_near(x, y, rtol=None, atol=None, message=None, summarize=None, name=None):
    """Raises InvalidArgumentError unless ``|x - y| <= atol + rtol * |y|`` elementwise (by
    default rtol = atol = 10 machine epsilons of the dtype)."""
    x = convert_to_tensor(x)
    y = convert_to_tensor(y, dtype=x.dtype)
    eps = np.finfo(x.dtype.real_dtype.as_numpy_dtype).eps
    dt = x.dtype.real_dtype
    rtol = convert_to_tensor(10 * eps if rtol is None else rtol, dtype=dt)
    atol = convert_to_tensor(10 * eps if atol is None else atol, dtype=dt)
    diff = elementwise.abs(x - y)
    ok = reduction.reduce_all(comparison.less_equal(diff, atol + rtol * elementwise.abs(y)))
    data = [_prefix(message),
            "x and y not equal to tolerance rtol = %s, atol = %s" % (rtol, atol),
            "x (shape=%s dtype=%s) = " % (x.shape, x.dtype.name), x,
            "y (shape=%s dtype=%s) = " % (y.shape, y.dtype.name), y]
    return Assert(ok, data, summarize=summarize)


def _sign(sym, op, joined, names):
    def check(x, message=None, summarize=None, name=None):
        x = convert_to_tensor(x)
        zero = convert_to_tensor(0, dtype=x.dtype)
        desc = "x (%s) = " % x.name if current_tracer() is not None else \
            "x (shape=%s dtype=%s) = " % (x.shape, x.dtype.name)
        cond = "Condition x %s 0 did not hold element-wise:" % sym
        data = [_prefix(message)] + ([cond + desc] if joined else [cond, desc]) + [x]
        return _binary(sym, op, x, zero, None, summarize, data=data)
    check.__name__ = check.__qualname__ = names[0].rpartition(".")[2]
    check.__doc__ = "Raises InvalidArgumentError unless ``x %s 0`` for every element." % sym
    return export(*names)(check)


assert_non_negative = _sign(">=", comparison.greater_equal, False,
                            ("debugging.assert_non_negative",))
assert_non_positive = _sign("<=", comparison.less_equal, True,  # TF joins these two lines
                            ("debugging.assert_non_positive",))
assert_positive = _sign(">", comparison.greater, False, ("debugging.assert_positive",))
assert_negative = _sign("<", comparison.less, False, ("debugging.assert_negative",))


# -- static checks ---------------------------------------------------------------------------------
def _tensor_name(x):
    return x.name if current_tracer() is not None and hasattr(x, "op") else ""


def _rank_error(x, what, message):
    raise ValueError("%sTensor %s must have rank %s.  Received rank %d, shape %s" % (
        _prefix(message), _tensor_name(x), what, x.shape.rank, x.shape))


@export("debugging.assert_rank", "assert_rank")
def assert_rank(x, rank, message=None, name=None):
    """Raises ValueError unless ``x`` has rank ``rank``."""
    x = convert_to_tensor(x)
    if x.shape.rank is not None and x.shape.rank != int(rank):
        _rank_error(x, "%d" % int(rank), message)


@export("debugging.assert_rank_at_least")
def assert_rank_at_least(x, rank, message=None, name=None):
    """Raises ValueError unless ``x`` has rank ``rank`` or more."""
    x = convert_to_tensor(x)
    if x.shape.rank is not None and x.shape.rank < int(rank):
        _rank_error(x, "at least %d" % int(rank), message)


@export("debugging.assert_rank_in")
def assert_rank_in(x, ranks, message=None, name=None):
    """Raises ValueError unless the rank of ``x`` is one of ``ranks``."""
    x = convert_to_tensor(x)
    ranks = tuple(int(r) for r in ranks)
    if x.shape.rank is not None and x.shape.rank not in ranks:
        _rank_error(x, "in %s" % (ranks,), message)


@export("debugging.assert_scalar")
def assert_scalar(tensor, message=None, name=None):
    """``tensor`` when it is a scalar, else ValueError."""
    tensor = convert_to_tensor(tensor)
    if tensor.shape.rank != 0:
        raise ValueError("%sExpected scalar shape, saw shape: %s." % (_prefix(message),
                                                                       tensor.shape))
    return tensor


@export("debugging.assert_type")
def assert_type(tensor, tf_type, message=None, name=None):
    """Raises TypeError unless ``tensor`` has dtype ``tf_type``."""
    tf_type = _dt.as_dtype(tf_type)
    if tensor.dtype != tf_type:
        raise TypeError("%s%s must be of type %r; got %r" % (
            _prefix(message), _tensor_name(tensor) or "tensor", tf_type, tensor.dtype))


@export("debugging.assert_integer")
def assert_integer(x, message=None, name=None):
    """Raises TypeError unless ``x`` has an integer dtype."""
    x = convert_to_tensor(x)
    if not x.dtype.is_integer:
        raise TypeError('%sExpected "x" to be integer type.  Found: tensor of dtype %s' % (
            _prefix(message), x.dtype))


@export("debugging.assert_shapes")
def assert_shapes(shapes, data=None, summarize=None, message=None, name=None):
    """Checks tensors' shapes against specs of ints, symbols (one size per symbol across all the
    tensors), None or "." (any size) and a leading "*" (any leading dimensions)."""
    if isinstance(shapes, dict):
        shapes = shapes.items()
    sizes = {}
    for x, spec in shapes:
        x = convert_to_tensor(x)
        spec = list(spec) if isinstance(spec, (list, tuple, TensorShape)) else [spec]
        dims = x.shape.as_list() if x.shape.rank is not None else None
        if dims is None:
            continue
        star = bool(spec) and spec[0] == "*"
        if star:
            spec = spec[1:]
            if len(dims) < len(spec):
                _rank_error(x, "at least %d" % len(spec), message)
        elif len(dims) != len(spec):
            _rank_error(x, "%d" % len(spec), message)
        offset = len(dims) - len(spec)
        for k, s in enumerate(spec):
            where = k - len(spec) if star else k
            have = dims[offset + k]
            desc = "shape=%s dtype=%s" % (x.shape, x.dtype.name)
            if s is None or s == "." or have is None:
                continue
            if isinstance(s, str):
                if s not in sizes:
                    sizes[s] = (have, desc, where)
                    continue
                want, by, by_dim = sizes[s]
                origin = "Specified by tensor %s dimension %d" % (by, by_dim)
            else:
                want, origin = int(s), "Specified explicitly"
            if have != want:
                raise ValueError("%s%s.  Tensor %s dimension %d must have size %d.  Received "
                                 "size %d, shape %s" % (_prefix(message), origin, desc, where,
                                                        want, have, x.shape))

