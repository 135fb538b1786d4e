"""Keras layers inside a tf.function traced with an unknown batch size (input_signature
[None, ...], as a saved model's or a served function's): one trace serves every batch size and
gives the eager output; the recurrent layers start from zero states of the run-time batch, and
Conv1D's reshapes take the run-time batch (not the example's)."""
import numpy as np
import pytest

import eagerflow as tf

_RNG = np.random.RandomState(2)

LAYERS = {
    "conv1d": (lambda: tf.keras.layers.Conv1D(3, 2), [6, 2]),
    "conv1d_same_dilated": (lambda: tf.keras.layers.Conv1D(3, 3, padding="same",
                                                           dilation_rate=2), [6, 2]),
    "conv1d_causal": (lambda: tf.keras.layers.Conv1D(3, 2, padding="causal"), [6, 2]),
    "simple_rnn": (lambda: tf.keras.layers.SimpleRNN(4), [5, 3]),
    "lstm_sequences": (lambda: tf.keras.layers.LSTM(4, return_sequences=True), [5, 3]),
    "gru": (lambda: tf.keras.layers.GRU(4), [5, 3]),
    "gru_reset_before": (lambda: tf.keras.layers.GRU(4, reset_after=False), [5, 3]),
}


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_layer_traced_with_unknown_batch(name):
    make, shape = LAYERS[name]
    layer = make()
    layer(tf.zeros([1] + shape))  # built (its variables made) before the trace
    f = tf.function(lambda x: layer(x), input_signature=[tf.TensorSpec([None] + shape)])
    for n in (2, 5, 1):
        x = tf.constant(_RNG.rand(n, *shape).astype("float32"))
        got = f(x)
        assert got.shape[0] == n
        np.testing.assert_allclose(got.numpy(), layer(x).numpy(), rtol=1e-5, atol=1e-6)
    assert f.experimental_get_tracing_count() == 1
    assert f.get_concrete_function().structured_outputs.shape[0] is None


def test_gru_state_and_gradients_with_unknown_batch():
    layer = tf.keras.layers.GRU(3, return_state=True)

    def step(x):
        with tf.GradientTape() as tape:
            out, state = layer(x)
            loss = tf.reduce_sum(out ** 2) + tf.reduce_sum(state)
        return [out, state] + tape.gradient(loss, layer.trainable_variables)

    f = tf.function(step, input_signature=[tf.TensorSpec([None, 4, 2])])
    for n in (3, 1):
        x = tf.constant(_RNG.rand(n, 4, 2).astype("float32"))
        for got, want in zip(f(x), step(x)):
            np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-5, atol=1e-6)


def test_lstm_dropout_with_unknown_batch():
    layer = tf.keras.layers.LSTM(4, dropout=0.5, recurrent_dropout=0.5)
    f = tf.function(lambda x: layer(x, training=True),
                    input_signature=[tf.TensorSpec([None, 5, 3])])
    x = tf.ones([6, 5, 3])
    a, b = f(x).numpy(), f(x).numpy()
    assert a.shape == (6, 4) and (a != b).any()
    assert f(tf.ones([2, 5, 3])).shape == (2, 4)


def test_fit_conv1d_and_lstm_with_a_partial_last_batch():
    model = tf.keras.Sequential([
        tf.keras.Input((8, 2)), tf.keras.layers.Conv1D(4, 3, activation="relu"),
        tf.keras.layers.LSTM(3), tf.keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    x = _RNG.rand(10, 8, 2).astype("float32")
    y = _RNG.rand(10, 1).astype("float32")
    history = model.fit(x, y, batch_size=4, epochs=2, verbose=0)  # batches of 4, 4 and 2
    assert np.isfinite(history.history["loss"]).all()
    assert model.predict(x, batch_size=3, verbose=0).shape == (10, 1)
