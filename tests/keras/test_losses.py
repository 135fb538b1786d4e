"""Loss unit tests without TensorFlow: NumPy references, reductions, weights, names."""
import numpy as np
import pytest

import eagerflow as tf

L = tf.keras.losses
T = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]], np.float32)
P = np.array([[0.2, 0.7, 0.1], [0.5, 0.3, 0.2]], np.float32)


def test_mse_mae_huber():
    np.testing.assert_allclose(L.mse(T, P).numpy(), ((T - P) ** 2).mean(-1), rtol=1e-6)
    np.testing.assert_allclose(L.mae(T, P).numpy(), np.abs(T - P).mean(-1), rtol=1e-6)
    e = np.abs(P - T)
    np.testing.assert_allclose(L.huber(T, P, delta=0.4).numpy(),
                               np.where(e <= 0.4, 0.5 * e * e, 0.4 * e - 0.08).mean(-1), rtol=1e-6)


def test_crossentropies():
    cce = -(T * np.log(P / P.sum(-1, keepdims=True))).sum(-1)
    np.testing.assert_allclose(L.categorical_crossentropy(T, P).numpy(), cce, rtol=1e-6)
    np.testing.assert_allclose(L.sparse_categorical_crossentropy([1, 0], P).numpy(), cce,
                               rtol=1e-5)
    bce = -(T * np.log(P) + (1 - T) * np.log(1 - P)).mean(-1)
    np.testing.assert_allclose(L.binary_crossentropy(T, P).numpy(), bce, rtol=1e-6)
    logits = np.log(P)
    np.testing.assert_allclose(
        L.CategoricalCrossentropy(from_logits=True, reduction="none")(T, logits).numpy(), cce,
        rtol=1e-5)
    # probabilities of 0 and 1 are clipped to [1e-7, 1 - 1e-7]
    assert np.isfinite(L.binary_crossentropy([[1.0]], [[0.0]]).numpy()).all()


def test_reductions_and_weights():
    per = ((T - P) ** 2).mean(-1)
    w = np.array([2.0, 0.0], np.float32)
    assert float(L.MeanSquaredError()(T, P)) == pytest.approx(per.mean())
    assert float(L.MeanSquaredError(reduction="sum")(T, P)) == pytest.approx(per.sum())
    np.testing.assert_allclose(L.MeanSquaredError(reduction=None)(T, P).numpy(), per, rtol=1e-6)
    assert float(L.MeanSquaredError()(T, P, sample_weight=w)) == pytest.approx((per * w).mean())
    assert float(L.MeanSquaredError(reduction="mean_with_sample_weight")(
        T, P, sample_weight=w)) == pytest.approx((per * w).sum() / 2.0)
    with pytest.raises(ValueError, match="Invalid value for argument `reduction`"):
        L.MeanSquaredError(reduction="avg")


def test_ignore_class_masks_the_mean():
    loss = L.SparseCategoricalCrossentropy(ignore_class=0)([1, 0], P)
    assert float(loss) == pytest.approx(-np.log(0.7), rel=1e-5)


def test_names_get_serialize():
    assert L.BinaryCrossentropy().name == "binary_crossentropy"
    assert L.get("mse") is L.mse and isinstance(L.get("Huber"), L.Huber)
    h = L.deserialize(L.serialize(L.CategoricalCrossentropy(label_smoothing=0.1)))
    assert h.get_config()["label_smoothing"] == 0.1
    with pytest.raises(ValueError, match="Could not interpret loss identifier"):
        L.get("nope")
