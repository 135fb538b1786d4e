"""Devices: which array library holds a tensor's value, and the one seam that places ops.

A tensor's value is an array of a NumPy-compatible library: ``numpy.ndarray`` on the host (TF's
CPU:0), or a device library's array (CuPy's, on a GPU). Kernels are written with ``np.xxx``: on
device arrays NumPy hands each call to the array's own library through the protocols CuPy
implements (NEP 13 ``__array_ufunc__``, NEP 18 ``__array_function__``), so one kernel serves every
library. A kernel that must name the library itself (creation, ``asarray``) asks ``xp_of(...)``.

The seam places an eager op as TF does: on the device of the innermost ``tf.device`` scope, else
on the device of a resource it reads or writes, else on the device holding a tensor input; inputs
held elsewhere are copied there, and a host result of an op placed on a device (a random draw, a
creation kernel) is copied over. String tensors live on the host, as TF's do.

None of it runs while no device library is registered; the dispatch path's common case (host
arrays, no device scope) never calls in; CuPy is imported only when a GPU is asked for
(``tf.device("/GPU:0")``, ``tf.config.list_physical_devices``).
"""
import _thread  # threading's thread-local type, without importing threading

import numpy as np

__all__ = ["register", "unregister", "gpu", "xp_of", "host", "device_name", "Scope", "TYPES",
           "run", "to_scope", "CPU"]

CPU = "/job:localhost/replica:0/task:0/device:CPU:0"
_ndarray = np.ndarray
_OBJECT = np.dtype(object)

TYPES = {}  # device array type -> its Backend; empty while no device library is registered


class Backend:
    """A device array library: ``xp`` (its NumPy-like module: ``ndarray``, ``asarray``,
    ``asnumpy``), the kind of device it drives (TF's ``GPU``), how many devices it sees, and its
    SciPy-like ``special`` functions (erf, gammaln, digamma: host kernels loop over ``math``)."""

    __slots__ = ("xp", "kind", "count", "special")

    def __init__(self, xp, kind, count, special):
        self.xp, self.kind, self.count, self.special = xp, kind, count, special

    def index(self, a):
        return getattr(getattr(a, "device", None), "id", 0)

    def to_device(self, a, index):
        cuda = getattr(self.xp, "cuda", None)
        if cuda is None or self.count == 1:
            return self.xp.asarray(a)
        with cuda.Device(index):
            return self.xp.asarray(a)


_BACKENDS = {}  # kind -> Backend
_probed = [False]


def register(xp, kind="GPU", count=1, special=None):
    """Makes ``xp`` (CuPy, or a module with its API) the array library of ``kind`` devices."""
    b = _BACKENDS[kind] = Backend(xp, kind, count, special)
    TYPES[xp.ndarray] = b
    return b


def unregister(kind="GPU"):
    b = _BACKENDS.pop(kind, None)
    if b is not None:
        TYPES.pop(b.xp.ndarray, None)


def gpu():
    """The GPU backend: CuPy when it imports and sees a device (probed once), else None."""
    if "GPU" not in _BACKENDS and not _probed[0]:
        _probed[0] = True
        try:
            import cupy
            import cupyx.scipy.special as special
            count = cupy.cuda.runtime.getDeviceCount()
        except Exception:  # not installed, no driver, no device
            count = 0
        if count:
            register(cupy, "GPU", count, special)
    return _BACKENDS.get("GPU")


def xp_of(*arrays):
    """The array module of the first device array among ``arrays`` (NumPy when there is none)."""
    for a in arrays:
        b = TYPES.get(type(a)) if type(a) is not _ndarray else None
        if b is not None:
            return b.xp
    return np


def special_of(a):
    """The ``special`` function module of the device array ``a``'s library."""
    return TYPES[type(a)].special


def host(a):
    """``a`` on the host: a device array copied to a new ndarray, anything else as it is."""
    b = TYPES.get(type(a)) if type(a) is not _ndarray else None
    return a if b is None else b.xp.asnumpy(a)


def device_name(a):
    """TF's full name of the device holding the array ``a``."""
    b = TYPES.get(type(a)) if type(a) is not _ndarray else None
    if b is None:
        return CPU
    return "/job:localhost/replica:0/task:0/device:%s:%d" % (b.kind, b.index(a))


# -- scopes (tf.device) ----------------------------------------------------------------------------
_scopes = _thread._local()  # .stack: this thread's (backend or None, index) placements


def parse(device_name):
    """A TF device string -> (device type upper-cased or None, index), with TF's errors."""
    name = device_name
    if name is None:
        return None, 0
    if callable(name):
        raise RuntimeError("tf.device does not support functions.")
    if not isinstance(name, str):
        raise ValueError("Expecting a string device name. Got %s(%r)" % (type(name), name))
    kind = index = None
    for part in name.strip().split("/"):  # [/job:J][/replica:R][/task:T][/[device:]TYPE[:N]]
        key, _, rest = part.partition(":")
        if not part or key in ("job", "replica", "task") and rest:
            continue
        if key == "device":
            key, _, rest = rest.partition(":")
        if key.upper() not in ("CPU", "GPU", "TPU") or rest and not (rest.isdigit() or
                                                                     rest == "*"):
            raise ValueError("Unknown attribute '%s' is encountered while parsing the device "
                             "spec: '%s'." % (key or part, name))
        kind, index = key.upper(), rest
    return kind, int(index) if index and index != "*" else 0


class Scope:
    """``with tf.device(name)``: new tensors and ops placed on that device (soft placement: a GPU
    that is absent means the host, as TF places ops when no GPU kernel can run)."""

    __slots__ = ("kind", "index", "_placed")

    def __init__(self, device_name):
        self.kind, self.index = parse(device_name)
        self._placed = None

    def __enter__(self):
        kind = self.kind
        b = gpu() if kind == "GPU" else _BACKENDS.get(kind) if kind not in (None, "CPU") else None
        if kind is None:  # an empty name keeps the enclosing placement
            outer = getattr(_scopes, "stack", None)
            place = outer[-1] if outer else None
        else:
            place = (b, min(self.index, b.count - 1)) if b is not None else (None, 0)
        stack = getattr(_scopes, "stack", None)
        if stack is None:
            stack = _scopes.stack = []
        stack.append(place)
        self._placed = place is not None and place[0] is not None
        if self._placed:  # host-array ops and creation ops must leave the common case
            from .primitive import STATE
            STATE.d += 1
        return self

    def __exit__(self, *exc):
        _scopes.stack.pop()
        if self._placed:
            from .primitive import STATE
            STATE.d -= 1
        return False


def _scope():
    stack = getattr(_scopes, "stack", None)
    return stack[-1] if stack else None


def to_scope(a):
    """A new value's array on the current scope's device (tf.constant, a variable's initial
    value); ``a`` itself when the scope is the host or there is none."""
    place = _scope() if TYPES else None
    if place is None:
        return a
    b, index = place
    if b is None:
        return host(a)
    if a.dtype == _OBJECT or TYPES.get(type(a)) is b and b.index(a) == index:
        return a
    return b.to_device(host(a), index)


def _target(prim, arrays, params):
    """Where an op runs: (backend or None for the host, device index)."""
    if prim.host:
        return None, 0
    place = _scope()
    if place is None:
        h = params.get("handle") if params else None
        for a in ([h.value] if h is not None and hasattr(h, "value") else arrays):
            b = TYPES.get(type(a)) if type(a) is not _ndarray else None
            if b is not None:
                place = (b, b.index(a))
                break
        else:
            return None, 0
    if place[0] is not None:
        for a in arrays:
            if a.dtype == _OBJECT:  # strings: TF's string kernels run on the host
                return None, 0
    return place


_METHOD = type(_ndarray.reshape)
_methods = {}  # name -> the call of a device array's own method (a forward such as ndarray.reshape)


def _method(name):
    def call(a, *args):
        return getattr(a, name)(*args)
    call.__name__ = name
    return call


def run(prim, inputs, arrays, params):
    """``prim._run`` on the op's device: inputs copied there first, host results copied after."""
    b, index = _target(prim, arrays, params)
    if b is None:
        arrays = [host(a) for a in arrays]
    else:
        arrays = [a if TYPES.get(type(a)) is b and b.index(a) == index else
                  b.to_device(host(a), index) for a in arrays]
    fwd = prim.fwd
    if b is not None and type(fwd) is _METHOD and fwd.__objclass__ is _ndarray:
        fwd = _methods.get(fwd.__name__) or _methods.setdefault(fwd.__name__, _method(fwd.__name__))
    out = prim._run(inputs, arrays, params, fwd)
    if b is not None:
        for t in (out if type(out) is list else (out,)):
            v = t._v  # a tensor made just now, seen by no one but a tape
            if type(v) is _ndarray and v.dtype != _OBJECT:
                t._v = b.to_device(v, index)
    return out
