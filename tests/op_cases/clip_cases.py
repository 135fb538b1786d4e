"""Op table rows for gradient clipping (ops/clip.py): composites, checked forward and by finite
differences like the primitives."""
import numpy as np

from .case import OpCase

F = ("float32", "float64")


def _clip_by_norm_ref(x, clip_norm, axes=None):
    norm = np.sqrt((x * x).sum(axis=axes, keepdims=True))
    return x * clip_norm / np.maximum(norm, clip_norm)


def _fn(expr):
    return lambda tf: (lambda *a: expr(tf, *a))


def _global(*xs):
    return np.sqrt(sum((x * x).sum() for x in xs))


CASES = [
    OpCase("clip_by_norm", lambda x: _clip_by_norm_ref(x, 1.5), 1, F, (((2, 3),), ((4,),)),
           fn=_fn(lambda tf, x: tf.clip_by_norm(x, 1.5))),
    OpCase("clip_by_norm(axes)", lambda x: _clip_by_norm_ref(x, 2.0, 1), 1, F, (((3, 4),),),
           fn=_fn(lambda tf, x: tf.clip_by_norm(x, 2.0, axes=[1]))),
    OpCase("clip_by_norm(no clip)", lambda x: x, 1, F, (((2, 3),),),
           fn=_fn(lambda tf, x: tf.clip_by_norm(x, 100.0))),
    OpCase("linalg.global_norm", _global, 2, F, (((2, 3), (4,)),),
           fn=_fn(lambda tf, a, b: tf.linalg.global_norm([a, None, b]))),
    OpCase("clip_by_global_norm", lambda a, b: np.concatenate(
        [a.ravel(), b.ravel()]) * 1.5 / max(_global(a, b), 1.5), 2, F, (((2, 3), (4,)),),
           fn=_fn(lambda tf, a, b: tf.concat([tf.reshape(t, [-1]) for t in
                                              tf.clip_by_global_norm([a, None, b], 1.5)[0]
                                              if t is not None], 0))),
    OpCase("clip_by_global_norm[norm]", _global, 2, F, (((2, 3), (4,)),),
           fn=_fn(lambda tf, a, b: tf.clip_by_global_norm([a, b], 1.5)[1])),
]
