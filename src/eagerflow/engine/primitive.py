"""Primitive: one op with its NumPy forward and its gradient rule, and the one dispatch path.

Every op of eagerflow — operators, ``tf.*`` functions, gradient rules, variable reads and writes,
random and creation ops — is a Primitive or a composite of primitives, and calling a primitive is the
only way an op runs. The call:

1. converts arguments with TF's rules (positional arguments are the op's tensor inputs; inputs
   sharing the dtype attr take the first tensor's dtype, Python values convert strictly; variables
   are read through the ReadVariableOp primitive); keyword arguments are the op's attributes;
2. admits dtypes (TF's InvalidArgumentError naming the op and the allowed types);
3. runs the forward on the arrays (NumPy's floating-point warnings off for ``quiet`` primitives;
   on the op's device when a device library is registered: engine/device.py);
4. wraps the result in Tensors (never copies: tensors and the arrays they hold are never mutated);
5. calls the hook: when a tape or accumulator is active, ``STATE.record`` (autodiff/tape.py) stores
   the op where it can carry a gradient; while a graph is traced (``STATE.g``), the tracer takes the
   op instead of steps 3-5.

The common case (exact Tensors or variables, or Python numbers NumPy converts exactly as TF does,
nothing being traced) runs in C when the accelerator is built (``_speedups.c``'s ``prim_try``), else in
``Primitive.__call__`` below; every other case, and every error, takes ``Primitive._slow``.
"""
import re
import _thread  # threading's lock and thread-local types, without importing threading

import numpy as np

from .. import dtypes as _dt
from .. import _accel
from . import device as _device
from ..errors import InvalidArgumentError, ResourceExhaustedError
from ..tensor import Tensor, VariableBase, wrap, _DEVICE

__all__ = ["Primitive", "primitive", "STATE", "REGISTRY", "incompatible_shapes", "mismatch_error",
           "type_error", "FLOAT_TYPES", "COMPLEX_TYPES", "INT_TYPES", "SIGNED_INT_TYPES",
           "BOOL_TYPES", "STRING_TYPES", "NUMERIC", "REAL", "INEXACT", "DIFFERENTIABLE", "quiet",
           "Resource", "current_tracer", "COMPOSITES"]

REGISTRY = {}  # op name -> Primitive; tests check every one has a row and a gradient decision

_ndarray = np.ndarray
_new = object.__new__
_DEVICES = _device.TYPES
_NP_TO_DTYPE = _dt.NP_TO_DTYPE

FLOAT_TYPES = frozenset(np.dtype(t) for t in (np.float16, np.float32, np.float64))
try:
    import ml_dtypes as _ml
    FLOAT_TYPES = FLOAT_TYPES | {np.dtype(_ml.bfloat16)}
except ImportError:  # pragma: no cover
    pass
COMPLEX_TYPES = frozenset(np.dtype(t) for t in (np.complex64, np.complex128))
INT_TYPES = frozenset(np.dtype(t) for t in (np.int8, np.int16, np.int32, np.int64, np.uint8,
                                            np.uint16, np.uint32, np.uint64))
SIGNED_INT_TYPES = frozenset(np.dtype(t) for t in (np.int8, np.int16, np.int32, np.int64))
BOOL_TYPES = frozenset([np.dtype(np.bool_)])
STRING_TYPES = frozenset([np.dtype(object)])
NUMERIC = FLOAT_TYPES | COMPLEX_TYPES | INT_TYPES
REAL = FLOAT_TYPES | INT_TYPES
INEXACT = FLOAT_TYPES | COMPLEX_TYPES
DIFFERENTIABLE = INEXACT


# -- the listeners ---------------------------------------------------------------------------------
class _State:
    """The engine's listener counts: ``n`` active tapes and forward accumulators, ``g`` active
    graph tracers and ``d`` scopes placing ops on a device (all threads), the Python record hook,
    and ``fast``: None or (thread id, watched, nodes, tape) of the one thread whose only listener
    is one recording tape (autodiff/tape.py)."""

    __slots__ = ("n", "g", "d", "record", "fast")


STATE = _accel.C.State() if _accel.ENABLED else _State()
STATE.n = 0
STATE.g = 0
STATE.d = 0
STATE.record = None  # set by autodiff/tape.py
STATE.fast = None

_tracing = _thread._local()  # .tracer: this thread's graph tracer (the graphs package sets it)


def current_tracer():
    """The graph tracer of this thread, or None."""
    return getattr(_tracing, "tracer", None)


# Composite tensors: types that stand for a tensor but hold several (tf.RaggedTensor: flat values and
# row partitions). A type registers itself here and defines ``__tf_dispatch__(prim, args, params)``;
# a primitive called with one of them among its inputs hands the whole call to that method, which
# runs the primitive on the component tensors. The check sits on the general path only (the common
# case accepts exact Tensors alone) and costs one falsy test while nothing is registered.
COMPOSITES = set()


class Resource:
    """Marker base of resource inputs (a variable's handle): ops take them as they are."""

    __slots__ = ()


# -- errors ----------------------------------------------------------------------------------------
def _dims(shape):
    return "[%s]" % ",".join(str(d) for d in shape)


def incompatible_shapes(prim, arrays, attrs=None):
    shapes = [a.shape for a in arrays]
    return InvalidArgumentError(None, prim.name, "Incompatible shapes: %s [Op:%s]" % (
        " vs. ".join(_dims(s) for s in shapes), prim.name))


# the order TF's kernels list their allowed types in (AddV2's; most ops use a sub-sequence of it)
_TF_TYPE_ORDER = ("bfloat16", "float16", "float32", "float64", "uint8", "uint16", "uint32", "uint64",
                  "int8", "int16", "int32", "int64", "complex64", "complex128", "bool", "string")


def type_error(prim, dt, arity=1):
    names = {_NP_TO_DTYPE[d].name: _NP_TO_DTYPE[d] for d in prim.dtypes if d in _NP_TO_DTYPE}
    allowed = [names[n] for n in _TF_TYPE_ORDER if n in names]
    words = [d._kernel_word for d in allowed]
    sig = "x:T -> y:T" if arity == 1 else "x:T, y:T -> z:T" if arity == 2 else \
        ", ".join("x%d:T" % k for k in range(arity)) + " -> y:T"
    return InvalidArgumentError(None, prim.name, (
        "Value for attr 'T' of %s is not in the list of allowed values: %s\n\t; NodeDef: "
        "{{node %s}}; Op<name=%s; signature=%s; attr=T:type,allowed=[%s]> [Op:%s] name: ") % (
            _NP_TO_DTYPE[dt]._kernel_word, ", ".join(words), prim.name, prim.name, sig,
            ", ".join("DT_" + w.upper() for w in words), prim.name))


def mismatch_error(prim, index, expected, got):
    return InvalidArgumentError(None, prim.name, (
        "cannot compute %s as input #%d(zero-based) was expected to be a %s tensor but is a %s "
        "tensor [Op:%s] name: ") % (prim.name, index, _NP_TO_DTYPE[expected]._kernel_word,
                                     _NP_TO_DTYPE[got]._kernel_word, prim.name))


_ALLOCATION = re.compile(r"shape \(([^)]*)\) and data type (\w+)")


def _out_of_memory(prim, e):
    m = _ALLOCATION.search(str(e))
    try:
        what = " with shape[%s] and type %s on %s by allocator cpu" % (
            ",".join(d.strip() for d in m.group(1).split(",") if d.strip()),
            _NP_TO_DTYPE[np.dtype(m.group(2))]._kernel_word, _DEVICE)
    except (AttributeError, TypeError, KeyError):
        what = ""
    return ResourceExhaustedError(None, prim.name, "OOM when allocating tensor%s [Op:%s] name: "
                                  % (what, prim.name))


def _result_array(out, _asarray=np.asarray, _devices=_device.TYPES):
    """A forward's result that is not an ndarray (a NumPy or Python scalar) as a 0-d array; a
    bytes/str scalar (from an op on string scalars) becomes TF's object array of bytes, never a
    NumPy 'S'/'U' array no TF dtype describes. A device array stays as it is."""
    if _devices and type(out) in _devices:
        return out
    a = _asarray(out)
    if a.dtype.kind in "SU":
        return _dt.strings_to_object(a)
    return a


# -- floating-point quieting -----------------------------------------------------------------------
_QUIET = _accel.QUIET


def quiet(fn, *args, **kw):
    """``fn(*args, **kw)`` with NumPy's floating-point warnings off (TF returns inf/nan silently)."""
    if _QUIET is None:
        with np.errstate(all="ignore"):
            return fn(*args, **kw)
    token = _QUIET[0].set(_QUIET[1])
    try:
        return fn(*args, **kw)
    finally:
        _QUIET[0].reset(token)


# -- Primitive -------------------------------------------------------------------------------------
def _ordered(dtypes):
    """A tuple with the common dtypes first (C scans it by identity)."""
    if dtypes is None:
        return None
    first = [np.dtype(t) for t in (np.float32, np.float64, np.int32, np.int64, np.bool_)]
    return tuple([d for d in first if d in dtypes] + [d for d in dtypes if d not in first])


class _PyBase:
    """The common case of the dispatch path in Python (used when the C accelerator is absent)."""

    def __call__(self, *args, **params):
        if not STATE.g and not STATE.d and (not params or "name" not in params) and (
                self.inputs is None or not params and len(args) == len(self.inputs)):
            n = len(args)
            if n == 1:
                x = args[0]
                if type(x) is Tensor and type(x._v) is _ndarray:
                    a = x._v
                    dts = self.dtypes
                    if dts is None or a.dtype in dts and (self.match is None or self.match):
                        return self._run(args, (a,), params)
            elif n == 2 and self.match is None:
                x, y = args
                if type(x) is Tensor and type(y) is Tensor:
                    a, b = x._v, y._v
                    d = a.dtype
                    if b.dtype is d and (self.dtypes is None or d in self.dtypes) and \
                            type(a) is _ndarray and type(b) is _ndarray:
                        return self._run(args, (a, b), params)
            elif n == 0 and self.c_fast:
                return self._run((), (), params)
        return self._slow(args, params)


class Primitive(_accel.PrimBase if _accel.ENABLED else _PyBase):
    """An op: ``fwd(*arrays, **attrs)`` on ndarrays, plus its rules.

    ``dtypes``: allowed NumPy dtypes of the matched inputs (``None``: any).
    ``match``: input positions sharing one dtype attr (``None``: all of them; ``()``: none).
    ``differentiable``: False for ops whose outputs carry no gradient (argmax, comparisons ...);
    the declaration of "no gradient", made once here. Otherwise ``defvjp`` gives the rule.
    ``quiet``: the forward runs with NumPy's floating-point warnings off.
    ``weak``: a Python int/float argument may reach the forward as it is (NumPy's weak-scalar rule
    gives exactly TF's conversion to the other input's dtype for these ops).
    ``on_error(prim, arrays, attrs)``: maps a NumPy ValueError/IndexError from the forward to TF's
    error (None: re-raise it).
    ``attrs_positional``: the forward takes the attributes positionally, in the call's order (so a
    C method such as ``np.ndarray.reshape`` can be the forward itself).
    ``c_fast``: False keeps the op off the C common case (its call always takes ``_slow``).
    ``stateful``: the op reads or writes state (a variable, the random state, a stream): a graph
    tracer never runs its forward (it runs ``trace_fwd``, a side-effect-free stand-in giving the
    output's dtype and shape), and graph passes never fold, merge or drop it.
    ``value_shape``: the output's shape depends on the input *values* (Range, a reshape to a
    shape input): while tracing, its dims are unknown when those values are.
    ``run_time_check``: the kernel checks input *values* (index bounds, labels) that TF checks
    only when the op runs: a failure while tracing is deferred to a use of the result (TF prunes
    an unused failing gather); any other op's error while tracing raises at once.
    ``host``: the kernel runs on the host whatever the device (TF has no GPU kernel for it: text
    made from numbers); engine/device.py copies its inputs there.
    """

    def __init__(self, name, fwd, dtypes=None, match=None, differentiable=True, on_error=None,
                 multiple_results=False, quiet=False, weak=False, c_fast=True, stateful=False,
                 attrs_positional=False, value_shape=False, run_time_check=False, host=False):
        self.name = name
        self.fwd = fwd
        self.attrs_positional = attrs_positional
        self.dtypes = frozenset(dtypes) if dtypes is not None else None
        self.match = tuple(match) if match is not None else None
        self.differentiable = differentiable
        self.vjp = None
        self.vjp_needs = False
        self.on_error = on_error if on_error is not None else incompatible_shapes
        self.multiple_results = multiple_results
        self.quiet = quiet
        self.weak = weak
        self.c_fast = c_fast
        self.stateful = stateful
        self.trace_fwd = None  # stateful ops: the forward a graph tracer runs instead
        self.value_shape = value_shape
        self.run_time_check = run_time_check
        self.host = host
        self.inputs = None  # TF's names of the tensor inputs, for public calls (declare_inputs)
        if _accel.ENABLED:
            self.dtype_tuple = _ordered(self.dtypes)
            self.match_tuple = self.match
        self.__name__ = getattr(fwd, "__name__", name)
        self.__doc__ = getattr(fwd, "__doc__", None)
        REGISTRY[name] = self

    def defvjp(self, fn=None, needs=False):
        """Registers the vector-Jacobian product ``fn(g, ans, *inputs, **attrs)``; returns fn.

        With ``needs=True`` the rule also takes ``_needs`` (one bool per input) and may return None
        for inputs the tape does not differentiate, skipping their work."""
        if fn is None:
            return lambda f: self.defvjp(f, needs)
        if not self.differentiable:
            raise TypeError("%s is declared non-differentiable" % self.name)
        self.vjp = fn
        self.vjp_needs = needs
        return fn

    def declare_inputs(self, names=None):
        """Names the tensor inputs as TF's public function does (``None``: ``x`` or ``x, y`` by the
        forward's arity), for calls that pass them by keyword or pass ``name`` positionally."""
        if names is None:
            n = getattr(self.fwd, "nin", None)  # a ufunc
            if n is None:
                code = getattr(self.fwd, "__code__", None)
                n = 2 if code is None else \
                    code.co_argcount - len(getattr(self.fwd, "__defaults__", None) or ())
            names = ("x", "y")[:n] if n <= 2 else tuple("x%d" % k for k in range(n))
        self.inputs = tuple(names)
        if _accel.ENABLED:
            self.c_ninputs = len(self.inputs)

    @property
    def __signature__(self):
        """The public function's signature (inputs, then ``name``), for help() and inspect."""
        if self.inputs is None:
            return None
        import inspect  # only when asked: inspect costs ~10 ms of import time
        P = inspect.Parameter
        return inspect.Signature([P(n, P.POSITIONAL_OR_KEYWORD) for n in self.inputs] +
                                 [P("name", P.POSITIONAL_OR_KEYWORD, default=None)])

    def _by_name(self, args, params):
        """Positional/keyword arguments of a public call -> (inputs, attributes, name)."""
        names = self.inputs
        n = len(names)
        name = params.pop("name", None)
        if len(args) > n:
            if len(args) > n + 1 or name is not None:
                raise TypeError("%s() takes %d positional arguments but %d were given" % (
                    self.__name__, n + 1, len(args)))
            name = args[n]
            args = args[:n]
        if len(args) < n:
            args = list(args)
            for nm in names[len(args):]:
                if nm not in params:
                    raise TypeError("%s() missing required argument: '%s'" % (self.__name__, nm))
                args.append(params.pop(nm))
        return args, params, name

    def __repr__(self):
        return "<Primitive %s>" % self.name

    # -- the general path ----------------------------------------------------------------------
    def _slow(self, args, params):
        if self.inputs is not None:
            args, params, name = self._by_name(args, params)
        else:
            name = params.pop("name", None)
        if COMPOSITES:
            for a in args:
                if type(a) in COMPOSITES:
                    return type(a).__tf_dispatch__(self, args, params)
        inputs = self.convert(args)
        arrays = self.admit(inputs)
        if STATE.g:
            tracer = current_tracer()
            if tracer is not None:
                return tracer.add(self, inputs, params, name)
        if _DEVICES:  # a device library is registered: the op runs where TF would place it
            return _device.run(self, inputs, arrays, params)
        return self._run(inputs, arrays, params)

    def _run(self, inputs, arrays, params, fwd=None):
        """The forward (``fwd``: the device library's, engine/device.py), the wrap, the hook."""
        if fwd is None:
            fwd = self.fwd
        try:
            if self.attrs_positional:
                args = list(arrays) + list(params.values())
                out = quiet(fwd, *args) if self.quiet else fwd(*args)
            elif self.quiet:
                out = quiet(fwd, *arrays, **params)
            else:
                out = fwd(*arrays, **params)
        except (ValueError, IndexError):
            err = self.on_error(self, arrays, params)
            if err is None:
                raise
            raise err from None
        except MemoryError as e:  # NumPy could not allocate the result: TF's OOM error
            raise _out_of_memory(self, e) from None
        if self.multiple_results:
            outs = [wrap(o) for o in out]
            if STATE.n:
                STATE.record(self, tuple(inputs), tuple(outs), params)
            return outs
        t = _new(Tensor)
        t._v = out if type(out) is _ndarray else _result_array(out)
        if STATE.n:
            STATE.record(self, tuple(inputs), (t,), params)
        return t

    def convert(self, args):
        """Arguments -> a list of Tensors, with TF's matching rule for inputs sharing a dtype."""
        match = self.match
        out = list(args)
        dtype = None
        pending = False
        for k, a in enumerate(args):
            if isinstance(a, Tensor):
                if dtype is None and (match is None or k in match):
                    dtype = a.dtype
            elif isinstance(a, VariableBase):
                out[k] = a = a._read()
                if dtype is None and (match is None or k in match):
                    dtype = a.dtype
            elif not isinstance(a, Resource):
                pending = True
        if pending:
            for k, a in enumerate(out):
                if not isinstance(a, (Tensor, Resource)):
                    if match is None or k in match:
                        out[k] = wrap(_dt.python_to_array(a, dtype, Tensor))
                        if dtype is None:
                            dtype = out[k].dtype
                    else:
                        out[k] = wrap(_dt.python_to_array(a, None, Tensor))
        return out

    def admit(self, inputs):
        """TF's dtype admission on converted inputs; returns their arrays."""
        arrays = [t._v for t in inputs]
        if arrays:
            match = self.match
            if match is None:
                d0 = arrays[0].dtype
                for k in range(1, len(arrays)):
                    if arrays[k].dtype != d0:
                        raise mismatch_error(self, k, d0, arrays[k].dtype)
            elif match:
                d0 = arrays[match[0]].dtype
                for k in match[1:]:
                    if arrays[k].dtype != d0:
                        raise mismatch_error(self, k, d0, arrays[k].dtype)
            else:
                return arrays
            if self.dtypes is not None and d0 not in self.dtypes:
                raise type_error(self, d0, len(arrays))
        return arrays


if _accel.ENABLED:
    _accel.C.enable_vectorcall(Primitive)


def primitive(name, dtypes=None, match=None, differentiable=True, on_error=None,
              multiple_results=False, quiet=False, weak=False, c_fast=True, stateful=False,
              attrs_positional=False, value_shape=False, run_time_check=False, host=False):
    """Decorator: turns a NumPy-level forward function into a Primitive named ``name``."""
    def deco(fwd):
        return Primitive(name, fwd, dtypes=dtypes, match=match, differentiable=differentiable,
                         on_error=on_error, multiple_results=multiple_results, quiet=quiet,
                         weak=weak, c_fast=c_fast, stateful=stateful,
                         attrs_positional=attrs_positional, value_shape=value_shape,
                         run_time_check=run_time_check, host=host)
    return deco


def _configure_c():
    """Hands the C dispatch path what it reads: the Tensor class, NumPy, the listener state, the
    quieting context variable and the dtype sets of the weak-scalar rule and of watched outputs."""
    if not _accel.ENABLED:
        return
    weak_int = []
    bounds = []
    for d in _ordered(INT_TYPES | INEXACT):
        if d.kind in "iu":
            info = np.iinfo(d)
            lo, hi = int(info.min), min(int(info.max), 2 ** 63 - 1)
        else:
            lo, hi = -(2 ** 53), 2 ** 53  # every int here converts to a float exactly
        weak_int.append(d)
        bounds.append((lo, hi))
    var, ignore = _QUIET if _QUIET is not None else (None, None)
    _accel.C.configure(Tensor, np.ndarray, _result_array, STATE, var, ignore, tuple(weak_int),
                       tuple(bounds), _ordered(INEXACT), _ordered(DIFFERENTIABLE))
    _accel.C.set_variable_base(VariableBase)


_configure_c()
