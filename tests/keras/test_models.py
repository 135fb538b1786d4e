"""keras.models: Sequential, functional and subclassed models; compile/fit/evaluate/predict."""
import numpy as np
import pytest

import eagerflow as tf
from tests.keras import _standins

_standins.install()
keras = tf.keras


def _data(n=64, seed=0):
    rng = np.random.RandomState(seed)
    x = rng.rand(n, 4).astype("float32")
    y = (x[:, 0] + x[:, 1] > 1).astype("int64")
    return x, y


def _mlp():
    return keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                             keras.layers.Dense(2, activation="softmax")])


def _numpy_forward(model, x):
    (w1, b1, w2, b2) = model.get_weights()
    h = np.maximum(x @ w1 + b1, 0)
    z = h @ w2 + b2
    e = np.exp(z - z.max(1, keepdims=True))
    return e / e.sum(1, keepdims=True)


def test_sequential_predict_matches_numpy_and_batches():
    x, _ = _data(70)
    m = _mlp()
    out = m.predict(x, batch_size=16, verbose=0)
    assert isinstance(out, np.ndarray) and out.shape == (70, 2)
    np.testing.assert_allclose(out, _numpy_forward(m, x), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(m.predict_on_batch(x[:5]), out[:5], rtol=1e-6)


def test_model_new_dispatches_to_functional_and_layers():
    inp = keras.Input((4,), name="x")
    out = keras.layers.Dense(3)(inp)
    m = keras.Model(inp, out)
    assert type(m).__name__ == "Functional" and isinstance(m, keras.Model)
    m2 = keras.Model(inputs=inp, outputs=out)
    assert type(m2).__name__ == "Functional"
    assert [type(l).__name__ for l in m.layers] == ["InputLayer", "Dense"]
    assert m.get_layer(index=1) is m.layers[1]
    with pytest.raises(ValueError, match="No such layer"):
        m.get_layer("nope")


def test_sequential_add_pop_and_deferred_build():
    m = keras.Sequential()
    m.add(keras.layers.Dense(3))
    m.add(keras.layers.Dense(1))
    assert not m.built
    y = m(np.zeros((5, 2), "float32"))
    assert m.built and tuple(y.shape) == (5, 1)
    assert len(m.weights) == 4
    popped = m.pop()
    assert popped.name.startswith("dense") and len(m.layers) == 1
    with pytest.raises(ValueError, match="Only instances of `keras.Layer`"):
        m.add(3)


def test_subclassed_model_tracks_layers_and_trains():
    class Net(keras.Model):
        def __init__(self):
            super().__init__()
            self.d1 = keras.layers.Dense(8, activation="relu")
            self.d2 = keras.layers.Dense(2, activation="softmax")

        def call(self, x, training=False):
            return self.d2(self.d1(x))

    x, y = _data()
    m = Net()
    m.compile("adam", "sparse_categorical_crossentropy")
    h = m.fit(x, y, epochs=2, verbose=0)
    assert len(m.layers) == 2 and len(m.trainable_variables) == 4
    assert list(h.history) == ["loss"] and len(h.history["loss"]) == 2


def test_fit_history_keys_validation_and_loss_decreases():
    x, y = _data(100)
    m = _mlp()
    m.compile(keras.optimizers.Adam(0.05), "sparse_categorical_crossentropy",
              metrics=["accuracy"])
    h = m.fit(x, y, epochs=5, batch_size=16, verbose=0, validation_split=0.2)
    assert list(h.history) == ["accuracy", "loss", "val_accuracy", "val_loss"]
    assert h.epoch == [0, 1, 2, 3, 4] and h.params == {"verbose": 0, "epochs": 5, "steps": 5}
    assert h.history["loss"][-1] < h.history["loss"][0]
    assert all(isinstance(v, float) for v in h.history["loss"])
    assert m.metrics_names == ["loss", "compile_metrics"]


def test_run_eagerly_gives_the_same_history_as_the_traced_step():
    x, y = _data()
    results = []
    for eager in (False, True):
        m = _mlp()
        m.set_weights([np.full_like(w, 0.1) for w in m.get_weights()])
        m.compile(keras.optimizers.SGD(0.1), "sparse_categorical_crossentropy",
                  run_eagerly=eager)
        results.append(m.fit(x, y, epochs=2, shuffle=False, verbose=0).history["loss"])
    np.testing.assert_allclose(results[0], results[1], rtol=1e-6)


def test_epoch_loss_is_the_batch_size_weighted_mean():
    x, y = _data(10)
    m = _mlp()
    m.compile(keras.optimizers.SGD(0.0), "sparse_categorical_crossentropy")
    h = m.fit(x, y, batch_size=4, epochs=1, shuffle=False, verbose=0)
    p = _numpy_forward(m, x)
    per_row = -np.log(p[np.arange(10), y])
    batches = [per_row[0:4].mean(), per_row[4:8].mean(), per_row[8:10].mean()]
    expected = (4 * batches[0] + 4 * batches[1] + 2 * batches[2]) / 10
    assert h.history["loss"][0] == pytest.approx(expected, rel=1e-5)


def test_evaluate_list_dict_and_on_batch():
    x, y = _data()
    m = _mlp()
    m.compile("sgd", "sparse_categorical_crossentropy", metrics=["accuracy"])
    loss, acc = m.evaluate(x, y, verbose=0)
    d = m.evaluate(x, y, verbose=0, return_dict=True)
    assert d == {"accuracy": acc, "loss": loss}
    p = _numpy_forward(m, x)
    assert loss == pytest.approx(-np.log(p[np.arange(64), y]).mean(), rel=1e-5)
    assert acc == pytest.approx((p.argmax(1) == y).mean())
    m.reset_metrics()
    out = m.test_on_batch(x, y, return_dict=True)
    assert out["loss"] == pytest.approx(loss, rel=1e-5)
    before = m.get_weights()
    m.train_on_batch(x, y)
    assert any(not np.allclose(a, b) for a, b in zip(before, m.get_weights()))


def test_fit_on_an_iterable_of_batches_and_steps_per_epoch():
    x, y = _data(64)
    class Batches:  # what fit needs of a tf.data.Dataset: iteration (and a length)
        def __iter__(self):
            return iter([(x[i:i + 16], y[i:i + 16]) for i in range(0, 64, 16)])

        def __len__(self):
            return 4

    batches = Batches()
    m = _mlp()
    m.compile("adam", "sparse_categorical_crossentropy")
    h = m.fit(batches, epochs=2, verbose=0)
    assert len(h.history["loss"]) == 2
    h = m.fit(x, y, batch_size=8, steps_per_epoch=3, epochs=1, verbose=0)
    assert h.params["steps"] == 3
    with pytest.raises(ValueError, match="`y` should not be passed"):
        m.fit(batches, y, verbose=0)


def test_class_weight_and_sample_weight_scale_the_loss():
    x, y = _data(32)
    m = _mlp()
    m.compile(keras.optimizers.SGD(0.0), "sparse_categorical_crossentropy")
    base = m.fit(x, y, epochs=1, verbose=0, shuffle=False).history["loss"][0]
    doubled = m.fit(x, y, epochs=1, verbose=0, shuffle=False,
                    class_weight={0: 2.0, 1: 2.0}).history["loss"][0]
    assert doubled == pytest.approx(2 * base, rel=1e-5)
    sw = m.fit(x, y, epochs=1, verbose=0, shuffle=False,
               sample_weight=np.full(32, 3.0)).history["loss"][0]
    assert sw == pytest.approx(3 * base, rel=1e-5)


def test_compile_required_and_get_set_weights():
    m = _mlp()
    with pytest.raises(ValueError, match="must call `compile"):
        m.fit(*_data(), verbose=0)
    w = [np.ones_like(a) for a in m.get_weights()]
    m.set_weights(w)
    assert all(np.array_equal(a, b) for a, b in zip(w, m.get_weights()))
    assert m.count_params() == 4 * 8 + 8 + 8 * 2 + 2


def test_utils_to_categorical_and_seed():
    out = keras.utils.to_categorical([0, 2, 1])
    np.testing.assert_array_equal(out, np.eye(3)[[0, 2, 1]])
    assert out.dtype == np.float64
    assert keras.utils.to_categorical(np.array([[1], [2]]), 4).shape == (2, 4)
    keras.utils.set_random_seed(3)
    a = np.random.rand()
    keras.utils.set_random_seed(3)
    assert np.random.rand() == a
    with pytest.raises(ValueError, match="integer"):
        keras.utils.set_random_seed(1.5)
