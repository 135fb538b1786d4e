"""Tensor: an immutable ndarray with a TF dtype; TF's printing; conversion of values to tensors.

The array is NumPy's on the host, or a device library's (engine/device.py): text, ``numpy()`` and
NumPy interop copy it to the host.

Operators (``+``, ``[]``, ``==`` ...) are attached in ``ops/operators.py`` so that every one of them
goes through the single dispatch path of ``autodiff/primitive.py``.
"""
import numpy as np

from . import dtypes as _dt
from ._accel import TensorBase as _TensorBase, ENABLED as _ACCEL
from .engine import device as _device
from .tensor_shape import TensorShape

__all__ = ["Tensor", "convert_to_tensor", "is_tensor", "constant"]

_NP_TO_DTYPE = _dt.NP_TO_DTYPE
_DEVICE = _device.CPU
_host = _device.host


def _numpy_text(arr, use_repr):
    """TF's rule: numpy's str/repr of the value; a scalar's repr is the Python item's repr."""
    if arr.ndim == 0:
        item = arr[()]
        if use_repr and not isinstance(item, bytes):
            x = repr(arr.item()) if arr.dtype.kind != "O" else repr(item)
        else:
            x = str(item)
    else:
        x = repr(arr) if use_repr else str(arr)
    return "\n" + x if "\n" in x else x


class Tensor(_TensorBase):
    """An immutable multi-dimensional array with a TF dtype (``tf.Tensor``)."""

    # with the C accelerator, TensorBase holds ``_v`` and the weakref list (and ``+ - * / == <``...)
    # ``_x``: what a subclass attaches to a tensor (a variable slice keeps its variable and key)
    __slots__ = () if _ACCEL else ("_v", "_x", "__weakref__")
    # NumPy defers to our reflected operators, so ``ndarray + tensor`` is a Tensor (TF does this).
    __array_priority__ = 100

    def __init__(self, value, dtype=None):
        arr = value if isinstance(value, np.ndarray) else np.asarray(value)
        if dtype is not None:
            arr = arr.astype(_dt.as_dtype(dtype)._np, copy=False)
        self._v = arr

    # -- properties ------------------------------------------------------------------------------
    @property
    def dtype(self):
        return _NP_TO_DTYPE[self._v.dtype]

    @property
    def shape(self):
        return TensorShape._from_tuple(self._v.shape)

    def get_shape(self):
        return self.shape

    @property
    def ndim(self):
        return self._v.ndim

    @property
    def device(self):
        v = self._v
        return _DEVICE if type(v) is np.ndarray else _device.device_name(v)

    backing_device = device

    @property
    def name(self):
        raise AttributeError("Tensor.name is undefined when eager execution is enabled.")

    @property
    def graph(self):
        raise AttributeError("Tensor.graph is undefined when eager execution is enabled.")

    def numpy(self):
        """A NumPy copy of the value (a NumPy scalar for rank 0)."""
        v = self._v
        if type(v) is not np.ndarray:
            v = _host(v)  # a new host array already
            return v[()] if v.ndim == 0 else v
        return v[()] if v.ndim == 0 else v.copy()

    def _numpy(self):
        return _host(self._v)

    def ref(self):
        return _Reference(self)

    def experimental_ref(self):
        return _Reference(self)

    def set_shape(self, shape):
        if not TensorShape(shape).is_compatible_with(self.shape):
            raise ValueError("Tensor's shape %s is not compatible with supplied shape %s" %
                             (self.shape, TensorShape(shape)))

    def cpu(self):
        return _copy_to(self, "CPU:0")

    def gpu(self, gpu_index=0):
        return _copy_to(self, "GPU:%d" % gpu_index)

    # -- text --------------------------------------------------------------------------------------
    def __str__(self):
        return "tf.Tensor(%s, shape=%s, dtype=%s)" % (
            _numpy_text(_host(self._v), False), self.shape, self.dtype.name)

    def __repr__(self):
        return "<tf.Tensor: shape=%s, dtype=%s, numpy=%s>" % (
            self.shape, self.dtype.name, _numpy_text(_host(self._v), True))

    def __format__(self, spec):
        v = _host(self._v)
        return format(v[()] if v.ndim == 0 else v, spec)

    # -- Python protocol ---------------------------------------------------------------------------
    def __hash__(self):
        raise TypeError("Tensor is unhashable. Instead, use tensor.ref() as the key.")

    def __len__(self):
        if not self._v.ndim:
            raise TypeError("Scalar tensor has no `len()`")
        return self._v.shape[0]

    def __iter__(self):
        if not self._v.ndim:
            raise TypeError("Cannot iterate over a scalar tensor.")
        # each element goes through indexing, so a tape sees the reads
        return (self[i] for i in range(self._v.shape[0]))

    def __bool__(self):
        v = self._v
        return bool(v) if v.size else False

    if not _ACCEL:  # (the C base class gives this message without slowing every lookup)
        def __getattr__(self, name):
            # only reached when normal lookup fails; TF's message names its EagerTensor class
            raise AttributeError("'tensorflow.python.framework.ops.EagerTensor' object has no "
                                 "attribute '%s'" % name)

    def __int__(self):
        return int(self._v)

    def __float__(self):
        return float(self._v)

    def __complex__(self):
        return complex(self._v)

    def __index__(self):
        v = self._v
        if v.dtype.kind not in "iu" or v.ndim:
            raise TypeError("only integer scalar arrays can be converted to a scalar index")
        return int(v)

    def __array__(self, dtype=None, copy=None):
        v = self._v
        if type(v) is not np.ndarray:  # a device array: the host copy is a new array
            v = _host(v)
            return v if dtype is None else v.astype(dtype, copy=False)
        if dtype is not None and np.dtype(dtype) != v.dtype:
            return v.astype(dtype)
        if copy is False:
            raise ValueError("Unable to avoid copy while creating an array as requested.")
        return v.copy()

    def __reduce__(self):
        return convert_to_tensor, (self.numpy(),)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


# TF's eager tensors are of class EagerTensor (``type(x).__name__``, Python's own error messages
# such as "unsupported operand type(s) for +: 'EagerTensor' and 'NoneType'"); ``tf.Tensor`` is this
# class, so ``isinstance(x, tf.Tensor)`` holds for every tensor.
Tensor.__name__ = Tensor.__qualname__ = "EagerTensor"


class _Reference:
    """A hashable reference to a tensor or variable (``t.ref()``)."""

    __slots__ = ("_obj",)

    def __init__(self, obj):
        self._obj = obj

    def deref(self):
        return self._obj

    def __hash__(self):
        return id(self._obj)

    def __eq__(self, other):
        return isinstance(other, _Reference) and other._obj is self._obj

    def __repr__(self):
        return "<Reference wrapping %r>" % (self._obj,)


_new = object.__new__


def wrap(arr):
    """An ndarray (or device array) -> Tensor with no copy (internal; callers never mutate ``arr``
    afterwards)."""
    t = _new(Tensor)
    if type(arr) is not np.ndarray and type(arr) not in _device.TYPES:
        arr = np.asarray(arr)
        if arr.dtype.kind in "SU":  # a bytes/str scalar: TF's strings are object arrays of bytes
            arr = _dt.strings_to_object(arr)
    t._v = arr
    return t


class VariableBase:
    """Marker base of tf.Variable, so conversion can read variables without importing them."""

    __slots__ = ()


def is_tensor(x):
    """True for tensors and variables (tensor-like TF objects), False for NumPy values."""
    return isinstance(x, (Tensor, VariableBase))


def convert_to_tensor(value, dtype=None, dtype_hint=None, name=None, preferred_dtype=None):
    """Converts a Python/NumPy value, tensor or variable to a Tensor."""
    if dtype is not None:
        dtype = _dt.as_dtype(dtype)
    if isinstance(value, Tensor):
        if dtype is not None and value.dtype is not dtype:
            raise ValueError("Tensor conversion requested dtype %s for Tensor with dtype %s: %r"
                             % (dtype.name, value.dtype.name, value))
        return value
    if isinstance(value, VariableBase):
        t = value._read()
        if dtype is not None and t.dtype is not dtype:
            raise ValueError("Tensor conversion requested dtype %s for Tensor with dtype %s: %r"
                             % (dtype.name, t.dtype.name, t))
        return t
    hint = dtype_hint if dtype_hint is not None else preferred_dtype
    try:
        if dtype is None and hint is not None:
            try:
                return wrap(_dt.python_to_array(value, _dt.as_dtype(hint), Tensor))
            except (TypeError, ValueError):
                pass
        if hasattr(value, "__tf_tensor__"):
            return value.__tf_tensor__(dtype, name)
        return wrap(_dt.python_to_array(value, dtype, Tensor))
    except _dt.PackInGraph:  # a list holding graph tensors: packed by graph ops (set by graph/)
        if AUTOPACK[0] is None:
            raise
        return AUTOPACK[0](value, dtype)


AUTOPACK = [None]  # graph/autopack.py's packing of lists of graph tensors (tf.stack, Pack nodes)


def constant(value, dtype=None, shape=None, name="Const"):
    """Creates a constant tensor from a Python/NumPy value (``tf.constant``)."""
    if dtype is not None:
        dtype = _dt.as_dtype(dtype)
    if isinstance(value, (Tensor, VariableBase)):
        t = convert_to_tensor(value)
        if dtype is not None and t.dtype is not dtype:
            raise TypeError("Expected tensor 1 with dtype %r, but got dtype %r." % (dtype, t.dtype))
        arr = t._v
    else:
        arr = _dt.python_to_array(value, dtype, Tensor)
    if shape is not None:
        dims = _shape_dims(shape)
        n = None
        if dims is not None and None not in dims:
            n = 1
            for d in dims:
                n *= d
        if dims is not None and tuple(dims) == arr.shape:
            pass
        elif n is not None and arr.size == n:  # TF reshapes, converting the dims as a tensor
            arr = arr.reshape(_dt.python_to_array(dims, None, Tensor).tolist())
        elif arr.size == 1 and dims is not None:  # ... or fills, converting them to int32
            arr = np.full(_dt.python_to_array(dims, _dt.int32, Tensor).tolist(), arr.reshape(()),
                          dtype=arr.dtype)
        else:
            raise TypeError("Eager execution of tf.constant with unsupported shape. Tensor %s "
                            "(converted from %r) has %d elements, but got `shape` %s with %s "
                            "elements)." % (str(arr), value, arr.size, TensorShape(dims), n))
    hook = graph_constant_hook[0]
    if _device.TYPES:  # under tf.device, a new constant lives on that device
        arr = _device.to_scope(arr)
    return wrap(arr) if hook is None else hook(wrap(arr), name)


def _copy_to(t, device):
    """``t`` copied to ``device`` by TF's Identity op (recorded: the copy carries gradients)."""
    from .ops.misc import device as scope, identity  # (tensor.py sits below the ops)
    with scope(device):
        return identity(t)


# set by compat/graph_mode.py: in a TF1 graph, tf.constant adds a Const node
graph_constant_hook = [None]


def _dimension(d):
    """TF's Dimension(d).value: an int >= 0 or None, with TF's errors."""
    if isinstance(d, int) or d is None:  # (bools too, as TF)
        v = d
    else:
        try:
            v = int(d.__index__())
        except AttributeError:
            raise TypeError("Dimension value must be integer or None or have an __index__ method, "
                            "got value '%r' with type '%r'" % (d, type(d))) from None
    if v is not None and v < 0:
        raise ValueError("Dimension %d must be >= 0" % v)
    return v


def _shape_dims(shape):
    """TF's ``as_shape(shape)`` as a list of dims (None: unknown rank), with TF's errors."""
    if isinstance(shape, TensorShape):
        return None if shape.rank is None else shape.as_list()
    if isinstance(shape, (Tensor, VariableBase)):
        shape = convert_to_tensor(shape)._v.tolist()
    if isinstance(shape, (list, tuple)):
        return [_dimension(d) for d in shape]
    try:
        items = iter(shape)
    except TypeError:
        return [_dimension(shape)]
    dims = []
    for d in items:
        try:
            dims.append(_dimension(d))
        except TypeError as e:
            raise TypeError("Failed to convert '%r' to a shape: '%r'could not be converted to a "
                            "dimension. A shape should either be single dimension (e.g. 10), or an "
                            "iterable of dimensions (e.g. [1, 10, None])." % (shape, d)) from e
    return dims
