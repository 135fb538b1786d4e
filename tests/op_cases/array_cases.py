"""Op table rows for shape and array ops (ops/array_ops.py)."""
import numpy as np

from .case import OpCase

F = ("float32", "float64")
FI = ("float32", "float64", "int32", "int64")


def _with_index(idx):
    """make: one random float array of the first shape plus a fixed int32 index array."""
    def make(rng, shapes, dtype):
        return [rng.uniform(-3, 3, size=shapes[0]).astype(dtype), np.asarray(idx, np.int32)]
    return make


def _fn(f):
    return lambda tf: (lambda *a: f(tf, *a))


def _gather_nd_ref(p, i):
    return p[tuple(np.moveaxis(i, -1, 0))]


def _scatter_ref(i, u, shape):
    out = np.zeros(shape, u.dtype)
    np.add.at(out, tuple(np.moveaxis(i, -1, 0)), u)
    return out


def _tsu_ref(t, i, u):
    out = t.copy()
    out[tuple(np.moveaxis(i, -1, 0))] = u
    return out


def _tsa_ref(t, i, u, op=np.add.at):
    out = t.copy()
    op(out, tuple(np.moveaxis(i, -1, 0)), u)
    return out


def _scatter_make(rng, shapes, dtype):
    return [rng.uniform(-3, 3, size=(4, 3)).astype(dtype), np.array([[1], [3], [1]], np.int32),
            rng.uniform(-3, 3, size=(3, 3)).astype(dtype)]


def _scatter_nd_make(rng, shapes, dtype):
    return [np.array([[1], [3], [1]], np.int32), rng.uniform(-3, 3, size=(3, 2)).astype(dtype)]


def _split0(x):
    return np.split(x, 3, axis=1)[0]


CASES = [
    OpCase("reshape", lambda x: x.reshape(3, 2), 1, FI, fn=_fn(lambda tf, x: tf.reshape(x, [3, -1])),
           prims=("Reshape",)),
    OpCase("broadcast_to", lambda x: np.broadcast_to(x, (4, 2, 3)), 1, FI,
           fn=_fn(lambda tf, x: tf.broadcast_to(x, [4, 2, 3])), prims=("BroadcastTo",)),
    OpCase("transpose", np.transpose, 1, FI, ((((2, 3),)), ((2, 3, 4),)), prims=("Transpose",)),
    OpCase("transpose-perm", lambda x: np.transpose(x, (1, 2, 0)), 1, FI, (((2, 3, 4),),),
           fn=_fn(lambda tf, x: tf.transpose(x, perm=[1, 2, 0]))),
    OpCase("expand_dims", lambda x: np.expand_dims(x, -1), 1, FI,
           fn=_fn(lambda tf, x: tf.expand_dims(x, -1))),
    OpCase("squeeze", np.squeeze, 1, FI, (((2, 1, 3, 1),),)),
    OpCase("squeeze-axis", lambda x: np.squeeze(x, 1), 1, FI, (((2, 1, 3, 1),),),
           fn=_fn(lambda tf, x: tf.squeeze(x, [1]))),
    OpCase("concat", lambda x, y: np.concatenate([x, y], -1), 2, FI, (((2, 3), (2, 4)),),
           fn=_fn(lambda tf, x, y: tf.concat([x, y], axis=-1)), prims=("ConcatV2",)),
    OpCase("stack", lambda x, y: np.stack([x, y], 1), 2, FI, (((2, 3), (2, 3)),),
           fn=_fn(lambda tf, x, y: tf.stack([x, y], axis=1)), prims=("Pack",)),
    OpCase("unstack", lambda x: np.stack(list(np.moveaxis(x, 1, 0))), 1, FI, (((2, 3),),),
           fn=_fn(lambda tf, x: tf.stack(tf.unstack(x, axis=1))), prims=("Unpack",)),
    OpCase("split", _split0, 1, FI, (((2, 6),),), fn=_fn(lambda tf, x: tf.split(x, 3, axis=1)[0]),
           prims=("SplitV",)),
    OpCase("split-sizes", lambda x: x[:, 1:], 1, FI, (((2, 6),),),
           fn=_fn(lambda tf, x: tf.split(x, [1, -1], axis=1)[1])),
    OpCase("tile", lambda x: np.tile(x, (2, 3)), 1, FI, fn=_fn(lambda tf, x: tf.tile(x, [2, 3])),
           prims=("Tile",)),
    OpCase("pad", lambda x: np.pad(x, ((1, 2), (0, 1)), constant_values=5), 1, FI,
           fn=_fn(lambda tf, x: tf.pad(x, [[1, 2], [0, 1]], constant_values=5)),
           prims=("PadV2", "Slice")),
    OpCase("pad-reflect", lambda x: np.pad(x, ((1, 1), (2, 2)), mode="reflect"), 1, FI,
           (((3, 4),),), fn=_fn(lambda tf, x: tf.pad(x, [[1, 1], [2, 2]], "REFLECT")),
           prims=("MirrorPad", "MirrorPadGrad")),
    OpCase("pad-symmetric", lambda x: np.pad(x, ((2, 1), (0, 3)), mode="symmetric"), 1, FI,
           (((3, 4),),), fn=_fn(lambda tf, x: tf.pad(x, [[2, 1], [0, 3]], "SYMMETRIC"))),
    OpCase("slice", lambda x: x[1:, 0:2], 1, FI, (((3, 4),),),
           fn=_fn(lambda tf, x: tf.slice(x, [1, 0], [-1, 2]))),
    OpCase("strided_slice", lambda x: x[:, 3:0:-2], 1, FI, (((3, 4),),),
           fn=_fn(lambda tf, x: tf.strided_slice(x, [0, 3], [0, 0], [1, -2], begin_mask=1,
                                                 end_mask=1))),
    OpCase("reverse", lambda x: x[::-1, ::-1], 1, FI,
           fn=_fn(lambda tf, x: tf.reverse(x, [0, -1])), prims=("ReverseV2",)),
    OpCase("roll", lambda x: np.roll(x, (1, -2), (0, 1)), 1, FI,
           fn=_fn(lambda tf, x: tf.roll(x, [1, -2], [0, 1])), prims=("Roll",)),
    OpCase("gather", lambda p, i: np.take(p, i, axis=1), 2, FI, (((2, 4), ()),),
           make=_with_index([[3, 0], [1, 3]]), grad_args=(0,),
           fn=_fn(lambda tf, p, i: tf.gather(p, i, axis=1)), prims=("GatherV2", "GatherGrad")),
    OpCase("gather-batch", lambda p, i: np.take_along_axis(p, i, 1), 2, FI, (((2, 4), ()),),
           make=_with_index([[3, 0, 0], [1, 2, 1]]), grad_args=(0,),
           fn=_fn(lambda tf, p, i: tf.gather(p, i, batch_dims=1))),
    OpCase("gather_nd", _gather_nd_ref, 2, FI, (((3, 4), ()),), make=_with_index([[2, 1], [0, 3]]),
           grad_args=(0,), prims=("GatherNd",)),
    OpCase("scatter_nd", lambda i, u: _scatter_ref(i, u, (5, 2)), 2, FI, (((), ()),),
           make=_scatter_nd_make, fn=_fn(lambda tf, i, u: tf.scatter_nd(i, u, [5, 2])),
           grad_args=(1,), prims=("ScatterNd",)),
    OpCase("tensor_scatter_nd_update", lambda t, i, u: _tsu_ref(t, i[1:], u[1:]), 3, FI,
           (((), (), ()),), make=_scatter_make, grad_args=(0, 2),
           fn=_fn(lambda tf, t, i, u: tf.tensor_scatter_nd_update(t, i[1:], u[1:])),
           prims=("TensorScatterUpdate",)),
    OpCase("tensor_scatter_nd_add", _tsa_ref, 3, FI, (((), (), ()),), make=_scatter_make,
           grad_args=(0, 2), prims=("TensorScatterAdd",)),
    OpCase("tensor_scatter_nd_sub", lambda t, i, u: _tsa_ref(t, i, u, np.subtract.at), 3, FI,
           (((), (), ()),), make=_scatter_make, grad_args=(0, 2), prims=("TensorScatterSub",)),
    OpCase("tensor_scatter_nd_max", lambda t, i, u: _tsa_ref(t, i, u, np.maximum.at), 3, FI,
           (((), (), ()),), make=_scatter_make, grad_args=(0, 2), prims=("TensorScatterMax",)),
    OpCase("tensor_scatter_nd_min", lambda t, i, u: _tsa_ref(t, i, u, np.minimum.at), 3, FI,
           (((), (), ()),), make=_scatter_make, grad_args=(0, 2), prims=("TensorScatterMin",)),
    OpCase("one_hot", lambda i: (i[..., None] == np.arange(4)).astype(np.float32), 1,
           ("int32", "int64"), ((((5,),)), ((2, 3),)), domain=(-1, 4), out_dtype="float32",
           fn=_fn(lambda tf, i: tf.one_hot(i, 4)), grad=False, prims=("OneHot",)),
    OpCase("shape", lambda x: np.array(x.shape, np.int32), 1, FI, (((2, 3),), ((),)),
           out_dtype="int32", grad=False, prims=("Shape",)),
    OpCase("size", lambda x: np.array(x.size, np.int32), 1, FI, out_dtype="int32", grad=False,
           prims=("Size",)),
    OpCase("rank", lambda x: np.array(x.ndim, np.int32), 1, FI, out_dtype="int32", grad=False,
           prims=("Rank",)),
    OpCase("meshgrid", lambda x, y: np.stack(np.meshgrid(x, y)), 2, FI, (((3,), (4,)),),
           fn=_fn(lambda tf, x, y: tf.stack(tf.meshgrid(x, y)))),
    OpCase("meshgrid-ij", lambda x, y: np.stack(np.meshgrid(x, y, indexing="ij")), 2, FI,
           (((3,), (4,)),), fn=_fn(lambda tf, x, y: tf.stack(tf.meshgrid(x, y, indexing="ij")))),
    OpCase("repeat", lambda x: np.repeat(x, [1, 0, 2], axis=1), 1, FI,
           fn=_fn(lambda tf, x: tf.repeat(x, [1, 0, 2], axis=1))),
    OpCase("searchsorted", lambda s, v: np.searchsorted(np.sort(s), v).astype(np.int32), 2, F,
           (((6,), (4,)),), out_dtype="int32", grad=False,
           fn=_fn(lambda tf, s, v: tf.searchsorted(tf.sort(s) if hasattr(tf, "sort") else
                                                   tf.constant(np.sort(s.numpy())), v))),
    OpCase("sequence_mask", lambda n: np.arange(5) < n[:, None], 1, ("int32",), (((4,),),),
           domain=(0, 5), out_dtype="bool", grad=False,
           fn=_fn(lambda tf, n: tf.sequence_mask(n, 5))),
]
