"""Op table rows for creation ops (ops/creation_ops.py): zeros, ones, fill, eye, range, linspace.

Most take no tensor argument: ``make`` returns no arrays and the static arguments go in kwargs.
"""
import numpy as np

from .case import OpCase


def _none(rng, shapes, dtype):
    return []


def _fn(expr):
    return lambda tf: (lambda *a, **k: expr(tf, *a, **k))


def _range_ref(start, limit, delta, dtype):
    n = int(np.ceil((limit - start) / delta))
    return (np.float64(start) + np.arange(n) * delta).astype(dtype)


CASES = [
    OpCase("zeros", lambda shape: np.zeros(shape, np.float32), 0, ("float32",), ((),),
           make=_none, kwargs={"shape": [2, 3]}, grad=False, prims=("Zeros",)),
    OpCase("zeros(int32)", lambda: np.zeros((3,), np.int32), 0, ("int32",), ((),), make=_none,
           fn=_fn(lambda tf: tf.zeros(3, tf.int32)), grad=False),
    OpCase("ones", lambda shape: np.ones(shape, np.float32), 0, ("float32",), ((),), make=_none,
           kwargs={"shape": (2, 0, 1)}, grad=False, prims=("Ones",)),
    OpCase("ones(float64)", lambda: np.ones((2, 2)), 0, ("float64",), ((),), make=_none,
           fn=_fn(lambda tf: tf.ones(tf.constant([2, 2]), dtype=tf.float64)), grad=False),
    OpCase("fill", lambda v: np.full((2, 3), v), 1, ("float32", "float64", "int32"), (((),),),
           fn=_fn(lambda tf, v: tf.fill([2, 3], v)), prims=("Fill",)),
    OpCase("eye", lambda: np.eye(3, dtype=np.float32), 0, ("float32",), ((),), make=_none,
           fn=_fn(lambda tf: tf.eye(3)), grad=False, prims=("Eye",)),
    OpCase("linalg.eye", lambda: np.broadcast_to(np.eye(2, 3), (4, 2, 3)).astype(np.int32), 0,
           ("int32",), ((),), make=_none,
           fn=_fn(lambda tf: tf.linalg.eye(2, 3, batch_shape=[4], dtype=tf.int32)), grad=False),
    OpCase("range", lambda: np.arange(5, dtype=np.int32), 0, ("int32",), ((),), make=_none,
           fn=_fn(lambda tf: tf.range(5)), grad=False, prims=("Range",)),
    OpCase("range(int64)", lambda: np.arange(10, 2, -3, dtype=np.int64), 0, ("int64",), ((),),
           make=_none, fn=_fn(lambda tf: tf.range(10, 2, -3, dtype=tf.int64)), grad=False),
    OpCase("range(float32)", lambda: _range_ref(0.0, 1.0, 0.1, np.float32), 0, ("float32",),
           ((),), make=_none, fn=_fn(lambda tf: tf.range(0, 1, 0.1)), grad=False),
    OpCase("range(float64)", lambda: _range_ref(1.0, 2.0, 0.25, np.float64), 0, ("float64",),
           ((),), make=_none, fn=_fn(lambda tf: tf.range(1, 2, 0.25, dtype=tf.float64)),
           grad=False),
    OpCase("zeros_like", lambda x: np.zeros_like(x), 1, ("float32", "int32"), (((2, 3),),),
           fn=_fn(lambda tf, x: tf.zeros_like(x)), grad=False, prims=("ZerosLike",)),
    OpCase("ones_like", lambda x: np.ones_like(x), 1, ("float32", "int32"), (((2, 3),),),
           fn=_fn(lambda tf, x: tf.ones_like(x)), grad=False, prims=("OnesLike",)),
    OpCase("linspace", lambda a, b: np.linspace(a, b, 5), 2, ("float32", "float64"),
           (((), ()), ((3,), (3,)), ((2,), ())), fn=_fn(lambda tf, a, b: tf.linspace(a, b, 5)),
           grad_args=(0, 1), prims=("LinSpace",)),
    OpCase("linspace(axis=-1)", lambda a, b: np.linspace(a, b, 4, axis=-1), 2,
           ("float32", "float64"), (((2, 3), (2, 3)),),
           fn=_fn(lambda tf, a, b: tf.linspace(a, b, 4, axis=-1)), grad_args=(0, 1)),
]
