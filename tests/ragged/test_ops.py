"""Ops on RaggedTensors against a Python-list reference: elementwise (operators, tf.math, dense
broadcasting, TF's row-splits errors), reductions, concat/stack, indexing, gather, tile, reverse;
gradients through the flat values against finite differences."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

import eagerflow as tf

ROWS = [[3, 1, 4, 1], [], [5, 9, 2], [6], []]
rows_st = st.lists(st.lists(st.integers(-20, 20), max_size=4), min_size=1, max_size=5)


def _map(fn, rows):
    return [[fn(v) for v in r] for r in rows]


@given(rows_st)
def test_elementwise_matches_lists(rows):
    rt = tf.ragged.constant(rows, dtype=tf.int32)
    assert (rt + 3).to_list() == _map(lambda v: v + 3, rows)
    assert (2 * rt).to_list() == _map(lambda v: 2 * v, rows)
    assert (rt - rt).to_list() == _map(lambda v: 0, rows)
    assert (-rt).to_list() == _map(lambda v: -v, rows)
    assert (rt > 2).to_list() == _map(lambda v: v > 2, rows)
    assert tf.math.square(rt).to_list() == _map(lambda v: v * v, rows)
    assert tf.abs(rt).to_list() == _map(abs, rows)
    assert tf.maximum(rt, 0).to_list() == _map(lambda v: max(v, 0), rows)
    assert tf.cast(rt, tf.float32).dtype == tf.float32
    assert tf.where(rt > 0, rt, -rt).to_list() == _map(abs, rows)


def test_dense_broadcasting():
    x = tf.ragged.constant([[10, 87, 12], [19, 53], [12, 32]])
    assert (x + [[1000], [2000], [3000]]).to_list() == \
        [[1010, 1087, 1012], [2019, 2053], [3012, 3032]]
    x3 = tf.ragged.constant([[[1, 2], [3, 4], [5, 6]], [[7, 8]]], ragged_rank=1)
    assert (x3 + tf.constant([[10]])).to_list() == \
        [[[11, 12], [13, 14], [15, 16]], [[17, 18]]]
    x4 = tf.ragged.constant([[[[1], [2]], [], [[3]], [[4]]], [[[5], [6]], [[7]]]], ragged_rank=2)
    out = x4 + tf.constant([10, 20, 30])
    assert out.to_list()[0][0] == [[11, 21, 31], [12, 22, 32]]
    assert out.shape.as_list() == [2, None, None, 3]


def test_incompatible_row_splits():
    x = tf.ragged.constant([[1, 2, 3], [4], [5, 6]])
    y = tf.ragged.constant([[10, 20], [30, 40], [50]])
    with pytest.raises(tf.errors.InvalidArgumentError) as e:
        x + y
    assert str(e.value).startswith("Condition x == y did not hold.\nIndices of first 2 different "
                                   "values:\n[[1]\n [3]]\nCorresponding x values:\n[3 6]")
    dense = tf.constant([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]])
    with pytest.raises(tf.errors.InvalidArgumentError, match="Condition x == y"):
        tf.ragged.constant([[1, 2], [3, 4, 5, 6], [7]]) + dense
    with pytest.raises(tf.errors.InvalidArgumentError, match="expected to be a int32 tensor"):
        x + 1.5


def _reduce_rows(rows, fn, empty):
    return [fn(r) if r else empty for r in rows]


@given(rows_st)
def test_reductions_match_lists(rows):
    rt = tf.ragged.constant(rows, dtype=tf.int32)
    i32 = np.iinfo(np.int32)
    assert tf.reduce_sum(rt, axis=1).numpy().tolist() == [sum(r) for r in rows]
    assert tf.reduce_max(rt, axis=1).numpy().tolist() == _reduce_rows(rows, max, i32.min)
    assert tf.reduce_min(rt, axis=-1).numpy().tolist() == _reduce_rows(rows, min, i32.max)
    assert tf.reduce_prod(rt, axis=1).numpy().tolist() == [int(np.prod(r, dtype=np.int32))
                                                           for r in rows]
    assert int(tf.reduce_sum(rt)) == sum(sum(r) for r in rows)
    width = max(len(r) for r in rows)
    cols = [[r[j] for r in rows if len(r) > j] for j in range(width)]
    assert tf.reduce_sum(rt, axis=0).numpy().tolist() == [sum(c) for c in cols]
    mean = tf.reduce_mean(rt, axis=1)
    assert mean.dtype == tf.float64
    np.testing.assert_allclose(mean.numpy(), [np.mean(r) if r else np.nan for r in rows])
    assert tf.reduce_any(rt > 3, axis=1).numpy().tolist() == [any(v > 3 for v in r)
                                                              for r in rows]
    assert tf.reduce_sum(rt, axis=1, keepdims=True).shape.as_list() == [len(rows), 1]


@given(rows_st, rows_st)
def test_concat_matches_lists(a, b):
    x, y = tf.ragged.constant(a, dtype=tf.int32), tf.ragged.constant(b, dtype=tf.int32)
    assert tf.concat([x, y], axis=0).to_list() == a + b
    if len(a) == len(b):
        assert tf.concat([x, y], axis=1).to_list() == [r + s for r, s in zip(a, b)]
        assert tf.stack([x, y], axis=1).to_list() == [[r, s] for r, s in zip(a, b)]
    assert tf.stack([x, x], axis=0).to_list() == [a, a]


def test_concat_with_dense_and_tile_reverse():
    rt = tf.ragged.constant(ROWS)
    assert tf.concat([rt, [[5, 3]]], axis=0).to_list() == ROWS + [[5, 3]]
    assert tf.tile(rt, [1, 2]).to_list() == [r + r for r in ROWS]
    assert tf.tile(rt, [2, 1]).to_list() == ROWS + ROWS
    assert tf.reverse(rt, [1]).to_list() == [r[::-1] for r in ROWS]
    assert tf.reverse(rt, [0]).to_list() == ROWS[::-1]
    assert int(tf.size(rt)) == 8 and int(tf.rank(rt)) == 2


@given(rows_st, st.integers(-6, 6), st.integers(-6, 6))
def test_slicing_matches_lists(rows, a, b):
    rt = tf.ragged.constant(rows, dtype=tf.int32)
    assert rt[a:b].to_list() == rows[a:b]
    assert rt[:, a:b].to_list() == [r[a:b] for r in rows]
    assert rt[::2].to_list() == rows[::2]
    assert rt[:, ::-1].to_list() == [r[::-1] for r in rows]
    for i in range(-len(rows), len(rows)):
        assert rt[i].numpy().tolist() == rows[i]


def test_indexing_rules():
    rt = tf.ragged.constant([[[1, 2, 3], [4]], [[5], [], [6]], [[7]], [[8, 9], [10]]])
    assert rt[1].to_list() == [[5], [], [6]]
    assert rt[3, 0].numpy().tolist() == [8, 9]
    assert rt[:, 1:3].to_list() == [[[4]], [[], [6]], [], [[10]]]
    assert rt[:, -1:].to_list() == [[[4]], [[6]], [[7]], [[10]]]
    with pytest.raises(ValueError, match="Cannot index into an inner ragged dimension"):
        tf.ragged.constant(ROWS)[:, 1]
    with pytest.raises(IndexError, match="Row key 7 out of bounds"):
        tf.ragged.constant(ROWS)[7]
    with pytest.raises(tf.errors.InvalidArgumentError, match="out of bounds"):
        tf.ragged.constant(ROWS)[2, 5]


def test_gather_and_map_flat_values():
    rt = tf.ragged.constant(ROWS)
    assert tf.gather(rt, [2, 0]).to_list() == [ROWS[2], ROWS[0]]
    assert tf.ragged.map_flat_values(lambda x: x * 2 + 1, rt).to_list() == \
        _map(lambda v: 2 * v + 1, ROWS)
    table = tf.reshape(tf.range(20.0), [10, 2])
    emb = tf.nn.embedding_lookup(table, tf.ragged.constant([[1, 2], [3]]))
    assert emb.to_list() == [[[2.0, 3.0], [4.0, 5.0]], [[6.0, 7.0]]]
    assert tf.ragged.boolean_mask(tf.constant([[1, 2, 3], [4, 5, 6]]), tf.constant(
        [[True, False, True], [False, False, True]])).to_list() == [[1, 3], [6]]


def _numeric_grad(f, x, eps=1e-6):
    g = np.zeros_like(x)
    for i in range(x.size):
        d = np.zeros_like(x)
        d.flat[i] = eps
        g.flat[i] = (f(x + d) - f(x - d)) / (2 * eps)
    return g


@pytest.mark.parametrize("fn", [
    lambda r: tf.reduce_sum(r * r, axis=1),
    lambda r: tf.reduce_mean(r, axis=1) * tf.constant([1.0, 10.0, 3.0], tf.float64),
    lambda r: tf.reduce_max(r, axis=1),
    lambda r: tf.reduce_sum(r, axis=0),
    lambda r: r.to_tensor(default_value=5.0) * 2.0,
    lambda r: tf.concat([r, r[:, :1]], axis=1).flat_values ** 2,
    lambda r: tf.math.exp(r[1:]).flat_values,
    lambda r: tf.gather(r, [2, 0, 2]).to_tensor(),
], ids=["sum_sq", "mean", "max", "sum0", "to_tensor", "concat_slice", "exp", "gather"])
def test_gradients_through_flat_values(fn):
    splits = [0, 2, 3, 5]
    x0 = np.array([0.3, -1.2, 0.7, 2.5, -0.4])

    def value(xv):
        r = tf.RaggedTensor.from_row_splits(tf.constant(xv), splits)
        return float(tf.reduce_sum(fn(r) * tf.constant(1.0, tf.float64)))

    x = tf.constant(x0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        r = tf.RaggedTensor.from_row_splits(x, splits)
        y = tf.reduce_sum(fn(r))
    g = tape.gradient(y, x)
    g = tf.convert_to_tensor(g)  # (a gather of the flat values: IndexedSlices, as in TF)
    np.testing.assert_allclose(g.numpy(), _numeric_grad(value, x0), rtol=1e-5, atol=1e-6)


def test_dynamic_shape():
    rt = tf.ragged.constant([[1], [2, 3, 4], [], [5, 6]])
    s = tf.shape(rt)
    assert repr(s) == "<DynamicRaggedShape lengths=[4, (1, 3, 0, 2)] num_row_partitions=1>"
    assert int(s[0]) == 4 and s[0].dtype == tf.int32
    with pytest.raises(ValueError, match="Index 1 is not uniform"):
        s[1]
    assert tf.zeros(s).to_list() == [[0.0], [0.0, 0.0, 0.0], [], [0.0, 0.0]]
    assert tf.reshape(tf.range(6), s).to_list() == [[0], [1, 2, 3], [], [4, 5]]
    assert tf.shape(tf.constant([1, 2])).numpy().tolist() == [2]  # dense calls unchanged
