"""tf.sparse.segment_sum, segment_mean and segment_sqrt_n: sorted segment reductions over the rows
of data picked by ``indices`` (SparseSegmentSum ... and their WithNumSegments forms). The gradient
scatters the output gradient back to the picked rows, written with the unsorted segment sum so that
it differentiates again; with ``sparse_gradient`` it is TF's IndexedSlices of the distinct picked
rows (SparseSegment*GradV2)."""
import numpy as np

from ..engine.primitive import primitive, REAL, FLOAT_TYPES
from ..tensor import Tensor, convert_to_tensor, wrap
from ._args import _dims, _err
from .broadcast import _reshape
from .cast import ones_like
from .elementwise import _realdiv, sqrt
from .gather import IndexedSlices, _gather
from .segment import _index_input, _unsorted_sum, at_least_one, reduce_runs
from .shape_query import shape
from . import run_time_shapes as R

__all__ = ["sparse_segment_sum", "sparse_segment_mean", "sparse_segment_sqrt_n"]


def _check(op, data, indices, ids, num):
    """TF's checks, in its kernel's order; returns the runs of ids and the output rows."""
    if data.ndim < 1:
        raise _err(op, "Shape must be at least rank 1")
    if num is not None and num.ndim:
        raise _err(op, "num_segments should be a scalar, not shape %s" % _dims(num.shape))
    if indices.ndim != 1:
        raise _err(op, "indices should be a vector.")
    if ids.ndim != 1:
        raise _err(op, "segment_ids should be a vector.")
    if indices.shape != ids.shape:
        raise _err(op, "segment_ids and indices should have same size.")
    n = ids.size
    rows = int(num) if num is not None else (int(ids[-1]) + 1 if n else 0)
    if rows < 0 or n and num is None and rows == 0:
        raise _err(op, "segment ids must be >= 0")
    if num is not None and n and ids[-1] >= rows:
        raise _err(op, "segment ids must be < num_segments")
    if not n:
        return np.zeros((0,), np.intp), ids, rows
    starts = np.flatnonzero(np.concatenate([[True], ids[1:] != ids[:-1]]))
    vals = ids[starts]
    # TF's kernel walks the runs in order, checking each run's id (increasing, in range), then
    # the indices of the run
    falls = np.concatenate([vals[:-1] > vals[1:], [False]])
    bad_id = falls | (vals < 0) | (vals >= rows)
    bad_index = (indices < 0) | (indices >= data.shape[0])
    k = int(np.argmax(bad_id)) if bad_id.any() else len(vals)
    if bad_index.any():
        j = int(np.argmax(bad_index))
        if np.searchsorted(starts, j, "right") - 1 < k:
            raise _err(op, "Bad: indices[%d] == %d out of range [0, %d)" % (
                j, indices[j], data.shape[0]))
    if k < len(vals):
        if falls[k]:
            raise _err(op, "segment ids are not increasing")
        raise _err(op, "Segment id %d out of range [0, %d), possibly because 'segment_ids' "
                   "input is not sorted." % (vals[k], rows))
    return starts, vals, rows


def _sparse_segment(op, kind, dtypes):
    @primitive(op, dtypes=dtypes, match=(0,), value_shape=True, run_time_check=True)
    def prim(data, indices, segment_ids, num_segments=None, sparse_gradient=False):
        starts, vals, rows = _check(op, data, indices, segment_ids, num_segments)
        return reduce_runs(kind, data[indices], starts, vals, rows)

    @prim.defvjp
    def _(g, ans, data, indices, ids, num=None, sparse_gradient=False):
        dim0 = _rows(data)
        if sparse_gradient:  # TF's IndexedSlices: one row per distinct index, sorted
            values, unique = _GRADS[kind](g, indices, ids, dim0)
            dense_shape = shape(data) if R.unknown(data) else \
                wrap(np.array(data._v.shape, np.int32))
            dx = IndexedSlices(values, unique, dense_shape)
        else:
            dx = _unsorted_sum(_gather(_weighted(kind, g, ids), ids, 0, 0), indices, dim0)
        return (dx, None, None) if num is None else (dx, None, None, None)
    return prim


def _rows(t):
    """t's number of rows as an int32 scalar tensor (computed when the graph runs if the trace
    does not know it)."""
    if R.unknown(t) and R.dims(t)[0] is None:
        return shape(t)[0]
    return wrap(np.array(t._v.shape[0], np.int32))


def _weighted(kind, g, ids):
    """The output gradient's rows over their segment's count (mean) or its root (sqrt_n)."""
    if kind == "sum":
        return g
    counts = at_least_one(_unsorted_sum(ones_like(ids, dtype=g.dtype), ids, _rows(g)))
    if kind == "sqrt_n":
        counts = sqrt(counts)
    return _realdiv(g, _reshape(counts, shape=(-1,) + (1,) * (g._v.ndim - 1)))


def _sparse_grad(op, kind):
    """TF's Sparse*GradV2: the gradient of data's rows, one row per distinct index (sorted),
    and those indices."""
    @primitive(op, dtypes=FLOAT_TYPES, match=(0,), multiple_results=True, value_shape=True)
    def prim(grad, indices, segment_ids, dense_output_dim0):
        unique, slot = np.unique(indices, return_inverse=True)
        rows = grad[segment_ids]
        if kind != "sum":
            counts = np.bincount(segment_ids, minlength=grad.shape[0])[segment_ids]
            scale = 1 / (np.sqrt(counts) if kind == "sqrt_n" else counts)
            rows = rows * scale.reshape((-1,) + (1,) * (grad.ndim - 1))
        values = np.zeros((unique.size,) + grad.shape[1:], grad.dtype)
        np.add.at(values, slot.reshape(-1), rows.astype(grad.dtype))
        return values, unique.astype(indices.dtype)

    @prim.defvjp
    def _(gs, ans, grad, indices, ids, dim0):
        # the values are linear in grad: the adjoint scatters their gradient to the distinct
        # indices and reduces it again by segment, as the forward op does
        dense = _unsorted_sum(gs[0], ans[1], dim0)
        return _WITH_NUM[kind](dense, indices, ids, _rows(grad)), None, None, None
    return prim


_GRADS = {"sum": _sparse_grad("SparseSegmentSumGradV2", "sum"),
          "mean": _sparse_grad("SparseSegmentMeanGradV2", "mean"),
          "sqrt_n": _sparse_grad("SparseSegmentSqrtNGradV2", "sqrt_n")}


_SUM = (_sparse_segment("SparseSegmentSum", "sum", REAL),
        _sparse_segment("SparseSegmentSumWithNumSegments", "sum", REAL))
_MEAN = (_sparse_segment("SparseSegmentMean", "mean", FLOAT_TYPES),
         _sparse_segment("SparseSegmentMeanWithNumSegments", "mean", FLOAT_TYPES))
_SQRT_N = (_sparse_segment("SparseSegmentSqrtN", "sqrt_n", FLOAT_TYPES),
           _sparse_segment("SparseSegmentSqrtNWithNumSegments", "sqrt_n", FLOAT_TYPES))
_WITH_NUM = {"sum": _SUM[1], "mean": _MEAN[1], "sqrt_n": _SQRT_N[1]}


def _call(prims, data, indices, segment_ids, num_segments, sparse_gradient):
    prim = prims[num_segments is not None]
    d = data if isinstance(data, Tensor) else convert_to_tensor(data)
    args = [d, _index_input(indices, prim.name, "Tidx"),
            _index_input(segment_ids, prim.name, "Tsegmentids")]
    if num_segments is not None:
        args.append(_index_input(num_segments, prim.name, "Tnumsegments"))
    return prim(*args, sparse_gradient=bool(sparse_gradient))


def sparse_segment_sum(data, indices, segment_ids, num_segments=None, name=None,
                       sparse_gradient=False):
    """Sums of data[indices] per sorted segment id (num_segments: the output's rows;
    sparse_gradient: data's gradient is an IndexedSlices of the rows used)."""
    return _call(_SUM, data, indices, segment_ids, num_segments, sparse_gradient)


def sparse_segment_mean(data, indices, segment_ids, num_segments=None, name=None,
                        sparse_gradient=False):
    """Means of data[indices] per sorted segment id (empty segments: 0)."""
    return _call(_MEAN, data, indices, segment_ids, num_segments, sparse_gradient)


def sparse_segment_sqrt_n(data, indices, segment_ids, num_segments=None, name=None,
                          sparse_gradient=False):
    """Sums of data[indices] per sorted segment id over the square root of their count."""
    return _call(_SQRT_N, data, indices, segment_ids, num_segments, sparse_gradient)
