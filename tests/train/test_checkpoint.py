"""tf.train.Checkpoint / CheckpointManager / latest_checkpoint: paths, numbering, round trips,
deferred restoration and status checks."""
import os

import pytest

import eagerflow as tf


def _model():
    m = tf.Module()
    m.w = tf.Variable([1.0, 2.0])
    m.layers = [tf.Variable(3.0)]
    m.d = {"k": tf.Variable(4)}
    return m


def test_save_numbering_state_file_and_round_trip(tmp_path):
    m = _model()
    ck = tf.train.Checkpoint(model=m, step=tf.Variable(7))
    prefix = str(tmp_path / "ckpt")
    assert ck.save(prefix) == prefix + "-1"
    assert ck.save(prefix) == prefix + "-2"
    assert ck.write(str(tmp_path / "w")) == str(tmp_path / "w")
    assert int(ck.save_counter) == 2 and ck.save_counter.name == "save_counter:0"
    assert sorted(os.listdir(tmp_path)) == [
        "checkpoint", "ckpt-1.data-00000-of-00001", "ckpt-1.index", "ckpt-2.data-00000-of-00001",
        "ckpt-2.index", "w.data-00000-of-00001", "w.index"]
    assert open(tmp_path / "checkpoint").read() == (
        'model_checkpoint_path: "ckpt-2"\nall_model_checkpoint_paths: "ckpt-2"\n')
    assert tf.train.latest_checkpoint(str(tmp_path)) == prefix + "-2"
    assert tf.train.latest_checkpoint(str(tmp_path / "none")) is None
    assert [k for k, _ in tf.train.list_variables(prefix + "-1")] == [
        "_CHECKPOINTABLE_OBJECT_GRAPH", "model/d/k/.ATTRIBUTES/VARIABLE_VALUE",
        "model/layers/0/.ATTRIBUTES/VARIABLE_VALUE", "model/w/.ATTRIBUTES/VARIABLE_VALUE",
        "save_counter/.ATTRIBUTES/VARIABLE_VALUE", "step/.ATTRIBUTES/VARIABLE_VALUE"]
    m.w.assign([0.0, 0.0])
    m.d["k"].assign(0)
    status = ck.restore(prefix + "-1")
    status.assert_consumed()
    assert m.w.numpy().tolist() == [1.0, 2.0] and int(m.d["k"]) == 4
    assert int(ck.save_counter) == 1


def test_deferred_restoration_and_status(tmp_path):
    path = tf.train.Checkpoint(model=_model()).save(str(tmp_path / "c"))
    m2 = tf.Module()
    status = tf.train.Checkpoint(model=m2).restore(path)
    with pytest.raises(AssertionError, match=r"Unresolved object in checkpoint \(root\)\.model"):
        status.assert_consumed()
    m2.w = tf.Variable([0.0, 0.0])  # restored when created
    assert m2.w.numpy().tolist() == [1.0, 2.0]
    m2.layers = [tf.Variable(0.0)]
    m2.d = {"k": tf.Variable(0)}
    assert float(m2.layers[0]) == 3.0 and int(m2.d["k"]) == 4
    status.assert_consumed()
    assert status.expect_partial() is status


def test_unbound_python_objects_and_errors(tmp_path):
    path = tf.train.Checkpoint(a=tf.Variable(1.0)).save(str(tmp_path / "c"))
    status = tf.train.Checkpoint(a=tf.Variable(0.0), b=tf.Variable(2.0)).restore(path)
    with pytest.raises(AssertionError, match="Some Python objects were not bound"):
        status.assert_consumed()
    with pytest.raises(tf.errors.NotFoundError, match="Error when restoring from checkpoint"):
        tf.train.Checkpoint(a=tf.Variable(0.0)).restore(str(tmp_path / "nope-3"))
    with pytest.raises(ValueError, match="`Checkpoint` was expecting model to be a trackable"):
        tf.train.Checkpoint(model=5)
    tf.train.Checkpoint(a=tf.Variable(0.0)).restore(None).assert_existing_objects_matched()


def test_trackable_protocol_for_other_objects(tmp_path):
    class Optimizer:  # what Keras' objects implement
        def __init__(self):
            self.iterations = tf.Variable(0, dtype=tf.int64)
            self.slots = [tf.Variable([0.5])]

        def _trackable_children(self):
            return {"iter": self.iterations, "slots": self.slots}
    opt = Optimizer()
    opt.iterations.assign(9)
    path = tf.train.Checkpoint(optimizer=opt).save(str(tmp_path / "o"))
    fresh = Optimizer()
    tf.train.Checkpoint(optimizer=fresh).restore(path).assert_consumed()
    assert int(fresh.iterations) == 9 and fresh.slots[0].numpy().tolist() == [0.5]


def test_shared_variable_saved_once(tmp_path):
    v = tf.Variable(1.0)
    m = tf.Module()
    m.a, m.b = v, [v]
    path = tf.train.Checkpoint(m=m).write(str(tmp_path / "s"))
    assert [k for k, _ in tf.train.list_variables(path)][1:] == ["m/a/.ATTRIBUTES/VARIABLE_VALUE"]


def test_manager(tmp_path):
    ck = tf.train.Checkpoint(v=tf.Variable(1.0))
    d = str(tmp_path / "m")
    mgr = tf.train.CheckpointManager(ck, d, max_to_keep=2)
    assert mgr.latest_checkpoint is None and mgr.checkpoints == []
    paths = [mgr.save() for _ in range(3)]
    assert paths == [os.path.join(d, "ckpt-%d" % i) for i in (1, 2, 3)]
    assert mgr.checkpoints == paths[1:] and mgr.latest_checkpoint == paths[2]
    assert sorted(os.listdir(d)) == ["checkpoint", "ckpt-2.data-00000-of-00001", "ckpt-2.index",
                                     "ckpt-3.data-00000-of-00001", "ckpt-3.index"]
    assert mgr.save(checkpoint_number=10) == os.path.join(d, "ckpt-10")
    assert tf.train.latest_checkpoint(d) == os.path.join(d, "ckpt-10")
    again = tf.train.CheckpointManager(tf.train.Checkpoint(v=tf.Variable(0.0)), d, max_to_keep=2)
    assert again.checkpoints == [os.path.join(d, "ckpt-3"), os.path.join(d, "ckpt-10")]
    assert again.restore_or_initialize() == os.path.join(d, "ckpt-10")
    assert float(again.checkpoint.v) == 1.0
