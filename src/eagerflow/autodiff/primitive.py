"""Primitive: one op with its NumPy forward and its gradient rule, and the single dispatch path.

Every op of eagerflow is either a Primitive or a composite of primitives. ``Primitive.__call__``
converts arguments with TF's rules (inputs that share a dtype attr take the first tensor's dtype;
Python values convert strictly to it), checks dtypes, runs the forward on ndarrays, wraps the result
and, only when some tape is active, records the op. With no tape the only extra cost is one check
of ``STATE.n``.
"""
import numpy as np

from .. import dtypes as _dt
from ..errors import InvalidArgumentError
from ..tensor import Tensor, VariableBase, wrap
from .. import _accel

__all__ = ["Primitive", "primitive", "STATE", "incompatible_shapes", "REGISTRY"]

REGISTRY = {}  # op name -> Primitive; tests check every one has a row and a gradient decision

_ndarray = np.ndarray
_new = object.__new__
_NP_TO_DTYPE = _dt.NP_TO_DTYPE


class _State:
    """Process-wide count of active tapes (all threads). The per-thread tape stacks live in
    ``tape.py``; this counter lets the hot path skip them entirely when nobody is recording."""

    __slots__ = ("n", "record", "fast_watched", "fast_nodes", "fast_tid")


STATE = _accel.STATE if _accel.ENABLED else _State()  # the C accelerator reads its ``n``
STATE.n = 0
STATE.record = None  # set by tape.py: record(prim, inputs, outputs, params)

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


def _dims(shape):
    return "[%s]" % ",".join(str(d) for d in shape)


def incompatible_shapes(prim, arrays):
    shapes = [a.shape for a in arrays]
    return InvalidArgumentError(None, prim.name, "Incompatible shapes: %s [Op:%s]" % (
        " vs. ".join(_dims(s) for s in shapes), prim.name))


# the order TF's kernels list their allowed types in (AddV2's; most ops use a sub-sequence of it)
_TF_TYPE_ORDER = ("bfloat16", "float16", "float32", "float64", "uint8", "uint16", "uint32", "uint64",
                  "int8", "int16", "int32", "int64", "complex64", "complex128", "bool", "string")


def _type_error(prim, dt, arity=1):
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


class Primitive:
    """An op: ``fwd(*arrays, **params)`` on ndarrays, plus its rules.

    ``match``: input positions that share one dtype attr (``None``: all of them).
    ``dtypes``: allowed NumPy dtypes of the matched inputs (``None``: any).
    ``vjp(g, ans, *inputs, **params)``: the gradient rule, written in eagerflow ops.
    ``differentiable``: False for ops whose outputs carry no gradient (argmax, comparisons ...).
    ``on_error``: maps a NumPy exception to TF's (default: incompatible shapes for broadcasts).
    """

    __slots__ = ("name", "fwd", "vjp", "jvp", "match", "dtypes", "differentiable", "on_error",
                 "multiple_results", "vjp_needs", "__name__", "__dict__")

    def __init__(self, name, fwd, dtypes=None, match=None, differentiable=True, on_error=None,
                 multiple_results=False):
        self.name = name
        self.fwd = fwd
        self.vjp = None
        self.vjp_needs = False
        self.jvp = None
        self.match = match
        self.dtypes = dtypes
        self.differentiable = differentiable
        self.on_error = on_error if on_error is not None else incompatible_shapes
        self.multiple_results = multiple_results
        self.__name__ = getattr(fwd, "__name__", name)
        REGISTRY[name] = self

    def defvjp(self, fn=None, needs=False):
        """Registers the vector-Jacobian product ``fn(g, ans, *inputs, **params)``; returns fn.

        With ``needs=True`` the rule also takes ``_needs`` (one bool per input, default all True)
        and may return None for inputs the tape does not differentiate, skipping their work."""
        if fn is None:
            return lambda f: self.defvjp(f, needs)
        self.vjp = fn
        self.vjp_needs = needs
        return fn

    def defjvp(self, fn):
        """Registers an explicit Jacobian-vector product (optional; forward mode can use vjp)."""
        self.jvp = fn
        return fn

    def __repr__(self):
        return "<Primitive %s>" % self.name

    # -- the dispatch path -------------------------------------------------------------------------
    def __call__(self, *args, **params):
        # fast path: one or two plain Tensors of one dtype (what gradient rules mostly pass);
        # variables are read here (left to right, as ``convert`` would) and take it too
        n = len(args)
        if n == 2:
            x, y = args
            if type(x) is not Tensor and isinstance(x, VariableBase):
                x = x._iread()
            if type(y) is not Tensor and isinstance(y, VariableBase):
                y = y._iread()
            if type(x) is Tensor and type(y) is Tensor:
                a, b = x._v, y._v
                d = a.dtype
                if b.dtype is d and (self.dtypes is None or d in self.dtypes):
                    return self._run((x, y), (a, b), params)
            return self.bind(self.convert((x, y)), params)
        elif n == 1:
            x = args[0]
            if type(x) is not Tensor and isinstance(x, VariableBase):
                x = x._iread()
                args = (x,)
            if type(x) is Tensor:
                a = x._v
                if self.dtypes is None or a.dtype in self.dtypes:
                    return self._run(args, (a,), params)
        return self.bind(self.convert(args), params)

    def _run(self, inputs, arrays, params):
        try:
            out = self.fwd(*arrays, **params)
        except (ValueError, IndexError):
            err = self.on_error(self, arrays)
            if err is None:
                raise
            raise err from None
        if self.multiple_results:
            outs = [wrap(o) for o in out]
            if STATE.n and self.differentiable:
                STATE.record(self, inputs, outs, params)
            return outs
        t = _new(Tensor)
        t._v = out if type(out) is _ndarray else np.asarray(out)
        if STATE.n and self.differentiable:
            STATE.record(self, inputs, (t,), params)
        return t

    def convert(self, args):
        """Arguments -> a list of Tensors, with TF's matching rule for inputs sharing a dtype."""
        match = self.match
        out = list(args)
        dtype = None
        pending = False
        for k, a in enumerate(args):
            if type(a) is Tensor or isinstance(a, Tensor):
                if dtype is None and (match is None or k in match):
                    dtype = a.dtype
            elif isinstance(a, VariableBase):
                out[k] = a = a._iread()
                if dtype is None and (match is None or k in match):
                    dtype = a.dtype
            else:
                pending = True
        if pending:
            for k, a in enumerate(out):
                if not isinstance(a, Tensor):
                    if match is None or k in match:
                        out[k] = wrap(_dt.python_to_array(a, dtype, Tensor))
                        if dtype is None:
                            dtype = out[k].dtype
                    else:
                        out[k] = wrap(_dt.python_to_array(a, None, Tensor))
        return out

    def bind(self, inputs, params):
        """Runs the op on already-converted Tensor inputs."""
        arrays = [t._v for t in inputs]
        dts = self.dtypes
        match = self.match
        if arrays:
            if match is None:
                d0 = arrays[0].dtype
                for k in range(1, len(arrays)):
                    if arrays[k].dtype is not d0 and arrays[k].dtype != d0:
                        raise mismatch_error(self, k, d0, arrays[k].dtype)
            elif match:
                d0 = arrays[match[0]].dtype
                for k in match[1:]:
                    if arrays[k].dtype != d0:
                        raise mismatch_error(self, k, d0, arrays[k].dtype)
            else:
                d0 = arrays[0].dtype
            if dts is not None and d0 not in dts:
                raise _type_error(self, d0, len(arrays))
        return self._run(inputs, arrays, params)


def primitive(name, dtypes=None, match=None, differentiable=True, on_error=None,
              multiple_results=False):
    """Decorator: turns a NumPy-level forward function into a Primitive named ``name``."""
    def deco(fwd):
        return Primitive(name, fwd, dtypes=dtypes, match=match, differentiable=differentiable,
                         on_error=on_error, multiple_results=multiple_results)
    return deco
