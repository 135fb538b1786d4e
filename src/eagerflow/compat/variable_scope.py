"""``tf.compat.v1.variable_scope`` and ``get_variable``: variables shared by full name, with TF1's
reuse rules, and the TF1 initializer classes they take."""
import math

import numpy as np

from .. import dtypes as _dt
from ..tensor import Tensor, VariableBase, convert_to_tensor
from ..tensor_shape import TensorShape
from ..variables import Variable
from .._export import export
from .graph_mode import graph_tracer, get_default_graph

__all__ = ["variable_scope", "get_variable", "AUTO_REUSE"]


class _ReuseMode:
    def __repr__(self):
        return "_ReuseMode.AUTO_REUSE"


AUTO_REUSE = _ReuseMode()
export("compat.v1.AUTO_REUSE")(AUTO_REUSE)


# -- initializers ---------------------------------------------------------------------------------
class _Initializer:
    def get_config(self):
        return dict(vars(self))


@export("compat.v1.zeros_initializer", "compat.v1.initializers.zeros")
class zeros_initializer(_Initializer):
    def __init__(self, dtype=_dt.float32):
        self.dtype = _dt.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        from ..ops.creation import zeros
        return zeros(shape, dtype or self.dtype)


@export("compat.v1.ones_initializer", "compat.v1.initializers.ones")
class ones_initializer(_Initializer):
    def __init__(self, dtype=_dt.float32):
        self.dtype = _dt.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        from ..ops.creation import ones
        return ones(shape, dtype or self.dtype)


@export("compat.v1.constant_initializer", "compat.v1.initializers.constant")
class constant_initializer(_Initializer):
    def __init__(self, value=0, dtype=_dt.float32, verify_shape=False):
        self.value = value
        self.dtype = _dt.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        dtype = dtype or self.dtype
        v = np.asarray(self.value, dtype=dtype._np)
        shape = tuple(TensorShape(shape)._dims)
        v = np.broadcast_to(v, shape) if v.size == 1 else v.reshape(shape)
        return convert_to_tensor(np.array(v), dtype=dtype)


class _Random(_Initializer):
    def __init__(self, a=0.0, b=1.0, seed=None, dtype=_dt.float32):
        self.a, self.b, self.seed, self.dtype = a, b, seed, _dt.as_dtype(dtype)


@export("compat.v1.random_normal_initializer", "compat.v1.initializers.random_normal")
class random_normal_initializer(_Random):
    def __call__(self, shape, dtype=None, partition_info=None):
        from ..ops.random import normal
        return normal(shape, self.a, self.b, dtype or self.dtype, self.seed)


@export("compat.v1.truncated_normal_initializer", "compat.v1.initializers.truncated_normal")
class truncated_normal_initializer(_Random):
    def __call__(self, shape, dtype=None, partition_info=None):
        from ..ops.random import truncated_normal
        return truncated_normal(shape, self.a, self.b, dtype or self.dtype, self.seed)


@export("compat.v1.random_uniform_initializer", "compat.v1.initializers.random_uniform")
class random_uniform_initializer(_Random):
    def __init__(self, minval=-0.05, maxval=0.05, seed=None, dtype=_dt.float32):
        super().__init__(minval, maxval, seed, dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        from ..ops.random import uniform
        return uniform(shape, self.a, self.b, dtype or self.dtype, self.seed)


@export("compat.v1.glorot_uniform_initializer", "compat.v1.initializers.glorot_uniform")
class glorot_uniform_initializer(_Initializer):
    def __init__(self, seed=None, dtype=_dt.float32):
        self.seed, self.dtype = seed, _dt.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        from ..ops.random import uniform
        dims = list(TensorShape(shape)._dims)
        rf = int(np.prod(dims[:-2])) if len(dims) > 2 else 1
        fan_in = dims[-2] * rf if len(dims) > 1 else (dims[0] if dims else 1)
        fan_out = dims[-1] * rf if dims else 1
        limit = math.sqrt(6.0 / max(1.0, float(fan_in + fan_out)))
        return uniform(shape, -limit, limit, dtype or self.dtype, self.seed)


# -- scopes ---------------------------------------------------------------------------------------
class VariableScope:
    """What ``variable_scope`` yields: its name, reuse mode and default initializer."""

    def __init__(self, name, reuse, initializer, dtype):
        self.name = name
        self.reuse = reuse
        self.initializer = initializer
        self.dtype = dtype
        self.original_name_scope = name + "/" if name else ""

    def reuse_variables(self):
        self.reuse = True

    def __repr__(self):
        return "<VariableScope %r>" % self.name


def _current(tracer):
    return tracer.var_scopes[-1] if tracer.var_scopes else VariableScope("", False, None, None)


@export("compat.v1.variable_scope")
class variable_scope:
    """``with tf.compat.v1.variable_scope(name, reuse=...)``: a prefix for get_variable's names
    (and a name scope for the ops inside)."""

    def __init__(self, name_or_scope, default_name=None, values=None, initializer=None,
                 regularizer=None, caching_device=None, partitioner=None, custom_getter=None,
                 reuse=None, dtype=None, use_resource=None, constraint=None,
                 auxiliary_name_scope=True):
        if name_or_scope is None and default_name is None:
            raise TypeError("If default_name is None then name_or_scope is required")
        self._name = name_or_scope
        self._default = default_name
        self._reuse = reuse
        self._initializer = initializer
        self._dtype = dtype
        self._ns = None

    def __enter__(self):
        tracer = graph_tracer()
        if tracer is None:
            raise RuntimeError("eagerflow: tf.compat.v1.variable_scope needs graph mode (a "
                               "tf.Graph().as_default() block or disable_eager_execution())")
        parent = _current(tracer)
        name = self._name
        if isinstance(name, VariableScope):
            full = name.name
            ns_name = full + "/"
        else:
            if name is None:
                name = tracer.graph.unique_name(
                    (parent.name + "/" if parent.name else "") + self._default).rpartition("/")[2]
            full = (parent.name + "/" if parent.name else "") + name
            ns_name = name
        reuse = self._reuse
        if reuse is None or reuse is False:
            reuse = parent.reuse if parent.reuse else (reuse or False)
        scope = VariableScope(full, reuse, self._initializer or parent.initializer,
                              self._dtype or parent.dtype)
        tracer.var_scopes.append(scope)
        self._tracer = tracer
        self._ns = tracer.name_scope(ns_name)
        self._ns.__enter__()
        return scope

    def __exit__(self, *exc):
        self._ns.__exit__(*exc)
        self._tracer.var_scopes.pop()
        return False


@export("compat.v1.get_variable_scope")
def get_variable_scope():
    tracer = graph_tracer()
    return _current(tracer) if tracer is not None else VariableScope("", False, None, None)


@export("compat.v1.get_variable")
def get_variable(name, shape=None, dtype=None, initializer=None, regularizer=None,
                 trainable=None, collections=None, caching_device=None, partitioner=None,
                 validate_shape=True, use_resource=None, custom_getter=None, constraint=None,
                 synchronization=None, aggregation=None):
    """The variable ``<scope>/<name>``: created (reuse False or AUTO_REUSE) or shared (reuse True
    or AUTO_REUSE), with TF1's errors for the other cases."""
    tracer = graph_tracer()
    if tracer is None:
        raise RuntimeError("eagerflow: tf.compat.v1.get_variable needs graph mode")
    scope = _current(tracer)
    full = (scope.name + "/" if scope.name else "") + name
    store = get_default_graph().var_store
    found = store.get(full)
    if found is not None:
        if scope.reuse is False:
            raise ValueError("Variable %s already exists, disallowed. Did you mean to set "
                             "reuse=True or reuse=tf.AUTO_REUSE in VarScope?" % full)
        if shape is not None and not TensorShape(shape).is_compatible_with(found.shape):
            raise ValueError("Trying to share variable %s, but specified shape %s and found shape "
                             "%s." % (full, TensorShape(shape), found.shape))
        return found
    if scope.reuse is True:
        raise ValueError("Variable %s does not exist, or was not created with tf.get_variable(). "
                         "Did you mean to set reuse=tf.AUTO_REUSE in VarScope?" % full)
    dtype = _dt.as_dtype(dtype or scope.dtype or _dt.float32)
    init = initializer if initializer is not None else scope.initializer
    if isinstance(init, (Tensor, VariableBase, np.ndarray, list, float, int)) and \
            not callable(init):
        if shape is not None and isinstance(init, (Tensor, VariableBase)):
            raise ValueError("If initializer is a constant, do not specify shape.")
        value = init
    else:
        if shape is None:
            raise ValueError("Shape of a new variable (%s) must be fully defined, but instead was "
                             "%s." % (full, TensorShape(shape)))
        if init is None:
            init = glorot_uniform_initializer() if dtype.is_floating else zeros_initializer()
        saved = tracer.prefix
        tracer.prefix = full + "/Initializer/"
        try:
            value = init(shape, dtype=dtype)
        finally:
            tracer.prefix = saved
    saved = tracer.prefix
    tracer.prefix = ""
    try:
        var = Variable(value, trainable=True if trainable is None else trainable, name=full,
                       dtype=dtype)
    finally:
        tracer.prefix = saved
    store[full] = var
    return var
