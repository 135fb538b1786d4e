"""tf.distribute conformance snippets: MirroredStrategy on the one CPU device (TF's process has
no virtual devices here; tests/test_distribute.py checks several replicas against TF's numbers),
contexts, run/reduce, and tf.random.Generator streams made in and out of a strategy's scope.

Each public function ``name(tf, np)`` is one test (see harness.py).
"""


def dist_contexts(tf, np):
    s = tf.distribute.MirroredStrategy(devices=["cpu:0"])
    out = [s.num_replicas_in_sync, tf.distribute.has_strategy(),
           tf.distribute.in_cross_replica_context()]
    with s.scope():
        out += [tf.distribute.has_strategy(), tf.distribute.in_cross_replica_context(),
                tf.distribute.get_replica_context() is None]
        out.append(s.run(lambda: tf.distribute.get_replica_context().replica_id_in_sync_group))
        out.append(s.run(lambda: tf.distribute.in_cross_replica_context()))
    return out


def dist_run_args_and_reduce(tf, np):
    s = tf.distribute.MirroredStrategy(devices=["cpu:0"])
    with s.scope():
        r = s.run(lambda x, y=1.0: (x * 2.0, x + y), args=(tf.constant([1.0, 2.0]),),
                  kwargs={"y": tf.constant(3.0)})
        return [r, s.reduce("SUM", r[0], axis=None),
                s.reduce(tf.distribute.ReduceOp.MEAN, r[1], axis=0)]


def dist_generator_in_scope_hashes_key_by_replica(tf, np):
    s = tf.distribute.MirroredStrategy(devices=["cpu:0"])
    with s.scope():
        g = tf.random.Generator.from_seed(1)
        return [s.run(lambda: g.normal([3])), s.run(lambda: g.uniform([2])), g.state,
                g.normal([2])]


def dist_generator_outside_scope_is_plain(tf, np):
    g = tf.random.Generator.from_seed(1)
    s = tf.distribute.MirroredStrategy(devices=["cpu:0"])
    with s.scope():
        return [s.run(lambda: g.normal([2])), g.state]


def dist_generator_in_traced_replica_fn(tf, np):
    s = tf.distribute.MirroredStrategy(devices=["cpu:0"])
    with s.scope():
        g = tf.random.Generator.from_seed(0)
        f = tf.function(lambda: g.normal([]))
        return [s.run(f), s.run(f), g.state, f()]
