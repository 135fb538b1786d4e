"""The optional C accelerator (``_speedups``), or nothing: pure Python works the same without it.

``tensor.py`` takes ``TensorBase`` as the base class of ``Tensor`` and ``engine/primitive.py`` takes
``PrimBase`` as the base of ``Primitive`` and ``State`` for its listener counts (``object`` and
None when the extension is absent, fails to load, does not match NumPy's array layout, or
``EAGERFLOW_NO_ACCEL=1`` is set). The C code runs the common case of the engine's one dispatch path
for every primitive and hands every other case to the Python path, so behaviour is identical.

This module must not import other eagerflow modules (tensor.py imports it first).
"""
import os

__all__ = ["ENABLED", "C", "TensorBase", "PrimBase", "QUIET"]


def _load():
    if os.environ.get("EAGERFLOW_NO_ACCEL", "") not in ("", "0"):
        return None
    try:
        from . import _speedups as C
    except Exception:  # absent (no compiler at install), or built for another Python
        return None
    if not hasattr(C, "PrimBase"):  # a stale build of an older version
        return None
    try:
        import numpy as np
        probes = (np.zeros((2, 3), np.float32), np.zeros((), np.int64),
                  np.zeros((4, 1, 6), np.bool_)[:, :, ::2], np.array(["a", "b"], object))
        for arr in probes:
            nd, shape, d = C.probe(arr)
            if nd != arr.ndim or shape != arr.shape or d is not arr.dtype:
                return None
    except Exception:
        return None
    return C


C = _load()
ENABLED = C is not None
TensorBase = C.TensorBase if ENABLED else object
PrimBase = C.PrimBase if ENABLED else object


def _quiet():
    """(NumPy's errstate context variable, its all-ignore value), or None on another NumPy layout.
    Setting the variable is what ``np.errstate(all="ignore")`` does, minus building the object."""
    try:
        import numpy as np
        from numpy._core import _ufunc_config as uc
        var = uc._extobj_contextvar
        with np.errstate(all="ignore"):
            ignore = var.get()
        if not hasattr(var, "set") or not hasattr(var, "reset"):
            return None
        return var, ignore
    except Exception:
        return None


QUIET = _quiet()
