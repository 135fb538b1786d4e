"""RaggedTensor construction, partition queries, conversions and printing (no TensorFlow needed);
round trips over random ragged lists with hypothesis."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

import eagerflow as tf

ROWS = [[3, 1, 4, 1], [], [5, 9, 2], [6], []]


def rows_strategy(depth=2):
    leaf = st.integers(-50, 50)
    inner = st.lists(leaf, max_size=4)
    if depth == 3:
        inner = st.lists(inner, max_size=3)
    return st.lists(inner, min_size=1, max_size=5)


@given(rows_strategy())
def test_constant_to_list_round_trip(rows):
    rt = tf.ragged.constant(rows)
    assert rt.to_list() == rows
    assert rt.shape.as_list() == [len(rows), None]
    assert rt.dtype in (tf.int32, tf.float32)  # float32 when every row is empty


@given(rows_strategy(3))
def test_constant_rank3_round_trip(rows):
    rows = rows + [[[0]]]  # one scalar fixes the depth (all-empty lists are depth-ambiguous)
    rt = tf.ragged.constant(rows, dtype=tf.int64)
    assert rt.to_list() == rows
    assert rt.ragged_rank == 2
    assert len(rt.nested_row_splits) == 2


@given(rows_strategy())
def test_to_tensor_matches_padding(rows):
    rt = tf.ragged.constant(rows, dtype=tf.int32)
    width = max(len(r) for r in rows)
    want = [r + [-7] * (width - len(r)) for r in rows]
    assert rt.to_tensor(default_value=-7).numpy().tolist() == want
    back = tf.RaggedTensor.from_tensor(rt.to_tensor(), lengths=rt.row_lengths())
    assert back.to_list() == rows


@given(rows_strategy(), st.data())
def test_factories_agree(rows, data):
    rt = tf.ragged.constant(rows, dtype=tf.int32)
    values, splits = rt.values, rt.row_splits
    lengths = [len(r) for r in rows]
    for other in (tf.RaggedTensor.from_row_lengths(values, lengths),
                  tf.RaggedTensor.from_value_rowids(values, rt.value_rowids(), nrows=len(rows)),
                  tf.RaggedTensor.from_row_starts(values, splits[:-1]),
                  tf.RaggedTensor.from_row_limits(values, splits[1:]),
                  tf.RaggedTensor.from_nested_row_splits(values, [splits])):
        assert other.to_list() == rows
        assert other.row_splits.numpy().tolist() == splits.numpy().tolist()


def test_partition_queries():
    rt = tf.ragged.constant(ROWS)
    assert rt.row_splits.numpy().tolist() == [0, 4, 4, 7, 8, 8]
    assert rt.row_splits.dtype == tf.int64
    assert rt.row_lengths().numpy().tolist() == [4, 0, 3, 1, 0]
    assert rt.value_rowids().numpy().tolist() == [0, 0, 0, 0, 2, 2, 2, 3]
    assert int(rt.nrows()) == 5 and rt.nrows(out_type=tf.int32).dtype == tf.int32
    assert rt.bounding_shape().numpy().tolist() == [5, 4]
    assert rt.row_starts().numpy().tolist() == [0, 4, 4, 7, 8]
    assert rt.row_limits().numpy().tolist() == [4, 4, 7, 8, 8]
    assert rt.ragged_rank == 1 and rt.uniform_row_length is None


def test_nested_and_uniform():
    rt = tf.RaggedTensor.from_nested_row_splits(
        flat_values=list(range(10, 20)), nested_row_splits=([0, 1, 1, 5], [0, 3, 3, 5, 9, 10]))
    assert rt.to_list() == [[[10, 11, 12]], [], [[], [13, 14], [15, 16, 17, 18], [19]]]
    assert rt.shape.as_list() == [3, None, None]
    assert rt.flat_values.shape.as_list() == [10]
    assert rt.row_lengths(axis=2).to_list() == [[3], [], [0, 2, 4, 1]]
    u = tf.RaggedTensor.from_uniform_row_length([1, 2, 3, 4, 5, 6], 2)
    assert u.shape.as_list() == [3, 2]
    assert str(u) == "<tf.RaggedTensor [[1, 2],\n [3, 4],\n [5, 6]]>"


def test_printing():
    rt = tf.ragged.constant(ROWS)
    assert repr(rt) == "<tf.RaggedTensor [[3, 1, 4, 1], [], [5, 9, 2], [6], []]>"
    assert str(tf.ragged.constant([[0.1, 2.0], [3.5]])) == "<tf.RaggedTensor [[0.1, 2.0], [3.5]]>"
    assert str(tf.ragged.constant([["a", "bc"], []])) == "<tf.RaggedTensor [[b'a', b'bc'], []]>"
    assert str(tf.ragged.constant([[[1.5]], [[2.0, 3.0]]])) == \
        "<tf.RaggedTensor [[[1.5]],\n [[2.0, 3.0]]]>"


def test_numpy_is_object_array_of_rows():
    a = tf.ragged.constant(ROWS).numpy()
    assert a.dtype == object and a.shape == (5,)
    assert a[0].tolist() == [3, 1, 4, 1] and a[0].dtype == np.int32


def test_from_tensor_padding_and_ragged_rank():
    x = [[1, 3, -1, -1], [2, -1, -1, -1], [4, 5, 8, 9]]
    assert tf.RaggedTensor.from_tensor(x, padding=-1).to_list() == [[1, 3], [2], [4, 5, 8, 9]]
    t = tf.reshape(tf.range(8), [2, 2, 2])
    rt = tf.RaggedTensor.from_tensor(t, ragged_rank=2)
    assert rt.ragged_rank == 2 and rt.to_list() == t.numpy().tolist()
    with pytest.raises(ValueError):
        tf.RaggedTensor.from_tensor(x, lengths=[1, 1, 1], padding=-1)


def test_to_tensor_shape_cuts_and_pads():
    rt = tf.ragged.constant(ROWS)
    assert rt.to_tensor(default_value=-1, shape=[3, 2]).numpy().tolist() == \
        [[3, 1], [-1, -1], [5, 9]]
    assert rt.to_tensor(shape=[None, 6]).shape.as_list() == [5, 6]
    s = tf.ragged.constant([["Hi"], ["Welcome", "to"]])
    assert s.to_tensor(default_value="", shape=[None, 3]).numpy().tolist() == \
        [[b"Hi", b"", b""], [b"Welcome", b"to", b""]]


def test_merge_dims_and_with_values():
    rt = tf.ragged.constant([[[1, 2], [3]], [[4]]])
    assert rt.merge_dims(0, 1).to_list() == [[1, 2], [3], [4]]
    assert rt.merge_dims(0, -1).numpy().tolist() == [1, 2, 3, 4]
    r2 = tf.ragged.constant(ROWS)
    assert r2.with_values(r2.values * 2).to_list()[0] == [6, 2, 8, 2]
    assert r2.with_flat_values(tf.cast(r2.flat_values, tf.float32)).dtype == tf.float32


def test_validation_errors():
    with pytest.raises(tf.errors.InvalidArgumentError, match="monotonic"):
        tf.RaggedTensor.from_row_splits([1, 2, 3], [0, 2, 1])
    with pytest.raises(tf.errors.InvalidArgumentError, match="zero"):
        tf.RaggedTensor.from_row_splits([1, 2, 3], [1, 2, 3])
    with pytest.raises(tf.errors.InvalidArgumentError, match="_from_row_partition"):
        tf.RaggedTensor.from_row_lengths([1, 2, 3], [1, 1])
    with pytest.raises(ValueError, match="constructor is private"):
        tf.RaggedTensor([1], [0, 1])


def test_constant_errors_and_degenerate_cases():
    with pytest.raises(ValueError, match="same nesting depth"):
        tf.ragged.constant(["A", ["B", "C"]])
    with pytest.raises(ValueError, match="mixed types"):
        tf.ragged.constant([["one", "two"], [3, 4]])
    with pytest.raises(ValueError, match="requires scalar value depth greater than 2"):
        tf.ragged.constant([[1, 2], [3]], ragged_rank=2)
    assert isinstance(tf.ragged.constant([1, 2, 3]), tf.Tensor)
    assert tf.ragged.constant([]).dtype == tf.float32
    assert tf.ragged.constant([[], []]).to_list() == [[], []]
    rr1 = tf.ragged.constant([[[1, 2], [3, 4], [5, 6]], [[7, 8]]], ragged_rank=1)
    assert rr1.shape.as_list() == [2, None, 2] and rr1.flat_values.shape.as_list() == [4, 2]


def test_python_protocol():
    rt = tf.ragged.constant(ROWS)
    with pytest.raises(TypeError, match="has no len"):
        len(rt)
    with pytest.raises(TypeError, match="boolean"):
        bool(rt)
    with pytest.raises(TypeError, match="unhashable"):
        hash(rt)
    assert [r.numpy().tolist() for r in rt] == ROWS
    assert tf.is_tensor(rt) and not isinstance(rt, tf.Tensor)


def test_spec():
    spec = tf.RaggedTensorSpec(shape=[None, None], dtype=tf.int32)
    assert repr(spec) == "RaggedTensorSpec(TensorShape([None, None]), tf.int32, 1, tf.int64)"
    assert spec.is_compatible_with(tf.ragged.constant(ROWS))
    assert not spec.is_compatible_with(tf.ragged.constant([[1.0]]))
    assert spec == tf.RaggedTensorSpec([None, None], tf.int32, 1)
    rt = tf.ragged.constant([[[1], [2, 3]], [[4]]])
    s3 = tf.RaggedTensorSpec.from_value(rt)
    parts = s3._to_components(rt)
    assert len(parts) == 3 and parts[0] is rt.flat_values
    assert s3._from_components(parts).to_list() == rt.to_list()


def test_range_and_segments():
    assert tf.ragged.range([3, 0, 2]).to_list() == [[0, 1, 2], [], [0, 1]]
    assert tf.ragged.range([1, 2], [5, 4], 2).to_list() == [[1, 3], [2]]
    assert tf.ragged.row_splits_to_segment_ids([0, 2, 2, 3]).numpy().tolist() == [0, 0, 2]
    assert tf.ragged.segment_ids_to_row_splits([0, 0, 2]).numpy().tolist() == [0, 2, 2, 3]
