"""Indexing RaggedTensors: ``rt[i]``, ``rt[a:b]``, ``rt[:, a:b]``, ``rt[i, j]`` (TF's rules: an
integer index into an inner ragged dimension is an error), and gathering rows by index."""
import numpy as np

from ..tensor import Tensor, convert_to_tensor
from ..ops.gather_scatter import gather
from .ragged_tensor import RaggedTensor, _wrap_ints


def _index(x):
    if isinstance(x, Tensor):
        return int(x._v)
    if isinstance(x, (int, np.integer)) and not isinstance(x, bool):
        return int(x)
    raise TypeError("Ragged tensors may only be indexed by integers, slices, Ellipsis and "
                    "tf.newaxis; got %r" % (x,))


def _slice_parts(s):
    return tuple(None if v is None else _index(v) for v in (s.start, s.stop, s.step))


def gather_rows(x, rows):
    """Rows ``rows`` (an int ndarray) of a Tensor or RaggedTensor, in that order."""
    if not isinstance(x, RaggedTensor):
        return gather(x, convert_to_tensor(np.asarray(rows, np.int64)))
    splits = x._row_splits._v
    starts, limits = splits[:-1][rows], splits[1:][rows]
    lengths = limits - starts
    new_splits = np.concatenate([[0], np.cumsum(lengths)]).astype(splits.dtype)
    index = np.repeat(starts - new_splits[:-1], lengths) + np.arange(new_splits[-1])
    values = gather_rows(x._values, index)
    return RaggedTensor._make(values, _wrap_ints(new_splits, x._row_splits.dtype))


def _rows_range(x, start, stop):
    """Rows start..stop-1 of a Tensor or RaggedTensor (a contiguous run: a slice, no gather)."""
    if not isinstance(x, RaggedTensor):
        return x[start:stop]
    splits = x._row_splits._v
    lo, hi = int(splits[start]), int(splits[stop])
    new_splits = splits[start:stop + 1] - lo
    return RaggedTensor._make(_rows_range(x._values, lo, hi),
                              _wrap_ints(new_splits, x._row_splits.dtype))


def slice_rows_within(rt, starts, limits):
    """Row i of ``rt`` cut to its values ``starts[i]:limits[i]`` (row-relative, in range)."""
    splits = rt._row_splits._v
    lengths = np.maximum(limits - starts, 0)
    new_splits = np.concatenate([[0], np.cumsum(lengths)]).astype(splits.dtype)
    index = np.repeat(splits[:-1] + starts - new_splits[:-1], lengths) + np.arange(new_splits[-1])
    return RaggedTensor._make(gather_rows(rt._values, index),
                              _wrap_ints(new_splits, rt._row_splits.dtype))


def _within(rt, key):
    """Slices every row of rt by the slice ``key`` (Python's rules, row by row)."""
    start, stop, step = _slice_parts(key)
    lengths = np.diff(rt._row_splits._v)
    if step is None or step == 1:
        def bound(v, default):
            if v is None:
                return default
            return np.clip(v + lengths if v < 0 else np.full_like(lengths, v), 0, lengths)
        return slice_rows_within(rt, bound(start, np.zeros_like(lengths)), bound(stop, lengths))
    splits = rt._row_splits._v
    picks = [splits[i] + np.arange(n)[slice(start, stop, step)] for i, n in enumerate(lengths)]
    new_lengths = [len(p) for p in picks]
    index = np.concatenate(picks).astype(np.int64) if picks else np.zeros(0, np.int64)
    new_splits = np.concatenate([[0], np.cumsum(new_lengths)]).astype(splits.dtype)
    return RaggedTensor._make(gather_rows(rt._values, index),
                              _wrap_ints(new_splits, rt._row_splits.dtype))


def _apply_inner(x, key):
    """``key`` (a tuple over the dimensions after the first) on every row of x's values."""
    if not key:
        return x
    if isinstance(x, RaggedTensor):
        return getitem(x, (slice(None),) + tuple(key))
    return x[(slice(None),) + tuple(key)]


def getitem(rt, key):
    """``rt[key]``."""
    if type(key) is int and type(rt._values) is Tensor:  # a row of ragged rank 1: a slice
        splits = rt._row_splits._v
        n = splits.shape[0] - 1
        if -n <= key < n:
            lo, hi = splits[key % n:key % n + 2].tolist()
            return rt._values[lo:hi]
    if not isinstance(key, tuple):
        key = (key,)
    if any(k is Ellipsis or k is None for k in key):
        raise ValueError("Ellipsis and tf.newaxis are not supported in RaggedTensor indexing here")
    if len(key) > rt.shape.rank:
        raise ValueError("Too many indices for RaggedTensor")
    if not key:
        return rt
    first, rest = key[0], key[1:]
    n = rt._nrows()
    if isinstance(first, slice):
        start, stop, step = _slice_parts(first)
        if step is None or step == 1:
            lo, hi, _ = slice(start, stop).indices(n)
            rows = _rows_range(rt, lo, max(lo, hi))
        else:
            rows = gather_rows(rt, np.arange(n)[slice(start, stop, step)])
        if not rest:
            return rows
        return _inner(rows, rest)
    i = _index(first)
    if not -n <= i < n:
        raise IndexError("Row key %d out of bounds" % i)
    i %= n
    splits = rt._row_splits._v
    row = _rows_range(rt._values, int(splits[i]), int(splits[i + 1]))
    if not rest:
        return row
    if isinstance(row, RaggedTensor):
        return getitem(row, rest)
    return row[rest]


def _inner(rows, rest):
    """The remaining key on a RaggedTensor whose outer dimension was sliced (kept)."""
    k = rest[0]
    if isinstance(k, slice):
        cut = _within(rows, k)
        return cut.with_values(_apply_inner(cut._values, rest[1:])) if rest[1:] else cut
    raise ValueError("Cannot index into an inner ragged dimension.")


RaggedTensor.__getitem__ = getitem
