"""Op table rows for the segment reductions (ops/segment.py, ops/segment_sparse.py): sorted,
unsorted and sparse, each against a loop-over-rows NumPy reference."""
import numpy as np

from .case import OpCase

F = ("float32", "float64")
FI = ("float32", "float64", "int32")

SORTED = [0, 0, 2, 3]                # segment 1 empty
UNSORTED = [2, -1, 0, 2]             # row 1 dropped; segments 1 and 3 empty
UNSORTED_FULL = [1, -1, 0, 1]        # every segment has rows (max/min: no lowest-value rows)
UNSORTED_2D = [[0, 1], [1, -1]]
INDICES, SPARSE_IDS = [0, 3, 3, 1], [0, 0, 2, 2]

_FN = {"sum": np.sum, "prod": np.prod, "max": np.max, "min": np.min, "mean": np.mean,
       "sqrt_n": lambda r, axis: np.sum(r, axis=axis) / np.sqrt(len(r))}


def _reference(kind, ids, rows=None, empty=0.0, indices=None):
    """A loop over segments: the reduction of the rows whose id is the segment's."""
    ids = np.asarray(ids)

    def ref(x):
        if indices is not None:
            x = x[np.asarray(indices)]
        k = ids.ndim
        flat_ids = ids.reshape(-1)
        flat = x.reshape((flat_ids.size,) + x.shape[k:])
        n = rows if rows is not None else int(flat_ids.max()) + 1
        out = np.full((n,) + x.shape[k:], empty, dtype=np.float64)
        for s in range(n):
            picked = flat[flat_ids == s]
            if len(picked):
                out[s] = _FN[kind](picked.astype(np.float64), axis=0)
        if x.dtype.kind in "iu":
            if kind == "mean":  # integer division truncates towards zero
                out = np.trunc(out)
            return out.astype(x.dtype)
        return out
    return ref


def _sorted(kind, empty=0.0, dtypes=FI):
    return OpCase("math.segment_" + kind, _reference(kind, SORTED, empty=empty), 1, dtypes,
                  (((4,),), ((4, 3),)), prims=("Segment" + kind.capitalize(),),
                  fn=lambda tf: lambda x: getattr(tf.math, "segment_" + kind)(x, SORTED),
                  note="ids %s" % SORTED)


def _unsorted(kind, prims, ids=UNSORTED, rows=4, empty=0.0, dtypes=FI, shape=(4,)):
    return OpCase("math.unsorted_segment_%s(%s)" % (kind, ids),
                  _reference(kind, ids, rows=rows, empty=empty), 1, dtypes,
                  ((shape,), (shape + (3,),)), prims=prims,
                  fn=lambda tf: lambda x: getattr(tf.math, "unsorted_segment_" + kind)(
                      x, ids, rows))


def _sparse(kind, prim, num=None):
    rows = num if num is not None else max(SPARSE_IDS) + 1
    return OpCase("sparse.segment_%s(num_segments=%s)" % (kind, num),
                  _reference(kind, SPARSE_IDS, rows=rows, indices=INDICES), 1,
                  F + (("int32",) if kind == "sum" else ()), (((4,),), ((4, 2),)),
                  prims=(prim,), fn=lambda tf: lambda x: getattr(tf.sparse, "segment_" + kind)(
                      x, INDICES, SPARSE_IDS, num_segments=num))


def _sparse_grad_ref(kind):
    """data's gradient from the output gradient g: each picked row gets its segment's g (over the
    count for mean, its root for sqrt_n)."""
    def ref(g):
        counts = np.bincount(SPARSE_IDS, minlength=g.shape[0])
        scale = {"sum": np.ones_like(counts, float), "mean": 1 / np.maximum(counts, 1),
                 "sqrt_n": 1 / np.sqrt(np.maximum(counts, 1))}[kind]
        dx = np.zeros((4,) + g.shape[1:])
        for i, s in zip(INDICES, SPARSE_IDS):
            dx[i] += g[s] * scale[s]
        return dx
    return ref


def _sparse_grad(kind, prim):
    def fn(tf):
        def grad(g):
            x = tf.zeros([4, 2], g.dtype)
            with tf.GradientTape() as tape:
                tape.watch(x)
                y = getattr(tf.sparse, "segment_" + kind)(x, INDICES, SPARSE_IDS,
                                                          sparse_gradient=True)
            return tf.convert_to_tensor(tape.gradient(y, x, output_gradients=g))
        return grad
    return OpCase("gradient of sparse.segment_%s(sparse_gradient=True)" % kind,
                  _sparse_grad_ref(kind), 1, F, (((3, 2),),), prims=(prim,), fn=fn,
                  note="the IndexedSlices gradient, densified; its own gradient (second order) "
                       "is checked against finite differences")


CASES = [
    _sorted("sum"), _sorted("mean"), _sorted("prod", empty=1.0), _sorted("max"), _sorted("min"),
    _unsorted("sum", ("UnsortedSegmentSum",)),
    _unsorted("sum", ("UnsortedSegmentSum",), ids=UNSORTED_2D, rows=2, shape=(2, 2)),
    _unsorted("prod", ("UnsortedSegmentProd",), empty=1.0),
    _unsorted("max", ("UnsortedSegmentMax",), ids=UNSORTED_FULL, rows=2),
    _unsorted("min", ("UnsortedSegmentMin",), ids=UNSORTED_FULL, rows=2),
    _unsorted("mean", ("UnsortedSegmentSum", "Maximum"), dtypes=F),
    _unsorted("sqrt_n", ("UnsortedSegmentSum", "Sqrt"), dtypes=F),
    _sparse("sum", "SparseSegmentSum"),
    _sparse("sum", "SparseSegmentSumWithNumSegments", num=4),
    _sparse("mean", "SparseSegmentMean"),
    _sparse("mean", "SparseSegmentMeanWithNumSegments", num=4),
    _sparse("sqrt_n", "SparseSegmentSqrtN"),
    _sparse("sqrt_n", "SparseSegmentSqrtNWithNumSegments", num=4),
    _sparse_grad("sum", "SparseSegmentSumGradV2"),
    _sparse_grad("mean", "SparseSegmentMeanGradV2"),
    _sparse_grad("sqrt_n", "SparseSegmentSqrtNGradV2"),
]
