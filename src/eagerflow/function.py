"""tf.config and executing_eagerly(); tf.function itself is the graphs package (eagerflow/graph)."""
from .engine.primitive import current_tracer
from .graph.function import run_functions_eagerly as _run_eagerly, functions_run_eagerly as _eagerly

__all__ = ["executing_eagerly", "config"]


def executing_eagerly():
    """True, except inside a function being traced into a graph."""
    return current_tracer() is None


class config:
    """tf.config: the settings eager code touches (everything runs on one CPU)."""

    run_functions_eagerly = staticmethod(_run_eagerly)
    functions_run_eagerly = staticmethod(_eagerly)

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
