"""tf.math.bincount, tf.histogram_fixed_width(_bins), tf.math.cumulative_logsumexp, tf.bitcast and
tf.sets (ops/counting.py, cumulative.py, bitcast.py, sets.py): forward against NumPy / Python sets
by hypothesis, and cumulative_logsumexp's gradient against central finite differences."""
import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

import eagerflow as tf
from eagerflow.autodiff.gradcheck import compute_gradient
from eagerflow.errors import InvalidArgumentError

small_ints = hnp.arrays(np.int32, hnp.array_shapes(min_dims=1, max_dims=2, max_side=5),
                        elements=st.integers(0, 6))


# ------------------------------------------------------------------------------------------
# bincount

@given(arr=small_ints, minlength=st.none() | st.integers(0, 9),
       maxlength=st.none() | st.integers(0, 9), weighted=st.booleans())
def test_bincount_matches_numpy(arr, minlength, maxlength, weighted):
    w = np.linspace(0.5, 2.0, arr.size).reshape(arr.shape) if weighted else None
    got = tf.math.bincount(arr, weights=w, minlength=minlength, maxlength=maxlength)
    n = arr.max() + 1 if arr.size else 0
    n = max(n, minlength) if minlength is not None else n
    n = min(n, maxlength) if maxlength is not None else n
    flat, fw = arr.reshape(-1), None if w is None else w.reshape(-1)
    kept = flat < n
    want = np.bincount(flat[kept], None if fw is None else fw[kept], minlength=n)[:n]
    assert got.dtype.name == ("float64" if weighted else "int32")
    np.testing.assert_allclose(got.numpy(), want)


@given(arr=hnp.arrays(np.int64, st.tuples(st.integers(1, 4), st.integers(0, 5)),
                      elements=st.integers(0, 6)), binary=st.booleans())
def test_bincount_per_row(arr, binary):
    got = tf.math.bincount(arr, axis=-1, binary_output=binary, minlength=7, dtype=tf.float32)
    want = np.stack([np.bincount(r, minlength=7) for r in arr])
    if binary:
        want = (want > 0).astype(int)
    assert got.dtype == tf.float32 and got.shape == (arr.shape[0], 7)
    np.testing.assert_array_equal(got.numpy(), want)


def test_bincount_errors():
    with pytest.raises(InvalidArgumentError, match="Input arr must be non-negative!"):
        tf.math.bincount([1, -1])
    with pytest.raises(ValueError, match="mutually exclusive"):
        tf.math.bincount([1], weights=[1.0], binary_output=True)
    with pytest.raises(LookupError, match="gradient registry has no entry for: DenseBincount"):
        w = tf.constant([1.0, 2.0])
        with tf.GradientTape() as tape:
            tape.watch(w)
            y = tf.math.bincount([0, 1], weights=w)
        tape.gradient(y, w)


# ------------------------------------------------------------------------------------------
# histograms

@given(bins=st.lists(st.integers(-2, 7), min_size=1, max_size=12),
       offsets=st.data(), nbins=st.integers(1, 6), lo=st.sampled_from([-1.0, 0.0, 2.5]),
       width=st.sampled_from([1.0, 3.0, 10.0]), dtype=st.sampled_from(["float32", "float64"]))
def test_histograms_match_the_bin_of_each_value(bins, offsets, nbins, lo, width, dtype):
    # each value sits inside bin k (k < 0 or >= nbins: an outlier, counted in an end bin)
    step = width / nbins
    u = offsets.draw(st.lists(st.floats(0.1, 0.9), min_size=len(bins), max_size=len(bins)))
    x = np.array([lo + (k + f) * step for k, f in zip(bins, u)], dtype)
    expected_bins = np.clip(bins, 0, nbins - 1)
    rng = tf.constant([lo, lo + width], dtype)
    got = tf.histogram_fixed_width(x, rng, nbins=nbins)
    np.testing.assert_array_equal(got.numpy(), np.bincount(expected_bins, minlength=nbins))
    idx = tf.histogram_fixed_width_bins(x.reshape(-1, 1), rng, nbins=nbins)
    assert idx.dtype == tf.int32 and idx.shape == (len(bins), 1)
    np.testing.assert_array_equal(idx.numpy().reshape(-1), expected_bins)


def test_histogram_errors():
    with pytest.raises(InvalidArgumentError, match=r"but got '\[5, 5\]'"):
        tf.histogram_fixed_width([1.0], [5.0, 5.0])
    with pytest.raises(InvalidArgumentError, match="must not contain NaN"):
        tf.histogram_fixed_width([np.nan], [0.0, 1.0])
    with pytest.raises(InvalidArgumentError, match="nbins should be a positive number"):
        tf.histogram_fixed_width([1.0], [0.0, 2.0], nbins=-1)


# ------------------------------------------------------------------------------------------
# cumulative_logsumexp

def _np_clse(x, axis, exclusive, reverse):
    if reverse:
        x = np.flip(x, axis)
    with np.errstate(divide="ignore"):
        out = np.log(np.cumsum(np.exp(x), axis=axis))
        if exclusive:
            s = np.cumsum(np.exp(x), axis=axis) - np.exp(x)
            out = np.log(s)
    return np.flip(out, axis) if reverse else out


@given(x=hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3, max_side=4),
                    elements=st.floats(-5, 5)), data=st.data(),
       exclusive=st.booleans(), reverse=st.booleans())
def test_cumulative_logsumexp_matches_numpy(x, data, exclusive, reverse):
    axis = data.draw(st.integers(-x.ndim, x.ndim - 1))
    got = tf.math.cumulative_logsumexp(x, axis=axis, exclusive=exclusive, reverse=reverse)
    want = _np_clse(x, axis, exclusive, reverse)
    if exclusive:  # the first (last, reversed) element is log(0) = -inf exactly
        first = np.take(want, [-1 if reverse else 0], axis=axis)
        assert np.all(np.isneginf(first))
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-9, atol=1e-10)


def test_cumulative_logsumexp_is_stable_for_large_values():
    got = tf.math.cumulative_logsumexp(tf.constant([1000.0, 1000.0]))
    np.testing.assert_allclose(got.numpy(), [1000.0, 1000.0 + np.log(2.0)], rtol=1e-7)


@given(shape=st.sampled_from([(4,), (2, 3)]), exclusive=st.booleans(), reverse=st.booleans(),
       seed=st.integers(0, 2 ** 16))
def test_cumulative_logsumexp_gradient(shape, exclusive, reverse, seed):
    x = np.random.default_rng(seed).uniform(-2, 2, size=shape)
    # exp(y): finite where an exclusive scan gives -inf
    f = lambda t: tf.exp(tf.math.cumulative_logsumexp(  # noqa: E731
        t, axis=len(shape) - 1, exclusive=exclusive, reverse=reverse))
    theo, num = compute_gradient(f, [tf.constant(x)], delta=1e-6)
    np.testing.assert_allclose(theo[0], num[0], rtol=1e-5, atol=1e-7)


# ------------------------------------------------------------------------------------------
# bitcast

_BIT_TYPES = ["uint8", "int16", "uint16", "float16", "int32", "float32", "int64", "float64",
              "complex64", "complex128"]


@given(src=st.sampled_from(_BIT_TYPES), dst=st.sampled_from(_BIT_TYPES),
       rows=st.integers(0, 3), seed=st.integers(0, 2 ** 16))
def test_bitcast_reads_the_same_bytes(src, dst, rows, seed):
    a, b = np.dtype(src).itemsize, np.dtype(dst).itemsize
    last = (b // a,) if b > a else ()
    raw = np.random.default_rng(seed).integers(0, 256, size=(rows,) + last + (a,), dtype=np.uint8)
    x = raw.view(src).reshape((rows,) + last)
    got = tf.bitcast(tf.constant(x), getattr(tf, dst))
    want_shape = (rows,) + ((a // b,) if a > b else ())
    assert got.dtype.name == dst and got.shape == want_shape
    assert got.numpy().tobytes() == x.tobytes()
    back = tf.bitcast(got, getattr(tf, src))
    assert back.numpy().tobytes() == x.tobytes() and back.shape == x.shape


def test_bitcast_shape_errors():
    with pytest.raises(InvalidArgumentError, match="Cannot bitcast from 3 to 9"):
        tf.bitcast(tf.constant([[1, 2, 3]]), tf.int64)
    with pytest.raises(InvalidArgumentError, match="Cannot bitcast from 4 to 1"):
        tf.bitcast(tf.constant(7, tf.uint8), tf.float32)


# ------------------------------------------------------------------------------------------
# sets

set_rows = hnp.arrays(np.int32, st.tuples(st.integers(1, 3), st.integers(1, 4)),
                      elements=st.integers(0, 5))
_OPS = {"intersection": lambda a, b: a & b, "union": lambda a, b: a | b,
        "difference": lambda a, b: a - b}


def _expected(op, a_rows, b_rows):
    rows = [sorted(_OPS[op](a, b)) for a, b in zip(a_rows, b_rows)]
    idx = [[k, j] for k, r in enumerate(rows) for j in range(len(r))]
    vals = [v for r in rows for v in r]
    return idx, vals, [len(rows), max((len(r) for r in rows), default=0)]


def _dense_sets(x):
    return [set(r.tolist()) for r in x]


def _sparse_sets(x):
    return [set(r.tolist()) - {0} for r in x]


@given(a=set_rows, data=st.data(), op=st.sampled_from(sorted(_OPS)),
       sparse=st.sampled_from(["", "b", "a", "ab"]))
def test_sets_match_python_sets(a, data, op, sparse):
    b = data.draw(hnp.arrays(np.int32, (a.shape[0], data.draw(st.integers(1, 4))),
                             elements=st.integers(0, 5)))
    ta = tf.sparse.from_dense(a) if "a" in sparse else tf.constant(a)
    tb = tf.sparse.from_dense(b) if "b" in sparse else tf.constant(b)
    got = getattr(tf.sets, op)(ta, tb)
    sa = _sparse_sets(a) if "a" in sparse else _dense_sets(a)
    sb = _sparse_sets(b) if "b" in sparse else _dense_sets(b)
    idx, vals, shape = _expected(op, sa, sb)
    assert got.indices.numpy().reshape(-1, 2).tolist() == idx
    assert got.values.numpy().tolist() == vals and got.values.dtype == tf.int32
    assert got.dense_shape.numpy().tolist() == shape
    sizes = tf.sets.size(got)
    assert sizes.dtype == tf.int32 and sizes.numpy().tolist() == [len(_OPS[op](x, y))
                                                                   for x, y in zip(sa, sb)]


def test_sets_of_strings_and_difference_flip():
    got = tf.sets.union([["b", "a"]], [["c", "b"]])
    assert got.values.numpy().tolist() == [b"a", b"b", b"c"]
    sp = tf.sparse.from_dense([[1, 0, 2]])
    # a sparse first operand is swapped with the dense second; aminusb flips to keep a - b
    assert tf.sets.difference(sp, [[2, 5]]).values.numpy().tolist() == [1]
    assert tf.sets.difference([[2, 5]], sp).values.numpy().tolist() == [5]
