"""``tf.test``: the gradient checker (``compute_gradient``) and device queries of a CPU-only build."""
from .autodiff.gradcheck import compute_gradient

__all__ = ["compute_gradient", "is_gpu_available", "is_built_with_cuda", "gpu_device_name"]


def is_gpu_available(cuda_only=False, min_cuda_compute_capability=None):
    """eagerflow runs on the CPU only."""
    return False


def is_built_with_cuda():
    return False


def gpu_device_name():
    return ""
