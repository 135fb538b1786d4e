"""tf.Variable: mutable storage, its live aliases (``UnreadVariable``) and sliced assignment.

A variable owns a ``_Handle`` (the storage). ``assign`` and friends return an ``_UnreadVariable``:
another Variable object on the same handle, so it sees every later write, as in TF. Reads hand out
the stored array without copying and mark it shared; a later in-place (sliced) write copies first,
so every tensor read earlier keeps its value (copy-on-write).
"""
import numpy as np

from . import dtypes as _dt
from . import _accel
from .autodiff.primitive import STATE
from .errors import InvalidArgumentError
from .tensor import Tensor, VariableBase, convert_to_tensor, _numpy_text, _Reference, _DEVICE
from .tensor_shape import TensorShape
from .ops.indexing import parse_key, check_key, boolean_mask, _strided_slice
from .ops.operators import OPERATORS

__all__ = ["Variable", "VariableSynchronization", "VariableAggregation"]

_new = object.__new__
_errstate = np.errstate
_QUIET = _accel.QUIET
# references to an ndarray: the handle's slot, the local name, and getrefcount's argument
_refcount = getattr(__import__("sys"), "getrefcount", None)


class VariableSynchronization:
    AUTO, NONE, ON_WRITE, ON_READ = 0, 1, 2, 3


class VariableAggregation:
    NONE, SUM, MEAN, ONLY_FIRST_REPLICA = 0, 1, 2, 3
    ONLY_FIRST_TOWER = 3


class _Handle:
    __slots__ = ("value", "shared", "shape", "dtype", "__weakref__")


def _dims(shape):
    return "[%s]" % ",".join(str(d) for d in shape)


class Variable(VariableBase):
    """A mutable tensor-valued state (``tf.Variable``)."""

    __slots__ = ("_handle", "_name", "_trainable", "_constraint", "__weakref__")
    __array_priority__ = 100

    def __init__(self, initial_value=None, trainable=None, validate_shape=True, caching_device=None,
                 name=None, variable_def=None, dtype=None, import_scope=None, constraint=None,
                 synchronization=VariableSynchronization.AUTO,
                 aggregation=VariableAggregation.NONE, shape=None,
                 experimental_enable_variable_lifting=True):
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
        h = _Handle()
        h.value = arr
        h.shared = False
        h.dtype = _dt.NP_TO_DTYPE[arr.dtype]
        if shape is not None:
            shape = TensorShape(shape)
            if shape.rank is not None and not shape.is_compatible_with(arr.shape):
                raise ValueError("The initial value's shape (%s) is not compatible with the "
                                 "explicitly supplied `shape` argument (%s)." % (
                                     TensorShape(arr.shape), shape))
            h.shape = shape
        else:
            h.shape = TensorShape._from_tuple(arr.shape)
        self._handle = h
        self._name = ("Variable" if name is None else str(name)) + ":0"
        if synchronization == VariableSynchronization.ON_READ and trainable:
            raise ValueError("Synchronization value can be set to VariableSynchronization.ON_READ "
                             "only for non-trainable variables.")
        self._trainable = True if trainable is None else bool(trainable)
        self._constraint = constraint

    # -- reading -----------------------------------------------------------------------------
    def _read(self):
        h = self._handle
        h.shared = True
        t = _new(Tensor)
        t._v = h.value
        if STATE.n:
            _record_read(self, t)
        return t

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
        v = self._handle.value
        return v[()] if v.ndim == 0 else v.copy()

    def __tf_tensor__(self, dtype=None, name=None):
        return convert_to_tensor(self._read(), dtype=dtype)

    # -- properties ----------------------------------------------------------------------------
    name = property(lambda self: self._name)
    trainable = property(lambda self: self._trainable)
    dtype = property(lambda self: self._handle.dtype)
    shape = property(lambda self: self._handle.shape)
    device = property(lambda self: _DEVICE)
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
        h = self._handle
        if isinstance(value, VariableBase):
            value = value._read()
        if isinstance(value, Tensor):
            if value._v.dtype != h.value.dtype:
                raise ValueError("Tensor conversion requested dtype %s for Tensor with dtype %s: %r"
                                 % (h.dtype.name, value.dtype.name, value))
            return value._v
        return _dt.python_to_array(value, h.dtype, Tensor)

    def _alias(self):
        a = _new(_UnreadVariable)
        a._handle = self._handle
        a._name = "UnreadVariable"
        a._trainable = self._trainable
        a._constraint = self._constraint
        return a

    def assign(self, value, use_locking=None, name=None, read_value=True):
        """Writes a new value of the same shape; returns a live alias (or None)."""
        arr = self._convert(value)
        h = self._handle
        if h.shape._dims is None:
            pass
        elif arr.shape != h.value.shape:
            raise ValueError("Cannot assign value to variable ' %s': Shape mismatch.The variable "
                             "shape %s, and the assigned value shape %s are incompatible." % (
                                 self._name, h.shape, TensorShape(arr.shape)))
        h.value = arr
        h.shared = True
        return self._alias() if read_value else None

    def _update(self, delta, op, opname, read_value):
        arr = self._convert(delta)
        h = self._handle
        if arr.shape != h.value.shape:
            raise InvalidArgumentError(None, opname, (
                "Cannot update variable with shape %s using a Tensor with shape %s, shapes must be "
                "equal. [Op:%s]") % (_dims(h.value.shape), _dims(arr.shape), opname))
        v = h.value
        # nothing else holds the stored array (no tensor read it, no view of it): update it in place
        # instead of allocating a new one
        inplace = _refcount is not None and _refcount(v) <= 3 and v.base is None and \
            v.flags.writeable and arr is not v
        if _QUIET is not None:  # floating-point warnings off, as np.errstate(all="ignore")
            token = _QUIET[0].set(_QUIET[1])
            try:
                if inplace:
                    op(v, arr, out=v)
                else:
                    h.value = op(v, arr)
            finally:
                _QUIET[0].reset(token)
        else:
            with _errstate(all="ignore"):
                if inplace:
                    op(v, arr, out=v)
                else:
                    h.value = op(v, arr)
        h.shared = False
        return self._alias() if read_value else None

    def assign_add(self, delta, use_locking=None, name=None, read_value=True):
        """Adds delta (same shape) in place; returns a live alias (or None)."""
        return self._update(delta, np.add, "AssignAddVariableOp", read_value)

    def assign_sub(self, delta, use_locking=None, name=None, read_value=True):
        """Subtracts delta (same shape) in place; returns a live alias (or None)."""
        return self._update(delta, np.subtract, "AssignSubVariableOp", read_value)

    def _assign_slice(self, key, value):
        h = self._handle
        tv = type(value)
        if tv is int and h.value.dtype.kind in "iuf" or tv is float and h.value.dtype.kind == "f":
            # fast path: a Python number NumPy stores exactly as TF converts it
            if h.shared:
                h.value = h.value.copy()
                h.shared = False
            try:
                h.value[key] = value
                return self._alias()
            except OverflowError:
                pass
        arr = self._convert(value)
        target = h.value[key]
        tshape = np.shape(target)
        try:
            src = np.broadcast_to(arr, tshape)
        except ValueError:
            raise InvalidArgumentError(None, "ResourceStridedSliceAssign", (
                "Cannot broadcast input shape %s into final shape %s "
                "[Op:ResourceStridedSliceAssign] name: strided_slice/_assign") % (
                    _dims(arr.shape), _dims(tshape))) from None
        if h.shared:
            h.value = h.value.copy()
            h.shared = False
        h.value[key] = src
        return self._alias()

    def scatter_nd_update(self, indices, updates, name=None):
        from .ops import array_ops
        return self.assign(array_ops.tensor_scatter_nd_update(self._read(), indices, updates))

    def scatter_nd_add(self, indices, updates, name=None):
        from .ops import array_ops
        return self.assign(array_ops.tensor_scatter_nd_add(self._read(), indices, updates))

    def __getitem__(self, key):
        if type(key) is tuple and not STATE.n:
            arr = self._handle.value
            if len(key) == arr.ndim:
                for k in key:
                    if type(k) is not int:
                        break
                else:
                    try:
                        r = arr[key]
                    except IndexError:
                        pass
                    else:
                        s = _new(_SliceTensor)
                        s._v = np.array(r)
                        s._var = self
                        s._key = key
                        return s
        k = parse_key(key)
        if isinstance(k, Tensor):
            return boolean_mask(self._read(), k)
        h = self._handle
        check_key(h.value.shape, k)
        s = _new(_SliceTensor)
        if STATE.n:
            src = self._read()  # records the read; the slice is recorded as an op on it
            r = src._v[k]
            s._v = r.copy() if type(r) is np.ndarray else np.asarray(r)
            STATE.record(_strided_slice, (src,), (s,), {"key": k})
        else:
            r = h.value[k]
            s._v = r.copy() if type(r) is np.ndarray else np.asarray(r)
        s._var = self
        s._key = k
        return s

    def __setitem__(self, key, value):
        raise TypeError("'ResourceVariable' object does not support item assignment")

    # -- Python protocol -------------------------------------------------------------------------
    def __repr__(self):
        h = self._handle
        return "<tf.Variable '%s' shape=%s dtype=%s, numpy=%s>" % (
            self._name, h.shape, h.dtype.name, _numpy_text(h.value, True))

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
        return self._read().__format__(spec)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        v = Variable(self._handle.value.copy(), trainable=self._trainable,
                     name=self._name[:-2] if self._name.endswith(":0") else self._name)
        return v


class _UnreadVariable(Variable):
    """What assign returns: a Variable on the same storage, named 'UnreadVariable'."""
    __slots__ = ()


class _SliceTensor(Tensor):
    """``v[...]``: a Tensor snapshot of the slice whose ``assign`` writes into the variable."""

    __slots__ = ("_var", "_key")

    def assign(self, value, use_locking=None, name=None, read_value=True):
        alias = self._var._assign_slice(self._key, value)
        return alias if read_value else None


def _variable_operator(fn):
    def op(self, *args):
        return fn(self._iread(), *args)
    return op


def _variable_binary(fn, tensor_op):
    """``variable OP other``: reads the variable (then a variable ``other``, as the operator would)
    and, for two tensors, runs Tensor's own operator ``tensor_op`` (the C fast path where there is
    one; exactly ``fn`` otherwise)."""
    def op(self, other):
        a = self._iread()
        if other is self:  # ``v * v``: one read (the same tensor a second read would give)
            return tensor_op(a, a)
        if isinstance(other, VariableBase):
            other = other._iread()
        if type(other) is Tensor:
            return tensor_op(a, other)
        return fn(a, other)
    return op


import operator as _operator  # noqa: E402
_TENSOR_OPS = {"__add__": _operator.add, "__sub__": _operator.sub, "__mul__": _operator.mul,
               "__truediv__": _operator.truediv}

for _name, _fn in OPERATORS.items():
    if _name in _TENSOR_OPS:
        setattr(Variable, _name, _variable_binary(_fn, _TENSOR_OPS[_name]))
    elif _name != "__getitem__":
        setattr(Variable, _name, _variable_operator(_fn))
Variable.__hash__ = Variable.__dict__["__hash__"]

_UnreadVariable.__hash__ = Variable.__dict__["__hash__"]

from .autodiff.tape import record_read as _record_read, read_internal  # noqa: E402
# a read inside an op (operators, primitive arguments): within one recording tape an unchanged
# variable is read once (see tape.read_internal); read_value()/value() always make a new read
Variable._iread = read_internal
