"""A strict stand-in for CuPy: a "device" array module backed by NumPy on the CPU.

It behaves as CuPy does where eagerflow could go wrong without noticing on a real GPU:
- no implicit conversion to NumPy: ``np.asarray(x)`` / ``np.array(x)`` raise TypeError (CuPy's
  ``__array__``); only ``asnumpy(x)`` / ``x.get()`` copy to the host, and each copy is counted;
- no mixing with host ndarrays: a ufunc or NumPy function given both raises TypeError;
- NumPy's functions reach it through ``__array_ufunc__`` / ``__array_function__`` (NEP 13/18):
  the arrays are unwrapped, NumPy runs, the results are wrapped again (reductions give 0-d
  arrays, never scalars, as CuPy's do);
- Python scalars, ``int()``/``float()``/``bool()``/``len()``, ``.item()``/``.tolist()`` and host
  index arrays work as in CuPy (each an explicit, synchronising read).

``register()`` makes it eagerflow's GPU library through the seam CuPy takes (engine/device.py).
"""
import sys

import numpy as np
from numpy.lib.mixins import NDArrayOperatorsMixin

COPIES = {"to_host": 0, "to_device": 0}


class Device:
    """CuPy's ``x.device``: the device's index."""

    def __init__(self, id):
        self.id = id


def _refuse_host(t):
    raise TypeError("Unsupported type %s (the stand-in device array does not mix with host "
                    "arrays)" % t)


def _unwrap(x, host_ok=False):
    """ndarray (ours) -> its NumPy array, recursively through lists, tuples and dicts."""
    t = type(x)
    if t is ndarray:
        return x._a
    if t is np.ndarray and not host_ok:
        _refuse_host(t)
    if t is list or t is tuple:
        return t(_unwrap(v, host_ok) for v in x)
    if t is dict:
        return {k: _unwrap(v, host_ok) for k, v in x.items()}
    return x


def _wrap(x):
    """NumPy results -> ours (NumPy scalars become 0-d arrays, as CuPy returns)."""
    if isinstance(x, np.ndarray):
        return ndarray(x)
    if isinstance(x, np.generic) and x.dtype != object:
        return ndarray(np.asarray(x))
    if type(x) is tuple or type(x) is list:
        return type(x)(_wrap(v) for v in x)
    return x


class ndarray(NDArrayOperatorsMixin):
    """A device array: a NumPy array reached only through NumPy's protocols and explicit copies."""

    __slots__ = ("_a",)

    def __init__(self, a):
        assert type(a) is np.ndarray and a.dtype != object, "the device holds numeric arrays"
        self._a = a

    # -- the NumPy protocols ------------------------------------------------------------------
    def __array__(self, *args, **kwargs):
        raise TypeError("Implicit conversion to a NumPy array is not allowed. Please use `.get()` "
                        "to construct a NumPy array explicitly.")

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        out = getattr(ufunc, method)(*_unwrap(inputs), **_unwrap(kwargs))
        if "out" in kwargs:  # written in place: return the caller's arrays
            outs = kwargs["out"]
            return outs[0] if len(outs) == 1 else outs
        return _wrap(out)

    def __array_function__(self, func, types, args, kwargs):
        if np.ndarray in types or not all(issubclass(t, ndarray) for t in types):
            _refuse_host(next(t for t in types if not issubclass(t, ndarray)))
        return _wrap(func(*_unwrap(args), **_unwrap(kwargs)))

    # -- explicit copies and reads -------------------------------------------------------------
    def get(self):
        COPIES["to_host"] += 1
        return self._a.copy()

    def item(self):
        return self._a.item()

    def tolist(self):
        return self._a.tolist()

    def __int__(self):
        return int(self._a)

    def __float__(self):
        return float(self._a)

    def __complex__(self):
        return complex(self._a)

    def __bool__(self):
        return bool(self._a)

    def __index__(self):
        return self._a.__index__()

    def __len__(self):
        return len(self._a)

    def __iter__(self):
        return (ndarray(np.asarray(v)) for v in self._a)

    def __repr__(self):
        return repr(self._a).replace("array(", "standin.array(", 1)

    # -- attributes and methods: NumPy's, on the device ----------------------------------------
    dtype = property(lambda self: self._a.dtype)
    shape = property(lambda self: self._a.shape)
    ndim = property(lambda self: self._a.ndim)
    size = property(lambda self: self._a.size)
    itemsize = property(lambda self: self._a.itemsize)
    nbytes = property(lambda self: self._a.nbytes)
    strides = property(lambda self: self._a.strides)
    device = property(lambda self: Device(0))
    T = property(lambda self: ndarray(self._a.T))
    real = property(lambda self: ndarray(np.asarray(self._a.real)))
    imag = property(lambda self: ndarray(np.asarray(self._a.imag)))
    flat = property(lambda self: iter(self.ravel()))

    def __getattr__(self, name):
        if name.startswith("__"):  # no __array_interface__ / __array_struct__: no host view
            raise AttributeError(name)
        attr = getattr(self._a, name)  # AttributeError as NumPy's
        if not callable(attr):
            return _wrap(attr)

        def method(*args, **kwargs):
            return _wrap(attr(*_unwrap(args), **_unwrap(kwargs)))
        return method

    def __getitem__(self, key):
        return _wrap(self._a[_unwrap(key, host_ok=True)])

    def __setitem__(self, key, value):
        self._a[_unwrap(key, host_ok=True)] = _unwrap(value)

    def __copy__(self):
        return ndarray(self._a.copy())

    def __deepcopy__(self, memo):
        return ndarray(self._a.copy())

    __hash__ = None


# -- the module's API (CuPy's names) --------------------------------------------------------------
def asarray(x, dtype=None):
    """Host data -> a device array (a copy); a device array as it is (cast to ``dtype``)."""
    if type(x) is ndarray:
        return x if dtype is None or x.dtype == dtype else x.astype(dtype)
    COPIES["to_device"] += 1
    return ndarray(np.array(x, dtype=dtype))


array = asarray


def asnumpy(x):
    """A device array -> a new host ndarray (CuPy's explicit copy)."""
    return x.get() if type(x) is ndarray else np.asarray(x)


def __getattr__(name):
    """Every other NumPy function, refusing host arrays: ``zeros``, ``arange``, ``empty``..."""
    fn = getattr(np, name)
    if not callable(fn) or isinstance(fn, type):
        return fn

    def on_device(*args, **kwargs):
        return _wrap(fn(*_unwrap(args), **_unwrap(kwargs)))
    return on_device


def register():
    """Makes this module eagerflow's GPU library (the seam CuPy takes; SciPy's special functions
    are ufuncs, so they reach the stand-in through ``__array_ufunc__`` as cupyx's reach CuPy)."""
    import scipy.special
    from eagerflow.engine import device
    return device.register(sys.modules[__name__], "GPU", 1, scipy.special)


def unregister():
    from eagerflow.engine import device
    device.unregister("GPU")
