"""Segment reductions: tf.math.segment_* (sorted segment ids, one output row per id up to the
largest) and tf.math.unsorted_segment_* (any ids, ``num_segments`` rows, negative ids dropped).
Each primitive has TF's gradient rule directly below it (a gather of the output gradient; max and
min route it to the selected elements, shared evenly among ties); unsorted mean and sqrt_n are
composites, as in TF. The segment ids and num_segments are tensor inputs, so a traced graph
recomputes the output's length from their values."""
import numpy as np

from .. import dtypes as _dt
from .._export import export
from ..engine.primitive import primitive, NUMERIC, REAL
from ..tensor import Tensor, convert_to_tensor
from ._args import _attr_error, _dims, _err
from .broadcast import _reshape
from . import run_time_shapes as R
from .cast import cast, ones_like, zeros_like
from .comparison import equal, greater, greater_equal, logical_and, select
from .elementwise import _mul, _realdiv, maximum, sqrt, truediv
from .gather_scatter import _gather

_INT32_64 = (np.dtype(np.int32), np.dtype(np.int64))
_INT16_32_64 = (np.dtype(np.int16),) + _INT32_64


def _lowest(dtype):
    """The identity of max over an empty segment: the dtype's lowest finite value (as TF)."""
    return _limits(dtype)[0]


def _highest(dtype):
    return _limits(dtype)[1]


def _limits(dtype):
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
    else:
        try:
            info = np.finfo(dtype)
        except ValueError:  # bfloat16
            import ml_dtypes
            info = ml_dtypes.finfo(dtype)
    return info.min, info.max


def _index_input(v, op, attr, allowed=_INT32_64):
    t = v if isinstance(v, Tensor) else convert_to_tensor(v)
    if t._v.dtype not in allowed:
        raise _attr_error(op, attr, t._v.dtype, ", ".join(np.dtype(d).name for d in allowed))
    return t


# ---------------------------------------------------------------------------------------------
# sorted segment ids

def sorted_runs(op, ids, n_rows):
    """TF's checks of sorted segment ids (a vector of n_rows ids, non-decreasing, >= 0); returns
    the first position of each run of equal ids, the run ids and the number of output rows."""
    if ids.ndim != 1:
        raise _err(op, "segment_ids should be a vector.")
    if ids.shape[0] != n_rows:
        raise _err(op, "segment_ids should be the same size as dimension 0 of input.")
    if not ids.size:
        return np.zeros((0,), np.intp), ids, 0
    rows = int(ids[-1]) + 1
    if rows <= 0:
        raise _err(op, "segment ids must be >= 0")
    starts = np.flatnonzero(np.concatenate([[True], ids[1:] != ids[:-1]]))
    vals = ids[starts]
    # TF's kernel walks the runs in order: a run followed by a smaller id fails as "not
    # increasing" before its own id is range-checked
    falls = np.concatenate([vals[:-1] > vals[1:], [False]])
    bad = falls | (vals < 0) | (vals >= rows)
    if bad.any():
        k = int(np.argmax(bad))
        if falls[k]:
            raise _err(op, "segment ids are not increasing")
        raise _err(op, "Segment id %d out of range [0, %d), possibly because 'segment_ids' input "
                   "is not sorted." % (vals[k], rows))
    return starts, vals, rows


def reduce_runs(kind, data, starts, vals, rows):
    """The per-segment reduction of data's rows (runs starting at starts, with ids vals) into
    rows output rows (kind: sum, prod, max, min, mean or sqrt_n, the sum over the square root of
    the count); an empty segment is 0 (1 for prod), as TF's sorted kernels give."""
    out = (np.ones if kind == "prod" else np.zeros)((rows,) + data.shape[1:], data.dtype)
    if starts.size:
        red = _UFUNCS.get(kind, np.add).reduceat(data, starts, axis=0)
        if kind in ("mean", "sqrt_n"):
            counts = np.diff(np.append(starts, data.shape[0])).reshape(
                (-1,) + (1,) * (data.ndim - 1))
            if kind == "sqrt_n":
                red = (red / np.sqrt(counts)).astype(data.dtype)
            elif data.dtype.kind in "iu":  # C++ integer division: truncated towards zero
                red = (np.sign(red) * (np.abs(red) // counts)).astype(data.dtype)
            else:
                red = (red / counts).astype(data.dtype)
        out[vals] = red
    return out


_UFUNCS = {"sum": np.add, "prod": np.multiply, "max": np.maximum, "min": np.minimum}


def _sorted_segment(op, kind, dtypes):
    @primitive(op, dtypes=dtypes, match=(0,), value_shape=True, run_time_check=True)
    def prim(data, segment_ids):
        if data.ndim < 1:
            raise _err(op, "input must be at least rank 1")
        starts, vals, rows = sorted_runs(op, segment_ids, data.shape[0])
        return reduce_runs(kind, data, starts, vals, rows)
    return prim


_segment_sum = _sorted_segment("SegmentSum", "sum", NUMERIC)
_segment_mean = _sorted_segment("SegmentMean", "mean", NUMERIC)
_segment_prod = _sorted_segment("SegmentProd", "prod", NUMERIC)
_segment_max = _sorted_segment("SegmentMax", "max", REAL)
_segment_min = _sorted_segment("SegmentMin", "min", REAL)


def _row_column(t, rank):
    """A per-segment vector shaped to broadcast against rows of a rank-``rank`` tensor."""
    return _reshape(t, shape=(-1,) + (1,) * (rank - 1))


@_segment_sum.defvjp
def _(g, ans, data, ids):
    return _gather(g, ids, 0, 0), None


def at_least_one(n):
    """Counts with 0 raised to 1: an empty segment's gradient row is gathered by no id, but a
    0/0 there would make the rule's own derivative (forward mode, second order) NaN."""
    return maximum(n, ones_like(n))


@_segment_mean.defvjp
def _(g, ans, data, ids):
    counts = at_least_one(_segment_sum(ones_like(ids, dtype=g.dtype), ids))
    return _gather(_realdiv(g, _row_column(counts, g._v.ndim)), ids, 0, 0), None


def _segment_minmax_vjp(g, ans, data, ids):
    selected = equal(data, _gather(ans, ids, 0, 0))
    n = at_least_one(_segment_sum(cast(selected, g.dtype), ids))
    shared = _gather(_realdiv(g, n), ids, 0, 0)  # each tie gets an equal share
    return select(selected, shared, zeros_like(data)), None


_segment_max.defvjp(_segment_minmax_vjp)
_segment_min.defvjp(_segment_minmax_vjp)


@_segment_prod.defvjp
def _(g, ans, data, ids):
    # TF's rule: divide the product by each element where the segment has no zero; the one zero
    # of a segment gets the product of the others; segments with two zeros get nothing
    is_zero = equal(data, zeros_like(data))
    zeros = _segment_sum(cast(is_zero, _dt.int32), ids)
    g = select(greater(zeros, 1), zeros_like(g), g)
    nonzero = select(is_zero, ones_like(data), data)
    nonzero_prod = _segment_prod(nonzero, ids)
    partial = select(is_zero, _gather(nonzero_prod, ids, 0, 0),
                     _realdiv(_gather(ans, ids, 0, 0), nonzero))
    return _mul(_gather(g, ids, 0, 0), partial), None


def _sorted_public(prim, name, doc):
    def fn(data, segment_ids, name=None):
        d = data if isinstance(data, Tensor) else convert_to_tensor(data)
        ids = _index_input(segment_ids, prim.name, "Tindices")
        return prim(d, ids)
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = doc
    return export("math." + name)(fn)


segment_sum = _sorted_public(_segment_sum, "segment_sum",
                             "Sums of data's rows per segment id (ids sorted).")
segment_mean = _sorted_public(_segment_mean, "segment_mean",
                              "Means of data's rows per segment id (ids sorted).")
segment_prod = _sorted_public(_segment_prod, "segment_prod",
                              "Products of data's rows per segment id (ids sorted).")
segment_max = _sorted_public(_segment_max, "segment_max",
                             "Maxima of data's rows per segment id (ids sorted; empty: 0).")
segment_min = _sorted_public(_segment_min, "segment_min",
                             "Minima of data's rows per segment id (ids sorted; empty: 0).")


# ---------------------------------------------------------------------------------------------
# unsorted segment ids

def _unsorted_segment(op, kind, dtypes):
    ufunc = _UFUNCS[kind]

    @primitive(op, dtypes=dtypes, match=(0,), value_shape=True, run_time_check=True)
    def prim(data, segment_ids, num_segments):
        if num_segments.ndim:
            raise _err(op, "num_segments should be a scalar, not shape %s"
                       % _dims(num_segments.shape))
        k = segment_ids.ndim
        if data.shape[:k] != segment_ids.shape:
            raise _err(op, "data.shape = %s does not start with segment_ids.shape = %s"
                       % (_dims(data.shape), _dims(segment_ids.shape)))
        n = int(num_segments)
        if n < 0:
            raise _err(op, "Input num_segments == %d must not be negative." % n)
        ids = segment_ids.reshape(-1)
        over = ids >= n
        if over.any():
            j = int(np.argmax(over))
            raise _err(op, "segment_ids%s = %d is out of range [0, %d)" % (
                _dims(np.unravel_index(j, segment_ids.shape)), ids[j], n))
        rest = data.shape[k:]
        identity = {"sum": 0, "prod": 1, "max": None, "min": None}[kind]
        if identity is None:
            identity = _lowest(data.dtype) if kind == "max" else _highest(data.dtype)
        out = np.full((n,) + rest, identity, data.dtype)
        keep = ids >= 0
        ufunc.at(out, ids[keep], data.reshape((ids.size,) + rest)[keep])
        return out
    return prim


_unsorted_sum = _unsorted_segment("UnsortedSegmentSum", "sum", NUMERIC)
_unsorted_prod = _unsorted_segment("UnsortedSegmentProd", "prod", NUMERIC)
_unsorted_max = _unsorted_segment("UnsortedSegmentMax", "max", REAL)
_unsorted_min = _unsorted_segment("UnsortedSegmentMin", "min", REAL)


def _gather_drop_negatives(params, ids, clipped=None, kept=None):
    """params' rows at ids, zeros where an id is negative (TF's _GatherDropNegatives); returns
    them with the clipped ids and the mask, for reuse."""
    if clipped is None:
        clipped = maximum(ids, zeros_like(ids))
    got = _gather(params, clipped, 0, 0)
    if kept is None:
        kept = greater_equal(ids, zeros_like(ids))
        ones = (1,) * (got._v.ndim - ids._v.ndim)
        kept = R.reshape(kept, R.dims(ids) + ones, ids) if R.unknown(ids) else \
            _reshape(kept, shape=ids._v.shape + ones)
    return select(kept, got, zeros_like(got)), clipped, kept


@_unsorted_sum.defvjp
def _(g, ans, data, ids, num):
    return _gather_drop_negatives(g, ids)[0], None, None


def _unsorted_minmax_vjp(g, ans, data, ids, num):
    got, clipped, kept = _gather_drop_negatives(ans, ids)
    selected = logical_and(equal(data, got), kept)
    n = at_least_one(_unsorted_sum(cast(selected, g.dtype), ids, num))
    shared = _gather_drop_negatives(_realdiv(g, n), None, clipped, kept)[0]
    return select(selected, shared, zeros_like(shared)), None, None


_unsorted_max.defvjp(_unsorted_minmax_vjp)
_unsorted_min.defvjp(_unsorted_minmax_vjp)


@_unsorted_prod.defvjp
def _(g, ans, data, ids, num):
    # the sorted rule (above), with negative ids dropped
    is_zero = equal(data, zeros_like(data))
    zeros = _unsorted_sum(cast(is_zero, _dt.int32), ids, num)
    g = select(greater(zeros, 1), zeros_like(g), g)
    nonzero = select(is_zero, ones_like(data), data)
    nonzero_prod = _unsorted_prod(nonzero, ids, num)
    clipped = maximum(ids, zeros_like(ids))
    partial = select(is_zero, _gather(nonzero_prod, clipped, 0, 0),
                     _realdiv(_gather(ans, clipped, 0, 0), nonzero))
    return _mul(_gather_drop_negatives(g, ids, clipped)[0], partial), None, None


def _unsorted_args(data, segment_ids, num_segments, op):
    d = data if isinstance(data, Tensor) else convert_to_tensor(data)
    ids = _index_input(segment_ids, op, "Tindices", _INT16_32_64)
    num = _index_input(num_segments, op, "Tnumsegments")
    return d, ids, num


def _unsorted_public(prim, name, doc):
    def fn(data, segment_ids, num_segments, name=None):
        return prim(*_unsorted_args(data, segment_ids, num_segments, prim.name))
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = doc
    return export("math." + name)(fn)


unsorted_segment_sum = _unsorted_public(
    _unsorted_sum, "unsorted_segment_sum",
    "Sums of data's slices per segment id into num_segments rows (negative ids dropped).")
unsorted_segment_prod = _unsorted_public(
    _unsorted_prod, "unsorted_segment_prod",
    "Products of data's slices per segment id into num_segments rows (empty: 1).")
unsorted_segment_max = _unsorted_public(
    _unsorted_max, "unsorted_segment_max",
    "Maxima of data's slices per segment id (empty: the dtype's lowest value).")
unsorted_segment_min = _unsorted_public(
    _unsorted_min, "unsorted_segment_min",
    "Minima of data's slices per segment id (empty: the dtype's highest value).")


def _segment_counts(data, ids, num):
    """Each segment's number of ids, at least 1, shaped to broadcast against the sums (TF's
    _unsorted_segment_N)."""
    n = _unsorted_sum(ones_like(ids, dtype=data.dtype), ids, num)
    return at_least_one(_reshape(n, shape=(-1,) + (1,) * (data._v.ndim - ids._v.ndim)))


@export("math.unsorted_segment_mean")
def unsorted_segment_mean(data, segment_ids, num_segments, name=None):
    """Means of data's slices per segment id into num_segments rows (empty: 0)."""
    d, ids, num = _unsorted_args(data, segment_ids, num_segments, "UnsortedSegmentSum")
    n = _segment_counts(d, ids, num)
    return truediv(_unsorted_sum(d, ids, num), n)


@export("math.unsorted_segment_sqrt_n")
def unsorted_segment_sqrt_n(data, segment_ids, num_segments, name=None):
    """Sums of data's slices per segment id divided by the square root of their count."""
    d, ids, num = _unsorted_args(data, segment_ids, num_segments, "UnsortedSegmentSum")
    n = _segment_counts(d, ids, num)
    return truediv(_unsorted_sum(d, ids, num), sqrt(n))
