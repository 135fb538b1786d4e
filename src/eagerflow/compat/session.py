"""``tf.compat.v1.Session``: runs fetches of a TF1 graph with fed values.

``run`` looks up what it compiled for these fetches and fed tensors (then for the feed shapes),
converts the feeds as TF does, and calls the generated function (compat/instantiate.py). A session
holds its own variable values: the variables' handles hold the values of the session that ran last
on the graph, and a session that runs after another swaps its own values in first. A variable a run
reads before any initializer wrote it in this session raises TF's FailedPreconditionError.
"""
import threading

import numpy as np

from .. import dtypes as _dt
from ..errors import FailedPreconditionError
from ..graph import ir
from ..graph.codegen import pack, Out
from ..graph.symbolic import SymbolicTensor
from ..tensor import Tensor, VariableBase
from ..tensor_shape import TensorShape
from .._export import export
from .graph_mode import GraphTensor, GraphOperation, UnknownRankTensor, get_default_graph
from .instantiate import instantiate
from .variables import ResourceVariable, _graph_of

__all__ = ["Session", "InteractiveSession", "get_default_session", "run_in"]

_SINGLE = (GraphTensor, GraphOperation, UnknownRankTensor, ResourceVariable)
_ndarray = np.ndarray


class _Feed:
    """A fed tensor: its dtype and static shape, and TF's conversion and shape check."""

    __slots__ = ("tensor", "np", "dims", "shape")

    def __init__(self, tensor):
        self.tensor = tensor
        self.np = tensor._ex.dtype
        self.dims = tensor.shape._dims
        self.shape = tuple(self.dims) if self.dims is not None else None

    def convert(self, v):
        if isinstance(v, (Tensor, VariableBase)):
            raise TypeError(
                "The value of a feed cannot be a tf.Tensor object. Acceptable feed values include "
                "Python scalars, strings, lists, numpy ndarrays, or TensorHandles. For reference, "
                "the tensor object was %s which was passed to the argument `feed_dict` with key "
                "%s." % (v, self.tensor))
        if self.np == object:
            return _dt.strings_to_object(np.asarray(v)) if np.asarray(v).dtype.kind in "SU" \
                else np.asarray(v, object)
        return np.asarray(v, dtype=self.np)

    def check(self, a):
        dims = self.dims
        if dims is None:
            return
        if len(dims) != a.ndim or any(d is not None and d != n for d, n in zip(dims, a.shape)):
            raise ValueError("Cannot feed value of shape %s for Tensor %s, which has shape %s" % (
                TensorShape(a.shape), self.tensor.name, TensorShape(dims)))


class _Entry:
    """What run() compiled for one (fetches, fed tensors): the leaves, the structure, and the
    instantiations by feed shapes."""

    __slots__ = ("keep", "tensors", "ops", "template", "single", "feeds", "by_shape")

    def __init__(self, keep, tensors, ops, template, single, feeds):
        self.keep = keep          # the fetch/feed key objects (so the ids in the key stay theirs)
        self.tensors = tensors
        self.ops = ops
        self.template = template
        self.single = single      # the fetch is one leaf: its Out (or None for an op)
        self.feeds = feeds
        self.by_shape = {}


def _leaf(x, graph):
    """A fetch -> ("t", tensor) or ("o", operation), with TF's errors."""
    if isinstance(x, str):
        try:
            if ":" in x:
                return "t", graph.get_tensor_by_name(x)
            return "o", graph.get_operation_by_name(x)
        except (KeyError, ValueError, IndexError):
            raise ValueError("Argument `fetch` = %s cannot be interpreted as a Tensor. (The name "
                             "'%s' refers to a Tensor which does not exist.)" % (x, x)) from None
    if isinstance(x, VariableBase):
        try:
            g = _graph_of(x)
        except KeyError:
            raise TypeError("Argument `fetch` = %r has invalid type %r. Must be a string or "
                            "Tensor." % (x, type(x).__name__)) from None
        info = g.var_info[id(x._handle)]
        x = info.snapshot
    if isinstance(x, SymbolicTensor):
        if x._op.graph is not graph:
            raise ValueError("Argument `fetch` = %s cannot be interpreted as a Tensor. (Tensor %s "
                             "is not an element of this graph.)" % (x, x))
        return "t", x
    if isinstance(x, ir.Operation):
        if x.graph is not graph:
            raise ValueError("Argument `fetch` = %r cannot be interpreted as a Tensor. (Operation "
                             "%s is not an element of this graph.)" % (x, x.name))
        return "o", x
    raise TypeError("Argument `fetch` = %s has invalid type \"%s\". Must be a string or Tensor. "
                    "(Can not convert a %s into a Tensor or Operation.)" % (
                        x, type(x).__name__, type(x).__name__))


def _structure(fetches, graph, tensors, ops):
    if isinstance(fetches, (list, tuple)):
        items = [_structure(v, graph, tensors, ops) for v in fetches]
        if type(fetches) is list:
            return items
        return tuple(items) if type(fetches) is tuple else type(fetches)(*items)
    if isinstance(fetches, dict):
        return type(fetches)((k, _structure(v, graph, tensors, ops)) for k, v in fetches.items())
    if fetches is None:
        raise TypeError("Argument `fetch` = None has invalid type \"NoneType\". Must be a string "
                        "or Tensor. (Can not convert a NoneType into a Tensor or Operation.)")
    kind, x = _leaf(fetches, graph)
    if kind == "o":
        ops.append(x)
        return None
    tensors.append(x)
    return Out(len(tensors) - 1)


def _key(x):
    t = type(x)
    if t is list or t is tuple or isinstance(x, tuple):
        return (t, tuple(_key(v) for v in x))
    if isinstance(x, dict):
        return (t, tuple((k, _key(v)) for k, v in x.items()))
    if t is str:
        return ("name", x)
    return id(x)


def _feed_tensor(k, graph):
    if isinstance(k, str):
        try:
            t = graph.get_tensor_by_name(k if ":" in k else k + ":0")
        except (KeyError, ValueError, IndexError):
            raise TypeError("Cannot interpret feed_dict key as Tensor: The name '%s' refers to a "
                            "Tensor which does not exist." % k) from None
    elif isinstance(k, VariableBase):
        t = _graph_of(k).var_info[id(k._handle)].snapshot
    else:
        t = k
    if not isinstance(t, SymbolicTensor):
        raise TypeError("Cannot interpret feed_dict key as Tensor: Can not convert a %s into a "
                        "Tensor." % type(k).__name__)
    if t._op.graph is not graph:
        raise ValueError("Cannot interpret feed_dict key as Tensor: Tensor %s is not an element "
                         "of this graph." % t)
    return t


def _result(t):
    a = t._v
    return a[()] if a.ndim == 0 else a.copy()


@export("compat.v1.Session")
class Session:
    """Runs the ops of a TF1 graph (``tf.compat.v1.Session``)."""

    def __init__(self, target="", graph=None, config=None):
        self._graph = get_default_graph() if graph is None else graph
        self._closed = False
        self._values = {}        # id(handle) -> this session's value, while another one runs
        self._initialized = set()  # ids of the handles an initializer wrote in this session
        self._ready = set()      # the instantiations whose variable reads were checked
        self._contexts = []

    graph = property(lambda self: self._graph)
    graph_def = property(lambda self: self._graph.as_graph_def())
    sess_str = property(lambda self: "")

    # -- running ---------------------------------------------------------------------------------
    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        """The values of ``fetches`` (a tensor, op, name, or list/tuple/dict of them) with
        ``feed_dict``'s values for its tensors: numpy arrays in the fetches' structure."""
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        graph = self._graph
        if graph.session is not self:
            self._activate()
        fkey = id(fetches) if type(fetches) in _SINGLE else _key(fetches)
        if feed_dict:
            key = (fkey, tuple(map(id, feed_dict)))
            entry = graph.run_cache.get(key)
            if entry is None:
                entry = graph.run_cache[key] = self._entry(fetches, feed_dict)
            arrays = []
            for spec, v in zip(entry.feeds, feed_dict.values()):
                if type(v) is not _ndarray or v.dtype is not spec.np:
                    v = spec.convert(v)
                arrays.append(v)
            skey = tuple([a.shape for a in arrays])
        else:
            entry = graph.run_cache.get(fkey)
            if entry is None:
                entry = graph.run_cache[fkey] = self._entry(fetches, feed_dict)
            arrays = skey = ()
        compiled = entry.by_shape.get(skey)
        if compiled is None:  # new feed shapes: TF's shape check, then instantiate for them
            for spec, a in zip(entry.feeds, arrays):
                spec.check(a)
            compiled = instantiate(graph, entry.tensors, entry.ops,
                                   [(s.tensor, a) for s, a in zip(entry.feeds, arrays)])
            entry.by_shape[skey] = compiled
        if compiled in self._ready:
            out = compiled.kernel(*arrays)
        else:
            self._check(compiled)
            out = compiled.kernel(*arrays)
            self._initialized.update(id(h) for h in compiled.writes)
            self._ready.add(compiled)
        single = entry.single
        if single is not False:
            return None if single is None else _result(out[0])
        return pack(entry.template, [_result(t) for t in out])

    def _entry(self, fetches, feed_dict):
        graph = self._graph
        tensors, ops = [], []
        template = _structure(fetches, graph, tensors, ops)
        single = template if template is None or isinstance(template, Out) else False
        feeds = [_Feed(_feed_tensor(k, graph)) for k in (feed_dict or ())]
        return _Entry((fetches, tuple(feed_dict or ())), tensors, ops, template, single, feeds)

    def _check(self, compiled):
        for h, node in compiled.required:
            if id(h) not in self._initialized:
                name = h.variable.name[:-2] if h.variable is not None else node
                raise FailedPreconditionError(None, node, (
                    "Graph execution error:\n\nDetected at node '%s' defined at (most recent call "
                    "last):\nNode: '%s'\nCould not find variable %s. This could mean that the "
                    "variable has been deleted. In TF1, it can also mean the variable is "
                    "uninitialized. Debug info: container=localhost, status error message="
                    "Container localhost does not exist. (Could not find resource: localhost/%s)"
                    "\n\t [[{{node %s}}]]") % (node, node, name, name, node))

    def _activate(self):
        """Installs this session's variable values in the graph's handles."""
        graph = self._graph
        prev = graph.session
        handles = [info.variable._handle for info in graph.var_info.values()]
        if prev is not None:
            for h in handles:
                if id(h) in prev._initialized:
                    prev._values[id(h)] = h.value
        for h in handles:
            v = self._values.pop(id(h), None)
            if v is not None:
                h.value = v
        graph.session = self

    def load_variable(self, var, value):
        if self._graph.session is not self:
            self._activate()
        h = var._handle
        h.value = np.array(value, dtype=h.dtype._np).reshape(h.value.shape)
        self._initialized.add(id(h))

    # -- lifetime --------------------------------------------------------------------------------
    def close(self):
        """Frees the session's values; running afterwards raises RuntimeError."""
        if self._graph.session is self:
            self._graph.session = None
        self._closed = True
        self._values.clear()

    def as_default(self):
        return _DefaultSession(self)

    def __enter__(self):
        ctx = [_DefaultSession(self)]
        from .graph_mode import graph_tracer
        tracer = graph_tracer()
        if tracer is None or tracer.graph is not self._graph:
            ctx.append(self._graph.as_default())
        for c in ctx:
            c.__enter__()
        self._contexts.append(ctx)
        return self

    def __exit__(self, *exc):
        for c in reversed(self._contexts.pop()):
            c.__exit__(*exc)
        self.close()
        return False

    def list_devices(self):
        return []


_sessions = threading.local()


def _session_stack():
    try:
        return _sessions.stack
    except AttributeError:
        _sessions.stack = []
        return _sessions.stack


class _DefaultSession:
    def __init__(self, session):
        self.session = session

    def __enter__(self):
        _session_stack().append(self.session)
        return self.session

    def __exit__(self, *exc):
        stack = _session_stack()
        if stack and stack[-1] is self.session:
            stack.pop()
        return False


@export("compat.v1.get_default_session")
def get_default_session():
    """The innermost default session of this thread, or None."""
    stack = _session_stack()
    return stack[-1] if stack else None


def default_session():
    return get_default_session()


@export("compat.v1.InteractiveSession")
class InteractiveSession(Session):
    """A Session that makes itself the default session (for ``t.eval()`` and ``op.run()``)."""

    def __init__(self, target="", graph=None, config=None):
        super().__init__(target, graph, config)
        _session_stack().append(self)

    def close(self):
        stack = _session_stack()
        if self in stack:
            stack.remove(self)
        super().close()


def run_in(session, fetch, feed_dict, graph):
    """``t.eval()`` / ``op.run()``: run in ``session`` or the default one."""
    sess = session if session is not None else get_default_session()
    if sess is None:
        if isinstance(fetch, ir.Operation):
            raise ValueError("Cannot execute operation using `run()`: No default session is "
                             "registered. Use `with sess.as_default():` or pass an explicit "
                             "session to `run(session=sess)`")
        raise ValueError("Cannot evaluate tensor using `eval()`: No default session is "
                         "registered. Use `with sess.as_default()` or pass an explicit session to "
                         "`eval(session=sess)`")
    if sess.graph is not graph:
        raise ValueError("Cannot use the given session to evaluate tensor: the tensor's graph is "
                         "different from the session's graph.")
    return sess.run(fetch, feed_dict)
