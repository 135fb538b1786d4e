"""Calls from converted code: user functions are converted before they run, a few builtins take
tensors as TF's AutoGraph overloads them (``len``, ``range``, ``int``, ``float``, ``abs``), and
everything else is called as is. Errors escaping a converted function are re-raised as TF does:
same class, the message prefixed with the user's frames (``in user code: ...``)."""
import functools
import inspect
import linecache
import os
import types

from .._export import NAMESPACES
from ..errors import OpError
from ..tensor import Tensor, VariableBase, convert_to_tensor

__all__ = ["converted_call", "reraising"]

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _op(name):
    return NAMESPACES[""][name]


def _is_tensor(x):
    return isinstance(x, (Tensor, VariableBase)) or type(x).__name__ == "TensorArray"


def _len(x):
    if type(x).__name__ == "TensorArray":
        return x.size()
    if isinstance(x, (Tensor, VariableBase)):
        dims = x.shape.as_list() if x.shape.ndims is not None else None
        if not dims:
            raise ValueError("len requires a non-scalar tensor, got one of shape %s" % x.shape)
        if dims[0] is not None:
            return convert_to_tensor(dims[0])
        return _op("shape")(x)[0]
    return len(x)


def _range(*args):
    if any(isinstance(a, (Tensor, VariableBase)) for a in args):
        return _tf_range(*args)
    return range(*args)


RANGES = {}  # id(tensor) -> (tensor, start, limit, delta): tf.range results made in converted code


def _tf_range(*args, **kwargs):
    """tf.range, remembering its arguments: a ``for`` over it loops on them, not on the tensor."""
    out = _op("range")(*args, **kwargs)
    bound = list(args) + [kwargs.get(k) for k in ("start", "limit", "delta")[len(args):]]
    start, limit, delta = (bound + [None, None, None])[:3]
    if limit is None:
        start, limit = 0, start
    if len(RANGES) > 1000:
        RANGES.clear()
    RANGES[id(out)] = (out, start if start is not None else 0, limit,
                       delta if delta is not None else 1)
    return out


def _cast(dtype, builtin):
    def cast(x=0, *args):
        if isinstance(x, (Tensor, VariableBase)) and not args:
            return _op("cast")(x, dtype)
        return builtin(x, *args)
    return cast


def _abs(x):
    if isinstance(x, (Tensor, VariableBase)):
        return _op("abs")(x)
    return abs(x)


_BUILTINS = {len: _len, range: _range, int: _cast("int32", int), float: _cast("float32", float),
             abs: _abs}


def converted_call(f, args, kwargs):
    """``f(*args, **kwargs)`` from converted code."""
    from .api import is_user_function, convert, Unsupported, _warn
    over = _BUILTINS.get(f) if isinstance(f, (types.BuiltinFunctionType, type)) else None
    if over is not None:
        return over(*args, **(kwargs or {}))
    if f is NAMESPACES[""].get("range") and any(
            isinstance(a, (Tensor, VariableBase)) for a in list(args) + list((kwargs or {}).values())):
        return _tf_range(*args, **(kwargs or {}))
    target = f.__func__ if isinstance(f, types.MethodType) else f
    if is_user_function(target) and not inspect.isgeneratorfunction(target):
        try:
            f = convert(f)
        except Unsupported as e:
            _warn(f, e)
    return f(*args, **(kwargs or {}))


# -- errors --------------------------------------------------------------------------------------
def _user_frames(tb):
    from .api import CONVERTED_CODE
    frames = []
    while tb is not None:
        code = tb.tb_frame.f_code
        owner = CONVERTED_CODE.get(code)
        filename = code.co_filename
        if owner is not None:
            frames.append((filename, tb.tb_lineno, owner, True))
        elif not os.path.abspath(filename).startswith(_PACKAGE_DIR) and \
                not filename.startswith("<") and "site-packages" not in filename and \
                "/lib/python" not in filename:
            frames.append((filename, tb.tb_lineno, code.co_name, False))
        tb = tb.tb_next
    merged = []
    for fr in frames:
        if merged and merged[-1][0] == fr[0] and merged[-1][2] == fr[2] and fr[3]:
            merged[-1] = fr
        else:
            merged.append(fr)
    return merged


def _rewritten(e):
    frames = _user_frames(e.__traceback__.tb_next)
    if not any(fr[3] for fr in frames):
        return None
    lines = ["in user code:", ""]
    for filename, lineno, name, converted in frames:
        lines.append('    File "%s", line %d, in %s%s' % (filename, lineno, name,
                                                          "  *" if converted else ""))
        lines.append("        " + linecache.getline(filename, lineno).strip())
    lines.append("")
    text = "%s: %s" % (type(e).__name__, e)
    lines.extend("    " + line for line in text.split("\n"))
    message = "\n".join(lines) + "\n"
    try:
        if isinstance(e, OpError):
            new = type(e)(e.node_def, e.op, message)
        else:
            new = type(e)(message)
            if str(new) != message:
                return None
    except Exception:  # an exception class with its own constructor: left as it is
        return None
    new.ag_error_metadata = True
    return new


def reraising(g):
    """g, whose errors (raised while it runs) come back TF-style, naming the user's lines."""
    @functools.wraps(g)
    def run(*args, **kwargs):
        try:
            return g(*args, **kwargs)
        except Exception as e:
            if getattr(e, "ag_error_metadata", False):
                raise
            new = _rewritten(e)
            if new is None:
                raise
            raise new.with_traceback(e.__traceback__) from None
    del run.__wrapped__
    return run
