"""Random-number cases whose outputs must be TF 2.21's bit for bit: ``CASES[name](tf)`` returns a
list of values (tensors, arrays, ints). Run under eagerflow by tests/ops/test_random_tf_streams.py
against the stored digests in tests/data/random_golden.json, and under both libraries by
tests/conformance/test_random_tf.py.

Regenerate the golden file with real TF:  python -m tests.ops.random_tf_cases
"""
import hashlib
import json
import os

import numpy as np

GOLDEN = os.path.join(os.path.dirname(__file__), os.pardir, "data", "random_golden.json")
SIZES = (1, 3, 4, 5, 1000, 10001)
CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


# ---------------------------------------------------------------------------------------------
# stateless ops: Philox, the seed scrambling and every distribution, over sizes that cut
# Philox's groups of four (and two) differently

def _stateless(kind, dtype, seed=(1, 2), **kw):
    def run(tf):
        fn = getattr(tf.random, kind)
        dt = getattr(tf, dtype)
        return [fn([n], seed=seed, dtype=dt, **kw) for n in SIZES]
    run.__name__ = "stateless_%s_%s_%s" % (kind.replace("stateless_", ""), dtype,
                                         "_".join(str(s).replace("-", "m") for s in seed))
    return case(run)


for _seed in ((1, 2), (0, 0), (-1, 7)):
    _stateless("stateless_uniform", "float32", _seed)
    _stateless("stateless_normal", "float32", _seed)
    _stateless("stateless_truncated_normal", "float32", _seed)
_stateless("stateless_uniform", "float64")
_stateless("stateless_normal", "float64")
_stateless("stateless_truncated_normal", "float64")
_stateless("stateless_uniform", "float16")
_stateless("stateless_normal", "float16")
_stateless("stateless_uniform", "bfloat16")
_stateless("stateless_normal", "bfloat16")
_stateless("stateless_truncated_normal", "float16")
_stateless("stateless_uniform", "uint32", minval=None, maxval=None)
_stateless("stateless_uniform", "uint64", minval=None, maxval=None)


@case
def stateless_ints(tf):
    s = tf.constant([123456789012, -5], tf.int64)
    return [tf.random.stateless_uniform([1001], seed=[3, 4], minval=-7, maxval=100, dtype=tf.int32),
            tf.random.stateless_uniform([1001], seed=s, minval=-2 ** 40, maxval=2 ** 41 + 3,
                                        dtype=tf.int64),
            tf.random.stateless_uniform([7], seed=[3, 4], minval=None, maxval=None,
                                        dtype=tf.int32),
            tf.random.stateless_uniform([7], seed=s, minval=None, maxval=None, dtype=tf.int64),
            tf.random.stateless_uniform([5], seed=[3, 4], minval=-2 ** 31, maxval=2 ** 31 - 1,
                                        dtype=tf.int32)]


@case
def stateless_affine_and_shapes(tf):
    return [tf.random.stateless_normal([2, 3, 5], seed=[7, 8], mean=2.0, stddev=3.0),
            tf.random.stateless_uniform([4, 6], seed=[7, 8], minval=-2.0, maxval=5.0),
            tf.random.stateless_truncated_normal([3, 3], seed=[7, 8], mean=-1.0, stddev=0.5,
                                                 dtype=tf.float64),
            tf.random.stateless_uniform([], seed=[7, 8])]


@case
def seed_helpers(tf):
    return [tf.random.split([1, 2], 3), tf.random.fold_in([1, 2], 7),
            tf.random.split(tf.constant([5, 6], tf.int64)),
            tf.random.fold_in(tf.constant([5, 6], tf.int64), tf.constant(9, tf.int64))]


@case
def stateless_categorical(tf):
    logits = tf.math.log([[0.1, 0.2, 0.7], [0.5, 0.25, 0.25]])
    return [tf.random.stateless_categorical(logits, 12, seed=[1, 2]),
            tf.random.stateless_categorical([[0.0, -np.inf, 1.0]], 5, seed=[4, 2],
                                            dtype=tf.int32)]


# ---------------------------------------------------------------------------------------------
# stateful ops: TF's seed rules and its eager kernel cache

@case
def global_seed_only(tf):
    tf.random.set_seed(1)
    out = [tf.random.normal([3]), tf.random.uniform([5]), tf.random.normal([3]),
           tf.random.truncated_normal([9]), tf.random.uniform([4], 0, 10, dtype=tf.int32)]
    tf.random.set_seed(1)
    return out + [tf.random.normal([3])]


@case
def op_seed_only(tf):
    tf.random.set_seed(None)
    return [tf.random.uniform([3], seed=5), tf.random.uniform([3], seed=5),
            tf.random.normal([2, 2], seed=5), tf.random.uniform([2], seed=6)]


@case
def both_seeds_continue_one_kernel(tf):
    tf.random.set_seed(7)
    out = [tf.random.uniform([3], seed=5), tf.random.uniform([6], seed=5),
           tf.random.uniform([3], seed=5, minval=2.0, maxval=5.0),
           tf.random.uniform([3], seed=5, dtype=tf.float64), tf.random.normal([4], seed=5),
           tf.random.normal([4], seed=5, mean=1.0, stddev=2.0),
           tf.random.truncated_normal([7], seed=3), tf.random.truncated_normal([7], seed=3),
           tf.random.uniform([9], seed=3, minval=-5, maxval=17, dtype=tf.int32),
           tf.random.uniform([9], seed=3, minval=0, maxval=4, dtype=tf.int32),
           tf.random.uniform([9], seed=3, minval=-5, maxval=17, dtype=tf.int64)]
    tf.random.set_seed(7)
    return out + [tf.random.uniform([3], seed=5)]


@case
def zero_seeds(tf):
    tf.random.set_seed(0)
    return [tf.random.uniform([3], seed=0), tf.random.uniform([3]), tf.random.normal([2], seed=0)]


@case
def stateful_sizes(tf):
    tf.random.set_seed(11)
    return ([tf.random.normal([n], seed=1) for n in SIZES] +
            [tf.random.truncated_normal([n], seed=2, dtype=tf.float64) for n in SIZES] +
            [tf.random.uniform([n], seed=3, dtype=tf.float16) for n in SIZES])


@case
def shuffle_and_categorical(tf):
    tf.random.set_seed(3)
    return [tf.random.shuffle(tf.range(10), seed=1), tf.random.shuffle(tf.range(10), seed=1),
            tf.random.shuffle(tf.reshape(tf.range(12), [6, 2]), seed=1),
            tf.random.shuffle(tf.range(1000)),
            tf.random.categorical(tf.math.log([[0.1, 0.2, 0.7], [0.5, 0.25, 0.25]]), 10, seed=4),
            tf.random.categorical([[1.0, 2.0]], 3, seed=4, dtype=tf.int32)]


# ---------------------------------------------------------------------------------------------
# inside tf.function: each traced op owns a stream; op seeds come from a per-graph counter

@case
def in_function(tf):
    tf.random.set_seed(3)

    @tf.function
    def f():
        return (tf.random.uniform([2], seed=1), tf.random.uniform([2], seed=1),
                tf.random.uniform([2]), tf.random.normal([2]))

    @tf.function
    def g(s):
        return tf.random.stateless_normal([3], seed=s)

    out = list(f()) + list(f())
    tf.random.set_seed(3)
    out += list(f())
    return out + [g(tf.constant([1, 2])), tf.random.stateless_normal([3], seed=[1, 2])]


@case
def dropout(tf):
    # nn.dropout's mask is a RandomUniform of x's dtype: TF's stream eagerly and in a graph, a
    # fresh mask on every call of a traced function, a run-time shape for an unknown batch
    tf.random.set_seed(5)
    x = tf.reshape(tf.range(1.0, 25.0), [6, 4])
    out = [tf.nn.dropout(x, 0.5, seed=2), tf.nn.dropout(x, 0.5, seed=2),
           tf.nn.dropout(tf.cast(x, tf.float64), 0.25, seed=2),
           tf.nn.dropout(x, tf.constant(0.3), noise_shape=[6, 1], seed=7)]

    @tf.function(input_signature=[tf.TensorSpec([None, 4])])
    def f(x):
        return (tf.nn.dropout(x, 0.5, seed=1), tf.nn.dropout(x, 0.4),
                tf.nn.dropout(x, 0.5, noise_shape=tf.stack([tf.shape(x)[0], 1]), seed=3))

    return out + list(f(x)) + list(f(x)) + list(f(x[:2]))


@case
def generator_in_function(tf):
    g = tf.random.Generator.from_seed(42)

    @tf.function
    def f():
        return g.normal([3]), g.uniform([2], 0, 10, dtype=tf.int32)

    return list(f()) + list(f()) + [g.state]


# ---------------------------------------------------------------------------------------------
# tf.random.Generator: the state layout and how each draw moves it

@case
def generator_draws(tf):
    g = tf.random.Generator.from_seed(1)
    out = [g.state]
    for draw in (lambda: g.normal([5]), lambda: g.uniform([3]),
                 lambda: g.uniform([3], 2, 9, dtype=tf.int32),
                 lambda: g.uniform([3], -2 ** 40, 2 ** 40, dtype=tf.int64),
                 lambda: g.uniform_full_int([3]), lambda: g.uniform_full_int([3], tf.int32),
                 lambda: g.truncated_normal([6], dtype=tf.float64),
                 lambda: g.normal([2, 2], mean=3.0, stddev=0.5, dtype=tf.float64),
                 lambda: g.uniform([4], minval=1.0, maxval=3.0)):
        out += [draw(), g.state]
    return out


@case
def generator_split_skip_reset(tf):
    g = tf.random.Generator.from_seed(1234)
    g.skip(10)
    out = [g.state, g.make_seeds(3), g.state]
    kids = g.split(2)
    out += [g.state] + [k.state for k in kids] + [k.normal([3]) for k in kids]
    g.reset_from_seed(5)
    out += [g.state, g.normal([2])]
    return out


@case
def generator_seeds_and_carry(tf):
    out = []
    for seed in (0, 2 ** 70 + 3, -1, 2 ** 64 - 1):
        g = tf.random.Generator.from_seed(seed)
        out += [g.state, g.normal([3]), g.state]
    return out


# ---------------------------------------------------------------------------------------------
# digests

def plain(value):
    """A value as (dtype name, shape, little-endian bytes)."""
    if hasattr(value, "numpy"):
        value = value.numpy()
    a = np.ascontiguousarray(np.asarray(value))
    name = str(a.dtype)
    if a.dtype.itemsize > 1:
        a = a.astype(a.dtype.newbyteorder("<"))
    return name, list(a.shape), a.tobytes()


def digest(values):
    out = []
    for v in values:
        name, shape, raw = plain(v)
        out.append([name, shape, hashlib.sha256(raw).hexdigest()[:24]])
    return out


def run_all(tf):
    return {name: digest(fn(tf)) for name, fn in sorted(CASES.items())}


if __name__ == "__main__":
    import tensorflow as real_tf
    table = run_all(real_tf)
    with open(GOLDEN, "w") as f:
        json.dump({"tensorflow": real_tf.__version__, "cases": table}, f, indent=0,
                  sort_keys=True)
    print("wrote %d cases to %s" % (len(table), GOLDEN))
