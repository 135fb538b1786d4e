"""Seeded Keras initializers draw TF's own numbers (Keras 3 on TF uses the stateless random ops
with seed [seed, 0]; eagerflow's stateless ops reproduce TF's Philox streams bit for bit)."""
import numpy as np
import pytest

import eagerflow as ef

tf = pytest.importorskip("tensorflow")

CASES = [("GlorotUniform", {"seed": 0}), ("GlorotNormal", {"seed": 3}), ("HeNormal", {"seed": 1}),
         ("HeUniform", {"seed": 2}), ("LecunNormal", {"seed": 4}), ("RandomNormal", {"seed": 1}),
         ("RandomUniform", {"seed": 5, "minval": -2.0, "maxval": 3.0}),
         ("TruncatedNormal", {"seed": 7, "stddev": 0.3}),
         ("VarianceScaling", {"seed": 9, "distribution": "untruncated_normal", "mode": "fan_avg"})]


@pytest.mark.parametrize("name,kwargs", CASES, ids=[c[0] for c in CASES])
def test_seeded_initializer_is_tf_bit_for_bit(name, kwargs):
    ours = getattr(ef.keras.initializers, name)(**kwargs)((5, 7)).numpy()
    theirs = getattr(tf.keras.initializers, name)(**kwargs)((5, 7)).numpy()
    assert ours.dtype == theirs.dtype
    np.testing.assert_array_equal(ours, theirs)


def test_seeded_dense_layer_starts_from_tf_weights():
    def build(lib):
        layer = lib.keras.layers.Dense(4, kernel_initializer=lib.keras.initializers.GlorotUniform(
            seed=11))
        layer.build((None, 3))
        return layer.kernel.numpy()

    np.testing.assert_array_equal(build(ef), build(tf))
