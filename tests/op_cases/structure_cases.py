"""Op table rows for the run-time checks and structure ops (ops/debugging.py, ops/functional.py):
the checks pass their input through unchanged (and its gradient), map_fn/scan/foldl loop a
function over the first dimension."""
import numpy as np

from .case import OpCase

F = ("float32", "float64")


def _fn(expr):
    return lambda tf: (lambda *a: expr(tf, *a))


CASES = [
    OpCase("ensure_shape", lambda x: x, 1, F, (((2, 3),), ((4,),)),
           fn=_fn(lambda tf, x: tf.ensure_shape(x, [None] * len(x.shape))), prims=("EnsureShape",)),
    OpCase("debugging.check_numerics", lambda x: x, 1, F, (((2, 3),),),
           fn=_fn(lambda tf, x: tf.debugging.check_numerics(x, "m")), prims=("CheckNumerics",)),
    OpCase("identity_n", lambda a, b: a * 2 + b, 2, F, (((2, 3), (2, 3)),),
           fn=_fn(lambda tf, a, b: (lambda r: r[0] * 2 + r[1])(tf.identity_n([a, b]))),
           prims=("IdentityN",)),
    OpCase("map_fn", lambda x: np.sin(x) * x, 1, F, (((3, 2),), ((4,),)),
           fn=_fn(lambda tf, x: tf.map_fn(lambda v: tf.sin(v) * v, x))),
    OpCase("scan", lambda x: np.cumprod(x, axis=0), 1, F, (((3, 2),), ((4,),)),
           fn=_fn(lambda tf, x: tf.scan(lambda a, v: a * v, x))),
    OpCase("foldl", lambda x: x.sum(axis=0) + 1.0, 1, F, (((3, 2),),),
           fn=_fn(lambda tf, x: tf.foldl(lambda a, v: a + v, x,
                                         initializer=tf.ones(x.shape[1:], x.dtype)))),
]
