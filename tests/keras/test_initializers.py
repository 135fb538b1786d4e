"""keras.initializers, regularizers, constraints, activations and backend: values, configs and
lookup by name, compared with Keras 3 where it is installed."""
import numpy as np
import pytest

import eagerflow as tf
from eagerflow.keras import backend, initializers, regularizers, constraints, activations

NAMES = ["GlorotUniform", "GlorotNormal", "HeNormal", "HeUniform", "LecunNormal",
         "LecunUniform", "Zeros", "Ones", "Constant", "RandomNormal", "RandomUniform",
         "TruncatedNormal", "Orthogonal", "VarianceScaling", "Identity"]


@pytest.mark.parametrize("name", NAMES)
def test_seeded_initializers_are_deterministic(name):
    cls = getattr(initializers, name)
    kwargs = {} if name in ("Zeros", "Ones", "Constant", "Identity") else {"seed": 3}
    a = cls(**kwargs)((4, 4), dtype="float64")
    b = cls(**kwargs)((4, 4), dtype="float64")
    assert a.dtype == tf.float64 and a.shape == (4, 4)
    np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_unseeded_initializers_differ_between_calls():
    init = initializers.GlorotUniform()
    assert not np.array_equal(init((5, 5)).numpy(), init((5, 5)).numpy())


@pytest.mark.parametrize("name,var", [("glorot_uniform", 2.0 / 600), ("glorot_normal", 2.0 / 600),
                                      ("he_normal", 2.0 / 200), ("he_uniform", 2.0 / 200),
                                      ("lecun_normal", 1.0 / 200)])
def test_variance_scaling_variance(name, var):
    w = initializers.get(name)((200, 400)).numpy()
    assert abs(w.var() / var - 1.0) < 0.05
    assert abs(w.mean()) < 0.01


def test_uniform_limits_and_truncation():
    w = initializers.GlorotUniform(seed=0)((30, 50)).numpy()
    assert np.abs(w).max() <= np.sqrt(6.0 / 80)
    t = initializers.TruncatedNormal(stddev=1.0, seed=1)((2000,)).numpy()
    assert np.abs(t).max() <= 2.0


def test_orthogonal_is_orthogonal():
    w = initializers.Orthogonal(seed=0)((6, 4)).numpy()
    np.testing.assert_allclose(w.T @ w, np.eye(4), atol=1e-6)
    w = initializers.Orthogonal(seed=0)((3, 5)).numpy()
    np.testing.assert_allclose(w @ w.T, np.eye(3), atol=1e-6)


def test_get_by_name_and_errors():
    assert isinstance(initializers.get("glorot_uniform"), initializers.GlorotUniform)
    assert isinstance(initializers.get("Zeros"), initializers.Zeros)
    assert isinstance(initializers.get(initializers.serialize(initializers.Ones())),
                      initializers.Ones)
    with pytest.raises(ValueError, match="Could not interpret initializer identifier: foo"):
        initializers.get("foo")
    assert activations.get(None) is activations.linear
    assert activations.get("relu") is activations.relu
    with pytest.raises(ValueError):
        activations.get("nope")


def test_regularizers_values():
    w = tf.constant([[1.0, -2.0], [3.0, 0.5]])
    np.testing.assert_allclose(float(regularizers.L1(0.1)(w)), 0.65, rtol=1e-6)
    np.testing.assert_allclose(float(regularizers.L2(0.1)(w)), 1.425, rtol=1e-6)
    np.testing.assert_allclose(float(regularizers.L1L2(0.1, 0.1)(w)), 2.075, rtol=1e-6)
    assert regularizers.get("l2").get_config() == {"l2": 0.01}


def test_constraints_values():
    w = tf.constant([[3.0, -1.0], [4.0, 0.0]])
    np.testing.assert_allclose(constraints.NonNeg()(w).numpy(), [[3.0, 0.0], [4.0, 0.0]])
    np.testing.assert_allclose(constraints.UnitNorm()(w).numpy()[:, 0], [0.6, 0.8], rtol=1e-5)
    np.testing.assert_allclose(constraints.MaxNorm(1.0)(w).numpy()[:, 0], [0.6, 0.8],
                               rtol=1e-5)


def test_backend_floatx_sets_layer_dtypes():
    assert backend.floatx() == "float32" and backend.epsilon() == 1e-7
    backend.set_floatx("float64")
    try:
        d = tf.keras.layers.Dense(2)
        y = d(np.ones((1, 3)))
        assert d.kernel.dtype == tf.float64 and y.dtype == tf.float64
    finally:
        backend.set_floatx("float32")
    with pytest.raises(ValueError, match="Unknown `floatx` value"):
        backend.set_floatx("int8")


def test_activations_values():
    x = tf.constant([-2.0, 0.0, 3.0])
    np.testing.assert_allclose(activations.relu(x, max_value=2.0).numpy(), [0.0, 0.0, 2.0])
    np.testing.assert_allclose(activations.relu(x, negative_slope=0.5).numpy(), [-1.0, 0, 3.0])
    np.testing.assert_allclose(activations.hard_sigmoid(x).numpy(), [1 / 6, 0.5, 1.0],
                               rtol=1e-6)


class TestAgainstKeras:
    keras = None

    @pytest.fixture(autouse=True)
    def _keras(self):
        tf_real = pytest.importorskip("tensorflow")
        self.keras = tf_real.keras

    @pytest.mark.parametrize("name", NAMES)
    def test_initializer_configs(self, name):
        assert getattr(initializers, name)().get_config() == \
            getattr(self.keras.initializers, name)().get_config()

    @pytest.mark.parametrize("name", ["MaxNorm", "NonNeg", "UnitNorm", "MinMaxNorm"])
    def test_constraint_configs(self, name):
        assert getattr(constraints, name)().get_config() == \
            getattr(self.keras.constraints, name)().get_config()

    @pytest.mark.parametrize("name", ["relu", "sigmoid", "tanh", "softmax", "elu", "selu",
                                      "softplus", "softsign", "swish", "gelu", "relu6",
                                      "hard_sigmoid", "exponential", "leaky_relu", "mish",
                                      "log_softmax", "silu", "linear", "hard_silu"])
    def test_activation_values(self, name):
        x = np.linspace(-4, 4, 12).reshape(3, 4)
        ours = activations.get(name)(tf.constant(x)).numpy()
        theirs = np.asarray(self.keras.activations.get(name)(x))
        np.testing.assert_allclose(ours, theirs, rtol=1e-6, atol=1e-12)
        assert activations.serialize(activations.get(name)) == \
            self.keras.activations.serialize(self.keras.activations.get(name))

    def test_serialize_matches(self):
        assert initializers.serialize(initializers.get("ones")) == \
            self.keras.initializers.serialize(self.keras.initializers.get("ones"))
        assert regularizers.serialize(regularizers.L2(0.1)) == \
            self.keras.regularizers.serialize(self.keras.regularizers.L2(0.1))
