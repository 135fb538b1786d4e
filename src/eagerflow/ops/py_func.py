"""tf.py_function and tf.numpy_function: Python code called from TensorFlow code.

Eagerly the function is simply called (on tensors, or on NumPy arrays for numpy_function), so an
outer GradientTape records the ops it runs. Inside a tf.function each call is one stateful graph
node (TF's ``EagerPyFunc`` / ``PyFunc``) whose forward calls the Python function every time the
graph runs; its outputs have an unknown static shape, as in TF, until ``set_shape``. Gradients
through an ``EagerPyFunc`` node come from a tape: the forward runs the function under a tape
watching its floating-point inputs and keeps it (a few recent calls), and the gradient node
(``EagerPyFuncGrad``) asks that tape; a call whose tape is gone runs the function again under one.
Exceptions raised by the function become TF's errors (ValueError/TypeError: InvalidArgumentError,
StopIteration: OutOfRangeError, others: UnknownError), with its traceback in the message.
"""
import collections

import numpy as np

from .. import dtypes as _dt
from .._export import export
from ..autodiff.gradient_tape import GradientTape
from ..engine.primitive import Primitive, INEXACT, current_tracer
from ..errors import (OpError, InvalidArgumentError, OutOfRangeError, ResourceExhaustedError,
                      UnimplementedError, UnknownError)
from ..graph.symbolic import SymbolicTensor, _set_c_value
from ..tensor import Tensor, convert_to_tensor, wrap
from ..tensor_shape import TensorShape

__all__ = ["py_function", "numpy_function"]


# -- Tout and the function's results --------------------------------------------------------------
def _out_types(Tout, which):
    """Tout -> (list of DTypes, whether the result is one tensor)."""
    if Tout is None:
        raise TypeError("Missing required argument: 'Tout'\n  If using %s as a decorator, set "
                        "`Tout`\n  **by name** above the function:\n  `@%s(Tout=tout)`" % (
                            which, which))
    single = not isinstance(Tout, (list, tuple))
    return [_dtype_of(t) for t in ([Tout] if single else Tout)], single


def _dtype_of(t):
    dtype = getattr(t, "dtype", None)
    if dtype is not None and not isinstance(t, _dt.DType) and hasattr(t, "shape"):
        return dtype  # a TensorSpec
    return _dt.as_dtype(t)


def _as_tensors(ret, dtypes):
    """The function's return value as tensors of the Tout dtypes (TF zips a returned list or
    tuple with Tout)."""
    if isinstance(ret, (list, tuple)):
        outs = [convert_to_tensor(x, dtype=d) for x, d in zip(ret, dtypes)]
    elif ret is None:
        outs = []
    else:
        outs = [convert_to_tensor(ret, dtype=dtypes[0])] if dtypes else []
    if len(outs) != len(dtypes):
        raise ValueError("Expected %d values from the Python function, got %d" % (
            len(dtypes), len(outs)))
    return outs


def _tf_error(e):
    """TF's error for an exception escaping the Python function (its class and traceback)."""
    import traceback  # only on this error path (~1 ms of import time otherwise)
    text = "".join(traceback.format_exception_only(type(e), e)).strip()
    text += "\nTraceback (most recent call last):\n\n" + "\n".join(
        traceback.format_tb(e.__traceback__)) + "\n" + text + "\n\n"
    if isinstance(e, (ValueError, TypeError)):
        cls = InvalidArgumentError
    elif isinstance(e, StopIteration):
        cls = OutOfRangeError
    elif isinstance(e, MemoryError):
        cls = ResourceExhaustedError
    elif isinstance(e, NotImplementedError):
        cls = UnimplementedError
    else:
        cls = UnknownError
    return cls(None, None, text)


def _call(func, args, dtypes):
    try:
        return _as_tensors(func(*args), dtypes)
    except OpError:
        raise
    except Exception as e:  # noqa: BLE001 - every Python error becomes TF's error for the op
        raise _tf_error(e) from None


# -- the graph nodes ------------------------------------------------------------------------------
_TAPES = collections.OrderedDict()  # id(first output array) -> (array, tape, inputs, outputs)
_KEEP = 16


def _run_taped(func, arrays, dtypes):
    ins = [wrap(a) for a in arrays]
    watched = [t for t in ins if t._v.dtype in INEXACT]
    if not watched:
        return ins, _call(func, ins, dtypes), None
    with GradientTape(watch_accessed_variables=False) as tape:
        for t in watched:
            tape.watch(t)
        outs = _call(func, ins, dtypes)
    return ins, outs, tape


def _eager_py_func_fwd(*arrays, func, dtypes):
    ins, outs, tape = _run_taped(func, arrays, dtypes)
    if tape is not None and outs:
        _TAPES[id(outs[0]._v)] = (outs[0]._v, tape, ins, outs)
        while len(_TAPES) > _KEEP:
            _TAPES.popitem(last=False)
    return [o._v for o in outs]


def _examples(*arrays, dtypes, **_):
    return [np.zeros((), d.as_numpy_dtype) if d is not _dt.string else np.asarray(b"", object)
            for d in dtypes]


_EAGER_PY_FUNC = Primitive("EagerPyFunc", _eager_py_func_fwd, match=(), multiple_results=True,
                           c_fast=False, stateful=True)
_EAGER_PY_FUNC.trace_fwd = _examples


def _py_func_grad_fwd(*arrays, func, dtypes, n_in):
    xs, ys, gs = arrays[:n_in], arrays[n_in:n_in + len(dtypes)], arrays[n_in + len(dtypes):]
    hit = _TAPES.pop(id(ys[0]), None) if ys else None
    if hit is not None and hit[0] is ys[0]:
        _, tape, ins, outs = hit
    else:  # the forward's tape is gone: run the function again under a new one
        ins, outs, tape = _run_taped(func, xs, dtypes)
    sources = [t for t in ins if t._v.dtype in INEXACT]
    pairs = [(o, g) for o, g in zip(outs, gs) if o._v.dtype in INEXACT]
    if tape is None or not pairs:
        return [np.zeros_like(t._v) for t in sources]
    grads = tape.gradient([o for o, _ in pairs], sources,
                          output_gradients=[wrap(np.asarray(g, o._v.dtype)) for o, g in pairs])
    return [np.zeros_like(t._v) if g is None else g._v for t, g in zip(sources, grads)]


_EAGER_PY_FUNC_GRAD = Primitive("EagerPyFuncGrad", _py_func_grad_fwd, match=(),
                                differentiable=False, multiple_results=True, c_fast=False,
                                stateful=True)
_EAGER_PY_FUNC_GRAD.trace_fwd = lambda *arrays, n_in, **_: [
    np.zeros_like(a) for a in arrays[:n_in] if a.dtype in INEXACT]


@_EAGER_PY_FUNC.defvjp
def _(g, ans, *inputs, func, dtypes):
    grads = iter(_EAGER_PY_FUNC_GRAD(*inputs, *ans, *g, func=func, dtypes=dtypes,
                                     n_in=len(inputs)))
    return [next(grads) if x._v.dtype in INEXACT else None for x in inputs]


def _numpy_fwd(*arrays, func, dtypes):
    try:
        ret = func(*[a.copy() for a in arrays])  # the function may write into its arguments
    except Exception as e:  # noqa: BLE001
        raise _tf_error(e) from None
    ret = [] if ret is None else list(ret) if isinstance(ret, (list, tuple)) else [ret]
    out = []
    for k, (r, d) in enumerate(zip(ret, dtypes)):
        a = np.asarray(r)
        if a.dtype.kind in "SU":
            a = _dt.strings_to_object(a)
        got = _dt.as_dtype(a.dtype)
        if got is not d:
            raise InvalidArgumentError(None, "PyFunc", "%d-th value returned by pyfunc_0 is %s, "
                                       "but expects %s" % (k, got._kernel_word, d._kernel_word))
        out.append(a)
    if len(out) != len(dtypes):
        raise InvalidArgumentError(None, "PyFunc", "pyfunc_0 returns %d values, but expects to "
                                   "see %d values." % (len(out), len(dtypes)))
    return out


_PY_FUNC = Primitive("PyFunc", _numpy_fwd, match=(), differentiable=False, multiple_results=True,
                     c_fast=False, stateful=True)
_PY_FUNC.trace_fwd = _examples


class _UnknownShapeTensor(SymbolicTensor):
    """A py_function output in a graph: TF knows neither its rank nor its dimensions until
    ``set_shape``; the example value under it is a placeholder scalar."""

    __slots__ = ()

    shape = property(lambda self: TensorShape(None))

    def get_shape(self):
        return self.shape

    def set_shape(self, shape):
        shape = TensorShape(shape)
        if shape.rank is None:
            return
        dims = tuple(shape._dims)
        ex = np.ones([1 if d is None else d for d in dims], self._ex.dtype)
        self._ex, self._dims = ex, dims
        self._ex2 = np.ones([2 if d is None else d for d in dims], ex.dtype) \
            if None in dims else None
        if _set_c_value is not None:
            _set_c_value(self, ex)
        self.__class__ = SymbolicTensor

    def __str__(self):
        return 'Tensor("%s", dtype=%s, device=/job:localhost/replica:0/task:0)' % (
            self.name, self.dtype.name)

    def __repr__(self):
        return "<tf.Tensor '%s' shape=<unknown> dtype=%s>" % (self.name, self.dtype.name)


def _graph_call(prim, func, inputs, dtypes, name):
    outs = prim(*inputs, func=func, dtypes=tuple(dtypes), name=name)
    for t in outs:
        if isinstance(t, SymbolicTensor) and t.dtype is not _dt.string:
            t.__class__ = _UnknownShapeTensor
    return outs


def _decorator(call, Tout, **kw):
    def deco(func):
        def wrapper(*args):
            return call(func, list(args), Tout, **kw)
        # the function's names, but no __wrapped__: AutoGraph would find and convert the function
        # there, which has to run in Python when the graph runs; the wrapper is not converted
        for attr in ("__module__", "__name__", "__qualname__", "__doc__"):
            setattr(wrapper, attr, getattr(func, attr, None))
        wrapper.__ag_do_not_convert__ = True  # (AutoGraph's own marker)
        return wrapper
    return deco


# -- the public functions -------------------------------------------------------------------------
@export("py_function")
def py_function(func=None, inp=None, Tout=None, name=None):
    """Calls the Python function ``func`` on the tensors ``inp``; eagerly at once, in a
    tf.function as a graph node that calls it every time the graph runs."""
    if func is None:
        _out_types(Tout, "tf.py_function")
        return _decorator(py_function, Tout, name=name)
    dtypes, single = _out_types(Tout, "tf.py_function")
    inputs = [convert_to_tensor(x) for x in (inp or [])]
    if current_tracer() is None:
        outs = _call(func, inputs, dtypes)
    else:
        outs = _graph_call(_EAGER_PY_FUNC, func, inputs, dtypes, name)
    if single:
        return outs[0] if outs else None
    return list(outs)


eager_py_func = py_function


@export("numpy_function")
def numpy_function(func=None, inp=None, Tout=None, stateful=True, name=None):
    """Calls ``func`` on NumPy arrays (the values of ``inp``); eagerly at once, in a tf.function
    as a graph node that calls it every time the graph runs. Not differentiable."""
    if func is None:
        _out_types(Tout, "tf.numpy_function")
        return _decorator(numpy_function, Tout, stateful=stateful, name=name)
    if current_tracer() is None:
        ret = func(*[convert_to_tensor(x).numpy() for x in (inp or [])])
        ret = [] if ret is None else list(ret) if isinstance(ret, (list, tuple)) else [ret]
        outs = [convert_to_tensor(r) for r in ret]
        return outs[0] if len(outs) == 1 else outs
    dtypes, single = _out_types(Tout, "tf.numpy_function")
    outs = _graph_call(_PY_FUNC, func, [convert_to_tensor(x) for x in (inp or [])], dtypes, name)
    if single:
        return outs[0] if outs else None
    return list(outs)
