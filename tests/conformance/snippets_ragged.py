"""Conformance snippets for tf.RaggedTensor and tf.ragged: construction, partitions, dtypes,
shapes, printing, elementwise ops and broadcasting, reductions, concat/stack, indexing, gradients
through the flat values, and TF's errors. Each ``name(tf, np)`` is one test (see harness.py)."""
import sys

from .harness import snippet

IAE = "InvalidArgumentError"
ROWS = [[3, 1, 4, 1], [], [5, 9, 2], [6], []]


def _rt(tf):
    return tf.ragged.constant(ROWS)


# ---------------------------------------------------------------- construction and printing

def rag_constant_repr(tf, np):
    return [repr(_rt(tf)), str(_rt(tf)), _rt(tf).dtype.name]


def rag_constant_floats_strings_bools(tf, np):
    return [str(tf.ragged.constant([[0.1, 2.0], [3.5]])),
            str(tf.ragged.constant([[0.1], [3.5]], dtype=tf.float64)),
            str(tf.ragged.constant([["a", "bc"], []])),
            str(tf.ragged.constant([[True], [False, True]]))]


def rag_constant_rank3_printing(tf, np):
    return [str(tf.ragged.constant([[[1, 2], [3]], [[4, 5]]])),
            str(tf.ragged.constant([[[1.5]], [[2.0, 3.0]]])),
            str(tf.ragged.constant([[[1, 2], [3, 4], [5, 6]], [[7, 8]]], ragged_rank=1))]


def rag_constant_degenerate(tf, np):
    return [tf.ragged.constant([1, 2, 3]), tf.ragged.constant(5), tf.ragged.constant([]),
            str(tf.ragged.constant([[], []])),
            str(tf.ragged.constant([[1, 2], [3]], dtype=tf.float32))]


def rag_constant_ragged_rank_inner_shape(tf, np):
    a = tf.ragged.constant([[[1, 2], [3, 4], [5, 6]], [[7, 8]]], ragged_rank=1)
    b = tf.ragged.constant([[1, 2], [3]], inner_shape=())
    return [str(a.shape), a.ragged_rank, str(a.flat_values.shape), str(b)]


@snippet(raises="ValueError", msg_prefix="Can't convert Python sequence with mixed types")
def rag_constant_mixed_types(tf, np):
    return tf.ragged.constant([["one", "two"], [3, 4]])


@snippet(raises="ValueError", msg_prefix="all scalar values must have the same nesting depth")
def rag_constant_mixed_depth(tf, np):
    return tf.ragged.constant(["A", ["B", "C"]])


@snippet(raises="ValueError", msg_prefix="pylist has scalar values depth 2, but ragged_rank=2")
def rag_constant_bad_ragged_rank(tf, np):
    return tf.ragged.constant([[1, 2], [3]], ragged_rank=2)


@snippet(raises="ValueError", msg_prefix="Can't convert non-rectangular Python sequence to Tensor.")
def rag_tf_constant_non_rectangular(tf, np):
    return tf.constant([[0, 1, 2, 3], [4, 5], [6, 7, 8], [9]])


def rag_factories(tf, np):
    v = [3, 1, 4, 1, 5, 9, 2]
    return [str(tf.RaggedTensor.from_value_rowids(v, [0, 0, 0, 0, 2, 2, 3])),
            str(tf.RaggedTensor.from_value_rowids(v, [0, 0, 0, 0, 2, 2, 3], nrows=6)),
            str(tf.RaggedTensor.from_row_lengths(v, [4, 0, 2, 1])),
            str(tf.RaggedTensor.from_row_splits(v, [0, 4, 4, 6, 7])),
            str(tf.RaggedTensor.from_row_starts(v, [0, 4, 4, 6])),
            str(tf.RaggedTensor.from_row_limits(v, [4, 4, 6, 7]))]


def rag_nested_factories(tf, np):
    inner = tf.RaggedTensor.from_row_splits(list(range(10, 20)), [0, 3, 3, 5, 9, 10])
    rt = tf.RaggedTensor.from_row_splits(inner, [0, 1, 1, 5])
    rt2 = tf.RaggedTensor.from_nested_row_splits(
        flat_values=list(range(10, 20)), nested_row_splits=([0, 1, 1, 5], [0, 3, 3, 5, 9, 10]))
    rt3 = tf.RaggedTensor.from_nested_row_lengths(list(range(10, 20)), ([1, 0, 4], [3, 0, 2, 4, 1]))
    return [str(rt), str(rt.shape), rt.ragged_rank, str(rt2), str(rt3)]


def rag_uniform_row_length(tf, np):
    rt = tf.RaggedTensor.from_uniform_row_length(
        values=tf.RaggedTensor.from_row_splits(list(range(10, 20)), [0, 3, 5, 9, 10]),
        uniform_row_length=2)
    flat = tf.RaggedTensor.from_uniform_row_length([1, 2, 3, 4, 5, 6], 2)
    return [str(rt), str(rt.shape), rt.ragged_rank, str(flat), str(flat.shape),
            flat.uniform_row_length]


def rag_inner_dense_values(tf, np):
    rt = tf.RaggedTensor.from_row_splits(
        values=[[1, 3], [0, 0], [1, 3], [5, 3], [3, 3], [1, 2]], row_splits=[0, 3, 4, 6])
    return [str(rt), str(rt.shape), rt.ragged_rank, str(rt.flat_values.shape), rt.flat_values]


def rag_splits_dtype(tf, np):
    a = tf.RaggedTensor.from_row_splits([1, 2, 3], tf.constant([0, 2, 3], tf.int32))
    b = tf.ragged.constant([[1], [2, 3]], row_splits_dtype=tf.int32)
    return [a.row_splits.dtype.name, b.row_splits.dtype.name, b.row_lengths(),
            _rt(tf).row_splits.dtype.name]


@snippet(raises=IAE, msg_prefix="Arguments to from_row_splits do not form a valid RaggedTensor:zero")
def rag_bad_splits_zero(tf, np):
    return tf.RaggedTensor.from_row_splits([1, 2, 3], [1, 2, 3])


@snippet(raises=IAE, msg_prefix="Arguments to from_row_splits do not form a valid RaggedTensor:mon")
def rag_bad_splits_monotonic(tf, np):
    return tf.RaggedTensor.from_row_splits([1, 2, 3], [0, 2, 1])


@snippet(raises=IAE, msg_prefix="Arguments to _from_row_partition do not form a valid RaggedTensor")
def rag_bad_splits_last(tf, np):
    return tf.RaggedTensor.from_row_lengths([1, 2, 3], [1, 1])


@snippet(raises="ValueError", msg_prefix="RaggedTensor constructor is private")
def rag_private_constructor(tf, np):
    return tf.RaggedTensor([1, 2], [0, 2])


# ---------------------------------------------------------------- partitions and conversions

def rag_partition_queries(tf, np):
    rt = _rt(tf)
    return [rt.values, rt.row_splits, rt.row_lengths(), rt.value_rowids(), rt.nrows(),
            rt.nrows(out_type=tf.int32), rt.row_starts(), rt.row_limits(), rt.bounding_shape(),
            rt.ragged_rank, str(rt.shape), rt.uniform_row_length]


def rag_nested_queries(tf, np):
    rt = tf.ragged.constant([[[1, 2], [3]], [[4]]])
    return [list(rt.nested_row_lengths()), list(rt.nested_value_rowids()),
            list(rt.nested_row_splits), str(rt.row_lengths(axis=2)), rt.bounding_shape(),
            rt.flat_values]


def rag_to_tensor(tf, np):
    rt = _rt(tf)
    return [rt.to_tensor(), rt.to_tensor(default_value=-1, shape=[3, 2]),
            rt.to_tensor(default_value=-1, shape=[6, 5]),
            tf.ragged.constant([["Hi"], ["Welcome", "to", "the", "fair"]]).to_tensor(
                default_value="", shape=[None, 10])]


def rag_from_tensor(tf, np):
    x = [[1, 3, -1, -1], [2, -1, -1, -1], [4, 5, 8, 9]]
    return [str(tf.RaggedTensor.from_tensor(x, padding=-1)),
            str(tf.RaggedTensor.from_tensor(x, lengths=[1, 0, 3])),
            str(tf.RaggedTensor.from_tensor(x)),
            str(tf.RaggedTensor.from_tensor(tf.reshape(tf.range(8), [2, 2, 2]), ragged_rank=2))]


def rag_to_list_numpy(tf, np):
    rt = tf.ragged.constant([[1, 2], [3, 4, 5], [6], [], [7]])
    return [rt.to_list(), repr(rt.numpy()), repr(tf.ragged.constant([[[1, 2], [3]], [[4]]]).numpy()),
            repr(tf.ragged.constant([["a"], ["b", "c"]]).numpy()), rt[1].numpy()]


def rag_merge_dims_with_values(tf, np):
    rt = tf.ragged.constant([[[1, 2], [3]], [[4]]])
    d = _rt(tf)
    return [str(rt.merge_dims(0, 1)), rt.merge_dims(0, -1), str(d.with_values(d.values * 2)),
            str(d.with_flat_values(tf.cast(d.flat_values, tf.float32)))]


def rag_python_protocol(tf, np):
    rt = _rt(tf)
    out = [[r.numpy().tolist() for r in rt], tf.is_tensor(rt), isinstance(rt, tf.Tensor)]
    for fn in (len, bool, hash):
        try:
            fn(rt)
        except TypeError as e:
            out.append(str(e))
    return out


# ---------------------------------------------------------------- elementwise ops

def rag_operators(tf, np):
    rt = _rt(tf)
    return [str(rt + 3), str(3 + rt), str(rt + rt), str(-rt), str(rt * 2), str(rt / 2),
            str(rt // 2), str(rt % 4), str(rt > 2), str(rt == rt), str(2 - rt)]


def rag_math_functions(tf, np):
    rt = _rt(tf)
    f = tf.ragged.constant([[0.5, -1.5], [2.0]])
    return [str(tf.add(rt, 3)), str(tf.math.square(rt)), str(tf.abs(-rt)), str(tf.maximum(rt, 3)),
            str(tf.cast(rt, tf.float32)), str(tf.math.floor(f)), str(tf.nn.relu(f)),
            str(tf.ones_like(rt)), str(tf.zeros_like(rt)), str(tf.math.sqrt(tf.abs(f)))]


def rag_where_logical(tf, np):
    rt = _rt(tf)
    return [str(tf.where(rt > 2, rt, -rt)), str(tf.logical_and(rt > 1, rt < 6)),
            str(tf.math.logical_not(rt > 1))]


def rag_map_flat_values(tf, np):
    rt = _rt(tf)
    return [str(tf.ragged.map_flat_values(lambda x: x * 2 + 1, rt)),
            str(tf.ragged.map_flat_values(tf.add, rt, rt))]


def rag_broadcast_dense(tf, np):
    x = tf.ragged.constant([[10, 87, 12], [19, 53], [12, 32]])
    x3 = tf.ragged.constant([[[1, 2], [3, 4], [5, 6]], [[7, 8]]], ragged_rank=1)
    x4 = tf.ragged.constant([[[[1], [2]], [], [[3]], [[4]]], [[[5], [6]], [[7]]]], ragged_rank=2)
    return [str(x + [[1000], [2000], [3000]]), str(x3 + tf.constant([[10]])),
            str(x4 + tf.constant([10, 20, 30])), str(tf.ragged.constant([[1, 2], [3]]) + 3)]


@snippet(raises=IAE, msg_prefix="Condition x == y did not hold.\nIndices of first 2 different")
def rag_add_mismatched_splits(tf, np):
    x = tf.ragged.constant([[1, 2, 3], [4], [5, 6]])
    y = tf.ragged.constant([[10, 20], [30, 40], [50]])
    return x + y


def rag_mismatch_messages(tf, np):
    out = []
    cases = [(tf.ragged.constant([[1, 2, 3], [4], [5, 6]]),
              tf.ragged.constant([[10, 20], [30, 40], [50]])),
             (tf.ragged.constant([[1, 2], [3, 4, 5, 6], [7]]),
              tf.constant([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]])),
             (tf.ragged.constant([[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10]]]),
              tf.ragged.constant([[[1, 2, 0], [3, 4, 0], [5, 6, 0]], [[7, 8, 0], [9, 10, 0]]]))]
    for x, y in cases:
        try:
            x + y
        except tf.errors.InvalidArgumentError as e:
            out.append(str(e))
    return out


@snippet(raises=IAE, msg_prefix="cannot compute AddV2 as input #1(zero-based) was expected to be a")
def rag_add_dtype_mismatch(tf, np):
    return _rt(tf) + tf.constant(1.5)


# ---------------------------------------------------------------- reductions

def rag_reductions_axis1(tf, np):
    rt = _rt(tf)
    return [tf.reduce_sum(rt, axis=1), tf.reduce_mean(rt, axis=1), tf.reduce_max(rt, axis=1),
            tf.reduce_min(rt, axis=-1), tf.reduce_prod(rt, axis=1),
            tf.reduce_any(rt > 3, axis=1), tf.reduce_all(rt > 3, axis=1)]


def rag_reductions_axis0_all(tf, np):
    rt = _rt(tf)
    f = tf.ragged.constant([[1.5, 2.5], [4.0]])
    return [tf.reduce_sum(rt, axis=0), tf.reduce_mean(rt, axis=0), tf.reduce_sum(rt),
            tf.reduce_max(rt), tf.reduce_sum(rt, axis=1, keepdims=True),
            tf.reduce_mean(f, axis=1), tf.math.reduce_max(f, axis=-1), tf.reduce_sum(rt, [0, 1])]


def rag_reduce_inner_dense(tf, np):
    rt = tf.ragged.constant([[[1, 2], [3, 4], [5, 6]], [[7, 8]]], ragged_rank=1)
    return [str(tf.reduce_sum(rt, axis=2)), tf.reduce_sum(rt, axis=1), tf.reduce_max(rt, axis=0)]


def rag_reductions_empty_rows_float(tf, np):
    # an empty row takes the segment reduction's value: the dtype's lowest/highest, not -inf/inf
    f = tf.ragged.constant([[1.5, 2.5], [], [4.0, -1.0, 4.0]])
    b = tf.ragged.constant([[True, False], [], [False]])
    return [tf.reduce_max(f, axis=1), tf.reduce_min(f, axis=1), tf.reduce_prod(f, axis=1),
            tf.reduce_mean(f, axis=1), tf.reduce_max(f, axis=0), tf.reduce_min(f, axis=0),
            tf.reduce_any(b, axis=1), tf.reduce_all(b, axis=1), tf.reduce_any(b, axis=0),
            tf.reduce_all(b, axis=0)]


def rag_reduction_gradients_segments(tf, np):
    x = tf.Variable([1.5, 2.5, 4.0, -1.0, 4.0])
    with tf.GradientTape(persistent=True) as t:
        r = tf.RaggedTensor.from_row_splits(x, [0, 2, 2, 5])
        mx = tf.reduce_sum(tf.reduce_max(r, axis=1) * tf.constant([1.0, 0.0, 2.0]))
        mn = tf.reduce_sum(tf.reduce_min(r, axis=0))
        pr = tf.reduce_sum(tf.reduce_prod(r, axis=1))
        me = tf.reduce_sum(tf.reduce_mean(r, axis=0))
    return [t.gradient(mx, x), t.gradient(mn, x), t.gradient(pr, x), t.gradient(me, x)]


# ---------------------------------------------------------------- concat, stack, shape ops

def rag_concat(tf, np):
    rt = _rt(tf)
    x = tf.ragged.constant([["John"], ["a", "big", "dog"], ["my", "cat"]])
    y = tf.ragged.constant([["fell", "asleep"], ["barked"], ["is", "fuzzy"]])
    return [str(tf.concat([rt, [[5, 3]]], axis=0)), str(tf.concat([rt, rt], axis=1)),
            str(tf.concat([x, y], axis=1)), str(tf.concat([x, y], axis=-1))]


def rag_concat_inner(tf, np):
    a = tf.ragged.constant([[[1, 2], [3, 4]], [[5, 6]]], ragged_rank=1)
    return [str(tf.concat([a, a * 10], axis=2)), str(tf.concat([a, a], axis=0))]


def rag_stack(tf, np):
    rt = _rt(tf)
    return [str(tf.stack([rt, rt], axis=0)), str(tf.stack([rt, rt], axis=1)),
            str(tf.ragged.stack([rt, rt]))]


def rag_tile_reverse_gather(tf, np):
    rt = _rt(tf)
    return [str(tf.tile(rt, [1, 2])), str(tf.tile(rt, [2, 1])), str(tf.reverse(rt, [1])),
            str(tf.reverse(rt, [0])), str(tf.gather(rt, [2, 0])), tf.size(rt), tf.rank(rt)]


def rag_range_boolean_mask(tf, np):
    return [str(tf.ragged.range([3, 0, 2])), str(tf.ragged.range([1, 2], [5, 4], 2)),
            str(tf.ragged.range(3, dtype=tf.int64)),
            str(tf.ragged.boolean_mask(tf.constant([[1, 2, 3], [4, 5, 6]]),
                                       tf.constant([[True, False, True], [False, False, True]])))]


def rag_embedding_lookup(tf, np):
    table = tf.reshape(tf.range(20.0), [10, 2])
    return str(tf.nn.embedding_lookup(table, tf.ragged.constant([[1, 2], [3], []])))


# ---------------------------------------------------------------- indexing

def rag_indexing_2d(tf, np):
    rt = _rt(tf)
    return [rt[0], str(rt[1:3]), str(rt[:, :2]), str(rt[:, -2:]), rt[2, 1], str(rt[::2]),
            str(rt[:, ::-1]), rt[-1]]


def rag_indexing_3d(tf, np):
    rt = tf.ragged.constant([[[1, 2, 3], [4]], [[5], [], [6]], [[7]], [[8, 9], [10]]])
    return [str(rt[1]), rt[3, 0], str(rt[:, 1:3]), str(rt[:, -1:]), str(rt[1:, :, :1])]


def rag_indexing_strings(tf, np):
    q = tf.ragged.constant([['Who', 'is', 'George', 'Washington'],
                            ['What', 'is', 'the', 'weather', 'tomorrow'], ['Goodnight']])
    return [q[1], q[1, 2], str(q[1:]), str(q[:, :3]), str(q[:, -2:])]


@snippet(raises="ValueError", msg_prefix="Cannot index into an inner ragged dimension.")
def rag_index_inner_ragged(tf, np):
    return _rt(tf)[:, 1]


@snippet(raises="IndexError", msg_prefix="Row key 5 out of bounds")
def rag_index_out_of_bounds(tf, np):
    return _rt(tf)[5]


@snippet(raises=IAE, msg_prefix="slice index 5 of dimension 0 out of bounds.")
def rag_index_inner_out_of_bounds(tf, np):
    return _rt(tf)[2, 5]


# ---------------------------------------------------------------- specs, printing, gradients

def rag_spec(tf, np):
    s = tf.RaggedTensorSpec(shape=[None, None], dtype=tf.int32)
    return [repr(s), str(tf.RaggedTensorSpec([2, None], tf.float32)), s.ragged_rank,
            s.is_compatible_with(_rt(tf)), s.is_compatible_with(tf.ragged.constant([[1.0]])),
            repr(tf.RaggedTensorSpec([None, None, None], tf.string)),
            s == tf.RaggedTensorSpec([None, None], tf.int32, 1)]


def rag_tf_print(tf, np):
    tf.print(_rt(tf), output_stream=sys.stdout)
    tf.print("rt:", tf.ragged.constant([[1, 2], [3]]), output_stream=sys.stdout)


def rag_gradients(tf, np):
    x = tf.constant([1.0, 2.0, 3.0, 4.0])
    with tf.GradientTape(persistent=True) as g:
        g.watch(x)
        r = tf.RaggedTensor.from_row_splits(x, [0, 2, 3, 4])
        a = tf.reduce_sum(tf.reduce_sum(r * r, axis=1))
        b = tf.reduce_sum(tf.reduce_mean(r, axis=1) * tf.constant([1.0, 10.0, 100.0]))
        c = tf.reduce_sum(r.to_tensor(default_value=5.0))
        d = tf.reduce_sum(tf.reduce_max(r, axis=1))
        e = tf.reduce_sum(tf.concat([r, r[:, :1]], axis=1).flat_values ** 2)
    return [tf.convert_to_tensor(g.gradient(v, x)) for v in (a, b, c, d, e)]


def rag_gradient_gather_exp(tf, np):
    x = tf.constant([0.5, -1.0, 2.0])
    with tf.GradientTape() as g:
        g.watch(x)
        r = tf.RaggedTensor.from_row_lengths(x, [1, 2])
        y = tf.reduce_sum(tf.math.exp(tf.gather(r, [1, 1, 0])).flat_values)
    return tf.convert_to_tensor(g.gradient(y, x))


def rag_dynamic_shape(tf, np):
    rt = tf.ragged.constant([[1], [2, 3, 4], [], [5, 6]])
    s = tf.shape(rt)
    x = tf.constant([['a', 'b'], ['c', 'd'], ['e', 'f']])
    out = [repr(s), str(tf.reshape(x, s)), str(tf.zeros(s)), str(tf.ones(s)),
           str(tf.fill(s, 'x')), s[0], repr(s[:1]),
           repr(tf.shape(tf.ragged.constant([[[1]], [[2], [3]]])))]
    try:
        s[1]
    except ValueError as e:
        out.append(str(e))
    return out
