"""Run-time checks: tf.Assert, tf.ensure_shape, tf.debugging.check_numerics, and tf.identity_n.

Eagerly a failed check raises at once, with TF's message. Inside a tf.function ``Assert`` and
``CheckNumerics`` are stateful graph nodes (never pruned), checked every time the graph runs;
``EnsureShape`` refines the static shape while tracing and checks the run-time shape.
"""
import numpy as np

from .._export import export
from ..engine.primitive import primitive, current_tracer, FLOAT_TYPES
from ..errors import InvalidArgumentError
from ..tensor import Tensor, VariableBase, convert_to_tensor
from ..tensor_shape import TensorShape

__all__ = ["Assert", "ensure_shape", "check_numerics", "identity_n", "is_numeric_tensor",
           "summarize_eager", "graph_value_text"]


# -- formatting the data of a failed assertion -----------------------------------------------------
def summarize_eager(t, summarize):
    """One data item of an eager tf.Assert message: a scalar's value, else the first
    ``summarize`` values joined by ", " (then ", ..." when there are more)."""
    a = t.numpy() if hasattr(t, "numpy") else np.asarray(t)
    if np.ndim(a) == 0:
        return str(a)
    flat = np.asarray(a).reshape(-1)
    n = flat.size if summarize is None or summarize < 0 else summarize
    text = ", ".join(str(v) for v in flat[:n])
    return text + (", ..." if flat.size > n else "")


def _graph_item(a, summarize):
    if a.ndim == 0:
        v = a[()]
        return v.decode("utf-8", "replace") if isinstance(v, bytes) else _scalar(v)
    flat = a.reshape(-1)
    n = flat.size if summarize is None or summarize < 0 else summarize
    body = " ".join(_scalar(v) for v in flat[:n])
    return body + ("..." if flat.size > n else "")


def _scalar(v):
    if isinstance(v, bytes):
        return v.decode("utf-8", "replace")
    if isinstance(v, (bool, np.bool_)):
        return "1" if v else "0"
    if isinstance(v, (float, np.floating)):
        return "%.6g" % v
    return str(v)


def graph_value_text(arrays, summarize):
    """The message of a graph Assert that failed: each data item in brackets."""
    return "assertion failed: " + " ".join("[%s]" % _graph_item(a, summarize) for a in arrays)


# -- Assert ----------------------------------------------------------------------------------------
@primitive("Assert", match=(), differentiable=False, multiple_results=True, stateful=True,
           c_fast=False)
def _assert(condition, *data, summarize):
    """Raises TF's InvalidArgumentError listing the data unless ``condition`` holds."""
    if not bool(np.all(condition)):
        raise InvalidArgumentError(None, "Assert", graph_value_text(data, summarize))
    return ()


_assert.trace_fwd = lambda *arrays, **attrs: ()


@export("Assert", "debugging.Assert")
def Assert(condition, data, summarize=None, name=None):
    """Asserts that ``condition`` is true; when it is not, raises InvalidArgumentError with the
    ``data`` (tensors and Python values) summarized in the message."""
    if current_tracer() is None:
        if isinstance(condition, VariableBase):
            condition = condition.read_value()
        if not condition:
            items = [summarize_eager(convert_to_tensor(x), 3 if summarize is None else summarize)
                     for x in data]
            raise InvalidArgumentError(None, None, "Expected '%s' to be true. Summarized data: "
                                                   "%s" % (condition, "\n".join(items)))
        return None
    tensors = [convert_to_tensor(x) for x in data]
    _assert(convert_to_tensor(condition), *tensors, summarize=3 if summarize is None else summarize,
            name=name or "Assert")
    return None


# -- EnsureShape -----------------------------------------------------------------------------------
def _dims_text(dims):
    return "[%s]" % ",".join("?" if d is None else str(d) for d in dims)


@primitive("EnsureShape", match=())
def _ensure_shape(x, shape):
    if current_tracer() is None and not TensorShape(shape).is_compatible_with(x.shape):
        raise InvalidArgumentError(None, "EnsureShape", (
            "Shape of tensor input %s is not compatible with expected shape %s. [Op:EnsureShape] "
            "name: ") % (_dims_text(x.shape), _dims_text(shape)))
    return x


@_ensure_shape.defvjp
def _(g, ans, x, shape):
    return (g,)


@export("ensure_shape", "debugging.ensure_shape")
def ensure_shape(x, shape, name=None):
    """``x`` when its shape is compatible with ``shape`` (None: any size), else TF's error; in a
    graph the static shape becomes the more specific of the two."""
    shape = TensorShape(shape)
    dims = None if shape.rank is None else tuple(shape.as_list())
    if current_tracer() is None:
        x = convert_to_tensor(x)
        if dims is None:
            return x
        return _ensure_shape(x, shape=dims, name=name)
    x = convert_to_tensor(x)
    if not shape.is_compatible_with(x.shape):
        have = x.shape
        if have.rank is not None and shape.rank is not None and have.rank == shape.rank:
            k = next(i for i, (a, b) in enumerate(zip(dims, have.as_list()))
                     if a is not None and b is not None and a != b)
            what = "Dimension %d in both shapes must be equal, but are %d and %d" % (
                k, dims[k], have.as_list()[k])
        else:
            what = "Shapes must be equal rank, but are %d and %d" % (len(dims), have.rank)
        raise ValueError("%s. Shapes are %s and %s. for '{{node EnsureShape}} = EnsureShape[T=%s, "
                         "shape=%s](x)' with input shapes: %s." % (
                             what, _dims_text(dims), _dims_text(have.as_list()),
                             "DT_" + x.dtype._kernel_word.upper(), _dims_text(dims),
                             _dims_text(have.as_list())))
    if dims is None:
        return x
    out = _ensure_shape(x, shape=dims, name=name)
    out.set_shape(shape)
    return out


# -- CheckNumerics ---------------------------------------------------------------------------------
@primitive("CheckNumerics", dtypes=FLOAT_TYPES, quiet=True, stateful=True)
def _check_numerics(tensor, message):
    inf, nan = np.isinf(tensor).any(), np.isnan(tensor).any()
    if inf or nan:
        what = "Inf and NaN" if inf and nan else "Inf" if inf else "NaN"
        raise InvalidArgumentError(None, "CheckNumerics", "%s : Tensor had %s values "
                                   "[Op:CheckNumerics] name: " % (message, what))
    return tensor


_check_numerics.trace_fwd = lambda tensor, message: tensor


@_check_numerics.defvjp
def _(g, ans, tensor, message):
    return (_check_numerics(g, message="Not a number (NaN) or infinity (Inf) values detected in "
                                       "gradient. " + message),)


@export("debugging.check_numerics")
def check_numerics(tensor, message, name=None):
    """``tensor`` when it holds no Inf or NaN, else InvalidArgumentError naming ``message``."""
    return _check_numerics(convert_to_tensor(tensor), message=message, name=name)


@export("debugging.assert_all_finite")
def assert_all_finite(x, message, name=None):
    """``x`` when it holds no Inf or NaN, else TF's CheckNumerics error."""
    return _check_numerics(convert_to_tensor(x), message=message, name=name)


# -- IdentityN -------------------------------------------------------------------------------------
@primitive("IdentityN", match=(), multiple_results=True, c_fast=False)
def _identity_n(*xs):
    return list(xs)


@_identity_n.defvjp
def _(g, ans, *xs):
    return tuple(g)


@export("identity_n")
def identity_n(input, name=None):
    """The tensors of ``input``, each through an identity (one IdentityN node)."""
    return list(_identity_n(*[convert_to_tensor(x) for x in input], name=name))


@export("debugging.is_numeric_tensor")
def is_numeric_tensor(tensor):
    """Whether ``tensor`` is a tensor of a numeric dtype (integer, floating or complex)."""
    return isinstance(tensor, Tensor) and (tensor.dtype.is_integer or tensor.dtype.is_floating or
                                           tensor.dtype.is_complex or tensor.dtype.is_quantized)


# -- settings TF has and eagerflow accepts -----------------------------------------------------------
_settings = {"log_device_placement": False, "traceback_filtering": True}


@export("debugging.enable_check_numerics")
def enable_check_numerics(stack_height_limit=30, path_length_limit=50):
    """Accepted for compatibility (eagerflow does not instrument every op)."""


@export("debugging.disable_check_numerics")
def disable_check_numerics():
    """Accepted for compatibility."""


@export("debugging.set_log_device_placement")
def set_log_device_placement(enabled):
    _settings["log_device_placement"] = bool(enabled)


@export("debugging.get_log_device_placement")
def get_log_device_placement():
    return _settings["log_device_placement"]


@export("debugging.enable_traceback_filtering")
def enable_traceback_filtering():
    _settings["traceback_filtering"] = True


@export("debugging.disable_traceback_filtering")
def disable_traceback_filtering():
    _settings["traceback_filtering"] = False


@export("debugging.is_traceback_filtering_enabled")
def is_traceback_filtering_enabled():
    return _settings["traceback_filtering"]

