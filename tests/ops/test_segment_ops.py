"""Segment reductions (ops/segment.py, ops/segment_sparse.py): forward against a NumPy loop over
segments for ids drawn by hypothesis (sorted, unsorted with negative ids, sparse with indices),
TF's errors for bad ids, and gradients against central finite differences (full Jacobians in
float64), including TF's routing of max/min gradients to the selected elements and prod's zero
cases. Expected special values were observed with TensorFlow 2.21."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

import eagerflow as tf
from eagerflow.autodiff.gradcheck import compute_gradient
from eagerflow.errors import InvalidArgumentError

KINDS = ["sum", "mean", "prod", "max", "min"]
UNSORTED_KINDS = ["sum", "prod", "max", "min", "mean", "sqrt_n"]
_NP = {"sum": np.sum, "prod": np.prod, "max": np.max, "min": np.min, "mean": np.mean,
       "sqrt_n": lambda r, axis: np.sum(r, axis=axis) / np.sqrt(len(r))}


def reference(kind, x, ids, rows, empty, dtype=np.float64):
    """The reduction of the rows (leading ids.ndim dims) of x whose id is each segment's, in
    ``dtype`` (an integer dtype keeps the integer identities exact)."""
    ids = np.asarray(ids)
    flat_ids = ids.reshape(-1)
    flat = x.reshape((flat_ids.size,) + x.shape[ids.ndim:])
    out = np.full((rows,) + x.shape[ids.ndim:], empty, dtype=dtype)
    for s in range(rows):
        picked = flat[flat_ids == s]
        if len(picked):
            out[s] = _NP[kind](picked.astype(dtype), axis=0)
    return out


def _lowest_highest(dtype):
    info = np.finfo(dtype) if np.dtype(dtype).kind == "f" else np.iinfo(dtype)
    return info.min, info.max


sorted_ids = st.lists(st.integers(0, 5), min_size=1, max_size=8).map(sorted)


@given(ids=sorted_ids, cols=st.integers(1, 3), kind=st.sampled_from(KINDS),
       dtype=st.sampled_from(["float64", "float32", "int32"]), seed=st.integers(0, 2 ** 16))
def test_sorted_segments_match_numpy(ids, cols, kind, dtype, seed):
    x = np.random.default_rng(seed).integers(-4, 5, size=(len(ids), cols)).astype(dtype)
    got = getattr(tf.math, "segment_" + kind)(tf.constant(x), ids)
    empty = 1.0 if kind == "prod" else 0.0  # TF's sorted kernels: empty segments 0, prod 1
    want = reference(kind, x, ids, max(ids) + 1, empty)
    if dtype == "int32" and kind == "mean":
        want = np.trunc(want)  # C++ integer division
    assert got.dtype.name == dtype and got.shape == want.shape
    np.testing.assert_allclose(got.numpy(), want.astype(dtype), rtol=1e-6)


@given(ids=st.lists(st.integers(-1, 4), min_size=1, max_size=8), rows=st.integers(0, 6),
       kind=st.sampled_from(UNSORTED_KINDS), seed=st.integers(0, 2 ** 16))
def test_unsorted_segments_match_numpy(ids, rows, kind, seed):
    rows = max(rows, max(ids) + 1)
    x = np.random.default_rng(seed).uniform(-3, 3, size=(len(ids), 2))
    got = getattr(tf.math, "unsorted_segment_" + kind)(tf.constant(x), ids, rows)
    lo, hi = _lowest_highest(np.float64)
    empty = {"prod": 1.0, "max": lo, "min": hi}.get(kind, 0.0)
    want = reference(kind, x, ids, rows, empty)
    assert got.dtype.name == "float64" and got.shape == want.shape
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-12)


@given(ids=st.lists(st.lists(st.integers(-1, 3), min_size=2, max_size=2), min_size=1,
                    max_size=3), kind=st.sampled_from(["sum", "max", "min"]),
       dtype=st.sampled_from(["float32", "int64", "uint8"]), seed=st.integers(0, 2 ** 16))
def test_unsorted_segments_with_matrix_ids(ids, kind, dtype, seed):
    ids = np.array(ids)
    x = np.random.default_rng(seed).integers(0, 9, size=ids.shape + (3,)).astype(dtype)
    got = getattr(tf.math, "unsorted_segment_" + kind)(tf.constant(x), ids, 4)
    lo, hi = _lowest_highest(dtype)
    want = reference(kind, x, ids, 4, {"max": lo, "min": hi}.get(kind, 0), dtype=x.dtype)
    assert got.dtype.name == dtype
    np.testing.assert_array_equal(got.numpy(), want)


@given(picks=st.lists(st.tuples(st.integers(0, 4), st.integers(0, 3)), min_size=1, max_size=7),
       kind=st.sampled_from(["sum", "mean", "sqrt_n"]), extra=st.integers(0, 2))
def test_sparse_segments_match_numpy(picks, kind, extra):
    picks = sorted(picks, key=lambda p: p[1])
    indices = [p[0] for p in picks]
    ids = [p[1] for p in picks]
    x = np.arange(15.0).reshape(5, 3) - 4
    fn = getattr(tf.sparse, "segment_" + kind)
    rows = max(ids) + 1 + extra
    got = fn(tf.constant(x), indices, ids, num_segments=rows if extra else None)
    want = reference(kind, x[indices], ids, rows, 0.0)
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-12)


@given(ids=st.lists(st.integers(0, 4), min_size=2, max_size=6).filter(
    lambda v: any(a > b for a, b in zip(v, v[1:]))), kind=st.sampled_from(KINDS))
def test_unsorted_ids_are_an_error_for_sorted_ops(ids, kind):
    with pytest.raises(InvalidArgumentError) as e:
        getattr(tf.math, "segment_" + kind)(tf.ones([len(ids), 2]), ids)
    msg = str(e.value)
    assert msg.startswith("segment ids are not increasing") or \
        msg.startswith("Segment id") and "possibly because 'segment_ids' input is not sorted" in msg


def test_sorted_and_unsorted_errors():
    x = tf.ones([4, 2])
    cases = [
        (lambda: tf.math.segment_sum(x, [-1, 0, 0, 2]),
         "Segment id -1 out of range [0, 3), possibly because 'segment_ids' input is not sorted."),
        (lambda: tf.math.segment_sum(x, [-1, -1, -1, -1]), "segment ids must be >= 0"),
        (lambda: tf.math.segment_sum(x, [0, 0, 1]),
         "segment_ids should be the same size as dimension 0 of input."),
        (lambda: tf.math.unsorted_segment_sum(x, [0, 1, 4, 0], 4),
         "segment_ids[2] = 4 is out of range [0, 4)"),
        (lambda: tf.math.unsorted_segment_sum(x, [0, 1, 1], 2),
         "data.shape = [4,2] does not start with segment_ids.shape = [3]"),
        (lambda: tf.math.unsorted_segment_min(x, [0, 1, 1, 0], -2),
         "Input num_segments == -2 must not be negative."),
        (lambda: tf.sparse.segment_sum(x, [0, 5], [0, 0]), "Bad: indices[1] == 5 out of range"),
        (lambda: tf.sparse.segment_mean(x, [0, 1], [1, 0]), "segment ids are not increasing"),
    ]
    for call, start in cases:
        with pytest.raises(InvalidArgumentError) as e:
            call()
        assert str(e.value).startswith(start), (str(e.value), start)


def test_special_values_observed_in_tf():
    # TF 2.21: empty unsorted max is the dtype's lowest finite value, not -inf
    got = tf.math.unsorted_segment_max(tf.constant([1.0], tf.float16), [1], 2)
    assert got.numpy()[0] == np.finfo(np.float16).min
    got = tf.math.unsorted_segment_max(tf.constant([1.0], tf.bfloat16), [1], 2)
    assert float(got.numpy()[0]) == -3.3895313892515355e+38
    assert tf.math.segment_mean(tf.constant([-3, 0]), [0, 0]).numpy().tolist() == [-1]
    assert tf.math.unsorted_segment_mean(tf.constant([1, 2]), [0, 0], 1).dtype == tf.float64


# ------------------------------------------------------------------------------------------
# gradients

def _check_jacobian(f, x):
    theo, num = compute_gradient(f, [tf.constant(x)], delta=1e-6)
    np.testing.assert_allclose(theo[0], num[0], rtol=1e-5, atol=1e-6)


@given(ids=sorted_ids, kind=st.sampled_from(KINDS), seed=st.integers(0, 2 ** 16))
def test_sorted_gradients_match_finite_differences(ids, kind, seed):
    # distinct values a clear distance apart: max/min are differentiable there
    x = np.random.default_rng(seed).permutation(2 * len(ids)).reshape(len(ids), 2) * 0.5 + 0.25
    _check_jacobian(lambda t: getattr(tf.math, "segment_" + kind)(t, ids), x)


@given(ids=st.lists(st.integers(-1, 3), min_size=1, max_size=7),
       kind=st.sampled_from(UNSORTED_KINDS), seed=st.integers(0, 2 ** 16))
def test_unsorted_gradients_match_finite_differences(ids, kind, seed):
    x = np.random.default_rng(seed).permutation(2 * len(ids)).reshape(len(ids), 2) * 0.5 + 0.25
    _check_jacobian(lambda t: getattr(tf.math, "unsorted_segment_" + kind)(t, ids, 4), x)


@given(picks=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), min_size=1, max_size=6),
       kind=st.sampled_from(["sum", "mean", "sqrt_n"]), with_num=st.booleans())
def test_sparse_gradients_match_finite_differences(picks, kind, with_num):
    picks = sorted(picks, key=lambda p: p[1])
    indices, ids = [p[0] for p in picks], [p[1] for p in picks]
    fn = getattr(tf.sparse, "segment_" + kind)
    _check_jacobian(lambda t: fn(t, indices, ids, num_segments=5 if with_num else None),
                    np.linspace(-1, 2, 8).reshape(4, 2))


def _grad(f, x):
    x = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = f(x)
    return tape.gradient(y, x).numpy()


def test_max_min_gradient_is_shared_among_ties():
    # TF divides a segment's gradient evenly among the elements equal to its max
    g = _grad(lambda x: tf.math.segment_max(x, [0, 0, 0, 1]), [2.0, 2.0, 1.0, 3.0])
    np.testing.assert_allclose(g, [0.5, 0.5, 0.0, 1.0])
    g = _grad(lambda x: tf.math.unsorted_segment_min(x, [1, -1, 1, 1], 2), [1.0, 0.0, 1.0, 1.0])
    np.testing.assert_allclose(g, [1 / 3, 0.0, 1 / 3, 1 / 3])


def test_prod_gradient_with_zeros():
    # one zero: only it gets the product of the others; two zeros: nothing
    g = _grad(lambda x: tf.math.segment_prod(x, [0, 0, 0, 1, 1]), [2.0, 0.0, 3.0, 0.0, 0.0])
    np.testing.assert_allclose(g, [0.0, 6.0, 0.0, 0.0, 0.0])
    g = _grad(lambda x: tf.math.unsorted_segment_prod(x, [1, 1, -1, 1], 2), [2.0, 0.0, 3.0, 5.0])
    np.testing.assert_allclose(g, [0.0, 10.0, 0.0, 0.0])


def test_second_derivative_through_segment_sum():
    x = tf.constant([1.0, 2.0, 3.0])
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = tf.reduce_sum(tf.math.unsorted_segment_sum(x * x, [0, 0, 1], 2) ** 2)
        g = inner.gradient(y, x)
    h = outer.gradient(g, x)
    # y = (x0^2 + x1^2)^2 + x2^4; h sums the Hessian's rows (d2y/dx0dx1 = 8 x0 x1 = 16)
    np.testing.assert_allclose(g.numpy(), [4 * 5 * 1, 4 * 5 * 2, 4 * 27])
    np.testing.assert_allclose(h.numpy(), [20 + 8 + 16, 20 + 32 + 16, 12 * 9])


@given(picks=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), min_size=1, max_size=6),
       kind=st.sampled_from(["sum", "mean", "sqrt_n"]), with_num=st.booleans())
def test_sparse_gradient_is_indexed_slices_of_the_dense_gradient(picks, kind, with_num):
    picks = sorted(picks, key=lambda p: p[1])
    indices, ids = [p[0] for p in picks], [p[1] for p in picks]
    fn = getattr(tf.sparse, "segment_" + kind)
    x = tf.constant(np.linspace(-1, 2, 8).reshape(4, 2))
    grads = []
    for sparse in (False, True):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = fn(x, indices, ids, num_segments=5 if with_num else None, sparse_gradient=sparse)
            y = y * np.arange(1.0, y.shape[0] + 1)[:, None]
        grads.append(tape.gradient(y, x))
    dense, slices = grads
    assert isinstance(slices, tf.IndexedSlices)
    assert slices.indices.numpy().tolist() == sorted(set(indices))  # distinct rows, sorted
    assert slices.dense_shape.numpy().tolist() == [4, 2]
    np.testing.assert_allclose(tf.convert_to_tensor(slices).numpy(), dense.numpy())
