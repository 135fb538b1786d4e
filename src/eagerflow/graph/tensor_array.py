"""tf.TensorArray: eagerly a Python list of tensors (TF's ``_EagerTensorArray``, ported with its
checks and errors: writes mutate the list and return the array); while a tf.function is traced, an
immutable dense buffer tensor of shape ``[size, *element_shape]`` (the array's ``flow``), so every
write returns a new TensorArray whose buffer is a new tensor made by ordinary primitives
(``TensorScatterUpdate``, ``GatherV2``, ``Pad``): tapes record them and gradients flow.

As a ``tf.while_loop`` loop variable a graph TensorArray travels as its buffer tensor
(``loop_vars``); when nothing fixes its element shape before the loop, the body is traced once on
the side to learn the shape of what it writes.
"""
import numpy as np

from .. import _nest
from .._export import export
from ..engine.primitive import current_tracer
from ..errors import InvalidArgumentError, OutOfRangeError
from ..tensor import Tensor, convert_to_tensor
from ..tensor_shape import TensorShape
from .. import dtypes as _dt

__all__ = ["TensorArray", "loop_vars"]


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
        return self if not self._graph else self._new(self._buf)

    def mark_used(self):
        pass

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
        if size is not None:
            ta._size = size
        return ta

    def _ensure_buffer(self, elem_shape=None):
        if self._buf is not None:
            return self._buf
        shape = elem_shape if elem_shape is not None else self._element_shape
        if not TensorShape(shape).is_fully_defined():
            raise ValueError("Cannot convert a partially known TensorShape %s to a Tensor." %
                             TensorShape(shape))
        tf = _ops()
        size = tf.reshape(tf.cast(self._size, _dt.int32), [1])
        dims = tf.concat([size, tf.constant(TensorShape(shape).as_list(), _dt.int32)], 0)
        self._buf = tf.zeros(dims, self._dtype)
        return self._buf

    def _graph_write(self, index, value):
        tf = _ops()
        value = self._value(value)
        if self._buf is None:
            if value.shape.is_fully_defined():
                self._ensure_buffer(value.shape)
            else:
                size = tf.reshape(tf.cast(self._size, _dt.int32), [1])
                self._buf = tf.zeros(tf.concat([size, tf.shape(value, out_type=_dt.int32)], 0),
                                     self._dtype)
        buf = self._buf
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
            if self._buf is None:
                return tf.zeros(self._element_shape, self._dtype) \
                    if self._element_shape.is_fully_defined() else self._ensure_buffer()
            return tf.gather(self._buf, tf.cast(convert_to_tensor(index), _dt.int32))
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
            return tf.identity(self._ensure_buffer())
        if self._list:
            for ix in range(len(self._list)):
                self._maybe_zero(ix)
        if not self._list and self._element_shape.is_fully_defined():
            return tf.zeros([0] + self._element_shape.as_list(), self._dtype)
        if not self._list:
            return convert_to_tensor(np.zeros([0], self._dtype.as_numpy_dtype), self._dtype)
        return tf.stack(self._list)

    def gather(self, indices, name=None):
        tf = _ops()
        if self._graph:
            return tf.gather(self._ensure_buffer(), tf.cast(convert_to_tensor(indices), _dt.int32))
        if isinstance(indices, Tensor):
            indices = indices._v
        return tf.stack([self._maybe_zero(int(i)) for i in np.asarray(indices).reshape(-1)])

    def concat(self, name=None):
        tf = _ops()
        if self._graph:
            buf = self._ensure_buffer()
            if len(buf.shape) < 2:
                raise InvalidArgumentError(None, None, "Concat saw a scalar shape at index 0 but "
                                           "requires at least vectors.")
            rest = tf.shape(buf, out_type=_dt.int32)[2:]
            return tf.reshape(buf, tf.concat([[-1], rest], 0))
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
            return self._new(value, size=tf.shape(value, out_type=_dt.int32)[0])
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
            if self._buf is None:
                self._ensure_buffer(TensorShape(value.shape._dims[1:]))
            idx = tf.reshape(tf.cast(convert_to_tensor(indices), _dt.int32), [-1, 1])
            return self._new(tf.tensor_scatter_nd_update(self._buf, idx, value))
        if isinstance(indices, Tensor):
            indices = indices._v
        for index, val in zip(np.asarray(indices).reshape(-1),
                              tf.unstack(convert_to_tensor(value, preferred_dtype=self._dtype))):
            self._eager_write(int(index), val)
        return self

    def split(self, value, lengths, name=None):
        tf = _ops()
        if self._graph:
            raise NotImplementedError("TensorArray.split inside a tf.function")
        value = convert_to_tensor(value, preferred_dtype=self._dtype)
        self._list = [self._value(t) for t in tf.split(value, lengths)]
        return self

    def size(self, name=None):
        tf = _ops()
        if self._graph:
            if self._buf is not None:
                return tf.shape(self._buf, out_type=_dt.int32)[0]
            return tf.cast(convert_to_tensor(self._size), _dt.int32)
        return convert_to_tensor(len(self._list), _dt.int32)

    def close(self, name=None):
        if not self._graph:
            del self._list[:]


def _np_name(dtype):
    return {"float32": "float", "float64": "double"}.get(dtype.name, dtype.name)


# -- tf.while_loop -----------------------------------------------------------------------------
def loop_vars(tracer, loop_vars, cond, body, shape_invariants, trace_subgraph, spec):
    """For a graph tf.while_loop whose loop variables hold TensorArrays: (loop variables with each
    array replaced by its buffer, cond, body working on arrays again, shape invariants (None, or
    flat TensorShapes), a function turning the loop's results back into arrays); None when no
    loop variable is a TensorArray."""
    flat = _nest.flatten(loop_vars)
    if not any(isinstance(v, TensorArray) for v in flat):
        return None
    if any(isinstance(v, TensorArray) for v in _nest.flatten(shape_invariants)):
        raise ValueError("shape_invariants of a TensorArray loop variable are not supported")
    templates = [v if isinstance(v, TensorArray) else None for v in flat]
    if any(t is not None and t._buf is None and not t._element_shape.is_fully_defined()
           for t in templates):
        _discover(tracer, loop_vars, templates, body, trace_subgraph, spec)
    bufs = [t._ensure_buffer() if t is not None else v for t, v in zip(templates, flat)]

    def rewrap(args):
        return _nest.pack(loop_vars, [t._new(a) if t is not None else a
                                      for t, a in zip(templates, _nest.flatten(list(args)))])

    def unwrap(out):
        if not isinstance(out, (list, tuple, dict)):
            out = [out]
        leaves = _nest.flatten(out)
        return _nest.pack(out, [v._ensure_buffer() if isinstance(v, TensorArray) else v
                                for v in leaves])

    def new_cond(*args):
        return cond(*_as_args(rewrap(args)))

    def new_body(*args):
        return unwrap(body(*_as_args(rewrap(args))))

    inv = shape_invariants
    if any(t is not None and t._dynamic_size for t in templates):
        if shape_invariants is None:
            inv = [None] * len(flat)
        else:
            from .while_loop import _flatten_shapes
            inv = list(_flatten_shapes(shape_invariants))
        inv = [TensorShape([None] + list(b.shape._dims[1:])) if t is not None and
               t._dynamic_size else (TensorShape(convert_to_tensor(b).shape) if s is None else s)
               for t, b, s in zip(templates, bufs, inv)]

    def results(outs):
        return _nest.pack(loop_vars, [t._new(o) if t is not None else o
                                      for t, o in zip(templates, _nest.flatten(list(outs)))])
    return _nest.pack(loop_vars, bufs), new_cond, new_body, inv, results


def _as_args(x):
    return x


def _discover(tracer, loop_vars, templates, body, trace_subgraph, spec):
    """Traces the body once into a discarded graph to learn the element shapes it writes."""
    flat = _nest.flatten(loop_vars)
    plain = [v for t, v in zip(templates, flat) if t is None]
    specs = [spec(v) for v in plain]
    found = {}

    def fn(*args):
        it = iter(args)
        fresh = [t._new(None) if t is not None else next(it) for t in templates]
        out = body(*_nest.pack(loop_vars, fresh))
        if not isinstance(out, (list, tuple, dict)):
            out = [out]
        for k, (t, o) in enumerate(zip(templates, _nest.flatten(out))):
            if t is not None and isinstance(o, TensorArray):
                found[k] = o._element_shape
        return []
    trace_subgraph(tracer, tracer.graph.unique_name("while_shapes"), fn, specs)
    for k, t in enumerate(templates):
        if t is not None and t._buf is None and k in found:
            t._element_shape = t._element_shape.merge_with(found[k])
