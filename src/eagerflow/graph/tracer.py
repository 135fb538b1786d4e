"""The tracer: while a function is traced, every primitive call on this thread becomes a node.

``Primitive._slow`` hands each op here (``tracer.add``) instead of running it. The tracer names the
node as TF would, captures eager tensors as Const nodes, and computes the output's dtype and shape
by running the op's forward on the inputs' example values (a stateful op runs its side-effect-free
``trace_fwd`` instead); where an input shape has unknown dimensions a second example, whose unknown
dimensions have other sizes, shows which output dimensions are unknown. Active tapes record each
node (so ``tape.gradient`` inside the function adds the backward ops to the graph).
"""
import _thread  # threading's lock and thread-local types, without importing threading
import itertools

import numpy as np

from ..engine import primitive as _P
from ..engine.primitive import STATE
from ..errors import InvalidArgumentError
from ..tensor import Tensor
from .ir import Graph
from .symbolic import SymbolicTensor, out_of_scope

__all__ = ["Tracer", "trace_into"]

_lock = _thread.allocate_lock()
_ndarray = np.ndarray

# the node name an op gets when the user gives none and no operator scope names it
_DEFAULT_NAMES = {"AddV2": "Add"}


def _as_array(out):
    a = out if type(out) is _ndarray else np.asarray(out)
    if a.dtype.kind in "SU":
        from .. import dtypes as _dt
        a = _dt.strings_to_object(a)
    return a


class Tracer:
    """Turns the ops of this thread into nodes of ``graph`` (a context manager)."""

    def __init__(self, graph, allow_variables=True):
        self.graph = graph
        self.allow_variables = allow_variables
        self.created_variables = []
        self._captured = {}  # id(eager tensor) -> (tensor, const node output)
        self._scope = None   # the operator scope: (final name, first node index)
        self._prev = None

    def __enter__(self):
        self._prev = getattr(_P._tracing, "tracer", None)
        _P._tracing.tracer = self
        with _lock:
            STATE.g += 1
        return self

    def __exit__(self, *exc):
        with _lock:
            STATE.g -= 1
        _P._tracing.tracer = self._prev
        return False

    def sees(self, graph):
        """Whether tensors of ``graph`` may be used here (a branch or loop body's tracer also
        sees the graphs around it, and captures their tensors)."""
        return graph is self.graph

    # -- inputs ----------------------------------------------------------------------------------
    def placeholder(self, name, example, dims, example2=None):
        node = self.graph.add_node("placeholder", name)
        t = SymbolicTensor(node, 0, example, tuple(dims), example2)
        node.outputs.append(t)
        self.graph.inputs.append(t)
        return t

    def const(self, value, name="Const"):
        node = self.graph.add_node("const", name, value=value)
        t = SymbolicTensor(node, 0, value, value.shape)
        node.outputs.append(t)
        return t

    def capture(self, t, name):
        """An input of a node: this graph's tensor as it is, an eager tensor as a Const node."""
        if isinstance(t, SymbolicTensor):
            if t._op.graph is not self.graph:
                raise out_of_scope(t)
            return t
        hit = self._captured.get(id(t))
        if hit is not None and hit[0] is t:
            return hit[1]
        s = self.const(t._v, name)
        self._captured[id(t)] = (t, s)
        return s

    # -- ops -------------------------------------------------------------------------------------
    def add(self, prim, inputs, params, name):
        graph = self.graph
        scope = self._scope
        if name is not None:
            node_name = name
        elif scope is not None:
            node_name = scope[0] + "/" + _DEFAULT_NAMES.get(prim.name, prim.name)
        else:
            node_name = _DEFAULT_NAMES.get(prim.name, prim.name)
        node_name = graph.unique_name(node_name)
        names = prim.inputs or (("x", "y") if len(inputs) <= 2 else
                                tuple("x%d" % k for k in range(len(inputs))))
        base = scope[0] if scope is not None and name is None else node_name
        ins = [self.capture(t, "%s/%s" % (base, names[k] if k < len(names) else "x%d" % k))
               for k, t in enumerate(inputs)]
        for t in ins:
            if t._error is not None:  # an op whose kernel failed while tracing is used after all
                raise t._error
        arrays = [t._ex for t in ins]
        try:
            outs, dims = self._infer(prim, ins, arrays, params)
        except InvalidArgumentError as err:
            if not prim.run_time_check:  # (TF's graph-construction errors raise at once)
                raise
            # TF raises a kernel's error only when the op runs, and prunes an op nothing uses
            # (its guide's unused failing tf.gather): keep the node; using it raises the error
            outs, dims = [np.zeros((0,), arrays[0].dtype if arrays else np.float32)], [(None,)]
            self._ex2 = None
            node = graph.add_node("op", node_name, prim, ins, dict(params), unique=False)
            t = SymbolicTensor(node, 0, outs[0], dims[0])
            t._error = err
            node.outputs = [t]
            return t
        node = graph.add_node("op", node_name, prim, ins, dict(params), unique=False)
        results = [SymbolicTensor(node, k, a, d) for k, (a, d) in enumerate(zip(outs, dims))]
        for k, t in enumerate(results):
            if self._ex2 is not None:
                t._ex2 = self._ex2[k]
        node.outputs = results
        if STATE.n:
            STATE.record(prim, tuple(ins), tuple(results), params)
        if prim.multiple_results:
            return results
        return results[0]

    def _forward(self, prim, arrays, params):
        fwd = prim.trace_fwd if prim.stateful else prim.fwd
        try:
            with np.errstate(all="ignore"):
                out = call_forward(prim, fwd, arrays, params)
        except (ValueError, IndexError):
            err = map_error(prim, arrays, params)
            if err is None:
                raise
            raise _static(err, prim, arrays) from None
        except InvalidArgumentError as err:
            raise _static(err, prim, arrays) from None
        if prim.multiple_results:
            return [_as_array(o) for o in out]
        return [_as_array(out)]

    def _infer(self, prim, ins, arrays, params):
        outs = self._forward(prim, arrays, params)
        dims = [a.shape for a in outs]
        self._ex2 = None
        if prim.value_shape and any(t._static_value() is None for t in ins):
            return outs, self._value_dims(prim, ins, params, outs, dims)
        if any(t._ex2 is not None for t in ins):
            # a second run where the unknown dimensions have other sizes: the output dimensions
            # that change are unknown
            outs2 = self._second_run(prim, ins, params)
            if outs2 is not None and len(outs2) == len(outs):
                dims = [tuple(a if a == b else None for a, b in zip(d, o2.shape))
                        if len(d) == o2.ndim else d for d, o2 in zip(dims, outs2)]
                self._ex2 = [o2 if None in d or _values_differ(o, o2) else None
                             for d, o, o2 in zip(dims, outs, outs2)]
        return outs, dims

    _ex2 = None

    def _second_run(self, prim, ins, params):
        """The op on the inputs' second examples (None if it fails every way). Where it fails
        (the unknown contraction size of a [None, None] input against a constant's known one),
        the second examples take the first example's sizes on the fewest changed axes that
        make it run: those sizes are the ones the op needs equal."""
        first = [t._ex2 if t._ex2 is not None else t._ex for t in ins]
        changed = [(k, axis) for k, t in enumerate(ins) if t._ex2 is not None and
                   t._ex2.ndim == t._ex.ndim
                   for axis in range(t._ex.ndim) if t._ex2.shape[axis] != t._ex.shape[axis]]
        for n in range(min(len(changed), 3) + 1):
            for axes in itertools.combinations(changed, n):
                second = list(first)
                for k, axis in axes:
                    a, size = second[k], ins[k]._ex.shape[axis]
                    if not a.shape[axis]:
                        return None
                    second[k] = np.take(a, np.arange(size) % a.shape[axis], axis=axis)
                try:
                    return self._forward(prim, second, params)
                except Exception:  # noqa: BLE001 - try keeping other sizes as in the first run
                    continue
        return None  # the first run decides the static shape

    def _value_dims(self, prim, ins, params, outs, dims):
        """The dims of an op whose output shape follows its input values, when those values are
        only known when the graph runs: a second run on other values (numbers one larger)
        shows which dims change; those are unknown (all of them if that run fails)."""
        other = [t._ex2 if t._ex2 is not None else
                 t._ex + np.ones((), t._ex.dtype) if t._ex.dtype.kind in "iuf" and
                 t._static_value() is None else t._ex for t in ins]
        try:
            outs2 = self._forward(prim, other, params)
        except Exception:  # noqa: BLE001 - then nothing about the shape is known but the rank
            return [(None,) * len(d) for d in dims]
        dims = [tuple(a if a == b else None for a, b in zip(d, o2.shape)) if len(d) == o2.ndim
                else (None,) * len(d) for d, o2 in zip(dims, outs2)]
        self._ex2 = [o2 if None in d else None for d, o2 in zip(dims, outs2)]
        return dims

    def scoped(self, scope_name, fn, *args):
        """Runs an operator's function under a name scope: its ops are named ``scope/...`` and
        the op that produces its result takes the scope's own name (TF's ``x * y`` -> "mul")."""
        if self._scope is not None:
            return fn(*args)
        final = self.graph.unique_name(scope_name)
        self._scope = (final, len(self.graph.nodes))
        try:
            out = fn(*args)
        finally:
            self._scope = None
        if isinstance(out, SymbolicTensor) and out._op.graph is self.graph and \
                out._op.kind == "op" and len(out._op.outputs) == 1:
            out._op.name = final
        return out

    # -- variables -------------------------------------------------------------------------------
    def variable_created(self, variable):
        if not self.allow_variables:
            raise ValueError(
                "tf.function only supports singleton tf.Variables created on the first call. Make "
                "sure the tf.Variable is only created once or created outside tf.function. See "
                "https://www.tensorflow.org/guide/function#creating_tfvariables for more "
                "information.")
        self.created_variables.append(variable)


def _values_differ(a, b):
    """Whether a small integer result (a shape, a size, an index) changed with the unknown
    dimensions: its second example is kept so that ops reading its value (reshape to
    ``[tf.shape(x)[0], -1]``, tf.range) learn which of their dims are unknown."""
    return a.dtype.kind in "iu" and a.size <= 64 and a.shape == b.shape and \
        not np.array_equal(a, b)


def _static(err, prim, arrays):
    """TF checks shapes while it builds a graph: incompatible shapes found while tracing are its
    ValueError, not the kernel's InvalidArgumentError."""
    msg = str(err)
    if isinstance(err, InvalidArgumentError) and msg.startswith("Incompatible shapes") and \
            len(arrays) == 2:
        a, b = arrays[0].shape, arrays[1].shape
        bad = [(x, y) for x, y in zip(a[::-1], b[::-1]) if x != y and x != 1 and y != 1]
        x, y = bad[0] if bad else (a, b)
        return ValueError("Dimensions must be equal, but are %s and %s for '{{node %s}}' with "
                          "input shapes: [%s], [%s]." % (
                              x, y, prim.name, ",".join(map(str, a)), ",".join(map(str, b))))
    return err


def call_forward(prim, fwd, arrays, attrs):
    """``fwd`` on the arrays and attributes as the dispatch path calls it (attributes positional
    for a primitive declared ``attrs_positional``)."""
    if getattr(prim, "attrs_positional", False) and fwd is prim.fwd:
        return fwd(*arrays, *attrs.values())
    return fwd(*arrays, **attrs)


def map_error(prim, arrays, attrs):
    """TF's error for a NumPy ValueError/IndexError of the forward (None: keep it)."""
    f = getattr(prim.on_error, "__code__", None)
    if f is not None and f.co_argcount == 2 and not f.co_flags & 0x04:
        return prim.on_error(prim, arrays)
    return prim.on_error(prim, arrays, attrs)


def trace_into(graph, fn, *args, **kwargs):
    """Runs ``fn`` with a new tracer on ``graph`` (for tests and ``tf.Graph`` users)."""
    with Tracer(graph):
        return fn(*args, **kwargs)


def new_graph(name):
    return Graph(name)


def is_eager_tensor(x):
    return type(x) is Tensor
