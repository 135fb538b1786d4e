"""Public composite functions (tf.reduce_sum, tf.concat, tf.abs, tf.cast ...) that accept
RaggedTensors.

Primitives reach RaggedTensor through the engine's composite hook (engine/primitive.py). A public
function written as a composite converts its arguments to Tensors first, so it could not; for those
TF extends, this module installs, when the ragged package loads, a thin wrapper in the public
namespaces (``eagerflow``, ``eagerflow.math``, ``eagerflow.nn`` ...) that sends a call with a
RaggedTensor argument to the ragged implementation and every other call to the original function
unchanged. The arguments' types are looked at before the call (a dense call pays one Python frame
and a type test per argument): trying the original first, as TF's fallback dispatch does, made
every ragged call pay for a failed conversion whose error message prints the ragged tensor
(~1 ms). No RaggedTensor exists before the package loads (tf.ragged and tf.RaggedTensor load it),
so nothing pays before then; the exported originals stay in ``_export.NAMESPACES``.
"""
import functools
import importlib

from .._export import NAMESPACES
from ..engine.primitive import Primitive
from .ragged_tensor import RaggedTensor
from . import array_ops, reductions, dynamic_shape
from .elementwise import apply

# public composites that are elementwise in their first n arguments
_ELEMENTWISE_API = {
    1: ["abs", "cast", "saturate_cast", "ones_like", "zeros_like",
        "math.abs", "math.angle", "math.conj", "math.real", "math.imag", "math.softsign",
        "math.log_sigmoid", "math.reciprocal_no_nan", "dtypes.cast", "dtypes.saturate_cast",
        "nn.gelu", "nn.silu", "nn.swish", "nn.leaky_relu", "nn.softsign",
        # tf.strings (when that namespace exists): elementwise in the input strings
        "strings.length", "strings.lower", "strings.upper", "strings.strip", "strings.substr",
        "strings.to_hash_bucket_fast", "strings.to_hash_bucket", "strings.to_hash_bucket_strong",
        "strings.to_number", "strings.regex_replace", "strings.regex_full_match",
        "strings.as_string", "strings.unicode_encode"],
    2: ["add", "divide", "truediv", "pow", "math.add", "math.divide", "math.truediv", "math.pow",
        "math.divide_no_nan", "math.logical_xor"],
    3: ["where", "clip_by_value"],
}

_API = {}  # public name -> ragged implementation
for _n, _names in _ELEMENTWISE_API.items():
    for _name in _names:
        _API[_name] = (_n, None)
for _name, _impl in reductions.OVERRIDES.items():
    _API[_name] = (None, _impl)
    _API["math." + _name] = (None, _impl)
_API.update({name: (None, impl) for name, impl in {
    "concat": array_ops.concat, "stack": array_ops.stack, "gather": array_ops.gather,
    "tile": array_ops.tile, "reverse": array_ops.reverse, "size": array_ops.size,
    "rank": array_ops.rank, "nn.embedding_lookup": array_ops.embedding_lookup,
    "strings.join": array_ops.strings_join}.items()})
_API.update({name: (None, impl) for name, impl in dynamic_shape.OVERRIDES.items()})


class _PrintForm:
    """A RaggedTensor as tf.print writes it."""

    __slots__ = ("text",)

    def __init__(self, rt):
        from .convert import print_text
        self.text = print_text(rt)

    def __str__(self):
        return self.text


def _print(*inputs, **kwargs):
    return NAMESPACES[""]["print"](*[_PrintForm(x) if type(x) is RaggedTensor else x
                                     for x in inputs], **kwargs)


_API.update({"print": (None, _print), "is_tensor": (None, lambda x: True)})


_TYPES = dynamic_shape._TYPES  # RaggedTensor and DynamicRaggedShape


def _has_ragged(args, kwargs):
    for a in args:
        if type(a) in _TYPES:
            return True
        if type(a) in (list, tuple):
            for v in a:
                if type(v) in _TYPES:
                    return True
    for a in kwargs.values():
        if type(a) in _TYPES or type(a) in (list, tuple) and any(type(v) in _TYPES for v in a):
            return True
    return False


def _elementwise(original, n):
    """The ragged form of an elementwise public function: positional args first."""
    names = list(original.__code__.co_varnames[:original.__code__.co_argcount])

    def impl(*args, **kwargs):
        args = list(args)
        for nm in names[len(args):n]:
            if nm in kwargs:
                args.append(kwargs.pop(nm))
        kwargs.pop("name", None)
        if len(args) == 3 and names[0] == "condition" and args[1] is None:
            raise NotImplementedError("tf.where(condition) of a RaggedTensor")
        return apply(original, args, kwargs, n=min(n, len(args)))
    return impl


def _dispatching(original, impl):
    """The public function: the ragged implementation when an argument (or an item of a list or
    tuple argument) is ragged, else the original."""
    if getattr(original, "_ragged_original", None) is not None:
        return original

    @functools.wraps(original)
    def api(*args, **kwargs):
        if _has_ragged(args, kwargs):
            return impl(*args, **kwargs)
        return original(*args, **kwargs)
    api._ragged_original = original
    return api




def install():
    """Puts the dispatching wrappers into the public namespace modules (once)."""
    for full, (n, impl) in _API.items():
        namespace, _, name = full.rpartition(".")
        try:
            module = importlib.import_module("eagerflow" + ("." + namespace if namespace else ""))
        except ImportError:  # a namespace not built (yet)
            continue
        original = NAMESPACES.get(namespace, {}).get(name, getattr(module, name, None))
        if original is None or isinstance(original, Primitive):
            continue  # primitives take the engine's hook
        if getattr(module, name, None) is not original:
            continue  # replaced by something else already: leave it
        ragged = impl if impl is not None else _elementwise(original, n)
        setattr(module, name, _dispatching(original, ragged))
