"""Losses against real Keras 3: classes and functions, every reduction, sample weights,
logits and label smoothing, the same values to 1e-6; configs, lookup and errors."""
import numpy as np
import pytest

tf_ref = pytest.importorskip("tensorflow")
import eagerflow as tf  # noqa: E402

R = np.random.default_rng(0)
REG_T = R.normal(size=(4, 3)).astype(np.float32)
REG_P = R.normal(size=(4, 3)).astype(np.float32) * 2
PROB = R.uniform(0.0, 1.0, size=(4, 3)).astype(np.float32)
PROB[0, 0], PROB[1, 1] = 0.0, 1.0  # the epsilon clipping matters
SOFT = (PROB + 0.1) / (PROB + 0.1).sum(-1, keepdims=True)
BIN_T = (R.uniform(size=(4, 3)) > 0.5).astype(np.float32)
ONEHOT = np.eye(3, dtype=np.float32)[[0, 2, 1, 2]]
SPARSE = np.array([0, 2, 1, 2])
LOGITS = R.normal(size=(4, 3)).astype(np.float32) * 3
W = np.array([1.0, 0.5, 0.0, 2.0], np.float32)
SEQ_P = R.uniform(0.01, 1, size=(2, 5, 3)).astype(np.float32)
SEQ_T = R.integers(0, 3, size=(2, 5))

CASES = [
    ("MeanSquaredError", {}, REG_T, REG_P), ("MeanAbsoluteError", {}, REG_T, REG_P),
    ("Huber", {}, REG_T, REG_P), ("Huber", {"delta": 0.5}, REG_T, REG_P),
    ("KLDivergence", {}, SOFT, PROB), ("KLDivergence", {}, PROB, SOFT),
    ("BinaryCrossentropy", {}, BIN_T, PROB),
    ("BinaryCrossentropy", {"label_smoothing": 0.2}, BIN_T, PROB),
    ("BinaryCrossentropy", {"from_logits": True}, BIN_T, LOGITS),
    ("BinaryCrossentropy", {"from_logits": True, "label_smoothing": 0.1}, BIN_T, LOGITS),
    ("CategoricalCrossentropy", {}, ONEHOT, PROB), ("CategoricalCrossentropy", {}, ONEHOT, SOFT),
    ("CategoricalCrossentropy", {"label_smoothing": 0.3}, ONEHOT, SOFT),
    ("CategoricalCrossentropy", {"from_logits": True}, ONEHOT, LOGITS),
    ("CategoricalCrossentropy", {"from_logits": True, "label_smoothing": 0.1}, ONEHOT, LOGITS),
    ("SparseCategoricalCrossentropy", {}, SPARSE, PROB),
    ("SparseCategoricalCrossentropy", {}, SPARSE, SOFT),
    ("SparseCategoricalCrossentropy", {}, SPARSE[:, None], SOFT),
    ("SparseCategoricalCrossentropy", {"from_logits": True}, SPARSE, LOGITS),
    ("SparseCategoricalCrossentropy", {"from_logits": True, "ignore_class": 2}, SPARSE, LOGITS),
    ("SparseCategoricalCrossentropy", {"ignore_class": 0}, SEQ_T, SEQ_P),
]
IDS = ["%s-%d" % (c[0], i) for i, c in enumerate(CASES)]
REDUCTIONS = ["sum_over_batch_size", "sum", "none", None, "mean", "mean_with_sample_weight"]


def close(a, b):
    np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("cls,kwargs,y_true,y_pred", CASES, ids=IDS)
def test_loss_classes_match_keras(cls, kwargs, y_true, y_pred, reduction):
    ours = getattr(tf.keras.losses, cls)(reduction=reduction, **kwargs)
    ref = getattr(tf_ref.keras.losses, cls)(reduction=reduction, **kwargs)
    a, b = ours(y_true, y_pred), ref(y_true, y_pred)
    assert a.shape == b.shape and a.dtype.name == b.dtype.name
    close(a, b)
    w = W if y_pred.shape[0] == 4 else R.uniform(size=y_pred.shape[:-1]).astype(np.float32)
    close(ours(y_true, y_pred, sample_weight=w), ref(y_true, y_pred, sample_weight=w))
    assert ours.get_config() == ref.get_config()
    assert ours.name == ref.name


@pytest.mark.parametrize("name", ["mse", "mae", "MSE", "MAE", "kld", "KLD", "huber",
                                  "kullback_leibler_divergence", "binary_crossentropy",
                                  "categorical_crossentropy", "sparse_categorical_crossentropy"])
def test_loss_functions_match_keras(name):
    ours, ref = getattr(tf.keras.losses, name), getattr(tf_ref.keras.losses, name)
    y_true, y_pred = {"binary_crossentropy": (BIN_T, PROB), "categorical_crossentropy": (
        ONEHOT, SOFT), "sparse_categorical_crossentropy": (SPARSE, SOFT)}.get(
        name, (SOFT, PROB) if "k" in name.lower() else (REG_T, REG_P))
    a, b = ours(y_true, y_pred), ref(y_true, y_pred)
    assert a.shape == b.shape
    close(a, b)



@pytest.mark.parametrize("name", ["mse", "MSE", "mae", "kld", "KLD", "mean_squared_error",
                                  "mean_absolute_error", "kl_divergence", "huber",
                                  "sparse_categorical_crossentropy", "Huber", "MeanSquaredError",
                                  "kullback_leibler_divergence", "SparseCategoricalCrossentropy"])
def test_get_by_name_matches_keras(name):
    ours, ref = _outcome(lambda: tf.keras.losses.get(name)), \
        _outcome(lambda: tf_ref.keras.losses.get(name))
    assert ours[0] == ref[0]
    if ours[0] != "ok":
        return
    ours, ref = tf.keras.losses.get(name), tf_ref.keras.losses.get(name)
    assert getattr(ours, "__name__", None) == getattr(ref, "__name__", None)
    assert type(ours).__name__ == type(ref).__name__ or hasattr(ours, "__name__")
    for attr in ("mean_squared_error", "kl_divergence", "MSE", "kld"):
        assert hasattr(tf.keras.losses, attr) == hasattr(tf_ref.keras.losses, attr)


def test_shapes_and_weights_broadcast_as_keras():
    y = R.normal(size=(4, 1)).astype(np.float32)
    p = R.normal(size=(4,)).astype(np.float32)
    for t, q, w in [(y, p, None), (p, y, W), (y, y, W[:, None]), (REG_T, REG_P, W[:, None])]:
        close(tf.keras.losses.MeanSquaredError()(t, q, sample_weight=w),
              tf_ref.keras.losses.MeanSquaredError()(t, q, sample_weight=w))


def test_gradients_through_losses_match_tf():
    for cls, kwargs, y_true, y_pred in CASES:
        x = tf.Variable(y_pred)
        with tf.GradientTape() as tape:
            loss = getattr(tf.keras.losses, cls)(**kwargs)(y_true, x)
        xr = tf_ref.Variable(y_pred)
        with tf_ref.GradientTape() as tape_ref:
            loss_ref = getattr(tf_ref.keras.losses, cls)(**kwargs)(y_true, xr)
        np.testing.assert_allclose(tape.gradient(loss, x).numpy(),
                                   tape_ref.gradient(loss_ref, xr).numpy(), rtol=1e-5, atol=1e-6)


def test_get_and_serialize_match_keras():
    for name in ["MeanSquaredError", "Huber", "BinaryCrossentropy", "SparseCategoricalCrossentropy"]:
        ours, ref = tf.keras.losses.get(name), tf_ref.keras.losses.get(name)
        assert ours.get_config() == ref.get_config()
        assert tf.keras.losses.serialize(ours) == tf_ref.keras.losses.serialize(ref)
        back = tf.keras.losses.deserialize(tf.keras.losses.serialize(ours))
        assert type(back) is type(ours) and back.get_config() == ours.get_config()
    assert tf.keras.losses.get(None) is None


def _outcome(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the class and message are what is compared
        return type(e).__name__, str(e)
    return "ok", ""


@pytest.mark.parametrize("make", [
    lambda L: L.MeanSquaredError(reduction="bad"), lambda L: L.get("nope"),
    lambda L: L.categorical_crossentropy(ONEHOT, PROB[:, :2]),
    lambda L: L.binary_crossentropy(BIN_T, PROB[:, :2]),
])
def test_errors_match_keras(make):
    ours, ref = _outcome(lambda: make(tf.keras.losses)), _outcome(lambda: make(tf_ref.keras.losses))
    assert ours[0] == ref[0]
    assert ours[1][:50] == ref[1][:50]
