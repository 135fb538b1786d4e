"""tf.config and executing_eagerly(); tf.function itself is the graphs package (eagerflow/graph)."""
from .engine import device as _device
from .engine.primitive import current_tracer
from .graph.function import run_functions_eagerly as _run_eagerly, functions_run_eagerly as _eagerly

__all__ = ["executing_eagerly", "config"]


def executing_eagerly():
    """True, except inside a function being traced into a graph."""
    return current_tracer() is None


class config:
    """tf.config: the settings eager code touches; the devices are the host's CPU and the GPUs
    CuPy sees (engine/device.py)."""

    run_functions_eagerly = staticmethod(_run_eagerly)
    functions_run_eagerly = staticmethod(_eagerly)

    @staticmethod
    def list_physical_devices(device_type=None):
        out = [PhysicalDevice("/physical_device:CPU:0", "CPU")] if device_type in (None, "CPU") \
            else []
        if device_type in (None, "GPU"):
            gpu = _device.gpu()  # (imports CuPy: only when GPUs are asked for)
            for k in range(gpu.count if gpu is not None else 0):
                out.append(PhysicalDevice("/physical_device:GPU:%d" % k, "GPU"))
        return out

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
