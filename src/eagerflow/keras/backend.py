"""keras.backend (minimal): float type and epsilon settings, per-process layer-name counters,
the name scopes that give variables their ``path``, dtype policies and ``keras.Variable``.

A Keras variable is an eagerflow ``tf.Variable`` (so tapes, optimizers and ``assign`` work on it
directly) whose ``name`` is Keras 3's short name ("kernel") and whose ``path`` is the name scope it
was created in ("dense/kernel"); the underlying TF name is the path ("dense/kernel:0").
"""
import contextlib
import re
import threading
import weakref

import numpy as np

import eagerflow as tf
from eagerflow.variables import ResourceVariable

_CONFIG = {"floatx": "float32", "epsilon": 1e-7, "image_data_format": "channels_last"}
_NAME_UIDS = {}      # prefix -> how many objects took it ("dense", then "dense_1", ...)
_SCOPES = []         # the open name scopes, outermost first
_AUTOCAST = threading.local()  # .dtype: what float variables read as inside a layer's call


@contextlib.contextmanager
def autocast_scope(dtype):
    """Inside, float Keras variables (autocast=True) read as ``dtype`` (mixed precision)."""
    was = getattr(_AUTOCAST, "dtype", None)
    _AUTOCAST.dtype = dtype
    try:
        yield
    finally:
        _AUTOCAST.dtype = was


def floatx():
    """The default float type of weights and inputs, as a string ("float32")."""
    return _CONFIG["floatx"]


def set_floatx(value):
    accepted = {"bfloat16", "float16", "float32", "float64"}
    if value not in accepted:
        raise ValueError("Unknown `floatx` value: %s. Expected one of %s" % (value, accepted))
    _CONFIG["floatx"] = str(value)


def epsilon():
    return _CONFIG["epsilon"]


def set_epsilon(value):
    _CONFIG["epsilon"] = value


def image_data_format():
    return _CONFIG["image_data_format"]


def set_image_data_format(data_format):
    if data_format not in ("channels_first", "channels_last"):
        raise ValueError("The `data_format` argument must be one of {'channels_first', "
                         "'channels_last'}. Received: data_format=%s" % (data_format,))
    _CONFIG["image_data_format"] = data_format


def clear_session(free_memory=True):
    """Forget the layer-name counters (the next Dense is "dense" again)."""
    _NAME_UIDS.clear()
    del _SCOPES[:]


def to_snake_case(name):
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    name = re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()
    return name if name[0] != "_" else "private" + name


def unique_name(prefix):
    """Keras 3's auto names: "dense", "dense_1", "dense_2" ... per prefix, per process."""
    n = _NAME_UIDS.get(prefix, 0)
    _NAME_UIDS[prefix] = n + 1
    return prefix if n == 0 else "%s_%d" % (prefix, n)


@contextlib.contextmanager
def name_scope(name):
    """Variables created inside get ``path`` = the open scopes joined by "/" plus their name.
    Re-entering the scope that is already innermost (a layer building inside its own call) adds
    nothing."""
    if _SCOPES and _SCOPES[-1] == name:
        yield
        return
    _SCOPES.append(name)
    try:
        yield
    finally:
        _SCOPES.pop()


def current_path():
    return "/".join(_SCOPES)


def standardize_dtype(dtype):
    """A dtype (string, tf.DType, NumPy type or None -> floatx) as Keras' string name."""
    if dtype is None:
        return floatx()
    if isinstance(dtype, str):
        return "float32" if dtype == "float" else ("int64" if dtype == "int" else dtype)
    if hasattr(dtype, "name") and not isinstance(dtype, type):
        return dtype.name
    return tf.as_dtype(dtype).name


def is_float_dtype(dtype):
    return standardize_dtype(dtype) in ("float16", "bfloat16", "float32", "float64")


class DTypePolicy:
    """A layer's dtypes: ``compute_dtype`` (what call computes in) and ``variable_dtype``
    (what weights are stored in); "mixed_float16" computes in float16 over float32 weights."""

    def __init__(self, name=None):
        name = floatx() if name is None else name
        if name in ("mixed_float16", "mixed_bfloat16"):
            self._compute, self._variable = name[6:], "float32"
        else:
            self._compute = self._variable = standardize_dtype(name)
        self._name = name

    name = property(lambda self: self._name)
    compute_dtype = property(lambda self: self._compute)
    variable_dtype = property(lambda self: self._variable)

    def get_config(self):
        return {"name": self._name}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return '<DTypePolicy "%s">' % self._name

    def __eq__(self, other):
        return isinstance(other, DTypePolicy) and other._name == self._name

    __hash__ = object.__hash__


def dtype_policy(dtype):
    """A DTypePolicy from what a layer's ``dtype`` argument accepts (None, a name, a tf.DType,
    a policy or its serialized dict)."""
    if isinstance(dtype, DTypePolicy):
        return dtype
    if isinstance(dtype, dict):
        return DTypePolicy(**dtype.get("config", {}))
    return DTypePolicy(None if dtype is None else standardize_dtype(dtype))


class Variable(ResourceVariable):
    """``keras.Variable(initializer, shape, dtype, trainable, name)``: a tf.Variable with Keras 3's
    ``name`` (short) and ``path`` (scoped)."""

    def __init__(self, initializer, shape=None, dtype=None, trainable=True, autocast=True,
                 aggregation="none", synchronization="auto", name=None, regularizer=None,
                 constraint=None):
        name = "variable" if name is None else name
        if not isinstance(name, str) or "/" in name:
            raise ValueError("Argument `name` must be a string and cannot contain character `/`. "
                             "Received: name=%s" % (name,))
        if callable(initializer):
            if shape is None:
                raise ValueError("When creating a Variable from an initializer, the `shape` "
                                 "argument should be specified. Received: initializer=%s and "
                                 "shape=%s" % (initializer, shape))
            value = initializer(tuple(shape), dtype=standardize_dtype(dtype))
        else:
            value = initializer
        scope = current_path()
        path = scope + "/" + name if scope else name
        super().__init__(value, trainable=trainable, name=path,
                         dtype=None if dtype is None else standardize_dtype(dtype))
        self._keras_name, self._path = name, path
        self.regularizer, self._keras_constraint = regularizer, constraint
        self.autocast = autocast

    def _read(self):
        value = ResourceVariable._read(self)
        cast_to = _AUTOCAST.dtype if _AUTOCAST.__dict__ else None
        if cast_to is not None and self.autocast and value.dtype.is_floating and \
                value.dtype.name != cast_to:
            return tf.cast(value, cast_to)
        return value

    name = property(lambda self: self._keras_name)
    path = property(lambda self: self._path)
    constraint = property(lambda self: self._keras_constraint)

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        self._trainable = bool(value)
        self._handle.trainable = bool(value)

    def __repr__(self):
        return "<Variable path=%s, shape=%s, dtype=%s, value=%s>" % (
            self._path, tuple(self.shape.as_list()), self.dtype.name, self.numpy())

    __str__ = __repr__


def is_keras_tensor(x):
    from .layers.keras_tensor import KerasTensor
    return isinstance(x, KerasTensor)


def int_shape(x):
    return tuple(x.shape)


def get_uid(prefix=""):
    n = _NAME_UIDS.get(prefix, 0) + 1
    _NAME_UIDS[prefix] = n
    return n


def set_random_seed(seed):
    tf.random.set_seed(seed)
    np.random.seed(seed)


_MASKS = {}  # id(tensor) -> (weak reference to the tensor, its mask)


def set_keras_mask(x, mask):
    """Attaches a mask to a tensor (what Keras keeps in ``x._keras_mask``); None removes it."""
    key = id(x)
    if mask is None:
        _MASKS.pop(key, None)
        return
    try:
        ref = weakref.ref(x, lambda _, key=key: _MASKS.pop(key, None))
    except TypeError:
        return
    _MASKS[key] = (ref, mask)


def get_keras_mask(x):
    """The mask a masking layer attached to ``x`` (None when there is none)."""
    entry = _MASKS.get(id(x))
    if entry is None or entry[0]() is not x:
        return None
    return entry[1]
