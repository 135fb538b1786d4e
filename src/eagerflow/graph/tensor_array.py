"""tf.TensorArray: eagerly a Python list of tensors (TF's ``_EagerTensorArray``, ported with its
checks and errors: writes mutate the list and return the array); while a tf.function is traced, an
immutable dense buffer tensor of shape ``[size, *element_shape]`` (the array's ``flow``), so every
write returns a new TensorArray whose buffer is a new tensor made by ordinary primitives
(``TensorScatterUpdate``, ``GatherV2``, ``Pad``): tapes record them and gradients flow. ``split``
into pieces of unequal (or run-time) lengths keeps the value and the lengths instead ("ragged"):
reads slice the value, ``concat`` is the value; writing to such an array in a graph is not
supported.

As a ``tf.while_loop`` loop variable a graph TensorArray travels as its buffer tensor
and a tf.cond branch may return one (ta_control.py). Returned from a tf.function, an array becomes
its ``flow`` (TF returns the flow too: a variant tensor there, the buffer here).
"""
import numpy as np

from .._export import export
from ..engine.primitive import Primitive, REGISTRY, current_tracer
from ..errors import InvalidArgumentError, OutOfRangeError
from ..tensor import Tensor, convert_to_tensor
from ..tensor_shape import TensorShape
from .. import dtypes as _dt

__all__ = ["TensorArray"]


def _ops():
    import eagerflow as tf
    return tf


def _int(x):
    if isinstance(x, Tensor):
        return int(x._v)
    return int(x)


def _is_static(x):
    """A Python int, or an eager tensor whose value is known now."""
    if not isinstance(x, Tensor):
        return True
    from .symbolic import SymbolicTensor
    return not isinstance(x, SymbolicTensor)


@export("TensorArray")
class TensorArray:
    """``tf.TensorArray``: a list of tensors of one dtype, written once per index."""

    def __init__(self, dtype, size=None, dynamic_size=None, clear_after_read=None,
                 tensor_array_name=None, handle=None, flow=None, infer_shape=True,
                 element_shape=None, colocate_with_first_write_call=True, name=None):
        self._dtype = _dt.as_dtype(dtype).base_dtype if hasattr(_dt.as_dtype(dtype), "base_dtype") \
            else _dt.as_dtype(dtype)
        self._dynamic_size = dynamic_size or False
        self._infer_shape = infer_shape
        self._element_shape = TensorShape(element_shape)
        self._graph = current_tracer() is not None
        if not self._graph:
            if handle is not None:
                raise ValueError("TensorArray handles are not supported when eager execution is "
                                 "enabled.")
            if size is None:
                raise ValueError("Size must be declared for TensorArrays when eager execution is "
                                 "enabled.")
            self._clear_after_read = True if clear_after_read is None else clear_after_read
            self._previously_read_indices = []
            self._list = [None] * _int(size)
            self._buf = None
        else:
            if handle is not None:
                raise ValueError("TensorArray handles are not supported by eagerflow's graphs.")
            if size is None and flow is None:
                raise ValueError("Size must be provided if handle is not provided")
            self._size = size
            self._buf = flow
            self._ragged = None  # (value, lengths) after a split into unequal pieces

    # -- properties ----------------------------------------------------------------------------
    @property
    def dtype(self):
        return self._dtype

    @property
    def element_shape(self):
        return self._element_shape

    @property
    def dynamic_size(self):
        return self._dynamic_size

    @property
    def handle(self):
        return None

    @property
    def flow(self):
        """Eagerly TF's placeholder 0; in a graph the buffer tensor (the array's value)."""
        if not self._graph:
            return convert_to_tensor(0, _dt.int32)
        return self._ensure_buffer()

    def identity(self):
        if not self._graph:
            return self
        ta = self._new(self._buf)
        ta._ragged = self._ragged
        return ta

    def mark_used(self):
        pass

    def _function_output(self):
        """What a tf.function returns for this array: its flow (TF's variant tensor; here the
        buffer); an array made outside the function cannot leave it."""
        if not self._graph:
            raise NotImplementedError(
                "Attempting to build a graph-mode TF2-style TensorArray from either an eager-mode "
                "TensorArray or a TF1-style TensorArray.  This is not currently supported.  You "
                "may be attempting to capture a TensorArray inside a tf.function or tf.data map "
                "function. Instead, construct a new TensorArray inside the function.")
        return self.flow

    def __repr__(self):
        return "<eagerflow.TensorArray dtype=%s>" % self._dtype.name

    # -- shared checks -------------------------------------------------------------------------
    def _value(self, value):
        if not isinstance(value, Tensor):
            value = convert_to_tensor(value, preferred_dtype=self._dtype)
        if value.dtype is not self._dtype:
            if self._graph:
                raise InvalidArgumentError(None, "TensorListSetItem", (
                    "Invalid data types; op elements %s but list elements %s" % (
                        value.dtype.name, _np_name(self._dtype))))
            raise InvalidArgumentError(None, None, (
                "TensorArray dtype is %s but Op is trying to write dtype %s " % (
                    self._dtype.name, value.dtype.name)))
        if not self._element_shape.is_compatible_with(value.shape):
            if self._graph:
                raise ValueError("Inconsistent shapes: saw %s but expected %s " % (
                    value.shape, self._element_shape))
            raise ValueError("Incompatible shape for value (%s), expected (%s)" % (
                value.shape, self._element_shape))
        if self._infer_shape:
            self._element_shape = self._element_shape.merge_with(value.shape)
        return value

    # -- eager: TF's _EagerTensorArray ---------------------------------------------------------
    def _maybe_zero(self, ix):
        val = self._list[ix]
        if val is None:
            if not self._element_shape.is_fully_defined():
                raise ValueError("Cannot convert a partially known TensorShape %s to a Tensor." %
                                 self._element_shape)
            val = self._list[ix] = _ops().zeros(shape=self._element_shape, dtype=self._dtype)
        return val

    def _eager_write(self, index, value):
        index = _int(index)
        if index < 0:
            raise OutOfRangeError(None, None, "Writing to negative indices (index %d) is not "
                                  "allowed." % index)
        size = len(self._list)
        if index >= size:
            if not self._dynamic_size:
                raise OutOfRangeError(None, None, "Tried to write to index %d but array is not "
                                      "resizeable and size is: %d " % (index, size))
            self._list.extend(None for _ in range(index - size + 1))
        self._list[index] = self._value(value)

    # -- graph: the buffer ---------------------------------------------------------------------
    def _new(self, buf, size=None):
        ta = object.__new__(TensorArray)
        ta.__dict__.update(self.__dict__)
        ta._buf = buf
        ta._ragged = None
        if size is not None:
            ta._size = size
        return ta

    def _ensure_buffer(self, elem_shape=None):
        if self._buf is not None:
            return self._buf
        if self._ragged is not None:
            raise NotImplementedError(
                "eagerflow: a TensorArray split into pieces of unequal or run-time lengths "
                "inside a tf.function supports read, concat, stack, gather and size only")
        shape = elem_shape if elem_shape is not None else self._element_shape
        if not TensorShape(shape).is_fully_defined():
            raise ValueError("Cannot convert a partially known TensorShape %s to a Tensor." %
                             TensorShape(shape))
        tf = _ops()
        size = tf.reshape(tf.cast(self._size, _dt.int32), [1])
        dims = tf.concat([size, tf.constant(TensorShape(shape).as_list(), _dt.int32)], 0)
        # not kept on the array: it may be made inside a branch or loop body, whose tensors the
        # graphs around it cannot use
        return tf.zeros(dims, self._dtype)

    def _graph_write(self, index, value):
        tf = _ops()
        if self._ragged is not None:
            self._ensure_buffer()  # raises: not supported
        value = self._value(value)
        buf = self._buf
        if buf is None:
            if value.shape.is_fully_defined():
                buf = self._ensure_buffer(value.shape)
            else:
                size = tf.reshape(tf.cast(self._size, _dt.int32), [1])
                buf = tf.zeros(tf.concat([size, tf.shape(value, out_type=_dt.int32)], 0),
                               self._dtype)
        rows = TensorShape(buf.shape._dims[1:])
        if not rows.is_compatible_with(value.shape):  # infer_shape=False, elements differ
            raise NotImplementedError(
                "eagerflow: TensorArray elements of different shapes (%s, %s) inside a "
                "tf.function are not supported" % (rows, value.shape))
        index = tf.cast(convert_to_tensor(index), _dt.int32)
        if self._dynamic_size:
            n = tf.shape(buf, out_type=_dt.int32)[0]
            grow = tf.maximum(index + 1 - n, 0)
            pads = tf.concat([tf.reshape(tf.stack([0, grow]), [1, 2]),
                              tf.zeros([len(buf.shape) - 1, 2], _dt.int32)], 0)
            buf = tf.pad(buf, pads)
        buf = tf.tensor_scatter_nd_update(buf, tf.reshape(index, [1, 1]),
                                          tf.expand_dims(value, 0))
        return self._new(buf)

    # -- the API -------------------------------------------------------------------------------
    def write(self, index, value, name=None):
        """Writes ``value`` at ``index``: eagerly in place (returns the array), in a graph a new
        TensorArray."""
        if self._graph:
            return self._graph_write(index, value)
        self._eager_write(index, value)
        return self

    def read(self, index, name=None):
        if self._graph:
            tf = _ops()
            index = tf.cast(convert_to_tensor(index), _dt.int32)
            if self._ragged is not None:
                value, lengths = self._ragged
                start = tf.cumsum(lengths, exclusive=True)[index]
                return value[start:start + lengths[index]]
            if self._buf is None:
                return tf.zeros(self._element_shape, self._dtype) \
                    if self._element_shape.is_fully_defined() else self._ensure_buffer()
            return tf.gather(self._buf, index)
        index = _int(index)
        if index < 0:
            raise OutOfRangeError(None, None, "Reading from negative indices (index %d) is not "
                                  "allowed." % index)
        if index >= len(self._list):
            raise OutOfRangeError(None, None, "Tried to read from index %d but array size is: "
                                  "%d " % (index, len(self._list)))
        tensor = self._list[index]
        if tensor is None:
            if index in self._previously_read_indices:
                raise InvalidArgumentError(None, None, (
                    "Could not read index %d twice because it was cleared after a previous read "
                    "(perhaps try setting clear_after_read = false?)" % index))
            tensor = self._maybe_zero(index)
        if self._clear_after_read:
            self._list[index] = None
            self._previously_read_indices.append(index)
        return tensor

    def stack(self, name=None):
        tf = _ops()
        if self._graph:
            if self._ragged is not None:
                return self._stack_ragged()
            return tf.identity(self._ensure_buffer())
        if self._list:
            for ix in range(len(self._list)):
                self._maybe_zero(ix)
        if not self._list and self._element_shape.is_fully_defined():
            return tf.zeros([0] + self._element_shape.as_list(), self._dtype)
        if not self._list:
            return convert_to_tensor(np.zeros([0], self._dtype.as_numpy_dtype), self._dtype)
        return tf.stack(self._list)

    def _stack_ragged(self):
        value, lengths = self._ragged
        static = getattr(lengths, "_static_value", lambda: None)()
        if static is not None:
            _check_equal(static)
        return _ragged_stack(value, lengths)

    def gather(self, indices, name=None):
        tf = _ops()
        if self._graph:
            indices = tf.cast(convert_to_tensor(indices), _dt.int32)
            if self._ragged is not None:
                return tf.gather(self._stack_ragged(), indices)
            return tf.gather(self._ensure_buffer(), indices)
        if isinstance(indices, Tensor):
            indices = indices._v
        return tf.stack([self._maybe_zero(int(i)) for i in np.asarray(indices).reshape(-1)])

    def concat(self, name=None):
        tf = _ops()
        if self._graph:
            if self._ragged is not None:
                return tf.identity(self._ragged[0])
            buf = self._ensure_buffer()
            if len(buf.shape) < 2:
                raise InvalidArgumentError(None, None, "Concat saw a scalar shape at index 0 but "
                                           "requires at least vectors.")
            rest = buf.shape._dims[2:]
            if None in rest:
                rest = tf.shape(buf, out_type=_dt.int32)[2:]
                return tf.reshape(buf, tf.concat([[-1], rest], 0))
            return tf.reshape(buf, [-1] + list(rest))
        items = [self._maybe_zero(ix) for ix in range(len(self._list))]
        for k, t in enumerate(items):
            if t.shape.ndims == 0:
                raise InvalidArgumentError(None, None, "Concat saw a scalar shape at index %d "
                                           "but requires at least vectors." % k)
        return tf.concat(items, 0)

    def unstack(self, value, name=None):
        tf = _ops()
        value = convert_to_tensor(value, preferred_dtype=self._dtype)
        if self._graph:
            value = self._check_rows(value)
            if not self._dynamic_size and _is_static(self._size) and value.shape[0] is not None \
                    and value.shape[0] > _int(self._size):
                raise ValueError("Cannot unstack %d tensors into a TensorArray of static size %d "
                                 % (value.shape[0], _int(self._size)))
            # through an IdentityN, which hands back a dense gradient: reads are gathers, whose
            # gradient is IndexedSlices, where TF's TensorList ops give the unstacked tensor a
            # dense one
            return self._new(tf.identity_n([value])[0],
                             size=tf.shape(value, out_type=_dt.int32)[0])
        tensors = tf.unstack(value)
        if len(tensors) > len(self._list) and not self._dynamic_size:
            raise ValueError("Cannot unstack %d tensors into a TensorArray of static size %d " %
                             (len(tensors), len(self._list)))
        self._list = [self._value(t) for t in tensors]
        return self

    def _check_rows(self, value):
        if value.dtype is not self._dtype:
            raise InvalidArgumentError(None, None, "Invalid data types; op elements %s but list "
                                       "elements %s" % (value.dtype.name, _np_name(self._dtype)))
        if value.shape.ndims == 0:
            raise ValueError("Shape must be at least rank 1 but is rank 0")
        rows = TensorShape(value.shape._dims[1:])
        if not self._element_shape.is_compatible_with(rows):
            raise ValueError("Incompatible shape for value (%s), expected (%s)" % (
                rows, self._element_shape))
        if self._infer_shape:
            self._element_shape = self._element_shape.merge_with(rows)
        return value

    def scatter(self, indices, value, name=None):
        tf = _ops()
        if self._graph:
            value = self._check_rows(convert_to_tensor(value, preferred_dtype=self._dtype))
            buf = self._ensure_buffer(TensorShape(value.shape._dims[1:]))
            idx = tf.reshape(tf.cast(convert_to_tensor(indices), _dt.int32), [-1, 1])
            return self._new(tf.tensor_scatter_nd_update(buf, idx, value))
        if isinstance(indices, Tensor):
            indices = indices._v
        for index, val in zip(np.asarray(indices).reshape(-1),
                              tf.unstack(convert_to_tensor(value, preferred_dtype=self._dtype))):
            self._eager_write(int(index), val)
        return self

    def split(self, value, lengths, name=None):
        """Splits ``value`` along its first axis into pieces of ``lengths`` rows."""
        tf = _ops()
        value = convert_to_tensor(value, preferred_dtype=self._dtype)
        if value.dtype is not self._dtype:
            raise InvalidArgumentError(None, None, "TensorArray dtype is %s but Op is trying to "
                                       "write dtype %s " % (self._dtype.name, value.dtype.name))
        lengths = convert_to_tensor(lengths)
        if self._graph:
            return self._graph_split(value, lengths)
        if lengths.shape.ndims != 1:
            raise InvalidArgumentError(None, None, "Expected lengths to be a vector, received "
                                       "shape: %s " % lengths.shape.as_list())
        if value.shape.ndims == 0:
            raise InvalidArgumentError(None, None, "Expected value to be at least a vector, but "
                                       "received shape: %s " % value.shape.as_list())
        total = int(np.sum(lengths._v))
        if total != value.shape[0]:
            raise InvalidArgumentError(None, None, "Expected sum of lengths to be equal to "
                                       "values.shape[0], but sum of lengths is %d and value's "
                                       "shape is: %s " % (total, value.shape.as_list()))
        if not self._dynamic_size and lengths.shape[0] != len(self._list):
            raise InvalidArgumentError(None, None, (
                "TensorArray's size is not equal to the size of lengths (%d vs. %d), and the "
                "TensorArray is not marked as dynamically resizeable." % (
                    len(self._list), lengths.shape[0])))
        # as TF's eager array: the pieces replace the list, the element shape stays as it was
        self._list = list(tf.split(value, lengths._v))
        return self

    def _graph_split(self, value, lengths):
        tf = _ops()
        if value.shape.ndims == 0:
            raise ValueError("Shape must be at least rank 1 but is rank 0")
        lengths = tf.cast(lengths, _dt.int32)
        static = getattr(lengths, "_static_value", lambda: None)()
        if static is None and _is_static(lengths):
            static = lengths._v
        rest = list(value.shape._dims[1:])
        if static is not None and static.ndim == 1 and static.size and \
                (static == static[0]).all() and None not in rest:
            piece = TensorShape([int(static[0])] + rest)
            if not piece.is_compatible_with(self._element_shape):
                raise ValueError("Inconsistent shapes: saw %s but expected %s " % (
                    piece, self._element_shape))
            if self._infer_shape:
                self._element_shape = self._element_shape.merge_with(piece)
            buf = tf.reshape(value, [static.size] + piece.as_list())
            return self._new(buf, size=static.size)
        ta = self._new(None, size=tf.shape(lengths, out_type=_dt.int32)[0])
        ta._ragged = (value, lengths)
        return ta

    def size(self, name=None):
        tf = _ops()
        if self._graph:
            if self._ragged is not None:
                return tf.shape(self._ragged[1], out_type=_dt.int32)[0]
            if self._buf is not None:
                return tf.shape(self._buf, out_type=_dt.int32)[0]
            return tf.cast(convert_to_tensor(self._size), _dt.int32)
        return convert_to_tensor(len(self._list), _dt.int32)

    def close(self, name=None):
        if not self._graph:
            del self._list[:]


# -- stacking the pieces of a split (equal lengths, known when the graph runs) -------------------
def _check_equal(lengths):
    if lengths.size and (lengths != lengths[0]).any():
        k = int(np.argmax(lengths != lengths[0]))
        raise InvalidArgumentError(None, "TensorListStack", (
            "PartialTensorShape: Incompatible shapes during merge: [%d] vs. [%d]" % (
                lengths[0], lengths[k])))


def _ragged_stack_fwd(value, lengths):
    _check_equal(lengths)
    n = lengths.size
    return value.reshape((n, int(lengths[0]) if n else 0) + value.shape[1:])


def _reshape_like_fwd(g, like):
    return g.reshape(like.shape)


_ragged_stack = Primitive("TensorListStack", _ragged_stack_fwd, match=(0,), c_fast=False)
_reshape_like = Primitive("ReshapeLike", _reshape_like_fwd, match=(0,), c_fast=False)
_ragged_stack.defvjp(lambda g, ans, value, lengths: (_reshape_like(g, value), None))
_reshape_like.defvjp(lambda g, ans, x, like: (_reshape_like(g, x), None))
for _p in (_ragged_stack, _reshape_like):  # internal: tests/graph/test_tensor_array_api.py
    REGISTRY.pop(_p.name, None)


def _np_name(dtype):
    return {"float32": "float", "float64": "double"}.get(dtype.name, dtype.name)
