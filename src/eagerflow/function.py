"""tf.function and tf.config: eager stand-ins with TF's observable tracing behaviour.

eagerflow has no graphs. ``tf.function`` keeps a trace cache keyed like TF's (dtype and shape of
tensor arguments, the value of Python arguments); the first call for a new key runs with
``executing_eagerly()`` False, as a TF trace does. Every call then runs the Python body eagerly, so
Python side effects (print, list appends) happen on every call rather than once per trace; that is
listed under "Differences from TensorFlow" in the README.
"""
import functools

from .tensor import Tensor, VariableBase

__all__ = ["function"]


class _Eager:
    tracing = 0
    run_eagerly = False


def executing_eagerly():
    """True, except while a tf.function traces a new input signature."""
    return not _Eager.tracing or _Eager.run_eagerly


def _key(x):
    if isinstance(x, Tensor):
        return ("T", x.dtype.name, x._v.shape)
    if isinstance(x, VariableBase):
        return ("V", id(x))
    if isinstance(x, (list, tuple)):
        return (type(x).__name__,) + tuple(_key(y) for y in x)
    if isinstance(x, dict):
        return ("d",) + tuple((k, _key(v)) for k, v in sorted(x.items(), key=repr))
    try:
        hash(x)
        return ("P", type(x).__name__, x)
    except TypeError:
        return ("O", id(x))


class Function:
    """What ``tf.function`` returns: callable, with a per-signature trace count."""

    def __init__(self, python_function, input_signature=None, jit_compile=None, reduce_retracing=False,
                 autograph=True, name=None):
        self.python_function = python_function
        self.input_signature = input_signature
        self._traces = set()
        functools.update_wrapper(self, python_function)

    def __call__(self, *args, **kwargs):
        key = (_key(args), _key(kwargs))
        if key in self._traces:
            return self.python_function(*args, **kwargs)
        self._traces.add(key)
        _Eager.tracing += 1
        try:
            return self.python_function(*args, **kwargs)
        finally:
            _Eager.tracing -= 1

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return functools.partial(self.__call__, obj)

    def experimental_get_tracing_count(self):
        return len(self._traces)

    def get_concrete_function(self, *args, **kwargs):
        return self


def function(func=None, input_signature=None, autograph=True, jit_compile=None,
             reduce_retracing=False, experimental_implements=None, experimental_autograph_options=None,
             experimental_attributes=None, experimental_relax_shapes=None,
             experimental_compile=None, experimental_follow_type_hints=None, name=None):
    """Decorator form and call form of ``tf.function`` (runs eagerly; see the module docstring)."""
    if func is None:
        return lambda f: Function(f, input_signature)
    return Function(func, input_signature)


class config:
    """tf.config: the settings eager code touches (everything runs on one CPU)."""

    @staticmethod
    def run_functions_eagerly(run_eagerly):
        _Eager.run_eagerly = bool(run_eagerly)

    @staticmethod
    def functions_run_eagerly():
        return _Eager.run_eagerly

    @staticmethod
    def list_physical_devices(device_type=None):
        if device_type in (None, "CPU"):
            return [PhysicalDevice("/physical_device:CPU:0", "CPU")]
        return []

    list_logical_devices = list_physical_devices

    class threading:
        _intra = 0
        _inter = 0

        @staticmethod
        def set_intra_op_parallelism_threads(n):
            config.threading._intra = n

        @staticmethod
        def get_intra_op_parallelism_threads():
            return config.threading._intra

        @staticmethod
        def set_inter_op_parallelism_threads(n):
            config.threading._inter = n

        @staticmethod
        def get_inter_op_parallelism_threads():
            return config.threading._inter


class PhysicalDevice(tuple):
    def __new__(cls, name, device_type):
        return tuple.__new__(cls, (name, device_type))

    name = property(lambda self: self[0])
    device_type = property(lambda self: self[1])

    def __repr__(self):
        return "PhysicalDevice(name='%s', device_type='%s')" % self
