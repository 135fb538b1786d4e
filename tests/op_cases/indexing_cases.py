"""Op table rows for indexing (ops/indexing.py): strided slices, boolean masks, one-argument where."""
import numpy as np

from .case import OpCase

F = ("float32", "float64")


def _masked(rng, shapes, dtype):
    x = rng.uniform(-3, 3, size=shapes[0]).astype(dtype)
    return [x]


_MASK = np.array([True, False, True])

CASES = [
    OpCase("getitem[1:, ::2]", lambda x: x[1:, ::2], 1, F + ("int32",), (((3, 5),), ((4, 4, 2),)),
           fn=lambda tf: lambda x: x[1:, ::2], prims=("StridedSlice", "StridedSliceGrad"),
           note="the gradient runs StridedSliceGrad"),
    OpCase("getitem[..., newaxis, -1]", lambda x: x[..., None, -1], 1, F, (((2, 3),), ((2, 3, 4),)),
           fn=lambda tf: lambda x: x[..., tf.newaxis, -1]),
    OpCase("boolean_mask", lambda x: x[_MASK], 1, F, (((3,),), ((3, 2),)),
           fn=lambda tf: lambda x: tf.boolean_mask(x, _MASK), prims=("BooleanMask", "BooleanMaskGrad"),
           note="the gradient runs BooleanMaskGrad"),
    OpCase("getitem[mask]", lambda x: x[x > 0], 1, F, (((7,),), ((2, 3),)),
           fn=lambda tf: lambda x: x[x > 0]),
    OpCase("where(cond)", lambda c: np.argwhere(c), 1, ("bool",), (((3, 4),), ((5,),)),
           make=lambda r, s, d: [r.uniform(size=s[0]) > 0.5], out_dtype="int64", grad=False,
           fn=lambda tf: lambda c: tf.where(c), prims=("Where",)),
]
