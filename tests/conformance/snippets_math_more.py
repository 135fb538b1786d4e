"""Conformance snippets for the segment reductions (tf.math.segment_*, unsorted_segment_*,
tf.sparse.segment_*), tf.math.bincount, tf.histogram_fixed_width(_bins),
tf.math.cumulative_logsumexp, tf.sets and tf.bitcast: printed results, dtypes, TF's errors for
wrong calls, gradients under GradientTape and the same ops inside tf.function. Each
``name(tf, np)`` is one test (see harness.py)."""
from .harness import snippet

IAE = "InvalidArgumentError"


def _data(tf):
    return tf.constant([[1., 2.], [3., 4.], [5., 6.], [7., 8.]])


def _grad(tf, f, x0):
    x = tf.constant(x0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = f(x)
    return tape.gradient(y, x)


# ==================================================================== sorted segments

def seg_sum_print(tf, np):
    out = tf.math.segment_sum(_data(tf), [0, 0, 2, 2])
    print(out)
    return out


def seg_all_kinds(tf, np):
    d = _data(tf)
    ids = tf.constant([0, 0, 1, 3])
    return [tf.math.segment_sum(d, ids), tf.math.segment_mean(d, ids),
            tf.math.segment_prod(d, ids), tf.math.segment_max(d, ids),
            tf.math.segment_min(d, ids)]


def seg_int_dtypes(tf, np):
    x = tf.constant([5, -3, 4, 7], tf.int64)
    ids = tf.constant([0, 0, 2, 2], tf.int64)
    return [tf.math.segment_mean(x, ids), tf.math.segment_max(x, ids),
            tf.math.segment_sum(tf.constant([200, 100], tf.uint8), [0, 0])]


def seg_half_and_complex(tf, np):
    return [tf.math.segment_sum(tf.constant([1., 2., 4.], tf.float16), [1, 1, 2]),
            tf.math.segment_mean(tf.constant([1 + 2j, 3j]), [0, 0])]


def seg_empty(tf, np):
    return tf.math.segment_sum(tf.zeros([0, 3]), tf.zeros([0], tf.int32))


@snippet(raises=IAE, msg_prefix="segment ids are not increasing")
def seg_unsorted_error(tf, np):
    tf.math.segment_sum(_data(tf), [0, 2, 0, 2])


@snippet(raises=IAE, msg_prefix="Segment id -1 out of range [0, 3), possibly because")
def seg_negative_first(tf, np):
    tf.math.segment_max(_data(tf), [-1, 0, 0, 2])


@snippet(raises=IAE, msg_prefix="segment ids must be >= 0")
def seg_all_negative(tf, np):
    tf.math.segment_sum(_data(tf)[:2], [-1, -1])


@snippet(raises=IAE, msg_prefix="segment_ids should be the same size as dimension 0")
def seg_wrong_length(tf, np):
    tf.math.segment_sum(_data(tf), [0, 0, 1])


@snippet(raises=IAE, msg_prefix="segment_ids should be a vector.")
def seg_ids_matrix(tf, np):
    tf.math.segment_mean(_data(tf), [[0, 0], [1, 1]])


@snippet(raises=IAE, msg_prefix="input must be at least rank 1")
def seg_scalar_data(tf, np):
    tf.math.segment_sum(tf.constant(1.), [0])


@snippet(raises=IAE, msg_prefix="Value for attr 'Tindices' of float is not in the list")
def seg_float_ids(tf, np):
    tf.math.segment_sum(_data(tf), [0., 0., 1., 1.])


@snippet(raises=IAE, msg_prefix=True)
def seg_bool_data(tf, np):
    tf.math.segment_sum(tf.constant([True]), [0])


@snippet(raises=IAE, msg_prefix=True)
def seg_max_complex(tf, np):
    tf.math.segment_max(tf.constant([1 + 2j]), [0])


def seg_grads(tf, np):
    x0 = np.array([[1., 5.], [3., 2.], [4., 4.], [0., 7.], [2., 2.]])
    ids = [0, 0, 1, 1, 3]
    return [_grad(tf, lambda x: tf.math.segment_sum(x, ids) * [[1., 2.]], x0),
            _grad(tf, lambda x: tf.math.segment_mean(x, ids), x0),
            _grad(tf, lambda x: tf.math.segment_max(x, ids), x0),
            _grad(tf, lambda x: tf.math.segment_min(x, ids), x0),
            _grad(tf, lambda x: tf.math.segment_prod(x, ids), x0)]


def seg_max_ties_share(tf, np):
    return _grad(tf, lambda x: tf.math.segment_max(x, [0, 0, 0, 1]), np.array([2., 2., 1., 3.]))


def seg_prod_zero_grads(tf, np):
    return [_grad(tf, lambda x: tf.math.segment_prod(x, [0, 0, 0, 1, 1]),
                  np.array([2., 0., 3., 0., 0.])),
            _grad(tf, lambda x: tf.math.unsorted_segment_prod(x, [1, 1, 0, 1], 2),
                  np.array([2., 0., 3., 5.]))]


def seg_second_order(tf, np):
    x = tf.constant([1., 2., 3.])
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = tf.reduce_sum(tf.math.segment_sum(x * x, [0, 0, 1]) ** 2)
        g = inner.gradient(y, x)
    return [g, outer.gradient(g, x)]


def seg_in_function(tf, np):
    @tf.function
    def f(x, ids):
        return tf.math.segment_sum(x, ids), tf.math.segment_max(x, ids)
    a = f(_data(tf), tf.constant([0, 0, 1, 1]))
    b = f(_data(tf), tf.constant([0, 1, 2, 4]))  # another length, same trace
    return [a, b, f.experimental_get_tracing_count()]


@snippet(raises=IAE, msg_prefix="segment ids are not increasing")
def seg_in_function_error(tf, np):
    tf.function(lambda x, i: tf.math.segment_sum(x, i))(_data(tf), tf.constant([1, 0, 0, 0]))


# ==================================================================== unsorted segments

def useg_print(tf, np):
    out = tf.math.unsorted_segment_sum(_data(tf), [3, 0, 3, -1], 5)
    print(out)
    return out


def useg_empty_identities(tf, np):
    d = _data(tf)
    ids = [3, 0, 3, 1]
    return [str(tf.math.unsorted_segment_max(d, ids, 5)),
            str(tf.math.unsorted_segment_min(d, ids, 5)),
            tf.math.unsorted_segment_prod(d, ids, 5), tf.math.unsorted_segment_mean(d, ids, 5),
            tf.math.unsorted_segment_sqrt_n(d, ids, 5)]


def useg_int_identities(tf, np):
    return [tf.math.unsorted_segment_max(tf.constant([1, 2]), [0, 0], 2),
            tf.math.unsorted_segment_min(tf.constant([1, 2], tf.int64), [1, 1], 2),
            tf.math.unsorted_segment_max(tf.constant([1, 2], tf.uint8), [0, 0], 2),
            str(tf.math.unsorted_segment_max(tf.constant([1, 2], tf.float16), [0, 0], 2))]


def useg_int_mean_is_float64(tf, np):
    return tf.math.unsorted_segment_mean(tf.constant([1, 2, 4]), [0, 0, 1], 3)


def useg_ids_matrix(tf, np):
    x = tf.reshape(tf.range(12.), [2, 2, 3])
    return [tf.math.unsorted_segment_sum(x, [[0, 1], [1, -1]], 3),
            tf.math.unsorted_segment_sum(tf.ones([2, 2]), 0, 2)]


def useg_num_segments_forms(tf, np):
    d = _data(tf)
    return [tf.math.unsorted_segment_sum(d, [0, 1, 1, 0], tf.constant(3, tf.int64)),
            tf.math.unsorted_segment_sum(d, tf.constant([0, 1, 1, 0], tf.int16), 2)]


@snippet(raises=IAE, msg_prefix="segment_ids[2] = 5 is out of range [0, 5)")
def useg_id_too_large(tf, np):
    tf.math.unsorted_segment_sum(_data(tf), [3, 0, 5, 1], 5)


@snippet(raises=IAE, msg_prefix="segment_ids[1,0] = 5 is out of range [0, 2)")
def useg_id_too_large_2d(tf, np):
    tf.math.unsorted_segment_max(tf.ones([2, 2, 3]), [[0, 1], [5, 0]], 2)


@snippet(raises=IAE, msg_prefix="data.shape = [4,2] does not start with segment_ids.shape = [3]")
def useg_shape_mismatch(tf, np):
    tf.math.unsorted_segment_sum(_data(tf), [0, 1, 1], 2)


@snippet(raises=IAE, msg_prefix="Input num_segments == -1 must not be negative.")
def useg_negative_num(tf, np):
    tf.math.unsorted_segment_sum(_data(tf), [0, 1, 1, 0], -1)


@snippet(raises=IAE, msg_prefix="num_segments should be a scalar, not shape [1]")
def useg_num_vector(tf, np):
    tf.math.unsorted_segment_prod(_data(tf), [0, 1, 1, 0], [3])


@snippet(raises=IAE, msg_prefix="Value for attr 'Tnumsegments' of float is not in the list")
def useg_float_num(tf, np):
    tf.math.unsorted_segment_sum(_data(tf), [0, 1, 1, 0], 2.0)


@snippet(raises=IAE, msg_prefix="Value for attr 'T' of int32 is not in the list")
def useg_sqrt_n_int(tf, np):
    tf.math.unsorted_segment_sqrt_n(tf.constant([1, 2]), [0, 0], 2)


def useg_grads(tf, np):
    x0 = np.array([[1., 5.], [3., 2.], [4., 4.], [0., 7.], [2., 2.]])
    ids = [2, -1, 0, 2, 0]
    return [_grad(tf, lambda x: tf.math.unsorted_segment_sum(x, ids, 4) * [[1., 3.]], x0),
            _grad(tf, lambda x: tf.math.unsorted_segment_max(x, ids, 3), x0),
            _grad(tf, lambda x: tf.math.unsorted_segment_min(x, ids, 3), x0),
            _grad(tf, lambda x: tf.math.unsorted_segment_prod(x, ids, 3), x0),
            _grad(tf, lambda x: tf.math.unsorted_segment_mean(x, ids, 3), x0),
            _grad(tf, lambda x: tf.math.unsorted_segment_sqrt_n(x, ids, 3), x0)]


def useg_in_function(tf, np):
    @tf.function
    def f(x, ids, n):
        return tf.math.unsorted_segment_max(x, ids, n)
    return [f(_data(tf), tf.constant([1, 0, 1, -1]), tf.constant(2)),
            f(_data(tf), tf.constant([4, 0, 1, -1]), tf.constant(5)),
            f.experimental_get_tracing_count()]


def useg_grad_in_function(tf, np):
    @tf.function
    def f(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.math.unsorted_segment_sum(x * x, [1, 0, 1], 3)
        return y, tape.gradient(y, x)
    return f(tf.constant([1., 2., 3.]))


# ==================================================================== sparse segments

def sps_all(tf, np):
    d = _data(tf)
    return [tf.sparse.segment_sum(d, [0, 3, 3], [0, 0, 2]),
            tf.sparse.segment_mean(d, [0, 3, 3], [0, 0, 2]),
            tf.sparse.segment_sqrt_n(d, [0, 3, 3], [0, 0, 2]),
            tf.sparse.segment_sum(d, [0, 3, 3], [0, 0, 2], num_segments=4),
            tf.sparse.segment_mean(d, tf.constant([1, 1], tf.int64), [0, 1], num_segments=3)]


def sps_int(tf, np):
    return tf.sparse.segment_sum(tf.constant([1, 2, 3]), [0, 1, 2], [0, 0, 1])


@snippet(raises=IAE, msg_prefix="segment ids must be < num_segments")
def sps_num_too_small(tf, np):
    tf.sparse.segment_sum(_data(tf), [0, 3, 3], [0, 0, 2], num_segments=2)


@snippet(raises=IAE, msg_prefix="Bad: indices[1] == 4 out of range [0, 4)")
def sps_bad_index(tf, np):
    tf.sparse.segment_sum(_data(tf), [0, 4, 3], [0, 0, 1])


@snippet(raises=IAE, msg_prefix="segment ids are not increasing")
def sps_unsorted(tf, np):
    tf.sparse.segment_sqrt_n(_data(tf), [0, 3, 3], [0, 2, 0])


@snippet(raises=IAE, msg_prefix="segment_ids and indices should have same size.")
def sps_length_mismatch(tf, np):
    tf.sparse.segment_sum(_data(tf), [0, 1, 3], [0, 0])


@snippet(raises=IAE, msg_prefix="Value for attr 'T' of int32 is not in the list")
def sps_mean_int(tf, np):
    tf.sparse.segment_mean(tf.constant([1, 2, 3]), [0, 1, 2], [0, 0, 1])


def sps_grads(tf, np):
    x0 = np.array([[1., 5.], [3., 2.], [4., 4.]])
    idx, ids = [0, 2, 2, 1], [0, 0, 1, 3]
    return [_grad(tf, lambda x: tf.sparse.segment_sum(x, idx, ids) * [[1., 2.]], x0),
            _grad(tf, lambda x: tf.sparse.segment_mean(x, idx, ids), x0),
            _grad(tf, lambda x: tf.sparse.segment_sqrt_n(x, idx, ids, num_segments=5), x0)]


# ==================================================================== bincount

def bc_basic(tf, np):
    out = tf.math.bincount([1, 1, 3, 0])
    print(out)
    return [out, tf.math.bincount(tf.constant([], tf.int32)),
            tf.math.bincount(tf.constant([], tf.int32), minlength=3),
            tf.math.bincount([1, 1, 3, 0], minlength=6, maxlength=2),
            tf.math.bincount(3)]


def bc_weights_and_dtypes(tf, np):
    return [tf.math.bincount([1, 1, 3, 0], weights=[.5, .25, 1, 2]),
            tf.math.bincount([1, 1, 3, 0], weights=tf.constant([.5, .25, 1, 2], tf.float64)),
            tf.math.bincount([1, 1, 3, 0], weights=[1, 2, 3, 4]),
            tf.math.bincount([1, 1, 3, 0], dtype=tf.float32),
            tf.math.bincount([1, 1, 3, 0], dtype=tf.int64),
            tf.math.bincount(tf.constant([1, 1], tf.int64)),
            tf.math.bincount([1.7, 1, 3, 0]), tf.math.bincount([True, False, True])]


def bc_axis_and_binary(tf, np):
    return [tf.math.bincount([[1, 2], [0, 0]]), tf.math.bincount([[1, 2], [0, 0]], axis=-1),
            tf.math.bincount([[1, 2], [0, 0]], weights=[[1., 2.], [3., 4.]], axis=-1),
            tf.math.bincount([1, 1, 3, 0], binary_output=True),
            tf.math.bincount([[1, 1], [3, 0]], binary_output=True, axis=-1)]


@snippet(raises=IAE, msg_prefix="Input arr must be non-negative!")
def bc_negative(tf, np):
    tf.math.bincount([1, -1, 3, 0])


@snippet(raises="ValueError", msg_prefix="Arguments `binary_output` and `weights` are mutually")
def bc_binary_with_weights(tf, np):
    tf.math.bincount([1, 1], weights=[1., 2.], binary_output=True)


@snippet(raises="ValueError", msg_prefix="Unsupported value for argument axis=1. Only 0 and -1")
def bc_bad_axis(tf, np):
    tf.math.bincount([[1, 2]], axis=1)


@snippet(raises=IAE, msg_prefix="`weights` must be the same shape as `arr` or a length-0")
def bc_weights_shape(tf, np):
    tf.math.bincount([1, 1, 3, 0], weights=[1., 2., 3.])


@snippet(raises=IAE, msg_prefix="Shape must be at most rank 2 but is rank 3")
def bc_rank3_axis(tf, np):
    tf.math.bincount(tf.zeros([2, 2, 2], tf.int32), axis=-1)


@snippet(raises=IAE, msg_prefix="size (-3) must be non-negative")
def bc_negative_maxlength(tf, np):
    tf.math.bincount([1, 1], maxlength=-3)


@snippet(raises=IAE, msg_prefix="Value for attr 'Tidx' of uint8 is not in the list of allowed")
def bc_uint8(tf, np):
    tf.math.bincount(tf.constant([1, 1], tf.uint8))


@snippet(raises=IAE, msg_prefix="Value for attr 'T' of half is not in the list")
def bc_half_weights(tf, np):
    tf.math.bincount([1, 0], weights=tf.constant([1., 2.], tf.float16))


@snippet(raises="TypeError", msg_prefix="Cannot convert 4.5 to EagerTensor of dtype int32")
def bc_float_minlength(tf, np):
    tf.math.bincount([1, 1], minlength=4.5)


@snippet(raises="LookupError", msg_prefix="gradient registry has no entry for: DenseBincount")
def bc_no_gradient(tf, np):
    w = tf.constant([1., 2., 3.])
    with tf.GradientTape() as tape:
        tape.watch(w)
        y = tf.math.bincount([0, 1, 1], weights=w)
    tape.gradient(y, w)


def bc_in_function(tf, np):
    f = tf.function(lambda a: tf.math.bincount(a, minlength=2))
    return [f(tf.constant([0, 3, 3])), f(tf.constant([5])), f.experimental_get_tracing_count()]


# ==================================================================== histograms

def hist_basic(tf, np):
    out = tf.histogram_fixed_width([-1., 0, 0.5, 1, 2, 5, 6], [0., 5.], nbins=5)
    print(out)
    return [out, tf.histogram_fixed_width([-1, 0, 1, 2, 5, 6], [0, 5], nbins=5),
            tf.histogram_fixed_width([-1., 0], [0., 5.], nbins=5, dtype=tf.int64),
            tf.histogram_fixed_width([[-1., 0], [3, 4]], [0., 5.], nbins=5),
            tf.histogram_fixed_width([-1., 0], [0, 5], nbins=5),
            tf.histogram_fixed_width([1.], [0., 5.])]


def hist_float_edges(tf, np):
    x = tf.constant(np.linspace(-0.3, 1.3, 41), tf.float32)
    return [tf.histogram_fixed_width(x, [0., 1.], nbins=7),
            tf.histogram_fixed_width(tf.cast(x, tf.float64), [0.1, 0.9], nbins=3)]


@snippet(raises=IAE, msg_prefix="value_range should satisfy value_range[0] < value_range[1], "
                                "but got '[5, 5]'")
def hist_bad_range(tf, np):
    tf.histogram_fixed_width([-1., 0], [5., 5.], nbins=5)


@snippet(raises=IAE, msg_prefix="nbins should be a positive number, but got '0'")
def hist_zero_bins(tf, np):
    tf.histogram_fixed_width([-1., 0], [0., 5.], nbins=0)


@snippet(raises=IAE, msg_prefix="value_range should be a vector of 2 elements.")
def hist_range_three(tf, np):
    tf.histogram_fixed_width([-1., 0], [0., 5., 6.], nbins=5)


@snippet(raises=IAE, msg_prefix="Histogram values must not contain NaN")
def hist_nan(tf, np):
    tf.histogram_fixed_width([np.nan, 1.], [0., 5.], nbins=5)


@snippet(raises=IAE, msg_prefix="Value for attr 'dtype' of float is not in the list")
def hist_float_dtype(tf, np):
    tf.histogram_fixed_width([-1., 0], [0., 5.], nbins=5, dtype=tf.float32)


def hist_bins(tf, np):
    return [tf.histogram_fixed_width_bins([-1., 0, 0.5, 1, 2, 5, 6], [0., 5.], nbins=5),
            tf.histogram_fixed_width_bins([[-1., 0], [0.5, 4.9]], [0., 5.], nbins=5),
            tf.histogram_fixed_width_bins([-1., 0, 3], [0., 5.], nbins=5, dtype=tf.int64)]


@snippet(raises=IAE, msg_prefix="cannot compute Mul as input #1(zero-based) was expected")
def hist_bins_int_values(tf, np):
    tf.histogram_fixed_width_bins([-1, 0, 3], [0, 5], nbins=5)


@snippet(raises=IAE, msg_prefix="Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true.")
def hist_bins_zero_bins(tf, np):
    tf.histogram_fixed_width_bins([-1., 0, 3], [0., 5.], nbins=0)


def hist_in_function(tf, np):
    f = tf.function(lambda v: (tf.histogram_fixed_width(v, [0., 1.], nbins=4),
                               tf.histogram_fixed_width_bins(v, [0., 1.], nbins=4)))
    return f(tf.constant([0.1, 0.2, 0.9, 1.5]))


# ==================================================================== cumulative_logsumexp

def clse_forms(tf, np):
    x = [0., 1., 2.]
    out = tf.math.cumulative_logsumexp(x)
    print(out)
    return [out, tf.math.cumulative_logsumexp(x, exclusive=True),
            tf.math.cumulative_logsumexp(x, reverse=True),
            tf.math.cumulative_logsumexp(x, reverse=True, exclusive=True),
            tf.math.cumulative_logsumexp([[0., 1.], [2., 3.]], axis=-1),
            tf.math.cumulative_logsumexp([0., 1.], axis=tf.constant(0)),
            tf.math.cumulative_logsumexp([-np.inf, -np.inf, 1.]),
            tf.math.cumulative_logsumexp([1000., 1000.])]


def clse_dtypes(tf, np):
    return [tf.math.cumulative_logsumexp(tf.constant([0., 1.], tf.float16)),
            tf.math.cumulative_logsumexp(tf.constant([0., 1.], tf.float64))]


@snippet(raises=IAE, msg_prefix="ScanOp: Expected scan axis in the range [-2, 2), but got 2")
def clse_bad_axis(tf, np):
    tf.math.cumulative_logsumexp([[0., 1.], [2., 3.]], axis=2)


@snippet(raises=IAE, msg_prefix="Value for attr 'T' of int32 is not in the list")
def clse_int(tf, np):
    tf.math.cumulative_logsumexp([0, 1])


@snippet(raises="TypeError", msg_prefix="Cannot convert 0.0 to EagerTensor of dtype int32")
def clse_float_axis(tf, np):
    tf.math.cumulative_logsumexp([0., 1.], axis=0.)


def clse_grads(tf, np):
    x0 = np.array([[0.5, -1.0, 2.0], [1., 1., 1.]])
    w = tf.constant([[1., -2., 0.5], [0.3, 0.2, -1.]], tf.float64)
    out = []
    for exclusive in (False, True):
        for reverse in (False, True):
            out.append(_grad(tf, lambda x: tf.math.cumulative_logsumexp(
                x, axis=1, exclusive=exclusive, reverse=reverse) * w, x0))
    return out


def clse_in_function(tf, np):
    @tf.function
    def f(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.math.cumulative_logsumexp(x, reverse=True)
        return y, tape.gradient(y, x)
    return f(tf.constant([0.5, 1.5, -2.0]))


# ==================================================================== sets

def _ab(tf):
    return tf.constant([[1, 2, 3, 4], [5, 6, 7, 8]]), tf.constant([[1, 2, 5], [5, 6, 6]])


def sets_print(tf, np):
    a, b = _ab(tf)
    out = tf.sets.intersection(a, b)
    print(out)
    return [str(out), out.indices, out.values, out.dense_shape]


def sets_ops(tf, np):
    a, b = _ab(tf)
    return [str(tf.sets.union(a, b)), str(tf.sets.difference(a, b)),
            str(tf.sets.difference(a, b, aminusb=False)),
            tf.sparse.to_dense(tf.sets.intersection(a, b)),
            tf.sets.size(tf.sets.union(a, b)),
            tf.sets.size(tf.sparse.from_dense([[1, 1, 0, 2]]))]


def sets_other_dtypes(tf, np):
    return [str(tf.sets.intersection([["a", "b"]], [["b", "c"]])),
            str(tf.sets.union([["b", "a"]], [["c", "b"]])),
            str(tf.sets.intersection(tf.constant([[1, 2]], tf.uint8),
                                     tf.constant([[2]], tf.uint8))),
            str(tf.sets.union(tf.constant([[3, 1, 3]], tf.int64), tf.constant([[2]], tf.int64)))]


def sets_shapes(tf, np):
    return [str(tf.sets.intersection(tf.reshape(tf.range(8), [2, 2, 2]),
                                     tf.reshape(tf.range(4), [2, 2, 1]))),
            str(tf.sets.intersection([[1, 2], [3, 4]], [[5], [6]]))]


def sets_with_sparse(tf, np):
    sp = tf.sparse.from_dense([[1, 0, 2], [0, 3, 3]])
    dense = tf.constant([[2, 0], [4, 3]])
    return [str(tf.sets.intersection(sp, dense)), str(tf.sets.union(dense, sp)),
            str(tf.sets.difference(sp, dense)), str(tf.sets.difference(dense, sp)),
            str(tf.sets.union(sp, tf.sparse.from_dense([[5, 0, 0], [0, 0, 1]])))]


@snippet(raises="TypeError", msg_prefix="Expected `SparseTensor`, got tf.Tensor(")
def sets_size_dense(tf, np):
    tf.sets.size(tf.constant([[1, 2]]))


@snippet(raises=IAE, msg_prefix="Shape [3] has rank 1 < 2")
def sets_rank1(tf, np):
    tf.sets.intersection([1, 2, 3], [2, 3])


@snippet(raises=IAE, msg_prefix="Mismatched shapes [2] vs [1]")
def sets_group_mismatch(tf, np):
    a, _ = _ab(tf)
    tf.sets.intersection(a, [[1, 2]])


@snippet(raises="TypeError", msg_prefix="'a' has invalid dtype `<dtype: 'float32'>` not in "
                                        "supported dtypes")
def sets_float(tf, np):
    tf.sets.intersection([[1., 2.]], [[1., 3.]])


@snippet(raises="TypeError", msg_prefix="Types don't match, <dtype: 'int32'> vs <dtype: 'int64'>.")
def sets_dtype_mismatch(tf, np):
    tf.sets.union([[1, 2]], tf.constant([[1, 3]], tf.int64))


# ==================================================================== bitcast

def bitcast_sizes(tf, np):
    out = tf.bitcast(tf.constant([1., 2.]), tf.uint8)
    print(out)
    return [out, tf.bitcast(tf.constant([1., 2.]), tf.int32),
            tf.bitcast(tf.constant([[0, 0, 128, 63], [0, 0, 0, 64]], tf.uint8), tf.float32),
            tf.bitcast(tf.constant([1 + 2j]), tf.float64),
            tf.bitcast(tf.constant([[1., 2.]], tf.float64), tf.complex128),
            tf.bitcast(tf.constant(1.), tf.uint8), tf.bitcast(1.5, tf.int32),
            tf.bitcast(tf.constant([1.], tf.float16), tf.int16),
            tf.bitcast(tf.constant([1.], tf.bfloat16), tf.uint16),
            tf.bitcast(tf.zeros([0, 4], tf.uint8), tf.float32),
            tf.bitcast(tf.constant([1.]), "int32")]


@snippet(raises=IAE, msg_prefix="Cannot bitcast from 4 to 1")
def bitcast_bad_last_dim(tf, np):
    tf.bitcast(tf.constant([0, 0, 128], tf.uint8), tf.float32)


@snippet(raises=IAE, msg_prefix="Cannot bitcast from 3 to 9")
def bitcast_bad_ratio(tf, np):
    tf.bitcast(tf.constant([[1, 2, 3]]), tf.int64)


@snippet(raises=IAE, msg_prefix="Value for attr 'T' of bool is not in the list of allowed")
def bitcast_bool(tf, np):
    tf.bitcast(tf.constant([True]), tf.uint8)


@snippet(raises=IAE, msg_prefix="Value for attr 'type' of string is not in the list of allowed")
def bitcast_to_string(tf, np):
    tf.bitcast(tf.constant([1.]), tf.string)


@snippet(raises="LookupError", msg_prefix="gradient registry has no entry for: Bitcast")
def bitcast_no_gradient(tf, np):
    x = tf.constant([1., 2.])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.bitcast(x, tf.float32)
    tape.gradient(y, x)


def bitcast_in_function(tf, np):
    f = tf.function(lambda x: (tf.bitcast(x, tf.uint8), tf.bitcast(x, tf.int32)))
    return f(tf.constant([1., -2.]))


# ==================================================================== names

def math_more_names(tf, np):
    names = ["segment_sum", "unsorted_segment_sqrt_n", "bincount", "cumulative_logsumexp",
             "histogram_fixed_width", "histogram_fixed_width_bins", "bitcast"]
    return [[hasattr(tf, n), hasattr(tf.math, n)] for n in names] + [
        sorted(n for n in dir(tf.sets) if not n.startswith("_")),
        sorted(n for n in dir(tf.sparse) if n.startswith("segment"))]


# ==================================================================== later additions

def sps_sparse_gradient(tf, np):
    x = tf.constant([[1., 2.], [3., 4.], [5., 6.]])
    out = []
    for fn in (tf.sparse.segment_sum, tf.sparse.segment_mean, tf.sparse.segment_sqrt_n):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = fn(x, [2, 0, 2], [0, 0, 1], num_segments=3, sparse_gradient=True)
            y = y * [[1.], [2.], [3.]]
        g = tape.gradient(y, x)
        out.append([type(g).__name__, str(g), tf.convert_to_tensor(g)])
    return out


def sets_in_function(tf, np):
    @tf.function
    def f(a, b):
        s = tf.sets.intersection(a, b)
        return s.indices, s.values, s.dense_shape, tf.sets.size(s)
    return f(tf.constant([[1, 2, 3], [4, 5, 6]]), tf.constant([[2, 3], [7, 4]]))


@snippet(raises=IAE, msg_prefix="indices[1] = [0,0] is out of order. Many sparse ops require")
def sets_unordered_sparse(tf, np):
    sp = tf.sparse.SparseTensor([[0, 1], [0, 0]], [1, 2], [1, 3])
    tf.sets.union(sp, [[5]])


def sets_unordered_not_validated(tf, np):
    sp = tf.sparse.SparseTensor([[0, 1], [0, 0]], [1, 2], [1, 3])
    return str(tf.sets.union(sp, [[5]], validate_indices=False))


@snippet(raises=IAE, msg_prefix="indices[1] = [0,0] is repeated")
def sets_size_repeated_index(tf, np):
    tf.sets.size(tf.sparse.SparseTensor([[0, 0], [0, 0]], [1, 2], [1, 3]))
