"""Variable storage (``Handle``) and the primitives that read and write it.

A handle's ``value`` is an ndarray that is never written in place: every write installs a new array
(under the handle's lock, so concurrent read-modify-writes are atomic), so a tensor read earlier keeps
its value whatever other threads do. Reads and writes are primitives like any other op: the handle
travels as the ``handle`` attribute, so a traced graph reads and writes the live variable. They are
``stateful``: a graph tracer runs their ``trace_fwd`` (the result without the write) instead.
"""
import _thread  # threading's lock and thread-local types, without importing threading

import numpy as np

from .primitive import Primitive, Resource
from ..errors import InvalidArgumentError

__all__ = ["Handle", "read_variable", "assign_variable", "assign_add_variable",
           "assign_sub_variable", "assign_slice"]


class Handle(Resource):
    """A variable's storage: the current array, its static shape and dtype, and a write lock."""

    __slots__ = ("value", "shape", "dtype", "lock", "variable", "trainable", "__weakref__")

    def __init__(self, value, shape, dtype, variable, trainable):
        self.value = value
        self.shape = shape
        self.dtype = dtype
        self.lock = _thread.allocate_lock()
        self.variable = variable  # the Variable that created it (GradientTape.watched_variables)
        self.trainable = trainable

    @property
    def _v(self):
        return self.value


def _dims(shape):
    return "[%s]" % ",".join(str(d) for d in shape)


def _read(handle):
    return handle.value


read_variable = Primitive("ReadVariableOp", _read, match=(), stateful=True)
read_variable.trace_fwd = _read


@read_variable.defvjp
def _(g, ans, *inputs, handle):
    return (g,)


def _assign(value, handle):
    # under the lock too: an update that read the old value must not install its result after this
    with handle.lock:
        handle.value = value
    return value


assign_variable = Primitive("AssignVariableOp", _assign, match=(), differentiable=False,
                            stateful=True)
assign_variable.trace_fwd = lambda value, handle: value


def _updater(op, opname):
    def updated(delta, v):
        if delta.shape != v.shape:
            raise InvalidArgumentError(None, opname, (
                "Cannot update variable with shape %s using a Tensor with shape %s, shapes must "
                "be equal. [Op:%s]") % (_dims(v.shape), _dims(delta.shape), opname))
        return op(v, delta)

    def update(delta, handle):
        with handle.lock:
            new = updated(delta, handle.value)
            handle.value = new
        return new
    update.__name__ = opname
    prim = Primitive(opname, update, match=(), differentiable=False, quiet=True, stateful=True)
    prim.trace_fwd = lambda delta, handle: updated(delta, handle.value)
    return prim


assign_add_variable = _updater(np.add, "AssignAddVariableOp")
assign_sub_variable = _updater(np.subtract, "AssignSubVariableOp")


def _sliced(value, handle, key):
    v = handle.value
    new = v.copy()
    if value.ndim:  # TF broadcasts the value to the slice's shape (NumPy's setitem is looser)
        target_shape = np.shape(v[key])
        try:
            value = np.broadcast_to(value, target_shape)
        except ValueError:
            raise InvalidArgumentError(None, "ResourceStridedSliceAssign", (
                "Cannot broadcast input shape %s into final shape %s "
                "[Op:ResourceStridedSliceAssign] name: strided_slice/_assign") % (
                    _dims(value.shape), _dims(target_shape))) from None
    new[key] = value
    return new


def _assign_slice(value, handle, key):
    with handle.lock:
        new = _sliced(value, handle, key)
        handle.value = new
    return new


assign_slice = Primitive("ResourceStridedSliceAssign", _assign_slice, match=(),
                         differentiable=False, on_error=lambda prim, arrays, attrs: None, stateful=True)
assign_slice.trace_fwd = _sliced
