"""tf.train.Checkpoint behaviours TF's checkpoint guide relies on, against live TF: a dataset
iterator restored (the same or a new one) continues from the saved position; a variable two
children reach is saved under the first by name; tf.train.load_checkpoint's reader."""
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


def _read(tf, directory):
    v = tf.Variable([[1.0, 2.0]])
    path = tf.train.Checkpoint(net=tf.train.Checkpoint(w=v), n=tf.Variable(3)).save(
        str(directory / "ckpt"))
    reader = tf.train.load_checkpoint(str(directory))
    shapes = reader.get_variable_to_shape_map()
    dtypes = {k: d.name for k, d in reader.get_variable_to_dtype_map().items()}
    out = [sorted(shapes.items()), sorted(dtypes.items()), path.endswith("ckpt-1"),
           reader.get_tensor("net/w/.ATTRIBUTES/VARIABLE_VALUE").tolist()]
    try:
        reader.get_tensor("net/x/.ATTRIBUTES/VARIABLE_VALUE")
    except tf.errors.NotFoundError as e:
        out.append(str(e).split("\n")[0])
    return out


def test_load_checkpoint_reader(tmp_path):
    (tmp_path / "tf").mkdir()
    (tmp_path / "ef").mkdir()
    assert _read(ef, tmp_path / "ef") == _read(tf_real, tmp_path / "tf")


def _aliased(tf, directory):
    save = tf.train.Checkpoint()
    save.listed = [tf.Variable(1.0)]
    save.listed.append(tf.Variable(2.0))
    save.mapped = {"one": save.listed[0]}
    save.mapped["two"] = save.listed[1]
    path = save.save(str(directory / "ckpt"))
    restore = tf.train.Checkpoint()
    v2 = tf.Variable(0.0)
    restore.mapped = {"two": v2}
    restore.restore(path)
    return [v2.numpy().item(), sorted(k for k, _ in tf.train.list_variables(path))]


def test_a_variable_restores_through_a_second_path(tmp_path):
    (tmp_path / "tf").mkdir()
    (tmp_path / "ef").mkdir()
    got = _aliased(ef, tmp_path / "ef")
    assert got[0] == 2.0
    assert got == _aliased(tf_real, tmp_path / "tf")
