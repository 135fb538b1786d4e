"""tf.compat.v1 carries the TF2 namespaces and classes TF1 shares, so
``import tensorflow.compat.v1 as tf`` code runs eagerly."""
import pytest

import eagerflow as ef
import eagerflow.compat.v1 as v1

SHARED = ["strings", "io", "RaggedTensor", "ragged", "nest", "debugging", "bitwise", "sparse",
          "SparseTensor", "data", "test", "config", "autograph", "is_tensor", "custom_gradient",
          "Module", "VariableAggregation", "UnconnectedGradients"]


@pytest.mark.parametrize("name", SHARED)
def test_v1_has_tf2_namespace(name):
    assert getattr(v1, name) is getattr(ef, name)
    assert name in dir(v1)


def test_v1_namespaces_run_eagerly():
    assert v1.strings.length(v1.constant(["ab", "c"])).numpy().tolist() == [2, 1]
    assert v1.ragged.constant([[1], [2, 3]]).row_lengths().numpy().tolist() == [1, 2]
    assert v1.nest.flatten([1, [2, (3,)]]) == [1, 2, 3]
    with pytest.raises(AttributeError, match="no attribute 'not_a_name'"):
        v1.not_a_name


@pytest.mark.parametrize("name", SHARED)
def test_tf_v1_has_the_same_names(name):
    tf = pytest.importorskip("tensorflow")
    assert hasattr(tf.compat.v1, name)


ALIASES = {"ceil": "math", "erf": "math", "log1p": "math", "cholesky": "linalg",
           "diag_part": "linalg", "assert_positive": "debugging", "check_numerics": "debugging",
           "substr": "strings", "decode_raw": "io"}


@pytest.mark.parametrize("name", sorted(ALIASES))
def test_v1_top_level_aliases(name):
    assert getattr(v1, name) is getattr(getattr(ef, ALIASES[name]), name)


def test_v1_alias_values():
    assert v1.ceil(v1.constant(1.5)).numpy() == 2.0
    assert v1.mod(v1.constant(-7), 3).numpy() == 2  # TF1's mod is floormod


@pytest.mark.parametrize("name", sorted(ALIASES) + ["mod"])
def test_tf_v1_has_the_aliases(name):
    tf = pytest.importorskip("tensorflow")
    assert hasattr(tf.compat.v1, name)
