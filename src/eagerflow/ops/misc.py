"""Eager-mode odds and ends: executing_eagerly, tf.print, device scopes, identity, stop_gradient."""
import sys
import _thread  # threading's lock and thread-local types, without importing threading


from .._export import export
from ..engine.device import Scope as _Scope
from ..engine.primitive import primitive, current_tracer
from ..function import executing_eagerly  # False while a tf.function traces
from ..tensor import Tensor, VariableBase, convert_to_tensor
from ._summarize import summarize_array

export("executing_eagerly")(executing_eagerly)
export("newaxis")(None)


@export("device")
class device(_Scope):
    """``with tf.device(name)``: ops and new tensors inside run on that device; a GPU runs CuPy
    when it is installed and sees one, else the host (TF's soft placement). engine/device.py."""

    __slots__ = ()


@export("name_scope")
class name_scope:
    """``with tf.name_scope(...)``: while a TF1 graph is built, a prefix of the new ops' names
    (the graph's tracer owns the scopes); names have no effect in eager mode."""

    def __init__(self, name, *args, **kwargs):
        if not isinstance(name, str):
            raise ValueError("name for name_scope must be a string.")
        self.name = name
        self._scope = None
        self._outer = None

    def __enter__(self):
        scope = getattr(current_tracer(), "name_scope", None)
        if scope is None:  # eager: the prefix of new variables' names (TF's eager scopes)
            self._outer = outer = getattr(_eager_scope, "prefix", "")
            name = self.name
            _eager_scope.prefix = prefix = (name if not name or name[-1] == "/" else
                                            outer + name + "/")
            return prefix
        self._scope = scope(self.name)
        return self._scope.__enter__()

    def __exit__(self, *exc):
        if self._scope is not None:
            self._scope.__exit__(*exc)
            self._scope = None
        elif self._outer is not None:
            _eager_scope.prefix, self._outer = self._outer, None
        return False


_eager_scope = _thread._local()  # .prefix: this thread's eager name scope ("" or "a/b/")


def eager_name_scope():
    """The prefix ``tf.Variable`` puts before its name in eager mode ("" outside any scope)."""
    return getattr(_eager_scope, "prefix", "")


@export("no_gradient")
def no_gradient(op_type):
    """Accepted for compatibility; eagerflow declares gradients on its primitives."""


@primitive("Identity")
def _identity(x):
    return x


@_identity.defvjp
def _(g, ans, x):
    return (g,)


identity = export("identity", inputs=("input",))(_identity)


@primitive("StopGradient", differentiable=False)
def _stop_gradient(x):
    return x


stop_gradient = export("stop_gradient", inputs=("input",))(_stop_gradient)


def _fmt_array(a, summarize):
    """tf.print's text for one array (a scalar string bare); ragged printing uses it too."""
    return summarize_array(a, summarize, bare_scalar_string=True)


class _Slot:
    """Where the k-th tensor input of a PrintV2 node goes in the printed structure."""

    __slots__ = ("k",)

    def __init__(self, k):
        self.k = k


def _template(x, tensors):
    """The inputs of tf.print with each tensor/variable replaced by a _Slot (the tensor read into
    ``tensors``, so a graph sees it as an input of the PrintV2 node)."""
    if isinstance(x, (Tensor, VariableBase)):
        tensors.append(convert_to_tensor(x))
        return _Slot(len(tensors) - 1)
    if isinstance(x, dict):
        return {k: _template(v, tensors) for k, v in x.items()}
    if isinstance(x, list):
        return [_template(v, tensors) for v in x]
    if isinstance(x, tuple):
        return tuple(_template(v, tensors) for v in x)
    return x


def _fmt(x, summarize, arrays):
    if isinstance(x, _Slot):
        return _fmt_array(arrays[x.k], summarize)
    if isinstance(x, dict):
        return "{" + ", ".join("%r: %s" % (k, _fmt(v, summarize, arrays))
                               for k, v in x.items()) + "}"
    if isinstance(x, list):
        return "[" + ", ".join(_fmt(v, summarize, arrays) for v in x) + "]"
    if isinstance(x, tuple):
        return "(" + ", ".join(_fmt(v, summarize, arrays) for v in x) + (
            ",)" if len(x) == 1 else ")")
    return str(x)


@primitive("PrintV2", match=(), differentiable=False, multiple_results=True, stateful=True,
           host=True)
def _print_v2(*arrays, template, summarize, sep, end, stream):
    """Writes the formatted inputs; no outputs (a graph keeps it for its side effect)."""
    text = sep.join(_fmt(x, summarize, arrays) for x in template) + end
    out = sys.stderr if stream is None else stream
    if isinstance(out, str):
        import logging
        logging.getLogger("tensorflow").info(text)
        return ()
    out.write(text)
    out.flush()
    return ()


_print_v2.trace_fwd = lambda *arrays, **attrs: ()


@export("print")
def print(*inputs, output_stream=None, summarize=3, sep=" ", end="\n", name=None):
    """Prints tensors with TF's own formatting (to stderr unless output_stream is given); the
    PrintV2 primitive, so a tf.function prints on every call."""
    summarize = -1 if summarize is None else summarize
    tensors = []
    template = tuple(_template(x, tensors) for x in inputs)
    _print_v2(*tensors, template=template, summarize=summarize, sep=sep, end=end,
              stream=output_stream, name=name)
    return None
