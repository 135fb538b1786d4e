"""Metrics against real Keras 3: the same sequence of update_state / result / reset_state calls
(with and without sample weights) gives the same results to 1e-6; names, variables, configs,
lookup by name and errors."""
import numpy as np
import pytest

tf_ref = pytest.importorskip("tensorflow")
import eagerflow as tf  # noqa: E402

R = np.random.default_rng(0)


def batches(kind, n=3, size=8):
    out = []
    for _ in range(n):
        w = R.uniform(0, 2, size=size).astype(np.float32)
        if kind == "values":
            out.append((R.normal(size=(size, 3)).astype(np.float32), w))
        elif kind == "binary":
            out.append((R.integers(0, 2, size=(size, 1)).astype(np.float32),
                        R.uniform(size=(size, 1)).astype(np.float32), w))
        elif kind == "multi":
            out.append((R.integers(0, 2, size=(size, 4)).astype(np.float32),
                        R.uniform(size=(size, 4)).astype(np.float32), w))
        elif kind == "onehot":
            out.append((np.eye(5, dtype=np.float32)[R.integers(0, 5, size)],
                        R.uniform(size=(size, 5)).astype(np.float32), w))
        elif kind == "sparse":
            out.append((R.integers(0, 5, size=(size,)),
                        R.uniform(size=(size, 5)).astype(np.float32), w))
        elif kind == "equal":
            out.append((R.integers(0, 3, size=(size,)), R.integers(0, 3, size=(size,)), w))
        elif kind == "regression":
            out.append((R.normal(size=(size, 2)).astype(np.float32),
                        R.normal(size=(size, 2)).astype(np.float32), w))
    return out


CASES = [
    ("Mean", {}, "values"), ("Sum", {}, "values"), ("Accuracy", {}, "equal"),
    ("BinaryAccuracy", {}, "binary"), ("BinaryAccuracy", {"threshold": 0.3}, "multi"),
    ("CategoricalAccuracy", {}, "onehot"), ("SparseCategoricalAccuracy", {}, "sparse"),
    ("TopKCategoricalAccuracy", {"k": 2}, "onehot"),
    ("SparseTopKCategoricalAccuracy", {"k": 3}, "sparse"),
    ("Precision", {}, "binary"), ("Precision", {"thresholds": [0.2, 0.5, 0.7]}, "multi"),
    ("Precision", {"top_k": 2}, "multi"), ("Precision", {"class_id": 1}, "multi"),
    ("Recall", {}, "binary"), ("Recall", {"thresholds": 0.3}, "multi"),
    ("Recall", {"top_k": 1, "class_id": 2}, "multi"),
    ("AUC", {}, "binary"), ("AUC", {"curve": "PR"}, "binary"), ("AUC", {}, "multi"),
    ("AUC", {"num_thresholds": 7, "summation_method": "minoring"}, "binary"),
    ("AUC", {"curve": "PR", "summation_method": "majoring"}, "multi"),
    ("AUC", {"thresholds": [0.25, 0.5, 0.75]}, "binary"),
    ("MeanSquaredError", {}, "regression"), ("MeanAbsoluteError", {}, "regression"),
]
IDS = ["%s-%d" % (c[0], i) for i, c in enumerate(CASES)]


def run(lib, cls, kwargs, data, weighted):
    m = getattr(lib.keras.metrics, cls)(**kwargs)
    out = []
    for i, batch in enumerate(data):
        *args, w = batch
        m.update_state(*args, sample_weight=w if weighted else None)
        out.append(np.asarray(m.result()))
        if i == 1:
            m.reset_state()
            out.append(np.asarray(m.result()))
    out.append(np.asarray(m(*data[0][:-1])))
    return m, out


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("cls,kwargs,kind", CASES, ids=IDS)
def test_metric_sequences_match_keras(cls, kwargs, kind, weighted):
    data = batches(kind)
    ours, a = run(tf, cls, kwargs, data, weighted)
    ref, b = run(tf_ref, cls, kwargs, data, weighted)
    for x, y in zip(a, b):
        assert x.shape == y.shape
        np.testing.assert_allclose(x, y, rtol=1e-6, atol=1e-6)
    assert [(v.name, tuple(v.shape), v.dtype.name) for v in ours.variables] == \
        [(v.name, tuple(v.shape), v.dtype) for v in ref.variables]
    cfg, ref_cfg = ours.get_config(), ref.get_config()
    cfg.pop("name"), ref_cfg.pop("name")
    assert cfg == ref_cfg
    if "name" not in kwargs and cls not in ("Precision", "Recall", "AUC"):
        assert ours.name == ref.name


def test_update_state_under_tf_function():
    for cls, kwargs, kind in CASES[::2]:
        data = batches(kind)
        m = getattr(tf.keras.metrics, cls)(**kwargs)
        step = tf.function(lambda *a, m=m: m.update_state(*a))
        for *args, w in data:
            step(*[tf.constant(x) for x in args], tf.constant(w))
        ref = getattr(tf_ref.keras.metrics, cls)(**kwargs)
        for *args, w in data:
            ref.update_state(*args, sample_weight=w)
        np.testing.assert_allclose(np.asarray(m.result()), np.asarray(ref.result()), rtol=1e-6,
                                   atol=1e-6)


@pytest.mark.parametrize("name", ["accuracy", "binary_accuracy", "categorical_accuracy",
                                  "sparse_categorical_accuracy", "mse", "mae", "AUC", "auc",
                                  "precision", "recall", "Mean", "acc", "nope",
                                  "top_k_categorical_accuracy"])
def test_get_matches_keras(name):
    def outcome(lib):
        try:
            m = lib.keras.metrics.get(name)
        except Exception as e:  # noqa: BLE001 - the class and message are what is compared
            return type(e).__name__, str(e)
        return type(m).__name__, ""
    assert outcome(tf) == outcome(tf_ref)


def test_serialize_round_trip_matches_keras():
    for cls, kwargs, _ in CASES:
        ours = getattr(tf.keras.metrics, cls)(name="m", **kwargs)
        ref = getattr(tf_ref.keras.metrics, cls)(name="m", **kwargs)
        assert tf.keras.metrics.serialize(ours) == tf_ref.keras.metrics.serialize(ref)
        back = tf.keras.metrics.deserialize(tf.keras.metrics.serialize(ours))
        assert back.get_config() == ours.get_config()
