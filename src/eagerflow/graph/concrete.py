"""ConcreteFunction: one traced graph of a tf.function with its input signature, its optimized plan
and the generated Python function that runs it.

Tracing (``trace``) binds the arguments to the Python signature, replaces each tensor leaf by a
placeholder named after its parameter, runs the Python function under a Tracer, and adds an output
node (TF's ``Identity``) for each returned tensor; Python numbers and strings returned become
tensors, None and other objects are kept. Calling runs the generated code when nothing listens
(no tape, no accumulator, no tracer on this thread) and replays the plan through the primitives
otherwise.
"""
import numpy as np

from .. import dtypes as _dt
from ..engine.primitive import COMPOSITES, STATE, current_tracer
from ..errors import InvalidArgumentError
from ..tensor import Tensor, VariableBase, convert_to_tensor
from ..tensor_shape import TensorShape
from .codegen import Out, compile_plan, replay, pack
from .ir import Graph
from .passes import optimize
from .spec import TensorSpec
from .symbolic import SymbolicTensor
from .tracer import Tracer

__all__ = ["ConcreteFunction", "trace", "flatten_args"]

_COUNTER = [0]


# -- argument structures -------------------------------------------------------------------------
def _leaves(x, path, out):
    """Collects (path, leaf) of tensor-like leaves; returns the structure with Out markers."""
    if isinstance(x, (Tensor, np.ndarray, TensorSpec)):
        out.append((path, x))
        return Out(len(out) - 1)
    if isinstance(x, tuple):
        items = [_leaves(v, path, out) for v in x]
        return tuple(items) if type(x) is tuple else type(x)(*items)
    if isinstance(x, list):
        return [_leaves(v, path, out) for v in x]
    if isinstance(x, dict):
        return {k: _leaves(v, path, out) for k, v in x.items()}
    return x


def flatten_args(params):
    """[(name, kind, value)] -> (template, [(path, leaf)])."""
    leaves = []
    template = []
    for name, kind, value in params:
        if kind == "VAR_POSITIONAL":
            template.append(tuple(_leaves(v, "%s_%d" % (name, k), leaves)
                                  for k, v in enumerate(value)))
        elif kind == "VAR_KEYWORD":
            template.append({k: _leaves(v, k, leaves) for k, v in value.items()})
        else:
            template.append(_leaves(value, name, leaves))
    return template, leaves


def _spec_of(leaf):
    if isinstance(leaf, TensorSpec):
        return leaf
    if isinstance(leaf, np.ndarray):
        leaf = convert_to_tensor(leaf)
    return TensorSpec(leaf.shape, leaf.dtype)


def _examples(spec, leaf):
    """The example value(s) for a placeholder: the real argument (else ones), and a second
    example where the spec leaves a dimension unknown."""
    dims = spec.shape._dims
    if dims is None:
        raise ValueError("eagerflow traces inputs of known rank only (got %s)" % spec)
    if isinstance(leaf, TensorSpec):
        ex = np.ones([2 if d is None else d for d in dims], spec.dtype._np)
        if spec.dtype is _dt.string:
            ex = np.full(ex.shape, b"", object)
    else:
        ex = convert_to_tensor(leaf)._v
    ex2 = None
    if None in dims:
        shape2 = [ex.shape[k] + 1 if d is None else d for k, d in enumerate(dims)]
        ex2 = np.ones(shape2, ex.dtype) if ex.dtype != object else np.full(shape2, b"", object)
    return ex, ex2


# -- tracing -------------------------------------------------------------------------------------
def trace(function, params, specs, leaves, template, allow_variables, name):
    """Traces ``function`` for these arguments: a ConcreteFunction (and the variables created)."""
    _COUNTER[0] += 1
    graph = Graph(name)
    with Tracer(graph, allow_variables) as tracer:
        symbolic = []
        for (path, leaf), spec in zip(leaves, specs):
            ex, ex2 = _examples(spec, leaf)
            symbolic.append(tracer.placeholder(path, ex, spec.shape._dims, ex2))
        args, kwargs = [], {}
        for (pname, kind, _), t in zip(params, template):
            value = pack(t, symbolic)
            if kind == "VAR_POSITIONAL":
                args.extend(value)
            elif kind == "VAR_KEYWORD":
                kwargs.update(value)
            elif kind == "KEYWORD_ONLY":
                kwargs[pname] = value
            else:
                args.append(value)
        result = function(*args, **kwargs)
        outs = []
        out_template = _outputs(result, outs, tracer)
        structured = []
        for t in outs:
            node = graph.add_node("output", "Identity", inputs=[t])
            s = SymbolicTensor(node, 0, t._ex, t._dims)
            node.outputs.append(s)
            graph.outputs.append(s)
            structured.append(s)
    cf = ConcreteFunction(graph, function, params, specs, leaves, template, out_template,
                          structured, "__inference_%s_%d" % (name, _COUNTER[0]))
    return cf, tracer.created_variables


def _outputs(x, outs, tracer):
    if isinstance(x, VariableBase):
        x = x._read()
    if hasattr(type(x), "_function_output"):  # a TensorArray returns its flow, as TF's does
        x = x._function_output()
    if type(x) in COMPOSITES:  # (its graph tensors would leak out as they are: a wrong result)
        raise NotImplementedError(
            "eagerflow: a tf.function cannot return a %s yet; return its component tensors "
            "(e.g. values and row splits / indices) and rebuild it outside." % type(x).__name__)
    if isinstance(x, np.ndarray) or type(x) in (int, float, bool, str, bytes) or \
            isinstance(x, np.generic):
        x = convert_to_tensor(x)
    if isinstance(x, Tensor):
        outs.append(tracer.capture(x, "Const"))
        return Out(len(outs) - 1)
    if isinstance(x, tuple):
        items = [_outputs(v, outs, tracer) for v in x]
        return tuple(items) if type(x) is tuple else type(x)(*items)
    if isinstance(x, list):
        return [_outputs(v, outs, tracer) for v in x]
    if isinstance(x, dict):
        return {k: _outputs(v, outs, tracer) for k, v in x.items()}
    return x


# -- signatures as TF prints them ----------------------------------------------------------------
def _type_text(t, specs):
    if isinstance(t, Out):
        return repr(specs[t.k])
    if isinstance(t, tuple):
        return "Tuple[%s]" % ", ".join(_type_text(v, specs) for v in t)
    if isinstance(t, list):
        return "List[%s]" % ", ".join(_type_text(v, specs) for v in t)
    if isinstance(t, dict):
        return "Dict[%s]" % ", ".join("[%r, %s]" % (k, _type_text(v, specs)) for k, v in t.items())
    if t is None:
        return "None"
    return "Literal[%r]" % (t,)


class ConcreteFunction:
    """One trace of a tf.function: ``graph``, signature, outputs; callable on tensors."""

    def __init__(self, graph, function, params, specs, leaves, template, out_template,
                 structured, name):
        self.graph = graph
        self.name = name
        self._function = function
        self._params = params
        self._specs = [s._with_name(None) for s in specs]
        self._named_specs = [s._with_name(path) for s, (path, _) in zip(specs, leaves)]
        self._template = template
        self._out_template = out_template
        self._structured = structured
        self._plan = None
        self._kernel = None
        self.source = None

    # -- TF's API --------------------------------------------------------------------------------
    @property
    def structured_input_signature(self):
        args, kwargs = [], {}
        for (pname, kind, _), t in zip(self._params, self._template):
            value = pack(t, self._named_specs)
            if kind == "VAR_POSITIONAL":
                args.extend(value)
            elif kind in ("VAR_KEYWORD",):
                kwargs.update(value)
            elif kind == "KEYWORD_ONLY":
                kwargs[pname] = value
            else:
                args.append(value)
        return tuple(args), kwargs

    @property
    def structured_outputs(self):
        return pack(self._out_template, self._structured)

    @property
    def inputs(self):
        return list(self.graph.inputs)

    @property
    def outputs(self):
        return list(self.graph.outputs)

    @property
    def variables(self):
        seen = {}
        for node in self.graph.nodes:
            h = node.attrs.get("handle") if node.kind == "op" else None
            if h is not None and getattr(h, "variable", None) is not None:
                seen.setdefault(id(h), h.variable)
        return tuple(seen.values())

    trainable_variables = property(lambda self: tuple(v for v in self.variables if v.trainable))

    @property
    def function_type(self):
        return _FunctionType(self)

    def _inputs_text(self):
        parts = []
        for (pname, kind, _), t in zip(self._params, self._template):
            parts.append("%s: %s" % (pname, _type_text(t, self._specs)))
        return "(%s)" % ", ".join(parts)

    def _output_text(self):
        return _type_text(self._out_template, [TensorSpec(s.shape, s.dtype) for s in
                                               self._structured])

    def pretty_printed_signature(self, verbose=True):
        lines = ["Input Parameters:"]
        for (pname, kind, _), t in zip(self._params, self._template):
            lines.append("  %s (%s): %s" % (pname, kind, _type_text(t, self._specs)))
        lines += ["Output Type:", "  " + self._output_text(), "Captures:"]
        caps = self.variables
        if caps:
            lines += ["  %d: TensorSpec(shape=(), dtype=tf.resource, name=None)" % id(v._handle)
                      for v in caps]
        else:
            lines.append("  None")
        return "\n".join(lines)

    def __str__(self):
        return "ConcreteFunction " + self.pretty_printed_signature()

    def __repr__(self):
        return "<ConcreteFunction %s -> %s at 0x%X>" % (self._inputs_text(), self._output_text(),
                                                         id(self))

    # -- running ---------------------------------------------------------------------------------
    def _compile(self):
        plan = optimize(self.graph)
        name = "".join(c if c.isalnum() else "_" for c in self.graph.name)
        self._kernel, self.source = compile_plan(plan, self._out_template, name)
        self._plan = plan
        return self._kernel

    def _run(self, tensors):
        """Runs on the flat input tensors (already checked against the signature)."""
        kernel = self._kernel or self._compile()
        if not STATE.n and (not STATE.g or current_tracer() is None):
            return kernel(*[t._v for t in tensors])
        tracer = current_tracer()
        if tracer is not None:
            return _inline(self, tracer, tensors)
        return replay(self._plan, self._out_template, tensors)

    def __call__(self, *args, **kwargs):
        flat = []
        for path, leaf in flatten_args(_bind_positional(self, args, kwargs))[1]:
            flat.append(leaf)
        if len(flat) != len(self._specs):
            raise TypeError("%s takes %d tensor inputs, got %d" % (self.name, len(self._specs),
                                                                   len(flat)))
        tensors = []
        for k, (x, spec) in enumerate(zip(flat, self._specs)):
            t = convert_to_tensor(x)
            if t.dtype is not spec.dtype:
                raise InvalidArgumentError(None, self.name, (
                    "cannot compute %s as input #%d(zero-based) was expected to be a %s tensor but "
                    "is a %s tensor [Op:%s]") % (self.name, k, spec.dtype._kernel_word,
                                                  t.dtype._kernel_word, self.name))
            tensors.append(t)
        return self._run(tensors)


def _bind_positional(cf, args, kwargs):
    params = []
    names = [p for p, kind, _ in cf._params]
    values = dict(zip(names, args))
    values.update(kwargs)
    for pname, kind, _ in cf._params:
        params.append((pname, kind, values.get(pname)))
    return params


def _inline(cf, tracer, tensors):
    """A concrete function called while another graph is traced: its plan's ops join that
    graph (through the primitives, so the tracer names and infers them)."""
    plan = cf._plan
    env = {id(t): x for t, x in zip(plan.inputs, tensors)}

    def get(t):
        v = env.get(id(t))
        if v is None:
            v = env[id(t)] = tracer.const(plan.consts[id(t)])
        return v

    for node, ins in plan.steps:
        out = tracer.add(node.prim, [get(t) for t in ins], dict(node.attrs), None)
        outs = out if node.prim.multiple_results else [out]
        for t, o in zip(node.outputs, outs):
            env[id(t)] = o
    return pack(cf._out_template, [get(t) for t in plan.outputs])


class _FunctionType:
    """What ``ConcreteFunction.function_type`` prints: ``(x: TensorSpec(...)) -> TensorSpec(...)``."""

    def __init__(self, cf):
        self._cf = cf

    def __str__(self):
        return "%s -> %s" % (self._cf._inputs_text(), self._cf._output_text())

    __repr__ = __str__


def relaxed_spec(a, b):
    """The most specific spec both a and b fit (None where dims differ), or None."""
    if a.dtype is not b.dtype:
        return None
    da, db = a.shape._dims, b.shape._dims
    if da is None or db is None or len(da) != len(db):
        return None
    return TensorSpec(TensorShape([x if x == y else None for x, y in zip(da, db)]), a.dtype)
