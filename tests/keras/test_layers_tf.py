"""Conformance of keras.layers with real Keras 3 (TF 2.21's tf.keras): the same layer built in
both, Keras' weights copied over with set_weights(get_weights()), then outputs, gradients with
respect to the inputs and the weights, names, weight paths/shapes, config keys and errors."""
import numpy as np
import pytest

tf_real = pytest.importorskip("tensorflow")
keras = tf_real.keras

import eagerflow as tf  # noqa: E402
from eagerflow.keras import backend as ef_backend  # noqa: E402

EL = tf.keras.layers
KL = keras.layers
F64 = {"dtype": "float64"}

# name, factory(layers module) -> layer, input shape(s) (a list: several inputs), call kwargs
CASES = [
    ("dense", lambda L: L.Dense(4, activation="tanh", **F64), (3, 5), {}),
    ("dense_rank3", lambda L: L.Dense(3, **F64), (2, 4, 5), {}),
    ("dense_nobias", lambda L: L.Dense(2, use_bias=False, activation="relu", **F64), (3, 5), {}),
    ("activation", lambda L: L.Activation("softmax", **F64), (3, 5), {}),
    ("dropout_inference", lambda L: L.Dropout(0.5, **F64), (3, 5), {}),
    ("flatten", lambda L: L.Flatten(**F64), (2, 3, 4), {}),
    ("reshape", lambda L: L.Reshape((-1, 2), **F64), (2, 3, 4), {}),
    ("batchnorm_inference", lambda L: L.BatchNormalization(**F64), (6, 3), {}),
    ("batchnorm_training", lambda L: L.BatchNormalization(momentum=0.9, **F64), (6, 3),
     {"training": True}),
    ("batchnorm_axis1", lambda L: L.BatchNormalization(axis=1, **F64), (4, 3, 2),
     {"training": True}),
    ("layernorm", lambda L: L.LayerNormalization(**F64), (4, 5), {}),
    ("layernorm_axes", lambda L: L.LayerNormalization(axis=[1, 2], **F64), (2, 3, 4), {}),
    ("conv1d", lambda L: L.Conv1D(3, 2, **F64), (2, 6, 4), {}),
    ("conv1d_causal", lambda L: L.Conv1D(2, 3, padding="causal", dilation_rate=2, **F64),
     (2, 7, 3), {}),
    ("conv2d", lambda L: L.Conv2D(3, 3, activation="relu", **F64), (2, 6, 6, 2), {}),
    ("conv2d_same_strided", lambda L: L.Conv2D(2, (3, 2), strides=2, padding="same", **F64),
     (2, 7, 6, 3), {}),
    ("conv2d_groups", lambda L: L.Conv2D(4, 2, groups=2, **F64), (1, 4, 4, 4), {}),
    ("maxpool2d", lambda L: L.MaxPooling2D(**F64), (2, 5, 4, 3), {}),
    ("maxpool2d_same", lambda L: L.MaxPooling2D(3, strides=2, padding="same", **F64),
     (2, 5, 5, 2), {}),
    ("avgpool2d", lambda L: L.AveragePooling2D(2, **F64), (2, 4, 4, 3), {}),
    ("avgpool2d_same", lambda L: L.AveragePooling2D(3, strides=2, padding="same", **F64),
     (2, 5, 5, 2), {}),
    ("global_avg2d", lambda L: L.GlobalAveragePooling2D(**F64), (2, 4, 3, 3), {}),
    ("concatenate", lambda L: L.Concatenate(**F64), [(2, 3), (2, 4)], {}),
    ("concatenate_axis1", lambda L: L.Concatenate(axis=1, **F64), [(2, 3, 2), (2, 1, 2)], {}),
    ("add", lambda L: L.Add(**F64), [(2, 3), (2, 3), (2, 3)], {}),
    ("simple_rnn", lambda L: L.SimpleRNN(4, **F64), (2, 5, 3), {}),
    ("simple_rnn_seq", lambda L: L.SimpleRNN(3, return_sequences=True, **F64), (2, 4, 3), {}),
    ("lstm", lambda L: L.LSTM(4, **F64), (2, 5, 3), {}),
    ("lstm_state", lambda L: L.LSTM(3, return_sequences=True, return_state=True, **F64),
     (2, 4, 2), {}),
    ("lstm_backwards", lambda L: L.LSTM(3, go_backwards=True, **F64), (2, 4, 2), {}),
    ("gru", lambda L: L.GRU(4, **F64), (2, 5, 3), {}),
    ("gru_state", lambda L: L.GRU(3, return_sequences=True, return_state=True, **F64),
     (2, 4, 2), {}),
    ("gru_reset_before", lambda L: L.GRU(3, reset_after=False, **F64), (2, 4, 2), {}),
]


def _inputs(shape, seed=0):
    rng = np.random.default_rng(seed)
    if isinstance(shape, list):
        return [rng.normal(size=s) for s in shape]
    return rng.normal(size=shape)


def _flat(x):
    return list(x) if isinstance(x, (list, tuple)) else [x]


def _run(tfmod, layer, x, kwargs, seed=1):
    """Outputs, gradients w.r.t. the inputs and the trainable weights, under tfmod."""
    xs = [tfmod.constant(a) for a in _flat(x)]
    with tfmod.GradientTape() as tape:
        for t in xs:
            tape.watch(t)
        out = layer(xs if isinstance(x, list) else xs[0], **kwargs)
        rng = np.random.default_rng(seed)
        loss = 0.0
        for o in _flat(out):
            loss = loss + tfmod.reduce_sum(o * tfmod.constant(rng.normal(size=o.shape).astype(o.dtype.name)))
    grads = tape.gradient(loss, xs + list(layer.trainable_weights))
    return [o.numpy() for o in _flat(out)], [None if g is None else np.asarray(g) for g in grads]


@pytest.mark.parametrize("name,make,shape,kwargs", CASES, ids=[c[0] for c in CASES])
def test_layer_matches_keras(name, make, shape, kwargs):
    keras.backend.clear_session()
    ef_backend.clear_session()
    k_layer, e_layer = make(KL), make(EL)
    x = _inputs(shape)
    build_shape = [tuple(s) for s in shape] if isinstance(shape, list) else tuple(shape)
    k_layer.build(build_shape)
    e_layer.build(build_shape)
    assert e_layer.name == k_layer.name
    assert [w.path for w in e_layer.weights] == [w.path for w in k_layer.weights]
    assert [w.name for w in e_layer.weights] == [w.name for w in k_layer.weights]
    assert [tuple(w.shape) for w in e_layer.weights] == [tuple(w.shape) for w in k_layer.weights]
    assert [w.trainable for w in e_layer.weights] == [w.trainable for w in k_layer.weights]
    rng = np.random.default_rng(7)
    weights = [w + 0.1 * rng.normal(size=w.shape) for w in k_layer.get_weights()]
    if "batchnorm" in name:  # moving variance must stay positive
        weights = [np.abs(w) + 0.5 for w in weights]
    k_layer.set_weights(weights)
    e_layer.set_weights(k_layer.get_weights())
    k_out, k_grads = _run(tf_real, k_layer, x, kwargs)
    e_out, e_grads = _run(tf, e_layer, x, kwargs)
    assert len(e_out) == len(k_out)
    for a, b in zip(e_out, k_out):
        assert a.shape == b.shape and a.dtype == b.dtype
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-9)
    assert len(e_grads) == len(k_grads)
    for a, b in zip(e_grads, k_grads):
        assert (a is None) == (b is None)
        if a is not None:
            np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-9)
    for a, b in zip(e_layer.get_weights(), k_layer.get_weights()):  # moving statistics
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-9)
    k_config, e_config = k_layer.get_config(), e_layer.get_config()
    assert set(e_config) == set(k_config)
    for key, value in k_config.items():
        if isinstance(value, (int, float, str, bool, tuple, list, type(None))) and key != "name":
            assert e_config[key] == value, key


@pytest.mark.parametrize("name,make,shape,kwargs", CASES, ids=[c[0] for c in CASES])
def test_symbolic_shapes_match_keras(name, make, shape, kwargs):
    k_layer, e_layer = make(KL), make(EL)
    if isinstance(shape, list):
        k_in = [keras.Input(s[1:], dtype="float64") for s in shape]
        e_in = [tf.keras.Input(s[1:], dtype="float64") for s in shape]
    else:
        k_in = keras.Input(shape[1:], dtype="float64")
        e_in = tf.keras.Input(shape[1:], dtype="float64")
    k_out, e_out = _flat(k_layer(k_in)), _flat(e_layer(e_in))
    assert [t.shape for t in e_out] == [tuple(t.shape) for t in k_out]
    assert [t.dtype for t in e_out] == [t.dtype for t in k_out]
    assert [t._keras_history.tensor_index for t in e_out] == \
        [t._keras_history.tensor_index for t in k_out]


def test_embedding_matches_keras():
    keras.backend.clear_session()
    ef_backend.clear_session()
    k, e = KL.Embedding(10, 3, **F64), EL.Embedding(10, 3, **F64)
    ids = np.array([[1, 2, 9], [0, 0, 4]], dtype="int32")
    k(ids)
    e(ids)
    e.set_weights(k.get_weights())
    assert [w.path for w in e.weights] == [w.path for w in k.weights] == ["embedding/embeddings"]
    with tf_real.GradientTape() as t:
        kl = tf_real.reduce_sum(k(ids) ** 2)
    with tf.GradientTape() as t2:
        el = tf.reduce_sum(e(ids) ** 2)
    np.testing.assert_allclose(el.numpy(), kl.numpy(), rtol=1e-12)
    eg, kg = t2.gradient(el, e.embeddings), t.gradient(kl, k.embeddings)
    assert type(eg).__name__ == type(kg).__name__ == "IndexedSlices"  # both sparse, as in TF
    np.testing.assert_allclose(tf.convert_to_tensor(eg).numpy(),
                               tf_real.convert_to_tensor(kg).numpy())
    assert set(e.get_config()) == set(k.get_config())


def test_float32_default_and_autocast():
    k, e = KL.Dense(3), EL.Dense(3)
    x = np.random.default_rng(0).normal(size=(2, 4))  # float64 input: cast to float32
    k(x)
    e(x)
    e.set_weights(k.get_weights())
    a, b = e(x), k(x)
    assert a.dtype.name == b.dtype.name == "float32"
    np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-5)


def test_auto_names_match_keras():
    keras.backend.clear_session()
    ef_backend.clear_session()
    for make in (lambda L: L.Dense(2), lambda L: L.Dense(2), lambda L: L.Conv2D(2, 3),
                 lambda L: L.BatchNormalization(), lambda L: L.SimpleRNN(2),
                 lambda L: L.GlobalAveragePooling2D(), lambda L: L.Layer()):
        assert make(EL).name == make(KL).name


BAD = [
    ("dense_rank1", lambda L: L.Dense(3)(np.ones(3))),
    ("dense_wrong_last_dim", lambda L: _called(L.Dense(3), (2, 4))(np.ones((2, 5)))),
    ("conv2d_rank3", lambda L: L.Conv2D(2, 3)(np.ones((2, 5, 5)))),
    ("conv2d_wrong_channels", lambda L: _called(L.Conv2D(2, 3), (1, 5, 5, 3))(
        np.ones((1, 5, 5, 4)))),
    ("maxpool_rank3", lambda L: L.MaxPooling2D()(np.ones((2, 4, 4)))),
    ("concat_mismatch", lambda L: L.Concatenate()([np.ones((2, 3)), np.ones((3, 4, 1))])),
    ("merge_not_list", lambda L: L.Add()(np.ones((2, 3)))),
    ("subtract_three", lambda L: L.Subtract()([np.ones((2, 3))] * 3)),
    ("dense_bad_units", lambda L: L.Dense(0)),
    ("dropout_bad_rate", lambda L: L.Dropout(1.5)),
    ("unknown_kwarg", lambda L: L.Dense(2, foo=1)),
    ("slash_name", lambda L: L.Dense(2, name="a/b")),
    ("set_weights_count", lambda L: _called(L.Dense(2), (1, 3)).set_weights([np.ones((3, 2))])),
    ("set_weights_shape", lambda L: _called(L.Dense(2), (1, 3)).set_weights(
        [np.ones((2, 3)), np.ones(2)])),
    ("lstm_rank2", lambda L: L.LSTM(2)(np.ones((2, 3)))),
]


def _called(layer, shape):
    layer(np.ones(shape))
    return layer


@pytest.mark.parametrize("name,bad", BAD, ids=[b[0] for b in BAD])
def test_bad_calls_raise_as_keras(name, bad):
    keras.backend.clear_session()
    ef_backend.clear_session()
    with pytest.raises(Exception) as k_err:
        bad(KL)
    with pytest.raises(Exception) as e_err:
        bad(EL)
    assert type(e_err.value).__name__ == type(k_err.value).__name__
    k_msg, e_msg = str(k_err.value), str(e_err.value)
    assert e_msg[:40] == k_msg[:40], (e_msg, k_msg)


@pytest.mark.parametrize("rnn", ["LSTM", "GRU", "SimpleRNN"])
def test_mask_from_embedding_reaches_rnn(rnn):
    keras.backend.clear_session()
    ef_backend.clear_session()
    ids = np.array([[3, 1, 0, 0], [2, 0, 5, 4]], dtype="int32")
    outs = []
    for L, mod in ((KL, tf_real), (EL, tf)):
        emb = L.Embedding(6, 3, mask_zero=True, **F64)
        layer = getattr(L, rnn)(2, return_sequences=True, **F64)
        emb(ids)
        layer(emb(ids))
        if mod is tf:
            emb.set_weights(k_emb.get_weights())
            layer.set_weights(k_layer.get_weights())
        k_emb, k_layer = emb, layer
        outs.append(layer(emb(ids)).numpy())
    np.testing.assert_allclose(outs[1], outs[0], rtol=1e-6, atol=1e-9)


F32_CASES = [
    ("dense", lambda L: L.Dense(4, activation="sigmoid"), (3, 5), {}),
    ("conv2d", lambda L: L.Conv2D(3, 3, padding="same"), (2, 5, 5, 2), {}),
    ("batchnorm_training", lambda L: L.BatchNormalization(), (6, 3), {"training": True}),
    ("layernorm", lambda L: L.LayerNormalization(), (4, 5), {}),
    ("lstm", lambda L: L.LSTM(4, return_sequences=True), (2, 5, 3), {}),
    ("gru", lambda L: L.GRU(4), (2, 5, 3), {}),
    ("maxpool2d", lambda L: L.MaxPooling2D(), (2, 4, 4, 3), {}),
]


@pytest.mark.parametrize("name,make,shape,kwargs", F32_CASES, ids=[c[0] for c in F32_CASES])
def test_float32_layers_match_keras(name, make, shape, kwargs):
    k_layer, e_layer = make(KL), make(EL)
    x = _inputs(shape).astype("float32")
    k_layer.build(tuple(shape))
    e_layer.build(tuple(shape))
    e_layer.set_weights(k_layer.get_weights())
    k_out, k_grads = _run(tf_real, k_layer, x, kwargs)
    e_out, e_grads = _run(tf, e_layer, x, kwargs)
    for a, b in zip(e_out + e_grads, k_out + k_grads):
        assert a.dtype == b.dtype == np.float32
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-5)
