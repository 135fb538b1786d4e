"""SymbolicTensor: a graph tensor (``isinstance(t, tf.Tensor)`` holds), printed as TF prints one.

It carries an example value (``_ex``: the real first-call argument flowed through the ops, or ones
for a TensorSpec) from which every op's dtype and shape came at trace time, and the static shape
(``None`` where a dimension is unknown). Ops read the example through ``_v`` only while the graph is
being traced on this thread; anywhere else ``_v`` raises TF's "out of scope" TypeError, so a leaked
tensor can never compute with its example value.
"""
from .. import dtypes as _dt
from .._accel import TensorBase
from ..engine.primitive import current_tracer
from ..errors import OperatorNotAllowedInGraphError
from ..tensor import Tensor
from ..tensor_shape import TensorShape

__all__ = ["SymbolicTensor", "out_of_scope"]

_set_c_value = TensorBase.__dict__["_v"].__set__ if "_v" in TensorBase.__dict__ else None
_NP_TO_DTYPE = _dt.NP_TO_DTYPE


def out_of_scope(t):
    return TypeError(
        "%r is out of scope and cannot be used here. Use return values, explicit Python locals or "
        "TensorFlow collections to access it.\nPlease see https://www.tensorflow.org/guide/"
        "function#all_outputs_of_a_tffunction_must_be_return_values for more information.\n\n%r "
        "was defined here:\n    %s" % (t, t, t._op.graph.name))


_SHAPE_OPS = frozenset(["Shape", "Size", "Rank", "ShapeN"])


def _static(t, seen):
    node = t._op
    hit = seen.get(id(node))
    if hit is not None:
        return hit
    if node.kind == "const":
        ok = True
    elif node.kind != "op" or node.prim.stateful:
        ok = False
    elif node.prim.name in _SHAPE_OPS:
        ok = all(None not in x._dims for x in node.inputs)
    else:
        ok = all(_static(x, seen) for x in node.inputs)
    seen[id(node)] = ok
    return ok


class SymbolicTensor(Tensor):
    """An output of a graph node (TF's ``SymbolicTensor``)."""

    __slots__ = ("_op", "_index", "_ex", "_ex2", "_dims", "_error")

    def __init__(self, op, index, example, dims, example2=None):
        self._op = op
        self._index = index
        self._ex = example
        self._ex2 = example2  # a second example where some dims are unknown (shape inference)
        self._dims = dims
        self._error = None  # the kernel error its op raised while tracing (raised if it is used)
        if _set_c_value is not None:  # the C struct's value (never read for a subclass)
            _set_c_value(self, example)

    @property
    def _v(self):
        tracer = current_tracer()
        if tracer is None or tracer.graph is not self._op.graph and \
                not tracer.sees(self._op.graph):
            raise out_of_scope(self)
        return self._ex

    # -- TF's graph-tensor API -----------------------------------------------------------------
    dtype = property(lambda self: _NP_TO_DTYPE[self._ex.dtype])
    shape = property(lambda self: TensorShape(self._dims))
    ndim = property(lambda self: len(self._dims))
    op = property(lambda self: self._op)
    graph = property(lambda self: self._op.graph)
    value_index = property(lambda self: self._index)
    name = property(lambda self: "%s:%d" % (self._op.name, self._index))

    def get_shape(self):
        return self.shape

    def _static_value(self):
        """The value when it is fixed at trace time (made of constants, and shapes of inputs whose
        static shape is fully known), else None: the value exists only when the graph runs."""
        return self._ex if _static(self, {}) else None

    @property
    def numpy(self):  # TF's graph tensors have no numpy(): AttributeError, as TF's
        raise AttributeError("'SymbolicTensor' object has no attribute 'numpy'")

    _numpy = numpy

    def set_shape(self, shape):
        if not TensorShape(shape).is_compatible_with(self.shape):
            raise ValueError("Tensor's shape %s is not compatible with supplied shape %s" %
                             (self.shape, TensorShape(shape)))
        self._dims = tuple(a if a is not None else b for a, b in
                           zip(self._dims, TensorShape(shape)._dims or self._dims))

    def __str__(self):
        return 'Tensor("%s", shape=%s, dtype=%s)' % (self.name, self.shape, self.dtype.name)

    def __repr__(self):
        return "<tf.Tensor '%s' shape=%s dtype=%s>" % (self.name, self.shape, self.dtype.name)

    def __format__(self, spec):
        return format(str(self), spec)

    def __bool__(self):
        raise OperatorNotAllowedInGraphError(
            "Using a symbolic `tf.Tensor` as a Python `bool` is not allowed. You can attempt the "
            "following resolutions to the problem: If you are running in Graph mode, use Eager "
            "execution mode or decorate this function with @tf.function. If you are using "
            "AutoGraph, you can try decorating this function with @tf.function. If that does not "
            "work, then you may be using an unsupported feature or your source code may not be "
            "visible to AutoGraph. See https://github.com/tensorflow/tensorflow/blob/master/"
            "tensorflow/python/autograph/g3doc/reference/limitations.md#access-to-source-code "
            "for more information.")

    def __iter__(self):
        raise OperatorNotAllowedInGraphError(
            "Iterating over a symbolic `tf.Tensor` is not allowed. You can attempt the following "
            "resolutions to the problem: If you are running in Graph mode, use Eager execution "
            "mode or decorate this function with @tf.function.")

    def __len__(self):
        if not self._dims or self._dims[0] is None:
            raise TypeError("len is not well defined for a symbolic Tensor (%s). Please call "
                            "`x.shape` rather than `len(x)` for shape information." % self.name)
        return self._dims[0]

    def __array__(self, dtype=None, copy=None):
        raise NotImplementedError(
            "Cannot convert a symbolic tf.Tensor (%s) to a numpy array. This error may indicate "
            "that you're trying to pass a Tensor to a NumPy call, which is not supported." %
            self.name)

    def _scalar_error(self, *args):
        raise TypeError("%r cannot be converted to a Python number inside a tf.function "
                        "(its value exists only when the graph runs)" % self)

    __int__ = __float__ = __complex__ = __index__ = _scalar_error

    def __getattr__(self, name):
        raise AttributeError("'SymbolicTensor' object has no attribute '%s'" % name)

    def __reduce__(self):
        raise TypeError("cannot pickle a symbolic tensor (%s)" % self.name)
