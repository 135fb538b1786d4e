"""Unit tests of keras.layers' Layer base, Input/KerasTensor and the built-in layers."""
import numpy as np
import pytest

import eagerflow as tf
from eagerflow.keras import backend, layers


@pytest.fixture(autouse=True)
def fresh_names():
    backend.clear_session()


def test_auto_names_count_per_prefix_and_reset():
    assert layers.Dense(2).name == "dense"
    assert layers.Dense(2).name == "dense_1"
    assert layers.Layer().name == "layer"
    backend.clear_session()
    assert layers.Dense(2).name == "dense"


def test_bad_name_and_unknown_kwarg():
    with pytest.raises(ValueError, match="cannot contain character `/`"):
        layers.Dense(2, name="a/b")
    with pytest.raises(ValueError, match="Unrecognized keyword arguments passed to Dense"):
        layers.Dense(2, foo=1)


def test_dense_builds_on_first_call_with_paths():
    d = layers.Dense(4)
    assert not d.built and d.weights == []
    y = d(np.ones((2, 3)))
    assert d.built and y.shape == (2, 4) and y.dtype == tf.float32
    assert [w.path for w in d.weights] == ["dense/kernel", "dense/bias"]
    assert [w.name for w in d.weights] == ["kernel", "bias"]
    assert isinstance(d.kernel, tf.Variable)
    np.testing.assert_allclose(y.numpy(), np.ones((2, 3)) @ d.kernel.numpy(), rtol=1e-6)


def test_gradients_reach_weights():
    d = layers.Dense(3)
    x = tf.constant(np.arange(6.0).reshape(2, 3), dtype=tf.float32)
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(d(x))
    gk, gb = tape.gradient(loss, d.trainable_weights)
    np.testing.assert_allclose(gk.numpy(), np.repeat(x.numpy().sum(0)[:, None], 3, 1))
    np.testing.assert_allclose(gb.numpy(), [2.0, 2.0, 2.0])


def test_get_set_weights_and_errors():
    d = layers.Dense(2)
    d.build((None, 3))
    d.set_weights([np.ones((3, 2)), np.arange(2.0)])
    np.testing.assert_array_equal(d.get_weights()[1], [0.0, 1.0])
    with pytest.raises(ValueError, match="with a weight list of length 1"):
        d.set_weights([np.ones((3, 2))])
    with pytest.raises(ValueError, match=r"weight shape \(3, 2\) is not compatible"):
        d.set_weights([np.ones((2, 3)), np.ones(2)])


def test_input_spec_errors():
    with pytest.raises(ValueError, match="expected min_ndim=2, found ndim=1"):
        layers.Dense(3)(np.ones(3))
    d = layers.Dense(3)
    d(np.ones((2, 4)))
    with pytest.raises(ValueError, match="expected axis -1 of input shape to have value 4"):
        d(np.ones((2, 5)))


def test_symbolic_call_records_history():
    x = layers.Input((3,))
    assert x.shape == (None, 3) and x.dtype == "float32"
    inp_layer, node_index, tensor_index = x._keras_history
    assert isinstance(inp_layer, layers.InputLayer) and inp_layer._inbound_nodes[0].is_input
    d = layers.Dense(4)
    y = d(x)
    assert y.shape == (None, 4)
    layer, node_index, tensor_index = y._keras_history
    assert layer is d and node_index == 0 and tensor_index == 0
    node = d._inbound_nodes[0]
    assert node.input_tensors == [x] and node.outputs == [y]
    assert node.parent_nodes == [inp_layer._inbound_nodes[0]]
    args, kwargs = node.map_arguments(lambda t: "value")
    assert args == ("value",)


def test_input_arguments():
    x = layers.Input((3,), batch_size=5, dtype="float64", name="foo")
    assert x.shape == (5, 3) and x.dtype == "float64" and x.name == "foo"
    assert repr(x) == ("<KerasTensor shape=(5, 3), dtype=float64, sparse=False, ragged=False, "
                       "name=foo>")


class Outer(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.inner = layers.Dense(2)
        self.seen = []

    def build(self, input_shape):
        self.w = self.add_weight(shape=(3,), name="w")

    def call(self, x, training=None):
        self.seen.append(training)
        return self.inner(x)


def test_nested_layers_paths_and_weights_order():
    o = Outer()
    o(np.ones((1, 3)))
    assert [v.path for v in o.weights] == ["outer/w", "outer/dense/kernel", "outer/dense/bias"]
    assert o.built and o.inner.built


class _Probe(layers.Layer):
    def call(self, x, training=None):
        self.training = training
        return x


class _Wrapper(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.probe = _Probe()

    def call(self, x):
        return self.probe(x)


def test_training_propagates_to_nested_layers():
    w = _Wrapper()
    w(np.ones((1, 2)), training=True)
    assert w.probe.training is True
    w(np.ones((1, 2)))
    assert w.probe.training is None
    w(np.ones((1, 2)), training=False)
    assert w.probe.training is False


def test_trainable_flag_and_non_trainable_weights():
    layer = layers.Layer()
    a = layer.add_weight(shape=(2,))
    b = layer.add_weight(shape=(2,), name="foo", initializer="ones", trainable=False)
    assert a.path == "layer/variable" and b.path == "layer/foo"
    assert layer.trainable_weights == [a] and layer.non_trainable_weights == [b]
    layer.trainable = False
    assert layer.trainable_weights == [] and len(layer.non_trainable_weights) == 2


def test_add_loss_cleared_each_outer_call_and_regularizers():
    class L(layers.Layer):
        def call(self, x):
            self.add_loss(tf.reduce_sum(x))
            return x
    layer = L()
    layer(np.ones((2,)))
    layer(np.ones((3,)))
    assert len(layer.losses) == 1 and float(layer.losses[0]) == 3.0
    d = layers.Dense(2, kernel_regularizer="l2")
    d.build((None, 2))
    d.set_weights([np.ones((2, 2)), np.zeros(2)])
    np.testing.assert_allclose(float(d.losses[0]), 0.04, rtol=1e-6)


def test_config_roundtrip():
    d = layers.Dense(3, activation="relu", name="d")
    config = d.get_config()
    d2 = layers.Dense.from_config(config)
    assert d2.get_config() == config
    assert d2.activation is tf.keras.activations.relu


def test_symbolic_operators():
    x = layers.Input((3,))
    y = x * 2 + 1
    assert y.shape == (None, 3)
    assert y._keras_history.operation.name.startswith("add")


class Scaled(layers.Layer):
    def __init__(self, factor=2.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def call(self, x):
        return x[:, :2] * self.factor


def test_custom_layer_auto_config_and_symbolic_inference():
    s = Scaled(3.0, name="s")
    config = s.get_config()
    assert config["factor"] == 3.0 and config["name"] == "s"
    assert Scaled.from_config(config).factor == 3.0
    y = s(layers.Input((None, 5)))
    assert y.shape == (None, 2, 5)   # Keras 3 reports (None, None, 5) here
    z = Scaled()(layers.Input((4, 5)))
    assert z.shape == (None, 2, 5)


def test_base_layer_call_not_implemented():
    with pytest.raises(NotImplementedError, match="does not have a `call` method"):
        layers.Layer()(np.ones(2))


def test_symbolic_training_call_leaves_moving_stats():
    bn = layers.BatchNormalization()
    bn(layers.Input((3,)), training=True)
    np.testing.assert_array_equal(bn.moving_mean.numpy(), np.zeros(3))
    x = np.arange(12.0).reshape(4, 3)
    bn(x, training=True)
    np.testing.assert_allclose(bn.moving_mean.numpy(), 0.01 * x.mean(0), rtol=1e-6)
    np.testing.assert_allclose(bn.moving_variance.numpy(), 0.99 + 0.01 * x.var(0), rtol=1e-6)
    bn.trainable = False   # frozen: inference mode even with training=True (Keras 3)
    before = bn.moving_mean.numpy()
    bn(x, training=True)
    np.testing.assert_array_equal(bn.moving_mean.numpy(), before)


def test_layer_input_output_and_count_params():
    x = layers.Input((3,))
    d = layers.Dense(2)
    y = d(x)
    assert d.input is x and d.output is y
    assert d.count_params() == 8
    with pytest.raises(ValueError, match="isn't built"):
        layers.Dense(2).count_params()


def test_rnn_return_state_shapes():
    out, h, c = layers.LSTM(3, return_sequences=True, return_state=True)(np.ones((2, 5, 4)))
    assert out.shape == (2, 5, 3) and h.shape == c.shape == (2, 3)
    np.testing.assert_allclose(out.numpy()[:, -1], h.numpy())
    assert layers.LSTM(3, return_state=True).compute_output_shape((None, 5, 4)) == \
        ((None, 3), (None, 3), (None, 3))
    outs = layers.GRU(3, return_state=True)(layers.Input((5, 4)))
    assert [t.shape for t in outs] == [(None, 3), (None, 3)]
    assert [t._keras_history.tensor_index for t in outs] == [0, 1]


def test_dropout_training_only():
    d = layers.Dropout(0.5, seed=1)
    x = np.ones((50, 40), dtype="float32")
    np.testing.assert_array_equal(d(x).numpy(), x)
    y = d(x, training=True).numpy()
    assert set(np.unique(y)) <= {0.0, 2.0} and 0.4 < (y == 0).mean() < 0.6


def test_conv_and_pool_shapes():
    assert layers.Conv2D(4, 3, padding="same", strides=2)(np.ones((1, 7, 7, 2))).shape == \
        (1, 4, 4, 4)
    assert layers.MaxPooling2D()(layers.Input((None, 6, 3))).shape == (None, None, 3, 3)
    assert layers.GlobalAveragePooling2D(keepdims=True)(np.ones((2, 3, 3, 5))).shape == \
        (2, 1, 1, 5)


def test_concatenate_symbolic_and_merge_errors():
    a, b = layers.Input((3,)), layers.Input((4,))
    c = layers.Concatenate()([a, b])
    assert c.shape == (None, 7)
    node = c._keras_history.operation._inbound_nodes[0]
    assert node.input_tensors == [a, b]
    with pytest.raises(ValueError, match="merge layer should be called on a list"):
        layers.Add()(np.ones((2, 3)))


@pytest.mark.parametrize("make,shape", [
    (lambda: layers.Dense(2, dtype="mixed_float16"), (2, 3)),
    (lambda: layers.BatchNormalization(dtype="mixed_float16"), (4, 3)),
    (lambda: layers.LayerNormalization(dtype="mixed_float16"), (4, 3)),
    (lambda: layers.LSTM(2, dtype="mixed_float16"), (2, 3, 4)),
])
def test_mixed_precision_computes_in_float16_over_float32_weights(make, shape):
    layer = make()
    with tf.GradientTape() as tape:
        y = layer(np.ones(shape), training=True)
        loss = tf.reduce_sum(tf.cast(y, tf.float32))
    assert y.dtype == tf.float16
    assert all(w.dtype == tf.float32 for w in layer.weights)
    assert all(g is not None and g.dtype == tf.float32
               for g in tape.gradient(loss, layer.trainable_weights))
