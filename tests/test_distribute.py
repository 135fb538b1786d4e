"""tf.distribute.MirroredStrategy with several replicas (TF's own process can only have them when
virtual devices are set before it starts, so the reference numbers are TF 2.21's, printed by its
random_numbers guide: Generator.from_seed(1) in a 2/3-replica strategy)."""
import numpy as np

import eagerflow as tf

TF_REPLICA_STREAMS = [[-0.87930447, -1.5822568, -0.5039703],
                      [0.020661574, 0.77539235, 0.1251838]]


def _strategy(n):
    return tf.distribute.MirroredStrategy(devices=["cpu:%d" % k for k in range(n)])


def test_replicas_draw_tfs_streams_and_advance_the_state_once():
    s = _strategy(2)
    with s.scope():
        g = tf.random.Generator.from_seed(1)
        runs = [s.run(lambda: g.normal([])) for _ in range(3)]
    for r in range(2):
        np.testing.assert_allclose([x.values[r].numpy() for x in runs], TF_REPLICA_STREAMS[r],
                                   rtol=1e-6)
    assert g.state.numpy().tolist() == [769, 0, 0]  # seed 1's counter, 256 per run
    assert str(runs[0]).startswith("PerReplica:{\n  0: tf.Tensor(-0.87930447, shape=()")


def test_traced_replica_function_follows_the_replica_and_plain_call_is_unhashed():
    s = _strategy(2)
    with s.scope():
        g = tf.random.Generator.from_seed(1)
        f = tf.function(lambda: g.normal([]))
        out = s.run(f)
    assert [v.numpy() for v in out.values] == [np.float32(v) for v in
                                                [-0.87930447, 0.020661574]]
    plain = tf.random.Generator.from_seed(1)
    plain.normal([])
    assert f().numpy() == plain.normal([]).numpy()


def test_per_replica_arguments_and_reduce():
    s = _strategy(3)
    with s.scope():
        ids = s.run(lambda: tf.distribute.get_replica_context().replica_id_in_sync_group)
        doubled = s.run(lambda i: i * 2, args=(ids,))
    assert [v.numpy() for v in doubled.values] == [0, 2, 4]
    assert s.reduce("SUM", doubled, axis=None).numpy() == 6
    assert s.reduce(tf.distribute.ReduceOp.MEAN, doubled, axis=None).numpy() == 2
    assert s.run(lambda: 7) == 7


def test_virtual_cpu_devices_are_logical_devices():
    cpu = tf.config.list_physical_devices("CPU")[0]
    assert tf.config.list_logical_devices("CPU")[0].name == "/device:CPU:0"
    try:
        tf.config.experimental.set_virtual_device_configuration(
            cpu, [tf.config.experimental.VirtualDeviceConfiguration()] * 2)
        assert [d.name for d in tf.config.list_logical_devices("CPU")] == [
            "/device:CPU:0", "/device:CPU:1"]
        assert len(tf.config.get_logical_device_configuration(cpu)) == 2
        assert repr(tf.config.list_logical_devices("CPU")[1]) == \
            "LogicalDevice(name='/device:CPU:1', device_type='CPU')"
    finally:
        tf.config.experimental.set_virtual_device_configuration(cpu, [])
    assert len(tf.config.list_logical_devices("CPU")) == 1
