"""tf.data.Dataset: sources, transformations, batching, shuffling, cardinality and printing."""
import collections

import numpy as np
import pytest

import eagerflow as tf

D = tf.data.Dataset


def _np(ds):
    return list(ds.as_numpy_iterator())


def test_from_tensor_slices_structures_and_dtypes():
    X = np.arange(12, dtype=np.float32).reshape(6, 2)
    y = np.arange(6, dtype=np.int32)
    ds = D.from_tensor_slices((X, y))
    x0, y0 = next(iter(ds))
    assert x0.dtype == tf.float32 and x0.numpy().tolist() == [0.0, 1.0]
    assert y0.dtype == tf.int32 and int(y0) == 0
    assert D.from_tensor_slices([1, 2]).element_spec.dtype == tf.int32
    assert D.from_tensor_slices(np.array([1, 2])).element_spec.dtype == tf.int64
    assert D.from_tensor_slices([1.0]).element_spec.dtype == tf.float32
    d = _np(D.from_tensor_slices({"a": X, "b": y}).take(1))
    assert d[0]["a"].tolist() == [0.0, 1.0] and d[0]["b"] == 0
    Point = collections.namedtuple("Point", "x y")
    p = next(iter(D.from_tensor_slices(Point(X, y))))
    assert isinstance(p, Point) and int(p.y) == 0
    assert _np(D.from_tensor_slices(["a", "b"])) == [b"a", b"b"]
    with pytest.raises(ValueError, match="Dimensions 3 and 4 are not compatible"):
        D.from_tensor_slices((np.zeros(3), np.zeros(4)))


def test_reprs():
    assert repr(D.from_tensor_slices([1, 2, 3])) == (
        "<_TensorSliceDataset element_spec=TensorSpec(shape=(), dtype=tf.int32, name=None)>")
    r = D.range(5)
    assert repr(r.batch(2)) == (
        "<_BatchDataset element_spec=TensorSpec(shape=(None,), dtype=tf.int64, name=None)>")
    assert repr(r.batch(2, drop_remainder=True)).endswith("shape=(2,), dtype=tf.int64, name=None)>")
    names = [type(x).__name__ for x in (r.shuffle(2), r.map(lambda x: x), r.filter(
        lambda x: x > 1), r.repeat(), r.take(1), r.skip(1), r.prefetch(1), r.unbatch
        if False else r.batch(2).unbatch(), r.concatenate(r), r.enumerate())]
    assert names == ["_ShuffleDataset", "_MapDataset", "_FilterDataset", "_RepeatDataset",
                     "_TakeDataset", "_SkipDataset", "_PrefetchDataset", "_UnbatchDataset",
                     "_ConcatenateDataset", "_ZipDataset"]
    assert repr(r.cache()).startswith("<CacheDataset ")
    assert repr(r.map(lambda x: x, num_parallel_calls=tf.data.AUTOTUNE)).startswith(
        "<_ParallelMapDataset ")
    g = D.from_generator(lambda: iter([1, 2]), output_signature=tf.TensorSpec((), tf.int32))
    assert repr(g).startswith("<_FlatMapDataset ")


def test_batch_slices_and_cardinality():
    ds = D.range(5).batch(2)
    assert [b.tolist() for b in _np(ds)] == [[0, 1], [2, 3], [4]]
    assert int(ds.cardinality()) == 3 and len(ds) == 3
    dd = D.range(5).batch(2, drop_remainder=True)
    assert [b.tolist() for b in _np(dd)] == [[0, 1], [2, 3]] and len(dd) == 2
    X = np.arange(10, dtype=np.float32).reshape(5, 2)
    b = list(D.from_tensor_slices((X, np.arange(5))).batch(4))
    assert b[0][0].shape == (4, 2) and b[1][1].numpy().tolist() == [4]
    # batching after a map stacks the mapped elements
    assert [x.tolist() for x in _np(D.range(4).map(lambda x: x * 2).batch(3))] == [[0, 2, 4], [6]]


def test_cardinality_and_len_errors():
    assert tf.data.INFINITE_CARDINALITY == -1 and tf.data.UNKNOWN_CARDINALITY == -2
    assert tf.data.AUTOTUNE == -1 and tf.data.experimental.AUTOTUNE == -1
    assert int(D.range(2).repeat().cardinality()) == -1
    assert int(D.range(5).filter(lambda x: x > 2).cardinality()) == -2
    with pytest.raises(TypeError, match="The dataset is infinite."):
        len(D.range(2).repeat())
    with pytest.raises(TypeError, match="The dataset length is unknown."):
        len(D.range(5).filter(lambda x: x > 2))
    assert len(D.range(2).repeat(3)) == 6 and len(D.range(5).take(2)) == 2
    assert len(D.range(5).skip(2)) == 3 and len(D.range(3).concatenate(D.range(2))) == 5
    assert len(D.zip((D.range(3), D.range(5)))) == 3


def test_transformations():
    assert _np(D.range(5).map(lambda x: x * 2)) == [0, 2, 4, 6, 8]
    assert _np(D.range(5).filter(lambda x: x % 2 == 0)) == [0, 2, 4]
    assert _np(D.range(2).repeat(2)) == [0, 1, 0, 1]
    assert _np(D.range(5).take(2)) == [0, 1] and _np(D.range(5).skip(3)) == [3, 4]
    assert _np(D.range(5).take_while(lambda x: x < 3)) == [0, 1, 2]
    assert _np(D.range(3).enumerate(start=5)) == [(5, 0), (6, 1), (7, 2)]
    assert _np(D.range(6).batch(4).unbatch()) == list(range(6))
    assert _np(D.range(3).concatenate(D.range(2))) == [0, 1, 2, 0, 1]
    assert _np(D.zip(D.range(2), D.range(3, 5))) == [(0, 3), (1, 4)]
    assert _np(D.range(6).apply(lambda d: d.skip(4))) == [4, 5]
    m = D.from_tensor_slices(([1, 2], [3.0, 4.0])).map(lambda a, b: {"s": tf.cast(a, tf.float32)
                                                                      + b})
    assert _np(m) == [{"s": 4.0}, {"s": 6.0}]
    assert _np(D.range(3).flat_map(lambda x: D.range(x))) == [0, 0, 1]
    assert int(D.range(5).reduce(np.int64(0), lambda s, x: s + x)) == 10
    assert _np(D.from_tensors(({"a": 1}, 2))) == [({"a": 1}, 2)]
    # a list returned by map is a tuple element, as in TF
    assert _np(D.range(2).map(lambda x: [x, x + 1])) == [(0, 1), (1, 2)]


def test_padded_batch():
    ds = D.range(4).map(lambda x: tf.fill(tf.stack([x]), x)).padded_batch(2)
    out = _np(ds)
    assert out[0].tolist() == [[0], [1]] and out[1].tolist() == [[2, 2, 0], [3, 3, 3]]
    out = _np(D.range(3).map(lambda x: tf.fill(tf.stack([x]), x)).padded_batch(
        3, padded_shapes=[4], padding_values=np.int64(-1)))
    assert out[0].tolist() == [[-1, -1, -1, -1], [1, -1, -1, -1], [2, 2, -1, -1]]


def test_shuffle_is_a_permutation_and_seeded():
    a = _np(D.range(20).shuffle(20, seed=3))
    assert sorted(a) == list(range(20)) and a != list(range(20))
    assert _np(D.range(20).shuffle(20, seed=3)) == a
    ds = D.range(20).shuffle(20, seed=3)
    assert _np(ds) != _np(ds)  # a new order each iteration
    fixed = D.range(20).shuffle(20, seed=3, reshuffle_each_iteration=False)
    assert _np(fixed) == _np(fixed)
    small = _np(D.range(100).shuffle(2, seed=1))  # a buffer of 2 only mixes neighbours
    assert sorted(small) == list(range(100))
    assert all(v <= i + 1 for i, v in enumerate(small))
    tf.random.set_seed(7)
    a = _np(D.range(10).shuffle(10))
    tf.random.set_seed(7)
    assert _np(D.range(10).shuffle(10)) == a


def test_shuffle_then_batch_gathers_rows():
    X = np.arange(40, dtype=np.float32).reshape(20, 2)
    y = np.arange(20, dtype=np.int32)
    batches = list(D.from_tensor_slices((X, y)).shuffle(20, seed=0).batch(8))
    assert [b[0].shape[0] for b in batches] == [8, 8, 4]
    ys = np.concatenate([b[1].numpy() for b in batches])
    xs = np.concatenate([b[0].numpy() for b in batches])
    assert sorted(ys.tolist()) == list(range(20))
    assert (xs == X[ys]).all()  # rows stay paired with their labels
    # a non-sliceable input shuffles through the buffer
    m = _np(D.range(10).map(lambda x: x + 1).shuffle(4, seed=0).batch(5))
    assert sorted(np.concatenate(m).tolist()) == list(range(1, 11))


def test_generator():
    def gen():
        for i in range(3):
            yield i, [i] * 2
    ds = D.from_generator(gen, output_signature=(tf.TensorSpec((), tf.int32),
                                                 tf.TensorSpec((2,), tf.float32)))
    out = _np(ds)
    assert out[2][0] == 2 and out[2][1].dtype == np.float32
    assert len(_np(ds)) == 3  # the generator is called again on each iteration
    old = D.from_generator(lambda: iter([1.0]), output_types=tf.float32)
    assert old.element_spec == tf.TensorSpec(None, tf.float32) and _np(old) == [1.0]
    bad = D.from_generator(lambda: iter([[1, 2]]), output_signature=tf.TensorSpec((3,), tf.int32))
    with pytest.raises(tf.errors.InvalidArgumentError):
        _np(bad)


def test_iterators_and_cache():
    it = iter(D.range(2))
    assert int(next(it)) == 0 and int(it.get_next()) == 1
    with pytest.raises(StopIteration):
        next(it)
    with pytest.raises(tf.errors.OutOfRangeError):
        it.get_next()
    calls = []
    ds = D.range(3).map(lambda x: calls.append(1) or x).cache()
    assert _np(ds) == [0, 1, 2]
    n = len(calls)
    assert _np(ds) == [0, 1, 2] and len(calls) == n  # replayed from the cache
    assert [int(x) for x in D.range(3).prefetch(tf.data.AUTOTUNE)] == [0, 1, 2]
    assert int(D.from_tensors(5).get_single_element()) == 5


def test_for_loop_training_shapes():
    X = np.random.default_rng(0).normal(size=(1437, 64)).astype(np.float32)
    y = np.arange(1437, dtype=np.int32) % 10
    ds = D.from_tensor_slices((X, y)).shuffle(1437, seed=1).batch(32)
    n = 0
    for xb, yb in ds:
        n += int(xb.shape[0])
        assert xb.dtype == tf.float32 and yb.dtype == tf.int32
    assert n == 1437 and len(ds) == 45
