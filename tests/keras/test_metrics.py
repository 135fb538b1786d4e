"""Metric unit tests without TensorFlow: running values, weights, reset, names, lookup."""
import numpy as np
import pytest

import eagerflow as tf

M = tf.keras.metrics


def test_mean_sum_and_reset():
    m = M.Mean()
    m.update_state([1.0, 2.0, 3.0])
    m.update_state([4.0], sample_weight=[3.0])
    assert float(m.result()) == pytest.approx(18.0 / 6.0)
    assert [v.path for v in m.variables] == ["mean/total", "mean/count"]
    m.reset_state()
    assert float(m.result()) == 0.0
    s = M.Sum()
    assert float(s([1.0, 2.0])) == 3.0


def test_accuracies():
    assert float(M.Accuracy()([1, 2, 3], [1, 2, 4])) == pytest.approx(2 / 3)
    assert float(M.BinaryAccuracy(threshold=0.3)([[1], [0]], [[0.4], [0.4]])) == 0.5
    p = np.array([[0.1, 0.6, 0.3], [0.5, 0.2, 0.3]], np.float32)
    assert float(M.SparseCategoricalAccuracy()([1, 2], p)) == 0.5
    assert float(M.CategoricalAccuracy()(np.eye(3)[[1, 2]], p)) == 0.5
    assert float(M.SparseTopKCategoricalAccuracy(k=2)([1, 2], p)) == 1.0
    assert float(M.TopKCategoricalAccuracy(k=1)(np.eye(3)[[1, 0]], p)) == 1.0


def test_precision_recall_auc():
    y, p = [0, 1, 1, 0], [0.1, 0.8, 0.4, 0.6]
    assert float(M.Precision()(y, p)) == 0.5
    assert float(M.Recall()(y, p)) == 0.5
    np.testing.assert_allclose(M.Precision(thresholds=[0.3, 0.7])(y, p).numpy(), [2 / 3, 1.0])
    assert float(M.AUC(num_thresholds=1000)(y, p)) == pytest.approx(0.75, abs=1e-3)
    a = M.AUC()
    assert [v.name for v in a.variables] == ["true_positives", "false_positives",
                                             "true_negatives", "false_negatives"]
    assert a.variables[0].shape == (200,)


def test_update_under_tf_function_and_get():
    m = M.get("accuracy")
    assert isinstance(m, M.Accuracy) and m.name == "accuracy"
    f = tf.function(lambda a, b: m.update_state(a, b))
    f(tf.constant([1, 2]), tf.constant([1, 3]))
    f(tf.constant([1, 2]), tf.constant([1, 2]))
    assert float(m.result()) == 0.75
    with pytest.raises(ValueError, match="Could not interpret metric identifier"):
        M.get("nope")
    back = M.deserialize(M.serialize(M.BinaryAccuracy(threshold=0.2)))
    assert back.get_config()["threshold"] == 0.2
