"""Op table rows for counting, scans and bit views (ops/counting.py, cumulative.py, bitcast.py,
sets.py): bincount, the fixed-width histograms, cumulative_logsumexp, bitcast and tf.sets."""
import numpy as np

from .case import OpCase

F = ("float32", "float64")
IDS = np.array([1, 1, 3, 0, 5])
SET_B = np.array([[1, 2, 5], [5, 6, 6], [0, 0, 0]])


def _small_ints(rng, shapes, dtype):
    return [rng.integers(0, 6, size=s).astype(dtype) for s in shapes]


def _histogram_bins(x, lo=0.0, hi=5.0, n=5):
    return np.clip(np.floor((x - lo) / (hi - lo) * n), 0, n - 1).astype(np.int32)


def _logcumsumexp(x, axis=0, exclusive=False, reverse=False):
    if reverse:
        x = np.flip(x, axis)
    out = np.logaddexp.accumulate(x, axis=axis)
    return np.flip(out, axis) if reverse else out


def _rows(rng, shapes, dtype):
    return [rng.integers(0, 7, size=(3, 4)).astype(dtype)]


def _set_rows(fn, a, b, sparse_b=False, sparse_a=False):
    """The values of TF's result: each row's elements sorted, row after row (a sparse operand's
    set holds only its non-zero values)."""
    def members(r, sparse):
        return {v for v in r.tolist() if not sparse or v != 0}
    rows = [sorted(fn(members(ra, sparse_a), members(rb, sparse_b))) for ra, rb in zip(a, b)]
    return np.array([v for r in rows for v in r], a.dtype)


CASES = [
    OpCase("math.bincount", lambda x: np.bincount(x.reshape(-1)), 1, ("int32", "int64"),
           (((6,),), ((2, 3),)), make=_small_ints, out_dtype="int32", grad=False,
           prims=("DenseBincount",), note="TF registers no gradient: a tape raises LookupError"),
    OpCase("math.bincount(weights)", lambda w: np.bincount(IDS, weights=w), 1, F, (((5,),),),
           fn=lambda tf: lambda w: tf.math.bincount(IDS, weights=w), grad=None,
           note="TF registers no gradient: tape.gradient raises LookupError (conformance)"),
    OpCase("math.bincount(axis=-1, minlength)",
           lambda x: np.stack([np.bincount(r, minlength=8) for r in x]), 1, ("int32",),
           (((3, 4),),), make=_small_ints, out_dtype="int32", grad=False,
           fn=lambda tf: lambda x: tf.math.bincount(x, axis=-1, minlength=8)),
    OpCase("histogram_fixed_width", lambda x: np.bincount(_histogram_bins(x).reshape(-1),
                                                          minlength=5),
           1, F, (((20,),), ((4, 5),)), domain=(-2.0, 7.0), out_dtype="int32", grad=False,
           fn=lambda tf: lambda x: tf.histogram_fixed_width(x, [0.0, 5.0], nbins=5),
           prims=("HistogramFixedWidth",), note="TF registers no gradient"),
    OpCase("histogram_fixed_width_bins", _histogram_bins, 1, F, (((20,),), ((4, 5),)),
           domain=(-2.0, 7.0), out_dtype="int32", grad=False,
           fn=lambda tf: lambda x: tf.histogram_fixed_width_bins(
               x, tf.constant([0.0, 5.0], x.dtype), nbins=5)),
    OpCase("math.cumulative_logsumexp", _logcumsumexp, 1, F, (((5,),), ((3, 4),)),
           prims=("CumulativeLogsumexp",)),
    OpCase("math.cumulative_logsumexp(axis=1, reverse)", lambda x: _logcumsumexp(
        x, axis=1, reverse=True), 1, F, (((3, 4),),),
        fn=lambda tf: lambda x: tf.math.cumulative_logsumexp(x, axis=1, reverse=True)),
    OpCase("bitcast(int32->float32)", lambda x: x.astype(np.int32).view(np.float32), 1,
           ("int32",), (((2, 3),),), make=_small_ints, out_dtype="float32", grad=False,
           fn=lambda tf: lambda x: tf.bitcast(x, tf.float32), prims=("Bitcast",),
           note="TF registers no gradient"),
    OpCase("bitcast(int32->uint8)", lambda x: x.reshape(x.shape + (1,)).view(np.uint8), 1,
           ("int32",), (((2, 3),),), make=_small_ints, out_dtype="uint8", grad=False,
           fn=lambda tf: lambda x: tf.bitcast(x, tf.uint8)),
    OpCase("sets.intersection", lambda a: _set_rows(lambda p, q: p & q, a, SET_B), 1,
           ("int32", "int64"), (((3, 4),),), make=_rows, grad=False,
           fn=lambda tf: lambda a: tf.sets.intersection(
               a, tf.constant(SET_B, a.dtype)).values, prims=("DenseToDenseSetOperation",)),
    OpCase("sets.union(dense, sparse)", lambda a: _set_rows(lambda p, q: p | q, a, SET_B, True),
           1, ("int32",), (((3, 4),),), make=_rows, grad=False,
           fn=lambda tf: lambda a: tf.sets.union(
               a, tf.sparse.from_dense(SET_B.astype(np.int32))).values,
           prims=("DenseToSparseSetOperation",)),
    OpCase("sets.difference(sparse, sparse)", lambda a: _set_rows(
        lambda p, q: p - q, a, SET_B, True, True), 1, ("int32",), (((3, 4),),), make=_rows,
        grad=False, fn=lambda tf: lambda a: tf.sets.difference(
            tf.sparse.from_dense(a), tf.sparse.from_dense(SET_B.astype(np.int32))).values,
        prims=("SparseToSparseSetOperation",)),
    OpCase("sets.size", lambda a: np.array([len(set(r.tolist()) - {0}) for r in a], np.int32),
           1, ("int32",), (((3, 4),),), make=_rows, out_dtype="int32", grad=False,
           fn=lambda tf: lambda a: tf.sets.size(tf.sparse.from_dense(a)), prims=("SetSize",)),
]
