"""End-to-end training on scikit-learn's bundled digits (1,797 8x8 images): the models of
docs/training_tutorial.ipynb reach the test accuracies the tutorial claims, with fixed seeds.

The split is train_test_split(test_size=0.2, random_state=0) on pixels scaled by 1/16: 1,437
training rows and 360 test rows, so 98% means at most 7 wrong test images."""
import numpy as np
import pytest

import eagerflow as tf
from tests.keras import _standins

pytest.importorskip("sklearn")
_standins.install()  # a no-op once keras.losses and keras.metrics are in the tree


@pytest.fixture(scope="module")
def digits():
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    d = load_digits()
    x = (d.data / 16.0).astype(np.float32)
    return train_test_split(x, d.target, test_size=0.2, random_state=0)


def _test_accuracy(model, x_test, y_test):
    """Share of test images whose largest logit is the label, and evaluate()'s own figure."""
    logits = model(x_test).numpy()
    mine = float((logits.argmax(axis=1) == y_test).mean())
    reported = model.evaluate(x_test, y_test, batch_size=len(x_test), verbose=0,
                              return_dict=True)["accuracy"]
    return mine, reported


def test_mlp_reaches_97_percent(digits):
    x_train, x_test, y_train, y_test = digits
    tf.keras.utils.set_random_seed(0)
    model = tf.keras.Sequential([
        tf.keras.Input((64,)),
        tf.keras.layers.Dense(256, activation="relu"),
        tf.keras.layers.Dense(10),
    ])
    model.compile(tf.keras.optimizers.Adam(1e-3),
                  tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"])
    history = model.fit(x_train, y_train, validation_split=0.1, epochs=20, verbose=0)
    assert sorted(history.history) == ["accuracy", "loss", "val_accuracy", "val_loss"]
    assert len(history.history["loss"]) == 20
    assert history.history["loss"][-1] < history.history["loss"][0] / 5
    mine, reported = _test_accuracy(model, x_test, y_test)
    assert mine >= 0.97, mine
    assert reported == pytest.approx(mine, abs=1e-6)


def test_cnn_reaches_98_percent(digits):
    x_train, x_test, y_train, y_test = digits
    x_train, x_test = x_train.reshape(-1, 8, 8, 1), x_test.reshape(-1, 8, 8, 1)
    epochs, batch = 30, 32
    tf.keras.utils.set_random_seed(0)
    train = (tf.data.Dataset.from_tensor_slices((x_train, y_train))
             .shuffle(len(x_train), seed=0).batch(batch, drop_remainder=True))
    model = tf.keras.Sequential([
        tf.keras.Input((8, 8, 1)),
        tf.keras.layers.Conv2D(32, 3, activation="relu"),
        tf.keras.layers.MaxPooling2D(2),
        tf.keras.layers.Flatten(),
        tf.keras.layers.Dense(10),
    ])
    schedule = tf.keras.optimizers.schedules.CosineDecay(3e-3, epochs * (len(x_train) // batch))
    model.compile(tf.keras.optimizers.Adam(schedule),
                  tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"])
    history = model.fit(train, epochs=epochs, verbose=0)
    assert len(history.history["loss"]) == epochs
    assert model.count_params() == 32 * 9 + 32 + 288 * 10 + 10
    mine, reported = _test_accuracy(model, x_test, y_test)
    assert mine >= 0.98, mine
    assert reported == pytest.approx(mine, abs=1e-6)
