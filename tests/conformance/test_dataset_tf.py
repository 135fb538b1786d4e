"""tf.data: the same pipelines under real TensorFlow and under eagerflow (see harness.py):
elements, dtypes, element_spec and repr text, cardinality and len() errors must agree.
Shuffled orders are compared as sorted values (TF's random stream is not reproduced)."""
import os

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
tf = pytest.importorskip("tensorflow")

from . import harness  # noqa: E402
from .harness import snippet  # noqa: E402


def _data(np):
    X = np.arange(12, dtype=np.float32).reshape(6, 2)
    y = np.arange(6, dtype=np.int32)
    return X, y


def ds_slices_tuple_repr_and_elements(tf, np):
    X, y = _data(np)
    ds = tf.data.Dataset.from_tensor_slices((X, y))
    return repr(ds), list(ds.as_numpy_iterator()), len(ds), ds.cardinality()


def ds_slices_dict_and_batch_spec(tf, np):
    X, y = _data(np)
    ds = tf.data.Dataset.from_tensor_slices({"a": X, "b": y}).batch(4)
    return repr(ds), [str(e) for e in ds], repr(ds.element_spec)


def ds_slices_python_values(tf, np):
    return [repr(tf.data.Dataset.from_tensor_slices(v)) for v in
            ([1, 2], [1.0, 2.0], ["a", "b"], np.array([1, 2]), [[1, 2], [3, 4]], [True])]


def ds_iteration_prints(tf, np):
    for x in tf.data.Dataset.from_tensor_slices([[1, 2], [3, 4]]).batch(1):
        print(x)
    it = iter(tf.data.Dataset.range(2))
    print(next(it), next(it))
    return str(next(iter(tf.data.Dataset.from_tensor_slices(["a", "b"]))))


def ds_range_map_filter(tf, np):
    D = tf.data.Dataset
    return (list(D.range(10).map(lambda x: x * 2).filter(lambda x: x % 3 == 0)
                 .as_numpy_iterator()),
            repr(D.range(1, 8, 2)), list(D.range(1, 8, 2).as_numpy_iterator()),
            repr(D.range(3).map(lambda x: (x, tf.cast(x, tf.float32)))))


def ds_batch_drop_remainder_and_repeat(tf, np):
    D = tf.data.Dataset
    a = D.range(7).batch(3)
    b = D.range(7).batch(3, drop_remainder=True)
    c = D.range(3).repeat(2).batch(4)
    return ([x.tolist() for x in a.as_numpy_iterator()], len(a), repr(a),
            [x.tolist() for x in b.as_numpy_iterator()], len(b), repr(b),
            [x.tolist() for x in c.as_numpy_iterator()], len(c))


def ds_cardinalities(tf, np):
    D = tf.data.Dataset
    r = D.range(5)
    sets = [r, r.repeat(), r.repeat(3), r.filter(lambda x: x > 1), r.take(2), r.skip(2),
            r.skip(9), r.take(-1), r.batch(2).unbatch(), r.concatenate(r),
            D.zip((r, r.take(3))), r.enumerate(), r.shuffle(3), r.prefetch(2), r.cache(),
            r.take_while(lambda x: x < 2), r.repeat().take(4)]
    return ([int(d.cardinality()) for d in sets],
            tf.data.INFINITE_CARDINALITY, tf.data.UNKNOWN_CARDINALITY, tf.data.AUTOTUNE,
            tf.data.experimental.AUTOTUNE)


@snippet(raises="TypeError", msg_prefix=True)
def ds_len_infinite(tf, np):
    len(tf.data.Dataset.range(2).repeat())


@snippet(raises="TypeError", msg_prefix=True)
def ds_len_unknown(tf, np):
    len(tf.data.Dataset.range(5).filter(lambda x: x > 2))


@snippet(raises="ValueError", msg_prefix=True)
def ds_slices_mismatched(tf, np):
    tf.data.Dataset.from_tensor_slices((np.zeros(3), np.zeros(4)))


def ds_reprs(tf, np):
    D = tf.data.Dataset
    r = D.range(4)
    g = D.from_generator(lambda: iter([1, 2]), output_signature=tf.TensorSpec((), tf.int32))
    return [repr(d) for d in (
        D.from_tensors([1, 2]), D.zip((r, r)), r.concatenate(r), r.shuffle(4),
        r.map(lambda x: x + 1), r.map(lambda x: x + 1, num_parallel_calls=tf.data.AUTOTUNE),
        r.filter(lambda x: x > 0), r.repeat(), r.take(2), r.skip(1), r.prefetch(1), r.cache(),
        r.enumerate(), r.batch(2).unbatch(), g, r.take_while(lambda x: x < 2))]


def ds_zip_concat_enumerate(tf, np):
    D = tf.data.Dataset
    return (list(D.zip((D.range(3), D.range(10, 20))).as_numpy_iterator()),
            list(D.range(2).concatenate(D.range(5, 7)).as_numpy_iterator()),
            list(D.from_tensor_slices(["x", "y"]).enumerate(start=3).as_numpy_iterator()))


def ds_padded_batch(tf, np):
    ds = tf.data.Dataset.from_tensor_slices([1, 3, 2, 4]).map(
        lambda x: tf.range(x)).padded_batch(2)
    out = [x.tolist() for x in ds.as_numpy_iterator()]
    ds2 = tf.data.Dataset.from_tensor_slices([1, 3]).map(lambda x: tf.range(x)).padded_batch(
        2, padded_shapes=[5], padding_values=-1)
    return out, [x.tolist() for x in ds2.as_numpy_iterator()], repr(ds2)


def ds_shuffle_keeps_pairs(tf, np):
    X, y = _data(np)
    batches = list(tf.data.Dataset.from_tensor_slices((X, y)).shuffle(6, seed=1).batch(4))
    xs = np.concatenate([b[0].numpy() for b in batches])
    ys = np.concatenate([b[1].numpy() for b in batches])
    return sorted(ys.tolist()), bool((xs == X[ys]).all()), [b[0].shape for b in batches]


def ds_generator(tf, np):
    def gen():
        for i in range(3):
            yield i, [float(i)] * 2
    ds = tf.data.Dataset.from_generator(gen, output_signature=(
        tf.TensorSpec((), tf.int32), tf.TensorSpec((2,), tf.float32)))
    return repr(ds), list(ds.as_numpy_iterator()), list(ds.batch(2).as_numpy_iterator())


def ds_reduce_and_single(tf, np):
    D = tf.data.Dataset
    return (D.range(5).reduce(np.int64(0), lambda s, x: s + x),
            D.from_tensor_slices([1.0, 2.0]).reduce(0.0, lambda s, x: s + x),
            D.from_tensors(5).get_single_element())


def ds_map_structures(tf, np):
    X, y = _data(np)
    ds = tf.data.Dataset.from_tensor_slices((X, y)).map(
        lambda a, b: {"f": a * 2.0, "lbl": tf.cast(b, tf.int64)}).batch(3)
    return repr(ds), [str(e) for e in ds]


def ds_unbatch_take_skip(tf, np):
    D = tf.data.Dataset
    x = D.from_tensor_slices(np.arange(12).reshape(4, 3)).unbatch()
    return (list(x.take(5).as_numpy_iterator()), list(x.skip(9).as_numpy_iterator()),
            repr(x))


SNIPPETS = harness.collect(__name__)

try:
    other = harness.import_other()
except ImportError as e:  # eagerflow not importable yet
    pytest.skip(f"eagerflow not importable: {e}", allow_module_level=True)


@pytest.mark.parametrize("snip", SNIPPETS, ids=[s.name for s in SNIPPETS])
def test_dataset_conformance(snip):
    harness.check(snip, tf, other)
