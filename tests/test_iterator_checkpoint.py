"""A dataset iterator in a tf.train.Checkpoint: restoring it (the same iterator or a new one)
continues from the saved position, as TF's does."""
import pytest

import eagerflow as ef

tf_real = pytest.importorskip("tensorflow")


def _stream(tf, directory):
    ds = tf.data.Dataset.range(10).batch(3)
    it = iter(ds)
    out = [next(it)]
    ck = tf.train.Checkpoint(iterator=it)
    path = ck.save(str(directory / "ckpt"))
    out += [next(it), next(it)]
    ck.restore(path)
    out.append(next(it))
    fresh = iter(ds)
    tf.train.Checkpoint(iterator=fresh).restore(path)
    out += [next(fresh), next(fresh)]
    return [t.numpy().tolist() for t in out]


def test_restored_iterator_continues_from_the_saved_position(tmp_path):
    (tmp_path / "tf").mkdir()
    (tmp_path / "ef").mkdir()
    assert _stream(ef, tmp_path / "ef") == _stream(tf_real, tmp_path / "tf")


def _keys(tf, directory):
    v = tf.Variable([1.0, 2.0])
    opt = tf.keras.optimizers.Adam(0.1)
    opt.apply_gradients([(tf.constant([1.0, 1.0]), v)])
    holder = tf.train.Checkpoint(v=v)
    path = tf.train.Checkpoint(step=tf.Variable(1), optimizer=opt, net=holder).save(
        str(directory / "ckpt"))
    return sorted(k for k, _ in tf.train.list_variables(path) if not k.startswith("_CHECK"))


def test_a_variable_two_children_reach_is_saved_under_the_first_by_name(tmp_path):
    (tmp_path / "tf").mkdir()
    (tmp_path / "ef").mkdir()
    got = _keys(ef, tmp_path / "ef")
    assert "net/v/.ATTRIBUTES/VARIABLE_VALUE" in got
    assert got == _keys(tf_real, tmp_path / "tf")
