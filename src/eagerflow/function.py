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

    @staticmethod
    def list_logical_devices(device_type=None):
        out = []
        for dev in config.list_physical_devices(device_type):
            kind = dev.device_type
            n = len(config._virtual.get(dev.name, ())) or 1
            first = sum(1 for d in out if d.device_type == kind)
            out += [LogicalDevice("/device:%s:%d" % (kind, first + k), kind) for k in range(n)]
        return out

    _virtual = {}  # physical device name -> its LogicalDeviceConfigurations

    class experimental:
        @staticmethod
        def set_virtual_device_configuration(device, logical_devices):
            """Splits a physical device into logical ones (tf.distribute's replicas)."""
            config._virtual[device.name] = list(logical_devices)

        @staticmethod
        def get_virtual_device_configuration(device):
            return list(config._virtual.get(device.name, [])) or None

        VirtualDeviceConfiguration = None  # set below: LogicalDeviceConfiguration

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
        return "%s(name='%s', device_type='%s')" % ((type(self).__name__,) + tuple(self))


class LogicalDevice(PhysicalDevice):
    pass


class LogicalDeviceConfiguration(tuple):
    def __new__(cls, memory_limit=None, experimental_priority=None,
                experimental_device_ordinal=None):
        return tuple.__new__(cls, (memory_limit, experimental_priority,
                                   experimental_device_ordinal))

    memory_limit = property(lambda self: self[0])

    def __repr__(self):
        return ("LogicalDeviceConfiguration(memory_limit=%r, experimental_priority=%r, "
                "experimental_device_ordinal=%r)" % tuple(self))


config.LogicalDeviceConfiguration = LogicalDeviceConfiguration
config.experimental.VirtualDeviceConfiguration = LogicalDeviceConfiguration
config.set_logical_device_configuration = config.experimental.set_virtual_device_configuration
config.get_logical_device_configuration = config.experimental.get_virtual_device_configuration
