"""keras.saving: .weights.h5 and .keras files (round trips, layout, errors); h5py optional."""
import json
import zipfile

import numpy as np
import pytest

import eagerflow as tf
from tests.keras import _standins

_standins.install()
keras = tf.keras
h5py = pytest.importorskip("h5py")


def _seq():
    return keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                             keras.layers.Dense(3)])


def _x():
    return np.random.RandomState(0).rand(6, 4).astype("float32")


def test_weights_round_trip_and_keras_layout(tmp_path):
    m = _seq()
    path = str(tmp_path / "m.weights.h5")
    m.save_weights(path)
    names = []
    with h5py.File(path) as f:
        f.visit(names.append)
        assert f["layers/dense_1/vars"].attrs["name"] == m.layers[1].name
    assert names == ["layers", "layers/dense", "layers/dense/vars", "layers/dense/vars/0",
                     "layers/dense/vars/1", "layers/dense_1", "layers/dense_1/vars",
                     "layers/dense_1/vars/0", "layers/dense_1/vars/1", "vars"]
    other = _seq()
    other.load_weights(path)
    np.testing.assert_array_equal(other.predict(_x(), verbose=0), m.predict(_x(), verbose=0))


def test_subclassed_model_groups_by_attribute(tmp_path):
    class Net(keras.Model):
        def __init__(self):
            super().__init__()
            self.encoder = keras.layers.Dense(3)
            self.head = keras.layers.Dense(1)

        def call(self, x):
            return self.head(self.encoder(x))

    m = Net()
    m(_x())
    path = str(tmp_path / "n.weights.h5")
    m.save_weights(path)
    with h5py.File(path) as f:
        assert sorted(f.keys()) == ["encoder", "head", "vars"]
    m2 = Net()
    m2(_x())
    m2.load_weights(path)
    np.testing.assert_array_equal(m2.predict(_x(), verbose=0), m.predict(_x(), verbose=0))


def test_keras_file_with_compile_config_and_optimizer_state(tmp_path):
    m = _seq()
    m.compile(keras.optimizers.Adam(0.01), "mse")
    m.fit(_x(), np.ones((6, 3), "float32"), epochs=2, verbose=0)
    path = str(tmp_path / "m.keras")
    m.save(path)
    with zipfile.ZipFile(path) as z:
        assert sorted(z.namelist()) == ["config.json", "metadata.json", "model.weights.h5"]
        config = json.loads(z.read("config.json"))
        assert json.loads(z.read("metadata.json"))["keras_version"].startswith("3.")
    assert config["class_name"] == "Sequential" and config["compile_config"]["loss"] == "mse"
    back = keras.models.load_model(path)
    np.testing.assert_allclose(back.predict(_x(), verbose=0), m.predict(_x(), verbose=0),
                               atol=1e-7)
    for a, b in zip(back.optimizer.variables, m.optimizer.variables):
        np.testing.assert_allclose(np.asarray(a), np.asarray(b))


def test_functional_config_round_trip(tmp_path):
    inp = keras.Input((4,), name="x")
    h = keras.layers.Dense(5, name="h")(inp)
    m = keras.Model(inp, [keras.layers.Dense(1, name="a")(h), keras.layers.Dense(2, name="b")(h)])
    path = str(tmp_path / "f.keras")
    m.save(path)
    back = keras.models.load_model(path)
    assert [l.name for l in back.layers] == ["x", "h", "a", "b"]
    for p, q in zip(back.predict(_x(), verbose=0), m.predict(_x(), verbose=0)):
        np.testing.assert_allclose(p, q, atol=1e-7)


def test_errors(tmp_path):
    m = _seq()
    with pytest.raises(ValueError, match="must end in `.weights.h5`"):
        m.save_weights(str(tmp_path / "w.h5"))
    with pytest.raises(ValueError, match="Invalid filepath extension"):
        m.save(str(tmp_path / "m.txt"))
    small = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8)])
    small.save_weights(str(tmp_path / "s.weights.h5"))
    with pytest.raises(ValueError, match="expected 2 variables, but received 0"):
        m.load_weights(str(tmp_path / "s.weights.h5"))
    (tmp_path / "x.keras").write_text("")
    with pytest.raises(FileExistsError):
        m.save(str(tmp_path / "x.keras"), overwrite=False)
