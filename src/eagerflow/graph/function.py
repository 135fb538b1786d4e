"""tf.function: a Python function traced into graphs, one per input signature, run as generated
Python code over NumPy.

The trace cache follows TF's rules: tensors (and NumPy arrays) by dtype and shape, Python values by
value (unhashable objects by identity), variables by identity, nested lists/tuples/dicts by their
structure; ``input_signature`` fixes one signature (None dims accept any size) and
``reduce_retracing=True`` relaxes differing dims to None after a second shape. Variables may be
created on the first trace only (which then traces again without creating them, as TF does). After
frequent retracing TF's warning is logged, followed by what changed in this call's arguments.
"""
import functools
import inspect
import weakref

import numpy as np

from ..engine.primitive import STATE, current_tracer
from ..tensor import Tensor, VariableBase, convert_to_tensor
from .concrete import trace, flatten_args, relaxed_spec, _spec_of
from .spec import TensorSpec

__all__ = ["Function", "function", "run_functions_eagerly", "functions_run_eagerly"]


class _Mode:
    eager = False


def run_functions_eagerly(run_eagerly):
    """``tf.config.run_functions_eagerly``: True runs every tf.function's Python body eagerly."""
    _Mode.eager = bool(run_eagerly)


def functions_run_eagerly():
    return _Mode.eager


# -- the retracing warning (TF's _FrequentTracingDetector) ---------------------------------------
_HISTORY, _THRESHOLD, _MAX_WARNINGS = 10, 5, 2
_detectors = weakref.WeakKeyDictionary()


class _Detector:
    __slots__ = ("calls", "count", "warnings")

    def __init__(self):
        self.calls, self.count, self.warnings = [], 0, 0

    def traced(self, fn, why):
        self.count += 1
        self.calls.append(1)
        while self.calls and self.count - self.calls[0] > _HISTORY:
            self.count -= self.calls.pop(0)
        if self.warnings >= _MAX_WARNINGS or len(self.calls) < _THRESHOLD:
            return
        self.warnings += 1
        msg = (
            "{} out of the last {} calls to {} triggered tf.function retracing. Tracing is "
            "expensive and the excessive number of tracings could be due to (1) creating "
            "@tf.function repeatedly in a loop, (2) passing tensors with different shapes, (3) "
            "passing Python objects instead of tensors. For (1), please define your @tf.function "
            "outside of the loop. For (2), @tf.function has reduce_retracing=True option that can "
            "avoid unnecessary retracing. For (3), please refer to "
            "https://www.tensorflow.org/guide/function#controlling_retracing and "
            "https://www.tensorflow.org/api_docs/python/tf/function for  more details.").format(
                len(self.calls), self.count, fn)
        if why:
            msg += " This call retraced because " + why + "."
        import logging  # only for this warning: logging costs ~4 ms of import time
        logging.getLogger("tensorflow").warning(msg)

    def not_traced(self):
        if not self.calls:
            self.calls = [0]
        self.calls[-1] += 1
        self.count += 1


def _detector(fn):
    target = fn
    while hasattr(target, "__wrapped__"):
        target = target.__wrapped__
    target = getattr(target, "__func__", target)
    key = getattr(target, "__code__", fn)
    try:
        d = _detectors.get(key)
        if d is None:
            d = _detectors[key] = _Detector()
    except TypeError:
        return _Detector()
    return d


# -- cache keys ----------------------------------------------------------------------------------
def _key(x):
    if isinstance(x, Tensor):
        return ("T", x.dtype.name, tuple(x.shape._dims))
    if isinstance(x, np.ndarray):
        return ("T", convert_to_tensor(x).dtype.name, x.shape)
    if isinstance(x, TensorSpec):
        return ("T", x.dtype.name, x.shape._dims)
    if isinstance(x, VariableBase):
        return ("V", id(x._handle))
    if isinstance(x, (list, tuple)):
        return (type(x).__name__,) + tuple(_key(y) for y in x)
    if isinstance(x, dict):
        return ("d",) + tuple((k, _key(v)) for k, v in sorted(x.items(), key=lambda kv: repr(kv[0])))
    if hasattr(type(x), "__tf_tracing_type__"):  # TF's tracing protocol: the object's TraceType
        return ("P", "TraceType", x.__tf_tracing_type__(None))
    try:
        hash(x)
        return ("P", type(x).__name__, x)
    except TypeError:
        return ("O", id(x))


def _describe(key):
    if key[0] == "T":
        return "a %s tensor of shape %s" % (key[1], key[2])
    if key[0] == "P":
        return "the Python value %r" % (key[2],)
    if key[0] == "V":
        return "another tf.Variable"
    return "a %s" % key[0]


def _why(new, old, names):
    """Which argument's key changed, and how (the first difference)."""
    for name, a, b in zip(names, new, old):
        if a == b:
            continue
        if a[0] == b[0] == "T":
            if a[1] != b[1]:
                return "argument '%s' changed dtype %s -> %s" % (name, b[1], a[1])
            return "argument '%s' changed shape %s -> %s" % (name, b[2], a[2])
        return "argument '%s' changed from %s to %s" % (name, _describe(b), _describe(a))
    return ""


class Function:
    """What ``tf.function`` returns: a callable with a trace cache of ConcreteFunctions."""

    def __init__(self, python_function, input_signature=None, reduce_retracing=False,
                 name=None, autograph=True, jit_compile=None):
        self.python_function = python_function
        self._input_signature = None if input_signature is None else list(input_signature)
        self._reduce_retracing = bool(reduce_retracing)
        self._name = name or getattr(python_function, "__name__", "function")
        self._signature = inspect.signature(python_function)
        self._cache = {}      # key -> ConcreteFunction
        self._relaxed = []    # ConcreteFunctions with None dims, tried by compatibility
        self._order = []      # every ConcreteFunction, in tracing order
        self._fast = {}       # (dtype, shape) per positional tensor -> generated function
        self._count = 0
        self._variables_created = False
        self._last_key = None
        self._detector = _detector(python_function)
        self._instances = weakref.WeakKeyDictionary()
        self._autograph = autograph
        self._converted = None
        functools.update_wrapper(self, python_function)

    name = property(lambda self: self._name)
    input_signature = property(lambda self: self._input_signature)

    # -- calling ---------------------------------------------------------------------------------
    def __call__(self, *args, **kwargs):
        if not kwargs and not STATE.n and not STATE.g and not _Mode.eager:
            n = len(args)
            key = None
            if n == 1:
                a = args[0]
                if type(a) is Tensor:
                    v = a._v
                    key = (v.dtype, v.shape)
            elif n == 0:
                key = ()
            else:
                parts = []
                for a in args:
                    if type(a) is not Tensor:
                        break
                    v = a._v
                    parts.append(v.dtype)
                    parts.append(v.shape)
                else:
                    key = tuple(parts)
            if key is not None:
                kernel = self._fast.get(key)
                if kernel is not None:
                    self._detector.not_traced()
                    if n == 1:
                        return kernel(v)
                    return kernel(*[a._v for a in args])
        return self._call(args, kwargs)

    def _call(self, args, kwargs):
        if _Mode.eager:
            return self.python_function(*args, **kwargs)
        if current_tracer() is not None:
            # called while another function is traced: its ops join that graph
            return self._traced_function()(*args, **kwargs)
        count = self._count
        cf, tensors = self._concrete(args, kwargs, True)
        if self._count == count:
            self._detector.not_traced()
        if not kwargs and len(tensors) == len(args) and all(type(a) is Tensor for a in args):
            kernel = cf._kernel or cf._compile()
            if len(self._fast) > 256:
                self._fast.clear()
            self._fast[tuple(x for a in args for x in (a._v.dtype, a._v.shape))
                       if len(args) != 1 else (args[0]._v.dtype, args[0]._v.shape)] = kernel
        return cf._run(tensors)

    def _bind(self, args, kwargs):
        try:
            bound = self._signature.bind(*args, **kwargs)
        except TypeError as e:
            if self._input_signature is not None:
                raise TypeError("Binding inputs to tf.function failed due to `%s`. Received args: "
                                "%r and kwargs: %r for signature: %s." % (
                                    e, args, kwargs, self._signature_text())) from None
            raise
        bound.apply_defaults()
        return [(name, self._signature.parameters[name].kind.name, value)
                for name, value in bound.arguments.items()]

    def _signature_text(self):
        names = list(self._signature.parameters)
        return "(%s)" % ", ".join("%s: %r" % (n, s) for n, s in zip(names, self._input_signature))

    def _concrete(self, args, kwargs, count_call):
        """(ConcreteFunction, flat input tensors) for a call, tracing when needed."""
        if self._input_signature is not None:  # a value where the signature has a TensorSpec
            args = tuple(_to_spec_tensor(a, s) for a, s in zip(args, self._input_signature)) + \
                tuple(args[len(self._input_signature):])
        params = self._bind(args, kwargs)
        template, leaves = flatten_args(params)
        if self._input_signature is not None:
            return self._signature_call(args, kwargs, params, template, leaves)
        key = tuple(_key(v) for _, _, v in params)
        cf = self._cache.get(key)
        if cf is None and self._relaxed:
            specs = [_spec_of(x) for _, x in leaves]
            for c in self._relaxed:
                if c._template == template and len(c._specs) == len(specs) and all(
                        s.is_compatible_with(x) for s, x in zip(c._specs, specs)):
                    cf = c
                    break
        if cf is None:
            specs = [_spec_of(x) for _, x in leaves]
            if self._reduce_retracing and self._order:
                specs = self._relax(template, specs)
            why = _why(key, self._last_key, [p[0] for p in params]) if self._last_key else ""
            cf = self._trace(params, specs, leaves, template)
            if any(None in s.shape._dims for s in specs):
                self._relaxed.append(cf)
            else:
                self._cache[key] = cf
            if count_call and len(self._order) > 1:
                self._detector.traced(self.python_function, why)
        self._last_key = key
        return cf, [x if isinstance(x, (Tensor, TensorSpec)) else convert_to_tensor(x)
                    for _, x in leaves]

    def _relax(self, template, specs):
        for c in reversed(self._order):
            if c._template != template or len(c._specs) != len(specs):
                continue
            relaxed = [relaxed_spec(a, b) for a, b in zip(c._specs, specs)]
            if None not in relaxed:
                return relaxed
        return specs

    def _signature_call(self, args, kwargs, params, template, leaves):
        specs = _flat_specs(self._input_signature)
        if len(specs) != len(leaves):
            raise TypeError("Binding inputs to tf.function failed due to `too many positional "
                            "arguments`. Received args: %r and kwargs: %r for signature: %s." % (
                                args, kwargs, self._signature_text()))
        tensors = []
        for (path, x), spec in zip(leaves, specs):
            if not isinstance(x, (Tensor, TensorSpec)):  # (get_concrete_function passes specs)
                x = convert_to_tensor(x, dtype_hint=spec.dtype)
            if not spec.is_compatible_with(x):
                raise TypeError(
                    "Binding inputs to tf.function failed due to `Can not cast %r to %r`. "
                    "Received args: %r and kwargs: %r for signature: %s." % (
                        TensorSpec(x.shape, x.dtype), spec, args, kwargs,
                        self._signature_text()))
            tensors.append(x)
        cf = self._cache.get("signature")
        if cf is None:
            cf = self._cache["signature"] = self._trace(params, specs, leaves, template)
        return cf, tensors

    def _traced_function(self):
        """The Python function a trace runs: AutoGraph's conversion of it unless autograph=False
        (converted once per Function)."""
        if not self._autograph:
            return self.python_function
        if self._converted is None:
            from ..autograph.api import converted
            self._converted = converted(self.python_function)
        return self._converted

    def _trace(self, params, specs, leaves, template):
        first = not self._variables_created and not self._order
        cf, created = trace(self._traced_function(), params, specs, leaves, template,
                            allow_variables=first, name=self._name)
        self._count += 1
        if created:
            self._variables_created = True
            # TF traces again without creating variables; that trace is the one that runs
            cf, _ = trace(self._traced_function(), params, specs, leaves, template,
                          allow_variables=False, name=self._name)
            self._count += 1
        self._order.append(cf)
        return cf

    # -- TF's API --------------------------------------------------------------------------------
    def get_concrete_function(self, *args, **kwargs):
        if self._input_signature is not None and not args and not kwargs:
            args = tuple(self._input_signature)
        cf, _ = self._concrete(args, kwargs, False)
        return cf

    def experimental_get_tracing_count(self):
        return self._count

    def pretty_printed_concrete_signatures(self, verbose=True):
        return "\n\n".join(cf.pretty_printed_signature(verbose) for cf in self._order)

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        bound = self._instances.get(obj) if _weakable(obj) else None
        if bound is None:
            method = self.python_function.__get__(obj, objtype)
            bound = Function(method, self._input_signature, self._reduce_retracing, self._name,
                             self._autograph)
            if _weakable(obj):
                self._instances[obj] = bound
        return bound

    def __repr__(self):
        return "<eagerflow.Function %s at 0x%X>" % (self._name, id(self))


def _to_spec_tensor(a, spec):
    if isinstance(spec, TensorSpec) and not isinstance(a, (Tensor, TensorSpec, VariableBase)):
        try:
            return convert_to_tensor(a, dtype_hint=spec.dtype)
        except (TypeError, ValueError):
            return a
    return a


def _weakable(obj):
    try:
        weakref.ref(obj)
        return True
    except TypeError:
        return False


def _flat_specs(signature):
    out = []

    def walk(x):
        if isinstance(x, TensorSpec):
            out.append(x)
        elif isinstance(x, (list, tuple)):
            for v in x:
                walk(v)
        elif isinstance(x, dict):
            for v in x.values():
                walk(v)
    walk(signature)
    return out


def function(func=None, input_signature=None, autograph=True, jit_compile=None,
             reduce_retracing=False, experimental_implements=None, experimental_autograph_options=None,
             experimental_attributes=None, experimental_relax_shapes=None,
             experimental_compile=None, experimental_follow_type_hints=None, name=None):
    """Compiles a Python function into graphs, traced once per input signature (``tf.function``)."""
    relax = bool(reduce_retracing or experimental_relax_shapes)
    if func is None:
        return lambda f: Function(f, input_signature, relax, name, autograph)
    return Function(func, input_signature, relax, name, autograph)
