"""Gradient checking: theoretical (reverse-mode) vs numerical (central difference) Jacobians.

``compute_gradient(f, x, delta=None)`` is ``tf.test.compute_gradient``: ``x`` is a list of arguments
of ``f``; it returns ``(theoretical, numerical)``, two tuples with one ``[y_size, x_size]`` ndarray
per argument (row k: the derivatives of the k-th element of ``f(*x)``).
"""
import numpy as np

from ..tensor import Tensor, convert_to_tensor, wrap
from .gradient_tape import GradientTape

__all__ = ["compute_gradient", "max_error"]


def _value(f, xs):
    y = convert_to_tensor(f(*xs))
    if not (y.dtype.is_floating or y.dtype.is_complex):
        raise AssertionError("Cannot compute gradient for unsupported type %s of y" % y.dtype.name)
    return y


def _theoretical(f, xs, i, y):
    x = xs[i]
    n_y, n_x = y._v.size, x._v.size
    jac = np.zeros((n_y, n_x), dtype=x._v.dtype)
    for k in range(n_y):
        seed = np.zeros(n_y, y._v.dtype)
        seed[k] = 1
        with GradientTape() as tape:
            tape.watch(x)
            out = convert_to_tensor(f(*xs))
        g = tape.gradient(out, x, output_gradients=wrap(seed.reshape(y._v.shape)))
        if g is not None:  # (IndexedSlices, a gather's gradient, as the dense tensor)
            jac[k] = np.asarray(convert_to_tensor(g)._v).reshape(-1)
    return jac


def _numerical(f, xs, i, y, delta):
    x = xs[i]
    base = x._v
    n_y, n_x = y._v.size, base.size
    jac = np.zeros((n_y, n_x), dtype=base.dtype)
    flat = base.reshape(-1)
    for j in range(n_x):
        vals = []
        for step in (delta, -delta):
            pert = flat.copy()
            pert[j] = pert[j] + step
            args = list(xs)
            args[i] = wrap(pert.reshape(base.shape))
            vals.append(np.asarray(convert_to_tensor(f(*args))._v, dtype=np.float64).reshape(-1))
        jac[:, j] = (vals[0] - vals[1]) / (2 * delta)
    return jac


def compute_gradient(f, x, delta=None):
    """Theoretical and numerical Jacobians of ``f`` w.r.t. each argument in the list ``x``."""
    if not isinstance(x, (list, tuple)):
        raise ValueError("`x` must be a list or tuple of values convertible to a Tensor "
                         "(arguments to `f`), not a %s" % type(x))
    if delta is None:
        delta = 1.0 / 1024  # exactly representable: less rounding noise in the difference
    xs = [v if isinstance(v, Tensor) else convert_to_tensor(v) for v in x]
    y = _value(f, xs)
    theoretical = tuple(_theoretical(f, xs, i, y) for i in range(len(xs)))
    numerical = tuple(_numerical(f, xs, i, y, delta) for i in range(len(xs)))
    return theoretical, numerical


def max_error(grad1, grad2):
    """The largest absolute difference between two lists of Jacobians."""
    err = 0.0
    for a, b in zip(grad1, grad2):
        if np.size(a):
            err = max(err, float(np.max(np.abs(np.asarray(a, np.float64) -
                                               np.asarray(b, np.float64)))))
    return err
