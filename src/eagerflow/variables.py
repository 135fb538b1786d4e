"""tf.Variable: mutable storage, its live aliases (``UnreadVariable``) and sliced assignment.

A variable owns a ``Handle`` (engine/resource.py: the storage, whose array is never written in place).
Reading and writing are the primitives ReadVariableOp, AssignVariableOp, AssignAddVariableOp ...,
so they take the engine's one dispatch path (tapes see reads; writes are atomic per variable).
``assign`` and friends return an ``_UnreadVariable``: another Variable object on the same handle, so
it sees every later write, as in TF.
"""

from . import dtypes as _dt
from .engine import device as _device
from .engine.primitive import STATE, current_tracer
from .engine.resource import (Handle, read_variable, assign_variable, assign_add_variable,
                              assign_sub_variable, assign_slice)
from .tensor import Tensor, VariableBase, convert_to_tensor, _numpy_text, _Reference
from .errors import InvalidArgumentError
from .tensor_shape import TensorShape
from .ops.indexing import parse_key, boolean_mask
from .ops.gather import IndexedSlices, scatter_slices
from .ops.operators import OPERATORS
from .ops.misc import eager_name_scope

__all__ = ["Variable", "VariableSynchronization", "VariableAggregation"]

_new = object.__new__


class VariableSynchronization:
    AUTO, NONE, ON_WRITE, ON_READ = 0, 1, 2, 3


class VariableAggregation:
    NONE, SUM, MEAN, ONLY_FIRST_REPLICA = 0, 1, 2, 3
    ONLY_FIRST_TOWER = 3


class Variable(VariableBase):
    """A mutable tensor-valued state (``tf.Variable``)."""

    __slots__ = ("_handle", "_name", "_trainable", "_constraint", "__weakref__")
    __array_priority__ = 100

    def __init__(self, initial_value=None, trainable=None, validate_shape=True, caching_device=None,
                 name=None, variable_def=None, dtype=None, import_scope=None, constraint=None,
                 synchronization=VariableSynchronization.AUTO,
                 aggregation=VariableAggregation.NONE, shape=None,
                 experimental_enable_variable_lifting=True):
        tracer = current_tracer() if STATE.g else None
        if tracer is not None:  # inside a tf.function's trace, or building a TF1 graph
            tracer.variable_created(self)
        if initial_value is None:
            raise ValueError("The `initial_value` arg to `tf.Variable` must be specified except "
                             "when you are not providing a `variable_def`. You provided neither.")
        if callable(initial_value) and not isinstance(initial_value, (Tensor, VariableBase)):
            initial_value = initial_value()
        if dtype is not None:
            dtype = _dt.as_dtype(dtype)
        if isinstance(initial_value, VariableBase):
            src = initial_value._read()
            if dtype is not None and dtype is not src.dtype:
                raise ValueError("Incompatible type conversion requested to type %s for `tf.Variable "
                                 "of type %s. (Variable: %r)" % (dtype.name, src.dtype.name,
                                                                  initial_value))
            arr = src._v.copy()
        elif isinstance(initial_value, Tensor):
            arr = convert_to_tensor(initial_value, dtype=dtype)._v.copy()
        else:
            arr = _dt.python_to_array(initial_value, dtype, Tensor)
        arr = _device.to_scope(arr)  # under tf.device, the variable lives on that device
        if shape is not None:
            shape_arg, shape = shape, TensorShape(shape)
            if shape.rank is not None and not shape.is_compatible_with(arr.shape):
                raise ValueError("In this `tf.Variable` creation, the initial value's shape (%s) is "
                                 "not compatible with the explicitly supplied `shape` argument "
                                 "(%s)." % (TensorShape(arr.shape), shape_arg))
        else:
            shape = TensorShape._from_tuple(arr.shape)
        if synchronization == VariableSynchronization.ON_READ and trainable:
            raise ValueError("Synchronization value can be set to VariableSynchronization.ON_READ "
                             "only for non-trainable variables.")
        self._trainable = True if trainable is None else bool(trainable)
        self._handle = Handle(arr, shape, _dt.NP_TO_DTYPE[arr.dtype], self, self._trainable)
        self._name = eager_name_scope() + ("Variable" if name is None else str(name)) + ":0"
        self._constraint = constraint
        if tracer is not None and hasattr(tracer, "graph_variable"):  # TF1: an initializer op
            tracer.graph_variable(self, initial_value, name)

    # -- reading -----------------------------------------------------------------------------
    def _read(self):
        return read_variable(handle=self._handle)

    @property
    def _v(self):
        return self._read()._v

    def read_value(self):
        """The current value as a Tensor (a snapshot)."""
        return self._read()

    def value(self):
        """The current value as a Tensor (a snapshot)."""
        return self._read()

    def numpy(self):
        return self._read().numpy()

    def __tf_tensor__(self, dtype=None, name=None):
        return convert_to_tensor(self._read(), dtype=dtype)

    # -- properties ----------------------------------------------------------------------------
    name = property(lambda self: self._name)
    trainable = property(lambda self: self._trainable)
    dtype = property(lambda self: self._handle.dtype)
    shape = property(lambda self: self._handle.shape)
    device = property(lambda self: _device.device_name(self._handle.value))
    constraint = property(lambda self: self._constraint)
    synchronization = property(lambda self: VariableSynchronization.AUTO)
    aggregation = property(lambda self: VariableAggregation.NONE)
    ndim = property(lambda self: self._handle.value.ndim)

    @property
    def handle(self):
        return self._handle

    @property
    def initial_value(self):
        return self._read()

    def get_shape(self):
        return self.shape

    def ref(self):
        return _Reference(self)

    experimental_ref = ref

    # -- writing -------------------------------------------------------------------------------
    def _convert(self, value):
        """The value to write, as a Tensor (a tensor as it is: in a graph, the node's input)."""
        h = self._handle
        if type(value) is int or type(value) is float:
            return _wrap(_dt.python_to_array(value, h.dtype, Tensor))
        if isinstance(value, VariableBase):
            value = value._read()
        elif type(value) is IndexedSlices:  # assign_sub(slices): the dense tensor, as in TF
            value = convert_to_tensor(value)
        if isinstance(value, Tensor):
            if value._v.dtype != h.value.dtype:
                raise ValueError("Tensor conversion requested dtype %s for Tensor with dtype %s: %r"
                                 % (h.dtype.name, value.dtype.name, value))
            return value
        return _wrap(_dt.python_to_array(value, h.dtype, Tensor))

    def _alias(self):
        a = _new(_UnreadVariable)
        a._handle = self._handle
        a._name = "UnreadVariable"
        a._trainable = self._trainable
        a._constraint = self._constraint
        return a

    def assign(self, value, use_locking=None, name=None, read_value=True):
        """Writes a new value of the same shape; returns a live alias (or None)."""
        t = self._convert(value)
        h = self._handle
        if h.shape._dims is not None and t._v.shape != h.value.shape:
            raise ValueError("Cannot assign value to variable ' %s': Shape mismatch.The variable "
                             "shape %s, and the assigned value shape %s are incompatible." % (
                                 self._name, h.shape, TensorShape(t._v.shape)))
        assign_variable(t, handle=h)
        return self._alias() if read_value else None

    def assign_add(self, delta, use_locking=None, name=None, read_value=True):
        """Adds delta (same shape); returns a live alias (or None)."""
        t = self._convert(delta)
        _check_numeric(self._handle.dtype, "AssignAddVariableOp")
        assign_add_variable(t, handle=self._handle)
        return self._alias() if read_value else None

    def assign_sub(self, delta, use_locking=None, name=None, read_value=True):
        """Subtracts delta (same shape); returns a live alias (or None)."""
        t = self._convert(delta)
        _check_numeric(self._handle.dtype, "AssignSubVariableOp")
        assign_sub_variable(t, handle=self._handle)
        return self._alias() if read_value else None

    def _scatter(self, sparse_delta, kind):
        return self.assign(scatter_slices(self._read(), sparse_delta, kind))

    def scatter_add(self, sparse_delta, use_locking=False, name=None):
        """Adds an IndexedSlices' rows to this variable's rows; returns a live alias."""
        return self._scatter(sparse_delta, "Add")

    def scatter_sub(self, sparse_delta, use_locking=False, name=None):
        """Subtracts an IndexedSlices' rows from this variable's rows; returns a live alias."""
        return self._scatter(sparse_delta, "Sub")

    def scatter_mul(self, sparse_delta, use_locking=False, name=None):
        """Multiplies rows by an IndexedSlices' rows; returns a live alias."""
        return self._scatter(sparse_delta, "Mul")

    def scatter_div(self, sparse_delta, use_locking=False, name=None):
        """Divides rows by an IndexedSlices' rows; returns a live alias."""
        return self._scatter(sparse_delta, "Div")

    def scatter_min(self, sparse_delta, use_locking=False, name=None):
        """Rows become the minimum with an IndexedSlices' rows; returns a live alias."""
        return self._scatter(sparse_delta, "Min")

    def scatter_max(self, sparse_delta, use_locking=False, name=None):
        """Rows become the maximum with an IndexedSlices' rows; returns a live alias."""
        return self._scatter(sparse_delta, "Max")

    def scatter_update(self, sparse_delta, use_locking=False, name=None):
        """Replaces rows with an IndexedSlices' rows; returns a live alias."""
        return self._scatter(sparse_delta, "Update")

    def scatter_nd_update(self, indices, updates, name=None):
        from .ops import gather_scatter
        return self.assign(gather_scatter.tensor_scatter_nd_update(self._read(), indices, updates))

    def scatter_nd_add(self, indices, updates, name=None):
        from .ops import gather_scatter
        return self.assign(gather_scatter.tensor_scatter_nd_add(self._read(), indices, updates))

    def __getitem__(self, key):
        src = self._read()
        k = key if _basic_index(key) else parse_key(key)
        if isinstance(k, Tensor):
            return boolean_mask(src, k)
        t = src[k]  # Tensor indexing: TF's rules and errors, recorded on tapes
        if type(t) is not Tensor:  # a graph's tensor (its layout differs): the plain slice
            return t
        # the slice itself (as recorded on any tape) becomes a _SliceTensor: ``assign`` writes back
        t.__class__ = _SliceTensor
        t._x = (self, k)
        return t

    def __setitem__(self, key, value):
        raise TypeError("'ResourceVariable' object does not support item assignment")

    # -- Python protocol -------------------------------------------------------------------------
    def __repr__(self):
        h = self._handle
        return "<tf.Variable '%s' shape=%s dtype=%s, numpy=%s>" % (
            self._name, h.shape, h.dtype.name, _numpy_text(_device.host(h.value), True))

    __str__ = __repr__

    def __hash__(self):
        raise TypeError("Variable is unhashable. Instead, use variable.ref() as the key. "
                        "(Variable: %r)" % (self,))

    def __len__(self):
        raise TypeError("object of type 'ResourceVariable' has no len()")

    def __iter__(self):
        return iter(self._read())

    def __bool__(self):
        return bool(self._handle.value)

    def __int__(self):
        return int(self._handle.value)

    def __float__(self):
        return float(self._handle.value)

    def __index__(self):
        return self._read().__index__()

    def __array__(self, dtype=None, copy=None):
        return self._read().__array__(dtype, copy)

    def __format__(self, spec):
        if not spec:
            return repr(self)  # TF: f"{variable}" is the variable's repr
        return self._read().__format__(spec)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        v = Variable(self._handle.value.copy(), trainable=self._trainable,
                     name=self._name[:-2] if self._name.endswith(":0") else self._name)
        return v


class ResourceVariable(Variable):
    """What ``tf.Variable(...)`` makes (TF's class name, in ``type(v).__name__`` and messages)."""
    __slots__ = ()


def _variable_new(cls, *args, **kwargs):
    return object.__new__(ResourceVariable if cls is Variable else cls)


Variable.__new__ = _variable_new


class _UnreadVariable(Variable):
    """What assign returns: a Variable on the same storage, named 'UnreadVariable'."""
    __slots__ = ()


class _SliceTensor(Tensor):
    """``v[...]``: a Tensor snapshot of the slice whose ``assign`` writes into the variable
    (same layout as Tensor, so the slice tensor a tape recorded becomes one; ``_x`` holds the
    variable and the key)."""

    __slots__ = ()

    def assign(self, value, use_locking=None, name=None, read_value=True):
        var, key = self._x
        assign_slice(var._convert(value), handle=var._handle, key=key)
        return var._alias() if read_value else None


def _basic_index(key):
    """An int, or a tuple of ints and slices: read by NumPy exactly as by TF's strided slice."""
    if type(key) is int:
        return True
    if type(key) is tuple:
        for k in key:
            if type(k) is not int and type(k) is not slice:
                return False
        return True
    return False


def _variable_operator(fn):
    def op(self, *args):
        return fn(self._read(), *args)
    return op


def _wrap(arr):
    t = _new(Tensor)
    t._v = arr
    return t


def _check_numeric(dtype, op):
    """TF has no AssignAdd/AssignSub kernel for bool and string variables."""
    if dtype is _dt.bool or dtype is _dt.string:
        kernels = "".join("  device='CPU'; dtype in [DT_%s]\n" % d for d in (
            "COMPLEX128", "COMPLEX64", "DOUBLE", "FLOAT", "BFLOAT16", "HALF", "INT32", "INT8",
            "UINT8", "INT16", "UINT16", "UINT32", "INT64", "UINT64"))
        raise InvalidArgumentError(None, op, (
            "No OpKernel was registered to support Op '%s' used by {{node %s}} with these attrs: "
            "[dtype=DT_%s]\nRegistered devices: [CPU]\nRegistered kernels:\n%s\n\t [[%s]] "
            "[Op:%s] name: ") % (op, op, dtype.name.upper(), kernels, op, op))


import operator as _operator  # noqa: E402
# ``variable OP other`` is ``value OP other``: Tensor's own operator (its C slot where there is one)
_TENSOR_OPS = {"__add__": _operator.add, "__sub__": _operator.sub, "__mul__": _operator.mul,
               "__truediv__": _operator.truediv, "__lt__": _operator.lt, "__le__": _operator.le,
               "__gt__": _operator.gt, "__ge__": _operator.ge, "__eq__": _operator.eq,
               "__ne__": _operator.ne}

for _name, _fn in OPERATORS.items():
    if _name != "__getitem__":
        setattr(Variable, _name, _variable_operator(_TENSOR_OPS.get(_name, _fn)))
Variable.__hash__ = Variable.__dict__["__hash__"]

_UnreadVariable.__hash__ = Variable.__dict__["__hash__"]
