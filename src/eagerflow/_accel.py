"""The optional C accelerator (``_speedups``), or nothing: pure Python works the same without it.

``tensor.py`` takes ``TensorBase`` as the base class of ``Tensor`` (``object`` when the extension is
absent, fails to load, does not match NumPy's array layout, or ``EAGERFLOW_NO_ACCEL=1`` is set);
``autodiff/primitive.py`` takes ``STATE`` (the tape counter, readable from C); ``ops/operators.py``
leaves the operators in ``C_OPERATORS`` off ``Tensor`` and calls ``activate`` once ``OPERATORS``
exists. The C slots then run the common case of those operators themselves (same-dtype Tensors, or a
Tensor and a Python int/float, exactly where the Python operator's own fast path applies and no tape
is recording) and call the Python operator for everything else, so TF semantics live in one place.

This module must not import other eagerflow modules at import time (tensor.py imports it first).
"""
import os

__all__ = ["ENABLED", "ACTIVE", "TensorBase", "STATE", "C_OPERATORS", "activate",
           "operator_function", "QUIET"]

# the operators whose Python functions must NOT be set on Tensor when the C slots are on (defining
# either ``__add__`` or ``__radd__`` on a class replaces its C ``nb_add`` slot)
C_OPERATORS = frozenset([
    "__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__",
    "__truediv__", "__rtruediv__",
    "__lt__", "__le__", "__gt__", "__ge__", "__eq__", "__ne__",
])


def _load():
    if os.environ.get("EAGERFLOW_NO_ACCEL", "") not in ("", "0"):
        return None
    try:
        from . import _speedups as C
    except Exception:  # absent (no compiler at install), or built for another Python
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


_C = _load()
ENABLED = _C is not None
ACTIVE = False  # True once activate() registered the fast paths
TensorBase = _C.TensorBase if ENABLED else object
STATE = _C.STATE if ENABLED else None


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


def _ordered(dtypes):
    """A tuple with the common dtypes first (C scans it by identity)."""
    if dtypes is None:
        return None
    import numpy as np
    first = [np.dtype(t) for t in (np.float32, np.float64, np.int32, np.int64, np.bool_)]
    return tuple([d for d in first if d in dtypes] + [d for d in dtypes if d not in first])


def _errstate_ignore(C):
    """Hands C NumPy's errstate context variable and its all-ignore value; False if not found."""
    import numpy as np
    try:
        from numpy._core import _ufunc_config as uc
        var = uc._extobj_contextvar
        with np.errstate(all="ignore"):
            ignore = var.get()
        C.set_errstate(var, ignore)
        return True
    except Exception:  # another NumPy layout: the Python forward (slower, same result) is used
        return False


def activate(tensor_cls, operators):
    """Registers the Python operators (``OPERATORS`` of ops/operators.py) as the C slots' fallbacks
    and, when every assumption holds, the fast paths. Returns True when the fast paths are on."""
    global ACTIVE
    if not ENABLED:
        return False
    import operator
    import numpy as np
    from .autodiff import primitive as P
    from .ops import math_ops as m
    from . import dtypes as _dt

    C = _C
    C.configure(tensor_cls, np.ndarray, np.asarray)
    # the fast paths skip recording only if the engine counts tapes in C's STATE
    fast = P.STATE is C.STATE
    if fast:
        C.set_state(P.STATE)
    num = P.INEXACT | P.INT_TYPES

    if fast:
        # what the single-tape recording path in C needs (it mirrors tape.record's fast path)
        C.set_record_info({}, _ordered(P.DIFFERENTIABLE))

    def reg(op, name, rname, prim, kernel, allowed, int_ok, float_ok, check_tape, same_shape=False,
            record=False, reflect=False):
        if not fast:
            allowed = int_ok = float_ok = None
            record = reflect = False
        C.register_op(op, operators[name], operators[rname] if rname else None, kernel,
                      prim.fwd if prim is not None else None, _ordered(allowed), _ordered(int_ok),
                      _ordered(float_ok), check_tape, same_shape, prim if record else None,
                      reflect)

    kernels = {operator.add: C.K_ADD, operator.sub: C.K_SUB, operator.mul: C.K_MUL}
    # ``_forward`` of operators.py: same-dtype tensors in prim.dtypes (recorded as ``prim`` on a
    # tape); int with dtypes & (int|inexact); float with dtypes & inexact; no tape.
    # ``_reflected``: ``number OP tensor`` converts the number strictly to the tensor's dtype, which
    # for these int/float cases is what NumPy's ``number OP array`` does (no tape)
    for op, name, prim in ((C.OP_ADD, "add", m._add), (C.OP_SUB, "sub", m._sub),
                           (C.OP_MUL, "mul", m._mul)):
        d = prim.dtypes
        k = kernels.get(prim.fwd, C.K_CALL)
        reg(op, "__%s__" % name, "__r%s__" % name, prim, k, d, d & num, d & P.INEXACT, True,
            record=True, reflect=k != C.K_CALL)
    # ``_truediv``: only same-dtype inexact tensors take ``_div_fast`` (= _forward of RealDiv, whose
    # forward for inexact dtypes is ``x / y`` under ``np.errstate(all="ignore")``)
    quiet = _errstate_ignore(C)
    reg(C.OP_TRUEDIV, "__truediv__", "__rtruediv__", m._realdiv,
        C.K_TRUEDIV_QUIET if quiet else C.K_CALL, m._realdiv.dtypes & P.INEXACT, None, None, True,
        record=True)
    # ``_cmp_fast``: same-dtype tensors in prim.dtypes; int with dtypes & int; float with & inexact
    for op, name, prim, ufunc in ((C.OP_LT, "lt", m._less, np.less),
                                  (C.OP_LE, "le", m._less_equal, np.less_equal),
                                  (C.OP_GT, "gt", m._greater, np.greater),
                                  (C.OP_GE, "ge", m._greater_equal, np.greater_equal)):
        d = prim.dtypes
        k = C.K_RICHCMP if prim.fwd is ufunc else C.K_CALL  # ndarray ``<`` is exactly np.less
        reg(op, "__%s__" % name, None, prim, k, d, d & P.INT_TYPES, d & P.INEXACT, False)
    # ``_eq_fast``: ``a._v == b`` for int on int dtypes / float on inexact dtypes; ``a._v == b._v``
    # for same-dtype (any) same-shape tensors
    reg(C.OP_EQ, "__eq__", None, None, C.K_RICHCMP, frozenset(_dt.NP_TO_DTYPE), P.INT_TYPES,
        P.INEXACT, False, True)
    # ``!=``: only same-dtype same-shape tensors (then ``_ne`` is exactly NotEqual's forward)
    reg(C.OP_NE, "__ne__", None, m._not_equal,
        C.K_RICHCMP if m._not_equal.fwd is np.not_equal else C.K_CALL, m._not_equal.dtypes, None,
        None, False, True)
    ACTIVE = fast
    return fast


def operator_function(func, op):
    """``func`` (a public op such as ``tf.add`` whose body, for an exact-Tensor first argument, is
    ``return x OP y``), or with the extension a C callable that runs ``x OP y`` directly in that case
    and calls ``func`` otherwise. It forwards ``__doc__``/``__name__``/``__wrapped__`` ... to ``func``
    (``inspect.signature`` works; ``inspect.isfunction`` is False). ``op``: "+", "-" or "*"."""
    if not ENABLED:
        return func
    return _C.fast_binary_function(func, {"+": _C.OP_ADD, "-": _C.OP_SUB, "*": _C.OP_MUL}[op])
